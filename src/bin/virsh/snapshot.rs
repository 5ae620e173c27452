//! Snapshots: `snapshot-create-as`, `snapshot-list`, `snapshot-current`, `snapshot-info`,
//! `snapshot-parent`, `snapshot-dumpxml`, `snapshot-revert`, `snapshot-delete`.

use crate::api::*;
use crate::domain::{opt_domain, print_table};
use crate::ffi::*;
use crate::vsh::{self, argv, cmd, data, flag, named, string, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd(
        "snapshot-create-as",
        &[
            data("domain"),
            string("name"),
            string("description"),
            flag("print-xml"),
            flag("no-metadata"),
            flag("halt"),
            flag("disk-only"),
            flag("reuse-external"),
            flag("quiesce"),
            flag("atomic"),
            flag("live"),
            flag("validate"),
            named("memspec"),
            argv("diskspec"),
        ],
        create_as,
    ),
    cmd(
        "snapshot-list",
        &[
            data("domain"),
            flag("parent"),
            flag("roots"),
            flag("leaves"),
            flag("no-leaves"),
            flag("metadata"),
            flag("no-metadata"),
            flag("inactive"),
            flag("active"),
            flag("disk-only"),
            flag("internal"),
            flag("external"),
            flag("tree"),
            string("from"),
            flag("current"),
            flag("descendants"),
            flag("name"),
            flag("topological"),
        ],
        list,
    ),
    cmd(
        "snapshot-current",
        &[
            data("domain"),
            flag("name"),
            flag("security-info"),
            string("snapshotname"),
        ],
        current,
    ),
    cmd(
        "snapshot-info",
        &[data("domain"), string("snapshotname"), flag("current")],
        info,
    ),
    cmd(
        "snapshot-parent",
        &[data("domain"), string("snapshotname"), flag("current")],
        parent,
    ),
    cmd(
        "snapshot-dumpxml",
        &[data("domain"), data("snapshotname"), flag("security-info")],
        dumpxml,
    ),
    cmd(
        "snapshot-revert",
        &[
            data("domain"),
            string("snapshotname"),
            flag("current"),
            flag("running"),
            flag("paused"),
            flag("force"),
            flag("reset-nvram"),
        ],
        revert,
    ),
    cmd(
        "snapshot-delete",
        &[
            data("domain"),
            string("snapshotname"),
            flag("current"),
            flag("children"),
            flag("children-only"),
            flag("metadata"),
        ],
        delete,
    ),
];

/// Text escaped for XML as libvirt's `virBufferEscapeString` escapes it.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
    out
}

fn create_as(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let mut flags = 0;
    for (opt, f) in [
        ("no-metadata", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA),
        ("halt", VIR_DOMAIN_SNAPSHOT_CREATE_HALT),
        ("disk-only", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY),
        ("reuse-external", VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT),
        ("quiesce", VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE),
        ("atomic", VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC),
        ("live", VIR_DOMAIN_SNAPSHOT_CREATE_LIVE),
        ("validate", VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    let mut xml = String::from("<domainsnapshot>\n");
    if let Some(n) = a.get("name") {
        xml.push_str(&format!("  <name>{}</name>\n", escape(n)));
    }
    if let Some(d) = a.get("description") {
        xml.push_str(&format!("  <description>{}</description>\n", escape(d)));
    }
    if let Some(m) = a.get("memspec") {
        xml.push_str(&format!("  <memory file='{}'/>\n", escape(m)));
    }
    if !a.rest.is_empty() {
        xml.push_str("  <disks>\n");
        for d in &a.rest {
            xml.push_str(&format!("    <disk name='{}'/>\n", escape(d)));
        }
        xml.push_str("  </disks>\n");
    }
    xml.push_str("</domainsnapshot>\n");
    if a.has("print-xml") {
        println!("{xml}");
        return Ok(());
    }
    let x = c(&xml);
    // SAFETY: a live handle and a C string
    let snap = Snap::new(unsafe { virDomainSnapshotCreateXML(dom.0, x.as_ptr(), flags as c_uint) })
        .ok_or(())?;
    ctl.extra(&format!("Domain snapshot {} created", snap.name()));
    Ok(())
}

/// The snapshot named by `snapshotname`, or the current one with `--current`.
fn opt_snapshot(dom: &Dom, a: &Args) -> Result<Snap, ()> {
    if a.has("current") && a.has("snapshotname") {
        vsh::error("Options --current and --snapshotname are mutually exclusive");
        return Err(());
    }
    if a.has("current") {
        // SAFETY: a live handle
        return Snap::new(unsafe { virDomainSnapshotCurrent(dom.0, 0) }).ok_or(());
    }
    let Some(name) = a.get("snapshotname") else {
        vsh::error("--snapshotname or --current is required");
        return Err(());
    };
    let n = c(name);
    // SAFETY: a live handle and a C string
    Snap::new(unsafe { virDomainSnapshotLookupByName(dom.0, n.as_ptr(), 0) }).ok_or(())
}

/// The text of the first `<tag>` in `xml` (the snapshot XML is libvirt's own, flat enough).
fn element<'x>(xml: &'x str, tag: &str) -> Option<&'x str> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(&xml[start..end])
}

/// A creation time as virsh shows it: local time, `%Y-%m-%d %H:%M:%S %z`.
fn local_time(secs: i64) -> String {
    let t = secs as libc::time_t;
    let mut buf = [0 as c_char; 64];
    // SAFETY: localtime_r into our struct, strftime into our buffer
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        libc::localtime_r(&t, &mut tm);
        let fmt = c("%Y-%m-%d %H:%M:%S %z");
        libc::strftime(buf.as_mut_ptr(), buf.len(), fmt.as_ptr(), &tm);
    }
    borrowed(buf.as_ptr()).unwrap_or_default()
}

fn list(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let mut flags = 0;
    for (opt, f) in [
        ("roots", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS),
        ("leaves", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES),
        ("no-leaves", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES),
        ("metadata", VIR_DOMAIN_SNAPSHOT_LIST_METADATA),
        ("no-metadata", VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA),
        ("inactive", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE),
        ("active", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE),
        ("disk-only", VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY),
        ("internal", VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL),
        ("external", VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL),
        ("topological", VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    let mut list: *mut virDomainSnapshotPtr = std::ptr::null_mut();
    // SAFETY: a live handle and an out-pointer
    let n = unsafe { virDomainListAllSnapshots(dom.0, &mut list, flags as c_uint) };
    if n < 0 {
        return Err(());
    }
    let mut snaps: Vec<(String, String)> = Vec::new();
    for s in take_array(list, n, Snap) {
        // SAFETY: a live handle
        let xml = owned(unsafe { virDomainSnapshotGetXMLDesc(s.0, 0) }).ok_or(())?;
        snaps.push((s.name(), xml));
    }
    if !a.has("topological") {
        snaps.sort_by_key(|(n, _)| n.to_lowercase());
    }
    if a.has("name") {
        for (n, _) in &snaps {
            println!("{n}");
        }
        return Ok(());
    }
    let parent = a.has("parent");
    let rows: Vec<Vec<String>> = snaps
        .iter()
        .map(|(name, xml)| {
            let time = element(xml, "creationTime")
                .and_then(|t| t.parse().ok())
                .map(local_time)
                .unwrap_or_default();
            let state = element(xml, "state").unwrap_or_default().to_string();
            let mut row = vec![name.clone(), time, state];
            if parent {
                let p = element(xml, "parent")
                    .and_then(|p| element(p, "name"))
                    .unwrap_or_default();
                row.push(p.to_string());
            }
            row
        })
        .collect();
    if parent {
        print_table(ctl, &["Name", "Creation Time", "State", "Parent"], &rows);
    } else {
        print_table(ctl, &["Name", "Creation Time", "State"], &rows);
    }
    Ok(())
}

fn current(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    if a.get("snapshotname").is_some() {
        vsh::error("setting the current snapshot is not supported by this connection");
        return Err(());
    }
    // SAFETY: a live handle
    let has = unsafe { virDomainHasCurrentSnapshot(dom.0, 0) };
    if has < 0 {
        return Err(());
    }
    if has == 0 {
        vsh::error(&format!("domain '{}' has no current snapshot", dom.name()));
        return Err(());
    }
    // SAFETY: a live handle
    let snap = Snap::new(unsafe { virDomainSnapshotCurrent(dom.0, 0) }).ok_or(())?;
    let flags = if a.has("security-info") {
        VIR_DOMAIN_SNAPSHOT_XML_SECURE
    } else {
        0
    };
    // SAFETY: a live handle
    let xml = owned(unsafe { virDomainSnapshotGetXMLDesc(snap.0, flags as c_uint) }).ok_or(())?;
    if a.has("name") {
        print!("{}", snap.name());
    } else {
        print!("{xml}");
    }
    Ok(())
}

fn dumpxml(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let n = c(a.get("snapshotname").unwrap_or_default());
    // SAFETY: a live handle and a C string
    let snap =
        Snap::new(unsafe { virDomainSnapshotLookupByName(dom.0, n.as_ptr(), 0) }).ok_or(())?;
    let flags = if a.has("security-info") {
        VIR_DOMAIN_SNAPSHOT_XML_SECURE
    } else {
        0
    };
    // SAFETY: a live handle
    let xml = owned(unsafe { virDomainSnapshotGetXMLDesc(snap.0, flags as c_uint) }).ok_or(())?;
    print!("{xml}");
    Ok(())
}

fn revert(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let snap = opt_snapshot(&dom, a)?;
    let mut flags = 0;
    for (opt, f) in [
        ("running", VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING),
        ("paused", VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED),
        ("force", VIR_DOMAIN_SNAPSHOT_REVERT_FORCE),
        ("reset-nvram", VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    // SAFETY: a live handle
    if unsafe { virDomainRevertToSnapshot(snap.0, flags as c_uint) } < 0 {
        return Err(());
    }
    ctl.extra(&format!("Domain snapshot {} reverted\n", snap.name()));
    Ok(())
}

fn delete(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let snap = opt_snapshot(&dom, a)?;
    let name = snap.name();
    let mut flags = 0;
    for (opt, f) in [
        ("children", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN),
        ("children-only", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY),
        ("metadata", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    // SAFETY: a live handle
    if unsafe { virDomainSnapshotDelete(snap.0, flags as c_uint) } < 0 {
        vsh::error(&format!("Failed to delete snapshot {name}"));
        return Err(());
    }
    if a.has("children-only") {
        ctl.extra(&format!("Domain snapshot {name} children deleted\n"));
    } else {
        ctl.extra(&format!("Domain snapshot {name} deleted\n"));
    }
    Ok(())
}

fn info(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let snap = opt_snapshot(&dom, a)?;
    let name = snap.name();
    let line = |k: &str, v: &str| println!("{k:<15} {v}");
    line("Name:", &name);
    line("Domain:", &dom.name());
    // SAFETY: live handles throughout
    let mut current = unsafe { virDomainSnapshotIsCurrent(snap.0, 0) };
    if current < 0 {
        let other = Snap::new(unsafe { virDomainSnapshotCurrent(dom.0, 0) });
        vsh::reset_error();
        current = other.is_some_and(|o| o.name() == name) as c_int;
    }
    line("Current:", if current > 0 { "yes" } else { "no" });
    let xml = owned(unsafe { virDomainSnapshotGetXMLDesc(snap.0, 0) }).ok_or(())?;
    let Some(state) = element(&xml, "state") else {
        return vsh::fail("unexpected problem reading snapshot xml");
    };
    line("State:", state);
    let external = xml.contains("snapshot='external'");
    line("Location:", if external { "external" } else { "internal" });
    let parent = element(&xml, "parent").and_then(|p| element(p, "name"));
    line("Parent:", parent.unwrap_or("-"));
    let children = unsafe { virDomainSnapshotNumChildren(snap.0, 0) };
    if children < 0 {
        return if crate::domain::no_support() {
            Ok(())
        } else {
            Err(())
        };
    }
    println!("{:<15} {children}", "Children:");
    let flags = VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS as c_uint;
    let descendants = unsafe { virDomainSnapshotNumChildren(snap.0, flags) };
    if descendants < 0 {
        return Err(());
    }
    println!("{:<15} {descendants}", "Descendants:");
    let metadata = unsafe { virDomainSnapshotHasMetadata(snap.0, 0) };
    if metadata >= 0 {
        line("Metadata:", if metadata > 0 { "yes" } else { "no" });
    }
    Ok(())
}

fn parent(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let snap = opt_snapshot(&dom, a)?;
    // SAFETY: a live handle
    let xml = owned(unsafe { virDomainSnapshotGetXMLDesc(snap.0, 0) }).ok_or(())?;
    match element(&xml, "parent").and_then(|p| element(p, "name")) {
        Some(p) => {
            print!("{p}");
            Ok(())
        }
        None => vsh::fail(&format!("snapshot '{}' has no parent", snap.name())),
    }
}
