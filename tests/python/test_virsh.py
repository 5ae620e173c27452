#!/usr/bin/python3
"""Our virsh (target/release/virsh, on our library) against Debian's virsh 9.0 (/usr/bin/virsh,
on Debian's libvirt): the same commands, each on its own fresh real-ESX-form simulator
(VIRSH_OURS, VIRSH_THEIRS: the same state, changed the same way), must print the same standard
output and standard error and end with the same status. The differences the README lists are
checked as differences. Then the seed's examples (libvirt's ESX driver page): the native
formats, and migration through a vCenter with vpx:// and with esx://...?vcenter=*, with the
credential prompts answered on standard input.

Prints "python-virsh: N passed, M failed" and exits non-zero on a failure.
"""
import os
import pty
import re
import select
import subprocess
import sys
import tempfile

passed = failed = 0
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = os.path.join(ROOT, "target/release/virsh")
THEIRS = "/usr/bin/virsh"


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def env(name):
    v = os.environ.get(name)
    if not v:
        sys.exit(f"{name} is not set: run tools/test-env.sh start and source target/test-env/env.sh")
    return v


ADDR = {True: env("VIRSH_OURS_ADDR"), False: env("VIRSH_THEIRS_ADDR")}
TMP = tempfile.mkdtemp(prefix="test-virsh-")
AUTH = os.path.join(TMP, "auth.conf")
with open(AUTH, "w") as f:
    f.write("[credentials-sim]\nusername=root\npassword=secret\n[auth-esx-127.0.0.1]\ncredentials=sim\n")


def normalize(text, addrs):
    for a in addrs:
        text = text.replace(a, "HOST")
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}", "TIME", text)
    return re.sub(r"<creationTime>\d+</creationTime>", "<creationTime>T</creationTime>", text)


def run(ours, args, stdin="", auth=True, uri=None, cwd=None):
    """One virsh run: (stdout, stderr, status), the simulator's address replaced by HOST."""
    e = dict(os.environ, LIBVIRT_LOG_OUTPUTS="4:file:/dev/null", TZ="UTC")
    for k in ("LD_LIBRARY_PATH", "LIBVIRT_DEFAULT_URI", "VIRSH_DEFAULT_CONNECT_URI", "LIBVIRT_AUTH_FILE"):
        e.pop(k, None)
    if auth:
        e["LIBVIRT_AUTH_FILE"] = AUTH
    if uri is None:
        uri = f"esx://{ADDR[ours]}/?no_verify=1"
    argv = [OURS if ours else THEIRS] + (["-c", uri] if uri else []) + args
    # a session of its own: no terminal, so passwords are read from standard input
    # bytes, not text: virsh's progress line starts with a carriage return
    r = subprocess.run(argv, env=e, input=stdin.encode(), capture_output=True, timeout=300,
                       start_new_session=True, cwd=cwd or TMP)
    addrs = sorted([ADDR[ours]] + [v for k, v in os.environ.items() if k.endswith("_ADDR")], key=len, reverse=True)
    out, err = (normalize(x.decode("utf-8", "replace"), addrs) for x in (r.stdout, r.stderr))
    return out, err, r.returncode


def same(args, **kw):
    """Run on both; they must agree. Returns ours."""
    o, t = run(True, args, **kw), run(False, args, **kw)
    check(o == t, f"virsh {' '.join(args)}:\n  ours   {o!r}\n  Debian {t!r}")
    return o


VM = "ha-host_VM0"
VM1 = "ha-host_VM1"

# ---- global options and the grammar ------------------------------------------------------------
for args in (["uri"], ["uri; hostname"], ["-q", "uri; hostname"], ["uri;", "uri"], ["nosuch"],
             ["dominfo"], ["dominfo", VM, "extra"], ["dominfo", "--nosuch", VM],
             ["list --table --name"], ["domname 99; uri"], ["uri; domname 99"],
             ["dominfo 'ha-host_VM0'"], ['dominfo "ha-host_VM0"'], ["uri # a comment"],
             ["-r", "list"], ["-d", "2", "uri"], ["-d", "5", "uri"], ["--debug=x", "uri"],
             ["-d", "1", "list --all --name; dominfo --domain ha-host_VM0; domname 9"], ["-d", "0", "uri"],
             ["-q", "-d", "1", "pool-info LocalDS_0; net-info nope"], ["-d", "1", "dominfo", VM], ["-e"], ["-Z", "uri"], ["--nosuch"]):
    same(args)
for args in (["-v"], ["-V"], ["--version"], ["--version=long"]):
    o = run(True, args, uri="")
    check(o[2] == 0 and o[0].startswith("9.0.0") or "libvirt 9.0.0" in o[0], f"{args}: {o}")
check(run(True, ["-v"], uri="") == run(False, ["-v"], uri=""), "-v")
# LIBVIRT_DEFAULT_URI stands for -c
o = subprocess.run([OURS, "uri"], env=dict(os.environ, LIBVIRT_DEFAULT_URI=f"esx://{ADDR[True]}/?no_verify=1",
                                           LIBVIRT_AUTH_FILE=AUTH), capture_output=True, text=True)
check(o.returncode == 0 and o.stdout == f"esx://{ADDR[True]}/?no_verify=1\n\n", f"LIBVIRT_DEFAULT_URI: {o}")

# ---- help: virsh's words for each command we have; the lists name ours only (README) ----------
def ours_only(text, names):
    """Debian's command lists without the commands we lack, and without groups left empty."""
    out, group = [], []
    for line in text.split("\n") + [""]:
        m = re.match(r"    (\S+) {2,}", line)
        if re.match(r" \S.*\(help keyword '\w+'\):?$", line):
            group = [line]
        elif group and m:
            if m.group(1) in names:
                group.append(line)
        elif group:
            if len(group) > 1:
                out += group + [line]
            group = []
        else:
            out.append(line)
    return "\n".join(out[:-1])


listed = run(True, ["help"])
names = set(re.findall(r"^    (\S+) {2,}", listed[0], re.M))
check(len(names) > 60, f"help lists our commands: {sorted(names)}")
for name in sorted(names) + ["nosuch"]:
    same(["help", name])
for args in (["help"], ["help", "volume"], ["help", "Storage Volume"], ["-h"]):
    t = run(False, args, uri="" if args == ["-h"] else None)
    o = run(True, args, uri="" if args == ["-h"] else None)
    check(o == (ours_only(t[0], names),) + t[1:], f"{args}: ours {o!r}\n  Debian's, ours only {ours_only(t[0], names)!r}")

# ---- the host --------------------------------------------------------------------------------
for args in (["hostname"], ["version"], ["nodeinfo"], ["nodememstats"], ["freecell"], ["freecell", "--all"],
             ["freecell", "0"], ["capabilities"]):
    same(args)

# ---- domains: reading --------------------------------------------------------------------------
for args in (["list"], ["list", "--all"], ["list", "--inactive"], ["list", "--name"], ["list", "--uuid"],
             ["list", "--name", "--uuid"], ["list", "--table"], ["list", "--autostart"],
             ["list", "--no-autostart"], ["list", "--with-snapshot"], ["list", "--without-snapshot"],
             ["list", "--state-running"], ["list", "--state-shutoff"], ["list", "--persistent"],
             ["list", "--transient"], ["list", "--all", "--id"], ["list", "--all", "--inactive"],
             ["dominfo", VM], ["dominfo", "nope"], ["domstate", VM], ["domstate", VM, "--reason"],
             ["domid", VM], ["domname", VM], ["domuuid", VM], ["dumpxml", VM], ["dumpxml", VM, "--inactive"],
             ["dumpxml", VM, "--security-info"], ["vcpucount", VM], ["schedinfo", VM], ["memtune", VM],
             ["domhostname", VM], ["domifaddr", VM], ["domifaddr", VM, "--source", "agent"],
             ["domblklist", VM], ["domblklist", VM, "--details"], ["domblklist", VM, "--inactive"],
             ["domiflist", VM], ["domiflist", VM1, "--inactive"], ["domiflist", "nope"]):
    same(args)
uuid = run(True, ["domuuid", VM])[0].strip()
same(["dominfo", uuid])
same([f"domname {run(True, ['domid', VM])[0].strip()}"])

# ---- domains: changing (each side its own simulator) -------------------------------------------
for args in (["suspend", VM], ["domstate", VM], ["resume", VM], ["suspend", VM1], ["list", "--state-paused"],
             ["resume", VM1], ["setmem", VM, "16384"], ["setmem", VM, "abc"], ["setvcpus", VM, "2"],
             ["setvcpus", VM, "x"], ["autostart", VM], ["list", "--autostart"], ["dominfo", VM],
             ["autostart", "--disable", VM], ["schedinfo", VM, "--set", "shares=2000"],
             ["schedinfo", VM, "limit=100"], ["schedinfo", VM, "--set", "nosuch=1"],
             ["schedinfo", VM, "--set", "shares"], ["memtune", VM, "--min-guarantee", "1024"],
             ["shutdown", VM], ["reboot", VM], ["destroy", VM], ["domstate", VM, "--reason"],
             ["destroy", VM], ["setmaxmem", VM, "65536"], ["setmem", VM, "32M"], ["setvcpus", VM, "1"],
             ["dominfo", VM], ["vcpucount", VM], ["start", VM], ["start", VM], ["list", "--all"],
             ["destroy", VM]):
    same(args)

# beyond libvirt 9.0 (README): virDomainReset (ResetVM_Task); Debian's says "not supported"
o, t = run(True, ["reset", VM1]), run(False, ["reset", VM1])
check(o == (f"Domain '{VM1}' was reset\n\n", "", 0), f"reset: {o}")
check(t == ("\n", f"error: Failed to reset domain '{VM1}'\nerror: this function is not supported by the "
                  "connection driver: virDomainReset\n", 1), f"Debian's reset: {t}")

# define from a file and undefine
xml = run(True, ["dumpxml", VM, "--inactive"])[0]
xml = re.sub(r"<uuid>[^<]*</uuid>", "<uuid>11111111-2222-3333-4444-555555555555</uuid>", xml)
xml = xml.replace(f"<name>{VM}</name>", "<name>defined</name>").replace(f"{VM}/", "defined/")
xml = re.sub(r"\s*<vmware:moref>[^<]*</vmware:moref>", "", xml)
with open(os.path.join(TMP, "defined.xml"), "w") as f:
    f.write(xml.rstrip("\n"))
for args in (["define", "defined.xml"], ["define", "nosuch.xml"], ["list", "--all"], ["dominfo", "defined"],
             ["undefine", "defined"], ["undefine", "defined"], ["list", "--all"]):
    same(args)

# a screenshot into a file: the same message and the same picture
o, t = (run(x, ["screenshot", VM1, "--file", f"shot-{x}.png"]) for x in (True, False))
check(o == tuple(s.replace("shot-False", "shot-True") if isinstance(s, str) else s for s in t),
      f"screenshot: {o} {t}")
if o[2] == 0:
    check(open(os.path.join(TMP, "shot-True.png"), "rb").read() == open(os.path.join(TMP, "shot-False.png"), "rb").read(),
          "the same picture")

# ---- snapshots ---------------------------------------------------------------------------------
for args in (["snapshot-current", VM1], ["snapshot-list", VM1], ["snapshot-create-as", VM1, "s1", "--description", "one"],
             ["snapshot-create-as", VM1, "--name", "s2"], ["snapshot-create-as", VM1, "s3", "--print-xml"],
             ["snapshot-list", VM1], ["snapshot-list", VM1, "--parent"], ["snapshot-list", VM1, "--roots"],
             ["snapshot-list", VM1, "--leaves"], ["snapshot-list", VM1, "--name"], ["list", "--with-snapshot"],
             ["snapshot-current", VM1], ["snapshot-current", VM1, "--name"], ["snapshot-dumpxml", VM1, "s1"],
             ["snapshot-info", VM1, "s1"], ["snapshot-info", VM1, "--current"], ["snapshot-info", VM1],
             ["snapshot-parent", VM1, "s2"], ["snapshot-parent", VM1, "s1"], ["snapshot-parent", VM1, "--current"],
             ["snapshot-dumpxml", VM1, "nope"], ["snapshot-revert", VM1, "s1"], ["snapshot-revert", VM1],
             ["snapshot-revert", VM1, "--current"], ["snapshot-delete", VM1, "s2"], ["snapshot-delete", VM1, "nope"],
             ["snapshot-delete", VM1, "--current"], ["snapshot-list", VM1], ["-q", "snapshot-create-as", VM1, "s4"],
             ["snapshot-delete", VM1, "s4"]):
    same(args)

# ---- storage -----------------------------------------------------------------------------------
DISK = f"[LocalDS_0] {VM}/disk1.vmdk"
for args in (["pool-list"], ["pool-list", "--all", "--details"], ["pool-list", "--name"], ["pool-list", "--uuid"],
             ["pool-info", "LocalDS_0"], ["pool-info", "nope"], ["pool-dumpxml", "LocalDS_0"], ["pool-refresh", "LocalDS_0"],
             ["vol-list", "LocalDS_0"], ["vol-list", "LocalDS_0", "--details"], ["vol-info", DISK],
             ["vol-info", "--pool", "LocalDS_0", f"{VM}/disk1.vmdk"], ["vol-info", DISK, "--bytes"],
             ["vol-dumpxml", DISK], ["vol-info", "nope"], ["vol-info", "nope", "--pool", "LocalDS_0"],
             ["vol-create-as", "LocalDS_0", "new/new.vmdk", "10M", "--format", "vmdk"],
             ["vol-info", "[LocalDS_0] new/new.vmdk"], ["vol-create-as", "LocalDS_0", "x.vmdk", "ten"],
             ["vol-delete", "[LocalDS_0] new/new.vmdk"], ["vol-delete", "[LocalDS_0] new/new.vmdk"],
             ["vol-upload", DISK, "demo.nothere"], ["vol-download", "nope", "disk.out"],
             ["vol-download", DISK, "disk.out", "--offset", "x"]):
    same(args)
check(not os.path.exists(os.path.join(TMP, "disk.out")), "a failed download leaves no file")

# beyond libvirt 9.0 (README): volume streams. Ours uploads a file into a new disk and
# downloads it back; Debian's says "not supported" and removes the file it made
data = os.urandom(1 << 20)  # a disk is replaced whole: its capacity, 1 MiB
with open(os.path.join(TMP, "up.bin"), "wb") as f:
    f.write(data)
STREAMED = "[LocalDS_0] streamed/streamed.vmdk"
o = run(True, ["vol-create-as", "LocalDS_0", "streamed/streamed.vmdk", "1M", "--format", "vmdk"])
check(o[2] == 0, f"vol-create-as: {o}")
o = run(True, ["vol-upload", STREAMED, "up.bin"])
check(o == ("\n", "", 0), f"vol-upload: {o}")
o = run(True, ["vol-download", STREAMED, "down-True.bin"])
got = open(os.path.join(TMP, "down-True.bin"), "rb").read() if o[2] == 0 else b""
check(o == ("\n", "", 0) and got == data, f"vol-download gives back what was uploaded: {o}, {len(got)} bytes")

# beyond virsh 9.0 (README): with standard error on a terminal, the stream's progress in
# migrate --verbose's line; none when it is not (above)
def on_terminal(args):
    """Our virsh with standard error on a pseudo-terminal: (stdout, the terminal's bytes, status)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([OURS, "-c", f"esx://{ADDR[True]}/?no_verify=1"] + args, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=slave, cwd=TMP, env=dict(os.environ, LIBVIRT_AUTH_FILE=AUTH))
    os.close(slave)
    out = p.stdout.read()
    shown = b""
    while select.select([master], [], [], 10)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return out.decode(), shown.decode(), p.wait(timeout=60)


for args, label in ((["vol-upload", STREAMED, "up.bin"], "Upload"), (["vol-download", STREAMED, "down-pty.bin"], "Download")):
    o = on_terminal(args)
    steps = [int(x) for x in re.findall(rf"\r{label}: \[ *(\d+) %\]", o[1])]
    check(o[0] == "\n" and o[2] == 0 and o[1].endswith(f"\r{label}: [100 %]") and len(steps) > 2
          and steps == sorted(steps) and steps[-2] < 100, f"{args[0]} on a terminal: {o}")
check(open(os.path.join(TMP, "down-pty.bin"), "rb").read() == data, "downloaded on a terminal")
run(True, ["vol-delete", STREAMED])
t = run(False, ["vol-download", DISK, "down-False.bin"])
check(t == ("\n", f"error: cannot download from volume {DISK}\nerror: this function is not supported by the "
                  "connection driver: virStorageVolDownload\n", 1), f"Debian's vol-download: {t}")
check(not os.path.exists(os.path.join(TMP, "down-False.bin")), "Debian's failed download leaves no file")
t = run(False, ["vol-upload", DISK, "up.bin"])
check(t[2] == 1 and "virStorageVolUpload" in t[1], f"Debian's vol-upload: {t}")

# ---- networks and interfaces -------------------------------------------------------------------
for args in (["net-list"], ["net-list", "--all"], ["net-list", "--name"], ["net-list", "--uuid"],
             ["net-dumpxml", "vSwitch0"], ["net-info", "nope"]):
    same(args)
# beyond libvirt 9.0 (README): the switch's bridge name, the NICs listed and found by name
o, t = run(True, ["net-info", "vSwitch0"]), run(False, ["net-info", "vSwitch0"])
check(o[0].replace("Bridge:         vSwitch0\n", "") == t[0] and o[1:] == t[1:], f"net-info: {o} {t}")
o, t = run(True, ["iface-dumpxml", "nope"]), run(False, ["iface-dumpxml", "nope"])
check(o[1].replace("with name", "with MAC address") == t[1] and o[0] == t[0] and o[2] == t[2] == 1,
      f"iface-dumpxml nope: {o} {t}")
o = run(True, ["iface-list"])
check(o[2] == 0 and " vmnic0 " in o[0], f"iface-list lists the NICs: {o}")
mac = re.search(r"<mac address='([^']+)'/>", run(True, ["iface-dumpxml", "vmnic0"])[0])
check(mac is not None, "iface-dumpxml by name")
if mac:
    same(["iface-dumpxml", mac.group(1)])

# ---- the seed: native formats, credentials asked on the terminal --------------------------------
mount = re.search(r"<path>/vmfs/volumes/([^<]+)</path>", run(True, ["pool-dumpxml", "LocalDS_0"])[0]).group(1)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
VMX = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "test_native.py")).read()
VMX = VMX.split('IMPORT_VMX = """', 1)[1].split('"""', 1)[0].replace("@MOUNT@", mount)
with open(os.path.join(TMP, "demo.vmx"), "w") as f:
    f.write(VMX)
answers = "root\nsecret\n"
o = same(["domxml-from-native", "vmware-vmx", "demo.vmx"], auth=False, stdin=answers)
check(o[0].startswith("Enter username for 127.0.0.1 [root]: Enter root's password for 127.0.0.1: <domain type='vmware'>"),
      f"the prompts, then the XML: {o[0][:200]!r}")
with open(os.path.join(TMP, "demo.xml"), "w") as f:
    f.write(o[0].split(": ", 2)[2])
same(["domxml-to-native", "vmware-vmx", "demo.xml"], auth=False, stdin=answers)
same(["domxml-to-native", "vmware-vmx", "--domain", VM], auth=False, stdin="\nsecret\n")
same(["domxml-from-native", "vmware-vmx", "nosuch.vmx"])
same(["domxml-to-native", "vmware-vmx"])
# a refused login: the same prompts and status; our library says VIR_ERR_AUTH_FAILED (README)
for answers in ("root\nwrong\n", ""):
    o, t = run(True, ["uri"], auth=False, stdin=answers), run(False, ["uri"], auth=False, stdin=answers)
    check(o[0] == t[0] and o[2] == t[2] == 1 and o[1] == "error: failed to connect to the hypervisor\nerror: "
          "authentication failed: Login to '127.0.0.1' as 'root' was refused: Login failure\n", f"refused: {o} {t}")

# the interactive shell, its commands read from standard input
same([], stdin="uri\nhostname\nconnect\ndomname nope\nquit\nuri\n")
same([], stdin="uri\n")

# on a terminal: line editing (a backspace), the history (the up arrow), kept in virsh's file
master, slave = pty.openpty()
cache = os.path.join(TMP, "cache")
p = subprocess.Popen([OURS, "-c", f"esx://{ADDR[True]}/?no_verify=1"], stdin=slave, stdout=slave, stderr=slave,
                     env=dict(os.environ, XDG_CACHE_HOME=cache, TERM="xterm", LIBVIRT_AUTH_FILE=AUTH))
os.close(slave)
screen = b""
# rustyline turns bracketed paste on each time it reads a line: that is the prompt to type at
for n, keys in enumerate((b"urx\x7fi\r", b"\x1b[A\r", b"quit\r"), 1):
    while screen.count(b"\x1b[?2004h") < n and select.select([master], [], [], 60)[0]:
        screen += os.read(master, 65536)
    os.write(master, keys)
while select.select([master], [], [], 10)[0]:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    screen += chunk
check(p.wait(timeout=60) == 0, "the shell ends with quit")
shown = screen.decode(errors="replace")
check(shown.count(f"esx://{ADDR[True]}/?no_verify=1") == 2, f"uri typed with a correction, then recalled: {shown!r}")
history = open(os.path.join(cache, "libvirt/virsh/history")).read().split("\n")
check("uri" in history and "quit" in history, f"history: {history}")

# migration through a vCenter: there and back with ours, then with Debian's
vc = os.environ["VPX_MANAGER_ADDR"]
src, dst = (f"vpx://{vc}/DC0/DC0_C0/DC0_C0_H{i}?no_verify=1" for i in (0, 1))
vm = run(True, ["list", "--name"], uri=src, auth=False, stdin="administrator\nsecret\n")[0].split(": ")[-1].split("\n")[0]
vc_answers = "administrator\nsecret\n" * 2
steps = {}
for ours in (True, False):
    steps[ours] = [run(ours, ["migrate", vm, dst, "--verbose"], uri=src, auth=False, stdin=vc_answers),
                   run(ours, ["migrate", "--live", vm, src], uri=dst, auth=False, stdin=vc_answers)]
check(steps[True] == steps[False], f"migrate vpx://: ours {steps[True]} != Debian {steps[False]}")
check(steps[True][0][2] == 0 and steps[True][0][1] == "\rMigration: [100 %]", f"migrated: {steps[True]}")
managed = f"esx://{os.environ['ESX_MANAGED_ADDR']}/?no_verify=1&vcenter=*"
# esx://...?vcenter=*: the host's own vCenter logged in to on both ends, every prompt answered on
# standard input; the simulators have one such host, so the migration is refused (README)
o, t = (run(x, ["migrate", VM, managed, "--verbose"], uri=managed, auth=False,
            stdin="root\nsecret\nadministrator\nsecret\n" * 2) for x in (True, False))
check(o[0] == t[0] and o[2] == t[2] == 1, f"migrate vcenter=*: {o} {t}")
check("Enter username for 127.0.0.2 [administrator]: " in o[0], f"the vCenter's prompts: {o}")

print(f"python-virsh: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
