//! Entry points of `libvirt-secret.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllSecrets(
    conn: virConnectPtr,
    secrets: *mut *mut virSecretPtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllSecrets", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListSecrets(
    conn: virConnectPtr,
    uuids: *mut *mut c_char,
    maxuuids: c_int,
) -> c_int {
    entry("virConnectListSecrets", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.non_null_array(uuids, maxuuids as i64, "uuids")?;
        cx.non_negative(maxuuids, "maxuuids")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfSecrets(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfSecrets", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectSecretEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    entry(
        "virConnectSecretEventDeregisterAny",
        VIR_FROM_SECRET,
        |cx| {
            cx.connect(conn)?;
            cx.non_negative(callbackID, "callbackID")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectSecretEventRegisterAny(
    conn: virConnectPtr,
    secret: virSecretPtr,
    eventID: c_int,
    cb: virConnectSecretEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    entry("virConnectSecretEventRegisterAny", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.non_null(cb, "cb")?;
        cx.non_negative(eventID, "eventID")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virSecretPtr {
    entry("virSecretDefineXML", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretFree(secret: virSecretPtr) -> c_int {
    entry("virSecretFree", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretGetConnect(secret: virSecretPtr) -> virConnectPtr {
    entry("virSecretGetConnect", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretGetUUID(secret: virSecretPtr, uuid: *mut c_uchar) -> c_int {
    entry("virSecretGetUUID", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretGetUUIDString(secret: virSecretPtr, buf: *mut c_char) -> c_int {
    entry("virSecretGetUUIDString", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.non_null(buf, "buf")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretGetUsageID(secret: virSecretPtr) -> *const c_char {
    entry("virSecretGetUsageID", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretGetUsageType(secret: virSecretPtr) -> c_int {
    entry("virSecretGetUsageType", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretGetValue(
    secret: virSecretPtr,
    value_size: *mut usize,
    flags: c_uint,
) -> *mut c_uchar {
    entry("virSecretGetValue", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.read_write()?;
        cx.non_null(value_size, "value_size")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretGetXMLDesc(secret: virSecretPtr, flags: c_uint) -> *mut c_char {
    entry("virSecretGetXMLDesc", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virSecretPtr {
    entry("virSecretLookupByUUID", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretLookupByUUIDString(
    conn: virConnectPtr,
    uuidstr: *const c_char,
) -> virSecretPtr {
    entry("virSecretLookupByUUIDString", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.non_null(uuidstr, "uuidstr")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretLookupByUsage(
    conn: virConnectPtr,
    usageType: c_int,
    usageID: *const c_char,
) -> virSecretPtr {
    entry("virSecretLookupByUsage", VIR_FROM_SECRET, |cx| {
        cx.connect(conn)?;
        cx.non_null(usageID, "usageID")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretRef(secret: virSecretPtr) -> c_int {
    entry("virSecretRef", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretSetValue(
    secret: virSecretPtr,
    value: *const c_uchar,
    value_size: usize,
    flags: c_uint,
) -> c_int {
    entry("virSecretSetValue", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.read_write()?;
        cx.non_null(value, "value")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virSecretUndefine(secret: virSecretPtr) -> c_int {
    entry("virSecretUndefine", VIR_FROM_SECRET, |cx| {
        cx.secret(secret)?;
        cx.read_write()?;
        cx.unsupported()
    })
}
