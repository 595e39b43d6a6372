// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/lxss ioctl ABI: every request with bad input gets its documented
 * errno (and no crash, leak or hang); good requests do what lxss.h says.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <grp.h>
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
	struct lxss_enter req = { .size = sizeof(req), .flags = 2 };
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

/*
 * A child drops to host uid/gid 65534 and enters with @flags; it exits 0
 * if its instance ids are all 0 with no groups, 1 if they are all 65534,
 * 2 if anything else, 3 if it could not drop or enter.
 */
static int enter_dropped(int inst, unsigned int flags, char *host_status, size_t size)
{
	struct lxss_enter req = { .size = sizeof(req), .flags = flags };
	char path[64];
	int st, fd;
	ssize_t n;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		long ids[4], ng;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534) || ioctl(inst, LXSS_IOC_ENTER, &req))
			_exit(3);
		ids[0] = lxt_syscall6(SYS_getuid, 0, 0, 0, 0, 0, 0);
		ids[1] = lxt_syscall6(SYS_geteuid, 0, 0, 0, 0, 0, 0);
		ids[2] = lxt_syscall6(SYS_getgid, 0, 0, 0, 0, 0, 0);
		ids[3] = lxt_syscall6(SYS_getegid, 0, 0, 0, 0, 0, 0);
		ng = lxt_syscall6(SYS_getgroups, 0, 0, 0, 0, 0, 0);
		/* stay a moment, so the parent reads the host's view of this task */
		lxt_syscall6(SYS_nanosleep, (long)&(struct timespec){ 0, 300000000 }, 0, 0, 0, 0, 0);
		if (!ids[0] && !ids[1] && !ids[2] && !ids[3] && !ng)
			lxt_raw_exit(0);
		if (ids[0] == 65534 && ids[1] == 65534 && ids[2] == 65534 && ids[3] == 65534)
			lxt_raw_exit(1);
		lxt_raw_exit(2);
	}
	if (pid < 0)
		return -1;
	usleep(100000);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, host_status, size - 1);
	host_status[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* LXSS_ENTER_ROOT: root inside, the host ids (and no capability) outside. */
TEST_F(dev, enter_root_flag_gives_instance_root_over_host_ids)
{
	int inst = lxt_create(self->dev, "ioctl-enter-root");
	static char status[4096];

	ASSERT_LE(0, inst);
	if (geteuid() != 0) {
		close(inst);
		SKIP(return, "needs root to drop to uid 65534");
	}
	EXPECT_EQ(0, enter_dropped(inst, LXSS_ENTER_ROOT, status, sizeof(status)));
	EXPECT_NE(NULL, strstr(status, "\nUid:\t65534\t65534\t65534\t65534\n"))
		TH_LOG("%s", status);
	EXPECT_NE(NULL, strstr(status, "\nCapEff:\t0000000000000000\n")) TH_LOG("%s", status);
	/* without the flag the instance ids are the host ones */
	EXPECT_EQ(1, enter_dropped(inst, 0, status, sizeof(status)));
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
