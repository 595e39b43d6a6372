// SPDX-License-Identifier: GPL-2.0
/*
 * Identity: the uid, gid, groups and capability calls, answered from the
 * calling thread's emulated credentials (ps/cred.c) with the permission
 * rules and errno of kernel/sys.c, kernel/groups.c and kernel/capability.c
 * for a task in the initial user namespace without securebits. CAP_SETUID
 * and friends are the thread's emulated effective capabilities; the host
 * credentials of the task never change.
 */
#include <linux/capability.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include "lxcore.h"

/* The capabilities fs ids carry with them (CAP_FS_SET). */
#define LX_CAP_FS_SET	(BIT_ULL(CAP_CHOWN) | BIT_ULL(CAP_MKNOD) |		\
			 BIT_ULL(CAP_DAC_OVERRIDE) | BIT_ULL(CAP_DAC_READ_SEARCH) | \
			 BIT_ULL(CAP_FOWNER) | BIT_ULL(CAP_FSETID) |		\
			 BIT_ULL(CAP_LINUX_IMMUTABLE) | BIT_ULL(CAP_MAC_OVERRIDE))
#define LX_CAP_FULL	GENMASK_ULL(CAP_LAST_CAP, 0)

/* ---- getters ---- */

long lx_sys_getuid(struct pt_regs *regs, struct ps_task *pt)
{
	return ps_cred_self(pt)->uid;
}

long lx_sys_geteuid(struct pt_regs *regs, struct ps_task *pt)
{
	return ps_cred_self(pt)->euid;
}

long lx_sys_getgid(struct pt_regs *regs, struct ps_task *pt)
{
	return ps_cred_self(pt)->gid;
}

long lx_sys_getegid(struct pt_regs *regs, struct ps_task *pt)
{
	return ps_cred_self(pt)->egid;
}

/* Three ids to three user pointers, in order; a fault stops the rest. */
static long lx_put_three(u32 a, u32 b, u32 c, unsigned long pa,
			 unsigned long pb, unsigned long pc)
{
	if (put_user(a, (u32 __user *)pa) || put_user(b, (u32 __user *)pb) ||
	    put_user(c, (u32 __user *)pc))
		return -EFAULT;
	return 0;
}

long lx_sys_getresuid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *c = ps_cred_self(pt);

	return lx_put_three(c->uid, c->euid, c->suid, regs->di, regs->si, regs->dx);
}

long lx_sys_getresgid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *c = ps_cred_self(pt);

	return lx_put_three(c->gid, c->egid, c->sgid, regs->di, regs->si, regs->dx);
}

/* ---- capability fix-ups on uid changes (security/commoncap.c) ---- */

/* Leaving uid 0 everywhere drops all; euid leaving or reaching 0 moves effective. */
static void lx_fix_setuid(struct ps_cred *new, const struct ps_cred *old)
{
	if ((old->uid == 0 || old->euid == 0 || old->suid == 0) &&
	    new->uid != 0 && new->euid != 0 && new->suid != 0) {
		new->cap_permitted = 0;
		new->cap_effective = 0;
	}
	if (old->euid == 0 && new->euid != 0)
		new->cap_effective = 0;
	if (old->euid != 0 && new->euid == 0)
		new->cap_effective = new->cap_permitted;
}

static void lx_fix_setfsuid(struct ps_cred *new, const struct ps_cred *old)
{
	if (old->fsuid == 0 && new->fsuid != 0)
		new->cap_effective &= ~LX_CAP_FS_SET;
	if (old->fsuid != 0 && new->fsuid == 0)
		new->cap_effective |= new->cap_permitted & LX_CAP_FS_SET;
}

/* ---- uids ---- */

long lx_sys_setuid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	uid_t uid = regs->di;
	struct ps_cred *new;

	if (uid == PS_ID_NONE)
		return -EINVAL;
	if (!ps_capable(old, CAP_SETUID) && uid != old->uid && uid != old->suid)
		return -EPERM;
	new = ps_cred_prepare(old);
	if (!new)
		return -ENOMEM;
	if (ps_capable(old, CAP_SETUID))
		new->uid = new->suid = uid;
	new->euid = new->fsuid = uid;
	lx_fix_setuid(new, old);
	ps_cred_commit(pt, new);
	return 0;
}

long lx_sys_setreuid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	uid_t ruid = regs->di, euid = regs->si;
	bool cap = ps_capable(old, CAP_SETUID);
	struct ps_cred *new;

	if (ruid != PS_ID_NONE && !cap && ruid != old->uid && ruid != old->euid)
		return -EPERM;
	if (euid != PS_ID_NONE && !cap && euid != old->uid && euid != old->euid &&
	    euid != old->suid)
		return -EPERM;
	new = ps_cred_prepare(old);
	if (!new)
		return -ENOMEM;
	if (ruid != PS_ID_NONE)
		new->uid = ruid;
	if (euid != PS_ID_NONE)
		new->euid = euid;
	if (ruid != PS_ID_NONE || (euid != PS_ID_NONE && euid != old->uid))
		new->suid = new->euid;
	new->fsuid = new->euid;
	lx_fix_setuid(new, old);
	ps_cred_commit(pt, new);
	return 0;
}

/* @id is unset, or one of the three the caller already has. */
static bool lx_id_held(u32 id, u32 a, u32 b, u32 c)
{
	return id == PS_ID_NONE || id == a || id == b || id == c;
}

long lx_sys_setresuid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	uid_t ruid = regs->di, euid = regs->si, suid = regs->dx;
	struct ps_cred *new;

	/* No-op first: it succeeds without privilege. */
	if ((ruid == PS_ID_NONE || ruid == old->uid) &&
	    (euid == PS_ID_NONE || (euid == old->euid && euid == old->fsuid)) &&
	    (suid == PS_ID_NONE || suid == old->suid))
		return 0;
	if (!ps_capable(old, CAP_SETUID) &&
	    (!lx_id_held(ruid, old->uid, old->euid, old->suid) ||
	     !lx_id_held(euid, old->uid, old->euid, old->suid) ||
	     !lx_id_held(suid, old->uid, old->euid, old->suid)))
		return -EPERM;
	new = ps_cred_prepare(old);
	if (!new)
		return -ENOMEM;
	if (ruid != PS_ID_NONE)
		new->uid = ruid;
	if (euid != PS_ID_NONE)
		new->euid = euid;
	if (suid != PS_ID_NONE)
		new->suid = suid;
	new->fsuid = new->euid;
	lx_fix_setuid(new, old);
	ps_cred_commit(pt, new);
	return 0;
}

/* Returns the old fsuid whatever happens, as Linux does. */
long lx_sys_setfsuid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	uid_t uid = regs->di, old_fsuid = old->fsuid;
	struct ps_cred *new;

	if (uid == PS_ID_NONE || uid == old->fsuid)
		return old_fsuid;
	if (!ps_capable(old, CAP_SETUID) &&
	    !lx_id_held(uid, old->uid, old->euid, old->suid))
		return old_fsuid;
	new = ps_cred_prepare(old);
	if (!new)
		return old_fsuid;
	new->fsuid = uid;
	lx_fix_setfsuid(new, old);
	ps_cred_commit(pt, new);
	return old_fsuid;
}

/* ---- gids ---- */

long lx_sys_setgid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	gid_t gid = regs->di;
	struct ps_cred *new;

	if (gid == PS_ID_NONE)
		return -EINVAL;
	if (!ps_capable(old, CAP_SETGID) && gid != old->gid && gid != old->sgid)
		return -EPERM;
	new = ps_cred_prepare(old);
	if (!new)
		return -ENOMEM;
	if (ps_capable(old, CAP_SETGID))
		new->gid = new->sgid = gid;
	new->egid = new->fsgid = gid;
	ps_cred_commit(pt, new);
	return 0;
}

long lx_sys_setregid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	gid_t rgid = regs->di, egid = regs->si;
	bool cap = ps_capable(old, CAP_SETGID);
	struct ps_cred *new;

	if (rgid != PS_ID_NONE && !cap && rgid != old->gid && rgid != old->egid)
		return -EPERM;
	if (egid != PS_ID_NONE && !cap && egid != old->gid && egid != old->egid &&
	    egid != old->sgid)
		return -EPERM;
	new = ps_cred_prepare(old);
	if (!new)
		return -ENOMEM;
	if (rgid != PS_ID_NONE)
		new->gid = rgid;
	if (egid != PS_ID_NONE)
		new->egid = egid;
	if (rgid != PS_ID_NONE || (egid != PS_ID_NONE && egid != old->gid))
		new->sgid = new->egid;
	new->fsgid = new->egid;
	ps_cred_commit(pt, new);
	return 0;
}

long lx_sys_setresgid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	gid_t rgid = regs->di, egid = regs->si, sgid = regs->dx;
	struct ps_cred *new;

	if ((rgid == PS_ID_NONE || rgid == old->gid) &&
	    (egid == PS_ID_NONE || (egid == old->egid && egid == old->fsgid)) &&
	    (sgid == PS_ID_NONE || sgid == old->sgid))
		return 0;
	if (!ps_capable(old, CAP_SETGID) &&
	    (!lx_id_held(rgid, old->gid, old->egid, old->sgid) ||
	     !lx_id_held(egid, old->gid, old->egid, old->sgid) ||
	     !lx_id_held(sgid, old->gid, old->egid, old->sgid)))
		return -EPERM;
	new = ps_cred_prepare(old);
	if (!new)
		return -ENOMEM;
	if (rgid != PS_ID_NONE)
		new->gid = rgid;
	if (egid != PS_ID_NONE)
		new->egid = egid;
	if (sgid != PS_ID_NONE)
		new->sgid = sgid;
	new->fsgid = new->egid;
	ps_cred_commit(pt, new);
	return 0;
}

long lx_sys_setfsgid(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	gid_t gid = regs->di, old_fsgid = old->fsgid;
	struct ps_cred *new;

	if (gid == PS_ID_NONE || gid == old->fsgid)
		return old_fsgid;
	if (!ps_capable(old, CAP_SETGID) &&
	    !lx_id_held(gid, old->gid, old->egid, old->sgid))
		return old_fsgid;
	new = ps_cred_prepare(old);
	if (!new)
		return old_fsgid;
	new->fsgid = gid;
	ps_cred_commit(pt, new);
	return old_fsgid;
}

/* ---- supplementary groups ---- */

long lx_sys_getgroups(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_groups *g = ps_cred_self(pt)->groups;
	int size = regs->di;
	unsigned int n = g ? g->ngroups : 0;

	if (size < 0)
		return -EINVAL;
	if (!size)
		return n;
	if (n > size)
		return -EINVAL;
	if (n && copy_to_user((void __user *)regs->si, g->gid, n * sizeof(gid_t)))
		return -EFAULT;
	return n;
}

static int lx_gid_cmp(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return (x > y) - (x < y);
}

long lx_sys_setgroups(struct pt_regs *regs, struct ps_task *pt)
{
	const struct ps_cred *old = ps_cred_self(pt);
	const gid_t __user *list = (const gid_t __user *)regs->si;
	unsigned int n = (int)regs->di, i, copied;
	struct ps_groups *g = NULL;
	struct ps_cred *new;
	size_t left;

	if (!ps_capable(old, CAP_SETGID))
		return -EPERM;
	if (n > NGROUPS_MAX)
		return -EINVAL;
	if (n) {
		g = ps_groups_alloc(n);
		if (!g)
			return -ENOMEM;
		/* Linux reads one gid at a time: a bad gid before a fault wins. */
		left = copy_from_user(g->gid, list, n * sizeof(gid_t));
		copied = n - DIV_ROUND_UP(left, sizeof(gid_t));
		for (i = 0; i < copied; i++)
			if (g->gid[i] == PS_ID_NONE)
				goto err_inval;
		if (left) {
			ps_groups_put(g);
			return -EFAULT;
		}
		sort(g->gid, n, sizeof(gid_t), lx_gid_cmp, NULL);
	}
	new = ps_cred_prepare(old);
	if (!new) {
		ps_groups_put(g);
		return -ENOMEM;
	}
	ps_groups_put(new->groups);
	new->groups = g;
	ps_cred_commit(pt, new);
	return 0;

err_inval:
	ps_groups_put(g);
	return -EINVAL;
}

/* ---- capabilities ---- */

/* struct __user_cap_data_struct, which the uapi typedef marks __user. */
struct lx_cap_data {
	u32 effective;
	u32 permitted;
	u32 inheritable;
};

/* The header's version: how many u32 words each set has, or an error. */
static int lx_cap_version(struct __user_cap_header_struct __user *h,
			  unsigned int *words)
{
	u32 version;

	if (get_user(version, &h->version))
		return -EFAULT;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		*words = _LINUX_CAPABILITY_U32S_1;
		return 0;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		*words = _LINUX_CAPABILITY_U32S_3;
		return 0;
	default:
		/* Tell the caller the version this kernel prefers. */
		if (put_user((u32)_LINUX_CAPABILITY_VERSION_3, &h->version))
			return -EFAULT;
		return -EINVAL;
	}
}

/* capget(pid): 0 or the caller's own tid is itself; others only in the instance. */
long lx_sys_capget(struct pt_regs *regs, struct ps_task *pt)
{
	struct __user_cap_header_struct __user *h = (void __user *)regs->di;
	void __user *data = (void __user *)regs->si;
	struct lx_cap_data kdata[_LINUX_CAPABILITY_U32S_3];
	struct task_struct *t;
	struct ps_cred snap;
	const struct ps_cred *c = ps_cred_self(pt);
	unsigned int words, i;
	pid_t pid;
	int err;

	err = lx_cap_version(h, &words);
	if (!data || err)
		return !data && err == -EINVAL ? 0 : err;
	if (get_user(pid, &h->pid))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	if (pid && pid != task_pid_vnr(current)) {
		t = ps_instance_task_get(pt->inst, pid);
		if (!t)
			return -ESRCH;
		err = ps_cred_snapshot(pt->inst, t, &snap);
		put_task_struct(t);
		if (err)
			return err;
		c = &snap;
	}
	for (i = 0; i < words; i++) {
		kdata[i].effective = c->cap_effective >> (32 * i);
		kdata[i].permitted = c->cap_permitted >> (32 * i);
		kdata[i].inheritable = c->cap_inheritable >> (32 * i);
	}
	if (copy_to_user(data, kdata, words * sizeof(kdata[0])))
		return -EFAULT;
	return 0;
}

/* capset: the calling thread only; the rules of cap_capset(). */
long lx_sys_capset(struct pt_regs *regs, struct ps_task *pt)
{
	struct __user_cap_header_struct __user *h = (void __user *)regs->di;
	const void __user *data = (void __user *)regs->si;
	struct lx_cap_data kdata[_LINUX_CAPABILITY_U32S_3];
	const struct ps_cred *old = ps_cred_self(pt);
	u64 eff = 0, perm = 0, inh = 0;
	struct ps_cred *new;
	unsigned int words, i;
	pid_t pid;
	int err;

	err = lx_cap_version(h, &words);
	if (err)
		return err;
	if (get_user(pid, &h->pid))
		return -EFAULT;
	if (pid && pid != task_pid_vnr(current))
		return -EPERM;
	if (copy_from_user(kdata, data, words * sizeof(kdata[0])))
		return -EFAULT;
	for (i = 0; i < words; i++) {
		eff |= (u64)kdata[i].effective << (32 * i);
		perm |= (u64)kdata[i].permitted << (32 * i);
		inh |= (u64)kdata[i].inheritable << (32 * i);
	}
	eff &= LX_CAP_FULL;
	perm &= LX_CAP_FULL;
	inh &= LX_CAP_FULL;

	if (!ps_capable(old, CAP_SETPCAP) &&
	    (inh & ~(old->cap_inheritable | old->cap_permitted)))
		return -EPERM;
	if (inh & ~(old->cap_inheritable | old->cap_bset))
		return -EPERM;
	if (perm & ~old->cap_permitted)
		return -EPERM;
	if (eff & ~perm)
		return -EPERM;

	new = ps_cred_prepare(old);
	if (!new)
		return -ENOMEM;
	new->cap_effective = eff;
	new->cap_permitted = perm;
	new->cap_inheritable = inh;
	ps_cred_commit(pt, new);
	return 0;
}
