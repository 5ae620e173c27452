//! Entry points of `libvirt-storage.h`.

use super::boundary::entry;
use super::types::*;
use std::os::raw::*;

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
        cx.connect(conn)?;
        cx.unsupported()
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
            cx.unsupported()
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
        cx.connect(conn)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfDefinedStoragePools(conn: virConnectPtr) -> c_int {
    entry(
        "virConnectNumOfDefinedStoragePools",
        VIR_FROM_STORAGE,
        |cx| {
            cx.connect(conn)?;
            cx.unsupported()
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn virConnectNumOfStoragePools(conn: virConnectPtr) -> c_int {
    entry("virConnectNumOfStoragePools", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.unsupported()
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
        cx.unsupported()
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
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetConnect(pool: virStoragePoolPtr) -> virConnectPtr {
    entry("virStoragePoolGetConnect", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetInfo(
    pool: virStoragePoolPtr,
    info: virStoragePoolInfoPtr,
) -> c_int {
    entry("virStoragePoolGetInfo", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetName(pool: virStoragePoolPtr) -> *const c_char {
    entry("virStoragePoolGetName", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetUUID(
    pool: virStoragePoolPtr,
    uuid: *mut c_uchar,
) -> c_int {
    entry("virStoragePoolGetUUID", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetUUIDString(
    pool: virStoragePoolPtr,
    buf: *mut c_char,
) -> c_int {
    entry("virStoragePoolGetUUIDString", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.non_null(buf, "buf")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolGetXMLDesc(
    pool: virStoragePoolPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virStoragePoolGetXMLDesc", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolIsActive(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolIsActive", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolIsPersistent(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolIsPersistent", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolListAllVolumes(
    pool: virStoragePoolPtr,
    vols: *mut *mut virStorageVolPtr,
    flags: c_uint,
) -> c_int {
    entry("virStoragePoolListAllVolumes", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolListVolumes(
    pool: virStoragePoolPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    entry("virStoragePoolListVolumes", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.non_null_array(names, maxnames as i64, "names")?;
        cx.non_negative(maxnames, "maxnames")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByName", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.non_null(name, "name")?;
        cx.unsupported()
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
        cx.connect(conn)?;
        cx.non_null(uuid, "uuid")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByUUIDString(
    conn: virConnectPtr,
    uuidstr: *const c_char,
) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByUUIDString", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.non_null(uuidstr, "uuidstr")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolLookupByVolume(vol: virStorageVolPtr) -> virStoragePoolPtr {
    entry("virStoragePoolLookupByVolume", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolNumOfVolumes(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolNumOfVolumes", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolRef(pool: virStoragePoolPtr) -> c_int {
    entry("virStoragePoolRef", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolRefresh(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    entry("virStoragePoolRefresh", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStoragePoolSetAutostart(
    pool: virStoragePoolPtr,
    autostart: c_int,
) -> c_int {
    entry("virStoragePoolSetAutostart", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.read_write()?;
        cx.unsupported()
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
        cx.storage_pool(pool)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
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
        cx.storage_pool(pool)?;
        cx.storage_vol(clonevol)?;
        cx.non_null(xmlDesc, "xmlDesc")?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolDelete(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    entry("virStorageVolDelete", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.read_write()?;
        cx.unsupported()
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
        cx.storage_vol(vol)?;
        cx.stream(stream)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolFree(vol: virStorageVolPtr) -> c_int {
    entry("virStorageVolFree", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetConnect(vol: virStorageVolPtr) -> virConnectPtr {
    entry("virStorageVolGetConnect", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetInfo(
    vol: virStorageVolPtr,
    info: virStorageVolInfoPtr,
) -> c_int {
    entry("virStorageVolGetInfo", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetInfoFlags(
    vol: virStorageVolPtr,
    info: virStorageVolInfoPtr,
    flags: c_uint,
) -> c_int {
    entry("virStorageVolGetInfoFlags", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.non_null(info, "info")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetKey(vol: virStorageVolPtr) -> *const c_char {
    entry("virStorageVolGetKey", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetName(vol: virStorageVolPtr) -> *const c_char {
    entry("virStorageVolGetName", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetPath(vol: virStorageVolPtr) -> *mut c_char {
    entry("virStorageVolGetPath", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolGetXMLDesc(
    vol: virStorageVolPtr,
    flags: c_uint,
) -> *mut c_char {
    entry("virStorageVolGetXMLDesc", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolLookupByKey(
    conn: virConnectPtr,
    key: *const c_char,
) -> virStorageVolPtr {
    entry("virStorageVolLookupByKey", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.non_null(key, "key")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolLookupByName(
    pool: virStoragePoolPtr,
    name: *const c_char,
) -> virStorageVolPtr {
    entry("virStorageVolLookupByName", VIR_FROM_STORAGE, |cx| {
        cx.storage_pool(pool)?;
        cx.non_null(name, "name")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolLookupByPath(
    conn: virConnectPtr,
    path: *const c_char,
) -> virStorageVolPtr {
    entry("virStorageVolLookupByPath", VIR_FROM_STORAGE, |cx| {
        cx.connect(conn)?;
        cx.non_null(path, "path")?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolRef(vol: virStorageVolPtr) -> c_int {
    entry("virStorageVolRef", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolResize(
    vol: virStorageVolPtr,
    capacity: c_ulonglong,
    flags: c_uint,
) -> c_int {
    entry("virStorageVolResize", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.read_write()?;
        cx.unsupported()
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
        cx.storage_vol(vol)?;
        cx.stream(stream)?;
        cx.read_write()?;
        cx.unsupported()
    })
}

#[no_mangle]
pub unsafe extern "C" fn virStorageVolWipe(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    entry("virStorageVolWipe", VIR_FROM_STORAGE, |cx| {
        cx.storage_vol(vol)?;
        cx.read_write()?;
        cx.unsupported()
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
