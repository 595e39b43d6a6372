/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ke.h - dispatcher objects and waits: the map of module/ke/.
 *
 *   dispatcher.c  the dispatcher lock, signal-state changes, and
 *                 ke_wait_for_single_object() / ke_wait_for_multiple_objects()
 *   event.c       notification and synchronization events
 *   semaphore.c   counted semaphores
 *   mutant.c      recursive mutexes owned by a ke_thread (abandoned when
 *                 their owner exits)
 *   timer.c       one-shot and periodic timers (hrtimer backed)
 *   selftest.c    in-kernel tests, run through debugfs (lxcore/ke_selftest)
 *
 * Every dispatcher object starts with a struct ke_dispatcher_header; a wait
 * names objects by their headers. Objects are embedded in bodies of the
 * object manager or in other structures; ke/ owns no memory of its own
 * except wait blocks for waits on more than KE_THREAD_WAIT_OBJECTS objects.
 */
#ifndef LXCORE_KE_H
#define LXCORE_KE_H

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/types.h>

#include "ntstatus.h"

enum ke_object_type {
	KE_NOTIFICATION_EVENT,		/* stays signalled: wakes every waiter */
	KE_SYNCHRONIZATION_EVENT,	/* auto-reset: satisfies one waiter */
	KE_SEMAPHORE,
	KE_MUTANT,
	KE_NOTIFICATION_TIMER,
	KE_SYNCHRONIZATION_TIMER,
};

struct ke_dispatcher_header {
	enum ke_object_type type;
	long signal_state;		/* > 0: signalled (a count for semaphores) */
	struct list_head wait_list;	/* wait blocks of waiting threads */
};

/*
 * The waiting side: one per thread that may wait or own mutants. ps/
 * embeds one in each pico thread; in-kernel users put one on their stack.
 */
struct ke_thread {
	struct task_struct *task;
	struct list_head mutants;	/* owned, for abandonment */
};

void ke_thread_init(struct ke_thread *kt, struct task_struct *task);
/* The thread is exiting: every mutant it owns becomes abandoned. */
void ke_thread_exit(struct ke_thread *kt);

/* ---- events ---- */
struct ke_event {
	struct ke_dispatcher_header header;
};

void ke_event_init(struct ke_event *ev, enum ke_object_type type, bool signalled);
long ke_event_set(struct ke_event *ev);		/* returns the previous state */
long ke_event_reset(struct ke_event *ev);
long ke_event_pulse(struct ke_event *ev);	/* set, satisfy waiters, reset */
long ke_event_read_state(struct ke_event *ev);

/* ---- semaphores ---- */
struct ke_semaphore {
	struct ke_dispatcher_header header;
	long limit;
};

void ke_semaphore_init(struct ke_semaphore *s, long count, long limit);
/* STATUS_SEMAPHORE_LIMIT_EXCEEDED if count + @adjustment > limit. */
ntstatus ke_semaphore_release(struct ke_semaphore *s, long adjustment,
			      long *previous);

/* ---- mutants ---- */
struct ke_mutant {
	struct ke_dispatcher_header header;	/* signal_state 1 when free */
	struct ke_thread *owner;
	struct list_head owner_node;
	bool abandoned;
};

void ke_mutant_init(struct ke_mutant *m, struct ke_thread *initial_owner);
/* STATUS_MUTANT_NOT_OWNED unless @self owns it. */
ntstatus ke_mutant_release(struct ke_mutant *m, struct ke_thread *self);

/* ---- timers ---- */
struct ke_timer {
	struct ke_dispatcher_header header;
	struct hrtimer timer;
	ktime_t period;			/* 0: one shot */
};

void ke_timer_init(struct ke_timer *t, enum ke_object_type type);
/* Arm at @due (CLOCK_MONOTONIC, absolute); returns true if it was armed. */
bool ke_timer_set(struct ke_timer *t, ktime_t due, ktime_t period);
bool ke_timer_cancel(struct ke_timer *t);	/* returns true if it was armed */
/* Must be called before the timer's memory goes (waits for its callback). */
void ke_timer_destroy(struct ke_timer *t);

/* ---- waits ---- */
enum ke_wait_type {
	KE_WAIT_ANY,
	KE_WAIT_ALL,
};

#define KE_MAXIMUM_WAIT_OBJECTS	64
/* Waits on up to this many objects use wait blocks on the waiter's stack. */
#define KE_THREAD_WAIT_OBJECTS	4

/**
 * ke_wait_for_multiple_objects() - wait until any / all objects are signalled
 * @self: the calling thread's ke_thread (owner of mutants acquired)
 * @count: 1..KE_MAXIMUM_WAIT_OBJECTS
 * @objects: the headers
 * @wait_type: KE_WAIT_ANY or KE_WAIT_ALL (all satisfied at one instant)
 * @alertable: a pending signal ends the wait (STATUS_USER_APC)
 * @deadline: absolute CLOCK_MONOTONIC time, NULL for none; a deadline in
 *	the past tests the objects without waiting
 *
 * Satisfying a wait has the object's side effect (a synchronization event
 * resets, a semaphore count drops, a mutant becomes owned by @self).
 * Return: STATUS_WAIT_0 + i (the object satisfied, 0 for KE_WAIT_ALL),
 * STATUS_ABANDONED_WAIT_0 + i (an abandoned mutant), STATUS_TIMEOUT,
 * STATUS_USER_APC (signal pending), STATUS_INVALID_PARAMETER.
 */
ntstatus ke_wait_for_multiple_objects(struct ke_thread *self, unsigned int count,
				      struct ke_dispatcher_header **objects,
				      enum ke_wait_type wait_type, bool alertable,
				      const ktime_t *deadline);

static inline ntstatus ke_wait_for_single_object(struct ke_thread *self,
						 struct ke_dispatcher_header *obj,
						 bool alertable,
						 const ktime_t *deadline)
{
	return ke_wait_for_multiple_objects(self, 1, &obj, KE_WAIT_ANY,
					    alertable, deadline);
}

int ke_selftest_init(void);	/* debugfs file; 0 or -errno */
void ke_selftest_exit(void);

#endif /* LXCORE_KE_H */
