//! The vSphere client against govmomi's simulator (vcsim).
//!
//! The simulator is found through the environment the project's vcsim launcher writes:
//! `VCSIM_URL` (the SDK URL, http or https, without credentials), `VCSIM_USER`/`VCSIM_PASS`
//! (any non-empty pair works when the simulator was started without `-user`), `VCSIM_MODEL`
//! (`esx` or `vpx`, optional). `VCSIM_SESSION_IDLE` (seconds), when the simulator was started
//! with a session idle timeout, adds the idle-expiry test. Without `VCSIM_URL` every test
//! prints why it is skipped and passes, unless `VCSIM_REQUIRED=1`, which makes that a failure.

mod common;

use std::time::Duration;
use virt::vsphere::{Client, ConnectOptions, MoRef, ObjectContent, TaskInfoState, Val, ViError};

struct Sim {
    url: String,
    user: String,
    pass: String,
    model: Option<String>,
}

impl Sim {
    fn https(&self) -> bool {
        self.url.starts_with("https:")
    }

    fn options(&self) -> ConnectOptions {
        ConnectOptions {
            no_verify: self.https(),
            ..ConnectOptions::default()
        }
    }

    fn connect(&self) -> Client {
        Client::connect(&self.url, &self.options()).expect("connect")
    }

    fn login(&self) -> Client {
        let c = self.connect();
        c.login(&self.user, &self.pass).expect("login");
        c
    }
}

fn sim(test: &str) -> Option<Sim> {
    let url = match std::env::var("VCSIM_URL") {
        Ok(u) if !u.is_empty() => u,
        _ if std::env::var("VCSIM_REQUIRED").is_ok_and(|v| v == "1") => {
            panic!("{test}: VCSIM_REQUIRED=1 but VCSIM_URL is not set")
        }
        _ => {
            eprintln!(
                "skipping {test}: VCSIM_URL is not set (start vcsim with tools/vcsim/vcsim.sh \
                 start and export the VCSIM_* variables it prints)"
            );
            return None;
        }
    };
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let user = var("VCSIM_USER");
    let pass = var("VCSIM_PASS");
    Some(Sim {
        url,
        user: user.unwrap_or_else(|| "user".into()),
        pass: pass.unwrap_or_else(|| "pass".into()),
        model: var("VCSIM_MODEL"),
    })
}

#[test]
fn connect_reads_service_content() {
    let Some(s) = sim("connect_reads_service_content") else {
        return;
    };
    let c = s.connect();
    let about = c.about();
    assert_eq!(about.vendor, "VMware, Inc.");
    assert!(!about.full_name.is_empty());
    assert!(!about.version.is_empty());
    match s.model.as_deref() {
        Some("esx") => {
            assert_eq!(about.api_type, "HostAgent");
            assert_eq!(about.product_line_id, "embeddedEsx");
            assert!(!c.is_vcenter());
        }
        Some("vpx") => {
            assert_eq!(about.api_type, "VirtualCenter");
            assert!(c.is_vcenter());
        }
        _ => assert!(["HostAgent", "VirtualCenter"].contains(&about.api_type.as_str())),
    }
    assert_eq!(c.soap_calls(), 1);
    assert!(c.service_content().session_manager.is_some());
}

#[test]
fn https_is_verified_unless_no_verify() {
    let Some(s) = sim("https_is_verified_unless_no_verify") else {
        return;
    };
    if !s.https() {
        eprintln!("skipping https_is_verified_unless_no_verify: VCSIM_URL is http");
        return;
    }
    let err = Client::connect(&s.url, &ConnectOptions::default())
        .expect_err("a self-signed certificate must be refused");
    let msg = err.to_string();
    assert!(msg.contains("certificate"), "{msg}");
    assert!(msg.contains("self-signed"), "{msg}");
    assert!(msg.contains("no_verify"), "{msg}");
    let e: virt::error::Error = err.into();
    assert_eq!(e.domain, virt::error::domain::ESX);
    // With no_verify the same server is accepted.
    let opts = ConnectOptions {
        no_verify: true,
        ..ConnectOptions::default()
    };
    let c = Client::connect(&s.url, &opts).expect("no_verify accepts");
    c.login(&s.user, &s.pass).expect("login over https");
}

#[test]
fn login_and_logout() {
    let Some(s) = sim("login_and_logout") else {
        return;
    };
    let c = s.connect();
    let session = c.login(&s.user, &s.pass).expect("login");
    assert_eq!(session.user_name, s.user);
    assert!(!session.key.is_empty());
    assert!(!format!("{session:?}").contains(&session.key));
    let vms = c.list_vms(&["name"]).expect("list after login");
    assert!(!vms.is_empty());
    c.logout().expect("logout");
    // Logged out, the client has no credentials left and must not log in behind our back.
    let err = c
        .invoke(
            "CurrentTime",
            &MoRef::new("ServiceInstance", "ServiceInstance"),
            &[],
        )
        .expect_err("no session after logout");
    assert!(err.is_fault("NotAuthenticated"), "{err:?}");
}

#[test]
fn bad_password_reports_the_servers_fault() {
    let Some(s) = sim("bad_password_reports_the_servers_fault") else {
        return;
    };
    let c = s.connect();
    // An empty password is refused by every server; a wrong one where the login is fixed
    // (a simulator started without -user takes any non-empty pair).
    let wrong = format!("{}-wrong", s.pass);
    for pass in [String::new(), wrong] {
        let err = match c.login(&s.user, &pass) {
            Ok(_) => {
                assert!(!pass.is_empty(), "an empty password was accepted");
                eprintln!("note: the simulator accepts any password; wrong-password case skipped");
                c.logout().unwrap();
                continue;
            }
            Err(e) => e,
        };
        assert!(err.is_fault("InvalidLogin"), "{err:?}");
        let fault = err.fault().unwrap();
        assert!(!fault.message.is_empty());
        let e: virt::error::Error = err.clone().into();
        assert_eq!(e.domain, virt::error::domain::ESX);
        assert_eq!(e.code, virt::error::code::INTERNAL_ERROR);
        assert!(e.message.starts_with("internal error: "), "{}", e.message);
        assert!(
            e.message
                .contains(&format!("Fault: {} - {}", fault.fault_code, fault.message)),
            "{}",
            e.message
        );
        if !pass.is_empty() {
            assert!(!e.message.contains(&pass));
        }
    }
    assert!(c.session().is_none());
}

#[test]
fn inventory_walk_in_one_call() {
    let Some(s) = sim("inventory_walk_in_one_call") else {
        return;
    };
    let c = s.login();
    let before = c.soap_calls();
    let inv = c.inventory().expect("inventory");
    assert_eq!(c.soap_calls() - before, 1, "one property-collector call");
    assert!(!inv.datacenters.is_empty());
    assert!(!inv.hosts.is_empty());
    assert!(!inv.datastores.is_empty());
    assert!(!inv.compute_resources.is_empty());
    assert!(!inv.resource_pools.is_empty());
    assert!(!inv.networks.is_empty());
    for dc in &inv.datacenters {
        assert!(dc.content.get_moref("hostFolder").is_some());
        assert!(dc.content.get_moref("vmFolder").is_some());
    }
    for h in &inv.hosts {
        assert!(!h.name.is_empty());
        let dc = inv.datacenter_of(&h.obj).expect("host's datacenter");
        let path = inv.path_of(&h.obj).unwrap();
        let dc_path = inv.path_of(&dc.obj).unwrap();
        assert!(path.starts_with(&format!("{dc_path}/")), "{path}");
        assert!(path.contains("/host/"), "{path}");
    }
    for cr in &inv.compute_resources {
        let hosts = cr.content.get_morefs("host");
        assert!(!hosts.is_empty(), "{:?}", cr.obj);
        for h in hosts {
            assert!(inv.get(&h).is_some());
        }
    }
    if c.is_vcenter() {
        assert!(inv
            .compute_resources
            .iter()
            .any(|cr| cr.obj.ty == "ClusterComputeResource"));
    } else {
        assert_eq!(inv.datacenters[0].name, "ha-datacenter");
        assert_eq!(inv.hosts.len(), 1);
    }
    // The same walk with the typed helper for one type.
    let hosts = c.list_objects("HostSystem", &["name"]).unwrap();
    assert_eq!(hosts.len(), inv.hosts.len());
}

fn vm_table(c: &Client) -> Vec<ObjectContent> {
    c.list_vms(&["name", "runtime.powerState", "config.uuid"])
        .expect("list VMs")
}

#[test]
fn vm_list_in_one_call_and_find_by_uuid() {
    let Some(s) = sim("vm_list_in_one_call_and_find_by_uuid") else {
        return;
    };
    let c = s.login();
    let before = c.soap_calls();
    let vms = vm_table(&c);
    assert_eq!(c.soap_calls() - before, 1);
    assert!(!vms.is_empty());
    for vm in &vms {
        assert_eq!(vm.obj.ty, "VirtualMachine");
        assert!(!vm.get_str("name").unwrap().is_empty());
        assert!(["poweredOn", "poweredOff", "suspended"]
            .contains(&vm.get_str("runtime.powerState").unwrap()));
        assert_eq!(vm.get_str("config.uuid").unwrap().len(), 36);
    }
    let vm = &vms[0];
    let found = c
        .find_by_uuid(vm.get_str("config.uuid").unwrap(), true, None)
        .expect("FindByUuid");
    assert_eq!(found.as_ref(), Some(&vm.obj));
    let none = c
        .find_by_uuid("00000000-0000-0000-0000-000000000000", true, None)
        .expect("FindByUuid of nothing");
    assert_eq!(none, None);
    // One object's properties.
    let one = c
        .retrieve_object(&vm.obj, &["name", "config.hardware.numCPU"])
        .unwrap();
    assert_eq!(one.get_str("name"), vm.get_str("name"));
    assert!(one.get("config.hardware.numCPU").unwrap().as_i64().unwrap() >= 1);
}

#[test]
fn relogin_after_session_is_terminated() {
    let Some(s) = sim("relogin_after_session_is_terminated") else {
        return;
    };
    let a = s.login();
    let b = s.login();
    let key = a.session().unwrap().key;
    let sm = b.service_content().session_manager.clone().unwrap();
    b.invoke_none(
        "TerminateSession",
        &sm,
        &[("sessionId", Val::from(key.clone()))],
    )
    .expect("terminate a's session");
    let before = a.soap_calls();
    let vms = vm_table(&a);
    assert!(!vms.is_empty());
    assert!(vms.iter().all(|v| v.get_str("name").is_some()));
    let new_key = a.session().unwrap().key;
    assert_ne!(new_key, key, "a logged in again");
    // The failed call, the login, the repeated call: no probing before calls.
    assert_eq!(a.soap_calls() - before, 3);
    // And plain invoke re-logs in too.
    let sm = b.service_content().session_manager.clone().unwrap();
    b.invoke_none(
        "TerminateSession",
        &sm,
        &[("sessionId", Val::from(new_key.clone()))],
    )
    .unwrap();
    let pc = a.service_content().property_collector.clone();
    let filter: MoRef = a
        .invoke_one(
            "CreateFilter",
            &pc,
            &[
                (
                    "spec",
                    virt::vsphere::ToVal::to_val(&virt::vsphere::PropertyFilterSpec {
                        prop_set: vec![virt::vsphere::PropertySpec::new("Folder", &["name"])],
                        object_set: vec![virt::vsphere::ObjectSpec {
                            obj: a.service_content().root_folder.clone(),
                            skip: false,
                            select_set: vec![],
                        }],
                    }),
                ),
                ("partialUpdates", Val::from(false)),
            ],
        )
        .expect("CreateFilter after re-login");
    a.invoke_none("DestroyPropertyFilter", &filter, &[])
        .unwrap();
    assert_ne!(a.session().unwrap().key, new_key);
}

#[test]
fn relogin_after_idle_expiry() {
    let Some(s) = sim("relogin_after_idle_expiry") else {
        return;
    };
    let Some(idle) = std::env::var("VCSIM_SESSION_IDLE")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
    else {
        eprintln!(
            "skipping relogin_after_idle_expiry: VCSIM_SESSION_IDLE is not set (start vcsim \
             with -session-idle and set it to that many seconds)"
        );
        return;
    };
    let c = s.login();
    let key = c.session().unwrap().key;
    std::thread::sleep(Duration::from_secs_f64(idle * 2.0 + 0.5));
    let vms = vm_table(&c);
    assert!(vms.iter().all(|v| v.get_str("name").is_some()));
    assert_ne!(c.session().unwrap().key, key);
}

/// The VM the power test may change: the last by name, so other tests' reads stay valid.
fn power_test_vm(c: &Client) -> ObjectContent {
    let mut vms = vm_table(c);
    vms.sort_by(|a, b| a.get_str("name").cmp(&b.get_str("name")));
    vms.pop().unwrap()
}

#[test]
fn power_tasks_are_waited_for() {
    let Some(s) = sim("power_tasks_are_waited_for") else {
        return;
    };
    let c = s.login();
    let vm = power_test_vm(&c);
    let was_on = vm.get_str("runtime.powerState") == Some("poweredOn");
    if was_on {
        let info = c.run_task("PowerOffVM_Task", &vm.obj, &[]).unwrap();
        assert_eq!(info.state, TaskInfoState::Success);
    }
    // Power on, watching the VM's questions while the task runs.
    let task = c.power_on_vm_task(&vm.obj, None).unwrap();
    assert_eq!(task.ty, "Task");
    let mut questions = 0;
    let mut hook = |_: &Client, _: &MoRef, _: &virt::vsphere::QuestionInfo| {
        questions += 1;
        Ok(())
    };
    let before = c.soap_calls();
    let info = c.wait_for_task(&task, Some((&vm.obj, &mut hook))).unwrap();
    let calls = c.soap_calls() - before;
    assert_eq!(info.state, TaskInfoState::Success, "{info:?}");
    assert_eq!(info.task, task);
    assert_eq!(info.entity.as_ref(), Some(&vm.obj));
    assert!(info.clone().into_result().is_ok());
    assert_eq!(questions, 0, "vcsim asks no questions");
    // CreateFilter, WaitForUpdatesEx (once or a few times), DestroyPropertyFilter, the info.
    assert!((4..=8).contains(&calls), "{calls} calls");
    let now = c.retrieve_object(&vm.obj, &["runtime.powerState"]).unwrap();
    assert_eq!(now.get_str("runtime.powerState"), Some("poweredOn"));

    // Powering on a running VM fails: the task's fault comes back as an error.
    let result = c
        .run_task("PowerOnVM_Task", &vm.obj, &[])
        .and_then(|info| info.into_result());
    match result {
        Err(e) => {
            assert!(e.is_fault("InvalidPowerState"), "{e:?}");
            // libvirt's task error text: "<FaultType> - <message>".
            let msg = e.to_string();
            assert!(
                msg.starts_with("internal error: InvalidPowerState"),
                "{msg}"
            );
        }
        Ok(_) => panic!("powering on a running VM succeeded"),
    }

    if !was_on {
        let task = c.power_off_vm_task(&vm.obj).unwrap();
        let info = c.wait_for_task(&task, None).unwrap();
        assert_eq!(info.state, TaskInfoState::Success);
    }
}

#[test]
fn a_question_hook_error_ends_the_wait() {
    let Some(s) = sim("a_question_hook_error_ends_the_wait") else {
        return;
    };
    // vcsim never raises a question; what can be checked is that a watched wait works on a
    // VM whose question is empty and that faults from the server end it.
    let c = s.login();
    let bogus = MoRef::new("Task", "task-does-not-exist");
    let err: ViError = c.wait_for_task(&bogus, None).unwrap_err();
    assert!(err.fault().is_some() || err.to_string().contains("task-does-not-exist"));
}

#[test]
fn one_client_many_threads() {
    let Some(s) = sim("one_client_many_threads") else {
        return;
    };
    let c = s.login();
    let n = vm_table(&c).len();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..5 {
                    assert_eq!(vm_table(&c).len(), n);
                }
            });
        }
    });
    assert!(c.soap_calls() >= 21);
}

#[test]
fn unreachable_server_is_a_clear_error() {
    let Some(_s) = sim("unreachable_server_is_a_clear_error") else {
        return;
    };
    // A port on loopback nobody listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/sdk");
    let err = Client::connect(&url, &ConnectOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("RetrieveServiceContent"), "{msg}");
    assert!(msg.to_lowercase().contains("connect"), "{msg}");
}

#[test]
fn proxies_reach_the_simulator() {
    let Some(s) = sim("proxies_reach_the_simulator") else {
        return;
    };
    // Over https an HTTP proxy tunnels with CONNECT; over http it forwards.
    for (kind, scheme) in [
        (common::ProxyKind::Http, "http://"),
        (common::ProxyKind::Socks5, "socks5://"),
        (common::ProxyKind::Socks4, "socks4://"),
    ] {
        let proxy = common::TestProxy::start(kind);
        let opts = ConnectOptions {
            proxy: Some(format!("{scheme}{}", proxy.addr)),
            ..s.options()
        };
        let start = std::time::Instant::now();
        let c = Client::connect(&s.url, &opts).expect("connect through proxy");
        c.login(&s.user, &s.pass).expect("login through proxy");
        // ureq 2 could stall a SOCKS connect for its whole connect timeout (a lost wake-up).
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{kind:?} stalled"
        );
        assert!(!vm_table(&c).is_empty());
        assert!(proxy.relayed.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    }
}

/// A datastore file written piece by piece (a PUT fed through the upload queue) reads back the
/// same piece by piece (a GET's body); a missing file is the server's 404.
#[test]
fn streamed_upload_and_download() {
    let Some(s) = sim("streamed_upload_and_download") else {
        return;
    };
    let c = s.login();
    let inv = c.inventory().expect("inventory");
    let dc = &inv.datacenters[0];
    let dc_path = inv.path_of(&dc.obj).unwrap();
    let ds = inv
        .datastores
        .iter()
        .find(|d| inv.datacenter_of(&d.obj).map(|x| &x.obj) == Some(&dc.obj))
        .expect("a datastore");
    let url = c.datastore_file_url(&dc_path, &ds.name, "streamed/data.bin");
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut up = c.open_upload(&url).expect("open upload");
    for piece in data.chunks(100_000) {
        let mut at = 0;
        while at < piece.len() {
            at += up.write(&piece[at..]).expect("write");
        }
    }
    up.finish().expect("finish");
    let mut down = c.open_download(&url).expect("open download");
    let mut back = Vec::new();
    let mut buf = vec![0u8; 65536];
    loop {
        let n = down.read(&mut buf).expect("read");
        if n == 0 {
            break;
        }
        back.extend_from_slice(&buf[..n]);
    }
    assert!(down.ended());
    assert!(back == data, "{} bytes back of {}", back.len(), data.len());
    // ranges: offset and length, offset to the end, past the end
    let range = |offset: u64, length: u64| {
        let mut d = c.open_range(&url, offset, length).expect("open range");
        let mut got = Vec::new();
        let mut buf = vec![0u8; 7000];
        loop {
            match d.read(&mut buf).expect("read range") {
                0 => return got,
                n => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    assert!(range(1000, 20_000) == data[1000..21_000]);
    assert!(range(2_999_990, 0) == data[2_999_990..]);
    assert!(range(2_999_990, 100) == data[2_999_990..]);
    let e = c.open_range(&url, 3_000_000, 0).unwrap_err().to_string();
    assert!(e.contains("past the end"), "{e}");
    // a sized upload takes exactly its size
    let mut up = c
        .open_upload_sized(&url, Some(5))
        .expect("open sized upload");
    up.write(b"hello").expect("write");
    up.finish().expect("finish sized");
    assert_eq!(range(0, 0), b"hello");
    let missing = c.datastore_file_url(&dc_path, &ds.name, "streamed/none.bin");
    let e = c.open_download(&missing).unwrap_err().to_string();
    assert!(e.contains("Unexpected HTTP response code 404"), "{e}");
}
