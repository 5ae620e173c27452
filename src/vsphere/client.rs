//! The vSphere client: connect, log in, call methods (with one automatic re-login when the
//! server says the session is gone), read properties, walk the inventory and wait for tasks.

use super::error::{Fault, ViError, ViResult};
use super::soap::{self, Obj, ToVal, Val};
use super::transport::{ConnectOptions, Download, Transport, Upload};
use super::types::*;
use super::xml::Node;
use crate::vlog;
use crate::vsphere::log::Level;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

const LOG: &str = "esx.vi";

/// The SOAPAction of the first call, before the server's API version is known: the bare
/// namespace (libvirt sends no SOAPAction at all), so any server answers in its base version.
const FIRST_SOAP_ACTION: &str = "urn:vim25";

/// How many times one task wait may log in again before giving up.
const MAX_WAIT_RELOGINS: u32 = 3;

/// How long one `WaitForUpdatesEx` call may block on the server before answering "no change":
/// the first wait is short, each quiet one doubles it up to the maximum. After a quiet wait the
/// client asks for the full state again (version ""), which recovers an update the server lost
/// (vcsim 0.24 can drop a change made between its first answer and its listening).
const FIRST_WAIT_SECONDS: i32 = 1;
const MAX_WAIT_SECONDS: i32 = 60;

/// Credentials kept in memory for re-login only; `Debug` shows neither.
#[derive(Clone)]
struct Credentials {
    user: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(<hidden>)")
    }
}

/// What a question hook tells the task waiter.
pub type QuestionHook<'a> = dyn FnMut(&Client, &MoRef, &QuestionInfo) -> ViResult<()> + 'a;

/// A connection to one vCenter or ESX server's SDK endpoint.
#[derive(Debug)]
pub struct Client {
    transport: Transport,
    service: ServiceContent,
    soap_action: String,
    credentials: Mutex<Option<Credentials>>,
    session: Mutex<Option<UserSession>>,
    /// Bumped at each successful login, so concurrent callers re-login only once.
    login_generation: AtomicU64,
    login_lock: Mutex<()>,
    /// Property-collector filters belong to the session: one task wait at a time.
    wait_lock: Mutex<()>,
    /// Set once the server turned `RetrievePropertiesEx` down (API before 4.1).
    no_retrieve_ex: AtomicBool,
    calls: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Client {
    /// Connects to `url` (`https://host[:port]/sdk`) and reads the service content.
    /// No credentials are sent; call [`Client::login`] next.
    pub fn connect(url: &str, options: &ConnectOptions) -> ViResult<Client> {
        let transport = Transport::new(url, options)?;
        let this = MoRef::new("ServiceInstance", "ServiceInstance");
        let calls = AtomicU64::new(0);
        let reply = call(
            &transport,
            &calls,
            FIRST_SOAP_ACTION,
            "RetrieveServiceContent",
            &this,
            &[],
        )?;
        let service = ServiceContent::from_node(one("RetrieveServiceContent", &reply)?)?;
        let soap_action = format!("urn:vim25/{}", service.about.api_version);
        vlog!(
            Level::Debug,
            LOG,
            "connected to {} ({}, apiType {}, apiVersion {})",
            transport.url(),
            service.about.full_name,
            service.about.api_type,
            service.about.api_version
        );
        Ok(Client {
            transport,
            service,
            soap_action,
            credentials: Mutex::new(None),
            session: Mutex::new(None),
            login_generation: AtomicU64::new(0),
            login_lock: Mutex::new(()),
            wait_lock: Mutex::new(()),
            no_retrieve_ex: AtomicBool::new(false),
            calls,
        })
    }

    /// The service content read at connect.
    pub fn service_content(&self) -> &ServiceContent {
        &self.service
    }

    /// What the server is (apiType, productLineId, version, fullName...).
    pub fn about(&self) -> &AboutInfo {
        &self.service.about
    }

    /// Whether the server is a vCenter (`VirtualCenter`) rather than an ESX host (`HostAgent`).
    pub fn is_vcenter(&self) -> bool {
        self.service.about.api_type == "VirtualCenter"
    }

    /// The SDK URL.
    pub fn url(&self) -> &str {
        self.transport.url()
    }

    /// The URL of a file on a datastore, as the server's datastore browser serves it.
    pub fn datastore_file_url(&self, datacenter_path: &str, datastore: &str, path: &str) -> String {
        let enc = |s: &str| -> String {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        let path: Vec<String> = path.split('/').map(enc).collect();
        format!(
            "{}/folder/{}?dcPath={}&dsName={}",
            self.transport.base_url(),
            path.join("/"),
            enc(datacenter_path),
            enc(datastore)
        )
    }

    /// Download a file from a datastore (see [`Client::datastore_file_url`]).
    pub fn download(&self, url: &str) -> ViResult<Vec<u8>> {
        self.transport.get_file(url)
    }

    /// Upload a file to a datastore (see [`Client::datastore_file_url`]).
    pub fn upload(&self, url: &str, data: &[u8]) -> ViResult<()> {
        self.transport.put_file(url, data)
    }

    /// The server's base URL (`https://host:port`), for its endpoints beside the SDK.
    pub fn base_url(&self) -> String {
        self.transport.base_url()
    }

    /// Start a GET of `url` whose body is read piece by piece (see [`Download`]).
    pub fn open_download(&self, url: &str) -> ViResult<Download> {
        self.transport.open_download(url)
    }

    /// Start a GET of `length` bytes of `url` from `offset` (0: to the end), an HTTP range.
    pub fn open_range(&self, url: &str, offset: u64, length: u64) -> ViResult<Download> {
        self.transport.open_range(url, offset, length)
    }

    /// Start a PUT to `url` whose body is written piece by piece (see [`Upload`]).
    pub fn open_upload(&self, url: &str) -> ViResult<Upload> {
        self.transport.open_upload(url)
    }

    /// Start a PUT of a body of `size` bytes, when known (see [`Upload`]).
    pub fn open_upload_sized(&self, url: &str, size: Option<u64>) -> ViResult<Upload> {
        self.transport.open_upload_sized(url, size)
    }

    /// SOAP calls made so far by this client (re-logins and retries included).
    pub fn soap_calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// The session from the last login.
    pub fn session(&self) -> Option<UserSession> {
        lock(&self.session).clone()
    }

    fn session_manager(&self) -> ViResult<&MoRef> {
        self.service
            .session_manager
            .as_ref()
            .ok_or_else(|| ViError::internal("The server has no session manager"))
    }

    /// Logs in; the credentials are kept in memory to log in again if the session expires.
    pub fn login(&self, user: &str, password: &str) -> ViResult<UserSession> {
        let _guard = lock(&self.login_lock);
        let session = self.do_login(user, password)?;
        *lock(&self.credentials) = Some(Credentials {
            user: user.to_string(),
            password: password.to_string(),
        });
        Ok(session)
    }

    fn do_login(&self, user: &str, password: &str) -> ViResult<UserSession> {
        let sm = self.session_manager()?.clone();
        self.transport.clear_cookie();
        let reply = self.call_once(
            "Login",
            &sm,
            &[
                ("userName", Val::from(user)),
                ("password", Val::from(password)),
            ],
        )?;
        let session = UserSession::from_node(one("Login", &reply)?)?;
        *lock(&self.session) = Some(session.clone());
        self.login_generation.fetch_add(1, Ordering::SeqCst);
        vlog!(Level::Debug, LOG, "logged in to {}", self.transport.url());
        Ok(session)
    }

    /// Logs out and forgets the credentials.
    pub fn logout(&self) -> ViResult<()> {
        let _guard = lock(&self.login_lock);
        *lock(&self.credentials) = None;
        let had = lock(&self.session).take().is_some();
        let result = if had {
            let sm = self.session_manager()?.clone();
            self.call_once("Logout", &sm, &[]).map(|_| ())
        } else {
            Ok(())
        };
        self.transport.clear_cookie();
        result
    }

    /// Logs in again with the stored credentials unless another caller already did since
    /// `seen_generation`.
    fn relogin(&self, seen_generation: u64) -> ViResult<()> {
        let _guard = lock(&self.login_lock);
        if self.login_generation.load(Ordering::SeqCst) != seen_generation {
            return Ok(());
        }
        let creds = lock(&self.credentials).clone().ok_or_else(|| {
            ViError::internal("The session is not authenticated and no credentials are known")
        })?;
        vlog!(Level::Info, LOG, "session expired, logging in again");
        self.do_login(&creds.user, &creds.password).map(|_| ())
    }

    fn call_once(&self, method: &str, this: &MoRef, args: &[(&str, Val)]) -> ViResult<Vec<Node>> {
        call(
            &self.transport,
            &self.calls,
            &self.soap_action,
            method,
            this,
            args,
        )
    }

    /// Calls `method` on `this` with `args` (in the WSDL's order) and returns its `returnval`
    /// elements. If the server says `NotAuthenticated` and credentials are known, logs in once
    /// more and repeats the call once.
    pub fn invoke(&self, method: &str, this: &MoRef, args: &[(&str, Val)]) -> ViResult<Vec<Node>> {
        let generation = self.login_generation.load(Ordering::SeqCst);
        match self.call_once(method, this, args) {
            Err(e) if e.is_fault("NotAuthenticated") && self.can_relogin(method) => {
                self.relogin(generation)?;
                self.call_once(method, this, args)
            }
            other => other,
        }
    }

    fn can_relogin(&self, method: &str) -> bool {
        !matches!(method, "Login" | "Logout") && lock(&self.credentials).is_some()
    }

    /// Calls a method that returns exactly one value.
    pub fn invoke_one<T: FromNode>(
        &self,
        method: &str,
        this: &MoRef,
        args: &[(&str, Val)],
    ) -> ViResult<T> {
        let reply = self.invoke(method, this, args)?;
        T::from_node(one(method, &reply)?)
    }

    /// Calls a method that returns at most one value.
    pub fn invoke_opt<T: FromNode>(
        &self,
        method: &str,
        this: &MoRef,
        args: &[(&str, Val)],
    ) -> ViResult<Option<T>> {
        let reply = self.invoke(method, this, args)?;
        if reply.len() > 1 {
            return Err(ViError::internal(format!(
                "Call to '{method}' returned a list, expecting exactly one item"
            )));
        }
        reply.first().map(T::from_node).transpose()
    }

    /// Calls a method that returns any number of values.
    pub fn invoke_list<T: FromNode>(
        &self,
        method: &str,
        this: &MoRef,
        args: &[(&str, Val)],
    ) -> ViResult<Vec<T>> {
        self.invoke(method, this, args)?
            .iter()
            .map(T::from_node)
            .collect()
    }

    /// Calls a method that returns nothing.
    pub fn invoke_none(&self, method: &str, this: &MoRef, args: &[(&str, Val)]) -> ViResult<()> {
        if !self.invoke(method, this, args)?.is_empty() {
            return Err(ViError::internal(format!(
                "Call to '{method}' returned something, expecting an empty result"
            )));
        }
        Ok(())
    }

    // ---- property collector -------------------------------------------------------------

    /// `RetrievePropertiesEx` followed by `ContinueRetrievePropertiesEx` until every page is
    /// read. `max_objects` sets the page size (`None`: the server's choice).
    pub fn retrieve_properties_paged(
        &self,
        spec: &PropertyFilterSpec,
        max_objects: Option<i32>,
    ) -> ViResult<Vec<ObjectContent>> {
        let generation = self.login_generation.load(Ordering::SeqCst);
        let objects = match self.retrieve_pages(spec, max_objects) {
            // A paging token belongs to the session: if a re-login happened while paging, the
            // rest of the pages are gone with the old session. Start over once.
            Err(ViError::Fault(_))
                if self.login_generation.load(Ordering::SeqCst) != generation =>
            {
                self.retrieve_pages(spec, max_objects)?
            }
            other => other?,
        };
        // Without a session some servers (vcsim) answer with every property missing for
        // NotAuthenticated instead of a fault: that is an expired session too.
        let unauthenticated = objects.iter().any(|o| {
            o.missing_set.iter().any(|m| {
                m.fault
                    .as_ref()
                    .is_some_and(|f| f.fault_type == "NotAuthenticated")
            })
        });
        if unauthenticated && self.can_relogin("RetrievePropertiesEx") {
            self.relogin(generation)?;
            return self.retrieve_pages(spec, max_objects);
        }
        Ok(objects)
    }

    fn retrieve_pages(
        &self,
        spec: &PropertyFilterSpec,
        max_objects: Option<i32>,
    ) -> ViResult<Vec<ObjectContent>> {
        let pc = &self.service.property_collector;
        if self.no_retrieve_ex.load(Ordering::Relaxed) {
            return self.invoke_list("RetrieveProperties", pc, &[("specSet", spec.to_val())]);
        }
        let options = RetrieveOptions { max_objects };
        let first = self.retrieve_page(
            "RetrievePropertiesEx",
            &[("specSet", spec.to_val()), ("options", options.to_val())],
        );
        let mut page: Option<RetrieveResult> = match first {
            // Servers older than API 4.1 have only RetrieveProperties, which does not page.
            Err(e) if e.is_fault("MethodNotFound") || e.is_fault("NotImplemented") => {
                self.no_retrieve_ex.store(true, Ordering::Relaxed);
                return self.invoke_list("RetrieveProperties", pc, &[("specSet", spec.to_val())]);
            }
            other => other?,
        };
        let mut objects = Vec::new();
        while let Some(p) = page.take() {
            objects.extend(p.objects);
            if let Some(token) = p.token {
                page = self.retrieve_page(
                    "ContinueRetrievePropertiesEx",
                    &[("token", Val::from(token))],
                )?;
            }
        }
        Ok(objects)
    }

    /// One page of a property-collector read, its objects moved out of the reply.
    fn retrieve_page(
        &self,
        method: &str,
        args: &[(&str, Val)],
    ) -> ViResult<Option<RetrieveResult>> {
        let mut reply = self.invoke(method, &self.service.property_collector, args)?;
        if reply.len() > 1 {
            return Err(ViError::internal(format!(
                "Call to '{method}' returned a list, expecting exactly one item"
            )));
        }
        reply.pop().map(RetrieveResult::from_owned).transpose()
    }

    /// All objects `spec` selects, every page read.
    pub fn retrieve_properties(&self, spec: &PropertyFilterSpec) -> ViResult<Vec<ObjectContent>> {
        self.retrieve_properties_paged(spec, None)
    }

    /// Properties `paths` of one object.
    pub fn retrieve_object(&self, obj: &MoRef, paths: &[&str]) -> ViResult<ObjectContent> {
        let spec = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new(obj.ty.clone(), paths)],
            object_set: vec![ObjectSpec {
                obj: obj.clone(),
                skip: false,
                select_set: Vec::new(),
            }],
        };
        let mut objects = self.retrieve_properties(&spec)?;
        match objects.len() {
            1 => Ok(objects.remove(0)),
            0 => Err(ViError::internal(format!(
                "Could not retrieve properties of {obj}: the object does not exist"
            ))),
            _ => Err(ViError::internal(format!(
                "Retrieving properties of {obj} returned a list, expecting exactly one item"
            ))),
        }
    }

    /// Objects of each type in `props` found anywhere below `root`, with the properties asked
    /// for, in one property-collector call (plus paging).
    pub fn find_objects(
        &self,
        root: &MoRef,
        props: &[PropertySpec],
    ) -> ViResult<Vec<ObjectContent>> {
        let spec = PropertyFilterSpec {
            prop_set: props.to_vec(),
            object_set: vec![ObjectSpec {
                obj: root.clone(),
                skip: false,
                select_set: inventory_traversal(),
            }],
        };
        self.retrieve_properties(&spec)
    }

    /// Objects of type `ty` anywhere in the inventory with properties `paths`, in one call.
    pub fn list_objects(&self, ty: &str, paths: &[&str]) -> ViResult<Vec<ObjectContent>> {
        self.find_objects(&self.service.root_folder, &[PropertySpec::new(ty, paths)])
    }

    /// Every virtual machine with properties `paths` (e.g. `name`, `runtime.powerState`,
    /// `config.uuid`), in one call.
    pub fn list_vms(&self, paths: &[&str]) -> ViResult<Vec<ObjectContent>> {
        self.list_objects("VirtualMachine", paths)
    }

    /// The whole inventory's structure in one call: datacenters, folders, compute resources
    /// (clusters included), hosts, resource pools, datastores and networks, each with its
    /// `name` and `parent` (and the links between them).
    pub fn inventory(&self) -> ViResult<Inventory> {
        let props = vec![
            PropertySpec::new("Folder", &["name", "parent"]),
            PropertySpec::new(
                "Datacenter",
                &[
                    "name",
                    "parent",
                    "hostFolder",
                    "vmFolder",
                    "datastoreFolder",
                    "networkFolder",
                ],
            ),
            PropertySpec::new(
                "ComputeResource",
                &["name", "parent", "host", "resourcePool"],
            ),
            PropertySpec::new(
                "ClusterComputeResource",
                &["name", "parent", "host", "resourcePool"],
            ),
            PropertySpec::new("HostSystem", &["name", "parent"]),
            PropertySpec::new("ResourcePool", &["name", "parent"]),
            PropertySpec::new("Datastore", &["name", "parent"]),
            PropertySpec::new("Network", &["name", "parent"]),
        ];
        let objects = self.find_objects(&self.service.root_folder, &props)?;
        Ok(Inventory::from_objects(objects))
    }

    /// `SearchIndex.FindByUuid`: a VM (`vm_search`) or host by its BIOS UUID, optionally
    /// within one datacenter.
    pub fn find_by_uuid(
        &self,
        uuid: &str,
        vm_search: bool,
        datacenter: Option<&MoRef>,
    ) -> ViResult<Option<MoRef>> {
        let search_index = self
            .service
            .search_index
            .as_ref()
            .ok_or_else(|| ViError::internal("The server has no search index"))?;
        let mut args: Vec<(&str, Val)> = Vec::new();
        if let Some(dc) = datacenter {
            args.push(("datacenter", Val::from(dc)));
        }
        args.push(("uuid", Val::from(uuid)));
        args.push(("vmSearch", Val::from(vm_search)));
        self.invoke_opt("FindByUuid", search_index, &args)
    }

    // ---- tasks --------------------------------------------------------------------------

    /// Calls a `..._Task` method and waits for the task it returns.
    pub fn run_task(&self, method: &str, this: &MoRef, args: &[(&str, Val)]) -> ViResult<TaskInfo> {
        let task: MoRef = self.invoke_one(method, this, args)?;
        self.wait_for_task(&task, None)
    }

    /// Waits until `task` succeeds or fails, using the property collector (`CreateFilter` on
    /// `info.state`, `WaitForUpdatesEx`; no polling) and returns its final [`TaskInfo`]
    /// (whose `state` is `Success` or `Error`; see [`TaskInfo::into_result`]).
    ///
    /// With `watch = Some((vm, hook))`, the VM's `runtime.question` is watched too, and `hook`
    /// is called for each question that appears (it may answer with [`Client::answer_vm`]); an
    /// error from the hook ends the wait.
    ///
    /// Property filters belong to the session, so one client waits for one task at a time:
    /// other threads' waits queue up, and a hook must not itself wait for a task. If the
    /// session expires during the wait, the client logs in again and recreates the filter.
    /// Needs `WaitForUpdatesEx` (vSphere API 4.1 and later).
    pub fn wait_for_task(
        &self,
        task: &MoRef,
        mut watch: Option<(&MoRef, &mut QuestionHook<'_>)>,
    ) -> ViResult<TaskInfo> {
        let _guard = lock(&self.wait_lock);
        let vm = watch.as_ref().map(|(vm, _)| (*vm).clone());
        let mut spec = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new("Task", &["info.state"])],
            object_set: vec![ObjectSpec {
                obj: task.clone(),
                skip: false,
                select_set: Vec::new(),
            }],
        };
        if let Some(vm) = &vm {
            spec.prop_set
                .push(PropertySpec::new("VirtualMachine", &["runtime.question"]));
            spec.object_set.push(ObjectSpec {
                obj: vm.clone(),
                skip: false,
                select_set: Vec::new(),
            });
        }
        let pc = self.service.property_collector.clone();
        let mut relogins = 0;
        'session: loop {
            let generation = self.login_generation.load(Ordering::SeqCst);
            let filter: MoRef = self.invoke_one(
                "CreateFilter",
                &pc,
                &[
                    ("spec", spec.to_val()),
                    ("partialUpdates", Val::from(false)),
                ],
            )?;
            let mut version = String::new();
            let mut wait_seconds = FIRST_WAIT_SECONDS;
            let mut last_question: Option<String> = None;
            let outcome: ViResult<TaskInfoState> = loop {
                let options = Obj::new("WaitOptions").field("maxWaitSeconds", wait_seconds);
                let reply = self.call_once(
                    "WaitForUpdatesEx",
                    &pc,
                    &[
                        ("version", Val::from(version.as_str())),
                        ("options", Val::from(options)),
                    ],
                );
                let reply = match reply {
                    Ok(r) => r,
                    Err(e)
                        if e.is_fault("NotAuthenticated")
                            && self.can_relogin("")
                            && relogins < MAX_WAIT_RELOGINS =>
                    {
                        // The filter went with the session: log in, and start over.
                        relogins += 1;
                        if let Err(e) = self.relogin(generation) {
                            break Err(e);
                        }
                        continue 'session;
                    }
                    Err(e) => break Err(e),
                };
                let Some(update_set) = reply.first() else {
                    // The wait timed out with no change: wait longer, and resynchronize.
                    wait_seconds = (wait_seconds * 2).min(MAX_WAIT_SECONDS);
                    version.clear();
                    continue;
                };
                if let Some(v) = update_set.child("version") {
                    version = v.as_str().to_string();
                }
                let mut done = None;
                for change in changes(update_set, &filter) {
                    match (change.obj.ty.as_str(), change.name.as_str()) {
                        ("Task", "info.state") if change.obj == *task => {
                            match change.val.map(|v| TaskInfoState::parse(v.as_str())) {
                                Some(Ok(s)) if s.is_done() => done = Some(s),
                                Some(Err(e)) => vlog!(Level::Warn, LOG, "{e}"),
                                _ => {}
                            }
                        }
                        ("VirtualMachine", "runtime.question") => {
                            let Some(val) = change.val.filter(|v| !v.children.is_empty()) else {
                                last_question = None;
                                continue;
                            };
                            let q = match QuestionInfo::from_node(val) {
                                Ok(q) => q,
                                Err(e) => {
                                    vlog!(Level::Warn, LOG, "unreadable VM question: {e}");
                                    continue;
                                }
                            };
                            if last_question.as_deref() == Some(q.id.as_str()) {
                                continue;
                            }
                            last_question = Some(q.id.clone());
                            if let Some((vm, hook)) = watch.as_mut() {
                                if let Err(e) = hook(self, vm, &q) {
                                    // As libvirt: a task blocked by an unanswered question is
                                    // cancelled if it can be; the hook's error is what counts.
                                    let _ = self.destroy_filter(&filter);
                                    self.cancel_if_cancelable(task);
                                    return Err(e);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(s) = done {
                    break Ok(s);
                }
            };
            let _ = self.destroy_filter(&filter);
            outcome?;
            break;
        }
        let info = self.retrieve_object(task, &["info"])?;
        let node = info
            .get("info")
            .ok_or_else(|| ViError::internal(format!("Task {} has no 'info'", task.value)))?;
        TaskInfo::from_node(node)
    }

    fn cancel_if_cancelable(&self, task: &MoRef) {
        let cancelable = self
            .retrieve_object(task, &["info.cancelable"])
            .ok()
            .and_then(|o| o.get("info.cancelable").and_then(Node::as_bool));
        match cancelable {
            Some(true) => {
                if self.cancel_task(task).is_err() {
                    vlog!(
                        Level::Error,
                        LOG,
                        "Cancelable task is blocked by an unanswered question but cancellation failed"
                    );
                }
            }
            _ => vlog!(
                Level::Error,
                LOG,
                "Non-cancelable task is blocked by an unanswered question"
            ),
        }
    }

    fn destroy_filter(&self, filter: &MoRef) -> ViResult<()> {
        self.call_once("DestroyPropertyFilter", filter, &[])
            .map(|_| ())
    }
}

/// One property change from an `UpdateSet`.
struct Change<'a> {
    obj: MoRef,
    name: String,
    val: Option<&'a Node>,
}

/// The property changes in `update_set` for `filter`.
fn changes<'a>(update_set: &'a Node, filter: &MoRef) -> Vec<Change<'a>> {
    let mut out = Vec::new();
    for fs in update_set.children_named("filterSet") {
        if let Some(f) = fs.child("filter") {
            if MoRef::from_node(f).ok().as_ref() != Some(filter) {
                continue;
            }
        }
        for os in fs.children_named("objectSet") {
            let Some(obj) = os.child("obj").and_then(|o| MoRef::from_node(o).ok()) else {
                continue;
            };
            for cs in os.children_named("changeSet") {
                let name = cs.child_text("name").unwrap_or("").trim().to_string();
                let op = cs.child_text("op").unwrap_or("assign").trim();
                let val = if op == "remove" {
                    None
                } else {
                    cs.child("val")
                };
                out.push(Change {
                    obj: obj.clone(),
                    name,
                    val,
                });
            }
        }
    }
    out
}

/// The single `returnval` of a method that must return exactly one.
fn one<'a>(method: &str, reply: &'a [Node]) -> ViResult<&'a Node> {
    match reply {
        [one] => Ok(one),
        [] => Err(ViError::internal(format!(
            "Call to '{method}' returned an empty result, expecting a non-empty result"
        ))),
        _ => Err(ViError::internal(format!(
            "Call to '{method}' returned a list, expecting exactly one item"
        ))),
    }
}

/// Sends one SOAP call and reads its reply; counts and logs it.
fn call(
    transport: &Transport,
    calls: &AtomicU64,
    soap_action: &str,
    method: &str,
    this: &MoRef,
    args: &[(&str, Val)],
) -> ViResult<Vec<Node>> {
    let body = soap::envelope(method, this, args);
    let start = Instant::now();
    calls.fetch_add(1, Ordering::Relaxed);
    let result = transport
        .post(method, soap_action, &body)
        .and_then(|(status, text)| soap::parse_response(method, status, &text));
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match &result {
        Ok(_) => vlog!(Level::Debug, LOG, "{method} on {this}: ok in {ms:.1} ms"),
        Err(ViError::Fault(f)) => vlog!(
            Level::Debug,
            LOG,
            "{method} on {this}: fault {} ({}) in {ms:.1} ms",
            f.fault_type,
            f.message
        ),
        Err(e) => vlog!(
            Level::Debug,
            LOG,
            "{method} on {this}: failed in {ms:.1} ms: {e}"
        ),
    }
    result
}

impl TaskInfo {
    /// libvirt's message for a failed task: `<FaultType> - <localizedMessage>`, the fault type
    /// alone without a message, or `Unknown error` without a fault.
    pub fn error_message(&self) -> String {
        match &self.error {
            None => "Unknown error".to_string(),
            Some(e) if e.message.is_empty() => e.fault_type.clone(),
            Some(e) => format!("{} - {}", e.fault_type, e.message),
        }
    }

    /// The task's result on success; its fault as an error otherwise (its message is
    /// [`TaskInfo::error_message`]).
    pub fn into_result(self) -> ViResult<Option<Node>> {
        match self.state {
            TaskInfoState::Success => Ok(self.result),
            _ => {
                let (fault_type, message, detail) = match self.error {
                    Some(e) => (e.fault_type, e.message, e.fault),
                    None => ("Unknown error".to_string(), String::new(), None),
                };
                Err(ViError::Fault(Box::new(Fault {
                    method: self.description_id.clone(),
                    http_status: 0,
                    fault_code: "TaskError".into(),
                    fault_type,
                    message,
                    detail,
                })))
            }
        }
    }
}

impl Client {
    /// What libvirt does with a question that blocks a VM (`esxVI_HandleVirtualMachineQuestion`):
    /// with `auto_answer`, answer the default choice (`AnswerVM`); otherwise, or when there is
    /// no choice or no default, fail with libvirt's message naming the question and answers.
    /// Use it as the hook of [`Client::wait_for_task`]:
    /// `&mut |c, vm, q| c.handle_question(vm, q, auto_answer)`.
    pub fn handle_question(&self, vm: &MoRef, q: &QuestionInfo, auto_answer: bool) -> ViResult<()> {
        let possible = (!q.choices.is_empty()).then(|| {
            q.choices
                .iter()
                .map(|(_, label)| format!("'{label}'"))
                .collect::<Vec<_>>()
                .join(", ")
        });
        let default = q
            .default_index
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| q.choices.get(i));
        let blocked = "Pending question blocks virtual machine execution";
        match (auto_answer, &possible, default) {
            (_, None, _) => Err(ViError::internal(format!(
                "{blocked}, question is '{}', no possible answers",
                q.text
            ))),
            (true, Some(p), None) => Err(ViError::internal(format!(
                "{blocked}, question is '{}', possible answers are {p}, but no default answer is specified",
                q.text
            ))),
            (true, Some(p), Some((key, label))) => {
                vlog!(
                    Level::Info,
                    LOG,
                    "{blocked}, question is '{}', possible answers are {p}, responding with default answer '{label}'",
                    q.text
                );
                self.answer_vm(vm, &q.id, key)
            }
            (false, Some(p), _) => Err(ViError::internal(format!(
                "{blocked}, question is '{}', possible answers are {p}",
                q.text
            ))),
        }
    }
}

/// The traversal that reaches every inventory object from the root folder: folders' children,
/// datacenters' host/vm/datastore/network folders, compute resources' hosts and resource pools,
/// and nested resource pools.
pub fn inventory_traversal() -> Vec<SelectionSpec> {
    let t = |name: &str, ty: &str, path: &str, select: &[&str]| {
        SelectionSpec::Traversal(TraversalSpec::new(name, ty, path, select))
    };
    const FOLDER: &str = "folderToChildEntity";
    vec![
        t(
            FOLDER,
            "Folder",
            "childEntity",
            &[
                FOLDER,
                "datacenterToHostFolder",
                "datacenterToVmFolder",
                "datacenterToDatastoreFolder",
                "datacenterToNetworkFolder",
                "computeResourceToHost",
                "computeResourceToResourcePool",
            ],
        ),
        t(
            "datacenterToHostFolder",
            "Datacenter",
            "hostFolder",
            &[FOLDER],
        ),
        t("datacenterToVmFolder", "Datacenter", "vmFolder", &[FOLDER]),
        t(
            "datacenterToDatastoreFolder",
            "Datacenter",
            "datastoreFolder",
            &[FOLDER],
        ),
        t(
            "datacenterToNetworkFolder",
            "Datacenter",
            "networkFolder",
            &[FOLDER],
        ),
        t("computeResourceToHost", "ComputeResource", "host", &[]),
        t(
            "computeResourceToResourcePool",
            "ComputeResource",
            "resourcePool",
            &["resourcePoolToResourcePool"],
        ),
        t(
            "resourcePoolToResourcePool",
            "ResourcePool",
            "resourcePool",
            &["resourcePoolToResourcePool"],
        ),
    ]
}

/// One inventory object's name, type and parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryItem {
    pub obj: MoRef,
    pub name: String,
    pub parent: Option<MoRef>,
    /// Every property read, for type-specific links (`hostFolder`, `host`, `resourcePool`...).
    pub content: ObjectContent,
}

/// The inventory's structure, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    pub folders: Vec<InventoryItem>,
    pub datacenters: Vec<InventoryItem>,
    /// Compute resources, standalone hosts' and clusters alike (`obj.ty` tells which).
    pub compute_resources: Vec<InventoryItem>,
    pub hosts: Vec<InventoryItem>,
    pub resource_pools: Vec<InventoryItem>,
    pub datastores: Vec<InventoryItem>,
    pub networks: Vec<InventoryItem>,
}

impl Inventory {
    pub fn from_objects(objects: Vec<ObjectContent>) -> Inventory {
        let mut inv = Inventory::default();
        for o in objects {
            let item = InventoryItem {
                obj: o.obj.clone(),
                name: o.get_str("name").unwrap_or("").to_string(),
                parent: o.get_moref("parent"),
                content: o,
            };
            let list = match item.obj.ty.as_str() {
                "Folder" => &mut inv.folders,
                "Datacenter" => &mut inv.datacenters,
                "ComputeResource" | "ClusterComputeResource" => &mut inv.compute_resources,
                "HostSystem" => &mut inv.hosts,
                "ResourcePool" | "VirtualApp" => &mut inv.resource_pools,
                "Datastore" => &mut inv.datastores,
                _ if item.obj.ty.contains("Network") || item.obj.ty.contains("Portgroup") => {
                    &mut inv.networks
                }
                _ => continue,
            };
            if !list.iter().any(|i| i.obj == item.obj) {
                list.push(item);
            }
        }
        inv
    }

    /// Items of every kind.
    pub fn all(&self) -> impl Iterator<Item = &InventoryItem> {
        self.folders
            .iter()
            .chain(&self.datacenters)
            .chain(&self.compute_resources)
            .chain(&self.hosts)
            .chain(&self.resource_pools)
            .chain(&self.datastores)
            .chain(&self.networks)
    }

    /// The item for `obj`.
    pub fn get(&self, obj: &MoRef) -> Option<&InventoryItem> {
        self.all().find(|i| i.obj == *obj)
    }

    /// The datacenter an object is in, following parents.
    pub fn datacenter_of(&self, obj: &MoRef) -> Option<&InventoryItem> {
        let mut cur = self.get(obj)?;
        for _ in 0..64 {
            if cur.obj.ty == "Datacenter" {
                return Some(cur);
            }
            cur = self.get(cur.parent.as_ref()?)?;
        }
        None
    }

    /// The inventory path of an object, e.g. `DC0/host/DC0_C0/DC0_C0_H0` (folders included,
    /// the root folder left out).
    pub fn path_of(&self, obj: &MoRef) -> Option<String> {
        let mut parts = Vec::new();
        let mut cur = self.get(obj)?;
        for _ in 0..64 {
            match cur.parent.as_ref().and_then(|p| self.get(p)) {
                Some(parent) => {
                    parts.push(cur.name.clone());
                    cur = parent;
                }
                None => {
                    // `cur` is the root folder (no parent) or an object whose parent is
                    // unknown; the root folder's name is not part of paths.
                    if cur.parent.is_some() {
                        parts.push(cur.name.clone());
                    }
                    break;
                }
            }
        }
        parts.reverse();
        Some(parts.join("/"))
    }
}
