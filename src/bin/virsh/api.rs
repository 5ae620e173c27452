//! Owned handles over the C ABI, and the few conversions every command needs. Each handle is
//! freed when dropped, as virsh frees what it looked up.

use crate::ffi::*;
use std::ffi::{CStr, CString};
use std::os::raw::*;
use virt::abi::types::*;

/// A C string for an argument (an interior NUL cannot come from a command line).
pub fn c(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

/// A string the library allocated for us: read and freed.
pub fn owned(p: *mut c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated string malloc'd by the library, ours to free
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    unsafe { libc::free(p.cast()) };
    Some(s)
}

/// A string the library keeps (names): read only.
pub fn borrowed(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated string owned by a live handle
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// A UUID string buffer (VIR_UUID_STRING_BUFLEN) filled by a `...GetUUIDString` call.
pub fn uuid_with(f: impl FnOnce(*mut c_char) -> c_int) -> Option<String> {
    let mut buf = [0 as c_char; 37];
    if f(buf.as_mut_ptr()) < 0 {
        return None;
    }
    borrowed(buf.as_ptr())
}

macro_rules! handle {
    ($name:ident, $ptr:ty, $free:ident) => {
        pub struct $name(pub $ptr);
        impl $name {
            pub fn new(p: $ptr) -> Option<$name> {
                (!p.is_null()).then(|| $name(p))
            }
        }
        impl Drop for $name {
            fn drop(&mut self) {
                // SAFETY: a handle we own, released once
                unsafe { $free(self.0) };
            }
        }
    };
}

handle!(Conn, virConnectPtr, virConnectClose);
handle!(Dom, virDomainPtr, virDomainFree);
handle!(Snap, virDomainSnapshotPtr, virDomainSnapshotFree);
handle!(Pool, virStoragePoolPtr, virStoragePoolFree);
handle!(Vol, virStorageVolPtr, virStorageVolFree);
handle!(Net, virNetworkPtr, virNetworkFree);
handle!(Iface, virInterfacePtr, virInterfaceFree);
handle!(Stream, virStreamPtr, virStreamFree);

/// The handles of a `virConnectListAll...` array, taken over one by one.
pub fn take_array<T, H>(list: *mut *mut T, n: c_int, wrap: impl Fn(*mut T) -> H) -> Vec<H> {
    if list.is_null() || n < 0 {
        return Vec::new();
    }
    // SAFETY: `n` handles the library allocated; each is wrapped (and later freed) once
    let out = (0..n as usize)
        .map(|i| wrap(unsafe { *list.add(i) }))
        .collect();
    unsafe { libc::free(list.cast()) };
    out
}

impl Dom {
    pub fn name(&self) -> String {
        // SAFETY: a live handle
        borrowed(unsafe { virDomainGetName(self.0) }).unwrap_or_default()
    }
    pub fn id(&self) -> u32 {
        // SAFETY: a live handle
        unsafe { virDomainGetID(self.0) }
    }
    pub fn uuid(&self) -> Option<String> {
        // SAFETY: a live handle and a buffer of libvirt's size
        uuid_with(|b| unsafe { virDomainGetUUIDString(self.0, b) })
    }
    pub fn state(&self) -> Option<(c_int, c_int)> {
        let (mut s, mut r) = (0, 0);
        // SAFETY: a live handle and two ints
        (unsafe { virDomainGetState(self.0, &mut s, &mut r, 0) } == 0).then_some((s, r))
    }
}

impl Pool {
    pub fn name(&self) -> String {
        // SAFETY: a live handle
        borrowed(unsafe { virStoragePoolGetName(self.0) }).unwrap_or_default()
    }
}

impl Vol {
    pub fn name(&self) -> String {
        // SAFETY: a live handle
        borrowed(unsafe { virStorageVolGetName(self.0) }).unwrap_or_default()
    }
}

impl Net {
    pub fn name(&self) -> String {
        // SAFETY: a live handle
        borrowed(unsafe { virNetworkGetName(self.0) }).unwrap_or_default()
    }
}

impl Iface {
    pub fn name(&self) -> String {
        // SAFETY: a live handle
        borrowed(unsafe { virInterfaceGetName(self.0) }).unwrap_or_default()
    }
}

impl Snap {
    pub fn name(&self) -> String {
        // SAFETY: a live handle
        borrowed(unsafe { virDomainSnapshotGetName(self.0) }).unwrap_or_default()
    }
}
