// SPDX-License-Identifier: GPL-2.0
/*
 * epoll objects: an interest set of (File object, fd) items, each an entry
 * on its file's readiness notifier, and a ready list filled by those
 * entries' callbacks, so epoll_wait costs the ready items, not the set.
 * Level and edge triggered items, EPOLLONESHOT, nested sets (an epoll in an
 * epoll, loops refused), and Linux's rule that an item goes when its File
 * object (the open file description, not the fd) is released.
 *
 * Locks, outermost first: io_epoll_mutex (set membership across sets: ADD,
 * DEL, MOD, a watched file or a set going away), each set's @mtx (its items;
 * a scan of the ready list; a parent's before a child's), each set's @lock
 * (the ready list, taken by callbacks under a notifier's lock).
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/eventpoll.h>
#include <linux/rbtree.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "io/io.h"
#include "ke/ke.h"

#define IO_EP_PRIVATE_BITS	(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define IO_EP_MAX_NESTS		4	/* as Linux's EP_MAX_NESTS */

static DEFINE_MUTEX(io_epoll_mutex);

/**
 * struct io_epoll - an epoll set (the context of its File object)
 * @mtx: the items and scans
 * @lock: @rdlist, @ovflist, @scanning
 * @rdlist: items that may be ready
 * @ovflist: items that fired while a scan had @rdlist spliced away
 * @scanning: a scan is running
 * @items: every item, by (file, fd)
 * @poll: the set's own readiness (epoll_wait waiters, parent sets)
 */
struct io_epoll {
	struct mutex mtx;
	spinlock_t lock;
	struct list_head rdlist;
	struct io_epitem *ovflist;
	bool scanning;
	struct rb_root items;
	struct io_poll_head poll;
};

struct io_epitem {
	struct rb_node rb;
	struct list_head rdllink;	/* on @ep->rdlist or a scan's list */
	struct io_epitem *ovf_next;
	bool on_ovf;
	struct io_poll_entry entry;	/* on the target's notifier */
	struct list_head flink;		/* on @target->ep_links */
	struct io_epoll *ep;
	struct io_file *target;		/* not referenced: see file_gone */
	unsigned int fd;
	__poll_t events;
	u64 data;
};

static const struct io_file_ops io_epoll_ops;

bool io_file_is_epoll(struct io_file *f)
{
	return f->ops == &io_epoll_ops;
}

/* ---- the ready list ------------------------------------------------------- */

static void io_epitem_wake(struct io_poll_entry *e, __poll_t events)
{
	struct io_epitem *epi = container_of(e, struct io_epitem, entry);
	struct io_epoll *ep = epi->ep;
	__poll_t want = READ_ONCE(epi->events);
	unsigned long flags;

	if (!(want & ~IO_EP_PRIVATE_BITS))
		return;			/* a fired EPOLLONESHOT item */
	if (events && !(events & want))
		return;
	spin_lock_irqsave(&ep->lock, flags);
	if (ep->scanning) {
		if (!epi->on_ovf) {
			epi->on_ovf = true;
			epi->ovf_next = ep->ovflist;
			ep->ovflist = epi;
		}
	} else if (list_empty(&epi->rdllink)) {
		list_add_tail(&epi->rdllink, &ep->rdlist);
	}
	spin_unlock_irqrestore(&ep->lock, flags);
	io_poll_wake(&ep->poll, EPOLLIN | EPOLLRDNORM);
}

static bool io_ep_events_available(struct io_epoll *ep)
{
	return !list_empty_careful(&ep->rdlist) || READ_ONCE(ep->ovflist);
}

/* Take the ready list for a scan (under @ep->mtx). */
static void io_ep_start_scan(struct io_epoll *ep, struct list_head *tx)
{
	spin_lock_irq(&ep->lock);
	list_splice_init(&ep->rdlist, tx);
	ep->scanning = true;
	spin_unlock_irq(&ep->lock);
}

/* Give back what the scan left and what fired meanwhile. */
static void io_ep_done_scan(struct io_epoll *ep, struct list_head *tx)
{
	struct io_epitem *epi, *next;

	spin_lock_irq(&ep->lock);
	ep->scanning = false;
	for (epi = ep->ovflist; epi; epi = next) {
		next = epi->ovf_next;
		epi->ovf_next = NULL;
		epi->on_ovf = false;
		if (list_empty(&epi->rdllink))
			list_add(&epi->rdllink, &ep->rdlist);
	}
	ep->ovflist = NULL;
	list_splice(tx, &ep->rdlist);
	spin_unlock_irq(&ep->lock);
}

static __poll_t io_epitem_poll(struct io_epitem *epi)
{
	return io_file_poll(epi->target, NULL) & READ_ONCE(epi->events);
}

/*
 * An epoll set's own readiness: readable when an item on its ready list
 * really is ready (items that are not are dropped, as Linux does).
 */
static __poll_t io_epoll_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct io_epoll *ep = f->context;
	struct io_epitem *epi, *next;
	__poll_t mask = 0;
	LIST_HEAD(tx);

	if (e)
		io_poll_add(&ep->poll, e);
	if (!io_ep_events_available(ep))
		return 0;
	mutex_lock(&ep->mtx);
	io_ep_start_scan(ep, &tx);
	list_for_each_entry_safe(epi, next, &tx, rdllink) {
		if (io_epitem_poll(epi)) {
			mask = EPOLLIN | EPOLLRDNORM;
			break;
		}
		list_del_init(&epi->rdllink);
	}
	io_ep_done_scan(ep, &tx);
	mutex_unlock(&ep->mtx);
	return mask;
}

/* Copy ready events out; LT items go back on the list. */
static int io_ep_send_events(struct io_epoll *ep, void __user *uevents, int max)
{
	struct epoll_event __user *uev = uevents;
	struct io_epitem *epi, *next;
	LIST_HEAD(tx);
	int res = 0;

	if (fatal_signal_pending(current))
		return -EINTR;
	mutex_lock(&ep->mtx);
	io_ep_start_scan(ep, &tx);
	list_for_each_entry_safe(epi, next, &tx, rdllink) {
		struct epoll_event ev;
		__poll_t revents;

		if (res >= max)
			break;
		list_del_init(&epi->rdllink);
		revents = io_epitem_poll(epi);
		if (!revents)
			continue;
		ev.events = revents;
		ev.data = epi->data;
		if (copy_to_user(&uev[res], &ev, sizeof(ev))) {
			list_add(&epi->rdllink, &tx);
			if (!res)
				res = -EFAULT;
			break;
		}
		res++;
		if (epi->events & EPOLLONESHOT)
			WRITE_ONCE(epi->events, epi->events & IO_EP_PRIVATE_BITS);
		else if (!(epi->events & EPOLLET))
			list_add_tail(&epi->rdllink, &ep->rdlist);
	}
	io_ep_done_scan(ep, &tx);
	mutex_unlock(&ep->mtx);
	return res;
}

/* ---- waiting -------------------------------------------------------------- */

struct io_ep_waiter {
	struct io_poll_entry entry;
	struct ke_event ev;
};

static void io_ep_waiter_wake(struct io_poll_entry *e, __poll_t events)
{
	struct io_ep_waiter *w = container_of(e, struct io_ep_waiter, entry);

	ke_event_set(&w->ev);
}

/**
 * io_epoll_wait() - epoll_wait on the set @f
 * @f: an epoll File object
 * @kt: the calling thread
 * @uevents: room for @max struct epoll_event in user memory
 * @max: 1..EP_MAX_EVENTS
 * @deadline: CLOCK_MONOTONIC, NULL: none; 0 or in the past: no wait
 *
 * Return: events copied, 0 when the deadline passed, -EINTR (a signal, as
 * Linux's epoll_wait, which never restarts), -EFAULT.
 */
int io_epoll_wait(struct io_file *f, struct ke_thread *kt, void __user *uevents,
		  int max, const ktime_t *deadline)
{
	struct io_epoll *ep = f->context;
	bool timed_out = deadline && (!*deadline || ktime_compare(*deadline, ktime_get()) <= 0);
	bool waiting = false;
	struct io_ep_waiter w;
	int res;

	io_poll_entry_init(&w.entry, io_ep_waiter_wake);
	ke_event_init(&w.ev, KE_SYNCHRONIZATION_EVENT, false);
	for (;;) {
		if (io_ep_events_available(ep)) {
			res = io_ep_send_events(ep, uevents, max);
			if (res)
				break;
		}
		res = 0;
		if (timed_out)
			break;
		if (!waiting) {
			/* Linked first, then checked again: no wake is lost. */
			io_poll_add(&ep->poll, &w.entry);
			waiting = true;
			continue;
		}
		if (signal_pending(current)) {
			res = -EINTR;
			break;
		}
		if (ke_wait_for_single_object(kt, &w.ev.header, true, deadline) ==
		    STATUS_TIMEOUT)
			timed_out = true;
	}
	if (waiting)
		io_poll_remove(&w.entry);
	return res;
}

/* ---- the interest set ----------------------------------------------------- */

static int io_epitem_cmp(const struct io_file *f1, unsigned int fd1,
			 const struct io_epitem *epi)
{
	if (f1 != epi->target)
		return f1 < epi->target ? -1 : 1;
	if (fd1 != epi->fd)
		return fd1 < epi->fd ? -1 : 1;
	return 0;
}

static struct io_epitem *io_ep_find(struct io_epoll *ep, struct io_file *tf,
				    unsigned int fd)
{
	struct rb_node *n = ep->items.rb_node;

	while (n) {
		struct io_epitem *epi = rb_entry(n, struct io_epitem, rb);
		int c = io_epitem_cmp(tf, fd, epi);

		if (!c)
			return epi;
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return NULL;
}

static void io_ep_link(struct io_epoll *ep, struct io_epitem *epi)
{
	struct rb_node **p = &ep->items.rb_node, *parent = NULL;

	while (*p) {
		parent = *p;
		if (io_epitem_cmp(epi->target, epi->fd,
				  rb_entry(parent, struct io_epitem, rb)) < 0)
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&epi->rb, parent, p);
	rb_insert_color(&epi->rb, &ep->items);
}

/* Make @epi ready if it is (after ADD or MOD). */
static void io_ep_check_ready(struct io_epoll *ep, struct io_epitem *epi,
			      __poll_t revents)
{
	bool wake = false;

	if (!(revents & epi->events))
		return;
	spin_lock_irq(&ep->lock);
	if (list_empty(&epi->rdllink)) {
		list_add_tail(&epi->rdllink, &ep->rdlist);
		wake = true;
	}
	spin_unlock_irq(&ep->lock);
	if (wake)
		io_poll_wake(&ep->poll, EPOLLIN | EPOLLRDNORM);
}

/* Remove @epi. Called with io_epoll_mutex and @ep->mtx. */
static void io_ep_remove(struct io_epoll *ep, struct io_epitem *epi)
{
	io_poll_remove(&epi->entry);	/* its callback is over after this */
	list_del(&epi->flink);
	spin_lock_irq(&ep->lock);
	list_del_init(&epi->rdllink);
	spin_unlock_irq(&ep->lock);
	rb_erase(&epi->rb, &ep->items);
	kfree(epi);
}

static int io_ep_insert(struct io_epoll *ep, struct io_file *tf, unsigned int fd,
			__poll_t events, u64 data)
{
	struct io_epitem *epi;
	__poll_t revents;

	epi = kzalloc(sizeof(*epi), GFP_KERNEL_ACCOUNT);
	if (!epi)
		return -ENOMEM;
	INIT_LIST_HEAD(&epi->rdllink);
	io_poll_entry_init(&epi->entry, io_epitem_wake);
	epi->ep = ep;
	epi->target = tf;
	epi->fd = fd;
	epi->events = events;
	epi->data = data;
	io_ep_link(ep, epi);
	list_add_tail(&epi->flink, &tf->ep_links);
	revents = io_file_poll(tf, &epi->entry);
	io_ep_check_ready(ep, epi, revents);
	return 0;
}

/*
 * Would adding the set @to into @ep close a loop or nest too deep? Linux
 * 6.1's ep_loop_check(): a walk down from @to.
 */
static bool io_ep_loops(struct io_epoll *ep, struct io_epoll *to, int depth)
{
	struct rb_node *n;
	bool loop = false;

	mutex_lock(&to->mtx);
	for (n = rb_first(&to->items); n && !loop; n = rb_next(n)) {
		struct io_epitem *epi = rb_entry(n, struct io_epitem, rb);
		struct io_epoll *child;

		if (!io_file_is_epoll(epi->target))
			continue;
		child = epi->target->context;
		if (child == ep || depth > IO_EP_MAX_NESTS)
			loop = true;
		else
			loop = io_ep_loops(ep, child, depth + 1);
	}
	mutex_unlock(&to->mtx);
	return loop;
}

/**
 * io_epoll_ctl() - EPOLL_CTL_ADD, _DEL or _MOD of (@tf, @fd) in the set @f
 * @f: an epoll File object
 * @op: EPOLL_CTL_*
 * @fd: the fd @tf was named by
 * @tf: a pollable File object, not @f
 * @events: EPOLL* (ADD, MOD)
 * @data: the user's data (ADD, MOD)
 *
 * The caller made Linux's earlier checks (fds, EPERM, EINVAL, EPOLLEXCLUSIVE).
 * Return: 0, -EEXIST, -ENOENT, -ELOOP, -EINVAL, -ENOMEM.
 */
int io_epoll_ctl(struct io_file *f, int op, unsigned int fd, struct io_file *tf,
		 __poll_t events, u64 data)
{
	struct io_epoll *ep = f->context;
	struct io_epitem *epi;
	int err = -EINVAL;

	mutex_lock(&io_epoll_mutex);
	if (op == EPOLL_CTL_ADD && io_file_is_epoll(tf) &&
	    io_ep_loops(ep, tf->context, 0)) {
		err = -ELOOP;
		goto out;
	}
	mutex_lock(&ep->mtx);
	epi = io_ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		err = epi ? -EEXIST :
		      io_ep_insert(ep, tf, fd, events | EPOLLERR | EPOLLHUP, data);
		break;
	case EPOLL_CTL_DEL:
		err = -ENOENT;
		if (epi) {
			io_ep_remove(ep, epi);
			err = 0;
		}
		break;
	case EPOLL_CTL_MOD:
		err = -ENOENT;
		if (epi) {
			err = -EINVAL;
			if (!(epi->events & EPOLLEXCLUSIVE)) {
				WRITE_ONCE(epi->events, events | EPOLLERR | EPOLLHUP);
				epi->data = data;
				/* Pairs with the barrier of a waker's io_poll_wake(). */
				smp_mb();
				io_ep_check_ready(ep, epi, io_file_poll(tf, NULL));
				err = 0;
			}
		}
		break;
	}
	mutex_unlock(&ep->mtx);
out:
	mutex_unlock(&io_epoll_mutex);
	return err;
}

/**
 * io_epoll_file_gone() - @f is being deleted: drop it from every set
 * @f: a File object whose last reference went
 */
void io_epoll_file_gone(struct io_file *f)
{
	mutex_lock(&io_epoll_mutex);
	while (!list_empty(&f->ep_links)) {
		struct io_epitem *epi = list_first_entry(&f->ep_links,
							 struct io_epitem, flink);
		struct io_epoll *ep = epi->ep;

		mutex_lock(&ep->mtx);
		io_ep_remove(ep, epi);
		mutex_unlock(&ep->mtx);
	}
	mutex_unlock(&io_epoll_mutex);
}

static void io_epoll_release(struct io_file *f)
{
	struct io_epoll *ep = f->context;
	struct rb_node *n;

	mutex_lock(&io_epoll_mutex);
	mutex_lock(&ep->mtx);
	while ((n = rb_first(&ep->items)))
		io_ep_remove(ep, rb_entry(n, struct io_epitem, rb));
	mutex_unlock(&ep->mtx);
	mutex_unlock(&io_epoll_mutex);
	kfree(ep);
}

static const struct io_file_ops io_epoll_ops = {
	.name = "epoll",
	.getattr = io_anon_getattr,
	.poll = io_epoll_poll,
	.llseek = io_noop_llseek,
	.release = io_epoll_release,
};

/**
 * io_create_epoll() - a new, empty epoll set
 * @out: its File object (one reference)
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_create_epoll(struct io_file **out)
{
	struct io_epoll *ep;
	ntstatus st;

	ep = kzalloc(sizeof(*ep), GFP_KERNEL_ACCOUNT);
	if (!ep)
		return STATUS_INSUFFICIENT_RESOURCES;
	mutex_init(&ep->mtx);
	spin_lock_init(&ep->lock);
	INIT_LIST_HEAD(&ep->rdlist);
	ep->items = RB_ROOT;
	io_poll_head_init(&ep->poll);
	st = io_create_file(&io_epoll_ops, ep, IO_FILE_READ | IO_FILE_WRITE, out);
	if (!NT_SUCCESS(st))
		kfree(ep);
	return st;
}
