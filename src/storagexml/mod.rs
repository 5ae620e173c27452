//! Storage pool and volume XML as libvirt 9.0 writes them for the ESX driver
//! (`virStoragePoolDefFormat`, `virStorageVolDefFormat`) and reads a volume's
//! (`virStorageVolDefParse`), with libvirt's errors. No I/O.
//!
//! The ESX driver builds its definitions from zeroed structs, so a pool's target permissions
//! come out as mode `00`, owner and group `0`, and a volume has no permissions at all; both are
//! kept here, byte for byte.

use crate::domxml::{esc, read_tree_as, Node as XmlNode};
use crate::error::{code, domain, Error, Result};

/// `VIR_FROM_STORAGE`: storage_conf.c's error domain.
const FROM_STORAGE: i32 = 18;
/// `VIR_FROM_XML`: virxml.c's.
const FROM_XML: i32 = 5;

/// What a pool's `<source>` holds, by pool type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolSource {
    /// `dir`: a local datastore (no source).
    Dir,
    /// `fs`: a VMFS datastore (`<format type='vmfs'/>`).
    Fs,
    /// `netfs`: a NAS datastore.
    Netfs {
        host: String,
        dir: String,
        /// `nfs` or `cifs`.
        format: &'static str,
        /// `<protocol ver='...'/>`, for NFS 4.1.
        protocol_ver: Option<String>,
    },
    /// `iscsi`: a static iSCSI target (libvirt writes the target's name as the initiator IQN).
    Iscsi {
        host: String,
        port: Option<i64>,
        iqn: String,
    },
}

impl PoolSource {
    /// The pool type's name, as `virStoragePoolTypeToString` gives it.
    pub fn type_name(&self) -> &'static str {
        match self {
            PoolSource::Dir => "dir",
            PoolSource::Fs => "fs",
            PoolSource::Netfs { .. } => "netfs",
            PoolSource::Iscsi { .. } => "iscsi",
        }
    }

    /// Whether volumes of this pool type have a format (dir, fs and netfs pools do).
    fn has_volume_format(&self) -> bool {
        !matches!(self, PoolSource::Iscsi { .. })
    }
}

/// A pool's definition as the ESX driver fills it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolDef {
    pub name: String,
    pub uuid: [u8; 16],
    pub capacity: u64,
    pub allocation: u64,
    pub available: u64,
    pub source: PoolSource,
    /// The datastore's mount path (iSCSI pools have none).
    pub target_path: Option<String>,
}

/// libvirt's `virUUIDFormat`.
pub fn format_uuid(u: &[u8; 16]) -> String {
    let h: Vec<String> = u.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        h[0..4].concat(),
        h[4..6].concat(),
        h[6..8].concat(),
        h[8..10].concat(),
        h[10..16].concat()
    )
}

/// `virStoragePoolDefFormat` of the ESX driver's pool definitions.
pub fn format_pool(def: &PoolDef) -> String {
    let mut o = String::new();
    o.push_str(&format!("<pool type='{}'>\n", def.source.type_name()));
    o.push_str(&format!("  <name>{}</name>\n", esc(&def.name)));
    o.push_str(&format!("  <uuid>{}</uuid>\n", format_uuid(&def.uuid)));
    o.push_str(&format!(
        "  <capacity unit='bytes'>{}</capacity>\n",
        def.capacity
    ));
    o.push_str(&format!(
        "  <allocation unit='bytes'>{}</allocation>\n",
        def.allocation
    ));
    o.push_str(&format!(
        "  <available unit='bytes'>{}</available>\n",
        def.available
    ));
    o.push_str("  <source>\n");
    match &def.source {
        PoolSource::Dir => {}
        PoolSource::Fs => o.push_str("    <format type='vmfs'/>\n"),
        PoolSource::Netfs {
            host,
            dir,
            format,
            protocol_ver,
        } => {
            o.push_str(&format!("    <host name='{}'/>\n", esc(host)));
            o.push_str(&format!("    <dir path='{}'/>\n", esc(dir)));
            o.push_str(&format!("    <format type='{format}'/>\n"));
            if let Some(v) = protocol_ver {
                o.push_str(&format!("    <protocol ver='{}'/>\n", esc(v)));
            }
        }
        PoolSource::Iscsi { host, port, iqn } => {
            o.push_str(&format!("    <host name='{}'", esc(host)));
            if let Some(p) = port.filter(|p| *p != 0) {
                o.push_str(&format!(" port='{p}'"));
            }
            o.push_str("/>\n");
            o.push_str("    <initiator>\n");
            o.push_str(&format!("      <iqn name='{}'/>\n", esc(iqn)));
            o.push_str("    </initiator>\n");
        }
    }
    o.push_str("  </source>\n");
    o.push_str("  <target>\n");
    if let Some(p) = &def.target_path {
        o.push_str(&format!("    <path>{}</path>\n", esc(p)));
    }
    o.push_str(
        "    <permissions>\n      <mode>00</mode>\n      <owner>0</owner>\n      <group>0</group>\n    </permissions>\n",
    );
    o.push_str("  </target>\n");
    o.push_str("</pool>\n");
    o
}

/// `virStorageVolType`: a volume is a file (datastore files) or a block device (iSCSI LUNs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolType {
    File = 0,
    Block = 1,
}

/// libvirt's volume type names, by `virStorageVolType` value.
const VOL_TYPES: [&str; 6] = ["file", "block", "dir", "network", "netdir", "ploop"];

/// libvirt's storage file format names, by `virStorageFileFormat` value (`none` is not one a
/// volume can name).
const FILE_FORMATS: [&str; 17] = [
    "none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop",
    "cow", "qcow", "qcow2", "qed", "vmdk",
];

/// `virStorageFileFeature` names.
const FILE_FEATURES: [&str; 2] = ["lazy_refcounts", "extended_l2"];

/// A volume's definition as the ESX driver fills it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolDef {
    pub vol_type: VolType,
    pub name: String,
    pub key: String,
    pub capacity: u64,
    pub allocation: u64,
    pub target_path: String,
    /// `vmdk`, `iso` or `raw` on datastores; `None` in iSCSI pools (they have no formats).
    pub format: Option<&'static str>,
}

/// `virStorageVolDefFormat` of the ESX driver's volume definitions.
pub fn format_volume(def: &VolDef) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "<volume type='{}'>\n",
        VOL_TYPES[def.vol_type as usize]
    ));
    o.push_str(&format!("  <name>{}</name>\n", esc(&def.name)));
    o.push_str(&format!("  <key>{}</key>\n", esc(&def.key)));
    o.push_str(&format!(
        "  <capacity unit='bytes'>{}</capacity>\n",
        def.capacity
    ));
    o.push_str(&format!(
        "  <allocation unit='bytes'>{}</allocation>\n",
        def.allocation
    ));
    o.push_str("  <target>\n");
    o.push_str(&format!("    <path>{}</path>\n", esc(&def.target_path)));
    if let Some(f) = def.format {
        o.push_str(&format!("    <format type='{f}'/>\n"));
    }
    o.push_str("  </target>\n");
    o.push_str("</volume>\n");
    o
}

/// What a volume XML given to `virStorageVolCreateXML` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolSpec {
    pub name: String,
    /// The `type` attribute as a `virStorageVolType` value (0, file, when absent).
    pub vol_type: i32,
    /// Bytes.
    pub capacity: u64,
    /// Bytes; the capacity when the XML gives none.
    pub allocation: u64,
    /// The target format's name (`raw` when absent); `None` for pool types without formats.
    pub format: Option<String>,
}

fn xml_error(detail: &str) -> Error {
    Error::new(FROM_STORAGE, code::XML_ERROR, detail)
}

fn unsupported(detail: String) -> Error {
    Error::new(FROM_STORAGE, code::CONFIG_UNSUPPORTED, detail)
}

/// libvirt's `virXPathString`: the text of the first element at `path`, `None` when empty.
fn text_at<'a>(root: &'a XmlNode, path: &[&str]) -> Option<&'a str> {
    let mut n = root;
    for p in path {
        n = n.child(p)?;
    }
    Some(n.text.as_str()).filter(|t| !t.is_empty())
}

/// An attribute of the first element at `path`, `None` when absent or empty.
fn attr_at<'a>(root: &'a XmlNode, path: &[&str], attr: &str) -> Option<&'a str> {
    let mut n = root;
    for p in path {
        n = n.child(p)?;
    }
    n.attr(attr).filter(|v| !v.is_empty())
}

/// `strtoull`-like parsing as `virStrToLong_ullp` does it: leading blanks allowed, the whole rest
/// must be digits, no sign.
fn parse_ull(s: &str) -> Option<u64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Like [`parse_ull`] for a signed value (`virStrToLong_ll`).
fn parse_ll(s: &str, radix: u32) -> Option<i64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i64::from_str_radix(digits, radix).ok()?;
    Some(if neg { -v } else { v })
}

/// libvirt's `virScaleInteger` with a scale of 1: `value` in `unit` as bytes, at most `limit`.
pub fn scale_integer(value: u64, unit: Option<&str>, limit: u64) -> Result<u64> {
    let unknown = |u: &str| {
        Error::new(
            domain::NONE,
            code::INVALID_ARG,
            format!("unknown suffix '{u}'"),
        )
    };
    let suffix = unit.unwrap_or("");
    let scale: u64 = if suffix.is_empty()
        || ["b", "byte", "bytes"]
            .iter()
            .any(|b| suffix.eq_ignore_ascii_case(b))
    {
        1
    } else {
        let rest = &suffix[suffix.chars().next().map_or(0, char::len_utf8)..];
        let base: u64 = if rest.is_empty() || rest.eq_ignore_ascii_case("iB") {
            1024
        } else if rest.eq_ignore_ascii_case("b") {
            1000
        } else {
            return Err(unknown(suffix));
        };
        let power = match suffix.chars().next().map(|c| c.to_ascii_lowercase()) {
            Some('k') => 1,
            Some('m') => 2,
            Some('g') => 3,
            Some('t') => 4,
            Some('p') => 5,
            Some('e') => 6,
            _ => return Err(unknown(suffix)),
        };
        base.pow(power)
    };
    if value != 0 && value > limit / scale {
        return Err(Error::new(
            domain::NONE,
            code::OVERFLOW,
            format!("value too large: {value}{suffix}"),
        ));
    }
    Ok(value * scale)
}

/// `virStorageSize`: a `<capacity>` or `<allocation>` value in bytes.
fn storage_size(text: &str, unit: Option<&str>) -> Result<u64> {
    let v = parse_ull(text).ok_or_else(|| xml_error("malformed capacity element"))?;
    scale_integer(v, unit, i64::MAX as u64)
}

/// `virStorageDefParsePerms`: a `<permissions>` element's checks.
fn check_perms(perms: Option<&XmlNode>) -> Result<()> {
    let Some(p) = perms else { return Ok(()) };
    if let Some(mode) = text_at(p, &["mode"]) {
        match parse_ll(mode, 8) {
            Some(m) if i32::try_from(m).is_ok() && m & !0o777 == 0 => {}
            _ => return Err(xml_error("malformed octal mode")),
        }
    }
    for (el, what) in [
        ("owner", "malformed owner element"),
        ("group", "malformed group element"),
    ] {
        if let Some(n) = p.child(el) {
            match parse_ll(&n.text, 10) {
                Some(v) if v == -1 || u32::try_from(v).is_ok() => {}
                _ => return Err(xml_error(what)),
            }
        }
    }
    Ok(())
}

/// A format name as a volume format (`virStorageVolumeFormatFromString`).
fn volume_format(name: &str) -> Result<String> {
    match FILE_FORMATS.iter().position(|f| *f == name) {
        Some(i) if i > 0 => Ok(name.to_string()),
        _ => Err(unsupported(format!("unknown volume format type {name}"))),
    }
}

/// `virStorageVolDefParse` for a volume in a pool of `pool`'s type.
pub fn parse_volume(xml: &str, pool: &PoolSource) -> Result<VolSpec> {
    let root = read_tree_as(
        xml,
        "(storage_volume_definition)",
        FROM_STORAGE,
        code::XML_DETAIL,
    )?;
    if root.name != "volume" {
        return Err(Error::new(
            FROM_XML,
            code::XML_ERROR,
            format!("expecting root element of 'volume', not '{}'", root.name),
        ));
    }
    let name = text_at(&root, &["name"])
        .ok_or_else(|| xml_error("missing volume name element"))?
        .to_string();
    let vol_type = match root.attr("type").filter(|t| !t.is_empty()) {
        None => 0,
        Some(t) => match VOL_TYPES.iter().position(|v| *v == t) {
            Some(i) => i as i32,
            None => return Err(unsupported(format!("unknown volume type '{t}'"))),
        },
    };
    let formats = pool.has_volume_format();
    if text_at(&root, &["backingStore", "path"]).is_some() {
        if formats {
            if let Some(f) = attr_at(&root, &["backingStore", "format"], "type") {
                volume_format(f)?;
            }
        }
        check_perms(
            root.child("backingStore")
                .and_then(|b| b.child("permissions")),
        )?;
    }
    let capacity = match text_at(&root, &["capacity"]) {
        Some(c) => storage_size(c, attr_at(&root, &["capacity"], "unit"))?,
        None => return Err(xml_error("missing capacity element")),
    };
    let allocation = match text_at(&root, &["allocation"]) {
        Some(a) => storage_size(a, attr_at(&root, &["allocation"], "unit"))?,
        None => capacity,
    };
    let format = if formats {
        Some(match attr_at(&root, &["target", "format"], "type") {
            Some(f) => volume_format(f)?,
            None => "raw".to_string(),
        })
    } else {
        None
    };
    let target = root.child("target");
    check_perms(target.and_then(|t| t.child("permissions")))?;
    if let Some(compat) = target.and_then(|t| text_at(t, &["compat"])) {
        let ok = compat
            .split_once('.')
            .is_some_and(|(a, b)| parse_ll(a, 10).is_some() && parse_ll(b, 10).is_some());
        if !ok {
            return Err(xml_error("forbidden characters in 'compat' attribute"));
        }
    }
    if let Some(features) = target.and_then(|t| t.child("features")) {
        for f in &features.children {
            if !FILE_FEATURES.contains(&f.name.as_str()) {
                return Err(unsupported(format!("unsupported feature {}", f.name)));
            }
        }
    }
    Ok(VolSpec {
        name,
        vol_type,
        capacity,
        allocation,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uuid() -> [u8; 16] {
        let mut u = [0u8; 16];
        for (i, b) in u.iter_mut().enumerate() {
            *b = i as u8 * 17;
        }
        u
    }

    #[test]
    fn dir_pool_as_libvirt_writes_it() {
        let def = PoolDef {
            name: "LocalDS_0".into(),
            uuid: uuid(),
            capacity: 100,
            allocation: 40,
            available: 60,
            source: PoolSource::Dir,
            target_path: Some("/vmfs/volumes/x".into()),
        };
        assert_eq!(
            format_pool(&def),
            "<pool type='dir'>\n  <name>LocalDS_0</name>\n  <uuid>00112233-4455-6677-8899-aabbccddeeff</uuid>\n  <capacity unit='bytes'>100</capacity>\n  <allocation unit='bytes'>40</allocation>\n  <available unit='bytes'>60</available>\n  <source>\n  </source>\n  <target>\n    <path>/vmfs/volumes/x</path>\n    <permissions>\n      <mode>00</mode>\n      <owner>0</owner>\n      <group>0</group>\n    </permissions>\n  </target>\n</pool>\n"
        );
    }

    #[test]
    fn netfs_and_iscsi_sources() {
        let mut def = PoolDef {
            name: "N&S".into(),
            uuid: [0; 16],
            capacity: 0,
            allocation: 0,
            available: 0,
            source: PoolSource::Netfs {
                host: "nfs.example.com".into(),
                dir: "/exports/'v'".into(),
                format: "nfs",
                protocol_ver: Some("4.1".into()),
            },
            target_path: None,
        };
        let x = format_pool(&def);
        assert!(x.contains("<name>N&amp;S</name>"));
        assert!(x.contains("  <source>\n    <host name='nfs.example.com'/>\n    <dir path='/exports/&apos;v&apos;'/>\n    <format type='nfs'/>\n    <protocol ver='4.1'/>\n  </source>\n"));
        assert!(x.contains("  <target>\n    <permissions>"));
        def.source = PoolSource::Iscsi {
            host: "10.0.0.1".into(),
            port: Some(3260),
            iqn: "iqn.x:y".into(),
        };
        assert!(format_pool(&def).contains("  <source>\n    <host name='10.0.0.1' port='3260'/>\n    <initiator>\n      <iqn name='iqn.x:y'/>\n    </initiator>\n  </source>\n"));
    }

    #[test]
    fn volumes_as_libvirt_writes_them() {
        let v = VolDef {
            vol_type: VolType::File,
            name: "vm/disk.vmdk".into(),
            key: "6000c29a-0000-0000-0000-000000000000".into(),
            capacity: 1048576,
            allocation: 347,
            target_path: "[LocalDS_0] vm/disk.vmdk".into(),
            format: Some("vmdk"),
        };
        assert_eq!(
            format_volume(&v),
            "<volume type='file'>\n  <name>vm/disk.vmdk</name>\n  <key>6000c29a-0000-0000-0000-000000000000</key>\n  <capacity unit='bytes'>1048576</capacity>\n  <allocation unit='bytes'>347</allocation>\n  <target>\n    <path>[LocalDS_0] vm/disk.vmdk</path>\n    <format type='vmdk'/>\n  </target>\n</volume>\n"
        );
        let b = VolDef {
            vol_type: VolType::Block,
            format: None,
            ..v
        };
        assert!(format_volume(&b).starts_with("<volume type='block'>"));
        assert!(!format_volume(&b).contains("<format"));
    }

    #[test]
    fn volume_xml_values_and_defaults() {
        let s = parse_volume(
            "<volume><name>d/a.vmdk</name><capacity unit='M'>10</capacity><allocation>0</allocation><target><format type='vmdk'/></target></volume>",
            &PoolSource::Dir,
        )
        .unwrap();
        assert_eq!(
            s,
            VolSpec {
                name: "d/a.vmdk".into(),
                vol_type: 0,
                capacity: 10 << 20,
                allocation: 0,
                format: Some("vmdk".into()),
            }
        );
        let s = parse_volume(
            "<volume type='block'><name>x</name><capacity unit='KB'>2</capacity></volume>",
            &PoolSource::Fs,
        )
        .unwrap();
        assert_eq!((s.vol_type, s.capacity, s.allocation), (1, 2000, 2000));
        assert_eq!(s.format.as_deref(), Some("raw"));
        let s = parse_volume(
            "<volume><name>x</name><capacity>5</capacity></volume>",
            &PoolSource::Iscsi {
                host: String::new(),
                port: None,
                iqn: String::new(),
            },
        )
        .unwrap();
        assert_eq!(s.format, None);
    }

    #[test]
    fn volume_xml_errors_as_libvirt_reports_them() {
        let e = |xml: &str| parse_volume(xml, &PoolSource::Dir).unwrap_err();
        let err = e("<pool/>");
        assert_eq!((err.domain, err.code), (FROM_XML, code::XML_ERROR));
        assert_eq!(
            err.message,
            "XML error: expecting root element of 'volume', not 'pool'"
        );
        assert_eq!(
            e("<volume><capacity>1</capacity></volume>").message,
            "XML error: missing volume name element"
        );
        assert_eq!(
            e("<volume><name>x</name></volume>").message,
            "XML error: missing capacity element"
        );
        assert_eq!(
            e("<volume><name>x</name><capacity>-1</capacity></volume>").message,
            "XML error: malformed capacity element"
        );
        let err = e("<volume><name>x</name><capacity unit='Q'>1</capacity></volume>");
        assert_eq!((err.domain, err.code), (domain::NONE, code::INVALID_ARG));
        assert_eq!(err.message, "invalid argument: unknown suffix 'Q'");
        let err = e("<volume><name>x</name><capacity unit='EiB'>9</capacity></volume>");
        assert_eq!(err.code, code::OVERFLOW);
        assert_eq!(err.message, "numerical overflow: value too large: 9EiB");
        let err = e("<volume type='weird'><name>x</name><capacity>1</capacity></volume>");
        assert_eq!(
            (err.domain, err.code),
            (FROM_STORAGE, code::CONFIG_UNSUPPORTED)
        );
        assert_eq!(
            err.message,
            "unsupported configuration: unknown volume type 'weird'"
        );
        assert_eq!(
            e("<volume><name>x</name><capacity>1</capacity><target><format type='none'/></target></volume>").message,
            "unsupported configuration: unknown volume format type none"
        );
        assert_eq!(
            e("<volume><name>x</name><capacity>1</capacity><target><permissions><mode>999</mode></permissions></target></volume>").message,
            "XML error: malformed octal mode"
        );
        assert_eq!(
            e("<volume><name>x</name><capacity>1</capacity><target><permissions><owner>a</owner></permissions></target></volume>").message,
            "XML error: malformed owner element"
        );
        assert_eq!(
            e("<volume><name>x</name><capacity>1</capacity><target><compat>1</compat></target></volume>").message,
            "XML error: forbidden characters in 'compat' attribute"
        );
        assert_eq!(
            e("<volume><name>x</name><capacity>1</capacity><target><features><x/></features></target></volume>").message,
            "unsupported configuration: unsupported feature x"
        );
        let err = e("<volume><name>x</name>");
        assert_eq!((err.domain, err.code), (FROM_STORAGE, code::XML_DETAIL));
        assert!(err.message.starts_with("(storage_volume_definition): "));
    }

    #[test]
    fn units_scale_as_libvirt() {
        assert_eq!(scale_integer(3, Some("k"), u64::MAX).unwrap(), 3072);
        assert_eq!(scale_integer(3, Some("KB"), u64::MAX).unwrap(), 3000);
        assert_eq!(scale_integer(3, Some("GiB"), u64::MAX).unwrap(), 3 << 30);
        assert_eq!(scale_integer(3, Some("bytes"), u64::MAX).unwrap(), 3);
        assert_eq!(scale_integer(3, None, u64::MAX).unwrap(), 3);
        assert!(scale_integer(3, Some("kX"), u64::MAX).is_err());
        assert!(scale_integer(3, Some("x"), u64::MAX).is_err());
    }
}
