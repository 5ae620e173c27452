#!/usr/bin/python3
"""Storage pools and volumes through Debian's python3-libvirt. The scenario (storage_ops.py:
pools, volumes made, cloned, wiped, deleted, looked up by name, path and key, refreshed, and
each of libvirt's errors; oVirt's lookup of each guest disk by path; a read-only connection)
runs through our library and through Debian's libvirt 9.0, each on its own fresh ESX simulator
with every kind of datastore and an iSCSI target (STORAGE_OURS, STORAGE_THEIRS), and every
answer, XML and error must be identical, except where libvirt 9.0 fails (listed below and in
the README). Read-only calls are compared on a vCenter too (VPX_MANAGER); then what libvirt's
ESX driver lacks (listing all, resizing, info with flags) is checked on ours, and the calls run
on the plain-form simulator (ESX_HTTP, vcsim's own wire format).

Prints "python-storage: N passed, M failed".
"""
import base64
import json
import os
import ssl
import subprocess
import sys
import urllib.request

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))
ISCSI = "iqn.2026-01.org.libvirt-esx:storage.target0"


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def http(addr, method, path, data=None):
    req = urllib.request.Request(f"https://{addr}{path}", data=data, method=method)
    # /folder, as on ESX, wants a session or the host's credentials
    req.add_header("Authorization", "Basic " + base64.b64encode(b"root:secret").decode())
    with urllib.request.urlopen(req, context=CTX, timeout=60) as r:
        return r.read()


def prepare(addr):
    """An ISO and a floppy image on LocalDS_0."""
    for name, data in [("iso/boot.iso", b"ISO-DATA"), ("iso/floppy.flp", b"FLP")]:
        http(addr, "PUT", f"/folder/{name}?dcPath=ha-datacenter&dsName=LocalDS_0", data)


def run(uri, ours, phase, creds=None):
    e = dict(os.environ)
    if creds:
        e["STORAGE_OPS_USER"] = os.environ[creds + "_USER"]
        e["STORAGE_OPS_PASS"] = os.environ[creds + "_PASS"]
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "storage_ops.py"), uri, phase],
                       env=e, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return [["failed", r.stderr[-800:]]]
    return json.loads(r.stdout)


def calls(addr, reset=False):
    return json.loads(http(addr, "POST" if reset else "GET", "/_calls/reset" if reset else "/_calls"))


def error(code, message=None):
    """An expected error: its code, and its message if given."""
    return lambda r: r[0] == "error" and r[1] == code and (message is None or r[3] == message)


UNKNOWN = error(1, "An error occurred, but the cause is unknown")

# Where libvirt 9.0 fails, what each side answers: label -> (ours, libvirt's)
KNOWN = {
    # libvirt 9.0 refuses NFS 4.1 datastores; ours are netfs pools with protocol version 4.1
    "NFS41_0: XMLDesc": (
        lambda r: "<format type='nfs'/>\n    <protocol ver='4.1'/>" in r,
        error(1, "internal error: Datastore has unexpected type 'NFS41'")),
    # libvirt fails with no reason when no LUN has the name or path
    "LUN by name: missing": (
        error(50, "Storage volume not found: no storage vol with matching name 'nope'"), UNKNOWN),
    "LUN by path: missing": (
        error(50, "Storage volume not found: no storage vol with matching path "
                  "'/vmfs/devices/disks/nope'"), UNKNOWN),
    # a local disk is in no iSCSI pool: libvirt makes a volume of no pool and fails
    "LUN by path: local disk": (
        error(50), error(8, "pool in virGetStorageVol must not be NULL")),
    # libvirt answers with another LUN's size for a LUN that is no disk
    "LUN not a disk: info": (
        error(50, "Storage volume not found: Could not find volume with name: "
                  "/vmfs/devices/cdrom/mpx.vmhba1:C0:T0:L0"),
        lambda r: r == [1, 4294967296, 4294967296]),
    # libvirt escapes the '/' between nested folders: it makes 'a+Lw-b/c.vmdk' and names the
    # volume 'a/b/c.vmdk', which it then cannot find
    "create nested": (
        lambda r: r[0] == "a/b/c.vmdk" and r[2] == "[LocalDS_0] a/b/c.vmdk",
        lambda r: r[0] == "a/b/c.vmdk" and r[2] == "[LocalDS_0] a/b/c.vmdk"),
    "nested: info": (
        lambda r: r[0] == 0 and r[1] == 1 << 20,
        error(1, "internal error: Could not search in datastore 'LocalDS_0': "
                 "FileNotFound - FileNotFound")),
    # libvirt names the volume as asked, not as the file it made is called
    "create: special characters": (
        lambda r: r[0] == "store/w_e+JQ-25i.vmdk",
        lambda r: r[0] == "store/w:e%i.vmdk"),
}

mine, theirs = os.environ["STORAGE_OURS_ADDR"], os.environ["STORAGE_THEIRS_ADDR"]
prepare(mine)
prepare(theirs)
uri = "esx://{}/?no_verify=1"
results = {}
soap = {}
for phase in ["pools", "volumes", "ovirt", "ro", "inaccessible"]:
    if phase == "inaccessible":
        for addr in (mine, theirs):
            http(addr, "POST", "/_datastore?name=NFS_0&accessible=false")
    calls(mine, True)
    calls(theirs, True)
    a, b = run(uri.format(mine), True, phase), run(uri.format(theirs), False, phase)
    soap[phase] = (calls(mine)["total"], calls(theirs)["total"])
    check(len(a) == len(b) and len(a) > 1, f"{phase}: {len(a)} and {len(b)} steps: {a[:1]} {b[:1]}")
    for (la, ra), (lb, rb) in zip(a, b):
        if la in KNOWN:
            ok_ours, ok_theirs = KNOWN[la]
            check(la == lb and ok_ours(ra) and ok_theirs(rb),
                  f"{la} (a known difference): ours {ra!r}, libvirt's {rb!r}")
        else:
            check(la == lb and ra == rb, f"{la}: ours {ra!r} != libvirt's {rb!r}")
    results.update({label: r for label, r in a})
    check(soap[phase][0] <= soap[phase][1],
          f"{phase}: {soap[phase][0]} SOAP calls, libvirt {soap[phase][1]}")
print("SOAP calls by phase (ours, libvirt's): "
      + ", ".join(f"{p} {o}/{t}" for p, (o, t) in soap.items()))

# our answers are right, not just libvirt's
check(results.get("listStoragePools") == ["LocalDS_0", "VMFS_0", "NFS_0", "NFS41_0", "CIFS_0",
                                          ISCSI], f"pools: {results.get('listStoragePools')}")
check(results.get("create thin", [None] * 4)[3] == [0, 10 << 20, 347], "thin disk: 10 MiB, descriptor only")
check(results.get("create preallocated", [None] * 4)[3][2] >= 4 << 20, "preallocated disk allocated")
check(results.get("NFS_0 info") == [4, 0, 0, 0], f"inaccessible pool: {results.get('NFS_0 info')}")
check(all(k.startswith("ha-host_VM") and r[1].count("-") == 4 for k, r in results.items()
          if k.startswith("ha-host_VM")), "oVirt: a UUID key for every guest disk")

# the same read-only calls on a vCenter (keys are paths there, as libvirt has them)
vpx = f"vpx://{os.environ['VPX_MANAGER_ADDR']}/DC0/DC0_C0/DC0_C0_H1?no_verify=1"
a, b = run(vpx, True, "readonly", "VPX_MANAGER"), run(vpx, False, "readonly", "VPX_MANAGER")
check(len(a) == len(b) and len(a) > 5, f"vCenter: {len(a)} and {len(b)} steps: {a[:1]} {b[:1]}")
for (la, ra), (lb, rb) in zip(a, b):
    check(la == lb and ra == rb, f"vCenter {la}: ours {ra!r} != libvirt's {rb!r}")

# beyond libvirt, on ours
r = dict(run(uri.format(mine), True, "beyond"))
every = sorted(["LocalDS_0", "VMFS_0", "NFS_0", "NFS41_0", "CIFS_0", ISCSI])
expect = {
    "listAllStoragePools": every,
    "listAllStoragePools ACTIVE": every,
    "listAllStoragePools INACTIVE": [],
    "listAllStoragePools PERSISTENT": every,
    "listAllStoragePools TRANSIENT": [],
    "listAllStoragePools AUTOSTART": every,
    "listAllStoragePools NO_AUTOSTART": [],
    "listAllStoragePools DIR": ["LocalDS_0"],
    "listAllStoragePools FS": ["VMFS_0"],
    "listAllStoragePools NETFS": ["CIFS_0", "NFS41_0", "NFS_0"],
    "listAllStoragePools ISCSI": [ISCSI],
    "listAllStoragePools LOGICAL": [],
    "listAllStoragePools NETFS|ISCSI": ["CIFS_0", "NFS41_0", "NFS_0", ISCSI],
    "resize to 20M": [0, [0, 20 << 20, 347]],
    "resize by 1M": [0, [0, 21 << 20, 347]],
    "resize to the same": [0, [0, 21 << 20, 347]],
    "infoFlags 0": [[0, 21 << 20, 347], [0, 21 << 20, 347]],
    "infoFlags physical": [[0, 21 << 20, 347], [1, 1 << 30, 1 << 30]],
}
for label, want in expect.items():
    check(r.get(label) == want, f"{label}: {r.get(label)!r}, expected {want!r}")
for n in ["LocalDS_0", ISCSI]:
    check(r.get(f"{n}: listAllVolumes") == r.get(f"{n}: by name") and r.get(f"{n}: by name"),
          f"{n}: listAllVolumes {r.get(f'{n}: listAllVolumes')} != {r.get(f'{n}: by name')}")
check(r.get("resize preallocated", [0, [0, 0, 0]])[1][1:] >= [8 << 20, 8 << 20],
      f"preallocated disk grown: {r.get('resize preallocated')}")
for label, code in [("listAllStoragePools bad flag", 8), ("listAllVolumes flags", 8),
                    ("resize: shrink", 8), ("resize: shrink flag", 3), ("resize: zero", 8),
                    ("resize: flags", 8), ("resize: image", 3), ("resize: LUN", 3),
                    ("infoFlags bad", 8)]:
    check(error(code)(r.get(label, [None])), f"{label}: {r.get(label)!r}")
check("<capacity unit='bytes'>22020096</capacity>" in r.get("XMLDesc after resize", ""),
      "XML after resize")

# vcsim's own wire format (untyped array items, vcsim's prefix): every read works
plain = run(f"esx://{os.environ['ESX_HTTP_ADDR']}/?transport=http", True, "readonly", "ESX_HTTP")
check(len(plain) > 5 and all(r[0] != "error" for _, r in plain if isinstance(r, list) and r),
      f"plain vcsim: {plain[:3]}")
check(dict(plain).get("listStoragePools") == ["LocalDS_0", ISCSI],
      f"plain vcsim pools: {dict(plain).get('listStoragePools')}")

print(f"python-storage: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
