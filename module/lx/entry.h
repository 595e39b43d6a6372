/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lx/entry.h - the dispatcher's hot path, inlined into the entry hook
 * (host/entry.c) so that an ordinary pico syscall costs no call before its
 * handler. Everything unusual (a seccomp filter, 32-bit entry, numbers past
 * the table, new tasks, unimplemented numbers) goes to lx_entry_slow() in
 * lx/dispatch.c, which handles every case on its own.
 */
#ifndef LX_ENTRY_H
#define LX_ENTRY_H

#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <linux/seccomp.h>
#include <asm/syscall.h>

#include "lxcore.h"

/* lx_entry() results, as __secure_computing() defines them. */
#define LX_RUN_HOST	0	/* the kernel runs its own implementation */
#define LX_ANSWERED	(-1)	/* regs->ax holds lxcore's answer */

/**
 * lx_entry() - answer one system call of a pico task
 * @sd: what the kernel passed to __secure_computing() (NULL on x86)
 * @pt: the calling pico task
 * @host_fn: the host's __secure_computing()
 *
 * Runs in place of __secure_computing(), in syscall context.
 * Return: LX_RUN_HOST to let the kernel run its implementation (rows marked
 * native), LX_ANSWERED with the result in the task's ax register.
 */
static __always_inline int lx_entry(const struct seccomp_data *sd,
				    struct ps_task *pt, unsigned long host_fn)
{
	struct pt_regs *regs = current_pt_regs();
	/* The kernel dispatches on the low 32 bits of the number; so do we. */
	unsigned int nr = (unsigned int)regs->orig_ax;
	const struct lx_syscall *row;

	if (unlikely(current->seccomp.mode != SECCOMP_MODE_DISABLED ||
		     in_ia32_syscall() || nr >= LX_NR_SYSCALLS))
		return lx_entry_slow(sd, pt, host_fn);
	row = &lx_syscall_table[nr];
	if (row->handler) {
		this_cpu_inc(pt->inst->stats->calls[nr]);
		regs->ax = row->handler(regs, pt);
		return LX_ANSWERED;
	}
	if ((row->flags & (LX_SYSCALL_NATIVE | LX_SYSCALL_NEW_TASK)) == LX_SYSCALL_NATIVE) {
		this_cpu_inc(pt->inst->stats->calls[nr]);
		return LX_RUN_HOST;
	}
	return lx_entry_slow(sd, pt, host_fn);
}

#endif /* LX_ENTRY_H */
