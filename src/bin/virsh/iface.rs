//! Host interfaces (physical NICs): `iface-list`, `iface-dumpxml`.

use crate::api::*;
use crate::domain::print_table;
use crate::ffi::*;
use crate::vsh::{self, cmd, data, flag, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd("iface-list", &[flag("inactive"), flag("all")], list),
    cmd(
        "iface-dumpxml",
        &[data("interface"), flag("inactive")],
        dumpxml,
    ),
];

fn is_mac(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.chars().all(|ch| ch.is_ascii_hexdigit()))
}

/// By name, then by MAC address; on failure "failed to get interface" and the library's error.
fn lookup(ctl: &mut Ctl, name: &str) -> Result<Iface, ()> {
    let conn = ctl.conn()?;
    ctl.found("interface", name);
    let n = c(name);
    // SAFETY: a live connection and a C string
    let mut iface = Iface::new(unsafe { virInterfaceLookupByName(conn, n.as_ptr()) });
    if iface.is_none() && is_mac(name) {
        // SAFETY: as above
        iface = Iface::new(unsafe { virInterfaceLookupByMACString(conn, n.as_ptr()) });
    }
    iface.ok_or_else(|| vsh::error(&format!("failed to get interface '{name}'")))
}

fn list(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    let flags = if a.has("all") {
        0
    } else if a.has("inactive") {
        VIR_CONNECT_LIST_INTERFACES_INACTIVE
    } else {
        VIR_CONNECT_LIST_INTERFACES_ACTIVE
    };
    let mut list: *mut virInterfacePtr = std::ptr::null_mut();
    // SAFETY: a live connection and an out-pointer
    let n = unsafe { virConnectListAllInterfaces(conn, &mut list, flags as c_uint) };
    if n < 0 {
        vsh::error("Failed to list interfaces");
        return Err(());
    }
    let mut ifaces = take_array(list, n, Iface);
    ifaces.sort_by_key(|i| i.name().to_lowercase());
    let rows: Vec<Vec<String>> = ifaces
        .iter()
        .map(|i| {
            // SAFETY: a live handle
            let active = unsafe { virInterfaceIsActive(i.0) } > 0;
            let mac = borrowed(unsafe { virInterfaceGetMACString(i.0) }).unwrap_or_default();
            vec![
                i.name(),
                if active { "active" } else { "inactive" }.into(),
                mac,
            ]
        })
        .collect();
    print_table(ctl, &["Name", "State", "MAC Address"], &rows);
    Ok(())
}

fn dumpxml(ctl: &mut Ctl, a: &Args) -> Outcome {
    let iface = lookup(ctl, a.get("interface").unwrap_or_default())?;
    let flags = if a.has("inactive") {
        VIR_INTERFACE_XML_INACTIVE
    } else {
        0
    };
    // SAFETY: a live handle
    let xml = owned(unsafe { virInterfaceGetXMLDesc(iface.0, flags as c_uint) }).ok_or(())?;
    print!("{xml}");
    Ok(())
}
