#!/usr/bin/env bash
# Bench: the same python3-libvirt operations on our library and on Debian's libvirt 9.0, against
# one simulator in the real-ESX reply form with N VMs (default 1000), printing time and SOAP
# calls (counted by the simulator) for each.  Usage: tools/bench.sh [N]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
N=${1:-1000}
tools/setup.sh
cargo build --release >&2
export VCSIM_STATE_DIR="$ROOT/target/bench/vcsim"
eval "$(tools/vcsim/vcsim.sh start -model esx -tls -real-esx -user root -pass secret -count-calls -vms "$N")"
trap 'tools/vcsim/vcsim.sh stop >/dev/null 2>&1' EXIT
URI="esx://$VCSIM_ADDR/?no_verify=1"
CALLS="https://$VCSIM_ADDR/_calls"
ours=$(LD_LIBRARY_PATH="$ROOT/target/release" /usr/bin/python3 tools/bench_ops.py "$URI" "$CALLS" 2>/dev/null)
theirs=$(/usr/bin/python3 tools/bench_ops.py "$URI" "$CALLS" 2>/dev/null)
/usr/bin/python3 - "$ours" "$theirs" "$N" <<'PY'
import json, sys
ours, theirs, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
print(f"bench: python3-libvirt on vcsim (ESX model, {n} VMs); per operation: seconds and SOAP calls")
print(f"{'operation':<22}{'repeat':>7}{'ours s':>10}{'libvirt s':>11}{'speedup':>9}{'ours calls':>12}{'libvirt calls':>15}")
domain_ops = [k for k in ours if k.startswith(("listAllDomains", "state()", "info()"))]
ours["listAllDomains + state() + info()"] = {
    "repeat": 1, "seconds": sum(ours[k]["seconds"] for k in domain_ops),
    "calls": sum(ours[k]["calls"] for k in domain_ops)}
theirs["listAllDomains + state() + info()"] = {
    "repeat": 1, "seconds": sum(theirs[k]["seconds"] for k in domain_ops),
    "calls": sum(theirs[k]["calls"] for k in domain_ops)}
for k in ours:
    o, t = ours[k], theirs.get(k, {})
    sp = t.get("seconds", 0) / o["seconds"] if o["seconds"] else 0
    print(f"{k:<22}{o['repeat']:>7}{o['seconds']:>10.3f}{t.get('seconds', float('nan')):>11.3f}{sp:>8.1f}x"
          f"{o['calls']:>12}{t.get('calls', '-'):>15}")
print("stats of all: ours is getAllDomainStats (state, cpu, balloon, vcpu, net, block); libvirt's ESX "
      "driver has no stats API: info() and state() on each domain")
PY
