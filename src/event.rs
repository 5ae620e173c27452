//! The default event loop, behaving as libvirt 9.0's (`vireventglib.c` over a glib main context):
//!
//! * handles (watches) and timers get ids from 1 up, each kind counting on its own;
//! * a handle with events 0 is registered but not polled; a timer with interval -1 is disabled,
//!   0 fires on every iteration, n fires n ms after it was (re)armed or last fired;
//! * removal is immediate for lookups and dispatch, but the free callback runs later, inside an
//!   iteration of the loop, so a callback may remove its own handle while still using its opaque
//!   data: handles' free callbacks make an iteration of their own ahead of everything else (glib's
//!   high priority), timers' wait for an iteration where no handle or timer is ready (glib's idle
//!   priority: a timer firing on every iteration starves them, in libvirt as here);
//! * one iteration ([`run_once`]) polls, then dispatches what is ready in creation order of the
//!   underlying sources; a source destroyed or re-created during the iteration is skipped;
//! * it is thread-safe: while one thread polls, changes made by another wake the poll through an
//!   eventfd; only one thread iterates at a time (others wait their turn), and the loop's thread
//!   may iterate recursively from a callback.
//!
//! Callbacks are C functions: no lock is held while one runs.

use crate::abi::types::{
    virEventHandleCallback, virEventTimeoutCallback, virFreeCallback, VIR_EVENT_HANDLE_ERROR,
    VIR_EVENT_HANDLE_HANGUP, VIR_EVENT_HANDLE_READABLE, VIR_EVENT_HANDLE_WRITABLE, VIR_FROM_EVENT,
};
use crate::error::{code, Error, Result};
use std::os::raw::{c_int, c_short, c_void};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// `VIR_EVENT_HANDLE_*` flags as poll(2) events.
pub fn events_to_poll(events: c_int) -> c_short {
    let mut p = 0;
    if events & VIR_EVENT_HANDLE_READABLE != 0 {
        p |= libc::POLLIN;
    }
    if events & VIR_EVENT_HANDLE_WRITABLE != 0 {
        p |= libc::POLLOUT;
    }
    if events & VIR_EVENT_HANDLE_ERROR != 0 {
        p |= libc::POLLERR;
    }
    if events & VIR_EVENT_HANDLE_HANGUP != 0 {
        p |= libc::POLLHUP;
    }
    p
}

/// poll(2) results as `VIR_EVENT_HANDLE_*` flags (an invalid descriptor counts as an error).
pub fn poll_to_events(revents: c_short) -> c_int {
    let mut e = 0;
    if revents & libc::POLLIN != 0 {
        e |= VIR_EVENT_HANDLE_READABLE;
    }
    if revents & libc::POLLOUT != 0 {
        e |= VIR_EVENT_HANDLE_WRITABLE;
    }
    if revents & (libc::POLLERR | libc::POLLNVAL) != 0 {
        e |= VIR_EVENT_HANDLE_ERROR;
    }
    if revents & libc::POLLHUP != 0 {
        e |= VIR_EVENT_HANDLE_HANGUP;
    }
    e
}

/// What a handle's poll source waits for: its events plus hang-up and error, always.
fn watched(events: c_int) -> c_short {
    events_to_poll(events) | libc::POLLHUP | libc::POLLERR
}

/// The poll timeout for a timer due at `due`: 0 if due, else the time left rounded up to ms.
pub fn timeout_ms(due: Instant, now: Instant) -> c_int {
    let left = due.saturating_duration_since(now);
    let ms = left.as_nanos().div_ceil(1_000_000);
    c_int::try_from(ms).unwrap_or(c_int::MAX)
}

struct Handle {
    watch: c_int,
    fd: c_int,
    events: c_int,
    cb: virEventHandleCallback,
    opaque: usize,
    ff: virFreeCallback,
    /// The sequence number of the poll source (None when events are 0 or after removal).
    source: Option<u64>,
    /// Removed, with the sequence number of the pending free callback: invisible to lookups.
    removed: Option<u64>,
}

struct Timer {
    timer: c_int,
    interval: c_int,
    cb: virEventTimeoutCallback,
    opaque: usize,
    ff: virFreeCallback,
    /// The armed source: its sequence number and when it is due.
    source: Option<(u64, Instant)>,
    /// Removed, with the sequence number of the pending free callback.
    removed: Option<u64>,
}

struct Loop {
    next_watch: c_int,
    next_timer: c_int,
    next_seq: u64,
    handles: Vec<Handle>,
    timers: Vec<Timer>,
    /// The thread iterating, and how deep (a callback may iterate again).
    owner: Option<ThreadId>,
    depth: usize,
    /// The eventfd that interrupts a poll; -1 until first needed.
    wake_fd: c_int,
}

static LOOP: Mutex<Loop> = Mutex::new(Loop {
    next_watch: 1,
    next_timer: 1,
    next_seq: 1,
    handles: Vec::new(),
    timers: Vec::new(),
    owner: None,
    depth: 0,
    wake_fd: -1,
});
static TURN: Condvar = Condvar::new();

fn lock() -> MutexGuard<'static, Loop> {
    LOOP.lock().unwrap_or_else(|p| p.into_inner())
}

impl Loop {
    fn seq(&mut self) -> u64 {
        let s = self.next_seq;
        self.next_seq += 1;
        s
    }

    fn handle(&mut self, watch: c_int) -> Option<&mut Handle> {
        self.handles
            .iter_mut()
            .find(|h| h.watch == watch && h.removed.is_none())
    }

    fn timer(&mut self, timer: c_int) -> Option<&mut Timer> {
        self.timers
            .iter_mut()
            .find(|t| t.timer == timer && t.removed.is_none())
    }

    fn arm(&mut self, interval: c_int) -> Option<(u64, Instant)> {
        let ms = u64::try_from(interval).ok()?;
        Some((self.seq(), Instant::now() + Duration::from_millis(ms)))
    }

    /// Interrupt the poll of another thread iterating (as glib wakes a context owned elsewhere).
    fn wake(&mut self) {
        if self.owner.is_some_and(|o| o != thread::current().id()) && self.wake_fd >= 0 {
            // SAFETY: writing 8 bytes to our own eventfd
            unsafe { libc::eventfd_write(self.wake_fd, 1) };
        }
    }

    fn ensure_wake_fd(&mut self) -> Result<c_int> {
        if self.wake_fd < 0 {
            // SAFETY: creates a descriptor owned by the loop for the life of the process
            let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
            if fd < 0 {
                let err = std::io::Error::last_os_error();
                return Err(Error::new(
                    VIR_FROM_EVENT,
                    code::INTERNAL_ERROR,
                    format!("unable to create the event loop's wakeup descriptor: {err}"),
                ));
            }
            self.wake_fd = fd;
        }
        Ok(self.wake_fd)
    }
}

/// Register `fd` for `events` (`VIR_EVENT_HANDLE_*`); returns the watch id.
pub fn add_handle(
    fd: c_int,
    events: c_int,
    cb: virEventHandleCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    let mut l = lock();
    let watch = l.next_watch;
    l.next_watch = l.next_watch.wrapping_add(1);
    let source = (events != 0).then(|| l.seq());
    l.handles.push(Handle {
        watch,
        fd,
        events,
        cb,
        opaque: opaque as usize,
        ff,
        source,
        removed: None,
    });
    l.wake();
    watch
}

/// Change the events a watch waits for; 0 stops polling it. Unknown watches are ignored.
pub fn update_handle(watch: c_int, events: c_int) {
    let mut l = lock();
    let seq = l.next_seq;
    let Some(h) = l.handle(watch) else { return };
    if events != 0 {
        if events == h.events {
            return;
        }
        h.source = Some(seq);
        h.events = events;
        l.next_seq += 1;
    } else {
        if h.source.is_none() {
            return;
        }
        h.source = None;
        h.events = 0;
    }
    l.wake();
}

/// Remove a watch: 0, or -1 if unknown. Its free callback runs in a later iteration.
pub fn remove_handle(watch: c_int) -> c_int {
    let mut l = lock();
    let seq = l.next_seq;
    let Some(h) = l.handle(watch) else { return -1 };
    h.source = None;
    h.events = 0;
    h.removed = Some(seq);
    l.next_seq += 1;
    l.wake();
    0
}

/// Add a timer firing every `interval` ms (0: every iteration; negative: disabled); returns its id.
pub fn add_timeout(
    interval: c_int,
    cb: virEventTimeoutCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    let mut l = lock();
    let timer = l.next_timer;
    l.next_timer = l.next_timer.wrapping_add(1);
    let source = l.arm(interval);
    l.timers.push(Timer {
        timer,
        interval,
        cb,
        opaque: opaque as usize,
        ff,
        source,
        removed: None,
    });
    l.wake();
    timer
}

/// Re-arm a timer with a new interval from now (negative disables it). Unknown timers are ignored.
pub fn update_timeout(timer: c_int, interval: c_int) {
    let mut l = lock();
    let seq = l.next_seq;
    let Some(t) = l.timer(timer) else { return };
    if let Ok(ms) = u64::try_from(interval) {
        t.interval = interval;
        t.source = Some((seq, Instant::now() + Duration::from_millis(ms)));
        l.next_seq += 1;
    } else {
        if t.source.is_none() {
            return;
        }
        t.source = None;
    }
    l.wake();
}

/// Remove a timer: 0, or -1 if unknown. Its free callback runs in a later iteration.
pub fn remove_timeout(timer: c_int) -> c_int {
    let mut l = lock();
    let seq = l.next_seq;
    let Some(t) = l.timer(timer) else { return -1 };
    t.source = None;
    t.removed = Some(seq);
    l.next_seq += 1;
    l.wake();
    0
}

/// This thread's turn at iterating; given back on drop.
struct Turn;

impl Turn {
    fn take() -> Turn {
        let me = thread::current().id();
        let mut l = lock();
        while l.owner.is_some_and(|o| o != me) {
            l = TURN.wait(l).unwrap_or_else(|p| p.into_inner());
        }
        l.owner = Some(me);
        l.depth += 1;
        Turn
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut l = lock();
        l.depth = l.depth.saturating_sub(1);
        if l.depth == 0 {
            l.owner = None;
            TURN.notify_all();
        }
    }
}

/// Something ready in this iteration, in the order of its source's sequence number.
enum Ready {
    Handle {
        watch: c_int,
        seq: u64,
        events: c_int,
    },
    Timer {
        timer: c_int,
        seq: u64,
    },
    TimerFree {
        timer: c_int,
        seq: u64,
    },
}

impl Ready {
    fn seq(&self) -> u64 {
        match self {
            Ready::Handle { seq, .. } | Ready::Timer { seq, .. } | Ready::TimerFree { seq, .. } => {
                *seq
            }
        }
    }
}

/// Run the free callback of a removed object, if it has one.
fn free(ff: virFreeCallback, opaque: usize) {
    if let Some(f) = ff {
        // SAFETY: the caller's free callback with the opaque it registered
        unsafe { f(opaque as *mut c_void) }
    }
}

/// One iteration of the loop (`virEventRunDefaultImpl`): wait for a handle or timer to be ready
/// (blocking as long as it takes), then dispatch what is.
pub fn run_once() -> Result<()> {
    let _turn = Turn::take();

    // Pending handle removals outrank everything (glib's G_PRIORITY_HIGH idle): their free
    // callbacks alone make this iteration, in the order of removal.
    let mut freed: Vec<(u64, virFreeCallback, usize)> = {
        let mut l = lock();
        let mut freed = vec![];
        l.handles.retain(|h| match h.removed {
            Some(seq) => {
                freed.push((seq, h.ff, h.opaque));
                false
            }
            None => true,
        });
        freed
    };
    if !freed.is_empty() {
        freed.sort_by_key(|f| f.0);
        for (_, ff, opaque) in freed {
            free(ff, opaque);
        }
        return Ok(());
    }

    // What to poll, and for how long.
    let (mut fds, polled, timeout) = {
        let mut l = lock();
        let wake_fd = l.ensure_wake_fd()?;
        let mut fds = vec![libc::pollfd {
            fd: wake_fd,
            events: libc::POLLIN,
            revents: 0,
        }];
        let mut polled = vec![];
        for h in &l.handles {
            if let Some(seq) = h.source {
                fds.push(libc::pollfd {
                    fd: h.fd,
                    events: watched(h.events),
                    revents: 0,
                });
                polled.push((h.watch, seq));
            }
        }
        let now = Instant::now();
        let mut timeout: Option<c_int> = None;
        for t in &l.timers {
            let ms = match (t.removed, t.source) {
                (Some(_), _) => 0,
                (None, Some((_, due))) => timeout_ms(due, now),
                (None, None) => continue,
            };
            timeout = Some(timeout.map_or(ms, |m| m.min(ms)));
        }
        (fds, polled, timeout.unwrap_or(-1))
    };

    // SAFETY: `fds` is a live array of as many pollfd as passed
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) };
    if n < 0 {
        // glib treats a failed poll (EINTR, mostly) as nothing ready
        fds.iter_mut().for_each(|f| f.revents = 0);
    }
    if fds[0].revents != 0 {
        let mut v: libc::eventfd_t = 0;
        // SAFETY: draining our own non-blocking eventfd
        unsafe { libc::eventfd_read(fds[0].fd, &mut v) };
    }

    // What is ready.
    let now = Instant::now();
    let mut ready = vec![];
    {
        let l = lock();
        for (f, &(watch, seq)) in fds[1..].iter().zip(&polled) {
            // as libvirt's glib source: ready on what it watches (an invalid descriptor is not)
            let hit = f.revents & f.events;
            if hit != 0 {
                ready.push(Ready::Handle {
                    watch,
                    seq,
                    events: poll_to_events(hit),
                });
            }
        }
        for t in &l.timers {
            match (t.removed, t.source) {
                (Some(seq), _) => ready.push(Ready::TimerFree {
                    timer: t.timer,
                    seq,
                }),
                (None, Some((seq, due))) if due <= now => ready.push(Ready::Timer {
                    timer: t.timer,
                    seq,
                }),
                _ => {}
            }
        }
    }
    // As glib, only the most urgent priority ready runs: the free callbacks of removed timers
    // (an idle priority) wait for an iteration where no handle or timer is ready.
    if ready.iter().any(|r| !matches!(r, Ready::TimerFree { .. })) {
        ready.retain(|r| !matches!(r, Ready::TimerFree { .. }));
    }
    ready.sort_by_key(Ready::seq);

    // Dispatch, checking each is still current: an earlier callback may have changed it.
    for r in ready {
        match r {
            Ready::Handle { watch, seq, events } => {
                let call = {
                    let mut l = lock();
                    match l.handle(watch) {
                        Some(h) if h.source == Some(seq) => Some((h.cb, h.fd, h.opaque)),
                        _ => None,
                    }
                };
                if let Some((Some(cb), fd, opaque)) = call {
                    // SAFETY: the caller's callback with the arguments it registered
                    unsafe { cb(watch, fd, events, opaque as *mut c_void) };
                }
            }
            Ready::Timer { timer, seq } => {
                let call = {
                    let mut l = lock();
                    match l.timer(timer) {
                        Some(t) if t.source.is_some_and(|(s, _)| s == seq) => {
                            let next = now + Duration::from_millis(t.interval.max(0) as u64);
                            t.source = Some((seq, next));
                            Some((t.cb, t.opaque))
                        }
                        _ => None,
                    }
                };
                if let Some((Some(cb), opaque)) = call {
                    // SAFETY: the caller's callback with the arguments it registered
                    unsafe { cb(timer, opaque as *mut c_void) };
                }
            }
            Ready::TimerFree { timer, seq } => {
                let gone = {
                    let mut l = lock();
                    let pos = l
                        .timers
                        .iter()
                        .position(|t| t.timer == timer && t.removed == Some(seq));
                    pos.map(|i| l.timers.remove(i))
                };
                if let Some(t) = gone {
                    free(t.ff, t.opaque);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_flags_map_to_poll_and_back() {
        let all = VIR_EVENT_HANDLE_READABLE
            | VIR_EVENT_HANDLE_WRITABLE
            | VIR_EVENT_HANDLE_ERROR
            | VIR_EVENT_HANDLE_HANGUP;
        assert_eq!(poll_to_events(events_to_poll(all)), all);
        assert_eq!(events_to_poll(VIR_EVENT_HANDLE_READABLE), libc::POLLIN);
        assert_eq!(poll_to_events(libc::POLLNVAL), VIR_EVENT_HANDLE_ERROR);
        assert_eq!(
            watched(VIR_EVENT_HANDLE_WRITABLE),
            libc::POLLOUT | libc::POLLHUP | libc::POLLERR
        );
    }

    #[test]
    fn timeouts_round_up() {
        let now = Instant::now();
        assert_eq!(timeout_ms(now, now + Duration::from_millis(5)), 0);
        assert_eq!(timeout_ms(now + Duration::from_micros(1500), now), 2);
        assert_eq!(timeout_ms(now + Duration::from_millis(30), now), 30);
    }

    use std::sync::atomic::{AtomicI32, Ordering};

    static HANDLE_EVENTS: AtomicI32 = AtomicI32::new(0);
    static TIMER_HITS: AtomicI32 = AtomicI32::new(0);
    static FREES: AtomicI32 = AtomicI32::new(0);

    unsafe extern "C" fn on_handle(_watch: c_int, fd: c_int, events: c_int, _o: *mut c_void) {
        HANDLE_EVENTS.store(events, Ordering::SeqCst);
        let mut b = [0u8; 8];
        libc::read(fd, b.as_mut_ptr() as *mut c_void, b.len());
    }
    unsafe extern "C" fn on_timer(_timer: c_int, _o: *mut c_void) {
        TIMER_HITS.fetch_add(1, Ordering::SeqCst);
    }
    unsafe extern "C" fn on_free(_o: *mut c_void) {
        FREES.fetch_add(1, Ordering::SeqCst);
    }

    /// The only test touching the (process-wide) loop.
    #[test]
    fn loop_dispatches_and_defers_frees() {
        let mut fds = [0; 2];
        // SAFETY: a fresh pipe for this test
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        let w = add_handle(
            fds[0],
            VIR_EVENT_HANDLE_READABLE,
            Some(on_handle),
            std::ptr::null_mut(),
            Some(on_free),
        );
        assert!(w >= 1);
        // SAFETY: writing one byte to our pipe
        assert_eq!(
            unsafe { libc::write(fds[1], b"x".as_ptr() as *const c_void, 1) },
            1
        );
        assert!(run_once().is_ok());
        assert_eq!(
            HANDLE_EVENTS.load(Ordering::SeqCst),
            VIR_EVENT_HANDLE_READABLE
        );
        assert_eq!(remove_handle(w), 0);
        assert_eq!(remove_handle(w), -1);
        assert_eq!(FREES.load(Ordering::SeqCst), 0);
        assert!(run_once().is_ok());
        assert_eq!(FREES.load(Ordering::SeqCst), 1);

        let t = add_timeout(0, Some(on_timer), std::ptr::null_mut(), Some(on_free));
        assert!(run_once().is_ok() && run_once().is_ok());
        assert_eq!(TIMER_HITS.load(Ordering::SeqCst), 2);
        update_timeout(t, -1);
        update_timeout(t, 1);
        assert!(run_once().is_ok());
        assert_eq!(TIMER_HITS.load(Ordering::SeqCst), 3);
        assert_eq!(remove_timeout(t), 0);
        assert!(run_once().is_ok());
        assert_eq!(FREES.load(Ordering::SeqCst), 2);
        assert_eq!(TIMER_HITS.load(Ordering::SeqCst), 3);
        // SAFETY: closing our pipe
        unsafe {
            libc::close(fds[0]);
            libc::close(fds[1]);
        }
    }
}
