// SPDX-License-Identifier: GPL-2.0
/*
 * test_import.c - import and export: a tarball with every file type
 * round-trips (content, owners, modes, types, links, xattrs, times), as root
 * and as an unprivileged user; every compression; escapes refused; a failed
 * import leaves nothing behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "volfs_unit.h"

#define NOBODY 65534

static char big[300000];

/* Every type; hard-link targets sort before their links, as export walks. */
static const struct tent every[] = {
	{ "./", AE_IFDIR, 0755, 0, 0 },
	{ "bin/", AE_IFDIR, 0755, 0, 0 },
	{ "bin/su", AE_IFREG, 04755, 0, 0, "#!/bin/sh\necho su\n" },
	{ "bin/sudo", 0, 0, 0, 0, "bin/su" },		/* hard link */
	{ "bin/sh", AE_IFLNK, 0777, 0, 0, "/bin/dash" },
	{ "bin/wall", AE_IFREG, 02755, 0, 5, "wall" },
	{ "dev/", AE_IFDIR, 0755, 0, 0 },
	{ "dev/null", AE_IFCHR, 0666, 0, 0, NULL, 0, 1, 3 },
	{ "dev/sda1", AE_IFBLK, 0660, 0, 6, NULL, 0, 8, 1 },
	{ "dev/big", AE_IFCHR, 0600, 0, 0, NULL, 0, 4095, 1048575 },
	{ "run/", AE_IFDIR, 0755, 0, 0 },
	{ "run/initctl", AE_IFIFO, 0600, 0, 0 },
	{ "tmp/", AE_IFDIR, 01777, 0, 0 },
	{ "home/", AE_IFDIR, 0755, 0, 0 },
	{ "home/user/", AE_IFDIR, 0700, 1000, 1000 },
	{ "home/user/odd name with spaces", AE_IFREG, 0644, 1000, 1000, "spaces" },
	{ "home/user/new\nline", AE_IFREG, 0600, 1000, 1000, "newline" },
	{ "home/user/\xc3\xa9t\xc3\xa9 \xe2\x98\x83", AE_IFREG, 0640, 1000, 100, "utf-8" },
	{ "home/user/empty", AE_IFREG, 0000, 4000000000LL, 4000000001LL, "" },
	{ "home/user/tagged", AE_IFREG, 0644, 1000, 1000, "x", 0, 0, 0, "user.mime", "text/plain" },
	{ "home/user/capable", AE_IFREG, 0755, 0, 0, "cap", 0, 0, 0, "security.capability", "\x01\x02" },
	{ "home/user/trusted", AE_IFREG, 0644, 0, 0, "t", 0, 0, 0, "trusted.overlay.opaque", "y" },
	{ "home/user/reserved", AE_IFREG, 0644, 0, 0, "r", 0, 0, 0, "user.lxcore.volfs", "guest's" },
	{ "home/user/link to dir", AE_IFLNK, 0777, 1000, 1000, "../../tmp" },
	{ "home/user/z-hard", 0, 0, 0, 0, "home/user/odd name with spaces" },
	{ "var/", AE_IFDIR, 0755, 0, 0, NULL, 0, 0, 0, NULL, NULL, 86400, 123456789 },
	{ "var/big", AE_IFREG, 0644, 0, 0, big, sizeof(big), 0, 0, NULL, NULL, 1, 999999999 },
};
#define N_EVERY (sizeof(every) / sizeof(every[0]))

static void fill_big(void)
{
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 2654435761u >> 13);
}

static char *name_of(const struct tent *t)
{
	char *p;

	ck_assert_ptr_null(volfs_norm_path(t->path, &p));
	return p;
}

/* The exported tarball holds exactly the members of every[], as written. */
static void check_every(const char *file)
{
	struct rent *r;
	size_t n, i;

	n = unit_read_tar(file, &r, NULL);
	ck_assert_uint_eq(n, N_EVERY);
	for (i = 0; i < N_EVERY; i++) {
		const struct tent *t = &every[i];
		char *name = name_of(t);
		const struct rent *x = unit_find(r, n, name);
		size_t len = t->len ? t->len : (t->data ? strlen(t->data) : 0);

		ck_assert_msg(x != NULL, "%s missing", t->path);
		if (!t->type) {	/* a link has its inode's owner: not checked here */
			char *target;

			ck_assert_ptr_null(volfs_norm_path(t->data, &target));
			ck_assert_msg(x->hardlink && !strcmp(x->hardlink, target),
				      "%s: hard link to %s", t->path, x->hardlink);
			free(target);
			free(name);
			continue;
		}
		ck_assert_msg(x->uid == t->uid && x->gid == t->gid, "%s owner", t->path);
		ck_assert_msg(x->type == t->type, "%s type %o", t->path, x->type);
		ck_assert_msg(x->perm == t->perm, "%s perm %o", t->path, x->perm);
		ck_assert_msg(x->mtime == (t->mtime ? t->mtime : 1700000000) &&
			      x->mtime_nsec == t->mtime_nsec, "%s mtime", t->path);
		if (t->type == AE_IFREG)
			ck_assert_msg(x->len == len && !memcmp(x->data, t->data, len),
				      "%s content", t->path);
		if (t->type == AE_IFLNK)
			ck_assert_str_eq(x->symlink, t->data);
		if (t->type == AE_IFCHR || t->type == AE_IFBLK)
			ck_assert_msg(x->rmaj == t->rmaj && x->rmin == t->rmin, "%s rdev", t->path);
		if (t->xname) {
			char want[256];

			snprintf(want, sizeof(want), "%s=%s\n", t->xname, t->xval);
			ck_assert_str_eq(x->xattrs, want);
		} else {
			ck_assert_str_eq(x->xattrs, "");
		}
		free(name);
	}
	unit_free_tar(r, n);
}

START_TEST(every_file_type_round_trips)
{
	char *out, *err;

	fill_big();
	unit_write_tar("in.tar.gz", ARCHIVE_FILTER_GZIP, every, N_EVERY);
	ck_assert_int_eq(unit_run(&out, &err, "import", "in.tar.gz", "tree", NULL), 0);
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
	ck_assert_int_eq(unit_run(&out, &err, "export", "tree", "out.tar", NULL), 0);
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
	check_every("out.tar");
}
END_TEST

START_TEST(backing_tree_holds_only_files_and_dirs)
{
	struct volfs_meta m;
	struct stat st, st2;
	char buf[64];
	int fd;
	ssize_t n;

	fill_big();
	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, every, N_EVERY);
	ck_assert_int_eq(volfs_import("in.tar", "tree", 0), 0);

	/* Only regular files and private directories on the host. */
	ck_assert_int_eq(lstat("tree/dev/null", &st), 0);
	ck_assert(S_ISREG(st.st_mode) && st.st_size == 0 && (st.st_mode & 07777) == 0600);
	ck_assert_int_eq(unit_record("tree/dev/null", &m, NULL), 0);
	ck_assert_uint_eq(m.type, VOLFS_TYPE_CHR);
	ck_assert_uint_eq(m.rdev_major, 1);
	ck_assert_uint_eq(m.rdev_minor, 3);
	ck_assert_uint_eq(m.mode, 0666);

	ck_assert_int_eq(lstat("tree/bin/sh", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	fd = open("tree/bin/sh", O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	ck_assert_int_eq(n, 9);
	ck_assert_int_eq(memcmp(buf, "/bin/dash", 9), 0);
	ck_assert_int_eq(unit_record("tree/bin/sh", &m, NULL), 0);
	ck_assert_uint_eq(m.type, VOLFS_TYPE_LNK);

	ck_assert_int_eq(lstat("tree/run/initctl", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(lstat("tree/tmp", &st), 0);
	ck_assert(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0700);
	ck_assert_int_eq(unit_record("tree/tmp", &m, NULL), 0);
	ck_assert_uint_eq(m.mode, 01777);

	/* Hard links are host hard links: one inode, one record. */
	ck_assert_int_eq(stat("tree/bin/su", &st), 0);
	ck_assert_int_eq(stat("tree/bin/sudo", &st2), 0);
	ck_assert(st.st_ino == st2.st_ino && st.st_nlink == 2);
	ck_assert_int_eq(unit_record("tree/bin/sudo", &m, NULL), 0);
	ck_assert_uint_eq(m.mode, 04755);

	/* Owners beyond 2^31 and times with nanoseconds are in the record. */
	ck_assert_int_eq(unit_record("tree/home/user/empty", &m, NULL), 0);
	ck_assert_uint_eq(m.uid, 4000000000u);
	ck_assert_uint_eq(m.gid, 4000000001u);
	ck_assert_int_eq(unit_record("tree/var/big", &m, NULL), 0);
	ck_assert(m.mtime.sec == 1 && m.mtime.nsec == 999999999);
	ck_assert_uint_eq(m.flags, 0);
}
END_TEST

START_TEST(executable_guest_files_are_0700_on_the_host)
{
	static const struct { const char *path; unsigned int mode; } want[] = {
		{ "tree/bin/su", 0700 },		/* 04755 */
		{ "tree/bin/wall", 0700 },		/* 02755 */
		{ "tree/home/user/capable", 0700 },	/* 0755 */
		{ "tree/bin/sh", 0600 },		/* a symlink: 0777, not executable */
		{ "tree/home/user/odd name with spaces", 0600 },
		{ "tree/home/user/empty", 0600 },	/* 0000 */
		{ "tree/dev/null", 0600 },
	};
	struct stat st;
	size_t i;

	fill_big();
	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, every, N_EVERY);
	ck_assert_int_eq(volfs_import("in.tar", "tree", 0), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_int_eq(lstat(want[i].path, &st), 0);
		ck_assert_msg((st.st_mode & 07777) == want[i].mode, "%s: host mode %o",
			      want[i].path, st.st_mode & 07777);
	}
}
END_TEST

START_TEST(xattrs_of_other_namespaces_are_escaped)
{
	char buf[64];
	ssize_t n;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, every, N_EVERY);
	ck_assert_int_eq(volfs_import("in.tar", "tree", 0), 0);
	n = getxattr("tree/home/user/tagged", "user.mime", buf, sizeof(buf));
	ck_assert_int_eq(n, 10);
	n = getxattr("tree/home/user/capable", "user.lxcore.x.security.capability", buf,
		     sizeof(buf));
	ck_assert_int_eq(n, 2);
	n = getxattr("tree/home/user/trusted", "user.lxcore.x.trusted.overlay.opaque", buf,
		     sizeof(buf));
	ck_assert_int_eq(n, 1);
	/* The guest's own user.lxcore.volfs cannot pose as the record. */
	n = getxattr("tree/home/user/reserved", "user.lxcore.x.user.lxcore.volfs", buf,
		     sizeof(buf));
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(unit_record("tree/home/user/reserved", &(struct volfs_meta){ 0 }, NULL),
			 0);
	/* Nothing of the host's own. */
	ck_assert_int_lt(getxattr("tree/home/user/capable", "security.capability", buf,
				  sizeof(buf)), 0);
}
END_TEST

/* Import and export as uid 65534 in a child; the parent checks the result. */
START_TEST(unprivileged_user_round_trips_every_type)
{
	struct stat st;
	pid_t pid;
	int status;

	fill_big();
	unit_write_tar("in.tar.xz", ARCHIVE_FILTER_XZ, every, N_EVERY);
	ck_assert_int_eq(chown(".", NOBODY, NOBODY), 0);
	ck_assert_int_eq(chmod("in.tar.xz", 0644), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int ok = setgroups(0, NULL) == 0 && setresgid(NOBODY, NOBODY, NOBODY) == 0 &&
			 setresuid(NOBODY, NOBODY, NOBODY) == 0 && geteuid() == NOBODY &&
			 volfs_import("in.tar.xz", "tree", 0) == 0 &&
			 volfs_export("tree", "out.tar.zst") == 0 &&
			 volfs_fsck("tree", 0) == VOLFS_FSCK_CLEAN;
		/* _exit: LeakSanitizer cannot trace a process that changed uid. */
		_exit(ok ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed");
	ck_assert_int_eq(lstat("tree/dev/sda1", &st), 0);
	ck_assert_uint_eq(st.st_uid, NOBODY);
	ck_assert_int_eq(lstat("tree/home/user", &st), 0);
	ck_assert_uint_eq(st.st_uid, NOBODY);
	check_every("out.tar.zst");
}
END_TEST

static const struct tent small[] = {
	{ "etc/", AE_IFDIR, 0755, 0, 0 },
	{ "etc/hostname", AE_IFREG, 0644, 0, 0, "lxcore\n" },
	{ "etc/mtab", AE_IFLNK, 0777, 0, 0, "/proc/self/mounts" },
};

static const int filters[] = {
	ARCHIVE_FILTER_NONE, ARCHIVE_FILTER_GZIP, ARCHIVE_FILTER_XZ, ARCHIVE_FILTER_ZSTD,
};
static const char *const suffixes[] = { ".tar", ".tar.gz", ".tar.xz", ".tar.zst" };

/* Loop test: each compression, detected from the content, not the name. */
START_TEST(import_detects_each_compression)
{
	struct volfs_meta m;

	unit_write_tar("in.bin", filters[_i], small, 3);
	ck_assert_int_eq(volfs_import("in.bin", "tree", 0), 0);
	ck_assert_int_eq(unit_record("tree/etc/mtab", &m, NULL), 0);
	ck_assert_uint_eq(m.type, VOLFS_TYPE_LNK);
	ck_assert_int_eq(unit_record("tree", &m, NULL), 0);
	ck_assert_uint_eq(m.type, VOLFS_TYPE_DIR);
	ck_assert_uint_eq(m.mode, 0755);	/* the default root */
}
END_TEST

/* Loop test: export compresses as the name says. */
START_TEST(export_compresses_as_the_name_says)
{
	char file[32];
	struct rent *r;
	size_t n;
	int filter;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, small, 3);
	ck_assert_int_eq(volfs_import("in.tar", "tree", 0), 0);
	snprintf(file, sizeof(file), "out%s", suffixes[_i]);
	ck_assert_int_eq(volfs_export("tree", file), 0);
	n = unit_read_tar(file, &r, &filter);
	ck_assert_int_eq(filter, filters[_i]);
	ck_assert_uint_eq(n, 4);	/* ./ and the three */
	ck_assert_str_eq(unit_find(r, n, "etc/hostname")->data, "lxcore\n");
	unit_free_tar(r, n);
}
END_TEST

/* Escapes: each tarball must be refused and leave nothing behind. */
static const struct tent esc_dotdot[] = { { "../evil", AE_IFREG, 0644, 0, 0, "x" } };
static const struct tent esc_inner[] = {
	{ "a/", AE_IFDIR, 0755, 0, 0 },
	{ "a/../../evil", AE_IFREG, 0644, 0, 0, "x" },
};
static const struct tent esc_abs[] = { { "/etc/evil", AE_IFREG, 0644, 0, 0, "x" } };
static const struct tent esc_symlink[] = {
	{ "lnk", AE_IFLNK, 0777, 0, 0, ".." },
	{ "lnk/evil", AE_IFREG, 0644, 0, 0, "x" },
};
static const struct tent esc_symlink_abs[] = {
	{ "lnk", AE_IFLNK, 0777, 0, 0, "/tmp" },
	{ "lnk/sub/evil", AE_IFDIR, 0755, 0, 0 },
};
static const struct tent esc_hardlink[] = { { "h", 0, 0, 0, 0, "../../etc/passwd" } };
static const struct tent esc_hardlink_abs[] = { { "h", 0, 0, 0, 0, "/etc/passwd" } };
static const struct tent esc_hardlink_sym[] = {
	{ "lnk", AE_IFLNK, 0777, 0, 0, "/etc" },
	{ "h", 0, 0, 0, 0, "lnk/passwd" },
};
static const struct {
	const struct tent *t;
	size_t n;
	const char *why;
} escapes[] = {
	{ esc_dotdot, 1, "refusing ../evil: path contains \"..\"" },
	{ esc_inner, 2, "refusing a/../../evil: path contains \"..\"" },
	{ esc_abs, 1, "refusing /etc/evil: absolute path" },
	{ esc_symlink, 2, "refusing lnk/evil: lnk is not a directory" },
	{ esc_symlink_abs, 2, "refusing lnk/sub/evil/: lnk is not a directory" },
	{ esc_hardlink, 1, "refusing hard link h -> ../../etc/passwd" },
	{ esc_hardlink_abs, 1, "refusing hard link h -> /etc/passwd: absolute path" },
	{ esc_hardlink_sym, 2, "hard link h: cannot find target lnk" },
};

START_TEST(escapes_are_refused_and_leave_nothing)
{
	char *out, *err;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, escapes[_i].t, escapes[_i].n);
	ck_assert_int_eq(unit_run(&out, &err, "import", "in.tar", "tree", NULL), 1);
	ck_assert_msg(strstr(err, escapes[_i].why) != NULL, "got: %s", err);
	ck_assert_int_eq(strncmp(err, "volfs: in.tar: ", 15), 0);
	/* Only the tarball: no tree, no temp dir, nothing outside. */
	ck_assert_uint_eq(unit_count_entries("."), 1);
	ck_assert_int_eq(access("../evil", F_OK), -1);
	free(out);
	free(err);
}
END_TEST

START_TEST(failed_import_leaves_nothing_half_written)
{
	static const struct tent t[] = {
		{ "etc/", AE_IFDIR, 0755, 0, 0 },
		{ "etc/passwd", AE_IFREG, 0644, 0, 0, "root:x:0:0::/root:/bin/sh\n" },
		{ "etc/passwd/oops", AE_IFREG, 0644, 0, 0, "x" },
	};
	char *out, *err;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, t, 3);
	ck_assert_int_eq(unit_run(&out, &err, "import", "in.tar", "tree", NULL), 1);
	ck_assert_ptr_nonnull(strstr(err, "etc/passwd is not a directory"));
	ck_assert_uint_eq(unit_count_entries("."), 1);
	free(out);
	free(err);
}
END_TEST

START_TEST(truncated_tarball_fails_cleanly)
{
	char *out, *err;
	struct stat st;

	fill_big();
	unit_write_tar("in.tar.gz", ARCHIVE_FILTER_GZIP, every, N_EVERY);
	ck_assert_int_eq(stat("in.tar.gz", &st), 0);
	ck_assert_int_eq(truncate("in.tar.gz", st.st_size / 2), 0);
	ck_assert_int_eq(unit_run(&out, &err, "import", "in.tar.gz", "tree", NULL), 1);
	ck_assert_int_eq(strncmp(err, "volfs: ", 7), 0);
	ck_assert_ptr_nonnull(strstr(err, "in.tar.gz"));
	ck_assert_uint_eq(unit_count_entries("."), 1);
	free(out);
	free(err);
}
END_TEST

START_TEST(existing_dir_needs_force)
{
	struct volfs_meta m;
	char *out, *err;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, small, 3);
	ck_assert_int_eq(mkdir("tree", 0755), 0);
	ck_assert_int_eq(close(creat("tree/precious", 0644)), 0);
	ck_assert_int_eq(unit_run(&out, &err, "import", "in.tar", "tree", NULL), 1);
	ck_assert_str_eq(err, "volfs: cannot import into tree: File exists (--force replaces it)\n");
	ck_assert_int_eq(access("tree/precious", F_OK), 0);
	ck_assert_uint_eq(unit_count_entries("."), 2);
	free(out);
	free(err);

	ck_assert_int_eq(unit_run(&out, &err, "import", "--force", "in.tar", "tree", NULL), 0);
	ck_assert_int_eq(access("tree/precious", F_OK), -1);
	ck_assert_int_eq(unit_record("tree/etc/hostname", &m, NULL), 0);
	ck_assert_uint_eq(unit_count_entries("."), 2);	/* the old tree is gone */
	free(out);
	free(err);
}
END_TEST

START_TEST(missing_tarball_says_what_and_why)
{
	char *out, *err;

	ck_assert_int_eq(unit_run(&out, &err, "import", "rootfs.tar", "tree", NULL), 1);
	ck_assert_str_eq(err, "volfs: cannot open rootfs.tar: No such file or directory\n");
	ck_assert_uint_eq(unit_count_entries("."), 0);
	free(out);
	free(err);
}
END_TEST

START_TEST(later_member_replaces_earlier_and_dirs_are_implied)
{
	static const struct tent t[] = {
		{ "a/b/c/file", AE_IFREG, 0644, 0, 0, "first" },
		{ "a/b/c/file", AE_IFREG, 0600, 7, 7, "second" },
		{ "a/b/", AE_IFDIR, 0711, 3, 3 },
	};
	struct volfs_meta m;
	char buf[16] = { 0 };
	int fd;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, t, 3);
	ck_assert_int_eq(volfs_import("in.tar", "tree", 0), 0);
	ck_assert_int_eq(unit_record("tree/a/b/c/file", &m, NULL), 0);
	ck_assert(m.uid == 7 && m.mode == 0600);
	fd = open("tree/a/b/c/file", O_RDONLY);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 6);
	close(fd);
	ck_assert_str_eq(buf, "second");
	ck_assert_int_eq(unit_record("tree/a", &m, NULL), 0);	/* implied: defaults */
	ck_assert(m.type == VOLFS_TYPE_DIR && m.mode == 0755 && m.uid == 0);
	ck_assert_int_eq(unit_record("tree/a/b", &m, NULL), 0);	/* listed later */
	ck_assert(m.mode == 0711 && m.uid == 3);
}
END_TEST

START_TEST(owner_out_of_range_is_refused)
{
	static const struct tent t[] = { { "f", AE_IFREG, 0644, 4294967295LL, 0, "x" } };
	char *out, *err;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, t, 1);
	ck_assert_int_eq(unit_run(&out, &err, "import", "in.tar", "tree", NULL), 1);
	ck_assert_str_eq(err, "volfs: in.tar: f: owner 4294967295:0 out of range\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(export_refuses_unknown_suffix_and_corrupt_records)
{
	char *out, *err;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, small, 3);
	ck_assert_int_eq(volfs_import("in.tar", "tree", 0), 0);
	ck_assert_int_eq(unit_run(&out, &err, "export", "tree", "out.zip", NULL), 1);
	ck_assert_ptr_nonnull(strstr(err, "cannot export to out.zip: unknown archive type"));
	free(out);
	free(err);

	ck_assert_int_eq(setxattr("tree/etc/hostname", VOLFS_XATTR_NAME, "LXVF", 4, 0), 0);
	ck_assert_int_eq(unit_run(&out, &err, "export", "tree", "out.tar", NULL), 1);
	ck_assert_str_eq(err, "volfs: cannot export ./etc/hostname: truncated record "
		"(run volfs fsck)\n");
	ck_assert_int_eq(access("out.tar", F_OK), -1);
	ck_assert_uint_eq(unit_count_entries("."), 2);	/* no temp file either */
	free(out);
	free(err);
}
END_TEST

START_TEST(export_skips_sockets_with_a_warning)
{
	struct volfs_meta m;
	char *out, *err;
	struct rent *r;
	size_t n;
	int fd;

	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, small, 3);
	ck_assert_int_eq(volfs_import("in.tar", "tree", 0), 0);
	/* A socket as the module will create it: an empty file, type SOCK. */
	fd = open("tree/etc/sock", O_CREAT | O_WRONLY, 0600);
	memset(&m, 0, sizeof(m));
	m.type = VOLFS_TYPE_SOCK;
	m.mode = 0755;
	ck_assert_int_eq(volfs_record_set(fd, &m), 0);
	close(fd);
	ck_assert_int_eq(unit_run(&out, &err, "export", "tree", "out.tar", NULL), 0);
	ck_assert_str_eq(err, "volfs: warning: ./etc/sock: a socket cannot be stored in a "
		"tar archive: skipped\n");
	n = unit_read_tar("out.tar", &r, NULL);
	ck_assert_uint_eq(n, 4);
	ck_assert_ptr_null(unit_find(r, n, "etc/sock"));
	unit_free_tar(r, n);
	free(out);
	free(err);
}
END_TEST

START_TEST(norm_path_rules)
{
	char *p;

	ck_assert_ptr_null(volfs_norm_path("./a//b/./c/", &p));
	ck_assert_str_eq(p, "a/b/c");
	free(p);
	ck_assert_ptr_null(volfs_norm_path("./", &p));
	ck_assert_str_eq(p, "");
	free(p);
	ck_assert_ptr_null(volfs_norm_path("a/..b/c..", &p));	/* not ".." */
	ck_assert_str_eq(p, "a/..b/c..");
	free(p);
	ck_assert_str_eq(volfs_norm_path("a/..", &p), "path contains \"..\"");
	ck_assert_str_eq(volfs_norm_path("//x", &p), "absolute path");
	ck_assert_str_eq(volfs_norm_path("", &p), "empty name");
	ck_assert_ptr_null(p);
}
END_TEST

START_TEST(walk_never_leaves_the_root)
{
	const char *leaf;
	char *bad;
	int root, fd;

	ck_assert_int_eq(mkdir("root", 0700), 0);
	ck_assert_int_eq(symlink("/etc", "root/lnk"), 0);
	root = open("root", O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(volfs_walk_parent(root, "../x", 1, &leaf, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(volfs_walk_parent(root, "a/./x", 1, &leaf, &bad), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* A host symlink on the way is never followed. */
	ck_assert_int_eq(volfs_walk_parent(root, "lnk/passwd", 0, &leaf, &bad), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	ck_assert_str_eq(bad, "lnk");
	free(bad);
	fd = volfs_walk_parent(root, "new/dir/leaf", 1, &leaf, &bad);
	ck_assert_int_ge(fd, 0);
	ck_assert_str_eq(leaf, "leaf");
	ck_assert_int_eq(unit_record("root/new/dir", &(struct volfs_meta){ 0 }, NULL), 0);
	close(fd);
	close(root);
}
END_TEST

Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("import");

	tcase_add_checked_fixture(tc, unit_setup, unit_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_file_type_round_trips);
	tcase_add_test(tc, backing_tree_holds_only_files_and_dirs);
	tcase_add_test(tc, executable_guest_files_are_0700_on_the_host);
	tcase_add_test(tc, xattrs_of_other_namespaces_are_escaped);
	tcase_add_test(tc, unprivileged_user_round_trips_every_type);
	tcase_add_loop_test(tc, import_detects_each_compression, 0, 4);
	tcase_add_loop_test(tc, export_compresses_as_the_name_says, 0, 4);
	tcase_add_loop_test(tc, escapes_are_refused_and_leave_nothing, 0,
			    sizeof(escapes) / sizeof(escapes[0]));
	tcase_add_test(tc, failed_import_leaves_nothing_half_written);
	tcase_add_test(tc, truncated_tarball_fails_cleanly);
	tcase_add_test(tc, existing_dir_needs_force);
	tcase_add_test(tc, missing_tarball_says_what_and_why);
	tcase_add_test(tc, later_member_replaces_earlier_and_dirs_are_implied);
	tcase_add_test(tc, owner_out_of_range_is_refused);
	tcase_add_test(tc, export_refuses_unknown_suffix_and_corrupt_records);
	tcase_add_test(tc, export_skips_sockets_with_a_warning);
	tcase_add_test(tc, norm_path_rules);
	tcase_add_test(tc, walk_never_leaves_the_root);
	suite_add_tcase(s, tc);
	return s;
}
