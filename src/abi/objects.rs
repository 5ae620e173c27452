//! What a C handle points at: the driver's object plus the state libvirt keeps per handle.

use super::errors::CError;
use super::types::virErrorFunc;
use crate::driver;
use std::ffi::CString;
use std::sync::atomic::AtomicI32;
use std::sync::{Arc, Mutex};

/// Behind a `virConnectPtr`.
pub(crate) struct ConnObject {
    pub(crate) driver: driver::Connection,
    pub(crate) read_only: bool,
    /// The connection's copy of its last error (`virConnGetLastError`); boxed so the address
    /// handed to C stays put.
    pub(crate) error: Mutex<Box<CError>>,
    /// The handler from `virConnSetErrorFunc`: (function, user data).
    pub(crate) handler: Mutex<(virErrorFunc, usize)>,
    /// Domain event and close callbacks.
    pub(crate) events: Mutex<super::domain_events::EventState>,
}

impl ConnObject {
    pub(crate) fn new(driver: driver::Connection, read_only: bool) -> ConnObject {
        ConnObject {
            driver,
            read_only,
            error: Mutex::new(Box::new(CError::empty())),
            handler: Mutex::new((None, 0)),
            events: Mutex::default(),
        }
    }
}

/// Behind a `virDomainPtr`: the domain as the driver named it when the handle was made.
pub(crate) struct DomainObject {
    pub(crate) conn: Arc<ConnObject>,
    pub(crate) domain: driver::Domain,
    /// The id `virDomainGetID` answers: the driver's at lookup, changed by `virDomainCreate`
    /// (the VM's id) and `virDomainDestroy` (-1) as libvirt sets `domain->id`.
    pub(crate) id: AtomicI32,
    /// The name as C reads it from `virDomainGetName`, alive as long as the handle.
    pub(crate) c_name: CString,
}

/// Behind a `virDomainSnapshotPtr`: a snapshot of a domain, which libvirt's ESX driver names
/// by its name. The handle holds a reference on its domain's handle.
pub(crate) struct SnapshotObject {
    pub(crate) domain: Arc<DomainObject>,
    pub(crate) name: String,
    /// The name as C reads it from `virDomainSnapshotGetName`, alive as long as the handle.
    pub(crate) c_name: CString,
}

/// Behind a `virStreamPtr`: the driver's stream; the handle holds a reference on its
/// connection.
pub(crate) struct StreamObject {
    // dropped first (fields drop in order): a transfer still open cleans up on the server
    // while the connection is still logged in
    pub(crate) stream: driver::stream::Stream,
    pub(crate) conn: Arc<ConnObject>,
}

/// Behind a `virNetworkPtr`: the network (switch) as the driver named it.
pub(crate) struct NetworkObject {
    pub(crate) conn: Arc<ConnObject>,
    pub(crate) network: driver::network::Network,
    /// The name as C reads it from `virNetworkGetName`, alive as long as the handle.
    pub(crate) c_name: CString,
}

/// Behind a `virInterfacePtr`: the interface (physical NIC) as the driver named it.
pub(crate) struct InterfaceObject {
    pub(crate) conn: Arc<ConnObject>,
    pub(crate) iface: driver::interface::Interface,
    /// The name and MAC address as C reads them, alive as long as the handle.
    pub(crate) c_name: CString,
    pub(crate) c_mac: CString,
}

/// Behind a `virStoragePoolPtr`: the pool as the driver found it.
pub(crate) struct PoolObject {
    pub(crate) conn: Arc<ConnObject>,
    pub(crate) pool: driver::storage::Pool,
    /// The name as C reads it from `virStoragePoolGetName`.
    pub(crate) c_name: CString,
}

/// Behind a `virStorageVolPtr`: the volume as the driver found it; it holds its pool's
/// connection, as libvirt's does.
pub(crate) struct VolObject {
    pub(crate) conn: Arc<ConnObject>,
    pub(crate) vol: driver::storage::Volume,
    /// The name and key as C reads them from `virStorageVolGetName` and `virStorageVolGetKey`.
    pub(crate) c_name: CString,
    pub(crate) c_key: CString,
}
