// SPDX-License-Identifier: GPL-2.0
/*
 * tmpfs: an instance's files in memory (/tmp, /run, /dev/shm). Directories,
 * symbolic links and device nodes live in the nodes themselves; a regular
 * file's data lives in an unlinked host shmem file (the host's tmpfs pages,
 * ready for mmap later), reached only through its node. The file system's
 * size limit counts the bytes its regular files claim.
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>

#include "vfs/lxvfs.h"

#define TMPFS_MAGIC_NR	0x01021994	/* what statfs reports, as Linux's tmpfs */

struct tmpfs_info {
	u64 limit;		/* bytes */
	atomic64_t used;	/* bytes claimed by regular files */
	struct mutex rename_lock;
};

struct tmpfs_node {
	struct io_stat attr;		/* size and blocks: from @data */
	/*
	 * Not counted. Directories: theirs, NULL once removed. Other files:
	 * the directory of the name they got last, NULL once no name is left
	 * there (tmpfs_file_parent_lock): what names them in /proc.
	 */
	struct lxvfs_node *parent;
	struct list_head entries;	/* directories: struct tmpfs_dirent */
	u64 next_cookie;
	struct file *data;		/* regular files */
	char *target;			/* symbolic links */
	unsigned int target_len;
	bool linkable;			/* O_TMPFILE without O_EXCL, not yet named */
};

struct tmpfs_dirent {
	struct list_head node;
	struct lxvfs_node *child;		/* referenced */
	u64 cookie;			/* readdir position: 2, 3, ... */
	unsigned int len;
	char name[];
};

static const struct lxvfs_node_ops tmpfs_node_ops;
static DEFINE_SPINLOCK(tmpfs_file_parent_lock);	/* non-directories' @parent */

static inline struct tmpfs_node *TN(struct lxvfs_node *n)
{
	return n->info;
}

static inline struct tmpfs_info *TI(struct lxvfs_node *n)
{
	return n->sb->info;
}

static void tmpfs_touch(struct timespec64 *t1, struct timespec64 *t2)
{
	ktime_get_real_ts64(t1);
	if (t2)
		*t2 = *t1;
}

/* ---- nodes ----------------------------------------------------------------- */

static void tmpfs_evict(struct lxvfs_node *n)
{
	struct tmpfs_node *tn = TN(n);
	struct tmpfs_dirent *d, *next;

	if (!tn)
		return;
	list_for_each_entry_safe(d, next, &tn->entries, node) {
		ob_dereference(d->child);
		kfree(d);
	}
	if (tn->data) {
		atomic64_sub(i_size_read(file_inode(tn->data)), &TI(n)->used);
		fput(tn->data);
	}
	kfree(tn->target);
	kfree(tn);
}

static ntstatus tmpfs_new_node(struct lxvfs_sb *sb, const struct io_stat *attr,
			       const char *target, struct lxvfs_node **out)
{
	struct tmpfs_node *tn;
	struct lxvfs_node *n;
	ntstatus st;

	tn = kzalloc(sizeof(*tn), GFP_KERNEL_ACCOUNT);
	if (!tn)
		return STATUS_INSUFFICIENT_RESOURCES;
	tn->attr = *attr;
	INIT_LIST_HEAD(&tn->entries);
	tn->next_cookie = 2;
	if (S_ISDIR(attr->mode))
		tn->attr.nlink = 2;
	if (S_ISLNK(attr->mode)) {
		tn->target_len = strlen(target);
		tn->target = kmemdup(target, tn->target_len, GFP_KERNEL_ACCOUNT);
		if (!tn->target)
			goto err_free;
		tn->attr.size = tn->target_len;
	}
	if (S_ISREG(attr->mode)) {
		tn->data = shmem_file_setup("lxcore-tmpfs", 0, VM_NORESERVE);
		if (IS_ERR(tn->data)) {
			tn->data = NULL;
			goto err_free;
		}
	}
	st = lxvfs_node_create(sb, &tmpfs_node_ops, attr->mode, 0, tn, &n);
	if (!NT_SUCCESS(st))
		goto err_free;
	*out = n;
	return STATUS_SUCCESS;

err_free:
	if (tn->data)
		fput(tn->data);
	kfree(tn->target);
	kfree(tn);
	return STATUS_INSUFFICIENT_RESOURCES;
}

static struct tmpfs_dirent *tmpfs_find(struct tmpfs_node *dir, const char *name,
				       unsigned int len)
{
	struct tmpfs_dirent *d;

	list_for_each_entry(d, &dir->entries, node)
		if (d->len == len && !memcmp(d->name, name, len))
			return d;
	return NULL;
}

static ntstatus tmpfs_lookup(struct lxvfs_node *dir, const char *name,
			     unsigned int len, struct lxvfs_node **out)
{
	struct tmpfs_dirent *d;
	ntstatus st = STATUS_OBJECT_NAME_NOT_FOUND;

	mutex_lock(&dir->lock);
	d = tmpfs_find(TN(dir), name, len);
	if (d) {
		ob_reference(d->child);
		*out = d->child;
		st = STATUS_SUCCESS;
	}
	mutex_unlock(&dir->lock);
	return st;
}

static ntstatus tmpfs_parent(struct lxvfs_node *dir, struct lxvfs_node **out)
{
	struct lxvfs_node *p;

	if (!S_ISDIR(dir->type)) {
		spin_lock(&tmpfs_file_parent_lock);
		p = TN(dir)->parent;
		if (p)
			ob_reference(p);
		spin_unlock(&tmpfs_file_parent_lock);
	} else {
		mutex_lock(&dir->lock);
		p = TN(dir)->parent;
		if (p)
			ob_reference(p);
		mutex_unlock(&dir->lock);
	}
	if (!p)
		return STATUS_OBJECT_NAME_NOT_FOUND;	/* removed */
	*out = p;
	return STATUS_SUCCESS;
}

static ntstatus tmpfs_getattr(struct lxvfs_node *n, struct io_stat *attr)
{
	struct tmpfs_node *tn = TN(n);
	struct inode *inode;

	mutex_lock(&n->lock);
	*attr = tn->attr;
	mutex_unlock(&n->lock);
	if (tn->data) {
		inode = file_inode(tn->data);
		attr->size = i_size_read(inode);
		attr->blocks = inode->i_blocks;
	} else if (S_ISDIR(attr->mode)) {
		attr->size = 40 + 20 * 0;	/* Linux's tmpfs reports a small size */
	}
	attr->blksize = PAGE_SIZE;
	return STATUS_SUCCESS;
}

/* Claim @grow more bytes of the limit; false if they do not fit. */
static bool tmpfs_claim(struct tmpfs_info *ti, s64 grow)
{
	s64 used = atomic64_read(&ti->used);

	do {
		if (grow > 0 && used + grow > (s64)ti->limit)
			return false;
	} while (!atomic64_try_cmpxchg(&ti->used, &used, used + grow));
	return true;
}

static ntstatus tmpfs_truncate(struct lxvfs_node *n, s64 size)
{
	struct tmpfs_node *tn = TN(n);
	s64 old = i_size_read(file_inode(tn->data));
	int err;

	if (!tmpfs_claim(TI(n), size - old))
		return STATUS_DISK_FULL;
	err = vfs_truncate(&tn->data->f_path, size);
	if (err) {
		tmpfs_claim(TI(n), old - size);
		return STATUS_LX_ERRNO(-err);
	}
	tmpfs_touch(&tn->attr.mtime, &tn->attr.ctime);
	return STATUS_SUCCESS;
}

static ntstatus tmpfs_setattr(struct lxvfs_node *n, const struct io_stat *attr,
			      unsigned int mask)
{
	struct tmpfs_node *tn = TN(n);
	ntstatus st = STATUS_SUCCESS;

	mutex_lock(&n->lock);
	if (mask & LXVFS_SET_SIZE) {
		st = tn->data ? tmpfs_truncate(n, attr->size) : STATUS_INVALID_PARAMETER;
		if (!NT_SUCCESS(st))
			goto out;
	}
	if (mask & LXVFS_SET_MODE)
		tn->attr.mode = (tn->attr.mode & S_IFMT) | (attr->mode & ~S_IFMT);
	if (mask & LXVFS_SET_UID)
		tn->attr.uid = attr->uid;
	if (mask & LXVFS_SET_GID)
		tn->attr.gid = attr->gid;
	if (mask & LXVFS_SET_ATIME)
		tn->attr.atime = attr->atime;
	if (mask & LXVFS_SET_MTIME)
		tn->attr.mtime = attr->mtime;
	if (mask & LXVFS_SET_CTIME)
		tn->attr.ctime = attr->ctime;
	else if (mask)
		ktime_get_real_ts64(&tn->attr.ctime);
out:
	mutex_unlock(&n->lock);
	return st;
}

static ntstatus tmpfs_readlink(struct lxvfs_node *n, char *buf, size_t *len)
{
	struct tmpfs_node *tn = TN(n);
	size_t l = min_t(size_t, *len, tn->target_len);

	memcpy(buf, tn->target, l);
	*len = l;
	return STATUS_SUCCESS;
}

/* A directory entry for @name, allocated before any lock is taken. */
static struct tmpfs_dirent *tmpfs_new_dirent(const char *name, unsigned int len)
{
	struct tmpfs_dirent *d;

	d = kmalloc(struct_size(d, name, len), GFP_KERNEL_ACCOUNT);
	if (d) {
		memcpy(d->name, name, len);
		d->len = len;
	}
	return d;
}

static void tmpfs_set_file_parent(struct lxvfs_node *n, struct lxvfs_node *dir)
{
	spin_lock(&tmpfs_file_parent_lock);
	TN(n)->parent = dir;
	spin_unlock(&tmpfs_file_parent_lock);
}

/* @n (not a directory) lost a name in @dir (locked): has it one there still? */
static void tmpfs_file_unnamed(struct lxvfs_node *dir, struct lxvfs_node *n)
{
	struct tmpfs_dirent *d;

	if (READ_ONCE(TN(n)->parent) != dir)
		return;
	list_for_each_entry(d, &TN(dir)->entries, node)
		if (d->child == n)
			return;
	spin_lock(&tmpfs_file_parent_lock);
	if (TN(n)->parent == dir)
		TN(n)->parent = NULL;
	spin_unlock(&tmpfs_file_parent_lock);
}

/* Add @d for @child in @dir (locked); takes a reference for the entry. */
static void tmpfs_add_entry(struct lxvfs_node *dir, struct tmpfs_dirent *d,
			    struct lxvfs_node *child)
{
	struct tmpfs_node *td = TN(dir);

	ob_reference(child);
	d->child = child;
	d->cookie = td->next_cookie++;
	list_add_tail(&d->node, &td->entries);
	if (S_ISDIR(child->type)) {
		td->attr.nlink++;
		TN(child)->parent = dir;
	} else {
		tmpfs_set_file_parent(child, dir);
	}
	tmpfs_touch(&td->attr.mtime, &td->attr.ctime);
}

/* Take @d out of @dir (locked); returns the child's entry reference. */
static struct lxvfs_node *tmpfs_del_entry(struct lxvfs_node *dir, struct tmpfs_dirent *d)
{
	struct lxvfs_node *child = d->child;

	list_del(&d->node);
	kfree(d);
	if (S_ISDIR(child->type))
		TN(dir)->attr.nlink--;
	else
		tmpfs_file_unnamed(dir, child);
	tmpfs_touch(&TN(dir)->attr.mtime, &TN(dir)->attr.ctime);
	return child;
}

/* Can @dir (locked) take a new entry @name? */
static ntstatus tmpfs_may_add(struct lxvfs_node *dir, const char *name, unsigned int len)
{
	if (!TN(dir)->attr.nlink)
		return STATUS_OBJECT_NAME_NOT_FOUND;	/* the directory was removed */
	if (tmpfs_find(TN(dir), name, len))
		return STATUS_OBJECT_NAME_COLLISION;
	return STATUS_SUCCESS;
}

static ntstatus tmpfs_create(struct lxvfs_node *dir, const char *name,
			     unsigned int len, const struct io_stat *attr,
			     const char *target, struct lxvfs_node **out)
{
	struct tmpfs_dirent *d;
	struct lxvfs_node *n;
	ntstatus st;

	d = tmpfs_new_dirent(name, len);
	if (!d)
		return STATUS_INSUFFICIENT_RESOURCES;
	st = tmpfs_new_node(dir->sb, attr, target, &n);
	if (!NT_SUCCESS(st)) {
		kfree(d);
		return st;
	}
	mutex_lock(&dir->lock);
	st = tmpfs_may_add(dir, name, len);
	if (NT_SUCCESS(st))
		tmpfs_add_entry(dir, d, n);
	mutex_unlock(&dir->lock);
	if (!NT_SUCCESS(st)) {
		kfree(d);
		ob_dereference(n);
		return st;
	}
	*out = n;
	return STATUS_SUCCESS;
}

/*
 * O_TMPFILE: a regular file with no entry anywhere (nlink 0), gone with its
 * last open file or mapping unless a link names it.
 */
static ntstatus tmpfs_tmpfile(struct lxvfs_node *dir, const struct io_stat *attr,
			      bool linkable, struct lxvfs_node **out)
{
	ntstatus st;

	if (!S_ISREG(attr->mode))
		return STATUS_INVALID_PARAMETER;
	/* A removed directory too, as shmem_tmpfile(): the file needs no entry. */
	st = tmpfs_new_node(dir->sb, attr, NULL, out);
	if (NT_SUCCESS(st))
		TN(*out)->linkable = linkable;
	return st;
}

/*
 * A node without a name can get one only once, and only from O_TMPFILE
 * without O_EXCL (vfs_link()'s I_LINKABLE): else ENOENT, as Linux.
 */
static ntstatus tmpfs_link(struct lxvfs_node *dir, const char *name, unsigned int len,
			   struct lxvfs_node *target)
{
	struct tmpfs_dirent *d;
	ntstatus st;

	mutex_lock(&target->lock);
	st = TN(target)->attr.nlink || TN(target)->linkable ? STATUS_SUCCESS :
	     STATUS_OBJECT_NAME_NOT_FOUND;
	mutex_unlock(&target->lock);
	if (!NT_SUCCESS(st))
		return st;
	d = tmpfs_new_dirent(name, len);
	if (!d)
		return STATUS_INSUFFICIENT_RESOURCES;
	mutex_lock(&dir->lock);
	st = tmpfs_may_add(dir, name, len);
	if (NT_SUCCESS(st))
		tmpfs_add_entry(dir, d, target);
	mutex_unlock(&dir->lock);
	if (!NT_SUCCESS(st))
		kfree(d);
	if (NT_SUCCESS(st)) {
		mutex_lock(&target->lock);
		TN(target)->attr.nlink++;
		TN(target)->linkable = false;
		ktime_get_real_ts64(&TN(target)->attr.ctime);
		mutex_unlock(&target->lock);
	}
	return st;
}

/* The victim lost a name: its link count, and a directory its parent. */
static void tmpfs_drop_link(struct lxvfs_node *victim)
{
	struct tmpfs_node *tv = TN(victim);

	mutex_lock(&victim->lock);
	if (S_ISDIR(victim->type)) {
		tv->attr.nlink = 0;
		tv->parent = NULL;
	} else if (tv->attr.nlink) {
		tv->attr.nlink--;
	}
	ktime_get_real_ts64(&tv->attr.ctime);
	mutex_unlock(&victim->lock);
}

static ntstatus tmpfs_unlink(struct lxvfs_node *dir, const char *name,
			     unsigned int len, struct lxvfs_node *victim)
{
	struct tmpfs_dirent *d;
	struct lxvfs_node *child = NULL;
	ntstatus st = STATUS_SUCCESS;

	/* Lock order: parent before child. */
	mutex_lock(&dir->lock);
	d = tmpfs_find(TN(dir), name, len);
	if (!d || d->child != victim) {
		st = STATUS_OBJECT_NAME_NOT_FOUND;
	} else if (S_ISDIR(victim->type)) {
		mutex_lock_nested(&victim->lock, 1);
		if (!list_empty(&TN(victim)->entries))
			st = STATUS_DIRECTORY_NOT_EMPTY;
		mutex_unlock(&victim->lock);
	}
	if (NT_SUCCESS(st))
		child = tmpfs_del_entry(dir, d);
	mutex_unlock(&dir->lock);
	if (!child)
		return st;
	tmpfs_drop_link(child);
	ob_dereference(child);
	return STATUS_SUCCESS;
}

/* Is @anc @n or one of its ancestors? (directories; under rename_lock) */
static bool tmpfs_is_ancestor(struct lxvfs_node *anc, struct lxvfs_node *n)
{
	while (n) {
		if (n == anc)
			return true;
		n = TN(n)->parent;
	}
	return false;
}

static void tmpfs_lock_two(struct lxvfs_node *a, struct lxvfs_node *b)
{
	if (a == b) {
		mutex_lock(&a->lock);
		return;
	}
	if (a > b)
		swap(a, b);
	mutex_lock(&a->lock);
	mutex_lock_nested(&b->lock, 1);
}

static void tmpfs_unlock_two(struct lxvfs_node *a, struct lxvfs_node *b)
{
	mutex_unlock(&a->lock);
	if (a != b)
		mutex_unlock(&b->lock);
}

static ntstatus tmpfs_rename(struct lxvfs_node *odir, const char *oname,
			     unsigned int olen, struct lxvfs_node *ndir,
			     const char *nname, unsigned int nlen, unsigned int flags)
{
	struct tmpfs_info *ti = TI(odir);
	struct tmpfs_dirent *od, *nd, *newd;
	struct lxvfs_node *src, *dst = NULL, *dropped = NULL;
	ntstatus st = STATUS_SUCCESS;

	newd = tmpfs_new_dirent(nname, nlen);
	if (!newd)
		return STATUS_INSUFFICIENT_RESOURCES;
	mutex_lock(&ti->rename_lock);
	tmpfs_lock_two(odir, ndir);
	od = tmpfs_find(TN(odir), oname, olen);
	nd = tmpfs_find(TN(ndir), nname, nlen);
	if (!od) {
		st = STATUS_OBJECT_NAME_NOT_FOUND;
		goto out;
	}
	if (!TN(ndir)->attr.nlink) {
		st = STATUS_OBJECT_NAME_NOT_FOUND;
		goto out;
	}
	src = od->child;
	dst = nd ? nd->child : NULL;
	if ((flags & RENAME_NOREPLACE) && dst) {
		st = STATUS_OBJECT_NAME_COLLISION;
		goto out;
	}
	if ((flags & RENAME_EXCHANGE) && !dst) {
		st = STATUS_OBJECT_NAME_NOT_FOUND;
		goto out;
	}
	if (src == dst)
		goto out;	/* two names of one file: nothing to do */
	/* A directory cannot move below itself. */
	if ((S_ISDIR(src->type) && odir != ndir && tmpfs_is_ancestor(src, ndir)) ||
	    (dst && (flags & RENAME_EXCHANGE) && S_ISDIR(dst->type) &&
	     odir != ndir && tmpfs_is_ancestor(dst, odir))) {
		st = STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (dst && !(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(src->type) && !S_ISDIR(dst->type)) {
			st = STATUS_NOT_A_DIRECTORY;
			goto out;
		}
		if (!S_ISDIR(src->type) && S_ISDIR(dst->type)) {
			st = STATUS_FILE_IS_A_DIRECTORY;
			goto out;
		}
		if (S_ISDIR(dst->type) && !list_empty(&TN(dst)->entries)) {
			st = STATUS_DIRECTORY_NOT_EMPTY;
			goto out;
		}
	}

	if (flags & RENAME_EXCHANGE) {
		od->child = dst;
		nd->child = src;
		if (S_ISDIR(src->type) != S_ISDIR(dst->type) && odir != ndir) {
			if (S_ISDIR(src->type)) {
				TN(odir)->attr.nlink--;
				TN(ndir)->attr.nlink++;
			} else {
				TN(odir)->attr.nlink++;
				TN(ndir)->attr.nlink--;
			}
		}
		if (S_ISDIR(src->type))
			TN(src)->parent = ndir;
		else
			tmpfs_set_file_parent(src, ndir);
		if (S_ISDIR(dst->type))
			TN(dst)->parent = odir;
		else
			tmpfs_set_file_parent(dst, odir);
		dst = NULL;
	} else {
		if (nd)
			dropped = tmpfs_del_entry(ndir, nd);
		tmpfs_add_entry(ndir, newd, src);
		newd = NULL;
		ob_dereference(tmpfs_del_entry(odir, od));
	}
	tmpfs_touch(&TN(odir)->attr.mtime, &TN(odir)->attr.ctime);
	tmpfs_touch(&TN(ndir)->attr.mtime, &TN(ndir)->attr.ctime);
out:
	tmpfs_unlock_two(odir, ndir);
	mutex_unlock(&ti->rename_lock);
	kfree(newd);
	if (dropped) {
		tmpfs_drop_link(dropped);
		ob_dereference(dropped);
	}
	return st;
}

static unsigned int tmpfs_dt(u32 mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are the S_IFMT bits shifted */
}

static ntstatus tmpfs_readdir(struct lxvfs_node *dir, loff_t *pos, io_filldir_t fill,
			      void *ctx)
{
	struct tmpfs_node *td = TN(dir);
	struct tmpfs_dirent *d;
	struct io_dirent e;
	u64 parent_ino;

	mutex_lock(&dir->lock);
	if (*pos == 0) {
		e = (struct io_dirent){ ".", 1, dir->ino, DT_DIR, 1 };
		if (!fill(ctx, &e))
			goto out;
		*pos = 1;
	}
	if (*pos == 1) {
		parent_ino = td->parent ? td->parent->ino : dir->ino;
		e = (struct io_dirent){ "..", 2, parent_ino, DT_DIR, 2 };
		if (!fill(ctx, &e))
			goto out;
		*pos = 2;
	}
	list_for_each_entry(d, &td->entries, node) {
		if (d->cookie < *pos)
			continue;
		e = (struct io_dirent){ d->name, d->len, d->child->ino,
					tmpfs_dt(d->child->type), d->cookie + 1 };
		if (!fill(ctx, &e))
			goto out;
		*pos = d->cookie + 1;
	}
	*pos = td->next_cookie;
out:
	mutex_unlock(&dir->lock);
	return STATUS_SUCCESS;
}

/* ---- regular files ----------------------------------------------------------- */

static ntstatus tmpfs_file_read(struct io_file *f, struct ke_thread *kt,
				struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct lxvfs_file *vf = f->context;
	struct tmpfs_node *tn = TN(vf->path.node);
	ssize_t ret;

	ret = vfs_iter_read(tn->data, to, pos, 0);
	*done = ret > 0 ? ret : 0;
	return ret < 0 ? STATUS_LX_ERRNO(-ret) : STATUS_SUCCESS;
}

static ntstatus tmpfs_file_write(struct io_file *f, struct ke_thread *kt,
				 struct iov_iter *from, loff_t *pos, size_t *done)
{
	struct lxvfs_file *vf = f->context;
	struct lxvfs_node *n = vf->path.node;
	struct tmpfs_node *tn = TN(n);
	struct inode *inode = file_inode(tn->data);
	size_t count = iov_iter_count(from);
	s64 size, end, grow;
	ssize_t ret;

	*done = 0;
	mutex_lock(&n->lock);
	size = i_size_read(inode);
	if (io_file_flags(f) & IO_FILE_APPEND)
		*pos = size;
	end = *pos + count;
	grow = end > size ? end - size : 0;
	while (grow && !tmpfs_claim(TI(n), grow)) {
		/* Write what fits, as a full file system does. */
		s64 room = (s64)TI(n)->limit - atomic64_read(&TI(n)->used);

		if (room <= 0 || *pos >= size + room) {
			mutex_unlock(&n->lock);
			return STATUS_DISK_FULL;
		}
		iov_iter_truncate(from, size + room - *pos);
		end = *pos + iov_iter_count(from);
		grow = end - size;
	}
	ret = vfs_iter_write(tn->data, from, pos, 0);
	/* Give back what was claimed and not written. */
	size = max_t(s64, size, i_size_read(inode));
	if (grow && end > size)
		tmpfs_claim(TI(n), -min_t(s64, grow, end - size));
	if (ret > 0)
		tmpfs_touch(&tn->attr.mtime, &tn->attr.ctime);
	mutex_unlock(&n->lock);
	*done = ret > 0 ? ret : 0;
	return ret < 0 ? STATUS_LX_ERRNO(-ret) : STATUS_SUCCESS;
}

static const struct io_file_ops tmpfs_file_ops = {
	.name = "tmpfs",
	.kind = IO_KIND_VFS,
	.read = tmpfs_file_read,
	.write = tmpfs_file_write,
	.getattr = lxvfs_file_getattr_op,
	.release = lxvfs_file_release_op,
};

static ntstatus tmpfs_open(struct lxvfs_node *n, struct lxvfs_file *vf, unsigned int flags)
{
	if (!S_ISREG(n->type))
		return STATUS_INVALID_DEVICE_REQUEST;	/* devices: devfs, later */
	vf->ops = &tmpfs_file_ops;
	return STATUS_SUCCESS;
}

/*
 * exec: a new read-only host file on the shmem inode holding the data. Not
 * the node's own file: the binfmt maps it, and the record naming those
 * mappings in /proc/<pid>/maps lives as long as its file has other users.
 */
static struct file *tmpfs_host_file(struct lxvfs_node *n)
{
	if (!S_ISREG(n->type))
		return ERR_PTR(-EACCES);
	return dentry_open(&TN(n)->data->f_path, O_RDONLY | O_LARGEFILE, current_cred());
}

/*
 * mmap: a new host file on the shmem inode, opened for the File object's
 * access (the node's own shmem file is read-write), so the host refuses a
 * writable shared mapping, or mprotect to one, of a file opened read-only.
 * Writes through a mapping do not move the node's mtime.
 */
static struct file *tmpfs_map_file(struct lxvfs_node *n, struct lxvfs_file *vf,
				   unsigned int flags)
{
	int acc = (flags & IO_FILE_READ) && (flags & IO_FILE_WRITE) ? O_RDWR :
		  (flags & IO_FILE_WRITE) ? O_WRONLY : O_RDONLY;

	return dentry_open(&TN(n)->data->f_path, acc | O_LARGEFILE, current_cred());
}

static const struct lxvfs_node_ops tmpfs_node_ops = {
	.lookup = tmpfs_lookup,
	.parent = tmpfs_parent,
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.readlink = tmpfs_readlink,
	.open = tmpfs_open,
	.evict = tmpfs_evict,
	.create = tmpfs_create,
	.link = tmpfs_link,
	.tmpfile = tmpfs_tmpfile,
	.unlink = tmpfs_unlink,
	.rename = tmpfs_rename,
	.readdir = tmpfs_readdir,
	.host_file = tmpfs_host_file,
	.map_file = tmpfs_map_file,
};

/* ---- the file system ----------------------------------------------------------- */

static void tmpfs_kill(struct lxvfs_sb *sb)
{
	kfree(sb->info);
}

static ntstatus tmpfs_statfs(struct lxvfs_sb *sb, struct kstatfs *st)
{
	struct tmpfs_info *ti = sb->info;
	u64 used = atomic64_read(&ti->used);

	memset(st, 0, sizeof(*st));
	st->f_type = TMPFS_MAGIC_NR;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_blocks = ti->limit / PAGE_SIZE;
	st->f_bfree = used < ti->limit ? (ti->limit - used) / PAGE_SIZE : 0;
	st->f_bavail = st->f_bfree;
	st->f_namelen = LXVFS_NAME_MAX;
	return STATUS_SUCCESS;
}

static const struct lxvfs_fs_ops tmpfs_fs_ops = {
	.name = "tmpfs",
	.kill = tmpfs_kill,
	.statfs = tmpfs_statfs,
};

/**
 * lxvfs_tmpfs_create() - a new, empty tmpfs
 * @size_limit: bytes its regular files may claim
 * @root_mode: permission bits of its root directory
 * @uid: the root directory's owner
 * @gid: and group
 * @out: the file system, one reference, its root set
 */
ntstatus lxvfs_tmpfs_create(u64 size_limit, u32 root_mode, u32 uid, u32 gid,
			  struct lxvfs_sb **out)
{
	struct tmpfs_info *ti;
	struct io_stat attr;
	struct lxvfs_sb *sb;
	ntstatus st;

	ti = kzalloc(sizeof(*ti), GFP_KERNEL_ACCOUNT);
	if (!ti)
		return STATUS_INSUFFICIENT_RESOURCES;
	ti->limit = size_limit;
	mutex_init(&ti->rename_lock);
	st = lxvfs_sb_create(&tmpfs_fs_ops, ti, &sb);
	if (!NT_SUCCESS(st)) {
		kfree(ti);
		return st;
	}
	memset(&attr, 0, sizeof(attr));
	attr.mode = S_IFDIR | (root_mode & 07777);
	attr.uid = uid;
	attr.gid = gid;
	tmpfs_touch(&attr.mtime, &attr.ctime);
	attr.atime = attr.mtime;
	st = tmpfs_new_node(sb, &attr, NULL, &sb->root);
	if (!NT_SUCCESS(st)) {
		ob_dereference(sb);
		return st;
	}
	*out = sb;
	return STATUS_SUCCESS;
}

/**
 * lxvfs_tmpfs_mount() - a new tmpfs for LXSS_IOC_MOUNT
 * @args: size_limit (0: 64 MiB), mode, uid, gid of the root
 * @out: the file system
 */
ntstatus lxvfs_tmpfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out)
{
	return lxvfs_tmpfs_create(args->size_limit ?: 64ULL << 20, args->mode,
				  args->uid, args->gid, out);
}
