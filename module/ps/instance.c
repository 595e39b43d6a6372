// SPDX-License-Identifier: GPL-2.0
/*
 * LX instances: the namespace a set of pico processes lives in. An instance
 * is an Instance object, created over /dev/lxss; it runs while its file is
 * open, and the object lives while any of its pico processes or threads
 * does. Terminating it kills every task. Its objects live in the object
 * directory \Instances\<id>, where the instance itself is "Instance".
 */
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "lxcore.h"

atomic64_t ps_live_instances = ATOMIC64_INIT(0);
atomic64_t ps_instances_created = ATOMIC64_INIT(0);

/* Running instances, for name uniqueness. */
static LIST_HEAD(ps_instances);
static DEFINE_MUTEX(ps_instances_lock);

static bool ps_name_taken(const char *name)
{
	struct ps_instance *inst;

	lockdep_assert_held(&ps_instances_lock);
	list_for_each_entry(inst, &ps_instances, node)
		if (!strcmp(inst->name, name))
			return true;
	return false;
}

static atomic64_t ps_instance_ids = ATOMIC64_INIT(0);

/*
 * uname(2)'s host and domain names start as the creator's. The host's
 * uts_sem is not exported: a racing sethostname() on the host can at worst
 * tear the copy, which stays NUL-terminated.
 */
static void ps_instance_uts_init(struct ps_instance *inst)
{
	const struct new_utsname *u = utsname();

	spin_lock_init(&inst->uts_lock);
	memcpy(inst->hostname, u->nodename, sizeof(inst->hostname));
	inst->hostname[__NEW_UTS_LEN] = 0;
	memcpy(inst->domainname, u->domainname, sizeof(inst->domainname));
	inst->domainname[__NEW_UTS_LEN] = 0;
}

/*
 * The last reference is gone: every task has exited and the file is
 * closed. Runs in process context (tasks drop theirs from a worker).
 */
static void ps_instance_delete(void *obj)
{
	struct ps_instance *inst = obj;
	bool hooked = inst->stats;	/* a half-created instance had no hooks */

	lxvfs_ns_destroy(inst->vfs);
	if (inst->pidns)
		put_pid_ns(inst->pidns);
	if (inst->dir) {
		ob_make_temporary(inst->dir);
		ob_dereference(inst->dir);
	}
	free_percpu(inst->stats);
	if (!hooked)
		return;
	atomic64_dec(&ps_live_instances);
	host_hooks_put();
	module_put(THIS_MODULE);
}

struct ob_type ps_instance_type = {
	.name = "Instance",
	.body_size = sizeof(struct ps_instance),
	.valid_access = OB_ACCESS_ALL,
	.delete = ps_instance_delete,
};

/* \Instances\<id>, with the instance itself in it as "Instance". */
static ntstatus ps_instance_name(struct ps_instance *inst)
{
	char id[24];
	ntstatus st;

	st = ob_create_directory(&inst->dir);
	if (!NT_SUCCESS(st))
		return st;
	snprintf(id, sizeof(id), "%llu", inst->id);
	st = ob_insert_object(ob_instances_dir, id, inst->dir, true);
	if (!NT_SUCCESS(st))
		return st;
	return ob_insert_object(inst->dir, "Instance", inst, false);
}

/**
 * ps_instance_create() - create a running instance with a unique name
 * @name: a name already checked for its character set and length
 * @flags: LXSS_INSTANCE_* creation flags, already checked
 *
 * Registers the syscall entry hook if no instance had it registered.
 * Return: the instance with one reference (the caller's file), or ERR_PTR.
 */
struct ps_instance *ps_instance_create(const char *name, u32 flags)
{
	struct ps_instance *inst;
	struct ps_stats __percpu *stats;
	ntstatus st;
	int err;

	st = ob_create_object(&ps_instance_type, 0, (void **)&inst);
	if (!NT_SUCCESS(st))
		return ERR_PTR(ob_status_to_errno(st));
	spin_lock_init(&inst->lock);
	ps_instance_uts_init(inst);
	INIT_LIST_HEAD(&inst->tasks);
	INIT_LIST_HEAD(&inst->node);
	inst->state = LXSS_INSTANCE_RUNNING;
	inst->flags = flags;
	inst->id = atomic64_inc_return(&ps_instance_ids);
	strscpy(inst->name, name, sizeof(inst->name));
	st = ps_instance_name(inst);
	if (!NT_SUCCESS(st)) {
		err = ob_status_to_errno(st);
		goto err_put_inst;
	}
	err = -ENOMEM;
	inst->vfs = lxvfs_ns_create();
	if (!inst->vfs)
		goto err_put_inst;

	stats = alloc_percpu_gfp(struct ps_stats, GFP_KERNEL_ACCOUNT);
	if (!stats) {
		err = -ENOMEM;
		goto err_put_inst;
	}
	err = host_hooks_get();
	if (err)
		goto err_free_stats;

	mutex_lock(&ps_instances_lock);
	if (ps_name_taken(inst->name)) {
		mutex_unlock(&ps_instances_lock);
		err = -EEXIST;
		goto err_put_hooks;
	}
	list_add_tail(&inst->node, &ps_instances);
	mutex_unlock(&ps_instances_lock);

	/* From here the delete procedure undoes the hooks and module reference. */
	inst->stats = stats;
	__module_get(THIS_MODULE);
	atomic64_inc(&ps_live_instances);
	atomic64_inc(&ps_instances_created);
	return inst;

err_put_hooks:
	host_hooks_put();
err_free_stats:
	free_percpu(stats);
err_put_inst:
	ob_dereference(inst);
	return ERR_PTR(err);
}

void ps_instance_get(struct ps_instance *inst)
{
	ob_reference(inst);
}

/**
 * ps_instance_put() - drop a reference to @inst
 * @inst: the instance
 *
 * The last one deletes it, which may sleep.
 */
void ps_instance_put(struct ps_instance *inst)
{
	ob_dereference(inst);
}

/**
 * ps_instance_enter_pidns() - check that the caller may enter @inst's pid space
 * @inst: the instance the caller is entering
 *
 * Without LXSS_INSTANCE_PIDNS any task may enter. With it, the first caller
 * must be pid 1 of a pid namespace other than the host's, and that namespace
 * becomes the instance's; every later caller must live in it. Nothing else
 * can put a task there: a pid namespace is fixed for a task's life, and only
 * a task that may setns() into it (root of the host) can fork into it.
 *
 * Return: 0, or -EINVAL.
 */
int ps_instance_enter_pidns(struct ps_instance *inst)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	int err = 0;

	if (!(inst->flags & LXSS_INSTANCE_PIDNS))
		return 0;
	spin_lock(&inst->lock);
	if (inst->pidns) {
		if (inst->pidns != ns)
			err = -EINVAL;
	} else if (ns == &init_pid_ns || task_tgid_vnr(current) != 1) {
		err = -EINVAL;
	} else {
		inst->pidns = get_pid_ns(ns);
	}
	spin_unlock(&inst->lock);
	return err;
}

/**
 * ps_instance_terminate() - end an instance: no new tasks, every task killed
 * @inst: the instance; its name is free for a new instance on return
 */
void ps_instance_terminate(struct ps_instance *inst)
{
	struct ps_task *pt;
	bool was_running;

	mutex_lock(&ps_instances_lock);
	spin_lock(&inst->lock);
	was_running = inst->state == LXSS_INSTANCE_RUNNING;
	inst->state = LXSS_INSTANCE_TERMINATED;
	list_for_each_entry(pt, &inst->tasks, inode)
		send_sig_info(SIGKILL, SEND_SIG_PRIV, pt->task);
	spin_unlock(&inst->lock);
	if (was_running)
		list_del_init(&inst->node);
	mutex_unlock(&ps_instances_lock);
}

/**
 * ps_instance_query() - fill a query reply and the first @nr counters
 * @inst: the instance
 * @q: the reply (its size and nr_counters are the caller's)
 * @calls: @nr counters to fill, or NULL
 * @unimpl: @nr counters to fill, or NULL
 * @nr: at most LXSS_NR_COUNTERS
 */
void ps_instance_query(struct ps_instance *inst, struct lxss_query *q,
		       u64 *calls, u64 *unimpl, unsigned int nr)
{
	unsigned int i;
	int cpu;

	q->total = 0;
	q->total_unimplemented = 0;
	q->beyond = 0;
	q->ia32 = 0;
	q->x32 = 0;
	if (calls)
		memset(calls, 0, nr * sizeof(*calls));
	if (unimpl)
		memset(unimpl, 0, nr * sizeof(*unimpl));

	for_each_possible_cpu(cpu) {
		const struct ps_stats *s = per_cpu_ptr(inst->stats, cpu);

		for (i = 0; i < LXSS_NR_COUNTERS; i++) {
			q->total += s->calls[i];
			q->total_unimplemented += s->unimplemented[i];
			if (i < nr && calls)
				calls[i] += s->calls[i];
			if (i < nr && unimpl)
				unimpl[i] += s->unimplemented[i];
		}
		q->beyond += s->beyond;
		q->ia32 += s->ia32;
		q->x32 += s->x32;
	}
	q->total += q->beyond + q->ia32 + q->x32;
	q->total_unimplemented += q->beyond + q->ia32 + q->x32;
	q->nr_syscalls = LX_NR_SYSCALLS;

	spin_lock(&inst->lock);
	q->nr_tasks = inst->nr_tasks;
	q->nr_entered = inst->nr_entered;
	q->state = inst->state;
	spin_unlock(&inst->lock);
}

/* What the instance's owner may do in its tree: everything. */
static const struct lxvfs_cred ps_owner_cred = {
	.cap_dac_override = true,
	.cap_dac_read_search = true,
	.cap_fowner = true,
	.cap_chown = true,
	.cap_fsetid = true,
	.cap_mknod = true,
};

/**
 * ps_instance_mount() - mount a new file system in @inst at @target
 * @inst: the instance
 * @type: the file system type
 * @args: what it is made from (args->instance is set here)
 * @target: "/" for the root, else an existing directory (absolute)
 */
ntstatus ps_instance_mount(struct ps_instance *inst, const struct lxvfs_fs_type *type,
			   struct lxvfs_mount_args *args, const char *target)
{
	struct lxvfs_walk w = { .ns = inst->vfs, .cred = &ps_owner_cred,
				.flags = LXVFS_WALK_FOLLOW | LXVFS_WALK_DIRECTORY };
	struct lxvfs_path where = {};
	struct lxvfs_sb *sb;
	ntstatus st;
	bool root = !strcmp(target, "/");

	if (!root) {
		st = lxvfs_ns_root(inst->vfs, &w.root);
		if (!NT_SUCCESS(st))
			return st;
		w.start = w.root;
		st = lxvfs_walk(&w, target, &where);
		lxvfs_path_put(&w.root);
		if (!NT_SUCCESS(st))
			return st;
	}
	args->instance = inst;
	st = type->create(args, &sb);
	if (NT_SUCCESS(st)) {
		st = lxvfs_mount(inst->vfs, sb, root ? NULL : &where);
		if (!NT_SUCCESS(st))
			lxvfs_sb_abandon(sb);
		else
			ob_dereference(sb);
	}
	if (!root)
		lxvfs_path_put(&where);
	return st;
}

#define PS_RELEASE_SUFFIX "-lxcore"

/**
 * ps_uts_release() - the kernel release an instance reports (uname,
 * /proc/sys/kernel/osrelease): the host's, cut if need be, with "-lxcore"
 * @buf: the result, NUL-terminated
 * @len: its size (at least sizeof(PS_RELEASE_SUFFIX))
 */
void ps_uts_release(char *buf, size_t len)
{
	snprintf(buf, len, "%.*s" PS_RELEASE_SUFFIX,
		 (int)(len - sizeof(PS_RELEASE_SUFFIX)), utsname()->release);
}
