//! The host: `uri`, `hostname`, `version`, `nodeinfo`, `nodememstats`, `freecell`,
//! `capabilities`.

use crate::api::*;
use crate::ffi::*;
use crate::vsh::{self, cmd, flag, int, string, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd("uri", &[], uri),
    cmd("hostname", &[], hostname),
    cmd("version", &[flag("daemon")], version),
    cmd("nodeinfo", &[], nodeinfo),
    cmd("nodememstats", &[int("cell")], nodememstats),
    cmd("freecell", &[string("cellno"), flag("all")], freecell),
    cmd("capabilities", &[], capabilities),
];

fn uri(ctl: &mut Ctl, _a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    // SAFETY: a live connection
    match owned(unsafe { virConnectGetURI(conn) }) {
        Some(u) => println!("{u}"),
        None => {
            vsh::error("failed to get URI");
            return Err(());
        }
    }
    Ok(())
}

fn hostname(ctl: &mut Ctl, _a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    // SAFETY: a live connection
    match owned(unsafe { virConnectGetHostname(conn) }) {
        Some(h) => println!("{h}"),
        None => {
            vsh::error("failed to get hostname");
            return Err(());
        }
    }
    Ok(())
}

fn dotted(v: c_ulong) -> String {
    format!("{}.{}.{}", v / 1_000_000, (v / 1000) % 1000, v % 1000)
}

fn version(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    println!("Compiled against library: libvirt 9.0.0");
    let (mut lib, mut api): (c_ulong, c_ulong) = (0, 0);
    // SAFETY: a live connection and out-pointers
    let hv_type = borrowed(unsafe { virConnectGetType(conn) });
    let Some(hv_type) = hv_type else {
        vsh::error("failed to get hypervisor type");
        return Err(());
    };
    let t = c(&hv_type);
    if unsafe { virGetVersion(&mut lib, t.as_ptr(), &mut api) } < 0 {
        vsh::error("failed to get the library version");
        return Err(());
    }
    println!("Using library: libvirt {}", dotted(lib));
    println!("Using API: {hv_type} {}", dotted(api));
    let mut hv: c_ulong = 0;
    // SAFETY: as above
    if unsafe { virConnectGetVersion(conn, &mut hv) } < 0 {
        vsh::error("failed to get the hypervisor version");
        return Err(());
    }
    if hv == 0 {
        println!("Cannot extract running {hv_type} hypervisor version");
    } else {
        println!("Running hypervisor: {hv_type} {}", dotted(hv));
    }
    if a.has("daemon") {
        vsh::error("failed to get the daemon version");
        return Err(());
    }
    Ok(())
}

fn nodeinfo(ctl: &mut Ctl, _a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    // SAFETY: a zeroed struct for the library to fill
    let mut i: virNodeInfo = unsafe { std::mem::zeroed() };
    if unsafe { virNodeGetInfo(conn, &mut i) } < 0 {
        vsh::error("failed to get node information");
        return Err(());
    }
    let line = |k: &str, v: String| println!("{k:<20} {v}");
    line("CPU model:", borrowed(i.model.as_ptr()).unwrap_or_default());
    line("CPU(s):", i.cpus.to_string());
    line("CPU frequency:", format!("{} MHz", i.mhz));
    line("CPU socket(s):", i.sockets.to_string());
    line("Core(s) per socket:", i.cores.to_string());
    line("Thread(s) per core:", i.threads.to_string());
    line("NUMA cell(s):", i.nodes.to_string());
    line("Memory size:", format!("{} KiB", i.memory));
    Ok(())
}

fn nodememstats(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    let cell = match a.get("cell") {
        None => VIR_NODE_MEMORY_STATS_ALL_CELLS,
        Some(v) => match v.parse::<c_int>() {
            Ok(n) => n,
            Err(_) => {
                vsh::error(&format!(
                    "Numeric value '{v}' for <cell> option is malformed or out of range"
                ));
                return Err(());
            }
        },
    };
    let mut n: c_int = 0;
    // SAFETY: a live connection; NULL params asks for the count
    if unsafe { virNodeGetMemoryStats(conn, cell, std::ptr::null_mut(), &mut n, 0) } != 0 {
        vsh::error("Unable to get number of memory stats");
        return Err(());
    }
    if n == 0 {
        return Ok(());
    }
    // SAFETY: `n` zeroed records for the library to fill
    let mut stats: Vec<virNodeMemoryStats> =
        (0..n).map(|_| unsafe { std::mem::zeroed() }).collect();
    if unsafe { virNodeGetMemoryStats(conn, cell, stats.as_mut_ptr(), &mut n, 0) } != 0 {
        vsh::error("Unable to get memory stats");
        return Err(());
    }
    for s in stats.iter().take(n.max(0) as usize) {
        println!(
            "{:<7}: {:>12} KiB",
            borrowed(s.field.as_ptr()).unwrap_or_default(),
            s.value
        );
    }
    Ok(())
}

fn freecell(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    if a.has("all") {
        // every NUMA cell the capabilities name, then their total
        // SAFETY: a live connection
        let caps = owned(unsafe { virConnectGetCapabilities(conn) }).ok_or(())?;
        let cells = caps.matches("<cell id=").count();
        let mut free = vec![0 as c_ulonglong; cells];
        // SAFETY: room for `cells` values
        if cells > 0
            && unsafe { virNodeGetCellsFreeMemory(conn, free.as_mut_ptr(), 0, cells as c_int) }
                != cells as c_int
        {
            vsh::error("failed to get free memory for NUMA nodes");
            return Err(());
        }
        for (i, f) in free.iter().enumerate() {
            println!("{i:>5}: {:>10} KiB", f / 1024);
        }
        ctl.extra("--------------------\n");
        ctl.extra(&format!(
            "{:>5}: {:>10} KiB\n",
            "Total",
            free.iter().sum::<c_ulonglong>() / 1024
        ));
        return Ok(());
    }
    if let Some(text) = a.get("cellno") {
        let Ok(cell) = text.parse::<c_int>() else {
            return vsh::fail(&format!(
                "Numeric value '{text}' for <cellno> option is malformed or out of range"
            ));
        };
        let mut mem: c_ulonglong = 0;
        // SAFETY: a live connection and room for one cell
        if unsafe { virNodeGetCellsFreeMemory(conn, &mut mem, cell, 1) } != 1 {
            return Err(());
        }
        println!("{cell}: {} KiB", mem / 1024);
        return Ok(());
    }
    // SAFETY: a live connection
    let mem = unsafe { virNodeGetFreeMemory(conn) };
    if mem == 0 {
        return Err(());
    }
    println!("Total: {} KiB", mem / 1024);
    Ok(())
}

fn capabilities(ctl: &mut Ctl, _a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    // SAFETY: a live connection
    match owned(unsafe { virConnectGetCapabilities(conn) }) {
        Some(x) => println!("{x}"),
        None => {
            vsh::error("failed to get capabilities");
            return Err(());
        }
    }
    Ok(())
}
