// SPDX-License-Identifier: GPL-2.0
/*
 * semaphore.c - NT counted semaphores: each satisfied wait takes one unit,
 * a release adds units up to the limit and satisfies as many waiters as it
 * added.
 */
#include "ke/ke_internal.h"

/**
 * ke_semaphore_init() - initialize a semaphore
 * @s: the semaphore
 * @count: initial count, 0..@limit
 * @limit: maximum count, > 0
 */
void ke_semaphore_init(struct ke_semaphore *s, long count, long limit)
{
	WARN_ON_ONCE(limit <= 0 || count < 0 || count > limit);
	ke_header_init(&s->header, KE_SEMAPHORE, count);
	s->limit = limit;
}

/**
 * ke_semaphore_release() - add to a semaphore's count
 * @s: the semaphore
 * @adjustment: units to add, > 0
 * @previous: the count before, if not NULL (untouched on failure)
 *
 * Context: any.
 * Return: STATUS_SUCCESS; STATUS_SEMAPHORE_LIMIT_EXCEEDED if count +
 * @adjustment > limit (the count is unchanged); STATUS_INVALID_PARAMETER if
 * @adjustment <= 0.
 */
ntstatus ke_semaphore_release(struct ke_semaphore *s, long adjustment,
			      long *previous)
{
	unsigned long flags;
	long prev;

	if (adjustment <= 0)
		return STATUS_INVALID_PARAMETER;
	flags = ke_lock();
	prev = s->header.signal_state;
	if (adjustment > s->limit - prev) {
		ke_unlock(flags);
		return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
	}
	s->header.signal_state = prev + adjustment;
	ke_signal_locked(&s->header);
	ke_unlock(flags);
	if (previous)
		*previous = prev;
	return STATUS_SUCCESS;
}
