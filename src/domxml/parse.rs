//! Domain XML input: a small element tree read with quick-xml, then mapped onto [`DomainDef`]
//! with libvirt's defaults, followed by libvirt's post-parse steps.

use super::*;
use crate::error::{code, domain, Error, Result};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// One XML element: name (with prefix), attributes, child elements, direct text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

pub(crate) fn xml_error(detail: impl Into<String>) -> Error {
    Error::new(domain::DOMAIN, code::XML_ERROR, detail)
}

fn internal(detail: impl Into<String>) -> Error {
    Error::new(domain::DOMAIN, code::INTERNAL_ERROR, detail)
}

fn unsupported(detail: impl Into<String>) -> Error {
    Error::new(domain::DOMAIN, code::CONFIG_UNSUPPORTED, detail)
}

const MAX_DEPTH: usize = 256;

/// Reads `xml` into an element tree (the root element).
pub(crate) fn read_tree(xml: &str) -> Result<Node> {
    read_tree_as(xml, "(domain_definition)", domain::DOMAIN, code::XML_ERROR)
}

/// Reads `xml` into an element tree; malformed XML is an error of error domain `from` and code
/// `code` naming the document as libvirt does (`(network_definition)`, ...).
pub(crate) fn read_tree_as(xml: &str, document: &str, from: i32, code: i32) -> Result<Node> {
    read_document(xml).map_err(|e| Error::new(from, code, format!("{document}: {e}")))
}

/// Reads `xml` into an element tree (the root element); the parser's message on failure.
fn read_document(xml: &str) -> std::result::Result<Node, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let bad = |e: &dyn std::fmt::Display| e.to_string();
    loop {
        let ev = reader.read_event().map_err(|e| bad(&e))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(bad(&"Extra content at the end of the document"));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.name().as_ref().to_string();
                let mut node = Node {
                    name,
                    ..Node::default()
                };
                for a in e.attributes() {
                    let a = a.map_err(|e| bad(&e))?;
                    let key = a.key.as_ref().to_string();
                    let val = a
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|e| bad(&e))?
                        .into_owned();
                    if node.attrs.iter().any(|(k, _)| *k == key) {
                        return Err(bad(&format!("Attribute {key} redefined")));
                    }
                    node.attrs.push((key, val));
                }
                if matches!(ev, Event::Empty(_)) {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => root = Some(node),
                    }
                } else {
                    if stack.len() >= MAX_DEPTH {
                        return Err(bad(&"document nested too deeply"));
                    }
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or_else(|| bad(&"unexpected end tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                match stack.last_mut() {
                    Some(n) => n.text.push_str(&s),
                    None => {
                        if !s.trim().is_empty() {
                            return Err(bad(&"Start tag expected, '<' not found"));
                        }
                    }
                }
            }
            Event::CData(t) => {
                let s = t.into_inner().into_owned();
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let s: String = match r.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.into_inner().into_owned();
                        match name.as_str() {
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "amp" => "&".into(),
                            "apos" => "'".into(),
                            "quot" => "\"".into(),
                            _ => return Err(bad(&format!("Entity '{name}' not defined"))),
                        }
                    }
                };
                match stack.last_mut() {
                    Some(n) => n.text.push_str(&s),
                    None => return Err(bad(&"Start tag expected, '<' not found")),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(bad(&"Premature end of data"));
    }
    root.ok_or_else(|| bad(&"Document is empty"))
}

/// Parses libvirt domain XML (as `virDomainDefParseString` with an inactive parse) and applies
/// libvirt's post-parse defaults for VMware domains.
pub fn parse(xml: &str) -> Result<DomainDef> {
    parse_with(xml, &ParseOptions::default())
}

/// Like [`parse`], with explicit options (e.g. a fixed seed for the UUIDs and MAC addresses
/// generated for elements the XML leaves out).
pub fn parse_with(xml: &str, opts: &ParseOptions) -> Result<DomainDef> {
    let root = read_tree(xml)?;
    if root.name != "domain" {
        return Err(xml_error(format!(
            "unexpected root element <{}>, expecting <domain>",
            root.name
        )));
    }
    let mut def = DomainDef {
        id: -1,
        ..DomainDef::default()
    };
    let vt = root
        .attr("type")
        .ok_or_else(|| internal("missing domain type attribute"))?;
    const VIRT_TYPES: [&str; 15] = [
        "none",
        "qemu",
        "kqemu",
        "kvm",
        "xen",
        "lxc",
        "uml",
        "openvz",
        "test",
        "vmware",
        "hyperv",
        "vbox",
        "phyp",
        "parallels",
        "bhyve",
    ];
    if !VIRT_TYPES.contains(&vt) && vt != "vz" {
        return Err(internal(format!("invalid domain type {vt}")));
    }
    def.virt_type = vt.to_string();

    // name
    match root.child("name") {
        Some(n) if !n.text.is_empty() => def.name = Some(n.text.clone()),
        _ => return Err(Error::bare(domain::DOMAIN, code::NO_NAME)),
    }
    // uuid
    match root.child("uuid") {
        Some(u) => {
            def.uuid = uuid_parse(&u.text).ok_or_else(|| internal("malformed uuid element"))?
        }
        None => def.uuid = opts.random_uuid(),
    }
    if root.children_named("genid").count() > 1 {
        return Err(xml_error("element 'genid' can only appear once"));
    }
    if let Some(g) = root.child("genid") {
        if g.text.trim().is_empty() {
            def.genid = Some(opts.random_uuid());
        } else {
            def.genid =
                Some(uuid_parse(&g.text).ok_or_else(|| internal("malformed genid element"))?);
        }
    }
    def.title = root.child("title").map(|t| t.text.clone());
    def.description = root.child("description").map(|t| t.text.clone());

    // memory
    if let Some(m) = root.child("memory") {
        def.memory_kib = parse_scaled_kib(m, "./memory[1]")?;
    }
    if let Some(m) = root.child("currentMemory") {
        def.current_memory_kib = parse_scaled_kib(m, "./currentMemory[1]")?;
    }
    if let Some(mt) = root.child("memtune") {
        if let Some(m) = mt.child("min_guarantee") {
            def.min_guarantee_kib = parse_scaled_kib(m, "./memtune/min_guarantee[1]")?;
        }
    }

    // vcpu
    def.vcpus_max = 1;
    def.vcpus_current = 1;
    if let Some(v) = root.child("vcpu") {
        let n: u32 = Some(v.text.as_str())
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|t| t.parse().ok())
            .ok_or(())
            .map_err(|_| xml_error("maximum vcpus count must be an integer"))?;
        if n == 0 {
            return Err(xml_error("Invalid number of vCPUs '0'"));
        }
        def.vcpus_max = n;
        def.vcpus_current = n;
        if let Some(c) = v.attr("current") {
            let c: u32 = c
                .trim()
                .parse()
                .map_err(|_| xml_error("current vcpus count must be an integer"))?;
            if c == 0 {
                return Err(xml_error("Invalid number of vCPUs '0'"));
            }
            if c > n {
                return Err(unsupported(format!(
                    "maxvcpus must not be less than current vcpus ({n} < {c})"
                )));
            }
            def.vcpus_current = c;
        }
        match v.attr("placement") {
            None | Some("static") => {}
            Some("auto") => def.placement_auto = true,
            Some(p) => return Err(unsupported(format!("Unsupported CPU placement mode '{p}'"))),
        }
        if let Some(cs) = v.attr("cpuset") {
            def.cpumask = Some(parse_cpuset(cs)?);
        }
    }
    if let Some(ct) = root.child("cputune") {
        if let Some(s) = ct.child("shares") {
            let v: u64 = s
                .text
                .trim()
                .parse()
                .map_err(|_| xml_error("can't parse cputune shares value"))?;
            def.cpu_shares = Some(v);
        }
    }

    // os
    let os = root
        .child("os")
        .ok_or_else(|| xml_error("an os <type> must be specified"))?;
    let ot = os
        .child("type")
        .ok_or_else(|| xml_error("an os <type> must be specified"))?;
    match ot.text.as_str() {
        "hvm" | "xen" | "linux" | "exe" | "xenpvh" => def.os.os_type = ot.text.clone(),
        "" => return Err(xml_error("an os <type> must be specified")),
        o => return Err(unsupported(format!("unknown OS type '{o}'"))),
    }
    def.os.arch = match ot.attr("arch") {
        Some(a) => {
            if !KNOWN_ARCHS.contains(&a) {
                return Err(unsupported(format!("Unknown architecture {a}")));
            }
            a.to_string()
        }
        None => "i686".to_string(),
    };
    if let Some(fw) = os.attr("firmware") {
        match fw {
            "bios" | "efi" => def.os.firmware = Some(fw.to_string()),
            _ => return Err(unsupported(format!("unknown firmware value {fw}"))),
        }
    }
    if let Some(fw) = os.child("firmware") {
        // libvirt keeps one value per feature (the last given), written in its own order
        let mut enrolled = None;
        let mut secure = None;
        for f in fw.children_named("feature") {
            let enabled = match f.attr("enabled") {
                Some("yes") => true,
                Some("no") => false,
                Some(v) => return Err(xml_error(format!("Invalid value for attribute 'enabled' in element 'feature': '{v}'. Expected 'yes' or 'no'"))),
                None => return Err(xml_error("Missing required attribute 'enabled' in element 'feature'")),
            };
            match f.attr("name") {
                Some("enrolled-keys") => enrolled = Some(enabled),
                Some("secure-boot") => secure = Some(enabled),
                Some(n) => {
                    return Err(xml_error(format!(
                        "Invalid value for attribute 'name' in element 'feature': '{n}'."
                    )))
                }
                None => {
                    return Err(xml_error(
                        "Missing required attribute 'name' in element 'feature'",
                    ))
                }
            }
        }
        for (name, v) in [("enrolled-keys", enrolled), ("secure-boot", secure)] {
            if let Some(v) = v {
                def.os.firmware_features.push((name.to_string(), v));
            }
        }
    }
    if let Some(s) = os.child("smbios") {
        match s.attr("mode") {
            Some(m @ ("emulate" | "host" | "sysinfo")) => def.os.smbios_mode = Some(m.to_string()),
            Some(m) => return Err(unsupported(format!("Invalid smbios mode '{m}'"))),
            None => return Err(xml_error("missing smbios mode")),
        }
    }

    // cpu
    if let Some(c) = root.child("cpu") {
        let mut cpu = CpuDef {
            mode: c.attr("mode").unwrap_or("custom").to_string(),
            ..CpuDef::default()
        };
        if !["custom", "host-model", "host-passthrough", "maximum"].contains(&cpu.mode.as_str()) {
            return Err(xml_error(format!("Invalid mode attribute '{}'", cpu.mode)));
        }
        if let Some(t) = c.child("topology") {
            let num = |n: &str, dflt: Option<u32>| -> Result<u32> {
                match t.attr(n) {
                    Some(v) => v
                        .trim()
                        .parse::<u32>()
                        .map_err(|_| xml_error(format!("Invalid '{n}' value in CPU topology"))),
                    None => dflt.ok_or_else(|| {
                        xml_error(format!("Missing '{n}' attribute in CPU topology"))
                    }),
                }
            };
            cpu.sockets = num("sockets", None)?;
            cpu.dies = num("dies", Some(1))?;
            cpu.cores = num("cores", None)?;
            cpu.threads = num("threads", None)?;
            if cpu.sockets == 0 || cpu.dies == 0 || cpu.cores == 0 || cpu.threads == 0 {
                return Err(xml_error("Invalid CPU topology"));
            }
        }
        def.cpu = Some(cpu);
    }

    def.clock_offset = root
        .child("clock")
        .and_then(|c| c.attr("offset"))
        .unwrap_or("utc")
        .to_string();
    let lifecycle = |name: &str, dflt: &str| -> Result<String> {
        match root.child(name) {
            Some(n) => {
                let v = n.text.as_str();
                if [
                    "destroy",
                    "restart",
                    "rename-restart",
                    "preserve",
                    "coredump-destroy",
                    "coredump-restart",
                ]
                .contains(&v)
                {
                    Ok(v.to_string())
                } else {
                    Err(unsupported(format!("unknown {name} action: {}", n.text)))
                }
            }
            None => Ok(dflt.to_string()),
        }
    };
    def.on_poweroff = lifecycle("on_poweroff", "destroy")?;
    def.on_reboot = lifecycle("on_reboot", "restart")?;
    def.on_crash = lifecycle("on_crash", "destroy")?;

    // devices
    if let Some(devs) = root.child("devices") {
        for d in &devs.children {
            match d.name.as_str() {
                "disk" => {
                    let disk = parse_disk(d)?;
                    insert_disk(&mut def.disks, disk);
                }
                "controller" => {
                    let c = parse_controller(d, &def.controllers)?;
                    insert_controller(&mut def.controllers, c);
                }
                "filesystem" => def.filesystems.push(parse_fs(d)?),
                "interface" => def.nets.push(parse_net(d, opts)?),
                "serial" => def.serials.push(parse_chr(d, "serial")?),
                "parallel" => def.parallels.push(parse_chr(d, "parallel")?),
                "console" => def.consoles.push(parse_chr(d, "console")?),
                "graphics" => def.graphics.push(parse_graphics(d)?),
                "video" => {
                    let v = parse_video(d)?;
                    if v.primary {
                        if def.videos.iter().any(|x| x.primary) {
                            return Err(xml_error("Only one primary video device is supported"));
                        }
                        def.videos.insert(0, v);
                    } else {
                        def.videos.push(v);
                    }
                }
                "memory" => {
                    return Err(unsupported(
                        "memory devices are not supported by this driver",
                    ))
                }
                "tpm" => def.tpms.push(parse_tpm(d)?),
                "memballoon" => {
                    def.memballoon = Some(
                        d.attr("model")
                            .ok_or_else(|| xml_error("balloon memory must contain model name"))?
                            .to_string(),
                    )
                }
                _ => {}
            }
        }
    }
    read_guest_os(&root, &mut def)?;
    post_parse(&mut def, opts)?;
    // virDomainDefPostParseCheckFeatures, last in post-parse
    if root.child("maxMemory").is_some() {
        return Err(unsupported(
            "memory hotplug tunables <maxMemory> are not supported by this hypervisor driver",
        ));
    }
    validate(&def)?;
    Ok(def)
}

/// The namespace URI an element's prefix stands for, looked up on the element and then on its
/// ancestors (`chain`, innermost last).
fn namespace_of(node: &Node, chain: &[&Node]) -> Option<String> {
    let attr = match node.name.split_once(':') {
        Some((prefix, _)) => format!("xmlns:{prefix}"),
        None => "xmlns".to_string(),
    };
    std::iter::once(node)
        .chain(chain.iter().rev().copied())
        .find_map(|n| n.attr(&attr))
        .map(str::to_string)
}

fn local_name(node: &Node) -> &str {
    node.name
        .split_once(':')
        .map_or(node.name.as_str(), |(_, l)| l)
}

/// The guest OS the XML names for VMware: `<vmware:guestos>` (beside `<vmware:datacenterpath>`
/// or inside `<metadata>`), and libosinfo's OS id inside `<metadata>`. libvirt 9.0 reads
/// neither.
fn read_guest_os(root: &Node, def: &mut DomainDef) -> Result<()> {
    let metadata = root.child("metadata");
    let mut candidates: Vec<(&Node, Vec<&Node>)> =
        root.children.iter().map(|c| (c, vec![root])).collect();
    if let Some(m) = metadata {
        candidates.extend(m.children.iter().map(|c| (c, vec![root, m])));
    }
    for (node, chain) in candidates {
        let uri = namespace_of(node, &chain);
        if uri.as_deref() == Some(VMWARE_NS_URI) && local_name(node) == "guestos" {
            let id = node.text.trim();
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.')
            {
                return Err(xml_error(format!("Invalid VMware guest OS id '{id}'")));
            }
            def.vmware_guest_os = Some(id.to_string());
        } else if uri.as_deref() == Some(LIBOSINFO_NS_URI) && local_name(node) == "libosinfo" {
            let mut inner = chain.clone();
            inner.push(node);
            for os in &node.children {
                if namespace_of(os, &inner).as_deref() == Some(LIBOSINFO_NS_URI)
                    && local_name(os) == "os"
                {
                    def.libosinfo_id = os.attr("id").map(str::to_string);
                }
            }
        }
    }
    Ok(())
}

fn parse_tpm(t: &Node) -> Result<TpmDef> {
    const MODELS: [&str; 4] = ["tpm-tis", "tpm-crb", "tpm-spapr", "spapr-tpm-proxy"];
    let model = match t.attr("model") {
        Some(m) if MODELS.contains(&m) => Some(m.to_string()),
        Some(m) => return Err(xml_error(format!("Unknown TPM frontend model '{m}'"))),
        None => None,
    };
    let backend = t
        .child("backend")
        .ok_or_else(|| xml_error("missing TPM device backend"))?;
    let btype = backend
        .attr("type")
        .ok_or_else(|| xml_error("missing TPM device backend type"))?;
    if !["passthrough", "emulator", "external"].contains(&btype) {
        return Err(xml_error(format!("Unknown TPM backend type '{btype}'")));
    }
    let version = match backend.attr("version") {
        Some(v @ ("1.2" | "2.0")) => Some(v.to_string()),
        Some(v) => return Err(xml_error(format!("Unsupported TPM version '{v}'"))),
        None => None,
    };
    Ok(TpmDef {
        model,
        backend: btype.to_string(),
        version,
    })
}

/// The checks of libvirt's domain validation that matter here.
fn validate(def: &DomainDef) -> Result<()> {
    if def.videos.len() > 1 && def.videos.iter().any(|v| v.vtype == "none") {
        return Err(unsupported(
            "a 'none' video type must be the only video device defined for the domain",
        ));
    }
    for (i, a) in def.disks.iter().enumerate() {
        // libvirt refuses a target name twice on any buses; its own VMX reader names SCSI and
        // SATA disks both sd*, so only a name twice on one bus is refused here
        for b in &def.disks[i + 1..] {
            if a.dst == b.dst && a.bus == b.bus {
                return Err(xml_error(format!(
                    "target '{}' duplicated for disk sources '{}' and '{}'",
                    a.dst,
                    a.source.as_deref().unwrap_or("<null>"),
                    b.source.as_deref().unwrap_or("<null>")
                )));
            }
        }
    }
    Ok(())
}

const KNOWN_ARCHS: [&str; 12] = [
    "i686", "x86_64", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x", "riscv64", "armv6l",
    "mips", "ppc", "sparc64",
];

/// `virDomainParseScaledValue` to KiB, rounding up.
fn parse_scaled_kib(n: &Node, what: &str) -> Result<u64> {
    // libvirt takes digits only: no blanks, no sign
    let text = n.text.as_str();
    let v: u64 = Some(text)
        .filter(|t| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| {
            xml_error(format!(
                "Invalid value '{text}' for element or attribute '{what}'"
            ))
        })?;
    let unit = n.attr("unit").unwrap_or("KiB");
    let scale: u64 = match unit {
        "b" | "byte" | "bytes" | "B" => 1,
        "k" | "K" | "KiB" | "kib" => 1024,
        "KB" | "kB" => 1000,
        "m" | "M" | "MiB" | "mib" => 1024 * 1024,
        "MB" => 1_000_000,
        "g" | "G" | "GiB" | "gib" => 1 << 30,
        "GB" => 1_000_000_000,
        "t" | "T" | "TiB" | "tib" => 1 << 40,
        "TB" => 1_000_000_000_000,
        "p" | "P" | "PiB" | "pib" => 1 << 50,
        "PB" => 1_000_000_000_000_000,
        "e" | "E" | "EiB" | "eib" => 1 << 60,
        "EB" => 1_000_000_000_000_000_000,
        _ => return Err(internal(format!("unknown suffix '{unit}'"))),
    };
    let bytes = v
        .checked_mul(scale)
        .filter(|b| *b <= (u64::MAX >> 1))
        .ok_or_else(|| {
            Error::new(
                domain::DOMAIN,
                code::OVERFLOW,
                format!("value too large: {text}{unit}"),
            )
        })?;
    let kib = bytes.div_ceil(1024);
    // libvirt limits memory to what fits in a signed 64-bit count of bytes
    if kib > (i64::MAX as u64) / 1024 {
        return Err(Error::new(
            domain::DOMAIN,
            code::OVERFLOW,
            format!("size {kib} in KiB is too large"),
        ));
    }
    Ok(kib)
}

/// `virBitmapParse`: "0,3-5,^4".
pub(crate) fn parse_cpuset(s: &str) -> Result<Vec<u32>> {
    const MAX: u32 = 4096;
    let bad = || xml_error(format!("Failed to parse bitmap '{s}'"));
    let mut set = std::collections::BTreeSet::new();
    let mut excl = Vec::new();
    for part in s.split(',') {
        let p = part.trim();
        if p.is_empty() {
            return Err(bad());
        }
        if let Some(rest) = p.strip_prefix('^') {
            let n: u32 = rest.trim().parse().map_err(|_| bad())?;
            excl.push(n);
            continue;
        }
        if let Some((a, b)) = p.split_once('-') {
            let a: u32 = a.trim().parse().map_err(|_| bad())?;
            let b: u32 = b.trim().parse().map_err(|_| bad())?;
            if a > b || b >= MAX {
                return Err(bad());
            }
            set.extend(a..=b);
        } else {
            let n: u32 = p.parse().map_err(|_| bad())?;
            if n >= MAX {
                return Err(bad());
            }
            set.insert(n);
        }
    }
    for e in excl {
        set.remove(&e);
    }
    Ok(set.into_iter().collect())
}

fn parse_u32_attr(n: &Node, name: &str, what: &str) -> Result<Option<u32>> {
    match n.attr(name) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<u32>()
            .map(Some)
            .map_err(|_| internal(format!("Cannot parse <{what}> '{name}' attribute"))),
    }
}

fn parse_disk(d: &Node) -> Result<DiskDef> {
    let mut disk = DiskDef::default();
    if let Some(t) = d.attr("type") {
        disk.src_type = StorageType::from_name(t)
            .ok_or_else(|| xml_error(format!("unknown disk type '{t}'")))?;
    }
    if let Some(dev) = d.attr("device") {
        disk.device = match dev {
            "disk" => DiskDevice::Disk,
            "cdrom" => DiskDevice::Cdrom,
            "floppy" => DiskDevice::Floppy,
            "lun" => DiskDevice::Lun,
            _ => return Err(xml_error(format!("unknown disk device '{dev}'"))),
        };
    }
    if let Some(drv) = d.child("driver") {
        disk.driver_name = drv.attr("name").map(str::to_string);
        disk.driver_type = drv.attr("type").map(str::to_string);
        if let Some(c) = drv.attr("cache") {
            if ![
                "default",
                "none",
                "writethrough",
                "writeback",
                "directsync",
                "unsafe",
            ]
            .contains(&c)
            {
                return Err(xml_error(format!("unknown disk cache mode '{c}'")));
            }
            if c != "default" {
                disk.cache = Some(c.to_string());
            }
        }
    }
    if let Some(src) = d.child("source") {
        let attr = match disk.src_type {
            StorageType::File => "file",
            StorageType::Block => "dev",
            StorageType::Dir => "dir",
            StorageType::Volume => "volume",
            _ => "name",
        };
        disk.source = src.attr(attr).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(p) = src.attr("startupPolicy") {
            if !["mandatory", "requisite", "optional"].contains(&p) {
                return Err(xml_error(format!("unknown startupPolicy value '{p}'")));
            }
            disk.startup_policy = Some(p.to_string());
        }
    }
    let target = d.child("target");
    let dst = target.and_then(|t| t.attr("dev"));
    disk.dst = match dst {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => {
            let what = disk.source.clone().unwrap_or_else(|| "<null>".to_string());
            return Err(xml_error(format!(
                "missing target information for device {what}"
            )));
        }
    };
    if disk.device == DiskDevice::Floppy && !disk.dst.starts_with("fd") {
        return Err(xml_error(format!(
            "Invalid floppy device name: {}",
            disk.dst
        )));
    }
    disk.bus = match target.and_then(|t| t.attr("bus")) {
        Some(b) => DiskBus::from_name(b)
            .ok_or_else(|| xml_error(format!("unknown disk bus type '{b}'")))?,
        None => {
            if disk.device == DiskDevice::Floppy {
                DiskBus::Fdc
            } else if disk.dst.starts_with("hd") {
                DiskBus::Ide
            } else if disk.dst.starts_with("sd") {
                DiskBus::Scsi
            } else if disk.dst.starts_with("vd") {
                DiskBus::Virtio
            } else if disk.dst.starts_with("xvd") {
                DiskBus::Xen
            } else if disk.dst.starts_with("ubd") {
                DiskBus::Uml
            } else {
                return Err(xml_error(format!("Unsupported disk type '{}'", disk.dst)));
            }
        }
    };
    disk.readonly = d.child("readonly").is_some();
    disk.shareable = d.child("shareable").is_some();
    disk.transient = d.child("transient").is_some();
    if let Some(a) = d.child("address") {
        match a.attr("type") {
            Some("drive") => {
                disk.address = Some(DriveAddress {
                    controller: parse_u32_attr(a, "controller", "address")?.unwrap_or(0),
                    bus: parse_u32_attr(a, "bus", "address")?.unwrap_or(0),
                    target: parse_u32_attr(a, "target", "address")?.unwrap_or(0),
                    unit: parse_u32_attr(a, "unit", "address")?.unwrap_or(0),
                })
            }
            Some(t) => disk.other_address_type = Some(t.to_string()),
            None => return Err(xml_error("No type specified for device address")),
        }
    }
    Ok(disk)
}

/// libvirt's `virDomainDiskInsert`: keeps disks of one bus sorted by target name.
pub(crate) fn insert_disk(disks: &mut Vec<DiskDef>, disk: DiskDef) {
    let key = |d: &DiskDef| disk_name_to_index(&d.dst).map(|v| v as i64).unwrap_or(-1);
    let new_idx = key(&disk);
    let mut insert_at: Option<usize> = None;
    for i in (0..disks.len()).rev() {
        if disks[i].bus == disk.bus {
            if key(&disks[i]) > new_idx {
                insert_at = Some(i);
            } else if insert_at.is_none() {
                insert_at = Some(i + 1);
            }
        }
    }
    match insert_at {
        Some(i) => disks.insert(i, disk),
        None => disks.push(disk),
    }
}

const CONTROLLER_TYPES: [&str; 10] = [
    "ide",
    "fdc",
    "scsi",
    "sata",
    "virtio-serial",
    "ccid",
    "usb",
    "pci",
    "xenbus",
    "isa",
];

fn parse_controller(c: &Node, existing: &[ControllerDef]) -> Result<ControllerDef> {
    let ctype = c.attr("type").unwrap_or("ide").to_string();
    if !CONTROLLER_TYPES.contains(&ctype.as_str()) {
        return Err(xml_error(format!("Unknown controller type '{ctype}'")));
    }
    let index = match c.attr("index") {
        Some(i) => i
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|v| *v <= i32::MAX as u32)
            .ok_or_else(|| xml_error(format!("Cannot parse controller index {i}")))?,
        None => existing
            .iter()
            .filter(|x| x.ctype == ctype)
            .map(|x| x.index + 1)
            .max()
            .unwrap_or(0),
    };
    let model = match c.attr("model") {
        Some(m) => {
            if ctype == "scsi" && !SCSI_MODELS.contains(&m) {
                return Err(xml_error(format!("Unknown model type '{m}'")));
            }
            Some(m.to_string())
        }
        None => None,
    };
    Ok(ControllerDef {
        ctype,
        index,
        model,
    })
}

/// libvirt's `virDomainControllerModelSCSI` names.
pub(crate) const SCSI_MODELS: [&str; 13] = [
    "auto",
    "buslogic",
    "lsilogic",
    "lsisas1068",
    "vmpvscsi",
    "ibmvscsi",
    "virtio-scsi",
    "lsisas1078",
    "virtio-transitional",
    "virtio-non-transitional",
    "ncr53c90",
    "am53c974",
    "dc390",
];

/// libvirt's `virDomainControllerInsertPreAlloced`: keeps controllers of one type sorted by index.
pub(crate) fn insert_controller(ctrls: &mut Vec<ControllerDef>, c: ControllerDef) {
    let mut insert_at: Option<usize> = None;
    for i in (0..ctrls.len()).rev() {
        if ctrls[i].ctype == c.ctype {
            if ctrls[i].index > c.index {
                insert_at = Some(i);
            } else if ctrls[i].index < c.index && insert_at.is_none() {
                insert_at = Some(i + 1);
            }
        }
    }
    match insert_at {
        Some(i) => ctrls.insert(i, c),
        None => ctrls.push(c),
    }
}

fn parse_fs(f: &Node) -> Result<FsDef> {
    let fs_type = f.attr("type").unwrap_or("mount").to_string();
    let src = f.child("source");
    let source = src
        .and_then(|s| {
            s.attr("dir")
                .or_else(|| s.attr("name"))
                .or_else(|| s.attr("file"))
        })
        .unwrap_or("")
        .to_string();
    let target = f
        .child("target")
        .and_then(|t| t.attr("dir"))
        .ok_or_else(|| unsupported("missing target in filesystem"))?
        .to_string();
    if source.is_empty() && fs_type != "ram" {
        return Err(unsupported(format!(
            "missing source element in filesystem type '{fs_type}'"
        )));
    }
    Ok(FsDef {
        fs_type,
        accessmode: f.attr("accessmode").map(str::to_string),
        source,
        target,
        readonly: f.child("readonly").is_some(),
    })
}

/// libvirt's `virDomainNetModel` names; other model names are kept as strings by libvirt and
/// are not written to VMX.
pub(crate) const NET_MODELS: [&str; 20] = [
    "netfront",
    "rtl8139",
    "virtio",
    "e1000",
    "e1000e",
    "virtio-transitional",
    "virtio-non-transitional",
    "usb-net",
    "spapr-vlan",
    "lan9118",
    "smc91c111",
    "vlance",
    "vmxnet",
    "vmxnet2",
    "vmxnet3",
    "Am79C970A",
    "Am79C973",
    "82540EM",
    "82545EM",
    "82543GC",
];

fn parse_net(n: &Node, opts: &ParseOptions) -> Result<NetDef> {
    let t = n.attr("type").unwrap_or("user");
    let mut net = NetDef {
        net_type: match t {
            "bridge" => NetType::Bridge,
            "user" => NetType::User,
            "null" => NetType::Null,
            "vds" => NetType::Vds,
            "network" => NetType::Network,
            "ethernet" | "vhostuser" | "server" | "client" | "mcast" | "internal" | "direct"
            | "hostdev" | "udp" | "vdpa" => NetType::Other(t.to_string()),
            _ => return Err(xml_error(format!("unknown interface type '{t}'"))),
        },
        ..NetDef::default()
    };
    match n.child("mac") {
        Some(m) => {
            match m.attr("address") {
                Some(a) => {
                    net.mac = mac_parse(a)
                        .ok_or_else(|| xml_error(format!("unable to parse mac address '{a}'")))?;
                    if net.mac[0] & 1 == 1 {
                        return Err(xml_error(format!(
                            "expected unicast mac address, found multicast '{a}'"
                        )));
                    }
                }
                None => net.mac = opts.random_mac(),
            }
            if let Some(ty) = m.attr("type") {
                match ty {
                    "generated" | "static" => net.mac_type = Some(ty.to_string()),
                    _ => return Err(xml_error(format!("invalid mac address type value: '{ty}'. Valid values are \"generated\" and \"static\"."))),
                }
            }
            if let Some(ch) = m.attr("check") {
                net.mac_check = Some(match ch {
                    "yes" => true,
                    "no" => false,
                    _ => {
                        return Err(xml_error(format!(
                            "invalid mac address check value: '{ch}'"
                        )))
                    }
                });
            }
        }
        None => net.mac = opts.random_mac(),
    }
    let src = n.child("source");
    match net.net_type {
        NetType::Bridge => {
            net.bridge = Some(
                src.and_then(|s| s.attr("bridge"))
                    .ok_or_else(|| {
                        xml_error("No <source> 'bridge' attribute specified with <interface type='bridge'/>")
                    })?
                    .to_string(),
            );
        }
        NetType::Network => {
            net.network = Some(
                src.and_then(|s| s.attr("network"))
                    .ok_or_else(|| {
                        xml_error("No <source> 'network' attribute specified with <interface type='network'/>")
                    })?
                    .to_string(),
            );
        }
        NetType::Vds => {
            let s =
                src.ok_or_else(|| xml_error("Missing source switchid for interface type 'vds'"))?;
            let sw = s
                .attr("switchid")
                .ok_or_else(|| xml_error("Missing source switchid for interface type 'vds'"))?;
            net.vds_switch_id = uuid_parse(sw)
                .ok_or_else(|| xml_error(format!("Unable to parse switchid '{sw}'")))?;
            let num = |name: &str| -> Result<i64> {
                match s.attr(name) {
                    Some(v) => v
                        .trim()
                        .parse::<i64>()
                        .map_err(|_| xml_error(format!("Invalid {name} '{v}'"))),
                    None => Err(xml_error(format!(
                        "Missing source {name} for interface type 'vds'"
                    ))),
                }
            };
            net.vds_port_id = num("portid")?;
            net.vds_portgroup_id = Some(
                s.attr("portgroupid")
                    .ok_or_else(|| {
                        xml_error("Missing source portgroupid for interface type 'vds'")
                    })?
                    .to_string(),
            );
            net.vds_connection_id = num("connectionid")?;
        }
        _ => {}
    }
    net.ifname = n
        .child("target")
        .and_then(|t| t.attr("dev"))
        .map(str::to_string);
    if let Some(m) = n.child("model") {
        if let Some(ty) = m.attr("type") {
            if ty.is_empty()
                || !ty
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            {
                return Err(xml_error(format!("Model '{ty}' is not valid")));
            }
            // libvirt matches its model names case-insensitively and keeps its own spelling
            let known = NET_MODELS.iter().find(|m| m.eq_ignore_ascii_case(ty));
            net.model = Some(
                known
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| ty.to_string()),
            );
        }
    }
    Ok(net)
}

fn parse_chr(c: &Node, element: &str) -> Result<ChrDef> {
    let t = c.attr("type").unwrap_or("pty");
    let src = c.children_named("source").next();
    let path = || src.and_then(|s| s.attr("path")).map(str::to_string);
    let source = match t {
        "dev" => {
            ChrSource::Dev(Some(path().ok_or_else(|| {
                xml_error("Missing source path attribute for char device")
            })?))
        }
        "file" => ChrSource::File(
            path().ok_or_else(|| xml_error("Missing source path attribute for char device"))?,
        ),
        "pipe" => {
            ChrSource::Pipe(Some(path().ok_or_else(|| {
                xml_error("Missing source path attribute for char device")
            })?))
        }
        "tcp" => {
            let mode = src.and_then(|s| s.attr("mode")).unwrap_or("connect");
            let listen = match mode {
                "bind" => true,
                "connect" => false,
                _ => return Err(xml_error(format!("Unknown source mode '{mode}'"))),
            };
            let protocol = c
                .child("protocol")
                .and_then(|p| p.attr("type"))
                .unwrap_or("raw");
            if !["raw", "telnet", "telnets", "tls"].contains(&protocol) {
                return Err(xml_error(format!("Unknown protocol '{protocol}'")));
            }
            let host = src.and_then(|s| s.attr("host")).map(str::to_string);
            let service = src.and_then(|s| s.attr("service")).map(str::to_string);
            if service.is_none() {
                return Err(xml_error(
                    "Missing source service attribute for char device",
                ));
            }
            if host.is_none() && !listen {
                return Err(xml_error("Missing source host attribute for char device"));
            }
            ChrSource::Tcp {
                host,
                service,
                listen,
                protocol: protocol.to_string(),
            }
        }
        "null" => ChrSource::Null,
        "vc" | "pty" | "stdio" | "udp" | "unix" | "spicevmc" | "spiceport" | "nmdm"
        | "qemu-vdagent" | "dbus" => ChrSource::Other(t.to_string()),
        _ => {
            return Err(xml_error(format!(
                "unknown type presented to host for character device: {t}"
            )))
        }
    };
    let target = c.child("target");
    let port = match target.and_then(|t| t.attr("port")) {
        Some(p) => p
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|v| *v >= 0)
            .ok_or_else(|| xml_error(format!("Invalid port number: {p}")))?,
        None => -1,
    };
    let target_type = if element == "console" {
        Some(
            target
                .and_then(|t| t.attr("type"))
                .unwrap_or("serial")
                .to_string(),
        )
    } else {
        None
    };
    Ok(ChrDef {
        source,
        target_port: port,
        target_type,
    })
}

fn parse_graphics(g: &Node) -> Result<GraphicsDef> {
    let gtype = g
        .attr("type")
        .ok_or_else(|| xml_error("missing graphics device type"))?;
    if ![
        "sdl",
        "vnc",
        "rdp",
        "desktop",
        "spice",
        "egl-headless",
        "dbus",
    ]
    .contains(&gtype)
    {
        return Err(xml_error(format!("unknown graphics device type '{gtype}'")));
    }
    let mut def = GraphicsDef {
        gtype: gtype.to_string(),
        ..GraphicsDef::default()
    };
    if gtype == "vnc" {
        if let Some(p) = g.attr("port") {
            def.port = p
                .trim()
                .parse::<i32>()
                .map_err(|_| xml_error(format!("cannot parse vnc port {p}")))?;
            if def.port == -1 {
                def.port = 0;
                def.autoport = true;
            }
        } else {
            def.autoport = true;
        }
        if let Some(a) = g.attr("autoport") {
            match a {
                "yes" => {
                    def.autoport = true;
                    def.port = 0;
                }
                "no" => def.autoport = false,
                _ => return Err(xml_error(format!("invalid autoport value '{a}'"))),
            }
        }
        def.keymap = g.attr("keymap").map(str::to_string);
        def.passwd = g.attr("passwd").map(str::to_string);
    }
    if ["vnc", "spice", "rdp"].contains(&gtype) {
        for l in g.children_named("listen") {
            match l.attr("type") {
                Some("address") => def.listens.push(
                    l.attr("address")
                        .filter(|a| !a.is_empty())
                        .map(str::to_string),
                ),
                Some("network" | "socket" | "none") => {}
                Some(t) => return Err(xml_error(format!("unknown graphics listen type '{t}'"))),
                None => return Err(xml_error("graphics listen type must be specified")),
            }
        }
        if def.listens.is_empty() {
            def.listens.push(
                g.attr("listen")
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
            );
        }
    }
    Ok(def)
}

const VIDEO_TYPES: [&str; 12] = [
    "default",
    "vga",
    "cirrus",
    "vmvga",
    "xen",
    "vbox",
    "qxl",
    "parallels",
    "virtio",
    "gop",
    "none",
    "bochs",
];

fn parse_video(v: &Node) -> Result<VideoDef> {
    let mut def = VideoDef {
        vtype: "default".to_string(),
        ..VideoDef::default()
    };
    if let Some(m) = v.child("model") {
        if let Some(t) = m.attr("type") {
            if !VIDEO_TYPES.contains(&t) && t != "ramfb" {
                return Err(xml_error(format!("unknown video model '{t}'")));
            }
            def.vtype = t.to_string();
        }
        if let Some(r) = m.attr("vram") {
            def.vram = r
                .trim()
                .parse()
                .map_err(|_| xml_error(format!("cannot parse video vram '{r}'")))?;
        }
        if let Some(h) = m.attr("heads") {
            def.heads = h
                .trim()
                .parse()
                .map_err(|_| xml_error(format!("cannot parse video heads '{h}'")))?;
        }
        if let Some(p) = m.attr("primary") {
            def.primary = p == "yes";
        }
    }
    Ok(def)
}
