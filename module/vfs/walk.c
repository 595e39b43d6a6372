// SPDX-License-Identifier: GPL-2.0
/*
 * Path walk. Every component is resolved by LxVfs itself: "." and "..",
 * symbolic links (at most LXVFS_MAX_LINKS per walk), mount points, search
 * permission on each directory. ".." never goes above the walk's root (the
 * process's root directory) nor outside the instance's tree, whatever the
 * spelling, so no path reaches a host file the instance was not given.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>

#include "vfs/lxvfs.h"

struct lxvfs_walker {
	const struct lxvfs_walk *w;
	struct lxvfs_path cur;
	bool borrowed;		/* cur is w->start or w->root: the caller's references */
	unsigned int links;
	const char *buf;	/* the path being walked: the caller's, or a splice */
	char *spare;		/* where the next splice is built */
	char *alloc;		/* two splice buffers, at the first link only */
};

static ntstatus lxvfs_may_search(struct lxvfs_walker *k)
{
	struct io_stat a;
	ntstatus st;

	if (!S_ISDIR(k->cur.node->type))
		return STATUS_NOT_A_DIRECTORY;
	st = k->cur.node->ops->getattr(k->cur.node, &a);
	if (!NT_SUCCESS(st))
		return st;
	return lxvfs_permission(&a, k->w->cred, MAY_EXEC);
}

/* Drop k->cur's references, if they are the walk's own. */
static void lxvfs_walker_put(struct lxvfs_walker *k)
{
	if (!k->borrowed)
		lxvfs_path_put(&k->cur);
	k->borrowed = false;
}

/* Stand on @borrowed, a path of the caller's (referenced for the whole walk). */
static void lxvfs_walker_borrow(struct lxvfs_walker *k, const struct lxvfs_path *borrowed)
{
	lxvfs_walker_put(k);
	k->cur = *borrowed;
	k->borrowed = true;
}

/* The walk's result: k->cur, referenced (k->cur is left empty). */
static void lxvfs_walker_take(struct lxvfs_walker *k, struct lxvfs_path *out)
{
	if (k->borrowed)
		lxvfs_path_get(&k->cur);
	*out = k->cur;
	k->cur.mnt = NULL;
	k->cur.node = NULL;
	k->borrowed = false;
}

static void lxvfs_walker_move(struct lxvfs_walker *k, struct lxvfs_path *to)
{
	lxvfs_walker_put(k);
	k->cur = *to;
	to->mnt = NULL;
	to->node = NULL;
}

#define LXVFS_EXDEV	STATUS_LX_ERRNO(EXDEV)

/*
 * "..": up one directory, across mount roots, never above the root
 * (RESOLVE_BENEATH: trying is EXDEV; RESOLVE_NO_XDEV: so is crossing).
 */
static ntstatus lxvfs_dotdot(struct lxvfs_walker *k)
{
	unsigned int flags = k->w->flags;
	struct lxvfs_path up;
	struct lxvfs_node *parent;
	ntstatus st;

	for (;;) {
		if (lxvfs_path_equal(&k->cur, &k->w->root))
			return flags & LXVFS_WALK_BENEATH ? LXVFS_EXDEV : STATUS_SUCCESS;
		if (!lxvfs_is_mount_root(&k->cur))
			break;
		if (!lxvfs_mount_parent(k->w->ns, k->cur.mnt, &up))
			return STATUS_SUCCESS;	/* the tree's root */
		lxvfs_walker_move(k, &up);
		if (flags & LXVFS_WALK_NO_XDEV)
			return LXVFS_EXDEV;
	}
	st = k->cur.node->ops->parent(k->cur.node, &parent);
	if (!NT_SUCCESS(st))
		return st;
	up.mnt = k->cur.mnt;
	ob_reference(up.mnt);
	up.node = parent;
	lxvfs_walker_move(k, &up);
	if (lxvfs_follow_mount(k->w->ns, &k->cur) && (flags & LXVFS_WALK_NO_XDEV))
		return LXVFS_EXDEV;
	return STATUS_SUCCESS;
}

/* May the walk follow link @n? openat2's RESOLVE_* rules, in Linux's order. */
static ntstatus lxvfs_may_follow(struct lxvfs_walker *k, struct lxvfs_node *n)
{
	unsigned int flags = k->w->flags;

	if (flags & LXVFS_WALK_NO_SYMLINKS)
		return STATUS_REPARSE_POINT_NOT_RESOLVED;
	if (!(n->flags & LXVFS_NODE_MAGIC_LINK))
		return STATUS_SUCCESS;
	if (flags & LXVFS_WALK_NO_MAGICLINKS)
		return STATUS_REPARSE_POINT_NOT_RESOLVED;
	if (flags & LXVFS_WALK_SCOPED)
		return LXVFS_EXDEV;	/* "not currently safe for scoped lookups" */
	return STATUS_SUCCESS;
}

/*
 * Replace the walk's remaining path: @target, then "/" and @rest if any.
 * @rest points into k->buf; the result goes to k->spare, then they swap.
 */
static ntstatus lxvfs_splice_link(struct lxvfs_walker *k, const char *target,
				size_t tlen, const char *rest, bool slash)
{
	size_t rlen = strlen(rest);
	char *t;

	if (tlen + 1 + rlen + 1 > LXVFS_PATH_MAX)
		return STATUS_NAME_TOO_LONG;
	if (!k->alloc) {
		k->alloc = kmalloc(2 * LXVFS_PATH_MAX, GFP_KERNEL);
		if (!k->alloc)
			return STATUS_INSUFFICIENT_RESOURCES;
		k->spare = k->alloc;
	}
	memcpy(k->spare, target, tlen);
	t = k->spare + tlen;
	if (rlen || slash)
		*t++ = '/';
	memcpy(t, rest, rlen + 1);
	k->buf = k->spare;
	/* The caller's path is never written: the other buffer is ours. */
	k->spare = k->spare == k->alloc ? k->alloc + LXVFS_PATH_MAX : k->alloc;
	return STATUS_SUCCESS;
}

static ntstatus lxvfs_read_link(struct lxvfs_node *n, char *buf, size_t *len)
{
	*len = LXVFS_PATH_MAX - 1;
	if (!n->ops->readlink)
		return STATUS_INVALID_DEVICE_REQUEST;
	return n->ops->readlink(n, buf, len);
}

/*
 * The walk proper. With @parent_only, stops before the last component and
 * returns it in *@last / *@last_len (pointing into k->buf).
 */
static ntstatus lxvfs_walk_path(struct lxvfs_walker *k, bool parent_only,
			      const char **last, unsigned int *last_len,
			      bool *trailing)
{
	unsigned int flags = k->w->flags;
	const char *s = k->buf;
	char *tbuf = NULL;
	struct lxvfs_path next;
	struct lxvfs_node *child;
	ntstatus st = STATUS_SUCCESS;
	bool slash = false, spliced = false;

	for (;;) {
		const char *comp;
		size_t len, tlen;
		bool is_last;

		if (*s == '/') {
			/*
			 * A jump to the root: the path's own (IN_ROOT: the
			 * start, which the caller made the root) or a link's.
			 */
			if (flags & LXVFS_WALK_BENEATH) {
				st = LXVFS_EXDEV;
				break;
			}
			if ((flags & LXVFS_WALK_NO_XDEV) && spliced &&
			    k->cur.mnt != k->w->root.mnt) {
				st = LXVFS_EXDEV;
				break;
			}
			lxvfs_walker_borrow(k, &k->w->root);
			while (*s == '/')
				s++;
		}
		if (!*s)
			break;
		comp = s;
		len = strcspn(s, "/");
		s += len;
		slash = *s == '/';
		while (*s == '/')
			s++;
		is_last = !*s;
		if (len > LXVFS_NAME_MAX) {
			st = STATUS_NAME_TOO_LONG;
			break;
		}
		if (parent_only && is_last) {
			*last = comp;
			*last_len = len;
			*trailing = slash;
			goto out;
		}
		st = lxvfs_may_search(k);
		if (!NT_SUCCESS(st))
			break;
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			st = lxvfs_dotdot(k);
			if (!NT_SUCCESS(st))
				break;
			continue;
		}
		st = k->cur.node->ops->lookup(k->cur.node, comp, len, &child);
		if (!NT_SUCCESS(st)) {
			if (st == STATUS_OBJECT_NAME_NOT_FOUND && !is_last)
				st = STATUS_OBJECT_PATH_NOT_FOUND;
			break;
		}
		next.mnt = k->cur.mnt;
		ob_reference(next.mnt);
		next.node = child;
		if (lxvfs_follow_mount(k->w->ns, &next) && (flags & LXVFS_WALK_NO_XDEV)) {
			lxvfs_path_put(&next);
			st = LXVFS_EXDEV;
			break;
		}

		if (S_ISLNK(next.node->type) &&
		    (!is_last || slash || (flags & LXVFS_WALK_FOLLOW))) {
			if (++k->links > LXVFS_MAX_LINKS) {
				lxvfs_path_put(&next);
				st = STATUS_REPARSE_POINT_NOT_RESOLVED;
				break;
			}
			st = lxvfs_may_follow(k, next.node);
			if (!NT_SUCCESS(st)) {
				lxvfs_path_put(&next);
				break;
			}
			if (!tbuf) {
				tbuf = kmalloc(LXVFS_PATH_MAX, GFP_KERNEL);
				if (!tbuf) {
					lxvfs_path_put(&next);
					st = STATUS_INSUFFICIENT_RESOURCES;
					break;
				}
			}
			st = lxvfs_read_link(next.node, tbuf, &tlen);
			lxvfs_path_put(&next);
			if (!NT_SUCCESS(st))
				break;
			if (!tlen) {
				st = STATUS_OBJECT_NAME_NOT_FOUND;
				break;
			}
			st = lxvfs_splice_link(k, tbuf, tlen, s, slash);
			if (!NT_SUCCESS(st))
				break;
			s = k->buf;
			spliced = true;
			/* A relative target resolves from the link's directory. */
			continue;
		}
		lxvfs_walker_move(k, &next);
	}
	if (NT_SUCCESS(st) && parent_only) {
		/* "/" or a path of only "." / "..": no last component. */
		*last = s;
		*last_len = 0;
		*trailing = slash;
	}
	if (NT_SUCCESS(st) && !parent_only &&
	    (slash || (flags & LXVFS_WALK_DIRECTORY)) && !S_ISDIR(k->cur.node->type))
		st = STATUS_NOT_A_DIRECTORY;
out:
	kfree(tbuf);
	return st;
}

static ntstatus lxvfs_walker_init(struct lxvfs_walker *k, const struct lxvfs_walk *w,
				const char *path)
{
	size_t len = strnlen(path, LXVFS_PATH_MAX);

	if (len >= LXVFS_PATH_MAX)
		return STATUS_NAME_TOO_LONG;
	memset(k, 0, sizeof(*k));
	k->w = w;
	k->buf = path;		/* copied at the first link only */
	/* No references taken while the walk stands on the caller's paths. */
	k->cur = w->start;
	k->borrowed = true;
	return STATUS_SUCCESS;
}

static void lxvfs_walker_done(struct lxvfs_walker *k)
{
	if (k->cur.node)
		lxvfs_walker_put(k);
	kfree(k->alloc);
}

/**
 * lxvfs_walk() - resolve @path
 * @w: where the walk starts and what it may do (its root and start stay
 *	referenced by the caller for the call: the walk takes none of its own
 *	while it stands on them)
 * @path: NUL-terminated, absolute or relative
 * @out: the result, referenced
 *
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND (ENOENT),
 * STATUS_OBJECT_PATH_NOT_FOUND (ENOENT), STATUS_NOT_A_DIRECTORY,
 * STATUS_ACCESS_DENIED, STATUS_REPARSE_POINT_NOT_RESOLVED (ELOOP),
 * STATUS_NAME_TOO_LONG.
 */
ntstatus lxvfs_walk(const struct lxvfs_walk *w, const char *path, struct lxvfs_path *out)
{
	struct lxvfs_walker k;
	ntstatus st;

	if (!*path && !(w->flags & LXVFS_WALK_EMPTY))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	st = lxvfs_walker_init(&k, w, path);
	if (!NT_SUCCESS(st))
		return st;
	st = lxvfs_walk_path(&k, false, NULL, NULL, NULL);
	if (NT_SUCCESS(st))
		lxvfs_walker_take(&k, out);
	lxvfs_walker_done(&k);
	return st;
}

/**
 * lxvfs_walk_parent_name() - resolve all but the last component of @path
 * @w: the walk
 * @path: NUL-terminated
 * @parent: the directory that would hold the last component, referenced
 * @last: a copy of the last component (NUL-terminated, LXVFS_NAME_MAX + 1
 *	bytes); empty if the path has none ("/", ".", "..": the caller
 *	decides what that means for it)
 * @trailing_slash: the path ended with '/'
 *
 * Return: as lxvfs_walk(); STATUS_OBJECT_NAME_NOT_FOUND for "".
 */
ntstatus lxvfs_walk_parent_name(const struct lxvfs_walk *w, const char *path,
			      struct lxvfs_path *parent, char *last,
			      bool *trailing_slash)
{
	struct lxvfs_walker k;
	const char *l = NULL;
	unsigned int len = 0;
	ntstatus st;

	if (!*path)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	st = lxvfs_walker_init(&k, w, path);
	if (!NT_SUCCESS(st))
		return st;
	st = lxvfs_walk_path(&k, true, &l, &len, trailing_slash);
	if (NT_SUCCESS(st) && !S_ISDIR(k.cur.node->type))
		st = STATUS_NOT_A_DIRECTORY;
	if (NT_SUCCESS(st)) {
		memcpy(last, l, len);
		last[len] = '\0';
		lxvfs_walker_take(&k, parent);
	}
	lxvfs_walker_done(&k);
	return st;
}

/* The name @child has in directory @dir, found by reading @dir. */
struct lxvfs_name_search {
	u64 ino;
	char *name;
	bool found;
};

static bool lxvfs_name_fill(void *ctx, const struct io_dirent *d)
{
	struct lxvfs_name_search *ns = ctx;

	if (d->ino != ns->ino || (d->len <= 2 && d->name[0] == '.' &&
				  (d->len == 1 || d->name[1] == '.')))
		return true;
	memcpy(ns->name, d->name, d->len);
	ns->name[d->len] = '\0';
	ns->found = true;
	return false;
}

/**
 * lxvfs_path_name() - the absolute path of directory @p as seen from @root
 * @ns: the tree
 * @root: the process's root
 * @p: a directory
 * @buf: the path, NUL-terminated ("/" for the root)
 * @len: room in @buf
 * @used: bytes used with the NUL
 *
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND (@p was removed, or
 * is not below @root), STATUS_NAME_TOO_LONG.
 */
ntstatus lxvfs_path_name(struct lxvfs_ns *ns, const struct lxvfs_path *root,
		       const struct lxvfs_path *p, char *buf, size_t len,
		       size_t *used)
{
	struct lxvfs_name_search search;
	struct lxvfs_path cur = *p, up;
	struct lxvfs_node *parent;
	char *name, *end;
	size_t pos = len;
	loff_t dpos;
	ntstatus st = STATUS_SUCCESS;

	if (len < 2)
		return STATUS_NAME_TOO_LONG;
	name = kmalloc(LXVFS_NAME_MAX + 1, GFP_KERNEL);
	if (!name)
		return STATUS_INSUFFICIENT_RESOURCES;
	lxvfs_path_get(&cur);
	buf[--pos] = '\0';
	while (!lxvfs_path_equal(&cur, root)) {
		if (lxvfs_is_mount_root(&cur)) {
			if (!lxvfs_mount_parent(ns, cur.mnt, &up)) {
				st = STATUS_OBJECT_NAME_NOT_FOUND;	/* outside root */
				break;
			}
			lxvfs_path_put(&cur);
			cur = up;
			continue;
		}
		st = cur.node->ops->parent(cur.node, &parent);
		if (!NT_SUCCESS(st))
			break;
		search.ino = cur.node->ino;
		search.name = name;
		search.found = false;
		dpos = 0;
		st = parent->ops->readdir(parent, &dpos, lxvfs_name_fill, &search);
		ob_dereference(cur.node);
		cur.node = parent;
		if (NT_SUCCESS(st) && !search.found)
			st = STATUS_OBJECT_NAME_NOT_FOUND;
		if (!NT_SUCCESS(st))
			break;
		end = name + strlen(name);
		if (pos < (size_t)(end - name) + 1 + 1) {
			st = STATUS_NAME_TOO_LONG;
			break;
		}
		pos -= end - name;
		memcpy(buf + pos, name, end - name);
		buf[--pos] = '/';
	}
	lxvfs_path_put(&cur);
	kfree(name);
	if (!NT_SUCCESS(st))
		return st;
	if (pos == len - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, len - pos);
	*used = len - pos;
	return STATUS_SUCCESS;
}
