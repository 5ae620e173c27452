//! Entry points of `libvirt-interface.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllInterfaces(
    conn: virConnectPtr,
    ifaces: *mut *mut virInterfacePtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllInterfaces", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListDefinedInterfaces(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry(
        "virConnectListDefinedInterfaces",
        VIR_FROM_INTERFACE,
        |cx| {
            cx.connect(conn)?;
            cx.non_null_array(names, maxnames as i64, "names")?;
            cx.non_negative(maxnames, "maxnames")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListInterfaces(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virConnectListInterfaces", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfDefinedInterfaces(conn: virConnectPtr) -> c_int {
    entry(
        "virConnectNumOfDefinedInterfaces",
        VIR_FROM_INTERFACE,
        |cx| {
            cx.connect(conn)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfInterfaces(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfInterfaces", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceChangeBegin(conn: virConnectPtr, flags: c_uint) -> c_int {
    entry("virInterfaceChangeBegin", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceChangeCommit(conn: virConnectPtr, flags: c_uint) -> c_int {
    entry("virInterfaceChangeCommit", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceChangeRollback(conn: virConnectPtr, flags: c_uint) -> c_int {
    entry("virInterfaceChangeRollback", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceCreate(iface: virInterfacePtr, flags: c_uint) -> c_int {
    entry("virInterfaceCreate", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virInterfacePtr {
    entry("virInterfaceDefineXML", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceDestroy(iface: virInterfacePtr, flags: c_uint) -> c_int {
    entry("virInterfaceDestroy", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceFree(iface: virInterfacePtr) -> c_int {
    entry("virInterfaceFree", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetConnect(iface: virInterfacePtr) -> virConnectPtr {
    entry("virInterfaceGetConnect", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetMACString(iface: virInterfacePtr) -> *const c_char {
    entry("virInterfaceGetMACString", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetName(iface: virInterfacePtr) -> *const c_char {
    entry("virInterfaceGetName", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetXMLDesc(
    iface: virInterfacePtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virInterfaceGetXMLDesc", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceIsActive(iface: virInterfacePtr) -> c_int {
    entry("virInterfaceIsActive", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceLookupByMACString(
    conn: virConnectPtr,
    macstr: *const c_char,
) -> virInterfacePtr {
    entry("virInterfaceLookupByMACString", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.non_null(macstr, "macstr")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virInterfacePtr {
    entry("virInterfaceLookupByName", VIR_FROM_INTERFACE, |cx| {
        cx.connect(conn)?;
        cx.non_null(name, "name")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceRef(iface: virInterfacePtr) -> c_int {
    entry("virInterfaceRef", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceUndefine(iface: virInterfacePtr) -> c_int {
    entry("virInterfaceUndefine", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        cx.read_write()?;
        cx.unsupported()
    })
}
