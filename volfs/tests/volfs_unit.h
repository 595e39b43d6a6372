/* SPDX-License-Identifier: GPL-2.0 */
/*
 * volfs_unit.h - what the volfs Check suites share: a scratch directory per
 * test, a tarball writer and reader (libarchive), captured tool output.
 */
#ifndef VOLFS_UNIT_H
#define VOLFS_UNIT_H

#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdint.h>

#include "volfs.h"

/* One member of a test tarball. */
struct tent {
	const char *path;
	unsigned int type;	/* AE_IFREG, ...; 0: a hard link to @data */
	unsigned int perm;
	int64_t uid, gid;
	const char *data;	/* content, symlink target or hard-link target */
	size_t len;		/* of a regular file's content (0: strlen) */
	unsigned int rmaj, rmin;
	const char *xname, *xval;	/* one xattr, or NULL */
	int64_t mtime;
	long mtime_nsec;
};

/* One member read back. */
struct rent {
	char *path;		/* without a leading "./" */
	unsigned int type, perm;
	int64_t uid, gid;
	char *data;
	size_t len;
	char *symlink, *hardlink;
	unsigned int rmaj, rmin;
	char *xattrs;		/* "name=value\n" ... in archive order */
	int64_t mtime;
	long mtime_nsec;
};

/* Make a fresh 0755 scratch dir and chdir into it (removed by unit_teardown). */
void unit_setup(void);
void unit_teardown(void);
const char *unit_scratch(void);

/* Write @n members into @file with compression @filter (ARCHIVE_FILTER_*). */
void unit_write_tar(const char *file, int filter, const struct tent *t, size_t n);
/* Read every member of @file; returns the count; *@filter gets the compression. */
size_t unit_read_tar(const char *file, struct rent **out, int *filter);
void unit_free_tar(struct rent *r, size_t n);
const struct rent *unit_find(const struct rent *r, size_t n, const char *path);

/* Run the tool's command line in-process, capturing what it prints. */
int unit_run(char **out, char **err, ...) __attribute__((sentinel));

/* Entries in the scratch directory (to prove nothing was left behind). */
size_t unit_count_entries(const char *dir);
/* Record of a path inside a tree: 0, or the volfs_record_get() errno. */
int unit_record(const char *path, struct volfs_meta *m, int *cerr);

Suite *record_suite(void);
Suite *import_suite(void);
Suite *fsck_suite(void);

#endif
