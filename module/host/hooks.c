// SPDX-License-Identifier: GPL-2.0
/*
 * When the hooks into the kernel exist: from the creation of the first
 * instance until a short while after the last one is gone (the linger
 * spares back-to-back instances the cost of patching ~900 functions).
 */
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "lxcore.h"

static unsigned int hook_linger_ms = 200;
module_param(hook_linger_ms, uint, 0644);
MODULE_PARM_DESC(hook_linger_ms, "keep the syscall hook this long after the last instance ends");

static DEFINE_MUTEX(host_hooks_lock);
static atomic_t host_hooks_users = ATOMIC_INIT(0);
static bool host_hooks_on;

static void host_hooks_reap(struct work_struct *work)
{
	mutex_lock(&host_hooks_lock);
	if (host_hooks_on && !atomic_read(&host_hooks_users)) {
		host_entry_unregister();
		host_sched_unregister();
		WRITE_ONCE(host_hooks_on, false);
	}
	mutex_unlock(&host_hooks_lock);
}

static DECLARE_DELAYED_WORK(host_hooks_reaper, host_hooks_reap);

/**
 * host_hooks_get() - make sure the fork/exit callbacks and the entry hook
 * are registered, for one more user. Sleeps.
 *
 * Return: 0, or a negative errno (the user is not counted then).
 */
int host_hooks_get(void)
{
	int err = 0;

	mutex_lock(&host_hooks_lock);
	if (!host_hooks_on) {
		/* Callbacks first: no pico task may exist untracked. */
		err = host_sched_register();
		if (err)
			goto out;
		err = host_entry_register();
		if (err) {
			host_sched_unregister();
			goto out;
		}
		WRITE_ONCE(host_hooks_on, true);
	}
	atomic_inc(&host_hooks_users);
out:
	mutex_unlock(&host_hooks_lock);
	return err;
}

/**
 * host_hooks_put() - one user fewer; the last one schedules the removal
 *
 * Safe in atomic context (the exit callback drops the last instance).
 */
void host_hooks_put(void)
{
	if (atomic_dec_and_test(&host_hooks_users))
		mod_delayed_work(system_wq, &host_hooks_reaper,
				 msecs_to_jiffies(hook_linger_ms));
}

bool host_hooks_active(void)
{
	return READ_ONCE(host_hooks_on);
}

/**
 * host_hooks_exit() - module unload: no instance is left; remove the hooks
 * now and wait until no CPU runs a callback of this module.
 */
void host_hooks_exit(void)
{
	cancel_delayed_work_sync(&host_hooks_reaper);
	host_hooks_reap(NULL);
	host_entry_exit();
	synchronize_rcu();
}
