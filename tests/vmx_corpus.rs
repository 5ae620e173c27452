//! Conformance test over libvirt's VMX <-> domain XML corpus (see the corpus README).
//!
//! Reads the corpus from `VMX_CORPUS_DIR` (default `../shared/conformance/libvirt-vmx` relative
//! to the crate root), runs every case of `MANIFEST.tsv`, prints one summary line per direction
//! and a diff per failure. It fails only for cases listed in `tests/vmx_corpus_passing.txt`
//! (`<direction> <name>` a line), so progress ratchets; run with `VMX_CORPUS_UPDATE=1` to
//! rewrite that list with the cases passing now.

mod corpus;

use corpus::{corpus_dir, read_manifest, run_case};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn vmx_corpus() {
    let dir = corpus_dir();
    if !dir.join("MANIFEST.tsv").exists() {
        println!("vmx corpus not found at {}, skipping", dir.display());
        return;
    }
    let cases = read_manifest(&dir);
    let list_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vmx_corpus_passing.txt");
    let recorded: BTreeSet<String> = std::fs::read_to_string(&list_path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();

    let mut passing = BTreeSet::new();
    let mut regressions = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for case in &cases {
        let key = format!("{} {}", case.direction, case.name);
        let entry = counts.entry(case.direction.clone()).or_insert((0, 0));
        match run_case(&dir, case) {
            Ok(()) => {
                entry.0 += 1;
                passing.insert(key);
            }
            Err(why) => {
                entry.1 += 1;
                println!("FAIL {key}\n{why}");
                if recorded.contains(&key) {
                    regressions.push(key);
                }
            }
        }
    }
    for dirn in ["vmx2xml", "xml2vmx"] {
        let (p, f) = counts.get(dirn).copied().unwrap_or((0, 0));
        println!("{dirn}: {p} passed, {f} failed");
    }
    if std::env::var_os("VMX_CORPUS_UPDATE").is_some() {
        let mut text = String::from(
            "# corpus cases known to pass (direction name); see tests/vmx_corpus.rs\n",
        );
        for k in &passing {
            text.push_str(k);
            text.push('\n');
        }
        std::fs::write(&list_path, text).expect("write passing list");
    }
    assert!(
        regressions.is_empty(),
        "cases recorded as passing now fail: {regressions:?}"
    );
}
