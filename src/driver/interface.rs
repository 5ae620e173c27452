//! Host interfaces: the host's physical NICs, as libvirt 9.0's ESX driver maps them (always
//! active ethernet interfaces that start on boot, with the IPv4 configuration of `spec.ip`),
//! plus what it lacks: a lookup by name that looks at names (libvirt's looks the name up as a
//! MAC address), `virConnectListAllInterfaces`, and the IPv6 configuration of `spec.ip`.

use super::domain::check_flags;
use super::network::PNIC;
use super::Connection;
use crate::error::{code, domain as from, Error, Result};
use crate::netxml::{self, InterfaceDef, Protocol, ProtocolIp};
use crate::vsphere::host_network::{HostIpConfig, PhysicalNic};

/// An interface as a lookup found it: the NIC's device name and MAC address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    pub name: String,
    pub mac: String,
}

/// `VIR_INTERFACE_XML_INACTIVE`, and `VIR_CONNECT_LIST_INTERFACES_INACTIVE`/`_ACTIVE`.
const XML_INACTIVE: u32 = 1;
const LIST_INACTIVE: u32 = 1;
const LIST_ACTIVE: u32 = 2;

fn interface_of(nic: &PhysicalNic) -> Interface {
    Interface {
        name: nic.device.clone(),
        mac: nic.mac.clone(),
    }
}

fn not_found(what: &str, value: &str) -> Error {
    Error::new(
        from::ESX,
        code::NO_INTERFACE,
        format!("Could not find physical NIC with {what} '{value}'"),
    )
}

/// The prefix length of a dotted IPv4 netmask, -1 when its ones are not contiguous (libvirt's
/// `virSocketAddrGetNumNetmaskBits`); an address that is no IPv4 address is libvirt's error.
fn netmask_bits(mask: &str) -> Result<i32> {
    let addr: std::net::Ipv4Addr = mask.parse().map_err(|_| {
        Error::new(
            from::NONE,
            code::SYSTEM_ERROR,
            format!("Cannot parse socket address '{mask}': Name or service not known"),
        )
    })?;
    let bits = u32::from(addr);
    let ones = bits.leading_ones();
    Ok(if ones == 32 || bits << ones == 0 {
        ones as i32
    } else {
        -1
    })
}

/// The `<protocol>` elements of a NIC's IP configuration. IPv4 as libvirt writes it (a DHCP
/// address is left out of the inactive XML); IPv6 (which libvirt leaves out) with its
/// autoconfiguration and DHCP flags and its addresses, of which the inactive XML keeps those
/// configured by hand.
fn protocols(ip: &HostIpConfig, inactive: bool) -> Result<Vec<Protocol>> {
    let mut out = Vec::new();
    let address = ip.ip_address.as_deref().filter(|a| !a.is_empty());
    let mask = ip.subnet_mask.as_deref().filter(|m| !m.is_empty());
    let has_address = address.is_some() && mask.is_some();
    if ip.dhcp || has_address {
        let mut v4 = Protocol {
            family: "ipv4",
            autoconf: false,
            // libvirt's zeroed protocol says peerdns='no'
            dhcp: ip.dhcp.then_some(Some(false)),
            ips: Vec::new(),
        };
        if let (Some(a), Some(m)) = (address, mask) {
            if !(ip.dhcp && inactive) {
                v4.ips.push(ProtocolIp {
                    address: a.to_string(),
                    prefix: netmask_bits(m)?,
                });
            }
        }
        out.push(v4);
    }
    let v6_ips: Vec<ProtocolIp> = ip
        .ipv6_addresses
        .iter()
        .filter(|a| !inactive || a.origin.as_deref().is_none_or(|o| o == "manual"))
        .map(|a| ProtocolIp {
            address: a.ip_address.clone(),
            prefix: a.prefix_length as i32,
        })
        .collect();
    if ip.ipv6_autoconf || ip.ipv6_dhcp || !v6_ips.is_empty() {
        out.push(Protocol {
            family: "ipv6",
            autoconf: ip.ipv6_autoconf,
            dhcp: ip.ipv6_dhcp.then_some(None),
            ips: v6_ips,
        });
    }
    Ok(out)
}

impl Connection {
    /// The host's physical NICs, in one call.
    fn pnics(&self) -> Result<Vec<PhysicalNic>> {
        Ok(self.host_net(&[PNIC], false)?.pnics)
    }

    /// The names of the interfaces (`virConnectListInterfaces`).
    pub fn interface_names(&self) -> Result<Vec<String>> {
        Ok(self.pnics()?.into_iter().map(|n| n.device).collect())
    }

    /// `virConnectListAllInterfaces`: every NIC is active, so asking for inactive ones alone
    /// finds none, without a call.
    pub fn list_all_interfaces(&self, flags: u32) -> Result<Vec<Interface>> {
        check_flags(
            flags,
            LIST_INACTIVE | LIST_ACTIVE,
            "esxConnectListAllInterfaces",
        )?;
        if flags & (LIST_INACTIVE | LIST_ACTIVE) == LIST_INACTIVE {
            return Ok(Vec::new());
        }
        Ok(self.pnics()?.iter().map(interface_of).collect())
    }

    /// A NIC by its device name, ignoring case.
    pub fn interface_lookup_by_name(&self, name: &str) -> Result<Interface> {
        self.pnics()?
            .iter()
            .find(|n| n.device.eq_ignore_ascii_case(name))
            .map(interface_of)
            .ok_or_else(|| not_found("name", name))
    }

    fn nic_by_mac(&self, mac: &str) -> Result<PhysicalNic> {
        self.pnics()?
            .into_iter()
            .find(|n| n.mac.eq_ignore_ascii_case(mac))
            .ok_or_else(|| not_found("MAC address", mac))
    }

    /// A NIC by its MAC address, ignoring case.
    pub fn interface_lookup_by_mac(&self, mac: &str) -> Result<Interface> {
        Ok(interface_of(&self.nic_by_mac(mac)?))
    }

    /// `virInterfaceGetXMLDesc`: the NIC found again by its MAC address, as libvirt does.
    pub fn interface_xml(&self, iface: &Interface, flags: u32) -> Result<String> {
        check_flags(flags, XML_INACTIVE, "esxInterfaceGetXMLDesc")?;
        let nic = self.nic_by_mac(&iface.mac)?;
        let protocols = match &nic.ip {
            Some(ip) => protocols(ip, flags & XML_INACTIVE != 0)?,
            None => Vec::new(),
        };
        Ok(netxml::format_interface(&InterfaceDef {
            name: nic.device,
            mac: nic.mac,
            protocols,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vsphere::host_network::IpV6Address;

    #[test]
    fn netmasks() {
        assert_eq!(netmask_bits("255.255.255.0").unwrap(), 24);
        assert_eq!(netmask_bits("255.255.255.255").unwrap(), 32);
        assert_eq!(netmask_bits("0.0.0.0").unwrap(), 0);
        assert_eq!(netmask_bits("255.0.255.0").unwrap(), -1);
        assert_eq!(
            netmask_bits("x").unwrap_err().message,
            "Cannot parse socket address 'x': Name or service not known"
        );
    }

    #[test]
    fn dhcp_address_only_in_the_active_xml() {
        let ip = HostIpConfig {
            dhcp: true,
            ip_address: Some("10.0.0.5".into()),
            subnet_mask: Some("255.255.0.0".into()),
            ipv6_autoconf: true,
            ipv6_addresses: vec![
                IpV6Address {
                    ip_address: "fe80::1".into(),
                    prefix_length: 64,
                    origin: Some("linklayer".into()),
                },
                IpV6Address {
                    ip_address: "2001:db8::5".into(),
                    prefix_length: 64,
                    origin: Some("manual".into()),
                },
            ],
            ..Default::default()
        };
        let active = protocols(&ip, false).unwrap();
        assert_eq!(active[0].ips[0].prefix, 16);
        assert_eq!(active[1].ips.len(), 2);
        let inactive = protocols(&ip, true).unwrap();
        assert!(inactive[0].ips.is_empty());
        assert_eq!(inactive[1].ips[0].address, "2001:db8::5");
        assert!(protocols(&HostIpConfig::default(), false)
            .unwrap()
            .is_empty());
    }
}
