// SPDX-License-Identifier: GPL-2.0
/*
 * lxcore.ko: Linux binaries as pico processes of LX instances, every system
 * call re-emulated in the module. See docs/architecture.md.
 */
#include <linux/module.h>

#include "lxcore.h"
#include "ob/ob.h"

static int __init lxcore_init(void)
{
	int err = ob_init();

	if (err)
		return err;
	err = lxss_device_register();
	if (err)
		goto err_ob_exit;
	pr_info(LX_PREFIX "loaded: %u syscall rows, /dev/lxss ready\n",
		LX_NR_SYSCALLS);
	return 0;

err_ob_exit:
	ob_exit();
	return err;
}

static void __exit lxcore_exit(void)
{
	lxss_device_unregister();
	/* Every instance is gone (each held a module reference). */
	host_hooks_exit();
	/* Deferred deletes and RCU callbacks run module code: wait for them. */
	ob_exit();
	pr_info(LX_PREFIX "unloaded\n");
}

module_init(lxcore_init);
module_exit(lxcore_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lxcore: LX instances of pico processes with emulated Linux syscalls");
MODULE_AUTHOR("The lxcore developers");
