//! Networks: the host's standard virtual switches, as libvirt 9.0's ESX driver maps them. A
//! switch is a network named after it whose UUID is the MD5 sum of its key; its physical NICs
//! are the forward interfaces (`<forward mode='bridge'>`), its port groups backed by a network
//! are `<portgroup>`s, and traffic shaping is `<bandwidth>`. Every query is one
//! property-collector call on the host; a definition that fails on the server leaves nothing
//! behind.

use super::domain::check_flags;
use super::Connection;
use crate::error::{code, domain as from, Error, Result};
use crate::netxml::{
    self, Bandwidth, ForwardIf, ForwardMode, NetworkDef, PortGroup as XmlPortGroup, Rate,
};
use crate::vsphere::host_network::{
    read_list, HostPortGroup, HostVirtualSwitch, NetworkPolicy, PhysicalNic, PortGroupSpec,
    ShapingPolicy, VirtualSwitchSpec,
};
use crate::vsphere::{
    MoRef, ObjectSpec, PropertyFilterSpec, PropertySpec, SelectionSpec, ToVal, TraversalSpec,
};

/// A network as a lookup found it: the switch's name and the UUID made from its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub name: String,
    pub uuid: [u8; 16],
}

/// The host properties this area reads.
const VSWITCH: &str = "config.network.vswitch";
const PORTGROUP: &str = "config.network.portgroup";
pub(crate) const PNIC: &str = "config.network.pnic";
const NETWORK_SYSTEM: &str = "configManager.networkSystem";

/// `virConnectListAllNetworks`' filter flags (`VIR_CONNECT_LIST_NETWORKS_*`).
const LIST_INACTIVE: u32 = 1;
const LIST_ACTIVE: u32 = 2;
const LIST_PERSISTENT: u32 = 4;
const LIST_TRANSIENT: u32 = 8;
const LIST_AUTOSTART: u32 = 16;
const LIST_NO_AUTOSTART: u32 = 32;
/// `VIR_NETWORK_DEFINE_VALIDATE`.
const DEFINE_VALIDATE: u32 = 1;

/// What one property-collector call read of the host's networking.
#[derive(Default)]
pub(crate) struct HostNet {
    pub vswitches: Vec<HostVirtualSwitch>,
    pub portgroups: Vec<HostPortGroup>,
    pub pnics: Vec<PhysicalNic>,
    pub network_system: Option<MoRef>,
    /// Names of the datacenter's networks (`Network` objects), when asked for.
    pub network_names: Vec<String>,
}

impl HostNet {
    fn vswitch(&self, name: &str) -> Result<&HostVirtualSwitch> {
        self.vswitches
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| {
                Error::new(
                    from::ESX,
                    code::NO_NETWORK,
                    format!("Could not find HostVirtualSwitch with name '{name}'"),
                )
            })
    }

    fn network_system(&self) -> Result<&MoRef> {
        self.network_system
            .as_ref()
            .ok_or_else(|| Error::internal("The host has no network system"))
    }

    /// The port groups of switch `sw`, in its order; `what` words libvirt's message for a key
    /// the host does not list.
    fn portgroups_of(&self, sw: &HostVirtualSwitch, what: &str) -> Result<Vec<&HostPortGroup>> {
        sw.portgroup
            .iter()
            .map(|key| {
                self.portgroups
                    .iter()
                    .find(|p| p.key == *key)
                    .ok_or_else(|| {
                        Error::internal(format!("Could not find HostPortGroup {what} '{key}'"))
                    })
            })
            .collect()
    }
}

fn network_of(sw: &HostVirtualSwitch) -> Network {
    Network {
        name: sw.name.clone(),
        uuid: crate::md5::md5(sw.key.as_bytes()),
    }
}

/// A network's `<bandwidth>` as the shaping policy ESX takes (bits and bytes per second); `None`
/// when every figure is zero.
fn shaping_of(bw: &Bandwidth) -> Result<Option<ShapingPolicy>> {
    let (Some(i), Some(o)) = (bw.inbound, bw.outbound) else {
        return Err(unsupported());
    };
    if (i.average, i.peak, i.burst) != (o.average, o.peak, o.burst) {
        return Err(unsupported());
    }
    if i.average == 0 && i.peak == 0 && i.burst == 0 {
        return Ok(None);
    }
    let scaled = |v: u64, factor: u64| (v > 0).then(|| v.wrapping_mul(factor) as i64);
    Ok(Some(ShapingPolicy {
        enabled: Some(true),
        average_bandwidth: scaled(i.average, 8 * 1000),
        peak_bandwidth: scaled(i.peak, 8 * 1000),
        burst_size: scaled(i.burst, 1024),
    }))
}

fn unsupported() -> Error {
    Error::config_unsupported("Different inbound and outbound bandwidth is unsupported")
}

/// A shaping policy as `<bandwidth>` (kilobytes per second, kilobytes), if it is enabled.
fn bandwidth_of(s: &Option<ShapingPolicy>) -> Option<Bandwidth> {
    let s = s.as_ref().filter(|s| s.enabled == Some(true))?;
    let rate = Rate {
        average: (s.average_bandwidth.unwrap_or(0) / 8 / 1000) as u64,
        peak: (s.peak_bandwidth.unwrap_or(0) / 8 / 1000) as u64,
        burst: (s.burst_size.unwrap_or(0) / 1024) as u64,
        floor: 0,
    };
    Some(Bandwidth {
        inbound: Some(rate),
        outbound: Some(rate),
    })
}

fn spec_of(pg: &HostPortGroup) -> PortGroupSpec {
    PortGroupSpec {
        name: pg.name.clone(),
        vlan_id: pg.vlan_id as i32,
        vswitch_name: pg.vswitch_name.clone(),
        policy: NetworkPolicy {
            shaping: pg.shaping.clone(),
        },
    }
}

impl Connection {
    /// The host's networking properties `paths`, and with `names` the names of the datacenter's
    /// networks, in one property-collector call.
    pub(crate) fn host_net(&self, paths: &[&str], names: bool) -> Result<HostNet> {
        let s = &self.primary;
        let mut spec = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new("HostSystem", paths)],
            object_set: vec![ObjectSpec {
                obj: s.host.clone(),
                skip: false,
                select_set: Vec::new(),
            }],
        };
        if names {
            const FOLDER: &str = "networkFolderToChild";
            spec.prop_set.push(PropertySpec::new("Network", &["name"]));
            spec.object_set.push(ObjectSpec {
                obj: s.datacenter.clone(),
                skip: true,
                select_set: vec![
                    SelectionSpec::Traversal(TraversalSpec::new(
                        "datacenterToNetworkFolder",
                        "Datacenter",
                        "networkFolder",
                        &[FOLDER],
                    )),
                    SelectionSpec::Traversal(TraversalSpec::new(
                        FOLDER,
                        "Folder",
                        "childEntity",
                        &[FOLDER],
                    )),
                ],
            });
        }
        let mut net = HostNet::default();
        for o in s.client.retrieve_properties(&spec)? {
            if o.obj == s.host {
                net.vswitches = read_list(o.get(VSWITCH))?;
                net.portgroups = read_list(o.get(PORTGROUP))?;
                net.pnics = read_list(o.get(PNIC))?;
                net.network_system = o.get_moref(NETWORK_SYSTEM);
            } else if let Some(name) = o.get_str("name") {
                net.network_names.push(name.to_string());
            }
        }
        Ok(net)
    }

    /// The names of the networks (`virConnectListNetworks`).
    pub fn network_names(&self) -> Result<Vec<String>> {
        let net = self.host_net(&[VSWITCH], false)?;
        Ok(net.vswitches.into_iter().map(|s| s.name).collect())
    }

    /// `virConnectListAllNetworks`: every switch is active, persistent and autostarted, so a
    /// filter asking for anything else matches none, without a call.
    pub fn list_all_networks(&self, flags: u32) -> Result<Vec<Network>> {
        let all = LIST_INACTIVE
            | LIST_ACTIVE
            | LIST_PERSISTENT
            | LIST_TRANSIENT
            | LIST_AUTOSTART
            | LIST_NO_AUTOSTART;
        check_flags(flags, all, "esxConnectListAllNetworks")?;
        for (group, wanted) in [
            (LIST_INACTIVE | LIST_ACTIVE, LIST_ACTIVE),
            (LIST_PERSISTENT | LIST_TRANSIENT, LIST_PERSISTENT),
            (LIST_AUTOSTART | LIST_NO_AUTOSTART, LIST_AUTOSTART),
        ] {
            if flags & group != 0 && flags & wanted == 0 {
                return Ok(Vec::new());
            }
        }
        let net = self.host_net(&[VSWITCH], false)?;
        Ok(net.vswitches.iter().map(network_of).collect())
    }

    pub fn network_lookup_by_name(&self, name: &str) -> Result<Network> {
        let net = self.host_net(&[VSWITCH], false)?;
        Ok(network_of(net.vswitch(name)?))
    }

    pub fn network_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<Network> {
        let net = self.host_net(&[VSWITCH], false)?;
        net.vswitches
            .iter()
            .map(network_of)
            .find(|n| n.uuid == *uuid)
            .ok_or_else(|| {
                Error::new(
                    from::ESX,
                    code::NO_NETWORK,
                    format!(
                        "Could not find HostVirtualSwitch with UUID '{}'",
                        crate::domxml::uuid_to_string(uuid)
                    ),
                )
            })
    }

    /// `virNetworkGetXMLDesc`: the switch, its NICs, its port groups that a network backs and
    /// its shaping, from one call.
    pub fn network_xml(&self, network: &Network) -> Result<String> {
        let net = self.host_net(&[VSWITCH, PORTGROUP, PNIC], true)?;
        let sw = net.vswitch(&network.name)?;
        let mut forward_ifs = Vec::new();
        for key in &sw.pnic {
            let nic = net.pnics.iter().find(|n| n.key == *key).ok_or_else(|| {
                Error::internal(format!("Could not find PhysicalNic with key '{key}'"))
            })?;
            forward_ifs.push(ForwardIf::Netdev(nic.device.clone()));
        }
        let port_groups = net
            .portgroups_of(sw, "with key")?
            .into_iter()
            .filter(|pg| net.network_names.contains(&pg.name))
            .map(|pg| XmlPortGroup {
                name: pg.name.clone(),
                bandwidth: bandwidth_of(&pg.shaping),
            })
            .collect();
        let def = NetworkDef {
            name: sw.name.clone(),
            uuid: Some(crate::md5::md5(sw.key.as_bytes())),
            forward: if forward_ifs.is_empty() {
                ForwardMode::None
            } else {
                ForwardMode::Bridge
            },
            forward_ifs,
            bandwidth: bandwidth_of(&sw.shaping),
            port_groups,
        };
        Ok(netxml::format_network(&def))
    }

    /// `virNetworkDefineXMLFlags`: a new switch with its NICs and shaping, and its port groups.
    /// Every check (libvirt's, in libvirt's order, and the bandwidth of each port group, which
    /// libvirt checks only once the switch exists) comes before the first change; a port group
    /// the server refuses takes the switch and the port groups added before it away again.
    pub fn network_define(&self, xml: &str, flags: u32) -> Result<Network> {
        check_flags(flags, DEFINE_VALIDATE, "esxNetworkDefineXMLFlags")?;
        let def = netxml::parse_network(xml)?;
        let net = self.host_net(&[VSWITCH, PORTGROUP, PNIC, NETWORK_SYSTEM], false)?;
        if net.vswitches.iter().any(|s| s.name == def.name) {
            return Err(Error::internal(
                "HostVirtualSwitch already exists, editing existing ones is not supported yet",
            ));
        }
        if def.uuid.is_some() {
            return Err(Error::config_unsupported("Cannot use predefined UUID"));
        }
        if !matches!(def.forward, ForwardMode::None | ForwardMode::Bridge) {
            return Err(Error::config_unsupported(format!(
                "Unsupported forward mode '{}'",
                def.forward.as_str()
            )));
        }
        for pg in &def.port_groups {
            if net.portgroups.iter().any(|p| p.name == pg.name) {
                return Err(Error::new(
                    from::ESX,
                    code::NETWORK_EXIST,
                    format!("HostPortGroup with name '{}' exists already", pg.name),
                ));
            }
        }
        let mut nic_devices = Vec::new();
        if def.forward != ForwardMode::None {
            for f in &def.forward_ifs {
                let ForwardIf::Netdev(dev) = f else {
                    return Err(Error::new(
                        from::ESX,
                        code::NO_SUPPORT,
                        format!(
                            "unsupported device type in network {} interface pool",
                            def.name
                        ),
                    ));
                };
                let nic = net.pnics.iter().find(|n| n.device == *dev).ok_or_else(|| {
                    Error::internal(format!("Could not find PhysicalNic with name '{dev}'"))
                })?;
                // ESX names a bond bridge's NICs by device (libvirt sends the NIC's key)
                nic_devices.push(nic.device.clone());
            }
        }
        let policy = match &def.bandwidth {
            Some(bw) => Some(NetworkPolicy {
                shaping: shaping_of(bw)?,
            }),
            None => None,
        };
        let mut pg_specs = Vec::new();
        for pg in &def.port_groups {
            let shaping = match &pg.bandwidth {
                Some(bw) => shaping_of(bw)?,
                None => None,
            };
            pg_specs.push(PortGroupSpec {
                name: pg.name.clone(),
                vlan_id: 0,
                vswitch_name: def.name.clone(),
                policy: NetworkPolicy { shaping },
            });
        }
        let system = net.network_system()?;
        let client = &self.primary.client;
        let spec = VirtualSwitchSpec {
            num_ports: 128,
            nic_devices,
            policy,
        };
        client.add_virtual_switch(system, &def.name, Some(spec.to_val()))?;
        for (i, pg) in pg_specs.iter().enumerate() {
            if let Err(e) = client.add_port_group(system, pg.to_val()) {
                for added in pg_specs[..i].iter().rev() {
                    let _ = client.remove_port_group(system, &added.name);
                }
                let _ = client.remove_virtual_switch(system, &def.name);
                return Err(e.into());
            }
        }
        self.network_lookup_by_name(&def.name)
    }

    /// `virNetworkUndefine`: the switch's port groups, then the switch; refused while a port
    /// other than a VM's is on it. A removal the server refuses puts back the port groups
    /// already removed.
    pub fn network_undefine(&self, network: &Network) -> Result<()> {
        let net = self.host_net(&[VSWITCH, PORTGROUP, NETWORK_SYSTEM], false)?;
        let sw = net.vswitch(&network.name)?;
        let pgs = net.portgroups_of(sw, "for key")?;
        for pg in &pgs {
            if let Some(t) = pg.port_types.iter().find(|t| *t != "virtualMachine") {
                return Err(Error::new(
                    from::ESX,
                    code::OPERATION_INVALID,
                    format!("Cannot undefine HostVirtualSwitch that has a '{t}' port"),
                ));
            }
        }
        let system = net.network_system()?;
        let client = &self.primary.client;
        let restore = |removed: &[&HostPortGroup]| {
            for pg in removed {
                let _ = client.add_port_group(system, spec_of(pg).to_val());
            }
        };
        for (i, pg) in pgs.iter().enumerate() {
            if let Err(e) = client.remove_port_group(system, &pg.name) {
                restore(&pgs[..i]);
                return Err(e.into());
            }
        }
        if let Err(e) = client.remove_virtual_switch(system, &sw.name) {
            restore(&pgs);
            return Err(e.into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bandwidth_and_shaping_convert_as_libvirt_does() {
        let r = Rate {
            average: 1000,
            peak: 2000,
            burst: 64,
            floor: 0,
        };
        let bw = Bandwidth {
            inbound: Some(r),
            outbound: Some(r),
        };
        let s = shaping_of(&bw).unwrap().unwrap();
        assert_eq!(
            (s.average_bandwidth, s.peak_bandwidth, s.burst_size),
            (Some(8_000_000), Some(16_000_000), Some(65536))
        );
        assert_eq!(bandwidth_of(&Some(s)), Some(bw.clone()));
        let zero = Bandwidth {
            inbound: Some(Rate::default()),
            outbound: Some(Rate::default()),
        };
        assert_eq!(shaping_of(&zero).unwrap(), None);
        let one_way = Bandwidth {
            inbound: Some(r),
            outbound: None,
        };
        assert_eq!(
            shaping_of(&one_way).unwrap_err().message,
            "unsupported configuration: Different inbound and outbound bandwidth is unsupported"
        );
        assert_eq!(bandwidth_of(&Some(ShapingPolicy::default())), None);
    }
}
