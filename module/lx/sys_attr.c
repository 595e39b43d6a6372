// SPDX-License-Identifier: GPL-2.0
/*
 * File-system calls on attributes and places: chdir, fchdir, getcwd,
 * umask, access, chmod, chown, utimensat, truncate, statfs (and their *at
 * forms), with Linux's ownership and capability rules against the
 * caller's instance credentials.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/time64.h>
#include <linux/uaccess.h>
#include <linux/utime.h>
#include <asm/statfs.h>

#include "lxcore.h"
#include "lx/lx.h"

static long lx_set_cwd(struct ps_task *pt, struct lxvfs_path *p)
{
	struct lxvfs_cred cred;
	long err;

	lx_vfs_cred(pt, &cred);
	err = S_ISDIR(p->node->type) ? lx_may(&cred, p, MAY_EXEC) : -ENOTDIR;
	if (!err)
		lxvfs_fs_set_cwd(pt->fs, p);
	lxvfs_path_put(p);
	return err;
}

long lx_sys_chdir(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err;

	err = lx_resolve(pt, AT_FDCWD, (const char __user *)regs->di,
			 LXVFS_WALK_FOLLOW | LXVFS_WALK_DIRECTORY, &p);
	return err ?: lx_set_cwd(pt, &p);
}

long lx_sys_fchdir(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err;

	err = lx_path_of_fd(pt, (int)regs->di, &p);
	if (err == -ENOENT)
		return -ENOTDIR;	/* a pipe or a host file */
	return err ?: lx_set_cwd(pt, &p);
}

long lx_sys_getcwd(struct pt_regs *regs, struct ps_task *pt)
{
	char __user *ubuf = (char __user *)regs->di;
	size_t size = regs->si, used;
	struct lxvfs_path root, cwd;
	char *buf;
	long err;

	if (!lxvfs_fs_root(pt->fs, &root))
		return -ENOENT;
	if (!lxvfs_fs_cwd(pt->fs, &cwd)) {
		lxvfs_path_put(&root);
		return -ENOENT;
	}
	buf = kmalloc(LXVFS_PATH_MAX, GFP_KERNEL);
	err = -ENOMEM;
	if (buf)
		err = ob_status_to_errno(lxvfs_path_name(pt->inst->vfs, &root, &cwd,
							 buf, LXVFS_PATH_MAX, &used));
	if (!err)
		err = used > size ? -ERANGE :
		      copy_to_user(ubuf, buf, used) ? -EFAULT : (long)used;
	kfree(buf);
	lxvfs_path_put(&cwd);
	lxvfs_path_put(&root);
	return err;
}

long lx_sys_umask(struct pt_regs *regs, struct ps_task *pt)
{
	return xchg(&pt->fs->umask, regs->di & 0777);
}

/* ---- attributes ---------------------------------------------------------------- */

static long lx_do_access(struct ps_task *pt, int dfd, const char __user *upath,
			 int mode, int flags)
{
	struct lxvfs_cred cred;
	struct lxvfs_path p;
	struct io_stat st;
	unsigned int wf = 0;
	long err;

	if (mode & ~S_IRWXO)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		wf |= LXVFS_WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wf |= LXVFS_WALK_EMPTY;
	err = lx_resolve(pt, dfd, upath, wf, &p);
	if (err)
		return err;
	err = lx_getattr(&p, &st);
	lxvfs_path_put(&p);
	if (err || !mode)
		return err;
	lx_vfs_cred(pt, &cred);
	return ob_status_to_errno(lxvfs_permission(&st, &cred, mode));
}

long lx_sys_access(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_access(pt, AT_FDCWD, (const char __user *)regs->di, regs->si, 0);
}

long lx_sys_faccessat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_access(pt, regs->di, (const char __user *)regs->si, regs->dx, 0);
}

long lx_sys_faccessat2(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_access(pt, regs->di, (const char __user *)regs->si, regs->dx,
			    regs->r10);
}

/**
 * lx_chmod_path() - chmod(2) on a resolved file
 * @pt: the calling task
 * @p: the file
 * @mode: the new permission bits
 */
long lx_chmod_path(struct ps_task *pt, struct lxvfs_path *p, u32 mode)
{
	struct lxvfs_cred cred;
	struct io_stat st;
	long err;

	lx_vfs_cred(pt, &cred);
	err = lx_getattr(p, &st);
	if (err)
		return err;
	if (cred.fsuid != st.uid && !cred.cap_fowner)
		return -EPERM;
	mode &= 07777;
	/* Setting set-group-ID needs the group, as Linux says. */
	if ((mode & S_ISGID) && !cred.cap_fsetid && cred.fsgid != st.gid)
		mode &= ~S_ISGID;
	st.mode = (st.mode & S_IFMT) | mode;
	err = ob_status_to_errno(p->node->ops->setattr(p->node, &st, LXVFS_SET_MODE));
	if (!err)
		lxvfs_notify_change(p->node, LXVFS_SET_MODE);
	return err;
}

long lx_sys_chmod(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err;

	err = lx_resolve(pt, AT_FDCWD, (const char __user *)regs->di, LXVFS_WALK_FOLLOW, &p);
	if (err)
		return err;
	err = lx_chmod_path(pt, &p, regs->si);
	lxvfs_path_put(&p);
	return err;
}

long lx_sys_fchmodat(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err;

	err = lx_resolve(pt, regs->di, (const char __user *)regs->si, LXVFS_WALK_FOLLOW, &p);
	if (err)
		return err;
	err = lx_chmod_path(pt, &p, regs->dx);
	lxvfs_path_put(&p);
	return err;
}

/**
 * lx_chown_path() - chown(2) on a resolved file
 * @pt: the calling task
 * @p: the file
 * @uid: the new owner, or -1
 * @gid: the new group, or -1
 */
long lx_chown_path(struct ps_task *pt, struct lxvfs_path *p, u32 uid, u32 gid)
{
	struct lxvfs_cred cred;
	struct io_stat st;
	unsigned int mask = 0;
	long err;

	lx_vfs_cred(pt, &cred);
	err = lx_getattr(p, &st);
	if (err)
		return err;
	if (uid != (u32)-1 && uid != st.uid) {
		if (!cred.cap_chown)
			return -EPERM;
		mask |= LXVFS_SET_UID;
	}
	if (gid != (u32)-1 && gid != st.gid) {
		if (!cred.cap_chown && (cred.fsuid != st.uid || cred.fsgid != gid))
			return -EPERM;
		mask |= LXVFS_SET_GID;
	}
	if (uid != (u32)-1 || gid != (u32)-1) {
		/* Ownership changes drop set-user-ID, and executable set-group-ID. */
		if (S_ISREG(st.mode) && (st.mode & (S_ISUID | S_ISGID))) {
			st.mode &= ~S_ISUID;
			if (st.mode & S_IXGRP)
				st.mode &= ~S_ISGID;
			mask |= LXVFS_SET_MODE;
		}
		if (uid != (u32)-1)
			st.uid = uid;
		if (gid != (u32)-1)
			st.gid = gid;
	}
	if (!mask)
		mask = LXVFS_SET_CTIME;
	if (mask == LXVFS_SET_CTIME)
		ktime_get_real_ts64(&st.ctime);
	err = ob_status_to_errno(p->node->ops->setattr(p->node, &st, mask));
	if (!err && (uid != (u32)-1 || gid != (u32)-1))
		lxvfs_notify_change(p->node, LXVFS_SET_UID);	/* Linux's ATTR_UID */
	return err;
}

static long lx_do_chown(struct ps_task *pt, int dfd, const char __user *upath,
			u32 uid, u32 gid, int flags)
{
	struct lxvfs_path p;
	unsigned int wf = 0;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		wf |= LXVFS_WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wf |= LXVFS_WALK_EMPTY;
	err = lx_resolve(pt, dfd, upath, wf, &p);
	if (err)
		return err;
	err = lx_chown_path(pt, &p, uid, gid);
	lxvfs_path_put(&p);
	return err;
}

long lx_sys_chown(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_chown(pt, AT_FDCWD, (const char __user *)regs->di, regs->si,
			   regs->dx, 0);
}

long lx_sys_lchown(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_chown(pt, AT_FDCWD, (const char __user *)regs->di, regs->si,
			   regs->dx, AT_SYMLINK_NOFOLLOW);
}

long lx_sys_fchownat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_chown(pt, regs->di, (const char __user *)regs->si, regs->dx,
			   regs->r10, regs->r8);
}

/**
 * lx_utimens_path() - utimensat(2) on a resolved file
 * @pt: the calling task
 * @p: the file
 * @ts: the two times (kernel copy), or NULL for "now"
 */
long lx_utimens_path(struct ps_task *pt, struct lxvfs_path *p,
		     const struct __kernel_timespec *ts)
{
	struct __kernel_timespec t[2];
	struct timespec64 now;
	struct lxvfs_cred cred;
	struct io_stat st;
	unsigned int mask = 0, i;
	bool explicit = false;
	long err;

	ktime_get_real_ts64(&now);
	if (ts) {
		memcpy(t, ts, sizeof(t));
		for (i = 0; i < 2; i++) {
			if (t[i].tv_nsec == UTIME_OMIT || t[i].tv_nsec == UTIME_NOW)
				continue;
			if (t[i].tv_nsec < 0 || t[i].tv_nsec >= NSEC_PER_SEC)
				return -EINVAL;
		}
		/* vfs_utimes(): anything but "both now" is an explicit set (owner only) */
		explicit = t[0].tv_nsec != UTIME_NOW || t[1].tv_nsec != UTIME_NOW;
	} else {
		t[0].tv_nsec = UTIME_NOW;
		t[1].tv_nsec = UTIME_NOW;
	}
	lx_vfs_cred(pt, &cred);
	err = lx_getattr(p, &st);
	if (err)
		return err;
	if (cred.fsuid != st.uid && !cred.cap_fowner) {
		if (explicit)
			return -EPERM;
		err = ob_status_to_errno(lxvfs_permission(&st, &cred, MAY_WRITE));
		if (err)
			return err;
	}
	for (i = 0; i < 2; i++) {
		struct timespec64 *dst = i ? &st.mtime : &st.atime;

		if (t[i].tv_nsec == UTIME_OMIT)
			continue;
		mask |= i ? LXVFS_SET_MTIME : LXVFS_SET_ATIME;
		if (t[i].tv_nsec == UTIME_NOW) {
			*dst = now;
		} else {
			dst->tv_sec = t[i].tv_sec;
			dst->tv_nsec = t[i].tv_nsec;
		}
	}
	err = ob_status_to_errno(p->node->ops->setattr(p->node, &st, mask));
	if (!err)
		lxvfs_notify_change(p->node, mask);
	return err;
}

/* utimensat(2) and the older calls: @ts is a kernel copy or NULL ("now"). */
static long lx_do_utimes(struct ps_task *pt, int dfd, const char __user *upath,
			 const struct __kernel_timespec *ts, int flags)
{
	struct lxvfs_path p;
	unsigned int wf = 0;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		wf |= LXVFS_WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wf |= LXVFS_WALK_EMPTY;
	if (!upath && dfd != AT_FDCWD) {	/* Linux's extension: the fd itself */
		if (flags)
			return -EINVAL;
		err = lx_path_of_fd(pt, dfd, &p);
	} else {
		err = lx_resolve(pt, dfd, upath, wf, &p);
	}
	if (err)
		return err;
	err = lx_utimens_path(pt, &p, ts);
	lxvfs_path_put(&p);
	return err;
}

long lx_sys_utimensat(struct pt_regs *regs, struct ps_task *pt)
{
	const struct __kernel_timespec __user *uts = (const void __user *)regs->dx;
	struct __kernel_timespec t[2];

	if (uts) {
		if (copy_from_user(t, uts, sizeof(t)))
			return -EFAULT;
		/* Nothing to do: not even the path is checked. */
		if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	return lx_do_utimes(pt, regs->di, (const char __user *)regs->si, uts ? t : NULL,
			   regs->r10);
}

/* utimes(2), futimesat(2): microseconds, checked as do_futimesat() does. */
static long lx_futimesat(struct ps_task *pt, int dfd, const char __user *upath,
			 const struct __kernel_old_timeval __user *utv)
{
	struct __kernel_old_timeval tv[2];
	struct __kernel_timespec t[2];
	int i;

	if (!utv)
		return lx_do_utimes(pt, dfd, upath, NULL, 0);
	if (copy_from_user(tv, utv, sizeof(tv)))
		return -EFAULT;
	for (i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= USEC_PER_SEC)
			return -EINVAL;
		t[i].tv_sec = tv[i].tv_sec;
		t[i].tv_nsec = tv[i].tv_usec * NSEC_PER_USEC;
	}
	return lx_do_utimes(pt, dfd, upath, t, 0);
}

long lx_sys_utimes(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_futimesat(pt, AT_FDCWD, (const char __user *)regs->di,
			    (const void __user *)regs->si);
}

long lx_sys_futimesat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_futimesat(pt, regs->di, (const char __user *)regs->si,
			    (const void __user *)regs->dx);
}

/* utime(2): whole seconds. */
long lx_sys_utime(struct pt_regs *regs, struct ps_task *pt)
{
	const struct utimbuf __user *ub = (const void __user *)regs->si;
	struct __kernel_timespec t[2] = {};
	struct utimbuf b;

	if (!ub)
		return lx_do_utimes(pt, AT_FDCWD, (const char __user *)regs->di, NULL, 0);
	if (copy_from_user(&b, ub, sizeof(b)))
		return -EFAULT;
	t[0].tv_sec = b.actime;
	t[1].tv_sec = b.modtime;
	return lx_do_utimes(pt, AT_FDCWD, (const char __user *)regs->di, t, 0);
}

/**
 * lx_truncate_path() - set a regular file's size
 * @pt: the calling task
 * @p: the file
 * @len: the new size
 * @check: check write permission (truncate(2); ftruncate checked the fd)
 */
long lx_truncate_path(struct ps_task *pt, struct lxvfs_path *p, s64 len, bool check)
{
	struct lxvfs_cred cred;
	struct io_stat st;
	long err;

	if (len < 0)
		return -EINVAL;
	err = lx_getattr(p, &st);
	if (err)
		return err;
	if (S_ISDIR(st.mode))
		return -EISDIR;
	if (!S_ISREG(st.mode))
		return -EINVAL;
	if (check) {
		lx_vfs_cred(pt, &cred);
		err = ob_status_to_errno(lxvfs_permission(&st, &cred, MAY_WRITE));
		if (err)
			return err;
	}
	st.size = len;
	err = ob_status_to_errno(p->node->ops->setattr(p->node, &st, LXVFS_SET_SIZE));
	if (!err)
		lxvfs_notify_change(p->node, LXVFS_SET_SIZE);
	return err;
}

long lx_sys_truncate(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err;

	err = lx_resolve(pt, AT_FDCWD, (const char __user *)regs->di, LXVFS_WALK_FOLLOW, &p);
	if (err)
		return err;
	err = lx_truncate_path(pt, &p, regs->si, true);
	lxvfs_path_put(&p);
	return err;
}

/**
 * lx_statfs_path() - struct statfs of the file system holding @p
 * @p: a file
 * @ubuf: the user's struct statfs
 */
long lx_statfs_path(struct lxvfs_path *p, void __user *ubuf)
{
	struct lxvfs_sb *sb = p->node->sb;
	struct kstatfs ks;
	struct statfs s;
	long err;

	if (!sb->ops->statfs)
		return -ENOSYS;
	err = ob_status_to_errno(sb->ops->statfs(sb, &ks));
	if (err)
		return err;
	memset(&s, 0, sizeof(s));
	s.f_type = ks.f_type;
	s.f_bsize = ks.f_bsize;
	s.f_blocks = ks.f_blocks;
	s.f_bfree = ks.f_bfree;
	s.f_bavail = ks.f_bavail;
	s.f_files = ks.f_files;
	s.f_ffree = ks.f_ffree;
	s.f_namelen = ks.f_namelen;
	s.f_frsize = ks.f_frsize;
	s.f_fsid.val[0] = (u32)sb->dev;
	return copy_to_user(ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

long lx_sys_statfs(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err;

	err = lx_resolve(pt, AT_FDCWD, (const char __user *)regs->di, LXVFS_WALK_FOLLOW, &p);
	if (err)
		return err;
	err = lx_statfs_path(&p, (void __user *)regs->si);
	lxvfs_path_put(&p);
	return err;
}
