//! Host interface XML, written as libvirt 9.0's `virInterfaceDefFormat` writes the ethernet
//! interfaces the ESX driver builds for physical NICs.

use super::esc;

/// One address of a protocol: the address and its prefix length (0: not written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolIp {
    pub address: String,
    pub prefix: i32,
}

/// `<protocol family=...>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocol {
    /// `ipv4` or `ipv6`.
    pub family: &'static str,
    pub autoconf: bool,
    /// `None`: no DHCP; `Some(peerdns)`: `<dhcp/>` with `peerdns` yes, no or unsaid.
    pub dhcp: Option<Option<bool>>,
    pub ips: Vec<ProtocolIp>,
}

/// An ethernet interface that starts on boot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceDef {
    pub name: String,
    pub mac: String,
    pub protocols: Vec<Protocol>,
}

pub fn format_interface(def: &InterfaceDef) -> String {
    let mut s = format!(
        "<interface type='ethernet' name='{}'>\n  <start mode='onboot'/>\n",
        esc(&def.name)
    );
    for p in &def.protocols {
        s.push_str(&format!("  <protocol family='{}'>\n", p.family));
        if p.autoconf {
            s.push_str("    <autoconf/>\n");
        }
        match p.dhcp {
            Some(Some(peerdns)) => s.push_str(&format!(
                "    <dhcp peerdns='{}'/>\n",
                if peerdns { "yes" } else { "no" }
            )),
            Some(None) => s.push_str("    <dhcp/>\n"),
            None => {}
        }
        for ip in &p.ips {
            s.push_str(&format!("    <ip address='{}'", esc(&ip.address)));
            if ip.prefix != 0 {
                s.push_str(&format!(" prefix='{}'", ip.prefix));
            }
            s.push_str("/>\n");
        }
        s.push_str("  </protocol>\n");
    }
    s.push_str(&format!(
        "  <mac address='{}'/>\n</interface>\n",
        esc(&def.mac)
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nic_without_addresses() {
        let d = InterfaceDef {
            name: "vmnic0".into(),
            mac: "00:0c:29:81:d8:a0".into(),
            protocols: vec![],
        };
        assert_eq!(
            format_interface(&d),
            "<interface type='ethernet' name='vmnic0'>\n  <start mode='onboot'/>\n  \
             <mac address='00:0c:29:81:d8:a0'/>\n</interface>\n"
        );
    }

    #[test]
    fn protocols() {
        let d = InterfaceDef {
            name: "vmnic1".into(),
            mac: "m".into(),
            protocols: vec![
                Protocol {
                    family: "ipv4",
                    autoconf: false,
                    dhcp: Some(Some(false)),
                    ips: vec![ProtocolIp {
                        address: "10.0.0.2".into(),
                        prefix: 24,
                    }],
                },
                Protocol {
                    family: "ipv6",
                    autoconf: true,
                    dhcp: Some(None),
                    ips: vec![ProtocolIp {
                        address: "fe80::1".into(),
                        prefix: 64,
                    }],
                },
            ],
        };
        assert_eq!(
            format_interface(&d),
            "<interface type='ethernet' name='vmnic1'>\n  <start mode='onboot'/>\n  \
             <protocol family='ipv4'>\n    <dhcp peerdns='no'/>\n    \
             <ip address='10.0.0.2' prefix='24'/>\n  </protocol>\n  \
             <protocol family='ipv6'>\n    <autoconf/>\n    <dhcp/>\n    \
             <ip address='fe80::1' prefix='64'/>\n  </protocol>\n  <mac address='m'/>\n\
             </interface>\n"
        );
    }
}
