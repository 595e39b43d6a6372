// SPDX-License-Identifier: GPL-2.0
/*
 * The pico binfmt: the loader of the images a pico process execs from its
 * instance's LxVfs. Registered at the head of the kernel's list, it claims
 * only execs that lx/sys_exec.c handed the host (a pico task with an LxVfs
 * exec in progress on that very host inode); every other exec is -ENOEXEC
 * after a personality test, and the host's formats run it.
 *
 * It loads static and dynamic ELF (PT_INTERP resolved in LxVfs, never on
 * the host) and "#!" scripts (interpreter resolved in LxVfs), and builds the
 * stack, auxiliary vector and registers as fs/binfmt_elf.c does. Helpers
 * that 6.1 does not export are replaced by small equivalents here; the vDSO
 * is mapped by the host itself through a one-instruction trampoline (see
 * lx_vdso_boot()). docs/architecture.md, "The pico binfmt", has the list.
 */
#include <linux/binfmts.h>
#include <linux/elf.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/personality.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/sched/coredump.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <asm/elf.h>
#include <asm/prctl.h>
#include <asm/processor.h>
#include <asm/vdso.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/lx.h"

/*
 * Our own errno for "not an image lxcore loads": -ENOEXEC would send the
 * exec on to the host's formats (binfmt_elf, binfmt_script, binfmt_misc),
 * which resolve interpreters by host path. lx_exec_done() turns it back
 * into ENOEXEC before the caller sees it. The kernel's exec never returns
 * ELIBEXEC itself.
 */
#define LX_ENOEXEC	ELIBEXEC

#define LX_ELF_MIN_ALIGN	PAGE_SIZE
#define LX_PAGESTART(v)		((v) & ~(unsigned long)(LX_ELF_MIN_ALIGN - 1))
#define LX_PAGEOFFSET(v)	((v) & (LX_ELF_MIN_ALIGN - 1))
#define LX_PAGEALIGN(v)		(((v) + LX_ELF_MIN_ALIGN - 1) & ~(unsigned long)(LX_ELF_MIN_ALIGN - 1))
#define LX_BAD_ADDR(x)		(unlikely((unsigned long)(x) >= TASK_SIZE))

/* The trampoline: mov $__NR_arch_prctl,%eax; syscall (rdi, rsi preset). */
static const u8 lx_vdso_tramp_code[] = { 0xb8, 158, 0, 0, 0, 0x0f, 0x05 };

static struct linux_binfmt lx_binfmt;

/* ---- the exec record: from the syscall to the loader and back ---------- */

static void lx_exec_done(struct callback_head *cb);

/**
 * lx_exec_begin() - record an LxVfs exec that the host is about to run
 * @pt: the calling pico task
 * @inode: the host inode of the file handed to the host
 * @st: its LxVfs attributes
 * @execfn: the file name as Linux would name it (comm, AT_EXECFN)
 * @comm: for an execveat(fd, "", AT_EMPTY_PATH), the name of the file, or NULL
 * @inaccessible: the name will not resolve after exec (a close-on-exec
 *	handle): a script is then ENOENT, as on Linux
 *
 * Return: 0 or -ENOMEM.
 */
int lx_exec_begin(struct ps_task *pt, struct inode *inode, const struct io_stat *st,
		  const char *execfn, const char *comm, bool inaccessible)
{
	size_t len = strlen(execfn) + 1, clen = comm ? strlen(comm) + 1 : 0;
	struct lx_exec *e;

	e = kzalloc(sizeof(*e) + len + clen, GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->inode = inode;
	e->mode = st->mode;
	e->uid = st->uid;
	e->gid = st->gid;
	e->inaccessible = inaccessible;
	memcpy(e->path, execfn, len);
	if (comm) {
		memcpy(e->path + len, comm, clen);
		e->comm = e->path + len;
	}
	e->pt = pt;
	ob_reference(pt);
	init_task_work(&e->work, lx_exec_done);
	if (task_work_add(current, &e->work, TWA_RESUME)) {
		ob_dereference(pt);
		kfree(e);
		return -ESRCH;
	}
	kfree(pt->exec);	/* a stale record (an unused trampoline) */
	pt->exec = e;
	return 0;
}

/*
 * On the way back to user mode from the host's exec: an exec that failed
 * gets ENOEXEC back from our sentinel; the record goes, unless the new
 * image first has to call its vDSO into place.
 */
static void lx_exec_done(struct callback_head *cb)
{
	struct lx_exec *e = container_of(cb, struct lx_exec, work);
	struct ps_task *pt = e->pt;
	struct pt_regs *regs = current_pt_regs();

	if (!e->loaded && regs->ax == (unsigned long)-LX_ENOEXEC)
		regs->ax = -ENOEXEC;
	/* a failed exec: the process still runs what it ran */
	ps_exe_put(e->exe);
	e->exe = NULL;
	if (pt->exec != e || !e->boot) {
		if (pt->exec == e)
			pt->exec = NULL;
		kfree(e);
	}
	ob_dereference_deferred(pt);
}

/* ---- small equivalents of what 6.1 does not export ----------------------- */

/* mm/util.c randomize_page() */
static unsigned long lx_randomize_page(unsigned long start, unsigned long range)
{
	if (start > ULONG_MAX - range)
		range = ULONG_MAX - start;
	range >>= PAGE_SHIFT;
	if (!range)
		return start;
	return PAGE_ALIGN(start) + ((get_random_long() % range) << PAGE_SHIFT);
}

/* randomize_stack_top(STACK_TOP) */
static unsigned long lx_stack_top(void)
{
	unsigned long rnd = 0;

	if (current->flags & PF_RANDOMIZE)
		rnd = (get_random_long() & STACK_RND_MASK) << PAGE_SHIFT;
	return PAGE_ALIGN(STACK_TOP) - rnd;
}

/* arch_mmap_rnd() with the default mmap_rnd_bits */
static unsigned long lx_mmap_rnd(void)
{
	return (get_random_long() &
		((1UL << CONFIG_ARCH_MMAP_RND_BITS) - 1)) << PAGE_SHIFT;
}

/* x86 arch_align_stack() */
static unsigned long lx_align_stack(unsigned long sp)
{
	if (current->flags & PF_RANDOMIZE)
		sp -= get_random_u32() % 8192;
	return sp & ~0xfUL;
}

/* set_personality_64bit(): the caller is 64-bit already (ia32 is refused). */
static void lx_set_personality_64bit(void)
{
	clear_thread_flag(TIF_ADDR32);
	task_pt_regs(current)->orig_ax = __NR_execve;
	current_thread_info()->status &= ~TS_COMPAT;
	current->mm->context.flags = MM_CONTEXT_HAS_VSYSCALL;
	current->personality &= ~READ_IMPLIES_EXEC;
}

/*
 * What the kernel computed once for the whole system and does not export
 * (elf_hwcap2, get_sigframe_size(), vdso64_enabled): read from the
 * caller's own auxiliary vector and mm before the old image goes.
 */
struct lx_sysaux {
	unsigned long hwcap2;
	unsigned long minsigstksz;
	bool has_minsigstksz;
	const struct vdso_image *vdso;
	bool randomize;
};

static void lx_sysaux_read(struct lx_sysaux *s)
{
	struct mm_struct *mm = current->mm;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i + 1 < ARRAY_SIZE(mm->saved_auxv) && mm->saved_auxv[i]; i += 2) {
		if (mm->saved_auxv[i] == AT_HWCAP2) {
			s->hwcap2 = mm->saved_auxv[i + 1];
		} else if (mm->saved_auxv[i] == AT_MINSIGSTKSZ) {
			s->minsigstksz = mm->saved_auxv[i + 1];
			s->has_minsigstksz = true;
		}
	}
	if (mm->context.vdso)
		s->vdso = mm->context.vdso_image;
	s->randomize = current->flags & PF_RANDOMIZE;
}

/* ---- ELF -------------------------------------------------------------------- */

static int lx_elf_read(struct file *file, void *buf, size_t len, loff_t pos)
{
	ssize_t n = kernel_read(file, buf, len, &pos);

	if (n != (ssize_t)len)
		return n < 0 ? n : -EIO;
	return 0;
}

/*
 * x86's elf_check_arch() looks at e_machine only (not EI_CLASS). 32-bit
 * images, which the host's compat loader would run, are not pico images.
 */
static bool lx_elf_ok(const struct elf64_hdr *eh)
{
	return !memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
	       eh->e_machine == EM_X86_64 &&
	       (eh->e_type == ET_EXEC || eh->e_type == ET_DYN);
}

/* load_elf_phdrs(): the table bounded to one page; NULL if malformed. */
static struct elf64_phdr *lx_elf_phdrs(const struct elf64_hdr *eh,
				       struct file *file, int *err)
{
	struct elf64_phdr *ph;
	size_t size;

	*err = -ENOEXEC;
	if (eh->e_phentsize != sizeof(*ph))
		return NULL;
	size = (size_t)eh->e_phnum * sizeof(*ph);
	if (!size || size > 65536 || size > LX_ELF_MIN_ALIGN)
		return NULL;
	ph = kmalloc(size, GFP_KERNEL);
	if (!ph) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = lx_elf_read(file, ph, size, eh->e_phoff);
	if (*err) {
		kfree(ph);
		return NULL;
	}
	return ph;
}

static int lx_elf_prot(u32 flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

static unsigned long lx_total_size(const struct elf64_phdr *ph, unsigned int n)
{
	unsigned long lo = ULONG_MAX, hi = 0;
	bool any = false;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		lo = min_t(unsigned long, lo, LX_PAGESTART(ph[i].p_vaddr));
		hi = max_t(unsigned long, hi, ph[i].p_vaddr + ph[i].p_memsz);
		any = true;
	}
	return any ? hi - lo : 0;
}

static unsigned long lx_max_align(const struct elf64_phdr *ph, unsigned int n)
{
	unsigned long a = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && is_power_of_2(ph[i].p_align))
			a = max_t(unsigned long, a, ph[i].p_align);
	return LX_PAGEALIGN(a);
}

/* Zero the rest of the page after the file's bytes (bss start). */
static int lx_padzero(unsigned long addr)
{
	unsigned long n = LX_PAGEOFFSET(addr);

	if (n && clear_user((void __user *)addr, LX_ELF_MIN_ALIGN - n))
		return -EFAULT;
	return 0;
}

/* elf_map(): one segment's file part, or the whole image's span first. */
static unsigned long lx_elf_map(struct file *file, unsigned long addr,
				const struct elf64_phdr *p, int prot, int type,
				unsigned long total)
{
	unsigned long size = p->p_filesz + LX_PAGEOFFSET(p->p_vaddr);
	unsigned long off = p->p_offset - LX_PAGEOFFSET(p->p_vaddr);
	unsigned long map;

	addr = LX_PAGESTART(addr);
	size = LX_PAGEALIGN(size);
	if (!size)
		return addr;
	if (total) {
		total = LX_PAGEALIGN(total);
		map = vm_mmap(file, addr, total, prot, type, off);
		if (!LX_BAD_ADDR(map))
			vm_munmap(map + size, total - size);
	} else {
		map = vm_mmap(file, addr, size, prot, type, off);
	}
	return map;
}

/* elf_load(): the file part and the anonymous rest of one PT_LOAD. */
static unsigned long lx_elf_load(struct file *file, unsigned long addr,
				 const struct elf64_phdr *p, int prot, int type,
				 unsigned long total)
{
	unsigned long zstart, zend, map;
	int err;

	if (p->p_filesz) {
		map = lx_elf_map(file, addr, p, prot, type, total);
		if (LX_BAD_ADDR(map))
			return map;
		zstart = map + LX_PAGEOFFSET(p->p_vaddr) + p->p_filesz;
		zend = map + LX_PAGEOFFSET(p->p_vaddr) + p->p_memsz;
		/* as binfmt_elf: a read-only page stays as the file has it */
		if (p->p_memsz > p->p_filesz)
			lx_padzero(zstart);
	} else {
		map = zstart = LX_PAGESTART(addr);
		zend = zstart + LX_PAGEOFFSET(p->p_vaddr) + p->p_memsz;
	}
	if (p->p_memsz > p->p_filesz) {
		zstart = LX_PAGEALIGN(zstart);
		zend = LX_PAGEALIGN(zend);
		err = vm_brk_flags(zstart, zend - zstart, prot & PROT_EXEC ? VM_EXEC : 0);
		if (err)
			return err;
	}
	return map;
}

/* A segment whose end would pass TASK_SIZE (or filesz > memsz). */
static bool lx_seg_bad(unsigned long k, const struct elf64_phdr *p)
{
	return LX_BAD_ADDR(k) || p->p_filesz > p->p_memsz ||
	       p->p_memsz > TASK_SIZE || TASK_SIZE - p->p_memsz < k;
}

/* load_elf_interp(): returns the load bias or an error value. */
static unsigned long lx_load_interp(const struct elf64_hdr *ih, struct file *file,
				    const struct elf64_phdr *ph)
{
	unsigned long load = 0, bss = 0, last = 0, total, map, k;
	bool load_set = false;
	int bss_prot = 0, prot, type;
	unsigned int i;

	if (!file->f_op->mmap)
		return -ENOEXEC;
	total = lx_total_size(ph, ih->e_phnum);
	if (!total)
		return -EINVAL;
	for (i = 0; i < ih->e_phnum; i++) {
		const struct elf64_phdr *p = &ph[i];

		if (p->p_type != PT_LOAD)
			continue;
		prot = lx_elf_prot(p->p_flags);
		type = MAP_PRIVATE;
		if (ih->e_type == ET_EXEC || load_set)
			type |= MAP_FIXED;
		map = lx_elf_map(file, load + p->p_vaddr, p, prot, type, total);
		total = 0;
		if (LX_BAD_ADDR(map))
			return map;
		if (!load_set && ih->e_type == ET_DYN) {
			load = map - LX_PAGESTART(p->p_vaddr);
			load_set = true;
		}
		k = load + p->p_vaddr;
		if (lx_seg_bad(k, p))
			return -ENOMEM;
		k = load + p->p_vaddr + p->p_filesz;
		if (k > bss)
			bss = k;
		k = load + p->p_vaddr + p->p_memsz;
		if (k > last) {
			last = k;
			bss_prot = prot;
		}
	}
	if (lx_padzero(bss))
		return -EFAULT;
	bss = LX_PAGEALIGN(bss);
	last = LX_PAGEALIGN(last);
	if (last > bss) {
		int err = vm_brk_flags(bss, last - bss,
				       bss_prot & PROT_EXEC ? VM_EXEC : 0);
		if (err)
			return err;
	}
	return load;
}

/*
 * The file name on the new stack (AT_EXECFN) is the host's "/dev/fd/N":
 * replace it with Linux's name for the exec, moving the argument and
 * environment strings below it by the difference, so the layout is
 * Linux's: strings, then the file name at the top.
 */
static int lx_fix_execfn(struct linux_binprm *bprm, const char *name,
			 size_t old_len)
{
	size_t new_len = strlen(name) + 1, size = bprm->exec - bprm->p, off, n;
	long delta = (long)new_len - (long)old_len;
	unsigned long src = bprm->p, dst = bprm->p - delta;
	char *buf;
	int err = 0;

	if (delta && size) {
		buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		for (off = 0; !err && off < size; off += n) {
			/* down: lowest chunk first; up: highest first */
			unsigned long at;

			n = min_t(size_t, PAGE_SIZE, size - off);
			at = delta > 0 ? off : size - off - n;
			if (copy_from_user(buf, (void __user *)(src + at), n) ||
			    copy_to_user((void __user *)(dst + at), buf, n))
				err = -EFAULT;
		}
		kfree(buf);
		if (err)
			return err;
	}
	bprm->p = dst;
	bprm->exec = bprm->exec + old_len - new_len;
	current->mm->arg_start = bprm->p;
	if (copy_to_user((void __user *)bprm->exec, name, new_len))
		return -EFAULT;
	return 0;
}

struct lx_elf_info {
	unsigned long phdr, entry, interp_base, vdso_hint;
	unsigned int phnum;
	bool secure;
	u32 uid, euid, gid, egid;
	unsigned long *vdso_slot;	/* in mm->saved_auxv */
};

#define LX_STACK_ALLOC(sp, len) ((sp) -= (len))

/* create_elf_tables() */
static int lx_elf_tables(struct linux_binprm *bprm, const struct lx_sysaux *sa,
			 struct lx_elf_info *in, struct lx_exec *e)
{
	static const char platform[] = "x86_64";
	struct mm_struct *mm = current->mm;
	unsigned long p = bprm->p, __user *sp, *ai = mm->saved_auxv;
	unsigned long u_platform, u_rand, vdso_off = 0;
	int argc = bprm->argc, envc = bprm->envc, items, n;
	u8 rnd[16];

	p = lx_align_stack(p);
	u_platform = LX_STACK_ALLOC(p, sizeof(platform));
	if (copy_to_user((void __user *)u_platform, platform, sizeof(platform)))
		return -EFAULT;
	get_random_bytes(rnd, sizeof(rnd));
	u_rand = LX_STACK_ALLOC(p, sizeof(rnd));
	if (copy_to_user((void __user *)u_rand, rnd, sizeof(rnd)))
		return -EFAULT;

#define LX_AUX(id, val) do { *ai++ = (id); *ai++ = (val); } while (0)
	if (sa->vdso) {
		vdso_off = ai - mm->saved_auxv;
		LX_AUX(AT_SYSINFO_EHDR, in->vdso_hint);
	}
	if (sa->has_minsigstksz)
		LX_AUX(AT_MINSIGSTKSZ, sa->minsigstksz);
	LX_AUX(AT_HWCAP, ELF_HWCAP);
	LX_AUX(AT_PAGESZ, ELF_EXEC_PAGESIZE);
	LX_AUX(AT_CLKTCK, CLOCKS_PER_SEC);
	LX_AUX(AT_PHDR, in->phdr);
	LX_AUX(AT_PHENT, sizeof(struct elf64_phdr));
	LX_AUX(AT_PHNUM, in->phnum);
	LX_AUX(AT_BASE, in->interp_base);
	LX_AUX(AT_FLAGS, bprm->interp_flags & BINPRM_FLAGS_PRESERVE_ARGV0 ?
	       AT_FLAGS_PRESERVE_ARGV0 : 0);
	LX_AUX(AT_ENTRY, in->entry);
	LX_AUX(AT_UID, in->uid);
	LX_AUX(AT_EUID, in->euid);
	LX_AUX(AT_GID, in->gid);
	LX_AUX(AT_EGID, in->egid);
	LX_AUX(AT_SECURE, in->secure);
	LX_AUX(AT_RANDOM, u_rand);
	LX_AUX(AT_HWCAP2, sa->hwcap2);
	LX_AUX(AT_EXECFN, bprm->exec);
	LX_AUX(AT_PLATFORM, u_platform);
#undef LX_AUX
	memset(ai, 0, (char *)mm->saved_auxv + sizeof(mm->saved_auxv) - (char *)ai);
	ai += 2;
	n = ai - mm->saved_auxv;

	sp = (unsigned long __user *)p - n;
	items = (argc + 1) + (envc + 1) + 1;
	bprm->p = ((unsigned long)(sp - items)) & ~15UL;
	sp = (unsigned long __user *)bprm->p;

	if (put_user((unsigned long)argc, sp++))
		return -EFAULT;
	p = mm->arg_end = mm->arg_start;
	while (argc-- > 0) {
		long len;

		if (put_user(p, sp++))
			return -EFAULT;
		len = strnlen_user((void __user *)p, MAX_ARG_STRLEN);
		if (!len || len > MAX_ARG_STRLEN)
			return -EINVAL;
		p += len;
	}
	if (put_user(0UL, sp++))
		return -EFAULT;
	mm->arg_end = mm->env_start = p;
	while (envc-- > 0) {
		long len;

		if (put_user(p, sp++))
			return -EFAULT;
		len = strnlen_user((void __user *)p, MAX_ARG_STRLEN);
		if (!len || len > MAX_ARG_STRLEN)
			return -EINVAL;
		p += len;
	}
	if (put_user(0UL, sp++))
		return -EFAULT;
	mm->env_end = p;
	if (sa->vdso)
		e->auxv_vdso = (unsigned long)(sp + vdso_off + 1);
	if (copy_to_user(sp, mm->saved_auxv, n * sizeof(unsigned long)))
		return -EFAULT;
	return 0;
}

/* vdso_addr(): above the stack, in the same PMD, at a random page. */
static unsigned long lx_vdso_addr(unsigned long start, unsigned long len)
{
	unsigned long end;

	start = PAGE_ALIGN(start);
	end = (start + len + PMD_SIZE - 1) & PMD_MASK;
	if (end >= DEFAULT_MAP_WINDOW)
		end = DEFAULT_MAP_WINDOW;
	end -= len;
	if (end > start)
		start += (unsigned long)(get_random_u32() %
			 (((end - start) >> PAGE_SHIFT) + 1)) << PAGE_SHIFT;
	return start;
}

/* The interpreter named by PT_INTERP, opened from LxVfs. */
static struct file *lx_elf_interp(struct linux_binprm *bprm, struct ps_task *pt,
				  const struct elf64_phdr *p)
{
	struct io_stat st;
	struct ps_exe *x;
	struct file *file;
	char *name;
	int err;

	if (p->p_filesz > PATH_MAX || p->p_filesz < 2)
		return ERR_PTR(-ENOEXEC);
	name = kmalloc(p->p_filesz, GFP_KERNEL);
	if (!name)
		return ERR_PTR(-ENOMEM);
	err = lx_elf_read(bprm->file, name, p->p_filesz, p->p_offset);
	if (!err && name[p->p_filesz - 1])
		err = -ENOEXEC;
	file = err ? ERR_PTR(err) : lx_exec_file(pt, AT_FDCWD, name,
						 name[0] ? 0 : AT_EMPTY_PATH, &st, &x);
	kfree(name);
	if (IS_ERR(file))
		return file;
	/* /proc/<pid>/maps names its mappings as LxVfs found it */
	lxvfs_map_name_exe(file, bprm->mm, x);
	ps_exe_put(x);
	err = exe_file_deny_write_access(file);
	if (err) {
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}

/*
 * The instance credentials after exec, by Linux's rules (bprm_fill_uid()
 * and commoncap's cap_bprm_creds_from_file(), no file capabilities, no
 * ambient set, no securebits): the final image's set-user-ID and
 * set-group-ID (with group exec) bits, unless the task is traced or has
 * no_new_privs; the saved and fs ids become the effective ones; root (real
 * or effective uid 0) gets bounding | inheritable as permitted, effective
 * only with euid 0; anyone else none. *@secure: AT_SECURE.
 */
static struct ps_cred *lx_exec_creds(struct linux_binprm *bprm, struct ps_task *pt,
				     const struct lx_exec *e, bool *secure)
{
	const struct ps_cred *old = ps_cred_self(pt);
	struct ps_cred *new = ps_cred_prepare(old);
	bool effective = false;

	if (!new)
		return NULL;
	if (!task_no_new_privs(current) && !current->ptrace) {
		if (e->mode & S_ISUID) {
			new->euid = e->uid;
			bprm->per_clear |= PER_CLEAR_ON_SETID;
		}
		if ((e->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) {
			new->egid = e->gid;
			bprm->per_clear |= PER_CLEAR_ON_SETID;
		}
	}
	new->cap_permitted = 0;
	if (new->euid == 0 || new->uid == 0)
		new->cap_permitted = old->cap_bset | old->cap_inheritable;
	if (new->euid == 0)
		effective = true;
	new->cap_effective = effective ? new->cap_permitted : 0;
	new->suid = new->fsuid = new->euid;
	new->sgid = new->fsgid = new->egid;
	*secure = new->euid != old->uid || new->egid != old->gid ||
		  (new->uid != 0 && (effective || new->cap_permitted));
	return new;
}

static int lx_load_elf(struct linux_binprm *bprm, struct ps_task *pt,
		       struct lx_exec *e)
{
	struct elf64_hdr *eh = (struct elf64_hdr *)bprm->buf, *ih = NULL;
	struct elf64_phdr *ph, *iph = NULL, *p;
	unsigned long load_bias = 0, phdr = 0, brk = 0, entry, error;
	unsigned long start_code = ~0UL, end_code = 0, start_data = 0, end_data = 0;
	struct lx_elf_info in = { 0 };
	struct ps_cred *cred = NULL;
	struct file *interp = NULL;
	struct lx_sysaux sa;
	int exstack = EXSTACK_DEFAULT, err;
	bool first = true, brk_moved = false;
	struct pt_regs *regs;
	unsigned int i;

	if (!lx_elf_ok(eh) || !bprm->file->f_op->mmap)
		return -ENOEXEC;
	if (e->exe)	/* /proc/<pid>/maps names the program's mappings */
		lxvfs_map_name_exe(bprm->file, bprm->mm, e->exe);
	ph = lx_elf_phdrs(eh, bprm->file, &err);
	if (!ph)
		return -ENOEXEC;	/* binfmt_elf: whatever failed */
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_INTERP)
			continue;
		interp = lx_elf_interp(bprm, pt, &ph[i]);
		if (IS_ERR(interp)) {
			err = PTR_ERR(interp);
			interp = NULL;
			goto out_free_ph;
		}
		would_dump(bprm, interp);
		ih = kmalloc(sizeof(*ih), GFP_KERNEL);
		err = ih ? lx_elf_read(interp, ih, sizeof(*ih), 0) : -ENOMEM;
		if (err)
			goto out_free_interp;
		break;
	}
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_GNU_STACK)
			exstack = ph[i].p_flags & PF_X ? EXSTACK_ENABLE_X : EXSTACK_DISABLE_X;
	if (interp) {
		err = -ELIBBAD;
		if (memcmp(ih->e_ident, ELFMAG, SELFMAG) || ih->e_machine != EM_X86_64)
			goto out_free_interp;
		iph = lx_elf_phdrs(ih, interp, &err);
		if (!iph) {
			err = -ELIBBAD;
			goto out_free_interp;
		}
		if (ih->e_type != ET_EXEC && ih->e_type != ET_DYN) {
			err = -ELIBBAD;
			goto out_free_interp;
		}
	}
	lx_sysaux_read(&sa);
	cred = lx_exec_creds(bprm, pt, e, &in.secure);
	if (!cred) {
		err = -ENOMEM;
		goto out_free_interp;
	}
	if (in.secure)
		bprm->secureexec = 1;	/* the host's pdeath_signal and stack rules */
	in.uid = cred->uid;
	in.euid = cred->euid;
	in.gid = cred->gid;
	in.egid = cred->egid;

	err = begin_new_exec(bprm);
	if (err)
		goto out_free_interp;
	/* Past the point of no return: a failure now ends in SIGSEGV. */
	if (cred->euid != cred->uid || cred->egid != cred->gid)
		set_mask_bits(&current->mm->flags, MMF_DUMPABLE_MASK, SUID_DUMP_DISABLE);
	ps_cred_commit(pt, cred);
	cred = NULL;
	lx_set_personality_64bit();
	if (!(current->personality & ADDR_NO_RANDOMIZE) && sa.randomize)
		current->flags |= PF_RANDOMIZE;
	setup_new_exec(bprm);
	err = setup_arg_pages(bprm, lx_stack_top(), exstack);
	if (err < 0)
		goto out_free_interp;
	err = lx_fix_execfn(bprm, e->path, e->host_execfn_len);
	if (err)
		goto out_free_interp;

	for (i = 0, p = ph; i < eh->e_phnum; i++, p++) {
		unsigned long k, vaddr = p->p_vaddr, total = 0, align;
		int prot, flags = MAP_PRIVATE;

		if (p->p_type != PT_LOAD)
			continue;
		prot = lx_elf_prot(p->p_flags);
		if (!first) {
			flags |= MAP_FIXED;
		} else if (eh->e_type == ET_EXEC) {
			flags |= MAP_FIXED_NOREPLACE;
		} else {
			total = lx_total_size(ph, eh->e_phnum);
			if (!total) {
				err = -EINVAL;
				goto out_free_interp;
			}
			align = lx_max_align(ph, eh->e_phnum);
			if (interp) {
				load_bias = ELF_ET_DYN_BASE;
				if (current->flags & PF_RANDOMIZE)
					load_bias += lx_mmap_rnd();
				if (align)
					load_bias &= ~(align - 1);
				flags |= MAP_FIXED_NOREPLACE;
			} else if (align > LX_ELF_MIN_ALIGN) {
				load_bias = lx_elf_load(bprm->file, 0, p, prot,
							flags, total);
				if (LX_BAD_ADDR(load_bias)) {
					err = IS_ERR_VALUE(load_bias) ?
					      (int)load_bias : -EINVAL;
					goto out_free_interp;
				}
				vm_munmap(load_bias, total);
				load_bias &= ~(align - 1);
				flags |= MAP_FIXED_NOREPLACE;
			} else {
				load_bias = 0;
			}
			load_bias = LX_PAGESTART(load_bias - vaddr);
		}
		error = lx_elf_load(bprm->file, load_bias + vaddr, p, prot, flags,
				    total);
		if (LX_BAD_ADDR(error)) {
			err = IS_ERR_VALUE(error) ? (int)error : -EINVAL;
			goto out_free_interp;
		}
		if (first) {
			first = false;
			if (eh->e_type == ET_DYN)
				load_bias += error - LX_PAGESTART(load_bias + vaddr);
		}
		if (p->p_offset <= eh->e_phoff &&
		    eh->e_phoff < p->p_offset + p->p_filesz)
			phdr = eh->e_phoff - p->p_offset + p->p_vaddr;
		k = p->p_vaddr;
		if ((p->p_flags & PF_X) && k < start_code)
			start_code = k;
		if (start_data < k)
			start_data = k;
		if (lx_seg_bad(k, p)) {
			err = -EINVAL;
			goto out_free_interp;
		}
		k = p->p_vaddr + p->p_filesz;
		if ((p->p_flags & PF_X) && end_code < k)
			end_code = k;
		if (end_data < k)
			end_data = k;
		k = p->p_vaddr + p->p_memsz;
		if (k > brk)
			brk = k;
	}
	in.entry = eh->e_entry + load_bias;
	in.phdr = phdr + load_bias;
	in.phnum = eh->e_phnum;
	brk += load_bias;
	start_code += load_bias;
	end_code += load_bias;
	start_data += load_bias;
	end_data += load_bias;

	if (interp) {
		entry = lx_load_interp(ih, interp, iph);
		if (!IS_ERR_VALUE(entry)) {
			in.interp_base = entry;
			entry += ih->e_entry;
		}
		if (LX_BAD_ADDR(entry)) {
			err = IS_ERR_VALUE(entry) ? (int)entry : -EINVAL;
			goto out_free_interp;
		}
	} else {
		entry = in.entry;
		if (LX_BAD_ADDR(entry)) {
			err = -EINVAL;
			goto out_free_interp;
		}
	}
	set_binfmt(&lx_binfmt);

	/* The trampoline that lets the host map the vDSO (lx_vdso_boot()). */
	if (sa.vdso) {
		e->tramp = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
				   MAP_PRIVATE | MAP_ANONYMOUS, 0);
		if (LX_BAD_ADDR(e->tramp) ||
		    copy_to_user((void __user *)e->tramp, lx_vdso_tramp_code,
				 sizeof(lx_vdso_tramp_code))) {
			err = -ENOMEM;
			goto out_free_interp;
		}
	}
	/* mm->start_stack is not known yet: bprm->p is close enough for a hint. */
	if (sa.vdso)
		in.vdso_hint = lx_vdso_addr(bprm->p, sa.vdso->size -
					    sa.vdso->sym_vvar_start) -
			       sa.vdso->sym_vvar_start;
	err = lx_elf_tables(bprm, &sa, &in, e);
	if (err)
		goto out_free_interp;

	current->mm->end_code = end_code;
	current->mm->start_code = start_code;
	current->mm->start_data = start_data;
	current->mm->end_data = end_data;
	current->mm->start_stack = bprm->p;
	if (eh->e_type == ET_DYN && !interp) {
		brk = ELF_ET_DYN_BASE;
		brk_moved = true;
	}
	current->mm->start_brk = current->mm->brk = LX_PAGEALIGN(brk);
	if (current->flags & PF_RANDOMIZE) {
		/* randomize_va_space 2, Debian's default (not exported) */
		if (!brk_moved)
			current->mm->brk = current->mm->start_brk =
				current->mm->brk + PAGE_SIZE;
		current->mm->brk = current->mm->start_brk =
			lx_randomize_page(current->mm->brk, 0x02000000);
		brk_moved = true;
	}
#ifdef CONFIG_COMPAT_BRK
	if (brk_moved)
		current->brk_randomized = 1;
#endif

	regs = current_pt_regs();
	ELF_PLAT_INIT(regs, 0);
	finalize_exec(bprm);
	start_thread(regs, entry, bprm->p);
	if (sa.vdso) {
		e->entry = entry;
		e->sp = bprm->p;
		e->boot = true;
		regs->ip = e->tramp;
		regs->di = ARCH_MAP_VDSO_64;
		regs->si = in.vdso_hint + sa.vdso->sym_vvar_start;
	}
	e->loaded = true;
	ps_process_set_exe(pt->proc, e->exe);
	e->exe = NULL;
	err = 0;

out_free_interp:
	if (cred)
		ps_cred_put(cred);
	if (interp) {
		exe_file_allow_write_access(interp);
		fput(interp);
	}
	kfree(ih);
	kfree(iph);
out_free_ph:
	kfree(ph);
	return err;
}

/* ---- "#!" ------------------------------------------------------------------- */

static bool lx_spacetab(char c)
{
	return c == ' ' || c == '\t';
}

static const char *lx_next_nonspace(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (!lx_spacetab(*first))
			return first;
	return NULL;
}

static const char *lx_next_terminator(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (lx_spacetab(*first) || !*first)
			return first;
	return NULL;
}

/*
 * binfmt_script's rules: the line ends at a newline within the buffer
 * (BINPRM_BUF_SIZE, so 255 characters after "#!"), or the interpreter
 * path must end within it; trailing blanks trimmed; one optional argument
 * (the rest of the line); argv becomes interpreter, [argument], the
 * script's name, then argv[1...]. The interpreter resolves in LxVfs and
 * the host's exec loop loads it (its depth limit gives ELOOP).
 */
static int lx_load_script(struct linux_binprm *bprm, struct ps_task *pt,
			  struct lx_exec *e)
{
	const char *i_name, *i_sep, *i_arg, *i_end, *buf_end;
	struct ps_exe *exe;
	struct io_stat st;
	struct file *file;
	int err;

	buf_end = bprm->buf + sizeof(bprm->buf) - 1;
	i_end = strnchr(bprm->buf, sizeof(bprm->buf), '\n');
	if (!i_end) {
		i_end = lx_next_nonspace(bprm->buf + 2, buf_end);
		if (!i_end)
			return -ENOEXEC;
		if (!lx_next_terminator(i_end, buf_end))
			return -ENOEXEC;
		i_end = buf_end;
	}
	while (lx_spacetab(i_end[-1]))
		i_end--;
	i_name = lx_next_nonspace(bprm->buf + 2, i_end);
	if (!i_name || i_name == i_end)
		return -ENOEXEC;
	i_arg = NULL;
	i_sep = lx_next_terminator(i_name, i_end);
	if (i_sep && *i_sep)
		i_arg = lx_next_nonspace(i_sep, i_end);
	if (e->inaccessible)
		return -ENOENT;

	err = remove_arg_zero(bprm);
	if (err)
		return err;
	err = copy_string_kernel(bprm->interp, bprm);
	if (err < 0)
		return err;
	bprm->argc++;
	*((char *)i_end) = '\0';
	if (i_arg) {
		*((char *)i_sep) = '\0';
		err = copy_string_kernel(i_arg, bprm);
		if (err < 0)
			return err;
		bprm->argc++;
	}
	err = copy_string_kernel(i_name, bprm);
	if (err)
		return err;
	bprm->argc++;
	err = bprm_change_interp(i_name, bprm);
	if (err < 0)
		return err;

	/* open_exec(""): the walk ends at the cwd, a directory (EACCES) */
	file = lx_exec_file(pt, AT_FDCWD, i_name, i_name[0] ? 0 : AT_EMPTY_PATH, &st, &exe);
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = exe_file_deny_write_access(file);
	if (err) {
		ps_exe_put(exe);
		fput(file);
		return err;
	}
	/* a script's process runs its interpreter: that is /proc/<pid>/exe */
	ps_exe_put(e->exe);
	e->exe = exe;
	e->inode = file_inode(file);	/* the next round is ours too */
	e->mode = st.mode;		/* the final image's set-id bits count */
	e->uid = st.uid;
	e->gid = st.gid;
	bprm->interpreter = file;
	return 0;
}

/* ---- the binfmt ------------------------------------------------------------- */

/*
 * The first time the loader sees the exec, the host's name for it
 * ("/dev/fd/N") becomes Linux's (comm and AT_EXECFN come from it).
 */
static int lx_rename_exec(struct linux_binprm *bprm, struct lx_exec *e)
{
	char *name, *comm;

	if (e->renamed)
		return 0;
	/* not the host's fd name: leave the host's strings alone */
	if (!bprm->fdpath || bprm->fdpath != bprm->filename ||
	    bprm->interp != bprm->filename)
		return -EINVAL;
	name = kstrdup(e->path, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	comm = name;
	/* bprm->filename names the task: Linux's name, or the file's own */
	if (compat_bprm_take_comm_from_dentry(bprm) && e->comm) {
		comm = kstrdup(e->comm, GFP_KERNEL);
		if (!comm) {
			kfree(name);
			return -ENOMEM;
		}
	}
	e->host_execfn_len = strlen(bprm->filename) + 1;
	kfree(bprm->fdpath);
	bprm->fdpath = comm;		/* free_bprm() frees both */
	bprm->interp = name;
	bprm->filename = comm;
	bprm->interp_flags &= ~BINPRM_FLAGS_PATH_INACCESSIBLE;
	e->renamed = true;
	return 0;
}

/*
 * A pico task with an LxVfs root execs only what lx/sys_exec.c recorded:
 * another file means the host resolved a host path (a thread rewrote the
 * caller's path in between). Without a root, the transitional host-path
 * exec goes to the host's formats.
 */
static int lx_not_recorded(struct ps_task *pt)
{
	struct lxvfs_path root;

	if (!lxvfs_fs_root(pt->fs, &root))
		return -ENOEXEC;
	lxvfs_path_put(&root);
	pr_info_ratelimited(LX_PREFIX "instance %s: exec of a file LxVfs did not name refused\n",
			    pt->inst->name);
	return -EACCES;
}

static int lx_load_binary(struct linux_binprm *bprm)
{
	struct ps_task *pt;
	struct lx_exec *e;
	int err;

	if (likely(!ps_personality_is_pico(current->personality)))
		return -ENOEXEC;
	pt = ps_task_current();
	if (!pt)
		return -ENOEXEC;	/* a forged personality: an ordinary task */
	e = pt->exec;
	if (!e || e->loaded || e->inode != file_inode(bprm->file))
		return lx_not_recorded(pt);
	err = lx_rename_exec(bprm, e);
	if (err)
		return err;
	if (bprm->buf[0] == '#' && bprm->buf[1] == '!')
		err = lx_load_script(bprm, pt, e);
	else
		err = lx_load_elf(bprm, pt, e);
	return err == -ENOEXEC ? -LX_ENOEXEC : err;
}

static struct linux_binfmt lx_binfmt = {
	.module = THIS_MODULE,
	.load_binary = lx_load_binary,
};

/* ---- the vDSO ----------------------------------------------------------------- */

static void lx_vdso_booted(struct callback_head *cb);

/**
 * lx_vdso_boot() - the first call of a new image: the trampoline's
 * arch_prctl(ARCH_MAP_VDSO_64, hint)
 * @regs: the caller's registers
 * @pt: the calling pico task
 *
 * 6.1 exports neither arch_setup_additional_pages() nor the vDSO image, so
 * the loader starts the image at a one-page trampoline whose only
 * instruction is this call; the host maps the vDSO as Linux does (its own
 * map_vdso(), [vdso] and [vvar], mm->context.vdso), then task work puts
 * the address in the auxiliary vector, unmaps the trampoline and starts
 * the image at its entry with the registers Linux gives it.
 *
 * Return: LX_HOST for that call, 0 for any other.
 */
long lx_vdso_boot(struct pt_regs *regs, struct ps_task *pt)
{
	struct lx_exec *e = pt->exec;

	if (!e || !e->boot || regs->ip != e->tramp + sizeof(lx_vdso_tramp_code) ||
	    regs->di != ARCH_MAP_VDSO_64)
		return 0;
	e->boot = false;
	init_task_work(&e->work, lx_vdso_booted);
	if (task_work_add(current, &e->work, TWA_RESUME))
		return -ESRCH;
	ob_reference(pt);
	return LX_HOST;
}

static void lx_vdso_booted(struct callback_head *cb)
{
	struct lx_exec *e = container_of(cb, struct lx_exec, work);
	struct ps_task *pt = e->pt;
	struct pt_regs *regs = current_pt_regs();
	struct mm_struct *mm = current->mm;
	unsigned long vdso = (unsigned long)mm->context.vdso;
	unsigned long type = AT_SYSINFO_EHDR;
	unsigned int i;

	if (!vdso)
		type = AT_IGNORE;	/* the host refused: no vDSO, as vdso=0 */
	for (i = 0; i + 1 < ARRAY_SIZE(mm->saved_auxv); i += 2)
		if (mm->saved_auxv[i] == AT_SYSINFO_EHDR) {
			mm->saved_auxv[i] = type;
			mm->saved_auxv[i + 1] = vdso;
			break;
		}
	if (put_user(type, (unsigned long __user *)e->auxv_vdso - 1) ||
	    put_user(vdso, (unsigned long __user *)e->auxv_vdso))
		force_sig(SIGSEGV);
	vm_munmap(e->tramp, PAGE_SIZE);
	/* ELF_PLAT_INIT's registers; fs and gs are still exec's zeros. */
	regs->bx = regs->cx = regs->dx = regs->si = regs->di = regs->bp = 0;
	regs->r8 = regs->r9 = regs->r10 = regs->r11 = 0;
	regs->r12 = regs->r13 = regs->r14 = regs->r15 = 0;
	regs->ax = 0;
	regs->flags = X86_EFLAGS_IF;
	regs->ip = e->entry;
	regs->sp = e->sp;
	if (pt->exec == e)
		pt->exec = NULL;
	kfree(e);
	ob_dereference_deferred(pt);
}

int lx_binfmt_init(void)
{
	__register_binfmt(&lx_binfmt, 1);
	return 0;
}

void lx_binfmt_exit(void)
{
	unregister_binfmt(&lx_binfmt);
	/* the names of the mappings the binfmt and mmap recorded */
	lxvfs_map_names_exit();
}
