//! The corpus harness shared by the corpus tests: reads a `MANIFEST.tsv` corpus (see the
//! shared corpus README for the format) and runs its cases with the corpus resolver rules.

#![allow(dead_code)]

use std::path::Path;
use virt::vmx::{self, Context, TestResolver};

pub struct Case {
    pub direction: String,
    pub name: String,
    pub input: String,
    pub expected: Option<String>,
    pub datacenter_path: Option<String>,
    pub expect_fail: bool,
    pub hw_version: i32,
    /// The newest virtual hardware version the converter may raise to (`None`: any).
    pub max_hw_version: Option<i32>,
    /// Where libvirt 9.0 fails and this converter deliberately converts (`libvirt=fail`).
    pub libvirt_fails: bool,
}

pub fn corpus_dir() -> std::path::PathBuf {
    match std::env::var_os("VMX_CORPUS_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/libvirt-vmx"),
    }
}

pub fn read_manifest(dir: &Path) -> Vec<Case> {
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
            max_hw_version: None,
            libvirt_fails: false,
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
                    "max_virtual_hw_version" => {
                        case.max_hw_version = Some(v.parse().expect("max_virtual_hw_version"))
                    }
                    "libvirt" => case.libvirt_fails = v == "fail",
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
pub fn diff(expected: &str, actual: &str) -> String {
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

pub fn run_case(dir: &Path, case: &Case) -> Result<(), String> {
    let input = std::fs::read(dir.join(&case.input)).map_err(|e| format!("read input: {e}"))?;
    let resolver = TestResolver;
    let mut ctx = Context::new(&resolver);
    ctx.datacenter_path = case.datacenter_path.clone();
    ctx.virtual_hw_version = case.hw_version;
    ctx.max_virtual_hw_version = case.max_hw_version;
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
