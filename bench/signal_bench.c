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

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static const char *kind_name[NR_KINDS] = { "self", "ping-pong" };

/* One timed run in a child (a pico process if @inst >= 0): ns for the whole run. */
static double run_once(int inst, enum kind kind)
{
	int start[2], done[2], status;
	double t0, t1;
	char b = 0;
	pid_t pid;

	if (pipe2(start, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) {
		perror("signal_bench: pipe");
		exit(1);
	}
	pid = fork();
	if (pid == 0) {
		struct lxss_enter req = { .size = sizeof(req) };

		dup2(start[0], 0);
		dup2(done[1], 1);
		if (inst >= 0) {
			if (ioctl(inst, LXSS_IOC_ENTER, &req))
				_exit(2);
		} else if (syscall(SYS_close_range, 3, ~0U, 0)) {
			_exit(3);
		}
		child_run(kind);
	}
	close(start[0]);
	close(done[1]);
	usleep(20000);
	t0 = now_ns();
	if (write(start[1], &b, 1) != 1 || read(done[0], &b, 1) != 1)
		t1 = -1;
	else
		t1 = now_ns();
	waitpid(pid, &status, 0);
	close(start[1]);
	close(done[0]);
	if (t1 < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

		fprintf(stderr, "signal_bench: %s %s child failed: status %#x%s%s\n",
			inst >= 0 ? "pico" : "native", kind_name[kind], status,
			code > 100 ? ", a call answered " : "",
			code > 100 ? strerror(code - 100) : "");
		exit(1);
	}
	return t1 - t0;
}

static int hooks_active(int dev)
{
	struct lxss_global g = { .size = sizeof(g) };

	if (ioctl(dev, LXSS_IOC_GLOBAL, &g)) {
		perror("signal_bench: LXSS_IOC_GLOBAL");
		exit(1);
	}
	return g.hooks_active;
}

/* Native runs are timed with no instance, so with no hook registered. */
static void wait_no_hook(int dev)
{
	int i;

	for (i = 0; i < 500 && hooks_active(dev); i++)
		usleep(10000);
	if (hooks_active(dev)) {
		fprintf(stderr, "signal_bench: the hook stays registered with no instance\n");
		exit(1);
	}
}

static int load(const char *ko)
{
	int fd;

	if (access(LXSS_DEVICE_PATH, F_OK) == 0)
		return 0;
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		fprintf(stderr, "signal_bench: cannot load %s: %s\n", ko, strerror(errno));
		exit(1);
	}
	close(fd);
	usleep(200000);
	return 1;
}

static void unload(void)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (syscall(SYS_delete_module, "lxcore", O_NONBLOCK) == 0)
			return;
		usleep(10000);
	}
	perror("signal_bench: cannot unload lxcore");
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

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
		loaded = load(ko);
		dev = open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			perror("signal_bench: " LXSS_DEVICE_PATH);
			return 1;
		}
	}
	snprintf(create.name, sizeof(create.name), "signal-bench");
	for (r = 0; r < rounds; r++) {
		if (dev >= 0)
			wait_no_hook(dev);
		for (k = 0; k < NR_KINDS; k++)
			ns[0][k][r] = run_once(-1, k);
		if (native_only)
			continue;
		inst = ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &create);
		if (inst < 0) {
			perror("signal_bench: create instance");
			return 1;
		}
		for (k = 0; k < NR_KINDS; k++) {
			ns[1][k][r] = run_once(inst, k);
			ratio[k][r] = ns[1][k][r] / ns[0][k][r];
		}
		close(inst);
	}
	if (dev >= 0)
		close(dev);
	if (loaded)
		unload();

	printf("lxcore signal benchmark: %d interleaved rounds, fastest run of each, one boot\n",
	       rounds);
	printf("(%d signals to self, %d ping-pongs per run)\n", SELF_SIGNALS, PING_PONGS);
	for (k = 0; k < NR_KINDS; k++) {
		double val[2];

		for (v = 0; v < 2; v++)
			qsort(ns[v][k], rounds, sizeof(double), cmp_double);
		qsort(ratio[k], rounds, sizeof(double), cmp_double);
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
