// SPDX-License-Identifier: GPL-2.0
/*
 * A pico process's place in its instance's tree: root directory, current
 * directory and umask, shared by threads and CLONE_FS children as Linux's
 * fs_struct is, and copied by fork.
 */
#include <linux/slab.h>

#include "vfs/lxvfs.h"

/**
 * lxvfs_fs_create() - root and cwd at the root of @ns (none if nothing is
 * mounted there yet); umask 022
 * @ns: the instance's tree
 */
struct lxvfs_fs *lxvfs_fs_create(struct lxvfs_ns *ns)
{
	struct lxvfs_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL_ACCOUNT);

	if (!fs)
		return NULL;
	refcount_set(&fs->users, 1);
	spin_lock_init(&fs->lock);
	fs->umask = 022;
	if (ns && NT_SUCCESS(lxvfs_ns_root(ns, &fs->root))) {
		fs->cwd = fs->root;
		lxvfs_path_get(&fs->cwd);
	}
	return fs;
}

/**
 * lxvfs_fs_copy() - a private copy for fork (may sleep)
 * @old: the parent's
 */
struct lxvfs_fs *lxvfs_fs_copy(struct lxvfs_fs *old)
{
	struct lxvfs_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL_ACCOUNT);

	if (!fs)
		return NULL;
	refcount_set(&fs->users, 1);
	spin_lock_init(&fs->lock);
	spin_lock(&old->lock);
	fs->root = old->root;
	fs->cwd = old->cwd;
	fs->umask = old->umask;
	if (fs->root.mnt)
		lxvfs_path_get(&fs->root);
	if (fs->cwd.mnt)
		lxvfs_path_get(&fs->cwd);
	spin_unlock(&old->lock);
	return fs;
}

void lxvfs_fs_get(struct lxvfs_fs *fs)
{
	refcount_inc(&fs->users);
}

/* The last user's put may sleep (it drops paths). */
void lxvfs_fs_put(struct lxvfs_fs *fs)
{
	if (!refcount_dec_and_test(&fs->users))
		return;
	if (fs->root.mnt)
		lxvfs_path_put(&fs->root);
	if (fs->cwd.mnt)
		lxvfs_path_put(&fs->cwd);
	kfree(fs);
}

static bool lxvfs_fs_read(struct lxvfs_fs *fs, const struct lxvfs_path *which,
			struct lxvfs_path *out)
{
	bool ok;

	spin_lock(&fs->lock);
	ok = which->mnt;
	if (ok) {
		*out = *which;
		lxvfs_path_get(out);
	}
	spin_unlock(&fs->lock);
	return ok;
}

bool lxvfs_fs_root(struct lxvfs_fs *fs, struct lxvfs_path *out)
{
	return lxvfs_fs_read(fs, &fs->root, out);
}

bool lxvfs_fs_cwd(struct lxvfs_fs *fs, struct lxvfs_path *out)
{
	return lxvfs_fs_read(fs, &fs->cwd, out);
}

static void lxvfs_fs_write(struct lxvfs_fs *fs, struct lxvfs_path *which,
			 const struct lxvfs_path *p)
{
	struct lxvfs_path old;

	lxvfs_path_get(p);
	spin_lock(&fs->lock);
	old = *which;
	*which = *p;
	spin_unlock(&fs->lock);
	if (old.mnt)
		lxvfs_path_put(&old);
}

void lxvfs_fs_set_cwd(struct lxvfs_fs *fs, const struct lxvfs_path *p)
{
	lxvfs_fs_write(fs, &fs->cwd, p);
}

void lxvfs_fs_set_root(struct lxvfs_fs *fs, const struct lxvfs_path *p)
{
	lxvfs_fs_write(fs, &fs->root, p);
}
