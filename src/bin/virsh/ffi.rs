//! The C functions virsh calls: our library's libvirt ABI, declared as a C program sees it.

// The handle types are opaque: virsh only passes their pointers back to the library.
#![allow(improper_ctypes)]

use std::os::raw::*;
use virt::abi::types::*;

extern "C" {
    pub fn virConnectOpenAuth(
        name: *const c_char,
        auth: virConnectAuthPtr,
        flags: c_uint,
    ) -> virConnectPtr;
    pub fn virConnectClose(conn: virConnectPtr) -> c_int;
    pub fn virConnectGetURI(conn: virConnectPtr) -> *mut c_char;
    pub fn virConnectGetHostname(conn: virConnectPtr) -> *mut c_char;
    pub fn virConnectGetVersion(conn: virConnectPtr, hvVer: *mut c_ulong) -> c_int;
    pub fn virConnectGetType(conn: virConnectPtr) -> *const c_char;
    pub fn virGetVersion(
        libVer: *mut c_ulong,
        _type: *const c_char,
        typeVer: *mut c_ulong,
    ) -> c_int;
    pub fn virNodeGetInfo(conn: virConnectPtr, info: virNodeInfoPtr) -> c_int;
    pub fn virConnectGetCapabilities(conn: virConnectPtr) -> *mut c_char;
    pub fn virNodeGetFreeMemory(conn: virConnectPtr) -> c_ulonglong;
    pub fn virNodeGetMemoryStats(
        conn: virConnectPtr,
        cellNum: c_int,
        params: virNodeMemoryStatsPtr,
        nparams: *mut c_int,
        flags: c_uint,
    ) -> c_int;
    pub fn virNodeGetCellsFreeMemory(
        conn: virConnectPtr,
        freeMems: *mut c_ulonglong,
        startCell: c_int,
        maxCells: c_int,
    ) -> c_int;
    pub fn virConnectDomainXMLFromNative(
        conn: virConnectPtr,
        nativeFormat: *const c_char,
        nativeConfig: *const c_char,
        flags: c_uint,
    ) -> *mut c_char;
    pub fn virConnectDomainXMLToNative(
        conn: virConnectPtr,
        nativeFormat: *const c_char,
        domainXml: *const c_char,
        flags: c_uint,
    ) -> *mut c_char;
    pub fn virConnectListAllDomains(
        conn: virConnectPtr,
        domains: *mut *mut virDomainPtr,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainLookupByID(conn: virConnectPtr, id: c_int) -> virDomainPtr;
    pub fn virDomainLookupByName(conn: virConnectPtr, name: *const c_char) -> virDomainPtr;
    pub fn virDomainLookupByUUIDString(conn: virConnectPtr, uuidstr: *const c_char)
        -> virDomainPtr;
    pub fn virDomainFree(domain: virDomainPtr) -> c_int;
    pub fn virDomainGetName(domain: virDomainPtr) -> *const c_char;
    pub fn virDomainGetID(domain: virDomainPtr) -> c_uint;
    pub fn virDomainGetUUIDString(domain: virDomainPtr, buf: *mut c_char) -> c_int;
    pub fn virDomainGetInfo(domain: virDomainPtr, info: virDomainInfoPtr) -> c_int;
    pub fn virDomainGetState(
        domain: virDomainPtr,
        state: *mut c_int,
        reason: *mut c_int,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainGetOSType(domain: virDomainPtr) -> *mut c_char;
    pub fn virDomainGetXMLDesc(domain: virDomainPtr, flags: c_uint) -> *mut c_char;
    pub fn virDomainIsPersistent(dom: virDomainPtr) -> c_int;
    pub fn virDomainGetAutostart(domain: virDomainPtr, autostart: *mut c_int) -> c_int;
    pub fn virDomainHasManagedSaveImage(dom: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virNodeGetSecurityModel(conn: virConnectPtr, secmodel: virSecurityModelPtr) -> c_int;
    pub fn virDomainDefineXML(conn: virConnectPtr, xml: *const c_char) -> virDomainPtr;
    pub fn virDomainDefineXMLFlags(
        conn: virConnectPtr,
        xml: *const c_char,
        flags: c_uint,
    ) -> virDomainPtr;
    pub fn virDomainUndefine(domain: virDomainPtr) -> c_int;
    pub fn virDomainUndefineFlags(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainCreate(domain: virDomainPtr) -> c_int;
    pub fn virDomainCreateWithFlags(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainDestroy(domain: virDomainPtr) -> c_int;
    pub fn virDomainDestroyFlags(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainShutdown(domain: virDomainPtr) -> c_int;
    pub fn virDomainShutdownFlags(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainReboot(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainReset(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainSuspend(domain: virDomainPtr) -> c_int;
    pub fn virDomainResume(domain: virDomainPtr) -> c_int;
    pub fn virDomainSetMemoryFlags(domain: virDomainPtr, memory: c_ulong, flags: c_uint) -> c_int;
    pub fn virDomainSetVcpus(domain: virDomainPtr, nvcpus: c_uint) -> c_int;
    pub fn virDomainSetVcpusFlags(domain: virDomainPtr, nvcpus: c_uint, flags: c_uint) -> c_int;
    pub fn virDomainGetVcpusFlags(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainGetMaxVcpus(domain: virDomainPtr) -> c_int;
    pub fn virDomainGetSchedulerType(domain: virDomainPtr, nparams: *mut c_int) -> *mut c_char;
    pub fn virDomainGetSchedulerParameters(
        domain: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: *mut c_int,
    ) -> c_int;
    pub fn virDomainGetSchedulerParametersFlags(
        domain: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: *mut c_int,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainSetSchedulerParameters(
        domain: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: c_int,
    ) -> c_int;
    pub fn virDomainSetSchedulerParametersFlags(
        domain: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: c_int,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainGetMemoryParameters(
        domain: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: *mut c_int,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainSetMemoryParameters(
        domain: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: c_int,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainSetAutostart(domain: virDomainPtr, autostart: c_int) -> c_int;
    pub fn virDomainGetHostname(domain: virDomainPtr, flags: c_uint) -> *mut c_char;
    pub fn virDomainInterfaceAddresses(
        dom: virDomainPtr,
        ifaces: *mut *mut virDomainInterfacePtr,
        source: c_uint,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainInterfaceFree(iface: virDomainInterfacePtr);
    pub fn virDomainScreenshot(
        domain: virDomainPtr,
        stream: virStreamPtr,
        screen: c_uint,
        flags: c_uint,
    ) -> *mut c_char;
    pub fn virStreamNew(conn: virConnectPtr, flags: c_uint) -> virStreamPtr;
    pub fn virStreamRecv(stream: virStreamPtr, data: *mut c_char, nbytes: usize) -> c_int;
    pub fn virStreamFinish(stream: virStreamPtr) -> c_int;
    pub fn virStreamAbort(stream: virStreamPtr) -> c_int;
    pub fn virStreamFree(stream: virStreamPtr) -> c_int;
    pub fn virDomainMigrate3(
        domain: virDomainPtr,
        dconn: virConnectPtr,
        params: virTypedParameterPtr,
        nparams: c_uint,
        flags: c_uint,
    ) -> virDomainPtr;
    pub fn virDomainMigrateToURI3(
        domain: virDomainPtr,
        dconnuri: *const c_char,
        params: virTypedParameterPtr,
        nparams: c_uint,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainSnapshotCreateXML(
        domain: virDomainPtr,
        xmlDesc: *const c_char,
        flags: c_uint,
    ) -> virDomainSnapshotPtr;
    pub fn virDomainListAllSnapshots(
        domain: virDomainPtr,
        snaps: *mut *mut virDomainSnapshotPtr,
        flags: c_uint,
    ) -> c_int;
    pub fn virDomainSnapshotLookupByName(
        domain: virDomainPtr,
        name: *const c_char,
        flags: c_uint,
    ) -> virDomainSnapshotPtr;
    pub fn virDomainSnapshotGetName(snapshot: virDomainSnapshotPtr) -> *const c_char;
    pub fn virDomainSnapshotGetXMLDesc(
        snapshot: virDomainSnapshotPtr,
        flags: c_uint,
    ) -> *mut c_char;
    pub fn virDomainRevertToSnapshot(snapshot: virDomainSnapshotPtr, flags: c_uint) -> c_int;
    pub fn virDomainSnapshotDelete(snapshot: virDomainSnapshotPtr, flags: c_uint) -> c_int;
    pub fn virDomainSnapshotCurrent(domain: virDomainPtr, flags: c_uint) -> virDomainSnapshotPtr;
    pub fn virDomainHasCurrentSnapshot(domain: virDomainPtr, flags: c_uint) -> c_int;
    pub fn virDomainSnapshotFree(snapshot: virDomainSnapshotPtr) -> c_int;
    pub fn virConnectListAllStoragePools(
        conn: virConnectPtr,
        pools: *mut *mut virStoragePoolPtr,
        flags: c_uint,
    ) -> c_int;
    pub fn virStoragePoolLookupByName(
        conn: virConnectPtr,
        name: *const c_char,
    ) -> virStoragePoolPtr;
    pub fn virStoragePoolLookupByUUIDString(
        conn: virConnectPtr,
        uuidstr: *const c_char,
    ) -> virStoragePoolPtr;
    pub fn virStoragePoolGetInfo(pool: virStoragePoolPtr, info: virStoragePoolInfoPtr) -> c_int;
    pub fn virStoragePoolGetXMLDesc(pool: virStoragePoolPtr, flags: c_uint) -> *mut c_char;
    pub fn virStoragePoolGetAutostart(pool: virStoragePoolPtr, autostart: *mut c_int) -> c_int;
    pub fn virStoragePoolIsPersistent(pool: virStoragePoolPtr) -> c_int;
    pub fn virStoragePoolGetName(pool: virStoragePoolPtr) -> *const c_char;
    pub fn virStoragePoolGetUUIDString(pool: virStoragePoolPtr, buf: *mut c_char) -> c_int;
    pub fn virStoragePoolListAllVolumes(
        pool: virStoragePoolPtr,
        vols: *mut *mut virStorageVolPtr,
        flags: c_uint,
    ) -> c_int;
    pub fn virStoragePoolFree(pool: virStoragePoolPtr) -> c_int;
    pub fn virStoragePoolRefresh(pool: virStoragePoolPtr, flags: c_uint) -> c_int;
    pub fn virStorageVolLookupByName(
        pool: virStoragePoolPtr,
        name: *const c_char,
    ) -> virStorageVolPtr;
    pub fn virStorageVolLookupByPath(conn: virConnectPtr, path: *const c_char) -> virStorageVolPtr;
    pub fn virStorageVolLookupByKey(conn: virConnectPtr, key: *const c_char) -> virStorageVolPtr;
    pub fn virStorageVolGetInfo(vol: virStorageVolPtr, info: virStorageVolInfoPtr) -> c_int;
    pub fn virStorageVolGetXMLDesc(vol: virStorageVolPtr, flags: c_uint) -> *mut c_char;
    pub fn virStorageVolCreateXML(
        pool: virStoragePoolPtr,
        xmlDesc: *const c_char,
        flags: c_uint,
    ) -> virStorageVolPtr;
    pub fn virStorageVolDelete(vol: virStorageVolPtr, flags: c_uint) -> c_int;
    pub fn virStorageVolGetName(vol: virStorageVolPtr) -> *const c_char;
    pub fn virStorageVolGetPath(vol: virStorageVolPtr) -> *mut c_char;
    pub fn virStorageVolFree(vol: virStorageVolPtr) -> c_int;
    pub fn virConnectListAllNetworks(
        conn: virConnectPtr,
        nets: *mut *mut virNetworkPtr,
        flags: c_uint,
    ) -> c_int;
    pub fn virNetworkLookupByName(conn: virConnectPtr, name: *const c_char) -> virNetworkPtr;
    pub fn virNetworkLookupByUUIDString(
        conn: virConnectPtr,
        uuidstr: *const c_char,
    ) -> virNetworkPtr;
    pub fn virNetworkGetName(network: virNetworkPtr) -> *const c_char;
    pub fn virNetworkGetUUIDString(network: virNetworkPtr, buf: *mut c_char) -> c_int;
    pub fn virNetworkIsActive(net: virNetworkPtr) -> c_int;
    pub fn virNetworkIsPersistent(net: virNetworkPtr) -> c_int;
    pub fn virNetworkGetAutostart(network: virNetworkPtr, autostart: *mut c_int) -> c_int;
    pub fn virNetworkGetBridgeName(network: virNetworkPtr) -> *mut c_char;
    pub fn virNetworkGetXMLDesc(network: virNetworkPtr, flags: c_uint) -> *mut c_char;
    pub fn virNetworkFree(network: virNetworkPtr) -> c_int;
    pub fn virConnectListAllInterfaces(
        conn: virConnectPtr,
        ifaces: *mut *mut virInterfacePtr,
        flags: c_uint,
    ) -> c_int;
    pub fn virInterfaceLookupByName(conn: virConnectPtr, name: *const c_char) -> virInterfacePtr;
    pub fn virInterfaceLookupByMACString(
        conn: virConnectPtr,
        macstr: *const c_char,
    ) -> virInterfacePtr;
    pub fn virInterfaceGetName(iface: virInterfacePtr) -> *const c_char;
    pub fn virInterfaceGetMACString(iface: virInterfacePtr) -> *const c_char;
    pub fn virInterfaceIsActive(iface: virInterfacePtr) -> c_int;
    pub fn virInterfaceGetXMLDesc(iface: virInterfacePtr, flags: c_uint) -> *mut c_char;
    pub fn virInterfaceFree(iface: virInterfacePtr) -> c_int;
    pub fn virTypedParamsFree(params: virTypedParameterPtr, nparams: c_int);
    pub fn virGetLastError() -> virErrorPtr;
    pub fn virResetLastError();
    pub fn virSetErrorFunc(userData: *mut c_void, handler: virErrorFunc);
    pub fn virDomainIsActive(dom: virDomainPtr) -> c_int;
    pub fn virTypedParamsAddFromString(
        params: *mut virTypedParameterPtr,
        nparams: *mut c_int,
        maxparams: *mut c_int,
        name: *const c_char,
        r#type: c_int,
        value: *const c_char,
    ) -> c_int;
    pub fn virTypedParamsAddString(
        params: *mut virTypedParameterPtr,
        nparams: *mut c_int,
        maxparams: *mut c_int,
        name: *const c_char,
        value: *const c_char,
    ) -> c_int;
    pub fn virDomainSnapshotIsCurrent(snapshot: virDomainSnapshotPtr, flags: c_uint) -> c_int;
    pub fn virDomainSnapshotNumChildren(snapshot: virDomainSnapshotPtr, flags: c_uint) -> c_int;
    pub fn virDomainSnapshotHasMetadata(snapshot: virDomainSnapshotPtr, flags: c_uint) -> c_int;
    pub fn virStorageVolDownload(
        vol: virStorageVolPtr,
        stream: virStreamPtr,
        offset: c_ulonglong,
        length: c_ulonglong,
        flags: c_uint,
    ) -> c_int;
    pub fn virStorageVolUpload(
        vol: virStorageVolPtr,
        stream: virStreamPtr,
        offset: c_ulonglong,
        length: c_ulonglong,
        flags: c_uint,
    ) -> c_int;
    pub fn virStreamSend(stream: virStreamPtr, data: *const c_char, nbytes: usize) -> c_int;
    pub fn virConnectSetKeepAlive(conn: virConnectPtr, interval: c_int, count: c_uint) -> c_int;
    pub static virConnectAuthPtrDefault: virConnectAuthPtr;
}
