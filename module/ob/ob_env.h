/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ob_env.h - everything module/ob/ may use from its surroundings. In the
 * kernel these are the kernel's own headers; the userspace unit tests
 * provide the same names in selftests/unit/kshim.h, so ob/ compiles
 * unchanged in both. Add a name here only if the shim can provide it.
 */
#ifndef LXCORE_OB_ENV_H
#define LXCORE_OB_ENV_H

#ifdef __KERNEL__
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#else
#include "kshim.h"
#endif

#endif /* LXCORE_OB_ENV_H */
