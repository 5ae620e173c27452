//! A domain's devices as virsh reads them from its XML: `domblklist`, `domiflist`.

use crate::api::*;
use crate::domain::{opt_domain, print_table};
use crate::ffi::*;
use crate::vsh::{self, cmd, data, flag, Args, Cmd, Ctl, Outcome};
use quick_xml::events::{BytesStart, Event};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd(
        "domblklist",
        &[data("domain"), flag("inactive"), flag("details")],
        domblklist,
    ),
    cmd("domiflist", &[data("domain"), flag("inactive")], domiflist),
];

/// One device element of `<devices>` and the attributes of its direct children.
#[derive(Default)]
struct Device {
    attrs: Vec<(String, String)>,
    children: Vec<(String, Vec<(String, String)>)>,
}

impl Device {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The first of `names` on the child `child`, in the document's attribute order (the
    /// union XPath virsh evaluates).
    fn child_attr(&self, child: &str, names: &[&str]) -> Option<&str> {
        let (_, attrs) = self.children.iter().find(|(n, _)| n == child)?;
        attrs
            .iter()
            .find(|(k, _)| names.contains(&k.as_str()))
            .map(|(_, v)| v.as_str())
    }
}

fn attributes(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (a.key.as_ref().to_string(), v)
        })
        .collect()
}

/// The `/domain/devices/<kind>` elements of a domain XML.
fn devices(xml: &str, kind: &str) -> Vec<Device> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut out: Vec<Device> = Vec::new();
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(_)) => {
                path.pop();
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let name = e.name().as_ref().to_string();
        let depth = path.len();
        if depth == 2 && path[0] == "domain" && path[1] == "devices" && name == kind {
            out.push(Device {
                attrs: attributes(&e),
                children: Vec::new(),
            });
        } else if depth == 3 && path[1] == "devices" && path[2] == kind {
            if let Some(d) = out.last_mut() {
                d.children.push((name.clone(), attributes(&e)));
            }
        }
        if !empty {
            path.push(name);
        }
    }
    out
}

fn domain_xml(dom: &Dom, a: &Args) -> Result<String, ()> {
    let flags = if a.has("inactive") {
        VIR_DOMAIN_XML_INACTIVE
    } else {
        0
    };
    // SAFETY: a live handle
    owned(unsafe { virDomainGetXMLDesc(dom.0, flags as c_uint) }).ok_or(())
}

fn domblklist(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let xml = domain_xml(&dom, a)?;
    let details = a.has("details");
    let mut rows = Vec::new();
    for d in devices(&xml, "disk") {
        let Some(target) = d.child_attr("target", &["dev"]) else {
            return vsh::fail("unable to query block list");
        };
        let source = if d.attr("type") == Some("network") {
            let name = d.child_attr("source", &["name"]).unwrap_or_default();
            let protocol = d.child_attr("source", &["protocol"]).unwrap_or_default();
            let host = d.child_attr("host", &["name"]);
            Some(match host {
                Some(h) => format!("{protocol}://{h}/{name}"),
                None => format!("{protocol}/{name}"),
            })
        } else {
            d.child_attr("source", &["file", "dev", "dir", "name", "volume"])
                .map(str::to_string)
        };
        let source = source.unwrap_or_else(|| "-".into());
        if details {
            let kind = d.attr("type").unwrap_or_default().to_string();
            let device = d.attr("device").unwrap_or_default().to_string();
            rows.push(vec![kind, device, target.to_string(), source]);
        } else {
            rows.push(vec![target.to_string(), source]);
        }
    }
    if details {
        print_table(ctl, &["Type", "Device", "Target", "Source"], &rows);
    } else {
        print_table(ctl, &["Target", "Source"], &rows);
    }
    Ok(())
}

fn domiflist(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let xml = domain_xml(&dom, a)?;
    let or_dash = |v: Option<&str>| v.unwrap_or("-").to_string();
    let rows: Vec<Vec<String>> = devices(&xml, "interface")
        .iter()
        .map(|d| {
            vec![
                or_dash(d.child_attr("target", &["dev"])),
                d.attr("type").unwrap_or_default().to_string(),
                or_dash(d.child_attr("source", &["bridge", "dev", "network", "name", "path"])),
                or_dash(d.child_attr("model", &["type"])),
                or_dash(d.child_attr("mac", &["address"])),
            ]
        })
        .collect();
    print_table(ctl, &["Interface", "Type", "Source", "Model", "MAC"], &rows);
    Ok(())
}
