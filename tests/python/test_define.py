#!/usr/bin/python3
"""Define, dump XML and undefine through Debian's python3-libvirt: on the real-ESX reply form
our outcomes must equal Debian's libvirt 9.0's; the seed's Fedora11 example is defined on
vcsim's LocalDS_0 and nothing stays behind after an error.

Prints "python-define: N passed, M failed".
"""
import os
import subprocess
import sys

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def run(uri, ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "query_define.py"), uri], env=e,
                       capture_output=True, text=True, timeout=300)
    return r.stdout.split("\n"), r.stderr[-800:] if r.returncode else ""


uri = f"esx://{os.environ['ESX_TLS_ADDR']}/?no_verify=1"
ours, err = run(uri, True)
check(not err, f"ours ran: {err}")
theirs, terr = run(uri, False)
check(not terr, f"Debian's libvirt ran: {terr}")
check(len(ours) == len(theirs), f"same number of lines: {len(ours)} {len(theirs)}")
for o, t in zip(ours, theirs):
    check(o == t, f"ours {o!r} != libvirt's {t!r}")
text = "\n".join(ours)
check("defined Fedora11 50115e16-9bdc-49d7-f171-53c4d7f91710 -1 0 1" in text, "Fedora11 defined")
check("after errors -> ['ha-host_VM0', 'ha-host_VM1']" in text, "nothing left behind")

print(f"python-define: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
