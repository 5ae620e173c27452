//! Domain events without polling: one background thread per connection, while anything listens,
//! waits on a property collector of its own (`WaitForUpdatesEx`) for changes to the VMs in its scope
//! (their identity, power state and boot time) and turns them into libvirt's lifecycle and
//! reboot events. The thread also notices the server going away, which closes the connection.
//!
//! Events come from comparing each VM's new state with the one known before, so that an update
//! repeating a state (or several changes reported at once) gives each event once.

use super::domain::{identity, state_of, Domain, IDENTITY, STATE_PAUSED, STATE_RUNNING};
use super::Connection;
use crate::error::{Error, Result};
use crate::vsphere::{
    Client, MoRef, ObjectContent, PropertyFilterSpec, PropertySpec, UpdateKind, UpdateSet, ViError,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// `VIR_DOMAIN_EVENT_*` and their details, as libvirt numbers them.
pub mod lifecycle {
    pub const DEFINED: i32 = 0;
    pub const UNDEFINED: i32 = 1;
    pub const STARTED: i32 = 2;
    pub const SUSPENDED: i32 = 3;
    pub const RESUMED: i32 = 4;
    pub const STOPPED: i32 = 5;
    /// `..._DEFINED_ADDED`, `..._UNDEFINED_REMOVED`, `..._STARTED_BOOTED`,
    /// `..._SUSPENDED_PAUSED`, `..._RESUMED_UNPAUSED`: each 0
    pub const DETAIL_DEFAULT: i32 = 0;
    /// `VIR_DOMAIN_EVENT_STOPPED_DESTROYED`: VMware's power-off is a hard stop
    pub const STOPPED_DESTROYED: i32 = 1;
}

/// What happened to a domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// `VIR_DOMAIN_EVENT_ID_LIFECYCLE` with its event and detail
    Lifecycle { event: i32, detail: i32 },
    /// `VIR_DOMAIN_EVENT_ID_REBOOT`
    Reboot,
}

/// What the watcher reports.
#[derive(Debug, Clone)]
pub enum Notice {
    Domain(Domain, EventKind),
    /// The server went away: the connection is dead.
    Closed,
}

/// How long one wait may block on the server; also how long stopping may take if
/// `CancelWaitForUpdates` fails.
const WAIT_SECONDS: i32 = 1;

/// The properties watched.
fn properties() -> Vec<&'static str> {
    let mut p = IDENTITY.to_vec();
    p.push("runtime.bootTime");
    p
}

/// A VM as last seen.
#[derive(Clone)]
struct Known {
    props: ObjectContent,
    domain: Option<Domain>,
}

impl Known {
    fn state(&self) -> i32 {
        state_of(self.props.get_str("runtime.powerState"))
    }
    fn boot_time(&self) -> Option<String> {
        self.props.get_str("runtime.bootTime").map(str::to_string)
    }
}

/// The events between two states of a VM (`None`: it did not exist).
fn transitions(before: Option<i32>, after: Option<i32>, rebooted: bool) -> Vec<EventKind> {
    use lifecycle::*;
    let ev = |event, detail| EventKind::Lifecycle { event, detail };
    let off = super::domain::STATE_SHUTOFF;
    let mut out = vec![];
    match (before, after) {
        (None, Some(s)) => {
            out.push(ev(DEFINED, DETAIL_DEFAULT));
            if s != off {
                out.push(ev(STARTED, DETAIL_DEFAULT));
            }
            if s == STATE_PAUSED {
                out.push(ev(SUSPENDED, DETAIL_DEFAULT));
            }
        }
        (Some(s), None) => {
            if s != off {
                out.push(ev(STOPPED, STOPPED_DESTROYED));
            }
            out.push(ev(UNDEFINED, DETAIL_DEFAULT));
        }
        (Some(a), Some(b)) if a != b => match (a, b) {
            (_, s) if s == off => out.push(ev(STOPPED, STOPPED_DESTROYED)),
            (a, STATE_RUNNING) if a == off => out.push(ev(STARTED, DETAIL_DEFAULT)),
            (STATE_PAUSED, STATE_RUNNING) => out.push(ev(RESUMED, DETAIL_DEFAULT)),
            (STATE_RUNNING, STATE_PAUSED) => out.push(ev(SUSPENDED, DETAIL_DEFAULT)),
            (a, STATE_PAUSED) if a == off => {
                out.push(ev(STARTED, DETAIL_DEFAULT));
                out.push(ev(SUSPENDED, DETAIL_DEFAULT));
            }
            _ => {}
        },
        (Some(a), Some(_)) if rebooted && a == STATE_RUNNING => out.push(EventKind::Reboot),
        _ => {}
    }
    out
}

/// The VMs' last known state, and what an update set changes in it.
#[derive(Default)]
struct World {
    vms: HashMap<MoRef, Known>,
}

impl World {
    /// Apply `set`; returns the events, in the server's order.
    fn apply(&mut self, set: &UpdateSet) -> Vec<(Domain, EventKind)> {
        let mut out = vec![];
        for u in &set.objects {
            if u.obj.ty != "VirtualMachine" {
                continue;
            }
            if u.kind == UpdateKind::Leave {
                if let Some(k) = self.vms.remove(&u.obj) {
                    out.extend(events_of(&k, Some(k.state()), None, false));
                }
                continue;
            }
            let old = self.vms.get(&u.obj).cloned();
            let mut props = old.as_ref().map_or_else(
                || ObjectContent {
                    obj: u.obj.clone(),
                    prop_set: vec![],
                    missing_set: vec![],
                },
                |k| k.props.clone(),
            );
            for (name, val) in &u.changes {
                props.prop_set.retain(|p| p.name != *name);
                if let Some(v) = val {
                    props.prop_set.push(crate::vsphere::DynamicProperty {
                        name: name.clone(),
                        val: v.clone(),
                    });
                }
            }
            let mut now = Known {
                domain: identity(&props).ok(),
                props,
            };
            if now.domain.is_none() {
                now.domain = old.as_ref().and_then(|o| o.domain.clone());
            }
            // a VM that runs on with a new boot time rebooted (a first boot time counts too:
            // vcsim starts its VMs without one)
            let rebooted = old
                .as_ref()
                .is_some_and(|o| now.boot_time().is_some() && o.boot_time() != now.boot_time());
            out.extend(events_of(
                &now,
                old.as_ref().map(Known::state),
                Some(now.state()),
                rebooted,
            ));
            self.vms.insert(u.obj.clone(), now);
        }
        out
    }
}

fn events_of(
    k: &Known,
    before: Option<i32>,
    after: Option<i32>,
    rebooted: bool,
) -> Vec<(Domain, EventKind)> {
    let Some(d) = &k.domain else { return vec![] };
    // the id a running domain has, -1 once it stops
    let mut d = d.clone();
    if after == Some(super::domain::STATE_SHUTOFF) || after.is_none() {
        d.id = -1;
    }
    transitions(before, after, rebooted)
        .into_iter()
        .map(|e| (d.clone(), e))
        .collect()
}

/// The running watcher; dropping it stops the thread and waits for it.
pub struct Watcher {
    client: Arc<Client>,
    collector: MoRef,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.client.cancel_wait_for_updates(&self.collector);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let _ = self.client.destroy_watch_collector(&self.collector);
    }
}

impl Connection {
    /// Whether the server was still there at the watcher's last word (always, without one).
    pub fn is_alive(&self) -> bool {
        self.alive.load(Ordering::SeqCst)
    }

    /// Start watching unless already watching: a collector of its own, the current state read
    /// (three SOAP calls), then a thread that hands each later change to `sink` until
    /// [`Connection::unwatch`].
    pub fn watch(&self, sink: Box<dyn Fn(Notice) + Send>) -> Result<()> {
        let mut w = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        if w.is_none() {
            *w = Some(self.start_watcher(sink)?);
        }
        Ok(())
    }

    /// Stop watching (the thread is gone when this returns).
    pub fn unwatch(&self) {
        let w = self
            .watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        drop(w);
    }

    fn start_watcher(&self, sink: Box<dyn Fn(Notice) + Send>) -> Result<Watcher> {
        let s = &self.primary;
        let spec = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new("VirtualMachine", &properties())],
            object_set: super::stats::scope_vms(s),
        };
        let client = s.client.clone();
        let collector = client.create_watch_collector(&spec)?;
        let mut world = World::default();
        let first = match client.wait_for_updates(&collector, "", WAIT_SECONDS) {
            Ok(f) => f.unwrap_or_default(),
            Err(e) => {
                let _ = client.destroy_watch_collector(&collector);
                return Err(Error::from(e));
            }
        };
        world.apply(&first);
        let stop = Arc::new(AtomicBool::new(false));
        let alive = self.alive.clone();
        let thread = {
            let (client, collector, stop) = (client.clone(), collector.clone(), stop.clone());
            std::thread::Builder::new()
                .name("esx-events".into())
                .spawn(move || {
                    run(
                        &client,
                        &collector,
                        &stop,
                        world,
                        first.version,
                        &alive,
                        &*sink,
                    )
                })
                .map_err(|e| Error::internal(format!("cannot start the event thread: {e}")))?
        };
        Ok(Watcher {
            client,
            collector,
            stop,
            thread: Some(thread),
        })
    }
}

/// The watcher's loop.
fn run(
    client: &Client,
    collector: &MoRef,
    stop: &AtomicBool,
    mut world: World,
    mut version: String,
    alive: &AtomicBool,
    sink: &dyn Fn(Notice),
) {
    let mut failures = 0;
    while !stop.load(Ordering::SeqCst) {
        match client.wait_for_updates(collector, &version, WAIT_SECONDS) {
            Ok(Some(set)) => {
                failures = 0;
                for (d, e) in world.apply(&set) {
                    sink(Notice::Domain(d, e));
                }
                version = set.version;
            }
            Ok(None) => failures = 0,
            Err(_) if stop.load(Ordering::SeqCst) => break,
            Err(ViError::Fault(_)) => {
                // the collector went (e.g. with an expired session): the next wait, after the
                // client's re-login, fails again and ends the watch
                failures += 1;
                if failures > 3 {
                    break;
                }
            }
            Err(_) => {
                // no answer at all: once more after a pause, then the server is gone
                failures += 1;
                if failures > 1 {
                    alive.store(false, Ordering::SeqCst);
                    sink(Notice::Closed);
                    break;
                }
                std::thread::sleep(Duration::from_millis(300));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lifecycle::*;
    use super::*;
    use crate::driver::domain::STATE_SHUTOFF;

    fn ev(event: i32, detail: i32) -> EventKind {
        EventKind::Lifecycle { event, detail }
    }

    #[test]
    fn power_changes_are_libvirt_events() {
        assert_eq!(
            transitions(None, Some(STATE_SHUTOFF), false),
            vec![ev(DEFINED, 0)]
        );
        assert_eq!(
            transitions(Some(STATE_SHUTOFF), Some(STATE_RUNNING), false),
            vec![ev(STARTED, 0)]
        );
        assert_eq!(
            transitions(Some(STATE_RUNNING), Some(STATE_PAUSED), false),
            vec![ev(SUSPENDED, 0)]
        );
        assert_eq!(
            transitions(Some(STATE_PAUSED), Some(STATE_RUNNING), false),
            vec![ev(RESUMED, 0)]
        );
        assert_eq!(
            transitions(Some(STATE_RUNNING), Some(STATE_SHUTOFF), false),
            vec![ev(STOPPED, STOPPED_DESTROYED)]
        );
        assert_eq!(
            transitions(Some(STATE_SHUTOFF), None, false),
            vec![ev(UNDEFINED, 0)]
        );
        assert_eq!(
            transitions(Some(STATE_RUNNING), Some(STATE_RUNNING), true),
            vec![EventKind::Reboot]
        );
        assert!(transitions(Some(STATE_RUNNING), Some(STATE_RUNNING), false).is_empty());
    }
}
