#!/usr/bin/python3
"""Domain resources through Debian's python3-libvirt: memory, vCPUs, the scheduler's allocation
and autostart. The same calls run through our library and through Debian's libvirt 9.0, each on
its own fresh ESX simulator (RES_OURS, RES_THEIRS: the calls change VMs and the autostart
manager), and every answer and error must be identical; then a few of our answers are checked
against what they must be, and the calls are tried on the vCenter.

Prints "python-resources: N passed, M failed".
"""
import http.cookiejar
import json
import os
import ssl
import subprocess
import sys
import time
import urllib.request

import libvirt

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))
libvirt.registerErrorHandler(lambda c, e: None, None)


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


class Soap:
    """Just enough of the vSphere API to set a simulator up behind libvirt's back."""

    def __init__(self, addr):
        self.url = f"https://{addr}/sdk"
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=ctx),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.call("Login", "SessionManager", "ha-sessionmgr",
                  "<userName>root</userName><password>secret</password>")

    def call(self, method, ty, this, body=""):
        env = ('<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
               'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>'
               f'<{method} xmlns="urn:vim25"><_this type="{ty}">{this}</_this>{body}</{method}>'
               '</soapenv:Body></soapenv:Envelope>')
        req = urllib.request.Request(self.url, env.encode(), {
            "Content-Type": "text/xml; charset=utf-8", "SOAPAction": "urn:vim25/6.5"})
        with self.opener.open(req, timeout=60) as r:
            return r.read().decode()


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


AUTH = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None]


VM1_MOREF = {}


def prepare(addr):
    """ha-host_VM1 powered off (ha-host_VM0 stays on)."""
    c = libvirt.openAuth(f"esx://{addr}/?no_verify=1", AUTH, 0)
    d = c.lookupByName("ha-host_VM1")
    VM1_MOREF[addr] = f"vm-{d.ID()}"
    if d.ID() > 0:
        Soap(addr).call("PowerOffVM_Task", "VirtualMachine", f"vm-{d.ID()}")
        for _ in range(100):
            if c.lookupByName("ha-host_VM1").state()[0] == libvirt.VIR_DOMAIN_SHUTOFF:
                break
            time.sleep(0.1)
    ok = c.lookupByName("ha-host_VM1").state()[0] == libvirt.VIR_DOMAIN_SHUTOFF
    c.close()
    return ok


def general_autostart_off(addr):
    Soap(addr).call("ReconfigureAutostart", "HostAutoStartManager", "ha-autostart-mgr",
                    '<spec xsi:type="HostAutoStartManagerConfig"><defaults>'
                    '<enabled>false</enabled></defaults></spec>')


def run(addr, ours, phase, uri_extra=""):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "resources_ops.py"),
                        f"esx://{addr}/?no_verify=1{uri_extra}", phase], env=e,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return [["failed", r.stderr[-800:]]]
    return json.loads(r.stdout)


mine, theirs = os.environ["RES_OURS_ADDR"], os.environ["RES_THEIRS_ADDR"]
check(prepare(mine) and prepare(theirs), "ha-host_VM1 powered off on both simulators")
results = {}
for phase in ["1", "2"]:
    if phase == "2":
        general_autostart_off(mine)
        general_autostart_off(theirs)
    a, b = run(mine, True, phase), run(theirs, False, phase)
    check(len(a) == len(b) and len(a) > 1, f"phase {phase}: {len(a)} and {len(b)} steps: {a[:1]} {b[:1]}")
    for (la, ra), (lb, rb) in zip(a, b):
        check(la == lb and ra == rb, f"{la}: ours {ra!r} != libvirt's {rb!r}")
    results.update({label: r for label, r in a})

# a question pending on ha-host_VM1: without auto_answer it blocks the change, with it libvirt
# answers the default and goes on; a power-on blocked by a question is a pending task
def raise_question(addr, now):
    req = urllib.request.Request(f"https://{addr}/_question?vm=ha-host_VM1" + ("&now=1" if now else ""),
                                 b"", method="POST")
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(req, context=ctx, timeout=30) as r:
        return json.loads(r.read() or b"{}")


def compare(label, phase, uri_extra=""):
    a = run(mine, True, phase, uri_extra)
    b = run(theirs, False, phase, uri_extra)
    check(len(a) == len(b) and len(a) > 1, f"{label}: {a[:1]} {b[:1]}")
    for (la, ra), (lb, rb) in zip(a, b):
        check(la == lb and ra == rb, f"{label}: {la}: ours {ra!r} != libvirt's {rb!r}")
    return {k: v for k, v in a}


for addr in (mine, theirs):
    raise_question(addr, True)
q1 = compare("question", "mem")
check("Pending question blocks virtual machine execution" in str(q1.get("setMemory VM1")),
      f"question blocks: {q1.get('setMemory VM1')}")
q2 = compare("question, auto_answer", "mem", "&auto_answer=1")
check(q2.get("setMemory VM1") == 0 and q2.get("info VM1 memory") == 4096, f"answered: {q2}")
for addr in (mine, theirs):
    raise_question(addr, False)
    Soap(addr).call("PowerOnVM_Task", "VirtualMachine", VM1_MOREF[addr])
time.sleep(0.5)
q3 = compare("blocked power-on", "mem")
check("Pending question blocks" in str(q3.get("setMemory VM1")), f"blocked power-on: {q3}")
q4 = compare("blocked power-on, auto_answer", "mem", "&auto_answer=1")
# vcsim lists no recentTask, so the power-on does not count as pending (libvirt's "Other tasks
# are pending for this domain"): the answer lets the change through, as for libvirt
check(q4.get("setMemory VM1") == 0, f"answered: {q4}")
time.sleep(0.5)
q5 = compare("after the power-on", "mem")
check(q5.get("setMemory VM1") == 0, f"after the power-on: {q5}")

# our answers are the right ones, not only libvirt's
expect = {
    "ha-host_VM0 schedulerType": ["allocation", 3],
    "ha-host_VM0 schedulerParameters": {"reservation": 0, "limit": -1, "shares": -2},
    "schedulerParameters after {'reservation': 100, 'limit': 2000, 'shares': -3}":
        {"reservation": 100, "limit": 2000, "shares": -3},
    "schedulerParameters after {'reservation': 0, 'limit': -1, 'shares': 1234}":
        {"reservation": 0, "limit": -1, "shares": 1234},
    "schedulerParameters after {'reservation': 5, 'limit': 5, 'shares': -1}":
        {"reservation": 5, "limit": 5, "shares": -1},
    # python3-libvirt reads the parameters with virDomainGetSchedulerParametersFlags first,
    # which libvirt 9.0's ESX driver refuses (VIR_TYPED_PARAM_STRING_OKAY): nothing is set
    "setSchedulerParametersFlags 0": ["error", 8, 28,
                                      "unsupported flags (0x4) in function "
                                      "esxDomainGetSchedulerParametersFlags"],
    "scheduler at the end": {"reservation": 0, "limit": -1, "shares": -2},
    "schedulerParameters after shares only": {"shares": 4321},
    "maxMemory after 5000": 8192,
    "maxMemory after 4096": 4096,
    "maxMemory after 4097": 8192,
    "info after setMemory 1025": [5, 65536, 2048, 128],
    "info after setVcpus 2": [1, 32768, 32768, 2],
    "autostart VM0": 0,
    "setAutostart VM0 on": 0,
    "autostart VM1 on": 1,
    "autostarted": ["ha-host_VM0"],
}
for k, v in expect.items():
    got = results.get(k)
    check(got == v or (isinstance(got, list) and isinstance(v, list) and got == list(v)),
          f"{k}: {got!r}, expected {v!r}")
check(str(results.get("setAutostart VM0 on refused")).endswith(
    "Cannot enable general autostart option without affecting other domains']"),
    f"refused: {results.get('setAutostart VM0 on refused')}")

# the vCenter: its hosts' autostart managers and the same VM calls
vpx = os.environ["VPX_ADDR"]


def vpx_cb(creds, data):
    for c in creds:
        c[4] = "administrator" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


c = libvirt.openAuth(f"vpx://{vpx}/F0/DC0/F0/DC0_H0?no_verify=1",
                     [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], vpx_cb, None], 0)
d = c.listAllDomains()[0]
check(d.schedulerType() == ("allocation", 3), "vCenter: scheduler type")
before = d.schedulerParameters()
check(set(before) == {"reservation", "limit", "shares"}, f"vCenter: scheduler parameters {before}")
d.setSchedulerParameters({"reservation": 7, "limit": 70, "shares": 777})
check(d.schedulerParameters() == {"reservation": 7, "limit": 70, "shares": 777}, "vCenter: set")
d.setSchedulerParameters(before)
check(d.schedulerParameters() == before, "vCenter: scheduler restored")
check(d.autostart() == 0, "vCenter: autostart off")
c.close()

print(f"python-resources: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
