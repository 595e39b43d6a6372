// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher: every system call of a pico task lands here, in ordinary
 * syscall context (it may sleep, fault and restart), and is answered from
 * the syscall table. Numbers with no handler, numbers past the table, and
 * 32-bit or x32 entries get -ENOSYS and are counted, never run natively.
 */
#include <linux/printk.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <asm/unistd.h>

#include "lxcore.h"

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

/**
 * lx_dispatch() - answer one system call of a pico task
 * @regs: the task's user registers; orig_ax holds the number
 * @native: the host function the kernel was about to call, or 0
 * @pt: the calling pico task
 *
 * Reached from the entry hook, which rewrote the return address of the
 * syscall function's call; returns to the kernel's syscall path.
 */
long notrace lx_dispatch(const struct pt_regs *regs, unsigned long native,
			 struct ps_task *pt)
{
	/* The kernel dispatches on the low 32 bits of the number; so do we. */
	unsigned int nr = (unsigned int)regs->orig_ax;
	struct ps_instance *inst = pt->inst;
	const struct lx_syscall *row;

	if (unlikely(nr >= LX_NR_SYSCALLS))
		return lx_no_row(inst, nr);
	this_cpu_inc(inst->stats->calls[nr]);
	row = &lx_syscall_table[nr];
	if (unlikely(!row->handler)) {
		this_cpu_inc(inst->stats->unimplemented[nr]);
		lx_log_unimplemented(inst, nr);
		return -ENOSYS;
	}
	return row->handler(regs, native, pt);
}

/**
 * lx_refuse_ia32() - answer a 32-bit (int 0x80, sysenter) syscall: -ENOSYS
 * @regs: the task's user registers
 * @pt: the calling pico task
 *
 * lxcore runs 64-bit programs only, as WSL1 did.
 */
long notrace lx_refuse_ia32(const struct pt_regs *regs, struct ps_task *pt)
{
	this_cpu_inc(pt->inst->stats->ia32);
	pr_info_ratelimited(LX_PREFIX "instance %s: 32-bit syscall %lu refused\n",
			    pt->inst->name, regs->orig_ax);
	return -ENOSYS;
}

/* Handlers that run the host's implementation (the foundation's handful). */
long lx_native(const struct pt_regs *regs, unsigned long native,
	       struct ps_task *pt)
{
	long (*fn)(const struct pt_regs *regs) = (void *)native;

	if (!native)
		return -ENOSYS;
	/* Not a tail call (-fno-optimize-sibling-calls): see the Kbuild. */
	return fn(regs);
}

long lx_native_fork(const struct pt_regs *regs, unsigned long native,
		    struct ps_task *pt)
{
	int err = ps_task_prepare_fork(pt);

	if (err)
		return err;
	return lx_native(regs, native, pt);
}

/* getpid, emulated: no host syscall function runs. */
long lx_sys_getpid(const struct pt_regs *regs, unsigned long native,
		   struct ps_task *pt)
{
	return task_tgid_vnr(current);
}

/*
 * personality(2): a query, or a change of the flag bits; the PER_LXSS
 * type byte cannot be left.
 */
long lx_sys_personality(const struct pt_regs *regs, unsigned long native,
			struct ps_task *pt)
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
