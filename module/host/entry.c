// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall entry hook. An ftrace_ops on every syscall function (the
 * mechanism livepatch uses) sends each system call of a pico task to the
 * dispatcher; a kprobe on sys_ni_syscall, which ftrace cannot trace, does
 * the same for numbers the kernel has no function for. Ordinary tasks pay
 * one personality test per syscall while an instance exists, and nothing
 * when none does (the hook is registered only then).
 */
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>

#include "compat.h"
#include "lxcore.h"

/*
 * Send the current syscall to the dispatcher (or, for a 32-bit entry, to
 * its refusal), passing the native function and the pico task in the
 * argument registers the syscall function does not use.
 */
static __always_inline void host_redirect(struct pt_regs *regs,
					  unsigned long native,
					  struct ps_task *pt)
{
	if (in_ia32_syscall()) {
		regs->si = (unsigned long)pt;
		regs->ip = (unsigned long)lx_refuse_ia32;
	} else {
		regs->si = native;
		regs->dx = (unsigned long)pt;
		regs->ip = (unsigned long)lx_dispatch;
	}
}

/* Is this a system call of a pico task, made from user mode? */
static __always_inline struct ps_task *host_pico_syscall(const struct pt_regs *regs)
{
	if (likely(!ps_personality_is_pico(current->personality)))
		return NULL;
	/* Syscall functions get the task's own user registers, nothing else. */
	if (regs->di != (unsigned long)task_pt_regs(current))
		return NULL;
	return ps_task_current();
}

static void notrace host_entry_callback(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *ops,
					struct ftrace_regs *fregs)
{
	struct pt_regs *regs = compat_ftrace_regs(fregs);
	struct ps_task *pt;

	if (likely(!ps_personality_is_pico(current->personality)) || !regs)
		return;
	/* The dispatcher running a native implementation. */
	if (within_module(parent_ip, THIS_MODULE))
		return;
	pt = host_pico_syscall(regs);
	if (pt)
		host_redirect(regs, compat_traced_func_entry(ip), pt);
}

static struct ftrace_ops host_entry_ops = {
	.func = host_entry_callback,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY,
};

/* Every traced function is a syscall entry point: nothing else matches. */
static const char *const host_entry_required[] = {
	"__x64_sys_*",
	/* SYSCALL_DEFINE0 functions are known to ftrace by their inner name. */
	"__do_sys_fork", "__do_sys_vfork", "__do_sys_getpid",
	"__do_sys_getppid", "__do_sys_gettid", "__do_sys_getuid",
	"__do_sys_geteuid", "__do_sys_getgid", "__do_sys_getegid",
	"__do_sys_getpgrp", "__do_sys_setsid", "__do_sys_pause",
	"__do_sys_sched_yield", "__do_sys_rt_sigreturn",
	"__do_sys_restart_syscall", "__do_sys_sync", "__do_sys_munlockall",
	"__do_sys_vhangup", "__do_sys_inotify_init",
};

/* 32-bit and x32 entry points: present only on some configurations. */
static const char *const host_entry_optional[] = {
	"__ia32_sys_*", "__ia32_compat_sys_*", "__x32_compat_sys_*",
	"__do_sys_getuid16", "__do_sys_geteuid16", "__do_sys_getgid16",
	"__do_sys_getegid16", "__do_sys_sgetmask", "__do_sys_sigreturn",
	"__do_sys_x32_rt_sigreturn",
};

static int host_entry_filter(const char *glob, bool reset)
{
	char buf[64];	/* ftrace_set_filter() writes into its argument */

	strscpy(buf, glob, sizeof(buf));
	return ftrace_set_filter(&host_entry_ops, buf, strlen(buf), reset);
}

static int notrace host_ni_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct ps_task *pt = host_pico_syscall(regs);

	if (!pt)
		return 0;
	host_redirect(regs, 0, pt);
	return 1;	/* resume at regs->ip */
}

/*
 * An optimized (jump) kprobe ignores a changed ip; a post handler keeps
 * the probe an int3 one.
 */
static void notrace host_ni_post(struct kprobe *p, struct pt_regs *regs,
				 unsigned long flags)
{
}

static const char *const host_ni_symbols[] = {
	"__x64_sys_ni_syscall",
	"__ia32_sys_ni_syscall",
};

static struct kprobe host_ni_probes[ARRAY_SIZE(host_ni_symbols)];
static bool host_ni_registered[ARRAY_SIZE(host_ni_symbols)];

static void host_ni_unregister(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(host_ni_probes); i++) {
		if (host_ni_registered[i])
			unregister_kprobe(&host_ni_probes[i]);
		host_ni_registered[i] = false;
	}
}

static int host_ni_register(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(host_ni_probes); i++) {
		struct kprobe *kp = &host_ni_probes[i];

		memset(kp, 0, sizeof(*kp));
		kp->symbol_name = host_ni_symbols[i];
		kp->pre_handler = host_ni_pre;
		kp->post_handler = host_ni_post;
		err = register_kprobe(kp);
		if (err == -ENOENT && i > 0)
			continue;	/* no 32-bit entry in this kernel */
		if (err) {
			pr_err(LX_PREFIX "cannot probe %s: %d\n", kp->symbol_name, err);
			host_ni_unregister();
			return err;
		}
		host_ni_registered[i] = true;
	}
	return 0;
}

/**
 * host_entry_register() - catch every syscall of pico tasks from now on
 *
 * Return: 0, or a negative errno with nothing registered.
 */
int host_entry_register(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(host_entry_required); i++) {
		err = host_entry_filter(host_entry_required[i], i == 0);
		if (err) {
			pr_err(LX_PREFIX "cannot trace %s: %d\n",
			       host_entry_required[i], err);
			return err;
		}
	}
	for (i = 0; i < ARRAY_SIZE(host_entry_optional); i++)
		host_entry_filter(host_entry_optional[i], false);

	err = host_ni_register();
	if (err)
		return err;
	err = register_ftrace_function(&host_entry_ops);
	if (err) {
		pr_err(LX_PREFIX "cannot register the entry hook: %d\n", err);
		host_ni_unregister();
	}
	return err;
}

/**
 * host_entry_unregister() - stop catching syscalls; waits for callbacks
 */
void host_entry_unregister(void)
{
	unregister_ftrace_function(&host_entry_ops);
	host_ni_unregister();
}
