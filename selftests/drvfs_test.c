// SPDX-License-Identifier: GPL-2.0
/*
 * DrvFs: a host directory as an instance's root. The differential bodies of
 * fs_test (fs_bodies.h) natively on a host tmpfs directory and as pico
 * processes on DrvFs (owner 0:0, so a root test sees what Linux shows);
 * with the metadata option every body, owners and setuid bits included.
 * Then DrvFs's own rules, pico only: modes from the host, owner from the
 * mount, chmod to the host, chown EPERM, no special files without
 * metadata, host symbolic links resolved inside the instance, and host
 * permissions applied to the mounting user.
 *
 * Trees live on the ext4 image volfs_test uses (records need user.*
 * xattrs, which the VM's tmpfs lacks before 6.6).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "fs_bodies.h"

#include "lxbacking.h"
#define RECORD		"user.lxcore.volfs"

static int mount_drvfs(int inst, const char *tree, unsigned int flags, unsigned int uid,
		       unsigned int gid)
{
	struct lxss_mount m = { .size = sizeof(m), .flags = flags, .uid = uid, .gid = gid };
	int err, fd = open(tree, O_PATH | O_DIRECTORY);

	if (fd < 0)
		return -1;
	strcpy(m.fstype, "drvfs");
	strcpy(m.target, "/");
	m.source_fd = fd;
	err = ioctl(inst, LXSS_IOC_MOUNT, &m);
	close(fd);
	return err;
}

FIXTURE(drvfs) {
	int dev;
	int inst;
	char tree[64];
};

FIXTURE_SETUP(drvfs)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "drvfs");
	ASSERT_LE(0, self->inst);
	snprintf(self->tree, sizeof(self->tree), BACKING "/d.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->tree));
	chmod(self->tree, 0755);
}

FIXTURE_TEARDOWN(drvfs)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

#define DIFF(flags, ...) do {						\
	static const struct lxt_case case_ = { .setup = fresh_dir, __VA_ARGS__ }; \
	if (!lxt_native_only())						\
		ASSERT_EQ(0, mount_drvfs(self->inst, self->tree, flags, 0, 0)) \
			TH_LOG("mount: %s", strerror(errno));		\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/* ---- as Linux, where DrvFs can be ------------------------------------------------ */

TEST_F(drvfs, files_are_created_written_read_and_positioned_as_on_linux)
{
	DIFF(0, .body = files, .expect_out = FS_FILES_OUT);
}

TEST_F(drvfs, directories_are_made_listed_and_removed_as_on_linux)
{
	DIFF(0, .body = dirs, .expect_out = FS_DIRS_OUT);
}

TEST_F(drvfs, renames_links_and_host_symbolic_links_behave_as_on_linux)
{
	DIFF(0, .body = names, .expect_out = FS_NAMES_OUT);
}

TEST_F(drvfs, files_are_mapped_shared_and_private_with_linux_checks)
{
	DIFF(0, .body = maps, .expect_out = FS_MAPS_OUT);
}

/* ---- with metadata: everything, owners and special files included ---------------- */

TEST_F(drvfs, with_metadata_files_behave_as_on_linux)
{
	DIFF(LXSS_MOUNT_METADATA, .body = files, .expect_out = FS_FILES_OUT);
}

TEST_F(drvfs, with_metadata_attributes_and_owners_behave_as_on_linux)
{
	DIFF(LXSS_MOUNT_METADATA, .body = cwd_at, .expect_out = FS_CWD_AT_OUT);
}

TEST_F(drvfs, with_metadata_names_behave_as_on_linux)
{
	DIFF(LXSS_MOUNT_METADATA, .body = names, .expect_out = FS_NAMES_OUT);
}

TEST_F(drvfs, with_metadata_fifos_behave_as_on_linux)
{
	DIFF(LXSS_MOUNT_METADATA, .body = fifos, .expect_out = FS_FIFOS_OUT);
}

TEST_F(drvfs, with_metadata_times_are_set_as_on_linux)
{
	DIFF(LXSS_MOUNT_METADATA, .body = times_calls, .expect_out = FS_TIMES_OUT);
}

TEST_F(drvfs, with_metadata_legacy_getdents_is_linux_s)
{
	DIFF(LXSS_MOUNT_METADATA, .body = dents_legacy, .expect_out = FS_DENTS_LEGACY_OUT);
}

/* ---- DrvFs's own rules (pico only) -------------------------------------------------- */

static void say_meta(const char *tag, const char *path)
{
	struct stat st;
	char buf[160];
	long r = sys0(SYS_lstat, (long)path, (long)&st, 0);

	if (r) {
		lxt_say(tag, r);
		return;
	}
	snprintf(buf, sizeof(buf), "%s=mode %o uid %u gid %u", tag, st.st_mode, st.st_uid,
		 st.st_gid);
	lxt_say_text(buf);
}

static void rules(void *arg)
{
	char buf[64];

	say_meta("suid", "suid");
	say_meta("private-dir", "private");
	say_meta("host-link", "abs");
	lxt_say_data("readlink", buf, sys0(SYS_readlink, (long)"abs", (long)buf, sizeof(buf)));
	lxt_say("through-abs-link", OPEN("abs", O_RDONLY, 0));
	lxt_say("through-up-link", OPEN("up", O_RDONLY, 0));
	lxt_say_data("through-inside-link", buf, lxt_read(OPEN("in", O_RDONLY, 0), buf, 4));
	lxt_say("chmod", sys0(SYS_chmod, (long)"suid", 04600, 0));
	say_meta("after-chmod", "suid");
	lxt_say("chown-other", sys0(SYS_chown, (long)"suid", 0, 0));
	lxt_say("chown-same", sys0(SYS_chown, (long)"suid", 1000, 1000));
	lxt_say("mkfifo", sys0(SYS_mknod, (long)"fifo", S_IFIFO | 0644, 0));
	lxt_say("mknod-null", sys0(SYS_mknod, (long)"null", S_IFCHR | 0666, makedev(1, 3)));
	lxt_say("create", OPEN("new", O_CREAT | O_WRONLY, 0640));
	say_meta("created", "new");
	lxt_say("symlink", sys0(SYS_symlink, (long)"/made/by/pico", (long)"link", 0));
	lxt_say("mkdir", sys0(SYS_mkdir, (long)"sub", 0750, 0));
}

TEST_F(drvfs, modes_come_from_the_host_owners_from_the_mount_and_links_stay_inside)
{
	static const struct lxt_case c = { .body = rules };
	static struct lxt_result r;
	char p[128], link[64];
	struct stat st;
	ssize_t n;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, sh("cd %s && echo data > suid && chmod 4755 suid && mkdir private && "
			"chmod 0700 private && ln -s /etc/passwd abs && "
			"ln -s ../../../../../etc/passwd up && ln -s suid in", self->tree));
	ASSERT_EQ(0, mount_drvfs(self->inst, self->tree, 0, 1000, 1000))
		TH_LOG("mount: %s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("suid=mode 100755 uid 1000 gid 1000\n"
		     "private-dir=mode 40700 uid 1000 gid 1000\n"
		     "host-link=mode 120777 uid 1000 gid 1000\n"
		     "readlink=11 '/etc/passwd'\nthrough-abs-link=-ENOENT\n"
		     "through-up-link=-ENOENT\nthrough-inside-link=4 'data'\n"
		     "chmod=0\nafter-chmod=mode 100600 uid 1000 gid 1000\n"
		     "chown-other=-EPERM\nchown-same=0\nmkfifo=-EPERM\nmknod-null=-EPERM\n"
		     "create=4\ncreated=mode 100640 uid 1000 gid 1000\nsymlink=0\nmkdir=0\n",
		     r.out);
	EXPECT_STREQ("exit=0", r.end);
	/* What the pico process did is plain host state. */
	snprintf(p, sizeof(p), "%s/suid", self->tree);
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, (int)st.st_uid);
	snprintf(p, sizeof(p), "%s/new", self->tree);
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(0640, st.st_mode & 07777);
	EXPECT_EQ(-1, getxattr(p, RECORD, NULL, 0));
	snprintf(p, sizeof(p), "%s/link", self->tree);
	n = readlink(p, link, sizeof(link) - 1);
	ASSERT_LT(0, n);
	link[n] = '\0';
	EXPECT_STREQ("/made/by/pico", link);
	snprintf(p, sizeof(p), "%s/sub", self->tree);
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0750);
}

static void meta_rules(void *arg)
{
	long fd;

	lxt_say("chown", sys0(SYS_chown, (long)"plain", 123, 456));
	lxt_say("chmod", sys0(SYS_chmod, (long)"plain", 04750, 0));
	say_meta("after", "plain");
	say_meta("untouched", "other");
	lxt_say("mkfifo", sys0(SYS_mknod, (long)"fifo", S_IFIFO | 0640, 0));
	say_meta("fifo", "fifo");
	fd = OPEN("fifo", O_RDWR, 0);
	lxt_say("fifo-write", lxt_write(fd, "x", 1));
	lxt_close(fd);
}

static void plain_view(void *arg)
{
	say_meta("plain", "plain");
	say_meta("fifo", "fifo");
}

TEST_F(drvfs, metadata_keeps_owners_and_special_files_in_records)
{
	static const struct lxt_case c = { .body = meta_rules }, v = { .body = plain_view };
	static struct lxt_result r;
	char p[128];
	struct stat st;
	int inst2;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, sh("cd %s && echo a > plain && chmod 0644 plain && echo b > other && "
			"chmod 0604 other", self->tree));
	ASSERT_EQ(0, mount_drvfs(self->inst, self->tree, LXSS_MOUNT_METADATA, 1000, 1000))
		TH_LOG("mount: %s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("chown=0\nchmod=0\nafter=mode 104750 uid 123 gid 456\n"
		     "untouched=mode 100604 uid 1000 gid 1000\nmkfifo=0\n"
		     "fifo=mode 10640 uid 0 gid 0\nfifo-write=1\n", r.out);
	/* The host file keeps its own mode; the rest is in its record. */
	snprintf(p, sizeof(p), "%s/plain", self->tree);
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(0644, st.st_mode & 07777);
	EXPECT_LT(0, getxattr(p, RECORD, NULL, 0));
	snprintf(p, sizeof(p), "%s/fifo", self->tree);
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));

	/* Without the option the records are not read: the host's view. */
	inst2 = lxt_create(self->dev, "drvfs-plain");
	ASSERT_LE(0, inst2);
	ASSERT_EQ(0, mount_drvfs(inst2, self->tree, 0, 1000, 1000));
	ASSERT_EQ(0, lxt_run_case(inst2, &v, &r));
	EXPECT_STREQ("plain=mode 100644 uid 1000 gid 1000\nfifo=mode 100600 uid 1000 gid 1000\n",
		     r.out);
	close(inst2);
}

static void denied(void *arg)
{
	char buf[64];
	long fd;

	lxt_say("read-host-private", OPEN("secret", O_RDONLY, 0));
	fd = OPEN("locked", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("list-host-private", S(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0, 0));
	lxt_close(fd);
	say_meta("in-host-private", "locked/x");
	lxt_say("write-host-readonly", OPEN("ro", O_WRONLY, 0));
	lxt_say_data("read-host-readable", buf, lxt_read(OPEN("ro", O_RDONLY, 0), buf, 3));
}

TEST_F(drvfs, the_host_refuses_what_the_mounting_user_may_not_do)
{
	static const struct lxt_case c = { .body = denied };
	static struct lxt_result r;
	int status;
	pid_t pid;

	if (lxt_native_only())
		SKIP(return, "pico only");
	/* Files of host root that the mounting user (65534) may not use. */
	ASSERT_EQ(0, sh("cd %s && echo s > secret && chmod 0600 secret && mkdir locked && "
			"touch locked/x && chmod 0700 locked && echo ro > ro && chmod 0644 ro", self->tree));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* The instance's root is the mounting user's, not the host's. */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(2);
		_exit(mount_drvfs(self->inst, self->tree, 0, 0, 0) ? 3 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status) TH_LOG("mount as 65534 failed");
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("read-host-private=-EACCES\nlist-host-private=-EACCES\n"
		     "in-host-private=-EACCES\nwrite-host-readonly=-EACCES\nread-host-readable=3 'ro\\x0a'\n", r.out);
}

TEST_F(drvfs, flags_other_than_metadata_and_metadata_elsewhere_are_refused)
{
	struct lxss_mount m = { .size = sizeof(m), .source_fd = -1, .flags = LXSS_MOUNT_METADATA };

	if (lxt_native_only())
		SKIP(return, "pico only");
	EXPECT_EQ(-1, mount_drvfs(self->inst, self->tree, 0x2, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	strcpy(m.fstype, "tmpfs");
	strcpy(m.target, "/");
	EXPECT_EQ(-1, ioctl(self->inst, LXSS_IOC_MOUNT, &m));
	EXPECT_EQ(EINVAL, errno);
}

TEST_HARNESS_MAIN
