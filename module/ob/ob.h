/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ob.h - the object manager: the map of module/ob/.
 *
 *   object.c     object types, headers, create / reference / dereference
 *   namespace.c  directory and symbolic-link objects, the root tree
 *                (\, \Device, \Instances), insertion and lookup by path
 *   handle.c     handle tables: one per pico process; fds are handles
 *   status.c     NTSTATUS -> errno, the one table (ntstatus.h)
 *
 * Every object is a body preceded by a struct ob_header, as in NT. Callers
 * hold body pointers. These files use only what ob_env.h provides, so the
 * userspace unit tests compile them unchanged (selftests/unit/).
 *
 * Locks and context:
 *  - Two kinds of lock, both spinlocks and both leaves: a directory's lock
 *    (its hash and the name, parent and flags of every object named in it)
 *    and a handle table's lock (its slots). No two ob/ locks are ever held
 *    together, and none is held across a call out of ob/: type procedures
 *    (close, delete, parse, query_name, access_check) and ob_dereference()
 *    always run with no ob/ lock held, so they may take any lock of their
 *    own and may sleep. Callers must not hold a spinlock when calling
 *    anything below that "may sleep".
 *  - May sleep: ob_create_object, ob_dereference, ob_flush_deferred,
 *    every function of namespace.c, and of handle.c all but
 *    ob_handle_get, ob_handle_table_get, ob_handle_table_users and
 *    ob_handle_count. Never sleep (any context): ob_reference,
 *    ob_reference_not_zero, ob_dereference_deferred, ob_handle_get and
 *    those three; ob_handle_opened too (handle tables call it under their
 *    lock, so it must stay a plain counter update).
 *  - Memory of every object and handle array is freed an RCU grace period
 *    after its last use; ob_exit() waits for all of it (rcu_barrier()), so
 *    it must run after the last object reference and handle table are gone.
 */
#ifndef LXCORE_OB_H
#define LXCORE_OB_H

#include "ntstatus.h"
#include "ob/ob_env.h"

/* ---- object types (object.c) ------------------------------------------ */

struct ob_parse_context;

/**
 * struct ob_type - what every object of one kind shares
 * @name: "Directory", "SymbolicLink", "File", "Process", ...
 * @body_size: size of the body ob_create_object() allocates (0: the
 *	caller passes it)
 * @valid_access: access bits a handle to this type may hold
 * @close: a handle to @obj was closed; @handles_left is the object's
 *	handle count after this close. May sleep.
 * @delete: the last reference is gone; release what the body holds (the
 *	memory itself is the object manager's). May sleep, unless the
 *	object is dereferenced with ob_dereference_deferred().
 * @parse: lookup reached @obj with @remaining (no leading '\') still to
 *	walk: resolve it (a device, a file system) and return a referenced
 *	object in *@out, or STATUS_REPARSE with pc->reparse set to a new
 *	absolute path. NULL: the object has no name space below it.
 * @query_name: write @obj's full name (NUL-terminated) into @buf.
 *	NULL: the object manager builds it from the directory chain.
 * @access_check: may a caller with @cred open @obj with @desired access?
 *	NULL: any access in @valid_access is granted.
 * @live: objects of this type alive now (leak accounting)
 */
struct ob_type {
	const char *name;
	size_t body_size;
	u32 valid_access;
	void (*close)(void *obj, unsigned long handles_left);
	void (*delete)(void *obj);
	ntstatus (*parse)(void *obj, struct ob_parse_context *pc,
			  const char *remaining, void **out);
	ntstatus (*query_name)(void *obj, char *buf, size_t len);
	ntstatus (*access_check)(void *obj, u32 desired, const void *cred);
	atomic64_t live;
};

/* Generic access bits (NT's layout); types define their own below 16. */
#define OB_ACCESS_DELETE	0x00010000U
#define OB_ACCESS_SYNCHRONIZE	0x00100000U
#define OB_ACCESS_ALL		0x001f01ffU
#define OB_ACCESS_READ_DATA	0x0001U		/* File: read */
#define OB_ACCESS_WRITE_DATA	0x0002U		/* File: write */

/* Header flags. */
#define OB_FLAG_PERMANENT	0x0001U	/* named; stays until made temporary */
#define OB_FLAG_NAMED		0x0002U	/* in a directory now */

struct ob_directory;

/**
 * struct ob_header - what precedes every object body
 * @type: the object's type, fixed at creation
 * @refs: references (every handle holds one, plus pointer references)
 * @handles: open handles to the object
 * @name: the object's name in @parent (NULL: unnamed)
 * @parent: the directory that holds it (a referenced pointer), or NULL
 * @dir_node: its entry in @parent's hash
 * @flags: OB_FLAG_*
 * @deferred: its link in the deferred-delete list
 * @rcu: the memory is freed an RCU grace period after the delete
 *	procedure ran, so handle lookups under rcu_read_lock() are safe
 */
struct ob_header {
	struct ob_type *type;
	refcount_t refs;
	atomic_long_t handles;
	char *name;
	struct ob_directory *parent;
	struct hlist_node dir_node;
	unsigned int flags;
	struct llist_node deferred;
	struct rcu_head rcu;
	/* the body follows, aligned for any type */
	unsigned long long body[] __aligned(16);
};

static inline struct ob_header *ob_header(const void *obj)
{
	return container_of((void *)obj, struct ob_header, body);
}

static inline struct ob_type *ob_type_of(const void *obj)
{
	return ob_header(obj)->type;
}

/* Objects of every type alive now (leak accounting, LXSS_IOC_GLOBAL). */
extern atomic64_t ob_live_objects;

/**
 * ob_create_object() - allocate a zeroed object of @type
 * @type: the object type
 * @body_size: the body size, or 0 for @type->body_size
 * @out: the new body, with one reference and no handle
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_create_object(struct ob_type *type, size_t body_size,
			  void **out);
void ob_reference(void *obj);
/* For lookups under RCU: fails once the last reference is gone. */
bool ob_reference_not_zero(void *obj);
/* Drops a reference; the last one runs @delete (may sleep). */
void ob_dereference(void *obj);
/* The same, from atomic context: the delete runs later, in a worker. */
void ob_dereference_deferred(void *obj);
/* Waits for every deferred delete queued so far (module exit, tests). */
void ob_flush_deferred(void);
/*
 * Handle counts: the handle tables call these, nobody else.
 * ob_handle_opened() runs under a table's spinlock: it must never sleep.
 */
void ob_handle_opened(void *obj);
void ob_handle_closed(void *obj);

/* ---- names and directories (namespace.c) ------------------------------- */

/* Internal to ob/: take a deleted or handle-less temporary object's name away. */
void ob_name_remove(struct ob_header *h);

#define OB_NAME_MAX		255	/* one path component */
#define OB_PATH_MAX		4096
#define OB_MAX_REPARSE		40	/* symbolic links followed in a lookup */

extern struct ob_type ob_directory_type;
extern struct ob_type ob_symlink_type;

/*
 * A lookup in progress. Parse procedures read @context (the caller's)
 * and may set @reparse (kmalloc'd absolute path; the lookup frees it).
 */
struct ob_parse_context {
	void *context;
	const void *cred;
	u32 desired_access;
	unsigned int attributes;	/* OB_LOOKUP_* */
	unsigned int reparse_count;
	char *reparse;
};

#define OB_LOOKUP_NOFOLLOW	0x1	/* a final symbolic link is the result */

/* The root directory "\" and its standard children. */
extern struct ob_directory *ob_root;
extern struct ob_directory *ob_device_dir;	/* \Device */
extern struct ob_directory *ob_instances_dir;	/* \Instances */

int ob_init(void);		/* builds the root tree; 0 or -ENOMEM */
void ob_exit(void);		/* tears it down */

/**
 * ob_create_directory() - a new directory object, unnamed
 */
ntstatus ob_create_directory(struct ob_directory **out);

/**
 * ob_create_symlink() - a symbolic link object whose target is @target
 * (an absolute object path)
 */
ntstatus ob_create_symlink(const char *target, void **out);

/**
 * ob_insert_object() - give @obj the name @name in @dir
 * @dir: the directory
 * @name: one component: 1..OB_NAME_MAX bytes, no '\', case-sensitive
 * @obj: an unnamed object
 * @permanent: the directory keeps a reference until ob_make_temporary();
 *	otherwise the name goes when the last handle closes
 *
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_COLLISION,
 * STATUS_OBJECT_NAME_INVALID (empty, or contains '\'),
 * STATUS_NAME_TOO_LONG (> OB_NAME_MAX), STATUS_INVALID_PARAMETER (already
 * named, or @obj is @dir), STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_insert_object(struct ob_directory *dir, const char *name,
			  void *obj, bool permanent);

/*
 * Remove @obj's name now, even with handles open (drops the directory's
 * reference if permanent). Nothing for an unnamed object.
 */
void ob_make_temporary(void *obj);

/**
 * ob_lookup_object() - find an object by absolute path
 * @path: "\Device\NamedPipe\x": starts with '\'; empty components invalid
 * @pc: the parse context (may be NULL: no context, follow links)
 * @type: the type the result must have, or NULL for any
 * @out: the object, referenced
 *
 * Walks directories; a symbolic link restarts the walk at its target
 * (OB_MAX_REPARSE times at most: then STATUS_REPARSE_POINT_NOT_RESOLVED);
 * an object with a parse procedure receives the rest of the path (it is
 * not called when it is the last component: the object itself is the
 * result). Links and parse reparses share the OB_MAX_REPARSE count.
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND (last component),
 * STATUS_OBJECT_PATH_NOT_FOUND (an earlier one), STATUS_OBJECT_PATH_INVALID
 * (an earlier component is not a directory), STATUS_OBJECT_NAME_INVALID
 * (empty component: doubled or trailing '\'), STATUS_OBJECT_PATH_SYNTAX_BAD
 * (not absolute), STATUS_NAME_TOO_LONG (component > OB_NAME_MAX, path >=
 * OB_PATH_MAX), STATUS_OBJECT_TYPE_MISMATCH, ...
 */
ntstatus ob_lookup_object(const char *path, struct ob_parse_context *pc,
			  const struct ob_type *type, void **out);

/**
 * ob_query_name() - the object's full path ("\Instances\3\x") in @buf
 * Return: STATUS_SUCCESS, STATUS_BUFFER_TOO_SMALL, STATUS_OBJECT_NAME_NOT_FOUND
 * (unnamed).
 */
ntstatus ob_query_name(void *obj, char *buf, size_t len);

/* ---- handle tables (handle.c) ------------------------------------------ */

/*
 * A handle table: handle numbers are Linux fd numbers (lowest free first).
 * Each handle holds a reference to its object, the access it was granted,
 * and the close-on-exec flag. Lookups take no lock (RCU); changes take the
 * table's spinlock. Shared by the threads of a process (and by processes
 * created with CLONE_FILES): @users counts the tasks that use it.
 */
struct ob_handle_table;

#define OB_HANDLE_CLOEXEC	0x1U	/* close on exec */

/* The most handles any table may hold (Linux's default fs.nr_open). */
#define OB_HANDLE_MAX		(1U << 20)

struct ob_handle_table *ob_handle_table_create(void);
/* A copy for fork: every handle duplicated (same objects, flags, access). */
ntstatus ob_handle_table_copy(struct ob_handle_table *src,
			      struct ob_handle_table **out);
void ob_handle_table_get(struct ob_handle_table *t);	/* one more user */
/* One user fewer; the last closes every handle (may sleep). */
void ob_handle_table_put(struct ob_handle_table *t);
/* Number of users (1: no other task can change the table meanwhile). */
unsigned int ob_handle_table_users(const struct ob_handle_table *t);
/* Close every handle flagged OB_HANDLE_CLOEXEC (exec). */
void ob_handle_close_on_exec(struct ob_handle_table *t);
/* Open handles in the table. */
unsigned int ob_handle_count(struct ob_handle_table *t);
/* The first open handle >= @from, and its object (referenced) if @obj. */
ntstatus ob_handle_next(struct ob_handle_table *t, unsigned int from,
			unsigned int *h, void **obj);

/**
 * ob_handle_insert() - a new handle to @obj: the lowest free >= @min
 * @limit: handle numbers must be < @limit (RLIMIT_NOFILE)
 * @access: granted access bits
 * @flags: OB_HANDLE_*
 * @out: the handle number
 *
 * Takes its own reference to @obj. Return: STATUS_SUCCESS,
 * STATUS_TOO_MANY_OPENED_FILES (none free below @limit),
 * STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_handle_insert(struct ob_handle_table *t, void *obj, u32 access,
			  unsigned int flags, unsigned int min,
			  unsigned int limit, unsigned int *out);

/*
 * ob_handle_insert_many() - @n new handles made visible together: the @n
 * lowest free numbers >= @min (pipe2: no other thread ever sees one end
 * without the other). Return: as ob_handle_insert().
 */
#define OB_HANDLE_INSERT_MAX	2
ntstatus ob_handle_insert_many(struct ob_handle_table *t, void *const *objs,
			       const u32 *access, unsigned int n,
			       unsigned int flags, unsigned int min,
			       unsigned int limit, unsigned int *out);

/**
 * ob_handle_insert_at() - make handle @h refer to @obj (dup2/dup3)
 * An open handle @h is closed first, atomically with the replacement.
 * Return: STATUS_SUCCESS, STATUS_INVALID_HANDLE (@h >= @limit),
 * STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_handle_insert_at(struct ob_handle_table *t, unsigned int h,
			     void *obj, u32 access, unsigned int flags,
			     unsigned int limit);

/**
 * ob_handle_close() - close handle @h
 * Return: STATUS_SUCCESS or STATUS_INVALID_HANDLE.
 */
ntstatus ob_handle_close(struct ob_handle_table *t, unsigned int h);

/* close_range(first, last): closes (or only flags cloexec) every open one. */
void ob_handle_close_range(struct ob_handle_table *t, unsigned int first,
			   unsigned int last, bool cloexec_only);

/* Flags of an open handle (F_GETFD/F_SETFD). */
ntstatus ob_handle_get_flags(struct ob_handle_table *t, unsigned int h,
			     unsigned int *flags);
ntstatus ob_handle_set_flags(struct ob_handle_table *t, unsigned int h,
			     unsigned int flags);

/*
 * A handle resolved for the length of one call, like the kernel's fdget():
 * when the table has a single user, no reference is taken (no other task
 * can close it meanwhile).
 */
struct ob_href {
	void *obj;
	u32 access;
	bool owned;	/* a reference to drop in ob_handle_put() */
};

/**
 * ob_handle_get() - resolve handle @h without a lock
 * @type: the type required (STATUS_OBJECT_TYPE_MISMATCH otherwise), or NULL
 * @ref: filled on success
 *
 * Never sleeps. With ref->owned false (a single-user table) the object is
 * valid only until the caller itself closes or replaces handle @h.
 * Return: STATUS_SUCCESS, STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH.
 */
ntstatus ob_handle_get(struct ob_handle_table *t, unsigned int h,
		       const struct ob_type *type, struct ob_href *ref);
void ob_handle_put(struct ob_href *ref);

/* Leak accounting: handle tables alive now. */
extern atomic64_t ob_live_tables;

#endif /* LXCORE_OB_H */
