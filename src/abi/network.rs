//! Entry points of `libvirt-network.h`.

use super::boundary::entry;
use super::handles::{self, Kind};
use super::objects::{ConnObject, NetworkObject};
use super::strings::{arg_str, fill_names, free_c, handle_array, strdup_c};
use super::types::*;
use crate::driver;
use crate::error::{Error, Result};
use std::ffi::CString;
use std::os::raw::*;
use std::sync::Arc;

/// A new handle for a network the driver found; it holds a reference on its connection.
fn new_network(conn: &Arc<ConnObject>, network: driver::network::Network) -> Result<virNetworkPtr> {
    let c_name = CString::new(network.name.replace('\0', "")).unwrap_or_default();
    let object = Arc::new(NetworkObject {
        conn: conn.clone(),
        network,
        c_name,
    });
    let parent = Arc::as_ptr(conn) as usize;
    Ok(handles::register(Kind::Network, object, Some(parent)) as virNetworkPtr)
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllNetworks(
    conn: virConnectPtr,
    nets: *mut *mut virNetworkPtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllNetworks", VIR_FROM_NETWORK, |cx| {
        if let Some(n) = nets.as_mut() {
            *n = std::ptr::null_mut();
        }
        let obj = cx.connect(conn)?;
        let found = obj.driver.list_all_networks(flags)?;
        let count = found.len() as c_int;
        if let Some(out) = nets.as_mut() {
            *out = handle_array(found, |n| new_network(&obj, n))?;
        }
        Ok(count)
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
        // ESX networks are always active
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListNetworks(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virConnectListNetworks", VIR_FROM_NETWORK, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        if maxnames == 0 {
            return Ok(0);
        }
        Ok(fill_names(names, maxnames, &obj.driver.network_names()?))
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
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfNetworks(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfNetworks", VIR_FROM_NETWORK, |cx| {
        let obj = cx.connect(conn)?;
        Ok(obj.driver.network_names()?.len() as c_int)
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
        let _ = cx;
        if let Some(l) = lease.as_mut() {
            for p in [l.iface, l.mac, l.iaid, l.ipaddr, l.hostname, l.clientid] {
                free_c(p);
            }
            libc::free((lease as *mut virNetworkDHCPLease).cast());
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
) -> virNetworkPtr {
    entry("virNetworkDefineXML", VIR_FROM_NETWORK, |cx| {
        let obj = cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        let xml = arg_str(xml).unwrap_or_default();
        new_network(&obj, obj.driver.network_define(&xml, 0)?)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkDefineXMLFlags(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virNetworkPtr {
    entry("virNetworkDefineXMLFlags", VIR_FROM_NETWORK, |cx| {
        let obj = cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        let xml = arg_str(xml).unwrap_or_default();
        new_network(&obj, obj.driver.network_define(&xml, flags)?)
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
        handles::release(network as usize, Kind::Network);
        Ok(0)
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
        // ESX networks are always active
        *autostart = 1;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetBridgeName(network: virNetworkPtr) -> *mut c_char {
    entry("virNetworkGetBridgeName", VIR_FROM_NETWORK, |cx| {
        // beyond libvirt's ESX driver: a network is a virtual switch, its bridge
        let n = cx.network(network)?;
        Ok(strdup_c(&n.network.name))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetConnect(net: virNetworkPtr) -> virConnectPtr {
    entry("virNetworkGetConnect", VIR_FROM_NETWORK, |cx| {
        let n = cx.network(net)?;
        Ok(Arc::as_ptr(&n.conn) as virConnectPtr)
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
        Ok(cx.network(network)?.c_name.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetUUID(network: virNetworkPtr, uuid: *mut c_uchar) -> c_int {
    entry("virNetworkGetUUID", VIR_FROM_NETWORK, |cx| {
        let n = cx.network(network)?;
        cx.non_null(uuid, "uuid")?;
        std::ptr::copy_nonoverlapping(n.network.uuid.as_ptr(), uuid, VIR_UUID_BUFLEN);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetUUIDString(
    network: virNetworkPtr,
    buf: *mut c_char,
) -> c_int {
    entry("virNetworkGetUUIDString", VIR_FROM_NETWORK, |cx| {
        let n = cx.network(network)?;
        cx.non_null(buf, "buf")?;
        let text = driver::domain::format_uuid(&n.network.uuid);
        std::ptr::copy_nonoverlapping(text.as_ptr() as *const c_char, buf, text.len());
        *buf.add(text.len()) = 0;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkGetXMLDesc(
    network: virNetworkPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virNetworkGetXMLDesc", VIR_FROM_NETWORK, |cx| {
        let n = cx.network(network)?;
        Ok(strdup_c(&n.conn.driver.network_xml(&n.network)?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkIsActive(net: virNetworkPtr) -> c_int {
    entry("virNetworkIsActive", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        Ok(1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkIsPersistent(net: virNetworkPtr) -> c_int {
    entry("virNetworkIsPersistent", VIR_FROM_NETWORK, |cx| {
        cx.network(net)?;
        Ok(1)
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
        let obj = cx.connect(conn)?;
        cx.non_null(name, "name")?;
        let name = arg_str(name).unwrap_or_default();
        new_network(&obj, obj.driver.network_lookup_by_name(&name)?)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virNetworkPtr {
    entry("virNetworkLookupByUUID", VIR_FROM_NETWORK, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(uuid, "uuid")?;
        let mut bytes = [0u8; 16];
        std::ptr::copy_nonoverlapping(uuid, bytes.as_mut_ptr(), 16);
        new_network(&obj, obj.driver.network_lookup_by_uuid(&bytes)?)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkLookupByUUIDString(
    conn: virConnectPtr,
    uuidstr: *const c_char,
) -> virNetworkPtr {
    entry("virNetworkLookupByUUIDString", VIR_FROM_NETWORK, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(uuidstr, "uuidstr")?;
        let text = arg_str(uuidstr).unwrap_or_default();
        let Some(bytes) = crate::domxml::uuid_parse(&text) else {
            return Err(Error::invalid_arg(
                cx.from,
                cx.name,
                "uuidstr",
                &format!("uuidstr in {} must be a valid UUID", cx.name),
            ));
        };
        new_network(&obj, obj.driver.network_lookup_by_uuid(&bytes)?)
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
        handles::add_ref(network as usize, Kind::Network);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkSetAutostart(network: virNetworkPtr, autostart: c_int) -> c_int {
    entry("virNetworkSetAutostart", VIR_FROM_NETWORK, |cx| {
        cx.network(network)?;
        cx.read_write()?;
        // accepted on, refused off: ESX networks are always active
        if autostart == 0 {
            return Err(Error::internal("Cannot deactivate network autostart"));
        }
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virNetworkUndefine(network: virNetworkPtr) -> c_int {
    entry("virNetworkUndefine", VIR_FROM_NETWORK, |cx| {
        let n = cx.network(network)?;
        cx.read_write()?;
        n.conn.driver.network_undefine(&n.network)?;
        Ok(0)
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
