//! Entry points of `libvirt-domain-checkpoint.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointCreateXML(
    domain: virDomainPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    entry(
        "virDomainCheckpointCreateXML",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain(domain)?;
            cx.non_null(xmlDesc, "xmlDesc")?;
            cx.read_write()?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointDelete(
    checkpoint: virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainCheckpointDelete",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.read_write()?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointFree(checkpoint: virDomainCheckpointPtr) -> c_int {
    entry(
        "virDomainCheckpointFree",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointGetConnect(
    checkpoint: virDomainCheckpointPtr,
) -> virConnectPtr {
    entry(
        "virDomainCheckpointGetConnect",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointGetDomain(
    checkpoint: virDomainCheckpointPtr,
) -> virDomainPtr {
    entry(
        "virDomainCheckpointGetDomain",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointGetName(
    checkpoint: virDomainCheckpointPtr,
) -> *const c_char {
    entry(
        "virDomainCheckpointGetName",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointGetParent(
    checkpoint: virDomainCheckpointPtr,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    entry(
        "virDomainCheckpointGetParent",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointGetXMLDesc(
    checkpoint: virDomainCheckpointPtr,
    flags: c_uint,
) -> *mut c_char {
    entry(
        "virDomainCheckpointGetXMLDesc",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointListAllChildren(
    checkpoint: virDomainCheckpointPtr,
    children: *mut *mut virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainCheckpointListAllChildren",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain_checkpoint(checkpoint)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointLookupByName(
    domain: virDomainPtr,
    name: *const c_char,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    entry(
        "virDomainCheckpointLookupByName",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain(domain)?;
            cx.non_null(name, "name")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virDomainCheckpointRef(checkpoint: virDomainCheckpointPtr) -> c_int {
    entry("virDomainCheckpointRef", VIR_FROM_DOMAIN_CHECKPOINT, |cx| {
        cx.domain_checkpoint(checkpoint)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virDomainListAllCheckpoints(
    domain: virDomainPtr,
    checkpoints: *mut *mut virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virDomainListAllCheckpoints",
        VIR_FROM_DOMAIN_CHECKPOINT,
        |cx| {
            cx.domain(domain)?;
            cx.unsupported()
        },
    )
}
