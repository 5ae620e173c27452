//! Entry points of `libvirt-interface.h`.

use super::boundary::entry;
use super::handles::{self, Kind};
use super::objects::{ConnObject, InterfaceObject};
use super::strings::{arg_str, fill_names, handle_array, strdup_c};
use super::types::*;
use crate::driver;
use crate::error::Result;
use std::ffi::CString;
use std::os::raw::*;
use std::sync::Arc;

/// A new handle for an interface the driver found; it holds a reference on its connection.
fn new_interface(
    conn: &Arc<ConnObject>,
    iface: driver::interface::Interface,
) -> Result<virInterfacePtr> {
    let c_str = |s: &str| CString::new(s.replace('\0', "")).unwrap_or_default();
    let object = Arc::new(InterfaceObject {
        conn: conn.clone(),
        c_name: c_str(&iface.name),
        c_mac: c_str(&iface.mac),
        iface,
    });
    let parent = Arc::as_ptr(conn) as usize;
    Ok(handles::register(Kind::Interface, object, Some(parent)) as virInterfacePtr)
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllInterfaces(
    conn: virConnectPtr,
    ifaces: *mut *mut virInterfacePtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllInterfaces", VIR_FROM_INTERFACE, |cx| {
        if let Some(i) = ifaces.as_mut() {
            *i = std::ptr::null_mut();
        }
        let obj = cx.connect(conn)?;
        // beyond libvirt's ESX driver, which lacks it
        let found = obj.driver.list_all_interfaces(flags)?;
        let count = found.len() as c_int;
        if let Some(out) = ifaces.as_mut() {
            *out = handle_array(found, |i| new_interface(&obj, i))?;
        }
        Ok(count)
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
            // ESX interfaces are always active
            Ok(0)
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
        let obj = cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        if maxnames == 0 {
            return Ok(0);
        }
        Ok(fill_names(names, maxnames, &obj.driver.interface_names()?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfDefinedInterfaces(conn: virConnectPtr) -> c_int {
    entry(
        "virConnectNumOfDefinedInterfaces",
        VIR_FROM_INTERFACE,
        |cx| {
            cx.connect(conn)?;
            Ok(0)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfInterfaces(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfInterfaces", VIR_FROM_INTERFACE, |cx| {
        let obj = cx.connect(conn)?;
        Ok(obj.driver.interface_names()?.len() as c_int)
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
        handles::release(iface as usize, Kind::Interface);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetConnect(iface: virInterfacePtr) -> virConnectPtr {
    entry("virInterfaceGetConnect", VIR_FROM_INTERFACE, |cx| {
        let i = cx.interface(iface)?;
        Ok(Arc::as_ptr(&i.conn) as virConnectPtr)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetMACString(iface: virInterfacePtr) -> *const c_char {
    entry("virInterfaceGetMACString", VIR_FROM_INTERFACE, |cx| {
        Ok(cx.interface(iface)?.c_mac.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetName(iface: virInterfacePtr) -> *const c_char {
    entry("virInterfaceGetName", VIR_FROM_INTERFACE, |cx| {
        Ok(cx.interface(iface)?.c_name.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceGetXMLDesc(
    iface: virInterfacePtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virInterfaceGetXMLDesc", VIR_FROM_INTERFACE, |cx| {
        let i = cx.interface(iface)?;
        Ok(strdup_c(&i.conn.driver.interface_xml(&i.iface, flags)?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceIsActive(iface: virInterfacePtr) -> c_int {
    entry("virInterfaceIsActive", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        Ok(1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceLookupByMACString(
    conn: virConnectPtr,
    macstr: *const c_char,
) -> virInterfacePtr {
    entry("virInterfaceLookupByMACString", VIR_FROM_INTERFACE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(macstr, "macstr")?;
        let mac = arg_str(macstr).unwrap_or_default();
        new_interface(&obj, obj.driver.interface_lookup_by_mac(&mac)?)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virInterfacePtr {
    entry("virInterfaceLookupByName", VIR_FROM_INTERFACE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(name, "name")?;
        // by name (libvirt 9.0's ESX driver looks the name up as a MAC address)
        let name = arg_str(name).unwrap_or_default();
        new_interface(&obj, obj.driver.interface_lookup_by_name(&name)?)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virInterfaceRef(iface: virInterfacePtr) -> c_int {
    entry("virInterfaceRef", VIR_FROM_INTERFACE, |cx| {
        cx.interface(iface)?;
        handles::add_ref(iface as usize, Kind::Interface);
        Ok(0)
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
