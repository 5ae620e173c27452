//! libvirt's domain definition, the subset the VMware drivers use, with its XML parser and
//! formatter. Output is byte-for-byte what libvirt 9.0's `virDomainDefFormat` writes for these
//! domains; parsing applies the same defaults and post-parse steps (implicit controllers and
//! video, console compatibility, drive addresses, disk ordering).

mod format;
mod parse;
mod postparse;
pub mod snapshot;

pub(crate) use format::esc;
pub use format::{format, format_with, FormatOptions};
pub use parse::{parse, parse_with};
pub(crate) use parse::{read_tree_as, Node};
pub use postparse::{
    assign_drive_address, nvme_drive_address, post_parse, ParseOptions, NVME_SATA_UNIT_BASE,
};

/// The XML namespace of libvirt's VMware metadata.
pub const VMWARE_NS_URI: &str = "http://libvirt.org/schemas/domain/vmware/1.0";

/// This project's own namespace, for what the VMX converter records in `<metadata>` (the VMX
/// entries of devices it left out).
pub const VMX_NS_URI: &str = "urn:libvirt-esx:vmx:1.0";

/// libosinfo's namespace in `<metadata>` (virt-install, virt-manager write it).
pub const LIBOSINFO_NS_URI: &str = "http://libosinfo.org/xmlns/libvirt/domain/1.0";

/// `virDomainDef`, restricted to what VMware domains use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainDef {
    /// `<domain type=...>`, e.g. "vmware".
    pub virt_type: String,
    /// Domain id, only formatted when >= 0.
    pub id: i32,
    /// None when unset (a VMX without displayName); libvirt then writes no `<name>`.
    pub name: Option<String>,
    pub uuid: [u8; 16],
    pub genid: Option<[u8; 16]>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// `<memory>`, KiB.
    pub memory_kib: u64,
    /// `<currentMemory>`, KiB.
    pub current_memory_kib: u64,
    /// `<memtune><min_guarantee>`, KiB; 0 = none.
    pub min_guarantee_kib: u64,
    pub vcpus_max: u32,
    pub vcpus_current: u32,
    /// `placement='auto'` when true.
    pub placement_auto: bool,
    /// `<vcpu cpuset=...>`: sorted CPU numbers.
    pub cpumask: Option<Vec<u32>>,
    pub cpu_shares: Option<u64>,
    pub os: OsDef,
    pub cpu: Option<CpuDef>,
    pub clock_offset: String,
    pub on_poweroff: String,
    pub on_reboot: String,
    pub on_crash: String,
    pub disks: Vec<DiskDef>,
    pub controllers: Vec<ControllerDef>,
    pub filesystems: Vec<FsDef>,
    pub nets: Vec<NetDef>,
    pub serials: Vec<ChrDef>,
    pub parallels: Vec<ChrDef>,
    pub consoles: Vec<ChrDef>,
    pub graphics: Vec<GraphicsDef>,
    pub videos: Vec<VideoDef>,
    /// `<memballoon model=...>`, kept for round trips.
    pub memballoon: Option<String>,
    /// `<vmware:datacenterpath>`.
    pub datacenter_path: Option<String>,
    /// `<vmware:moref>`.
    pub moref: Option<String>,
    /// `<tpm>` devices.
    pub tpms: Vec<TpmDef>,
    /// VMX devices (or values) the converter left out, recorded in `<metadata>`.
    pub dropped: Vec<Dropped>,
    /// The VMware guest OS id the XML names (`<vmware:guestos>`); read, never written.
    pub vmware_guest_os: Option<String>,
    /// The libosinfo OS id in the XML's `<metadata>`; read, never written.
    pub libosinfo_id: Option<String>,
}

/// A VMX device (or one value) the converter left out where libvirt 9.0 fails the whole
/// conversion: what it was, why, and its VMX entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped {
    /// The VMX device name (`ethernet1`, `serial0`, `scsi0:2`) or key (`firmware`).
    pub device: String,
    /// The converter's message about the value it could not take.
    pub reason: String,
    /// The device's VMX entries (key as written, value), in file order.
    pub entries: Vec<(String, String)>,
}

/// A `<tpm>` device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TpmDef {
    /// `model='tpm-crb'`, `tpm-tis`, ...; None = default.
    pub model: Option<String>,
    /// `<backend type=...>`: "emulator", "passthrough", "external".
    pub backend: String,
    /// `<backend version=...>`: "1.2", "2.0"; None = default.
    pub version: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OsDef {
    /// "hvm".
    pub os_type: String,
    /// e.g. "i686", "x86_64"; empty when not given (parsing fills the default).
    pub arch: String,
    /// `<os firmware=...>`: "efi" or "bios".
    pub firmware: Option<String>,
    /// `<smbios mode=...>`: "emulate", "host", "sysinfo".
    pub smbios_mode: Option<String>,
    /// `<firmware><feature enabled=... name=.../>`: (name, enabled), in libvirt's order
    /// (`enrolled-keys`, `secure-boot`).
    pub firmware_features: Vec<(String, bool)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CpuDef {
    /// "custom", "host-model", "host-passthrough", "maximum".
    pub mode: String,
    pub sockets: u32,
    pub dies: u32,
    pub cores: u32,
    pub threads: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiskDevice {
    #[default]
    Disk,
    Cdrom,
    Floppy,
    Lun,
}

impl DiskDevice {
    pub fn as_str(self) -> &'static str {
        match self {
            DiskDevice::Disk => "disk",
            DiskDevice::Cdrom => "cdrom",
            DiskDevice::Floppy => "floppy",
            DiskDevice::Lun => "lun",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiskBus {
    #[default]
    None,
    Ide,
    Fdc,
    Scsi,
    Virtio,
    Xen,
    Usb,
    Uml,
    Sata,
    Sd,
}

impl DiskBus {
    pub fn as_str(self) -> &'static str {
        match self {
            DiskBus::None => "none",
            DiskBus::Ide => "ide",
            DiskBus::Fdc => "fdc",
            DiskBus::Scsi => "scsi",
            DiskBus::Virtio => "virtio",
            DiskBus::Xen => "xen",
            DiskBus::Usb => "usb",
            DiskBus::Uml => "uml",
            DiskBus::Sata => "sata",
            DiskBus::Sd => "sd",
        }
    }

    pub fn from_name(s: &str) -> Option<DiskBus> {
        Some(match s {
            "ide" => DiskBus::Ide,
            "fdc" => DiskBus::Fdc,
            "scsi" => DiskBus::Scsi,
            "virtio" => DiskBus::Virtio,
            "xen" => DiskBus::Xen,
            "usb" => DiskBus::Usb,
            "uml" => DiskBus::Uml,
            "sata" => DiskBus::Sata,
            "sd" => DiskBus::Sd,
            _ => return None,
        })
    }
}

/// `virStorageType` of a disk's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StorageType {
    #[default]
    File,
    Block,
    Dir,
    Network,
    Volume,
    Nvme,
    VhostUser,
    Vdpa,
}

impl StorageType {
    pub fn as_str(self) -> &'static str {
        match self {
            StorageType::File => "file",
            StorageType::Block => "block",
            StorageType::Dir => "dir",
            StorageType::Network => "network",
            StorageType::Volume => "volume",
            StorageType::Nvme => "nvme",
            StorageType::VhostUser => "vhostuser",
            StorageType::Vdpa => "vdpa",
        }
    }

    pub fn from_name(s: &str) -> Option<StorageType> {
        Some(match s {
            "file" => StorageType::File,
            "block" => StorageType::Block,
            "dir" => StorageType::Dir,
            "network" => StorageType::Network,
            "volume" => StorageType::Volume,
            "nvme" => StorageType::Nvme,
            "vhostuser" => StorageType::VhostUser,
            "vdpa" => StorageType::Vdpa,
            _ => return None,
        })
    }
}

/// A `<address type='drive' .../>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DriveAddress {
    pub controller: u32,
    pub bus: u32,
    pub target: u32,
    pub unit: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskDef {
    pub src_type: StorageType,
    pub device: DiskDevice,
    pub source: Option<String>,
    /// "mandatory", "requisite", "optional".
    pub startup_policy: Option<String>,
    pub driver_name: Option<String>,
    pub driver_type: Option<String>,
    /// "default", "none", "writethrough", ...; None = default.
    pub cache: Option<String>,
    pub dst: String,
    pub bus: DiskBus,
    pub readonly: bool,
    pub shareable: bool,
    pub transient: bool,
    pub address: Option<DriveAddress>,
    /// An address of another type than `drive` (its `type` attribute).
    pub other_address_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ControllerDef {
    /// "scsi", "ide", "fdc", "sata", ...
    pub ctype: String,
    pub index: u32,
    /// e.g. "lsilogic"; "auto" asks for detection; None = default.
    pub model: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FsDef {
    /// "mount".
    pub fs_type: String,
    pub accessmode: Option<String>,
    pub source: String,
    pub target: String,
    pub readonly: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum NetType {
    #[default]
    Bridge,
    User,
    Null,
    Vds,
    /// `type='network'`, with the network's name (`<source network=...>`).
    Network,
    /// Any other type, by name (not convertible to VMX).
    Other(String),
}

impl NetType {
    pub fn as_str(&self) -> &str {
        match self {
            NetType::Bridge => "bridge",
            NetType::User => "user",
            NetType::Null => "null",
            NetType::Vds => "vds",
            NetType::Network => "network",
            NetType::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetDef {
    pub net_type: NetType,
    pub mac: [u8; 6],
    /// "generated" or "static".
    pub mac_type: Option<String>,
    /// `check='yes'|'no'`.
    pub mac_check: Option<bool>,
    /// Bridge name (`<source bridge=...>`).
    pub bridge: Option<String>,
    /// Network name (`<source network=...>`).
    pub network: Option<String>,
    /// `<target dev=...>`.
    pub ifname: Option<String>,
    /// `<model type=...>`.
    pub model: Option<String>,
    pub vds_switch_id: [u8; 16],
    pub vds_port_id: i64,
    pub vds_portgroup_id: Option<String>,
    pub vds_connection_id: i64,
}

/// The kind of a character device's source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ChrSource {
    #[default]
    Null,
    /// `type='dev'`.
    Dev(Option<String>),
    /// `type='file'`.
    File(String),
    /// `type='pipe'`.
    Pipe(Option<String>),
    /// `type='tcp'`.
    Tcp {
        host: Option<String>,
        service: Option<String>,
        listen: bool,
        /// "raw", "telnet", "telnets", "tls".
        protocol: String,
    },
    /// Any other type, by name (not convertible to VMX).
    Other(String),
}

impl ChrSource {
    pub fn type_name(&self) -> &str {
        match self {
            ChrSource::Null => "null",
            ChrSource::Dev(_) => "dev",
            ChrSource::File(_) => "file",
            ChrSource::Pipe(_) => "pipe",
            ChrSource::Tcp { .. } => "tcp",
            ChrSource::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChrDef {
    pub source: ChrSource,
    /// `<target port=...>`; -1 when not given.
    pub target_port: i32,
    /// For consoles: `<target type=...>` ("serial").
    pub target_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphicsDef {
    /// "vnc", "sdl", "rdp", "desktop", "spice", ...
    pub gtype: String,
    pub port: i32,
    pub autoport: bool,
    /// The `<listen type='address'>` elements, each with its address if any. libvirt always
    /// has at least one for VNC (from the `listen` attribute when no element is given).
    pub listens: Vec<Option<String>>,
    pub keymap: Option<String>,
    pub passwd: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VideoDef {
    /// "vmvga", "vga", ...; "default" when not given.
    pub vtype: String,
    /// KiB; 0 = not given.
    pub vram: u32,
    pub heads: u32,
    pub primary: bool,
}

/// Formats a UUID the libvirt way.
pub fn uuid_to_string(u: &[u8; 16]) -> String {
    let mut s = String::with_capacity(36);
    for (i, b) in u.iter().enumerate() {
        if i == 4 || i == 6 || i == 8 || i == 10 {
            s.push('-');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// libvirt's `virUUIDParse`: 32 hex digits, with `-` and spaces allowed between pairs, leading
/// and trailing spaces allowed.
pub fn uuid_parse(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let mut out = [0u8; 16];
    let mut n = 0;
    while n < 16 {
        if i >= b.len() {
            return None;
        }
        if b[i] == b'-' || b[i] == b' ' {
            i += 1;
            continue;
        }
        let h = b[i];
        let l = *b.get(i + 1)?;
        if !h.is_ascii_hexdigit() || !l.is_ascii_hexdigit() {
            return None;
        }
        out[n] = (hex(h) << 4) | hex(l);
        n += 1;
        i += 2;
    }
    while i < b.len() {
        if !b[i].is_ascii_whitespace() {
            return None;
        }
        i += 1;
    }
    Some(out)
}

fn hex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Formats a MAC address as `aa:bb:cc:dd:ee:ff`.
pub fn mac_to_string(m: &[u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// libvirt's `virMacAddrParse`: six groups of one or two hex digits separated by `:`; after the
/// last group anything from a whitespace or control character on is ignored.
pub fn mac_parse(s: &str) -> Option<[u8; 6]> {
    let mut out = [0u8; 6];
    let b = s.as_bytes();
    let mut i = 0;
    for (n, slot) in out.iter_mut().enumerate() {
        let start = i;
        let mut v: u32 = 0;
        while i < b.len() && b[i].is_ascii_hexdigit() {
            v = v.saturating_mul(16).saturating_add(hex(b[i]) as u32);
            i += 1;
        }
        let digits = i - start;
        if !(1..=2).contains(&digits) {
            return None;
        }
        *slot = v as u8;
        if n == 5 {
            return match b.get(i) {
                None => Some(out),
                Some(&c) if c <= b' ' => Some(out),
                _ => None,
            };
        }
        if b.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
    }
    None
}

/// libvirt's `virDiskNameToIndex`: "sda" -> 0, "sdz" -> 25, "sdaa" -> 26. Partition digits
/// after the letters are allowed.
pub fn disk_name_to_index(name: &str) -> Option<u32> {
    const PREFIXES: [&str; 6] = ["fd", "hd", "vd", "sd", "xvd", "ubd"];
    let rest = PREFIXES.iter().find_map(|p| name.strip_prefix(p))?;
    let b = rest.as_bytes();
    let mut idx: i32 = 0;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_lowercase() {
        let add = if i < 1 { 0 } else { 1 };
        idx = idx
            .checked_add(add)?
            .checked_mul(26)?
            .checked_add((b[i] - b'a') as i32)?;
        i += 1;
    }
    if !b[i..].iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    u32::try_from(idx).ok()
}

/// The target name this project gives NVMe disk `nvme<controller>:<unit>` (libvirt 9.0 has no
/// NVMe bus): `nvme<controller>n<unit + 1>`, the guest's name for the namespace.
pub fn nvme_disk_name(controller: u32, unit: u32) -> String {
    format!("nvme{controller}n{}", unit + 1)
}

/// The NVMe controller and unit of a target name from [`nvme_disk_name`].
pub fn nvme_disk_slot(name: &str) -> Option<(u32, u32)> {
    let rest = name.strip_prefix("nvme")?;
    let (c, n) = rest.split_once('n')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(c) || !digits(n) || (c.len() > 1 && c.starts_with('0')) {
        return None;
    }
    let n: u32 = n.parse().ok()?;
    Some((c.parse().ok()?, n.checked_sub(1)?))
}

/// libvirt's `virIndexToDiskName`.
pub fn index_to_disk_name(idx: u32, prefix: &str) -> String {
    let mut letters = Vec::new();
    let mut i = idx as i64;
    while i >= 0 {
        letters.push(b'a' + (i % 26) as u8);
        i = i / 26 - 1;
    }
    letters.reverse();
    format!("{prefix}{}", String::from_utf8(letters).unwrap_or_default())
}

/// libvirt's `virBitmapFormat`: ranges like "0,3-5".
pub fn format_cpuset(cpus: &[u32]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cpus.len() {
        let start = cpus[i];
        let mut end = start;
        while i + 1 < cpus.len() && cpus[i + 1] == end + 1 {
            end += 1;
            i += 1;
        }
        if start == end {
            out.push(format!("{start}"));
        } else {
            out.push(format!("{start}-{end}"));
        }
        i += 1;
    }
    out.join(",")
}

/// Whether `name` is one of libvirt's SCSI controller model names.
pub fn parse_scsi_model_name(name: &str) -> bool {
    parse::SCSI_MODELS.contains(&name)
}

/// Whether `name` is one of libvirt's enumerated network device models (others are kept as
/// free-form strings by libvirt and ignored by the VMX writer).
pub fn is_known_net_model(name: &str) -> bool {
    parse::NET_MODELS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_names() {
        assert_eq!(disk_name_to_index("sda"), Some(0));
        assert_eq!(disk_name_to_index("sdp"), Some(15));
        assert_eq!(disk_name_to_index("sdaa"), Some(26));
        assert_eq!(disk_name_to_index("hdc"), Some(2));
        assert_eq!(disk_name_to_index("sd"), Some(0));
        assert_eq!(disk_name_to_index("sdA"), None);
        assert_eq!(index_to_disk_name(26, "sd"), "sdaa");
        assert_eq!(index_to_disk_name(0, "hd"), "hda");
        assert_eq!(index_to_disk_name(45, "sd"), "sdat");
    }

    #[test]
    fn uuids_and_macs() {
        let u = uuid_parse("56 4d 9b ef ac d9 b4 e0-c8 f0 ae a8 b9 10 35 15").unwrap();
        assert_eq!(uuid_to_string(&u), "564d9bef-acd9-b4e0-c8f0-aea8b9103515");
        assert!(uuid_parse("zz").is_none());
        assert_eq!(
            mac_to_string(&mac_parse("00:50:56:91:48:C7").unwrap()),
            "00:50:56:91:48:c7"
        );
        assert!(mac_parse("00:50:56:91:48").is_none());
        assert_eq!(format_cpuset(&[0, 3, 4, 5]), "0,3-5");
    }
}
