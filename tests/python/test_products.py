#!/usr/bin/python3
"""The launcher posing as other products (tools/test-env.sh: ESX_70 and ESX_80 report ESXi 7.0.3
and 8.0.2, GSX is a VMware Server 2.0.2), through Debian's python3-libvirt on our library and on
Debian's libvirt 9.0:

- domxml-to-native and define pick the product's default virtual hardware version (ours: 19 on
  ESXi 7.0.3, 21 on 8.0.2; libvirt 9.0 falls back to 8);
- gsx:// connects to the VMware Server with libvirt's product checks and answers the
  connection and domain scenario as Debian's libvirt does (hardware version 7).

Prints "python-products: N passed, M failed" and exits non-zero on a failure.
"""
import os
import subprocess
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


PROBE = r'''
import sys, libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, d):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
def out(label, fn):
    try:
        print(label, "->", fn())
    except libvirt.libvirtError as e:
        print(label, "-> error", e.get_error_code(), e.get_error_domain(), e)
XML = """<domain type='vmware'><name>{n}</name><uuid>{u}</uuid><memory>524288</memory><vcpu>1</vcpu>
<os><type arch='x86_64'>hvm</type></os><devices>
<disk type='file' device='disk'><source file='[LocalDS_0] {n}/{n}.vmdk'/><target dev='sda' bus='scsi'/></disk>
<controller type='scsi' index='0'/></devices></domain>"""
hw = lambda vmx: [l for l in vmx.splitlines() if l.startswith("virtualHW.version")]
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
out("native", lambda: hw(c.domainXMLToNative("vmware-vmx", XML.format(n="n", u="50115e16-9bdc-49d7-f171-53c4d7f91b01"), 0)))
if sys.argv[2] == "all":
    out("type", c.getType)
    out("version", c.getVersion)
    out("hostname", c.getHostname)
    out("info", c.getInfo)
    doms = sorted(c.listAllDomains(), key=lambda d: d.name())
    out("domains", lambda: [(d.name(), d.ID(), d.state(), d.info()) for d in doms])
    out("byname", lambda: [c.lookupByName(d.name()).UUIDString() for d in doms])
    out("byuuid", lambda: [c.lookupByUUIDString(d.UUIDString()).name() for d in doms])
    out("xml", lambda: doms[0].XMLDesc(0))
    d = doms[0]
    out("suspend", lambda: (d.suspend(), d.state()))
    out("resume", lambda: (d.resume(), d.state()))
    out("esx://", lambda: libvirt.openAuth(sys.argv[1].replace("gsx://", "esx://"), [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0))
'''


def run(uri, what, ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", "-c", PROBE, uri, what], env=e, capture_output=True, text=True,
                       timeout=300)
    return r.stdout.splitlines() + ([r.stderr[-500:]] if r.returncode else [])


for prefix, want in [("ESX_70", "19"), ("ESX_80", "21")]:
    uri = f"esx://{os.environ[prefix + '_ADDR']}/?no_verify=1"
    ours, theirs = run(uri, "native", True), run(uri, "native", False)
    check(ours == [f"native -> ['virtualHW.version = \"{want}\"']"], f"{prefix}: ours {ours}")
    check(theirs == ["native -> ['virtualHW.version = \"8\"']"], f"{prefix}: libvirt 9.0's fallback {theirs}")

uri = f"gsx://{os.environ['GSX_ADDR']}/?no_verify=1"
ours, theirs = run(uri, "all", True), run(uri, "all", False)
check(ours[0] == "native -> ['virtualHW.version = \"7\"']" and ours[-1].startswith("esx:// -> error 1 28 "),
      f"gsx: every step ran: {ours}")
check(len(ours) == len(theirs), f"gsx: as many answers as libvirt's: {theirs}")
for o, t in zip(ours[:-1], theirs[:-1]):
    check(o == t, f"gsx: ours {o!r} != libvirt's {t!r}")
# the same error; ours names the scheme to use
check(ours[-1].split(" ")[:5] == theirs[-1].split(" ")[:5] and "gsx://" in ours[-1],
      f"gsx: esx:// at a VMware Server: {ours[-1]} / {theirs[-1]}")

print(f"python-products: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
