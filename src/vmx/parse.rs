//! VMX -> domain definition, after libvirt's `virVMXParseConfig`: its output wherever libvirt
//! converts a file fully. Past it: NVMe disks, firmware `bios`, secure boot, the vTPM,
//! Workstation's connection types; and where libvirt fails on one device's value, that device
//! is left out and recorded in `DomainDef::dropped` instead (see the README).

use super::conf::{convert_to_utf8, unescape_hex, VmxConf};
use super::{err, unsupported, Context};
use crate::domxml::{
    self, index_to_disk_name, mac_parse, nvme_disk_name, uuid_parse, ChrDef, ChrSource,
    ControllerDef, CpuDef, DiskBus, DiskDef, DiskDevice, DomainDef, Dropped, FsDef, GraphicsDef,
    NetDef, NetType, ParseOptions, StorageType, TpmDef, VideoDef,
};
use crate::error::{Error, Result};

/// Why a device could not be read. libvirt 9.0 fails the whole conversion in both cases; we
/// fail only on `Fatal` (a file the server does not have, a path that cannot be resolved) and
/// leave the device out on `Value` (a value the converter does not take), with a record.
enum Fail {
    Value(Error),
    Fatal(Error),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Fail {
        Fail::Value(e)
    }
}

type DevResult<T> = std::result::Result<Option<T>, Fail>;

/// The network names that stand for the connection types of Workstation, Fusion and VMware
/// Server that name no network: `<interface type='network'><source network='hostonly'/>`.
pub const NETWORK_HOSTONLY: &str = "hostonly";
/// A bridged NIC with no `networkName` (the host's default bridge).
pub const NETWORK_BRIDGED: &str = "bridged";

/// NVMe namespaces per controller: 15 up to virtual hardware 19, 64 from 20 on.
const NVME_MAX_UNITS: u32 = 64;

struct Vmx {
    conf: VmxConf,
}

impl Vmx {
    fn string(&self, name: &str, optional: bool) -> Result<Option<String>> {
        match self.conf.get(name) {
            Some(v) => Ok(Some(v.to_string())),
            None if optional => Ok(None),
            None => Err(err(format!("Missing essential config entry '{name}'"))),
        }
    }

    fn long(&self, name: &str, default: i64, optional: bool) -> Result<i64> {
        match self.string(name, optional)? {
            None => Ok(default),
            Some(s) => {
                if s.eq_ignore_ascii_case("unlimited") {
                    Ok(-1)
                } else {
                    str_to_ll(&s).ok_or_else(|| {
                        err(format!(
                            "Config entry '{name}' must represent an integer value"
                        ))
                    })
                }
            }
        }
    }

    fn boolean(&self, name: &str, default: bool, optional: bool) -> Result<bool> {
        match self.string(name, optional)? {
            None => Ok(default),
            Some(s) => {
                if s.eq_ignore_ascii_case("true") {
                    Ok(true)
                } else if s.eq_ignore_ascii_case("false") {
                    Ok(false)
                } else {
                    Err(err(format!(
                        "Config entry '{name}' must represent a boolean value (true|false)"
                    )))
                }
            }
        }
    }

    /// The record of a left-out device (or value): its entries are the keys named `device`
    /// or starting with `device.` or `device:`, compared case-insensitively.
    fn record(&self, device: &str, e: &Error) -> Dropped {
        let lower = device.to_ascii_lowercase();
        let entries = self
            .conf
            .entries
            .iter()
            .filter(|en| {
                let k = en.key.to_ascii_lowercase();
                k == lower
                    || k.strip_prefix(&lower)
                        .is_some_and(|r| r.starts_with('.') || r.starts_with(':'))
            })
            .map(|en| (en.key.clone(), en.value.clone()))
            .collect();
        Dropped {
            device: device.to_string(),
            reason: e.str2.clone().unwrap_or_else(|| e.message.clone()),
            entries,
        }
    }

    /// A device's outcome: kept, absent, left out with a record, or the conversion's failure.
    fn lenient<T>(
        &self,
        dropped: &mut Vec<Dropped>,
        device: &str,
        r: DevResult<T>,
    ) -> Result<Option<T>> {
        match r {
            Ok(v) => Ok(v),
            Err(Fail::Fatal(e)) => Err(e),
            Err(Fail::Value(e)) => {
                dropped.push(self.record(device, &e));
                Ok(None)
            }
        }
    }

    fn uuid(&self, name: &str) -> Result<Option<[u8; 16]>> {
        match self.string(name, true)? {
            None => Ok(None),
            Some(s) => uuid_parse(&s)
                .map(Some)
                .ok_or_else(|| err(format!("Could not parse UUID from string '{s}'"))),
        }
    }
}

/// `virStrToLong_ll` with base 10: optional leading whitespace and sign, digits, nothing after.
pub(crate) fn str_to_ll(s: &str) -> Option<i64> {
    let t = s.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: i128 = digits.parse().ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// `virStrToLong_ull`: like strtoull, a leading '-' negates (wrapping).
fn str_to_ull(s: &str) -> Option<u64> {
    let t = s.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: u64 = digits.parse().ok()?;
    Some(if neg { v.wrapping_neg() } else { v })
}

fn has_case_suffix(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

const CPUMASK_LEN: u32 = 4096;

/// Converts VMX text into a domain definition.
pub fn to_domain(vmx: &str, ctx: &Context) -> Result<DomainDef> {
    to_domain_bytes(vmx.as_bytes(), ctx)
}

/// Converts VMX bytes into a domain definition, honouring the `.encoding` entry.
pub fn to_domain_bytes(vmx: &[u8], ctx: &Context) -> Result<DomainDef> {
    // Read the entries first as (lossy) UTF-8 to find the encoding, then decode for real.
    let lossy = String::from_utf8_lossy(vmx);
    let read = |text: &str| {
        if ctx.allow_duplicate_keys {
            VmxConf::parse_allowing_duplicates(text)
        } else {
            VmxConf::parse(text)
        }
    };
    let first = read(&lossy)?;
    let conf = match first.get(".encoding") {
        None => strict_utf8(vmx, first)?,
        Some(e) if e.eq_ignore_ascii_case("UTF-8") => strict_utf8(vmx, first)?,
        Some(e) => {
            let text = convert_to_utf8(e, vmx)?;
            read(&text)?
        }
    };
    parse_config(Vmx { conf }, ctx)
}

fn strict_utf8(vmx: &[u8], parsed: VmxConf) -> Result<VmxConf> {
    if std::str::from_utf8(vmx).is_err() {
        return Err(err("Could not convert from UTF-8 to UTF-8 encoding"));
    }
    Ok(parsed)
}

fn parse_config(vmx: Vmx, ctx: &Context) -> Result<DomainDef> {
    // the ethernetN indices in use (libvirt walks 0..=max; absent ones yield nothing, so
    // visiting only the present ones gives the same result without a huge loop)
    let mut ethernet_indices = std::collections::BTreeSet::new();
    for key in vmx.conf.keys() {
        if key.len() >= 8 && key.as_bytes()[..8].eq_ignore_ascii_case(b"ethernet") {
            let suffix = &key[8..];
            let digits: String = suffix.chars().take_while(|c| c.is_ascii_digit()).collect();
            let rest = &suffix[digits.len()..];
            let idx = if digits.is_empty() {
                None
            } else {
                digits.parse::<i32>().ok()
            };
            match idx {
                Some(i) if rest.starts_with('.') => {
                    ethernet_indices.insert(i as i64);
                }
                _ => {
                    return Err(err(format!(
                        "failed to parse the index of the VMX key '{key}'"
                    )))
                }
            }
        }
    }

    let mut def = DomainDef {
        virt_type: "vmware".to_string(),
        id: -1,
        ..DomainDef::default()
    };

    let config_version = vmx.long("config.version", 0, false)?;
    if config_version != 8 {
        return Err(err(format!(
            "Expecting VMX entry 'config.version' to be 8 but found {config_version}"
        )));
    }
    let hw = vmx.long("virtualHW.version", 0, false)?;
    if hw < 4 {
        return Err(err(format!(
            "Expecting VMX entry 'virtualHW.version' to be 4 or higher but found {hw}"
        )));
    }
    let scsi_bus_max_unit: u32 = if hw >= 13 { 64 } else { 16 };

    if let Some(u) = vmx.uuid("uuid.bios")? {
        def.uuid = u;
    }
    if let Some(name) = vmx.string("displayName", true)? {
        def.name = Some(
            unescape_hex(&name, b'%')
                .and_then(|n| unescape_hex(&n, b'|'))
                .ok_or_else(|| err("VMX entry 'name' contains invalid escape sequence"))?,
        );
    }

    // vm.genid + vm.genidX
    let g0 = vmx.long("vm.genid", 0, true)?;
    let g1 = vmx.long("vm.genidX", 0, true)?;
    if g0 != 0 || g1 != 0 {
        let s = format!("{:016x}{:016x}", g0 as u64, g1 as u64);
        def.genid = Some(
            uuid_parse(&s).ok_or_else(|| err(format!("Could not parse UUID from string '{s}'")))?,
        );
    }

    if let Some(a) = vmx.string("annotation", true)? {
        def.description = Some(
            unescape_hex(&a, b'|')
                .ok_or_else(|| err("VMX entry 'annotation' contains invalid escape sequence"))?,
        );
    }

    let memsize = vmx.long("memsize", 32, true)?;
    if memsize <= 0 || memsize % 4 != 0 {
        return Err(err(format!(
            "Expecting VMX entry 'memsize' to be an unsigned integer (multiple of 4) but found {memsize}"
        )));
    }
    def.memory_kib = (memsize as u64).saturating_mul(1024);
    let mut sched_mem_max = vmx.long("sched.mem.max", memsize, true)?;
    if sched_mem_max < 0 {
        sched_mem_max = memsize;
    }
    def.current_memory_kib = (sched_mem_max as u64).saturating_mul(1024);
    if def.current_memory_kib > def.memory_kib {
        def.current_memory_kib = def.memory_kib;
    }
    let mut minsize = vmx.long("sched.mem.minsize", 0, true)?;
    if minsize < 0 {
        minsize = 0;
    }
    def.min_guarantee_kib = (minsize as u64).saturating_mul(1024);
    if def.min_guarantee_kib > def.memory_kib {
        def.min_guarantee_kib = def.memory_kib;
    }

    let numvcpus = vmx.long("numvcpus", 1, true)?;
    if numvcpus <= 0 {
        return Err(err(format!(
            "Expecting VMX entry 'numvcpus' to be an unsigned integer greater than 0 but found {numvcpus}"
        )));
    }
    if numvcpus > 16384 {
        return Err(unsupported(format!(
            "requested vCPUs {numvcpus} exceeds the maximum supported"
        )));
    }
    def.vcpus_max = numvcpus as u32;
    def.vcpus_current = numvcpus as u32;

    let cores_per_socket = vmx.long("cpuid.coresPerSocket", 1, true)?;
    if cores_per_socket > 1 {
        let sockets = numvcpus / cores_per_socket;
        if sockets <= 0 {
            return Err(err(
                "VMX entry 'cpuid.coresPerSocket' smaller than 'numvcpus'",
            ));
        }
        def.cpu = Some(CpuDef {
            mode: "custom".to_string(),
            sockets: sockets as u32,
            dies: 1,
            cores: u32::try_from(cores_per_socket).unwrap_or(u32::MAX),
            threads: 1,
        });
    }

    if let Some(aff) = vmx.string("sched.cpu.affinity", true)? {
        if !aff.eq_ignore_ascii_case("all") {
            let parts: Vec<&str> = aff.split(',').collect();
            if (parts.len() as i64) < numvcpus {
                return Err(err(format!(
                    "Expecting VMX entry 'sched.cpu.affinity' to contain at least as many values as 'numvcpus' ({numvcpus}) but found only {} value(s)",
                    parts.len()
                )));
            }
            let mut set = std::collections::BTreeSet::new();
            for p in parts {
                let t = p.trim_matches(|c: char| c.is_ascii_whitespace());
                let n = if !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()) {
                    t.parse::<u64>().ok()
                } else {
                    None
                };
                let n = n.ok_or_else(|| {
                    err(format!(
                        "Expecting VMX entry 'sched.cpu.affinity' to be a comma separated list of unsigned integers but found '{aff}'"
                    ))
                })?;
                if n >= CPUMASK_LEN as u64 {
                    return Err(err(format!(
                        "VMX entry 'sched.cpu.affinity' contains a {}, this value is too large",
                        n as u32 as i32
                    )));
                }
                set.insert(n as u32);
            }
            def.cpumask = Some(set.into_iter().collect());
        }
    }

    if let Some(sh) = vmx.string("sched.cpu.shares", true)? {
        let vcpus = def.vcpus_current as u64;
        def.cpu_shares = Some(if sh.eq_ignore_ascii_case("low") {
            vcpus * 500
        } else if sh.eq_ignore_ascii_case("normal") {
            vcpus * 1000
        } else if sh.eq_ignore_ascii_case("high") {
            vcpus * 2000
        } else {
            str_to_ull(&sh).ok_or_else(|| {
                err(format!(
                    "Expecting VMX entry 'sched.cpu.shares' to be an unsigned integer or 'low', 'normal' or 'high' but found '{sh}'"
                ))
            })?
        });
    }

    def.on_reboot = "restart".to_string();
    def.on_poweroff = "destroy".to_string();
    def.on_crash = "destroy".to_string();
    def.clock_offset = "utc".to_string();
    def.os.os_type = "hvm".to_string();
    let guest_os = vmx.string("guestOS", true)?;
    def.os.arch = match guest_os {
        Some(g) if g.ends_with("-64") => "x86_64".to_string(),
        _ => "i686".to_string(),
    };
    if vmx.boolean("smbios.reflecthost", false, true)? {
        def.os.smbios_mode = Some("host".to_string());
    }

    let mut dropped: Vec<Dropped> = Vec::new();

    // graphics
    if let Some(g) = vmx.lenient(&mut dropped, "RemoteDisplay.vnc", parse_vnc(&vmx))? {
        def.graphics.push(g);
    }

    // SCSI disks
    let mut scsi_virtual_dev: [Option<String>; 4] = [None, None, None, None];
    for controller in 0..4u32 {
        let name = format!("scsi{controller}");
        let present = vmx.lenient(
            &mut dropped,
            &name,
            vmx.boolean(&format!("{name}.present"), false, true)
                .map(Some)
                .map_err(Fail::Value),
        )?;
        if present != Some(true) {
            continue;
        }
        match parse_scsi_model(&vmx, controller) {
            Ok(model) => scsi_virtual_dev[controller as usize] = model,
            // a model libvirt does not know: the disks stay, on a controller of no model
            Err(e) => dropped.push(vmx.record(&format!("{name}.virtualDev"), &e)),
        }
        for unit in 0..scsi_bus_max_unit {
            if unit == 7 {
                continue;
            }
            let slot = Slot::new(DiskBus::Scsi, controller, unit);
            let disk = parse_disk_or_cdrom(&vmx, ctx, &slot, scsi_bus_max_unit);
            if let Some(d) = vmx.lenient(&mut dropped, &slot.prefix, disk)? {
                def.disks.push(d);
            }
        }
    }
    if let Some(last) = def.disks.last() {
        let max = last.address.map(|a| a.controller).unwrap_or(0);
        for c in 0..=max {
            def.controllers.push(ControllerDef {
                ctype: "scsi".to_string(),
                index: c,
                model: scsi_virtual_dev.get(c as usize).cloned().flatten(),
            });
        }
    }
    let saved = def.disks.len();

    // SATA disks
    for controller in 0..4u32 {
        let name = format!("sata{controller}");
        let present = vmx.lenient(
            &mut dropped,
            &name,
            vmx.boolean(&format!("{name}.present"), false, true)
                .map(Some)
                .map_err(Fail::Value),
        )?;
        if present != Some(true) {
            continue;
        }
        for unit in 0..30u32 {
            let slot = Slot::new(DiskBus::Sata, controller, unit);
            let disk = parse_disk_or_cdrom(&vmx, ctx, &slot, scsi_bus_max_unit);
            if let Some(d) = vmx.lenient(&mut dropped, &slot.prefix, disk)? {
                def.disks.push(d);
            }
        }
    }
    if def.disks.len() > saved {
        if let Some(last) = def.disks.last() {
            let max = last.address.map(|a| a.controller).unwrap_or(0);
            for c in 0..=max {
                if !def
                    .controllers
                    .iter()
                    .any(|x| x.ctype == "sata" && x.index == c)
                {
                    def.controllers.push(ControllerDef {
                        ctype: "sata".to_string(),
                        index: c,
                        model: None,
                    });
                }
            }
        }
    }

    // NVMe disks (libvirt 9.0 leaves them out): on the SATA bus, see `nvme_drive_address`
    for controller in 0..4u32 {
        let name = format!("nvme{controller}");
        let present = vmx.lenient(
            &mut dropped,
            &name,
            vmx.boolean(&format!("{name}.present"), false, true)
                .map(Some)
                .map_err(Fail::Value),
        )?;
        if present != Some(true) {
            continue;
        }
        for unit in 0..NVME_MAX_UNITS {
            let slot = Slot::nvme(controller, unit);
            let disk = parse_nvme_disk(&vmx, ctx, &slot, scsi_bus_max_unit);
            if let Some(d) = vmx.lenient(&mut dropped, &slot.prefix, disk)? {
                def.disks.push(d);
            }
        }
    }

    // IDE disks
    for bus in 0..2u32 {
        for unit in 0..2u32 {
            let slot = Slot::new(DiskBus::Ide, bus, unit);
            let disk = parse_disk_or_cdrom(&vmx, ctx, &slot, scsi_bus_max_unit);
            if let Some(d) = vmx.lenient(&mut dropped, &slot.prefix, disk)? {
                def.disks.push(d);
            }
        }
    }

    // floppies
    for unit in 0..2u32 {
        let slot = Slot::new(DiskBus::Fdc, 0, unit);
        let disk = parse_disk(&vmx, ctx, DiskDevice::Floppy, &slot, scsi_bus_max_unit);
        if let Some(d) = vmx.lenient(&mut dropped, &slot.prefix, disk)? {
            def.disks.push(d);
        }
    }

    // shared folders
    let hgfs_disabled = vmx.boolean("isolation.tools.hgfs.disable", true, true)?;
    if !hgfs_disabled {
        let max_num = vmx.long("sharedFolder.maxNum", 0, true)?;
        // bounded by the keys actually present: entries beyond them are absent anyway
        let max_num = max_num.min(vmx.conf.entries.len() as i64 + 1);
        for number in 0..max_num.max(0) {
            let fs = parse_filesystem(&vmx, number);
            if let Some(fs) = vmx.lenient(&mut dropped, &format!("sharedFolder{number}"), fs)? {
                def.filesystems.push(fs);
            }
        }
    }

    // NICs
    for &controller in &ethernet_indices {
        let net = parse_ethernet(&vmx, controller);
        if let Some(n) = vmx.lenient(&mut dropped, &format!("ethernet{controller}"), net)? {
            def.nets.push(n);
        }
    }

    // video
    let vram = vmx.long("svga.vramSize", 4 * 1024 * 1024, true)?;
    def.videos.push(VideoDef {
        vtype: "vmvga".to_string(),
        vram: u32::try_from(div_up_signed(vram, 1024)).unwrap_or(0),
        heads: 0,
        primary: false,
    });

    // serial ports
    for port in 0..4 {
        let chr = parse_serial(&vmx, ctx, port);
        if let Some(c) = vmx.lenient(&mut dropped, &format!("serial{port}"), chr)? {
            def.serials.push(c);
        }
    }
    // parallel ports
    for port in 0..3 {
        let chr = parse_parallel(&vmx, ctx, port);
        if let Some(c) = vmx.lenient(&mut dropped, &format!("parallel{port}"), chr)? {
            def.parallels.push(c);
        }
    }

    def.datacenter_path = ctx.datacenter_path.clone();
    def.moref = ctx.moref.clone();

    if let Some(fw) = vmx.string("firmware", true)? {
        if fw == "efi" || fw.eq_ignore_ascii_case("efi") {
            def.os.firmware = Some("efi".to_string());
        } else if fw.eq_ignore_ascii_case("bios") {
            // libvirt 9.0 fails on the value VMware writes for BIOS VMs
            def.os.firmware = Some("bios".to_string());
        } else {
            let e = err(format!("VMX entry 'firmware' has unknown value '{fw}'"));
            dropped.push(vmx.record("firmware", &e));
        }
    }
    // secure boot and the vTPM, which libvirt 9.0 does not read
    match vmx.boolean("uefi.secureBoot.enabled", false, true) {
        Ok(true) if def.os.firmware.as_deref() == Some("efi") => def
            .os
            .firmware_features
            .push(("secure-boot".to_string(), true)),
        Ok(_) => {}
        Err(e) => dropped.push(vmx.record("uefi.secureBoot.enabled", &e)),
    }
    match vmx.boolean("vtpm.present", false, true) {
        Ok(true) => def.tpms.push(TpmDef {
            model: Some("tpm-crb".to_string()),
            backend: "emulator".to_string(),
            version: Some("2.0".to_string()),
        }),
        Ok(false) => {}
        Err(e) => dropped.push(vmx.record("vtpm", &e)),
    }
    def.dropped = dropped;

    let mut opts = ParseOptions::with_seed(0);
    opts.scsi_bus_max_unit = scsi_bus_max_unit;
    domxml::post_parse(&mut def, &opts)?;
    Ok(def)
}

fn div_up_signed(v: i64, d: i64) -> i64 {
    // VIR_DIV_UP on a long long: (v + d - 1) / d
    v.saturating_add(d - 1) / d
}

fn parse_vnc(vmx: &Vmx) -> DevResult<GraphicsDef> {
    if !vmx.boolean("RemoteDisplay.vnc.enabled", false, true)? {
        return Ok(None);
    }
    let port = vmx.long("RemoteDisplay.vnc.port", -1, true)?;
    let listen = vmx.string("RemoteDisplay.vnc.ip", true)?;
    let keymap = vmx.string("RemoteDisplay.vnc.keymap", true)?;
    let passwd = vmx.string("RemoteDisplay.vnc.password", true)?;
    let (port, autoport) = if port < 0 {
        (0, true)
    } else {
        (i32::try_from(port).unwrap_or(port as i32), false)
    };
    Ok(Some(GraphicsDef {
        gtype: "vnc".to_string(),
        port,
        autoport,
        listens: vec![listen],
        keymap,
        passwd,
    }))
}

/// A present SCSI controller's model.
fn parse_scsi_model(vmx: &Vmx, controller: u32) -> Result<Option<String>> {
    let name = format!("scsi{controller}.virtualDev");
    match vmx.string(&name, true)? {
        None => Ok(None),
        Some(v) => {
            let lower = v.to_ascii_lowercase();
            let model = match lower.as_str() {
                "buslogic" => "buslogic",
                "lsilogic" => "lsilogic",
                "lsisas1068" => "lsisas1068",
                "pvscsi" => "vmpvscsi",
                _ => {
                    return Err(err(format!(
                        "Expecting VMX entry '{name}' to be 'buslogic' or 'lsilogic' or 'lsisas1068' or 'pvscsi' but found '{lower}'"
                    )))
                }
            };
            Ok(Some(model.to_string()))
        }
    }
}

/// A disk slot: its VMX prefix (`scsi0:1`, `nvme0:0`, `floppy0`) and libvirt target name.
struct Slot {
    bus: DiskBus,
    prefix: String,
    dst: String,
}

impl Slot {
    fn new(bus: DiskBus, controller_or_bus: u32, unit: u32) -> Slot {
        let (prefix, dst) = match bus {
            DiskBus::Scsi => (
                format!("scsi{controller_or_bus}:{unit}"),
                index_to_disk_name(
                    controller_or_bus * 15 + if unit < 7 { unit } else { unit - 1 },
                    "sd",
                ),
            ),
            DiskBus::Sata => (
                format!("sata{controller_or_bus}:{unit}"),
                index_to_disk_name(controller_or_bus * 30 + unit, "sd"),
            ),
            DiskBus::Ide => (
                format!("ide{controller_or_bus}:{unit}"),
                index_to_disk_name(controller_or_bus * 2 + unit, "hd"),
            ),
            _ => (format!("floppy{unit}"), index_to_disk_name(unit, "fd")),
        };
        Slot { bus, prefix, dst }
    }

    fn nvme(controller: u32, unit: u32) -> Slot {
        Slot {
            bus: DiskBus::Sata,
            prefix: format!("nvme{controller}:{unit}"),
            dst: nvme_disk_name(controller, unit),
        }
    }
}

/// The hard disk at a slot, else the CD-ROM there.
fn parse_disk_or_cdrom(
    vmx: &Vmx,
    ctx: &Context,
    slot: &Slot,
    scsi_bus_max_unit: u32,
) -> DevResult<DiskDef> {
    match parse_disk(vmx, ctx, DiskDevice::Disk, slot, scsi_bus_max_unit)? {
        Some(d) => Ok(Some(d)),
        None => parse_disk(vmx, ctx, DiskDevice::Cdrom, slot, scsi_bus_max_unit),
    }
}

/// The NVMe namespace at a slot: a hard disk, the only device VMware puts there.
fn parse_nvme_disk(
    vmx: &Vmx,
    ctx: &Context,
    slot: &Slot,
    scsi_bus_max_unit: u32,
) -> DevResult<DiskDef> {
    let disk = parse_disk(vmx, ctx, DiskDevice::Disk, slot, scsi_bus_max_unit)?;
    if disk.is_none()
        && vmx.boolean(&format!("{}.present", slot.prefix), false, true)?
        && !vmx.boolean(&format!("{}.clientDevice", slot.prefix), false, true)?
        && vmx
            .string(&format!("{}.fileName", slot.prefix), true)?
            .is_some()
    {
        return Err(Fail::Value(err(format!(
            "VMX entry '{}.fileName' is not a hard disk image, the only device an NVMe controller takes",
            slot.prefix
        ))));
    }
    Ok(disk)
}

fn parse_disk(
    vmx: &Vmx,
    ctx: &Context,
    device: DiskDevice,
    slot: &Slot,
    scsi_bus_max_unit: u32,
) -> DevResult<DiskDef> {
    let bus = slot.bus;
    let prefix = &slot.prefix;
    let dst = slot.dst.clone();
    match (device, bus) {
        (DiskDevice::Disk | DiskDevice::Cdrom, DiskBus::Scsi | DiskBus::Sata | DiskBus::Ide)
        | (DiskDevice::Floppy, DiskBus::Fdc) => {}
        _ => {
            return Err(Fail::Value(unsupported(format!(
                "Unsupported bus type '{}' for device type '{}'",
                bus.as_str(),
                device.as_str()
            ))))
        }
    }
    let mut disk = DiskDef {
        device,
        bus,
        dst,
        ..DiskDef::default()
    };
    let present_name = format!("{prefix}.present");
    let start_connected_name = format!("{prefix}.startConnected");
    let device_type_name = format!("{prefix}.deviceType");
    let client_device_name = format!("{prefix}.clientDevice");
    let file_type_name = format!("{prefix}.fileType");
    let file_name_name = format!("{prefix}.fileName");
    let write_through_name = format!("{prefix}.writeThrough");
    let mode_name = format!("{prefix}.mode");

    let present = vmx.boolean(&present_name, false, true)?;
    let _start_connected = vmx.boolean(&start_connected_name, true, true)?;
    if !present {
        return Ok(None);
    }
    let device_type = vmx.string(&device_type_name, true)?;
    let client_device = vmx.boolean(&client_device_name, false, true)?;
    let mode = vmx.string(&mode_name, true)?;
    if client_device {
        return Ok(None);
    }
    let file_type = vmx.string(&file_type_name, true)?;
    let file_name = vmx.string(&file_name_name, true)?;
    let write_through = vmx.boolean(&write_through_name, false, true)?;

    let dt_is = |s: &str| {
        device_type
            .as_deref()
            .map(|d| d.eq_ignore_ascii_case(s))
            .unwrap_or(false)
    };
    let unknown = || {
        err(format!(
            "Invalid or not yet handled value '{}' for VMX entry '{}' for device type '{}'",
            file_name.as_deref().unwrap_or("<null>"),
            file_name_name,
            device_type.as_deref().unwrap_or("unknown")
        ))
    };

    match device {
        DiskDevice::Disk => {
            let fname = match &file_name {
                None => return Ok(None),
                Some(f) => f,
            };
            if has_case_suffix(fname, ".iso")
                || fname == "emptyBackingString"
                || dt_is("atapi-cdrom")
                || dt_is("cdrom-raw")
                || dt_is("cdrom-image")
                || (dt_is("scsi-passthru") && fname.starts_with("/vmfs/devices/cdrom/"))
            {
                return Ok(None);
            } else if has_case_suffix(fname, ".vmdk") {
                if let Some(dt) = &device_type {
                    if bus == DiskBus::Scsi
                        && !dt.eq_ignore_ascii_case("scsi-hardDisk")
                        && !dt.eq_ignore_ascii_case("disk")
                    {
                        return Err(Fail::Fatal(err(format!(
                            "Expecting VMX entry '{device_type_name}' to be 'scsi-hardDisk' or 'disk' but found '{dt}'"
                        ))));
                    } else if bus == DiskBus::Ide
                        && !dt.eq_ignore_ascii_case("ata-hardDisk")
                        && !dt.eq_ignore_ascii_case("disk")
                    {
                        return Err(Fail::Fatal(err(format!(
                            "Expecting VMX entry '{device_type_name}' to be 'ata-hardDisk' or 'disk' but found '{dt}'"
                        ))));
                    }
                }
                disk.src_type = StorageType::File;
                disk.source = ctx
                    .resolver
                    .parse_file_name(fname, false)
                    .map_err(Fail::Fatal)?;
                if write_through {
                    disk.cache = Some("writethrough".to_string());
                }
                if let Some(m) = &mode {
                    disk.transient = m.eq_ignore_ascii_case("independent-nonpersistent");
                }
            } else if dt_is("scsi-passthru") {
                // a generic SCSI device (tape, changer) passed through: no data of the VM's
                return Err(Fail::Value(unknown()));
            } else {
                // a hard disk the converter cannot read stays a failure: an importer must not
                // take the VM without it
                return Err(Fail::Fatal(unknown()));
            }
        }
        DiskDevice::Cdrom => {
            disk.readonly = true;
            if file_name
                .as_deref()
                .map(|f| has_case_suffix(f, ".vmdk"))
                .unwrap_or(false)
            {
                return Ok(None);
            } else if let Some(f) = file_name.as_deref().filter(|f| has_case_suffix(f, ".iso")) {
                if let Some(dt) = &device_type {
                    if !dt.eq_ignore_ascii_case("cdrom-image") {
                        return Err(Fail::Value(err(format!(
                            "Expecting VMX entry '{device_type_name}' to be 'cdrom-image' but found '{dt}'"
                        ))));
                    }
                }
                disk.src_type = StorageType::File;
                disk.source = ctx.resolver.parse_file_name(f, true).map_err(Fail::Fatal)?;
            } else if dt_is("atapi-cdrom") || dt_is("cdrom-raw") {
                if dt_is("cdrom-raw") {
                    disk.device = DiskDevice::Lun;
                }
                disk.src_type = StorageType::Block;
                match &file_name {
                    Some(f) if f.eq_ignore_ascii_case("auto detect") => {
                        disk.source = None;
                        disk.startup_policy = Some("optional".to_string());
                    }
                    other => disk.source = other.clone(),
                }
            } else if bus == DiskBus::Scsi && dt_is("scsi-passthru") {
                match &file_name {
                    Some(f) if f.starts_with("/vmfs/devices/cdrom/") => {
                        disk.device = DiskDevice::Lun;
                        disk.src_type = StorageType::Block;
                        disk.source = Some(f.clone());
                    }
                    _ => return Ok(None),
                }
            } else if file_name.as_deref() == Some("emptyBackingString") {
                if let Some(dt) = &device_type {
                    if !dt.eq_ignore_ascii_case("cdrom-image") {
                        return Err(Fail::Value(err(format!(
                            "Expecting VMX entry '{device_type_name}' to be 'cdrom-image' but found '{dt}'"
                        ))));
                    }
                }
                disk.src_type = StorageType::File;
                disk.source = None;
            } else {
                return Err(Fail::Value(unknown()));
            }
        }
        DiskDevice::Floppy => {
            let ft = file_type.as_deref();
            if ft
                .map(|f| f.eq_ignore_ascii_case("device"))
                .unwrap_or(false)
            {
                disk.src_type = StorageType::Block;
                disk.source = file_name.clone();
            } else if ft.map(|f| f.eq_ignore_ascii_case("file")).unwrap_or(false) {
                disk.src_type = StorageType::File;
                if let Some(f) = &file_name {
                    disk.source = ctx
                        .resolver
                        .parse_file_name(f, false)
                        .map_err(Fail::Fatal)?;
                }
            } else {
                return Err(Fail::Value(unknown()));
            }
        }
        DiskDevice::Lun => {
            return Err(Fail::Value(unsupported(format!(
                "Unsupported device type '{}'",
                device.as_str()
            ))))
        }
    }

    disk.address =
        domxml::assign_drive_address(&disk.dst, disk.bus, scsi_bus_max_unit).map_err(|_| {
            err(format!(
                "Could not assign address to disk '{}'",
                disk.source.as_deref().unwrap_or("<null>")
            ))
        })?;
    Ok(Some(disk))
}

fn parse_filesystem(vmx: &Vmx, number: i64) -> DevResult<FsDef> {
    let prefix = format!("sharedFolder{number}");
    let present = vmx.boolean(&format!("{prefix}.present"), false, true)?;
    let enabled = vmx.boolean(&format!("{prefix}.enabled"), false, true)?;
    if !(present && enabled) {
        return Ok(None);
    }
    let host_path = vmx
        .string(&format!("{prefix}.hostPath"), false)?
        .unwrap_or_default();
    let guest_name = vmx
        .string(&format!("{prefix}.guestName"), false)?
        .unwrap_or_default();
    let write_access = vmx.boolean(&format!("{prefix}.writeAccess"), false, true)?;
    Ok(Some(FsDef {
        fs_type: "mount".to_string(),
        accessmode: None,
        source: host_path,
        target: guest_name,
        readonly: !write_access,
    }))
}

fn parse_ethernet(vmx: &Vmx, controller: i64) -> DevResult<NetDef> {
    let prefix = format!("ethernet{controller}");
    let n = |s: &str| format!("{prefix}.{s}");
    let present = vmx.boolean(&n("present"), false, true)?;
    let _start_connected = vmx.boolean(&n("startConnected"), true, true)?;
    if !present {
        return Ok(None);
    }
    let mut net = NetDef::default();
    let connection_type = vmx.string(&n("connectionType"), true)?;
    let address_type = vmx.string(&n("addressType"), true)?;
    let generated_address = vmx.string(&n("generatedAddress"), true)?;
    let address = vmx.string(&n("address"), true)?;
    let check_mac = vmx.string(&n("checkMACAddress"), true)?;

    match address_type.as_deref() {
        None => {
            if let Some(g) = &generated_address {
                net.mac = mac_parse(g).ok_or_else(|| {
                    err(format!(
                        "Expecting VMX entry '{}' to be MAC address but found '{g}'",
                        n("generatedAddress")
                    ))
                })?;
            }
        }
        Some(a) if a.eq_ignore_ascii_case("generated") || a.eq_ignore_ascii_case("vpx") => {
            if let Some(g) = &generated_address {
                net.mac = mac_parse(g).ok_or_else(|| {
                    err(format!(
                        "Expecting VMX entry '{}' to be MAC address but found '{g}'",
                        n("generatedAddress")
                    ))
                })?;
            }
            net.mac_type = Some("generated".to_string());
        }
        Some(a) if a.eq_ignore_ascii_case("static") => {
            if let Some(g) = &address {
                net.mac = mac_parse(g).ok_or_else(|| {
                    err(format!(
                        "Expecting VMX entry '{}' to be MAC address but found '{g}'",
                        n("address")
                    ))
                })?;
            }
            net.mac_type = Some("static".to_string());
        }
        Some(a) => {
            return Err(Fail::Value(err(format!(
                "Expecting VMX entry '{}' to be 'generated' or 'static' or 'vpx' but found '{a}'",
                n("addressType")
            ))))
        }
    }
    if let Some(c) = &check_mac {
        net.mac_check = Some(c == "true");
    }

    let virtual_dev = vmx.string(&n("virtualDev"), true)?;
    let features = vmx.long(&n("features"), 0, true)?;
    if let Some(vd) = &virtual_dev {
        let model = if vd.eq_ignore_ascii_case("vlance") {
            "vlance"
        } else if vd.eq_ignore_ascii_case("vmxnet") {
            if features == 15 {
                "vmxnet2"
            } else {
                "vmxnet"
            }
        } else if vd.eq_ignore_ascii_case("vmxnet3") {
            "vmxnet3"
        } else if vd.eq_ignore_ascii_case("e1000") {
            "e1000"
        } else if vd.eq_ignore_ascii_case("e1000e") {
            "e1000e"
        } else {
            return Err(Fail::Value(err(format!(
                "Expecting VMX entry '{}' to be 'vlance' or 'vmxnet' or 'vmxnet3' or 'e1000' or 'e1000e' but found '{vd}'",
                n("virtualDev")
            ))));
        };
        net.model = Some(model.to_string());
    }

    let ct_is = |s: &str| {
        connection_type
            .as_deref()
            .map(|c| c.eq_ignore_ascii_case(s))
            .unwrap_or(false)
    };
    // Workstation, Fusion and VMware Server name no network for bridged NICs (the host's
    // default bridge) nor for custom ones (a `vnet` only); libvirt 9.0 fails on both
    let mut network_name = None;
    if connection_type.is_none() || ct_is("bridged") || ct_is("custom") {
        network_name = vmx.string(&n("networkName"), true)?;
    }
    let mut vnet = None;
    if ct_is("custom") {
        vnet = vmx.string(&n("vnet"), false)?;
    }
    let switch_id = vmx.string(&format!("{prefix}.dvs.switchId"), true)?;

    if let Some(sw) = switch_id {
        net.net_type = NetType::Vds;
        net.vds_switch_id = uuid_parse(&sw)
            .ok_or_else(|| err(format!("Could not parse UUID from string '{sw}'")))?;
        net.vds_portgroup_id = vmx.string(&format!("{prefix}.dvs.portgroupId"), false)?;
        net.vds_port_id = vmx.long(&format!("{prefix}.dvs.portId"), 0, false)?;
        net.vds_connection_id = vmx.long(&format!("{prefix}.dvs.connectionId"), 0, false)?;
    } else if connection_type.is_none() && network_name.is_none() {
        net.net_type = NetType::Null;
    } else if connection_type.is_none() || ct_is("bridged") {
        match network_name {
            Some(name) => {
                net.net_type = NetType::Bridge;
                net.bridge = Some(name);
            }
            None => {
                net.net_type = NetType::Network;
                net.network = Some(NETWORK_BRIDGED.to_string());
            }
        }
    } else if ct_is("hostonly") {
        net.net_type = NetType::Network;
        net.network = Some(NETWORK_HOSTONLY.to_string());
    } else if ct_is("nat") {
        net.net_type = NetType::User;
    } else if ct_is("custom") {
        match network_name {
            Some(name) => {
                net.net_type = NetType::Bridge;
                net.bridge = Some(name);
                net.ifname = vnet;
            }
            None => {
                net.net_type = NetType::Network;
                net.network = vnet;
            }
        }
    } else {
        return Err(Fail::Value(err(format!(
            "Invalid value '{}' for VMX entry '{}'",
            connection_type.as_deref().unwrap_or(""),
            n("connectionType")
        ))));
    }
    Ok(Some(net))
}

/// What libvirt's `virURIParse` yields for a serial port's network URI: scheme, host, port.
fn parse_uri(s: &str) -> Option<(Option<String>, Option<String>, i32)> {
    let scheme_end = s.find(':').filter(|&i| {
        i > 0
            && s.as_bytes()[0].is_ascii_alphabetic()
            && s[..i]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.')
    });
    if s.bytes()
        .any(|c| c <= b' ' || c == b'"' || c == b'<' || c == b'>' || c >= 0x7f)
    {
        return None;
    }
    let (scheme, rest) = match scheme_end {
        Some(i) => (Some(s[..i].to_string()), &s[i + 1..]),
        None => (None, s),
    };
    // no authority: a path (or opaque part), no server and no port
    let Some(rest) = rest.strip_prefix("//") else {
        return Some((scheme, None, 0));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let hostport = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    let (host, port) = if let Some(stripped) = hostport.strip_prefix('[') {
        let (h, after) = stripped.split_once(']')?;
        let port = after.strip_prefix(':').unwrap_or("");
        (h.to_string(), port)
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p),
            None => (hostport.to_string(), ""),
        }
    };
    let port = if port.is_empty() {
        0
    } else if port.bytes().all(|c| c.is_ascii_digit()) {
        port.parse::<i32>().ok()?
    } else {
        return None;
    };
    let host = if host.is_empty() { None } else { Some(host) };
    Some((scheme, host, port))
}

fn parse_serial(vmx: &Vmx, ctx: &Context, port: i32) -> DevResult<ChrDef> {
    let prefix = format!("serial{port}");
    let n = |s: &str| format!("{prefix}.{s}");
    let present = vmx.boolean(&n("present"), false, true)?;
    let _start_connected = vmx.boolean(&n("startConnected"), true, true)?;
    if !present {
        return Ok(None);
    }
    let file_type = vmx.string(&n("fileType"), true)?;
    let file_name = vmx.string(&n("fileName"), true)?;
    let end_point = vmx.string(&n("network.endPoint"), true)?;
    let ft_is = |s: &str| {
        file_type
            .as_deref()
            .map(|f| f.eq_ignore_ascii_case(s))
            .unwrap_or(false)
    };
    let need_name = || {
        file_name.clone().ok_or_else(|| {
            err(format!(
                "Missing essential config entry '{}'",
                n("fileName")
            ))
        })
    };
    let source = if file_type.is_none() || ft_is("device") {
        ChrSource::Dev(file_name.clone())
    } else if ft_is("file") {
        let f = need_name()?;
        ChrSource::File(
            ctx.resolver
                .parse_file_name(&f, false)
                .map_err(Fail::Fatal)?
                .unwrap_or_default(),
        )
    } else if ft_is("pipe") {
        ChrSource::Pipe(file_name.clone())
    } else if ft_is("network") {
        let f = need_name()?;
        let (scheme, host, uport) =
            parse_uri(&f).ok_or_else(|| err(format!("Unable to parse URI '{f}'")))?;
        if uport == 0 {
            return Err(Fail::Value(err(format!(
                "VMX entry '{}' doesn't contain a port part",
                n("fileName")
            ))));
        }
        let protocol = match scheme.as_deref().map(|s| s.to_ascii_lowercase()) {
            None => "raw",
            Some(s) if s == "tcp" || s == "tcp4" || s == "tcp6" => "raw",
            Some(s) if s == "telnet" => "telnet",
            Some(s) if s == "telnets" => "telnets",
            Some(s) if s == "ssl" || s == "tcp+ssl" || s == "tcp4+ssl" || s == "tcp6+ssl" => "tls",
            Some(_) => {
                return Err(Fail::Value(err(format!(
                    "VMX entry '{}' contains unsupported scheme '{}'",
                    n("fileName"),
                    scheme.unwrap_or_default()
                ))))
            }
        };
        let listen = match end_point.as_deref() {
            None => true,
            Some(e) if e.eq_ignore_ascii_case("server") => true,
            Some(e) if e.eq_ignore_ascii_case("client") => false,
            Some(e) => {
                return Err(Fail::Value(err(format!(
                    "Expecting VMX entry '{}' to be 'server' or 'client' but found '{e}'",
                    n("network.endPoint")
                ))))
            }
        };
        ChrSource::Tcp {
            host,
            service: Some(uport.to_string()),
            listen,
            protocol: protocol.to_string(),
        }
    } else {
        return Err(Fail::Value(err(format!(
            "Expecting VMX entry '{}' to be 'device', 'file' or 'pipe' or 'network' but found '{}'",
            n("fileType"),
            file_type.as_deref().unwrap_or("")
        ))));
    };
    Ok(Some(ChrDef {
        source,
        target_port: port,
        target_type: None,
    }))
}

fn parse_parallel(vmx: &Vmx, ctx: &Context, port: i32) -> DevResult<ChrDef> {
    let prefix = format!("parallel{port}");
    let n = |s: &str| format!("{prefix}.{s}");
    let present = vmx.boolean(&n("present"), false, true)?;
    let _start_connected = vmx.boolean(&n("startConnected"), true, true)?;
    if !present {
        return Ok(None);
    }
    let file_type = vmx.string(&n("fileType"), false)?.unwrap_or_default();
    let file_name = vmx.string(&n("fileName"), false)?.unwrap_or_default();
    let source = if file_type.eq_ignore_ascii_case("device") {
        ChrSource::Dev(Some(file_name))
    } else if file_type.eq_ignore_ascii_case("file") {
        ChrSource::File(
            ctx.resolver
                .parse_file_name(&file_name, false)
                .map_err(Fail::Fatal)?
                .unwrap_or_default(),
        )
    } else {
        return Err(Fail::Value(err(format!(
            "Expecting VMX entry '{}' to be 'device' or 'file' but found '{file_type}'",
            n("fileType")
        ))));
    };
    Ok(Some(ChrDef {
        source,
        target_port: port,
        target_type: None,
    }))
}
