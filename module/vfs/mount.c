// SPDX-License-Identifier: GPL-2.0
/*
 * An instance's mount tree: which file system is mounted where. A walk
 * crosses into a mount when it reaches a mount point, and ".." at a
 * mount's root goes back to the mount point: both are decided here, from
 * the instance's own table, never from the host's mounts.
 */
#include <linux/list.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stat.h>

#include "vfs/lxvfs.h"

/**
 * struct lxvfs_mount - the body of a Mount object
 * @sb: the mounted file system (referenced)
 * @root: the directory of @sb it shows (referenced)
 * @parent: the mount it is mounted on (referenced), NULL for the tree root
 * @mountpoint: the directory of @parent it covers (referenced)
 * @node: in lxvfs_ns.mounts
 */
struct lxvfs_mount {
	struct lxvfs_sb *sb;
	struct lxvfs_node *root;
	struct lxvfs_mount *parent;
	struct lxvfs_node *mountpoint;
	struct list_head node;
};

/**
 * struct lxvfs_ns - an instance's mount tree
 * @lock: @mounts and @root
 * @mounts: every mount, the root first
 * @root: the tree's root mount, or NULL before one is mounted
 */
struct lxvfs_ns {
	spinlock_t lock;
	struct list_head mounts;
	struct lxvfs_mount *root;
};

static void lxvfs_mount_delete(void *obj)
{
	struct lxvfs_mount *m = obj;
	struct lxvfs_node *root;

	/*
	 * A file system holds its root and the root holds the file system:
	 * the last mount breaks the cycle. Open files keep what they need.
	 */
	if (m->sb && atomic_dec_and_test(&m->sb->mounts)) {
		if (m->sb->ops->unmounted)
			m->sb->ops->unmounted(m->sb);
		root = xchg(&m->sb->root, NULL);
		if (root)
			ob_dereference(root);
	}
	if (m->mountpoint)
		ob_dereference(m->mountpoint);
	if (m->parent)
		ob_dereference(m->parent);
	if (m->root)
		ob_dereference(m->root);
	if (m->sb)
		ob_dereference(m->sb);
}

static struct ob_type lxvfs_mount_type = {
	.name = "Mount",
	.body_size = sizeof(struct lxvfs_mount),
	.valid_access = OB_ACCESS_ALL,
	.delete = lxvfs_mount_delete,
};

void lxvfs_path_get(const struct lxvfs_path *p)
{
	ob_reference(p->mnt);
	ob_reference(p->node);
}

void lxvfs_path_put(struct lxvfs_path *p)
{
	if (p->node)
		ob_dereference(p->node);
	if (p->mnt)
		ob_dereference(p->mnt);
	p->node = NULL;
	p->mnt = NULL;
}

/**
 * lxvfs_ns_create() - an empty mount tree
 *
 * Return: the tree, or NULL.
 */
struct lxvfs_ns *lxvfs_ns_create(void)
{
	struct lxvfs_ns *ns = kzalloc(sizeof(*ns), GFP_KERNEL_ACCOUNT);

	if (!ns)
		return NULL;
	spin_lock_init(&ns->lock);
	INIT_LIST_HEAD(&ns->mounts);
	return ns;
}

/**
 * lxvfs_ns_destroy() - unmount everything (files still open keep their nodes)
 * @ns: the tree, freed
 */
void lxvfs_ns_destroy(struct lxvfs_ns *ns)
{
	struct lxvfs_mount *m, *next;
	LIST_HEAD(dead);

	if (!ns)
		return;
	spin_lock(&ns->lock);
	list_splice_init(&ns->mounts, &dead);
	ns->root = NULL;
	spin_unlock(&ns->lock);
	/* Children first: each mount holds its parent. */
	list_for_each_entry_safe_reverse(m, next, &dead, node) {
		list_del(&m->node);
		ob_dereference(m);
	}
	kfree(ns);
}

/**
 * lxvfs_ns_root() - the root of the tree
 * @ns: the tree
 * @out: its root mount and directory, referenced
 *
 * Return: STATUS_SUCCESS, or STATUS_OBJECT_PATH_NOT_FOUND if nothing is
 * mounted at the root yet.
 */
ntstatus lxvfs_ns_root(struct lxvfs_ns *ns, struct lxvfs_path *out)
{
	ntstatus st = STATUS_OBJECT_PATH_NOT_FOUND;

	spin_lock(&ns->lock);
	if (ns->root) {
		out->mnt = ns->root;
		out->node = ns->root->root;
		lxvfs_path_get(out);
		st = STATUS_SUCCESS;
	}
	spin_unlock(&ns->lock);
	return st;
}

/**
 * lxvfs_mount() - mount @sb (its root directory) at @where
 * @ns: the tree
 * @sb: the file system (the mount takes a reference)
 * @where: a directory of the tree, or NULL to mount the tree's root
 *
 * A later mount on the same directory hides the earlier one.
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_COLLISION (the root exists),
 * STATUS_OBJECT_PATH_NOT_FOUND (no root yet), STATUS_NOT_A_DIRECTORY,
 * STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus lxvfs_mount(struct lxvfs_ns *ns, struct lxvfs_sb *sb, const struct lxvfs_path *where)
{
	struct lxvfs_mount *m;
	ntstatus st;

	if (!sb->root)
		return STATUS_INVALID_PARAMETER;
	if (where && !S_ISDIR(where->node->type))
		return STATUS_NOT_A_DIRECTORY;
	st = ob_create_object(&lxvfs_mount_type, 0, (void **)&m);
	if (!NT_SUCCESS(st))
		return st;
	ob_reference(sb);
	m->sb = sb;
	atomic_inc(&sb->mounts);
	ob_reference(sb->root);
	m->root = sb->root;
	if (where) {
		ob_reference(where->mnt);
		m->parent = where->mnt;
		ob_reference(where->node);
		m->mountpoint = where->node;
	}

	spin_lock(&ns->lock);
	if (!where && ns->root)
		st = STATUS_OBJECT_NAME_COLLISION;
	else if (where && !ns->root)
		st = STATUS_OBJECT_PATH_NOT_FOUND;
	if (!NT_SUCCESS(st)) {
		spin_unlock(&ns->lock);
		ob_dereference(m);
		return st;
	}
	if (!where)
		ns->root = m;
	/* The tree's reference; newest last, so the last match wins. */
	list_add_tail(&m->node, &ns->mounts);
	spin_unlock(&ns->lock);
	return STATUS_SUCCESS;
}

/**
 * lxvfs_follow_mount() - step onto what is mounted at @p, if anything
 * @ns: the tree
 * @p: a place in it; replaced by the mounted root (the references move)
 *
 * Return: true if @p was a mount point.
 */
bool lxvfs_follow_mount(struct lxvfs_ns *ns, struct lxvfs_path *p)
{
	struct lxvfs_mount *m, *found;
	bool crossed = false;

	for (;;) {
		found = NULL;
		spin_lock(&ns->lock);
		list_for_each_entry(m, &ns->mounts, node) {
			if (m->parent == p->mnt && m->mountpoint->sb == p->node->sb &&
			    m->mountpoint->ino == p->node->ino)
				found = m;
		}
		if (found) {
			ob_reference(found);
			ob_reference(found->root);
		}
		spin_unlock(&ns->lock);
		if (!found)
			return crossed;
		lxvfs_path_put(p);
		p->mnt = found;
		p->node = found->root;
		crossed = true;
	}
}

/**
 * lxvfs_mount_parent() - where @mnt is mounted
 * @ns: the tree
 * @mnt: a mount
 * @out: its mount point, referenced
 *
 * Return: false for the tree's root mount.
 */
bool lxvfs_mount_parent(struct lxvfs_ns *ns, struct lxvfs_mount *mnt, struct lxvfs_path *out)
{
	if (!mnt->parent)
		return false;
	out->mnt = mnt->parent;
	out->node = mnt->mountpoint;
	lxvfs_path_get(out);
	return true;
}

/* Is @p the root directory of its mount? */
bool lxvfs_is_mount_root(const struct lxvfs_path *p)
{
	return p->node == p->mnt->root;
}

/* The file system a mount shows. */
struct lxvfs_sb *lxvfs_mount_sb(const struct lxvfs_mount *mnt)
{
	return mnt->sb;
}

/* A path as /proc/mounts writes it: space, tab, newline, backslash in octal. */
static void lxvfs_put_mangled(struct seq_buf *s, const char *p)
{
	for (; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\\')
			seq_buf_printf(s, "\\%03o", (unsigned char)*p);
		else
			seq_buf_printf(s, "%c", *p);
	}
}

/**
 * lxvfs_ns_show_mounts() - /proc/mounts: one line per mount, oldest first
 * @ns: the tree
 * @root: the reader's root: mounts outside it are not shown, paths are
 *	relative to it
 * @s: where the lines go
 */
void lxvfs_ns_show_mounts(struct lxvfs_ns *ns, const struct lxvfs_path *root,
			  struct seq_buf *s)
{
	struct lxvfs_mount *m, **all = NULL;
	unsigned int n = 0, cap = 0, i;
	struct lxvfs_path p;
	size_t used;
	char *buf;

	buf = kmalloc(LXVFS_PATH_MAX, GFP_KERNEL);
	if (!buf)
		return;
	for (;;) {
		spin_lock(&ns->lock);
		n = 0;
		list_for_each_entry(m, &ns->mounts, node) {
			if (n < cap) {
				ob_reference(m);
				all[n] = m;
			}
			n++;
		}
		spin_unlock(&ns->lock);
		if (n <= cap)
			break;
		for (i = 0; i < cap; i++)
			ob_dereference(all[i]);
		kfree(all);
		cap = n + 4;
		all = kmalloc_array(cap, sizeof(*all), GFP_KERNEL);
		if (!all) {
			kfree(buf);
			return;
		}
	}
	for (i = 0; i < n; i++) {
		m = all[i];
		p.mnt = m;
		p.node = m->root;
		if (NT_SUCCESS(lxvfs_path_name(ns, root, &p, buf, LXVFS_PATH_MAX, &used))) {
			seq_buf_printf(s, "%s ", m->sb->ops->name);
			lxvfs_put_mangled(s, buf);
			seq_buf_printf(s, " %s rw 0 0\n", m->sb->ops->name);
		}
		ob_dereference(m);
	}
	kfree(all);
	kfree(buf);
}
