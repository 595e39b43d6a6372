// SPDX-License-Identifier: GPL-2.0
/*
 * DrvFs: a host directory shown to an instance as it is, with the limited
 * POSIX semantics of WSL's DrvFs (and of Linux's vfat): the file type and
 * permission bits are the host's (setuid, setgid and sticky bits dropped),
 * every file belongs to the mount's uid and gid, times and sizes are the
 * host's. chmod changes the host's permission bits; chown to anyone but
 * the mount's owner is EPERM; devices, FIFOs and sockets cannot be made.
 * Host symbolic links are the instance's symbolic links: LxVfs reads their
 * target and resolves it in the instance's tree, the host never follows
 * one, so no link leads out of the tree.
 *
 * The metadata option (LXSS_MOUNT_METADATA) keeps VolFs records (owner,
 * full mode, device numbers, special files) on files that have one, and
 * writes one on every chmod, chown and create; files without one look as
 * they do without the option. The mechanics are volfs.c's (kind
 * LXVFS_DRVFS / LXVFS_DRVFS_META); this file holds the policy.
 */
#include <linux/stddef.h>
#include <linux/err.h>
#include <linux/delayed_call.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/string.h>
#include <linux/xattr.h>
#include <linux/lxss.h>

#include "compat.h"
#include "vfs/lxvfs.h"
#include "../volfs/volfs_format.h"

/* The permission bits DrvFs shows and sets: no setuid, setgid, sticky. */
#define DRVFS_MODE_MASK	0777

/**
 * lxvfs_drvfs_host_meta() - the metadata of a DrvFs file without a record
 * @inode: its host inode
 * @uid: the mount's owner
 * @gid: the mount's group
 * @m: filled; times live in the host inode (VOLFS_F_HOST_*)
 */
void lxvfs_drvfs_host_meta(struct inode *inode, u32 uid, u32 gid, struct volfs_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->type = volfs_ifmt_type(inode->i_mode);
	m->mode = inode->i_mode & DRVFS_MODE_MASK;
	m->uid = uid;
	m->gid = gid;
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode)) {
		m->rdev_major = MAJOR(inode->i_rdev);
		m->rdev_minor = MINOR(inode->i_rdev);
	}
	m->flags = VOLFS_F_HOST_ATIME | VOLFS_F_HOST_MTIME;
	m->ctime.sec = compat_inode_ctime(inode).tv_sec;
	m->ctime.nsec = compat_inode_ctime(inode).tv_nsec;
	volfs_time_clamp(&m->ctime);
}

/**
 * lxvfs_drvfs_has_record() - does host file @d carry a VolFs record?
 * @mnt: the tree's mount
 * @d: a host directory or regular file
 *
 * Any answer but "no such attribute" (or none possible) is a yes: a
 * damaged record is then reported as VolFs reports it (EIO).
 */
bool lxvfs_drvfs_has_record(struct vfsmount *mnt, struct dentry *d)
{
	ssize_t len = vfs_getxattr(compat_mnt_idmap(mnt), d, VOLFS_XATTR_NAME, NULL, 0);

	return len != -ENODATA && len != -EOPNOTSUPP;
}

/**
 * lxvfs_drvfs_read_host_link() - the target of host symbolic link @d
 * @d: the link (never followed)
 * @buf: the target, not NUL-terminated
 * @len: in: room in @buf; out: bytes used
 *
 * Return: 0 or -errno.
 */
int lxvfs_drvfs_read_host_link(struct dentry *d, char *buf, size_t *len)
{
	DEFINE_DELAYED_CALL(done);
	const char *link;
	size_t n;

	link = vfs_get_link(d, &done);
	if (IS_ERR(link))
		return PTR_ERR(link);
	n = min(strlen(link), *len);
	memcpy(buf, link, n);
	*len = n;
	do_delayed_call(&done);
	return 0;
}

/**
 * lxvfs_drvfs_setattr() - setattr of a DrvFs file without a record
 * @mnt: the tree's mount
 * @p: the host file
 * @m: its metadata (lxvfs_drvfs_host_meta())
 * @attr: the new values
 * @mask: LXVFS_SET_*
 *
 * Owners other than the mount's are EPERM (LxVfs has checked the caller
 * may chown); the rest goes to the host inode: permission bits, size,
 * atime and mtime (the host moves ctime itself).
 */
ntstatus lxvfs_drvfs_setattr(struct vfsmount *mnt, const struct path *p,
			     const struct volfs_meta *m, const struct io_stat *attr,
			     unsigned int mask)
{
	struct inode *inode = d_inode(p->dentry);
	struct iattr ia = {};
	int err;

	if (((mask & LXVFS_SET_UID) && attr->uid != m->uid) ||
	    ((mask & LXVFS_SET_GID) && attr->gid != m->gid))
		return STATUS_LX_ERRNO(EPERM);
	if (mask & LXVFS_SET_SIZE) {
		err = S_ISREG(inode->i_mode) ? vfs_truncate(p, attr->size) : -EINVAL;
		if (err)
			return STATUS_LX_ERRNO(-err);
	}
	if (mask & LXVFS_SET_MODE) {
		ia.ia_valid |= ATTR_MODE;
		ia.ia_mode = (inode->i_mode & S_IFMT) | (attr->mode & DRVFS_MODE_MASK);
	}
	if (mask & LXVFS_SET_ATIME) {
		ia.ia_valid |= ATTR_ATIME | ATTR_ATIME_SET;
		ia.ia_atime = attr->atime;
	}
	if (mask & LXVFS_SET_MTIME) {
		ia.ia_valid |= ATTR_MTIME | ATTR_MTIME_SET;
		ia.ia_mtime = attr->mtime;
	}
	if (!ia.ia_valid)
		return STATUS_SUCCESS;
	inode_lock(inode);
	err = notify_change(compat_mnt_idmap(mnt), p->dentry, &ia, NULL);
	inode_unlock(inode);
	return err ? STATUS_LX_ERRNO(-err) : STATUS_SUCCESS;
}

/**
 * lxvfs_drvfs_mount() - a DrvFs over the host directory @args->source
 * @args: source; uid and gid own every file without a record; flags:
 *	LXSS_MOUNT_METADATA for records
 * @out: the file system, one reference, its root set
 */
ntstatus lxvfs_drvfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out)
{
	return lxvfs_volfs_mount_kind(args, args->flags & LXSS_MOUNT_METADATA ?
				      LXVFS_DRVFS_META : LXVFS_DRVFS, out);
}
