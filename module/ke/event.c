// SPDX-License-Identifier: GPL-2.0
/*
 * event.c - NT events: a notification event stays signalled and releases
 * every waiter; a synchronization event releases one waiter and resets.
 * The hand-over to waiters is dispatcher.c's.
 */
#include "ke/ke_internal.h"

/**
 * ke_event_init() - initialize an event
 * @ev: the event
 * @type: KE_NOTIFICATION_EVENT or KE_SYNCHRONIZATION_EVENT
 * @signalled: the initial state
 */
void ke_event_init(struct ke_event *ev, enum ke_object_type type, bool signalled)
{
	WARN_ON_ONCE(type != KE_NOTIFICATION_EVENT &&
		     type != KE_SYNCHRONIZATION_EVENT);
	ke_header_init(&ev->header, type, signalled ? 1 : 0);
}

/**
 * ke_event_set() - signal an event
 * @ev: the event
 *
 * A notification event satisfies every waiter it can; a synchronization
 * event the first one it can, and is then reset by that satisfaction.
 * Context: any, including hard interrupt.
 * Return: the previous state (0 or 1).
 */
long ke_event_set(struct ke_event *ev)
{
	unsigned long flags = ke_lock();
	long prev = ev->header.signal_state;

	ev->header.signal_state = 1;
	if (!prev)
		ke_signal_locked(&ev->header);
	ke_unlock(flags);
	return prev;
}

/**
 * ke_event_reset() - make an event non-signalled
 * @ev: the event
 *
 * Context: any.
 * Return: the previous state (0 or 1).
 */
long ke_event_reset(struct ke_event *ev)
{
	unsigned long flags = ke_lock();
	long prev = ev->header.signal_state;

	ev->header.signal_state = 0;
	ke_unlock(flags);
	return prev;
}

/**
 * ke_event_pulse() - satisfy the current waiters, leave the event reset
 * @ev: the event
 *
 * As if set and reset at one instant: a notification event releases every
 * waiter that can be satisfied now, a synchronization event at most one.
 * Context: any.
 * Return: the previous state (0 or 1).
 */
long ke_event_pulse(struct ke_event *ev)
{
	unsigned long flags = ke_lock();
	long prev = ev->header.signal_state;

	ev->header.signal_state = 1;
	ke_signal_locked(&ev->header);
	ev->header.signal_state = 0;
	ke_unlock(flags);
	return prev;
}

/**
 * ke_event_read_state() - the event's state, without the lock
 * @ev: the event
 *
 * Return: 1 if signalled, 0 if not; may be stale by the time it is used.
 */
long ke_event_read_state(struct ke_event *ev)
{
	return READ_ONCE(ev->header.signal_state);
}
