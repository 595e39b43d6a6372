// SPDX-License-Identifier: GPL-2.0
/*
 * read, write, readv, writev, pipe, pipe2: data through File objects. The
 * checks come in Linux's order (fd, access, the device, then the buffer),
 * so every error case answers as on Linux.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/inotify.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/lx.h"

/* The file @fd if it may be read (@write false) or written. */
static long lx_get_rw_file(struct ps_task *pt, unsigned int fd, bool write,
			   struct ob_href *ref)
{
	struct io_file *f;

	if (lx_get_file(pt, fd, ref))
		return -EBADF;
	f = ref->obj;
	if (!(ref->access & (write ? OB_ACCESS_WRITE_DATA : OB_ACCESS_READ_DATA))) {
		ob_handle_put(ref);
		return -EBADF;
	}
	if (!(write ? f->ops->write : f->ops->read)) {
		ob_handle_put(ref);
		return f->ops->readdir ? -EISDIR : -EINVAL;
	}
	return 0;
}

/*
 * Move data at @pos (pread/pwrite), or at the file's own position: a
 * seekable file's position is the open file description's, used under its
 * lock, as read(2) does with f_pos_lock.
 */
static long lx_transfer(struct ps_task *pt, struct io_file *f, bool write,
			struct iov_iter *iter, loff_t *pos)
{
	bool seekable = io_file_flags(f) & IO_FILE_SEEKABLE;
	size_t done = 0;
	ntstatus st;

	if (!pos && seekable) {
		mutex_lock(&f->pos_lock);
		pos = &f->pos;
	}
	if (write)
		st = f->ops->write(f, &pt->ke, iter, pos, &done);
	else
		st = f->ops->read(f, &pt->ke, iter, pos, &done);
	if (pos == &f->pos)
		mutex_unlock(&f->pos_lock);
	if (done && lxvfs_file_of(f))
		lxvfs_notify(lxvfs_file_of(f)->path.node, write ? IN_MODIFY : IN_ACCESS);
	/* A write to a pipe nobody reads: SIGPIPE, even after a partial write. */
	if (st == STATUS_PIPE_BROKEN)
		send_sig(SIGPIPE, current, 0);
	return lx_errno(st, done);
}

static long lx_rw(struct ps_task *pt, struct pt_regs *regs, bool write)
{
	void __user *buf = (void __user *)regs->si;
	size_t count = min_t(size_t, regs->dx, MAX_RW_COUNT);
	struct iov_iter iter;
	struct ob_href ref;
	struct iovec iov;
	long ret;

	ret = lx_get_rw_file(pt, regs->di, write, &ref);
	if (ret)
		return ret;
	ret = compat_import_user_buffer(write ? WRITE : READ, buf, count, &iov, &iter);
	if (!ret)
		ret = lx_transfer(pt, ref.obj, write, &iter, NULL);
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_read(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_rw(pt, regs, false);
}

long lx_sys_write(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_rw(pt, regs, true);
}

static long lx_rwv(struct ps_task *pt, struct pt_regs *regs, bool write)
{
	const struct iovec __user *uvec = (const struct iovec __user *)regs->si;
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	struct iov_iter iter;
	struct ob_href ref;
	long ret;

	ret = lx_get_rw_file(pt, regs->di, write, &ref);
	if (ret)
		return ret;
	/* As Linux: the count is truncated to 32 bits, then bounded. */
	ret = import_iovec(write ? WRITE : READ, uvec, (unsigned int)regs->dx,
			   ARRAY_SIZE(stack), &iov, &iter);
	if (ret >= 0) {
		ret = lx_transfer(pt, ref.obj, write, &iter, NULL);
		kfree(iov);
	}
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_readv(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_rwv(pt, regs, false);
}

long lx_sys_writev(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_rwv(pt, regs, true);
}

static long lx_pipe2(struct ps_task *pt, int __user *ufds, unsigned int flags)
{
	struct io_file *ends[2];
	unsigned int fds[2];
	u32 access[2];
	ntstatus st;

	/* Packet mode (O_DIRECT) and notification pipes are not implemented. */
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	st = io_create_pipe(flags & O_NONBLOCK ? IO_FILE_NONBLOCK : 0,
			    lx_fsuid(pt), lx_fsgid(pt), &ends[0], &ends[1]);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	access[0] = io_file_access(ends[0]);
	access[1] = io_file_access(ends[1]);
	/* Both fds appear together, as Linux installs them. */
	st = ob_handle_insert_many(pt->htab, (void *const *)ends, access, 2,
				   flags & O_CLOEXEC ? OB_HANDLE_CLOEXEC : 0,
				   0, ps_handle_limit(), fds);
	ob_dereference(ends[0]);
	ob_dereference(ends[1]);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		ob_handle_close(pt->htab, fds[0]);
		ob_handle_close(pt->htab, fds[1]);
		return -EFAULT;
	}
	return 0;
}

long lx_sys_pipe(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_pipe2(pt, (int __user *)regs->di, 0);
}

long lx_sys_pipe2(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_pipe2(pt, (int __user *)regs->di, regs->si);
}

/*
 * sendfile: @count bytes from @in (a file with a position: LxVfs regular
 * files) at *@ppos or its own position, to @out at its position, through
 * a kernel buffer. Linux's checks in its order; the input position moves by
 * what was written. Into a pipe it is splice (lx/sys_splice.c), from any
 * source a splice takes, as Linux 6.1's do_sendfile().
 */
#define LX_SENDFILE_CHUNK	(16 * PAGE_SIZE)

static long lx_sendfile(struct ps_task *pt, unsigned int out_fd, unsigned int in_fd,
			loff_t *ppos, size_t count)
{
	struct ob_href in_ref, out_ref;
	struct io_file *in, *out;
	size_t total = 0;
	bool in_ok;
	loff_t pos;
	void *buf;
	long ret;

	if (lx_get_file(pt, in_fd, &in_ref))
		return -EBADF;
	in = in_ref.obj;
	ret = -EBADF;
	if (!(in_ref.access & OB_ACCESS_READ_DATA))
		goto out_put_in;
	in_ok = in->ops->read && (io_file_flags(in) & IO_FILE_SEEKABLE) &&
		!in->ops->readdir;
	if (ppos) {
		ret = -ESPIPE;
		if (!(io_file_flags(in) & IO_FILE_SEEKABLE))
			goto out_put_in;
		pos = *ppos;
	} else if (!(io_file_flags(in) & IO_FILE_SEEKABLE)) {
		pos = 0;	/* a socket's f_pos, which splice_read ignores */
	} else {
		mutex_lock(&in->pos_lock);
		pos = in->pos;
		mutex_unlock(&in->pos_lock);
	}
	/* rw_verify_area(): a negative count or end is EINVAL, then the clamp. */
	ret = -EINVAL;
	if (pos < 0 || (ssize_t)count < 0 || (loff_t)(pos + count) < 0)
		goto out_put_in;
	count = min_t(size_t, count, MAX_RW_COUNT);
	ret = -EBADF;
	if (lx_get_file(pt, out_fd, &out_ref))
		goto out_put_in;
	out = out_ref.obj;
	if (!(out_ref.access & OB_ACCESS_WRITE_DATA))
		goto out_put_out;
	/* Into a pipe: splice_file_to_pipe(), any source with splice_read. */
	if (io_file_pipe(out)) {
		ret = lx_splice_to_pipe(pt, in, &pos, io_file_pipe(out), count,
					io_file_flags(out) & IO_FILE_NONBLOCK);
		if (ret > 0)
			goto out_pos;
		goto out_put_out;
	}
	/* No splice_read (pipes, directories...), no splice_write, O_APPEND. */
	ret = -EINVAL;
	if (!in_ok || !out->ops->write || (io_file_flags(out) & IO_FILE_APPEND))
		goto out_put_out;
	ret = 0;
	if (!count)
		goto out_put_out;
	buf = kvmalloc(min_t(size_t, count, LX_SENDFILE_CHUNK), GFP_KERNEL);
	ret = -ENOMEM;
	if (!buf)
		goto out_put_out;
	while (total < count) {
		size_t len = min_t(size_t, count - total, LX_SENDFILE_CHUNK), got = 0;
		struct kvec kv = { .iov_base = buf, .iov_len = len };
		struct iov_iter iter;
		ntstatus st;

		iov_iter_kvec(&iter, ITER_DEST, &kv, 1, len);
		st = in->ops->read(in, &pt->ke, &iter, &pos, &got);
		if (!got) {
			ret = lx_errno(st, 0);
			break;
		}
		kv.iov_len = got;
		iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, got);
		ret = lx_transfer(pt, out, true, &iter, NULL);
		if (ret <= 0) {
			pos -= got;
			break;
		}
		total += ret;
		if ((size_t)ret < got) {
			pos -= got - ret;
			break;
		}
		if (fatal_signal_pending(current))
			break;
	}
	kvfree(buf);
	if (total) {
		ret = total;
out_pos:
		if (ppos) {
			*ppos = pos;
		} else if (io_file_flags(in) & IO_FILE_SEEKABLE) {
			mutex_lock(&in->pos_lock);
			in->pos = pos;
			mutex_unlock(&in->pos_lock);
		}
	}
out_put_out:
	ob_handle_put(&out_ref);
out_put_in:
	ob_handle_put(&in_ref);
	return ret;
}

long lx_sys_sendfile(struct pt_regs *regs, struct ps_task *pt)
{
	loff_t __user *uoff = (loff_t __user *)regs->dx;
	loff_t pos;
	long ret;

	if (!uoff)
		return lx_sendfile(pt, regs->di, regs->si, NULL, regs->r10);
	if (copy_from_user(&pos, uoff, sizeof(pos)))
		return -EFAULT;
	ret = lx_sendfile(pt, regs->di, regs->si, &pos, regs->r10);
	if (ret > 0 && put_user(pos, uoff))
		return -EFAULT;
	return ret;
}
