// SPDX-License-Identifier: GPL-2.0
/*
 * Readiness: the notifier (io_poll_head) every waitable object embeds, the
 * entries waiters link on it, and the bridge that turns a host wait queue's
 * wake-ups into wakes of a notifier. poll, select and epoll all wait through
 * this; an object reports its state with its File operations' poll.
 */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>

#include "io/io.h"

/**
 * io_poll_head_init() - an empty readiness notifier
 * @h: the notifier
 */
void io_poll_head_init(struct io_poll_head *h)
{
	spin_lock_init(&h->lock);
	INIT_LIST_HEAD(&h->entries);
}

/**
 * io_poll_add() - link @e on @h: @e->func runs on every later wake
 * @h: the notifier
 * @e: an unlinked entry
 */
void io_poll_add(struct io_poll_head *h, struct io_poll_entry *e)
{
	unsigned long flags;

	spin_lock_irqsave(&h->lock, flags);
	list_add_tail(&e->node, &h->entries);
	e->head = h;
	spin_unlock_irqrestore(&h->lock, flags);
	/* Pairs with io_poll_wake(): the caller reads the state after this. */
	smp_mb();
}

/**
 * io_poll_remove() - unlink @e from its notifier, if linked
 * @e: the entry
 */
void io_poll_remove(struct io_poll_entry *e)
{
	struct io_poll_head *h = e->head;
	unsigned long flags;

	if (!h)
		return;
	spin_lock_irqsave(&h->lock, flags);
	list_del_init(&e->node);
	e->head = NULL;
	spin_unlock_irqrestore(&h->lock, flags);
}

/**
 * io_poll_wake() - the object's state changed: call every linked entry
 * @h: the notifier
 * @events: what happened (EPOLL* bits), 0 if unknown
 *
 * Cheap when nobody waits: no lock is taken.
 */
void io_poll_wake(struct io_poll_head *h, __poll_t events)
{
	struct io_poll_entry *e, *next;
	unsigned long flags;

	/* The state change is visible before the list is read. */
	smp_mb();
	if (list_empty(&h->entries))
		return;
	spin_lock_irqsave(&h->lock, flags);
	list_for_each_entry_safe(e, next, &h->entries, node)
		e->func(e, events);
	spin_unlock_irqrestore(&h->lock, flags);
}

/* ---- host wait queues ---------------------------------------------------- */

static int io_poll_bridge_wake(wait_queue_entry_t *wait, unsigned int mode,
			       int sync, void *key)
{
	struct io_poll_bridge_q *q = container_of(wait, struct io_poll_bridge_q, wait);
	__poll_t events = key_to_poll(key);

	if (events & POLLFREE) {
		/* The queue is going away: never touch it again. */
		list_del_init(&wait->entry);
		smp_store_release(&q->wqh, NULL);
		events = 0;
	}
	io_poll_wake(q->bridge->head, events);
	return 0;
}

static void io_poll_bridge_qproc(struct file *filp, wait_queue_head_t *wqh,
				 poll_table *pt)
{
	struct io_poll_bridge *b = container_of(pt, struct io_poll_bridge, pt);

	io_poll_bridge_add(b, wqh);
}

/**
 * io_poll_bridge_init() - a bridge to @head, linked on no host queue yet
 * @b: the bridge
 * @head: the notifier the host wake-ups go to
 *
 * @b->pt is a poll_table for the host's vfs_poll(): each queue the host
 * file registers is bridged (at most two, as Linux's own files use).
 */
void io_poll_bridge_init(struct io_poll_bridge *b, struct io_poll_head *head)
{
	memset(b, 0, sizeof(*b));
	b->head = head;
	init_poll_funcptr(&b->pt, io_poll_bridge_qproc);
}

/**
 * io_poll_bridge_add() - bridge the host wait queue @wqh
 * @b: the bridge
 * @wqh: a host wait queue that outlives the bridge (or says POLLFREE)
 */
void io_poll_bridge_add(struct io_poll_bridge *b, wait_queue_head_t *wqh)
{
	struct io_poll_bridge_q *q;

	if (b->n >= ARRAY_SIZE(b->q)) {
		pr_warn_ratelimited("lxcore: a host file polls more than %zu queues\n",
				    ARRAY_SIZE(b->q));
		return;
	}
	q = &b->q[b->n++];
	q->bridge = b;
	init_waitqueue_func_entry(&q->wait, io_poll_bridge_wake);
	q->wqh = wqh;
	add_wait_queue(wqh, &q->wait);
}

/**
 * io_poll_bridge_release() - unlink @b from every host queue
 * @b: the bridge
 */
void io_poll_bridge_release(struct io_poll_bridge *b)
{
	unsigned int i;

	/*
	 * A queue freed with POLLFREE (a task's signalfd queue) lives in
	 * SLAB_TYPESAFE_BY_RCU memory: its lock stays valid in an RCU section,
	 * and the wake-up already unlinked the entry (as epoll relies on).
	 */
	rcu_read_lock();
	for (i = 0; i < b->n; i++) {
		wait_queue_head_t *wqh = smp_load_acquire(&b->q[i].wqh);

		if (wqh)
			remove_wait_queue(wqh, &b->q[i].wait);
	}
	rcu_read_unlock();
	b->n = 0;
}

/* ---- File objects --------------------------------------------------------- */

/**
 * io_file_can_poll() - may @f be added to an epoll set
 * @f: the file
 *
 * Linux's file_can_poll(): a device with a poll operation; for a host file,
 * the host file's own.
 */
bool io_file_can_poll(struct io_file *f)
{
	if (!f->ops->poll)
		return false;
	if (f->ops->kind == IO_KIND_HOST)
		return file_can_poll(f->context);
	return true;
}

/* st_dev of anonymous-inode objects: a device number no host file system uses. */
#define IO_ANON_DEV	0x00000fe1U

/**
 * io_anon_getattr() - fstat of an object with no file behind it (epoll,
 * eventfd, timerfd, signalfd): what Linux reports for its one anonymous
 * inode (mode 0600 and no file type, owned by root, one link, size 0)
 * @f: the file
 * @st: filled
 *
 * Return: STATUS_SUCCESS.
 */
ntstatus io_anon_getattr(struct io_file *f, struct io_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->ino = 1;
	st->dev = IO_ANON_DEV;
	st->mode = 0600;
	st->nlink = 1;
	st->blksize = PAGE_SIZE;
	return STATUS_SUCCESS;
}
