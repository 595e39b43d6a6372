// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduling and futexes: the host's scheduler and futex code do the work
 * (DESIGN: lxcore checks). Every pid argument must name a task of the
 * caller's instance; nice values of a process group or a user are set here,
 * over the instance's own tasks only. sched_yield and getcpu are native rows.
 */
#include <linux/cred.h>
#include <uapi/linux/futex.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/time64.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

#include "lxcore.h"
#include "lx/lx.h"

/* ---- futex ---- */

/*
 * futex(2): the plain operations run on the host. Priority inheritance
 * (LOCK_PI, LOCK_PI2, UNLOCK_PI, TRYLOCK_PI, WAIT_REQUEUE_PI,
 * CMP_REQUEUE_PI) is not offered: -ENOSYS, which glibc reports as
 * ENOTSUP for a PTHREAD_PRIO_INHERIT mutex. Linux reads a timeout before it
 * looks at the command, so a bad one still fails first.
 */
long lx_sys_futex(struct pt_regs *regs, struct ps_task *pt)
{
	const struct __kernel_timespec __user *utime = (void __user *)regs->r10;
	int op = (int)regs->si, cmd = op & FUTEX_CMD_MASK;
	struct timespec64 ts;

	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAKE:
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_WAKE_OP:
	case FUTEX_WAIT_BITSET:
	case FUTEX_WAKE_BITSET:
		return LX_HOST;
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
	case FUTEX_WAIT_REQUEUE_PI:
		if (utime) {
			if (get_timespec64(&ts, utime))
				return -EFAULT;
			if (!timespec64_valid(&ts))
				return -EINVAL;
		}
		fallthrough;
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
	case FUTEX_CMP_REQUEUE_PI:
		pr_info_ratelimited(LX_PREFIX "instance %s: futex op %d (PI) not supported\n",
				    pt->inst->name, cmd);
		return -ENOSYS;
	default:
		return -ENOSYS;	/* Linux knows no other command either */
	}
}

/* ---- pids: the caller's instance only ---- */

/* Does @pid (0: the caller) name a task of the caller's instance? */
static bool lx_pid_in_instance(struct ps_task *pt, pid_t pid)
{
	struct task_struct *t;

	if (!pid)
		return true;
	t = ps_instance_task_get(pt->inst, pid);
	if (!t)
		return false;
	put_task_struct(t);
	return true;
}

/* Would copy_from_user() of @len bytes at @p fault? */
static bool lx_user_faults(const void __user *p, unsigned long len)
{
	char buf[64];

	while (len) {
		unsigned long n = min_t(unsigned long, len, sizeof(buf));

		if (copy_from_user(buf, p, n))
			return true;
		p += n;
		len -= n;
	}
	return false;
}

/* sched_getaffinity(2): the length checks, then the pid. */
long lx_sys_sched_getaffinity(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int len = (unsigned int)regs->si;

	if ((len * BITS_PER_BYTE) < nr_cpu_ids)
		return -EINVAL;
	if (len & (sizeof(unsigned long) - 1))
		return -EINVAL;
	return lx_pid_in_instance(pt, (pid_t)regs->di) ? LX_HOST : -ESRCH;
}

/* sched_setaffinity(2): Linux copies the mask in before it looks the pid up. */
long lx_sys_sched_setaffinity(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int len = (unsigned int)regs->si;

	if (lx_pid_in_instance(pt, (pid_t)regs->di))
		return LX_HOST;
	if (lx_user_faults((void __user *)regs->dx, min_t(unsigned int, len, cpumask_size())))
		return -EFAULT;
	return -ESRCH;
}

long lx_sys_sched_getparam(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t pid = (pid_t)regs->di;

	if (!regs->si || pid < 0)
		return -EINVAL;
	return lx_pid_in_instance(pt, pid) ? LX_HOST : -ESRCH;
}

long lx_sys_sched_getscheduler(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t pid = (pid_t)regs->di;

	if (pid < 0)
		return -EINVAL;
	return lx_pid_in_instance(pt, pid) ? LX_HOST : -ESRCH;
}

/* ---- nice values: getpriority, setpriority ---- */

/* Which tasks a PRIO_PGRP or PRIO_USER request names (under RCU). */
struct lx_prio_target {
	int which;
	struct pid *pgrp;	/* PRIO_PGRP; NULL names nothing */
	kuid_t uid;		/* PRIO_USER */
};

static void lx_prio_target_init(struct lx_prio_target *tg, int which, int who)
{
	tg->which = which;
	tg->pgrp = NULL;
	tg->uid = INVALID_UID;
	if (which == PRIO_PGRP)
		tg->pgrp = who ? find_vpid(who) : task_pgrp(current);
	else if (who)
		tg->uid = make_kuid(current_user_ns(), who);
	else
		tg->uid = current_uid();
}

static bool lx_prio_target_has(const struct lx_prio_target *tg, struct task_struct *t)
{
	if (tg->which == PRIO_PGRP)
		return tg->pgrp && task_pgrp(t) == tg->pgrp;
	return uid_valid(tg->uid) && uid_eq(task_uid(t), tg->uid);
}

/*
 * getpriority(2): the highest nice value (as 20 - nice) among the named
 * tasks of the instance; -ESRCH if it names none.
 */
long lx_sys_getpriority(struct pt_regs *regs, struct ps_task *pt)
{
	int which = (int)regs->di, who = (int)regs->si;
	struct ps_instance *inst = pt->inst;
	struct lx_prio_target tg;
	struct task_struct *t;
	struct ps_task *it;
	long ret = -ESRCH;

	if (which > PRIO_USER || which < PRIO_PROCESS)
		return -EINVAL;
	if (which == PRIO_PROCESS) {
		t = who ? ps_instance_task_get(inst, who) : get_task_struct(current);
		if (!t)
			return -ESRCH;
		ret = nice_to_rlimit(task_nice(t));
		put_task_struct(t);
		return ret;
	}
	rcu_read_lock();
	lx_prio_target_init(&tg, which, who);
	spin_lock(&inst->lock);
	list_for_each_entry(it, &inst->tasks, inode)
		if (lx_prio_target_has(&tg, it->task))
			ret = max_t(long, ret, nice_to_rlimit(task_nice(it->task)));
	spin_unlock(&inst->lock);
	rcu_read_unlock();
	return ret;
}

/*
 * set_one_prio() of kernel/sys.c, but for the LSM task_setnice hook, which
 * a module cannot call: the caller must own @t or have CAP_SYS_NICE over
 * it, and lowering nice needs RLIMIT_NICE room or CAP_SYS_NICE.
 */
static int lx_set_one_prio(struct task_struct *t, int niceval, int error)
{
	const struct cred *cred = current_cred(), *tcred;
	bool allowed;

	rcu_read_lock();
	tcred = __task_cred(t);
	allowed = uid_eq(tcred->uid, cred->euid) || uid_eq(tcred->euid, cred->euid) ||
		  ns_capable(tcred->user_ns, CAP_SYS_NICE);
	rcu_read_unlock();
	if (!allowed)
		return -EPERM;
	if (niceval < task_nice(t) && !can_nice(t, niceval))
		return -EACCES;
	set_user_nice(t, niceval);
	return error == -ESRCH ? 0 : error;
}

/*
 * The instance's tasks that @tg names, with references: collected under
 * the instance lock, acted on outside it (permission checks may sleep).
 */
static int lx_prio_collect(struct ps_instance *inst, int which, int who,
			   struct task_struct ***out, unsigned int *nr)
{
	struct task_struct **v = NULL;
	struct lx_prio_target tg;
	unsigned int cap = 0, n;
	struct ps_task *it;

	for (;;) {
		n = 0;
		rcu_read_lock();
		lx_prio_target_init(&tg, which, who);
		spin_lock(&inst->lock);
		list_for_each_entry(it, &inst->tasks, inode) {
			if (!lx_prio_target_has(&tg, it->task))
				continue;
			if (n < cap)
				v[n] = get_task_struct(it->task);
			n++;
		}
		spin_unlock(&inst->lock);
		rcu_read_unlock();
		if (n <= cap)
			break;
		/* More than we had room for: drop what we took, grow, again. */
		while (cap)
			put_task_struct(v[--cap]);
		kfree(v);
		cap = n + 8;
		v = kmalloc_array(cap, sizeof(*v), GFP_KERNEL);
		if (!v)
			return -ENOMEM;
	}
	*out = v;
	*nr = n;
	return 0;
}

/*
 * setpriority(2): PRIO_PROCESS runs on the host once the pid is known to
 * be the instance's; a process group or a user is walked here, over the
 * instance's tasks only, in the order Linux reports errors (the last
 * failure wins, -ESRCH if nothing was named).
 */
long lx_sys_setpriority(struct pt_regs *regs, struct ps_task *pt)
{
	int which = (int)regs->di, who = (int)regs->si;
	int niceval = (int)regs->dx, error;
	struct task_struct **tasks;
	unsigned int i, nr;

	if (which > PRIO_USER || which < PRIO_PROCESS)
		return -EINVAL;
	if (which == PRIO_PROCESS)
		return lx_pid_in_instance(pt, who) ? LX_HOST : -ESRCH;
	niceval = clamp(niceval, MIN_NICE, MAX_NICE);
	error = lx_prio_collect(pt->inst, which, who, &tasks, &nr);
	if (error)
		return error;
	error = -ESRCH;
	for (i = 0; i < nr; i++) {
		error = lx_set_one_prio(tasks[i], niceval, error);
		put_task_struct(tasks[i]);
	}
	kfree(tasks);
	return error;
}
