// SPDX-License-Identifier: GPL-2.0
/*
 * Administrative calls an instance answers itself: chroot (a root of the
 * caller's LxVfs tree) and syslog (the host's kernel log is not the
 * instance's to read).
 */
#include <linux/fcntl.h>
#include <linux/ptrace.h>

#include "lxcore.h"
#include "lx/lx.h"

/*
 * chroot(2): a directory of the instance's tree becomes the root of the
 * caller's root/cwd set (shared with CLONE_FS threads, as Linux's fs_struct).
 * The cwd stays. Linux's order: the walk, search permission, then
 * CAP_SYS_CHROOT (the instance's).
 */
long lx_sys_chroot(struct pt_regs *regs, struct ps_task *pt)
{
	struct lxvfs_cred cred;
	struct lxvfs_path p;
	long err;

	err = lx_resolve(pt, AT_FDCWD, (const char __user *)regs->di,
			 LXVFS_WALK_FOLLOW | LXVFS_WALK_DIRECTORY, &p);
	if (err)
		return err;
	lx_vfs_cred(pt, &cred);
	err = S_ISDIR(p.node->type) ? lx_may(&cred, &p, MAY_EXEC) : -ENOTDIR;
	if (!err && !ps_capable(ps_cred_self(pt), CAP_SYS_CHROOT))
		err = -EPERM;
	if (!err)
		lxvfs_fs_set_root(pt->fs, &p);
	lxvfs_path_put(&p);
	return err;
}

/*
 * syslog(2): the kernel log is the host's. Linux with dmesg_restrict (the
 * Debian default) refuses every action to a caller without CAP_SYSLOG in
 * the initial namespace, which an instance never has.
 */
long lx_sys_syslog(struct pt_regs *regs, struct ps_task *pt)
{
	return -EPERM;
}
