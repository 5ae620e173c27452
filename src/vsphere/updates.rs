//! Watching changes with a property collector of one's own: `CreatePropertyCollector`, a filter
//! on it, `WaitForUpdatesEx` in a loop, `CancelWaitForUpdates` from another thread to end a
//! wait at once, `DestroyPropertyCollector`. A collector of its own keeps these updates apart
//! from the session's collector, which task waits use.

use super::client::Client;
use super::error::ViResult;
use super::soap::{Obj, ToVal, Val};
use super::types::{FromNode, MoRef, PropertyFilterSpec};
use super::xml::Node;

/// What happened to one object (`ObjectUpdate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    /// It entered the filter's set (new, or every object in a first answer).
    Enter,
    Modify,
    /// It left the set (gone).
    Leave,
}

/// One object's update: its kind and the properties that changed (`None`: removed).
#[derive(Debug, Clone)]
pub struct ObjectUpdate {
    pub kind: UpdateKind,
    pub obj: MoRef,
    pub changes: Vec<(String, Option<Node>)>,
}

/// An `UpdateSet`: the version to wait from next, and the objects' updates.
#[derive(Debug, Clone, Default)]
pub struct UpdateSet {
    pub version: String,
    pub objects: Vec<ObjectUpdate>,
}

impl UpdateSet {
    fn from_node(n: &Node) -> UpdateSet {
        let mut objects = vec![];
        for fs in n.children_named("filterSet") {
            for os in fs.children_named("objectSet") {
                let Some(obj) = os.child("obj").and_then(|o| MoRef::from_node(o).ok()) else {
                    continue;
                };
                let kind = match os.child_text("kind").unwrap_or("").trim() {
                    "enter" => UpdateKind::Enter,
                    "leave" => UpdateKind::Leave,
                    _ => UpdateKind::Modify,
                };
                let changes = os
                    .children_named("changeSet")
                    .map(|cs| {
                        let name = cs.child_text("name").unwrap_or("").trim().to_string();
                        let removed = cs.child_text("op").unwrap_or("assign").trim() == "remove";
                        (
                            name,
                            if removed {
                                None
                            } else {
                                cs.child("val").cloned()
                            },
                        )
                    })
                    .collect();
                objects.push(ObjectUpdate { kind, obj, changes });
            }
        }
        UpdateSet {
            version: n.child_text("version").unwrap_or_default().to_string(),
            objects,
        }
    }
}

impl Client {
    /// A new property collector for this session, with a filter for `spec` on it.
    pub fn create_watch_collector(&self, spec: &PropertyFilterSpec) -> ViResult<MoRef> {
        let pc = self.service_content().property_collector.clone();
        let collector: MoRef = self.invoke_one("CreatePropertyCollector", &pc, &[])?;
        let filter: ViResult<MoRef> = self.invoke_one(
            "CreateFilter",
            &collector,
            &[
                ("spec", spec.to_val()),
                ("partialUpdates", Val::from(false)),
            ],
        );
        if let Err(e) = filter {
            let _ = self.destroy_watch_collector(&collector);
            return Err(e);
        }
        Ok(collector)
    }

    /// `WaitForUpdatesEx` on `collector` from `version` ("" for everything), for at most
    /// `max_wait` seconds; `None` when nothing changed in that time.
    pub fn wait_for_updates(
        &self,
        collector: &MoRef,
        version: &str,
        max_wait: i32,
    ) -> ViResult<Option<UpdateSet>> {
        let options = Obj::new("WaitOptions").field("maxWaitSeconds", max_wait);
        let reply = self.invoke(
            "WaitForUpdatesEx",
            collector,
            &[
                ("version", Val::from(version)),
                ("options", Val::from(options)),
            ],
        )?;
        Ok(reply.first().map(UpdateSet::from_node))
    }

    /// End another thread's wait on `collector` now (it fails with `RequestCanceled`).
    pub fn cancel_wait_for_updates(&self, collector: &MoRef) -> ViResult<()> {
        self.invoke("CancelWaitForUpdates", collector, &[])
            .map(|_| ())
    }

    /// Destroy a collector made by [`Client::create_watch_collector`] and its filter.
    pub fn destroy_watch_collector(&self, collector: &MoRef) -> ViResult<()> {
        self.invoke("DestroyPropertyCollector", collector, &[])
            .map(|_| ())
    }
}
