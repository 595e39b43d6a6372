// SPDX-License-Identifier: GPL-2.0
/*
 * proc_signal_test: signals and pids of pico processes. The differential
 * tests run one body natively and as a pico process (lxt_diff) and require
 * the Linux values written here from both: handlers with SA_SIGINFO, masks
 * and pending sets, sigsuspend, sigtimedwait, the alternate stack, every
 * signal's default action, job control seen by wait4 and waitid, SA_RESTART,
 * the errors of kill, tkill, tgkill and rt_*sigqueueinfo, process groups and
 * sessions, wait4 and waitid. Bodies use raw syscalls only and install
 * handlers with a raw rt_sigaction and their own restorer.
 *
 * The isolation tests are pico-only: a host witness shares the pico
 * process's group and must never see a signal the pico process sends, and
 * no pid of a host process may be signalled, waited for or joined.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdarg.h>
#include <sys/time.h>
#include <linux/close_range.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

FIXTURE(sig) {
	int dev;
	int inst;
};

FIXTURE_SETUP(sig)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	self->inst = lxt_create(self->dev, "signal");
	ASSERT_LE(0, self->inst) TH_LOG("create: %s", strerror(errno));
}

FIXTURE_TEARDOWN(sig)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/* A pico-only run of a case, compared with the values given. */
#define PICO(...) do {							\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	static struct lxt_result res_;					\
	if (lxt_native_only())						\
		SKIP(return, "LXT_NATIVE_ONLY: isolation is pico-only");\
	ASSERT_EQ(0, lxt_run_case(self->inst, &case_, &res_));		\
	ASSERT_EQ(0, lxt_check_result("pico", &res_, "expected",	\
				      case_.expect_out,			\
				      case_.expect_err ? case_.expect_err : "", \
				      case_.expect_end ? case_.expect_end : "exit=0")); \
} while (0)

/* ---- Raw calls ---- */

#define SYS0(nr) lxt_syscall6(nr, 0, 0, 0, 0, 0, 0)
#define SYS1(nr, a) lxt_syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define SYS2(nr, a, b) lxt_syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define SYS3(nr, a, b, c) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYS4(nr, a, b, c, d) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SYS5(nr, a, b, c, d, e) \
	lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

#define BIT(sig) (1UL << ((sig) - 1))

/* The kernel's struct sigaction on x86_64. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void sig_restorer(void);
__asm__(".text\n"
	".align 16\n"
	".globl sig_restorer\n"
	".type sig_restorer, @function\n"
	"sig_restorer:\n"
	"\tmov $15, %eax\n"	/* rt_sigreturn */
	"\tsyscall\n"
	"\thlt\n");

static long raw_sigaction(long sig, void *handler, unsigned long flags, unsigned long mask)
{
	struct ksigaction sa = { handler, flags | SA_RESTORER, sig_restorer, mask };

	return SYS4(SYS_rt_sigaction, sig, &sa, 0, 8);
}

static long raw_getpid(void) { return SYS0(SYS_getpid); }
static long raw_gettid(void) { return SYS0(SYS_gettid); }
static long raw_kill(long pid, long sig) { return SYS2(SYS_kill, pid, sig); }

static long raw_mask(long how, unsigned long set, unsigned long *old)
{
	return SYS4(SYS_rt_sigprocmask, how, &set, old, 8);
}

static unsigned long cur_mask(void)
{
	unsigned long m = 0;

	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static unsigned long pending(void)
{
	unsigned long p = 0;

	SYS2(SYS_rt_sigpending, &p, 8);
	return p;
}

static long raw_wait(long pid, long options)
{
	int st = 0;
	long r = SYS4(SYS_wait4, pid, &st, options, 0);

	return r <= 0 ? r : st;
}

static long raw_waitid(long which, long id, siginfo_t *si, long options)
{
	memset(si, 0, sizeof(*si));
	return SYS5(SYS_waitid, which, id, si, options, 0);
}

static long queue_info(long pid, long tid, long sig, int code, int value)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = code;
	si.si_pid = raw_getpid();
	si.si_value.sival_int = value;
	if (tid)
		return SYS4(SYS_rt_tgsigqueueinfo, pid, tid, sig, &si);
	return SYS3(SYS_rt_sigqueueinfo, pid, sig, &si);
}

/* A child that only blocks until @fd (a pipe's read end) reaches EOF. */
static long blocked_child(int *p)
{
	char b;
	long pid;

	if (lxt_pipe2(p, 0))
		lxt_raw_exit(90);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(1);
		lxt_close(p[1]);
		lxt_read(p[0], &b, 1);
		lxt_raw_exit(0);
	}
	lxt_close(p[0]);
	return pid;
}

/* A pid that was a child's and is free again. */
static long reaped_pid(void)
{
	long pid = lxt_fork();

	if (pid == 0)
		lxt_raw_exit(0);
	raw_wait(pid, 0);
	return pid;
}

/* ---- Output ---- */

static const char *err_name(long e)
{
	switch (e) {
	case ESRCH: return "ESRCH";
	case EACCES: return "EACCES";
	case E2BIG: return "E2BIG";
	default: return lxt_errno_name(e);
	}
}

/*
 * One line: %d a long, %r a syscall result (-ESRCH), %x hex, %s a string.
 * Every argument is a long (or a string).
 */
static void sayf(const char *fmt, ...)
{
	struct lxt_line l = { .n = 0 };
	va_list ap;
	long v;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		char c[2] = { *fmt, 0 };

		if (*fmt != '%' || !fmt[1]) {
			lxt_put_str(&l, c);
			continue;
		}
		switch (*++fmt) {
		case 'd':
			v = va_arg(ap, long);
			if (v < 0)
				lxt_put_str(&l, "-");
			lxt_put_ulong(&l, v < 0 ? -(unsigned long)v : (unsigned long)v, 10);
			break;
		case 'r':
			v = va_arg(ap, long);
			if (v < 0 && v > -4096 && err_name(-v)) {
				lxt_put_str(&l, "-");
				lxt_put_str(&l, err_name(-v));
			} else {
				lxt_put_ret(&l, v);
			}
			break;
		case 'x':
			lxt_put_str(&l, "0x");
			lxt_put_ulong(&l, va_arg(ap, unsigned long), 16);
			break;
		case 's':
			lxt_put_str(&l, va_arg(ap, const char *));
			break;
		}
	}
	va_end(ap);
	lxt_put_end(&l);
}

/* ---- Handlers ---- */

static volatile long handled, seen_sig, seen_code, seen_pid, seen_value;
static volatile long on_alt, alt_flags;
static char altstack[65536] __attribute__((aligned(16)));

static void on_signal(int sig)
{
	handled++;
	seen_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	handled++;
	seen_sig = sig;
	seen_code = si->si_code;
	seen_pid = si->si_pid;
	seen_value = si->si_value.sival_int;
}

static void on_stack(int sig)
{
	char here;
	stack_t ss;

	handled++;
	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
	SYS2(SYS_sigaltstack, NULL, &ss);
	alt_flags = ss.ss_flags;
}

static void say_seen(const char *what, long r)
{
	sayf("%s=%r seen=%d code=%d self=%d value=%d n=%d", what, r, (long)seen_sig,
	     (long)seen_code, (long)(seen_pid == raw_getpid()), (long)seen_value, (long)handled);
	seen_sig = seen_code = seen_pid = seen_value = 0;
}

/* ---- Handlers and siginfo ---- */

static void siginfo_handler(void *arg)
{
	long self = raw_getpid(), tid = raw_gettid();

	sayf("sigaction=%r", raw_sigaction(SIGUSR1, on_info, SA_SIGINFO, 0));
	say_seen("kill", raw_kill(self, SIGUSR1));
	say_seen("tkill", SYS2(SYS_tkill, tid, SIGUSR1));
	say_seen("tgkill", SYS3(SYS_tgkill, self, tid, SIGUSR1));
	say_seen("sigqueueinfo", queue_info(self, 0, SIGUSR1, SI_QUEUE, 42));
	say_seen("tgsigqueueinfo", queue_info(self, tid, SIGUSR1, SI_QUEUE, 43));
}

TEST_F(sig, an_sa_siginfo_handler_sees_the_code_and_sender_of_each_way_to_send)
{
	DIFF(.body = siginfo_handler,
	     .expect_out = "sigaction=0\n"
			   "kill=0 seen=10 code=0 self=1 value=0 n=1\n"
			   "tkill=0 seen=10 code=-6 self=1 value=0 n=2\n"
			   "tgkill=0 seen=10 code=-6 self=1 value=0 n=3\n"
			   "sigqueueinfo=0 seen=10 code=-1 self=1 value=42 n=4\n"
			   "tgsigqueueinfo=0 seen=10 code=-1 self=1 value=43 n=5\n");
}

static void old_action(void *arg)
{
	struct ksigaction old;

	sayf("set=%r", raw_sigaction(SIGUSR2, on_signal, SA_RESTART, BIT(SIGINT)));
	memset(&old, 0, sizeof(old));
	sayf("get=%r", SYS4(SYS_rt_sigaction, SIGUSR2, NULL, &old, 8));
	sayf("handler=%d flags=%x mask=%x restorer=%d", (long)(old.handler == (void *)on_signal),
	     old.flags, old.mask, (long)(old.restorer == sig_restorer));
	sayf("kill-action=%r", raw_sigaction(SIGKILL, on_signal, 0, 0));
	sayf("stop-action=%r", raw_sigaction(SIGSTOP, on_signal, 0, 0));
	sayf("sig0=%r", raw_sigaction(0, on_signal, 0, 0));
	sayf("sig65=%r", raw_sigaction(65, on_signal, 0, 0));
	sayf("size4=%r", SYS4(SYS_rt_sigaction, SIGUSR2, NULL, &old, 4));
	sayf("efault=%r", SYS4(SYS_rt_sigaction, SIGUSR2, 8, NULL, 8));
}

TEST_F(sig, rt_sigaction_returns_the_old_action_and_refuses_kill_stop_and_bad_numbers)
{
	DIFF(.body = old_action,
	     .expect_out = "set=0\nget=0\nhandler=1 flags=0x14000000 mask=0x2 restorer=1\n"
			   "kill-action=-EINVAL\nstop-action=-EINVAL\nsig0=-EINVAL\n"
			   "sig65=-EINVAL\nsize4=-EINVAL\nefault=-EFAULT\n");
}

/* glibc's sigaction is a plain wrapper of rt_sigaction (its own restorer): usable in a body. */
static void libc_sigaction(void *arg)
{
	struct sigaction sa, old;
	long r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sayf("sigaction=%d", (long)sigaction(SIGUSR2, &sa, NULL));
	say_seen("kill", raw_kill(raw_getpid(), SIGUSR2));
	r = sigaction(SIGUSR2, NULL, &old);
	sayf("get=%d same=%d restorer=%d", r, (long)(old.sa_sigaction == on_info),
	     (long)!!(old.sa_flags & SA_RESTORER));
}

TEST_F(sig, glibc_sigaction_installs_a_handler_in_a_pico_process)
{
	DIFF(.body = libc_sigaction,
	     .expect_out = "sigaction=0\nkill=0 seen=12 code=0 self=1 value=0 n=1\n"
			   "get=0 same=1 restorer=1\n");
}

/* ---- Masks and pending signals ---- */

static void mask_pending(void *arg)
{
	unsigned long old = 1;

	raw_sigaction(SIGUSR1, on_signal, 0, 0);
	long r;

	raw_sigaction(34, on_signal, 0, 0);
	r = raw_mask(SIG_BLOCK, BIT(SIGUSR1) | BIT(34), &old);
	sayf("block=%r old=%x", r, old);
	sayf("kill=%r", raw_kill(raw_getpid(), SIGUSR1));
	sayf("kill=%r", raw_kill(raw_getpid(), SIGUSR1));
	sayf("kill34=%r", raw_kill(raw_getpid(), 34));
	sayf("kill34=%r", raw_kill(raw_getpid(), 34));
	sayf("handled=%d pending=%x", (long)handled, pending());
	sayf("unblock=%r", raw_mask(SIG_UNBLOCK, BIT(SIGUSR1) | BIT(34), NULL));
	sayf("handled=%d pending=%x", (long)handled, pending());
	sayf("setmask=%r", raw_mask(SIG_SETMASK, ~0UL, NULL));
	sayf("mask=%x", cur_mask());
	sayf("badhow=%r", raw_mask(99, 0, NULL));
	sayf("size4=%r", SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &old, NULL, 4));
	sayf("pending-size4=%r", SYS2(SYS_rt_sigpending, &old, 4));
	sayf("efault=%r", SYS4(SYS_rt_sigprocmask, SIG_BLOCK, 8, NULL, 8));
	sayf("setmask=%r", raw_mask(SIG_SETMASK, 0, NULL));
	sayf("mask=%x", cur_mask());
}

TEST_F(sig, a_blocked_signal_stays_pending_and_runs_once_unblocked)
{
	DIFF(.body = mask_pending,
	     .expect_out = "block=0 old=0x0\nkill=0\nkill=0\nkill34=0\nkill34=0\n"
			   "handled=0 pending=0x200000200\nunblock=0\nhandled=3 pending=0x0\n"
			   "setmask=0\nmask=0xfffffffffffbfeff\nbadhow=-EINVAL\nsize4=-EINVAL\n"
			   "pending-size4=0\nefault=-EFAULT\nsetmask=0\nmask=0x0\n");
}

static void suspend(void *arg)
{
	unsigned long none = 0;
	long pid;

	raw_sigaction(SIGUSR1, on_signal, 0, 0);
	raw_mask(SIG_BLOCK, BIT(SIGUSR1), NULL);
	pid = lxt_fork();
	if (pid == 0)
		lxt_raw_exit(raw_kill(SYS0(SYS_getppid), SIGUSR1) ? 1 : 0);
	sayf("sigsuspend=%r", SYS2(SYS_rt_sigsuspend, &none, 8));
	sayf("handled=%d mask=%x", (long)handled, cur_mask());
	sayf("wait=%x", raw_wait(pid, 0));
	sayf("size4=%r", SYS2(SYS_rt_sigsuspend, &none, 4));
}

TEST_F(sig, sigsuspend_waits_for_a_signal_from_a_child_and_restores_the_mask)
{
	DIFF(.body = suspend,
	     .expect_out = "sigsuspend=-EINTR\nhandled=1 mask=0x200\nwait=0x0\nsize4=-EINVAL\n");
}

static void timedwait(void *arg)
{
	unsigned long set = BIT(SIGUSR2);
	struct timespec ts = { 0, 50 * 1000 * 1000 }, bad = { 0, -1 };
	siginfo_t si;

	raw_mask(SIG_BLOCK, set, NULL);
	sayf("timeout=%r", SYS4(SYS_rt_sigtimedwait, &set, &si, &ts, 8));
	raw_kill(raw_getpid(), SIGUSR2);
	memset(&si, 0, sizeof(si));
	sayf("wait=%r", SYS4(SYS_rt_sigtimedwait, &set, &si, &ts, 8));
	sayf("signo=%d code=%d self=%d", (long)si.si_signo, (long)si.si_code,
	     (long)(si.si_pid == raw_getpid()));
	queue_info(raw_getpid(), 0, SIGUSR2, SI_QUEUE, 7);
	memset(&si, 0, sizeof(si));
	sayf("wait=%r", SYS4(SYS_rt_sigtimedwait, &set, &si, NULL, 8));
	sayf("signo=%d code=%d value=%d", (long)si.si_signo, (long)si.si_code,
	     (long)si.si_value.sival_int);
	sayf("pending=%x", pending());
	sayf("bad-timeout=%r", SYS4(SYS_rt_sigtimedwait, &set, &si, &bad, 8));
	sayf("size4=%r", SYS4(SYS_rt_sigtimedwait, &set, &si, &ts, 4));
}

TEST_F(sig, sigtimedwait_times_out_with_eagain_and_takes_a_pending_signal)
{
	DIFF(.body = timedwait,
	     .expect_out = "timeout=-EAGAIN\nwait=12\nsigno=12 code=0 self=1\nwait=12\n"
			   "signo=12 code=-1 value=7\npending=0x0\nbad-timeout=-EINVAL\n"
			   "size4=-EINVAL\n");
}

static void alt_stack(void *arg)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, old;

	sayf("sigaltstack=%r", SYS2(SYS_sigaltstack, &ss, NULL));
	memset(&old, 0, sizeof(old));
	SYS2(SYS_sigaltstack, NULL, &old);
	sayf("sp=%d flags=%d size=%d", (long)(old.ss_sp == altstack), (long)old.ss_flags,
	     (long)old.ss_size);
	raw_sigaction(SIGUSR1, on_stack, SA_ONSTACK, 0);
	raw_kill(raw_getpid(), SIGUSR1);
	sayf("onstack handled=%d on_alt=%d flags=%d", (long)handled, (long)on_alt, (long)alt_flags);
	raw_sigaction(SIGUSR1, on_stack, 0, 0);
	raw_kill(raw_getpid(), SIGUSR1);
	sayf("plain handled=%d on_alt=%d flags=%d", (long)handled, (long)on_alt, (long)alt_flags);
	ss.ss_size = 1024;
	sayf("small=%r", SYS2(SYS_sigaltstack, &ss, NULL));
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 99;
	sayf("badflags=%r", SYS2(SYS_sigaltstack, &ss, NULL));
	ss.ss_flags = SS_DISABLE;
	sayf("disable=%r", SYS2(SYS_sigaltstack, &ss, NULL));
	SYS2(SYS_sigaltstack, NULL, &old);
	sayf("flags=%d", (long)old.ss_flags);
	sayf("efault=%r", SYS2(SYS_sigaltstack, 8, NULL));
}

TEST_F(sig, an_sa_onstack_handler_runs_on_the_alternate_stack)
{
	DIFF(.body = alt_stack,
	     .expect_out = "sigaltstack=0\nsp=1 flags=0 size=65536\n"
			   "onstack handled=1 on_alt=1 flags=1\nplain handled=2 on_alt=0 flags=0\n"
			   "small=-ENOMEM\nbadflags=-EINVAL\ndisable=0\nflags=2\nefault=-EFAULT\n");
}

/* ---- Default actions ---- */

/* No core files; every signal at its default (the runner may ignore SIGINT, SIGQUIT). */
static void no_core(void *arg)
{
	struct rlimit rl = { 0, 0 };
	int sig;

	if (setrlimit(RLIMIT_CORE, &rl))
		_exit(123);
	for (sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && (sig < 32 || sig > 33))
			signal(sig, SIG_DFL);
}

static void default_actions(void *arg)
{
	static const int sigs[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 34, 50, 64,
	};
	unsigned int i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		long pid = lxt_fork(), st;

		if (pid == 0) {
			raw_kill(raw_getpid(), sigs[i]);
			/*
			 * Stopped and continued: stay until killed, or the
			 * exit could be reported before the continue is.
			 */
			if (sigs[i] >= SIGTSTP && sigs[i] <= SIGTTOU)
				for (;;)
					SYS0(SYS_pause);
			if (sigs[i] == SIGSTOP)
				for (;;)
					SYS0(SYS_pause);
			lxt_raw_exit(0);
		}
		st = raw_wait(pid, WUNTRACED);
		if (st > 0 && WIFSTOPPED(st)) {
			long cont, end;

			raw_kill(pid, SIGCONT);
			cont = raw_wait(pid, WCONTINUED);
			raw_kill(pid, SIGKILL);
			end = raw_wait(pid, 0);
			sayf("sig=%d status=%x cont=%x end=%x", (long)sigs[i], st, cont, end);
		} else {
			sayf("sig=%d status=%x", (long)sigs[i], st);
		}
	}
}

TEST_F_TIMEOUT(sig, every_signal_has_its_default_action_as_wait4_reports_it, 120)
{
	DIFF(.setup = no_core, .body = default_actions, .timeout_s = 60,
	     .expect_out = "sig=1 status=0x1\nsig=2 status=0x2\nsig=3 status=0x3\n"
			   "sig=4 status=0x4\nsig=5 status=0x5\nsig=6 status=0x6\n"
			   "sig=7 status=0x7\nsig=8 status=0x8\nsig=9 status=0x9\n"
			   "sig=10 status=0xa\nsig=11 status=0xb\nsig=12 status=0xc\n"
			   "sig=13 status=0xd\nsig=14 status=0xe\nsig=15 status=0xf\n"
			   "sig=16 status=0x10\nsig=17 status=0x0\nsig=18 status=0x0\n"
			   "sig=19 status=0x137f cont=0xffff end=0x9\n"
			   "sig=20 status=0x147f cont=0xffff end=0x9\n"
			   "sig=21 status=0x157f cont=0xffff end=0x9\n"
			   "sig=22 status=0x167f cont=0xffff end=0x9\n"
			   "sig=23 status=0x0\nsig=24 status=0x18\nsig=25 status=0x19\n"
			   "sig=26 status=0x1a\nsig=27 status=0x1b\nsig=28 status=0x0\n"
			   "sig=29 status=0x1d\nsig=30 status=0x1e\nsig=31 status=0x1f\n"
			   "sig=34 status=0x22\nsig=50 status=0x32\nsig=64 status=0x40\n");
}

/* ---- Job control ---- */

static void job_control(void *arg)
{
	long pid = lxt_fork(), r;
	siginfo_t si;

	if (pid == 0) {
		for (;;)
			SYS0(SYS_pause);
	}
	sayf("stop=%r", raw_kill(pid, SIGSTOP));
	sayf("wait-stopped=%x", raw_wait(pid, WUNTRACED));
	sayf("again=%x", raw_wait(pid, WUNTRACED | WNOHANG));
	sayf("cont=%r", raw_kill(pid, SIGCONT));
	sayf("wait-continued=%x", raw_wait(pid, WCONTINUED));
	sayf("tstp=%r", raw_kill(pid, SIGTSTP));
	r = raw_waitid(P_PID, pid, &si, WSTOPPED);
	sayf("waitid=%r", r);
	sayf("code=%d status=%d pid=%d", (long)si.si_code, (long)si.si_status,
	     (long)(si.si_pid == pid));
	raw_kill(pid, SIGCONT);
	r = raw_waitid(P_PID, pid, &si, WCONTINUED);
	sayf("waitid=%r", r);
	sayf("code=%d status=%d pid=%d", (long)si.si_code, (long)si.si_status,
	     (long)(si.si_pid == pid));
	sayf("term=%r", raw_kill(pid, SIGTERM));
	sayf("wait=%x", raw_wait(pid, 0));
}

TEST_F(sig, wait4_and_waitid_report_a_stopped_and_continued_child)
{
	DIFF(.body = job_control,
	     .expect_out = "stop=0\nwait-stopped=0x137f\nagain=0x0\ncont=0\n"
			   "wait-continued=0xffff\ntstp=0\nwaitid=0\ncode=5 status=20 pid=1\n"
			   "waitid=0\ncode=6 status=18 pid=1\nterm=0\nwait=0xf\n");
}

/* ---- EINTR and SA_RESTART on a blocked pipe read ---- */

static char buf[64];

static void read_interrupted(void *arg)
{
	int p[2];
	long pid;
	char b;

	raw_sigaction(SIGUSR1, on_signal, (unsigned long)arg, 0);
	lxt_pipe2(p, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(1);
		lxt_read(0, &b, 1);	/* the parent's poke */
		lxt_write(p[1], "x", 1);
		lxt_raw_exit(0);
	}
	lxt_say_text("blocking");
	lxt_say_data("read", buf, lxt_read(p[0], buf, sizeof(buf)));
	sayf("handled=%d", (long)handled);
	sayf("wait=%x", raw_wait(pid, 0));
}

TEST_F(sig, a_raw_handler_without_sa_restart_makes_a_blocked_read_eintr)
{
	DIFF(.body = read_interrupted, .arg = (void *)0L, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "blocking\nread=-EINTR\nhandled=1\nwait=0x0\n");
}

TEST_F(sig, a_raw_handler_with_sa_restart_restarts_a_blocked_read)
{
	DIFF(.body = read_interrupted, .arg = (void *)(long)SA_RESTART, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "blocking\nread=1 'x'\nhandled=1\nwait=0x0\n");
}

static void pause_alarm(void *arg)
{
	struct itimerval it = { { 0, 0 }, { 0, 100000 } }, cur;
	long r;

	raw_sigaction(SIGUSR1, on_signal, SA_RESTART, 0);
	raw_sigaction(SIGALRM, on_signal, SA_RESTART, 0);
	raw_sigaction(SIGVTALRM, on_signal, 0, 0);
	lxt_say_text("pausing");
	r = SYS0(SYS_pause);
	sayf("pause=%r handled=%d sig=%d", r, (long)handled, (long)seen_sig);
	sayf("alarm=%r", SYS1(SYS_alarm, 5));
	sayf("alarm=%r", SYS1(SYS_alarm, 0));
	sayf("alarm=%r", SYS1(SYS_alarm, 1));
	r = SYS0(SYS_pause);
	sayf("pause=%r handled=%d sig=%d", r, (long)handled, (long)seen_sig);
	sayf("setitimer=%r", SYS3(SYS_setitimer, ITIMER_REAL, &it, NULL));
	memset(&cur, 0, sizeof(cur));
	sayf("getitimer=%r", SYS2(SYS_getitimer, ITIMER_REAL, &cur));
	sayf("armed=%d", (long)(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0 &&
				cur.it_value.tv_usec <= 100000));
	r = SYS0(SYS_pause);
	sayf("pause=%r handled=%d sig=%d", r, (long)handled, (long)seen_sig);
	SYS2(SYS_getitimer, ITIMER_REAL, &cur);
	sayf("armed=%d", (long)(cur.it_value.tv_sec || cur.it_value.tv_usec));
	it.it_value.tv_usec = 10000;
	sayf("virtual=%r", SYS3(SYS_setitimer, ITIMER_VIRTUAL, &it, NULL));
	while (seen_sig != SIGVTALRM)
		;
	sayf("handled=%d sig=%d", (long)handled, (long)seen_sig);
	sayf("setitimer-bad=%r", SYS3(SYS_setitimer, 99, &it, NULL));
	sayf("getitimer-bad=%r", SYS2(SYS_getitimer, 99, &cur));
	sayf("getitimer-efault=%r", SYS2(SYS_getitimer, ITIMER_REAL, 8));
}

TEST_F(sig, pause_alarm_and_itimers_deliver_their_signals)
{
	DIFF(.body = pause_alarm, .trigger = "pausing", .trigger_signal = SIGUSR1,
	     .expect_out = "pausing\npause=-EINTR handled=1 sig=10\nalarm=0\nalarm=5\nalarm=0\n"
			   "pause=-EINTR handled=2 sig=14\nsetitimer=0\ngetitimer=0\narmed=1\n"
			   "pause=-EINTR handled=3 sig=14\narmed=0\nvirtual=0\nhandled=4 sig=26\n"
			   "setitimer-bad=-EINVAL\ngetitimer-bad=-EINVAL\ngetitimer-efault=-EFAULT\n");
}

/* ---- kill, tkill, tgkill, rt_*sigqueueinfo: errors ---- */

static void kill_errors(void *arg)
{
	long self = raw_getpid(), gone = reaped_pid(), child;
	siginfo_t si;
	int p[2];

	sayf("kill-gone=%r", raw_kill(gone, 0));
	sayf("kill-gone-usr1=%r", raw_kill(gone, SIGUSR1));
	sayf("kill-gone-badsig=%r", raw_kill(gone, 999));
	sayf("kill-badsig=%r", raw_kill(self, 999));
	sayf("kill-negsig=%r", raw_kill(self, -1));
	sayf("kill-0=%r", raw_kill(self, 0));
	sayf("kill-intmin=%r", raw_kill(INT_MIN, 0));
	sayf("kill-gone-group=%r", raw_kill(-gone, 0));
	sayf("kill-own-group=%r", raw_kill(0, 0));
	sayf("tkill-0=%r", SYS2(SYS_tkill, 0, 0));
	sayf("tkill-neg=%r", SYS2(SYS_tkill, -5, 0));
	sayf("tkill-gone=%r", SYS2(SYS_tkill, gone, 0));
	sayf("tkill-badsig=%r", SYS2(SYS_tkill, self, 999));
	sayf("tkill-self=%r", SYS2(SYS_tkill, self, 0));
	sayf("tgkill-0=%r", SYS3(SYS_tgkill, 0, self, 0));
	sayf("tgkill-tid0=%r", SYS3(SYS_tgkill, self, 0, 0));
	sayf("tgkill-wrong-group=%r", SYS3(SYS_tgkill, gone, self, 0));
	sayf("tgkill-badsig=%r", SYS3(SYS_tgkill, self, self, 999));
	sayf("tgkill-self=%r", SYS3(SYS_tgkill, self, self, 0));

	child = blocked_child(p);
	sayf("kill-child=%r", raw_kill(child, 0));
	sayf("kill-minus1=%r", raw_kill(-1, 0));
	sayf("queue-forged=%r", queue_info(child, 0, 0, SI_USER, 0));
	sayf("queue-forged-self=%r", queue_info(self, 0, 0, SI_USER, 0));
	sayf("queue-gone=%r", queue_info(gone, 0, 0, SI_QUEUE, 0));
	sayf("queue-gone-forged=%r", queue_info(gone, 0, 0, SI_USER, 0));
	sayf("queue-child=%r", queue_info(child, 0, 0, SI_QUEUE, 0));
	sayf("queue-efault=%r", SYS3(SYS_rt_sigqueueinfo, child, 0, 8));
	sayf("tgqueue-0=%r", queue_info(0, self, 0, SI_QUEUE, 0));
	sayf("tgqueue-self=%r", queue_info(self, self, 0, SI_QUEUE, 0));
	sayf("tgqueue-tkill-self=%r", queue_info(self, self, 0, SI_TKILL, 0));
	sayf("tgqueue-tkill-child=%r", queue_info(child, child, 0, SI_TKILL, 0));
	sayf("tgqueue-wrong-group=%r", queue_info(self, child, 0, SI_QUEUE, 0));
	sayf("tgqueue-gone=%r", queue_info(gone, gone, 0, SI_QUEUE, 0));
	lxt_close(p[1]);
	sayf("wait=%x", raw_wait(child, 0));

	/* A zombie can still be signalled (to no effect) until it is reaped. */
	child = lxt_fork();
	if (child == 0)
		lxt_raw_exit(3);
	sayf("nowait=%r", raw_waitid(P_PID, child, &si, WEXITED | WNOWAIT));
	sayf("kill-zombie=%r", raw_kill(child, SIGUSR1));
	sayf("tkill-zombie=%r", SYS2(SYS_tkill, child, 0));
	sayf("getpgid-zombie=%d", (long)(SYS1(SYS_getpgid, child) == SYS0(SYS_getpgrp)));
	sayf("wait=%x", raw_wait(child, 0));
	sayf("kill-reaped=%r", raw_kill(child, 0));
}

TEST_F(sig, kill_tkill_tgkill_and_sigqueueinfo_fail_as_linux_does)
{
	DIFF(.body = kill_errors,
	     .expect_out = "kill-gone=-ESRCH\nkill-gone-usr1=-ESRCH\nkill-gone-badsig=-ESRCH\n"
			   "kill-badsig=-EINVAL\nkill-negsig=-EINVAL\nkill-0=0\n"
			   "kill-intmin=-ESRCH\nkill-gone-group=-ESRCH\nkill-own-group=0\n"
			   "tkill-0=-EINVAL\ntkill-neg=-EINVAL\ntkill-gone=-ESRCH\n"
			   "tkill-badsig=-EINVAL\ntkill-self=0\ntgkill-0=-EINVAL\n"
			   "tgkill-tid0=-EINVAL\ntgkill-wrong-group=-ESRCH\ntgkill-badsig=-EINVAL\n"
			   "tgkill-self=0\nkill-child=0\nkill-minus1=0\nqueue-forged=-EPERM\n"
			   "queue-forged-self=0\nqueue-gone=-ESRCH\nqueue-gone-forged=-EPERM\n"
			   "queue-child=0\nqueue-efault=-EFAULT\ntgqueue-0=-EINVAL\n"
			   "tgqueue-self=0\ntgqueue-tkill-self=0\ntgqueue-tkill-child=-EPERM\n"
			   "tgqueue-wrong-group=-ESRCH\ntgqueue-gone=-ESRCH\nwait=0x0\n"
			   "nowait=0\nkill-zombie=0\ntkill-zombie=0\ngetpgid-zombie=1\nwait=0x300\n"
			   "kill-reaped=-ESRCH\n");
}

/* ---- Groups: kill(0) and kill(-pgrp) ---- */

/* Waits for SIGUSR1 (blocked, inherited), exits 7 if its handler ran. */
static long usr1_child(void)
{
	unsigned long none = 0;
	long pid = lxt_fork();

	if (pid == 0) {
		SYS2(SYS_rt_sigsuspend, &none, 8);
		lxt_raw_exit(handled ? 7 : 1);
	}
	return pid;
}

static void group_kill(void *arg)
{
	long a, b;

	raw_sigaction(SIGUSR1, on_signal, 0, 0);
	raw_mask(SIG_BLOCK, BIT(SIGUSR1), NULL);
	a = usr1_child();
	sayf("kill0=%r", raw_kill(0, SIGUSR1));
	sayf("a=%x", raw_wait(a, 0));
	sayf("pending=%x", pending());
	raw_mask(SIG_UNBLOCK, BIT(SIGUSR1), NULL);
	sayf("handled=%d", (long)handled);
	raw_mask(SIG_BLOCK, BIT(SIGUSR1), NULL);

	b = usr1_child();
	sayf("setpgid=%r", SYS2(SYS_setpgid, b, b));
	sayf("own-group=%d", (long)(SYS1(SYS_getpgid, b) == b));
	sayf("kill-group=%r", raw_kill(-b, SIGUSR1));
	sayf("b=%x", raw_wait(b, 0));
	sayf("pending=%x", pending());
	sayf("kill-group-gone=%r", raw_kill(-b, SIGUSR1));
	sayf("kill-own-group=%r", raw_kill(-SYS0(SYS_getpgrp), 0));
}

TEST_F(sig, kill_of_a_group_reaches_its_members_and_only_them)
{
	DIFF(.body = group_kill,
	     .expect_out = "kill0=0\na=0x700\npending=0x200\nhandled=1\nsetpgid=0\nown-group=1\n"
			   "kill-group=0\nb=0x700\npending=0x0\nkill-group-gone=-ESRCH\n"
			   "kill-own-group=0\n");
}

/* ---- Process groups and sessions ---- */

static void groups_sessions(void *arg)
{
	long self = raw_getpid(), gone = reaped_pid(), c, d;
	int p[2];

	sayf("getpgrp-self=%d", (long)(SYS0(SYS_getpgrp) == self));
	sayf("getpgid0-self=%d", (long)(SYS1(SYS_getpgid, 0) == self));
	sayf("getpgid-self=%d", (long)(SYS1(SYS_getpgid, self) == self));
	sayf("getsid-same=%d", (long)(SYS1(SYS_getsid, 0) == SYS1(SYS_getsid, self)));
	sayf("session-leader=%d", (long)(SYS1(SYS_getsid, 0) == self));
	sayf("setsid=%r", SYS0(SYS_setsid));
	sayf("setpgid-negative=%r", SYS2(SYS_setpgid, 0, -1));
	sayf("setpgid-gone=%r", SYS2(SYS_setpgid, gone, 0));
	sayf("getpgid-gone=%r", SYS1(SYS_getpgid, gone));
	sayf("getpgid-negative=%r", SYS1(SYS_getpgid, -1));
	sayf("getsid-gone=%r", SYS1(SYS_getsid, gone));
	sayf("setpgid-self=%r", SYS2(SYS_setpgid, 0, 0));

	c = blocked_child(p);
	sayf("child-in-my-group=%d", (long)(SYS1(SYS_getpgid, c) == self));
	sayf("child-same-session=%d", (long)(SYS1(SYS_getsid, c) == SYS1(SYS_getsid, 0)));
	sayf("setpgid-child-own=%r", SYS2(SYS_setpgid, c, 0));
	sayf("child-own-group=%d", (long)(SYS1(SYS_getpgid, c) == c));
	sayf("setpgid-child-back=%r", SYS2(SYS_setpgid, c, self));
	sayf("child-in-my-group=%d", (long)(SYS1(SYS_getpgid, c) == self));
	sayf("setpgid-child-nogroup=%r", SYS2(SYS_setpgid, c, gone));
	sayf("setpgid-self-into-child=%r", SYS2(SYS_setpgid, 0, c));
	lxt_close(p[1]);
	sayf("wait=%x", raw_wait(c, 0));

	d = lxt_fork();
	if (d == 0) {
		long me = raw_getpid();

		sayf("d-setsid=%d", (long)(SYS0(SYS_setsid) == me));
		sayf("d-session-leader=%d", (long)(SYS1(SYS_getsid, 0) == me));
		sayf("d-group-leader=%d", (long)(SYS0(SYS_getpgrp) == me));
		sayf("d-setsid-again=%r", SYS0(SYS_setsid));
		sayf("d-join-other-session=%r", SYS2(SYS_setpgid, 0, SYS0(SYS_getppid)));
		sayf("d-setpgid-self=%r", SYS2(SYS_setpgid, 0, 0));
		lxt_raw_exit(0);
	}
	sayf("wait=%x", raw_wait(d, 0));
}

TEST_F(sig, setpgid_getpgid_setsid_and_getsid_follow_linux)
{
	DIFF(.body = groups_sessions,
	     .expect_out = "getpgrp-self=1\ngetpgid0-self=1\ngetpgid-self=1\ngetsid-same=1\n"
			   "session-leader=0\nsetsid=-EPERM\nsetpgid-negative=-EINVAL\n"
			   "setpgid-gone=-ESRCH\ngetpgid-gone=-ESRCH\ngetpgid-negative=-ESRCH\n"
			   "getsid-gone=-ESRCH\nsetpgid-self=0\nchild-in-my-group=1\n"
			   "child-same-session=1\nsetpgid-child-own=0\nchild-own-group=1\n"
			   "setpgid-child-back=0\nchild-in-my-group=1\nsetpgid-child-nogroup=-EPERM\n"
			   "setpgid-self-into-child=-EPERM\nwait=0x0\n"
			   "d-setsid=1\nd-session-leader=1\nd-group-leader=1\nd-setsid-again=-EPERM\n"
			   "d-join-other-session=-EPERM\nd-setpgid-self=-EPERM\nwait=0x0\n");
}

/* ---- wait4 and waitid ---- */

static void waits(void *arg)
{
	long self = raw_getpid(), gone = reaped_pid(), a, b, c, r;
	siginfo_t si;
	int p[2];

	sayf("wait4-none=%r", raw_wait(-1, WNOHANG));
	sayf("waitid-none=%r", raw_waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
	sayf("wait4-self=%r", raw_wait(self, 0));
	sayf("wait4-gone=%r", raw_wait(gone, 0));
	sayf("wait4-badopt=%r", raw_wait(-1, 0x00800000));
	sayf("wait4-gone-badopt=%r", raw_wait(gone, 0x00800000));
	sayf("wait4-intmin=%r", raw_wait(INT_MIN, 0));
	sayf("waitid-noevent=%r", raw_waitid(P_ALL, 0, &si, WNOHANG));
	sayf("waitid-pid0=%r", raw_waitid(P_PID, 0, &si, WEXITED));
	sayf("waitid-badwhich=%r", raw_waitid(99, 0, &si, WEXITED));
	sayf("waitid-pgid-neg=%r", raw_waitid(P_PGID, -1, &si, WEXITED));
	sayf("waitid-pidfd=%r", raw_waitid(P_PIDFD, 1000, &si, WEXITED));
	sayf("waitid-pidfd-neg=%r", raw_waitid(P_PIDFD, -1, &si, WEXITED));
	sayf("waitid-gone=%r", raw_waitid(P_PID, gone, &si, WEXITED));

	a = blocked_child(p);
	sayf("wait4-running=%r", raw_wait(-1, WNOHANG));
	r = raw_waitid(P_PID, a, &si, WEXITED | WNOHANG);
	sayf("waitid-running=%r pid=%d signo=%d", r, (long)si.si_pid, (long)si.si_signo);
	lxt_close(p[1]);
	r = raw_waitid(P_PID, a, &si, WEXITED | WNOWAIT);
	sayf("waitid-nowait=%r code=%d status=%d pid=%d", r, (long)si.si_code,
	     (long)si.si_status, (long)(si.si_pid == a));
	r = raw_waitid(P_ALL, 0, &si, WEXITED | WNOWAIT);
	sayf("waitid-all-nowait=%r code=%d pid=%d", r, (long)si.si_code, (long)(si.si_pid == a));
	sayf("wait4-efault=%r", SYS4(SYS_wait4, a, 8, 0, 0));
	sayf("wait4-any=%r", raw_wait(-1, WNOHANG));

	b = lxt_fork();
	if (b == 0) {
		raw_kill(raw_getpid(), SIGKILL);
		lxt_raw_exit(0);
	}
	r = raw_waitid(P_PGID, 0, &si, WEXITED);
	sayf("waitid-pgid0=%r code=%d status=%d pid=%d", r, (long)si.si_code,
	     (long)si.si_status, (long)(si.si_pid == b));

	c = lxt_fork();
	if (c == 0)
		lxt_raw_exit(5);
	sayf("wait4-group=%d", (long)(SYS4(SYS_wait4, -SYS0(SYS_getpgrp), NULL, 0, 0) == c));
	c = lxt_fork();
	if (c == 0)
		lxt_raw_exit(6);
	sayf("wait4-own-group=%x", raw_wait(0, 0));
	c = lxt_fork();
	if (c == 0)
		lxt_raw_exit(0);
	sayf("wait4-wall=%x", raw_wait(c, __WALL));
	c = lxt_fork();
	if (c == 0)
		lxt_raw_exit(0);
	r = raw_waitid(P_PGID, SYS0(SYS_getpgrp), &si, WEXITED);
	sayf("waitid-pgid=%r pid=%d", r, (long)(si.si_pid == c));
	sayf("wait4-none=%r", raw_wait(-1, 0));
}

TEST_F(sig, wait4_and_waitid_check_options_and_pids_as_linux_does)
{
	DIFF(.body = waits,
	     .expect_out = "wait4-none=-ECHILD\nwaitid-none=-ECHILD\nwait4-self=-ECHILD\n"
			   "wait4-gone=-ECHILD\nwait4-badopt=-EINVAL\nwait4-gone-badopt=-EINVAL\n"
			   "wait4-intmin=-ESRCH\nwaitid-noevent=-EINVAL\nwaitid-pid0=-EINVAL\n"
			   "waitid-badwhich=-EINVAL\nwaitid-pgid-neg=-EINVAL\n"
			   "waitid-pidfd=-EBADF\nwaitid-pidfd-neg=-EINVAL\nwaitid-gone=-ECHILD\n"
			   "wait4-running=0\nwaitid-running=0 pid=0 signo=0\n"
			   "waitid-nowait=0 code=1 status=0 pid=1\n"
			   "waitid-all-nowait=0 code=1 pid=1\nwait4-efault=-EFAULT\n"
			   "wait4-any=-ECHILD\n"
			   "waitid-pgid0=0 code=2 status=9 pid=1\nwait4-group=1\n"
			   "wait4-own-group=0x600\nwait4-wall=0x0\nwaitid-pgid=0 pid=1\n"
			   "wait4-none=-ECHILD\n");
}

/* ---- getppid, gettid ---- */

static struct lxt_thread thread;
static volatile long thread_tid, thread_pid;

static void thread_ids(void *arg)
{
	thread_tid = raw_gettid();
	thread_pid = raw_getpid();
}

static void ids(void *arg)
{
	long self = raw_getpid(), pid, tid;

	sayf("tid-is-pid=%d", (long)(raw_gettid() == self));
	pid = lxt_fork();
	if (pid == 0)
		lxt_raw_exit(SYS0(SYS_getppid) == self ? 0 : 1);
	sayf("child-getppid=%x", raw_wait(pid, 0));
	tid = lxt_thread_start(&thread, thread_ids, NULL);
	lxt_thread_join(&thread);
	sayf("thread-tid=%d thread-pid=%d", (long)(thread_tid == tid && tid != self),
	     (long)(thread_pid == self));
}

TEST_F(sig, getppid_names_the_parent_and_gettid_the_thread)
{
	DIFF(.body = ids,
	     .expect_out = "tid-is-pid=1\nchild-getppid=0x0\nthread-tid=1 thread-pid=1\n");
}

/* ---- Isolation (pico only) ---- */

static volatile sig_atomic_t urgs;
static pid_t host_parent, host_group, witness;

static void count_urg(int sig)
{
	urgs++;
}

/*
 * Before entering: the host parent's pid and group, and a host witness in
 * the same process group that counts SIGURG and SIGUSR2 and says so when
 * poked. The witness is forked by a short-lived middle process, so it is
 * not a child of the pico process to be (ENTER refuses a caller with
 * children).
 */
static void with_witness(void *arg)
{
	struct sigaction sa;
	int wp[2];
	pid_t mid;
	char b;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_urg;
	sigaction(SIGURG, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	host_parent = getppid();
	host_group = getpgid(host_parent);
	if (pipe(wp))
		_exit(124);
	mid = fork();
	if (mid < 0)
		_exit(124);
	if (mid == 0) {
		witness = fork();
		if (witness == 0) {
			/* Only the runner may hold the write end of fd 0: poke or EOF. */
			close_range(3, ~0U, 0);
			while (read(0, &b, 1) < 0 && errno == EINTR)
				;
			dprintf(1, "witness=%d\n", (int)urgs);
			_exit(0);
		}
		_exit(write(wp[1], &witness, sizeof(witness)) == sizeof(witness) ? 0 : 1);
	}
	if (read(wp[0], &witness, sizeof(witness)) != sizeof(witness) || witness <= 0)
		_exit(124);
	waitpid(mid, NULL, 0);
	close(wp[0]);
	close(wp[1]);
}

static void isolation(void *arg)
{
	long w = witness, h = host_parent, self = raw_getpid(), group = SYS0(SYS_getpgrp), k, m, r;
	int p[2];
	siginfo_t si;

	sayf("getppid=%d", SYS0(SYS_getppid));
	sayf("kill-host-parent=%r", raw_kill(h, 0));
	sayf("kill-host-parent-urg=%r", raw_kill(h, SIGURG));
	sayf("kill-witness=%r", raw_kill(w, SIGURG));
	sayf("tkill-witness=%r", SYS2(SYS_tkill, w, SIGURG));
	sayf("tgkill-witness=%r", SYS3(SYS_tgkill, w, w, SIGURG));
	sayf("queue-witness=%r", queue_info(w, 0, SIGURG, SI_QUEUE, 0));
	sayf("tgqueue-witness=%r", queue_info(w, w, SIGURG, SI_QUEUE, 0));
	r = raw_kill(0, SIGURG);
	sayf("kill0=%r urgs=%d", r, (long)urgs);
	r = raw_kill(-SYS0(SYS_getpgrp), SIGUSR2);
	sayf("kill-own-group=%r urgs=%d", r, (long)urgs);
	sayf("kill-host-group=%r", raw_kill(-host_group, SIGURG));
	sayf("kill-1-alone=%r", raw_kill(-1, SIGURG));
	k = blocked_child(p);
	sayf("kill-1=%r", raw_kill(-1, SIGURG));
	sayf("kill-1-usr2=%r", raw_kill(-1, SIGUSR2));
	lxt_close(p[1]);
	sayf("wait=%x", raw_wait(k, 0));
	sayf("wait4-witness=%r", raw_wait(w, WNOHANG));
	sayf("waitid-witness=%r", raw_waitid(P_PID, w, &si, WEXITED | WNOHANG));
	sayf("wait4-host-parent=%r", raw_wait(h, WNOHANG));
	sayf("getpgid-host-parent=%r", SYS1(SYS_getpgid, h));
	sayf("getsid-host-parent=%r", SYS1(SYS_getsid, h));
	sayf("getpgid-witness=%r", SYS1(SYS_getpgid, w));
	sayf("setpgid-witness=%r", SYS2(SYS_setpgid, w, 0));
	m = lxt_fork();
	if (m == 0) {
		sayf("m-getppid-is-parent=%d", (long)(SYS0(SYS_getppid) == self));
		sayf("m-setpgid-own=%r", SYS2(SYS_setpgid, 0, 0));
		/* Its parent's group holds the host witness: not an instance group. */
		sayf("m-setpgid-mixed-group=%r", SYS2(SYS_setpgid, 0, group));
		sayf("m-setpgid-host-group=%r", SYS2(SYS_setpgid, 0, host_group));
		lxt_raw_exit(0);
	}
	sayf("wait=%x", raw_wait(m, 0));
	lxt_say_text("signalled");
}

TEST_F(sig, a_pico_process_cannot_signal_wait_for_or_join_host_processes)
{
	PICO(.setup = with_witness, .body = isolation, .trigger = "signalled",
	     .trigger_poke = 1, .trigger_delay_ms = 100,
	     .expect_out = "getppid=0\nkill-host-parent=-ESRCH\nkill-host-parent-urg=-ESRCH\n"
			   "kill-witness=-ESRCH\ntkill-witness=-ESRCH\ntgkill-witness=-ESRCH\n"
			   "queue-witness=-ESRCH\ntgqueue-witness=-ESRCH\nkill0=0 urgs=1\n"
			   "kill-own-group=0 urgs=2\nkill-host-group=-ESRCH\nkill-1-alone=-ESRCH\n"
			   "kill-1=0\nkill-1-usr2=0\nwait=0x0\nwait4-witness=-ECHILD\n"
			   "waitid-witness=-ECHILD\nwait4-host-parent=-ECHILD\n"
			   "getpgid-host-parent=-ESRCH\ngetsid-host-parent=-ESRCH\n"
			   "getpgid-witness=-ESRCH\nsetpgid-witness=-ESRCH\n"
			   "m-getppid-is-parent=1\nm-setpgid-own=0\nm-setpgid-mixed-group=-EPERM\n"
			   "m-setpgid-host-group=-EPERM\nwait=0x0\nsignalled\nwitness=0\n");
}

/* ---- Which rows lxcore answers ---- */

TEST_F(sig, kill_gettid_and_getppid_are_lxcore_handlers_and_pid_calls_are_checked)
{
	static const struct { long nr; unsigned int flags; } rows[] = {
		{ SYS_kill, LXSS_SYSCALL_IMPLEMENTED },
		{ SYS_gettid, LXSS_SYSCALL_IMPLEMENTED },
		{ SYS_getppid, LXSS_SYSCALL_IMPLEMENTED },
		{ SYS_tkill, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_tgkill, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_rt_sigqueueinfo, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_rt_tgsigqueueinfo, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_wait4, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_waitid, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_setpgid, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_getpgid, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
		{ SYS_getsid, LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE },
	};
	unsigned int i;

	if (lxt_native_only())
		SKIP(return, "LXT_NATIVE_ONLY: no module");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct lxss_syscall_info info = { .size = sizeof(info), .nr = rows[i].nr };

		ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
		EXPECT_EQ(rows[i].flags,
			  info.flags & (LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE))
			TH_LOG("nr %ld (%s): flags %#x", rows[i].nr, info.name, info.flags);
	}
}

TEST_HARNESS_MAIN
