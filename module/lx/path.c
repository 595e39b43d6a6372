// SPDX-License-Identifier: GPL-2.0
/*
 * What the file-system syscalls share: paths copied from user memory,
 * the walk a call starts (its root, cwd or directory handle, the caller's
 * instance credentials), and stat results in Linux's layouts.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uaccess.h>
#include <asm/stat.h>

#include "lxcore.h"
#include "lx/lx.h"

/* Most paths are short: a small buffer first (Debian zeroes every allocation). */
#define LX_NAME_SHORT	256

/**
 * lx_getname() - copy a path from user memory
 * @upath: the user's pointer
 * @out: a kmalloc'd copy of the string (its buffer may be only as long as
 *	 the string needs); kfree() it
 *
 * Return: 0, -EFAULT, -ENAMETOOLONG (no NUL within LXVFS_PATH_MAX), -ENOMEM.
 * An empty path is returned as such: each caller decides (ENOENT, or
 * AT_EMPTY_PATH).
 */
int lx_getname(const char __user *upath, char **out)
{
	char *buf = kmalloc(LX_NAME_SHORT, GFP_KERNEL);
	long len;

	if (!buf)
		return -ENOMEM;
	len = strncpy_from_user(buf, upath, LX_NAME_SHORT);
	if (len >= 0 && len < LX_NAME_SHORT) {
		*out = buf;
		return 0;
	}
	kfree(buf);
	if (len < 0)
		return -EFAULT;
	buf = kmalloc(LXVFS_PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = strncpy_from_user(buf, upath, LXVFS_PATH_MAX);
	if (len < 0 || len == LXVFS_PATH_MAX) {
		kfree(buf);
		return len < 0 ? -EFAULT : -ENAMETOOLONG;
	}
	*out = buf;
	return 0;
}

/**
 * lx_vfs_cred() - the caller's identity for permission checks
 * @pt: the calling pico task
 * @c: filled
 *
 * The thread's emulated fs ids, groups and effective capabilities (ps/cred.c).
 */
void lx_vfs_cred(struct ps_task *pt, struct lxvfs_cred *c)
{
	const struct ps_cred *pc = ps_cred_self(pt);

	/* The groups stay: only this thread replaces its credentials. */
	memset(c, 0, sizeof(*c));
	c->fsuid = pc->fsuid;
	c->fsgid = pc->fsgid;
	if (pc->groups) {
		c->ngroups = pc->groups->ngroups;
		c->groups = pc->groups->gid;
	}
	c->cap_dac_override = ps_capable(pc, CAP_DAC_OVERRIDE);
	c->cap_dac_read_search = ps_capable(pc, CAP_DAC_READ_SEARCH);
	c->cap_fowner = ps_capable(pc, CAP_FOWNER);
	c->cap_chown = ps_capable(pc, CAP_CHOWN);
	c->cap_fsetid = ps_capable(pc, CAP_FSETID);
	c->cap_mknod = ps_capable(pc, CAP_MKNOD);
}

/**
 * lx_walk_begin() - prepare a walk of @path for the calling task
 * @pt: the calling pico task
 * @dfd: AT_FDCWD or a directory handle, for relative paths
 * @path: the path (an absolute path ignores @dfd)
 * @flags: LXVFS_WALK_*
 * @w: filled; release with lx_walk_end()
 * @cred: storage for the caller's credentials, which @w points to
 *
 * A scoped walk (openat2's RESOLVE_BENEATH, RESOLVE_IN_ROOT) has its start
 * as its root, even for an absolute @path.
 *
 * Return: 0, -ENOENT (an empty @path without LXVFS_WALK_EMPTY, or the process
 * has no root: nothing was mounted), -EBADF (@dfd), -ENOTDIR (@dfd is not a
 * directory).
 */
int lx_walk_begin(struct ps_task *pt, int dfd, const char *path,
		  unsigned int flags, struct lxvfs_walk *w, struct lxvfs_cred *cred)
{
	struct lxvfs_file *vf;
	struct ob_href ref;

	memset(w, 0, sizeof(*w));
	/* getname(): an empty name is ENOENT before @dfd is looked at */
	if (!path[0] && !(flags & LXVFS_WALK_EMPTY))
		return -ENOENT;
	lx_vfs_cred(pt, cred);
	w->cred = cred;
	w->flags = flags;
	w->ns = pt->inst->vfs;
	if (!lxvfs_fs_root(pt->fs, &w->root))
		return -ENOENT;
	if (path[0] == '/' && !(flags & LXVFS_WALK_SCOPED)) {
		w->start = w->root;
		lxvfs_path_get(&w->start);
		return 0;
	}
	if (dfd == AT_FDCWD) {
		if (lxvfs_fs_cwd(pt->fs, &w->start))
			goto scope;
		lxvfs_path_put(&w->root);
		return -ENOENT;
	}
	if (lx_get_file(pt, dfd, &ref)) {
		lxvfs_path_put(&w->root);
		return -EBADF;
	}
	vf = lxvfs_file_of(ref.obj);
	if (!vf || (!S_ISDIR(vf->path.node->type) && !(flags & LXVFS_WALK_EMPTY))) {
		ob_handle_put(&ref);
		lxvfs_path_put(&w->root);
		return vf ? -ENOTDIR : (flags & LXVFS_WALK_EMPTY ? -EBADF : -ENOTDIR);
	}
	w->start = vf->path;
	lxvfs_path_get(&w->start);
	ob_handle_put(&ref);
scope:
	if (flags & LXVFS_WALK_SCOPED) {
		lxvfs_path_put(&w->root);
		w->root = w->start;
		lxvfs_path_get(&w->root);
	}
	return 0;
}

void lx_walk_end(struct lxvfs_walk *w)
{
	lxvfs_path_put(&w->start);
	lxvfs_path_put(&w->root);
}

/**
 * lx_resolve() - @upath from @dfd to a place in the tree
 * @pt: the calling pico task
 * @dfd: AT_FDCWD or a directory handle
 * @upath: the user's path
 * @flags: LXVFS_WALK_* (LXVFS_WALK_EMPTY: "" names @dfd itself, any file)
 * @out: the result, referenced
 *
 * Return: 0 or a negative errno.
 */
int lx_resolve(struct ps_task *pt, int dfd, const char __user *upath,
	       unsigned int flags, struct lxvfs_path *out)
{
	struct lxvfs_cred cred;
	struct lxvfs_walk w;
	char *path;
	int err;

	err = lx_getname(upath, &path);
	if (err)
		return err;
	if (!path[0] && (flags & LXVFS_WALK_EMPTY)) {
		err = lx_path_of_fd(pt, dfd, out);
		kfree(path);
		return err;
	}
	err = lx_walk_begin(pt, dfd, path, flags & ~LXVFS_WALK_EMPTY, &w, &cred);
	if (!err) {
		err = ob_status_to_errno(lxvfs_walk(&w, path, out));
		lx_walk_end(&w);
	}
	kfree(path);
	return err;
}

/**
 * lx_path_of_fd() - the place in the tree an fd was opened at
 * @pt: the calling pico task
 * @fd: a handle (AT_FDCWD: the cwd)
 * @out: referenced
 *
 * Return: 0, -EBADF, -ENOENT (no root / not an LxVfs file: pipes and host
 * files have no place in the tree).
 */
int lx_path_of_fd(struct ps_task *pt, int fd, struct lxvfs_path *out)
{
	struct lxvfs_file *vf;
	struct ob_href ref;

	if (fd == AT_FDCWD)
		return lxvfs_fs_cwd(pt->fs, out) ? 0 : -ENOENT;
	if (lx_get_file(pt, fd, &ref))
		return -EBADF;
	vf = lxvfs_file_of(ref.obj);
	if (vf) {
		*out = vf->path;
		lxvfs_path_get(out);
	}
	ob_handle_put(&ref);
	return vf ? 0 : -ENOENT;
}

/**
 * lx_stat_to_user() - struct stat (x86_64) from @st
 * @st: the attributes
 * @ubuf: the user's struct stat
 */
int lx_stat_to_user(const struct io_stat *st, void __user *ubuf)
{
	struct stat s;

	memset(&s, 0, sizeof(s));
	s.st_dev = st->dev;
	s.st_ino = st->ino;
	s.st_nlink = st->nlink;
	s.st_mode = st->mode;
	s.st_uid = st->uid;
	s.st_gid = st->gid;
	s.st_rdev = st->rdev;
	s.st_size = st->size;
	s.st_blksize = st->blksize;
	s.st_blocks = st->blocks;
	s.st_atime = st->atime.tv_sec;
	s.st_atime_nsec = st->atime.tv_nsec;
	s.st_mtime = st->mtime.tv_sec;
	s.st_mtime_nsec = st->mtime.tv_nsec;
	s.st_ctime = st->ctime.tv_sec;
	s.st_ctime_nsec = st->ctime.tv_nsec;
	return copy_to_user(ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

/**
 * lx_statx_to_user() - struct statx from @st (the basic fields)
 * @st: the attributes
 * @ubuf: the user's struct statx
 */
int lx_statx_to_user(const struct io_stat *st, void __user *ubuf)
{
	struct statx x;
	dev_t dev = new_decode_dev(st->dev), rdev = new_decode_dev(st->rdev);

	memset(&x, 0, sizeof(x));
	x.stx_mask = STATX_BASIC_STATS;
	x.stx_blksize = st->blksize;
	x.stx_nlink = st->nlink;
	x.stx_uid = st->uid;
	x.stx_gid = st->gid;
	x.stx_mode = st->mode;
	x.stx_ino = st->ino;
	x.stx_size = st->size;
	x.stx_blocks = st->blocks;
	x.stx_atime.tv_sec = st->atime.tv_sec;
	x.stx_atime.tv_nsec = st->atime.tv_nsec;
	x.stx_mtime.tv_sec = st->mtime.tv_sec;
	x.stx_mtime.tv_nsec = st->mtime.tv_nsec;
	x.stx_ctime.tv_sec = st->ctime.tv_sec;
	x.stx_ctime.tv_nsec = st->ctime.tv_nsec;
	x.stx_rdev_major = MAJOR(rdev);
	x.stx_rdev_minor = MINOR(rdev);
	x.stx_dev_major = MAJOR(dev);
	x.stx_dev_minor = MINOR(dev);
	return copy_to_user(ubuf, &x, sizeof(x)) ? -EFAULT : 0;
}

/* ---- the parent of a path's last component, and checks on it ---- */

int lx_parent_begin(struct ps_task *pt, int dfd, const char __user *upath,
			   struct lx_parent *p)
{
	return lx_parent_begin_flags(pt, dfd, upath, 0, p);
}

/**
 * lx_parent_begin_flags() - lx_parent_begin() with openat2's LXVFS_WALK_RESOLVE flags
 * @pt: the calling pico task
 * @dfd: AT_FDCWD or a directory handle
 * @upath: the user's path
 * @resolve: LXVFS_WALK_RESOLVE bits
 * @p: filled; release with lx_parent_end()
 */
int lx_parent_begin_flags(struct ps_task *pt, int dfd, const char __user *upath,
			  unsigned int resolve, struct lx_parent *p)
{
	int err;

	memset(p, 0, sizeof(*p));
	err = lx_getname(upath, &p->path);
	if (err)
		return err;
	if (!p->path[0]) {
		kfree(p->path);
		return -ENOENT;
	}
	err = lx_walk_begin(pt, dfd, p->path,
			    LXVFS_WALK_FOLLOW | (resolve & LXVFS_WALK_RESOLVE), &p->w, &p->cred);
	if (err) {
		kfree(p->path);
		return err;
	}
	err = ob_status_to_errno(lxvfs_walk_parent_name(&p->w, p->path, &p->dir,
							 p->last, &p->slash));
	if (err) {
		lx_walk_end(&p->w);
		kfree(p->path);
	}
	return err;
}

void lx_parent_end(struct lx_parent *p)
{
	lxvfs_path_put(&p->dir);
	lx_walk_end(&p->w);
	kfree(p->path);
}

int lx_last_kind(const struct lx_parent *p)
{
	if (!p->last[0])
		return LX_LAST_ROOT;
	if (!strcmp(p->last, "."))
		return LX_LAST_DOT;
	if (!strcmp(p->last, ".."))
		return LX_LAST_DOTDOT;
	return LX_LAST_NORM;
}

int lx_getattr(const struct lxvfs_path *p, struct io_stat *st)
{
	return ob_status_to_errno(lxvfs_getattr(p, st));
}

/* May @cred do @mask to @n? */
int lx_may(const struct lxvfs_cred *cred, const struct lxvfs_path *p, int mask)
{
	struct io_stat st;
	int err = lx_getattr(p, &st);

	return err ?: ob_status_to_errno(lxvfs_permission(&st, cred, mask));
}

/* Sticky directories: only the owner of the file or of the directory. */
int lx_may_delete(const struct lxvfs_cred *cred, const struct lxvfs_path *dir,
			 struct lxvfs_node *victim)
{
	struct io_stat d, v;
	int err = lx_may(cred, dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	err = lx_getattr(dir, &d);
	if (!err && (d.mode & S_ISVTX)) {
		err = ob_status_to_errno(victim->ops->getattr(victim, &v));
		if (!err && cred->fsuid != d.uid && cred->fsuid != v.uid &&
		    !cred->cap_fowner)
			err = -EPERM;
	}
	return err;
}

int lx_lookup_last(const struct lx_parent *p, struct lxvfs_node **out)
{
	return ob_status_to_errno(p->dir.node->ops->lookup(p->dir.node, p->last,
							    strlen(p->last), out));
}

bool lx_is_mountpoint(struct ps_task *pt, struct lxvfs_mount *mnt,
			     struct lxvfs_node *n)
{
	struct lxvfs_path p = { mnt, n };
	bool crossed;

	lxvfs_path_get(&p);
	crossed = lxvfs_follow_mount(pt->inst->vfs, &p);
	lxvfs_path_put(&p);
	return crossed;
}

u32 lx_umask(struct ps_task *pt)
{
	return READ_ONCE(pt->fs->umask);
}
