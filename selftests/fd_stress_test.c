// SPDX-License-Identifier: GPL-2.0
/*
 * fd_stress_test: several threads of one pico process hammer one handle
 * table for STRESS_SECONDS with pipe/dup/dup2/dup3/fcntl/close/close_range/
 * read/write/readv/writev/fork on overlapping fd numbers. Every result must
 * be one Linux allows for that call whatever the other threads did; the
 * process must end cleanly; and once the instance is closed the module's
 * object count must return to where it started.
 *
 * The pico process has no clock: its main thread blocks reading fd 0 and
 * the parent writes the stop byte after STRESS_SECONDS.
 */
#define _GNU_SOURCE
#include <linux/close_range.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define STRESS_SECONDS 10
#define STRESS_THREADS 6
#define STRESS_NOFILE 128	/* fds 3..127 are the shared playground */
#define STRESS_MIN_OPS 10000

struct stress_thread {
	struct lxt_thread t;
	unsigned long ops;
	unsigned long unexpected;
	long bad_op;
	long bad_ret;
	long bad_a;
	long bad_b;
	unsigned long rng;
} __attribute__((aligned(64)));

static struct stress_thread workers[STRESS_THREADS];
static volatile int stop;

enum { OP_PIPE2, OP_CLOSE, OP_DUP, OP_DUP2, OP_DUP3, OP_DUPFD, OP_GETFD, OP_SETFD,
       OP_GETFL, OP_SETFL, OP_WRITE, OP_READ, OP_WRITEV, OP_READV, OP_CLOSE_RANGE,
       OP_FORK, NR_OPS };

static unsigned long next_rand(struct stress_thread *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static long any_fd(struct stress_thread *w)
{
	return 3 + next_rand(w) % (STRESS_NOFILE - 3);
}

static int is_fd(long r)
{
	return r >= 3 && r < STRESS_NOFILE;
}

/* What Linux may answer, whatever the other threads did to the table. */
static int allowed(int op, long r, long a, long b, long n)
{
	switch (op) {
	case OP_PIPE2:
		return r == 0 || r == -EMFILE;
	case OP_CLOSE:
	case OP_SETFD:
	case OP_SETFL:
		return r == 0 || r == -EBADF;
	case OP_DUP:
		return is_fd(r) || r == -EBADF || r == -EMFILE;
	/* EBUSY: newfd was being allocated by another thread (dup2(2)). */
	case OP_DUP2:
		return r == b || r == -EBADF || r == -EBUSY;
	case OP_DUP3:
		return a == b ? r == -EINVAL : (r == b || r == -EBADF || r == -EBUSY);
	case OP_DUPFD:
		return (r >= b && r < STRESS_NOFILE) || r == -EBADF || r == -EMFILE;
	case OP_GETFD:
		return r == 0 || r == FD_CLOEXEC || r == -EBADF;
	case OP_GETFL:	/* every pipe here is non-blocking */
		return r == O_NONBLOCK || r == (O_NONBLOCK | O_WRONLY) || r == -EBADF;
	case OP_WRITE:
	case OP_WRITEV:
		return (r > 0 && r <= n) || r == -EAGAIN || r == -EBADF || r == -EPIPE;
	case OP_READ:
	case OP_READV:
		return (r >= 0 && r <= n) || r == -EAGAIN || r == -EBADF;
	case OP_CLOSE_RANGE:
		return r == 0;
	case OP_FORK:
		return r == 0;	/* the child's wait status */
	}
	return 0;
}

static char wbuf[8192];

static void stress_worker(void *arg)
{
	struct stress_thread *w = arg;
	char rbuf[8192];
	struct iovec iov[3];

	while (!stop) {
		unsigned long x = next_rand(w);
		int op = x % NR_OPS, p[2];
		long a = any_fd(w), b = any_fd(w), n = 1 + (x >> 8) % sizeof(rbuf), r;

		switch (op) {
		case OP_PIPE2:
			r = lxt_pipe2(p, O_NONBLOCK | ((x >> 20) & 1 ? O_CLOEXEC : 0));
			if (r == 0 && (!is_fd(p[0]) || !is_fd(p[1]) || p[0] == p[1]))
				r = -1000;
			break;
		case OP_CLOSE:
			r = lxt_close(a);
			break;
		case OP_DUP:
			r = lxt_dup(a);
			break;
		case OP_DUP2:
			r = lxt_dup2(a, b);
			break;
		case OP_DUP3:
			r = lxt_dup3(a, b, (x >> 20) & 1 ? O_CLOEXEC : 0);
			break;
		case OP_DUPFD:
			r = lxt_fcntl(a, (x >> 20) & 1 ? F_DUPFD_CLOEXEC : F_DUPFD, b);
			break;
		case OP_GETFD:
			r = lxt_fcntl(a, F_GETFD, 0);
			break;
		case OP_SETFD:
			r = lxt_fcntl(a, F_SETFD, (x >> 20) & 1);
			break;
		case OP_GETFL:
			r = lxt_fcntl(a, F_GETFL, 0);
			break;
		case OP_SETFL:
			r = lxt_fcntl(a, F_SETFL, O_NONBLOCK);
			break;
		case OP_WRITE:
			r = lxt_write(a, wbuf, n);
			break;
		case OP_READ:
			r = lxt_read(a, rbuf, n);
			break;
		case OP_WRITEV:
			iov[0] = (struct iovec){ wbuf, n / 2 };
			iov[1] = (struct iovec){ wbuf, 0 };
			iov[2] = (struct iovec){ wbuf + n / 2, n - n / 2 };
			r = lxt_writev(a, iov, 3);
			break;
		case OP_READV:
			iov[0] = (struct iovec){ rbuf, n / 3 };
			iov[1] = (struct iovec){ rbuf + n / 3, n - n / 3 };
			r = lxt_readv(a, iov, 2);
			break;
		case OP_CLOSE_RANGE:
			/* Rare and narrow: it empties the playground otherwise. */
			if ((x >> 20) % 16) {
				op = OP_GETFD;
				r = lxt_fcntl(a, F_GETFD, 0);
				break;
			}
			r = lxt_close_range(a, a + 3, (x >> 24) & 1 ? CLOSE_RANGE_CLOEXEC : 0);
			break;
		case OP_FORK:
			/* Rarer still: a copy of the table taken mid-race. */
			if ((x >> 20) % 64) {
				op = OP_GETFL;
				r = lxt_fcntl(a, F_GETFL, 0);
				break;
			}
			r = lxt_fork();
			if (r == 0) {
				lxt_dup2(a, b);
				lxt_close(a);
				lxt_close_range(3, ~0U, 0);
				lxt_raw_exit(0);
			}
			if (r > 0)
				r = lxt_wait(r);
			break;
		default:
			r = -1001;
		}
		w->ops++;
		if (!allowed(op, r, a, b, n)) {
			if (!w->unexpected++) {
				w->bad_op = op;
				w->bad_ret = r;
				w->bad_a = a;
				w->bad_b = b;
			}
		}
	}
}

static void stress_body(void *arg)
{
	unsigned long ops = 0, unexpected = 0;
	long bad_op = -1, bad_ret = 0, bad_a = 0, bad_b = 0, started = 0;
	char b;
	int i;

	for (i = 0; i < STRESS_THREADS; i++) {
		workers[i].rng = 0x9e3779b97f4a7c15UL * (i + 1);
		started += lxt_thread_start(&workers[i].t, stress_worker, &workers[i]) > 0;
	}
	lxt_say("threads", started);
	lxt_say_text("started");
	lxt_say("stop-byte", lxt_read(0, &b, 1));
	stop = 1;
	for (i = 0; i < STRESS_THREADS; i++) {
		lxt_thread_join(&workers[i].t);
		ops += workers[i].ops;
		if (workers[i].unexpected && bad_op < 0) {
			bad_op = workers[i].bad_op;
			bad_ret = workers[i].bad_ret;
			bad_a = workers[i].bad_a;
			bad_b = workers[i].bad_b;
		}
		unexpected += workers[i].unexpected;
	}
	lxt_say("close_range", lxt_close_range(3, ~0U, 0));
	lxt_say("ops", ops);
	lxt_say("unexpected", unexpected);
	lxt_say("first-unexpected-op", bad_op);
	lxt_say("first-unexpected-ret-negated", -bad_ret);
	lxt_say("first-unexpected-a", bad_a);
	lxt_say("first-unexpected-b", bad_b);
}

static void stress_child_setup(void *arg)
{
	struct rlimit rl = { STRESS_NOFILE, STRESS_NOFILE };

	memset(wbuf, 'w', sizeof(wbuf));
	if (setrlimit(RLIMIT_NOFILE, &rl))
		_exit(123);
	signal(SIGPIPE, SIG_IGN);
}

/* The value of "tag=N" in @text, or -1. */
static long value_of(const char *text, const char *tag)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\n%s=", tag);
	p = strstr(text, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static int wait_objects(int dev, uint64_t want, struct lxss_global *g)
{
	int i;

	for (i = 0; i < 250; i++) {
		if (lxt_global(dev, g))
			return -1;
		if (g->live_objects == want)
			return 0;
		usleep(20000);
	}
	return -1;
}

FIXTURE(stress) {
	int dev;
	int keep;
};

FIXTURE_SETUP(stress)
{
	self->dev = -1;
	self->keep = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	/* Held open so the hook's registration is not counted in the delta. */
	self->keep = lxt_create(self->dev, "fd-stress-keep");
	ASSERT_LE(0, self->keep) TH_LOG("create: %s", strerror(errno));
}

FIXTURE_TEARDOWN(stress)
{
	if (self->keep >= 0)
		close(self->keep);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F_TIMEOUT(stress, threads_hammering_one_table_break_nothing_and_leak_nothing,
	       STRESS_SECONDS * 2 + 600)
{
	static const struct lxt_case c = {
		.setup = stress_child_setup,
		.body = stress_body,
		.trigger = "started",
		.trigger_delay_ms = STRESS_SECONDS * 1000,
		.trigger_poke = 1,
		.timeout_s = STRESS_SECONDS + 300,
	};
	static struct lxt_result r;
	struct lxss_global start, end;
	int native = lxt_native_only(), inst = -1;
	char text[LXT_CAPTURE_MAX + 2];

	if (!native) {
		ASSERT_EQ(0, lxt_global(self->dev, &start));
		inst = lxt_create(self->dev, "fd-stress");
		ASSERT_LE(0, inst) TH_LOG("create: %s", strerror(errno));
	}
	ASSERT_EQ(0, lxt_run_case(inst, &c, &r));
	if (inst >= 0)
		close(inst);
	snprintf(text, sizeof(text), "\n%s", r.out);
	TH_LOG("%s run: %s; %ld ops by %ld threads in %d s; %ld unexpected results",
	       native ? "native" : "pico", r.end, value_of(text, "ops"),
	       value_of(text, "threads"), STRESS_SECONDS, value_of(text, "unexpected"));
	if (r.err_len)
		TH_LOG("stderr: %s", r.err);
	EXPECT_STREQ("exit=0", r.end);
	EXPECT_EQ(STRESS_THREADS, value_of(text, "threads"));
	EXPECT_EQ(1, value_of(text, "stop-byte"));
	EXPECT_EQ(0, value_of(text, "close_range"));
	EXPECT_LE(STRESS_MIN_OPS, value_of(text, "ops"));
	EXPECT_EQ(0, value_of(text, "unexpected"))
		TH_LOG("first unexpected: op %ld (fds %ld, %ld) returned %ld",
		       value_of(text, "first-unexpected-op"), value_of(text, "first-unexpected-a"),
		       value_of(text, "first-unexpected-b"), -value_of(text, "first-unexpected-ret-negated"));
	if (native)
		return;
	EXPECT_EQ(0, wait_objects(self->dev, start.live_objects, &end))
		TH_LOG("%llu objects before, %llu after",
		       (unsigned long long)start.live_objects,
		       (unsigned long long)end.live_objects);
}

/*
 * The instance closed (every task SIGKILLed) at a random moment of the
 * stress, 30 times: whatever state the threads and their forked children
 * die in (inside a call, blocked, half-way through a fork), no object is
 * left behind and no task hangs.
 */
TEST_F_TIMEOUT(stress, instance_closed_mid_stress_leaks_nothing, 900)
{
	struct lxss_global start, end;
	unsigned int round, seed = 12345;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, lxt_global(self->dev, &start));
	for (round = 0; round < 30; round++) {
		int in[2], status, inst = lxt_create(self->dev, "fd-stress-kill");
		pid_t pid;

		ASSERT_LE(0, inst);
		ASSERT_EQ(0, pipe(in));
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);

			dup2(in[0], 0);
			dup2(null, 1);
			dup2(null, 2);
			stress_child_setup(NULL);
			if (lxt_enter(inst))
				_exit(120);
			stress_body(NULL);
			lxt_raw_exit(0);
		}
		close(in[0]);
		seed = seed * 1103515245 + 12345;
		usleep(50000 + (seed >> 8) % 400000);
		close(inst);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("round %u: status %#x", round, status);
		close(in[1]);
	}
	EXPECT_EQ(0, wait_objects(self->dev, start.live_objects, &end))
		TH_LOG("%llu objects before, %llu after",
		       (unsigned long long)start.live_objects,
		       (unsigned long long)end.live_objects);
	EXPECT_EQ(0, end.live_instances - 1) TH_LOG("instances left: %llu",
						   (unsigned long long)end.live_instances);
}

TEST_HARNESS_MAIN
