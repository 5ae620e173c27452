#!/usr/bin/python3
"""Volume download and upload through libvirt's stream API (beyond libvirt's ESX driver), with
Debian's python3-libvirt on our library, on a fresh ESX simulator of its own (STREAM_ADDR):

- a 256 MiB disk whose flat extent the test writes into the simulator's datastore folder comes
  back from vol.download() + stream.recvAll() byte for byte (SHA-256), while the Python
  process's peak RSS grows by less than 64 MiB;
- offset and length downloads give the slice of the file; an ISO image is the file itself;
- an upload (vol.upload() + stream.sendAll()) replaces the volume's data, and downloads back;
- an aborted or short upload leaves the volume as it was and no file behind;
- a missing file, a transfer the server cuts, sparse streams, offsets on upload, iSCSI LUNs,
  another connection's stream and non-blocking streams give libvirt errors.

Prints "python-volume-stream: N passed, M failed" and the transfer rates (not checked).
"""
import hashlib
import json
import os
import random
import ssl
import sys
import time
import urllib.request

import libvirt

passed = failed = 0
ADDR = os.environ["STREAM_ADDR"]
MiB = 1 << 20
BIG = 256 * MiB
CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE

libvirt.registerErrorHandler(lambda c, e: None, None)


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def http(method, path):
    req = urllib.request.Request(f"https://{ADDR}{path}", method=method)
    with urllib.request.urlopen(req, context=CTX, timeout=60) as r:
        return json.loads(r.read())


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def connect(flags=0):
    return libvirt.openAuth(f"esx://{ADDR}/?no_verify=1",
                            [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None],
                            flags)


def error_of(f):
    """The (code, message) of the libvirt error f raises; None if it raises none."""
    try:
        f()
    except libvirt.libvirtError as e:
        return (e.get_error_code(), str(e))
    return None


def hwm_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def write_random(path, size, seed):
    """size pseudo-random bytes into path, a MiB at a time; their SHA-256."""
    rnd, h = random.Random(seed), hashlib.sha256()
    with open(path, "wb") as f:
        left = size
        while left:
            piece = rnd.randbytes(min(MiB, left))
            f.write(piece)
            h.update(piece)
            left -= len(piece)
    return h.hexdigest()


def sha_of_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while piece := f.read(MiB):
            h.update(piece)
    return h.hexdigest()


def download(c, vol, offset=0, length=0, flags=0):
    """The SHA-256 and size of what vol.download() + recvAll() gives."""
    h, n = hashlib.sha256(), [0]

    def sink(st, data, _):
        h.update(data)
        n[0] += len(data)
        return len(data)
    st = c.newStream(0)
    vol.download(st, offset, length, flags)
    st.recvAll(sink, None)
    st.finish()
    return h.hexdigest(), n[0]


def upload(c, vol, size, seed, length=0, stop_after=None):
    """size pseudo-random bytes through vol.upload() + sendAll(); their SHA-256. With
    stop_after, the stream is aborted once that many bytes are sent."""
    rnd, h, sent = random.Random(seed), hashlib.sha256(), [0]

    def source(st, nbytes, _):
        if stop_after is not None and sent[0] >= stop_after:
            raise KeyboardInterrupt  # sendAll aborts the stream and passes it on
        piece = rnd.randbytes(min(nbytes, size - sent[0]))
        h.update(piece)
        sent[0] += len(piece)
        return piece
    st = c.newStream(0)
    vol.upload(st, 0, length, 0)
    try:
        st.sendAll(source, None)
    except KeyboardInterrupt:
        return None
    st.finish()
    return h.hexdigest()


def leftovers(folder):
    return [f for f in os.listdir(folder) if ".upload-" in f]


c = connect()
ds_dir = http("GET", "/_datastore?name=LocalDS_0")["path"]
folder = os.path.join(ds_dir, "stream")
pool = c.storagePoolLookupByName("LocalDS_0")

# a 256 MiB disk: the test writes its flat extent, the library reads it back
big = pool.createXML("<volume><name>stream/big.vmdk</name><capacity unit='M'>256</capacity>"
                     "<allocation>0</allocation><target><format type='vmdk'/></target></volume>", 0)
big_flat = os.path.join(folder, "big-flat.vmdk")
want = write_random(big_flat, BIG, 1)
try:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # restart the peak RSS count here
except OSError:
    pass
start = hwm_kib()
t = time.monotonic()
got, n = download(c, big)
took = time.monotonic() - t
growth = hwm_kib() - start
check(n == BIG and got == want, f"256 MiB download: {n} bytes, sha256 {got} != {want}")
check(growth < 64 * 1024, f"peak RSS grew by {growth} KiB")
print(f"256 MiB download: sha256 equal={got == want}, {BIG / MiB / took:.0f} MiB/s, "
      f"peak RSS growth {growth // 1024} MiB")

# slices: offset and length, offset to the end, a length past the end
with open(big_flat, "rb") as f:
    data = f.read(3 * MiB)
    f.seek(BIG - 100)
    tail = f.read()
for off, ln, expect in [(1000, 5000, data[1000:6000]), (0, 3 * MiB, data),
                        (BIG - 100, 0, tail), (BIG - 100, 1000, tail)]:
    got, n = download(c, big, off, ln)
    check(got == hashlib.sha256(expect).hexdigest() and n == len(expect),
          f"slice {off}+{ln}: {n} bytes")
# virStreamRecv itself, piece by piece
st = c.newStream(0)
big.download(st, 7, 10, 0)
check(st.recv(4) + st.recv(100) + st.recv(100) == data[7:17], "recv of a 10-byte slice")
st.finish()
check(error_of(lambda: download(c, big, BIG + 1, 0)) is not None, "offset past the end")

# a plain file: its bytes as they are
img = os.path.join(folder, "img.iso")
iso_sha = write_random(img, 3 * MiB + 7, 2)
pool.refresh(0)
iso = pool.storageVolLookupByName("stream/img.iso")
check(download(c, iso) == (iso_sha, 3 * MiB + 7), "ISO image download")

# uploads: a new ISO of another size, a disk's whole data
t = time.monotonic()
sent = upload(c, iso, 5 * MiB + 3, 3)
check(sent == sha_of_file(img) and os.path.getsize(img) == 5 * MiB + 3, "ISO upload replaced it")
check(download(c, iso) == (sent, 5 * MiB + 3), "ISO upload downloads back")
disk = pool.createXML("<volume><name>stream/up.vmdk</name><capacity unit='M'>16</capacity>"
                      "<target><format type='vmdk'/></target></volume>", 0)
disk_flat = os.path.join(folder, "up-flat.vmdk")
sent = upload(c, disk, 16 * MiB, 4)
check(sent == sha_of_file(disk_flat), "disk upload wrote its flat extent")
check(download(c, disk) == (sent, 16 * MiB), "disk upload downloads back")
check(upload(c, big, BIG, 5) == sha_of_file(big_flat), "256 MiB upload")
print(f"uploads: {(8 * MiB + 16 * MiB + BIG) / MiB / (time.monotonic() - t):.0f} MiB/s "
      "with the downloads between")
check(leftovers(folder) == [], f"no temporary files: {leftovers(folder)}")

# an aborted upload, a short one, a long one: the volume as it was, nothing left behind
before = sha_of_file(disk_flat)
check(upload(c, disk, 16 * MiB, 6, stop_after=4 * MiB) is None, "upload aborted")
check(sha_of_file(disk_flat) == before and leftovers(folder) == [],
      f"aborted upload: disk unchanged, no file left ({leftovers(folder)})")
c2 = connect()
st = c2.newStream(0)
c2.storageVolLookupByKey(disk.key()).upload(st, 0, 0, 0)
st.send(b"z" * 2 * MiB)
c2.close()  # the stream keeps the connection
del st  # freed unfinished: cut off and cleaned up before the connection goes
check(sha_of_file(disk_flat) == before and leftovers(folder) == [],
      f"upload freed unfinished: disk unchanged, no file left ({leftovers(folder)})")
st = c.newStream(0)
disk.upload(st, 0, 0, 0)
st.send(b"x" * MiB)
e = error_of(st.finish)
check(e is not None and "Upload ended after 1048576 of 16777216 bytes" in e[1], f"short upload: {e}")
check(sha_of_file(disk_flat) == before and leftovers(folder) == [], "short upload: unchanged")
st = c.newStream(0)
iso.upload(st, 0, 10, 0)
e = error_of(lambda: st.send(b"y" * 11))
check(e is not None and "longer than 10 bytes" in e[1], f"upload past its length: {e}")
st.abort()
check(os.path.getsize(img) == 5 * MiB + 3 and leftovers(folder) == [], "long upload: unchanged")
st = c.newStream(0)
iso.upload(st, 0, 4, 0)
st.send(b"four")
st.finish()
check(open(img, "rb").read() == b"four", "upload of a given length")

# what is declined, and how
ARG_UNSUPPORTED, INVALID_ARG, NO_SUPPORT = 74, 8, 3
for label, f, code, text in [
        ("download SPARSE_STREAM",
         lambda: big.download(c.newStream(0), 0, 0, libvirt.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM),
         INVALID_ARG, "unsupported flags (0x1) in function esxStorageVolDownload"),
        ("upload SPARSE_STREAM",
         lambda: big.upload(c.newStream(0), 0, 0, libvirt.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM),
         INVALID_ARG, "unsupported flags (0x1) in function esxStorageVolUpload"),
        ("upload at an offset", lambda: iso.upload(c.newStream(0), 512, 0, 0),
         ARG_UNSUPPORTED, "Upload at an offset is not supported"),
        ("part of a disk", lambda: disk.upload(c.newStream(0), 0, MiB, 0),
         ARG_UNSUPPORTED, "a disk's data is uploaded whole (16777216 bytes)"),
        ("non-blocking stream",
         lambda: big.download(c.newStream(libvirt.VIR_STREAM_NONBLOCK), 0, 0, 0),
         55, "Non-blocking streams are not supported"),
        ("another connection's stream", lambda: big.download(connect().newStream(0), 0, 0, 0),
         INVALID_ARG, "stream in virStorageVolDownload must match connection of volume "
                      "'stream/big.vmdk'")]:
    e = error_of(f)
    check(e is not None and e[0] == code and text in e[1], f"{label}: {e}")
lun = c.storagePoolLookupByName("iqn.2026-01.org.libvirt-esx:storage.target0").listAllVolumes(0)[0]
for f, what in [(lambda: lun.download(c.newStream(0), 0, 0, 0), "download"),
                (lambda: lun.upload(c.newStream(0), 0, 0, 0), "upload")]:
    e = error_of(f)
    check(e is not None and e[0] == NO_SUPPORT and
          f"iSCSI storage pool does not support volume {what}" in e[1], f"LUN {what}: {e}")
ro = connect(libvirt.VIR_CONNECT_RO)
e = error_of(lambda: ro.storageVolLookupByPath("[LocalDS_0] stream/img.iso").download(
    ro.newStream(0), 0, 0, 0))
check(e is not None and e[0] == 6 + 23, f"read-only connection: {e}")  # OPERATION_DENIED

# the server's failures: a file gone, a transfer cut off
http("POST", "/_folder?cut=1000000")
e = error_of(lambda: download(c, big))
check(e is not None and "Could not complete transfer from" in e[1], f"cut download: {e}")
os.remove(img)
e = error_of(lambda: download(c, iso))
check(e is not None and "Unexpected HTTP response code 404" in e[1], f"missing file: {e}")

for v in (big, disk):
    v.delete(0)
print(f"python-volume-stream: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
