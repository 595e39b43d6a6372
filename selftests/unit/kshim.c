// SPDX-License-Identifier: GPL-2.0
/*
 * kshim.c - the parts of the userspace kernel shim that need state: the
 * context checks, allocation failure injection, RCU grace periods and the
 * work queue. See kshim.h for what each one promises.
 */
#include "kshim.h"

long kshim_warnings;
long kshim_fail_alloc_in = -1;
void (*kshim_ref_hook)(void);
__thread int kshim_atomic_depth;
__thread bool kshim_in_softirq;

void kshim_might_sleep(const char *file, int line)
{
	if (kshim_atomic_depth > 0) {
		fprintf(stderr, "BUG: sleeping function called from atomic context at %s:%d%s\n",
			file, line, kshim_in_softirq ? " (RCU callback)" : "");
		abort();
	}
}

void *kshim_alloc(size_t size, gfp_t gfp, bool zero)
{
	long n;

	if (gfp & __GFP_RECLAIM)
		might_sleep();
	n = __atomic_load_n(&kshim_fail_alloc_in, __ATOMIC_SEQ_CST);
	if (n >= 0 && __atomic_sub_fetch(&kshim_fail_alloc_in, 1, __ATOMIC_SEQ_CST) == -1)
		return NULL;
	/* Never zero bytes: the caller's NULL check must mean failure. */
	return zero ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
}

void kshim_refcount_bug(const char *what)
{
	fprintf(stderr, "BUG: refcount_t: %s\n", what);
	abort();
}

void kshim_lock_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
}

void kshim_lock(pthread_mutex_t *m)
{
	int err = pthread_mutex_lock(m);

	if (err) {
		fprintf(stderr, "BUG: lock: %s (recursive locking deadlocks in the kernel)\n",
			strerror(err));
		abort();
	}
}

void kshim_unlock(pthread_mutex_t *m)
{
	int err = pthread_mutex_unlock(m);

	if (err) {
		fprintf(stderr, "BUG: unlock: %s\n", strerror(err));
		abort();
	}
}

/* ---- RCU ------------------------------------------------------------------ */

/* Readers hold it shared; a grace period has passed once it is had exclusive. */
static pthread_rwlock_t kshim_rcu_readers = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t kshim_rcu_queue_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rcu_head *kshim_rcu_queue;
static struct rcu_head **kshim_rcu_tail = &kshim_rcu_queue;
static __thread int kshim_rcu_nesting;

static struct rcu_head *kshim_rcu_take_all(void)
{
	struct rcu_head *list;

	pthread_mutex_lock(&kshim_rcu_queue_lock);
	list = kshim_rcu_queue;
	kshim_rcu_queue = NULL;
	kshim_rcu_tail = &kshim_rcu_queue;
	pthread_mutex_unlock(&kshim_rcu_queue_lock);
	return list;
}

/* Callbacks run as in softirq: atomic context, kvfree() allowed. */
static void kshim_rcu_run(struct rcu_head *list)
{
	bool was = kshim_in_softirq;
	struct rcu_head *head;

	kshim_in_softirq = true;
	kshim_atomic_depth++;
	while (list) {
		head = list;
		list = head->next;
		if (head->func)
			head->func(head);
		else
			free((char *)head - head->kfree_offset);
	}
	kshim_atomic_depth--;
	kshim_in_softirq = was;
}

/*
 * Callbacks queued before the exclusive lock was had have seen a grace
 * period: no reader that could hold their memory is left.
 */
static void kshim_rcu_advance(bool wait)
{
	struct rcu_head *list;

	if (wait) {
		might_sleep();
		pthread_rwlock_wrlock(&kshim_rcu_readers);
	} else if (kshim_atomic_depth > 0 || kshim_rcu_nesting > 0 ||
		   pthread_rwlock_trywrlock(&kshim_rcu_readers)) {
		return;
	}
	list = kshim_rcu_take_all();
	pthread_rwlock_unlock(&kshim_rcu_readers);
	kshim_rcu_run(list);
}

void rcu_read_lock(void)
{
	if (!kshim_rcu_nesting++)
		pthread_rwlock_rdlock(&kshim_rcu_readers);
	kshim_atomic_depth++;
}

void rcu_read_unlock(void)
{
	kshim_atomic_depth--;
	if (--kshim_rcu_nesting)
		return;
	pthread_rwlock_unlock(&kshim_rcu_readers);
	kshim_rcu_advance(false);
}

static void kshim_rcu_queue_add(struct rcu_head *head)
{
	head->next = NULL;
	pthread_mutex_lock(&kshim_rcu_queue_lock);
	*kshim_rcu_tail = head;
	kshim_rcu_tail = &head->next;
	pthread_mutex_unlock(&kshim_rcu_queue_lock);
}

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	head->func = func;
	kshim_rcu_queue_add(head);
	kshim_rcu_advance(false);
}

void kshim_kfree_rcu(struct rcu_head *head, size_t offset)
{
	head->func = NULL;
	head->kfree_offset = offset;
	kshim_rcu_queue_add(head);
	kshim_rcu_advance(false);
}

void synchronize_rcu(void)
{
	kshim_rcu_advance(true);
}

/* Callbacks may queue more: run until the queue stays empty. */
void rcu_barrier(void)
{
	struct rcu_head *list;

	do {
		kshim_rcu_advance(true);
		pthread_mutex_lock(&kshim_rcu_queue_lock);
		list = kshim_rcu_queue;
		pthread_mutex_unlock(&kshim_rcu_queue_lock);
	} while (list);
}

/* ---- work ----------------------------------------------------------------- */

bool schedule_work(struct work_struct *work)
{
	return !__atomic_exchange_n(&work->pending, 1, __ATOMIC_SEQ_CST);
}

bool flush_work(struct work_struct *work)
{
	bool ran = false;

	might_sleep();
	while (__atomic_exchange_n(&work->pending, 0, __ATOMIC_SEQ_CST)) {
		work->func(work);
		ran = true;
	}
	return ran;
}
