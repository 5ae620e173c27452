#!/usr/bin/python3
"""virDomainScreenshot and streams through Debian's python3-libvirt: screenshot_ops.py runs the
same steps through our library and through Debian's libvirt 9.0, each on its own simulator
(SNAP_OURS, SNAP_THEIRS: a running VM's console arriving through stream.recvAll and
stream.recv in pieces, streams unused, open, aborted and finished, screen 1, flags, non-blocking
and foreign streams, a read-only connection, a VM that is off, a host that does not support
screenshots), and every answer and error must be identical, except for a host without any
capability object, which libvirt 9.0 reports as a missing property and we as an unsupported
feature (README). The images must be the launcher's bytes.

Prints "python-screenshot: N passed, M failed".
"""
import json
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


def run(addr, ours):
    e = dict(os.environ)
    if ours:
        e["LD_LIBRARY_PATH"] = os.environ["OUR_LIBDIR"]
    else:
        e.pop("LD_LIBRARY_PATH", None)
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "screenshot_ops.py"), addr],
                       env=e, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return [["failed", r.stderr[-800:]]]
    return json.loads(r.stdout)


a = run(os.environ["SNAP_OURS_ADDR"], True)
b = run(os.environ["SNAP_THEIRS_ADDR"], False)
check(len(a) == len(b) and len(a) >= 30, f"{len(a)} and {len(b)} steps: {a[:1]} {b[:1]}")
NO_CAPABILITY = "host says none"
for (la, ra), (lb, rb) in zip(a, b):
    if la == NO_CAPABILITY:
        check(rb == ["error", 1, 28, "internal error: Missing 'capability.screenshotSupported' "
                     "property"], f"{la}: libvirt's {rb!r}")
        continue
    check(la == lb and ra == rb, f"{la}: ours {ra!r} != libvirt's {rb!r}")
ours = {k: v for k, v in a}
image = ours.get("recvAll")
check(isinstance(image, list) and image[0] == "bytes" and image[1] > 500000 and image[2],
      f"the launcher's image: {image}")
for k in ["recv 1000 at a time", "recv 1 MiB at a time", "powered on again", "host says true"]:
    check(ours.get(k) == image, f"{k}: {ours.get(k)}")
check(ours.get("the same stream twice") == [image, image], "a stream used twice")
check(ours.get("mime") == "image/png", f"mime: {ours.get('mime')}")
unsupported = ["error", 84, 28, "Operation not supported: Screenshot feature is unsupported"]
check(ours.get("host says false") == unsupported, f"unsupported: {ours.get('host says false')}")
check(ours.get(NO_CAPABILITY) == unsupported, f"no capability: {ours.get(NO_CAPABILITY)}")
check(ours.get("powered off") == ["error", 55, 28, "Requested operation is not valid: Domain is "
                                  "not powered on"], f"off: {ours.get('powered off')}")
print(f"python-screenshot: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
