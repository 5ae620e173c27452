//! Domain statistics (`virConnectGetAllDomainStats`, `virDomainListGetStats` and the per-domain
//! calls built on them): every VM's configuration and quick statistics in one property-collector
//! call, every counter of every running VM in one `QueryPerf` call, whatever the number of VMs.
//!
//! VMware keeps no counter since boot: its performance manager gives one sample per 20-second
//! interval (a rate or a sum over the interval). libvirt's cumulative fields (`cpu.time`,
//! `net.N.rx.bytes`, `block.N.rd.bytes`, ...) are therefore the sum of the samples this
//! connection has read, each counted once: they only grow, and their differences are the
//! traffic between two reads, which is what monitoring programs compute from them. A group or
//! field VMware cannot answer (a counter the host does not have, quick statistics it does not
//! send) is left out, never reported as 0.

use super::domain::{
    check_flags, gone, identity, list_flags, state_of, Domain, IDENTITY, STATE_PAUSED,
    STATE_RUNNING, STATE_SHUTOFF,
};
use super::resources::{Param, ParamValue};
use super::snapshot::epoch_seconds;
use super::Connection;
use crate::domxml::index_to_disk_name;
use crate::error::{code, domain as from, Error, Result};
use crate::vsphere::{
    Node, Obj, ObjectContent, ObjectSpec, PropertyFilterSpec, PropertySpec, SelectionSpec,
    TraversalSpec, Val, ViError,
};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// `VIR_DOMAIN_STATS_*`: the groups a caller asks for.
pub mod groups {
    pub const STATE: u32 = 1 << 0;
    pub const CPU_TOTAL: u32 = 1 << 1;
    pub const BALLOON: u32 = 1 << 2;
    pub const VCPU: u32 = 1 << 3;
    pub const INTERFACE: u32 = 1 << 4;
    pub const BLOCK: u32 = 1 << 5;
    /// The groups VMware answers.
    pub const SUPPORTED: u32 = STATE | CPU_TOTAL | BALLOON | VCPU | INTERFACE | BLOCK;
    /// The groups that read the performance manager's counters.
    pub const COUNTERS: u32 = CPU_TOTAL | VCPU | INTERFACE | BLOCK;
    /// Not a libvirt group: the other groups without their counters (no `QueryPerf` call).
    pub const NO_COUNTERS: u32 = 1 << 31;
}

/// `VIR_CONNECT_GET_ALL_DOMAINS_STATS_*` beyond the list filters.
pub mod get_flags {
    pub const NOWAIT: u32 = 1 << 29;
    pub const BACKING: u32 = 1 << 30;
    pub const ENFORCE_STATS: u32 = 1 << 31;
}

/// The flags both calls take: the domain filters and the three above.
const ALLOWED_FLAGS: u32 = list_flags::FILTERS_ACTIVE
    | list_flags::PERSISTENT
    | list_flags::TRANSIENT
    | list_flags::FILTERS_STATE
    | get_flags::NOWAIT
    | get_flags::BACKING
    | get_flags::ENFORCE_STATS;

/// One domain's statistics, in libvirt's field names and types.
pub struct Record {
    pub domain: Domain,
    pub params: Vec<Param>,
}

impl Record {
    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.params
            .iter()
            .find(|p| p.field == name)
            .map(|p| &p.value)
    }

    /// An unsigned field as a number.
    pub fn number(&self, name: &str) -> Option<u64> {
        match self.get(name)? {
            ParamValue::UInt(v) => Some(u64::from(*v)),
            ParamValue::ULLong(v) => Some(*v),
            _ => None,
        }
    }

    /// A string field.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            ParamValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The index `i` of the first `prefix.<i>.name` (or `.path`) equal to `device`.
    pub fn device_index(&self, prefix: &str, device: &str, keys: &[&str]) -> Option<usize> {
        let count = self.number(&format!("{prefix}.count"))? as usize;
        (0..count).find(|i| {
            keys.iter()
                .any(|k| self.text(&format!("{prefix}.{i}.{k}")) == Some(device))
        })
    }
}

/// The VM properties each group reads.
fn properties(wanted: u32) -> Vec<&'static str> {
    let mut p: Vec<&str> = IDENTITY.to_vec();
    if wanted & (groups::BALLOON | groups::VCPU) != 0 {
        p.extend(["config.hardware.memoryMB", "config.hardware.numCPU"]);
    }
    if wanted & groups::BALLOON != 0 {
        p.extend(["config.memoryAllocation.limit", "summary.quickStats"]);
    }
    if wanted & (groups::INTERFACE | groups::BLOCK) != 0 {
        p.push("config.hardware.device");
    }
    if wanted & groups::BLOCK != 0 {
        p.push("layoutEx");
    }
    p
}

/// The performance counters read, by their `group.name.rollup` names.
mod counter {
    pub const CPU_USED: &str = "cpu.used.summation";
    pub const NET_RX_BYTES: &str = "net.bytesRx.average";
    pub const NET_TX_BYTES: &str = "net.bytesTx.average";
    pub const NET_RX_PKTS: &str = "net.packetsRx.summation";
    pub const NET_TX_PKTS: &str = "net.packetsTx.summation";
    pub const NET_RX_DROP: &str = "net.droppedRx.summation";
    pub const NET_TX_DROP: &str = "net.droppedTx.summation";
    pub const DISK_READ: &str = "virtualDisk.read.average";
    pub const DISK_WRITE: &str = "virtualDisk.write.average";
    pub const DISK_READS: &str = "virtualDisk.numberReadAveraged.average";
    pub const DISK_WRITES: &str = "virtualDisk.numberWriteAveraged.average";
}

/// How a sample becomes an amount over its interval of `secs` seconds.
fn scaled(counter: &str, value: i64, secs: i64) -> u64 {
    let v = value.max(0) as u64;
    let secs = secs.max(0) as u64;
    match counter {
        // milliseconds in the interval -> nanoseconds
        counter::CPU_USED => v * 1_000_000,
        // KiB per second -> bytes
        counter::NET_RX_BYTES
        | counter::NET_TX_BYTES
        | counter::DISK_READ
        | counter::DISK_WRITE => v * 1024 * secs,
        // per second -> count
        counter::DISK_READS | counter::DISK_WRITES => v * secs,
        // counts in the interval
        _ => v,
    }
}

/// The real-time interval of ESX's performance manager (seconds).
const REALTIME_INTERVAL: i32 = 20;
/// At most this many samples per read (an hour of real-time samples, all ESX keeps).
const MAX_SAMPLES: i32 = 180;

/// A connection's view of the performance manager: the counter ids (read once, in the first
/// statistics call) and the running totals of what it has read.
#[derive(Default)]
pub struct Perf {
    counters: OnceLock<HashMap<String, i32>>,
    totals: Mutex<Totals>,
}

/// (VM, counter id, instance)
type Key = (String, i32, String);

#[derive(Default)]
struct Totals {
    /// the sum of the samples read, and the newest of them (epoch seconds, and as the server
    /// wrote it)
    sums: HashMap<Key, (u64, i64, String)>,
}

/// `PerformanceManager.perfCounter` as `group.name.rollup` -> key.
fn counter_ids(list: &Node) -> HashMap<String, i32> {
    list.children
        .iter()
        .filter_map(|c| {
            let key = c.child("key")?.as_i64()?;
            let name = c.path(&["nameInfo", "key"])?.as_str();
            let group = c.path(&["groupInfo", "key"])?.as_str();
            let rollup = c.child_text("rollupType")?;
            Some((format!("{group}.{name}.{rollup}"), key as i32))
        })
        .collect()
}

/// What a VM's devices say: its NICs (MAC, device key) and disks.
struct Nic {
    mac: String,
    key: i64,
}

struct Disk {
    /// libvirt's target name (`sda`, `hdb`), as the domain XML names it
    name: String,
    /// the performance manager's instance (`scsi0:1`)
    instance: String,
    path: Option<String>,
    capacity: Option<u64>,
    key: i64,
}

fn devices(o: &ObjectContent) -> (Vec<Nic>, Vec<Disk>) {
    let Some(list) = o.get("config.hardware.device") else {
        return (vec![], vec![]);
    };
    let num = |d: &Node, k: &str| d.child(k).and_then(|n| n.as_i64());
    // controller key -> (bus kind, bus number)
    let mut controllers: HashMap<i64, (&str, i64)> = HashMap::new();
    for d in &list.children {
        let ty = d.type_name();
        let kind = if ty.contains("SCSI")
            || ty.contains("LsiLogic")
            || ty == "VirtualBusLogicController"
        {
            "scsi"
        } else if ty.contains("IDE") {
            "ide"
        } else if ty.contains("AHCI") || ty.contains("SATA") {
            "sata"
        } else {
            continue;
        };
        if let (Some(key), Some(bus)) = (num(d, "key"), num(d, "busNumber")) {
            controllers.insert(key, (kind, bus));
        }
    }
    let mut nics = vec![];
    let mut disks = vec![];
    for d in &list.children {
        let Some(key) = num(d, "key") else { continue };
        if let Some(mac) = d.child_text("macAddress") {
            nics.push(Nic {
                mac: mac.to_ascii_lowercase(),
                key,
            });
            continue;
        }
        if d.type_name() != "VirtualDisk" {
            continue;
        }
        let (Some(ctrl), Some(unit)) = (num(d, "controllerKey"), num(d, "unitNumber")) else {
            continue;
        };
        let Some(&(kind, bus)) = controllers.get(&ctrl) else {
            continue;
        };
        let (bus, unit) = (bus as u32, unit as u32);
        let name = match kind {
            "scsi" => index_to_disk_name(bus * 15 + if unit < 7 { unit } else { unit - 1 }, "sd"),
            "sata" => index_to_disk_name(bus * 30 + unit, "sd"),
            _ => index_to_disk_name(bus * 2 + unit, "hd"),
        };
        let capacity = num(d, "capacityInBytes")
            .or_else(|| num(d, "capacityInKB").map(|k| k * 1024))
            .map(|c| c.max(0) as u64);
        disks.push(Disk {
            name,
            instance: format!("{kind}{bus}:{unit}"),
            path: d
                .path(&["backing", "fileName"])
                .map(|n| n.as_str().to_string()),
            capacity,
            key,
        });
    }
    (nics, disks)
}

/// The bytes on disk of a disk's current image (the last link of its chain in `layoutEx`).
fn disk_bytes(o: &ObjectContent, disk_key: i64) -> Option<u64> {
    let layout = o.get("layoutEx")?;
    let disk = layout
        .children_named("disk")
        .find(|d| d.child("key").and_then(|k| k.as_i64()) == Some(disk_key))?;
    let top = disk.children_named("chain").last()?;
    let sizes: HashMap<i64, i64> = layout
        .children_named("file")
        .filter_map(|f| Some((f.child("key")?.as_i64()?, f.child("size")?.as_i64()?)))
        .collect();
    top.children_named("fileKey")
        .map(|k| {
            k.as_i64()
                .and_then(|k| sizes.get(&k))
                .map(|s| (*s).max(0) as u64)
        })
        .sum()
}

/// One VM read from the server, before its counters are added.
struct Vm {
    domain: Domain,
    state: i32,
    o: ObjectContent,
    nics: Vec<Nic>,
    disks: Vec<Disk>,
}

impl Vm {
    fn running(&self) -> bool {
        self.state == STATE_RUNNING
    }

    fn cpus(&self) -> Option<u32> {
        let n = self.o.get("config.hardware.numCPU")?.as_i64()?;
        u32::try_from(n).ok()
    }

    /// The (counter, instance) pairs this VM's statistics read.
    fn metrics(&self, wanted: u32) -> Vec<(&'static str, String)> {
        let mut m = vec![];
        if !self.running() {
            return m;
        }
        if wanted & groups::CPU_TOTAL != 0 {
            m.push((counter::CPU_USED, String::new()));
        }
        if wanted & groups::VCPU != 0 {
            for i in 0..self.cpus().unwrap_or(0) {
                m.push((counter::CPU_USED, i.to_string()));
            }
        }
        if wanted & groups::INTERFACE != 0 {
            for n in &self.nics {
                for c in [
                    counter::NET_RX_BYTES,
                    counter::NET_RX_PKTS,
                    counter::NET_RX_DROP,
                    counter::NET_TX_BYTES,
                    counter::NET_TX_PKTS,
                    counter::NET_TX_DROP,
                ] {
                    m.push((c, n.key.to_string()));
                }
            }
        }
        if wanted & groups::BLOCK != 0 {
            for d in &self.disks {
                for c in [
                    counter::DISK_READS,
                    counter::DISK_READ,
                    counter::DISK_WRITES,
                    counter::DISK_WRITE,
                ] {
                    m.push((c, d.instance.clone()));
                }
            }
        }
        m
    }
}

/// The running totals of one VM after a read: (counter id, instance) -> total.
type VmTotals = HashMap<(i32, String), u64>;

/// Every VM of the hosts in the connection's scope, as a property collector's object set.
pub(crate) fn scope_vms(s: &super::connect::Session) -> Vec<ObjectSpec> {
    s.hosts
        .iter()
        .map(|h| ObjectSpec {
            obj: h.clone(),
            skip: true,
            select_set: vec![SelectionSpec::Traversal(TraversalSpec::new(
                "hostToVm",
                "HostSystem",
                "vm",
                &[],
            ))],
        })
        .collect()
}

/// The flags and groups of a statistics call, checked as libvirt's drivers do.
fn groups_for(stats: u32, flags: u32) -> Result<u32> {
    check_flags(flags, ALLOWED_FLAGS, "esxConnectGetAllDomainStats")?;
    if stats == 0 {
        return Ok(groups::SUPPORTED);
    }
    let extra = stats & !groups::SUPPORTED;
    if flags & get_flags::ENFORCE_STATS != 0 && extra != 0 {
        return Err(Error::new(
            from::ESX,
            code::ARGUMENT_UNSUPPORTED,
            format!("Stats types bits 0x{extra:x} are not supported by this daemon"),
        ));
    }
    Ok(stats & groups::SUPPORTED)
}

impl Connection {
    /// `virConnectGetAllDomainStats`: every domain the filters in `flags` keep.
    pub fn all_domain_stats(&self, stats: u32, flags: u32) -> Result<Vec<Record>> {
        let wanted = groups_for(stats, flags)?;
        let vms = self.read_vms(scope_vms(&self.primary), wanted)?;
        let vms = vms.into_iter().filter(|v| keeps(flags, v.state)).collect();
        self.records(vms, wanted)
    }

    /// `virDomainListGetStats`: the given domains (those gone are skipped) that the filters
    /// keep, in the caller's order. One property-collector call reads the VMs in scope.
    pub fn list_domain_stats(
        &self,
        doms: &[Domain],
        stats: u32,
        flags: u32,
    ) -> Result<Vec<Record>> {
        let wanted = groups_for(stats, flags)?;
        let mut found: HashMap<String, Vm> = self
            .read_vms(scope_vms(&self.primary), wanted)?
            .into_iter()
            .map(|v| (v.domain.moref.value.clone(), v))
            .collect();
        let vms = doms
            .iter()
            .filter_map(|d| found.remove(&d.moref.value))
            .filter(|v| keeps(flags, v.state))
            .collect();
        self.records(vms, wanted)
    }

    /// One domain's groups `wanted`: one property-collector call, one `QueryPerf` call when a
    /// counter is needed and the VM runs.
    pub fn domain_stats(&self, d: &Domain, wanted: u32) -> Result<Record> {
        let spec = ObjectSpec {
            obj: d.moref.clone(),
            skip: false,
            select_set: vec![],
        };
        let vms = self.read_vms(vec![spec], wanted).map_err(|e| {
            if e.code == code::NO_DOMAIN || e.message.contains("ManagedObjectNotFound") {
                gone(d)
            } else {
                e
            }
        })?;
        self.records(vms, wanted)?.pop().ok_or_else(|| gone(d))
    }

    /// The VMs `spec` selects with the properties of `wanted`, and the performance counters'
    /// ids in the same call the first time a counter is needed.
    fn read_vms(&self, specs: Vec<ObjectSpec>, wanted: u32) -> Result<Vec<Vm>> {
        let s = &self.primary;
        let perf_manager = s.client.service_content().perf_manager.clone();
        let mut filter = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new("VirtualMachine", &properties(wanted))],
            object_set: specs,
        };
        let need_counters = wanted & groups::COUNTERS != 0
            && wanted & groups::NO_COUNTERS == 0
            && self.perf.counters.get().is_none();
        if let (true, Some(pm)) = (need_counters, &perf_manager) {
            filter
                .prop_set
                .push(PropertySpec::new("PerformanceManager", &["perfCounter"]));
            filter.object_set.push(ObjectSpec {
                obj: pm.clone(),
                skip: false,
                select_set: vec![],
            });
        }
        let objects = s.client.retrieve_properties(&filter).map_err(|e| match e {
            ViError::Fault(f) if f.fault_type == "ManagedObjectNotFound" => {
                Error::new(from::ESX, code::NO_DOMAIN, "ManagedObjectNotFound")
            }
            e => Error::from(e),
        })?;
        let mut vms = vec![];
        for o in objects {
            if o.obj.ty == "PerformanceManager" {
                if let Some(list) = o.get("perfCounter") {
                    let _ = self.perf.counters.set(counter_ids(list));
                }
                continue;
            }
            let domain = identity(&o)?;
            let state = state_of(o.get_str("runtime.powerState"));
            let (nics, disks) = devices(&o);
            vms.push(Vm {
                domain,
                state,
                o,
                nics,
                disks,
            });
        }
        Ok(vms)
    }

    /// The records of `vms`, their counters read in one `QueryPerf` call.
    fn records(&self, vms: Vec<Vm>, wanted: u32) -> Result<Vec<Record>> {
        let totals = self.read_counters(&vms, wanted)?;
        let ids = self.perf.counters.get();
        Ok(vms
            .into_iter()
            .map(|vm| {
                let t = totals.get(&vm.domain.moref.value);
                let counter = |name: &str, instance: &str| -> Option<u64> {
                    let id = *ids?.get(name)?;
                    t?.get(&(id, instance.to_string())).copied()
                };
                format(vm, wanted, &counter)
            })
            .collect())
    }

    /// `QueryPerf` for every running VM's metrics at once; the new samples are added to the
    /// connection's totals, which are returned by VM.
    fn read_counters(&self, vms: &[Vm], wanted: u32) -> Result<HashMap<String, VmTotals>> {
        let s = &self.primary;
        let Some(ids) = self.perf.counters.get() else {
            return Ok(HashMap::new());
        };
        if wanted & groups::NO_COUNTERS != 0 || s.client.service_content().perf_manager.is_none() {
            return Ok(HashMap::new());
        }
        let mut specs = vec![];
        {
            let t = self.perf.totals.lock().unwrap_or_else(|p| p.into_inner());
            for vm in vms {
                let mut since: Option<(i64, String)> = None;
                let metrics: Vec<Val> = vm
                    .metrics(wanted)
                    .into_iter()
                    .filter_map(|(c, instance)| {
                        let id = *ids.get(c)?;
                        // from the oldest of the newest samples read of the VM's metrics
                        let key = (vm.domain.moref.value.clone(), id, instance.clone());
                        if let Some((_, at, text)) = t.sums.get(&key) {
                            if since.as_ref().is_none_or(|s| *at < s.0) {
                                since = Some((*at, text.clone()));
                            }
                        }
                        Some(Val::Obj(
                            Obj::new("PerfMetricId")
                                .field("counterId", id)
                                .field("instance", instance),
                        ))
                    })
                    .collect();
                if metrics.is_empty() {
                    continue;
                }
                let since = since.map(|s| s.1);
                specs.push(Val::Obj(
                    Obj::new("PerfQuerySpec")
                        .field("entity", &vm.domain.moref)
                        .opt("startTime", since.clone())
                        .field("maxSample", if since.is_some() { MAX_SAMPLES } else { 1 })
                        .field("metricId", Val::List(metrics))
                        .field("intervalId", REALTIME_INTERVAL),
                ));
            }
        }
        if specs.is_empty() {
            return Ok(HashMap::new());
        }
        let reply = s.client.query_perf(specs)?;
        let names: HashMap<i32, &str> = ids.iter().map(|(n, i)| (*i, n.as_str())).collect();
        let mut t = self.perf.totals.lock().unwrap_or_else(|p| p.into_inner());
        let mut out: HashMap<String, VmTotals> = HashMap::new();
        for metric in &reply {
            let Some(entity) = metric.child("entity") else {
                continue;
            };
            let vm = entity.as_str().to_string();
            // the samples' times and lengths, in the order of the values
            let samples: Vec<(i64, i64, String)> = metric
                .children_named("sampleInfo")
                .map(|si| {
                    let text = si.child_text("timestamp").unwrap_or_default().to_string();
                    let at = epoch_seconds(&text).unwrap_or(i64::MIN);
                    let secs = si
                        .child("interval")
                        .and_then(|n| n.as_i64())
                        .unwrap_or(i64::from(REALTIME_INTERVAL));
                    (at, secs, text)
                })
                .collect();
            for series in metric.children_named("value") {
                let Some(id) = series.path(&["id", "counterId"]).and_then(|n| n.as_i64()) else {
                    continue;
                };
                let id = id as i32;
                let instance = series
                    .path(&["id", "instance"])
                    .map_or(String::new(), |n| n.as_str().to_string());
                let name = names.get(&id).copied().unwrap_or("");
                // -1: the server has no value for the interval
                let values: Vec<(i64, &(i64, i64, String))> = series
                    .children_named("value")
                    .filter_map(|v| v.as_i64())
                    .zip(&samples)
                    .filter(|(v, _)| *v >= 0)
                    .collect();
                let key = (vm.clone(), id, instance.clone());
                let Some(newest) = values.iter().map(|(_, s)| *s).max_by_key(|s| s.0) else {
                    if let Some(known) = t.sums.get(&key) {
                        out.entry(vm.clone())
                            .or_default()
                            .insert((id, instance), known.0);
                    }
                    continue;
                };
                let added: u64 = match t.sums.get(&key) {
                    // read before: every newer sample
                    Some((_, seen, _)) => values
                        .iter()
                        .filter(|(_, s)| s.0 > *seen)
                        .map(|(v, s)| scaled(name, *v, s.1))
                        .sum(),
                    // first read: the newest sample only
                    None => values
                        .iter()
                        .filter(|(_, s)| s.0 == newest.0)
                        .map(|(v, s)| scaled(name, *v, s.1))
                        .take(1)
                        .sum(),
                };
                let entry = t.sums.entry(key).or_insert((0, i64::MIN, String::new()));
                entry.0 += added;
                if newest.0 > entry.1 {
                    entry.1 = newest.0;
                    entry.2 = newest.2.clone();
                }
                out.entry(vm.clone())
                    .or_default()
                    .insert((id, instance), entry.0);
            }
        }
        Ok(out)
    }
}

/// Whether the list filters in `flags` keep a domain in `state` (every ESX domain is
/// persistent).
fn keeps(flags: u32, state: i32) -> bool {
    use list_flags::*;
    let has = |f: u32| flags & f != 0;
    if has(TRANSIENT) && !has(PERSISTENT) {
        return false;
    }
    if has(FILTERS_ACTIVE)
        && !((has(ACTIVE) && state != STATE_SHUTOFF) || (has(INACTIVE) && state == STATE_SHUTOFF))
    {
        return false;
    }
    !has(FILTERS_STATE)
        || (has(RUNNING) && state == STATE_RUNNING)
        || (has(PAUSED) && state == STATE_PAUSED)
        || (has(SHUTOFF) && state == STATE_SHUTOFF)
        || (has(OTHER) && ![STATE_RUNNING, STATE_PAUSED, STATE_SHUTOFF].contains(&state))
}

/// A VM's fields in libvirt's order of groups: state, cpu, balloon, vcpu, net, block.
fn format(vm: Vm, wanted: u32, counter: &dyn Fn(&str, &str) -> Option<u64>) -> Record {
    use ParamValue::*;
    let mut p: Vec<Param> = vec![];
    let mut push = |name: &str, v: ParamValue| p.push(Param::new(name, v));
    let o = &vm.o;
    let num = |path: &str| o.get(path).and_then(|n| n.as_i64());
    let active = vm.state != STATE_SHUTOFF;
    if wanted & groups::STATE != 0 {
        push("state.state", Int(vm.state));
        // VMware says nothing of why: libvirt's "unknown" reason (0) of every state
        push("state.reason", Int(0));
    }
    if wanted & groups::CPU_TOTAL != 0 {
        if let Some(t) = counter(counter::CPU_USED, "") {
            push("cpu.time", ULLong(t));
        }
    }
    if wanted & groups::BALLOON != 0 {
        if let Some(mb) = num("config.hardware.memoryMB") {
            let max = mb.max(0) as u64 * 1024;
            let quick = |k: &str| {
                o.get("summary.quickStats")
                    .and_then(|q| q.child(k))
                    .and_then(|n| n.as_i64())
            };
            let current = if active {
                // VMware leaves a 0 out of the quick statistics: no balloon inflated
                max.saturating_sub(quick("balloonedMemory").unwrap_or(0).max(0) as u64 * 1024)
            } else {
                match num("config.memoryAllocation.limit") {
                    Some(l) if l >= 0 => (l as u64 * 1024).min(max),
                    _ => max,
                }
            };
            push("balloon.current", ULLong(current));
            push("balloon.maximum", ULLong(max));
            if vm.running() {
                if let Some(rss) = quick("hostMemoryUsage") {
                    push("balloon.rss", ULLong(rss.max(0) as u64 * 1024));
                }
            }
        }
    }
    if wanted & groups::VCPU != 0 {
        if let Some(n) = vm.cpus() {
            push("vcpu.current", UInt(n));
            push("vcpu.maximum", UInt(n));
            if active {
                for i in 0..n {
                    // VIR_VCPU_RUNNING: every vCPU of a powered-on VM runs; a suspended VM's
                    // are VIR_VCPU_OFFLINE
                    push(&format!("vcpu.{i}.state"), Int(vm.running() as i32));
                    if let Some(t) = counter(counter::CPU_USED, &i.to_string()) {
                        push(&format!("vcpu.{i}.time"), ULLong(t));
                    }
                }
            }
        }
    }
    if wanted & groups::INTERFACE != 0 && active {
        push("net.count", UInt(vm.nics.len() as u32));
        for (i, n) in vm.nics.iter().enumerate() {
            push(&format!("net.{i}.name"), String(n.mac.clone()));
            let inst = n.key.to_string();
            for (c, field) in [
                (counter::NET_RX_BYTES, "rx.bytes"),
                (counter::NET_RX_PKTS, "rx.pkts"),
                (counter::NET_RX_DROP, "rx.drop"),
                (counter::NET_TX_BYTES, "tx.bytes"),
                (counter::NET_TX_PKTS, "tx.pkts"),
                (counter::NET_TX_DROP, "tx.drop"),
            ] {
                if let Some(v) = counter(c, &inst) {
                    push(&format!("net.{i}.{field}"), ULLong(v));
                }
            }
        }
    }
    if wanted & groups::BLOCK != 0 {
        push("block.count", UInt(vm.disks.len() as u32));
        for (i, d) in vm.disks.iter().enumerate() {
            push(&format!("block.{i}.name"), String(d.name.clone()));
            if let Some(path) = &d.path {
                push(&format!("block.{i}.path"), String(path.clone()));
            }
            for (c, field) in [
                (counter::DISK_READS, "rd.reqs"),
                (counter::DISK_READ, "rd.bytes"),
                (counter::DISK_WRITES, "wr.reqs"),
                (counter::DISK_WRITE, "wr.bytes"),
            ] {
                if let Some(v) = counter(c, &d.instance) {
                    push(&format!("block.{i}.{field}"), ULLong(v));
                }
            }
            let bytes = disk_bytes(o, d.key);
            if let Some(b) = bytes {
                push(&format!("block.{i}.allocation"), ULLong(b));
            }
            if let Some(c) = d.capacity {
                push(&format!("block.{i}.capacity"), ULLong(c));
            }
            if let Some(b) = bytes {
                push(&format!("block.{i}.physical"), ULLong(b));
            }
        }
    }
    Record {
        domain: vm.domain,
        params: p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_scale_to_libvirt_units() {
        assert_eq!(scaled(counter::CPU_USED, 1500, 20), 1_500_000_000);
        assert_eq!(scaled(counter::NET_RX_BYTES, 2, 20), 40_960);
        assert_eq!(scaled(counter::DISK_READS, 3, 20), 60);
        assert_eq!(scaled(counter::NET_RX_PKTS, 7, 20), 7);
        assert_eq!(scaled(counter::DISK_WRITE, -1, 20), 0);
    }

    #[test]
    fn filters_keep_domains_as_libvirt() {
        use list_flags::*;
        assert!(keeps(0, STATE_SHUTOFF));
        assert!(keeps(ACTIVE, STATE_PAUSED));
        assert!(!keeps(ACTIVE, STATE_SHUTOFF));
        assert!(keeps(INACTIVE | RUNNING | SHUTOFF, STATE_SHUTOFF));
        assert!(!keeps(TRANSIENT, STATE_RUNNING));
        assert!(keeps(PERSISTENT | TRANSIENT, STATE_RUNNING));
        assert!(!keeps(PAUSED, STATE_RUNNING));
        assert!(keeps(OTHER, 0));
    }

    #[test]
    fn unknown_groups_are_refused_only_when_enforced() {
        assert_eq!(groups_for(0, 0).unwrap(), groups::SUPPORTED);
        assert_eq!(groups_for(groups::STATE | 64, 0).unwrap(), groups::STATE);
        let e = groups_for(groups::STATE | 64, get_flags::ENFORCE_STATS).unwrap_err();
        assert_eq!(e.code, code::ARGUMENT_UNSUPPORTED);
        assert!(e.message.contains("Stats types bits 0x40"));
        assert_eq!(groups_for(0, 1 << 20).unwrap_err().code, code::INVALID_ARG);
    }
}
