#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh - run one shell command in the lxcore test VM (`make vm VM_CMD='...'`).
#
# Environment:
#   VM_CMD      the command (busybox sh syntax), run as root in / with stdin
#               /dev/null; required
#   VM_EXTRA    a directory copied into the VM as /extra (optional)
#   VM_TIMEOUT  seconds before the VM is killed (default 900)
#   VM_APPEND   extra kernel command line parameters (optional)
#   KIMAGE      the kernel image to boot (default: the Makefile's choice, the
#               newest Debian kernel whose headers are installed)
#   B           build directory (default: build/ of the tree)
#
# The VM boots KIMAGE under TCG with an initramfs built from $B/stage (made by
# scripts/stage.sh if missing). Its kernel console (ttyS0) goes to
# $B/vm/console.log, the command's output (ttyS1) to $B/vm/out.log.
#
# Prints the command's output on stdout, diagnostics on stderr. Exit status:
# the command's, or 124 (timed out), 125 (the VM died before the command
# finished), 126 (the console shows a kernel BUG/WARNING/oops/..., see
# scripts/check-console.sh), 2 (usage).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${B:-$ROOT/build}
V=$B/vm

msg() { echo "vm: $*" >&2; }
die() {
	msg "$*"
	exit 2
}

VM_CMD=${VM_CMD:-}
VM_EXTRA=${VM_EXTRA:-}
VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_APPEND=${VM_APPEND:-}

[ -n "$VM_CMD" ] || die "VM_CMD is empty; usage: make vm VM_CMD='command' [VM_EXTRA=dir] [VM_TIMEOUT=s]"
if [ -n "$VM_EXTRA" ] && [ ! -d "$VM_EXTRA" ]; then
	die "VM_EXTRA=$VM_EXTRA is not a directory"
fi
[[ $VM_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "VM_TIMEOUT=$VM_TIMEOUT is not a positive number of seconds"

if [ -z "${KIMAGE:-}" ]; then
	kver=$(find /usr/src -maxdepth 1 -name 'linux-headers-*-amd64' -printf '%f\n' 2>/dev/null |
		sed 's|^linux-headers-||' | sort -V | tail -n 1)
	[ -n "$kver" ] || die "KIMAGE is not set and no linux-headers-*-amd64 is installed (make deps)"
	KIMAGE=/boot/vmlinuz-$kver
fi
[ -r "$KIMAGE" ] || die "kernel image $KIMAGE is missing or unreadable (make deps)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing (make deps)"

mkdir -p "$V"

# One VM at a time per build directory: the files below are shared.
exec 9>"$V/.lock"
if ! flock -n 9; then
	msg "waiting for another VM run in $V to finish"
	flock 9
fi

if [ ! -d "$B/stage" ]; then
	"$ROOT/scripts/stage.sh"
fi

console=$V/console.log
out=$V/out.log
initrd=$V/initramfs.cpio.gz
rm -f "$console" "$out"
printf '%s\n' "$VM_CMD" >"$V/vm-cmd"
"$ROOT/initrd/mkinitramfs.sh" "$initrd" "$B/stage" "$V/vm-cmd" ${VM_EXTRA:+"$VM_EXTRA"}

append="console=ttyS0 panic=-1 loglevel=7 rdinit=/init"
[ -z "$VM_APPEND" ] || append="$append $VM_APPEND"

qemu=(
	qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2048
	-nodefaults -no-user-config -display none -monitor none -no-reboot
	-serial "file:$console" -serial "file:$out"
	-kernel "$KIMAGE" -initrd "$initrd" -append "$append"
)

# qemu runs in the background so that an interrupt of this script (which
# `timeout` would not see: it runs in its own process group) ends the VM too.
interrupted=
start=$(date +%s.%N)
timeout -k 10 "$VM_TIMEOUT" "${qemu[@]}" </dev/null >"$V/qemu.log" 2>&1 &
qpid=$!
trap 'interrupted=1; kill -TERM "$qpid" 2>/dev/null || true' INT TERM HUP
rc=0
wait "$qpid" || rc=$?
if [ -n "$interrupted" ]; then
	wait "$qpid" 2>/dev/null || true
	msg "interrupted; logs: $console $out"
	exit 130
fi
trap - INT TERM HUP
end=$(date +%s.%N)
elapsed=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')

touch "$out" "$console"

# The init writes "\nLXVM-EXIT: N\n" after the command's output. Print the
# output without it, byte for byte when it is the end of the file (as usual).
status=
last=$(tail -n 1 "$out")
if [[ $last =~ ^LXVM-EXIT:\ ([0-9]+)$ ]]; then
	status=${BASH_REMATCH[1]}
	size=$(stat -c %s "$out")
	head -c $((size - ${#last} - 2)) "$out"
elif line=$(grep -a -n -E '^LXVM-EXIT: [0-9]+$' "$out" | tail -n 1) && [ -n "$line" ]; then
	# Something wrote after the marker (a leftover background process).
	status=${line##*: }
	sed "${line%%:*}d" "$out"
else
	cat "$out"
fi

console_bad=0
if ! bad=$("$ROOT/scripts/check-console.sh" "$console"); then
	console_bad=1
fi
report_console() {
	if [ "$console_bad" = 1 ]; then
		printf '%s\n' "$bad" | sed 's/^/vm: console: /' >&2
	fi
}
tail_console() {
	msg "last 40 lines of the console:"
	tail -n 40 "$console" | tr -d '\r' | sed 's/^/    /' >&2
}
logs() { msg "logs: $console $out"; }

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	msg "timed out after $VM_TIMEOUT s"
	tail_console
	report_console
	logs
	exit 124
fi
if [ -z "$status" ]; then
	if [ "$rc" -ne 0 ]; then
		msg "qemu failed (exit status $rc):"
		sed 's/^/    /' "$V/qemu.log" >&2
	fi
	msg "the VM died before the command finished"
	tail_console
	report_console
	logs
	exit 125
fi
if [ "$console_bad" = 1 ]; then
	report_console
	msg "the kernel log shows a problem (command exit status $status, ${elapsed} s)"
	logs
	exit 126
fi
if [ "$status" -ne 0 ]; then
	msg "command exit status $status (${elapsed} s)"
	logs
fi
exit "$status"
