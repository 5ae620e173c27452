#!/usr/bin/python3
"""Our library on govmomi's simulator as shipped: the launcher with -plain, so no method,
capability, autostart manager, datastore mount path or VMX content it adds (tools/test-env.sh
starts PLAIN_ESX in vcsim's reply form, PLAIN_ESX_REAL in the real-ESX form, PLAIN_VPX and
PLAIN_VPX_REAL likewise as vCenters). Through Debian's python3-libvirt: the domain scenario
(lists, lookups, info, the XML of a VM whose VMX is empty, power operations, autostart), define
(which vcsim as shipped refuses: it registers a VMX only beside an nvram file and a log), domxml-
to-native and -from-native, and migration through the vCenter (RelocateVM_Task, as the
simulator has no MigrateVM_Task or ValidateMigration).

Where libvirt 9.0 fails on such a server (empty VMX, no mount path, no capability object), the
suite also checks that it does, so the README's differences stay true.

Prints "python-plain: N passed, M failed" and exits non-zero on a failure.
"""
import os
import re
import subprocess
import sys

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


def env(name):
    v = os.environ.get(name)
    if not v:
        sys.exit(f"{name} is not set: run tools/test-env.sh start and source target/test-env/env.sh")
    return v


def cb(creds, d):
    for c in creds:
        c[4] = (c[3] or "root") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def conn(uri):
    return libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)


def error_of(fn):
    try:
        fn()
    except libvirt.libvirtError as e:
        return e
    return None


FEDORA = """<domain type='vmware'>
  <name>{name}</name>
  <uuid>{uuid}</uuid>
  <memory>1048576</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='[LocalDS_0] {name}/{name}.vmdk'/>
      <target dev='sda' bus='scsi'/>
      <address type='drive' controller='0' bus='0' unit='0'/>
    </disk>
    <controller type='scsi' index='0'/>
    <interface type='bridge'>
      <mac address='00:50:56:25:48:c7'/>
      <source bridge='VM Network'/>
    </interface>
  </devices>
</domain>"""


def domain_scenario(c, label):
    doms = c.listAllDomains()
    check(len(doms) >= 2, f"{label}: domains listed: {[d.name() for d in doms]}")
    running = c.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE)
    check(len(running) >= 1, f"{label}: a running domain")
    d = running[0]
    check(c.lookupByName(d.name()).UUIDString() == d.UUIDString(), f"{label}: lookupByName")
    check(c.lookupByUUIDString(d.UUIDString()).name() == d.name(), f"{label}: lookupByUUID")
    check(c.lookupByID(d.ID()).name() == d.name(), f"{label}: lookupByID")
    check(d.state() == [libvirt.VIR_DOMAIN_RUNNING, 0], f"{label}: state {d.state()}")
    info = d.info()
    check(info[0] == libvirt.VIR_DOMAIN_RUNNING and info[1] > 0 and info[3] >= 1, f"{label}: info {info}")
    # the VM's VMX is empty on the plain simulator: the XML comes from its configuration
    xml = d.XMLDesc(0)
    check(f"<name>{d.name()}</name>" in xml and "<memory unit='KiB'>" in xml, f"{label}: dumpxml {xml[:300]}")
    check("[LocalDS_0]" in xml, f"{label}: dumpxml names the disks' datastore paths: {xml}")
    # no autostart manager on the plain simulator
    e = error_of(lambda: d.autostart())
    check(e is not None and e.get_error_code() == libvirt.VIR_ERR_OPERATION_UNSUPPORTED
          and "autostart manager" in str(e), f"{label}: autostart: {e}")
    e = error_of(lambda: d.setAutostart(1))
    check(e is not None and e.get_error_code() == libvirt.VIR_ERR_OPERATION_UNSUPPORTED,
          f"{label}: setAutostart: {e}")
    check(len(c.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_AUTOSTART)) == 0,
          f"{label}: no domain autostarts")
    # power operations on vcsim's own methods
    d.suspend()
    check(d.state()[0] == libvirt.VIR_DOMAIN_PAUSED, f"{label}: suspended")
    d.resume()
    d.destroy()
    check(d.state()[0] == libvirt.VIR_DOMAIN_SHUTOFF and d.ID() == -1, f"{label}: destroyed")
    d.create()
    check(d.state()[0] == libvirt.VIR_DOMAIN_RUNNING, f"{label}: started again")
    c.getHostname()
    check(c.getInfo()[2] > 0, f"{label}: node info")


def define_scenario(c, label, uuid):
    name = f"plain-{uuid[-4:]}"
    before = sorted(x.name() for x in c.listAllDomains())
    # vcsim as shipped registers a VMX only beside the <name>.nvram and vmware.log it wants
    # (ESX makes them at the first power-on): the define fails, and leaves nothing behind
    e = error_of(lambda: c.defineXML(FEDORA.format(name=name, uuid=uuid)))
    check(e is not None and "Could not define domain" in str(e) and "NotFound" in str(e),
          f"{label}: define on vcsim as shipped: {e}")
    check(sorted(x.name() for x in c.listAllDomains()) == before, f"{label}: nothing registered")
    vmx = c.domainXMLToNative("vmware-vmx", FEDORA.format(name=name, uuid=uuid), 0)
    check(f'scsi0:0.fileName = "/vmfs/volumes/LocalDS_0/{name}/{name}.vmdk"' in vmx,
          f"{label}: domxml-to-native writes the datastore's path: {vmx}")
    check('virtualHW.version = "10"' in vmx, f"{label}: ESXi 6.5's hardware version: {vmx}")
    back = c.domainXMLFromNative("vmware-vmx", vmx, 0)
    check(f"<source file='[LocalDS_0] {name}/{name}.vmdk'/>" in back, f"{label}: domxml-from-native: {back}")


def libvirt_fails(uri, code):
    """Debian's libvirt 9.0 on the same server, in a child process: what it says."""
    e = dict(os.environ)
    e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", "-c", code, uri], env=e, capture_output=True, text=True, timeout=120)
    return r.stdout.strip()


PROBE = """
import sys, libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, d):
    for c in creds:
        c[4] = (c[3] or "root") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
d = c.listAllDomains()[0]
for label, fn in [("dumpxml", lambda: d.XMLDesc(0)),
                  ("native", lambda: c.domainXMLToNative("vmware-vmx", %r, 0))]:
    try:
        fn()
        print(label, "ok")
    except libvirt.libvirtError as e:
        print(label, "error", e)
"""

for prefix, label in [("PLAIN_ESX", "vcsim form"), ("PLAIN_ESX_REAL", "real-ESX form")]:
    addr = env(f"{prefix}_ADDR")
    scheme = env(f"{prefix}_SCHEME")
    uri = f"esx://{addr}/?no_verify=1" + ("" if scheme == "https" else "&transport=http")
    c = conn(uri)
    domain_scenario(c, f"esx {label}")
    define_scenario(c, f"esx {label}", "50115e16-9bdc-49d7-f171-53c4d7f9" + ("1a01" if scheme == "https" else "1a02"))
    c.close()
    if prefix == "PLAIN_ESX_REAL":
        theirs = libvirt_fails(uri, PROBE % FEDORA.format(name="x", uuid="50115e16-9bdc-49d7-f171-53c4d7f91a03"))
        # its domxml-to-native fails, or crashes on the mount without a path
        check("dumpxml error" in theirs and "native ok" not in theirs,
              f"Debian's libvirt fails where we do not: {theirs}")

# ---- vCenter: scope of one host, the host's datastore mounted without a path, migration ---------

for prefix, label in [("PLAIN_VPX", "vcsim form"), ("PLAIN_VPX_REAL", "real-ESX form")]:
    addr = env(f"{prefix}_ADDR")
    tail = "?no_verify=1" + ("" if env(f"{prefix}_SCHEME") == "https" else "&transport=http")
    src = conn(f"vpx://{addr}/DC0/DC0_C0/DC0_C0_H0{tail}")
    dst = conn(f"vpx://{addr}/DC0/DC0_C0/DC0_C0_H1{tail}")
    before = sorted(x.name() for x in dst.listAllDomains())
    doms = src.listAllDomains()
    if not doms:
        # vcsim places the cluster's VMs on random hosts: take one from the other side
        src, dst = dst, src
        doms = src.listAllDomains()
    check(len(doms) > 0, f"vpx {label}: a domain to migrate")
    d = doms[0]
    moved = d.migrate(dst, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
    check(moved.UUIDString() == d.UUIDString(), f"vpx {label}: migrated with RelocateVM_Task")
    # vcsim's RelocateVM_Task changes the VM's runtime.host but not the hosts' vm lists: look
    # the domain up by UUID, which reads where it runs
    e = error_of(lambda: src.lookupByUUIDString(d.UUIDString()))
    check(e is not None and e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN, f"vpx {label}: gone from the source: {e}")
    check(dst.lookupByUUIDString(d.UUIDString()).name() == d.name(), f"vpx {label}: on the destination")
    back = moved.migrate(src, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
    check(back.name() == d.name() and src.lookupByUUIDString(d.UUIDString()).name() == d.name(),
          f"vpx {label}: and back")
    xml = back.XMLDesc(0)
    check("<vmware:datacenterpath>DC0</vmware:datacenterpath>" in xml, f"vpx {label}: dumpxml: {xml[:300]}")
    # the cluster's other hosts have the datastore too, with no mount at all in vcsim's vCenter
    vmx = dst.domainXMLToNative("vmware-vmx", FEDORA.format(name="n", uuid="50115e16-9bdc-49d7-f171-53c4d7f91a04"), 0)
    check('"/vmfs/volumes/LocalDS_0/n/n.vmdk"' in vmx, f"vpx {label}: native on another host: {vmx}")
    src.close()
    dst.close()

print(f"python-plain: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
