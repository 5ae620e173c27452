#!/usr/bin/python3
"""Domain lifecycle through Debian's python3-libvirt, on the lifecycle simulator (LIFE_TLS_*,
an ESX in real-ESX form of its own, so power changes disturb no other test): create, destroy,
suspend, resume, shutdown, reboot, host name and interface addresses, every wrong state and
flag, read-only refusals, VMware tools missing then running, and questions blocking tasks
with auto_answer=0 and 1. lifecycle_ops.py runs the sequence once on our library and once on
Debian's libvirt 9.0; every answer and error must be identical, and ours must be the expected
ones. Then the tools' guest data on the vcsim-form ESX, and a vCenter's power operations.

Prints "python-lifecycle: N passed, M failed".
"""
import json
import os
import subprocess
import sys

import libvirt

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def run_ops(ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "lifecycle_ops.py"),
                        os.environ["LIFE_TLS_ADDR"], os.environ["LIFE_TLS_URL"]],
                       env=e, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return {"error": r.stderr[-1500:]}
    return {s[0]: s[1:] for s in json.loads(r.stdout)}


ours = run_ops(True)
theirs = run_ops(False)
check("error" not in ours, f"our run: {ours.get('error')}")
check("error" not in theirs, f"libvirt's run: {theirs.get('error')}")
# where libvirt 9.0 reports a server's fault as VIR_ERR_INTERNAL_ERROR, ours carries the code the
# fault means (README, "Errors from the server"), with the same words after the code's wording
TYPED = {"InvalidPowerState": 55, "InvalidState": 55, "NoPermission": 29, "FileNotFound": 50,
         "DuplicateName": 28, "InvalidArgument": 8, "InvalidLogin": 45, "NotAuthenticated": 45}


def same(o, t):
    if o == t:
        return True
    if not (isinstance(o, list) and isinstance(t, list) and len(o) == len(t) == 4):
        return False
    if o[0] != "err" or t[0] != "err" or t[1] != 1 or o[2] != t[2]:
        return False
    detail = t[3].removeprefix("internal error: ")
    fault = next((f for f in TYPED if f"{f} - " in detail), None)
    return fault is not None and o[1] == TYPED[fault] and o[3].endswith(detail)


for k in [k for k in ours if k in theirs] + [k for k in theirs if k not in ours] + [k for k in ours if k not in theirs]:
    check(same(ours.get(k), theirs.get(k)), f"{k}: ours {ours.get(k)!r} != libvirt's {theirs.get(k)!r}")

# ours, as libvirt documents it (also when Debian's libvirt could not run)
OK = ["ok", 0]
INVALID, FLAGS, DENIED, UNSUPPORTED, INTERNAL = 55, 8, 29, 74, 1
ESX, DOMAIN = 28, 20


def err(code, domain, text=None):
    return lambda r: r[0] == "err" and r[1] == code and r[2] == domain and (text is None or text in r[3])


def val(v):
    return lambda r: r == ["ok", v]


TOOLS = "VMware Tools is not running in this virtual machine"
QUESTION = "Pending question blocks virtual machine execution, question is 'msg.uuid.altered:"
ANSWERS = "possible answers are 'Cancel', 'I _Moved It', 'I _Copied It'"
expect = {
    "state": val([1, 0]),
    "id": val(True),
    "create running": err(INVALID, ESX, "Domain is not powered off"),
    "createWithFlags 1": err(FLAGS, ESX, "unsupported flags (0x1) in function esxDomainCreateWithFlags"),
    "resume running": err(INVALID, ESX, "Domain is not suspended"),
    "destroyFlags 1": err(FLAGS, ESX, "esxDomainDestroyFlags"),
    "shutdownFlags 1": err(FLAGS, ESX, "esxDomainShutdownFlags"),
    "reboot 1": err(FLAGS, ESX, "esxDomainReboot"),
    "hostname flags": err(FLAGS, ESX, "esxDomainGetHostname"),
    "shutdown no tools": err(INTERNAL, ESX, "call to 'ShutdownGuest'. Fault: ServerFaultCode - Cannot complete operation because " + TOOLS),
    "reboot no tools": err(INTERNAL, ESX, "call to 'RebootGuest'. Fault: ServerFaultCode - Cannot complete operation because " + TOOLS),
    "hostname no tools": err(INVALID, ESX, "hostName field not available (missing VMware Tools?)"),
    "addresses agent": lambda r: r[0] == "ok" and list(r[1]) == ["VM Network"] and r[1]["VM Network"]["addrs"] is None,
    "addresses lease": err(UNSUPPORTED, ESX, "argument unsupported: Unknown IP address data source 0"),
    "addresses arp": err(UNSUPPORTED, ESX, "Unknown IP address data source 2"),
    "addresses flags": err(FLAGS, ESX, "esxDomainInterfaceAddresses"),
    "suspend": val(0),
    "state suspended": val([3, 0]),
    "id suspended": val(True),
    "suspend suspended": err(INVALID, ESX, "Domain is not powered on"),
    "destroy suspended": err(INVALID, ESX, "Domain is not powered on"),
    "shutdown suspended": err(INVALID, ESX, "Domain is not powered on"),
    "reboot suspended": err(INVALID, ESX, "Domain is not powered on"),
    "hostname suspended": err(INVALID, ESX, "Domain is not powered on"),
    "addresses suspended": err(INVALID, ESX, "Domain is not powered on"),
    "create suspended": err(INVALID, ESX, "Domain is not powered off"),
    "resume": val(0),
    "state resumed": val([1, 0]),
    "destroy": val(0),
    "state destroyed": val([5, 0]),
    "id destroyed": val(-1),
    "lookup id destroyed": val(-1),
    "destroy off": err(INVALID, ESX, "Domain is not powered on"),
    "suspend off": err(INVALID, ESX, "Domain is not powered on"),
    "resume off": err(INVALID, ESX, "Domain is not suspended"),
    "shutdown off": err(INVALID, ESX, "Domain is not powered on"),
    "reboot off": err(INVALID, ESX, "Domain is not powered on"),
    "create": val(0),
    "state created": val([1, 0]),
    "id created": val(True),
    "destroyFlags": val(0),
    "createWithFlags": val(0),
    "id created again": val(True),
    "tools on": val("guestToolsRunning"),
    "reboot tools": val(0),
    "state rebooted": val([1, 0]),
    "shutdown tools": val(0),
    "state shut down": val(True),
    "tools data": val("ha-host_VM0"),
    "hostname tools": val("guest0.example"),
    "addresses tools": val({"VM Network": {"hwaddr": "00:0c:29:38:61:38", "addrs": [
        {"type": libvirt.VIR_IP_ADDR_TYPE_IPV4, "addr": "192.168.1.10", "prefix": 24},
        {"type": libvirt.VIR_IP_ADDR_TYPE_IPV6, "addr": "fe80::250:56ff:fe01:2", "prefix": 64}]}}),
    "tools off": val("guestToolsNotRunning"),
    "hostname tools off": err(INVALID, ESX, "hostName field not available"),
    "state end": val([1, 0]),
    "q destroy": val(0),
    "q arm": val(True),
    "q create no answer": lambda r: err(INTERNAL, ESX, QUESTION)(r) and r[3].endswith(ANSWERS) and "I Copied It\".\n'" in r[3],
    "q state after": val([5, 0]),
    "q id after": val(-1),
    "q create still blocked": err(INTERNAL, ESX, QUESTION),
    "q state answered": val([1, 0]),
    "q destroy again": val(0),
    "q arm again": val(True),
    "q create auto answer": val(0),
    "q state auto answered": val([1, 0]),
    "q id answered": val(True),
    "q now": val(True),
    "q suspend pending": err(INTERNAL, ESX, QUESTION),
    "q state pending": val([1, 0]),
    "q suspend auto answer": val(0),
    "q state suspended": val([3, 0]),
    "q resume": val(0),
    "q state end": val([1, 0]),
}
for what in ["create", "destroy", "suspend", "resume", "shutdown", "reboot", "hostname", "addresses agent"]:
    fn = {"addresses agent": "virDomainInterfaceAddresses", "hostname": "virDomainGetHostname"}.get(
        what, "virDomain" + what.capitalize())
    expect[f"read-only {what}"] = err(DENIED, DOMAIN, f"operation forbidden: read only access prevents {fn}")
expect["read-only addresses lease"] = err(UNSUPPORTED, ESX, "Unknown IP address data source 0")
if "error" not in ours:
    for k, f in expect.items():
        check(k in ours and f(ours[k]), f"ours {k}: {ours.get(k)!r}")

# An ESX connection that also logged in to its vCenter (vcenter=) powers off through the
# vCenter, as libvirt does: the simulated vCenter does not know the ESX's VMs, so both fail alike
# and the VM stays on.
VC_SCRIPT = r"""
import libvirt, sys, json
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, data):
    for c in creds:
        vc = "127.0.0.2" in (c[2] or "")
        c[4] = ("administrator" if vc else "root") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
d = c.lookupByName("ha-host_VM0")
out = []
try:
    out.append(d.destroy())
except libvirt.libvirtError as e:
    out.append([e.get_error_code(), e.get_error_domain(), str(e)])
out.append(d.state())
print(json.dumps(out))
"""
if "ESX_MANAGED_ADDR" in os.environ:
    vc_uri = f"esx://{os.environ['ESX_MANAGED_ADDR']}/?no_verify=1&vcenter=127.0.0.2"
    answers = []
    for mine in (True, False):
        e = dict(os.environ)
        if mine:
            e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
        else:
            e.pop("LD_LIBRARY_PATH", None)
        r = subprocess.run(["/usr/bin/python3", "-c", VC_SCRIPT, vc_uri], env=e,
                           capture_output=True, text=True, timeout=120)
        answers.append(json.loads(r.stdout) if r.returncode == 0 else r.stderr[-800:])
    check(answers[0] == answers[1], f"destroy through the vCenter: ours {answers[0]!r} != libvirt's {answers[1]!r}")
    check(isinstance(answers[0], list) and answers[0][0][0] == libvirt.VIR_ERR_NO_DOMAIN
          and answers[0][1] == [1, 0], f"destroy through the vCenter: {answers[0]!r}")

# The same calls through the other simulators' forms (no Debian libvirt there): the vcsim-form
# ESX over http and a vCenter, each VM powered off and on again, left as found.
libvirt.registerErrorHandler(lambda c, e: None, None)


def cb_for(user, password):
    def cb(creds, data):
        for c in creds:
            c[4] = user if c[0] == libvirt.VIR_CRED_AUTHNAME else password
        return 0
    return cb


for uri, user, pw in [
        (f"esx://{os.environ['ESX_HTTP_ADDR']}/?transport=http", "user", "pass"),
        (f"vpx://{os.environ['VPX_ADDR']}/F0/DC0/F0/DC0_H0?no_verify=1", "administrator", "secret")]:
    c = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb_for(user, pw), None], 0)
    d = [x for x in c.listAllDomains() if x.isActive()][0]
    want_id = d.ID()
    try:
        d.suspend()
        check(d.state()[0] == libvirt.VIR_DOMAIN_PAUSED, f"{uri}: suspended")
        d.resume()
        d.destroy()
        check(d.state()[0] == libvirt.VIR_DOMAIN_SHUTOFF and d.ID() == -1, f"{uri}: destroyed")
        d.create()
        check(d.state()[0] == libvirt.VIR_DOMAIN_RUNNING and d.ID() == want_id, f"{uri}: created, id {d.ID()}")
        check(d.interfaceAddresses(1) is not None, f"{uri}: addresses")
    except libvirt.libvirtError as e:
        check(False, f"{uri}: {e}")
    finally:
        if not d.isActive():
            d.create()
    try:
        d.shutdown()
        check(False, f"{uri}: shutdown without tools")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_INTERNAL_ERROR and TOOLS in str(e), f"{uri}: {e}")
    c.close()

print(f"python-lifecycle: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
