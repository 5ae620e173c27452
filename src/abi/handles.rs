//! The objects C holds pointers to: reference counted, thread-safe, and checked before use.
//!
//! Every handle given to C is registered here under its address and kind. A pointer is only
//! dereferenced after the registry has confirmed it is a live handle of the expected kind, so a
//! NULL, freed or foreign pointer is an error rather than a crash. `...Ref` adds a public
//! reference and `...Free` drops one; the last one releases the object once. A child object
//! holds a public reference on its parent (a domain or a stream on its connection, a snapshot on
//! its domain), as libvirt's objects do.

use once_cell::sync::Lazy;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Connect,
    Domain,
    DomainSnapshot,
    DomainCheckpoint,
    Network,
    NetworkPort,
    Interface,
    StoragePool,
    StorageVol,
    NodeDevice,
    Secret,
    Stream,
    NWFilter,
    NWFilterBinding,
}

struct Entry {
    kind: Kind,
    refs: usize,
    object: Arc<dyn Any + Send + Sync>,
    parent: Option<usize>,
}

static TABLE: Lazy<Mutex<HashMap<usize, Entry>>> = Lazy::new(|| Mutex::new(HashMap::new()));

fn table() -> MutexGuard<'static, HashMap<usize, Entry>> {
    // a panic while the lock was held cannot leave the map half-changed: every change is one
    // insert, remove or counter update
    TABLE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Register a new object with one public reference; `parent` (a registered handle) gains one.
/// Returns the address C sees.
pub(crate) fn register<T: Any + Send + Sync>(
    kind: Kind,
    object: Arc<T>,
    parent: Option<usize>,
) -> usize {
    // distinct objects need distinct addresses
    const { assert!(std::mem::size_of::<T>() > 0) };
    let addr = Arc::as_ptr(&object) as *const u8 as usize;
    let mut t = table();
    if let Some(p) = parent {
        if let Some(e) = t.get_mut(&p) {
            e.refs += 1;
        }
    }
    t.insert(
        addr,
        Entry {
            kind,
            refs: 1,
            object,
            parent,
        },
    );
    addr
}

/// The live object at `addr` if it is a handle of `kind`.
pub(crate) fn get<T: Any + Send + Sync>(addr: usize, kind: Kind) -> Option<Arc<T>> {
    if addr == 0 {
        return None;
    }
    let object = {
        let t = table();
        let e = t.get(&addr)?;
        if e.kind != kind {
            return None;
        }
        e.object.clone()
    };
    object.downcast::<T>().ok()
}

/// Add a public reference. False when `addr` is not a live handle of `kind`.
pub(crate) fn add_ref(addr: usize, kind: Kind) -> bool {
    let mut t = table();
    match t.get_mut(&addr) {
        Some(e) if e.kind == kind => {
            e.refs += 1;
            true
        }
        _ => false,
    }
}

/// Drop a public reference. `None` when `addr` is not a live handle of `kind`; otherwise whether
/// this released the object. Objects are dropped after the registry lock is let go, since
/// dropping a connection may talk to the server.
pub(crate) fn release(addr: usize, kind: Kind) -> Option<bool> {
    let mut released: Vec<Arc<dyn Any + Send + Sync>> = Vec::new();
    let result = {
        let mut t = table();
        match t.get(&addr) {
            Some(e) if e.kind == kind => {}
            _ => return None,
        }
        let mut next = Some(addr);
        let mut first = None;
        while let Some(a) = next.take() {
            let Some(e) = t.get_mut(&a) else { break };
            e.refs -= 1;
            let gone = e.refs == 0;
            if first.is_none() {
                first = Some(gone);
            }
            if gone {
                if let Some(e) = t.remove(&a) {
                    next = e.parent;
                    released.push(e.object);
                }
            }
        }
        first
    };
    drop(released);
    result
}

/// Whether `addr` is (still) a live handle of `kind`.
pub(crate) fn is_live(addr: usize, kind: Kind) -> bool {
    table().get(&addr).is_some_and(|e| e.kind == kind)
}
