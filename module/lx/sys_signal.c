// SPDX-License-Identifier: GPL-2.0
/*
 * Signals of pico processes: kill, tkill, tgkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo. Signal state (handlers, masks, the alternate stack,
 * pending sets, timers) is the host task's and delivery is the host's, so
 * those rows are native. What lxcore decides is whom a signal may reach:
 * tasks of the caller's instance only, whether a pid, the caller's group,
 * another group or -1 names them. A pico process entered from a shell
 * shares its group and session with host processes: kill(0), kill(-pgrp)
 * and kill(-1) are sent here, process by process, to members of the
 * instance, with the host's own SI_USER siginfo and permission checks
 * (kill_pid()).
 */
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>

#include "lxcore.h"

/*
 * The task that stands for @it's process in a group kill: each process is
 * signalled once. A process's first listed task is its leader (attached
 * before its threads), unless the leader has started to exit (it leaves the
 * list then): the earliest listed thread stands for it instead.
 * Context: inst->lock held.
 */
static bool lx_process_first(struct ps_instance *inst, struct ps_task *it)
{
	struct task_struct *t = it->task;
	struct ps_task *other;

	if (thread_group_leader(t))
		return true;
	if (!(READ_ONCE(t->group_leader->flags) & PF_EXITING))
		return false;
	list_for_each_entry(other, &inst->tasks, inode) {
		if (other == it)
			return true;
		if (other->task->signal == t->signal)
			return false;
	}
	return true;
}

/*
 * kill(0), kill(-pgrp) and kill(-1) over the instance's processes, with
 * Linux's results: a group is 0 if any member got the signal, else the
 * last error (ESRCH if none is in the instance); -1 is the last error other
 * than EPERM, 0 if there were only EPERMs, ESRCH if nobody but the caller
 * (and no pid 1) is in the instance. Linux holds the tasklist lock for the
 * walk; the instance's lock keeps the list as steady. A process forked
 * while the walk runs may miss a group's signal, which Linux makes
 * restart its fork instead; zombies (off the list) are not signalled, as
 * signalling one does nothing.
 */
static long lx_kill_many(struct ps_task *pt, pid_t nr, int sig)
{
	struct ps_instance *inst = pt->inst;
	struct pid *pgrp = NULL;
	bool success = false;
	int ret, count = 0;
	struct ps_task *it;

	rcu_read_lock();
	if (nr == 0)
		pgrp = task_pgrp(current);
	else if (nr != -1)
		pgrp = find_vpid(-nr);
	ret = nr == -1 ? 0 : -ESRCH;
	if (nr != -1 && !pgrp)
		goto out;
	spin_lock(&inst->lock);
	list_for_each_entry(it, &inst->tasks, inode) {
		struct task_struct *t = it->task;
		int err;

		if (!lx_process_first(inst, it))
			continue;
		if (pgrp) {
			if (task_pgrp(t) != pgrp)
				continue;
			err = kill_pid(task_pid(t), sig, 0);
			success |= !err;
			ret = err;
		} else {
			if (task_tgid_vnr(t) <= 1 || same_thread_group(t, current))
				continue;
			err = kill_pid(task_pid(t), sig, 0);
			count++;
			if (err != -EPERM)
				ret = err;
		}
	}
	spin_unlock(&inst->lock);
	if (pgrp && success)
		ret = 0;
	else if (!pgrp && !count)
		ret = -ESRCH;
out:
	rcu_read_unlock();
	return ret;
}

/*
 * kill: a process of the instance by its struct pid, so the number is
 * looked up once; kill_pid() gives the siginfo sys_kill() gives (SI_USER,
 * the caller's pid and uid) and runs the same permission checks.
 */
long lx_sys_kill(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t nr = (pid_t)regs->di;
	int sig = (int)regs->si;
	struct pid *pid;
	long ret;

	if (nr <= 0)
		return nr == INT_MIN ? -ESRCH : lx_kill_many(pt, nr, sig);
	pid = lx_instance_pid_get(pt, nr, 0, "kill");
	if (!pid)
		return -ESRCH;
	ret = kill_pid(pid, sig, 0);
	put_pid(pid);
	return ret;
}

/*
 * tkill, tgkill: a thread of the instance; the host then sends it
 * (SI_TKILL siginfo, its permission checks). The host looks the number up
 * again: until each instance has its own pid namespace, only a reuse of the
 * number in between (the whole pid space cycled) could make it name another
 * task.
 */
long lx_sys_tkill(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t tid = (pid_t)regs->di;

	if (tid <= 0)
		return -EINVAL;
	return lx_instance_has_pid(pt, tid, 0, "tkill") ? LX_HOST : -ESRCH;
}

long lx_sys_tgkill(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t tgid = (pid_t)regs->di, tid = (pid_t)regs->si;

	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	return lx_instance_has_pid(pt, tid, tgid, "tgkill") ? LX_HOST : -ESRCH;
}

/*
 * rt_sigqueueinfo, rt_tgsigqueueinfo: Linux reads the siginfo (EFAULT,
 * E2BIG), refuses a forged si_code for another task (EPERM), then looks the
 * target up (ESRCH). A target outside the instance becomes a pid no task
 * has, so the host gives exactly that order.
 */
long lx_sys_rt_sigqueueinfo(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t nr = (pid_t)regs->di;

	if (!lx_instance_has_pid(pt, nr, 0, "rt_sigqueueinfo"))
		regs->di = LX_NO_PID;
	return LX_HOST;
}

long lx_sys_rt_tgsigqueueinfo(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t tgid = (pid_t)regs->di, tid = (pid_t)regs->si;

	/* tid <= 0 or tgid <= 0: the host's EINVAL. */
	if (tid > 0 && tgid > 0 &&
	    !lx_instance_has_pid(pt, tid, tgid, "rt_tgsigqueueinfo"))
		regs->di = LX_NO_PID;	/* no thread group has it */
	return LX_HOST;
}
