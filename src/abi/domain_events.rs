//! A connection's domain event callbacks and close callback, delivered as libvirt delivers them:
//! the driver's watcher thread queues what happens and arms a timer of the registered event loop
//! (`virEventAddTimeout`: the default loop, or the caller's from `virEventRegisterImpl`); the
//! timer fires in the loop's thread, which calls the callbacks, each with a new domain handle
//! freed after the call. The watcher runs while any callback is registered. Each callback holds
//! a reference on its connection, as in libvirt.

use super::event::{virEventAddTimeout, virEventRemoveTimeout, virEventUpdateTimeout};
use super::handles::{self, Kind};
use super::objects::ConnObject;
use super::types::*;
use crate::driver::events::{EventKind, Notice};
use crate::error::{Error, Result};
use std::collections::VecDeque;
use std::os::raw::*;
use std::sync::{Arc, Mutex};

/// A domain event callback (its id is given at registration).
#[derive(Clone, Copy)]
pub(crate) struct Reg {
    pub(crate) id: c_int,
    pub(crate) event_id: c_int,
    /// only this domain's events (its UUID)
    pub(crate) dom: Option<[u8; 16]>,
    /// the C function, as registered (its real type depends on `event_id`)
    pub(crate) cb: usize,
    pub(crate) opaque: usize,
    pub(crate) freecb: virFreeCallback,
    /// registered by `virConnectDomainEventRegister`
    pub(crate) legacy: bool,
}

#[derive(Clone, Copy)]
struct CloseReg {
    cb: virConnectCloseFunc,
    opaque: usize,
    freecb: virFreeCallback,
}

/// Behind each connection handle.
pub(crate) struct EventState {
    regs: Vec<Reg>,
    close: Option<CloseReg>,
    next_id: c_int,
    /// the event loop's timer, -1 when none
    timer: c_int,
    queue: Arc<Mutex<VecDeque<Notice>>>,
}

impl Default for EventState {
    fn default() -> EventState {
        EventState {
            regs: vec![],
            close: None,
            next_id: 1,
            timer: -1,
            queue: Arc::default(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn invalid(message: String) -> Error {
    Error::new(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, message)
}

/// The timer's callback, in the event loop's thread: deliver what the watcher queued.
unsafe extern "C" fn flush(_timer: c_int, opaque: *mut c_void) {
    let conn_ptr = opaque as usize;
    let Some(conn) = handles::get::<ConnObject>(conn_ptr, Kind::Connect) else {
        return;
    };
    // the timer is disarmed before the queue is read: a notice queued meanwhile arms it again
    let (timer, queue) = {
        let st = lock(&conn.events);
        (st.timer, st.queue.clone())
    };
    if timer >= 0 {
        virEventUpdateTimeout(timer, -1);
    }
    let notices: Vec<Notice> = lock(&queue).drain(..).collect();
    for n in notices {
        match n {
            Notice::Domain(d, kind) => {
                let regs: Vec<Reg> = lock(&conn.events).regs.clone();
                for r in regs {
                    let wanted = match kind {
                        EventKind::Lifecycle { .. } => r.event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                        EventKind::Reboot => r.event_id == VIR_DOMAIN_EVENT_ID_REBOOT,
                    };
                    if !wanted || r.dom.is_some_and(|u| u != d.uuid) {
                        continue;
                    }
                    // deregistered by an earlier callback of this round
                    if !lock(&conn.events).regs.iter().any(|x| x.id == r.id) {
                        continue;
                    }
                    let Ok(dom) = super::domain::new_domain(&conn, d.clone()) else {
                        continue;
                    };
                    let c = conn_ptr as virConnectPtr;
                    match kind {
                        EventKind::Lifecycle { event, detail } => {
                            // SAFETY: registered for this event id, so of this type
                            let f: virConnectDomainEventCallback = std::mem::transmute(r.cb);
                            if let Some(f) = f {
                                f(c, dom, event, detail, r.opaque as *mut c_void);
                            }
                        }
                        EventKind::Reboot => {
                            // SAFETY: registered for this event id, so of this type
                            let f: virConnectDomainEventGenericCallback = std::mem::transmute(r.cb);
                            if let Some(f) = f {
                                f(c, dom, r.opaque as *mut c_void);
                            }
                        }
                    }
                    handles::release(dom as usize, Kind::Domain);
                }
            }
            Notice::Closed => {
                let close = lock(&conn.events).close;
                if let Some(CloseReg {
                    cb: Some(f),
                    opaque,
                    ..
                }) = close
                {
                    f(
                        conn_ptr as virConnectPtr,
                        VIR_CONNECT_CLOSE_REASON_EOF,
                        opaque as *mut c_void,
                    );
                }
            }
        }
    }
}

/// Arm the timer and start the watcher if this is the first callback.
fn listen(conn_ptr: usize, conn: &ConnObject, st: &mut EventState) -> Result<()> {
    if st.timer < 0 {
        // SAFETY: our own callback; the opaque is the connection handle's address, looked up
        // again in the registry when the timer fires
        let t = unsafe { virEventAddTimeout(-1, Some(flush), conn_ptr as *mut c_void, None) };
        if t < 0 {
            return Err(Error::new(
                VIR_FROM_DOMAIN,
                VIR_ERR_INTERNAL_ERROR,
                "could not initialize domain event timer",
            ));
        }
        st.timer = t;
    }
    let (queue, timer) = (st.queue.clone(), st.timer);
    let started = conn.driver.watch(Box::new(move |n| {
        lock(&queue).push_back(n);
        // SAFETY: the registered loop's update function with our timer
        unsafe { virEventUpdateTimeout(timer, 0) };
    }));
    if let Err(e) = started {
        if st.regs.is_empty() && st.close.is_none() {
            // SAFETY: removing the timer added above
            unsafe { virEventRemoveTimeout(st.timer) };
            st.timer = -1;
        }
        return Err(e);
    }
    Ok(())
}

/// Stop the watcher and the timer once nothing listens any more.
fn maybe_quiet(conn: &ConnObject, st: &mut EventState) {
    if !st.regs.is_empty() || st.close.is_some() {
        return;
    }
    conn.driver.unwatch();
    if st.timer >= 0 {
        // SAFETY: removing our own timer
        unsafe { virEventRemoveTimeout(st.timer) };
        st.timer = -1;
    }
    lock(&st.queue).clear();
}

/// Register a domain event callback; returns its id.
pub(crate) fn register(
    conn_ptr: virConnectPtr,
    conn: &Arc<ConnObject>,
    mut reg: Reg,
) -> Result<c_int> {
    let mut st = lock(&conn.events);
    if reg.legacy && st.regs.iter().any(|r| r.legacy && r.cb == reg.cb) {
        return Err(invalid("event callback already tracked".into()));
    }
    listen(conn_ptr as usize, conn, &mut st)?;
    reg.id = st.next_id;
    st.next_id += 1;
    st.regs.push(reg);
    handles::add_ref(conn_ptr as usize, Kind::Connect);
    Ok(reg.id)
}

/// A callback to deregister: by id, or (`virConnectDomainEventDeregister`) by its function.
pub(crate) enum Which {
    Id(c_int),
    Legacy(usize),
}

/// Deregister a callback.
pub(crate) fn deregister(
    conn_ptr: virConnectPtr,
    conn: &Arc<ConnObject>,
    which: Which,
) -> Result<()> {
    let reg = {
        let mut st = lock(&conn.events);
        let pos = st.regs.iter().position(|r| match which {
            Which::Id(id) => r.id == id && !r.legacy,
            Which::Legacy(cb) => r.legacy && r.cb == cb,
        });
        let Some(pos) = pos else {
            return Err(invalid(match which {
                Which::Id(id) => format!("could not find event callback {id} for deletion"),
                Which::Legacy(_) => "could not find event callback for removal".into(),
            }));
        };
        let reg = st.regs.remove(pos);
        maybe_quiet(conn, &mut st);
        reg
    };
    if let Some(f) = reg.freecb {
        // SAFETY: the caller's free callback with the opaque it registered
        unsafe { f(reg.opaque as *mut c_void) };
    }
    handles::release(conn_ptr as usize, Kind::Connect);
    Ok(())
}

/// `virConnectRegisterCloseCallback`: a second registration is ignored, as libvirt's.
pub(crate) fn register_close(
    conn_ptr: virConnectPtr,
    conn: &Arc<ConnObject>,
    cb: virConnectCloseFunc,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> Result<()> {
    let mut st = lock(&conn.events);
    if st.close.is_some() {
        return Ok(());
    }
    listen(conn_ptr as usize, conn, &mut st)?;
    st.close = Some(CloseReg {
        cb,
        opaque: opaque as usize,
        freecb,
    });
    handles::add_ref(conn_ptr as usize, Kind::Connect);
    Ok(())
}

/// `virConnectUnregisterCloseCallback`.
pub(crate) fn unregister_close(
    conn_ptr: virConnectPtr,
    conn: &Arc<ConnObject>,
    cb: virConnectCloseFunc,
) -> Result<()> {
    let close = {
        let mut st = lock(&conn.events);
        match st.close {
            Some(c) if c.cb.map(|f| f as usize) == cb.map(|f| f as usize) => {}
            _ => {
                return Err(Error::new(
                    VIR_FROM_DOMAIN,
                    VIR_ERR_OPERATION_INVALID,
                    "A different callback was requested",
                ))
            }
        }
        let c = st.close.take();
        maybe_quiet(conn, &mut st);
        c
    };
    if let Some(CloseReg {
        freecb: Some(f),
        opaque,
        ..
    }) = close
    {
        // SAFETY: the caller's free callback with the opaque it registered
        unsafe { f(opaque as *mut c_void) };
    }
    handles::release(conn_ptr as usize, Kind::Connect);
    Ok(())
}
