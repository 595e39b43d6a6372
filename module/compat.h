/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every difference between the kernels lxcore builds for, as
 * small wrappers named for what they do. LINUX_VERSION_CODE appears here
 * and nowhere else.
 */
#ifndef LXCORE_COMPAT_H
#define LXCORE_COMPAT_H

#include <linux/ftrace.h>
#include <linux/uio.h>
#include <linux/version.h>
#include <asm/ibt.h>

/*
 * The address to call to run a traced function natively, from the address
 * of its fentry call. With IBT that call follows the function's ENDBR, and
 * an indirect call must land on the ENDBR itself.
 */
static __always_inline unsigned long compat_traced_func_entry(unsigned long ip)
{
#ifdef CONFIG_X86_KERNEL_IBT
	if (is_endbr(*(u32 *)(ip - ENDBR_INSN_SIZE)))
		return ip - ENDBR_INSN_SIZE;
#endif
	return ip;
}

/* Direct ftrace calls to a trampoline, for the functions @ops filters. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
static inline int compat_register_ftrace_direct(struct ftrace_ops *ops, unsigned long tramp)
{
	return register_ftrace_direct(ops, tramp);
}

/*
 * Keep the filter: ftrace_free_filter() on 6.12 frees the hashes without
 * resetting them, so an ops whose filters were freed cannot be used again.
 * host_entry_exit() frees them once, at unload.
 */
static inline void compat_unregister_ftrace_direct(struct ftrace_ops *ops, unsigned long tramp)
{
	unregister_ftrace_direct(ops, tramp, false);
}
#else
static inline int compat_register_ftrace_direct(struct ftrace_ops *ops, unsigned long tramp)
{
	return register_ftrace_direct_multi(ops, tramp);
}

static inline void compat_unregister_ftrace_direct(struct ftrace_ops *ops, unsigned long tramp)
{
	unregister_ftrace_direct_multi(ops, tramp);
}
#endif

/*
 * An iov_iter over one user buffer, for read(2)/write(2). @rw is READ when
 * the buffer receives data. -EFAULT if the buffer is not user memory.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
static inline int compat_import_user_buffer(int rw, void __user *buf, size_t len,
					    struct iovec *iov, struct iov_iter *iter)
{
	return import_ubuf(rw, buf, len, iter);
}
#else
static inline int compat_import_user_buffer(int rw, void __user *buf, size_t len,
					    struct iovec *iov, struct iov_iter *iter)
{
	return import_single_range(rw, buf, len, iov, iter);
}
#endif

#endif /* LXCORE_COMPAT_H */
