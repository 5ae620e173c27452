#!/usr/bin/env bash
# The README's demo, from a fresh machine: installs what is missing, builds the library, starts
# the vSphere simulator (an ESX host over HTTPS), and runs a C program and Debian's
# python3-libvirt on our library against it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
tools/setup.sh
cargo build --release
export VCSIM_STATE_DIR="$ROOT/target/demo/vcsim"
eval "$(tools/vcsim/vcsim.sh start -model esx -tls -user root -pass secret)"
VPX_ADDR=$(VCSIM_STATE_DIR="$ROOT/target/demo/vpx" tools/vcsim/vcsim.sh start -model vpx -tls \
    -user administrator -pass secret | sed -n 's/^VCSIM_ADDR=//p')
trap 'tools/vcsim/vcsim.sh stop >/dev/null 2>&1; VCSIM_STATE_DIR="$ROOT/target/demo/vpx" tools/vcsim/vcsim.sh stop >/dev/null 2>&1' EXIT
URI="esx://$VCSIM_ADDR/?no_verify=1"
# credentials the way libvirt users keep them: an auth.conf
export LIBVIRT_AUTH_FILE="$ROOT/target/demo/auth.conf"
printf '[credentials-demo]\nusername=root\npassword=secret\n[auth-esx-%s]\ncredentials=demo\n' \
    "$VCSIM_HOST" >"$LIBVIRT_AUTH_FILE"
printf '[credentials-vc]\nusername=administrator\npassword=secret\n[auth-vpx-%s]\ncredentials=vc\n' \
    "${VPX_ADDR%:*}" >>"$LIBVIRT_AUTH_FILE"

export PKG_CONFIG_PATH="$ROOT/pkgconfig"
cc -Wall -Werror demo/demo.c -o target/demo/demo $(pkg-config --cflags --libs libvirt)
export LD_LIBRARY_PATH="$ROOT/target/release"
echo "== C program ($(LD_LIBRARY_PATH=$LD_LIBRARY_PATH ldd target/demo/demo | grep -o 'libvirt.so.0 => [^ ]*'))"
target/demo/demo "$URI" </dev/null
echo "== Debian's python3-libvirt"
/usr/bin/python3 - "$URI" "$VPX_ADDR" <<'PY'
import sys
import libvirt
lib = [l.split()[-1] for l in open("/proc/self/maps") if "libvirt.so" in l][0]
print("python3-libvirt loaded", lib)
conn = libvirt.open(sys.argv[1])
print(conn.getType(), conn.getVersion(), conn.getHostname(), conn.getInfo())
for d in conn.listAllDomains():
    print(" ", d.name(), d.UUIDString(), "running" if d.isActive() else "shut off")
print(conn.getCapabilities())
try:
    libvirt.open("esx://127.0.0.1:1/?no_verify=1")
except libvirt.libvirtError as e:
    print("a server that is not there:", e)

print("== the seed's Fedora11 example: defined, started, suspended, resumed, destroyed, undefined")
FEDORA11 = """<domain type='vmware'>
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
      <source file='[LocalDS_0] Fedora11/Fedora11.vmdk'/>
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
states = {1: "running", 3: "paused", 5: "shut off"}
dom = conn.defineXML(FEDORA11)
print("defined", dom.name(), dom.UUIDString(), states[dom.state()[0]])
print(dom.XMLDesc(0))
for step in ("create", "suspend", "resume", "destroy"):
    getattr(dom, step)()
    print(f"{step}: {states[dom.state()[0]]}, id {dom.ID()}")
dom.setMemory(524288)
print("memory now", dom.info()[2], "KiB; scheduler", dom.schedulerParameters())
dom.undefine()
print("undefined; domains:", [d.name() for d in conn.listAllDomains()])

print("== migration through vCenter (the simulator's cluster DC0_C0)")
vc = sys.argv[2]
h0 = libvirt.open(f"vpx://{vc}/DC0/DC0_C0/DC0_C0_H0?no_verify=1")
h1 = libvirt.open(f"vpx://{vc}/DC0/DC0_C0/DC0_C0_H1?no_verify=1")
names = lambda c: sorted(d.name() for d in c.listAllDomains())
print("DC0_C0_H0:", names(h0), " DC0_C0_H1:", names(h1))
dom = h0.listAllDomains()[0]
moved = dom.migrate(h1, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
print(f"migrated {moved.name()} to DC0_C0_H1")
print("DC0_C0_H0:", names(h0), " DC0_C0_H1:", names(h1))
PY
