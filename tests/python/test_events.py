#!/usr/bin/python3
"""Domain events through Debian's python3-libvirt on our library, with libvirt's default event
loop: the lifecycle events of define, start, suspend, resume, destroy and undefine done by a
second connection (and a power-off done on the simulator directly) arrive in order, each
within 2 s; reboot events; a domain's own registration sees only its events; the older
domainEventRegister API; deregistering stops them; opening and closing a connection with events
many times (EVENT_LOOPS, default 1000) leaves the thread count and RSS flat; killing the
simulator fires the close callback and isAlive() turns 0.

Starts (and kills) a simulator of its own. Prints "python-events: N passed, M failed".
"""
import json
import os
import queue
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import libvirt

passed = failed = 0
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE
L = libvirt


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def auth(creds, data):
    for c in creds:
        c[4] = "root" if c[0] == L.VIR_CRED_AUTHNAME else "secret"
    return 0


def start_simulator():
    env = dict(os.environ, VCSIM_STATE_DIR=os.path.join(ROOT, "target", "test-env", "events-own"))
    out = subprocess.run([os.path.join(ROOT, "tools", "vcsim", "vcsim.sh"), "start", "-model", "esx", "-tls",
                          "-real-esx", "-user", "root", "-pass", "secret", "-write-vmx", "-tools-running"],
                         env=env, capture_output=True, text=True, check=True).stdout
    vals = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return env, vals


def power_off_directly(url, moid):
    """PowerOffVM_Task sent to the simulator itself, not through libvirt."""
    jar = urllib.request.HTTPCookieProcessor()
    op = urllib.request.build_opener(urllib.request.HTTPSHandler(context=CTX), jar)

    def call(body):
        env = ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
               f'<soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>')
        req = urllib.request.Request(url, data=env.encode(), headers={"Content-Type": "text/xml",
                                                                       "SOAPAction": "urn:vim25/6.5"})
        return op.open(req, timeout=30).read()
    call('<Login xmlns="urn:vim25"><_this type="SessionManager">ha-sessionmgr</_this>'
         '<userName>root</userName><password>secret</password></Login>')
    call(f'<PowerOffVM_Task xmlns="urn:vim25"><_this type="VirtualMachine">{moid}</_this></PowerOffVM_Task>')


def proc_status():
    fields = {}
    with open("/proc/self/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = (v.split() or [""])[0]
    return int(fields["Threads"]), int(fields["VmRSS"])


class Recorder:
    def __init__(self):
        self.q = queue.Queue()

    def lifecycle(self, conn, dom, event, detail, tag):
        self.q.put((tag, dom.name(), event, detail))
        return 0

    def reboot(self, conn, dom, tag):
        self.q.put((tag, dom.name(), "reboot", None))

    def expect(self, want, what):
        """The next event is `want` (tag, name, event, detail), within 2 s."""
        try:
            got = self.q.get(timeout=2)
        except queue.Empty:
            got = None
        check(got == want, f"{what}: got {got}, want {want}")

    def quiet(self, what):
        try:
            got = self.q.get(timeout=1.5)
        except queue.Empty:
            got = None
        check(got is None, f"{what}: no event, got {got}")


def main():
    L.registerErrorHandler(lambda c, e: None, None)
    L.virEventRegisterDefaultImpl()
    threading.Thread(target=lambda: [L.virEventRunDefaultImpl() for _ in iter(int, 1)], daemon=True).start()
    env, sim = start_simulator()
    try:
        run(sim)
    finally:
        subprocess.run([os.path.join(ROOT, "tools", "vcsim", "vcsim.sh"), "stop"], env=env, capture_output=True)
    print(f"python-events: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def run(sim):
    uri = f"esx://{sim['VCSIM_ADDR']}/?no_verify=1"
    creds = [[L.VIR_CRED_AUTHNAME, L.VIR_CRED_PASSPHRASE], auth, None]
    conn = L.openAuth(uri, creds, 0)
    other = L.openAuth(uri, creds, 0)
    rec = Recorder()
    life = conn.domainEventRegisterAny(None, L.VIR_DOMAIN_EVENT_ID_LIFECYCLE, rec.lifecycle, "any")
    reboot = conn.domainEventRegisterAny(None, L.VIR_DOMAIN_EVENT_ID_REBOOT, rec.reboot, "any")
    check(life > 0 and reboot > life, f"callback ids {life} {reboot}")

    # a new domain through the second connection: every lifecycle step in order
    src = other.lookupByName("ha-host_VM0")
    xml = src.XMLDesc().replace("<name>ha-host_VM0</name>", "<name>events-vm</name>")
    xml = xml.replace(src.UUIDString(), str(uuid.uuid4()))
    D = L
    d = other.defineXML(xml)
    rec.expect(("any", "events-vm", D.VIR_DOMAIN_EVENT_DEFINED, D.VIR_DOMAIN_EVENT_DEFINED_ADDED), "define")
    d.create()
    rec.expect(("any", "events-vm", D.VIR_DOMAIN_EVENT_STARTED, D.VIR_DOMAIN_EVENT_STARTED_BOOTED), "start")
    own = conn.domainEventRegisterAny(conn.lookupByName("events-vm"), L.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                      rec.lifecycle, "own")
    d.suspend()
    rec.expect(("any", "events-vm", D.VIR_DOMAIN_EVENT_SUSPENDED, D.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED), "suspend")
    rec.expect(("own", "events-vm", D.VIR_DOMAIN_EVENT_SUSPENDED, D.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED),
               "suspend, the domain's own callback")
    d.resume()
    rec.expect(("any", "events-vm", D.VIR_DOMAIN_EVENT_RESUMED, D.VIR_DOMAIN_EVENT_RESUMED_UNPAUSED), "resume")
    rec.expect(("own", "events-vm", D.VIR_DOMAIN_EVENT_RESUMED, D.VIR_DOMAIN_EVENT_RESUMED_UNPAUSED),
               "resume, the domain's own callback")
    conn.domainEventDeregisterAny(own)
    d.destroy()
    rec.expect(("any", "events-vm", D.VIR_DOMAIN_EVENT_STOPPED, D.VIR_DOMAIN_EVENT_STOPPED_DESTROYED), "destroy")
    d.undefine()
    rec.expect(("any", "events-vm", D.VIR_DOMAIN_EVENT_UNDEFINED, D.VIR_DOMAIN_EVENT_UNDEFINED_REMOVED), "undefine")

    # a guest reboot (VMware tools run); a power-off on the simulator directly
    other.lookupByName("ha-host_VM1").reboot()
    rec.expect(("any", "ha-host_VM1", "reboot", None), "reboot")
    vm1 = other.lookupByName("ha-host_VM1")
    power_off_directly(sim["VCSIM_URL"], f"vm-{vm1.ID()}")
    rec.expect(("any", "ha-host_VM1", D.VIR_DOMAIN_EVENT_STOPPED, D.VIR_DOMAIN_EVENT_STOPPED_DESTROYED),
               "power-off on the simulator")

    # the older API, beside the newer
    conn.domainEventRegister(rec.lifecycle, "legacy")
    vm1.create()
    got = sorted([rec.q.get(timeout=2)[0] for _ in range(2)])
    check(got == ["any", "legacy"], f"start seen by both callbacks: {got}")
    conn.domainEventDeregister(rec.lifecycle)

    # deregistered: nothing more
    conn.domainEventDeregisterAny(life)
    conn.domainEventDeregisterAny(reboot)
    vm1.suspend()
    rec.quiet("after deregistering")
    try:
        conn.domainEventDeregisterAny(life)
        check(False, "deregistering twice fails")
    except L.libvirtError as e:
        check(e.get_error_code() == L.VIR_ERR_INVALID_ARG, f"deregistering twice: {e}")
    vm1.resume()

    # no thread or memory left behind by connections with events
    loops = int(os.environ.get("EVENT_LOOPS", "1000"))
    for _ in range(20):
        c = L.openAuth(uri, creds, 0)
        c.domainEventDeregisterAny(c.domainEventRegisterAny(None, 0, rec.lifecycle, "x"))
        c.close()
    threads0, rss0 = proc_status()
    t = time.time()
    for _ in range(loops):
        c = L.openAuth(uri, creds, 0)
        c.domainEventDeregisterAny(c.domainEventRegisterAny(None, 0, rec.lifecycle, "x"))
        c.close()
    threads1, rss1 = proc_status()
    print(f"python-events: {loops} connections with events in {time.time() - t:.1f} s; "
          f"threads {threads0} -> {threads1}, RSS {rss0} -> {rss1} KiB")
    check(threads1 == threads0, f"thread count flat: {threads0} -> {threads1}")
    check(rss1 - rss0 < 4096, f"RSS flat: {rss0} -> {rss1} KiB")

    # the server goes away: the close callback fires, the connection is dead
    closed = queue.Queue()
    conn.registerCloseCallback(lambda c, reason, opaque: closed.put(reason), None)
    check(conn.isAlive() == 1, "alive before")
    os.kill(int(sim["VCSIM_PID"]), 9)
    try:
        reason = closed.get(timeout=5)
    except queue.Empty:
        reason = None
    check(reason == L.VIR_CONNECT_CLOSE_REASON_EOF, f"close callback: {reason}")
    check(conn.isAlive() == 0, "not alive after")
    conn.unregisterCloseCallback()


main()
