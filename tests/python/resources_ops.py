#!/usr/bin/python3
"""Resource calls through python3-libvirt, printed as JSON: run by test_resources.py once on our
library and once on Debian's libvirt, each on its own fresh simulator (which the calls change).
Usage: resources_ops.py URI PHASE (credentials root/secret; ha-host_VM0 running, ha-host_VM1
powered off; phase "mem" after a question was raised on ha-host_VM1). Each step's answer, or its error as [code, domain, message], is recorded."""
import json
import sys

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


uri, phase = sys.argv[1], sys.argv[2]
auth = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None]
c = libvirt.openAuth(uri, auth, 0)
on, off = c.lookupByName("ha-host_VM0"), c.lookupByName("ha-host_VM1")
out = []


def step(label, f):
    try:
        r = f()
    except libvirt.libvirtError as e:
        r = ["error", e.get_error_code(), e.get_error_domain(), str(e)]
    except Exception as e:  # what python3-libvirt itself refuses
        r = ["python", type(e).__name__, str(e)]
    out.append([label, r])


def info(d):
    i = d.info()
    return [i[0], i[1], i[2], i[3]]


if phase == "1":
    for d in (on, off):
        n = d.name()
        step(f"{n} schedulerType", d.schedulerType)
        step(f"{n} schedulerParameters", d.schedulerParameters)
        step(f"{n} schedulerParametersFlags", lambda: d.schedulerParametersFlags(0))
        step(f"{n} memoryParameters", lambda: d.memoryParameters(0))
        step(f"{n} autostart", d.autostart)
        step(f"{n} info", lambda: info(d))
    # scheduler (vcsim replaces the whole cpuAllocation with the spec's, where ESX keeps the
    # fields left out, and python3-libvirt sets only parameters the domain reports: partial
    # changes come last)
    full = [{"reservation": 100, "limit": 2000, "shares": -3},
            {"reservation": 0, "limit": -1, "shares": 1234},
            {"reservation": 5, "limit": 5, "shares": -1},
            {"reservation": 0, "limit": 0, "shares": 0},
            {"reservation": 0, "limit": -1, "shares": -2}]
    for p in full:
        step(f"setSchedulerParameters {p}", lambda: on.setSchedulerParameters(p))
        step(f"schedulerParameters after {p}", on.schedulerParameters)
    for p in [{"shares": -4}, {"shares": -100}, {"limit": -2}, {"reservation": -1},
              {"reservation": 10, "limit": -5}, {"reservation": -3, "shares": -5}]:
        step(f"setSchedulerParameters {p}", lambda: on.setSchedulerParameters(p))
    step("scheduler unchanged by the errors", on.schedulerParameters)
    step("setSchedulerParametersFlags 0", lambda: on.setSchedulerParametersFlags(
        {"reservation": 1, "limit": 3000, "shares": 0}, 0))
    step("setSchedulerParametersFlags LIVE",
         lambda: on.setSchedulerParametersFlags({"limit": 3000}, libvirt.VIR_DOMAIN_AFFECT_LIVE))
    step("setSchedulerParametersFlags CONFIG",
         lambda: on.setSchedulerParametersFlags({"limit": 3000}, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
    step("scheduler at the end", on.schedulerParameters)
    step("setSchedulerParameters shares only", lambda: on.setSchedulerParameters({"shares": 4321}))
    step("schedulerParameters after shares only", on.schedulerParameters)
    step("setSchedulerParameters shares high", lambda: on.setSchedulerParameters({"shares": -3}))
    step("schedulerParameters after shares high", on.schedulerParameters)
    step("setMemoryParameters", lambda: on.setMemoryParameters({"min_guarantee": 1024}, 0))
    # vCPUs
    step("setVcpus 2", lambda: on.setVcpus(2))
    step("info after setVcpus 2", lambda: info(on))
    step("setVcpusFlags 3 LIVE", lambda: on.setVcpusFlags(3, libvirt.VIR_DOMAIN_AFFECT_LIVE))
    step("setVcpusFlags 1 0", lambda: on.setVcpusFlags(1, 0))
    step("info after setVcpusFlags", lambda: info(on))
    step("setVcpusFlags CONFIG", lambda: on.setVcpusFlags(2, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
    step("setVcpusFlags MAXIMUM", lambda: on.setVcpusFlags(2, libvirt.VIR_DOMAIN_VCPU_MAXIMUM))
    step("setVcpusFlags MAXIMUM|CONFIG",
         lambda: on.setVcpusFlags(2, libvirt.VIR_DOMAIN_VCPU_MAXIMUM | libvirt.VIR_DOMAIN_AFFECT_CONFIG))
    step("setVcpusFlags GUEST|CONFIG",
         lambda: on.setVcpusFlags(2, libvirt.VIR_DOMAIN_VCPU_GUEST | libvirt.VIR_DOMAIN_AFFECT_CONFIG))
    step("setVcpusFlags GUEST", lambda: on.setVcpusFlags(2, libvirt.VIR_DOMAIN_VCPU_GUEST))
    step("setVcpus 0", lambda: on.setVcpus(0))
    step("setVcpusFlags 0", lambda: on.setVcpusFlags(0, 0))
    step("setVcpus 128", lambda: off.setVcpus(128))
    step("setVcpus 129", lambda: on.setVcpus(129))
    step("setVcpus 4294967295", lambda: on.setVcpus(4294967295))
    step("info after vCPU errors", lambda: info(on))
    step("maxVcpus", on.maxVcpus)
    # memory
    step("setMaxMemory running", lambda: on.setMaxMemory(8 * 1024 * 1024))
    for kib in [5000, 4096, 4097, 65536]:
        step(f"setMaxMemory {kib}", lambda: off.setMaxMemory(kib))
        step(f"maxMemory after {kib}", off.maxMemory)
    step("setMaxMemory 0", lambda: off.setMaxMemory(0))
    step("setMaxMemory too large", lambda: off.setMaxMemory(9007199254740991))
    for kib in [3000, 1024, 1025, 65536]:
        step(f"setMemory {kib}", lambda: off.setMemory(kib))
        step(f"info after setMemory {kib}", lambda: info(off))
    step("setMemory running", lambda: on.setMemory(2048 * 1024))
    step("info running", lambda: info(on))
    step("setMemoryFlags 0", lambda: off.setMemoryFlags(2048, 0))
    step("setMemoryFlags LIVE", lambda: off.setMemoryFlags(2048, libvirt.VIR_DOMAIN_AFFECT_LIVE))
    step("setMemoryFlags CONFIG", lambda: off.setMemoryFlags(2048, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
    step("setMemory 0", lambda: off.setMemory(0))
    step("setMemory too large", lambda: off.setMemory(9007199254740991))
    step("setMemoryFlags too large", lambda: off.setMemoryFlags(2 ** 63 - 1, 0))
    step("info at the end", lambda: info(off))
    # autostart on a fresh host: general autostart is off and no VM has an entry, so it is
    # turned on
    step("setAutostart VM0 on", lambda: on.setAutostart(1))
    step("autostart VM0", on.autostart)
    step("autostart VM1", off.autostart)
    step("autostarted", lambda: sorted(d.name() for d in c.listAllDomains(
        libvirt.VIR_CONNECT_LIST_DOMAINS_AUTOSTART)))
    step("setAutostart VM1 on", lambda: off.setAutostart(1))
    step("autostart VM1 on", off.autostart)
    step("setAutostart VM0 off", lambda: on.setAutostart(0))
    step("autostart VM0 off", on.autostart)
    step("setAutostart VM0 off again", lambda: on.setAutostart(0))
    step("setAutostart VM1 42", lambda: off.setAutostart(42))
    step("autostart VM1 42", off.autostart)
    step("not autostarted", lambda: sorted(d.name() for d in c.listAllDomains(
        libvirt.VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART)))
elif phase == "2":
    # general autostart was turned off again behind libvirt's back; both VMs have entries
    step("autostart VM0", on.autostart)
    step("autostart VM1", off.autostart)
    step("setAutostart VM0 on refused", lambda: on.setAutostart(1))
    step("setAutostart VM0 off", lambda: on.setAutostart(0))
    step("autostart VM0 still", on.autostart)
    r = libvirt.openAuth(uri, auth, libvirt.VIR_CONNECT_RO)
    rd = r.lookupByName("ha-host_VM0")
    step("read-only setAutostart", lambda: rd.setAutostart(1))
    step("read-only autostart", rd.autostart)
    step("read-only setVcpus", lambda: rd.setVcpus(1))
    step("read-only setMemory", lambda: rd.setMemory(1024))
    step("read-only setMaxMemory", lambda: rd.setMaxMemory(1024))
    step("read-only setSchedulerParameters", lambda: rd.setSchedulerParametersFlags({"limit": 5}, 0))
    step("read-only schedulerParameters", rd.schedulerParameters)
    step("read-only schedulerType", rd.schedulerType)
    r.close()
elif phase == "mem":
    # after a question was raised on ha-host_VM1 (and maybe a power-on is blocked by it)
    step("setMemory VM1", lambda: off.setMemory(4096))
    step("info VM1 memory", lambda: off.info()[2])
c.close()
print(json.dumps(out, indent=1))
