// SPDX-License-Identifier: GPL-2.0
/*
 * File descriptors as handles: close, close_range, dup, dup2, dup3, fcntl.
 * A pico process's fd is a handle in its handle table (ob/handle.c); these
 * calls give it Linux's fd semantics and errno order.
 */
#include <linux/close_range.h>
#include <linux/fcntl.h>
#include <linux/ptrace.h>

#include "lxcore.h"
#include "lx/lx.h"

/**
 * lx_get_file() - resolve fd @fd of the calling task to its File object
 * @pt: the calling pico task
 * @fd: the fd
 * @ref: filled on success; release with ob_handle_put()
 *
 * Return: 0 or -EBADF.
 */
int lx_get_file(struct ps_task *pt, unsigned int fd, struct ob_href *ref)
{
	return NT_SUCCESS(ob_handle_get(pt->htab, fd, &io_file_type, ref)) ?
	       0 : -EBADF;
}

/**
 * lx_errno() - the Linux result of an executive call that moved @done bytes
 * @st: its status
 * @done: bytes transferred (a partial transfer is a success)
 *
 * A wait that a signal ended restarts or fails with EINTR as the signal's
 * SA_RESTART says, as everywhere in Linux.
 */
long lx_errno(ntstatus st, size_t done)
{
	if (done)
		return done;
	if (st == STATUS_USER_APC || st == STATUS_ALERTED)
		return -ERESTARTSYS;
	if (NT_SUCCESS(st))
		return 0;
	return ob_status_to_errno(st);
}

/* Private the table of the calling task, if other tasks use it (unshare). */
static int lx_unshare_handles(struct ps_task *pt)
{
	struct ob_handle_table *copy;
	ntstatus st;

	if (ob_handle_table_users(pt->htab) == 1)
		return 0;
	st = ob_handle_table_copy(pt->htab, &copy);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	ob_handle_table_put(pt->htab);
	pt->htab = copy;
	return 0;
}

long lx_sys_close(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int fd = regs->di;

	return NT_SUCCESS(ob_handle_close(pt->htab, fd)) ? 0 : -EBADF;
}

long lx_sys_close_range(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int first = regs->di, last = regs->si;
	unsigned int flags = regs->dx;
	int err;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if (flags & CLOSE_RANGE_UNSHARE) {
		err = lx_unshare_handles(pt);
		if (err)
			return err;
	}
	ob_handle_close_range(pt->htab, first, last, flags & CLOSE_RANGE_CLOEXEC);
	return 0;
}

/* A new handle to what @fd refers to: the lowest free >= @min. */
static long lx_dup_from(struct ps_task *pt, unsigned int fd, unsigned int min,
			unsigned int flags)
{
	struct ob_href ref;
	unsigned int h;
	ntstatus st;

	if (lx_get_file(pt, fd, &ref))
		return -EBADF;
	st = ob_handle_insert(pt->htab, ref.obj, ref.access, flags, min,
			      ps_handle_limit(), &h);
	ob_handle_put(&ref);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return h;
}

long lx_sys_dup(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_dup_from(pt, regs->di, 0, 0);
}

static long lx_dup3(struct ps_task *pt, unsigned int oldfd, unsigned int newfd,
		    unsigned int flags)
{
	struct ob_href ref;
	ntstatus st;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= ps_handle_limit())
		return -EBADF;
	if (lx_get_file(pt, oldfd, &ref))
		return -EBADF;
	st = ob_handle_insert_at(pt->htab, newfd, ref.obj, ref.access,
				 flags & O_CLOEXEC ? OB_HANDLE_CLOEXEC : 0,
				 ps_handle_limit());
	ob_handle_put(&ref);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return newfd;
}

long lx_sys_dup2(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int oldfd = regs->di, newfd = regs->si;
	struct ob_href ref;

	if (oldfd == newfd) {
		if (lx_get_file(pt, oldfd, &ref))
			return -EBADF;
		ob_handle_put(&ref);
		return newfd;
	}
	return lx_dup3(pt, oldfd, newfd, 0);
}

long lx_sys_dup3(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_dup3(pt, regs->di, regs->si, regs->dx);
}

/* F_GETFL: the open file description's flags, as Linux spells them. */
static unsigned int lx_file_flags(struct io_file *f)
{
	unsigned int io = io_file_flags(f), fl = 0;

	if (f->ops->host_flags)
		return f->ops->host_flags(f);
	if ((io & (IO_FILE_READ | IO_FILE_WRITE)) == (IO_FILE_READ | IO_FILE_WRITE))
		fl = O_RDWR;
	else if (io & IO_FILE_WRITE)
		fl = O_WRONLY;
	if (io & IO_FILE_NONBLOCK)
		fl |= O_NONBLOCK;
	if (io & IO_FILE_APPEND)
		fl |= O_APPEND;
	if (io & IO_FILE_NOATIME)
		fl |= O_NOATIME;
	if (io & IO_FILE_DIRECT)
		fl |= O_DIRECT;
	return fl;
}

/* F_SETFL: O_APPEND, O_NONBLOCK, O_NOATIME change; other flags are ignored. */
static long lx_set_file_flags(struct io_file *f, unsigned int arg)
{
	unsigned int io = 0;

	if (arg & O_DIRECT)
		return -EINVAL;		/* no file lxcore serves does direct I/O yet */
	if (arg & FASYNC) {
		pr_info_ratelimited(LX_PREFIX "fcntl(F_SETFL, O_ASYNC): not supported\n");
		return -EINVAL;
	}
	if (arg & (O_NONBLOCK | O_NDELAY))
		io |= IO_FILE_NONBLOCK;
	if (arg & O_APPEND)
		io |= IO_FILE_APPEND;
	if (arg & O_NOATIME)
		io |= IO_FILE_NOATIME;
	return ob_status_to_errno(io_file_set_flags(f, io));
}

long lx_sys_fcntl(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int fd = regs->di, cmd = regs->si;
	unsigned long arg = regs->dx;
	unsigned int flags;
	struct ob_href ref;
	long ret;

	if (lx_get_file(pt, fd, &ref))
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = -EINVAL;
		if ((unsigned int)arg < ps_handle_limit())
			ret = lx_dup_from(pt, fd, (unsigned int)arg,
					  cmd == F_DUPFD_CLOEXEC ? OB_HANDLE_CLOEXEC : 0);
		break;
	case F_GETFD:
		ret = -EBADF;
		if (NT_SUCCESS(ob_handle_get_flags(pt->htab, fd, &flags)))
			ret = flags & OB_HANDLE_CLOEXEC ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		ret = -EBADF;
		if (NT_SUCCESS(ob_handle_set_flags(pt->htab, fd,
						   arg & FD_CLOEXEC ? OB_HANDLE_CLOEXEC : 0)))
			ret = 0;
		break;
	case F_GETFL:
		ret = lx_file_flags(ref.obj);
		break;
	case F_SETFL:
		ret = lx_set_file_flags(ref.obj, (unsigned int)arg);
		break;
	default:
		pr_info_ratelimited(LX_PREFIX "instance %s: fcntl command %u not supported\n",
				    pt->inst->name, cmd);
		ret = -EINVAL;
		break;
	}
	ob_handle_put(&ref);
	return ret;
}
