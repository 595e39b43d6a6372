// SPDX-License-Identifier: GPL-2.0
/*
 * timer.c - NT timers on hrtimers: armed at an absolute CLOCK_MONOTONIC
 * time, optionally periodic. Expiry signals the timer from the hrtimer
 * callback (hard interrupt context on non-RT kernels): a notification timer
 * then stays signalled and releases every waiter, a synchronization timer
 * releases one and resets. Setting a timer resets its state.
 */
#include <linux/hrtimer.h>

#include "ke/ke_internal.h"

static enum hrtimer_restart ke_timer_fire(struct hrtimer *hr)
{
	struct ke_timer *t = container_of(hr, struct ke_timer, timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	unsigned long flags = ke_lock();
	long prev = t->header.signal_state;

	t->header.signal_state = 1;
	if (!prev)
		ke_signal_locked(&t->header);
	if (t->period) {
		hrtimer_forward_now(hr, t->period);
		ret = HRTIMER_RESTART;
	}
	ke_unlock(flags);
	return ret;
}

/**
 * ke_timer_init() - initialize an unarmed, non-signalled timer
 * @t: the timer
 * @type: KE_NOTIFICATION_TIMER or KE_SYNCHRONIZATION_TIMER
 *
 * The timer must see ke_timer_destroy() before its memory goes.
 */
void ke_timer_init(struct ke_timer *t, enum ke_object_type type)
{
	WARN_ON_ONCE(type != KE_NOTIFICATION_TIMER &&
		     type != KE_SYNCHRONIZATION_TIMER);
	ke_header_init(&t->header, type, 0);
	t->period = 0;
	hrtimer_init(&t->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	t->timer.function = ke_timer_fire;
}

/**
 * ke_timer_set() - (re)arm a timer
 * @t: the timer
 * @due: first expiry, absolute CLOCK_MONOTONIC (in the past: at once)
 * @period: then every @period; 0 (or negative) for one shot
 *
 * Cancels a pending expiry first (waiting for a running callback) and
 * resets the timer to non-signalled, as NT's KeSetTimerEx does.
 * Context: may not be called from the timer's own expiry or with the
 * dispatcher lock held; may wait for a running callback.
 * Return: true if the timer was armed before this call.
 */
bool ke_timer_set(struct ke_timer *t, ktime_t due, ktime_t period)
{
	bool was_armed = hrtimer_cancel(&t->timer);
	unsigned long flags = ke_lock();

	t->header.signal_state = 0;
	t->period = period > 0 ? period : 0;
	hrtimer_start(&t->timer, due, HRTIMER_MODE_ABS);
	ke_unlock(flags);
	return was_armed;
}

/**
 * ke_timer_cancel() - disarm a timer, leaving its state alone
 * @t: the timer
 *
 * On return the callback is not running and will not run.
 * Context: as ke_timer_set().
 * Return: true if the timer was armed.
 */
bool ke_timer_cancel(struct ke_timer *t)
{
	return hrtimer_cancel(&t->timer);
}

/**
 * ke_timer_destroy() - disarm a timer before its memory goes
 * @t: the timer, on which nobody waits any more
 *
 * Waits for a running callback, so the timer is quiet on return.
 * Context: as ke_timer_set().
 */
void ke_timer_destroy(struct ke_timer *t)
{
	unsigned long flags;

	hrtimer_cancel(&t->timer);
	flags = ke_lock();
	WARN_ON_ONCE(!list_empty(&t->header.wait_list));
	ke_unlock(flags);
}
