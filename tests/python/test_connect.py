#!/usr/bin/python3
"""Connections through Debian's python3-libvirt on our library, against the simulators that
tools/test-env.sh starts (their addresses come from target/test-env/env.sh in the environment).

Where Debian's libvirt 9.0 can talk to the same server (the real-ESX reply form), the same
queries run through it in a child process and the answers must be identical.

Prints "python-connect: N passed, M failed".
"""
import json
import os
import subprocess
import sys
import tempfile

import libvirt

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def env(name):
    v = os.environ.get(name)
    if not v:
        sys.exit(f"{name} is not set: run tools/test-env.sh start and source target/test-env/env.sh")
    return v


ESX = env("ESX_TLS_ADDR")
ESX_HTTP = env("ESX_HTTP_ADDR")
VPX = env("VPX_ADDR")
HTTP_PROXY = env("HTTP_PROXY_ADDR")
SOCKS_PROXY = env("SOCKS_PROXY_ADDR")
libvirt.registerErrorHandler(lambda ctx, err: None, None)


class Callback:
    """A credential callback that records what it was asked."""

    def __init__(self, user="root", password="secret", fail=False, empty=False):
        self.user, self.password, self.fail, self.empty = user, password, fail, empty
        self.asked = []

    def __call__(self, creds, data):
        for c in creds:
            self.asked.append((c[0], c[1], c[2], c[3]))
            if self.fail:
                return -1
            if self.empty:
                c[4] = None
                continue
            c[4] = self.user if c[0] == libvirt.VIR_CRED_AUTHNAME else self.password
        return 0


def open_auth(uri, cb=None, types=(libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE)):
    cb = cb or Callback()
    return libvirt.openAuth(uri, [list(types), cb, None], 0), cb


def error_of(fn):
    try:
        fn()
    except libvirt.libvirtError as e:
        return e
    return None


# ---- host queries, compared with Debian's libvirt on the real-ESX form --------------------

QUERIES = r"""
import json, sys, libvirt
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
out = {"uri": c.getURI(), "type": c.getType(), "version": c.getVersion(),
       "hostname": c.getHostname(), "info": c.getInfo(), "caps": c.getCapabilities(),
       "encrypted": c.isEncrypted(), "secure": c.isSecure(), "alive": c.isAlive(),
       "libversion": c.getLibVersion()}
print(json.dumps(out, sort_keys=True))
"""


def run_queries(uri, ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", "-c", QUERIES, uri], env=e, capture_output=True,
                       text=True, timeout=120)
    if r.returncode != 0:
        return {"error": r.stderr[-500:]}
    return json.loads(r.stdout)


uri = f"esx://{ESX}/?no_verify=1"
ours, theirs = run_queries(uri, True), run_queries(uri, False)
check("error" not in ours, f"queries on ours: {ours.get('error')}")
check("error" not in theirs, f"queries on Debian's libvirt: {theirs.get('error')}")
for k in sorted(theirs):
    check(ours.get(k) == theirs.get(k), f"{k}: ours {ours.get(k)!r} != libvirt's {theirs.get(k)!r}")

# the same answers from the vcsim reply form, over plain http
c, _ = open_auth(f"esx://{ESX_HTTP}/?transport=http", Callback("user", "pass"))
check(c.getType() == "ESX" and c.getVersion() == 6005000, "http host: type and version")
check(c.getHostname() == "localhost.localdomain", "http host: hostname")
check(c.isEncrypted() == 0 and c.isSecure() == 0, "http is neither encrypted nor secure")
check(c.getInfo()[1] > 0 and c.getFreeMemory() > 0, "http host: memory")
check(c.close() == 0, "close returns 0 on the last reference")

# ---- round trips: opening an esx:// connection ---------------------------------------------

import urllib.request
import ssl

_ctx = ssl.create_default_context()
_ctx.check_hostname = False
_ctx.verify_mode = ssl.CERT_NONE


def soap_calls(addr, reset=False):
    scheme = "https" if addr == ESX else "http"
    req = urllib.request.Request(f"{scheme}://{addr}/_calls" + ("/reset" if reset else ""),
                                 method="POST" if reset else "GET")
    with urllib.request.urlopen(req, context=_ctx if scheme == "https" else None) as r:
        return json.load(r)


soap_calls(ESX, reset=True)
c, _ = open_auth(f"esx://{ESX}/?no_verify=1")
opened = soap_calls(ESX)
check(opened["total"] <= 4, f"open takes at most 4 SOAP calls: {opened}")
c.close()
check(soap_calls(ESX)["calls"].get("Logout") == 1, "the last close logs out")

# ---- credentials -----------------------------------------------------------------------

cb = Callback()
c, _ = open_auth(f"esx://{ESX}/?no_verify=1", cb)
host = ESX.split(":")[0]
check([a[0] for a in cb.asked] == [libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE],
      f"asked for user then password: {cb.asked}")
check(all(a[2] == host for a in cb.asked), f"the challenge is the hostname: {cb.asked}")
check(cb.asked[0][1] == f"Enter username for {host} [root]" and cb.asked[0][3] == "root",
      f"username prompt and default: {cb.asked[0]}")
check(cb.asked[1][1] == f"Enter root's password for {host}", f"password prompt: {cb.asked[1]}")
c.close()

cb = Callback()
c, _ = open_auth(f"esx://root@{ESX}/?no_verify=1", cb)
check([a[0] for a in cb.asked] == [libvirt.VIR_CRED_PASSPHRASE], "user in the URI: only a password")
c.close()

cb = Callback()
c, _ = open_auth(f"esx://root@{ESX}/?no_verify=1", cb, (libvirt.VIR_CRED_NOECHOPROMPT,))
check([a[0] for a in cb.asked] == [libvirt.VIR_CRED_NOECHOPROMPT], "NOECHOPROMPT when it is all that is offered")
c.close()

e = error_of(lambda: open_auth(f"esx://{ESX}/?no_verify=1", Callback(password="wrong")))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_AUTH_FAILED, f"wrong password: {e}")
check(e is not None and "wrong" not in str(e) and "secret" not in str(e), "no password in the message")
check(e is not None and "refused" in str(e), f"the server's refusal is reported: {e}")

e = error_of(lambda: open_auth(f"esx://{ESX}/?no_verify=1", Callback(fail=True)))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_AUTH_FAILED, f"failing callback: {e}")
e = error_of(lambda: open_auth(f"esx://{ESX}/?no_verify=1", Callback(empty=True)))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_AUTH_CANCELLED, f"no answer: {e}")
e = error_of(lambda: libvirt.open(f"esx://{ESX}/?no_verify=1"))
check(e is not None and str(e) == "invalid argument: Missing authentication credentials", f"no auth: {e}")

with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
    f.write(f"[credentials-lab]\nusername=root\npassword=secret\n[auth-esx-{host}]\ncredentials=lab\n")
c = libvirt.open(f"esx://{ESX}/?no_verify=1&authfile={f.name}")
check(c.getType() == "ESX", "credentials from an auth file, no callback")
c.close()
os.unlink(f.name)

# ---- TLS ----------------------------------------------------------------------------------

e = error_of(lambda: open_auth(f"esx://{ESX}/"))
check(e is not None and "certificate" in str(e) and "no_verify" in str(e), f"unverified cert: {e}")
e = error_of(lambda: open_auth(f"esx://{ESX}/?no_verify=0"))
check(e is not None and "certificate" in str(e), "no_verify=0 verifies")

# ---- URI parameters --------------------------------------------------------------------------

for bad, what in [("transport=ftp", "'transport' has unexpected value 'ftp'"),
                  ("no_verify=2", "'no_verify' has unexpected value '2'"),
                  ("auto_answer=7", "'auto_answer' has unexpected value '7'"),
                  ("proxy=ftp://h", "unexpected type 'ftp'"),
                  ("proxy=h:70000", "port value '70000'")]:
    e = error_of(lambda: open_auth(f"esx://{ESX}/?{bad}"))
    check(e is not None and e.get_error_code() == libvirt.VIR_ERR_INVALID_ARG and what in str(e),
          f"{bad}: {e}")

c, _ = open_auth(f"esx://{ESX}/?no_verify=1&auto_answer=1&unknown=1")
check(c.getType() == "ESX", "unknown parameters are ignored, as libvirt does")
c.close()

e = error_of(lambda: open_auth("esx+ssh://root@127.0.0.1/"))
check(e is not None and "talks to the server directly" in str(e), f"remote transport: {e}")
e = error_of(lambda: libvirt.open("qemu:///system"))
check(e is not None and e.get_error_code() == libvirt.VIR_ERR_NO_CONNECT, f"other driver: {e}")

os.environ["LIBVIRT_DEFAULT_URI"] = f"esx://{ESX_HTTP}/?transport=http"
c, _ = open_auth(None, Callback("user", "pass"))
check(c.getURI() == os.environ["LIBVIRT_DEFAULT_URI"], "NULL URI: LIBVIRT_DEFAULT_URI")
c.close()
del os.environ["LIBVIRT_DEFAULT_URI"]

# ---- proxies -------------------------------------------------------------------------------

for proxy in [f"http://{HTTP_PROXY}", HTTP_PROXY, f"socks://{SOCKS_PROXY}", f"socks5://{SOCKS_PROXY}"]:
    c, _ = open_auth(f"esx://{ESX}/?no_verify=1&proxy={proxy}")
    check(c.getHostname() == "localhost.localdomain", f"through proxy {proxy}")
    c.close()
e = error_of(lambda: open_auth(f"esx://{ESX}/?no_verify=1&proxy=127.0.0.1:1"))
check(e is not None, "an unreachable proxy is an error")

# ---- products and schemes -------------------------------------------------------------------

vpx_cb = lambda: Callback("administrator", "secret")
e = error_of(lambda: open_auth(f"esx://{VPX}/?no_verify=1", vpx_cb()))
check(e is not None and "vpx://" in str(e), f"esx:// at a vCenter names vpx://: {e}")
e = error_of(lambda: open_auth(f"gsx://{ESX}/?no_verify=1"))
check(e is not None and "esx://" in str(e), f"gsx:// at an ESX names esx://: {e}")
e = error_of(lambda: open_auth(f"vpx://{ESX}/DC0/DC0_H0?no_verify=1"))
check(e is not None and "esx://" in str(e), f"vpx:// at an ESX names esx://: {e}")

for path, what in [("", "Path has to specify the datacenter and compute resource"),
                   ("/X", "no folder or datacenter 'X' in '/' (it holds: F0)"),
                   ("/F0/DC0/F0", "ends at a folder; name a cluster or host in it (it holds: DC0_C0, DC0_H0)"),
                   ("/F0/DC0/X", "no folder, cluster or host 'X' in datacenter 'F0/DC0'"),
                   ("/F0/DC0/F0/DC0_C0/nohost", "'DC0_C0' holds: DC0_C0_H0, DC0_C0_H1, DC0_C0_H2"),
                   ("/F0/DC0/F0/DC0_H0/x", "ends with an excess item 'x'")]:
    e = error_of(lambda: open_auth(f"vpx://{VPX}{path}?no_verify=1", vpx_cb()))
    check(e is not None and what in str(e), f"vpx path {path!r}: {e}")

# beyond libvirt: a datacenter or a cluster is a connection to all of its hosts (test_scope.py)
for path in ["/F0/DC0", "/F0/DC0/F0/DC0_C0"]:
    c, _ = open_auth(f"vpx://{VPX}{path}?no_verify=1", vpx_cb())
    check(c.getHostname() == VPX.rsplit(":", 1)[0], f"vpx scope {path}: the vCenter's hostname")
    c.close()

for path in ["/F0/DC0/F0/DC0_H0", "/F0/DC0/F0/DC0_C0/DC0_C0_H2"]:
    c, cb = open_auth(f"vpx://{VPX}{path}?no_verify=1", vpx_cb())
    check(cb.asked[0][3] == "administrator", "vpx default user is administrator")
    check(c.getType() == "ESX" and c.getHostname() == "localhost.localdomain", f"vpx {path}")
    check("<uri_transport>vpxmigr</uri_transport>" in c.getCapabilities(), "vpx capabilities")
    c.close()

# ---- vcenter=: the host's vCenter logged in to as well, compared with Debian's libvirt ----------

managed = env("ESX_MANAGED_ADDR")
uris = [f"esx://{managed}/?no_verify=1&vcenter=*", f"esx://{managed}/?no_verify=1&vcenter=127.0.0.2",
        f"esx://{managed}/?no_verify=1&vcenter=127.0.0.3", f"esx://{ESX}/?no_verify=1&vcenter=*"]


def run_open(ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    here = os.path.dirname(os.path.abspath(__file__))
    r = subprocess.run(["/usr/bin/python3", os.path.join(here, "query_open.py")] + uris, env=e,
                       capture_output=True, text=True, timeout=120)
    return r.stdout.splitlines()


ours_lines, theirs_lines = run_open(True), run_open(False)
check(len(ours_lines) == 4, f"four outcomes: {ours_lines}")
for o, t in zip(ours_lines, theirs_lines):
    check(o == t, f"vcenter=: ours {o!r} != libvirt's {t!r}")
check(ours_lines and ours_lines[0].startswith("OK") and "'127.0.0.2', 'administrator'" in ours_lines[0],
      "vcenter=* logs in to the vCenter, asking with its address and 'administrator'")

# ---- an expired session: logged in again once, transparently --------------------------------

import time
import urllib.request

idle = env("ESX_IDLE_ADDR")
c, cb = open_auth(f"esx://{idle}/?transport=http")
check(c.getHostname() == "localhost.localdomain", "query before expiry")
time.sleep(5)
urllib.request.urlopen(urllib.request.Request(f"http://{idle}/_calls/reset", method="POST")).read()
check(c.getHostname() == "localhost.localdomain", "query after the session expired")
with urllib.request.urlopen(f"http://{idle}/_calls") as r:
    counts = json.load(r)["calls"]
check(counts.get("Login") == 1, f"one re-login: {counts}")
check(len(cb.asked) == 2, "the callback is not asked again")
c.close()

print(f"python-connect: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
