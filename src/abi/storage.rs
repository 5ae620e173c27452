//! Entry points of `libvirt-storage.h`.

use super::boundary::{entry, Call};
use super::handles::{self, Kind};
use super::objects::{ConnObject, PoolObject, StreamObject, VolObject};
use super::strings::{arg_str, strdup_c};
use super::types::*;
use crate::driver;
use crate::error::{Error, Result};
use crate::storagexml;
use std::ffi::CString;
use std::os::raw::*;
use std::sync::Arc;

/// A C string of `s` (a NUL inside is dropped: names and keys never hold one).
fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

/// A new handle for a pool the driver found; it holds a reference on its connection.
fn new_pool(conn: &Arc<ConnObject>, pool: driver::storage::Pool) -> Result<virStoragePoolPtr> {
    let object = Arc::new(PoolObject {
        conn: conn.clone(),
        c_name: c_string(&pool.name),
        pool,
    });
    let parent = Arc::as_ptr(conn) as usize;
    Ok(handles::register(Kind::StoragePool, object, Some(parent)) as virStoragePoolPtr)
}

/// A new handle for a volume the driver found; it holds a reference on its connection.
fn new_vol(conn: &Arc<ConnObject>, vol: driver::storage::Volume) -> Result<virStorageVolPtr> {
    let object = Arc::new(VolObject {
        conn: conn.clone(),
        c_name: c_string(&vol.name),
        c_key: c_string(&vol.key),
        vol,
    });
    let parent = Arc::as_ptr(conn) as usize;
    Ok(handles::register(Kind::StorageVol, object, Some(parent)) as virStorageVolPtr)
}

/// libvirt's check that a volume's stream belongs to the volume's connection.
fn same_connection(cx: &Call, v: &VolObject, st: &StreamObject) -> Result<()> {
    if Arc::ptr_eq(&v.conn, &st.conn) {
        return Ok(());
    }
    Err(Error::invalid_arg(
        cx.from,
        cx.name,
        "stream",
        &format!(
            "stream in {} must match connection of volume '{}'",
            cx.name, v.vol.name
        ),
    ))
}

/// A NULL-terminated `malloc`ed array of new handles, as the `ListAll` functions return it.
fn handle_array<T>(handles: impl ExactSizeIterator<Item = Result<*mut T>>) -> Result<*mut *mut T> {
    let n = handles.len();
    // SAFETY: room for n pointers and the NULL that ends them
    let array = unsafe { libc::calloc(n + 1, std::mem::size_of::<*mut T>()) } as *mut *mut T;
    if array.is_null() {
        return Err(Error::bare(VIR_FROM_NONE, VIR_ERR_NO_MEMORY));
    }
    for (i, h) in handles.enumerate().take(n) {
        // SAFETY: i < n
        unsafe { *array.add(i) = h? };
    }
    Ok(array)
}

/// Copies `found` into the caller's `names` array (which holds at least `found.len()`).
///
/// # Safety
/// `names` has room for `found.len()` pointers.
unsafe fn copy_names(names: *mut *mut c_char, found: &[String]) -> c_int {
    for (i, name) in found.iter().enumerate() {
        *names.add(i) = strdup_c(name);
    }
    found.len() as c_int
}

fn vol_info(i: driver::storage::VolInfo) -> virStorageVolInfo {
    virStorageVolInfo {
        r#type: i.vol_type,
        capacity: i.capacity,
        allocation: i.allocation,
    }
}

#[no_mangle]
pub unsafe extern "C" fn virConnectFindStoragePoolSources(
    conn: virConnectPtr,
    r#type: *const c_char,
    srcSpec: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    entry("virConnectFindStoragePoolSources", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectGetStoragePoolCapabilities(
    conn: virConnectPtr,
    flags: c_uint,
) -> *mut c_char {
    entry(
        "virConnectGetStoragePoolCapabilities",
        VIR_FROM_STORAGE,
        |cx| {
            cx.connect(conn)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListAllStoragePools(
    conn: virConnectPtr,
    pools: *mut *mut virStoragePoolPtr,
    flags: c_uint,
) -> c_int {
    entry("virConnectListAllStoragePools", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        if let Some(p) = pools.as_mut() {
            *p = std::ptr::null_mut();
        }
        let found = obj.driver.list_all_storage_pools(flags)?;
        let count = found.len() as c_int;
        if let Some(out) = pools.as_mut() {
            *out = handle_array(found.into_iter().map(|p| new_pool(&obj, p)))?;
        }
        Ok(count)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListDefinedStoragePools(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry(
        "virConnectListDefinedStoragePools",
        VIR_FROM_STORAGE,
        |cx| {
            cx.connect(conn)?;
            cx.non_null_array(names, maxnames as i64, "names")?;
            cx.non_negative(maxnames, "maxnames")?;
            // ESX storage pools are always active
            Ok(0)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectListStoragePools(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virConnectListStoragePools", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        let found = obj.driver.list_storage_pools(maxnames.max(0) as usize)?;
        Ok(copy_names(names, &found))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfDefinedStoragePools(conn: virConnectPtr) -> c_int {
    entry(
        "virConnectNumOfDefinedStoragePools",
        VIR_FROM_STORAGE,
        |cx| {
            cx.connect(conn)?;
            Ok(0)
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfStoragePools(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfStoragePools", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        obj.driver.num_of_storage_pools()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectStoragePoolEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    entry(
        "virConnectStoragePoolEventDeregisterAny",
        VIR_FROM_STORAGE,
        |cx| {
            cx.connect(conn)?;
            cx.non_negative(callbackID, "callbackID")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectStoragePoolEventRegisterAny(
    conn: virConnectPtr,
    pool: virStoragePoolPtr,
    eventID: c_int,
    cb: virConnectStoragePoolEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    entry(
        "virConnectStoragePoolEventRegisterAny",
        VIR_FROM_STORAGE,
        |cx| {
            cx.connect(conn)?;
            cx.non_null(cb, "cb")?;
            cx.non_negative(eventID, "eventID")?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolBuild(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    entry("virStoragePoolBuild", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolCreate(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    entry("virStoragePoolCreate", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virStoragePoolPtr {
    entry("virStoragePoolCreateXML", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virStoragePoolPtr {
    entry("virStoragePoolDefineXML", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.read_write()?;
        cx.non_null(xml, "xml")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolDelete(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    entry("virStoragePoolDelete", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolDestroy(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolDestroy", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolFree(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolFree", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        handles::release(pool as usize, Kind::StoragePool);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetAutostart(
    pool: virStoragePoolPtr,
    autostart: *mut c_int,
) -> c_int {
    entry("virStoragePoolGetAutostart", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.non_null(autostart, "autostart")?;
        // ESX storage pools are always active
        *autostart = 1;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetConnect(pool: virStoragePoolPtr) -> virConnectPtr {
    entry("virStoragePoolGetConnect", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        Ok(Arc::as_ptr(&p.conn) as virConnectPtr)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetInfo(
    pool: virStoragePoolPtr,
    info: virStoragePoolInfoPtr,
) -> c_int {
    entry("virStoragePoolGetInfo", VIR_FROM_STORAGE, |cx| {
        if let Some(i) = info.as_mut() {
            *i = std::mem::zeroed();
        }
        let p = cx.storage_pool(pool)?;
        cx.non_null(info, "info")?;
        let i = p.conn.driver.storage_pool_info(&p.pool)?;
        *info = virStoragePoolInfo {
            state: i.state,
            capacity: i.capacity,
            allocation: i.allocation,
            available: i.available,
        };
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetName(pool: virStoragePoolPtr) -> *const c_char {
    entry("virStoragePoolGetName", VIR_FROM_STORAGE, |cx| {
        Ok(cx.storage_pool(pool)?.c_name.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetUUID(
    pool: virStoragePoolPtr,
    uuid: *mut c_uchar,
) -> c_int {
    entry("virStoragePoolGetUUID", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        cx.non_null(uuid, "uuid")?;
        std::ptr::copy_nonoverlapping(p.pool.uuid.as_ptr(), uuid, VIR_UUID_BUFLEN);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetUUIDString(
    pool: virStoragePoolPtr,
    buf: *mut c_char,
) -> c_int {
    entry("virStoragePoolGetUUIDString", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        cx.non_null(buf, "buf")?;
        let text = storagexml::format_uuid(&p.pool.uuid);
        std::ptr::copy_nonoverlapping(text.as_ptr() as *const c_char, buf, text.len());
        *buf.add(text.len()) = 0;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetXMLDesc(
    pool: virStoragePoolPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virStoragePoolGetXMLDesc", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        let xml = p.conn.driver.storage_pool_xml(&p.pool, flags)?;
        Ok(strdup_c(&xml))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolIsActive(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolIsActive", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        Ok(1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolIsPersistent(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolIsPersistent", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        Ok(1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolListAllVolumes(
    pool: virStoragePoolPtr,
    vols: *mut *mut virStorageVolPtr,
    flags: c_uint,
) -> c_int {
    entry("virStoragePoolListAllVolumes", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        let found = p
            .conn
            .driver
            .storage_pool_list_all_volumes(&p.pool, flags)?;
        let count = found.len() as c_int;
        if let Some(out) = vols.as_mut() {
            *out = handle_array(found.into_iter().map(|v| new_vol(&p.conn, v)))?;
        }
        Ok(count)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolListVolumes(
    pool: virStoragePoolPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virStoragePoolListVolumes", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        let found = p
            .conn
            .driver
            .storage_pool_list_volumes(&p.pool, maxnames.max(0) as usize)?;
        Ok(copy_names(names, &found))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByName", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(name, "name")?;
        let name = arg_str(name).unwrap_or_default();
        let p = obj.driver.storage_pool_by_name(&name)?;
        new_pool(&obj, p)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByTargetPath(
    conn: virConnectPtr,
    path: *const c_char,
) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByTargetPath", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.non_null(path, "path")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByUUID", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(uuid, "uuid")?;
        let mut bytes = [0u8; 16];
        std::ptr::copy_nonoverlapping(uuid, bytes.as_mut_ptr(), 16);
        let p = obj.driver.storage_pool_by_uuid(&bytes)?;
        new_pool(&obj, p)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByUUIDString(
    conn: virConnectPtr,
    uuidstr: *const c_char,
) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByUUIDString", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(uuidstr, "uuidstr")?;
        let text = arg_str(uuidstr).unwrap_or_default();
        let Some(bytes) = driver::domain::parse_uuid(&text) else {
            return Err(Error::invalid_arg(
                cx.from,
                cx.name,
                "uuidstr",
                &format!("uuidstr in {} must be a valid UUID", cx.name),
            ));
        };
        let p = obj.driver.storage_pool_by_uuid(&bytes)?;
        new_pool(&obj, p)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByVolume(vol: virStorageVolPtr) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByVolume", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        let p = v.conn.driver.storage_pool_by_volume(&v.vol)?;
        new_pool(&v.conn, p)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolNumOfVolumes(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolNumOfVolumes", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        p.conn.driver.storage_pool_num_of_volumes(&p.pool)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolRef(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolRef", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        handles::add_ref(pool as usize, Kind::StoragePool);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolRefresh(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    entry("virStoragePoolRefresh", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        cx.read_write()?;
        p.conn.driver.storage_pool_refresh(&p.pool, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolSetAutostart(
    pool: virStoragePoolPtr,
    autostart: c_int,
) -> c_int {
    entry("virStoragePoolSetAutostart", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        cx.read_write()?;
        p.conn.driver.storage_pool_set_autostart(autostart != 0)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolUndefine(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolUndefine", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolCreateXML(
    pool: virStoragePoolPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virStorageVolPtr {
    entry("virStorageVolCreateXML", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        let xml = arg_str(xmlDesc).unwrap_or_default();
        let v = p.conn.driver.storage_vol_create_xml(&p.pool, &xml, flags)?;
        new_vol(&p.conn, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolCreateXMLFrom(
    pool: virStoragePoolPtr,
    xmlDesc: *const c_char,
    clonevol: virStorageVolPtr,
    flags: c_uint,
) -> virStorageVolPtr {
    entry("virStorageVolCreateXMLFrom", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        let source = cx.other_storage_vol(clonevol)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        if source.conn.read_only {
            return Err(Error::new(
                cx.from,
                VIR_ERR_OPERATION_DENIED,
                format!("read only access prevents {}", cx.name),
            ));
        }
        let xml = arg_str(xmlDesc).unwrap_or_default();
        let v = p
            .conn
            .driver
            .storage_vol_create_xml_from(&p.pool, &xml, &source.vol, flags)?;
        new_vol(&p.conn, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolDelete(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    entry("virStorageVolDelete", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        cx.read_write()?;
        v.conn.driver.storage_vol_delete(&v.vol, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolDownload(
    vol: virStorageVolPtr,
    stream: virStreamPtr,
    offset: c_ulonglong,
    length: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virStorageVolDownload", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        let st = cx.stream(stream)?;
        cx.read_write()?;
        same_connection(cx, &v, &st)?;
        v.conn
            .driver
            .storage_vol_download(&v.vol, &st.stream, offset, length, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolFree(vol: virStorageVolPtr) -> c_int {
    entry("virStorageVolFree", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        handles::release(vol as usize, Kind::StorageVol);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetConnect(vol: virStorageVolPtr) -> virConnectPtr {
    entry("virStorageVolGetConnect", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        Ok(Arc::as_ptr(&v.conn) as virConnectPtr)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetInfo(
    vol: virStorageVolPtr,
    info: virStorageVolInfoPtr,
) -> c_int {
    entry("virStorageVolGetInfo", VIR_FROM_STORAGE, |cx| {
        if let Some(i) = info.as_mut() {
            *i = std::mem::zeroed();
        }
        let v = cx.storage_vol(vol)?;
        cx.non_null(info, "info")?;
        let i = v.conn.driver.storage_vol_info(&v.vol)?;
        *info = vol_info(i);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetInfoFlags(
    vol: virStorageVolPtr,
    info: virStorageVolInfoPtr,
    flags: c_uint,
) -> c_int {
    entry("virStorageVolGetInfoFlags", VIR_FROM_STORAGE, |cx| {
        if let Some(i) = info.as_mut() {
            *i = std::mem::zeroed();
        }
        let v = cx.storage_vol(vol)?;
        cx.non_null(info, "info")?;
        let i = v.conn.driver.storage_vol_info_flags(&v.vol, flags)?;
        *info = vol_info(i);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetKey(vol: virStorageVolPtr) -> *const c_char {
    entry("virStorageVolGetKey", VIR_FROM_STORAGE, |cx| {
        Ok(cx.storage_vol(vol)?.c_key.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetName(vol: virStorageVolPtr) -> *const c_char {
    entry("virStorageVolGetName", VIR_FROM_STORAGE, |cx| {
        Ok(cx.storage_vol(vol)?.c_name.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetPath(vol: virStorageVolPtr) -> *mut c_char {
    entry("virStorageVolGetPath", VIR_FROM_STORAGE, |cx| {
        Ok(strdup_c(&cx.storage_vol(vol)?.vol.path()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetXMLDesc(
    vol: virStorageVolPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virStorageVolGetXMLDesc", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        let xml = v.conn.driver.storage_vol_xml(&v.vol, flags)?;
        Ok(strdup_c(&xml))
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolLookupByKey(
    conn: virConnectPtr,
    key: *const c_char,
) -> virStorageVolPtr {
    entry("virStorageVolLookupByKey", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(key, "key")?;
        let key = arg_str(key).unwrap_or_default();
        let v = obj.driver.storage_vol_by_key(&key)?;
        new_vol(&obj, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolLookupByName(
    pool: virStoragePoolPtr,
    name: *const c_char,
) -> virStorageVolPtr {
    entry("virStorageVolLookupByName", VIR_FROM_STORAGE, |cx| {
        let p = cx.storage_pool(pool)?;
        cx.non_null(name, "name")?;
        let name = arg_str(name).unwrap_or_default();
        let v = p.conn.driver.storage_vol_by_name(&p.pool, &name)?;
        new_vol(&p.conn, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolLookupByPath(
    conn: virConnectPtr,
    path: *const c_char,
) -> virStorageVolPtr {
    entry("virStorageVolLookupByPath", VIR_FROM_STORAGE, |cx| {
        let obj = cx.connect(conn)?;
        cx.non_null(path, "path")?;
        let path = arg_str(path).unwrap_or_default();
        let v = obj.driver.storage_vol_by_path(&path)?;
        new_vol(&obj, v)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolRef(vol: virStorageVolPtr) -> c_int {
    entry("virStorageVolRef", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        handles::add_ref(vol as usize, Kind::StorageVol);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolResize(
    vol: virStorageVolPtr,
    capacity: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virStorageVolResize", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        cx.read_write()?;
        if capacity == 0
            && flags & (VIR_STORAGE_VOL_RESIZE_DELTA | VIR_STORAGE_VOL_RESIZE_SHRINK) as c_uint == 0
        {
            return Err(Error::invalid_arg(
                cx.from,
                cx.name,
                "capacity",
                &format!(
                    "capacity in {} cannot be zero without 'delta' or 'shrink' flags set",
                    cx.name
                ),
            ));
        }
        v.conn.driver.storage_vol_resize(&v.vol, capacity, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolUpload(
    vol: virStorageVolPtr,
    stream: virStreamPtr,
    offset: c_ulonglong,
    length: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virStorageVolUpload", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        let st = cx.stream(stream)?;
        cx.read_write()?;
        same_connection(cx, &v, &st)?;
        v.conn
            .driver
            .storage_vol_upload(&v.vol, &st.stream, offset, length, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolWipe(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    entry("virStorageVolWipe", VIR_FROM_STORAGE, |cx| {
        let v = cx.storage_vol(vol)?;
        cx.read_write()?;
        v.conn.driver.storage_vol_wipe(&v.vol, flags)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolWipePattern(
    vol: virStorageVolPtr,
    algorithm: c_uint,
    flags: c_uint,
) -> c_int {
    entry("virStorageVolWipePattern", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.read_write()?;
        cx.unsupported()
    })
}
