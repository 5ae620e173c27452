#!/usr/bin/python3
"""Storage calls through python3-libvirt, printed as JSON: run by test_storage.py once on our
library and once on Debian's libvirt, each on its own fresh simulator (which the calls change).
Usage: storage_ops.py URI PHASE (credentials STORAGE_OPS_USER/STORAGE_OPS_PASS, default
root/secret). Each step's answer, or its error as
["error", code, domain, message], is recorded under a label."""
import json
import os
import sys

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)


def cb(creds, data):
    for c in creds:
        c[4] = (os.environ.get("STORAGE_OPS_USER", "root") if c[0] == libvirt.VIR_CRED_AUTHNAME
                else os.environ.get("STORAGE_OPS_PASS", "secret"))
    return 0


uri, phase = sys.argv[1], sys.argv[2]
c = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
out = []
ISCSI = "iqn.2026-01.org.libvirt-esx:storage.target0"
LUN0 = "/vmfs/devices/disks/naa.6001405a1b2c3d4e5f60718293a4b5c6"


def step(label, f):
    try:
        r = f()
    except libvirt.libvirtError as e:
        r = ["error", e.get_error_code(), e.get_error_domain(), str(e)]
    except Exception as e:  # what python3-libvirt itself refuses
        r = ["python", type(e).__name__, str(e)]
    out.append([label, r])
    return r


def vol_id(v):
    return [v.name(), v.key(), v.path()]


def vol_all(v):
    return [v.name(), v.key(), v.path(), v.info(), v.XMLDesc(0)]


def pool_all(p):
    return [p.name(), p.UUIDString(), p.info(), p.autostart(), p.isActive(), p.isPersistent(),
            p.numOfVolumes(), p.listVolumes()]


def disk_xml(name, capacity, allocation=None, fmt="vmdk", unit="M", vtype=None, extra=""):
    t = f" type='{vtype}'" if vtype else ""
    a = "" if allocation is None else f"<allocation unit='{unit}'>{allocation}</allocation>"
    f = f"<target><format type='{fmt}'/></target>" if fmt else ""
    return (f"<volume{t}><name>{name}</name><capacity unit='{unit}'>{capacity}</capacity>{a}{f}"
            f"{extra}</volume>")


pool = lambda n: c.storagePoolLookupByName(n)  # noqa: E731
local = pool("LocalDS_0") if phase != "readonly" else None

if phase == "pools":
    step("numOfStoragePools", c.numOfStoragePools)
    names = step("listStoragePools", c.listStoragePools)
    step("numOfDefinedStoragePools", c.numOfDefinedStoragePools)
    step("listDefinedStoragePools", c.listDefinedStoragePools)
    for n in names:
        p = pool(n)
        step(f"{n}: all", lambda: pool_all(p))
        step(f"{n}: XMLDesc", lambda: p.XMLDesc(0))
        step(f"{n}: by UUID", lambda: c.storagePoolLookupByUUID(p.UUID()).name())
        step(f"{n}: by UUIDString", lambda: c.storagePoolLookupByUUIDString(p.UUIDString()).name())
        step(f"{n}: refresh", lambda: p.refresh(0))
        step(f"{n}: setAutostart 1", lambda: p.setAutostart(1))
        step(f"{n}: setAutostart 0", lambda: p.setAutostart(0))
        step(f"{n}: XMLDesc flags", lambda: p.XMLDesc(1))
        step(f"{n}: refresh flags", lambda: p.refresh(1))
    step("pool by name: missing", lambda: pool("nope"))
    step("pool by UUIDString: missing",
         lambda: c.storagePoolLookupByUUIDString("00000000-0000-0000-0000-000000000000"))
    step("pool by UUIDString: malformed", lambda: c.storagePoolLookupByUUIDString("not-a-uuid"))

if phase == "volumes":
    for n in ["LocalDS_0", ISCSI]:
        p = pool(n)
        for vn in p.listVolumes():
            v = step(f"{n} {vn}: by name", lambda: vol_all(p.storageVolLookupByName(vn)))
            if v[0] == "error":
                continue
            step(f"{n} {vn}: by path", lambda: vol_id(c.storageVolLookupByPath(v[2])))
            step(f"{n} {vn}: by key", lambda: vol_id(c.storageVolLookupByKey(v[1])))
            step(f"{n} {vn}: pool",
                 lambda: p.storageVolLookupByName(vn).storagePoolLookupByVolume().name())
            step(f"{n} {vn}: XMLDesc flags", lambda: p.storageVolLookupByName(vn).XMLDesc(1))
    # creating: thin, preallocated, and each of libvirt's refusals
    step("create thin", lambda: vol_all(local.createXML(disk_xml("store/thin.vmdk", 10, 0), 0)))
    step("create preallocated",
         lambda: vol_all(local.createXML(disk_xml("store/full.vmdk", 4, 4), 0)))
    step("create default allocation",
         lambda: vol_all(local.createXML(disk_xml("other/dflt.vmdk", 2048, unit="KiB"), 0)))
    step("create in VMFS_0", lambda: vol_all(pool("VMFS_0").createXML(
        disk_xml("vm1/disk.vmdk", 1, 0, unit="G"), 0)))
    step("create in NFS_0", lambda: vol_all(pool("NFS_0").createXML(
        disk_xml("vm2/disk.vmdk", 512, 0, unit="KiB"), 0)))
    step("create: exists", lambda: local.createXML(disk_xml("store/thin.vmdk", 10, 0), 0))
    step("create: partial allocation", lambda: local.createXML(disk_xml("store/p.vmdk", 10, 5), 0))
    step("create: no folder", lambda: local.createXML(disk_xml("flat.vmdk", 1, 0), 0))
    step("create: leading slash", lambda: local.createXML(disk_xml("/x/flat.vmdk", 1, 0), 0))
    step("create: trailing slash", lambda: local.createXML(disk_xml("store/", 1, 0), 0))
    step("create: suffix", lambda: local.createXML(disk_xml("store/a.img", 1, 0), 0))
    step("create: raw format", lambda: local.createXML(disk_xml("store/r.vmdk", 1, 0, fmt="raw"), 0))
    step("create: default format", lambda: local.createXML(disk_xml("store/r.vmdk", 1, 0, fmt=None), 0))
    step("create: block type", lambda: local.createXML(disk_xml("store/b.vmdk", 1, 0, vtype="block"), 0))
    step("create: unknown type", lambda: local.createXML(disk_xml("store/b.vmdk", 1, 0, vtype="x"), 0))
    step("create: unknown format", lambda: local.createXML(disk_xml("store/u.vmdk", 1, 0, fmt="x"), 0))
    step("create: bad unit", lambda: local.createXML(disk_xml("store/u.vmdk", 1, 0, unit="Q"), 0))
    step("create: bad capacity", lambda: local.createXML(
        "<volume><name>store/c.vmdk</name><capacity>ten</capacity></volume>", 0))
    step("create: no capacity", lambda: local.createXML("<volume><name>store/c.vmdk</name></volume>", 0))
    step("create: no name", lambda: local.createXML("<volume><capacity>1</capacity></volume>", 0))
    step("create: root element", lambda: local.createXML("<pool><name>x</name></pool>", 0))
    step("create: bad mode", lambda: local.createXML(disk_xml(
        "store/m.vmdk", 1, 0, fmt=None,
        extra="<target><format type='vmdk'/><permissions><mode>9999</mode></permissions></target>"), 0))
    step("create: flags", lambda: local.createXML(disk_xml("store/f.vmdk", 1, 0), 1))
    step("create: in iSCSI pool", lambda: pool(ISCSI).createXML(disk_xml("store/i.vmdk", 1, 0), 0))
    # cloning
    thin = local.storageVolLookupByName("store/thin.vmdk")
    step("clone", lambda: vol_all(local.createXMLFrom(disk_xml("copies/clone.vmdk", 10, 0), thin, 0)))
    step("clone to VMFS_0", lambda: vol_all(pool("VMFS_0").createXMLFrom(
        disk_xml("vm1/clone.vmdk", 10, 0), thin, 0)))
    step("clone: exists", lambda: local.createXMLFrom(disk_xml("copies/clone.vmdk", 10, 0), thin, 0))
    step("clone: suffix", lambda: local.createXMLFrom(disk_xml("copies/c.raw", 10, 0), thin, 0))
    step("clone: flags", lambda: local.createXMLFrom(disk_xml("copies/c2.vmdk", 10, 0), thin, 1))
    step("clone: into iSCSI pool", lambda: pool(ISCSI).createXMLFrom(
        disk_xml("copies/c3.vmdk", 10, 0), thin, 0))
    # wiping and deleting
    step("wipe thin", lambda: thin.wipe(0))
    step("wipe: flags", lambda: thin.wipe(1))
    step("wipe LUN", lambda: c.storageVolLookupByPath(LUN0).wipe(0))
    step("delete LUN", lambda: c.storageVolLookupByPath(LUN0).delete(0))
    clone = local.storageVolLookupByName("copies/clone.vmdk")
    step("delete: flags", lambda: clone.delete(1))
    step("delete clone", lambda: clone.delete(0))
    step("clone gone: by name", lambda: local.storageVolLookupByName("copies/clone.vmdk"))
    step("clone gone: info", lambda: clone.info())
    step("clone gone: XMLDesc", lambda: clone.XMLDesc(0))
    step("clone gone: delete", lambda: clone.delete(0))
    step("clone gone: wipe", lambda: clone.wipe(0))
    # after the changes
    step("LocalDS_0 volumes", lambda: local.listVolumes())
    step("LocalDS_0 volumes count", lambda: local.numOfVolumes())
    step("VMFS_0 volumes", lambda: pool("VMFS_0").listVolumes())
    step("LocalDS_0 info after refresh", lambda: [local.refresh(0), local.info()])
    for vn in ["store/thin.vmdk", "store/full.vmdk", "other/dflt.vmdk"]:
        v = step(f"{vn}: all", lambda: vol_all(local.storageVolLookupByName(vn)))
        step(f"{vn}: by path", lambda: vol_id(c.storageVolLookupByPath(v[2])))
        step(f"{vn}: by key", lambda: vol_id(c.storageVolLookupByKey(v[1])))
    # images
    for vn in ["iso/boot.iso", "iso/floppy.flp"]:
        step(f"{vn}: all", lambda: vol_all(local.storageVolLookupByName(vn)))
        step(f"{vn}: by key", lambda: vol_id(c.storageVolLookupByKey(f"[LocalDS_0] {vn}")))
    # the lookups' errors
    step("by name: missing", lambda: local.storageVolLookupByName("store/nope.vmdk"))
    step("by name: missing folder", lambda: local.storageVolLookupByName("nodir/x.vmdk"))
    step("by name: a folder", lambda: local.storageVolLookupByName("store/"))
    step("by path: missing", lambda: c.storageVolLookupByPath("[LocalDS_0] store/nope.vmdk"))
    step("by path: no datastore", lambda: c.storageVolLookupByPath("[Nope] x/y.vmdk"))
    step("by path: malformed", lambda: c.storageVolLookupByPath("[] x"))
    step("by path: relative", lambda: c.storageVolLookupByPath("store/thin.vmdk"))
    step("by key: missing", lambda: c.storageVolLookupByKey("00000000-0000-0000-0000-000000000000"))
    step("by key: missing path", lambda: c.storageVolLookupByKey("[LocalDS_0] store/nope.vmdk"))
    step("by key: LUN path", lambda: vol_id(c.storageVolLookupByKey(LUN0)))
    # the LUNs
    step("LUN by path", lambda: vol_all(c.storageVolLookupByPath(LUN0)))
    step("LUN pool", lambda: c.storageVolLookupByPath(LUN0).storagePoolLookupByVolume().name())
    step("LUN by name: not a disk", lambda: vol_id(pool(ISCSI).storageVolLookupByName(
        "/vmfs/devices/cdrom/mpx.vmhba1:C0:T0:L0")))
    step("LUN not a disk: info", lambda: pool(ISCSI).storageVolLookupByName(
        "/vmfs/devices/cdrom/mpx.vmhba1:C0:T0:L0").info())
    step("LUN not a disk: XMLDesc", lambda: pool(ISCSI).storageVolLookupByName(
        "/vmfs/devices/cdrom/mpx.vmhba1:C0:T0:L0").XMLDesc(0))
    # where libvirt 9.0 fails without saying why, or makes what it cannot find again
    step("LUN by name: missing", lambda: pool(ISCSI).storageVolLookupByName("nope"))
    step("LUN by path: missing", lambda: c.storageVolLookupByPath("/vmfs/devices/disks/nope"))
    step("LUN by path: local disk",
         lambda: c.storageVolLookupByPath("/vmfs/devices/disks/mpx.vmhba0:C0:T0:L0"))
    step("create nested", lambda: vol_id(local.createXML(disk_xml("a/b/c.vmdk", 1, 0), 0)))
    step("nested: info", lambda: local.storageVolLookupByName("a/b/c.vmdk").info())
    step("create: special characters",
         lambda: vol_id(local.createXML(disk_xml("store/w:e%i.vmdk", 1, 0), 0)))
    step("LUN create from", lambda: local.createXMLFrom(
        disk_xml("copies/lun.vmdk", 1, 0), c.storageVolLookupByPath(LUN0), 0))

if phase == "ovirt":
    # oVirt's importer: each disk of each guest, looked up by path, its info and key
    import xml.etree.ElementTree as ET
    for d in sorted(c.listAllDomains(), key=lambda d: d.name()):
        for disk in ET.fromstring(d.XMLDesc(0)).findall("./devices/disk"):
            src = disk.find("source")
            path = src.get("file") if src is not None else None
            if path:
                step(f"{d.name()} {path}", lambda: [
                    c.storageVolLookupByPath(path).info(), c.storageVolLookupByPath(path).key()])

if phase == "ro":
    ro = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None],
                          libvirt.VIR_CONNECT_RO)
    rp = ro.storagePoolLookupByName("LocalDS_0")
    rv = rp.storageVolLookupByName("ha-host_VM0/disk1.vmdk")
    step("ro: info", lambda: [rp.info()[0], rv.info()])
    step("ro: refresh", lambda: rp.refresh(0))
    step("ro: setAutostart", lambda: rp.setAutostart(1))
    step("ro: createXML", lambda: rp.createXML(disk_xml("ro/x.vmdk", 1, 0), 0))
    step("ro: createXMLFrom", lambda: rp.createXMLFrom(disk_xml("ro/x.vmdk", 1, 0), rv, 0))
    step("ro: clone from a read-only volume", lambda: local.createXMLFrom(
        disk_xml("ro/y.vmdk", 1, 0), rv, 0))
    step("ro: wipe", lambda: rv.wipe(0))
    step("ro: delete", lambda: rv.delete(0))

if phase == "readonly":
    names = step("listStoragePools", c.listStoragePools)
    for n in names:
        p = pool(n)
        step(f"{n}: all", lambda: pool_all(p))
        step(f"{n}: XMLDesc", lambda: p.XMLDesc(0))
        for vn in p.listVolumes()[:3]:
            v = step(f"{n} {vn}", lambda: vol_all(p.storageVolLookupByName(vn)))
            step(f"{n} {vn}: by path", lambda: vol_id(c.storageVolLookupByPath(v[2])))
            step(f"{n} {vn}: by key", lambda: vol_id(c.storageVolLookupByKey(v[1])))

if phase == "beyond":
    # what libvirt's ESX driver lacks: listing all, resizing, info with flags
    F = {n: getattr(libvirt, "VIR_CONNECT_LIST_STORAGE_POOLS_" + n) for n in [
        "ACTIVE", "INACTIVE", "PERSISTENT", "TRANSIENT", "AUTOSTART", "NO_AUTOSTART", "DIR", "FS",
        "NETFS", "ISCSI", "LOGICAL"]}
    step("listAllStoragePools", lambda: sorted(p.name() for p in c.listAllStoragePools(0)))
    for n, f in F.items():
        step(f"listAllStoragePools {n}", lambda: sorted(p.name() for p in c.listAllStoragePools(f)))
    step("listAllStoragePools NETFS|ISCSI", lambda: sorted(
        p.name() for p in c.listAllStoragePools(F["NETFS"] | F["ISCSI"])))
    step("listAllStoragePools bad flag", lambda: c.listAllStoragePools(1 << 30))
    for n in ["LocalDS_0", ISCSI]:
        step(f"{n}: listAllVolumes", lambda: [vol_id(v) for v in pool(n).listAllVolumes(0)])
        step(f"{n}: by name", lambda: [vol_id(pool(n).storageVolLookupByName(v))
                                       for v in pool(n).listVolumes()])
    step("listAllVolumes flags", lambda: local.listAllVolumes(1))
    thin = local.storageVolLookupByName("store/thin.vmdk")
    full = local.storageVolLookupByName("store/full.vmdk")
    R = libvirt
    step("resize to 20M", lambda: [thin.resize(20 << 20, 0), thin.info()])
    step("resize by 1M", lambda: [thin.resize(1 << 20, R.VIR_STORAGE_VOL_RESIZE_DELTA), thin.info()])
    step("resize to the same", lambda: [thin.resize(21 << 20, 0), thin.info()])
    step("resize: shrink", lambda: thin.resize(5 << 20, 0))
    step("resize: shrink flag", lambda: thin.resize(5 << 20, R.VIR_STORAGE_VOL_RESIZE_SHRINK))
    step("resize: zero", lambda: thin.resize(0, 0))
    step("resize: flags", lambda: thin.resize(30 << 20, 8))
    step("resize preallocated", lambda: [
        full.resize(8 << 20, R.VIR_STORAGE_VOL_RESIZE_ALLOCATE), full.info()])
    step("resize: image", lambda: local.storageVolLookupByName("iso/boot.iso").resize(1 << 20, 0))
    step("resize: LUN", lambda: c.storageVolLookupByPath(LUN0).resize(8 << 30, 0))
    step("XMLDesc after resize", lambda: thin.XMLDesc(0))
    step("infoFlags 0", lambda: [thin.infoFlags(0), thin.info()])
    step("infoFlags physical", lambda: [thin.infoFlags(R.VIR_STORAGE_VOL_GET_PHYSICAL),
                                        c.storageVolLookupByPath(LUN0).infoFlags(1)])
    step("infoFlags bad", lambda: thin.infoFlags(2))

if phase == "inaccessible":
    p = pool("NFS_0")
    step("NFS_0 info", lambda: p.info())
    step("NFS_0 XMLDesc", lambda: p.XMLDesc(0))

print(json.dumps(out))
