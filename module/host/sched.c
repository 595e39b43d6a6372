// SPDX-License-Identifier: GPL-2.0
/*
 * The pico-provider callbacks: the scheduler's fork, exec and exit
 * tracepoints tell lxcore when a pico task creates a task, execs, and
 * exits. The tracepoints are not exported; they are found by name.
 */
#include <linux/binfmts.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "lxcore.h"

static struct tracepoint *host_tp_fork;
static struct tracepoint *host_tp_exit;
static struct tracepoint *host_tp_exec;

static void notrace host_probe_fork(void *data, struct task_struct *parent,
				    struct task_struct *child)
{
	ps_task_forked(parent, child);
}

/*
 * Newer kernels pass a second argument (group_dead) to this tracepoint; the
 * task comes first either way and is all this probe reads.
 */
static void notrace host_probe_exit(void *data, struct task_struct *t)
{
	ps_task_exited(t);
}

static void notrace host_probe_exec(void *data, struct task_struct *t,
				    pid_t old_pid, struct linux_binprm *bprm)
{
	ps_task_exec(t);
}

static void host_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_fork"))
		host_tp_fork = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		host_tp_exit = tp;
	else if (!strcmp(tp->name, "sched_process_exec"))
		host_tp_exec = tp;
}

/**
 * host_sched_register() - start receiving fork and exit callbacks
 *
 * Return: 0, or a negative errno (nothing registered then).
 */
int host_sched_register(void)
{
	int err;

	if (!host_tp_fork || !host_tp_exit || !host_tp_exec)
		for_each_kernel_tracepoint(host_find_tracepoint, NULL);
	if (!host_tp_fork || !host_tp_exit || !host_tp_exec) {
		pr_err(LX_PREFIX "sched_process_fork/exec/exit tracepoints not found\n");
		return -ENOENT;
	}
	err = tracepoint_probe_register(host_tp_fork, host_probe_fork, NULL);
	if (err)
		return err;
	err = tracepoint_probe_register(host_tp_exit, host_probe_exit, NULL);
	if (err)
		goto err_unregister_fork;
	err = tracepoint_probe_register(host_tp_exec, host_probe_exec, NULL);
	if (err)
		goto err_unregister_exit;
	return 0;

err_unregister_exit:
	tracepoint_probe_unregister(host_tp_exit, host_probe_exit, NULL);
err_unregister_fork:
	tracepoint_probe_unregister(host_tp_fork, host_probe_fork, NULL);
	tracepoint_synchronize_unregister();
	return err;
}

/**
 * host_sched_unregister() - stop the callbacks and wait for running ones
 */
void host_sched_unregister(void)
{
	tracepoint_probe_unregister(host_tp_exec, host_probe_exec, NULL);
	tracepoint_probe_unregister(host_tp_exit, host_probe_exit, NULL);
	tracepoint_probe_unregister(host_tp_fork, host_probe_fork, NULL);
	tracepoint_synchronize_unregister();
}
