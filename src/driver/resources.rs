//! Domain resources as libvirt 9.0's ESX driver changes them: memory (maximum, limit,
//! reservation), vCPUs, the CPU scheduler's allocation (reservation, limit, shares) and
//! autostart through the host's autostart manager. Every change is one `ReconfigVM_Task` (or
//! `ReconfigureAutostart`), awaited, after libvirt's own checks with its messages.

use super::connect::Scope;
use super::domain::{check_flags, Domain};
use super::Connection;
use crate::error::{code, domain as from, Error, Result};
use crate::vsphere::{Client, MoRef, Node, Obj, QuestionInfo, TaskInfoState, Val};

/// `VIR_ERR_ARGUMENT_UNSUPPORTED`
const ARGUMENT_UNSUPPORTED: i32 = 74;

/// `VIR_DOMAIN_AFFECT_LIVE`
const AFFECT_LIVE: u32 = 1;
/// `VIR_DOMAIN_VCPU_MAXIMUM`
const VCPU_MAXIMUM: u32 = 4;

/// `VIR_DOMAIN_SCHEDULER_RESERVATION`, `_LIMIT`, `_SHARES`
pub const SCHED_RESERVATION: &str = "reservation";
pub const SCHED_LIMIT: &str = "limit";
pub const SCHED_SHARES: &str = "shares";
/// `VIR_DOMAIN_MEMORY_MIN_GUARANTEE`
pub const MEMORY_MIN_GUARANTEE: &str = "min_guarantee";

/// `virTypedParameterType` codes.
pub mod param_type {
    pub const INT: i32 = 1;
    pub const UINT: i32 = 2;
    pub const LLONG: i32 = 3;
    pub const ULLONG: i32 = 4;
    pub const DOUBLE: i32 = 5;
    pub const BOOLEAN: i32 = 6;
    pub const STRING: i32 = 7;
}

/// A typed parameter's value, as the ABI read it from (or will write it to) C.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Int(i32),
    UInt(u32),
    LLong(i64),
    ULLong(u64),
    Double(f64),
    Boolean(bool),
    String(String),
    /// A type code outside the enum (only ever read, never written).
    Other(i32),
}

impl ParamValue {
    pub fn type_code(&self) -> i32 {
        use param_type::*;
        match self {
            ParamValue::Int(_) => INT,
            ParamValue::UInt(_) => UINT,
            ParamValue::LLong(_) => LLONG,
            ParamValue::ULLong(_) => ULLONG,
            ParamValue::Double(_) => DOUBLE,
            ParamValue::Boolean(_) => BOOLEAN,
            ParamValue::String(_) => STRING,
            ParamValue::Other(t) => *t,
        }
    }
}

/// One typed parameter: its field name and value.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub field: String,
    pub value: ParamValue,
}

impl Param {
    pub fn new(field: &str, value: ParamValue) -> Param {
        Param {
            field: field.to_string(),
            value,
        }
    }
}

/// What `virDomainGetMemoryParameters` answers: the number of parameters (asked with
/// `*nparams == 0`) or the parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamsAnswer {
    Count(i32),
    Params(Vec<Param>),
}

/// `virTypedParameterTypeToString`, "unknown" for a code outside the enum (as
/// `virTypedParamsValidate` prints it).
fn type_name(t: i32) -> &'static str {
    match t {
        1 => "int",
        2 => "uint",
        3 => "llong",
        4 => "ullong",
        5 => "double",
        6 => "boolean",
        7 => "string",
        _ => "unknown",
    }
}

/// libvirt's `virTypedParamsValidate` (error domain `VIR_FROM_NONE`): every parameter must be
/// one of `keys` with its type, none twice. Walks the parameters sorted by name as libvirt does,
/// so the first error reported is libvirt's.
pub fn validate(params: &[Param], keys: &[(&str, i32)]) -> Result<()> {
    let mut sorted: Vec<&Param> = params.iter().collect();
    sorted.sort_by(|a, b| a.field.as_bytes().cmp(b.field.as_bytes()));
    let mut keys: Vec<(&str, i32)> = keys.to_vec();
    keys.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let (mut i, mut j) = (0, 0);
    let mut last: Option<&str> = None;
    while i < sorted.len() && j < keys.len() {
        let p = sorted[i];
        if p.field != keys[j].0 {
            j += 1;
            continue;
        }
        if last == Some(p.field.as_str()) {
            return Err(Error::new(
                from::NONE,
                code::INVALID_ARG,
                format!("parameter '{}' occurs multiple times", p.field),
            ));
        }
        if p.value.type_code() != keys[j].1 {
            return Err(Error::new(
                from::NONE,
                code::INVALID_ARG,
                format!(
                    "invalid type '{}' for parameter '{}', expected '{}'",
                    type_name(p.value.type_code()),
                    p.field,
                    type_name(keys[j].1)
                ),
            ));
        }
        last = Some(p.field.as_str());
        i += 1;
    }
    if j == keys.len() && i != sorted.len() {
        return Err(Error::new(
            from::NONE,
            ARGUMENT_UNSUPPORTED,
            format!("parameter '{}' not supported", sorted[i].field),
        ));
    }
    Ok(())
}

/// libvirt's `VIR_DIV_UP`.
fn div_up(a: u64, b: u64) -> u64 {
    a / b + u64::from(!a.is_multiple_of(b))
}

impl Connection {
    /// `ReconfigVM_Task` with `spec`, awaited (a question during the wait handled as libvirt
    /// does); a failed task is `what` with the task's error (libvirt's `"%s - %s"` of the
    /// fault's type and message).
    fn reconfigure(&self, d: &Domain, spec: Obj, what: impl FnOnce(&str) -> String) -> Result<()> {
        let client = &self.primary.client;
        let auto_answer = self.parsed.auto_answer;
        let task = client.reconfig_vm_task(&d.moref, Val::from(spec))?;
        // a question the VM cannot get past ends the wait (and cancels the task, as libvirt)
        let mut hook =
            |c: &Client, vm: &MoRef, q: &QuestionInfo| c.handle_question(vm, q, auto_answer);
        let info = client.wait_for_task(&task, Some((&d.moref, &mut hook)))?;
        if info.state == TaskInfoState::Success {
            return Ok(());
        }
        let message = info.error_message();
        Err(Error::internal(what(&message)))
    }

    /// `virDomainSetMaxMemory`: the VM must be powered off; the size is rounded up to 4 MiB.
    pub fn set_max_memory(&self, d: &Domain, kib: u64) -> Result<()> {
        let o = self.prepare_vm_for_task(d, &["runtime.powerState"])?;
        if o.get_str("runtime.powerState") != Some("poweredOff") {
            return Err(Error::new(
                from::ESX,
                code::OPERATION_INVALID,
                "Domain is not powered off",
            ));
        }
        let mb = div_up(kib, 4096) * 4;
        let spec = Obj::new("VirtualMachineConfigSpec").field("memoryMB", mb as i64);
        self.reconfigure(d, spec, |m| {
            format!("Could not set max-memory to {kib} kilobytes: {m}")
        })
    }

    /// `virDomainSetMemory(Flags)`: the memory limit, rounded up to MiB.
    pub fn set_memory(&self, d: &Domain, kib: u64, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainSetMemoryFlags")?;
        self.prepare_vm_for_task(d, &[])?;
        let alloc = Obj::new("ResourceAllocationInfo").field("limit", div_up(kib, 1024) as i64);
        let spec = Obj::new("VirtualMachineConfigSpec").field("memoryAllocation", alloc);
        self.reconfigure(d, spec, |m| {
            format!("Could not set memory to {kib} kilobytes: {m}")
        })
    }

    /// `virDomainSetVcpus(Flags)`: at least 1, at most the host's maximum.
    pub fn set_vcpus(&self, d: &Domain, nvcpus: u32, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE, "esxDomainSetVcpusFlags")?;
        if nvcpus < 1 {
            return Err(Error::new(
                from::ESX,
                code::INVALID_ARG,
                "Requested number of virtual CPUs must at least be 1",
            ));
        }
        let max = self.domain_max_vcpus(AFFECT_LIVE | VCPU_MAXIMUM)?;
        // libvirt compares the unsigned count with the int maximum as unsigned
        if nvcpus > max as u32 {
            return Err(Error::new(
                from::ESX,
                code::INVALID_ARG,
                format!(
                    "Requested number of virtual CPUs is greater than max allowable number of \
                     virtual CPUs for the domain: {} > {max}",
                    nvcpus as i32
                ),
            ));
        }
        self.prepare_vm_for_task(d, &[])?;
        let spec = Obj::new("VirtualMachineConfigSpec").field("numCPUs", nvcpus as i64);
        // libvirt prints the count with %d (as in the error above)
        let shown = nvcpus as i32;
        self.reconfigure(d, spec, |m| {
            format!("Could not set number of virtual CPUs to {shown}: {m}")
        })
    }

    /// `virDomainGetMemoryParameters`: `min_guarantee`, the memory reservation in KiB.
    pub fn memory_parameters(&self, d: &Domain, nparams: i32, flags: u32) -> Result<ParamsAnswer> {
        check_flags(flags, 0, "esxDomainGetMemoryParameters")?;
        if nparams == 0 {
            return Ok(ParamsAnswer::Count(1));
        }
        const P: &str = "config.memoryAllocation.reservation";
        let o = self.vm(d, &[P])?;
        let mb = o
            .get(P)
            .and_then(Node::as_i64)
            .ok_or_else(|| Error::internal(format!("Missing '{P}' property")))?;
        Ok(ParamsAnswer::Params(vec![Param::new(
            MEMORY_MIN_GUARANTEE,
            ParamValue::ULLong((mb as u64).wrapping_mul(1024)),
        )]))
    }

    /// `virDomainSetMemoryParameters`: `min_guarantee` (KiB, rounded up to MiB) becomes the
    /// memory reservation.
    pub fn set_memory_parameters(&self, d: &Domain, params: &[Param], flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainSetMemoryParameters")?;
        validate(params, &[(MEMORY_MIN_GUARANTEE, param_type::ULLONG)])?;
        self.prepare_vm_for_task(d, &[])?;
        let mut alloc = Obj::new("ResourceAllocationInfo");
        for p in params {
            if let (MEMORY_MIN_GUARANTEE, ParamValue::ULLong(kib)) = (p.field.as_str(), &p.value) {
                alloc = alloc.field("reservation", div_up(*kib, 1024) as i64);
            }
        }
        let spec = Obj::new("VirtualMachineConfigSpec").field("memoryAllocation", alloc);
        self.reconfigure(d, spec, |m| {
            format!("Could not change memory parameters: {m}")
        })
    }

    /// `virDomainGetSchedulerType`: `allocation`, with its 3 parameters.
    pub fn scheduler_type(&self) -> (&'static str, i32) {
        ("allocation", 3)
    }

    /// `virDomainGetSchedulerParameters(Flags)`: at most `nparams` of reservation, limit and
    /// shares (-1/-2/-3 for the levels low/normal/high), in the order the server sent them.
    pub fn scheduler_parameters(&self, d: &Domain, nparams: i32, flags: u32) -> Result<Vec<Param>> {
        check_flags(flags, 0, "esxDomainGetSchedulerParametersFlags")?;
        let o = self.vm(
            d,
            &[
                "config.cpuAllocation.reservation",
                "config.cpuAllocation.limit",
                "config.cpuAllocation.shares",
            ],
        )?;
        let want = usize::try_from(nparams).unwrap_or(0).min(3);
        let mut out: Vec<Param> = Vec::new();
        let long = |name: &str, n: &Node| {
            n.as_i64()
                .ok_or_else(|| {
                    Error::internal(format!(
                        "Expecting type 'xsd:long' but found '{}'",
                        n.type_name()
                    ))
                })
                .map(|v| Param::new(name, ParamValue::LLong(v)))
        };
        for prop in &o.prop_set {
            if out.len() >= want {
                break;
            }
            let seen = |f: &str| out.iter().any(|p| p.field == f);
            let p = match prop.name.as_str() {
                "config.cpuAllocation.reservation" if !seen(SCHED_RESERVATION) => {
                    long(SCHED_RESERVATION, &prop.val)?
                }
                "config.cpuAllocation.limit" if !seen(SCHED_LIMIT) => long(SCHED_LIMIT, &prop.val)?,
                "config.cpuAllocation.shares" if !seen(SCHED_SHARES) => {
                    let level = prop.val.child_text("level").unwrap_or("").trim();
                    let v = match level {
                        "custom" => {
                            prop.val.child("shares").and_then(Node::as_i64).unwrap_or(0) as i32
                        }
                        "low" => -1,
                        "normal" => -2,
                        "high" => -3,
                        _ => {
                            return Err(Error::internal(format!(
                                "Unknown value '{level}' for SharesLevel"
                            )))
                        }
                    };
                    Param::new(SCHED_SHARES, ParamValue::Int(v))
                }
                _ => continue,
            };
            out.push(p);
        }
        Ok(out)
    }

    /// `virDomainSetSchedulerParameters(Flags)`: reservation (MHz, >= 0), limit (MHz, -1 for
    /// unlimited) and shares (>= 0 custom, -1/-2/-3 low/normal/high).
    pub fn set_scheduler_parameters(&self, d: &Domain, params: &[Param], flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainSetSchedulerParametersFlags")?;
        validate(
            params,
            &[
                (SCHED_RESERVATION, param_type::LLONG),
                (SCHED_LIMIT, param_type::LLONG),
                (SCHED_SHARES, param_type::INT),
            ],
        )?;
        self.prepare_vm_for_task(d, &[])?;
        let invalid = |m: String| Error::new(from::ESX, code::INVALID_ARG, m);
        // the fields in the WSDL's order: reservation, expandableReservation, limit, shares
        let (mut reservation, mut limit, mut shares) = (None, None, None);
        for p in params {
            match (p.field.as_str(), &p.value) {
                (SCHED_RESERVATION, ParamValue::LLong(v)) => {
                    if *v < 0 {
                        return Err(invalid(format!(
                            "Could not set reservation to {v} MHz, expecting positive value"
                        )));
                    }
                    reservation = Some(*v);
                }
                (SCHED_LIMIT, ParamValue::LLong(v)) => {
                    if *v < -1 {
                        return Err(invalid(format!(
                            "Could not set limit to {v} MHz, expecting positive value or -1 \
                             (unlimited)"
                        )));
                    }
                    limit = Some(*v);
                }
                (SCHED_SHARES, ParamValue::Int(v)) => {
                    let (level, count) = match *v {
                        v if v >= 0 => ("custom", v),
                        -1 => ("low", -1),
                        -2 => ("normal", -1),
                        -3 => ("high", -1),
                        v => {
                            return Err(invalid(format!(
                                "Could not set shares to {v}, expecting positive value or -1 \
                                 (low), -2 (normal) or -3 (high)"
                            )))
                        }
                    };
                    shares = Some(
                        Obj::new("SharesInfo")
                            .field("shares", count)
                            .field("level", level),
                    );
                }
                _ => {}
            }
        }
        let alloc = Obj::new("ResourceAllocationInfo")
            .opt("reservation", reservation)
            .opt("limit", limit)
            .opt("shares", shares);
        let spec = Obj::new("VirtualMachineConfigSpec").field("cpuAllocation", alloc);
        self.reconfigure(d, spec, |m| {
            format!("Could not change scheduler parameters: {m}")
        })
    }

    /// The host a domain's autostart belongs to: the connection's, or in a cluster or
    /// datacenter scope the one the VM runs on.
    fn autostart_host(&self, d: &Domain) -> Result<MoRef> {
        let s = &self.primary;
        if s.scope == Scope::Host {
            return Ok(s.host.clone());
        }
        self.vm(d, &["runtime.host"])?
            .get_moref("runtime.host")
            .ok_or_else(|| Error::internal("Could not retrieve the domain's host"))
    }

    /// The autostart manager of `host` and its `config` (libvirt reads `config.defaults` and
    /// `config.powerInfo` of it).
    fn autostart_config(&self, on: &MoRef) -> Result<(MoRef, Node)> {
        let s = &self.primary;
        let host = s
            .client
            .retrieve_object(on, &["configManager.autoStartManager", "name"])?;
        let host_name = host.get_str("name").unwrap_or(&on.value).to_string();
        // a server without one (vcsim names one it does not have) cannot autostart anything;
        // libvirt 9.0 fails with an internal error
        let unsupported = || {
            Error::new(
                from::ESX,
                code::OPERATION_UNSUPPORTED,
                format!(
                    "Autostart is not supported on host '{host_name}': it has no autostart manager"
                ),
            )
        };
        let manager = host
            .get_moref("configManager.autoStartManager")
            .ok_or_else(unsupported)?;
        let o = match s.client.retrieve_object(&manager, &["config"]) {
            Err(e) if e.is_fault("ManagedObjectNotFound") => return Err(unsupported()),
            other => other?,
        };
        let config = o
            .get("config")
            .cloned()
            .filter(|c| c.child("defaults").is_some())
            .ok_or_else(|| Error::internal("Could not retrieve the AutoStartDefaults object"))?;
        Ok((manager, config))
    }

    /// `virDomainGetAutostart`: general autostart on and the VM's start action `powerOn`.
    pub fn autostart(&self, d: &Domain) -> Result<bool> {
        let (_, config) = self.autostart_config(&self.autostart_host(d)?)?;
        let enabled = config
            .path(&["defaults", "enabled"])
            .and_then(Node::as_bool)
            .unwrap_or(false);
        if !enabled {
            return Ok(false);
        }
        let infos: Vec<&Node> = config.children_named("powerInfo").collect();
        if infos.is_empty() {
            return Ok(false);
        }
        self.domain_exists(d)?;
        for info in infos {
            if info.child_text("key").map(str::trim) == Some(d.moref.value.as_str()) {
                return Ok(info
                    .child_text("startAction")
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case("powerOn")));
            }
        }
        Ok(false)
    }

    /// `virDomainSetAutostart`: the VM's power-info entry (start action `powerOn` or `none`);
    /// enabling it turns general autostart on when no other VM has an entry, and is refused
    /// otherwise (that would change whether those VMs start).
    pub fn set_autostart(&self, d: &Domain, autostart: bool) -> Result<()> {
        self.domain_exists(d)?;
        let (manager, config) = self.autostart_config(&self.autostart_host(d)?)?;
        let mut spec = Obj::new("HostAutoStartManagerConfig");
        if autostart {
            let enabled = config
                .path(&["defaults", "enabled"])
                .and_then(Node::as_bool)
                .unwrap_or(false);
            if !enabled {
                let others = config
                    .children_named("powerInfo")
                    .any(|p| p.child_text("key").map(str::trim) != Some(d.moref.value.as_str()));
                if others {
                    return Err(Error::new(
                        from::ESX,
                        code::OPERATION_INVALID,
                        "Cannot enable general autostart option without affecting other domains",
                    ));
                }
                spec = spec.field(
                    "defaults",
                    Obj::new("AutoStartDefaults").field("enabled", true),
                );
            }
        }
        let info = Obj::new("AutoStartPowerInfo")
            .field("key", &d.moref)
            .field("startOrder", -1)
            .field("startDelay", -1)
            .field("waitForHeartbeat", "systemDefault")
            .field("startAction", if autostart { "powerOn" } else { "none" })
            .field("stopDelay", -1)
            .field("stopAction", "none");
        spec = spec.field("powerInfo", info);
        self.primary
            .client
            .reconfigure_autostart(&manager, Val::from(spec))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(f: &str, v: ParamValue) -> Param {
        Param::new(f, v)
    }

    const KEYS: &[(&str, i32)] = &[
        (SCHED_RESERVATION, param_type::LLONG),
        (SCHED_LIMIT, param_type::LLONG),
        (SCHED_SHARES, param_type::INT),
    ];

    #[test]
    fn validation_follows_libvirt() {
        assert!(validate(&[], KEYS).is_ok());
        assert!(validate(
            &[
                p("shares", ParamValue::Int(-2)),
                p("limit", ParamValue::LLong(-1))
            ],
            KEYS
        )
        .is_ok());
        let e = validate(&[p("bogus", ParamValue::Int(1))], KEYS).unwrap_err();
        assert_eq!(e.code, ARGUMENT_UNSUPPORTED);
        assert!(
            e.message.contains("parameter 'bogus' not supported"),
            "{}",
            e.message
        );
        let e = validate(&[p("limit", ParamValue::Int(1))], KEYS).unwrap_err();
        assert!(e
            .message
            .contains("invalid type 'int' for parameter 'limit', expected 'llong'"));
        let e = validate(&[p("limit", ParamValue::Other(99))], KEYS).unwrap_err();
        assert!(e.message.contains("invalid type 'unknown'"));
        let e = validate(
            &[
                p("limit", ParamValue::LLong(1)),
                p("limit", ParamValue::LLong(2)),
            ],
            KEYS,
        )
        .unwrap_err();
        assert!(e
            .message
            .contains("parameter 'limit' occurs multiple times"));
        assert_eq!(e.domain, from::NONE);
    }

    #[test]
    fn rounding() {
        assert_eq!(div_up(4097, 4096) * 4, 8);
        assert_eq!(div_up(4096, 4096) * 4, 4);
        assert_eq!(div_up(1, 1024), 1);
        assert_eq!(div_up(0, 1024), 0);
    }
}
