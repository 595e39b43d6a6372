// SPDX-License-Identifier: GPL-2.0
/*
 * timerfd: an hrtimer on CLOCK_MONOTONIC, CLOCK_REALTIME or CLOCK_BOOTTIME
 * as a File object, with Linux's semantics: read returns the expirations
 * since the last read (a periodic timer is re-armed by read and gettime,
 * not by its callback, as Linux does), settime returns the old setting.
 *
 * TFD_TIMER_CANCEL_ON_SET (an absolute CLOCK_REALTIME timer): as Linux's
 * timerfd_clock_was_set(), a setting of the clock marks each such timerfd
 * whose realtime offset it changed; its next read (or settime) answers
 * ECANCELED. The kernel tells its pvclock_gtod notifier chain of every
 * setting (timekeeping_update() with TK_CLOCK_WAS_SET); the notifier runs
 * under the timekeeper's lock, so it only queues an irq_work, which queues
 * the work that walks the timerfds (what KVM does with the same chain).
 */
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/pvclock_gtod.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/timerfd.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/workqueue.h>

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
	/* cancel on set: @might_cancel and @clist under io_tfd_cancel_lock, then @lock */
	bool might_cancel;
	struct list_head clist;
	ktime_t moffs;			/* realtime offset; KTIME_MAX: canceled */
};

static const struct io_file_ops io_timerfd_ops;

/* ---- cancel on a setting of the clock -------------------------------------- */

static LIST_HEAD(io_tfd_cancel_list);
static DEFINE_SPINLOCK(io_tfd_cancel_lock);	/* the list; before tfd->lock */
static DEFINE_MUTEX(io_tfd_notifier_mutex);
static bool io_tfd_notifier_on;

/* timerfd_clock_was_set(): mark the timers the new offset cancels. */
static void io_tfd_clock_was_set(struct work_struct *work)
{
	ktime_t moffs = ktime_mono_to_real(0);
	struct io_timerfd *tfd;

	spin_lock_irq(&io_tfd_cancel_lock);
	list_for_each_entry(tfd, &io_tfd_cancel_list, clist) {
		spin_lock(&tfd->lock);
		if (tfd->moffs != moffs) {
			tfd->moffs = KTIME_MAX;
			tfd->ticks++;
			ke_event_set(&tfd->readable);
		}
		spin_unlock(&tfd->lock);
		io_poll_wake(&tfd->poll, EPOLLIN);
	}
	spin_unlock_irq(&io_tfd_cancel_lock);
}

static DECLARE_WORK(io_tfd_clock_work, io_tfd_clock_was_set);

static void io_tfd_clock_irq_work(struct irq_work *w)
{
	schedule_work(&io_tfd_clock_work);
}

static DEFINE_IRQ_WORK(io_tfd_clock_irq, io_tfd_clock_irq_work);

/* Under the timekeeper's lock: nothing but queueing. */
static int io_tfd_gtod_notify(struct notifier_block *nb, unsigned long was_set, void *tk)
{
	if (was_set)
		irq_work_queue(&io_tfd_clock_irq);
	return NOTIFY_OK;
}

static struct notifier_block io_tfd_gtod_nb = {
	.notifier_call = io_tfd_gtod_notify,
};

/* Listen to clock settings from the first cancel-on-set timer to unload. */
static int io_tfd_listen(void)
{
	int err = 0;

	mutex_lock(&io_tfd_notifier_mutex);
	if (!io_tfd_notifier_on) {
		err = pvclock_gtod_register_notifier(&io_tfd_gtod_nb);
		io_tfd_notifier_on = !err;
	}
	mutex_unlock(&io_tfd_notifier_mutex);
	return err;
}

/**
 * io_timerfd_exit() - module unload (no timerfd is left): stop listening
 */
void io_timerfd_exit(void)
{
	if (io_tfd_notifier_on)
		pvclock_gtod_unregister_notifier(&io_tfd_gtod_nb);
	irq_work_sync(&io_tfd_clock_irq);
	flush_work(&io_tfd_clock_work);
	io_tfd_notifier_on = false;
}

/* timerfd_setup_cancel(): on the list only for an absolute realtime cancel-on-set timer. */
static void io_tfd_setup_cancel(struct io_timerfd *tfd, int flags)
{
	bool on = (tfd->clockid == CLOCK_REALTIME) && (flags & TFD_TIMER_ABSTIME) &&
		  (flags & TFD_TIMER_CANCEL_ON_SET);

	spin_lock_irq(&io_tfd_cancel_lock);
	spin_lock(&tfd->lock);
	if (on && !tfd->might_cancel)
		list_add(&tfd->clist, &io_tfd_cancel_list);
	else if (!on && tfd->might_cancel)
		list_del_init(&tfd->clist);
	tfd->might_cancel = on;
	spin_unlock(&tfd->lock);
	spin_unlock_irq(&io_tfd_cancel_lock);
}

/* timerfd_canceled(): a marked timer reports it once. With tfd->lock. */
static bool io_tfd_canceled(struct io_timerfd *tfd)
{
	if (!tfd->might_cancel || tfd->moffs != KTIME_MAX)
		return false;
	tfd->moffs = ktime_mono_to_real(0);
	return true;
}

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
	/* The clock was set: the ticks do not matter, the timer is not re-armed. */
	if (io_tfd_canceled(tfd)) {
		tfd->ticks = 0;
		tfd->expired = false;
		ke_event_reset(&tfd->readable);
		spin_unlock_irq(&tfd->lock);
		return STATUS_LX_ERRNO(ECANCELED);
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
 * @flags: TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET (the caller refused the rest)
 * @value: the first expiry (0: disarm)
 * @interval: the period (0: one shot)
 * @old_value: the old remaining time
 * @old_interval: the old period
 *
 * Return: STATUS_SUCCESS; ECANCELED when the clock was set since the timer
 * was marked cancel-on-set (it is armed all the same, as Linux), or an
 * errno when clock settings cannot be followed.
 */
ntstatus io_timerfd_settime(struct io_file *f, int flags, const struct timespec64 *value,
			    const struct timespec64 *interval, struct timespec64 *old_value,
			    struct timespec64 *old_interval)
{
	struct io_timerfd *tfd = f->context;
	enum hrtimer_mode mode = flags & TFD_TIMER_ABSTIME ? HRTIMER_MODE_ABS :
							     HRTIMER_MODE_REL;
	ktime_t due = timespec64_to_ktime(*value);
	ntstatus st = STATUS_SUCCESS;
	int err;

	if (tfd->clockid == CLOCK_REALTIME && (flags & TFD_TIMER_ABSTIME) &&
	    (flags & TFD_TIMER_CANCEL_ON_SET)) {
		err = io_tfd_listen();
		if (err)
			return STATUS_LX_ERRNO(-err);
	}
	io_tfd_setup_cancel(tfd, flags);
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
	if (due) {
		hrtimer_start(&tfd->timer, due, mode);
		if (io_tfd_canceled(tfd))
			st = STATUS_LX_ERRNO(ECANCELED);
	}
	spin_unlock_irq(&tfd->lock);
	return st;
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
 * kernel has) sets the expirations a read returns next, or answers
 * ECANCELED for a timer the clock's setting canceled. Anything else: ENOTTY.
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
	if (io_tfd_canceled(tfd)) {
		spin_unlock_irq(&tfd->lock);
		return STATUS_LX_ERRNO(ECANCELED);
	}
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

	io_tfd_setup_cancel(tfd, 0);	/* off the list the clock work walks */
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
	INIT_LIST_HEAD(&tfd->clist);
	tfd->moffs = ktime_mono_to_real(0);
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
