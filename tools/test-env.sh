#!/usr/bin/env bash
# The servers the tests talk to, on loopback: govmomi's simulator (our launcher) as an ESX host
# over HTTPS in real-ESX form, an ESX host over plain HTTP in vcsim's own form, a vCenter with
# datacenters in folders, an ESX host whose sessions expire after 2 idle seconds, and an ESX host
# of its own for the lifecycle tests (they power VMs off and on, raise questions, start tools);
# plus an HTTP proxy (tinyproxy) and a SOCKS5 proxy (microsocks).
#
#   tools/test-env.sh start   start them all; writes target/test-env/env.sh (source it)
#   tools/test-env.sh stop    stop them all
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$ROOT/target/test-env"
VCSIM="$ROOT/tools/vcsim/vcsim.sh"

start_vcsim() { # name, prefix, flags...
    local name=$1 prefix=$2
    shift 2
    VCSIM_STATE_DIR="$DIR/$name" "$VCSIM" start "$@" >/dev/null
    # re-export the instance's VCSIM_* lines under the prefix
    sed -n 's/^VCSIM_\([A-Z_]*\)=\(.*\)$/export '"$prefix"'_\1=\2/p' "$DIR/$name/vcsim.env" >>"$DIR/env.sh"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop() {
    for d in "$DIR"/*/; do
        [ -f "$d/vcsim.env" ] && VCSIM_STATE_DIR="$d" "$VCSIM" stop >/dev/null 2>&1 || true
    done
    for p in "$DIR"/*.pid; do
        [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
        rm -f "$p"
    done
}

case "${1:-}" in
start)
    stop
    mkdir -p "$DIR"
    "$VCSIM" build
    : >"$DIR/env.sh"
    start_vcsim esx-tls ESX_TLS -model esx -tls -real-esx -user root -pass secret -count-calls -write-vmx
    start_vcsim esx-http ESX_HTTP -model esx -user user -pass pass -count-calls
    start_vcsim vpx VPX -model vpx -tls -folder 1 -user administrator -pass secret -count-calls
    # sessions expire after 2 idle seconds: re-login tests
    # an ESX host managed by a vCenter: same port, the vCenter on 127.0.0.2 (vcenter= tests)
    mp=$(free_port)
    start_vcsim esx-managed ESX_MANAGED -model esx -listen "127.0.0.1:$mp" -tls -real-esx -user root \
        -pass secret -management-ip 127.0.0.2
    start_vcsim vpx-manager VPX_MANAGER -model vpx -listen "127.0.0.2:$mp" -tls -real-esx \
        -user administrator -pass secret
    start_vcsim esx-idle ESX_IDLE -model esx -user root -pass secret -count-calls -session-idle 2s
    # the lifecycle tests' own ESX (they power VMs off and on, raise questions, start tools)
    start_vcsim esx-life LIFE_TLS -model esx -tls -real-esx -user root -pass secret
    # two fresh ESX hosts for tests/python/test_resources.py, which changes VMs and the autostart
    # manager: one is changed through our library, the other through Debian's libvirt
    start_vcsim esx-res-ours RES_OURS -model esx -tls -real-esx -user root -pass secret -write-vmx
    start_vcsim esx-res-theirs RES_THEIRS -model esx -tls -real-esx -user root -pass secret -write-vmx
    # two fresh ESX hosts for the snapshot, screenshot and stream tests (tests/python/
    # test_snapshots.py, test_screenshot.py, c-tests/snapshots.c): one used through our library
    # (counting calls), the other through Debian's libvirt
    start_vcsim esx-snap-ours SNAP_OURS -model esx -tls -real-esx -user root -pass secret -count-calls
    start_vcsim esx-snap-theirs SNAP_THEIRS -model esx -tls -real-esx -user root -pass secret
    # two fresh ESX hosts for tests/python/test_network.py, which defines virtual switches: one
    # through our library (its SOAP calls counted), the other through Debian's libvirt
    start_vcsim esx-net-ours NET_OURS -model esx -tls -real-esx -user root -pass secret -count-calls
    start_vcsim esx-net-theirs NET_THEIRS -model esx -tls -real-esx -user root -pass secret
    # two fresh ESX hosts with every kind of datastore for tests/python/test_storage.py, which
    # makes, copies and deletes disks: one through our library, the other through Debian's libvirt
    start_vcsim esx-storage-ours STORAGE_OURS -model esx -tls -real-esx -user root -pass secret \
        -write-vmx -extra-datastores -count-calls
    start_vcsim esx-storage-theirs STORAGE_THEIRS -model esx -tls -real-esx -user root -pass secret \
        -write-vmx -extra-datastores -count-calls
    # govmomi's simulator as shipped (-plain: none of the launcher's additions), both reply forms,
    # as ESX hosts and as vCenters: tests/python/test_plain.py (its migrations move VMs)
    start_vcsim plain-esx PLAIN_ESX -model esx -user root -pass secret -plain
    start_vcsim plain-esx-real PLAIN_ESX_REAL -model esx -tls -real-esx -user root -pass secret -plain
    start_vcsim plain-vpx PLAIN_VPX -model vpx -user administrator -pass secret -plain
    start_vcsim plain-vpx-real PLAIN_VPX_REAL -model vpx -tls -real-esx -user administrator -pass secret -plain
    # a vCenter of two clusters of two hosts and a standalone host, 3 VMs each, paging by 4:
    # tests/python/test_scope.py (defines and migrates)
    start_vcsim vpx-scope VPX_SCOPE -model vpx -tls -real-esx -user administrator -pass secret \
        -count-calls -cluster 2 -cluster-host 2 -host 1 -vms 3 -page-size 4
    # the launcher posing as ESXi 7.0 and 8.0 and as VMware Server 2.0: tests/python/test_products.py
    start_vcsim esx-70 ESX_70 -model esx -tls -real-esx -user root -pass secret -about esx-7.0
    start_vcsim esx-80 ESX_80 -model esx -tls -real-esx -user root -pass secret -about esx-8.0
    start_vcsim gsx GSX -model esx -tls -real-esx -user root -pass secret -write-vmx -about gsx-2.0
    # two fresh ESX hosts for tests/python/test_virsh.py: our virsh changes one, Debian's the other
    start_vcsim esx-virsh-ours VIRSH_OURS -model esx -tls -real-esx -user root -pass secret -write-vmx
    start_vcsim esx-virsh-theirs VIRSH_THEIRS -model esx -tls -real-esx -user root -pass secret -write-vmx
    # a fresh ESX host for tests/python/test_volume_stream.py, which writes and replaces volumes
    start_vcsim esx-stream STREAM -model esx -tls -real-esx -user root -pass secret
    hp=$(free_port)
    cat >"$DIR/tinyproxy.conf" <<CONF
Port $hp
Listen 127.0.0.1
Timeout 60
Allow 127.0.0.1
LogLevel Error
CONF
    tinyproxy -d -c "$DIR/tinyproxy.conf" >"$DIR/tinyproxy.log" 2>&1 &
    echo $! >"$DIR/tinyproxy.pid"
    sp=$(free_port)
    microsocks -i 127.0.0.1 -p "$sp" >"$DIR/microsocks.log" 2>&1 &
    echo $! >"$DIR/microsocks.pid"
    {
        echo "export HTTP_PROXY_ADDR=127.0.0.1:$hp"
        echo "export SOCKS_PROXY_ADDR=127.0.0.1:$sp"
    } >>"$DIR/env.sh"
    for p in $hp $sp; do
        for _ in $(seq 50); do
            python3 -c "import socket; socket.create_connection(('127.0.0.1', $p), 1)" 2>/dev/null && break
            sleep 0.1
        done
    done
    cat "$DIR/env.sh"
    ;;
stop) stop ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
