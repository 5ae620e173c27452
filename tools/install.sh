#!/usr/bin/env bash
# Install what `cargo build --release` built under a prefix, or take it away again:
#   lib/libvirt.so.0 (soname libvirt.so.0), lib/libvirt.so -> libvirt.so.0,
#   include/libvirt/*.h, lib/pkgconfig/libvirt.pc (paths rewritten for the prefix), bin/virsh.
# A manifest (share/libvirt-esx/manifest) lists every file and folder made; a file that was
# already there is kept in share/libvirt-esx/saved/ and put back by --uninstall.
#
#   tools/install.sh [--prefix DIR] [--uninstall]      (default prefix: /usr/local)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=/usr/local
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h | --help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$prefix" in
/*) ;;
*) prefix="$(pwd)/$prefix" ;;
esac
prefix=${prefix%/}
state="$prefix/share/libvirt-esx"
manifest="$state/manifest"

# ld.so's cache only matters to root installs in the system's library path
refresh_ldconfig() {
    if [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi
}

if [ $uninstall = 1 ]; then
    [ -f "$manifest" ] || { echo "install.sh: nothing installed under $prefix (no $manifest)" >&2; exit 1; }
    mapfile -t entries <"$manifest"
    rm -f "$manifest"
    # newest first: files (putting back what they replaced), then the folders made for them
    for ((i = ${#entries[@]} - 1; i >= 0; i--)); do
        kind=${entries[i]%% *} rel=${entries[i]#* }
        case "$kind" in
        file)
            rm -f "$prefix/$rel"
            if [ -e "$state/saved/$rel" ] || [ -L "$state/saved/$rel" ]; then
                mv "$state/saved/$rel" "$prefix/$rel"
            fi
            ;;
        dir)
            [ "$rel" = share/libvirt-esx ] && rm -rf "$state/saved"
            rmdir "$prefix/$rel" 2>/dev/null || echo "install.sh: left $prefix/$rel: not empty" >&2
            ;;
        esac
    done
    rm -rf "$state/saved"
    refresh_ldconfig
    echo "uninstalled from $prefix"
    exit 0
fi

lib="$ROOT/target/release/libvirt.so"
bin="$ROOT/target/release/virsh"
for f in "$lib" "$bin"; do
    [ -f "$f" ] || { echo "install.sh: $f is missing: run 'cargo build --release' first" >&2; exit 1; }
done
if [ -f "$manifest" ]; then
    echo "install.sh: already installed under $prefix; run with --uninstall first" >&2
    exit 1
fi

entries=()
mkdirs() { # folder relative to the prefix: make it and each missing parent, noting them
    local rel=$1 part="" seg
    IFS=/ read -ra segs <<<"$rel"
    for seg in "${segs[@]}"; do
        part=${part:+$part/}$seg
        if [ ! -d "$prefix/$part" ]; then
            mkdir "$prefix/$part"
            entries+=("dir $part")
        fi
    done
}
if [ ! -d "$prefix" ]; then mkdir -p "$prefix"; fi
mkdirs share/libvirt-esx
put() { # mode, source ("->target" for a link), destination relative to the prefix
    local mode=$1 src=$2 rel=$3
    mkdirs "$(dirname "$rel")"
    if [ -e "$prefix/$rel" ] || [ -L "$prefix/$rel" ]; then
        mkdir -p "$(dirname "$state/saved/$rel")"
        mv "$prefix/$rel" "$state/saved/$rel"
        echo "install.sh: kept the previous $prefix/$rel in $state/saved/" >&2
    fi
    case "$src" in
    "->"*) ln -s "${src#->}" "$prefix/$rel" ;;
    *) install -m "$mode" "$src" "$prefix/$rel" ;;
    esac
    entries+=("file $rel")
}
put 0755 "$lib" lib/libvirt.so.0
put 0644 "->libvirt.so.0" lib/libvirt.so
for h in "$ROOT"/include/libvirt/*.h; do
    put 0644 "$h" "include/libvirt/$(basename "$h")"
done
pc=$(mktemp)
sed -e "s|^prefix=.*|prefix=$prefix|" -e 's|^libdir=.*|libdir=${prefix}/lib|' \
    -e '/^# /d' "$ROOT/pkgconfig/libvirt.pc" >"$pc"
put 0644 "$pc" lib/pkgconfig/libvirt.pc
rm -f "$pc"
put 0755 "$bin" bin/virsh
printf '%s\n' "${entries[@]}" >"$manifest"
refresh_ldconfig
echo "installed under $prefix: $(wc -l <"$manifest") files"
case ":$(ldconfig -v 2>/dev/null | sed -n 's/^\(\/[^:]*\):.*/\1/p' | tr '\n' ':')" in
*":$prefix/lib:"*) ;;
*) echo "note: $prefix/lib is not in ld.so's path: run programs with LD_LIBRARY_PATH=$prefix/lib" ;;
esac
