//! Entry points of `libvirt-domain-snapshot.h`.

use super::boundary::{entry, Call};
use super::handles::{self, Kind};
use super::objects::{DomainObject, SnapshotObject};
use super::strings::{arg_str, strdup_c};
use super::types::*;
use crate::error::{Error, Result};
use std::ffi::CString;
use std::os::raw::*;
use std::sync::Arc;

/// A new handle for the snapshot `name` of `domain`; it holds a reference on the domain's
/// handle, as libvirt's snapshot objects hold their domain.
fn new_snapshot(domain: &Arc<DomainObject>, name: String) -> virDomainSnapshotPtr {
    let c_name = CString::new(name.replace('\0', "")).unwrap_or_default();
    let object = Arc::new(SnapshotObject {
        domain: domain.clone(),
        name,
        c_name,
    });
    let parent = Arc::as_ptr(domain) as usize;
    handles::register(Kind::DomainSnapshot, object, Some(parent)) as virDomainSnapshotPtr
}

/// A NULL-terminated array of new snapshot handles, from `malloc`, as
/// `virDomainListAllSnapshots` returns it.
fn snapshot_array(
    domain: &Arc<DomainObject>,
    names: Vec<String>,
) -> Result<*mut virDomainSnapshotPtr> {
    let n = names.len();
    // SAFETY: room for n pointers and the NULL that ends them
    let array = unsafe { libc::calloc(n + 1, std::mem::size_of::<virDomainSnapshotPtr>()) }
        as *mut virDomainSnapshotPtr;
    if array.is_null() {
        return Err(Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY));
    }
    for (i, name) in names.into_iter().enumerate() {
        // SAFETY: i < n
        unsafe { *array.add(i) = new_snapshot(domain, name) };
    }
    Ok(array)
}

/// The names into the caller's `names` array (room for them checked by the driver's limit).
unsafe fn fill_names(names: *mut *mut c_char, found: &[String]) -> c_int {
    for (i, name) in found.iter().enumerate() {
        *names.add(i) = strdup_c(name);
    }
    found.len() as c_int
}

/// A names array's room as the driver takes it: `None` for a NULL array.
fn room(names: *mut *mut c_char, nameslen: c_int) -> Option<usize> {
    (!names.is_null()).then_some(nameslen.max(0) as usize)
}

/// The `snaps` result of the list-all calls: NULL first (libvirt clears it before any check).
unsafe fn clear(snaps: *mut *mut virDomainSnapshotPtr) {
    if let Some(s) = snaps.as_mut() {
        *s = std::ptr::null_mut();
    }
}

unsafe fn list_result(
    snaps: *mut *mut virDomainSnapshotPtr,
    domain: &Arc<DomainObject>,
    names: Vec<String>,
) -> Result<c_int> {
    let count = names.len() as c_int;
    if let Some(out) = snaps.as_mut() {
        *out = snapshot_array(domain, names)?;
    }
    Ok(count)
}

fn revert_flags(cx: &Call, flags: c_uint) -> Result<()> {
    cx.exclusive_flags(
        flags,
        VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING as u32,
        "VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING",
        VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED as u32,
        "VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED",
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainHasCurrentSnapshot(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry(
        "virDomainHasCurrentSnapshot",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let d = cx.domain(domain)?;
            Ok(d.conn.driver.has_current_snapshot(&d.domain, flags)? as c_int)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainListAllSnapshots(
    domain: virDomainPtr,
    snaps: *mut *mut virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainListAllSnapshots",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            clear(snaps);
            let d = cx.domain(domain)?;
            let names = d.conn.driver.list_all_snapshots(&d.domain, flags)?;
            list_result(snaps, &d, names)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainRevertToSnapshot(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainRevertToSnapshot",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            cx.read_write()?;
            revert_flags(cx, flags)?;
            let d = &s.domain;
            d.conn.driver.snapshot_revert(&d.domain, &s.name, flags)?;
            Ok(0)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotCreateXML(
    domain: virDomainPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    entry(
        "virDomainSnapshotCreateXML",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let d = cx.domain(domain)?;
            cx.non_null(xmlDesc, "xmlDesc")?;
            cx.read_write()?;
            let redefine = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE as u32;
            cx.require_flag(
                flags,
                VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT as u32,
                "VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT",
                redefine,
                "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE",
            )?;
            cx.exclusive_flags(
                flags,
                redefine,
                "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE",
                VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA as u32,
                "VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA",
            )?;
            cx.exclusive_flags(
                flags,
                redefine,
                "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE",
                VIR_DOMAIN_SNAPSHOT_CREATE_HALT as u32,
                "VIR_DOMAIN_SNAPSHOT_CREATE_HALT",
            )?;
            let xml = arg_str(xmlDesc).unwrap_or_default();
            let name = d.conn.driver.snapshot_create(&d.domain, &xml, flags)?;
            Ok(new_snapshot(&d, name))
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotCurrent(
    domain: virDomainPtr,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    entry("virDomainSnapshotCurrent", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        let d = cx.domain(domain)?;
        let name = d.conn.driver.snapshot_current(&d.domain, flags)?;
        Ok(new_snapshot(&d, name))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotDelete(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainSnapshotDelete", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        let s = cx.domain_snapshot(snapshot)?;
        cx.read_write()?;
        cx.exclusive_flags(
            flags,
            VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN as u32,
            "VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN",
            VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY as u32,
            "VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY",
        )?;
        let d = &s.domain;
        d.conn.driver.snapshot_delete(&d.domain, &s.name, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotFree(snapshot: virDomainSnapshotPtr) -> c_int {
    entry("virDomainSnapshotFree", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain_snapshot(snapshot)?;
        handles::release(snapshot as usize, Kind::DomainSnapshot);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotGetConnect(
    snapshot: virDomainSnapshotPtr,
) -> virConnectPtr {
    entry(
        "virDomainSnapshotGetConnect",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            Ok(Arc::as_ptr(&s.domain.conn) as virConnectPtr)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotGetDomain(
    snapshot: virDomainSnapshotPtr,
) -> virDomainPtr {
    entry(
        "virDomainSnapshotGetDomain",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            Ok(Arc::as_ptr(&s.domain) as virDomainPtr)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotGetName(snapshot: virDomainSnapshotPtr) -> *const c_char {
    entry("virDomainSnapshotGetName", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        // the string lives in the handle, as libvirt's does
        Ok(cx.domain_snapshot(snapshot)?.c_name.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotGetParent(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    entry(
        "virDomainSnapshotGetParent",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            let d = &s.domain;
            let name = d.conn.driver.snapshot_parent(&d.domain, &s.name, flags)?;
            Ok(new_snapshot(d, name))
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotGetXMLDesc(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> *mut c_char {
    entry(
        "virDomainSnapshotGetXMLDesc",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            let d = &s.domain;
            if d.conn.read_only && flags & VIR_DOMAIN_SNAPSHOT_XML_SECURE as c_uint != 0 {
                return Err(Error::new(
                    cx.from,
                    VIR_ERR_OPERATION_DENIED,
                    "virDomainSnapshotGetXMLDesc with secure flag",
                ));
            }
            Ok(strdup_c(
                &d.conn.driver.snapshot_xml(&d.domain, &s.name, flags)?,
            ))
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotHasMetadata(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainSnapshotHasMetadata",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            let d = &s.domain;
            Ok(d.conn
                .driver
                .snapshot_has_metadata(&d.domain, &s.name, flags)? as c_int)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotIsCurrent(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainSnapshotIsCurrent",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            let d = &s.domain;
            Ok(d.conn
                .driver
                .snapshot_is_current(&d.domain, &s.name, flags)? as c_int)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotListAllChildren(
    snapshot: virDomainSnapshotPtr,
    snaps: *mut *mut virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainSnapshotListAllChildren",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            clear(snaps);
            let s = cx.domain_snapshot(snapshot)?;
            let d = &s.domain;
            let names = d
                .conn
                .driver
                .snapshot_list_all_children(&d.domain, &s.name, flags)?;
            list_result(snaps, d, names)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotListChildrenNames(
    snapshot: virDomainSnapshotPtr,
    names: *mut *mut c_char,
    nameslen: c_int,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainSnapshotListChildrenNames",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            cx.non_null_array(names, nameslen as i64, "names")?;
            cx.non_negative(nameslen, "nameslen")?;
            let d = &s.domain;
            let found = d.conn.driver.snapshot_list_children_names(
                &d.domain,
                &s.name,
                room(names, nameslen),
                flags,
            )?;
            Ok(fill_names(names, &found))
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotListNames(
    domain: virDomainPtr,
    names: *mut *mut c_char,
    nameslen: c_int,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainSnapshotListNames",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let d = cx.domain(domain)?;
            cx.non_null_array(names, nameslen as i64, "names")?;
            cx.non_negative(nameslen, "nameslen")?;
            let found =
                d.conn
                    .driver
                    .snapshot_list_names(&d.domain, room(names, nameslen), flags)?;
            Ok(fill_names(names, &found))
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotLookupByName(
    domain: virDomainPtr,
    name: *const c_char,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    entry(
        "virDomainSnapshotLookupByName",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let d = cx.domain(domain)?;
            cx.non_null(name, "name")?;
            let name = arg_str(name).unwrap_or_default().into_owned();
            d.conn.driver.snapshot_lookup(&d.domain, &name, flags)?;
            Ok(new_snapshot(&d, name))
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotNum(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainSnapshotNum", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        let d = cx.domain(domain)?;
        d.conn.driver.snapshot_num(&d.domain, flags)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotNumChildren(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainSnapshotNumChildren",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            let s = cx.domain_snapshot(snapshot)?;
            let d = &s.domain;
            d.conn
                .driver
                .snapshot_num_children(&d.domain, &s.name, flags)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotRef(snapshot: virDomainSnapshotPtr) -> c_int {
    entry("virDomainSnapshotRef", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain_snapshot(snapshot)?;
        handles::add_ref(snapshot as usize, Kind::DomainSnapshot);
        Ok(0)
    })
}
