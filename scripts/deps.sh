#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install the Debian packages lxcore needs (`make deps`).
#
# Silent and fast (one dpkg-query) when everything is installed. Otherwise,
# as root: apt-get update + apt-get install of the whole list; not root:
# print the apt-get line to run and exit 1.

set -euo pipefail

PIN=$("$(dirname "${BASH_SOURCE[0]}")"/kver.sh --pin)
# the pinned test kernel (scripts/kver.sh): image and headers
KPKGS=(linux-image-$PIN linux-headers-$PIN)

# A newer 6.1 ABI that an earlier fallback (below) installed stands in for a
# pin the archive no longer has.
KVER=$("$(dirname "${BASH_SOURCE[0]}")"/kver.sh)
if [ "$KVER" != "$PIN" ] && [ -r "/boot/vmlinuz-$KVER" ] &&
	[ "$(printf '%s\n' "$PIN" "$KVER" | sort -V | tail -n 1)" = "$KVER" ]; then
	KPKGS=(linux-image-$KVER linux-headers-$KVER)
fi

PKGS=(
	"${KPKGS[@]}" linux-source-6.1
	qemu-system-x86 busybox-static
	check libsubunit-dev sparse libseccomp-dev pkg-config
	# module-check: the DKMS package is built in a private tree
	dkms
	# lxss-daemon: the libFuzzer target of the protocol decoder
	clang libclang-rt-dev
	cpio xz-utils gcc make libc6-dev libarchive-dev
	# the static volfs tool: libarchive's own libraries (pkg-config --static)
	libacl1-dev liblz4-dev libzstd-dev liblzma-dev zlib1g-dev libbz2-dev
	libxml2-dev nettle-dev
)

# Names of the listed packages that dpkg knows as installed. Unknown
# packages make dpkg-query complain and exit 1: that only means "missing".
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PKGS[@]}" 2>/dev/null |
	awk '$2 == "installed" { print $1 }' || true)

missing=()
for p in "${PKGS[@]}"; do
	grep -qxF -- "$p" <<<"$installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

install_cmd=(apt-get install -y --no-install-recommends "${PKGS[@]}")

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run as root:" >&2
	echo "apt-get update && DEBIAN_FRONTEND=noninteractive ${install_cmd[*]}"
	exit 1
fi

echo "deps: installing missing packages: ${missing[*]}" >&2
apt-get update

# Debian's security archive keeps a kernel ABI's packages only for a while
# after the next ABI lands. Without the pinned one, take Debian's current 6.1
# ABI (the metapackages); scripts/kver.sh then picks it for the build and VM.
if ! apt-cache show "linux-image-$PIN" >/dev/null 2>&1; then
	echo "deps: Debian no longer offers the pinned kernel ABI $PIN;" \
		"installing its current one (linux-image-amd64, linux-headers-amd64)" >&2
	PKGS=(linux-image-amd64 linux-headers-amd64 "${PKGS[@]:${#KPKGS[@]}}")
	install_cmd=(apt-get install -y --no-install-recommends "${PKGS[@]}")
fi
DEBIAN_FRONTEND=noninteractive "${install_cmd[@]}"
