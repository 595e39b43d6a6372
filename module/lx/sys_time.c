// SPDX-License-Identifier: GPL-2.0
/*
 * Time: the host keeps time (DESIGN: lxcore checks, the host's timekeeping
 * does the work). nanosleep, gettimeofday and time are native rows; the
 * clock_* calls are checked first, because a clock id can name a task (the
 * CPU clock of a process or thread) or an fd (a dynamic POSIX clock).
 */
#include <linux/posix-timers.h>
#include <linux/ptrace.h>
#include <linux/sched/task.h>
#include <linux/time.h>
#include <linux/time64.h>

#include "lxcore.h"
#include "lx/lx.h"

enum lx_clock_kind {
	LX_CLOCK_HOST,		/* a fixed clock, or a CPU clock of the instance */
	LX_CLOCK_FD,		/* a dynamic clock: an fd */
	LX_CLOCK_FOREIGN,	/* a CPU clock of a task outside the instance */
};

/*
 * A negative clock id is a CPU clock (the pid in its high bits; 0: the
 * caller) or, with CLOCKFD in its low bits, an fd. The pid must name a
 * task of the instance, else it is as missing as Linux's missing pid.
 * The host looks the pid up again: a pid reused between the two lookups
 * can name another task (pids are the host's until the pid space exists).
 */
static enum lx_clock_kind lx_clock_kind(struct ps_task *pt, clockid_t id)
{
	struct task_struct *t;
	pid_t pid;

	if (id >= 0)
		return LX_CLOCK_HOST;
	if ((id & CLOCKFD_MASK) == CLOCKFD)
		return LX_CLOCK_FD;
	pid = CPUCLOCK_PID(id);
	if (!pid)
		return LX_CLOCK_HOST;
	t = ps_instance_task_get(pt->inst, pid);
	if (!t)
		return LX_CLOCK_FOREIGN;
	put_task_struct(t);
	return LX_CLOCK_HOST;
}

/*
 * clock_gettime(2), clock_getres(2): a dynamic clock's fd is never a
 * posix clock among a pico process's handles, so it is -EINVAL as Linux
 * answers for an fd that is not one; so is a foreign pid.
 */
long lx_sys_clock_gettime(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_clock_kind(pt, (clockid_t)regs->di) == LX_CLOCK_HOST ?
	       LX_HOST : -EINVAL;
}

long lx_sys_clock_getres(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_sys_clock_gettime(regs, pt);
}

/*
 * clock_nanosleep(2): Linux refuses a dynamic clock before reading the
 * request (it cannot sleep), and reads and checks the request before it
 * looks a CPU clock's pid up.
 */
long lx_sys_clock_nanosleep(struct pt_regs *regs, struct ps_task *pt)
{
	const struct __kernel_timespec __user *rqtp = (void __user *)regs->dx;
	struct timespec64 t;

	switch (lx_clock_kind(pt, (clockid_t)regs->di)) {
	case LX_CLOCK_HOST:
		return LX_HOST;
	case LX_CLOCK_FD:
		return -EOPNOTSUPP;
	default:
		if (get_timespec64(&t, rqtp))
			return -EFAULT;
		return -EINVAL;
	}
}

/*
 * Setting the time: the clock is the host's, and an instance, even its root,
 * may not set it (CAP_SYS_TIME is the host's, as in a container). Linux's
 * checks run in Linux's order, so a bad request is EINVAL or EFAULT as on
 * Linux; a good one is EPERM, the host's answer without CAP_SYS_TIME.
 */
long lx_sys_clock_settime(struct pt_regs *regs, struct ps_task *pt)
{
	const struct __kernel_timespec __user *utp = (void __user *)regs->si;
	clockid_t id = (clockid_t)regs->di;
	struct timespec64 t;

	switch (lx_clock_kind(pt, id)) {
	case LX_CLOCK_HOST:
		/* A CPU clock: the host only checks it, then refuses (EPERM). */
		if (id < 0)
			return LX_HOST;
		/* Of the fixed clocks only CLOCK_REALTIME can be set. */
		if (id != CLOCK_REALTIME)
			return -EINVAL;
		if (get_timespec64(&t, utp))
			return -EFAULT;
		return timespec64_valid_settod(&t) ? -EPERM : -EINVAL;
	default:
		/* A handle is no dynamic clock; a foreign pid is a missing one. */
		return get_timespec64(&t, utp) ? -EFAULT : -EINVAL;
	}
}

long lx_sys_settimeofday(struct pt_regs *regs, struct ps_task *pt)
{
	struct __kernel_old_timeval __user *utv = (void __user *)regs->di;
	struct timezone __user *utz = (void __user *)regs->si;
	struct timespec64 t;
	struct timezone tz;

	if (utv) {
		if (get_user(t.tv_sec, &utv->tv_sec) || get_user(t.tv_nsec, &utv->tv_usec))
			return -EFAULT;
		if (t.tv_nsec >= USEC_PER_SEC || t.tv_nsec < 0)
			return -EINVAL;
		t.tv_nsec *= NSEC_PER_USEC;
	}
	if (utz && copy_from_user(&tz, utz, sizeof(tz)))
		return -EFAULT;
	if (utv && !timespec64_valid_settod(&t))
		return -EINVAL;
	return -EPERM;
}
