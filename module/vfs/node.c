// SPDX-License-Identifier: GPL-2.0
/*
 * FileSystem and VfsNode objects, and the permission rules: a pico
 * process's access to a file is decided here, from the file's recorded
 * owner and mode and the process's instance credentials, as Linux's
 * generic_permission() decides it; the host never judges a pico process.
 */
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/timekeeping.h>

#include "vfs/lxvfs.h"

static atomic64_t lxvfs_next_dev = ATOMIC64_INIT(0);

static void lxvfs_sb_delete(void *obj)
{
	struct lxvfs_sb *sb = obj;

	if (sb->ops->kill)
		sb->ops->kill(sb);
}

struct ob_type lxvfs_sb_type = {
	.name = "FileSystem",
	.body_size = sizeof(struct lxvfs_sb),
	.valid_access = OB_ACCESS_ALL,
	.delete = lxvfs_sb_delete,
};

static void lxvfs_node_delete(void *obj)
{
	struct lxvfs_node *n = obj;

	if (n->ops->evict)
		n->ops->evict(n);
	ob_dereference(n->sb);
}

struct ob_type lxvfs_node_type = {
	.name = "VfsNode",
	.body_size = sizeof(struct lxvfs_node),
	.valid_access = OB_ACCESS_ALL,
	.delete = lxvfs_node_delete,
};

/**
 * lxvfs_sb_create() - a FileSystem object (its root is the caller's to set)
 * @ops: the file system's operations
 * @info: its own state, released by @ops->kill
 * @out: the file system, one reference
 *
 * Each file system gets its own device number (st_dev), from major 0 as
 * Linux gives anonymous file systems.
 */
ntstatus lxvfs_sb_create(const struct lxvfs_fs_ops *ops, void *info,
		       struct lxvfs_sb **out)
{
	struct lxvfs_sb *sb;
	ntstatus st;

	st = ob_create_object(&lxvfs_sb_type, 0, (void **)&sb);
	if (!NT_SUCCESS(st))
		return st;
	sb->ops = ops;
	sb->info = info;
	sb->dev = new_encode_dev(MKDEV(0, 0x400 + (atomic64_inc_return(&lxvfs_next_dev) & 0xfffff)));
	atomic64_set(&sb->next_ino, 1);
	mutex_init(&sb->fifo_lock);
	INIT_LIST_HEAD(&sb->fifos);
	*out = sb;
	return STATUS_SUCCESS;
}

/**
 * lxvfs_node_create() - a VfsNode object of @sb
 * @sb: its file system (the node takes a reference)
 * @ops: its operations
 * @type: S_IFMT bits
 * @ino: its inode number; 0: the next number of @sb
 * @info: the file system's state, released by @ops->evict
 * @out: the node, one reference
 */
ntstatus lxvfs_node_create(struct lxvfs_sb *sb, const struct lxvfs_node_ops *ops,
			 u32 type, u64 ino, void *info, struct lxvfs_node **out)
{
	struct lxvfs_node *n;
	ntstatus st;

	st = ob_create_object(&lxvfs_node_type, 0, (void **)&n);
	if (!NT_SUCCESS(st))
		return st;
	ob_reference(sb);
	n->sb = sb;
	n->ops = ops;
	n->type = type & S_IFMT;
	n->ino = ino ? ino : atomic64_inc_return(&sb->next_ino);
	mutex_init(&n->lock);
	n->info = info;
	*out = n;
	return STATUS_SUCCESS;
}

static bool lxvfs_in_group(const struct lxvfs_cred *cred, u32 gid)
{
	unsigned int i;

	if (cred->fsgid == gid)
		return true;
	for (i = 0; i < cred->ngroups; i++)
		if (cred->groups[i] == gid)
			return true;
	return false;
}

/**
 * lxvfs_permission() - may @cred access a file with attributes @attr?
 * @attr: the file's owner, group and mode
 * @cred: the caller's instance credentials
 * @mask: MAY_READ | MAY_WRITE | MAY_EXEC
 *
 * Linux's rules: the owner's bits, else the group's, else the others';
 * CAP_DAC_OVERRIDE grants read and write always and execute if anyone may
 * execute (or for a directory); CAP_DAC_READ_SEARCH grants reading and
 * searching directories and reading files.
 * Return: STATUS_SUCCESS or STATUS_ACCESS_DENIED.
 */
ntstatus lxvfs_permission(const struct io_stat *attr, const struct lxvfs_cred *cred,
			int mask)
{
	unsigned int mode = attr->mode, bits;
	bool dir = S_ISDIR(mode);

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (cred->fsuid == attr->uid)
		bits = mode >> 6;
	else if (lxvfs_in_group(cred, attr->gid))
		bits = mode >> 3;
	else
		bits = mode;
	if ((mask & ~bits & 7) == 0)
		return STATUS_SUCCESS;

	if (cred->cap_dac_override) {
		if (!(mask & MAY_EXEC) || dir || (mode & 0111))
			return STATUS_SUCCESS;
	}
	if (cred->cap_dac_read_search) {
		if (mask == MAY_READ || (dir && !(mask & MAY_WRITE)))
			return STATUS_SUCCESS;
	}
	return STATUS_ACCESS_DENIED;
}

/**
 * lxvfs_attr_init() - the attributes of a file being created
 * @attr: filled: @mode, owner = the creator's fsuid/fsgid, times now
 * @mode: type and permission bits (after umask)
 * @cred: the creator
 */
void lxvfs_attr_init(struct io_stat *attr, u32 mode, const struct lxvfs_cred *cred)
{
	memset(attr, 0, sizeof(*attr));
	attr->mode = mode;
	attr->uid = cred->fsuid;
	attr->gid = cred->fsgid;
	attr->nlink = 1;
	attr->blksize = PAGE_SIZE;
	ktime_get_real_ts64(&attr->mtime);
	attr->atime = attr->mtime;
	attr->ctime = attr->mtime;
}

/**
 * lxvfs_getattr() - the attributes of @p, with st_dev filled
 * @p: the file
 * @attr: filled
 */
ntstatus lxvfs_getattr(const struct lxvfs_path *p, struct io_stat *attr)
{
	ntstatus st = p->node->ops->getattr(p->node, attr);

	if (NT_SUCCESS(st)) {
		attr->dev = p->node->sb->dev;
		attr->ino = p->node->ino;
	}
	return st;
}

/**
 * lxvfs_sb_abandon() - drop a file system that was never mounted
 * @sb: the creator's reference; its root goes with it
 */
void lxvfs_sb_abandon(struct lxvfs_sb *sb)
{
	struct lxvfs_node *root = xchg(&sb->root, NULL);

	if (root && !atomic_read(&sb->mounts))
		ob_dereference(root);
	ob_dereference(sb);
}
