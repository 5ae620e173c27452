//! Snapshots as libvirt's ESX driver has them: a VM's snapshot tree (`snapshot.rootSnapshotList`,
//! `snapshot.currentSnapshot`) read in one property-collector call per query, snapshots named
//! by their names, and `CreateSnapshot_Task`, `RevertToSnapshot_Task` and `RemoveSnapshot_Task`
//! awaited with the VM's questions handled. ESX keeps no libvirt metadata: the METADATA flags
//! answer as libvirt's driver answers them.
//!
//! Beyond libvirt's driver: `virDomainListAllSnapshots` and `virDomainSnapshotListAllChildren`
//! with their filters, revert flags RUNNING, PAUSED and FORCE, and deleting only the children
//! (`DELETE_CHILDREN_ONLY`).

use super::domain::{check_flags, format_uuid, Domain};
use super::Connection;
use crate::domxml::snapshot::{self as snapxml, SnapshotDesc};
use crate::error::{code, domain as from, Error, Result};
use crate::vsphere::{MoRef, SnapshotTree};

/// The properties the snapshot calls read.
const ROOT_LIST: &str = "snapshot.rootSnapshotList";
const CURRENT: &str = "snapshot.currentSnapshot";

/// libvirt's `virDomainSnapshot*Flags` values the driver reads.
pub mod flags {
    pub const CREATE_NO_METADATA: u32 = 1 << 2;
    pub const CREATE_DISK_ONLY: u32 = 1 << 4;
    pub const CREATE_QUIESCE: u32 = 1 << 6;
    pub const CREATE_VALIDATE: u32 = 1 << 9;

    pub const LIST_ROOTS: u32 = 1 << 0;
    pub const LIST_DESCENDANTS: u32 = 1 << 0;
    pub const LIST_METADATA: u32 = 1 << 1;
    pub const LIST_LEAVES: u32 = 1 << 2;
    pub const LIST_NO_LEAVES: u32 = 1 << 3;
    pub const LIST_NO_METADATA: u32 = 1 << 4;
    pub const LIST_INACTIVE: u32 = 1 << 5;
    pub const LIST_ACTIVE: u32 = 1 << 6;
    pub const LIST_DISK_ONLY: u32 = 1 << 7;
    pub const LIST_INTERNAL: u32 = 1 << 8;
    pub const LIST_EXTERNAL: u32 = 1 << 9;
    pub const LIST_TOPOLOGICAL: u32 = 1 << 10;
    pub const FILTERS_LEAVES: u32 = LIST_LEAVES | LIST_NO_LEAVES;
    pub const FILTERS_METADATA: u32 = LIST_METADATA | LIST_NO_METADATA;
    pub const FILTERS_STATUS: u32 = LIST_INACTIVE | LIST_ACTIVE | LIST_DISK_ONLY;
    pub const FILTERS_LOCATION: u32 = LIST_INTERNAL | LIST_EXTERNAL;
    pub const FILTERS_ALL: u32 =
        FILTERS_LEAVES | FILTERS_METADATA | FILTERS_STATUS | FILTERS_LOCATION;

    pub const REVERT_RUNNING: u32 = 1 << 0;
    pub const REVERT_PAUSED: u32 = 1 << 1;
    pub const REVERT_FORCE: u32 = 1 << 2;

    pub const DELETE_CHILDREN: u32 = 1 << 0;
    pub const DELETE_METADATA_ONLY: u32 = 1 << 1;
    pub const DELETE_CHILDREN_ONLY: u32 = 1 << 2;
}
use flags::*;

/// A VM's snapshots as one call read them.
struct Snapshots {
    roots: Vec<SnapshotTree>,
    current: Option<MoRef>,
}

/// `esxVI_GetSnapshotTreeByName`: the snapshot called `name`, depth first, and its parent.
fn find<'a>(
    list: &'a [SnapshotTree],
    name: &str,
) -> Option<(&'a SnapshotTree, Option<&'a SnapshotTree>)> {
    for t in list {
        if t.name == name {
            return Some((t, None));
        }
        if let Some((found, parent)) = find(&t.children, name) {
            return Some((found, parent.or(Some(t))));
        }
    }
    None
}

/// The snapshot whose managed object is `moref`.
fn find_ref<'a>(list: &'a [SnapshotTree], moref: &MoRef) -> Option<&'a SnapshotTree> {
    list.iter().find_map(|t| {
        if t.snapshot.value == moref.value {
            Some(t)
        } else {
            find_ref(&t.children, moref)
        }
    })
}

fn no_snapshot(detail: String) -> Error {
    Error::new(from::ESX, code::NO_DOMAIN_SNAPSHOT, detail)
}

/// `esxVI_GetSnapshotTreeNames`: the names depth first (parents before children); with
/// `leaves`, only snapshots without children.
fn tree_names(list: &[SnapshotTree], recurse: bool, leaves: bool, out: &mut Vec<String>) {
    for t in list {
        if !leaves || t.children.is_empty() {
            out.push(t.name.clone());
        }
        if recurse {
            tree_names(&t.children, true, leaves, out);
        }
    }
}

/// The names of the snapshots in `list` (and below, with `recurse`) that pass the list-all
/// filters, as libvirt's snapshot lists filter: leaves, status (the power state a snapshot
/// keeps: powered off is INACTIVE; ESX has no disk-only state), location (every ESX snapshot is
/// internal) and metadata (ESX keeps none). Parents come before children (TOPOLOGICAL).
fn filtered(list: &[SnapshotTree], recurse: bool, flags: u32) -> Vec<String> {
    let group = |f: u32, all: u32| if f & all == all { 0 } else { f & all };
    let leaves = group(flags, FILTERS_LEAVES);
    let status = group(flags, FILTERS_STATUS);
    let location = group(flags, FILTERS_LOCATION);
    if group(flags, FILTERS_METADATA) == LIST_METADATA || location == LIST_EXTERNAL {
        return Vec::new();
    }
    fn walk(list: &[SnapshotTree], recurse: bool, leaves: u32, status: u32, out: &mut Vec<String>) {
        for t in list {
            let leaf = t.children.is_empty();
            let inactive = t.state == "poweredOff";
            let keep = (leaves != LIST_LEAVES || leaf)
                && (leaves != LIST_NO_LEAVES || !leaf)
                && (status == 0
                    || (inactive && status & LIST_INACTIVE != 0)
                    || (!inactive && status & LIST_ACTIVE != 0));
            if keep {
                out.push(t.name.clone());
            }
            if recurse {
                walk(&t.children, true, leaves, status, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(list, recurse, leaves, status, &mut out);
    out
}

/// `esxVI_VirtualMachinePowerState_ConvertToLibvirt` as a snapshot state name.
fn state_name(power_state: &str) -> Option<&'static str> {
    match power_state {
        "poweredOn" => Some("running"),
        "suspended" => Some("paused"),
        "poweredOff" => Some("shutoff"),
        _ => None,
    }
}

/// `esxVI_DateTime_ConvertToCalendarTime`: an `xsd:dateTime` (`[-]CCYY-MM-DDTHH:MM:SS[.s+]`
/// and `Z` or an offset; UTC when none) as seconds since the epoch; a negative year is 0.
pub(crate) fn epoch_seconds(text: &str) -> Result<i64> {
    let bad = || Error::internal(format!("xsd:dateTime value '{text}' has unexpected format"));
    if text.starts_with('-') {
        return Ok(0);
    }
    let (date, time) = text.split_once('T').ok_or_else(bad)?;
    let num = |s: &str| -> Result<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let mut d = date.splitn(3, '-');
    let (y, mo, da) = (
        num(d.next().unwrap_or(""))?,
        num(d.next().unwrap_or(""))?,
        num(d.next().unwrap_or(""))?,
    );
    let digits_end = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let mut t = time.splitn(3, ':');
    let (h, mi) = (num(t.next().unwrap_or(""))?, num(t.next().unwrap_or(""))?);
    let rest = t.next().ok_or_else(bad)?;
    let sec_end = digits_end(rest);
    let s = num(&rest[..sec_end])?;
    let mut zone = &rest[sec_end..];
    if let Some(frac) = zone.strip_prefix('.') {
        let end = digits_end(frac);
        if end == 0 {
            return Err(bad());
        }
        zone = &frac[end..];
    }
    let offset = match zone {
        "" | "Z" => 0,
        z if z.starts_with('+') || z.starts_with('-') => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let hm: String = z[1..].chars().filter(|c| *c != ':').collect();
            let (oh, om) = match hm.len() {
                2 => (num(&hm)?, 0),
                4 => (num(&hm[..2])?, num(&hm[2..])?),
                _ => return Err(bad()),
            };
            sign * (oh * 3600 + om * 60)
        }
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) || h > 23 || mi > 59 || s > 59 {
        return Err(bad());
    }
    // days from 1970-01-01 to the date (proleptic Gregorian calendar)
    let (yy, mm) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + da - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Ok(days * 86400 + h * 3600 + mi * 60 + s - offset)
}

impl Connection {
    /// The domain's snapshot tree (and current snapshot), in one call.
    fn snapshots(&self, d: &Domain, with_current: bool) -> Result<Snapshots> {
        let paths: &[&str] = if with_current {
            &[ROOT_LIST, CURRENT]
        } else {
            &[ROOT_LIST]
        };
        let o = self.vm(d, paths)?;
        Ok(Snapshots {
            roots: o
                .get(ROOT_LIST)
                .map(SnapshotTree::list)
                .transpose()?
                .unwrap_or_default(),
            current: o.get_moref(CURRENT),
        })
    }

    /// The snapshot called `name` (libvirt's "Could not find snapshot with name" otherwise).
    fn lookup<'a>(
        s: &'a Snapshots,
        name: &str,
    ) -> Result<(&'a SnapshotTree, Option<&'a SnapshotTree>)> {
        find(&s.roots, name)
            .ok_or_else(|| no_snapshot(format!("Could not find snapshot with name '{name}'")))
    }

    /// `esxVI_LookupCurrentSnapshotTree`: the current snapshot's tree, if there is one.
    fn current(s: &Snapshots) -> Result<Option<&SnapshotTree>> {
        let Some(current) = &s.current else {
            return Ok(None);
        };
        if s.roots.is_empty() {
            return Err(Error::internal("Could not lookup root snapshot list"));
        }
        find_ref(&s.roots, current).map(Some).ok_or_else(|| {
            no_snapshot(format!(
                "Could not find domain snapshot with internal name '{}'",
                current.value
            ))
        })
    }

    /// A task on the domain's VM, awaited; a failure is `what` with the task's message.
    fn snapshot_task(
        &self,
        d: &Domain,
        task: MoRef,
        what: impl FnOnce(&str) -> String,
    ) -> Result<()> {
        self.wait_vm_task(d, &task)?.map_err(|i| i.error(what))
    }

    /// `virDomainSnapshotCreateXML`: returns the new snapshot's name.
    pub fn snapshot_create(&self, d: &Domain, xml: &str, flags: u32) -> Result<String> {
        check_flags(
            flags,
            CREATE_DISK_ONLY | CREATE_QUIESCE | CREATE_NO_METADATA | CREATE_VALIDATE,
            "esxDomainSnapshotCreateXML",
        )?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|t| t.as_secs() as i64)
            .unwrap_or(0);
        let spec = snapxml::parse(xml, flags & CREATE_VALIDATE != 0, now)?;
        if spec.has_disks {
            return Err(Error::config_unsupported(
                "disk snapshots not supported yet",
            ));
        }
        let o = self.prepare_vm_for_task(d, &[ROOT_LIST])?;
        let roots = o
            .get(ROOT_LIST)
            .map(SnapshotTree::list)
            .transpose()?
            .unwrap_or_default();
        if find(&roots, &spec.name).is_some() {
            return Err(Error::new(
                from::ESX,
                code::OPERATION_INVALID,
                format!("Snapshot '{}' already exists", spec.name),
            ));
        }
        let task = self.primary.client.create_snapshot_task(
            &d.moref,
            &spec.name,
            spec.description.as_deref(),
            flags & CREATE_DISK_ONLY == 0,
            flags & CREATE_QUIESCE != 0,
        )?;
        self.snapshot_task(d, task, |m| format!("Could not create snapshot: {m}"))?;
        Ok(spec.name)
    }

    /// `virDomainSnapshotGetXMLDesc`.
    pub fn snapshot_xml(&self, d: &Domain, name: &str, flags: u32) -> Result<String> {
        check_flags(flags, 0, "esxDomainSnapshotGetXMLDesc")?;
        let s = self.snapshots(d, false)?;
        let (t, parent) = Self::lookup(&s, name)?;
        let uuid = format_uuid(&d.uuid);
        Ok(snapxml::format(&SnapshotDesc {
            name,
            description: t.description.as_deref(),
            state: state_name(&t.state),
            parent: parent.map(|p| p.name.as_str()),
            creation_time: epoch_seconds(&t.create_time)?,
            domain_uuid: &uuid,
        }))
    }

    /// `virDomainSnapshotNum`.
    pub fn snapshot_num(&self, d: &Domain, flags: u32) -> Result<i32> {
        check_flags(
            flags,
            LIST_ROOTS | LIST_METADATA | LIST_LEAVES,
            "esxDomainSnapshotNum",
        )?;
        if flags & LIST_METADATA != 0 {
            return Ok(0);
        }
        let s = self.snapshots(d, false)?;
        let mut names = Vec::new();
        tree_names(
            &s.roots,
            flags & LIST_ROOTS == 0,
            flags & LIST_LEAVES != 0,
            &mut names,
        );
        Ok(names.len() as i32)
    }

    /// `virDomainSnapshotListNames`: at most `max` names; `None` when the caller gave no array
    /// (libvirt's driver refuses that even for 0 names).
    pub fn snapshot_list_names(
        &self,
        d: &Domain,
        max: Option<usize>,
        flags: u32,
    ) -> Result<Vec<String>> {
        check_flags(
            flags,
            LIST_ROOTS | LIST_METADATA | LIST_LEAVES,
            "esxDomainSnapshotListNames",
        )?;
        let max =
            max.ok_or_else(|| Error::new(from::ESX, code::INVALID_ARG, "Invalid argument"))?;
        if max == 0 || flags & LIST_METADATA != 0 {
            return Ok(Vec::new());
        }
        let s = self.snapshots(d, false)?;
        let mut names = Vec::new();
        tree_names(
            &s.roots,
            flags & LIST_ROOTS == 0,
            flags & LIST_LEAVES != 0,
            &mut names,
        );
        names.truncate(max);
        Ok(names)
    }

    /// `virDomainSnapshotNumChildren`.
    pub fn snapshot_num_children(&self, d: &Domain, name: &str, flags: u32) -> Result<i32> {
        check_flags(
            flags,
            LIST_DESCENDANTS | LIST_METADATA | LIST_LEAVES,
            "esxDomainSnapshotNumChildren",
        )?;
        let s = self.snapshots(d, false)?;
        let (t, _) = Self::lookup(&s, name)?;
        if flags & LIST_METADATA != 0 {
            return Ok(0);
        }
        let mut names = Vec::new();
        tree_names(
            &t.children,
            flags & LIST_DESCENDANTS != 0,
            flags & LIST_LEAVES != 0,
            &mut names,
        );
        Ok(names.len() as i32)
    }

    /// `virDomainSnapshotListChildrenNames`: at most `max` names (`None`: no array given).
    pub fn snapshot_list_children_names(
        &self,
        d: &Domain,
        name: &str,
        max: Option<usize>,
        flags: u32,
    ) -> Result<Vec<String>> {
        check_flags(
            flags,
            LIST_DESCENDANTS | LIST_METADATA | LIST_LEAVES,
            "esxDomainSnapshotListChildrenNames",
        )?;
        let max =
            max.ok_or_else(|| Error::new(from::ESX, code::INVALID_ARG, "Invalid argument"))?;
        if max == 0 {
            return Ok(Vec::new());
        }
        let s = self.snapshots(d, false)?;
        let (t, _) = Self::lookup(&s, name)?;
        if flags & LIST_METADATA != 0 {
            return Ok(Vec::new());
        }
        let mut names = Vec::new();
        tree_names(
            &t.children,
            flags & LIST_DESCENDANTS != 0,
            flags & LIST_LEAVES != 0,
            &mut names,
        );
        names.truncate(max);
        Ok(names)
    }

    /// `virDomainListAllSnapshots` (beyond libvirt's ESX driver): every snapshot, or the roots
    /// (`LIST_ROOTS`), that pass the filters.
    pub fn list_all_snapshots(&self, d: &Domain, flags: u32) -> Result<Vec<String>> {
        check_flags(
            flags,
            LIST_ROOTS | LIST_TOPOLOGICAL | FILTERS_ALL,
            "esxDomainListAllSnapshots",
        )?;
        let s = self.snapshots(d, false)?;
        Ok(filtered(&s.roots, flags & LIST_ROOTS == 0, flags))
    }

    /// `virDomainSnapshotListAllChildren` (beyond libvirt's ESX driver): the children, or all
    /// descendants (`LIST_DESCENDANTS`), that pass the filters.
    pub fn snapshot_list_all_children(
        &self,
        d: &Domain,
        name: &str,
        flags: u32,
    ) -> Result<Vec<String>> {
        check_flags(
            flags,
            LIST_DESCENDANTS | LIST_TOPOLOGICAL | FILTERS_ALL,
            "esxDomainSnapshotListAllChildren",
        )?;
        let s = self.snapshots(d, false)?;
        let (t, _) = Self::lookup(&s, name)?;
        Ok(filtered(&t.children, flags & LIST_DESCENDANTS != 0, flags))
    }

    /// `virDomainSnapshotLookupByName`: the snapshot must exist.
    pub fn snapshot_lookup(&self, d: &Domain, name: &str, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainSnapshotLookupByName")?;
        let s = self.snapshots(d, false)?;
        Self::lookup(&s, name).map(|_| ())
    }

    /// `virDomainHasCurrentSnapshot`.
    pub fn has_current_snapshot(&self, d: &Domain, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "esxDomainHasCurrentSnapshot")?;
        let s = self.snapshots(d, true)?;
        Ok(Self::current(&s)?.is_some())
    }

    /// `virDomainSnapshotCurrent`: the current snapshot's name.
    pub fn snapshot_current(&self, d: &Domain, flags: u32) -> Result<String> {
        check_flags(flags, 0, "esxDomainSnapshotCurrent")?;
        let s = self.snapshots(d, true)?;
        Self::current(&s)?
            .map(|t| t.name.clone())
            .ok_or_else(|| no_snapshot("Domain has no current snapshot".into()))
    }

    /// `virDomainSnapshotGetParent`: the parent's name.
    pub fn snapshot_parent(&self, d: &Domain, name: &str, flags: u32) -> Result<String> {
        check_flags(flags, 0, "esxDomainSnapshotGetParent")?;
        let s = self.snapshots(d, false)?;
        let (t, parent) = Self::lookup(&s, name)?;
        parent
            .map(|p| p.name.clone())
            .ok_or_else(|| no_snapshot(format!("snapshot '{}' does not have a parent", t.name)))
    }

    /// `virDomainSnapshotIsCurrent`: the snapshot must exist, and so must a current one.
    pub fn snapshot_is_current(&self, d: &Domain, name: &str, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "esxDomainSnapshotIsCurrent")?;
        let s = self.snapshots(d, true)?;
        Self::lookup(&s, name)?;
        let current = Self::current(&s)?
            .ok_or_else(|| no_snapshot("Domain has no current snapshot".into()))?;
        Ok(current.name == name)
    }

    /// `virDomainSnapshotHasMetadata`: never, once the snapshot is found.
    pub fn snapshot_has_metadata(&self, d: &Domain, name: &str, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "esxDomainSnapshotHasMetadata")?;
        let s = self.snapshots(d, false)?;
        Self::lookup(&s, name).map(|_| false)
    }

    /// `virDomainRevertToSnapshot`. ESX restores the power state the snapshot keeps (running
    /// for a snapshot with memory, off for one without, suspended); beyond libvirt's driver,
    /// RUNNING then powers the VM on (resuming it when suspended) and PAUSED leaves it
    /// suspended (ESX's "paused"). FORCE is accepted: no ESX revert needs it.
    pub fn snapshot_revert(&self, d: &Domain, name: &str, flags: u32) -> Result<()> {
        check_flags(
            flags,
            REVERT_RUNNING | REVERT_PAUSED | REVERT_FORCE,
            "esxDomainRevertToSnapshot",
        )?;
        let s = self.snapshots(d, false)?;
        let (t, _) = Self::lookup(&s, name)?;
        let client = &self.primary.client;
        let task = client.revert_to_snapshot_task(&t.snapshot, None, None)?;
        self.snapshot_task(d, task, |m| {
            format!("Could not revert to snapshot '{name}': {m}")
        })?;
        let power_on = || -> Result<()> {
            let task = client.power_on_vm_task(&d.moref, None)?;
            self.snapshot_task(d, task, |m| format!("Could not start domain: {m}"))
        };
        let suspend = || -> Result<()> {
            let task = client.suspend_vm_task(&d.moref)?;
            self.snapshot_task(d, task, |m| format!("Could not suspend domain: {m}"))
        };
        match (flags & (REVERT_RUNNING | REVERT_PAUSED), t.state.as_str()) {
            (REVERT_RUNNING, "poweredOff" | "suspended") => power_on(),
            (REVERT_PAUSED, "poweredOn") => suspend(),
            (REVERT_PAUSED, "poweredOff") => {
                power_on()?;
                suspend()
            }
            _ => Ok(()),
        }
    }

    /// `virDomainSnapshotDelete`: the snapshot (its children merged into its parent), with
    /// `DELETE_CHILDREN` its whole subtree, with `DELETE_CHILDREN_ONLY` (beyond libvirt's ESX
    /// driver) only its descendants; `DELETE_METADATA_ONLY` changes nothing (ESX keeps none).
    pub fn snapshot_delete(&self, d: &Domain, name: &str, flags: u32) -> Result<()> {
        check_flags(
            flags,
            DELETE_CHILDREN | DELETE_METADATA_ONLY | DELETE_CHILDREN_ONLY,
            "esxDomainSnapshotDelete",
        )?;
        let s = self.snapshots(d, false)?;
        let (t, _) = Self::lookup(&s, name)?;
        if flags & DELETE_METADATA_ONLY != 0 {
            return Ok(());
        }
        let remove = |t: &SnapshotTree, children: bool| -> Result<()> {
            let task = self
                .primary
                .client
                .remove_snapshot_task(&t.snapshot, children)?;
            self.snapshot_task(d, task, |m| {
                format!("Could not delete snapshot '{}': {m}", t.name)
            })
        };
        if flags & DELETE_CHILDREN_ONLY != 0 {
            return t.children.iter().try_for_each(|c| remove(c, true));
        }
        remove(t, flags & DELETE_CHILDREN != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(name: &str, state: &str, children: Vec<SnapshotTree>) -> SnapshotTree {
        SnapshotTree {
            snapshot: MoRef::new("VirtualMachineSnapshot", format!("snap-{name}")),
            name: name.into(),
            description: Some(String::new()),
            create_time: "2024-01-02T03:04:05Z".into(),
            state: state.into(),
            children,
        }
    }

    /// a(off) -> [b(on) -> [d(on)], c(off)]; e(suspended)
    fn sample() -> Vec<SnapshotTree> {
        vec![
            tree(
                "a",
                "poweredOff",
                vec![
                    tree("b", "poweredOn", vec![tree("d", "poweredOn", vec![])]),
                    tree("c", "poweredOff", vec![]),
                ],
            ),
            tree("e", "suspended", vec![]),
        ]
    }

    #[test]
    fn lookups_and_names() {
        let roots = sample();
        let (d, parent) = find(&roots, "d").unwrap();
        assert_eq!((d.name.as_str(), parent.unwrap().name.as_str()), ("d", "b"));
        assert!(find(&roots, "a").unwrap().1.is_none());
        assert!(find(&roots, "zz").is_none());
        assert_eq!(
            find_ref(&roots, &MoRef::new("VirtualMachineSnapshot", "snap-c"))
                .unwrap()
                .name,
            "c"
        );
        let mut all = Vec::new();
        tree_names(&roots, true, false, &mut all);
        assert_eq!(all, ["a", "b", "d", "c", "e"]);
        let mut leaves = Vec::new();
        tree_names(&roots, true, true, &mut leaves);
        assert_eq!(leaves, ["d", "c", "e"]);
        let mut root_leaves = Vec::new();
        tree_names(&roots, false, true, &mut root_leaves);
        assert_eq!(root_leaves, ["e"]);
    }

    #[test]
    fn list_all_filters() {
        let roots = sample();
        let f = |recurse, flags| filtered(&roots, recurse, flags);
        assert_eq!(f(true, 0), ["a", "b", "d", "c", "e"]);
        assert_eq!(f(false, 0), ["a", "e"]);
        assert_eq!(f(true, LIST_LEAVES), ["d", "c", "e"]);
        assert_eq!(f(true, LIST_NO_LEAVES), ["a", "b"]);
        assert_eq!(f(true, FILTERS_LEAVES), f(true, 0));
        assert_eq!(f(true, LIST_INACTIVE), ["a", "c"]);
        assert_eq!(f(true, LIST_ACTIVE), ["b", "d", "e"]);
        assert!(f(true, LIST_DISK_ONLY).is_empty());
        assert_eq!(f(true, LIST_DISK_ONLY | LIST_INACTIVE), ["a", "c"]);
        assert_eq!(f(true, FILTERS_STATUS), f(true, 0));
        assert!(f(true, LIST_METADATA).is_empty());
        assert_eq!(f(true, LIST_NO_METADATA), f(true, 0));
        assert_eq!(f(true, FILTERS_METADATA), f(true, 0));
        assert_eq!(f(true, LIST_INTERNAL), f(true, 0));
        assert!(f(true, LIST_EXTERNAL).is_empty());
        assert_eq!(
            f(true, LIST_LEAVES | LIST_ACTIVE | LIST_TOPOLOGICAL),
            ["d", "e"]
        );
    }

    #[test]
    fn creation_times() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(
            epoch_seconds("2010-04-05T12:13:55.316789+02:00").unwrap(),
            1270462435
        );
        assert_eq!(epoch_seconds("2024-02-29T23:59:59.5").unwrap(), 1709251199);
        assert_eq!(
            epoch_seconds("2000-03-01T00:00:00-0130").unwrap(),
            951874200
        );
        assert_eq!(epoch_seconds("-0001-01-01T00:00:00Z").unwrap(), 0);
        for bad in [
            "",
            "2024-01-01",
            "2024-01-01T00:00",
            "2024-01-01T00:00:00.Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T00:00:00Q",
        ] {
            assert_eq!(
                epoch_seconds(bad).unwrap_err().message,
                format!("internal error: xsd:dateTime value '{bad}' has unexpected format")
            );
        }
    }
}
