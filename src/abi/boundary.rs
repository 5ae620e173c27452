//! The panic boundary and argument checks every entry point goes through.
//!
//! An entry point is `entry(name, from, |cx| ...)`: it resets the thread's last error, runs the
//! body under `catch_unwind`, and turns an `Err` (or a panic, as `VIR_ERR_INTERNAL_ERROR`) into
//! the function's documented error value after dispatching the error as libvirt does. The body
//! validates its arguments through `cx` in libvirt's order: the object first, then read-only
//! access, then the other arguments.

use super::errors::{dispatch, reset_last};
use super::handles::{self, Kind};
use super::objects::{
    ConnObject, DomainObject, InterfaceObject, NetworkObject, PoolObject, SnapshotObject,
    StreamObject, VolObject,
};
use super::types::*;
use crate::error::{code, Error, Result};
use std::os::raw::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// The value a function returns on error, as its documentation gives it.
pub(crate) trait ErrorReturn {
    fn error_value() -> Self;
}

impl ErrorReturn for c_int {
    fn error_value() -> Self {
        -1
    }
}
impl ErrorReturn for c_uint {
    fn error_value() -> Self {
        c_uint::MAX
    }
}
impl ErrorReturn for u64 {
    fn error_value() -> Self {
        0
    }
}
impl ErrorReturn for () {
    fn error_value() -> Self {}
}
impl<T> ErrorReturn for *mut T {
    fn error_value() -> Self {
        std::ptr::null_mut()
    }
}
impl<T> ErrorReturn for *const T {
    fn error_value() -> Self {
        std::ptr::null()
    }
}

/// One public API call in progress.
pub(crate) struct Call {
    pub(crate) name: &'static str,
    /// The error domain of the function's header (libvirt's `VIR_FROM_THIS`).
    pub(crate) from: c_int,
    /// The connection, once the call's object has been checked; errors are copied to it.
    conn: Option<Arc<ConnObject>>,
}

/// Run an entry point's body behind the panic boundary.
pub(crate) fn entry<R: ErrorReturn>(
    name: &'static str,
    from: c_int,
    body: impl FnOnce(&mut Call) -> Result<R>,
) -> R {
    reset_last();
    let mut cx = Call {
        name,
        from,
        conn: None,
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| body(&mut cx)));
    let error = match outcome {
        Ok(Ok(v)) => return v,
        Ok(Err(e)) => e,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Error::new(
                VIR_FROM_NONE,
                code::INTERNAL_ERROR,
                format!("unexpected failure in {name}: {what}"),
            )
        }
    };
    // reporting must not unwind into C either (a caller's handler cannot panic, but our own
    // formatting could run out of memory)
    let conn = cx.conn.take();
    let _ = catch_unwind(AssertUnwindSafe(|| dispatch(&error, conn.as_deref())));
    R::error_value()
}

/// A panic boundary for functions that report no error of their own (the error API itself).
pub(crate) fn entry_void<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// Arguments libvirt checks for NULL: pointers and callbacks.
pub(crate) trait Nullable {
    fn is_null(&self) -> bool;
}
impl<T> Nullable for *const T {
    fn is_null(&self) -> bool {
        <*const T>::is_null(*self)
    }
}
impl<T> Nullable for *mut T {
    fn is_null(&self) -> bool {
        <*mut T>::is_null(*self)
    }
}
impl<F> Nullable for Option<F> {
    fn is_null(&self) -> bool {
        self.is_none()
    }
}

/// Numbers libvirt's argument checks compare with zero.
pub(crate) trait ArgNumber: Copy {
    fn as_i128(self) -> i128;
}
macro_rules! arg_number {
    ($($t:ty),*) => { $(impl ArgNumber for $t { fn as_i128(self) -> i128 { self as i128 } })* };
}
arg_number!(i32, u32, i64, u64, usize, isize);

impl Call {
    fn invalid_object(&self, from: c_int, code: c_int) -> Error {
        Error::new(from, code, self.name)
    }

    fn object<T: std::any::Any + Send + Sync>(
        &self,
        p: *const c_void,
        kind: Kind,
        from: c_int,
        code: c_int,
    ) -> Result<Arc<T>> {
        handles::get::<T>(p as usize, kind).ok_or_else(|| self.invalid_object(from, code))
    }

    /// A live connection (`virCheckConnectReturn`).
    pub(crate) fn connect(&mut self, p: virConnectPtr) -> Result<Arc<ConnObject>> {
        let c = self.object::<ConnObject>(
            p as *const c_void,
            Kind::Connect,
            self.from,
            VIR_ERR_INVALID_CONN,
        )?;
        self.conn = Some(c.clone());
        Ok(c)
    }

    /// A live domain of a live connection (`virCheckDomainReturn`).
    pub(crate) fn domain(&mut self, p: virDomainPtr) -> Result<Arc<DomainObject>> {
        let d = self.object::<DomainObject>(
            p as *const c_void,
            Kind::Domain,
            VIR_FROM_DOM,
            VIR_ERR_INVALID_DOMAIN,
        )?;
        self.conn = Some(d.conn.clone());
        Ok(d)
    }

    /// A second connection that must allow changes (a migration's destination): errors still
    /// go to the call's own connection, as libvirt reports them.
    pub(crate) fn dest_connect(&self, p: virConnectPtr) -> Result<Arc<ConnObject>> {
        let c = self.object::<ConnObject>(
            p as *const c_void,
            Kind::Connect,
            self.from,
            VIR_ERR_INVALID_CONN,
        )?;
        if c.read_only {
            return Err(Error::new(
                self.from,
                VIR_ERR_OPERATION_DENIED,
                format!("read only access prevents {}", self.name),
            ));
        }
        Ok(c)
    }

    /// Checks for the kinds of object the ESX driver never creates (yet): any pointer is invalid.
    fn never(&self, p: *const c_void, kind: Kind, from: c_int, code: c_int) -> Result<()> {
        if handles::is_live(p as usize, kind) {
            // not reachable while nothing creates such objects; kept honest for when they are
            return Err(Error::new(from, code::NO_SUPPORT, self.name));
        }
        Err(self.invalid_object(from, code))
    }

    /// A live network of a live connection (`virCheckNetworkReturn`).
    pub(crate) fn network(&mut self, p: virNetworkPtr) -> Result<Arc<NetworkObject>> {
        let n = self.object::<NetworkObject>(
            p as *const c_void,
            Kind::Network,
            VIR_FROM_NETWORK,
            VIR_ERR_INVALID_NETWORK,
        )?;
        self.conn = Some(n.conn.clone());
        Ok(n)
    }
    pub(crate) fn network_port(&mut self, p: virNetworkPortPtr) -> Result<()> {
        self.never(
            p as _,
            Kind::NetworkPort,
            VIR_FROM_NETWORK,
            VIR_ERR_INVALID_NETWORK_PORT,
        )
    }
    /// A live interface of a live connection (`virCheckInterfaceReturn`).
    pub(crate) fn interface(&mut self, p: virInterfacePtr) -> Result<Arc<InterfaceObject>> {
        let i = self.object::<InterfaceObject>(
            p as *const c_void,
            Kind::Interface,
            VIR_FROM_INTERFACE,
            VIR_ERR_INVALID_INTERFACE,
        )?;
        self.conn = Some(i.conn.clone());
        Ok(i)
    }
    /// A live storage pool of a live connection (`virCheckStoragePoolReturn`).
    pub(crate) fn storage_pool(&mut self, p: virStoragePoolPtr) -> Result<Arc<PoolObject>> {
        let o = self.object::<PoolObject>(
            p as *const c_void,
            Kind::StoragePool,
            VIR_FROM_STORAGE,
            VIR_ERR_INVALID_STORAGE_POOL,
        )?;
        self.conn = Some(o.conn.clone());
        Ok(o)
    }
    /// A live storage volume of a live connection (`virCheckStorageVolReturn`).
    pub(crate) fn storage_vol(&mut self, p: virStorageVolPtr) -> Result<Arc<VolObject>> {
        let o = self.object::<VolObject>(
            p as *const c_void,
            Kind::StorageVol,
            VIR_FROM_STORAGE,
            VIR_ERR_INVALID_STORAGE_VOL,
        )?;
        self.conn = Some(o.conn.clone());
        Ok(o)
    }
    /// A second volume argument (a clone's source): checked, errors stay with the call's
    /// connection (`virCheckStorageVolGoto`).
    pub(crate) fn other_storage_vol(&self, p: virStorageVolPtr) -> Result<Arc<VolObject>> {
        self.object::<VolObject>(
            p as *const c_void,
            Kind::StorageVol,
            VIR_FROM_STORAGE,
            VIR_ERR_INVALID_STORAGE_VOL,
        )
    }
    pub(crate) fn node_device(&mut self, p: virNodeDevicePtr) -> Result<()> {
        self.never(
            p as _,
            Kind::NodeDevice,
            VIR_FROM_NODEDEV,
            VIR_ERR_INVALID_NODE_DEVICE,
        )
    }
    pub(crate) fn secret(&mut self, p: virSecretPtr) -> Result<()> {
        self.never(
            p as _,
            Kind::Secret,
            VIR_FROM_SECRET,
            VIR_ERR_INVALID_SECRET,
        )
    }
    /// A live stream of a live connection (`virCheckStreamReturn`); errors keep going to the
    /// call's own connection when it has one (a domain's, for `virDomainScreenshot`).
    pub(crate) fn stream(&mut self, p: virStreamPtr) -> Result<Arc<StreamObject>> {
        let st = self.object::<StreamObject>(
            p as *const c_void,
            Kind::Stream,
            VIR_FROM_STREAMS,
            VIR_ERR_INVALID_STREAM,
        )?;
        if self.conn.is_none() {
            self.conn = Some(st.conn.clone());
        }
        Ok(st)
    }
    pub(crate) fn nwfilter(&mut self, p: virNWFilterPtr) -> Result<()> {
        self.never(
            p as _,
            Kind::NWFilter,
            VIR_FROM_NWFILTER,
            VIR_ERR_INVALID_NWFILTER,
        )
    }
    pub(crate) fn nwfilter_binding(&mut self, p: virNWFilterBindingPtr) -> Result<()> {
        self.never(
            p as _,
            Kind::NWFilterBinding,
            VIR_FROM_NWFILTER,
            VIR_ERR_INVALID_NWFILTER_BINDING,
        )
    }
    pub(crate) fn domain_checkpoint(&mut self, p: virDomainCheckpointPtr) -> Result<()> {
        self.never(
            p as _,
            Kind::DomainCheckpoint,
            VIR_FROM_DOMAIN_CHECKPOINT,
            VIR_ERR_INVALID_DOMAIN_CHECKPOINT,
        )
    }
    /// A live snapshot of a live domain (`virCheckDomainSnapshotReturn`).
    pub(crate) fn domain_snapshot(
        &mut self,
        p: virDomainSnapshotPtr,
    ) -> Result<Arc<SnapshotObject>> {
        let s = self.object::<SnapshotObject>(
            p as *const c_void,
            Kind::DomainSnapshot,
            VIR_FROM_DOMAIN_SNAPSHOT,
            VIR_ERR_INVALID_DOMAIN_SNAPSHOT,
        )?;
        self.conn = Some(s.domain.conn.clone());
        Ok(s)
    }

    /// The call's connection allows changes (`virCheckReadOnlyGoto`).
    pub(crate) fn read_write(&self) -> Result<()> {
        match &self.conn {
            Some(c) if c.read_only => Err(Error::new(
                self.from,
                VIR_ERR_OPERATION_DENIED,
                format!("read only access prevents {}", self.name),
            )),
            _ => Ok(()),
        }
    }

    fn bad_arg(&self, arg: &str, rule: &str) -> Error {
        Error::invalid_arg(
            self.from,
            self.name,
            arg,
            &format!("{arg} in {} {rule}", self.name),
        )
    }

    pub(crate) fn non_null(&self, p: impl Nullable, arg: &str) -> Result<()> {
        if p.is_null() {
            return Err(self.bad_arg(arg, "must not be NULL"));
        }
        Ok(())
    }
    pub(crate) fn non_null_array(&self, p: impl Nullable, size: i64, arg: &str) -> Result<()> {
        if p.is_null() && size > 0 {
            return Err(self.bad_arg(arg, "must not be NULL"));
        }
        Ok(())
    }
    pub(crate) fn non_empty_string(&self, p: *const c_char, arg: &str) -> Result<()> {
        // SAFETY: a non-NULL string argument is NUL-terminated by the C contract
        if !p.is_null() && unsafe { *p } == 0 {
            return Err(Error::invalid_arg(
                self.from,
                self.name,
                arg,
                &format!("string {arg} in {} must not be empty", self.name),
            ));
        }
        Ok(())
    }
    pub(crate) fn positive(&self, v: impl ArgNumber, arg: &str) -> Result<()> {
        if v.as_i128() <= 0 {
            return Err(self.bad_arg(arg, "must be greater than zero"));
        }
        Ok(())
    }
    pub(crate) fn non_zero(&self, v: impl ArgNumber, arg: &str) -> Result<()> {
        if v.as_i128() == 0 {
            return Err(self.bad_arg(arg, "must not be zero"));
        }
        Ok(())
    }
    pub(crate) fn non_negative(&self, v: impl ArgNumber, arg: &str) -> Result<()> {
        if v.as_i128() < 0 {
            return Err(self.bad_arg(arg, "must be zero or greater"));
        }
        Ok(())
    }

    /// Two flags that must not be given together (`VIR_EXCLUSIVE_FLAGS_GOTO`).
    pub(crate) fn exclusive_flags(
        &self,
        flags: u32,
        a: u32,
        a_name: &str,
        b: u32,
        b_name: &str,
    ) -> Result<()> {
        if flags & a != 0 && flags & b != 0 {
            return Err(Error::invalid_arg(
                self.from,
                self.name,
                "ctl",
                &format!("Flags '{a_name}' and '{b_name}' are mutually exclusive"),
            ));
        }
        Ok(())
    }

    /// A flag that needs another (`VIR_REQUIRE_FLAG_GOTO`).
    pub(crate) fn require_flag(
        &self,
        flags: u32,
        a: u32,
        a_name: &str,
        b: u32,
        b_name: &str,
    ) -> Result<()> {
        if flags & a != 0 && flags & b == 0 {
            return Err(Error::invalid_arg(
                self.from,
                self.name,
                "ctl",
                &format!("Flag '{b_name}' is required by flag '{a_name}'"),
            ));
        }
        Ok(())
    }

    /// What libvirt reports when the connection's driver lacks the function.
    pub(crate) fn unsupported<R>(&self) -> Result<R> {
        Err(Error::new(self.from, code::NO_SUPPORT, self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_an_internal_error_and_the_error_value() {
        let r: c_int = entry("virTestPanics", VIR_FROM_NONE, |_| -> Result<c_int> {
            panic!("boom")
        });
        assert_eq!(r, -1);
        let p: *mut c_char = entry("virTestPanics", VIR_FROM_NONE, |_| -> Result<*mut c_char> {
            panic!("boom")
        });
        assert!(p.is_null());
        assert_eq!(
            super::super::errors::virGetLastErrorCode(),
            VIR_ERR_INTERNAL_ERROR
        );
        let msg =
            unsafe { std::ffi::CStr::from_ptr(super::super::errors::virGetLastErrorMessage()) };
        assert_eq!(
            msg.to_str().unwrap(),
            "internal error: unexpected failure in virTestPanics: boom"
        );
    }
}
