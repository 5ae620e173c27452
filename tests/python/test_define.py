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

# ---- the seed's Fedora11 example, its whole life, on our library --------------------------

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)


def cb(creds, d):
    for c in creds:
        c[4] = "root" if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


conn = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
FEDORA11 = """<domain type='vmware'>
  <name>Fedora11</name>
  <uuid>50115e16-9bdc-49d7-f171-53c4d7f91710</uuid>
  <memory>1048576</memory>
  <currentMemory>1048576</currentMemory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='[LocalDS_0] Fedora11/Fedora11.vmdk'/>
      <target dev='sda' bus='scsi'/>
      <address type='drive' controller='0' bus='0' unit='0'/>
    </disk>
    <controller type='scsi' index='0'/>
    <interface type='bridge'>
      <source bridge='VM Network'/>
    </interface>
  </devices>
</domain>"""
dom = conn.defineXML(FEDORA11)
check("Fedora11" in [d.name() for d in conn.listAllDomains()], "Fedora11 listed")
xml = dom.XMLDesc(0)
check("<source file='[LocalDS_0] Fedora11/Fedora11.vmdk'/>" in xml, "dumped with its disk")
check("<mac address='00:0c:29:" in xml, f"a generated MAC with VMware's prefix: {xml}")
check(dom.create() == 0 and dom.isActive() == 1 and dom.ID() > 0, "started")
check(dom.suspend() == 0 and dom.state()[0] == libvirt.VIR_DOMAIN_PAUSED, "suspended")
check(dom.resume() == 0 and dom.state()[0] == libvirt.VIR_DOMAIN_RUNNING, "resumed")
check(dom.destroy() == 0 and dom.state()[0] == libvirt.VIR_DOMAIN_SHUTOFF and dom.ID() == -1, "destroyed")
check(dom.setMaxMemory(2097152) == 0 and dom.maxMemory() == 2097152, "max memory")
check(dom.setMemory(1048576) == 0, "memory")
check(dom.setVcpus(2) == 0 and dom.info()[3] == 2, "vCPUs")
check(dom.schedulerType()[0] == "allocation", "scheduler type")
check(dom.setSchedulerParameters({"shares": -3}) == 0 and dom.schedulerParameters()["shares"] == -3,
      f"scheduler shares high: {dom.schedulerParameters()}")
check(dom.setAutostart(1) == 0 and dom.autostart() == 1, "autostart on")
check(dom.setAutostart(0) == 0 and dom.autostart() == 0, "autostart off")
check(dom.undefine() == 0 and "Fedora11" not in [d.name() for d in conn.listAllDomains()], "undefined")
conn.close()

# vcsim's own VMs have empty VMX files: their XML comes from their configuration
http = libvirt.openAuth(f"esx://{os.environ['ESX_HTTP_ADDR']}/?transport=http",
                        [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE],
                         lambda creds, d: [c.__setitem__(4, "user" if c[0] == libvirt.VIR_CRED_AUTHNAME else "pass") for c in creds] and 0,
                         None], 0)
for d in http.listAllDomains():
    x = d.XMLDesc(0)
    check(f"<name>{d.name()}</name>" in x and f"<uuid>{d.UUIDString()}</uuid>" in x and
          "<disk type='file' device='disk'>" in x and "<interface type='bridge'>" in x,
          f"XML from the configuration of {d.name()}: {x}")
http.close()

print(f"python-define: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
