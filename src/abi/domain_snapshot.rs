//! Entry points of `libvirt-domain-snapshot.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virDomainHasCurrentSnapshot(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry(
        "virDomainHasCurrentSnapshot",
        VIR_FROM_DOMAIN_SNAPSHOT,
        |cx| {
            cx.domain(domain)?;
            cx.unsupported()
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
            cx.domain(domain)?;
            cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.read_write()?;
            cx.unsupported()
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
            cx.domain(domain)?;
            cx.non_null(xmlDesc, "xmlDesc")?;
            cx.read_write()?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotCurrent(
    domain: virDomainPtr,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    entry("virDomainSnapshotCurrent", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotDelete(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    entry("virDomainSnapshotDelete", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain_snapshot(snapshot)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotFree(snapshot: virDomainSnapshotPtr) -> c_int {
    entry("virDomainSnapshotFree", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain_snapshot(snapshot)?;
        cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotGetName(snapshot: virDomainSnapshotPtr) -> *const c_char {
    entry("virDomainSnapshotGetName", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain_snapshot(snapshot)?;
        cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.non_null_array(names, nameslen as i64, "names")?;
            cx.non_negative(nameslen, "nameslen")?;
            cx.unsupported()
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
            cx.domain(domain)?;
            cx.non_null_array(names, nameslen as i64, "names")?;
            cx.non_negative(nameslen, "nameslen")?;
            cx.unsupported()
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
            cx.domain(domain)?;
            cx.non_null(name, "name")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotNum(domain: virDomainPtr, flags: c_uint) -> c_int {
    entry("virDomainSnapshotNum", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain(domain)?;
        cx.unsupported()
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
            cx.domain_snapshot(snapshot)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainSnapshotRef(snapshot: virDomainSnapshotPtr) -> c_int {
    entry("virDomainSnapshotRef", VIR_FROM_DOMAIN_SNAPSHOT, |cx| {
        cx.domain_snapshot(snapshot)?;
        cx.unsupported()
    })
}
