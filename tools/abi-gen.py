#!/usr/bin/env python3
"""Generate the Rust side of libvirt's C ABI from libvirt's own API description.

Reads /usr/share/libvirt/api/libvirt-api.xml (Debian's libvirt-dev) and writes:

  src/abi/types/<area>.rs   the constants, typedefs, structs and callback types of each public
                            header, in Rust; cbindgen turns them back into include/libvirt/*.h
  abi/libvirt.map           the linker version script: each public symbol in the version node
                            Debian's libvirt.so.0 gives it (read with objdump -T)

With --stubs SRC (an unpacked libvirt source tree), it also appends to src/abi/<area>.rs an entry
point for each public function not yet defined there: the argument checks libvirt's public API
makes (read from SRC/src/libvirt-*.c) followed by "not supported". Entries are hand-owned after
that; the generator never rewrites one.

Usage: tools/abi-gen.py [--check] [--stubs SRC]
  --check   write nothing; exit 1 if a generated file differs from what is committed
"""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

API = "/usr/share/libvirt/api/libvirt-api.xml"
LIBVIRT_SO = "/usr/lib/x86_64-linux-gnu/libvirt.so.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# header file -> Rust module, in the order libvirt.h includes them
AREAS = [
    ("libvirt-common", "common"),
    ("libvirt-host", "host"),
    ("libvirt-domain", "domain"),
    ("libvirt-domain-checkpoint", "domain_checkpoint"),
    ("libvirt-domain-snapshot", "domain_snapshot"),
    ("libvirt-event", "event"),
    ("libvirt-interface", "interface"),
    ("libvirt-network", "network"),
    ("libvirt-nodedev", "nodedev"),
    ("libvirt-nwfilter", "nwfilter"),
    ("libvirt-secret", "secret"),
    ("libvirt-storage", "storage"),
    ("libvirt-stream", "stream"),
    ("virterror", "virterror"),
]
MODULE = dict(AREAS)

SCALARS = {
    "void": "()",
    "int": "c_int",
    "unsigned int": "c_uint",
    "long": "c_long",
    "unsigned long": "c_ulong",
    "long long": "c_longlong",
    "long long int": "c_longlong",
    "unsigned long long": "c_ulonglong",
    "unsigned long long int": "c_ulonglong",
    "double": "c_double",
    "char": "c_char",
    "unsigned char": "c_uchar",
    "unsigned short": "c_ushort",
    "size_t": "usize",
}

# numeric macros whose value is a size: typed usize so they can size arrays
SIZE_MACROS = {
    "VIR_TYPED_PARAM_FIELD_LENGTH", "VIR_NODE_CPU_STATS_FIELD_LENGTH",
    "VIR_NODE_MEMORY_STATS_FIELD_LENGTH", "VIR_SECURITY_LABEL_BUFLEN",
    "VIR_SECURITY_MODEL_BUFLEN", "VIR_SECURITY_DOI_BUFLEN", "VIR_UUID_BUFLEN",
    "VIR_UUID_STRING_BUFLEN", "VIR_DOMAIN_SCHED_FIELD_LENGTH", "VIR_DOMAIN_BLKIO_FIELD_LENGTH",
    "VIR_DOMAIN_MEMORY_FIELD_LENGTH", "VIR_DOMAIN_BLOCK_STATS_FIELD_LENGTH",
    "VIR_DOMAIN_SEND_KEY_MAX_KEYS",
}


def rust_type(c):
    """Translate a C type as libvirt-api.xml writes it into Rust."""
    c = c.strip()
    if c.endswith("const") and c.endswith("* const"):
        c = c[: -len("const")].strip()
    const = False
    if c.startswith("const "):
        const = True
        c = c[len("const "):]
    stars = 0
    while c.endswith("*"):
        stars += 1
        c = c[:-1].strip()
    base = SCALARS.get(c, c)
    if stars == 0:
        return base
    if base == "()":
        base = "c_void"
    # the const binds to the innermost pointee
    out = ("*const " if const else "*mut ") + base
    for _ in range(stars - 1):
        out = "*mut " + out
    return out


RUST_KEYWORDS = {"type", "ref", "fn", "match", "move", "use", "loop", "in", "impl", "self", "mod", "box"}


def ident(name):
    return "r#" + name if name in RUST_KEYWORDS else name


def c_value(v):
    v = v.strip()
    v = re.sub(r"/\*.*?\*/", "", v).strip()
    v = re.sub(r"(\d+)(LL|ULL|U|L)\b", r"\1", v)
    if v.startswith("(") and v.endswith(")") and v.count("(") == 1:
        v = v[1:-1].strip()
    return v


def load():
    return ET.parse(API).getroot()


def enum_rust_type(values):
    big = any(isinstance(v, int) and v > 2**31 - 1 for v in values)
    return "c_uint" if big else "c_int"


def gen_types(api):
    """Return {module: text} for the constants and types of each header."""
    items = {m: [] for _, m in AREAS}
    # enums: grouped by their typedef name
    enums = {}
    for e in api.iter("enum"):
        enums.setdefault(e.get("type"), []).append(e)
    typedefs = {t.get("name"): t for t in api.iter("typedef")}
    structs = {s.get("name"): s for s in api.iter("struct")}
    functypes = {f.get("name"): f for f in api.iter("functype")}

    def num(v):
        try:
            return int(v)
        except (TypeError, ValueError):
            return v

    # an enum value may name another enum's value: write the number itself
    values = {}
    for e in api.iter("enum"):
        values[e.get("name")] = e.get("value")

    def resolve(v):
        seen = 0
        while v in values and seen < 10:
            v = values[v]
            seen += 1
        return v

    for tname, members in sorted(enums.items()):
        td = typedefs.get(tname)
        area = members[0].get("file")
        mod = MODULE.get(area)
        if mod is None:
            continue
        vals = [num(resolve(m.get("value"))) for m in members]
        rty = enum_rust_type(vals)
        out = items[mod]
        out.append(f"pub type {tname} = {rty};")
        for m in sorted(members, key=lambda m: (int(resolve(m.get("value"))), m.get("name"))):
            v = resolve(m.get("value"))
            out.append(f"pub const {m.get('name')}: {rty} = {v};")
        out.append("")
        if td is not None:
            typedefs.pop(tname)

    for m in api.iter("macro"):
        mod = MODULE.get(m.get("file"))
        if mod is None or m.get("params"):
            continue
        name = m.get("name")
        if name.startswith("_vir"):
            continue  # struct-tag aliases, written as typedefs below
        if m.get("string") is not None:
            s = m.get("string").replace("\\", "\\\\").replace('"', '\\"')
            items[mod].append(f'pub const {name}: &str = "{s}";')
            continue
        raw = c_value(m.get("raw") or "")
        if not raw:
            continue
        if name in SIZE_MACROS:
            ty = "usize"
        elif name == "VIR_DOMAIN_MEMORY_PARAM_UNLIMITED":
            ty = "c_ulonglong"
        elif name == "VIR_KEYCODE_SET_RFB":
            ty = "c_int"
        else:
            ty = "c_int"
        items[mod].append(f"pub const {name}: {ty} = {raw};")

    def field_decl(f):
        name = f.get("name")
        ty = f.get("type")
        m = re.match(r"(.+?)\s+(\w+)\[(\w+)\]$", ty)
        if m:
            base, _, n = m.groups()
            return f"    pub {ident(name)}: [{rust_type(base)}; {n}],"
        return f"    pub {ident(name)}: {rust_type(ty)},"

    emitted_structs = set()
    for sname, s in sorted(structs.items()):
        mod = MODULE.get(s.get("file"))
        tag = s.get("type").replace("struct ", "")
        out = items[mod]
        fields = list(s)
        if tag != "_" + sname and tag[1:] in structs:
            # a deprecated alias of another struct (virSchedParameter is virTypedParameter)
            out.append(f"pub type {sname} = {tag[1:]};")
            continue
        if tag in emitted_structs:
            continue
        emitted_structs.add(tag)
        if not fields:
            out.append(f"/// Opaque: the library's own object behind `{sname}Ptr`.")
            out.append(f"pub struct {tag} {{\n    _opaque: [u8; 0],\n}}")
        else:
            out.append("#[repr(C)]")
            out.append(f"pub struct {tag} {{")
            for f in fields:
                if f.get("type") == "union":
                    uname = f"{tag}Value"
                    out.insert(0, "#[repr(C)]\n#[derive(Clone, Copy)]\npub union " + uname + " {\n" + "\n".join(
                        field_decl(u) for u in f.find("union")) + "\n}\n")
                    out.append(f"    pub {f.get('name')}: {uname},")
                else:
                    out.append(field_decl(f))
            out.append("}")
        out.append(f"pub type {sname} = {tag};")
        out.append("")

    for name, fdef in sorted(functypes.items()):
        mod = MODULE.get(fdef.get("file"))
        args = ", ".join(f"{ident(a.get('name'))}: {rust_type(a.get('type'))}" for a in fdef.findall("arg"))
        ret = rust_type(fdef.find("return").get("type"))
        rets = "" if ret == "()" else f" -> {ret}"
        items[mod].append(f'pub type {name} = Option<unsafe extern "C" fn({args}){rets}>;')
        typedefs.pop(name, None)

    for name, td in sorted(typedefs.items()):
        mod = MODULE.get(td.get("file"))
        if mod is None:
            continue
        ty = td.get("type")
        if ty in ("enum",) or name in structs:
            continue
        if ty.startswith("struct "):
            continue
        if name.startswith("vir") and name.endswith("Ptr") and ty.endswith("*"):
            items[mod].append(f"pub type {name} = {rust_type(ty)};")
        elif ty in SCALARS:
            items[mod].append(f"pub type {name} = {rust_type(ty)};")
        else:
            items[mod].append(f"pub type {name} = {rust_type(ty)};")

    files = {}
    for area, mod in AREAS:
        head = (
            f"//! Generated by `tools/abi-gen.py` from libvirt-api.xml (libvirt 9.0.0): the constants and\n"
            f"//! types of `{area}.h`. Do not edit by hand: change the generator and run it again.\n\n"
            "#![allow(non_camel_case_types, non_upper_case_globals, non_snake_case, clippy::all)]\n\n"
            "#[allow(unused_imports)]\nuse super::*;\n#[allow(unused_imports)]\nuse std::os::raw::*;\n\n"
        )
        files[f"src/abi/types/{mod}.rs"] = head + "\n".join(items[mod]).rstrip() + "\n"
    mods = "".join(f"#[rustfmt::skip]\npub mod {m};\n" for _, m in AREAS)
    uses = "".join(f"pub use {m}::*;\n" for m in sorted(m for _, m in AREAS))
    files["src/abi/types/mod.rs"] = (
        "//! libvirt's public C types and constants, one module per public header (generated).\n\n"
        + mods + "\n" + uses
    )
    return files


def gen_map(api):
    """The version script: every public function in its Debian version node."""
    out = subprocess.run(["objdump", "-T", LIBVIRT_SO], capture_output=True, text=True, check=True).stdout
    nodes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 7 or not parts[-2].startswith("LIBVIRT_"):
            continue
        if " .text" not in line and " .data" not in line and " .data.rel.ro" not in line:
            continue
        nodes.setdefault(parts[-2], set()).add(parts[-1])
    public = {f.get("name") for f in api.iter("function")} | {"virConnectAuthPtrDefault"}
    # libvirt's private symbols (LIBVIRT_PRIVATE_*) are not ours to export
    def key(n):
        return [int(x) for x in n[len("LIBVIRT_"):].split(".")]
    order = sorted((n for n in nodes if not n.startswith("LIBVIRT_PRIVATE")), key=key)
    text = ["/* Generated by tools/abi-gen.py: libvirt's public symbols in the version nodes of",
            "   Debian's libvirt 9.0.0 libvirt.so.0. */", ""]
    prev = None
    for i, n in enumerate(order):
        syms = sorted(s for s in nodes[n] if s in public)
        text.append(f"{n} {{")
        if syms:
            text.append("    global:")
            text.extend(f"        {s};" for s in syms)
        if i == 0:
            text.append("    local:")
            text.append("        *;")
        text.append("}" + (f" {prev};" if prev else ";"))
        text.append("")
        prev = n
    missing = public - set().union(*nodes.values())
    if missing:
        sys.exit(f"not in Debian's libvirt.so.0: {sorted(missing)}")
    return {"abi/libvirt.map": "\n".join(text)}


# ---------------------------------------------------------------------------------------------
# entry-point stubs

OBJ_CHECK = {
    "Connect": "connect", "Domain": "domain", "Network": "network", "NetworkPort": "network_port",
    "Interface": "interface", "StoragePool": "storage_pool", "StorageVol": "storage_vol",
    "NodeDevice": "node_device", "Secret": "secret", "Stream": "stream", "NWFilter": "nwfilter",
    "NWFilterBinding": "nwfilter_binding", "DomainCheckpoint": "domain_checkpoint",
    "DomainSnapshot": "domain_snapshot",
}
FROM_THIS = {
    "libvirt-domain-checkpoint": "VIR_FROM_DOMAIN_CHECKPOINT", "libvirt-domain-snapshot": "VIR_FROM_DOMAIN_SNAPSHOT",
    "libvirt-domain": "VIR_FROM_DOMAIN", "libvirt-host": "VIR_FROM_DOMAIN", "libvirt-interface": "VIR_FROM_INTERFACE",
    "libvirt-network": "VIR_FROM_NETWORK", "libvirt-nodedev": "VIR_FROM_NODEDEV", "libvirt-nwfilter": "VIR_FROM_NWFILTER",
    "libvirt-secret": "VIR_FROM_SECRET", "libvirt-storage": "VIR_FROM_STORAGE", "libvirt-stream": "VIR_FROM_STREAMS",
    "libvirt-common": "VIR_FROM_NONE", "libvirt-event": "VIR_FROM_NONE", "virterror": "VIR_FROM_NONE",
}


def c_bodies(src):
    bodies = {}
    files = [os.path.join(src, "src", f) for f in os.listdir(os.path.join(src, "src")) if re.match(r"libvirt(-.*)?\.c$", f)]
    for path in files:
        text = open(path).read()
        for m in re.finditer(r"^(vir\w+)\(([^)]*)\)\n\{\n(.*?)^\}", text, re.S | re.M):
            bodies.setdefault(m.group(1), (os.path.basename(path), m.group(3)))
    return bodies


def checks_for(body, args):
    """The top-level argument checks of a libvirt public function body, in Rust."""
    out = []
    argnames = {a for a, _ in args}
    for line in body.splitlines():
        if not line.startswith("    ") or line.startswith("     "):
            continue
        s = line.strip()
        m = re.match(r"virCheck(\w+?)(Return|Goto)\((\w+)", s)
        if m and m.group(1) in OBJ_CHECK and m.group(3) in argnames:
            out.append(f"cx.{OBJ_CHECK[m.group(1)]}({m.group(3)})?;")
            continue
        if s.startswith("virCheckReadOnlyGoto("):
            out.append("cx.read_write()?;")
            continue
        m = re.match(r"virCheck(NonNull|Null|Positive|NonZero|Zero|NonNegative|NonEmptyString)Arg(?:Goto|Return)\((\w+),", s)
        if m and m.group(2) in argnames:
            kind = {"NonNull": "non_null", "Null": "null", "Positive": "positive", "NonZero": "non_zero",
                    "Zero": "zero", "NonNegative": "non_negative", "NonEmptyString": "non_empty_string"}[m.group(1)]
            out.append(f'cx.{kind}({m.group(2)}, "{m.group(2)}")?;')
            continue
        m = re.match(r"virCheckNonNullArrayArgGoto\((\w+), (\w+),", s)
        if m and m.group(1) in argnames:
            out.append(f'cx.non_null_array({m.group(1)}, {m.group(2)} as i64, "{m.group(1)}")?;')
            continue
        m = re.match(r"VIR_EXCLUSIVE_FLAGS_GOTO\((\w+),\s*(\w+),", s)
        if m and "flags" in argnames:
            out.append(f'cx.exclusive_flags(flags, {m.group(1)} as u32, "{m.group(1)}", {m.group(2)} as u32, "{m.group(2)}")?;')
            continue
        m = re.match(r"VIR_REQUIRE_FLAG_GOTO\((\w+),\s*(\w+),", s)
        if m and "flags" in argnames:
            out.append(f'cx.require_flag(flags, {m.group(1)} as u32, "{m.group(1)}", {m.group(2)} as u32, "{m.group(2)}")?;')
    return out


def gen_stubs(api, src):
    bodies = c_bodies(src)
    existing = set()
    abi_dir = os.path.join(ROOT, "src", "abi")
    for dirpath, _, files in os.walk(abi_dir):
        for f in files:
            if f.endswith(".rs"):
                existing |= set(re.findall(r"fn (vir\w+)\(", open(os.path.join(dirpath, f)).read()))
    added = {}
    for f in sorted(api.iter("function"), key=lambda f: f.get("name")):
        name = f.get("name")
        if name in existing:
            continue
        area = f.get("file")
        args = [(ident(a.get("name")), rust_type(a.get("type"))) for a in f.findall("arg")]
        ret = rust_type(f.find("return").get("type"))
        _, body = bodies.get(name, ("", ""))
        checks = checks_for(body, args)
        params = ", ".join(f"{a}: {t}" for a, t in args)
        rets = "" if ret == "()" else f" -> {ret}"
        lines = [
            "#[no_mangle]",
            f'pub unsafe extern "C" fn {name}({params}){rets} {{',
            f'    entry("{name}", {FROM_THIS[area]}, |cx| {{',
        ]
        lines += [f"        {c}" for c in checks]
        lines += ["        cx.unsupported()", "    })", "}", ""]
        added.setdefault(MODULE[area], []).append("\n".join(lines))
    for mod, entries in added.items():
        path = os.path.join(abi_dir, f"{mod}.rs")
        if not os.path.exists(path):
            with open(path, "w") as fh:
                fh.write(f"//! Entry points of `libvirt-{mod.replace('_', '-')}.h`.\n\n"
                         "use super::boundary::entry;\nuse super::types::*;\nuse std::os::raw::*;\n\n")
        with open(path, "a") as fh:
            fh.write("\n".join(entries))
        print(f"{path}: {len(entries)} entries added")


def main():
    args = sys.argv[1:]
    api = load()
    files = {}
    files.update(gen_types(api))
    files.update(gen_map(api))
    stale = []
    for rel, text in files.items():
        path = os.path.join(ROOT, rel)
        old = open(path).read() if os.path.exists(path) else None
        if old != text:
            stale.append(rel)
            if "--check" not in args:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as fh:
                    fh.write(text)
    if "--check" in args:
        if stale:
            sys.exit("out of date: " + ", ".join(stale))
        return
    if "--stubs" in args:
        gen_stubs(api, args[args.index("--stubs") + 1])


if __name__ == "__main__":
    main()
