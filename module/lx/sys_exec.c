// SPDX-License-Identifier: GPL-2.0
/*
 * execve and execveat of files in the instance's tree. The path resolves in
 * LxVfs with Linux's checks (walk errors, then EACCES for what is not an
 * executable regular file for the caller's instance credentials); the host
 * then execs the file's host file (tmpfs: its shmem file, VolFs: the
 * backing file) through a close-on-exec host fd, as execveat(fd, "",
 * AT_EMPTY_PATH): the host never sees an instance path.
 *
 * First slice: static ELF only. The host's loaders would resolve a
 * PT_INTERP interpreter or a "#!" interpreter by host path, so such files
 * are refused with ENOEXEC before the host sees them, as is anything that
 * is not x86-64 ELF (binfmt_misc could name a host interpreter). Dynamic
 * and script exec come with the pico binfmt.
 *
 * Transitional: a process without an LxVfs root (it entered before
 * anything was mounted) still execs by host path, natively.
 */
#include <linux/elf.h>
#include <linux/fcntl.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <asm/unistd.h>

#include "lxcore.h"
#include "lx/lx.h"

/* binfmt_elf's bound on the program header table. */
#define LX_EXEC_PHDRS_MAX	65536U

/*
 * Is @file a static x86-64 ELF executable? Reads its header and program
 * headers through the host file.
 * Return: 0, -ENOEXEC (not ELF, a "#!" script, another machine, a
 * PT_INTERP segment), -EIO (a short program header table), a read error.
 */
static int lx_exec_check_image(struct file *file)
{
	struct elf64_phdr *ph;
	struct elf64_hdr eh;
	loff_t pos = 0;
	size_t size;
	ssize_t n;
	unsigned int i;
	int err = 0;

	n = kernel_read(file, &eh, sizeof(eh), &pos);
	if (n < 0)
		return n;
	if (n < (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(*ph) || !eh.e_phnum)
		return -ENOEXEC;	/* "#!" scripts land here too */
	size = (size_t)eh.e_phnum * sizeof(*ph);
	if (size > LX_EXEC_PHDRS_MAX)
		return -ENOEXEC;
	ph = kmalloc(size, GFP_KERNEL);
	if (!ph)
		return -ENOMEM;
	pos = eh.e_phoff;
	n = kernel_read(file, ph, size, &pos);
	if (n != (ssize_t)size)
		err = n < 0 ? n : -EIO;
	for (i = 0; !err && i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			err = -ENOEXEC;	/* dynamic: the pico binfmt */
	kfree(ph);
	return err;
}

/*
 * What @path (the caller's copy) names from @dfd, with execveat's @flags.
 * Return: 0 with *@out referenced, or the walk's error.
 */
static int lx_exec_resolve(struct ps_task *pt, int dfd, const char *path,
			   int flags, struct lxvfs_path *out)
{
	struct lxvfs_cred cred;
	struct lxvfs_walk w;
	int err;

	if (!path[0])
		return flags & AT_EMPTY_PATH ? lx_path_of_fd(pt, dfd, out) : -ENOENT;
	err = lx_walk_begin(pt, dfd, path, flags & AT_SYMLINK_NOFOLLOW ? 0 :
			    LXVFS_WALK_FOLLOW, &w, &cred);
	if (err)
		return err;
	err = ob_status_to_errno(lxvfs_walk(&w, path, out));
	lx_walk_end(&w);
	return err;
}

/*
 * The host file to exec for @p, after Linux's checks on it: a final
 * symbolic link (not followed) is ELOOP, anything but a regular file with
 * an exec bit the caller may use is EACCES.
 */
static struct file *lx_exec_open(struct ps_task *pt, const struct lxvfs_path *p)
{
	struct lxvfs_node *n = p->node;
	struct lxvfs_cred cred;
	struct io_stat st;
	struct file *file;
	int err;

	err = lx_getattr(p, &st);
	if (err)
		return ERR_PTR(err);
	if (S_ISLNK(st.mode))
		return ERR_PTR(-ELOOP);
	if (!S_ISREG(st.mode) || !n->ops->host_file)
		return ERR_PTR(-EACCES);
	lx_vfs_cred(pt, &cred);
	err = ob_status_to_errno(lxvfs_permission(&st, &cred, MAY_EXEC));
	if (err)
		return ERR_PTR(err);
	file = n->ops->host_file(n);
	if (IS_ERR(file))
		return file;
	err = lx_exec_check_image(file);
	if (err) {
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}

/*
 * Resolve and check; on success rewrite @regs into
 * execveat(host_fd, "", argv, envp, AT_EMPTY_PATH) and let the host run it.
 * "" is the NUL that ends the caller's path in its own memory.
 */
static long lx_exec(struct pt_regs *regs, struct ps_task *pt, int dfd,
		    const char __user *upath, unsigned long argv,
		    unsigned long envp, int flags)
{
	struct lxvfs_path root, p;
	struct file *file;
	char *path;
	size_t len;
	long err;
	int fd;

	if (!lxvfs_fs_root(pt->fs, &root))
		return LX_HOST;		/* transitional: exec by host path */
	lxvfs_path_put(&root);

	err = lx_getname(upath, &path);
	if (err)
		return err;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		err = -EINVAL;
		goto out_name;
	}
	len = strlen(path);
	err = lx_exec_resolve(pt, dfd, path, flags, &p);
	if (err)
		goto out_name;
	file = lx_exec_open(pt, &p);
	lxvfs_path_put(&p);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto out_name;
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		fput(file);
		err = fd;
		goto out_name;
	}
	fd_install(fd, file);
	/* Closed by the host's exec; if the exec fails, at the next call. */
	pt->exec_fd = fd;
	pt->exec_fd_pending = true;

	regs->orig_ax = __NR_execveat;
	regs->di = fd;
	regs->si = (unsigned long)(upath + len);
	regs->dx = argv;
	regs->r10 = envp;
	regs->r8 = AT_EMPTY_PATH;
	err = LX_HOST;
out_name:
	kfree(path);
	return err;
}

long lx_sys_execve(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_exec(regs, pt, AT_FDCWD, (const char __user *)regs->di,
		       regs->si, regs->dx, 0);
}

long lx_sys_execveat(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_exec(regs, pt, (int)regs->di, (const char __user *)regs->si,
		       regs->dx, regs->r10, (int)regs->r8);
}

/**
 * lx_exec_fd_unused() - close the host fd the last LxVfs exec of @pt
 * installed: that exec failed (after a successful one the host closed it as
 * close-on-exec, and nothing else puts host fds in a pico task's table, so
 * the close is then a harmless EBADF)
 * @pt: the calling pico task
 */
noinline void lx_exec_fd_unused(struct ps_task *pt)
{
	pt->exec_fd_pending = false;
	close_fd(pt->exec_fd);
}
