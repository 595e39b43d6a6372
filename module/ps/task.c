// SPDX-License-Identifier: GPL-2.0
/*
 * Pico threads: which Linux tasks belong to which instance, and their
 * Thread objects. A task becomes a pico task only through LXSS_IOC_ENTER or
 * by being created by one; the fork, exec and exit callbacks (host/sched.c)
 * keep the objects right. Those callbacks are atomic: what may sleep
 * (closing handles, deleting objects) runs as task work of the task itself,
 * before it returns to user mode (exec) or before its parent can reap it
 * (exit).
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/personality.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>

#include "lxcore.h"

DEFINE_HASHTABLE(ps_task_hash, PS_TASK_HASH_BITS);
static DEFINE_SPINLOCK(ps_task_hash_lock);

/* Deleted from the object manager's worker or the task's own task work. */
static void ps_thread_delete(void *obj)
{
	struct ps_task *pt = obj;

	ps_cred_put(rcu_dereference_protected(pt->cred, true));
	kfree(pt->exec);	/* lx/binfmt.c: an exec record the task died with */
	if (pt->proc)
		ob_dereference(pt->proc);
	if (pt->inst)
		ps_instance_put(pt->inst);
}

struct ob_type ps_thread_type = {
	.name = "Thread",
	.body_size = sizeof(struct ps_task),
	.valid_access = OB_ACCESS_ALL,
	.delete = ps_thread_delete,
};

/**
 * ps_thread_create() - an unbound Thread object
 *
 * Return: the thread with one reference, or NULL.
 */
struct ps_task *ps_thread_create(void)
{
	struct ps_task *pt;

	if (!NT_SUCCESS(ob_create_object(&ps_thread_type, 0, (void **)&pt)))
		return NULL;
	INIT_LIST_HEAD(&pt->inode);
	return pt;
}

/**
 * ps_task_of() - the pico task of @t, or NULL
 * @t: any task
 *
 * Context: under rcu_read_lock(); the entry stays valid until it is unlocked.
 */
struct ps_task *ps_task_of(struct task_struct *t)
{
	struct ps_task *pt;

	hash_for_each_possible_rcu(ps_task_hash, pt, hnode, (unsigned long)t)
		if (pt->task == t)
			return pt;
	return NULL;
}

/**
 * ps_instance_task_get() - the task that pid @nr names, if it is in @inst
 * @inst: the caller's instance
 * @nr: a thread id as the caller sees pids (its active pid namespace)
 *
 * A pico process may name only tasks of its own instance: any other pid is
 * as good as free to it.
 * Return: the task with a reference (put_task_struct()), or NULL.
 */
struct task_struct *ps_instance_task_get(struct ps_instance *inst, pid_t nr)
{
	struct task_struct *t;
	struct ps_task *pt;

	if (nr <= 0)
		return NULL;
	rcu_read_lock();
	t = pid_task(find_vpid(nr), PIDTYPE_PID);
	pt = t ? ps_task_of(t) : NULL;
	if (pt && pt->inst == inst)
		get_task_struct(t);
	else
		t = NULL;
	rcu_read_unlock();
	return t;
}

/**
 * ps_handle_limit() - handle numbers the calling task may use
 *
 * Return: its RLIMIT_NOFILE, at most OB_HANDLE_MAX.
 */
unsigned int ps_handle_limit(void)
{
	unsigned long lim = rlimit(RLIMIT_NOFILE);

	return lim < OB_HANDLE_MAX ? lim : OB_HANDLE_MAX;
}

/*
 * Bind @pt (with its proc and htab set) to @t in @inst. Fails (-ESHUTDOWN)
 * once the instance is terminated, so no task can join an instance that is
 * being torn down. Atomic: the fork callback calls it.
 */
static int ps_task_attach(struct ps_task *pt, struct ps_instance *inst,
			  struct task_struct *t, bool entered)
{
	pt->task = t;
	pt->tgid = pt->proc->tgid;
	ke_thread_init(&pt->ke, t);
	spin_lock(&inst->lock);
	if (inst->state != LXSS_INSTANCE_RUNNING) {
		spin_unlock(&inst->lock);
		return -ESHUTDOWN;
	}
	ps_instance_get(inst);
	pt->inst = inst;
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

/*
 * The standard handles: the host files at fds 0-2 become handles 0-2
 * (File objects over the host files), so the process keeps its terminal or
 * pipes, and nothing else of the host's.
 */
static ntstatus ps_take_standard_handles(struct ob_handle_table *t)
{
	struct io_file *f;
	struct file *filp;
	unsigned int fd;
	ntstatus st;

	for (fd = 0; fd < 3; fd++) {
		filp = fget(fd);
		if (!filp)
			continue;
		st = io_create_host_file(filp, &f);
		fput(filp);
		if (!NT_SUCCESS(st))
			return st;
		st = ob_handle_insert_at(t, fd, f, io_file_access(f), 0, 3);
		ob_dereference(f);
		if (!NT_SUCCESS(st))
			return st;
	}
	return STATUS_SUCCESS;
}

/**
 * ps_task_enter() - make the calling process a pico process of @inst
 * @inst: a running instance
 * @as_root: its first instance credentials are root's, not its host ones
 *
 * The process gets a Process and a Thread object and a handle table whose
 * handles 0-2 are its host fds 0-2; every host fd is closed.
 * Return: 0, -EINVAL if the caller has other threads, shares its file
 * table, has children or tracees, or is not where @inst's pid namespace
 * wants it (ps_instance_enter_pidns()), -EBUSY if it is a pico task
 * already, -ESHUTDOWN if @inst ended,
 * -ENOMEM.
 */
int ps_task_enter(struct ps_instance *inst, bool as_root)
{
	struct ps_task *pt;
	int err = -ENOMEM;
	ntstatus st;

	/*
	 * A process with children or tracees of its own would keep host
	 * tasks it could wait for, signal as its children, or trace.
	 * Only the caller adds to these lists (a CLONE_PARENT child of its
	 * own aside, which it does not have), so the unlocked test holds.
	 */
	if (!thread_group_empty(current) ||
	    atomic_read(&current->files->count) != 1 ||
	    !list_empty(&current->children) || !list_empty(&current->ptraced))
		return -EINVAL;
	if (ps_task_current())
		return -EBUSY;
	err = ps_instance_enter_pidns(inst);
	if (err)
		return err;

	err = -ENOMEM;
	pt = ps_thread_create();
	if (!pt)
		return -ENOMEM;
	pt->proc = ps_process_create(inst, task_tgid_vnr(current));
	if (!pt->proc)
		goto err_put_thread;
	RCU_INIT_POINTER(pt->cred, ps_cred_from_host(as_root));
	if (!rcu_access_pointer(pt->cred))
		goto err_put_thread;
	pt->htab = ob_handle_table_create();
	if (!pt->htab)
		goto err_put_thread;
	pt->fs = lxvfs_fs_create(inst->vfs);
	if (!pt->fs)
		goto err_put_thread;
	st = ps_take_standard_handles(pt->htab);
	if (!NT_SUCCESS(st)) {
		err = ob_status_to_errno(st);
		goto err_put_thread;
	}
	err = ps_task_attach(pt, inst, current, true);
	if (err)
		goto err_put_thread;

	/* The entry is in the hash before the task is routed to lxcore. */
	ps_close_fds_from(0);
	current->personality = (current->personality & ~PER_MASK) | PER_LXSS;
	host_mark_pico(current);
	return 0;

err_put_thread:
	if (pt->htab)
		ob_handle_table_put(pt->htab);
	pt->htab = NULL;
	if (pt->fs)
		lxvfs_fs_put(pt->fs);
	pt->fs = NULL;
	ob_dereference(pt);
	return err;
}

/**
 * ps_task_forked() - sched_process_fork callback: bind a new pico child
 * @parent: the task that called clone (current)
 * @child: the new task, not yet running
 *
 * Runs in atomic context. The child gets what the parent's fork-type call
 * prepared, if the host cloned as prepared (CLONE_THREAD and CLONE_FILES
 * as the flags said); otherwise, or if the instance ended, the child is
 * killed before it runs: a pico process never gets a task that escapes
 * the dispatcher or shares objects it should not.
 */
void ps_task_forked(struct task_struct *parent, struct task_struct *child)
{
	struct ps_task *ppt, *cpt;
	struct ps_spawn *sp;

	if (!ps_personality_is_pico(child->personality))
		return;
	if (WARN_ON_ONCE(parent != current))
		return;
	ppt = ps_task_current();
	if (!ppt)
		return;		/* a personality set by hand: not ours */

	sp = &ppt->spawn;
	if (!ppt->spawn_ready ||
	    sp->thread_of_caller != same_thread_group(parent, child) ||
	    sp->share_files != (parent->files == child->files) ||
	    sp->share_fs != (parent->fs == child->fs))
		goto err_kill;

	/* Prepared objects are the child's; shared ones get references once bound. */
	cpt = sp->thread;
	cpt->proc = sp->thread_of_caller ? ppt->proc : sp->proc;
	cpt->htab = sp->share_files ? ppt->htab : sp->htab;
	cpt->fs = sp->share_fs ? ppt->fs : sp->fs;
	if (!sp->thread_of_caller)
		cpt->proc->tgid = task_tgid_nr_ns(child, task_active_pid_ns(child));
	if (ps_task_attach(cpt, ppt->inst, child, false)) {
		cpt->proc = NULL;	/* still the parent's spawn, released later */
		cpt->htab = NULL;
		cpt->fs = NULL;
		goto err_kill;
	}
	if (sp->thread_of_caller)
		ob_reference(cpt->proc);
	if (sp->share_files)
		ob_handle_table_get(cpt->htab);
	if (sp->share_fs)
		lxvfs_fs_get(cpt->fs);
	ppt->spawn_ready = false;
	memset(sp, 0, sizeof(*sp));
	return;

err_kill:
	host_unmark_pico(child);
	send_sig_info(SIGKILL, SEND_SIG_PRIV, child);
	pr_warn_ratelimited(LX_PREFIX "instance %s: new task %d killed: cannot bind it\n",
			    ppt->inst->name, task_pid_nr(child));
}

/* Exit, in the exiting task's own task work: drop what it held. */
static void ps_task_exit_work(struct callback_head *cb)
{
	struct ps_task *pt = container_of(cb, struct ps_task, exit_work);

	if (pt->spawn_ready) {
		pt->spawn_ready = false;
		ps_spawn_release(&pt->spawn);
	}
	if (pt->htab) {
		ob_handle_table_put(pt->htab);
		pt->htab = NULL;
	}
	if (pt->fs) {
		lxvfs_fs_put(pt->fs);
		pt->fs = NULL;
	}
	ke_thread_exit(&pt->ke);
	/*
	 * The hash's reference. Deleting the thread may drop the instance
	 * and its module reference: leave that to the worker that module
	 * exit waits for, not to this function's own return.
	 */
	ob_dereference_deferred(pt);
}

/**
 * ps_task_exited() - sched_process_exit callback: unbind an exiting task
 * @t: the exiting task (current)
 *
 * Runs in atomic context; the rest runs as the task's own task work, which
 * the kernel runs later in do_exit(), before the parent can reap the task.
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
	list_del_init(&pt->inode);
	inst->nr_tasks--;
	spin_unlock(&inst->lock);

	host_unmark_pico(t);
	init_task_work(&pt->exit_work, ps_task_exit_work);
	if (task_work_add(t, &pt->exit_work, TWA_NONE)) {
		/* Cannot happen before exit_task_work(); never sleep here. */
		WARN_ON_ONCE(1);
		ob_dereference_deferred(pt);
	}
}

/* Exec, before the new image runs: a private table without cloexec handles. */
static void ps_task_exec_work(struct callback_head *cb)
{
	struct ps_task *pt = container_of(cb, struct ps_task, exec_work);
	struct ob_handle_table *copy;

	if (pt->htab && ob_handle_table_users(pt->htab) > 1 &&
	    NT_SUCCESS(ob_handle_table_copy(pt->htab, &copy))) {
		ob_handle_table_put(pt->htab);
		pt->htab = copy;
	}
	if (pt->htab)
		ob_handle_close_on_exec(pt->htab);
	ob_dereference_deferred(pt);
}

/**
 * ps_task_exec() - sched_process_exec callback: a pico task exec'd
 * @t: the task (current), its new image loaded, not yet running
 *
 * Atomic; close-on-exec handles are closed by task work before the new
 * image runs.
 */
void ps_task_exec(struct task_struct *t)
{
	struct ps_task *pt;

	if (!ps_personality_is_pico(t->personality) || WARN_ON_ONCE(t != current))
		return;
	pt = ps_task_current();
	if (!pt)
		return;
	ob_reference(pt);
	init_task_work(&pt->exec_work, ps_task_exec_work);
	if (task_work_add(t, &pt->exec_work, TWA_RESUME))
		ob_dereference_deferred(pt);
}
