#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-source.sh - lay out the DKMS source tree of lxcore.ko:
#
#   packaging/dkms-source.sh DIR     -> DIR/lxcore-0.1/ (what /usr/src/lxcore-0.1/ holds)
#
# then, as root: cp -a DIR/lxcore-0.1 /usr/src/ && dkms add lxcore/0.1 && dkms install lxcore/0.1.
# The module's sources only: Kbuild, module/, the uapi header, the VolFs
# record code the module shares with the volfs tool, and dkms.conf.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$ROOT/packaging/dkms.conf")
dest=$1/lxcore-$version

rm -rf "$dest"
mkdir -p "$dest/volfs" "$dest/include/uapi/linux"
cp "$ROOT/Kbuild" "$ROOT/packaging/dkms.conf" "$dest/"
cp "$ROOT/include/uapi/linux/lxss.h" "$dest/include/uapi/linux/"
cp "$ROOT/volfs/volfs_format.h" "$ROOT/volfs/volfs_record.c" "$dest/volfs/"
# The module's sources, not a previous build's objects.
(cd "$ROOT" && find module -name '*.[ch]' -print0 | cpio -0pdm --quiet "$dest")
echo "$dest"
