// SPDX-License-Identifier: GPL-2.0
/*
 * File-system calls by path: open, stat, mkdir, rmdir, unlink, rename,
 * link, symlink, readlink, chdir, getcwd, access, chmod, chown, utimensat,
 * mknod, truncate, statfs, umask. Paths resolve in the instance's LxVfs
 * only; permissions are judged from the files' recorded owner and mode and
 * the caller's instance credentials, with Linux's rules and errno order.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/time64.h>
#include <linux/uaccess.h>
#include <asm/statfs.h>

#include "lxcore.h"
#include "lx/lx.h"

/* A walk to the parent of a path's last component. */
struct lx_parent {
	struct lxvfs_walk w;
	struct lxvfs_cred cred;
	struct lxvfs_path dir;
	char last[LXVFS_NAME_MAX + 1];
	bool slash;
	char *path;
};

enum { LX_LAST_NORM, LX_LAST_DOT, LX_LAST_DOTDOT, LX_LAST_ROOT };

static int lx_parent_begin(struct ps_task *pt, int dfd, const char __user *upath,
			   struct lx_parent *p)
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
	err = lx_walk_begin(pt, dfd, p->path, LXVFS_WALK_FOLLOW, &p->w, &p->cred);
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

static void lx_parent_end(struct lx_parent *p)
{
	lxvfs_path_put(&p->dir);
	lx_walk_end(&p->w);
	kfree(p->path);
}

static int lx_last_kind(const struct lx_parent *p)
{
	if (!p->last[0])
		return LX_LAST_ROOT;
	if (!strcmp(p->last, "."))
		return LX_LAST_DOT;
	if (!strcmp(p->last, ".."))
		return LX_LAST_DOTDOT;
	return LX_LAST_NORM;
}

static int lx_getattr(const struct lxvfs_path *p, struct io_stat *st)
{
	return ob_status_to_errno(lxvfs_getattr(p, st));
}

/* May @cred do @mask to @n? */
static int lx_may(const struct lxvfs_cred *cred, const struct lxvfs_path *p, int mask)
{
	struct io_stat st;
	int err = lx_getattr(p, &st);

	return err ?: ob_status_to_errno(lxvfs_permission(&st, cred, mask));
}

/* Sticky directories: only the owner of the file or of the directory. */
static int lx_may_delete(const struct lxvfs_cred *cred, const struct lxvfs_path *dir,
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

static int lx_lookup_last(const struct lx_parent *p, struct lxvfs_node **out)
{
	return ob_status_to_errno(p->dir.node->ops->lookup(p->dir.node, p->last,
							    strlen(p->last), out));
}

static bool lx_is_mountpoint(struct ps_task *pt, struct lxvfs_mount *mnt,
			     struct lxvfs_node *n)
{
	struct lxvfs_path p = { mnt, n };
	bool crossed;

	lxvfs_path_get(&p);
	crossed = lxvfs_follow_mount(pt->inst->vfs, &p);
	lxvfs_path_put(&p);
	return crossed;
}

static u32 lx_umask(struct ps_task *pt)
{
	return READ_ONCE(pt->fs->umask);
}

/* ---- open ---------------------------------------------------------------- */

static unsigned int lx_open_io_flags(int flags)
{
	unsigned int io = 0;

	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		io = IO_FILE_READ;
		break;
	case O_WRONLY:
		io = IO_FILE_WRITE;
		break;
	case O_RDWR:
		io = IO_FILE_READ | IO_FILE_WRITE;
		break;
	}
	if (flags & O_NONBLOCK)
		io |= IO_FILE_NONBLOCK;
	if (flags & O_APPEND)
		io |= IO_FILE_APPEND;
	if (flags & O_NOATIME)
		io |= IO_FILE_NOATIME;
	return io;
}

/* Create @p->last as a regular file, or find what is there. */
static int lx_open_create(struct ps_task *pt, struct lx_parent *p, int flags,
			  u32 mode, struct lxvfs_path *out, bool *created)
{
	struct lxvfs_node *n;
	struct io_stat attr;
	int err;

	*created = false;
	if (lx_last_kind(p) != LX_LAST_NORM || p->slash)
		return -EISDIR;
	err = lx_lookup_last(p, &n);
	if (!err) {
		if (flags & O_EXCL) {
			ob_dereference(n);
			return -EEXIST;
		}
		out->mnt = p->dir.mnt;
		ob_reference(out->mnt);
		out->node = n;
		lxvfs_follow_mount(pt->inst->vfs, out);
		if (S_ISLNK(n->type)) {
			/* Follow it (a dangling link is not created through). */
			lxvfs_path_put(out);
			if (flags & O_NOFOLLOW)
				return -ELOOP;
			p->w.flags = LXVFS_WALK_FOLLOW;
			err = ob_status_to_errno(lxvfs_walk(&p->w, p->path, out));
			return err == -ENOENT ? -EOPNOTSUPP : err;
		}
		return 0;
	}
	if (err != -ENOENT)
		return err;
	err = lx_may(&p->cred, &p->dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	lxvfs_attr_init(&attr, S_IFREG | (mode & 07777 & ~lx_umask(pt)), &p->cred);
	err = ob_status_to_errno(p->dir.node->ops->create(p->dir.node, p->last,
							  strlen(p->last), &attr,
							  NULL, &n));
	if (err)
		return err;
	out->mnt = p->dir.mnt;
	ob_reference(out->mnt);
	out->node = n;
	*created = true;
	return 0;
}

/*
 * The controlling terminal (/dev/tty, /dev/console): until lxcore has
 * sessions of its own, the process's handle 0 if that is a host terminal,
 * as the same open file description (F_SETFL on one shows on the other).
 */
static int lx_open_ctty(struct ps_task *pt, struct io_file **out)
{
	struct ob_href ref;
	struct file *filp;
	unsigned int major;
	int err = -ENXIO;

	if (lx_get_file(pt, 0, &ref))
		return -ENXIO;
	if (((struct io_file *)ref.obj)->ops->kind != IO_KIND_HOST)
		goto out_put;
	filp = ((struct io_file *)ref.obj)->context;
	if (!S_ISCHR(file_inode(filp)->i_mode))
		goto out_put;
	major = imajor(file_inode(filp));
	if (major == TTY_MAJOR || major == TTYAUX_MAJOR ||
	    (major >= UNIX98_PTY_SLAVE_MAJOR &&
	     major < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT)) {
		ob_reference(ref.obj);
		*out = ref.obj;
		err = 0;
	}
out_put:
	ob_handle_put(&ref);
	return err;
}

/* A char device node: a device lxcore implements, by its number. */
static int lx_open_chrdev(struct ps_task *pt, struct lxvfs_path *p, u64 rdev,
			  unsigned int io, struct io_file **out)
{
	dev_t d = new_decode_dev(rdev);

	if (MAJOR(d) == TTYAUX_MAJOR && MINOR(d) <= 1)
		return lx_open_ctty(pt, out);
	return ob_status_to_errno(lxvfs_open_device(p, rdev, io, out));
}

static long lx_do_open(struct ps_task *pt, int dfd, const char __user *upath,
		       int flags, u32 mode)
{
	unsigned int io = lx_open_io_flags(flags), h;
	struct lxvfs_path p = {};
	struct lx_parent par;
	struct io_stat st;
	struct io_file *f;
	bool created = false;
	long err;
	int mask = 0;

	if (flags & __O_TMPFILE)
		return -EOPNOTSUPP;	/* not in LxVfs yet */
	if (flags & O_PATH) {
		flags &= O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_PATH;
		io = IO_FILE_PATH;
	}

	if (flags & O_CREAT) {
		err = lx_parent_begin(pt, dfd, upath, &par);
		if (err)
			return err;
		err = lx_open_create(pt, &par, flags, mode, &p, &created);
		if (!err && (flags & O_DIRECTORY) && !S_ISDIR(p.node->type))
			err = -ENOTDIR;
		if (err) {
			lx_parent_end(&par);
			return err;
		}
		lx_parent_end(&par);
	} else {
		unsigned int wf = flags & O_NOFOLLOW ? 0 : LXVFS_WALK_FOLLOW;

		if (flags & O_DIRECTORY)
			wf |= LXVFS_WALK_DIRECTORY;
		err = lx_resolve(pt, dfd, upath, wf, &p);
		if (err)
			return err;
		if (S_ISLNK(p.node->type) && !(flags & O_PATH)) {
			err = -ELOOP;		/* O_NOFOLLOW on a symbolic link */
			goto out_put;
		}
	}

	err = lx_getattr(&p, &st);
	if (err)
		goto out_put;
	if (!(flags & O_PATH)) {
		if (S_ISDIR(st.mode) && ((io & IO_FILE_WRITE) || (flags & O_CREAT))) {
			err = -EISDIR;
			goto out_put;
		}
		if (io & IO_FILE_READ)
			mask |= MAY_READ;
		if ((io & IO_FILE_WRITE) || (flags & O_TRUNC))
			mask |= MAY_WRITE;
		if (!created && mask) {
			struct lxvfs_cred cred;

			lx_vfs_cred(pt, &cred);
			err = ob_status_to_errno(lxvfs_permission(&st, &cred, mask));
			if (err)
				goto out_put;
		}
		if (S_ISCHR(st.mode)) {
			err = lx_open_chrdev(pt, &p, st.rdev, io, &f);
			if (err)
				goto out_put;
			goto insert;
		}
		if (S_ISSOCK(st.mode) || S_ISFIFO(st.mode) || S_ISBLK(st.mode)) {
			err = -ENXIO;		/* no FIFOs or block devices in LxVfs yet */
			goto out_put;
		}
		if ((flags & O_TRUNC) && S_ISREG(st.mode) && st.size && !created) {
			st.size = 0;
			err = ob_status_to_errno(p.node->ops->setattr(p.node, &st,
								    LXVFS_SET_SIZE));
			if (err)
				goto out_put;
		}
		if (S_ISREG(st.mode))
			io |= IO_FILE_SEEKABLE;
	}
	err = ob_status_to_errno(lxvfs_open(&p, io, &f));
	if (err)
		goto out_put;
insert:
	err = ob_status_to_errno(ob_handle_insert(pt->htab, f, io_file_access(f),
						  flags & O_CLOEXEC ? OB_HANDLE_CLOEXEC : 0,
						  0, ps_handle_limit(), &h));
	ob_dereference(f);
	if (!err)
		err = h;
out_put:
	lxvfs_path_put(&p);
	return err;
}

long lx_sys_open(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_open(pt, AT_FDCWD, (const char __user *)regs->di, regs->si, regs->dx);
}

long lx_sys_openat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_open(pt, regs->di, (const char __user *)regs->si, regs->dx, regs->r10);
}

long lx_sys_creat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_open(pt, AT_FDCWD, (const char __user *)regs->di,
			  O_CREAT | O_WRONLY | O_TRUNC, regs->si);
}

/* ---- stat ------------------------------------------------------------------ */

static long lx_do_stat(struct ps_task *pt, int dfd, const char __user *upath,
		       int flags, void __user *ubuf, bool statx)
{
	struct lxvfs_path p;
	struct io_stat st;
	unsigned int wf = 0;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		      (statx ? AT_STATX_SYNC_TYPE : 0)))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		wf |= LXVFS_WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wf |= LXVFS_WALK_EMPTY;
	err = lx_resolve(pt, dfd, upath, wf, &p);
	if (err == -ENOENT && (flags & AT_EMPTY_PATH))
		return lx_fstat_fd(pt, dfd, ubuf, statx);
	if (err)
		return err;
	err = lx_getattr(&p, &st);
	lxvfs_path_put(&p);
	if (err)
		return err;
	return statx ? lx_statx_to_user(&st, ubuf) : lx_stat_to_user(&st, ubuf);
}

long lx_sys_stat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_stat(pt, AT_FDCWD, (const char __user *)regs->di, 0,
			  (void __user *)regs->si, false);
}

long lx_sys_lstat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_stat(pt, AT_FDCWD, (const char __user *)regs->di,
			  AT_SYMLINK_NOFOLLOW, (void __user *)regs->si, false);
}

long lx_sys_newfstatat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_stat(pt, regs->di, (const char __user *)regs->si, regs->r10,
			  (void __user *)regs->dx, false);
}

long lx_sys_statx(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_stat(pt, regs->di, (const char __user *)regs->si, regs->dx,
			  (void __user *)regs->r8, true);
}

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
	if (!err)
		ob_dereference(n);
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
	return ob_status_to_errno(p->node->ops->setattr(p->node, &st, LXVFS_SET_MODE));
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
	return ob_status_to_errno(p->node->ops->setattr(p->node, &st, mask));
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
 * @ts: the two times from the user, or NULL for "now"
 */
long lx_utimens_path(struct ps_task *pt, struct lxvfs_path *p,
		     const struct __kernel_timespec __user *ts)
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
		if (copy_from_user(t, ts, sizeof(t)))
			return -EFAULT;
		for (i = 0; i < 2; i++) {
			if (t[i].tv_nsec == UTIME_OMIT || t[i].tv_nsec == UTIME_NOW)
				continue;
			if (t[i].tv_nsec < 0 || t[i].tv_nsec >= NSEC_PER_SEC)
				return -EINVAL;
			explicit = true;
		}
	} else {
		t[0].tv_nsec = UTIME_NOW;
		t[1].tv_nsec = UTIME_NOW;
	}
	lx_vfs_cred(pt, &cred);
	err = lx_getattr(p, &st);
	if (err)
		return err;
	if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
		return 0;
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
	return ob_status_to_errno(p->node->ops->setattr(p->node, &st, mask));
}

long lx_sys_utimensat(struct pt_regs *regs, struct ps_task *pt)
{
	const char __user *upath = (const char __user *)regs->si;
	int flags = regs->r10;
	struct lxvfs_path p;
	unsigned int wf = 0;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		wf |= LXVFS_WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wf |= LXVFS_WALK_EMPTY;
	if (!upath)	/* Linux's extension: the fd itself */
		err = lx_path_of_fd(pt, regs->di, &p);
	else
		err = lx_resolve(pt, regs->di, upath, wf, &p);
	if (err)
		return err;
	err = lx_utimens_path(pt, &p, (const struct __kernel_timespec __user *)regs->dx);
	lxvfs_path_put(&p);
	return err;
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
	return ob_status_to_errno(p->node->ops->setattr(p->node, &st, LXVFS_SET_SIZE));
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
