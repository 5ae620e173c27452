#!/usr/bin/python3
"""Migration between two hosts of a vCenter through python3-libvirt, printing each outcome:
run by test_migrate.py on our library and on Debian's libvirt.
Usage: query_migrate.py VCENTER_ADDR SRC_PATH DST_PATH (credentials: default user, "secret")."""
import sys

import libvirt

libvirt.registerErrorHandler(lambda c, e: None, None)


def cb(creds, d):
    for c in creds:
        c[4] = (c[3] or "root") if c[0] == libvirt.VIR_CRED_AUTHNAME else "secret"
    return 0


addr, src_path, dst_path = sys.argv[1:4]


def conn(path):
    return libvirt.openAuth(f"vpx://{addr}/{path}?no_verify=1",
                            [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)


s, d = conn(src_path), conn(dst_path)
names = lambda c: sorted(x.name() for x in c.listAllDomains())
print("before", names(s), names(d))
dom = s.listAllDomains()[0]
for label, args in [("rename", (d, 0, "x", None, 0)), ("uri", (d, 0, None, "tcp://foo", 0)),
                    ("p2p", (d, libvirt.VIR_MIGRATE_PEER2PEER, None, None, 0)),
                    ("tunnelled", (d, libvirt.VIR_MIGRATE_TUNNELLED, None, None, 0)),
                    ("offline", (d, libvirt.VIR_MIGRATE_OFFLINE, None, None, 0)),
                    ("flags", (d, 1 << 30, None, None, 0))]:
    try:
        dom.migrate(*args)
        print(label, "migrated")
    except libvirt.libvirtError as e:
        print(label, e.get_error_code(), e.get_error_domain(), e)
moved = dom.migrate(d, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
print("moved", moved.name(), moved.UUIDString() == dom.UUIDString(), names(s), names(d))
back = moved.migrate(s, libvirt.VIR_MIGRATE_LIVE, None, None, 0)
print("back", back.name(), names(s), names(d))
