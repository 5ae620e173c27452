#!/usr/bin/env bash
# Runs tests/vsphere_client.rs against each simulator shape the vSphere client must handle:
# ESX and vCenter models, http and https, real-ESX reply form, a fixed user/password, datacenters
# in folders, and a short session idle timeout (for the re-login test).
#
#   tests/vsphere_matrix.sh            uses tools/vcsim/vcsim.sh (VCSIM_SH overrides it)
#
# Each shape gets its own launcher state dir under target/vsphere-matrix/; every instance this
# script starts is stopped on exit. Prints "N passed, M failed" (shapes) last; exits 1 on failure.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VCSIM_SH=${VCSIM_SH:-$ROOT/tools/vcsim/vcsim.sh}
BASE=${VSPHERE_MATRIX_DIR:-$ROOT/target/vsphere-matrix}

[ -x "$VCSIM_SH" ] || { echo "vsphere_matrix.sh: no launcher at $VCSIM_SH" >&2; exit 2; }

# name | launcher flags | extra environment for the tests
SHAPES=(
    "esx-http|-model esx|"
    "esx-https|-model esx -tls|"
    "esx-real|-model esx -real-esx|"
    "vpx-http|-model vpx -folder 1|"
    "vpx-https-user|-model vpx -tls -user admin -pass s3cret.x|"
    "esx-idle|-model esx -session-idle 2s|VCSIM_SESSION_IDLE=2"
)

started=()
cleanup() {
    local s
    for s in "${started[@]}"; do
        VCSIM_STATE_DIR="$s" "$VCSIM_SH" stop >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT

(cd "$ROOT" && cargo test --no-run --test vsphere_client >/dev/null 2>&1) || {
    echo "vsphere_matrix.sh: the tests do not build" >&2
    exit 1
}

passed=0
failed=0
for shape in "${SHAPES[@]}"; do
    IFS='|' read -r name flags extra <<<"$shape"
    state="$BASE/$name"
    mkdir -p "$state"
    # shellcheck disable=SC2086
    if ! VCSIM_STATE_DIR="$state" "$VCSIM_SH" start $flags >/dev/null; then
        echo "== $name: the simulator did not start" >&2
        failed=$((failed + 1))
        continue
    fi
    started+=("$state")
    echo "== $name ($flags)"
    if (
        set -a
        # shellcheck disable=SC1091
        . "$state/vcsim.env"
        [ -n "$extra" ] && export "${extra?}"
        set +a
        cd "$ROOT" && cargo test -q --test vsphere_client 2>&1 | tail -n 3
        exit "${PIPESTATUS[0]}"
    ); then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
    VCSIM_STATE_DIR="$state" "$VCSIM_SH" stop >/dev/null 2>&1 || true
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
