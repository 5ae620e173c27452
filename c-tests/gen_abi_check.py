#!/usr/bin/env python3
"""Write two C programs from libvirt-api.xml that check our headers against libvirt's.

abi_values.c prints the size and field offsets of every public struct and the value of every
public constant; built once against Debian's headers and once against ours, the two outputs
must be identical. abi_protos.c includes our headers and then declares every public function
(and the exported variable) with the exact C types libvirt's API description gives: a
signature that differs fails to compile.

Usage: gen_abi_check.py OUTDIR
"""
import os
import sys
import xml.etree.ElementTree as ET

API = "/usr/share/libvirt/api/libvirt-api.xml"
out = sys.argv[1]
api = ET.parse(API).getroot()
HEAD = "#include <stdio.h>\n#include <stddef.h>\n#include <libvirt/libvirt.h>\n#include <libvirt/virterror.h>\n\n"
AREAS = {"libvirt-common", "libvirt-host", "libvirt-domain", "libvirt-domain-checkpoint",
         "libvirt-domain-snapshot", "libvirt-event", "libvirt-interface", "libvirt-network",
         "libvirt-nodedev", "libvirt-nwfilter", "libvirt-secret", "libvirt-storage",
         "libvirt-stream", "virterror"}

lines = []
for s in sorted(api.iter("struct"), key=lambda s: s.get("name")):
    fields = [f for f in s if f.tag == "field"]
    if not fields or s.get("file") not in AREAS:
        continue
    n = s.get("name")
    lines.append(f'    printf("sizeof {n} %zu\\n", sizeof({n}));')
    for f in fields:
        fn = f.get("name")
        lines.append(f'    printf("offsetof {n}.{fn} %zu\\n", offsetof({n}, {fn}));')
for e in sorted(api.iter("enum"), key=lambda e: e.get("name")):
    if e.get("file") not in AREAS:
        continue
    n = e.get("name")
    lines.append(f'    printf("{n} %lld\\n", (long long)({n}));')
for m in sorted(api.iter("macro"), key=lambda m: m.get("name")):
    if m.get("file") not in AREAS or m.get("params") or m.get("name").startswith("_"):
        continue
    n = m.get("name")
    if m.get("string") is not None:
        lines.append(f'    printf("{n} %s\\n", {n});')
    elif m.get("raw"):
        lines.append(f'    printf("{n} %lld\\n", (long long)({n}));')
lines.append('    printf("LIBVIR_CHECK_VERSION(9,0,0) %d\\n", LIBVIR_CHECK_VERSION(9, 0, 0));')
lines.append('    printf("LIBVIR_CHECK_VERSION(9,0,1) %d\\n", LIBVIR_CHECK_VERSION(9, 0, 1));')
lines.append('    printf("VIR_CPU_MAPLEN(9) %d\\n", VIR_CPU_MAPLEN(9));')
with open(os.path.join(out, "abi_values.c"), "w") as fh:
    fh.write("#define VIR_ENUM_SENTINELS\n" + HEAD + "int main(void)\n{\n" + "\n".join(lines) + "\n    return 0;\n}\n")


def decl(ctype, name):
    ctype = ctype.strip()
    if ctype.endswith("*") or ctype.endswith("* const"):
        return f"{ctype}{name}" if ctype.endswith("*") else f"{ctype} {name}"
    return f"{ctype} {name}"


protos = []
for f in sorted(api.iter("function"), key=lambda f: f.get("name")):
    if f.get("file") not in AREAS:
        continue
    args = ", ".join(decl(a.get("type"), a.get("name")) for a in f.findall("arg")) or "void"
    protos.append(f"{decl(f.find('return').get('type'), f.get('name'))}({args});")
protos.append("extern virConnectAuthPtr virConnectAuthPtrDefault;")
with open(os.path.join(out, "abi_protos.c"), "w") as fh:
    fh.write(HEAD + "\n".join(protos) + "\n\nint main(void)\n{\n    return virConnectAuthPtrDefault == NULL;\n}\n")
print(f"{len(protos)} declarations, {len(lines)} values")
