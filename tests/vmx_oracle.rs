//! Regression corpus checked against libvirt 9.0 itself (see `tests/data/vmx_oracle/README.md`):
//! generated VMX files and domain XMLs whose expected outputs (or failures) are libvirt's.
//! Every case must pass.

mod corpus;

use corpus::{read_manifest, run_case};
use std::path::Path;

#[test]
fn vmx_oracle_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vmx_oracle");
    let cases = read_manifest(&dir);
    assert!(!cases.is_empty());
    let mut failed = Vec::new();
    for case in &cases {
        if let Err(why) = run_case(&dir, case) {
            println!("FAIL {} {}\n{why}", case.direction, case.name);
            failed.push(format!("{} {}", case.direction, case.name));
        }
    }
    println!(
        "oracle corpus: {} passed, {} failed",
        cases.len() - failed.len(),
        failed.len()
    );
    assert!(failed.is_empty(), "failing: {failed:?}");
}
