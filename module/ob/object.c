// SPDX-License-Identifier: GPL-2.0
/*
 * Object life cycle: every executive object is created here, counted here,
 * and deleted here when its last reference goes. Memory is freed one RCU
 * grace period after the type's delete procedure, so lock-free handle
 * lookups never touch freed memory.
 */
#include "ob/ob.h"

atomic64_t ob_live_objects = ATOMIC64_INIT(0);

/* Objects whose last reference went in atomic context, waiting for a worker. */
static LLIST_HEAD(ob_deferred_list);
static void ob_deferred_worker(struct work_struct *work);
static DECLARE_WORK(ob_deferred_work, ob_deferred_worker);

/**
 * ob_create_object() - allocate a zeroed object of @type
 * @type: the object type
 * @body_size: the body size, or 0 for @type->body_size
 * @out: the new body, with one reference and no handle
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ob_create_object(struct ob_type *type, size_t body_size, void **out)
{
	struct ob_header *h;

	if (!body_size)
		body_size = type->body_size;
	h = kzalloc(sizeof(*h) + body_size, GFP_KERNEL_ACCOUNT);
	if (!h)
		return STATUS_INSUFFICIENT_RESOURCES;
	h->type = type;
	refcount_set(&h->refs, 1);
	atomic_long_set(&h->handles, 0);
	INIT_HLIST_NODE(&h->dir_node);
	atomic64_inc(&type->live);
	atomic64_inc(&ob_live_objects);
	*out = h->body;
	return STATUS_SUCCESS;
}

void ob_reference(void *obj)
{
	refcount_inc(&ob_header(obj)->refs);
}

bool ob_reference_not_zero(void *obj)
{
	return refcount_inc_not_zero(&ob_header(obj)->refs);
}

static void ob_free_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct ob_header, rcu));
}

static void ob_delete(struct ob_header *h)
{
	struct ob_type *type = h->type;

	/* A temporary name that never had a handle goes with the object. */
	if (h->flags & OB_FLAG_NAMED)
		ob_name_remove(h);
	if (type->delete)
		type->delete(h->body);
	atomic64_dec(&type->live);
	atomic64_dec(&ob_live_objects);
	call_rcu(&h->rcu, ob_free_rcu);
}

/**
 * ob_dereference() - drop a reference; the last one deletes the object
 * @obj: the object body
 *
 * The type's delete procedure runs in the caller's context: it may sleep.
 * From atomic context use ob_dereference_deferred().
 */
void ob_dereference(void *obj)
{
	struct ob_header *h = ob_header(obj);

	if (refcount_dec_and_test(&h->refs))
		ob_delete(h);
}

static void ob_deferred_worker(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&ob_deferred_list);
	struct ob_header *h, *next;

	llist_for_each_entry_safe(h, next, list, deferred)
		ob_delete(h);
}

/**
 * ob_dereference_deferred() - ob_dereference() from atomic context
 * @obj: the object body
 *
 * When this drops the last reference, the object is deleted by a worker.
 */
void ob_dereference_deferred(void *obj)
{
	struct ob_header *h = ob_header(obj);

	if (!refcount_dec_and_test(&h->refs))
		return;
	if (llist_add(&h->deferred, &ob_deferred_list))
		schedule_work(&ob_deferred_work);
}

/**
 * ob_flush_deferred() - wait until every deferred deletion queued so far ran
 */
void ob_flush_deferred(void)
{
	flush_work(&ob_deferred_work);
}

void ob_handle_opened(void *obj)
{
	atomic_long_inc(&ob_header(obj)->handles);
}

void ob_handle_closed(void *obj)
{
	struct ob_header *h = ob_header(obj);
	long left = atomic_long_dec_return(&h->handles);

	if (h->type->close)
		h->type->close(obj, left);
	/* A temporary named object loses its name with its last handle. */
	if (!left && (READ_ONCE(h->flags) & (OB_FLAG_NAMED | OB_FLAG_PERMANENT)) ==
		     OB_FLAG_NAMED)
		ob_name_remove(h);
}
