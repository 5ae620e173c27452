#!/usr/bin/python3
"""Faults on the wire, through Debian's python3-libvirt on our library, against the fault
front of the launcher (tools/vcsim/faults.go) on the FAULTS simulator of tools/test-env.sh (and
on the VPX one for migrations).

For every entry point that talks to the server, each fault kind is armed for the next two
requests (the first call of the entry point), then for the two after the first: the call must
give the right answer or an error with a clear message (a stall: within the timeout), and once
the fault is gone the connection must answer right again, with nothing left half-done (no
domain or VMX file left by a failed define, a VM as it was after a failed reconfiguration).
Then the typed faults: the libvirt error code a caller can act on, and libvirt's own code
where Debian's libvirt 9.0 reports one for the same case. Then certificates (cacert=,
LIBVIRT_ESX_CACERT, the fingerprints of a refused certificate) and the timeout.

The whole run logs at debug level to a file (LIBVIRT_DEBUG=1, LIBVIRT_LOG_OUTPUTS); at the end
no password, session cookie or session key may appear in it, in any error message or in
virConnectGetURI.

Prints the faults tried and survived per entry point, and "python-faults: N passed, M failed".
"""
import json
import os
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

LOG = tempfile.NamedTemporaryFile(prefix="faults-", suffix=".log", delete=False).name
os.environ["LIBVIRT_DEBUG"] = "1"
os.environ["LIBVIRT_LOG_OUTPUTS"] = f"1:file:{LOG}"
import libvirt  # noqa: E402  (the log settings must come first)

passed = failed = 0
messages = []  # every error message seen, for the secrets check


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def env(name):
    v = os.environ.get(name)
    if not v:
        sys.exit(f"{name} is not set: run tools/test-env.sh start and source target/test-env/env.sh")
    return v


ADDR = env("FAULTS_ADDR")
CA = env("FAULTS_CA")
PASSWORD = env("FAULTS_PASS")
TIMEOUT = 2
URI = f"esx://root@{ADDR}/?cacert={CA}&timeout={TIMEOUT}"
libvirt.registerErrorHandler(lambda ctx, err: None, None)

_ctx = ssl.create_default_context(cafile=CA)


def front(path, verb="GET", **params):
    q = urllib.parse.urlencode(params)
    req = urllib.request.Request(f"https://{ADDR}{path}" + (f"?{q}" if q else ""), method=verb)
    with urllib.request.urlopen(req, context=_ctx, timeout=30) as r:
        return json.load(r)


def arm(kind, **params):
    return front("/_fault", "POST", kind=kind, **params)


def clear():
    return front("/_fault", "DELETE")


def fired():
    return sum(r["fired"] for r in front("/_fault") or [])


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else PASSWORD
    return 0


def connect(uri=URI):
    return libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)


def outcome(fn):
    """(answer, None) or (None, libvirtError)."""
    try:
        return fn(), None
    except libvirt.libvirtError as e:
        messages.append(str(e))
        return None, e
    except Exception as e:  # a binding's own failure on a wrong answer (an empty list, ...)
        return f"wrong answer: {e!r}", None


conn = connect()
doms = sorted(conn.listAllDomains(), key=lambda d: d.name())
VM, VM2 = doms[0].name(), doms[1].name()
UUID = doms[0].UUIDString()
NET = sorted(conn.listNetworks())[0]
check(VM and VM2, f"two VMs to work on: {[d.name() for d in doms]}")
for d in (VM, VM2):
    if conn.lookupByName(d).state()[0] != libvirt.VIR_DOMAIN_RUNNING:
        conn.lookupByName(d).create()

FAULTDOM = "faultdom"
FAULTDOM_XML = f"""<domain type='vmware'>
  <name>{FAULTDOM}</name>
  <uuid>50115e16-9bdc-49d7-f171-53c4d7f9fa17</uuid>
  <memory>262144</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='[LocalDS_0] {FAULTDOM}/{FAULTDOM}.vmdk'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <controller type='scsi' index='0'/>
  </devices>
</domain>"""
FAULTDOM_VMX = f"[LocalDS_0] {FAULTDOM}/{FAULTDOM}.vmx"
NATIVE_VMX = """config.version = "8"
virtualHW.version = "4"
displayName = "native"
memsize = "512"
numvcpus = "1"
scsi0.present = "true"
scsi0:0.present = "true"
scsi0:0.fileName = "/vmfs/volumes/LocalDS_0/native/native.vmdk"
"""


def vmx_exists(c, path):
    try:
        c.storageVolLookupByPath(path)
        return True
    except libvirt.libvirtError:
        return False


def faultdom_gone(c):
    """No domain and no VMX file left by a define."""
    names = [d.name() for d in c.listAllDomains()]
    return FAULTDOM not in names and not vmx_exists(c, FAULTDOM_VMX)


def reset_faultdom(c):
    try:
        c.lookupByName(FAULTDOM).undefine()
    except libvirt.libvirtError:
        pass
    if vmx_exists(c, FAULTDOM_VMX):
        c.storageVolLookupByPath(FAULTDOM_VMX).delete()


def define_undefine(c):
    d = c.defineXML(FAULTDOM_XML)
    name = d.name()
    d.undefine()
    return name, faultdom_gone(c)


def suspend_resume(c):
    d = c.lookupByName(VM)
    d.suspend()
    d.resume()
    return d.state()[0]


def ensure_running(c, name):
    d = c.lookupByName(name)
    st = d.state()[0]
    if st == libvirt.VIR_DOMAIN_PAUSED:
        d.resume()
    elif st != libvirt.VIR_DOMAIN_RUNNING:
        d.create()


def destroy_create(c):
    d = c.lookupByName(VM2)
    d.destroy()
    d.create()
    return d.state()[0]


def memory_round_trip(c):
    d = c.lookupByName(VM2)
    before = d.maxMemory()
    d.setMemory(before // 2)
    d.setMemory(before)
    return d.info()[2] == before


def snapshot_round_trip(c):
    d = c.lookupByName(VM)
    s = d.snapshotCreateXML("<domainsnapshot><name>faultsnap</name></domainsnapshot>", 0)
    names = [x.getName() for x in d.listAllSnapshots()]
    s.delete()
    return "faultsnap" in names, d.snapshotNum()


def reset_snapshots(c):
    for s in c.lookupByName(VM).listAllSnapshots():
        s.delete()


def open_close(_c):
    c = connect()
    h = c.getHostname()
    c.close()
    return h


# entry point -> (call, reset after a fault or None, check of what must hold after a fault)
OPS = {
    "open": (open_close, None, None),
    "list domains": (lambda c: sorted(d.name() for d in c.listAllDomains()), None, None),
    "list IDs, defined": (lambda c: (len(c.listDomainsID()), c.listDefinedDomains(), c.numOfDomains()), None, None),
    "lookup by name": (lambda c: c.lookupByName(VM).UUIDString(), None, None),
    "lookup by UUID": (lambda c: c.lookupByUUIDString(UUID).name(), None, None),
    "lookup by ID": (lambda c: c.lookupByID(c.lookupByName(VM).ID()).name(), None, None),
    "domain info": (lambda c: c.lookupByName(VM).info()[:4], None, None),
    "domain XML": (lambda c: c.lookupByName(VM).XMLDesc(0), None, None),
    "host queries": (lambda c: (c.getHostname(), c.getInfo(), c.getVersion()), None, None),
    "suspend, resume": (suspend_resume, lambda c: ensure_running(c, VM), None),
    "destroy, create": (destroy_create, lambda c: ensure_running(c, VM2), None),
    "define, undefine": (define_undefine, None, faultdom_gone),
    "set memory": (memory_round_trip, None,
                   lambda c: c.lookupByName(VM2).info()[2] in (c.lookupByName(VM2).maxMemory(),
                                                              c.lookupByName(VM2).maxMemory() // 2)),
    "native": (lambda c: c.domainXMLFromNative("vmware-vmx", NATIVE_VMX, 0), None, None),
    "snapshots": (snapshot_round_trip, reset_snapshots, None),
    "storage": (lambda c: (sorted(p.name() for p in c.listAllStoragePools()),
                           sorted(v.name() for v in c.storagePoolLookupByName("LocalDS_0").listAllVolumes())),
                None, None),
    "networks": (lambda c: (sorted(c.listNetworks()), c.networkLookupByName(NET).XMLDesc(0)), None, None),
}
KINDS = [
    ("close", {}), ("cut", {"bytes": "120"}), ("stall", {"seconds": "30"}), ("http500", {}),
    ("http503", {}), ("soapfault", {"fault": "SystemError"}), ("garbage", {}), ("missing", {}),
    ("wrongtype", {}), ("expire", {}),
]

clear()
reset_faultdom(conn)
baseline = {name: op(conn) for name, (op, _, _) in OPS.items()}
figures = {}
for name, (op, reset, holds) in OPS.items():
    tried = survived = 0
    for kind, params in KINDS:
        for skip in (0, 1):
            clear()
            arm(kind, count="2", skip=str(skip), **params)
            start = time.monotonic()
            answer, err = outcome(lambda: op(conn))
            took = time.monotonic() - start
            if fired() == 0:
                continue  # the entry point made fewer calls than that
            tried += 1
            what = f"{name}: {kind} at call {skip + 1}"
            good = True
            if err is None:
                good = answer == baseline[name]
                check(good, f"{what}: a wrong answer {answer!r} (expected {baseline[name]!r})")
            else:
                msg = str(err)
                good = bool(msg) and "unknown cause" not in msg and "panic" not in msg.lower()
                check(good, f"{what}: unclear error {msg!r}")
            if kind == "stall":
                # the server answers after 30 s; the error must come with the timeout
                good = good and err is not None and took < 30
                check(err is not None and took < 30, f"{what}: no error within the timeout ({took:.1f} s)")
            clear()
            if reset:
                outcome(lambda: reset(conn))
            if holds:
                ok, _ = outcome(lambda: holds(conn))
                good = good and bool(ok)
                check(ok, f"{what}: something was left half-done")
            again, err2 = outcome(lambda: op(conn))
            good = good and err2 is None and again == baseline[name]
            check(err2 is None and again == baseline[name], f"{what}: no recovery: {err2 or again!r}")
            survived += good
    figures[name] = (tried, survived)
    check(tried > 0, f"{name}: no fault fired")

# ---- migrate, on the vCenter (vcsim's form): there and back between two clustered hosts ----

VPX = env("VPX_ADDR")
_plain = ssl.create_default_context()
_plain.check_hostname = False
_plain.verify_mode = ssl.CERT_NONE


def vpx_front(path, verb, **params):
    q = urllib.parse.urlencode(params)
    req = urllib.request.Request(f"https://{VPX}{path}" + (f"?{q}" if q else ""), method=verb)
    with urllib.request.urlopen(req, context=_plain, timeout=30) as r:
        return json.load(r)


def vpx_cb(creds, data):
    for c in creds:
        c[4] = "administrator" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def vpx_conn(host):
    return libvirt.openAuth(f"vpx://{VPX}/F0/DC0/F0/DC0_C0/DC0_C0_H{host}?no_verify=1&timeout={TIMEOUT}",
                            [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], vpx_cb, None], 0)


src, dst = vpx_conn(0), vpx_conn(1)
MIG = sorted(d.name() for d in src.listAllDomains())[0]


def where(name):
    """The hosts that list the domain: exactly one, whatever happened."""
    return [h for h, c in ((0, src), (1, dst)) if name in [d.name() for d in c.listAllDomains()]]


def migrate_round_trip(_c):
    moved = src.lookupByName(MIG).migrate(dst, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
    there = where(MIG)
    moved.migrate(src, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
    return there, where(MIG)


def migrate_home():
    if where(MIG) == [1]:
        dst.lookupByName(MIG).migrate(src, libvirt.VIR_MIGRATE_LIVE, None, None, 0)


vpx_front("/_fault", "DELETE")
baseline["migrate"] = migrate_round_trip(None)
check(baseline["migrate"] == ([1], [0]), f"migrate there and back: {baseline['migrate']}")
tried = survived = 0
for kind, params in KINDS:
    for skip in (0, 2, 4):
        vpx_front("/_fault", "DELETE")
        vpx_front("/_fault", "POST", kind=kind, count="2", skip=str(skip), **params)
        start = time.monotonic()
        answer, err = outcome(lambda: migrate_round_trip(None))
        took = time.monotonic() - start
        if sum(r["fired"] for r in vpx_front("/_fault", "GET") or []) == 0:
            continue
        tried += 1
        what = f"migrate: {kind} at call {skip + 1}"
        good = (err is None and answer == baseline["migrate"]) or (err is not None and str(err) != "")
        check(good, f"{what}: {answer!r} {err}")
        if kind == "stall":
            good = good and err is not None and took < 30
            check(err is not None and took < 30, f"{what}: no error within the timeout ({took:.1f} s)")
        vpx_front("/_fault", "DELETE")
        placed, err2 = outcome(lambda: where(MIG))
        good = good and err2 is None and len(placed) == 1
        check(err2 is None and len(placed) == 1, f"{what}: the domain is on one host: {placed} {err2}")
        outcome(migrate_home)
        again, err3 = outcome(lambda: migrate_round_trip(None))
        good = good and again == baseline["migrate"]
        check(again == baseline["migrate"], f"{what}: no recovery: {err3 or again!r}")
        survived += good
figures["migrate"] = (tried, survived)
src.close()
dst.close()

print(f"{'entry point':22} faults tried  survived")
for name, (t, s) in figures.items():
    print(f"{name:22} {t:12} {s:9}")
total_t = sum(t for t, _ in figures.values())
total_s = sum(s for _, s in figures.values())
print(f"{'all':22} {total_t:12} {total_s:9}")

# ---- define: an upload cut, a registration refused -------------------------------------

for kind, params in [("close", {}), ("stall", {"seconds": "30"}), ("http500", {}), ("http503", {}),
                     ("garbage", {})]:
    clear()
    reset_faultdom(conn)
    arm(kind, method="PUT", count="2", **params)
    _, e = outcome(lambda: conn.defineXML(FAULTDOM_XML))
    clear()
    check(e is not None, f"define with its upload failing ({kind}) fails")
    check(faultdom_gone(conn), f"define with its upload failing ({kind}): no VMX, no domain left")
for kind in ("soapfault", "cut", "close"):
    clear()
    reset_faultdom(conn)
    arm(kind, method="RegisterVM_Task", count="2", bytes="50")
    _, e = outcome(lambda: conn.defineXML(FAULTDOM_XML))
    clear()
    if e is None or FAULTDOM in [d.name() for d in conn.listAllDomains()]:
        # the registration ran before its reply was lost: the domain is whole, and can go
        check(conn.lookupByName(FAULTDOM).XMLDesc(0) != "", f"define, RegisterVM_Task {kind}: whole")
        reset_faultdom(conn)
    else:
        check(faultdom_gone(conn), f"define, RegisterVM_Task {kind}: the uploaded VMX is deleted again")

# a reconfiguration the server refuses leaves the VM as it was
d2 = conn.lookupByName(VM2)
mem_before, vcpus_before = d2.info()[2], d2.info()[3]
for fault in ("SystemError", "InvalidArgument", "NoPermission"):
    clear()
    arm("soapfault", method="ReconfigVM_Task", fault=fault)
    _, e = outcome(lambda: d2.setMemory(mem_before // 2))
    clear()
    check(e is not None, f"setMemory with ReconfigVM_Task refused ({fault}) fails")
    check(d2.info()[2] == mem_before and d2.info()[3] == vcpus_before, f"the VM is as it was after {fault}")

# ---- typed faults --------------------------------------------------------------------------

TYPED = [
    ("NoPermission", "PowerOffVM_Task", lambda c: c.lookupByName(VM2).destroy(), libvirt.VIR_ERR_OPERATION_DENIED),
    ("InvalidPowerState", "SuspendVM_Task", lambda c: c.lookupByName(VM).suspend(), libvirt.VIR_ERR_OPERATION_INVALID),
    ("InvalidArgument", "ReconfigVM_Task", lambda c: c.lookupByName(VM2).setMemory(131072),
     libvirt.VIR_ERR_INVALID_ARG),
    ("DuplicateName", "RegisterVM_Task", lambda c: c.defineXML(FAULTDOM_XML), libvirt.VIR_ERR_DOM_EXIST),
    ("FileNotFound", "RegisterVM_Task", lambda c: c.defineXML(FAULTDOM_XML), libvirt.VIR_ERR_NO_STORAGE_VOL),
    ("InvalidLogin", "Login", lambda c: connect().close(), libvirt.VIR_ERR_AUTH_FAILED),
]
for fault, method, call, code in TYPED:
    clear()
    arm("soapfault", method=method, fault=fault)
    _, e = outcome(lambda: call(conn))
    clear()
    check(e is not None and e.get_error_code() == code,
          f"{fault} on {method}: code {e and e.get_error_code()}, want {code}: {e}")
    check(e is not None and fault in str(e), f"{fault} on {method}: the message names the fault: {e}")
    ensure_running(conn, VM)
    ensure_running(conn, VM2)
    reset_faultdom(conn)

# the session expires and logging in again is refused: NotAuthenticated ends as AUTH_FAILED
clear()
arm("expire")
arm("soapfault", method="Login", fault="InvalidLogin", count="3")
_, e = outcome(lambda: conn.lookupByName(VM).info())
clear()
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_AUTH_FAILED,
      f"expired session, re-login refused: {e and e.get_error_code()}: {e}")
check(outcome(lambda: conn.lookupByName(VM).info())[1] is None, "the connection logs in again after")

# where libvirt 9.0 has its own code, ours is the same (Debian's libvirt on the same server)
COMPARE = r"""
import json, sys, libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else sys.argv[3]
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
out = {}
def code(name, fn):
    try:
        fn(); out[name] = 0
    except libvirt.libvirtError as e:
        out[name] = e.get_error_code()
d = c.lookupByName(sys.argv[2])
code("resume a running domain", d.resume)
code("create a running domain", d.create)
code("no such domain", lambda: c.lookupByName("no-such-domain"))
code("no such volume", lambda: c.storageVolLookupByPath("[LocalDS_0] none/none.vmdk"))
code("no such network", lambda: c.networkLookupByName("no-such-switch"))
print(json.dumps(out, sort_keys=True))
"""


def compare(ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ.get("OUR_LIBDIR", os.environ.get("LD_LIBRARY_PATH", ""))
    else:
        e.pop("LD_LIBRARY_PATH", None)
    e.pop("LIBVIRT_LOG_OUTPUTS", None)
    e.pop("LIBVIRT_DEBUG", None)
    r = subprocess.run(["/usr/bin/python3", "-c", COMPARE, f"esx://{ADDR}/?no_verify=1", VM, PASSWORD],
                       env=e, capture_output=True, text=True, timeout=120)
    return json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr[-300:]}


mine, theirs = compare(True), compare(False)
check("error" not in theirs and mine == theirs, f"libvirt's own codes: ours {mine} != Debian's {theirs}")

# ---- certificates -------------------------------------------------------------------------

def fingerprint(pem_path, algo):
    r = subprocess.run(["openssl", "x509", "-in", pem_path, "-noout", "-fingerprint", f"-{algo}"],
                       capture_output=True, text=True)
    return r.stdout.strip().split("=", 1)[1]


SERVER_PEM = env("FAULTS_CERT")
c = connect(f"esx://root@{ADDR}/?cacert={CA}")
check(c.getHostname() != "", "cacert= with the server's CA: verified and connected")
c.close()
check(connect(f"esx://root@{ADDR}/?cacert={SERVER_PEM}").close() == 0,
      "cacert= with the server's own certificate (pinned)")
os.environ["LIBVIRT_ESX_CACERT"] = CA
check(connect(f"esx://root@{ADDR}/").close() == 0, "LIBVIRT_ESX_CACERT with the server's CA")
other = env("ESX_TLS_CERT")  # another server's certificate: no trust for this one
_, e = outcome(lambda: connect(f"esx://root@{ADDR}/?cacert={other}"))
check(e is not None, "cacert= takes precedence over LIBVIRT_ESX_CACERT")
del os.environ["LIBVIRT_ESX_CACERT"]
_, e = outcome(lambda: connect(f"esx://root@{ADDR}/"))
msg = str(e)
check(e is not None and "not signed by a certificate authority trusted here" in msg,
      f"the system's CAs do not know the test CA: {msg}")
check(fingerprint(SERVER_PEM, "sha256") in msg and fingerprint(SERVER_PEM, "sha1") in msg,
      f"the refused certificate's SHA-256 and SHA-1 fingerprints: {msg}")
check("subject 'O=libvirt-esx tests, CN=localhost'" in msg or "subject 'CN=localhost, O=libvirt-esx tests'" in msg,
      f"the refused certificate's subject: {msg}")
check("cacert=" in msg and "no_verify=1" in msg, f"the error says how to trust it: {msg}")
_, e = outcome(lambda: connect(f"esx://root@{ADDR}/?cacert={other}"))
check(e is not None and fingerprint(SERVER_PEM, "sha256") in str(e), f"another bundle: refused, named: {e}")
_, e = outcome(lambda: connect(f"esx://root@{ADDR}/?cacert=/nonexistent.pem"))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_INVALID_ARG and "/nonexistent.pem" in str(e),
      f"a missing bundle: {e}")
# the name is checked too: the certificate is for 127.0.0.1, ::1 and localhost only
port = ADDR.rsplit(":", 1)[1]
c = connect(f"esx://root@localhost:{port}/?cacert={CA}")
check(c.getHostname() != "", "a name the certificate has")
c.close()

# ---- timeout ------------------------------------------------------------------------------

for how, uri, extra in [("URI timeout=2", f"esx://root@{ADDR}/?cacert={CA}&timeout=2", {}),
                        ("LIBVIRT_ESX_TIMEOUT=2", f"esx://root@{ADDR}/?cacert={CA}", {"LIBVIRT_ESX_TIMEOUT": "2"})]:
    os.environ.update(extra)
    c = connect(uri)
    clear()
    arm("stall", seconds="40", count="5")
    start = time.monotonic()
    _, e = outcome(lambda: c.lookupByName(VM).info())
    took = time.monotonic() - start
    clear()
    check(e is not None and took < 40, f"{how}: a stalled server fails the call before it answers ({took:.1f} s)")
    check(e is not None and e.get_error_code() == libvirt.VIR_ERR_OPERATION_TIMEOUT and "timeout of 2 seconds" in str(e),
          f"{how}: the error says it timed out: {e}")
    check(outcome(lambda: c.lookupByName(VM).info())[1] is None, f"{how}: the connection works after")
    print(f"stalled call with {how}: error after {took:.1f} s")
    c.close()
    for k in extra:
        del os.environ[k]
_, e = outcome(lambda: connect(f"esx://root@{ADDR}/?cacert={CA}&timeout=0"))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_INVALID_ARG, f"timeout=0 is refused: {e}")

# ---- secrets ------------------------------------------------------------------------------

uri_text = conn.getURI()
conn.close()
# vcsim's session cookie is the session key itself: both are looked for
sessions = front("/_fault/sessions") + vpx_front("/_fault/sessions", "GET")
with open(LOG, encoding="utf-8", errors="replace") as f:
    log = f.read()
check(len(log) > 10000 and "RetrievePropertiesEx" in log, f"the debug log was written ({len(log)} bytes)")
check(len(sessions) > 10, f"sessions were handed out: {len(sessions)}")
leaks = [s for s in [PASSWORD] + sessions if s in log]
check(not leaks, f"no password or session cookie in the log: {leaks[:3]}")
leaks = [m for m in messages if PASSWORD in m or any(s in m for s in sessions)]
check(not leaks, f"no password or session cookie in {len(messages)} error messages: {leaks[:3]}")
check(PASSWORD not in uri_text and not any(s in uri_text for s in sessions), f"none in the URI: {uri_text}")
print(f"secrets: {len(log)} bytes of debug log, {len(messages)} error messages, {len(sessions)} session "
      f"cookies looked for: none found" if not leaks else "secrets: LEAKED")
os.unlink(LOG)

print(f"python-faults: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
