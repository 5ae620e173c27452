//! libvirt's `<domainsnapshot>` XML as the ESX driver uses it: what `virDomainSnapshotCreateXML`
//! reads (libvirt's `virDomainSnapshotDefParseString` without REDEFINE: name, description and
//! the memory and disk elements it checks) and what `virDomainSnapshotGetXMLDesc` writes
//! (`virDomainSnapshotDefFormat` of name, description, state, parent, creation time and the
//! domain's UUID).

use super::format::esc;
use super::parse::{read_tree_as, Node};
use crate::error::{code, domain, Error, Result};

/// What a new snapshot's XML asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotSpec {
    /// The name given, else libvirt's default: the creation time in seconds since the epoch.
    pub name: String,
    pub description: Option<String>,
    /// Whether the XML lists disks (`<disks>` with elements): the ESX driver refuses them.
    pub has_disks: bool,
}

/// A snapshot as `virDomainSnapshotGetXMLDesc` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotDesc<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    /// libvirt's `virDomainSnapshotState` name (`running`, `paused`, `shutoff`), or `None`.
    pub state: Option<&'a str>,
    pub parent: Option<&'a str>,
    /// Seconds since the epoch; 0 is left out, as libvirt does.
    pub creation_time: i64,
    /// The domain's UUID, formatted.
    pub domain_uuid: &'a str,
}

/// `virDomainSnapshotDefFormat` of what the ESX driver knows of a snapshot.
pub fn format(d: &SnapshotDesc) -> String {
    let mut out = String::from("<domainsnapshot>\n");
    out.push_str(&format!("  <name>{}</name>\n", esc(d.name)));
    if let Some(desc) = d.description {
        out.push_str(&format!("  <description>{}</description>\n", esc(desc)));
    }
    if let Some(state) = d.state {
        out.push_str(&format!("  <state>{state}</state>\n"));
    }
    if let Some(parent) = d.parent {
        out.push_str(&format!(
            "  <parent>\n    <name>{}</name>\n  </parent>\n",
            esc(parent)
        ));
    }
    if d.creation_time != 0 {
        out.push_str(&format!(
            "  <creationTime>{}</creationTime>\n",
            d.creation_time
        ));
    }
    out.push_str(&format!(
        "  <domain>\n    <uuid>{}</uuid>\n  </domain>\n",
        d.domain_uuid
    ));
    out.push_str("</domainsnapshot>\n");
    out
}

fn snapshot_error(code: i32, detail: impl Into<String>) -> Error {
    Error::new(domain::DOMAIN_SNAPSHOT, code, detail)
}

/// `string(./elem)` as libvirt's `virXPathString` reads it: `None` when missing or empty.
fn child_text(root: &Node, name: &str) -> Option<String> {
    root.child(name)
        .map(|n| n.text.clone())
        .filter(|t| !t.is_empty())
}

/// libvirt's `virDomainSnapshotLocation` names; index 0 (`default`) is not allowed in XML.
const LOCATIONS: [&str; 5] = ["default", "no", "internal", "external", "manual"];

/// An enum attribute as `virXMLPropEnumDefault` with `VIR_XML_PROP_NONZERO` reads it.
fn location_attr(node: &Node, attr: &str) -> Result<Option<usize>> {
    let Some(v) = node.attr(attr) else {
        return Ok(None);
    };
    match LOCATIONS.iter().position(|l| *l == v) {
        Some(i) if i > 0 => Ok(Some(i)),
        _ => Err(Error::new(
            domain::XML,
            code::XML_ERROR,
            format!(
                "Invalid value for attribute '{attr}' in element '{}': '{v}'.",
                node.name
            ),
        )),
    }
}

const EXTERNAL: usize = 3;
const MANUAL: usize = 4;

/// Parses a new snapshot's XML as `virDomainSnapshotDefParseString` does for the ESX driver
/// (no REDEFINE, not offline); `validate` (`VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE`) first checks
/// the document against the structure of libvirt's `domainsnapshot.rng`. `now` is the time
/// libvirt's post-parse step names an unnamed snapshot after.
pub fn parse(xml: &str, validate: bool, now: i64) -> Result<SnapshotSpec> {
    let root = read_tree_as(
        xml,
        "(domain_snapshot)",
        domain::DOMAIN_SNAPSHOT,
        code::XML_DETAIL,
    )?;
    if root.name != "domainsnapshot" {
        return Err(Error::new(
            domain::XML,
            code::XML_ERROR,
            format!(
                "expecting root element of 'domainsnapshot', not '{}'",
                root.name
            ),
        ));
    }
    if validate {
        schema_check(&root).map_err(|why| {
            Error::new(
                domain::XML,
                code::XML_INVALID_SCHEMA,
                format!("Unable to validate doc against domainsnapshot.rng\n{why}"),
            )
        })?;
    }
    let name = child_text(&root, "name").unwrap_or_else(|| now.to_string());
    let description = child_text(&root, "description");
    if let Some(memory) = root.child("memory") {
        let file = memory.attr("file");
        let mut location = location_attr(memory, "snapshot")?.unwrap_or(0);
        if location == MANUAL {
            return Err(snapshot_error(
                code::XML_ERROR,
                "'manual' memory snapshot mode not supported",
            ));
        }
        if location == 0 && file.is_some() {
            location = EXTERNAL;
        }
        match file {
            Some(f) if location != EXTERNAL => {
                return Err(snapshot_error(
                    code::XML_ERROR,
                    format!("memory filename '{f}' requires external snapshot"),
                ))
            }
            None if location == EXTERNAL => {
                return Err(snapshot_error(
                    code::XML_ERROR,
                    "external memory snapshots require a filename",
                ))
            }
            Some(f) if !f.starts_with('/') => {
                return Err(snapshot_error(
                    code::XML_ERROR,
                    format!("memory snapshot file path ({f}) must be absolute"),
                ))
            }
            _ => {}
        }
    }
    let disks: Vec<&Node> = root
        .child("disks")
        .map(|d| d.children.iter().collect())
        .unwrap_or_default();
    for disk in &disks {
        if disk.attr("name").is_none() {
            return Err(snapshot_error(
                code::INTERNAL_ERROR,
                "missing name from disk snapshot element",
            ));
        }
        location_attr(disk, "snapshot")?;
    }
    Ok(SnapshotSpec {
        name,
        description,
        has_disks: !disks.is_empty(),
    })
}

/// The structure `domainsnapshot.rng` allows at the levels the ESX driver reads: each known
/// element at most once, text where text goes, and the values it enumerates. A full domain
/// inside `<domain>` or `<inactiveDomain>` is not checked. The reason on failure.
fn schema_check(root: &Node) -> std::result::Result<(), String> {
    const ELEMENTS: [&str; 11] = [
        "name",
        "description",
        "state",
        "creationTime",
        "memory",
        "disks",
        "active",
        "domain",
        "inactiveDomain",
        "parent",
        "cookie",
    ];
    const STATES: [&str; 7] = [
        "running",
        "blocked",
        "paused",
        "shutdown",
        "shutoff",
        "crashed",
        "disk-snapshot",
    ];
    if let Some((a, _)) = root.attrs.first() {
        return Err(format!("Invalid attribute {a} for element domainsnapshot"));
    }
    for (i, c) in root.children.iter().enumerate() {
        if !ELEMENTS.contains(&c.name.as_str()) {
            return Err(format!(
                "Element {} is not allowed in domainsnapshot",
                c.name
            ));
        }
        if root.children[..i].iter().any(|p| p.name == c.name) {
            return Err(format!("Element {} appears more than once", c.name));
        }
        let text_only = |n: &Node| {
            if n.children.is_empty() && n.attrs.is_empty() {
                Ok(())
            } else {
                Err(format!("Element {} may hold text only", n.name))
            }
        };
        match c.name.as_str() {
            "name" | "description" | "creationTime" => text_only(c)?,
            "state" => {
                text_only(c)?;
                if !STATES.contains(&c.text.as_str()) {
                    return Err(format!("Invalid value '{}' for element state", c.text));
                }
            }
            "active" => {
                text_only(c)?;
                if c.text != "0" && c.text != "1" {
                    return Err(format!("Invalid value '{}' for element active", c.text));
                }
            }
            "memory" => {
                if !c.children.is_empty() || !c.text.trim().is_empty() {
                    return Err("Element memory must be empty".into());
                }
                for (a, _) in &c.attrs {
                    if a != "snapshot" && a != "file" {
                        return Err(format!("Invalid attribute {a} for element memory"));
                    }
                }
                let ok = match (c.attr("snapshot"), c.attr("file")) {
                    (Some("no" | "internal"), None) => true,
                    (None | Some("external"), Some(f)) => f.starts_with('/'),
                    _ => false,
                };
                if !ok {
                    return Err("Invalid attributes for element memory".into());
                }
            }
            "disks" => {
                for d in &c.children {
                    if d.name != "disk" || d.attr("name").is_none() {
                        return Err(format!("Element {} is not allowed in disks", d.name));
                    }
                }
            }
            "parent" => match c.children.as_slice() {
                [n] if n.name == "name" && n.children.is_empty() => {}
                _ => return Err("Element parent must hold one name".into()),
            },
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_libvirt() {
        let d = SnapshotDesc {
            name: "s<1>",
            description: Some("a & b"),
            state: Some("running"),
            parent: Some("root"),
            creation_time: 1700000000,
            domain_uuid: "564d9bfb-d3c1-2f4f-7c6e-4d1a2b3c4d5e",
        };
        assert_eq!(
            format(&d),
            "<domainsnapshot>\n  <name>s&lt;1&gt;</name>\n  <description>a &amp; b</description>\n  \
<state>running</state>\n  <parent>\n    <name>root</name>\n  </parent>\n  \
<creationTime>1700000000</creationTime>\n  <domain>\n    \
<uuid>564d9bfb-d3c1-2f4f-7c6e-4d1a2b3c4d5e</uuid>\n  </domain>\n</domainsnapshot>\n"
        );
        let bare = SnapshotDesc {
            description: None,
            state: None,
            parent: None,
            creation_time: 0,
            ..d
        };
        assert_eq!(
            format(&bare),
            "<domainsnapshot>\n  <name>s&lt;1&gt;</name>\n  <domain>\n    \
<uuid>564d9bfb-d3c1-2f4f-7c6e-4d1a2b3c4d5e</uuid>\n  </domain>\n</domainsnapshot>\n"
        );
    }

    fn err(xml: &str) -> (i32, i32, String) {
        let e = parse(xml, false, 1).unwrap_err();
        (e.domain, e.code, e.message)
    }

    #[test]
    fn parses_as_libvirt() {
        let s = parse(
            "<domainsnapshot><name>n</name><description>d</description></domainsnapshot>",
            false,
            1,
        )
        .unwrap();
        assert_eq!(
            (s.name.as_str(), s.description.as_deref()),
            ("n", Some("d"))
        );
        assert!(!s.has_disks);
        let s = parse("<domainsnapshot><name></name></domainsnapshot>", false, 42).unwrap();
        assert_eq!((s.name.as_str(), s.description), ("42", None));
        let s = parse(
            "<domainsnapshot><memory snapshot='no'/><disks><disk name='sda'/></disks></domainsnapshot>",
            false,
            1,
        )
        .unwrap();
        assert!(s.has_disks);
        assert_eq!(
            err("<domain/>"),
            (
                domain::XML,
                code::XML_ERROR,
                "XML error: expecting root element of 'domainsnapshot', not 'domain'".into()
            )
        );
        assert_eq!(err("<domainsnapshot>").1, code::XML_DETAIL);
        assert_eq!(
            err("<domainsnapshot><memory snapshot='manual'/></domainsnapshot>").2,
            "XML error: 'manual' memory snapshot mode not supported"
        );
        assert_eq!(
            err("<domainsnapshot><memory snapshot='bogus'/></domainsnapshot>").2,
            "XML error: Invalid value for attribute 'snapshot' in element 'memory': 'bogus'."
        );
        assert_eq!(
            err("<domainsnapshot><memory snapshot='default'/></domainsnapshot>").1,
            code::XML_ERROR
        );
        assert!(
            err("<domainsnapshot><memory snapshot='no' file='/f'/></domainsnapshot>")
                .2
                .contains("requires external snapshot")
        );
        assert!(
            err("<domainsnapshot><memory snapshot='external'/></domainsnapshot>")
                .2
                .contains("require a filename")
        );
        assert!(err("<domainsnapshot><memory file='f'/></domainsnapshot>")
            .2
            .contains("must be absolute"));
        assert_eq!(
            err("<domainsnapshot><disks><disk/></disks></domainsnapshot>").1,
            code::INTERNAL_ERROR
        );
    }

    #[test]
    fn validates_the_schema_structure() {
        let ok =
            "<domainsnapshot><name>n</name><state>running</state><memory snapshot='internal'/>\
<parent><name>p</name></parent><active>1</active><domain><uuid>x</uuid></domain></domainsnapshot>";
        assert!(parse(ok, true, 1).is_ok());
        for bad in [
            "<domainsnapshot><bogus/></domainsnapshot>",
            "<domainsnapshot><name>a</name><name>b</name></domainsnapshot>",
            "<domainsnapshot><state>sleepy</state></domainsnapshot>",
            "<domainsnapshot><memory snapshot='no' file='/x'/></domainsnapshot>",
            "<domainsnapshot><parent/></domainsnapshot>",
            "<domainsnapshot x='1'/>",
        ] {
            let e = parse(bad, true, 1).unwrap_err();
            assert_eq!(
                (e.domain, e.code),
                (domain::XML, code::XML_INVALID_SCHEMA),
                "{bad}"
            );
            // without VALIDATE, libvirt reads what it knows and ignores the rest
            if !bad.contains("memory") {
                assert!(parse(bad, false, 1).is_ok(), "{bad}");
            }
        }
    }
}
