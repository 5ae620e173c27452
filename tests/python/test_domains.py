#!/usr/bin/python3
"""Domain listing, lookup and information through Debian's python3-libvirt: the answers of our
library and of Debian's libvirt 9.0 on the same simulator (real-ESX reply form) must be
identical; the other simulators are checked for consistency.

Prints "python-domains: N passed, M failed".
"""
import json
import os
import subprocess
import sys

import libvirt

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def query(uri, ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "query_domains.py"), uri], env=e,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return {"error": r.stderr[-800:]}
    return json.loads(r.stdout)


esx = os.environ["ESX_TLS_ADDR"]
uri = f"esx://{esx}/?no_verify=1"
ours, theirs = query(uri, True), query(uri, False)
check("error" not in ours and "error" not in theirs, f"queries ran: {ours.get('error')} {theirs.get('error')}")
for k in sorted(set(ours) | set(theirs)):
    check(ours.get(k) == theirs.get(k), f"{k}: ours {ours.get(k)!r} != libvirt's {theirs.get(k)!r}")
check(len(ours.get("all", [])) == 2, "the ESX model has two VMs")

# the vcsim reply form and a vCenter: the same queries work, each VM found every way
libvirt.registerErrorHandler(lambda c, e: None, None)


def cb_for(user, password):
    def cb(creds, data):
        for c in creds:
            c[4] = user if c[0] == libvirt.VIR_CRED_AUTHNAME else password
        return 0
    return cb


for uri, user, pw, expect in [
        (f"esx://{os.environ['ESX_HTTP_ADDR']}/?transport=http", "user", "pass", 2),
        (f"vpx://{os.environ['VPX_ADDR']}/F0/DC0/F0/DC0_H0?no_verify=1", "administrator", "secret", 2),
        (f"vpx://{os.environ['VPX_ADDR']}/F0/DC0/F0/DC0_C0/DC0_C0_H1?no_verify=1", "administrator", "secret", None)]:
    c = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb_for(user, pw), None], 0)
    doms = c.listAllDomains()
    if expect is not None:
        check(len(doms) == expect, f"{uri}: {len(doms)} domains")
    check(c.numOfDomains() + c.numOfDefinedDomains() == len(doms), f"{uri}: counts add up")
    for d in doms:
        check(c.lookupByName(d.name()).UUIDString() == d.UUIDString(), f"{uri}: by name {d.name()}")
        check(c.lookupByUUID(d.UUID()).name() == d.name(), f"{uri}: by uuid {d.name()}")
        st = d.state()[0]
        check(st in (libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_PAUSED), "state")
        check((d.ID() > 0) == (st != libvirt.VIR_DOMAIN_SHUTOFF), "running domains have an ID")
        if d.ID() > 0:
            check(c.lookupByID(d.ID()).name() == d.name(), f"{uri}: by id {d.name()}")
        check(d.info()[1] > 0 and d.maxMemory() == d.info()[1], "memory")
    c.close()

# a vCenter connection sees its host's VMs only
c = libvirt.openAuth(f"vpx://{os.environ['VPX_ADDR']}/F0/DC0/F0/DC0_H0?no_verify=1",
                     [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb_for("administrator", "secret"), None], 0)
names = sorted(d.name() for d in c.listAllDomains())
check(all(n.startswith("DC0_H0_") for n in names), f"only DC0_H0's VMs: {names}")
try:
    c.lookupByName("DC0_C0_RP0_VM0")
    check(False, "another host's VM is not found")
except libvirt.libvirtError as e:
    check(e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN, f"another host's VM: {e}")
c.close()

print(f"python-domains: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
