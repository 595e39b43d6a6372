// SPDX-License-Identifier: GPL-2.0
/*
 * Generated trees: what devfs, procfs and sysfs are made of. A tree of
 * struct lxvfs_gen_entry (names, modes, device numbers, content makers,
 * run-time names such as pids), read-only; a file's content is made into
 * a buffer when it is opened and read from it, as seq_file does.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/kernel_stat.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/tick.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <asm/processor.h>

#include "lxcore.h"

/* ---- generated trees ------------------------------------------------------- */

/* readdir positions: 0 ".", 1 "..", 2 + i the i-th child, then run-time names. */
#define GEN_POS_DYN	(1LL << 32)
#define GEN_BUF_MAX	(4U << 20)	/* the largest content a file may make */

struct gen_node {
	const struct lxvfs_gen_entry *e;
	struct lxvfs_node *parent;	/* referenced; NULL for the root */
	long id;
};

/* The content of an open file. */
struct gen_buf {
	size_t len;
	char data[];
};

static const struct lxvfs_node_ops gen_node_ops;

static inline struct gen_node *GN(struct lxvfs_node *n)
{
	return n->info;
}

/**
 * lxvfs_gen_id() - the run-time id (a pid) a generated node is under
 * @n: a node of a generated tree
 */
long lxvfs_gen_id(struct lxvfs_node *n)
{
	return GN(n)->id;
}

/**
 * lxvfs_gen_parent() - the directory a generated node was found in
 * @n: a node of a generated tree
 *
 * Return: the parent (valid while @n is: @n holds it), NULL for the root.
 */
struct lxvfs_node *lxvfs_gen_parent(struct lxvfs_node *n)
{
	return GN(n)->parent;
}

/* Names are made anew at each lookup: the inode number is what stays. */
static u64 gen_ino(const struct lxvfs_gen_entry *e, long id)
{
	return (hash_64((u64)(unsigned long)e ^ ((u64)id * GOLDEN_RATIO_64), 60)) + 2;
}

/**
 * lxvfs_gen_ino() - the inode number of entry @e under run-time id @id
 * @e: an entry of a generated tree
 * @id: the id its directory carries, or its own run-time name's
 */
u64 lxvfs_gen_ino(const struct lxvfs_gen_entry *e, long id)
{
	return gen_ino(e, id);
}

static ntstatus gen_new_node(struct lxvfs_sb *sb, const struct lxvfs_gen_entry *e,
			     struct lxvfs_node *parent, long id, struct lxvfs_node **out)
{
	struct gen_node *gn;
	ntstatus st;

	gn = kzalloc(sizeof(*gn), GFP_KERNEL_ACCOUNT);
	if (!gn)
		return STATUS_INSUFFICIENT_RESOURCES;
	gn->e = e;
	gn->id = id;
	st = lxvfs_node_create(sb, &gen_node_ops, e->mode, parent ? gen_ino(e, id) : 1,
			       gn, out);
	if (!NT_SUCCESS(st)) {
		kfree(gn);
		return st;
	}
	if (e->magic)
		(*out)->flags |= LXVFS_NODE_MAGIC_LINK;
	if (parent) {
		ob_reference(parent);
		gn->parent = parent;
	}
	return STATUS_SUCCESS;
}

static void gen_evict(struct lxvfs_node *n)
{
	struct gen_node *gn = GN(n);

	if (!gn)
		return;
	if (gn->parent)
		ob_dereference(gn->parent);
	kfree(gn);
}

static ntstatus gen_lookup(struct lxvfs_node *dir, const char *name, unsigned int len,
			   struct lxvfs_node **out)
{
	struct gen_node *gd = GN(dir);
	const struct lxvfs_gen_entry *e;
	long id = gd->id;
	ntstatus st;

	for (e = gd->e->children; e && e->name; e++)
		if (strlen(e->name) == len && !memcmp(e->name, name, len))
			return gen_new_node(dir->sb, e, dir, id, out);
	if (!gd->e->dyn_lookup)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	st = gd->e->dyn_lookup(dir, name, len, &id, &e);
	if (!NT_SUCCESS(st))
		return st;
	return gen_new_node(dir->sb, e, dir, id, out);
}

static ntstatus gen_parent(struct lxvfs_node *dir, struct lxvfs_node **out)
{
	struct lxvfs_node *p = GN(dir)->parent;

	if (!p)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	ob_reference(p);
	*out = p;
	return STATUS_SUCCESS;
}

static ntstatus gen_getattr(struct lxvfs_node *n, struct io_stat *attr)
{
	const struct lxvfs_gen_entry *e = GN(n)->e;

	memset(attr, 0, sizeof(*attr));
	attr->mode = e->mode;
	attr->nlink = S_ISDIR(e->mode) ? 2 : 1;
	attr->rdev = e->rdev;
	attr->blksize = 1024;
	ktime_get_real_ts64(&attr->mtime);
	attr->atime = attr->mtime;
	attr->ctime = attr->mtime;
	if (S_ISLNK(e->mode))
		attr->size = 64;
	if (e->owner)
		e->owner(n, attr);
	return STATUS_SUCCESS;
}

/* Every change is refused: the trees are lxcore's. */
static ntstatus gen_setattr(struct lxvfs_node *n, const struct io_stat *attr,
			    unsigned int mask)
{
	return STATUS_LX_ERRNO(EPERM);
}

static ntstatus gen_create(struct lxvfs_node *dir, const char *name, unsigned int len,
			   const struct io_stat *attr, const char *target,
			   struct lxvfs_node **out)
{
	return STATUS_LX_ERRNO(EROFS);
}

static ntstatus gen_link(struct lxvfs_node *dir, const char *name, unsigned int len,
			 struct lxvfs_node *target)
{
	return STATUS_LX_ERRNO(EROFS);
}

static ntstatus gen_unlink(struct lxvfs_node *dir, const char *name, unsigned int len,
			   struct lxvfs_node *victim)
{
	return STATUS_LX_ERRNO(EROFS);
}

static ntstatus gen_rename(struct lxvfs_node *odir, const char *oname, unsigned int olen,
			   struct lxvfs_node *ndir, const char *nname, unsigned int nlen,
			   unsigned int flags)
{
	return STATUS_LX_ERRNO(EROFS);
}

static ntstatus gen_readlink(struct lxvfs_node *n, char *buf, size_t *len)
{
	const struct lxvfs_gen_entry *e = GN(n)->e;
	struct seq_buf s;
	ntstatus st;

	if (!e->link)
		return STATUS_INVALID_PARAMETER;
	seq_buf_init(&s, buf, *len);
	st = e->link(n, &s);
	if (NT_SUCCESS(st))
		*len = seq_buf_used(&s);
	return st;
}

static unsigned int gen_dt(u32 mode)
{
	return (mode & S_IFMT) >> 12;
}

static ntstatus gen_readdir(struct lxvfs_node *dir, loff_t *pos, io_filldir_t fill,
			    void *ctx)
{
	struct gen_node *gd = GN(dir);
	const struct lxvfs_gen_entry *e;
	char *name = NULL;
	struct io_dirent d;
	loff_t i;
	long id;

	if (*pos == 0) {
		d = (struct io_dirent){ ".", 1, dir->ino, DT_DIR, 1 };
		if (!fill(ctx, &d))
			return STATUS_SUCCESS;
		*pos = 1;
	}
	if (*pos == 1) {
		d = (struct io_dirent){ "..", 2, gd->parent ? gd->parent->ino : dir->ino,
					DT_DIR, 2 };
		if (!fill(ctx, &d))
			return STATUS_SUCCESS;
		*pos = 2;
	}
	for (i = 0, e = gd->e->children; e && e->name; i++, e++) {
		if (*pos > i + 2)
			continue;
		d = (struct io_dirent){ e->name, strlen(e->name), gen_ino(e, gd->id),
					gen_dt(e->mode), i + 3 };
		if (!fill(ctx, &d))
			return STATUS_SUCCESS;
		*pos = i + 3;
	}
	if (!gd->e->dyn_next) {
		*pos = max_t(loff_t, *pos, i + 2);
		return STATUS_SUCCESS;
	}
	name = kmalloc(LXVFS_NAME_MAX + 1, GFP_KERNEL);
	if (!name)
		return STATUS_INSUFFICIENT_RESOURCES;
	id = *pos > GEN_POS_DYN ? (long)(*pos - GEN_POS_DYN) : 0;
	while (gd->e->dyn_next(dir, &id, name, &e)) {
		d = (struct io_dirent){ name, strlen(name), gen_ino(e, id), gen_dt(e->mode),
					GEN_POS_DYN + id + 1 };
		if (!fill(ctx, &d))
			break;
		*pos = GEN_POS_DYN + ++id;
	}
	kfree(name);
	return STATUS_SUCCESS;
}

static ntstatus gen_file_read(struct io_file *f, struct ke_thread *kt,
			      struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct lxvfs_file *vf = f->context;
	struct gen_buf *b = vf->private;
	loff_t off = pos ? *pos : 0;
	size_t n;

	*done = 0;
	if (off < 0 || off >= b->len)
		return STATUS_SUCCESS;
	n = copy_to_iter(b->data + off, b->len - off, to);
	if (!n && iov_iter_count(to))
		return STATUS_LX_ERRNO(EFAULT);
	*done = n;
	if (pos)
		*pos += n;
	return STATUS_SUCCESS;
}

static const struct io_file_ops gen_file_ops = {
	.name = "generated",
	.kind = IO_KIND_VFS,
	.read = gen_file_read,
	.getattr = lxvfs_file_getattr_op,
	.release = lxvfs_file_release_op,
};

/* Make the content, in a larger buffer each time it does not fit. */
static ntstatus gen_open(struct lxvfs_node *n, struct lxvfs_file *vf, unsigned int flags)
{
	const struct lxvfs_gen_entry *e = GN(n)->e;
	size_t size = PAGE_SIZE;
	struct gen_buf *b;
	struct seq_buf s;
	ntstatus st;

	if (!S_ISREG(e->mode) || !e->show)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (flags & IO_FILE_WRITE)
		return STATUS_ACCESS_DENIED;
	for (;;) {
		b = kvmalloc(sizeof(*b) + size, GFP_KERNEL_ACCOUNT);
		if (!b)
			return STATUS_INSUFFICIENT_RESOURCES;
		seq_buf_init(&s, b->data, size);
		st = e->show(n, &s);
		if (!NT_SUCCESS(st)) {
			kvfree(b);
			return st;
		}
		if (!seq_buf_has_overflowed(&s))
			break;
		kvfree(b);
		if (size >= GEN_BUF_MAX)
			return STATUS_INSUFFICIENT_RESOURCES;
		size *= 2;
	}
	b->len = seq_buf_used(&s);
	vf->private = b;
	vf->ops = &gen_file_ops;
	return STATUS_SUCCESS;
}

static void gen_release(struct lxvfs_node *n, struct lxvfs_file *vf)
{
	kvfree(vf->private);
	vf->private = NULL;
}

static const struct lxvfs_node_ops gen_node_ops = {
	.lookup = gen_lookup,
	.parent = gen_parent,
	.getattr = gen_getattr,
	.setattr = gen_setattr,
	.readlink = gen_readlink,
	.open = gen_open,
	.evict = gen_evict,
	.release = gen_release,
	.create = gen_create,
	.link = gen_link,
	.unlink = gen_unlink,
	.rename = gen_rename,
	.readdir = gen_readdir,
};

/**
 * lxvfs_gen_create() - a file system whose tree is generated from @root
 * @ops: its operations (name, statfs, kill for @info)
 * @root: the root directory's entry
 * @info: the file system's own state (sb->info)
 * @out: the file system, one reference, its root set
 */
ntstatus lxvfs_gen_create(const struct lxvfs_fs_ops *ops, const struct lxvfs_gen_entry *root,
			  void *info, struct lxvfs_sb **out)
{
	struct lxvfs_sb *sb;
	ntstatus st;

	st = lxvfs_sb_create(ops, info, &sb);
	if (!NT_SUCCESS(st))
		return st;
	st = gen_new_node(sb, root, NULL, 0, &sb->root);
	if (!NT_SUCCESS(st)) {
		ob_dereference(sb);
		return st;
	}
	*out = sb;
	return STATUS_SUCCESS;
}
