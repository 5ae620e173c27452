//! Domain definition -> VMX, after libvirt's `virVMXFormatConfig`.

use super::conf::{escape_hex, VmxWriter};
use super::guestos::guest_os_for;
use super::parse::{NETWORK_BRIDGED, NETWORK_HOSTONLY};
use super::{err, unsupported, Context};
use crate::domxml::{
    disk_name_to_index, mac_to_string, nvme_disk_slot, ChrDef, ChrSource, DiskBus, DiskDef,
    DiskDevice, DomainDef, FsDef, GraphicsDef, NetDef, NetType, StorageType, VideoDef,
};
use crate::error::Result;

fn uuid_vmx(u: &[u8; 16]) -> String {
    format!(
        "{:02x} {:02x} {:02x} {:02x} {:02x} {:02x} {:02x} {:02x}-{:02x} {:02x} {:02x} {:02x} {:02x} {:02x} {:02x} {:02x}",
        u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
        u[14], u[15]
    )
}

fn div_up(v: u64, d: u64) -> u64 {
    v.div_ceil(d)
}

/// The VMX name of a SCSI controller model (libvirt's `virVMXControllerModelSCSI`).
fn scsi_model_vmx(model: &str) -> &str {
    match model {
        "vmpvscsi" => "pvscsi",
        m => m,
    }
}

const VMX_SCSI_MODELS: [&str; 4] = ["buslogic", "lsilogic", "lsisas1068", "vmpvscsi"];

/// The virtual hardware version a domain needs for what libvirt 9.0 cannot write (SATA from
/// hardware 10, NVMe and secure boot from 13, the vTPM from 14), with what needs it.
fn needed_virtual_hw_version(def: &DomainDef) -> (i32, &'static str) {
    let mut need = (0, "");
    let mut want = |v: i32, what: &'static str| {
        if v > need.0 {
            need = (v, what);
        }
    };
    for d in &def.disks {
        if d.bus == DiskBus::Sata {
            if nvme_disk_slot(&d.dst).is_some() {
                want(13, "NVMe disks");
            } else {
                want(10, "SATA devices");
            }
        }
    }
    if def
        .os
        .firmware_features
        .iter()
        .any(|(n, on)| n == "secure-boot" && *on)
    {
        want(13, "secure boot");
    }
    if !def.tpms.is_empty() {
        want(14, "a vTPM");
    }
    need
}

/// Converts a domain definition into VMX text for `ctx.virtual_hw_version` (raised, up to
/// `ctx.max_virtual_hw_version`, where the domain has devices that need a newer one).
pub fn from_domain(def: &DomainDef, ctx: &Context) -> Result<String> {
    let mut hw = ctx.virtual_hw_version;
    let (need, what) = needed_virtual_hw_version(def);
    if need > hw {
        match ctx.max_virtual_hw_version {
            Some(max) if max < need => {
                return Err(unsupported(format!(
                    "{what} need virtual hardware version {need}, but the host runs at most version {max}"
                )))
            }
            _ => hw = need,
        }
    }
    let mut w = VmxWriter::new();
    let mut def = def.clone();

    if def.virt_type != "vmware" {
        return Err(err(format!(
            "Expecting virt type to be 'vmware' but found '{}'",
            def.virt_type
        )));
    }
    w.set(".encoding", "UTF-8");
    w.set("config.version", "8");
    w.set("virtualHW.version", &hw.to_string());

    match def.os.arch.as_str() {
        a @ ("i686" | "x86_64") => {
            let x86_64 = a == "x86_64";
            let guest_os = def
                .vmware_guest_os
                .clone()
                .or_else(|| {
                    def.libosinfo_id
                        .as_deref()
                        .and_then(|id| guest_os_for(id, x86_64))
                        .map(str::to_string)
                })
                .unwrap_or_else(|| (if x86_64 { "other-64" } else { "other" }).to_string());
            w.set("guestOS", &guest_os);
        }
        a => {
            return Err(err(format!(
                "Expecting domain XML attribute 'arch' of entry 'os/type' to be 'i686' or 'x86_64' but found '{a}'"
            )))
        }
    }
    match def.os.smbios_mode.as_deref() {
        None | Some("emulate") => {}
        Some("host") => w.set("smbios.reflecthost", "true"),
        Some(m) => return Err(unsupported(format!("Unsupported SMBIOS mode '{m}'"))),
    }
    if def.uuid == [0u8; 16] {
        w.set("uuid.action", "create");
    } else {
        w.set("uuid.bios", &uuid_vmx(&def.uuid));
    }
    let name = def
        .name
        .as_deref()
        .ok_or_else(|| err("Expecting domain XML entry 'name' to be set"))?;
    let display_name = escape_hex(&escape_hex(name, b'|', b"\""), b'%', b"/\\");
    w.set("displayName", &display_name);
    if let Some(d) = &def.description {
        w.set("annotation", &escape_hex(d, b'|', b"\""));
    }

    if ctx.strict_export_rules && !def.memory_kib.is_multiple_of(4096) {
        return Err(err(format!(
            "Expecting domain XML entry 'memory' to be an unsigned integer (multiple of 4096) but found {}",
            def.memory_kib
        )));
    }
    // memory: rounded up to a multiple of 4096 KiB, as libvirt does
    let max_balloon = div_up(def.memory_kib, 4096) * 4096;
    w.set("memsize", &(max_balloon / 1024).to_string());
    if def.current_memory_kib < max_balloon {
        w.set(
            "sched.mem.max",
            &div_up(def.current_memory_kib, 1024).to_string(),
        );
    }
    if def.min_guarantee_kib > 0 {
        w.set(
            "sched.mem.minsize",
            &div_up(def.min_guarantee_kib, 1024).to_string(),
        );
    }

    if def.vcpus_current < def.vcpus_max {
        return Err(unsupported(
            "No support for domain XML entry 'vcpu' attribute 'current'",
        ));
    }
    let maxvcpus = def.vcpus_max;
    if maxvcpus == 0 {
        return Err(err(
            "Expecting domain XML entry 'vcpu' to be greater than 0",
        ));
    }
    if ctx.strict_export_rules && hw == 4 && maxvcpus != 1 && !maxvcpus.is_multiple_of(2) {
        return Err(err(format!(
            "Expecting domain XML entry 'vcpu' to be an unsigned integer (1 or a multiple of 2) but found {maxvcpus}"
        )));
    }
    w.set("numvcpus", &maxvcpus.to_string());

    if let Some(cpu) = &def.cpu {
        if cpu.mode != "custom" {
            return Err(err(format!(
                "Expecting domain XML CPU mode 'custom' but found '{}'",
                cpu.mode
            )));
        }
        if cpu.threads != 1 {
            return Err(unsupported("Only 1 thread per core is supported"));
        }
        if cpu.dies != 1 {
            return Err(unsupported("Only 1 die per socket is supported"));
        }
        let calculated = cpu.sockets.wrapping_mul(cpu.cores);
        if calculated != maxvcpus {
            return Err(err(format!(
                "Expecting domain XML CPU sockets per core as {maxvcpus} but found {calculated}"
            )));
        }
        w.set("cpuid.coresPerSocket", &cpu.cores.to_string());
    }

    if let Some(mask) = &def.cpumask {
        if !mask.is_empty() {
            if (mask.len() as u64) < maxvcpus as u64 {
                return Err(err(format!(
                    "Expecting domain XML attribute 'cpuset' of entry 'vcpu' to contain at least {maxvcpus} CPU(s)"
                )));
            }
            let list: Vec<String> = mask.iter().map(|c| c.to_string()).collect();
            w.set("sched.cpu.affinity", &list.join(","));
        }
    }

    if let Some(shares) = def.cpu_shares {
        let vcpus = def.vcpus_current as u64;
        let v = if shares == vcpus * 500 {
            "low".to_string()
        } else if shares == vcpus * 1000 {
            "normal".to_string()
        } else if shares == vcpus * 2000 {
            "high".to_string()
        } else {
            shares.to_string()
        };
        w.set("sched.cpu.shares", &v);
    }

    for g in &def.graphics {
        match g.gtype.as_str() {
            "vnc" => format_vnc(g, &mut w),
            t => return Err(unsupported(format!("Unsupported graphics type '{t}'"))),
        }
    }

    // disks
    for i in 0..def.disks.len() {
        verify_disk_address(&def.disks[i])?;
        handle_legacy_scsi_driver_name(&mut def, i)?;
    }
    let (scsi_present, scsi_model) = gather_scsi_controllers(ctx, &mut def)?;
    let mut has_scsi = false;
    for i in 0..4 {
        if scsi_present[i] {
            has_scsi = true;
            w.set(&format!("scsi{i}.present"), "true");
            if let Some(m) = &scsi_model[i] {
                w.set(&format!("scsi{i}.virtualDev"), scsi_model_vmx(m));
            }
        }
    }
    // SATA and NVMe controllers (libvirt 9.0 writes neither): those their devices use
    let mut sata_present = [false; 4];
    let mut nvme_present = [false; 4];
    for d in &def.disks {
        if d.bus == DiskBus::Sata && d.device != DiskDevice::Floppy {
            let (bus, controller, _) = disk_name_to_slot(d, d.device.as_str())?;
            let present = if bus == "nvme" {
                &mut nvme_present
            } else {
                &mut sata_present
            };
            present[controller as usize] = true;
        }
    }
    for (name, present) in [("sata", sata_present), ("nvme", nvme_present)] {
        for (i, p) in present.iter().enumerate() {
            if *p {
                w.set(&format!("{name}{i}.present"), "true");
            }
        }
    }
    let mut floppy_present = [false, false];
    for d in &def.disks {
        match d.device {
            DiskDevice::Disk | DiskDevice::Cdrom | DiskDevice::Lun => format_disk(ctx, d, &mut w)?,
            DiskDevice::Floppy => format_floppy(ctx, d, &mut w, &mut floppy_present)?,
        }
    }
    for (i, present) in floppy_present.iter().enumerate() {
        if !present {
            w.set(&format!("floppy{i}.present"), "false");
        }
    }

    if !def.filesystems.is_empty() {
        w.set("isolation.tools.hgfs.disable", "false");
        w.set("sharedFolder.maxNum", &def.filesystems.len().to_string());
    }
    for (i, fs) in def.filesystems.iter().enumerate() {
        format_filesystem(fs, i, &mut w)?;
    }

    for (i, n) in def.nets.iter().enumerate() {
        format_ethernet(n, i, &mut w, hw)?;
    }

    if !def.videos.is_empty() {
        if def.videos.len() > 1 {
            return Err(err("No support for multiple video devices"));
        }
        format_svga(&def.videos[0], &mut w)?;
    }

    for s in &def.serials {
        format_serial(ctx, s, &mut w)?;
    }
    for p in &def.parallels {
        format_parallel(ctx, p, &mut w)?;
    }

    match def.os.firmware.as_deref() {
        Some("efi") => w.set("firmware", "efi"),
        // libvirt 9.0 writes nothing: VMware's default, but its reader then lost the value
        Some("bios") => w.set("firmware", "bios"),
        _ => {}
    }
    for (name, enabled) in &def.os.firmware_features {
        if name == "secure-boot" && *enabled {
            if def.os.firmware.as_deref() != Some("efi") {
                return Err(unsupported("Secure boot needs firmware 'efi'"));
            }
            w.set("uefi.secureBoot.enabled", "true");
        }
    }
    match def.tpms.as_slice() {
        [] => {}
        [t] => {
            if t.backend != "emulator" || t.version.as_deref() == Some("1.2") {
                return Err(unsupported(format!(
                    "Unsupported TPM backend '{}' version '{}': VMware's vTPM is a TPM 2.0 emulator",
                    t.backend,
                    t.version.as_deref().unwrap_or("default")
                )));
            }
            w.set("vtpm.present", "true");
        }
        _ => return Err(unsupported("No support for more than one TPM device")),
    }

    if hw >= 7 {
        // the SATA and NVMe controllers are PCIe devices too
        let has_pcie = sata_present.iter().chain(&nvme_present).any(|p| *p);
        if has_scsi || has_pcie {
            w.set("pciBridge0.present", "true");
            for b in 4..8 {
                w.set(&format!("pciBridge{b}.present"), "true");
                w.set(&format!("pciBridge{b}.virtualDev"), "pcieRootPort");
                w.set(&format!("pciBridge{b}.functions"), "8");
            }
        }
        w.set("vmci0.present", "true");
    }
    w.finish()
}

fn format_vnc(g: &GraphicsDef, w: &mut VmxWriter) {
    w.set("RemoteDisplay.vnc.enabled", "true");
    if !g.autoport {
        w.set("RemoteDisplay.vnc.port", &g.port.to_string());
    }
    if let Some(Some(l)) = g.listens.first() {
        w.set("RemoteDisplay.vnc.ip", l);
    }
    if let Some(k) = &g.keymap {
        w.set("RemoteDisplay.vnc.keymap", k);
    }
    if let Some(p) = &g.passwd {
        w.set("RemoteDisplay.vnc.password", p);
    }
}

/// `virVMXVerifyDiskAddress`, which also takes SATA and NVMe devices (libvirt 9.0 refuses
/// them): the address must be the one their target name gives.
fn verify_disk_address(d: &DiskDef) -> Result<()> {
    let a = match (&d.address, &d.other_address_type) {
        (Some(a), _) => *a,
        (None, Some(t)) => return Err(unsupported(format!("Unsupported disk address type '{t}'"))),
        (None, None) => return Err(unsupported("Unsupported disk address type 'none'")),
    };
    let expected = crate::domxml::assign_drive_address(&d.dst, d.bus, 16)
        .map_err(|_| err("Could not verify disk address"))?;
    if let Some(e) = expected {
        if e.controller != a.controller || e.bus != a.bus || e.unit != a.unit {
            return Err(err(format!(
                "Disk address {}:{}:{} doesn't match target device '{}'",
                a.controller, a.bus, a.unit, d.dst
            )));
        }
    } else if a.controller != 0 || a.bus != 0 || a.unit != 0 {
        return Err(err(format!(
            "Disk address {}:{}:{} doesn't match target device '{}'",
            a.controller, a.bus, a.unit, d.dst
        )));
    }
    match d.bus {
        DiskBus::Scsi => {
            if a.controller > 3 {
                return Err(err(format!(
                    "SCSI controller index {} out of [0..3] range",
                    a.controller
                )));
            }
            if a.bus != 0 {
                return Err(err(format!("SCSI bus index {} out of [0] range", a.bus)));
            }
            if a.unit > 15 || a.unit == 7 {
                return Err(err(format!(
                    "SCSI unit index {} out of [0..6,8..15] range",
                    a.unit
                )));
            }
        }
        DiskBus::Ide => {
            if a.controller != 0 {
                return Err(err(format!(
                    "IDE controller index {} out of [0] range",
                    a.controller
                )));
            }
            if a.bus > 1 {
                return Err(err(format!("IDE bus index {} out of [0..1] range", a.bus)));
            }
            if a.unit > 1 {
                return Err(err(format!(
                    "IDE unit index {} out of [0..1] range",
                    a.unit
                )));
            }
        }
        // the slot comes from the name (checked there); the address is the one it gives
        DiskBus::Sata => {
            if a.bus != 0 {
                return Err(err(format!("SATA bus index {} out of [0] range", a.bus)));
            }
        }
        DiskBus::Fdc => {
            if a.controller != 0 {
                return Err(err(format!(
                    "FDC controller index {} out of [0] range",
                    a.controller
                )));
            }
            if a.bus != 0 {
                return Err(err(format!("FDC bus index {} out of [0] range", a.bus)));
            }
            if a.unit > 1 {
                return Err(err(format!(
                    "FDC unit index {} out of [0..1] range",
                    a.unit
                )));
            }
        }
        b => {
            return Err(unsupported(format!(
                "Unsupported bus type '{}'",
                b.as_str()
            )))
        }
    }
    Ok(())
}

/// `virVMXHandleLegacySCSIDiskDriverName`: `<driver name='lsilogic'/>` on a SCSI disk sets its
/// controller's model.
fn handle_legacy_scsi_driver_name(def: &mut DomainDef, i: usize) -> Result<()> {
    let disk = &def.disks[i];
    let driver = match (&disk.driver_name, disk.bus) {
        (Some(d), DiskBus::Scsi) => d.clone(),
        _ => return Ok(()),
    };
    let lower = driver.to_ascii_lowercase();
    if !crate::domxml::parse_scsi_model_name(&lower) {
        return Err(err(format!("Unknown driver name '{driver}'")));
    }
    let idx = disk.address.map(|a| a.controller).unwrap_or(0);
    let ctrl = def
        .controllers
        .iter_mut()
        .find(|c| c.index == idx)
        .ok_or_else(|| err(format!("Missing SCSI controller for index {idx}")))?;
    match &ctrl.model {
        None => ctrl.model = Some(lower),
        Some(m) if *m == lower => {}
        Some(m) => {
            return Err(err(format!(
                "Inconsistent SCSI controller model ('{driver}' is not '{m}') for SCSI controller index {idx}"
            )))
        }
    }
    Ok(())
}

/// `virVMXGatherSCSIControllers`: which SCSI controllers have disks, and their models
/// (detected through the resolver where the model is `auto`).
fn gather_scsi_controllers(
    ctx: &Context,
    def: &mut DomainDef,
) -> Result<([bool; 4], [Option<String>; 4])> {
    let mut present = [false; 4];
    let mut models: [Option<String>; 4] = [None, None, None, None];
    for ci in 0..def.controllers.len() {
        if def.controllers[ci].ctype != "scsi" {
            continue;
        }
        let idx = def.controllers[ci].index;
        let attached: Vec<&DiskDef> = def
            .disks
            .iter()
            .filter(|d| d.bus == DiskBus::Scsi && d.address.map(|a| a.controller) == Some(idx))
            .collect();
        if attached.is_empty() {
            continue;
        }
        if def.controllers[ci].model.as_deref() == Some("auto") {
            let mut detected: Vec<Option<String>> = Vec::new();
            for d in &attached {
                detected.push(ctx.resolver.autodetect_scsi_controller_model(d)?);
            }
            if detected.iter().any(|m| *m != detected[0]) {
                return Err(err(format!(
                    "Disks on SCSI controller {idx} have inconsistent controller models, cannot autodetect model"
                )));
            }
            if let Some(Some(m)) = detected.first() {
                def.controllers[ci].model = Some(m.clone());
            }
        }
        let model = def.controllers[ci].model.clone();
        if let Some(m) = &model {
            if !VMX_SCSI_MODELS.contains(&m.as_str()) {
                return Err(err(format!(
                    "Expecting domain XML attribute 'model' of entry 'controller' to be 'buslogic' or 'lsilogic' or 'lsisas1068' or 'vmpvscsi' but found '{m}'"
                )));
            }
        }
        // libvirt indexes fixed arrays of 4 here; the disks' addresses were checked already
        let slot = idx as usize;
        if slot < 4 {
            present[slot] = true;
            models[slot] = model;
        }
    }
    Ok((present, models))
}

/// `virVMXSCSIDiskNameToControllerAndUnit` and friends.
fn disk_name_to_slot(d: &DiskDef, device: &str) -> Result<(&'static str, u32, u32)> {
    let prefix_err = |p: &str| {
        err(format!(
            "Expecting domain XML attribute 'dev' of entry 'devices/disk/target' to start with '{p}'"
        ))
    };
    let idx_err = || err(format!("Could not parse valid disk index from '{}'", d.dst));
    match d.bus {
        DiskBus::Scsi => {
            if !d.dst.starts_with("sd") {
                return Err(prefix_err("sd"));
            }
            let idx = disk_name_to_index(&d.dst).ok_or_else(idx_err)?;
            if idx >= 4 * 15 {
                return Err(err(format!(
                    "SCSI disk index (parsed from '{}') is too large",
                    d.dst
                )));
            }
            let mut unit = idx % 15;
            if unit >= 7 {
                unit += 1;
            }
            Ok(("scsi", idx / 15, unit))
        }
        DiskBus::Ide => {
            if !d.dst.starts_with("hd") {
                return Err(prefix_err("hd"));
            }
            let idx = disk_name_to_index(&d.dst).ok_or_else(idx_err)?;
            if idx >= 4 {
                return Err(err(format!(
                    "IDE disk index (parsed from '{}') is too large",
                    d.dst
                )));
            }
            Ok(("ide", idx / 2, idx % 2))
        }
        // the inverse of the names the VMX reader gives: sd[controller * 30 + unit], and
        // nvme<controller>n<unit + 1> for NVMe
        DiskBus::Sata => {
            if let Some((controller, unit)) = nvme_disk_slot(&d.dst) {
                if controller >= 4 || unit >= 64 {
                    return Err(err(format!(
                        "NVMe disk '{}' is out of nvme[0..3]:[0..63]",
                        d.dst
                    )));
                }
                if d.device != DiskDevice::Disk {
                    return Err(unsupported(format!(
                        "NVMe target '{}' can only be a hard disk",
                        d.dst
                    )));
                }
                return Ok(("nvme", controller, unit));
            }
            if !d.dst.starts_with("sd") {
                return Err(prefix_err("sd"));
            }
            let idx = disk_name_to_index(&d.dst).ok_or_else(idx_err)?;
            if idx >= 4 * 30 {
                return Err(err(format!(
                    "SATA disk index (parsed from '{}') is too large",
                    d.dst
                )));
            }
            Ok(("sata", idx / 30, idx % 30))
        }
        b => Err(unsupported(format!(
            "Unsupported bus type '{}' for {device}",
            b.as_str()
        ))),
    }
}

fn has_case_suffix(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// `virDomainDeviceTypeToString`, which libvirt's `virVMXFormatDisk` applies (by mistake) to a
/// disk's device and storage type numbers for its error messages; kept for identical messages.
fn device_type_name(n: usize) -> &'static str {
    const NAMES: [&str; 27] = [
        "none",
        "disk",
        "lease",
        "filesystem",
        "interface",
        "input",
        "sound",
        "video",
        "hostdev",
        "watchdog",
        "controller",
        "graphics",
        "hub",
        "redirdev",
        "smartcard",
        "chr",
        "memballoon",
        "nvram",
        "rng",
        "shmem",
        "tpm",
        "panic",
        "memory",
        "iommu",
        "vsock",
        "audio",
        "crypto",
    ];
    NAMES.get(n).copied().unwrap_or("")
}

fn format_disk(ctx: &Context, d: &DiskDef, w: &mut VmxWriter) -> Result<()> {
    let bus = d.bus.as_str();
    // libvirt's enum numbers: disk devices disk/cdrom/floppy/lun = 0..3; storage types
    // none/file/block/dir/network/volume/nvme/vhostuser/vdpa = 0..8
    let device = device_type_name(match d.device {
        DiskDevice::Disk => 0,
        DiskDevice::Cdrom => 1,
        DiskDevice::Floppy => 2,
        DiskDevice::Lun => 3,
    });
    let disk_type = device_type_name(match d.src_type {
        StorageType::File => 1,
        StorageType::Block => 2,
        StorageType::Dir => 3,
        StorageType::Network => 4,
        StorageType::Volume => 5,
        StorageType::Nvme => 6,
        StorageType::VhostUser => 7,
        StorageType::Vdpa => 8,
    });
    let file_ext = if d.device == DiskDevice::Disk {
        ".vmdk"
    } else {
        ".iso"
    };
    if d.src_type != StorageType::File && d.src_type != StorageType::Block {
        return Err(unsupported(format!(
            "{bus} {device} '{}' has unsupported type '{disk_type}', expecting 'file' or 'block'",
            d.dst
        )));
    }
    let (busname, cob, unit) = disk_name_to_slot(d, device)?;
    let vmx_device_type = match (d.device, d.src_type) {
        (DiskDevice::Disk, StorageType::File) => match d.bus {
            DiskBus::Scsi => "scsi-hardDisk",
            // ESXi writes no device type for SATA and NVMe disks
            DiskBus::Sata => "",
            _ => "ata-hardDisk",
        },
        (DiskDevice::Cdrom, StorageType::File) => "cdrom-image",
        (DiskDevice::Cdrom, _) => "atapi-cdrom",
        (DiskDevice::Lun, _) => {
            if d.bus == DiskBus::Scsi
                && d.source
                    .as_deref()
                    .map(|s| s.starts_with("/vmfs/devices/cdrom/"))
                    .unwrap_or(false)
            {
                "scsi-passthru"
            } else {
                "cdrom-raw"
            }
        }
        _ => {
            return Err(unsupported(format!(
                "{bus} {device} '{}' has an unsupported type '{disk_type}'",
                d.dst
            )))
        }
    };
    let p = format!("{busname}{cob}:{unit}");
    w.set(&format!("{p}.present"), "true");
    if !vmx_device_type.is_empty() {
        w.set(&format!("{p}.deviceType"), vmx_device_type);
    }
    if d.src_type == StorageType::File {
        let file_name = match &d.source {
            Some(src) => {
                if !has_case_suffix(src, file_ext) {
                    return Err(err(format!(
                        "Image file for {bus} {device} '{}' has unsupported suffix, expecting '{file_ext}'",
                        d.dst
                    )));
                }
                Some(ctx.resolver.format_file_name(src)?)
            }
            None if d.device == DiskDevice::Cdrom => Some("emptyBackingString".to_string()),
            None => None,
        };
        match file_name {
            Some(f) => w.set(&format!("{p}.fileName"), &f),
            None => {
                return Err(err(format!(
                    "{bus} {device} '{}' has no source file",
                    d.dst
                )))
            }
        }
    } else {
        match &d.source {
            None if d.startup_policy.as_deref() == Some("optional") => {
                w.set(&format!("{p}.autodetect"), "true");
                w.set(&format!("{p}.fileName"), "auto detect");
            }
            src => w.set(&format!("{p}.fileName"), src.as_deref().unwrap_or("")),
        }
    }
    if d.bus == DiskBus::Scsi || d.bus == DiskBus::Sata {
        match d.cache.as_deref() {
            None => {}
            Some("writethrough") => w.set(&format!("{p}.writeThrough"), "true"),
            Some(c) => {
                return Err(unsupported(format!(
                    "{bus} harddisk '{}' has unsupported cache mode '{c}'",
                    d.dst
                )))
            }
        }
    }
    if d.transient {
        w.set(&format!("{p}.mode"), "independent-nonpersistent");
    }
    Ok(())
}

fn format_floppy(
    ctx: &Context,
    d: &DiskDef,
    w: &mut VmxWriter,
    floppy_present: &mut [bool; 2],
) -> Result<()> {
    if !d.dst.starts_with("fd") {
        return Err(err(
            "Expecting domain XML attribute 'dev' of entry 'devices/disk/target' to start with 'fd'",
        ));
    }
    let idx = disk_name_to_index(&d.dst)
        .ok_or_else(|| err(format!("Could not parse valid disk index from '{}'", d.dst)))?;
    if idx >= 2 {
        return Err(err(format!(
            "Floppy disk index (parsed from '{}') is too large",
            d.dst
        )));
    }
    floppy_present[idx as usize] = true;
    w.set(&format!("floppy{idx}.present"), "true");
    match d.src_type {
        StorageType::File => {
            w.set(&format!("floppy{idx}.fileType"), "file");
            if let Some(src) = &d.source {
                let f = ctx.resolver.format_file_name(src)?;
                w.set(&format!("floppy{idx}.fileName"), &f);
            }
        }
        StorageType::Block => {
            w.set(&format!("floppy{idx}.fileType"), "device");
            if let Some(src) = &d.source {
                w.set(&format!("floppy{idx}.fileName"), src);
            }
        }
        t => {
            return Err(unsupported(format!(
                "Floppy '{}' has unsupported type '{}', expecting 'file' or 'block'",
                d.dst,
                t.as_str()
            )))
        }
    }
    Ok(())
}

fn format_filesystem(fs: &FsDef, number: usize, w: &mut VmxWriter) -> Result<()> {
    if fs.fs_type != "mount" {
        return Err(unsupported("Only 'mount' filesystem type is supported"));
    }
    let p = format!("sharedFolder{number}");
    w.set(&format!("{p}.present"), "true");
    w.set(&format!("{p}.enabled"), "true");
    w.set(&format!("{p}.readAccess"), "true");
    w.set(
        &format!("{p}.writeAccess"),
        if fs.readonly { "false" } else { "true" },
    );
    w.set(&format!("{p}.hostPath"), &fs.source);
    w.set(&format!("{p}.guestName"), &fs.target);
    Ok(())
}

const VMX_NET_MODELS: [&str; 6] = ["vlance", "vmxnet", "vmxnet2", "vmxnet3", "e1000", "e1000e"];

fn format_ethernet(n: &NetDef, controller: usize, w: &mut VmxWriter, hw: i32) -> Result<()> {
    let limit = if hw >= 7 { 9 } else { 3 };
    if controller > limit {
        return Err(err(format!(
            "Ethernet controller index {controller} out of [0..{limit}] range"
        )));
    }
    let p = format!("ethernet{controller}");
    w.set(&format!("{p}.present"), "true");

    // libvirt only knows a fixed set of models; other names are dropped silently
    if let Some(m) = n
        .model
        .as_deref()
        .filter(|m| crate::domxml::is_known_net_model(m))
    {
        if !VMX_NET_MODELS.contains(&m) {
            return Err(err(format!(
                "Expecting domain XML entry 'devices/interface/model' to be 'vlance' or 'vmxnet' or 'vmxnet2' or 'vmxnet3' or 'e1000' or 'e1000e' but found '{m}'"
            )));
        }
        if m == "vmxnet2" {
            w.set(&format!("{p}.virtualDev"), "vmxnet");
            w.set(&format!("{p}.features"), "15");
        } else {
            w.set(&format!("{p}.virtualDev"), m);
        }
    }

    match &n.net_type {
        NetType::Bridge => {
            w.set(
                &format!("{p}.networkName"),
                n.bridge.as_deref().unwrap_or(""),
            );
            match &n.ifname {
                Some(ifname) => {
                    w.set(&format!("{p}.connectionType"), "custom");
                    w.set(&format!("{p}.vnet"), ifname);
                }
                None => w.set(&format!("{p}.connectionType"), "bridged"),
            }
        }
        NetType::User => w.set(&format!("{p}.connectionType"), "nat"),
        // the connection types of Workstation, Fusion and VMware Server by their names, a
        // VMware virtual network (vmnetN) as a custom one, any other name as a port group
        NetType::Network => match n.network.as_deref().unwrap_or("") {
            NETWORK_HOSTONLY => w.set(&format!("{p}.connectionType"), "hostonly"),
            NETWORK_BRIDGED => w.set(&format!("{p}.connectionType"), "bridged"),
            "nat" => w.set(&format!("{p}.connectionType"), "nat"),
            name if is_vmnet(name) => {
                w.set(&format!("{p}.connectionType"), "custom");
                w.set(&format!("{p}.vnet"), name);
            }
            name => {
                w.set(&format!("{p}.networkName"), name);
                w.set(&format!("{p}.connectionType"), "bridged");
            }
        },
        NetType::Null => {}
        NetType::Vds => {
            w.set(&format!("{p}.dvs.switchId"), &uuid_vmx(&n.vds_switch_id));
            w.set(&format!("{p}.dvs.portId"), &n.vds_port_id.to_string());
            w.set(
                &format!("{p}.dvs.portgroupId"),
                n.vds_portgroup_id.as_deref().unwrap_or(""),
            );
            w.set(
                &format!("{p}.dvs.connectionId"),
                &n.vds_connection_id.to_string(),
            );
        }
        NetType::Other(t) => return Err(unsupported(format!("Unsupported net type '{t}'"))),
    }

    let mac = mac_to_string(&n.mac);
    let prefix = ((n.mac[0] as u32) << 16) | ((n.mac[1] as u32) << 8) | n.mac[2] as u32;
    let suffix = ((n.mac[3] as u32) << 16) | ((n.mac[4] as u32) << 8) | n.mac[5] as u32;
    let mut mac_vpx = false;
    let mut mac_check: Option<bool> = None;
    let mut generated = if prefix == 0x000c29 {
        true
    } else if prefix == 0x005056 && suffix <= 0x3fffff {
        false
    } else if prefix == 0x005056 && (0x800000..=0xbfffff).contains(&suffix) {
        mac_vpx = true;
        true
    } else {
        mac_check = Some(false);
        false
    };
    if let Some(t) = &n.mac_type {
        generated = t == "generated";
        if generated {
            mac_check = None;
        }
    }
    if n.mac_check.is_some() {
        mac_check = n.mac_check;
    }
    if generated {
        w.set(
            &format!("{p}.addressType"),
            if mac_vpx { "vpx" } else { "generated" },
        );
        w.set(&format!("{p}.generatedAddress"), &mac);
        if !mac_vpx {
            w.set(&format!("{p}.generatedAddressOffset"), "0");
        }
    } else {
        w.set(&format!("{p}.addressType"), "static");
        w.set(&format!("{p}.address"), &mac);
    }
    if let Some(c) = mac_check {
        w.set(
            &format!("{p}.checkMACAddress"),
            if c { "true" } else { "false" },
        );
    }
    Ok(())
}

/// A VMware virtual network device: `vmnetN` (Windows), `/dev/vmnetN` (Linux, macOS).
fn is_vmnet(name: &str) -> bool {
    let n = name.strip_prefix("/dev/").unwrap_or(name);
    n.len() > 5
        && n[..5].eq_ignore_ascii_case("vmnet")
        && n[5..].bytes().all(|c| c.is_ascii_digit())
}

fn format_serial(ctx: &Context, c: &ChrDef, w: &mut VmxWriter) -> Result<()> {
    let port = c.target_port;
    if !(0..=3).contains(&port) {
        return Err(err(format!("Serial port index {port} out of [0..3] range")));
    }
    let p = format!("serial{port}");
    w.set(&format!("{p}.present"), "true");
    match &c.source {
        ChrSource::Dev(path) => {
            w.set(&format!("{p}.fileType"), "device");
            if let Some(path) = path {
                w.set(&format!("{p}.fileName"), path);
            }
        }
        ChrSource::File(path) => {
            w.set(&format!("{p}.fileType"), "file");
            let f = ctx.resolver.format_file_name(path)?;
            w.set(&format!("{p}.fileName"), &f);
        }
        ChrSource::Pipe(path) => {
            w.set(&format!("{p}.fileType"), "pipe");
            w.set(&format!("{p}.pipe.endPoint"), "client");
            w.set(&format!("{p}.tryNoRxLoss"), "false");
            if let Some(path) = path {
                w.set(&format!("{p}.fileName"), path);
            }
        }
        ChrSource::Tcp {
            host,
            service,
            listen,
            protocol,
        } => {
            let proto = match protocol.as_str() {
                "raw" => "tcp",
                "telnet" => "telnet",
                "telnets" => "telnets",
                "tls" => "ssl",
                other => {
                    return Err(unsupported(format!(
                        "Unsupported character device TCP protocol '{other}'"
                    )))
                }
            };
            w.set(&format!("{p}.fileType"), "network");
            w.set(
                &format!("{p}.fileName"),
                &format!(
                    "{proto}://{}:{}",
                    // libvirt 9.0 prints a missing host as "(null)"
                    host.as_deref().unwrap_or(""),
                    service.as_deref().unwrap_or("(null)")
                ),
            );
            w.set(
                &format!("{p}.network.endPoint"),
                if *listen { "server" } else { "client" },
            );
        }
        other => {
            return Err(unsupported(format!(
                "Unsupported character device type '{}'",
                other.type_name()
            )))
        }
    }
    w.set(&format!("{p}.yieldOnMsrRead"), "true");
    Ok(())
}

fn format_parallel(ctx: &Context, c: &ChrDef, w: &mut VmxWriter) -> Result<()> {
    let port = c.target_port;
    if !(0..=2).contains(&port) {
        return Err(err(format!(
            "Parallel port index {port} out of [0..2] range"
        )));
    }
    let p = format!("parallel{port}");
    w.set(&format!("{p}.present"), "true");
    match &c.source {
        ChrSource::Dev(path) => {
            w.set(&format!("{p}.fileType"), "device");
            if let Some(path) = path {
                w.set(&format!("{p}.fileName"), path);
            }
        }
        ChrSource::File(path) => {
            w.set(&format!("{p}.fileType"), "file");
            let f = ctx.resolver.format_file_name(path)?;
            w.set(&format!("{p}.fileName"), &f);
        }
        other => {
            return Err(unsupported(format!(
                "Unsupported character device type '{}'",
                other.type_name()
            )))
        }
    }
    Ok(())
}

fn format_svga(v: &VideoDef, w: &mut VmxWriter) -> Result<()> {
    if v.vtype != "vmvga" {
        return Err(unsupported(format!(
            "Unsupported video device type '{}'",
            v.vtype
        )));
    }
    let vram = (v.vram as u64).div_ceil(64) * 64;
    if v.heads > 1 {
        return Err(unsupported("Multi-head video devices are unsupported"));
    }
    w.set("svga.vramSize", &(vram * 1024).to_string());
    Ok(())
}
