#!/usr/bin/python3
"""virConnectDomainXMLFromNative / virConnectDomainXMLToNative ("vmware-vmx") through Debian's
python3-libvirt on our library, against the simulators that tools/test-env.sh starts.

(a) The import and export examples of libvirt's ESX documentation (drvesx.html, adapted to the
    simulator's datastore LocalDS_0) and variations of them run on our library and on Debian's
    libvirt 9.0, each in a child process, on the real-ESX-form simulator (ESX_TLS): the results
    (text, or error code, domain and message) must be identical.
(b) Round trips XML -> VMX -> XML and VMX -> XML -> VMX keep what the examples say.
(c) Error cases: unknown format, flags, missing datastores, bad XML and VMX.

Prints "python-native: N passed, M failed" and exits non-zero on a failure.
"""
import json
import os
import re
import subprocess
import sys

import libvirt

passed = failed = 0


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


ESX = env("ESX_TLS_ADDR")
ESX_HTTP = env("ESX_HTTP_ADDR")
VPX = env("VPX_ADDR")
OUR_LIBDIR = env("OUR_LIBDIR")
URI = f"esx://{ESX}/?no_verify=1"
DS = "LocalDS_0"
libvirt.registerErrorHandler(lambda ctx, err: None, None)

# ---- the seed: drvesx.html's examples, with the datastore the simulator has --------------------

IMPORT_VMX = """#!/usr/bin/vmware
config.version = "8"
virtualHW.version = "4"
floppy0.present = "false"
nvram = "Fedora11.nvram"
deploymentPlatform = "windows"
virtualHW.productCompatibility = "hosted"
tools.upgrade.policy = "useGlobal"
powerType.powerOff = "default"
powerType.powerOn = "default"
powerType.suspend = "default"
powerType.reset = "default"
displayName = "Fedora11"
extendedConfigFile = "Fedora11.vmxf"
scsi0.present = "true"
scsi0.sharedBus = "none"
scsi0.virtualDev = "lsilogic"
memsize = "1024"
scsi0:0.present = "true"
scsi0:0.fileName = "/vmfs/volumes/@MOUNT@/Fedora11/Fedora11.vmdk"
scsi0:0.deviceType = "scsi-hardDisk"
ide0:0.present = "true"
ide0:0.clientDevice = "true"
ide0:0.deviceType = "cdrom-raw"
ide0:0.startConnected = "false"
ethernet0.present = "true"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "vpx"
ethernet0.generatedAddress = "00:50:56:91:48:c7"
chipset.onlineStandby = "false"
guestOSAltName = "Red Hat Enterprise Linux 5 (32-Bit)"
guestOS = "rhel5"
uuid.bios = "50 11 5e 16 9b dc 49 d7-f1 71 53 c4 d7 f9 17 10"
snapshot.action = "keep"
sched.cpu.min = "0"
sched.cpu.units = "mhz"
sched.cpu.shares = "normal"
sched.mem.minsize = "0"
sched.mem.shares = "normal"
toolScripts.afterPowerOn = "true"
toolScripts.afterResume = "true"
toolScripts.beforeSuspend = "true"
toolScripts.beforePowerOff = "true"
scsi0:0.redo = ""
tools.syncTime = "false"
uuid.location = "56 4d b5 06 a2 bd fb eb-ae 86 f7 d8 49 27 d0 c4"
sched.cpu.max = "unlimited"
sched.swap.derivedName = "/vmfs/volumes/@MOUNT@/Fedora11/Fedora11-7de040d8.vswp"
tools.remindInstall = "TRUE"
"""
SEED_MOUNT = "498076b2-02796c1a-ef5b-000ae484a6a3"  # the example's own, unknown here

EXPORT_XML = """<domain type='vmware'>
  <name>Fedora11</name>
  <uuid>50115e16-9bdc-49d7-f171-53c4d7f91710</uuid>
  <memory>1048576</memory>
  <currentMemory>1048576</currentMemory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='@SOURCE@'/>
      <target dev='sda' bus='scsi'/>
      <address type='drive' controller='0' bus='0' unit='0'/>
    </disk>
    <controller type='scsi' index='0'@MODEL@/>
    <interface type='bridge'>
      <mac address='00:50:56:25:48:c7'/>
      <source bridge='VM Network'/>
    </interface>
  </devices>
</domain>
"""


def export_xml(source=f"[{DS}] Fedora11/Fedora11.vmdk", model="lsilogic"):
    m = f" model='{model}'" if model else ""
    return EXPORT_XML.replace("@SOURCE@", source).replace("@MODEL@", m)


def import_vmx(mount, **replace):
    text = IMPORT_VMX.replace("@MOUNT@", mount)
    for key, value in replace.items():
        key = key.replace("__", ":").replace("_", ".")
        text = re.sub(rf'^{re.escape(key)} = .*$', lambda _: f'{key} = "{value}"', text, flags=re.M)
    return text


# ---- running cases in a child process, on either library -----------------------------------

CHILD = r"""
import json, sys, libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, data):
    for c in creds:
        c[4] = sys.argv[2] if c[0] == libvirt.VIR_CRED_AUTHNAME else sys.argv[3]
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
def run(op, fmt, data, flags):
    try:
        if op == "from":
            return {"ok": c.domainXMLFromNative(fmt, data, flags)}
        if op == "to":
            return {"ok": c.domainXMLToNative(fmt, data, flags)}
        if op == "xml-vmx-xml":
            vmx = c.domainXMLToNative(fmt, data, flags)
            return {"ok": c.domainXMLFromNative(fmt, vmx, flags), "mid": vmx}
        if op == "vmx-xml-vmx":
            xml = c.domainXMLFromNative(fmt, data, flags)
            return {"ok": c.domainXMLToNative(fmt, xml, flags), "mid": xml}
    except libvirt.libvirtError as e:
        return {"err": [e.get_error_code(), e.get_error_domain(), e.get_error_level(),
                        e.get_error_message(), e.get_str1(), e.get_str2(), e.get_str3(), e.get_int1()]}
print(json.dumps([run(*case) for case in json.load(sys.stdin)]))
"""


def run_cases(cases, ours, uri=URI, user="root", password="secret"):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = OUR_LIBDIR
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", "-c", CHILD, uri, user, password],
                       input=json.dumps(cases), env=e, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return [{"crash": r.stderr[-800:]}] * len(cases)
    return json.loads(r.stdout)


# Where our domain XML parser words a malformed document differently from libxml2 (libvirt's
# parser): both must fail, the wording is not compared.
XML_PARSER_WORDING = {"to: bad XML", "to: not a domain"}


def compare(named_cases):
    """Runs (name, case) pairs on both libraries; every answer must be the same. Returns ours."""
    cases = [c for _, c in named_cases]
    ours, theirs = run_cases(cases, True), run_cases(cases, False)
    for (name, _), o, t in zip(named_cases, ours, theirs):
        check("crash" not in t, f"{name}: Debian's libvirt ran: {t.get('crash')}")
        if name in XML_PARSER_WORDING:
            check("err" in o and "err" in t, f"{name}: both fail\n  ours:     {o}\n  libvirt's: {t}")
            if o != t:
                print(f"NOTE {name}: the XML parser's wording differs\n  ours:      {o['err']}\n"
                      f"  libvirt's: {t['err']}")
            continue
        check(o == t, f"{name}: ours != libvirt's\n  ours:     {o}\n  libvirt's: {t}")
    return dict(zip([n for n, _ in named_cases], ours))


VMX = "vmware-vmx"

# first the export example, which also tells the datastore's mount path on the host
first = compare([("export example", ("to", VMX, export_xml(), 0))])
vmx_out = first["export example"].get("ok", "")
m = re.search(r'^scsi0:0\.fileName = "/vmfs/volumes/([^/"]+)/Fedora11/Fedora11\.vmdk"$', vmx_out, re.M)
check(m is not None, f"the export example names the disk by its mount path: {vmx_out!r}")
MOUNT = m.group(1) if m else "unknown"
check(MOUNT != DS, "the mount path is the datastore's UUID, not its name")

# ---- (a) the examples and their variations, compared with Debian's libvirt --------------------

VM_DISK = f"[{DS}] ha-host_VM0/disk1.vmdk"  # a VM's disk: the browser knows its controller
res = compare([
    # import (FromNative)
    ("import example", ("from", VMX, import_vmx(MOUNT), 0)),
    ("import example, datastore by name", ("from", VMX, import_vmx(DS), 0)),
    ("import example as documented (unknown datastore)", ("from", VMX, import_vmx(SEED_MOUNT), 0)),
    ("import: file beside the VMX", ("from", VMX, import_vmx(MOUNT, scsi0__0_fileName="Fedora11.vmdk"), 0)),
    ("import: absolute path outside datastores",
     ("from", VMX, import_vmx(MOUNT, scsi0__0_fileName="/usr/lib/vmware/disk.vmdk"), 0)),
    ("import: Windows path", ("from", VMX, import_vmx(MOUNT, scsi0__0_fileName="C:\\VMs\\f.vmdk"), 0)),
    ("import: bad /vmfs/volumes path", ("from", VMX, import_vmx(MOUNT, scsi0__0_fileName="/vmfs/volumes/x"), 0)),
    ("import: CD-ROM image on a missing datastore",
     ("from", VMX, IMPORT_VMX.replace("@MOUNT@", MOUNT).replace(
         'ide0:0.clientDevice = "true"\nide0:0.deviceType = "cdrom-raw"',
         'ide0:0.deviceType = "cdrom-image"\nide0:0.fileName = "/vmfs/volumes/nosuchds/x.iso"'), 0)),
    ("import: CD-ROM image on the datastore",
     ("from", VMX, IMPORT_VMX.replace("@MOUNT@", MOUNT).replace(
         'ide0:0.clientDevice = "true"\nide0:0.deviceType = "cdrom-raw"',
         f'ide0:0.deviceType = "cdrom-image"\nide0:0.fileName = "/vmfs/volumes/{DS}/iso/x.iso"'), 0)),
    ("import: disk on a missing datastore",
     ("from", VMX, import_vmx(MOUNT, scsi0__0_fileName="/vmfs/volumes/nosuchds/f/f.vmdk"), 0)),
    # export (ToNative)
    ("export example as documented (unknown datastore)",
     ("to", VMX, export_xml(source="[local-storage] Fedora11/Fedora11.vmdk"), 0)),
    ("export: model left out", ("to", VMX, export_xml(model=None), 0)),
    ("export: absolute source", ("to", VMX, export_xml(source="/usr/lib/vmware/disk.vmdk"), 0)),
    ("export: relative source", ("to", VMX, export_xml(source="Fedora11.vmdk"), 0)),
    ("export: bad datastore path", ("to", VMX, export_xml(source="[] x.vmdk"), 0)),
    ("export: auto model from a VM's disk", ("to", VMX, export_xml(source=VM_DISK, model="auto"), 0)),
    ("export: auto model, file not there",
     ("to", VMX, export_xml(source=f"[{DS}] ha-host_VM0/nothere.vmdk", model="auto"), 0)),
    ("export: auto model, folder not there",
     ("to", VMX, export_xml(source=f"[{DS}] NoSuchFolder/NoSuchFolder.vmdk", model="auto"), 0)),
    ("export: auto model, missing datastore",
     ("to", VMX, export_xml(source="[nosuchds] f/f.vmdk", model="auto"), 0)),
    ("export: auto model, not on a datastore",
     ("to", VMX, export_xml(source="/usr/lib/vmware/disk.vmdk", model="auto"), 0)),
    # round trips
    ("round trip XML -> VMX -> XML", ("xml-vmx-xml", VMX, export_xml(), 0)),
    ("round trip VMX -> XML -> VMX", ("vmx-xml-vmx", VMX, import_vmx(MOUNT), 0)),
    # errors
    ("from: unknown format", ("from", "xen-xm", import_vmx(MOUNT), 0)),
    ("to: unknown format", ("to", "vmware-vmxx", export_xml(), 0)),
    ("from: flags", ("from", VMX, import_vmx(MOUNT), 1)),
    ("to: flags", ("to", VMX, export_xml(), 4)),
    ("to: bad XML", ("to", VMX, "<domain type='vmware'><name>x</name>", 0)),
    ("to: not a domain", ("to", VMX, "<network/>", 0)),
    ("to: no name", ("to", VMX, "<domain type='vmware'><memory>1024</memory></domain>", 0)),
    ("from: bad VMX syntax", ("from", VMX, 'config.version = "8"\nthis is not vmx\n', 0)),
    ("from: wrong config.version", ("from", VMX, 'config.version = "7"\n', 0)),
    ("from: empty", ("from", VMX, "", 0)),
])


def ok(name):
    return res.get(name, {}).get("ok", "")


def err(name):
    return (res.get(name, {}).get("err") or [None, None, None, ""])


# what the answers say, beyond being libvirt's
xml = ok("import example")
check(f"<source file='[{DS}] Fedora11/Fedora11.vmdk'/>" in xml, f"import: the mount path becomes [{DS}]: {xml}")
check("<name>Fedora11</name>" in xml and "<uuid>50115e16-9bdc-49d7-f171-53c4d7f91710</uuid>" in xml,
      "import: name and uuid")
check("<mac address='00:50:56:91:48:c7'" in xml and "<source bridge='VM Network'/>" in xml, "import: NIC")
check(" id=" not in xml.split("\n")[0] and "xmlns:vmware" not in xml, "import: inactive, no VMware metadata")
check(ok("import example, datastore by name") == xml, "import: a path by datastore name gives the same XML")
check("<source file='[?] ?/Fedora11.vmdk'/>" in ok("import: file beside the VMX"),
      "import: a bare file name lies in '[?] ?', as libvirt has it")
check(err("import example as documented (unknown datastore)")[:2] == [libvirt.VIR_ERR_INTERNAL_ERROR, libvirt.VIR_FROM_ESX]
      and f"refers to non-existing datastore '{SEED_MOUNT}'" in err("import example as documented (unknown datastore)")[3],
      f"import: unknown datastore: {err('import example as documented (unknown datastore)')}")
check("<source file='/usr/lib/vmware/disk.vmdk'/>" in ok("import: absolute path outside datastores"),
      "import: absolute path kept")
check("Could not handle file name" in err("import: Windows path")[3], f"import: Windows path: {err('import: Windows path')}")
cd = ok("import: CD-ROM image on a missing datastore")
check("device='cdrom'" in cd and "nosuchds" not in cd, "import: a CD-ROM image on a missing datastore has no source")
check(f"<source file='[{DS}] iso/x.iso'/>" in ok("import: CD-ROM image on the datastore"), "import: CD-ROM image")

vmx = first["export example"].get("ok", "")
check('virtualHW.version = "10"' in vmx, "export: ESX 6.5 writes virtual hardware version 10")
check('scsi0.virtualDev = "lsilogic"' in vmx and 'ethernet0.address = "00:50:56:25:48:c7"' in vmx,
      "export: controller and MAC")
check(err("export example as documented (unknown datastore)")[3]
      == "internal error: Could not find datastore with name 'local-storage'", "export: unknown datastore")
check("scsi0.virtualDev" not in ok("export: model left out"), "export: no model, no virtualDev (libvirt 9.0)")
check('scsi0:0.fileName = "/usr/lib/vmware/disk.vmdk"' in ok("export: absolute source"), "export: absolute source kept")
check(err("export: bad datastore path")[0] == libvirt.VIR_ERR_INVALID_ARG, f"export: bad datastore path: {err('export: bad datastore path')}")
check('scsi0.virtualDev = "pvscsi"' in ok("export: auto model from a VM's disk"),
      "export: auto model detected from the VM's disk (ParaVirtual)")
check(err("export: auto model, file not there")[0] == libvirt.VIR_ERR_NO_STORAGE_VOL,
      f"export: auto model, file not there: {err('export: auto model, file not there')}")
check("Could not search in datastore" in err("export: auto model, folder not there")[3],
      f"export: auto model, folder not there: {err('export: auto model, folder not there')}")
check("Could not find datastore with name 'nosuchds'" in err("export: auto model, missing datastore")[3],
      "export: auto model, missing datastore")
check("but found 'auto'" in err("export: auto model, not on a datastore")[3], "export: auto model off datastores")

for name, fmt in [("from: unknown format", "xen-xm"), ("to: unknown format", "vmware-vmxx")]:
    check(err(name)[:2] == [libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_ESX]
          and err(name)[3] == f"invalid argument: Unsupported config format '{fmt}'", f"{name}: {err(name)}")
check(err("from: flags")[0] == libvirt.VIR_ERR_INVALID_ARG and "0x1" in err("from: flags")[3], "from: flags refused")
check(err("to: flags")[0] == libvirt.VIR_ERR_INVALID_ARG and "0x4" in err("to: flags")[3], "to: flags refused")
check(err("to: bad XML")[0] == libvirt.VIR_ERR_XML_ERROR, f"to: bad XML: {err('to: bad XML')}")
check(err("from: bad VMX syntax")[0] is not None, "from: bad VMX syntax is an error")

# ---- (b) round trips keep what the examples say ------------------------------------------------

rt = res.get("round trip XML -> VMX -> XML", {})
for piece in ["<name>Fedora11</name>", "<uuid>50115e16-9bdc-49d7-f171-53c4d7f91710</uuid>",
              "<memory unit='KiB'>1048576</memory>", f"<source file='[{DS}] Fedora11/Fedora11.vmdk'/>",
              "<controller type='scsi' index='0' model='lsilogic'/>", "<mac address='00:50:56:25:48:c7'",
              "<source bridge='VM Network'/>", "<target dev='sda' bus='scsi'/>"]:
    check(piece in rt.get("ok", ""), f"XML -> VMX -> XML keeps {piece}: {rt}")
rt2 = res.get("round trip VMX -> XML -> VMX", {})
for piece in ['displayName = "Fedora11"', 'memsize = "1024"', 'scsi0.virtualDev = "lsilogic"',
              f'scsi0:0.fileName = "/vmfs/volumes/{MOUNT}/Fedora11/Fedora11.vmdk"',
              'uuid.bios = "50 11 5e 16 9b dc 49 d7-f1 71 53 c4 d7 f9 17 10"',
              'ethernet0.networkName = "VM Network"', 'ethernet0.generatedAddress = "00:50:56:91:48:c7"']:
    check(piece in rt2.get("ok", ""), f"VMX -> XML -> VMX keeps {piece}: {rt2}")
# converting the round trip's VMX again changes nothing
again = run_cases([("vmx-xml-vmx", VMX, rt2.get("ok", ""), 0)], True)[0]
check(again.get("ok") == rt2.get("ok"), "VMX -> XML -> VMX is stable")

# ---- in this process (our library): argument checks and the other servers ----------------------

def cred_cb(user, password):
    def cb(creds, data):
        for c in creds:
            c[4] = user if c[0] == libvirt.VIR_CRED_AUTHNAME else password
        return 0
    return [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None]


def soap_calls(reset=False):
    """The ESX_TLS simulator's SOAP call counts (it runs with -count-calls)."""
    import ssl
    import urllib.request
    url = f"https://{ESX}/_calls" + ("/reset" if reset else "")
    req = urllib.request.Request(url, method="POST" if reset else "GET")
    with urllib.request.urlopen(req, context=ssl._create_unverified_context(), timeout=30) as r:
        return json.load(r)


c = libvirt.openAuth(URI, cred_cb("root", "secret"), 0)
soap_calls(reset=True)
check(c.domainXMLToNative(VMX, export_xml(), 0) == vmx, "in-process conversion matches the child's")
n = soap_calls()
check(n.get("calls") == {"RetrievePropertiesEx": 1}, f"ToNative reads the datastores in one call: {n}")
soap_calls(reset=True)
check(c.domainXMLFromNative(VMX, import_vmx(MOUNT), 0) == xml, "in-process FromNative matches the child's")
n = soap_calls()
check(n.get("calls") == {"RetrievePropertiesEx": 1}, f"FromNative reads the datastores in one call: {n}")
soap_calls(reset=True)
c.domainXMLFromNative(VMX, import_vmx(MOUNT, scsi0__0_fileName="f.vmdk",
                                     sched_swap_derivedName="f.vswp"), 0)
n = soap_calls()
check(n.get("total") == 0, f"bare file names need no call: {n}")
c.close()

c = libvirt.openAuth(URI, cred_cb("root", "secret"), libvirt.VIR_CONNECT_RO)
try:
    c.domainXMLToNative(VMX, export_xml(), 0)
    check(False, "read-only connection refuses ToNative")
except libvirt.libvirtError as e:
    check(e.get_error_code() == libvirt.VIR_ERR_OPERATION_DENIED, f"read-only: {e}")
c.close()

# the vcsim reply form over plain http: same answers
http = run_cases([("to", VMX, export_xml(), 0), ("from", VMX, import_vmx(MOUNT), 0)], True,
                 f"esx://{ESX_HTTP}/?transport=http", "user", "pass")
check(http[0].get("ok") == vmx, f"plain-http ESX: same VMX: {http[0]}")
check(http[1].get("ok") == xml, f"plain-http ESX: same XML: {http[1]}")

# a vCenter (6.5): the host's datastores and their mounts there, hardware version 10
for path in ["/F0/DC0/F0/DC0_H0", "/F0/DC0/F0/DC0_C0/DC0_C0_H2"]:
    vpx = run_cases([("to", VMX, export_xml(), 0), ("from", VMX, import_vmx(DS), 0),
                     ("from", VMX, import_vmx(MOUNT), 0)],
                    True, f"vpx://{VPX}{path}?no_verify=1", "administrator", "secret")
    check(vpx[0].get("ok") == vmx, f"vCenter {path}: export as on the ESX: {vpx[0]}")
    check(vpx[1].get("ok") == xml and vpx[2].get("ok") == xml, f"vCenter {path}: import: {vpx[1:]}")

print(f"python-native: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
