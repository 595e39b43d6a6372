// SPDX-License-Identifier: GPL-2.0
/*
 * Process life under load: 5,000 fork+exec+wait cycles leave no executive
 * object and no task behind; a fork bomb of an unprivileged instance user
 * stops at RLIMIT_NPROC exactly where Linux stops it (lxcore applies the
 * limit to the instance's own uids: the host sees only the owner's), and
 * leaves nothing behind either.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define SELF		"/usr/libexec/lxcore/selftests/proc_stress_test"
#define CYCLES		5000
#define NPROC_LIMIT	16

/* argv[1] "--exit-now": the exec'd child, gone at once with status 3. */
__attribute__((constructor)) static void exit_now(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "--exit-now"))
		_exit(3);
}

FIXTURE(stress) {
	int dev;
	int inst;
	uint64_t base;
};

FIXTURE_SETUP(stress)
{
	struct lxss_global g;

	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, lxt_global(self->dev, &g));
	self->base = g.live_objects;
	self->inst = lxt_create(self->dev, "stress");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(stress)
{
	if (self->inst >= 0)
		close(self->inst);
	close(self->dev);
}

/* Close the instance; every object must go (deletes may lag a little). */
static int back_to_base(int dev, int *inst, uint64_t base, uint64_t *now)
{
	struct lxss_global g;
	int i;

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

/* ---- 5,000 fork + exec + wait ---- */

static void fork_exec_wait(void *arg)
{
	char *argv[] = { SELF, "--exit-now", NULL }, *envp[] = { NULL };
	long i, bad = 0, pid, st;

	(void)arg;
	for (i = 0; i < CYCLES; i++) {
		pid = lxt_fork();
		if (pid == 0) {
			lxt_syscall6(SYS_execve, (long)argv[0], (long)argv, (long)envp, 0, 0, 0);
			lxt_raw_exit(99);
		}
		if (pid < 0) {
			lxt_say("fork", pid);
			return;
		}
		st = lxt_wait(pid);
		if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 3)
			bad++;
	}
	lxt_say("cycles", i);
	lxt_say("bad", bad);
	lxt_say("echild", lxt_wait(-1));
}

TEST_F_TIMEOUT(stress, fork_exec_wait_5000_times_leaves_nothing_behind, 600)
{
	static const struct lxt_case c = {
		.body = fork_exec_wait,
		.timeout_s = 600,
		.expect_out = "cycles=5000\nbad=0\nechild=-ECHILD\n",
	};
	struct lxt_counters cnt;
	struct lxt_result *r = malloc(sizeof(*r));
	uint64_t now = 0;
	double t0 = lxt_now();

	ASSERT_NE(NULL, r);
	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, r));
	EXPECT_EQ(0, lxt_check_result("pico", r, "expected", c.expect_out, "", "exit=0"));
	TH_LOG("%d cycles in %.1f s", CYCLES, lxt_now() - t0);
	ASSERT_EQ(0, lxt_query(self->inst, &cnt));
	EXPECT_EQ(0, cnt.q.nr_tasks);
	EXPECT_LE(CYCLES, cnt.calls[SYS_execve]);
	EXPECT_LE(CYCLES, cnt.calls[SYS_fork]);
	EXPECT_EQ(0, back_to_base(self->dev, &self->inst, self->base, &now))
		TH_LOG("live objects %llu, base %llu", (unsigned long long)now,
		       (unsigned long long)self->base);
	free(r);
}

/* ---- a fork bomb under RLIMIT_NPROC ---- */

static void nproc_setup(void *arg)
{
	struct rlimit rl = { NPROC_LIMIT, NPROC_LIMIT };

	(void)arg;
	setrlimit(RLIMIT_NPROC, &rl);
}

/*
 * As uid 1000 (the real uid is what Linux counts; root would be exempt),
 * fork children that block on a pipe until fork fails (the body stops
 * itself at 4x the limit if it never does); then release and reap them
 * all, and fork once more.
 */
static void fork_bomb(void *arg)
{
	long p[2], pid, err = 0, n = 0, reaped = 0;
	int fds[2];

	(void)arg;
	lxt_say("setresuid", lxt_syscall6(SYS_setresuid, 1000, 1000, 1000, 0, 0, 0));
	if (lxt_pipe(fds) < 0)
		return;
	p[0] = fds[0];
	p[1] = fds[1];
	for (;;) {
		pid = lxt_fork();
		if (pid == 0) {
			char c;

			lxt_close(p[1]);
			lxt_read(p[0], &c, 1);	/* EOF when the parent closes */
			lxt_raw_exit(0);
		}
		if (pid < 0) {
			err = pid;
			break;
		}
		if (++n > 4 * NPROC_LIMIT)
			break;
	}
	lxt_say("forked", n);
	lxt_say("fork", err);
	lxt_close(p[1]);
	while (lxt_wait(-1) >= 0)
		reaped++;
	lxt_say("reaped", reaped);
	/* Everyone is gone: forking works again. */
	pid = lxt_fork();
	if (pid == 0)
		lxt_raw_exit(0);
	lxt_say("again", pid > 0 ? 0 : pid);
	lxt_say("wait", pid > 0 ? lxt_wait(pid) : 0);
}

TEST_F(stress, a_fork_bomb_stops_at_rlimit_nproc_as_on_linux)
{
	static const struct lxt_case c = {
		.setup = nproc_setup,
		.body = fork_bomb,
		.timeout_s = 60,
		.expect_out = "setresuid=0\nforked=15\nfork=-EAGAIN\nreaped=15\nagain=0\nwait=0\n",
	};
	uint64_t now = 0;

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
	EXPECT_EQ(0, back_to_base(self->dev, &self->inst, self->base, &now))
		TH_LOG("live objects %llu, base %llu", (unsigned long long)now,
		       (unsigned long long)self->base);
}

TEST_HARNESS_MAIN
