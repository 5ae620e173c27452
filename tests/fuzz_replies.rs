//! Reply fuzzing: mutations of the simulator's real SOAP replies (tests/data/replies, recorded
//! by tools/record-replies.sh) go through the reply reader and every typed decoder the client
//! uses, as the client would meet them. No input may panic, take more than a second or hold
//! more than 64 MiB at once.
//!
//! `FUZZ_REPLIES_INPUTS` sets the number of inputs (50,000 by default; tools/test-long.sh runs
//! 1,000,000), `FUZZ_REPLIES_SEED` the seed. Figures go to stderr (`--nocapture`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use virt::vsphere::host_network::{HostPortGroup, HostVirtualSwitch, PhysicalNic};
use virt::vsphere::storage::{
    DatastoreHostMount, FileInfo, IscsiHba, IscsiTopologyTarget, ScsiLun, SearchResults,
};
use virt::vsphere::{
    soap, AboutInfo, FromNode, LocalizedMethodFault, MoRef, Node, ObjectContent, QuestionInfo,
    RetrieveResult, ServiceContent, SnapshotTree, TaskInfo, UserSession, ViError,
};

/// Counts live heap bytes and their peak, so an input's memory can be measured.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// What replies are made of, for insertions.
const TOKENS: &[&str] = &[
    "<returnval>",
    "</returnval>",
    "<propSet><name>x</name><val xsi:type=\"xsd:int\">7</val></propSet>",
    "<val xsi:type=\"ArrayOfManagedObjectReference\">",
    "<ManagedObjectReference type=\"VirtualMachine\">vm-1</ManagedObjectReference>",
    "xsi:type=\"ArrayOfString\"",
    "xsi:type=\"xsd:long\"",
    "xsi:type=\"TaskInfo\"",
    "xsi:type=\"\"",
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
    "xmlns=\"urn:vim25\"",
    "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>f</faultstring><detail><NotAuthenticatedFault xsi:type=\"NotAuthenticated\"/></detail></soapenv:Fault>",
    "<state>error</state>",
    "<state>success</state>",
    "<error><fault xsi:type=\"InvalidPowerState\"/><localizedMessage>m</localizedMessage></error>",
    "<childSnapshotList>",
    "-9223372036854775808",
    "18446744073709551616",
    "NaN",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&lt;",
    "&bogus;",
    "<![CDATA[<x>]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>",
    "<a:b:c>",
    "\u{feff}",
    "\u{0}",
    "'",
    "\"",
    "<",
    ">",
    "/",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            1 if len > 0 => {
                // drop a run: cut elements, attributes, the reply's end
                let i = rng.below(len);
                let j = (i + 1 + rng.below(256)).min(len);
                input.drain(i..j);
            }
            2 => {
                let i = rng.below(len + 1);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                input.splice(i..i, t.iter().copied());
            }
            3 if len > 0 => {
                // repeat a run: nested or doubled elements
                let i = rng.below(len);
                let j = (i + rng.below(512)).min(len);
                let chunk: Vec<u8> = input[i..j].to_vec();
                let k = rng.below(len + 1);
                input.splice(k..k, chunk);
            }
            4 if len > 0 => {
                // swap a tag name for another one found in the input
                let starts: Vec<usize> = (0..len.min(4096)).filter(|&i| input[i] == b'<').collect();
                if starts.len() > 1 {
                    let a = starts[rng.below(starts.len())];
                    let b = starts[rng.below(starts.len())];
                    let end = |s: usize| {
                        (s + 1..len)
                            .find(|&i| matches!(input[i], b'>' | b' ' | b'/'))
                            .unwrap_or(len)
                    };
                    let name: Vec<u8> = input[b + 1..end(b)].to_vec();
                    let e = end(a);
                    input.splice(a + 1..e, name);
                }
            }
            5 if len > 0 => {
                // change a number
                let i = rng.below(len);
                if let Some(p) = (i..len).find(|&p| input[p].is_ascii_digit()) {
                    let n = ["0", "-1", "2147483648", "99999999999999999999", "1e9", ""];
                    input.splice(p..p + 1, n[rng.below(n.len())].bytes());
                }
            }
            6 if rng.below(4) == 0 => {
                // a reply cut short
                let i = rng.below(len + 1);
                input.truncate(i);
            }
            _ => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
        }
    }
}

/// The replies and the method each answers (from its file name, `Method.N.xml`).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/replies");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("tests/data/replies (tools/record-replies.sh makes it)")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let method = name.split('.').next()?.to_string();
            Some((method, std::fs::read(e.path()).ok()?))
        })
        .collect();
    out.sort();
    out
}

/// Every node of a tree, depth first, at most `limit`.
fn nodes<'a>(root: &'a Node, limit: usize, out: &mut Vec<&'a Node>) {
    if out.len() >= limit {
        return;
    }
    out.push(root);
    for c in &root.children {
        nodes(c, limit, out);
    }
}

/// The decoders of a node by its type or element name, as the client picks them.
fn decode_typed(n: &Node) {
    let ty = n.type_name().to_string();
    let is = |names: &[&str]| names.iter().any(|t| ty == *t || n.name == *t);
    if is(&["ServiceContent"]) {
        let _ = ServiceContent::from_node(n);
    }
    if is(&["AboutInfo", "about"]) {
        let _ = AboutInfo::from_node(n);
    }
    if is(&["UserSession"]) {
        let _ = UserSession::from_node(n);
    }
    if is(&["ObjectContent", "objects"]) {
        if let Ok(o) = ObjectContent::from_node(n) {
            for p in &o.prop_set {
                let _ = o.get_i64(&p.name);
                let _ = o.get_morefs(&p.name);
                let _ = o.get_moref(&p.name);
                let _ = o.get_str(&p.name);
            }
        }
    }
    if is(&["RetrieveResult"]) {
        let _ = RetrieveResult::from_node(n);
    }
    if is(&["TaskInfo", "info"]) {
        if let Ok(t) = TaskInfo::from_node(n) {
            let _ = t.error_message();
            let _ = t.clone().into_result().map_err(|e| e.to_error());
        }
    }
    if is(&["LocalizedMethodFault", "error"]) {
        let _ = LocalizedMethodFault::from_node(n);
    }
    if is(&["VirtualMachineQuestionInfo", "question"]) {
        let _ = QuestionInfo::from_node(n);
    }
    if is(&[
        "ArrayOfVirtualMachineSnapshotTree",
        "rootSnapshotList",
        "childSnapshotList",
    ]) {
        let _ = SnapshotTree::list(n);
    }
    if is(&["VirtualMachineSnapshotTree"]) {
        let _ = SnapshotTree::from_node(n);
    }
    if is(&["HostDatastoreBrowserSearchResults"]) {
        let _ = SearchResults::from_node(n);
    }
    if ty.ends_with("FileInfo") || n.name == "file" {
        let _ = FileInfo::from_node(n);
    }
    if is(&["HostVirtualSwitch"]) {
        let _ = HostVirtualSwitch::from_node(n);
    }
    if is(&["HostPortGroup"]) {
        let _ = HostPortGroup::from_node(n);
    }
    if is(&["PhysicalNic"]) {
        let _ = PhysicalNic::from_node(n);
    }
    if is(&["ArrayOfDatastoreHostMount", "host"]) {
        let _ = DatastoreHostMount::list(n);
    }
    if is(&["ArrayOfHostHostBusAdapter", "hostBusAdapter"]) {
        let _ = IscsiHba::first(n);
        let _ = IscsiTopologyTarget::list(n);
    }
    if is(&["ArrayOfScsiLun", "scsiLun"]) {
        let _ = ScsiLun::list(n);
    }
    if is(&["ManagedObjectReference"]) {
        let _ = MoRef::from_node(n);
    }
}

/// What the client does with one reply to `method`; whether it read as a reply.
fn exercise(method: &str, body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let mut read = false;
    for status in [200, 500] {
        match soap::parse_response(method, status, &text) {
            Ok(returnvals) => {
                read = true;
                let mut all = Vec::new();
                for r in &returnvals {
                    nodes(r, 20_000, &mut all);
                }
                for n in all {
                    decode_typed(n);
                }
                // the method's own reading of its first return value
                if let Some(r) = returnvals.first() {
                    match method {
                        "RetrieveServiceContent" => drop(ServiceContent::from_node(r)),
                        "Login" => drop(UserSession::from_node(r)),
                        "RetrievePropertiesEx" | "ContinueRetrievePropertiesEx" => {
                            drop(RetrieveResult::from_node(r))
                        }
                        _ => drop(MoRef::from_node(r)),
                    }
                }
            }
            Err(e) => {
                let _ = e.to_error();
                if let ViError::Fault(f) = &e {
                    read = true;
                    let _ = f.describe();
                }
            }
        }
    }
    read
}

#[test]
fn replies_never_panic_hang_or_bloat() {
    let corpus = corpus();
    assert!(
        corpus.len() >= 20,
        "the reply corpus: {} files",
        corpus.len()
    );
    let inputs: usize = std::env::var("FUZZ_REPLIES_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let seed: u64 = std::env::var("FUZZ_REPLIES_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_f00d_cafe_d00d);
    let mut rng = Rng(seed | 1);
    // panics are counted, not printed each time
    std::panic::set_hook(Box::new(|_| {}));
    let (mut panics, mut slowest, mut biggest, mut read) = (0usize, Duration::ZERO, 0usize, 0usize);
    let mut first_panic: Option<(String, Vec<u8>)> = None;
    let start = Instant::now();
    // the unmutated replies first: each must read
    for (method, body) in &corpus {
        let text = String::from_utf8_lossy(body);
        let read = soap::parse_response(method, 200, &text).or_else(|e| match e {
            ViError::Fault(_) => Ok(Vec::new()),
            other => Err(other),
        });
        assert!(read.is_ok(), "{method}: a recorded reply does not read");
    }
    for i in 0..inputs {
        let (method, base) = &corpus[rng.below(corpus.len())];
        let mut input = base.clone();
        mutate(&mut rng, &mut input);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let t = Instant::now();
        let r = std::panic::catch_unwind(|| exercise(method, &input));
        let took = t.elapsed();
        let held = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        slowest = slowest.max(took);
        biggest = biggest.max(held);
        match r {
            Ok(true) => read += 1,
            Ok(false) => {}
            Err(_) => {
                panics += 1;
                first_panic.get_or_insert_with(|| (format!("{method} (input {i})"), input.clone()));
            }
        }
    }
    let _ = std::panic::take_hook();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "reply fuzzing: {inputs} inputs from {} replies ({read} still read as replies or faults) \
         in {secs:.1} s ({:.0}/s), {panics} panics, slowest input {:.1} ms, most memory held by \
         one input {} KiB",
        corpus.len(),
        inputs as f64 / secs,
        slowest.as_secs_f64() * 1000.0,
        biggest / 1024
    );
    if let Some((what, input)) = first_panic {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-replies-panic.xml");
        let _ = std::fs::write(&path, &input);
        panic!(
            "{panics} inputs panicked; the first, {what}, is in {}",
            path.display()
        );
    }
    assert!(
        slowest < Duration::from_secs(1),
        "an input took {slowest:?}"
    );
    assert!(biggest < 64 * 1024 * 1024, "an input held {biggest} bytes");
}
