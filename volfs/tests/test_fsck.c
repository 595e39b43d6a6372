// SPDX-License-Identifier: GPL-2.0
/*
 * test_fsck.c - fsck finds every kind of bad record (missing, corrupt,
 * truncated, wrong version, wrong type, a host object a tree cannot hold),
 * --repair fixes what it can and says what it did; stat prints the record;
 * the command line reports misuse.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "volfs_unit.h"

static const struct tent tree[] = {
	{ "./", AE_IFDIR, 0755, 0, 0 },
	{ "etc/", AE_IFDIR, 0755, 0, 0 },
	{ "etc/passwd", AE_IFREG, 0644, 0, 0, "root:x:0:0::/root:/bin/sh\n" },
	{ "etc/shadow", AE_IFREG, 0640, 0, 42, "root:*:1::::::\n" },
	{ "etc/mtab", AE_IFLNK, 0777, 0, 0, "/proc/self/mounts" },
	{ "dev/", AE_IFDIR, 0755, 0, 0 },
	{ "dev/sda", AE_IFBLK, 0660, 0, 6, NULL, 0, 8, 0 },
	{ "usr/bin/passwd", AE_IFREG, 04755, 0, 0, "#!", 0, 0, 0, NULL, NULL, 1600000000, 42 },
};

static void make_tree(void)
{
	unit_write_tar("in.tar", ARCHIVE_FILTER_NONE, tree, sizeof(tree) / sizeof(tree[0]));
	ck_assert_int_eq(volfs_import("in.tar", "t", 0), 0);
}

static int fsck(int repair, char **out)
{
	char *err;
	int ret;

	ret = unit_run(out, &err, "fsck", repair ? "--repair" : "t", repair ? "t" : NULL, NULL);
	free(err);
	return ret;
}

START_TEST(clean_tree_is_clean)
{
	char *out;

	make_tree();
	ck_assert_int_eq(fsck(0, &out), VOLFS_FSCK_CLEAN);
	ck_assert_str_eq(out, "t: 10 entries, 0 problems, 0 repaired, 0 not repaired\n");
	free(out);
}
END_TEST

START_TEST(missing_record_is_reported_not_fixed)
{
	char *out;

	make_tree();
	ck_assert_int_eq(removexattr("t/etc/passwd", VOLFS_XATTR_NAME), 0);
	ck_assert_int_eq(fsck(0, &out), VOLFS_FSCK_UNREPAIRED);
	ck_assert_str_eq(out, "t/etc/passwd: missing record\n"
		"t: 10 entries, 1 problems, 0 repaired, 1 not repaired\n");
	free(out);
	ck_assert_int_eq(unit_record("t/etc/passwd", &(struct volfs_meta){ 0 }, NULL), ENODATA);
}
END_TEST

/* Each kind of damage to a record, and the line fsck prints for it. */
static void damage(const char *path, int how)
{
	unsigned char buf[VOLFS_RECORD_SIZE];
	uint32_t crc;

	ck_assert_int_eq(getxattr(path, VOLFS_XATTR_NAME, buf, sizeof(buf)), VOLFS_RECORD_SIZE);
	switch (how) {
	case 0:	/* a bit flipped */
		buf[VOLFS_OFF_UID] ^= 1;
		break;
	case 1:	/* cut short */
		ck_assert_int_eq(setxattr(path, VOLFS_XATTR_NAME, buf, 40, 0), 0);
		return;
	case 2:	/* a version from the future, correctly sealed */
		buf[VOLFS_OFF_VERSION] = VOLFS_VERSION + 1;
		crc = volfs_crc32c(0, buf, VOLFS_OFF_CRC);
		memcpy(buf + VOLFS_OFF_CRC, &crc, 4);
		break;
	case 3:	/* not a record at all */
		memcpy(buf, "junk", 4);
		break;
	}
	ck_assert_int_eq(setxattr(path, VOLFS_XATTR_NAME, buf, sizeof(buf), 0), 0);
}

static const char *const damage_lines[] = {
	"t/etc/shadow: corrupt record: bad record checksum\n",
	"t/etc/shadow: corrupt record: truncated record\n",
	"t/etc/shadow: corrupt record: unsupported record version\n",
	"t/etc/shadow: corrupt record: not a VolFs record (bad magic)\n",
};

START_TEST(each_corruption_is_named)
{
	char *out;

	make_tree();
	damage("t/etc/shadow", _i);
	ck_assert_int_eq(fsck(0, &out), VOLFS_FSCK_UNREPAIRED);
	ck_assert_int_eq(strncmp(out, damage_lines[_i], strlen(damage_lines[_i])), 0);
	free(out);
}
END_TEST

START_TEST(repair_writes_derived_records_and_says_so)
{
	struct volfs_meta m;
	struct stat st;
	char *out;

	make_tree();
	damage("t/etc/shadow", 0);
	ck_assert_int_eq(removexattr("t/dev", VOLFS_XATTR_NAME), 0);
	/* A file the owner copied in by hand, without a record. */
	ck_assert_int_eq(close(open("t/etc/added", O_CREAT | O_WRONLY, 0644)), 0);
	ck_assert_int_eq(chmod("t/etc/added", 0644), 0);
	ck_assert_int_eq(fsck(1, &out), VOLFS_FSCK_REPAIRED);
	ck_assert_str_eq(out,
		"t/dev: missing record\n"
		"t/dev: repaired: new record: directory, mode 0700, owner 0:0, host times\n"
		"t/etc/added: missing record\n"
		"t/etc/added: repaired: new record: regular file, mode 0644, owner 0:0, host times\n"
		"t/etc/shadow: corrupt record: bad record checksum\n"
		"t/etc/shadow: repaired: new record: regular file, mode 0600, owner 0:0, host times\n"
		"t: 11 entries, 3 problems, 3 repaired, 0 not repaired\n");
	free(out);
	ck_assert_int_eq(unit_record("t/etc/added", &m, NULL), 0);
	ck_assert_int_eq(stat("t/etc/added", &st), 0);
	ck_assert_uint_eq(m.flags, VOLFS_F_HOST_ATIME | VOLFS_F_HOST_MTIME);
	ck_assert(m.ctime.sec == st.st_ctim.tv_sec || m.ctime.sec + 1 == st.st_ctim.tv_sec);
	/* And now it is clean. */
	ck_assert_int_eq(fsck(0, &out), VOLFS_FSCK_CLEAN);
	free(out);
}
END_TEST

START_TEST(type_mismatch_is_found_and_repaired)
{
	struct volfs_meta m;
	char *out;
	int fd;

	make_tree();
	fd = open("t/etc/passwd", O_RDONLY);
	ck_assert_int_eq(volfs_record_get(fd, &m, NULL), 0);
	m.type = VOLFS_TYPE_DIR;
	ck_assert_int_eq(volfs_record_set(fd, &m), 0);
	close(fd);
	ck_assert_int_eq(fsck(0, &out), VOLFS_FSCK_UNREPAIRED);
	ck_assert_ptr_nonnull(strstr(out, "t/etc/passwd: record says directory, host has a "
				     "regular file\n"));
	free(out);
	ck_assert_int_eq(fsck(1, &out), VOLFS_FSCK_REPAIRED);
	free(out);
	ck_assert_int_eq(unit_record("t/etc/passwd", &m, NULL), 0);
	ck_assert_uint_eq(m.type, VOLFS_TYPE_REG);
}
END_TEST

START_TEST(host_symlink_and_fifo_cannot_be_repaired)
{
	char *out;

	make_tree();
	ck_assert_int_eq(symlink("/etc", "t/escape"), 0);
	ck_assert_int_eq(mkfifo("t/etc/fifo", 0600), 0);
	ck_assert_int_eq(fsck(1, &out), VOLFS_FSCK_UNREPAIRED);
	ck_assert_ptr_nonnull(strstr(out, "t/escape: host file is a symbolic link"));
	ck_assert_ptr_nonnull(strstr(out, "t/etc/fifo: host file is a fifo"));
	ck_assert_ptr_nonnull(strstr(out, "2 problems, 0 repaired, 2 not repaired"));
	free(out);
}
END_TEST

START_TEST(fsck_of_missing_dir_is_an_operational_error)
{
	char *out, *err;

	ck_assert_int_eq(unit_run(&out, &err, "fsck", "nope", NULL), VOLFS_FSCK_ERROR);
	ck_assert_str_eq(err, "volfs: cannot open nope: No such file or directory\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(stat_prints_the_record)
{
	char *out, *err;

	make_tree();
	ck_assert_int_eq(unit_run(&out, &err, "stat", "t/usr/bin/passwd", NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "  File: t/usr/bin/passwd\n  Size: 2 "));
	ck_assert_ptr_nonnull(strstr(out, "regular file\n"));
	ck_assert_ptr_nonnull(strstr(out, "Access: (4755/-rwsr-xr-x)  Uid: (    0)   Gid: (    0)\n"));
	ck_assert_ptr_nonnull(strstr(out, "Modify: 2020-09-13 "));	/* TZ-dependent hour */
	ck_assert_ptr_nonnull(strstr(out, ".000000042 "));
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
}
END_TEST

START_TEST(stat_shows_links_and_devices)
{
	char *out, *err;

	make_tree();
	ck_assert_int_eq(unit_run(&out, &err, "stat", "t/etc/mtab", "t/dev/sda", NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "  File: t/etc/mtab -> /proc/self/mounts\n  Size: 17 "));
	ck_assert_ptr_nonnull(strstr(out, "symbolic link\n"));
	ck_assert_ptr_nonnull(strstr(out, "(0777/lrwxrwxrwx)"));
	ck_assert_ptr_nonnull(strstr(out, "Device type: 8,0\n"));
	ck_assert_ptr_nonnull(strstr(out, "(0660/brw-rw----)  Uid: (    0)   Gid: (    6)\n"));
	free(out);
	free(err);
}
END_TEST

START_TEST(stat_outside_a_tree_is_a_clear_error)
{
	char *out, *err;

	ck_assert_int_eq(close(creat("plain", 0644)), 0);
	ck_assert_int_eq(unit_run(&out, &err, "stat", "plain", NULL), 1);
	ck_assert_str_eq(err, "volfs: cannot stat plain: no VolFs record (not in a backing "
		"tree, or run volfs fsck)\n");
	free(out);
	free(err);
	ck_assert_int_eq(unit_run(&out, &err, "stat", "absent", NULL), 1);
	ck_assert_str_eq(err, "volfs: cannot stat absent: No such file or directory\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(command_line_misuse_is_reported)
{
	char *out, *err;

	ck_assert_int_eq(unit_run(&out, &err, NULL), 2);
	ck_assert_int_eq(strncmp(err, "volfs: missing command\nusage: ", 30), 0);
	free(out);
	free(err);
	ck_assert_int_eq(unit_run(&out, &err, "frobnicate", NULL), 2);
	ck_assert_int_eq(strncmp(err, "volfs: unknown command frobnicate\n", 34), 0);
	free(out);
	free(err);
	ck_assert_int_eq(unit_run(&out, &err, "import", "--fast", "a", "b", NULL), 2);
	ck_assert_int_eq(strncmp(err, "volfs: import: unknown option --fast\n", 37), 0);
	free(out);
	free(err);
	ck_assert_int_eq(unit_run(&out, &err, "export", "a", NULL), 2);
	ck_assert_int_eq(strncmp(err, "volfs: export: missing operand\n", 31), 0);
	free(out);
	free(err);
	ck_assert_int_eq(unit_run(&out, &err, "fsck", "a", "b", NULL), VOLFS_FSCK_USAGE);
	free(out);
	free(err);
}
END_TEST

Suite *fsck_suite(void)
{
	Suite *s = suite_create("fsck");
	TCase *tc = tcase_create("fsck");

	tcase_add_checked_fixture(tc, unit_setup, unit_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, clean_tree_is_clean);
	tcase_add_test(tc, missing_record_is_reported_not_fixed);
	tcase_add_loop_test(tc, each_corruption_is_named, 0, 4);
	tcase_add_test(tc, repair_writes_derived_records_and_says_so);
	tcase_add_test(tc, type_mismatch_is_found_and_repaired);
	tcase_add_test(tc, host_symlink_and_fifo_cannot_be_repaired);
	tcase_add_test(tc, fsck_of_missing_dir_is_an_operational_error);
	tcase_add_test(tc, stat_prints_the_record);
	tcase_add_test(tc, stat_shows_links_and_devices);
	tcase_add_test(tc, stat_outside_a_tree_is_a_clear_error);
	tcase_add_test(tc, command_line_misuse_is_reported);
	suite_add_tcase(s, tc);
	return s;
}
