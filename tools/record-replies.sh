#!/usr/bin/env bash
# Re-records the reply corpus of the reply fuzzer (tests/fuzz_replies.rs): starts the launcher
# with -trace as an ESX host (real-ESX form) and as a vCenter (vcsim's own form), drives every
# area of the library against them through python3-libvirt (open, lists, lookups, queries,
# lifecycle, define, snapshots, storage, networks, interfaces, and a few faults), and writes
# each distinct SOAP reply to tests/data/replies/METHOD.N.xml (at most 4 per method, 40 of
# RetrievePropertiesEx and 12 of WaitForUpdatesEx; each under 64 KiB).
#
#   tools/record-replies.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=tests/data/replies
WORK=target/record-replies
cargo build --release >/dev/null
rm -rf "$WORK"
mkdir -p "$WORK"
started=()
cleanup() {
    for d in "${started[@]}"; do VCSIM_STATE_DIR="$d" tools/vcsim/vcsim.sh stop >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
start() { # name, flags...
    local name=$1
    shift
    VCSIM_STATE_DIR="$WORK/$name" tools/vcsim/vcsim.sh start -trace -user root -pass secret "$@" >/dev/null
    started+=("$WORK/$name")
}
start esx -model esx -tls -real-esx -write-vmx -extra-datastores
start vpx -model vpx -tls

for name in esx vpx; do
    addr=$(. "$WORK/$name/vcsim.env" && echo "$VCSIM_ADDR")
    scheme=esx
    [ $name = vpx ] && scheme=vpx && addr="$addr/DC0/DC0_C0/DC0_C0_H0"
    LD_LIBRARY_PATH="$ROOT/target/release" /usr/bin/python3 - "$scheme://root@$addr/?no_verify=1" <<'EOF'
import sys, libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, d):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
def tryit(f, *a):
    try:
        return f(*a)
    except libvirt.libvirtError:
        return None
c.getHostname(); c.getInfo(); c.getFreeMemory(); c.getCapabilities(); c.getVersion()
for d in c.listAllDomains():
    d.info(); d.XMLDesc(0); d.state(); tryit(d.autostart); tryit(d.schedulerParameters)
    tryit(d.memoryParameters, 0); tryit(d.hostname); tryit(d.interfaceAddresses, 0)
    s = tryit(d.snapshotCreateXML, "<domainsnapshot><name>rec</name></domainsnapshot>", 0)
    if s:
        s.getXMLDesc(); d.listAllSnapshots(); tryit(d.revertToSnapshot, s); s.delete()
    tryit(d.suspend); tryit(d.resume); tryit(d.shutdown); tryit(d.destroy); tryit(d.create)
    tryit(d.setMemory, d.maxMemory() // 2)
c.listDomainsID(); c.listDefinedDomains()
for p in c.listAllStoragePools():
    p.info(); p.XMLDesc(0)
    for v in p.listAllVolumes():
        tryit(v.info); tryit(v.XMLDesc, 0); tryit(v.key)
for n in tryit(c.listAllNetworks) or []:
    n.XMLDesc(0)
for i in tryit(c.listAllInterfaces) or []:
    i.XMLDesc(0)
tryit(c.lookupByName, "none")
tryit(c.defineXML, "<domain type='vmware'><name>rec</name><memory>262144</memory><os><type>hvm</type></os>"
      "<devices><disk type='file' device='disk'><source file='[LocalDS_0] rec/rec.vmdk'/>"
      "<target dev='sda' bus='scsi'/></disk></devices></domain>")
d = tryit(c.lookupByName, "rec")
if d:
    d.undefine()
c.close()
EOF
done
for name in esx vpx; do VCSIM_STATE_DIR="$WORK/$name" tools/vcsim/vcsim.sh stop >/dev/null; done
started=()

rm -rf "$OUT"
mkdir -p "$OUT"
python3 - "$OUT" "$WORK/esx/vcsim.log" "$WORK/vpx/vcsim.log" <<'EOF'
import hashlib, os, re, sys
out, logs = sys.argv[1], sys.argv[2:]
kept, seen = {}, set()
# the property collector's replies hold most of what the library reads: keep more of them
LIMITS = {"RetrievePropertiesEx": 40, "WaitForUpdatesEx": 12}
for log in logs:
    text = open(log, encoding="utf-8", errors="replace").read()
    # the trace: "Request: <envelope>" then "Response: <envelope>", one pair per call
    for req, resp in re.findall(r"Request: (.*?)\nResponse: (.*?)(?=\n(?:Request: |[0-9]{4}/|vcsim: |$))", text, re.S):
        m = re.search(r"<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)", req)
        if not m or len(resp) > 65536:
            continue
        method = m.group(1)
        h = hashlib.sha256(resp.encode()).hexdigest()
        if h in seen or kept.get(method, 0) >= LIMITS.get(method, 4):
            continue
        seen.add(h)
        kept[method] = kept.get(method, 0) + 1
        with open(os.path.join(out, f"{method}.{kept[method]}.xml"), "w", encoding="utf-8") as f:
            f.write(resp)
print(f"record-replies: {sum(kept.values())} replies of {len(kept)} methods in {out}")
EOF
