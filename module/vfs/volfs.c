// SPDX-License-Identifier: GPL-2.0
/*
 * VolFs: an instance's files in a host directory tree (the backing tree),
 * with what the host cannot hold for its unprivileged owner (type, mode,
 * owner, device number, times) in one record per inode (volfs_format.h).
 * Nodes wrap host dentries of the tree; every host call runs with the
 * credentials of the instance's owner, captured at mount.
 *
 * The host never walks a path for a pico process: names are looked up one
 * component at a time, host symlinks and other host objects without a
 * valid record are corrupt files (-EIO and a ratelimited log line), host
 * mount points are not crossed and ".." never rises above the tree's root.
 */
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/hash.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>
#include <linux/xattr.h>

#include "compat.h"
#include "vfs/lxvfs.h"
#include "../volfs/volfs_format.h"

/* What statfs reports as f_type: the record's magic, "LXVF". */
#define VOLFS_SUPER_MAGIC	VOLFS_MAGIC

/* Room for a record as stored: larger values are corrupt, not truncated. */
#define VOLFS_XATTR_ROOM	128

struct volfs_info {
	struct path root;		/* the backing tree's root, referenced */
	const struct cred *cred;	/* the instance owner's, referenced */
	struct mutex meta_lock;		/* record rewrites: no lost updates */
	enum lxvfs_volfs_kind kind;	/* VolFs, or DrvFs with or without records */
	u32 uid, gid;			/* DrvFs: the owner of files without a record */
	atomic64_t meta_gen;		/* moves at every record write */
	spinlock_t rcache_lock;
	struct volfs_rcache *rcache;	/* VolFs: records last read or written */
	spinlock_t ncache_lock;
	bool ncache_dead;		/* unmounted: nothing is cached any more */
	struct lxvfs_node **ncache;	/* VolFs: nodes of recent lookups */
};

/*
 * The record cache: direct-mapped by inode number, an entry valid while
 * the host inode has the same number, generation and ctime as when the
 * record was read (a host setxattr moves ctime). The ctime clock is
 * coarse, so a record read is cached only if no record was written
 * through this mount meanwhile (meta_gen), and a write caches the new
 * record itself. It spares the xattr read and checksum of every lookup.
 */
#define VOLFS_RCACHE_SLOTS	256

struct volfs_rcache_slot {
	u64 ino;
	u32 igen;
	struct timespec64 ctime;
	struct volfs_meta m;
};

struct volfs_rcache {
	struct volfs_rcache_slot slot[VOLFS_RCACHE_SLOTS];
};

/*
 * The node cache: direct-mapped by host dentry, each slot holding a
 * reference to the node last looked up for a dentry, so a walk through
 * names already seen allocates nothing. A host dentry names one host
 * file for its whole life (a host rename moves the dentry with its file,
 * an unlink unhashes it, and the next lookup of that name gets a new
 * dentry), so a cached node can never stand for another file; its record
 * is revalidated at every hit as the record cache revalidates (the host
 * inode's ctime), so a hit shows what a fresh node would. Unlink and the
 * victim of a rename drop their slot (the cache must not keep a removed
 * file's inode alive); the last unmount empties the cache (nodes hold
 * the file system, so the cache would otherwise keep it forever). A file
 * the host removes behind the mount stays referenced until its slot is
 * reused: at most VOLFS_NCACHE_SLOTS inodes.
 */
#define VOLFS_NCACHE_BITS	8
#define VOLFS_NCACHE_SLOTS	(1U << VOLFS_NCACHE_BITS)

/*
 * A node's host file: a dentry of the tree, on the tree's mount; VolFs
 * keeps the record it last read (under the node's lock), valid while the
 * file system's meta_gen has not moved since: a walk reads each record
 * once, and the root, cwd and open files are not read again at every
 * stat. A record rewritten by the host behind the mount is seen at the
 * next lookup, or after the next record write of the mount.
 */
struct volfs_node {
	struct path path;
	struct volfs_meta meta;
	s64 meta_gen;			/* -1: nothing cached */
	struct timespec64 ctime;	/* the host's ctime when meta was read */
};

/* An open regular file's private: the host file, opened with the owner's creds. */
static inline struct file *VF(struct lxvfs_file *vf)
{
	return vf->private;
}

static const struct lxvfs_node_ops volfs_node_ops;

static inline struct volfs_info *VI(struct lxvfs_sb *sb)
{
	return sb->info;
}

static inline struct path *VP(struct lxvfs_node *n)
{
	return &((struct volfs_node *)n->info)->path;
}

static inline struct dentry *VD(struct lxvfs_node *n)
{
	return VP(n)->dentry;
}

/* ---- host calls and records -------------------------------------------------- */

static const struct cred *volfs_enter(struct lxvfs_sb *sb)
{
	return override_creds(VI(sb)->cred);
}

static void volfs_leave(const struct cred *old)
{
	revert_creds(old);
}

/* A corrupt file: one ratelimited line naming it, and EIO for the caller. */
static ntstatus volfs_corrupt(struct dentry *d, const char *why)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	char *p = buf ? dentry_path_raw(d, buf, PATH_MAX) : NULL;

	if (IS_ERR_OR_NULL(p))
		pr_warn_ratelimited("lxcore: volfs: corrupt file %pd: %s\n", d, why);
	else
		pr_warn_ratelimited("lxcore: volfs: corrupt file %s: %s\n", p, why);
	kfree(buf);
	return STATUS_LX_ERRNO(EIO);
}

/*
 * The record of @d, checked against the host object (a directory for
 * VOLFS_TYPE_DIR, a regular file for every other type). Called with the
 * owner's credentials.
 */
static ntstatus volfs_read_meta(struct vfsmount *mnt, struct dentry *d,
				struct volfs_meta *m)
{
	u8 buf[VOLFS_XATTR_ROOM];
	ssize_t len;
	int err;

	if (!d_is_dir(d) && !d_is_reg(d))
		return volfs_corrupt(d, d_is_symlink(d) ? "a host symbolic link" :
				     "not a host file or directory");
	len = vfs_getxattr(compat_mnt_idmap(mnt), d, VOLFS_XATTR_NAME, buf, sizeof(buf));
	if (len == -ENODATA)
		return volfs_corrupt(d, "no record");
	if (len == -ERANGE)
		return volfs_corrupt(d, "record too large");
	if (len < 0)
		return STATUS_LX_ERRNO(-len);
	err = volfs_record_decode(buf, len, m);
	if (err)
		return volfs_corrupt(d, volfs_strerror(err));
	if ((m->type == VOLFS_TYPE_DIR) != d_is_dir(d))
		return volfs_corrupt(d, "record type does not match the host object");
	return STATUS_SUCCESS;
}

static struct volfs_rcache_slot *volfs_rcache_slot(struct volfs_info *vi,
						   struct inode *inode)
{
	return &vi->rcache->slot[hash_64(inode->i_ino, 8) % VOLFS_RCACHE_SLOTS];
}

static bool volfs_rcache_get(struct volfs_info *vi, struct inode *inode,
			     struct volfs_meta *m)
{
	struct timespec64 ctime = compat_inode_ctime(inode);
	struct volfs_rcache_slot *sl;
	bool hit;

	if (!vi->rcache)
		return false;
	sl = volfs_rcache_slot(vi, inode);
	spin_lock(&vi->rcache_lock);
	hit = sl->ino == inode->i_ino && sl->igen == inode->i_generation &&
	      timespec64_equal(&sl->ctime, &ctime);
	if (hit)
		*m = sl->m;
	spin_unlock(&vi->rcache_lock);
	return hit;
}

/*
 * Cache @m for @inode. @gen: meta_gen sampled before the record was read
 * (nothing is cached if a write came since), or -1 from a writer.
 */
static void volfs_rcache_put(struct volfs_info *vi, struct inode *inode,
			     const struct volfs_meta *m, s64 gen)
{
	struct volfs_rcache_slot *sl;

	if (!vi->rcache)
		return;
	sl = volfs_rcache_slot(vi, inode);
	spin_lock(&vi->rcache_lock);
	if (gen < 0 || gen == atomic64_read(&vi->meta_gen)) {
		sl->ino = inode->i_ino;
		sl->igen = inode->i_generation;
		sl->ctime = compat_inode_ctime(inode);
		sl->m = *m;
	}
	spin_unlock(&vi->rcache_lock);
}

/*
 * What a node's metadata is: its record on VolFs; on DrvFs, derived from
 * the host inode (drvfs.c), or with the metadata option its record when
 * it has one. Called with the owner's credentials.
 */
static ntstatus volfs_meta(struct lxvfs_sb *sb, struct dentry *d, struct volfs_meta *m)
{
	struct volfs_info *vi = VI(sb);
	ntstatus st;
	s64 gen;

	switch (vi->kind) {
	case LXVFS_DRVFS_META:
		if ((d_is_dir(d) || d_is_reg(d)) &&
		    lxvfs_drvfs_has_record(vi->root.mnt, d)) {
			return volfs_read_meta(vi->root.mnt, d, m);
		}
		fallthrough;
	case LXVFS_DRVFS:
		lxvfs_drvfs_host_meta(d_inode(d), vi->uid, vi->gid, m);
		return STATUS_SUCCESS;
	default:
		break;
	}
	gen = atomic64_read(&vi->meta_gen);
	if (volfs_rcache_get(vi, d_inode(d), m))
		return STATUS_SUCCESS;
	st = volfs_read_meta(vi->root.mnt, d, m);
	if (NT_SUCCESS(st))
		volfs_rcache_put(vi, d_inode(d), m, gen);
	return st;
}

/*
 * Write @d's record. meta_gen moves, so every record read before (cached
 * by nodes or in the record cache) is read again; the new one is cached.
 */
static ntstatus volfs_write_meta(struct lxvfs_sb *sb, struct dentry *d,
				 const struct volfs_meta *m)
{
	struct volfs_info *vi = VI(sb);
	u8 buf[VOLFS_RECORD_SIZE];
	int len, err;

	len = volfs_record_encode(m, buf, sizeof(buf));
	if (len < 0)
		return STATUS_INVALID_PARAMETER;
	err = vfs_setxattr(compat_mnt_idmap(vi->root.mnt), d, VOLFS_XATTR_NAME, buf, len, 0);
	atomic64_inc(&vi->meta_gen);
	if (err)
		return STATUS_LX_ERRNO(-err);
	volfs_rcache_put(vi, d_inode(d), m, -1);
	return STATUS_SUCCESS;
}

/* A time into a record: clamped to the years it holds, as ext4 clamps. */
static void volfs_time_set(struct volfs_time *t, const struct timespec64 *ts)
{
	t->sec = ts->tv_sec;
	t->nsec = ts->tv_nsec;
	volfs_time_clamp(t);
}

static struct timespec64 volfs_time_get(const struct volfs_time *t)
{
	return (struct timespec64){ .tv_sec = t->sec, .tv_nsec = t->nsec };
}

/* The host permission bits of a file: private; executable if the guest's is. */
static umode_t volfs_host_mode(u32 type, u32 mode)
{
	if (type == VOLFS_TYPE_DIR)
		return 0700;
	return type == VOLFS_TYPE_REG && (mode & 0111) ? 0700 : 0600;
}

/* Set host attributes of @d (not locked): the owner may set these. */
static int volfs_host_setattr(struct vfsmount *mnt, struct dentry *d, struct iattr *ia)
{
	struct inode *inode = d_inode(d);
	int err;

	inode_lock(inode);
	err = notify_change(compat_mnt_idmap(mnt), d, ia, NULL);
	inode_unlock(inode);
	return err;
}

/*
 * A new host file or directory of a VolFs tree is the tree's host owner's
 * (its root's), whoever mounted it: lxssd mounts as root and gives a tree to
 * the distro's owner, whose pico processes exec backing files with their own
 * host ids. Best effort: left the mounter's if the host refuses.
 */
static void volfs_host_own(struct lxvfs_sb *sb, struct vfsmount *mnt, struct dentry *d)
{
	struct inode *ri = d_inode(VI(sb)->root.dentry), *inode = d_inode(d);
	struct iattr ia = { .ia_valid = ATTR_UID | ATTR_GID };

	if (uid_eq(inode->i_uid, ri->i_uid) && gid_eq(inode->i_gid, ri->i_gid))
		return;
	ia.ia_uid = ri->i_uid;
	ia.ia_gid = ri->i_gid;
	inode_lock(inode);
	notify_change(compat_mnt_idmap(mnt), d, &ia, NULL);
	inode_unlock(inode);
}

/* ---- nodes ----------------------------------------------------------------- */

/* A node for @d (its reference goes to the node, or is dropped on failure). */
static ntstatus volfs_new_node(struct lxvfs_sb *sb, struct dentry *d,
			       struct lxvfs_node **out)
{
	s64 gen = atomic64_read(&VI(sb)->meta_gen);
	struct timespec64 ctime = compat_inode_ctime(d_inode(d));
	struct volfs_node *vn;
	struct volfs_meta m;
	ntstatus st;

	st = volfs_meta(sb, d, &m);
	if (!NT_SUCCESS(st))
		goto err_dput;
	st = STATUS_INSUFFICIENT_RESOURCES;
	vn = kzalloc(sizeof(*vn), GFP_KERNEL_ACCOUNT);
	if (!vn)
		goto err_dput;
	vn->path.mnt = mntget(VI(sb)->root.mnt);
	vn->path.dentry = d;
	vn->meta = m;
	vn->meta_gen = VI(sb)->kind == LXVFS_VOLFS ? gen : -1;
	vn->ctime = ctime;
	st = lxvfs_node_create(sb, &volfs_node_ops, volfs_type_ifmt(m.type),
			       d_inode(d)->i_ino, vn, out);
	if (!NT_SUCCESS(st)) {
		path_put(&vn->path);
		kfree(vn);
	}
	return st;

err_dput:
	dput(d);
	return st;
}

static struct lxvfs_node **volfs_ncache_slot(struct volfs_info *vi, struct dentry *d)
{
	return &vi->ncache[hash_ptr(d, VOLFS_NCACHE_BITS)];
}

/* The cached node of @d, referenced, or NULL. */
static struct lxvfs_node *volfs_ncache_get(struct volfs_info *vi, struct dentry *d)
{
	struct lxvfs_node *n;

	if (!vi->ncache)
		return NULL;
	spin_lock(&vi->ncache_lock);
	n = *volfs_ncache_slot(vi, d);
	if (n && VD(n) == d)
		ob_reference(n);	/* the slot's reference keeps it alive */
	else
		n = NULL;
	spin_unlock(&vi->ncache_lock);
	return n;
}

/* Cache @n (the slot takes a reference), replacing what its slot held. */
static void volfs_ncache_put(struct volfs_info *vi, struct lxvfs_node *n)
{
	struct lxvfs_node **slot, *old = NULL;

	if (!vi->ncache)
		return;
	spin_lock(&vi->ncache_lock);
	if (!vi->ncache_dead) {
		slot = volfs_ncache_slot(vi, VD(n));
		old = *slot;
		ob_reference(n);
		*slot = n;
	}
	spin_unlock(&vi->ncache_lock);
	if (old)
		ob_dereference(old);
}

/* Forget the node cached for @d (removed). */
static void volfs_ncache_drop(struct volfs_info *vi, struct dentry *d)
{
	struct lxvfs_node **slot, *old = NULL;

	if (!vi->ncache)
		return;
	spin_lock(&vi->ncache_lock);
	slot = volfs_ncache_slot(vi, d);
	if (*slot && VD(*slot) == d) {
		old = *slot;
		*slot = NULL;
	}
	spin_unlock(&vi->ncache_lock);
	if (old)
		ob_dereference(old);
}

/* The last mount went: drop every cached node, cache nothing more. */
static void volfs_unmounted(struct lxvfs_sb *sb)
{
	struct volfs_info *vi = VI(sb);
	struct lxvfs_node *n;
	unsigned int i;

	if (!vi->ncache)
		return;
	spin_lock(&vi->ncache_lock);
	vi->ncache_dead = true;
	spin_unlock(&vi->ncache_lock);
	for (i = 0; i < VOLFS_NCACHE_SLOTS; i++) {
		spin_lock(&vi->ncache_lock);
		n = vi->ncache[i];
		vi->ncache[i] = NULL;
		spin_unlock(&vi->ncache_lock);
		if (n)
			ob_dereference(n);
	}
}

/*
 * A cached node for @d (the caller's dentry reference is dropped), its
 * record read again as a new node's would be; NULL if there is none or
 * its type no longer matches the record. Called with the owner's creds.
 * The node's own record needs no reading while it is what the record
 * cache would answer: no record written through the mount since it was
 * read (meta_gen), the host inode's ctime unchanged, and its type still
 * the node's (a getattr may have stored a record the host rewrote).
 */
static struct lxvfs_node *volfs_ncache_lookup(struct lxvfs_sb *sb, struct dentry *d,
					      ntstatus *st)
{
	struct volfs_info *vi = VI(sb);
	struct lxvfs_node *n = volfs_ncache_get(vi, d);
	struct timespec64 ctime;
	struct volfs_node *vn;
	struct volfs_meta m;
	bool fresh;
	s64 gen;

	if (!n)
		return NULL;
	gen = atomic64_read(&vi->meta_gen);
	ctime = compat_inode_ctime(d_inode(d));
	vn = n->info;
	mutex_lock(&n->lock);
	fresh = vn->meta_gen == gen && timespec64_equal(&vn->ctime, &ctime) &&
		volfs_type_ifmt(vn->meta.type) == n->type;
	mutex_unlock(&n->lock);
	if (fresh) {
		dput(d);
		*st = STATUS_SUCCESS;
		return n;
	}
	*st = volfs_meta(sb, d, &m);
	if (NT_SUCCESS(*st) && volfs_type_ifmt(m.type) != n->type) {
		ob_dereference(n);
		volfs_ncache_drop(vi, d);
		return NULL;
	}
	dput(d);
	if (!NT_SUCCESS(*st)) {
		ob_dereference(n);
		return ERR_PTR(-EIO);
	}
	mutex_lock(&n->lock);
	vn->meta = m;
	vn->meta_gen = gen;
	vn->ctime = ctime;
	mutex_unlock(&n->lock);
	return n;
}

static void volfs_evict(struct lxvfs_node *n)
{
	struct volfs_node *vn = n->info;

	if (!vn)
		return;
	path_put(&vn->path);
	kfree(vn);
}

static ntstatus volfs_lookup(struct lxvfs_node *dir, const char *name,
			     unsigned int len, struct lxvfs_node **out)
{
	const struct cred *old = volfs_enter(dir->sb);
	struct lxvfs_node *n;
	struct dentry *d;
	ntstatus st;

	/* Not followed: no host symlink, no host mount point is crossed. */
	d = lookup_one_len_unlocked(name, VD(dir), len);
	if (IS_ERR(d)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(d));
	} else if (d_is_negative(d)) {
		dput(d);
		st = STATUS_OBJECT_NAME_NOT_FOUND;
	} else {
		n = volfs_ncache_lookup(dir->sb, d, &st);
		if (IS_ERR(n))
			goto out;		/* st: the record's error */
		if (n) {
			*out = n;
			goto out;
		}
		st = volfs_new_node(dir->sb, d, out);
		if (NT_SUCCESS(st))
			volfs_ncache_put(VI(dir->sb), *out);
	}
out:
	volfs_leave(old);
	return st;
}

static ntstatus volfs_parent(struct lxvfs_node *dir, struct lxvfs_node **out)
{
	struct volfs_info *vi = VI(dir->sb);
	struct lxvfs_node *root;
	struct dentry *p;
	const struct cred *old;
	ntstatus st;

	if (d_unlinked(VD(dir)))
		return STATUS_OBJECT_NAME_NOT_FOUND;	/* removed */
	p = dget_parent(VD(dir));
	if (p == vi->root.dentry || VD(dir) == vi->root.dentry) {
		/*
		 * The root node itself, so that LxVfs sees a mount's root: a
		 * caller holds a path of this file system, hence a mount of
		 * it, hence sb->root.
		 */
		dput(p);
		root = READ_ONCE(dir->sb->root);
		if (!root)
			return STATUS_OBJECT_NAME_NOT_FOUND;
		ob_reference(root);
		*out = root;
		return STATUS_SUCCESS;
	}
	if (!is_subdir(p, vi->root.dentry)) {
		/* Moved out of the tree by the host: never follow it there. */
		st = volfs_corrupt(VD(dir), "moved out of the backing tree");
		dput(p);
		return st;
	}
	old = volfs_enter(dir->sb);
	st = volfs_new_node(dir->sb, p, out);
	volfs_leave(old);
	return st;
}

/* @n's metadata: the cached record while valid (VolFs), else read again. */
static ntstatus volfs_node_meta(struct lxvfs_node *n, struct volfs_meta *m)
{
	struct volfs_node *vn = n->info;
	struct volfs_info *vi = VI(n->sb);
	struct timespec64 ctime;
	const struct cred *old;
	ntstatus st;
	s64 gen;

	if (vi->kind != LXVFS_VOLFS) {
		old = volfs_enter(n->sb);
		st = volfs_meta(n->sb, VD(n), m);
		volfs_leave(old);
		return st;
	}
	gen = atomic64_read(&vi->meta_gen);
	mutex_lock(&n->lock);
	if (vn->meta_gen == gen) {
		*m = vn->meta;
		mutex_unlock(&n->lock);
		return STATUS_SUCCESS;
	}
	mutex_unlock(&n->lock);
	ctime = compat_inode_ctime(d_inode(VD(n)));
	old = volfs_enter(n->sb);
	st = volfs_meta(n->sb, VD(n), m);
	volfs_leave(old);
	if (!NT_SUCCESS(st))
		return st;
	mutex_lock(&n->lock);
	vn->meta = *m;
	vn->meta_gen = gen;
	vn->ctime = ctime;
	mutex_unlock(&n->lock);
	return STATUS_SUCCESS;
}

static ntstatus volfs_getattr(struct lxvfs_node *n, struct io_stat *attr)
{
	struct dentry *d = VD(n);
	struct inode *inode = d_inode(d);
	struct volfs_meta m;
	ntstatus st;

	st = volfs_node_meta(n, &m);
	if (!NT_SUCCESS(st))
		return st;
	memset(attr, 0, sizeof(*attr));
	attr->mode = volfs_type_ifmt(m.type) | m.mode;
	attr->uid = m.uid;
	attr->gid = m.gid;
	attr->nlink = inode->i_nlink;
	if (m.type == VOLFS_TYPE_CHR || m.type == VOLFS_TYPE_BLK)
		attr->rdev = new_encode_dev(MKDEV(m.rdev_major, m.rdev_minor));
	attr->size = i_size_read(inode);
	attr->blocks = inode->i_blocks;
	attr->blksize = 1U << inode->i_blkbits;
	attr->atime = volfs_time_get(&m.atime);
	attr->mtime = volfs_time_get(&m.mtime);
	attr->ctime = volfs_time_get(&m.ctime);
	if (m.flags & VOLFS_F_HOST_ATIME)
		attr->atime = compat_inode_atime(inode);
	if (m.flags & VOLFS_F_HOST_MTIME) {
		/* Data writes move the host's mtime, and a write changes ctime too. */
		attr->mtime = compat_inode_mtime(inode);
		if (timespec64_compare(&attr->ctime, &attr->mtime) < 0)
			attr->ctime = attr->mtime;
	}
	return STATUS_SUCCESS;
}

/*
 * Times go where the record says they live: to the host inode when its
 * HOST_* flag is set, else into the record.
 */
static int volfs_set_times(struct vfsmount *mnt, struct dentry *d, struct volfs_meta *m,
			   const struct io_stat *attr, unsigned int mask)
{
	struct iattr ia = {};

	if (mask & LXVFS_SET_ATIME) {
		if (m->flags & VOLFS_F_HOST_ATIME) {
			ia.ia_valid |= ATTR_ATIME | ATTR_ATIME_SET;
			ia.ia_atime = attr->atime;
		} else {
			volfs_time_set(&m->atime, &attr->atime);
		}
	}
	if (mask & LXVFS_SET_MTIME) {
		if (m->flags & VOLFS_F_HOST_MTIME) {
			ia.ia_valid |= ATTR_MTIME | ATTR_MTIME_SET;
			ia.ia_mtime = attr->mtime;
		} else {
			volfs_time_set(&m->mtime, &attr->mtime);
		}
	}
	return ia.ia_valid ? volfs_host_setattr(mnt, d, &ia) : 0;
}

static ntstatus volfs_setattr(struct lxvfs_node *n, const struct io_stat *attr,
			      unsigned int mask)
{
	struct vfsmount *mnt = VP(n)->mnt;
	struct dentry *d = VD(n);
	struct timespec64 now;
	const struct cred *old;
	struct volfs_meta m;
	struct iattr ia;
	ntstatus st;
	int err;

	ktime_get_real_ts64(&now);
	old = volfs_enter(n->sb);
	mutex_lock(&VI(n->sb)->meta_lock);
	st = volfs_meta(n->sb, d, &m);
	if (!NT_SUCCESS(st))
		goto out;
	/* DrvFs without a record (DRVFS_META: none on other host types) */
	if (VI(n->sb)->kind == LXVFS_DRVFS ||
	    (VI(n->sb)->kind == LXVFS_DRVFS_META && !d_is_dir(d) && !d_is_reg(d))) {
		st = lxvfs_drvfs_setattr(mnt, VP(n), &m, attr, mask);
		goto out;
	}
	if (mask & LXVFS_SET_SIZE) {
		err = m.type == VOLFS_TYPE_REG ? vfs_truncate(VP(n), attr->size) : -EINVAL;
		if (err) {
			st = STATUS_LX_ERRNO(-err);
			goto out;
		}
		if (!(m.flags & VOLFS_F_HOST_MTIME))
			volfs_time_set(&m.mtime, &now);
	}
	if ((mask & LXVFS_SET_MODE) && VI(n->sb)->kind == LXVFS_DRVFS_META) {
		m.mode = attr->mode & VOLFS_MODE_MASK;	/* the host's stays */
	} else if (mask & LXVFS_SET_MODE) {
		if (m.type == VOLFS_TYPE_REG &&
		    volfs_host_mode(m.type, m.mode) != volfs_host_mode(m.type, attr->mode)) {
			ia = (struct iattr){ .ia_valid = ATTR_MODE,
					     .ia_mode = S_IFREG |
						volfs_host_mode(m.type, attr->mode) };
			err = volfs_host_setattr(mnt, d, &ia);
			if (err) {
				st = STATUS_LX_ERRNO(-err);
				goto out;
			}
		}
		m.mode = attr->mode & VOLFS_MODE_MASK;
	}
	if (mask & LXVFS_SET_UID)
		m.uid = attr->uid;
	if (mask & LXVFS_SET_GID)
		m.gid = attr->gid;
	err = volfs_set_times(mnt, d, &m, attr, mask);
	if (err) {
		st = STATUS_LX_ERRNO(-err);
		goto out;
	}
	if (mask & LXVFS_SET_CTIME)
		volfs_time_set(&m.ctime, &attr->ctime);
	else
		volfs_time_set(&m.ctime, &now);
	st = volfs_write_meta(n->sb, d, &m);
out:
	mutex_unlock(&VI(n->sb)->meta_lock);
	volfs_leave(old);
	return st;
}

/*
 * Open the host file of @n with the owner's credentials. dentry_open()
 * checks no permission: VolFs's files are all the owner's (0600, 0700),
 * but a DrvFs tree is any host directory, whose files the host must
 * still refuse to the owner as it would to an open(2) of theirs.
 */
static struct file *volfs_host_open(struct lxvfs_node *n, int flags)
{
	const struct cred *old;
	int mask, err;

	if (VI(n->sb)->kind != LXVFS_VOLFS) {
		mask = (flags & O_ACCMODE) == O_RDWR ? MAY_READ | MAY_WRITE :
		       (flags & O_ACCMODE) == O_WRONLY ? MAY_WRITE : MAY_READ;
		old = volfs_enter(n->sb);
		err = inode_permission(compat_mnt_idmap(VP(n)->mnt), d_inode(VD(n)), mask);
		volfs_leave(old);
		if (err)
			return ERR_PTR(err);
	}
	return dentry_open(VP(n), flags | O_LARGEFILE | O_NOATIME, VI(n->sb)->cred);
}

static ntstatus volfs_readlink(struct lxvfs_node *n, char *buf, size_t *len)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t got;

	if (d_is_symlink(VD(n))) {	/* DrvFs: a host symbolic link, read, never followed */
		const struct cred *old = volfs_enter(n->sb);
		int err = lxvfs_drvfs_read_host_link(VD(n), buf, len);

		volfs_leave(old);
		return err ? STATUS_LX_ERRNO(-err) : STATUS_SUCCESS;
	}
	f = volfs_host_open(n, O_RDONLY);
	if (IS_ERR(f))
		return STATUS_LX_ERRNO(-PTR_ERR(f));
	got = kernel_read(f, buf, *len, &pos);
	fput(f);
	if (got < 0)
		return STATUS_LX_ERRNO(-got);
	*len = got;
	return STATUS_SUCCESS;
}

/* ---- names ------------------------------------------------------------------ */

/*
 * @name in @dir, looked up with @dir's host inode locked (I_MUTEX_PARENT), as
 * vfs_create() and friends need. Unlocked again on error.
 */
static struct dentry *volfs_lock_lookup(struct dentry *dir, const char *name,
					unsigned int len)
{
	struct dentry *d;

	inode_lock_nested(d_inode(dir), I_MUTEX_PARENT);
	d = lookup_one_len(name, dir, len);
	if (IS_ERR(d))
		inode_unlock(d_inode(dir));
	return d;
}

static void volfs_unlock_put(struct dentry *dir, struct dentry *d)
{
	inode_unlock(d_inode(dir));
	dput(d);
}

/* Write the symbolic link target @target into the new host file @d. */
static int volfs_write_target(struct lxvfs_sb *sb, struct dentry *d, const char *target)
{
	struct path p = { .mnt = VI(sb)->root.mnt, .dentry = d };
	size_t len = strlen(target);
	struct file *f;
	loff_t pos = 0;
	ssize_t done;

	f = dentry_open(&p, O_WRONLY | O_LARGEFILE, VI(sb)->cred);
	if (IS_ERR(f))
		return PTR_ERR(f);
	done = kernel_write(f, target, len, &pos);
	fput(f);
	if (done < 0)
		return done;
	return done == len ? 0 : -EIO;
}

/*
 * Remove what a create just made on the host (@pi locked) when its record
 * could not be written: no file is left without one.
 */
static void volfs_unmake(struct vfsmount *mnt, struct inode *pi, struct dentry *d,
			 unsigned int type)
{
	if (type == VOLFS_TYPE_DIR)
		vfs_rmdir(compat_mnt_idmap(mnt), pi, d);
	else
		vfs_unlink(compat_mnt_idmap(mnt), pi, d, NULL);
}

/*
 * DrvFs: directories, regular files and symbolic links are host ones with
 * the guest's permission bits (a host symlink holds its target); devices,
 * FIFOs and sockets need the metadata option (EPERM without, as vfat),
 * which makes them empty host files with a record, as VolFs does. With
 * it, directories and regular files get a record too (owner, full mode),
 * and host modes as VolFs's; symbolic links cannot hold one.
 */
static ntstatus volfs_create_drvfs(struct lxvfs_node *dir, const char *name,
				   unsigned int len, struct volfs_meta *m,
				   const char *target, struct lxvfs_node **out)
{
	struct vfsmount *mnt = VP(dir)->mnt;
	struct dentry *pd = VD(dir), *d;
	struct inode *pi = d_inode(pd);
	bool meta = VI(dir->sb)->kind == LXVFS_DRVFS_META;
	umode_t hmode = meta ? volfs_host_mode(m->type, m->mode) : m->mode & 0777;
	const struct cred *old;
	ntstatus st;
	int err;

	if (m->type != VOLFS_TYPE_DIR && m->type != VOLFS_TYPE_REG &&
	    m->type != VOLFS_TYPE_LNK && !meta)
		return STATUS_LX_ERRNO(EPERM);
	old = volfs_enter(dir->sb);
	d = volfs_lock_lookup(pd, name, len);
	if (IS_ERR(d)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(d));
		goto out;
	}
	if (d_is_positive(d)) {
		st = STATUS_OBJECT_NAME_COLLISION;
		goto err_unlock;
	}
	if (m->type == VOLFS_TYPE_DIR)
		err = vfs_mkdir(compat_mnt_idmap(mnt), pi, d, hmode);
	else if (m->type == VOLFS_TYPE_LNK)
		err = vfs_symlink(compat_mnt_idmap(mnt), pi, d, target);
	else
		err = vfs_create(compat_mnt_idmap(mnt), pi, d, S_IFREG | hmode, true);
	if (!err && d_is_negative(d))
		err = -ENOENT;
	if (err) {
		st = STATUS_LX_ERRNO(-err);
		goto err_unlock;
	}
	if (meta && m->type != VOLFS_TYPE_LNK) {
		m->flags = VOLFS_F_HOST_ATIME | VOLFS_F_HOST_MTIME;
		st = volfs_write_meta(dir->sb, d, m);
		if (!NT_SUCCESS(st)) {
			volfs_unmake(mnt, pi, d, m->type);
			goto err_unlock;
		}
	}
	inode_unlock(pi);
	st = volfs_new_node(dir->sb, d, out);
	goto out;

err_unlock:
	volfs_unlock_put(pd, d);
out:
	volfs_leave(old);
	return st;
}

static ntstatus volfs_create(struct lxvfs_node *dir, const char *name,
			     unsigned int len, const struct io_stat *attr,
			     const char *target, struct lxvfs_node **out)
{
	struct vfsmount *mnt = VP(dir)->mnt;
	struct dentry *pd = VD(dir), *d;
	struct inode *pi = d_inode(pd);
	struct volfs_meta m = {};
	const struct cred *old;
	ntstatus st;
	int err;

	m.type = volfs_ifmt_type(attr->mode);
	if (!m.type)
		return STATUS_INVALID_PARAMETER;
	m.mode = attr->mode & VOLFS_MODE_MASK;
	m.uid = attr->uid;
	m.gid = attr->gid;
	if (m.type == VOLFS_TYPE_CHR || m.type == VOLFS_TYPE_BLK) {
		m.rdev_major = MAJOR(new_decode_dev(attr->rdev));
		m.rdev_minor = MINOR(new_decode_dev(attr->rdev));
	}
	/* Data writes then need no record write. */
	if (m.type == VOLFS_TYPE_REG)
		m.flags = VOLFS_F_HOST_MTIME;
	volfs_time_set(&m.atime, &attr->atime);
	volfs_time_set(&m.mtime, &attr->mtime);
	volfs_time_set(&m.ctime, &attr->ctime);
	if (volfs_meta_validate(&m))
		return STATUS_INVALID_PARAMETER;

	if (VI(dir->sb)->kind != LXVFS_VOLFS)
		return volfs_create_drvfs(dir, name, len, &m, target, out);

	old = volfs_enter(dir->sb);
	d = volfs_lock_lookup(pd, name, len);
	if (IS_ERR(d)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(d));
		goto out;
	}
	if (d_is_positive(d)) {
		st = STATUS_OBJECT_NAME_COLLISION;
		goto err_unlock;
	}
	if (m.type == VOLFS_TYPE_DIR)
		err = vfs_mkdir(compat_mnt_idmap(mnt), pi, d, volfs_host_mode(m.type, m.mode));
	else
		err = vfs_create(compat_mnt_idmap(mnt), pi, d,
				 S_IFREG | volfs_host_mode(m.type, m.mode), true);
	if (!err && d_is_negative(d))
		err = -ENOENT;	/* a host file system that does not instantiate */
	if (err) {
		st = STATUS_LX_ERRNO(-err);
		goto err_unlock;
	}
	volfs_host_own(dir->sb, mnt, d);
	if (m.type == VOLFS_TYPE_LNK)
		err = volfs_write_target(dir->sb, d, target);
	st = err ? STATUS_LX_ERRNO(-err) : volfs_write_meta(dir->sb, d, &m);
	if (!NT_SUCCESS(st)) {
		volfs_unmake(mnt, pi, d, m.type);
		goto err_unlock;
	}
	inode_unlock(pi);
	st = volfs_new_node(dir->sb, d, out);
	goto out;

err_unlock:
	volfs_unlock_put(pd, d);
out:
	volfs_leave(old);
	return st;
}

static ntstatus volfs_link(struct lxvfs_node *dir, const char *name, unsigned int len,
			   struct lxvfs_node *target)
{
	struct vfsmount *mnt = VP(dir)->mnt;
	struct dentry *pd = VD(dir), *d;
	const struct cred *old;
	ntstatus st = STATUS_SUCCESS;
	int err;

	old = volfs_enter(dir->sb);
	d = volfs_lock_lookup(pd, name, len);
	if (IS_ERR(d)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(d));
		goto out;
	}
	if (d_is_positive(d)) {
		st = STATUS_OBJECT_NAME_COLLISION;
	} else {
		err = vfs_link(VD(target), compat_mnt_idmap(mnt), d_inode(pd), d, NULL);
		if (err)
			st = STATUS_LX_ERRNO(-err);
	}
	volfs_unlock_put(pd, d);
out:
	volfs_leave(old);
	return st;
}

/*
 * O_TMPFILE: a host O_TMPFILE in the backing directory, owned and recorded
 * as a created file; it lives while the node holds it, and a link names it
 * (the host's vfs_link() honours I_LINKABLE, which O_EXCL leaves unset).
 * DrvFs: EOPNOTSUPP, as Linux answers for file systems without tmpfile.
 */
static ntstatus volfs_tmpfile(struct lxvfs_node *dir, const struct io_stat *attr,
			      bool linkable, struct lxvfs_node **out)
{
	struct volfs_meta m = {};
	const struct cred *old;
	struct dentry *d;
	struct file *f;
	ntstatus st;

	if (VI(dir->sb)->kind != LXVFS_VOLFS)
		return STATUS_LX_ERRNO(EOPNOTSUPP);
	if (!S_ISREG(attr->mode))
		return STATUS_INVALID_PARAMETER;
	m.type = VOLFS_TYPE_REG;
	m.mode = attr->mode & VOLFS_MODE_MASK;
	m.uid = attr->uid;
	m.gid = attr->gid;
	m.flags = VOLFS_F_HOST_MTIME;
	volfs_time_set(&m.atime, &attr->atime);
	volfs_time_set(&m.mtime, &attr->mtime);
	volfs_time_set(&m.ctime, &attr->ctime);
	if (volfs_meta_validate(&m))
		return STATUS_INVALID_PARAMETER;

	old = volfs_enter(dir->sb);
	f = compat_tmpfile_open(compat_mnt_idmap(VP(dir)->mnt), VP(dir),
				S_IFREG | volfs_host_mode(m.type, m.mode),
				O_RDWR | O_LARGEFILE | (linkable ? 0 : O_EXCL), VI(dir->sb)->cred);
	if (IS_ERR(f)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(f));
		goto out;
	}
	d = dget(f->f_path.dentry);
	fput(f);
	volfs_host_own(dir->sb, VP(dir)->mnt, d);
	st = volfs_write_meta(dir->sb, d, &m);
	if (!NT_SUCCESS(st)) {
		dput(d);	/* the host file goes with it */
		goto out;
	}
	st = volfs_new_node(dir->sb, d, out);
out:
	volfs_leave(old);
	return st;
}

static ntstatus volfs_unlink(struct lxvfs_node *dir, const char *name,
			     unsigned int len, struct lxvfs_node *victim)
{
	struct vfsmount *mnt = VP(dir)->mnt;
	struct dentry *pd = VD(dir), *d;
	const struct cred *old;
	ntstatus st = STATUS_SUCCESS;
	int err;

	old = volfs_enter(dir->sb);
	d = volfs_lock_lookup(pd, name, len);
	if (IS_ERR(d)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(d));
		goto out;
	}
	/* The name may have changed since LxVfs looked it up. */
	if (d_is_negative(d) || d_inode(d) != d_inode(VD(victim))) {
		st = STATUS_OBJECT_NAME_NOT_FOUND;
	} else {
		if (d_is_dir(d))
			err = vfs_rmdir(compat_mnt_idmap(mnt), d_inode(pd), d);
		else
			err = vfs_unlink(compat_mnt_idmap(mnt), d_inode(pd), d, NULL);
		if (err)
			st = STATUS_LX_ERRNO(-err);
		volfs_ncache_drop(VI(dir->sb), d);
		volfs_ncache_drop(VI(dir->sb), VD(victim));
	}
	volfs_unlock_put(pd, d);
out:
	volfs_leave(old);
	return st;
}

static ntstatus volfs_rename(struct lxvfs_node *odir, const char *oname,
			     unsigned int olen, struct lxvfs_node *ndir,
			     const char *nname, unsigned int nlen, unsigned int flags)
{
	struct vfsmount *mnt = VP(odir)->mnt;
	struct dentry *opd = VD(odir), *npd = VD(ndir);
	struct dentry *trap, *od, *nd;
	const struct cred *old;
	ntstatus st = STATUS_SUCCESS;
	int err;

	old = volfs_enter(odir->sb);
	trap = lock_rename(npd, opd);
	if (IS_ERR(trap)) {	/* newer kernels refuse two file systems here */
		st = STATUS_LX_ERRNO(-PTR_ERR(trap));
		goto out;
	}
	od = lookup_one_len(oname, opd, olen);
	if (IS_ERR(od)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(od));
		goto out_unlock;
	}
	nd = lookup_one_len(nname, npd, nlen);
	if (IS_ERR(nd)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(nd));
		goto out_put_old;
	}
	if (d_is_negative(od)) {
		st = STATUS_OBJECT_NAME_NOT_FOUND;
	} else if (od == trap) {
		st = STATUS_INVALID_PARAMETER;		/* into itself */
	} else if (nd == trap) {
		st = STATUS_DIRECTORY_NOT_EMPTY;	/* over an ancestor */
	} else {
		err = compat_vfs_rename(mnt, d_inode(opd), od, d_inode(npd), nd, flags);
		if (err)
			st = STATUS_LX_ERRNO(-err);
		/* a replaced file is removed: its node must not keep it */
		else if (!(flags & RENAME_EXCHANGE))
			volfs_ncache_drop(VI(odir->sb), nd);
	}
	dput(nd);
out_put_old:
	dput(od);
out_unlock:
	unlock_rename(npd, opd);
out:
	volfs_leave(old);
	return st;
}

/* ---- directories --------------------------------------------------------------- */

/*
 * A host directory's entries, passed on one behind: an entry's own
 * position comes with it, the position after it only with the next one
 * (or at the end), and LxVfs needs both.
 */
struct volfs_readdir {
	struct dir_context ctx;
	struct lxvfs_node *dir;
	u64 parent_ino;
	io_filldir_t fill;
	void *fill_ctx;
	bool have;		/* @pending holds an entry */
	bool full;		/* @fill refused an entry */
	loff_t pending_pos;	/* its own position */
	struct io_dirent pending;
	char name[LXVFS_NAME_MAX + 1];
};

/* Give LxVfs the pending entry; false if it had no room. */
static bool volfs_readdir_flush(struct volfs_readdir *r, loff_t next)
{
	if (!r->have)
		return true;
	r->have = false;
	r->pending.next = next;
	if (!r->fill(r->fill_ctx, &r->pending)) {
		r->full = true;
		return false;
	}
	return true;
}

static bool volfs_readdir_actor(struct dir_context *ctx, const char *name, int len,
				loff_t pos, u64 ino, unsigned int type)
{
	struct volfs_readdir *r = container_of(ctx, struct volfs_readdir, ctx);

	if (!volfs_readdir_flush(r, pos))
		return false;
	if (len > LXVFS_NAME_MAX)
		return true;	/* cannot be a guest name: skipped */
	memcpy(r->name, name, len);
	r->pending.name = r->name;
	r->pending.len = len;
	/*
	 * Guest directories are host directories; every other guest type is
	 * a host regular file, and its record is not read here (the host
	 * directory is locked): DT_UNKNOWN, callers stat.
	 */
	r->pending.type = type == DT_DIR ? DT_DIR : DT_UNKNOWN;
	r->pending.ino = ino;
	if (len == 1 && name[0] == '.')
		r->pending.ino = r->dir->ino;
	else if (len == 2 && name[0] == '.' && name[1] == '.')
		r->pending.ino = r->parent_ino;
	r->pending_pos = pos;
	r->have = true;
	return true;
}

static ntstatus volfs_readdir(struct lxvfs_node *dir, loff_t *pos, io_filldir_t fill,
			      void *ctx)
{
	struct volfs_info *vi = VI(dir->sb);
	struct volfs_readdir *r;
	const struct cred *old;
	struct dentry *p;
	struct file *f;
	ntstatus st = STATUS_SUCCESS;
	loff_t err;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return STATUS_INSUFFICIENT_RESOURCES;
	r->ctx.actor = volfs_readdir_actor;
	r->dir = dir;
	r->fill = fill;
	r->fill_ctx = ctx;
	r->parent_ino = dir->ino;
	if (VD(dir) != vi->root.dentry) {
		p = dget_parent(VD(dir));
		r->parent_ino = d_inode(p)->i_ino;
		dput(p);
	}
	f = volfs_host_open(dir, O_RDONLY | O_DIRECTORY);
	if (IS_ERR(f)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(f));
		goto out_free;
	}
	old = volfs_enter(dir->sb);
	err = *pos ? vfs_llseek(f, *pos, SEEK_SET) : 0;
	if (err >= 0)
		err = iterate_dir(f, &r->ctx);
	volfs_leave(old);
	if (err < 0) {
		st = STATUS_LX_ERRNO(-err);
		goto out_fput;
	}
	if (!r->full && volfs_readdir_flush(r, f->f_pos))
		*pos = f->f_pos;	/* the end, or past the last entry taken */
	else
		*pos = r->pending_pos;	/* the refused entry comes next time */
out_fput:
	fput(f);
out_free:
	kfree(r);
	return st;
}

/* ---- regular files ----------------------------------------------------------- */

static ntstatus volfs_file_read(struct io_file *f, struct ke_thread *kt,
				struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct lxvfs_file *vf = f->context;
	ssize_t ret;

	ret = vfs_iter_read(VF(vf), to, pos, 0);
	*done = ret > 0 ? ret : 0;
	return ret < 0 ? STATUS_LX_ERRNO(-ret) : STATUS_SUCCESS;
}

static ntstatus volfs_file_write(struct io_file *f, struct ke_thread *kt,
				 struct iov_iter *from, loff_t *pos, size_t *done)
{
	struct lxvfs_file *vf = f->context;
	struct file *host = VF(vf);
	const struct cred *old;
	ssize_t ret;

	/* The host file is not O_APPEND: F_SETFL may change ours. */
	if (io_file_flags(f) & IO_FILE_APPEND)
		*pos = i_size_read(file_inode(host));
	old = volfs_enter(vf->path.node->sb);
	ret = vfs_iter_write(host, from, pos, 0);
	volfs_leave(old);
	*done = ret > 0 ? ret : 0;
	return ret < 0 ? STATUS_LX_ERRNO(-ret) : STATUS_SUCCESS;
}

static const struct io_file_ops volfs_file_ops = {
	.name = "volfs",
	.kind = IO_KIND_VFS,
	.read = volfs_file_read,
	.write = volfs_file_write,
	.getattr = lxvfs_file_getattr_op,
	.release = lxvfs_file_release_op,
};

/*
 * Before the first data write to a file whose record holds its mtime: move
 * that mtime to the host inode and say so in the record, so that writes
 * need no record write.
 */
static ntstatus volfs_take_host_mtime(struct lxvfs_node *n)
{
	struct vfsmount *mnt = VP(n)->mnt;
	struct dentry *d = VD(n);
	struct volfs_meta m;
	struct iattr ia;
	ntstatus st;
	int err;

	mutex_lock(&VI(n->sb)->meta_lock);
	st = volfs_meta(n->sb, d, &m);
	if (!NT_SUCCESS(st) || (m.flags & VOLFS_F_HOST_MTIME))
		goto out;
	ia = (struct iattr){ .ia_valid = ATTR_MTIME | ATTR_MTIME_SET,
			     .ia_mtime = volfs_time_get(&m.mtime) };
	err = volfs_host_setattr(mnt, d, &ia);
	if (err) {
		st = STATUS_LX_ERRNO(-err);
		goto out;
	}
	m.flags |= VOLFS_F_HOST_MTIME;
	st = volfs_write_meta(n->sb, d, &m);
out:
	mutex_unlock(&VI(n->sb)->meta_lock);
	return st;
}

static ntstatus volfs_open(struct lxvfs_node *n, struct lxvfs_file *vf, unsigned int flags)
{
	const struct cred *old;
	struct file *host;
	ntstatus st;
	int acc;

	if (!S_ISREG(n->type))
		return STATUS_INVALID_DEVICE_REQUEST;	/* devices and FIFOs: LxVfs's */
	acc = (flags & IO_FILE_READ) && (flags & IO_FILE_WRITE) ? O_RDWR :
	      (flags & IO_FILE_WRITE) ? O_WRONLY : O_RDONLY;
	if (flags & IO_FILE_WRITE) {
		old = volfs_enter(n->sb);
		st = volfs_take_host_mtime(n);
		volfs_leave(old);
		if (!NT_SUCCESS(st))
			return st;
	}
	host = volfs_host_open(n, acc);
	if (IS_ERR(host))
		return STATUS_LX_ERRNO(-PTR_ERR(host));
	vf->ops = &volfs_file_ops;
	vf->private = host;
	return STATUS_SUCCESS;
}

static void volfs_release(struct lxvfs_node *n, struct lxvfs_file *vf)
{
	fput(VF(vf));
	vf->private = NULL;
}

/* exec: the backing file, opened for reading with the owner's credentials. */
static struct file *volfs_host_file(struct lxvfs_node *n)
{
	if (!S_ISREG(n->type))
		return ERR_PTR(-EACCES);
	return volfs_host_open(n, O_RDONLY);
}

/* mmap: the backing file this open holds, opened for its very access. */
static struct file *volfs_map_file(struct lxvfs_node *n, struct lxvfs_file *vf,
				   unsigned int flags)
{
	if (!VF(vf))
		return ERR_PTR(-ENODEV);
	return get_file(VF(vf));
}

static const struct lxvfs_node_ops volfs_node_ops = {
	.lookup = volfs_lookup,
	.parent = volfs_parent,
	.getattr = volfs_getattr,
	.setattr = volfs_setattr,
	.readlink = volfs_readlink,
	.open = volfs_open,
	.evict = volfs_evict,
	.release = volfs_release,
	.create = volfs_create,
	.link = volfs_link,
	.tmpfile = volfs_tmpfile,
	.unlink = volfs_unlink,
	.rename = volfs_rename,
	.readdir = volfs_readdir,
	.host_file = volfs_host_file,
	.map_file = volfs_map_file,
};

/**
 * lxvfs_drvfs_host_inode() - the host inode behind a DrvFs node
 * @n: a node (referenced by the caller, which keeps the inode alive)
 *
 * inotify marks it (io/inotify.c) to hear of the host's changes.
 * Return: the inode, or NULL if @n is not a DrvFs node.
 */
struct inode *lxvfs_drvfs_host_inode(struct lxvfs_node *n)
{
	if (n->ops != &volfs_node_ops || VI(n->sb)->kind == LXVFS_VOLFS)
		return NULL;
	return d_inode(VD(n));
}

/* ---- the file system ----------------------------------------------------------- */

static void volfs_kill(struct lxvfs_sb *sb)
{
	struct volfs_info *vi = sb->info;

	path_put(&vi->root);
	put_cred(vi->cred);
	kvfree(vi->rcache);
	kfree(vi->ncache);
	kfree(vi);
}

static ntstatus volfs_statfs(struct lxvfs_sb *sb, struct kstatfs *st)
{
	const struct cred *old = volfs_enter(sb);
	int err;

	err = vfs_statfs(&VI(sb)->root, st);
	volfs_leave(old);
	if (err)
		return STATUS_LX_ERRNO(-err);
	st->f_type = VOLFS_SUPER_MAGIC;
	st->f_namelen = min_t(long, st->f_namelen, LXVFS_NAME_MAX);
	return STATUS_SUCCESS;
}

static const struct lxvfs_fs_ops volfs_fs_ops = {
	.name = "volfs",
	.kill = volfs_kill,
	.unmounted = volfs_unmounted,
	.statfs = volfs_statfs,
};

static ntstatus drvfs_statfs(struct lxvfs_sb *sb, struct kstatfs *st)
{
	const struct cred *old = volfs_enter(sb);
	int err;

	err = vfs_statfs(&VI(sb)->root, st);
	volfs_leave(old);
	if (err)
		return STATUS_LX_ERRNO(-err);
	st->f_namelen = min_t(long, st->f_namelen, LXVFS_NAME_MAX);
	return STATUS_SUCCESS;
}

/* DrvFs: statfs is the host directory's own. */
static const struct lxvfs_fs_ops drvfs_fs_ops = {
	.name = "drvfs",
	.kill = volfs_kill,
	.statfs = drvfs_statfs,
};

/**
 * lxvfs_volfs_mount_kind() - a VolFs or DrvFs over the host tree @args->source
 * @args: source, a host directory (an O_PATH fd will do); uid and gid:
 *	DrvFs's owner of files without a record
 * @kind: VolFs (the root must have a valid directory record), DrvFs, or
 *	DrvFs with the metadata option
 * @out: the file system, one reference, its root set
 *
 * The caller's credentials (the instance's owner's) are kept for every
 * later host call.
 *
 * Return: STATUS_SUCCESS, STATUS_LX_ERRNO(EIO) for a root without a valid
 * record, or an allocation failure.
 */
ntstatus lxvfs_volfs_mount_kind(const struct lxvfs_mount_args *args,
				enum lxvfs_volfs_kind kind, struct lxvfs_sb **out)
{
	struct volfs_info *vi;
	struct lxvfs_sb *sb;
	const struct cred *old;
	ntstatus st;

	vi = kzalloc(sizeof(*vi), GFP_KERNEL_ACCOUNT);
	if (!vi)
		return STATUS_INSUFFICIENT_RESOURCES;
	vi->root = args->source->f_path;
	path_get(&vi->root);
	vi->cred = get_current_cred();
	mutex_init(&vi->meta_lock);
	vi->kind = kind;
	vi->uid = args->uid;
	vi->gid = args->gid;
	spin_lock_init(&vi->rcache_lock);
	spin_lock_init(&vi->ncache_lock);
	if (kind == LXVFS_VOLFS) {
		vi->rcache = kvzalloc(sizeof(*vi->rcache), GFP_KERNEL_ACCOUNT);
		vi->ncache = kcalloc(VOLFS_NCACHE_SLOTS, sizeof(*vi->ncache),
				     GFP_KERNEL_ACCOUNT);
		if (!vi->rcache || !vi->ncache) {
			kvfree(vi->rcache);
			kfree(vi->ncache);
			kfree(vi);
			return STATUS_INSUFFICIENT_RESOURCES;
		}
	}
	st = lxvfs_sb_create(kind == LXVFS_VOLFS ? &volfs_fs_ops : &drvfs_fs_ops, vi, &sb);
	if (!NT_SUCCESS(st)) {
		path_put(&vi->root);
		put_cred(vi->cred);
		kvfree(vi->rcache);
		kfree(vi->ncache);
		kfree(vi);
		return st;
	}
	old = volfs_enter(sb);
	st = volfs_new_node(sb, dget(vi->root.dentry), &sb->root);
	volfs_leave(old);
	if (!NT_SUCCESS(st)) {
		ob_dereference(sb);	/* its kill releases @vi */
		return st;
	}
	if (sb->root->type != S_IFDIR) {
		lxvfs_sb_abandon(sb);
		return STATUS_NOT_A_DIRECTORY;
	}
	*out = sb;
	return STATUS_SUCCESS;
}

/**
 * lxvfs_volfs_mount() - a VolFs over the backing tree @args->source
 * @args: source, a host directory; the root's mode and owner are its record's
 * @out: the file system, one reference, its root set
 */
ntstatus lxvfs_volfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out)
{
	return lxvfs_volfs_mount_kind(args, LXVFS_VOLFS, out);
}
