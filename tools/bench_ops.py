#!/usr/bin/python3
"""One bench run through python3-libvirt on whichever libvirt.so.0 the loader finds: times and
SOAP calls (counted by the simulator, /_calls) of connection and domain operations.

Usage: bench_ops.py URI CALLS_URL   (credentials root/secret). Prints one JSON object.
"""
import json
import ssl
import sys
import time
import urllib.request

import libvirt

uri, calls_url = sys.argv[1], sys.argv[2]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
libvirt.registerErrorHandler(lambda c, e: None, None)


def calls(reset=False):
    req = urllib.request.Request(calls_url + ("/reset" if reset else ""), method="POST" if reset else "GET")
    with urllib.request.urlopen(req, context=ctx) as r:
        return json.load(r)["total"]


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def open_conn():
    return libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)


out = {}


def measure(name, fn, repeat=1):
    calls(reset=True)
    t = time.perf_counter()
    for _ in range(repeat):
        fn()
    dt = time.perf_counter() - t
    out[name] = {"seconds": dt, "calls": calls(), "repeat": repeat}


measure("open+close", lambda: open_conn().close(), repeat=5)
c = open_conn()
measure("getVersion", c.getVersion, repeat=20)
measure("getHostname", c.getHostname, repeat=20)
measure("getInfo (node)", c.getInfo, repeat=20)
measure("getCapabilities", c.getCapabilities, repeat=20)
doms = []
measure("listAllDomains", lambda: doms.extend(c.listAllDomains()))
measure(f"state() on {len(doms)}", lambda: [d.state() for d in doms])
measure(f"info() on {min(200, len(doms))}", lambda: [d.info() for d in doms[:200]])
measure("lookupByName x20", lambda: [c.lookupByName(d.name()) for d in doms[:20]])
# every domain's figures: getAllDomainStats where the library has it (every group: state, cpu,
# balloon, vcpu, net, block), else what a user of libvirt's ESX driver has, info() and state()
# on each domain
try:
    c.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE)
    every = c.getAllDomainStats
except libvirt.libvirtError:
    def every():
        return [(d.info(), d.state()) for d in doms]
measure(f"stats of all {len(doms)}", every, repeat=3)
c.close()
print(json.dumps(out))
