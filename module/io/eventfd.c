// SPDX-License-Identifier: GPL-2.0
/*
 * eventfd: a 64-bit counter as a File object, with Linux's semantics
 * (read takes the count, or one in semaphore mode; write adds, up to
 * ULLONG_MAX - 1; EAGAIN or a wait when it cannot). Blocked readers and
 * writers wait on two notification events; pollers on its notifier.
 */
#include <linux/slab.h>
#include <linux/uio.h>

#include "io/io.h"
#include "ke/ke.h"

struct io_eventfd {
	spinlock_t lock;
	u64 count;
	bool semaphore;
	struct ke_event readable;	/* count > 0 */
	struct ke_event writable;	/* count < ULLONG_MAX - 1 */
	struct io_poll_head poll;
};

/* Bring both events in line with the count. Called with @efd->lock. */
static void io_eventfd_update(struct io_eventfd *efd)
{
	if (efd->count)
		ke_event_set(&efd->readable);
	else
		ke_event_reset(&efd->readable);
	if (efd->count < ULLONG_MAX - 1)
		ke_event_set(&efd->writable);
	else
		ke_event_reset(&efd->writable);
}

static ntstatus io_eventfd_read(struct io_file *f, struct ke_thread *kt,
				struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct io_eventfd *efd = f->context;
	ntstatus st;
	u64 v;

	*done = 0;
	if (iov_iter_count(to) < sizeof(v))
		return STATUS_INVALID_PARAMETER;
	spin_lock_irq(&efd->lock);
	while (!efd->count) {
		spin_unlock_irq(&efd->lock);
		if (io_file_flags(f) & IO_FILE_NONBLOCK)
			return STATUS_DEVICE_BUSY;	/* EAGAIN */
		st = ke_wait_for_single_object(kt, &efd->readable.header, true, NULL);
		if (st != STATUS_WAIT_0)
			return st;
		spin_lock_irq(&efd->lock);
	}
	v = efd->semaphore ? 1 : efd->count;
	efd->count -= v;
	io_eventfd_update(efd);
	spin_unlock_irq(&efd->lock);
	io_poll_wake(&efd->poll, EPOLLOUT | EPOLLWRNORM);
	if (copy_to_iter(&v, sizeof(v), to) != sizeof(v))
		return STATUS_ACCESS_VIOLATION;
	*done = sizeof(v);
	return STATUS_SUCCESS;
}

static ntstatus io_eventfd_write(struct io_file *f, struct ke_thread *kt,
				 struct iov_iter *from, loff_t *pos, size_t *done)
{
	struct io_eventfd *efd = f->context;
	ntstatus st;
	u64 v;

	*done = 0;
	if (iov_iter_count(from) < sizeof(v))
		return STATUS_INVALID_PARAMETER;
	if (copy_from_iter(&v, sizeof(v), from) != sizeof(v))
		return STATUS_ACCESS_VIOLATION;
	if (v == ULLONG_MAX)
		return STATUS_INVALID_PARAMETER;
	spin_lock_irq(&efd->lock);
	while (ULLONG_MAX - efd->count <= v) {
		spin_unlock_irq(&efd->lock);
		if (io_file_flags(f) & IO_FILE_NONBLOCK)
			return STATUS_DEVICE_BUSY;
		st = ke_wait_for_single_object(kt, &efd->writable.header, true, NULL);
		if (st != STATUS_WAIT_0)
			return st;
		spin_lock_irq(&efd->lock);
	}
	efd->count += v;
	io_eventfd_update(efd);
	spin_unlock_irq(&efd->lock);
	/* Every write is an event, even of 0 (Linux). */
	io_poll_wake(&efd->poll, EPOLLIN | EPOLLRDNORM);
	*done = sizeof(v);
	return STATUS_SUCCESS;
}

/* Linux's eventfd_poll(). */
static __poll_t io_eventfd_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct io_eventfd *efd = f->context;
	__poll_t mask = 0;
	u64 count;

	if (e)
		io_poll_add(&efd->poll, e);
	count = READ_ONCE(efd->count);
	if (count > 0)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (count == ULLONG_MAX)
		mask |= EPOLLERR;
	if (ULLONG_MAX - 1 > count)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

static void io_eventfd_release(struct io_file *f)
{
	kfree(f->context);
}

static const struct io_file_ops io_eventfd_ops = {
	.name = "eventfd",
	.getattr = io_anon_getattr,
	.read = io_eventfd_read,
	.write = io_eventfd_write,
	.poll = io_eventfd_poll,
	.llseek = io_noop_llseek,
	.release = io_eventfd_release,
};

/**
 * io_create_eventfd() - a new eventfd
 * @count: its initial count
 * @semaphore: EFD_SEMAPHORE: a read takes one
 * @nonblock: IO_FILE_NONBLOCK
 * @out: its File object (one reference)
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_create_eventfd(u64 count, bool semaphore, bool nonblock,
			   struct io_file **out)
{
	struct io_eventfd *efd;
	ntstatus st;

	efd = kzalloc(sizeof(*efd), GFP_KERNEL_ACCOUNT);
	if (!efd)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock_init(&efd->lock);
	efd->count = count;
	efd->semaphore = semaphore;
	ke_event_init(&efd->readable, KE_NOTIFICATION_EVENT, count > 0);
	ke_event_init(&efd->writable, KE_NOTIFICATION_EVENT, true);
	io_poll_head_init(&efd->poll);
	st = io_create_file(&io_eventfd_ops, efd,
			    IO_FILE_READ | IO_FILE_WRITE | (nonblock ? IO_FILE_NONBLOCK : 0),
			    out);
	if (!NT_SUCCESS(st))
		kfree(efd);
	return st;
}
