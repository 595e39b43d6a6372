// SPDX-License-Identifier: GPL-2.0
/*
 * read, write, readv, writev, pipe, pipe2: data through File objects. The
 * checks come in Linux's order (fd, access, the device, then the buffer),
 * so every error case answers as on Linux.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
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
