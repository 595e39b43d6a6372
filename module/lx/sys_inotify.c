// SPDX-License-Identifier: GPL-2.0
/*
 * inotify_init, inotify_init1, inotify_add_watch, inotify_rm_watch: the
 * checks of fs/notify/inotify/inotify_user.c in their order; the objects
 * and the events are io/inotify.c's.
 */
#include <linux/inotify.h>
#include <linux/ptrace.h>

#include "lxcore.h"
#include "lx/lx.h"

/* Bits inotify_add_watch accepts: Linux's ALL_INOTIFY_BITS. */
#define LX_IN_ALL_BITS	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | \
			 IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_ADD | \
			 IN_MASK_CREATE | IN_ISDIR | IN_ONESHOT)

static long lx_inotify_init1(struct ps_task *pt, int flags)
{
	struct io_file *f;
	unsigned int fd;
	ntstatus st;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	st = io_create_inotify(flags & IN_NONBLOCK, &f);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	st = ob_handle_insert(pt->htab, f, io_file_access(f),
			      flags & IN_CLOEXEC ? OB_HANDLE_CLOEXEC : 0, 0,
			      ps_handle_limit(), &fd);
	ob_dereference(f);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return fd;
}

long lx_sys_inotify_init(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_inotify_init1(pt, 0);
}

long lx_sys_inotify_init1(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_inotify_init1(pt, regs->di);
}

long lx_sys_inotify_add_watch(struct pt_regs *regs, struct ps_task *pt)
{
	const char __user *upath = (const char __user *)regs->si;
	u32 mask = regs->dx;
	unsigned int wf = 0;
	struct lxvfs_cred cred;
	struct lxvfs_path p;
	struct ob_href ref;
	struct io_file *f;
	long ret;

	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	if (!(mask & LX_IN_ALL_BITS))
		return -EINVAL;
	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	f = ref.obj;
	ret = -EINVAL;
	if (!io_file_is_inotify(f))
		goto out_put;
	if (!(mask & IN_DONT_FOLLOW))
		wf |= LXVFS_WALK_FOLLOW;
	if (mask & IN_ONLYDIR)
		wf |= LXVFS_WALK_DIRECTORY;
	ret = lx_resolve(pt, AT_FDCWD, upath, wf, &p);
	if (ret)
		goto out_put;
	/* inotify_find_inode(): read permission on what is watched. */
	lx_vfs_cred(pt, &cred);
	ret = lx_may(&cred, &p, MAY_READ);
	if (!ret)
		ret = io_inotify_add_watch(f, p.node, mask);
	lxvfs_path_put(&p);
out_put:
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_inotify_rm_watch(struct pt_regs *regs, struct ps_task *pt)
{
	struct ob_href ref;
	long ret = -EINVAL;

	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	if (io_file_is_inotify(ref.obj))
		ret = io_inotify_rm_watch(ref.obj, (int)regs->si);
	ob_handle_put(&ref);
	return ret;
}
