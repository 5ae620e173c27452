//! Conformance test over libvirt's VMX <-> domain XML corpus (see the corpus README).
//!
//! Reads the corpus from `VMX_CORPUS_DIR` (default `../shared/conformance/libvirt-vmx` relative
//! to the crate root), runs every case of `MANIFEST.tsv`, prints one summary line per direction
//! and a diff per failure. It fails only for cases listed in `tests/vmx_corpus_passing.txt`
//! (`<direction> <name>` a line), so progress ratchets; run with `VMX_CORPUS_UPDATE=1` to
//! rewrite that list with the cases passing now.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use virt::vmx::{self, Context, TestResolver};

struct Case {
    direction: String,
    name: String,
    input: String,
    expected: Option<String>,
    datacenter_path: Option<String>,
    expect_fail: bool,
    hw_version: i32,
}

fn corpus_dir() -> PathBuf {
    match std::env::var_os("VMX_CORPUS_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/libvirt-vmx"),
    }
}

fn read_manifest(dir: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("read MANIFEST.tsv");
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 5, "bad manifest line {}: {line}", i + 1);
        let mut case = Case {
            direction: cols[0].to_string(),
            name: cols[1].to_string(),
            input: cols[2].to_string(),
            expected: (cols[3] != "-").then(|| cols[3].to_string()),
            datacenter_path: None,
            expect_fail: false,
            hw_version: 4,
        };
        if cols[4] != "-" {
            for opt in cols[4].split(',') {
                let (k, v) = opt.split_once('=').unwrap_or((opt, ""));
                match k {
                    "datacenter_path" => case.datacenter_path = Some(v.to_string()),
                    "expect" => case.expect_fail = v == "fail",
                    "virtual_hw_version" => {
                        case.hw_version = v.parse().expect("virtual_hw_version")
                    }
                    _ => panic!("unknown option {k} in manifest line {}", i + 1),
                }
            }
        }
        if case.expected.is_none() {
            case.expect_fail = true;
        }
        cases.push(case);
    }
    cases
}

/// A unified-ish line diff (LCS based).
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::from("--- expected\n+++ actual\n");
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push_str(&format!(" {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+{}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("-{}\n", a[i]));
            i += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(trailing newline differs)\n");
    }
    out
}

fn run_case(dir: &Path, case: &Case) -> Result<(), String> {
    let input = std::fs::read(dir.join(&case.input)).map_err(|e| format!("read input: {e}"))?;
    let resolver = TestResolver;
    let mut ctx = Context::new(&resolver);
    ctx.datacenter_path = case.datacenter_path.clone();
    ctx.virtual_hw_version = case.hw_version;
    let result = match case.direction.as_str() {
        "vmx2xml" => vmx::to_domain_bytes(&input, &ctx).map(|d| virt::domxml::format(&d)),
        "xml2vmx" => {
            let text = String::from_utf8(input).map_err(|_| "input is not UTF-8".to_string())?;
            virt::domxml::parse(&text).and_then(|d| vmx::from_domain(&d, &ctx))
        }
        d => return Err(format!("unknown direction {d}")),
    };
    match (result, case.expect_fail) {
        (Err(_), true) => Ok(()),
        (Ok(out), true) => Err(format!("expected a failure, got output:\n{out}")),
        (Err(e), false) => Err(format!("conversion failed: {}", e.message)),
        (Ok(out), false) => {
            let exp_path = case.expected.as_deref().unwrap_or_default();
            let expected = std::fs::read_to_string(dir.join(exp_path))
                .map_err(|e| format!("read expected: {e}"))?;
            if out == expected {
                Ok(())
            } else {
                Err(diff(&expected, &out))
            }
        }
    }
}

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
