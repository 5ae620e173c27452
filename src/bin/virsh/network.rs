//! Networks (the host's virtual switches): `net-list`, `net-info`, `net-dumpxml`.

use crate::api::*;
use crate::domain::print_table;
use crate::ffi::*;
use crate::vsh::{self, cmd, data, flag, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd(
        "net-list",
        &[
            flag("inactive"),
            flag("all"),
            flag("persistent"),
            flag("transient"),
            flag("autostart"),
            flag("no-autostart"),
            flag("uuid"),
            flag("name"),
            flag("table"),
        ],
        list,
    ),
    cmd("net-info", &[data("network")], info),
    cmd("net-dumpxml", &[data("network"), flag("inactive")], dumpxml),
];

/// By UUID, then name; on failure "failed to get network" and the library's error.
fn lookup(ctl: &mut Ctl, name: &str) -> Result<Net, ()> {
    let conn = ctl.conn()?;
    ctl.found("network", name);
    let n = c(name);
    let mut net = None;
    if name.len() == 36 {
        // SAFETY: a live connection and a C string
        net = Net::new(unsafe { virNetworkLookupByUUIDString(conn, n.as_ptr()) });
    }
    if net.is_none() {
        // SAFETY: as above
        net = Net::new(unsafe { virNetworkLookupByName(conn, n.as_ptr()) });
    }
    net.ok_or_else(|| vsh::error(&format!("failed to get network '{name}'")))
}

fn list(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    let mut flags = VIR_CONNECT_LIST_NETWORKS_ACTIVE;
    if a.has("inactive") {
        flags = VIR_CONNECT_LIST_NETWORKS_INACTIVE;
    }
    if a.has("all") {
        flags = VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE;
    }
    for (opt, f) in [
        ("persistent", VIR_CONNECT_LIST_NETWORKS_PERSISTENT),
        ("transient", VIR_CONNECT_LIST_NETWORKS_TRANSIENT),
        ("autostart", VIR_CONNECT_LIST_NETWORKS_AUTOSTART),
        ("no-autostart", VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    let mut list: *mut virNetworkPtr = std::ptr::null_mut();
    // SAFETY: a live connection and an out-pointer
    let n = unsafe { virConnectListAllNetworks(conn, &mut list, flags as c_uint) };
    if n < 0 {
        vsh::error("Failed to list networks");
        return Err(());
    }
    let mut nets = take_array(list, n, Net);
    nets.sort_by_key(|x| x.name().to_lowercase());
    if (a.has("name") || a.has("uuid")) && !a.has("table") {
        for x in &nets {
            let mut parts = Vec::new();
            if a.has("uuid") {
                // SAFETY: a live handle and a buffer of libvirt's size
                parts.push(
                    uuid_with(|b| unsafe { virNetworkGetUUIDString(x.0, b) }).unwrap_or_default(),
                );
            }
            if a.has("name") {
                parts.push(x.name());
            }
            println!("{}", parts.join(" "));
        }
        return Ok(());
    }
    let mut rows = Vec::new();
    for x in &nets {
        let mut autostart = 0;
        // SAFETY: a live handle throughout
        let auto = if unsafe { virNetworkGetAutostart(x.0, &mut autostart) } < 0 {
            "no autostart"
        } else if autostart != 0 {
            "yes"
        } else {
            "no"
        };
        let active = unsafe { virNetworkIsActive(x.0) };
        let persistent = unsafe { virNetworkIsPersistent(x.0) };
        rows.push(vec![
            x.name(),
            if active > 0 { "active" } else { "inactive" }.into(),
            auto.into(),
            vsh::yes_no(persistent).into(),
        ]);
    }
    print_table(ctl, &["Name", "State", "Autostart", "Persistent"], &rows);
    Ok(())
}

fn info(ctl: &mut Ctl, a: &Args) -> Outcome {
    let net = lookup(ctl, a.get("network").unwrap_or_default())?;
    let line = |k: &str, v: &str| println!("{k:<15} {v}");
    line("Name:", &net.name());
    // SAFETY: a live handle and a buffer of libvirt's size
    if let Some(u) = uuid_with(|b| unsafe { virNetworkGetUUIDString(net.0, b) }) {
        line("UUID:", &u);
    }
    // SAFETY: a live handle throughout
    line("Active:", vsh::yes_no(unsafe { virNetworkIsActive(net.0) }));
    line(
        "Persistent:",
        vsh::yes_no(unsafe { virNetworkIsPersistent(net.0) }),
    );
    let mut autostart = 0;
    if unsafe { virNetworkGetAutostart(net.0, &mut autostart) } < 0 {
        line("Autostart:", "no autostart");
    } else {
        line("Autostart:", if autostart != 0 { "yes" } else { "no" });
    }
    if let Some(bridge) = owned(unsafe { virNetworkGetBridgeName(net.0) }) {
        line("Bridge:", &bridge);
    }
    vsh::reset_error();
    Ok(())
}

fn dumpxml(ctl: &mut Ctl, a: &Args) -> Outcome {
    let net = lookup(ctl, a.get("network").unwrap_or_default())?;
    let flags = if a.has("inactive") {
        VIR_NETWORK_XML_INACTIVE
    } else {
        0
    };
    // SAFETY: a live handle
    let xml = owned(unsafe { virNetworkGetXMLDesc(net.0, flags as c_uint) }).ok_or(())?;
    print!("{xml}");
    Ok(())
}
