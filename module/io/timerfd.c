// SPDX-License-Identifier: GPL-2.0
/*
 * timerfd: an hrtimer on CLOCK_MONOTONIC, CLOCK_REALTIME or CLOCK_BOOTTIME
 * as a File object, with Linux's semantics: read returns the expirations
 * since the last read (a periodic timer is re-armed by read and gettime,
 * not by its callback, as Linux does), settime returns the old setting.
 * TFD_TIMER_CANCEL_ON_SET is not implemented (EINVAL at the Linux edge).
 */
#include <linux/hrtimer.h>
#include <linux/slab.h>
#include <linux/timerfd.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "io/io.h"
#include "ke/ke.h"

struct io_timerfd {
	spinlock_t lock;		/* irq-safe: the timer callback takes it */
	struct hrtimer timer;
	clockid_t clockid;
	ktime_t interval;
	u64 ticks;			/* expirations not read yet */
	bool expired;			/* the timer fired since it was armed */
	struct ke_event readable;	/* ticks > 0 */
	struct io_poll_head poll;
};

static const struct io_file_ops io_timerfd_ops;

bool io_file_is_timerfd(struct io_file *f)
{
	return f->ops == &io_timerfd_ops;
}

static enum hrtimer_restart io_timerfd_fire(struct hrtimer *t)
{
	struct io_timerfd *tfd = container_of(t, struct io_timerfd, timer);
	unsigned long flags;

	spin_lock_irqsave(&tfd->lock, flags);
	tfd->expired = true;
	tfd->ticks++;
	ke_event_set(&tfd->readable);
	spin_unlock_irqrestore(&tfd->lock, flags);
	io_poll_wake(&tfd->poll, EPOLLIN);
	return HRTIMER_NORESTART;
}

/* Count the periods a periodic timer missed and re-arm it. With the lock. */
static void io_timerfd_forward(struct io_timerfd *tfd)
{
	if (tfd->expired && tfd->interval) {
		tfd->ticks += hrtimer_forward_now(&tfd->timer, tfd->interval) - 1;
		hrtimer_restart(&tfd->timer);
	}
	tfd->expired = false;
}

static ktime_t io_timerfd_remaining(struct io_timerfd *tfd)
{
	ktime_t r = hrtimer_expires_remaining_adjusted(&tfd->timer);

	return r < 0 ? 0 : r;
}

static ntstatus io_timerfd_read(struct io_file *f, struct ke_thread *kt,
				struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct io_timerfd *tfd = f->context;
	ntstatus st;
	u64 ticks;

	*done = 0;
	if (iov_iter_count(to) < sizeof(ticks))
		return STATUS_INVALID_PARAMETER;
	spin_lock_irq(&tfd->lock);
	while (!tfd->ticks) {
		spin_unlock_irq(&tfd->lock);
		if (io_file_flags(f) & IO_FILE_NONBLOCK)
			return STATUS_DEVICE_BUSY;	/* EAGAIN */
		st = ke_wait_for_single_object(kt, &tfd->readable.header, true, NULL);
		if (st != STATUS_WAIT_0)
			return st;
		spin_lock_irq(&tfd->lock);
	}
	ticks = tfd->ticks;
	tfd->ticks = 0;
	io_timerfd_forward(tfd);
	ticks += tfd->ticks;
	tfd->ticks = 0;
	ke_event_reset(&tfd->readable);
	spin_unlock_irq(&tfd->lock);
	if (copy_to_iter(&ticks, sizeof(ticks), to) != sizeof(ticks))
		return STATUS_ACCESS_VIOLATION;
	*done = sizeof(ticks);
	return STATUS_SUCCESS;
}

/* Linux's timerfd_poll(): EPOLLIN alone. */
static __poll_t io_timerfd_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct io_timerfd *tfd = f->context;

	if (e)
		io_poll_add(&tfd->poll, e);
	return READ_ONCE(tfd->ticks) ? EPOLLIN : 0;
}

/**
 * io_timerfd_settime() - arm or disarm a timerfd
 * @f: a timerfd File object
 * @flags: TFD_TIMER_ABSTIME or 0 (the caller refused the rest)
 * @value: the first expiry (0: disarm)
 * @interval: the period (0: one shot)
 * @old_value: the old remaining time
 * @old_interval: the old period
 */
void io_timerfd_settime(struct io_file *f, int flags, const struct timespec64 *value,
			const struct timespec64 *interval, struct timespec64 *old_value,
			struct timespec64 *old_interval)
{
	struct io_timerfd *tfd = f->context;
	enum hrtimer_mode mode = flags & TFD_TIMER_ABSTIME ? HRTIMER_MODE_ABS :
							     HRTIMER_MODE_REL;
	ktime_t due = timespec64_to_ktime(*value);

	for (;;) {
		spin_lock_irq(&tfd->lock);
		if (hrtimer_try_to_cancel(&tfd->timer) >= 0)
			break;
		spin_unlock_irq(&tfd->lock);
		hrtimer_cancel_wait_running(&tfd->timer);
	}
	/* The old setting, a fired periodic timer moved on first (Linux). */
	if (tfd->expired && tfd->interval)
		hrtimer_forward_now(&tfd->timer, tfd->interval);
	*old_value = ktime_to_timespec64(io_timerfd_remaining(tfd));
	*old_interval = ktime_to_timespec64(tfd->interval);

	tfd->expired = false;
	tfd->ticks = 0;
	ke_event_reset(&tfd->readable);
	tfd->interval = timespec64_to_ktime(*interval);
	hrtimer_init(&tfd->timer, tfd->clockid, mode);
	tfd->timer.function = io_timerfd_fire;
	hrtimer_set_expires(&tfd->timer, due);
	if (due)
		hrtimer_start(&tfd->timer, due, mode);
	spin_unlock_irq(&tfd->lock);
}

/**
 * io_timerfd_gettime() - the remaining time and the period of a timerfd
 * @f: a timerfd File object
 * @value: the time to the next expiry (0: disarmed or fired one shot)
 * @interval: the period
 */
void io_timerfd_gettime(struct io_file *f, struct timespec64 *value,
			struct timespec64 *interval)
{
	struct io_timerfd *tfd = f->context;

	spin_lock_irq(&tfd->lock);
	if (tfd->expired && tfd->interval) {
		tfd->ticks += hrtimer_forward_now(&tfd->timer, tfd->interval) - 1;
		hrtimer_restart(&tfd->timer);
		tfd->expired = false;
	}
	*value = ktime_to_timespec64(io_timerfd_remaining(tfd));
	*interval = ktime_to_timespec64(tfd->interval);
	spin_unlock_irq(&tfd->lock);
}

/*
 * timerfd_ioctl(): TFD_IOC_SET_TICKS (checkpoint/restore, which Debian's
 * kernel has) sets the expirations a read returns next; never ECANCELED
 * (TFD_TIMER_CANCEL_ON_SET is not implemented). Anything else: ENOTTY.
 */
static ntstatus io_timerfd_ioctl(struct io_file *f, unsigned int cmd, unsigned long arg,
				 long *ret)
{
	struct io_timerfd *tfd = f->context;
	u64 ticks;

	if (cmd != TFD_IOC_SET_TICKS)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (get_user(ticks, (u64 __user *)arg))
		return STATUS_LX_ERRNO(EFAULT);
	if (!ticks)
		return STATUS_LX_ERRNO(EINVAL);
	spin_lock_irq(&tfd->lock);
	tfd->ticks = ticks;
	ke_event_set(&tfd->readable);
	spin_unlock_irq(&tfd->lock);
	io_poll_wake(&tfd->poll, EPOLLIN);
	*ret = 0;
	return STATUS_SUCCESS;
}

static void io_timerfd_release(struct io_file *f)
{
	struct io_timerfd *tfd = f->context;

	hrtimer_cancel(&tfd->timer);
	kfree(tfd);
}

static const struct io_file_ops io_timerfd_ops = {
	.name = "timerfd",
	.getattr = io_anon_getattr,
	.read = io_timerfd_read,
	.poll = io_timerfd_poll,
	.ioctl = io_timerfd_ioctl,
	.llseek = io_noop_llseek,
	.release = io_timerfd_release,
};

/**
 * io_create_timerfd() - a new, disarmed timerfd
 * @clockid: CLOCK_MONOTONIC, CLOCK_REALTIME or CLOCK_BOOTTIME
 * @nonblock: IO_FILE_NONBLOCK
 * @out: its File object (one reference)
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_create_timerfd(int clockid, bool nonblock, struct io_file **out)
{
	struct io_timerfd *tfd;
	ntstatus st;

	tfd = kzalloc(sizeof(*tfd), GFP_KERNEL_ACCOUNT);
	if (!tfd)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock_init(&tfd->lock);
	tfd->clockid = clockid;
	hrtimer_init(&tfd->timer, clockid, HRTIMER_MODE_ABS);
	tfd->timer.function = io_timerfd_fire;
	ke_event_init(&tfd->readable, KE_NOTIFICATION_EVENT, false);
	io_poll_head_init(&tfd->poll);
	/* Read-write, as Linux's anonymous inode; it has no write. */
	st = io_create_file(&io_timerfd_ops, tfd, IO_FILE_READ | IO_FILE_WRITE |
			    (nonblock ? IO_FILE_NONBLOCK : 0), out);
	if (!NT_SUCCESS(st))
		kfree(tfd);
	return st;
}
