//! Conversions per second over the VMX corpus, in each direction.
//!
//! `cargo run --release --example vmx_bench [corpus-dir] [seconds-per-direction]`
//! (the corpus defaults to `VMX_CORPUS_DIR` or `../shared/conformance/libvirt-vmx`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use virt::vmx::{self, Context, TestResolver};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir: PathBuf = args
        .get(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("VMX_CORPUS_DIR").map(PathBuf::from))
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/libvirt-vmx")
        });
    let secs: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let manifest = match std::fs::read_to_string(dir.join("MANIFEST.tsv")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read {}/MANIFEST.tsv: {e}", dir.display());
            std::process::exit(1);
        }
    };
    let mut vmx_inputs = Vec::new();
    let mut xml_inputs = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 || cols[4].contains("expect=fail") {
            continue;
        }
        let hw: i32 = cols[4]
            .split(',')
            .find_map(|o| o.strip_prefix("virtual_hw_version="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(4);
        let Ok(text) = std::fs::read_to_string(dir.join(cols[2])) else {
            continue;
        };
        match cols[0] {
            "vmx2xml" => vmx_inputs.push(text),
            "xml2vmx" => xml_inputs.push((text, hw)),
            _ => {}
        }
    }
    let resolver = TestResolver;
    let budget = Duration::from_secs_f64(secs);

    let mut ctx = Context::new(&resolver);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for v in &vmx_inputs {
            if let Ok(def) = vmx::to_domain(v, &ctx) {
                std::hint::black_box(virt::domxml::format(&def));
            }
            n += 1;
        }
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    println!(
        "vmx2xml: {rate:.0} conversions/s ({} inputs)",
        vmx_inputs.len()
    );

    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for (x, hw) in &xml_inputs {
            ctx.virtual_hw_version = *hw;
            if let Ok(def) = virt::domxml::parse(x) {
                std::hint::black_box(vmx::from_domain(&def, &ctx).ok());
            }
            n += 1;
        }
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    println!(
        "xml2vmx: {rate:.0} conversions/s ({} inputs)",
        xml_inputs.len()
    );
}
