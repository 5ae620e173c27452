#!/bin/sh
# Differential check of the converter against the installed libvirt 9.0 (libvirt-dev needed).
# libvirt's VMware Workstation driver runs client-side; stub vmrun/vmplayer scripts let it open.
# Usage: tests/data/vmx_oracle/tools/run.sh [workdir]   (from the crate root)
set -e
W=${1:-/tmp/vmx-oracle}
T=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$W/bin"
printf '#!/bin/sh\necho "Total running VMs: 0"\n' > "$W/bin/vmrun"
printf '#!/bin/sh\necho "VMware Player 6.0.0 build-1295980"\n' > "$W/bin/vmplayer"
chmod +x "$W/bin/vmrun" "$W/bin/vmplayer"
gcc -O1 -o "$W/oracle" "$T/oracle.c" -lvirt
gcc -O1 -o "$W/oracle2" "$T/oracle2.c" -lvirt
cargo build --release --example vmx_convert
CONV=$(pwd)/target/release/examples/vmx_convert
export PATH="$W/bin:$PATH" HOME="$W"
# VMX -> XML: generated VMX files, libvirt's output next to ours (boot line normalised by cmp.py)
rm -rf "$W/g" && python3 "$T/gen4.py" "$W/g" 21 1000
"$W/oracle" "$W"/g/*.vmx 2>/dev/null
"$CONV" --raw-paths --inactive vmx2xml "$W"/g/*.vmx || true
python3 "$T/cmp.py" "$W/g" 5
# XML -> VMX: generated domain XMLs defined through libvirt (which writes the VMX, hw 7)
rm -rf "$W/x" && python3 "$T/genx2.py" "$W/x" 33 500
python3 "$T/genv.py" "$W/x" 3 500
"$W/oracle2" "$W"/x/*/in.xml 2>/dev/null
"$CONV" --raw-paths --hw 7 xml2vmx "$W"/x/*/in.xml || true
python3 "$T/cmp2.py" "$W/x" 5
