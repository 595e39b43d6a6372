// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall entry hook: every syscall number of a pico task reaches the
 * dispatcher (and is counted), never the host; ordinary tasks are not
 * affected; 32-bit and x32 entries are refused; children, threads and
 * exec'd images of a pico task stay pico.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/personality.h>
#include "lxtest.h"
#include "kselftest_harness.h"

/* Numbers past the table that must be counted too. */
static const long far_numbers[] = { 1000, 4095, 100000, 0x3fffffff };

struct sweep_arg {
	long nr;
};

static void call_with_zero_args(void *p)
{
	long nr = ((struct sweep_arg *)p)->nr;

	lxt_raw_write_record(nr, lxt_syscall0(nr));
}

FIXTURE(instance) {
	int dev;
	int inst;
	unsigned int nr_syscalls;
	uint32_t flags[1024];
};

FIXTURE_SETUP(instance)
{
	struct lxt_counters c;
	unsigned int nr;

	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	self->inst = lxt_create(self->dev, "entry");
	ASSERT_LE(0, self->inst) TH_LOG("create: %s", strerror(errno));
	ASSERT_EQ(0, lxt_query(self->inst, &c));
	self->nr_syscalls = c.q.nr_syscalls;
	ASSERT_GT(self->nr_syscalls, 400);
	ASSERT_LT(self->nr_syscalls + 16, LXSS_NR_COUNTERS);
	for (nr = 0; nr < self->nr_syscalls; nr++) {
		struct lxss_syscall_info info = { .size = sizeof(info), .nr = nr };

		ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
		self->flags[nr] = info.flags;
	}
}

FIXTURE_TEARDOWN(instance)
{
	close(self->inst);
	close(self->dev);
}

/*
 * Every number from 0 to the end of the table plus 16, and a few far
 * beyond, each called with zero arguments from a fresh pico process: the
 * per-number counter moves, and a number with no handler answers -ENOSYS.
 */
TEST_F_TIMEOUT(instance, every_number_reaches_the_dispatcher, 600)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;
	unsigned int nr, i, end = self->nr_syscalls + 16;
	unsigned int seen = 0, enosys = 0;

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	for (nr = 0; nr < end; nr++) {
		struct sweep_arg a = { nr };

		if (nr == SYS_vfork)
			continue;	/* shares the stack: vfork_stays_pico */
		ASSERT_EQ(0, lxt_run_child(self->inst, call_with_zero_args, &a, 5, &out));
		if (nr < self->nr_syscalls && (self->flags[nr] & LXSS_SYSCALL_IMPLEMENTED))
			continue;
		EXPECT_TRUE(out.have_record) TH_LOG("nr %u: %s", nr, out.text);
		EXPECT_EQ(-ENOSYS, out.rec.ret) TH_LOG("nr %u answered %ld", nr, out.rec.ret);
		enosys++;
	}
	for (i = 0; i < sizeof(far_numbers) / sizeof(far_numbers[0]); i++) {
		struct sweep_arg a = { far_numbers[i] };

		ASSERT_EQ(0, lxt_run_child(self->inst, call_with_zero_args, &a, 5, &out));
		EXPECT_EQ(-ENOSYS, out.rec.ret) TH_LOG("nr %ld answered %ld", a.nr, out.rec.ret);
	}
	ASSERT_EQ(0, lxt_query(self->inst, &after));

	for (nr = 0; nr < end; nr++) {
		if (nr == SYS_vfork)
			continue;
		EXPECT_LE(before.calls[nr] + 1, after.calls[nr])
			TH_LOG("nr %u: the dispatcher did not see it", nr);
		if (nr >= self->nr_syscalls || !(self->flags[nr] & LXSS_SYSCALL_IMPLEMENTED))
			EXPECT_EQ(before.unimpl[nr] + 1, after.unimpl[nr])
				TH_LOG("nr %u: not counted as unimplemented", nr);
		seen += after.calls[nr] > before.calls[nr];
	}
	EXPECT_EQ(before.q.beyond + 4, after.q.beyond);
	TH_LOG("%u numbers seen by the dispatcher, %u answered -ENOSYS", seen, enosys);
}

/* Natively, each call gets fresh SysV IPC and UTS namespaces: msgget(0...)
 * in one sweep must not change what msgrcv(0...) sees in the next. */
static void call_isolated(void *p)
{
	if (unshare(CLONE_NEWIPC | CLONE_NEWUTS))
		lxt_raw_exit(99);
	call_with_zero_args(p);
}

/*
 * The same numbers from ordinary tasks behave natively: the outcome of each
 * is the same with no instance (no hook) and with one (hook registered),
 * and the instance counts none of them.
 */
static void native_sweep(struct __test_metadata *_metadata, unsigned int end,
			 char (*outcomes)[32])
{
	struct lxt_outcome out;
	unsigned int nr;

	for (nr = 0; nr < end; nr++) {
		struct sweep_arg a = { nr };

		/* Skipped natively: shares the stack, or hangs up the tty. */
		if (nr == SYS_vfork || nr == SYS_vhangup) {
			strcpy(outcomes[nr], "skipped");
			continue;
		}
		/* Calls that block (pause, select...) end by SIGALRM. */
		ASSERT_EQ(0, lxt_run_child(-1, call_isolated, &a, 3, &out));
		memcpy(outcomes[nr], out.text, sizeof(out.text));
	}
}

TEST_F_TIMEOUT(instance, ordinary_tasks_behave_natively, 600)
{
	static char without[LXSS_NR_COUNTERS][32], with[LXSS_NR_COUNTERS][32];
	struct lxt_counters before, after;
	unsigned int nr, end = self->nr_syscalls + 16, enosys = 0;

	close(self->inst);
	self->inst = -1;
	ASSERT_EQ(0, lxt_wait_hooks(self->dev, 0)) TH_LOG("hook still registered");
	native_sweep(_metadata, end, without);

	self->inst = lxt_create(self->dev, "entry-native");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_wait_hooks(self->dev, 1));
	ASSERT_EQ(0, lxt_query(self->inst, &before));
	native_sweep(_metadata, end, with);
	ASSERT_EQ(0, lxt_query(self->inst, &after));

	for (nr = 0; nr < end; nr++) {
		EXPECT_STREQ(without[nr], with[nr]) TH_LOG("nr %u", nr);
		enosys += !strcmp(with[nr], "errno=38");
	}
	EXPECT_EQ(before.q.total, after.q.total);
	/* getpid must have worked natively: the sweep is not all -ENOSYS. */
	EXPECT_STREQ("ok", with[SYS_getpid]);
	TH_LOG("%u numbers compared, %u -ENOSYS natively", end, enosys);
}

/* int 0x80 from a 64-bit pico task: getpid (20) and write (4). */
static long int80(long nr, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile ("int $0x80"
			  : "=a"(ret)
			  : "0"(nr), "b"(a1), "c"(a2), "d"(a3)
			  : "memory");
	return ret;
}

static char int80_msg[] = "int80 reached the host\n";

static void call_int80(void *p)
{
	long r1 = int80(20, 0, 0, 0);
	long r2 = int80(4, 1, (long)int80_msg, sizeof(int80_msg) - 1);

	lxt_raw_write_record(r1, r2);
}

TEST_F(instance, int80_is_refused)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;

	/* Natively the 32-bit entry works (so this test can fail). */
	ASSERT_EQ(0, lxt_run_child(-1, call_int80, NULL, 5, &out));
	ASSERT_TRUE(out.have_record);
	ASSERT_LT(0, out.rec.nr) TH_LOG("native int80 getpid: %ld", out.rec.nr);

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, call_int80, NULL, 5, &out));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	ASSERT_TRUE(out.have_record) TH_LOG("%s", out.text);
	EXPECT_EQ(-ENOSYS, out.rec.nr);
	EXPECT_EQ(-ENOSYS, out.rec.ret);
	EXPECT_EQ(before.q.ia32 + 2, after.q.ia32);
}

static void call_x32(void *p)
{
	lxt_raw_write_record(0, lxt_syscall0(0x40000000L | SYS_getpid));
}

TEST_F(instance, x32_is_refused)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, call_x32, NULL, 5, &out));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	ASSERT_TRUE(out.have_record);
	EXPECT_EQ(-ENOSYS, out.rec.ret);
	EXPECT_EQ(before.q.x32 + 1, after.q.x32);
}

/* sysfs (obsolete) has no handler: -ENOSYS proves the caller is pico. */
static void fork_then_sysfs(void *p)
{
	long pid = lxt_syscall0(SYS_fork);
	int status = 0;

	if (pid == 0) {
		long r = lxt_syscall6(SYS_sysfs, 3, 0, 0, 0, 0, 0);

		lxt_raw_exit(r == -ENOSYS ? 42 : 1);
	}
	if (pid < 0)
		lxt_raw_write_record(-1, pid);
	lxt_syscall6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0);
	lxt_raw_write_record(pid, status);
}

TEST_F(instance, fork_child_stays_pico)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, fork_then_sysfs, NULL, 10, &out));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	ASSERT_TRUE(out.have_record);
	ASSERT_LT(0, out.rec.nr) TH_LOG("fork: %ld", out.rec.ret);
	ASSERT_TRUE(WIFEXITED(out.rec.ret));
	EXPECT_EQ(42, WEXITSTATUS(out.rec.ret));
	EXPECT_EQ(before.unimpl[SYS_sysfs] + 1, after.unimpl[SYS_sysfs]);
	EXPECT_EQ(before.calls[SYS_fork] + 1, after.calls[SYS_fork]);
}

static void vfork_then_exit(void *p)
{
	long ret;
	int status = 0;

	/* The child runs on the parent's stack: it only calls exit_group(7). */
	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "mov $231, %%eax\n\t"
			  "mov $7, %%edi\n\t"
			  "syscall\n"
			  "1:"
			  : "=a"(ret)
			  : "0"((long)SYS_vfork)
			  : "rcx", "r11", "rdi", "memory");
	lxt_syscall6(SYS_wait4, ret, (long)&status, 0, 0, 0, 0);
	lxt_raw_write_record(ret, status);
}

TEST_F(instance, vfork_stays_pico)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, vfork_then_exit, NULL, 10, &out));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	ASSERT_TRUE(out.have_record);
	ASSERT_LT(0, out.rec.nr);
	EXPECT_EQ(7, WEXITSTATUS(out.rec.ret));
	EXPECT_EQ(before.calls[SYS_vfork] + 1, after.calls[SYS_vfork]);
	/* Both the child's exit_group and the parent's are the dispatcher's. */
	EXPECT_LE(before.calls[SYS_exit_group] + 2, after.calls[SYS_exit_group]);
}

/* A thread made with raw clone(CLONE_THREAD|CLONE_VM...) calls sysfs and getpid. */
static volatile long thread_sysfs_result = 1;
static volatile long thread_getpid_result;
static char thread_stack[16384] __attribute__((aligned(16)));

static void thread_calls(void *p)
{
	long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		     CLONE_THREAD | CLONE_SYSVSEM;
	register long r12 __asm__("r12") = (long)&thread_sysfs_result;
	register long r13 __asm__("r13") = (long)&thread_getpid_result;
	register long r10 __asm__("r10") = 0;
	register long r8 __asm__("r8") = 0;
	long ret;
	int i;

	__asm__ volatile ("syscall\n\t"
			  "test %%rax, %%rax\n\t"
			  "jnz 1f\n\t"
			  "mov $139, %%eax\n\t"	/* sysfs */
			  "syscall\n\t"
			  "mov %%rax, (%%r12)\n\t"
			  "mov $39, %%eax\n\t"	/* getpid */
			  "syscall\n\t"
			  "mov %%rax, (%%r13)\n\t"
			  "mov $60, %%eax\n\t"	/* exit: this thread only */
			  "xor %%edi, %%edi\n\t"
			  "syscall\n"
			  "1:"
			  : "=a"(ret)
			  : "0"((long)SYS_clone), "D"(flags),
			    "S"(thread_stack + sizeof(thread_stack)), "d"(0),
			    "r"(r10), "r"(r8), "r"(r12), "r"(r13)
			  : "rcx", "r11", "memory");
	for (i = 0; i < 2000000000 && !thread_getpid_result; i++)
		;
	if (ret <= 0)
		lxt_raw_write_record(-1, ret);
	/* nr: the thread's sysfs; ret: 1 if its getpid is its process's. */
	lxt_raw_write_record(thread_sysfs_result,
			     thread_getpid_result == lxt_syscall0(SYS_getpid));
}

TEST_F(instance, thread_stays_pico)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, thread_calls, NULL, 30, &out));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	ASSERT_TRUE(out.have_record) TH_LOG("%s", out.text);
	EXPECT_EQ(-ENOSYS, out.rec.nr);
	EXPECT_EQ(1, out.rec.ret);
	EXPECT_EQ(before.unimpl[SYS_sysfs] + 1, after.unimpl[SYS_sysfs]);
}

/* execve of a freestanding program that exits 42 iff sysfs is -ENOSYS. */
static void exec_probe(void *p)
{
	char *argv[] = { LXT_HELPERS "/pico-probe", NULL };
	char *envp[] = { NULL };
	long r = lxt_syscall6(SYS_execve, (long)argv[0], (long)argv, (long)envp, 0, 0, 0);

	lxt_raw_write_record(-1, r);
}

TEST_F(instance, exec_stays_pico)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;
	char native[] = LXT_HELPERS "/pico-probe";

	/* Natively the probe says it is not pico (exit 1). */
	ASSERT_EQ(0, access(native, X_OK));
	ASSERT_EQ(0, lxt_run_child(-1, exec_probe, NULL, 10, &out));
	ASSERT_STREQ("exit=1", out.text);

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, exec_probe, NULL, 10, &out));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	EXPECT_STREQ("exit=42", out.text);
	EXPECT_EQ(before.calls[SYS_execve] + 1, after.calls[SYS_execve]);
	EXPECT_EQ(before.unimpl[SYS_sysfs] + 1, after.unimpl[SYS_sysfs]);
}

/*
 * getpid is emulated: in the process itself, in a forked child and in a
 * thread it must give what the host gives (the host's own getppid and
 * fork return value are the reference).
 */
static void getpid_three_ways(void *p)
{
	long self = lxt_syscall0(SYS_getpid);
	long child, status = 0;

	child = lxt_syscall0(SYS_fork);
	if (child == 0) {
		long me = lxt_syscall0(SYS_getpid);
		long parent = lxt_syscall0(SYS_getppid);

		lxt_raw_write_record(me, parent);
		lxt_raw_exit(0);
	}
	lxt_syscall6(SYS_wait4, child, (long)&status, 0, 0, 0, 0);
	lxt_raw_write_record(self, child);
}

TEST_F(instance, getpid_gives_the_host_pid)
{
	struct lxt_record recs[2];
	int p[2], status;
	pid_t pid;
	ssize_t n;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(p[1], 1);
		if (lxt_enter(self->inst))
			_exit(1);
		getpid_three_ways(NULL);
		lxt_raw_exit(0);
	}
	close(p[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	n = read(p[0], recs, sizeof(recs));
	close(p[0]);
	ASSERT_EQ(sizeof(recs), n);
	/* recs[0]: the forked child (getpid, getppid); recs[1]: the process. */
	EXPECT_EQ(pid, recs[1].nr);		/* pico getpid == host pid */
	EXPECT_EQ(recs[1].ret, recs[0].nr);	/* child getpid == fork's value */
	EXPECT_EQ(pid, recs[0].ret);		/* child's host getppid */
}

/*
 * A process that entered with a seccomp filter keeps it: the filter still
 * judges each call (no escape through native rows), and emulated calls
 * are answered after it. Filter: getppid -> EPERM, everything else allowed.
 */
static void seccomp_then_calls(void *p)
{
	lxt_raw_write_record(lxt_syscall0(SYS_getppid), lxt_syscall6(SYS_sysfs, 3, 0, 0, 0, 0, 0));
}

TEST_F(instance, seccomp_filter_of_a_pico_process_still_applies)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = insns };
	struct lxt_record rec;
	int p[2], status;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(p[1], 1);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0))
			_exit(2);
		if (lxt_enter(self->inst))
			_exit(1);
		seccomp_then_calls(NULL);
		lxt_raw_exit(0);
	}
	close(p[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(sizeof(rec), read(p[0], &rec, sizeof(rec)));
	close(p[0]);
	EXPECT_EQ(-EPERM, rec.nr);	/* the filter, not the host's getppid */
	EXPECT_EQ(-ENOSYS, rec.ret);	/* allowed by the filter, then lxcore's */
}

static void personality_calls(void *p)
{
	long query = lxt_syscall6(SYS_personality, 0xffffffffL, 0, 0, 0, 0, 0);
	long leave = lxt_syscall6(SYS_personality, PER_LINUX, 0, 0, 0, 0, 0);
	long after = lxt_syscall6(SYS_personality, 0xffffffffL, 0, 0, 0, 0, 0);

	lxt_raw_write_record(query, leave);
	lxt_raw_write_record(after, lxt_syscall6(SYS_sysfs, 3, 0, 0, 0, 0, 0));
}

TEST_F(instance, personality_cannot_be_left)
{
	struct lxt_outcome out;

	ASSERT_EQ(0, lxt_run_child(self->inst, personality_calls, NULL, 5, &out));
	ASSERT_TRUE(out.have_record);
	EXPECT_EQ(PER_LXSS, out.rec.nr & PER_MASK);
	EXPECT_EQ(-EINVAL, out.rec.ret);
}

/* An ordinary task that sets the PER_LXSS value itself is not pico. */
static void forge_personality(void *p)
{
	long set = lxt_syscall6(SYS_personality, PER_LXSS, 0, 0, 0, 0, 0);

	lxt_raw_write_record(set, lxt_syscall6(SYS_sysfs, 3, 0, 0, 0, 0, 0));
}

TEST_F(instance, personality_alone_does_not_make_a_pico_task)
{
	struct lxt_counters before, after;
	struct lxt_outcome out;

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_child(-1, forge_personality, NULL, 5, &out));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	ASSERT_TRUE(out.have_record);
	EXPECT_LE(0, out.rec.nr);
	EXPECT_LT(0, out.rec.ret);	/* sysfs(3) answered by the host: fs types */
	EXPECT_EQ(before.q.total, after.q.total);
}

TEST_F(instance, hook_registered_only_while_an_instance_exists)
{
	struct lxss_global g;

	ASSERT_EQ(0, lxt_global(self->dev, &g));
	EXPECT_EQ(1, g.hooks_active);
	close(self->inst);
	self->inst = -1;
	EXPECT_EQ(0, lxt_wait_hooks(self->dev, 0));
	self->inst = lxt_create(self->dev, "entry-again");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_global(self->dev, &g));
	EXPECT_EQ(1, g.hooks_active);
}

TEST_HARNESS_MAIN
