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
trap 'tools/vcsim/vcsim.sh stop >/dev/null 2>&1' EXIT
URI="esx://$VCSIM_ADDR/?no_verify=1"
# credentials the way libvirt users keep them: an auth.conf
export LIBVIRT_AUTH_FILE="$ROOT/target/demo/auth.conf"
printf '[credentials-demo]\nusername=root\npassword=secret\n[auth-esx-%s]\ncredentials=demo\n' \
    "$VCSIM_HOST" >"$LIBVIRT_AUTH_FILE"

export PKG_CONFIG_PATH="$ROOT/pkgconfig"
cc -Wall -Werror demo/demo.c -o target/demo/demo $(pkg-config --cflags --libs libvirt)
export LD_LIBRARY_PATH="$ROOT/target/release"
echo "== C program ($(LD_LIBRARY_PATH=$LD_LIBRARY_PATH ldd target/demo/demo | grep -o 'libvirt.so.0 => [^ ]*'))"
target/demo/demo "$URI" </dev/null
echo "== Debian's python3-libvirt"
/usr/bin/python3 - "$URI" <<'PY'
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
PY
