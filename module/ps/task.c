// SPDX-License-Identifier: GPL-2.0
/*
 * Pico tasks: which Linux tasks belong to which instance. A task becomes a
 * pico task only through LXSS_IOC_ENTER or by being created by one; the
 * fork and exit callbacks (host/sched.c) keep the set right.
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/personality.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "lxcore.h"

DEFINE_HASHTABLE(ps_task_hash, PS_TASK_HASH_BITS);
static DEFINE_SPINLOCK(ps_task_hash_lock);

static struct ps_task *ps_task_alloc(gfp_t gfp)
{
	struct ps_task *pt = kzalloc(sizeof(*pt), gfp);

	if (pt)
		atomic64_inc(&ps_live_objects);
	return pt;
}

static void ps_task_free(struct ps_task *pt)
{
	atomic64_dec(&ps_live_objects);
	kfree(pt);
}

/*
 * Bind @pt to @t in @inst. Fails (-ESHUTDOWN) once the instance is
 * terminated, so no task can join an instance that is being torn down.
 */
static int ps_task_attach(struct ps_task *pt, struct ps_instance *inst,
			  struct task_struct *t, bool entered)
{
	pt->task = t;
	pt->inst = inst;
	/* A task's own pid namespace never changes: its getpid() is fixed. */
	pt->tgid = task_tgid_nr_ns(t, task_active_pid_ns(t));
	spin_lock(&inst->lock);
	if (inst->state != LXSS_INSTANCE_RUNNING) {
		spin_unlock(&inst->lock);
		return -ESHUTDOWN;
	}
	ps_instance_get(inst);
	list_add_tail(&pt->inode, &inst->tasks);
	inst->nr_tasks++;
	if (entered)
		inst->nr_entered++;
	spin_unlock(&inst->lock);

	spin_lock(&ps_task_hash_lock);
	hash_add_rcu(ps_task_hash, &pt->hnode, (unsigned long)t);
	spin_unlock(&ps_task_hash_lock);
	return 0;
}

static void ps_close_fds_from(unsigned int first)
{
	unsigned int fd, max;

	rcu_read_lock();
	max = files_fdtable(current->files)->max_fds;
	rcu_read_unlock();
	for (fd = first; fd < max; fd++) {
		close_fd(fd);
		if (!(fd & 1023))
			cond_resched();
	}
}

/**
 * ps_task_enter() - make the calling process a pico process of @inst
 * @inst: a running instance
 *
 * Return: 0, -EINVAL if the caller has other threads or shares its file
 * table, -EBUSY if it is a pico task already, -ESHUTDOWN if @inst ended.
 */
int ps_task_enter(struct ps_instance *inst)
{
	struct ps_task *pt;
	int err;

	if (!thread_group_empty(current) ||
	    atomic_read(&current->files->count) != 1)
		return -EINVAL;
	if (ps_task_current())
		return -EBUSY;

	pt = ps_task_alloc(GFP_KERNEL_ACCOUNT);
	if (!pt)
		return -ENOMEM;
	err = ps_task_attach(pt, inst, current, true);
	if (err) {
		ps_task_free(pt);
		return err;
	}
	/* The entry is in the hash before the task is routed to lxcore. */
	ps_close_fds_from(3);
	current->personality = (current->personality & ~PER_MASK) | PER_LXSS;
	host_mark_pico(current);
	return 0;
}

/**
 * ps_task_prepare_fork() - make sure the next child of @pt has its entry
 * @pt: the current task's pico task
 *
 * Called by the fork-type syscall handlers before the native clone runs,
 * where sleeping is allowed; ps_task_forked() only takes the entry.
 */
int ps_task_prepare_fork(struct ps_task *pt)
{
	if (!pt->spare)
		pt->spare = ps_task_alloc(GFP_KERNEL_ACCOUNT);
	return pt->spare ? 0 : -ENOMEM;
}

/**
 * ps_task_forked() - sched_process_fork callback: bind a new pico child
 * @parent: the task that called clone (current)
 * @child: the new task, not yet running
 *
 * Runs in atomic context. A child that cannot be bound is killed before it
 * runs: a pico process never gets a task that escapes the dispatcher.
 */
void ps_task_forked(struct task_struct *parent, struct task_struct *child)
{
	struct ps_task *ppt, *cpt;

	if (!ps_personality_is_pico(child->personality))
		return;
	if (WARN_ON_ONCE(parent != current))
		return;
	ppt = ps_task_current();
	if (!ppt)
		return;		/* a personality set by hand: not ours */

	cpt = ppt->spare;
	ppt->spare = NULL;
	if (!cpt || ps_task_attach(cpt, ppt->inst, child, false)) {
		if (cpt)
			ps_task_free(cpt);
		host_unmark_pico(child);
		send_sig_info(SIGKILL, SEND_SIG_PRIV, child);
		pr_warn_ratelimited(LX_PREFIX "instance %s: new task %d killed: cannot bind it\n",
				    ppt->inst->name, task_pid_nr(child));
	}
}

/**
 * ps_task_exited() - sched_process_exit callback: unbind an exiting task
 * @t: the exiting task (current)
 *
 * Runs in atomic context; may drop the last reference to the instance.
 */
void ps_task_exited(struct task_struct *t)
{
	struct ps_instance *inst;
	struct ps_task *pt;

	if (!ps_personality_is_pico(t->personality))
		return;
	if (WARN_ON_ONCE(t != current))
		return;
	pt = ps_task_current();
	if (!pt)
		return;

	spin_lock(&ps_task_hash_lock);
	hash_del_rcu(&pt->hnode);
	spin_unlock(&ps_task_hash_lock);

	inst = pt->inst;
	spin_lock(&inst->lock);
	list_del(&pt->inode);
	inst->nr_tasks--;
	spin_unlock(&inst->lock);

	host_unmark_pico(t);
	if (pt->spare)
		ps_task_free(pt->spare);
	atomic64_dec(&ps_live_objects);
	kfree_rcu(pt, rcu);
	ps_instance_put(inst);
}
