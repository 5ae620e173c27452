#!/usr/bin/env bash
# The README's demo, from a fresh machine: installs what is missing, builds the library, and
# runs a C program and Debian's python3-libvirt on it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
tools/setup.sh
cargo build --release
export PKG_CONFIG_PATH="$ROOT/pkgconfig"
mkdir -p target/demo
cc -Wall -Werror demo/demo.c -o target/demo/demo $(pkg-config --cflags --libs libvirt)
export LD_LIBRARY_PATH="$ROOT/target/release"
echo "== C ($(ldd target/demo/demo | grep libvirt))"
target/demo/demo </dev/null
echo "== Python (Debian's python3-libvirt)"
/usr/bin/python3 - <<'PY'
import libvirt
lib = [l.split()[-1] for l in open("/proc/self/maps") if "libvirt.so" in l][0]
print("python3-libvirt loaded", lib, "version", libvirt.getVersion())
try:
    libvirt.open("esx://127.0.0.1/")
except libvirt.libvirtError as e:
    print("esx:// without credentials:", e)
PY
