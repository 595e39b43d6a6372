// SPDX-License-Identifier: GPL-2.0
/*
 * Instance life cycle: create/destroy without leaks, termination kills the
 * instance's processes, and the module unloads only when no instance is
 * left, even right after heavy syscall traffic. Runs last-safe: it reloads
 * the module it unloads.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include "lxtest.h"
#include "kselftest_harness.h"

/* Each test opens what it needs; the fixture only names the group. */
FIXTURE(lifecycle) {
	int unused;
};

FIXTURE_SETUP(lifecycle)
{
}

FIXTURE_TEARDOWN(lifecycle)
{
}

static int wait_objects(int dev, uint64_t want, struct lxss_global *g)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (lxt_global(dev, g))
			return -1;
		if (g->live_objects == want)
			return 0;
		usleep(20000);
	}
	return -1;
}

TEST_F_TIMEOUT(lifecycle, ten_thousand_create_destroy_cycles_leak_nothing, 600)
{
	struct lxss_global start, end;
	int dev = lxt_dev(), keep, i;

	ASSERT_LE(0, dev);
	/* One instance held open keeps the hook registered across cycles. */
	keep = lxt_create(dev, "cycle-keep");
	ASSERT_LE(0, keep);
	ASSERT_EQ(0, lxt_global(dev, &start));
	for (i = 0; i < 10000; i++) {
		int inst = lxt_create(dev, "cycle");

		ASSERT_LE(0, inst) TH_LOG("cycle %d: %s", i, strerror(errno));
		close(inst);
	}
	EXPECT_EQ(0, wait_objects(dev, start.live_objects, &end))
		TH_LOG("%llu objects at start, %llu at end",
		       (unsigned long long)start.live_objects,
		       (unsigned long long)end.live_objects);
	EXPECT_EQ(start.instances_created + 10000, end.instances_created);
	close(keep);
	close(dev);
}

static void getpid_loop(void *p)
{
	long i, n = (long)p;

	for (i = 0; i < n; i++)
		lxt_syscall0(SYS_getpid);
	lxt_raw_write_record(n, lxt_syscall0(SYS_getppid));
}

TEST_F_TIMEOUT(lifecycle, cycles_with_pico_processes_leak_nothing, 600)
{
	struct lxss_global start, end;
	struct lxt_outcome out;
	int dev = lxt_dev(), keep, i;

	ASSERT_LE(0, dev);
	keep = lxt_create(dev, "pcycle-keep");
	ASSERT_LE(0, keep);
	ASSERT_EQ(0, lxt_global(dev, &start));
	for (i = 0; i < 300; i++) {
		int inst = lxt_create(dev, "pcycle");

		ASSERT_LE(0, inst);
		ASSERT_EQ(0, lxt_run_child(inst, getpid_loop, (void *)10L, 10, &out));
		ASSERT_TRUE(out.have_record) TH_LOG("cycle %d: %s", i, out.text);
		close(inst);
	}
	EXPECT_EQ(0, wait_objects(dev, start.live_objects, &end))
		TH_LOG("%llu objects at start, %llu at end",
		       (unsigned long long)start.live_objects,
		       (unsigned long long)end.live_objects);
	close(keep);
	close(dev);
}

/* Closing the last instance fd kills its pico processes, even blocked ones. */
TEST_F(lifecycle, closing_the_instance_kills_its_processes)
{
	int dev = lxt_dev(), inst, p[2], status;
	struct lxt_counters c;
	pid_t pid;

	ASSERT_LE(0, dev);
	inst = lxt_create(dev, "kill");
	ASSERT_LE(0, inst);
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char b;

		dup2(p[0], 0);
		if (lxt_enter(inst))
			_exit(1);
		/* Blocks: the write end stays open in the parent. */
		lxt_syscall6(SYS_read, 0, (long)&b, 1, 0, 0, 0);
		lxt_raw_exit(2);
	}
	/* Wait until the child is in the instance, then end the instance. */
	do {
		usleep(10000);
		ASSERT_EQ(0, lxt_query(inst, &c));
	} while (c.q.nr_entered == 0);
	close(inst);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	close(p[0]);
	close(p[1]);
	close(dev);
}

static int unload(void)
{
	return syscall(SYS_delete_module, "lxcore", O_NONBLOCK);
}

static int load(void)
{
	int fd = open(LXT_MODULE_PATH, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	return ret;
}

/*
 * delete_module() of a module in use fails with EWOULDBLOCK: the kernel
 * decides that errno, not the module.
 */
TEST_F_TIMEOUT(lifecycle, unload_refused_while_an_instance_exists_and_safe_after, 300)
{
	struct lxt_outcome out;
	struct stat st;
	int dev = lxt_dev(), inst, round;

	ASSERT_LE(0, dev);
	ASSERT_EQ(0, stat(LXT_MODULE_PATH, &st));
	for (round = 0; round < 3; round++) {
		inst = lxt_create(dev, "unload");
		ASSERT_LE(0, inst);
		close(dev);
		dev = -1;
		EXPECT_EQ(-1, unload());
		EXPECT_EQ(EWOULDBLOCK, errno);
		EXPECT_EQ(0, access(LXSS_DEVICE_PATH, F_OK));

		/* Heavy traffic right before the unload. */
		ASSERT_EQ(0, lxt_run_child(inst, getpid_loop, (void *)200000L, 120, &out));
		ASSERT_TRUE(out.have_record) TH_LOG("%s", out.text);
		close(inst);
		EXPECT_EQ(0, unload()) TH_LOG("unload: %s", strerror(errno));
		EXPECT_NE(0, access(LXSS_DEVICE_PATH, F_OK));
		ASSERT_EQ(0, load()) TH_LOG("reload: %s", strerror(errno));
		dev = lxt_dev();
		ASSERT_LE(0, dev);
	}
	close(dev);
}

TEST_HARNESS_MAIN
