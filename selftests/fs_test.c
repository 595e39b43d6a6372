// SPDX-License-Identifier: GPL-2.0
/*
 * LxVfs file-system calls on tmpfs, differential: each body runs natively
 * in a fresh host directory and as a pico process at the root of a fresh
 * instance tmpfs, using relative paths only; outputs must equal the
 * expected Linux values and each other. Then pico-only tests: no spelling
 * of a path reaches a host file.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <linux/stat.h>
#include <linux/openat2.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "fs_bodies.h"

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { .setup = fresh_dir, __VA_ARGS__ }; \
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

FIXTURE(fs) {
	int dev;
	int inst;
};

FIXTURE_SETUP(fs)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "fs");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 0755)) TH_LOG("mount: %s", strerror(errno));
}

FIXTURE_TEARDOWN(fs)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}


TEST_F(fs, files_are_created_written_read_and_positioned_as_on_linux)
{
	DIFF(.body = files, .expect_out = FS_FILES_OUT);
}

TEST_F(fs, directories_are_made_listed_and_removed_as_on_linux)
{
	DIFF(.body = dirs, .expect_out = FS_DIRS_OUT);
}

TEST_F(fs, renames_links_and_symbolic_links_behave_as_on_linux)
{
	DIFF(.body = names, .expect_out = FS_NAMES_OUT);
}

TEST_F(fs, cwd_dirfds_and_attributes_behave_as_on_linux)
{
	DIFF(.body = cwd_at, .expect_out = FS_CWD_AT_OUT);
}

TEST_F(fs, files_are_mapped_shared_and_private_with_linux_checks)
{
	DIFF(.body = maps, .expect_out = FS_MAPS_OUT);
}

TEST_F(fs, fifos_open_as_pipes_with_linux_rules_and_sockets_are_enxio)
{
	DIFF(.body = fifos, .expect_out = FS_FIFOS_OUT);
}

TEST_F(fs, times_are_set_by_utimensat_utimes_futimesat_and_utime_as_on_linux)
{
	DIFF(.body = times_calls, .expect_out = FS_TIMES_OUT);
}

TEST_F(fs, legacy_getdents_records_carry_the_type_in_their_last_byte)
{
	DIFF(.body = dents_legacy, .expect_out = FS_DENTS_LEGACY_OUT);
}

/* ---- /dev/zero mappings: anonymous memory, private or shared ------------------------ */

static void mkdir_dev(void *arg)
{
	lxt_say("mkdir", sys0(SYS_mkdir, (long)"/dev", 0755, 0));
}

static void mkdir_proc(void *arg)
{
	lxt_say("mkdir", sys0(SYS_mkdir, (long)"/proc", 0555, 0));
}

static void zero_maps(void *arg)
{
	long fd = OPEN("/dev/zero", O_RDWR, 0), ro, nul, pid;
	char *p, *q;

	p = (char *)say_map("private", MMAP(8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
	q = (char *)say_map("shared", MMAP(8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
	if (!p || !q)
		return;
	lxt_say("zeros", !p[0] && !p[8191] && !q[0] && !q[8191]);
	p[0] = 'p';
	q[0] = 'q';
	pid = lxt_fork();
	if (!pid) {
		p[0] = 'P';
		q[0] = 'Q';
		lxt_raw_exit(0);
	}
	lxt_say("wait", lxt_wait(pid));
	lxt_say_data("private-after-child", p, 1);
	lxt_say_data("shared-after-child", q, 1);
	ro = OPEN("/dev/zero", O_RDONLY, 0);
	say_map("ro-shared-write", MMAP(4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
	say_map("ro-private-write", MMAP(4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0));
	say_map("ro-validate", MMAP(4096, PROT_READ, MAP_SHARED_VALIDATE, ro, 0));
	say_map("ro-validate-sync", MMAP(4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, ro, 0));
	nul = OPEN("/dev/null", O_RDWR, 0);
	say_map("null", MMAP(4096, PROT_READ, MAP_PRIVATE, nul, 0));
	lxt_say("read-after", lxt_read(fd, p, 4) == 4 && !p[0]);
}

TEST_F(fs, dev_zero_maps_as_anonymous_memory_as_on_linux)
{
	static const struct lxt_case mk = { .body = mkdir_dev };
	static const struct lxt_case c = {
		.body = zero_maps,
		.expect_out = "private=0\nshared=0\nzeros=1\nwait=0\n"
			      "private-after-child=1 'p'\nshared-after-child=1 'Q'\n"
			      "ro-shared-write=-EACCES\nro-private-write=0\nro-validate=0\n"
			      "ro-validate-sync=-EOPNOTSUPP\nnull=-E19\nread-after=1\n",
	};
	static struct lxt_result r;

	if (!lxt_native_only()) {
		ASSERT_EQ(0, lxt_run_case(self->inst, &mk, &r));
		EXPECT_STREQ("mkdir=0\n", r.out);
		ASSERT_EQ(0, lxt_mount(self->inst, "devfs", "/dev", 0755))
			TH_LOG("mount: %s", strerror(errno));
	}
	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- a FIFO open waiting for its partner ends on a signal ------------------------------ */

struct ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void fs_sig_restorer(void);
__asm__(".text\n"
	".align 16\n"
	".globl fs_sig_restorer\n"
	".type fs_sig_restorer, @function\n"
	"fs_sig_restorer:\n"
	"\tmov $15, %eax\n"	/* rt_sigreturn */
	"\tsyscall\n"
	"\thlt\n");

static void on_alarm(int sig)
{
}

static void fifo_interrupted(void *arg)
{
	struct ksigaction sa = { on_alarm, 0x04000000 /* SA_RESTORER */, fs_sig_restorer, 0 };

	lxt_say("mkfifo", sys0(SYS_mknod, (long)"p", S_IFIFO | 0600, 0));
	lxt_say("sigaction", S(SYS_rt_sigaction, SIGALRM, (long)&sa, 0, 8, 0, 0));
	sys0(SYS_alarm, 1, 0, 0);
	lxt_say("blocked-reader", OPEN("p", O_RDONLY, 0));
	/* The interrupted open left no reader behind. */
	lxt_say("writer-alone", OPEN("p", O_WRONLY | O_NONBLOCK, 0));
	sys0(SYS_alarm, 1, 0, 0);
	lxt_say("blocked-writer", OPEN("p", O_WRONLY, 0));
	lxt_say("reader-nonblock", OPEN("p", O_RDONLY | O_NONBLOCK, 0));
	lxt_say("writer-now", OPEN("p", O_WRONLY | O_NONBLOCK, 0));
}

TEST_F(fs, a_fifo_open_waiting_for_its_partner_ends_with_eintr_on_a_signal)
{
	DIFF(.body = fifo_interrupted,
	     .expect_out = "mkfifo=0\nsigaction=0\nblocked-reader=-EINTR\nwriter-alone=-ENXIO\n"
			   "blocked-writer=-EINTR\nreader-nonblock=3\nwriter-now=4\n");
}

/* ---- openat2: struct open_how, RESOLVE_* --------------------------------------------- */

static long open2(long dfd, const char *path, unsigned long long flags,
		  unsigned long long mode, unsigned long long resolve, long size)
{
	struct { struct open_how how; unsigned long long more; } h = {
		{ .flags = flags, .mode = mode, .resolve = resolve }, 0 };

	return S(SYS_openat2, dfd, (long)path, (long)&h, size ? size : (long)sizeof(h.how), 0, 0);
}

/* "tag=ok" for an fd (closed at once), or the error. */
static void say_open2(const char *tag, long fd)
{
	if (fd >= 0) {
		lxt_close(fd);
		fd = 0;
	}
	lxt_say(tag, fd);
}

/*
 * FMODE_NONOTIFY, which openat2 strips rather than refuses: 0x4000000 in
 * 6.1, 1 << 25 from 6.12 (set by the test process from its kernel's release).
 */
static unsigned long long fmode_nonotify = 0x4000000;

static void set_fmode_nonotify(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (!uname(&u) && sscanf(u.release, "%d.%d", &major, &minor) == 2 &&
	    (major > 6 || (major == 6 && minor >= 12)))
		fmode_nonotify = 1ULL << 25;
}

static void openat2_body(void *arg)
{
	struct { struct open_how how; unsigned long long more; } big = { { 0 }, 1 };
	char path[64];
	struct stat a, b;
	long dfd, fd, procfd;

	sys0(SYS_mkdir, (long)"d", 0755, 0);
	sys0(SYS_mkdir, (long)"d/e", 0755, 0);
	touch("d/f");
	sys0(SYS_symlink, (long)"f", (long)"d/rel", 0);
	sys0(SYS_symlink, (long)"/", (long)"d/abs", 0);
	dfd = OPEN("d", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("dirfd", dfd);

	say_open2("size-0", S(SYS_openat2, dfd, (long)"f", (long)&big, 0, 0, 0));
	say_open2("size-short", open2(dfd, "f", O_RDONLY, 0, 0, 23));
	say_open2("size-longer-zero", open2(dfd, "f", O_RDONLY, 0, 0, 32));
	say_open2("size-longer-nonzero", S(SYS_openat2, dfd, (long)"f", (long)&big, 32, 0, 0));
	say_open2("size-page", open2(dfd, "f", O_RDONLY, 0, 0, 4097));
	say_open2("how-fault", S(SYS_openat2, dfd, (long)"f", 16, 24, 0, 0));
	say_open2("unknown-flag", open2(dfd, "f", O_RDONLY | (1ULL << 40), 0, 0, 0));
	say_open2("nonotify-ignored", open2(dfd, "f", O_RDONLY | fmode_nonotify, 0, 0, 0));
	say_open2("unknown-resolve", open2(dfd, "f", O_RDONLY, 0, 0x40, 0));
	say_open2("beneath-and-in-root", open2(dfd, "f", O_RDONLY, 0,
					       RESOLVE_BENEATH | RESOLVE_IN_ROOT, 0));
	say_open2("mode-without-create", open2(dfd, "f", O_RDONLY, 0644, 0, 0));
	say_open2("mode-too-big", open2(dfd, "g", O_CREAT | O_WRONLY, 010644, 0, 0));
	say_open2("directory-create", open2(dfd, "g", O_CREAT | O_DIRECTORY, 0644, 0, 0));
	say_open2("tmpfile-rdonly", open2(dfd, ".", O_TMPFILE | O_RDONLY, 0600, 0, 0));
	say_open2("path-rdwr", open2(dfd, "f", O_PATH | O_RDWR, 0, 0, 0));
	say_open2("create", open2(dfd, "g", O_CREAT | O_WRONLY, 0644, 0, 0));
	say_open2("cached-create", open2(dfd, "h", O_CREAT | O_WRONLY, 0644, RESOLVE_CACHED, 0));
	say_open2("cached-trunc", open2(dfd, "f", O_TRUNC | O_WRONLY, 0, RESOLVE_CACHED, 0));
	say_open2("cached", open2(dfd, "f", O_RDONLY, 0, RESOLVE_CACHED, 0));

	say_open2("beneath", open2(dfd, "e/../f", O_RDONLY, 0, RESOLVE_BENEATH, 0));
	say_open2("beneath-dotdot", open2(dfd, "..", O_RDONLY, 0, RESOLVE_BENEATH, 0));
	say_open2("beneath-up-and-back", open2(dfd, "e/../../d/f", O_RDONLY, 0, RESOLVE_BENEATH, 0));
	say_open2("beneath-absolute", open2(dfd, "/etc", O_RDONLY, 0, RESOLVE_BENEATH, 0));
	say_open2("beneath-abs-link", open2(dfd, "abs", O_RDONLY, 0, RESOLVE_BENEATH, 0));
	say_open2("beneath-rel-link", open2(dfd, "rel", O_RDONLY, 0, RESOLVE_BENEATH, 0));
	say_open2("beneath-create", open2(dfd, "../escape", O_CREAT | O_WRONLY, 0644,
					  RESOLVE_BENEATH, 0));
	say_open2("in-root-absolute", open2(dfd, "/f", O_RDONLY, 0, RESOLVE_IN_ROOT, 0));
	say_open2("in-root-dotdot", open2(dfd, "../../f", O_RDONLY, 0, RESOLVE_IN_ROOT, 0));
	fd = open2(dfd, "abs", O_RDONLY | O_DIRECTORY, 0, RESOLVE_IN_ROOT, 0);
	sys0(SYS_fstat, fd, (long)&a, 0);
	sys0(SYS_fstat, dfd, (long)&b, 0);
	lxt_say("in-root-abs-link-is-dirfd", fd >= 0 && a.st_ino == b.st_ino);
	lxt_close(fd);
	say_open2("in-root-create", open2(dfd, "/made", O_CREAT | O_WRONLY, 0644,
					  RESOLVE_IN_ROOT, 0));
	say_stat("made-in-dirfd", "d/made", 0);
	say_open2("no-symlinks", open2(dfd, "rel", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, 0));
	say_open2("no-symlinks-nofollow", open2(dfd, "rel", O_PATH | O_NOFOLLOW, 0,
						RESOLVE_NO_SYMLINKS, 0));
	say_open2("no-symlinks-plain", open2(dfd, "f", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, 0));
	say_open2("no-symlinks-proc-self", open2(AT_FDCWD, "/proc/self/status", O_RDONLY, 0,
						 RESOLVE_NO_SYMLINKS, 0));

	snprintf(path, sizeof(path), "/proc/self/fd/%ld", dfd);
	say_open2("magic", open2(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0, 0, 0));
	say_open2("no-magic", open2(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0,
				    RESOLVE_NO_MAGICLINKS, 0));
	say_open2("no-magic-cwd", open2(AT_FDCWD, "/proc/self/cwd", O_RDONLY, 0,
					RESOLVE_NO_MAGICLINKS, 0));
	say_open2("no-magic-plain-link", open2(AT_FDCWD, "/proc/self/status", O_RDONLY, 0,
					       RESOLVE_NO_MAGICLINKS, 0));
	say_open2("no-magic-nofollow", open2(AT_FDCWD, path, O_PATH | O_NOFOLLOW, 0,
					     RESOLVE_NO_MAGICLINKS, 0));
	procfd = OPEN("/proc", O_RDONLY | O_DIRECTORY, 0);
	say_open2("beneath-magic", open2(procfd, "self/cwd", O_RDONLY, 0, RESOLVE_BENEATH, 0));
	say_open2("in-root-magic", open2(procfd, "self/cwd", O_RDONLY, 0, RESOLVE_IN_ROOT, 0));
	say_open2("no-xdev-into", open2(AT_FDCWD, "/proc/self/status", O_RDONLY, 0,
					RESOLVE_NO_XDEV, 0));
	say_open2("no-xdev-up", open2(procfd, "..", O_RDONLY, 0, RESOLVE_NO_XDEV, 0));
	say_open2("no-xdev-inside", open2(procfd, "self/status", O_RDONLY, 0, RESOLVE_NO_XDEV, 0));
	say_open2("no-xdev-absolute-start", open2(procfd, "/", O_RDONLY, 0, RESOLVE_NO_XDEV, 0));
	say_open2("no-xdev-same", open2(dfd, "e/../f", O_RDONLY, 0, RESOLVE_NO_XDEV, 0));
	fd = OPEN("d/f", O_RDONLY, 0);
	say_open2("dirfd-not-dir", open2(fd, "x", O_RDONLY, 0, 0, 0));
	lxt_close(fd);
	lxt_close(procfd);
	lxt_close(dfd);
}

TEST_F(fs, openat2_checks_open_how_and_resolves_as_linux)
{
	static const struct lxt_case mk = { .body = mkdir_proc };
	static const struct lxt_case c = {
		.setup = fresh_dir,
		.body = openat2_body,
		.expect_out =
		"dirfd=3\nsize-0=-EINVAL\nsize-short=-EINVAL\nsize-longer-zero=0\n"
		"size-longer-nonzero=-E2BIG\nsize-page=-E2BIG\nhow-fault=-EFAULT\n"
		"unknown-flag=-EINVAL\nnonotify-ignored=0\nunknown-resolve=-EINVAL\n"
		"beneath-and-in-root=-EINVAL\nmode-without-create=-EINVAL\n"
		"mode-too-big=-EINVAL\ndirectory-create=-EINVAL\ntmpfile-rdonly=-EINVAL\n"
		"path-rdwr=-EINVAL\ncreate=0\ncached-create=-EAGAIN\ncached-trunc=-EAGAIN\n"
		"cached=0\nbeneath=0\nbeneath-dotdot=-EXDEV\nbeneath-up-and-back=-EXDEV\n"
		"beneath-absolute=-EXDEV\nbeneath-abs-link=-EXDEV\nbeneath-rel-link=0\n"
		"beneath-create=-EXDEV\nin-root-absolute=0\nin-root-dotdot=0\n"
		"in-root-abs-link-is-dirfd=1\nin-root-create=0\n"
		"made-in-dirfd=mode 100644 nlink 1 size 0 uid 0 gid 0\n"
		"no-symlinks=-ELOOP\nno-symlinks-nofollow=0\nno-symlinks-plain=0\n"
		"no-symlinks-proc-self=-ELOOP\nmagic=0\nno-magic=-ELOOP\nno-magic-cwd=-ELOOP\n"
		"no-magic-plain-link=0\nno-magic-nofollow=0\nbeneath-magic=-EXDEV\n"
		"in-root-magic=-EXDEV\nno-xdev-into=-EXDEV\nno-xdev-up=-EXDEV\n"
		"no-xdev-inside=0\nno-xdev-absolute-start=0\nno-xdev-same=0\n"
		"dirfd-not-dir=-ENOTDIR\n",
	};
	static struct lxt_result r;

	set_fmode_nonotify();
	if (!lxt_native_only()) {
		ASSERT_EQ(0, lxt_run_case(self->inst, &mk, &r));
		EXPECT_STREQ("mkdir=0\n", r.out);
		ASSERT_EQ(0, lxt_mount(self->inst, "proc", "/proc", 0555))
			TH_LOG("mount: %s", strerror(errno));
	}
	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- pico only: no path reaches the host ------------------------------------------ */

static void escapes(void *arg)
{
	char buf[256];
	long n;

	lxt_say("host-passwd", OPEN("/etc/passwd", O_RDONLY, 0));
	lxt_say("dotdot", OPEN("../../../../etc/passwd", O_RDONLY, 0));
	lxt_say("chdir-up", sys0(SYS_chdir, (long)"/../../..", 0, 0));
	n = sys0(SYS_getcwd, (long)buf, sizeof(buf), 0);
	lxt_say_data("cwd", buf, n > 0 ? n - 1 : n);
	lxt_say("abs-link", sys0(SYS_symlink, (long)"/etc/passwd", (long)"l1", 0));
	lxt_say("through-abs-link", OPEN("l1", O_RDONLY, 0));
	lxt_say("rel-link", sys0(SYS_symlink, (long)"../../../../../proc/self/root/etc/passwd", (long)"l2", 0));
	lxt_say("through-rel-link", OPEN("l2", O_RDONLY, 0));
	lxt_say("dir-link", sys0(SYS_symlink, (long)"/..", (long)"l3", 0));
	lxt_say("through-dir-link", OPEN("l3/etc/passwd", O_RDONLY, 0));
	lxt_say("host-fd-dirfd", S(SYS_openat, 1, (long)"../etc/passwd", O_RDONLY, 0, 0, 0));
	lxt_say("fd-stdin-empty", S(SYS_newfstatat, 0, (long)"", (long)buf, AT_EMPTY_PATH, 0, 0));
	lxt_say("mkdir-root", sys0(SYS_mkdir, (long)"/", 0755, 0));
	lxt_say("rmdir-root", sys0(SYS_rmdir, (long)"/", 0, 0));
	say_dir("root", "/");
}

TEST_F(fs, no_path_spelling_reaches_a_host_file)
{
	static const struct lxt_case c = { .body = escapes };
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("host-passwd=-ENOENT\ndotdot=-ENOENT\nchdir-up=0\ncwd=1 '/'\n"
		     "abs-link=0\nthrough-abs-link=-ENOENT\nrel-link=0\nthrough-rel-link=-ENOENT\n"
		     "dir-link=0\nthrough-dir-link=-ENOENT\nhost-fd-dirfd=-ENOTDIR\n"
		     "fd-stdin-empty=0\nmkdir-root=-EEXIST\nrmdir-root=-EBUSY\n"
		     "root=. .. l1 l2 l3\n", r.out);
	EXPECT_STREQ("exit=0", r.end);
}

static void mkdir_mnt(void *arg)
{
	lxt_say("mkdir", sys0(SYS_mkdir, (long)"/mnt", 0755, 0));
}

/* A tmpfs mounted on a directory; ".." from its root goes back across. */
static void mounts(void *arg)
{
	char buf[256];
	struct statfs sf;
	long n;

	touch("/mnt/on-mount");
	lxt_say("chdir", sys0(SYS_chdir, (long)"/mnt", 0, 0));
	say_dir("mnt", ".");
	lxt_say("rename-across", sys0(SYS_rename, (long)"on-mount", (long)"../moved", 0));
	lxt_say("link-across", sys0(SYS_link, (long)"on-mount", (long)"../linked", 0));
	lxt_say("rmdir-mountpoint", sys0(SYS_rmdir, (long)"/mnt", 0, 0));
	lxt_say("up", sys0(SYS_chdir, (long)"..", 0, 0));
	n = sys0(SYS_getcwd, (long)buf, sizeof(buf), 0);
	lxt_say_data("cwd", buf, n > 0 ? n - 1 : n);
	say_dir("root", ".");
	lxt_say("statfs", sys0(SYS_statfs, (long)"/mnt", (long)&sf, 0));
	lxt_sayx("f_type", sf.f_type);
	lxt_say("big-write-limit", sys0(SYS_truncate, (long)"/mnt/on-mount", 2 << 20, 0));
	{
		static char big[3 << 19];	/* 1.5 MiB, over the 1 MiB limit */
		long fd = OPEN("/mnt/big", O_CREAT | O_WRONLY, 0644);

		lxt_say("write-cut", lxt_write(fd, big, sizeof(big)));
		lxt_say("write-full", lxt_write(fd, big, 1));
		lxt_close(fd);
		lxt_say("unlink", sys0(SYS_unlink, (long)"/mnt/big", 0, 0));
		fd = OPEN("/mnt/big2", O_CREAT | O_WRONLY, 0644);
		lxt_say("room-again", lxt_write(fd, big, 1 << 20));
		lxt_close(fd);
	}
}

TEST_F(fs, mounts_are_crossed_and_their_limits_kept)
{
	static const struct lxt_case c = { .body = mounts };
	static const struct lxt_case mk = { .body = mkdir_mnt };
	static struct lxt_result r;
	struct lxss_mount m = { .size = sizeof(m), .source_fd = -1, .mode = 01777,
				.size_limit = 1 << 20 };

	if (lxt_native_only())
		SKIP(return, "pico only");
	strcpy(m.fstype, "tmpfs");
	strcpy(m.target, "/mnt");
	EXPECT_EQ(-1, ioctl(self->inst, LXSS_IOC_MOUNT, &m));
	EXPECT_EQ(ENOENT, errno);
	/* Make /mnt from a pico process, then mount on it. */
	ASSERT_EQ(0, lxt_run_case(self->inst, &mk, &r));
	EXPECT_STREQ("mkdir=0\n", r.out);
	ASSERT_EQ(0, ioctl(self->inst, LXSS_IOC_MOUNT, &m)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("chdir=0\nmnt=. .. on-mount\nrename-across=-EXDEV\nlink-across=-EXDEV\n"
		     "rmdir-mountpoint=-EBUSY\nup=0\ncwd=1 '/'\nroot=. .. mnt\nstatfs=0\n"
		     "f_type=0x1021994\nbig-write-limit=-ENOSPC\nwrite-cut=1048576\n"
		     "write-full=-ENOSPC\nunlink=0\nroom-again=1048576\n", r.out);
}

TEST_HARNESS_MAIN
