#!/usr/bin/env bash
# tools/install.sh into a temporary prefix: a C program built with that prefix's pkg-config file,
# Debian's python3-libvirt and the installed virsh run on the installed library against the
# simulator; --uninstall then leaves the prefix empty, and puts back a file it had replaced.
# Needs ESX_TLS_ADDR and ESX_TLS_AUTH_FILE (tools/test-env.sh) and a release build.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
uri="esx://$ESX_TLS_ADDR/?no_verify=1"
export LIBVIRT_AUTH_FILE="$ESX_TLS_AUTH_FILE"
passed=0
ok() { passed=$((passed + 1)); }
fail() {
    echo "install: FAIL $*"
    exit 1
}

"$ROOT/tools/install.sh" --prefix "$prefix" >"$tmp/install.log"
for f in lib/libvirt.so.0 lib/libvirt.so lib/pkgconfig/libvirt.pc bin/virsh include/libvirt/libvirt.h \
    include/libvirt/virterror.h; do
    [ -e "$prefix/$f" ] || fail "$f not installed"
done
ok
[ "$(readlink "$prefix/lib/libvirt.so")" = libvirt.so.0 ] || fail "libvirt.so is no link to libvirt.so.0"
[[ "$(objdump -p "$prefix/lib/libvirt.so.0")" =~ SONAME\ +libvirt\.so\.0$'\n' ]] || fail "soname"
ok

# pkg-config from the prefix names the prefix's folders
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[ "$(pkg-config --variable=libdir libvirt)" = "$prefix/lib" ] || fail "libdir: $(pkg-config --variable=libdir libvirt)"
[ "$(pkg-config --cflags libvirt | xargs)" = "-I$prefix/include" ] || fail "cflags: $(pkg-config --cflags libvirt)"
ok

cat >"$tmp/prog.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>

int main(int argc, char **argv)
{
    virConnectPtr conn = virConnectOpenAuth(argc > 1 ? argv[1] : NULL, virConnectAuthPtrDefault, 0);
    if (!conn)
        return 1;
    char *host = virConnectGetHostname(conn);
    printf("%s %d\n", host ? host : "?", virConnectNumOfDomains(conn));
    free(host);
    virConnectClose(conn);
    return 0;
}
C
# shellcheck disable=SC2046
cc -Wall -Werror "$tmp/prog.c" $(pkg-config --cflags --libs libvirt) -o "$tmp/prog"
[[ "$(LD_LIBRARY_PATH="$prefix/lib" ldd "$tmp/prog")" == *"=> $prefix/lib/libvirt.so.0 "* ]] ||
    fail "the program does not load the installed library"
c_out=$(LD_LIBRARY_PATH="$prefix/lib" "$tmp/prog" "$uri") || fail "the C program failed"
ok

py_out=$(LD_LIBRARY_PATH="$prefix/lib" /usr/bin/python3 -c '
import sys, libvirt
c = libvirt.open(sys.argv[1])
print(c.getHostname(), c.numOfDomains())
lib = sys.argv[2] + "/lib/libvirt.so.0"
sys.exit(0 if any(lib in line for line in open("/proc/self/maps")) else "python3-libvirt did not load " + lib)
' "$uri" "$prefix") || fail "python3-libvirt: $py_out"
[ "$py_out" = "$c_out" ] || fail "python3-libvirt says '$py_out', the C program '$c_out'"
ok

virsh_out=$("$prefix/bin/virsh" -q -c "$uri" hostname) || fail "the installed virsh"
[ "$virsh_out" = "${c_out% *}" ] || fail "virsh hostname: '$virsh_out'"
ok

"$ROOT/tools/install.sh" --prefix "$prefix" --uninstall >/dev/null
left=$(find "$prefix" -mindepth 1)
[ -z "$left" ] || fail "left behind: $left"
ok

# a file in the way is kept and put back; folders that were there stay
mkdir -p "$prefix/bin" "$prefix/lib"
echo old >"$prefix/bin/virsh"
"$ROOT/tools/install.sh" --prefix "$prefix" >/dev/null 2>&1
cmp -s "$prefix/bin/virsh" "$ROOT/target/release/virsh" || fail "virsh not installed over the old file"
"$ROOT/tools/install.sh" --prefix "$prefix" --uninstall >/dev/null
[ "$(cat "$prefix/bin/virsh")" = old ] || fail "the old file was not put back"
[ "$(find "$prefix" -mindepth 1 | sort | tr '\n' ' ')" = "$prefix/bin $prefix/bin/virsh $prefix/lib " ] ||
    fail "after the second uninstall: $(find "$prefix")"
ok
echo "install: $passed passed, 0 failed"
