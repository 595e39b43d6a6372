/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h - what the pico/native benchmarks share: one timed run of a
 * case in a fresh child (a pico process of an instance, or a native
 * process with the same fds), loading and unloading the module, and
 * waiting for the hook to go so native runs pay nothing for it.
 *
 * A child gets a start byte on fd 0 and answers a done byte on fd 1; the
 * native parent times the span (pico processes need no clock). A child
 * that fails a call exits 100 + errno.
 */
#ifndef LXCORE_BENCH_H
#define LXCORE_BENCH_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lxss.h>

static inline double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * One timed run of case @kind (called @name in messages) in a child that
 * runs @child(@kind), a pico process if @inst >= 0: ns for the whole run.
 */
static inline double bench_run_once(const char *prog, int inst, int kind,
				    const char *name, void (*child)(int kind))
{
	int start[2], done[2], status;
	double t0, t1;
	char b = 0;
	pid_t pid;

	if (pipe2(start, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) {
		fprintf(stderr, "%s: pipe: %s\n", prog, strerror(errno));
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
		child(kind);
		_exit(4);
	}
	close(start[0]);
	close(done[1]);
	usleep(20000);
	t0 = bench_now_ns();
	if (write(start[1], &b, 1) != 1 || read(done[0], &b, 1) != 1)
		t1 = -1;
	else
		t1 = bench_now_ns();
	waitpid(pid, &status, 0);
	close(start[1]);
	close(done[0]);
	if (t1 < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

		fprintf(stderr, "%s: %s %s child failed: status %#x%s%s\n", prog,
			inst >= 0 ? "pico" : "native", name, status,
			code > 100 ? ", a call answered " : "",
			code > 100 ? strerror(code - 100) : "");
		exit(1);
	}
	return t1 - t0;
}

/* Native runs are timed with no instance, so with no hook registered. */
static inline void bench_wait_no_hook(const char *prog, int dev)
{
	struct lxss_global g;
	int i;

	for (i = 0; i < 500; i++) {
		memset(&g, 0, sizeof(g));
		g.size = sizeof(g);
		if (ioctl(dev, LXSS_IOC_GLOBAL, &g)) {
			fprintf(stderr, "%s: LXSS_IOC_GLOBAL: %s\n", prog, strerror(errno));
			exit(1);
		}
		if (!g.hooks_active)
			return;
		usleep(10000);
	}
	fprintf(stderr, "%s: the hook stays registered with no instance\n", prog);
	exit(1);
}

/* Load @ko unless the module is there; returns whether this loaded it. */
static inline int bench_load(const char *prog, const char *ko)
{
	int fd;

	if (access(LXSS_DEVICE_PATH, F_OK) == 0)
		return 0;
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		fprintf(stderr, "%s: cannot load %s: %s\n", prog, ko, strerror(errno));
		exit(1);
	}
	close(fd);
	usleep(200000);
	return 1;
}

static inline void bench_unload(const char *prog)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (syscall(SYS_delete_module, "lxcore", O_NONBLOCK) == 0)
			return;
		usleep(10000);
	}
	fprintf(stderr, "%s: cannot unload lxcore: %s\n", prog, strerror(errno));
	exit(1);
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#endif /* LXCORE_BENCH_H */
