// SPDX-License-Identifier: GPL-2.0
/*
 * Pico processes: the Process object the threads of one process share, and
 * what a fork-type call prepares for its child. The child's Thread object,
 * Process object (unless CLONE_THREAD) and handle table copy (unless
 * CLONE_FILES) are made in syscall context before the host clones, so the
 * fork callback, which is atomic, only binds them.
 */
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lxcore.h"

static void ps_process_delete(void *obj)
{
	struct ps_process *proc = obj;

	if (proc->exe)
		ps_exe_put(proc->exe);
	if (proc->inst)
		ps_instance_put(proc->inst);
}

struct ob_type ps_process_type = {
	.name = "Process",
	.body_size = sizeof(struct ps_process),
	.valid_access = OB_ACCESS_ALL,
	.delete = ps_process_delete,
};

/**
 * ps_process_create() - a Process object in @inst
 * @inst: the instance (the process takes a reference)
 * @tgid: its process id as the process sees it (0: set when bound)
 *
 * Return: the process with one reference, or NULL.
 */
struct ps_process *ps_process_create(struct ps_instance *inst, pid_t tgid)
{
	struct ps_process *proc;

	if (!NT_SUCCESS(ob_create_object(&ps_process_type, 0, (void **)&proc)))
		return NULL;
	ps_instance_get(inst);
	proc->inst = inst;
	proc->tgid = tgid;
	spin_lock_init(&proc->exe_lock);
	return proc;
}

/**
 * ps_exe_create() - the record of a program exec resolved
 * @file: the program (the record takes references)
 * @dir: the directory it was found in, or NULL
 * @name: its name there (with @dir)
 *
 * Return: the record with one reference, or NULL (no memory).
 */
struct ps_exe *ps_exe_create(const struct lxvfs_path *file, const struct lxvfs_path *dir,
			     const char *name)
{
	struct ps_exe *x;

	x = kzalloc(sizeof(*x), GFP_KERNEL_ACCOUNT);
	if (!x)
		return NULL;
	refcount_set(&x->usage, 1);
	spin_lock_init(&x->lock);
	x->file = *file;
	lxvfs_path_get(&x->file);
	if (dir) {
		x->dir = *dir;
		lxvfs_path_get(&x->dir);
		strscpy(x->name, name, sizeof(x->name));
	}
	return x;
}

/**
 * ps_exe_place() - where @x's program was last seen
 * @x: the record
 * @dir: its directory, referenced
 * @name: its name there (LXVFS_NAME_MAX + 1 bytes)
 *
 * Return: false if not known.
 */
bool ps_exe_place(struct ps_exe *x, struct lxvfs_path *dir, char *name)
{
	bool known;

	spin_lock(&x->lock);
	known = x->dir.mnt;
	if (known) {
		*dir = x->dir;
		lxvfs_path_get(dir);
		memcpy(name, x->name, sizeof(x->name));
	}
	spin_unlock(&x->lock);
	return known;
}

/**
 * ps_exe_moved() - @x's program was found renamed, to @name in @dir
 * @x: the record
 * @dir: the directory (the record takes a reference)
 * @name: the name
 *
 * A later unlink then shows this name, as Linux shows the last one. May
 * sleep.
 */
void ps_exe_moved(struct ps_exe *x, const struct lxvfs_path *dir, const char *name)
{
	struct lxvfs_path old, nd = *dir;

	lxvfs_path_get(&nd);
	spin_lock(&x->lock);
	old = x->dir;
	x->dir = nd;
	strscpy(x->name, name, sizeof(x->name));
	spin_unlock(&x->lock);
	if (old.mnt)
		lxvfs_path_put(&old);
}

/**
 * ps_exe_put() - drop a reference to @x
 * @x: the record; may be NULL
 *
 * May sleep: the last reference puts nodes.
 */
void ps_exe_put(struct ps_exe *x)
{
	if (!x || !refcount_dec_and_test(&x->usage))
		return;
	lxvfs_path_put(&x->file);
	if (x->dir.mnt)
		lxvfs_path_put(&x->dir);
	kfree(x);
}

/**
 * ps_process_exe() - the program @proc runs, referenced, or NULL
 * @proc: any process; atomic callers may use it
 */
struct ps_exe *ps_process_exe(struct ps_process *proc)
{
	struct ps_exe *x;

	spin_lock(&proc->exe_lock);
	x = proc->exe;
	if (x)
		refcount_inc(&x->usage);
	spin_unlock(&proc->exe_lock);
	return x;
}

/**
 * ps_process_set_exe() - @proc now runs @x (exec)
 * @proc: the process
 * @x: the caller's reference, taken over; NULL: none known
 *
 * May sleep (the old record is put).
 */
void ps_process_set_exe(struct ps_process *proc, struct ps_exe *x)
{
	struct ps_exe *old;

	spin_lock(&proc->exe_lock);
	old = proc->exe;
	proc->exe = x;
	spin_unlock(&proc->exe_lock);
	ps_exe_put(old);
}

/**
 * ps_spawn_release() - give back what a fork-type call prepared and the
 * host did not use (the clone failed)
 * @sp: the caller's spawn; emptied
 *
 * May sleep: closing a table copy closes its handles.
 */
void ps_spawn_release(struct ps_spawn *sp)
{
	if (sp->thread)
		ob_dereference(sp->thread);
	if (sp->proc)
		ob_dereference(sp->proc);
	if (sp->htab)
		ob_handle_table_put(sp->htab);
	if (sp->fs)
		lxvfs_fs_put(sp->fs);
	memset(sp, 0, sizeof(*sp));
}

/*
 * RLIMIT_NPROC as copy_process() applies it: a real user other than root,
 * without CAP_SYS_RESOURCE or CAP_SYS_ADMIN, may not have more tasks
 * (threads included) than the caller's limit. The host cannot apply it: it
 * sees the instance owner's uid. So lxcore counts the instance's live tasks
 * whose emulated real uid is the caller's (the uid space is the
 * instance's). Linux also counts zombies not yet reaped; the instance's
 * list drops a task when it exits. Only a limited, unprivileged caller
 * pays for the walk.
 */
static int ps_spawn_nproc_check(struct ps_task *pt)
{
	const struct ps_cred *c = ps_cred_self(pt);
	unsigned long limit = rlimit(RLIMIT_NPROC), n = 0;
	struct ps_instance *inst = pt->inst;
	struct ps_task *it;

	if (limit == RLIM_INFINITY || !c->uid || ps_capable(c, CAP_SYS_RESOURCE) ||
	    ps_capable(c, CAP_SYS_ADMIN))
		return 0;
	rcu_read_lock();
	spin_lock(&inst->lock);
	list_for_each_entry(it, &inst->tasks, inode) {
		const struct ps_cred *ic = rcu_dereference(it->cred);

		if (ic && ic->uid == c->uid && ++n >= limit)
			break;
	}
	spin_unlock(&inst->lock);
	rcu_read_unlock();
	return n >= limit ? -EAGAIN : 0;
}

/**
 * ps_spawn_prepare() - before the host runs a fork-type call of @pt
 * @pt: the calling pico task
 * @clone_flags: the flags the host will see
 *
 * Return: 0, -EAGAIN (RLIMIT_NPROC), or -ENOMEM.
 */
int ps_spawn_prepare(struct ps_task *pt, unsigned long clone_flags)
{
	struct ps_spawn *sp = &pt->spawn;
	ntstatus st;
	int err;

	if (pt->spawn_ready) {
		pt->spawn_ready = false;
		ps_spawn_release(sp);
	}
	err = ps_spawn_nproc_check(pt);
	if (err)
		return err;
	sp->thread_of_caller = clone_flags & CLONE_THREAD;
	sp->share_files = clone_flags & CLONE_FILES;
	sp->share_fs = clone_flags & CLONE_FS;
	sp->thread = ps_thread_create();
	if (!sp->thread)
		goto err_release;
	/* Credentials are per thread, a copy of the creator's (shared until changed). */
	RCU_INIT_POINTER(sp->thread->cred, ps_cred_get(ps_cred_self(pt)));
	if (!sp->thread_of_caller) {
		sp->proc = ps_process_create(pt->inst, 0);
		if (!sp->proc)
			goto err_release;
		sp->proc->exe = ps_process_exe(pt->proc);	/* fork keeps the program */
	}
	if (!sp->share_files) {
		st = ob_handle_table_copy(pt->htab, &sp->htab);
		if (!NT_SUCCESS(st)) {
			sp->htab = NULL;
			goto err_release;
		}
	}
	if (!sp->share_fs) {
		sp->fs = lxvfs_fs_copy(pt->fs);
		if (!sp->fs)
			goto err_release;
	}
	pt->spawn_ready = true;
	return 0;

err_release:
	ps_spawn_release(sp);
	return -ENOMEM;
}
