// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting on many handles and event objects as fds: poll, ppoll, select,
 * pselect6, epoll_create(1), epoll_ctl, epoll_wait, epoll_pwait(2), eventfd(2),
 * timerfd_create/settime/gettime, signalfd(4). Every wait goes through the
 * readiness notifiers of io/poll.c and a ke event; the Linux rules (error
 * order, timeouts written back, temporary signal masks, -ERESTARTNOHAND
 * and EINTR) are fs/select.c's and fs/eventpoll.c's.
 */
#include <linux/capability.h>
#include <linux/eventfd.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/eventpoll.h>
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/signalfd.h>
#include <linux/slab.h>
#include <linux/time64.h>
#include <linux/timerfd.h>
#include <linux/uaccess.h>

#include "lxcore.h"
#include "lx/lx.h"

/* select's sets (6.1: an fd it cannot wait on, EPOLLNVAL, is in all three). */
#define LX_POLLIN_SET	(EPOLLRDNORM | EPOLLRDBAND | EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLNVAL)
#define LX_POLLOUT_SET	(EPOLLWRBAND | EPOLLWRNORM | EPOLLOUT | EPOLLERR | EPOLLNVAL)
#define LX_POLLEX_SET	(EPOLLPRI | EPOLLNVAL)
#define LX_EP_MAX_EVENTS	(INT_MAX / sizeof(struct epoll_event))
#define LX_EPOLLEXCLUSIVE_OK_BITS	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | \
					 EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)

/* ---- timeouts and temporary signal masks --------------------------------- */

/*
 * A timeout as the wait sees it: none (forever), zero (no wait, and not
 * written back), or a CLOCK_MONOTONIC deadline.
 */
struct lx_timeout {
	bool set;
	bool zero;
	ktime_t end;
};

static int lx_timeout_from_ts(struct lx_timeout *to, s64 sec, s64 nsec)
{
	struct timespec64 ts = { .tv_sec = sec, .tv_nsec = nsec };

	if (!timespec64_valid(&ts))
		return -EINVAL;
	to->set = true;
	to->zero = !sec && !nsec;
	/* No clock read for a timeout of 0 (under TCG a read can cost µs). */
	to->end = to->zero ? 0 : ktime_add_safe(ktime_get(), timespec64_to_ktime(ts));
	return 0;
}

static void lx_timeout_from_ms(struct lx_timeout *to, int ms)
{
	to->set = false;
	to->zero = false;
	if (ms >= 0)
		lx_timeout_from_ts(to, ms / MSEC_PER_SEC,
				   (s64)(ms % MSEC_PER_SEC) * NSEC_PER_MSEC);
}

static const ktime_t *lx_deadline(const struct lx_timeout *to)
{
	return to->set ? &to->end : NULL;
}

/* set_user_sigmask(): the mask until the call returns or a handler runs. */
static int lx_set_user_sigmask(const sigset_t __user *umask, size_t size)
{
	sigset_t k;

	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&k, umask, sizeof(k)))
		return -EFAULT;
	sigdelsetmask(&k, sigmask(SIGKILL) | sigmask(SIGSTOP));
	set_restore_sigmask();
	current->saved_sigmask = current->blocked;
	sigprocmask(SIG_SETMASK, &k, NULL);
	return 0;
}

/*
 * restore_saved_sigmask_unless(): interrupted, the mask stays until the
 * signal's frame is set up (which saves the old mask in it, as Linux does).
 */
static void lx_restore_sigmask_unless(bool interrupted)
{
	if (interrupted)
		return;
	if (test_and_clear_restore_sigmask())
		sigprocmask(SIG_SETMASK, &current->saved_sigmask, NULL);
}

enum lx_time_type { LX_PT_TIMEVAL, LX_PT_TIMESPEC };

/* poll_select_finish(): the mask back, the time left written back. */
static long lx_poll_select_finish(const struct lx_timeout *to, void __user *p,
				  enum lx_time_type type, long ret)
{
	struct timespec64 rts;
	ktime_t left;

	lx_restore_sigmask_unless(ret == -ERESTARTNOHAND);
	if (!p)
		return ret;
	if (current->personality & STICKY_TIMEOUTS)
		goto sticky;
	if (!to->set || to->zero)
		return ret;
	left = ktime_sub(to->end, ktime_get());
	rts = ktime_to_timespec64(left < 0 ? 0 : left);
	if (type == LX_PT_TIMEVAL) {
		struct __kernel_old_timeval tv = {
			.tv_sec = rts.tv_sec,
			.tv_usec = rts.tv_nsec / NSEC_PER_USEC,
		};

		if (!copy_to_user(p, &tv, sizeof(tv)))
			return ret;
	} else if (!put_timespec64(&rts, p)) {
		return ret;
	}
sticky:
	/* Not written back: the call cannot be restarted with what is left. */
	if (ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}

/* ---- the poll engine ------------------------------------------------------ */

/* One fd to watch: what counts (EPOLLERR | EPOLLHUP included) and what was. */
struct lx_pfd {
	int fd;			/* < 0: ignored */
	__poll_t events;
	__poll_t revents;
};

/*
 * A waiter's link on one file's notifier. It holds a reference to the
 * file (as Linux's poll table entries do), so a close by another thread
 * during the wait cannot free the notifier under it.
 */
struct lx_poll_link {
	struct io_poll_entry entry;
	struct io_file *file;
	__poll_t events;
	struct ke_event *ev;
};

static void lx_poll_link_wake(struct io_poll_entry *e, __poll_t events)
{
	struct lx_poll_link *k = container_of(e, struct lx_poll_link, entry);

	if (events && !(events & k->events))
		return;
	ke_event_set(k->ev);
}

/*
 * fdget(): the File object of @fd, not an O_PATH one (Linux's fdget()
 * skips FMODE_PATH files: poll says POLLNVAL, the others EBADF).
 */
static inline int lx_fdget(struct ps_task *pt, int fd, struct ob_href *ref)
{
	if (!NT_SUCCESS(ob_handle_get(pt->htab, fd, &io_file_type, ref)))
		return -EBADF;
	if (unlikely(io_file_flags(ref->obj) & IO_FILE_PATH)) {
		ob_handle_put(ref);
		return -EBADF;
	}
	return 0;
}

/*
 * select's max_select_fd(): a set bit naming a closed fd is EBADF (an
 * O_PATH fd is open: select then reports it in every set it is in).
 */
static int lx_check_fds(struct ps_task *pt, const struct lx_pfd *p, unsigned int n)
{
	struct ob_href ref;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!NT_SUCCESS(ob_handle_get(pt->htab, p[i].fd, &io_file_type, &ref)))
			return -EBADF;
		ob_handle_put(&ref);
	}
	return 0;
}

/*
 * do_poll(): scan, linking waiters on the first scan only (and only until
 * something is ready: no wait follows then), wait, scan again. A timeout
 * of 0 links nothing. Return: the ready fds (EPOLLNVAL counts), or
 * -ERESTARTNOHAND, -ENOMEM.
 */
static long lx_do_poll(struct ps_task *pt, struct lx_pfd *p, unsigned int n,
		       const struct lx_timeout *to)
{
	bool link = !to->zero, timed_out = to->zero;
	struct lx_poll_link *links = NULL;
	struct ke_event ev;
	unsigned int i;
	long count;

	ke_event_init(&ev, KE_SYNCHRONIZATION_EVENT, false);
	for (;;) {
		count = 0;
		for (i = 0; i < n; i++) {
			struct ob_href ref;
			struct io_file *f;
			__poll_t mask;

			p[i].revents = 0;
			if (p[i].fd < 0)
				continue;
			if (lx_fdget(pt, p[i].fd, &ref)) {
				p[i].revents = EPOLLNVAL;
				count++;
				continue;
			}
			f = ref.obj;
			if (link && !count) {
				if (!links) {
					links = kvcalloc(n, sizeof(*links), GFP_KERNEL);
					if (!links) {
						ob_handle_put(&ref);
						return -ENOMEM;
					}
				}
				io_poll_entry_init(&links[i].entry, lx_poll_link_wake);
				links[i].file = f;
				links[i].events = p[i].events;
				links[i].ev = &ev;
				ob_reference(f);
				mask = io_file_poll(f, &links[i].entry);
			} else {
				mask = io_file_poll(f, NULL);
			}
			if (ref.owned)
				ob_handle_put(&ref);
			mask &= p[i].events;
			if (mask) {
				p[i].revents = mask;
				count++;
			}
		}
		link = false;
		if (!count && signal_pending(current))
			count = -ERESTARTNOHAND;
		if (count || timed_out)
			break;
		if (ke_wait_for_single_object(&pt->ke, &ev.header, true,
					      lx_deadline(to)) == STATUS_TIMEOUT)
			timed_out = true;
	}
	if (links) {
		for (i = 0; i < n; i++) {
			if (!links[i].file)
				continue;
			io_poll_remove(&links[i].entry);
			ob_dereference(links[i].file);
		}
		kvfree(links);
	}
	return count;
}

/* ---- poll, ppoll ---------------------------------------------------------- */

#define LX_POLL_STACK	16	/* pollfds handled without an allocation */

static long lx_sys_poll_common(struct ps_task *pt, struct pollfd __user *ufds,
			       unsigned int nfds, const struct lx_timeout *to)
{
	struct pollfd spfd[LX_POLL_STACK], *pfds = spfd;
	struct lx_pfd sp[LX_POLL_STACK], *p = sp;
	unsigned int i;
	long ret;

	if (nfds > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	ret = -ENOMEM;
	if (nfds > LX_POLL_STACK) {
		pfds = kvmalloc_array(nfds, sizeof(*pfds), GFP_KERNEL);
		p = kvmalloc_array(nfds, sizeof(*p), GFP_KERNEL);
		if (!pfds || !p)
			goto out_free;
	}
	ret = -EFAULT;
	if (copy_from_user(pfds, ufds, nfds * sizeof(*pfds)))
		goto out_free;
	for (i = 0; i < nfds; i++) {
		p[i].fd = pfds[i].fd;
		p[i].events = demangle_poll(pfds[i].events) | EPOLLERR | EPOLLHUP;
	}
	ret = lx_do_poll(pt, p, nfds, to);
	if (ret < 0)
		goto out_free;
	/* Only the revents fields are written, as Linux writes them. */
	if (!user_write_access_begin(ufds, nfds * sizeof(*ufds))) {
		ret = -EFAULT;
		goto out_free;
	}
	for (i = 0; i < nfds; i++)
		unsafe_put_user(mangle_poll(p[i].revents), &ufds[i].revents, efault);
	user_write_access_end();
out_free:
	if (p != sp)
		kvfree(p);
	if (pfds != spfd)
		kvfree(pfds);
	return ret;

efault:
	user_write_access_end();
	ret = -EFAULT;
	goto out_free;
}

long lx_sys_poll(struct pt_regs *regs, struct ps_task *pt)
{
	struct lx_timeout to;

	lx_timeout_from_ms(&to, (int)regs->dx);
	/*
	 * Linux restarts an interrupted poll through a restart block; a
	 * handler sees EINTR either way, so -ERESTARTNOHAND is the same
	 * to the program except that a stopped-and-continued poll restarts
	 * with its whole timeout.
	 */
	return lx_sys_poll_common(pt, (struct pollfd __user *)regs->di, regs->si, &to);
}

long lx_sys_ppoll(struct pt_regs *regs, struct ps_task *pt)
{
	struct __kernel_timespec __user *tsp = (void __user *)regs->dx;
	struct lx_timeout to = { 0 };
	struct timespec64 ts;
	long ret;

	if (tsp) {
		if (get_timespec64(&ts, tsp))
			return -EFAULT;
		if (lx_timeout_from_ts(&to, ts.tv_sec, ts.tv_nsec))
			return -EINVAL;
	}
	ret = lx_set_user_sigmask((const sigset_t __user *)regs->r10, regs->r8);
	if (ret)
		return ret;
	ret = lx_sys_poll_common(pt, (struct pollfd __user *)regs->di, regs->si, &to);
	return lx_poll_select_finish(&to, tsp, LX_PT_TIMESPEC, ret);
}

/* ---- select, pselect6 ----------------------------------------------------- */

/* core_sys_select() over the three sets, @n bits each. */
static long lx_core_select(struct ps_task *pt, int n, unsigned long __user *uin,
			   unsigned long __user *uout, unsigned long __user *uex,
			   const struct lx_timeout *to)
{
	unsigned long __user *user[3] = { uin, uout, uex };
	static const __poll_t sets[3] = { LX_POLLIN_SET, LX_POLLOUT_SET, LX_POLLEX_SET };
	struct lx_pfd *items = NULL;
	unsigned long *bits;
	unsigned int i, k, words, nitems = 0;
	size_t bytes;
	long ret;

	if (n < 0)
		return -EINVAL;
	n = min_t(unsigned int, n, ps_handle_limit());
	words = BITS_TO_LONGS(n);
	bytes = words * sizeof(long);
	bits = kvcalloc(6, bytes ? bytes : sizeof(long), GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	ret = -EFAULT;
	for (k = 0; k < 3; k++) {
		if (user[k] && copy_from_user(bits + k * words, user[k], bytes))
			goto out_free;
	}
	/* Only the bits below @n count. */
	if (n % BITS_PER_LONG)
		for (k = 0; k < 3; k++)
			bits[k * words + words - 1] &= BITMAP_LAST_WORD_MASK(n);
	for (i = 0; i < (unsigned int)n; i++)
		for (k = 0; k < 3; k++)
			if (test_bit(i, bits + k * words)) {
				nitems++;
				break;
			}
	ret = -ENOMEM;
	items = kvmalloc_array(nitems ? nitems : 1, sizeof(*items), GFP_KERNEL);
	if (!items)
		goto out_free;
	nitems = 0;
	for (i = 0; i < (unsigned int)n; i++) {
		__poll_t ev = 0;

		for (k = 0; k < 3; k++)
			if (test_bit(i, bits + k * words))
				ev |= sets[k];
		if (!ev)
			continue;
		items[nitems].fd = i;
		items[nitems++].events = ev;
	}
	ret = lx_check_fds(pt, items, nitems);
	if (!ret)
		ret = lx_do_poll(pt, items, nitems, to);
	if (ret < 0)
		goto out_free;

	/* The result sets; the count is of bits, as Linux counts. */
	ret = 0;
	for (i = 0; i < nitems; i++) {
		unsigned int fd = items[i].fd;

		for (k = 0; k < 3; k++)
			if (test_bit(fd, bits + k * words) &&
			    (items[i].revents & sets[k])) {
				__set_bit(fd, bits + (3 + k) * words);
				ret++;
			}
	}
	for (k = 0; k < 3; k++) {
		if (user[k] && copy_to_user(user[k], bits + (3 + k) * words, bytes)) {
			ret = -EFAULT;
			break;
		}
	}
out_free:
	kvfree(items);
	kvfree(bits);
	return ret;
}

long lx_sys_select(struct pt_regs *regs, struct ps_task *pt)
{
	struct __kernel_old_timeval __user *tvp = (void __user *)regs->r8;
	struct lx_timeout to = { 0 };
	struct __kernel_old_timeval tv;
	long ret;

	if (tvp) {
		if (copy_from_user(&tv, tvp, sizeof(tv)))
			return -EFAULT;
		if (lx_timeout_from_ts(&to, tv.tv_sec + tv.tv_usec / USEC_PER_SEC,
				       (tv.tv_usec % USEC_PER_SEC) * NSEC_PER_USEC))
			return -EINVAL;
	}
	ret = lx_core_select(pt, regs->di, (void __user *)regs->si,
			     (void __user *)regs->dx, (void __user *)regs->r10, &to);
	return lx_poll_select_finish(&to, tvp, LX_PT_TIMEVAL, ret);
}

long lx_sys_pselect6(struct pt_regs *regs, struct ps_task *pt)
{
	struct __kernel_timespec __user *tsp = (void __user *)regs->r8;
	struct {
		sigset_t __user *p;
		size_t size;
	} x = { NULL, 0 };
	struct lx_timeout to = { 0 };
	struct timespec64 ts;
	long ret;

	if (regs->r9 && copy_from_user(&x, (void __user *)regs->r9, sizeof(x)))
		return -EFAULT;
	if (tsp) {
		if (get_timespec64(&ts, tsp))
			return -EFAULT;
		if (lx_timeout_from_ts(&to, ts.tv_sec, ts.tv_nsec))
			return -EINVAL;
	}
	ret = lx_set_user_sigmask(x.p, x.size);
	if (ret)
		return ret;
	ret = lx_core_select(pt, regs->di, (void __user *)regs->si,
			     (void __user *)regs->dx, (void __user *)regs->r10, &to);
	return lx_poll_select_finish(&to, tsp, LX_PT_TIMESPEC, ret);
}

/* ---- new fds -------------------------------------------------------------- */

/* A handle for @f (whose reference is consumed): the fd or -errno. */
static long lx_install(struct ps_task *pt, struct io_file *f, bool cloexec)
{
	unsigned int fd;
	ntstatus st;

	st = ob_handle_insert(pt->htab, f, io_file_access(f),
			      cloexec ? OB_HANDLE_CLOEXEC : 0, 0, ps_handle_limit(), &fd);
	ob_dereference(f);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return fd;
}

/* ---- epoll ---------------------------------------------------------------- */

static long lx_epoll_create(struct ps_task *pt, int flags)
{
	struct io_file *f;
	ntstatus st;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	st = io_create_epoll(&f);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return lx_install(pt, f, flags & EPOLL_CLOEXEC);
}

long lx_sys_epoll_create(struct pt_regs *regs, struct ps_task *pt)
{
	if ((int)regs->di <= 0)
		return -EINVAL;
	return lx_epoll_create(pt, 0);
}

long lx_sys_epoll_create1(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_epoll_create(pt, regs->di);
}

long lx_sys_epoll_ctl(struct pt_regs *regs, struct ps_task *pt)
{
	int epfd = regs->di, op = regs->si, fd = regs->dx;
	struct epoll_event ev = { 0 };
	struct ob_href eref, tref;
	struct io_file *ef, *tf;
	long ret;

	if (op != EPOLL_CTL_DEL &&
	    copy_from_user(&ev, (void __user *)regs->r10, sizeof(ev)))
		return -EFAULT;
	if (lx_fdget(pt, epfd, &eref))
		return -EBADF;
	ret = -EBADF;
	if (lx_fdget(pt, fd, &tref))
		goto out_put_ep;
	ef = eref.obj;
	tf = tref.obj;
	ret = -EPERM;
	if (!io_file_can_poll(tf))
		goto out_put;
	/* An instance has no CAP_BLOCK_SUSPEND: the bit is dropped. */
	ev.events &= ~EPOLLWAKEUP;
	ret = -EINVAL;
	if (ef == tf || !io_file_is_epoll(ef))
		goto out_put;
	if (op != EPOLL_CTL_DEL && (ev.events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			goto out_put;
		if (op == EPOLL_CTL_ADD && (io_file_is_epoll(tf) ||
					    (ev.events & ~LX_EPOLLEXCLUSIVE_OK_BITS)))
			goto out_put;
	}
	ret = io_epoll_ctl(ef, op, fd, tf, ev.events, ev.data);
out_put:
	ob_handle_put(&tref);
out_put_ep:
	ob_handle_put(&eref);
	return ret;
}

static long lx_epoll_wait(struct ps_task *pt, int epfd, void __user *events,
			  int max, const struct lx_timeout *to)
{
	struct ob_href ref;
	long ret;

	if (max <= 0 || max > LX_EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(events, max * sizeof(struct epoll_event)))
		return -EFAULT;
	if (lx_fdget(pt, epfd, &ref))
		return -EBADF;
	ret = -EINVAL;
	if (io_file_is_epoll(ref.obj))
		ret = io_epoll_wait(ref.obj, &pt->ke, events, max,
				    to->zero ? &to->end : lx_deadline(to));
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_epoll_wait(struct pt_regs *regs, struct ps_task *pt)
{
	struct lx_timeout to;

	lx_timeout_from_ms(&to, (int)regs->r10);
	return lx_epoll_wait(pt, regs->di, (void __user *)regs->si, regs->dx, &to);
}

static long lx_epoll_pwait_common(struct pt_regs *regs, struct ps_task *pt,
				  const struct lx_timeout *to)
{
	long ret;

	ret = lx_set_user_sigmask((const sigset_t __user *)regs->r8, regs->r9);
	if (ret)
		return ret;
	ret = lx_epoll_wait(pt, regs->di, (void __user *)regs->si, regs->dx, to);
	lx_restore_sigmask_unless(ret == -EINTR);
	return ret;
}

long lx_sys_epoll_pwait(struct pt_regs *regs, struct ps_task *pt)
{
	struct lx_timeout to;

	lx_timeout_from_ms(&to, (int)regs->r10);
	return lx_epoll_pwait_common(regs, pt, &to);
}

long lx_sys_epoll_pwait2(struct pt_regs *regs, struct ps_task *pt)
{
	struct __kernel_timespec __user *tsp = (void __user *)regs->r10;
	struct lx_timeout to = { 0 };
	struct timespec64 ts;

	if (tsp) {
		if (get_timespec64(&ts, tsp))
			return -EFAULT;
		if (lx_timeout_from_ts(&to, ts.tv_sec, ts.tv_nsec))
			return -EINVAL;
	}
	return lx_epoll_pwait_common(regs, pt, &to);
}

/* ---- eventfd -------------------------------------------------------------- */

static long lx_eventfd2(struct ps_task *pt, unsigned int count, int flags)
{
	struct io_file *f;
	ntstatus st;

	if (flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	st = io_create_eventfd(count, flags & EFD_SEMAPHORE, flags & EFD_NONBLOCK, &f);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return lx_install(pt, f, flags & EFD_CLOEXEC);
}

long lx_sys_eventfd(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_eventfd2(pt, regs->di, 0);
}

long lx_sys_eventfd2(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_eventfd2(pt, regs->di, regs->si);
}

/* ---- timerfd -------------------------------------------------------------- */

long lx_sys_timerfd_create(struct pt_regs *regs, struct ps_task *pt)
{
	int clockid = regs->di, flags = regs->si;
	struct io_file *f;
	ntstatus st;

	if ((flags & ~(TFD_CLOEXEC | TFD_NONBLOCK)) ||
	    (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME &&
	     clockid != CLOCK_REALTIME_ALARM && clockid != CLOCK_BOOTTIME &&
	     clockid != CLOCK_BOOTTIME_ALARM))
		return -EINVAL;
	/* No instance holds the host's CAP_WAKE_ALARM. */
	if (clockid == CLOCK_REALTIME_ALARM || clockid == CLOCK_BOOTTIME_ALARM)
		return -EPERM;
	st = io_create_timerfd(clockid, flags & TFD_NONBLOCK, &f);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return lx_install(pt, f, flags & TFD_CLOEXEC);
}

/* timerfd_fget(): EBADF, or EINVAL for another kind of file. */
static int lx_get_timerfd(struct ps_task *pt, int fd, struct ob_href *ref)
{
	if (lx_fdget(pt, fd, ref))
		return -EBADF;
	if (!io_file_is_timerfd(ref->obj)) {
		ob_handle_put(ref);
		return -EINVAL;
	}
	return 0;
}

static int lx_put_itimerspec(const struct timespec64 *value,
			     const struct timespec64 *interval,
			     struct __kernel_itimerspec __user *u)
{
	if (put_timespec64(interval, &u->it_interval) ||
	    put_timespec64(value, &u->it_value))
		return -EFAULT;
	return 0;
}

long lx_sys_timerfd_settime(struct pt_regs *regs, struct ps_task *pt)
{
	struct __kernel_itimerspec __user *unew = (void __user *)regs->dx;
	struct __kernel_itimerspec __user *uold = (void __user *)regs->r10;
	struct timespec64 value, interval, old_value, old_interval;
	int flags = regs->si;
	struct ob_href ref;
	int ret;

	if (get_timespec64(&interval, &unew->it_interval) ||
	    get_timespec64(&value, &unew->it_value))
		return -EFAULT;
	if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) ||
	    !timespec64_valid(&value) || !timespec64_valid(&interval))
		return -EINVAL;
	ret = lx_get_timerfd(pt, regs->di, &ref);
	if (ret)
		return ret;
	ret = ob_status_to_errno(io_timerfd_settime(ref.obj, flags, &value, &interval,
						    &old_value, &old_interval));
	ob_handle_put(&ref);
	if (ret)
		return ret;
	if (uold)
		return lx_put_itimerspec(&old_value, &old_interval, uold);
	return 0;
}

long lx_sys_timerfd_gettime(struct pt_regs *regs, struct ps_task *pt)
{
	struct timespec64 value, interval;
	struct ob_href ref;
	int ret;

	ret = lx_get_timerfd(pt, regs->di, &ref);
	if (ret)
		return ret;
	io_timerfd_gettime(ref.obj, &value, &interval);
	ob_handle_put(&ref);
	return lx_put_itimerspec(&value, &interval, (void __user *)regs->si);
}

/* ---- signalfd ------------------------------------------------------------- */

static long lx_signalfd4(struct ps_task *pt, int ufd, const sigset_t __user *umask,
			 size_t sizemask, int flags)
{
	struct ob_href ref;
	struct io_file *f;
	sigset_t mask;
	ntstatus st;

	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	if (sizemask != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	sigdelsetmask(&mask, sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (ufd == -1) {
		st = io_create_signalfd(&mask, flags & SFD_NONBLOCK, &f);
		if (!NT_SUCCESS(st))
			return ob_status_to_errno(st);
		return lx_install(pt, f, flags & SFD_CLOEXEC);
	}
	if (lx_fdget(pt, ufd, &ref))
		return -EBADF;
	if (!io_file_is_signalfd(ref.obj)) {
		ob_handle_put(&ref);
		return -EINVAL;
	}
	io_signalfd_set_mask(ref.obj, &mask);
	ob_handle_put(&ref);
	return ufd;
}

long lx_sys_signalfd(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_signalfd4(pt, regs->di, (void __user *)regs->si, regs->dx, 0);
}

long lx_sys_signalfd4(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_signalfd4(pt, regs->di, (void __user *)regs->si, regs->dx, regs->r10);
}
