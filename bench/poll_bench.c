// SPDX-License-Identifier: GPL-2.0
/*
 * poll_bench: the cost of lxcore's readiness mechanism, pico process against
 * native, from one boot: poll and epoll_wait with a timeout of 0 on 1 pipe
 * and on 1,000 pipes (all idle, or one ready), and an eventfd write + read
 * round trip. A child waits for a start byte on fd 0, runs, and writes a
 * done byte on fd 1; the native parent times that (bench.h). Loads
 * lxcore.ko if it is not loaded (and unloads it at the end).
 *
 *   poll_bench [lxcore.ko [rounds]]      LXT_NATIVE_ONLY=1: native only
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lxss.h>
#include "bench.h"

#define MANY		1000
#define CALLS_ONE	20000
#define CALLS_MANY	500

static int rounds = 11;

static long raw4(long nr, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			  : "rcx", "r11", "memory");
	return ret;
}

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

enum kind {
	POLL_1, POLL_MANY_IDLE, POLL_MANY_ONE,
	EPOLL_1, EPOLL_MANY_IDLE, EPOLL_MANY_ONE,
	EVENTFD_RT, NR_KINDS
};

static const char *kind_name[NR_KINDS] = {
	"poll 1", "poll 1000 idle", "poll 1000 one ready",
	"epoll_wait 1", "epoll_wait 1000 idle", "epoll_wait 1000 one ready",
	"eventfd round trip",
};

static const long kind_calls[NR_KINDS] = {
	CALLS_ONE, CALLS_MANY, CALLS_MANY, CALLS_ONE, CALLS_MANY, CALLS_MANY, CALLS_ONE,
};

static struct pollfd pfd[MANY];
static int pipes[MANY][2];

/* In the child: fds 0 (start) and 1 (done) only; raw syscalls only. */
static void __attribute__((noreturn)) child_run(enum kind kind)
{
	long i, n = kind == POLL_1 || kind == EPOLL_1 ? 1 : MANY, calls = kind_calls[kind];
	long want = kind == POLL_MANY_IDLE || kind == EPOLL_MANY_IDLE ? 0 : 1;
	struct epoll_event ev[4];
	uint64_t v = 1;
	int ep = -1, efd = -1;
	char c = 0;

	if (kind == EVENTFD_RT) {
		efd = raw4(SYS_eventfd2, 0, 0, 0, 0);
		check(efd);
	} else {
		for (i = 0; i < n; i++) {
			check(raw4(SYS_pipe2, (long)pipes[i], 0, 0, 0));
			pfd[i].fd = pipes[i][0];
			pfd[i].events = POLLIN;
		}
		/* The one ready pipe is the last one polled. */
		if (want)
			check(raw4(SYS_write, pipes[n - 1][1], (long)&c, 1, 0));
		if (kind >= EPOLL_1) {
			ep = raw4(SYS_epoll_create1, 0, 0, 0, 0);
			check(ep);
			for (i = 0; i < n; i++) {
				struct epoll_event e = { .events = EPOLLIN, .data.u64 = i };

				check(raw4(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, pipes[i][0], (long)&e));
			}
		}
	}
	/* Set up: say so, then wait for the start. */
	check(raw4(SYS_write, 1, (long)&c, 1, 0));
	check(raw4(SYS_read, 0, (long)&c, 1, 0));
	for (i = 0; i < calls; i++) {
		long r;

		switch (kind) {
		case POLL_1:
		case POLL_MANY_IDLE:
		case POLL_MANY_ONE:
			r = raw4(SYS_poll, (long)pfd, n, 0, 0);
			break;
		case EVENTFD_RT:
			check(raw4(SYS_write, efd, (long)&v, 8, 0));
			r = raw4(SYS_read, efd, (long)&v, 8, 0) == 8;
			break;
		default:
			r = raw4(SYS_epoll_wait, ep, (long)ev, 4, 0);
			break;
		}
		if (r != want)
			child_exit(r < 0 ? r : -EIO);
	}
	check(raw4(SYS_write, 1, (long)&c, 1, 0));
	child_exit(0);
}

/*
 * bench_run_once() with a ready byte first: the child's setup (1,000
 * pipes, epoll_ctl) is not timed.
 */
static double run_once(int inst, int kind)
{
	int start[2], done[2], status;
	double t0, t1 = -1;
	char b = 0;
	pid_t pid;

	if (pipe2(start, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) {
		perror("poll_bench: pipe");
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
	if (read(done[0], &b, 1) == 1) {
		t0 = bench_now_ns();
		if (write(start[1], &b, 1) == 1 && read(done[0], &b, 1) == 1)
			t1 = bench_now_ns() - t0;
	}
	waitpid(pid, &status, 0);
	close(start[1]);
	close(done[0]);
	if (t1 < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

		fprintf(stderr, "poll_bench: %s %s child failed: status %#x%s%s\n",
			inst >= 0 ? "pico" : "native", kind_name[kind], status,
			code > 100 ? ", a call answered " : "",
			code > 100 ? strerror(code - 100) : "");
		exit(1);
	}
	return t1;
}

int main(int argc, char **argv)
{
	const char *ko = argc > 1 ? argv[1] : "/lib/lxcore/lxcore.ko";
	const char *env = getenv("LXT_NATIVE_ONLY");
	int native_only = env && *env && strcmp(env, "0");
	double *ns[2][NR_KINDS], *ratio[NR_KINDS];
	struct lxss_create_instance create = { .size = sizeof(create) };
	int dev = -1, inst, loaded = 0, r, k, v;
	struct rlimit rl;
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
	/* 2,000 pipe fds. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096) {
		rl.rlim_cur = 4096;
		if (rl.rlim_max < 4096)
			rl.rlim_max = 4096;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			perror("poll_bench: setrlimit");
	}
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		perror("poll_bench: sched_setaffinity");
	if (!native_only) {
		loaded = bench_load("poll_bench", ko);
		dev = open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			perror("poll_bench: " LXSS_DEVICE_PATH);
			return 1;
		}
	}
	snprintf(create.name, sizeof(create.name), "poll-bench");
	for (r = 0; r < rounds; r++) {
		if (dev >= 0)
			bench_wait_no_hook("poll_bench", dev);
		for (k = 0; k < NR_KINDS; k++)
			ns[0][k][r] = run_once(-1, k);
		if (native_only)
			continue;
		inst = ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &create);
		if (inst < 0) {
			perror("poll_bench: create instance");
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
		bench_unload("poll_bench");

	printf("lxcore poll benchmark: %d interleaved rounds, fastest run of each, one boot\n",
	       rounds);
	printf("(timeout 0; per call; the setup of the fds is not timed)\n");
	for (k = 0; k < NR_KINDS; k++) {
		double val[2];

		for (v = 0; v < 2; v++) {
			qsort(ns[v][k], rounds, sizeof(double), bench_cmp_double);
			val[v] = ns[v][k][0] / kind_calls[k];
		}
		qsort(ratio[k], rounds, sizeof(double), bench_cmp_double);
		if (native_only) {
			printf("%-28s native %10.1f ns/call  pico n/a (LXT_NATIVE_ONLY)\n",
			       kind_name[k], val[0]);
			continue;
		}
		printf("%-28s native %10.1f  pico %10.1f ns/call  ratio %5.2f (rounds %4.2f..%4.2f)\n",
		       kind_name[k], val[0], val[1], val[1] / val[0], ratio[k][0],
		       ratio[k][rounds - 1]);
	}
	return 0;
}
