//! Domain XML output, as libvirt 9.0's `virDomainDefFormat` writes it (with
//! `VIR_DOMAIN_DEF_FORMAT_SECURE`): element and attribute order, two-space indentation.

use super::*;

/// libvirt's `virBufferEscapeString` for XML: `<>&"'` become entities, control characters other
/// than tab, newline and carriage return are dropped.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

struct Buf {
    out: String,
    indent: usize,
}

impl Buf {
    fn line(&mut self, s: &str) {
        for _ in 0..self.indent {
            self.out.push(' ');
        }
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn open(&mut self, s: &str) {
        self.line(s);
        self.indent += 2;
    }
    fn close(&mut self, s: &str) {
        self.indent = self.indent.saturating_sub(2);
        self.line(s);
    }
}

/// What to include when formatting, libvirt's `VIR_DOMAIN_DEF_FORMAT_*` flags that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatOptions {
    /// `VIR_DOMAIN_DEF_FORMAT_SECURE` (`VIR_DOMAIN_XML_SECURE`): include the VNC password.
    pub secure: bool,
    /// `VIR_DOMAIN_DEF_FORMAT_INACTIVE` (`VIR_DOMAIN_XML_INACTIVE`): leave out the domain id.
    pub inactive: bool,
}

impl Default for FormatOptions {
    /// Secure and not inactive: how libvirt's own converter tests format.
    fn default() -> Self {
        FormatOptions {
            secure: true,
            inactive: false,
        }
    }
}

/// Formats `def` as libvirt's domain XML, secure (passwords included), as libvirt's converter
/// tests do.
pub fn format(def: &DomainDef) -> String {
    format_with(def, FormatOptions::default())
}

/// Formats `def` as libvirt's domain XML with the given options.
pub fn format_with(def: &DomainDef, opts: FormatOptions) -> String {
    let mut b = Buf {
        out: String::new(),
        indent: 0,
    };
    let has_ns = def.datacenter_path.is_some() || def.moref.is_some();
    let mut head = format!("<domain type='{}'", esc(&def.virt_type));
    if def.id >= 0 && !opts.inactive {
        head.push_str(&format!(" id='{}'", def.id));
    }
    if has_ns {
        head.push_str(&format!(" xmlns:vmware='{VMWARE_NS_URI}'"));
    }
    head.push('>');
    b.open(&head);
    // libvirt leaves the element out when the name is unset (a VMX without displayName)
    if let Some(name) = &def.name {
        b.line(&format!("<name>{}</name>", esc(name)));
    }
    b.line(&format!("<uuid>{}</uuid>", uuid_to_string(&def.uuid)));
    if let Some(g) = &def.genid {
        b.line(&format!("<genid>{}</genid>", uuid_to_string(g)));
    }
    if let Some(t) = &def.title {
        b.line(&format!("<title>{}</title>", esc(t)));
    }
    if let Some(d) = &def.description {
        b.line(&format!("<description>{}</description>", esc(d)));
    }
    format_dropped(&mut b, &def.dropped);
    b.line(&format!("<memory unit='KiB'>{}</memory>", def.memory_kib));
    b.line(&format!(
        "<currentMemory unit='KiB'>{}</currentMemory>",
        def.current_memory_kib
    ));
    if def.min_guarantee_kib > 0 {
        b.open("<memtune>");
        b.line(&format!(
            "<min_guarantee unit='KiB'>{}</min_guarantee>",
            def.min_guarantee_kib
        ));
        b.close("</memtune>");
    }
    let mut vcpu = format!(
        "<vcpu placement='{}'",
        if def.placement_auto { "auto" } else { "static" }
    );
    if let Some(mask) = &def.cpumask {
        if !mask.is_empty() {
            vcpu.push_str(&format!(" cpuset='{}'", format_cpuset(mask)));
        }
    }
    if def.vcpus_current != def.vcpus_max {
        vcpu.push_str(&format!(" current='{}'", def.vcpus_current));
    }
    vcpu.push_str(&format!(">{}</vcpu>", def.vcpus_max));
    b.line(&vcpu);
    if let Some(shares) = def.cpu_shares {
        b.open("<cputune>");
        b.line(&format!("<shares>{shares}</shares>"));
        b.close("</cputune>");
    }

    // <os>
    match &def.os.firmware {
        Some(fw) => b.open(&format!("<os firmware='{}'>", esc(fw))),
        None => b.open("<os>"),
    }
    if def.os.arch.is_empty() {
        b.line(&format!("<type>{}</type>", esc(&def.os.os_type)));
    } else {
        b.line(&format!(
            "<type arch='{}'>{}</type>",
            esc(&def.os.arch),
            esc(&def.os.os_type)
        ));
    }
    if !def.os.firmware_features.is_empty() {
        b.open("<firmware>");
        for (name, enabled) in &def.os.firmware_features {
            b.line(&format!(
                "<feature enabled='{}' name='{}'/>",
                if *enabled { "yes" } else { "no" },
                esc(name)
            ));
        }
        b.close("</firmware>");
    }
    if let Some(m) = &def.os.smbios_mode {
        b.line(&format!("<smbios mode='{}'/>", esc(m)));
    }
    b.close("</os>");

    if let Some(cpu) = &def.cpu {
        if cpu.mode != "custom" {
            b.open(&format!("<cpu mode='{}'>", esc(&cpu.mode)));
        } else {
            b.open("<cpu>");
        }
        if cpu.sockets > 0 {
            b.line(&format!(
                "<topology sockets='{}' dies='{}' cores='{}' threads='{}'/>",
                cpu.sockets, cpu.dies, cpu.cores, cpu.threads
            ));
        }
        b.close("</cpu>");
    }

    b.line(&format!("<clock offset='{}'/>", esc(&def.clock_offset)));
    b.line(&format!(
        "<on_poweroff>{}</on_poweroff>",
        esc(&def.on_poweroff)
    ));
    b.line(&format!("<on_reboot>{}</on_reboot>", esc(&def.on_reboot)));
    b.line(&format!("<on_crash>{}</on_crash>", esc(&def.on_crash)));

    let has_devices = !(def.disks.is_empty()
        && def.controllers.is_empty()
        && def.filesystems.is_empty()
        && def.nets.is_empty()
        && def.serials.is_empty()
        && def.parallels.is_empty()
        && def.consoles.is_empty()
        && def.graphics.is_empty()
        && def.videos.is_empty()
        && def.tpms.is_empty()
        && def.memballoon.is_none());
    if has_devices {
        b.open("<devices>");
        for d in &def.disks {
            format_disk(&mut b, d);
        }
        for c in &def.controllers {
            let mut s = format!("<controller type='{}' index='{}'", esc(&c.ctype), c.index);
            if let Some(m) = &c.model {
                s.push_str(&format!(" model='{}'", esc(m)));
            }
            s.push_str("/>");
            b.line(&s);
        }
        for fs in &def.filesystems {
            let mut s = format!("<filesystem type='{}'", esc(&fs.fs_type));
            if let Some(a) = &fs.accessmode {
                s.push_str(&format!(" accessmode='{}'", esc(a)));
            }
            s.push('>');
            b.open(&s);
            b.line(&format!("<source dir='{}'/>", esc(&fs.source)));
            b.line(&format!("<target dir='{}'/>", esc(&fs.target)));
            if fs.readonly {
                b.line("<readonly/>");
            }
            b.close("</filesystem>");
        }
        for n in &def.nets {
            format_net(&mut b, n);
        }
        for s in &def.serials {
            format_chr(&mut b, "serial", s);
        }
        for p in &def.parallels {
            format_chr(&mut b, "parallel", p);
        }
        for (n, c) in def.consoles.iter().enumerate() {
            // A console standing for a serial port is written from that port.
            if def.os.os_type == "hvm"
                && matches!(c.target_type.as_deref(), Some("serial") | None)
                && n < def.serials.len()
            {
                let mut copy = def.serials[n].clone();
                copy.target_type = Some("serial".to_string());
                format_chr(&mut b, "console", &copy);
            } else {
                format_chr(&mut b, "console", c);
            }
        }
        for t in &def.tpms {
            match &t.model {
                Some(m) => b.open(&format!("<tpm model='{}'>", esc(m))),
                None => b.open("<tpm>"),
            }
            let mut be = format!("<backend type='{}'", esc(&t.backend));
            if let Some(v) = &t.version {
                be.push_str(&format!(" version='{}'", esc(v)));
            }
            be.push_str("/>");
            b.line(&be);
            b.close("</tpm>");
        }
        for g in &def.graphics {
            format_graphics(&mut b, g, opts);
        }
        for v in &def.videos {
            b.open("<video>");
            let mut s = format!("<model type='{}'", esc(&v.vtype));
            if v.vram > 0 {
                s.push_str(&format!(" vram='{}'", v.vram));
            }
            if v.heads > 0 {
                s.push_str(&format!(" heads='{}'", v.heads));
            }
            if v.primary {
                s.push_str(" primary='yes'");
            }
            s.push_str("/>");
            b.line(&s);
            b.close("</video>");
        }
        if let Some(m) = &def.memballoon {
            b.line(&format!("<memballoon model='{}'/>", esc(m)));
        }
        b.close("</devices>");
    }
    if let Some(p) = &def.datacenter_path {
        b.line(&format!(
            "<vmware:datacenterpath>{}</vmware:datacenterpath>",
            esc(p)
        ));
    }
    if let Some(m) = &def.moref {
        b.line(&format!("<vmware:moref>{}</vmware:moref>", esc(m)));
    }
    b.close("</domain>");
    b.out
}

/// An attribute value as libxml2 writes it in `<metadata>` (libvirt dumps that element with
/// libxml2, in double quotes).
fn esc_attr_libxml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// The record of what the VMX converter left out: `<metadata>` with one element in this
/// project's namespace, laid out as libvirt lays out metadata.
fn format_dropped(b: &mut Buf, dropped: &[Dropped]) {
    if dropped.is_empty() {
        return;
    }
    b.open("<metadata>");
    b.open(&format!("<esx:vmx xmlns:esx=\"{VMX_NS_URI}\">"));
    for d in dropped {
        let head = format!(
            "<esx:dropped device=\"{}\" reason=\"{}\"",
            esc_attr_libxml(&d.device),
            esc_attr_libxml(&d.reason)
        );
        if d.entries.is_empty() {
            b.line(&format!("{head}/>"));
            continue;
        }
        b.open(&format!("{head}>"));
        for (k, v) in &d.entries {
            b.line(&format!(
                "<esx:entry key=\"{}\" value=\"{}\"/>",
                esc_attr_libxml(k),
                esc_attr_libxml(v)
            ));
        }
        b.close("</esx:dropped>");
    }
    b.close("</esx:vmx>");
    b.close("</metadata>");
}

fn format_disk(b: &mut Buf, d: &DiskDef) {
    b.open(&format!(
        "<disk type='{}' device='{}'>",
        d.src_type.as_str(),
        d.device.as_str()
    ));
    if d.driver_name.is_some() || d.driver_type.is_some() || d.cache.is_some() {
        let mut s = String::from("<driver");
        if let Some(n) = &d.driver_name {
            s.push_str(&format!(" name='{}'", esc(n)));
        }
        if let Some(t) = &d.driver_type {
            s.push_str(&format!(" type='{}'", esc(t)));
        }
        if let Some(c) = &d.cache {
            s.push_str(&format!(" cache='{}'", esc(c)));
        }
        s.push_str("/>");
        b.line(&s);
    }
    let attr = match d.src_type {
        StorageType::Block => "dev",
        StorageType::Dir => "dir",
        _ => "file",
    };
    if d.source.is_some() || d.startup_policy.is_some() {
        let mut s = String::from("<source");
        if let Some(src) = &d.source {
            s.push_str(&format!(" {attr}='{}'", esc(src)));
        }
        if let Some(p) = &d.startup_policy {
            s.push_str(&format!(" startupPolicy='{}'", esc(p)));
        }
        s.push_str("/>");
        b.line(&s);
    }
    b.line(&format!(
        "<target dev='{}' bus='{}'/>",
        esc(&d.dst),
        d.bus.as_str()
    ));
    if d.readonly {
        b.line("<readonly/>");
    }
    if d.shareable {
        b.line("<shareable/>");
    }
    if d.transient {
        b.line("<transient/>");
    }
    if let Some(a) = &d.address {
        b.line(&format!(
            "<address type='drive' controller='{}' bus='{}' target='{}' unit='{}'/>",
            a.controller, a.bus, a.target, a.unit
        ));
    }
    b.close("</disk>");
}

fn format_net(b: &mut Buf, n: &NetDef) {
    b.open(&format!("<interface type='{}'>", esc(n.net_type.as_str())));
    let mut mac = format!("<mac address='{}'", mac_to_string(&n.mac));
    if let Some(t) = &n.mac_type {
        mac.push_str(&format!(" type='{}'", esc(t)));
    }
    if let Some(c) = n.mac_check {
        mac.push_str(if c { " check='yes'" } else { " check='no'" });
    }
    mac.push_str("/>");
    b.line(&mac);
    match &n.net_type {
        NetType::Bridge => {
            if let Some(br) = &n.bridge {
                b.line(&format!("<source bridge='{}'/>", esc(br)));
            }
        }
        NetType::Network => {
            if let Some(n) = &n.network {
                b.line(&format!("<source network='{}'/>", esc(n)));
            }
        }
        NetType::Vds => {
            let mut s = format!(
                "<source switchid='{}' portid='{}'",
                uuid_to_string(&n.vds_switch_id),
                n.vds_port_id
            );
            if let Some(pg) = &n.vds_portgroup_id {
                s.push_str(&format!(" portgroupid='{}'", esc(pg)));
            }
            s.push_str(&format!(" connectionid='{}'/>", n.vds_connection_id));
            b.line(&s);
        }
        _ => {}
    }
    if let Some(ifname) = &n.ifname {
        b.line(&format!("<target dev='{}'/>", esc(ifname)));
    }
    if let Some(m) = &n.model {
        b.line(&format!("<model type='{}'/>", esc(m)));
    }
    b.close("</interface>");
}

fn format_chr(b: &mut Buf, element: &str, c: &ChrDef) {
    let source = &c.source;
    b.open(&format!("<{element} type='{}'>", esc(source.type_name())));
    match source {
        ChrSource::File(p) | ChrSource::Dev(Some(p)) | ChrSource::Pipe(Some(p)) => {
            b.line(&format!("<source path='{}'/>", esc(p)));
        }
        ChrSource::Dev(None) | ChrSource::Pipe(None) => {}
        ChrSource::Tcp {
            host,
            service,
            listen,
            protocol,
        } => {
            let mut s = format!(
                "<source mode='{}'",
                if *listen { "bind" } else { "connect" }
            );
            if let Some(h) = host {
                s.push_str(&format!(" host='{}'", esc(h)));
            }
            if let Some(sv) = service {
                s.push_str(&format!(" service='{}'", esc(sv)));
            }
            s.push_str("/>");
            b.line(&s);
            b.line(&format!("<protocol type='{}'/>", esc(protocol)));
        }
        ChrSource::Null | ChrSource::Other(_) => {}
    }
    let mut t = String::from("<target");
    if let Some(tt) = &c.target_type {
        t.push_str(&format!(" type='{}'", esc(tt)));
    }
    t.push_str(&format!(" port='{}'/>", c.target_port));
    b.line(&t);
    b.close(&format!("</{element}>"));
}

fn format_graphics(b: &mut Buf, g: &GraphicsDef, opts: FormatOptions) {
    let mut s = format!("<graphics type='{}'", esc(&g.gtype));
    if g.gtype == "vnc" {
        if g.port != 0 && (!g.autoport || !opts.inactive) {
            s.push_str(&format!(" port='{}'", g.port));
        } else if g.autoport {
            s.push_str(" port='-1'");
        }
        s.push_str(if g.autoport {
            " autoport='yes'"
        } else {
            " autoport='no'"
        });
        if let Some(Some(l)) = g.listens.first() {
            s.push_str(&format!(" listen='{}'", esc(l)));
        }
        if let Some(k) = &g.keymap {
            s.push_str(&format!(" keymap='{}'", esc(k)));
        }
        if let Some(p) = g.passwd.as_ref().filter(|_| opts.secure) {
            s.push_str(&format!(" passwd='{}'", esc(p)));
        }
    }
    if g.listens.is_empty() {
        s.push_str("/>");
        b.line(&s);
    } else {
        s.push('>');
        b.open(&s);
        for l in &g.listens {
            match l {
                Some(a) => b.line(&format!("<listen type='address' address='{}'/>", esc(a))),
                None => b.line("<listen type='address'/>"),
            }
        }
        b.close("</graphics>");
    }
}
