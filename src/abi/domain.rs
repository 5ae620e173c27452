//! Entry points of `libvirt-domain.h`.

use super::boundary::entry;
use super::handles::{self, Kind};
use super::objects::{ConnObject, DomainObject};
use super::strings::free_c;
use super::strings::{arg_str, strdup_c};
use super::types::*;
use crate::driver;
use crate::driver::resources::ParamsAnswer;
use crate::error::{Error, Result};
use std::ffi::CString;
use std::os::raw::*;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

/// A new handle for a domain the driver found; it holds a reference on its connection.
pub(crate) fn new_domain(conn: &Arc<ConnObject>, domain: driver::Domain) -> Result<virDomainPtr> {
    let c_name = CString::new(domain.name.replace('\0', "")).unwrap_or_default();
    let object = Arc::new(DomainObject {
        conn: conn.clone(),
        id: AtomicI32::new(domain.id),
        domain,
        c_name,
    });
    let parent = Arc::as_ptr(conn) as usize;
    Ok(handles::register(Kind::Domain, object, Some(parent)) as virDomainPtr)
}

/// libvirt's flag checks of the migration entry points, on the flags as a 32-bit set.
fn migrate_flags(cx: &super::boundary::Call, flags: u64) -> Result<u32> {
    let f = u32::try_from(flags).map_err(|_| {
        Error::invalid_arg(
            cx.from,
            cx.name,
            "flags",
            &format!("unsupported flags (0x{flags:x}) in function {}", cx.name),
        )
    })?;
    cx.exclusive_flags(
        f,
        VIR_MIGRATE_NON_SHARED_DISK as u32,
        "VIR_MIGRATE_NON_SHARED_DISK",
        VIR_MIGRATE_NON_SHARED_INC as u32,
        "VIR_MIGRATE_NON_SHARED_INC",
    )?;
    cx.exclusive_flags(
        f,
        VIR_MIGRATE_TUNNELLED as u32,
        "VIR_MIGRATE_TUNNELLED",
        VIR_MIGRATE_PARALLEL as u32,
        "VIR_MIGRATE_PARALLEL",
    )?;
    Ok(f)
}

/// A NULL-terminated array of new domain handles, from `malloc`, as
/// `virConnectListAllDomains` returns it.
fn domain_array(conn: &Arc<ConnObject>, domains: Vec<driver::Domain>) -> Result<*mut virDomainPtr> {
    let n = domains.len();
    // SAFETY: room for n pointers and the NULL that ends them
    let array =
        unsafe { libc::calloc(n + 1, std::mem::size_of::<virDomainPtr>()) } as *mut virDomainPtr;
    if array.is_null() {
        return Err(Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY));
    }
    for (i, d) in domains.into_iter().enumerate() {
        // SAFETY: i < n
        unsafe { *array.add(i) = new_domain(conn, d)? };
    }
    Ok(array)
}

/// libvirt's `virCheckNullArgGoto`.
fn null_arg<T>(p: *mut T, function: &str, arg: &str) -> Result<()> {
    if p.is_null() {
        return Ok(());
    }
    Err(Error::invalid_arg(
        VIR_FROM_DOMAIN,
        function,
        arg,
        &format!("{arg} in {function} must be NULL"),
    ))
}

/// The size check of the calls filling a caller's struct of a given (older, shorter) size.
fn struct_size(size: usize, full: usize, function: &str) -> Result<()> {
    if size > full {
        return Err(Error::invalid_arg(
            VIR_FROM_DOMAIN,
            function,
            "size",
            &format!("size in {function} must not exceed {full}"),
        ));
    }
    Ok(())
}

/// Statistics records as libvirt returns them: a NULL-terminated `malloc`'d array of
/// `malloc`'d records, each holding a new domain handle and its typed parameters; stored in
/// `*ret` (freed with `virDomainStatsRecordListFree`). Returns how many there are.
unsafe fn stats_array(
    conn: &Arc<ConnObject>,
    records: Vec<driver::stats::Record>,
    ret: *mut *mut virDomainStatsRecordPtr,
) -> Result<c_int> {
    let n = records.len();
    let array = libc::calloc(n + 1, std::mem::size_of::<virDomainStatsRecordPtr>())
        as *mut virDomainStatsRecordPtr;
    if array.is_null() {
        return Err(Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY));
    }
    for (i, r) in records.into_iter().enumerate() {
        let rec =
            libc::calloc(1, std::mem::size_of::<virDomainStatsRecord>()) as virDomainStatsRecordPtr;
        let params = libc::calloc(
            r.params.len().max(1),
            std::mem::size_of::<virTypedParameter>(),
        ) as virTypedParameterPtr;
        if rec.is_null() || params.is_null() {
            libc::free(rec.cast());
            libc::free(params.cast());
            virDomainStatsRecordListFree(array);
            return Err(Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY));
        }
        *array.add(i) = rec;
        (*rec).params = params;
        (*rec).nparams = super::params::write(params, &r.params)?;
        (*rec).dom = new_domain(conn, r.domain)?;
    }
    *ret = array;
    Ok(n as c_int)
}

#[no_mangle]
pub unsafe extern "C" fn virDomainRef(domain: virDomainPtr) -> c_int {
    entry("virDomainRef", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        handles::add_ref(domain as usize, Kind::Domain);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainFree(domain: virDomainPtr) -> c_int {
    entry("virDomainFree", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        handles::release(domain as usize, Kind::Domain);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetName(domain: virDomainPtr) -> *const c_char {
    entry("virDomainGetName", VIR_FROM_DOMAIN, |cx| {
        // the string lives in the handle, as libvirt's does
        Ok(cx.domain(domain)?.c_name.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetID(domain: virDomainPtr) -> c_uint {
    entry("virDomainGetID", VIR_FROM_DOMAIN, |cx| {
        Ok(cx.domain(domain)?.id.load(Ordering::SeqCst) as c_uint)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetUUID(domain: virDomainPtr, uuid: *mut c_uchar) -> c_int {
    entry("virDomainGetUUID", VIR_FROM_DOMAIN, |cx| {
        let d = cx.domain(domain)?;
        cx.non_null(uuid, "uuid")?;
        std::ptr::copy_nonoverlapping(d.domain.uuid.as_ptr(), uuid, VIR_UUID_BUFLEN);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetUUIDString(domain: virDomainPtr, buf: *mut c_char) -> c_int {
    entry("virDomainGetUUIDString", VIR_FROM_DOMAIN, |cx| {
        let d = cx.domain(domain)?;
        cx.non_null(buf, "buf")?;
        let u = &d.domain.uuid;
        let text = format!(
            "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]
        );
        std::ptr::copy_nonoverlapping(text.as_ptr() as *const c_char, buf, text.len());
        *buf.add(text.len()) = 0;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetConnect(dom: virDomainPtr) -> virConnectPtr {
    entry("virDomainGetConnect", VIR_FROM_DOMAIN, |cx| {
        let d = cx.domain(dom)?;
        Ok(std::sync::Arc::as_ptr(&d.conn) as virConnectPtr)
    })
}
#[no_mangle]
pub unsafe extern "C" fn virConnectDomainEventDeregister(
    conn: virConnectPtr,
    cb: virConnectDomainEventCallback,
) -> c_int {
    entry("virConnectDomainEventDeregister", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(cb, "cb")?;
        let f = cb.map_or(0, |f| f as usize);
        super::domain_events::deregister(conn, &obj, super::domain_events::Which::Legacy(f))?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectDomainEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    entry(
        "virConnectDomainEventDeregisterAny",
        VIR_FROM_DOMAIN,
        |cx| {
            let obj = cx.connect(conn)?;
            cx.non_negative(callbackID, "callbackID")?;
            super::domain_events::deregister(
                conn,
                &obj,
                super::domain_events::Which::Id(callbackID),
            )?;
            Ok(0)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectDomainEventRegister(
    conn: virConnectPtr,
    cb: virConnectDomainEventCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    entry("virConnectDomainEventRegister", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(cb, "cb")?;
        let f = cb.map_or(0, |f| f as usize);
        super::domain_events::register(
            conn,
            &obj,
            super::domain_events::Reg {
                id: 0,
                event_id: VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                dom: None,
                cb: f,
                opaque: opaque as usize,
                freecb,
                legacy: true,
            },
        )?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectDomainEventRegisterAny(
    conn: virConnectPtr,
    dom: virDomainPtr,
    eventID: c_int,
    cb: virConnectDomainEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    entry("virConnectDomainEventRegisterAny", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        let only = if dom.is_null() {
            None
        } else {
            let d = cx.domain(dom)?;
            if !Arc::ptr_eq(&d.conn, &obj) {
                return Err(Error::invalid_arg(
                    VIR_FROM_DOMAIN,
                    "virConnectDomainEventRegisterAny",
                    "dom",
                    &format!(
                        "domain '{}' in virConnectDomainEventRegisterAny must match connection",
                        d.domain.name
                    ),
                ));
            }
            Some(d.domain.uuid)
        };
        cx.non_null(cb, "cb")?;
        cx.non_negative(eventID, "eventID")?;
        if eventID >= VIR_DOMAIN_EVENT_ID_LAST {
            return Err(Error::invalid_arg(
                VIR_FROM_DOMAIN,
                "virConnectDomainEventRegisterAny",
                "eventID",
                &format!(
                    "eventID in virConnectDomainEventRegisterAny must be less than {VIR_DOMAIN_EVENT_ID_LAST}"
                ),
            ));
        }
        let f = cb.map_or(0, |f| f as usize);
        super::domain_events::register(
            conn,
            &obj,
            super::domain_events::Reg {
                id: 0,
                event_id: eventID,
                dom: only,
                cb: f,
                opaque: opaque as usize,
                freecb,
                legacy: false,
            },
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectDomainXMLFromNative(
    conn: virConnectPtr,
    nativeFormat: *const c_char,
    nativeConfig: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    entry("virConnectDomainXMLFromNative", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(nativeFormat, "nativeFormat")?;
        cx.non_null(nativeConfig, "nativeConfig")?;
        // SAFETY: both were checked non-NULL above and are NUL-terminated by the C contract
        let (format, config) = unsafe {
            (
                super::strings::arg_str(nativeFormat).unwrap_or_default(),
                std::ffi::CStr::from_ptr(nativeConfig).to_bytes(),
            )
        };
        let xml = obj.driver.domain_xml_from_native(&format, config, flags)?;
        Ok(super::strings::strdup_c(&xml))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectDomainXMLToNative(
    conn: virConnectPtr,
    nativeFormat: *const c_char,
    domainXml: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    entry("virConnectDomainXMLToNative", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(nativeFormat, "nativeFormat")?;
        cx.non_null(domainXml, "domainXml")?;
        // SAFETY: both were checked non-NULL above and are NUL-terminated by the C contract
        let (format, xml) = unsafe {
            (
                super::strings::arg_str(nativeFormat).unwrap_or_default(),
                super::strings::arg_str(domainXml).unwrap_or_default(),
            )
        };
        let vmx = obj.driver.domain_xml_to_native(&format, &xml, flags)?;
        Ok(super::strings::strdup_c(&vmx))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetAllDomainStats(
    conn: virConnectPtr,
    stats: c_uint,
    retStats: *mut *mut virDomainStatsRecordPtr,
    flags: c_uint,
) -> c_int {
    if let Some(r) = retStats.as_mut() {
        *r = std::ptr::null_mut();
    }
    entry("virConnectGetAllDomainStats", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(retStats, "retStats")?;
        let records = obj.driver.all_domain_stats(stats, flags)?;
        stats_array(&obj, records, retStats)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetDomainCapabilities(
    conn: virConnectPtr,
    emulatorbin: *const c_char,
    arch: *const c_char,
    machine: *const c_char,
    virttype: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    entry("virConnectGetDomainCapabilities", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllDomains(
    conn: virConnectPtr,
    domains: *mut *mut virDomainPtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllDomains", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        if let Some(d) = domains.as_mut() {
            *d = std::ptr::null_mut();
        }
        let found = obj.driver.list_all(flags)?;
        let count = found.len() as c_int;
        if let Some(out) = domains.as_mut() {
            *out = domain_array(&obj, found)?;
        }
        Ok(count)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListDefinedDomains(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virConnectListDefinedDomains", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        let found = obj.driver.defined_names()?;
        let n = found.len().min(maxnames.max(0) as usize);
        for (i, name) in found.iter().take(n).enumerate() {
            *names.add(i) = strdup_c(name);
        }
        Ok(n as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListDomains(
    conn: virConnectPtr,
    ids: *mut c_int,
    maxids: c_int,
) -> c_int {
    entry("virConnectListDomains", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null_array(ids, maxids as i64, "ids")?;
        cx.non_negative(maxids, "maxids")?;
        let ids_found = obj.driver.active_ids()?;
        let n = ids_found.len().min(maxids.max(0) as usize);
        for (i, id) in ids_found.iter().take(n).enumerate() {
            *ids.add(i) = *id;
        }
        Ok(n as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfDefinedDomains(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfDefinedDomains", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        Ok(obj.driver.defined_names()?.len() as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfDomains(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfDomains", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        Ok(obj.driver.active_ids()?.len() as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAbortJob(domain: virDomainPtr) -> c_int {
    entry("virDomainAbortJob", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAbortJobFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainAbortJobFlags", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAddIOThread(
    domain: virDomainPtr,
    iothread_id: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainAddIOThread", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAgentSetResponseTimeout(
    domain: virDomainPtr,
    timeout: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainAgentSetResponseTimeout", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAttachDevice(domain: virDomainPtr, xml: *const c_char) -> c_int {
    entry("virDomainAttachDevice", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(xml, "xml")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAttachDeviceFlags(
    domain: virDomainPtr,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainAttachDeviceFlags", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(xml, "xml")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAuthorizedSSHKeysGet(
    domain: virDomainPtr,
    user: *const c_char,
    keys: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainAuthorizedSSHKeysGet", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(user, "user")?;
        cx.non_null(keys, "keys")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainAuthorizedSSHKeysSet(
    domain: virDomainPtr,
    user: *const c_char,
    keys: *mut *const c_char,
    nkeys: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainAuthorizedSSHKeysSet", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(user, "user")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBackupBegin(
    domain: virDomainPtr,
    backupXML: *const c_char,
    checkpointXML: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainBackupBegin", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(backupXML, "backupXML")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBackupGetXMLDesc(
    domain: virDomainPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virDomainBackupGetXMLDesc", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockCommit(
    dom: virDomainPtr,
    disk: *const c_char,
    base: *const c_char,
    top: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockCommit", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockCopy(
    dom: virDomainPtr,
    disk: *const c_char,
    destxml: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockCopy", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.non_null(destxml, "destxml")?;
        cx.non_negative(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockJobAbort(
    dom: virDomainPtr,
    disk: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockJobAbort", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockJobSetSpeed(
    dom: virDomainPtr,
    disk: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockJobSetSpeed", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockPeek(
    dom: virDomainPtr,
    disk: *const c_char,
    offset: c_ulonglong,
    size: usize,
    buffer: *mut c_void,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockPeek", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_empty_string(disk, "disk")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockPull(
    dom: virDomainPtr,
    disk: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockPull", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockRebase(
    dom: virDomainPtr,
    disk: *const c_char,
    base: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockRebase", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockResize(
    dom: virDomainPtr,
    disk: *const c_char,
    size: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockResize", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockStats(
    dom: virDomainPtr,
    disk: *const c_char,
    stats: virDomainBlockStatsPtr,
    size: usize,
) -> c_int {
    entry("virDomainBlockStats", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(dom)?;
        cx.non_null(disk, "disk")?;
        cx.non_null(stats, "stats")?;
        let full = std::mem::size_of::<virDomainBlockStatsStruct>();
        struct_size(size, full, "virDomainBlockStats")?;
        let s = obj
            .conn
            .driver
            .domain_block_stats(&obj.domain, &arg_str(disk).unwrap_or_default())?;
        let all = virDomainBlockStatsStruct {
            rd_req: s.rd_req,
            rd_bytes: s.rd_bytes,
            wr_req: s.wr_req,
            wr_bytes: s.wr_bytes,
            errs: s.errs,
        };
        std::ptr::copy_nonoverlapping(
            (&all as *const virDomainBlockStatsStruct).cast::<u8>(),
            stats.cast::<u8>(),
            size,
        );
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainBlockStatsFlags(
    dom: virDomainPtr,
    disk: *const c_char,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainBlockStatsFlags", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.non_null(disk, "disk")?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCoreDump(
    domain: virDomainPtr,
    to: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainCoreDump", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(to, "to")?;
        cx.exclusive_flags(
            flags,
            VIR_DUMP_CRASH as u32,
            "VIR_DUMP_CRASH",
            VIR_DUMP_LIVE as u32,
            "VIR_DUMP_LIVE",
        )?;
        cx.exclusive_flags(
            flags,
            VIR_DUMP_CRASH as u32,
            "VIR_DUMP_CRASH",
            VIR_DUMP_RESET as u32,
            "VIR_DUMP_RESET",
        )?;
        cx.exclusive_flags(
            flags,
            VIR_DUMP_LIVE as u32,
            "VIR_DUMP_LIVE",
            VIR_DUMP_RESET as u32,
            "VIR_DUMP_RESET",
        )?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCoreDumpWithFormat(
    domain: virDomainPtr,
    to: *const c_char,
    dumpformat: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainCoreDumpWithFormat", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(to, "to")?;
        cx.exclusive_flags(
            flags,
            VIR_DUMP_CRASH as u32,
            "VIR_DUMP_CRASH",
            VIR_DUMP_LIVE as u32,
            "VIR_DUMP_LIVE",
        )?;
        cx.exclusive_flags(
            flags,
            VIR_DUMP_CRASH as u32,
            "VIR_DUMP_CRASH",
            VIR_DUMP_RESET as u32,
            "VIR_DUMP_RESET",
        )?;
        cx.exclusive_flags(
            flags,
            VIR_DUMP_LIVE as u32,
            "VIR_DUMP_LIVE",
            VIR_DUMP_RESET as u32,
            "VIR_DUMP_RESET",
        )?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCreate(domain: virDomainPtr) -> c_int {
    entry("virDomainCreate", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        let id = obj.conn.driver.domain_create(&obj.domain, 0)?;
        obj.id.store(id, Ordering::SeqCst);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCreateLinux(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainPtr {
    entry("virDomainCreateLinux", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCreateWithFiles(
    domain: virDomainPtr,
    nfiles: c_uint,
    files: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainCreateWithFiles", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCreateWithFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainCreateWithFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        let id = obj.conn.driver.domain_create(&obj.domain, flags)?;
        obj.id.store(id, Ordering::SeqCst);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainPtr {
    entry("virDomainCreateXML", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCreateXMLWithFiles(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    nfiles: c_uint,
    files: *mut c_int,
    flags: c_uint,
) -> virDomainPtr {
    entry("virDomainCreateXMLWithFiles", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
) -> virDomainPtr {
    entry("virDomainDefineXML", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        let xml = arg_str(xml).unwrap_or_default();
        let d = obj.driver.define_xml(&xml, 0)?;
        new_domain(&obj, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDefineXMLFlags(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virDomainPtr {
    entry("virDomainDefineXMLFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        let xml = arg_str(xml).unwrap_or_default();
        let d = obj.driver.define_xml(&xml, flags)?;
        new_domain(&obj, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDelIOThread(
    domain: virDomainPtr,
    iothread_id: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainDelIOThread", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_zero(iothread_id, "iothread_id")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDestroy(domain: virDomainPtr) -> c_int {
    entry("virDomainDestroy", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_destroy(&obj.domain, 0)?;
        obj.id.store(-1, Ordering::SeqCst);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDestroyFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainDestroyFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_destroy(&obj.domain, flags)?;
        obj.id.store(-1, Ordering::SeqCst);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDetachDevice(domain: virDomainPtr, xml: *const c_char) -> c_int {
    entry("virDomainDetachDevice", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(xml, "xml")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDetachDeviceAlias(
    domain: virDomainPtr,
    alias: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainDetachDeviceAlias", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(alias, "alias")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainDetachDeviceFlags(
    domain: virDomainPtr,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainDetachDeviceFlags", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(xml, "xml")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainFDAssociate(
    domain: virDomainPtr,
    name: *const c_char,
    nfds: c_uint,
    fds: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainFDAssociate", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_zero(nfds, "nfds")?;
        cx.non_null(fds, "fds")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainFSFreeze(
    dom: virDomainPtr,
    mountpoints: *mut *const c_char,
    nmountpoints: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainFSFreeze", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null_array(mountpoints, nmountpoints as i64, "mountpoints")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainFSInfoFree(info: virDomainFSInfoPtr) {
    entry("virDomainFSInfoFree", VIR_FROM_DOMAIN, |cx| {
        let _ = cx;
        if let Some(i) = info.as_mut() {
            free_c(i.mountpoint);
            free_c(i.name);
            free_c(i.fstype);
            if !i.devAlias.is_null() {
                for n in 0..i.ndevAlias {
                    free_c(*i.devAlias.add(n));
                }
                libc::free(i.devAlias.cast());
            }
            libc::free((info as *mut virDomainFSInfo).cast());
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainFSThaw(
    dom: virDomainPtr,
    mountpoints: *mut *const c_char,
    nmountpoints: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainFSThaw", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null_array(mountpoints, nmountpoints as i64, "mountpoints")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainFSTrim(
    dom: virDomainPtr,
    mountPoint: *const c_char,
    minimum: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virDomainFSTrim", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetAutostart(
    domain: virDomainPtr,
    autostart: *mut c_int,
) -> c_int {
    entry("virDomainGetAutostart", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.non_null(autostart, "autostart")?;
        // libvirt's ESX driver clears the answer first, also when it then fails
        *autostart = 0;
        *autostart = obj.conn.driver.autostart(&obj.domain)? as c_int;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetBlkioParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetBlkioParameters", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetBlockInfo(
    domain: virDomainPtr,
    disk: *const c_char,
    info: virDomainBlockInfoPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetBlockInfo", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.non_empty_string(disk, "disk")?;
        cx.non_null(info, "info")?;
        let [capacity, allocation, physical] = obj.conn.driver.domain_block_info(
            &obj.domain,
            &arg_str(disk).unwrap_or_default(),
            flags,
        )?;
        *info = virDomainBlockInfo {
            capacity,
            allocation,
            physical,
        };
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetBlockIoTune(
    dom: virDomainPtr,
    disk: *const c_char,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetBlockIoTune", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetBlockJobInfo(
    dom: virDomainPtr,
    disk: *const c_char,
    info: virDomainBlockJobInfoPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetBlockJobInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.non_null(disk, "disk")?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetCPUStats(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_uint,
    start_cpu: c_int,
    ncpus: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetCPUStats", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        if start_cpu == -1 {
            if ncpus != 1 {
                return Err(Error::invalid_arg(
                    VIR_FROM_DOMAIN,
                    "virDomainGetCPUStats",
                    "ncpus",
                    "ncpus in virDomainGetCPUStats must be 1 when start_cpu is -1",
                ));
            }
        } else {
            cx.non_negative(start_cpu, "start_cpu")?;
        }
        if nparams != 0 {
            cx.non_null(params, "params")?;
        } else {
            null_arg(params, "virDomainGetCPUStats", "params")?;
        }
        if ncpus == 0 {
            null_arg(params, "virDomainGetCPUStats", "params")?;
        }
        let time = obj
            .conn
            .driver
            .domain_cpu_time(&obj.domain, start_cpu, flags)?;
        if params.is_null() {
            return Ok(1);
        }
        let list = [driver::resources::Param::new(
            "cpu_time",
            driver::resources::ParamValue::ULLong(time),
        )];
        super::params::write(params, &list[..(nparams as usize).min(1)])
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetControlInfo(
    domain: virDomainPtr,
    info: virDomainControlInfoPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetControlInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetDiskErrors(
    dom: virDomainPtr,
    errors: virDomainDiskErrorPtr,
    maxerrors: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetDiskErrors", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.non_null_array(errors, maxerrors as i64, "errors")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetEmulatorPinInfo(
    domain: virDomainPtr,
    cpumap: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetEmulatorPinInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(cpumap, "cpumap")?;
        cx.positive(maplen, "maplen")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetFSInfo(
    dom: virDomainPtr,
    info: *mut *mut virDomainFSInfoPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetFSInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetGuestInfo(
    domain: virDomainPtr,
    types: c_uint,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetGuestInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetGuestVcpus(
    domain: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetGuestVcpus", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetHostname(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    entry("virDomainGetHostname", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        let name = obj.conn.driver.domain_hostname(&obj.domain, flags)?;
        let p = strdup_c(&name);
        if p.is_null() {
            return Err(Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY));
        }
        Ok(p)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetIOThreadInfo(
    dom: virDomainPtr,
    info: *mut *mut virDomainIOThreadInfoPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetIOThreadInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetInfo(domain: virDomainPtr, info: virDomainInfoPtr) -> c_int {
    entry("virDomainGetInfo", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.non_null(info, "info")?;
        let i = obj.conn.driver.domain_info(&obj.domain)?;
        let out = &mut *info;
        *out = std::mem::zeroed();
        out.state = i.state as c_uchar;
        out.maxMem = i.max_mem as c_ulong;
        out.memory = i.memory as c_ulong;
        out.nrVirtCpu = i.nr_virt_cpu as c_ushort;
        out.cpuTime = 0;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetInterfaceParameters(
    domain: virDomainPtr,
    device: *const c_char,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetInterfaceParameters", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetJobInfo(
    domain: virDomainPtr,
    info: virDomainJobInfoPtr,
) -> c_int {
    entry("virDomainGetJobInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetJobStats(
    domain: virDomainPtr,
    r#type: *mut c_int,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetJobStats", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(params, "params")?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetLaunchSecurityInfo(
    domain: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetLaunchSecurityInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetMaxMemory(domain: virDomainPtr) -> c_ulong {
    entry("virDomainGetMaxMemory", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        obj.conn.driver.domain_max_memory(&obj.domain)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetMaxVcpus(domain: virDomainPtr) -> c_int {
    entry("virDomainGetMaxVcpus", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        obj.conn
            .driver
            .domain_max_vcpus(VIR_DOMAIN_AFFECT_LIVE as u32 | VIR_DOMAIN_VCPU_MAXIMUM as u32)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetMemoryParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetMemoryParameters", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.non_null(nparams, "nparams")?;
        cx.non_negative(*nparams, "*nparams")?;
        if *nparams != 0 {
            cx.non_null(params, "params")?;
        }
        // the ESX driver takes string parameters: libvirt adds the flag for it
        let flags = flags | VIR_TYPED_PARAM_STRING_OKAY as c_uint;
        cx.exclusive_flags(
            flags,
            VIR_DOMAIN_AFFECT_LIVE as u32,
            "VIR_DOMAIN_AFFECT_LIVE",
            VIR_DOMAIN_AFFECT_CONFIG as u32,
            "VIR_DOMAIN_AFFECT_CONFIG",
        )?;
        match obj
            .conn
            .driver
            .memory_parameters(&obj.domain, *nparams, flags)?
        {
            ParamsAnswer::Count(n) => *nparams = n,
            ParamsAnswer::Params(list) => {
                let list: Vec<_> = list.into_iter().take(*nparams as usize).collect();
                *nparams = super::params::write(params, &list)?;
            }
        }
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetMessages(
    domain: virDomainPtr,
    msgs: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetMessages", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(msgs, "msgs")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetMetadata(
    domain: virDomainPtr,
    r#type: c_int,
    uri: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    entry("virDomainGetMetadata", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetNumaParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetNumaParameters", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetOSType(domain: virDomainPtr) -> *mut c_char {
    entry("virDomainGetOSType", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        // every VMware guest is a fully virtualized one
        let _ = obj;
        Ok(strdup_c("hvm"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetPerfEvents(
    domain: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetPerfEvents", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetSchedulerParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
) -> c_int {
    entry("virDomainGetSchedulerParameters", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.non_null(params, "params")?;
        cx.non_null(nparams, "nparams")?;
        cx.positive(*nparams, "*nparams")?;
        let list = obj
            .conn
            .driver
            .scheduler_parameters(&obj.domain, *nparams, 0)?;
        *nparams = super::params::write(params, &list)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetSchedulerParametersFlags(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainGetSchedulerParametersFlags",
        VIR_FROM_DOMAIN,
        |cx| {
            let obj = cx.domain(domain)?;
            cx.non_null(params, "params")?;
            cx.non_null(nparams, "nparams")?;
            cx.positive(*nparams, "*nparams")?;
            // the ESX driver takes string parameters: libvirt adds the flag for it
            let flags = flags | VIR_TYPED_PARAM_STRING_OKAY as c_uint;
            cx.exclusive_flags(
                flags,
                VIR_DOMAIN_AFFECT_LIVE as u32,
                "VIR_DOMAIN_AFFECT_LIVE",
                VIR_DOMAIN_AFFECT_CONFIG as u32,
                "VIR_DOMAIN_AFFECT_CONFIG",
            )?;
            let list = obj
                .conn
                .driver
                .scheduler_parameters(&obj.domain, *nparams, flags)?;
            *nparams = super::params::write(params, &list)?;
            Ok(0)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetSchedulerType(
    domain: virDomainPtr,
    nparams: *mut c_int,
) -> *mut c_char {
    entry("virDomainGetSchedulerType", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        let (name, count) = obj.conn.driver.scheduler_type();
        if !nparams.is_null() {
            *nparams = count;
        }
        Ok(strdup_c(name))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetSecurityLabel(
    domain: virDomainPtr,
    seclabel: virSecurityLabelPtr,
) -> c_int {
    entry("virDomainGetSecurityLabel", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(seclabel, "seclabel")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetSecurityLabelList(
    domain: virDomainPtr,
    seclabels: *mut virSecurityLabelPtr,
) -> c_int {
    entry("virDomainGetSecurityLabelList", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(seclabels, "seclabels")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetState(
    domain: virDomainPtr,
    state: *mut c_int,
    reason: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetState", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.non_null(state, "state")?;
        *state = obj.conn.driver.domain_state_flags(&obj.domain, flags)?;
        if let Some(r) = reason.as_mut() {
            *r = 0;
        }
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetTime(
    dom: virDomainPtr,
    seconds: *mut c_longlong,
    nseconds: *mut c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetTime", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetVcpuPinInfo(
    domain: virDomainPtr,
    ncpumaps: c_int,
    cpumaps: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainGetVcpuPinInfo", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null_array(cpumaps, ncpumaps as i64, "cpumaps")?;
        cx.positive(ncpumaps, "ncpumaps")?;
        cx.positive(maplen, "maplen")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetVcpus(
    domain: virDomainPtr,
    info: virVcpuInfoPtr,
    maxinfo: c_int,
    cpumaps: *mut c_uchar,
    maplen: c_int,
) -> c_int {
    entry("virDomainGetVcpus", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.non_null(info, "info")?;
        cx.positive(maxinfo, "maxinfo")?;
        if !cpumaps.is_null() {
            cx.positive(maplen, "maplen")?;
        } else if maplen != 0 {
            return Err(Error::invalid_arg(
                VIR_FROM_DOMAIN,
                "virDomainGetVcpus",
                "maplen",
                "maplen in virDomainGetVcpus must be zero",
            ));
        }
        if !cpumaps.is_null() && maxinfo.checked_mul(maplen).is_none() {
            return Err(Error::new(
                VIR_FROM_DOMAIN,
                VIR_ERR_OVERFLOW,
                format!("input too large: {maxinfo} * {maplen}"),
            ));
        }
        let vcpus = obj.conn.driver.domain_vcpus(&obj.domain)?;
        let n = vcpus.len().min(maxinfo as usize);
        for (i, v) in vcpus.iter().take(n).enumerate() {
            *info.add(i) = virVcpuInfo {
                number: v.number,
                state: v.state,
                cpuTime: v.cpu_time,
                // VIR_VCPU_INFO_CPU_UNAVAILABLE: VMware does not say which host CPU runs it
                cpu: -2,
            };
        }
        if !cpumaps.is_null() {
            // no affinity is visible: every host CPU may run each vCPU
            std::ptr::write_bytes(cpumaps, 0xff, n * maplen as usize);
        }
        Ok(n as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetVcpusFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainGetVcpusFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        obj.conn.driver.domain_max_vcpus(flags)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainGetXMLDesc(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    entry("virDomainGetXMLDesc", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        if obj.conn.read_only && flags & VIR_DOMAIN_XML_SECURE as c_uint != 0 {
            return Err(Error::new(
                cx.from,
                VIR_ERR_OPERATION_DENIED,
                "virDomainGetXMLDesc with secure flag",
            ));
        }
        Ok(strdup_c(&obj.conn.driver.domain_xml(&obj.domain, flags)?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainHasManagedSaveImage(dom: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainHasManagedSaveImage", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(dom)?;
        obj.conn.driver.has_managed_save(&obj.domain, flags)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainIOThreadInfoFree(info: virDomainIOThreadInfoPtr) {
    entry("virDomainIOThreadInfoFree", VIR_FROM_DOMAIN, |cx| {
        let _ = cx;
        if let Some(i) = info.as_mut() {
            libc::free(i.cpumap.cast());
            libc::free((info as *mut virDomainIOThreadInfo).cast());
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainInjectNMI(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainInjectNMI", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainInterfaceAddresses(
    dom: virDomainPtr,
    ifaces: *mut *mut virDomainInterfacePtr,
    source: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainInterfaceAddresses", VIR_FROM_DOMAIN, |cx| {
        if !ifaces.is_null() {
            *ifaces = std::ptr::null_mut();
        }
        let obj = cx.domain(dom)?;
        cx.non_null(ifaces, "ifaces")?;
        if source == driver::lifecycle::ADDRESSES_SRC_AGENT {
            cx.read_write()?;
        }
        let list = obj
            .conn
            .driver
            .domain_interface_addresses(&obj.domain, source, flags)?;
        let n = list.len();
        *ifaces = interface_array(list)?;
        Ok(n as c_int)
    })
}

/// The interfaces as `virDomainInterfaceAddresses` returns them: an array of
/// `virDomainInterfacePtr` from `malloc`, each freed by `virDomainInterfaceFree` (NULL when
/// there are none, as libvirt leaves it).
fn interface_array(list: Vec<driver::lifecycle::Interface>) -> Result<*mut virDomainInterfacePtr> {
    if list.is_empty() {
        return Ok(std::ptr::null_mut());
    }
    let oom = || Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY);
    let n = list.len();
    // SAFETY: room for n pointers, zeroed
    let array = unsafe { libc::calloc(n, std::mem::size_of::<virDomainInterfacePtr>()) }
        as *mut virDomainInterfacePtr;
    if array.is_null() {
        return Err(oom());
    }
    // frees what was made so far when one allocation fails
    let undo = |made: usize| {
        for k in 0..made {
            // SAFETY: entries below `made` are complete interfaces from this function
            unsafe { virDomainInterfaceFree(*array.add(k)) };
        }
        // SAFETY: the array from calloc above
        unsafe { libc::free(array.cast()) };
        oom()
    };
    for (i, iface) in list.into_iter().enumerate() {
        // SAFETY: a zeroed interface, filled below; NULL strings and addrs are valid for
        // virDomainInterfaceFree
        let p = unsafe { libc::calloc(1, std::mem::size_of::<virDomainInterface>()) }
            as virDomainInterfacePtr;
        if p.is_null() {
            return Err(undo(i));
        }
        // SAFETY: i < n; p is a live allocation owned by the array from here on
        unsafe { *array.add(i) = p };
        // SAFETY: p is non-NULL, zeroed and not aliased
        let out = unsafe { &mut *p };
        out.name = strdup_c(&iface.name);
        out.hwaddr = iface
            .hwaddr
            .as_deref()
            .map_or(std::ptr::null_mut(), strdup_c);
        if out.name.is_null() || (iface.hwaddr.is_some() && out.hwaddr.is_null()) {
            return Err(undo(i + 1));
        }
        if !iface.addrs.is_empty() {
            // SAFETY: room for every address, zeroed
            let addrs = unsafe {
                libc::calloc(iface.addrs.len(), std::mem::size_of::<virDomainIPAddress>())
            } as virDomainIPAddressPtr;
            if addrs.is_null() {
                return Err(undo(i + 1));
            }
            out.addrs = addrs;
            for (k, a) in iface.addrs.iter().enumerate() {
                // SAFETY: k < the count allocated; naddrs counts the filled ones
                let slot = unsafe { &mut *addrs.add(k) };
                slot.r#type = a.kind;
                slot.prefix = a.prefix;
                slot.addr = strdup_c(&a.addr);
                out.naddrs = k as c_uint + 1;
                if slot.addr.is_null() {
                    return Err(undo(i + 1));
                }
            }
        }
    }
    Ok(array)
}

#[no_mangle]
pub unsafe extern "C" fn virDomainInterfaceFree(iface: virDomainInterfacePtr) {
    entry("virDomainInterfaceFree", VIR_FROM_DOMAIN, |cx| {
        let _ = cx;
        if let Some(i) = iface.as_mut() {
            free_c(i.name);
            free_c(i.hwaddr);
            if !i.addrs.is_null() {
                for n in 0..i.naddrs as usize {
                    free_c((*i.addrs.add(n)).addr);
                }
                libc::free(i.addrs.cast());
            }
            libc::free((iface as *mut virDomainInterface).cast());
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainInterfaceStats(
    dom: virDomainPtr,
    device: *const c_char,
    stats: virDomainInterfaceStatsPtr,
    size: usize,
) -> c_int {
    entry("virDomainInterfaceStats", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(dom)?;
        cx.non_null(device, "device")?;
        cx.non_null(stats, "stats")?;
        let full = std::mem::size_of::<virDomainInterfaceStatsStruct>();
        struct_size(size, full, "virDomainInterfaceStats")?;
        let s = obj
            .conn
            .driver
            .domain_interface_stats(&obj.domain, &arg_str(device).unwrap_or_default())?;
        let all = virDomainInterfaceStatsStruct {
            rx_bytes: s.rx_bytes,
            rx_packets: s.rx_packets,
            rx_errs: s.rx_errs,
            rx_drop: s.rx_drop,
            tx_bytes: s.tx_bytes,
            tx_packets: s.tx_packets,
            tx_errs: s.tx_errs,
            tx_drop: s.tx_drop,
        };
        std::ptr::copy_nonoverlapping(
            (&all as *const virDomainInterfaceStatsStruct).cast::<u8>(),
            stats.cast::<u8>(),
            size,
        );
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainIsActive(dom: virDomainPtr) -> c_int {
    entry("virDomainIsActive", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(dom)?;
        Ok((obj.conn.driver.domain_state(&obj.domain)? != driver::domain::STATE_SHUTOFF) as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainIsPersistent(dom: virDomainPtr) -> c_int {
    entry("virDomainIsPersistent", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(dom)?;
        obj.conn.driver.domain_exists(&obj.domain)?;
        Ok(1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainIsUpdated(dom: virDomainPtr) -> c_int {
    entry("virDomainIsUpdated", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(dom)?;
        obj.conn.driver.domain_exists(&obj.domain)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainListGetStats(
    doms: *mut virDomainPtr,
    stats: c_uint,
    retStats: *mut *mut virDomainStatsRecordPtr,
    flags: c_uint,
) -> c_int {
    if let Some(r) = retStats.as_mut() {
        *r = std::ptr::null_mut();
    }
    entry("virDomainListGetStats", VIR_FROM_DOMAIN, |cx| {
        cx.non_null(doms, "doms")?;
        cx.non_null(retStats, "retStats")?;
        if (*doms).is_null() {
            return Err(Error::new(
                VIR_FROM_DOMAIN,
                VIR_ERR_INVALID_ARG,
                "doms array in virDomainListGetStats must contain at least one domain",
            ));
        }
        let first = cx.domain(*doms)?;
        let mut list = vec![];
        let mut n = 0;
        while !(*doms.add(n)).is_null() {
            let d = cx.domain(*doms.add(n))?;
            if !Arc::ptr_eq(&d.conn, &first.conn) {
                return Err(Error::new(
                    VIR_FROM_DOMAIN,
                    VIR_ERR_INVALID_ARG,
                    "domains in 'doms' array must belong to a single connection",
                ));
            }
            list.push(d.domain.clone());
            n += 1;
        }
        let records = first.conn.driver.list_domain_stats(&list, stats, flags)?;
        stats_array(&first.conn, records, retStats)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainLookupByID(conn: virConnectPtr, id: c_int) -> virDomainPtr {
    entry("virDomainLookupByID", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_negative(id, "id")?;
        let d = obj.driver.lookup_by_id(id)?;
        new_domain(&obj, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virDomainPtr {
    entry("virDomainLookupByName", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(name, "name")?;
        let name = arg_str(name).unwrap_or_default();
        let d = obj.driver.lookup_by_name(&name)?;
        new_domain(&obj, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virDomainPtr {
    entry("virDomainLookupByUUID", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(uuid, "uuid")?;
        let mut bytes = [0u8; 16];
        std::ptr::copy_nonoverlapping(uuid, bytes.as_mut_ptr(), 16);
        let d = obj.driver.lookup_by_uuid(&bytes)?;
        new_domain(&obj, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainLookupByUUIDString(
    conn: virConnectPtr,
    uuidstr: *const c_char,
) -> virDomainPtr {
    entry("virDomainLookupByUUIDString", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(uuidstr, "uuidstr")?;
        let text = arg_str(uuidstr).unwrap_or_default();
        let Some(bytes) = driver::domain::parse_uuid(&text) else {
            return Err(Error::invalid_arg(
                cx.from,
                cx.name,
                "uuidstr",
                &format!("uuidstr in {} must be a valid UUID", cx.name),
            ));
        };
        let d = obj.driver.lookup_by_uuid(&bytes)?;
        new_domain(&obj, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainManagedSave(dom: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainManagedSave", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainManagedSaveDefineXML(
    domain: virDomainPtr,
    dxml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainManagedSaveDefineXML", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainManagedSaveGetXMLDesc(
    domain: virDomainPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virDomainManagedSaveGetXMLDesc", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainManagedSaveRemove(dom: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainManagedSaveRemove", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMemoryPeek(
    dom: virDomainPtr,
    start: c_ulonglong,
    size: usize,
    buffer: *mut c_void,
    flags: c_uint,
) -> c_int {
    entry("virDomainMemoryPeek", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.exclusive_flags(
            flags,
            VIR_MEMORY_VIRTUAL as u32,
            "VIR_MEMORY_VIRTUAL",
            VIR_MEMORY_PHYSICAL as u32,
            "VIR_MEMORY_PHYSICAL",
        )?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMemoryStats(
    dom: virDomainPtr,
    stats: virDomainMemoryStatPtr,
    nr_stats: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainMemoryStats", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(dom)?;
        if stats.is_null() || nr_stats == 0 {
            return Ok(0);
        }
        let max = (nr_stats as usize).min(VIR_DOMAIN_MEMORY_STAT_NR as usize);
        let found = obj
            .conn
            .driver
            .domain_memory_stats(&obj.domain, max, flags)?;
        for (i, (tag, val)) in found.iter().enumerate() {
            *stats.add(i) = virDomainMemoryStatStruct {
                tag: *tag,
                val: *val,
            };
        }
        Ok(found.len() as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrate(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    flags: c_ulong,
    dname: *const c_char,
    uri: *const c_char,
    bandwidth: c_ulong,
) -> virDomainPtr {
    entry("virDomainMigrate", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        let dest = cx.dest_connect(dconn)?;
        let flags = migrate_flags(cx, flags)?;
        let dname = arg_str(dname);
        let uri = arg_str(uri);
        let d = driver::migrate::migrate(
            &obj.conn.driver,
            &obj.domain,
            &dest.driver,
            &driver::migrate::Request {
                flags,
                dname: dname.as_deref(),
                uri: uri.as_deref(),
                dxml: false,
                api: cx.name,
            },
        )?;
        new_domain(&dest, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrate2(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    dxml: *const c_char,
    flags: c_ulong,
    dname: *const c_char,
    uri: *const c_char,
    bandwidth: c_ulong,
) -> virDomainPtr {
    entry("virDomainMigrate2", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        let dest = cx.dest_connect(dconn)?;
        let flags = migrate_flags(cx, flags)?;
        let dname = arg_str(dname);
        let uri = arg_str(uri);
        let d = driver::migrate::migrate(
            &obj.conn.driver,
            &obj.domain,
            &dest.driver,
            &driver::migrate::Request {
                flags,
                dname: dname.as_deref(),
                uri: uri.as_deref(),
                dxml: !dxml.is_null(),
                api: cx.name,
            },
        )?;
        new_domain(&dest, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrate3(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_uint,
    flags: c_uint,
) -> virDomainPtr {
    entry("virDomainMigrate3", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        let dest = cx.dest_connect(dconn)?;
        let flags = migrate_flags(cx, u64::from(flags))?;
        let p = super::typed_params::MigrateParams::read(params, nparams)?;
        let d = driver::migrate::migrate(
            &obj.conn.driver,
            &obj.domain,
            &dest.driver,
            &driver::migrate::Request {
                flags,
                dname: p.dname.as_deref(),
                uri: p.uri.as_deref(),
                dxml: p.dxml.is_some(),
                api: cx.name,
            },
        )?;
        new_domain(&dest, d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateGetCompressionCache(
    domain: virDomainPtr,
    cacheSize: *mut c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainMigrateGetCompressionCache",
        VIR_FROM_DOMAIN,
        |cx| {
            cx.domain(domain)?;
            cx.non_null(cacheSize, "cacheSize")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateGetMaxDowntime(
    domain: virDomainPtr,
    downtime: *mut c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virDomainMigrateGetMaxDowntime", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(downtime, "downtime")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateGetMaxSpeed(
    domain: virDomainPtr,
    bandwidth: *mut c_ulong,
    flags: c_uint,
) -> c_int {
    entry("virDomainMigrateGetMaxSpeed", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(bandwidth, "bandwidth")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateSetCompressionCache(
    domain: virDomainPtr,
    cacheSize: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainMigrateSetCompressionCache",
        VIR_FROM_DOMAIN,
        |cx| {
            cx.domain(domain)?;
            cx.read_write()?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateSetMaxDowntime(
    domain: virDomainPtr,
    downtime: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virDomainMigrateSetMaxDowntime", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateSetMaxSpeed(
    domain: virDomainPtr,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    entry("virDomainMigrateSetMaxSpeed", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateStartPostCopy(
    domain: virDomainPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainMigrateStartPostCopy", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateToURI(
    domain: virDomainPtr,
    duri: *const c_char,
    flags: c_ulong,
    dname: *const c_char,
    bandwidth: c_ulong,
) -> c_int {
    entry("virDomainMigrateToURI", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(duri, "duri")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateToURI2(
    domain: virDomainPtr,
    dconnuri: *const c_char,
    miguri: *const c_char,
    dxml: *const c_char,
    flags: c_ulong,
    dname: *const c_char,
    bandwidth: c_ulong,
) -> c_int {
    entry("virDomainMigrateToURI2", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainMigrateToURI3(
    domain: virDomainPtr,
    dconnuri: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainMigrateToURI3", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainOpenChannel(
    dom: virDomainPtr,
    name: *const c_char,
    st: virStreamPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainOpenChannel", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.stream(st)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainOpenConsole(
    dom: virDomainPtr,
    dev_name: *const c_char,
    st: virStreamPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainOpenConsole", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.stream(st)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainOpenGraphics(
    dom: virDomainPtr,
    idx: c_uint,
    fd: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainOpenGraphics", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.non_negative(fd, "fd")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainOpenGraphicsFD(
    dom: virDomainPtr,
    idx: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainOpenGraphicsFD", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainPMSuspendForDuration(
    dom: virDomainPtr,
    target: c_uint,
    duration: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virDomainPMSuspendForDuration", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainPMWakeup(dom: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainPMWakeup", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainPinEmulator(
    domain: virDomainPtr,
    cpumap: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainPinEmulator", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(cpumap, "cpumap")?;
        cx.positive(maplen, "maplen")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainPinIOThread(
    domain: virDomainPtr,
    iothread_id: c_uint,
    cpumap: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainPinIOThread", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(cpumap, "cpumap")?;
        cx.positive(maplen, "maplen")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainPinVcpu(
    domain: virDomainPtr,
    vcpu: c_uint,
    cpumap: *mut c_uchar,
    maplen: c_int,
) -> c_int {
    entry("virDomainPinVcpu", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(cpumap, "cpumap")?;
        cx.positive(maplen, "maplen")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainPinVcpuFlags(
    domain: virDomainPtr,
    vcpu: c_uint,
    cpumap: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainPinVcpuFlags", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(cpumap, "cpumap")?;
        cx.positive(maplen, "maplen")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainReboot(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainReboot", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_reboot(&obj.domain, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainRename(
    dom: virDomainPtr,
    new_name: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainRename", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.non_empty_string(new_name, "new_name")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainReset(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainReset", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_reset(&obj.domain, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainRestore(conn: virConnectPtr, from: *const c_char) -> c_int {
    entry("virDomainRestore", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(from, "from")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainRestoreFlags(
    conn: virConnectPtr,
    from: *const c_char,
    dxml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainRestoreFlags", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(from, "from")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainRestoreParams(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainRestoreParams", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainResume(domain: virDomainPtr) -> c_int {
    entry("virDomainResume", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_resume(&obj.domain)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSave(domain: virDomainPtr, to: *const c_char) -> c_int {
    entry("virDomainSave", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(to, "to")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSaveFlags(
    domain: virDomainPtr,
    to: *const c_char,
    dxml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainSaveFlags", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(to, "to")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSaveImageDefineXML(
    conn: virConnectPtr,
    file: *const c_char,
    dxml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainSaveImageDefineXML", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(file, "file")?;
        cx.non_null(dxml, "dxml")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSaveImageGetXMLDesc(
    conn: virConnectPtr,
    file: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    entry("virDomainSaveImageGetXMLDesc", VIR_FROM_DOMAIN, |cx| {
        cx.connect(conn)?;
        cx.non_null(file, "file")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSaveParams(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSaveParams", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainScreenshot(
    domain: virDomainPtr,
    stream: virStreamPtr,
    screen: c_uint,
    flags: c_uint,
) -> *mut c_char {
    entry("virDomainScreenshot", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        let st = cx.stream(stream)?;
        cx.read_write()?;
        if !Arc::ptr_eq(&obj.conn, &st.conn) {
            return Err(Error::invalid_arg(
                cx.from,
                cx.name,
                "stream",
                &format!(
                    "stream must match connection of domain '{}'",
                    obj.domain.name
                ),
            ));
        }
        let mime = obj
            .conn
            .driver
            .domain_screenshot(&obj.domain, &st.stream, screen, flags)?;
        Ok(strdup_c(&mime))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSendKey(
    domain: virDomainPtr,
    codeset: c_uint,
    holdtime: c_uint,
    keycodes: *mut c_uint,
    nkeycodes: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSendKey", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(keycodes, "keycodes")?;
        cx.positive(nkeycodes, "nkeycodes")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSendProcessSignal(
    domain: virDomainPtr,
    pid_value: c_longlong,
    signum: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainSendProcessSignal", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_zero(pid_value, "pid_value")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetAutostart(domain: virDomainPtr, autostart: c_int) -> c_int {
    entry("virDomainSetAutostart", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.set_autostart(&obj.domain, autostart != 0)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetBlkioParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetBlkioParameters", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.non_negative(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetBlockIoTune(
    dom: virDomainPtr,
    disk: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetBlockIoTune", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(disk, "disk")?;
        cx.positive(nparams, "nparams")?;
        cx.non_null(params, "params")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetBlockThreshold(
    domain: virDomainPtr,
    dev: *const c_char,
    threshold: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetBlockThreshold", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(dev, "dev")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetGuestVcpus(
    domain: virDomainPtr,
    cpumap: *const c_char,
    state: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetGuestVcpus", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(cpumap, "cpumap")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetIOThreadParams(
    domain: virDomainPtr,
    iothread_id: c_uint,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetIOThreadParams", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.positive(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetInterfaceParameters(
    domain: virDomainPtr,
    device: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetInterfaceParameters", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.positive(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetLaunchSecurityState(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetLaunchSecurityState", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetLifecycleAction(
    domain: virDomainPtr,
    r#type: c_uint,
    action: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetLifecycleAction", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetMaxMemory(domain: virDomainPtr, memory: c_ulong) -> c_int {
    entry("virDomainSetMaxMemory", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        cx.non_zero(memory, "memory")?;
        memory_not_too_large(memory)?;
        obj.conn.driver.set_max_memory(&obj.domain, memory)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetMemory(domain: virDomainPtr, memory: c_ulong) -> c_int {
    entry("virDomainSetMemory", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        cx.non_zero(memory, "memory")?;
        memory_not_too_large(memory)?;
        obj.conn.driver.set_memory(&obj.domain, memory, 0)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetMemoryFlags(
    domain: virDomainPtr,
    memory: c_ulong,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetMemoryFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        cx.non_zero(memory, "memory")?;
        memory_not_too_large(memory)?;
        obj.conn.driver.set_memory(&obj.domain, memory, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetMemoryParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetMemoryParameters", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.positive(nparams, "nparams")?;
        let list = super::params::read(params, nparams)?;
        obj.conn
            .driver
            .set_memory_parameters(&obj.domain, &list, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetMemoryStatsPeriod(
    domain: virDomainPtr,
    period: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetMemoryStatsPeriod", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_negative(period, "period")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetMetadata(
    domain: virDomainPtr,
    r#type: c_int,
    metadata: *const c_char,
    key: *const c_char,
    uri: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetMetadata", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetNumaParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetNumaParameters", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.positive(nparams, "nparams")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetPerfEvents(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetPerfEvents", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetSchedulerParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
) -> c_int {
    entry("virDomainSetSchedulerParameters", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(params, "params")?;
        cx.non_negative(nparams, "nparams")?;
        let list = super::params::read(params, nparams)?;
        obj.conn
            .driver
            .set_scheduler_parameters(&obj.domain, &list, 0)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetSchedulerParametersFlags(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainSetSchedulerParametersFlags",
        VIR_FROM_DOMAIN,
        |cx| {
            let obj = cx.domain(domain)?;
            cx.read_write()?;
            cx.non_null(params, "params")?;
            cx.non_negative(nparams, "nparams")?;
            let list = super::params::read(params, nparams)?;
            obj.conn
                .driver
                .set_scheduler_parameters(&obj.domain, &list, flags)?;
            Ok(0)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetTime(
    dom: virDomainPtr,
    seconds: c_longlong,
    nseconds: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetTime", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetUserPassword(
    dom: virDomainPtr,
    user: *const c_char,
    password: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetUserPassword", VIR_FROM_DOMAIN, |cx| {
        cx.domain(dom)?;
        cx.read_write()?;
        cx.non_null(user, "user")?;
        cx.non_null(password, "password")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetVcpu(
    domain: virDomainPtr,
    vcpumap: *const c_char,
    state: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetVcpu", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.non_null(vcpumap, "vcpumap")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetVcpus(domain: virDomainPtr, nvcpus: c_uint) -> c_int {
    entry("virDomainSetVcpus", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        cx.non_zero(nvcpus, "nvcpus")?;
        obj.conn
            .driver
            .set_vcpus(&obj.domain, nvcpus, VIR_DOMAIN_AFFECT_LIVE as u32)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSetVcpusFlags(
    domain: virDomainPtr,
    nvcpus: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virDomainSetVcpusFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        let has = |f: c_int| flags & f as c_uint != 0;
        if has(VIR_DOMAIN_VCPU_MAXIMUM) && !has(VIR_DOMAIN_AFFECT_CONFIG) {
            return Err(Error::invalid_arg(
                VIR_FROM_DOMAIN,
                "virDomainSetVcpusFlags",
                "ctl",
                "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'",
            ));
        }
        cx.exclusive_flags(
            flags,
            VIR_DOMAIN_VCPU_GUEST as u32,
            "VIR_DOMAIN_VCPU_GUEST",
            VIR_DOMAIN_AFFECT_CONFIG as u32,
            "VIR_DOMAIN_AFFECT_CONFIG",
        )?;
        cx.non_zero(nvcpus, "nvcpus")?;
        obj.conn.driver.set_vcpus(&obj.domain, nvcpus, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainShutdown(domain: virDomainPtr) -> c_int {
    entry("virDomainShutdown", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_shutdown(&obj.domain, 0)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainShutdownFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainShutdownFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_shutdown(&obj.domain, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainStartDirtyRateCalc(
    domain: virDomainPtr,
    seconds: c_int,
    flags: c_uint,
) -> c_int {
    entry("virDomainStartDirtyRateCalc", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainStatsRecordListFree(stats: *mut virDomainStatsRecordPtr) {
    entry("virDomainStatsRecordListFree", VIR_FROM_DOMAIN, |cx| {
        let _ = cx;
        if stats.is_null() {
            return Ok(());
        }
        let mut n = 0;
        while !(*stats.add(n)).is_null() {
            let r = *stats.add(n);
            handles::release((*r).dom as usize, Kind::Domain);
            super::common::virTypedParamsFree((*r).params, (*r).nparams);
            libc::free(r.cast());
            n += 1;
        }
        libc::free(stats.cast());
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSuspend(domain: virDomainPtr) -> c_int {
    entry("virDomainSuspend", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.domain_suspend(&obj.domain)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainUndefine(domain: virDomainPtr) -> c_int {
    entry("virDomainUndefine", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.undefine(&obj.domain, 0)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainUndefineFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainUndefineFlags", VIR_FROM_DOMAIN, |cx| {
        let obj = cx.domain(domain)?;
        cx.read_write()?;
        obj.conn.driver.undefine(&obj.domain, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainUpdateDeviceFlags(
    domain: virDomainPtr,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virDomainUpdateDeviceFlags", VIR_FROM_DOMAIN, |cx| {
        cx.domain(domain)?;
        cx.non_null(xml, "xml")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

/// The memory arguments' upper bound in the public API (`virMemoryMaxValue(true) / 1024` on a
/// 64-bit machine): a larger value is `VIR_ERR_OVERFLOW`.
fn memory_not_too_large(memory: c_ulong) -> Result<()> {
    if (i64::MAX as u64 / 1024) <= memory {
        return Err(Error::new(
            VIR_FROM_DOMAIN,
            VIR_ERR_OVERFLOW,
            format!("input too large: {memory}"),
        ));
    }
    Ok(())
}
