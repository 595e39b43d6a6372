// SPDX-License-Identifier: GPL-2.0
/*
 * Ordinary glibc programs as pico processes: a static program using stdio
 * and malloc, and a 16-thread pthread program (mutexes, condition
 * variables, join: futexes), each exec'd natively and from a pico process;
 * outputs and exit status must be the expected ones, and equal.
 */
#define _GNU_SOURCE
#include "lxtest.h"
#include "kselftest_harness.h"

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

FIXTURE(glibc) {
	int dev;
	int inst;
};

FIXTURE_SETUP(glibc)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "glibc");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(glibc)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

static char helper_path[256];

static void find_helper(void *arg)
{
	const char *dir = getenv("LXT_HELPERS_DIR");

	snprintf(helper_path, sizeof(helper_path), "%s/%s",
		 dir ? dir : LXT_HELPERS, (const char *)arg);
}

static void exec_helper(void *arg)
{
	char *argv[] = { helper_path, "first arg", NULL };
	char *envp[] = { "LXT_GREETING=hi there", NULL };

	lxt_say("execve", lxt_syscall6(SYS_execve, (long)helper_path, (long)argv,
				       (long)envp, 0, 0, 0));
}

TEST_F_TIMEOUT(glibc, a_static_glibc_program_runs_as_a_pico_process, 120)
{
	DIFF(.setup = find_helper, .body = exec_helper, .arg = "glibc-hello",
	     .expect_out = "hello from glibc: argc=2 argv[1]=first arg greeting=hi there\n"
			   "sum=101024\n",
	     .expect_end = "exit=3", .timeout_s = 60);
}

TEST_F_TIMEOUT(glibc, a_pthread_program_with_16_threads_runs_as_a_pico_process, 300)
{
	DIFF(.setup = find_helper, .body = exec_helper, .arg = "glibc-threads",
	     .expect_out = "threads=16 started=16 total=320000 joined=320000\n",
	     .expect_end = "exit=0", .timeout_s = 240);
}

TEST_HARNESS_MAIN
