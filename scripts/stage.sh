#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stage.sh - fill $B/stage/, the tree laid over the test VM's root file system.
#
#   lxcore.ko                 -> /lib/lxcore/lxcore.ko   (required)
#   $B/bin/*                  -> /usr/bin/
#   $B/selftests/*            -> /usr/libexec/lxcore/selftests/
#   $B/helpers/*              -> /usr/libexec/lxcore/helpers/  (pico programs the tests exec)
#   $B/bench/*                -> /usr/bin/
#   $B/lib/lxcore/*           -> /usr/lib/lxcore/  (/init of instances, the default distro)
#   scripts/run-selftests.sh  -> /usr/bin/lxcore-selftests
#
# The stage is wiped first. Missing optional inputs are skipped silently.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${B:-$ROOT/build}
S=$B/stage

rm -rf "$S"

if [ ! -f "$ROOT/lxcore.ko" ]; then
	echo "stage: $ROOT/lxcore.ko is missing (build it with 'make module')" >&2
	exit 1
fi

mkdir -p "$S/lib/lxcore" "$S/usr/bin" "$S/usr/libexec/lxcore/selftests" \
	"$S/usr/libexec/lxcore/helpers"

cp "$ROOT/lxcore.ko" "$S/lib/lxcore/lxcore.ko"
chmod 0644 "$S/lib/lxcore/lxcore.ko"

# Copy the contents of a directory (modes and symlinks kept), if it exists.
copy_tree() {
	if [ -d "$1" ]; then
		cp -a "$1/." "$2/"
	fi
}
copy_tree "$B/bin" "$S/usr/bin"
copy_tree "$B/selftests" "$S/usr/libexec/lxcore/selftests"
copy_tree "$B/helpers" "$S/usr/libexec/lxcore/helpers"
copy_tree "$B/bench" "$S/usr/bin"
if [ -d "$B/lib/lxcore" ]; then
	mkdir -p "$S/usr/lib/lxcore"
	copy_tree "$B/lib/lxcore" "$S/usr/lib/lxcore"
fi

if [ -f "$ROOT/scripts/run-selftests.sh" ]; then
	cp "$ROOT/scripts/run-selftests.sh" "$S/usr/bin/lxcore-selftests"
	chmod 0755 "$S/usr/bin/lxcore-selftests"
fi
