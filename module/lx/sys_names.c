// SPDX-License-Identifier: GPL-2.0
/*
 * File-system calls that make and remove names: mkdir, mknod, symlink,
 * unlink, rmdir, rename, link, readlink (and their *at forms), in LxVfs,
 * with Linux's checks and errno order (sticky directories, mount points,
 * cross-mount EXDEV, the types on both sides of a rename).
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/time64.h>
#include <linux/uaccess.h>
#include <asm/statfs.h>

#include "lxcore.h"
#include "lx/lx.h"

/* ---- make and remove names --------------------------------------------------- */

static long lx_do_mknod(struct ps_task *pt, int dfd, const char __user *upath,
			u32 mode, u32 dev, const char *target)
{
	struct lxvfs_node *n;
	struct lx_parent par;
	struct io_stat attr;
	long err;

	err = lx_parent_begin(pt, dfd, upath, &par);
	if (err)
		return err;
	if (lx_last_kind(&par) != LX_LAST_NORM) {
		err = -EEXIST;
		goto out;
	}
	if (par.slash && !S_ISDIR(mode)) {
		/* "name/" names a directory: if it exists, EEXIST, else ENOENT. */
		err = lx_lookup_last(&par, &n);
		if (!err)
			ob_dereference(n);
		err = err ? -ENOENT : -EEXIST;
		goto out;
	}
	err = lx_may(&par.cred, &par.dir, MAY_WRITE | MAY_EXEC);
	if (err)
		goto out;
	if (!S_ISLNK(mode))
		mode = (mode & S_IFMT) | (mode & 07777 & ~lx_umask(pt));
	lxvfs_attr_init(&attr, mode, &par.cred);
	attr.rdev = dev;
	err = ob_status_to_errno(par.dir.node->ops->create(par.dir.node, par.last,
							    strlen(par.last), &attr,
							    target, &n));
	if (!err) {
		lxvfs_notify_create(par.dir.node, par.last, n, false);
		ob_dereference(n);
	}
out:
	lx_parent_end(&par);
	return err;
}

long lx_sys_mkdir(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_mknod(pt, AT_FDCWD, (const char __user *)regs->di,
			   S_IFDIR | (regs->si & 01777), 0, NULL);
}

long lx_sys_mkdirat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_mknod(pt, regs->di, (const char __user *)regs->si,
			   S_IFDIR | (regs->dx & 01777), 0, NULL);
}

static long lx_mknod_checked(struct ps_task *pt, int dfd, const char __user *upath,
			     u32 mode, u32 udev)
{
	struct lxvfs_cred cred;
	u64 dev = 0;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		lx_vfs_cred(pt, &cred);
		if (!cred.cap_mknod)
			return -EPERM;
		dev = new_encode_dev(new_decode_dev(udev));
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	return lx_do_mknod(pt, dfd, upath, mode, dev, NULL);
}

long lx_sys_mknod(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_mknod_checked(pt, AT_FDCWD, (const char __user *)regs->di,
				regs->si, regs->dx);
}

long lx_sys_mknodat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_mknod_checked(pt, regs->di, (const char __user *)regs->si,
				regs->dx, regs->r10);
}

static long lx_do_symlink(struct ps_task *pt, const char __user *utarget, int dfd,
			  const char __user *upath)
{
	char *target;
	long err;

	err = lx_getname(utarget, &target);
	if (err)
		return err;
	if (!target[0])
		err = -ENOENT;
	else
		err = lx_do_mknod(pt, dfd, upath, S_IFLNK | 0777, 0, target);
	kfree(target);
	return err;
}

long lx_sys_symlink(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_symlink(pt, (const char __user *)regs->di, AT_FDCWD,
			     (const char __user *)regs->si);
}

long lx_sys_symlinkat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_symlink(pt, (const char __user *)regs->di, regs->si,
			     (const char __user *)regs->dx);
}

static long lx_do_unlink(struct ps_task *pt, int dfd, const char __user *upath,
			 bool rmdir)
{
	struct lxvfs_node *victim;
	struct lx_parent par;
	long err;

	err = lx_parent_begin(pt, dfd, upath, &par);
	if (err)
		return err;
	switch (lx_last_kind(&par)) {
	case LX_LAST_DOT:
		err = rmdir ? -EINVAL : -EISDIR;
		goto out;
	case LX_LAST_DOTDOT:
		err = rmdir ? -ENOTEMPTY : -EISDIR;
		goto out;
	case LX_LAST_ROOT:
		err = rmdir ? -EBUSY : -EISDIR;
		goto out;
	}
	err = lx_lookup_last(&par, &victim);
	if (err)
		goto out;
	if (rmdir && !S_ISDIR(victim->type))
		err = -ENOTDIR;
	else if (!rmdir && S_ISDIR(victim->type))
		err = -EISDIR;
	else if (!rmdir && par.slash)
		err = -ENOTDIR;
	else if (lx_is_mountpoint(pt, par.dir.mnt, victim))
		err = -EBUSY;
	if (!err)
		err = lx_may_delete(&par.cred, &par.dir, victim);
	if (!err)
		err = ob_status_to_errno(par.dir.node->ops->unlink(par.dir.node, par.last,
								    strlen(par.last),
								    victim));
	if (!err)
		lxvfs_notify_delete(par.dir.node, par.last, victim);
	ob_dereference(victim);
out:
	lx_parent_end(&par);
	return err;
}

long lx_sys_unlink(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_unlink(pt, AT_FDCWD, (const char __user *)regs->di, false);
}

long lx_sys_rmdir(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_unlink(pt, AT_FDCWD, (const char __user *)regs->di, true);
}

long lx_sys_unlinkat(struct pt_regs *regs, struct ps_task *pt)
{
	int flags = regs->dx;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return lx_do_unlink(pt, regs->di, (const char __user *)regs->si,
			    flags & AT_REMOVEDIR);
}

static long lx_do_rename(struct ps_task *pt, int odfd, const char __user *uold,
			 int ndfd, const char __user *unew, unsigned int flags)
{
	struct lxvfs_node *src = NULL, *dst = NULL;
	struct lx_parent op, np;
	long err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;		/* no overlay file systems in LxVfs */
	err = lx_parent_begin(pt, odfd, uold, &op);
	if (err)
		return err;
	err = lx_parent_begin(pt, ndfd, unew, &np);
	if (err)
		goto out_old;
	if (op.dir.mnt != np.dir.mnt) {
		err = -EXDEV;
		goto out;
	}
	if (lx_last_kind(&op) != LX_LAST_NORM || lx_last_kind(&np) != LX_LAST_NORM) {
		err = -EBUSY;
		goto out;
	}
	err = lx_lookup_last(&op, &src);
	if (err)
		goto out;
	err = lx_lookup_last(&np, &dst);
	if (err == -ENOENT && !(flags & RENAME_EXCHANGE))
		err = 0;
	if (err)
		goto out;
	if (dst && (flags & RENAME_NOREPLACE)) {
		err = -EEXIST;
		goto out;
	}
	if (!S_ISDIR(src->type) && (op.slash || (np.slash && !(dst && S_ISDIR(dst->type))))) {
		err = -ENOTDIR;
		goto out;
	}
	if (dst && !(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(src->type) && !S_ISDIR(dst->type)) {
			err = -ENOTDIR;
			goto out;
		}
		if (!S_ISDIR(src->type) && S_ISDIR(dst->type)) {
			err = -EISDIR;
			goto out;
		}
	}
	if (lx_is_mountpoint(pt, op.dir.mnt, src) ||
	    (dst && lx_is_mountpoint(pt, np.dir.mnt, dst))) {
		err = -EBUSY;
		goto out;
	}
	if (src == dst) {
		err = 0;
		goto out;
	}
	err = lx_may_delete(&op.cred, &op.dir, src);
	if (!err)
		err = dst ? lx_may_delete(&np.cred, &np.dir, dst) :
			    lx_may(&np.cred, &np.dir, MAY_WRITE | MAY_EXEC);
	/* A directory changing parent rewrites its "..": it must be writable. */
	if (!err && S_ISDIR(src->type) && op.dir.node != np.dir.node) {
		struct lxvfs_path sp = { op.dir.mnt, src };

		err = lx_may(&op.cred, &sp, MAY_WRITE);
	}
	if (err)
		goto out;
	err = ob_status_to_errno(src->ops->rename(op.dir.node, op.last, strlen(op.last),
						   np.dir.node, np.last, strlen(np.last),
						   flags));
	if (!err) {
		lxvfs_notify_move(op.dir.node, op.last, np.dir.node, np.last, src,
				  flags & RENAME_EXCHANGE ? NULL : dst);
		if (flags & RENAME_EXCHANGE)
			lxvfs_notify_move(np.dir.node, np.last, op.dir.node, op.last,
					  dst, NULL);
	}
out:
	if (dst)
		ob_dereference(dst);
	if (src)
		ob_dereference(src);
	lx_parent_end(&np);
out_old:
	lx_parent_end(&op);
	return err;
}

long lx_sys_rename(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_rename(pt, AT_FDCWD, (const char __user *)regs->di, AT_FDCWD,
			    (const char __user *)regs->si, 0);
}

long lx_sys_renameat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_rename(pt, regs->di, (const char __user *)regs->si, regs->dx,
			    (const char __user *)regs->r10, 0);
}

long lx_sys_renameat2(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_rename(pt, regs->di, (const char __user *)regs->si, regs->dx,
			    (const char __user *)regs->r10, regs->r8);
}

static long lx_do_link(struct ps_task *pt, int odfd, const char __user *uold,
		       int ndfd, const char __user *unew, int flags)
{
	struct lxvfs_node *exists;
	struct lxvfs_path src;
	struct lx_parent np;
	unsigned int wf = 0;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		wf |= LXVFS_WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wf |= LXVFS_WALK_EMPTY;
	err = lx_resolve(pt, odfd, uold, wf, &src);
	if (err)
		return err;
	err = lx_parent_begin(pt, ndfd, unew, &np);
	if (err)
		goto out_src;
	if (lx_last_kind(&np) != LX_LAST_NORM) {
		err = -EEXIST;
		goto out;
	}
	if (!lx_lookup_last(&np, &exists)) {
		ob_dereference(exists);
		err = -EEXIST;
		goto out;
	}
	if (np.dir.mnt != src.mnt) {
		err = -EXDEV;
		goto out;
	}
	if (S_ISDIR(src.node->type)) {
		err = -EPERM;
		goto out;
	}
	err = lx_may(&np.cred, &np.dir, MAY_WRITE | MAY_EXEC);
	if (!err)
		err = ob_status_to_errno(np.dir.node->ops->link(np.dir.node, np.last,
								 strlen(np.last),
								 src.node));
	if (!err)
		lxvfs_notify_create(np.dir.node, np.last, src.node, true);
out:
	lx_parent_end(&np);
out_src:
	lxvfs_path_put(&src);
	return err;
}

long lx_sys_link(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_link(pt, AT_FDCWD, (const char __user *)regs->di, AT_FDCWD,
			  (const char __user *)regs->si, 0);
}

long lx_sys_linkat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_link(pt, regs->di, (const char __user *)regs->si, regs->dx,
			  (const char __user *)regs->r10, regs->r8);
}

/* ---- links, directories ------------------------------------------------------- */

static long lx_do_readlink(struct ps_task *pt, int dfd, const char __user *upath,
			   char __user *ubuf, int size)
{
	struct lxvfs_path p;
	size_t len;
	char *buf;
	long err;

	if (size <= 0)
		return -EINVAL;
	err = lx_resolve(pt, dfd, upath, LXVFS_WALK_EMPTY, &p);
	if (err)
		return err;
	if (!S_ISLNK(p.node->type) || !p.node->ops->readlink) {
		lxvfs_path_put(&p);
		return -EINVAL;
	}
	buf = kmalloc(LXVFS_PATH_MAX, GFP_KERNEL);
	if (!buf) {
		lxvfs_path_put(&p);
		return -ENOMEM;
	}
	len = LXVFS_PATH_MAX;
	err = ob_status_to_errno(p.node->ops->readlink(p.node, buf, &len));
	lxvfs_path_put(&p);
	if (!err) {
		len = min_t(size_t, len, size);
		err = copy_to_user(ubuf, buf, len) ? -EFAULT : len;
	}
	kfree(buf);
	return err;
}

long lx_sys_readlink(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_readlink(pt, AT_FDCWD, (const char __user *)regs->di,
			      (char __user *)regs->si, regs->dx);
}

long lx_sys_readlinkat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_readlink(pt, regs->di, (const char __user *)regs->si,
			      (char __user *)regs->dx, regs->r10);
}
