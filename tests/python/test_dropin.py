#!/usr/bin/python3
"""Debian's python3-libvirt, unchanged, on our libvirt.so.0.

Run with our build folder first on LD_LIBRARY_PATH (c-tests/run.sh and tools/test-all.sh do).
Prints "python-dropin: N passed, M failed" and exits non-zero on a failure.
"""
import os
import sys

import libvirt

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


ours = os.path.realpath(os.environ.get("LIBVIRT_UNDER_TEST", "target/release/libvirt.so.0"))
maps = [line.split()[-1] for line in open("/proc/self/maps") if "libvirt.so" in line]
check(any(os.path.realpath(m) == ours for m in maps), f"our library is loaded: {sorted(set(maps))}")
check(not any("/usr/lib" in m and "libvirt.so" in m for m in maps), "Debian's libvirt is not loaded")

check(libvirt.getVersion() == 9000000, "getVersion")

# a scheme no driver serves
try:
    libvirt.open("nosuch:///")
    check(False, "open nosuch:/// raises")
except libvirt.libvirtError as e:
    check(e.get_error_code() == libvirt.VIR_ERR_NO_CONNECT, f"no-connect code: {e.get_error_code()}")
    check("nosuch:///" in str(e), f"message names the URI: {e}")

# esx:// without credentials: libvirt's ESX driver asks for an auth callback
try:
    libvirt.open("esx://127.0.0.1/")
    check(False, "open without credentials raises")
except libvirt.libvirtError as e:
    check(e.get_error_code() == libvirt.VIR_ERR_INVALID_ARG, f"code {e.get_error_code()}")
    check(str(e) == "invalid argument: Missing authentication credentials", f"message: {e}")

check(libvirt.virGetLastErrorCode() == libvirt.VIR_ERR_INVALID_ARG, "virGetLastErrorCode")

print(f"python-dropin: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
