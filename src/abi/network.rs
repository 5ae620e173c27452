//! Entry points of `libvirt-network.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllNetworks(
    conn: virConnectPtr,
    nets: *mut *mut virNetworkPtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllNetworks", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListDefinedNetworks(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virConnectListDefinedNetworks", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListNetworks(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virConnectListNetworks", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNetworkEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    entry(
        "virConnectNetworkEventDeregisterAny",
        VIR_FROM_NETWORK,
        |cx| {
            cx.connect(conn)?;
            cx.non_negative(callbackID, "callbackID")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNetworkEventRegisterAny(
    conn: virConnectPtr,
    net: virNetworkPtr,
    eventID: c_int,
    cb: virConnectNetworkEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    entry(
        "virConnectNetworkEventRegisterAny",
        VIR_FROM_NETWORK,
        |cx| {
            cx.connect(conn)?;
            cx.non_null(cb, "cb")?;
            cx.non_negative(eventID, "eventID")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfDefinedNetworks(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfDefinedNetworks", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfNetworks(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfNetworks", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkCreate(network: virNetworkPtr) -> c_int {
    entry("virNetworkCreate", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNetworkPtr {
    entry("virNetworkCreateXML", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkCreateXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNetworkPtr {
    entry("virNetworkCreateXMLFlags", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkDHCPLeaseFree(lease: virNetworkDHCPLeasePtr) {
    entry("virNetworkDHCPLeaseFree", VIR_FROM_NETWORK, |cx| {
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
) -> virNetworkPtr {
    entry("virNetworkDefineXML", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkDefineXMLFlags(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virNetworkPtr {
    entry("virNetworkDefineXMLFlags", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkDestroy(network: virNetworkPtr) -> c_int {
    entry("virNetworkDestroy", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkFree(network: virNetworkPtr) -> c_int {
    entry("virNetworkFree", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetAutostart(
    network: virNetworkPtr,
    autostart: *mut c_int,
) -> c_int {
    entry("virNetworkGetAutostart", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.non_null(autostart, "autostart")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetBridgeName(network: virNetworkPtr) -> *mut c_char {
    entry("virNetworkGetBridgeName", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetConnect(net: virNetworkPtr) -> virConnectPtr {
    entry("virNetworkGetConnect", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetDHCPLeases(
    network: virNetworkPtr,
    mac: *const c_char,
    leases: *mut *mut virNetworkDHCPLeasePtr,
    flags: c_uint,
) -> c_int {
    entry("virNetworkGetDHCPLeases", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetName(network: virNetworkPtr) -> *const c_char {
    entry("virNetworkGetName", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetUUID(network: virNetworkPtr, uuid: *mut c_uchar) -> c_int {
    entry("virNetworkGetUUID", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetUUIDString(
    network: virNetworkPtr,
    buf: *mut c_char,
) -> c_int {
    entry("virNetworkGetUUIDString", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.non_null(buf, "buf")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetXMLDesc(
    network: virNetworkPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virNetworkGetXMLDesc", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkIsActive(net: virNetworkPtr) -> c_int {
    entry("virNetworkIsActive", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkIsPersistent(net: virNetworkPtr) -> c_int {
    entry("virNetworkIsPersistent", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkListAllPorts(
    network: virNetworkPtr,
    ports: *mut *mut virNetworkPortPtr,
    flags: c_uint,
) -> c_int {
    entry("virNetworkListAllPorts", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNetworkPtr {
    entry("virNetworkLookupByName", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.non_null(name, "name")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virNetworkPtr {
    entry("virNetworkLookupByUUID", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkLookupByUUIDString(
    conn: virConnectPtr,
    uuidstr: *const c_char,
) -> virNetworkPtr {
    entry("virNetworkLookupByUUIDString", VIR_FROM_NETWORK, |cx| {
        cx.connect(conn)?;
        cx.non_null(uuidstr, "uuidstr")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortCreateXML(
    net: virNetworkPtr,
    xmldesc: *const c_char,
    flags: c_uint,
) -> virNetworkPortPtr {
    entry("virNetworkPortCreateXML", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        cx.non_null(xmldesc, "xmldesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortDelete(port: virNetworkPortPtr, flags: c_uint) -> c_int {
    entry("virNetworkPortDelete", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortFree(port: virNetworkPortPtr) -> c_int {
    entry("virNetworkPortFree", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortGetNetwork(port: virNetworkPortPtr) -> virNetworkPtr {
    entry("virNetworkPortGetNetwork", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortGetParameters(
    port: virNetworkPortPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    entry("virNetworkPortGetParameters", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortGetUUID(
    port: virNetworkPortPtr,
    uuid: *mut c_uchar,
) -> c_int {
    entry("virNetworkPortGetUUID", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortGetUUIDString(
    port: virNetworkPortPtr,
    buf: *mut c_char,
) -> c_int {
    entry("virNetworkPortGetUUIDString", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.non_null(buf, "buf")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortGetXMLDesc(
    port: virNetworkPortPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virNetworkPortGetXMLDesc", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortLookupByUUID(
    net: virNetworkPtr,
    uuid: *const c_uchar,
) -> virNetworkPortPtr {
    entry("virNetworkPortLookupByUUID", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortLookupByUUIDString(
    net: virNetworkPtr,
    uuidstr: *const c_char,
) -> virNetworkPortPtr {
    entry("virNetworkPortLookupByUUIDString", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        cx.non_null(uuidstr, "uuidstr")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortRef(port: virNetworkPortPtr) -> c_int {
    entry("virNetworkPortRef", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkPortSetParameters(
    port: virNetworkPortPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    entry("virNetworkPortSetParameters", VIR_FROM_NETWORK, |cx| {
        cx.network_port(port)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkRef(network: virNetworkPtr) -> c_int {
    entry("virNetworkRef", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkSetAutostart(network: virNetworkPtr, autostart: c_int) -> c_int {
    entry("virNetworkSetAutostart", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkUndefine(network: virNetworkPtr) -> c_int {
    entry("virNetworkUndefine", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkUpdate(
    network: virNetworkPtr,
    command: c_uint,
    section: c_uint,
    parentIndex: c_int,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    entry("virNetworkUpdate", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        cx.unsupported()
    })
}
