// SPDX-License-Identifier: GPL-2.0
/*
 * devfs: an instance's /dev. Device nodes with Linux's numbers (their
 * opens go to devices.c by number, or to the caller's terminal for tty and
 * console) and the links to /proc/self/fd. The tree is lxcore's: creating,
 * removing or renaming in it is EROFS (a writable /dev is a tmpfs with
 * mknod'd nodes, which open the same devices).
 */
#include <linux/seq_buf.h>
#include <linux/stat.h>
#include <linux/statfs.h>

#include "vfs/lxvfs.h"

#define DEVFS_MAGIC	0x01021994	/* Linux's devtmpfs is a tmpfs */

/* new_encode_dev(MKDEV(ma, mi)) for a minor below 256, as a constant. */
#define DEVFS_CHR(nm, ma, mi, perm)	{ .name = nm, .mode = S_IFCHR | (perm), \
					  .rdev = ((ma) << 8) | (mi) }
#define DEVFS_LINK(nm, fn)		{ .name = nm, .mode = S_IFLNK | 0777, .link = fn }

#define DEVFS_LINK_FN(fn, target)					\
static ntstatus fn(struct lxvfs_node *n, struct seq_buf *s)		\
{									\
	seq_buf_printf(s, "%s", target);					\
	return STATUS_SUCCESS;						\
}

DEVFS_LINK_FN(devfs_fd, "/proc/self/fd")
DEVFS_LINK_FN(devfs_stdin, "/proc/self/fd/0")
DEVFS_LINK_FN(devfs_stdout, "/proc/self/fd/1")
DEVFS_LINK_FN(devfs_stderr, "/proc/self/fd/2")

static const struct lxvfs_gen_entry devfs_entries[] = {
	DEVFS_CHR("console", 5, 1, 0600),
	DEVFS_LINK("fd", devfs_fd),
	DEVFS_CHR("full", 1, 7, 0666),
	DEVFS_CHR("null", 1, 3, 0666),
	DEVFS_CHR("random", 1, 8, 0666),
	DEVFS_LINK("stderr", devfs_stderr),
	DEVFS_LINK("stdin", devfs_stdin),
	DEVFS_LINK("stdout", devfs_stdout),
	DEVFS_CHR("tty", 5, 0, 0666),
	DEVFS_CHR("urandom", 1, 9, 0666),
	DEVFS_CHR("zero", 1, 5, 0666),
	{}
};

static const struct lxvfs_gen_entry devfs_root = {
	.name = "/", .mode = S_IFDIR | 0755, .children = devfs_entries,
};

static ntstatus devfs_statfs(struct lxvfs_sb *sb, struct kstatfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_type = DEVFS_MAGIC;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_namelen = LXVFS_NAME_MAX;
	return STATUS_SUCCESS;
}

static const struct lxvfs_fs_ops devfs_fs_ops = {
	.name = "devfs",
	.statfs = devfs_statfs,
};

/**
 * lxvfs_devfs_mount() - a new devfs for LXSS_IOC_MOUNT
 * @args: unused (the tree is fixed)
 * @out: the file system
 */
ntstatus lxvfs_devfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out)
{
	return lxvfs_gen_create(&devfs_fs_ops, &devfs_root, NULL, out);
}
