//! Domain monitoring: `list`, `dominfo`, `domstate`, `domid`, `domname`, `domuuid`,
//! `dumpxml`, `domhostname`, `domifaddr`; and the domain look-up every domain command uses.

use crate::api::*;
use crate::ffi::*;
use crate::vsh::{self, cmd, data, flag, string, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd(
        "list",
        &[
            flag("inactive"),
            flag("all"),
            flag("transient"),
            flag("persistent"),
            flag("with-snapshot"),
            flag("without-snapshot"),
            flag("with-checkpoint"),
            flag("without-checkpoint"),
            flag("state-running"),
            flag("state-paused"),
            flag("state-shutoff"),
            flag("state-other"),
            flag("autostart"),
            flag("no-autostart"),
            flag("with-managed-save"),
            flag("without-managed-save"),
            flag("uuid"),
            flag("name"),
            flag("id"),
            flag("table"),
            flag("managed-save"),
            flag("title"),
        ],
        list,
    ),
    cmd("dominfo", &[data("domain")], dominfo),
    cmd("domstate", &[data("domain"), flag("reason")], domstate),
    cmd("domid", &[data("domain")], domid),
    cmd("domname", &[data("domain")], domname),
    cmd("domuuid", &[data("domain")], domuuid),
    cmd(
        "dumpxml",
        &[
            data("domain"),
            flag("inactive"),
            flag("security-info"),
            flag("update-cpu"),
            flag("migratable"),
            string("xpath"),
            flag("wrap"),
        ],
        dumpxml,
    ),
    cmd(
        "domhostname",
        &[data("domain"), string("source")],
        domhostname,
    ),
    cmd(
        "domifaddr",
        &[
            data("domain"),
            string("interface"),
            flag("full"),
            string("source"),
        ],
        domifaddr,
    ),
];

/// The ways a domain name may be read (virsh's `VIRSH_BYID`, `VIRSH_BYUUID`, `VIRSH_BYNAME`).
pub const BY_ID: u8 = 1;
pub const BY_UUID: u8 = 2;
pub const BY_NAME: u8 = 4;

/// Look a domain up as virsh does: by ID, then UUID, then name; on failure only "failed to get
/// domain" (virsh forgets the library's error).
pub fn lookup(ctl: &mut Ctl, name: &str) -> Result<Dom, ()> {
    lookup_by(ctl, name, BY_ID | BY_UUID | BY_NAME)
}

pub fn lookup_by(ctl: &mut Ctl, name: &str, by: u8) -> Result<Dom, ()> {
    let conn = ctl.conn()?;
    ctl.found("domain", name);
    let n = c(name);
    let mut dom = None;
    if let Ok(id) = name.parse::<i32>() {
        if id >= 0 && by & BY_ID != 0 {
            // SAFETY: a live connection
            dom = Dom::new(unsafe { virDomainLookupByID(conn, id) });
        }
    }
    if dom.is_none() && name.len() == 36 && by & BY_UUID != 0 {
        // SAFETY: a live connection and a C string
        dom = Dom::new(unsafe { virDomainLookupByUUIDString(conn, n.as_ptr()) });
    }
    if dom.is_none() && by & BY_NAME != 0 {
        // SAFETY: as above
        dom = Dom::new(unsafe { virDomainLookupByName(conn, n.as_ptr()) });
    }
    vsh::reset_error();
    dom.ok_or_else(|| vsh::error(&format!("failed to get domain '{name}'")))
}

/// The domain named by the `domain` option.
pub fn opt_domain(ctl: &mut Ctl, a: &Args) -> Result<Dom, ()> {
    lookup(ctl, a.get("domain").unwrap_or_default())
}

pub fn state_name(state: c_int) -> &'static str {
    match state {
        VIR_DOMAIN_RUNNING => "running",
        VIR_DOMAIN_BLOCKED => "idle",
        VIR_DOMAIN_PAUSED => "paused",
        VIR_DOMAIN_SHUTDOWN => "in shutdown",
        VIR_DOMAIN_SHUTOFF => "shut off",
        VIR_DOMAIN_CRASHED => "crashed",
        VIR_DOMAIN_PMSUSPENDED => "pmsuspended",
        _ => "no state",
    }
}

fn reason_name(state: c_int, reason: c_int) -> &'static str {
    let table: &[&str] = match state {
        VIR_DOMAIN_RUNNING => &[
            "unknown",
            "booted",
            "migrated",
            "restored",
            "from snapshot",
            "unpaused",
            "migration canceled",
            "save canceled",
            "event wakeup",
            "crashed",
            "post-copy",
            "post-copy failed",
        ],
        VIR_DOMAIN_BLOCKED => &["unknown"],
        VIR_DOMAIN_PAUSED => &[
            "unknown",
            "user",
            "migrating",
            "saving",
            "dumping",
            "I/O error",
            "watchdog",
            "from snapshot",
            "shutting down",
            "creating snapshot",
            "starting up",
            "post-copy",
            "post-copy failed",
            "api error",
        ],
        VIR_DOMAIN_SHUTDOWN => &["unknown", "user"],
        VIR_DOMAIN_SHUTOFF => &[
            "unknown",
            "shutdown",
            "destroyed",
            "crashed",
            "migrated",
            "saved",
            "failed",
            "from snapshot",
            "daemon",
        ],
        VIR_DOMAIN_CRASHED => &["unknown", "panicked"],
        VIR_DOMAIN_PMSUSPENDED => &["unknown"],
        _ => &["unknown"],
    };
    usize::try_from(reason)
        .ok()
        .and_then(|r| table.get(r))
        .copied()
        .unwrap_or("unknown")
}

/// virsh's tables (`vshTable`): a leading blank, columns padded to their widest cell and three
/// blanks apart, a rule as wide as the columns with their gaps.
pub fn print_table(ctl: &Ctl, header: &[&str], rows: &[Vec<String>]) {
    let width = |s: &str| s.chars().count();
    let mut w: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            w[i] = w[i].max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push(' ');
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(w[i] - width(cell) + 2));
            }
        }
        out
    };
    ctl.extra(&format!(
        "{}\n{}\n",
        line(header.to_vec()),
        "-".repeat(w.iter().map(|x| x + 3).sum())
    ));
    for r in rows {
        println!("{}", line(r.iter().map(String::as_str).collect()));
    }
}

fn list(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    let exclusive = |x: &str, y: &str| -> Outcome {
        if a.has(x) && a.has(y) {
            vsh::error(&format!("Options --{x} and --{y} are mutually exclusive"));
            return Err(());
        }
        Ok(())
    };
    exclusive("table", "name")?;
    exclusive("table", "uuid")?;
    exclusive("table", "id")?;
    let mut flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    if a.has("inactive") {
        flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE;
    }
    if a.has("all") {
        flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE | VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    }
    let extra = [
        ("persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT),
        ("transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT),
        ("with-managed-save", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE),
        (
            "without-managed-save",
            VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE,
        ),
        ("autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART),
        ("no-autostart", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART),
        ("with-snapshot", VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT),
        ("without-snapshot", VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT),
        ("with-checkpoint", VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT),
        ("without-checkpoint", VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT),
        ("state-running", VIR_CONNECT_LIST_DOMAINS_RUNNING),
        ("state-paused", VIR_CONNECT_LIST_DOMAINS_PAUSED),
        ("state-shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF),
        ("state-other", VIR_CONNECT_LIST_DOMAINS_OTHER),
    ];
    let mut state_filter = false;
    for (name, f) in extra {
        if a.has(name) {
            if name.starts_with("state-") {
                state_filter = true;
            }
            flags |= f;
        }
    }
    // a state filter lists domains in every state it names: active and inactive alike
    if state_filter && !a.has("inactive") {
        flags |= VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE;
    }
    let mut list: *mut virDomainPtr = std::ptr::null_mut();
    // SAFETY: a live connection and an out-pointer
    let n = unsafe { virConnectListAllDomains(conn, &mut list, flags as c_uint) };
    if n < 0 {
        vsh::error("Failed to list domains");
        return Err(());
    }
    let mut doms: Vec<Dom> = take_array(list, n, Dom);
    // running domains by ID first, then the others by name
    doms.sort_by(|x, y| {
        let (ix, iy) = (x.id(), y.id());
        match (ix == u32::MAX, iy == u32::MAX) {
            (false, false) => ix.cmp(&iy),
            (false, true) => std::cmp::Ordering::Less,
            (true, false) => std::cmp::Ordering::Greater,
            (true, true) => x.name().cmp(&y.name()),
        }
    });
    let (by_name, by_uuid, by_id) = (a.has("name"), a.has("uuid"), a.has("id"));
    if by_name || by_uuid || by_id {
        for d in &doms {
            let mut parts = Vec::new();
            if by_id {
                if d.id() == u32::MAX {
                    continue;
                }
                parts.push(d.id().to_string());
            }
            if by_uuid {
                parts.push(d.uuid().unwrap_or_default());
            }
            if by_name {
                parts.push(d.name());
            }
            println!("{}", parts.join(" "));
        }
        return Ok(());
    }
    let mut rows = Vec::new();
    for d in &doms {
        let id = if d.id() == u32::MAX {
            "-".to_string()
        } else {
            d.id().to_string()
        };
        let state = match d.state() {
            Some((s, _)) => state_name(s),
            None => "no state",
        };
        let mut row = vec![id, d.name(), state.to_string()];
        if a.has("title") {
            row.push(String::new());
        }
        rows.push(row);
    }
    if a.has("title") {
        print_table(ctl, &["Id", "Name", "State", "Title"], &rows);
    } else {
        print_table(ctl, &["Id", "Name", "State"], &rows);
    }
    Ok(())
}

fn dominfo(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let line = |k: &str, v: &str| println!("{k:<15} {v}");
    let id = dom.id();
    line(
        "Id:",
        &if id == u32::MAX {
            "-".into()
        } else {
            id.to_string()
        },
    );
    line("Name:", &dom.name());
    if let Some(u) = dom.uuid() {
        line("UUID:", &u);
    }
    // SAFETY: a live handle
    if let Some(os) = owned(unsafe { virDomainGetOSType(dom.0) }) {
        line("OS Type:", &os);
    }
    let mut ok = true;
    // SAFETY: a zeroed struct for the library to fill
    let mut info: virDomainInfo = unsafe { std::mem::zeroed() };
    if unsafe { virDomainGetInfo(dom.0, &mut info) } == 0 {
        line("State:", state_name(info.state as c_int));
        line("CPU(s):", &info.nrVirtCpu.to_string());
        if info.cpuTime != 0 {
            line("CPU time:", &format!("{:.1}s", info.cpuTime as f64 / 1e9));
        }
        if info.maxMem as u64 != u32::MAX as u64 {
            line("Max memory:", &format!("{} KiB", info.maxMem));
        } else {
            line("Max memory:", "no limit");
        }
        line("Used memory:", &format!("{} KiB", info.memory));
    } else {
        ok = false;
    }
    // SAFETY: a live handle
    let persistent = unsafe { virDomainIsPersistent(dom.0) };
    line(
        "Persistent:",
        match persistent {
            p if p < 0 => "unknown",
            0 => "no",
            _ => "yes",
        },
    );
    let mut autostart = 0;
    // SAFETY: a live handle and an int
    if unsafe { virDomainGetAutostart(dom.0, &mut autostart) } == 0 {
        line(
            "Autostart:",
            if autostart != 0 { "enable" } else { "disable" },
        );
    }
    // SAFETY: a live handle
    let saved = unsafe { virDomainHasManagedSaveImage(dom.0, 0) };
    line(
        "Managed save:",
        match saved {
            s if s < 0 => "unknown",
            0 => "no",
            _ => "yes",
        },
    );
    let conn = ctl.conn()?;
    // SAFETY: a zeroed struct for the library to fill
    let mut model: virSecurityModel = unsafe { std::mem::zeroed() };
    if unsafe { virNodeGetSecurityModel(conn, &mut model) } == -1 {
        if vsh::last_error().is_some() && !no_support() {
            return Err(());
        }
        vsh::reset_error();
    } else if model.model[0] != 0 {
        line(
            "Security model:",
            &borrowed(model.model.as_ptr()).unwrap_or_default(),
        );
        line(
            "Security DOI:",
            &borrowed(model.doi.as_ptr()).unwrap_or_default(),
        );
    }
    if ok {
        Ok(())
    } else {
        Err(())
    }
}

/// Whether the library's last error is VIR_ERR_NO_SUPPORT.
pub fn no_support() -> bool {
    // SAFETY: the thread's last error, read only
    let e = unsafe { virGetLastError() };
    !e.is_null() && unsafe { (*e).code } == VIR_ERR_NO_SUPPORT
}

fn domstate(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let (s, r) = dom.state().ok_or(())?;
    if a.has("reason") {
        println!("{} ({})", state_name(s), reason_name(s, r));
    } else {
        println!("{}", state_name(s));
    }
    Ok(())
}

fn domid(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = lookup_by(ctl, a.get("domain").unwrap_or_default(), BY_NAME | BY_UUID)?;
    match dom.id() {
        u32::MAX => println!("-"),
        id => println!("{id}"),
    }
    Ok(())
}

fn domname(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = lookup_by(ctl, a.get("domain").unwrap_or_default(), BY_ID | BY_UUID)?;
    println!("{}", dom.name());
    Ok(())
}

fn domuuid(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = lookup_by(ctl, a.get("domain").unwrap_or_default(), BY_ID | BY_NAME)?;
    match dom.uuid() {
        Some(u) => println!("{u}"),
        None => {
            vsh::error("failed to get domain UUID");
            return Err(());
        }
    }
    Ok(())
}

fn dumpxml(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let mut flags = 0;
    for (name, f) in [
        ("inactive", VIR_DOMAIN_XML_INACTIVE),
        ("security-info", VIR_DOMAIN_XML_SECURE),
        ("update-cpu", VIR_DOMAIN_XML_UPDATE_CPU),
        ("migratable", VIR_DOMAIN_XML_MIGRATABLE),
    ] {
        if a.has(name) {
            flags |= f;
        }
    }
    // SAFETY: a live handle
    let xml = owned(unsafe { virDomainGetXMLDesc(dom.0, flags as c_uint) }).ok_or(())?;
    print!("{xml}");
    Ok(())
}

fn domhostname(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let flags = match a.get("source") {
        None => 0,
        Some("agent") => VIR_DOMAIN_GET_HOSTNAME_AGENT,
        Some("lease") => VIR_DOMAIN_GET_HOSTNAME_LEASE,
        Some(s) => {
            vsh::error(&format!("Unknown data source '{s}'"));
            return Err(());
        }
    };
    // SAFETY: a live handle
    match owned(unsafe { virDomainGetHostname(dom.0, flags as c_uint) }) {
        Some(h) => {
            println!("{h}");
            Ok(())
        }
        None => {
            vsh::error("failed to get hostname");
            Err(())
        }
    }
}

fn domifaddr(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let source = match a.get("source") {
        None | Some("lease") => VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
        Some("agent") => VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
        Some("arp") => VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP,
        Some(s) => {
            vsh::error(&format!("Unknown data source '{s}'"));
            return Err(());
        }
    };
    let mut ifaces: *mut virDomainInterfacePtr = std::ptr::null_mut();
    // SAFETY: a live handle and an out-pointer
    let n = unsafe { virDomainInterfaceAddresses(dom.0, &mut ifaces, source as c_uint, 0) };
    if n < 0 {
        vsh::error("Failed to query for interfaces addresses");
        return Err(());
    }
    ctl.extra(&format!(
        " {:<10} {:<20} {:<8}     {}\n{}{}\n",
        "Name",
        "MAC address",
        "Protocol",
        "Address",
        "-------------------------------------------------",
        "------------------------------"
    ));
    let want = a.get("interface");
    for i in 0..n as usize {
        // SAFETY: `n` interfaces the library allocated
        let iface = unsafe { &**ifaces.add(i) };
        let name = borrowed(iface.name).unwrap_or_default();
        let mac = borrowed(iface.hwaddr).unwrap_or_else(|| "N/A".into());
        if want.is_some_and(|w| w != name && w != mac) {
            continue;
        }
        if iface.naddrs == 0 {
            println!(" {name:<10} {mac:<17}    {:<12} N/A", "N/A");
        }
        for j in 0..iface.naddrs as usize {
            // SAFETY: `naddrs` addresses
            let ad = unsafe { &*iface.addrs.add(j) };
            let proto = if ad.r#type == VIR_IP_ADDR_TYPE_IPV6 {
                "ipv6"
            } else {
                "ipv4"
            };
            let addr = format!("{}/{}", borrowed(ad.addr).unwrap_or_default(), ad.prefix);
            if j == 0 || a.has("full") {
                println!(" {name:<10} {mac:<17}    {proto:<12} {addr}");
            } else {
                println!(" {:<10} {:<17}    {proto:<12} {addr}", "-", "-");
            }
        }
    }
    for i in 0..n as usize {
        // SAFETY: each interface freed once, then the array
        unsafe { virDomainInterfaceFree(*ifaces.add(i)) };
    }
    unsafe { libc::free(ifaces.cast()) };
    Ok(())
}
