//! The vSphere client against a scripted SOAP server: what vcsim cannot show (real ESX's xsi:
//! form, paging tokens, VM questions during a task) and what must hold on the wire (cookie,
//! SOAPAction, gzip, keep-alive, proxies, no secrets in errors).

mod common;

use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use virt::vsphere::{Client, ConnectOptions, MoRef, QuestionInfo, TaskInfoState, ViError};

const VM_OBJ: &str = r#"<objects><obj type="VirtualMachine">vm-{n}</obj><propSet><name>name</name><val xsi:type="xsd:string">vm &amp; {n}</val></propSet><propSet><name>runtime.powerState</name><val xsi:type="VirtualMachinePowerState">poweredOff</val></propSet><propSet><name>datastore</name><val xsi:type="ArrayOfManagedObjectReference"><ManagedObjectReference type="Datastore" xsi:type="ManagedObjectReference">ds-1</ManagedObjectReference></val></propSet></objects>"#;

fn vm_obj(n: u32) -> String {
    VM_OBJ.replace("{n}", &n.to_string())
}

fn body_has(req: &Req, s: &str) -> bool {
    req.body.contains(s)
}

#[test]
fn paging_cookie_soapaction_gzip_keepalive() {
    let server = MockServer::start(Box::new(|req: &Req| match req.method.as_str() {
        "RetrieveServiceContent" => Reply::ok(response(&req.method, SERVICE_CONTENT, false)),
        "Login" => Reply::ok(response(&req.method, &user_session("k1"), false))
            .cookie("vmware_soap_session=\"abc1\""),
        "RetrievePropertiesEx" => Reply::ok(response(
            &req.method,
            &format!("<returnval><token>t1</token>{}</returnval>", vm_obj(1)),
            false,
        )),
        "ContinueRetrievePropertiesEx" if body_has(req, "<token>t1</token>") => {
            Reply::ok(response(
                &req.method,
                &format!("<returnval><token>t2</token>{}</returnval>", vm_obj(2)),
                false,
            ))
        }
        "ContinueRetrievePropertiesEx" if body_has(req, "<token>t2</token>") => {
            Reply::ok(response(
                &req.method,
                &format!("<returnval>{}</returnval>", vm_obj(3)),
                false,
            ))
        }
        other => Reply::fault(fault("MethodFault", &format!("unexpected {other}"), false)),
    }));
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    assert_eq!(c.about().api_version, "6.7");
    c.login("root", "p<&>'\"").unwrap();
    let vms = c
        .list_vms(&["name", "runtime.powerState", "datastore"])
        .unwrap();
    assert_eq!(vms.len(), 3);
    assert_eq!(vms[1].get_str("name"), Some("vm & 2"));
    assert_eq!(
        vms[2].get_morefs("datastore"),
        vec![MoRef::new("Datastore", "ds-1")]
    );
    assert_eq!(c.soap_calls(), 5);
    assert_eq!(
        server.methods(),
        [
            "RetrieveServiceContent",
            "Login",
            "RetrievePropertiesEx",
            "ContinueRetrievePropertiesEx",
            "ContinueRetrievePropertiesEx"
        ]
    );
    let reqs = server.requests.lock().unwrap().clone();
    // The password went escaped, inside the envelope only.
    assert!(reqs[1]
        .body
        .contains("<password>p&lt;&amp;&gt;&apos;&quot;</password>"));
    assert_eq!(reqs[0].header("SOAPAction"), Some("urn:vim25"));
    for r in &reqs[1..] {
        assert_eq!(r.header("SOAPAction"), Some("urn:vim25/6.7"));
    }
    assert_eq!(reqs[0].header("Cookie"), None);
    for r in &reqs[2..] {
        assert_eq!(r.header("Cookie"), Some("vmware_soap_session=\"abc1\""));
    }
    for r in &reqs {
        assert!(r.header("Accept-Encoding").unwrap_or("").contains("gzip"));
        assert_eq!(r.header("User-Agent"), Some("libvirt-esx"));
        assert_eq!(r.header("Content-Type"), Some("text/xml; charset=UTF-8"));
        assert!(r.request_line.starts_with("POST /sdk "));
        assert_eq!(r.conn, reqs[0].conn, "one kept-alive connection");
    }
    // Paged with a page size the caller picks.
    let spec = virt::vsphere::PropertyFilterSpec {
        prop_set: vec![virt::vsphere::PropertySpec::new(
            "VirtualMachine",
            &["name"],
        )],
        object_set: vec![],
    };
    c.retrieve_properties_paged(&spec, Some(1)).unwrap();
    let reqs = server.requests.lock().unwrap().clone();
    assert!(reqs[5].body.contains("<maxObjects>1</maxObjects>"));
}

/// A server whose sessions can be expired at will; logins may be refused.
struct Sessions {
    valid: Mutex<Option<String>>,
    logins: AtomicUsize,
    refuse_login: Mutex<bool>,
}

fn session_server(state: Arc<Sessions>, vcsim_prefix: bool) -> MockServer {
    MockServer::start(Box::new(move |req: &Req| {
        let m = req.method.as_str();
        match m {
            "RetrieveServiceContent" => {
                return Reply::ok(response(m, SERVICE_CONTENT, vcsim_prefix))
            }
            "Login" => {
                if *state.refuse_login.lock().unwrap() {
                    return Reply::fault(fault(
                        "InvalidLogin",
                        "Cannot complete login due to an incorrect user name or password.",
                        vcsim_prefix,
                    ));
                }
                let n = state.logins.fetch_add(1, Ordering::SeqCst) + 1;
                let cookie = format!("vmware_soap_session=\"secret-cookie-{n}\"");
                *state.valid.lock().unwrap() = Some(cookie.clone());
                return Reply::ok(response(m, &user_session(&format!("key{n}")), vcsim_prefix))
                    .cookie(&cookie);
            }
            _ => {}
        }
        let valid = state.valid.lock().unwrap().clone();
        if valid.is_none() || req.header("Cookie") != valid.as_deref() {
            return Reply::fault(fault(
                "NotAuthenticated",
                "The session is not authenticated.",
                vcsim_prefix,
            ));
        }
        match m {
            "CurrentTime" => Reply::ok(response(
                m,
                "<returnval>2026-11-25T20:00:00Z</returnval>",
                vcsim_prefix,
            )),
            "Logout" => {
                *state.valid.lock().unwrap() = None;
                Reply::ok(response(m, "", vcsim_prefix))
            }
            _ => Reply::fault(fault("MethodFault", "unexpected", vcsim_prefix)),
        }
    }))
}

#[test]
fn relogin_once_on_not_authenticated() {
    for vcsim_prefix in [false, true] {
        let state = Arc::new(Sessions {
            valid: Mutex::new(None),
            logins: AtomicUsize::new(0),
            refuse_login: Mutex::new(false),
        });
        let server = session_server(state.clone(), vcsim_prefix);
        let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
        let si = MoRef::new("ServiceInstance", "ServiceInstance");
        // Before login: the fault, no login attempt (no credentials).
        let err = c.current_time(&si).unwrap_err();
        assert!(err.is_fault("NotAuthenticated"));
        c.login("root", "hunter2").unwrap();
        assert_eq!(c.current_time(&si).unwrap(), "2026-11-25T20:00:00Z");
        // The server forgets the session: one failed call, one login, one retry.
        *state.valid.lock().unwrap() = None;
        let before = c.soap_calls();
        assert_eq!(c.current_time(&si).unwrap(), "2026-11-25T20:00:00Z");
        assert_eq!(c.soap_calls() - before, 3);
        assert_eq!(c.session().unwrap().key, "key2");
        let reqs = server.requests.lock().unwrap().clone();
        let last = reqs.last().unwrap();
        assert_eq!(
            last.header("Cookie"),
            Some("vmware_soap_session=\"secret-cookie-2\"")
        );
        // Expired again and the password no longer works: the login's fault is the error,
        // and neither the password nor the cookie shows in it.
        *state.valid.lock().unwrap() = None;
        *state.refuse_login.lock().unwrap() = true;
        let err = c.current_time(&si).unwrap_err();
        assert!(err.is_fault("InvalidLogin"), "{err:?}");
        let text = format!("{err} {err:?} {:?}", c);
        assert!(!text.contains("hunter2"));
        assert!(!text.contains("secret-cookie"));
        assert!(!text.contains("key2"), "{text}");
        // Logout forgets the credentials: no more re-login.
        *state.refuse_login.lock().unwrap() = false;
        c.login("root", "hunter2").unwrap();
        c.logout().unwrap();
        let logins = state.logins.load(Ordering::SeqCst);
        assert!(c
            .current_time(&si)
            .unwrap_err()
            .is_fault("NotAuthenticated"));
        assert_eq!(state.logins.load(Ordering::SeqCst), logins);
    }
}

fn question_xml() -> &'static str {
    r#"<val xsi:type="VirtualMachineQuestionInfo"><id>q1</id><text>Did you move it?</text><choice><choiceInfo><key>0</key><label>Cancel</label><summary>Cancel</summary></choiceInfo><choiceInfo><key>1</key><label>I moved it</label><summary>moved</summary></choiceInfo><defaultIndex>1</defaultIndex></choice></val>"#
}

fn task_server(waits: Arc<Mutex<Vec<String>>>) -> MockServer {
    MockServer::start(Box::new(move |req: &Req| {
        let m = req.method.as_str();
        let ok = |inner: &str| Reply::ok(response(m, inner, false));
        match m {
            "RetrieveServiceContent" => ok(SERVICE_CONTENT),
            "Login" => ok(&user_session("k")).cookie("vmware_soap_session=\"c\""),
            "CreateFilter" => {
                ok(r#"<returnval type="PropertyFilter">session[secret-key]f1</returnval>"#)
            }
            "WaitForUpdatesEx" => {
                let version = req
                    .body
                    .split("<version>")
                    .nth(1)
                    .and_then(|s| s.split("</version>").next())
                    .unwrap_or("")
                    .to_string();
                let mut w = waits.lock().unwrap();
                w.push(version);
                match w.len() {
                    1 => ok(&format!(
                        r#"<returnval><version>1</version><filterSet><filter type="PropertyFilter">session[secret-key]f1</filter><objectSet><kind>enter</kind><obj type="Task">task-7</obj><changeSet><name>info.state</name><op>assign</op><val xsi:type="TaskInfoState">running</val></changeSet></objectSet><objectSet><kind>enter</kind><obj type="VirtualMachine">vm-1</obj><changeSet><name>runtime.question</name><op>assign</op>{}</changeSet></objectSet></filterSet></returnval>"#,
                        question_xml()
                    )),
                    2 => ok(""),
                    _ => ok(
                        r#"<returnval><version>2</version><filterSet><filter type="PropertyFilter">session[secret-key]f1</filter><objectSet><kind>modify</kind><obj type="Task">task-7</obj><changeSet><name>info.state</name><op>assign</op><val xsi:type="TaskInfoState">success</val></changeSet></objectSet><objectSet><kind>modify</kind><obj type="VirtualMachine">vm-1</obj><changeSet><name>runtime.question</name><op>assign</op></changeSet></objectSet></filterSet></returnval>"#,
                    ),
                }
            }
            "AnswerVM" | "DestroyPropertyFilter" | "CancelTask" => ok(""),
            "RetrievePropertiesEx" if req.body.contains("info.cancelable") => ok(
                r#"<returnval><objects><obj type="Task">task-7</obj><propSet><name>info.cancelable</name><val xsi:type="xsd:boolean">true</val></propSet></objects></returnval>"#,
            ),
            "RetrievePropertiesEx" => ok(
                r#"<returnval><objects><obj type="Task">task-7</obj><propSet><name>info</name><val xsi:type="TaskInfo"><key>task-7</key><task type="Task">task-7</task><descriptionId>VirtualMachine.powerOn</descriptionId><entity type="VirtualMachine">vm-1</entity><entityName>vm</entityName><state>success</state><cancelled>false</cancelled><cancelable>false</cancelable><result xsi:type="xsd:string">done</result></val></propSet></objects></returnval>"#,
            ),
            other => Reply::fault(fault("MethodFault", &format!("unexpected {other}"), false)),
        }
    }))
}

#[test]
fn task_wait_answers_questions_through_the_hook() {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let server = task_server(waits.clone());
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    c.login("root", "pw").unwrap();
    let task = MoRef::new("Task", "task-7");
    let vm = MoRef::new("VirtualMachine", "vm-1");
    let mut asked: Vec<QuestionInfo> = Vec::new();
    let mut hook = |client: &Client, vm: &MoRef, q: &QuestionInfo| {
        asked.push(q.clone());
        // libvirt's auto_answer: the default choice.
        client.handle_question(vm, q, true)
    };
    let info = c.wait_for_task(&task, Some((&vm, &mut hook))).unwrap();
    assert_eq!(info.state, TaskInfoState::Success);
    assert_eq!(info.entity, Some(vm.clone()));
    assert_eq!(
        info.into_result().unwrap().map(|n| n.as_str().to_string()),
        Some("done".into())
    );
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].text, "Did you move it?");
    assert_eq!(asked[0].choices[1], ("1".into(), "I moved it".into()));
    // After a quiet wait the client resynchronizes (version "") and waits longer.
    assert_eq!(*waits.lock().unwrap(), ["", "1", ""]);
    let reqs = server.requests.lock().unwrap().clone();
    let methods: Vec<&str> = reqs.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(
        methods,
        [
            "RetrieveServiceContent",
            "Login",
            "CreateFilter",
            "WaitForUpdatesEx",
            "AnswerVM",
            "WaitForUpdatesEx",
            "WaitForUpdatesEx",
            "DestroyPropertyFilter",
            "RetrievePropertiesEx"
        ]
    );
    let create = &reqs[2].body;
    assert!(create.contains("<pathSet>info.state</pathSet>"));
    assert!(create.contains("<pathSet>runtime.question</pathSet>"));
    assert!(create.contains("<partialUpdates>false</partialUpdates>"));
    let max_waits: Vec<bool> = [3, 5, 6]
        .iter()
        .zip(["1", "1", "2"])
        .map(|(i, w)| {
            reqs[*i]
                .body
                .contains(&format!("<maxWaitSeconds>{w}</maxWaitSeconds>"))
        })
        .collect();
    assert_eq!(max_waits, [true, true, true]);
    assert!(reqs[4].body.contains("<questionId>q1</questionId>"));
    assert!(reqs[4].body.contains("<answerChoice>1</answerChoice>"));
    assert!(reqs[4]
        .body
        .contains(r#"<_this type="VirtualMachine">vm-1</_this>"#));
    assert!(reqs[7]
        .body
        .contains(r#"<_this type="PropertyFilter">session[secret-key]f1</_this>"#));
}

#[test]
fn a_hook_error_ends_the_wait_and_drops_the_filter() {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let server = task_server(waits);
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    c.login("root", "pw").unwrap();
    // libvirt without auto_answer: the question is an error, the task is cancelled.
    let mut hook = |c: &Client, vm: &MoRef, q: &QuestionInfo| c.handle_question(vm, q, false);
    let err = c
        .wait_for_task(
            &MoRef::new("Task", "task-7"),
            Some((&MoRef::new("VirtualMachine", "vm-1"), &mut hook)),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "internal error: Pending question blocks virtual machine execution, question is \
         'Did you move it?', possible answers are 'Cancel', 'I moved it'"
    );
    let methods = server.methods();
    assert_eq!(
        methods[methods.len() - 3..],
        [
            "DestroyPropertyFilter",
            "RetrievePropertiesEx",
            "CancelTask"
        ]
    );
    assert!(!methods.iter().any(|m| m == "AnswerVM"));
}

#[test]
fn question_messages_are_libvirts() {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let server = task_server(waits);
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    let vm = MoRef::new("VirtualMachine", "vm-1");
    let mut q = QuestionInfo {
        id: "q".into(),
        text: "Why?".into(),
        choices: vec![],
        default_index: None,
    };
    let msg = |r: Result<(), ViError>| r.unwrap_err().to_string();
    assert_eq!(
        msg(c.handle_question(&vm, &q, true)),
        "internal error: Pending question blocks virtual machine execution, question is 'Why?', no possible answers"
    );
    q.choices = vec![("0".into(), "Yes".into()), ("1".into(), "No".into())];
    assert_eq!(
        msg(c.handle_question(&vm, &q, true)),
        "internal error: Pending question blocks virtual machine execution, question is 'Why?', \
         possible answers are 'Yes', 'No', but no default answer is specified"
    );
    q.default_index = Some(1);
    c.handle_question(&vm, &q, true).unwrap();
    let reqs = server.requests.lock().unwrap().clone();
    assert!(reqs
        .last()
        .unwrap()
        .body
        .contains("<answerChoice>1</answerChoice>"));
}

#[test]
fn http_errors_and_redirects() {
    let server = MockServer::start(Box::new(|req: &Req| match req.method.as_str() {
        "RetrieveServiceContent" => Reply::ok(response(&req.method, SERVICE_CONTENT, true)),
        "Login" => Reply {
            status: 404,
            body: "not here".into(),
            set_cookie: None,
            close: false,
        },
        _ => Reply::ok("<html>not soap</html>"),
    }));
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    let e: virt::error::Error = c.login("u", "secretpw").unwrap_err().into();
    assert_eq!(e.code, virt::error::code::HTTP_ERROR);
    assert!(
        e.message
            .contains("HTTP response code 404 for call to 'Login'"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("secretpw"));
    let err = c
        .current_time(&MoRef::new("ServiceInstance", "ServiceInstance"))
        .unwrap_err();
    assert!(err.to_string().contains("no SOAP envelope"), "{err}");
}

#[test]
fn proxies_of_every_kind() {
    let server = MockServer::start(Box::new(|req: &Req| match req.method.as_str() {
        "RetrieveServiceContent" => Reply::ok(response(&req.method, SERVICE_CONTENT, false)),
        "Login" => Reply::ok(response(&req.method, &user_session("k"), false))
            .cookie("vmware_soap_session=\"c\""),
        _ => Reply::ok(response(
            &req.method,
            "<returnval>2026-11-25T20:00:00Z</returnval>",
            false,
        )),
    }));
    for (kind, scheme) in [
        (ProxyKind::Http, "http://"),
        (ProxyKind::Http, ""),
        (ProxyKind::Socks5, "socks://"),
        (ProxyKind::Socks5, "socks5://"),
        (ProxyKind::Socks4, "socks4://"),
    ] {
        let proxy = TestProxy::start(kind);
        let opts = ConnectOptions {
            proxy: Some(format!("{scheme}{}", proxy.addr)),
            ..ConnectOptions::default()
        };
        let c = Client::connect(&server.url(), &opts).unwrap();
        c.login("root", "pw").unwrap();
        c.current_time(&MoRef::new("ServiceInstance", "ServiceInstance"))
            .unwrap();
        assert!(
            proxy.relayed.load(Ordering::SeqCst) >= 1,
            "{kind:?} {scheme} relayed nothing"
        );
    }
    // A proxy nobody listens on is a clear error.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = dead.local_addr().unwrap();
    drop(dead);
    let opts = ConnectOptions {
        proxy: Some(format!("socks5://{addr}")),
        ..ConnectOptions::default()
    };
    let err = Client::connect(&server.url(), &opts).unwrap_err();
    assert!(err.to_string().contains("RetrieveServiceContent"), "{err}");
}

#[test]
fn a_connection_the_server_closed_is_not_reused() {
    // The server drops each connection after its reply, as an ESX whose keep-alive ran out.
    let server = MockServer::start(Box::new(|req: &Req| {
        let m = req.method.as_str();
        let reply = match m {
            "RetrieveServiceContent" => Reply::ok(response(m, SERVICE_CONTENT, false)),
            "Login" => Reply::ok(response(m, &user_session("k"), false))
                .cookie("vmware_soap_session=\"c\""),
            _ => Reply::ok(response(
                m,
                "<returnval>2026-11-25T20:00:00Z</returnval>",
                false,
            )),
        };
        reply.closing()
    }));
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    c.login("root", "pw").unwrap();
    for _ in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        c.current_time(&MoRef::new("ServiceInstance", "ServiceInstance"))
            .unwrap();
    }
    let conns: std::collections::BTreeSet<usize> = server
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.conn)
        .collect();
    assert_eq!(conns.len(), 5);
}

#[test]
fn paging_restarts_when_the_session_was_renewed_midway() {
    // The first page comes, then the session is gone: the token with it.
    let state = Arc::new(Mutex::new((0u32, false))); // logins, expired
    let st = state.clone();
    let server = MockServer::start(Box::new(move |req: &Req| {
        let m = req.method.as_str();
        let mut s = st.lock().unwrap();
        match m {
            "RetrieveServiceContent" => Reply::ok(response(m, SERVICE_CONTENT, false)),
            "Login" => {
                s.0 += 1;
                s.1 = false;
                Reply::ok(response(m, &user_session(&format!("k{}", s.0)), false))
                    .cookie(&format!("vmware_soap_session=\"c{}\"", s.0))
            }
            _ if s.1 => Reply::fault(fault("NotAuthenticated", "expired", false)),
            "RetrievePropertiesEx" => {
                if s.0 == 1 {
                    s.1 = true; // expire right after the first page
                }
                Reply::ok(response(
                    m,
                    &format!(
                        "<returnval><token>t-{}</token>{}</returnval>",
                        s.0,
                        vm_obj(1)
                    ),
                    false,
                ))
            }
            "ContinueRetrievePropertiesEx" if body_has(req, &format!("t-{}", s.0)) => Reply::ok(
                response(m, &format!("<returnval>{}</returnval>", vm_obj(2)), false),
            ),
            _ => Reply::fault(fault(
                "InvalidArgument",
                "A specified parameter was not correct: token",
                false,
            )),
        }
    }));
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    c.login("root", "pw").unwrap();
    let vms = c.list_vms(&["name"]).unwrap();
    assert_eq!(
        vms.iter().map(|v| v.obj.value.as_str()).collect::<Vec<_>>(),
        ["vm-1", "vm-2"]
    );
    assert_eq!(
        server.methods(),
        [
            "RetrieveServiceContent",
            "Login",
            "RetrievePropertiesEx",
            "ContinueRetrievePropertiesEx",
            "Login",
            "ContinueRetrievePropertiesEx",
            "RetrievePropertiesEx",
            "ContinueRetrievePropertiesEx"
        ]
    );
}

#[test]
fn old_servers_without_retrieve_properties_ex() {
    let server = MockServer::start(Box::new(|req: &Req| {
        let m = req.method.as_str();
        match m {
            "RetrieveServiceContent" => Reply::ok(response(m, SERVICE_CONTENT, false)),
            "Login" => Reply::ok(response(m, &user_session("k"), false))
                .cookie("vmware_soap_session=\"c\""),
            "RetrieveProperties" => Reply::ok(response(
                m,
                &vm_obj(1).replace("objects>", "returnval>"),
                false,
            )),
            _ => Reply::fault(fault(
                "MethodNotFound",
                &format!("The requested method {m} could not be found"),
                false,
            )),
        }
    }));
    let c = Client::connect(&server.url(), &ConnectOptions::default()).unwrap();
    c.login("root", "pw").unwrap();
    let vms = c.list_vms(&["name"]).unwrap();
    assert_eq!(vms.len(), 1);
    assert_eq!(vms[0].get_str("name"), Some("vm & 1"));
    c.list_vms(&["name"]).unwrap();
    assert_eq!(
        server.methods()[2..],
        [
            "RetrievePropertiesEx",
            "RetrieveProperties",
            "RetrieveProperties"
        ]
    );
}
