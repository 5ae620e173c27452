#!/usr/bin/env bash
# Install what building and testing need from Debian, if it is not there yet. Idempotent; run
# as root (CI) or with passwordless sudo.
set -euo pipefail
PKGS=(
    gcc pkg-config python3 valgrind
    libvirt-dev libvirt0 libvirt-clients python3-libvirt libvirt-doc
    golang-go golang-github-vmware-govmomi-dev golang-github-libvirt-libvirt-go-dev
    tinyproxy microsocks
)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]}" >&2
sudo_=""
[ "$(id -u)" = 0 ] || sudo_="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$sudo_ apt-get update -q </dev/null >&2
$sudo_ apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >&2
