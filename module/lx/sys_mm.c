// SPDX-License-Identifier: GPL-2.0
/*
 * Memory: mmap and madvise checks. Anonymous memory is the host's own mm
 * (DESIGN: lxcore checks, the host does the work), so munmap, mprotect,
 * mremap, brk, mincore and msync are native rows; mmap runs natively only
 * for anonymous mappings, since a file mapping would name a host fd. A
 * mapping of an LxVfs regular file is made here by the host's mm on the
 * host file behind it (lxvfs_file_host_file()), /dev/zero's as anonymous
 * memory, as Linux's mmap_zero() does. Each host file mapped is recorded
 * with the LxVfs file it stands for: /proc/<pid>/maps shows that name.
 */
#include <linux/err.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/ptrace.h>
#include <linux/sched/mm.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/lx.h"

/*
 * What do_mmap() checks before it asks the file to map itself, in its
 * order, for a File object without a host file: 0 when the file may be
 * mapped (/dev/zero), else the error; pipes, host files, directories and
 * the other devices end in -ENODEV, as Linux answers for a pipe.
 * sysctl_max_map_count and the LSM mmap hooks are not visible to a module
 * and are not checked.
 */
static long lx_mmap_file_check(unsigned long addr, unsigned long len,
			       unsigned long prot, unsigned long flags,
			       unsigned long pgoff, unsigned int fflags, bool zero)
{
	struct mm_struct *mm = current->mm;

	if (flags & MAP_HUGETLB)		/* not a hugetlbfs file */
		return -EINVAL;
	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED))
		addr = 0;			/* a hint never fails */
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	addr = compat_get_unmapped_area(NULL, addr, len, pgoff, flags);
	if (!IS_ERR_VALUE(addr) && (flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len))
		addr = -EEXIST;
	mmap_read_unlock(mm);
	if (IS_ERR_VALUE(addr))
		return addr;

	if ((flags & MAP_LOCKED) && !can_do_mlock())
		return -EPERM;
	/* file_mmap_ok() for a file with no size limit (a pipe, a tty) */
	if (pgoff > (ULONG_MAX - len) >> PAGE_SHIFT)
		return -EOVERFLOW;

	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		flags &= LEGACY_MAP_MASK;
		fallthrough;
	case MAP_SHARED_VALIDATE:
		if (flags & ~LEGACY_MAP_MASK)
			return -EOPNOTSUPP;
		if ((prot & PROT_WRITE) && !(fflags & IO_FILE_WRITE))
			return -EACCES;
		fallthrough;
	case MAP_PRIVATE:
		if (!(fflags & IO_FILE_READ))
			return -EACCES;
		return zero ? 0 : -ENODEV;
	default:
		return -EINVAL;
	}
}

/*
 * A mapping of a regular file's host file: the host's do_mmap() checks it
 * in Linux's order, the host file's f_mode being the File object's access.
 * ksys_mmap_pgoff()'s own checks come first, and vm_mmap()'s offset check
 * (EINVAL) is not Linux's (do_mmap() answers ENOMEM or EOVERFLOW first).
 */
static long lx_mmap_host_file(struct file *filp, unsigned long addr, unsigned long len,
			      unsigned long prot, unsigned long flags, unsigned long off)
{
	unsigned long plen = PAGE_ALIGN(len);

	if (flags & MAP_HUGETLB)		/* not a hugetlbfs file */
		return -EINVAL;
	if (!len)
		return -EINVAL;
	if (!plen)
		return -ENOMEM;
	if ((off >> PAGE_SHIFT) + (plen >> PAGE_SHIFT) < (off >> PAGE_SHIFT) ||
	    off + plen < off)
		return -EOVERFLOW;
	flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE);
	return vm_mmap(filp, addr, len, prot, flags, off);
}

/*
 * /dev/zero: a private mapping is anonymous memory, a shared one anonymous
 * shared memory (Linux's mmap_zero()), once the file checks passed.
 */
static long lx_mmap_zero(unsigned long addr, unsigned long len, unsigned long prot,
			 unsigned long flags)
{
	unsigned long type = (flags & MAP_TYPE) == MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED;

	flags &= ~(MAP_TYPE | MAP_EXECUTABLE | MAP_DENYWRITE | MAP_HUGETLB);
	return vm_mmap(NULL, addr, len, prot, flags | type | MAP_ANONYMOUS, 0);
}

/*
 * mmap(2): anonymous mappings (private, shared, fixed, noreplace,
 * hugetlb...) run on the host, which ignores the fd argument for them. A
 * file mapping takes a handle and is answered here; the host never sees
 * the fd.
 */
long lx_sys_mmap(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned long flags = regs->r10, off = regs->r9;
	struct ob_href ref;
	struct io_file *f;
	struct file *filp;
	unsigned int fflags;
	long ret;

	if (flags & MAP_ANONYMOUS)
		return LX_HOST;
	/* The x86 entry, then ksys_mmap_pgoff(): offset, then the fd. */
	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (lx_get_file(pt, (unsigned int)regs->r8, &ref))
		return -EBADF;
	f = ref.obj;
	fflags = io_file_flags(f);
	if (fflags & IO_FILE_PATH) {		/* fget() does not see O_PATH files */
		ret = -EBADF;
		goto out_put;
	}
	filp = lxvfs_file_host_file(f);
	if (!IS_ERR(filp)) {
		/* maps names the mapping after the LxVfs file, never the host's */
		lxvfs_map_name_path(filp, current->mm, &lxvfs_file_of(f)->path);
		ret = lx_mmap_host_file(filp, regs->di, regs->si, regs->dx, flags, off);
		fput(filp);
		goto out_put;
	}
	ret = PTR_ERR(filp);
	if (ret != -ENODEV)
		goto out_put;
	ret = lx_mmap_file_check(regs->di, regs->si, regs->dx, flags,
				 off >> PAGE_SHIFT, fflags, lxvfs_file_is_zero(f));
	if (!ret)
		ret = lx_mmap_zero(regs->di, regs->si, regs->dx, flags);
out_put:
	ob_handle_put(&ref);
	return ret;
}

/*
 * madvise(2) runs on the host, except memory-failure injection: the root
 * of an instance is not the host's root, so it gets what an unprivileged
 * caller gets, after the same range checks.
 */
long lx_sys_madvise(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned long start = regs->di, len_in = regs->si, len;
	int behavior = (int)regs->dx;

	if (behavior != MADV_HWPOISON && behavior != MADV_SOFT_OFFLINE)
		return LX_HOST;
	if (!PAGE_ALIGNED(start))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	if (start + len < start)
		return -EINVAL;
	if (start + len == start)
		return 0;
	pr_info_ratelimited(LX_PREFIX "instance %s: madvise(%d) refused\n",
			    pt->inst->name, behavior);
	return -EPERM;
}
