#!/usr/bin/python3
"""Domain statistics through Debian's python3-libvirt on our library: conn.getAllDomainStats()
gives every group for each VM in at most two SOAP calls (one property-collector call, one
QueryPerf), with the figures Debian's libvirt gives through info() and state() on the same
simulator; counters only grow; the list filters, domainListGetStats and the per-domain calls
(memoryStats, getCPUStats, blockStats, interfaceStats, blockInfo, vcpus) agree with it.

Starts a simulator of its own (it powers a VM off). Prints "python-stats: N passed, M failed".
"""
import json
import os
import ssl
import subprocess
import sys
import urllib.request

import libvirt

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def start_simulator():
    env = dict(os.environ, VCSIM_STATE_DIR=os.path.join(ROOT, "target", "test-env", "stats-own"))
    out = subprocess.run([os.path.join(ROOT, "tools", "vcsim", "vcsim.sh"), "start", "-model", "esx", "-tls",
                          "-real-esx", "-user", "root", "-pass", "secret", "-count-calls", "-vms", "3"],
                         env=env, capture_output=True, text=True, check=True).stdout
    vals = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return env, vals["VCSIM_ADDR"]


def calls(addr, reset=False):
    req = urllib.request.Request(f"https://{addr}/_calls" + ("/reset" if reset else ""),
                                 method="POST" if reset else "GET")
    with urllib.request.urlopen(req, context=CTX, timeout=30) as r:
        return json.load(r)


def auth(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def debian_info(uri):
    """info() and state() of every domain through Debian's libvirt."""
    e = dict(os.environ)
    e.pop("LD_LIBRARY_PATH", None)
    code = ("import libvirt, sys, json\n"
            "libvirt.registerErrorHandler(lambda c, e: None, None)\n"
            "def cb(creds, data):\n"
            "    for c in creds: c[4] = 'root' if c[0] == libvirt.VIR_CRED_AUTHNAME else 'secret'\n"
            "    return 0\n"
            "c = libvirt.openAuth(sys.argv[1], [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)\n"
            "print(json.dumps({d.name(): [d.info(), d.state()] for d in c.listAllDomains()}))\n")
    r = subprocess.run(["/usr/bin/python3", "-c", code, uri], env=e, capture_output=True, text=True, timeout=300)
    return json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr[-500:]}


RUNNING_FIELDS = ["state.state", "state.reason", "cpu.time", "balloon.current", "balloon.maximum", "balloon.rss",
                  "vcpu.current", "vcpu.maximum", "vcpu.0.state", "vcpu.0.time", "net.count", "net.0.name",
                  "net.0.rx.bytes", "net.0.rx.pkts", "net.0.rx.drop", "net.0.tx.bytes", "net.0.tx.pkts",
                  "net.0.tx.drop", "block.count", "block.0.name", "block.0.path", "block.0.rd.reqs",
                  "block.0.rd.bytes", "block.0.wr.reqs", "block.0.wr.bytes", "block.0.allocation",
                  "block.0.capacity", "block.0.physical"]
COUNTERS = ["cpu.time", "vcpu.0.time", "net.0.rx.bytes", "net.0.tx.pkts", "block.0.rd.bytes", "block.0.wr.reqs"]


def main():
    env, addr = start_simulator()
    try:
        run(addr)
    finally:
        subprocess.run([os.path.join(ROOT, "tools", "vcsim", "vcsim.sh"), "stop"], env=env, capture_output=True)
    print(f"python-stats: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def run(addr):
    uri = f"esx://{addr}/?no_verify=1"
    libvirt.registerErrorHandler(lambda c, e: None, None)
    conn = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], auth, None], 0)

    # every VM runs: all groups, in two calls (the first also reads the counters' ids)
    for round in (1, 2):
        calls(addr, reset=True)
        stats = conn.getAllDomainStats()
        c = calls(addr)
        check(c["total"] <= 2 and c["calls"].get("QueryPerf") == 1,
              f"round {round}: getAllDomainStats in at most 2 SOAP calls, one QueryPerf: {c}")
        check(len(stats) == 3, f"round {round}: three records: {len(stats)}")
        for d, st in stats:
            missing = [f for f in RUNNING_FIELDS if f not in st]
            check(not missing, f"{d.name()}: fields missing {missing}")
            check(all(isinstance(st[f], str) for f in ("net.0.name", "block.0.name", "block.0.path")),
                  f"{d.name()}: names are strings")
            check(all(isinstance(v, int) for k, v in st.items() if not k.endswith(("name", "path"))),
                  f"{d.name()}: numbers are integers")
        if round == 1:
            first = {d.name(): st for d, st in stats}
        else:
            second = {d.name(): st for d, st in stats}
    for name, st in second.items():
        grown = [k for k in COUNTERS if st[k] < first[name][k]]
        check(not grown, f"{name}: counters never go back: {grown}")
    # the names and values libvirt's ESX driver users get through info() and state()
    theirs = debian_info(uri)
    check("error" not in theirs, f"Debian's libvirt ran: {theirs.get('error')}")
    for name, st in second.items():
        info, state = theirs.get(name, [[None] * 5, [None, None]])
        check(st["state.state"] == state[0] == info[0], f"{name}: state {st['state.state']} vs {state}")
        check(st["balloon.maximum"] == info[1], f"{name}: balloon.maximum {st['balloon.maximum']} vs maxMem {info[1]}")
        check(st["vcpu.current"] == st["vcpu.maximum"] == info[3], f"{name}: vcpus {st['vcpu.current']} vs {info[3]}")
        check(st["balloon.current"] <= st["balloon.maximum"], f"{name}: balloon.current within maximum")
        check(st["block.0.name"] == "sda" and st["block.0.path"].endswith(".vmdk"), f"{name}: disk {st['block.0.name']}")

    # one VM off: its counters, its interfaces and its vCPUs' states are left out, not zeroed
    doms = sorted(conn.listAllDomains(), key=lambda d: d.name())
    off = doms[0]
    off.destroy()
    st = dict((d.name(), s) for d, s in conn.getAllDomainStats())[off.name()]
    check(st["state.state"] == libvirt.VIR_DOMAIN_SHUTOFF, "shut-off VM's state")
    left_out = [k for k in st if k.startswith(("cpu.", "net.", "vcpu.0.", "balloon.rss")) or k.endswith(("bytes", "reqs"))]
    check(not left_out, f"shut-off VM: no counters or interfaces: {left_out}")
    check(st.get("block.count") == 1 and "block.0.capacity" in st and st.get("vcpu.current") == 1,
          f"shut-off VM: configuration groups stay: {sorted(st)}")

    # the list filters select as listAllDomains does
    F = libvirt
    for flag in [F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE, F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE,
                 F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT, F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT,
                 F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING, F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED,
                 F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF, F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER,
                 F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING | F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF]:
        got = sorted(d.name() for d, _ in conn.getAllDomainStats(F.VIR_DOMAIN_STATS_STATE, flag))
        want = sorted(d.name() for d in conn.listAllDomains(flag))
        check(got == want, f"filter 0x{flag:x}: {got} != {want}")
    only = conn.getAllDomainStats(F.VIR_DOMAIN_STATS_STATE | F.VIR_DOMAIN_STATS_VCPU)[0][1]
    check(all(k.startswith(("state.", "vcpu.")) for k in only), f"groups asked only: {sorted(only)}")
    check(len(conn.getAllDomainStats(F.VIR_DOMAIN_STATS_PERF)[0][1]) == 0, "an unknown group alone: empty records")
    try:
        conn.getAllDomainStats(F.VIR_DOMAIN_STATS_PERF, F.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS)
        check(False, "ENFORCE_STATS with an unknown group fails")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == F.VIR_ERR_ARGUMENT_UNSUPPORTED, f"ENFORCE_STATS: {e}")

    # domainListGetStats: the caller's order, one property-collector call
    calls(addr, reset=True)
    got = conn.domainListGetStats([doms[2], doms[1]], F.VIR_DOMAIN_STATS_STATE | F.VIR_DOMAIN_STATS_BALLOON)
    check(calls(addr)["total"] == 1, "domainListGetStats without counters: one call")
    check([d.name() for d, _ in got] == [doms[2].name(), doms[1].name()], "domainListGetStats keeps the order")

    # per-domain calls: the same figures, one or two calls each
    d = doms[1]
    st = dict((x.name(), s) for x, s in conn.getAllDomainStats())[d.name()]
    calls(addr, reset=True)
    mem = d.memoryStats()
    check(calls(addr)["total"] == 1, "memoryStats: one call")
    check(mem.get("actual") == st["balloon.current"] and mem.get("rss") == st["balloon.rss"], f"memoryStats {mem}")
    check(d.getCPUStats(True)[0]["cpu_time"] >= st["cpu.time"], "getCPUStats total grows from cpu.time")
    bs = d.blockStats("sda")
    check(bs[1] >= st["block.0.rd.bytes"] and bs[2] >= st["block.0.wr.reqs"] and bs[4] == -1, f"blockStats {bs}")
    bp = d.blockStats(st["block.0.path"])
    check(bp[1] >= bs[1] and bp[3] >= bs[3], f"blockStats by path {bp}")
    ifs = d.interfaceStats(st["net.0.name"])
    check(ifs[0] >= st["net.0.rx.bytes"] and ifs[2] == -1 and ifs[6] == -1, f"interfaceStats {ifs}")
    calls(addr, reset=True)
    bi = d.blockInfo("sda")
    check(calls(addr)["total"] == 1, "blockInfo: one call")
    check(bi == [st["block.0.capacity"], st["block.0.allocation"], st["block.0.physical"]], f"blockInfo {bi}")
    vc = d.vcpus()
    check(len(vc[0]) == 1 and vc[0][0][1] == libvirt.VIR_VCPU_RUNNING and vc[0][0][2] >= st["vcpu.0.time"],
          f"vcpus {vc}")
    for what, fn, code in [("blockStats of no disk", lambda: d.blockStats("sdz"), F.VIR_ERR_INVALID_ARG),
                           ("interfaceStats of no NIC", lambda: d.interfaceStats("vnet9"), F.VIR_ERR_INVALID_ARG),
                           ("blockInfo of no disk", lambda: d.blockInfo("sdz"), F.VIR_ERR_INVALID_ARG),
                           ("blockStats of a shut-off VM", lambda: off.blockStats("sda"), F.VIR_ERR_OPERATION_INVALID),
                           ("vcpus of a shut-off VM", lambda: off.vcpus(), F.VIR_ERR_OPERATION_INVALID)]:
        try:
            fn()
            check(False, f"{what} fails")
        except libvirt.libvirtError as e:
            check(e.get_error_code() == code, f"{what}: {e.get_error_code()} {e}")
    conn.close()


main()
