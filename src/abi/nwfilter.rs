//! Entry points of `libvirt-nwfilter.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllNWFilterBindings(
    conn: virConnectPtr,
    bindings: *mut *mut virNWFilterBindingPtr,
    flags: c_uint,
) -> c_int {
    entry(
        "virConnectListAllNWFilterBindings",
        VIR_FROM_NWFILTER,
        |cx| {
            cx.connect(conn)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllNWFilters(
    conn: virConnectPtr,
    filters: *mut *mut virNWFilterPtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllNWFilters", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListNWFilters(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virConnectListNWFilters", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfNWFilters(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfNWFilters", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingCreateXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virNWFilterBindingPtr {
    entry("virNWFilterBindingCreateXML", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.non_null(xml, "xml")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingDelete(binding: virNWFilterBindingPtr) -> c_int {
    entry("virNWFilterBindingDelete", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter_binding(binding)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingFree(binding: virNWFilterBindingPtr) -> c_int {
    entry("virNWFilterBindingFree", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter_binding(binding)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingGetFilterName(
    binding: virNWFilterBindingPtr,
) -> *const c_char {
    entry("virNWFilterBindingGetFilterName", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter_binding(binding)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingGetPortDev(
    binding: virNWFilterBindingPtr,
) -> *const c_char {
    entry("virNWFilterBindingGetPortDev", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter_binding(binding)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingGetXMLDesc(
    binding: virNWFilterBindingPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virNWFilterBindingGetXMLDesc", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter_binding(binding)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingLookupByPortDev(
    conn: virConnectPtr,
    portdev: *const c_char,
) -> virNWFilterBindingPtr {
    entry(
        "virNWFilterBindingLookupByPortDev",
        VIR_FROM_NWFILTER,
        |cx| {
            cx.connect(conn)?;
            cx.non_null(portdev, "portdev")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterBindingRef(binding: virNWFilterBindingPtr) -> c_int {
    entry("virNWFilterBindingRef", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter_binding(binding)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNWFilterPtr {
    entry("virNWFilterDefineXML", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterDefineXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNWFilterPtr {
    entry("virNWFilterDefineXMLFlags", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterFree(nwfilter: virNWFilterPtr) -> c_int {
    entry("virNWFilterFree", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter(nwfilter)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterGetName(nwfilter: virNWFilterPtr) -> *const c_char {
    entry("virNWFilterGetName", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter(nwfilter)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterGetUUID(nwfilter: virNWFilterPtr, uuid: *mut c_uchar) -> c_int {
    entry("virNWFilterGetUUID", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter(nwfilter)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterGetUUIDString(
    nwfilter: virNWFilterPtr,
    buf: *mut c_char,
) -> c_int {
    entry("virNWFilterGetUUIDString", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter(nwfilter)?;
        cx.non_null(buf, "buf")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterGetXMLDesc(
    nwfilter: virNWFilterPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virNWFilterGetXMLDesc", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter(nwfilter)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNWFilterPtr {
    entry("virNWFilterLookupByName", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.non_null(name, "name")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virNWFilterPtr {
    entry("virNWFilterLookupByUUID", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterLookupByUUIDString(
    conn: virConnectPtr,
    uuidstr: *const c_char,
) -> virNWFilterPtr {
    entry("virNWFilterLookupByUUIDString", VIR_FROM_NWFILTER, |cx| {
        cx.connect(conn)?;
        cx.non_null(uuidstr, "uuidstr")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterRef(nwfilter: virNWFilterPtr) -> c_int {
    entry("virNWFilterRef", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter(nwfilter)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNWFilterUndefine(nwfilter: virNWFilterPtr) -> c_int {
    entry("virNWFilterUndefine", VIR_FROM_NWFILTER, |cx| {
        cx.nwfilter(nwfilter)?;
        cx.read_write()?;
        cx.unsupported()
    })
}
