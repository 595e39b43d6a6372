// SPDX-License-Identifier: GPL-2.0
/*
 * selftest.c - in-kernel tests of module/ke/, one per behaviour, run by
 * reading /sys/kernel/debug/lxcore/ke_selftest. Dispatcher objects are
 * kernel-only, so they are tested where they live; concurrent waiters and
 * signalers are kthreads. The output is TAP: a plan, "ok N name" or
 * "not ok N name" (with "# " diagnostics before it), and a last line
 * "# ke: N passed, N failed". Every wait a test makes has a deadline, so a
 * bug fails a test instead of hanging the reader.
 */
#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ke/ke_internal.h"

#define KT_LONG_MS	5000	/* a wait that should end long before this */
#define KT_REPORT_SIZE	(64 * 1024)

struct kt {
	struct seq_buf *out;
	bool ok;
};

static bool kt_check(struct kt *t, bool ok, int line, const char *what)
{
	if (!ok) {
		seq_buf_printf(t->out, "# line %d: expected %s\n", line, what);
		t->ok = false;
	}
	return ok;
}

static bool kt_check_status(struct kt *t, ntstatus got, ntstatus want,
			    int line, const char *what)
{
	if (got != want) {
		seq_buf_printf(t->out, "# line %d: %s is 0x%08x, expected 0x%08x\n",
			       line, what, (u32)got, (u32)want);
		t->ok = false;
	}
	return got == want;
}

#define KT_EXPECT(t, cond)	kt_check(t, !!(cond), __LINE__, #cond)
#define KT_STATUS(t, got, want)	kt_check_status(t, got, want, __LINE__, #got)

static ktime_t kt_in_ms(unsigned int ms)
{
	return ktime_add_ms(ktime_get(), ms);
}

static ntstatus kt_wait_ms(struct ke_thread *self, struct ke_dispatcher_header *h,
			   unsigned int ms)
{
	ktime_t deadline = kt_in_ms(ms);

	return ke_wait_for_single_object(self, h, false, &deadline);
}

/* Test without waiting (a deadline in the past). */
static ntstatus kt_poll(struct ke_thread *self, struct ke_dispatcher_header *h)
{
	ktime_t past = 0;

	return ke_wait_for_single_object(self, h, false, &past);
}

static ntstatus kt_poll_many(struct ke_thread *self, unsigned int count,
			     struct ke_dispatcher_header **objects,
			     enum ke_wait_type type)
{
	ktime_t past = 0;

	return ke_wait_for_multiple_objects(self, count, objects, type, false,
					    &past);
}

/*
 * Before checking that something did *not* happen: time for a wrongly
 * woken waiter to run and show itself.
 */
static void kt_settle(void)
{
	msleep(20);
}

/* Until @n wait blocks are queued on @h; false after 10 s. */
static bool kt_wait_for_waiters(struct ke_dispatcher_header *h, unsigned int n)
{
	unsigned long end = jiffies + 10 * HZ;

	while (ke_waiter_count(h) != n) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(200, 500);
	}
	return true;
}

/* ---- worker kthreads ------------------------------------------------------ */

struct kt_worker {
	struct task_struct *task;
	struct ke_thread kt;
	void (*fn)(struct kt_worker *w);
	int allow;			/* a signal the worker accepts, or 0 */
	/* kt_waiter_fn: one wait */
	struct ke_dispatcher_header **objects;
	unsigned int count;
	enum ke_wait_type type;
	bool alertable;
	unsigned int timeout_ms;
	/* results */
	ntstatus status;
	ktime_t deadline;
	ktime_t done_at;
	/* stress workers */
	void *arg;
	unsigned long rounds;
	unsigned long completed;
	struct completion done;
};

static int kt_worker_main(void *data)
{
	struct kt_worker *w = data;

	if (w->allow)
		allow_signal(w->allow);
	w->fn(w);
	/* Like a pico thread: what it still owns is abandoned. */
	ke_thread_exit(&w->kt);
	if (w->allow)
		flush_signals(current);
	complete_all(&w->done);	/* stays done: kt_worker_done() */
	return 0;
}

static bool kt_worker_start(struct kt *t, struct kt_worker *w)
{
	struct task_struct *task;

	init_completion(&w->done);
	ke_thread_init(&w->kt, NULL);
	w->status = STATUS_PENDING;
	task = kthread_create(kt_worker_main, w, "ke_selftest");
	if (!KT_EXPECT(t, !IS_ERR(task))) {
		w->task = NULL;
		return false;
	}
	w->kt.task = task;
	get_task_struct(task);
	w->task = task;
	wake_up_process(task);
	return true;
}

/* Every worker's waits have deadlines: it ends. */
static void kt_worker_finish(struct kt_worker *w)
{
	if (!w->task)
		return;
	wait_for_completion(&w->done);
	kthread_stop(w->task);
	put_task_struct(w->task);
	w->task = NULL;
}

static bool kt_worker_done(struct kt_worker *w)
{
	return completion_done(&w->done);
}

/* One wait as the worker's fields say. */
static void kt_waiter_fn(struct kt_worker *w)
{
	w->deadline = kt_in_ms(w->timeout_ms ? w->timeout_ms : KT_LONG_MS);
	w->status = ke_wait_for_multiple_objects(&w->kt, w->count, w->objects,
						 w->type, w->alertable,
						 &w->deadline);
	w->done_at = ktime_get();
}

static bool kt_start_waiter(struct kt *t, struct kt_worker *w,
			    struct ke_dispatcher_header **objects,
			    unsigned int count, enum ke_wait_type type)
{
	w->fn = kt_waiter_fn;
	w->objects = objects;
	w->count = count;
	w->type = type;
	return kt_worker_start(t, w);
}

static struct kt_worker *kt_workers_alloc(unsigned int n)
{
	return kcalloc(n, sizeof(struct kt_worker), GFP_KERNEL);
}

/* How many of @n workers have finished with @status. */
static unsigned int kt_count_status(struct kt_worker *ws, unsigned int n,
				    ntstatus status)
{
	unsigned int i, hits = 0;

	for (i = 0; i < n; i++)
		if (kt_worker_done(&ws[i]) && ws[i].status == status)
			hits++;
	return hits;
}

/* Until @want of @n workers have finished; false after 10 s. */
static bool kt_wait_for_done(struct kt_worker *ws, unsigned int n,
			     unsigned int want)
{
	unsigned long end = jiffies + 10 * HZ;
	unsigned int i, done;

	for (;;) {
		for (i = 0, done = 0; i < n; i++)
			done += kt_worker_done(&ws[i]);
		if (done >= want)
			return true;
		if (time_after(jiffies, end))
			return false;
		usleep_range(200, 500);
	}
}

/* ---- events ---------------------------------------------------------------- */

static void test_event_notification_stays_signalled(struct kt *t)
{
	struct ke_thread self;
	struct ke_event ev;

	ke_thread_init(&self, current);
	ke_event_init(&ev, KE_NOTIFICATION_EVENT, false);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_TIMEOUT);
	KT_EXPECT(t, ke_event_set(&ev) == 0);
	KT_EXPECT(t, ke_event_set(&ev) == 1);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_WAIT_0);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_WAIT_0);
	KT_EXPECT(t, ke_event_read_state(&ev) == 1);
	KT_EXPECT(t, ke_event_reset(&ev) == 1);
	KT_EXPECT(t, ke_event_read_state(&ev) == 0);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_TIMEOUT);
	ke_event_init(&ev, KE_NOTIFICATION_EVENT, true);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_WAIT_0);
}

static void test_event_synchronization_auto_resets(struct kt *t)
{
	struct ke_thread self;
	struct ke_event ev;

	ke_thread_init(&self, current);
	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, true);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_WAIT_0);
	KT_EXPECT(t, ke_event_read_state(&ev) == 0);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_TIMEOUT);
	KT_EXPECT(t, ke_event_set(&ev) == 0);
	KT_STATUS(t, kt_wait_ms(&self, &ev.header, KT_LONG_MS), STATUS_WAIT_0);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_TIMEOUT);
}

static void test_notification_event_releases_every_waiter(struct kt *t)
{
	const unsigned int n = 8;
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(n);
	struct ke_event ev;
	unsigned int i;

	if (!KT_EXPECT(t, ws))
		return;
	ke_event_init(&ev, KE_NOTIFICATION_EVENT, false);
	obj[0] = &ev.header;
	for (i = 0; i < n; i++)
		kt_start_waiter(t, &ws[i], obj, 1, KE_WAIT_ANY);
	if (KT_EXPECT(t, kt_wait_for_waiters(&ev.header, n))) {
		ke_event_set(&ev);
		KT_EXPECT(t, kt_wait_for_done(ws, n, n));
	}
	for (i = 0; i < n; i++)
		kt_worker_finish(&ws[i]);
	KT_EXPECT(t, kt_count_status(ws, n, STATUS_WAIT_0) == n);
	KT_EXPECT(t, ke_event_read_state(&ev) == 1);
	kfree(ws);
}

/* Each set of a synchronization event releases exactly one of many waiters. */
static void test_sync_event_satisfies_each_waiter_once(struct kt *t)
{
	const unsigned int n = 8;
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(n);
	struct ke_event ev;
	unsigned int i;

	if (!KT_EXPECT(t, ws))
		return;
	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, false);
	obj[0] = &ev.header;
	for (i = 0; i < n; i++)
		kt_start_waiter(t, &ws[i], obj, 1, KE_WAIT_ANY);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&ev.header, n)))
		goto out;
	for (i = 1; i <= n; i++) {
		ke_event_set(&ev);
		if (!KT_EXPECT(t, kt_wait_for_done(ws, n, i)))
			break;
		/* The one set released one waiter, and was consumed by it. */
		KT_EXPECT(t, ke_event_read_state(&ev) == 0);
		KT_EXPECT(t, ke_waiter_count(&ev.header) == n - i);
		kt_settle();
		KT_EXPECT(t, kt_count_status(ws, n, STATUS_WAIT_0) == i);
	}
out:
	for (i = 0; i < n; i++)
		kt_worker_finish(&ws[i]);
	KT_EXPECT(t, kt_count_status(ws, n, STATUS_WAIT_0) == n);
	kfree(ws);
}

static void test_event_pulse_releases_current_waiters_and_resets(struct kt *t)
{
	struct ke_dispatcher_header *nobj[1], *sobj[1];
	struct kt_worker *ws = kt_workers_alloc(5);
	struct ke_event nev, sev;
	struct ke_thread self;
	unsigned int i;

	if (!KT_EXPECT(t, ws))
		return;
	ke_thread_init(&self, current);
	ke_event_init(&nev, KE_NOTIFICATION_EVENT, false);
	ke_event_init(&sev, KE_SYNCHRONIZATION_EVENT, false);

	/* No waiter: a pulse leaves nothing behind. */
	KT_EXPECT(t, ke_event_pulse(&nev) == 0);
	KT_STATUS(t, kt_poll(&self, &nev.header), STATUS_TIMEOUT);

	nobj[0] = &nev.header;
	sobj[0] = &sev.header;
	for (i = 0; i < 3; i++)
		kt_start_waiter(t, &ws[i], nobj, 1, KE_WAIT_ANY);
	kt_start_waiter(t, &ws[3], sobj, 1, KE_WAIT_ANY);
	kt_start_waiter(t, &ws[4], sobj, 1, KE_WAIT_ANY);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&nev.header, 3)) ||
	    !KT_EXPECT(t, kt_wait_for_waiters(&sev.header, 2)))
		goto out;

	ke_event_pulse(&nev);
	KT_EXPECT(t, kt_wait_for_done(ws, 3, 3));
	KT_EXPECT(t, ke_event_read_state(&nev) == 0);

	ke_event_pulse(&sev);		/* one of the two */
	KT_EXPECT(t, kt_wait_for_waiters(&sev.header, 1));
	KT_EXPECT(t, ke_event_read_state(&sev) == 0);
	ke_event_pulse(&sev);
	KT_EXPECT(t, kt_wait_for_waiters(&sev.header, 0));
	KT_EXPECT(t, ke_event_read_state(&sev) == 0);
out:
	for (i = 0; i < 5; i++)
		kt_worker_finish(&ws[i]);
	KT_EXPECT(t, kt_count_status(ws, 5, STATUS_WAIT_0) == 5);
	kfree(ws);
}

/* ---- semaphores -------------------------------------------------------------- */

static void test_semaphore_count_and_limit(struct kt *t)
{
	struct ke_semaphore s;
	struct ke_thread self;
	long prev = -1;

	ke_thread_init(&self, current);
	ke_semaphore_init(&s, 2, 3);
	KT_STATUS(t, kt_poll(&self, &s.header), STATUS_WAIT_0);
	KT_STATUS(t, kt_poll(&self, &s.header), STATUS_WAIT_0);
	KT_STATUS(t, kt_poll(&self, &s.header), STATUS_TIMEOUT);
	KT_STATUS(t, ke_semaphore_release(&s, 1, &prev), STATUS_SUCCESS);
	KT_EXPECT(t, prev == 0);
	prev = -1;
	KT_STATUS(t, ke_semaphore_release(&s, 3, &prev),
		  STATUS_SEMAPHORE_LIMIT_EXCEEDED);
	KT_EXPECT(t, prev == -1);
	KT_EXPECT(t, s.header.signal_state == 1);
	KT_STATUS(t, ke_semaphore_release(&s, 2, &prev), STATUS_SUCCESS);
	KT_EXPECT(t, prev == 1);
	KT_STATUS(t, ke_semaphore_release(&s, 1, NULL),
		  STATUS_SEMAPHORE_LIMIT_EXCEEDED);
	KT_STATUS(t, ke_semaphore_release(&s, 0, NULL), STATUS_INVALID_PARAMETER);
	KT_STATUS(t, ke_semaphore_release(&s, -1, NULL), STATUS_INVALID_PARAMETER);
	KT_STATUS(t, ke_semaphore_release(&s, LONG_MAX, NULL),
		  STATUS_SEMAPHORE_LIMIT_EXCEEDED);
	KT_EXPECT(t, s.header.signal_state == 3);
}

static void test_semaphore_release_satisfies_as_many_as_added(struct kt *t)
{
	const unsigned int n = 3;
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(n);
	struct ke_semaphore s;
	unsigned int i;

	if (!KT_EXPECT(t, ws))
		return;
	ke_semaphore_init(&s, 0, 10);
	obj[0] = &s.header;
	for (i = 0; i < n; i++)
		kt_start_waiter(t, &ws[i], obj, 1, KE_WAIT_ANY);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&s.header, n)))
		goto out;
	KT_STATUS(t, ke_semaphore_release(&s, 2, NULL), STATUS_SUCCESS);
	KT_EXPECT(t, kt_wait_for_done(ws, n, 2));
	KT_EXPECT(t, s.header.signal_state == 0);
	kt_settle();
	KT_EXPECT(t, ke_waiter_count(&s.header) == 1);
	KT_STATUS(t, ke_semaphore_release(&s, 1, NULL), STATUS_SUCCESS);
	KT_EXPECT(t, kt_wait_for_done(ws, n, 3));
	KT_EXPECT(t, s.header.signal_state == 0);
out:
	for (i = 0; i < n; i++)
		kt_worker_finish(&ws[i]);
	KT_EXPECT(t, kt_count_status(ws, n, STATUS_WAIT_0) == n);
	kfree(ws);
}

/* ---- mutants ------------------------------------------------------------------- */

static void test_mutant_is_recursive(struct kt *t)
{
	struct ke_thread a, b;
	struct ke_mutant m;

	ke_thread_init(&a, current);
	ke_thread_init(&b, current);
	ke_mutant_init(&m, NULL);
	KT_STATUS(t, kt_poll(&a, &m.header), STATUS_WAIT_0);
	KT_STATUS(t, kt_poll(&a, &m.header), STATUS_WAIT_0);
	KT_STATUS(t, kt_wait_ms(&a, &m.header, KT_LONG_MS), STATUS_WAIT_0);
	KT_EXPECT(t, m.owner == &a);
	KT_STATUS(t, kt_poll(&b, &m.header), STATUS_TIMEOUT);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	KT_STATUS(t, kt_poll(&b, &m.header), STATUS_TIMEOUT);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	KT_EXPECT(t, !m.owner && m.header.signal_state == 1);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_MUTANT_NOT_OWNED);
	KT_STATUS(t, kt_poll(&b, &m.header), STATUS_WAIT_0);
	KT_EXPECT(t, m.owner == &b);
	KT_STATUS(t, ke_mutant_release(&m, &b), STATUS_SUCCESS);
	ke_thread_exit(&a);
	ke_thread_exit(&b);
}

static void test_mutant_release_by_non_owner_fails(struct kt *t)
{
	struct ke_thread a, b;
	struct ke_mutant m;

	ke_thread_init(&a, current);
	ke_thread_init(&b, current);
	ke_mutant_init(&m, NULL);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_MUTANT_NOT_OWNED);
	ke_mutant_init(&m, &a);		/* initially owned */
	KT_EXPECT(t, m.owner == &a && m.header.signal_state == 0);
	KT_STATUS(t, kt_poll(&b, &m.header), STATUS_TIMEOUT);
	KT_STATUS(t, ke_mutant_release(&m, &b), STATUS_MUTANT_NOT_OWNED);
	KT_STATUS(t, ke_mutant_release(&m, NULL), STATUS_MUTANT_NOT_OWNED);
	KT_EXPECT(t, m.owner == &a);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	KT_STATUS(t, kt_poll(&b, &m.header), STATUS_WAIT_0);
	KT_STATUS(t, ke_mutant_release(&m, &b), STATUS_SUCCESS);
	ke_thread_exit(&a);
	ke_thread_exit(&b);
}

static void test_mutant_abandoned_by_exiting_owner(struct kt *t)
{
	struct ke_dispatcher_header *obj[2];
	struct ke_thread a, b;
	struct ke_mutant m;
	struct ke_event ev;

	ke_thread_init(&a, current);
	ke_thread_init(&b, current);
	ke_mutant_init(&m, NULL);
	ke_event_init(&ev, KE_NOTIFICATION_EVENT, false);
	KT_STATUS(t, kt_poll(&a, &m.header), STATUS_WAIT_0);
	KT_STATUS(t, kt_poll(&a, &m.header), STATUS_WAIT_0);
	ke_thread_exit(&a);		/* held twice: abandoned all the same */
	KT_EXPECT(t, !m.owner && m.abandoned && m.header.signal_state == 1);
	KT_EXPECT(t, list_empty(&a.mutants));

	/* The next acquirer learns it, with the mutant's index. */
	obj[0] = &ev.header;
	obj[1] = &m.header;
	KT_STATUS(t, kt_poll_many(&b, 2, obj, KE_WAIT_ANY),
		  STATUS_ABANDONED_WAIT_0 + 1);
	KT_EXPECT(t, m.owner == &b && !m.abandoned);
	KT_STATUS(t, ke_mutant_release(&m, &b), STATUS_SUCCESS);
	KT_STATUS(t, kt_poll(&a, &m.header), STATUS_WAIT_0);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	ke_thread_exit(&b);
	ke_thread_exit(&a);
}

static void test_mutant_abandoned_wakes_blocked_waiter(struct kt *t)
{
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(1);
	struct ke_thread a, b;
	struct ke_mutant m;

	if (!KT_EXPECT(t, ws))
		return;
	ke_thread_init(&a, current);
	ke_thread_init(&b, current);
	ke_mutant_init(&m, &a);
	obj[0] = &m.header;
	kt_start_waiter(t, &ws[0], obj, 1, KE_WAIT_ANY);
	if (KT_EXPECT(t, kt_wait_for_waiters(&m.header, 1))) {
		ke_thread_exit(&a);
		KT_EXPECT(t, kt_wait_for_done(ws, 1, 1));
	}
	kt_worker_finish(&ws[0]);
	KT_STATUS(t, ws[0].status, STATUS_ABANDONED_WAIT_0);
	/* The worker exited owning it: abandoned once more. */
	KT_STATUS(t, kt_poll(&b, &m.header), STATUS_ABANDONED_WAIT_0);
	KT_STATUS(t, ke_mutant_release(&m, &b), STATUS_SUCCESS);
	ke_thread_exit(&b);
	kfree(ws);
}

static void test_mutant_release_hands_over_to_waiter(struct kt *t)
{
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(2);
	struct ke_thread a;
	struct ke_mutant m;

	if (!KT_EXPECT(t, ws))
		return;
	ke_thread_init(&a, current);
	ke_mutant_init(&m, &a);
	KT_STATUS(t, kt_poll(&a, &m.header), STATUS_WAIT_0);	/* recursion 2 */
	obj[0] = &m.header;
	kt_start_waiter(t, &ws[0], obj, 1, KE_WAIT_ANY);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&m.header, 1)))
		goto out;
	kt_start_waiter(t, &ws[1], obj, 1, KE_WAIT_ANY);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&m.header, 2)))
		goto out;
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	kt_settle();
	KT_EXPECT(t, ke_waiter_count(&m.header) == 2);	/* still held once */
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	/* The first waiter gets it; it exits holding it, the second inherits. */
	KT_EXPECT(t, kt_wait_for_done(ws, 2, 2));
out:
	ke_thread_exit(&a);
	kt_worker_finish(&ws[0]);
	kt_worker_finish(&ws[1]);
	KT_STATUS(t, ws[0].status, STATUS_WAIT_0);
	KT_STATUS(t, ws[1].status, STATUS_ABANDONED_WAIT_0);
	KT_EXPECT(t, ktime_compare(ws[0].done_at, ws[1].done_at) <= 0);
	kfree(ws);
}

/* ---- waits ---------------------------------------------------------------------- */

static void test_wait_any_returns_lowest_signalled_index(struct kt *t)
{
	struct ke_dispatcher_header *obj[3];
	struct ke_event ev[3];
	struct ke_thread self;
	unsigned int i;

	ke_thread_init(&self, current);
	for (i = 0; i < 3; i++) {
		ke_event_init(&ev[i], KE_SYNCHRONIZATION_EVENT, false);
		obj[i] = &ev[i].header;
	}
	KT_STATUS(t, kt_poll_many(&self, 3, obj, KE_WAIT_ANY), STATUS_TIMEOUT);
	ke_event_set(&ev[2]);
	ke_event_set(&ev[1]);
	KT_STATUS(t, kt_poll_many(&self, 3, obj, KE_WAIT_ANY), STATUS_WAIT_0 + 1);
	/* Only the object reported is consumed. */
	KT_EXPECT(t, ke_event_read_state(&ev[1]) == 0);
	KT_EXPECT(t, ke_event_read_state(&ev[2]) == 1);
	KT_STATUS(t, kt_poll_many(&self, 3, obj, KE_WAIT_ANY), STATUS_WAIT_0 + 2);
	/* An object named twice reports its first index. */
	obj[0] = &ev[2].header;
	ke_event_set(&ev[2]);
	KT_STATUS(t, kt_poll_many(&self, 3, obj, KE_WAIT_ANY), STATUS_WAIT_0);
}

static void test_wait_rejects_bad_parameters(struct kt *t)
{
	struct ke_dispatcher_header *obj[KE_MAXIMUM_WAIT_OBJECTS + 1];
	struct ke_thread self;
	struct ke_event ev;
	unsigned int i;

	ke_thread_init(&self, current);
	ke_event_init(&ev, KE_NOTIFICATION_EVENT, true);
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		obj[i] = &ev.header;
	KT_STATUS(t, kt_poll_many(&self, 0, obj, KE_WAIT_ANY),
		  STATUS_INVALID_PARAMETER);
	KT_STATUS(t, kt_poll_many(&self, KE_MAXIMUM_WAIT_OBJECTS + 1, obj,
				  KE_WAIT_ANY), STATUS_INVALID_PARAMETER);
	KT_STATUS(t, kt_poll_many(NULL, 1, obj, KE_WAIT_ANY),
		  STATUS_INVALID_PARAMETER);
	KT_STATUS(t, kt_poll_many(&self, 1, obj, (enum ke_wait_type)7),
		  STATUS_INVALID_PARAMETER);
	/* The same object twice: fine for wait-any, not for wait-all. */
	KT_STATUS(t, kt_poll_many(&self, KE_MAXIMUM_WAIT_OBJECTS, obj,
				  KE_WAIT_ANY), STATUS_WAIT_0);
	KT_STATUS(t, kt_poll_many(&self, 2, obj, KE_WAIT_ALL),
		  STATUS_INVALID_PARAMETER);
	KT_STATUS(t, kt_poll_many(&self, 1, obj, KE_WAIT_ALL), STATUS_WAIT_0);
}

/* A waiter on {A, B} takes neither while B is unsignalled. */
static void test_wait_all_is_atomic(struct kt *t)
{
	struct ke_dispatcher_header *obj[2];
	struct kt_worker *ws = kt_workers_alloc(1);
	struct ke_event a, b;
	struct ke_thread self;

	if (!KT_EXPECT(t, ws))
		return;
	ke_thread_init(&self, current);
	ke_event_init(&a, KE_SYNCHRONIZATION_EVENT, true);
	ke_event_init(&b, KE_SYNCHRONIZATION_EVENT, false);
	obj[0] = &a.header;
	obj[1] = &b.header;
	KT_STATUS(t, kt_poll_many(&self, 2, obj, KE_WAIT_ALL), STATUS_TIMEOUT);
	KT_EXPECT(t, ke_event_read_state(&a) == 1);

	kt_start_waiter(t, &ws[0], obj, 2, KE_WAIT_ALL);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&b.header, 1)))
		goto out;
	KT_EXPECT(t, ke_waiter_count(&a.header) == 1);
	KT_EXPECT(t, ke_event_read_state(&a) == 1);
	/* A is still there for anyone else. */
	KT_STATUS(t, kt_poll(&self, &a.header), STATUS_WAIT_0);
	ke_event_set(&b);
	kt_settle();
	KT_EXPECT(t, !kt_worker_done(&ws[0]));
	KT_EXPECT(t, ke_event_read_state(&b) == 1);
	ke_event_set(&a);
	KT_EXPECT(t, kt_wait_for_done(ws, 1, 1));
	KT_EXPECT(t, ke_event_read_state(&a) == 0);
	KT_EXPECT(t, ke_event_read_state(&b) == 0);
out:
	kt_worker_finish(&ws[0]);
	KT_STATUS(t, ws[0].status, STATUS_WAIT_0);
	kfree(ws);
}

/* Wait-all across kinds: the release of a mutant completes a waiter on {sem, mutant}. */
static void test_wait_all_takes_semaphore_and_mutant_together(struct kt *t)
{
	struct ke_dispatcher_header *obj[2];
	struct kt_worker *ws = kt_workers_alloc(1);
	struct ke_semaphore s;
	struct ke_thread a;
	struct ke_mutant m;

	if (!KT_EXPECT(t, ws))
		return;
	ke_thread_init(&a, current);
	ke_semaphore_init(&s, 1, 1);
	ke_mutant_init(&m, &a);
	obj[0] = &s.header;
	obj[1] = &m.header;
	kt_start_waiter(t, &ws[0], obj, 2, KE_WAIT_ALL);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&m.header, 1)))
		goto out;
	KT_EXPECT(t, s.header.signal_state == 1);
	KT_STATUS(t, ke_mutant_release(&m, &a), STATUS_SUCCESS);
	KT_EXPECT(t, kt_wait_for_done(ws, 1, 1));
	KT_EXPECT(t, s.header.signal_state == 0);
out:
	ke_thread_exit(&a);
	kt_worker_finish(&ws[0]);
	KT_STATUS(t, ws[0].status, STATUS_WAIT_0);
	/* The worker exited owning the mutant. */
	KT_EXPECT(t, m.abandoned && !m.owner);
	kfree(ws);
}

/* More objects than the inline wait blocks: the kmalloc'ed path, both types. */
static void test_wait_on_many_objects(struct kt *t)
{
	const unsigned int n = KE_MAXIMUM_WAIT_OBJECTS;
	struct ke_dispatcher_header **obj;
	struct kt_worker *ws = kt_workers_alloc(2);
	struct ke_event *ev;
	unsigned int i;

	obj = kcalloc(n, sizeof(*obj), GFP_KERNEL);
	ev = kcalloc(n, sizeof(*ev), GFP_KERNEL);
	if (!KT_EXPECT(t, ws && obj && ev))
		goto out_free;
	for (i = 0; i < n; i++) {
		ke_event_init(&ev[i], KE_NOTIFICATION_EVENT, false);
		obj[i] = &ev[i].header;
	}
	kt_start_waiter(t, &ws[0], obj, n, KE_WAIT_ANY);
	kt_start_waiter(t, &ws[1], obj, 10, KE_WAIT_ALL);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&ev[0].header, 2)) ||
	    !KT_EXPECT(t, kt_wait_for_waiters(&ev[n - 1].header, 1)))
		goto out;
	ke_event_set(&ev[37]);
	KT_EXPECT(t, kt_wait_for_done(&ws[0], 1, 1));
	for (i = 0; i < 9; i++)
		ke_event_set(&ev[i]);
	kt_settle();
	KT_EXPECT(t, !kt_worker_done(&ws[1]));
	ke_event_set(&ev[9]);
	KT_EXPECT(t, kt_wait_for_done(&ws[1], 1, 1));
out:
	kt_worker_finish(&ws[0]);
	kt_worker_finish(&ws[1]);
	KT_STATUS(t, ws[0].status, STATUS_WAIT_0 + 37);
	KT_STATUS(t, ws[1].status, STATUS_WAIT_0);
	for (i = 0; i < n; i++)
		KT_EXPECT(t, ke_waiter_count(&ev[i].header) == 0);
out_free:
	kfree(ev);
	kfree(obj);
	kfree(ws);
}

static void test_deadline_in_the_past_polls(struct kt *t)
{
	struct ke_thread self;
	struct ke_event ev;
	ktime_t deadline, start;

	ke_thread_init(&self, current);
	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, false);
	start = ktime_get();
	deadline = ktime_sub_ms(start, 1);
	KT_STATUS(t, ke_wait_for_single_object(&self, &ev.header, true, &deadline),
		  STATUS_TIMEOUT);
	deadline = ktime_get();
	KT_STATUS(t, ke_wait_for_single_object(&self, &ev.header, false, &deadline),
		  STATUS_TIMEOUT);
	KT_EXPECT(t, ke_waiter_count(&ev.header) == 0);
	/* No sleep: far quicker than a tick. */
	KT_EXPECT(t, ktime_ms_delta(ktime_get(), start) < 1000);
	ke_event_set(&ev);
	KT_STATUS(t, kt_poll(&self, &ev.header), STATUS_WAIT_0);
}

static void test_timeout_returns_after_deadline(struct kt *t)
{
	struct ke_dispatcher_header *obj[6];
	struct ke_thread self;
	struct ke_event ev;
	ktime_t deadline;
	unsigned int i;

	ke_thread_init(&self, current);
	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, false);
	deadline = kt_in_ms(30);
	KT_STATUS(t, ke_wait_for_single_object(&self, &ev.header, false, &deadline),
		  STATUS_TIMEOUT);
	KT_EXPECT(t, ktime_compare(ktime_get(), deadline) >= 0);
	KT_EXPECT(t, ke_waiter_count(&ev.header) == 0);
	/* Alertable, and with heap wait blocks. */
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		obj[i] = &ev.header;
	deadline = kt_in_ms(20);
	KT_STATUS(t, ke_wait_for_multiple_objects(&self, ARRAY_SIZE(obj), obj,
						  KE_WAIT_ANY, true, &deadline),
		  STATUS_TIMEOUT);
	KT_EXPECT(t, ktime_compare(ktime_get(), deadline) >= 0);
	KT_EXPECT(t, ke_waiter_count(&ev.header) == 0);
}

/* Send @sig to a worker once it waits; return with the worker finished. */
static void kt_signal_waiter(struct kt *t, struct kt_worker *w,
			     struct ke_event *ev, int sig)
{
	if (KT_EXPECT(t, kt_wait_for_waiters(&ev->header, 1)))
		send_sig(sig, w->task, 1);
	kt_worker_finish(w);
}

static void test_alertable_wait_ends_on_signal(struct kt *t)
{
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(1);
	struct ke_event ev;

	if (!KT_EXPECT(t, ws))
		return;
	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, false);
	obj[0] = &ev.header;
	ws[0].allow = SIGUSR1;
	ws[0].alertable = true;
	kt_start_waiter(t, &ws[0], obj, 1, KE_WAIT_ANY);
	kt_signal_waiter(t, &ws[0], &ev, SIGUSR1);
	KT_STATUS(t, ws[0].status, STATUS_USER_APC);
	KT_EXPECT(t, ktime_compare(ws[0].done_at, ws[0].deadline) < 0);
	KT_EXPECT(t, ke_waiter_count(&ev.header) == 0);
	kfree(ws);
}

static void test_non_alertable_wait_ignores_signal(struct kt *t)
{
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(1);
	struct ke_event ev;

	if (!KT_EXPECT(t, ws))
		return;
	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, false);
	obj[0] = &ev.header;
	ws[0].allow = SIGUSR1;
	ws[0].timeout_ms = 300;
	kt_start_waiter(t, &ws[0], obj, 1, KE_WAIT_ANY);
	kt_signal_waiter(t, &ws[0], &ev, SIGUSR1);
	KT_STATUS(t, ws[0].status, STATUS_TIMEOUT);
	KT_EXPECT(t, ktime_compare(ws[0].done_at, ws[0].deadline) >= 0);
	kfree(ws);
}

static void test_non_alertable_wait_ends_on_fatal_signal(struct kt *t)
{
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(1);
	struct ke_event ev;

	if (!KT_EXPECT(t, ws))
		return;
	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, false);
	obj[0] = &ev.header;
	ws[0].allow = SIGKILL;
	kt_start_waiter(t, &ws[0], obj, 1, KE_WAIT_ANY);
	kt_signal_waiter(t, &ws[0], &ev, SIGKILL);
	KT_STATUS(t, ws[0].status, STATUS_USER_APC);
	KT_EXPECT(t, ktime_compare(ws[0].done_at, ws[0].deadline) < 0);
	kfree(ws);
}

/* ---- timers ----------------------------------------------------------------------- */

static void test_notification_timer_fires_once_and_stays(struct kt *t)
{
	struct ke_thread self;
	struct ke_timer tm;
	ktime_t due;

	ke_thread_init(&self, current);
	ke_timer_init(&tm, KE_NOTIFICATION_TIMER);
	KT_EXPECT(t, !ke_timer_cancel(&tm));
	due = kt_in_ms(20);
	KT_EXPECT(t, !ke_timer_set(&tm, due, 0));
	KT_STATUS(t, kt_poll(&self, &tm.header), STATUS_TIMEOUT);
	KT_STATUS(t, kt_wait_ms(&self, &tm.header, KT_LONG_MS), STATUS_WAIT_0);
	KT_EXPECT(t, ktime_compare(ktime_get(), due) >= 0);
	KT_STATUS(t, kt_poll(&self, &tm.header), STATUS_WAIT_0);
	KT_EXPECT(t, !ke_timer_cancel(&tm));	/* it has fired */
	/* Setting resets the state; an armed timer reports it. */
	KT_EXPECT(t, !ke_timer_set(&tm, kt_in_ms(60000), 0));
	KT_STATUS(t, kt_poll(&self, &tm.header), STATUS_TIMEOUT);
	KT_EXPECT(t, ke_timer_set(&tm, kt_in_ms(60000), 0));
	KT_EXPECT(t, ke_timer_cancel(&tm));
	KT_EXPECT(t, !ke_timer_cancel(&tm));
	ke_timer_destroy(&tm);
}

static void test_periodic_timer_fires_repeatedly(struct kt *t)
{
	struct ke_thread self;
	struct ke_timer tm;
	ktime_t last;
	unsigned int i;

	ke_thread_init(&self, current);
	ke_timer_init(&tm, KE_SYNCHRONIZATION_TIMER);
	last = ktime_get();
	ke_timer_set(&tm, kt_in_ms(5), ms_to_ktime(5));
	for (i = 0; i < 5; i++) {
		if (!KT_STATUS(t, kt_wait_ms(&self, &tm.header, KT_LONG_MS),
			       STATUS_WAIT_0))
			break;
		/* A synchronization timer: consumed by the wait. */
		KT_STATUS(t, kt_poll(&self, &tm.header), STATUS_TIMEOUT);
		KT_EXPECT(t, ktime_compare(ktime_get(), last) > 0);
		last = ktime_get();
	}
	KT_EXPECT(t, ke_timer_cancel(&tm));
	ke_timer_destroy(&tm);
}

static void test_sync_timer_releases_one_waiter(struct kt *t)
{
	struct ke_dispatcher_header *obj[1];
	struct kt_worker *ws = kt_workers_alloc(2);
	struct ke_timer tm;

	if (!KT_EXPECT(t, ws))
		return;
	ke_timer_init(&tm, KE_SYNCHRONIZATION_TIMER);
	obj[0] = &tm.header;
	kt_start_waiter(t, &ws[0], obj, 1, KE_WAIT_ANY);
	kt_start_waiter(t, &ws[1], obj, 1, KE_WAIT_ANY);
	if (!KT_EXPECT(t, kt_wait_for_waiters(&tm.header, 2)))
		goto out;
	ke_timer_set(&tm, kt_in_ms(5), 0);
	KT_EXPECT(t, kt_wait_for_done(ws, 2, 1));
	kt_settle();
	KT_EXPECT(t, ke_waiter_count(&tm.header) == 1);
	KT_EXPECT(t, tm.header.signal_state == 0);
	ke_timer_set(&tm, 0, 0);	/* in the past: at once */
	KT_EXPECT(t, kt_wait_for_done(ws, 2, 2));
out:
	kt_worker_finish(&ws[0]);
	kt_worker_finish(&ws[1]);
	KT_EXPECT(t, kt_count_status(ws, 2, STATUS_WAIT_0) == 2);
	ke_timer_destroy(&tm);
	kfree(ws);
}

static void test_timer_destroy_cancels_synchronously(struct kt *t)
{
	struct ke_timer tm;
	unsigned long flags;

	ke_timer_init(&tm, KE_NOTIFICATION_TIMER);
	ke_timer_set(&tm, kt_in_ms(1), ms_to_ktime(1));
	msleep(20);
	ke_timer_destroy(&tm);
	KT_EXPECT(t, !hrtimer_active(&tm.timer));
	flags = ke_lock();
	tm.header.signal_state = 0;
	ke_unlock(flags);
	kt_settle();
	KT_EXPECT(t, tm.header.signal_state == 0);
}

/* ---- stress --------------------------------------------------------------------------- */

#define KT_STRESS_ROUNDS	3000
#define KT_STRESS_WAIT_MS	3000	/* one lost wakeup fails the test */

struct kt_pingpong {
	struct ke_event ping;
	struct ke_event pong;
};

static void kt_ping_fn(struct kt_worker *w)
{
	struct kt_pingpong *pp = w->arg;

	for (w->completed = 0; w->completed < w->rounds; w->completed++) {
		ke_event_set(&pp->ping);
		w->status = kt_wait_ms(&w->kt, &pp->pong.header, KT_STRESS_WAIT_MS);
		if (w->status != STATUS_WAIT_0)
			return;
	}
}

static void kt_pong_fn(struct kt_worker *w)
{
	struct kt_pingpong *pp = w->arg;

	for (w->completed = 0; w->completed < w->rounds; w->completed++) {
		w->status = kt_wait_ms(&w->kt, &pp->ping.header, KT_STRESS_WAIT_MS);
		if (w->status != STATUS_WAIT_0)
			return;
		ke_event_set(&pp->pong);
	}
}

/* Pairs of threads bounce two synchronization events: every set must wake. */
static void test_stress_event_ping_pong(struct kt *t)
{
	const unsigned int pairs = 2;
	struct kt_worker *ws = kt_workers_alloc(2 * pairs);
	struct kt_pingpong *pp = kcalloc(pairs, sizeof(*pp), GFP_KERNEL);
	unsigned int i;

	if (!KT_EXPECT(t, ws && pp))
		goto out_free;
	for (i = 0; i < 2 * pairs; i++) {
		struct kt_pingpong *p = &pp[i / 2];

		if (!(i & 1)) {
			ke_event_init(&p->ping, KE_SYNCHRONIZATION_EVENT, false);
			ke_event_init(&p->pong, KE_SYNCHRONIZATION_EVENT, false);
		}
		ws[i].fn = (i & 1) ? kt_pong_fn : kt_ping_fn;
		ws[i].arg = p;
		ws[i].rounds = KT_STRESS_ROUNDS;
		kt_worker_start(t, &ws[i]);
	}
	for (i = 0; i < 2 * pairs; i++) {
		kt_worker_finish(&ws[i]);
		if (!KT_EXPECT(t, ws[i].completed == KT_STRESS_ROUNDS))
			seq_buf_printf(t->out, "# worker %u: %lu rounds, status 0x%08x\n",
				       i, ws[i].completed, (u32)ws[i].status);
	}
out_free:
	kfree(pp);
	kfree(ws);
}

static void kt_release_fn(struct kt_worker *w)
{
	struct ke_semaphore *s = w->arg;

	for (w->completed = 0; w->completed < w->rounds; w->completed++) {
		w->status = ke_semaphore_release(s, 1, NULL);
		if (w->status != STATUS_SUCCESS)
			return;
		if (!(w->completed % 16))
			cond_resched();
	}
}

static void kt_acquire_fn(struct kt_worker *w)
{
	struct ke_semaphore *s = w->arg;

	for (w->completed = 0; w->completed < w->rounds; w->completed++) {
		w->status = kt_wait_ms(&w->kt, &s->header, KT_STRESS_WAIT_MS);
		if (w->status != STATUS_WAIT_0)
			return;
	}
}

/* Producers release a semaphore unit by unit; consumers take every unit. */
static void test_stress_semaphore_producers_consumers(struct kt *t)
{
	const unsigned int n = 4;
	struct kt_worker *ws = kt_workers_alloc(n);
	struct ke_semaphore s;
	unsigned int i;

	if (!KT_EXPECT(t, ws))
		return;
	ke_semaphore_init(&s, 0, LONG_MAX);
	for (i = 0; i < n; i++) {
		ws[i].fn = (i & 1) ? kt_release_fn : kt_acquire_fn;
		ws[i].arg = &s;
		ws[i].rounds = KT_STRESS_ROUNDS;
		kt_worker_start(t, &ws[i]);
	}
	for (i = 0; i < n; i++) {
		kt_worker_finish(&ws[i]);
		if (!KT_EXPECT(t, ws[i].completed == KT_STRESS_ROUNDS))
			seq_buf_printf(t->out, "# worker %u: %lu rounds, status 0x%08x\n",
				       i, ws[i].completed, (u32)ws[i].status);
	}
	KT_EXPECT(t, s.header.signal_state == 0);
	KT_EXPECT(t, ke_waiter_count(&s.header) == 0);
	kfree(ws);
}

struct kt_shared {
	struct ke_mutant m;
	unsigned long counter;		/* guarded by m */
	int inside;			/* guarded by m */
	bool overlap;
};

static void kt_mutant_fn(struct kt_worker *w)
{
	struct kt_shared *sh = w->arg;

	for (w->completed = 0; w->completed < w->rounds; w->completed++) {
		w->status = kt_wait_ms(&w->kt, &sh->m.header, KT_STRESS_WAIT_MS);
		if (w->status != STATUS_WAIT_0)
			return;
		if (sh->inside++)
			sh->overlap = true;
		sh->counter++;
		if (!(w->completed % 32))
			cond_resched();		/* let others queue up */
		sh->inside--;
		w->status = ke_mutant_release(&sh->m, &w->kt);
		if (w->status != STATUS_SUCCESS)
			return;
	}
}

/* A mutant passed around several threads excludes them from each other. */
static void test_stress_mutant_mutual_exclusion(struct kt *t)
{
	const unsigned int n = 4, rounds = KT_STRESS_ROUNDS / 3;
	struct kt_worker *ws = kt_workers_alloc(n);
	struct kt_shared *sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	unsigned int i;

	if (!KT_EXPECT(t, ws && sh))
		goto out_free;
	ke_mutant_init(&sh->m, NULL);
	for (i = 0; i < n; i++) {
		ws[i].fn = kt_mutant_fn;
		ws[i].arg = sh;
		ws[i].rounds = rounds;
		kt_worker_start(t, &ws[i]);
	}
	for (i = 0; i < n; i++) {
		kt_worker_finish(&ws[i]);
		if (!KT_EXPECT(t, ws[i].completed == rounds))
			seq_buf_printf(t->out, "# worker %u: %lu rounds, status 0x%08x\n",
				       i, ws[i].completed, (u32)ws[i].status);
	}
	KT_EXPECT(t, !sh->overlap);
	KT_EXPECT(t, sh->counter == n * rounds);
	KT_EXPECT(t, !sh->m.owner && !sh->m.abandoned);
out_free:
	kfree(sh);
	kfree(ws);
}

/* ---- the runner and its debugfs file ------------------------------------------------- */

struct kt_case {
	const char *name;
	void (*run)(struct kt *t);
};

#define KT_CASE(fn) { #fn, test_##fn }

static const struct kt_case kt_cases[] = {
	KT_CASE(event_notification_stays_signalled),
	KT_CASE(event_synchronization_auto_resets),
	KT_CASE(notification_event_releases_every_waiter),
	KT_CASE(sync_event_satisfies_each_waiter_once),
	KT_CASE(event_pulse_releases_current_waiters_and_resets),
	KT_CASE(semaphore_count_and_limit),
	KT_CASE(semaphore_release_satisfies_as_many_as_added),
	KT_CASE(mutant_is_recursive),
	KT_CASE(mutant_release_by_non_owner_fails),
	KT_CASE(mutant_abandoned_by_exiting_owner),
	KT_CASE(mutant_abandoned_wakes_blocked_waiter),
	KT_CASE(mutant_release_hands_over_to_waiter),
	KT_CASE(wait_any_returns_lowest_signalled_index),
	KT_CASE(wait_rejects_bad_parameters),
	KT_CASE(wait_all_is_atomic),
	KT_CASE(wait_all_takes_semaphore_and_mutant_together),
	KT_CASE(wait_on_many_objects),
	KT_CASE(deadline_in_the_past_polls),
	KT_CASE(timeout_returns_after_deadline),
	KT_CASE(alertable_wait_ends_on_signal),
	KT_CASE(non_alertable_wait_ignores_signal),
	KT_CASE(non_alertable_wait_ends_on_fatal_signal),
	KT_CASE(notification_timer_fires_once_and_stays),
	KT_CASE(periodic_timer_fires_repeatedly),
	KT_CASE(sync_timer_releases_one_waiter),
	KT_CASE(timer_destroy_cancels_synchronously),
	KT_CASE(stress_event_ping_pong),
	KT_CASE(stress_semaphore_producers_consumers),
	KT_CASE(stress_mutant_mutual_exclusion),
};

static void ke_selftest_run(struct seq_buf *out)
{
	unsigned int i, passed = 0, failed = 0;
	struct kt t = { .out = out };

	seq_buf_printf(out, "TAP version 13\n1..%zu\n", ARRAY_SIZE(kt_cases));
	for (i = 0; i < ARRAY_SIZE(kt_cases); i++) {
		t.ok = true;
		kt_cases[i].run(&t);
		seq_buf_printf(out, "%sok %u %s\n", t.ok ? "" : "not ", i + 1,
			       kt_cases[i].name);
		if (t.ok)
			passed++;
		else
			failed++;
	}
	seq_buf_printf(out, "# ke: %u passed, %u failed\n", passed, failed);
	pr_info("lxcore: ke selftest: %u passed, %u failed\n", passed, failed);
}

struct ke_selftest_report {
	size_t len;
	char buf[];
};

/* Tests share nothing but the kernel; one run at a time keeps timings sane. */
static DEFINE_MUTEX(ke_selftest_mutex);

static ssize_t ke_selftest_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct ke_selftest_report *r;
	struct seq_buf s;

	mutex_lock(&ke_selftest_mutex);
	r = file->private_data;
	if (!r) {
		r = kvzalloc(sizeof(*r) + KT_REPORT_SIZE, GFP_KERNEL);
		if (!r) {
			mutex_unlock(&ke_selftest_mutex);
			return -ENOMEM;
		}
		seq_buf_init(&s, r->buf, KT_REPORT_SIZE);
		ke_selftest_run(&s);
		r->len = seq_buf_used(&s);
		file->private_data = r;
	}
	mutex_unlock(&ke_selftest_mutex);
	return simple_read_from_buffer(ubuf, count, ppos, r->buf, r->len);
}

static int ke_selftest_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static const struct file_operations ke_selftest_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.read = ke_selftest_read,
	.release = ke_selftest_release,
};

static struct dentry *ke_debugfs_dir;
static bool ke_debugfs_dir_ours;	/* created here, so removed here */
static struct dentry *ke_selftest_file;

static void ke_selftest_put_dir(void)
{
	if (ke_debugfs_dir_ours)
		debugfs_remove(ke_debugfs_dir);
	else
		dput(ke_debugfs_dir);
	ke_debugfs_dir = NULL;
}

/**
 * ke_selftest_init() - create the debugfs file lxcore/ke_selftest
 *
 * The lxcore directory is created unless it exists already.
 *
 * Return: 0 or -errno.
 */
int ke_selftest_init(void)
{
	struct dentry *dir = debugfs_lookup("lxcore", NULL);
	int err;

	ke_debugfs_dir_ours = !dir;
	if (!dir) {
		dir = debugfs_create_dir("lxcore", NULL);
		if (IS_ERR(dir))
			return PTR_ERR(dir);
	}
	ke_debugfs_dir = dir;
	ke_selftest_file = debugfs_create_file("ke_selftest", 0400, dir, NULL,
					       &ke_selftest_fops);
	if (IS_ERR(ke_selftest_file)) {
		err = PTR_ERR(ke_selftest_file);
		goto err_put_dir;
	}
	return 0;

err_put_dir:
	ke_selftest_put_dir();
	return err;
}

/**
 * ke_selftest_exit() - remove what ke_selftest_init() created
 *
 * Waits for a running read (and its tests) to finish.
 */
void ke_selftest_exit(void)
{
	debugfs_remove(ke_selftest_file);
	ke_selftest_file = NULL;
	ke_selftest_put_dir();
}
