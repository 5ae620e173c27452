#!/usr/bin/python3
"""Network and interface calls through python3-libvirt, printed as JSON: run by test_network.py
once on our library and once on Debian's libvirt, each on its own simulator (the calls define and
undefine virtual switches). Usage: network_ops.py URI PHASE, PHASE one of "net", "iface",
"halfmade", "beyond". Each step's answer, or its error as ["error", code, domain, message], is
recorded."""
import json
import sys

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


uri, phase = sys.argv[1], sys.argv[2]
c = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
out = []


def step(label, f):
    try:
        r = f()
    except libvirt.libvirtError as e:
        r = ["error", e.get_error_code(), e.get_error_domain(), str(e)]
    out.append([label, r])
    return r


def bw(avg, peak=0, burst=0, out_avg=None):
    o = avg if out_avg is None else out_avg
    return (f"<bandwidth><inbound average='{avg}' peak='{peak}' burst='{burst}'/>"
            f"<outbound average='{o}' peak='{peak}' burst='{burst}'/></bandwidth>")


def net(body, name="netX"):
    return f"<network><name>{name}</name>{body}</network>"


def about(n):
    return [n.name(), n.UUIDString(), n.UUID().hex(), n.isActive(), n.isPersistent(),
            n.autostart()]


def networks():
    return [c.numOfNetworks(), c.listNetworks(), c.numOfDefinedNetworks(),
            c.listDefinedNetworks()]


if phase == "net":
    step("networks", networks)
    for label, flags in [("0", 0), ("ACTIVE", libvirt.VIR_CONNECT_LIST_NETWORKS_ACTIVE),
                         ("INACTIVE", libvirt.VIR_CONNECT_LIST_NETWORKS_INACTIVE),
                         ("PERSISTENT|TRANSIENT", libvirt.VIR_CONNECT_LIST_NETWORKS_PERSISTENT
                          | libvirt.VIR_CONNECT_LIST_NETWORKS_TRANSIENT),
                         ("TRANSIENT", libvirt.VIR_CONNECT_LIST_NETWORKS_TRANSIENT),
                         ("AUTOSTART", libvirt.VIR_CONNECT_LIST_NETWORKS_AUTOSTART),
                         ("NO_AUTOSTART", libvirt.VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART),
                         ("bad", 1 << 10)]:
        step(f"listAllNetworks {label}",
             lambda: [[n.name(), n.UUIDString()] for n in c.listAllNetworks(flags)])
    step("lookup vSwitch0", lambda: about(c.networkLookupByName("vSwitch0")))
    sw0 = c.networkLookupByName("vSwitch0")
    step("XML vSwitch0", lambda: sw0.XMLDesc(0))
    step("XML vSwitch0 inactive", lambda: sw0.XMLDesc(libvirt.VIR_NETWORK_XML_INACTIVE))
    step("lookupByUUIDString", lambda: c.networkLookupByUUIDString(sw0.UUIDString()).name())
    step("lookupByUUID", lambda: c.networkLookupByUUID(sw0.UUID()).name())
    step("lookupByName missing", lambda: c.networkLookupByName("nope"))
    step("lookupByUUIDString missing",
         lambda: c.networkLookupByUUIDString("11111111-2222-3333-4444-555555555555"))
    step("lookupByUUIDString invalid", lambda: c.networkLookupByUUIDString("not-a-uuid"))
    step("setAutostart on", lambda: sw0.setAutostart(1))
    step("setAutostart off", lambda: sw0.setAutostart(0))
    step("undefine vSwitch0", sw0.undefine)
    errors = [
        ("malformed", "<network><name>x</name>"),
        ("root", "<domain><name>x</name></domain>"),
        ("no name", "<network/>"),
        ("slash", net("", "a/b")),
        ("bad uuid", net("<uuid>xyz</uuid>")),
        ("uuid", net("<uuid>11111111-2222-3333-4444-555555555555</uuid>")),
        ("exists", net("", "vSwitch0")),
        ("mode unknown", net("<forward mode='tunnel'/>")),
        ("nat without ip", net("<forward mode='nat'/>")),
        ("nat", net("<forward mode='nat'/><ip address='10.0.0.1' netmask='255.0.0.0'/>")),
        ("vepa", net("<forward mode='vepa'><interface dev='vmnic1'/></forward>")),
        ("port group exists", net("<portgroup name='VM Network'/>")),
        ("port group no name", net("<portgroup/>")),
        ("nic unknown", net("<forward mode='bridge'><interface dev='vmnic9'/></forward>")),
        ("nic twice", net("<forward mode='bridge'><interface dev='vmnic1'/>"
                          "<interface dev='vmnic1'/></forward>")),
        ("pci", net("<forward mode='bridge'><address type='pci' domain='0' bus='1' slot='0'"
                    " function='0'/></forward>")),
        ("bandwidth one-way", net("<bandwidth><inbound average='10'/></bandwidth>")),
        ("bandwidth differs", net(bw(10, out_avg=20))),
        ("bandwidth bad", net("<bandwidth><inbound average='ten'/></bandwidth>")),
        ("bandwidth floor", net("<bandwidth><inbound average='1' floor='2'/></bandwidth>")),
        ("bridge stp", net("<forward mode='bridge'/><bridge stp='on'/>")),
    ]
    for label, xml in errors:
        step(f"define {label}", lambda: c.networkDefineXML(xml).name())
        step(f"networks after {label}", lambda: c.listNetworks())
    step("define flags", lambda: c.networkDefineXMLFlags(net(""), 1 << 4).name())
    xml = net("<forward mode='bridge'><interface dev='vmnic1'/></forward>" + bw(1000, 2000, 512)
              + f"<portgroup name='pgA1'>{bw(300, 600, 64)}</portgroup>"
              + "<portgroup name='pgA2'/>", "netA")
    step("define netA", lambda: about(c.networkDefineXML(xml)))
    step("networks with netA", networks)
    a = c.networkLookupByName("netA")
    step("XML netA", lambda: a.XMLDesc(0))
    step("lookup netA by UUID", lambda: c.networkLookupByUUIDString(a.UUIDString()).name())
    step("define netA again", lambda: c.networkDefineXML(xml).name())
    step("undefine netA", a.undefine)
    step("networks without netA", networks)
    step("lookup netA after", lambda: c.networkLookupByName("netA"))
    step("XML netA after", lambda: a.XMLDesc(0))
    step("undefine netA after", a.undefine)
    xml = net("<portgroup name='pgB1'/><portgroup name='pgB2'/>", "netB")
    step("define netB", lambda: about(c.networkDefineXMLFlags(
        xml, libvirt.VIR_NETWORK_DEFINE_VALIDATE)))
    b = c.networkLookupByName("netB")
    step("XML netB", lambda: b.XMLDesc(0))
    step("undefine netB", b.undefine)
    xml = net("<forward dev='vmnic0' mode='bridge'/>" + bw(8, 0, 0), "netC")
    step("define netC", lambda: about(c.networkDefineXML(xml)))
    step("XML netC", lambda: c.networkLookupByName("netC").XMLDesc(0))
    step("undefine netC", lambda: c.networkLookupByName("netC").undefine())
    step("networks at the end", networks)

elif phase == "halfmade":
    # libvirt 9.0 creates the switch before it looks at the port groups: these leave it behind
    step("define port group bandwidth one-way", lambda: c.networkDefineXML(net(
        "<portgroup name='pgH1'/><portgroup name='pgH2'>"
        "<bandwidth><inbound average='10'/></bandwidth></portgroup>", "netH")).name())
    step("networks after one-way", lambda: c.listNetworks())
    step("define third port group refused", lambda: c.networkDefineXML(net(
        "<portgroup name='pgI1'/><portgroup name='pgI2'/><portgroup name='pgI1'/>",
        "netI")).name())
    step("networks after refused", lambda: c.listNetworks())
    for name in ["netH", "netI"]:  # what libvirt left behind
        try:
            c.networkLookupByName(name).undefine()
        except libvirt.libvirtError:
            pass

elif phase == "calls":
    # SOAP calls per operation, from the simulator's counter (started with -count-calls)
    import ssl
    import urllib.request
    addr = uri.split("//")[1].split("/")[0]
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

    def calls(f):
        req = urllib.request.Request(f"https://{addr}/_calls/reset", b"", method="POST")
        urllib.request.urlopen(req, context=ctx, timeout=30).read()
        f()
        with urllib.request.urlopen(f"https://{addr}/_calls", context=ctx, timeout=30) as r:
            return json.loads(r.read())["calls"]

    sw0 = c.networkLookupByName("vSwitch0")
    step("listAllNetworks", lambda: calls(lambda: c.listAllNetworks()))
    step("networkLookupByName", lambda: calls(lambda: c.networkLookupByName("vSwitch0")))
    step("XMLDesc", lambda: calls(lambda: sw0.XMLDesc(0)))
    step("listAllInterfaces", lambda: calls(lambda: c.listAllInterfaces()))
    step("interface XMLDesc",
         lambda: calls(lambda: c.interfaceLookupByName("vmnic0").XMLDesc(0)))
    xml = net("<forward mode='bridge'><interface dev='vmnic1'/></forward>"
              "<portgroup name='pgK1'/><portgroup name='pgK2'/>", "netK")
    step("define", lambda: calls(lambda: c.networkDefineXML(xml)))
    step("undefine", lambda: calls(lambda: c.networkLookupByName("netK").undefine()))

elif phase == "iface":
    step("interfaces", lambda: [c.numOfInterfaces(), c.listInterfaces(),
                                c.numOfDefinedInterfaces(), c.listDefinedInterfaces()])
    for mac in ["00:0c:29:81:d8:a0", "00:0C:29:81:D8:AA"]:
        step(f"lookup {mac}", lambda: [c.interfaceLookupByMACString(mac).name(),
                                       c.interfaceLookupByMACString(mac).MACString(),
                                       c.interfaceLookupByMACString(mac).isActive()])
        i = c.interfaceLookupByMACString(mac)
        step(f"XML {mac}", lambda: i.XMLDesc(0))
        step(f"XML {mac} inactive", lambda: i.XMLDesc(libvirt.VIR_INTERFACE_XML_INACTIVE))
        step(f"XML {mac} bad flags", lambda: i.XMLDesc(2))
    step("lookup unknown MAC", lambda: c.interfaceLookupByMACString("00:00:00:00:00:01"))

elif phase == "beyond":
    # where libvirt's ESX driver is wrong or lacks the call
    step("interfaceLookupByName vmnic1", lambda: c.interfaceLookupByName("vmnic1").MACString())
    step("interfaceLookupByName VMNIC0", lambda: c.interfaceLookupByName("VMNIC0").name())
    step("interfaceLookupByName missing", lambda: c.interfaceLookupByName("vmnic7"))
    for flags in [0, 1, 2, 3, 4]:
        step(f"listAllInterfaces {flags}",
             lambda: [i.name() for i in c.listAllInterfaces(flags)])
    step("bridgeName", lambda: c.networkLookupByName("vSwitch0").bridgeName())

c.close()
print(json.dumps(out))
