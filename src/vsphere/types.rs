//! The vSphere data types the client uses, each stated once: a struct, how it becomes a request
//! value ([`ToVal`]) and how it is read from a reply ([`FromNode`]).

use super::error::{ViError, ViResult};
use super::soap::{Obj, ToVal, Val};
use super::xml::Node;

/// A typed struct read from a reply element.
pub trait FromNode: Sized {
    fn from_node(node: &Node) -> ViResult<Self>;
}

fn missing(ty: &str, field: &str) -> ViError {
    ViError::internal(format!("{ty} is missing '{field}' property"))
}

fn req_text(node: &Node, ty: &str, field: &str) -> ViResult<String> {
    node.child(field)
        .map(|c| c.as_str().to_string())
        .ok_or_else(|| missing(ty, field))
}

fn opt_text(node: &Node, field: &str) -> Option<String> {
    node.child(field).map(|c| c.as_str().to_string())
}

fn opt_moref(node: &Node, field: &str) -> ViResult<Option<MoRef>> {
    node.child(field).map(MoRef::from_node).transpose()
}

fn req_moref(node: &Node, ty: &str, field: &str) -> ViResult<MoRef> {
    opt_moref(node, field)?.ok_or_else(|| missing(ty, field))
}

/// `ManagedObjectReference`: a server-side object's type and id.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MoRef {
    pub ty: String,
    pub value: String,
}

impl MoRef {
    pub fn new(ty: impl Into<String>, value: impl Into<String>) -> MoRef {
        MoRef {
            ty: ty.into(),
            value: value.into(),
        }
    }
}

/// Shows `type:value`, with any `session[...]` part of the value hidden: property filters and
/// collectors are named after the session key, which is a secret like the session cookie.
impl std::fmt::Display for MoRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.ty, redact_session(&self.value))
    }
}

impl std::fmt::Debug for MoRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MoRef({self})")
    }
}

/// Hides the contents of every `session[...]` in `s`.
pub fn redact_session(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("session[") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("session[") {
        out.push_str(&rest[..i + "session[".len()]);
        rest = &rest[i + "session[".len()..];
        match rest.find(']') {
            Some(j) => {
                out.push_str("...]");
                rest = &rest[j + 1..];
            }
            None => {
                out.push_str("...");
                rest = "";
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

impl FromNode for MoRef {
    fn from_node(node: &Node) -> ViResult<MoRef> {
        let ty = node
            .type_attr
            .clone()
            .ok_or_else(|| missing("ManagedObjectReference", "type"))?;
        Ok(MoRef::new(ty, node.as_str()))
    }
}

impl ToVal for MoRef {
    fn to_val(&self) -> Val {
        Val::MoRef(self.clone())
    }
}

impl FromNode for Node {
    fn from_node(node: &Node) -> ViResult<Node> {
        Ok(node.clone())
    }
}

impl FromNode for bool {
    fn from_node(node: &Node) -> ViResult<bool> {
        node.as_bool()
            .ok_or_else(|| ViError::internal(format!("'{}' is no boolean", node.as_str())))
    }
}

impl FromNode for i64 {
    fn from_node(node: &Node) -> ViResult<i64> {
        node.as_i64()
            .ok_or_else(|| ViError::internal(format!("'{}' is no integer", node.as_str())))
    }
}

impl FromNode for String {
    fn from_node(node: &Node) -> ViResult<String> {
        Ok(node.as_str().to_string())
    }
}

/// `AboutInfo`: what the server is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AboutInfo {
    pub name: String,
    pub full_name: String,
    pub vendor: String,
    pub version: String,
    pub build: String,
    pub os_type: String,
    pub product_line_id: String,
    /// `HostAgent` (ESX) or `VirtualCenter` (vCenter).
    pub api_type: String,
    pub api_version: String,
    pub instance_uuid: Option<String>,
    pub license_product_name: Option<String>,
    pub license_product_version: Option<String>,
}

impl FromNode for AboutInfo {
    fn from_node(n: &Node) -> ViResult<AboutInfo> {
        const T: &str = "AboutInfo";
        Ok(AboutInfo {
            name: req_text(n, T, "name")?,
            full_name: req_text(n, T, "fullName")?,
            vendor: req_text(n, T, "vendor")?,
            version: req_text(n, T, "version")?,
            build: req_text(n, T, "build")?,
            os_type: req_text(n, T, "osType")?,
            product_line_id: req_text(n, T, "productLineId")?,
            api_type: req_text(n, T, "apiType")?,
            api_version: req_text(n, T, "apiVersion")?,
            instance_uuid: opt_text(n, "instanceUuid"),
            license_product_name: opt_text(n, "licenseProductName"),
            license_product_version: opt_text(n, "licenseProductVersion"),
        })
    }
}

/// `ServiceContent`: the service's managers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceContent {
    pub root_folder: MoRef,
    pub property_collector: MoRef,
    pub about: AboutInfo,
    pub view_manager: Option<MoRef>,
    pub setting: Option<MoRef>,
    pub user_directory: Option<MoRef>,
    pub session_manager: Option<MoRef>,
    pub authorization_manager: Option<MoRef>,
    pub perf_manager: Option<MoRef>,
    pub event_manager: Option<MoRef>,
    pub task_manager: Option<MoRef>,
    pub account_manager: Option<MoRef>,
    pub license_manager: Option<MoRef>,
    pub search_index: Option<MoRef>,
    pub file_manager: Option<MoRef>,
    pub virtual_disk_manager: Option<MoRef>,
    pub ovf_manager: Option<MoRef>,
    pub custom_fields_manager: Option<MoRef>,
    pub dv_switch_manager: Option<MoRef>,
    pub datastore_namespace_manager: Option<MoRef>,
}

impl FromNode for ServiceContent {
    fn from_node(n: &Node) -> ViResult<ServiceContent> {
        const T: &str = "ServiceContent";
        Ok(ServiceContent {
            root_folder: req_moref(n, T, "rootFolder")?,
            property_collector: req_moref(n, T, "propertyCollector")?,
            about: AboutInfo::from_node(n.child("about").ok_or_else(|| missing(T, "about"))?)?,
            view_manager: opt_moref(n, "viewManager")?,
            setting: opt_moref(n, "setting")?,
            user_directory: opt_moref(n, "userDirectory")?,
            session_manager: opt_moref(n, "sessionManager")?,
            authorization_manager: opt_moref(n, "authorizationManager")?,
            perf_manager: opt_moref(n, "perfManager")?,
            event_manager: opt_moref(n, "eventManager")?,
            task_manager: opt_moref(n, "taskManager")?,
            account_manager: opt_moref(n, "accountManager")?,
            license_manager: opt_moref(n, "licenseManager")?,
            search_index: opt_moref(n, "searchIndex")?,
            file_manager: opt_moref(n, "fileManager")?,
            virtual_disk_manager: opt_moref(n, "virtualDiskManager")?,
            ovf_manager: opt_moref(n, "ovfManager")?,
            custom_fields_manager: opt_moref(n, "customFieldsManager")?,
            dv_switch_manager: opt_moref(n, "dvSwitchManager")?,
            datastore_namespace_manager: opt_moref(n, "datastoreNamespaceManager")?,
        })
    }
}

/// `UserSession`: the logged-in session. Its key is a secret: `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct UserSession {
    pub key: String,
    pub user_name: String,
    pub full_name: String,
    pub login_time: String,
    pub last_active_time: String,
}

impl std::fmt::Debug for UserSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserSession")
            .field("key", &"<hidden>")
            .field("user_name", &self.user_name)
            .field("full_name", &self.full_name)
            .field("login_time", &self.login_time)
            .finish()
    }
}

impl FromNode for UserSession {
    fn from_node(n: &Node) -> ViResult<UserSession> {
        const T: &str = "UserSession";
        Ok(UserSession {
            key: req_text(n, T, "key")?,
            user_name: req_text(n, T, "userName")?,
            full_name: opt_text(n, "fullName").unwrap_or_default(),
            login_time: opt_text(n, "loginTime").unwrap_or_default(),
            last_active_time: opt_text(n, "lastActiveTime").unwrap_or_default(),
        })
    }
}

/// `DynamicProperty`: one property's path and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicProperty {
    pub name: String,
    pub val: Node,
}

/// `MissingProperty`: a property the server could not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingProperty {
    pub path: String,
    pub fault: Option<LocalizedMethodFault>,
}

/// `ObjectContent`: an object and the properties asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectContent {
    pub obj: MoRef,
    pub prop_set: Vec<DynamicProperty>,
    pub missing_set: Vec<MissingProperty>,
}

impl ObjectContent {
    /// The value of property `name`, if the server sent it.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.prop_set
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.val)
    }

    /// The text of property `name`.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).map(|n| n.as_str())
    }

    /// Property `name` as a managed object reference.
    pub fn get_moref(&self, name: &str) -> Option<MoRef> {
        self.get(name).and_then(|n| MoRef::from_node(n).ok())
    }

    /// Property `name` as a list of managed object references (an `ArrayOfManagedObjectReference`).
    pub fn get_morefs(&self, name: &str) -> Vec<MoRef> {
        self.get(name)
            .map(|n| {
                n.children
                    .iter()
                    .filter_map(|c| MoRef::from_node(c).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl FromNode for ObjectContent {
    fn from_node(n: &Node) -> ViResult<ObjectContent> {
        ObjectContent::from_owned(n.clone())
    }
}

impl ObjectContent {
    /// [`FromNode::from_node`] taking the node, so the property values move rather than being
    /// copied (a page of a listing holds thousands of them).
    pub fn from_owned(n: Node) -> ViResult<ObjectContent> {
        const T: &str = "ObjectContent";
        let obj = req_moref(&n, T, "obj")?;
        let mut prop_set = Vec::new();
        let mut missing_set = Vec::new();
        for mut c in n.children {
            match c.name.as_str() {
                "propSet" => {
                    let name = req_text(&c, "DynamicProperty", "name")?;
                    let val = c
                        .children
                        .iter()
                        .position(|v| v.name == "val")
                        .ok_or_else(|| missing("DynamicProperty", "val"))?;
                    let val = c.children.swap_remove(val);
                    prop_set.push(DynamicProperty { name, val });
                }
                "missingSet" => missing_set.push(MissingProperty {
                    path: req_text(&c, "MissingProperty", "path")?,
                    fault: c
                        .child("fault")
                        .map(LocalizedMethodFault::from_node)
                        .transpose()?,
                }),
                _ => {}
            }
        }
        Ok(ObjectContent {
            obj,
            prop_set,
            missing_set,
        })
    }
}

/// `RetrieveResult`: a page of objects and the token for the next page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RetrieveResult {
    pub token: Option<String>,
    pub objects: Vec<ObjectContent>,
}

impl FromNode for RetrieveResult {
    fn from_node(n: &Node) -> ViResult<RetrieveResult> {
        RetrieveResult::from_owned(n.clone())
    }
}

impl RetrieveResult {
    /// [`FromNode::from_node`] taking the node (see [`ObjectContent::from_owned`]).
    pub fn from_owned(n: Node) -> ViResult<RetrieveResult> {
        Ok(RetrieveResult {
            token: opt_text(&n, "token").filter(|t| !t.is_empty()),
            objects: n
                .children
                .into_iter()
                .filter(|c| c.name == "objects")
                .map(ObjectContent::from_owned)
                .collect::<ViResult<_>>()?,
        })
    }
}

/// `PropertySpec`: which properties of which type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertySpec {
    pub ty: String,
    pub all: bool,
    pub path_set: Vec<String>,
}

impl PropertySpec {
    pub fn new(ty: impl Into<String>, paths: &[&str]) -> PropertySpec {
        PropertySpec {
            ty: ty.into(),
            all: false,
            path_set: paths.iter().map(|p| p.to_string()).collect(),
        }
    }
}

impl ToVal for PropertySpec {
    fn to_val(&self) -> Val {
        Obj::new("PropertySpec")
            .field("type", &self.ty)
            .field("all", self.all)
            .field("pathSet", self.path_set.clone())
            .into()
    }
}

/// `SelectionSpec`: a reference to a named traversal, or a traversal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionSpec {
    Name(String),
    Traversal(TraversalSpec),
}

/// `TraversalSpec`: follow property `path` of objects of type `ty`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraversalSpec {
    pub name: String,
    pub ty: String,
    pub path: String,
    pub skip: bool,
    pub select_set: Vec<SelectionSpec>,
}

impl TraversalSpec {
    /// A traversal named `name` from `ty` along `path`, reported (not skipped), then `select`.
    pub fn new(name: &str, ty: &str, path: &str, select: &[&str]) -> TraversalSpec {
        TraversalSpec {
            name: name.to_string(),
            ty: ty.to_string(),
            path: path.to_string(),
            skip: false,
            select_set: select
                .iter()
                .map(|s| SelectionSpec::Name(s.to_string()))
                .collect(),
        }
    }
}

impl ToVal for SelectionSpec {
    fn to_val(&self) -> Val {
        match self {
            SelectionSpec::Name(n) => Obj::new("SelectionSpec").field("name", n).into(),
            SelectionSpec::Traversal(t) => Obj::new("TraversalSpec")
                .field("name", &t.name)
                .field("type", &t.ty)
                .field("path", &t.path)
                .field("skip", t.skip)
                .field(
                    "selectSet",
                    t.select_set.iter().map(ToVal::to_val).collect::<Vec<_>>(),
                )
                .into(),
        }
    }
}

/// `ObjectSpec`: where to start and what to traverse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectSpec {
    pub obj: MoRef,
    pub skip: bool,
    pub select_set: Vec<SelectionSpec>,
}

impl ToVal for ObjectSpec {
    fn to_val(&self) -> Val {
        Obj::new("ObjectSpec")
            .field("obj", &self.obj)
            .field("skip", self.skip)
            .field(
                "selectSet",
                self.select_set
                    .iter()
                    .map(ToVal::to_val)
                    .collect::<Vec<_>>(),
            )
            .into()
    }
}

/// `PropertyFilterSpec`: properties wanted and objects to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyFilterSpec {
    pub prop_set: Vec<PropertySpec>,
    pub object_set: Vec<ObjectSpec>,
}

impl ToVal for PropertyFilterSpec {
    fn to_val(&self) -> Val {
        Obj::new("PropertyFilterSpec")
            .field(
                "propSet",
                self.prop_set.iter().map(ToVal::to_val).collect::<Vec<_>>(),
            )
            .field(
                "objectSet",
                self.object_set
                    .iter()
                    .map(ToVal::to_val)
                    .collect::<Vec<_>>(),
            )
            .into()
    }
}

/// `RetrieveOptions`: page size for `RetrievePropertiesEx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RetrieveOptions {
    pub max_objects: Option<i32>,
}

impl ToVal for RetrieveOptions {
    fn to_val(&self) -> Val {
        Obj::new("RetrieveOptions")
            .opt("maxObjects", self.max_objects)
            .into()
    }
}

/// `LocalizedMethodFault`: a fault inside a task or a missing property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalizedMethodFault {
    /// The fault's type (`InvalidPowerState`, ...).
    pub fault_type: String,
    /// The server's localized message (may be empty).
    pub message: String,
    /// The fault object itself.
    pub fault: Option<Node>,
}

impl FromNode for LocalizedMethodFault {
    fn from_node(n: &Node) -> ViResult<LocalizedMethodFault> {
        let fault = n.child("fault").cloned();
        let fault_type = fault
            .as_ref()
            .map(|f| f.type_name().to_string())
            .unwrap_or_default();
        let mut message = opt_text(n, "localizedMessage").unwrap_or_default();
        if message.is_empty() {
            // Some servers leave the localized message out; the fault's own faultMessage may say.
            if let Some(m) = fault
                .as_ref()
                .and_then(|f| f.path(&["faultMessage", "message"]))
            {
                message = m.as_str().to_string();
            }
        }
        Ok(LocalizedMethodFault {
            fault_type,
            message,
            fault,
        })
    }
}

/// `TaskInfoState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskInfoState {
    Queued,
    Running,
    Success,
    Error,
}

impl TaskInfoState {
    pub fn parse(s: &str) -> ViResult<TaskInfoState> {
        match s {
            "queued" => Ok(TaskInfoState::Queued),
            "running" => Ok(TaskInfoState::Running),
            "success" => Ok(TaskInfoState::Success),
            "error" => Ok(TaskInfoState::Error),
            other => Err(ViError::internal(format!(
                "Unknown value '{other}' for TaskInfoState"
            ))),
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, TaskInfoState::Success | TaskInfoState::Error)
    }
}

/// `TaskInfo`: a task's state, result or error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInfo {
    pub key: String,
    pub task: MoRef,
    pub name: Option<String>,
    pub description_id: String,
    pub entity: Option<MoRef>,
    pub entity_name: Option<String>,
    pub state: TaskInfoState,
    pub cancelled: bool,
    pub cancelable: bool,
    pub error: Option<LocalizedMethodFault>,
    pub result: Option<Node>,
    pub progress: Option<i64>,
}

impl FromNode for TaskInfo {
    fn from_node(n: &Node) -> ViResult<TaskInfo> {
        const T: &str = "TaskInfo";
        Ok(TaskInfo {
            key: req_text(n, T, "key")?,
            task: req_moref(n, T, "task")?,
            name: opt_text(n, "name"),
            description_id: opt_text(n, "descriptionId").unwrap_or_default(),
            entity: opt_moref(n, "entity")?,
            entity_name: opt_text(n, "entityName"),
            state: TaskInfoState::parse(&req_text(n, T, "state")?)?,
            cancelled: n
                .child("cancelled")
                .and_then(Node::as_bool)
                .unwrap_or(false),
            cancelable: n
                .child("cancelable")
                .and_then(Node::as_bool)
                .unwrap_or(false),
            error: n
                .child("error")
                .map(LocalizedMethodFault::from_node)
                .transpose()?,
            result: n.child("result").cloned(),
            progress: n.child("progress").and_then(Node::as_i64),
        })
    }
}

/// `VirtualMachineQuestionInfo`: a question a VM is waiting on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionInfo {
    pub id: String,
    pub text: String,
    /// `(key, label)` of each choice.
    pub choices: Vec<(String, String)>,
    pub default_index: Option<i64>,
}

impl FromNode for QuestionInfo {
    fn from_node(n: &Node) -> ViResult<QuestionInfo> {
        const T: &str = "VirtualMachineQuestionInfo";
        let choice = n.child("choice");
        let choices = choice
            .map(|c| {
                c.children_named("choiceInfo")
                    .map(|ci| {
                        (
                            opt_text(ci, "key").unwrap_or_default(),
                            opt_text(ci, "label").unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(QuestionInfo {
            id: req_text(n, T, "id")?,
            // as sent: libvirt quotes the text untrimmed in its messages
            text: n.child("text").map(|t| t.text.clone()).unwrap_or_default(),
            choices,
            default_index: choice
                .and_then(|c| c.child("defaultIndex"))
                .and_then(Node::as_i64),
        })
    }
}

/// `VirtualMachineSnapshotTree`: one snapshot of a VM and the snapshots taken after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotTree {
    pub snapshot: MoRef,
    pub name: String,
    /// `None` when the server left it out (ESX sends an empty one for none).
    pub description: Option<String>,
    /// `xsd:dateTime` as sent.
    pub create_time: String,
    /// The VM's `runtime.powerState` the snapshot restores.
    pub state: String,
    pub children: Vec<SnapshotTree>,
}

impl SnapshotTree {
    /// The trees of an `ArrayOfVirtualMachineSnapshotTree` (a VM's `snapshot.rootSnapshotList`).
    pub fn list(array: &Node) -> ViResult<Vec<SnapshotTree>> {
        array.children.iter().map(SnapshotTree::from_node).collect()
    }
}

impl FromNode for SnapshotTree {
    fn from_node(n: &Node) -> ViResult<SnapshotTree> {
        const T: &str = "VirtualMachineSnapshotTree";
        Ok(SnapshotTree {
            snapshot: req_moref(n, T, "snapshot")?,
            // as sent, untrimmed: names are compared and shown byte for byte
            name: n
                .child("name")
                .map(|c| c.text.clone())
                .ok_or_else(|| missing(T, "name"))?,
            description: n.child("description").map(|c| c.text.clone()),
            create_time: req_text(n, T, "createTime")?,
            state: req_text(n, T, "state")?,
            children: n
                .children_named("childSnapshotList")
                .map(SnapshotTree::from_node)
                .collect::<ViResult<_>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vsphere::soap::write_field;
    use crate::vsphere::xml;

    #[test]
    fn property_filter_spec_serializes_once_for_all() {
        let spec = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new(
                "VirtualMachine",
                &["name", "config.uuid"],
            )],
            object_set: vec![ObjectSpec {
                obj: MoRef::new("Folder", "group-d1"),
                skip: true,
                select_set: vec![
                    SelectionSpec::Traversal(TraversalSpec::new(
                        "folderToChildEntity",
                        "Folder",
                        "childEntity",
                        &["folderToChildEntity"],
                    )),
                    SelectionSpec::Name("x".into()),
                ],
            }],
        };
        let mut out = String::new();
        write_field(&mut out, "specSet", &spec.to_val());
        assert_eq!(
            out,
            "<specSet xsi:type=\"PropertyFilterSpec\">\
<propSet xsi:type=\"PropertySpec\"><type>VirtualMachine</type><all>false</all>\
<pathSet>name</pathSet><pathSet>config.uuid</pathSet></propSet>\
<objectSet xsi:type=\"ObjectSpec\"><obj type=\"Folder\">group-d1</obj><skip>true</skip>\
<selectSet xsi:type=\"TraversalSpec\"><name>folderToChildEntity</name><type>Folder</type>\
<path>childEntity</path><skip>false</skip><selectSet xsi:type=\"SelectionSpec\">\
<name>folderToChildEntity</name></selectSet></selectSet>\
<selectSet xsi:type=\"SelectionSpec\"><name>x</name></selectSet></objectSet></specSet>"
        );
    }

    #[test]
    fn object_content_with_untyped_array_items() {
        // vcsim's form: XMLSchema-instance prefix, array items without their own type attribute.
        let doc = r#"<returnval xmlns="urn:vim25" xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance"><objects><obj type="Folder">ha-folder-vm</obj><propSet><name>childEntity</name><val XMLSchema-instance:type="ArrayOfManagedObjectReference"><ManagedObjectReference type="VirtualMachine">1</ManagedObjectReference><ManagedObjectReference type="VirtualMachine">2</ManagedObjectReference></val></propSet><propSet><name>name</name><val XMLSchema-instance:type="xsd:string">vm</val></propSet><unknownThing><deep/></unknownThing><missingSet><path>config</path><fault><fault XMLSchema-instance:type="NoPermission"></fault><localizedMessage>denied</localizedMessage></fault></missingSet></objects><token>t1</token></returnval>"#;
        let r = RetrieveResult::from_node(&xml::parse(doc).unwrap()).unwrap();
        assert_eq!(r.token.as_deref(), Some("t1"));
        let o = &r.objects[0];
        assert_eq!(o.obj, MoRef::new("Folder", "ha-folder-vm"));
        assert_eq!(o.get_str("name"), Some("vm"));
        let v = o.get("childEntity").unwrap();
        assert!(v.is_array());
        assert_eq!(v.items()[0].type_name(), "ManagedObjectReference");
        assert_eq!(
            o.get_morefs("childEntity"),
            vec![
                MoRef::new("VirtualMachine", "1"),
                MoRef::new("VirtualMachine", "2")
            ]
        );
        let m = &o.missing_set[0];
        assert_eq!(m.path, "config");
        let f = m.fault.as_ref().unwrap();
        assert_eq!(
            (f.fault_type.as_str(), f.message.as_str()),
            ("NoPermission", "denied")
        );
    }

    #[test]
    fn task_info_and_errors() {
        let doc = r#"<val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="TaskInfo"><key>task-1</key><task type="Task">task-1</task><descriptionId>VirtualMachine.powerOn</descriptionId><state>error</state><cancelled>false</cancelled><cancelable>true</cancelable><error><fault xsi:type="InvalidPowerState"><requestedState>poweredOn</requestedState></fault><localizedMessage>The attempted operation cannot be performed in the current state (Powered on).</localizedMessage></error></val>"#;
        let t = TaskInfo::from_node(&xml::parse(doc).unwrap()).unwrap();
        assert_eq!(t.state, TaskInfoState::Error);
        let e = t.error.unwrap();
        assert_eq!(e.fault_type, "InvalidPowerState");
        assert!(e.message.starts_with("The attempted operation"));
        assert!(TaskInfo::from_node(&xml::parse("<val/>").unwrap())
            .unwrap_err()
            .to_string()
            .contains("TaskInfo is missing 'key' property"));
    }

    #[test]
    fn session_keys_in_morefs_are_hidden() {
        let m = MoRef::new("PropertyFilter", "session[52ab-cd]52ff");
        assert_eq!(m.to_string(), "PropertyFilter:session[...]52ff");
        assert_eq!(redact_session("a session[x"), "a session[...");
        assert_eq!(redact_session("vm-1"), "vm-1");
    }

    #[test]
    fn session_key_is_not_in_debug() {
        let s = UserSession {
            key: "SECRETKEY".into(),
            user_name: "root".into(),
            full_name: String::new(),
            login_time: String::new(),
            last_active_time: String::new(),
        };
        assert!(!format!("{s:?}").contains("SECRETKEY"));
    }
}
