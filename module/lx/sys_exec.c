// SPDX-License-Identifier: GPL-2.0
/*
 * execve and execveat of files in the instance's tree. The path resolves in
 * LxVfs with Linux's checks (walk errors, then EACCES for what is not an
 * executable regular file for the caller's instance credentials); the host
 * then execs the file's host file (tmpfs: its shmem file, VolFs: the
 * backing file) through a close-on-exec host fd, as execveat(fd, "",
 * AT_EMPTY_PATH): the host never sees an instance path.
 *
 * The host's exec core then runs with the pico binfmt (lx/binfmt.c) at the
 * head of its list: it claims this exec (recorded by lx_exec_begin()) and
 * loads static and dynamic ELF and "#!" scripts, resolving interpreters in
 * LxVfs; the host's own formats never see a pico exec through LxVfs.
 *
 * Transitional: a process without an LxVfs root (it entered before
 * anything was mounted) still execs by host path, natively.
 */
#include <linux/fcntl.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>
#include <asm/unistd.h>

#include "lxcore.h"
#include "lx/lx.h"

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
static struct file *lx_exec_open(struct ps_task *pt, const struct lxvfs_path *p,
				 struct io_stat *st)
{
	struct lxvfs_node *n = p->node;
	struct lxvfs_cred cred;
	int err;

	err = lx_getattr(p, st);
	if (err)
		return ERR_PTR(err);
	if (S_ISLNK(st->mode))
		return ERR_PTR(-ELOOP);
	if (!S_ISREG(st->mode) || !n->ops->host_file)
		return ERR_PTR(-EACCES);
	lx_vfs_cred(pt, &cred);
	err = ob_status_to_errno(lxvfs_permission(st, &cred, MAY_EXEC));
	if (err)
		return ERR_PTR(err);
	return n->ops->host_file(n);
}

/*
 * Where exec found @file, for /proc/<pid>/exe: the directory and name of
 * the last step of the walk of @path, symbolic links followed as the walk
 * followed them (so /bin/sh -> busybox is /bin/busybox, as Linux shows).
 * Without a path (an fd), or if the tree changed under us, the record has
 * the file only. NULL: no memory.
 */
static struct ps_exe *lx_exec_record(struct ps_task *pt, int dfd, const char *path,
				     const struct lxvfs_path *file)
{
	struct lxvfs_path dir, p;
	struct lxvfs_cred cred;
	struct lxvfs_walk w;
	const char *cur = path;
	struct ps_exe *x;
	bool slash, found = false;
	size_t len;
	char *buf, *last;
	int i;

	if (!path[0] || lx_walk_begin(pt, dfd, path, 0, &w, &cred))
		return ps_exe_create(file, NULL, NULL);
	buf = kmalloc(LXVFS_PATH_MAX + LXVFS_NAME_MAX + 1, GFP_KERNEL);
	if (!buf) {
		lx_walk_end(&w);
		return NULL;
	}
	last = buf + LXVFS_PATH_MAX;
	for (i = 0; i <= LXVFS_MAX_LINKS; i++) {
		if (cur[0] == '/') {
			lxvfs_path_put(&w.start);
			w.start = w.root;
			lxvfs_path_get(&w.start);
		}
		if (!NT_SUCCESS(lxvfs_walk_parent_name(&w, cur, &dir, last, &slash)))
			break;
		lxvfs_path_put(&w.start);
		w.start = dir;		/* the walk's reference now */
		if (slash || !last[0] || !strcmp(last, ".") || !strcmp(last, ".."))
			break;
		if (!NT_SUCCESS(lxvfs_walk(&w, last, &p)))
			break;
		if (!S_ISLNK(p.node->type)) {
			found = lxvfs_path_equal(&p, file);
			lxvfs_path_put(&p);
			break;
		}
		len = LXVFS_PATH_MAX - 1;
		if (!p.node->ops->readlink ||
		    !NT_SUCCESS(p.node->ops->readlink(p.node, buf, &len)) || !len) {
			lxvfs_path_put(&p);
			break;
		}
		buf[len] = '\0';
		cur = buf;
		lxvfs_path_put(&p);
	}
	x = ps_exe_create(file, found ? &w.start : NULL, last);
	lx_walk_end(&w);
	kfree(buf);
	return x;
}

/**
 * lx_exec_file() - the host file of the program @path names from @dfd, after
 * Linux's exec checks (walk errors, ELOOP, EACCES)
 * @pt: the calling pico task
 * @dfd: a handle, or AT_FDCWD
 * @path: a kernel string
 * @flags: AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW
 * @st: filled with the file's LxVfs attributes (its owner and set-id bits)
 * @exe: if not NULL, filled with the record of where the program is (for
 *	/proc/<pid>/exe), one reference
 *
 * Return: a referenced host file, or an ERR_PTR.
 */
struct file *lx_exec_file(struct ps_task *pt, int dfd, const char *path,
			  int flags, struct io_stat *st, struct ps_exe **exe)
{
	struct lxvfs_path p;
	struct file *file;
	int err;

	err = lx_exec_resolve(pt, dfd, path, flags, &p);
	if (err)
		return ERR_PTR(err);
	file = lx_exec_open(pt, &p, st);
	if (exe && !IS_ERR(file)) {
		*exe = lx_exec_record(pt, dfd, path, &p);
		if (!*exe) {
			fput(file);
			file = ERR_PTR(-ENOMEM);
		}
	}
	lxvfs_path_put(&p);
	return file;
}

/*
 * The name of the file handle @dfd was opened by (its last component): an
 * execveat(fd, "", AT_EMPTY_PATH) names the task after it on kernels that
 * take comm from the file's dentry. NULL if it has none.
 */
static char *lx_exec_fd_name(struct ps_task *pt, int dfd)
{
	struct lxvfs_path root, p;
	char *buf, *name = NULL;
	size_t used;

	if (lx_path_of_fd(pt, dfd, &p))
		return NULL;
	if (!lxvfs_fs_root(pt->fs, &root))
		goto out_path;
	buf = kmalloc(LXVFS_PATH_MAX, GFP_KERNEL);
	if (buf && NT_SUCCESS(lxvfs_path_name(pt->inst->vfs, &root, &p, buf,
					      LXVFS_PATH_MAX, &used)))
		name = kstrdup(kbasename(buf), GFP_KERNEL);
	kfree(buf);
	lxvfs_path_put(&root);
out_path:
	lxvfs_path_put(&p);
	return name;
}

/*
 * Linux's name for the exec (bprm->filename: comm, AT_EXECFN, a script's
 * argument): the path, or "/dev/fd/N[/path]" from a handle; *@gone when that
 * handle is close-on-exec, so the name will not resolve after the exec.
 */
static char *lx_exec_name(struct ps_task *pt, int dfd, const char *path,
			  bool *gone)
{
	unsigned int hflags = 0;

	*gone = false;
	if (dfd == AT_FDCWD || path[0] == '/')
		return kstrdup(path, GFP_KERNEL);
	if (NT_SUCCESS(ob_handle_get_flags(pt->htab, dfd, &hflags)))
		*gone = hflags & OB_HANDLE_CLOEXEC;
	if (!path[0])
		return kasprintf(GFP_KERNEL, "/dev/fd/%d", dfd);
	return kasprintf(GFP_KERNEL, "/dev/fd/%d/%s", dfd, path);
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
	struct lxvfs_path root;
	struct ps_exe *exe;
	struct io_stat st;
	struct file *file;
	char *path, *name, *comm = NULL;
	size_t len;
	bool gone;
	long err;
	int fd;

	if (!lxvfs_fs_root(pt->fs, &root)) {
		/* transitional: exec by host path; no instance path to show */
		ps_process_set_exe(pt->proc, NULL);
		return LX_HOST;
	}
	lxvfs_path_put(&root);

	err = lx_getname(upath, &path);
	if (err)
		return err;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		err = -EINVAL;
		goto out_name;
	}
	len = strlen(path);
	file = lx_exec_file(pt, dfd, path, flags, &st, &exe);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto out_name;
	}
	name = lx_exec_name(pt, dfd, path, &gone);
	if (!path[0])
		comm = lx_exec_fd_name(pt, dfd);
	err = name ? lx_exec_begin(pt, file_inode(file), &st, name, comm, gone) : -ENOMEM;
	kfree(comm);
	kfree(name);
	if (err) {
		ps_exe_put(exe);
		fput(file);
		goto out_name;
	}
	pt->exec->exe = exe;	/* the process's when an image is loaded */
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
