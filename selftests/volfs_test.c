// SPDX-License-Identifier: GPL-2.0
/*
 * VolFs as an instance's root: the differential bodies of fs_test
 * (fs_bodies.h) natively on a host tmpfs directory and as pico processes on
 * VolFs; metadata the host cannot hold (owners, setuid, device numbers,
 * FIFOs, symbolic links) as imported by the volfs tool; corrupt records
 * and host symlinks planted in the backing tree are EIO with a log line,
 * never followed, never a crash.
 *
 * Backing trees need user.* xattrs, which the VM's tmpfs (before 6.6) has
 * not: they live on an ext4 image mounted over a loop device, from the
 * kernel modules staged beside this test when the kernel lacks them.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "fs_bodies.h"
/* The record codec itself, to write records for trees made by hand. */
#include "../volfs/volfs_record.c"

#include "lxbacking.h"
/* -EIO as lxt_say() prints it (its table of names has no EIO). */
#define EIO_OUT		"-E5"

/* A record for @path, written with the test's own codec. */
static int put_record(const char *path, unsigned int type, unsigned int mode,
		      unsigned int uid, unsigned int gid)
{
	struct volfs_meta m = { .type = type, .mode = mode, .uid = uid, .gid = gid };
	unsigned char buf[VOLFS_RECORD_SIZE];
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	m.atime.sec = m.mtime.sec = m.ctime.sec = now.tv_sec;
	if (volfs_record_encode(&m, buf, sizeof(buf)) != VOLFS_RECORD_SIZE)
		return -1;
	return setxattr(path, VOLFS_XATTR_NAME, buf, sizeof(buf), 0);
}

/* A fresh, empty backing tree (its root 0755, root's) into @dir. */
static int fresh_tree(char *dir, size_t len)
{
	snprintf(dir, len, BACKING "/t.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return put_record(dir, VOLFS_TYPE_DIR, 0755, 0, 0);
}

static int mount_volfs(int inst, const char *tree)
{
	struct lxss_mount m = { .size = sizeof(m), .mode = 0755 };
	int err, fd = open(tree, O_PATH | O_DIRECTORY);

	if (fd < 0)
		return -1;
	strcpy(m.fstype, "volfs");
	strcpy(m.target, "/");
	m.source_fd = fd;
	err = ioctl(inst, LXSS_IOC_MOUNT, &m);
	close(fd);
	return err;
}

FIXTURE(volfs) {
	int dev;
	int inst;
	char tree[64];
};

FIXTURE_SETUP(volfs)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "volfs");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(volfs)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

/* The instance's root: a fresh empty tree (made with the test's codec). */
#define MOUNT_FRESH() do {						\
	if (!lxt_native_only()) {					\
		ASSERT_EQ(0, fresh_tree(self->tree, sizeof(self->tree)));	\
		ASSERT_EQ(0, mount_volfs(self->inst, self->tree))		\
			TH_LOG("mount: %s", strerror(errno));		\
	}								\
} while (0)

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { .setup = fresh_dir, __VA_ARGS__ }; \
	MOUNT_FRESH();							\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
	/* What the module wrote, the tool finds clean. */		\
	if (!lxt_native_only())						\
		EXPECT_EQ(0, sh("volfs fsck %s >/dev/null", self->tree)); \
} while (0)

/* ---- the differential bodies of fs_test ---------------------------------------- */

TEST_F(volfs, files_are_created_written_read_and_positioned_as_on_linux)
{
	DIFF(.body = files, .expect_out = FS_FILES_OUT);
}

TEST_F(volfs, directories_are_made_listed_and_removed_as_on_linux)
{
	DIFF(.body = dirs, .expect_out = FS_DIRS_OUT);
}

TEST_F(volfs, renames_links_and_symbolic_links_behave_as_on_linux)
{
	DIFF(.body = names, .expect_out = FS_NAMES_OUT);
}

TEST_F(volfs, cwd_dirfds_and_attributes_behave_as_on_linux)
{
	DIFF(.body = cwd_at, .expect_out = FS_CWD_AT_OUT);
}

TEST_F(volfs, times_are_set_by_utimensat_utimes_futimesat_and_utime_as_on_linux)
{
	DIFF(.body = times_calls, .expect_out = FS_TIMES_OUT);
}

TEST_F(volfs, legacy_getdents_records_carry_the_type_in_their_last_byte)
{
	DIFF(.body = dents_legacy, .expect_out = FS_DENTS_LEGACY_OUT);
}

TEST_F(volfs, files_are_mapped_shared_and_private_with_linux_checks)
{
	DIFF(.body = maps, .expect_out = FS_MAPS_OUT);
}

TEST_F(volfs, fifos_open_as_pipes_with_linux_rules_and_sockets_are_enxio)
{
	DIFF(.body = fifos, .expect_out = FS_FIFOS_OUT);
}

/* ---- big directories, open unlinked files ------------------------------------------- */

/* Read directory @fd with small buffers: entries seen, and any seen twice. */
static void say_scan(const char *tag, long fd)
{
	static unsigned char seen[400];
	char buf[512], line[160];
	long n, off, count = 0, dups = 0, other = 0;
	int idx;

	memset(seen, 0, sizeof(seen));
	while ((n = S(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0, 0)) > 0) {
		for (off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			count++;
			if (sscanf(d->d_name, "a-rather-long-file-name-%d", &idx) == 1 &&
			    idx >= 0 && idx < 400)
				dups += seen[idx]++ != 0;
			else
				other++;
			off += d->d_reclen;
		}
	}
	snprintf(line, sizeof(line), "%s=%ld entries, %ld others, %ld twice, end %ld", tag,
		 count, other, dups, n);
	lxt_say_text(line);
}

static void big_dir(void *arg)
{
	char name[64], buf[16];
	long fd;
	int i;

	sys0(SYS_mkdir, (long)"big", 0755, 0);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "big/a-rather-long-file-name-%d", i);
		lxt_close(OPEN(name, O_CREAT | O_WRONLY, 0644));
	}
	fd = OPEN("big", O_RDONLY | O_DIRECTORY, 0);
	say_scan("scan", fd);
	lxt_say("rewind", sys0(SYS_lseek, fd, 0, SEEK_SET));
	say_scan("again", fd);
	lxt_close(fd);
	for (i = 0; i < 300; i += 2) {
		snprintf(name, sizeof(name), "big/a-rather-long-file-name-%d", i);
		sys0(SYS_unlink, (long)name, 0, 0);
	}
	fd = OPEN("big", O_RDONLY | O_DIRECTORY, 0);
	say_scan("after-unlink", fd);
	lxt_close(fd);

	fd = OPEN("gone", O_CREAT | O_RDWR, 0600);
	lxt_write(fd, "still here", 10);
	lxt_say("unlink-open", sys0(SYS_unlink, (long)"gone", 0, 0));
	lxt_say_data("read-unlinked", buf, S(SYS_pread64, fd, (long)buf, sizeof(buf), 0, 0, 0));
	lxt_say("write-unlinked", lxt_write(fd, "!", 1));
	say_stat("stat-gone", "gone", 1);
	lxt_close(fd);
}

TEST_F(volfs, big_directories_and_unlinked_open_files_behave_as_on_linux)
{
	DIFF(.body = big_dir,
	     .expect_out = "scan=302 entries, 2 others, 0 twice, end 0\nrewind=0\n"
			   "again=302 entries, 2 others, 0 twice, end 0\n"
			   "after-unlink=152 entries, 2 others, 0 twice, end 0\n"
			   "unlink-open=0\nread-unlinked=10 'still here'\nwrite-unlinked=1\n"
			   "stat-gone=-ENOENT\n");
}

/* ---- times ---------------------------------------------------------------------- */

static void times(void *arg)
{
	struct timespec ts[2] = { { 1000, 500 }, { 2000, 700 } };
	struct stat st, st2;
	long fd;

	touch("t");
	lxt_say("utimensat", S(SYS_utimensat, AT_FDCWD, (long)"t", (long)ts, 0, 0, 0));
	sys0(SYS_stat, (long)"t", (long)&st, 0);
	lxt_say("atime", st.st_atim.tv_sec * 1000 + st.st_atim.tv_nsec);
	lxt_say("mtime", st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec);
	fd = OPEN("t", O_RDONLY, 0);
	lxt_close(fd);
	sys0(SYS_stat, (long)"t", (long)&st, 0);
	lxt_say("mtime-after-open", st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec);
	fd = OPEN("t", O_WRONLY, 0);
	sys0(SYS_stat, (long)"t", (long)&st, 0);
	lxt_say("mtime-after-open-for-write", st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec);
	lxt_say("write", lxt_write(fd, "x", 1));
	lxt_close(fd);
	sys0(SYS_stat, (long)"t", (long)&st2, 0);
	lxt_say("mtime-moved", st2.st_mtim.tv_sec > 1000000);
	lxt_say("ctime-not-before-mtime", st2.st_ctim.tv_sec >= st2.st_mtim.tv_sec);
	lxt_say("atime-kept", st2.st_atim.tv_sec * 1000 + st2.st_atim.tv_nsec);
	ts[1].tv_sec = 3000;
	ts[0].tv_nsec = UTIME_OMIT;
	lxt_say("utimensat-again", S(SYS_utimensat, AT_FDCWD, (long)"t", (long)ts, 0, 0, 0));
	sys0(SYS_stat, (long)"t", (long)&st, 0);
	lxt_say("mtime-set", st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec);
	lxt_say("atime-omitted", st.st_atim.tv_sec * 1000 + st.st_atim.tv_nsec);
}

TEST_F(volfs, times_are_set_kept_and_moved_by_writes_as_on_linux)
{
	DIFF(.body = times,
	     .expect_out = "utimensat=0\natime=1000500\nmtime=2000700\nmtime-after-open=2000700\n"
			   "mtime-after-open-for-write=2000700\nwrite=1\nmtime-moved=1\n"
			   "ctime-not-before-mtime=1\natime-kept=1000500\nutimensat-again=0\n"
			   "mtime-set=3000700\natime-omitted=1000500\n");
}

/* ---- metadata the host cannot hold ------------------------------------------------ */

static void say_meta(const char *tag, const char *path)
{
	struct stat st;
	char buf[160];
	long r = sys0(SYS_lstat, (long)path, (long)&st, 0);

	if (r) {
		lxt_say(tag, r);
		return;
	}
	snprintf(buf, sizeof(buf), "%s=mode %o uid %u gid %u rdev %u:%u size %ld", tag,
		 st.st_mode, st.st_uid, st.st_gid, major(st.st_rdev), minor(st.st_rdev),
		 S_ISDIR(st.st_mode) ? 0L : (long)st.st_size);
	lxt_say_text(buf);
}

static void imported(void *arg)
{
	char buf[64];

	say_meta("suid", "suid");
	say_meta("null", "dev/null");
	say_meta("fifo", "fifo");
	say_meta("link", "link");
	lxt_say_data("readlink", buf, sys0(SYS_readlink, (long)"link", (long)buf, sizeof(buf)));
	lxt_say_data("read-through-link", buf,
		     lxt_read(OPEN("link", O_RDONLY, 0), buf, sizeof(buf)));
	lxt_say("open-fifo", OPEN("fifo", O_RDONLY | O_NONBLOCK, 0));
	lxt_say("chmod", sys0(SYS_chmod, (long)"suid", 0644, 0));
	say_meta("after-chmod", "suid");
}

TEST_F(volfs, imported_owners_modes_devices_fifos_and_links_are_kept)
{
	static const struct lxt_case c = { .body = imported };
	static struct lxt_result r;
	char stage[] = "/tmp/volfs-stage.XXXXXX", tree[64], tar[160];
	struct stat st;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_NE(NULL, mkdtemp(stage));
	ASSERT_EQ(0, sh("cd %s && echo data > suid && chown 123:456 suid && chmod 4750 suid && "
			"mkdir dev && mknod -m 0666 dev/null c 1 3 && mkfifo -m 0640 fifo && "
			"ln -s suid link && tar -cf %s.tar .", stage, stage));
	snprintf(tar, sizeof(tar), "%s.tar", stage);
	snprintf(tree, sizeof(tree), BACKING "/imported%d", getpid());
	ASSERT_EQ(0, sh("volfs import %s %s", tar, tree));
	/* Executable guest files are host-executable; the rest stays private. */
	snprintf(tar, sizeof(tar), "%s/suid", tree);
	ASSERT_EQ(0, stat(tar, &st));
	EXPECT_EQ(0700, st.st_mode & 07777);
	snprintf(tar, sizeof(tar), "%s/dev/null", tree);
	ASSERT_EQ(0, stat(tar, &st));
	EXPECT_TRUE(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0600);

	ASSERT_EQ(0, mount_volfs(self->inst, tree)) TH_LOG("mount: %s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("suid=mode 104750 uid 123 gid 456 rdev 0:0 size 5\n"
		     "null=mode 20666 uid 0 gid 0 rdev 1:3 size 0\n"
		     "fifo=mode 10640 uid 0 gid 0 rdev 0:0 size 0\n"
		     "link=mode 120777 uid 0 gid 0 rdev 0:0 size 4\n"
		     "readlink=4 'suid'\nread-through-link=5 'data\\x0a'\n"
		     "open-fifo=4\nchmod=0\n"
		     "after-chmod=mode 100644 uid 123 gid 456 rdev 0:0 size 5\n", r.out);
	EXPECT_STREQ("exit=0", r.end);
	/* chmod took the exec bits away on the host too. */
	snprintf(tar, sizeof(tar), "%s/suid", tree);
	ASSERT_EQ(0, stat(tar, &st));
	EXPECT_EQ(0600, st.st_mode & 07777);
}

/* ---- corrupt records ---------------------------------------------------------------- */

static void corrupt(void *arg)
{
	long fd;

	say_stat("stat-garbage", "garbage", 0);
	lxt_say("open-garbage", OPEN("garbage", O_RDONLY, 0));
	say_stat("stat-norecord", "norecord", 0);
	say_stat("stat-truncated", "truncated", 0);
	say_stat("stat-good", "good", 0);
	say_dir("list", ".");
	fd = OPEN("new", O_CREAT | O_WRONLY, 0644);
	lxt_say("create-after", fd);
	lxt_say("write-after", lxt_write(fd, "ok", 2));
	say_stat("stat-new", "new", 0);
}

/* Does the kernel log hold a line with @a and @b? */
static int klog_has(const char *a, const char *b)
{
	static char log[1 << 20];
	int n = klogctl(3, log, sizeof(log) - 1);
	char *line, *save = NULL;

	if (n < 0)
		return 0;
	log[n] = '\0';
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, a) && strstr(line, b))
			return 1;
	return 0;
}

TEST_F(volfs, a_corrupt_or_missing_record_is_eio_with_a_log_line)
{
	static const struct lxt_case c = { .body = corrupt };
	static struct lxt_result r;
	char path[128];
	int fd;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, fresh_tree(self->tree, sizeof(self->tree)));
	snprintf(path, sizeof(path), "%s/garbage", self->tree);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, setxattr(path, VOLFS_XATTR_NAME, "garbage, not a record", 21, 0));
	snprintf(path, sizeof(path), "%s/norecord", self->tree);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	snprintf(path, sizeof(path), "%s/truncated", self->tree);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, put_record(path, VOLFS_TYPE_REG, 0644, 0, 0));
	{
		unsigned char rec[VOLFS_RECORD_SIZE];

		ASSERT_EQ(VOLFS_RECORD_SIZE, getxattr(path, VOLFS_XATTR_NAME, rec, sizeof(rec)));
		ASSERT_EQ(0, setxattr(path, VOLFS_XATTR_NAME, rec, 40, 0));
	}
	snprintf(path, sizeof(path), "%s/good", self->tree);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, put_record(path, VOLFS_TYPE_REG, 0644, 0, 0));

	ASSERT_EQ(0, mount_volfs(self->inst, self->tree)) TH_LOG("mount: %s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("stat-garbage=" EIO_OUT "\nopen-garbage=" EIO_OUT "\nstat-norecord=" EIO_OUT "\n"
		     "stat-truncated=" EIO_OUT "\n"
		     "stat-good=mode 100644 nlink 1 size 0 uid 0 gid 0\n"
		     "list=. .. garbage good norecord truncated\n"
		     "create-after=3\nwrite-after=2\n"
		     "stat-new=mode 100644 nlink 1 size 2 uid 0 gid 0\n", r.out);
	EXPECT_STREQ("exit=0", r.end);
	EXPECT_TRUE(klog_has("lxcore: volfs: corrupt file", "/garbage: bad magic") ||
		    klog_has("lxcore: volfs: corrupt file", "/garbage"));
	EXPECT_TRUE(klog_has("lxcore: volfs: corrupt file", "/norecord: no record"));
}

TEST_F(volfs, a_root_without_a_record_cannot_be_mounted)
{
	char dir[] = BACKING "/norecord.XXXXXX";

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_NE(NULL, mkdtemp(dir));
	EXPECT_EQ(-1, mount_volfs(self->inst, dir));
	EXPECT_EQ(EIO, errno);
}

/* ---- escapes ------------------------------------------------------------------------ */

static void escapes(void *arg)
{
	char buf[256];
	long n;

	say_stat("lstat-planted", "evil", 0);
	lxt_say("open-through-planted", OPEN("evil/passwd", O_RDONLY, 0));
	lxt_say("readlink-planted", sys0(SYS_readlink, (long)"evil", (long)buf, sizeof(buf)));
	lxt_say("open-planted-file", OPEN("passwd-link", O_RDONLY, 0));
	lxt_say("chdir-up", sys0(SYS_chdir, (long)"../../..", 0, 0));
	n = sys0(SYS_getcwd, (long)buf, sizeof(buf), 0);
	lxt_say_data("cwd", buf, n > 0 ? n - 1 : n);
	lxt_say("dotdot-passwd", OPEN("../../etc/passwd", O_RDONLY, 0));
	lxt_say("mkdir", sys0(SYS_mkdir, (long)"d", 0755, 0));
	lxt_say("chdir-d", sys0(SYS_chdir, (long)"d", 0, 0));
	lxt_say("chdir-d-up", sys0(SYS_chdir, (long)"../..", 0, 0));
	n = sys0(SYS_getcwd, (long)buf, sizeof(buf), 0);
	lxt_say_data("cwd-again", buf, n > 0 ? n - 1 : n);
}

TEST_F(volfs, host_symlinks_in_the_tree_are_not_followed_and_dotdot_stays_inside)
{
	static const struct lxt_case c = { .body = escapes };
	static struct lxt_result r;
	char path[128];

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, fresh_tree(self->tree, sizeof(self->tree)));
	snprintf(path, sizeof(path), "%s/evil", self->tree);
	ASSERT_EQ(0, symlink("/etc", path));
	snprintf(path, sizeof(path), "%s/passwd-link", self->tree);
	ASSERT_EQ(0, symlink("/etc/passwd", path));
	ASSERT_EQ(0, mount_volfs(self->inst, self->tree)) TH_LOG("mount: %s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("lstat-planted=" EIO_OUT "\nopen-through-planted=" EIO_OUT "\nreadlink-planted=" EIO_OUT "\n"
		     "open-planted-file=" EIO_OUT "\nchdir-up=0\ncwd=1 '/'\ndotdot-passwd=-ENOENT\n"
		     "mkdir=0\nchdir-d=0\nchdir-d-up=0\ncwd-again=1 '/'\n", r.out);
	EXPECT_STREQ("exit=0", r.end);
	EXPECT_TRUE(klog_has("lxcore: volfs: corrupt file", "/evil: a host symbolic link"));
}

static void statfs_body(void *arg)
{
	struct statfs sf;

	lxt_say("statfs", sys0(SYS_statfs, (long)"/", (long)&sf, 0));
	lxt_sayx("f_type", sf.f_type);
}

TEST_F(volfs, statfs_reports_the_volfs_magic)
{
	static const struct lxt_case c = { .body = statfs_body };
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	MOUNT_FRESH();
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("statfs=0\nf_type=0x4656584c\n", r.out);
}

/* ---- the record's room on the host ----------------------------------------------- */

static void make_empty_files(void *arg)
{
	lxt_say("file", lxt_close(OPEN("empty", O_CREAT | O_WRONLY, 0644)));
	lxt_say("dir", sys0(SYS_mkdir, (long)"d", 0755, 0));
	lxt_say("fifo", sys0(SYS_mknod, (long)"fifo", S_IFIFO | 0600, 0));
	lxt_say("chmod", sys0(SYS_chmod, (long)"empty", 04755, 0));
}

/*
 * The record fits in the body of the host's ext4 inode: an empty file costs
 * no block at all, as natively (a record in an xattr block would take one).
 */
TEST_F(volfs, a_record_takes_no_block_of_the_host_file_system)
{
	static const struct lxt_case c = { .body = make_empty_files };
	static struct lxt_result r;
	static const char *const names[] = { "empty", "fifo" };
	char path[128];
	struct stat st;
	unsigned int i;

	if (lxt_native_only())
		SKIP(return, "pico only");
	MOUNT_FRESH();
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("file=0\ndir=0\nfifo=0\nchmod=0\n", r.out);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", self->tree, names[i]);
		ASSERT_EQ(0, stat(path, &st));
		EXPECT_EQ(0, st.st_blocks) TH_LOG("%s: %ld blocks", names[i], (long)st.st_blocks);
	}
	EXPECT_EQ(0, sh("volfs fsck %s >/dev/null", self->tree));
}

TEST_HARNESS_MAIN
