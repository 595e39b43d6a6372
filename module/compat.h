/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every difference between the kernels lxcore builds for, as
 * small wrappers named for what they do. LINUX_VERSION_CODE appears here
 * and nowhere else.
 */
#ifndef LXCORE_COMPAT_H
#define LXCORE_COMPAT_H

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/mm_types.h>
#include <linux/mount.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
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

/*
 * Host VFS calls on a mount take its id mapping: a struct user_namespace
 * before 6.3, a struct mnt_idmap since. Otherwise the vfs_*() signatures
 * VolFs uses are the same, so callers pass compat_mnt_idmap(mnt) and name
 * the type compat_idmap; only vfs_rename()'s renamedata needs a wrapper.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define compat_idmap mnt_idmap
static inline struct mnt_idmap *compat_mnt_idmap(struct vfsmount *mnt)
{
	return mnt_idmap(mnt);
}

static inline int compat_vfs_rename(struct vfsmount *mnt, struct inode *old_dir,
				    struct dentry *old, struct inode *new_dir,
				    struct dentry *new, unsigned int flags)
{
	struct renamedata rd = {
		.old_mnt_idmap = mnt_idmap(mnt),
		.old_dir = old_dir,
		.old_dentry = old,
		.new_mnt_idmap = mnt_idmap(mnt),
		.new_dir = new_dir,
		.new_dentry = new,
		.flags = flags,
	};

	return vfs_rename(&rd);
}
#else
#define compat_idmap user_namespace
static inline struct user_namespace *compat_mnt_idmap(struct vfsmount *mnt)
{
	return mnt_user_ns(mnt);
}

static inline int compat_vfs_rename(struct vfsmount *mnt, struct inode *old_dir,
				    struct dentry *old, struct inode *new_dir,
				    struct dentry *new, unsigned int flags)
{
	struct renamedata rd = {
		.old_mnt_userns = mnt_user_ns(mnt),
		.old_dir = old_dir,
		.old_dentry = old,
		.new_mnt_userns = mnt_user_ns(mnt),
		.new_dir = new_dir,
		.new_dentry = new,
		.flags = flags,
	};

	return vfs_rename(&rd);
}
#endif

/* A host inode's atime and mtime: fields before 6.7, accessors since. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
static inline struct timespec64 compat_inode_atime(struct inode *inode)
{
	return inode_get_atime(inode);
}

static inline struct timespec64 compat_inode_mtime(struct inode *inode)
{
	return inode_get_mtime(inode);
}
#else
static inline struct timespec64 compat_inode_atime(struct inode *inode)
{
	return inode->i_atime;
}

static inline struct timespec64 compat_inode_mtime(struct inode *inode)
{
	return inode->i_mtime;
}
#endif

/* A host inode's ctime: a field before 6.6, an accessor since. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
static inline struct timespec64 compat_inode_ctime(struct inode *inode)
{
	return inode_get_ctime(inode);
}
#else
static inline struct timespec64 compat_inode_ctime(struct inode *inode)
{
	return inode->i_ctime;
}
#endif

/*
 * A free range of the caller's address space for a mapping, as mmap picks it.
 * From 6.10 the exported call is the allocator alone: the checks of the
 * kernel's own __get_unmapped_area() on its answer are made here.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
static inline unsigned long compat_get_unmapped_area(struct file *file, unsigned long addr,
						     unsigned long len, unsigned long pgoff,
						     unsigned long flags)
{
	if (len > TASK_SIZE)
		return -ENOMEM;
	addr = mm_get_unmapped_area(current->mm, file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if (addr > TASK_SIZE - len)
		return -ENOMEM;
	if (offset_in_page(addr))
		return -EINVAL;
	return addr;
}
#else
static inline unsigned long compat_get_unmapped_area(struct file *file, unsigned long addr,
						     unsigned long len, unsigned long pgoff,
						     unsigned long flags)
{
	return get_unmapped_area(file, addr, len, pgoff, flags);
}
#endif

/* Take one of the caller's pending signals not in @mask (siglock held). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
static inline int compat_dequeue_signal(sigset_t *mask, kernel_siginfo_t *info,
					enum pid_type *type)
{
	return dequeue_signal(mask, info, type);
}
#else
static inline int compat_dequeue_signal(sigset_t *mask, kernel_siginfo_t *info,
					enum pid_type *type)
{
	return dequeue_signal(current, mask, info, type);
}
#endif

/* The program @mm runs, with a reference (fput()), or NULL. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
static inline struct file *compat_mm_exe_file_get(struct mm_struct *mm)
{
	struct file *exe;

	rcu_read_lock();
	exe = get_file_rcu(&mm->exe_file);
	rcu_read_unlock();
	return exe;
}
#else
static inline struct file *compat_mm_exe_file_get(struct mm_struct *mm)
{
	struct file *exe;

	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe && !get_file_rcu(exe))
		exe = NULL;
	rcu_read_unlock();
	return exe;
}
#endif

/*
 * Whether the host's exec names the task from the file's dentry (an
 * execveat(fd, "", AT_EMPTY_PATH), 6.14 and Debian's 6.1) rather than from
 * bprm->filename; the pico binfmt takes the decision over (and clears it),
 * since its exec always reaches the host in that form.
 */
struct linux_binprm;
static inline bool compat_bprm_take_comm_from_dentry(struct linux_binprm *bprm)
{
#ifdef LX_HAVE_COMM_FROM_DENTRY
	bool v = bprm->comm_from_dentry;

	bprm->comm_from_dentry = 0;
	return v;
#else
	return false;
#endif
}

/*
 * exe_file_deny_write_access() and exe_file_allow_write_access() (the exec
 * write-deny that leaves alone files watched by pre-content events) came to
 * 6.1 in a stable release between Debian's ABIs 6.1.0-50 and -56, with
 * FMODE_FSNOTIFY_HSM; before them exec used deny_write_access() alone.
 */
/* An unnamed host file in @parentpath (vfs_tmpfile_open() became kernel_tmpfile_open() in 6.5). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define compat_tmpfile_open	kernel_tmpfile_open
#else
#define compat_tmpfile_open	vfs_tmpfile_open
#endif

/*
 * Where IN_OPEN falls for an open with O_TRUNC: 6.1 calls fsnotify_open()
 * from do_sys_openat2(), after the truncation (IN_MODIFY, then IN_OPEN);
 * 6.12 from vfs_open(), before it (IN_OPEN, then IN_MODIFY). Kernels in
 * between are not tested: they get 6.1's order.
 */
#define COMPAT_IN_OPEN_BEFORE_TRUNCATE	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0))

#ifndef FMODE_FSNOTIFY_HSM
static inline int exe_file_deny_write_access(struct file *exe_file)
{
	return deny_write_access(exe_file);
}

static inline void exe_file_allow_write_access(struct file *exe_file)
{
	allow_write_access(exe_file);
}
#endif

#endif /* LXCORE_COMPAT_H */
