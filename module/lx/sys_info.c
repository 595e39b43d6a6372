// SPDX-License-Identifier: GPL-2.0
/*
 * Limits, system information and per-task settings: rlimits, uname and the
 * instance's host and domain names, sysinfo, getrandom, prctl,
 * arch_prctl and the robust futex list. Most are checked here (arguments,
 * pids named inside the instance, the emulated credentials' permission)
 * and then run by the host (LX_HOST), whose own checks use the host
 * credentials; uname and the names are the instance's own.
 */
#include <linux/capability.h>
#include <uapi/linux/futex.h>
#include <linux/prctl.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/stat.h>
#include <linux/sysinfo.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <asm/prctl.h>

#include "lxcore.h"

/* ---- rlimits ---- */

/*
 * check_prlimit_permission() with emulated ids: another task's limits only
 * with its real, effective and saved ids all the caller's real ones, or
 * CAP_SYS_RESOURCE.
 */
static int lx_may_prlimit(struct ps_task *pt, struct task_struct *t)
{
	const struct ps_cred *c = ps_cred_self(pt);
	struct ps_cred tc;
	int err;

	if (t == current)
		return 0;
	err = ps_cred_snapshot(pt->inst, t, &tc);
	if (err)
		return err;
	if (c->uid == tc.uid && c->uid == tc.euid && c->uid == tc.suid &&
	    c->gid == tc.gid && c->gid == tc.egid && c->gid == tc.sgid)
		return 0;
	return ps_capable(c, CAP_SYS_RESOURCE) ? 0 : -EPERM;
}

/*
 * Raising a hard limit needs CAP_SYS_RESOURCE in the instance as well as on
 * the host (which checks again). Bad resources and cur > max are left to
 * the host, which answers them before its own capability check. The
 * target's limit may change before the host runs: the host's check then
 * still holds.
 */
static int lx_may_set_rlimit(struct ps_task *pt, struct task_struct *t,
			     unsigned int resource, u64 cur, u64 max)
{
	if (resource >= RLIM_NLIMITS || cur > max)
		return 0;
	if (max > task_rlimit_max(t, resource) &&
	    !ps_capable(ps_cred_self(pt), CAP_SYS_RESOURCE))
		return -EPERM;
	return 0;
}

long lx_sys_setrlimit(struct pt_regs *regs, struct ps_task *pt)
{
	struct rlimit r;
	int err;

	if (copy_from_user(&r, (void __user *)regs->si, sizeof(r)))
		return -EFAULT;
	err = lx_may_set_rlimit(pt, current, regs->di, r.rlim_cur, r.rlim_max);
	return err ? err : LX_HOST;
}

/*
 * prlimit64(pid, ...): pid 0, or a task of the instance (-ESRCH for any
 * other). Until the instance has its own pid namespace the host looks the
 * pid up again (arguments are the caller's registers: they cannot be
 * rewritten), so another task of the instance that dies, is reaped and has
 * its pid reused by a host task in between would be confused with it.
 */
long lx_sys_prlimit64(struct pt_regs *regs, struct ps_task *pt)
{
	const struct rlimit64 __user *new_rlim = (void __user *)regs->dx;
	unsigned int resource = regs->si;
	pid_t pid = regs->di;
	struct task_struct *t = current;
	struct rlimit64 r;
	int err;

	if (new_rlim && copy_from_user(&r, new_rlim, sizeof(r)))
		return -EFAULT;
	if (pid && pid != task_pid_vnr(current)) {
		t = ps_instance_task_get(pt->inst, pid);
		if (!t)
			return -ESRCH;
	}
	err = lx_may_prlimit(pt, t);
	if (!err && new_rlim)
		err = lx_may_set_rlimit(pt, t, resource, r.rlim_cur, r.rlim_max);
	if (t != current)
		put_task_struct(t);
	return err ? err : LX_HOST;
}

/* ---- uname, host and domain names ---- */

long lx_sys_uname(struct pt_regs *regs, struct ps_task *pt)
{
	const struct new_utsname *host = utsname();
	struct ps_instance *inst = pt->inst;
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strscpy(u.sysname, host->sysname, sizeof(u.sysname));
	ps_uts_release(u.release, sizeof(u.release));
	strscpy(u.version, host->version, sizeof(u.version));
	strscpy(u.machine, "x86_64", sizeof(u.machine));
	spin_lock(&inst->uts_lock);
	memcpy(u.nodename, inst->hostname, sizeof(u.nodename));
	memcpy(u.domainname, inst->domainname, sizeof(u.domainname));
	spin_unlock(&inst->uts_lock);
	if (copy_to_user((void __user *)regs->di, &u, sizeof(u)))
		return -EFAULT;
	return 0;
}

/* sethostname, setdomainname: CAP_SYS_ADMIN in the instance (its euid 0). */
static long lx_set_uts_name(struct pt_regs *regs, struct ps_task *pt, char *name,
			    const char *what)
{
	struct ps_instance *inst = pt->inst;
	int len = regs->si;
	char tmp[__NEW_UTS_LEN];

	if (!ps_capable(ps_cred_self(pt), CAP_SYS_ADMIN)) {
		pr_info_ratelimited(LX_PREFIX "instance %s: %s refused: not privileged\n",
				    inst->name, what);
		return -EPERM;
	}
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(tmp, (void __user *)regs->di, len))
		return -EFAULT;
	add_device_randomness(tmp, len);
	spin_lock(&inst->uts_lock);
	memcpy(name, tmp, len);
	memset(name + len, 0, __NEW_UTS_LEN + 1 - len);
	spin_unlock(&inst->uts_lock);
	return 0;
}

long lx_sys_sethostname(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_set_uts_name(regs, pt, pt->inst->hostname, "sethostname");
}

long lx_sys_setdomainname(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_set_uts_name(regs, pt, pt->inst->domainname, "setdomainname");
}

/* ---- sysinfo ---- */

/*
 * After the host's sysinfo succeeded, on the way back to user mode: the
 * process count is the instance's, not the host's. Task work queued during
 * a system call runs before the task returns to user mode or handles a
 * signal, so @pt is still alive.
 */
static void lx_sysinfo_fixup(struct callback_head *cb)
{
	struct ps_task *pt = container_of(cb, struct ps_task, fixup_work);
	struct sysinfo __user *info = pt->fixup_ptr;
	u16 procs;

	if (current_pt_regs()->ax != 0 || (current->flags & PF_EXITING))
		return;
	/* Linux stores nr_threads in the u16 as is. */
	procs = READ_ONCE(pt->inst->nr_tasks);
	if (put_user(procs, &info->procs))
		return;		/* the caller unmapped it meanwhile: its loss */
}

/*
 * sysinfo: the host fills in memory, swap, load and uptime (the swap
 * figures are not exported to modules); the process count is fixed up
 * afterwards.
 */
long lx_sys_sysinfo(struct pt_regs *regs, struct ps_task *pt)
{
	pt->fixup_ptr = (void __user *)regs->di;
	init_task_work(&pt->fixup_work, lx_sysinfo_fixup);
	if (task_work_add(current, &pt->fixup_work, TWA_RESUME))
		return -ESRCH;	/* exiting: cannot happen in a system call */
	return LX_HOST;
}

/* ---- getrandom ---- */

long lx_sys_getrandom(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int flags = regs->dx;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	return LX_HOST;
}

/* ---- prctl, arch_prctl ---- */

long lx_sys_prctl(struct pt_regs *regs, struct ps_task *pt)
{
	int option = regs->di;

	switch (option) {
	case PR_SET_NAME:
	case PR_GET_NAME:
	case PR_SET_PDEATHSIG:
	case PR_GET_PDEATHSIG:
	case PR_GET_DUMPABLE:
	case PR_SET_DUMPABLE:
	case PR_SET_CHILD_SUBREAPER:
	case PR_GET_CHILD_SUBREAPER:
		return LX_HOST;
	default:
		pr_info_ratelimited(LX_PREFIX "instance %s: prctl option %d not supported\n",
				    pt->inst->name, option);
		return -EINVAL;
	}
}

long lx_sys_arch_prctl(struct pt_regs *regs, struct ps_task *pt)
{
	int option = regs->di;

	if (option == ARCH_SET_FS || option == ARCH_GET_FS)
		return LX_HOST;
	if (unlikely(pt->exec) && lx_vdso_boot(regs, pt))
		return LX_HOST;	/* lx/binfmt.c: a new image's vDSO */
	pr_info_ratelimited(LX_PREFIX "instance %s: arch_prctl option %#x not supported\n",
			    pt->inst->name, option);
	return -EINVAL;
}

/* ---- robust futex list ---- */

long lx_sys_set_robust_list(struct pt_regs *regs, struct ps_task *pt)
{
	if (regs->si != sizeof(struct robust_list_head))
		return -EINVAL;
	return LX_HOST;
}

/*
 * __ptrace_may_access(PTRACE_MODE_READ_REALCREDS) with emulated ids: the
 * same thread group; or the caller's real ids all of the target's, and a
 * dumpable target; or CAP_SYS_PTRACE.
 */
static int lx_may_read_task(struct ps_task *pt, struct task_struct *t)
{
	const struct ps_cred *c = ps_cred_self(pt);
	bool dumpable = true;
	struct ps_cred tc;
	int err;

	if (same_thread_group(t, current))
		return 0;
	err = ps_cred_snapshot(pt->inst, t, &tc);
	if (err)
		return err;
	if (ps_capable(c, CAP_SYS_PTRACE))
		return 0;
	if (c->uid != tc.uid || c->uid != tc.euid || c->uid != tc.suid ||
	    c->gid != tc.gid || c->gid != tc.egid || c->gid != tc.sgid)
		return -EPERM;
	task_lock(t);
	if (t->mm)
		dumpable = get_dumpable(t->mm) == SUID_DUMP_USER;
	task_unlock(t);
	return dumpable ? 0 : -EPERM;
}

/* get_robust_list(pid, ...): the host reads the list of a checked task. */
long lx_sys_get_robust_list(struct pt_regs *regs, struct ps_task *pt)
{
	pid_t pid = regs->di;
	struct task_struct *t;
	int err;

	if (!pid || pid == task_pid_vnr(current))
		return LX_HOST;
	t = ps_instance_task_get(pt->inst, pid);
	if (!t)
		return -ESRCH;
	err = lx_may_read_task(pt, t);
	put_task_struct(t);
	return err ? err : LX_HOST;
}
