/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim.h - the kernel names module/ob/ uses, for userspace, so the unit
 * tests compile the ob/ sources unchanged (ob_env.h includes this outside the
 * kernel). Written for these tests, not a general kernel emulation.
 *
 * What the shim checks, beyond providing the names:
 *  - context: spinlocks and rcu_read_lock() count as atomic context per
 *    thread; anything that may sleep in the kernel (GFP_KERNEL allocation,
 *    kvfree outside a callback, flush_work, synchronize_rcu) aborts there;
 *    so does the might_sleep() a test type's close/delete procedure calls.
 *  - spinlocks are error-checking mutexes: relocking aborts (a deadlock in
 *    the kernel); rcu_dereference_protected()'s condition is asserted, and
 *    lockdep_is_held() knows the owner.
 *  - refcount_t aborts on increment from zero and on underflow.
 *  - WARN_ON() counts in kshim_warnings: tests assert it stays zero.
 *  - allocations fail on demand (kshim_fail_alloc_in).
 *
 * RCU: readers hold a process-wide rwlock for reading. call_rcu() queues;
 * queued callbacks run (in a simulated softirq: atomic, may not sleep)
 * whenever a writer can take that rwlock, i.e. no reader is inside a
 * read-side section, tried at call_rcu() and at the outermost
 * rcu_read_unlock() of any thread that holds no spinlock; rcu_barrier()
 * and synchronize_rcu() wait for readers and run everything queued. So a
 * grace period is real: memory is never freed under a reader.
 *
 * Workqueue: schedule_work() only queues; the work runs at flush_work()
 * (ob_flush_deferred()), in the flushing thread. A test can therefore see
 * that a deferred deletion did not run in its caller.
 */
#ifndef LXCORE_KSHIM_H
#define LXCORE_KSHIM_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- types and compiler ------------------------------------------------ */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef long long s64;
typedef unsigned int gfp_t;

#define __aligned(x)		__attribute__((aligned(x)))
#define __rcu
#define __must_hold(x)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define min(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); \
			   _a < _b ? _a : _b; })
#define max(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); \
			   _a > _b ? _a : _b; })

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Returns the old value, as the kernel's does. */
#define cmpxchg(p, o, n)	({ __typeof__(*(p)) _o = (o); \
	__atomic_compare_exchange_n((p), &_o, (n), false, __ATOMIC_SEQ_CST, \
				    __ATOMIC_SEQ_CST); _o; })
#define xchg(p, v)		__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)

/* No speculation to fence in these tests: the bound is checked before. */
#define array_index_nospec(i, size)	(i)

/* ---- diagnostics and context ------------------------------------------- */

extern long kshim_warnings;
extern __thread int kshim_atomic_depth;	/* spinlocks + RCU readers held */
extern __thread bool kshim_in_softirq;	/* running RCU callbacks */

void kshim_might_sleep(const char *file, int line);
#define might_sleep()	kshim_might_sleep(__FILE__, __LINE__)

#define pr_err(fmt, ...)	fprintf(stderr, fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	fprintf(stderr, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	fprintf(stderr, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)

#define WARN_ON(cond) ({ \
	bool _c = !!(cond); \
	if (unlikely(_c)) { \
		fprintf(stderr, "WARNING: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		__atomic_add_fetch(&kshim_warnings, 1, __ATOMIC_SEQ_CST); \
	} \
	_c; })
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define BUG_ON(cond)		do { if (unlikely(cond)) abort(); } while (0)

/* ---- memory ------------------------------------------------------------- */

#define __GFP_RECLAIM		0x1U	/* may sleep */
#define __GFP_ACCOUNT		0x2U	/* ignored */
#define GFP_ATOMIC		0x0U
#define GFP_NOWAIT		0x0U
#define GFP_KERNEL		__GFP_RECLAIM
#define GFP_KERNEL_ACCOUNT	(__GFP_RECLAIM | __GFP_ACCOUNT)

/* The next allocation after this many more fails (-1: none fails). */
extern long kshim_fail_alloc_in;
void *kshim_alloc(size_t size, gfp_t gfp, bool zero);

static inline void *kmalloc(size_t size, gfp_t gfp)
{
	return kshim_alloc(size, gfp, false);
}

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kshim_alloc(size, gfp, true);
}

static inline void *kvmalloc(size_t size, gfp_t gfp)
{
	return kshim_alloc(size, gfp, false);
}

static inline void *kvzalloc(size_t size, gfp_t gfp)
{
	return kshim_alloc(size, gfp, true);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kshim_alloc(n * size, gfp, true);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

/* vfree may sleep, except from interrupt context (it defers there). */
static inline void kvfree(const void *p)
{
	if (!kshim_in_softirq)
		might_sleep();
	free((void *)p);
}

static inline void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

static inline char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

/* ---- atomics and reference counts -------------------------------------- */

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
typedef struct { long long counter; } atomic64_t;
typedef struct { atomic_t refs; } refcount_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }

#define KSHIM_LOAD(v)		__atomic_load_n(&(v)->counter, __ATOMIC_SEQ_CST)
#define KSHIM_STORE(v, i)	__atomic_store_n(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define KSHIM_ADD(v, i)		__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)

#define atomic_read(v)			KSHIM_LOAD(v)
#define atomic_set(v, i)		KSHIM_STORE(v, i)
#define atomic_inc(v)			((void)KSHIM_ADD(v, 1))
#define atomic_dec(v)			((void)KSHIM_ADD(v, -1))
#define atomic_inc_return(v)		KSHIM_ADD(v, 1)
#define atomic_dec_return(v)		KSHIM_ADD(v, -1)
#define atomic_long_read(v)		KSHIM_LOAD(v)
#define atomic_long_set(v, i)		KSHIM_STORE(v, i)
#define atomic_long_inc(v)		((void)KSHIM_ADD(v, 1))
#define atomic_long_dec(v)		((void)KSHIM_ADD(v, -1))
#define atomic_long_inc_return(v)	KSHIM_ADD(v, 1)
#define atomic_long_dec_return(v)	KSHIM_ADD(v, -1)
#define atomic64_read(v)		KSHIM_LOAD(v)
#define atomic64_set(v, i)		KSHIM_STORE(v, i)
#define atomic64_inc(v)			((void)KSHIM_ADD(v, 1))
#define atomic64_dec(v)			((void)KSHIM_ADD(v, -1))

void kshim_refcount_bug(const char *what);

/*
 * Called by refcount_inc_not_zero() when set: lets a test act at the exact
 * moment a lock-free lookup takes its reference (a race made repeatable).
 */
extern void (*kshim_ref_hook)(void);

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return __atomic_load_n(&r->refs.counter, __ATOMIC_SEQ_CST);
}

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	int old;

	if (unlikely(kshim_ref_hook))
		kshim_ref_hook();
	old = atomic_read(&r->refs);
	do {
		if (!old)
			return false;
	} while (!__atomic_compare_exchange_n(&r->refs.counter, &old, old + 1,
					      false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return true;
}

static inline void refcount_inc(refcount_t *r)
{
	if (!refcount_inc_not_zero(r))
		kshim_refcount_bug("increment from zero (use after free)");
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	int n = atomic_dec_return(&r->refs);

	if (n < 0)
		kshim_refcount_bug("underflow");
	return n == 0;
}

/* ---- spinlocks and mutexes ---------------------------------------------- */

typedef struct {
	pthread_mutex_t m;
	pthread_t owner;
	bool held;
} spinlock_t;

void kshim_lock_init(pthread_mutex_t *m);
void kshim_lock(pthread_mutex_t *m);
void kshim_unlock(pthread_mutex_t *m);

static inline void spin_lock_init(spinlock_t *l)
{
	kshim_lock_init(&l->m);
	l->held = false;
}

static inline void spin_lock(spinlock_t *l)
{
	kshim_lock(&l->m);
	l->owner = pthread_self();
	l->held = true;
	kshim_atomic_depth++;
}

static inline void spin_unlock(spinlock_t *l)
{
	kshim_atomic_depth--;
	l->held = false;
	kshim_unlock(&l->m);
}

#define lockdep_is_held(l) \
	((l)->held && pthread_equal((l)->owner, pthread_self()))

struct mutex {
	pthread_mutex_t m;
};

static inline void mutex_init(struct mutex *l)
{
	kshim_lock_init(&l->m);
}

static inline void mutex_lock(struct mutex *l)
{
	might_sleep();
	kshim_lock(&l->m);
}

static inline void mutex_unlock(struct mutex *l)
{
	kshim_unlock(&l->m);
}

/* ---- RCU ---------------------------------------------------------------- */

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
	size_t kfree_offset;	/* kfree_rcu(): func is NULL */
};

void rcu_read_lock(void);
void rcu_read_unlock(void);
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
void kshim_kfree_rcu(struct rcu_head *head, size_t offset);
void synchronize_rcu(void);
void rcu_barrier(void);

#define kfree_rcu(ptr, field) \
	kshim_kfree_rcu(&(ptr)->field, offsetof(__typeof__(*(ptr)), field))

#define rcu_dereference(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_raw(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_access_pointer(p)	__atomic_load_n(&(p), __ATOMIC_RELAXED)
#define rcu_dereference_protected(p, c) ({ \
	if (!(c)) { \
		fprintf(stderr, "%s:%d: rcu_dereference_protected() without %s\n", \
			__FILE__, __LINE__, #c); \
		abort(); \
	} \
	(p); })
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v)	WRITE_ONCE(p, v)

/* ---- lists -------------------------------------------------------------- */

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

static inline void INIT_HLIST_HEAD(struct hlist_head *h)
{
	h->first = NULL;
}

static inline void INIT_HLIST_NODE(struct hlist_node *n)
{
	n->next = NULL;
	n->pprev = NULL;
}

static inline bool hlist_unhashed(const struct hlist_node *n)
{
	return !n->pprev;
}

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	n->next = h->first;
	if (n->next)
		n->next->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

static inline void hlist_del_init(struct hlist_node *n)
{
	if (hlist_unhashed(n))
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	INIT_HLIST_NODE(n);
}

/* The entry holding @node, or NULL for the end of the chain. */
#define kshim_hlist_entry(node, type, member) \
	((node) ? container_of(node, type, member) : (type *)NULL)

#define hlist_for_each_entry(pos, head, member) \
	for (pos = kshim_hlist_entry((head)->first, __typeof__(*pos), member); \
	     pos; \
	     pos = kshim_hlist_entry(pos->member.next, __typeof__(*pos), member))

struct llist_node {
	struct llist_node *next;
};

struct llist_head {
	struct llist_node *first;
};

#define LLIST_HEAD(name)	struct llist_head name = { NULL }

/* Returns true when the list was empty, as the kernel's does. */
static inline bool llist_add(struct llist_node *n, struct llist_head *h)
{
	struct llist_node *first = __atomic_load_n(&h->first, __ATOMIC_SEQ_CST);

	do {
		n->next = first;
	} while (!__atomic_compare_exchange_n(&h->first, &first, n, false,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return !first;
}

static inline struct llist_node *llist_del_all(struct llist_head *h)
{
	return xchg(&h->first, NULL);
}

#define kshim_llist_entry(node, type, member) \
	((node) ? container_of(node, type, member) : (type *)NULL)

#define llist_for_each_entry_safe(pos, n, node, member) \
	for (pos = kshim_llist_entry(node, __typeof__(*pos), member); \
	     pos && (n = kshim_llist_entry(pos->member.next, \
					   __typeof__(*pos), member), 1); \
	     pos = n)

/* ---- work --------------------------------------------------------------- */

struct work_struct {
	void (*func)(struct work_struct *work);
	int pending;
};

#define DECLARE_WORK(name, fn)	struct work_struct name = { .func = (fn) }
#define INIT_WORK(w, fn)	do { (w)->func = (fn); (w)->pending = 0; } while (0)

bool schedule_work(struct work_struct *work);
bool flush_work(struct work_struct *work);

/* ---- bitmaps ------------------------------------------------------------ */

#define BITS_PER_LONG		((int)(sizeof(long) * CHAR_BIT))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

static inline void __set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

/* The first bit at or after @start that equals !@invert, or @size. */
static inline unsigned long kshim_find_bit(const unsigned long *map,
					   unsigned long size,
					   unsigned long start, bool invert)
{
	unsigned long word, i;

	for (i = start; i < size; i = (i / BITS_PER_LONG + 1) * BITS_PER_LONG) {
		word = map[i / BITS_PER_LONG];
		if (invert)
			word = ~word;
		word &= ~0UL << (i % BITS_PER_LONG);
		if (word) {
			i = (i / BITS_PER_LONG) * BITS_PER_LONG + __builtin_ctzl(word);
			return i < size ? i : size;
		}
	}
	return size;
}

#define find_next_bit(map, size, start)	kshim_find_bit(map, size, start, false)
#define find_next_zero_bit(map, size, start) kshim_find_bit(map, size, start, true)
#define for_each_set_bit(bit, map, size) \
	for ((bit) = find_next_bit(map, size, 0); (bit) < (size); \
	     (bit) = find_next_bit(map, size, (bit) + 1))

#endif /* LXCORE_KSHIM_H */
