#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh - build the test VM's initramfs.
#
#   initrd/mkinitramfs.sh OUT.cpio.gz STAGE_DIR VM_CMD_FILE [EXTRA_DIR]
#
# The result is a gzipped newc cpio: a busybox-static root with /init from
# initrd/vm-init, STAGE_DIR copied over the root, VM_CMD_FILE as /etc/vm-cmd
# and EXTRA_DIR (if given) as /extra. The device nodes the kernel needs before
# /init mounts devtmpfs (/dev/console, /dev/null, /dev/ttyS0, /dev/ttyS1) are
# written into the archive directly, so building needs no root.

set -euo pipefail

usage() {
	echo "usage: $0 OUT.cpio.gz STAGE_DIR VM_CMD_FILE [EXTRA_DIR]" >&2
	exit 2
}
die() {
	echo "mkinitramfs: $*" >&2
	exit 1
}

[ $# -eq 3 ] || [ $# -eq 4 ] || usage
out=$1 stage=$2 cmdfile=$3 extra=${4:-}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUSYBOX=${BUSYBOX:-/bin/busybox}

[ -d "$stage" ] || die "stage directory $stage does not exist"
[ -f "$cmdfile" ] || die "command file $cmdfile does not exist"
[ -z "$extra" ] || [ -d "$extra" ] || die "extra directory $extra does not exist"
[ -x "$BUSYBOX" ] || die "$BUSYBOX not found (apt-get install busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
	die "$BUSYBOX is dynamically linked; the VM needs busybox-static"
fi

# mktemp picks the name under $TMPDIR (default /tmp).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=$tmp/root

mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,usr/lib,usr/libexec,lib,lib64,etc,root,proc,sys,dev,tmp,run,var,mnt}
chmod 1777 "$r/tmp"
chmod 0700 "$r/root"
ln -s ../run "$r/var/run"
cp "$BUSYBOX" "$r/bin/busybox"
chmod 0755 "$r/bin/busybox"
ln -s busybox "$r/bin/sh"
cp "$HERE/vm-init" "$r/init"
chmod 0755 "$r/init"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' >"$r/etc/group"
echo lxvm >"$r/etc/hostname"

cp -a "$stage/." "$r/"
cp "$cmdfile" "$r/etc/vm-cmd"
chmod 0644 "$r/etc/vm-cmd"
if [ -n "$extra" ]; then
	mkdir -p "$r/extra"
	cp -a "$extra/." "$r/extra/"
fi

# One newc entry for a character device: newc_chr NAME MODE MAJOR MINOR INO.
newc_chr() {
	local name=$1 mode=$((8#020000 | 8#$2)) major=$3 minor=$4 ino=$5
	local namesize=$((${#name} + 1)) pad
	# ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$ino" "$mode" 0 0 1 0 0 0 0 "$major" "$minor" "$namesize" 0
	printf '%s\0' "$name"
	# Header (110 bytes) + name are padded to a multiple of 4; no data.
	pad=$(((4 - (110 + namesize) % 4) % 4))
	head -c "$pad" /dev/zero
}
newc_trailer() {
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		0 0 0 0 1 0 0 0 0 0 0 11 0
	printf 'TRAILER!!!\0'
	head -c 3 /dev/zero # 110 + 11 = 121 -> 124
}

{
	# The tree. Owner root for everything, whoever builds it.
	(cd "$r" && find . -print0 | LC_ALL=C sort -z |
		cpio --null --create --format=newc --owner=0:0 --quiet)
	# The device nodes, as a second archive in the same stream: the kernel
	# unpacks concatenated archives, and /dev exists by then.
	newc_chr dev/console 600 5 1 0x7fff0001
	newc_chr dev/null 666 1 3 0x7fff0002
	newc_chr dev/ttyS0 660 4 64 0x7fff0003
	newc_chr dev/ttyS1 660 4 65 0x7fff0004
	newc_trailer
} >"$tmp/initramfs.cpio"

mkdir -p "$(dirname "$out")"
gzip -n -6 <"$tmp/initramfs.cpio" >"$out.tmp"
mv -f "$out.tmp" "$out"
