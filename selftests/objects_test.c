// SPDX-License-Identifier: GPL-2.0
/*
 * Executive objects across a process's life: a pico process that dies in
 * any state (blocked in a pipe read or write, killed with its instance,
 * with a thread, after a failed clone, after fork and exec) leaves no
 * object behind, and what it held is released in time for others to see
 * (a failed clone must not keep a pipe's write end open).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdatomic.h>
#include "lxtest.h"
#include "kselftest_harness.h"

FIXTURE(objects) {
	int dev;
	int inst;
	uint64_t base;
};

FIXTURE_SETUP(objects)
{
	struct lxss_global g;

	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, lxt_global(self->dev, &g));
	self->base = g.live_objects;
	self->inst = lxt_create(self->dev, "objects");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(objects)
{
	if (self->inst >= 0)
		close(self->inst);
	close(self->dev);
}

/* Close the instance; every object must go (deletes may lag a little). */
static int objects_back_to(int dev, int *inst, uint64_t base, uint64_t *now)
{
	struct lxss_global g;
	int i;

	if (*inst >= 0)
		close(*inst);
	*inst = -1;
	for (i = 0; i < 300; i++) {
		if (lxt_global(dev, &g))
			return -1;
		*now = g.live_objects;
		if (g.live_objects == base)
			return 0;
		usleep(10000);
	}
	return -1;
}

#define EXPECT_NO_LEAK() do {						\
	uint64_t now;							\
	EXPECT_EQ(0, objects_back_to(self->dev, &self->inst, self->base, &now)) \
		TH_LOG("%llu objects before, %llu after",		\
		       (unsigned long long)self->base, (unsigned long long)now); \
} while (0)

/*
 * Start a pico child running fn; returns its pid once it wrote its "ready"
 * byte to fd 1, with *report the read end of its fd 1.
 */
static pid_t start_pico(int inst, void (*fn)(void), int *report)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		if (lxt_enter(inst))
			_exit(120);
		fn();
		lxt_raw_exit(0);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		close(p[0]);
		return -1;
	}
	*report = p[0];
	return pid;
}

static void say_ready(void)
{
	char c = 'r';

	lxt_syscall6(SYS_write, 1, (long)&c, 1, 0, 0, 0);
}

/* Blocks forever: it holds the write end of the pipe it reads. */
static void block_in_read(void)
{
	int fds[2];
	char c;

	if (lxt_syscall6(SYS_pipe2, (long)fds, 0, 0, 0, 0, 0))
		lxt_raw_exit(3);
	say_ready();
	lxt_syscall6(SYS_read, fds[0], (long)&c, 1, 0, 0, 0);
	lxt_raw_exit(4);
}

/* Fills a pipe nobody reads, then blocks in write. */
static void block_in_write(void)
{
	static char buf[65536];
	int fds[2];

	if (lxt_syscall6(SYS_pipe2, (long)fds, 0, 0, 0, 0, 0))
		lxt_raw_exit(3);
	if (lxt_syscall6(SYS_write, fds[1], (long)buf, sizeof(buf), 0, 0, 0) != sizeof(buf))
		lxt_raw_exit(5);
	say_ready();
	lxt_syscall6(SYS_write, fds[1], (long)buf, 1, 0, 0, 0);
	lxt_raw_exit(4);
}

static void kill_and_reap(struct __test_metadata *_metadata, pid_t pid)
{
	int status;

	usleep(100000);	/* let it reach its wait */
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

TEST_F(objects, killed_while_blocked_in_pipe_read_leaks_nothing)
{
	int report;
	pid_t pid = start_pico(self->inst, block_in_read, &report);

	ASSERT_LT(0, pid);
	kill_and_reap(_metadata, pid);
	close(report);
	EXPECT_NO_LEAK();
}

TEST_F(objects, killed_while_blocked_in_pipe_write_leaks_nothing)
{
	int report;
	pid_t pid = start_pico(self->inst, block_in_write, &report);

	ASSERT_LT(0, pid);
	kill_and_reap(_metadata, pid);
	close(report);
	EXPECT_NO_LEAK();
}

/* Blocked readers, a forked child among them, die with their instance. */
static void fork_then_block(void)
{
	long pid = lxt_syscall0(SYS_fork);

	if (pid < 0)
		lxt_raw_exit(6);
	if (pid == 0) {
		block_in_read();	/* says ready too */
	}
	block_in_read();
}

TEST_F(objects, closing_the_instance_kills_blocked_processes_and_frees_all)
{
	int report, status;
	char c;
	pid_t pid = start_pico(self->inst, fork_then_block, &report);

	ASSERT_LT(0, pid);
	ASSERT_EQ(1, read(report, &c, 1));	/* the second one is ready too */
	usleep(100000);
	close(self->inst);
	self->inst = -1;
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	/* The grandchild is gone when its end of the report pipe closes. */
	EXPECT_EQ(0, read(report, &c, 1));
	close(report);
	EXPECT_NO_LEAK();
}

/*
 * A clone the host refuses (CLONE_SIGHAND without CLONE_VM) must not keep
 * the table copy lxcore prepared for the child: after closing its write
 * end, the process reads EOF from its pipe instead of blocking forever.
 */
static void failed_clone_then_eof(void)
{
	int fds[2];
	long r, eof;
	char c;

	if (lxt_syscall6(SYS_pipe2, (long)fds, 0, 0, 0, 0, 0))
		lxt_raw_exit(3);
	r = lxt_syscall6(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0, 0);
	lxt_syscall6(SYS_close, fds[1], 0, 0, 0, 0, 0);
	eof = lxt_syscall6(SYS_read, fds[0], (long)&c, 1, 0, 0, 0);
	say_ready();
	lxt_raw_write_record(r, eof);
}

TEST_F(objects, failed_clone_releases_the_prepared_child_at_once)
{
	struct lxt_record rec;
	int report, status;
	pid_t pid = start_pico(self->inst, failed_clone_then_eof, &report);

	ASSERT_LT(0, pid) TH_LOG("the pico process never reached EOF");
	ASSERT_EQ(sizeof(rec), read(report, &rec, sizeof(rec)));
	EXPECT_EQ(-EINVAL, rec.nr) TH_LOG("clone answered %ld", rec.nr);
	EXPECT_EQ(0, rec.ret) TH_LOG("read after close answered %ld", rec.ret);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	close(report);
	EXPECT_NO_LEAK();
}

/*
 * Clone flags lxcore cannot honour (namespaces, a pidfd that would be a
 * host fd, ptrace, a chosen pid) are -EINVAL, never ignored; the ones it
 * honours still work.
 */
static void clone_refusals(void)
{
	static const unsigned long refused[] = {
		CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWNET,
		CLONE_PIDFD, CLONE_PTRACE, CLONE_IO,
	};
	struct {
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal,
			 stack, stack_size, tls, set_tid, set_tid_size;
	} args = { .exit_signal = SIGCHLD };
	pid_t tid = 0;
	unsigned int i;
	long r;

	say_ready();
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		lxt_raw_write_record(refused[i],
				     lxt_syscall6(SYS_clone, refused[i] | SIGCHLD, 0, 0, 0, 0, 0));
	args.set_tid = (uintptr_t)&tid;
	args.set_tid_size = 1;
	lxt_raw_write_record(-2, lxt_syscall6(SYS_clone3, (long)&args, sizeof(args), 0, 0, 0, 0));
	args.set_tid = 0;
	args.set_tid_size = 0;
	r = lxt_syscall6(SYS_clone3, (long)&args, sizeof(args), 0, 0, 0, 0);
	if (r == 0)
		lxt_raw_exit(0);
	lxt_raw_write_record(-3, r > 0 ? 0 : r);
}

TEST_F(objects, clone_flags_lxcore_cannot_honour_are_einval)
{
	struct lxt_record rec;
	int report, status, i;
	pid_t pid = start_pico(self->inst, clone_refusals, &report);
	ASSERT_LT(0, pid);
	for (i = 0; i < 9; i++) {
		ASSERT_EQ(sizeof(rec), read(report, &rec, sizeof(rec)));
		EXPECT_EQ(i < 8 ? -EINVAL : 0, rec.ret) TH_LOG("flags %#lx answered %ld", rec.nr, rec.ret);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	close(report);
	EXPECT_NO_LEAK();
}

/* A process with a host child cannot enter: it could wait for it, signal it. */
TEST_F(objects, a_process_with_children_cannot_enter)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		pid_t kid = fork();

		if (kid == 0) {
			/* The instance must not outlive the test in a stray child. */
			close(self->inst);
			pause();
			_exit(0);
		}
		status = lxt_enter(self->inst) == -1 && errno == EINVAL ? 0 : 1;
		kill(kid, SIGKILL);
		waitpid(kid, NULL, 0);
		_exit(status);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* ---- a thread that blocks, is woken, and exits before its process ---- */

#define STACK_SIZE (64 * 1024)
static char thread_stack[STACK_SIZE] __attribute__((aligned(16)));
static int thread_pipe[2];
static _Atomic int thread_tid;

/* clone(2) a thread running fn(arg) on @stack_top; it exits with exit(2). */
static long clone_thread(void *stack_top, _Atomic int *ctid,
			 void (*fn)(void *), void *arg)
{
	unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			      CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_SETTID |
			      CLONE_CHILD_CLEARTID;
	void **sp = stack_top;
	register long r10 __asm__("r10") = (long)ctid;
	register long r8 __asm__("r8") = 0;
	long ret;

	*--sp = arg;
	*--sp = (void *)fn;
	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "pop %%rax\n\t"
			  "pop %%rdi\n\t"
			  "and $-16, %%rsp\n\t"
			  "call *%%rax\n\t"
			  "mov $60, %%eax\n\t"
			  "xor %%edi, %%edi\n\t"
			  "syscall\n\t"
			  "hlt\n"
			  "1:\n"
			  : "=a"(ret)
			  : "0"((long)SYS_clone), "D"(flags), "S"(sp), "d"(0L),
			    "r"(r10), "r"(r8)
			  : "rcx", "r11", "memory");
	return ret;
}

static void thread_reads(void *arg)
{
	char c = 0;
	long r = lxt_syscall6(SYS_read, thread_pipe[0], (long)&c, 1, 0, 0, 0);

	lxt_raw_write_record(r, c);
}

static void thread_then_exit(void)
{
	long tid;

	if (lxt_syscall6(SYS_pipe2, (long)thread_pipe, 0, 0, 0, 0, 0))
		lxt_raw_exit(3);
	thread_tid = 1;
	tid = clone_thread(thread_stack + STACK_SIZE, &thread_tid, thread_reads, NULL);
	if (tid < 0)
		lxt_raw_exit(7);
	say_ready();
	/* Let the thread block in its read, then wake it. */
	for (volatile long i = 0; i < 20000000; i++)
		;
	lxt_syscall6(SYS_write, thread_pipe[1], (long)"x", 1, 0, 0, 0);
	while (atomic_load(&thread_tid))
		;	/* cleared by the kernel when the thread exits */
	lxt_raw_write_record(-1, lxt_syscall6(SYS_close, thread_pipe[0], 0, 0, 0, 0, 0));
}

TEST_F_TIMEOUT(objects, thread_woken_in_pipe_read_exits_cleanly, 120)
{
	struct lxt_record rec;
	int report, status;
	pid_t pid = start_pico(self->inst, thread_then_exit, &report);

	ASSERT_LT(0, pid);
	ASSERT_EQ(sizeof(rec), read(report, &rec, sizeof(rec)));
	EXPECT_EQ(1, rec.nr) TH_LOG("the thread's read answered %ld", rec.nr);
	EXPECT_EQ('x', rec.ret);
	/* The thread shared the table: the main thread closes the same fd. */
	ASSERT_EQ(sizeof(rec), read(report, &rec, sizeof(rec)));
	EXPECT_EQ(0, rec.ret) TH_LOG("close answered %ld", rec.ret);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(report);
	EXPECT_NO_LEAK();
}

/* A chain of forks whose parents exit first, each holding pipe ends. */
static void fork_chain(void)
{
	int fds[2], depth;
	long pid;

	say_ready();
	for (depth = 0; depth < 8; depth++) {
		if (lxt_syscall6(SYS_pipe2, (long)fds, 0, 0, 0, 0, 0))
			lxt_raw_exit(3);
		pid = lxt_syscall0(SYS_fork);
		if (pid < 0)
			lxt_raw_exit(6);
		if (pid > 0)
			lxt_raw_exit(0);	/* the parent leaves an orphan */
	}
	lxt_raw_write_record(depth, 0);
}

TEST_F(objects, orphaned_fork_chain_leaks_nothing)
{
	struct lxt_record rec;
	int report, status;
	pid_t pid = start_pico(self->inst, fork_chain, &report);

	ASSERT_LT(0, pid);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	/* The last of the chain reports, then every writer of fd 1 is gone. */
	ASSERT_EQ(sizeof(rec), read(report, &rec, sizeof(rec)));
	EXPECT_EQ(8, rec.nr);
	while (read(report, &rec, sizeof(rec)) > 0)
		;
	close(report);
	EXPECT_NO_LEAK();
}

TEST_HARNESS_MAIN
