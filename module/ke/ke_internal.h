/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ke_internal.h - what the files of module/ke/ share and nobody else calls:
 * the dispatcher lock and the one routine that hands a newly signalled
 * object to its waiters. ke.h is the public map.
 */
#ifndef LXCORE_KE_INTERNAL_H
#define LXCORE_KE_INTERNAL_H

#include <linux/spinlock.h>

#include "ke/ke.h"

/*
 * The dispatcher lock guards every signal_state, every wait list, every
 * mutant's owner and every ke_thread's mutant list. Raw and irq-safe: a
 * timer signals from hrtimer (hard interrupt) context.
 */
extern raw_spinlock_t ke_dispatcher_lock;

static inline unsigned long ke_lock(void)
	__acquires(&ke_dispatcher_lock)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&ke_dispatcher_lock, flags);
	return flags;
}

static inline void ke_unlock(unsigned long flags)
	__releases(&ke_dispatcher_lock)
{
	raw_spin_unlock_irqrestore(&ke_dispatcher_lock, flags);
}

void ke_header_init(struct ke_dispatcher_header *h, enum ke_object_type type,
		    long signal_state);
void ke_signal_locked(struct ke_dispatcher_header *h);

/* For the selftests: how many wait blocks are queued on @h. */
unsigned int ke_waiter_count(struct ke_dispatcher_header *h);

#endif /* LXCORE_KE_INTERNAL_H */
