// SPDX-License-Identifier: GPL-2.0
/*
 * pipe_bench: the cost of lxcore's handle table and pipe object, pico
 * process against native, from one boot: handle lookup (fcntl F_GETFD in a
 * loop), pipe round-trip latency (1 byte ping-pong between two processes
 * over two pipes) and pipe throughput (64 KiB writes). A child (and its
 * forked partner) waits for a start byte on fd 0, runs, and writes a done
 * byte on fd 1; the native parent times that, since a pico process has no
 * clock. Loads lxcore.ko if it is not loaded (and unloads it at the end).
 *
 *   pipe_bench [lxcore.ko [rounds]]      LXT_NATIVE_ONLY=1: native only
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lxss.h>
#include "bench.h"

#define LOOKUPS		20000
#define ROUND_TRIPS	2000
#define CHUNK		65536
#define TOTAL_BYTES	(16L << 20)

static int rounds = 21;

/* Up to three arguments; the fourth (r10: wait4's rusage) is always 0. */
static long raw3(long nr, long a1, long a2, long a3)
{
	register long r10 __asm__("r10") = 0;
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			  : "rcx", "r11", "memory");
	return ret;
}

/* A failed call in the child: exit 100 + errno, so the parent can say which. */
static void __attribute__((noreturn)) child_exit(long r)
{
	for (;;)
		raw3(SYS_exit_group, r < 0 ? 100 + (-r & 0x7f) : 0, 0, 0);
}

static void check(long r)
{
	if (r < 0)
		child_exit(r);
}

static char chunk[CHUNK];

enum kind { LOOKUP, ROUND_TRIP, THROUGHPUT, NR_KINDS };

/* In the child, fds 0 (start byte) and 1 (done byte) only; raw syscalls only. */
static void __attribute__((noreturn)) child_run(enum kind kind)
{
	int a[2], b[2];
	long i, r, got, pid, acc = 0;
	char c = 0;

	check(raw3(SYS_pipe2, (long)a, 0, 0));
	switch (kind) {
	case LOOKUP:
		check(raw3(SYS_read, 0, (long)&c, 1));
		for (i = 0; i < LOOKUPS; i++)
			acc |= raw3(SYS_fcntl, a[0], F_GETFD, 0);
		check(acc);
		check(raw3(SYS_write, 1, (long)&c, 1));
		break;
	case ROUND_TRIP:
		check(raw3(SYS_pipe2, (long)b, 0, 0));
		pid = raw3(SYS_fork, 0, 0, 0);
		check(pid);
		if (pid == 0) {
			for (i = 0; i < ROUND_TRIPS; i++) {
				if (raw3(SYS_read, a[0], (long)&c, 1) != 1)
					child_exit(-EIO);
				check(raw3(SYS_write, b[1], (long)&c, 1));
			}
			child_exit(0);
		}
		check(raw3(SYS_read, 0, (long)&c, 1));
		for (i = 0; i < ROUND_TRIPS; i++) {
			check(raw3(SYS_write, a[1], (long)&c, 1));
			if (raw3(SYS_read, b[0], (long)&c, 1) != 1)
				child_exit(-EIO);
		}
		check(raw3(SYS_write, 1, (long)&c, 1));
		check(raw3(SYS_wait4, pid, 0, 0));
		break;
	case THROUGHPUT:
		/* The reader says done once it has every byte. */
		pid = raw3(SYS_fork, 0, 0, 0);
		check(pid);
		if (pid == 0) {
			raw3(SYS_close, a[1], 0, 0);
			for (got = 0; got < TOTAL_BYTES; got += r) {
				r = raw3(SYS_read, a[0], (long)chunk, CHUNK);
				if (r <= 0)
					child_exit(r ? r : -EIO);
			}
			check(raw3(SYS_write, 1, (long)&c, 1));
			child_exit(0);
		}
		raw3(SYS_close, a[0], 0, 0);
		check(raw3(SYS_read, 0, (long)&c, 1));
		for (got = 0; got < TOTAL_BYTES; got += r) {
			r = raw3(SYS_write, a[1], (long)chunk, CHUNK);
			check(r);
		}
		check(raw3(SYS_wait4, pid, 0, 0));
		break;
	default:
		break;
	}
	child_exit(0);
}

static void child_entry(int kind)
{
	child_run(kind);
}

static const char *kind_name[NR_KINDS] = { "lookup", "round trip", "throughput" };

/*
 * Every round runs every variant, native first (no instance), then pico
 * (one instance for the round), so drift hits all alike. Reported: the
 * fastest run of each (interference only adds time), their ratio, and
 * the range of the per-round ratios.
 */
int main(int argc, char **argv)
{
	static const char *what[NR_KINDS] = {
		"handle lookup, fcntl(F_GETFD)",
		"pipe round trip, 1 byte each way",
		"pipe throughput, 64 KiB writes",
	};
	static const char *unit[NR_KINDS] = { "ns/call", "ns/round trip", "MB/s" };
	const char *ko = argc > 1 ? argv[1] : "/lib/lxcore/lxcore.ko";
	const char *env = getenv("LXT_NATIVE_ONLY");
	int native_only = env && *env && strcmp(env, "0");
	double *ns[2][NR_KINDS], *ratio[NR_KINDS];
	struct lxss_create_instance create = { .size = sizeof(create) };
	int dev = -1, inst, loaded = 0, r, k, v;
	cpu_set_t cpus;

	if (argc > 2)
		rounds = atoi(argv[2]);
	if (rounds < 1)
		rounds = 1;
	for (k = 0; k < NR_KINDS; k++) {
		ns[0][k] = calloc(rounds, sizeof(double));
		ns[1][k] = calloc(rounds, sizeof(double));
		ratio[k] = calloc(rounds, sizeof(double));
		if (!ns[0][k] || !ns[1][k] || !ratio[k])
			return 1;
	}
	/* One CPU for the timer and every child: no migrations, same as getpid_bench. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		perror("bench: sched_setaffinity");
	memset(chunk, 'c', sizeof(chunk));
	if (!native_only) {
		loaded = bench_load("pipe_bench", ko);
		dev = open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			perror("bench: " LXSS_DEVICE_PATH);
			return 1;
		}
	}
	snprintf(create.name, sizeof(create.name), "pipe-bench");
	for (r = 0; r < rounds; r++) {
		if (dev >= 0)
			bench_wait_no_hook("pipe_bench", dev);
		for (k = 0; k < NR_KINDS; k++)
			ns[0][k][r] = bench_run_once("pipe_bench", -1, k, kind_name[k], child_entry);
		if (native_only)
			continue;
		inst = ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &create);
		if (inst < 0) {
			perror("bench: create instance");
			return 1;
		}
		for (k = 0; k < NR_KINDS; k++) {
			ns[1][k][r] = bench_run_once("pipe_bench", inst, k, kind_name[k], child_entry);
			/* Time ratio; for throughput the rate ratio is its inverse. */
			ratio[k][r] = k == THROUGHPUT ? ns[0][k][r] / ns[1][k][r] :
							ns[1][k][r] / ns[0][k][r];
		}
		close(inst);
	}
	if (dev >= 0)
		close(dev);
	if (loaded)
		bench_unload("pipe_bench");

	printf("lxcore pipe benchmark: %d interleaved rounds, fastest run of each, one boot\n",
	       rounds);
	printf("(%d lookups, %d round trips, %ld MiB per run)\n", LOOKUPS, ROUND_TRIPS,
	       TOTAL_BYTES >> 20);
	for (k = 0; k < NR_KINDS; k++) {
		for (v = 0; v < 2; v++)
			qsort(ns[v][k], rounds, sizeof(double), bench_cmp_double);
		qsort(ratio[k], rounds, sizeof(double), bench_cmp_double);
	}
	for (k = 0; k < NR_KINDS; k++) {
		double val[2];

		for (v = 0; v < 2; v++) {
			double t = ns[v][k][0];

			if (k == LOOKUP)
				val[v] = t / LOOKUPS;
			else if (k == ROUND_TRIP)
				val[v] = t / ROUND_TRIPS;
			else
				val[v] = t > 0 ? TOTAL_BYTES / (t / 1e9) / 1e6 : 0;
		}
		if (native_only) {
			printf("%-34s native %9.1f %-14s pico n/a (LXT_NATIVE_ONLY)\n",
			       what[k], val[0], unit[k]);
			continue;
		}
		printf("%-34s native %9.1f  pico %9.1f %-14s ratio %5.2f (rounds %4.2f..%4.2f)  %s\n",
		       what[k], val[0], val[1], unit[k], val[1] / val[0], ratio[k][0],
		       ratio[k][rounds - 1],
		       k == LOOKUP ? "" : k == ROUND_TRIP ? "(target <= 1.50)" : "(target >= 0.80)");
	}
	return 0;
}
