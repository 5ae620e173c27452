#!/usr/bin/env bash
# Bench at vCenter scale: govmomi's simulator (our launcher) as a vCenter with N VMs (default
# 10000) over 20 clusters of 4 hosts, handing out property-collector pages of 1000 objects.
# The same reads (open, listAllDomains, state() on 1000, lookupByName x100,
# lookupByUUIDString x100) through python3-libvirt on our library with a datacenter-scope
# connection, through pyvmomi (Debian's python3-pyvmomi) with a property collector, and on one
# host's connection through our library and Debian's libvirt 9.0; printing seconds, SOAP calls
# (counted by the simulator) and the client's peak RSS.  Usage: tools/bench-scale.sh [N]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
N=${1:-10000}
tools/setup.sh >&2
/usr/bin/python3 -c 'import pyVmomi' 2>/dev/null || {
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    $sudo apt-get install -y -q --no-install-recommends python3-pyvmomi >&2
}
cargo build --release >&2
export VCSIM_STATE_DIR="$ROOT/target/bench-scale/vcsim"
CLUSTERS=20
# The simulator holds the whole 10,000-VM model in its Go heap: with Go's default GOGC=100 a
# listing's garbage sets off collections that scan all of it, taking a core from the client
# under test (a third of the simulator's CPU during the reads). Collect only near 1 GiB.
eval "$(GOGC=off GOMEMLIMIT=1GiB VCSIM_START_TIMEOUT=600 tools/vcsim/vcsim.sh start -model vpx -tls -real-esx -user administrator \
    -pass secret -count-calls -cluster $CLUSTERS -cluster-host 4 -host 0 -vms $((N / CLUSTERS)) -page-size 1000)"
trap 'tools/vcsim/vcsim.sh stop >/dev/null 2>&1' EXIT
CALLS="https://$VCSIM_ADDR/_calls"
run() { # label, python args...
    local label=$1
    shift
    printf '%s\t%s\n' "$label" "$("$@" 2>/dev/null)"
}
{
    run "ours, datacenter scope" env LD_LIBRARY_PATH="$ROOT/target/release" /usr/bin/python3 tools/bench_scale.py \
        libvirt "vpx://$VCSIM_ADDR/DC0?no_verify=1" "$CALLS"
    run "pyvmomi, property collector" /usr/bin/python3 tools/bench_scale.py pyvmomi "$VCSIM_ADDR" "$CALLS"
    run "ours, one host" env LD_LIBRARY_PATH="$ROOT/target/release" /usr/bin/python3 tools/bench_scale.py \
        libvirt "vpx://$VCSIM_ADDR/DC0/DC0_C0/DC0_C0_H0?no_verify=1" "$CALLS"
    run "Debian's libvirt, one host" env -u LD_LIBRARY_PATH /usr/bin/python3 tools/bench_scale.py \
        libvirt "vpx://$VCSIM_ADDR/DC0/DC0_C0/DC0_C0_H0?no_verify=1" "$CALLS"
} >"$ROOT/target/bench-scale/results.tsv"
/usr/bin/python3 - "$ROOT/target/bench-scale/results.tsv" "$N" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    label, _, data = line.rstrip("\n").partition("\t")
    rows.append((label, json.loads(data) if data.strip() else {}))
print(f"bench-scale: vcsim as a vCenter with {sys.argv[2]} VMs (20 clusters of 4 hosts, pages of 1000); "
      "seconds / SOAP calls")
ops = []
for _, r in rows:
    ops += [k for k in r if k != "peak RSS MiB" and k not in ops]
print(f"{'operation':<26}" + "".join(f"{label:>30}" for label, _ in rows))
for op in ops:
    cells = []
    for _, r in rows:
        v = r.get(op)
        cells.append("-" if v is None else f"{v['seconds']:.2f} s / {v['calls']}"
                     + (f" (x{v['count']})" if "count" in v else ""))
    print(f"{op:<26}" + "".join(f"{c:>30}" for c in cells))
print(f"{'peak RSS':<26}" + "".join(f"{r.get('peak RSS MiB', 0):>26.1f} MiB" for _, r in rows))
PY
