#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-console.sh LOG - fail if a kernel console log shows a kernel problem.
#
# Prints every offending line (carriage returns removed) and exits 1 if the
# log shows a BUG, WARNING, oops, GPF, lockup, RCU stall, kmemleak report,
# panic, UBSAN/KASAN report, list corruption or hung task; exits 0 otherwise,
# 2 if LOG cannot be read.

set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 CONSOLE_LOG" >&2
	exit 2
fi
if [ ! -r "$1" ]; then
	echo "check-console: cannot read $1" >&2
	exit 2
fi

patterns=(
	'BUG:'
	'WARNING:'
	'Oops'
	'general protection'
	'soft lockup'
	'hard LOCKUP'
	'self-detected stall'
	'rcu: INFO:'
	'RCU stall'
	'detected stalls on CPUs'
	'kmemleak'
	'Kernel panic'
	'UBSAN:'
	'KASAN:'
	'list_add corruption'
	'list_del corruption'
	'hung_task'
	'blocked for more than'
)

args=()
for p in "${patterns[@]}"; do
	args+=(-e "$p")
done

# A user program's fault is logged as "traps: prog[pid] general protection
# fault ip:..." (the selftests provoke some on purpose); that is not a
# kernel problem. The kernel's own GPF reads "general protection fault, ...".
user_trap='^(\[ *[0-9.]+\] )?traps: .*\[[0-9]+\] general protection fault ip:'

# -a: a console log may hold stray binary bytes; grep must not call it binary.
if matches=$(tr -d '\r' <"$1" | grep -a -F "${args[@]}" | grep -a -v -E "$user_trap"); then
	printf '%s\n' "$matches"
	exit 1
fi
exit 0
