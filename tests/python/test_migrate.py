#!/usr/bin/python3
"""Migration through vCenter with Debian's python3-libvirt: between clustered hosts and between
a standalone and a clustered host, there and back, with each error; on the real-ESX reply form
the outcomes must equal Debian's libvirt 9.0's on the same simulator.

Prints "python-migrate: N passed, M failed".
"""
import os
import subprocess
import sys

import libvirt

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))
libvirt.registerErrorHandler(lambda c, e: None, None)


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def run(args, ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "query_migrate.py")] + args, env=e,
                       capture_output=True, text=True, timeout=300)
    return r.stdout.splitlines() + ([r.stderr[-500:]] if r.returncode else [])


# the real-ESX form: ours against Debian's libvirt, between two clustered hosts
args = [os.environ["VPX_MANAGER_ADDR"], "DC0/DC0_C0/DC0_C0_H0", "DC0/DC0_C0/DC0_C0_H1"]
ours, theirs = run(args, True), run(args, False)
check(len(ours) == 9, f"every step ran: {ours}")
for o, t in zip(ours, theirs):
    check(o == t, f"ours {o!r} != libvirt's {t!r}")
check(any(l.startswith("moved") and "True" in l for l in ours), "the domain moved with its UUID")

# vcsim's own form, datacenters in folders: a standalone host and a clustered one
vpx = os.environ["VPX_ADDR"]
out = run([vpx, "F0/DC0/F0/DC0_H0", "F0/DC0/F0/DC0_C0/DC0_C0_H2"], True)
check(len(out) == 9 and out[-1].startswith("back"), f"standalone <-> cluster: {out}")


def cb(creds, d):
    for c in creds:
        c[4] = (c[3] or "root") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def conn(uri):
    return libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)


a = conn(f"vpx://{vpx}/F0/DC0/F0/DC0_C0/DC0_C0_H0?no_verify=1")
dom = a.listAllDomains()[0]
# the same host
try:
    dom.migrate(conn(f"vpx://{vpx}/F0/DC0/F0/DC0_C0/DC0_C0_H0?no_verify=1"), 1, None, None, 0)
    check(False, "migrating to the same host fails")
except libvirt.libvirtError as e:
    check("same host" in str(e), f"same host: {e}")
# a destination at another vCenter
other = conn(f"vpx://{os.environ['VPX_MANAGER_ADDR']}/DC0/DC0_C0/DC0_C0_H1?no_verify=1")
try:
    dom.migrate(other, 1, None, None, 0)
    check(False, "another vCenter fails")
except libvirt.libvirtError as e:
    check("same vCenter" in str(e), f"another vCenter: {e}")
# no vCenter behind the connections
esx = conn(f"esx://{os.environ['ESX_TLS_ADDR']}/?no_verify=1")
try:
    esx.listAllDomains()[0].migrate(conn(f"esx://{os.environ['ESX_TLS_ADDR']}/?no_verify=1"), 1, None, None, 0)
    check(False, "no vCenter fails")
except libvirt.libvirtError as e:
    check(e.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT, f"no vCenter: {e}")
# Migrate3's parameters: the URI, and an unknown one refused
try:
    dom.migrate3(conn(f"vpx://{vpx}/F0/DC0/F0/DC0_C0/DC0_C0_H1?no_verify=1"), {"no_such": "x"}, 0)
    check(False, "unknown migrate3 parameter fails")
except libvirt.libvirtError as e:
    check(e.get_error_code() == libvirt.VIR_ERR_ARGUMENT_UNSUPPORTED, f"migrate3: {e}")
b = conn(f"vpx://{vpx}/F0/DC0/F0/DC0_C0/DC0_C0_H1?no_verify=1")
moved = dom.migrate3(b, {libvirt.VIR_MIGRATE_PARAM_BANDWIDTH: 0}, libvirt.VIR_MIGRATE_LIVE)
check(moved.name() == dom.name() and moved.name() in [d.name() for d in b.listAllDomains()], "migrate3")
back = moved.migrate(a, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
check(back.name() in [d.name() for d in a.listAllDomains()], "and back")

print(f"python-migrate: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
