// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_fsck.c - `volfs fsck [--repair]`: every entry of a backing tree must
 * be a host directory or regular file with a valid record whose type agrees
 * with the host object. Each problem is one line on volfs_out ("PATH: what");
 * --repair writes a record derived from the host file (owner 0:0, the host's
 * permission bits and times) and says so. Exit status as e2fsck's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "volfs.h"

struct fsck {
	int repair;
	unsigned long entries, problems, repaired, unrepaired;
	int error;		/* an operational error: the walk is incomplete */
};

static const char *host_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "regular file";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symbolic link";
	case S_IFCHR: return "character device";
	case S_IFBLK: return "block device";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	}
	return "unknown";
}

static void repair(struct fsck *f, int fd, const struct stat *st, const char *path)
{
	struct volfs_meta m;

	if (!f->repair) {
		f->unrepaired++;
		return;
	}
	volfs_meta_from_host(st, &m);
	if (volfs_record_set(fd, &m) < 0) {
		fprintf(VOLFS_OUT, "%s: NOT repaired: cannot write a record: %s\n", path,
			strerror(errno));
		f->unrepaired++;
		return;
	}
	fprintf(VOLFS_OUT, "%s: repaired: new record: %s, mode %04o, owner %u:%u, host times\n",
		path, volfs_type_name(m.type), m.mode, m.uid, m.gid);
	f->repaired++;
}

static void check_dir(struct fsck *f, int dirfd, const char *path);

static void check_one(struct fsck *f, int fd, const struct stat *st, const char *path)
{
	struct volfs_meta m;
	int cerr = 0;

	f->entries++;
	if (volfs_record_get(fd, &m, &cerr) < 0) {
		if (errno == ENODATA) {
			fprintf(VOLFS_OUT, "%s: missing record\n", path);
		} else if (errno == EBADMSG) {
			fprintf(VOLFS_OUT, "%s: corrupt record: %s\n", path, volfs_strerror(cerr));
		} else {
			volfs_error("cannot read the record of %s: %s", path, strerror(errno));
			f->error = 1;
			goto children;
		}
		f->problems++;
		repair(f, fd, st, path);
	} else if ((m.type == VOLFS_TYPE_DIR) != !!S_ISDIR(st->st_mode)) {
		fprintf(VOLFS_OUT, "%s: record says %s, host has a %s\n", path,
			volfs_type_name(m.type), host_type(st->st_mode));
		f->problems++;
		repair(f, fd, st, path);
	}
children:
	if (S_ISDIR(st->st_mode))
		check_dir(f, fd, path);
}

static void check_dir(struct fsck *f, int dirfd, const char *path)
{
	char **names;
	size_t n, i;

	if (volfs_list_dir(dirfd, &names, &n) < 0) {
		volfs_error("cannot read directory %s: %s", path, strerror(errno));
		f->error = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		char *child = volfs_join(path, names[i]);
		struct stat st;
		int fd;

		if (fstatat(dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			volfs_error("cannot stat %s: %s", child, strerror(errno));
			f->error = 1;
		} else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			/* Never opened: a FIFO would block, a device could act. */
			fprintf(VOLFS_OUT, "%s: host file is a %s (a backing tree holds only "
				"regular files and directories): not repairable\n", child,
				host_type(st.st_mode));
			f->entries++;
			f->problems++;
			f->unrepaired++;
		} else if ((fd = openat(dirfd, names[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
					O_CLOEXEC)) < 0) {
			volfs_error("cannot open %s: %s", child, strerror(errno));
			f->error = 1;
		} else {
			check_one(f, fd, &st, child);
			close(fd);
		}
		free(child);
	}
	volfs_free_names(names, n);
}

int volfs_fsck(const char *dir, int do_repair)
{
	struct fsck f = { .repair = do_repair };
	struct stat st;
	int fd;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		volfs_error("cannot open %s: %s", dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return VOLFS_FSCK_ERROR;
	}
	check_one(&f, fd, &st, dir);
	close(fd);
	fprintf(VOLFS_OUT, "%s: %lu entries, %lu problems, %lu repaired, %lu not repaired%s\n",
		dir, f.entries, f.problems, f.repaired, f.unrepaired,
		f.error ? " (check incomplete)" : "");
	if (f.error)
		return VOLFS_FSCK_ERROR | (f.unrepaired ? VOLFS_FSCK_UNREPAIRED : 0);
	if (f.unrepaired)
		return VOLFS_FSCK_UNREPAIRED;
	return f.repaired ? VOLFS_FSCK_REPAIRED : VOLFS_FSCK_CLEAN;
}
