#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - `make bench`: boot the test VM once and print ns/call and the
# ratio to native for getpid (ordinary task without and with an instance,
# pico task) and for a pico call the host implements. getpid_bench loads
# the module itself after measuring the baseline without it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VM_CMD="getpid_bench /lib/lxcore/lxcore.ko ${BENCH_ITERATIONS:-20000}" exec scripts/vm.sh
