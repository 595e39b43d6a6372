// SPDX-License-Identifier: GPL-2.0
/*
 * File-system calls by fd: lseek, pread64, pwrite64, fstat, getdents(64),
 * ftruncate, fsync, fdatasync, fallocate, fchmod, fchown, fstatfs. The fd
 * is a handle to a File object; its place in LxVfs (if it has one) is the
 * vfs_file behind it.
 */
#include <linux/types.h>
#include <linux/dirent.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/inotify.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/lx.h"

/**
 * lx_fstat_fd() - fstat(2) of @fd into @ubuf (struct stat or struct statx)
 * @pt: the calling task
 * @fd: any handle (pipes and host files answer for themselves)
 * @ubuf: the user's buffer
 * @statx: the layout
 */
long lx_fstat_fd(struct ps_task *pt, int fd, void __user *ubuf, bool statx)
{
	struct ob_href ref;
	struct io_file *f;
	struct io_stat st;
	long err;

	if (lx_get_file(pt, fd, &ref))
		return -EBADF;
	f = ref.obj;
	err = f->ops->getattr ? ob_status_to_errno(f->ops->getattr(f, &st)) : -EINVAL;
	/* A pty end of a devfs: its node there, as stat(2) of its name shows. */
	if (!err && f->ops->kind == IO_KIND_HOST)
		lxvfs_devpts_file_stat(f->context, &st);
	ob_handle_put(&ref);
	if (err)
		return err;
	return statx ? lx_statx_to_user(&st, ubuf) : lx_stat_to_user(&st, ubuf);
}

long lx_sys_fstat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_fstat_fd(pt, regs->di, (void __user *)regs->si, false);
}

/* lseek of a host file: the host's own llseek, under its position lock. */
static loff_t lx_host_llseek(struct file *filp, loff_t off, int whence)
{
	loff_t ret;

	if (filp->f_mode & FMODE_ATOMIC_POS)
		mutex_lock(&filp->f_pos_lock);
	ret = vfs_llseek(filp, off, whence);
	if (filp->f_mode & FMODE_ATOMIC_POS)
		mutex_unlock(&filp->f_pos_lock);
	return ret;
}

/*
 * lseek(2) in ksys_lseek()'s order: EBADF (O_PATH too), EINVAL for an
 * unknown whence, then the file's own rule: a device's llseek (noop for
 * event objects, position 0 for /dev/null...), the host's for a host file,
 * a regular file's, or ESPIPE (pipes, FIFOs, sockets).
 */
long lx_sys_lseek(struct pt_regs *regs, struct ps_task *pt)
{
	loff_t off = regs->si, pos;
	unsigned int whence = regs->dx;
	struct ob_href ref;
	struct io_file *f;
	struct io_stat st;
	bool dir;
	long err = 0;

	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	f = ref.obj;
	if (io_file_flags(f) & IO_FILE_PATH) {
		err = -EBADF;
		goto out_put;
	}
	if (whence > SEEK_MAX) {
		err = -EINVAL;
		goto out_put;
	}
	if (f->ops->llseek) {
		mutex_lock(&f->pos_lock);
		err = f->ops->llseek(f, off, whence);
		mutex_unlock(&f->pos_lock);
		goto out_put;
	}
	if (f->ops->kind == IO_KIND_HOST) {
		err = lx_host_llseek(f->context, off, whence);
		goto out_put;
	}
	if (!(io_file_flags(f) & IO_FILE_SEEKABLE)) {
		err = -ESPIPE;
		goto out_put;
	}
	dir = f->ops->readdir;
	mutex_lock(&f->pos_lock);
	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		pos = f->pos + off;
		break;
	default:	/* SEEK_END, SEEK_DATA, SEEK_HOLE */
		if (dir) {
			err = -EINVAL;
			break;
		}
		err = ob_status_to_errno(f->ops->getattr(f, &st));
		if (err)
			break;
		if (whence == SEEK_END) {
			pos = st.size + off;
		} else if (off < 0 || off >= st.size) {
			err = -ENXIO;
		} else {
			pos = whence == SEEK_DATA ? off : st.size;
		}
		break;
	}
	if (!err && pos < 0)
		err = -EINVAL;
	if (!err) {
		f->pos = pos;
		err = pos;
	}
	mutex_unlock(&f->pos_lock);
out_put:
	ob_handle_put(&ref);
	return err;
}

static long lx_prw(struct ps_task *pt, struct pt_regs *regs, bool write)
{
	void __user *buf = (void __user *)regs->si;
	size_t count = min_t(size_t, regs->dx, MAX_RW_COUNT);
	loff_t pos = regs->r10;
	struct iov_iter iter;
	struct ob_href ref;
	struct iovec iov;
	struct io_file *f;
	size_t done = 0;
	ntstatus st;
	long err;

	if (pos < 0)
		return -EINVAL;
	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	f = ref.obj;
	err = -EBADF;
	if (!(ref.access & (write ? OB_ACCESS_WRITE_DATA : OB_ACCESS_READ_DATA)))
		goto out;
	err = -ESPIPE;
	if (!(io_file_flags(f) & IO_FILE_SEEKABLE))
		goto out;
	err = f->ops->readdir ? -EISDIR : -EINVAL;
	if (!(write ? f->ops->write : f->ops->read))
		goto out;
	err = compat_import_user_buffer(write ? WRITE : READ, buf, count, &iov, &iter);
	if (err)
		goto out;
	if (write)
		st = f->ops->write(f, &pt->ke, &iter, &pos, &done);
	else
		st = f->ops->read(f, &pt->ke, &iter, &pos, &done);
	if (done && lxvfs_file_of(f))
		lxvfs_notify(lxvfs_file_of(f)->path.node, write ? IN_MODIFY : IN_ACCESS);
	err = lx_errno(st, done);
out:
	ob_handle_put(&ref);
	return err;
}

long lx_sys_pread64(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_prw(pt, regs, false);
}

long lx_sys_pwrite64(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_prw(pt, regs, true);
}

/* getdents64 and getdents: records in a kernel buffer, copied out at the end. */
struct lx_getdents {
	char *buf;
	size_t size;
	size_t used;
	bool full;	/* an entry did not fit */
};

/* getdents(2)'s record (fs/readdir.c): d_type in the last byte of the record */
struct lx_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};

/* Room for a record of @reclen bytes at the end of the buffer, or NULL (full). */
static void *lx_dirent_room(struct lx_getdents *g, size_t reclen)
{
	void *rec;

	if (g->used + reclen > g->size) {
		g->full = true;
		return NULL;
	}
	rec = g->buf + g->used;
	memset(rec, 0, reclen);
	g->used += reclen;
	return rec;
}

static bool lx_filldir64(void *ctx, const struct io_dirent *d)
{
	size_t reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + d->len + 1, sizeof(u64));
	struct linux_dirent64 *rec = lx_dirent_room(ctx, reclen);

	if (!rec)
		return false;
	rec->d_ino = d->ino;
	rec->d_off = d->next;
	rec->d_reclen = reclen;
	rec->d_type = d->type;
	memcpy(rec->d_name, d->name, d->len);
	return true;
}

static bool lx_filldir(void *ctx, const struct io_dirent *d)
{
	size_t reclen = ALIGN(offsetof(struct lx_dirent, d_name) + d->len + 2, sizeof(long));
	struct lx_dirent *rec = lx_dirent_room(ctx, reclen);

	if (!rec)
		return false;
	rec->d_ino = d->ino;
	rec->d_off = d->next;
	rec->d_reclen = reclen;
	memcpy(rec->d_name, d->name, d->len);
	((char *)rec)[reclen - 1] = d->type;
	return true;
}

static long lx_getdents(struct pt_regs *regs, struct ps_task *pt,
			bool (*fill)(void *ctx, const struct io_dirent *d))
{
	void __user *ubuf = (void __user *)regs->si;
	unsigned int count = regs->dx;
	struct lx_getdents g = {};
	struct ob_href ref;
	struct io_file *f;
	long err;

	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	f = ref.obj;
	err = -ENOTDIR;
	if (!f->ops->readdir)
		goto out;
	err = -EFAULT;
	if (!access_ok(ubuf, count))
		goto out;
	g.size = min_t(size_t, count, 64 * 1024);
	err = -ENOMEM;
	g.buf = kmalloc(g.size, GFP_KERNEL);
	if (!g.buf)
		goto out;
	mutex_lock(&f->pos_lock);
	err = ob_status_to_errno(f->ops->readdir(f, &f->pos, fill, &g));
	mutex_unlock(&f->pos_lock);
	if (!err && lxvfs_file_of(f))
		lxvfs_notify(lxvfs_file_of(f)->path.node, IN_ACCESS);
	/* Not even one entry fits in the user's buffer: EINVAL, as Linux. */
	if (!err && !g.used && g.full)
		err = -EINVAL;
	if (!err)
		err = copy_to_user(ubuf, g.buf, g.used) ? -EFAULT : (long)g.used;
	kfree(g.buf);
out:
	ob_handle_put(&ref);
	return err;
}

long lx_sys_getdents64(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_getdents(regs, pt, lx_filldir64);
}

long lx_sys_getdents(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_getdents(regs, pt, lx_filldir);
}

long lx_sys_ftruncate(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_file *vf;
	struct ob_href ref;
	long err;

	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	vf = lxvfs_file_of(ref.obj);
	err = -EINVAL;
	if (vf && (ref.access & OB_ACCESS_WRITE_DATA))
		err = lx_truncate_path(pt, &vf->path, regs->si, false);
	else if ((long)regs->si < 0)
		err = -EINVAL;
	ob_handle_put(&ref);
	return err;
}

static long lx_do_fsync(struct ps_task *pt, int fd)
{
	struct ob_href ref;
	long err;

	if (lx_get_file(pt, fd, &ref))
		return -EBADF;
	/* tmpfs has nothing to write back; pipes cannot be synced. */
	err = lxvfs_file_of(ref.obj) ? 0 : -EINVAL;
	ob_handle_put(&ref);
	return err;
}

long lx_sys_fsync(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_fsync(pt, regs->di);
}

long lx_sys_fdatasync(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_do_fsync(pt, regs->di);
}

long lx_sys_fallocate(struct pt_regs *regs, struct ps_task *pt)
{
	int mode = regs->si;
	loff_t off = regs->dx, len = regs->r10;
	struct lxvfs_file *vf;
	struct ob_href ref;
	struct io_stat st;
	long err;

	if (off < 0 || len <= 0)
		return -EINVAL;
	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	vf = lxvfs_file_of(ref.obj);
	err = -EBADF;
	if (!(ref.access & OB_ACCESS_WRITE_DATA))
		goto out;
	err = -EOPNOTSUPP;
	if (mode)
		goto out;	/* only mode 0 */
	err = -ESPIPE;
	if (!vf)
		goto out;
	err = ob_status_to_errno(lxvfs_getattr(&vf->path, &st));
	if (err)
		goto out;
	err = S_ISDIR(st.mode) ? -EISDIR : S_ISREG(st.mode) ? 0 : -ENODEV;
	if (err)
		goto out;
	if (off + len > st.size)
		err = lx_truncate_path(pt, &vf->path, off + len, false);
	else
		lxvfs_notify(vf->path.node, IN_MODIFY);	/* vfs_fallocate()'s event */
out:
	ob_handle_put(&ref);
	return err;
}

/* An fd's place in LxVfs, for fchmod/fchown/fstatfs. */
static long lx_fd_path(struct ps_task *pt, int fd, struct lxvfs_path *p)
{
	long err = lx_path_of_fd(pt, fd, p);

	return err == -ENOENT ? -EINVAL : err;
}

long lx_sys_fchmod(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err = lx_fd_path(pt, regs->di, &p);

	if (err)
		return err;
	err = lx_chmod_path(pt, &p, regs->si);
	lxvfs_path_put(&p);
	return err;
}

long lx_sys_fchown(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err = lx_fd_path(pt, regs->di, &p);

	if (err)
		return err;
	err = lx_chown_path(pt, &p, regs->si, regs->dx);
	lxvfs_path_put(&p);
	return err;
}

long lx_sys_fstatfs(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_path p;
	long err = lx_fd_path(pt, regs->di, &p);

	if (err)
		return err;
	err = lx_statfs_path(&p, (void __user *)regs->si);
	lxvfs_path_put(&p);
	return err;
}
