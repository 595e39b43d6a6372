/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lxtest.h - helpers shared by the lxcore kselftests: instances, queries,
 * pico children that report one result record through a pipe, raw fd
 * syscalls, raw threads, and differential runs (the same function run
 * natively and as a pico process, outputs compared with each other and
 * with the values Linux gives).
 *
 * After LXSS_IOC_ENTER a child can use only lxcore's few implemented
 * syscalls (write, exit_group, fork, execve, wait4, ...) and keeps only
 * fds 0-2, so pico children talk through fd 1 with raw syscalls.
 */
#ifndef LXTEST_H
#define LXTEST_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/uio.h>
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

/* LXSS_IOC_MOUNT: @fstype at @target of instance @inst, from host directory @source_fd (or -1). */
static inline int lxt_mount_fd(int inst, const char *fstype, const char *target,
			       unsigned int mode, int source_fd)
{
	struct lxss_mount m = { .size = sizeof(m), .source_fd = source_fd, .mode = mode };

	snprintf(m.fstype, sizeof(m.fstype), "%s", fstype);
	snprintf(m.target, sizeof(m.target), "%s", target);
	return ioctl(inst, LXSS_IOC_MOUNT, &m);
}

/* A file system with no host source (tmpfs, proc, devfs...). */
static inline int lxt_mount(int inst, const char *fstype, const char *target, unsigned int mode)
{
	return lxt_mount_fd(inst, fstype, target, mode, -1);
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
 * record pipe; fd 0 is an empty pipe (EOF). Kills the child after @timeout_s.
 */
static inline int lxt_run_child(int inst, void (*fn)(void *), void *arg,
				unsigned int timeout_s, struct lxt_outcome *out)
{
	int p[2], status, empty[2];
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
		/*
		 * fd 0 reads EOF, like /dev/null, but is a pipe of the child's
		 * own: a native sweep calling fchmod(0, 0) or fchown(0, 0, 0)
		 * must not change the VM's /dev/null.
		 */
		if (pipe(empty) == 0) {
			close(empty[1]);
			dup2(empty[0], 0);
		}
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

/* ---- Raw fd syscalls: what a pico process may call (-errno on failure) ---- */

static inline long lxt_close(long fd)
{
	return lxt_syscall6(SYS_close, fd, 0, 0, 0, 0, 0);
}

static inline long lxt_close_range(unsigned long first, unsigned long last,
				   unsigned long flags)
{
	return lxt_syscall6(SYS_close_range, first, last, flags, 0, 0, 0);
}

static inline long lxt_dup(long fd)
{
	return lxt_syscall6(SYS_dup, fd, 0, 0, 0, 0, 0);
}

static inline long lxt_dup2(long oldfd, long newfd)
{
	return lxt_syscall6(SYS_dup2, oldfd, newfd, 0, 0, 0, 0);
}

static inline long lxt_dup3(long oldfd, long newfd, long flags)
{
	return lxt_syscall6(SYS_dup3, oldfd, newfd, flags, 0, 0, 0);
}

static inline long lxt_fcntl(long fd, long cmd, long arg)
{
	return lxt_syscall6(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
}

static inline long lxt_pipe(int *fds)
{
	return lxt_syscall6(SYS_pipe, (long)fds, 0, 0, 0, 0, 0);
}

static inline long lxt_pipe2(int *fds, long flags)
{
	return lxt_syscall6(SYS_pipe2, (long)fds, flags, 0, 0, 0, 0);
}

static inline long lxt_read(long fd, void *buf, long n)
{
	return lxt_syscall6(SYS_read, fd, (long)buf, n, 0, 0, 0);
}

static inline long lxt_write(long fd, const void *buf, long n)
{
	return lxt_syscall6(SYS_write, fd, (long)buf, n, 0, 0, 0);
}

static inline long lxt_readv(long fd, const struct iovec *iov, long cnt)
{
	return lxt_syscall6(SYS_readv, fd, (long)iov, cnt, 0, 0, 0);
}

static inline long lxt_writev(long fd, const struct iovec *iov, long cnt)
{
	return lxt_syscall6(SYS_writev, fd, (long)iov, cnt, 0, 0, 0);
}

static inline long lxt_fork(void)
{
	return lxt_syscall0(SYS_fork);
}

/* wait4 for @pid; returns the raw wait status, or -errno. */
static inline long lxt_wait(long pid)
{
	int status = 0;
	long r = lxt_syscall6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0);

	return r < 0 ? r : status;
}

/* ---- Raw threads: clone(CLONE_THREAD...) on a preallocated stack ---- */

#define LXT_THREAD_STACK 65536

/*
 * A thread's stack and its tid word: set by the kernel before clone
 * returns (CLONE_PARENT_SETTID), cleared when the thread exits
 * (CLONE_CHILD_CLEARTID), so joining is spinning until it reads 0, with
 * no futex. The thread shares the creator's TLS: it must not use libc
 * functions that touch errno or locks, only raw syscalls.
 */
struct lxt_thread {
	volatile int tid;
	char stack[LXT_THREAD_STACK] __attribute__((aligned(16)));
};

/*
 * Start fn(arg) in a new thread of the calling process; returns the tid
 * or -errno. The child side of the clone runs on @t's stack: it calls fn
 * and then exit (the thread only), never returning from this function.
 */
static inline long lxt_thread_start(struct lxt_thread *t, void (*fn)(void *), void *arg)
{
	unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			      CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
			      CLONE_CHILD_CLEARTID;
	register long r10 __asm__("r10") = (long)&t->tid;
	register long r8 __asm__("r8") = 0;
	register long r12 __asm__("r12") = (long)fn;
	register long r13 __asm__("r13") = (long)arg;
	long ret;

	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "xor %%ebp, %%ebp\n\t"
			  "mov %%r13, %%rdi\n\t"
			  "call *%%r12\n\t"
			  "mov $60, %%eax\n\t"	/* exit: this thread only */
			  "xor %%edi, %%edi\n\t"
			  "syscall\n\t"
			  "hlt\n"
			  "1:"
			  : "=a"(ret)
			  : "0"((long)SYS_clone), "D"(flags),
			    "S"(t->stack + sizeof(t->stack)), "d"(&t->tid),
			    "r"(r10), "r"(r8), "r"(r12), "r"(r13)
			  : "rcx", "r11", "memory");
	return ret;
}

static inline void lxt_thread_join(struct lxt_thread *t)
{
	while (t->tid)
		__asm__ volatile ("pause" ::: "memory");
}

/* ---- Text records: one line per write(1), comparable across runs ---- */

struct lxt_line {
	char b[256];
	unsigned int n;
};

static inline void lxt_put_str(struct lxt_line *l, const char *s)
{
	while (*s && l->n < sizeof(l->b) - 1)
		l->b[l->n++] = *s++;
}

static inline void lxt_put_ulong(struct lxt_line *l, unsigned long v, unsigned int base)
{
	char d[24];
	int i = 0;

	do {
		d[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i && l->n < sizeof(l->b) - 1)
		l->b[l->n++] = d[--i];
}

static inline const char *lxt_errno_name(long e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case ESPIPE: return "ESPIPE";
	case EPIPE: return "EPIPE";
	case ENOSYS: return "ENOSYS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EXDEV: return "EXDEV";
	case EACCES: return "EACCES";
	case ENXIO: return "ENXIO";
	case ERANGE: return "ERANGE";
	case ENOEXEC: return "ENOEXEC";
	case E2BIG: return "E2BIG";
	case ENOSPC: return "ENOSPC";
	case ECANCELED: return "ECANCELED";
	default: return NULL;
	}
}

/* A syscall result: a number, or "-EBADF" for -errno. */
static inline void lxt_put_ret(struct lxt_line *l, long v)
{
	if (v < 0 && v > -4096) {
		const char *name = lxt_errno_name(-v);

		lxt_put_str(l, "-");
		if (name) {
			lxt_put_str(l, name);
		} else {
			lxt_put_str(l, "E");
			lxt_put_ulong(l, -v, 10);
		}
	} else if (v < 0) {
		lxt_put_str(l, "-");
		lxt_put_ulong(l, -(unsigned long)v, 10);
	} else {
		lxt_put_ulong(l, v, 10);
	}
}

static inline void lxt_put_end(struct lxt_line *l)
{
	l->b[l->n++] = '\n';
	lxt_syscall6(SYS_write, 1, (long)l->b, l->n, 0, 0, 0);
}

/* "tag=3" or "tag=-EBADF" on fd 1, one write. */
static inline void lxt_say(const char *tag, long v)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, v);
	lxt_put_end(&l);
}

/* "tag=0x801": flags. */
static inline void lxt_sayx(const char *tag, long v)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	if (v < 0) {
		lxt_put_ret(&l, v);
	} else {
		lxt_put_str(&l, "0x");
		lxt_put_ulong(&l, v, 16);
	}
	lxt_put_end(&l);
}

/* "tag=5 'hello'": a read's result and the bytes it returned (first 64). */
static inline void lxt_say_data(const char *tag, const void *buf, long n)
{
	const unsigned char *p = buf;
	struct lxt_line l = { .n = 0 };
	long i;

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, n);
	if (n > 0) {
		lxt_put_str(&l, " '");
		for (i = 0; i < n && i < 64; i++) {
			if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
				char c[2] = { (char)p[i], 0 };

				lxt_put_str(&l, c);
			} else {
				lxt_put_str(&l, "\\x");
				if (p[i] < 16)
					lxt_put_str(&l, "0");
				lxt_put_ulong(&l, p[i], 16);
			}
		}
		lxt_put_str(&l, n > 64 ? "'..." : "'");
	}
	lxt_put_end(&l);
}

/* A line as is. */
static inline void lxt_say_text(const char *s)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, s);
	lxt_put_end(&l);
}

/* ---- Differential runs ---- */

#define LXT_CAPTURE_MAX 65536

/*
 * One behaviour to run twice. In a fresh child whose fd 0 is a pipe from
 * the parent (fed @input), fd 1 and fd 2 pipes to the parent (captured),
 * SIGPIPE and SIGUSR1..2 at their defaults and no signal blocked:
 * setup(arg) with libc still usable (sigaction, setrlimit...), then
 * natively close_range(3, ~0U, 0) or, for the pico run, LXSS_IOC_ENTER
 * (which keeps exactly fds 0-2), then body(arg) with raw syscalls only,
 * then exit_group(0).
 *
 * @trigger: a line of output that makes the parent act once (the child
 * says it is about to block): wait @trigger_delay_ms (0: 200 ms), send
 * @trigger_signal if
 * non-zero and wait 200 ms more, call @trigger_call if set (it runs in
 * the test process, natively, whichever run this is), then if
 * @trigger_poke write one byte to the child's fd 0 and close it. Without a trigger, fd 0 is closed right
 * after @input.
 *
 * Expected: @expect_out on fd 1, @expect_err on fd 2 (NULL: nothing), and
 * @expect_end, how the child ended: "exit=0" (NULL), "exit=N", "signal=N".
 */
struct lxt_case {
	void (*setup)(void *arg);
	void (*body)(void *arg);
	void *arg;
	const char *input;
	const char *trigger;
	int trigger_signal;
	int trigger_poke;
	void (*trigger_call)(void);
	unsigned int trigger_delay_ms;
	unsigned int timeout_s;		/* per run; 0: 20 s */
	const char *expect_out;
	const char *expect_err;
	const char *expect_end;
};

struct lxt_result {
	char out[LXT_CAPTURE_MAX + 1];
	size_t out_len;
	char err[LXT_CAPTURE_MAX + 1];
	size_t err_len;
	char end[32];
};

/* LXT_NATIVE_ONLY=1: run only the native half (the module need not be ready). */
static inline int lxt_native_only(void)
{
	const char *v = getenv("LXT_NATIVE_ONLY");

	return v && *v && strcmp(v, "0");
}

static inline double lxt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Does @text hold @line as a whole line? */
static inline int lxt_has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return 1;
		p++;
	}
	return 0;
}

static inline void __attribute__((noreturn))
lxt_case_child(int inst, const struct lxt_case *c, int in, int out, int err)
{
	static const int sigs[] = { SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD };
	sigset_t none;
	unsigned int i;

	setpgid(0, 0);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(122);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (c->setup)
		c->setup(c->arg);
	if (inst >= 0) {
		if (lxt_enter(inst)) {
			dprintf(2, "enter failed: %s\n", strerror(errno));
			_exit(120);
		}
	} else if (lxt_close_range(3, ~0U, 0)) {
		_exit(121);
	}
	c->body(c->arg);
	lxt_raw_exit(0);
}

/* Append what @fd has to @buf; returns 0 at EOF, 1 while open. */
static inline int lxt_drain(int fd, char *buf, size_t *len)
{
	for (;;) {
		char tmp[4096];
		ssize_t n = read(fd, tmp, sizeof(tmp));
		size_t room = LXT_CAPTURE_MAX - *len;

		if (n == 0)
			return 0;
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		if ((size_t)n > room)
			n = room;
		memcpy(buf + *len, tmp, n);
		*len += n;
		buf[*len] = 0;
	}
}

/*
 * Run @c once, natively (@inst < 0) or as a pico process of @inst, and
 * fill @r. Returns 0, or -1 if the run could not be set up.
 */
static inline int lxt_run_case(int inst, const struct lxt_case *c, struct lxt_result *r)
{
	int in[2], out[2], err[2], status = 0, out_open = 1, err_open = 1;
	unsigned int timeout = c->timeout_s ? c->timeout_s : 20;
	int reaped = 0, triggered = 0, timed_out = 0;
	double deadline;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return -1;
	/*
	 * The input goes in before the fork (it fits a pipe): a child that
	 * closes its fd 0 early must not kill this process with SIGPIPE.
	 */
	if (c->input && write(in[1], c->input, strlen(c->input)) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		lxt_case_child(inst, c, in[0], out[1], err[1]);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	if (!c->trigger) {
		close(in[1]);
		in[1] = -1;
	}
	deadline = lxt_now() + timeout;
	while (out_open || err_open || !reaped) {
		struct pollfd pf[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };

		poll(pf, 2, 10);
		if (out_open)
			out_open = lxt_drain(out[0], r->out, &r->out_len);
		if (err_open)
			err_open = lxt_drain(err[0], r->err, &r->err_len);
		if (!reaped && waitpid(pid, &status, WNOHANG) == pid)
			reaped = 1;
		/* Gone before its trigger: let processes waiting on fd 0 see EOF. */
		if (reaped && !triggered && in[1] >= 0) {
			close(in[1]);
			in[1] = -1;
		}
		if (c->trigger && !triggered && lxt_has_line(r->out, c->trigger)) {
			triggered = 1;
			usleep(c->trigger_delay_ms ? c->trigger_delay_ms * 1000U : 200000);
			if (c->trigger_signal) {
				kill(pid, c->trigger_signal);
				usleep(200000);
			}
			if (c->trigger_call)
				c->trigger_call();
			if (in[1] >= 0) {
				if (c->trigger_poke && write(in[1], "p", 1) != 1)
					return -1;
				close(in[1]);
				in[1] = -1;
			}
		}
		if (lxt_now() > deadline) {
			timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			if (!reaped)
				waitpid(pid, &status, 0);
			break;
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	close(out[0]);
	close(err[0]);
	if (timed_out)
		snprintf(r->end, sizeof(r->end), "timeout");
	else if (WIFEXITED(status))
		snprintf(r->end, sizeof(r->end), "exit=%d", WEXITSTATUS(status));
	else
		snprintf(r->end, sizeof(r->end), "signal=%d", WTERMSIG(status));
	return 0;
}

/* Print @text line by line as TAP comments. */
static inline void lxt_print_lines(const char *what, const char *text)
{
	const char *p = text;

	fprintf(stderr, "#   %s:%s\n", what, *text ? "" : " (nothing)");
	while (*p) {
		const char *e = strchr(p, '\n');
		int n = e ? (int)(e - p) : (int)strlen(p);

		fprintf(stderr, "#     | %.*s\n", n, p);
		p += n + (e != NULL);
	}
}

/* Compare one run's stream with what it should be; print both if they differ. */
static inline int lxt_same(const char *run, const char *stream, const char *want,
			   const char *wname, const char *got)
{
	const char *a = want, *b = got;
	int line = 1;

	if (!strcmp(want, got))
		return 0;
	while (*a && *a == *b) {
		line += *a == '\n';
		a++;
		b++;
	}
	fprintf(stderr, "# %s run, %s differs from %s at line %d\n", run, stream, wname, line);
	lxt_print_lines(wname, want);
	lxt_print_lines(run, got);
	return 1;
}

static inline int lxt_check_result(const char *run, const struct lxt_result *r,
				   const char *wname, const char *out, const char *err,
				   const char *end)
{
	int bad = 0;

	bad += lxt_same(run, "fd 1", out, wname, r->out);
	bad += lxt_same(run, "fd 2", err, wname, r->err);
	bad += lxt_same(run, "the end", end, wname, r->end);
	return bad;
}

/*
 * The differential check: run @c natively and compare with the expected
 * Linux values; then (unless LXT_NATIVE_ONLY) as a pico process of @inst
 * and compare with the native run, and require that the instance counted
 * no unimplemented syscall meanwhile (the body used only what lxcore
 * answers). Returns the number of differences (0: pass); details on stderr.
 */
static inline int lxt_diff(int inst, const struct lxt_case *c)
{
	static struct lxt_result native, pico;
	const char *err = c->expect_err ? c->expect_err : "";
	const char *end = c->expect_end ? c->expect_end : "exit=0";
	struct lxt_counters *before, *after;
	int bad = 0;
	unsigned int nr;

	if (lxt_run_case(-1, c, &native)) {
		fprintf(stderr, "# native run: cannot start: %s\n", strerror(errno));
		return 1;
	}
	bad += lxt_check_result("native", &native, "expected", c->expect_out, err, end);
	if (lxt_native_only())
		return bad;
	if (inst < 0) {
		fprintf(stderr, "# no instance for the pico run\n");
		return bad + 1;
	}
	before = malloc(sizeof(*before));
	after = malloc(sizeof(*after));
	if (!before || !after || lxt_query(inst, before)) {
		fprintf(stderr, "# LXSS_IOC_QUERY: %s\n", strerror(errno));
		return bad + 1;
	}
	if (lxt_run_case(inst, c, &pico)) {
		fprintf(stderr, "# pico run: cannot start: %s\n", strerror(errno));
		return bad + 1;
	}
	bad += lxt_check_result("pico", &pico, "native", native.out, native.err, native.end);
	if (lxt_query(inst, after)) {
		fprintf(stderr, "# LXSS_IOC_QUERY: %s\n", strerror(errno));
		return bad + 1;
	}
	if (after->q.total_unimplemented != before->q.total_unimplemented) {
		bad++;
		fprintf(stderr, "# pico run: %llu calls answered -ENOSYS as unimplemented:",
			(unsigned long long)(after->q.total_unimplemented -
					     before->q.total_unimplemented));
		for (nr = 0; nr < LXSS_NR_COUNTERS; nr++)
			if (after->unimpl[nr] != before->unimpl[nr])
				fprintf(stderr, " nr %u (x%llu)", nr,
					(unsigned long long)(after->unimpl[nr] - before->unimpl[nr]));
		fprintf(stderr, "\n");
	}
	free(before);
	free(after);
	return bad;
}

#endif /* LXTEST_H */
