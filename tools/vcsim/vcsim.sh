#!/usr/bin/env bash
# Build, start and stop the project's vcsim launcher (tools/vcsim).
#
#   tools/vcsim/vcsim.sh build            build target/vcsim/vcsim if sources changed
#   tools/vcsim/vcsim.sh start [FLAGS]    start in the background, wait until it answers,
#                                         print the VCSIM_* lines of $STATE/vcsim.env
#   tools/vcsim/vcsim.sh stop             stop the instance started from this state dir
#   tools/vcsim/vcsim.sh status | env     print the env file if it is running (exit 1 if not)
#   tools/vcsim/vcsim.sh test [ARGS]      run the Go tests of tools/vcsim (go test ARGS)
#
# FLAGS are the launcher's (see README.md), e.g. -model vpx -tls -user u -pass p -real-esx.
# Environment: VCSIM_STATE_DIR (default target/vcsim/state) holds vcsim.env, vcsim.pid,
# vcsim.url, vcsim.pem (with -tls and no -cert-out), ca.pem (with -tls-ca), libvirt-auth.conf (for
# LIBVIRT_AUTH_FILE), vcsim.log (stderr); use one state dir per instance to run several.
# VCSIM_START_TIMEOUT (seconds, default 60).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/target/vcsim"
BIN="$OUT/vcsim"
STATE="${VCSIM_STATE_DIR:-$OUT/state}"
SYS_GOPATH=/usr/share/gocode
GOVMOMI="$SYS_GOPATH/src/github.com/vmware/govmomi"
PKGS=(golang-go golang-github-vmware-govmomi-dev)

say() { echo "vcsim.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        die "need root to run: $*"
    fi
}

# Install Go and govmomi from Debian if either is missing.
ensure_toolchain() {
    if command -v go >/dev/null 2>&1 && [ -d "$GOVMOMI/simulator" ]; then
        return
    fi
    command -v apt-get >/dev/null 2>&1 || die "go or govmomi missing and no apt-get: install ${PKGS[*]}"
    say "installing ${PKGS[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -q --no-install-recommends "${PKGS[@]}" </dev/null >&2; then
        as_root apt-get update -q </dev/null >&2
        as_root apt-get install -y -q --no-install-recommends "${PKGS[@]}" </dev/null >&2
    fi
    hash -r
    command -v go >/dev/null 2>&1 || die "go still missing after installing ${PKGS[*]}"
    [ -d "$GOVMOMI/simulator" ] || die "govmomi still missing at $GOVMOMI"
}

go_env() {
    export GO111MODULE=off
    export GOPATH="$SYS_GOPATH"
    export GOCACHE="${GOCACHE:-$OUT/gocache}"
    export GOFLAGS=
    export CGO_ENABLED=0
}

# A fingerprint of everything the binary depends on.
fingerprint() {
    {
        go version
        dpkg-query -W -f='${Package} ${Version}\n' "${PKGS[@]}" 2>/dev/null || true
        cd "$HERE" && find . -maxdepth 1 -name '*.go' ! -name '*_test.go' -print0 | sort -z | xargs -0 sha256sum
    } | sha256sum | cut -d' ' -f1
}

cmd_build() {
    ensure_toolchain
    go_env
    mkdir -p "$OUT"
    local fp
    fp=$(fingerprint)
    if [ -x "$BIN" ] && [ -f "$OUT/vcsim.fingerprint" ] && [ "$(cat "$OUT/vcsim.fingerprint")" = "$fp" ]; then
        say "up to date: $BIN"
        return
    fi
    say "building $BIN"
    (cd "$HERE" && go build -o "$BIN.tmp.$$" .) || { rm -f "$BIN.tmp.$$"; die "go build failed"; }
    mv -f "$BIN.tmp.$$" "$BIN"
    echo "$fp" > "$OUT/vcsim.fingerprint"
}

# pid_alive PID: the process exists and runs our binary.
pid_alive() {
    local pid=$1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    local exe
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
    case "$exe" in
        "$BIN"|"$BIN (deleted)"|"") return 0 ;;
        *) return 1 ;;
    esac
}

running_pid() {
    local pid=""
    [ -f "$STATE/vcsim.pid" ] && pid=$(cat "$STATE/vcsim.pid")
    if pid_alive "$pid"; then echo "$pid"; fi
}

cmd_stop() {
    local pid
    pid=$(running_pid)
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            pid_alive "$pid" || break
            sleep 0.1
        done
        if pid_alive "$pid"; then
            say "pid $pid ignored SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        say "stopped pid $pid"
    else
        say "not running (state dir $STATE)"
    fi
    rm -f "$STATE/vcsim.pid" "$STATE/vcsim.env" "$STATE/vcsim.url" "$STATE/libvirt-auth.conf"
}

# probe URL: does the server answer HTTP(S)?
probe() {
    local base=$1
    if command -v curl >/dev/null 2>&1; then
        curl -sk -o /dev/null --max-time 5 "$base/about"
    elif command -v python3 >/dev/null 2>&1; then
        python3 - "$base/about" <<'EOF'
import ssl, sys, urllib.request
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
urllib.request.urlopen(sys.argv[1], timeout=5, context=ctx).read()
EOF
    else
        local hp=${base#*://}
        (exec 3<>"/dev/tcp/${hp%:*}/${hp##*:}") 2>/dev/null
    fi
}

cmd_start() {
    cmd_build
    mkdir -p "$STATE"
    STATE=$(cd "$STATE" && pwd)
    if [ -n "$(running_pid)" ]; then
        say "an instance is already running from $STATE; stopping it first"
        cmd_stop
    fi
    rm -f "$STATE/vcsim.env" "$STATE/vcsim.pid" "$STATE/vcsim.url"

    local args=("$@") tls=0 cert=0 ca=0 a
    for a in "$@"; do
        case "$a" in
            -tls|--tls|-tls=true|--tls=true) tls=1 ;;
            -tls-ca|--tls-ca|-tls-ca=true|--tls-ca=true) ca=1 ;;
            -cert-out|--cert-out|-cert-out=*|--cert-out=*) cert=1 ;;
        esac
    done
    if [ $tls = 1 ] && [ $cert = 0 ]; then
        args+=(-cert-out "$STATE/vcsim.pem")
    fi
    if [ $ca = 1 ]; then
        args+=(-ca-out "$STATE/ca.pem")
    fi
    args+=(-auth-out "$STATE/libvirt-auth.conf" -env-out "$STATE/vcsim.env")

    local setsid=()
    command -v setsid >/dev/null 2>&1 && setsid=(setsid)
    (cd "$STATE" && exec "${setsid[@]}" "$BIN" "${args[@]}" </dev/null >"$STATE/vcsim.out" 2>"$STATE/vcsim.log") &
    local launched=$!

    local timeout=${VCSIM_START_TIMEOUT:-60} i=0
    while [ ! -s "$STATE/vcsim.env" ]; do
        if ! kill -0 "$launched" 2>/dev/null; then
            cat "$STATE/vcsim.log" >&2 || true
            die "vcsim exited during start (log: $STATE/vcsim.log)"
        fi
        i=$((i + 1))
        if [ $i -gt $((timeout * 10)) ]; then
            kill -TERM "$launched" 2>/dev/null || true
            die "vcsim did not come up in ${timeout}s (log: $STATE/vcsim.log)"
        fi
        sleep 0.1
    done

    local VCSIM_PID VCSIM_URL VCSIM_SCHEME VCSIM_ADDR
    # shellcheck disable=SC1091
    VCSIM_PID=$(. "$STATE/vcsim.env" && echo "$VCSIM_PID")
    # shellcheck disable=SC1091
    VCSIM_URL=$(. "$STATE/vcsim.env" && echo "$VCSIM_URL")
    # shellcheck disable=SC1091
    VCSIM_SCHEME=$(. "$STATE/vcsim.env" && echo "$VCSIM_SCHEME")
    # shellcheck disable=SC1091
    VCSIM_ADDR=$(. "$STATE/vcsim.env" && echo "$VCSIM_ADDR")
    echo "$VCSIM_PID" > "$STATE/vcsim.pid"
    echo "$VCSIM_URL" > "$STATE/vcsim.url"

    i=0
    until probe "$VCSIM_SCHEME://$VCSIM_ADDR"; do
        i=$((i + 1))
        if [ $i -gt $((timeout * 10)) ] || ! pid_alive "$VCSIM_PID"; then
            cmd_stop
            die "vcsim does not answer at $VCSIM_SCHEME://$VCSIM_ADDR (log: $STATE/vcsim.log)"
        fi
        sleep 0.1
    done
    say "running: pid $VCSIM_PID, $VCSIM_URL (state $STATE)"
    cat "$STATE/vcsim.env"
}

cmd_status() {
    if [ -n "$(running_pid)" ] && [ -f "$STATE/vcsim.env" ]; then
        cat "$STATE/vcsim.env"
    else
        say "not running (state dir $STATE)"
        return 1
    fi
}

cmd_test() {
    ensure_toolchain
    go_env
    cd "$HERE" && go test "$@" .
}

usage() {
    sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
    exit "${1:-2}"
}

[ $# -ge 1 ] || usage
sub=$1
shift
case "$sub" in
    build) [ $# -eq 0 ] || usage; cmd_build ;;
    start) cmd_start "$@" ;;
    stop) [ $# -eq 0 ] || usage; cmd_stop ;;
    status|env) cmd_status ;;
    test) cmd_test "$@" ;;
    -h|--help|help) usage 0 ;;
    *) usage ;;
esac
