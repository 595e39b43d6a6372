// SPDX-License-Identifier: GPL-2.0
/*
 * signal_bench: signal delivery round trips, pico process against native,
 * from one boot. "self": a process sends itself SIGUSR1 with kill and its
 * handler runs (kill, delivery, handler, rt_sigreturn). "ping-pong": two
 * processes send SIGUSR1 back and forth, each waiting in sigsuspend with the
 * signal blocked otherwise. Handlers are installed with a raw rt_sigaction
 * and their own restorer. A child (and its partner) waits for a start byte
 * on fd 0, runs, and writes a done byte on fd 1; the native parent times
 * that. Loads lxcore.ko if it is not loaded (and unloads it at the end).
 *
 *   signal_bench [lxcore.ko [rounds]]      LXT_NATIVE_ONLY=1: native only
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
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

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

#define SELF_SIGNALS	5000
#define PING_PONGS	2000

static int rounds = 21;

/* Up to four arguments, raw: a pico process has no libc. */
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
		raw4(SYS_exit_group, r < 0 ? 100 + (-r & 0x7f) : 0, 0, 0, 0);
}

static void check(long r)
{
	if (r < 0)
		child_exit(r);
}

void bench_restorer(void);
__asm__(".text\n.align 16\n.globl bench_restorer\n.type bench_restorer, @function\n"
	"bench_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");

struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static volatile long caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

enum kind { SELF, PING_PONG, NR_KINDS };

/* In the child, fds 0 (start byte) and 1 (done byte) only; raw syscalls only. */
static void __attribute__((noreturn)) child_run(enum kind kind)
{
	struct ksigaction sa = { on_usr1, SA_RESTORER, bench_restorer, 0 };
	unsigned long usr1 = 1UL << (SIGUSR1 - 1), none = 0;
	long i, me, peer, pid;
	char c = 0;

	check(raw4(SYS_rt_sigaction, SIGUSR1, (long)&sa, 0, 8));
	switch (kind) {
	case SELF:
		me = raw4(SYS_getpid, 0, 0, 0, 0);
		check(raw4(SYS_read, 0, (long)&c, 1, 0));
		for (i = 0; i < SELF_SIGNALS; i++)
			check(raw4(SYS_kill, me, SIGUSR1, 0, 0));
		if (caught != SELF_SIGNALS)
			child_exit(-EIO);
		check(raw4(SYS_write, 1, (long)&c, 1, 0));
		break;
	case PING_PONG:
		/* SIGUSR1 is taken only inside sigsuspend: one per wait. */
		check(raw4(SYS_rt_sigprocmask, SIG_BLOCK, (long)&usr1, 0, 8));
		pid = raw4(SYS_fork, 0, 0, 0, 0);
		check(pid);
		if (pid == 0) {
			peer = raw4(SYS_getppid, 0, 0, 0, 0);
			if (peer <= 0)
				child_exit(-ESRCH);
			for (i = 0; i < PING_PONGS; i++) {
				raw4(SYS_rt_sigsuspend, (long)&none, 8, 0, 0);
				check(raw4(SYS_kill, peer, SIGUSR1, 0, 0));
			}
			child_exit(0);
		}
		check(raw4(SYS_read, 0, (long)&c, 1, 0));
		for (i = 0; i < PING_PONGS; i++) {
			check(raw4(SYS_kill, pid, SIGUSR1, 0, 0));
			raw4(SYS_rt_sigsuspend, (long)&none, 8, 0, 0);
		}
		if (caught != PING_PONGS)
			child_exit(-EIO);
		check(raw4(SYS_write, 1, (long)&c, 1, 0));
		check(raw4(SYS_wait4, pid, 0, 0, 0));
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

static const char *kind_name[NR_KINDS] = { "self", "ping-pong" };

/*
 * Every round runs every variant, native first (no instance), then pico
 * (one instance for the round), so drift hits all alike. Reported: the
 * fastest run of each (interference only adds time), their ratio, and
 * the range of the per-round ratios.
 */
int main(int argc, char **argv)
{
	static const char *what[NR_KINDS] = {
		"signal to self, kill + handler",
		"signal ping-pong, kill + sigsuspend",
	};
	static const long per_run[NR_KINDS] = { SELF_SIGNALS, PING_PONGS };
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
	/* One CPU for the timer and every child, as the other benches. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		perror("signal_bench: sched_setaffinity");
	if (!native_only) {
		loaded = bench_load("signal_bench", ko);
		dev = open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			perror("signal_bench: " LXSS_DEVICE_PATH);
			return 1;
		}
	}
	snprintf(create.name, sizeof(create.name), "signal-bench");
	for (r = 0; r < rounds; r++) {
		if (dev >= 0)
			bench_wait_no_hook("signal_bench", dev);
		for (k = 0; k < NR_KINDS; k++)
			ns[0][k][r] = bench_run_once("signal_bench", -1, k, kind_name[k], child_entry);
		if (native_only)
			continue;
		inst = ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &create);
		if (inst < 0) {
			perror("signal_bench: create instance");
			return 1;
		}
		for (k = 0; k < NR_KINDS; k++) {
			ns[1][k][r] = bench_run_once("signal_bench", inst, k, kind_name[k], child_entry);
			ratio[k][r] = ns[1][k][r] / ns[0][k][r];
		}
		close(inst);
	}
	if (dev >= 0)
		close(dev);
	if (loaded)
		bench_unload("signal_bench");

	printf("lxcore signal benchmark: %d interleaved rounds, fastest run of each, one boot\n",
	       rounds);
	printf("(%d signals to self, %d ping-pongs per run)\n", SELF_SIGNALS, PING_PONGS);
	for (k = 0; k < NR_KINDS; k++) {
		double val[2];

		for (v = 0; v < 2; v++)
			qsort(ns[v][k], rounds, sizeof(double), bench_cmp_double);
		qsort(ratio[k], rounds, sizeof(double), bench_cmp_double);
		for (v = 0; v < 2; v++)
			val[v] = ns[v][k][0] / per_run[k];
		if (native_only) {
			printf("%-36s native %9.1f ns/round trip  pico n/a (LXT_NATIVE_ONLY)\n",
			       what[k], val[0]);
			continue;
		}
		printf("%-36s native %9.1f  pico %9.1f ns/round trip  ratio %5.2f (rounds %4.2f..%4.2f)  (target <= 1.50)\n",
		       what[k], val[0], val[1], val[1] / val[0], ratio[k][0], ratio[k][rounds - 1]);
	}
	return 0;
}
