//! Converts files with the corpus resolver rules (or file names kept as they are).
//!
//! `cargo run --example vmx_convert -- [--raw-paths] [--inactive] [--hw N] [--dc PATH] vmx2xml|xml2vmx FILE...`
//!
//! `--inactive` formats XML as `VIR_DOMAIN_XML_INACTIVE` without `VIR_DOMAIN_XML_SECURE`.
//!
//! With one file the result goes to stdout; with several, each result is written next to its
//! input as `<input>.out` (or `<input>.err` holding the error message).

use virt::error::Result;
use virt::vmx::{self, Context, FileResolver, TestResolver};

/// Keeps file names as they are (what libvirt's VMware Workstation driver does).
struct RawPaths;

impl FileResolver for RawPaths {
    fn parse_file_name(&self, f: &str, _allow_missing: bool) -> Result<Option<String>> {
        Ok(Some(f.to_string()))
    }
    fn format_file_name(&self, s: &str) -> Result<String> {
        Ok(s.to_string())
    }
}

fn convert(
    direction: &str,
    input: &[u8],
    ctx: &Context,
    fmt: virt::domxml::FormatOptions,
) -> Result<String> {
    match direction {
        "vmx2xml" => vmx::to_domain_bytes(input, ctx).map(|d| virt::domxml::format_with(&d, fmt)),
        _ => {
            let text = String::from_utf8_lossy(input);
            virt::domxml::parse(&text).and_then(|d| vmx::from_domain(&d, ctx))
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let mut raw = false;
    let mut hw = 4;
    let mut dc = None;
    let mut fmt = virt::domxml::FormatOptions::default();
    loop {
        match args.peek().map(String::as_str) {
            Some("--raw-paths") => {
                raw = true;
                args.next();
            }
            Some("--inactive") => {
                fmt.inactive = true;
                fmt.secure = false;
                args.next();
            }
            Some("--hw") => {
                args.next();
                hw = args.next().and_then(|v| v.parse().ok()).unwrap_or(4);
            }
            Some("--dc") => {
                args.next();
                dc = args.next();
            }
            _ => break,
        }
    }
    let direction = args.next().unwrap_or_default();
    if direction != "vmx2xml" && direction != "xml2vmx" {
        eprintln!(
            "usage: vmx_convert [--raw-paths] [--inactive] [--hw N] [--dc PATH] vmx2xml|xml2vmx FILE..."
        );
        std::process::exit(2);
    }
    let files: Vec<String> = args.collect();
    let raw_resolver = RawPaths;
    let test_resolver = TestResolver;
    let resolver: &dyn FileResolver = if raw { &raw_resolver } else { &test_resolver };
    let mut ctx = Context::new(resolver);
    ctx.virtual_hw_version = hw;
    ctx.datacenter_path = dc;
    let single = files.len() == 1;
    let mut failed = false;
    for f in &files {
        let input = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                failed = true;
                continue;
            }
        };
        let result = convert(&direction, &input, &ctx, fmt);
        if single {
            match result {
                Ok(out) => print!("{out}"),
                Err(e) => {
                    eprintln!("error: {}", e.message);
                    failed = true;
                }
            }
        } else {
            let (path, text) = match result {
                Ok(out) => (format!("{f}.out"), out),
                Err(e) => (format!("{f}.err"), format!("{}\n", e.message)),
            };
            if let Err(e) = std::fs::write(&path, text) {
                eprintln!("{path}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
