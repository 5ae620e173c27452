//! Network XML: read with the checks and errors of libvirt 9.0's `virNetworkDefParseXML` (the
//! elements a definition can carry that the ESX driver has no use for, such as `<ip>`, `<dns>`,
//! `<route>`, `<vlan>` and `<virtualport>`, are accepted unread), written as
//! `virNetworkDefFormat` writes the networks the ESX driver builds.

use super::esc;
use crate::domxml::{mac_parse, read_tree_as, uuid_parse, uuid_to_string, Node};
use crate::error::{code, Error, Result};

/// Error domains of libvirt's parser: `network_conf.c`, `virxml.c`, `netdev_bandwidth_conf.c`.
const FROM_NETWORK: i32 = 19;
const FROM_XML: i32 = 5;
const FROM_NONE: i32 = 0;

/// `virNetworkForwardType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardMode {
    None,
    Nat,
    Route,
    Open,
    Bridge,
    Private,
    Vepa,
    Passthrough,
    Hostdev,
}

impl ForwardMode {
    const ALL: [ForwardMode; 9] = [
        ForwardMode::None,
        ForwardMode::Nat,
        ForwardMode::Route,
        ForwardMode::Open,
        ForwardMode::Bridge,
        ForwardMode::Private,
        ForwardMode::Vepa,
        ForwardMode::Passthrough,
        ForwardMode::Hostdev,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ForwardMode::None => "none",
            ForwardMode::Nat => "nat",
            ForwardMode::Route => "route",
            ForwardMode::Open => "open",
            ForwardMode::Bridge => "bridge",
            ForwardMode::Private => "private",
            ForwardMode::Vepa => "vepa",
            ForwardMode::Passthrough => "passthrough",
            ForwardMode::Hostdev => "hostdev",
        }
    }

    fn from_name(s: &str) -> Option<ForwardMode> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// One device of a forward's interface pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardIf {
    /// `<interface dev='...'/>` (or the `<forward dev=...>` attribute): a host NIC.
    Netdev(String),
    /// `<address type='pci' .../>`: a PCI device, which the ESX driver cannot use.
    Pci,
}

/// `virNetDevBandwidthRate`: kilobytes per second (average, peak, floor) and kilobytes (burst).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rate {
    pub average: u64,
    pub peak: u64,
    pub burst: u64,
    pub floor: u64,
}

/// `<bandwidth>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bandwidth {
    pub inbound: Option<Rate>,
    pub outbound: Option<Rate>,
}

/// `<portgroup>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortGroup {
    pub name: String,
    pub bandwidth: Option<Bandwidth>,
}

/// A network definition, as far as the ESX driver uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkDef {
    pub name: String,
    /// The `<uuid>` given, if any (the ESX driver refuses one: the UUID comes from the switch).
    pub uuid: Option<[u8; 16]>,
    pub forward: ForwardMode,
    pub forward_ifs: Vec<ForwardIf>,
    pub bandwidth: Option<Bandwidth>,
    pub port_groups: Vec<PortGroup>,
}

fn xml_error(from: i32, detail: impl Into<String>) -> Error {
    Error::new(from, code::XML_ERROR, detail)
}

fn unsupported(from: i32, detail: impl Into<String>) -> Error {
    Error::new(from, code::CONFIG_UNSUPPORTED, detail)
}

/// `virXPathString`: an element's or attribute's text, `None` when absent or empty.
fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// `strtoull`-style digits as libvirt's `virStrToLong_ullp` takes them: leading blanks and a
/// `+`, no sign otherwise, nothing after the digits.
fn parse_u64(s: &str) -> Option<u64> {
    let t = s.trim_start();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `virXMLPropTristateBool`: the attribute, if present, is `yes` or `no`.
fn check_tristate(node: &Node, attr: &str) -> Result<()> {
    match node.attr(attr) {
        None | Some("yes") | Some("no") => Ok(()),
        Some(v) => Err(xml_error(
            FROM_XML,
            format!(
                "Invalid value for attribute '{attr}' in element '{}': '{v}'.",
                node.name
            ),
        )),
    }
}

fn parse_rate(node: &Node) -> Result<Rate> {
    let average = node.attr("average");
    let peak = node.attr("peak");
    let burst = node.attr("burst");
    let floor = node.attr("floor");
    let number = |what: &str, v: &str| {
        parse_u64(v).ok_or_else(|| {
            unsupported(
                FROM_NONE,
                format!("could not convert bandwidth {what} value '{v}'"),
            )
        })
    };
    let mut rate = Rate::default();
    match average {
        Some(v) => rate.average = number("average", v)?,
        None if floor.is_none() => {
            return Err(Error::new(
                FROM_NONE,
                code::XML_DETAIL,
                "Missing mandatory average or floor attributes",
            ))
        }
        None => {}
    }
    if (peak.is_some() || burst.is_some()) && average.is_none() {
        return Err(unsupported(
            FROM_NONE,
            "'peak' and 'burst' require 'average' attribute",
        ));
    }
    if let Some(v) = peak {
        rate.peak = number("peak", v)?;
    }
    if let Some(v) = burst {
        rate.burst = number("burst", v)?;
    }
    if let Some(v) = floor {
        rate.floor = number("floor", v)?;
    }
    Ok(rate)
}

/// `virNetDevBandwidthParse` without floor or class id (a network's and a port group's).
fn parse_bandwidth(node: &Node) -> Result<Option<Bandwidth>> {
    if node.attr("classID").is_some() {
        return Err(Error::new(
            FROM_NONE,
            code::XML_DETAIL,
            "classID attribute not supported on <bandwidth> in this usage context",
        ));
    }
    let (mut inbound, mut outbound) = (None, None);
    for c in &node.children {
        let slot = match c.name.as_str() {
            "inbound" => &mut inbound,
            "outbound" => &mut outbound,
            _ => continue,
        };
        if slot.is_some() {
            return Err(Error::new(
                FROM_NONE,
                code::XML_DETAIL,
                format!("Only one child <{}> element allowed", c.name),
            ));
        }
        *slot = Some(c);
    }
    let mut bw = Bandwidth::default();
    if let Some(n) = inbound {
        let r = parse_rate(n)?;
        if r.floor != 0 {
            return Err(unsupported(
                FROM_NONE,
                "floor attribute is not supported for this config",
            ));
        }
        bw.inbound = Some(r);
    }
    if let Some(n) = outbound {
        let r = parse_rate(n)?;
        if r.floor != 0 {
            return Err(unsupported(
                FROM_NONE,
                "'floor' attribute allowed only in <inbound> element",
            ));
        }
        bw.outbound = Some(r);
    }
    Ok((bw.inbound.is_some() || bw.outbound.is_some()).then_some(bw))
}

fn parse_port_group(node: &Node) -> Result<PortGroup> {
    let Some(name) = non_empty(node.attr("name")) else {
        return Err(xml_error(
            FROM_NETWORK,
            "Missing required name attribute in portgroup",
        ));
    };
    check_tristate(node, "trustGuestRxFilters")?;
    let bandwidth = match node.child("bandwidth") {
        Some(b) => parse_bandwidth(b)?,
        None => None,
    };
    Ok(PortGroup {
        name: name.to_string(),
        bandwidth,
    })
}

/// What `<forward>` holds besides its mode: the interface pool and whether a `<pf>` was given.
struct Forward {
    mode: ForwardMode,
    ifs: Vec<ForwardIf>,
    pfs: usize,
}

fn parse_forward(net: &str, node: &Node) -> Result<Forward> {
    let mode = match node.attr("mode").filter(|m| !m.is_empty()) {
        None => ForwardMode::Nat,
        Some(m) => ForwardMode::from_name(m)
            .ok_or_else(|| unsupported(FROM_NETWORK, format!("unknown forwarding type '{m}'")))?,
    };
    if let Some(d) = non_empty(node.child("driver").and_then(|d| d.attr("name"))) {
        if d != "kvm" && d != "vfio" {
            return Err(unsupported(
                FROM_NETWORK,
                format!("Unknown forward <driver name='{d}'/> in network {net}"),
            ));
        }
    }
    let if_nodes: Vec<&Node> = node.children_named("interface").collect();
    let addr_nodes: Vec<&Node> = node.children_named("address").collect();
    let pf_nodes: Vec<&Node> = node.children_named("pf").collect();
    let nats = node.children_named("nat").count();
    if nats > 1 {
        return Err(xml_error(
            FROM_NETWORK,
            format!("Only one <nat> element is allowed in <forward> of network {net}"),
        ));
    }
    if nats == 1 && mode != ForwardMode::Nat {
        return Err(xml_error(
            FROM_NETWORK,
            format!(
                "The <nat> element can only be used when <forward> 'mode' is 'nat' in network {net}"
            ),
        ));
    }
    let dev = non_empty(node.attr("dev"));
    if dev.is_some() && (!addr_nodes.is_empty() || !pf_nodes.is_empty()) {
        // libvirt's message leaves its "%s" unfilled
        return Err(xml_error(
            FROM_NETWORK,
            "the <forward> 'dev' attribute cannot be used when <address> or <pf> sub-elements \
             are present in network %s",
        ));
    }
    let mut ifs: Vec<ForwardIf> = Vec::new();
    let mut pfs = 0;
    if !if_nodes.is_empty() || dev.is_some() {
        if let Some(d) = dev {
            ifs.push(ForwardIf::Netdev(d.to_string()));
        }
        for (i, n) in if_nodes.iter().enumerate() {
            let Some(d) = non_empty(n.attr("dev")) else {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!(
                        "Missing required dev attribute in <forward> <interface> element of \
                         network {net}"
                    ),
                ));
            };
            if i == 0 && dev.is_some() {
                if Some(d) != dev {
                    return Err(xml_error(
                        FROM_NETWORK,
                        format!(
                            "<forward dev='{}'> must match first <interface dev='{d}'/> in \
                             network {net}",
                            dev.unwrap_or_default()
                        ),
                    ));
                }
                continue;
            }
            if ifs.iter().any(|f| *f == ForwardIf::Netdev(d.to_string())) {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!("interface '{d}' can only be listed once in network {net}"),
                ));
            }
            ifs.push(ForwardIf::Netdev(d.to_string()));
        }
    } else if !addr_nodes.is_empty() {
        for n in &addr_nodes {
            let Some(t) = non_empty(n.attr("type")) else {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!("missing address type in network {net}"),
                ));
            };
            match t {
                "pci" => ifs.push(ForwardIf::Pci),
                "none" | "netdev" => {
                    return Err(xml_error(
                        FROM_NETWORK,
                        format!("unsupported address type '{t}' in network {net}"),
                    ))
                }
                _ => {
                    return Err(unsupported(
                        FROM_NETWORK,
                        format!("unknown address type '{t}' in network {net}"),
                    ))
                }
            }
        }
    } else if pf_nodes.len() > 1 {
        return Err(xml_error(
            FROM_NETWORK,
            format!("Only one <pf> element is allowed in <forward> of network {net}"),
        ));
    } else if let Some(pf) = pf_nodes.first() {
        if non_empty(pf.attr("dev")).is_none() {
            return Err(xml_error(
                FROM_NETWORK,
                format!("Missing required dev attribute in <pf> element of network '{net}'"),
            ));
        }
        pfs = 1;
    }
    Ok(Forward { mode, ifs, pfs })
}

/// Parses network XML as `virNetworkDefParse` does, with its errors.
pub fn parse_network(xml: &str) -> Result<NetworkDef> {
    // libxml2's wording differs from ours; the code and domain are libvirt's
    let root = read_tree_as(xml, "(network_definition)", FROM_NETWORK, code::XML_DETAIL)?;
    if root.name != "network" {
        return Err(xml_error(
            FROM_XML,
            format!("expecting root element of 'network', not '{}'", root.name),
        ));
    }
    let text = |name: &str| non_empty(root.child(name).map(|n| n.text.as_str()));
    let Some(name) = text("name") else {
        return Err(Error::bare(FROM_NETWORK, code::NO_NAME));
    };
    if name.contains('/') {
        return Err(Error::new(
            FROM_XML,
            code::XML_DETAIL,
            "invalid char in name: /",
        ));
    }
    let uuid = match text("uuid") {
        None => None,
        Some(u) => Some(uuid_parse(u).ok_or_else(|| {
            Error::new(FROM_NETWORK, code::INTERNAL_ERROR, "malformed uuid element")
        })?),
    };
    if let Some(v) = root.attr("ipv6") {
        if v != "yes" && v != "no" {
            return Err(xml_error(
                FROM_NETWORK,
                format!("Invalid ipv6 setting '{v}' in network '{name}'"),
            ));
        }
    }
    check_tristate(&root, "trustGuestRxFilters")?;
    if let Some(d) = root.child("domain") {
        check_tristate(d, "localOnly")?;
    }
    let bandwidth = match root.child("bandwidth") {
        Some(b) => parse_bandwidth(b)?,
        None => None,
    };
    if let Some(p) = root.child("port") {
        check_tristate(p, "isolated")?;
    }
    let bridge = root.child("bridge");
    let battr = |a: &str| non_empty(bridge.and_then(|b| b.attr(a)));
    let bridge_name = battr("name");
    let zone = battr("zone");
    let stp = battr("stp");
    let mut delay = 0;
    if let Some(d) = battr("delay") {
        delay = parse_u64(d).ok_or_else(|| {
            xml_error(
                FROM_NETWORK,
                format!("Invalid delay value in network '{name}'"),
            )
        })?;
    }
    let mac_table = battr("macTableManager");
    if let Some(m) = mac_table {
        if m != "kernel" && m != "libvirt" {
            return Err(xml_error(
                FROM_NETWORK,
                format!("Invalid macTableManager setting '{m}' in network '{name}'"),
            ));
        }
    }
    if let Some(m) = non_empty(root.child("mac").and_then(|m| m.attr("address"))) {
        let Some(mac) = mac_parse(m) else {
            return Err(xml_error(
                FROM_NETWORK,
                format!("Invalid bridge mac address '{m}' in network '{name}'"),
            ));
        };
        if mac[0] & 1 == 1 {
            return Err(xml_error(
                FROM_NETWORK,
                format!("Invalid multicast bridge mac address '{m}' in network '{name}'"),
            ));
        }
    }
    let mut mtu = 0;
    if let Some(m) = non_empty(root.child("mtu").and_then(|m| m.attr("size"))) {
        mtu = parse_u64(m)
            .filter(|v| *v <= u64::from(u32::MAX))
            .ok_or_else(|| {
                xml_error(
                    FROM_NETWORK,
                    format!("Invalid mtu size '{m}' in network '{name}'"),
                )
            })?;
    }
    let port_groups = root
        .children_named("portgroup")
        .map(parse_port_group)
        .collect::<Result<Vec<_>>>()?;
    let nips = root.children_named("ip").count();
    let forward = match root.child("forward") {
        Some(f) => parse_forward(name, f)?,
        None => Forward {
            mode: ForwardMode::None,
            ifs: Vec::new(),
            pfs: 0,
        },
    };
    let mode = forward.mode.as_str();
    match forward.mode {
        ForwardMode::None => {}
        ForwardMode::Route | ForwardMode::Nat | ForwardMode::Open => {
            if nips == 0 {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!(
                        "{mode} forwarding requested, but no IP address provided for network \
                         '{name}'"
                    ),
                ));
            }
            if forward.ifs.len() > 1 {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!(
                        "multiple forwarding interfaces specified for network '{name}', only \
                         one is supported"
                    ),
                ));
            }
            if forward.mode == ForwardMode::Open && !forward.ifs.is_empty() {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!(
                        "forward dev not allowed for network '{name}' with forward mode='{mode}'"
                    ),
                ));
            }
        }
        ForwardMode::Bridge
        | ForwardMode::Private
        | ForwardMode::Vepa
        | ForwardMode::Passthrough
        | ForwardMode::Hostdev => {
            if forward.mode != ForwardMode::Bridge {
                let refused = [
                    (bridge_name.is_some(), "bridge name not allowed"),
                    (zone.is_some(), "bridge zone not allowed"),
                    (
                        mac_table.is_some(),
                        "bridge macTableManager setting not allowed",
                    ),
                ];
                if let Some((_, what)) = refused.iter().find(|(bad, _)| *bad) {
                    return Err(xml_error(
                        FROM_NETWORK,
                        format!("{what} in {mode} mode (network '{name}')"),
                    ));
                }
            }
            if delay != 0 || stp.is_some() || zone.is_some() {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!(
                        "bridge delay/stp/zone options only allowed in route, nat, and isolated \
                         mode, not in {mode} (network '{name}')"
                    ),
                ));
            }
            if bridge_name.is_some() && (!forward.ifs.is_empty() || forward.pfs > 0) {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!(
                        "A network with forward mode='{mode}' can specify a bridge name or a \
                         forward dev, but not both (network '{name}')"
                    ),
                ));
            }
            if mtu != 0 {
                return Err(xml_error(
                    FROM_NETWORK,
                    format!(
                        "mtu size only allowed in open, route, nat, and isolated mode, not in \
                         {mode} (network '{name}')"
                    ),
                ));
            }
        }
    }
    Ok(NetworkDef {
        name: name.to_string(),
        uuid,
        forward: forward.mode,
        forward_ifs: forward.ifs,
        bandwidth,
        port_groups,
    })
}

struct Out {
    s: String,
    indent: usize,
}

impl Out {
    fn line(&mut self, text: &str) {
        self.s.push_str(&" ".repeat(self.indent));
        self.s.push_str(text);
        self.s.push('\n');
    }
}

fn format_rate(out: &mut Out, rate: &Option<Rate>, elem: &str) {
    let Some(r) = rate else { return };
    if r.average == 0 && r.floor == 0 {
        return;
    }
    let mut line = format!("<{elem}");
    for (attr, v) in [
        ("average", r.average),
        ("peak", r.peak),
        ("floor", r.floor),
        ("burst", r.burst),
    ] {
        if v != 0 {
            line.push_str(&format!(" {attr}='{v}'"));
        }
    }
    line.push_str("/>");
    out.line(&line);
}

fn format_bandwidth(out: &mut Out, bw: &Option<Bandwidth>) {
    let Some(bw) = bw else { return };
    out.line("<bandwidth>");
    out.indent += 2;
    format_rate(out, &bw.inbound, "inbound");
    format_rate(out, &bw.outbound, "outbound");
    out.indent -= 2;
    out.line("</bandwidth>");
}

/// Network XML as libvirt's `virNetworkDefFormat` writes a network the ESX driver built: no
/// bridge name, STP off, no delay, every forward interface a host NIC.
pub fn format_network(def: &NetworkDef) -> String {
    let mut out = Out {
        s: String::new(),
        indent: 0,
    };
    out.line("<network>");
    out.indent = 2;
    out.line(&format!("<name>{}</name>", esc(&def.name)));
    out.line(&format!(
        "<uuid>{}</uuid>",
        uuid_to_string(&def.uuid.unwrap_or_default())
    ));
    let devs: Vec<&str> = def
        .forward_ifs
        .iter()
        .filter_map(|f| match f {
            ForwardIf::Netdev(d) => Some(d.as_str()),
            ForwardIf::Pci => None,
        })
        .collect();
    if def.forward != ForwardMode::None {
        let mut open = String::from("<forward");
        if let Some(d) = devs.first() {
            open.push_str(&format!(" dev='{}'", esc(d)));
        }
        open.push_str(&format!(" mode='{}'", def.forward.as_str()));
        if devs.is_empty() {
            out.line(&(open + "/>"));
        } else {
            out.line(&(open + ">"));
            out.indent += 2;
            for d in &devs {
                out.line(&format!("<interface dev='{}'/>", esc(d)));
            }
            out.indent -= 2;
            out.line("</forward>");
        }
    }
    if matches!(
        def.forward,
        ForwardMode::None | ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open
    ) {
        out.line("<bridge stp='off' delay='0'/>");
    }
    format_bandwidth(&mut out, &def.bandwidth);
    for pg in &def.port_groups {
        out.line(&format!("<portgroup name='{}'>", esc(&pg.name)));
        out.indent += 2;
        format_bandwidth(&mut out, &pg.bandwidth);
        out.indent -= 2;
        out.line("</portgroup>");
    }
    out.indent = 0;
    out.line("</network>");
    out.s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(xml: &str) -> (i32, i32, String) {
        let e = parse_network(xml).unwrap_err();
        (e.domain, e.code, e.message)
    }

    #[test]
    fn vswitch0_as_debians_libvirt_writes_it() {
        let def = NetworkDef {
            name: "vSwitch0".into(),
            uuid: uuid_parse("2f467347-8b4e-8655-e7d6-c4c3fb968009"),
            forward: ForwardMode::Bridge,
            forward_ifs: vec![ForwardIf::Netdev("vmnic0".into())],
            bandwidth: None,
            port_groups: vec![PortGroup {
                name: "VM Network".into(),
                bandwidth: None,
            }],
        };
        assert_eq!(
            format_network(&def),
            "<network>\n  <name>vSwitch0</name>\n  \
             <uuid>2f467347-8b4e-8655-e7d6-c4c3fb968009</uuid>\n  \
             <forward dev='vmnic0' mode='bridge'>\n    <interface dev='vmnic0'/>\n  \
             </forward>\n  <portgroup name='VM Network'>\n  </portgroup>\n</network>\n"
        );
    }

    #[test]
    fn isolated_switch_with_shaping() {
        let rate = Rate {
            average: 1000,
            peak: 2000,
            burst: 64,
            floor: 0,
        };
        let bw = Some(Bandwidth {
            inbound: Some(rate),
            outbound: Some(rate),
        });
        let def = NetworkDef {
            name: "a<b".into(),
            uuid: None,
            forward: ForwardMode::None,
            forward_ifs: vec![],
            bandwidth: bw.clone(),
            port_groups: vec![PortGroup {
                name: "pg".into(),
                bandwidth: bw,
            }],
        };
        let x = format_network(&def);
        assert!(x.contains("<name>a&lt;b</name>"), "{x}");
        assert!(x.contains(
            "  <bridge stp='off' delay='0'/>\n  <bandwidth>\n    \
             <inbound average='1000' peak='2000' burst='64'/>\n    \
             <outbound average='1000' peak='2000' burst='64'/>\n  </bandwidth>\n  \
             <portgroup name='pg'>\n    <bandwidth>\n"
        ));
        // shaping on with no figures: an empty element, as libvirt writes it
        let mut empty = def.clone();
        empty.bandwidth = Some(Bandwidth {
            inbound: Some(Rate::default()),
            outbound: Some(Rate::default()),
        });
        empty.port_groups.clear();
        assert!(format_network(&empty).contains("  <bandwidth>\n  </bandwidth>\n"));
    }

    #[test]
    fn parses_what_the_esx_driver_uses() {
        let d = parse_network(
            "<network><name>net1</name><forward mode='bridge'><interface dev='vmnic1'/>\
             <interface dev='vmnic2'/></forward><bandwidth><inbound average='10' peak='20'/>\
             <outbound average='10' peak='20'/></bandwidth><portgroup name='a'/>\
             <portgroup name='b'><bandwidth><inbound average='5' burst='7'/></bandwidth>\
             </portgroup><ip address='10.0.0.1' netmask='255.0.0.0'/></network>",
        )
        .unwrap();
        assert_eq!(d.name, "net1");
        assert_eq!(d.uuid, None);
        assert_eq!(d.forward, ForwardMode::Bridge);
        assert_eq!(
            d.forward_ifs,
            vec![
                ForwardIf::Netdev("vmnic1".into()),
                ForwardIf::Netdev("vmnic2".into())
            ]
        );
        assert_eq!(d.bandwidth.as_ref().unwrap().inbound.unwrap().peak, 20);
        assert_eq!(d.port_groups.len(), 2);
        let b = d.port_groups[1].bandwidth.as_ref().unwrap();
        assert_eq!((b.inbound.unwrap().burst, b.outbound), (7, None));
        let d = parse_network("<network><name>x</name><forward dev='e0' mode='bridge'/></network>")
            .unwrap();
        assert_eq!(d.forward_ifs, vec![ForwardIf::Netdev("e0".into())]);
        let d = parse_network("<network><name>x</name><forward/><ip/></network>").unwrap();
        assert_eq!(d.forward, ForwardMode::Nat);
    }

    #[test]
    fn libvirts_errors() {
        let n = FROM_NETWORK;
        let cases: &[(&str, (i32, i32, &str))] = &[
            ("<network/>", (n, 21, "missing name information")),
            (
                "<network><name></name></network>",
                (n, 21, "missing name information"),
            ),
            (
                "<net><name>x</name></net>",
                (
                    FROM_XML,
                    27,
                    "XML error: expecting root element of 'network', not 'net'",
                ),
            ),
            (
                "<network><name>a/b</name></network>",
                (FROM_XML, 35, "invalid char in name: /"),
            ),
            (
                "<network><name>x</name><uuid>nope</uuid></network>",
                (n, 1, "internal error: malformed uuid element"),
            ),
            (
                "<network ipv6='maybe'><name>x</name></network>",
                (
                    n,
                    27,
                    "XML error: Invalid ipv6 setting 'maybe' in network 'x'",
                ),
            ),
            (
                "<network trustGuestRxFilters='1'><name>x</name></network>",
                (
                    FROM_XML,
                    27,
                    "XML error: Invalid value for attribute 'trustGuestRxFilters' in element \
                 'network': '1'.",
                ),
            ),
            (
                "<network><name>x</name><forward mode='bogus'/></network>",
                (
                    n,
                    67,
                    "unsupported configuration: unknown forwarding type 'bogus'",
                ),
            ),
            (
                "<network><name>x</name><forward mode='nat'/></network>",
                (
                    n,
                    27,
                    "XML error: nat forwarding requested, but no IP address provided for network \
                 'x'",
                ),
            ),
            (
                "<network><name>x</name><portgroup/></network>",
                (
                    n,
                    27,
                    "XML error: Missing required name attribute in portgroup",
                ),
            ),
            (
                "<network><name>x</name><forward mode='bridge'><interface/></forward></network>",
                (
                    n,
                    27,
                    "XML error: Missing required dev attribute in <forward> <interface> \
                 element of network x",
                ),
            ),
            (
                "<network><name>x</name><forward mode='bridge'><interface dev='a'/>\
              <interface dev='a'/></forward></network>",
                (
                    n,
                    27,
                    "XML error: interface 'a' can only be listed once in network x",
                ),
            ),
            (
                "<network><name>x</name><forward dev='a' mode='bridge'><interface dev='b'/>\
              </forward></network>",
                (
                    n,
                    27,
                    "XML error: <forward dev='a'> must match first <interface dev='b'/> \
                 in network x",
                ),
            ),
            (
                "<network><name>x</name><forward mode='bridge'/><bridge stp='on'/></network>",
                (
                    n,
                    27,
                    "XML error: bridge delay/stp/zone options only allowed in route, nat, \
                 and isolated mode, not in bridge (network 'x')",
                ),
            ),
            (
                "<network><name>x</name><forward mode='bridge'/><mtu size='9000'/></network>",
                (
                    n,
                    27,
                    "XML error: mtu size only allowed in open, route, nat, and isolated \
                 mode, not in bridge (network 'x')",
                ),
            ),
            (
                "<network><name>x</name><bandwidth><inbound peak='1'/></bandwidth></network>",
                (
                    FROM_NONE,
                    35,
                    "Missing mandatory average or floor attributes",
                ),
            ),
            (
                "<network><name>x</name><bandwidth><inbound average='-1'/></bandwidth></network>",
                (
                    FROM_NONE,
                    67,
                    "unsupported configuration: could not convert bandwidth average value '-1'",
                ),
            ),
            (
                "<network><name>x</name><bandwidth><inbound average='1' floor='2'/></bandwidth>\
              </network>",
                (
                    FROM_NONE,
                    67,
                    "unsupported configuration: floor attribute is not supported for this config",
                ),
            ),
            (
                "<network><name>x</name><mac address='01:00:00:00:00:01'/></network>",
                (
                    n,
                    27,
                    "XML error: Invalid multicast bridge mac address '01:00:00:00:00:01' in \
                 network 'x'",
                ),
            ),
            ("<network><name>x</name>", (n, 35, "")),
        ];
        for (xml, (dom, code, msg)) in cases {
            let (d, c, m) = err(xml);
            assert_eq!((d, c), (*dom, *code), "{xml}: {m}");
            if !msg.is_empty() {
                assert_eq!(m, *msg, "{xml}");
            }
        }
    }
}
