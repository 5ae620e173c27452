//! Domains: the virtual machines of the connection's host, listed and looked up with one
//! property-collector call, and queried through the managed-object reference each domain keeps.

use super::Connection;
use crate::error::{code, domain as from, Error, Result};
use crate::vsphere::{
    FromNode, MoRef, ObjectContent, ObjectSpec, PropertyFilterSpec, PropertySpec, SelectionSpec,
    TraversalSpec, ViError,
};

/// libvirt's `virDomainState` values the ESX driver reports.
pub const STATE_NOSTATE: i32 = 0;
pub const STATE_RUNNING: i32 = 1;
pub const STATE_PAUSED: i32 = 3;
pub const STATE_SHUTOFF: i32 = 5;

/// A domain as a lookup found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    pub name: String,
    pub uuid: [u8; 16],
    /// The numeric part of a running VM's managed-object id; -1 when it is not running.
    pub id: i32,
    /// The VM itself: every later query goes straight to it.
    pub moref: MoRef,
}

/// `virDomainInfo`'s content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainInfo {
    pub state: i32,
    /// KiB
    pub max_mem: u64,
    /// KiB
    pub memory: u64,
    pub nr_virt_cpu: u32,
}

/// The identity properties of a VM.
pub(crate) const IDENTITY: &[&str] = &["name", "config.uuid", "configStatus", "runtime.powerState"];

/// `runtime.powerState` as libvirt's state.
pub fn state_of(power_state: Option<&str>) -> i32 {
    match power_state {
        Some("poweredOn") => STATE_RUNNING,
        Some("suspended") => STATE_PAUSED,
        Some("poweredOff") => STATE_SHUTOFF,
        _ => STATE_NOSTATE,
    }
}

/// VMware writes `%`, `/` and `\` in names as `%25`, `%2f`, `%5c`: undo it as libvirt does.
fn unescape_name(name: &str) -> Result<String> {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = name
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(v) = hex else {
                return Err(Error::internal(
                    "Domain name contains invalid escape sequence",
                ));
            };
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The numeric part of a VM's managed-object id (`vm-123` on vCenter, `123` on ESX).
pub(crate) fn id_of(moref: &MoRef) -> Result<i32> {
    let digits = moref
        .value
        .trim_start_matches(|c: char| !c.is_ascii_digit());
    match digits.parse::<i32>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(Error::internal(format!(
            "Could not parse positive integer from '{}'",
            moref.value
        ))),
    }
}

/// "00000000-0000-..." into 16 bytes; with or without dashes, as libvirt's `virUUIDParse`.
pub fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    let hex: Vec<u8> = text
        .trim()
        .bytes()
        .filter(|b| *b != b'-' && *b != b' ')
        .collect();
    if hex.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, chunk) in hex.chunks(2).enumerate() {
        let s = std::str::from_utf8(chunk).ok()?;
        out[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(out)
}

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

pub(crate) fn identity(o: &ObjectContent) -> Result<Domain> {
    let name = unescape_name(o.get_str("name").unwrap_or_default())?;
    let uuid = if o.get_str("configStatus").unwrap_or("green") == "green" {
        let text = o
            .get_str("config.uuid")
            .ok_or_else(|| Error::internal("Could not lookup 'config.uuid' property"))?;
        parse_uuid(text)
            .ok_or_else(|| Error::internal(format!("Could not parse UUID from string '{text}'")))?
    } else {
        [0u8; 16]
    };
    let running = state_of(o.get_str("runtime.powerState")) != STATE_SHUTOFF;
    Ok(Domain {
        name,
        uuid,
        id: if running { id_of(&o.obj)? } else { -1 },
        moref: o.obj.clone(),
    })
}

/// The VMs a connection has seen, by name and by UUID. An entry is only a hint: a lookup
/// reads the VM it names and checks it still has that name or UUID and is in scope.
#[derive(Default)]
pub struct KnownVms {
    by_name: std::sync::Mutex<std::collections::HashMap<String, MoRef>>,
    by_uuid: std::sync::Mutex<std::collections::HashMap<[u8; 16], MoRef>>,
}

impl KnownVms {
    fn note_name(&self, name: String, vm: &MoRef) {
        lock(&self.by_name).insert(name, vm.clone());
    }

    fn note(&self, d: &Domain) {
        self.note_name(d.name.clone(), &d.moref);
        lock(&self.by_uuid).insert(d.uuid, d.moref.clone());
    }

    fn named(&self, name: &str) -> Option<MoRef> {
        lock(&self.by_name).get(name).cloned()
    }

    fn with_uuid(&self, uuid: &[u8; 16]) -> Option<MoRef> {
        lock(&self.by_uuid).get(uuid).cloned()
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A VM that went away since its handle was made.
pub(crate) fn gone(d: &Domain) -> Error {
    Error::new(
        from::ESX,
        code::NO_DOMAIN,
        format!("Could not find domain with UUID '{}'", format_uuid(&d.uuid)),
    )
}

impl Connection {
    /// Properties `paths` of every VM on the connection's hosts, in one call (plus pages).
    pub(crate) fn vms(&self, paths: &[&str]) -> Result<Vec<ObjectContent>> {
        let s = &self.primary;
        let spec = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new("VirtualMachine", paths)],
            object_set: s
                .hosts
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
                .collect(),
        };
        Ok(s.client.retrieve_properties(&spec)?)
    }

    /// Properties `paths` of one domain's VM, in one call.
    pub(crate) fn vm(&self, d: &Domain, paths: &[&str]) -> Result<ObjectContent> {
        self.primary
            .client
            .retrieve_object(&d.moref, paths)
            .map_err(|e| match e {
                ViError::Fault(f) if f.fault_type == "ManagedObjectNotFound" => gone(d),
                ViError::Other(e) if e.message.contains("does not exist") => gone(d),
                e => Error::from(e),
            })
    }

    /// IDs of the running domains.
    pub fn active_ids(&self) -> Result<Vec<i32>> {
        let mut ids = Vec::new();
        for o in self.vms(&["runtime.powerState"])? {
            if state_of(o.get_str("runtime.powerState")) != STATE_SHUTOFF {
                ids.push(id_of(&o.obj)?);
            }
        }
        Ok(ids)
    }

    /// Names of the domains that are not running.
    pub fn defined_names(&self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for o in self.vms(&["name", "runtime.powerState"])? {
            if state_of(o.get_str("runtime.powerState")) == STATE_SHUTOFF {
                names.push(unescape_name(o.get_str("name").unwrap_or_default())?);
            }
        }
        Ok(names)
    }

    /// Every domain with its state, for `virConnectListAllDomains`.
    pub fn all_domains(&self) -> Result<Vec<(Domain, i32)>> {
        self.vms(IDENTITY)?
            .iter()
            .map(|o| {
                let d = identity(o)?;
                self.known.note(&d);
                Ok((d, state_of(o.get_str("runtime.powerState"))))
            })
            .collect()
    }

    /// The domain of a VM seen before, read again (one call): `None` when it is gone, out of
    /// scope, or fails `fits` (renamed, another UUID), so the caller looks it up afresh.
    fn recheck(&self, vm: MoRef, fits: impl Fn(&Domain) -> bool) -> Result<Option<Domain>> {
        let paths: Vec<&str> = IDENTITY.iter().copied().chain(["runtime.host"]).collect();
        let o = match self.primary.client.retrieve_object(&vm, &paths) {
            Ok(o) => o,
            Err(ViError::Fault(f)) if f.fault_type == "ManagedObjectNotFound" => return Ok(None),
            Err(ViError::Other(e)) if e.message.contains("does not exist") => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        // on a vCenter, only the VMs of the connection's hosts are its domains
        if o.get_moref("runtime.host")
            .is_some_and(|h| !self.primary.hosts.contains(&h))
        {
            return Ok(None);
        }
        let d = identity(&o)?;
        Ok(fits(&d).then_some(d))
    }

    pub fn lookup_by_id(&self, id: i32) -> Result<Domain> {
        for o in self.vms(IDENTITY)? {
            if state_of(o.get_str("runtime.powerState")) == STATE_SHUTOFF {
                continue;
            }
            if id_of(&o.obj)? == id {
                return identity(&o);
            }
        }
        Err(Error::new(
            from::ESX,
            code::NO_DOMAIN,
            format!("No domain with ID {id}"),
        ))
    }

    /// By name: a VM seen before under that name, checked on the VM itself (one call);
    /// otherwise the names of the connection's VMs (one call, which also notes every name),
    /// then the identity of the one that matches (one more), rather than every VM's identity.
    pub fn lookup_by_name(&self, name: &str) -> Result<Domain> {
        if let Some(vm) = self.known.named(name) {
            if let Some(d) = self.recheck(vm, |d| d.name == name)? {
                return Ok(d);
            }
        }
        let mut found = None;
        for o in self.vms(&["name"])? {
            let vm_name = unescape_name(o.get_str("name").unwrap_or_default())?;
            if vm_name == name {
                found = Some(o.obj.clone());
            }
            self.known.note_name(vm_name, &o.obj);
        }
        if let Some(vm) = found {
            let d = Domain {
                name: name.to_string(),
                uuid: [0; 16],
                id: -1,
                moref: vm,
            };
            let d = identity(&self.vm(&d, IDENTITY)?)?;
            self.known.note(&d);
            return Ok(d);
        }
        Err(Error::new(
            from::ESX,
            code::NO_DOMAIN,
            format!("Could not find domain with name '{name}'"),
        ))
    }

    pub fn lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<Domain> {
        let text = format_uuid(uuid);
        let s = &self.primary;
        let not_found = || {
            Error::new(
                from::ESX,
                code::NO_DOMAIN,
                format!("Could not find domain with UUID '{text}'"),
            )
        };
        // a VM seen before with that UUID, checked on the VM itself: one call
        if let Some(vm) = self.known.with_uuid(uuid) {
            if let Some(d) = self.recheck(vm, |d| d.uuid == *uuid)? {
                return Ok(d);
            }
        }
        let moref = s
            .client
            .find_by_uuid(&text, true, Some(&s.datacenter))?
            .ok_or_else(not_found)?;
        let d = self.recheck(moref, |_| true)?.ok_or_else(not_found)?;
        self.known.note(&d);
        Ok(d)
    }

    pub fn domain_info(&self, d: &Domain) -> Result<DomainInfo> {
        let o = self.vm(
            d,
            &[
                "runtime.powerState",
                "config.hardware.memoryMB",
                "config.hardware.numCPU",
                "config.memoryAllocation.limit",
            ],
        )?;
        // a reply without these, or with no numbers in them, is an error, not zeros
        let max_mem = o.need_i64("config.hardware.memoryMB")?.max(0) as u64 * 1024;
        let limit = o.get_i64("config.memoryAllocation.limit")?.unwrap_or(-1);
        let vcpus = o.need_i64("config.hardware.numCPU")?;
        let power = o
            .get_str("runtime.powerState")
            .ok_or_else(|| Error::internal("Missing 'runtime.powerState' property"))?;
        Ok(DomainInfo {
            state: state_of(Some(power)),
            max_mem,
            memory: if limit < 0 {
                max_mem
            } else {
                limit as u64 * 1024
            },
            nr_virt_cpu: vcpus.max(0) as u32,
        })
    }

    /// `virDomainGetState`: libvirt's ESX driver gives no reason (0).
    pub fn domain_state(&self, d: &Domain) -> Result<i32> {
        let o = self.vm(d, &["runtime.powerState"])?;
        Ok(state_of(o.get_str("runtime.powerState")))
    }

    pub fn domain_max_memory(&self, d: &Domain) -> Result<u64> {
        let o = self.vm(d, &["config.hardware.memoryMB"])?;
        let mb = o
            .get("config.hardware.memoryMB")
            .and_then(|n| n.as_i64())
            .ok_or_else(|| {
                Error::internal("Could not lookup 'config.hardware.memoryMB' property")
            })?;
        Ok(mb.max(0) as u64 * 1024)
    }

    /// Whether the domain's VM still exists (`virDomainIsPersistent` and friends).
    pub fn domain_exists(&self, d: &Domain) -> Result<()> {
        self.vm(d, &["name"]).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ids_and_uuids() {
        assert_eq!(unescape_name("a%2fb%25c%5cd").unwrap(), "a/b%c\\d");
        assert!(unescape_name("bad%zz").is_err());
        assert_eq!(id_of(&MoRef::new("VirtualMachine", "vm-42")).unwrap(), 42);
        assert_eq!(id_of(&MoRef::new("VirtualMachine", "9")).unwrap(), 9);
        let u = parse_uuid("564d9bfb-d3c1-2f4f-7c6e-4d1a2b3c4d5e").unwrap();
        assert_eq!(format_uuid(&u), "564d9bfb-d3c1-2f4f-7c6e-4d1a2b3c4d5e");
        assert!(parse_uuid("nope").is_none());
    }
}

/// `VIR_CONNECT_LIST_DOMAINS_*`
pub mod list_flags {
    pub const ACTIVE: u32 = 1 << 0;
    pub const INACTIVE: u32 = 1 << 1;
    pub const PERSISTENT: u32 = 1 << 2;
    pub const TRANSIENT: u32 = 1 << 3;
    pub const RUNNING: u32 = 1 << 4;
    pub const PAUSED: u32 = 1 << 5;
    pub const SHUTOFF: u32 = 1 << 6;
    pub const OTHER: u32 = 1 << 7;
    pub const MANAGEDSAVE: u32 = 1 << 8;
    pub const NO_MANAGEDSAVE: u32 = 1 << 9;
    pub const AUTOSTART: u32 = 1 << 10;
    pub const NO_AUTOSTART: u32 = 1 << 11;
    pub const HAS_SNAPSHOT: u32 = 1 << 12;
    pub const NO_SNAPSHOT: u32 = 1 << 13;
    pub const HAS_CHECKPOINT: u32 = 1 << 14;
    pub const NO_CHECKPOINT: u32 = 1 << 15;
    pub const FILTERS_ACTIVE: u32 = ACTIVE | INACTIVE;
    pub const FILTERS_STATE: u32 = RUNNING | PAUSED | SHUTOFF | OTHER;
    pub const FILTERS_AUTOSTART: u32 = AUTOSTART | NO_AUTOSTART;
    pub const FILTERS_SNAPSHOT: u32 = HAS_SNAPSHOT | NO_SNAPSHOT;
    pub const FILTERS_ALL: u32 = (1 << 16) - 1;
}

/// libvirt's `virCheckFlags` in a driver function: any flag outside `allowed` is refused.
pub fn check_flags(flags: u32, allowed: u32, function: &str) -> Result<()> {
    let extra = flags & !allowed;
    if extra != 0 {
        return Err(Error::invalid_arg(
            from::ESX,
            function,
            "flags",
            &format!("unsupported flags (0x{extra:x}) in function {function}"),
        ));
    }
    Ok(())
}

impl Connection {
    /// `virConnectListAllDomains`: the domains matching `flags`, in one property-collector
    /// call (plus the autostart manager's configuration when an autostart filter asks for it).
    pub fn list_all(&self, flags: u32) -> Result<Vec<Domain>> {
        use list_flags::*;
        check_flags(flags, FILTERS_ALL, "esxConnectListAllDomains")?;
        let has = |f: u32| flags & f != 0;
        // every ESX domain is persistent, none has a managed save image
        if (has(TRANSIENT) && !has(PERSISTENT)) || (has(MANAGEDSAVE) && !has(NO_MANAGEDSAVE)) {
            return Ok(Vec::new());
        }
        let autostarted = if has(FILTERS_AUTOSTART) {
            Some(self.autostart_vms()?)
        } else {
            None
        };
        let mut paths: Vec<&str> = IDENTITY.to_vec();
        if has(FILTERS_SNAPSHOT) {
            paths.push("snapshot.rootSnapshotList");
        }
        let mut out = Vec::new();
        for o in self.vms(&paths)? {
            let state = state_of(o.get_str("runtime.powerState"));
            if has(FILTERS_ACTIVE)
                && !((has(ACTIVE) && state != STATE_SHUTOFF)
                    || (has(INACTIVE) && state == STATE_SHUTOFF))
            {
                continue;
            }
            if has(FILTERS_SNAPSHOT) {
                let snap = o
                    .get("snapshot.rootSnapshotList")
                    .is_some_and(|n| !n.children.is_empty());
                if !((has(HAS_SNAPSHOT) && snap) || (has(NO_SNAPSHOT) && !snap)) {
                    continue;
                }
            }
            if let Some(auto) = &autostarted {
                let on = auto.contains(&o.obj);
                if !((has(AUTOSTART) && on) || (has(NO_AUTOSTART) && !on)) {
                    continue;
                }
            }
            if has(FILTERS_STATE)
                && !((has(RUNNING) && state == STATE_RUNNING)
                    || (has(PAUSED) && state == STATE_PAUSED)
                    || (has(SHUTOFF) && state == STATE_SHUTOFF)
                    || (has(OTHER)
                        && state != STATE_RUNNING
                        && state != STATE_PAUSED
                        && state != STATE_SHUTOFF))
            {
                continue;
            }
            let d = identity(&o)?;
            self.known.note(&d);
            out.push(d);
        }
        Ok(out)
    }

    /// The VMs the autostart managers of the connection's hosts start.
    fn autostart_vms(&self) -> Result<Vec<MoRef>> {
        let mut vms = Vec::new();
        for host in &self.primary.hosts {
            vms.extend(self.autostart_vms_of(host)?);
        }
        Ok(vms)
    }

    /// The VMs a host's autostart manager starts (libvirt: general autostart enabled and the
    /// VM's start action `powerOn`).
    fn autostart_vms_of(&self, host: &MoRef) -> Result<Vec<MoRef>> {
        let s = &self.primary;
        let host = s
            .client
            .retrieve_object(host, &["configManager.autoStartManager"])?;
        let Some(manager) = host.get_moref("configManager.autoStartManager") else {
            return Ok(Vec::new());
        };
        // vcsim names a manager it does not have: nothing autostarts there
        let cfg = match s.client.retrieve_object(&manager, &["config"]) {
            Err(e) if e.is_fault("ManagedObjectNotFound") => return Ok(Vec::new()),
            other => other?,
        };
        let Some(config) = cfg.get("config") else {
            return Ok(Vec::new());
        };
        let enabled = config
            .child("defaults")
            .and_then(|d| d.child("enabled"))
            .and_then(|e| e.as_bool())
            .unwrap_or(false);
        if !enabled {
            return Ok(Vec::new());
        }
        Ok(config
            .children_named("powerInfo")
            .filter(|p| {
                p.child_text("startAction")
                    .is_some_and(|a| a.eq_ignore_ascii_case("powerOn"))
            })
            .filter_map(|p| p.child("key").and_then(|k| MoRef::from_node(k).ok()))
            .collect())
    }
}

impl Connection {
    /// `virDomainGetState` (no flags, no reason: libvirt's ESX driver gives 0).
    pub fn domain_state_flags(&self, d: &Domain, flags: u32) -> Result<i32> {
        check_flags(flags, 0, "esxDomainGetState")?;
        self.domain_state(d)
    }

    /// `virDomainGetMaxVcpus`/`virDomainGetVcpusFlags` as libvirt's ESX driver answers them:
    /// the host's maximum.
    pub fn domain_max_vcpus(&self, flags: u32) -> Result<i32> {
        // VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_VCPU_MAXIMUM
        check_flags(flags, 1 | 4, "esxDomainGetVcpusFlags")?;
        let s = &self.primary;
        let o = s
            .client
            .retrieve_object(&s.host, &["capability.maxSupportedVcpus"])?;
        o.get("capability.maxSupportedVcpus")
            .and_then(|n| n.as_i64())
            .map(|n| n as i32)
            .ok_or_else(|| Error::internal("Missing 'capability.maxSupportedVcpus' property"))
    }

    /// `virDomainHasManagedSaveImage`: ESX has none.
    pub fn has_managed_save(&self, d: &Domain, flags: u32) -> Result<i32> {
        check_flags(flags, 0, "esxDomainHasManagedSaveImage")?;
        self.domain_exists(d)?;
        Ok(0)
    }
}
