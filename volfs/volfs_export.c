// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_export.c - `volfs export`: a backing tree back into a pax tarball
 * with the recorded types, owners, modes, device numbers, times and xattrs;
 * host hard links become tar hard links. Members are named "./..." in sorted
 * order (as `tar -C DIR .` would). Written to a temp file, then renamed.
 */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "volfs.h"

#define VOLFS_LINK_MAX	65536	/* longest symlink target we export */

struct link_seen {
	dev_t dev;
	ino_t ino;
	char *path;
};

struct exporter {
	struct archive *a;
	struct archive_entry *e;
	const char *dir;
	struct link_seen *links;
	size_t nlinks, caplinks;
};

/* The first member that was this inode, or NULL after remembering it as @path. */
static const char *link_lookup(struct exporter *ex, const struct stat *st, const char *path)
{
	size_t i;

	for (i = 0; i < ex->nlinks; i++)
		if (ex->links[i].dev == st->st_dev && ex->links[i].ino == st->st_ino)
			return ex->links[i].path;
	if (ex->nlinks == ex->caplinks) {
		struct link_seen *n;

		ex->caplinks = ex->caplinks ? 2 * ex->caplinks : 16;
		n = realloc(ex->links, ex->caplinks * sizeof(*n));
		if (!n) {
			volfs_error("out of memory");
			exit(1);
		}
		ex->links = n;
	}
	ex->links[ex->nlinks].dev = st->st_dev;
	ex->links[ex->nlinks].ino = st->st_ino;
	ex->links[ex->nlinks].path = volfs_xstrdup(path);
	ex->nlinks++;
	return NULL;
}

static int add_xattrs(struct exporter *ex, int fd, const char *path)
{
	ssize_t len = flistxattr(fd, NULL, 0), vlen;
	char *names, *n;
	int ret = -1;

	if (len < 0) {
		volfs_error("cannot list xattrs of %s: %s", path, strerror(errno));
		return -1;
	}
	names = volfs_xmalloc((size_t)len + 1);
	len = flistxattr(fd, names, (size_t)len);
	if (len < 0) {
		volfs_error("cannot list xattrs of %s: %s", path, strerror(errno));
		goto out;
	}
	for (n = names; n < names + len; n += strlen(n) + 1) {
		char *guest = volfs_xattr_to_guest(n);
		void *value;

		if (!guest)
			continue;
		vlen = fgetxattr(fd, n, NULL, 0);
		value = vlen >= 0 ? volfs_xmalloc((size_t)vlen) : NULL;
		if (vlen >= 0)
			vlen = fgetxattr(fd, n, value, (size_t)vlen);
		if (vlen < 0) {
			volfs_error("cannot read xattr %s of %s: %s", n, path, strerror(errno));
			free(value);
			free(guest);
			goto out;
		}
		archive_entry_xattr_add_entry(ex->e, guest, value, (size_t)vlen);
		free(value);
		free(guest);
	}
	ret = 0;
out:
	free(names);
	return ret;
}

static int copy_data(struct exporter *ex, int fd, const char *path)
{
	char buf[1 << 16];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (archive_write_data(ex->a, buf, (size_t)n) != n) {
			volfs_error("cannot write %s: %s", path, archive_error_string(ex->a));
			return -1;
		}
	}
	if (n < 0) {
		volfs_error("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* One member from the host file @fd (@st), and for a directory, its children. */
static int export_one(struct exporter *ex, int fd, const struct stat *st, const char *path);

static int export_dir(struct exporter *ex, int dirfd, const char *path)
{
	char **names;
	size_t n, i;
	int ret = 0;

	if (volfs_list_dir(dirfd, &names, &n) < 0) {
		volfs_error("cannot read directory %s: %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n && !ret; i++) {
		char *child = volfs_join(path, names[i]);
		struct stat st;
		int fd;

		if (fstatat(dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			volfs_error("cannot stat %s: %s", child, strerror(errno));
			ret = -1;
		} else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			volfs_error("cannot export %s: the host file is not a regular file or "
				    "directory (run volfs fsck)", child);
			ret = -1;
		} else if ((fd = openat(dirfd, names[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
					O_CLOEXEC)) < 0) {
			volfs_error("cannot open %s: %s", child, strerror(errno));
			ret = -1;
		} else {
			ret = export_one(ex, fd, &st, child);
			close(fd);
		}
		free(child);
	}
	volfs_free_names(names, n);
	return ret;
}

static int export_one(struct exporter *ex, int fd, const struct stat *st, const char *path)
{
	struct volfs_meta m;
	const char *first;
	int cerr = 0;

	if (volfs_record_get(fd, &m, &cerr) < 0) {
		if (errno == ENODATA)
			volfs_error("cannot export %s: no VolFs record (run volfs fsck)", path);
		else if (errno == EBADMSG)
			volfs_error("cannot export %s: %s (run volfs fsck)", path,
				    volfs_strerror(cerr));
		else
			volfs_error("cannot read the record of %s: %s", path, strerror(errno));
		return -1;
	}
	if ((m.type == VOLFS_TYPE_DIR) != !!S_ISDIR(st->st_mode)) {
		volfs_error("cannot export %s: the record says %s but the host has a %s "
			    "(run volfs fsck)", path, volfs_type_name(m.type),
			    S_ISDIR(st->st_mode) ? "directory" : "regular file");
		return -1;
	}
	if (m.type == VOLFS_TYPE_SOCK) {
		volfs_warn("%s: a socket cannot be stored in a tar archive: skipped", path);
		return 0;
	}

	archive_entry_clear(ex->e);
	archive_entry_set_pathname(ex->e, path);
	archive_entry_set_filetype(ex->e, volfs_type_ifmt(m.type));
	archive_entry_set_perm(ex->e, m.mode);
	archive_entry_set_uid(ex->e, m.uid);
	archive_entry_set_gid(ex->e, m.gid);
	if (m.flags & VOLFS_F_HOST_ATIME)
		archive_entry_set_atime(ex->e, st->st_atim.tv_sec, st->st_atim.tv_nsec);
	else
		archive_entry_set_atime(ex->e, m.atime.sec, m.atime.nsec);
	if (m.flags & VOLFS_F_HOST_MTIME)
		archive_entry_set_mtime(ex->e, st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	else
		archive_entry_set_mtime(ex->e, m.mtime.sec, m.mtime.nsec);
	archive_entry_set_ctime(ex->e, m.ctime.sec, m.ctime.nsec);
	archive_entry_set_size(ex->e, 0);

	if (m.type != VOLFS_TYPE_DIR && st->st_nlink > 1 && (first = link_lookup(ex, st, path))) {
		archive_entry_set_hardlink(ex->e, first);
		goto write_header;
	}

	switch (m.type) {
	case VOLFS_TYPE_REG:
		archive_entry_set_size(ex->e, st->st_size);
		break;
	case VOLFS_TYPE_LNK: {
		char *target;
		ssize_t n;

		if (st->st_size <= 0 || st->st_size >= VOLFS_LINK_MAX) {
			volfs_error("cannot export %s: a symbolic link target of %lld bytes",
				    path, (long long)st->st_size);
			return -1;
		}
		target = volfs_xmalloc((size_t)st->st_size + 1);
		n = pread(fd, target, (size_t)st->st_size, 0);
		if (n != st->st_size || memchr(target, '\0', (size_t)n)) {
			volfs_error("cannot read the symbolic link target in %s: %s", path,
				    n < 0 ? strerror(errno) : "short or contains NUL");
			free(target);
			return -1;
		}
		target[n] = '\0';
		archive_entry_set_symlink(ex->e, target);
		free(target);
		break;
	}
	case VOLFS_TYPE_CHR:
	case VOLFS_TYPE_BLK:
		archive_entry_set_rdevmajor(ex->e, m.rdev_major);
		archive_entry_set_rdevminor(ex->e, m.rdev_minor);
		break;
	default:
		break;
	}

write_header:
	if (add_xattrs(ex, fd, path) < 0)
		return -1;
	if (archive_write_header(ex->a, ex->e) < ARCHIVE_WARN) {
		volfs_error("cannot write %s: %s", path, archive_error_string(ex->a));
		return -1;
	}
	if (m.type == VOLFS_TYPE_REG && !archive_entry_hardlink(ex->e) &&
	    copy_data(ex, fd, path) < 0)
		return -1;
	if (m.type == VOLFS_TYPE_DIR)
		return export_dir(ex, fd, path);
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && !strcmp(s + ls - lx, suffix);
}

/* The compression a file name asks for; -1 if none we write. */
static int filter_of(const char *file)
{
	if (ends_with(file, ".tar"))
		return ARCHIVE_FILTER_NONE;
	if (ends_with(file, ".tar.gz") || ends_with(file, ".tgz"))
		return ARCHIVE_FILTER_GZIP;
	if (ends_with(file, ".tar.xz") || ends_with(file, ".txz"))
		return ARCHIVE_FILTER_XZ;
	if (ends_with(file, ".tar.zst") || ends_with(file, ".tzst"))
		return ARCHIVE_FILTER_ZSTD;
	return -1;
}

int volfs_export(const char *dir, const char *file)
{
	struct exporter ex = { .dir = dir };
	char *fcopy, *bcopy, *tmp = NULL;
	int rootfd = -1, tfd = -1, filter, r, ret = 1;
	struct stat st;
	size_t i, len;

	filter = filter_of(file);
	if (filter < 0) {
		volfs_error("cannot export to %s: unknown archive type (use .tar, .tar.gz, "
			    ".tar.xz or .tar.zst)", file);
		return 1;
	}
	rootfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 || fstat(rootfd, &st) < 0) {
		volfs_error("cannot open %s: %s", dir, strerror(errno));
		if (rootfd >= 0)
			close(rootfd);
		return 1;
	}

	fcopy = volfs_xstrdup(file);
	bcopy = volfs_xstrdup(file);
	len = strlen(file) + 32;
	tmp = volfs_xmalloc(len);
	snprintf(tmp, len, "%s/.%s.XXXXXX", dirname(fcopy), basename(bcopy));
	tfd = mkstemp(tmp);
	if (tfd < 0) {
		volfs_error("cannot create a temp file beside %s: %s", file, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	ex.a = archive_write_new();
	ex.e = archive_entry_new();
	if (!ex.a || !ex.e) {
		volfs_error("out of memory");
		goto out;
	}
	r = archive_write_set_format_pax(ex.a);
	/* Names are bytes on Linux: store them as they are, whatever the locale. */
	if (r == ARCHIVE_OK)
		r = archive_write_set_format_option(ex.a, "pax", "hdrcharset", "BINARY");
	/* One filter function each (not archive_write_add_filter()): a static
	 * tool then links only the compressors it can write. */
	if (r == ARCHIVE_OK && filter == ARCHIVE_FILTER_GZIP)
		r = archive_write_add_filter_gzip(ex.a);
	else if (r == ARCHIVE_OK && filter == ARCHIVE_FILTER_XZ)
		r = archive_write_add_filter_xz(ex.a);
	else if (r == ARCHIVE_OK && filter == ARCHIVE_FILTER_ZSTD)
		r = archive_write_add_filter_zstd(ex.a);
	if (r == ARCHIVE_OK)
		r = archive_write_open_fd(ex.a, tfd);
	if (r != ARCHIVE_OK) {
		volfs_error("cannot write %s: %s", file, archive_error_string(ex.a));
		goto out;
	}
	if (export_one(&ex, rootfd, &st, ".") < 0)
		goto out;
	if (archive_write_close(ex.a) != ARCHIVE_OK) {
		volfs_error("cannot write %s: %s", file, archive_error_string(ex.a));
		goto out;
	}
	if (fsync(tfd) < 0 || close(tfd) < 0) {
		tfd = -1;
		volfs_error("cannot write %s: %s", file, strerror(errno));
		goto out;
	}
	tfd = -1;
	/* mkstemp made it 0600; a tarball is for others to read as any file is. */
	{
		mode_t um = umask(0);

		umask(um);
		chmod(tmp, 0666 & ~um);
	}
	if (rename(tmp, file) < 0) {
		volfs_error("cannot rename %s to %s: %s", tmp, file, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (ex.a)
		archive_write_free(ex.a);
	if (ex.e)
		archive_entry_free(ex.e);
	if (tfd >= 0)
		close(tfd);
	if (ret && tmp)
		unlink(tmp);
	for (i = 0; i < ex.nlinks; i++)
		free(ex.links[i].path);
	free(ex.links);
	free(tmp);
	free(fcopy);
	free(bcopy);
	close(rootfd);
	return ret;
}
