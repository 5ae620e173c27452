#!/usr/bin/python3
"""vCenter connections beyond one host, through Debian's python3-libvirt on our library, on the
simulator tools/test-env.sh starts as VPX_SCOPE (a vCenter with two clusters of two hosts and a
standalone host, three VMs each, handing out property-collector pages of four objects):

- datacenter scope (vpx://vc/DC0) and cluster scope (vpx://vc/DC0/DC0_C0): lists, lookups, state,
  node info added up, the vCenter's hostname; a host path keeps libvirt's meaning;
- define into a cluster, refused on a datacenter of several hosts;
- migration from a cluster-scope connection to a host named by the destination URI;
- wrong paths name what exists;
- paging: a listing of more objects than a page follows ContinueRetrievePropertiesEx;
- lookups: SOAP calls counted by the simulator (a name or UUID seen before costs one call).

Prints "python-scope: N passed, M failed" and exits non-zero on a failure.
"""
import json
import os
import ssl
import sys
import urllib.request

import libvirt

passed = failed = 0
libvirt.registerErrorHandler(lambda c, e: None, None)


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


ADDR = os.environ.get("VPX_SCOPE_ADDR") or sys.exit("VPX_SCOPE_ADDR is not set: source target/test-env/env.sh")
CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def calls(reset=False):
    req = urllib.request.Request(f"https://{ADDR}/_calls" + ("/reset" if reset else ""),
                                 method="POST" if reset else "GET")
    return json.load(urllib.request.urlopen(req, context=CTX))


def cb(creds, d):
    for c in creds:
        c[4] = (c[3] or "administrator") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def conn(path):
    return libvirt.openAuth(f"vpx://{ADDR}/{path}?no_verify=1",
                            [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)


def error_of(fn):
    try:
        fn()
    except libvirt.libvirtError as e:
        return e
    return None


names = lambda c: sorted(d.name() for d in c.listAllDomains())
HOSTS = ["DC0_H0", "DC0_C0/DC0_C0_H0", "DC0_C0/DC0_C0_H1", "DC0_C1/DC0_C1_H0", "DC0_C1/DC0_C1_H1"]
per_host = {h: conn(f"DC0/{h}") for h in HOSTS}
by_host = {h: names(c) for h, c in per_host.items()}
everything = sorted(n for v in by_host.values() for n in v)
check(len(everything) == 9, f"the simulator's 9 VMs over the hosts: {by_host}")

# ---- datacenter scope ---------------------------------------------------------------------------
calls(reset=True)
dc = conn("DC0")
check(names(dc) == everything, f"datacenter scope lists every VM: {names(dc)}")
got = calls()["calls"]
check(got.get("ContinueRetrievePropertiesEx", 0) >= 2,
      f"9 VMs in pages of 4 are read with continuation tokens: {got}")
check(dc.getHostname() == ADDR.rsplit(":", 1)[0], f"datacenter hostname is the vCenter's: {dc.getHostname()}")
info = dc.getInfo()
host_infos = [c.getInfo() for c in per_host.values()]
check(abs(info[1] - sum(i[1] for i in host_infos)) < len(host_infos) and info[2] == sum(i[2] for i in host_infos)
      and info[3] == min(i[3] for i in host_infos), f"node info added up: {info} from {host_infos}")
check(info[4:8] == [1, 1, info[2], 1], f"topology of one socket: {info}")
for d in dc.listAllDomains():
    check(dc.lookupByName(d.name()).UUIDString() == d.UUIDString(), f"dc lookupByName {d.name()}")
    check(dc.lookupByUUIDString(d.UUIDString()).name() == d.name(), f"dc lookupByUUID {d.name()}")
    check(d.state()[0] in (libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_SHUTOFF), f"dc state {d.name()}")
    if d.ID() > 0:
        check(dc.lookupByID(d.ID()).name() == d.name(), f"dc lookupByID {d.name()}")

# ---- cluster scope ------------------------------------------------------------------------------
c0 = conn("DC0/DC0_C0")
in_c0 = sorted(by_host["DC0_C0/DC0_C0_H0"] + by_host["DC0_C0/DC0_C0_H1"])
check(names(c0) == in_c0, f"cluster scope lists the cluster's VMs: {names(c0)} vs {in_c0}")
outside = by_host["DC0_H0"][0]
e = error_of(lambda: c0.lookupByName(outside))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN, f"a VM outside the cluster: {e}")
uuid_outside = per_host["DC0_H0"].lookupByName(outside).UUIDString()
e = error_of(lambda: c0.lookupByUUIDString(uuid_outside))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN, f"a UUID outside the cluster: {e}")
check(c0.getInfo()[2] == per_host["DC0_C0/DC0_C0_H0"].getInfo()[2] * 2, "cluster CPUs: its two hosts'")

# autostart belongs to the host a VM runs on, not to the scope's first host
far = per_host["DC0_C1/DC0_C1_H1"]
name = names(far)[0]
dc.lookupByName(name).setAutostart(1)
check(dc.lookupByName(name).autostart() == 1 and far.lookupByName(name).autostart() == 1,
      "autostart set through the datacenter, on the VM's host")
check([d.name() for d in dc.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_AUTOSTART)] == [name],
      "the datacenter's autostart filter reads every host's manager")
dc.lookupByName(name).setAutostart(0)
check(far.lookupByName(name).autostart() == 0, "autostart unset")

# a host path keeps libvirt's meaning
h = per_host["DC0_H0"]
check(h.getHostname() != ADDR.rsplit(":", 1)[0] and names(h) == by_host["DC0_H0"], "host scope as libvirt")

# ---- lookups: SOAP calls ------------------------------------------------------------------------
fresh = conn("DC0")
calls(reset=True)
name = everything[0]
d = fresh.lookupByName(name)
first = calls()["calls"]
calls(reset=True)
fresh.lookupByName(everything[1])
second = calls()["total"]
check(first.get("RetrievePropertiesEx") == 2 and first.get("ContinueRetrievePropertiesEx") == 2,
      f"lookupByName cold: the names (three pages), then the one VM, as libvirt's two calls: {first}")
check(second == 1, f"lookupByName of a name seen before: one call, not {second}")
calls(reset=True)
fresh.lookupByUUIDString(d.UUIDString())
check(calls()["total"] == 1, "lookupByUUID of a domain seen before: one call")
other = per_host["DC0_C1/DC0_C1_H1"].listAllDomains()[0].UUIDString()
calls(reset=True)
fresh.lookupByUUIDString(other)
got = calls()["calls"]
check(calls()["total"] == 2 and got.get("FindByUuid") == 1, f"lookupByUUID cold: FindByUuid and one read: {got}")

# ---- define into a cluster; refused on a datacenter of several hosts ----------------------------
XML = """<domain type='vmware'><name>{name}</name><uuid>{uuid}</uuid><memory>524288</memory><vcpu>1</vcpu>
<os><type arch='x86_64'>hvm</type></os><devices>
<disk type='file' device='disk'><source file='[LocalDS_0] {name}/{name}.vmdk'/><target dev='sda' bus='scsi'/></disk>
<controller type='scsi' index='0'/></devices></domain>"""
nd = c0.defineXML(XML.format(name="scoped", uuid="5011aaaa-9bdc-49d7-f171-53c4d7f91710"))
check(nd.name() == "scoped" and "scoped" in names(c0), "defined into the cluster")
check("scoped" in names(per_host["DC0_C0/DC0_C0_H0"]) + names(per_host["DC0_C0/DC0_C0_H1"]),
      "on one of the cluster's hosts")
nd.undefine()
check("scoped" not in names(c0), "undefined")
e = error_of(lambda: dc.defineXML(XML.format(name="nowhere", uuid="5011aaaa-9bdc-49d7-f171-53c4d7f91711")))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_OPERATION_INVALID and "DC0_C0" not in str(e)
      and "connect to one of its clusters or hosts" in str(e), f"define on a datacenter: {e}")

# ---- migration from a cluster-scope connection --------------------------------------------------
d = c0.listAllDomains()[0]
dst = per_host["DC0_C1/DC0_C1_H0"]
moved = d.migrate(dst, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
check(moved.UUIDString() == d.UUIDString() and d.name() in names(dst) and d.name() not in names(c0),
      "migrated from the cluster to the destination URI's host")
e = error_of(lambda: moved.migrate(c0, libvirt.VIR_MIGRATE_LIVE, None, None, 0))
check(e is not None and "destination has to be a host" in str(e), f"to a cluster-scope connection: {e}")
back = moved.migrate(per_host["DC0_C0/DC0_C0_H0"], libvirt.VIR_MIGRATE_LIVE, None, None, 0)
check(back.name() in names(c0), "and back into the cluster")

# ---- wrong paths name what exists ---------------------------------------------------------------
for path, what in [("nosuch", "(it holds: DC0)"),
                   ("DC0/nosuch", "(it holds: DC0_C0, DC0_C1, DC0_H0)"),
                   ("DC0/DC0_C0/nosuch", "'DC0_C0' holds: DC0_C0_H0, DC0_C0_H1"),
                   ("DC0/DC0_H0/x", "ends with an excess item 'x'")]:
    e = error_of(lambda: conn(path))
    check(e is not None and what in str(e), f"path {path!r}: {e}")

print(f"python-scope: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
