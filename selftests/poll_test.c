// SPDX-License-Identifier: GPL-2.0
/*
 * poll_test: waiting on many handles and event objects as fds. Every test
 * is differential (lxt_diff: the same body natively and as a pico process,
 * the Linux output written here required from both): poll, ppoll, select,
 * pselect6 and the epoll calls with their error cases, timeouts of 0,
 * infinite waits ended by a signal (EINTR), temporary signal masks, pipe
 * readiness transitions, host-file readiness (fd 0 is a host pipe in the
 * pico run), eventfd counter semantics, timerfd expirations, signalfd reads
 * of the task's own pending signals, epoll level
 * and edge triggering, EPOLLONESHOT, an epoll in an epoll, closing a file
 * in an epoll set, and an epoll echo over 100 pipe pairs.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include "lxtest.h"

#ifndef TFD_IOC_SET_TICKS
#define TFD_IOC_SET_TICKS _IOW('T', 0, uint64_t)	/* linux/timerfd.h */
#endif
#include "kselftest_harness.h"

FIXTURE(poll) {
	int dev;
	int inst;
};

FIXTURE_SETUP(poll)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	self->inst = lxt_create(self->dev, "poll");
	ASSERT_LE(0, self->inst) TH_LOG("create: %s", strerror(errno));
}

FIXTURE_TEARDOWN(poll)
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

#define SYS1(nr, a) lxt_syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define SYS2(nr, a, b) lxt_syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define SYS3(nr, a, b, c) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYS4(nr, a, b, c, d) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SYS5(nr, a, b, c, d, e) \
	lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define SYS6(nr, a, b, c, d, e, f) \
	lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* ---- What the bodies share ---- */

static long poll1(int fd, short events, int ms, short *revents)
{
	struct pollfd p = { .fd = fd, .events = events };
	long r = SYS3(SYS_poll, &p, 1, ms);

	*revents = p.revents;
	return r;
}

/* "tag=1 0x41": poll of one fd with timeout 0, its result and revents. */
static void say_poll(const char *tag, int fd, short events)
{
	struct lxt_line l = { .n = 0 };
	short rev = 0;
	long r = poll1(fd, events, 0, &rev);

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, r);
	lxt_put_str(&l, " 0x");
	lxt_put_ulong(&l, (unsigned short)rev, 16);
	lxt_put_end(&l);
}

/* "tag=1 0x1 7": epoll_wait for one event, its result, events and data. */
static void say_wait(const char *tag, int ep, int ms)
{
	struct epoll_event ev = { 0 };
	struct lxt_line l = { .n = 0 };
	long r = SYS4(SYS_epoll_wait, ep, &ev, 1, ms);

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, r);
	if (r > 0) {
		lxt_put_str(&l, " 0x");
		lxt_put_ulong(&l, ev.events, 16);
		lxt_put_str(&l, " ");
		lxt_put_ulong(&l, ev.data.u64, 10);
	}
	lxt_put_end(&l);
}

static long ep_ctl(int ep, int op, int fd, unsigned int events, unsigned long data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return SYS4(SYS_epoll_ctl, ep, op, fd, &ev);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	SYS2(SYS_nanosleep, &ts, NULL);
}

#define USR1_BIT	(1UL << (SIGUSR1 - 1))
#define USR2_BIT	(1UL << (SIGUSR2 - 1))

static volatile int caught;

static void on_usr1(int sig)
{
	caught++;
}

/* SIGUSR1 caught (arg: its sa_flags, 0 or SA_RESTART). */
static void setup_usr1(void *arg)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = (int)(long)arg;
	sigaction(SIGUSR1, &sa, NULL);
}

static void limit_64(void *arg)
{
	struct rlimit rl = { 64, 64 };

	setrlimit(RLIMIT_NOFILE, &rl);
}

/* ---- poll ---- */

static void poll_errors(void *arg)
{
	struct pollfd p[3] = { { .fd = -1, .events = POLLIN }, { .fd = 40, .events = POLLIN },
			       { .fd = 1, .events = 0 } };
	int fds[2];

	lxt_say("null-0", SYS3(SYS_poll, NULL, 0, 0));
	lxt_say("null-1", SYS3(SYS_poll, NULL, 1, 0));
	lxt_say("over-limit", SYS3(SYS_poll, p, 65, 0));
	lxt_say("mixed", SYS3(SYS_poll, p, 3, 0));
	lxt_sayx("rev-1", p[0].revents);
	lxt_sayx("rev40", p[1].revents);
	lxt_sayx("rev1", p[2].revents);
	lxt_say("pipe", lxt_pipe(fds));
	p[0].fd = fds[0];
	lxt_say("empty-timeout0", SYS3(SYS_poll, p, 1, 0));
	lxt_say("empty-timeout20", SYS3(SYS_poll, p, 1, 20));
}

TEST_F(poll, poll_errors_nval_and_timeouts)
{
	DIFF(.setup = limit_64, .body = poll_errors,
	     .expect_out = "null-0=0\nnull-1=-EFAULT\nover-limit=-EINVAL\nmixed=1\n"
			   "rev-1=0x0\nrev40=0x20\nrev1=0x0\npipe=0\n"
			   "empty-timeout0=0\nempty-timeout20=0\n");
}

static void pipe_transitions(void *arg)
{
	static char page[4096];
	int fds[2], n = 0;
	char c;

	lxt_pipe2(fds, O_NONBLOCK);
	say_poll("empty-r", fds[0], POLLIN | POLLOUT);
	say_poll("empty-w", fds[1], POLLIN | POLLOUT);
	lxt_write(fds[1], "x", 1);
	say_poll("data-r", fds[0], POLLIN | POLLRDNORM);
	while (lxt_write(fds[1], page, sizeof(page)) > 0)
		n++;
	lxt_say("page-writes", n);
	say_poll("full-w", fds[1], POLLOUT);
	lxt_read(fds[0], &c, 1);
	say_poll("one-byte-read-w", fds[1], POLLOUT);
	lxt_read(fds[0], page, sizeof(page));
	say_poll("page-read-w", fds[1], POLLOUT | POLLWRNORM);
	lxt_close(fds[1]);
	say_poll("no-writer-r", fds[0], POLLIN);
	while (lxt_read(fds[0], page, sizeof(page)) > 0)
		;
	say_poll("drained-r", fds[0], POLLIN);
	say_poll("drained-r-nothing-asked", fds[0], 0);
	lxt_pipe(fds);
	lxt_close(fds[0]);
	say_poll("no-reader-w", fds[1], POLLOUT);
}

TEST_F(poll, pipe_readiness_follows_linux_rules)
{
	DIFF(.body = pipe_transitions,
	     .expect_out = "empty-r=0 0x0\nempty-w=1 0x4\ndata-r=1 0x41\npage-writes=15\n"
			   "full-w=0 0x0\none-byte-read-w=1 0x4\npage-read-w=1 0x104\n"
			   "no-writer-r=1 0x11\ndrained-r=1 0x10\ndrained-r-nothing-asked=1 0x10\n"
			   "no-reader-w=1 0xc\n");
}

/* A child writes after a while; the parent's infinite poll wakes. */
static void poll_wakes(void *arg)
{
	int fds[2];
	short rev = 0;
	long pid, r;

	lxt_pipe(fds);
	pid = lxt_fork();
	if (pid == 0) {
		sleep_ms(100);
		lxt_write(fds[1], "w", 1);
		lxt_raw_exit(0);
	}
	if ((long)arg == 0) {
		r = poll1(fds[0], POLLIN, -1, &rev);
		lxt_say("poll", r);
		lxt_sayx("revents", rev);
	} else {
		fd_set rd;

		FD_ZERO(&rd);
		FD_SET(fds[0], &rd);
		r = SYS5(SYS_select, fds[0] + 1, &rd, NULL, NULL, NULL);
		lxt_say("select", r);
		lxt_say("isset", FD_ISSET(fds[0], &rd));
	}
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(poll, an_infinite_poll_wakes_when_a_child_writes)
{
	DIFF(.body = poll_wakes, .arg = (void *)0L,
	     .expect_out = "poll=1\nrevents=0x1\nwait=0\n");
}

TEST_F(poll, an_infinite_select_wakes_when_a_child_writes)
{
	DIFF(.body = poll_wakes, .arg = (void *)1L,
	     .expect_out = "select=1\nisset=1\nwait=0\n");
}

/* fd 0 is the parent's pipe: a host file in the pico run. */
static void host_fd_wakes(void *arg)
{
	short rev = 0;
	char c;
	int ep;

	say_poll("before", 0, POLLIN);
	ep = SYS1(SYS_epoll_create1, 0);
	lxt_say("add", ep_ctl(ep, EPOLL_CTL_ADD, 0, EPOLLIN, 5));
	say_wait("wait0", ep, 0);
	lxt_say_text("waiting");
	lxt_say("poll", poll1(0, POLLIN, -1, &rev));
	lxt_sayx("in", rev & POLLIN);
	{
		struct epoll_event ev = { 0 };

		lxt_say("epoll", SYS4(SYS_epoll_wait, ep, &ev, 1, -1));
		lxt_sayx("epoll-in", ev.events & EPOLLIN);
		lxt_say("data", ev.data.u64);
	}
	lxt_say("read", lxt_read(0, &c, 1));
}

TEST_F(poll, host_files_wake_poll_and_epoll)
{
	DIFF(.body = host_fd_wakes, .trigger = "waiting", .trigger_poke = 1,
	     .expect_out = "before=0 0x0\nadd=0\nwait0=0\nwaiting\npoll=1\nin=0x1\n"
			   "epoll=1\nepoll-in=0x1\ndata=5\nread=1\n");
}

/*
 * An infinite wait that a caught signal ends: EINTR, even with SA_RESTART
 * (arg: which call, | 0x100 for SA_RESTART).
 */
static void setup_intr(void *arg)
{
	setup_usr1((void *)(long)((long)arg & 0x100 ? SA_RESTART : 0));
}

static void interrupted(void *arg)
{
	long which = (long)arg & 0xff, r = 0;
	struct epoll_event ev;
	struct pollfd p;
	int fds[2], ep;
	fd_set rd;

	lxt_pipe(fds);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	ep = SYS1(SYS_epoll_create1, 0);
	ep_ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 0);
	p.fd = fds[0];
	p.events = POLLIN;
	lxt_say_text("blocking");
	switch (which) {
	case 0:
		r = SYS3(SYS_poll, &p, 1, -1);
		break;
	case 1:
		r = SYS5(SYS_ppoll, &p, 1, NULL, NULL, 8);
		break;
	case 2:
		r = SYS5(SYS_select, fds[0] + 1, &rd, NULL, NULL, NULL);
		break;
	case 3:
		r = SYS4(SYS_epoll_wait, ep, &ev, 1, -1);
		break;
	}
	lxt_say("ret", r);
	lxt_say("caught", caught);
}

#define INTR_TEST(name, which)						\
TEST_F(poll, name##_ended_by_a_signal_is_eintr)				\
{									\
	DIFF(.setup = setup_intr, .body = interrupted,			\
	     .arg = (void *)(long)(which), .trigger = "blocking",	\
	     .trigger_signal = SIGUSR1,					\
	     .expect_out = "blocking\nret=-EINTR\ncaught=1\n");		\
}									\
TEST_F(poll, name##_ended_by_an_sa_restart_signal_is_eintr)		\
{									\
	DIFF(.setup = setup_intr, .body = interrupted,			\
	     .arg = (void *)(long)((which) | 0x100), .trigger = "blocking", \
	     .trigger_signal = SIGUSR1,					\
	     .expect_out = "blocking\nret=-EINTR\ncaught=1\n");		\
}

INTR_TEST(poll, 0)
INTR_TEST(ppoll, 1)
INTR_TEST(select, 2)
INTR_TEST(epoll_wait, 3)

/* ---- ppoll and pselect6: timeouts and temporary masks ---- */

static long blocked_usr1(void)
{
	unsigned long old = 0;

	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &old, 8);
	return !!(old & (1UL << (SIGUSR1 - 1)));
}

static void ppoll_masks(void *arg)
{
	unsigned long block = 1UL << (SIGUSR1 - 1), none = 0;
	struct timespec ts = { 0, 0 }, bad = { 0, 1000000000 }, neg = { -1, 0 };
	struct pollfd p;
	int fds[2];

	lxt_pipe(fds);
	p = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	lxt_say("sigsetsize4", SYS5(SYS_ppoll, &p, 1, &ts, &none, 4));
	lxt_say("bad-nsec", SYS5(SYS_ppoll, &p, 1, &bad, NULL, 8));
	lxt_say("neg-sec", SYS5(SYS_ppoll, &p, 1, &neg, NULL, 8));
	lxt_say("bad-ts-ptr", SYS5(SYS_ppoll, &p, 1, (void *)8, NULL, 8));
	lxt_say("bad-mask-ptr", SYS5(SYS_ppoll, &p, 1, &ts, (void *)8, 8));
	lxt_say("zero", SYS5(SYS_ppoll, &p, 1, &ts, NULL, 8));
	lxt_say("zero-left", ts.tv_sec * 1000000000L + ts.tv_nsec);
	ts.tv_nsec = 20000000;
	lxt_say("20ms", SYS5(SYS_ppoll, &p, 1, &ts, NULL, 8));
	lxt_say("20ms-left", ts.tv_sec * 1000000000L + ts.tv_nsec);
	/* A pending blocked signal the temporary mask lets in: EINTR. */
	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 8);
	SYS2(SYS_kill, SYS1(SYS_getpid, 0), SIGUSR1);
	lxt_say("caught-before", caught);
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	lxt_say("unmasked", SYS5(SYS_ppoll, &p, 1, &ts, &none, 8));
	lxt_say("caught", caught);
	lxt_say("blocked-after", blocked_usr1());
	/* A ready fd, the same signal pending: no EINTR, the mask is back. */
	SYS2(SYS_kill, SYS1(SYS_getpid, 0), SIGUSR1);
	lxt_write(fds[1], "x", 1);
	ts.tv_sec = 0;
	lxt_say("ready", SYS5(SYS_ppoll, &p, 1, &ts, &none, 8));
	lxt_say("caught-ready", caught);
	lxt_say("blocked-ready", blocked_usr1());
}

TEST_F(poll, ppoll_checks_its_arguments_and_sets_the_mask_for_the_call)
{
	DIFF(.setup = setup_usr1, .body = ppoll_masks,
	     .expect_out = "sigsetsize4=-EINVAL\nbad-nsec=-EINVAL\nneg-sec=-EINVAL\n"
			   "bad-ts-ptr=-EFAULT\nbad-mask-ptr=-EFAULT\nzero=0\nzero-left=0\n"
			   "20ms=0\n20ms-left=0\ncaught-before=0\nunmasked=-EINTR\ncaught=1\n"
			   "blocked-after=1\nready=1\ncaught-ready=1\nblocked-ready=1\n");
}

/* epoll_pwait and pselect6 set their masks for the call as ppoll does. */
static void pwait_masks(void *arg)
{
	unsigned long block = USR1_BIT, none = 0;
	struct timespec ts = { 5, 0 };
	struct epoll_event ev;
	int fds[2], ep;
	struct {
		void *p;
		size_t size;
	} pack = { &none, 8 };
	fd_set rd;

	lxt_pipe(fds);
	ep = SYS1(SYS_epoll_create1, 0);
	ep_ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 1);
	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 8);
	SYS2(SYS_kill, SYS1(SYS_getpid, 0), SIGUSR1);
	lxt_say("epoll_pwait", SYS6(SYS_epoll_pwait, ep, &ev, 1, 5000, &none, 8));
	lxt_say("caught", caught);
	lxt_say("blocked", blocked_usr1());
	SYS2(SYS_kill, SYS1(SYS_getpid, 0), SIGUSR1);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	lxt_say("pselect6", SYS6(SYS_pselect6, fds[0] + 1, &rd, NULL, NULL, &ts, &pack));
	lxt_say("caught", caught);
	lxt_say("blocked", blocked_usr1());
	lxt_say("left<5s", ts.tv_sec < 5 || (ts.tv_sec == 5 && ts.tv_nsec == 0));
	SYS2(SYS_kill, SYS1(SYS_getpid, 0), SIGUSR1);
	lxt_write(fds[1], "x", 1);
	lxt_say("ready", SYS6(SYS_epoll_pwait2, ep, &ev, 1, NULL, &none, 8));
	lxt_say("caught", caught);
	lxt_say("blocked", blocked_usr1());
}

TEST_F(poll, epoll_pwait_and_pselect6_set_the_mask_for_the_call)
{
	DIFF(.setup = setup_usr1, .body = pwait_masks,
	     .expect_out = "epoll_pwait=-EINTR\ncaught=1\nblocked=1\npselect6=-EINTR\ncaught=2\n"
			   "blocked=1\nleft<5s=1\nready=1\ncaught=2\nblocked=1\n");
}

static void select_calls(void *arg)
{
	struct timeval tv = { 0, 0 }, negus = { 0, -1 }, neg = { -1, 0 };
	struct timespec ts = { 0, 0 };
	fd_set rd, wr, ex;
	int fds[2];
	struct {
		void *p;
		size_t size;
	} mask = { NULL, 8 };

	lxt_pipe(fds);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	lxt_say("n-1", SYS5(SYS_select, -1, &rd, NULL, NULL, &tv));
	lxt_say("neg-usec", SYS5(SYS_select, 1, &rd, NULL, NULL, &negus));
	lxt_say("neg-sec", SYS5(SYS_select, 1, &rd, NULL, NULL, &neg));
	lxt_say("bad-tv", SYS5(SYS_select, 1, &rd, NULL, NULL, (void *)8));
	lxt_say("bad-set", SYS5(SYS_select, 8, (void *)8, NULL, NULL, &tv));
	FD_SET(9, &rd);
	lxt_say("closed-fd", SYS5(SYS_select, 10, &rd, NULL, NULL, &tv));
	lxt_say("closed-fd-past-n", SYS5(SYS_select, 9, &rd, NULL, NULL, &tv));
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	FD_SET(fds[1], &wr);
	FD_SET(fds[0], &ex);
	FD_SET(fds[1], &ex);
	lxt_say("w-only", SYS5(SYS_select, fds[1] + 1, &rd, &wr, &ex, &tv));
	lxt_say("rd0", FD_ISSET(fds[0], &rd));
	lxt_say("wr1", FD_ISSET(fds[1], &wr));
	lxt_say("ex", FD_ISSET(fds[0], &ex) + FD_ISSET(fds[1], &ex));
	lxt_say("tv-left", tv.tv_sec * 1000000L + tv.tv_usec);
	lxt_write(fds[1], "x", 1);
	FD_SET(fds[0], &rd);
	FD_SET(fds[1], &wr);
	lxt_say("both", SYS5(SYS_select, fds[1] + 1, &rd, &wr, NULL, &tv));
	lxt_say("rd0", FD_ISSET(fds[0], &rd));
	lxt_say("wr1", FD_ISSET(fds[1], &wr));
	/* The same fd in two sets counts twice. */
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fds[1], &rd);
	FD_SET(fds[1], &wr);
	lxt_write(fds[1], "x", 1);
	lxt_close(fds[0]);
	lxt_say("no-reader", SYS5(SYS_select, fds[1] + 1, &rd, &wr, NULL, &tv));
	lxt_say("rd1", FD_ISSET(fds[1], &rd));
	lxt_say("wr1", FD_ISSET(fds[1], &wr));
	FD_ZERO(&wr);
	FD_SET(fds[1], &wr);
	lxt_say("pselect-bad-pack", SYS6(SYS_pselect6, fds[1] + 1, NULL, &wr, NULL, &ts,
					 (void *)8));
	lxt_say("pselect-null-mask", SYS6(SYS_pselect6, fds[1] + 1, NULL, &wr, NULL, &ts,
					  &mask));
	mask.p = &mask;
	mask.size = 4;
	lxt_say("pselect-size4", SYS6(SYS_pselect6, fds[1] + 1, NULL, &wr, NULL, &ts, &mask));
	ts.tv_nsec = 20000000;
	FD_ZERO(&rd);
	lxt_pipe(fds);
	FD_SET(fds[0], &rd);
	lxt_say("pselect-20ms", SYS6(SYS_pselect6, fds[0] + 1, &rd, NULL, NULL, &ts, NULL));
	lxt_say("pselect-left", ts.tv_sec * 1000000000L + ts.tv_nsec);
	lxt_say("rd-cleared", FD_ISSET(fds[0], &rd));
}

TEST_F(poll, select_and_pselect6_check_sets_and_count_bits)
{
	DIFF(.body = select_calls,
	     .expect_out = "n-1=-EINVAL\nneg-usec=-EINVAL\nneg-sec=-EINVAL\nbad-tv=-EFAULT\n"
			   "bad-set=-EFAULT\nclosed-fd=-EBADF\nclosed-fd-past-n=0\n"
			   "w-only=1\nrd0=0\nwr1=1\nex=0\ntv-left=0\n"
			   "both=2\nrd0=1\nwr1=1\nno-reader=2\nrd1=1\nwr1=1\n"
			   "pselect-bad-pack=-EFAULT\npselect-null-mask=1\npselect-size4=-EINVAL\n"
			   "pselect-20ms=0\npselect-left=0\nrd-cleared=0\n");
}

/* ---- eventfd ---- */

static long efd_read(int fd)
{
	unsigned long v = 0;
	long r = lxt_read(fd, &v, 8);

	return r == 8 ? (long)v : r;
}

static long efd_write(int fd, unsigned long v)
{
	return lxt_write(fd, &v, 8);
}

static void eventfd_counter(void *arg)
{
	unsigned long v = 0;
	int e, s;

	lxt_say("bad-flags", SYS2(SYS_eventfd2, 0, 0x10));
	e = SYS2(SYS_eventfd2, 3, EFD_NONBLOCK | EFD_CLOEXEC);
	lxt_say("eventfd2", e);
	lxt_say("getfd", lxt_fcntl(e, F_GETFD, 0));
	lxt_sayx("getfl", lxt_fcntl(e, F_GETFL, 0));
	say_poll("poll3", e, POLLIN | POLLOUT);
	lxt_say("read", efd_read(e));
	lxt_say("read-empty", efd_read(e));
	say_poll("poll0", e, POLLIN | POLLOUT);
	lxt_say("short-read", lxt_read(e, &v, 4));
	lxt_say("short-write", lxt_write(e, &v, 4));
	lxt_say("write2", efd_write(e, 2));
	lxt_say("write5", efd_write(e, 5));
	lxt_say("read7", efd_read(e));
	lxt_say("write-max", efd_write(e, ~0UL));
	lxt_say("write-max-1", efd_write(e, ~0UL - 1));
	say_poll("poll-full", e, POLLIN | POLLOUT);
	lxt_say("write1-full", efd_write(e, 1));
	lxt_say("write0-full", efd_write(e, 0));
	lxt_say("bad-buf", lxt_read(e, (void *)8, 8));
	s = SYS1(SYS_eventfd, 2);
	lxt_sayx("plain-getfl", lxt_fcntl(s, F_GETFL, 0));
	lxt_say("plain-getfd", lxt_fcntl(s, F_GETFD, 0));
	lxt_say("close", lxt_close(s));
	s = SYS2(SYS_eventfd2, 2, EFD_SEMAPHORE | EFD_NONBLOCK);
	lxt_say("sem1", efd_read(s));
	lxt_say("sem2", efd_read(s));
	lxt_say("sem3", efd_read(s));
}

TEST_F(poll, eventfd_counts_as_linux_does)
{
	DIFF(.body = eventfd_counter,
	     .expect_out = "bad-flags=-EINVAL\neventfd2=3\ngetfd=1\ngetfl=0x802\npoll3=1 0x5\n"
			   "read=3\nread-empty=-EAGAIN\npoll0=1 0x4\nshort-read=-EINVAL\n"
			   "short-write=-EINVAL\nwrite2=8\nwrite5=8\nread7=7\nwrite-max=-EINVAL\n"
			   "write-max-1=8\npoll-full=1 0x1\nwrite1-full=-EAGAIN\nwrite0-full=8\n"
			   "bad-buf=-EFAULT\nplain-getfl=0x2\nplain-getfd=0\nclose=0\n"
			   "sem1=1\nsem2=1\nsem3=-EAGAIN\n");
}

/* A blocking read that a child's write completes. */
static void eventfd_blocking(void *arg)
{
	int e = SYS2(SYS_eventfd2, 0, 0);
	long pid = lxt_fork();

	if (pid == 0) {
		sleep_ms(50);
		efd_write(e, 42);
		lxt_raw_exit(0);
	}
	lxt_say("read", efd_read(e));
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(poll, a_blocking_eventfd_read_waits_for_a_write)
{
	DIFF(.body = eventfd_blocking, .expect_out = "read=42\nwait=0\n");
}

/* ---- timerfd ---- */

static void say_its(const char *tag, const struct itimerspec *its, int exact_value)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ulong(&l, its->it_interval.tv_sec * 1000000000UL + its->it_interval.tv_nsec, 10);
	lxt_put_str(&l, exact_value ? " " : " armed=");
	if (exact_value)
		lxt_put_ulong(&l, its->it_value.tv_sec * 1000000000UL + its->it_value.tv_nsec, 10);
	else
		lxt_put_ulong(&l, its->it_value.tv_sec || its->it_value.tv_nsec, 10);
	lxt_put_end(&l);
}

static void timerfd_calls(void *arg)
{
	struct itimerspec its = { 0 }, old = { 0 }, bad = { .it_value = { 0, 1000000000 } };
	unsigned long ticks = 0;
	struct timespec now;
	int t, r, fds[2];

	lxt_pipe(fds);
	lxt_say("bad-clock", SYS2(SYS_timerfd_create, 99, 0));
	lxt_say("bad-flags", SYS2(SYS_timerfd_create, CLOCK_MONOTONIC, 1));
	t = SYS2(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_NONBLOCK);
	lxt_say("create", t);
	lxt_sayx("getfl", lxt_fcntl(t, F_GETFL, 0));
	lxt_say("write", lxt_write(t, &ticks, 8));
	lxt_say("settime-bad-ns", SYS4(SYS_timerfd_settime, t, 0, &bad, NULL));
	lxt_say("settime-bad-flags", SYS4(SYS_timerfd_settime, t, 4, &its, NULL));
	lxt_say("settime-pipe", SYS4(SYS_timerfd_settime, fds[0], 0, &its, NULL));
	lxt_say("settime-ebadf", SYS4(SYS_timerfd_settime, 40, 0, &its, NULL));
	lxt_say("settime-efault", SYS4(SYS_timerfd_settime, t, 0, (void *)8, NULL));
	lxt_say("gettime-pipe", SYS2(SYS_timerfd_gettime, fds[0], &old));
	lxt_say("gettime-efault", SYS2(SYS_timerfd_gettime, t, (void *)8));
	lxt_say("gettime", SYS2(SYS_timerfd_gettime, t, &old));
	say_its("disarmed", &old, 1);
	lxt_say("read-unarmed", lxt_read(t, &ticks, 8));
	say_poll("poll-unarmed", t, POLLIN);
	/* One shot, 200 ms. */
	its.it_value.tv_nsec = 200000000;
	lxt_say("arm", SYS4(SYS_timerfd_settime, t, 0, &its, &old));
	say_its("old", &old, 1);
	SYS2(SYS_timerfd_gettime, t, &old);
	say_its("armed", &old, 0);
	lxt_say("read-early", lxt_read(t, &ticks, 8));
	lxt_say("poll-wait", poll1(t, POLLIN, -1, &(short){ 0 }));
	say_poll("poll-fired", t, POLLIN | POLLOUT);
	lxt_say("short-read", lxt_read(t, &ticks, 4));
	r = lxt_read(t, &ticks, 8);
	lxt_say("read", r);
	lxt_say("ticks", ticks);
	SYS2(SYS_timerfd_gettime, t, &old);
	say_its("after", &old, 1);
	/* Periodic, 10 ms: several expirations in one read. */
	its.it_value.tv_nsec = 10000000;
	its.it_interval.tv_nsec = 10000000;
	SYS4(SYS_timerfd_settime, t, 0, &its, NULL);
	sleep_ms(60);
	lxt_read(t, &ticks, 8);
	lxt_say("periodic>=3", ticks >= 3);
	SYS2(SYS_timerfd_gettime, t, &old);
	say_its("periodic", &old, 0);
	its = (struct itimerspec){ 0 };
	lxt_say("disarm", SYS4(SYS_timerfd_settime, t, 0, &its, &old));
	say_its("old-periodic", &old, 0);
	/* Absolute on CLOCK_REALTIME, in a blocking read. */
	t = SYS2(SYS_timerfd_create, CLOCK_REALTIME, 0);
	SYS2(SYS_clock_gettime, CLOCK_REALTIME, &now);
	now.tv_nsec += 30000000;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	its.it_value = now;
	lxt_say("abs", SYS4(SYS_timerfd_settime, t, TFD_TIMER_ABSTIME, &its, NULL));
	ticks = 0;
	lxt_say("abs-read", lxt_read(t, &ticks, 8));
	lxt_say("abs-ticks", ticks);
	its.it_value.tv_sec = 1;
	SYS4(SYS_timerfd_settime, t, TFD_TIMER_ABSTIME, &its, NULL);
	lxt_say("past-abs-read", lxt_read(t, &ticks, 8));
	lxt_say("past-abs-ticks", ticks);
}

TEST_F(poll, timerfd_expires_counts_and_reports_as_linux)
{
	DIFF(.body = timerfd_calls,
	     .expect_out = "bad-clock=-EINVAL\nbad-flags=-EINVAL\ncreate=5\ngetfl=0x802\nwrite=-EINVAL\n"
			   "settime-bad-ns=-EINVAL\nsettime-bad-flags=-EINVAL\n"
			   "settime-pipe=-EINVAL\nsettime-ebadf=-EBADF\nsettime-efault=-EFAULT\n"
			   "gettime-pipe=-EINVAL\ngettime-efault=-EFAULT\ngettime=0\n"
			   "disarmed=0 0\nread-unarmed=-EAGAIN\npoll-unarmed=0 0x0\narm=0\n"
			   "old=0 0\narmed=0 armed=1\nread-early=-EAGAIN\npoll-wait=1\n"
			   "poll-fired=1 0x1\nshort-read=-EINVAL\nread=8\nticks=1\nafter=0 0\n"
			   "periodic>=3=1\nperiodic=10000000 armed=1\ndisarm=0\n"
			   "old-periodic=10000000 armed=1\n"
			   "abs=0\nabs-read=8\nabs-ticks=1\npast-abs-read=8\npast-abs-ticks=1\n");
}

/*
 * TFD_TIMER_CANCEL_ON_SET: the test process sets CLOCK_REALTIME (to what it
 * reads) while the body waits; absolute realtime timers marked cancel-on-set
 * answer ECANCELED once, the others go on.
 */
static void set_realtime_clock(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	if (clock_settime(CLOCK_REALTIME, &now))
		perror("clock_settime");
}

static void timerfd_cancel_calls(void *arg)
{
	struct itimerspec its = { 0 }, cur;
	int t, t2, t3, plain, rel, mono;
	uint64_t ticks = 0, one = 1;

	t = SYS2(SYS_timerfd_create, CLOCK_REALTIME, 0);
	t2 = SYS2(SYS_timerfd_create, CLOCK_REALTIME, TFD_NONBLOCK);
	t3 = SYS2(SYS_timerfd_create, CLOCK_REALTIME, TFD_NONBLOCK);
	plain = SYS2(SYS_timerfd_create, CLOCK_REALTIME, TFD_NONBLOCK);
	rel = SYS2(SYS_timerfd_create, CLOCK_REALTIME, TFD_NONBLOCK);
	mono = SYS2(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_NONBLOCK);
	SYS2(SYS_clock_gettime, CLOCK_REALTIME, &its.it_value);
	its.it_value.tv_sec += 3600;
	lxt_say("arm", SYS4(SYS_timerfd_settime, t, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
			    &its, NULL));
	lxt_say("arm2", SYS4(SYS_timerfd_settime, t2, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
			     &its, NULL));
	SYS4(SYS_timerfd_settime, t3, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL);
	lxt_say("arm-plain", SYS4(SYS_timerfd_settime, plain, TFD_TIMER_ABSTIME, &its, NULL));
	its.it_value.tv_sec = 3600;
	its.it_value.tv_nsec = 0;
	lxt_say("arm-relative", SYS4(SYS_timerfd_settime, rel, TFD_TIMER_CANCEL_ON_SET, &its, NULL));
	lxt_say("arm-monotonic", SYS4(SYS_timerfd_settime, mono,
				      TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL));
	say_poll("poll-before", t2, POLLIN);
	lxt_say_text("waiting");
	lxt_say("read", lxt_read(t, &ticks, 8));
	lxt_fcntl(t, F_SETFL, O_NONBLOCK);
	lxt_say("read-again", lxt_read(t, &ticks, 8));
	say_poll("poll-canceled", t2, POLLIN);
	lxt_say("read2", lxt_read(t2, &ticks, 8));
	say_poll("poll-after", t2, POLLIN);
	lxt_say("read2-again", lxt_read(t2, &ticks, 8));
	lxt_say("set-ticks-canceled", SYS3(SYS_ioctl, t3, TFD_IOC_SET_TICKS, &one));
	lxt_say("set-ticks", SYS3(SYS_ioctl, t3, TFD_IOC_SET_TICKS, &one));
	lxt_say("read3", lxt_read(t3, &ticks, 8));
	lxt_say("ticks3", ticks);
	say_poll("poll-plain", plain, POLLIN);
	lxt_say("read-plain", lxt_read(plain, &ticks, 8));
	lxt_say("read-relative", lxt_read(rel, &ticks, 8));
	lxt_say("read-monotonic", lxt_read(mono, &ticks, 8));
	SYS2(SYS_timerfd_gettime, t, &cur);
	lxt_say("still-armed", cur.it_value.tv_sec > 3000);
	/* Re-armed without the flag: off the list, no cancel reported. */
	SYS2(SYS_clock_gettime, CLOCK_REALTIME, &its.it_value);
	its.it_value.tv_sec += 3600;
	lxt_say("rearm-plain", SYS4(SYS_timerfd_settime, t2, TFD_TIMER_ABSTIME, &its, NULL));
	lxt_close(t);
	lxt_close(t2);
	lxt_close(t3);
	lxt_close(plain);
	lxt_close(rel);
	lxt_close(mono);
}

TEST_F(poll, timerfd_cancel_on_set_answers_ecanceled_when_the_clock_is_set)
{
	DIFF(.body = timerfd_cancel_calls, .trigger = "waiting",
	     .trigger_call = set_realtime_clock,
	     .expect_out = "arm=0\narm2=0\narm-plain=0\narm-relative=0\narm-monotonic=0\n"
			   "poll-before=0 0x0\nwaiting\nread=-ECANCELED\nread-again=-EAGAIN\n"
			   "poll-canceled=1 0x1\nread2=-ECANCELED\npoll-after=0 0x0\n"
			   "read2-again=-EAGAIN\nset-ticks-canceled=-ECANCELED\nset-ticks=0\nread3=8\n"
			   "ticks3=1\npoll-plain=0 0x0\nread-plain=-EAGAIN\n"
			   "read-relative=-EAGAIN\nread-monotonic=-EAGAIN\nstill-armed=1\n"
			   "rearm-plain=0\n");
}

/* ---- epoll ---- */

static void epoll_errors(void *arg)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct timespec badts = { 0, -1 }, ts20 = { 0, 20000000 };
	int fds[2], ep, ep2;

	lxt_pipe(fds);
	lxt_say("create0", SYS1(SYS_epoll_create, 0));
	lxt_say("create-1", SYS1(SYS_epoll_create, -1));
	lxt_say("create1-bad", SYS1(SYS_epoll_create1, 1));
	ep = SYS1(SYS_epoll_create, 1);
	lxt_say("create", ep);
	lxt_say("create1-cloexec", ep2 = SYS1(SYS_epoll_create1, EPOLL_CLOEXEC));
	lxt_say("getfd", lxt_fcntl(ep2, F_GETFD, 0));
	lxt_sayx("getfl", lxt_fcntl(ep, F_GETFL, 0));
	lxt_say("read-epoll", lxt_read(ep, &ev, sizeof(ev)));
	lxt_say("ctl-null-event", SYS4(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], NULL));
	lxt_say("ctl-bad-op-null", SYS4(SYS_epoll_ctl, ep, 99, fds[0], NULL));
	lxt_say("ctl-del-null", SYS4(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, 40, NULL));
	lxt_say("ctl-bad-epfd", ep_ctl(40, EPOLL_CTL_ADD, fds[0], EPOLLIN, 0));
	lxt_say("ctl-bad-fd", ep_ctl(ep, EPOLL_CTL_ADD, 40, EPOLLIN, 0));
	lxt_say("ctl-not-epoll", ep_ctl(fds[0], EPOLL_CTL_ADD, fds[1], EPOLLIN, 0));
	lxt_say("ctl-self", ep_ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0));
	lxt_say("ctl-bad-op", ep_ctl(ep, 99, fds[0], EPOLLIN, 0));
	lxt_say("del-missing", ep_ctl(ep, EPOLL_CTL_DEL, fds[0], 0, 0));
	lxt_say("mod-missing", ep_ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN, 0));
	lxt_say("add", ep_ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 1));
	lxt_say("add-again", ep_ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 1));
	lxt_say("excl-mod", ep_ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLEXCLUSIVE, 1));
	lxt_say("excl-epoll", ep_ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN | EPOLLEXCLUSIVE, 1));
	lxt_say("excl-oneshot", ep_ctl(ep, EPOLL_CTL_ADD, fds[1],
				       EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT, 1));
	lxt_say("mod", ep_ctl(ep, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLET, 2));
	lxt_say("del", ep_ctl(ep, EPOLL_CTL_DEL, fds[0], 0, 0));
	lxt_say("del-again", ep_ctl(ep, EPOLL_CTL_DEL, fds[0], 0, 0));
	lxt_say("wait-max0", SYS4(SYS_epoll_wait, ep, &ev, 0, 0));
	lxt_say("wait-max-neg", SYS4(SYS_epoll_wait, ep, &ev, -1, 0));
	lxt_say("wait-null", SYS4(SYS_epoll_wait, ep, NULL, 1, 0));
	lxt_say("wait-bad-ep", SYS4(SYS_epoll_wait, 40, &ev, 1, 0));
	lxt_say("wait-not-epoll", SYS4(SYS_epoll_wait, fds[0], &ev, 1, 0));
	lxt_say("wait-empty", SYS4(SYS_epoll_wait, ep, &ev, 1, 0));
	lxt_say("pwait-sigsize", SYS6(SYS_epoll_pwait, ep, &ev, 1, 0, &ev, 4));
	lxt_say("pwait2-bad-ts", SYS6(SYS_epoll_pwait2, ep, &ev, 1, &badts, NULL, 8));
	lxt_say("pwait2-efault", SYS6(SYS_epoll_pwait2, ep, &ev, 1, (void *)8, NULL, 8));
	lxt_say("pwait2-20ms", SYS6(SYS_epoll_pwait2, ep, &ev, 1, &ts20, NULL, 8));
	lxt_say("pwait-20ms", SYS6(SYS_epoll_pwait, ep, &ev, 1, 20, NULL, 8));
	/* A fault copying out the first event. */
	lxt_write(fds[1], "x", 1);
	ep_ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 3);
	lxt_say("wait-efault", SYS4(SYS_epoll_wait, ep, (void *)4096, 1, 0));
	say_wait("wait-after-efault", ep, 0);
}

TEST_F(poll, epoll_calls_check_their_arguments_in_linux_order)
{
	DIFF(.body = epoll_errors,
	     .expect_out = "create0=-EINVAL\ncreate-1=-EINVAL\ncreate1-bad=-EINVAL\ncreate=5\n"
			   "create1-cloexec=6\ngetfd=1\ngetfl=0x2\nread-epoll=-EINVAL\n"
			   "ctl-null-event=-EFAULT\nctl-bad-op-null=-EFAULT\nctl-del-null=-EBADF\n"
			   "ctl-bad-epfd=-EBADF\nctl-bad-fd=-EBADF\nctl-not-epoll=-EINVAL\n"
			   "ctl-self=-EINVAL\nctl-bad-op=-EINVAL\ndel-missing=-ENOENT\n"
			   "mod-missing=-ENOENT\nadd=0\nadd-again=-EEXIST\nexcl-mod=-EINVAL\n"
			   "excl-epoll=-EINVAL\nexcl-oneshot=-EINVAL\nmod=0\ndel=0\n"
			   "del-again=-ENOENT\nwait-max0=-EINVAL\nwait-max-neg=-EINVAL\n"
			   "wait-null=0\nwait-bad-ep=-EBADF\nwait-not-epoll=-EINVAL\n"
			   "wait-empty=0\npwait-sigsize=-EINVAL\npwait2-bad-ts=-EINVAL\n"
			   "pwait2-efault=-EFAULT\npwait2-20ms=0\npwait-20ms=0\n"
			   "wait-efault=-EFAULT\nwait-after-efault=1 0x1 3\n");
}

static void epoll_triggers(void *arg)
{
	int fds[2], lt, et, os;
	char buf[8];

	lxt_pipe(fds);
	lt = SYS1(SYS_epoll_create1, 0);
	et = SYS1(SYS_epoll_create1, 0);
	os = SYS1(SYS_epoll_create1, 0);
	ep_ctl(lt, EPOLL_CTL_ADD, fds[0], EPOLLIN, 10);
	ep_ctl(et, EPOLL_CTL_ADD, fds[0], EPOLLIN | EPOLLET, 20);
	ep_ctl(os, EPOLL_CTL_ADD, fds[0], EPOLLIN | EPOLLONESHOT, 30);
	say_wait("lt-empty", lt, 0);
	say_wait("et-empty", et, 0);
	lxt_write(fds[1], "ab", 2);
	say_wait("lt-1", lt, 0);
	say_wait("lt-2", lt, 0);
	say_wait("et-1", et, 0);
	say_wait("et-2", et, 0);
	say_wait("os-1", os, 0);
	say_wait("os-2", os, 0);
	lxt_write(fds[1], "c", 1);
	say_wait("et-new-edge", et, 0);
	say_wait("et-after", et, 0);
	say_wait("os-disabled", os, 0);
	lxt_say("os-rearm", ep_ctl(os, EPOLL_CTL_MOD, fds[0], EPOLLIN | EPOLLONESHOT, 31));
	say_wait("os-rearmed", os, 0);
	say_wait("os-again", os, 0);
	lxt_read(fds[0], buf, 1);
	say_wait("lt-partial-read", lt, 0);
	say_wait("et-partial-read", et, 0);
	lxt_read(fds[0], buf, sizeof(buf));
	say_wait("lt-drained", lt, 0);
	/* The write end: EPOLLOUT, then EPOLLERR and EPOLLHUP-less ERR alone. */
	ep_ctl(lt, EPOLL_CTL_ADD, fds[1], EPOLLOUT, 11);
	ep_ctl(lt, EPOLL_CTL_DEL, fds[0], 0, 0);
	say_wait("w-out", lt, 0);
	lxt_close(fds[0]);
	say_wait("w-no-reader", lt, 0);
	lxt_say("mod-in-only", ep_ctl(lt, EPOLL_CTL_MOD, fds[1], EPOLLIN, 12));
	say_wait("w-err-always", lt, 0);
}

TEST_F(poll, epoll_level_edge_and_oneshot)
{
	DIFF(.body = epoll_triggers,
	     .expect_out = "lt-empty=0\net-empty=0\nlt-1=1 0x1 10\nlt-2=1 0x1 10\n"
			   "et-1=1 0x1 20\net-2=0\nos-1=1 0x1 30\nos-2=0\n"
			   "et-new-edge=1 0x1 20\net-after=0\nos-disabled=0\nos-rearm=0\n"
			   "os-rearmed=1 0x1 31\nos-again=0\nlt-partial-read=1 0x1 10\n"
			   "et-partial-read=0\nlt-drained=0\nw-out=1 0x4 11\n"
			   "w-no-reader=1 0xc 11\nmod-in-only=0\nw-err-always=1 0x8 12\n");
}

static void epoll_nested(void *arg)
{
	int fds[2], inner, outer, third;
	short rev = 0;
	char c;

	lxt_pipe(fds);
	inner = SYS1(SYS_epoll_create1, 0);
	outer = SYS1(SYS_epoll_create1, 0);
	third = SYS1(SYS_epoll_create1, 0);
	lxt_say("add-pipe", ep_ctl(inner, EPOLL_CTL_ADD, fds[0], EPOLLIN, 1));
	lxt_say("add-inner", ep_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2));
	lxt_say("add-outer", ep_ctl(third, EPOLL_CTL_ADD, outer, EPOLLIN, 3));
	lxt_say("loop", ep_ctl(inner, EPOLL_CTL_ADD, third, EPOLLIN, 4));
	lxt_say("loop2", ep_ctl(inner, EPOLL_CTL_ADD, outer, EPOLLIN, 4));
	say_wait("outer-empty", outer, 0);
	say_poll("poll-inner-empty", inner, POLLIN | POLLOUT);
	lxt_write(fds[1], "x", 1);
	say_wait("third", third, 0);
	say_wait("outer", outer, 0);
	say_poll("poll-inner", inner, POLLIN | POLLOUT);
	say_wait("inner", inner, 0);
	lxt_read(fds[0], &c, 1);
	say_wait("outer-drained", outer, 0);
	say_poll("poll-inner-drained", inner, POLLIN);
	/* A wake through two levels. */
	if (lxt_fork() == 0) {
		sleep_ms(50);
		lxt_write(fds[1], "y", 1);
		lxt_raw_exit(0);
	}
	say_wait("third-blocking", third, -1);
	lxt_say("poll-blocking", poll1(outer, POLLIN, -1, &rev));
	lxt_sayx("rev", rev);
}

TEST_F(poll, an_epoll_in_an_epoll_reports_and_wakes_through_levels)
{
	DIFF(.body = epoll_nested,
	     .expect_out = "add-pipe=0\nadd-inner=0\nadd-outer=0\nloop=-ELOOP\nloop2=-ELOOP\n"
			   "outer-empty=0\npoll-inner-empty=0 0x0\nthird=1 0x1 3\n"
			   "outer=1 0x1 2\npoll-inner=1 0x1\ninner=1 0x1 1\n"
			   "outer-drained=0\npoll-inner-drained=0 0x0\n"
			   "third-blocking=1 0x1 3\npoll-blocking=1\nrev=0x1\n");
}

static void epoll_close(void *arg)
{
	int fds[2], ep, d;

	lxt_pipe(fds);
	ep = SYS1(SYS_epoll_create1, 0);
	ep_ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 7);
	lxt_write(fds[1], "x", 1);
	say_wait("before", ep, 0);
	/* A dup keeps the file open: it stays in the set under the old fd. */
	d = lxt_dup(fds[0]);
	lxt_close(fds[0]);
	say_wait("dup-open", ep, 0);
	lxt_say("del-closed-fd", ep_ctl(ep, EPOLL_CTL_DEL, fds[0], 0, 0));
	lxt_say("del-dup", ep_ctl(ep, EPOLL_CTL_DEL, d, 0, 0));
	/* The last fd closed: the item is gone. */
	ep_ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 8);
	say_wait("dup-added", ep, 0);
	lxt_close(d);
	say_wait("closed", ep, 0);
	lxt_say("readd-new-fd", lxt_pipe(fds));
	lxt_say("add-reused-fd", ep_ctl(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN, 9));
	/* Closing the epoll with items in it, and items in closed sets. */
	lxt_say("close-ep", lxt_close(ep));
	lxt_write(fds[1], "x", 1);
	lxt_say("close-r", lxt_close(fds[0]));
}

TEST_F(poll, closing_the_last_fd_of_a_file_removes_it_from_epoll_sets)
{
	DIFF(.body = epoll_close,
	     .expect_out = "before=1 0x1 7\ndup-open=1 0x1 7\ndel-closed-fd=-EBADF\n"
			   "del-dup=-ENOENT\ndup-added=1 0x1 7\nclosed=0\nreadd-new-fd=0\n"
			   "add-reused-fd=0\nclose-ep=0\nclose-r=0\n");
}

/* Every kind of new object in one epoll set. */
static void epoll_objects(void *arg)
{
	struct itimerspec its = { .it_value = { 0, 10000000 } };
	int ep = SYS1(SYS_epoll_create1, 0);
	int e = SYS2(SYS_eventfd2, 0, EFD_NONBLOCK);
	int t = SYS2(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_NONBLOCK);
	struct epoll_event evs[4];
	unsigned long v;
	long n, i, mask = 0;

	ep_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN | EPOLLET, 1);
	ep_ctl(ep, EPOLL_CTL_ADD, t, EPOLLIN, 2);
	say_wait("none", ep, 0);
	efd_write(e, 1);
	say_wait("eventfd", ep, 0);
	efd_write(e, 0);
	say_wait("eventfd-write0-edge", ep, 0);
	SYS4(SYS_timerfd_settime, t, 0, &its, NULL);
	say_wait("timerfd", ep, -1);
	efd_write(e, 1);
	n = SYS4(SYS_epoll_wait, ep, evs, 4, 0);
	for (i = 0; i < n; i++)
		mask |= 1L << evs[i].data.u64;
	lxt_say("both", n);
	lxt_sayx("which", mask);
	lxt_read(t, &v, 8);
	say_wait("timer-read", ep, 0);
}

TEST_F(poll, eventfd_and_timerfd_in_epoll)
{
	DIFF(.body = epoll_objects,
	     .expect_out = "none=0\neventfd=1 0x1 1\neventfd-write0-edge=1 0x1 1\n"
			   "timerfd=1 0x1 2\nboth=2\nwhich=0x6\ntimer-read=0\n");
}

/* ---- signalfd ---- */


static void say_siginfo(const char *tag, const struct signalfd_siginfo *si)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=signo ");
	lxt_put_ulong(&l, si->ssi_signo, 10);
	lxt_put_str(&l, si->ssi_code < 0 ? " code -" : " code ");
	lxt_put_ulong(&l, si->ssi_code < 0 ? -si->ssi_code : si->ssi_code, 10);
	lxt_put_str(&l, " int ");
	lxt_put_ulong(&l, si->ssi_int, 10);
	lxt_put_end(&l);
}

static void signalfd_calls(void *arg)
{
	unsigned long usr1 = USR1_BIT, both = USR1_BIT | USR2_BIT, pending = 0;
	struct signalfd_siginfo si[2];
	long pid = SYS1(SYS_getpid, 0), r;
	siginfo_t qi;
	int fds[2], s;

	lxt_pipe(fds);
	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &both, NULL, 8);
	lxt_say("bad-flags", SYS4(SYS_signalfd4, -1, &usr1, 8, 1));
	lxt_say("bad-size", SYS4(SYS_signalfd4, -1, &usr1, 4, 0));
	lxt_say("bad-mask", SYS4(SYS_signalfd4, -1, 8, 8, 0));
	lxt_say("not-signalfd", SYS4(SYS_signalfd4, fds[0], &usr1, 8, 0));
	lxt_say("ebadf", SYS4(SYS_signalfd4, 40, &usr1, 8, 0));
	s = SYS4(SYS_signalfd4, -1, &usr1, 8, SFD_NONBLOCK | SFD_CLOEXEC);
	lxt_say("create", s);
	lxt_say("getfd", lxt_fcntl(s, F_GETFD, 0));
	lxt_sayx("getfl", lxt_fcntl(s, F_GETFL, 0));
	lxt_say("write", lxt_write(s, si, sizeof(si)));
	lxt_say("read-none", lxt_read(s, si, sizeof(si[0])));
	lxt_say("read-short", lxt_read(s, si, 64));
	say_poll("poll-none", s, POLLIN | POLLOUT);
	SYS2(SYS_kill, pid, SIGUSR2);
	say_poll("poll-usr2-not-in-mask", s, POLLIN);
	SYS2(SYS_kill, pid, SIGUSR1);
	say_poll("poll-usr1", s, POLLIN);
	r = lxt_read(s, si, sizeof(si));
	lxt_say("read", r);
	say_siginfo("si", &si[0]);
	lxt_say("pid-ok", si[0].ssi_pid == pid);
	lxt_say("update", SYS4(SYS_signalfd, s, &both, 8, 0));
	SYS2(SYS_kill, pid, SIGUSR1);
	r = lxt_read(s, si, sizeof(si));
	lxt_say("read-two", r);
	say_siginfo("si0", &si[0]);
	say_siginfo("si1", &si[1]);
	memset(&qi, 0, sizeof(qi));
	qi.si_signo = SIGUSR1;
	qi.si_code = SI_QUEUE;
	qi.si_pid = pid;
	qi.si_value.sival_int = 77;
	lxt_say("sigqueue", SYS3(SYS_rt_sigqueueinfo, pid, SIGUSR1, &qi));
	lxt_say("read-queued", lxt_read(s, si, sizeof(si)));
	say_siginfo("siq", &si[0]);
	SYS2(SYS_rt_sigpending, &pending, 8);
	lxt_sayx("pending", pending);
	lxt_say("read-empty", lxt_read(s, si, sizeof(si)));
}

TEST_F(poll, signalfd_reads_the_tasks_own_pending_signals)
{
	DIFF(.body = signalfd_calls,
	     .expect_out = "bad-flags=-EINVAL\nbad-size=-EINVAL\nbad-mask=-EFAULT\n"
			   "not-signalfd=-EINVAL\nebadf=-EBADF\ncreate=5\ngetfd=1\ngetfl=0x802\nwrite=-EINVAL\n"
			   "read-none=-EAGAIN\nread-short=-EINVAL\npoll-none=0 0x0\n"
			   "poll-usr2-not-in-mask=0 0x0\npoll-usr1=1 0x1\nread=128\n"
			   "si=signo 10 code 0 int 0\npid-ok=1\nupdate=5\nread-two=256\n"
			   "si0=signo 10 code 0 int 0\nsi1=signo 12 code 0 int 0\nsigqueue=0\n"
			   "read-queued=128\nsiq=signo 10 code -1 int 77\npending=0x0\n"
			   "read-empty=-EAGAIN\n");
}

/* A blocking read, or an epoll wait, that a signal sent meanwhile ends. */
static void signalfd_blocking(void *arg)
{
	unsigned long usr1 = USR1_BIT;
	struct signalfd_siginfo si;
	int s, ep;

	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &usr1, NULL, 8);
	s = SYS4(SYS_signalfd4, -1, &usr1, 8, 0);
	ep = SYS1(SYS_epoll_create1, 0);
	ep_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN, 4);
	say_wait("none", ep, 0);
	lxt_say_text("waiting");
	if (arg)
		say_wait("epoll", ep, -1);
	lxt_say("read", lxt_read(s, &si, sizeof(si)));
	say_siginfo("si", &si);
}

TEST_F(poll, a_blocking_signalfd_read_returns_the_signal_sent)
{
	DIFF(.body = signalfd_blocking, .trigger = "waiting", .trigger_signal = SIGUSR1,
	     .expect_out = "none=0\nwaiting\nread=128\nsi=signo 10 code 0 int 0\n");
}

TEST_F(poll, epoll_wakes_for_a_signal_on_a_signalfd)
{
	DIFF(.body = signalfd_blocking, .arg = (void *)1L, .trigger = "waiting",
	     .trigger_signal = SIGUSR1,
	     .expect_out = "none=0\nwaiting\nepoll=1 0x1 4\nread=128\n"
			   "si=signo 10 code 0 int 0\n");
}

/* ---- fstat of the new objects: Linux's anonymous inode ---- */

static void say_fstat(const char *tag, int fd)
{
	struct lxt_line l = { .n = 0 };
	struct stat st;
	long r = SYS2(SYS_fstat, fd, &st);

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, r);
	if (!r) {
		lxt_put_str(&l, " mode 0");
		lxt_put_ulong(&l, st.st_mode, 8);
		lxt_put_str(&l, " nlink ");
		lxt_put_ulong(&l, st.st_nlink, 10);
		lxt_put_str(&l, " size ");
		lxt_put_ulong(&l, st.st_size, 10);
		lxt_put_str(&l, " uid ");
		lxt_put_ulong(&l, st.st_uid, 10);
		lxt_put_str(&l, " blksize ");
		lxt_put_ulong(&l, st.st_blksize, 10);
	}
	lxt_put_end(&l);
}

static void anon_fstat(void *arg)
{
	unsigned long usr1 = USR1_BIT;

	say_fstat("epoll", SYS1(SYS_epoll_create1, 0));
	say_fstat("eventfd", SYS2(SYS_eventfd2, 0, 0));
	say_fstat("timerfd", SYS2(SYS_timerfd_create, CLOCK_MONOTONIC, 0));
	say_fstat("signalfd", SYS4(SYS_signalfd4, -1, &usr1, 8, 0));
}

TEST_F(poll, event_objects_fstat_as_anonymous_inodes)
{
	DIFF(.body = anon_fstat,
	     .expect_out = "epoll=0 mode 0600 nlink 1 size 0 uid 0 blksize 4096\n"
			   "eventfd=0 mode 0600 nlink 1 size 0 uid 0 blksize 4096\n"
			   "timerfd=0 mode 0600 nlink 1 size 0 uid 0 blksize 4096\n"
			   "signalfd=0 mode 0600 nlink 1 size 0 uid 0 blksize 4096\n");
}

/* Send @sig to @pid after @ms, from a forked helper. */
static void signal_later(long pid, int sig, long ms)
{
	if (lxt_fork() == 0) {
		sleep_ms(ms);
		SYS2(SYS_kill, pid, sig);
		lxt_raw_exit(0);
	}
}

/* One signalfd waited on by two processes, the first of which exits. */
static void signalfd_shared(void *arg)
{
	unsigned long usr1 = USR1_BIT;
	struct signalfd_siginfo si;
	long child, me = SYS1(SYS_getpid, 0);
	int s, ep;

	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &usr1, NULL, 8);
	s = SYS4(SYS_signalfd4, -1, &usr1, 8, 0);
	ep = SYS1(SYS_epoll_create1, 0);
	ep_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN, 1);
	child = lxt_fork();
	if (child == 0) {
		int ep2 = SYS1(SYS_epoll_create1, 0);
		struct epoll_event ev;
		struct pollfd p = { .fd = s, .events = POLLIN };

		ep_ctl(ep2, EPOLL_CTL_ADD, s, EPOLLIN, 2);
		signal_later(SYS1(SYS_getpid, 0), SIGUSR1, 50);
		if (SYS4(SYS_epoll_wait, ep2, &ev, 1, -1) != 1 || ev.data.u64 != 2)
			lxt_raw_exit(3);
		if (lxt_read(s, &si, sizeof(si)) != sizeof(si) || si.ssi_signo != SIGUSR1)
			lxt_raw_exit(4);
		signal_later(SYS1(SYS_getpid, 0), SIGUSR1, 50);
		if (SYS3(SYS_poll, &p, 1, -1) != 1)
			lxt_raw_exit(5);
		lxt_raw_exit(0);
	}
	lxt_say("child", lxt_wait(child));
	say_wait("parent-none", ep, 0);
	signal_later(me, SIGUSR1, 50);
	say_wait("parent", ep, -1);
	lxt_say("read", lxt_read(s, &si, sizeof(si)));
	lxt_say("signo", si.ssi_signo);
}

TEST_F(poll, a_signalfd_shared_by_two_processes_wakes_each)
{
	DIFF(.body = signalfd_shared,
	     .expect_out = "child=0\nparent-none=0\nparent=1 0x1 1\nread=128\nsigno=10\n");
}

/* ---- an epoll echo over 100 pipe pairs ---- */

#define ECHO_PAIRS	100
#define ECHO_ROUNDS	3

static void epoll_echo(void *arg)
{
	static int req[ECHO_PAIRS][2], rsp[ECHO_PAIRS][2];
	struct epoll_event evs[16];
	long pid, i, ok = 0, round;
	char buf[16];

	for (i = 0; i < ECHO_PAIRS; i++) {
		if (lxt_pipe(req[i]) || lxt_pipe(rsp[i])) {
			lxt_say("pipe-failed", i);
			return;
		}
	}
	pid = lxt_fork();
	if (pid == 0) {
		int ep = SYS1(SYS_epoll_create1, 0), served = 0;

		for (i = 0; i < ECHO_PAIRS; i++)
			ep_ctl(ep, EPOLL_CTL_ADD, req[i][0], EPOLLIN, i);
		while (served < ECHO_PAIRS * ECHO_ROUNDS) {
			long n = SYS4(SYS_epoll_wait, ep, evs, 16, -1), k;

			if (n < 0)
				lxt_raw_exit(10);
			for (k = 0; k < n; k++) {
				long c = evs[k].data.u64;
				long r = lxt_read(req[c][0], buf, 1);

				if (r != 1)
					lxt_raw_exit(11);
				lxt_write(rsp[c][1], buf, 1);
				served++;
			}
		}
		lxt_raw_exit(0);
	}
	for (round = 0; round < ECHO_ROUNDS; round++) {
		for (i = 0; i < ECHO_PAIRS; i++) {
			buf[0] = 'a' + (i + round) % 26;
			lxt_write(req[i][1], buf, 1);
		}
		for (i = ECHO_PAIRS - 1; i >= 0; i--) {
			if (lxt_read(rsp[i][0], buf + 1, 1) == 1 &&
			    buf[1] == 'a' + (i + round) % 26)
				ok++;
		}
	}
	lxt_say("echoed", ok);
	lxt_say("server", lxt_wait(pid));
}

TEST_F(poll, an_epoll_echo_server_answers_100_pipe_clients)
{
	DIFF(.body = epoll_echo, .expect_out = "echoed=300\nserver=0\n");
}

/* poll over the same 100 pipes, many ready at once. */
static void poll_many(void *arg)
{
	static struct pollfd p[ECHO_PAIRS];
	static int fds[ECHO_PAIRS][2];
	long i, n, in = 0;

	for (i = 0; i < ECHO_PAIRS; i++) {
		lxt_pipe(fds[i]);
		p[i].fd = fds[i][0];
		p[i].events = POLLIN;
		if (i % 3 == 0)
			lxt_write(fds[i][1], "x", 1);
	}
	n = SYS3(SYS_poll, p, ECHO_PAIRS, 0);
	for (i = 0; i < ECHO_PAIRS; i++)
		in += p[i].revents == POLLIN;
	lxt_say("ready", n);
	lxt_say("pollin", in);
}

TEST_F(poll, poll_over_100_pipes_reports_each_ready_one)
{
	DIFF(.body = poll_many, .expect_out = "ready=34\npollin=34\n");
}

/* ---- LxVfs files: always ready, not pollable by epoll (Linux's regular files) ---- */

static int lx_mount(int inst, const char *fstype, const char *target, unsigned int mode)
{
	struct lxss_mount m = { .size = sizeof(m), .source_fd = -1, .mode = mode };

	snprintf(m.fstype, sizeof(m.fstype), "%s", fstype);
	snprintf(m.target, sizeof(m.target), "%s", target);
	return ioctl(inst, LXSS_IOC_MOUNT, &m);
}

static void make_dev(void *arg)
{
	lxt_say("dev", SYS2(SYS_mkdir, "/dev", 0755));
}

FIXTURE(vfs) {
	int dev;
	int inst;
};

FIXTURE_SETUP(vfs)
{
	static const struct lxt_case mk = { .body = make_dev };
	static struct lxt_result r;

	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "poll-vfs");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lx_mount(self->inst, "tmpfs", "/", 0755)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &mk, &r));
	ASSERT_STREQ("dev=0\n", r.out);
	ASSERT_EQ(0, lx_mount(self->inst, "devfs", "/dev", 0)) TH_LOG("%s", strerror(errno));
}

FIXTURE_TEARDOWN(vfs)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

static void vfs_files(void *arg)
{
	static const char *const paths[] = { "/dev/null", "/dev/zero", "/dev/full", "/" };
	const char *file = "/poll-test-file";
	int ep = SYS1(SYS_epoll_create1, 0), fd;
	struct pollfd p[5];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		fd = SYS3(SYS_open, paths[i], i == 3 ? O_RDONLY : O_RDWR, 0);
		p[i] = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT | POLLPRI };
		lxt_say(paths[i], ep_ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 0));
	}
	fd = SYS3(SYS_open, file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	p[4] = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM };
	lxt_say("file-epoll", ep_ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 0));
	lxt_say("poll", SYS3(SYS_poll, p, 5, -1));
	for (i = 0; i < 5; i++)
		lxt_sayx("rev", p[i].revents);
	SYS1(SYS_unlink, file);
	/* An O_PATH fd is not a file to wait on (fdget() skips it). */
	fd = SYS3(SYS_open, "/", O_PATH, 0);
	p[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	lxt_say("opath-poll", SYS3(SYS_poll, p, 1, 0));
	lxt_sayx("opath-rev", p[0].revents);
	lxt_say("opath-epoll", ep_ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 0));
	lxt_say("opath-epfd", SYS4(SYS_epoll_wait, fd, p, 1, 0));
	lxt_say("opath-timerfd", SYS2(SYS_timerfd_gettime, fd, p));
	{
		struct timeval tv = { 0, 10000 };
		fd_set rd;

		FD_ZERO(&rd);
		FD_SET(fd, &rd);
		lxt_say("opath-select", SYS5(SYS_select, fd + 1, &rd, NULL, NULL, &tv));
	}
}

TEST_F(vfs, lxvfs_files_are_always_ready_and_not_for_epoll)
{
	DIFF(.body = vfs_files,
	     .expect_out = "/dev/null=-EPERM\n/dev/zero=-EPERM\n/dev/full=-EPERM\n/=-EPERM\n"
			   "file-epoll=-EPERM\npoll=5\nrev=0x5\nrev=0x5\nrev=0x5\nrev=0x5\n"
			   "rev=0x145\nopath-poll=1\nopath-rev=0x20\nopath-epoll=-EBADF\n"
			   "opath-epfd=-EBADF\nopath-timerfd=-EBADF\nopath-select=1\n");
}

/* ---- nothing leaks ---- */

/*
 * Every kind of object, watched by nested epoll sets, a poll and a
 * select in forked children and an epoll_wait in the parent, all blocked
 * when the processes are killed.
 */
static void blocked_everywhere(void *arg)
{
	struct itimerspec its = { .it_value = { 0, 5000000 }, .it_interval = { 0, 5000000 } };
	unsigned long usr1 = USR1_BIT;
	int a[2], b[2], e, t, sfd, inner, outer, quiet, d;
	struct pollfd p[4];
	struct epoll_event ev;
	fd_set rd;

	lxt_pipe(a);
	lxt_pipe(b);
	e = SYS2(SYS_eventfd2, 0, 0);
	t = SYS2(SYS_timerfd_create, CLOCK_MONOTONIC, 0);
	SYS4(SYS_timerfd_settime, t, 0, &its, NULL);
	SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &usr1, NULL, 8);
	sfd = SYS4(SYS_signalfd4, -1, &usr1, 8, 0);
	inner = SYS1(SYS_epoll_create1, 0);
	outer = SYS1(SYS_epoll_create1, 0);
	quiet = SYS1(SYS_epoll_create1, 0);
	ep_ctl(inner, EPOLL_CTL_ADD, a[0], EPOLLIN, 0);
	ep_ctl(inner, EPOLL_CTL_ADD, b[1], EPOLLOUT | EPOLLET, 1);
	ep_ctl(inner, EPOLL_CTL_ADD, e, EPOLLIN, 2);
	ep_ctl(inner, EPOLL_CTL_ADD, t, EPOLLIN, 3);
	ep_ctl(inner, EPOLL_CTL_ADD, sfd, EPOLLIN, 4);
	ep_ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 5);
	ep_ctl(quiet, EPOLL_CTL_ADD, a[0], EPOLLIN, 6);
	ep_ctl(quiet, EPOLL_CTL_ADD, 0, EPOLLIN, 7);
	d = lxt_dup(a[0]);
	ep_ctl(quiet, EPOLL_CTL_ADD, d, EPOLLIN, 8);
	lxt_close(d);
	/* The children leave the parent's output pipes, so its end is the run's. */
	if (lxt_fork() == 0) {
		lxt_close(1);
		lxt_close(2);
		p[0] = (struct pollfd){ .fd = a[0], .events = POLLIN };
		p[1] = (struct pollfd){ .fd = e, .events = POLLIN };
		p[2] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		p[3] = (struct pollfd){ .fd = 0, .events = POLLIN };
		SYS3(SYS_poll, p, 4, -1);
		lxt_raw_exit(1);
	}
	if (lxt_fork() == 0) {
		lxt_close(1);
		lxt_close(2);
		FD_ZERO(&rd);
		FD_SET(a[0], &rd);
		FD_SET(0, &rd);
		SYS5(SYS_select, a[0] + 1, &rd, NULL, NULL, NULL);
		lxt_raw_exit(1);
	}
	if (lxt_fork() == 0) {
		lxt_close(1);
		lxt_close(2);
		lxt_read(e, &ev, 8);
		lxt_raw_exit(1);
	}
	SYS4(SYS_epoll_wait, outer, &ev, 1, 0);
	lxt_say_text("blocking");
	SYS4(SYS_epoll_wait, quiet, &ev, 1, -1);
}

FIXTURE(leak) {
	int dev;
	int inst;
	uint64_t base;
};

FIXTURE_SETUP(leak)
{
	struct lxss_global g;

	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		SKIP(return, "LXT_NATIVE_ONLY: object counts are the module's");
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, lxt_global(self->dev, &g));
	self->base = g.live_objects;
	self->inst = lxt_create(self->dev, "poll-leak");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(leak)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F(leak, processes_killed_while_waiting_on_every_object_leak_nothing)
{
	static const struct lxt_case c = {
		.body = blocked_everywhere, .trigger = "blocking", .trigger_signal = SIGKILL,
		.expect_out = "blocking\n", .expect_end = "signal=9",
	};
	static struct lxt_result res;
	struct lxss_global g;
	int i;

	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &res));
	EXPECT_EQ(0, lxt_check_result("pico", &res, "expected", c.expect_out, "", c.expect_end));
	/* Closing the instance kills the forked waiters; then every object goes. */
	close(self->inst);
	self->inst = -1;
	for (i = 0; i < 300; i++) {
		ASSERT_EQ(0, lxt_global(self->dev, &g));
		if (g.live_objects == self->base)
			break;
		usleep(10000);
	}
	EXPECT_EQ(self->base, g.live_objects);
}

TEST_HARNESS_MAIN
