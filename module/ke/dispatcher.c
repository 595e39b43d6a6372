// SPDX-License-Identifier: GPL-2.0
/*
 * dispatcher.c - the dispatcher lock, signal states and waits.
 *
 * As in NT, a wait is satisfied by whoever makes it satisfiable: the thread
 * that signals an object walks the object's wait list under the dispatcher
 * lock, applies each satisfiable wait's side effects on the waiter's behalf
 * (a synchronization event resets, a semaphore count drops, a mutant gets
 * its owner), unlinks the waiter's wait blocks and wakes it. A woken waiter
 * therefore never competes for what it was given: no lost wakeup, and no
 * herd of waiters woken to find the object gone.
 */
#include <linux/hrtimer.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "ke/ke_internal.h"

DEFINE_RAW_SPINLOCK(ke_dispatcher_lock);

struct ke_wait;

/* One per object a blocked thread waits for; on its stack or kmalloc'ed. */
struct ke_wait_block {
	struct list_head node;		/* object's wait_list, or empty */
	struct ke_wait *wait;
	unsigned int index;		/* in the caller's objects[] */
};

/* One per blocked wait, on the waiter's stack; wakers write it under the lock. */
struct ke_wait {
	struct task_struct *task;
	struct ke_thread *self;
	struct ke_dispatcher_header **objects;
	struct ke_wait_block *blocks;
	unsigned int count;
	enum ke_wait_type type;
	ntstatus status;		/* STATUS_PENDING until satisfied */
};

void ke_header_init(struct ke_dispatcher_header *h, enum ke_object_type type,
		    long signal_state)
{
	h->type = type;
	h->signal_state = signal_state;
	INIT_LIST_HEAD(&h->wait_list);
}

/**
 * ke_thread_init() - prepare the waiting side of a thread
 * @kt: the ke_thread (embedded in a pico thread, or on a kernel stack)
 * @task: the task it stands for (informational: a wait always blocks
 *	current)
 *
 * A ke_thread that may own mutants must see ke_thread_exit() before its
 * memory goes.
 */
void ke_thread_init(struct ke_thread *kt, struct task_struct *task)
{
	kt->task = task;
	INIT_LIST_HEAD(&kt->mutants);
}

/* Signalled as far as @self is concerned: a mutant it owns always is. */
static bool ke_object_signalled(struct ke_dispatcher_header *h,
				struct ke_thread *self)
{
	if (h->type == KE_MUTANT && h->signal_state <= 0)
		return container_of(h, struct ke_mutant, header)->owner == self;
	return h->signal_state > 0;
}

/* A wait by @self is satisfied by @h: the side effect. True if abandoned. */
static bool ke_object_satisfy(struct ke_dispatcher_header *h,
			      struct ke_thread *self)
{
	struct ke_mutant *m;
	bool abandoned;

	switch (h->type) {
	case KE_SYNCHRONIZATION_EVENT:
	case KE_SYNCHRONIZATION_TIMER:
		h->signal_state = 0;
		return false;
	case KE_SEMAPHORE:
		h->signal_state--;
		return false;
	case KE_MUTANT:
		m = container_of(h, struct ke_mutant, header);
		abandoned = m->abandoned;
		if (h->signal_state > 0) {
			m->owner = self;
			m->abandoned = false;
			list_add_tail(&m->owner_node, &self->mutants);
		}
		h->signal_state--;	/* <= 0: owned, recursion 1 - state */
		return abandoned;
	case KE_NOTIFICATION_EVENT:
	case KE_NOTIFICATION_TIMER:
		break;
	}
	return false;
}

static ntstatus ke_satisfy_one(struct ke_wait *w, unsigned int i)
{
	if (ke_object_satisfy(w->objects[i], w->self))
		return STATUS_ABANDONED_WAIT_0 + i;
	return STATUS_WAIT_0 + i;
}

static bool ke_all_signalled(struct ke_wait *w)
{
	unsigned int i;

	for (i = 0; i < w->count; i++)
		if (!ke_object_signalled(w->objects[i], w->self))
			return false;
	return true;
}

/* KE_WAIT_ALL: every object at once; the first abandoned mutant names the status. */
static ntstatus ke_satisfy_all(struct ke_wait *w)
{
	ntstatus status = STATUS_WAIT_0;
	unsigned int i;

	for (i = 0; i < w->count; i++)
		if (ke_object_satisfy(w->objects[i], w->self) &&
		    status == STATUS_WAIT_0)
			status = STATUS_ABANDONED_WAIT_0 + i;
	return status;
}

/* Satisfy @w now if its objects allow; STATUS_PENDING if not. */
static ntstatus ke_wait_test(struct ke_wait *w)
{
	unsigned int i;

	if (w->type == KE_WAIT_ALL)
		return ke_all_signalled(w) ? ke_satisfy_all(w) : STATUS_PENDING;
	/* KE_WAIT_ANY: the lowest index wins. */
	for (i = 0; i < w->count; i++)
		if (ke_object_signalled(w->objects[i], w->self))
			return ke_satisfy_one(w, i);
	return STATUS_PENDING;
}

/* Does objects[i] appear at a lower index? */
static bool ke_seen_before(struct ke_dispatcher_header **objects,
			   unsigned int i)
{
	unsigned int j;

	for (j = 0; j < i; j++)
		if (objects[j] == objects[i])
			return true;
	return false;
}

static bool ke_has_duplicates(struct ke_dispatcher_header **objects,
			      unsigned int count)
{
	unsigned int i;

	for (i = 1; i < count; i++)
		if (ke_seen_before(objects, i))
			return true;
	return false;
}

/*
 * Queue one block per distinct object. A KE_WAIT_ANY may name an object
 * twice; only its first (lowest) index waits, which is the index a wait-any
 * reports anyway, and it keeps a wait to one block per wait list (the
 * signal walk relies on that).
 */
static void ke_link_blocks(struct ke_wait *w)
{
	struct ke_wait_block *wb;
	unsigned int i;

	for (i = 0; i < w->count; i++) {
		wb = &w->blocks[i];
		wb->wait = w;
		wb->index = i;
		INIT_LIST_HEAD(&wb->node);
		if (!ke_seen_before(w->objects, i))
			list_add_tail(&wb->node, &w->objects[i]->wait_list);
	}
}

static void ke_unlink_blocks(struct ke_wait *w)
{
	unsigned int i;

	for (i = 0; i < w->count; i++)
		list_del_init(&w->blocks[i].node);
}

/* A waker satisfied @w with @status: dequeue it and wake its thread. */
static void ke_wait_complete(struct ke_wait *w, ntstatus status)
{
	ke_unlink_blocks(w);
	w->status = status;
	/*
	 * The waiter takes the dispatcher lock before it looks at its status
	 * and returns, so @w (on its stack) and its task outlive this call.
	 */
	wake_up_process(w->task);
}

/**
 * ke_signal_locked() - hand a signalled object to the waits it satisfies
 * @h: an object whose signal state has just become (or stayed) > 0
 *
 * Walks @h's waiters in arrival order and satisfies each that can be, until
 * @h is no longer signalled: a synchronization object satisfies as many as
 * its state allows, a notification event every one. A KE_WAIT_ALL waiter is
 * satisfied only if all its objects are signalled now; otherwise it is
 * skipped and @h stays for the next. Called with the dispatcher lock held.
 */
void ke_signal_locked(struct ke_dispatcher_header *h)
{
	struct ke_wait_block *wb, *next;
	struct ke_wait *w;
	ntstatus status;

	lockdep_assert_held(&ke_dispatcher_lock);
	/*
	 * Completing a wait unlinks its other blocks from other lists only
	 * (one block per list and wait), so @next stays valid.
	 */
	list_for_each_entry_safe(wb, next, &h->wait_list, node) {
		if (h->signal_state <= 0)
			break;
		w = wb->wait;
		if (w->type == KE_WAIT_ANY)
			status = ke_satisfy_one(w, wb->index);
		else if (ke_all_signalled(w))
			status = ke_satisfy_all(w);
		else
			continue;
		ke_wait_complete(w, status);
	}
}

unsigned int ke_waiter_count(struct ke_dispatcher_header *h)
{
	struct list_head *pos;
	unsigned int n = 0;
	unsigned long flags;

	flags = ke_lock();
	list_for_each(pos, &h->wait_list)
		n++;
	ke_unlock(flags);
	return n;
}

/* Has something ended the wait other than its objects? */
static ntstatus ke_wait_interrupted(bool alertable)
{
	if (alertable ? signal_pending(current) : fatal_signal_pending(current))
		return STATUS_USER_APC;
	return STATUS_PENDING;
}

static bool ke_deadline_passed(const ktime_t *deadline)
{
	return deadline && ktime_compare(ktime_get(), *deadline) >= 0;
}

/*
 * Block until a waker completes @w, the deadline passes or a signal ends
 * the wait. Entered and left with the dispatcher lock held (*@flags).
 */
static ntstatus ke_wait_sleep(struct ke_wait *w, bool alertable,
			      const ktime_t *deadline, unsigned long *flags)
{
	ktime_t expires = deadline ? *deadline : 0;
	ntstatus status;

	ke_link_blocks(w);
	for (;;) {
		/*
		 * Set under the lock: a waker that completes us after we drop it
		 * makes us runnable again, so schedule() cannot miss it.
		 */
		set_current_state(alertable ? TASK_INTERRUPTIBLE : TASK_KILLABLE);
		ke_unlock(*flags);
		if (deadline)
			schedule_hrtimeout_range(&expires, current->timer_slack_ns,
						 HRTIMER_MODE_ABS);
		else
			schedule();
		*flags = ke_lock();

		status = w->status;
		if (status != STATUS_PENDING)
			return status;		/* the waker dequeued us */
		status = ke_wait_interrupted(alertable);
		if (status == STATUS_PENDING && ke_deadline_passed(deadline))
			status = STATUS_TIMEOUT;
		if (status != STATUS_PENDING) {
			ke_unlink_blocks(w);
			return status;
		}
		/* A spurious wakeup: wait again. */
	}
}

/**
 * ke_wait_for_multiple_objects() - wait until any / all objects are signalled
 * @self: the calling thread's ke_thread (owner of mutants acquired)
 * @count: 1..KE_MAXIMUM_WAIT_OBJECTS
 * @objects: the headers; a KE_WAIT_ALL may not name an object twice
 * @wait_type: KE_WAIT_ANY or KE_WAIT_ALL (all satisfied at one instant)
 * @alertable: a pending signal ends the wait (STATUS_USER_APC); otherwise
 *	only a fatal signal does (the wait sleeps TASK_KILLABLE)
 * @deadline: absolute CLOCK_MONOTONIC time, NULL for none; a deadline in
 *	the past tests the objects without waiting
 *
 * The objects are tested first: a wait that can be satisfied at once is,
 * even with a signal pending. Satisfying a wait has the object's side
 * effect (a synchronization event resets, a semaphore count drops, a mutant
 * becomes owned by @self). Waits on more than KE_THREAD_WAIT_OBJECTS
 * objects that must block allocate their wait blocks (GFP_KERNEL).
 *
 * Context: process context, may sleep. With a deadline in the past it
 * neither sleeps nor allocates, so it may also be called in atomic context
 * (never from inside ke/ with the dispatcher lock held).
 * Return: STATUS_WAIT_0 + i (the object satisfied, 0 for KE_WAIT_ALL),
 * STATUS_ABANDONED_WAIT_0 + i (an abandoned mutant; for KE_WAIT_ALL the
 * lowest such index), STATUS_TIMEOUT, STATUS_USER_APC (signal pending),
 * STATUS_INVALID_PARAMETER, STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus ke_wait_for_multiple_objects(struct ke_thread *self, unsigned int count,
				      struct ke_dispatcher_header **objects,
				      enum ke_wait_type wait_type, bool alertable,
				      const ktime_t *deadline)
{
	struct ke_wait_block stack_blocks[KE_THREAD_WAIT_OBJECTS];
	struct ke_wait_block *heap_blocks = NULL;
	struct ke_wait w = {
		.task = current,
		.self = self,
		.objects = objects,
		.count = count,
		.type = wait_type,
		.status = STATUS_PENDING,
	};
	unsigned long flags;
	ntstatus status;

	if (!self || !objects || !count || count > KE_MAXIMUM_WAIT_OBJECTS ||
	    (wait_type != KE_WAIT_ANY && wait_type != KE_WAIT_ALL))
		return STATUS_INVALID_PARAMETER;
	if (wait_type == KE_WAIT_ALL && ke_has_duplicates(objects, count))
		return STATUS_INVALID_PARAMETER;
	if (!ke_deadline_passed(deadline))
		might_sleep();
	if (count <= KE_THREAD_WAIT_OBJECTS)
		w.blocks = stack_blocks;

	flags = ke_lock();
	for (;;) {
		status = ke_wait_test(&w);
		if (status == STATUS_PENDING)
			status = ke_wait_interrupted(alertable);
		if (status == STATUS_PENDING && ke_deadline_passed(deadline))
			status = STATUS_TIMEOUT;
		if (status != STATUS_PENDING)
			goto out_unlock;
		if (w.blocks)
			break;
		/* Must block on many objects: allocate, then test again. */
		ke_unlock(flags);
		heap_blocks = kmalloc_array(count, sizeof(*heap_blocks),
					    GFP_KERNEL);
		if (!heap_blocks)
			return STATUS_INSUFFICIENT_RESOURCES;
		w.blocks = heap_blocks;
		flags = ke_lock();
	}
	status = ke_wait_sleep(&w, alertable, deadline, &flags);
out_unlock:
	ke_unlock(flags);
	kfree(heap_blocks);
	return status;
}
