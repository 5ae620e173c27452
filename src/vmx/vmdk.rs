//! VMDK descriptors: the extent lines that say where a virtual disk keeps its data
//! (`RW 8192 VMFS "disk-flat.vmdk"`), as VMware's Virtual Disk Format 1.1 writes them.

/// One extent line: access, size in 512-byte sectors, type, and the file (`ZERO` extents have
/// none) with the data's offset in it (sectors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extent {
    pub access: String,
    pub sectors: u64,
    pub kind: String,
    pub file: Option<String>,
    pub offset: u64,
}

impl Extent {
    /// Whether the data is the file's bytes as they are (a raw extent).
    pub fn is_flat(&self) -> bool {
        matches!(self.kind.as_str(), "FLAT" | "VMFS") && self.file.is_some()
    }
}

/// The extents of a descriptor, or `None` for what is no text descriptor (a sparse or
/// stream-optimized disk in one binary file).
pub fn extents(head: &[u8]) -> Option<Vec<Extent>> {
    let text = std::str::from_utf8(head).ok()?;
    let is_descriptor = text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("# Disk DescriptorFile") || l.starts_with("createType")
    });
    if !is_descriptor {
        return None;
    }
    Some(text.lines().filter_map(extent).collect())
}

fn extent(line: &str) -> Option<Extent> {
    let line = line.trim();
    let (access, rest) = line.split_once(char::is_whitespace)?;
    if !matches!(access, "RW" | "RDONLY" | "NOACCESS") {
        return None;
    }
    let rest = rest.trim_start();
    let (sectors, rest) = rest.split_once(char::is_whitespace)?;
    let sectors = sectors.parse().ok()?;
    let rest = rest.trim_start();
    let (kind, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let rest = rest.trim_start();
    let (file, rest) = match rest.strip_prefix('"') {
        Some(r) => {
            let (f, after) = r.split_once('"')?;
            (Some(f.to_string()), after)
        }
        None => (None, rest),
    };
    let offset = rest.trim().parse().unwrap_or(0);
    Some(Extent {
        access: access.to_string(),
        sectors,
        kind: kind.to_string(),
        file,
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_lines() {
        let d = b"# Disk DescriptorFile\nversion=1\nCID=fffffffe\ncreateType=\"vmfs\"\n\n\
                  # Extent description\nRW 8192 VMFS \"disk 1-flat.vmdk\"\n\
                  RDONLY 100 FLAT \"b.raw\" 20\nRW 64 ZERO\n\nddb.adapterType = \"lsilogic\"\n";
        let e = extents(d).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(
            e[0],
            Extent {
                access: "RW".into(),
                sectors: 8192,
                kind: "VMFS".into(),
                file: Some("disk 1-flat.vmdk".into()),
                offset: 0
            }
        );
        assert!(e[0].is_flat());
        assert_eq!((e[1].kind.as_str(), e[1].offset), ("FLAT", 20));
        assert_eq!((e[2].kind.as_str(), e[2].file.as_deref()), ("ZERO", None));
        assert!(!e[2].is_flat());
    }

    #[test]
    fn what_is_no_descriptor() {
        assert_eq!(extents(b"KDMV\x01\x00\x00\x00\xff\xfe"), None);
        assert_eq!(extents(b"just some text\nRW 1 FLAT \"x\"\n"), None);
        let delta = extents(b"createType=\"vmfsSparse\"\nRW 8 VMFSSPARSE \"a-delta.vmdk\"\n");
        assert!(!delta.unwrap()[0].is_flat());
    }
}
