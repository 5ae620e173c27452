#!/usr/bin/python3
"""Opens each URI given (credentials: the offered default user, password "secret") and prints what
the callback was asked and the outcome: run by test_connect.py on our library and on Debian's."""
import libvirt, sys
libvirt.registerErrorHandler(lambda c, e: None, None)
asked = []
def cb(creds, d):
    for c in creds:
        asked.append((c[0], c[2], c[3]))
        c[4] = (c[3] or "root") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0
for uri in sys.argv[1:]:
    asked.clear()
    try:
        c = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
        print("OK", uri, asked, c.getHostname()); c.close()
    except libvirt.libvirtError as e:
        print("ERR", uri, e.get_error_code(), e)
