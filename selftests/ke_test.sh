#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The dispatcher-object tests of module/ke/ run inside the kernel: reading
# /sys/kernel/debug/lxcore/ke_selftest runs them all and returns TAP. This
# passes that TAP on (one line per in-kernel test) and adds the kselftest
# totals line the aggregator reads. A missing file, or a report that does
# not end with its "# ke:" summary or lacks a result for each planned test,
# is a failure. busybox sh.
D=/sys/kernel/debug
F=$D/lxcore/ke_selftest
out=/tmp/ke_test.out

fail_whole() {
	echo "TAP version 13"
	echo "1..1"
	echo "# $1"
	echo "not ok 1 ke_selftest"
	echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
	exit 1
}

if [ ! -d "$D/lxcore" ] && ! grep -q " $D debugfs " /proc/mounts; then
	mount -t debugfs debugfs "$D" || fail_whole "cannot mount debugfs on $D"
fi
[ -e "$F" ] || fail_whole "$F is missing (is lxcore.ko loaded?)"
cat "$F" >"$out" 2>&1 || fail_whole "cannot read $F: $(cat "$out")"
cat "$out"

plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$out" | head -n 1)
pass=$(grep -cE '^ok [0-9]+ ' "$out")
fail=$(grep -cE '^not ok [0-9]+ ' "$out")
if ! grep -qE '^# ke: [0-9]+ passed, [0-9]+ failed$' "$out"; then
	echo "# the report has no '# ke:' summary line"
	fail=$((fail + 1))
fi
if [ -z "$plan" ] || [ $((pass + fail)) -lt "$plan" ]; then
	echo "# planned ${plan:-no} tests, got $((pass + fail)) results"
	fail=$((fail + 1))
fi
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
[ "$fail" -eq 0 ]
