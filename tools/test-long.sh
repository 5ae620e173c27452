#!/usr/bin/env bash
# The long runs of tools/test-all.sh's reliability suites, for one-off use (about 20 minutes
# here): the stress test in full (16 threads, 10,000 calls each, RSS growth checked) and the
# reply fuzzer on 1,000,000 inputs. Starts and stops the test servers itself.
#
#   tools/test-long.sh [STRESS_CALLS [FUZZ_INPUTS]]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
calls=${1:-10000}
inputs=${2:-1000000}
cargo build --release
echo "== reply fuzzing: $inputs inputs"
FUZZ_REPLIES_INPUTS=$inputs cargo test --release --test fuzz_replies -- --nocapture
echo "== stress: 16 threads, $calls calls each"
tools/test-env.sh start >/dev/null
trap 'tools/test-env.sh stop' EXIT
# shellcheck disable=SC1091
source target/test-env/env.sh
export PKG_CONFIG_PATH="$ROOT/pkgconfig"
mkdir -p c-tests/build
# shellcheck disable=SC2046
cc -Wall -Werror -O1 $(pkg-config --cflags libvirt) c-tests/stress.c -o c-tests/build/stress \
    $(pkg-config --libs libvirt) -lpthread
STRESS_CALLS=$calls LD_LIBRARY_PATH="$ROOT/target/release" c-tests/build/stress
echo "test-long: passed"
