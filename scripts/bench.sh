#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - `make bench`: boot the test VM once and print ns/call and the
# ratio to native for getpid (ordinary task without and with an instance,
# pico task) and for a pico call the host implements, then for the handle
# table and pipes (lookup, round-trip latency, throughput; pico vs native),
# then signal delivery round trips (to self, ping-pong; pico vs native), then
# futex ping-pong, 64 MiB mmap+touch+munmap, thread create+join and
# fork+exit+wait (proc_bench), then poll and epoll_wait on 1 and 1,000 pipes
# and an eventfd round trip (poll_bench), then file-system calls on VolFs
# against the same ext4 natively (vfs_bench: stat, open+close, create,
# readdir, sequential I/O), then AF_UNIX and TCP sockets (socket_bench).
# getpid_bench loads the module itself after measuring the baseline without
# it, and leaves it unloaded; pipe_bench, signal_bench, proc_bench and vfs_bench each load it again
# and unload it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# socket_bench: AF_UNIX stream round trip and throughput, TCP loopback throughput.
SOCKET_BENCH="socket_bench /lib/lxcore/lxcore.ko ${SOCKET_BENCH_ROUNDS:-11}"
VM_CMD="getpid_bench /lib/lxcore/lxcore.ko ${BENCH_ITERATIONS:-20000} && pipe_bench /lib/lxcore/lxcore.ko ${PIPE_BENCH_ROUNDS:-21} && signal_bench /lib/lxcore/lxcore.ko ${SIGNAL_BENCH_ROUNDS:-21} && proc_bench /lib/lxcore/lxcore.ko ${PROC_BENCH_ROUNDS:-11} && poll_bench /lib/lxcore/lxcore.ko ${POLL_BENCH_ROUNDS:-11} && vfs_bench /lib/lxcore/lxcore.ko ${VFS_BENCH_ROUNDS:-7} && $SOCKET_BENCH" exec scripts/vm.sh
