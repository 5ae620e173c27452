//! The corpus of VMX files modern VMware products write (`tests/data/vmx_modern`, see its
//! README): NVMe, SATA, EFI with secure boot, vTPM, vmxnet3/e1000e, Workstation's connection
//! types, virtual hardware up to 21, `.encoding`s, and devices libvirt 9.0 fails on.
//!
//! Each `vmx2xml` case must convert to its expected XML; its XML must convert back to the
//! expected `<name>.rt.vmx` (at the case's virtual hardware version), and that VMX to the same
//! XML again, less the `<metadata>` record of what was left out: the round trip keeps every
//! value the XML carries. `VMX_MODERN_UPDATE=1` writes the expected files from the outputs.

mod corpus;

use corpus::{diff, read_manifest, run_case, Case};
use std::path::Path;
use virt::vmx::{self, Context, TestResolver};

fn without_metadata(xml: &str) -> String {
    match (xml.find("  <metadata>\n"), xml.find("  </metadata>\n")) {
        (Some(a), Some(b)) => format!("{}{}", &xml[..a], &xml[b + "  </metadata>\n".len()..]),
        _ => xml.to_string(),
    }
}

fn convert(case: &Case, direction: &str, input: &[u8]) -> virt::error::Result<String> {
    let resolver = TestResolver;
    let mut ctx = Context::new(&resolver);
    ctx.virtual_hw_version = case.hw_version;
    ctx.max_virtual_hw_version = case.max_hw_version;
    if direction == "vmx2xml" {
        vmx::to_domain_bytes(input, &ctx).map(|d| virt::domxml::format(&d))
    } else {
        let text = String::from_utf8_lossy(input);
        virt::domxml::parse(&text).and_then(|d| vmx::from_domain(&d, &ctx))
    }
}

/// The round trip of a `vmx2xml` case: XML -> `<name>.rt.vmx` -> the same XML.
fn round_trip(dir: &Path, case: &Case, update: bool) -> Result<(), String> {
    let Some(expected) = &case.expected else {
        return Ok(());
    };
    let xml = std::fs::read_to_string(dir.join(expected)).map_err(|e| e.to_string())?;
    let vmx_text = convert(case, "xml2vmx", xml.as_bytes())
        .map_err(|e| format!("XML -> VMX failed: {}", e.message))?;
    let rt_path = dir.join(expected.replace(".xml", ".rt.vmx"));
    if update {
        std::fs::write(&rt_path, &vmx_text).map_err(|e| e.to_string())?;
    }
    let rt = std::fs::read_to_string(&rt_path).map_err(|e| format!("{rt_path:?}: {e}"))?;
    if rt != vmx_text {
        return Err(format!("XML -> VMX:\n{}", diff(&rt, &vmx_text)));
    }
    let again = convert(case, "vmx2xml", rt.as_bytes())
        .map_err(|e| format!("round trip VMX -> XML failed: {}", e.message))?;
    let want = without_metadata(&xml);
    if again != want {
        return Err(format!(
            "VMX -> XML -> VMX -> XML:\n{}",
            diff(&want, &again)
        ));
    }
    Ok(())
}

#[test]
fn vmx_modern_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vmx_modern");
    let cases = read_manifest(&dir);
    let update = std::env::var_os("VMX_MODERN_UPDATE").is_some();
    let mut failed = Vec::new();
    for case in &cases {
        if update && !case.expect_fail {
            let input = std::fs::read(dir.join(&case.input)).expect("input");
            let out = convert(case, &case.direction, &input).unwrap_or_else(|e| e.message);
            let exp = case.expected.as_deref().expect("expected file");
            std::fs::write(dir.join(exp), out).expect("write expected");
        }
        let mut r = run_case(&dir, case);
        if r.is_ok() && case.direction == "vmx2xml" {
            r = round_trip(&dir, case, update);
        }
        if let Err(why) = r {
            println!("FAIL {} {}\n{why}", case.direction, case.name);
            failed.push(format!("{} {}", case.direction, case.name));
        }
    }
    let n = |d: &str| cases.iter().filter(|c| c.direction == d).count();
    println!(
        "vmx modern corpus: {} vmx2xml and {} xml2vmx cases, {} passed, {} failed",
        n("vmx2xml"),
        n("xml2vmx"),
        cases.len() - failed.len(),
        failed.len()
    );
    assert!(failed.is_empty(), "failing: {failed:?}");
}
