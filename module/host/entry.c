// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall entry hook. A pico task carries the SECCOMP syscall-work bit,
 * so the kernel's syscall entry calls __secure_computing() for each of its
 * system calls, 64-bit, x32 and 32-bit alike, whatever the number, before
 * any syscall function is chosen. An ftrace_ops on that one function (the
 * mechanism livepatch uses) sends those calls to lx_entry(). Tasks without
 * the bit never reach the hook: ordinary tasks pay nothing, and only tasks
 * with a real seccomp filter pay one personality test.
 */
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/seccomp.h>

#include "compat.h"
#include "lxcore.h"

static void notrace host_entry_callback(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *ops,
					struct ftrace_regs *fregs)
{
	struct pt_regs *regs = compat_ftrace_regs(fregs);
	struct ps_task *pt;

	if (!regs)
		return;
	if (likely(ps_personality_is_pico(current->personality))) {
		/* lx_entry() running a pico task's own seccomp filter. */
		if (within_module(parent_ip, THIS_MODULE))
			return;
		pt = ps_task_current();
		if (pt) {
			regs->si = (unsigned long)pt;
			regs->dx = compat_traced_func_entry(ip);
			regs->ip = (unsigned long)lx_entry;
			return;
		}
	}
	/*
	 * Only lxcore sets the work bit without a seccomp mode; the host's
	 * function would BUG() on it. Never let that happen.
	 */
	if (unlikely(current->seccomp.mode == SECCOMP_MODE_DISABLED))
		regs->ip = (unsigned long)lx_entry_stray;
}

static struct ftrace_ops host_entry_ops = {
	.func = host_entry_callback,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY,
};

/**
 * host_entry_register() - catch every syscall of pico tasks from now on
 *
 * Return: 0, or a negative errno with nothing registered.
 */
int host_entry_register(void)
{
	char glob[] = "__secure_computing";	/* ftrace writes into it */
	int err;

	err = ftrace_set_filter(&host_entry_ops, glob, strlen(glob), 1);
	if (err) {
		pr_err(LX_PREFIX "cannot trace __secure_computing: %d\n", err);
		return err;
	}
	err = register_ftrace_function(&host_entry_ops);
	if (err)
		pr_err(LX_PREFIX "cannot register the entry hook: %d\n", err);
	return err;
}

/**
 * host_entry_unregister() - stop catching syscalls; waits for callbacks
 */
void host_entry_unregister(void)
{
	unregister_ftrace_function(&host_entry_ops);
}

/**
 * host_mark_pico() - give @t the syscall-work bit that routes its system
 * calls through the entry hook; children and threads inherit it
 * @t: current, or a new task that has not run yet
 */
void host_mark_pico(struct task_struct *t)
{
	set_task_syscall_work(t, SECCOMP);
}

/**
 * host_unmark_pico() - take the bit away again, unless a real seccomp
 * mode needs it
 * @t: current, or a new task that has not run yet
 */
void host_unmark_pico(struct task_struct *t)
{
	if (t->seccomp.mode == SECCOMP_MODE_DISABLED)
		clear_task_syscall_work(t, SECCOMP);
}
