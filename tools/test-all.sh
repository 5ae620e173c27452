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
echo "== test servers (simulators and proxies)"
tools/test-env.sh start >/dev/null
trap 'tools/test-env.sh stop' EXIT
# shellcheck disable=SC1091
source target/test-env/env.sh
export VCSIM_REQUIRED=1
vcsim_env() { # prefix: the VCSIM_* variables the Rust tests read, from one simulator
    local p=$1
    eval "echo VCSIM_URL=\$${p}_URL VCSIM_USER=\$${p}_USER VCSIM_PASS=\$${p}_PASS VCSIM_MODEL=\$${p}_MODEL"
}
# shellcheck disable=SC2046
suite "rust tests" env $(vcsim_env ESX_TLS) cargo test --release
suite "VMX corpus (libvirt's converter tests)" cargo test --release --test vmx_corpus -- --nocapture
suite "VMX corpus of today's VMware products" cargo test --release --test vmx_modern -- --nocapture
# shellcheck disable=SC2046
suite "vSphere client on the plain-http ESX" env $(vcsim_env ESX_HTTP) cargo test --release --test vsphere_client
# shellcheck disable=SC2046
suite "vSphere client on the vCenter" env $(vcsim_env VPX) cargo test --release --test vsphere_client
# shellcheck disable=SC2046
suite "vSphere client re-login after expiry" env $(vcsim_env ESX_IDLE) VCSIM_SESSION_IDLE=2 \
    cargo test --release --test vsphere_client relogin
suite "c tests" c-tests/run.sh
suite "install into a prefix, then uninstall" tests/install/run.sh
suite "no leaks: the concurrency test under valgrind" env CONCURRENCY_QUERIES=25 \
    CONCURRENCY_URI="esx://$ESX_IDLE_ADDR/?transport=http" \
    LD_LIBRARY_PATH="$ROOT/target/release" valgrind -q --leak-check=full \
    --errors-for-leak-kinds=definite --error-exitcode=1 c-tests/build/concurrency
for t in tests/python/test_*.py; do
    suite "python3-libvirt: $(basename "$t")" env LD_LIBRARY_PATH="$ROOT/target/release" \
        OUR_LIBDIR="$ROOT/target/release" /usr/bin/python3 "$t"
done
suite "Go program on libvirt-go" tests/go/run.sh
echo "test-all: $suites_passed passed, 0 failed"
