// SPDX-License-Identifier: GPL-2.0
/*
 * proc_mm_test: differential tests of memory, futex, time and scheduling
 * calls. Each body runs natively and as a pico process (lxt_diff): the
 * native output must be the Linux values written here and the pico output
 * the native one. A few isolation tests run only as pico processes: a pid
 * outside the instance must be as missing as a pid nobody has.
 *
 * Every child starts with fds 0-2 (fd 0 a pipe from the parent), so a new
 * pipe is fds 3 and 4. Addresses differ between runs: bodies print only
 * what they mean (ok, equal, zero).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

#define PG 4096L

FIXTURE(mm) {
	int dev;
	int inst;
};

FIXTURE_SETUP(mm)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	self->inst = lxt_create(self->dev, "proc_mm");
	ASSERT_LE(0, self->inst) TH_LOG("create: %s", strerror(errno));
}

FIXTURE_TEARDOWN(mm)
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

/* Run a case only as a pico process; its output must be @want. */
#define PICO(want, ...) do {						\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	static struct lxt_result res_;					\
	if (lxt_native_only())						\
		SKIP(return, "pico only");				\
	ASSERT_EQ(0, lxt_run_case(self->inst, &case_, &res_));		\
	ASSERT_EQ(0, lxt_check_result("pico", &res_, "expected", want, "", "exit=0")); \
} while (0)

/* ---- Raw calls ---- */

static long sys_mmap(void *addr, long len, long prot, long flags, long fd, long off)
{
	return lxt_syscall6(SYS_mmap, (long)addr, len, prot, flags, fd, off);
}

static long sys_anon(long len, long prot)
{
	return sys_mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static long sys_munmap(long addr, long len)
{
	return lxt_syscall6(SYS_munmap, addr, len, 0, 0, 0, 0);
}

static long sys_mprotect(long addr, long len, long prot)
{
	return lxt_syscall6(SYS_mprotect, addr, len, prot, 0, 0, 0);
}

static long sys_futex(volatile int *u, long op, long val, long timeout_or_val2,
		      volatile int *u2, long val3)
{
	return lxt_syscall6(SYS_futex, (long)u, op, val, timeout_or_val2, (long)u2, val3);
}

static long sys_clock_gettime(long clk, struct timespec *ts)
{
	return lxt_syscall6(SYS_clock_gettime, clk, (long)ts, 0, 0, 0, 0);
}

/* A negative clock id: CPU clock @low of @pid (0: the caller), or fd @pid with low 3. */
static long clock_of(long pid, unsigned int low)
{
	return (int)(((unsigned int)~pid << 3) | low);
}

static long now_ns(void)
{
	struct timespec ts;

	sys_clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static long sys_nanosleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	return lxt_syscall6(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
}

/* A user address or -errno: "tag=ok" or "tag=-EINVAL". */
static void say_ok(const char *tag, long r)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	if (r < 0 && r > -4096)
		lxt_put_ret(&l, r);
	else
		lxt_put_str(&l, "ok");
	lxt_put_end(&l);
}

/* ---- mmap, munmap, mprotect ---- */

static void anon_private(void *arg)
{
	long a = sys_anon(2 * PG, PROT_READ | PROT_WRITE), bad = 0, i;
	char *p = (char *)a;

	say_ok("mmap", a);
	lxt_say("aligned", (a & (PG - 1)) == 0);
	for (i = 0; i < 2 * PG; i++)
		bad += p[i] != 0;
	lxt_say("zeroed", bad == 0);
	for (i = 0; i < 2 * PG; i++)
		p[i] = (char)i;
	for (i = 0, bad = 0; i < 2 * PG; i++)
		bad += p[i] != (char)i;
	lxt_say("kept", bad == 0);
	lxt_say("munmap", sys_munmap(a, 2 * PG));
	lxt_say("munmap-again", sys_munmap(a, 2 * PG));
	lxt_say("munmap-unaligned", sys_munmap(a + 1, PG));
}

TEST_F(mm, anonymous_private_memory_is_zeroed_writable_and_unmapped)
{
	DIFF(.body = anon_private,
	     .expect_out = "mmap=ok\naligned=1\nzeroed=1\nkept=1\nmunmap=0\nmunmap-again=0\n"
			   "munmap-unaligned=-EINVAL\n");
}

static void anon_shared(void *arg)
{
	long a = sys_mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile int *w = (volatile int *)a;
	long pid;

	say_ok("mmap", a);
	*w = 1;
	pid = lxt_fork();
	if (pid == 0) {
		*w = 42;
		lxt_raw_exit(0);
	}
	lxt_say("wait", lxt_wait(pid));
	lxt_say("seen", *w);
}

TEST_F(mm, anonymous_shared_memory_is_shared_with_a_forked_child)
{
	DIFF(.body = anon_shared, .expect_out = "mmap=ok\nwait=0\nseen=42\n");
}

static void private_cow(void *arg)
{
	long a = sys_anon(PG, PROT_READ | PROT_WRITE);
	volatile int *w = (volatile int *)a;
	long pid;

	*w = 1;
	pid = lxt_fork();
	if (pid == 0) {
		*w = 42;
		lxt_raw_exit(0);
	}
	lxt_say("wait", lxt_wait(pid));
	lxt_say("seen", *w);
}

TEST_F(mm, anonymous_private_memory_is_copied_on_fork)
{
	DIFF(.body = private_cow, .expect_out = "wait=0\nseen=1\n");
}

static void prot_none_touch(void *arg)
{
	long a = sys_anon(PG, PROT_READ | PROT_WRITE);

	*(volatile char *)a = 1;
	lxt_say("mprotect", sys_mprotect(a, PG, PROT_NONE));
	lxt_say_text("touching");
	lxt_say("read", *(volatile char *)a);
}

TEST_F(mm, touching_a_prot_none_page_raises_sigsegv)
{
	DIFF(.body = prot_none_touch, .expect_out = "mprotect=0\ntouching\n",
	     .expect_end = "signal=11");
}

static void read_only_write(void *arg)
{
	long a = sys_anon(2 * PG, PROT_READ | PROT_WRITE);

	*(volatile char *)a = 7;
	sys_munmap(a + PG, PG);
	lxt_say("mprotect", sys_mprotect(a, PG, PROT_READ));
	lxt_say("read", *(volatile char *)a);
	lxt_say("mprotect-bad", sys_mprotect(a + 1, PG, PROT_READ));
	lxt_say("mprotect-unmapped", sys_mprotect(a + PG, PG, PROT_READ));
	*(volatile char *)a = 8;
}

TEST_F(mm, writing_a_read_only_page_raises_sigsegv_after_reads_succeed)
{
	DIFF(.body = read_only_write,
	     .expect_out = "mprotect=0\nread=7\nmprotect-bad=-EINVAL\nmprotect-unmapped=-ENOMEM\n",
	     .expect_end = "signal=11");
}

static void fixed_noreplace(void *arg)
{
	long a = sys_anon(4 * PG, PROT_READ | PROT_WRITE), r;

	*(volatile char *)(a + PG) = 5;
	r = sys_mmap((void *)(a + PG), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		     MAP_FIXED_NOREPLACE, -1, 0);
	lxt_say("noreplace-over-mapped", r);
	lxt_say("kept", *(volatile char *)(a + PG));
	sys_munmap(a + 2 * PG, 2 * PG);
	r = sys_mmap((void *)(a + 2 * PG), PG, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	lxt_say("noreplace-in-hole-at-addr", r == a + 2 * PG);
	r = sys_mmap((void *)(a + PG), PG, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	lxt_say("fixed-at-addr", r == a + PG);
	lxt_say("fixed-replaced", *(volatile char *)(a + PG));
	r = sys_mmap((void *)(a + 1), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		     -1, 0);
	lxt_say("fixed-unaligned", r);
}

TEST_F(mm, map_fixed_noreplace_over_a_mapping_is_eexist_and_map_fixed_replaces)
{
	DIFF(.body = fixed_noreplace,
	     .expect_out = "noreplace-over-mapped=-EEXIST\nkept=5\nnoreplace-in-hole-at-addr=1\n"
			   "fixed-at-addr=1\nfixed-replaced=0\nfixed-unaligned=-EINVAL\n");
}

static void bad_args(void *arg)
{
	lxt_say("len0", sys_anon(0, PROT_READ));
	lxt_say("no-type", sys_mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0));
	lxt_say("shared-validate-anon", sys_mmap(NULL, PG, PROT_READ,
						 MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0));
	lxt_say("sync-anon", sys_mmap(NULL, PG, PROT_READ,
				      MAP_SHARED_VALIDATE | MAP_SYNC | MAP_ANONYMOUS, -1, 0));
	say_ok("sync-shared-anon", sys_mmap(NULL, PG, PROT_READ,
					    MAP_SHARED | MAP_SYNC | MAP_ANONYMOUS, -1, 0));
	lxt_say("unaligned-offset", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
					     -1, 1));
	lxt_say("huge-len", sys_anon(-PG, PROT_READ));
	lxt_say("growsdown-shared", sys_mmap(NULL, PG, PROT_READ,
					     MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0));
	say_ok("growsdown-private", sys_mmap(NULL, PG, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0));
	say_ok("stack-noreserve-populate",
	       sys_mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
			MAP_STACK | MAP_NORESERVE | MAP_POPULATE, -1, 0));
}

TEST_F(mm, mmap_with_bad_flags_length_or_offset_fails_as_linux_says)
{
	DIFF(.body = bad_args,
	     .expect_out = "len0=-EINVAL\nno-type=-EINVAL\nshared-validate-anon=-EINVAL\n"
			   "sync-anon=-EINVAL\nsync-shared-anon=ok\nunaligned-offset=-EINVAL\n"
			   "huge-len=-ENOMEM\ngrowsdown-shared=-EINVAL\ngrowsdown-private=ok\n"
			   "stack-noreserve-populate=ok\n");
}

static void mmap_fds(void *arg)
{
	long big = 1L << 40;
	int p[2];

	lxt_pipe2(p, 0);
	lxt_say("pipe-read-end", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 3, 0));
	lxt_say("pipe-shared", sys_mmap(NULL, PG, PROT_READ, MAP_SHARED, 3, 0));
	lxt_say("pipe-shared-write", sys_mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, 3, 0));
	lxt_say("pipe-write-end", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 4, 0));
	lxt_say("pipe-validate-sync", sys_mmap(NULL, PG, PROT_READ,
					       MAP_SHARED_VALIDATE | MAP_SYNC, 3, 0));
	lxt_say("pipe-len0", sys_mmap(NULL, 0, PROT_READ, MAP_PRIVATE, 3, 0));
	lxt_say("pipe-no-type", sys_mmap(NULL, PG, PROT_READ, 0, 3, 0));
	lxt_say("pipe-huge-offset", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 3, -PG));
	lxt_say("pipe-hugetlb", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_HUGETLB, 3, 0));
	lxt_say("pipe-fixed-unaligned", sys_mmap((void *)(big + 1), PG, PROT_READ,
						 MAP_PRIVATE | MAP_FIXED, 3, 0));
	lxt_say("stdin", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 0));
	lxt_say("bad-fd", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 9, 0));
	lxt_say("bad-fd-len0", sys_mmap(NULL, 0, PROT_READ, MAP_PRIVATE, 9, 0));
	lxt_say("bad-fd-no-type", sys_mmap(NULL, PG, PROT_READ, 0, -1, 0));
	lxt_say("bad-fd-unaligned-offset", sys_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 9, 1));
}

TEST_F(mm, mmap_of_a_pipe_is_enodev_and_of_a_bad_fd_ebadf_in_linux_order)
{
	DIFF(.body = mmap_fds,
	     .expect_out = "pipe-read-end=-E19\npipe-shared=-E19\npipe-shared-write=-EACCES\n"
			   "pipe-write-end=-EACCES\npipe-validate-sync=-EOPNOTSUPP\n"
			   "pipe-len0=-EINVAL\npipe-no-type=-EINVAL\npipe-huge-offset=-E75\n"
			   "pipe-hugetlb=-EINVAL\npipe-fixed-unaligned=-EINVAL\nstdin=-E19\n"
			   "bad-fd=-EBADF\nbad-fd-len0=-EBADF\nbad-fd-no-type=-EBADF\n"
			   "bad-fd-unaligned-offset=-EINVAL\n");
}

static void noreplace_on_pipe(void *arg)
{
	long a = sys_anon(PG, PROT_READ);
	int p[2];

	lxt_pipe2(p, 0);
	lxt_say("pipe-noreplace-over-mapped",
		sys_mmap((void *)a, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, 3, 0));
}

TEST_F(mm, a_file_mapping_checks_map_fixed_noreplace_before_the_file)
{
	DIFF(.body = noreplace_on_pipe, .expect_out = "pipe-noreplace-over-mapped=-EEXIST\n");
}

/* ---- mremap, brk ---- */

static void mremap_grow_move(void *arg)
{
	long a = sys_anon(PG, PROT_READ | PROT_WRITE), b, c, hole;

	*(volatile char *)a = 'x';
	/* Grow in place is not promised; with MAYMOVE it must succeed. */
	b = lxt_syscall6(SYS_mremap, a, PG, 8 * PG, MREMAP_MAYMOVE, 0, 0);
	say_ok("grow", b);
	lxt_say("kept", *(volatile char *)b);
	*(volatile char *)(b + 7 * PG) = 'y';
	hole = sys_anon(16 * PG, PROT_NONE);
	sys_munmap(hole, 16 * PG);
	c = lxt_syscall6(SYS_mremap, b, 8 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, hole, 0);
	lxt_say("moved-to-addr", c == hole);
	lxt_say("kept-first", *(volatile char *)c);
	lxt_say("kept-last", *(volatile char *)(c + 7 * PG));
	lxt_say("shrink", lxt_syscall6(SYS_mremap, c, 8 * PG, PG, 0, 0, 0) == c);
	lxt_say("unaligned", lxt_syscall6(SYS_mremap, c + 1, PG, PG, 0, 0, 0));
	lxt_say("bad-flags", lxt_syscall6(SYS_mremap, c, PG, PG, 0x80, 0, 0));
	lxt_say("fixed-without-maymove",
		lxt_syscall6(SYS_mremap, c, PG, PG, MREMAP_FIXED, hole, 0));
}

TEST_F(mm, mremap_grows_moves_and_shrinks_keeping_the_contents)
{
	DIFF(.body = mremap_grow_move,
	     .expect_out = "grow=ok\nkept=120\nmoved-to-addr=1\nkept-first=120\nkept-last=121\n"
			   "shrink=1\nunaligned=-EINVAL\nbad-flags=-EINVAL\n"
			   "fixed-without-maymove=-EINVAL\n");
}

static void brk_grow_shrink(void *arg)
{
	long cur = lxt_syscall6(SYS_brk, 0, 0, 0, 0, 0, 0), r;

	r = lxt_syscall6(SYS_brk, cur + 64 * PG, 0, 0, 0, 0, 0);
	lxt_say("grow", r == cur + 64 * PG);
	*(volatile char *)(cur + 63 * PG) = 3;
	lxt_say("touch", *(volatile char *)(cur + 63 * PG));
	r = lxt_syscall6(SYS_brk, cur + PG, 0, 0, 0, 0, 0);
	lxt_say("shrink", r == cur + PG);
	lxt_say("query", lxt_syscall6(SYS_brk, 0, 0, 0, 0, 0, 0) == cur + PG);
	lxt_say("mincore-freed",
		lxt_syscall6(SYS_mincore, (cur + 63 * PG) & ~(PG - 1), PG, (long)&r, 0, 0, 0));
	r = lxt_syscall6(SYS_brk, 1L << 46, 0, 0, 0, 0, 0);
	lxt_say("too-far-unchanged", r == cur + PG);
}

TEST_F(mm, brk_grows_and_shrinks_the_heap)
{
	DIFF(.body = brk_grow_shrink,
	     .expect_out = "grow=1\ntouch=3\nshrink=1\nquery=1\nmincore-freed=-ENOMEM\n"
			   "too-far-unchanged=1\n");
}

/* ---- mincore, madvise, msync ---- */

static void mincore_pages(void *arg)
{
	long a = sys_anon(4 * PG, PROT_READ | PROT_WRITE);
	unsigned char vec[4] = { 9, 9, 9, 9 };
	struct lxt_line l = { .n = 0 };
	int i;

	*(volatile char *)a = 1;
	*(volatile char *)(a + 2 * PG) = 1;
	lxt_say("mincore", lxt_syscall6(SYS_mincore, a, 4 * PG, (long)vec, 0, 0, 0));
	lxt_put_str(&l, "vec=");
	for (i = 0; i < 4; i++)
		lxt_put_ulong(&l, vec[i] & 1, 10);
	lxt_put_end(&l);
	lxt_say("unaligned", lxt_syscall6(SYS_mincore, a + 1, PG, (long)vec, 0, 0, 0));
	lxt_say("bad-vec", lxt_syscall6(SYS_mincore, a, PG, 8, 0, 0, 0));
	sys_munmap(a + PG, PG);
	lxt_say("hole", lxt_syscall6(SYS_mincore, a, 4 * PG, (long)vec, 0, 0, 0));
}

TEST_F(mm, mincore_reports_the_touched_pages)
{
	DIFF(.body = mincore_pages,
	     .expect_out = "mincore=0\nvec=1010\nunaligned=-EINVAL\nbad-vec=-EFAULT\nhole=-ENOMEM\n");
}

static void madvise_dontneed(void *arg)
{
	long a = sys_anon(2 * PG, PROT_READ | PROT_WRITE);
	long s = sys_mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	*(volatile char *)a = 5;
	*(volatile char *)(a + PG) = 6;
	*(volatile char *)s = 7;
	lxt_say("dontneed", lxt_syscall6(SYS_madvise, a, PG, MADV_DONTNEED, 0, 0, 0));
	lxt_say("zeroed", *(volatile char *)a);
	lxt_say("other-page", *(volatile char *)(a + PG));
	lxt_say("dontneed-shared", lxt_syscall6(SYS_madvise, s, PG, MADV_DONTNEED, 0, 0, 0));
	lxt_say("shared-kept", *(volatile char *)s);
	lxt_say("bad-advice", lxt_syscall6(SYS_madvise, a, PG, 12345, 0, 0, 0));
	lxt_say("unaligned", lxt_syscall6(SYS_madvise, a + 1, PG, MADV_NORMAL, 0, 0, 0));
	lxt_say("willneed", lxt_syscall6(SYS_madvise, a, 2 * PG, MADV_WILLNEED, 0, 0, 0));
	lxt_say("msync", lxt_syscall6(SYS_msync, a, PG, MS_SYNC, 0, 0, 0));
	lxt_say("msync-bad-flags", lxt_syscall6(SYS_msync, a, PG, MS_SYNC | MS_ASYNC, 0, 0, 0));
}

TEST_F(mm, madvise_dontneed_zeroes_anonymous_private_memory)
{
	DIFF(.body = madvise_dontneed,
	     .expect_out = "dontneed=0\nzeroed=0\nother-page=6\ndontneed-shared=0\nshared-kept=7\n"
			   "bad-advice=-EINVAL\nunaligned=-EINVAL\nwillneed=0\nmsync=0\n"
			   "msync-bad-flags=-EINVAL\n");
}

/* ---- futex ---- */

static struct lxt_thread thread_a, thread_b;
static volatile int fword, fword2;
static volatile long tret[4];

/*
 * Waiters on fword: a private and a shared wait are different futexes
 * (the key says which), so each test wakes with the op it waited with.
 */
static void waiter_a(void *arg)
{
	tret[0] = sys_futex(&fword, (long)arg, 0, 0, NULL, 0);
}

static void waiter_b(void *arg)
{
	tret[1] = sys_futex(&fword, (long)arg, 0, 0, NULL, 0);
}

/* Wake one waiter of @u, retrying until one was asleep there. */
static long wake_one(volatile int *u, long op)
{
	long r;

	while ((r = sys_futex(u, op, 1, 0, NULL, 0)) == 0)
		lxt_syscall0(SYS_sched_yield);
	return r;
}

static void futex_wait_wake(void *arg)
{
	lxt_say("thread", lxt_thread_start(&thread_a, waiter_a, (void *)FUTEX_WAIT_PRIVATE) > 0);
	lxt_say("wake", wake_one(&fword, FUTEX_WAKE_PRIVATE));
	lxt_thread_join(&thread_a);
	lxt_say("wait", tret[0]);
	lxt_say("wake-nobody", sys_futex(&fword, FUTEX_WAKE, 1, 0, NULL, 0));
}

TEST_F(mm, futex_wait_sleeps_until_another_thread_wakes_it)
{
	DIFF(.body = futex_wait_wake, .expect_out = "thread=1\nwake=1\nwait=0\nwake-nobody=0\n");
}

static void futex_timeout(void *arg)
{
	struct timespec ts = { 0, 20 * 1000000L };
	long t0 = now_ns(), r;

	r = sys_futex(&fword, FUTEX_WAIT_PRIVATE, 0, (long)&ts, NULL, 0);
	lxt_say("wait", r);
	lxt_say("waited>=20ms", now_ns() - t0 >= 20000000L);
	ts.tv_nsec = 1000000000L;
	lxt_say("bad-timeout", sys_futex(&fword, FUTEX_WAIT_PRIVATE, 0, (long)&ts, NULL, 0));
	lxt_say("fault-timeout", sys_futex(&fword, FUTEX_WAIT_PRIVATE, 0, 8, NULL, 0));
	lxt_say("fault-word", sys_futex((volatile int *)8, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0));
	lxt_say("unaligned", sys_futex((volatile int *)((char *)&fword + 1),
				       FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0));
}

TEST_F(mm, futex_wait_times_out_and_checks_its_timeout)
{
	DIFF(.body = futex_timeout,
	     .expect_out = "wait=-E110\nwaited>=20ms=1\nbad-timeout=-EINVAL\n"
			   "fault-timeout=-EFAULT\nfault-word=-EFAULT\nunaligned=-EINVAL\n");
}

static void futex_wrong_value(void *arg)
{
	fword = 3;
	lxt_say("wait", sys_futex(&fword, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0));
	lxt_say("wait-bitset", sys_futex(&fword, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, NULL, 1));
	lxt_say("bitset-zero", sys_futex(&fword, FUTEX_WAIT_BITSET_PRIVATE, 3, 0, NULL, 0));
	lxt_say("realtime-wait", sys_futex(&fword, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 3, 0,
					   NULL, 0));
	lxt_say("unknown-op", sys_futex(&fword, 99, 0, 0, NULL, 0));
}

TEST_F(mm, futex_wait_with_a_changed_value_is_eagain)
{
	DIFF(.body = futex_wrong_value,
	     .expect_out = "wait=-EAGAIN\nwait-bitset=-EAGAIN\nbitset-zero=-EINVAL\n"
			   "realtime-wait=-ENOSYS\nunknown-op=-ENOSYS\n");
}

static void futex_requeue(void *arg)
{
	long moved = 0, woken = 0, r;

	fword = 0;
	lxt_thread_start(&thread_a, waiter_a, (void *)FUTEX_WAIT);
	lxt_thread_start(&thread_b, waiter_b, (void *)FUTEX_WAIT);
	lxt_say("cmp-requeue-stale", sys_futex(&fword, FUTEX_CMP_REQUEUE, 0, INT_MAX, &fword2, 1));
	/* Move the two waiters of fword to fword2 as they fall asleep. */
	while (moved < 2) {
		r = sys_futex(&fword, FUTEX_CMP_REQUEUE, 0, INT_MAX, &fword2, 0);
		if (r < 0) {
			lxt_say("cmp-requeue", r);
			return;
		}
		moved += r;
		if (!r)
			lxt_syscall0(SYS_sched_yield);
	}
	lxt_say("requeued", moved);
	lxt_say("wake-old", sys_futex(&fword, FUTEX_WAKE, INT_MAX, 0, NULL, 0));
	/* FUTEX_REQUEUE (no compare) moves one back, wakes none... */
	lxt_say("requeue", sys_futex(&fword2, FUTEX_REQUEUE, 0, 1, &fword, 0));
	/* ...and each word now wakes its one waiter. */
	lxt_say("wake-new", sys_futex(&fword2, FUTEX_WAKE, INT_MAX, 0, NULL, 0));
	lxt_say("wake-back", sys_futex(&fword, FUTEX_WAKE, INT_MAX, 0, NULL, 0));
	lxt_thread_join(&thread_a);
	lxt_thread_join(&thread_b);
	woken = (tret[0] == 0) + (tret[1] == 0);
	lxt_say("woken", woken);
}

TEST_F(mm, futex_requeue_moves_waiters_to_another_word)
{
	DIFF(.body = futex_requeue,
	     .expect_out = "cmp-requeue-stale=-EAGAIN\nrequeued=2\nwake-old=0\nrequeue=1\n"
			   "wake-new=1\nwake-back=1\nwoken=2\n");
}

static void futex_wake_op(void *arg)
{
	fword2 = 1;
	lxt_say("wake-op", sys_futex(&fword, FUTEX_WAKE_OP_PRIVATE, 1, 1, &fword2,
				     FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 1)));
	lxt_say("word2", fword2);
	lxt_say("wake-bitset", sys_futex(&fword, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, NULL, 0));
}

TEST_F(mm, futex_wake_op_changes_the_second_word)
{
	DIFF(.body = futex_wake_op, .expect_out = "wake-op=0\nword2=6\nwake-bitset=-EINVAL\n");
}

static void futex_pi(void *arg)
{
	struct timespec bad = { 0, -1 };

	fword = 0;
	lxt_say("lock-pi", sys_futex(&fword, FUTEX_LOCK_PI_PRIVATE, 0, 0, NULL, 0));
	lxt_say("lock-pi2", sys_futex(&fword, FUTEX_LOCK_PI2, 0, 0, NULL, 0));
	lxt_say("trylock-pi", sys_futex(&fword, FUTEX_TRYLOCK_PI, 0, 0, NULL, 0));
	lxt_say("unlock-pi", sys_futex(&fword, FUTEX_UNLOCK_PI, 0, 0, NULL, 0));
	lxt_say("wait-requeue-pi", sys_futex(&fword, FUTEX_WAIT_REQUEUE_PI, 0, 0, &fword2, 0));
	lxt_say("cmp-requeue-pi", sys_futex(&fword, FUTEX_CMP_REQUEUE_PI, 1, 0, &fword2, 0));
	lxt_say("lock-pi-bad-timeout", sys_futex(&fword, FUTEX_LOCK_PI, 0, (long)&bad, NULL, 0));
	lxt_say("lock-pi-fault-timeout", sys_futex(&fword, FUTEX_LOCK_PI, 0, 8, NULL, 0));
	lxt_say("word", fword);
}

TEST_F(mm, priority_inheritance_futexes_are_enosys_after_the_timeout_checks)
{
	PICO("lock-pi=-ENOSYS\nlock-pi2=-ENOSYS\ntrylock-pi=-ENOSYS\nunlock-pi=-ENOSYS\n"
	     "wait-requeue-pi=-ENOSYS\ncmp-requeue-pi=-ENOSYS\nlock-pi-bad-timeout=-EINVAL\n"
	     "lock-pi-fault-timeout=-EFAULT\nword=0\n",
	     .body = futex_pi);
}

/* ---- time ---- */

static void clocks(void *arg)
{
	struct timespec a, b, res;
	struct timeval tv;
	long t, pid, clk;

	lxt_say("mono", sys_clock_gettime(CLOCK_MONOTONIC, &a));
	lxt_say("mono2", sys_clock_gettime(CLOCK_MONOTONIC, &b));
	lxt_say("increases", b.tv_sec > a.tv_sec ||
		(b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
	lxt_say("realtime", sys_clock_gettime(CLOCK_REALTIME, &a));
	lxt_say("after-2020", a.tv_sec > 1577836800L);
	lxt_say("gettimeofday", lxt_syscall6(SYS_gettimeofday, (long)&tv, 0, 0, 0, 0, 0));
	t = lxt_syscall6(SYS_time, 0, 0, 0, 0, 0, 0);
	lxt_say("time-close", t >= a.tv_sec && t - a.tv_sec < 5 && tv.tv_sec >= a.tv_sec);
	lxt_say("getres", lxt_syscall6(SYS_clock_getres, CLOCK_MONOTONIC, (long)&res, 0, 0, 0, 0));
	lxt_say("res-ok", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 4000000);
	lxt_say("boottime", sys_clock_gettime(CLOCK_BOOTTIME, &a));
	lxt_say("coarse", sys_clock_gettime(CLOCK_MONOTONIC_COARSE, &a));
	lxt_say("process-cpu", sys_clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a));
	lxt_say("thread-cpu", sys_clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a));
	lxt_say("bad-id", sys_clock_gettime(100, &a));
	lxt_say("bad-ptr", sys_clock_gettime(CLOCK_MONOTONIC, (struct timespec *)8));
	/* The CPU clock of a process by pid: own, a child's, a missing one. */
	pid = lxt_syscall0(SYS_getpid);
	clk = clock_of(pid, 2);		/* CPUCLOCK_SCHED of process @pid */
	lxt_say("own-pid-clock", sys_clock_gettime(clk, &a));
	lxt_say("own-pid-getres", lxt_syscall6(SYS_clock_getres, clk, (long)&res, 0, 0, 0, 0));
	pid = lxt_fork();
	if (pid == 0) {
		sys_nanosleep_ms(200);
		lxt_raw_exit(0);
	}
	lxt_say("child-clock", sys_clock_gettime(clock_of(pid, 2), &a));
	lxt_say("wait", lxt_wait(pid));
	lxt_say("reaped-child-clock", sys_clock_gettime(clock_of(pid, 2), &a));
	lxt_say("clockfd-0", sys_clock_gettime(clock_of(0, 3), &a));
	lxt_say("clockfd-getres", lxt_syscall6(SYS_clock_getres, clock_of(0, 3), (long)&res,
					       0, 0, 0, 0));
}

TEST_F(mm, clocks_read_increase_and_check_their_ids)
{
	DIFF(.body = clocks,
	     .expect_out = "mono=0\nmono2=0\nincreases=1\nrealtime=0\nafter-2020=1\n"
			   "gettimeofday=0\ntime-close=1\ngetres=0\nres-ok=1\nboottime=0\n"
			   "coarse=0\nprocess-cpu=0\nthread-cpu=0\nbad-id=-EINVAL\n"
			   "bad-ptr=-EFAULT\nown-pid-clock=0\nown-pid-getres=0\nchild-clock=0\n"
			   "wait=0\nreaped-child-clock=-EINVAL\nclockfd-0=-EINVAL\n"
			   "clockfd-getres=-EINVAL\n");
}

static void sleeps(void *arg)
{
	struct timespec ts = { 0, 10 * 1000000L }, abs;
	long t0 = now_ns();

	lxt_say("nanosleep", lxt_syscall6(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0));
	lxt_say("slept>=10ms", now_ns() - t0 >= 10000000L);
	sys_clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 20 * 1000000L;
	if (abs.tv_nsec >= 1000000000L) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000L;
	}
	lxt_say("abstime", lxt_syscall6(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME,
					(long)&abs, 0, 0, 0));
	lxt_say("reached", now_ns() >= abs.tv_sec * 1000000000L + abs.tv_nsec);
	lxt_say("abstime-past", lxt_syscall6(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME,
					     (long)&ts, 0, 0, 0));
	ts.tv_nsec = 1000000000L;
	lxt_say("bad-nsec", lxt_syscall6(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0));
	lxt_say("bad-ptr", lxt_syscall6(SYS_nanosleep, 8, 0, 0, 0, 0, 0));
	ts.tv_nsec = 1000000L;
	lxt_say("realtime-rel", lxt_syscall6(SYS_clock_nanosleep, CLOCK_REALTIME, 0, (long)&ts,
					     0, 0, 0));
	lxt_say("bad-clock", lxt_syscall6(SYS_clock_nanosleep, 100, 0, (long)&ts, 0, 0, 0));
	lxt_say("thread-cpu", lxt_syscall6(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0,
					   (long)&ts, 0, 0, 0));
	lxt_say("clockfd", lxt_syscall6(SYS_clock_nanosleep, clock_of(0, 3), 0, (long)&ts,
					0, 0, 0));
	lxt_say("clockfd-bad-ptr", lxt_syscall6(SYS_clock_nanosleep, clock_of(0, 3), 0, 8,
						0, 0, 0));
}

TEST_F(mm, nanosleep_and_clock_nanosleep_sleep_at_least_as_asked)
{
	DIFF(.body = sleeps,
	     .expect_out = "nanosleep=0\nslept>=10ms=1\nabstime=0\nreached=1\nabstime-past=0\n"
			   "bad-nsec=-EINVAL\nbad-ptr=-EFAULT\nrealtime-rel=0\nbad-clock=-EINVAL\n"
			   "thread-cpu=-EOPNOTSUPP\nclockfd=-EOPNOTSUPP\nclockfd-bad-ptr=-EOPNOTSUPP\n");
}

/* ---- scheduling ---- */

static void affinity(void *arg)
{
	unsigned long mask[16] = { 0 }, mask2[16] = { 0 };
	long r, r2;

	r = lxt_syscall6(SYS_sched_getaffinity, 0, sizeof(mask), (long)mask, 0, 0, 0);
	lxt_say("get-size", r == 8 || r == 16 || r == 32 || r == 64 || r == 128);
	lxt_say("cpu-in-mask", mask[0] != 0);
	lxt_say("set", lxt_syscall6(SYS_sched_setaffinity, 0, sizeof(mask), (long)mask, 0, 0, 0));
	r2 = lxt_syscall6(SYS_sched_getaffinity, lxt_syscall0(SYS_getpid), sizeof(mask2),
			  (long)mask2, 0, 0, 0);
	lxt_say("same", r2 == r && !memcmp(mask, mask2, r));
	lxt_say("short-len", lxt_syscall6(SYS_sched_getaffinity, 0, 7, (long)mask, 0, 0, 0));
	lxt_say("bad-ptr", lxt_syscall6(SYS_sched_getaffinity, 0, sizeof(mask), 8, 0, 0, 0));
	lxt_say("missing-pid", lxt_syscall6(SYS_sched_getaffinity, 0x3ffffff, sizeof(mask),
					    (long)mask, 0, 0, 0));
	lxt_say("negative-pid", lxt_syscall6(SYS_sched_getaffinity, -1, sizeof(mask),
					     (long)mask, 0, 0, 0));
	lxt_say("set-missing-pid", lxt_syscall6(SYS_sched_setaffinity, 0x3ffffff, sizeof(mask),
						(long)mask, 0, 0, 0));
	lxt_say("set-missing-pid-bad-ptr", lxt_syscall6(SYS_sched_setaffinity, 0x3ffffff,
							sizeof(mask), 8, 0, 0, 0));
	mask2[0] = 0;
	lxt_say("set-empty", lxt_syscall6(SYS_sched_setaffinity, 0, sizeof(mask2), (long)mask2,
					  0, 0, 0));
	lxt_say("yield", lxt_syscall0(SYS_sched_yield));
}

TEST_F(mm, sched_getaffinity_and_setaffinity_work_on_own_tasks)
{
	DIFF(.body = affinity,
	     .expect_out = "get-size=1\ncpu-in-mask=1\nset=0\nsame=1\nshort-len=-EINVAL\n"
			   "bad-ptr=-EFAULT\nmissing-pid=-E3\nnegative-pid=-E3\n"
			   "set-missing-pid=-E3\nset-missing-pid-bad-ptr=-EFAULT\n"
			   "set-empty=-EINVAL\nyield=0\n");
}

static void policy(void *arg)
{
	int prm = 99;

	lxt_say("getscheduler", lxt_syscall6(SYS_sched_getscheduler, 0, 0, 0, 0, 0, 0));
	lxt_say("getparam", lxt_syscall6(SYS_sched_getparam, 0, (long)&prm, 0, 0, 0, 0));
	lxt_say("priority", prm);
	lxt_say("getparam-null", lxt_syscall6(SYS_sched_getparam, 0, 0, 0, 0, 0, 0));
	lxt_say("getparam-negative", lxt_syscall6(SYS_sched_getparam, -1, (long)&prm, 0, 0, 0, 0));
	lxt_say("getparam-missing", lxt_syscall6(SYS_sched_getparam, 0x3ffffff, (long)&prm,
						 0, 0, 0, 0));
	lxt_say("getparam-bad-ptr", lxt_syscall6(SYS_sched_getparam, 0, 8, 0, 0, 0, 0));
	lxt_say("getscheduler-negative", lxt_syscall6(SYS_sched_getscheduler, -1, 0, 0, 0, 0, 0));
	lxt_say("getscheduler-missing", lxt_syscall6(SYS_sched_getscheduler, 0x3ffffff,
						     0, 0, 0, 0, 0));
}

TEST_F(mm, sched_getscheduler_and_getparam_report_sched_other)
{
	DIFF(.body = policy,
	     .expect_out = "getscheduler=0\ngetparam=0\npriority=0\ngetparam-null=-EINVAL\n"
			   "getparam-negative=-EINVAL\ngetparam-missing=-E3\n"
			   "getparam-bad-ptr=-EFAULT\ngetscheduler-negative=-EINVAL\n"
			   "getscheduler-missing=-E3\n");
}

static void priorities(void *arg)
{
	long pid;

	lxt_say("get", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, 0, 0, 0, 0, 0));
	lxt_say("set5", lxt_syscall6(SYS_setpriority, PRIO_PROCESS, 0, 5, 0, 0, 0));
	lxt_say("get5", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, 0, 0, 0, 0, 0));
	pid = lxt_fork();
	if (pid == 0) {
		sys_nanosleep_ms(300);
		lxt_raw_exit(0);
	}
	lxt_say("child-inherits", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, pid, 0, 0, 0, 0));
	lxt_say("set-child", lxt_syscall6(SYS_setpriority, PRIO_PROCESS, pid, 9, 0, 0, 0));
	lxt_say("get-child", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, pid, 0, 0, 0, 0));
	lxt_say("get-pgrp", lxt_syscall6(SYS_getpriority, PRIO_PGRP, 0, 0, 0, 0, 0));
	lxt_say("set-pgrp", lxt_syscall6(SYS_setpriority, PRIO_PGRP, 0, 12, 0, 0, 0));
	lxt_say("get-pgrp12", lxt_syscall6(SYS_getpriority, PRIO_PGRP, 0, 0, 0, 0, 0));
	lxt_say("get-child12", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, pid, 0, 0, 0, 0));
	lxt_say("set-clamped", lxt_syscall6(SYS_setpriority, PRIO_PROCESS, 0, 100, 0, 0, 0));
	lxt_say("get-clamped", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, 0, 0, 0, 0, 0));
	lxt_say("bad-which", lxt_syscall6(SYS_getpriority, 5, 0, 0, 0, 0, 0));
	lxt_say("set-bad-which", lxt_syscall6(SYS_setpriority, -1, 0, 0, 0, 0, 0));
	lxt_say("missing", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, 0x3ffffff, 0, 0, 0, 0));
	lxt_say("set-missing", lxt_syscall6(SYS_setpriority, PRIO_PROCESS, 0x3ffffff, 0, 0, 0, 0));
	lxt_say("missing-pgrp", lxt_syscall6(SYS_getpriority, PRIO_PGRP, 0x3ffffff, 0, 0, 0, 0));
	lxt_say("set-missing-pgrp", lxt_syscall6(SYS_setpriority, PRIO_PGRP, 0x3ffffff, 0,
						 0, 0, 0));
	lxt_say("missing-user", lxt_syscall6(SYS_getpriority, PRIO_USER, 54321, 0, 0, 0, 0));
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(mm, getpriority_and_setpriority_of_a_process_and_its_group)
{
	DIFF(.body = priorities,
	     .expect_out = "get=20\nset5=0\nget5=15\nchild-inherits=15\nset-child=0\n"
			   "get-child=11\nget-pgrp=15\nset-pgrp=0\nget-pgrp12=8\nget-child12=8\n"
			   "set-clamped=0\nget-clamped=1\nbad-which=-EINVAL\n"
			   "set-bad-which=-EINVAL\nmissing=-E3\nset-missing=-E3\n"
			   "missing-pgrp=-E3\nset-missing-pgrp=-E3\nmissing-user=-E3\n"
			   "wait=0\n");
}

static void cpu(void *arg)
{
	unsigned int c = 999, n = 999;

	lxt_say("getcpu", lxt_syscall6(SYS_getcpu, (long)&c, (long)&n, 0, 0, 0, 0));
	lxt_say("cpu-ok", c < 4096);
	lxt_say("node", n);
	lxt_say("null-args", lxt_syscall6(SYS_getcpu, 0, 0, 0, 0, 0, 0));
	lxt_say("bad-ptr", lxt_syscall6(SYS_getcpu, 8, 0, 0, 0, 0, 0));
}

TEST_F(mm, getcpu_reports_a_cpu_and_node_zero)
{
	DIFF(.body = cpu,
	     .expect_out = "getcpu=0\ncpu-ok=1\nnode=0\nnull-args=0\nbad-ptr=-EFAULT\n");
}

/* ---- isolation: pids outside the instance (pico only) ---- */

static void outside_pids(void *arg)
{
	unsigned long mask[16];
	struct timespec ts;
	long clk = clock_of(1, 2);	/* CPU clock of pid 1 */
	int prm;

	lxt_say("clock-of-init", sys_clock_gettime(clk, &ts));
	lxt_say("getres-of-init", lxt_syscall6(SYS_clock_getres, clk, (long)&ts, 0, 0, 0, 0));
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	lxt_say("nanosleep-on-init", lxt_syscall6(SYS_clock_nanosleep, clk, 0, (long)&ts, 0, 0, 0));
	lxt_say("nanosleep-on-init-bad-ptr", lxt_syscall6(SYS_clock_nanosleep, clk, 0, 8,
							  0, 0, 0));
	lxt_say("getaffinity-of-init", lxt_syscall6(SYS_sched_getaffinity, 1, sizeof(mask),
						    (long)mask, 0, 0, 0));
	lxt_say("setaffinity-of-init", lxt_syscall6(SYS_sched_setaffinity, 1, sizeof(mask),
						    (long)mask, 0, 0, 0));
	lxt_say("getparam-of-init", lxt_syscall6(SYS_sched_getparam, 1, (long)&prm, 0, 0, 0, 0));
	lxt_say("getscheduler-of-init", lxt_syscall6(SYS_sched_getscheduler, 1, 0, 0, 0, 0, 0));
	lxt_say("getpriority-of-init", lxt_syscall6(SYS_getpriority, PRIO_PROCESS, 1, 0, 0, 0, 0));
	lxt_say("setpriority-of-init", lxt_syscall6(SYS_setpriority, PRIO_PROCESS, 1, 19, 0, 0, 0));
	lxt_say("getpriority-of-init-group", lxt_syscall6(SYS_getpriority, PRIO_PGRP, 1, 0,
							  0, 0, 0));
	lxt_say("setpriority-of-init-group", lxt_syscall6(SYS_setpriority, PRIO_PGRP, 1, 19,
							  0, 0, 0));
	/* Every root task of the host has nice 0 or less; the instance's has 3. */
	lxt_say("set-own", lxt_syscall6(SYS_setpriority, PRIO_PROCESS, 0, 3, 0, 0, 0));
	lxt_say("getpriority-user", lxt_syscall6(SYS_getpriority, PRIO_USER, 0, 0, 0, 0, 0));
	lxt_say("setpriority-user", lxt_syscall6(SYS_setpriority, PRIO_USER, 0, 4, 0, 0, 0));
	lxt_say("getpriority-user4", lxt_syscall6(SYS_getpriority, PRIO_USER, 0, 0, 0, 0, 0));
}

TEST_F(mm, a_pid_outside_the_instance_is_missing_for_clocks_and_scheduling)
{
	int before = getpriority(PRIO_PROCESS, 0), init = getpriority(PRIO_PROCESS, 1);

	PICO("clock-of-init=-EINVAL\ngetres-of-init=-EINVAL\nnanosleep-on-init=-EINVAL\n"
	     "nanosleep-on-init-bad-ptr=-EFAULT\ngetaffinity-of-init=-E3\n"
	     "setaffinity-of-init=-E3\ngetparam-of-init=-E3\ngetscheduler-of-init=-E3\n"
	     "getpriority-of-init=-E3\nsetpriority-of-init=-E3\n"
	     "getpriority-of-init-group=-E3\nsetpriority-of-init-group=-E3\nset-own=0\n"
	     "getpriority-user=17\nsetpriority-user=0\ngetpriority-user4=16\n",
	     .body = outside_pids);
	/* PRIO_USER in the instance left this (host, same uid) process alone. */
	ASSERT_EQ(before, getpriority(PRIO_PROCESS, 0));
	ASSERT_EQ(init, getpriority(PRIO_PROCESS, 1));
}

TEST_HARNESS_MAIN
