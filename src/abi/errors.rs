//! libvirt's error API: the per-thread last error, the per-connection copy, the handlers, and
//! the functions of `virterror.h`.

use super::boundary::entry_void;
use super::handles::{self, Kind};
use super::objects::ConnObject;
use super::strings::{free_c, strdup_c};
use super::types::*;
use crate::error::{domain_name, Error};
use std::cell::RefCell;
use std::io::Write;
use std::os::raw::*;
use std::ptr;
use std::sync::Mutex;

/// A `virError` whose strings this library allocated with `malloc`.
pub(crate) struct CError(pub virError);

// The strings are owned by the struct; it is only reached under a lock or from its own thread.
unsafe impl Send for CError {}

/// A `virError` with no error in it.
pub(crate) const fn zero() -> virError {
    virError {
        code: 0,
        domain: 0,
        message: ptr::null_mut(),
        level: 0,
        conn: ptr::null_mut(),
        dom: ptr::null_mut(),
        str1: ptr::null_mut(),
        str2: ptr::null_mut(),
        str3: ptr::null_mut(),
        int1: 0,
        int2: 0,
        net: ptr::null_mut(),
    }
}

impl CError {
    pub(crate) const fn empty() -> CError {
        CError(zero())
    }

    fn set(&mut self, e: &Error) {
        // SAFETY: the struct's strings are ours (or NULL)
        unsafe { reset(&mut self.0) };
        let opt = |s: &Option<String>| s.as_deref().map_or(ptr::null_mut(), strdup_c);
        self.0.code = e.code;
        self.0.domain = e.domain;
        self.0.level = e.level;
        self.0.message = strdup_c(&e.message);
        self.0.str1 = opt(&e.str1);
        self.0.str2 = opt(&e.str2);
        self.0.str3 = opt(&e.str3);
        self.0.int1 = e.int1;
        self.0.int2 = e.int2;
    }
}

impl Drop for CError {
    fn drop(&mut self) {
        // SAFETY: as in `set`
        unsafe { reset(&mut self.0) };
    }
}

/// Free a `virError`'s strings and zero it (`virResetError`).
unsafe fn reset(err: &mut virError) {
    free_c(err.message);
    free_c(err.str1);
    free_c(err.str2);
    free_c(err.str3);
    *err = zero();
}

/// Deep copy of `from` into `to`, which must hold no strings of its own.
unsafe fn copy_into(from: &virError, to: &mut virError) {
    let dup = |p: *const c_char| {
        if p.is_null() {
            ptr::null_mut()
        } else {
            libc::strdup(p)
        }
    };
    to.code = from.code;
    to.domain = from.domain;
    to.level = from.level;
    to.message = dup(from.message);
    to.str1 = dup(from.str1);
    to.str2 = dup(from.str2);
    to.str3 = dup(from.str3);
    to.int1 = from.int1;
    to.int2 = from.int2;
    to.conn = ptr::null_mut();
    to.dom = ptr::null_mut();
    to.net = ptr::null_mut();
}

thread_local! {
    static LAST: RefCell<Box<CError>> = RefCell::new(Box::new(CError::empty()));
}

/// The global handler set with `virSetErrorFunc`: (function, user data).
static HANDLER: Mutex<(virErrorFunc, usize)> = Mutex::new((None, 0));

/// Forget this thread's last error (`virResetLastError`).
pub(crate) fn reset_last() {
    LAST.with(|l| {
        // SAFETY: our own struct
        unsafe { reset(&mut l.borrow_mut().0) }
    });
}

fn last_ptr() -> *mut virError {
    LAST.with(|l| &mut l.borrow_mut().0 as *mut virError)
}

fn last_code() -> c_int {
    LAST.with(|l| l.borrow().0.code)
}

/// Make `e` the thread's last error and report it as libvirt's `virDispatchError` does: copy it
/// to the connection, then call the connection's handler, else the global one, else print it.
pub(crate) fn dispatch(e: &Error, conn: Option<&ConnObject>) {
    LAST.with(|l| l.borrow_mut().set(e));
    let (mut handler, mut data) = *HANDLER.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(c) = conn {
        c.error.lock().unwrap_or_else(|p| p.into_inner()).set(e);
        let h = *c.handler.lock().unwrap_or_else(|p| p.into_inner());
        if h.0.is_some() {
            (handler, data) = h;
        }
    }
    let err = last_ptr();
    match handler {
        // SAFETY: the caller's handler, called as libvirt calls it
        Some(f) => unsafe { f(data as *mut c_void, err) },
        // SAFETY: our own live struct
        None => unsafe { print_default(err) },
    }
}

/// libvirt's default handler: one line on standard error.
unsafe fn print_default(err: *const virError) {
    let Some(err) = err.as_ref() else { return };
    if err.code == 0 {
        return;
    }
    let level = match err.level {
        1 => "warning",
        2 => "error",
        _ => "",
    };
    let message = if err.message.is_null() {
        String::new()
    } else {
        std::ffi::CStr::from_ptr(err.message)
            .to_string_lossy()
            .into_owned()
    };
    let end = if message.ends_with('\n') { "" } else { "\n" };
    let line = format!(
        "libvirt: {} {} : {}{}",
        domain_name(err.domain),
        level,
        message,
        end
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
}

fn conn_object(conn: virConnectPtr) -> Option<std::sync::Arc<ConnObject>> {
    handles::get::<ConnObject>(conn as usize, Kind::Connect)
}

// ---- virterror.h ----------------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn virGetLastError() -> virErrorPtr {
    entry_plain(ptr::null_mut(), || {
        if last_code() == 0 {
            ptr::null_mut()
        } else {
            last_ptr()
        }
    })
}

#[no_mangle]
pub extern "C" fn virGetLastErrorMessage() -> *const c_char {
    entry_plain(ptr::null(), || {
        let err = last_ptr();
        // SAFETY: our own live struct
        let e = unsafe { &*err };
        if e.code == 0 {
            c"no error".as_ptr()
        } else if e.message.is_null() {
            c"unknown error".as_ptr()
        } else {
            e.message
        }
    })
}

#[no_mangle]
pub extern "C" fn virGetLastErrorCode() -> c_int {
    entry_plain(0, last_code)
}

#[no_mangle]
pub extern "C" fn virGetLastErrorDomain() -> c_int {
    entry_plain(0, || LAST.with(|l| l.borrow().0.domain))
}

#[no_mangle]
pub extern "C" fn virResetLastError() {
    entry_plain((), reset_last)
}

/// # Safety
/// `to` is NULL or points to a `virError` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn virCopyLastError(to: virErrorPtr) -> c_int {
    entry_plain(-1, || {
        let Some(to) = to.as_mut() else { return -1 };
        *to = zero();
        if last_code() != 0 {
            copy_into(&*last_ptr(), to);
        }
        to.code
    })
}

#[no_mangle]
pub extern "C" fn virSaveLastError() -> virErrorPtr {
    entry_plain(ptr::null_mut(), || {
        // SAFETY: calloc'd, so the caller's free()/virFreeError releases it
        unsafe {
            let to = libc::calloc(1, std::mem::size_of::<virError>()) as virErrorPtr;
            if let Some(t) = to.as_mut() {
                if last_code() != 0 {
                    copy_into(&*last_ptr(), t);
                }
            }
            to
        }
    })
}

/// # Safety
/// `err` is NULL or a `virError` whose strings were allocated by this library or with malloc.
#[no_mangle]
pub unsafe extern "C" fn virResetError(err: virErrorPtr) {
    entry_plain((), || {
        if let Some(e) = err.as_mut() {
            reset(e);
        }
    })
}

/// # Safety
/// `err` is NULL or was returned by `virSaveLastError` (or allocated with malloc).
#[no_mangle]
pub unsafe extern "C" fn virFreeError(err: virErrorPtr) {
    entry_plain((), || {
        if let Some(e) = err.as_mut() {
            reset(e);
            libc::free(err as *mut c_void);
        }
    })
}

#[no_mangle]
pub extern "C" fn virSetErrorFunc(userData: *mut c_void, handler: virErrorFunc) {
    entry_plain((), || {
        *HANDLER.lock().unwrap_or_else(|p| p.into_inner()) = (handler, userData as usize);
    })
}

/// # Safety
/// `err` is NULL or a valid `virError`.
#[no_mangle]
pub unsafe extern "C" fn virDefaultErrorFunc(err: virErrorPtr) {
    entry_plain((), || print_default(err))
}

#[no_mangle]
pub extern "C" fn virConnGetLastError(conn: virConnectPtr) -> virErrorPtr {
    entry_plain(ptr::null_mut(), || {
        let Some(c) = conn_object(conn) else {
            return ptr::null_mut();
        };
        let mut g = c.error.lock().unwrap_or_else(|p| p.into_inner());
        if g.0.code == 0 {
            return ptr::null_mut();
        }
        // the struct lives in a Box owned by the connection: its address is stable
        &mut g.0 as *mut virError
    })
}

/// # Safety
/// `to` is NULL or points to a `virError` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn virConnCopyLastError(conn: virConnectPtr, to: virErrorPtr) -> c_int {
    entry_plain(-1, || {
        let Some(to) = to.as_mut() else { return -1 };
        *to = zero();
        let Some(c) = conn_object(conn) else {
            return -1;
        };
        let g = c.error.lock().unwrap_or_else(|p| p.into_inner());
        if g.0.code == 0 {
            return 0;
        }
        copy_into(&g.0, to);
        to.code
    })
}

#[no_mangle]
pub extern "C" fn virConnResetLastError(conn: virConnectPtr) {
    entry_plain((), || {
        if let Some(c) = conn_object(conn) {
            let mut g = c.error.lock().unwrap_or_else(|p| p.into_inner());
            // SAFETY: our own struct
            unsafe { reset(&mut g.0) };
        }
    })
}

#[no_mangle]
pub extern "C" fn virConnSetErrorFunc(
    conn: virConnectPtr,
    userData: *mut c_void,
    handler: virErrorFunc,
) {
    entry_plain((), || {
        if let Some(c) = conn_object(conn) {
            *c.handler.lock().unwrap_or_else(|p| p.into_inner()) = (handler, userData as usize);
        }
    })
}

/// The error functions raise no error of their own (libvirt's do not either): a panic only
/// yields the error value.
fn entry_plain<R>(on_panic: R, f: impl FnOnce() -> R) -> R {
    entry_void(on_panic, f)
}
