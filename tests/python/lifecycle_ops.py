#!/usr/bin/python3
"""Domain lifecycle operations through python3-libvirt, their answers and errors printed as JSON:
run by test_lifecycle.py once on our library and once on Debian's libvirt, on the lifecycle
simulator (LIFE_TLS_*). Leaves the VMs as it found them (powered on, tools not running, no
question armed). Usage: lifecycle_ops.py ADDR SDK_URL (credentials root/secret)."""
import json
import ssl
import sys
import time
import urllib.request

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)
addr, sdk = sys.argv[1], sys.argv[2]
base = sdk.rsplit("/sdk", 1)[0]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE


def cb(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


def open_conn(params="", flags=0):
    return libvirt.openAuth(f"esx://{addr}/?no_verify=1{params}",
                            [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], flags)


def sim(path):
    """A test-only endpoint of the simulator."""
    req = urllib.request.Request(base + path, method="POST", data=b"")
    with urllib.request.urlopen(req, context=ctx, timeout=30) as r:
        return json.loads(r.read() or b"{}")


out = []


def step(name, f):
    try:
        v = f()
        out.append([name, "ok", v])
    except libvirt.libvirtError as e:
        out.append([name, "err", e.get_error_code(), e.get_error_domain(), str(e)])


c = open_conn()
VM, QVM = "ha-host_VM0", "ha-host_VM1"
d = c.lookupByName(VM)
started_id = d.ID()
state = lambda: d.state()
step("state", state)
step("id", lambda: d.ID() == started_id and started_id > 0)
# wrong states and flags on a running domain
step("create running", d.create)
step("createWithFlags 1", lambda: d.createWithFlags(1))
step("resume running", d.resume)
step("destroyFlags 1", lambda: d.destroyFlags(1))
step("shutdownFlags 1", lambda: d.shutdownFlags(1))
step("reboot 1", lambda: d.reboot(1))
step("hostname flags", lambda: d.hostname(1))
# tools not running: shutdown/reboot fail, no host name, the NICs without addresses
step("shutdown no tools", d.shutdown)
step("reboot no tools", lambda: d.reboot(0))
step("hostname no tools", d.hostname)
step("addresses agent", lambda: d.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT))
step("addresses lease", lambda: d.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE))
step("addresses arp", lambda: d.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP))
step("addresses flags", lambda: d.interfaceAddresses(1, 1))
# suspend and resume
step("suspend", d.suspend)
step("state suspended", state)
step("id suspended", lambda: d.ID() == started_id)
step("suspend suspended", d.suspend)
step("destroy suspended", d.destroy)
step("shutdown suspended", d.shutdown)
step("reboot suspended", lambda: d.reboot(0))
step("hostname suspended", d.hostname)
step("addresses suspended", lambda: d.interfaceAddresses(1))
step("create suspended", d.create)
step("resume", d.resume)
step("state resumed", state)
# destroy and create
step("destroy", d.destroy)
step("state destroyed", state)
step("id destroyed", d.ID)
step("lookup id destroyed", lambda: c.lookupByName(VM).ID())
step("destroy off", d.destroy)
step("suspend off", d.suspend)
step("resume off", d.resume)
step("shutdown off", d.shutdown)
step("reboot off", lambda: d.reboot(0))
step("create", d.create)
step("state created", state)
step("id created", lambda: d.ID() == c.lookupByName(VM).ID() and d.ID() > 0)
step("destroyFlags", lambda: d.destroyFlags(0))
step("createWithFlags", lambda: d.createWithFlags(0))
step("id created again", lambda: d.ID() == c.lookupByName(VM).ID() and d.ID() > 0)
# a read-only connection may not change anything, nor ask the guest agent
ro = open_conn(flags=libvirt.VIR_CONNECT_RO)
rd = ro.lookupByName(VM)
for name, f in [("create", rd.create), ("destroy", rd.destroy), ("suspend", rd.suspend),
                ("resume", rd.resume), ("shutdown", rd.shutdown), ("reboot", lambda: rd.reboot(0)),
                ("hostname", rd.hostname), ("addresses agent", lambda: rd.interfaceAddresses(1)),
                ("addresses lease", lambda: rd.interfaceAddresses(0))]:
    step(f"read-only {name}", f)
ro.close()
# tools running: shutdown and reboot work
step("tools on", lambda: sim(f"/_tools?vm={VM}&running=true")["toolsRunningStatus"])
# what the tools report: the host name, the first NIC's addresses (an unparsable one skipped)
step("tools data", lambda: sim(f"/_tools?vm={VM}&hostname=guest0.example"
                               "&ip=192.168.1.10/24,fe80::250:56ff:fe01:2/64,not-an-address/8")["vm"])
step("hostname tools", d.hostname)
step("addresses tools", lambda: d.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT))
step("reboot tools", lambda: d.reboot(0))
step("state rebooted", state)
step("shutdown tools", d.shutdown)
step("state shut down", lambda: d.state()[0] in (libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_RUNNING))
if d.state()[0] != libvirt.VIR_DOMAIN_RUNNING:
    step("create after shutdown", d.create)
step("tools off", lambda: sim(f"/_tools?vm={VM}&running=false&hostname=&ip=")["toolsRunningStatus"])
step("hostname tools off", d.hostname)
step("state end", state)

# questions: a power-on blocked by a question, not answered: the task stays blocked (the
# simulator's power-on task is not cancelable, as libvirt then logs)
q = c.lookupByName(QVM)
step("q destroy", q.destroy)
step("q arm", lambda: bool(sim(f"/_question?vm={QVM}")))
step("q create no answer", q.create)
step("q state after", q.state)
step("q id after", q.ID)
step("q create still blocked", q.create)
# with auto_answer=1, the pending question is answered before the next task
ca = open_conn("&auto_answer=1")
qa = ca.lookupByName(QVM)
step("q create answers pending", qa.create)
for _ in range(50):
    if qa.state()[0] == libvirt.VIR_DOMAIN_RUNNING:
        break
    time.sleep(0.1)
step("q state answered", qa.state)
# a question raised by the task itself, answered while it runs
step("q destroy again", qa.destroy)
step("q arm again", lambda: bool(sim(f"/_question?vm={QVM}")))
step("q create auto answer", qa.create)
step("q state auto answered", qa.state)
step("q id answered", lambda: qa.ID() == ca.lookupByName(QVM).ID() and qa.ID() > 0)
# a question already pending before the task
step("q now", lambda: bool(sim(f"/_question?vm={QVM}&now=1")))
step("q suspend pending", q.suspend)
step("q state pending", q.state)
step("q suspend auto answer", qa.suspend)
step("q state suspended", qa.state)
step("q resume", qa.resume)
step("q state end", qa.state)
ca.close()
c.close()
print(json.dumps(out, indent=1))
