// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_unit.c - runs every volfs Check suite (each test in its own process,
 * Check's fork mode) and the helpers they share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "volfs_unit.h"

static char scratch[4096];

void unit_setup(void)
{
	const char *base = getenv("VOLFS_TEST_DIR");

	snprintf(scratch, sizeof(scratch), "%s/t.XXXXXX", base && *base ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(scratch));
	ck_assert_int_eq(chmod(scratch, 0755), 0);
	ck_assert_int_eq(chdir(scratch), 0);
}

void unit_teardown(void)
{
	if (chdir("/") == 0 && scratch[0])
		volfs_rmtree_at(AT_FDCWD, scratch);
}

const char *unit_scratch(void)
{
	return scratch;
}

void unit_write_tar(const char *file, int filter, const struct tent *t, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t i;

	ck_assert_int_eq(archive_write_set_format_pax(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_add_filter(a, filter), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(a, file), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		size_t len = t[i].len ? t[i].len : (t[i].data ? strlen(t[i].data) : 0);

		archive_entry_clear(e);
		archive_entry_set_pathname(e, t[i].path);
		archive_entry_set_perm(e, t[i].perm);
		archive_entry_set_uid(e, t[i].uid);
		archive_entry_set_gid(e, t[i].gid);
		archive_entry_set_mtime(e, t[i].mtime ? t[i].mtime : 1700000000,
					t[i].mtime_nsec);
		if (!t[i].type) {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, t[i].data);
			len = 0;
		} else {
			archive_entry_set_filetype(e, t[i].type);
		}
		if (t[i].type == AE_IFLNK)
			archive_entry_set_symlink(e, t[i].data);
		if (t[i].type == AE_IFCHR || t[i].type == AE_IFBLK) {
			archive_entry_set_rdevmajor(e, t[i].rmaj);
			archive_entry_set_rdevminor(e, t[i].rmin);
		}
		if (t[i].xname)
			archive_entry_xattr_add_entry(e, t[i].xname, t[i].xval,
						      strlen(t[i].xval));
		archive_entry_set_size(e, t[i].type == AE_IFREG ? (la_int64_t)len : 0);
		ck_assert_msg(archive_write_header(a, e) == ARCHIVE_OK, "%s: %s", t[i].path,
			      archive_error_string(a));
		if (t[i].type == AE_IFREG && len)
			ck_assert_int_eq(archive_write_data(a, t[i].data, len), (la_ssize_t)len);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(e);
}

/* "./a/b/" as "a/b": names as volfs_norm_path() gives them. */
static char *strip_dot(const char *p)
{
	char *s;
	size_t n;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	s = strdup(p);
	n = strlen(s);
	while (n && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

size_t unit_read_tar(const char *file, struct rent **out, int *filter)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct rent *r = NULL;
	size_t n = 0;
	int rc;

	archive_read_support_format_all(a);
	archive_read_support_filter_all(a);
	ck_assert_int_eq(archive_read_open_filename(a, file, 65536), ARCHIVE_OK);
	while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		struct rent *x;
		const char *name;
		const void *val;
		size_t vlen;
		FILE *xf;
		size_t xl;

		r = realloc(r, (n + 1) * sizeof(*r));
		x = &r[n++];
		memset(x, 0, sizeof(*x));
		x->path = strip_dot(archive_entry_pathname(e));
		x->type = archive_entry_filetype(e);
		x->perm = archive_entry_perm(e);
		x->uid = archive_entry_uid(e);
		x->gid = archive_entry_gid(e);
		x->mtime = archive_entry_mtime(e);
		x->mtime_nsec = archive_entry_mtime_nsec(e);
		x->rmaj = archive_entry_rdevmajor(e);
		x->rmin = archive_entry_rdevminor(e);
		if (archive_entry_symlink(e))
			x->symlink = strdup(archive_entry_symlink(e));
		if (archive_entry_hardlink(e))
			x->hardlink = strip_dot(archive_entry_hardlink(e));
		/*
		 * pax carries each xattr twice (LIBARCHIVE.xattr and SCHILY.xattr)
		 * and libarchive 3.6 reports both: keep the first.
		 */
		xf = open_memstream(&x->xattrs, &xl);
		archive_entry_xattr_reset(e);
		while (archive_entry_xattr_next(e, &name, &val, &vlen) == ARCHIVE_OK) {
			char line[512];

			snprintf(line, sizeof(line), "%s=%.*s\n", name, (int)vlen,
				 (const char *)val);
			fflush(xf);
			if (!x->xattrs || !strstr(x->xattrs, line))
				fputs(line, xf);
		}
		fclose(xf);
		x->len = (size_t)archive_entry_size(e);
		x->data = malloc(x->len + 1);
		ck_assert_int_eq(archive_read_data(a, x->data, x->len), (la_ssize_t)x->len);
		x->data[x->len] = '\0';
	}
	ck_assert_int_eq(rc, ARCHIVE_EOF);
	if (filter)
		*filter = archive_filter_code(a, 0);
	archive_read_free(a);
	*out = r;
	return n;
}

void unit_free_tar(struct rent *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].path);
		free(r[i].data);
		free(r[i].symlink);
		free(r[i].hardlink);
		free(r[i].xattrs);
	}
	free(r);
}

const struct rent *unit_find(const struct rent *r, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(r[i].path, path))
			return &r[i];
	return NULL;
}

int unit_run(char **out, char **err, ...)
{
	char *argv[16];
	size_t olen, elen;
	int argc = 1, ret;
	va_list ap;

	argv[0] = "volfs";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	volfs_out = open_memstream(out, &olen);
	volfs_err = open_memstream(err, &elen);
	ret = volfs_main(argc, argv);
	fclose(volfs_out);
	fclose(volfs_err);
	volfs_out = volfs_err = NULL;
	return ret;
}

size_t unit_count_entries(const char *dir)
{
	char **names;
	size_t n;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(volfs_list_dir(fd, &names, &n), 0);
	close(fd);
	volfs_free_names(names, n);
	return n;
}

int unit_record(const char *path, struct volfs_meta *m, int *cerr)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW), ret = 0;

	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	if (volfs_record_get(fd, m, cerr) < 0)
		ret = errno;
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	/* --lsan-probe: only LeakSanitizer's exit-time check can fail. */
	if (argc > 1 && !strcmp(argv[1], "--lsan-probe"))
		return EXIT_SUCCESS;

	/* As the tool does (volfs_main()): UTF-8 names stay bytes. */
	setlocale(LC_CTYPE, "C.UTF-8");
	sr = srunner_create(record_suite());
	srunner_add_suite(sr, import_suite());
	srunner_add_suite(sr, fsck_suite());
	/* Fork mode is Check's default; CK_FORK=no in the environment is for gdb only. */
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
