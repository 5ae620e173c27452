#!/usr/bin/python3
"""One client of tools/bench-scale.sh: the same reads through python3-libvirt (our library or
Debian's libvirt, whichever LD_LIBRARY_PATH gives) or through pyvmomi with a property
collector, printing one JSON object: per operation, seconds and SOAP calls (counted by the
simulator), and the process's peak RSS in MiB.

Usage: bench_scale.py libvirt URI CALLS_URL
       bench_scale.py pyvmomi HOST:PORT CALLS_URL
"""
import json
import resource
import ssl
import sys
import time
import urllib.request

kind, target, calls_url = sys.argv[1:4]
CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE
STATES, NAMES, UUIDS = 1000, 100, 100


def calls():
    return json.load(urllib.request.urlopen(calls_url, context=CTX))["total"]


results = {}


def measure(label, fn):
    c0, t0 = calls(), time.perf_counter()
    out = fn()
    results[label] = {"seconds": time.perf_counter() - t0, "calls": calls() - c0}
    if isinstance(out, list):
        results[label]["count"] = len(out)
    return out


def spread(items, n):
    """n items spread over the list (every k-th), so lookups do not all hit one host."""
    step = max(1, len(items) // n)
    return items[::step][:n]


if kind == "libvirt":
    import libvirt

    libvirt.registerErrorHandler(lambda c, e: None, None)

    def cb(creds, d):
        for c in creds:
            c[4] = (c[3] or "administrator") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
        return 0

    conn = measure("open", lambda: libvirt.openAuth(
        target, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0))
    doms = measure("listAllDomains", conn.listAllDomains)
    measure("state()", lambda: [d.state() for d in spread(doms, STATES)])
    names = [d.name() for d in spread(doms, NAMES)]
    uuids = [d.UUIDString() for d in spread(doms, UUIDS)]
    measure("lookupByName", lambda: [conn.lookupByName(n) for n in names])
    measure("lookupByUUIDString", lambda: [conn.lookupByUUIDString(u) for u in uuids])
else:
    from pyVim.connect import SmartConnect
    from pyVmomi import vim, vmodl

    host, port = target.rsplit(":", 1)
    si = measure("open", lambda: SmartConnect(host=host, port=int(port), user="administrator",
                                              pwd="secret", sslContext=CTX))
    content = si.RetrieveContent()
    pc = content.propertyCollector
    dc = content.rootFolder.childEntity[0]

    def collect(objs, paths, container=None):
        """One RetrievePropertiesEx (and its continuations) for paths of objs or a container."""
        if container is not None:
            trav = vmodl.query.PropertyCollector.TraversalSpec(name="v", path="view", skip=False,
                                                               type=vim.view.ContainerView)
            obj_set = [vmodl.query.PropertyCollector.ObjectSpec(obj=container, skip=True, selectSet=[trav])]
        else:
            obj_set = [vmodl.query.PropertyCollector.ObjectSpec(obj=o) for o in objs]
        spec = vmodl.query.PropertyCollector.FilterSpec(
            objectSet=obj_set, propSet=[vmodl.query.PropertyCollector.PropertySpec(
                type=vim.VirtualMachine, pathSet=paths)])
        res = pc.RetrievePropertiesEx([spec], vmodl.query.PropertyCollector.RetrieveOptions())
        out = list(res.objects)
        while res.token:
            res = pc.ContinueRetrievePropertiesEx(res.token)
            out.extend(res.objects)
        return out

    def list_all():
        view = content.viewManager.CreateContainerView(dc.vmFolder, [vim.VirtualMachine], True)
        got = collect(None, ["name", "config.uuid", "runtime.powerState"], container=view)
        view.Destroy()
        return [(o.obj, {p.name: p.val for p in o.propSet}) for o in got]

    vms = measure("listAllDomains", list_all)
    measure("state()",
            lambda: [collect([vm], ["runtime.powerState"]) for vm, _ in spread(vms, STATES)])
    names = [p["name"] for _, p in spread(vms, NAMES)]
    uuids = [p["config.uuid"] for _, p in spread(vms, UUIDS)]
    si_index = content.searchIndex
    dc_name = dc.name

    def by_name(n):
        vm = si_index.FindByInventoryPath(f"{dc_name}/vm/{n}")
        return collect([vm], ["name", "config.uuid", "runtime.powerState"])

    def by_uuid(u):
        vm = si_index.FindByUuid(dc, u, True)
        return collect([vm], ["name", "config.uuid", "runtime.powerState"])

    measure("lookupByName", lambda: [by_name(n) for n in names])
    measure("lookupByUUIDString", lambda: [by_uuid(u) for u in uuids])

results["peak RSS MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(results))
