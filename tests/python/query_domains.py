#!/usr/bin/python3
"""Domain queries through python3-libvirt, printed as JSON: run by test_domains.py once on our
library and once on Debian's libvirt. Usage: query_domains.py URI (credentials root/secret)."""
import libvirt, sys, json
libvirt.registerErrorHandler(lambda c, e: None, None)
def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
out = {}
out["num"] = c.numOfDomains(); out["ids"] = sorted(c.listDomainsID()); out["ndef"] = c.numOfDefinedDomains(); out["def"] = sorted(c.listDefinedDomains())
doms = c.listAllDomains()
out["all"] = sorted((d.name(), d.ID(), d.UUIDString()) for d in doms)
for flag in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 4096, 8192, 1024, 2048]:
    out[f"all{flag}"] = sorted(d.name() for d in c.listAllDomains(flag))
for d in doms:
    n = d.name()
    out[n] = [d.info(), d.state(), d.OSType(), d.maxMemory(), d.isActive(), d.isPersistent(), d.isUpdated(), d.hasManagedSaveImage()]
    try: out[n].append(d.maxVcpus())
    except libvirt.libvirtError as e: out[n].append(str(e))
    d2 = c.lookupByName(n); out[n].append(d2.UUIDString())
    d3 = c.lookupByUUIDString(d.UUIDString()); out[n].append(d3.name())
    if d.ID() > 0: out[n].append(c.lookupByID(d.ID()).name())
for bad in [lambda: c.lookupByName("nosuch"), lambda: c.lookupByID(9999), lambda: c.lookupByUUIDString("00000000-0000-0000-0000-000000000001")]:
    try: bad()
    except libvirt.libvirtError as e: out.setdefault("errors", []).append([e.get_error_code(), e.get_error_domain(), str(e)])
try: c.listAllDomains(1<<20)
except libvirt.libvirtError as e: out["badflags"] = str(e)
print(json.dumps(out, indent=1, sort_keys=True))
