// SPDX-License-Identifier: GPL-2.0
/*
 * Handle tables: a pico process's fds. Handle numbers are Linux fd numbers
 * (lowest free first); each handle holds a reference to its object, the
 * access it was granted and its close-on-exec flag.
 *
 * Built like the kernel's fdtable (fs/file.c): the slots live in an array
 * that RCU protects and that growth replaces, so ob_handle_get() takes no
 * lock. A slot points to an immutable entry (object, access) freed a grace
 * period after its handle closed, so a reader always sees an object and
 * the access granted with it, never one handle's object with another's
 * access. Writers hold the table's spinlock, allocate with it dropped, and
 * drop object references (which may sleep) after releasing it.
 */
#include "ob/ob.h"

#define OB_FDT_MIN	BITS_PER_LONG	/* slots in a new table */

/* One open handle. Never changes while published. */
struct ob_handle_entry {
	void *obj;
	u32 access;
	struct ob_handle_entry *next;	/* on a private list (closing, spare) */
	struct rcu_head rcu;
};

/* The slots, replaced as a whole when the table grows. */
struct ob_fdt {
	unsigned int max;			/* slots: a power of two */
	struct ob_handle_entry __rcu **slots;
	unsigned long *open;			/* bit set: slot in use */
	unsigned long *cloexec;			/* bit set: OB_HANDLE_CLOEXEC */
	struct rcu_head rcu;
};

struct ob_handle_table {
	refcount_t users;
	spinlock_t lock;		/* writers: fdt, its slots and bitmaps */
	struct ob_fdt __rcu *fdt;
	unsigned int next_free;		/* every handle below it is open */
	unsigned int count;		/* open handles */
	struct rcu_head rcu;
};

atomic64_t ob_live_tables = ATOMIC64_INIT(0);

/* ---- slot arrays -------------------------------------------------------- */

static unsigned int ob_fdt_size(unsigned int want)
{
	unsigned int nr = OB_FDT_MIN;

	while (nr < want && nr < OB_HANDLE_MAX)
		nr <<= 1;
	return nr;
}

static void ob_fdt_free(struct ob_fdt *fdt)
{
	kvfree(fdt->open);
	kvfree(fdt->slots);
	kfree(fdt);
}

static void ob_fdt_free_rcu(struct rcu_head *rcu)
{
	ob_fdt_free(container_of(rcu, struct ob_fdt, rcu));
}

/* @nr: a multiple of BITS_PER_LONG. May sleep. */
static struct ob_fdt *ob_fdt_alloc(unsigned int nr)
{
	struct ob_fdt *fdt;

	fdt = kmalloc(sizeof(*fdt), GFP_KERNEL_ACCOUNT);
	if (!fdt)
		return NULL;
	fdt->max = nr;
	fdt->slots = kvcalloc(nr, sizeof(*fdt->slots), GFP_KERNEL_ACCOUNT);
	fdt->open = kvcalloc(2 * BITS_TO_LONGS(nr), sizeof(unsigned long),
			     GFP_KERNEL_ACCOUNT);
	if (!fdt->slots || !fdt->open) {
		ob_fdt_free(fdt);
		return NULL;
	}
	fdt->cloexec = fdt->open + BITS_TO_LONGS(nr);
	return fdt;
}

static struct ob_fdt *ob_fdt_locked(struct ob_handle_table *t)
{
	return rcu_dereference_protected(t->fdt, lockdep_is_held(&t->lock));
}

static struct ob_handle_entry *ob_slot_locked(struct ob_handle_table *t,
					      struct ob_fdt *fdt,
					      unsigned int h)
{
	return rcu_dereference_protected(fdt->slots[h],
					 lockdep_is_held(&t->lock));
}

/*
 * Make @t hold at least @h + 1 slots. Drops t->lock to allocate and takes
 * it again: the caller must re-read the table. Another writer may have
 * grown it meanwhile; the spare array then goes after a grace period (not
 * freed here: kvfree() may sleep).
 */
static ntstatus ob_handle_expand(struct ob_handle_table *t, unsigned int h)
	__must_hold(&t->lock)
{
	struct ob_fdt *old, *new;

	spin_unlock(&t->lock);
	new = ob_fdt_alloc(ob_fdt_size(h + 1));
	spin_lock(&t->lock);
	if (!new)
		return STATUS_INSUFFICIENT_RESOURCES;
	old = ob_fdt_locked(t);
	if (old->max >= new->max) {
		call_rcu(&new->rcu, ob_fdt_free_rcu);
		return STATUS_SUCCESS;
	}
	memcpy(new->slots, old->slots, old->max * sizeof(*old->slots));
	memcpy(new->open, old->open, BITS_TO_LONGS(old->max) * sizeof(long));
	memcpy(new->cloexec, old->cloexec,
	       BITS_TO_LONGS(old->max) * sizeof(long));
	/* Readers of the old array re-check t->fdt after their reference. */
	rcu_assign_pointer(t->fdt, new);
	call_rcu(&old->rcu, ob_fdt_free_rcu);
	return STATUS_SUCCESS;
}

/* ---- entries ------------------------------------------------------------ */

/* A new entry holding its own reference to @obj. May sleep. */
static struct ob_handle_entry *ob_entry_alloc(void *obj, u32 access)
{
	struct ob_handle_entry *e;

	e = kmalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	ob_reference(obj);
	e->obj = obj;
	e->access = access;
	e->next = NULL;
	return e;
}

/* An entry never published. May sleep. */
static void ob_entry_discard(struct ob_handle_entry *e)
{
	ob_dereference(e->obj);
	kfree(e);
}

/* A handle closed: count it, drop its reference. Never under t->lock. */
static void ob_entry_release(struct ob_handle_entry *e)
{
	void *obj = e->obj;

	/* Readers may still hold @e: it goes after a grace period. */
	kfree_rcu(e, rcu);
	ob_handle_closed(obj);
	ob_dereference(obj);
}

static void ob_entry_release_list(struct ob_handle_entry *list)
{
	struct ob_handle_entry *e;

	while (list) {
		e = list;
		list = e->next;
		ob_entry_release(e);
	}
}

/*
 * Publish @e in free slot @h. ob_handle_opened() runs before the slot is
 * visible, so a close from another thread cannot count the handle closed
 * before it was counted open.
 */
static void ob_slot_install(struct ob_handle_table *t, struct ob_fdt *fdt,
			    unsigned int h, struct ob_handle_entry *e,
			    unsigned int flags)
	__must_hold(&t->lock)
{
	if (!test_bit(h, fdt->open)) {
		__set_bit(h, fdt->open);
		WRITE_ONCE(t->count, t->count + 1);
	}
	if (flags & OB_HANDLE_CLOEXEC)
		__set_bit(h, fdt->cloexec);
	else
		__clear_bit(h, fdt->cloexec);
	ob_handle_opened(e->obj);
	rcu_assign_pointer(fdt->slots[h], e);
}

/* Empty slot @h (open) and return its entry for ob_entry_release(). */
static struct ob_handle_entry *ob_slot_clear(struct ob_handle_table *t,
					     struct ob_fdt *fdt,
					     unsigned int h)
	__must_hold(&t->lock)
{
	struct ob_handle_entry *e = ob_slot_locked(t, fdt, h);

	RCU_INIT_POINTER(fdt->slots[h], NULL);
	__clear_bit(h, fdt->open);
	__clear_bit(h, fdt->cloexec);
	WRITE_ONCE(t->count, t->count - 1);
	if (h < t->next_free)
		t->next_free = h;
	return e;
}

/* ---- tables ------------------------------------------------------------- */

/**
 * ob_handle_table_create() - an empty handle table with one user
 *
 * Context: may sleep.
 * Return: the table, or NULL (no memory).
 */
struct ob_handle_table *ob_handle_table_create(void)
{
	struct ob_handle_table *t;
	struct ob_fdt *fdt;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	fdt = ob_fdt_alloc(OB_FDT_MIN);
	if (!fdt) {
		kfree(t);
		return NULL;
	}
	refcount_set(&t->users, 1);
	spin_lock_init(&t->lock);
	RCU_INIT_POINTER(t->fdt, fdt);
	atomic64_inc(&ob_live_tables);
	return t;
}

static void ob_handle_table_free_rcu(struct rcu_head *rcu)
{
	struct ob_handle_table *t = container_of(rcu, struct ob_handle_table,
						 rcu);

	ob_fdt_free(rcu_dereference_raw(t->fdt));
	kfree(t);
}

/**
 * ob_handle_table_get() - one more task uses @t (CLONE_FILES, a thread)
 * @t: the table
 */
void ob_handle_table_get(struct ob_handle_table *t)
{
	refcount_inc(&t->users);
}

/**
 * ob_handle_table_put() - one task fewer uses @t
 * @t: the table
 *
 * The last user closes every handle and frees the table. May sleep.
 */
void ob_handle_table_put(struct ob_handle_table *t)
{
	struct ob_handle_entry *dead = NULL, *e;
	struct ob_fdt *fdt;
	unsigned int h;

	if (!refcount_dec_and_test(&t->users))
		return;
	spin_lock(&t->lock);
	fdt = ob_fdt_locked(t);
	for_each_set_bit(h, fdt->open, fdt->max) {
		e = ob_slot_clear(t, fdt, h);
		e->next = dead;
		dead = e;
	}
	spin_unlock(&t->lock);
	ob_entry_release_list(dead);
	atomic64_dec(&ob_live_tables);
	call_rcu(&t->rcu, ob_handle_table_free_rcu);
}

/**
 * ob_handle_table_users() - the number of tasks using @t
 * @t: the table
 *
 * Return: the count; 1 means no other task can change @t meanwhile.
 */
unsigned int ob_handle_table_users(const struct ob_handle_table *t)
{
	return refcount_read(&t->users);
}

/**
 * ob_handle_count() - open handles in @t
 * @t: the table
 *
 * Return: the count at some moment during the call.
 */
unsigned int ob_handle_count(struct ob_handle_table *t)
{
	return READ_ONCE(t->count);
}

/* Spare entries for a copy, enough for @n handles. May sleep. */
static bool ob_spares_fill(struct ob_handle_entry **spares,
			   unsigned int *nr, unsigned int n)
{
	struct ob_handle_entry *e;

	while (*nr < n) {
		e = kmalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
		if (!e)
			return false;
		e->next = *spares;
		*spares = e;
		(*nr)++;
	}
	return true;
}

static void ob_spares_free(struct ob_handle_entry *spares)
{
	struct ob_handle_entry *e;

	while (spares) {
		e = spares;
		spares = e->next;
		kfree(e);
	}
}

/* Grow @t, which no other task can see yet, to @nr slots. May sleep. */
static bool ob_handle_table_resize_private(struct ob_handle_table *t,
					   unsigned int nr)
{
	struct ob_fdt *fdt = ob_fdt_alloc(nr), *old;

	if (!fdt)
		return false;
	spin_lock(&t->lock);
	old = ob_fdt_locked(t);
	rcu_assign_pointer(t->fdt, fdt);
	spin_unlock(&t->lock);
	ob_fdt_free(old);	/* empty, never seen by another task */
	return true;
}

/**
 * ob_handle_table_copy() - a copy of @src for fork
 * @src: the parent's table
 * @out: the new table, with one user
 *
 * Every handle open in @src at one moment is duplicated: same number,
 * object (a new reference and a new handle count), access and flags.
 * Allocation happens with @src unlocked; the copy itself under its lock.
 * May sleep.
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_handle_table_copy(struct ob_handle_table *src,
			      struct ob_handle_table **out)
{
	struct ob_handle_entry *spares = NULL, *se, *ne;
	struct ob_fdt *sfdt, *tfdt;
	struct ob_handle_table *t;
	unsigned int nr_spares = 0, count, h;

	t = ob_handle_table_create();
	if (!t)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock(&src->lock);
	for (;;) {
		sfdt = ob_fdt_locked(src);
		tfdt = rcu_dereference_protected(t->fdt, true);
		count = src->count;
		if (nr_spares >= count && tfdt->max >= sfdt->max)
			break;
		h = sfdt->max;
		spin_unlock(&src->lock);
		if (!ob_spares_fill(&spares, &nr_spares, count) ||
		    (tfdt->max < h &&
		     !ob_handle_table_resize_private(t, h))) {
			ob_spares_free(spares);
			ob_handle_table_put(t);
			return STATUS_INSUFFICIENT_RESOURCES;
		}
		spin_lock(&src->lock);
	}
	/* @t is private: its lock is not needed, and not taken. */
	for_each_set_bit(h, sfdt->open, sfdt->max) {
		se = ob_slot_locked(src, sfdt, h);
		ne = spares;
		spares = ne->next;
		ne->next = NULL;
		ne->obj = se->obj;
		ne->access = se->access;
		ob_reference(ne->obj);	/* the source handle holds one */
		ob_handle_opened(ne->obj);
		RCU_INIT_POINTER(tfdt->slots[h], ne);
		__set_bit(h, tfdt->open);
		if (test_bit(h, sfdt->cloexec))
			__set_bit(h, tfdt->cloexec);
	}
	t->count = src->count;
	t->next_free = src->next_free;
	spin_unlock(&src->lock);
	ob_spares_free(spares);
	*out = t;
	return STATUS_SUCCESS;
}

/* ---- handles ------------------------------------------------------------ */

/**
 * ob_handle_insert() - a new handle to @obj: the lowest free >= @lowest
 * @t: the table
 * @obj: the object (the caller holds a reference)
 * @access: granted access bits
 * @flags: OB_HANDLE_*
 * @lowest: the lowest acceptable number (F_DUPFD's argument)
 * @limit: handle numbers must be < @limit (RLIMIT_NOFILE); capped at
 *	OB_HANDLE_MAX
 * @out: the handle number
 *
 * Takes its own reference to @obj and counts the handle open. May sleep.
 *
 * Return: STATUS_SUCCESS, STATUS_TOO_MANY_OPENED_FILES (none free below
 * @limit), STATUS_INVALID_PARAMETER (unknown @flags),
 * STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_handle_insert(struct ob_handle_table *t, void *obj, u32 access,
			  unsigned int flags, unsigned int lowest,
			  unsigned int limit, unsigned int *out)
{
	struct ob_handle_entry *e;
	unsigned int h, start;
	struct ob_fdt *fdt;
	ntstatus st;

	if (flags & ~OB_HANDLE_CLOEXEC)
		return STATUS_INVALID_PARAMETER;
	limit = min(limit, OB_HANDLE_MAX);
	if (lowest >= limit)
		return STATUS_TOO_MANY_OPENED_FILES;
	e = ob_entry_alloc(obj, access);
	if (!e)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock(&t->lock);
	for (;;) {
		fdt = ob_fdt_locked(t);
		start = max(lowest, t->next_free);
		h = start;
		if (start < fdt->max)
			h = find_next_zero_bit(fdt->open, fdt->max, start);
		if (h >= limit) {
			st = STATUS_TOO_MANY_OPENED_FILES;
			goto err_unlock;
		}
		if (h < fdt->max)
			break;
		st = ob_handle_expand(t, h);
		if (!NT_SUCCESS(st))
			goto err_unlock;
	}
	ob_slot_install(t, fdt, h, e, flags);
	/* Searched from next_free: everything below h is open. */
	if (start == t->next_free)
		t->next_free = h + 1;
	spin_unlock(&t->lock);
	*out = h;
	return STATUS_SUCCESS;

err_unlock:
	spin_unlock(&t->lock);
	ob_entry_discard(e);
	return st;
}

/**
 * ob_handle_insert_many() - @n new handles at once: the @n lowest free
 * numbers >= @lowest, all visible together or none (pipe2, socketpair)
 * @t: the table
 * @objs: the objects (the caller holds references)
 * @access: granted access, per object
 * @n: 1..OB_HANDLE_INSERT_MAX
 * @flags: OB_HANDLE_*, for every new handle
 * @lowest: the lowest acceptable number
 * @limit: handle numbers must be < @limit; capped at OB_HANDLE_MAX
 * @out: the handle numbers, ascending
 *
 * May sleep. Return: as ob_handle_insert(); on failure no handle was made.
 */
ntstatus ob_handle_insert_many(struct ob_handle_table *t, void *const *objs,
			       const u32 *access, unsigned int n,
			       unsigned int flags, unsigned int lowest,
			       unsigned int limit, unsigned int *out)
{
	struct ob_handle_entry *e[OB_HANDLE_INSERT_MAX] = { NULL };
	unsigned int i, h, start;
	struct ob_fdt *fdt;
	ntstatus st = STATUS_INSUFFICIENT_RESOURCES;

	if ((flags & ~OB_HANDLE_CLOEXEC) || !n || n > OB_HANDLE_INSERT_MAX)
		return STATUS_INVALID_PARAMETER;
	limit = min(limit, OB_HANDLE_MAX);
	if (lowest >= limit)
		return STATUS_TOO_MANY_OPENED_FILES;
	for (i = 0; i < n; i++) {
		e[i] = ob_entry_alloc(objs[i], access[i]);
		if (!e[i])
			goto err_discard;
	}
	spin_lock(&t->lock);
	for (;;) {
		fdt = ob_fdt_locked(t);
		start = max(lowest, t->next_free);
		h = start;
		for (i = 0; i < n; i++, h++) {
			if (h < fdt->max)
				h = find_next_zero_bit(fdt->open, fdt->max, h);
			if (h >= fdt->max)
				break;
			out[i] = h;
		}
		if (i == n && out[n - 1] < limit)
			break;
		/* Free numbers below the array's end ran out: past it, all are. */
		for (; i < n; i++, h++)
			out[i] = h;
		if (out[n - 1] >= limit) {
			st = STATUS_TOO_MANY_OPENED_FILES;
			spin_unlock(&t->lock);
			goto err_discard;
		}
		st = ob_handle_expand(t, out[n - 1]);
		if (!NT_SUCCESS(st)) {
			spin_unlock(&t->lock);
			goto err_discard;
		}
	}
	for (i = 0; i < n; i++)
		ob_slot_install(t, fdt, out[i], e[i], flags);
	/* Searched from next_free: everything below the last one is open. */
	if (start == t->next_free)
		t->next_free = out[n - 1] + 1;
	spin_unlock(&t->lock);
	return STATUS_SUCCESS;

err_discard:
	for (i = 0; i < n; i++)
		if (e[i])
			ob_entry_discard(e[i]);
	return st;
}

/**
 * ob_handle_insert_at() - make handle @h refer to @obj (dup2/dup3)
 * @t: the table
 * @h: the handle number
 * @obj: the object (the caller holds a reference)
 * @access: granted access bits
 * @flags: OB_HANDLE_*
 * @limit: @h must be < @limit (RLIMIT_NOFILE); capped at OB_HANDLE_MAX
 *
 * An open handle @h is replaced atomically: a concurrent lookup sees the
 * old object or the new one, never a closed handle. The old one is then
 * closed (its close and delete procedures run in the caller). May sleep.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_HANDLE (@h >= @limit),
 * STATUS_INVALID_PARAMETER (unknown @flags), STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_handle_insert_at(struct ob_handle_table *t, unsigned int h,
			     void *obj, u32 access, unsigned int flags,
			     unsigned int limit)
{
	struct ob_handle_entry *e, *old;
	struct ob_fdt *fdt;
	ntstatus st;

	if (flags & ~OB_HANDLE_CLOEXEC)
		return STATUS_INVALID_PARAMETER;
	if (h >= min(limit, OB_HANDLE_MAX))
		return STATUS_INVALID_HANDLE;
	e = ob_entry_alloc(obj, access);
	if (!e)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock(&t->lock);
	while (h >= ob_fdt_locked(t)->max) {
		st = ob_handle_expand(t, h);
		if (!NT_SUCCESS(st)) {
			spin_unlock(&t->lock);
			ob_entry_discard(e);
			return st;
		}
	}
	fdt = ob_fdt_locked(t);
	old = ob_slot_locked(t, fdt, h);
	ob_slot_install(t, fdt, h, e, flags);
	spin_unlock(&t->lock);
	if (old)
		ob_entry_release(old);
	return STATUS_SUCCESS;
}

/**
 * ob_handle_close() - close handle @h
 * @t: the table
 * @h: the handle number
 *
 * The object's close procedure (and, for its last reference, its delete
 * procedure) runs in the caller. May sleep.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_HANDLE.
 */
ntstatus ob_handle_close(struct ob_handle_table *t, unsigned int h)
{
	struct ob_handle_entry *e;
	struct ob_fdt *fdt;

	spin_lock(&t->lock);
	fdt = ob_fdt_locked(t);
	if (h >= fdt->max || !test_bit(h, fdt->open)) {
		spin_unlock(&t->lock);
		return STATUS_INVALID_HANDLE;
	}
	e = ob_slot_clear(t, fdt, h);
	spin_unlock(&t->lock);
	ob_entry_release(e);
	return STATUS_SUCCESS;
}

/*
 * Close (or with @cloexec_only flag close-on-exec) every handle in
 * [@first, @last] that is open, or with @use_cloexec flagged close-on-exec.
 */
static void ob_handle_close_bits(struct ob_handle_table *t, bool use_cloexec,
				 unsigned int first, unsigned int last,
				 bool cloexec_only)
{
	struct ob_handle_entry *dead = NULL, **tail = &dead, *e;
	struct ob_fdt *fdt;
	unsigned long *bits;
	unsigned int h;

	spin_lock(&t->lock);
	fdt = ob_fdt_locked(t);
	bits = use_cloexec ? fdt->cloexec : fdt->open;
	for (h = find_next_bit(bits, fdt->max, first);
	     h < fdt->max && h <= last;
	     h = find_next_bit(bits, fdt->max, h + 1)) {
		if (cloexec_only) {
			__set_bit(h, fdt->cloexec);
			continue;
		}
		/* Kept in order: close procedures run lowest handle first. */
		e = ob_slot_clear(t, fdt, h);
		*tail = e;
		tail = &e->next;
	}
	spin_unlock(&t->lock);
	ob_entry_release_list(dead);
}

/**
 * ob_handle_close_range() - close_range(2)
 * @t: the table
 * @first: the first handle
 * @last: the last handle (inclusive; ~0U: to the end)
 * @cloexec_only: only flag them OB_HANDLE_CLOEXEC (CLOSE_RANGE_CLOEXEC)
 *
 * Handles not open in the range are ignored. May sleep.
 */
void ob_handle_close_range(struct ob_handle_table *t, unsigned int first,
			   unsigned int last, bool cloexec_only)
{
	if (first > last)
		return;
	ob_handle_close_bits(t, false, first, last, cloexec_only);
}

/**
 * ob_handle_close_on_exec() - close every handle flagged OB_HANDLE_CLOEXEC
 * @t: the table (exec: the caller is its only user)
 *
 * May sleep.
 */
void ob_handle_close_on_exec(struct ob_handle_table *t)
{
	ob_handle_close_bits(t, true, 0, ~0U, false);
}

/**
 * ob_handle_get_flags() - the OB_HANDLE_* flags of handle @h (F_GETFD)
 * @t: the table
 * @h: the handle number
 * @flags: filled on success
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_HANDLE.
 */
ntstatus ob_handle_get_flags(struct ob_handle_table *t, unsigned int h,
			     unsigned int *flags)
{
	ntstatus st = STATUS_INVALID_HANDLE;
	struct ob_fdt *fdt;

	spin_lock(&t->lock);
	fdt = ob_fdt_locked(t);
	if (h < fdt->max && test_bit(h, fdt->open)) {
		*flags = test_bit(h, fdt->cloexec) ? OB_HANDLE_CLOEXEC : 0;
		st = STATUS_SUCCESS;
	}
	spin_unlock(&t->lock);
	return st;
}

/**
 * ob_handle_set_flags() - set the OB_HANDLE_* flags of handle @h (F_SETFD)
 * @t: the table
 * @h: the handle number
 * @flags: the new flags
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_HANDLE, STATUS_INVALID_PARAMETER
 * (unknown flags; F_SETFD's caller masks what Linux ignores).
 */
ntstatus ob_handle_set_flags(struct ob_handle_table *t, unsigned int h,
			     unsigned int flags)
{
	ntstatus st = STATUS_INVALID_HANDLE;
	struct ob_fdt *fdt;

	if (flags & ~OB_HANDLE_CLOEXEC)
		return STATUS_INVALID_PARAMETER;
	spin_lock(&t->lock);
	fdt = ob_fdt_locked(t);
	if (h < fdt->max && test_bit(h, fdt->open)) {
		if (flags & OB_HANDLE_CLOEXEC)
			__set_bit(h, fdt->cloexec);
		else
			__clear_bit(h, fdt->cloexec);
		st = STATUS_SUCCESS;
	}
	spin_unlock(&t->lock);
	return st;
}

/**
 * ob_handle_next() - the first open handle at or above @from
 * @t: the table (of this or another task: it takes the table's lock)
 * @from: where to start
 * @h: filled with the handle number
 * @obj: if not NULL, filled with its object, referenced (ob_dereference())
 *
 * For listings (/proc/<pid>/fd): each call sees the table at one moment.
 * Never sleeps. Return: STATUS_SUCCESS or STATUS_NO_MORE_ENTRIES.
 */
ntstatus ob_handle_next(struct ob_handle_table *t, unsigned int from,
			unsigned int *h, void **obj)
{
	ntstatus st = STATUS_NO_MORE_ENTRIES;
	struct ob_fdt *fdt;
	unsigned int i;

	spin_lock(&t->lock);
	fdt = ob_fdt_locked(t);
	i = from < fdt->max ? find_next_bit(fdt->open, fdt->max, from) : fdt->max;
	if (i < fdt->max) {
		*h = i;
		if (obj) {
			*obj = ob_slot_locked(t, fdt, i)->obj;
			ob_reference(*obj);
		}
		st = STATUS_SUCCESS;
	}
	spin_unlock(&t->lock);
	return st;
}

/* ---- lookup ------------------------------------------------------------- */

/* The table has one user, the caller: nothing can change it meanwhile. */
static ntstatus ob_handle_get_owner(struct ob_handle_table *t,
				    unsigned int h,
				    const struct ob_type *type,
				    struct ob_href *ref)
{
	struct ob_fdt *fdt = rcu_dereference_raw(t->fdt);
	struct ob_handle_entry *e;

	if (unlikely(h >= fdt->max))
		return STATUS_INVALID_HANDLE;
	e = rcu_dereference_raw(fdt->slots[array_index_nospec(h, fdt->max)]);
	if (unlikely(!e))
		return STATUS_INVALID_HANDLE;
	if (type && ob_type_of(e->obj) != type)
		return STATUS_OBJECT_TYPE_MISMATCH;
	ref->obj = e->obj;
	ref->access = e->access;
	ref->owned = false;
	return STATUS_SUCCESS;
}

/**
 * ob_handle_get() - resolve handle @h without a lock
 * @t: the table
 * @h: the handle number
 * @type: the type required (STATUS_OBJECT_TYPE_MISMATCH otherwise), or NULL
 * @ref: filled on success; release with ob_handle_put()
 *
 * O(1), lock-free and never sleeps. When @t has a single user (the caller)
 * no reference is taken (ref->owned false, as fdget()): the object then
 * stays valid only while the caller itself does not close @h. Otherwise
 * a reference is taken under RCU and checked against the slot again, so a
 * concurrent close, dup2 or table growth in another thread yields either
 * the object the handle had or STATUS_INVALID_HANDLE, never a freed one.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH.
 */
ntstatus ob_handle_get(struct ob_handle_table *t, unsigned int h,
		       const struct ob_type *type, struct ob_href *ref)
{
	struct ob_handle_entry __rcu **slot;
	struct ob_handle_entry *e;
	struct ob_fdt *fdt;
	ntstatus st;
	void *obj;

	if (ob_handle_table_users(t) == 1)
		return ob_handle_get_owner(t, h, type, ref);

	rcu_read_lock();
	for (;;) {
		fdt = rcu_dereference(t->fdt);
		if (unlikely(h >= fdt->max)) {
			st = STATUS_INVALID_HANDLE;
			break;
		}
		slot = &fdt->slots[array_index_nospec(h, fdt->max)];
		e = rcu_dereference(*slot);
		if (unlikely(!e)) {
			st = STATUS_INVALID_HANDLE;
			break;
		}
		obj = e->obj;
		/* The type never changes: no reference needed to refuse. */
		if (type && ob_type_of(obj) != type) {
			st = STATUS_OBJECT_TYPE_MISMATCH;
			break;
		}
		/* At zero the handle is being closed: its slot changed. */
		if (unlikely(!ob_reference_not_zero(obj)))
			continue;
		smp_rmb();
		if (unlikely(rcu_access_pointer(t->fdt) != fdt ||
			     rcu_access_pointer(*slot) != e)) {
			/* Possibly the last reference; we may not sleep. */
			ob_dereference_deferred(obj);
			continue;
		}
		ref->obj = obj;
		ref->access = e->access;
		ref->owned = true;
		st = STATUS_SUCCESS;
		break;
	}
	rcu_read_unlock();
	return st;
}

/**
 * ob_handle_put() - end the use of a handle resolved by ob_handle_get()
 * @ref: the resolved handle
 *
 * May sleep when @ref holds a reference (it may be the last).
 */
void ob_handle_put(struct ob_href *ref)
{
	if (ref->owned)
		ob_dereference(ref->obj);
	ref->obj = NULL;
	ref->owned = false;
}
