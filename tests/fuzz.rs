//! Property test: the VMX reader/converter and the domain XML parser never panic or hang on
//! arbitrary input. Inputs are random bytes, random token soups, and mutations of the corpus
//! files (when the corpus is around), from a small fixed-seed PRNG so failures reproduce.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use virt::vmx::{self, Context, TestResolver};

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

const VMX_TOKENS: &[&str] = &[
    "config.version = \"8\"\n",
    "virtualHW.version = \"4\"\n",
    "virtualHW.version = \"13\"\n",
    "displayName = \"a|22b%2f\"\n",
    "annotation = \"x|7\"\n",
    "memsize = \"1024\"\n",
    "memsize = \"-4\"\n",
    "numvcpus = \"4\"\n",
    "cpuid.coresPerSocket = \"3\"\n",
    "sched.cpu.affinity = \"0,1, 2,99999\"\n",
    "sched.cpu.shares = \"high\"\n",
    "scsi0.present = \"true\"\n",
    "scsi0.virtualDev = \"pvscsi\"\n",
    "scsi0:0.present = \"true\"\n",
    "scsi0:0.fileName = \"/vmfs/volumes/ds/a.vmdk\"\n",
    "scsi0:1.present = \"TRUE\"\n",
    "scsi0:1.deviceType = \"cdrom-raw\"\n",
    "scsi0:1.fileName = \"auto detect\"\n",
    "sata0.present = \"true\"\n",
    "sata0:3.present = \"true\"\n",
    "sata0:3.fileName = \"x.iso\"\n",
    "ide1:1.present = \"true\"\n",
    "ide1:1.fileName = \"emptyBackingString\"\n",
    "floppy0.fileType = \"file\"\n",
    "floppy0.fileName = \"missing.flp\"\n",
    "ethernet0.present = \"true\"\n",
    "ethernet7.present = \"true\"\n",
    "ethernet2147483647.present = \"true\"\n",
    "ethernet0.connectionType = \"custom\"\n",
    "ethernet0.addressType = \"static\"\n",
    "ethernet0.address = \"00:50:56:zz\"\n",
    "ethernet0.dvs.switchId = \"00 11\"\n",
    "serial0.present = \"true\"\n",
    "serial0.fileType = \"network\"\n",
    "serial0.fileName = \"telnet://[::1]:99999\"\n",
    "parallel1.present = \"true\"\n",
    "isolation.tools.hgfs.disable = \"false\"\n",
    "sharedFolder.maxNum = \"9223372036854775807\"\n",
    "sharedFolder0.present = \"true\"\n",
    "svga.vramSize = \"-9223372036854775808\"\n",
    "RemoteDisplay.vnc.enabled = \"true\"\n",
    "vm.genid = \"-1\"\n",
    "firmware = \"efi\"\n",
    ".encoding = \"windows-1252\"\n",
    "# comment\n",
    "\"\"\"",
    "=",
    "\n",
    "\u{e9}",
];

const XML_TOKENS: &[&str] = &[
    "<domain type='vmware'>",
    "</domain>",
    "<name>x</name>",
    "<uuid>564d9bef-acd9-b4e0-c8f0-aea8b9103515</uuid>",
    "<memory unit='EiB'>99999</memory>",
    "<memory>4096</memory>",
    "<vcpu cpuset='0-4095,^3'>4294967295</vcpu>",
    "<os><type arch='x86_64'>hvm</type></os>",
    "<devices>",
    "</devices>",
    "<disk type='file' device='disk'><target dev='sdzzzzzzzzzzzz' bus='scsi'/></disk>",
    "<disk type='block' device='lun'><target dev='hdb'/><address type='drive' controller='4294967295'/></disk>",
    "<controller type='scsi' index='3' model='auto'/>",
    "<interface type='bridge'><source bridge='b'/><mac address='01:00:00:00:00:00'/></interface>",
    "<serial type='tcp'><source mode='bind' service='1'/></serial>",
    "<console type='pty'/>",
    "<graphics type='vnc' port='-1'/>",
    "<video><model type='vmvga' vram='4294967295' heads='2'/></video>",
    "<cpu><topology sockets='0' cores='1' threads='1'/></cpu>",
    "&amp;",
    "&#0;",
    "&bogus;",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<a b='1' b='2'/>",
    "'",
    "\"",
    "<",
    ">",
];

fn corpus_files() -> Vec<(bool, Vec<u8>)> {
    let dir: PathBuf = match std::env::var_os("VMX_CORPUS_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/libvirt-vmx"),
    };
    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vmx_oracle");
    let mut out = Vec::new();
    for (base, sub) in [
        (&dir, "vmx2xml"),
        (&dir, "xml2vmx"),
        (&oracle, "vmx2xml"),
        (&oracle, "xml2vmx"),
    ] {
        if let Ok(rd) = std::fs::read_dir(base.join(sub)) {
            for e in rd.flatten() {
                let p = e.path();
                let is_vmx = p.extension().map(|x| x == "vmx").unwrap_or(false);
                if let Ok(b) = std::fs::read(&p) {
                    out.push((is_vmx, b));
                }
            }
        }
    }
    out.sort();
    out
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, tokens: &[&str]) {
    let n = 1 + rng.below(6);
    for _ in 0..n {
        let len = input.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(64)).min(len);
                input.drain(i..j);
            }
            2 => {
                let i = rng.below(len + 1);
                let t = tokens[rng.below(tokens.len())].as_bytes();
                input.splice(i..i, t.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(128)).min(len);
                let chunk: Vec<u8> = input[i..j].to_vec();
                let k = rng.below(len + 1);
                input.splice(k..k, chunk);
            }
            4 => {
                let i = rng.below(len + 1);
                let b = [b'"', b'\n', b'|', b'%', b'<', b'>', b'\'', b'=', 0u8, 0xff];
                input.insert(i, b[rng.below(b.len())]);
            }
            _ => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
        }
    }
}

fn exercise_vmx(bytes: &[u8]) {
    let resolver = TestResolver;
    let mut ctx = Context::new(&resolver);
    ctx.datacenter_path = Some("dc".to_string());
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = vmx::VmxConf::parse(text);
    }
    if let Ok(def) = vmx::to_domain_bytes(bytes, &ctx) {
        let xml = virt::domxml::format(&def);
        let _ = virt::domxml::parse(&xml);
        let _ = vmx::from_domain(&def, &ctx);
    }
}

fn exercise_xml(bytes: &[u8]) {
    let resolver = TestResolver;
    let mut ctx = Context::new(&resolver);
    for hw in [4, 13] {
        ctx.virtual_hw_version = hw;
        if let Ok(text) = std::str::from_utf8(bytes) {
            if let Ok(def) = virt::domxml::parse(text) {
                let xml = virt::domxml::format(&def);
                let _ = virt::domxml::parse(&xml);
                if let Ok(vmx_text) = vmx::from_domain(&def, &ctx) {
                    // what we write, we read back
                    if let Err(e) = vmx::VmxConf::parse(&vmx_text) {
                        panic!("written VMX doesn't read: {}\n{vmx_text}", e.message);
                    }
                }
            }
        }
    }
}

#[test]
fn no_panic_no_hang_on_arbitrary_input() {
    let iterations: usize = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let corpus = corpus_files();
    let start = Instant::now();
    let mut slowest = Duration::ZERO;
    for i in 0..iterations {
        let t0 = Instant::now();
        match i % 4 {
            // raw random bytes
            0 => {
                let len = rng.below(256);
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                exercise_vmx(&bytes);
                exercise_xml(&bytes);
            }
            // token soups
            1 => {
                let mut v = Vec::new();
                let xml = rng.below(2) == 0;
                let tokens = if xml { XML_TOKENS } else { VMX_TOKENS };
                for _ in 0..rng.below(40) {
                    v.extend_from_slice(tokens[rng.below(tokens.len())].as_bytes());
                }
                if xml {
                    exercise_xml(&v);
                } else {
                    exercise_vmx(&v);
                }
            }
            // mutated corpus files
            _ => {
                if corpus.is_empty() {
                    continue;
                }
                let (is_vmx, base) = &corpus[rng.below(corpus.len())];
                let mut v = base.clone();
                if *is_vmx {
                    mutate(&mut rng, &mut v, VMX_TOKENS);
                    exercise_vmx(&v);
                } else {
                    mutate(&mut rng, &mut v, XML_TOKENS);
                    exercise_xml(&v);
                }
            }
        }
        slowest = slowest.max(t0.elapsed());
    }
    println!(
        "fuzz: {iterations} inputs in {:?}, slowest {:?}",
        start.elapsed(),
        slowest
    );
    assert!(
        slowest < Duration::from_secs(2),
        "an input took {slowest:?}: possible hang"
    );
}
