#!/usr/bin/python3
"""The VMX corpus of today's VMware products (tests/data/vmx_modern) on a live connection:
virConnectDomainXMLFromNative ("vmware-vmx") through Debian's python3-libvirt on our library,
against the ESX simulator of tools/test-env.sh, must give what the offline converter gives
(the expected XML files), with the live server's file-name answers in place of the corpus
resolver's (see the corpus README). Cases the offline converter fails must fail here too.

The leniency record is also checked in the log: every left-out device is a libvirt warning.

Prints "python-vmx-modern: N passed, M failed".
"""
import os
import subprocess
import sys

import libvirt

passed = failed = 0
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "data", "vmx_modern")


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


ESX = os.environ.get("ESX_TLS_ADDR")
if not ESX:
    sys.exit("ESX_TLS_ADDR is not set: run tools/test-env.sh start and source target/test-env/env.sh")
libvirt.registerErrorHandler(lambda ctx, err: None, None)


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


conn = libvirt.openAuth(f"esx://{ESX}/?no_verify=1",
                        [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)


def live(text):
    return text.replace(b"/vmfs/volumes/datastore1/", b"/vmfs/volumes/LocalDS_0/")


def expected_live(xml):
    return (xml.replace("[datastore1] ", "[LocalDS_0] ").replace("[datastore] directory/", "[?] ?/")
            .replace("/vmfs/volumes/datastore1/", "/vmfs/volumes/LocalDS_0/"))


cases = []
with open(os.path.join(CORPUS, "MANIFEST.tsv")) as f:
    for line in f.read().splitlines()[1:]:
        direction, name, inp, exp, opts = line.split("\t")
        if direction == "vmx2xml":
            cases.append((name, inp, None if exp == "-" else exp))

dropped_cases = []
for name, inp, exp in cases:
    with open(os.path.join(CORPUS, inp), "rb") as f:
        data = live(f.read())
    # python3-libvirt passes a str (as UTF-8): files in other encodings are checked below
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None:
        continue
    try:
        got = conn.domainXMLFromNative("vmware-vmx", text, 0)
        err = None
    except libvirt.libvirtError as e:
        got, err = None, e.get_error_message()
    if exp is None:
        check(err is not None, f"{name}: fails live as offline, got {got!r}")
        continue
    with open(os.path.join(CORPUS, exp)) as f:
        want = expected_live(f.read())
    check(got == want, f"{name}: live FromNative equals the offline converter\n"
                       f"  error: {err}\n--- offline\n{want}\n--- live\n{got}")
    if "<esx:dropped" in want:
        dropped_cases.append((name, text, want.count("<esx:dropped ")))

# the encodings whose bytes are not UTF-8 go through python as the UTF-8 text the converter
# makes of them, with .encoding saying UTF-8: same XML
for name, inp, exp in cases:
    if not name.startswith("encoding-") or exp is None:
        continue
    with open(os.path.join(CORPUS, exp)) as f:
        want = expected_live(f.read())
    got_live = None
    try:
        with open(os.path.join(CORPUS, inp), "rb") as f:
            raw = f.read()
        enc = raw.split(b'"', 2)[1].decode()
        py = {"Shift_JIS": "shift_jis", "GBK": "gbk", "Big5": "big5", "EUC-KR": "euc_kr"}.get(enc, enc)
        text = raw.decode(py).replace(f'.encoding = "{enc}"', '.encoding = "UTF-8"', 1)
        got_live = conn.domainXMLFromNative("vmware-vmx", text, 0)
    except (libvirt.libvirtError, LookupError, UnicodeDecodeError) as e:
        got_live = str(e)
    check(got_live == want, f"{name}: live FromNative of the UTF-8 form\n{got_live}")

# every left-out device is a warning in libvirt's log
log = os.path.join(ROOT, "target", "test-vmx-modern.log")
child = r"""
import sys, libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
c.domainXMLFromNative("vmware-vmx", sys.stdin.read(), 0)
"""
for name, text, count in dropped_cases:
    if os.path.exists(log):
        os.remove(log)
    e = dict(os.environ, LIBVIRT_LOG_OUTPUTS=f"3:file:{log}")
    r = subprocess.run(["/usr/bin/python3", "-c", child, f"esx://{ESX}/?no_verify=1"], input=text,
                       env=e, capture_output=True, text=True, timeout=120)
    lines = open(log).read().splitlines() if os.path.exists(log) else []
    warned = [l for l in lines if "warning : vmx : left out VMX device" in l]
    check(r.returncode == 0 and len(warned) == count,
          f"{name}: {count} warnings logged, got {warned} {r.stderr[-300:]}")

# ToNative on the ESX 6.5 simulator: libvirt's hardware version 10, raised up to the host's 13
with open(os.path.join(CORPUS, "xml2vmx", "libosinfo-win11-tpm-nvme.xml")) as f:
    win11 = f.read().replace("[datastore1]", "[LocalDS_0]")
try:
    conn.domainXMLToNative("vmware-vmx", win11, 0)
    check(False, "a vTPM needs hardware 14, more than ESXi 6.5 runs")
except libvirt.libvirtError as e:
    check(e.get_error_code() == libvirt.VIR_ERR_CONFIG_UNSUPPORTED
          and "need virtual hardware version 14, but the host runs at most version 13"
          in e.get_error_message(), f"vTPM on ESXi 6.5: {e.get_error_message()}")
no_tpm = win11.replace("""    <tpm model='tpm-crb'>
      <backend type='emulator' version='2.0'/>
    </tpm>
""", "")
vmx = conn.domainXMLToNative("vmware-vmx", no_tpm, 0)
for line in ['virtualHW.version = "13"', 'guestOS = "windows11-64"', 'nvme0:0.present = "true"',
             'sata0:0.deviceType = "cdrom-image"', 'uefi.secureBoot.enabled = "true"']:
    check(line in vmx, f"ToNative of the Windows 11 XML on ESXi 6.5 has {line}: {vmx}")
with open(os.path.join(CORPUS, "xml2vmx", "vmware-guestos-workstation-nets.xml")) as f:
    vmx = conn.domainXMLToNative("vmware-vmx", f.read(), 0)
for line in ['virtualHW.version = "10"', 'guestOS = "freebsd14-64"', 'ethernet0.connectionType = "hostonly"',
             'ethernet3.vnet = "vmnet5"', 'sata0:0.fileName = "/home/user/vmware/lab-router/lab-router.vmdk"']:
    check(line in vmx, f"ToNative of the Workstation XML has {line}: {vmx}")

# define it, read it back from the VMX on the datastore, undefine it
dom = conn.defineXML(no_tpm)
try:
    back = dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
    for piece in ["<target dev='nvme0n1' bus='sata'/>", "<feature enabled='yes' name='secure-boot'/>",
                  "<source file='[LocalDS_0] win11-from-kvm/win11-from-kvm.vmdk'/>",
                  "<source file='[LocalDS_0] ISO/Win11_23H2_English_x64.iso'/>"]:
        check(piece in back, f"defined Windows 11 reads back with {piece}: {back}")
finally:
    dom.undefine()

conn.close()
print(f"python-vmx-modern: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
