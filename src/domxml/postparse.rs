//! libvirt's post-parse steps for VMware domains (`virDomainDefPostParse` with the VMX driver's
//! callbacks): serial/parallel port numbers, drive addresses, console compatibility, implicit
//! controllers and video, video defaults, the primary video.

use super::parse::{insert_controller, xml_error};
use super::*;
use crate::error::Result;
use std::cell::Cell;

/// Options for parsing and post-parsing a domain.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// `scsiBusMaxUnit`: 16 for VMware domains (wide SCSI), 64 for VMX virtual hardware 13+.
    pub scsi_bus_max_unit: u32,
    /// State of the generator for UUIDs and MAC addresses that the XML leaves out.
    seed: Cell<u64>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        ParseOptions {
            scsi_bus_max_unit: 16,
            seed: Cell::new(nanos ^ 0x2545_f491_4f6c_dd1d),
        }
    }
}

impl ParseOptions {
    /// Options with a fixed seed for generated UUIDs and MACs (reproducible output).
    pub fn with_seed(seed: u64) -> ParseOptions {
        ParseOptions {
            seed: Cell::new(seed),
            ..ParseOptions::default()
        }
    }

    fn next(&self) -> u64 {
        // splitmix64
        let s = self.seed.get().wrapping_add(0x9e37_79b9_7f4a_7c15);
        self.seed.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A random version-4 UUID.
    pub(crate) fn random_uuid(&self) -> [u8; 16] {
        let mut u = [0u8; 16];
        u[..8].copy_from_slice(&self.next().to_be_bytes());
        u[8..].copy_from_slice(&self.next().to_be_bytes());
        u[6] = (u[6] & 0x0f) | 0x40;
        u[8] = (u[8] & 0x3f) | 0x80;
        u
    }

    /// A random MAC address with VMware's generated prefix 00:0c:29.
    pub(crate) fn random_mac(&self) -> [u8; 6] {
        let r = self.next().to_be_bytes();
        [0x00, 0x0c, 0x29, r[0], r[1], r[2]]
    }
}

/// `virDomainDiskDefAssignAddress`: the drive address libvirt derives from a target name.
pub fn assign_drive_address(
    dst: &str,
    bus: DiskBus,
    scsi_bus_max_unit: u32,
) -> Result<Option<DriveAddress>> {
    if bus == DiskBus::Sata {
        if let Some((controller, unit)) = nvme_disk_slot(dst) {
            return Ok(Some(nvme_drive_address(controller, unit)));
        }
    }
    let idx = disk_name_to_index(dst).ok_or_else(|| {
        xml_error(format!(
            "Unknown disk name '{dst}' and no address specified"
        ))
    })?;
    let a = match bus {
        DiskBus::Scsi => {
            let (controller, mut unit) = if scsi_bus_max_unit > 7 {
                let per = scsi_bus_max_unit - 1;
                (idx / per, idx % per)
            } else {
                (idx / 7, idx % 7)
            };
            if scsi_bus_max_unit > 7 && unit >= 7 {
                unit += 1;
            }
            DriveAddress {
                controller,
                bus: 0,
                target: 0,
                unit,
            }
        }
        DiskBus::Ide => DriveAddress {
            controller: idx / 4,
            bus: (idx % 4) / 2,
            target: 0,
            unit: idx % 2,
        },
        DiskBus::Sata => DriveAddress {
            controller: idx / 6,
            bus: 0,
            target: 0,
            unit: idx % 6,
        },
        DiskBus::Fdc => DriveAddress {
            controller: idx / 2,
            bus: 0,
            target: 0,
            unit: idx % 2,
        },
        _ => return Ok(None),
    };
    Ok(Some(a))
}

/// Where an NVMe disk sits in the XML: libvirt 9.0 has no NVMe bus, so NVMe controller `C`
/// shares SATA controller `C`'s index and its namespaces take the units after SATA's 30
/// (`30 + unit`), which no SATA device uses.
pub fn nvme_drive_address(controller: u32, unit: u32) -> DriveAddress {
    DriveAddress {
        controller,
        bus: 0,
        target: 0,
        unit: NVME_SATA_UNIT_BASE + unit,
    }
}

/// The first SATA unit number that stands for an NVMe namespace.
pub const NVME_SATA_UNIT_BASE: u32 = 30;

/// Applies libvirt's post-parse steps to `def`.
pub fn post_parse(def: &mut DomainDef, opts: &ParseOptions) -> Result<()> {
    if def.memory_kib == 0 {
        return Err(xml_error(
            "Memory size must be specified via <memory> or in the <numa> configuration",
        ));
    }
    if def.current_memory_kib == 0 || def.current_memory_kib > def.memory_kib {
        def.current_memory_kib = def.memory_kib;
    }
    // virDomainDefRejectDuplicateControllers (USB controllers may share an index)
    for (i, a) in def.controllers.iter().enumerate() {
        if a.ctype != "usb"
            && def.controllers[..i]
                .iter()
                .any(|b| b.ctype == a.ctype && b.index == a.index)
        {
            return Err(xml_error(format!(
                "Multiple '{}' controllers with index '{}'",
                a.ctype, a.index
            )));
        }
    }
    // parallel ports: numbered at parse time after the ports before them
    for i in 0..def.parallels.len() {
        if def.parallels[i].target_port == -1 {
            let max = def.parallels[..i]
                .iter()
                .map(|c| c.target_port)
                .max()
                .unwrap_or(-1);
            def.parallels[i].target_port = max.saturating_add(1);
        }
    }
    // serial ports: numbered in device post-parse after all ports numbered so far
    for i in 0..def.serials.len() {
        if def.serials[i].target_port == -1 {
            let max = def
                .serials
                .iter()
                .map(|c| c.target_port)
                .max()
                .unwrap_or(-1);
            def.serials[i].target_port = max.saturating_add(1);
        }
    }
    // drive addresses
    for d in def.disks.iter_mut() {
        if d.address.is_none() && d.other_address_type.is_none() {
            d.address = assign_drive_address(&d.dst, d.bus, opts.scsi_bus_max_unit)?;
        }
    }
    add_console_compat(def)?;
    add_implicit_controllers(def)?;
    if !def.graphics.is_empty() && def.videos.is_empty() {
        def.videos.push(VideoDef {
            vtype: "default".to_string(),
            ..VideoDef::default()
        });
    }
    for fs in def.filesystems.iter_mut() {
        if fs.accessmode.is_none() {
            fs.accessmode = Some("passthrough".to_string());
        }
    }
    for v in def.videos.iter_mut() {
        if v.vtype == "default" {
            v.vtype = "vmvga".to_string();
        }
        if v.vram == 0 {
            v.vram = match v.vtype.as_str() {
                "vga" | "cirrus" | "vmvga" => match def.virt_type.as_str() {
                    "vbox" => 8 * 1024,
                    "vmware" => 4 * 1024,
                    _ => 16 * 1024,
                },
                "bochs" => 16 * 1024,
                "xen" => 4 * 1024,
                "qxl" => 64 * 1024,
                _ => 0,
            };
        }
        if v.vram > 0 {
            v.vram = v.vram.checked_next_power_of_two().unwrap_or(0);
        }
    }
    if let Some(v) = def.videos.first_mut() {
        if v.vtype != "none" {
            v.primary = true;
        }
    }
    Ok(())
}

fn add_console_compat(def: &mut DomainDef) -> Result<()> {
    for c in def.consoles.iter().skip(1) {
        if c.target_type.as_deref() == Some("serial") {
            return Err(crate::error::Error::new(
                crate::error::domain::DOMAIN,
                crate::error::code::CONFIG_UNSUPPORTED,
                "Only the first console can be a serial port",
            ));
        }
    }
    let hvm = def.os.os_type == "hvm";
    if !def.consoles.is_empty()
        && hvm
        && matches!(
            def.consoles[0].target_type.as_deref(),
            Some("serial") | None
        )
    {
        if def.serials.is_empty() {
            let mut s = def.consoles[0].clone();
            s.target_type = None;
            s.target_port = 0;
            def.serials.push(s);
            def.consoles[0] = ChrDef {
                source: ChrSource::Null,
                target_port: -1,
                target_type: Some("serial".to_string()),
            };
        } else if def.serials[0].source != def.consoles[0].source {
            def.consoles[0] = ChrDef {
                source: ChrSource::Null,
                target_port: -1,
                target_type: Some("serial".to_string()),
            };
        }
    } else if hvm && !def.serials.is_empty() {
        def.consoles.insert(
            0,
            ChrDef {
                source: ChrSource::Null,
                target_port: -1,
                target_type: Some("serial".to_string()),
            },
        );
    }
    Ok(())
}

fn add_implicit_controllers(def: &mut DomainDef) -> Result<()> {
    for (ctype, bus) in [
        ("scsi", DiskBus::Scsi),
        ("fdc", DiskBus::Fdc),
        ("ide", DiskBus::Ide),
        ("sata", DiskBus::Sata),
    ] {
        let max = def
            .disks
            .iter()
            .filter(|d| d.bus == bus)
            .filter_map(|d| d.address.map(|a| a.controller as i64))
            .max();
        let Some(max) = max else { continue };
        if max > 1024 {
            return Err(xml_error(format!(
                "{ctype} controller index {max} is too large"
            )));
        }
        for idx in 0..=max {
            let idx = idx as u32;
            if def
                .controllers
                .iter()
                .any(|c| c.ctype == ctype && c.index == idx)
            {
                continue;
            }
            insert_controller(
                &mut def.controllers,
                ControllerDef {
                    ctype: ctype.to_string(),
                    index: idx,
                    model: None,
                },
            );
        }
    }
    Ok(())
}
