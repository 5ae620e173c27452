//! Domain lifecycle as libvirt's ESX driver does it: power operations through vSphere tasks
//! (awaited with the property collector, the VM's pending questions watched and, with
//! `auto_answer=1`, answered), the guest operations that need VMware tools, and the tools'
//! guest data (host name, interface addresses).

use super::connect::Session;
use super::domain::{check_flags, format_uuid, id_of, Domain};
use super::Connection;
use crate::error::{code, domain as from, Error, Result};
use crate::vsphere::{
    Client, FromNode, MoRef, ObjectContent, ObjectSpec, PropertyFilterSpec, PropertySpec,
    QuestionInfo, TaskInfo, TaskInfoState, ViResult,
};

/// `VIR_ERR_ARGUMENT_UNSUPPORTED`
const ARGUMENT_UNSUPPORTED: i32 = 74;

/// `VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT`: the only source libvirt's ESX driver knows.
pub const ADDRESSES_SRC_AGENT: u32 = 1;

/// `VIR_IP_ADDR_TYPE_*`
pub const IP_ADDR_TYPE_IPV4: i32 = 0;
pub const IP_ADDR_TYPE_IPV6: i32 = 1;

/// One address of a guest interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpAddress {
    /// `VIR_IP_ADDR_TYPE_IPV4` or `VIR_IP_ADDR_TYPE_IPV6`
    pub kind: i32,
    pub addr: String,
    pub prefix: u32,
}

/// One guest interface as the tools report it (`virDomainInterface`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// The network the NIC is connected to (libvirt names the interface after it).
    pub name: String,
    pub hwaddr: Option<String>,
    pub addrs: Vec<IpAddress>,
}

/// libvirt's power states, as `runtime.powerState` says them.
const POWERED_ON: &str = "poweredOn";
const POWERED_OFF: &str = "poweredOff";
const SUSPENDED: &str = "suspended";

fn invalid(msg: &str) -> Error {
    Error::new(from::ESX, code::OPERATION_INVALID, msg)
}

fn power_state(o: &ObjectContent) -> Result<&str> {
    o.get_str("runtime.powerState")
        .map(str::trim)
        .ok_or_else(|| Error::internal("Missing 'runtime.powerState' property"))
}

/// Where a task goes: a session and the VM's reference there.
struct Target<'a> {
    s: &'a Session,
    vm: MoRef,
}

impl Connection {
    fn auto_answer(&self) -> bool {
        self.parsed.auto_answer
    }

    /// The domain's VM on the connection's own endpoint.
    fn target(&self, d: &Domain) -> Target<'_> {
        Target {
            s: &self.primary,
            vm: d.moref.clone(),
        }
    }

    /// Where libvirt powers a domain off: through the vCenter an esx:// connection also logged
    /// in to (`vcenter=`), the VM found there by its UUID; else the connection's endpoint.
    fn destroy_target(&self, d: &Domain) -> Result<Target<'_>> {
        let Some(vc) = &self.vcenter else {
            return Ok(self.target(d));
        };
        let uuid = format_uuid(&d.uuid);
        let vm = vc
            .client
            .find_by_uuid(&uuid, true, Some(&vc.datacenter))?
            .ok_or_else(|| {
                Error::new(
                    from::ESX,
                    code::NO_DOMAIN,
                    format!("Could not find domain with UUID '{uuid}'"),
                )
            })?;
        Ok(Target { s: vc, vm })
    }

    /// `esxVI_LookupVirtualMachineByUuidAndPrepareForTask`: the VM's `paths`, after handling a
    /// question it is already waiting on, and refusing when other tasks are pending for it.
    fn prepare_for_task(&self, t: &Target, d: &Domain, paths: &[&str]) -> Result<ObjectContent> {
        let mut all: Vec<&str> = paths.to_vec();
        all.extend(["runtime.question", "recentTask"]);
        let o = if std::ptr::eq(t.s, &self.primary) {
            self.vm(d, &all)?
        } else {
            t.s.client.retrieve_object(&t.vm, &all)?
        };
        let client = &t.s.client;
        // as libvirt: the tasks' states are read before the question is handled, so a task
        // that a (default) answer lets finish still counts as pending
        let tasks = o.get_morefs("recentTask");
        let mut pending = false;
        if !tasks.is_empty() {
            let spec = PropertyFilterSpec {
                prop_set: vec![PropertySpec::new("Task", &["info.state"])],
                object_set: tasks
                    .iter()
                    .map(|t| ObjectSpec {
                        obj: t.clone(),
                        skip: false,
                        select_set: Vec::new(),
                    })
                    .collect(),
            };
            pending = client.retrieve_properties(&spec)?.iter().any(|t| {
                matches!(
                    t.get_str("info.state").map(TaskInfoState::parse),
                    Some(Ok(TaskInfoState::Queued | TaskInfoState::Running))
                )
            });
        }
        if let Some(q) = o.get("runtime.question").filter(|n| !n.children.is_empty()) {
            let q = QuestionInfo::from_node(q)?;
            client.handle_question(&t.vm, &q, self.auto_answer())?;
        }
        if pending {
            return Err(invalid("Other tasks are pending for this domain"));
        }
        Ok(o)
    }

    /// [`Connection::prepare_for_task`] on the connection's own endpoint.
    pub(crate) fn prepare_vm_for_task(&self, d: &Domain, paths: &[&str]) -> Result<ObjectContent> {
        self.prepare_for_task(&self.target(d), d, paths)
    }

    /// `esxVI_WaitForTaskCompletion`: wait for `task` with the VM's question watched; a
    /// question left unanswered ends the wait with its error, and the task is cancelled if it
    /// can be. A failed task is `Err` with its [`TaskInfo`] (its `error` words it as libvirt).
    fn wait_task(&self, t: &Target, task: &MoRef) -> Result<std::result::Result<(), TaskInfo>> {
        let client = &t.s.client;
        let auto_answer = self.auto_answer();
        // a question left unanswered ends the wait, the task cancelled if it can be (the client
        // does it, as libvirt)
        let mut hook =
            |c: &Client, vm: &MoRef, q: &QuestionInfo| c.handle_question(vm, q, auto_answer);
        let info = client.wait_for_task(task, Some((&t.vm, &mut hook)))?;
        Ok(match info.state {
            TaskInfoState::Success => Ok(()),
            _ => Err(info),
        })
    }

    /// [`Connection::wait_task`] for a task on the domain's VM on the connection's endpoint.
    pub(crate) fn wait_vm_task(
        &self,
        d: &Domain,
        task: &MoRef,
    ) -> Result<std::result::Result<(), TaskInfo>> {
        self.wait_task(&self.target(d), task)
    }

    /// The power operations' common path: prepare the VM (questions, pending tasks), check its
    /// state is `want` (else `wrong`), start the task `start` gives and wait for it; a failed
    /// task is "`what`: message". Returns the VM's properties as read before the task.
    fn power_task(
        &self,
        t: &Target,
        d: &Domain,
        want: &str,
        wrong: &str,
        what: &str,
        start: impl FnOnce(&Client, &MoRef) -> ViResult<MoRef>,
    ) -> Result<ObjectContent> {
        let o = self.prepare_for_task(t, d, &["runtime.powerState"])?;
        if power_state(&o)? != want {
            return Err(invalid(wrong));
        }
        let task = start(&t.s.client, &t.vm)?;
        self.wait_task(t, &task)?
            .map_err(|i| i.error(|m| format!("{what}: {m}")))?;
        Ok(o)
    }

    /// `virDomainCreateWithFlags`: power on a powered-off VM; returns the domain's new id.
    pub fn domain_create(&self, d: &Domain, flags: u32) -> Result<i32> {
        check_flags(flags, 0, "esxDomainCreateWithFlags")?;
        // an unparsable id fails before anything changes, as in libvirt
        id_of(&d.moref)?;
        let o = self.power_task(
            &self.target(d),
            d,
            POWERED_OFF,
            "Domain is not powered off",
            "Could not start domain",
            |c, vm| c.power_on_vm_task(vm, None),
        )?;
        id_of(&o.obj)
    }

    /// `virDomainDestroyFlags`: power off a powered-on VM (through the vCenter, if any).
    pub fn domain_destroy(&self, d: &Domain, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainDestroyFlags")?;
        let t = self.destroy_target(d)?;
        self.power_task(
            &t,
            d,
            POWERED_ON,
            "Domain is not powered on",
            "Could not destroy domain",
            |c, vm| c.power_off_vm_task(vm),
        )
        .map(|_| ())
    }

    /// `virDomainSuspend`: suspend a powered-on VM.
    pub fn domain_suspend(&self, d: &Domain) -> Result<()> {
        self.power_task(
            &self.target(d),
            d,
            POWERED_ON,
            "Domain is not powered on",
            "Could not suspend domain",
            |c, vm| c.suspend_vm_task(vm),
        )
        .map(|_| ())
    }

    /// `virDomainResume`: power a suspended VM on again.
    pub fn domain_resume(&self, d: &Domain) -> Result<()> {
        self.power_task(
            &self.target(d),
            d,
            SUSPENDED,
            "Domain is not suspended",
            "Could not resume domain",
            |c, vm| c.power_on_vm_task(vm, None),
        )
        .map(|_| ())
    }

    /// `virDomainReset` (libvirt's ESX driver lacks it): a hard reset of a powered-on VM
    /// (`ResetVM_Task`), with questions and pending tasks handled as for the power operations.
    pub fn domain_reset(&self, d: &Domain, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainReset")?;
        self.power_task(
            &self.target(d),
            d,
            POWERED_ON,
            "Domain is not powered on",
            "Could not reset domain",
            |c, vm| c.reset_vm_task(vm),
        )
        .map(|_| ())
    }

    /// The powered-on VM for a guest operation (no task, no question handling).
    fn powered_on(&self, d: &Domain, paths: &[&str]) -> Result<ObjectContent> {
        let mut all = vec!["runtime.powerState"];
        all.extend_from_slice(paths);
        let o = self.vm(d, &all)?;
        if power_state(&o)? != POWERED_ON {
            return Err(invalid("Domain is not powered on"));
        }
        Ok(o)
    }

    /// `virDomainShutdownFlags`: ask the guest (through VMware tools) to shut down.
    pub fn domain_shutdown(&self, d: &Domain, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainShutdownFlags")?;
        let o = self.powered_on(d, &[])?;
        Ok(self.primary.client.shutdown_guest(&o.obj)?)
    }

    /// `virDomainReboot`: ask the guest (through VMware tools) to reboot.
    pub fn domain_reboot(&self, d: &Domain, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxDomainReboot")?;
        let o = self.powered_on(d, &[])?;
        Ok(self.primary.client.reboot_guest(&o.obj)?)
    }

    /// `virDomainGetHostname`: the guest's host name as VMware tools report it.
    pub fn domain_hostname(&self, d: &Domain, flags: u32) -> Result<String> {
        check_flags(flags, 0, "esxDomainGetHostname")?;
        let o = self.powered_on(d, &["guest.hostName"])?;
        match o.get_str("guest.hostName") {
            Some(h) => Ok(h.to_string()),
            None => Err(invalid(
                "hostName field not available (missing VMware Tools?)",
            )),
        }
    }

    /// `virDomainInterfaceAddresses` (source `AGENT` only): the connected NICs the tools
    /// report in `guest.net`, with their addresses.
    pub fn domain_interface_addresses(
        &self,
        d: &Domain,
        source: u32,
        flags: u32,
    ) -> Result<Vec<Interface>> {
        check_flags(flags, 0, "esxDomainInterfaceAddresses")?;
        if source != ADDRESSES_SRC_AGENT {
            return Err(Error::new(
                from::ESX,
                ARGUMENT_UNSUPPORTED,
                format!("Unknown IP address data source {}", source as i32),
            ));
        }
        let o = self.powered_on(d, &["guest.net"])?;
        let nics: Vec<_> = o
            .get("guest.net")
            .map(|n| n.children.iter().collect())
            .unwrap_or_default();
        if nics.is_empty() {
            return Err(Error::internal("Missing property 'guest.net' in answer"));
        }
        let mut out = Vec::new();
        for nic in nics {
            let connected = nic.child("connected").and_then(|c| c.as_bool()) == Some(true);
            let Some(network) = nic.child_text("network") else {
                continue;
            };
            if !connected {
                continue;
            }
            let mut addrs = Vec::new();
            if let Some(ip_config) = nic.child("ipConfig") {
                for a in ip_config.children_named("ipAddress") {
                    let prefix = a
                        .child("prefixLength")
                        .and_then(|p| p.as_i64())
                        .unwrap_or(0);
                    if let Some(ip) = a
                        .child_text("ipAddress")
                        .and_then(|t| parse_ip(t, u32::try_from(prefix).unwrap_or(0)))
                    {
                        addrs.push(ip);
                    }
                }
            } else {
                for a in nic.children_named("ipAddress") {
                    // not even the netmask is known (libvirt: prefix 0)
                    if let Some(ip) = parse_ip(a.as_str(), 0) {
                        addrs.push(ip);
                    }
                }
            }
            out.push(Interface {
                name: network.to_string(),
                hwaddr: nic.child_text("macAddress").map(str::to_string),
                addrs,
            });
        }
        Ok(out)
    }
}

/// An address the way `virSocketAddrParseAny` takes it (numeric IPv4 or IPv6, an IPv6 scope
/// allowed); anything else is skipped.
fn parse_ip(text: &str, prefix: u32) -> Option<IpAddress> {
    let text = text.trim();
    let bare = text.split('%').next().unwrap_or(text);
    let kind = match bare.parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V4(_) if bare == text => IP_ADDR_TYPE_IPV4,
        std::net::IpAddr::V4(_) => return None,
        std::net::IpAddr::V6(_) => IP_ADDR_TYPE_IPV6,
    };
    Some(IpAddress {
        kind,
        addr: text.to_string(),
        prefix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            parse_ip("10.0.0.1", 24).map(|a| a.kind),
            Some(IP_ADDR_TYPE_IPV4)
        );
        assert_eq!(
            parse_ip("fe80::1%eth0", 64).map(|a| a.kind),
            Some(IP_ADDR_TYPE_IPV6)
        );
        assert_eq!(parse_ip("nonsense", 0), None);
        assert_eq!(parse_ip("", 0), None);
    }
}
