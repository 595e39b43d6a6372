#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install the Debian packages lxcore needs (`make deps`).
#
# Silent and fast (one dpkg-query) when everything is installed. Otherwise,
# as root: apt-get update + apt-get install of the whole list; not root:
# print the apt-get line to run and exit 1.

set -euo pipefail

PKGS=(
	# the pinned test kernel (Makefile KVER): image, headers, and its source
	linux-image-6.1.0-56-amd64 linux-headers-6.1.0-56-amd64 linux-source-6.1
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
DEBIAN_FRONTEND=noninteractive "${install_cmd[@]}"
