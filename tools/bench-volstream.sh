#!/usr/bin/env bash
# Volume download speed: our virStorageVolDownload (python3-libvirt's vol.download() +
# stream.recvAll() on target/release/libvirt.so.0) against curl doing a plain HTTPS GET of the
# same /folder URL with a session cookie of its own, on a simulator of its own; the best of
# RUNS runs each, in MiB/s. The volume is a disk of SIZE MiB (default 256) of random bytes.
#
#   tools/bench-volstream.sh [SIZE_MIB] [RUNS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
(cd "$ROOT" && cargo build --release --quiet)
SIZE=${1:-256}
RUNS=${2:-3}
export VCSIM_STATE_DIR="$ROOT/target/bench-volstream"
VCSIM="$ROOT/tools/vcsim/vcsim.sh"
"$VCSIM" start -model esx -tls -real-esx -user root -pass secret >/dev/null
trap '"$VCSIM" stop >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC1091
source "$VCSIM_STATE_DIR/vcsim.env"
export VCSIM_ADDR SIZE RUNS

LD_LIBRARY_PATH="$ROOT/target/release" /usr/bin/python3 - <<'PY'
import json, os, ssl, subprocess, time, urllib.request
import libvirt

addr, size, runs = os.environ["VCSIM_ADDR"], int(os.environ["SIZE"]), int(os.environ["RUNS"])
MiB = 1 << 20
ctx = ssl.create_default_context()
ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE


def cb(creds, _):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


c = libvirt.openAuth(f"esx://{addr}/?no_verify=1",
                     [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
pool = c.storagePoolLookupByName("LocalDS_0")
vol = pool.createXML(f"<volume><name>bench/disk.vmdk</name><capacity unit='M'>{size}</capacity>"
                     "<allocation>0</allocation><target><format type='vmdk'/></target></volume>", 0)
with urllib.request.urlopen(f"https://{addr}/_datastore?name=LocalDS_0", context=ctx) as r:
    folder = json.loads(r.read())["path"]
with open(f"{folder}/bench/disk-flat.vmdk", "wb") as f:
    for _ in range(size):
        f.write(os.urandom(MiB))


def ours():
    got = [0]

    def sink(st, data, _):
        got[0] += len(data)
    t = time.monotonic()
    st = c.newStream(0)
    vol.download(st, 0, 0, 0)
    st.recvAll(sink, None)
    st.finish()
    took = time.monotonic() - t
    assert got[0] == size * MiB, got[0]
    return took


url = (f"https://{addr}/folder/bench/disk-flat.vmdk?dcPath=ha-datacenter&dsName=LocalDS_0")
jar = os.path.join(os.environ["VCSIM_STATE_DIR"], "bench.cookies")
login = ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
         '<soapenv:Body><Login xmlns="urn:vim25"><_this type="SessionManager">ha-sessionmgr'
         '</_this><userName>root</userName><password>secret</password></Login></soapenv:Body>'
         '</soapenv:Envelope>')
subprocess.run(["curl", "-skf", "-o", "/dev/null", "-c", jar, "-H", "Content-Type: text/xml",
                "-H", "SOAPAction: urn:vim25/6.5", "--data", login, f"https://{addr}/sdk"],
               check=True)


def curl():
    out = subprocess.run(["curl", "-skf", "-b", jar, "-o", "/dev/null", "-w",
                          "%{size_download} %{time_total}", url],
                         check=True, capture_output=True, text=True).stdout.split()
    assert int(out[0]) == size * MiB, out
    return float(out[1])


best = {"ours (vol.download + recvAll)": min(ours() for _ in range(runs)),
        "curl (GET /folder, cookie)": min(curl() for _ in range(runs))}
vol.delete(0)
print(f"download of a {size} MiB volume, best of {runs}:")
for name, took in best.items():
    print(f"  {name:32} {size / took:8.0f} MiB/s  ({took:.2f} s)")
a, b = best.values()
print(f"  ours / curl: {b / a * 100:.0f}% of curl's speed")
PY
