#!/usr/bin/python3
"""The snapshot calls libvirt's ESX driver implements, through python3-libvirt, printed as
JSON: run by test_snapshots.py once on our library and once on Debian's libvirt, each on its own
fresh simulator (the calls change ha-host_VM0's snapshots). Usage: snapshot_ops.py URI
(credentials root/secret; ha-host_VM0 powered on, without snapshots). Each step's answer, or
its error as ["error", code, domain, message], is recorded; creation times and the domain's
UUID are replaced by placeholders (they differ between the two simulators)."""
import json
import re
import ssl
import sys
import time
import urllib.parse
import urllib.request

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
d = c.lookupByName("ha-host_VM0")
uuid = d.UUIDString()
out = []
started = int(time.time())


def norm(v):
    """Creation times (checked to be now) and the UUID as placeholders; handles as names."""
    if isinstance(v, libvirt.virDomainSnapshot):
        return ["snapshot", norm(v.getName())]
    if isinstance(v, str):
        def when(m):
            return "NOW" if abs(int(m.group(0)) - started) < 600 else m.group(0)
        v = re.sub(r"\b\d{9,11}\b", when, v).replace(uuid, "UUID")
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    return v


def step(label, f):
    try:
        r = norm(f())
    except libvirt.libvirtError as e:
        r = ["error", e.get_error_code(), e.get_error_domain(), norm(str(e))]
    out.append([label, r])
    return r


S = libvirt
LIST = [0, S.VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, S.VIR_DOMAIN_SNAPSHOT_LIST_LEAVES,
        S.VIR_DOMAIN_SNAPSHOT_LIST_ROOTS | S.VIR_DOMAIN_SNAPSHOT_LIST_LEAVES,
        S.VIR_DOMAIN_SNAPSHOT_LIST_METADATA, S.VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES,
        S.VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL]


def snap(name):
    return d.snapshotLookupByName(name)


def survey(when):
    """Every query libvirt's ESX driver answers, on the whole tree."""
    for f in LIST:
        step(f"{when}: num {f}", lambda: d.snapshotNum(f))
        step(f"{when}: listNames {f}", lambda: d.snapshotListNames(f))
    step(f"{when}: hasCurrentSnapshot", lambda: d.hasCurrentSnapshot())
    step(f"{when}: current", lambda: d.snapshotCurrent())
    for name in d.snapshotListNames():
        s = snap(name)
        step(f"{when}: {name} xml", lambda: s.getXMLDesc())
        step(f"{when}: {name} parent", lambda: s.getParent())
        step(f"{when}: {name} isCurrent", lambda: s.isCurrent())
        step(f"{when}: {name} hasMetadata", lambda: s.hasMetadata())
        for f in [0, S.VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS, S.VIR_DOMAIN_SNAPSHOT_LIST_LEAVES,
                  S.VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | S.VIR_DOMAIN_SNAPSHOT_LIST_LEAVES,
                  S.VIR_DOMAIN_SNAPSHOT_LIST_METADATA, S.VIR_DOMAIN_SNAPSHOT_LIST_ROOTS << 3]:
            step(f"{when}: {name} numChildren {f}", lambda: s.numChildren(f))
            step(f"{when}: {name} listChildrenNames {f}", lambda: s.listChildrenNames(f))


def create(label, xml, flags=0):
    return step(label, lambda: d.snapshotCreateXML(xml, flags))


# nothing yet
survey("empty")
step("lookup missing", lambda: snap("nope"))
# a tree: first -> [second (disk only), third -> [fourth]]
create("create first", "<domainsnapshot><name>first</name>"
       "<description>the first snapshot</description></domainsnapshot>")
create("create second", "<domainsnapshot><name>second</name>"
       "<description>a disk-only child of the first</description></domainsnapshot>",
       S.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY)
step("revert to first", lambda: d.revertToSnapshot(snap("first")))
step("state after revert to first", lambda: d.state())
create("create third", "<domainsnapshot><name>third</name></domainsnapshot>",
       S.VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE)
create("create fourth", "<domainsnapshot><name>fourth</name><description></description>"
       "<memory snapshot='internal'/></domainsnapshot>", S.VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE)
survey("tree")
step("lookup missing in tree", lambda: snap("nope"))
# what libvirt refuses
create("duplicate name", "<domainsnapshot><name>third</name></domainsnapshot>")
create("not a snapshot", "<domain type='vmware'><name>x</name></domain>")
create("malformed", "<domainsnapshot><name>x</domainsnapshot>")
create("disks", "<domainsnapshot><name>x</name><disks><disk name='sda'/></disks></domainsnapshot>")
create("disk without name", "<domainsnapshot><disks><disk/></disks></domainsnapshot>")
create("manual memory", "<domainsnapshot><memory snapshot='manual'/></domainsnapshot>")
create("bad memory", "<domainsnapshot><memory snapshot='sometimes'/></domainsnapshot>")
create("memory file without external",
       "<domainsnapshot><memory snapshot='internal' file='/m'/></domainsnapshot>")
create("external memory without file", "<domainsnapshot><memory snapshot='external'/></domainsnapshot>")
create("relative memory file", "<domainsnapshot><memory file='m'/></domainsnapshot>")
create("flag redefine", "<domainsnapshot><name>x</name></domainsnapshot>",
       S.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE)
create("flag current alone", "<domainsnapshot><name>x</name></domainsnapshot>",
       S.VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT)
create("flags redefine and no-metadata", "<domainsnapshot><name>x</name></domainsnapshot>",
       S.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | S.VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)
create("flags redefine and halt", "<domainsnapshot/>",
       S.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | S.VIR_DOMAIN_SNAPSHOT_CREATE_HALT)
create("flag halt", "<domainsnapshot/>", S.VIR_DOMAIN_SNAPSHOT_CREATE_HALT)
create("flag live", "<domainsnapshot/>", S.VIR_DOMAIN_SNAPSHOT_CREATE_LIVE)
step("xml secure", lambda: snap("first").getXMLDesc(S.VIR_DOMAIN_SNAPSHOT_XML_SECURE))
step("lookup flags", lambda: d.snapshotLookupByName("first", 1))
step("current flags", lambda: d.snapshotCurrent(1))
step("hasCurrent flags", lambda: d.hasCurrentSnapshot(1))
step("parent flags", lambda: snap("second").getParent(1))
step("isCurrent flags", lambda: snap("second").isCurrent(1))
step("hasMetadata flags", lambda: snap("second").hasMetadata(1))
step("revert running and paused", lambda: d.revertToSnapshot(
    snap("first"), S.VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | S.VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED))
step("revert reset nvram", lambda: d.revertToSnapshot(
    snap("first"), S.VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM))
step("delete children and children-only", lambda: snap("third").delete(
    S.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN | S.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY))
step("delete flags", lambda: snap("third").delete(8))
# a snapshot named after its creation time
named = create("unnamed", "<domainsnapshot><description>no name</description></domainsnapshot>")
step("unnamed xml", lambda: d.snapshotCurrent().getXMLDesc())
step("delete unnamed", lambda: d.snapshotCurrent().delete())
# reverts restore the snapshot's power state
step("revert to second", lambda: d.revertToSnapshot(snap("second")))
step("state after revert to second", lambda: d.state())
step("current after revert to second", lambda: d.snapshotCurrent())
step("revert to fourth", lambda: d.revertToSnapshot(snap("fourth")))
step("state after revert to fourth", lambda: d.state())
# deletion
step("delete metadata only", lambda: snap("third").delete(S.VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY))
step("still there", lambda: d.snapshotListNames())
step("delete third (fourth moves up)", lambda: snap("third").delete())
survey("after deleting third")
s2 = snap("second")
step("delete first with its children", lambda: snap("first").delete(S.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN))
survey("after deleting all")
step("deleted handle xml", lambda: s2.getXMLDesc())
step("deleted handle delete", lambda: s2.delete())
step("deleted handle revert", lambda: d.revertToSnapshot(s2))
# no libvirt metadata to skip on ESX
create("no metadata", "<domainsnapshot><name>nm</name></domainsnapshot>",
       S.VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)
step("delete no metadata", lambda: snap("nm").delete())
# a question the VM waits on blocks a new snapshot, unless auto_answer=1 answers it
addr = urllib.parse.urlsplit(sys.argv[1]).netloc
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
urllib.request.urlopen(urllib.request.Request(
    f"https://{addr}/_question?vm=ha-host_VM0&now=1", b"", method="POST"), context=ctx, timeout=30)
create("pending question", "<domainsnapshot><name>q</name></domainsnapshot>")
answering = libvirt.openAuth(sys.argv[1] + "&auto_answer=1",
                             [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
step("pending question, auto_answer", lambda: answering.lookupByName("ha-host_VM0").snapshotCreateXML(
    "<domainsnapshot><name>q</name></domainsnapshot>"))
step("delete q", lambda: snap("q").delete())
print(json.dumps(out))
