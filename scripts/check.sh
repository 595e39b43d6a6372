#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - `make check`: every test, ending with one line
# "N passed, N failed":
#   1. Check unit tests of the userspace code (AddressSanitizer)
#   2. the module build: W=1 and sparse (C=1), warning-free
#   3. the kselftests, in the test VM, on Debian's kernel
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
B=${B:-$ROOT/build}
mkdir -p "$B"
pass=0
fail=0

count() {	# count PASSED FAILED
	pass=$((pass + $1))
	fail=$((fail + $2))
}

echo "== unit tests (Check, ASan)"
# -k: a failing unit-test program does not keep the others from running.
make --no-print-directory -k unit 2>&1 | tee "$B/unit.log"
rc=${PIPESTATUS[0]}
# One summary line per unit-test program (lxss-unit, ob-unit, ...): sum them.
lines=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$B/unit.log")
if [ -n "$lines" ]; then
	before=$fail
	while read -r line; do
		n=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$line")
		f=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$line")
		e=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$line")
		count $((n - f - e)) $((f + e))
	done <<<"$lines"
	# A program that failed to build or died before its summary.
	if [ "$rc" -ne 0 ] && [ "$fail" -eq "$before" ]; then
		echo "check: make unit failed (exit status $rc, see $B/unit.log)"
		count 0 1
	fi
else
	echo "check: the unit tests did not run (see $B/unit.log)"
	count 0 1
fi

echo "== module build"
scripts/module-check.sh | tee "$B/module-check.log"
line=$(grep -E '^module-check: [0-9]+ passed' "$B/module-check.log")
if [ -n "$line" ]; then
	count "$(awk '{print $2}' <<<"$line")" "$(awk '{print $4}' <<<"$line")"
else
	count 0 1
fi

echo "== kselftests in the test VM"
if make --no-print-directory stage >"$B/build.log" 2>&1; then
	VM_CMD='insmod /lib/lxcore/lxcore.ko && lxcore-selftests' scripts/vm.sh | tee "$B/vm-tests.log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$B/vm-tests.log" | tail -n 1)
	if [ -n "$line" ]; then
		count "$(awk '{print $1}' <<<"$line")" "$(awk '{print $3}' <<<"$line")"
	fi
	# A VM that failed for its own reasons (console problems, timeout)
	# fails the run even if every test said ok.
	if [ "$rc" -ne 0 ] && { [ -z "$line" ] || [ "$(awk '{print $3}' <<<"$line")" = 0 ]; }; then
		echo "check: the test VM failed (exit status $rc)"
		count 0 1
	fi
else
	echo "check: build failed:"
	tail -30 "$B/build.log"
	count 0 1
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
