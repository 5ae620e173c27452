#!/usr/bin/python3
"""virDomainScreenshot and the streams it fills, through python3-libvirt, printed as JSON: run by
test_screenshot.py once on our library and once on Debian's libvirt, each on its own simulator
(the steps power ha-host_VM1 off and on and change what the host says it supports, leaving both
as found). Usage: screenshot_ops.py ADDR (credentials root/secret, ha-host_VM1 powered on).
Each step's answer, or its error as ["error", code, domain, message], is recorded; an image is
recorded as its length and whether its bytes are the launcher's (GET /screen)."""
import hashlib
import json
import ssl
import sys
import urllib.request

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)
addr = sys.argv[1]
uri = f"esx://{addr}/?no_verify=1"
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


AUTH = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None]


def connect(flags=0):
    return libvirt.openAuth(uri, AUTH, flags)


def endpoint(path, method="GET"):
    req = urllib.request.Request(f"https://{addr}{path}", method=method,
                                 data=b"" if method == "POST" else None)
    req.add_header("Authorization", "Basic cm9vdDpzZWNyZXQ=")  # root:secret
    with urllib.request.urlopen(req, context=ctx, timeout=60) as r:
        return r.read()


c = connect()
d = c.lookupByName("ha-host_VM1")
expected = hashlib.sha256(endpoint(f"/screen?id=vm-{d.ID()}")).hexdigest()
out = []


def shown(r):
    """Bytes as their length and whether they are the launcher's image."""
    if isinstance(r, (bytes, bytearray)):
        return ["bytes", len(r), hashlib.sha256(r).hexdigest() == expected]
    if isinstance(r, (list, tuple)):
        return [shown(x) for x in r]
    return r


def step(label, f):
    try:
        r = f()
    except libvirt.libvirtError as e:
        r = ["error", e.get_error_code(), e.get_error_domain(), str(e)]
    out.append([label, shown(r)])
    return r


def whole(conn, dom, st=None):
    """A screenshot through stream.recvAll, then finish."""
    st = st or conn.newStream()
    mime = dom.screenshot(st, 0)
    got = bytearray()
    st.recvAll(lambda s, buf, opaque: got.extend(buf) or len(buf), None)
    st.finish()
    return [mime, bytes(got)]


def pieces(conn, dom, size):
    """A screenshot read with stream.recv(size) until the end, then finish."""
    st = conn.newStream()
    mime = dom.screenshot(st, 0)
    got = bytearray()
    while True:
        b = st.recv(size)
        if not b:
            break
        got.extend(b)
    st.finish()
    return [mime, bytes(got)]


step("recvAll", lambda: whole(c, d)[1])
step("mime", lambda: whole(c, d)[0])
step("recv 1000 at a time", lambda: pieces(c, d, 1000)[1])
step("recv 1 MiB at a time", lambda: pieces(c, d, 1 << 20)[1])
step("the same stream twice", lambda: (lambda st: [whole(c, d, st)[1], whole(c, d, st)[1]])(c.newStream()))
# streams no call has opened, or closed ones
st = c.newStream()
step("unused: recv", lambda: st.recv(10))
step("unused: send", lambda: st.send(b"x"))
step("unused: finish", lambda: st.finish())
step("unused: abort", lambda: st.abort())
step("unused: recvAll", lambda: st.recvAll(lambda s, b, o: len(b), None))
st = c.newStream()
step("open", lambda: d.screenshot(st, 0))
step("open: send", lambda: st.send(b"x"))
step("open: recv 0", lambda: st.recv(0))
step("open: recv 8", lambda: st.recv(8))
step("open: abort", lambda: st.abort())
step("aborted: recv", lambda: st.recv(10))
step("aborted: finish", lambda: st.finish())
step("aborted: abort", lambda: st.abort())
# what libvirt refuses
step("screen 1", lambda: d.screenshot(c.newStream(), 1))
step("flags 1", lambda: d.screenshot(c.newStream(), 0, 1))
step("non-blocking stream", lambda: d.screenshot(c.newStream(libvirt.VIR_STREAM_NONBLOCK), 0))
other = connect()
step("stream of another connection", lambda: d.screenshot(other.newStream(), 0))
step("read-only connection", lambda: connect(libvirt.VIR_CONNECT_RO).lookupByName(
    "ha-host_VM1").screenshot(other.newStream(), 0))
step("destroy", lambda: d.destroy())
step("powered off", lambda: d.screenshot(c.newStream(), 0))
step("create", lambda: d.create())
step("powered on again", lambda: whole(c, d)[1])
# what the host says it supports (libvirt reads it once per connection)
for support in ["false", "none", "true"]:
    endpoint(f"/_host?screenshot={support}", "POST")
    fresh = connect()
    step(f"host says {support}", lambda: whole(fresh, fresh.lookupByName("ha-host_VM1"))[1])
print(json.dumps(out))
