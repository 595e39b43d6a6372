// SPDX-License-Identifier: GPL-2.0
/*
 * socket_bench: lxcore's AF_UNIX sockets against native ones, and host TCP
 * sockets through lxcore, from one boot: AF_UNIX stream round-trip latency
 * (1 byte ping-pong between two processes over a socketpair), AF_UNIX
 * stream throughput (64 KiB writes) and TCP loopback throughput (64 KiB
 * writes over 127.0.0.1). A child (and its forked partner) waits for a start
 * byte on fd 0, runs, and writes a done byte on fd 1; the native parent
 * times that. Loads lxcore.ko if it is not loaded (and unloads it at the end).
 *
 *   socket_bench [lxcore.ko [rounds]]      LXT_NATIVE_ONLY=1: native only
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lxss.h>
#include "bench.h"

#define ROUND_TRIPS	2000
#define CHUNK		65536
#define TOTAL_BYTES	(16L << 20)

static int rounds = 11;

/* Up to three arguments; the fourth (r10) is always 0. */
static long raw3(long nr, long a1, long a2, long a3)
{
	register long r10 __asm__("r10") = 0;
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			  : "rcx", "r11", "memory");
	return ret;
}

static long raw4(long nr, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
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

enum kind { ROUND_TRIP, THROUGHPUT, TCP_THROUGHPUT, NR_KINDS };

/* Read everything the writer sends, then say done. */
static void __attribute__((noreturn)) reader(long fd)
{
	long got, r;
	char c = 0;

	for (got = 0; got < TOTAL_BYTES; got += r) {
		r = raw3(SYS_read, fd, (long)chunk, CHUNK);
		if (r <= 0)
			child_exit(r ? r : -EIO);
	}
	check(raw3(SYS_write, 1, (long)&c, 1));
	child_exit(0);
}

static void writer(long fd)
{
	long got, r;

	for (got = 0; got < TOTAL_BYTES; got += r) {
		r = raw3(SYS_write, fd, (long)chunk, CHUNK);
		check(r);
	}
}

/* In the child, fds 0 (start byte) and 1 (done byte) only; raw syscalls only. */
static void __attribute__((noreturn)) child_run(enum kind kind)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int sv[2];
	long i, pid, lsn, s;
	socklen_t len = sizeof(a);
	char c = 0;

	switch (kind) {
	case ROUND_TRIP:
		check(raw4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv));
		pid = raw3(SYS_fork, 0, 0, 0);
		check(pid);
		if (pid == 0) {
			for (i = 0; i < ROUND_TRIPS; i++) {
				if (raw3(SYS_read, sv[1], (long)&c, 1) != 1)
					child_exit(-EIO);
				check(raw3(SYS_write, sv[1], (long)&c, 1));
			}
			child_exit(0);
		}
		check(raw3(SYS_read, 0, (long)&c, 1));
		for (i = 0; i < ROUND_TRIPS; i++) {
			check(raw3(SYS_write, sv[0], (long)&c, 1));
			if (raw3(SYS_read, sv[0], (long)&c, 1) != 1)
				child_exit(-EIO);
		}
		check(raw3(SYS_write, 1, (long)&c, 1));
		check(raw3(SYS_wait4, pid, 0, 0));
		break;
	case THROUGHPUT:
		check(raw4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv));
		pid = raw3(SYS_fork, 0, 0, 0);
		check(pid);
		if (pid == 0) {
			raw3(SYS_close, sv[0], 0, 0);
			reader(sv[1]);
		}
		raw3(SYS_close, sv[1], 0, 0);
		check(raw3(SYS_read, 0, (long)&c, 1));
		writer(sv[0]);
		check(raw3(SYS_wait4, pid, 0, 0));
		break;
	case TCP_THROUGHPUT:
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		lsn = raw3(SYS_socket, AF_INET, SOCK_STREAM, 0);
		check(lsn);
		check(raw3(SYS_bind, lsn, (long)&a, sizeof(a)));
		check(raw3(SYS_listen, lsn, 1, 0));
		check(raw3(SYS_getsockname, lsn, (long)&a, (long)&len));
		pid = raw3(SYS_fork, 0, 0, 0);
		check(pid);
		if (pid == 0) {
			s = raw3(SYS_socket, AF_INET, SOCK_STREAM, 0);
			check(s);
			check(raw3(SYS_connect, s, (long)&a, sizeof(a)));
			reader(s);
		}
		s = raw3(SYS_accept, lsn, 0, 0);
		check(s);
		check(raw3(SYS_read, 0, (long)&c, 1));
		writer(s);
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

static const char *kind_name[NR_KINDS] = { "round trip", "throughput", "tcp throughput" };

/*
 * Every round runs every variant, native first (no instance), then pico
 * (one instance for the round), so drift hits all alike. Reported: the
 * fastest run of each (interference only adds time), their ratio, and
 * the range of the per-round ratios.
 */
int main(int argc, char **argv)
{
	static const char *what[NR_KINDS] = {
		"AF_UNIX round trip, 1 byte each way",
		"AF_UNIX stream, 64 KiB writes",
		"TCP loopback, 64 KiB writes",
	};
	static const char *unit[NR_KINDS] = { "ns/round trip", "MB/s", "MB/s" };
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
		loaded = bench_load("socket_bench", ko);
		dev = open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			perror("bench: " LXSS_DEVICE_PATH);
			return 1;
		}
	}
	snprintf(create.name, sizeof(create.name), "socket-bench");
	for (r = 0; r < rounds; r++) {
		if (dev >= 0)
			bench_wait_no_hook("socket_bench", dev);
		for (k = 0; k < NR_KINDS; k++)
			ns[0][k][r] = bench_run_once("socket_bench", -1, k, kind_name[k], child_entry);
		if (native_only)
			continue;
		inst = ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &create);
		if (inst < 0) {
			perror("bench: create instance");
			return 1;
		}
		for (k = 0; k < NR_KINDS; k++) {
			ns[1][k][r] = bench_run_once("socket_bench", inst, k, kind_name[k], child_entry);
			/* Time ratio; for throughput the rate ratio is its inverse. */
			ratio[k][r] = k != ROUND_TRIP ? ns[0][k][r] / ns[1][k][r] :
							ns[1][k][r] / ns[0][k][r];
		}
		close(inst);
	}
	if (dev >= 0)
		close(dev);
	if (loaded)
		bench_unload("socket_bench");

	printf("lxcore socket benchmark: %d interleaved rounds, fastest run of each, one boot\n",
	       rounds);
	printf("(%d round trips, %ld MiB per run)\n", ROUND_TRIPS, TOTAL_BYTES >> 20);
	for (k = 0; k < NR_KINDS; k++) {
		for (v = 0; v < 2; v++)
			qsort(ns[v][k], rounds, sizeof(double), bench_cmp_double);
		qsort(ratio[k], rounds, sizeof(double), bench_cmp_double);
	}
	for (k = 0; k < NR_KINDS; k++) {
		double val[2];

		for (v = 0; v < 2; v++) {
			double t = ns[v][k][0];

			if (k == ROUND_TRIP)
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
		       k == ROUND_TRIP ? "(target <= 1.50)" : "(target >= 0.80)");
	}
	return 0;
}
