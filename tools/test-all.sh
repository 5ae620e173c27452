#!/usr/bin/env bash
# Every test, from a fresh machine: installs what is missing (Debian packages), builds the
# library, starts the simulator, runs the Rust, C and Python tests, and stops the simulator.
# Usage: tools/test-all.sh        (the README's test command; .ci/run calls it)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
suites_passed=0
suite() { # name, command...
    local name=$1
    shift
    echo "== $name"
    "$@"
    suites_passed=$((suites_passed + 1))
}

suite "setup (Debian packages)" tools/setup.sh
suite "generated sources are current" python3 tools/abi-gen.py --check
suite "build" cargo build --release
if git rev-parse --git-dir >/dev/null 2>&1; then
    suite "generated headers are current" git diff --exit-code --stat -- include/
fi
suite "format" cargo fmt --all -- --check
suite "lint" cargo clippy --release --all-targets -- -D warnings
suite "rust tests" cargo test --release
suite "c tests" c-tests/run.sh
suite "python3-libvirt drop-in" env LD_LIBRARY_PATH="$ROOT/target/release" \
    /usr/bin/python3 tests/python/test_dropin.py
echo "test-all: $suites_passed passed, 0 failed"
