//! A VMX written from a VM's configuration as the server reports it (`config.hardware.device`
//! and friends), for when the VMX file itself cannot be had or is empty. The converter then
//! turns it into domain XML as it does a real VMX, so both paths give the same XML.

use crate::error::Result;
use crate::vmx::VmxWriter;
use crate::vsphere::{Node, ObjectContent};

/// The properties [`vmx_from_config`] reads.
pub const CONFIG_PROPS: &[&str] = &[
    "name",
    "config.uuid",
    "config.version",
    "config.guestId",
    "config.annotation",
    "config.hardware.memoryMB",
    "config.hardware.numCPU",
    "config.hardware.numCoresPerSocket",
    "config.hardware.device",
];

/// What kind of device a `VirtualDevice` is: its `xsi:type` where the server wrote one (real
/// ESX does), else guessed from its fields (vcsim writes none on array items).
fn kind(d: &Node) -> String {
    if let Some(t) = d.xsi_type.as_deref() {
        return t.to_string();
    }
    let key = d
        .child_text("key")
        .and_then(|k| k.trim().parse::<i64>().ok())
        .unwrap_or(-1);
    let backing = d.child("backing");
    let file = backing
        .and_then(|b| b.child_text("fileName"))
        .unwrap_or_default();
    if d.child("macAddress").is_some() {
        "VirtualE1000".into()
    } else if d.child("capacityInKB").is_some() {
        "VirtualDisk".into()
    } else if d.child("busNumber").is_some() {
        match key {
            200..=299 => "VirtualIDEController".into(),
            1000..=1999 => "VirtualLsiLogicController".into(),
            15000..=15999 => "VirtualAHCIController".into(),
            _ => "VirtualController".into(),
        }
    } else if (3000..=3999).contains(&key) || file.to_ascii_lowercase().ends_with(".iso") {
        "VirtualCdrom".into()
    } else {
        String::new()
    }
}

fn num(n: &Node, field: &str) -> Option<i64> {
    n.child_text(field).and_then(|v| v.trim().parse().ok())
}

/// `[datastore] path` as the absolute path a VMX holds.
fn vmx_path(file: &str) -> String {
    match file.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((ds, path)) => format!("/vmfs/volumes/{ds}/{}", path.trim_start()),
        None => file.to_string(),
    }
}

fn uuid_bios(uuid: &str) -> Option<String> {
    let hex: String = uuid.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    if hex.len() != 32 {
        return None;
    }
    let b: Vec<&str> = (0..16).map(|i| &hex[i * 2..i * 2 + 2]).collect();
    Some(format!("{}-{}", b[..8].join(" "), b[8..].join(" ")))
}

/// The VMX text for a VM's configuration.
pub fn vmx_from_config(o: &ObjectContent) -> Result<String> {
    let mut w = VmxWriter::new();
    let s = |p: &str| o.get_str(p).unwrap_or_default().to_string();
    let n = |p: &str| o.get(p).and_then(|v| v.as_i64());
    w.set(".encoding", "UTF-8");
    w.set("config.version", "8");
    let hw = s("config.version");
    w.set(
        "virtualHW.version",
        hw.trim_start_matches("vmx-").trim_start_matches('0'),
    );
    w.set("displayName", &s("name"));
    let annotation = s("config.annotation");
    if !annotation.is_empty() {
        w.set("annotation", &annotation);
    }
    let guest = s("config.guestId");
    w.set(
        "guestOS",
        if guest.ends_with("64Guest") {
            "other-64"
        } else {
            "other"
        },
    );
    if let Some(u) = uuid_bios(&s("config.uuid")) {
        w.set("uuid.bios", &u);
    }
    if let Some(m) = n("config.hardware.memoryMB") {
        w.set("memsize", &m.to_string());
    }
    if let Some(c) = n("config.hardware.numCPU") {
        w.set("numvcpus", &c.to_string());
    }
    if let Some(c) = n("config.hardware.numCoresPerSocket").filter(|c| *c > 1) {
        w.set("cpuid.coresPerSocket", &c.to_string());
    }
    let devices: Vec<&Node> = o
        .get("config.hardware.device")
        .map(|d| d.children.iter().collect())
        .unwrap_or_default();
    // controllers by key: (prefix, bus number)
    let mut controllers: Vec<(i64, String, i64)> = Vec::new();
    for d in &devices {
        let k = kind(d);
        let prefix = match k.as_str() {
            "VirtualIDEController" => "ide",
            "VirtualAHCIController" => "sata",
            t if t.ends_with("SCSIController")
                || t.starts_with("VirtualLsiLogic")
                || t == "VirtualBusLogicController" =>
            {
                "scsi"
            }
            _ => continue,
        };
        let (Some(key), Some(bus)) = (num(d, "key"), num(d, "busNumber")) else {
            continue;
        };
        controllers.push((key, prefix.to_string(), bus));
        let name = format!("{prefix}{bus}");
        w.set(&format!("{name}.present"), "TRUE");
        let model = match k.as_str() {
            "ParaVirtualSCSIController" => Some("pvscsi"),
            "VirtualBusLogicController" => Some("buslogic"),
            "VirtualLsiLogicSASController" => Some("lsisas1068"),
            "VirtualLsiLogicController" => Some("lsilogic"),
            _ => None,
        };
        if let Some(m) = model {
            w.set(&format!("{name}.virtualDev"), m);
        }
    }
    let mut nic = 0;
    let mut used: Vec<(i64, i64)> = Vec::new();
    for d in &devices {
        let k = kind(d);
        let backing = d.child("backing");
        if k.contains("Ethernet")
            || k == "VirtualE1000"
            || k == "VirtualE1000e"
            || k.starts_with("VirtualVmxnet")
            || k == "VirtualPCNet32"
        {
            let name = format!("ethernet{nic}");
            nic += 1;
            w.set(&format!("{name}.present"), "TRUE");
            let model = match k.as_str() {
                "VirtualE1000e" => "e1000e",
                "VirtualVmxnet3" => "vmxnet3",
                "VirtualVmxnet2" => "vmxnet2",
                "VirtualVmxnet" => "vmxnet",
                "VirtualPCNet32" => "vlance",
                _ => "e1000",
            };
            w.set(&format!("{name}.virtualDev"), model);
            if let Some(net) = backing.and_then(|b| b.child_text("deviceName")) {
                w.set(&format!("{name}.networkName"), net);
            }
            let mac = d.child_text("macAddress").unwrap_or_default();
            match d.child_text("addressType").unwrap_or("generated") {
                t if t.eq_ignore_ascii_case("manual") => {
                    w.set(&format!("{name}.addressType"), "static");
                    w.set(&format!("{name}.address"), mac);
                }
                t if t.eq_ignore_ascii_case("assigned") => {
                    w.set(&format!("{name}.addressType"), "vpx");
                    w.set(&format!("{name}.generatedAddress"), mac);
                }
                _ => {
                    w.set(&format!("{name}.addressType"), "generated");
                    w.set(&format!("{name}.generatedAddress"), mac);
                }
            }
            continue;
        }
        let is_disk = k == "VirtualDisk";
        let is_cdrom = k == "VirtualCdrom";
        if !is_disk && !is_cdrom {
            continue;
        }
        let Some(ck) = num(d, "controllerKey") else {
            continue;
        };
        let Some((_, prefix, bus)) = controllers.iter().find(|c| c.0 == ck) else {
            continue;
        };
        // a slot the server reports twice (vcsim puts its CD-ROM and disk both at unit 0) goes
        // to the next free unit of the controller
        let mut unit = num(d, "unitNumber").unwrap_or(0);
        while used.contains(&(ck, unit)) || (prefix == "scsi" && unit == 7) {
            unit += 1;
        }
        used.push((ck, unit));
        let name = format!("{prefix}{bus}:{unit}");
        let file = backing.and_then(|b| b.child_text("fileName")).map(vmx_path);
        w.set(&format!("{name}.present"), "TRUE");
        let device_type = match (is_disk, prefix.as_str(), &file) {
            (true, "scsi", _) => "scsi-hardDisk",
            (true, "ide", _) => "ata-hardDisk",
            (true, _, _) => "disk",
            (false, _, Some(_)) => "cdrom-image",
            (false, _, None) => "atapi-cdrom",
        };
        w.set(&format!("{name}.deviceType"), device_type);
        match (file, backing.and_then(|b| b.child_text("deviceName"))) {
            (Some(f), _) if !f.is_empty() => w.set(&format!("{name}.fileName"), &f),
            (_, Some(dev)) => w.set(&format!("{name}.fileName"), dev),
            _ => w.set(&format!("{name}.fileName"), "auto detect"),
        }
    }
    w.finish()
}
