/* SPDX-License-Identifier: GPL-2.0 */
/*
 * volfs.h - the map of the volfs tool: the commands (import, export, fsck,
 * stat) and the host-side helpers they share. The record format itself is
 * volfs_format.h, shared with the module.
 */
#ifndef VOLFS_H
#define VOLFS_H

#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "volfs_format.h"

/* Where messages go: stdout/stderr in the tool, memory streams in tests. */
extern FILE *volfs_out;
extern FILE *volfs_err;
#define VOLFS_OUT	(volfs_out ? volfs_out : stdout)

/* "volfs: " + message + "\n" on volfs_err. */
void volfs_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "volfs: warning: " + message. */
void volfs_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- volfs_host.c: records on host files, safe paths, tree walks ---- */

/**
 * volfs_record_get() - read and decode the record of an open host file
 * Return: 0; or -1 with errno ENODATA (no record), EBADMSG (corrupt: the
 * codec error is in *@codec_err), or the host's errno.
 */
int volfs_record_get(int fd, struct volfs_meta *m, int *codec_err);

/** volfs_record_set() - encode and store @m on an open host file; 0 or -1/errno */
int volfs_record_set(int fd, const struct volfs_meta *m);

/**
 * volfs_norm_path() - a tar member name as a relative path inside the tree
 * @name: as in the archive
 * @out: malloc'd result ("" is the root); components "." and empty dropped
 *
 * Return: NULL, or why the name is refused (absolute, "..", empty).
 */
const char *volfs_norm_path(const char *name, char **out);

/**
 * volfs_walk_parent() - open the directory that holds the last component
 * @rootfd: the tree's root
 * @path: normalized, not "" (see volfs_norm_path())
 * @create: make missing directories (0700, with a default record)
 * @leaf: set to the last component (points into @path)
 *
 * Never follows a host symlink and never leaves @rootfd: a component that is
 * not a host directory fails with ENOTDIR.
 * Return: a directory fd, or -1 with errno (*@bad: the prefix that failed,
 * malloc'd, may be NULL).
 */
int volfs_walk_parent(int rootfd, const char *path, int create, const char **leaf,
		      char **bad);

/** volfs_meta_default_dir() - the record of a directory the tar did not list */
void volfs_meta_default_dir(struct volfs_meta *m);

/** volfs_meta_from_host() - fsck's record for a host file (0:0, host mode, host times) */
void volfs_meta_from_host(const struct stat *st, struct volfs_meta *m);

/** volfs_rmtree_at() - remove @name under @dirfd and everything in it; 0 or -1/errno */
int volfs_rmtree_at(int dirfd, const char *name);

/**
 * volfs_list_dir() - the names in a directory but "." and "..", sorted
 * Return: 0 (free with volfs_free_names()), or -1/errno.
 */
int volfs_list_dir(int dirfd, char ***names, size_t *n);
void volfs_free_names(char **names, size_t n);

/* Host xattr name for a guest name and back (NULL: not stored / not a guest's). */
char *volfs_xattr_to_host(const char *guest);
char *volfs_xattr_to_guest(const char *host);

/* "a" + "/" + "b", malloc'd; exits on out of memory. */
char *volfs_join(const char *a, const char *b);
void *volfs_xmalloc(size_t n);
char *volfs_xstrdup(const char *s);

/* ---- the commands: each returns the tool's exit status ---- */

#define VOLFS_IMPORT_FORCE	0x1

/** volfs_import() - tarball into a new backing tree @dir; 0 or 1 */
int volfs_import(const char *tarball, const char *dir, unsigned int flags);

/** volfs_export() - backing tree @dir into @file (compression from its name); 0 or 1 */
int volfs_export(const char *dir, const char *file);

/* fsck exit status, bits as e2fsck's. */
#define VOLFS_FSCK_CLEAN	0
#define VOLFS_FSCK_REPAIRED	1
#define VOLFS_FSCK_UNREPAIRED	4
#define VOLFS_FSCK_ERROR	8
#define VOLFS_FSCK_USAGE	16

/** volfs_fsck() - check (and with @repair, fix) every record under @dir */
int volfs_fsck(const char *dir, int repair);

/** volfs_stat() - print a file's recorded metadata like stat(1); 0 or 1 */
int volfs_stat(const char *path);

/** volfs_main() - the command line; what main() returns */
int volfs_main(int argc, char **argv);

#endif /* VOLFS_H */
