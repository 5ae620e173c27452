import sys, os, re, glob, collections
d = sys.argv[1]
stats = collections.Counter(); shown = collections.Counter()
for f in sorted(glob.glob(d + "/*.vmx")):
    lv = open(f+".lv").read() if os.path.exists(f+".lv") else None
    lverr = open(f+".lverr").read().strip() if os.path.exists(f+".lverr") else None
    ours = open(f+".out").read() if os.path.exists(f+".out") else None
    oerr = open(f+".err").read().strip() if os.path.exists(f+".err") else None
    if lv is not None:
        lv = "\n".join(l for l in lv.split("\n") if "<boot dev=" not in l)
        lv = re.sub(r" passwd='[^']*'", "", lv)
    if ours is not None:
        ours = re.sub(r" passwd='[^']*'", "", ours)
    if lv is not None and ours is not None:
        if lv == ours: stats["ok-same"] += 1; continue
        stats["ok-diff"] += 1; kind = "ok-diff"
        import difflib
        msg = "\n".join(difflib.unified_diff(lv.split("\n"), ours.split("\n"), "libvirt", "ours", lineterm="", n=1))
    elif lverr is not None and oerr is not None:
        if lverr == oerr: stats["err-same"] += 1; continue
        stats["err-diff"] += 1; kind = "err-diff"
        msg = "libvirt: %s\nours:    %s" % (lverr, oerr)
    elif lv is not None:
        stats["we-fail"] += 1; kind = "we-fail"; msg = "ours: " + str(oerr)
    else:
        stats["we-pass"] += 1; kind = "we-pass"; msg = "libvirt: " + str(lverr)
    if shown[kind] < int(sys.argv[2] if len(sys.argv) > 2 else 5):
        shown[kind] += 1
        print("=== %s %s\n%s" % (kind, f, msg))
print(dict(stats))
