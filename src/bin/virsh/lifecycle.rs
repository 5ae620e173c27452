//! Domain lifecycle: `define`, `undefine`, `start`, `destroy`, `shutdown`, `reboot`, `reset`,
//! `suspend`, `resume`.

use crate::api::*;
use crate::domain::opt_domain;
use crate::ffi::*;
use crate::vsh::{self, cmd, data, flag, string, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd("define", &[data("file"), flag("validate")], define),
    cmd(
        "undefine",
        &[
            data("domain"),
            flag("managed-save"),
            string("storage"),
            flag("remove-all-storage"),
            flag("delete-storage-volume-snapshots"),
            flag("wipe-storage"),
            flag("snapshots-metadata"),
            flag("checkpoints-metadata"),
            flag("nvram"),
            flag("keep-nvram"),
            flag("tpm"),
            flag("keep-tpm"),
        ],
        undefine,
    ),
    cmd(
        "start",
        &[
            data("domain"),
            flag("console"),
            flag("paused"),
            flag("autodestroy"),
            flag("bypass-cache"),
            flag("force-boot"),
            flag("pass-fds"),
            flag("reset-nvram"),
        ],
        start,
    ),
    cmd(
        "destroy",
        &[data("domain"), flag("graceful"), flag("remove-logs")],
        destroy,
    ),
    cmd("shutdown", &[data("domain"), string("mode")], shutdown),
    cmd("reboot", &[data("domain"), string("mode")], reboot),
    cmd("reset", &[data("domain")], reset),
    cmd("suspend", &[data("domain")], suspend),
    cmd("resume", &[data("domain")], resume),
];

/// A file's text, or virsh's error for it.
pub fn read_file(path: &str) -> Result<String, ()> {
    std::fs::read_to_string(path).map_err(|e| {
        let why = e.raw_os_error().map_or_else(
            || e.to_string(),
            |n| {
                // SAFETY: strerror of an errno value
                borrowed(unsafe { libc::strerror(n) }).unwrap_or_default()
            },
        );
        vsh::error(&format!("Failed to open file '{path}': {why}"));
    })
}

fn define(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    let file = a.get("file").unwrap_or_default();
    let xml = c(&read_file(file)?);
    let flags = if a.has("validate") {
        VIR_DOMAIN_DEFINE_VALIDATE
    } else {
        0
    };
    // SAFETY: a live connection and a C string
    let dom = Dom::new(unsafe {
        if flags != 0 {
            virDomainDefineXMLFlags(conn, xml.as_ptr(), flags as c_uint)
        } else {
            virDomainDefineXML(conn, xml.as_ptr())
        }
    });
    match dom {
        Some(d) => {
            println!("Domain '{}' defined from {file}", d.name());
            Ok(())
        }
        None => {
            vsh::error(&format!("Failed to define domain from {file}"));
            Err(())
        }
    }
}

fn undefine(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let name = dom.name();
    let mut flags = 0;
    for (opt, f) in [
        ("managed-save", VIR_DOMAIN_UNDEFINE_MANAGED_SAVE),
        ("snapshots-metadata", VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA),
        (
            "checkpoints-metadata",
            VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
        ),
        ("nvram", VIR_DOMAIN_UNDEFINE_NVRAM),
        ("keep-nvram", VIR_DOMAIN_UNDEFINE_KEEP_NVRAM),
        ("tpm", VIR_DOMAIN_UNDEFINE_TPM),
        ("keep-tpm", VIR_DOMAIN_UNDEFINE_KEEP_TPM),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    // SAFETY: a live handle
    let rc = unsafe {
        if flags == 0 {
            virDomainUndefine(dom.0)
        } else {
            virDomainUndefineFlags(dom.0, flags as c_uint)
        }
    };
    if rc < 0 {
        vsh::error(&format!("Failed to undefine domain '{name}'"));
        return Err(());
    }
    println!("Domain '{name}' has been undefined");
    Ok(())
}

/// One lifecycle call with virsh's two messages.
fn act(
    ctl: &mut Ctl,
    a: &Args,
    call: impl FnOnce(virDomainPtr) -> c_int,
    done: &str,
    failed: &str,
) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let name = dom.name();
    if call(dom.0) < 0 {
        vsh::error(&failed.replace("{}", &name));
        return Err(());
    }
    println!("{}", done.replace("{}", &name));
    Ok(())
}

fn start(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    if dom.id() != u32::MAX {
        vsh::error("Domain is already active");
        return Err(());
    }
    let mut flags = 0;
    for (opt, f) in [
        ("paused", VIR_DOMAIN_START_PAUSED),
        ("autodestroy", VIR_DOMAIN_START_AUTODESTROY),
        ("bypass-cache", VIR_DOMAIN_START_BYPASS_CACHE),
        ("force-boot", VIR_DOMAIN_START_FORCE_BOOT),
        ("reset-nvram", VIR_DOMAIN_START_RESET_NVRAM),
    ] {
        if a.has(opt) {
            flags |= f;
        }
    }
    let name = dom.name();
    // SAFETY: a live handle
    let rc = unsafe {
        if flags == 0 {
            virDomainCreate(dom.0)
        } else {
            virDomainCreateWithFlags(dom.0, flags as c_uint)
        }
    };
    if rc < 0 {
        vsh::error(&format!("Failed to start domain '{name}'"));
        return Err(());
    }
    println!("Domain '{name}' started");
    Ok(())
}

fn destroy(ctl: &mut Ctl, a: &Args) -> Outcome {
    let mut flags = 0;
    if a.has("graceful") {
        flags |= VIR_DOMAIN_DESTROY_GRACEFUL;
    }
    if a.has("remove-logs") {
        flags |= VIR_DOMAIN_DESTROY_REMOVE_LOGS;
    }
    act(
        ctl,
        a,
        // SAFETY: a live handle
        |d| unsafe {
            if flags == 0 {
                virDomainDestroy(d)
            } else {
                virDomainDestroyFlags(d, flags as c_uint)
            }
        },
        "Domain '{}' destroyed",
        "Failed to destroy domain '{}'",
    )
}

/// `--mode` of shutdown and reboot: a comma-separated list of methods.
fn modes(a: &Args, table: &[(&str, c_int)]) -> Result<c_uint, ()> {
    let mut flags = 0;
    if let Some(m) = a.get("mode") {
        for word in m.split(',') {
            match table.iter().find(|(n, _)| *n == word) {
                Some((_, f)) => flags |= f,
                None => {
                    vsh::error(&format!("Unknown mode {word} value, expecting 'acpi', 'agent', 'initctl', 'signal', or 'paravirt'"));
                    return Err(());
                }
            }
        }
    }
    Ok(flags as c_uint)
}

fn shutdown(ctl: &mut Ctl, a: &Args) -> Outcome {
    let flags = modes(
        a,
        &[
            ("acpi", VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN),
            ("agent", VIR_DOMAIN_SHUTDOWN_GUEST_AGENT),
            ("initctl", VIR_DOMAIN_SHUTDOWN_INITCTL),
            ("signal", VIR_DOMAIN_SHUTDOWN_SIGNAL),
            ("paravirt", VIR_DOMAIN_SHUTDOWN_PARAVIRT),
        ],
    )?;
    act(
        ctl,
        a,
        // SAFETY: a live handle
        |d| unsafe {
            if flags == 0 {
                virDomainShutdown(d)
            } else {
                virDomainShutdownFlags(d, flags)
            }
        },
        "Domain '{}' is being shutdown",
        "Failed to shutdown domain '{}'",
    )
}

fn reboot(ctl: &mut Ctl, a: &Args) -> Outcome {
    let flags = modes(
        a,
        &[
            ("acpi", VIR_DOMAIN_REBOOT_ACPI_POWER_BTN),
            ("agent", VIR_DOMAIN_REBOOT_GUEST_AGENT),
            ("initctl", VIR_DOMAIN_REBOOT_INITCTL),
            ("signal", VIR_DOMAIN_REBOOT_SIGNAL),
            ("paravirt", VIR_DOMAIN_REBOOT_PARAVIRT),
        ],
    )?;
    // SAFETY: a live handle
    act(
        ctl,
        a,
        |d| unsafe { virDomainReboot(d, flags) },
        "Domain '{}' is being rebooted",
        "Failed to reboot domain '{}'",
    )
}

fn reset(ctl: &mut Ctl, a: &Args) -> Outcome {
    // SAFETY: a live handle
    act(
        ctl,
        a,
        |d| unsafe { virDomainReset(d, 0) },
        "Domain '{}' was reset",
        "Failed to reset domain '{}'",
    )
}

fn suspend(ctl: &mut Ctl, a: &Args) -> Outcome {
    // SAFETY: a live handle
    act(
        ctl,
        a,
        |d| unsafe { virDomainSuspend(d) },
        "Domain '{}' suspended",
        "Failed to suspend domain '{}'",
    )
}

fn resume(ctl: &mut Ctl, a: &Args) -> Outcome {
    // SAFETY: a live handle
    act(
        ctl,
        a,
        |d| unsafe { virDomainResume(d) },
        "Domain '{}' resumed",
        "Failed to resume domain '{}'",
    )
}
