//! The vSphere types of a host's standard networking (`HostNetworkInfo`: virtual switches, port
//! groups, physical NICs) and the specs that create them, each stated once, beside `types.rs`.
//! Only the fields libvirt's ESX driver reads or writes are kept.

use super::error::{ViError, ViResult};
use super::soap::{Obj, ToVal, Val};
use super::types::FromNode;
use super::xml::Node;

fn text(n: &Node, field: &str) -> Option<String> {
    n.child(field).map(|c| c.as_str().to_string())
}

fn texts(n: &Node, field: &str) -> Vec<String> {
    n.children_named(field)
        .map(|c| c.as_str().to_string())
        .collect()
}

/// `HostNetworkTrafficShapingPolicy`: bits per second, and bytes for the burst.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShapingPolicy {
    pub enabled: Option<bool>,
    pub average_bandwidth: Option<i64>,
    pub peak_bandwidth: Option<i64>,
    pub burst_size: Option<i64>,
}

impl FromNode for ShapingPolicy {
    fn from_node(n: &Node) -> ViResult<ShapingPolicy> {
        let num = |f: &str| n.child(f).and_then(Node::as_i64);
        Ok(ShapingPolicy {
            enabled: n.child("enabled").and_then(Node::as_bool),
            average_bandwidth: num("averageBandwidth"),
            peak_bandwidth: num("peakBandwidth"),
            burst_size: num("burstSize"),
        })
    }
}

impl ToVal for ShapingPolicy {
    fn to_val(&self) -> Val {
        Obj::new("HostNetworkTrafficShapingPolicy")
            .opt("enabled", self.enabled)
            .opt("averageBandwidth", self.average_bandwidth)
            .opt("peakBandwidth", self.peak_bandwidth)
            .opt("burstSize", self.burst_size)
            .into()
    }
}

/// `HostNetworkPolicy`, as far as shaping goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkPolicy {
    pub shaping: Option<ShapingPolicy>,
}

impl NetworkPolicy {
    fn from_parent(n: &Node) -> ViResult<Option<ShapingPolicy>> {
        n.path(&["policy", "shapingPolicy"])
            .map(ShapingPolicy::from_node)
            .transpose()
    }
}

impl ToVal for NetworkPolicy {
    fn to_val(&self) -> Val {
        Obj::new("HostNetworkPolicy")
            .opt("shapingPolicy", self.shaping.as_ref().map(ToVal::to_val))
            .into()
    }
}

/// `HostVirtualSwitch`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostVirtualSwitch {
    pub name: String,
    pub key: String,
    /// Keys of its port groups.
    pub portgroup: Vec<String>,
    /// Keys of its physical NICs.
    pub pnic: Vec<String>,
    /// `spec.policy.shapingPolicy`.
    pub shaping: Option<ShapingPolicy>,
}

impl FromNode for HostVirtualSwitch {
    fn from_node(n: &Node) -> ViResult<HostVirtualSwitch> {
        // a switch is known by its name: one without is a broken reply
        let name = text(n, "name")
            .ok_or_else(|| ViError::internal("HostVirtualSwitch is missing 'name' property"))?;
        Ok(HostVirtualSwitch {
            name,
            key: text(n, "key").unwrap_or_default(),
            portgroup: texts(n, "portgroup"),
            pnic: texts(n, "pnic"),
            shaping: match n.child("spec") {
                Some(spec) => NetworkPolicy::from_parent(spec)?,
                None => None,
            },
        })
    }
}

/// `HostPortGroup`, with the fields of its `spec` it is known by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostPortGroup {
    pub key: String,
    /// `port[].type` of the ports in use: `host`, `systemManagement`, `virtualMachine`...
    pub port_types: Vec<String>,
    pub name: String,
    pub vlan_id: i64,
    pub vswitch_name: String,
    pub shaping: Option<ShapingPolicy>,
}

impl FromNode for HostPortGroup {
    fn from_node(n: &Node) -> ViResult<HostPortGroup> {
        let spec = n.child("spec");
        let spec_text = |f: &str| spec.and_then(|s| text(s, f)).unwrap_or_default();
        Ok(HostPortGroup {
            key: text(n, "key").unwrap_or_default(),
            port_types: n
                .children_named("port")
                .map(|p| text(p, "type").unwrap_or_default())
                .collect(),
            name: spec_text("name"),
            vlan_id: spec
                .and_then(|s| s.child("vlanId"))
                .and_then(Node::as_i64)
                .unwrap_or(0),
            vswitch_name: spec_text("vswitchName"),
            shaping: match spec {
                Some(s) => NetworkPolicy::from_parent(s)?,
                None => None,
            },
        })
    }
}

/// `HostIpConfigIpV6Address`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpV6Address {
    pub ip_address: String,
    pub prefix_length: i64,
    /// `dhcp`, `linklayer`, `manual`, `other`, `random`.
    pub origin: Option<String>,
}

/// `HostIpConfig`, with its `ipV6Config` (`HostIpConfigIpV6AddressConfiguration`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostIpConfig {
    pub dhcp: bool,
    pub ip_address: Option<String>,
    pub subnet_mask: Option<String>,
    pub ipv6_autoconf: bool,
    pub ipv6_dhcp: bool,
    pub ipv6_addresses: Vec<IpV6Address>,
}

impl FromNode for HostIpConfig {
    fn from_node(n: &Node) -> ViResult<HostIpConfig> {
        let flag = |node: &Node, f: &str| node.child(f).and_then(Node::as_bool).unwrap_or(false);
        let v6 = n.child("ipV6Config");
        Ok(HostIpConfig {
            dhcp: flag(n, "dhcp"),
            ip_address: text(n, "ipAddress"),
            subnet_mask: text(n, "subnetMask"),
            ipv6_autoconf: v6.is_some_and(|v| flag(v, "autoConfigurationEnabled")),
            ipv6_dhcp: v6.is_some_and(|v| flag(v, "dhcpV6Enabled")),
            ipv6_addresses: v6
                .map(|v| {
                    v.children_named("ipV6Address")
                        .map(|a| IpV6Address {
                            ip_address: text(a, "ipAddress").unwrap_or_default(),
                            prefix_length: a
                                .child("prefixLength")
                                .and_then(Node::as_i64)
                                .unwrap_or(0),
                            origin: text(a, "origin"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

/// `PhysicalNic`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhysicalNic {
    pub key: String,
    pub device: String,
    pub mac: String,
    /// `spec.ip`.
    pub ip: Option<HostIpConfig>,
}

impl FromNode for PhysicalNic {
    fn from_node(n: &Node) -> ViResult<PhysicalNic> {
        Ok(PhysicalNic {
            key: text(n, "key").unwrap_or_default(),
            device: text(n, "device").unwrap_or_default(),
            mac: text(n, "mac").unwrap_or_default(),
            ip: n
                .path(&["spec", "ip"])
                .map(HostIpConfig::from_node)
                .transpose()?,
        })
    }
}

/// `HostVirtualSwitchSpec` with a `HostVirtualSwitchBondBridge` over `nic_devices` (none: no
/// bridge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualSwitchSpec {
    pub num_ports: i32,
    pub nic_devices: Vec<String>,
    pub policy: Option<NetworkPolicy>,
}

impl ToVal for VirtualSwitchSpec {
    fn to_val(&self) -> Val {
        let bridge = (!self.nic_devices.is_empty()).then(|| {
            Val::from(
                Obj::new("HostVirtualSwitchBondBridge")
                    .field("nicDevice", self.nic_devices.clone()),
            )
        });
        Obj::new("HostVirtualSwitchSpec")
            .field("numPorts", self.num_ports)
            .opt("bridge", bridge)
            .opt("policy", self.policy.as_ref().map(ToVal::to_val))
            .into()
    }
}

/// `HostPortGroupSpec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortGroupSpec {
    pub name: String,
    pub vlan_id: i32,
    pub vswitch_name: String,
    pub policy: NetworkPolicy,
}

impl ToVal for PortGroupSpec {
    fn to_val(&self) -> Val {
        Obj::new("HostPortGroupSpec")
            .field("name", &self.name)
            .field("vlanId", self.vlan_id)
            .field("vswitchName", &self.vswitch_name)
            .field("policy", self.policy.to_val())
            .into()
    }
}

/// Every item of an `ArrayOf...` property value, read as `T`.
pub fn read_list<T: FromNode>(value: Option<&Node>) -> ViResult<Vec<T>> {
    match value {
        Some(v) => v.items().into_iter().map(T::from_node).collect(),
        None => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vsphere::soap::write_field;
    use crate::vsphere::xml;

    #[test]
    fn reads_a_switch_and_its_port_groups() {
        let doc = r#"<val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ArrayOfHostVirtualSwitch"><HostVirtualSwitch xsi:type="HostVirtualSwitch"><name>vSwitch0</name><key>key-vim.host.VirtualSwitch-vSwitch0</key><numPorts>1536</numPorts><portgroup>key-vim.host.PortGroup-VM Network</portgroup><portgroup>key-vim.host.PortGroup-Management Network</portgroup><pnic>key-vim.host.PhysicalNic-vmnic0</pnic><spec><numPorts>128</numPorts><policy><shapingPolicy><enabled>true</enabled><averageBandwidth>8000</averageBandwidth></shapingPolicy></policy></spec></HostVirtualSwitch></val>"#;
        let v: Vec<HostVirtualSwitch> = read_list(Some(&xml::parse(doc).unwrap())).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].name, "vSwitch0");
        assert_eq!(v[0].portgroup.len(), 2);
        assert_eq!(v[0].pnic, vec!["key-vim.host.PhysicalNic-vmnic0"]);
        let s = v[0].shaping.as_ref().unwrap();
        assert_eq!(
            (s.enabled, s.average_bandwidth, s.peak_bandwidth),
            (Some(true), Some(8000), None)
        );
        let doc = r#"<val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ArrayOfHostPortGroup"><HostPortGroup><key>k</key><port><key>p</key><type>host</type></port><spec><name>Management Network</name><vlanId>5</vlanId><vswitchName>vSwitch0</vswitchName><policy/></spec></HostPortGroup></val>"#;
        let p: Vec<HostPortGroup> = read_list(Some(&xml::parse(doc).unwrap())).unwrap();
        assert_eq!(
            (
                p[0].name.as_str(),
                p[0].vlan_id,
                p[0].port_types.clone(),
                p[0].shaping.clone()
            ),
            ("Management Network", 5, vec!["host".to_string()], None)
        );
    }

    #[test]
    fn writes_the_specs() {
        let spec = VirtualSwitchSpec {
            num_ports: 128,
            nic_devices: vec!["vmnic1".into()],
            policy: Some(NetworkPolicy {
                shaping: Some(ShapingPolicy {
                    enabled: Some(true),
                    average_bandwidth: Some(8000),
                    ..Default::default()
                }),
            }),
        };
        let mut out = String::new();
        write_field(&mut out, "spec", &spec.to_val());
        assert_eq!(
            out,
            "<spec xsi:type=\"HostVirtualSwitchSpec\"><numPorts>128</numPorts>\
<bridge xsi:type=\"HostVirtualSwitchBondBridge\"><nicDevice>vmnic1</nicDevice></bridge>\
<policy xsi:type=\"HostNetworkPolicy\"><shapingPolicy xsi:type=\"HostNetworkTrafficShapingPolicy\">\
<enabled>true</enabled><averageBandwidth>8000</averageBandwidth></shapingPolicy></policy></spec>"
        );
        let pg = PortGroupSpec {
            name: "a&b".into(),
            vlan_id: 0,
            vswitch_name: "sw".into(),
            policy: NetworkPolicy::default(),
        };
        let mut out = String::new();
        write_field(&mut out, "portgrp", &pg.to_val());
        assert_eq!(
            out,
            "<portgrp xsi:type=\"HostPortGroupSpec\"><name>a&amp;b</name><vlanId>0</vlanId>\
<vswitchName>sw</vswitchName><policy xsi:type=\"HostNetworkPolicy\"></policy></portgrp>"
        );
    }
}
