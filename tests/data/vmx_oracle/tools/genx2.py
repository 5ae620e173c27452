import random, sys, os, uuid
r = random.Random(int(sys.argv[2]))
base = sys.argv[1]
N = int(sys.argv[3])
def p(prob): return r.random() < prob
def ch(*xs): return r.choice(xs)
def esc(s): return s.replace("&","&amp;").replace("<","&lt;").replace("'","&apos;")
for n in range(N):
    d = os.path.join(base, "x%04d" % n); os.makedirs(d, exist_ok=True)
    L = []
    name = ch("vm%d" % n, "vm%d a|b" % n, "vm%d \"q\"" % n, "vm%d caf\u00e9 &" % n, "vm%d|7c" % n)
    L.append("<domain type='vmware'>")
    L.append("<name>%s</name>" % esc(name))
    if True: L.append("<uuid>%s</uuid>" % uuid.UUID(int=r.getrandbits(128)))
    if p(0.2): L.append("<description>%s</description>" % esc(ch("plain", "with \"quotes\" and |pipes|", "x|22y")))
    unit = ch(None, "KiB", "MiB", "GiB", "b", "KB", "k", "M")
    val = {None: ch(4096, 524288, 1048576, 1000000, 5000), "KiB": ch(4096, 8192, 1048576, 1024000, 10000), "MiB": ch(4, 512, 1023, 3572), "GiB": ch(1, 2), "b": ch(4194304, 1073741824, 5000000), "KB": ch(4096, 1000000), "k": ch(4096, 8192), "M": ch(4, 512)}[unit]
    L.append("<memory%s>%d</memory>" % ("" if unit is None else " unit='%s'" % unit, val))
    if p(0.3): L.append("<currentMemory unit='KiB'>%d</currentMemory>" % ch(4096, 2048, 100000, 99999999, 3000))
    if p(0.1): L.append("<memtune><min_guarantee unit='KiB'>%d</min_guarantee></memtune>" % ch(1024, 5000, 99999999))
    vc = ch(1, 1, 2, 3, 4, 8)
    attrs = ""
    if p(0.2): attrs += " cpuset='%s'" % ch("0,3-5", "0-2,5-7", "1", "0-15", "0-3,^2")
    if p(0.2): attrs += " placement='static'"
    if p(0.05): attrs += " current='%d'" % max(1, vc - 1)
    if p(0.9): L.append("<vcpu%s>%d</vcpu>" % (attrs, vc))
    if p(0.15): L.append("<cputune><shares>%d</shares></cputune>" % ch(500 * vc, 1000 * vc, 2000 * vc, 1234))
    os_attrs = " firmware='efi'" if p(0.1) else ""
    arch = ch("", "", " arch='i686'", " arch='x86_64'")
    sm = "<smbios mode='%s'/>" % ch("host", "emulate") if p(0.1) else ""
    L.append("<os%s><type%s>hvm</type>%s</os>" % (os_attrs, arch, sm))
    if p(0.1):
        s_, c_ = ch((1, vc), (vc, 1), (2, 2))
        L.append("<cpu><topology sockets='%d' dies='1' cores='%d' threads='1'/></cpu>" % (s_, c_))
    L.append("<devices>")
    first_bus = ch("scsi", "ide")
    first_dst = "sda" if first_bus == "scsi" else "hda"
    drv = ""
    if first_bus == "scsi" and p(0.2): drv = "<driver name='%s'/>" % ch("buslogic", "lsilogic", "lsisas1068", "vmpvscsi", "LSILogic")
    if first_bus == "scsi" and p(0.1): drv = "<driver cache='writethrough'/>"
    L.append("<disk type='file' device='disk'>%s<source file='%s/d.vmdk'/><target dev='%s' bus='%s'/>%s</disk>" % (drv, d, first_dst, first_bus, "<transient/>" if p(0.1) else ""))
    used = {first_dst}
    for k in range(ch(0, 0, 1, 2, 3)):
        kind = ch("hd", "cd-file", "cd-empty", "cd-block", "cd-auto", "lun", "fd-file", "fd-block")
        if kind.startswith("fd"):
            dst = ch("fda", "fdb"); bus = "fdc"; dev = "floppy"
        else:
            bus = ch("scsi", "ide"); dst = (ch("sdb", "sdc", "sdd", "sdg") if bus == "scsi" else ch("hdb", "hdc", "hdd")); dev = {"hd": "disk", "lun": "lun"}.get(kind, "cdrom")
        if dst in used: continue
        used.add(dst)
        t = "block" if kind in ("cd-block", "cd-auto", "lun", "fd-block") else "file"
        src = {"hd": "<source file='/vmfs/volumes/ds/x.vmdk'/>", "cd-file": "<source file='/isos/x.iso'/>", "cd-empty": "", "cd-block": "<source dev='/dev/scd0'/>", "cd-auto": "<source startupPolicy='optional'/>", "lun": "<source dev='%s'/>" % ch("/dev/sg0", "/vmfs/devices/cdrom/mpx.vmhba32:C0:T0:L0"), "fd-file": "<source file='/f/x.flp'/>", "fd-block": "<source dev='/dev/fd0'/>"}[kind]
        addr = ""
        if p(0.2) and bus == "ide":
            idx = ord(dst[2]) - 97
            addr = "<address type='drive' controller='0' bus='%d' unit='%d'/>" % (idx // 2, idx % 2)
        L.append("<disk type='%s' device='%s'>%s<target dev='%s' bus='%s'/>%s%s</disk>" % (t, dev, src, dst, bus, "<readonly/>" if dev == "cdrom" and p(0.5) else "", addr))
    if p(0.3): L.append("<controller type='scsi' index='0' model='%s'/>" % ch("buslogic", "lsilogic", "lsisas1068", "vmpvscsi"))
    if p(0.1): L.append("<controller type='ide' index='0'/>")
    for e in range(ch(0, 0, 1, 1, 2, 3)):
        t = ch("bridge", "bridge", "user", "vds", "bridge-custom")
        mac = ch("00:0c:29:12:34:%02x" % e, "00:50:56:11:22:%02x" % e, "00:50:56:87:65:%02x" % e, "52:54:00:aa:bb:%02x" % e, "00:50:56:40:00:%02x" % e)
        macattr = ""
        if p(0.2): macattr += " type='%s'" % ch("generated", "static")
        if p(0.1): macattr += " check='%s'" % ch("yes", "no")
        model = "<model type='%s'/>" % ch("e1000", "e1000e", "vmxnet", "vmxnet2", "vmxnet3", "vlance", "virtio", "rtl8139", "foo") if p(0.5) else ""
        if t == "bridge":
            L.append("<interface type='bridge'><mac address='%s'%s/><source bridge='VM Network'/>%s</interface>" % (mac, macattr, model))
        elif t == "bridge-custom":
            L.append("<interface type='bridge'><mac address='%s'%s/><source bridge='VM Network'/><target dev='vmnet7'/>%s</interface>" % (mac, macattr, model))
        elif t == "user":
            L.append("<interface type='user'><mac address='%s'%s/>%s</interface>" % (mac, macattr, model))
        else:
            L.append("<interface type='vds'><mac address='%s'%s/><source switchid='503426b2-94e9-3b16-1d68-87bfff4a5440' portid='5' portgroupid='dvportgroup-1285' connectionid='408217997'/>%s</interface>" % (mac, macattr, model))
    for s in range(ch(0, 0, 1, 2)):
        kind = ch("file", "dev", "pipe", "tcp")
        port = "<target port='%d'/>" % (s + ch(0, 0, 1)) if p(0.5) else ""
        if kind == "file": L.append("<serial type='file'><source path='/var/s%d.txt'/>%s</serial>" % (s, port))
        elif kind == "dev": L.append("<serial type='dev'><source path='/dev/ttyS%d'/>%s</serial>" % (s, port))
        elif kind == "pipe": L.append("<serial type='pipe'><source path='/p/s%d'/>%s</serial>" % (s, port))
        else: L.append("<serial type='tcp'><source mode='%s' host='%s' service='%d'/><protocol type='%s'/>%s</serial>" % (ch("bind", "connect"), ch("0.0.0.0", "192.168.0.17"), 42000 + s, ch("raw", "telnet", "telnets", "tls"), port))
    if p(0.05): L.append("<console type='pty'><target type='serial' port='0'/></console>")
    for s in range(ch(0, 0, 0, 1)):
        if p(0.5): L.append("<parallel type='file'><source path='/var/p.txt'/><target port='%d'/></parallel>" % ch(0, 1, 2))
        else: L.append("<parallel type='dev'><source path='/dev/parport0'/></parallel>")
    if p(0.2):
        a = " port='%d'" % ch(5900, 5903, -1) if p(0.7) else ""
        if p(0.5): a += " autoport='%s'" % ch("yes", "no")
        if p(0.4): a += " listen='%s'" % ch("0.0.0.0", "127.0.0.1")
        if p(0.4): a += " keymap='de'"
        if p(0.4): a += " passwd='secret'"
        L.append("<graphics type='vnc'%s/>" % a)
    if p(0.3): L.append("<video><model type='%s'%s/></video>" % (ch("vmvga", "vmvga", "vga"), " vram='%d'" % ch(4096, 8192, 5000, 16384) if p(0.7) else ""))
    if p(0.05): L.append("<filesystem type='mount'><source dir='/host/x'/><target dir='guest'/>%s</filesystem>" % ("<readonly/>" if p(0.5) else ""))
    L.append("</devices>")
    L.append("</domain>")
    open(os.path.join(d, "in.xml"), "w").write("\n".join(L) + "\n")
