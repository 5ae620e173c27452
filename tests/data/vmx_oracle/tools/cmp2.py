import sys, os, glob, collections, difflib
stats = collections.Counter(); shown = collections.Counter()
lim = int(sys.argv[2]) if len(sys.argv) > 2 else 5
for f in sorted(glob.glob(sys.argv[1] + "/*/in.xml")):
    lv = open(open(f+".lvpath").read()).read() if os.path.exists(f+".lvpath") else None
    lverr = open(f+".lverr").read().strip() if os.path.exists(f+".lverr") else None
    ours = open(f+".out").read() if os.path.exists(f+".out") else None
    oerr = open(f+".err").read().strip() if os.path.exists(f+".err") else None
    if lverr and ("firmware auto selection" in lverr or "does not support net model" in lverr):
        stats["skip"] += 1; continue
    if lv is not None and ours is not None:
        if lv == ours: stats["ok-same"] += 1; continue
        kind = "ok-diff"; msg = "\n".join(difflib.unified_diff(lv.split("\n"), ours.split("\n"), "libvirt", "ours", lineterm="", n=1))
    elif lverr is not None and oerr is not None:
        if lverr == oerr: stats["err-same"] += 1; continue
        kind = "err-diff"; msg = "libvirt: %s\nours:    %s" % (lverr, oerr)
    elif lv is not None: kind = "we-fail"; msg = "ours: " + str(oerr)
    else: kind = "we-pass"; msg = "libvirt: " + str(lverr)
    stats[kind] += 1
    if shown[kind] < lim:
        shown[kind] += 1; print("=== %s %s\n%s" % (kind, f, msg))
print(dict(stats))
