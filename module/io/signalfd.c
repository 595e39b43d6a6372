// SPDX-License-Identifier: GPL-2.0
/*
 * signalfd: the pending signals of the host task, read as struct
 * signalfd_siginfo. Signal state is the host task's (docs/architecture.md,
 * "Signals and pids"), so a read dequeues from the reader's own pending
 * sets with the kernel's dequeue_signal(), as Linux's signalfd does, and
 * blocks on the reader's signalfd wait queue. Pollers are woken through
 * bridges to the signalfd's readiness notifier from the signalfd queue of
 * each process that waited on it (Linux also watches the queue of whoever
 * polled); a bridge drops out (POLLFREE) when its process's handlers go.
 */
#include <linux/sched/signal.h>
#include <linux/signalfd.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "compat.h"
#include "io/io.h"

struct io_signalfd {
	sigset_t sigmask;		/* the signals NOT read (as Linux keeps it) */
	struct io_poll_head poll;
	struct mutex arm_lock;
	struct list_head bridges;	/* struct io_signalfd_bridge, under arm_lock */
};

/* The signalfd queue of one process that waited, feeding @poll. */
struct io_signalfd_bridge {
	struct list_head node;
	struct io_poll_bridge b;
};

static const struct io_file_ops io_signalfd_ops;

bool io_file_is_signalfd(struct io_file *f)
{
	return f->ops == &io_signalfd_ops;
}

/* The caller's own signal handlers: only the task itself replaces them. */
static struct sighand_struct *io_sighand(void)
{
	return rcu_dereference_protected(current->sighand, 1);
}

/* A signal in @pending that @blocked does not hold. */
static bool io_sig_wanted(const sigset_t *pending, const sigset_t *blocked)
{
	unsigned int i;

	for (i = 0; i < _NSIG_WORDS; i++)
		if (pending->sig[i] & ~blocked->sig[i])
			return true;
	return false;
}

/*
 * Bridge the caller's signalfd queue, once per process (a queue freed with
 * its process unlinks its bridge itself; the memory stays until release).
 */
static bool io_signalfd_arm(struct io_signalfd *ctx)
{
	wait_queue_head_t *wqh = &io_sighand()->signalfd_wqh;
	struct io_signalfd_bridge *br;
	bool ok = true;

	mutex_lock(&ctx->arm_lock);
	list_for_each_entry(br, &ctx->bridges, node)
		if (smp_load_acquire(&br->b.q[0].wqh) == wqh)
			goto out;
	br = kzalloc(sizeof(*br), GFP_KERNEL_ACCOUNT);
	if (!br) {
		ok = false;
		goto out;
	}
	io_poll_bridge_init(&br->b, &ctx->poll);
	io_poll_bridge_add(&br->b, wqh);
	list_add(&br->node, &ctx->bridges);
out:
	mutex_unlock(&ctx->arm_lock);
	return ok;
}

static __poll_t io_signalfd_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct io_signalfd *ctx = f->context;
	__poll_t mask = 0;

	if (e) {
		if (!io_signalfd_arm(ctx))
			return EPOLLERR;
		io_poll_add(&ctx->poll, e);
	}
	spin_lock_irq(&io_sighand()->siglock);
	if (io_sig_wanted(&current->pending.signal, &ctx->sigmask) ||
	    io_sig_wanted(&current->signal->shared_pending.signal, &ctx->sigmask))
		mask = EPOLLIN;
	spin_unlock_irq(&io_sighand()->siglock);
	return mask;
}

/* siginfo_layout() of kernel/signal.c (not exported), for the fields. */
static enum siginfo_layout io_siginfo_layout(int sig, int code)
{
	if (code > SI_USER && code < SI_KERNEL) {
		switch (sig) {
		case SIGILL:
			return code <= NSIGILL ? SIL_FAULT : SIL_POLL;
		case SIGFPE:
			return code <= NSIGFPE ? SIL_FAULT : SIL_POLL;
		case SIGSEGV:
			return code <= NSIGSEGV ? SIL_FAULT : SIL_POLL;
		case SIGBUS:
			if (code == BUS_MCEERR_AR || code == BUS_MCEERR_AO)
				return SIL_FAULT_MCEERR;
			return code <= NSIGBUS ? SIL_FAULT : SIL_POLL;
		case SIGTRAP:
			return code <= NSIGTRAP ? SIL_FAULT : SIL_POLL;
		case SIGCHLD:
			return code <= NSIGCHLD ? SIL_CHLD : SIL_POLL;
		case SIGSYS:
			return code <= NSIGSYS ? SIL_SYS : SIL_POLL;
		default:
			return code <= NSIGPOLL ? SIL_POLL : SIL_KILL;
		}
	}
	if (code == SI_TIMER)
		return SIL_TIMER;
	if (code == SI_SIGIO)
		return SIL_POLL;
	return code < 0 ? SIL_RT : SIL_KILL;
}

/* signalfd_copyinfo(). */
static void io_signalfd_fill(struct signalfd_siginfo *s, const kernel_siginfo_t *k)
{
	memset(s, 0, sizeof(*s));
	s->ssi_signo = k->si_signo;
	s->ssi_errno = k->si_errno;
	s->ssi_code = k->si_code;
	switch (io_siginfo_layout(k->si_signo, k->si_code)) {
	case SIL_KILL:
		s->ssi_pid = k->si_pid;
		s->ssi_uid = k->si_uid;
		break;
	case SIL_TIMER:
		s->ssi_tid = k->si_tid;
		s->ssi_overrun = k->si_overrun;
		s->ssi_ptr = (long)(__force unsigned long)k->si_ptr;
		s->ssi_int = k->si_int;
		break;
	case SIL_POLL:
		s->ssi_band = k->si_band;
		s->ssi_fd = k->si_fd;
		break;
	case SIL_FAULT_MCEERR:
		s->ssi_addr_lsb = (short)k->si_addr_lsb;
		fallthrough;
	default:	/* the other faults */
		s->ssi_addr = (long)(__force unsigned long)k->si_addr;
		break;
	case SIL_CHLD:
		s->ssi_pid = k->si_pid;
		s->ssi_uid = k->si_uid;
		s->ssi_status = k->si_status;
		s->ssi_utime = k->si_utime;
		s->ssi_stime = k->si_stime;
		break;
	case SIL_RT:
		s->ssi_pid = k->si_pid;
		s->ssi_uid = k->si_uid;
		s->ssi_ptr = (long)(__force unsigned long)k->si_ptr;
		s->ssi_int = k->si_int;
		break;
	case SIL_SYS:
		s->ssi_call_addr = (long)(__force unsigned long)k->si_call_addr;
		s->ssi_syscall = k->si_syscall;
		s->ssi_arch = k->si_arch;
		break;
	}
}

/*
 * signalfd_dequeue(): a signal of the mask from the caller's pending
 * sets, waiting for one unless @nonblock. Return: its number, -EAGAIN,
 * -ERESTARTSYS.
 */
static int io_signalfd_dequeue(struct io_signalfd *ctx, kernel_siginfo_t *info,
			       bool nonblock)
{
	struct sighand_struct *sh = io_sighand();
	DECLARE_WAITQUEUE(wait, current);
	enum pid_type type;
	int ret;

	spin_lock_irq(&sh->siglock);
	ret = compat_dequeue_signal(&ctx->sigmask, info, &type);
	if (ret || nonblock) {
		spin_unlock_irq(&sh->siglock);
		return ret ? ret : -EAGAIN;
	}
	add_wait_queue(&sh->signalfd_wqh, &wait);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		ret = compat_dequeue_signal(&ctx->sigmask, info, &type);
		if (ret)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		spin_unlock_irq(&sh->siglock);
		schedule();
		spin_lock_irq(&sh->siglock);
	}
	spin_unlock_irq(&sh->siglock);
	remove_wait_queue(&sh->signalfd_wqh, &wait);
	__set_current_state(TASK_RUNNING);
	return ret;
}

static ntstatus io_signalfd_read(struct io_file *f, struct ke_thread *kt,
				 struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct io_signalfd *ctx = f->context;
	bool nonblock = io_file_flags(f) & IO_FILE_NONBLOCK;
	size_t count = iov_iter_count(to) / sizeof(struct signalfd_siginfo);
	struct signalfd_siginfo s;
	kernel_siginfo_t info;
	int ret = 0;

	*done = 0;
	if (!count)
		return STATUS_INVALID_PARAMETER;
	do {
		ret = io_signalfd_dequeue(ctx, &info, nonblock);
		if (ret <= 0)
			break;
		io_signalfd_fill(&s, &info);
		if (copy_to_iter(&s, sizeof(s), to) != sizeof(s)) {
			ret = -EFAULT;
			break;
		}
		*done += sizeof(s);
		nonblock = true;
	} while (--count);
	if (*done || ret > 0)
		return STATUS_SUCCESS;
	if (ret == -ERESTARTSYS)
		return STATUS_USER_APC;
	return STATUS_LX_ERRNO(-ret);
}

/**
 * io_signalfd_set_mask() - signalfd4 on an existing signalfd: a new mask
 * @f: a signalfd File object
 * @mask: the signals to read (SIGKILL and SIGSTOP already removed)
 */
void io_signalfd_set_mask(struct io_file *f, const sigset_t *mask)
{
	struct io_signalfd *ctx = f->context;
	sigset_t not = *mask;

	signotset(&not);
	spin_lock_irq(&io_sighand()->siglock);
	ctx->sigmask = not;
	spin_unlock_irq(&io_sighand()->siglock);
	wake_up(&io_sighand()->signalfd_wqh);
}

static void io_signalfd_release(struct io_file *f)
{
	struct io_signalfd *ctx = f->context;
	struct io_signalfd_bridge *br, *next;

	list_for_each_entry_safe(br, next, &ctx->bridges, node) {
		io_poll_bridge_release(&br->b);
		kfree(br);
	}
	kfree(ctx);
}

static const struct io_file_ops io_signalfd_ops = {
	.name = "signalfd",
	.getattr = io_anon_getattr,
	.read = io_signalfd_read,
	.poll = io_signalfd_poll,
	.llseek = io_noop_llseek,
	.release = io_signalfd_release,
};

/**
 * io_create_signalfd() - a new signalfd
 * @mask: the signals it reads (SIGKILL and SIGSTOP already removed)
 * @nonblock: IO_FILE_NONBLOCK
 * @out: its File object (one reference)
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_create_signalfd(const sigset_t *mask, bool nonblock, struct io_file **out)
{
	struct io_signalfd *ctx;
	ntstatus st;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return STATUS_INSUFFICIENT_RESOURCES;
	ctx->sigmask = *mask;
	signotset(&ctx->sigmask);
	io_poll_head_init(&ctx->poll);
	mutex_init(&ctx->arm_lock);
	INIT_LIST_HEAD(&ctx->bridges);
	/* Read-write, as Linux's anonymous inode; it has no write. */
	st = io_create_file(&io_signalfd_ops, ctx, IO_FILE_READ | IO_FILE_WRITE |
			    (nonblock ? IO_FILE_NONBLOCK : 0), out);
	if (!NT_SUCCESS(st))
		kfree(ctx);
	return st;
}
