// SPDX-License-Identifier: GPL-2.0
/*
 * Pids of pico processes: gettid, getppid, getpgid, setpgid, getsid, wait4,
 * waitid. Until lxssd gives each instance its own pid namespace, pids are
 * the host's numbers; what lxcore adds is that a pid names a task only if
 * the task is in the caller's instance. The host then runs the call itself
 * (it keeps every other rule of Linux), with a pid outside the instance
 * replaced by one no task can have, so the host's answer and error order
 * are those of a pid that names nothing.
 */
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>
#include <uapi/linux/wait.h>

#include "lxcore.h"

/**
 * lx_task_in_instance() - does @t belong to @inst?
 * @inst: the caller's instance
 * @t: any task
 *
 * A live pico task answers from its Thread object. An exiting task has
 * left the instance's list (the exit callback unbinds it before it turns
 * zombie), yet Linux still lets its parent signal and reap it: it belongs to
 * @inst if it carries the pico personality and either a live thread of its
 * process or its parent is in @inst. (A task only becomes pico by entering,
 * which requires a single thread, or by being forked by a pico task.)
 *
 * Context: rcu_read_lock().
 * Return: true if a pico process of @inst may name @t.
 */
bool lx_task_in_instance(struct ps_instance *inst, struct task_struct *t)
{
	struct task_struct *thread, *parent;
	struct ps_task *pt = ps_task_of(t);

	if (pt)
		return pt->inst == inst;
	if (!(READ_ONCE(t->flags) & PF_EXITING) ||
	    !ps_personality_is_pico(READ_ONCE(t->personality)))
		return false;
	for_each_thread(t, thread) {
		pt = ps_task_of(thread);
		if (pt)
			return pt->inst == inst;
	}
	parent = rcu_dereference(t->real_parent);
	pt = ps_task_of(parent);
	return pt && pt->inst == inst;
}

/**
 * lx_pid_refused() - log a pid a pico process named outside its instance
 * @pt: the calling pico task
 * @what: the system call
 * @nr: the pid it named
 */
void lx_pid_refused(struct ps_task *pt, const char *what, pid_t nr)
{
	pr_info_ratelimited(LX_PREFIX "instance %s: %s of pid %d outside the instance refused\n",
			    pt->inst->name, what, nr);
}

/**
 * lx_instance_pid_get() - the struct pid of the task @nr names, if it is
 * in the caller's instance
 * @pt: the calling pico task
 * @nr: a thread id as the caller sees pids
 * @tgid: the thread group it must be in (tgkill), or 0 for any
 * @what: the system call, for the log when @nr names a task elsewhere
 *
 * Return: the pid with a reference (put_pid()), or NULL.
 */
struct pid *lx_instance_pid_get(struct ps_task *pt, pid_t nr, pid_t tgid,
				const char *what)
{
	struct pid *pid = NULL;
	struct task_struct *t;
	bool outside = false;

	if (nr <= 0)
		return NULL;
	rcu_read_lock();
	t = pid_task(find_vpid(nr), PIDTYPE_PID);
	if (t && !lx_task_in_instance(pt->inst, t))
		outside = true;
	else if (t && (!tgid || task_tgid_vnr(t) == tgid))
		pid = get_pid(task_pid(t));
	rcu_read_unlock();
	if (outside)
		lx_pid_refused(pt, what, nr);
	return pid;
}

/* Whether @nr names a task of the instance (tgkill: of thread group @tgid). */
bool lx_instance_has_pid(struct ps_task *pt, pid_t nr, pid_t tgid, const char *what)
{
	struct pid *pid = lx_instance_pid_get(pt, nr, tgid, what);

	put_pid(pid);
	return pid != NULL;
}

/* gettid: the task's own pid, as the kernel would give it. */
long lx_sys_gettid(struct pt_regs *regs, struct ps_task *pt)
{
	return task_pid_vnr(current);
}

/*
 * getppid: the parent's pid if the parent is in the instance. A process
 * entered from the host has its parent outside: 0, as Linux reports a
 * parent outside the caller's pid namespace.
 */
long lx_sys_getppid(struct pt_regs *regs, struct ps_task *pt)
{
	struct task_struct *parent;
	pid_t ppid = 0;

	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	if (lx_task_in_instance(pt->inst, parent))
		ppid = task_tgid_vnr(parent);
	rcu_read_unlock();
	return ppid;
}

/* getpgid and getsid of another process: only of one in the instance. */
static long lx_query_pid(struct pt_regs *regs, struct ps_task *pt, const char *what)
{
	pid_t nr = (pid_t)regs->di;

	if (nr && !lx_instance_has_pid(pt, nr, 0, what))
		return -ESRCH;
	return LX_HOST;
}

long lx_sys_getpgid(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_query_pid(regs, pt, "getpgid");
}

long lx_sys_getsid(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_query_pid(regs, pt, "getsid");
}

/*
 * May @p join group @pgid? Yes if it is in it already (nothing changes),
 * or if the group exists and every member is in the instance: a host
 * process's group, even one shared with pico processes, is never joined.
 * Context: rcu_read_lock().
 */
static bool lx_group_joinable(struct ps_instance *inst, struct task_struct *p,
			      pid_t pgid)
{
	struct pid *grp = find_vpid(pgid);
	struct task_struct *g;
	bool found = false;

	if (!grp)
		return false;
	if (task_pgrp(p) == grp)
		return true;
	do_each_pid_task(grp, PIDTYPE_PGID, g) {
		if (!lx_task_in_instance(inst, g))
			return false;
		found = true;
	} while_each_pid_task(grp, PIDTYPE_PGID, g);
	return found;
}

/*
 * A refused group: the error Linux gives first. Its checks of the target
 * come before the group's, and a group it cannot join is EPERM.
 * Context: rcu_read_lock().
 */
static long lx_setpgid_refusal(struct task_struct *p, struct task_struct *leader)
{
	if (!thread_group_leader(p))
		return -EINVAL;
	if (same_thread_group(rcu_dereference(p->real_parent), leader)) {
		if (task_session(p) != task_session(leader))
			return -EPERM;
		if (!(READ_ONCE(p->flags) & PF_FORKNOEXEC))
			return -EACCES;
	} else if (p != leader) {
		return -ESRCH;
	}
	return -EPERM;
}

/*
 * setpgid: the process itself or a child in the instance, into its own
 * new group or a group of the instance. The host then applies every other
 * rule (child, session, exec, session leader) under its tasklist lock.
 */
long lx_sys_setpgid(struct pt_regs *regs, struct ps_task *pt)
{
	struct task_struct *p, *leader = current->group_leader;
	pid_t nr = (pid_t)regs->di, pgid = (pid_t)regs->si;
	bool outside = false;
	long err = 0;

	if (!nr)
		nr = task_pid_vnr(leader);
	if (!pgid)
		pgid = nr;
	if (pgid < 0)
		return -EINVAL;
	rcu_read_lock();
	p = pid_task(find_vpid(nr), PIDTYPE_PID);
	if (!p || !lx_task_in_instance(pt->inst, p)) {
		outside = p != NULL;
		err = -ESRCH;
	} else if (pgid != nr && !lx_group_joinable(pt->inst, p, pgid)) {
		err = lx_setpgid_refusal(p, leader);
		outside = err == -EPERM;
	}
	rcu_read_unlock();
	if (outside)
		lx_pid_refused(pt, "setpgid", err == -ESRCH ? nr : pgid);
	return err ? err : LX_HOST;
}

/*
 * wait4 and waitid. A specific pid must be a task of the instance, else the
 * host gets a pid no task has and answers as for a pid that is not a child
 * (ECHILD, after its own checks of the options: EINVAL first, as Linux).
 * Groups and "any child" (pid -1, 0, < -1, P_ALL, P_PGID) need no check:
 * the host only ever reaps the caller's children, and every child a pico
 * process creates is a pico task of its instance (fork binds it or kills
 * it), so the host's answer is already limited to the instance.
 */
long lx_sys_wait4(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t nr = (pid_t)regs->di;

	if (nr > 0 && !lx_instance_has_pid(pt, nr, 0, "wait4"))
		regs->di = LX_NO_PID;
	return LX_HOST;
}

/*
 * waitid(P_PIDFD): a pico process's fds are handles, never host fds, and
 * no handle is a pidfd: the host looks up an fd that cannot exist (EBADF).
 */
long lx_sys_waitid(struct pt_regs *regs, struct ps_task *pt)
{
	int which = (int)regs->di;
	pid_t nr = (pid_t)regs->si;

	if ((which == P_PID && nr > 0 && !lx_instance_has_pid(pt, nr, 0, "waitid")) ||
	    (which == P_PIDFD && nr >= 0))
		regs->si = LX_NO_PID;
	return LX_HOST;
}
