// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher: every system call of a pico task lands here, at syscall
 * entry, in ordinary syscall context (it may sleep, fault and restart), and
 * is answered from the syscall table. Numbers with no handler, numbers past
 * the table, and 32-bit or x32 entries get -ENOSYS and are counted, never
 * run natively.
 */
#include <linux/printk.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/seccomp.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "lxcore.h"
#include "lx/entry.h"

/*
 * Clone flags lxcore honours for a pico task. Namespaces, pidfds (a host
 * fd), ptrace and cgroup placement are refused with -EINVAL, never ignored.
 */
#define LX_CLONE_HONOURED (CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES |	\
			   CLONE_SIGHAND | CLONE_VFORK | CLONE_PARENT |	\
			   CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |	\
			   CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |	\
			   CLONE_DETACHED | CLONE_CHILD_SETTID |		\
			   CLONE_UNTRACED | CLONE_CLEAR_SIGHAND)
#define LX_CLONE_REFUSED (1UL << 63)

static void lx_log_unimplemented(struct ps_instance *inst, unsigned int nr)
{
	if (nr < LXSS_NR_COUNTERS && test_and_set_bit(nr, inst->logged))
		return;
	pr_info_ratelimited(LX_PREFIX "instance %s: unimplemented syscall %u (%s)\n",
			    inst->name, nr,
			    nr < LX_NR_SYSCALLS && lx_syscall_table[nr].name ?
			    lx_syscall_table[nr].name : "?");
}

/* A number with no row: past the table, or an x32 number. */
static noinline long lx_no_row(struct ps_instance *inst, unsigned int nr)
{
	if (nr & __X32_SYSCALL_BIT) {
		this_cpu_inc(inst->stats->x32);
	} else if (nr < LXSS_NR_COUNTERS) {
		this_cpu_inc(inst->stats->calls[nr]);
		this_cpu_inc(inst->stats->unimplemented[nr]);
	} else {
		this_cpu_inc(inst->stats->beyond);
	}
	lx_log_unimplemented(inst, nr);
	return -ENOSYS;
}

static noinline long lx_refuse_ia32(struct pt_regs *regs, struct ps_task *pt)
{
	this_cpu_inc(pt->inst->stats->ia32);
	pr_info_ratelimited(LX_PREFIX "instance %s: 32-bit syscall %lu refused\n",
			    pt->inst->name, regs->orig_ax);
	return -ENOSYS;
}

/*
 * A pico process may carry a seccomp filter from before it entered (lxssd
 * confines itself): the filter still judges each call first.
 */
static noinline int lx_host_seccomp(const struct seccomp_data *sd,
				    unsigned long host_fn)
{
	int (*fn)(const struct seccomp_data *sd) = (void *)host_fn;

	return fn(sd);	/* not a tail call: see the Kbuild */
}

/**
 * lx_unimplemented() - count, log once, and answer -ENOSYS
 * @regs: the task's user registers
 * @pt: the calling pico task
 * @nr: a number inside the table whose row has no handler
 *
 * Return: LX_ANSWERED.
 */
noinline int lx_unimplemented(struct pt_regs *regs, struct ps_task *pt,
			      unsigned int nr)
{
	this_cpu_inc(pt->inst->stats->unimplemented[nr]);
	lx_log_unimplemented(pt->inst, nr);
	regs->ax = -ENOSYS;
	return LX_ANSWERED;
}

/**
 * lx_prepare_new_task() - before a native fork-type call: the child's
 * pico task must exist before the child can run
 * @regs: the task's user registers
 * @pt: the calling pico task
 *
 * Return: LX_RUN_HOST, or LX_ANSWERED with -ENOMEM.
 */
noinline int lx_prepare_new_task(struct pt_regs *regs, struct ps_task *pt)
{
	struct clone_args args = {};
	unsigned long flags;
	long err;

	switch (regs->orig_ax) {
	case __NR_fork:
		flags = SIGCHLD;
		break;
	case __NR_vfork:
		flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
		break;
	case __NR_clone3:
		/*
		 * The host reads and checks struct clone_args again; if it
		 * sees other flags than these, the fork callback kills the
		 * child. Bad sizes get the host's own errors.
		 */
		if (regs->si < CLONE_ARGS_SIZE_VER0 || regs->si > PAGE_SIZE)
			return LX_RUN_HOST;
		err = copy_struct_from_user(&args, sizeof(args),
					    (void __user *)regs->di, regs->si);
		if (err) {
			regs->ax = err;
			return LX_ANSWERED;
		}
		flags = args.flags;
		if (args.set_tid_size || (flags & CSIGNAL))
			flags |= LX_CLONE_REFUSED;	/* pid choice; exit_signal is a field */
		break;
	default:
		flags = regs->di;
		break;
	}
	if (flags & ~LX_CLONE_HONOURED) {
		pr_info_ratelimited(LX_PREFIX "instance %s: clone flags %#lx not supported\n",
				    pt->inst->name, (unsigned long)(flags & ~LX_CLONE_HONOURED));
		regs->ax = -EINVAL;
		return LX_ANSWERED;
	}
	err = ps_spawn_prepare(pt, flags);
	if (!err)
		return LX_RUN_HOST;
	regs->ax = err;
	return LX_ANSWERED;
}

/**
 * lx_spawn_unused() - the last fork-type call of @pt prepared a child the
 * host never created: give its objects (a handle table copy) back now, so
 * that no pipe end stays open in it
 * @pt: the calling pico task
 */
noinline void lx_spawn_unused(struct ps_task *pt)
{
	pt->spawn_ready = false;
	ps_spawn_release(&pt->spawn);
}

/**
 * lx_entry_slow() - lx_entry() for a task under a seccomp filter, a 32-bit
 * entry, or a number past the table
 * @sd: what the kernel passed to __secure_computing() (NULL on x86)
 * @pt: the calling pico task
 * @host_fn: the host's __secure_computing()
 *
 * Return: as lx_entry().
 */
noinline int notrace lx_entry_slow(const struct seccomp_data *sd,
				   struct ps_task *pt, unsigned long host_fn)
{
	struct pt_regs *regs = current_pt_regs();
	unsigned int nr;

	if (current->seccomp.mode != SECCOMP_MODE_DISABLED &&
	    lx_host_seccomp(sd, host_fn))
		return LX_ANSWERED;
	if (in_ia32_syscall()) {
		regs->ax = lx_refuse_ia32(regs, pt);
		return LX_ANSWERED;
	}
	nr = (unsigned int)regs->orig_ax;
	if (nr >= LX_NR_SYSCALLS) {
		regs->ax = lx_no_row(pt->inst, nr);
		return LX_ANSWERED;
	}
	return lx_entry_row(regs, pt, nr);
}

/**
 * lx_entry_stray() - __secure_computing() for a task that has the work bit
 * but is neither a known pico task nor under seccomp
 * @sd: unused
 *
 * Should never run; it keeps a bug in lxcore from becoming a BUG() or an
 * escape. A task marked PER_LXSS may only exit; anything else runs natively.
 */
int notrace lx_entry_stray(const struct seccomp_data *sd)
{
	struct pt_regs *regs = current_pt_regs();

	pr_warn_ratelimited(LX_PREFIX "%s[%d]: stray syscall-work bit\n",
			    current->comm, task_pid_nr(current));
	if (!ps_personality_is_pico(current->personality) ||
	    regs->orig_ax == __NR_exit || regs->orig_ax == __NR_exit_group)
		return LX_RUN_HOST;
	regs->ax = -ENOSYS;
	return LX_ANSWERED;
}

/* getpid, emulated: answered from the pico task, no host code runs. */
long lx_sys_getpid(struct pt_regs *regs, struct ps_task *pt)
{
	return pt->tgid;
}

/*
 * personality(2): a query, or a change of the flag bits; the PER_LXSS
 * type byte cannot be left.
 */
long lx_sys_personality(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int persona = (unsigned int)regs->di;
	unsigned int old = current->personality;

	if (persona == 0xffffffff)
		return old;
	if (!ps_personality_is_pico(persona))
		return -EINVAL;
	current->personality = persona;
	return old;
}
