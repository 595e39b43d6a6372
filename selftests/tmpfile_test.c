// SPDX-License-Identifier: GPL-2.0
/*
 * O_TMPFILE: an unnamed regular file in a directory (nlink 0, not listed),
 * named once by linkat(fd, "", dir, name, AT_EMPTY_PATH) unless O_EXCL;
 * Linux's flag and permission errors. Differential on tmpfs (natively in a
 * host tmpfs directory, as a pico process at the root of an instance
 * tmpfs); pico only on VolFs (the named file keeps its record: volfs fsck
 * finds the tree clean) and on DrvFs (EOPNOTSUPP, as Linux answers for a
 * file system without tmpfile).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "../volfs/volfs_record.c"
#include "lxbacking.h"

#define SC(nr, a, b, c, d, e) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), \
					   (long)(d), (long)(e), 0)

static void fresh_dir(void *arg)
{
	char tmpl[] = "/tmp/lxtmpf.XXXXXX";

	if (!mkdtemp(tmpl) || chmod(tmpl, 0755) || chdir(tmpl))
		_exit(125);
	umask(022);
}

/* ---- bodies (raw syscalls only) ------------------------------------------------ */

static void say_fstat(const char *tag, long fd, struct stat *st)
{
	char buf[160];
	long r = SC(SYS_fstat, fd, st, 0, 0, 0);

	if (r) {
		lxt_say(tag, r);
		return;
	}
	snprintf(buf, sizeof(buf), "%s=mode %o nlink %lu size %ld", tag, st->st_mode,
		 (unsigned long)st->st_nlink, (long)st->st_size);
	lxt_say_text(buf);
}

/* Entries of "." other than "." and "..". */
static long count_entries(void)
{
	char buf[4096];
	long fd = SC(SYS_open, ".", O_RDONLY | O_DIRECTORY, 0, 0, 0), n, pos, count = 0;

	if (fd < 0)
		return fd;
	while ((n = SC(SYS_getdents64, fd, buf, sizeof(buf), 0, 0)) > 0) {
		for (pos = 0; pos < n;) {
			struct { uint64_t ino; int64_t off; unsigned short reclen;
				 unsigned char type; char name[]; } *d = (void *)(buf + pos);

			if (strcmp(d->name, ".") && strcmp(d->name, ".."))
				count++;
			pos += d->reclen;
		}
	}
	lxt_close(fd);
	return n < 0 ? n : count;
}

static void tmpfile_named(void *arg)
{
	struct stat st, st2;
	char buf[16] = "";
	long fd, fd2, r;

	fd = SC(SYS_open, ".", O_TMPFILE | O_RDWR, 0640, 0, 0);
	lxt_say("open", fd >= 0 ? 0 : fd);
	if (fd < 0)
		return;
	say_fstat("fstat", fd, &st);
	lxt_say("write", lxt_write(fd, "hello", 5));
	lxt_say("pread", SC(SYS_pread64, fd, buf, sizeof(buf), 0, 0));
	lxt_say_text(buf);
	lxt_say("entries", count_entries());
	lxt_say("link", SC(SYS_linkat, fd, "", AT_FDCWD, "named", AT_EMPTY_PATH));
	say_fstat("linked", fd, &st2);
	lxt_say("same-ino", st2.st_ino == st.st_ino);
	lxt_say("entries", count_entries());
	lxt_say("relink", SC(SYS_linkat, fd, "", AT_FDCWD, "named2", AT_EMPTY_PATH));
	say_fstat("relinked", fd, &st2);
	lxt_say("exists", SC(SYS_linkat, fd, "", AT_FDCWD, "named", AT_EMPTY_PATH));
	fd2 = SC(SYS_open, "named", O_RDONLY, 0, 0, 0);
	memset(buf, 0, sizeof(buf));
	lxt_say("read-named", lxt_read(fd2, buf, sizeof(buf)));
	lxt_say_text(buf);
	lxt_close(fd2);
	lxt_close(fd);

	/* O_EXCL: never named; an unlinked file is not named again either */
	fd = SC(SYS_open, ".", O_TMPFILE | O_WRONLY | O_EXCL, 0600, 0, 0);
	lxt_say("excl", fd >= 0 ? 0 : fd);
	lxt_say("excl-link", SC(SYS_linkat, fd, "", AT_FDCWD, "x", AT_EMPTY_PATH));
	lxt_close(fd);
	fd = SC(SYS_open, "gone", O_CREAT | O_RDWR, 0600, 0, 0);
	lxt_say("unlink", SC(SYS_unlink, "gone", 0, 0, 0, 0));
	lxt_say("relink-unlinked", SC(SYS_linkat, fd, "", AT_FDCWD, "back", AT_EMPTY_PATH));
	lxt_close(fd);
	/* a tmpfile unnamed at close is gone */
	fd = SC(SYS_open, ".", O_TMPFILE | O_RDWR, 0600, 0, 0);
	lxt_close(fd);
	lxt_say("entries", count_entries());
	r = SC(SYS_open, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600, 0, 0);
	lxt_say("cloexec", r >= 0 ? SC(SYS_fcntl, r, F_GETFD, 0, 0, 0) : r);
}

#define TMPFILE_NAMED_OUT						\
	"open=0\nfstat=mode 100640 nlink 0 size 0\nwrite=5\npread=5\nhello\n"	\
	"entries=0\nlink=0\nlinked=mode 100640 nlink 1 size 5\nsame-ino=1\n"	\
	"entries=1\nrelink=0\nrelinked=mode 100640 nlink 2 size 5\n"	\
	"exists=-EEXIST\nread-named=5\nhello\n"				\
	"excl=0\nexcl-link=-ENOENT\nunlink=0\nrelink-unlinked=-ENOENT\n"	\
	"entries=2\ncloexec=1\n"

static void tmpfile_errors(void *arg)
{
	long fd;

	lxt_say("rdonly", SC(SYS_open, ".", O_TMPFILE | O_RDONLY, 0600, 0, 0));
	lxt_say("no-directory-flag", SC(SYS_open, ".", 020000000 | O_RDWR, 0600, 0, 0));
	lxt_say("creat", SC(SYS_open, ".", O_TMPFILE | O_CREAT | O_RDWR, 0600, 0, 0));
	lxt_say("missing", SC(SYS_open, "missing", O_TMPFILE | O_RDWR, 0600, 0, 0));
	fd = SC(SYS_open, "file", O_CREAT | O_RDWR, 0600, 0, 0);
	lxt_close(fd);
	lxt_say("not-dir", SC(SYS_open, "file", O_TMPFILE | O_RDWR, 0600, 0, 0));
	lxt_say("mkdir", SC(SYS_mkdir, "ro", 0555, 0, 0, 0));
	fd = SC(SYS_open, ".", O_TMPFILE | O_PATH | O_RDWR, 0600, 0, 0);
	lxt_say("o-path-opens-the-dir", fd >= 0 ? 0 : fd);
	lxt_close(fd);
	if (lxt_fork() == 0) {
		lxt_say("setresuid", SC(SYS_setresuid, 1000, 1000, 1000, 0, 0));
		lxt_say("ro-dir", SC(SYS_open, "ro", O_TMPFILE | O_RDWR, 0600, 0, 0));
		lxt_raw_exit(0);
	}
	lxt_wait(-1);
}

#define TMPFILE_ERRORS_OUT						\
	"rdonly=-EINVAL\nno-directory-flag=-EINVAL\ncreat=-EINVAL\n"	\
	"missing=-ENOENT\nnot-dir=-ENOTDIR\nmkdir=0\no-path-opens-the-dir=0\n"	\
	"setresuid=0\nro-dir=-EACCES\n"

static void drvfs_tmpfile(void *arg)
{
	lxt_say("drvfs", SC(SYS_open, "/d", O_TMPFILE | O_RDWR, 0600, 0, 0));
}

static void make_d(void *arg)
{
	lxt_say("mkdir", SC(SYS_mkdir, "/d", 0755, 0, 0, 0));
}

/* ---- tmpfs, differential -------------------------------------------------------- */

FIXTURE(tmpfile) {
	int dev;
	int inst;
};

FIXTURE_SETUP(tmpfile)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "tmpfile");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 0755)) TH_LOG("%s", strerror(errno));
}

FIXTURE_TEARDOWN(tmpfile)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F(tmpfile, an_unnamed_file_is_named_once_by_linkat_empty_path)
{
	static const struct lxt_case c = {
		.setup = fresh_dir, .body = tmpfile_named, .expect_out = TMPFILE_NAMED_OUT,
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

TEST_F(tmpfile, flags_and_permissions_fail_as_on_linux)
{
	static const struct lxt_case c = {
		.setup = fresh_dir, .body = tmpfile_errors, .expect_out = TMPFILE_ERRORS_OUT,
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- VolFs and DrvFs, pico only -------------------------------------------------- */

FIXTURE(voltmp) {
	int dev;
	int inst;
	char tree[64];
};

FIXTURE_SETUP(voltmp)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "voltmp");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxb_mount_fresh_tree(self->inst, "tf", self->tree, sizeof(self->tree)))
		TH_LOG("%s", strerror(errno));
}

FIXTURE_TEARDOWN(voltmp)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F(voltmp, an_unnamed_volfs_file_is_named_with_its_record)
{
	static const struct lxt_case c = { .setup = fresh_dir, .body = tmpfile_named };
	static struct lxt_result r;
	char path[128];

	if (lxt_native_only())
		SKIP(return, "pico only");

	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("exit=0", r.end);
	EXPECT_STREQ(TMPFILE_NAMED_OUT, r.out);
	/* the named file is in the tree with its record; fsck finds it clean */
	snprintf(path, sizeof(path), "%s/named", self->tree);
	EXPECT_LT(0, getxattr(path, VOLFS_XATTR_NAME, NULL, 0));
	EXPECT_EQ(0, sh("volfs fsck %s >/dev/null", self->tree));
}

TEST_F(voltmp, volfs_tmpfile_errors_are_linuxs)
{
	static const struct lxt_case c = { .setup = fresh_dir, .body = tmpfile_errors };
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");

	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ(TMPFILE_ERRORS_OUT, r.out);
}

TEST_F(voltmp, drvfs_has_no_tmpfile)
{
	static const struct lxt_case mk = { .body = make_d };
	static const struct lxt_case c = { .body = drvfs_tmpfile };
	static struct lxt_result r;
	char host[] = "/tmp/lxdrv.XXXXXX";
	int fd;

	if (lxt_native_only())
		SKIP(return, "pico only");

	ASSERT_EQ(0, lxt_run_case(self->inst, &mk, &r));
	ASSERT_STREQ("mkdir=0\n", r.out);
	ASSERT_NE(NULL, mkdtemp(host));
	fd = open(host, O_PATH | O_DIRECTORY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, lxt_mount_fd(self->inst, "drvfs", "/d", 0755, fd)) TH_LOG("%s", strerror(errno));
	close(fd);
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("drvfs=-EOPNOTSUPP\n", r.out);
}

TEST_HARNESS_MAIN
