// SPDX-License-Identifier: GPL-2.0
/*
 * The object name space: directory objects (a hash of named children),
 * symbolic-link objects, the root tree (\, \Device, \Instances), giving
 * an object a name and finding one by path.
 *
 * Locking: each directory has a spinlock that guards its hash and the
 * name, parent and flags of every object named in it. No two of these
 * locks are ever held together, and none is held across a call out of
 * this file (parse, delete, close, query_name, access_check, or any
 * ob_dereference()). A named object holds a reference on its directory,
 * so "h->parent == dir while dir->lock is held and h is named" proves dir
 * alive. A name may still point at an object whose last reference is
 * gone (a temporary object being deleted): lookups take references with
 * ob_reference_not_zero() and skip such an object.
 */
#include "ob/ob.h"

#define OB_DIR_BUCKETS	64	/* a power of two */

struct ob_directory {
	spinlock_t lock;		/* the hash and the names in it */
	unsigned int count;		/* named children */
	struct hlist_head buckets[OB_DIR_BUCKETS];
};

struct ob_symlink {
	char *target;			/* absolute, checked; never changes */
};

static void ob_directory_delete(void *obj);
static void ob_symlink_delete(void *obj);

struct ob_type ob_directory_type = {
	.name = "Directory",
	.body_size = sizeof(struct ob_directory),
	.valid_access = OB_ACCESS_ALL,
	.delete = ob_directory_delete,
	.live = ATOMIC64_INIT(0),
};

struct ob_type ob_symlink_type = {
	.name = "SymbolicLink",
	.body_size = sizeof(struct ob_symlink),
	.valid_access = OB_ACCESS_ALL,
	.delete = ob_symlink_delete,
	.live = ATOMIC64_INIT(0),
};

struct ob_directory *ob_root;
struct ob_directory *ob_device_dir;
struct ob_directory *ob_instances_dir;

/* ---- names -------------------------------------------------------------- */

/* FNV-1a: names are short and few; the hash need not resist anyone. */
static unsigned int ob_name_bucket(const char *name, size_t len)
{
	u32 hash = 2166136261U;

	while (len--) {
		hash ^= (unsigned char)*name++;
		hash *= 16777619U;
	}
	return (hash ^ (hash >> 16)) & (OB_DIR_BUCKETS - 1);
}

/*
 * Path syntax, NT's choices: a path that does not start with '\' is
 * STATUS_OBJECT_PATH_SYNTAX_BAD (a relative name needs a root); an empty
 * component anywhere (a doubled or trailing '\') is
 * STATUS_OBJECT_NAME_INVALID; a component longer than OB_NAME_MAX, or a
 * path of OB_PATH_MAX bytes or more, is STATUS_NAME_TOO_LONG. "\" alone
 * is the root. The whole path is checked before the walk, so the status
 * does not depend on which objects exist, and a parse procedure always
 * receives well-formed components.
 */
static ntstatus ob_check_path(const char *path)
{
	const char *p = path, *end;

	if (*p != '\\')
		return STATUS_OBJECT_PATH_SYNTAX_BAD;
	if (strnlen(path, OB_PATH_MAX) >= OB_PATH_MAX)
		return STATUS_NAME_TOO_LONG;
	if (!p[1])
		return STATUS_SUCCESS;
	do {
		p++;
		for (end = p; *end && *end != '\\'; end++)
			;
		if (end == p)
			return STATUS_OBJECT_NAME_INVALID;
		if (end - p > OB_NAME_MAX)
			return STATUS_NAME_TOO_LONG;
		p = end;
	} while (*p);
	return STATUS_SUCCESS;
}

/* One component, as ob_insert_object() takes it. */
static ntstatus ob_check_name(const char *name, size_t *lenp)
{
	size_t len = strnlen(name, OB_NAME_MAX + 1);

	if (len > OB_NAME_MAX)
		return STATUS_NAME_TOO_LONG;
	if (!len || memchr(name, '\\', len))
		return STATUS_OBJECT_NAME_INVALID;
	*lenp = len;
	return STATUS_SUCCESS;
}

/*
 * The child of @dir named @name[0..len). With @ref, it is returned
 * referenced and a child at refcount zero (being deleted) is skipped; the
 * walk goes on, since a live object may carry the same name. Without, any
 * child whose refcount is not zero counts (a collision check).
 * Called with dir->lock held.
 */
static struct ob_header *ob_dir_find(struct ob_directory *dir,
				     const char *name, size_t len, bool ref)
{
	struct ob_header *h;

	hlist_for_each_entry(h, &dir->buckets[ob_name_bucket(name, len)],
			     dir_node) {
		if (strncmp(h->name, name, len) || h->name[len])
			continue;
		if (ref ? ob_reference_not_zero(h->body) :
			  refcount_read(&h->refs) != 0)
			return h;
	}
	return NULL;
}

/* The referenced child of @dir, or NULL. Never sleeps. */
static void *ob_dir_lookup(struct ob_directory *dir, const char *name,
			   size_t len)
{
	struct ob_header *h;

	spin_lock(&dir->lock);
	h = ob_dir_find(dir, name, len, true);
	spin_unlock(&dir->lock);
	return h ? h->body : NULL;
}

/* ---- directories and symbolic links ------------------------------------- */

static void ob_directory_delete(void *obj)
{
	struct ob_directory *dir = obj;

	/* Every named child holds a reference on its directory. */
	WARN_ON(dir->count);
}

/**
 * ob_create_directory() - a new directory object, unnamed
 * @out: the directory, with one reference
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_create_directory(struct ob_directory **out)
{
	struct ob_directory *dir;
	ntstatus st;
	void *obj;
	int i;

	st = ob_create_object(&ob_directory_type, 0, &obj);
	if (!NT_SUCCESS(st))
		return st;
	dir = obj;
	spin_lock_init(&dir->lock);
	for (i = 0; i < OB_DIR_BUCKETS; i++)
		INIT_HLIST_HEAD(&dir->buckets[i]);
	*out = dir;
	return STATUS_SUCCESS;
}

static void ob_symlink_delete(void *obj)
{
	struct ob_symlink *link = obj;

	kfree(link->target);
}

/**
 * ob_create_symlink() - a symbolic link object
 * @target: an absolute object path, checked as ob_lookup_object() checks
 *	paths; copied
 * @out: the link, with one reference
 *
 * The target is resolved at each lookup, so it need not exist yet.
 *
 * Return: STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES, or the syntax
 * errors of ob_lookup_object().
 */
ntstatus ob_create_symlink(const char *target, void **out)
{
	struct ob_symlink *link;
	ntstatus st;
	void *obj;

	st = ob_check_path(target);
	if (!NT_SUCCESS(st))
		return st;
	st = ob_create_object(&ob_symlink_type, 0, &obj);
	if (!NT_SUCCESS(st))
		return st;
	link = obj;
	link->target = kstrdup(target, GFP_KERNEL_ACCOUNT);
	if (!link->target) {
		ob_dereference(obj);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	*out = obj;
	return STATUS_SUCCESS;
}

/* ---- insertion and removal ---------------------------------------------- */

/**
 * ob_insert_object() - give @obj the name @name in @dir
 * @dir: the directory (the caller holds a reference)
 * @name: one component: 1..OB_NAME_MAX bytes, no '\', case-sensitive;
 *	copied
 * @obj: an unnamed object (the caller holds a reference)
 * @permanent: the directory keeps a reference on @obj until
 *	ob_make_temporary(); otherwise the name goes when the last handle
 *	to @obj closes, or with @obj itself if it never had one
 *
 * While named, @obj holds a reference on @dir. May sleep (allocates).
 *
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_COLLISION (a live object has
 * that name), STATUS_OBJECT_NAME_INVALID, STATUS_NAME_TOO_LONG,
 * STATUS_INVALID_PARAMETER (@obj is named already, or is @dir),
 * STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_insert_object(struct ob_directory *dir, const char *name,
			  void *obj, bool permanent)
{
	struct ob_header *h = ob_header(obj);
	unsigned int flags = OB_FLAG_NAMED;
	size_t len;
	ntstatus st;
	char *copy;

	st = ob_check_name(name, &len);
	if (!NT_SUCCESS(st))
		return st;
	if (obj == (void *)dir)
		return STATUS_INVALID_PARAMETER;
	copy = kmemdup(name, len + 1, GFP_KERNEL_ACCOUNT);
	if (!copy)
		return STATUS_INSUFFICIENT_RESOURCES;
	/* Claim @obj: two insertions into different directories may race. */
	if (cmpxchg(&h->parent, NULL, dir)) {
		st = STATUS_INVALID_PARAMETER;
		goto err_free_copy;
	}
	spin_lock(&dir->lock);
	if (ob_dir_find(dir, copy, len, false)) {
		spin_unlock(&dir->lock);
		WRITE_ONCE(h->parent, NULL);
		st = STATUS_OBJECT_NAME_COLLISION;
		goto err_free_copy;
	}
	ob_reference(dir);		/* held by @obj while named */
	if (permanent) {
		ob_reference(obj);	/* held by @dir */
		flags |= OB_FLAG_PERMANENT;
	}
	h->name = copy;
	hlist_add_head(&h->dir_node, &dir->buckets[ob_name_bucket(copy, len)]);
	dir->count++;
	WRITE_ONCE(h->flags, h->flags | flags);
	spin_unlock(&dir->lock);
	return STATUS_SUCCESS;

err_free_copy:
	kfree(copy);
	return st;
}

/*
 * Take @h's name away. @force (ob_make_temporary): whatever the object's
 * state. Otherwise (last handle closed, or deleted) only a temporary name
 * with no handle open goes: a handle opened since the caller looked keeps
 * it. May sleep: drops the directory's reference (and with @force the one
 * a permanent name held).
 */
static void ob_unname(struct ob_header *h, bool force)
{
	struct ob_directory *dir;
	bool was_permanent;
	char *name;

	/* The directory's memory outlives a grace period after its delete. */
	rcu_read_lock();
	dir = READ_ONCE(h->parent);
	if (!dir) {
		rcu_read_unlock();
		return;
	}
	spin_lock(&dir->lock);
	if (h->parent != dir || !(h->flags & OB_FLAG_NAMED) ||
	    (!force && ((h->flags & OB_FLAG_PERMANENT) ||
			atomic_long_read(&h->handles) > 0))) {
		spin_unlock(&dir->lock);
		rcu_read_unlock();
		return;
	}
	hlist_del_init(&h->dir_node);
	dir->count--;
	name = h->name;
	h->name = NULL;
	was_permanent = h->flags & OB_FLAG_PERMANENT;
	WRITE_ONCE(h->flags, h->flags & ~(OB_FLAG_NAMED | OB_FLAG_PERMANENT));
	WRITE_ONCE(h->parent, NULL);
	spin_unlock(&dir->lock);
	rcu_read_unlock();

	kfree(name);
	if (was_permanent)
		ob_dereference(h->body);
	ob_dereference(dir);
}

/**
 * ob_name_remove() - a temporary object's name goes (object.c only)
 * @h: the object's header
 *
 * Called when the last handle to a temporary named object closed, and
 * when a named object is deleted. Does nothing if the name went already,
 * is permanent, or a handle was opened meanwhile. May sleep.
 */
void ob_name_remove(struct ob_header *h)
{
	ob_unname(h, false);
}

/**
 * ob_make_temporary() - remove @obj's name now
 * @obj: a named object (the caller holds a reference)
 *
 * Permanent or not, the name goes at once (open handles keep the object,
 * not its name) and a permanent name's reference is dropped. Does nothing
 * for an unnamed object. May sleep.
 */
void ob_make_temporary(void *obj)
{
	ob_unname(ob_header(obj), true);
}

/* ---- lookup ------------------------------------------------------------- */

/*
 * A link or a parse procedure sends the walk to @target (checked by the
 * caller's restart), followed by @rest if not empty. The new path is
 * built in a fresh buffer because @rest may point into the old one.
 */
static ntstatus ob_reparse_path(const char *target, const char *rest,
				char **out)
{
	size_t tlen = strlen(target), rlen = strlen(rest);
	bool sep = rlen && !(tlen == 1 && target[0] == '\\');
	char *buf;

	if (tlen + sep + rlen >= OB_PATH_MAX)
		return STATUS_NAME_TOO_LONG;
	buf = kmalloc(tlen + sep + rlen + 1, GFP_KERNEL);
	if (!buf)
		return STATUS_INSUFFICIENT_RESOURCES;
	memcpy(buf, target, tlen);
	if (sep)
		buf[tlen] = '\\';
	memcpy(buf + tlen + sep, rest, rlen + 1);
	*out = buf;
	return STATUS_SUCCESS;
}

/* Hand @rest to @obj's parse procedure; no lock is held. */
static ntstatus ob_call_parse(void *obj, struct ob_parse_context *pc,
			      const char *rest, void **out)
{
	ntstatus st;

	*out = NULL;
	/* Never left set by the lookup: whatever is there is not ours. */
	pc->reparse = NULL;
	st = ob_type_of(obj)->parse(obj, pc, rest, out);
	if (st == STATUS_REPARSE) {
		if (WARN_ON(!pc->reparse || *out))
			st = STATUS_INTERNAL_ERROR;
		return st;
	}
	/* A reparse path set without STATUS_REPARSE is ignored. */
	kfree(pc->reparse);
	pc->reparse = NULL;
	if (NT_SUCCESS(st) && WARN_ON(!*out))
		return STATUS_INTERNAL_ERROR;
	if (!NT_SUCCESS(st) && WARN_ON(*out)) {
		ob_dereference(*out);
		*out = NULL;
	}
	return st;
}

/**
 * ob_lookup_object() - find an object by absolute path
 * @path: "\Device\NamedPipe\x": starts with '\'; no empty component, so
 *	no doubled or trailing '\' ("\" alone is the root)
 * @pc: the parse context (NULL: none; links are followed). Its
 *	reparse_count counts links and reparses across the whole lookup;
 *	start it at zero.
 * @type: the type the result must have, or NULL for any
 * @out: the object, referenced
 *
 * Walks directories from the root under their locks, one at a time. A
 * symbolic link restarts the walk at its target with the rest of the
 * path appended, unless it is the last component and @pc has
 * OB_LOOKUP_NOFOLLOW (the link itself is the result). An object whose type
 * has a parse procedure and that is not the last component receives the
 * rest of the path (no leading '\') with no lock held; its result is the
 * lookup's, or its STATUS_REPARSE restarts the walk at pc->reparse. Links
 * and reparses together: at most OB_MAX_REPARSE. An object found in a
 * directory passes its type's access_check with pc->desired_access and
 * pc->cred; a parse procedure checks what it returns itself. May sleep.
 *
 * Return: STATUS_SUCCESS (or a parse procedure's success code),
 * STATUS_OBJECT_NAME_NOT_FOUND (the last component is missing),
 * STATUS_OBJECT_PATH_NOT_FOUND (an earlier one), STATUS_OBJECT_PATH_INVALID
 * (an earlier component is neither a directory nor parsable),
 * STATUS_OBJECT_PATH_SYNTAX_BAD (not absolute), STATUS_OBJECT_NAME_INVALID
 * (empty component), STATUS_NAME_TOO_LONG, STATUS_OBJECT_TYPE_MISMATCH,
 * STATUS_REPARSE_POINT_NOT_RESOLVED (too many links or reparses),
 * STATUS_INSUFFICIENT_RESOURCES, or an error of a parse or access_check
 * procedure.
 */
ntstatus ob_lookup_object(const char *path, struct ob_parse_context *pc,
			  const struct ob_type *type, void **out)
{
	struct ob_parse_context none = {};
	const char *p = path, *end;
	char *buf = NULL, *next_buf;
	void *cur, *next;
	ntstatus st;
	bool last;

	*out = NULL;
	if (!pc)
		pc = &none;
	if (!path)
		return STATUS_OBJECT_PATH_SYNTAX_BAD;
restart:
	st = ob_check_path(p);
	if (!NT_SUCCESS(st))
		goto out;
	cur = ob_root;
	ob_reference(cur);
	p++;
	while (*p) {
		for (end = p; *end && *end != '\\'; end++)
			;
		last = !*end;
		if (ob_type_of(cur) != &ob_directory_type) {
			st = STATUS_OBJECT_PATH_INVALID;
			goto err_put_cur;
		}
		next = ob_dir_lookup(cur, p, end - p);
		if (!next) {
			st = last ? STATUS_OBJECT_NAME_NOT_FOUND :
				    STATUS_OBJECT_PATH_NOT_FOUND;
			goto err_put_cur;
		}
		ob_dereference(cur);
		cur = next;
		p = last ? end : end + 1;

		if (ob_type_of(cur) == &ob_symlink_type &&
		    !(last && (pc->attributes & OB_LOOKUP_NOFOLLOW))) {
			struct ob_symlink *link = cur;

			if (++pc->reparse_count > OB_MAX_REPARSE) {
				st = STATUS_REPARSE_POINT_NOT_RESOLVED;
				goto err_put_cur;
			}
			st = ob_reparse_path(link->target, p, &next_buf);
			ob_dereference(cur);
			if (!NT_SUCCESS(st))
				goto out;
			kfree(buf);
			p = buf = next_buf;
			goto restart;
		}
		if (!last && ob_type_of(cur)->parse) {
			st = ob_call_parse(cur, pc, p, &next);
			ob_dereference(cur);
			if (st == STATUS_REPARSE) {
				next_buf = pc->reparse;
				pc->reparse = NULL;
				kfree(buf);
				p = buf = next_buf;
				if (++pc->reparse_count > OB_MAX_REPARSE) {
					st = STATUS_REPARSE_POINT_NOT_RESOLVED;
					goto out;
				}
				goto restart;
			}
			if (!NT_SUCCESS(st))
				goto out;
			cur = next;
			goto check_type;
		}
	}
	if (ob_type_of(cur)->access_check) {
		st = ob_type_of(cur)->access_check(cur, pc->desired_access,
						   pc->cred);
		if (!NT_SUCCESS(st))
			goto err_put_cur;
	}
check_type:
	if (type && ob_type_of(cur) != type) {
		st = STATUS_OBJECT_TYPE_MISMATCH;
		goto err_put_cur;
	}
	*out = cur;
	goto out;

err_put_cur:
	ob_dereference(cur);
out:
	kfree(buf);
	return st;
}

/**
 * ob_query_name() - the object's full path ("\Instances\3\x") in @buf
 * @obj: the object (the caller holds a reference)
 * @buf: the buffer, NUL-terminated on success
 * @len: its size in bytes
 *
 * Uses the type's query_name procedure if it has one; otherwise builds
 * the path from the chain of directories, each read under its lock. May
 * sleep.
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_TOO_SMALL,
 * STATUS_OBJECT_NAME_NOT_FOUND (unnamed, or in a directory that is not
 * reachable from the root), STATUS_NAME_TOO_LONG (OB_PATH_MAX bytes or
 * more), STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_query_name(void *obj, char *buf, size_t len)
{
	struct ob_directory *dir;
	struct ob_header *h;
	size_t pos, n;
	void *cur = obj;
	ntstatus st;
	char *tmp;

	if (ob_type_of(obj)->query_name)
		return ob_type_of(obj)->query_name(obj, buf, len);
	tmp = kmalloc(OB_PATH_MAX, GFP_KERNEL);
	if (!tmp)
		return STATUS_INSUFFICIENT_RESOURCES;
	/* Built backwards from the end of tmp: name, '\', parent's name... */
	pos = OB_PATH_MAX - 1;
	tmp[pos] = '\0';
	while (cur != (void *)ob_root) {
		h = ob_header(cur);
		rcu_read_lock();
		dir = READ_ONCE(h->parent);
		if (!dir) {
			rcu_read_unlock();
			st = STATUS_OBJECT_NAME_NOT_FOUND;
			goto out;
		}
		spin_lock(&dir->lock);
		if (h->parent != dir || !(h->flags & OB_FLAG_NAMED)) {
			st = STATUS_OBJECT_NAME_NOT_FOUND;
			goto err_unlock;
		}
		n = strlen(h->name);
		if (n + 1 > pos) {
			st = STATUS_NAME_TOO_LONG;
			goto err_unlock;
		}
		pos -= n;
		memcpy(tmp + pos, h->name, n);
		tmp[--pos] = '\\';
		ob_reference(dir);	/* alive: h holds a reference */
		spin_unlock(&dir->lock);
		rcu_read_unlock();
		if (cur != obj)
			ob_dereference(cur);
		cur = dir;
	}
	if (pos == OB_PATH_MAX - 1)	/* the root itself */
		tmp[--pos] = '\\';
	n = OB_PATH_MAX - pos;
	if (n > len) {
		st = STATUS_BUFFER_TOO_SMALL;
		goto out;
	}
	memcpy(buf, tmp + pos, n);
	st = STATUS_SUCCESS;
	goto out;

err_unlock:
	spin_unlock(&dir->lock);
	rcu_read_unlock();
out:
	if (cur != obj)
		ob_dereference(cur);
	kfree(tmp);
	return st;
}

/* ---- the root tree ------------------------------------------------------ */

static ntstatus ob_create_std_dir(const char *name, struct ob_directory **out)
{
	struct ob_directory *dir;
	ntstatus st;

	st = ob_create_directory(&dir);
	if (!NT_SUCCESS(st))
		return st;
	st = ob_insert_object(ob_root, name, dir, true);
	if (!NT_SUCCESS(st)) {
		ob_dereference(dir);
		return st;
	}
	*out = dir;
	return STATUS_SUCCESS;
}

static void ob_put_std_dir(struct ob_directory **dirp)
{
	struct ob_directory *dir = *dirp;

	if (!dir)
		return;
	*dirp = NULL;
	ob_make_temporary(dir);
	ob_dereference(dir);
}

/**
 * ob_init() - build the root tree: \, \Device and \Instances, permanent
 *
 * Context: may sleep. The three globals hold one reference each until
 * ob_exit().
 * Return: 0 or -ENOMEM.
 */
int ob_init(void)
{
	if (!NT_SUCCESS(ob_create_directory(&ob_root)))
		return -ENOMEM;
	if (!NT_SUCCESS(ob_create_std_dir("Device", &ob_device_dir)))
		goto err_exit;
	if (!NT_SUCCESS(ob_create_std_dir("Instances", &ob_instances_dir)))
		goto err_exit;
	return 0;

err_exit:
	ob_exit();
	return -ENOMEM;
}

/**
 * ob_exit() - tear the root tree down and wait for every deferred delete
 * and RCU callback of the object manager
 *
 * Objects still alive then (a leak, or a permanent name never made
 * temporary) are reported. May sleep.
 */
void ob_exit(void)
{
	s64 left;

	ob_put_std_dir(&ob_instances_dir);
	ob_put_std_dir(&ob_device_dir);
	if (ob_root) {
		ob_dereference(ob_root);
		ob_root = NULL;
	}
	ob_flush_deferred();
	/* Frees queued by the deferred deletes wait on a grace period too. */
	rcu_barrier();
	left = atomic64_read(&ob_live_objects);
	if (left)
		pr_warn("lxcore: ob: %lld objects left at exit\n", left);
}
