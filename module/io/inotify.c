// SPDX-License-Identifier: GPL-2.0
/*
 * inotify: watches on LxVfs nodes and the event queues of inotify File
 * objects. LxVfs calls the lxvfs_notify_*() hooks (vfs/lxvfs.h) at each
 * operation; they cost one atomic read while the node's file system has no
 * watch. Watches are keyed by (file system, inode number), since VolFs
 * makes a node per lookup. Events on a file are also reported to the
 * watched directories that hold it: each watched directory keeps its
 * entries' names (read when the watch is added, kept up to date by the
 * name events), so a write through an fd finds its parents' watches.
 *
 * DrvFs: a watched DrvFs node also has an fsnotify mark of lxcore's own
 * group on its host inode, whose handler reports the changes host
 * processes make (a pico process's own changes come from the hooks only:
 * the handler ignores every event a PER_LXSS task causes).
 *
 * Locks: host VFS locks (a directory's i_rwsem, held while fsnotify calls
 * the handler) -> in_mutex -> a group's queue lock, the fsnotify group's
 * mark_mutex. So nothing runs a host file-system operation under
 * in_mutex: add_watch reads a directory before taking it, and a target
 * freed gives up its mark, its FileSystem and its memory after releasing
 * it (in_unlock()).
 */
#include <linux/fsnotify_backend.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/inotify.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <asm/ioctls.h>

#include "lxcore.h"
#include "io/io.h"
#include "ke/ke.h"
#include "vfs/lxvfs.h"

#define IN_MAX_QUEUED	16384	/* Linux's default max_queued_events */
#define IN_EVENT_SIZE	sizeof(struct inotify_event)

/* Bits add_watch accepts: Linux's ALL_INOTIFY_BITS. */
#define IN_VALID_BITS	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | \
			 IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_ADD | \
			 IN_MASK_CREATE | IN_ISDIR | IN_ONESHOT)
/* Events a watched directory hears about its entries. */
#define IN_CHILD_EVENTS	(IN_ACCESS | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | \
			 IN_CLOSE_NOWRITE | IN_OPEN)

struct in_event {
	struct list_head link;
	int wd;
	u32 mask;
	u32 cookie;
	u32 len;		/* the name's bytes with NUL padding */
	char name[];
};

/* A watched node: its file system (referenced) and inode number. */
struct in_target {
	struct hlist_node hnode;
	struct lxvfs_sb *sb;
	u64 ino;
	struct list_head watches;
	struct list_head children;	/* a directory's entries (in_child) */
	struct list_head dead;		/* on in_dead once it has no watch */
	struct in_mark *hm;		/* DrvFs: the host inode's mark */
};

/*
 * The fsnotify mark of a DrvFs target on its host inode. @t is cleared
 * (under in_mutex) when the target goes, before the mark is destroyed:
 * the handler reads it under in_mutex.
 */
struct in_mark {
	struct fsnotify_mark fsn;
	struct in_target *t;
};

/* An entry of a watched directory: which name @ino has there. */
struct in_child {
	struct hlist_node hnode;	/* in_children, by (sb, ino) */
	struct list_head dlink;
	struct in_target *dir;
	u64 ino;
	char name[];
};

struct in_watch {
	struct list_head tlink;		/* on its target */
	struct list_head glink;		/* on its group */
	struct in_target *t;
	struct io_inotify *g;
	int wd;
	u32 mask;
};

/* The context of an inotify File object. */
struct io_inotify {
	spinlock_t lock;		/* the queue */
	struct list_head events;
	unsigned int nevents;
	size_t bytes;			/* FIONREAD */
	bool overflow_queued;
	struct in_event overflow;
	struct list_head watches;	/* under in_mutex */
	int next_wd;
	struct ke_event readable;	/* events queued */
	struct io_poll_head poll;
};

/* Watches, targets, children, the groups' watch lists. */
static DEFINE_MUTEX(in_mutex);
static DEFINE_HASHTABLE(in_targets, 8);
static DEFINE_HASHTABLE(in_children, 8);
static LIST_HEAD(in_dead);
static atomic_t in_cookie = ATOMIC_INIT(0);
static struct fsnotify_group *in_group;	/* made at the first DrvFs watch */

static u64 in_key(const struct lxvfs_sb *sb, u64 ino)
{
	return hash_64(ino ^ (u64)(unsigned long)sb, 64);
}

static struct in_target *in_find(struct lxvfs_sb *sb, u64 ino)
{
	struct in_target *t;

	hash_for_each_possible(in_targets, t, hnode, in_key(sb, ino))
		if (t->sb == sb && t->ino == ino)
			return t;
	return NULL;
}

/* ---- the queue ---- */

static void in_wake(struct io_inotify *g)
{
	io_poll_wake(&g->poll, EPOLLIN | EPOLLRDNORM);
}

/*
 * Queue an event as Linux's fsnotify_insert_event() with inotify_merge():
 * at the limit one IN_Q_OVERFLOW (once), otherwise merged into an
 * identical last event.
 */
static void in_queue(struct io_inotify *g, int wd, u32 mask, u32 cookie, const char *name)
{
	size_t nlen = name ? strlen(name) : 0;
	u32 plen = nlen ? round_up(nlen + 1, IN_EVENT_SIZE) : 0;
	struct in_event *ev, *last;

	ev = kzalloc(sizeof(*ev) + plen, GFP_KERNEL_ACCOUNT);
	if (ev) {
		ev->wd = wd;
		ev->mask = mask;
		ev->cookie = cookie;
		ev->len = plen;
		if (nlen)
			memcpy(ev->name, name, nlen);
	}
	spin_lock_irq(&g->lock);
	if (g->nevents >= IN_MAX_QUEUED || !ev) {
		if (!g->overflow_queued) {
			g->overflow_queued = true;
			list_add_tail(&g->overflow.link, &g->events);
			g->nevents++;
			g->bytes += IN_EVENT_SIZE;
		}
		goto out_free;
	}
	if (!list_empty(&g->events)) {
		last = list_last_entry(&g->events, struct in_event, link);
		if (last->wd == wd && last->mask == mask && last->cookie == cookie &&
		    last->len == plen && !memcmp(last->name, ev->name, plen))
			goto out_free;
	}
	list_add_tail(&ev->link, &g->events);
	g->nevents++;
	g->bytes += IN_EVENT_SIZE + plen;
	ke_event_set(&g->readable);
	spin_unlock_irq(&g->lock);
	in_wake(g);
	return;
out_free:
	ke_event_set(&g->readable);
	spin_unlock_irq(&g->lock);
	kfree(ev);
	in_wake(g);
}

/* ---- watches (under in_mutex) ---- */

static void in_child_free(struct in_child *c)
{
	hash_del(&c->hnode);
	list_del(&c->dlink);
	kfree(c);
}

static void in_child_add(struct in_target *dir, const char *name, u64 ino)
{
	size_t len = strlen(name);
	struct in_child *c;

	c = kmalloc(sizeof(*c) + len + 1, GFP_KERNEL_ACCOUNT);
	if (!c)
		return;		/* its events will not name it */
	c->dir = dir;
	c->ino = ino;
	memcpy(c->name, name, len + 1);
	list_add_tail(&c->dlink, &dir->children);
	hash_add(in_children, &c->hnode, in_key(dir->sb, ino));
}

static void in_child_remove(struct in_target *dir, const char *name)
{
	struct in_child *c;

	list_for_each_entry(c, &dir->children, dlink) {
		if (!strcmp(c->name, name)) {
			in_child_free(c);
			return;
		}
	}
}

/*
 * in_mutex sections allocate without file-system reclaim: reclaim could
 * free a dentry whose inode has a mark, and fsnotify would call this
 * file's handler, which takes in_mutex. Only the holder uses in_nofs.
 */
static unsigned int in_nofs;

static void in_lock(void)
{
	mutex_lock(&in_mutex);
	in_nofs = memalloc_nofs_save();
}

/* Release in_mutex as it is, without freeing dead targets. */
static void in_unlock_raw(void)
{
	memalloc_nofs_restore(in_nofs);
	mutex_unlock(&in_mutex);
}

/*
 * A target that lost its last watch is freed when in_mutex is released
 * (in_unlock()), so no loop over targets or entries meets a freed one.
 */
static void in_target_put(struct in_target *t)
{
	if (list_empty(&t->watches) && list_empty(&t->dead))
		list_add(&t->dead, &in_dead);
}

static void in_unlock(void)
{
	struct in_target *t, *tt;
	struct in_child *c, *tmp;
	LIST_HEAD(gone);

	list_for_each_entry_safe(t, tt, &in_dead, dead) {
		list_del_init(&t->dead);
		if (!list_empty(&t->watches))
			continue;	/* watched again since */
		list_for_each_entry_safe(c, tmp, &t->children, dlink)
			in_child_free(c);
		hash_del(&t->hnode);
		atomic_dec(&t->sb->notify_watches);
		if (t->hm)
			t->hm->t = NULL;	/* the handler no longer finds it */
		list_add(&t->dead, &gone);
	}
	in_unlock_raw();
	/* Outside in_mutex: these may drop a host inode or the FileSystem. */
	list_for_each_entry_safe(t, tt, &gone, dead) {
		if (t->hm) {
			fsnotify_destroy_mark(&t->hm->fsn, in_group);
			fsnotify_put_mark(&t->hm->fsn);
		}
		ob_dereference(t->sb);
		kfree(t);
	}
}

/* Remove @w; @ignored: queue IN_IGNORED (not when its group is going). */
static void in_watch_remove(struct in_watch *w, bool ignored)
{
	struct in_target *t = w->t;

	if (ignored)
		in_queue(w->g, w->wd, IN_IGNORED, 0, NULL);
	list_del(&w->tlink);
	list_del(&w->glink);
	kfree(w);
	in_target_put(t);
}

/* A directory's entries, read before in_mutex is taken (in_child, unhashed). */
static bool in_scan_fill(void *ctx, const struct io_dirent *d)
{
	struct list_head *list = ctx;
	struct in_child *c;

	if ((d->len == 1 && d->name[0] == '.') ||
	    (d->len == 2 && d->name[0] == '.' && d->name[1] == '.'))
		return true;
	if (d->len > LXVFS_NAME_MAX)
		return true;
	c = kmalloc(sizeof(*c) + d->len + 1, GFP_KERNEL_ACCOUNT);
	if (!c)
		return true;	/* its events will not name it */
	c->dir = NULL;
	c->ino = d->ino;
	memcpy(c->name, d->name, d->len);
	c->name[d->len] = '\0';
	list_add_tail(&c->dlink, list);
	return true;
}

static void in_scan(struct lxvfs_node *n, struct list_head *list)
{
	loff_t pos = 0;

	if (S_ISDIR(n->type) && n->ops->readdir)
		n->ops->readdir(n, &pos, in_scan_fill, list);
}

static void in_scan_free(struct list_head *list)
{
	struct in_child *c, *tmp;

	list_for_each_entry_safe(c, tmp, list, dlink)
		kfree(c);
	INIT_LIST_HEAD(list);
}

static const struct fsnotify_ops in_fsn_ops;

/* The events a host mark asks for: all (fsnotify_recalc_mask() is not exported). */
#define IN_HOST_EVENTS	(FS_ACCESS | FS_MODIFY | FS_ATTRIB | FS_CLOSE_WRITE | \
			 FS_CLOSE_NOWRITE | FS_OPEN | FS_MOVED_FROM | FS_MOVED_TO | \
			 FS_CREATE | FS_DELETE | FS_DELETE_SELF | FS_MOVE_SELF)

/*
 * Mark @inode, the host inode of DrvFs target @t (under in_mutex). A
 * failure leaves @t without host events (a ratelimited log line).
 */
static void in_host_mark(struct in_target *t, struct inode *inode)
{
	struct in_mark *im;
	int err;

	if (!in_group) {
		in_group = fsnotify_alloc_group(&in_fsn_ops, FSNOTIFY_GROUP_DUPS);
		if (IS_ERR(in_group)) {
			err = PTR_ERR(in_group);
			in_group = NULL;
			goto fail;
		}
	}
	err = -ENOMEM;
	im = kzalloc(sizeof(*im), GFP_KERNEL_ACCOUNT);
	if (!im)
		goto fail;
	fsnotify_init_mark(&im->fsn, in_group);
	im->fsn.mask = IN_HOST_EVENTS;
	if (S_ISDIR(inode->i_mode))
		im->fsn.mask |= FS_EVENT_ON_CHILD;
	im->t = t;
	err = fsnotify_add_inode_mark(&im->fsn, inode, 0);
	if (err) {
		fsnotify_put_mark(&im->fsn);	/* frees it */
		goto fail;
	}
	t->hm = im;
	return;
fail:
	pr_warn_ratelimited(LX_PREFIX "inotify: no host events for a DrvFs watch (%d)\n", err);
}

/* The target of @n, made if needed with the entries in @scan (taken). */
static struct in_target *in_target_get(struct lxvfs_node *n, struct list_head *scan)
{
	struct in_target *t = in_find(n->sb, n->ino);
	struct in_child *c, *tmp;
	struct inode *inode;

	if (t)
		return t;
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	t->sb = n->sb;
	ob_reference(t->sb);
	t->ino = n->ino;
	INIT_LIST_HEAD(&t->watches);
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->dead);
	hash_add(in_targets, &t->hnode, in_key(t->sb, t->ino));
	atomic_inc(&t->sb->notify_watches);
	list_for_each_entry_safe(c, tmp, scan, dlink) {
		c->dir = t;
		list_move_tail(&c->dlink, &t->children);
		hash_add(in_children, &c->hnode, in_key(t->sb, c->ino));
	}
	inode = lxvfs_drvfs_host_inode(n);
	if (inode)
		in_host_mark(t, inode);
	return t;
}

/* ---- events ---- */

/* Tell the watches of @t: @mask happened, to @name if given. */
static void in_deliver(struct in_target *t, u32 mask, u32 cookie, const char *name)
{
	struct in_watch *w, *tmp;

	list_for_each_entry_safe(w, tmp, &t->watches, tlink) {
		if (!(mask & w->mask & IN_ALL_EVENTS))
			continue;
		in_queue(w->g, w->wd, mask, cookie, name);
		if (w->mask & IN_ONESHOT)
			in_watch_remove(w, true);
	}
}

/* The node's events to the watched directories that hold it. */
static void in_deliver_parents(struct lxvfs_sb *sb, u64 ino, u32 mask)
{
	struct in_child *c;

	hash_for_each_possible(in_children, c, hnode, in_key(sb, ino)) {
		if (c->ino != ino || c->dir->sb != sb)
			continue;
		in_deliver(c->dir, mask, 0, c->name);
	}
}

static u32 in_isdir(const struct lxvfs_node *n)
{
	return S_ISDIR(n->type) ? IN_ISDIR : 0;
}

/* Every watch of @t gets DELETE_SELF then IGNORED and goes. */
static void in_target_gone(struct in_target *t)
{
	struct in_watch *w, *tmp;

	list_for_each_entry_safe(w, tmp, &t->watches, tlink) {
		if (w->mask & IN_DELETE_SELF)
			in_queue(w->g, w->wd, IN_DELETE_SELF, 0, NULL);
		in_watch_remove(w, true);
	}
}

static void in_node_gone(struct lxvfs_node *n)
{
	struct in_target *t = in_find(n->sb, n->ino);

	if (t)
		in_target_gone(t);
}

/* Has @n lost its last name? (A directory removed always has.) */
static bool in_node_unlinked(struct lxvfs_node *n)
{
	struct io_stat st;

	if (S_ISDIR(n->type))
		return true;
	if (!n->ops->getattr || !NT_SUCCESS(n->ops->getattr(n, &st)))
		return true;
	return st.nlink == 0;
}

/**
 * lxvfs_notify_slow() - an event on @n: to its watches and its parents'
 * @n: the node
 * @mask: IN_ACCESS, IN_MODIFY, IN_ATTRIB, IN_OPEN, IN_CLOSE_* (IN_ISDIR added)
 */
void lxvfs_notify_slow(struct lxvfs_node *n, u32 mask)
{
	struct in_target *t;

	mask |= in_isdir(n);
	in_lock();
	if (mask & IN_CHILD_EVENTS)
		in_deliver_parents(n->sb, n->ino, mask);
	t = in_find(n->sb, n->ino);
	if (t)
		in_deliver(t, mask, 0, NULL);
	in_unlock();
}

/*
 * An event on @n to its own watches only (Linux's fsnotify_inode()).
 * inotify never reports IN_ISDIR with IN_MOVE_SELF (nor IN_DELETE_SELF).
 */
static void in_self(struct lxvfs_node *n, u32 mask)
{
	struct in_target *t = in_find(n->sb, n->ino);

	if (!(mask & IN_MOVE_SELF))
		mask |= in_isdir(n);
	if (t)
		in_deliver(t, mask, 0, NULL);
}

/* A name event to @dir's watches, keeping its entry list. */
static void in_name_event(struct lxvfs_node *dir, const char *name, struct lxvfs_node *n,
			  u32 mask, u32 cookie)
{
	struct in_target *t = in_find(dir->sb, dir->ino);

	if (!t)
		return;
	if (mask & (IN_DELETE | IN_MOVED_FROM))
		in_child_remove(t, name);
	else
		in_child_add(t, name, n->ino);
	in_deliver(t, mask | in_isdir(n), cookie, name);
}

/**
 * lxvfs_notify_create_slow() - a name was made (IN_CREATE)
 * @dir: the directory
 * @name: the new name
 * @n: the node it names
 * @link: a new name of an existing node (IN_ATTRIB on it first)
 */
void lxvfs_notify_create_slow(struct lxvfs_node *dir, const char *name,
			      struct lxvfs_node *n, bool link)
{
	in_lock();
	if (link)
		in_self(n, IN_ATTRIB);
	in_name_event(dir, name, n, IN_CREATE, 0);
	in_unlock();
}

/**
 * lxvfs_notify_delete_slow() - a name was removed (unlink, rmdir)
 * @dir: the directory
 * @name: the name
 * @n: the node it named
 *
 * As Linux's vfs_unlink()/vfs_rmdir(): IN_ATTRIB on a file (its link
 * count), IN_DELETE_SELF and IN_IGNORED if that was its last name, then
 * IN_DELETE to the directory.
 */
void lxvfs_notify_delete_slow(struct lxvfs_node *dir, const char *name,
			      struct lxvfs_node *n)
{
	bool gone = in_node_unlinked(n);

	in_lock();
	if (!S_ISDIR(n->type))
		in_self(n, IN_ATTRIB);
	if (gone)
		in_node_gone(n);
	in_name_event(dir, name, n, IN_DELETE, 0);
	in_unlock();
}

/**
 * lxvfs_notify_move_slow() - a rename
 * @odir: the old directory
 * @oname: the old name
 * @ndir: the new directory
 * @nname: the new name
 * @n: the node moved
 * @target: the node @nname named before, replaced (or NULL)
 *
 * Linux's fsnotify_move(): IN_MOVED_FROM and IN_MOVED_TO with one cookie,
 * IN_ATTRIB on a replaced file, IN_MOVE_SELF; then the replaced node's
 * IN_DELETE_SELF if that was its last name.
 */
void lxvfs_notify_move_slow(struct lxvfs_node *odir, const char *oname,
			    struct lxvfs_node *ndir, const char *nname,
			    struct lxvfs_node *n, struct lxvfs_node *target)
{
	u32 cookie = atomic_inc_return(&in_cookie);
	struct in_target *t;
	bool gone = target && in_node_unlinked(target);

	in_lock();
	in_name_event(odir, oname, n, IN_MOVED_FROM, cookie);
	if (target) {
		t = in_find(ndir->sb, ndir->ino);
		if (t)
			in_child_remove(t, nname);
	}
	in_name_event(ndir, nname, n, IN_MOVED_TO, cookie);
	if (target)
		in_self(target, IN_ATTRIB);
	in_self(n, IN_MOVE_SELF);
	if (gone)
		in_node_gone(target);
	in_unlock();
}

/**
 * lxvfs_notify_change_slow() - attributes changed
 * @n: the node
 * @set: LXVFS_SET_* bits of what changed
 *
 * The events of Linux's fsnotify_change().
 */
void lxvfs_notify_change_slow(struct lxvfs_node *n, unsigned int set)
{
	u32 mask = 0;

	if (set & (LXVFS_SET_UID | LXVFS_SET_GID | LXVFS_SET_MODE))
		mask |= IN_ATTRIB;
	if (set & LXVFS_SET_SIZE)
		mask |= IN_MODIFY;
	if ((set & (LXVFS_SET_ATIME | LXVFS_SET_MTIME)) ==
	    (LXVFS_SET_ATIME | LXVFS_SET_MTIME))
		mask |= IN_ATTRIB;
	else if (set & LXVFS_SET_ATIME)
		mask |= IN_ACCESS;
	else if (set & LXVFS_SET_MTIME)
		mask |= IN_MODIFY;
	if (mask)
		lxvfs_notify_slow(n, mask);
}

/* ---- the host's changes under a DrvFs (fsnotify) ---- */

/*
 * fsnotify's handler, for each of lxcore's marks an event concerns: in
 * the context of the host operation, with its locks held (the directory's
 * i_rwsem for a name event), so it takes in_mutex and nothing that
 * in_mutex may be held over. @mask is fsnotify's (the FS_* bits are the
 * IN_* bits); @name is set for an event on an entry of a watched
 * directory and for the name events.
 */
static int in_host_event(struct fsnotify_mark *fm, u32 mask, struct inode *inode,
			 struct inode *dir, const struct qstr *name, u32 cookie)
{
	struct in_mark *im = container_of(fm, struct in_mark, fsn);
	u32 ev = mask & (IN_ALL_EVENTS | IN_ISDIR);
	const char *nm = NULL;
	struct in_target *t;

	/* A pico process's own change: the LxVfs hooks report it, once. */
	if (ps_personality_is_pico(current->personality))
		return 0;
	if (!(ev & IN_ALL_EVENTS))
		return 0;
	/* inotify_handle_inode_event(): never IN_ISDIR with these. */
	if (ev & (IN_MOVE_SELF | IN_DELETE_SELF))
		ev &= ~IN_ISDIR;
	if (name) {
		if (name->len > LXVFS_NAME_MAX || !name->len)
			return 0;	/* no such name in the instance */
		nm = name->name;
	}
	in_lock();
	t = im->t;
	if (!t)
		goto out;	/* its watches went meanwhile */
	if (nm && (ev & (IN_DELETE | IN_MOVED_FROM))) {
		in_child_remove(t, nm);
	} else if (nm && inode && (ev & (IN_CREATE | IN_MOVED_TO))) {
		in_child_remove(t, nm);		/* a rename over it */
		in_child_add(t, nm, inode->i_ino);
	}
	if (ev & IN_DELETE_SELF)
		in_target_gone(t);
	else
		in_deliver(t, ev, cookie, nm);
out:
	in_unlock();
	return 0;
}

/*
 * The mark is being freed. By this file (in_unlock()): the target is gone
 * already. By fsnotify: the inode is being deleted, with a DELETE_SELF the
 * handler did not report, since a pico process caused it (its last close
 * of a file the host removed; a pico process's own unlink is reported by
 * the LxVfs hook, which holds the node, so before this): the watches end.
 */
static void in_freeing_mark(struct fsnotify_mark *fm, struct fsnotify_group *group)
{
	struct in_mark *im = container_of(fm, struct in_mark, fsn);

	in_lock();
	if (im->t)
		in_target_gone(im->t);
	in_unlock();
}

static void in_free_mark(struct fsnotify_mark *fm)
{
	kfree(container_of(fm, struct in_mark, fsn));
}

static const struct fsnotify_ops in_fsn_ops = {
	.handle_inode_event = in_host_event,
	.freeing_mark = in_freeing_mark,
	.free_mark = in_free_mark,
};

/**
 * io_inotify_exit() - module unload: lxcore's fsnotify group goes
 *
 * Every inotify File object is gone, so every mark was destroyed; wait
 * for fsnotify to free them (in_free_mark() is this module's code).
 */
void io_inotify_exit(void)
{
	if (!in_group)
		return;
	fsnotify_wait_marks_destroyed();
	fsnotify_put_group(in_group);
	in_group = NULL;
}

/* ---- the File object ---- */

static ntstatus in_read(struct io_file *f, struct ke_thread *kt,
			struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct io_inotify *g = f->context;
	struct inotify_event hdr;
	struct in_event *ev;
	size_t size;
	ntstatus st;

	*done = 0;
	for (;;) {
		spin_lock_irq(&g->lock);
		if (list_empty(&g->events)) {
			ke_event_reset(&g->readable);
			spin_unlock_irq(&g->lock);
			if (*done)
				return STATUS_SUCCESS;
			if (io_file_flags(f) & IO_FILE_NONBLOCK)
				return STATUS_DEVICE_BUSY;	/* EAGAIN */
			st = ke_wait_for_single_object(kt, &g->readable.header, true, NULL);
			if (st != STATUS_WAIT_0)
				return st;
			continue;
		}
		ev = list_first_entry(&g->events, struct in_event, link);
		size = IN_EVENT_SIZE + ev->len;
		if (size > iov_iter_count(to)) {
			spin_unlock_irq(&g->lock);
			return *done ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
		}
		list_del_init(&ev->link);
		g->nevents--;
		g->bytes -= size;
		if (ev == &g->overflow)
			g->overflow_queued = false;
		if (list_empty(&g->events))
			ke_event_reset(&g->readable);
		spin_unlock_irq(&g->lock);

		hdr.wd = ev->wd;
		hdr.mask = ev->mask;
		hdr.cookie = ev->cookie;
		hdr.len = ev->len;
		st = STATUS_SUCCESS;
		if (copy_to_iter(&hdr, IN_EVENT_SIZE, to) != IN_EVENT_SIZE ||
		    (ev->len && copy_to_iter(ev->name, ev->len, to) != ev->len))
			st = STATUS_ACCESS_VIOLATION;
		if (ev != &g->overflow)
			kfree(ev);
		if (!NT_SUCCESS(st))
			return *done ? STATUS_SUCCESS : st;
		*done += size;
	}
}

static __poll_t in_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct io_inotify *g = f->context;
	__poll_t mask = 0;

	if (e)
		io_poll_add(&g->poll, e);
	spin_lock_irq(&g->lock);
	if (!list_empty(&g->events))
		mask = EPOLLIN | EPOLLRDNORM;
	spin_unlock_irq(&g->lock);
	return mask;
}

static ntstatus in_ioctl(struct io_file *f, unsigned int cmd, unsigned long arg, long *ret)
{
	struct io_inotify *g = f->context;
	int bytes;

	if (cmd != FIONREAD)
		return STATUS_INVALID_DEVICE_REQUEST;
	spin_lock_irq(&g->lock);
	bytes = g->bytes;
	spin_unlock_irq(&g->lock);
	*ret = put_user(bytes, (int __user *)arg) ? -EFAULT : 0;
	return STATUS_SUCCESS;
}

static void in_release(struct io_file *f)
{
	struct io_inotify *g = f->context;
	struct in_event *ev, *tmp;
	struct in_watch *w, *wt;

	in_lock();
	list_for_each_entry_safe(w, wt, &g->watches, glink)
		in_watch_remove(w, false);
	in_unlock();
	list_for_each_entry_safe(ev, tmp, &g->events, link)
		if (ev != &g->overflow)
			kfree(ev);
	kfree(g);
}

static const struct io_file_ops io_inotify_ops = {
	.name = "inotify",
	.getattr = io_anon_getattr,
	.read = in_read,
	.poll = in_poll,
	.ioctl = in_ioctl,
	.llseek = io_noop_llseek,
	.release = in_release,
};

/**
 * io_create_inotify() - a new inotify instance
 * @nonblock: IO_FILE_NONBLOCK
 * @out: its File object (one reference)
 */
ntstatus io_create_inotify(bool nonblock, struct io_file **out)
{
	struct io_inotify *g;
	ntstatus st;

	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock_init(&g->lock);
	INIT_LIST_HEAD(&g->events);
	INIT_LIST_HEAD(&g->watches);
	INIT_LIST_HEAD(&g->overflow.link);
	g->overflow.wd = -1;
	g->overflow.mask = IN_Q_OVERFLOW;
	g->next_wd = 1;
	ke_event_init(&g->readable, KE_NOTIFICATION_EVENT, false);
	io_poll_head_init(&g->poll);
	st = io_create_file(&io_inotify_ops, g, IO_FILE_READ | (nonblock ? IO_FILE_NONBLOCK : 0),
			    out);
	if (!NT_SUCCESS(st))
		kfree(g);
	return st;
}

bool io_file_is_inotify(struct io_file *f)
{
	return f->ops == &io_inotify_ops;
}

/**
 * io_inotify_add_watch() - watch a node
 * @f: the inotify File object
 * @n: the node
 * @mask: IN_* events and flags (checked by the caller)
 *
 * Return: the watch descriptor, -EEXIST (IN_MASK_CREATE on a watched node),
 * -ENOMEM, -ENOSPC (descriptors exhausted).
 */
int io_inotify_add_watch(struct io_file *f, struct lxvfs_node *n, u32 mask)
{
	struct io_inotify *g = f->context;
	u32 bits = mask & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK);
	struct in_target *t;
	struct in_watch *w;
	LIST_HEAD(scan);
	int ret;

	in_lock();
	t = in_find(n->sb, n->ino);
	if (!t && S_ISDIR(n->type)) {
		/* A new watched directory: read it without in_mutex. */
		in_unlock_raw();
		in_scan(n, &scan);
		in_lock();
		t = in_find(n->sb, n->ino);
	}
	if (t) {
		list_for_each_entry(w, &t->watches, tlink) {
			if (w->g != g)
				continue;
			if (mask & IN_MASK_CREATE) {
				ret = -EEXIST;
			} else {
				w->mask = (mask & IN_MASK_ADD) ? w->mask | bits : bits;
				ret = w->wd;
			}
			goto out;
		}
	}
	ret = -ENOSPC;
	if (g->next_wd == INT_MAX)
		goto out;
	ret = -ENOMEM;
	w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);
	if (!w)
		goto out;
	t = in_target_get(n, &scan);
	if (!t) {
		kfree(w);
		goto out;
	}
	w->t = t;
	w->g = g;
	w->mask = bits;
	w->wd = g->next_wd++;
	list_add_tail(&w->tlink, &t->watches);
	list_add_tail(&w->glink, &g->watches);
	ret = w->wd;
out:
	in_unlock();
	in_scan_free(&scan);	/* what in_target_get() did not take */
	return ret;
}

/**
 * io_inotify_rm_watch() - remove a watch, queueing IN_IGNORED
 * @f: the inotify File object
 * @wd: its descriptor
 *
 * Return: 0 or -EINVAL (no such watch).
 */
int io_inotify_rm_watch(struct io_file *f, int wd)
{
	struct io_inotify *g = f->context;
	struct in_watch *w;
	int ret = -EINVAL;

	in_lock();
	list_for_each_entry(w, &g->watches, glink) {
		if (w->wd == wd) {
			in_watch_remove(w, true);
			ret = 0;
			break;
		}
	}
	in_unlock();
	return ret;
}
