#!/usr/bin/python3
"""Define, dump, undefine through python3-libvirt, printing each outcome (VM references masked):
run by test_define.py on our library and on Debian's libvirt. Usage: query_define.py URI."""
import re
import sys

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)


def cb(creds, d):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
mask = lambda x: re.sub(r"<vmware:moref>[^<]*</vmware:moref>", "<vmware:moref/>", x)
FEDORA = """<domain type='vmware'>
  <name>{name}</name>
  <uuid>{uuid}</uuid>
  <memory>1048576</memory>
  <currentMemory>1048576</currentMemory>
  <vcpu>1</vcpu>
  <os>
    <type arch='i686'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='[{ds}] Fedora11-define/Fedora11.vmdk'/>
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


def out(label, fn):
    try:
        print(label, "->", fn())
    except libvirt.libvirtError as e:
        print(label, "-> error", e.get_error_code(), e.get_error_domain(), e)


names = lambda: sorted(x.name() for x in c.listAllDomains())
running = c.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE)[0]
out("dumpxml running", lambda: mask(running.XMLDesc(0)))
out("dumpxml inactive", lambda: mask(running.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)))
out("undefine running", lambda: running.undefine())
xml = FEDORA.format(name="Fedora11", uuid="50115e16-9bdc-49d7-f171-53c4d7f91710", ds="LocalDS_0")
d = c.defineXML(xml)
print("defined", d.name(), d.UUIDString(), d.ID(), d.isActive(), d.isPersistent())
out("dumpxml defined", lambda: mask(c.lookupByName("Fedora11").XMLDesc(0)))
out("define again", lambda: c.defineXML(xml).name())
out("define same name", lambda: c.defineXML(FEDORA.format(name="Fedora11", uuid="50115e16-9bdc-49d7-f171-53c4d7f91711", ds="LocalDS_0")).name())
out("undefine", lambda: c.lookupByName("Fedora11").undefine())
out("after undefine", names)
out("define missing datastore", lambda: c.defineXML(FEDORA.format(name="Nowhere", uuid="50115e16-9bdc-49d7-f171-53c4d7f91712", ds="nosuch")).name())
out("define no disk", lambda: c.defineXML("<domain type='vmware'><name>nodisk</name><memory>4096</memory><os><type>hvm</type></os></domain>").name())
try:
    c.defineXML("<domain type='vmware'><name>x</name>")
    print("define bad xml -> defined")
except libvirt.libvirtError as e:
    # the wording of XML syntax errors is libxml2's in libvirt
    print("define bad xml -> error")
out("after errors", names)
