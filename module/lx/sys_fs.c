// SPDX-License-Identifier: GPL-2.0
/*
 * File-system calls that open and stat by path: open, openat, openat2,
 * creat, stat, lstat, newfstatat, statx. Paths resolve in the instance's LxVfs only;
 * permissions are judged from the files' recorded owner and mode and the
 * caller's instance credentials, with Linux's rules and errno order. Names
 * are made and removed in sys_names.c, attributes changed in sys_attr.c.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/inotify.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/openat2.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/time64.h>
#include <linux/uaccess.h>
#include <asm/statfs.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/lx.h"

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
		if (lxvfs_follow_mount(pt->inst->vfs, out) &&
		    (p->w.flags & LXVFS_WALK_NO_XDEV)) {
			lxvfs_path_put(out);
			return -EXDEV;
		}
		if (S_ISLNK(n->type)) {
			/* Follow it (a dangling link is not created through). */
			lxvfs_path_put(out);
			if (flags & O_NOFOLLOW)
				return -ELOOP;
			p->w.flags = LXVFS_WALK_FOLLOW | (p->w.flags & LXVFS_WALK_RESOLVE);
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
	lxvfs_notify_create(p->dir.node, p->last, n, false);
	out->mnt = p->dir.mnt;
	ob_reference(out->mnt);
	out->node = n;
	*created = true;
	return 0;
}

/*
 * O_TMPFILE: an unnamed regular file in the directory @upath names, as
 * Linux's do_o_tmpfile(): the walk (a directory, links followed unless
 * O_NOFOLLOW), write and search permission on it, then the file system's
 * tmpfile (EOPNOTSUPP without one). The mode gets the umask; the new file
 * opens whatever its mode (may_open() with no access to check). Without
 * O_EXCL, linkat(fd, "", dir, name, AT_EMPTY_PATH) can name it once.
 */
static int lx_open_tmpfile(struct ps_task *pt, int dfd, const char __user *upath,
			   int flags, u32 mode, unsigned int resolve, struct lxvfs_path *out)
{
	unsigned int wf = (flags & O_NOFOLLOW ? 0 : LXVFS_WALK_FOLLOW) |
			  LXVFS_WALK_DIRECTORY | resolve;
	struct lxvfs_cred cred;
	struct lxvfs_path dir;
	struct lxvfs_node *n;
	struct io_stat attr;
	int err;

	err = lx_resolve(pt, dfd, upath, wf, &dir);
	if (err)
		return err;
	lx_vfs_cred(pt, &cred);
	err = lx_may(&cred, &dir, MAY_WRITE | MAY_EXEC);
	if (err)
		goto out_put;
	err = -EOPNOTSUPP;
	if (!dir.node->ops->tmpfile)
		goto out_put;
	lxvfs_attr_init(&attr, S_IFREG | (mode & 07777 & ~lx_umask(pt)), &cred);
	attr.nlink = 0;
	err = ob_status_to_errno(dir.node->ops->tmpfile(dir.node, &attr, !(flags & O_EXCL),
							&n));
	if (err)
		goto out_put;
	out->mnt = dir.mnt;
	ob_reference(out->mnt);
	out->node = n;
out_put:
	lxvfs_path_put(&dir);
	return err;
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

/*
 * @resolve: openat2's RESOLVE_* as LXVFS_WALK_RESOLVE bits (0 for the
 * older calls); its own flag checks are lx_sys_openat2()'s.
 */
static long lx_do_open(struct ps_task *pt, int dfd, const char __user *upath,
		       int flags, u32 mode, unsigned int resolve)
{
	unsigned int io = lx_open_io_flags(flags), h;
	struct lxvfs_path p = {};
	struct lx_parent par;
	struct io_stat st;
	struct io_file *f;
	bool created = false, notified = false;
	long err;
	int mask = 0;

	if (flags & O_PATH) {
		flags &= O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_PATH;
		io = IO_FILE_PATH;
	}
	/* build_open_flags(): every open call, after its own masking */
	if ((flags & (O_DIRECTORY | O_CREAT)) == (O_DIRECTORY | O_CREAT))
		return -EINVAL;
	if (flags & __O_TMPFILE) {
		/* build_open_flags(), then do_o_tmpfile() */
		if ((flags & (__O_TMPFILE | O_DIRECTORY | O_CREAT)) != O_TMPFILE)
			return -EINVAL;
		if (!(io & IO_FILE_WRITE))
			return -EINVAL;
		err = lx_open_tmpfile(pt, dfd, upath, flags, mode, resolve, &p);
		if (err)
			return err;
		created = true;
	} else if (flags & O_CREAT) {
		err = lx_parent_begin_flags(pt, dfd, upath, resolve, &par);
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
		unsigned int wf = (flags & O_NOFOLLOW ? 0 : LXVFS_WALK_FOLLOW) | resolve;

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
		if (S_ISFIFO(st.mode)) {
			err = ob_status_to_errno(lxvfs_open_fifo(&p, io, &f));
			if (err)
				goto out_put;
			goto insert;
		}
		if (S_ISSOCK(st.mode) || S_ISBLK(st.mode)) {
			err = -ENXIO;		/* no sockets or block devices in LxVfs yet */
			goto out_put;
		}
		if (COMPAT_IN_OPEN_BEFORE_TRUNCATE && (flags & O_TRUNC) && S_ISREG(st.mode) &&
		    !created) {
			lxvfs_notify(p.node, IN_OPEN);	/* vfs_open(), then handle_truncate() */
			notified = true;
		}
		if ((flags & O_TRUNC) && S_ISREG(st.mode) && st.size && !created) {
			st.size = 0;
			err = ob_status_to_errno(p.node->ops->setattr(p.node, &st,
								    LXVFS_SET_SIZE));
			if (err)
				goto out_put;
		}
		/* handle_truncate(): an event even when there was nothing to cut */
		if ((flags & O_TRUNC) && S_ISREG(st.mode) && !created)
			lxvfs_notify_change(p.node, LXVFS_SET_SIZE);
		if (S_ISREG(st.mode))
			io |= IO_FILE_SEEKABLE;
	}
	err = ob_status_to_errno(lxvfs_open(&p, io, &f));
	if (err)
		goto out_put;
insert:
	if (!(io & IO_FILE_PATH) && !notified)
		lxvfs_notify(p.node, IN_OPEN);	/* devices and FIFOs too, as Linux */
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
	return lx_do_open(pt, AT_FDCWD, (const char __user *)regs->di, regs->si, regs->dx, 0);
}

long lx_sys_openat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_open(pt, regs->di, (const char __user *)regs->si, regs->dx, regs->r10, 0);
}

long lx_sys_creat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_open(pt, AT_FDCWD, (const char __user *)regs->di,
			  O_CREAT | O_WRONLY | O_TRUNC, regs->si, 0);
}

#define LX_WILL_CREATE(flags)	((flags) & (O_CREAT | __O_TMPFILE))
#define LX_O_PATH_FLAGS		(O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

/*
 * openat2(2): struct open_how, every field checked as Linux's openat2 and
 * build_open_flags() do, in their order. RESOLVE_CACHED: LxVfs lookups
 * need no I/O the dcache would have saved, so only what Linux refuses
 * outright (create, truncate, tmpfile) is EAGAIN.
 */
long lx_sys_openat2(struct pt_regs *regs, struct ps_task *pt)
{
	const void __user *uhow = (const void __user *)regs->dx;
	size_t usize = regs->r10;
	unsigned int resolve = 0;
	struct open_how how;
	u64 flags;
	int err;

	if (usize < OPEN_HOW_SIZE_VER0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(&how, sizeof(how), uhow, usize);
	if (err)
		return err;
	flags = how.flags & ~(u64)(__FMODE_NONOTIFY | O_CLOEXEC);
	if (flags & ~(u64)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how.resolve & ~(u64)VALID_RESOLVE_FLAGS)
		return -EINVAL;
	if ((how.resolve & RESOLVE_BENEATH) && (how.resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if (LX_WILL_CREATE(flags) ? how.mode & ~(u64)S_IALLUGO : how.mode)
		return -EINVAL;
	if ((flags & (O_DIRECTORY | O_CREAT)) == (O_DIRECTORY | O_CREAT))
		return -EINVAL;
	if (flags & __O_TMPFILE) {
		if (!(flags & O_DIRECTORY))
			return -EINVAL;
		if ((flags & O_ACCMODE) == O_RDONLY)	/* ACC_MODE() without MAY_WRITE */
			return -EINVAL;
	}
	if ((flags & O_PATH) && (flags & ~(u64)LX_O_PATH_FLAGS))
		return -EINVAL;
	if ((how.resolve & RESOLVE_CACHED) && (flags & (O_TRUNC | O_CREAT | __O_TMPFILE)))
		return -EAGAIN;

	if (how.resolve & RESOLVE_NO_XDEV)
		resolve |= LXVFS_WALK_NO_XDEV;
	if (how.resolve & RESOLVE_NO_MAGICLINKS)
		resolve |= LXVFS_WALK_NO_MAGICLINKS;
	if (how.resolve & RESOLVE_NO_SYMLINKS)
		resolve |= LXVFS_WALK_NO_SYMLINKS;
	if (how.resolve & RESOLVE_BENEATH)
		resolve |= LXVFS_WALK_BENEATH;
	if (how.resolve & RESOLVE_IN_ROOT)
		resolve |= LXVFS_WALK_IN_ROOT;
	return lx_do_open(pt, regs->di, (const char __user *)regs->si, (int)how.flags,
			  (u32)how.mode, resolve);
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
