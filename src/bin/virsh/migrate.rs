//! `migrate`: through vCenter (vpx://, or esx:// with `vcenter=`), the destination opened with
//! the same terminal prompts; `--verbose` shows virsh's progress line.

use crate::api::*;
use crate::domain::opt_domain;
use crate::ffi::*;
use crate::vsh::{self, cmd, data, flag, named, string, Args, Cmd, Ctl, Outcome};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[cmd(
    "migrate",
    &[
        flag("live"),
        flag("offline"),
        flag("p2p"),
        flag("direct"),
        flag("tunnelled"),
        flag("persistent"),
        flag("undefinesource"),
        flag("suspend"),
        flag("copy-storage-all"),
        flag("copy-storage-inc"),
        flag("change-protection"),
        flag("unsafe"),
        flag("verbose"),
        flag("compressed"),
        flag("auto-converge"),
        flag("rdma-pin-all"),
        flag("abort-on-error"),
        flag("postcopy"),
        flag("postcopy-after-precopy"),
        data("domain"),
        data("desturi"),
        string("migrateuri"),
        string("graphicsuri"),
        string("listen-address"),
        string("dname"),
        named("timeout"),
        named("xml"),
        named("persistent-xml"),
        flag("tls"),
        flag("parallel"),
    ],
    migrate,
)];

const FLAGS: &[(&str, c_int)] = &[
    ("live", VIR_MIGRATE_LIVE),
    ("p2p", VIR_MIGRATE_PEER2PEER),
    ("tunnelled", VIR_MIGRATE_TUNNELLED),
    ("persistent", VIR_MIGRATE_PERSIST_DEST),
    ("undefinesource", VIR_MIGRATE_UNDEFINE_SOURCE),
    ("suspend", VIR_MIGRATE_PAUSED),
    ("copy-storage-all", VIR_MIGRATE_NON_SHARED_DISK),
    ("copy-storage-inc", VIR_MIGRATE_NON_SHARED_INC),
    ("change-protection", VIR_MIGRATE_CHANGE_PROTECTION),
    ("unsafe", VIR_MIGRATE_UNSAFE),
    ("offline", VIR_MIGRATE_OFFLINE),
    ("compressed", VIR_MIGRATE_COMPRESSED),
    ("abort-on-error", VIR_MIGRATE_ABORT_ON_ERROR),
    ("auto-converge", VIR_MIGRATE_AUTO_CONVERGE),
    ("rdma-pin-all", VIR_MIGRATE_RDMA_PIN_ALL),
    ("postcopy", VIR_MIGRATE_POSTCOPY),
    ("tls", VIR_MIGRATE_TLS),
    ("parallel", VIR_MIGRATE_PARALLEL),
];

/// The typed parameters virsh passes: the strings the options give.
struct Params {
    list: virTypedParameterPtr,
    n: c_int,
    max: c_int,
}

impl Params {
    fn add(&mut self, name: &str, value: &str) -> Outcome {
        let (n, v) = (c(name), c(value));
        // SAFETY: the library's list builder on our list
        if unsafe {
            virTypedParamsAddString(
                &mut self.list,
                &mut self.n,
                &mut self.max,
                n.as_ptr(),
                v.as_ptr(),
            )
        } < 0
        {
            return Err(());
        }
        Ok(())
    }
}

impl Drop for Params {
    fn drop(&mut self) {
        // SAFETY: the list the library built
        unsafe { virTypedParamsFree(self.list, self.n) };
    }
}

fn migrate(ctl: &mut Ctl, a: &Args) -> Outcome {
    let dom = opt_domain(ctl, a)?;
    let desturi = a.get("desturi").unwrap_or_default().to_string();
    let mut params = Params {
        list: std::ptr::null_mut(),
        n: 0,
        max: 0,
    };
    for (opt, name) in [
        ("migrateuri", VIR_MIGRATE_PARAM_URI),
        ("graphicsuri", VIR_MIGRATE_PARAM_GRAPHICS_URI),
        ("listen-address", VIR_MIGRATE_PARAM_LISTEN_ADDRESS),
        ("dname", VIR_MIGRATE_PARAM_DEST_NAME),
    ] {
        if let Some(v) = a.get(opt) {
            params.add(name, v)?;
        }
    }
    for (opt, name) in [
        ("xml", VIR_MIGRATE_PARAM_DEST_XML),
        ("persistent-xml", VIR_MIGRATE_PARAM_PERSIST_XML),
    ] {
        if let Some(file) = a.get(opt) {
            params.add(name, &crate::lifecycle::read_file(file)?)?;
        }
    }
    let mut flags = 0;
    for (opt, f) in FLAGS {
        if a.has(opt) {
            flags |= f;
        }
    }
    let rc = if a.has("p2p") || a.has("direct") {
        let d = c(&desturi);
        // SAFETY: a live handle, a C string and our parameters
        unsafe {
            virDomainMigrateToURI3(
                dom.0,
                d.as_ptr(),
                params.list,
                params.n as c_uint,
                flags as c_uint,
            )
        }
    } else {
        let d = c(&desturi);
        // SAFETY: the library's default terminal authentication, as for the source
        let dconn =
            Conn::new(unsafe { virConnectOpenAuth(d.as_ptr(), virConnectAuthPtrDefault, 0) })
                .ok_or(())?;
        // SAFETY: live handles and our parameters
        let moved = Dom::new(unsafe {
            virDomainMigrate3(
                dom.0,
                dconn.0,
                params.list,
                params.n as c_uint,
                flags as c_uint,
            )
        });
        if moved.is_some() {
            0
        } else {
            -1
        }
    };
    if rc < 0 {
        return Err(());
    }
    if a.has("verbose") {
        // the task's progress is not a libvirt job on ESX: only the end is shown
        vsh::job_progress("Migration", 0, 0);
    }
    vsh::reset_error();
    Ok(())
}
