// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_import.c - `volfs import`: a tarball (plain, gzip, xz or zstd,
 * detected by libarchive) into a new backing tree, as an unprivileged user.
 * Everything goes into a private temp directory beside DIR, renamed into
 * place at the end; any failure removes it, so DIR is all or nothing.
 */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "volfs.h"

struct importer {
	struct archive *a;
	const char *tarball;
	int rootfd;
	struct timespec now;
	int acl_warned;
};

/* The record of a tar entry; 0, or -1 after saying why. */
static int entry_meta(struct importer *im, struct archive_entry *e, const char *name,
		      uint32_t type, struct volfs_meta *m)
{
	la_int64_t uid = archive_entry_uid(e), gid = archive_entry_gid(e);

	memset(m, 0, sizeof(*m));
	m->type = type;
	m->mode = archive_entry_perm(e) & VOLFS_MODE_MASK;
	if (uid < 0 || uid >= VOLFS_ID_INVALID || gid < 0 || gid >= VOLFS_ID_INVALID) {
		volfs_error("%s: %s: owner %lld:%lld out of range", im->tarball, name,
			    (long long)uid, (long long)gid);
		return -1;
	}
	m->uid = (uint32_t)uid;
	m->gid = (uint32_t)gid;
	if (type == VOLFS_TYPE_CHR || type == VOLFS_TYPE_BLK) {
		if (archive_entry_rdevmajor(e) > VOLFS_MAJOR_MAX ||
		    archive_entry_rdevminor(e) > VOLFS_MINOR_MAX) {
			volfs_error("%s: %s: device number %lu,%lu out of range", im->tarball,
				    name, (unsigned long)archive_entry_rdevmajor(e),
				    (unsigned long)archive_entry_rdevminor(e));
			return -1;
		}
		m->rdev_major = (uint32_t)archive_entry_rdevmajor(e);
		m->rdev_minor = (uint32_t)archive_entry_rdevminor(e);
	}
	/* ustar has only mtime: a missing atime is mtime, a missing ctime "now". */
	if (archive_entry_mtime_is_set(e)) {
		m->mtime.sec = archive_entry_mtime(e);
		m->mtime.nsec = (uint32_t)archive_entry_mtime_nsec(e);
	} else {
		m->mtime.sec = im->now.tv_sec;
		m->mtime.nsec = (uint32_t)im->now.tv_nsec;
	}
	if (archive_entry_atime_is_set(e)) {
		m->atime.sec = archive_entry_atime(e);
		m->atime.nsec = (uint32_t)archive_entry_atime_nsec(e);
	} else {
		m->atime = m->mtime;
	}
	if (archive_entry_ctime_is_set(e)) {
		m->ctime.sec = archive_entry_ctime(e);
		m->ctime.nsec = (uint32_t)archive_entry_ctime_nsec(e);
	} else {
		m->ctime.sec = im->now.tv_sec;
		m->ctime.nsec = (uint32_t)im->now.tv_nsec;
	}
	/* Beyond ext4's years: clamped as the host's ext4 would. */
	volfs_time_clamp(&m->atime);
	volfs_time_clamp(&m->mtime);
	volfs_time_clamp(&m->ctime);
	if (volfs_meta_validate(m)) {
		volfs_error("%s: %s: metadata out of range", im->tarball, name);
		return -1;
	}
	return 0;
}

static int set_record(struct importer *im, int fd, const char *name,
		      const struct volfs_meta *m)
{
	if (volfs_record_set(fd, m) < 0) {
		volfs_error("cannot set the record of %s: %s", name, strerror(errno));
		return -1;
	}
	(void)im;
	return 0;
}

static int set_xattrs(struct importer *im, struct archive_entry *e, int fd,
		      const char *name)
{
	const char *xname;
	const void *value;
	size_t size;

	if (archive_entry_acl_count(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS |
				    ARCHIVE_ENTRY_ACL_TYPE_DEFAULT |
				    ARCHIVE_ENTRY_ACL_TYPE_NFS4) > 0 && !im->acl_warned) {
		volfs_warn("%s: ACLs are not kept (first on %s)", im->tarball, name);
		im->acl_warned = 1;
	}
	archive_entry_xattr_reset(e);
	while (archive_entry_xattr_next(e, &xname, &value, &size) == ARCHIVE_OK) {
		char *host = volfs_xattr_to_host(xname);
		int r = fsetxattr(fd, host, value, size, 0);

		if (r < 0) {
			volfs_error("cannot set xattr %s (as %s) on %s: %s", xname, host,
				    name, strerror(errno));
			free(host);
			return -1;
		}
		free(host);
	}
	return 0;
}

/* Copy the entry's data into @fd (holes of sparse entries stay holes). */
static int write_data(struct importer *im, int fd, const char *name, la_int64_t size)
{
	const void *buf;
	size_t len;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(im->a, &buf, &len, &off)) == ARCHIVE_OK) {
		const char *p = buf;

		while (len) {
			ssize_t w = pwrite(fd, p, len, off);

			if (w < 0) {
				volfs_error("cannot write %s: %s", name, strerror(errno));
				return -1;
			}
			p += w;
			len -= (size_t)w;
			off += w;
		}
	}
	if (r != ARCHIVE_EOF) {
		volfs_error("cannot read %s from %s: %s", name, im->tarball,
			    archive_error_string(im->a));
		return -1;
	}
	if (ftruncate(fd, size) < 0) {
		volfs_error("cannot set the size of %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

/* Make room for @leaf in @dirfd: an earlier entry of the same name goes. */
static int replace_leaf(int dirfd, const char *leaf, int keep_dir, const char *name,
			int *is_dir)
{
	struct stat st;

	*is_dir = 0;
	if (fstatat(dirfd, leaf, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : (volfs_error("cannot stat %s: %s", name,
							   strerror(errno)), -1);
	if (S_ISDIR(st.st_mode)) {
		if (keep_dir) {
			*is_dir = 1;
			return 0;
		}
		volfs_error("cannot replace directory %s with a non-directory", name);
		return -1;
	}
	if (unlinkat(dirfd, leaf, 0) < 0) {
		volfs_error("cannot replace %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int import_hardlink(struct importer *im, struct archive_entry *e, const char *path,
			   const char *target_name)
{
	const char *leaf, *tleaf, *why;
	char *target, *bad = NULL;
	int dfd = -1, tfd = -1, ret = -1, is_dir;
	struct stat st;

	why = volfs_norm_path(target_name, &target);
	if (why) {
		volfs_error("%s: refusing hard link %s -> %s: %s", im->tarball, path,
			    target_name, why);
		return -1;
	}
	if (!*target) {
		volfs_error("%s: refusing hard link %s to the root directory", im->tarball, path);
		goto out;
	}
	tfd = volfs_walk_parent(im->rootfd, target, 0, &tleaf, &bad);
	if (tfd < 0 || fstatat(tfd, tleaf, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		volfs_error("%s: hard link %s: cannot find target %s: %s", im->tarball, path,
			    bad ? bad : target, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		volfs_error("%s: refusing hard link %s to directory %s", im->tarball, path, target);
		goto out;
	}
	dfd = volfs_walk_parent(im->rootfd, path, 1, &leaf, &bad);
	if (dfd < 0) {
		volfs_error("%s: cannot create %s: %s: %s", im->tarball, path, bad,
			    strerror(errno) /* ENOTDIR: a symlink or file on the way */);
		goto out;
	}
	if (!strcmp(path, target)) {
		ret = 0;	/* a link to itself: nothing to do */
		goto out;
	}
	if (replace_leaf(dfd, leaf, 0, path, &is_dir) < 0)
		goto out;
	if (linkat(tfd, tleaf, dfd, leaf, 0) < 0) {
		volfs_error("cannot link %s to %s: %s", path, target, strerror(errno));
		goto out;
	}
	/* Some writers store the data again with the link: take it. */
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0) {
		int fd = openat(dfd, leaf, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

		if (fd < 0) {
			volfs_error("cannot open %s: %s", path, strerror(errno));
			goto out;
		}
		ret = write_data(im, fd, path, archive_entry_size(e));
		close(fd);
		goto out;
	}
	ret = 0;
out:
	free(bad);
	free(target);
	if (dfd >= 0)
		close(dfd);
	if (tfd >= 0)
		close(tfd);
	return ret;
}

static int import_entry(struct importer *im, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e), *why, *leaf, *hl;
	uint32_t type = volfs_ifmt_type(archive_entry_filetype(e));
	char *path, *bad = NULL;
	int dfd = -1, fd = -1, ret = -1, is_dir;
	struct volfs_meta m;

	if (!name) {
		volfs_error("%s: an entry has no name", im->tarball);
		return -1;
	}
	why = volfs_norm_path(name, &path);
	if (why) {
		volfs_error("%s: refusing %s: %s", im->tarball, name, why);
		return -1;
	}
	hl = archive_entry_hardlink(e);
	if (hl) {
		ret = import_hardlink(im, e, path, hl);
		free(path);
		return ret;
	}
	if (!type) {
		volfs_error("%s: %s: unknown file type %o", im->tarball, name,
			    (unsigned int)archive_entry_filetype(e));
		goto out;
	}
	if (entry_meta(im, e, name, type, &m) < 0)
		goto out;

	if (!*path) {
		if (type != VOLFS_TYPE_DIR) {
			volfs_error("%s: refusing %s: the root must be a directory", im->tarball,
				    name);
			goto out;
		}
		if (set_record(im, im->rootfd, name, &m) < 0 ||
		    set_xattrs(im, e, im->rootfd, name) < 0)
			goto out;
		ret = 0;
		goto out;
	}

	dfd = volfs_walk_parent(im->rootfd, path, 1, &leaf, &bad);
	if (dfd < 0) {
		if (errno == ENOTDIR)
			volfs_error("%s: refusing %s: %s is not a directory (a symlink or file)",
				    im->tarball, name, bad);
		else
			volfs_error("cannot create %s: %s", bad ? bad : path, strerror(errno));
		goto out;
	}
	if (replace_leaf(dfd, leaf, type == VOLFS_TYPE_DIR, path, &is_dir) < 0)
		goto out;

	if (type == VOLFS_TYPE_DIR) {
		if (!is_dir && mkdirat(dfd, leaf, 0700) < 0) {
			volfs_error("cannot create directory %s: %s", path, strerror(errno));
			goto out;
		}
		fd = openat(dfd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	} else {
		/* Executable guest files are host-executable too: the host may run them. */
		fd = openat(dfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    type == VOLFS_TYPE_REG && (m.mode & 0111) ? 0700 : 0600);
	}
	if (fd < 0) {
		volfs_error("cannot create %s: %s", path, strerror(errno));
		goto out;
	}

	if (type == VOLFS_TYPE_REG) {
		if (write_data(im, fd, path, archive_entry_size(e)) < 0)
			goto out;
	} else if (type == VOLFS_TYPE_LNK) {
		const char *target = archive_entry_symlink(e);
		size_t len = target ? strlen(target) : 0;

		if (!len) {
			volfs_error("%s: %s: symbolic link without a target", im->tarball, name);
			goto out;
		}
		if (write(fd, target, len) != (ssize_t)len) {
			volfs_error("cannot write %s: %s", path, strerror(errno));
			goto out;
		}
	}
	if (set_record(im, fd, path, &m) < 0 || set_xattrs(im, e, fd, path) < 0)
		goto out;
	if (type != VOLFS_TYPE_DIR) {
		/* Host times too, so host tools see sensible ones; the record rules. */
		struct timespec ts[2] = {
			{ .tv_sec = m.atime.sec, .tv_nsec = m.atime.nsec },
			{ .tv_sec = m.mtime.sec, .tv_nsec = m.mtime.nsec },
		};

		futimens(fd, ts);
	}
	ret = 0;
out:
	free(bad);
	free(path);
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	return ret;
}

/* The temp tree goes into DIR (replacing it with --force) at once. */
static int put_in_place(const char *tmp, const char *dir, unsigned int flags)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EEXIST && errno != ENOTEMPTY) {
		volfs_error("cannot rename %s to %s: %s", tmp, dir, strerror(errno));
		return -1;
	}
	if (!(flags & VOLFS_IMPORT_FORCE)) {
		volfs_error("cannot import into %s: %s (--force replaces it)", dir,
			    strerror(EEXIST));
		return -1;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) < 0) {
		volfs_error("cannot replace %s: %s", dir, strerror(errno));
		return -1;
	}
	/* tmp now names the old tree. */
	if (volfs_rmtree_at(AT_FDCWD, tmp) < 0)
		volfs_warn("cannot remove the old tree, now %s: %s", tmp, strerror(errno));
	return 0;
}

int volfs_import(const char *tarball, const char *dir, unsigned int flags)
{
	struct importer im = { .tarball = tarball, .rootfd = -1 };
	struct archive_entry *e;
	char *dcopy, *bcopy, *tmp;
	struct volfs_meta root;
	size_t len;
	int r, ret = 1;

	clock_gettime(CLOCK_REALTIME, &im.now);
	im.a = archive_read_new();
	if (!im.a) {
		volfs_error("out of memory");
		return 1;
	}
	archive_read_support_format_tar(im.a);
	archive_read_support_filter_gzip(im.a);
	archive_read_support_filter_xz(im.a);
	archive_read_support_filter_zstd(im.a);
	if (archive_read_open_filename(im.a, tarball, 1 << 16) != ARCHIVE_OK) {
		int err = archive_errno(im.a);

		volfs_error("cannot open %s: %s", tarball,
			    err > 0 ? strerror(err) : archive_error_string(im.a));
		archive_read_free(im.a);
		return 1;
	}

	/* DIR/../.NAME.import-XXXXXX, on DIR's file system, private (0700). */
	dcopy = volfs_xstrdup(dir);
	bcopy = volfs_xstrdup(dir);
	len = strlen(dir) + 32;
	tmp = volfs_xmalloc(len);
	snprintf(tmp, len, "%s/.%s.import-XXXXXX", dirname(dcopy), basename(bcopy));
	if (!mkdtemp(tmp)) {
		volfs_error("cannot create a temp directory beside %s: %s", dir, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	im.rootfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (im.rootfd < 0) {
		volfs_error("cannot open %s: %s", tmp, strerror(errno));
		goto out;
	}
	/* The root's record, until the tarball's "./" entry (if any) replaces it. */
	volfs_meta_default_dir(&root);
	if (volfs_record_set(im.rootfd, &root) < 0) {
		volfs_error("cannot set the record of %s: %s", tmp, strerror(errno));
		goto out;
	}

	while ((r = archive_read_next_header(im.a, &e)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		if (r == ARCHIVE_WARN)
			volfs_warn("%s: %s", tarball, archive_error_string(im.a));
		if (import_entry(&im, e) < 0)
			goto out;
	}
	if (r != ARCHIVE_EOF) {
		volfs_error("cannot read %s: %s", tarball, archive_error_string(im.a));
		goto out;
	}
	close(im.rootfd);
	im.rootfd = -1;
	if (put_in_place(tmp, dir, flags) < 0)
		goto out;
	ret = 0;
out:
	if (im.rootfd >= 0)
		close(im.rootfd);
	if (ret && tmp && volfs_rmtree_at(AT_FDCWD, tmp) < 0)
		volfs_warn("cannot remove %s: %s", tmp, strerror(errno));
	free(tmp);
	free(dcopy);
	free(bcopy);
	archive_read_free(im.a);
	return ret;
}
