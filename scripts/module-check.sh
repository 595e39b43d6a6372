#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# module-check.sh - build lxcore.ko from clean with W=1 and with C=1 (sparse)
# and fail on any warning; build it through the DKMS package too. Prints one
# "ok"/"not ok" line per check and "module-check: N passed, N failed".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${KDIR:?KDIR is not set (run through make)}"
LOG=${B:-$ROOT/build}/module-check
mkdir -p "$LOG"
pass=0
fail=0

check() {
	local log=$LOG/$1.log name=$2
	shift 2
	make -s -C "$KDIR" M="$ROOT" clean >/dev/null 2>&1
	if ! make -C "$KDIR" M="$ROOT" "$@" modules >"$log" 2>&1; then
		echo "not ok - $name: build failed ($log)"
		tail -20 "$log" | sed 's/^/#   /'
		fail=$((fail + 1))
		return
	fi
	# Warnings from the compiler, sparse or objtool, in our files.
	if grep -E "warning:|error:" "$log" | grep -q "$ROOT"; then
		echo "not ok - $name: warnings ($log)"
		grep -E "warning:|error:" "$log" | sed 's/^/#   /' | head -20
		fail=$((fail + 1))
		return
	fi
	echo "ok - $name"
	pass=$((pass + 1))
}

command -v sparse >/dev/null || { echo "module-check: sparse is missing (make deps)" >&2; exit 1; }
check w1 "module builds warning-free with W=1" W=1
check sparse "module is sparse-clean (C=1)" W=1 C=1
# The DKMS package (packaging/dkms.conf) builds the module from its own
# source tree, in a private DKMS tree: nothing is installed on this machine.
dkms_check() {
	local tmp log=$LOG/dkms.log kver=${KVER:-$(basename "$(readlink -f "$KDIR")" | sed 's/^linux-headers-//')}

	if ! command -v dkms >/dev/null; then
		echo "not ok - the DKMS package builds the module: dkms is missing (make deps)"
		fail=$((fail + 1))
		return
	fi
	tmp=$(mktemp -d)
	mkdir -p "$tmp/tree"
	if "$ROOT/packaging/dkms-source.sh" "$tmp/src" >"$log" 2>&1 &&
	   dkms add lxcore/0.1 --sourcetree "$tmp/src" --dkmstree "$tmp/tree" >>"$log" 2>&1 &&
	   dkms build lxcore/0.1 -k "$kver" --sourcetree "$tmp/src" --dkmstree "$tmp/tree" \
		--kernelsourcedir "$KDIR" >>"$log" 2>&1 &&
	   [ -n "$(find "$tmp/tree" -name 'lxcore.ko*' -path "*/$kver/*")" ]; then
		echo "ok - the DKMS package builds the module"
		pass=$((pass + 1))
	else
		echo "not ok - the DKMS package builds the module ($log)"
		tail -20 "$log" | sed 's/^/#   /'
		fail=$((fail + 1))
	fi
	rm -rf "$tmp"
}
dkms_check

echo "module-check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
