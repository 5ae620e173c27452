import random, sys, os
r = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
outdir = sys.argv[1]
os.makedirs(outdir, exist_ok=True)
B = ["true", "false", "TRUE", "False", "yes"]
BAD = {"x","abc","-4","0","6","bogus","weird","hostonly","pcnet","zz","3","7","thinprint","foo://h:1","tcp://h","bad uuid","3,x","4096","yes","-5","-3","-1","4096","bios","vmpvscsi","00:50:56:zz","serial.file","serial.pipe","tcp://h"}
def pick(*xs):
    good = [x for x in xs if x not in BAD]
    if good and r.random() < 0.97: return r.choice(good)
    return r.choice(xs)
def name():
    return r.choice(["test", "a|22b", "q|7cz", "p%5c", "n&<>'", "caf\u00e9", "", "sp ace"])
def path():
    return r.choice(["/abs/path/f", "/data/vm/f", "/vmfs/devices/cdrom/mpx.vmhba32:C0:T0:L0", "auto detect", "emptyBackingString", "/dev/sr0", "/dev/fd0"])
def fname():
    p = path()
    if r.random() < 0.7 and p not in ("auto detect", "emptyBackingString") and not p.startswith("/dev"):
        p += r.choice([".vmdk", ".iso", ".VMDK", ".ISO", ".flp", ""])
    return p
def disk(prefix, d):
    if r.random() < 0.85:
        kind = r.choice(["hd","iso","empty","raw","atapi","passthru","flp","flpdev"])
        d[prefix+".present"] = "true"
        if prefix.startswith("floppy"):
            if r.random() < 0.5: d[prefix+".fileType"] = "file"; d[prefix+".fileName"] = r.choice(["/data/f.flp","/abs/x.flp"])
            else: d[prefix+".fileType"] = "device"; d[prefix+".fileName"] = "/dev/fd0"
            return
        if kind == "hd":
            d[prefix+".fileName"] = r.choice(["/data/vm/d.vmdk","/abs/d.VMDK"])
            if r.random() < 0.5: d[prefix+".deviceType"] = r.choice(["scsi-hardDisk","disk"] if prefix.startswith("scsi") else (["ata-hardDisk","disk"] if prefix.startswith("ide") else ["disk"]))
            if r.random() < 0.3: d[prefix+".writeThrough"] = r.choice(["true","false"])
            if r.random() < 0.3: d[prefix+".mode"] = r.choice(["persistent","independent-nonpersistent"])
        elif kind == "iso":
            d[prefix+".fileName"] = r.choice(["/data/isos/c.iso","/abs/C.ISO"])
            if r.random() < 0.5: d[prefix+".deviceType"] = "cdrom-image"
        elif kind == "empty":
            d[prefix+".fileName"] = "emptyBackingString"; d[prefix+".deviceType"] = "cdrom-image"
        elif kind in ("raw","atapi"):
            d[prefix+".deviceType"] = "cdrom-raw" if kind == "raw" else "atapi-cdrom"
            d[prefix+".fileName"] = r.choice(["auto detect","/dev/scd0","Auto Detect"])
            if r.random() < 0.3: d[prefix+".clientDevice"] = r.choice(["true","false"])
        elif kind == "passthru":
            d[prefix+".deviceType"] = "scsi-passthru"; d[prefix+".fileName"] = "/vmfs/devices/cdrom/mpx.vmhba32:C0:T0:L0"
        else:
            d[prefix+".fileName"] = "x.vmdk"
        if r.random() < 0.1: d[prefix+".startConnected"] = r.choice(["true","false"])
        return
    if r.random() < 0.8: d[prefix+".present"] = pick("true","true","false","TRUE")
    if r.random() < 0.6: d[prefix+".deviceType"] = pick("scsi-hardDisk","disk","ata-hardDisk","cdrom-image","cdrom-raw","atapi-cdrom","scsi-passthru","bogus")
    if r.random() < 0.8: d[prefix+".fileName"] = fname()
    if r.random() < 0.1: d[prefix+".clientDevice"] = pick(*B)
    if r.random() < 0.2: d[prefix+".writeThrough"] = pick(*B)
    if r.random() < 0.2: d[prefix+".mode"] = pick("persistent","independent-nonpersistent","Independent-NonPersistent")
    if r.random() < 0.1: d[prefix+".startConnected"] = pick(*B)
    if r.random() < 0.3: d[prefix+".fileType"] = pick("file","device","FILE","pipe")
def mac(): return r.choice(["00:0c:29:12:34:56","00:50:56:11:22:33","00:50:56:91:48:c7","00:50:56:c0:00:01","52:54:00:aa:bb:cc","00:50:56:zz","00-50-56-01-02-03","0:c:29:1:2:3"])
for n in range(int(sys.argv[3]) if len(sys.argv) > 3 else 500):
    d = {}
    if r.random() < 0.95: d["config.version"] = pick("8","8","8","7","x")
    if r.random() < 0.95: d["virtualHW.version"] = pick("4","7","10","13","14","3")
    if r.random() < 0.2: d[".encoding"] = pick("UTF-8","utf-8","windows-1252")
    if r.random() < 0.8: d["displayName"] = name()
    if r.random() < 0.3: d["annotation"] = name()
    if r.random() < 0.5: d["uuid.bios"] = pick("56 4d 9b ef ac d9 b4 e0-c8 f0 ae a8 b9 10 35 15","564d9befacd9b4e0c8f0aea8b9103515","bad uuid")
    if r.random() < 0.5: d["memsize"] = pick("1024","4","2048","512","64")
    if r.random() < 0.3: d["sched.mem.max"] = pick("512","unlimited","4096","0","-1","7")
    if r.random() < 0.3: d["sched.mem.minsize"] = pick("0","256","9999","-3")
    if r.random() < 0.5: d["numvcpus"] = pick("1","2","3","4","8","0")
    if r.random() < 0.3 and d.get("numvcpus") in ("2","4","8"): d["cpuid.coresPerSocket"] = pick("1","2",d["numvcpus"])
    if r.random() < 0.3: d["sched.cpu.affinity"] = pick("all","0,1,2,3,4,5,6,7","0, 2 ,5,6,7,9,11,12,13","0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15","3,x")
    if r.random() < 0.3: d["sched.cpu.shares"] = pick("low","normal","high","HIGH","1234","-5","x")
    if r.random() < 0.5: d["guestOS"] = pick("other","other-64","rhel5-64","winxppro")
    if r.random() < 0.2: d["smbios.reflecthost"] = pick(*B)
    if r.random() < 0.1: d["firmware"] = pick("efi","bios")
    if r.random() < 0.1: d["vm.genid"] = pick("123","-1","0"); d["vm.genidX"] = pick("456","0","-9")
    if r.random() < 0.2:
        d["RemoteDisplay.vnc.enabled"] = pick(*B)
        if r.random() < 0.7: d["RemoteDisplay.vnc.port"] = pick("5900","5903","-1","6000")
        if r.random() < 0.5: d["RemoteDisplay.vnc.ip"] = pick("0.0.0.0","127.0.0.1")
        if r.random() < 0.5: d["RemoteDisplay.vnc.keymap"] = "de"
        pass
    hw13 = d.get("virtualHW.version") in ("13","14")
    for c in range(4):
        if r.random() < (0.4 if c == 0 else 0.08):
            d["scsi%d.present" % c] = pick("true","true","false")
            if r.random() < 0.6: d["scsi%d.virtualDev" % c] = pick("lsilogic","buslogic","lsisas1068","pvscsi","LSILOGIC","vmpvscsi")
            units = range(0, 16 if hw13 else 7) if (hw13 or c == 0) else []
            for u in units:
                if u != 7 and r.random() < 0.15: disk("scsi%d:%d" % (c, u), d)
    if r.random() < 0.15:
        d["sata0.present"] = pick("true","false")
        for u in range(0, 8):
            if r.random() < 0.2: disk("sata0:%d" % u, d)
    for b in range(2):
        for u in range(2):
            if r.random() < 0.2: disk("ide%d:%d" % (b, u), d)
    for u in range(2):
        if r.random() < 0.2: disk("floppy%d" % u, d)
    if r.random() < 0.1:
        d["isolation.tools.hgfs.disable"] = pick("false","true")
        d["sharedFolder.maxNum"] = pick("1","2","0")
        for i in range(2):
            if r.random() < 0.7:
                p = "sharedFolder%d" % i
                d[p+".present"] = pick(*B); d[p+".enabled"] = pick(*B)
                if r.random() < 0.9: d[p+".hostPath"] = "/host/p%d" % i
                if r.random() < 0.9: d[p+".guestName"] = "g%d" % i
                if r.random() < 0.5: d[p+".writeAccess"] = pick(*B)
    for e in range(r.choice([0,0,1,1,2,4])):
        if r.random() < 0.2: continue
        p = "ethernet%d" % e
        d[p+".present"] = pick("true","true","false")
        if r.random() < 0.7: d[p+".connectionType"] = pick("bridged","custom","nat","hostonly","Bridged","weird")
        if r.random() < 0.95: d[p+".networkName"] = pick("VM Network","VMnet0")
        if d.get(p+".connectionType") == "custom" or r.random() < 0.1: d[p+".vnet"] = "vmnet7"
        if r.random() < 0.7: d[p+".addressType"] = pick("generated","static","vpx","Static","bogus")
        if r.random() < 0.6: d[p+".generatedAddress"] = mac()
        if r.random() < 0.4: d[p+".address"] = mac()
        if r.random() < 0.2: d[p+".checkMACAddress"] = pick("true","false","TRUE")
        if r.random() < 0.6: d[p+".virtualDev"] = pick("e1000","e1000e","vmxnet","vmxnet3","vlance","VMXNET3","pcnet")
        if r.random() < 0.2: d[p+".features"] = pick("15","0","x")
        if r.random() < 0.1:
            d[p+".dvs.switchId"] = pick("50 34 26 b2 94 e9 3b 16-1d 68 87 bf ff 4a 54 40","zz")
            if r.random() < 0.9: d[p+".dvs.portId"] = pick("5","x")
            if r.random() < 0.9: d[p+".dvs.portgroupId"] = "dvportgroup-1"
            if r.random() < 0.9: d[p+".dvs.connectionId"] = pick("408217997","-1")
    if r.random() < 0.3: d["svga.vramSize"] = pick("4194304","8388608","5000000","0","-5","1")
    for s in range(4):
        if r.random() < 0.12:
            p = "serial%d" % s
            d[p+".present"] = pick("true","true","false")
            if r.random() < 0.8: d[p+".fileType"] = pick("file","device","pipe","network","thinprint","NETWORK")
            if r.random() < 0.97: d[p+".fileName"] = pick("/var/log/serial.file","/dev/ttyS0","telnet://192.168.0.17:42001","tcp://0.0.0.0:42001","ssl://h:1","telnets://[::1]:99","foo://h:1","tcp://h","serial.pipe","tcp4+ssl://x.y:5")
            if r.random() < 0.3: d[p+".network.endPoint"] = pick("server","client","Client","x")
            if r.random() < 0.2: d[p+".pipe.endPoint"] = pick("server","client")
    for s in range(3):
        if r.random() < 0.1:
            p = "parallel%d" % s
            d[p+".present"] = pick("true","false")
            if r.random() < 0.97: d[p+".fileType"] = pick("file","device","pipe")
            if r.random() < 0.97: d[p+".fileName"] = pick("/var/parallel0.file","/dev/parport0")
    keys = list(d.keys())
    r.shuffle(keys)
    with open(os.path.join(outdir, "g%04d.vmx" % n), "w", encoding="utf-8") as f:
        for k in keys:
            kk = k if r.random() < 0.9 else k.upper()
            f.write('%s = "%s"\n' % (kk, d[k]))
