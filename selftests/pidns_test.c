// SPDX-License-Identifier: GPL-2.0
/*
 * An instance with its own pid space (LXSS_INSTANCE_PIDNS): its first pico
 * process is pid 1 of a new host pid namespace and the instance's init;
 * orphans are reparented to it; when it exits every process of the instance
 * dies; later processes enter only from inside that namespace, and pico
 * processes see and name only its pids.
 *
 * Each test runs in its own forked process (the harness forks), so it may
 * unshare(CLONE_NEWPID): its next child is pid 1 of the new namespace.
 * Pico processes report lines on a pipe; the test compares the text.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static int create_pidns_instance(int dev, const char *name, unsigned int flags)
{
	struct lxss_create_instance req = { .size = sizeof(req), .flags = flags };

	snprintf(req.name, sizeof(req.name), "%s", name);
	return ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &req);
}

/* printf to the report pipe (fd 1 of every reporting process). */
static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(1, buf, (size_t)n) < 0)
		_exit(99);
}

/* Everything on @fd until EOF (or @timeout_s), NUL-terminated; -1 on timeout. */
static int read_all(int fd, char *buf, size_t size, unsigned int timeout_s)
{
	size_t len = 0;
	double end = lxt_now() + timeout_s;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	for (;;) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n > 0) {
			len += (size_t)n;
			if (len == size - 1)
				break;
			continue;
		}
		if (n == 0)
			break;
		if (errno != EAGAIN || lxt_now() > end) {
			buf[len] = 0;
			return -1;
		}
		usleep(5000);
	}
	buf[len] = 0;
	return 0;
}

FIXTURE(pidns) {
	int dev;
	int inst;
	int report[2];		/* pico processes write lines to [1] */
};

FIXTURE_SETUP(pidns)
{
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = create_pidns_instance(self->dev, "pidns", LXSS_INSTANCE_PIDNS);
	ASSERT_LE(0, self->inst) TH_LOG("create: %s", strerror(errno));
	ASSERT_EQ(0, pipe(self->report));
}

FIXTURE_TEARDOWN(pidns)
{
	if (self->inst >= 0)
		close(self->inst);
	close(self->report[0]);
	if (self->report[1] >= 0)
		close(self->report[1]);
	close(self->dev);
}

/*
 * Fork pid 1 of a new namespace: it gets the report pipe as fd 1, enters
 * the instance and runs @fn, whose return value is its exit status.
 * Returns its host pid; the test's own report end is closed.
 */
static pid_t start_init(int inst, int report[2], int (*fn)(void))
{
	pid_t pid;

	if (unshare(CLONE_NEWPID))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(report[1], 1);
		if (lxt_enter(inst)) {
			say("enter: %s\n", strerror(errno));
			_exit(120);
		}
		_exit(fn());
	}
	close(report[1]);
	report[1] = -1;
	return pid;
}

static int wait_exit_code(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- init is pid 1, its children count from 2, its parent is outside ---- */

static int init_and_child(void)
{
	pid_t c;
	int st;

	say("init pid=%d ppid=%d\n", getpid(), getppid());
	c = fork();
	if (c == 0) {
		say("child pid=%d ppid=%d\n", getpid(), getppid());
		_exit(7);
	}
	if (waitpid(c, &st, 0) != c)
		return 1;
	say("reaped=%d status=%d\n", c, WEXITSTATUS(st));
	return 0;
}

TEST_F(pidns, init_is_pid_1_and_its_children_are_numbered_in_the_instance)
{
	char out[512];
	pid_t pid = start_init(self->inst, self->report, init_and_child);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, read_all(self->report[0], out, sizeof(out), 20));
	EXPECT_EQ(0, wait_exit_code(pid));
	EXPECT_STREQ("init pid=1 ppid=0\nchild pid=2 ppid=1\nreaped=2 status=7\n", out);
}

/* ---- orphans go to init, which reaps them ---- */

static int orphan_reaped(void)
{
	pid_t a, r;
	int q[2], i, st;
	char c;

	if (pipe(q))
		return 1;
	a = fork();
	if (a == 0) {
		pid_t b = fork();

		if (b == 0) {
			/* Report once init has reaped A. */
			close(q[1]);
			if (read(q[0], &c, 1) != 1)
				_exit(4);
			say("orphan pid=%d ppid=%d\n", getpid(), getppid());
			_exit(3);
		}
		_exit(b > 0 ? 2 : 1);
	}
	close(q[0]);
	for (i = 0; i < 2; i++) {
		r = waitpid(-1, &st, 0);
		if (r < 0)
			return 1;
		say("reaped=%d status=%d\n", r, WEXITSTATUS(st));
		if (i == 0 && write(q[1], "x", 1) != 1)
			return 1;
	}
	close(q[1]);
	return waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD ? 0 : 1;
}

TEST_F(pidns, orphans_are_reparented_to_init_and_reaped_by_it)
{
	char out[512];
	pid_t pid = start_init(self->inst, self->report, orphan_reaped);

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, read_all(self->report[0], out, sizeof(out), 20));
	EXPECT_EQ(0, wait_exit_code(pid));
	EXPECT_STREQ("reaped=2 status=2\norphan pid=3 ppid=1\nreaped=3 status=3\n", out);
}

/* ---- init's exit ends everything in the instance ---- */

static int init_leaves_sleepers(void)
{
	int i;

	for (i = 0; i < 3; i++) {
		pid_t c = fork();

		if (c == 0) {
			if (i == 2 && fork() == 0)	/* a grandchild too */
				pause();
			pause();
			_exit(0);
		}
	}
	say("init exits\n");
	return 5;
}

TEST_F(pidns, when_init_exits_every_process_of_the_instance_is_killed)
{
	struct lxt_counters c;
	char out[256];
	pid_t pid = start_init(self->inst, self->report, init_leaves_sleepers);
	int i;

	ASSERT_LT(0, pid);
	/* EOF only when every sleeper (each holds the report pipe) is dead. */
	ASSERT_EQ(0, read_all(self->report[0], out, sizeof(out), 20)) TH_LOG("got '%s'", out);
	EXPECT_STREQ("init exits\n", out);
	EXPECT_EQ(5, wait_exit_code(pid));
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, lxt_query(self->inst, &c));
		if (!c.q.nr_tasks)
			break;
		usleep(10000);
	}
	EXPECT_EQ(0, c.q.nr_tasks);
}

/* ---- who may enter ---- */

TEST_F(pidns, the_first_enter_must_be_pid_1_of_a_new_namespace)
{
	int other;
	pid_t pid;

	/* An instance without the flag takes anyone, as before. */
	other = lxt_create(self->dev, "pidns-flat");
	ASSERT_LE(0, other);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(lxt_enter(other) == 0 ? 0 : 1);
	EXPECT_EQ(0, wait_exit_code(pid));
	close(other);

	/* A process of the host's pid namespace. */
	pid = fork();
	if (pid == 0)
		_exit(lxt_enter(self->inst) == -1 && errno == EINVAL ? 0 : 1);
	ASSERT_EQ(0, wait_exit_code(pid));

	/* Not pid 1 of its namespace: a second process in a new one. */
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	pid = fork();
	if (pid == 0) {
		pid_t c = fork();

		if (c == 0)
			_exit(lxt_enter(self->inst) == -1 && errno == EINVAL ? 0 : 1);
		_exit(wait_exit_code(c));
	}
	ASSERT_EQ(0, wait_exit_code(pid));
}

TEST_F(pidns, unknown_creation_flags_are_refused)
{
	int fd = create_pidns_instance(self->dev, "pidns-bad", 0x2);

	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EINVAL, errno);
}

/*
 * init waits on a pipe; a process the test forks inside the namespace
 * (setns through init's pidfd) enters too: it is numbered in the
 * namespace, its parent is outside (0), it can signal init but cannot name
 * the host's pids.
 */
static int init_waits(void)
{
	char c;

	/* fd 0 is the go pipe: EOF when the test is done. */
	while (read(0, &c, 1) > 0)
		;
	say("init done\n");
	return 0;
}

TEST_F(pidns, later_processes_enter_from_inside_the_namespace_only)
{
	int go[2], og[2], pidfd, host_pid = (int)getpid();
	char out[512];
	pid_t init, outsider, joiner;

	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(og));
	/* Forked before unshare: this one is in the host's namespace. */
	outsider = fork();
	if (outsider == 0) {
		char c;

		close(og[1]);
		close(go[1]);
		if (read(og[0], &c, 1) != 1)
			_exit(2);
		_exit(lxt_enter(self->inst) == -1 && errno == EINVAL ? 0 : 1);
	}
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	init = fork();
	if (init == 0) {
		dup2(go[0], 0);
		close(go[1]);
		close(og[1]);
		dup2(self->report[1], 1);
		if (lxt_enter(self->inst))
			_exit(120);
		_exit(init_waits());
	}
	ASSERT_LT(0, init);
	close(go[0]);
	pidfd = syscall(SYS_pidfd_open, init, 0);
	ASSERT_LE(0, pidfd);
	/* Wait until init has entered (so the instance has its namespace). */
	{
		struct lxt_counters c;
		int i;

		for (i = 0; i < 500; i++) {
			ASSERT_EQ(0, lxt_query(self->inst, &c));
			if (c.q.nr_entered >= 1)
				break;
			usleep(10000);
		}
		ASSERT_LE(1, c.q.nr_entered);
	}
	/* The outsider tries now, with the namespace set. */
	close(og[0]);
	ASSERT_EQ(1, write(og[1], "x", 1));
	close(og[1]);

	joiner = fork();
	if (joiner == 0) {
		pid_t g;

		if (setns(pidfd, CLONE_NEWPID))
			_exit(10);
		g = fork();
		if (g == 0) {
			close(go[1]);
			close(og[1]);
			dup2(self->report[1], 1);
			if (lxt_enter(self->inst)) {
				say("enter: %s\n", strerror(errno));
				_exit(120);
			}
			int k1 = kill(1, 0), kh = kill(host_pid, 0), e = errno;

			/* Numbered after init (and any pid the ns used before). */
			say("joiner pid>1=%d ppid=%d kill1=%d", getpid() > 1, getppid(), k1);
			say(" killhost=%d %s\n", kh, strerror(e));
			_exit(0);
		}
		_exit(wait_exit_code(g));
	}
	EXPECT_EQ(0, wait_exit_code(joiner));
	EXPECT_EQ(0, wait_exit_code(outsider));
	close(self->report[1]);
	self->report[1] = -1;
	close(go[1]);
	ASSERT_EQ(0, read_all(self->report[0], out, sizeof(out), 20));
	EXPECT_EQ(0, wait_exit_code(init));
	EXPECT_STREQ("joiner pid>1=1 ppid=0 kill1=0 killhost=-1 No such process\ninit done\n", out);
	close(pidfd);
}

/*
 * A pico process cannot reach a host process by any call that takes a pid:
 * signals, waits, tracing, reading its memory, its scheduling and limits.
 */
static pid_t host_target;

static int reach_host(void)
{
	char buf[8];
	struct iovec local = { buf, sizeof(buf) }, remote = { buf, sizeof(buf) };
	struct rlimit rl;
	siginfo_t si;
	int pid = (int)host_target;

#define TRY(name, call) do {						\
	long r_ = (long)(call);						\
	say("%s=%ld%s%s\n", name, r_, r_ < 0 ? " " : "",		\
	    r_ < 0 ? strerror(errno) : "");				\
} while (0)
	TRY("kill", kill(pid, 0));
	TRY("waitid", waitid(P_PID, pid, &si, WEXITED | WNOHANG));
	TRY("ptrace_attach", syscall(SYS_ptrace, PTRACE_ATTACH, pid, 0, 0));
	TRY("ptrace_seize", syscall(SYS_ptrace, 0x4206 /* PTRACE_SEIZE */, pid, 0, 0));
	TRY("process_vm_readv", syscall(SYS_process_vm_readv, pid, &local, 1, &remote, 1, 0));
	TRY("getpgid", getpgid(pid));
	TRY("getsid", getsid(pid));
	TRY("sched_getscheduler", sched_getscheduler(pid));
	TRY("prlimit", prlimit(pid, RLIMIT_NOFILE, NULL, &rl));
	TRY("pidfd_open", syscall(SYS_pidfd_open, pid, 0));
#undef TRY
	return 0;
}

TEST_F(pidns, a_pico_process_cannot_reach_a_host_process)
{
	char out[1024];
	pid_t pid;

	/* A live host process with a pid number the namespace does not use. */
	host_target = fork();
	ASSERT_LE(0, host_target);
	if (host_target == 0) {
		close(self->report[0]);
		close(self->report[1]);
		pause();
		_exit(0);
	}
	pid = start_init(self->inst, self->report, reach_host);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, read_all(self->report[0], out, sizeof(out), 20));
	EXPECT_EQ(0, wait_exit_code(pid));
	kill(host_target, SIGKILL);
	waitpid(host_target, NULL, 0);
	/* The host process was alive all along: only the instance hid it. */
	EXPECT_STREQ("kill=-1 No such process\n"
		     "waitid=-1 No child processes\n"
		     "ptrace_attach=-1 Function not implemented\n"
		     "ptrace_seize=-1 Function not implemented\n"
		     "process_vm_readv=-1 Function not implemented\n"
		     "getpgid=-1 No such process\n"
		     "getsid=-1 No such process\n"
		     "sched_getscheduler=-1 No such process\n"
		     "prlimit=-1 No such process\n"
		     "pidfd_open=-1 Function not implemented\n", out);
}

TEST_HARNESS_MAIN
