//! Entry points of `libvirt-host.h`.

use super::boundary::{entry, Call};
use super::handles::{self, Kind};
use super::objects::ConnObject;
use super::strings::{arg_str, strdup_c};
use super::types::*;
use crate::driver;
use crate::error::{code, Error, Result};
use std::ffi::{CStr, CString};
use std::os::raw::*;
use std::sync::Arc;

/// The library's version, as `virGetVersion` reports it.
const LIBRARY_VERSION: c_ulong = LIBVIR_VERSION_NUMBER as c_ulong;

/// The caller's `virConnectAuth`, asked through its callback.
struct CallbackPrompter {
    auth: virConnectAuthPtr,
}

impl CallbackPrompter {
    fn auth(&self) -> Option<&virConnectAuth> {
        // SAFETY: the caller passes NULL or a virConnectAuth valid for the call's duration
        unsafe { self.auth.as_ref() }
    }
}

fn cred_type(kind: driver::CredKind) -> c_int {
    match kind {
        driver::CredKind::AuthName => VIR_CRED_AUTHNAME,
        driver::CredKind::Passphrase => VIR_CRED_PASSPHRASE,
        driver::CredKind::NoEchoPrompt => VIR_CRED_NOECHOPROMPT,
    }
}

impl driver::Prompter for CallbackPrompter {
    fn offers(&self, kind: driver::CredKind) -> bool {
        let Some(a) = self.auth() else { return false };
        if a.credtype.is_null() {
            return false;
        }
        // SAFETY: credtype holds ncredtype entries, by the API's contract
        let types = unsafe { std::slice::from_raw_parts(a.credtype, a.ncredtype as usize) };
        types.contains(&cred_type(kind))
    }

    fn has_callback(&self) -> bool {
        self.auth().is_some_and(|a| a.cb.is_some())
    }

    fn ask(&mut self, q: &driver::Question) -> std::result::Result<Option<String>, ()> {
        let Some(a) = self.auth() else { return Err(()) };
        let Some(cb) = a.cb else { return Err(()) };
        let cstr = |s: &str| CString::new(s.replace('\0', "")).unwrap_or_default();
        let prompt = cstr(q.prompt);
        let challenge = cstr(q.challenge);
        let default = q.default.map(cstr);
        let mut cred = virConnectCredential {
            r#type: cred_type(q.kind),
            prompt: prompt.as_ptr(),
            challenge: challenge.as_ptr(),
            defresult: default.as_ref().map_or(std::ptr::null(), |d| d.as_ptr()),
            result: std::ptr::null_mut(),
            resultlen: 0,
        };
        // SAFETY: the caller's callback, called as libvirt calls it: one credential
        let rc = unsafe { cb(&mut cred, 1, a.cbdata) };
        let answer = if cred.result.is_null() {
            None
        } else {
            // SAFETY: the callback stored a malloc'd string there; we own and free it
            let text = unsafe { CStr::from_ptr(cred.result) }
                .to_string_lossy()
                .into_owned();
            unsafe { super::strings::free_c(cred.result) };
            Some(text)
        };
        if rc < 0 {
            return Err(());
        }
        Ok(answer)
    }
}

/// libvirt's `virConnectOpenInternal`: resolve the URI, open through the driver, register.
fn open(
    cx: &mut Call,
    name: *const c_char,
    auth: virConnectAuthPtr,
    flags: c_uint,
) -> Result<virConnectPtr> {
    // SAFETY: name is NULL or a C string, by the API's contract
    let given = unsafe { arg_str(name) }
        .map(|s| s.into_owned())
        .filter(|s| !s.is_empty());
    let uri = match given.or_else(|| {
        std::env::var("LIBVIRT_DEFAULT_URI")
            .ok()
            .filter(|s| !s.is_empty())
    }) {
        Some(u) => u,
        None => {
            return Err(Error::new(
                VIR_FROM_NONE,
                code::NO_CONNECT,
                format!(
                    "{} (no URI given and LIBVIRT_DEFAULT_URI is not set)",
                    cx.name
                ),
            ))
        }
    };
    let read_only = flags & VIR_CONNECT_RO as c_uint != 0;
    let mut prompter = CallbackPrompter { auth };
    let prompter: Option<&mut (dyn driver::Prompter + 'static)> = if auth.is_null() {
        None
    } else {
        Some(&mut prompter)
    };
    let conn = driver::open(&uri, prompter, read_only)?;
    let object = Arc::new(ConnObject::new(conn, read_only));
    Ok(handles::register(Kind::Connect, object, None) as virConnectPtr)
}

#[no_mangle]
pub extern "C" fn virInitialize() -> c_int {
    entry("virInitialize", VIR_FROM_NONE, |_| Ok(0))
}

#[no_mangle]
pub unsafe extern "C" fn virGetVersion(
    libVer: *mut c_ulong,
    _type: *const c_char,
    typeVer: *mut c_ulong,
) -> c_int {
    entry("virGetVersion", VIR_FROM_NONE, |_| {
        let Some(lib) = libVer.as_mut() else {
            // libvirt reports no detail here: the generic failure message
            return Err(Error::new(
                VIR_FROM_NONE,
                code::INTERNAL_ERROR,
                "An error occurred, but the cause is unknown",
            ));
        };
        *lib = LIBRARY_VERSION;
        if let Some(t) = typeVer.as_mut() {
            *t = LIBRARY_VERSION;
        }
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetLibVersion(
    conn: virConnectPtr,
    libVer: *mut c_ulong,
) -> c_int {
    entry("virConnectGetLibVersion", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(libVer, "libVer")?;
        *libVer = LIBRARY_VERSION;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectOpen(name: *const c_char) -> virConnectPtr {
    entry("virConnectOpen", VIR_FROM_NONE, |cx| {
        open(cx, name, std::ptr::null_mut(), 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectOpenReadOnly(name: *const c_char) -> virConnectPtr {
    entry("virConnectOpenReadOnly", VIR_FROM_NONE, |cx| {
        open(cx, name, std::ptr::null_mut(), VIR_CONNECT_RO as c_uint)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectOpenAuth(
    name: *const c_char,
    auth: virConnectAuthPtr,
    flags: c_uint,
) -> virConnectPtr {
    entry("virConnectOpenAuth", VIR_FROM_NONE, |cx| {
        open(cx, name, auth, flags)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectClose(conn: virConnectPtr) -> c_int {
    entry(
        "virConnectClose",
        VIR_FROM_NONE,
        |cx| match handles::release(conn as usize, Kind::Connect) {
            Some(true) => Ok(0),
            Some(false) => Ok(1),
            None => Err(Error::new(cx.from, VIR_ERR_INVALID_CONN, cx.name)),
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectRef(conn: virConnectPtr) -> c_int {
    entry("virConnectRef", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        handles::add_ref(conn as usize, Kind::Connect);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetURI(conn: virConnectPtr) -> *mut c_char {
    entry("virConnectGetURI", VIR_FROM_DOMAIN, |cx| {
        let c = cx.connect(conn)?;
        Ok(super::strings::strdup_c(&c.driver.uri))
    })
}
#[no_mangle]
pub unsafe extern "C" fn virConnectBaselineCPU(
    conn: virConnectPtr,
    xmlCPUs: *mut *const c_char,
    ncpus: c_uint,
    flags: c_uint,
) -> *mut c_char {
    entry("virConnectBaselineCPU", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlCPUs, "xmlCPUs")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectBaselineHypervisorCPU(
    conn: virConnectPtr,
    emulator: *const c_char,
    arch: *const c_char,
    machine: *const c_char,
    virttype: *const c_char,
    xmlCPUs: *mut *const c_char,
    ncpus: c_uint,
    flags: c_uint,
) -> *mut c_char {
    entry("virConnectBaselineHypervisorCPU", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlCPUs, "xmlCPUs")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectCompareCPU(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virConnectCompareCPU", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectCompareHypervisorCPU(
    conn: virConnectPtr,
    emulator: *const c_char,
    arch: *const c_char,
    machine: *const c_char,
    virttype: *const c_char,
    xmlCPU: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virConnectCompareHypervisorCPU", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlCPU, "xmlCPU")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetCPUModelNames(
    conn: virConnectPtr,
    arch: *const c_char,
    models: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    entry("virConnectGetCPUModelNames", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(arch, "arch")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetCapabilities(conn: virConnectPtr) -> *mut c_char {
    entry("virConnectGetCapabilities", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        Ok(strdup_c(&obj.driver.capabilities()?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetHostname(conn: virConnectPtr) -> *mut c_char {
    entry("virConnectGetHostname", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        Ok(strdup_c(&obj.driver.hostname()?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetMaxVcpus(
    conn: virConnectPtr,
    r#type: *const c_char,
) -> c_int {
    entry("virConnectGetMaxVcpus", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        obj.driver.max_vcpus()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetSysinfo(conn: virConnectPtr, flags: c_uint) -> *mut c_char {
    entry("virConnectGetSysinfo", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetType(conn: virConnectPtr) -> *const c_char {
    entry("virConnectGetType", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        // the driver's name, as libvirt's public API falls back to it
        let _ = obj;
        Ok(c"ESX".as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetVersion(conn: virConnectPtr, hvVer: *mut c_ulong) -> c_int {
    entry("virConnectGetVersion", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(hvVer, "hvVer")?;
        *hvVer = obj.driver.version() as c_ulong;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectIsAlive(conn: virConnectPtr) -> c_int {
    entry("virConnectIsAlive", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        // from the open session without asking the server, unless the event watcher found it
        // gone
        Ok(obj.driver.is_alive() as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectIsEncrypted(conn: virConnectPtr) -> c_int {
    entry("virConnectIsEncrypted", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        Ok(obj.driver.is_https() as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectIsSecure(conn: virConnectPtr) -> c_int {
    entry("virConnectIsSecure", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        Ok(obj.driver.is_https() as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectRegisterCloseCallback(
    conn: virConnectPtr,
    cb: virConnectCloseFunc,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    entry("virConnectRegisterCloseCallback", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(cb, "cb")?;
        super::domain_events::register_close(conn, &obj, cb, opaque, freecb)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectSetIdentity(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virConnectSetIdentity", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectSetKeepAlive(
    conn: virConnectPtr,
    interval: c_int,
    count: c_uint,
) -> c_int {
    entry("virConnectSetKeepAlive", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectUnregisterCloseCallback(
    conn: virConnectPtr,
    cb: virConnectCloseFunc,
) -> c_int {
    entry("virConnectUnregisterCloseCallback", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(cb, "cb")?;
        super::domain_events::unregister_close(conn, &obj, cb)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeAllocPages(
    conn: virConnectPtr,
    npages: c_uint,
    pageSizes: *mut c_uint,
    pageCounts: *mut c_ulonglong,
    startCell: c_int,
    cellCount: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virNodeAllocPages", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_zero(npages, "npages")?;
        cx.non_null(pageSizes, "pageSizes")?;
        cx.non_null(pageCounts, "pageCounts")?;
        cx.non_zero(cellCount, "cellCount")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetCPUMap(
    conn: virConnectPtr,
    cpumap: *mut *mut c_uchar,
    online: *mut c_uint,
    flags: c_uint,
) -> c_int {
    entry("virNodeGetCPUMap", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        let n = obj.driver.node_cpu_count(flags)?;
        if !cpumap.is_null() {
            // every CPU is online: all bits of the map set, as many bytes as libvirt's
            // VIR_CPU_MAPLEN
            let len = (n as usize).div_ceil(8);
            let map = libc::calloc(len.max(1), 1) as *mut c_uchar;
            if map.is_null() {
                return Err(crate::error::Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY));
            }
            for i in 0..n as usize {
                *map.add(i / 8) |= 1 << (i % 8);
            }
            *cpumap = map;
        }
        if let Some(o) = online.as_mut() {
            *o = n;
        }
        Ok(n as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetCPUStats(
    conn: virConnectPtr,
    cpuNum: c_int,
    params: virNodeCPUStatsPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virNodeGetCPUStats", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetCellsFreeMemory(
    conn: virConnectPtr,
    freeMems: *mut c_ulonglong,
    startCell: c_int,
    maxCells: c_int,
) -> c_int {
    entry("virNodeGetCellsFreeMemory", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null_array(freeMems, maxCells as i64, "freeMems")?;
        cx.positive(maxCells, "maxCells")?;
        cx.non_negative(startCell, "startCell")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetFreeMemory(conn: virConnectPtr) -> c_ulonglong {
    entry("virNodeGetFreeMemory", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        obj.driver.free_memory()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetFreePages(
    conn: virConnectPtr,
    npages: c_uint,
    pages: *mut c_uint,
    startCell: c_int,
    cellCount: c_uint,
    counts: *mut c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virNodeGetFreePages", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_zero(npages, "npages")?;
        cx.non_null(pages, "pages")?;
        cx.non_zero(cellCount, "cellCount")?;
        cx.non_null(counts, "counts")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetInfo(conn: virConnectPtr, info: virNodeInfoPtr) -> c_int {
    entry("virNodeGetInfo", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(info, "info")?;
        let n = obj.driver.node_info()?;
        let out = &mut *info;
        *out = std::mem::zeroed();
        for (dst, src) in out.model.iter_mut().zip(n.model.bytes().take(31)) {
            *dst = src as c_char;
        }
        out.memory = n.memory as c_ulong;
        out.cpus = n.cpus;
        out.mhz = n.mhz;
        out.nodes = n.nodes;
        out.sockets = n.sockets;
        out.cores = n.cores;
        out.threads = n.threads;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetMemoryParameters(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virNodeGetMemoryParameters", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetMemoryStats(
    conn: virConnectPtr,
    cellNum: c_int,
    params: virNodeMemoryStatsPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virNodeGetMemoryStats", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetSEVInfo(
    conn: virConnectPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virNodeGetSEVInfo", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(nparams, "nparams")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeGetSecurityModel(
    conn: virConnectPtr,
    secmodel: virSecurityModelPtr,
) -> c_int {
    entry("virNodeGetSecurityModel", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(secmodel, "secmodel")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeSetMemoryParameters(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virNodeSetMemoryParameters", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.non_negative(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeSuspendForDuration(
    conn: virConnectPtr,
    target: c_uint,
    duration: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virNodeSuspendForDuration", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}
