import random, sys, os, uuid
r = random.Random(int(sys.argv[2])); base = sys.argv[1]; N = int(sys.argv[3])
def p(x): return r.random() < x
def ch(*xs): return r.choice(xs)
EXTRAS_TOP = ["<title>T &amp; x</title>", "<metadata><app:x xmlns:app='http://x'/></metadata>", "<features><acpi/><apic/></features>",
  "<clock offset='localtime'/>", "<on_reboot>destroy</on_reboot>", "<on_crash>preserve</on_crash>", "<on_poweroff>bogus</on_poweroff>",
  "<!-- comment -->", "<maxMemory slots='4' unit='KiB'>8388608</maxMemory>", "<cpu mode='host-model'/>", "<cpu><topology sockets='1' cores='2' threads='2'/></cpu>",
  "<blkiotune><weight>500</weight></blkiotune>", "<pm><suspend-to-mem enabled='no'/></pm>", "<vmware:datacenterpath xmlns:vmware='http://libvirt.org/schemas/domain/vmware/1.0'>dc</vmware:datacenterpath>",
  "<genid/>", "<genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90d</genid>", "<iothreads>2</iothreads>", "<resource><partition>/machine</partition></resource>", "<sysinfo type='smbios'><bios><entry name='vendor'>x</entry></bios></sysinfo>"]
EXTRAS_DEV = ["<input type='mouse' bus='ps2'/>", "<input type='keyboard' bus='usb'/>", "<sound model='es1370'/>", "<controller type='usb' index='0' model='none'/>",
  "<controller type='scsi' index='0' model='lsilogic'/><controller type='scsi' index='0' model='buslogic'/>", "<controller type='ide' index='1'/>", "<controller type='sata' index='0'/>",
  "<console type='file'><source path='/var/c.log'/><target type='serial'/></console>", "<console type='pty'/>", "<serial type='pty'/>", "<serial type='null'/>",
  "<graphics type='sdl'/>", "<graphics type='vnc' port='5901'><listen type='address' address='1.2.3.4'/></graphics>", "<graphics type='vnc' autoport='yes' listen='0.0.0.0'/>",
  "<video><model type='vmvga' vram='8192' heads='1'/></video>", "<video><model type='vmvga' heads='2'/></video>", "<video><model type='none'/></video>",
  "<filesystem type='mount' accessmode='mapped'><source dir='/a'/><target dir='b'/></filesystem>", "<filesystem type='mount'><source dir='/a'/><target dir='b'/><readonly/></filesystem>",
  "<memballoon model='none'/>", "<watchdog model='i6300esb'/>", "<rng model='virtio'><backend model='random'>/dev/random</backend></rng>",
  "<interface type='network'><source network='default'/></interface>", "<interface type='bridge'><source bridge='br0'/></interface>", "<interface type='bridge'><mac address='00:0C:29:AA:BB:CC'/><source bridge='br0'/><model type='E1000'/></interface>",
  "<interface type='ethernet'/>", "<interface type='null'><mac address='00:0c:29:01:02:03'/></interface>",
  "<disk type='file' device='cdrom'><target dev='hdc'/><readonly/></disk>", "<disk type='file' device='disk'><source file='/x/y.vmdk'/><target dev='sdb'/><boot order='1'/></disk>",
  "<disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='sdc' bus='scsi'/></disk>", "<disk type='file' device='disk'><source file='/x/z.img'/><target dev='sdd' bus='scsi'/></disk>",
  "<disk type='file' device='disk'><source file='/x/v.vmdk'/><target dev='vda' bus='virtio'/></disk>", "<disk type='file' device='disk'><source file='/x/s.vmdk'/><target dev='sda' bus='sata'/></disk>",
  "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/x/q.vmdk'/><target dev='sde' bus='scsi'/></disk>",
  "<disk type='file' device='disk'><source file='/x/a.vmdk'/><target dev='sdh' bus='scsi'/><address type='drive' controller='0' bus='0' target='0' unit='8'/></disk>",
  "<disk type='file' device='disk'><source file='/x/b.vmdk'/><target dev='sdi' bus='scsi'/><address type='drive' controller='1' bus='0' target='0' unit='0'/></disk>",
  "<disk type='file' device='floppy'><source file='/x/f.flp'/><target dev='fda'/></disk>", "<disk type='file' device='disk'><source file='/x/c.vmdk'/><target dev='hdb' bus='ide'/><driver cache='none'/></disk>",
  "<disk type='network' device='disk'><source protocol='nbd' name='x'><host name='h'/></source><target dev='sdf' bus='scsi'/></disk>",
  "<hub type='usb'/>", "<panic model='isa'/>", "<parallel type='pty'/>", "<smartcard mode='host'/>", "<channel type='pty'><target type='virtio' name='x'/></channel>"]
for n in range(N):
    d = os.path.join(base, "v%04d" % n); os.makedirs(d, exist_ok=True)
    q = ch("'", '"')
    L = ["<domain type=%svmware%s>" % (q, q)]
    L.append("<name>v%d%s</name>" % (n, ch("", " x", "&lt;y&gt;", "&#x41;")))
    L.append("<uuid>%s</uuid>" % ch(str(uuid.UUID(int=r.getrandbits(128))), " %s " % uuid.UUID(int=r.getrandbits(128)), str(uuid.UUID(int=r.getrandbits(128))).replace("-", "")))
    L.append("<memory unit=%s%s%s>%s</memory>" % (q, ch("KiB", "MiB", "k", "KiB"), q, ch("4096", " 8192 ", "4")))
    if p(0.2): L.append("<vcpu placement='%s'>%s</vcpu>" % (ch("static", "auto"), ch("1", "2", " 2 ")))
    L.append("<os><type%s>hvm</type>%s</os>" % (ch("", " arch='x86_64'", " arch='i686' machine='pc'"), ch("", "<boot dev='hd'/>", "<bootmenu enable='yes'/>")))
    for e in r.sample(EXTRAS_TOP, ch(0, 1, 2)): L.append(e)
    L.append("<devices>")
    L.append("<disk type='file' device='disk'><source file='%s/d.vmdk'/><target dev='sda' bus='scsi'/></disk>" % d)
    for e in r.sample(EXTRAS_DEV, ch(0, 1, 1, 2, 3)): L.append(e)
    L.append("</devices></domain>")
    open(os.path.join(d, "in.xml"), "w").write("\n".join(L) + "\n")
