/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lx/lx.h - what the Linux-ABI files share: the errno edge and fd lookup.
 * Handlers themselves are declared in lxcore.h next to the table's type.
 */
#ifndef LX_LX_H
#define LX_LX_H

#include <linux/cred.h>
#include <linux/uidgid.h>

#include "lxcore.h"

int lx_get_file(struct ps_task *pt, unsigned int fd, struct ob_href *ref);

/*
 * lx/binfmt.c: an LxVfs exec, from the execve handler through the host's
 * exec to the pico binfmt, and until the new image's vDSO is mapped.
 */
struct lx_exec {
	struct callback_head work;	/* task work: after exec, after the vDSO */
	struct ps_task *pt;		/* referenced while work is queued */
	struct inode *inode;		/* the host inode the loader expects next */
	u32 mode, uid, gid;		/* that file's LxVfs mode and owner */
	bool inaccessible;		/* the name dies with exec (cloexec handle) */
	bool renamed;			/* bprm names the exec by path */
	bool loaded;			/* an image is loaded */
	bool boot;			/* the vDSO trampoline waits for its call */
	size_t host_execfn_len;		/* strlen("/dev/fd/N") + 1 */
	unsigned long tramp, entry, sp;	/* the trampoline, the image's start */
	unsigned long auxv_vdso;	/* user address of AT_SYSINFO_EHDR's value */
	const char *comm;		/* AT_EMPTY_PATH: the file's name, or NULL */
	struct ps_exe *exe;		/* the program, for /proc/<pid>/exe */
	char path[];			/* Linux's name of the exec, then comm */
};

int lx_exec_begin(struct ps_task *pt, struct inode *inode, const struct io_stat *st,
		  const char *execfn, const char *comm, bool inaccessible);
struct file *lx_exec_file(struct ps_task *pt, int dfd, const char *path,
			  int flags, struct io_stat *st, struct ps_exe **exe);
long lx_errno(ntstatus st, size_t done);

/* The caller's filesystem ids as the instance sees them (ps/cred.c). */
static inline u32 lx_fsuid(struct ps_task *pt)
{
	return ps_cred_self(pt)->fsuid;
}

static inline u32 lx_fsgid(struct ps_task *pt)
{
	return ps_cred_self(pt)->fsgid;
}

/* lx/path.c: what the file-system calls share */
int lx_getname(const char __user *upath, char **out);
void lx_vfs_cred(struct ps_task *pt, struct lxvfs_cred *c);
int lx_walk_begin(struct ps_task *pt, int dfd, const char *path,
		  unsigned int flags, struct lxvfs_walk *w, struct lxvfs_cred *cred);
void lx_walk_end(struct lxvfs_walk *w);
int lx_resolve(struct ps_task *pt, int dfd, const char __user *upath,
	       unsigned int flags, struct lxvfs_path *out);
int lx_path_of_fd(struct ps_task *pt, int fd, struct lxvfs_path *out);
int lx_stat_to_user(const struct io_stat *st, void __user *ubuf);
int lx_statx_to_user(const struct io_stat *st, void __user *ubuf);

/* A walk to the parent of a path's last component. */
struct lx_parent {
	struct lxvfs_walk w;
	struct lxvfs_cred cred;
	struct lxvfs_path dir;
	char last[LXVFS_NAME_MAX + 1];
	bool slash;
	char *path;
};

enum { LX_LAST_NORM, LX_LAST_DOT, LX_LAST_DOTDOT, LX_LAST_ROOT };

int lx_parent_begin(struct ps_task *pt, int dfd, const char __user *upath,
		    struct lx_parent *p);
int lx_parent_begin_flags(struct ps_task *pt, int dfd, const char __user *upath,
			  unsigned int resolve, struct lx_parent *p);
void lx_parent_end(struct lx_parent *p);
int lx_last_kind(const struct lx_parent *p);
int lx_getattr(const struct lxvfs_path *p, struct io_stat *st);
int lx_may(const struct lxvfs_cred *cred, const struct lxvfs_path *p, int mask);
int lx_may_delete(const struct lxvfs_cred *cred, const struct lxvfs_path *dir,
		  struct lxvfs_node *victim);
int lx_lookup_last(const struct lx_parent *p, struct lxvfs_node **out);
bool lx_is_mountpoint(struct ps_task *pt, struct lxvfs_mount *mnt,
		      struct lxvfs_node *n);
u32 lx_umask(struct ps_task *pt);

/* lx/sys_fs.c and lx/sys_file.c: one implementation for path and fd forms */
long lx_fstat_fd(struct ps_task *pt, int fd, void __user *ubuf, bool statx);
long lx_chmod_path(struct ps_task *pt, struct lxvfs_path *p, u32 mode);
long lx_chown_path(struct ps_task *pt, struct lxvfs_path *p, u32 uid, u32 gid);
long lx_utimens_path(struct ps_task *pt, struct lxvfs_path *p,
		     const struct __kernel_timespec *ts);
long lx_truncate_path(struct ps_task *pt, struct lxvfs_path *p, s64 len, bool check);
long lx_statfs_path(struct lxvfs_path *p, void __user *ubuf);

/* lx/sys_splice.c: sendfile into a pipe is splice_file_to_pipe() */
struct io_pipe;
long lx_splice_to_pipe(struct ps_task *pt, struct io_file *in, loff_t *pos,
		       struct io_pipe *op, size_t len, bool nonblock);

#endif /* LX_LX_H */
