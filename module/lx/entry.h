/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lx/entry.h - the dispatcher's hot path, inlined into the entry hook
 * (host/entry.c) so that an ordinary pico syscall costs no call before its
 * handler. A seccomp filter, 32-bit entry and numbers past the table go to
 * lx_entry_slow(); new tasks and unimplemented numbers to their own
 * out-of-line helpers (lx/dispatch.c).
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

/*
 * Answer @nr, a number inside the table, from its row. Shared by the hot
 * path and lx_entry_slow(); the rare cases are out of line.
 */
static __always_inline int lx_entry_row(struct pt_regs *regs, struct ps_task *pt,
					unsigned int nr)
{
	const struct lx_syscall *row = &lx_syscall_table[nr];

	this_cpu_inc(pt->inst->stats->calls[nr]);
	if (row->handler) {
		long ret = row->handler(regs, pt);

		if (ret == LX_HOST)
			return LX_RUN_HOST;
		regs->ax = ret;
		return LX_ANSWERED;
	}
	if (!(row->flags & LX_SYSCALL_NATIVE))
		return lx_unimplemented(regs, pt, nr);
	if (unlikely(row->flags & LX_SYSCALL_NEW_TASK))
		return lx_prepare_new_task(regs, pt);
	return LX_RUN_HOST;
}

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

	/* A fork-type call that prepared a child and failed: release it. */
	if (unlikely(pt->spawn_ready))
		lx_spawn_unused(pt);
	/* An LxVfs exec handed the host an fd: it failed, or this is the new image. */
	if (unlikely(pt->exec_fd_pending))
		lx_exec_fd_unused(pt);
	if (unlikely(current->seccomp.mode != SECCOMP_MODE_DISABLED ||
		     in_ia32_syscall() || nr >= LX_NR_SYSCALLS))
		return lx_entry_slow(sd, pt, host_fn);
	return lx_entry_row(regs, pt, nr);
}

#endif /* LX_ENTRY_H */
