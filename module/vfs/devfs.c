// SPDX-License-Identifier: GPL-2.0
/*
 * devfs: an instance's /dev. Device nodes with Linux's numbers (their
 * opens go to devices.c by number, or to the caller's terminal for tty and
 * console) and the links to /proc/self/fd. The tree is lxcore's: creating,
 * removing or renaming in it is EROFS (a writable /dev is a tmpfs with
 * mknod'd nodes, which open the same devices). ptmx and pts/ are the
 * devfs's own ptys (devpts.c): pts/ lists only the ptys made through this
 * devfs's ptmx.
 */
#include <linux/seq_buf.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/kdev_t.h>
#include <linux/major.h>

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

/* pts/N: owned by the instance uid that made it, group tty, as devpts shows it. */
static void devfs_pts_owner(struct lxvfs_node *n, struct io_stat *attr)
{
	long index = lxvfs_gen_id(n);
	u32 uid = 0;

	lxvfs_devpts_lookup(n->sb->info, index, &uid);
	attr->uid = uid;
	attr->gid = LXVFS_TTY_GID;
	attr->rdev = new_encode_dev(MKDEV(UNIX98_PTY_SLAVE_MAJOR + index / 256, index % 256));
}

static const struct lxvfs_gen_entry devfs_pts_slave = {
	.name = "", .mode = S_IFCHR | 0620, .owner = devfs_pts_owner,
};

static ntstatus devfs_pts_lookup(struct lxvfs_node *dir, const char *name, unsigned int len,
				 long *id, const struct lxvfs_gen_entry **e)
{
	char buf[12];
	unsigned int index;
	u32 uid;

	if (!len || len >= sizeof(buf) || (name[0] == '0' && len > 1))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	memcpy(buf, name, len);
	buf[len] = 0;
	if (kstrtouint(buf, 10, &index) || !lxvfs_devpts_lookup(dir->sb->info, index, &uid))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	*id = index;
	*e = &devfs_pts_slave;
	return STATUS_SUCCESS;
}

static bool devfs_pts_next(struct lxvfs_node *dir, long *id, char *name,
			   const struct lxvfs_gen_entry **e)
{
	unsigned long index = *id;

	if (!lxvfs_devpts_next(dir->sb->info, &index))
		return false;
	*id = index;
	snprintf(name, LXVFS_NAME_MAX + 1, "%lu", index);
	*e = &devfs_pts_slave;
	return true;
}

/* devpts's own ptmx (mode as ptmxmode=0666): the same device as /dev/ptmx. */
static const struct lxvfs_gen_entry devfs_pts_entries[] = {
	DEVFS_CHR("ptmx", 5, 2, 0666),
	{}
};

static const struct lxvfs_gen_entry devfs_entries[] = {
	DEVFS_CHR("console", 5, 1, 0600),
	DEVFS_LINK("fd", devfs_fd),
	DEVFS_CHR("full", 1, 7, 0666),
	DEVFS_CHR("null", 1, 3, 0666),
	DEVFS_CHR("ptmx", 5, 2, 0666),
	{ .name = "pts", .mode = S_IFDIR | 0755, .children = devfs_pts_entries,
	  .dyn_lookup = devfs_pts_lookup, .dyn_next = devfs_pts_next },
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

static void devfs_kill(struct lxvfs_sb *sb)
{
	lxvfs_devpts_destroy(sb->info);
}

static const struct lxvfs_fs_ops devfs_fs_ops = {
	.name = "devfs",
	.kill = devfs_kill,
	.statfs = devfs_statfs,
};

/**
 * lxvfs_devfs_ptys() - the ptys of the devfs @sb is, if it is one
 * @sb: any file system
 *
 * Return: its devpts state, or NULL (not a devfs).
 */
struct lxvfs_devpts *lxvfs_devfs_ptys(struct lxvfs_sb *sb)
{
	return sb->ops == &devfs_fs_ops ? sb->info : NULL;
}

/* fstat of a pty end shows its devfs node: these are their inode numbers. */
u64 lxvfs_devfs_pts_ino(unsigned long index)
{
	return lxvfs_gen_ino(&devfs_pts_slave, index);
}

u64 lxvfs_devfs_ptmx_ino(void)
{
	const struct lxvfs_gen_entry *e;

	for (e = devfs_entries; strcmp(e->name, "ptmx"); e++)
		;
	return lxvfs_gen_ino(e, 0);
}

/**
 * lxvfs_devfs_mount() - a new devfs for LXSS_IOC_MOUNT
 * @args: unused (the tree is fixed)
 * @out: the file system, with its own private devpts
 */
ntstatus lxvfs_devfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out)
{
	struct lxvfs_devpts *dp;
	ntstatus st;

	st = lxvfs_devpts_create(&dp);
	if (!NT_SUCCESS(st))
		return st;
	/* Set once made: a failed create may or may not have run ->kill. */
	st = lxvfs_gen_create(&devfs_fs_ops, &devfs_root, NULL, out);
	if (!NT_SUCCESS(st)) {
		lxvfs_devpts_destroy(dp);
		return st;
	}
	(*out)->info = dp;
	lxvfs_devpts_publish(dp, *out);
	return STATUS_SUCCESS;
}
