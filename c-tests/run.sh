#!/usr/bin/env bash
# Build and run the C tests against target/release/libvirt.so.0, compiling with -Wall -Werror
# against include/ (our generated headers) through pkgconfig/libvirt.pc.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
B="$HERE/build"
mkdir -p "$B"
export PKG_CONFIG_PATH="$ROOT/pkgconfig"
CFLAGS=(-Wall -Werror -O1 $(pkg-config --cflags libvirt))
LIBS=($(pkg-config --libs libvirt) -lpthread)
export LD_LIBRARY_PATH="$ROOT/target/release${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
status=0
run() { # name, command...
    local name=$1
    shift
    if "$@"; then echo "c-tests: $name ok"; else echo "c-tests: $name FAILED"; status=1; fi
}

# 1. headers: every constant and struct layout equals libvirt's; every signature is libvirt's
python3 "$HERE/gen_abi_check.py" "$B" >/dev/null
cc -Wall -Werror -Wno-deprecated-declarations -I/usr/include "$B/abi_values.c" -o "$B/values_ref"
cc "${CFLAGS[@]}" -Wno-deprecated-declarations "$B/abi_values.c" -o "$B/values_ours"
"$B/values_ref" >"$B/values_ref.txt"
"$B/values_ours" >"$B/values_ours.txt"
run "header values and layouts ($(wc -l <"$B/values_ref.txt") checked)" \
    diff -u "$B/values_ref.txt" "$B/values_ours.txt"
run "header signatures" cc "${CFLAGS[@]}" "$B/abi_protos.c" -o "$B/protos" "${LIBS[@]}"

# exports: libvirt's public symbols in libvirt's version nodes, and nothing else
syms() { objdump -T "$1" | grep -v '[*]UND[*]' | awk 'NF >= 7 && $(NF-1) != $NF {print $(NF-1), $NF}' | sort || true; }
syms /usr/lib/x86_64-linux-gnu/libvirt.so.0 | grep -v PRIVATE >"$B/exports_ref.txt"
syms "$ROOT/target/release/libvirt.so.0" >"$B/exports_ours.txt"
run "exports ($(wc -l <"$B/exports_ours.txt") symbols, each in libvirt's version node)" \
    diff -u "$B/exports_ref.txt" "$B/exports_ours.txt"

# 2. every function with NULL/zero arguments
python3 "$HERE/gen_null_test.py" "$B" >/dev/null
cc "${CFLAGS[@]}" -Wno-deprecated-declarations "$B/null_args.c" -o "$B/null_args" "${LIBS[@]}"
run "null arguments" "$B/null_args"

# 3. the hand-written tests
for t in "$HERE"/*.c; do
    name=$(basename "$t" .c)
    cc "${CFLAGS[@]}" "$t" -o "$B/$name" "${LIBS[@]}"
    run "$name" "$B/$name"
done
exit $status
