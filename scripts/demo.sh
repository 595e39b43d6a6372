#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - `make demo`, the main job: boot the test VM on Debian's kernel,
# load lxcore.ko, create a default instance and run a program in it as a
# pico process, then show what lxcore saw.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VM_CMD='
set -e
echo "# insmod lxcore.ko"
insmod /lib/lxcore/lxcore.ko
echo "# lxssctl run -n default --stats -- pico-hello"
lxssctl run -n default --stats -- /usr/libexec/lxcore/helpers/pico-hello
echo "# lxssctl syscalls"
lxssctl syscalls
echo "# lxssctl global"
lxssctl global
' exec scripts/vm.sh
