#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-selftests.sh - run the lxcore selftests inside the test VM.
# Installed in the VM as /usr/bin/lxcore-selftests (scripts/stage.sh).
# POSIX sh only: it runs under busybox sh.
#
#   lxcore-selftests [NAME...]
#
# Runs every executable in /usr/libexec/lxcore/selftests/ (sorted by name), or
# only the NAMEs given (a name in that directory, or a path). Each program
# prints kselftest-harness TAP; its output is echoed as it comes. A program
# gets LXCORE_SELFTEST_TIMEOUT seconds (default 300). Its "# Totals:" line
# gives its counts; without one, a crash, timeout or non-zero exit counts as
# one failure. The last line is "N passed, N failed" over all programs
# (skips count neither); the exit status is 0 only if nothing failed.

dir=${LXCORE_SELFTEST_DIR:-/usr/libexec/lxcore/selftests}
limit=${LXCORE_SELFTEST_TIMEOUT:-300}
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d /tmp/lxcore-selftests.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
skipped=0

# Run one program: echo its output, then add its counts.
run_one() {
	prog=$1
	name=${prog##*/}
	log=$tmp/log
	rcfile=$tmp/rc

	echo "# selftest: $name"
	if [ ! -f "$prog" ] || [ ! -x "$prog" ]; then
		echo "# selftest: $name: not found or not executable"
		failed=$((failed + 1))
		return
	fi

	rm -f "$log" "$rcfile"
	# The program leads a session of its own, so that whatever it leaves
	# behind (a child that still holds the output pipe after a timeout) can
	# be killed with it. busybox timeout execs the program in its own pid.
	{
		(cd "${prog%/*}" && exec setsid timeout -k 10 "$limit" "$prog") </dev/null 2>&1 &
		pid=$!
		wait "$pid"
		echo $? >"$rcfile"
		kill -KILL -- "-$pid" 2>/dev/null
	} | tee "$log"
	rc=$(cat "$rcfile" 2>/dev/null)
	[ -n "$rc" ] || rc=255

	why="exit status $rc"
	case $rc in
	124 | 143 | 137) why="$why, killed: timed out after $limit s?" ;;
	esac

	# The harness's last word: "# Totals: pass:X fail:Y xfail:0 xpass:0 skip:Z error:0"
	totals=$(grep -E '^# Totals: pass:[0-9]+ fail:[0-9]+ xfail:[0-9]+ xpass:[0-9]+ skip:[0-9]+ error:[0-9]+' "$log" | tail -n 1)
	if [ -n "$totals" ]; then
		# shellcheck disable=SC2046 # split "pass:X fail:Y ..." into words
		set -- $(echo "$totals" | sed 's/^# Totals: //; s/[a-z]*://g')
		p=$(($1 + $3)) f=$(($2 + $4 + $6)) s=$5
		# Totals but no failure, yet the program did not end well (it
		# crashed or hung after its summary): that is a failure too.
		if [ "$f" -eq 0 ] && [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
			echo "# selftest: $name: $why after reporting no failure"
			f=1
		fi
	elif [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ]; then
		# No totals but a clean exit (4 is KSFT_SKIP): count its TAP lines.
		p=$(grep -cE '^ok [0-9]+' "$log")
		s=$(grep -E '^ok [0-9]+' "$log" | grep -c '# SKIP')
		p=$((p - s))
		f=$(grep -E '^not ok [0-9]+' "$log" | grep -vc '# SKIP')
		if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then
			if [ "$rc" -eq 0 ]; then p=1; else s=1; fi
		fi
	else
		echo "# selftest: $name: $why with no # Totals line"
		p=0 f=1 s=0
	fi

	echo "# selftest: $name: pass:$p fail:$f skip:$s ($why)"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

if [ $# -gt 0 ]; then
	for arg in "$@"; do
		case $arg in
		*/*) run_one "$arg" ;;
		*) run_one "$dir/$arg" ;;
		esac
	done
else
	found=0
	for prog in "$dir"/*; do
		if [ -f "$prog" ] && [ -x "$prog" ]; then
			found=1
			run_one "$prog"
		fi
	done
	[ "$found" = 1 ] || echo "# selftest: no test programs in $dir"
fi

echo "# selftests: $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
