//! Storage pools: `pool-list`, `pool-info`, `pool-dumpxml`, `pool-refresh`; the pool look-up
//! and sizes as virsh shows them.

use crate::api::*;
use crate::domain::print_table;
use crate::ffi::*;
use crate::vsh::{self, cmd, data, flag, string, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd(
        "pool-list",
        &[
            flag("inactive"),
            flag("all"),
            flag("transient"),
            flag("persistent"),
            flag("autostart"),
            flag("no-autostart"),
            string("type"),
            flag("details"),
            flag("uuid"),
            flag("name"),
        ],
        list,
    ),
    cmd("pool-info", &[data("pool"), flag("bytes")], info),
    cmd("pool-dumpxml", &[data("pool"), flag("inactive")], dumpxml),
    cmd("pool-refresh", &[data("pool")], refresh),
];

/// A size as virsh prints it (`vshPrettyCapacity`, "%.2lf %s").
pub fn pretty(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < UNITS.len() {
        v /= 1024.0;
        i += 1;
    }
    format!("{v:.2} {}", UNITS[i])
}

/// Look a pool up by UUID, then name; on failure "failed to get pool" and the library's error.
pub fn lookup(ctl: &mut Ctl, name: &str) -> Result<Pool, ()> {
    let conn = ctl.conn()?;
    ctl.found("pool", name);
    let n = c(name);
    let mut pool = None;
    if name.len() == 36 {
        // SAFETY: a live connection and a C string
        pool = Pool::new(unsafe { virStoragePoolLookupByUUIDString(conn, n.as_ptr()) });
    }
    if pool.is_none() {
        // SAFETY: as above
        pool = Pool::new(unsafe { virStoragePoolLookupByName(conn, n.as_ptr()) });
    }
    pool.ok_or_else(|| vsh::error(&format!("failed to get pool '{name}'")))
}

fn list(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    let mut flags = VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE;
    if a.has("inactive") {
        flags = VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE;
    }
    if a.has("all") {
        flags = 0;
    }
    for (opt, f) in [
        ("persistent", VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT),
        ("transient", VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT),
        ("autostart", VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART),
        ("no-autostart", VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    if let Some(types) = a.get("type") {
        for t in types.split(',') {
            flags |= match t {
                "dir" => VIR_CONNECT_LIST_STORAGE_POOLS_DIR,
                "fs" => VIR_CONNECT_LIST_STORAGE_POOLS_FS,
                "netfs" => VIR_CONNECT_LIST_STORAGE_POOLS_NETFS,
                "logical" => VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL,
                "disk" => VIR_CONNECT_LIST_STORAGE_POOLS_DISK,
                "iscsi" => VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI,
                "scsi" => VIR_CONNECT_LIST_STORAGE_POOLS_SCSI,
                "mpath" => VIR_CONNECT_LIST_STORAGE_POOLS_MPATH,
                "rbd" => VIR_CONNECT_LIST_STORAGE_POOLS_RBD,
                "sheepdog" => VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG,
                "gluster" => VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER,
                "zfs" => VIR_CONNECT_LIST_STORAGE_POOLS_ZFS,
                "vstorage" => VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE,
                "iscsi-direct" => VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT,
                _ => {
                    vsh::error(&format!("Invalid pool type '{t}'"));
                    return Err(());
                }
            };
        }
    }
    let mut list: *mut virStoragePoolPtr = std::ptr::null_mut();
    // SAFETY: a live connection and an out-pointer
    let n = unsafe { virConnectListAllStoragePools(conn, &mut list, flags as c_uint) };
    if n < 0 {
        vsh::error("Failed to list pools");
        return Err(());
    }
    let mut pools = take_array(list, n, Pool);
    pools.sort_by_key(|p| p.name().to_lowercase());
    if a.has("name") || a.has("uuid") {
        for p in &pools {
            let mut parts = Vec::new();
            if a.has("uuid") {
                // SAFETY: a live handle and a buffer of libvirt's size
                parts.push(
                    uuid_with(|b| unsafe { virStoragePoolGetUUIDString(p.0, b) })
                        .unwrap_or_default(),
                );
            }
            if a.has("name") {
                parts.push(format!("{:<20}", p.name()));
            }
            println!("{}", parts.join(" "));
        }
        return Ok(());
    }
    let details = a.has("details");
    let mut rows = Vec::new();
    for p in &pools {
        let mut autostart = 0;
        // SAFETY: a live handle throughout
        let auto = if unsafe { virStoragePoolGetAutostart(p.0, &mut autostart) } < 0 {
            "no autostart"
        } else if autostart != 0 {
            "yes"
        } else {
            "no"
        };
        // SAFETY: a zeroed struct for the library to fill
        let mut info: virStoragePoolInfo = unsafe { std::mem::zeroed() };
        let has_info = unsafe { virStoragePoolGetInfo(p.0, &mut info) } == 0;
        let active = has_info && info.state != VIR_STORAGE_POOL_INACTIVE;
        if !details {
            rows.push(vec![
                p.name(),
                if active { "active" } else { "inactive" }.into(),
                auto.into(),
            ]);
            continue;
        }
        let state = match (has_info, info.state) {
            (false, _) => "unknown",
            (_, VIR_STORAGE_POOL_INACTIVE) => "inactive",
            (_, VIR_STORAGE_POOL_BUILDING) => "building",
            (_, VIR_STORAGE_POOL_RUNNING) => "running",
            (_, VIR_STORAGE_POOL_DEGRADED) => "degraded",
            (_, VIR_STORAGE_POOL_INACCESSIBLE) => "inaccessible",
            _ => "unknown",
        };
        // SAFETY: a live handle
        let persistent = vsh::yes_no(unsafe { virStoragePoolIsPersistent(p.0) });
        let size = |v: u64| if active { pretty(v) } else { "-".into() };
        rows.push(vec![
            p.name(),
            state.into(),
            auto.into(),
            persistent.into(),
            size(info.capacity),
            size(info.allocation),
            size(info.available),
        ]);
    }
    if details {
        print_table(
            ctl,
            &[
                "Name",
                "State",
                "Autostart",
                "Persistent",
                "Capacity",
                "Allocation",
                "Available",
            ],
            &rows,
        );
    } else {
        print_table(ctl, &["Name", "State", "Autostart"], &rows);
    }
    Ok(())
}

fn info(ctl: &mut Ctl, a: &Args) -> Outcome {
    let pool = lookup(ctl, a.get("pool").unwrap_or_default())?;
    let line = |k: &str, v: &str| println!("{k:<15} {v}");
    line("Name:", &pool.name());
    // SAFETY: a live handle and a buffer of libvirt's size
    if let Some(u) = uuid_with(|b| unsafe { virStoragePoolGetUUIDString(pool.0, b) }) {
        line("UUID:", &u);
    }
    // SAFETY: a zeroed struct for the library to fill
    let mut info: virStoragePoolInfo = unsafe { std::mem::zeroed() };
    if unsafe { virStoragePoolGetInfo(pool.0, &mut info) } != 0 {
        return Err(());
    }
    let state = match info.state {
        VIR_STORAGE_POOL_INACTIVE => "inactive",
        VIR_STORAGE_POOL_BUILDING => "building",
        VIR_STORAGE_POOL_RUNNING => "running",
        VIR_STORAGE_POOL_DEGRADED => "degraded",
        VIR_STORAGE_POOL_INACCESSIBLE => "inaccessible",
        _ => "unknown",
    };
    line("State:", state);
    // SAFETY: a live handle
    line(
        "Persistent:",
        vsh::yes_no(unsafe { virStoragePoolIsPersistent(pool.0) }),
    );
    let mut autostart = 0;
    // SAFETY: a live handle and an int
    if unsafe { virStoragePoolGetAutostart(pool.0, &mut autostart) } < 0 {
        line("Autostart:", "no autostart");
    } else {
        line("Autostart:", if autostart != 0 { "yes" } else { "no" });
    }
    if info.state == VIR_STORAGE_POOL_RUNNING || info.state == VIR_STORAGE_POOL_DEGRADED {
        let size = |v: u64| {
            if a.has("bytes") {
                format!("{v}")
            } else {
                pretty(v)
            }
        };
        line("Capacity:", &size(info.capacity));
        line("Allocation:", &size(info.allocation));
        line("Available:", &size(info.available));
    }
    Ok(())
}

fn dumpxml(ctl: &mut Ctl, a: &Args) -> Outcome {
    let pool = lookup(ctl, a.get("pool").unwrap_or_default())?;
    let flags = if a.has("inactive") {
        VIR_STORAGE_XML_INACTIVE
    } else {
        0
    };
    // SAFETY: a live handle
    let xml = owned(unsafe { virStoragePoolGetXMLDesc(pool.0, flags as c_uint) }).ok_or(())?;
    print!("{xml}");
    Ok(())
}

fn refresh(ctl: &mut Ctl, a: &Args) -> Outcome {
    let name = a.get("pool").unwrap_or_default();
    let pool = lookup(ctl, name)?;
    // SAFETY: a live handle
    if unsafe { virStoragePoolRefresh(pool.0, 0) } != 0 {
        vsh::error(&format!("Failed to refresh pool {name}"));
        return Err(());
    }
    println!("Pool {name} refreshed");
    Ok(())
}
