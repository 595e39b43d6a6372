// SPDX-License-Identifier: GPL-2.0
/*
 * lxcore.ko: Linux binaries as pico processes of LX instances, every system
 * call re-emulated in the module. See docs/architecture.md.
 */
#include <linux/module.h>

#include "lxcore.h"
#include "ke/ke.h"

static int __init lxcore_init(void)
{
	int err;

	err = ob_init();
	if (err)
		return err;
	err = io_init();
	if (err)
		goto err_ob_exit;
	err = ke_selftest_init();
	if (err)
		goto err_io_exit;
	lx_binfmt_init();	/* claims only pico execs through LxVfs */
	/* Internal parts first: the device makes the module reachable. */
	err = lxss_device_register();
	if (err)
		goto err_binfmt;
	pr_info(LX_PREFIX "loaded: %u syscall rows, /dev/lxss ready\n",
		LX_NR_SYSCALLS);
	return 0;

err_binfmt:
	lx_binfmt_exit();
	ke_selftest_exit();
err_io_exit:
	io_exit();
err_ob_exit:
	ob_exit();
	return err;
}

static void __exit lxcore_exit(void)
{
	lxss_device_unregister();
	lx_binfmt_exit();
	ke_selftest_exit();
	/* Every instance is gone (each held a module reference). */
	host_hooks_exit();
	/* Deletes still queued may run module code: let them finish first. */
	ob_flush_deferred();
	io_timerfd_exit();
	io_inotify_exit();	/* after the last inotify File object */
	io_exit();
	/* Waits for the last deferred deletes and RCU frees. */
	ob_exit();
	pr_info(LX_PREFIX "unloaded\n");
}

module_init(lxcore_init);
module_exit(lxcore_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lxcore: LX instances of pico processes with emulated Linux syscalls");
MODULE_AUTHOR("The lxcore developers");
