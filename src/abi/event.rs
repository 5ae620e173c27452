//! Entry points of `libvirt-event.h`.
//!
//! As in libvirt, `virEventAdd*`/`Update*`/`Remove*` go to whichever implementation was
//! registered first, by `virEventRegisterImpl` (an application's loop, e.g. Python's) or by
//! `virEventRegisterDefaultImpl` (our loop in `crate::event`); with none, `Add*`/`Remove*` return
//! -1 and `Update*` do nothing, without an error. They leave the thread's last error alone;
//! `virEventRegisterDefaultImpl` and `virEventRunDefaultImpl` reset it.

use super::boundary::{entry, entry_void};
use super::types::*;
use crate::event;
use std::os::raw::*;
use std::sync::{Mutex, Once};

/// The registered implementation (all `None` until one is registered).
#[derive(Clone, Copy)]
struct Impl {
    add_handle: virEventAddHandleFunc,
    update_handle: virEventUpdateHandleFunc,
    remove_handle: virEventRemoveHandleFunc,
    add_timeout: virEventAddTimeoutFunc,
    update_timeout: virEventUpdateTimeoutFunc,
    remove_timeout: virEventRemoveTimeoutFunc,
}

impl Impl {
    fn is_set(&self) -> bool {
        self.add_handle.is_some()
            || self.update_handle.is_some()
            || self.remove_handle.is_some()
            || self.add_timeout.is_some()
            || self.update_timeout.is_some()
            || self.remove_timeout.is_some()
    }
}

static IMPL: Mutex<Impl> = Mutex::new(Impl {
    add_handle: None,
    update_handle: None,
    remove_handle: None,
    add_timeout: None,
    update_timeout: None,
    remove_timeout: None,
});

/// A copy of the registered functions: they are called with no lock held.
fn registered() -> Impl {
    *IMPL.lock().unwrap_or_else(|p| p.into_inner())
}

/// Install `new` unless an implementation is already registered: libvirt ignores any attempt
/// to replace one, with a warning on standard error.
fn register(new: Impl) {
    let mut cur = IMPL.lock().unwrap_or_else(|p| p.into_inner());
    if !cur.is_set() {
        *cur = new;
        return;
    }
    drop(cur);
    warn(
        "virEventRegisterImpl:264",
        "Ignoring attempt to replace registered event loop",
    );
}

/// A warning on standard error in the format of libvirt's default log output
/// ("2026-01-02 03:04:05.678+0000: <thread id>: warning : <function>:<line> : <message>").
fn warn(place: &str, message: &str) {
    use std::io::Write;
    // SAFETY: plain libc calls filling local structs
    let (tm, ms, tid) = unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts);
        let mut tm: libc::tm = std::mem::zeroed();
        libc::gmtime_r(&ts.tv_sec, &mut tm);
        (tm, ts.tv_nsec / 1_000_000, libc::syscall(libc::SYS_gettid))
    };
    let line = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}+0000: {tid}: warning : {place} : {message}\n",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        ms
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
}

// ---- the default implementation, as C functions for the table ------------------------------

unsafe extern "C" fn default_add_handle(
    fd: c_int,
    events: c_int,
    cb: virEventHandleCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    entry_void(-1, || event::add_handle(fd, events, cb, opaque, ff))
}

unsafe extern "C" fn default_update_handle(watch: c_int, events: c_int) {
    entry_void((), || event::update_handle(watch, events))
}

unsafe extern "C" fn default_remove_handle(watch: c_int) -> c_int {
    entry_void(-1, || event::remove_handle(watch))
}

unsafe extern "C" fn default_add_timeout(
    timeout: c_int,
    cb: virEventTimeoutCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    entry_void(-1, || event::add_timeout(timeout, cb, opaque, ff))
}

unsafe extern "C" fn default_update_timeout(timer: c_int, timeout: c_int) {
    entry_void((), || event::update_timeout(timer, timeout))
}

unsafe extern "C" fn default_remove_timeout(timer: c_int) -> c_int {
    entry_void(-1, || event::remove_timeout(timer))
}

// ---- libvirt-event.h ------------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn virEventAddHandle(
    fd: c_int,
    events: c_int,
    cb: virEventHandleCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    entry_void(-1, || match registered().add_handle {
        Some(f) => f(fd, events, cb, opaque, ff),
        None => -1,
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventAddTimeout(
    timeout: c_int,
    cb: virEventTimeoutCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    entry_void(-1, || match registered().add_timeout {
        Some(f) => f(timeout, cb, opaque, ff),
        None => -1,
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventRegisterDefaultImpl() -> c_int {
    entry("virEventRegisterDefaultImpl", VIR_FROM_EVENT, |_| {
        static DEFAULT: Once = Once::new();
        DEFAULT.call_once(|| {
            register(Impl {
                add_handle: Some(default_add_handle),
                update_handle: Some(default_update_handle),
                remove_handle: Some(default_remove_handle),
                add_timeout: Some(default_add_timeout),
                update_timeout: Some(default_update_timeout),
                remove_timeout: Some(default_remove_timeout),
            })
        });
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventRegisterImpl(
    addHandle: virEventAddHandleFunc,
    updateHandle: virEventUpdateHandleFunc,
    removeHandle: virEventRemoveHandleFunc,
    addTimeout: virEventAddTimeoutFunc,
    updateTimeout: virEventUpdateTimeoutFunc,
    removeTimeout: virEventRemoveTimeoutFunc,
) {
    entry_void((), || {
        register(Impl {
            add_handle: addHandle,
            update_handle: updateHandle,
            remove_handle: removeHandle,
            add_timeout: addTimeout,
            update_timeout: updateTimeout,
            remove_timeout: removeTimeout,
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventRemoveHandle(watch: c_int) -> c_int {
    entry_void(-1, || match registered().remove_handle {
        Some(f) => f(watch),
        None => -1,
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventRemoveTimeout(timer: c_int) -> c_int {
    entry_void(-1, || match registered().remove_timeout {
        Some(f) => f(timer),
        None => -1,
    })
}

/// One iteration of the default loop, whichever implementation is registered (as libvirt's,
/// which iterates its glib context regardless).
#[no_mangle]
pub unsafe extern "C" fn virEventRunDefaultImpl() -> c_int {
    entry("virEventRunDefaultImpl", VIR_FROM_EVENT, |_| {
        event::run_once()?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventUpdateHandle(watch: c_int, events: c_int) {
    entry_void((), || {
        if let Some(f) = registered().update_handle {
            f(watch, events)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn virEventUpdateTimeout(timer: c_int, timeout: c_int) {
    entry_void((), || {
        if let Some(f) = registered().update_timeout {
            f(timer, timeout)
        }
    })
}
