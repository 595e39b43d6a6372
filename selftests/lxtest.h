/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lxtest.h - helpers shared by the lxcore kselftests: instances, queries,
 * and pico children that report one result record through a pipe.
 *
 * After LXSS_IOC_ENTER a child can use only lxcore's few implemented
 * syscalls (write, exit_group, fork, execve, wait4, ...) and keeps only
 * fds 0-2, so pico children talk through fd 1 with raw syscalls.
 */
#ifndef LXTEST_H
#define LXTEST_H

#include <errno.h>
#include <fcntl.h>
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

#define LXT_MODULE_PATH "/lib/lxcore/lxcore.ko"
#define LXT_HELPERS "/usr/libexec/lxcore/helpers"

static inline int lxt_dev(void)
{
	return open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
}

static inline int lxt_create(int dev, const char *name)
{
	struct lxss_create_instance req = { .size = sizeof(req) };

	snprintf(req.name, sizeof(req.name), "%s", name);
	return ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &req);
}

static inline int lxt_global(int dev, struct lxss_global *g)
{
	memset(g, 0, sizeof(*g));
	g->size = sizeof(*g);
	return ioctl(dev, LXSS_IOC_GLOBAL, g);
}

struct lxt_counters {
	struct lxss_query q;
	uint64_t calls[LXSS_NR_COUNTERS];
	uint64_t unimpl[LXSS_NR_COUNTERS];
};

static inline int lxt_query(int inst, struct lxt_counters *c)
{
	memset(c, 0, sizeof(*c));
	c->q.size = sizeof(c->q);
	c->q.nr_counters = LXSS_NR_COUNTERS;
	c->q.calls = (uintptr_t)c->calls;
	c->q.unimplemented = (uintptr_t)c->unimpl;
	return ioctl(inst, LXSS_IOC_QUERY, &c->q);
}

static inline int lxt_enter(int inst)
{
	struct lxss_enter req = { .size = sizeof(req) };

	return ioctl(inst, LXSS_IOC_ENTER, &req);
}

/* Wait until the entry hook is (un)registered; the module lingers a bit. */
static inline int lxt_wait_hooks(int dev, unsigned int active)
{
	struct lxss_global g;
	int i;

	for (i = 0; i < 100; i++) {
		if (lxt_global(dev, &g))
			return -1;
		if (g.hooks_active == active)
			return 0;
		usleep(50000);
	}
	return -1;
}

/* A system call with its raw result (-errno on failure), no libc errno. */
static inline long lxt_syscall6(long nr, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile ("syscall"
			  : "=a"(ret)
			  : "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			    "r"(r8), "r"(r9)
			  : "rcx", "r11", "memory");
	return ret;
}

#define lxt_syscall0(nr) lxt_syscall6(nr, 0, 0, 0, 0, 0, 0)

/* One result a child reports: what a syscall returned. */
struct lxt_record {
	long nr;
	long ret;
};

static inline void lxt_raw_write_record(long nr, long ret)
{
	struct lxt_record r = { nr, ret };

	lxt_syscall6(SYS_write, 1, (long)&r, sizeof(r), 0, 0, 0);
}

static inline void __attribute__((noreturn)) lxt_raw_exit(int code)
{
	for (;;)
		lxt_syscall6(SYS_exit_group, code, 0, 0, 0, 0, 0);
}

/*
 * How a child ended, as a comparable string: "ret=0", "errno=38",
 * "exit=0" (no record), "signal=14".
 */
struct lxt_outcome {
	char text[32];
	int have_record;
	struct lxt_record rec;
};

/*
 * Run fn(arg) in a child; with @inst >= 0 the child enters the instance
 * first (it is a pico process when fn runs). The child's fd 1 is the
 * record pipe; fd 0 is /dev/null. Kills the child after @timeout_s.
 */
static inline int lxt_run_child(int inst, void (*fn)(void *), void *arg,
				unsigned int timeout_s, struct lxt_outcome *out)
{
	int p[2], status, devnull;
	pid_t pid;
	ssize_t n;
	unsigned int waited = 0;

	memset(out, 0, sizeof(*out));
	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(p[1], 1);
		if (inst < 0)
			alarm(timeout_s);
		if (inst >= 0 && lxt_enter(inst)) {
			fprintf(stderr, "# enter failed: %s\n", strerror(errno));
			_exit(120);
		}
		fn(arg);
		lxt_raw_exit(0);
	}
	close(p[1]);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0)
			return -1;
		if (waited >= timeout_s * 100) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		usleep(10000);
		waited++;
	}
	n = read(p[0], &out->rec, sizeof(out->rec));
	close(p[0]);
	out->have_record = n == sizeof(out->rec);
	if (out->have_record) {
		if (out->rec.ret < 0 && out->rec.ret > -4096)
			snprintf(out->text, sizeof(out->text), "errno=%ld", -out->rec.ret);
		else
			snprintf(out->text, sizeof(out->text), "ok");
	} else if (WIFEXITED(status)) {
		snprintf(out->text, sizeof(out->text), "exit=%d", WEXITSTATUS(status));
	} else {
		snprintf(out->text, sizeof(out->text), "signal=%d", WTERMSIG(status));
	}
	return 0;
}

#endif /* LXTEST_H */
