// SPDX-License-Identifier: GPL-2.0
/*
 * fd_test: differential tests of lxcore's handle table and pipe object.
 * Each test runs one body twice in a fresh child, natively (after
 * close_range(3, ~0U, 0)) and as a pico process (after LXSS_IOC_ENTER,
 * which keeps fds 0-2), captures what it writes, and requires the native
 * output to be the Linux values written here and the pico output to be
 * the native one. LXT_NATIVE_ONLY=1 runs the native half only.
 *
 * Every child starts with fd 0 a pipe from the parent (read end), fds 1
 * and 2 pipes to the parent (write ends): so a new pipe is fds 3 and 4.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/close_range.h>
#include "lxtest.h"
#include "kselftest_harness.h"

FIXTURE(fd) {
	int dev;
	int inst;
};

FIXTURE_SETUP(fd)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	self->inst = lxt_create(self->dev, "fd");
	ASSERT_LE(0, self->inst) TH_LOG("create: %s", strerror(errno));
}

FIXTURE_TEARDOWN(fd)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

/* Run a case (designated initializers of struct lxt_case) both ways. */
#define DIFF(...) do {							\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/* ---- What the bodies share ---- */

/* "tag=0 3 4": pipe's result and the fds it stored. */
static void say_pipe(const char *tag, long r, const int *p)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, r);
	if (r == 0) {
		lxt_put_str(&l, " ");
		lxt_put_ulong(&l, p[0], 10);
		lxt_put_str(&l, " ");
		lxt_put_ulong(&l, p[1], 10);
	}
	lxt_put_end(&l);
}

static long new_pipe(int *p, long flags)
{
	long r = lxt_pipe2(p, flags);

	say_pipe("pipe2", r, p);
	return r;
}

/* F_GETFD of @fd as "getfd<fd>=N". */
static void say_getfd(long fd)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, "getfd");
	lxt_put_ulong(&l, fd, 10);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, lxt_fcntl(fd, F_GETFD, 0));
	lxt_put_end(&l);
}

static void say_getfl(long fd)
{
	struct lxt_line l = { .n = 0 };
	long r = lxt_fcntl(fd, F_GETFL, 0);

	lxt_put_str(&l, "getfl");
	lxt_put_ulong(&l, fd, 10);
	lxt_put_str(&l, "=");
	if (r < 0) {
		lxt_put_ret(&l, r);
	} else {
		lxt_put_str(&l, "0x");
		lxt_put_ulong(&l, r, 16);
	}
	lxt_put_end(&l);
}

/* Blocks until the parent pokes fd 0 (a trigger case) or closes it. */
static void wait_for_poke(void)
{
	char b;

	lxt_read(0, &b, 1);
}

static void set_nofile(rlim_t n)
{
	struct rlimit rl = { n, n };

	if (setrlimit(RLIMIT_NOFILE, &rl))
		_exit(123);
}

static void limit_64(void *arg)
{
	set_nofile(64);
}

static void limit_16(void *arg)
{
	set_nofile(16);
}

static volatile int handled;

static void on_signal(int sig)
{
	handled++;
}

static void catch_signal(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = flags;
	if (sigaction(sig, &sa, NULL))
		_exit(124);
}

static void ignore_sigpipe(void *arg)
{
	signal(SIGPIPE, SIG_IGN);
}

static void catch_sigpipe(void *arg)
{
	catch_signal(SIGPIPE, 0);
}

static void catch_usr1(void *arg)
{
	catch_signal(SIGUSR1, 0);
}

static void catch_usr1_restart(void *arg)
{
	catch_signal(SIGUSR1, SA_RESTART);
}

static char buf[70000];
static char big[200000];

/* ---- close ---- */

static void close_twice(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("close3", lxt_close(3));
	lxt_say("close3", lxt_close(3));
	say_getfd(3);
	say_getfd(4);
}

TEST_F(fd, close_returns_zero_then_ebadf_on_the_same_fd)
{
	DIFF(.body = close_twice,
	     .expect_out = "pipe2=0 3 4\nclose3=0\nclose3=-EBADF\ngetfd3=-EBADF\ngetfd4=0\n");
}

static void close_bad(void *arg)
{
	lxt_say("close-1", lxt_close(-1));
	lxt_say("close5", lxt_close(5));
	lxt_say("close1M", lxt_close(1 << 20));
	lxt_say("closeINT_MAX", lxt_close(INT_MAX));
}

TEST_F(fd, close_of_a_negative_unopened_or_huge_fd_is_ebadf)
{
	DIFF(.body = close_bad,
	     .expect_out = "close-1=-EBADF\nclose5=-EBADF\nclose1M=-EBADF\n"
			   "closeINT_MAX=-EBADF\n");
}

static void closed_fd_everywhere(void *arg)
{
	struct iovec iov = { buf, 1 };
	int p[2];

	new_pipe(p, 0);
	lxt_close(3);
	lxt_close(4);
	lxt_say("read", lxt_read(3, buf, 1));
	lxt_say("write", lxt_write(4, "x", 1));
	lxt_say("readv", lxt_readv(3, &iov, 1));
	lxt_say("writev", lxt_writev(4, &iov, 1));
	lxt_say("dup", lxt_dup(3));
	lxt_say("dup2", lxt_dup2(3, 10));
	lxt_say("dup3", lxt_dup3(3, 10, 0));
	lxt_say("getfd", lxt_fcntl(3, F_GETFD, 0));
	lxt_say("setfd", lxt_fcntl(3, F_SETFD, FD_CLOEXEC));
	lxt_say("getfl", lxt_fcntl(3, F_GETFL, 0));
	lxt_say("setfl", lxt_fcntl(3, F_SETFL, O_NONBLOCK));
	lxt_say("dupfd", lxt_fcntl(3, F_DUPFD, 0));
	lxt_say("dupfd_cloexec", lxt_fcntl(3, F_DUPFD_CLOEXEC, 0));
	say_getfd(10);
}

TEST_F(fd, a_closed_fd_is_ebadf_for_every_call)
{
	DIFF(.body = closed_fd_everywhere,
	     .expect_out = "pipe2=0 3 4\nread=-EBADF\nwrite=-EBADF\nreadv=-EBADF\n"
			   "writev=-EBADF\ndup=-EBADF\ndup2=-EBADF\ndup3=-EBADF\n"
			   "getfd=-EBADF\nsetfd=-EBADF\ngetfl=-EBADF\nsetfl=-EBADF\n"
			   "dupfd=-EBADF\ndupfd_cloexec=-EBADF\ngetfd10=-EBADF\n");
}

static void close_reuse(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	new_pipe(p, 0);
	lxt_say("close4", lxt_close(4));
	lxt_say("dup0", lxt_dup(0));
	lxt_say("close3", lxt_close(3));
	new_pipe(p, 0);
}

TEST_F(fd, a_closed_fd_is_the_lowest_free_one_again)
{
	DIFF(.body = close_reuse,
	     .expect_out = "pipe2=0 3 4\npipe2=0 5 6\nclose4=0\ndup0=4\nclose3=0\n"
			   "pipe2=0 3 7\n");
}

/* ---- close_range ---- */

static void close_range_middle(void *arg)
{
	int p[2], fd;

	new_pipe(p, 0);
	new_pipe(p, 0);
	new_pipe(p, 0);
	lxt_say("close_range4-6", lxt_close_range(4, 6, 0));
	for (fd = 3; fd <= 8; fd++)
		say_getfd(fd);
	lxt_say("close_range3-max", lxt_close_range(3, ~0U, 0));
	for (fd = 0; fd <= 8; fd++)
		say_getfd(fd);
}

TEST_F(fd, close_range_closes_every_fd_in_the_range)
{
	DIFF(.body = close_range_middle,
	     .expect_out = "pipe2=0 3 4\npipe2=0 5 6\npipe2=0 7 8\nclose_range4-6=0\n"
			   "getfd3=0\ngetfd4=-EBADF\ngetfd5=-EBADF\ngetfd6=-EBADF\n"
			   "getfd7=0\ngetfd8=0\nclose_range3-max=0\n"
			   "getfd0=0\ngetfd1=0\ngetfd2=0\ngetfd3=-EBADF\ngetfd4=-EBADF\n"
			   "getfd5=-EBADF\ngetfd6=-EBADF\ngetfd7=-EBADF\ngetfd8=-EBADF\n");
}

static void close_range_bad(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("first>last", lxt_close_range(4, 3, 0));
	lxt_say("flag1", lxt_close_range(3, 4, 1));
	lxt_say("flag8", lxt_close_range(3, 4, 8));
	lxt_say("flags-1", lxt_close_range(3, 4, -1L));
	say_getfd(3);
	say_getfd(4);
}

TEST_F(fd, close_range_with_first_above_last_or_unknown_flags_is_einval)
{
	DIFF(.body = close_range_bad,
	     .expect_out = "pipe2=0 3 4\nfirst>last=-EINVAL\nflag1=-EINVAL\nflag8=-EINVAL\n"
			   "flags-1=-EINVAL\ngetfd3=0\ngetfd4=0\n");
}

static void close_range_empty(void *arg)
{
	lxt_say("100-200", lxt_close_range(100, 200, 0));
	lxt_say("high", lxt_close_range(0xfffffff0U, ~0U, 0));
	lxt_say("cloexec-empty", lxt_close_range(100, 200, CLOSE_RANGE_CLOEXEC));
	say_getfd(2);
}

TEST_F(fd, close_range_over_no_open_fd_succeeds)
{
	DIFF(.body = close_range_empty,
	     .expect_out = "100-200=0\nhigh=0\ncloexec-empty=0\ngetfd2=0\n");
}

static void close_range_cloexec(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	new_pipe(p, 0);
	lxt_say("cloexec3-4", lxt_close_range(3, 4, CLOSE_RANGE_CLOEXEC));
	say_getfd(3);
	say_getfd(4);
	say_getfd(5);
	lxt_say("write", lxt_write(4, "ok", 2));
	lxt_say_data("read", buf, lxt_read(3, buf, sizeof(buf)));
}

TEST_F(fd, close_range_cloexec_marks_the_fds_without_closing_them)
{
	DIFF(.body = close_range_cloexec,
	     .expect_out = "pipe2=0 3 4\npipe2=0 5 6\ncloexec3-4=0\ngetfd3=1\ngetfd4=1\n"
			   "getfd5=0\nwrite=2\nread=2 'ok'\n");
}

static struct lxt_thread thread_a, thread_b;
static volatile long thread_ret[8];

static void unshare_and_close(void *arg)
{
	thread_ret[0] = lxt_close_range(3, ~0U, CLOSE_RANGE_UNSHARE);
	thread_ret[1] = lxt_fcntl(3, F_GETFD, 0);
	thread_ret[2] = lxt_dup(0);
}

static void close_range_unshare(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("thread", lxt_thread_start(&thread_a, unshare_and_close, NULL) > 0);
	lxt_thread_join(&thread_a);
	lxt_say("thread-close_range", thread_ret[0]);
	lxt_say("thread-getfd3", thread_ret[1]);
	lxt_say("thread-dup0", thread_ret[2]);
	say_getfd(3);
	say_getfd(4);
	lxt_say("dup0", lxt_dup(0));
}

TEST_F(fd, close_range_unshare_in_a_thread_leaves_the_shared_table_alone)
{
	DIFF(.body = close_range_unshare,
	     .expect_out = "pipe2=0 3 4\nthread=1\nthread-close_range=0\nthread-getfd3=-EBADF\n"
			   "thread-dup0=3\ngetfd3=0\ngetfd4=0\ndup0=5\n");
}

/* ---- dup ---- */

static void dup_lowest(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("dup4", lxt_dup(4));
	lxt_say("close3", lxt_close(3));
	lxt_say("dup4", lxt_dup(4));
	lxt_say("dup0", lxt_dup(0));
}

TEST_F(fd, dup_returns_the_lowest_free_fd)
{
	DIFF(.body = dup_lowest,
	     .expect_out = "pipe2=0 3 4\ndup4=5\nclose3=0\ndup4=3\ndup0=6\n");
}

static void dup_cloexec(void *arg)
{
	int p[2];

	new_pipe(p, O_CLOEXEC);
	say_getfd(3);
	lxt_say("dup3", lxt_dup(3));
	say_getfd(5);
	say_getfd(3);
}

TEST_F(fd, dup_clears_close_on_exec_on_the_new_fd_only)
{
	DIFF(.body = dup_cloexec,
	     .expect_out = "pipe2=0 3 4\ngetfd3=1\ndup3=5\ngetfd5=0\ngetfd3=1\n");
}

static void dup_bad(void *arg)
{
	lxt_say("dup-1", lxt_dup(-1));
	lxt_say("dup3", lxt_dup(3));
	lxt_say("dup100", lxt_dup(100));
	lxt_say("dupINT_MAX", lxt_dup(INT_MAX));
	say_getfd(3);
}

TEST_F(fd, dup_of_a_bad_fd_is_ebadf)
{
	DIFF(.body = dup_bad,
	     .expect_out = "dup-1=-EBADF\ndup3=-EBADF\ndup100=-EBADF\ndupINT_MAX=-EBADF\n"
			   "getfd3=-EBADF\n");
}

static void dup_shares(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("dup3", lxt_dup(3));
	lxt_say("setfl5", lxt_fcntl(5, F_SETFL, O_NONBLOCK));
	say_getfl(3);
	lxt_say("read3", lxt_read(3, buf, 1));
	lxt_say("write", lxt_write(4, "ab", 2));
	lxt_say_data("read5", buf, lxt_read(5, buf, 1));
	lxt_say_data("read3", buf, lxt_read(3, buf, 10));
}

TEST_F(fd, dup_shares_the_open_file_and_its_status_flags)
{
	DIFF(.body = dup_shares,
	     .expect_out = "pipe2=0 3 4\ndup3=5\nsetfl5=0\ngetfl3=0x800\nread3=-EAGAIN\n"
			   "write=2\nread5=1 'a'\nread3=1 'b'\n");
}

static void dup_keeps_open(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("dup4", lxt_dup(4));
	lxt_say("close4", lxt_close(4));
	lxt_say("write5", lxt_write(5, "x", 1));
	lxt_say("close5", lxt_close(5));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
	lxt_say("read-eof", lxt_read(3, buf, 10));
}

TEST_F(fd, a_pipe_end_stays_open_until_every_copy_is_closed)
{
	DIFF(.body = dup_keeps_open,
	     .expect_out = "pipe2=0 3 4\ndup4=5\nclose4=0\nwrite5=1\nclose5=0\n"
			   "read=1 'x'\nread-eof=0\n");
}

/* ---- dup2 ---- */

static void dup2_self(void *arg)
{
	int p[2];

	new_pipe(p, O_CLOEXEC);
	lxt_say("dup2-3-3", lxt_dup2(3, 3));
	say_getfd(3);
	lxt_say("dup2-0-0", lxt_dup2(0, 0));
	say_getfd(0);
	lxt_say("dup2-9-9", lxt_dup2(9, 9));
	lxt_say("dup2-(-1)", lxt_dup2(-1, -1));
}

TEST_F(fd, dup2_onto_itself_returns_the_fd_and_keeps_its_flags)
{
	DIFF(.body = dup2_self,
	     .expect_out = "pipe2=0 3 4\ndup2-3-3=3\ngetfd3=1\ndup2-0-0=0\ngetfd0=0\n"
			   "dup2-9-9=-EBADF\ndup2-(-1)=-EBADF\n");
}

static void dup2_replace(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	new_pipe(p, 0);
	lxt_say("dup2-3-6", lxt_dup2(3, 6));
	say_getfl(6);
	lxt_say("read5-eof", lxt_read(5, buf, 1));
	lxt_say("write4", lxt_write(4, "z", 1));
	lxt_say_data("read6", buf, lxt_read(6, buf, 10));
}

TEST_F(fd, dup2_onto_an_open_fd_closes_it_first)
{
	DIFF(.body = dup2_replace,
	     .expect_out = "pipe2=0 3 4\npipe2=0 5 6\ndup2-3-6=6\ngetfl6=0x0\nread5-eof=0\n"
			   "write4=1\nread6=1 'z'\n");
}

static void dup2_high(void *arg)
{
	lxt_say("dup2-0-100", lxt_dup2(0, 100));
	say_getfd(100);
	lxt_say("dup0", lxt_dup(0));
	lxt_say("close100", lxt_close(100));
}

TEST_F(fd, dup2_to_a_free_high_fd_leaves_lower_ones_free)
{
	DIFF(.body = dup2_high,
	     .expect_out = "dup2-0-100=100\ngetfd100=0\ndup0=3\nclose100=0\n");
}

static void dup2_cloexec(void *arg)
{
	int p[2];

	new_pipe(p, O_CLOEXEC);
	lxt_say("dup2-3-10", lxt_dup2(3, 10));
	say_getfd(10);
	lxt_say("dup2-0-4", lxt_dup2(0, 4));
	say_getfd(4);
	say_getfd(3);
}

TEST_F(fd, dup2_clears_close_on_exec_on_the_new_fd)
{
	DIFF(.body = dup2_cloexec,
	     .expect_out = "pipe2=0 3 4\ndup2-3-10=10\ngetfd10=0\ndup2-0-4=4\ngetfd4=0\n"
			   "getfd3=1\n");
}

static void dup2_limit(void *arg)
{
	lxt_say("dup2-0-64", lxt_dup2(0, 64));
	lxt_say("dup2-0-63", lxt_dup2(0, 63));
	lxt_say("dup2-0-(-1)", lxt_dup2(0, -1));
	lxt_say("dup2-0-INT_MAX", lxt_dup2(0, INT_MAX));
	lxt_say("dup2-0-1M", lxt_dup2(0, 1 << 20));
	say_getfd(63);
}

TEST_F(fd, dup2_at_or_past_the_fd_limit_is_ebadf)
{
	DIFF(.setup = limit_64, .body = dup2_limit,
	     .expect_out = "dup2-0-64=-EBADF\ndup2-0-63=63\ndup2-0-(-1)=-EBADF\n"
			   "dup2-0-INT_MAX=-EBADF\ndup2-0-1M=-EBADF\ngetfd63=0\n");
}

static void dup2_bad_old(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("dup2-(-1)-5", lxt_dup2(-1, 5));
	lxt_say("dup2-50-5", lxt_dup2(50, 5));
	say_getfd(5);
	lxt_say("dup2-50-4", lxt_dup2(50, 4));
	say_getfd(4);
}

TEST_F(fd, dup2_of_a_bad_oldfd_is_ebadf_and_leaves_newfd_alone)
{
	DIFF(.body = dup2_bad_old,
	     .expect_out = "pipe2=0 3 4\ndup2-(-1)-5=-EBADF\ndup2-50-5=-EBADF\ngetfd5=-EBADF\n"
			   "dup2-50-4=-EBADF\ngetfd4=0\n");
}

/* ---- dup3 ---- */

static void dup3_same(void *arg)
{
	lxt_say("dup3-0-0", lxt_dup3(0, 0, 0));
	lxt_say("dup3-0-0-cloexec", lxt_dup3(0, 0, O_CLOEXEC));
	lxt_say("dup3-50-50", lxt_dup3(50, 50, 0));
	say_getfd(0);
}

TEST_F(fd, dup3_onto_the_same_fd_is_einval)
{
	DIFF(.body = dup3_same,
	     .expect_out = "dup3-0-0=-EINVAL\ndup3-0-0-cloexec=-EINVAL\ndup3-50-50=-EINVAL\n"
			   "getfd0=0\n");
}

static void dup3_flags(void *arg)
{
	lxt_say("nonblock", lxt_dup3(0, 5, O_NONBLOCK));
	lxt_say("cloexec|1", lxt_dup3(0, 5, O_CLOEXEC | 1));
	lxt_say("-1", lxt_dup3(0, 5, -1));
	say_getfd(5);
}

TEST_F(fd, dup3_with_flags_other_than_o_cloexec_is_einval)
{
	DIFF(.body = dup3_flags,
	     .expect_out = "nonblock=-EINVAL\ncloexec|1=-EINVAL\n-1=-EINVAL\ngetfd5=-EBADF\n");
}

static void dup3_cloexec(void *arg)
{
	lxt_say("dup3-cloexec", lxt_dup3(0, 5, O_CLOEXEC));
	say_getfd(5);
	lxt_say("dup3-plain", lxt_dup3(0, 5, 0));
	say_getfd(5);
	lxt_say("dup3-cloexec-again", lxt_dup3(1, 5, O_CLOEXEC));
	say_getfd(5);
	say_getfl(5);
}

TEST_F(fd, dup3_sets_or_clears_close_on_exec_as_asked)
{
	DIFF(.body = dup3_cloexec,
	     .expect_out = "dup3-cloexec=5\ngetfd5=1\ndup3-plain=5\ngetfd5=0\n"
			   "dup3-cloexec-again=5\ngetfd5=1\ngetfl5=0x1\n");
}

static void dup3_limit(void *arg)
{
	lxt_say("dup3-0-64", lxt_dup3(0, 64, 0));
	lxt_say("dup3-0-63", lxt_dup3(0, 63, O_CLOEXEC));
	lxt_say("dup3-(-1)-5", lxt_dup3(-1, 5, 0));
	lxt_say("dup3-40-5", lxt_dup3(40, 5, 0));
	lxt_say("dup3-0-(-1)", lxt_dup3(0, -1, 0));
	say_getfd(63);
}

TEST_F(fd, dup3_past_the_limit_or_of_a_bad_fd_is_ebadf)
{
	DIFF(.setup = limit_64, .body = dup3_limit,
	     .expect_out = "dup3-0-64=-EBADF\ndup3-0-63=63\ndup3-(-1)-5=-EBADF\n"
			   "dup3-40-5=-EBADF\ndup3-0-(-1)=-EBADF\ngetfd63=1\n");
}

/* ---- fcntl ---- */

static void dupfd_lowest(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("dupfd-3-0", lxt_fcntl(3, F_DUPFD, 0));
	lxt_say("dupfd-3-10", lxt_fcntl(3, F_DUPFD, 10));
	lxt_say("dupfd-3-10", lxt_fcntl(3, F_DUPFD, 10));
	lxt_say("dupfd-3-4", lxt_fcntl(3, F_DUPFD, 4));
	say_getfd(10);
}

TEST_F(fd, fcntl_dupfd_returns_the_lowest_free_fd_at_or_above_arg)
{
	DIFF(.body = dupfd_lowest,
	     .expect_out = "pipe2=0 3 4\ndupfd-3-0=5\ndupfd-3-10=10\ndupfd-3-10=11\n"
			   "dupfd-3-4=6\ngetfd10=0\n");
}

static void dupfd_cloexec(void *arg)
{
	lxt_say("dupfd_cloexec-0-20", lxt_fcntl(0, F_DUPFD_CLOEXEC, 20));
	say_getfd(20);
	lxt_say("dupfd-20-0", lxt_fcntl(20, F_DUPFD, 0));
	say_getfd(3);
	lxt_say("dupfd_cloexec-3-0", lxt_fcntl(3, F_DUPFD_CLOEXEC, 0));
	say_getfd(4);
}

TEST_F(fd, fcntl_dupfd_cloexec_sets_close_on_exec_and_dupfd_does_not)
{
	DIFF(.body = dupfd_cloexec,
	     .expect_out = "dupfd_cloexec-0-20=20\ngetfd20=1\ndupfd-20-0=3\ngetfd3=0\n"
			   "dupfd_cloexec-3-0=4\ngetfd4=1\n");
}

static void dupfd_limit(void *arg)
{
	lxt_say("dupfd-0-64", lxt_fcntl(0, F_DUPFD, 64));
	lxt_say("dupfd_cloexec-0-64", lxt_fcntl(0, F_DUPFD_CLOEXEC, 64));
	lxt_say("dupfd-0-(-1)", lxt_fcntl(0, F_DUPFD, -1));
	lxt_say("dupfd-0-63", lxt_fcntl(0, F_DUPFD, 63));
	lxt_say("dupfd-0-63", lxt_fcntl(0, F_DUPFD, 63));
	lxt_say("dupfd_cloexec-0-63", lxt_fcntl(0, F_DUPFD_CLOEXEC, 63));
}

TEST_F(fd, fcntl_dupfd_at_or_past_the_limit_is_einval_and_no_room_is_emfile)
{
	DIFF(.setup = limit_64, .body = dupfd_limit,
	     .expect_out = "dupfd-0-64=-EINVAL\ndupfd_cloexec-0-64=-EINVAL\n"
			   "dupfd-0-(-1)=-EINVAL\ndupfd-0-63=63\ndupfd-0-63=-EMFILE\n"
			   "dupfd_cloexec-0-63=-EMFILE\n");
}

static void getfd_setfd(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	say_getfd(3);
	lxt_say("setfd-cloexec", lxt_fcntl(3, F_SETFD, FD_CLOEXEC));
	say_getfd(3);
	say_getfd(4);
	lxt_say("setfd-0", lxt_fcntl(3, F_SETFD, 0));
	say_getfd(3);
	lxt_say("setfd-0xfe", lxt_fcntl(3, F_SETFD, 0xfe));
	say_getfd(3);
	lxt_say("setfd-0xff", lxt_fcntl(3, F_SETFD, 0xff));
	say_getfd(3);
}

TEST_F(fd, fcntl_setfd_sets_only_close_on_exec_of_that_fd)
{
	DIFF(.body = getfd_setfd,
	     .expect_out = "pipe2=0 3 4\ngetfd3=0\nsetfd-cloexec=0\ngetfd3=1\ngetfd4=0\n"
			   "setfd-0=0\ngetfd3=0\nsetfd-0xfe=0\ngetfd3=0\nsetfd-0xff=0\n"
			   "getfd3=1\n");
}

static void getfl_modes(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	say_getfl(3);
	say_getfl(4);
	new_pipe(p, O_NONBLOCK);
	say_getfl(5);
	say_getfl(6);
	new_pipe(p, O_CLOEXEC);
	say_getfl(7);
	say_getfl(8);
	say_getfl(0);
	say_getfl(1);
	say_getfl(2);
}

TEST_F(fd, fcntl_getfl_gives_the_access_mode_and_nonblock)
{
	DIFF(.body = getfl_modes,
	     .expect_out = "pipe2=0 3 4\ngetfl3=0x0\ngetfl4=0x1\npipe2=0 5 6\n"
			   "getfl5=0x800\ngetfl6=0x801\npipe2=0 7 8\ngetfl7=0x0\n"
			   "getfl8=0x1\ngetfl0=0x0\ngetfl1=0x1\ngetfl2=0x1\n");
}

static void setfl_nonblock(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("setfl-nonblock", lxt_fcntl(3, F_SETFL, O_NONBLOCK));
	say_getfl(3);
	say_getfl(4);
	lxt_say("read", lxt_read(3, buf, 1));
	lxt_say("setfl-0", lxt_fcntl(3, F_SETFL, 0));
	say_getfl(3);
	lxt_say("setfl-nonblock4", lxt_fcntl(4, F_SETFL, O_NONBLOCK));
	say_getfl(4);
}

TEST_F(fd, fcntl_setfl_turns_nonblock_on_and_off)
{
	DIFF(.body = setfl_nonblock,
	     .expect_out = "pipe2=0 3 4\nsetfl-nonblock=0\ngetfl3=0x800\ngetfl4=0x1\n"
			   "read=-EAGAIN\nsetfl-0=0\ngetfl3=0x0\nsetfl-nonblock4=0\n"
			   "getfl4=0x801\n");
}

static void setfl_ignored(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("setfl", lxt_fcntl(3, F_SETFL, O_WRONLY | O_NONBLOCK | O_CREAT | O_EXCL |
					       O_TRUNC | O_NOCTTY | O_CLOEXEC));
	say_getfl(3);
	say_getfd(3);
	lxt_say("setfl-rdwr", lxt_fcntl(4, F_SETFL, O_RDWR));
	say_getfl(4);
}

TEST_F(fd, fcntl_setfl_ignores_the_access_mode_and_open_only_flags)
{
	DIFF(.body = setfl_ignored,
	     .expect_out = "pipe2=0 3 4\nsetfl=0\ngetfl3=0x800\ngetfd3=0\nsetfl-rdwr=0\n"
			   "getfl4=0x1\n");
}

static void fcntl_bad_fd(void *arg)
{
	lxt_say("getfd-1", lxt_fcntl(-1, F_GETFD, 0));
	lxt_say("getfl99", lxt_fcntl(99, F_GETFL, 0));
	lxt_say("setfd99", lxt_fcntl(99, F_SETFD, FD_CLOEXEC));
	lxt_say("setfl99", lxt_fcntl(99, F_SETFL, O_NONBLOCK));
	lxt_say("dupfd99", lxt_fcntl(99, F_DUPFD, 0));
	lxt_say("dupfd_cloexec99", lxt_fcntl(99, F_DUPFD_CLOEXEC, 0));
	lxt_say("getfdINT_MAX", lxt_fcntl(INT_MAX, F_GETFD, 0));
}

TEST_F(fd, fcntl_on_a_bad_fd_is_ebadf)
{
	DIFF(.body = fcntl_bad_fd,
	     .expect_out = "getfd-1=-EBADF\ngetfl99=-EBADF\nsetfd99=-EBADF\nsetfl99=-EBADF\n"
			   "dupfd99=-EBADF\ndupfd_cloexec99=-EBADF\ngetfdINT_MAX=-EBADF\n");
}

static void fcntl_bad_cmd(void *arg)
{
	lxt_say("cmd-0x7fff", lxt_fcntl(0, 0x7fff, 0));
	lxt_say("cmd-(-1)", lxt_fcntl(0, -1, 0));
}

TEST_F(fd, fcntl_with_an_unknown_command_is_einval)
{
	DIFF(.body = fcntl_bad_cmd,
	     .expect_out = "cmd-0x7fff=-EINVAL\ncmd-(-1)=-EINVAL\n");
}

/* ---- pipe, pipe2 ---- */

static void pipe_lowest(void *arg)
{
	int p[2];
	long r;

	r = lxt_pipe(p);
	say_pipe("pipe", r, p);
	lxt_close(3);
	r = lxt_pipe(p);
	say_pipe("pipe", r, p);
	new_pipe(p, 0);
}

TEST_F(fd, pipe_returns_the_two_lowest_free_fds)
{
	DIFF(.body = pipe_lowest,
	     .expect_out = "pipe=0 3 4\npipe=0 3 5\npipe2=0 6 7\n");
}

static void pipe_efault(void *arg)
{
	lxt_say("pipe-null", lxt_pipe(NULL));
	lxt_say("pipe2-null", lxt_pipe2(NULL, 0));
	lxt_say("pipe2-kernel", lxt_pipe2((int *)0xffff800000000000UL, O_CLOEXEC));
	lxt_say("pipe-16", lxt_pipe((int *)16));
	lxt_say("dup0", lxt_dup(0));
}

TEST_F(fd, pipe_with_a_bad_pointer_is_efault_and_leaks_no_fd)
{
	DIFF(.body = pipe_efault,
	     .expect_out = "pipe-null=-EFAULT\npipe2-null=-EFAULT\npipe2-kernel=-EFAULT\n"
			   "pipe-16=-EFAULT\ndup0=3\n");
}

static void pipe2_bad_flags(void *arg)
{
	int p[2] = { -7, -7 };

	lxt_say("pipe2-1", lxt_pipe2(p, 1));
	lxt_say("pipe2-append", lxt_pipe2(p, O_APPEND));
	lxt_say("pipe2-cloexec|trunc", lxt_pipe2(p, O_CLOEXEC | O_TRUNC));
	lxt_say("untouched", p[0] == -7 && p[1] == -7);
	lxt_say("dup0", lxt_dup(0));
}

TEST_F(fd, pipe2_with_unknown_flags_is_einval)
{
	DIFF(.body = pipe2_bad_flags,
	     .expect_out = "pipe2-1=-EINVAL\npipe2-append=-EINVAL\npipe2-cloexec|trunc=-EINVAL\n"
			   "untouched=1\ndup0=3\n");
}

static void pipe2_cloexec(void *arg)
{
	int p[2];

	new_pipe(p, O_CLOEXEC);
	say_getfd(3);
	say_getfd(4);
	new_pipe(p, 0);
	say_getfd(5);
	say_getfd(6);
}

TEST_F(fd, pipe2_cloexec_sets_close_on_exec_on_both_ends)
{
	DIFF(.body = pipe2_cloexec,
	     .expect_out = "pipe2=0 3 4\ngetfd3=1\ngetfd4=1\npipe2=0 5 6\ngetfd5=0\ngetfd6=0\n");
}

static void pipe2_nonblock(void *arg)
{
	int p[2];

	new_pipe(p, O_NONBLOCK | O_CLOEXEC);
	say_getfl(3);
	say_getfl(4);
	say_getfd(3);
	lxt_say("read-empty", lxt_read(3, buf, 1));
}

TEST_F(fd, pipe2_nonblock_makes_both_ends_nonblocking)
{
	DIFF(.body = pipe2_nonblock,
	     .expect_out = "pipe2=0 3 4\ngetfl3=0x800\ngetfl4=0x801\ngetfd3=1\n"
			   "read-empty=-EAGAIN\n");
}

/* ---- read, write on pipes ---- */

static void pipe_order(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("write", lxt_write(4, "hello", 5));
	lxt_say("write", lxt_write(4, " world", 6));
	lxt_say_data("read", buf, lxt_read(3, buf, 100));
}

TEST_F(fd, a_pipe_returns_the_bytes_in_the_order_written)
{
	DIFF(.body = pipe_order,
	     .expect_out = "pipe2=0 3 4\nwrite=5\nwrite=6\nread=11 'hello world'\n");
}

static void read_partial(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("write", lxt_write(4, "0123456789", 10));
	lxt_say_data("read4", buf, lxt_read(3, buf, 4));
	lxt_say_data("read100", buf, lxt_read(3, buf, 100));
}

TEST_F(fd, read_returns_what_is_there_without_waiting_for_more)
{
	DIFF(.body = read_partial,
	     .expect_out = "pipe2=0 3 4\nwrite=10\nread4=4 '0123'\nread100=6 '456789'\n");
}

static void zero_bytes(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("read0-empty", lxt_read(3, buf, 0));
	lxt_say("write0", lxt_write(4, buf, 0));
	lxt_say("write0-null", lxt_write(4, NULL, 0));
	lxt_say("read0-null", lxt_read(3, NULL, 0));
	lxt_say("write", lxt_write(4, "a", 1));
	lxt_say("read0", lxt_read(3, buf, 0));
	lxt_say_data("read", buf, lxt_read(3, buf, 5));
}

TEST_F(fd, read_and_write_of_zero_bytes_return_zero_at_once)
{
	DIFF(.body = zero_bytes,
	     .expect_out = "pipe2=0 3 4\nread0-empty=0\nwrite0=0\nwrite0-null=0\nread0-null=0\n"
			   "write=1\nread0=0\nread=1 'a'\n");
}

static void read_eagain(void *arg)
{
	int p[2];

	new_pipe(p, O_NONBLOCK);
	lxt_say("read", lxt_read(3, buf, 10));
	lxt_say("write", lxt_write(4, "x", 1));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
	lxt_say("read", lxt_read(3, buf, 10));
}

TEST_F(fd, read_of_an_empty_nonblocking_pipe_is_eagain)
{
	DIFF(.body = read_eagain,
	     .expect_out = "pipe2=0 3 4\nread=-EAGAIN\nwrite=1\nread=1 'x'\nread=-EAGAIN\n");
}

static void read_eof(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("write", lxt_write(4, "xy", 2));
	lxt_say("close4", lxt_close(4));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
	lxt_say("read", lxt_read(3, buf, 10));
	lxt_say("read", lxt_read(3, buf, 10));
	new_pipe(p, O_NONBLOCK);
	lxt_say("close5", lxt_close(5));
	lxt_say("read-nonblock", lxt_read(4, buf, 10));
}

TEST_F(fd, read_gives_eof_once_the_last_writer_closed_and_the_pipe_is_drained)
{
	DIFF(.body = read_eof,
	     .expect_out = "pipe2=0 3 4\nwrite=2\nclose4=0\nread=2 'xy'\nread=0\nread=0\n"
			   "pipe2=0 4 5\nclose5=0\nread-nonblock=0\n");
}

/* The reader blocks; a forked pico process writes once the parent pokes it. */
static void blocked_read_woken(void *arg)
{
	int p[2];
	long pid;

	new_pipe(p, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(1);
		lxt_close(3);
		wait_for_poke();
		lxt_write(4, "wake", 4);
		lxt_raw_exit(0);
	}
	lxt_close(4);
	lxt_say_text("blocking");
	lxt_say_data("read", buf, lxt_read(3, buf, 100));
	lxt_say("wait", lxt_wait(pid));
	lxt_say("read-eof", lxt_read(3, buf, 100));
}

TEST_F(fd, a_blocked_read_is_woken_by_a_writer_in_another_process)
{
	DIFF(.body = blocked_read_woken, .trigger = "blocking", .trigger_poke = 1,
	     .expect_out = "pipe2=0 3 4\nblocking\nread=4 'wake'\nwait=0\nread-eof=0\n");
}

static void blocked_read_eof(void *arg)
{
	int p[2];
	long pid;

	new_pipe(p, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(1);
		lxt_close(3);
		wait_for_poke();
		lxt_raw_exit(0);	/* closes the last write end */
	}
	lxt_close(4);
	lxt_say_text("blocking");
	lxt_say("read", lxt_read(3, buf, 100));
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(fd, a_blocked_read_returns_eof_when_the_last_writer_exits)
{
	DIFF(.body = blocked_read_eof, .trigger = "blocking", .trigger_poke = 1,
	     .expect_out = "pipe2=0 3 4\nblocking\nread=0\nwait=0\n");
}

static void epipe_body(void *arg)
{
	struct iovec iov = { "x", 1 };
	int p[2];

	new_pipe(p, 0);
	lxt_say("dup3", lxt_dup(3));
	lxt_say("close3", lxt_close(3));
	lxt_say("write-reader-left", lxt_write(4, "a", 1));
	lxt_say("close5", lxt_close(5));
	lxt_say("write", lxt_write(4, "b", 1));
	lxt_say("writev", lxt_writev(4, &iov, 1));
	lxt_say("handled", handled);
}

TEST_F(fd, write_without_a_reader_raises_sigpipe_which_kills_by_default)
{
	DIFF(.body = epipe_body,
	     .expect_out = "pipe2=0 3 4\ndup3=5\nclose3=0\nwrite-reader-left=1\nclose5=0\n",
	     .expect_end = "signal=13");
}

TEST_F(fd, write_without_a_reader_is_epipe_when_sigpipe_is_ignored)
{
	DIFF(.setup = ignore_sigpipe, .body = epipe_body,
	     .expect_out = "pipe2=0 3 4\ndup3=5\nclose3=0\nwrite-reader-left=1\nclose5=0\n"
			   "write=-EPIPE\nwritev=-EPIPE\nhandled=0\n");
}

TEST_F(fd, write_without_a_reader_runs_the_sigpipe_handler_and_is_epipe)
{
	DIFF(.setup = catch_sigpipe, .body = epipe_body,
	     .expect_out = "pipe2=0 3 4\ndup3=5\nclose3=0\nwrite-reader-left=1\nclose5=0\n"
			   "write=-EPIPE\nwritev=-EPIPE\nhandled=2\n");
}

static void full_pipe(void *arg)
{
	int p[2];

	new_pipe(p, O_NONBLOCK);
	lxt_say("write65537", lxt_write(4, buf, 65537));
	lxt_say("write1", lxt_write(4, buf, 1));
	lxt_say("write4096", lxt_write(4, buf, 4096));
	lxt_say("read4096", lxt_read(3, buf, 4096));
	lxt_say("write4097", lxt_write(4, buf, 4097));
	lxt_say("write1", lxt_write(4, buf, 1));
	lxt_say("read70000", lxt_read(3, buf, 70000));
	lxt_say("read", lxt_read(3, buf, 1));
}

TEST_F(fd, a_pipe_holds_65536_bytes_and_a_full_one_is_eagain)
{
	DIFF(.body = full_pipe,
	     .expect_out = "pipe2=0 3 4\nwrite65537=65536\nwrite1=-EAGAIN\nwrite4096=-EAGAIN\n"
			   "read4096=4096\nwrite4097=4096\nwrite1=-EAGAIN\nread70000=65536\n"
			   "read=-EAGAIN\n");
}

/* 64-byte writes: a multiple of the page size, so page packing plays no part. */
static void small_writes_fill(void *arg)
{
	long i, total = 0, r;
	int p[2];

	new_pipe(p, O_NONBLOCK);
	for (i = 0; i < 1024; i++) {
		r = lxt_write(4, buf, 64);
		if (r != 64)
			break;
		total += r;
	}
	lxt_say("written", total);
	lxt_say("write64", lxt_write(4, buf, 64));
	lxt_say("write1", lxt_write(4, buf, 1));
	total = 0;
	while ((r = lxt_read(3, buf, 3000)) > 0)
		total += r;
	lxt_say("read", total);
	lxt_say("last", r);
}

TEST_F(fd, small_writes_fill_a_pipe_to_65536_bytes)
{
	DIFF(.body = small_writes_fill,
	     .expect_out = "pipe2=0 3 4\nwritten=65536\nwrite64=-EAGAIN\nwrite1=-EAGAIN\n"
			   "read=65536\nlast=-EAGAIN\n");
}

static void read_efault(void *arg)
{
	int p[2];

	new_pipe(p, O_NONBLOCK);
	lxt_say("write", lxt_write(4, "abc", 3));
	lxt_say("read-null", lxt_read(3, NULL, 3));
	lxt_say("read-kernel", lxt_read(3, (void *)0xffff800000000000UL, 3));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
}

TEST_F(fd, read_into_a_bad_buffer_is_efault_and_leaves_the_data)
{
	DIFF(.body = read_efault,
	     .expect_out = "pipe2=0 3 4\nwrite=3\nread-null=-EFAULT\nread-kernel=-EFAULT\n"
			   "read=3 'abc'\n");
}

static void write_efault(void *arg)
{
	int p[2];

	new_pipe(p, O_NONBLOCK);
	lxt_say("write-null", lxt_write(4, NULL, 3));
	lxt_say("write-16", lxt_write(4, (void *)16, 10));
	lxt_say("write-kernel", lxt_write(4, (void *)0xffff800000000000UL, 3));
	lxt_say("read", lxt_read(3, buf, 10));
	lxt_say("write", lxt_write(4, "ok", 2));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
}

TEST_F(fd, write_from_a_bad_buffer_is_efault_and_writes_nothing)
{
	DIFF(.body = write_efault,
	     .expect_out = "pipe2=0 3 4\nwrite-null=-EFAULT\nwrite-16=-EFAULT\n"
			   "write-kernel=-EFAULT\nread=-EAGAIN\nwrite=2\nread=2 'ok'\n");
}

static void wrong_end(void *arg)
{
	struct iovec iov = { buf, 1 };
	int p[2];

	new_pipe(p, 0);
	lxt_say("write-read-end", lxt_write(3, "x", 1));
	lxt_say("read-write-end", lxt_read(4, buf, 1));
	lxt_say("writev-read-end", lxt_writev(3, &iov, 1));
	lxt_say("readv-write-end", lxt_readv(4, &iov, 1));
}

TEST_F(fd, write_to_a_read_end_and_read_from_a_write_end_are_ebadf)
{
	DIFF(.body = wrong_end,
	     .expect_out = "pipe2=0 3 4\nwrite-read-end=-EBADF\nread-write-end=-EBADF\n"
			   "writev-read-end=-EBADF\nreadv-write-end=-EBADF\n");
}

/* ---- PIPE_BUF atomicity, large blocking writes ---- */

#define ATOMIC_WRITERS 4
#define ATOMIC_RECORDS 64

static char record[PIPE_BUF];

/* Four processes write 64 records of PIPE_BUF bytes each, all at once. */
static void pipe_buf_atomic(void *arg)
{
	long pids[ATOMIC_WRITERS], total = 0, r, i, w, interleaved = 0;
	long count[ATOMIC_WRITERS] = { 0 };
	int p[2];

	new_pipe(p, 0);
	for (w = 0; w < ATOMIC_WRITERS; w++) {
		pids[w] = lxt_fork();
		if (pids[w] == 0) {
			lxt_close(1);
			lxt_close(3);
			memset(record, 'A' + w, sizeof(record));
			for (i = 0; i < ATOMIC_RECORDS; i++)
				if (lxt_write(4, record, sizeof(record)) != sizeof(record))
					lxt_raw_exit(1);
			lxt_raw_exit(0);
		}
	}
	lxt_close(4);
	/* Odd read sizes: a record may span reads, never writers. */
	for (;;) {
		r = lxt_read(3, buf, (total & 1) ? 1000 : 5003);
		if (r <= 0)
			break;
		for (i = 0; i < r; i++) {
			long off = total + i, first = off - off % PIPE_BUF;

			if (off == first) {
				w = buf[i] - 'A';
				if (w >= 0 && w < ATOMIC_WRITERS)
					count[w]++;
				record[0] = buf[i];
			} else if (buf[i] != record[0]) {
				interleaved++;
			}
		}
		total += r;
	}
	lxt_say("last-read", r);
	lxt_say("bytes", total);
	lxt_say("interleaved-bytes", interleaved);
	for (w = 0; w < ATOMIC_WRITERS; w++)
		lxt_say("records", count[w]);
	for (w = 0; w < ATOMIC_WRITERS; w++)
		lxt_say("wait", lxt_wait(pids[w]));
}

TEST_F_TIMEOUT(fd, writes_of_pipe_buf_bytes_from_several_processes_never_interleave, 120)
{
	DIFF(.body = pipe_buf_atomic, .timeout_s = 50,
	     .expect_out = "pipe2=0 3 4\nlast-read=0\nbytes=1048576\ninterleaved-bytes=0\n"
			   "records=64\nrecords=64\nrecords=64\nrecords=64\n"
			   "wait=0\nwait=0\nwait=0\nwait=0\n");
}

static void big_write(void *arg)
{
	long pid, i, r, total = 0, wrong = 0;
	int p[2];

	for (i = 0; i < (long)sizeof(big); i++)
		big[i] = i % 251;
	new_pipe(p, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(4);
		while ((r = lxt_read(3, buf, 7000)) > 0) {
			for (i = 0; i < r; i++)
				wrong += buf[i] != (char)((total + i) % 251);
			total += r;
		}
		lxt_say("reader-bytes", total);
		lxt_say("reader-wrong", wrong);
		lxt_raw_exit(0);
	}
	lxt_close(3);
	lxt_say("write", lxt_write(4, big, sizeof(big)));
	lxt_close(4);
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(fd, a_blocking_write_larger_than_the_pipe_completes_in_full)
{
	DIFF(.body = big_write,
	     .expect_out = "pipe2=0 3 4\nwrite=200000\nreader-bytes=200000\nreader-wrong=0\n"
			   "wait=0\n");
}

/* ---- Signals: EINTR and SA_RESTART ---- */

/* Blocks in read; the parent signals, then pokes a process that writes. */
static void read_interrupted(void *arg)
{
	int p[2];
	long pid;

	new_pipe(p, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(1);
		lxt_close(3);
		wait_for_poke();
		lxt_write(4, "x", 1);
		lxt_raw_exit(0);
	}
	lxt_say_text("blocking");
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
	lxt_say("handled", handled);
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(fd, a_blocked_read_is_interrupted_by_a_signal_with_eintr)
{
	DIFF(.setup = catch_usr1, .body = read_interrupted, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "pipe2=0 3 4\nblocking\nread=-EINTR\nhandled=1\nwait=0\n");
}

TEST_F(fd, a_blocked_read_restarts_after_an_sa_restart_handler)
{
	DIFF(.setup = catch_usr1_restart, .body = read_interrupted, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "pipe2=0 3 4\nblocking\nread=1 'x'\nhandled=1\nwait=0\n");
}

/* Blocks in write to a full pipe; then a poked process reads 4096 bytes. */
static void write_interrupted(void *arg)
{
	int p[2];
	long pid;

	new_pipe(p, O_NONBLOCK);
	lxt_say("fill", lxt_write(4, buf, 65536));
	lxt_say("setfl-blocking", lxt_fcntl(4, F_SETFL, 0));
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(1);
		wait_for_poke();
		lxt_read(3, buf, 4096);
		lxt_raw_exit(0);
	}
	lxt_say_text("blocking");
	lxt_say("write", lxt_write(4, "y", 1));
	lxt_say("handled", handled);
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(fd, a_blocked_write_is_interrupted_by_a_signal_with_eintr)
{
	DIFF(.setup = catch_usr1, .body = write_interrupted, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "pipe2=0 3 4\nfill=65536\nsetfl-blocking=0\nblocking\nwrite=-EINTR\n"
			   "handled=1\nwait=0\n");
}

TEST_F(fd, a_blocked_write_restarts_after_an_sa_restart_handler)
{
	DIFF(.setup = catch_usr1_restart, .body = write_interrupted, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "pipe2=0 3 4\nfill=65536\nsetfl-blocking=0\nblocking\nwrite=1\n"
			   "handled=1\nwait=0\n");
}

/* ---- The standard handles 0, 1, 2 ---- */

static void stdin_read(void *arg)
{
	lxt_say_data("read0", buf, lxt_read(0, buf, 100));
	lxt_say("read0", lxt_read(0, buf, 100));
}

TEST_F(fd, standard_input_reads_the_inherited_pipe_to_eof)
{
	DIFF(.body = stdin_read, .input = "input-data",
	     .expect_out = "read0=10 'input-data'\nread0=0\n");
}

static void stdout_stderr(void *arg)
{
	struct iovec iov[2] = { { "a", 1 }, { "b\n", 2 } };
	long r[6];
	int i;

	r[0] = lxt_write(1, "out-line\n", 9);
	r[1] = lxt_write(2, "err-line\n", 9);
	r[2] = lxt_writev(1, iov, 2);
	r[3] = lxt_dup(1);
	r[4] = lxt_dup2(2, 1);
	r[5] = lxt_write(1, "now-err\n", 8);
	lxt_dup2(3, 1);
	for (i = 0; i < 6; i++)
		lxt_say("r", r[i]);
}

TEST_F(fd, standard_output_and_error_write_to_the_inherited_pipes)
{
	DIFF(.body = stdout_stderr,
	     .expect_out = "out-line\nab\nr=9\nr=9\nr=3\nr=3\nr=1\nr=8\n",
	     .expect_err = "err-line\nnow-err\n");
}

static void std_modes(void *arg)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		say_getfd(fd);
		say_getfl(fd);
	}
	lxt_say("write0", lxt_write(0, "x", 1));
	lxt_say("read1", lxt_read(1, buf, 1));
	lxt_say("read2", lxt_read(2, buf, 1));
}

TEST_F(fd, standard_handles_keep_the_access_modes_they_entered_with)
{
	DIFF(.body = std_modes,
	     .expect_out = "getfd0=0\ngetfl0=0x0\ngetfd1=0\ngetfl1=0x1\ngetfd2=0\ngetfl2=0x1\n"
			   "write0=-EBADF\nread1=-EBADF\nread2=-EBADF\n");
}

static void std_close(void *arg)
{
	lxt_say("close0", lxt_close(0));
	lxt_say("read0", lxt_read(0, buf, 1));
	lxt_say("dup1", lxt_dup(1));
	say_getfl(0);
	lxt_say("write0", lxt_write(0, "via-0\n", 6));
}

TEST_F(fd, a_closed_standard_handle_is_ebadf_and_its_number_is_reused)
{
	DIFF(.body = std_close, .input = "unread",
	     .expect_out = "close0=0\nread0=-EBADF\ndup1=0\ngetfl0=0x1\nvia-0\nwrite0=6\n");
}

/* ---- readv, writev ---- */

static void scatter_gather(void *arg)
{
	struct iovec out[3] = { { "ab", 2 }, { "", 0 }, { "cdef", 4 } };
	char a[2], c[10];
	struct iovec in[3] = { { a, 2 }, { buf, 0 }, { c, 10 } };
	int p[2];
	long r;

	new_pipe(p, 0);
	lxt_say("writev", lxt_writev(4, out, 3));
	r = lxt_readv(3, in, 3);
	lxt_say("readv", r);
	lxt_say_data("iov0", a, 2);
	lxt_say_data("iov2", c, r - 2);
}

TEST_F(fd, writev_gathers_and_readv_scatters_in_order)
{
	DIFF(.body = scatter_gather,
	     .expect_out = "pipe2=0 3 4\nwritev=6\nreadv=6\niov0=2 'ab'\niov2=4 'cdef'\n");
}

static struct iovec iovs[1100], iovs_in[1100];
static char src[1100], dst[1100];

static void iov_max(void *arg)
{
	int p[2], i;

	for (i = 0; i < 1100; i++) {
		src[i] = 'a' + i % 26;
		iovs[i].iov_base = src + i;
		iovs[i].iov_len = 1;
		iovs_in[i].iov_base = dst + i;
		iovs_in[i].iov_len = 1;
	}
	new_pipe(p, O_NONBLOCK);
	lxt_say("writev1025", lxt_writev(4, iovs, 1025));
	lxt_say("readv1025", lxt_readv(3, iovs_in, 1025));
	lxt_say("writev1024", lxt_writev(4, iovs, 1024));
	lxt_say("readv1024", lxt_readv(3, iovs_in, 1024));
	lxt_say("same", !memcmp(src, dst, 1024));
	lxt_say("writev-(-1)", lxt_writev(4, iovs, -1));
	lxt_say("readv-(-1)", lxt_readv(3, iovs_in, -1));
	lxt_say("writev-INT_MIN", lxt_writev(4, iovs, INT_MIN));
}

TEST_F(fd, readv_writev_take_at_most_1024_iovecs_and_a_non_negative_count)
{
	DIFF(.body = iov_max,
	     .expect_out = "pipe2=0 3 4\nwritev1025=-EINVAL\nreadv1025=-EINVAL\nwritev1024=1024\n"
			   "readv1024=1024\nsame=1\nwritev-(-1)=-EINVAL\nreadv-(-1)=-EINVAL\n"
			   "writev-INT_MIN=-EINVAL\n");
}

static void iov_negative_len(void *arg)
{
	struct iovec bad1[1] = { { buf, (size_t)-1 } };
	struct iovec bad2[2] = { { buf, 1 }, { buf, (size_t)LONG_MIN } };
	int p[2];

	new_pipe(p, O_NONBLOCK);
	lxt_say("writev", lxt_writev(4, bad1, 1));
	lxt_say("writev-second", lxt_writev(4, bad2, 2));
	lxt_say("write", lxt_write(4, "q", 1));
	lxt_say("readv", lxt_readv(3, bad1, 1));
	lxt_say("readv-second", lxt_readv(3, bad2, 2));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
}

TEST_F(fd, readv_writev_with_a_negative_length_are_einval)
{
	DIFF(.body = iov_negative_len,
	     .expect_out = "pipe2=0 3 4\nwritev=-EINVAL\nwritev-second=-EINVAL\nwrite=1\n"
			   "readv=-EINVAL\nreadv-second=-EINVAL\nread=1 'q'\n");
}

static void iov_efault(void *arg)
{
	struct iovec null_base[1] = { { NULL, 3 } };
	int p[2];

	new_pipe(p, O_NONBLOCK);
	lxt_say("writev-null-array", lxt_writev(4, NULL, 1));
	lxt_say("writev-kernel-array", lxt_writev(4, (void *)0xffff800000000000UL, 1));
	lxt_say("writev-null-base", lxt_writev(4, null_base, 1));
	lxt_say("read", lxt_read(3, buf, 10));
	lxt_say("write", lxt_write(4, "abc", 3));
	lxt_say("readv-null-array", lxt_readv(3, NULL, 1));
	lxt_say("readv-null-base", lxt_readv(3, null_base, 1));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
}

TEST_F(fd, readv_writev_with_a_bad_pointer_are_efault)
{
	DIFF(.body = iov_efault,
	     .expect_out = "pipe2=0 3 4\nwritev-null-array=-EFAULT\nwritev-kernel-array=-EFAULT\n"
			   "writev-null-base=-EFAULT\nread=-EAGAIN\nwrite=3\n"
			   "readv-null-array=-EFAULT\nreadv-null-base=-EFAULT\nread=3 'abc'\n");
}

static void iov_zero(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("writev0", lxt_writev(4, iovs, 0));
	lxt_say("readv0", lxt_readv(3, iovs_in, 0));
	lxt_say("writev0-null", lxt_writev(4, NULL, 0));
	lxt_say("readv0-null", lxt_readv(3, NULL, 0));
}

TEST_F(fd, readv_writev_of_zero_iovecs_return_zero_at_once)
{
	DIFF(.body = iov_zero,
	     .expect_out = "pipe2=0 3 4\nwritev0=0\nreadv0=0\nwritev0-null=0\nreadv0-null=0\n");
}

/* ---- execve ---- */

static char probe_path[256];

static void find_probe(void *arg)
{
	const char *dir = getenv("LXT_HELPERS_DIR");

	snprintf(probe_path, sizeof(probe_path), "%s/fd-probe", dir ? dir : LXT_HELPERS);
}

static void exec_cloexec(void *arg)
{
	char *argv[] = { probe_path, NULL };
	char *envp[] = { NULL };
	int p[2];

	new_pipe(p, O_CLOEXEC);
	new_pipe(p, 0);
	lxt_say("setfd6", lxt_fcntl(6, F_SETFD, FD_CLOEXEC));
	lxt_say("dup3-5-7", lxt_dup3(5, 7, O_CLOEXEC));
	lxt_say("dup3", lxt_dup(3));
	lxt_say("dupfd_cloexec-5-10", lxt_fcntl(5, F_DUPFD_CLOEXEC, 10));
	lxt_say("dup2-4-11", lxt_dup2(4, 11));
	lxt_say("execve", lxt_syscall6(SYS_execve, (long)argv[0], (long)argv, (long)envp,
				       0, 0, 0));
}

TEST_F(fd, exec_closes_the_close_on_exec_fds_and_keeps_the_others)
{
	/* Open after exec: 0 1 2 5 8 11; exit status: fds 0-7 as bits. */
	DIFF(.setup = find_probe, .body = exec_cloexec,
	     .expect_out = "pipe2=0 3 4\npipe2=0 5 6\nsetfd6=0\ndup3-5-7=7\ndup3=8\n"
			   "dupfd_cloexec-5-10=10\ndup2-4-11=11\nexec: open 0 1 2 5 8 11\n",
	     .expect_end = "exit=39");
}

/* ---- fork, threads ---- */

static void fork_copies(void *arg)
{
	int p[2];
	long pid;

	new_pipe(p, O_CLOEXEC);
	pid = lxt_fork();
	if (pid == 0) {
		say_getfd(3);
		lxt_say("child-close3", lxt_close(3));
		lxt_say("child-dup2-4-10", lxt_dup2(4, 10));
		new_pipe(p, 0);
		lxt_raw_exit(0);
	}
	lxt_say("wait", lxt_wait(pid));
	say_getfd(3);
	say_getfd(5);
	say_getfd(10);
	new_pipe(p, 0);
}

TEST_F(fd, fork_gives_the_child_a_copy_of_the_table)
{
	DIFF(.body = fork_copies,
	     .expect_out = "pipe2=0 3 4\ngetfd3=1\nchild-close3=0\nchild-dup2-4-10=10\n"
			   "pipe2=0 3 5\nwait=0\ngetfd3=1\ngetfd5=-EBADF\ngetfd10=-EBADF\n"
			   "pipe2=0 5 6\n");
}

static void fork_shares_file(void *arg)
{
	int p[2];
	long pid;

	new_pipe(p, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_fcntl(3, F_SETFL, O_NONBLOCK);
		lxt_write(4, "from-child", 10);
		lxt_raw_exit(0);
	}
	lxt_say("wait", lxt_wait(pid));
	say_getfl(3);
	lxt_say_data("read", buf, lxt_read(3, buf, 100));
	lxt_say("read", lxt_read(3, buf, 100));
	lxt_say("close4", lxt_close(4));
	lxt_say("read", lxt_read(3, buf, 100));
}

TEST_F(fd, fork_shares_the_open_pipe_and_its_status_flags)
{
	DIFF(.body = fork_shares_file,
	     .expect_out = "pipe2=0 3 4\nwait=0\ngetfl3=0x800\nread=10 'from-child'\n"
			   "read=-EAGAIN\nclose4=0\nread=0\n");
}

static int thread_fds[2];

static void thread_makes_fds(void *arg)
{
	thread_ret[0] = lxt_pipe2(thread_fds, O_CLOEXEC);
	thread_ret[1] = lxt_dup2(0, 20);
}

static void threads_share(void *arg)
{
	lxt_say("thread", lxt_thread_start(&thread_a, thread_makes_fds, NULL) > 0);
	lxt_thread_join(&thread_a);
	say_pipe("thread-pipe2", thread_ret[0], thread_fds);
	lxt_say("thread-dup2", thread_ret[1]);
	say_getfd(3);
	say_getfd(4);
	say_getfd(20);
	lxt_say("write", lxt_write(4, "t", 1));
	lxt_say_data("read", buf, lxt_read(3, buf, 10));
	lxt_say("dup0", lxt_dup(0));
}

TEST_F(fd, threads_share_one_table)
{
	DIFF(.body = threads_share,
	     .expect_out = "thread=1\nthread-pipe2=0 3 4\nthread-dup2=20\ngetfd3=1\ngetfd4=1\n"
			   "getfd20=0\nwrite=1\nread=1 't'\ndup0=5\n");
}

static void thread_closes(void *arg)
{
	thread_ret[0] = lxt_close(3);
	thread_ret[1] = lxt_close(4);
}

static void closed_by_thread(void *arg)
{
	int p[2];

	new_pipe(p, 0);
	lxt_say("thread", lxt_thread_start(&thread_b, thread_closes, NULL) > 0);
	lxt_thread_join(&thread_b);
	lxt_say("thread-close3", thread_ret[0]);
	lxt_say("thread-close4", thread_ret[1]);
	say_getfd(3);
	lxt_say("read3", lxt_read(3, buf, 1));
	lxt_say("write4", lxt_write(4, "x", 1));
	lxt_say("close3", lxt_close(3));
	lxt_say("dup0", lxt_dup(0));
}

TEST_F(fd, an_fd_closed_by_another_thread_is_ebadf)
{
	DIFF(.body = closed_by_thread,
	     .expect_out = "pipe2=0 3 4\nthread=1\nthread-close3=0\nthread-close4=0\n"
			   "getfd3=-EBADF\nread3=-EBADF\nwrite4=-EBADF\nclose3=-EBADF\ndup0=3\n");
}

/* ---- RLIMIT_NOFILE ---- */

static void fill_table(void *arg)
{
	long n = 0, r;
	int p[2] = { -7, -7 };

	while ((r = lxt_dup(0)) >= 0)
		n++;
	lxt_say("dups", n);
	lxt_say("dup", r);
	lxt_say("dupfd", lxt_fcntl(0, F_DUPFD, 0));
	lxt_say("dupfd_cloexec", lxt_fcntl(0, F_DUPFD_CLOEXEC, 0));
	lxt_say("pipe", lxt_pipe(p));
	lxt_say("pipe2", lxt_pipe2(p, O_CLOEXEC));
	lxt_say("untouched", p[0] == -7 && p[1] == -7);
	lxt_say("dup2-0-15", lxt_dup2(0, 15));
	lxt_say("dup3-0-16", lxt_dup3(0, 16, 0));
	lxt_say("close9", lxt_close(9));
	lxt_say("dup", lxt_dup(1));
}

TEST_F(fd, dup_pipe_and_dupfd_with_no_free_fd_below_the_limit_are_emfile)
{
	DIFF(.setup = limit_16, .body = fill_table,
	     .expect_out = "dups=13\ndup=-EMFILE\ndupfd=-EMFILE\ndupfd_cloexec=-EMFILE\n"
			   "pipe=-EMFILE\npipe2=-EMFILE\nuntouched=1\ndup2-0-15=15\n"
			   "dup3-0-16=-EBADF\nclose9=0\ndup=9\n");
}

static void pipe_one_free(void *arg)
{
	int p[2] = { -7, -7 }, i;

	for (i = 0; i < 12; i++)
		lxt_dup(0);
	lxt_say("pipe", lxt_pipe(p));
	lxt_say("pipe2", lxt_pipe2(p, 0));
	lxt_say("untouched", p[0] == -7 && p[1] == -7);
	lxt_say("dup", lxt_dup(0));
	lxt_say("dup", lxt_dup(0));
}

TEST_F(fd, pipe_with_one_free_fd_is_emfile_and_takes_none)
{
	DIFF(.setup = limit_16, .body = pipe_one_free,
	     .expect_out = "pipe=-EMFILE\npipe2=-EMFILE\nuntouched=1\ndup=15\ndup=-EMFILE\n");
}

/* ---- lxcore answers these calls itself ---- */

static const long fd_syscalls[] = {
	SYS_close, SYS_close_range, SYS_dup, SYS_dup2, SYS_dup3, SYS_fcntl,
	SYS_pipe, SYS_pipe2, SYS_read, SYS_write, SYS_readv, SYS_writev,
};

static void every_fd_syscall(void *arg)
{
	struct iovec iov = { buf, 2 };
	int p[2];

	lxt_say("pipe", lxt_pipe(p));
	lxt_say("pipe2", lxt_pipe2(p, 0));
	lxt_say("dup", lxt_dup(3));
	lxt_say("dup2", lxt_dup2(3, 10));
	lxt_say("dup3", lxt_dup3(3, 11, O_CLOEXEC));
	lxt_say("fcntl", lxt_fcntl(11, F_GETFD, 0));
	lxt_say("write", lxt_write(4, "ab", 2));
	lxt_say("writev", lxt_writev(4, &iov, 1));
	lxt_say("read", lxt_read(3, buf, 2));
	lxt_say("readv", lxt_readv(3, &iov, 1));
	lxt_say("close", lxt_close(10));
	lxt_say("close_range", lxt_close_range(3, ~0U, 0));
}

TEST_F(fd, a_pico_process_has_every_fd_syscall_answered_by_lxcore)
{
	struct lxt_counters c;
	unsigned int i;

	DIFF(.body = every_fd_syscall,
	     .expect_out = "pipe=0\npipe2=0\ndup=7\ndup2=10\ndup3=11\nfcntl=1\nwrite=2\n"
			   "writev=2\nread=2\nreadv=2\nclose=0\nclose_range=0\n");
	if (lxt_native_only())
		SKIP(return, "LXT_NATIVE_ONLY: no pico run to count");
	ASSERT_EQ(0, lxt_query(self->inst, &c));
	for (i = 0; i < sizeof(fd_syscalls) / sizeof(fd_syscalls[0]); i++) {
		struct lxss_syscall_info info = { .size = sizeof(info) };
		long nr = fd_syscalls[i];

		EXPECT_LT(0, c.calls[nr]) TH_LOG("nr %ld never reached lxcore", nr);
		EXPECT_EQ(0, c.unimpl[nr]) TH_LOG("nr %ld answered as unimplemented", nr);
		/* A native row would mean the host's fd table, not lxcore's. */
		info.nr = nr;
		ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
		EXPECT_EQ(LXSS_SYSCALL_IMPLEMENTED,
			  info.flags & (LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE))
			TH_LOG("nr %ld (%s): flags %#x, not an lxcore handler", nr, info.name,
			       info.flags);
	}
}

TEST_HARNESS_MAIN
