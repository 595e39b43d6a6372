#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lxssctl against the real module, in the test VM (busybox sh): a program
# run in an instance is a pico process, its exit status comes back, and the
# statistics name what it called. TAP output, kselftest totals line.
H=/usr/libexec/lxcore/helpers
n=0
pass=0
fail=0

check() {	# check NAME COMMAND...: ok when COMMAND succeeds
	name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $name"
		pass=$((pass + 1))
	else
		echo "not ok $n $name"
		fail=$((fail + 1))
	fi
}

status_is() {	# status_is WANT COMMAND...
	want=$1
	shift
	"$@" >/tmp/lxssctl_test.out 2>&1
	got=$?
	[ "$got" = "$want" ] || { echo "# wanted exit $want, got $got"; sed 's/^/# /' /tmp/lxssctl_test.out; return 1; }
}

stats_name_sysfs() {
	lxssctl run -n stats --stats -- "$H/pico-hello" >/tmp/lxssctl_test.out 2>&1 || return 1
	grep -q "hello from a pico process" /tmp/lxssctl_test.out &&
		grep -Eq '^ +139 +sysfs +1 +1$' /tmp/lxssctl_test.out
}

coverage_line() {
	lxssctl syscalls | grep -Eq '^implemented: [0-9]+ of [0-9]+$'
}

echo "TAP version 13"
echo "1..5"
check "a program run by lxssctl is a pico process (probe exits 42)" status_is 42 lxssctl run -- "$H/pico-probe"
check "the same program run natively is not (exits 1)" status_is 1 "$H/pico-probe"
check "an exec failure is exit status 127" status_is 127 lxssctl run -- /nonexistent/prog
check "--stats names the unimplemented call" stats_name_sysfs
check "lxssctl syscalls prints the coverage" coverage_line
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
[ "$fail" -eq 0 ]
