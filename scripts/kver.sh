#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kver.sh - the kernel ABI lxcore is built and tested against (the Makefile's
# KVER default; scripts/deps.sh installs it).
#
#   kver.sh          the pinned ABI if its headers are installed, else the newest
#                    installed 6.1 ABI, else the pinned one (deps installs it)
#   kver.sh --pin    the pinned ABI only
#
# The pin is Debian 12's kernel ABI the whole suite last passed on. Debian's
# security archive drops an ABI's packages some time after the next one lands;
# then scripts/deps.sh installs Debian's current 6.1 ABI instead and the tests
# follow it (the code is the same for every 6.1 ABI: a differing answer is a
# finding, fixed in the module, then the pin moves).

set -euo pipefail

PIN=6.1.0-57-amd64

if [ "${1:-}" = --pin ]; then
	echo "$PIN"
	exit 0
fi
if [ -d "/usr/src/linux-headers-$PIN" ]; then
	echo "$PIN"
	exit 0
fi
newest=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' -printf '%f\n' 2>/dev/null |
	sed 's|^linux-headers-||' | sort -V | tail -n 1)
echo "${newest:-$PIN}"
