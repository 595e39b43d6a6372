// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall entry hook. A pico task carries the SECCOMP syscall-work bit,
 * so the kernel's syscall entry calls __secure_computing() for each of its
 * system calls, 64-bit, x32 and 32-bit alike, whatever the number, before
 * any syscall function is chosen; a direct ftrace call on that one function
 * lets lx_entry() answer in its place. Tasks without the bit never reach the
 * hook: ordinary tasks pay nothing, and only tasks with a real seccomp
 * filter pay one personality test. See docs/architecture.md.
 */
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/seccomp.h>
#include <asm/ibt.h>
#include <asm/linkage.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/entry.h"

/*
 * The direct trampoline: called from __secure_computing()'s fentry site.
 * It hands host_direct_entry() the function's argument, the slot holding
 * the return address into the function, and the function's caller. To
 * answer a call itself, host_direct_entry() points that slot at
 * host_skip_stub, which returns straight to the caller: the function body
 * never runs (what BPF trampolines do to skip a frame).
 */
void host_entry_tramp(void);
void host_skip_stub(void);

asm(
"	.pushsection	.text, \"ax\", @progbits\n"
"	.type		host_entry_tramp, @function\n"
"	.globl		host_entry_tramp\n"
"host_entry_tramp:\n"
	ASM_ENDBR
"	pushq	%rbp\n"
"	movq	%rsp, %rbp\n"
"	pushq	%rdi\n"
"	leaq	8(%rbp), %rsi\n"
"	movq	16(%rbp), %rdx\n"
"	call	host_direct_entry\n"
"	popq	%rdi\n"
"	leave\n"
	ASM_RET
"	.size		host_entry_tramp, .-host_entry_tramp\n"
"	.type		host_skip_stub, @function\n"
"	.globl		host_skip_stub\n"
"host_skip_stub:\n"
	ASM_RET
"	.size		host_skip_stub, .-host_skip_stub\n"
"	.popsection\n"
);

long host_direct_entry(const struct seccomp_data *sd, unsigned long *slot,
		       unsigned long caller);

/**
 * host_direct_entry() - route one __secure_computing() call
 * @sd: the function's argument
 * @slot: where the return address into the function is
 * @caller: the return address of the function's caller
 *
 * Return: the function's result when the call is answered here (@slot
 * then points at host_skip_stub); anything otherwise.
 */
long notrace host_direct_entry(const struct seccomp_data *sd,
			       unsigned long *slot, unsigned long caller)
{
	unsigned long host_fn;
	struct ps_task *pt;

	if (likely(ps_personality_is_pico(current->personality))) {
		pt = ps_task_current();
		if (pt) {
			/* lx_entry() running a pico task's own seccomp filter. */
			if (unlikely(current->seccomp.mode != SECCOMP_MODE_DISABLED) &&
			    within_module(caller, THIS_MODULE))
				return 0;
			host_fn = compat_traced_func_entry(*slot - MCOUNT_INSN_SIZE);
			*slot = (unsigned long)host_skip_stub;
			return lx_entry(sd, pt, host_fn);
		}
	}
	/*
	 * Only lxcore sets the work bit without a seccomp mode; the host's
	 * function would BUG() on it. Never let that happen.
	 */
	if (unlikely(current->seccomp.mode == SECCOMP_MODE_DISABLED)) {
		*slot = (unsigned long)host_skip_stub;
		return lx_entry_stray(sd);
	}
	return 0;
}

static struct ftrace_ops host_entry_ops;

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
	err = compat_register_ftrace_direct(&host_entry_ops,
					    (unsigned long)host_entry_tramp);
	if (err)
		pr_err(LX_PREFIX "cannot register the entry hook: %d\n", err);
	return err;
}

/**
 * host_entry_unregister() - stop catching syscalls; waits for callers
 */
void host_entry_unregister(void)
{
	compat_unregister_ftrace_direct(&host_entry_ops,
					(unsigned long)host_entry_tramp);
}

/**
 * host_entry_exit() - module unload, after the last unregistration: free
 * the filter the registrations shared
 */
void host_entry_exit(void)
{
	ftrace_free_filter(&host_entry_ops);
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
