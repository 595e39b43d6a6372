// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated credentials: the uids, gids, supplementary groups and capability
 * sets a pico thread has inside its instance. Root of an instance is not
 * root of the host: the task keeps its host credentials for every host
 * operation, and these decide only what lxcore allows and reports. They
 * follow struct cred: per thread, immutable once published, copied to every
 * new task, capabilities derived from the uids as Linux does for root.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/slab.h>
#include <linux/uidgid.h>

#include "lxcore.h"

#define PS_CAP_FULL	GENMASK_ULL(CAP_LAST_CAP, 0)

/**
 * ps_groups_alloc() - room for @n supplementary groups
 * @n: at most NGROUPS_MAX
 *
 * Return: the groups with one reference (ngroups set, gids not), or NULL.
 */
struct ps_groups *ps_groups_alloc(unsigned int n)
{
	struct ps_groups *g;

	g = kvmalloc(struct_size(g, gid, n), GFP_KERNEL_ACCOUNT);
	if (!g)
		return NULL;
	refcount_set(&g->usage, 1);
	g->ngroups = n;
	return g;
}

/**
 * ps_groups_put() - drop a reference to @g
 * @g: groups, or NULL
 *
 * Process context: the array may be vmalloc'd.
 */
void ps_groups_put(struct ps_groups *g)
{
	if (g && refcount_dec_and_test(&g->usage))
		kvfree(g);
}

static struct ps_cred *ps_cred_alloc(void)
{
	struct ps_cred *c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);

	if (c)
		refcount_set(&c->usage, 1);
	return c;
}

/**
 * ps_cred_put() - drop a reference to @c
 * @c: credentials, or NULL
 *
 * The last one frees them after a grace period: other tasks may be reading
 * the ids under RCU. Groups are never read that way and go at once.
 */
void ps_cred_put(struct ps_cred *c)
{
	if (c && refcount_dec_and_test(&c->usage)) {
		ps_groups_put(c->groups);
		c->groups = NULL;
		kfree_rcu(c, rcu);
	}
}

/* The host's supplementary groups of the calling task, as it sees gids. */
static int ps_groups_from_host(const struct cred *hc, struct ps_groups **out)
{
	const struct group_info *gi = hc->group_info;
	struct ps_groups *g;
	unsigned int i;

	*out = NULL;
	if (!gi || !gi->ngroups)
		return 0;
	g = ps_groups_alloc(gi->ngroups);
	if (!g)
		return -ENOMEM;
	/* Sorted by kgid; a user namespace's mapping keeps the order. */
	for (i = 0; i < gi->ngroups; i++)
		g->gid[i] = from_kgid_munged(hc->user_ns, gi->gid[i]);
	*out = g;
	return 0;
}

/**
 * ps_cred_from_host() - the first credentials of a task entering an instance
 * @as_root: root's (every id 0, no groups, every capability) instead
 *
 * The caller's host ids and groups; the capability sets a process with
 * those ids gets from Linux after exec: everything if its real or effective
 * uid is 0 (effective only with euid 0), nothing otherwise.
 * Return: credentials with one reference, or NULL.
 */
struct ps_cred *ps_cred_from_host(bool as_root)
{
	const struct cred *hc = current_cred();
	struct user_namespace *ns = hc->user_ns;
	struct ps_cred *c = ps_cred_alloc();

	if (!c)
		return NULL;
	if (as_root) {
		/* ps_cred_alloc() zeroed every id and left no groups */
		c->cap_bset = PS_CAP_FULL;
		c->cap_permitted = PS_CAP_FULL;
		c->cap_effective = PS_CAP_FULL;
		return c;
	}
	c->uid = from_kuid_munged(ns, hc->uid);
	c->euid = from_kuid_munged(ns, hc->euid);
	c->suid = from_kuid_munged(ns, hc->suid);
	c->fsuid = from_kuid_munged(ns, hc->fsuid);
	c->gid = from_kgid_munged(ns, hc->gid);
	c->egid = from_kgid_munged(ns, hc->egid);
	c->sgid = from_kgid_munged(ns, hc->sgid);
	c->fsgid = from_kgid_munged(ns, hc->fsgid);
	c->cap_bset = PS_CAP_FULL;
	if (c->uid == 0 || c->euid == 0)
		c->cap_permitted = PS_CAP_FULL;
	if (c->euid == 0)
		c->cap_effective = c->cap_permitted;
	if (ps_groups_from_host(hc, &c->groups)) {
		ps_cred_put(c);
		return NULL;
	}
	return c;
}

/**
 * ps_cred_prepare() - a private copy of @old to change and commit
 * @old: the caller's credentials
 *
 * Return: the copy (sharing @old's groups), or NULL.
 */
struct ps_cred *ps_cred_prepare(const struct ps_cred *old)
{
	struct ps_cred *c = kmemdup(old, sizeof(*old), GFP_KERNEL_ACCOUNT);

	if (!c)
		return NULL;
	refcount_set(&c->usage, 1);
	if (c->groups)
		refcount_inc(&c->groups->usage);
	return c;
}

/**
 * ps_cred_commit() - make @new the credentials of the calling thread
 * @pt: the calling pico task
 * @new: prepared by ps_cred_prepare(); the thread takes the reference
 *
 * As commit_creds(): a change of effective or fs ids, or new permitted
 * capabilities, make the process non-dumpable (the default suid_dumpable,
 * 0) and clear its parent-death signal.
 */
void ps_cred_commit(struct ps_task *pt, struct ps_cred *new)
{
	struct ps_cred *old = rcu_dereference_protected(pt->cred, pt->task == current);

	if (old->euid != new->euid || old->egid != new->egid ||
	    old->fsuid != new->fsuid || old->fsgid != new->fsgid ||
	    (new->cap_permitted & ~old->cap_permitted)) {
		if (current->mm)
			set_mask_bits(&current->mm->flags, MMF_DUMPABLE_MASK,
				      SUID_DUMP_DISABLE);
		current->pdeath_signal = 0;
		smp_wmb();	/* as commit_creds(): before the ids change */
	}
	rcu_assign_pointer(pt->cred, new);
	ps_cred_put(old);
}

/**
 * ps_cred_snapshot() - the ids and capability sets of another pico task
 * @inst: the caller's instance
 * @t: a task (referenced by the caller)
 * @snap: filled; its groups are NULL, its usage meaningless
 *
 * Return: 0, or -ESRCH if @t is not (or no longer) a pico task of @inst.
 */
int ps_cred_snapshot(struct ps_instance *inst, struct task_struct *t,
		     struct ps_cred *snap)
{
	const struct ps_cred *c;
	struct ps_task *pt;
	int err = -ESRCH;

	rcu_read_lock();
	pt = ps_task_of(t);
	if (pt && pt->inst == inst) {
		c = rcu_dereference(pt->cred);
		if (c) {
			*snap = *c;
			snap->groups = NULL;
			err = 0;
		}
	}
	rcu_read_unlock();
	return err;
}
