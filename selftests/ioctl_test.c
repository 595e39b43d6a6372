// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/lxss ioctl ABI: every request with bad input gets its documented
 * errno (and no crash, leak or hang); good requests do what lxss.h says.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/mman.h>
#include "lxtest.h"
#include "kselftest_harness.h"

FIXTURE(dev) {
	int dev;
	struct lxss_global start;
};

FIXTURE_SETUP(dev)
{
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	ASSERT_EQ(0, lxt_global(self->dev, &self->start));
}

FIXTURE_TEARDOWN(dev)
{
	struct lxss_global end;
	int i;

	/* Whatever a test did, every object it made is gone once it closes. */
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, lxt_global(self->dev, &end));
		if (end.live_objects == self->start.live_objects)
			break;
		usleep(20000);
	}
	EXPECT_EQ(self->start.live_objects, end.live_objects);
	close(self->dev);
}

static void *unmapped_page(void)
{
	void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(p, 4096);
	return p;
}

TEST_F(dev, create_returns_a_cloexec_instance_fd)
{
	int inst = lxt_create(self->dev, "ioctl-a");

	ASSERT_LE(0, inst);
	EXPECT_EQ(FD_CLOEXEC, fcntl(inst, F_GETFD) & FD_CLOEXEC);
	close(inst);
}

TEST_F(dev, create_twice_with_same_name_fails)
{
	int a = lxt_create(self->dev, "ioctl-dup");
	int b;

	ASSERT_LE(0, a);
	b = lxt_create(self->dev, "ioctl-dup");
	EXPECT_EQ(-1, b);
	EXPECT_EQ(EEXIST, errno);
	close(a);
	/* The name is free again once the instance is closed. */
	b = lxt_create(self->dev, "ioctl-dup");
	EXPECT_LE(0, b);
	close(b);
}

TEST_F(dev, create_rejects_bad_names)
{
	static const char *const bad[] = { "", "a b", "../x", "a/b", "\xff", "x\n" };
	struct lxss_create_instance req;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-1, lxt_create(self->dev, bad[i]));
		EXPECT_EQ(EINVAL, errno) TH_LOG("name %u", i);
	}
	/* No terminating NUL within LXSS_NAME_MAX. */
	memset(&req, 'a', sizeof(req));
	req.size = sizeof(req);
	req.flags = 0;
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_CREATE_INSTANCE, &req));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(dev, create_rejects_wrong_size_and_flags)
{
	struct lxss_create_instance req = { .size = sizeof(req) - 1 };

	strcpy(req.name, "ioctl-size");
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_CREATE_INSTANCE, &req));
	EXPECT_EQ(EINVAL, errno);
	req.size = 0xffffffff;
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_CREATE_INSTANCE, &req));
	EXPECT_EQ(EINVAL, errno);
	req.size = sizeof(req);
	req.flags = 0x80000000;	/* no such flag */
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_CREATE_INSTANCE, &req));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(dev, bad_pointers_give_efault)
{
	void *bad = unmapped_page();
	struct lxt_counters c;
	int inst;

	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_CREATE_INSTANCE, bad));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_GLOBAL, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, (void *)-4096L));
	EXPECT_EQ(EFAULT, errno);

	inst = lxt_create(self->dev, "ioctl-ptr");
	ASSERT_LE(0, inst);
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_QUERY, bad));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_ENTER, bad));
	EXPECT_EQ(EFAULT, errno);
	/* Counter arrays that point nowhere. */
	memset(&c, 0, sizeof(c));
	c.q.size = sizeof(c.q);
	c.q.nr_counters = 16;
	c.q.calls = (uintptr_t)bad;
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_QUERY, &c.q));
	EXPECT_EQ(EFAULT, errno);
	c.q.calls = 0;
	c.q.unimplemented = 0xffff800000000000ULL;	/* kernel address */
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_QUERY, &c.q));
	EXPECT_EQ(EFAULT, errno);
	close(inst);
}

TEST_F(dev, query_rejects_huge_counter_counts)
{
	struct lxt_counters c;
	int inst = lxt_create(self->dev, "ioctl-huge");

	ASSERT_LE(0, inst);
	memset(&c, 0, sizeof(c));
	c.q.size = sizeof(c.q);
	c.q.nr_counters = LXSS_NR_COUNTERS + 1;
	c.q.calls = (uintptr_t)c.calls;
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_QUERY, &c.q));
	EXPECT_EQ(EINVAL, errno);
	c.q.nr_counters = 0xffffffff;
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_QUERY, &c.q));
	EXPECT_EQ(EINVAL, errno);
	/* Zero counters is a plain query. */
	c.q.nr_counters = 0;
	EXPECT_EQ(0, ioctl(inst, LXSS_IOC_QUERY, &c.q));
	EXPECT_EQ(LXSS_INSTANCE_RUNNING, c.q.state);
	EXPECT_EQ(0, c.q.nr_tasks);
	close(inst);
}

TEST_F(dev, unknown_commands_give_enotty)
{
	int inst = lxt_create(self->dev, "ioctl-cmd");

	ASSERT_LE(0, inst);
	EXPECT_EQ(-1, ioctl(self->dev, _IO(LXSS_IOC_MAGIC, 0x7f), 0));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->dev, 0, 0));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(inst, _IO(LXSS_IOC_MAGIC, 0x7f), 0));
	EXPECT_EQ(ENOTTY, errno);
	close(inst);
}

TEST_F(dev, requests_on_the_wrong_fd_type_give_enotty)
{
	struct lxss_create_instance create = { .size = sizeof(create) };
	struct lxt_counters c;
	struct lxss_enter enter = { .size = sizeof(enter) };
	int inst = lxt_create(self->dev, "ioctl-type");
	int null = open("/dev/null", O_RDWR);

	ASSERT_LE(0, inst);
	strcpy(create.name, "ioctl-type2");
	/* Instance requests on /dev/lxss, device requests on an instance. */
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_ENTER, &enter));
	EXPECT_EQ(ENOTTY, errno);
	memset(&c, 0, sizeof(c));
	c.q.size = sizeof(c.q);
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_QUERY, &c.q));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_CREATE_INSTANCE, &create));
	EXPECT_EQ(ENOTTY, errno);
	/* And lxss requests on a file that is not lxcore's at all. */
	EXPECT_EQ(-1, ioctl(null, LXSS_IOC_QUERY, &c.q));
	EXPECT_EQ(ENOTTY, errno);
	close(null);
	close(inst);
}

TEST_F(dev, syscall_info_names_rows_and_ends_with_the_table)
{
	struct lxss_syscall_info info = { .size = sizeof(info), .nr = 0 };

	ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
	EXPECT_STREQ("read", info.name);
	EXPECT_EQ(LXSS_SYSCALL_IMPLEMENTED, info.flags);
	info.nr = SYS_exit_group;
	ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
	EXPECT_STREQ("exit_group", info.name);
	EXPECT_EQ(LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE, info.flags);
	info.nr = SYS_getpid;
	ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
	EXPECT_STREQ("getpid", info.name);
	EXPECT_EQ(LXSS_SYSCALL_IMPLEMENTED, info.flags);
	info.nr = SYS_sysfs;
	ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
	EXPECT_EQ(0, info.flags);
	info.nr = 400;	/* not assigned by the x86_64 ABI */
	ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
	EXPECT_STREQ("", info.name);
	info.nr = 100000;
	EXPECT_EQ(-1, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(dev, enter_rejects_unknown_flags_and_sizes)
{
	struct lxss_enter req = { .size = sizeof(req), .flags = 1 };
	int inst = lxt_create(self->dev, "ioctl-enter");

	ASSERT_LE(0, inst);
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_ENTER, &req));
	EXPECT_EQ(EINVAL, errno);
	req.flags = 0;
	req.size = 4;
	EXPECT_EQ(-1, ioctl(inst, LXSS_IOC_ENTER, &req));
	EXPECT_EQ(EINVAL, errno);
	close(inst);
}

static void *idle_thread(void *p)
{
	pause();
	return NULL;
}

TEST_F(dev, enter_from_a_multithreaded_process_fails)
{
	int inst = lxt_create(self->dev, "ioctl-mt");
	pid_t pid;
	int status;

	ASSERT_LE(0, inst);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pthread_t t;

		pthread_create(&t, NULL, idle_thread, NULL);
		if (lxt_enter(inst) == 0)
			_exit(1);
		_exit(errno == EINVAL ? 0 : 2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(inst);
}

TEST_HARNESS_MAIN
