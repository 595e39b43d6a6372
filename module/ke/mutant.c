// SPDX-License-Identifier: GPL-2.0
/*
 * mutant.c - NT mutants: recursive mutexes owned by a ke_thread. The owner
 * may acquire again (signal_state counts down below 0); each release counts
 * back up, and the last makes the mutant free for the next waiter. An owner
 * that exits holding one abandons it: the next acquirer learns so from its
 * wait status (STATUS_ABANDONED_WAIT_0 + i).
 */
#include "ke/ke_internal.h"

/**
 * ke_mutant_init() - initialize a mutant
 * @m: the mutant
 * @initial_owner: the ke_thread that owns it at once (recursion 1), or NULL
 *	for a free mutant
 *
 * Context: any.
 */
void ke_mutant_init(struct ke_mutant *m, struct ke_thread *initial_owner)
{
	unsigned long flags;

	ke_header_init(&m->header, KE_MUTANT, initial_owner ? 0 : 1);
	m->owner = initial_owner;
	m->abandoned = false;
	INIT_LIST_HEAD(&m->owner_node);
	if (initial_owner) {
		flags = ke_lock();
		list_add_tail(&m->owner_node, &initial_owner->mutants);
		ke_unlock(flags);
	}
}

/* Free @m (the lock held) and hand it to the first waiter that can take it. */
static void ke_mutant_free_locked(struct ke_mutant *m, bool abandoned)
{
	list_del_init(&m->owner_node);
	m->owner = NULL;
	m->abandoned = abandoned;
	m->header.signal_state = 1;
	ke_signal_locked(&m->header);
}

/**
 * ke_mutant_release() - release one level of ownership
 * @m: the mutant
 * @self: the releasing thread
 *
 * The release that matches the first acquisition frees the mutant and
 * satisfies the first waiter that can take it.
 * Context: any.
 * Return: STATUS_SUCCESS, or STATUS_MUTANT_NOT_OWNED unless @self owns @m.
 */
ntstatus ke_mutant_release(struct ke_mutant *m, struct ke_thread *self)
{
	unsigned long flags = ke_lock();

	if (!self || m->owner != self) {
		ke_unlock(flags);
		return STATUS_MUTANT_NOT_OWNED;
	}
	if (m->header.signal_state < 0)
		m->header.signal_state++;	/* still held recursively */
	else
		ke_mutant_free_locked(m, false);
	ke_unlock(flags);
	return STATUS_SUCCESS;
}

/**
 * ke_thread_exit() - a thread is exiting: abandon the mutants it owns
 * @kt: the thread, which is not waiting
 *
 * Each mutant @kt owns becomes free and abandoned, whatever its recursion
 * count; its next acquirer gets STATUS_ABANDONED_WAIT_0 + i. @kt may be
 * initialized again or freed afterwards.
 * Context: any.
 */
void ke_thread_exit(struct ke_thread *kt)
{
	struct ke_mutant *m;
	unsigned long flags = ke_lock();

	while (!list_empty(&kt->mutants)) {
		m = list_first_entry(&kt->mutants, struct ke_mutant, owner_node);
		ke_mutant_free_locked(m, true);
	}
	ke_unlock(flags);
}
