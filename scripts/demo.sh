#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - `make demo`, the main job: boot the test VM on Debian's kernel,
# load lxcore.ko, start lxssd, install the built-in default distro and run a
# short script in it as pico processes through the lx command, then show
# the instance's per-syscall counts.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# A quoted here-document: nothing in it is expanded or run on this machine.
VM_CMD=$(cat <<'EOF'
set -e
K=/usr/libexec/lxcore/selftests/volfs-kmods
echo "# insmod lxcore.ko"
insmod /lib/lxcore/lxcore.ko
# lxssd keeps distros on a file system with user.* xattrs: ext4 on a loop
# device (the VM runs from a tmpfs, which has none before Linux 6.6)
if ! grep -q ext4 /proc/filesystems; then
	for m in crc32c_generic crc16 mbcache jbd2 ext4; do
		insmod $K/$m.module 2>/dev/null || true
	done
fi
insmod $K/loop.module 2>/dev/null || true
mkdir -p /var/lib/lxss
dd if=/dev/zero of=/tmp/lxss.img bs=1M count=48 2>/dev/null
mke2fs -q -F -I 256 /tmp/lxss.img >/dev/null 2>&1
mount -t ext4 -o loop /tmp/lxss.img /var/lib/lxss
# the VM has no resolver configuration: give it the one of QEMU user networking
[ -f /etc/resolv.conf ] || echo "nameserver 10.0.2.3" >/etc/resolv.conf
echo "# lxssd &"
lxssd -i 2 2>/tmp/lxssd.log &
i=0
while [ ! -S /run/lxss/lxssd.sock ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.2
echo "# lx install default"
lx install default
echo "# lx list"
lx list
script='uname -a; id; ls -l /; cat /etc/resolv.conf; echo a b c | wc -w; sleep 1 & wait; echo done'
echo "# lx run default -- sh -c '$script'"
lx run default -- sh -c "$script" </dev/null
echo "# lx stats default"
lx stats default
EOF
)
export VM_CMD
exec scripts/vm.sh
