//! Entry points of `libvirt-nodedev.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllNodeDevices(
    conn: virConnectPtr,
    devices: *mut *mut virNodeDevicePtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllNodeDevices", VIR_FROM_NODEDEV, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNodeDeviceEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    entry(
        "virConnectNodeDeviceEventDeregisterAny",
        VIR_FROM_NODEDEV,
        |cx| {
            cx.connect(conn)?;
            cx.non_negative(callbackID, "callbackID")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNodeDeviceEventRegisterAny(
    conn: virConnectPtr,
    dev: virNodeDevicePtr,
    eventID: c_int,
    cb: virConnectNodeDeviceEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    entry(
        "virConnectNodeDeviceEventRegisterAny",
        VIR_FROM_NODEDEV,
        |cx| {
            cx.connect(conn)?;
            cx.non_null(cb, "cb")?;
            cx.non_negative(eventID, "eventID")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceCreate(dev: virNodeDevicePtr, flags: c_uint) -> c_int {
    entry("virNodeDeviceCreate", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    entry("virNodeDeviceCreateXML", VIR_FROM_NODEDEV, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    entry("virNodeDeviceDefineXML", VIR_FROM_NODEDEV, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceDestroy(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceDestroy", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceDetachFlags(
    dev: virNodeDevicePtr,
    driverName: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virNodeDeviceDetachFlags", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceDettach(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceDettach", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceFree(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceFree", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceGetAutostart(
    dev: virNodeDevicePtr,
    autostart: *mut c_int,
) -> c_int {
    entry("virNodeDeviceGetAutostart", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceGetName(dev: virNodeDevicePtr) -> *const c_char {
    entry("virNodeDeviceGetName", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceGetParent(dev: virNodeDevicePtr) -> *const c_char {
    entry("virNodeDeviceGetParent", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceGetXMLDesc(
    dev: virNodeDevicePtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virNodeDeviceGetXMLDesc", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceIsActive(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceIsActive", VIR_FROM_NODEDEV, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceIsPersistent(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceIsPersistent", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceListCaps(
    dev: virNodeDevicePtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virNodeDeviceListCaps", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNodeDevicePtr {
    entry("virNodeDeviceLookupByName", VIR_FROM_NODEDEV, |cx| {
        cx.connect(conn)?;
        cx.non_null(name, "name")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceLookupSCSIHostByWWN(
    conn: virConnectPtr,
    wwnn: *const c_char,
    wwpn: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    entry("virNodeDeviceLookupSCSIHostByWWN", VIR_FROM_NODEDEV, |cx| {
        cx.connect(conn)?;
        cx.non_null(wwnn, "wwnn")?;
        cx.non_null(wwpn, "wwpn")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceNumOfCaps(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceNumOfCaps", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceReAttach(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceReAttach", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceRef(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceRef", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceReset(dev: virNodeDevicePtr) -> c_int {
    entry("virNodeDeviceReset", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceSetAutostart(
    dev: virNodeDevicePtr,
    autostart: c_int,
) -> c_int {
    entry("virNodeDeviceSetAutostart", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeDeviceUndefine(dev: virNodeDevicePtr, flags: c_uint) -> c_int {
    entry("virNodeDeviceUndefine", VIR_FROM_NODEDEV, |cx| {
        cx.node_device(dev)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeListDevices(
    conn: virConnectPtr,
    cap: *const c_char,
    names: *mut *mut c_char,
    maxnames: c_int,
    flags: c_uint,
) -> c_int {
    entry("virNodeListDevices", VIR_FROM_NODEDEV, |cx| {
        cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNodeNumOfDevices(
    conn: virConnectPtr,
    cap: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virNodeNumOfDevices", VIR_FROM_NODEDEV, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}
