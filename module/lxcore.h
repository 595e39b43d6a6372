/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lxcore.h - the map of lxcore.ko: every name one file exports to another.
 *
 * core/  the module and the /dev/lxss device     (lxss_)
 * ob/    object manager, namespace, handle tables (ob_, map: ob/ob.h)
 * ke/    dispatcher objects and waits            (ke_, map: ke/ke.h)
 * io/    file objects, host files, pipes, readiness (poll, epoll), eventfd,
 *        timerfd, signalfd, inotify               (io_, map: io/io.h)
 * ps/    instance, process and thread objects    (ps_)
 * host/  the only code that hooks kernel internals: syscall entry and
 *        the fork/exit tracepoints               (host_)
 * lx/    the Linux ABI: dispatcher and syscall table (lx_)
 */
#ifndef LXCORE_H
#define LXCORE_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/utsname.h>
#include <linux/lxss.h>

#include "ntstatus.h"
#include "ob/ob.h"
#include "ke/ke.h"
#include "io/io.h"
#include "vfs/lxvfs.h"

struct pt_regs;
struct task_struct;

#define LX_PREFIX "lxcore: "

/* ---- ps/instance.c: LX instances ---------------------------------------- */

struct ps_stats {
	u64 calls[LXSS_NR_COUNTERS];
	u64 unimplemented[LXSS_NR_COUNTERS];
	u64 beyond;
	u64 ia32;
	u64 x32;
};

/*
 * The body of an Instance object. References: the instance file, every
 * pico process and thread. Its objects live under \Instances\<id>.
 */
struct ps_instance {
	struct list_head node;		/* ps_instances, while running */
	spinlock_t lock;		/* tasks, nr_*, state */
	struct list_head tasks;
	unsigned int nr_tasks;
	unsigned int nr_entered;
	u32 state;			/* LXSS_INSTANCE_* */
	u32 flags;			/* LXSS_INSTANCE_PIDNS */
	struct pid_namespace *pidns;	/* its pid space (PIDNS), set by the first ENTER */
	u64 id;
	struct ob_directory *dir;	/* \Instances\<id> */
	struct lxvfs_ns *vfs;		/* its mount tree */
	struct ps_stats __percpu *stats;
	unsigned long logged[BITS_TO_LONGS(LXSS_NR_COUNTERS)];
	char name[LXSS_NAME_MAX];
	/* uname(2)'s names, the host's at creation (lx/sys_info.c) */
	spinlock_t uts_lock;		/* hostname, domainname */
	char hostname[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

extern struct ob_type ps_instance_type;

struct ps_instance *ps_instance_create(const char *name, u32 flags);
int ps_instance_enter_pidns(struct ps_instance *inst);
void ps_instance_get(struct ps_instance *inst);
void ps_instance_put(struct ps_instance *inst);	/* may sleep */
void ps_instance_terminate(struct ps_instance *inst);
void ps_uts_release(char *buf, size_t len);
ntstatus ps_instance_mount(struct ps_instance *inst, const struct lxvfs_fs_type *type,
			   struct lxvfs_mount_args *args, const char *target);
void ps_instance_query(struct ps_instance *inst, struct lxss_query *q,
		       u64 *calls, u64 *unimpl, unsigned int nr);

/* Leak accounting: every executive object is counted by ob/ (ob_live_objects). */
extern atomic64_t ps_live_instances;
extern atomic64_t ps_instances_created;

/* ---- ps/process.c: pico processes and what a new task gets -------------- */

/*
 * The program a process runs, as exec resolved it in LxVfs (what
 * /proc/<pid>/exe shows): the file, and the directory and name the walk
 * found it under (after symbolic links), moved when procfs finds the file
 * renamed. Shared by fork, replaced by exec.
 */
struct ps_exe {
	refcount_t usage;
	struct lxvfs_path file;		/* referenced; fixed */
	spinlock_t lock;		/* @dir, @name */
	struct lxvfs_path dir;		/* referenced; mnt NULL: not known */
	char name[LXVFS_NAME_MAX + 1];	/* its name in @dir */
};

struct ps_exe *ps_exe_create(const struct lxvfs_path *file, const struct lxvfs_path *dir,
			     const char *name);
void ps_exe_put(struct ps_exe *x);	/* may sleep */
bool ps_exe_place(struct ps_exe *x, struct lxvfs_path *dir, char *name);
void ps_exe_moved(struct ps_exe *x, const struct lxvfs_path *dir, const char *name);

/* The body of a Process object: shared by the threads of one process. */
struct ps_process {
	struct ps_instance *inst;	/* referenced */
	pid_t tgid;			/* getpid() as the process sees it */
	spinlock_t exe_lock;		/* @exe */
	struct ps_exe *exe;		/* NULL: never exec'd in the instance */
};

extern struct ob_type ps_process_type;

struct ps_task;

/*
 * Prepared by a fork-type call before the host clones (where sleeping is
 * allowed) and taken by the fork callback (atomic). What is prepared
 * follows the clone flags: a new process object unless CLONE_THREAD, a
 * copy of the handle table unless CLONE_FILES. Unused (the clone failed),
 * it is released at the caller's next system call.
 */
struct ps_spawn {
	struct ps_task *thread;
	struct ps_process *proc;	/* NULL: a thread of the caller's process */
	struct ob_handle_table *htab;	/* NULL: shares the caller's table */
	struct lxvfs_fs *fs;		/* NULL: shares the caller's root/cwd */
	bool thread_of_caller;
	bool share_files;
	bool share_fs;
};

struct ps_process *ps_process_create(struct ps_instance *inst, pid_t tgid);
struct ps_exe *ps_process_exe(struct ps_process *proc);
void ps_process_set_exe(struct ps_process *proc, struct ps_exe *x);
int ps_spawn_prepare(struct ps_task *pt, unsigned long clone_flags);
void ps_spawn_release(struct ps_spawn *sp);

/* ---- ps/cred.c: the credentials a pico thread has inside its instance ----- */

/* Supplementary groups, sorted, shared by every ps_cred that holds them. */
struct ps_groups {
	refcount_t usage;
	unsigned int ngroups;
	gid_t gid[];
};

/*
 * What a pico thread's ids and capabilities are inside its instance. Host
 * operations keep the host credentials of the task: these only decide what
 * lxcore allows and what the thread is told. Never changed once published:
 * a change prepares a copy and commits it (as struct cred). Only the thread
 * itself commits its own; other tasks read ids and capability sets under
 * rcu_read_lock() (ps_cred_snapshot()), never groups. Capability sets are
 * bit masks of CAP_* numbers.
 */
struct ps_cred {
	refcount_t usage;
	struct rcu_head rcu;
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	u64 cap_inheritable;
	u64 cap_permitted;
	u64 cap_effective;
	u64 cap_bset;
	struct ps_groups *groups;	/* NULL: no supplementary group */
};

#define PS_ID_NONE	((u32)-1)	/* "unchanged" in set*id(); never an id */

struct ps_cred *ps_cred_from_host(bool as_root);
struct ps_cred *ps_cred_prepare(const struct ps_cred *old);
void ps_cred_commit(struct ps_task *pt, struct ps_cred *new);
void ps_cred_put(struct ps_cred *c);
struct ps_groups *ps_groups_alloc(unsigned int n);
void ps_groups_put(struct ps_groups *g);
int ps_cred_snapshot(struct ps_instance *inst, struct task_struct *t,
		     struct ps_cred *snap);

/* A reference to published credentials (which stay const), as get_cred(). */
static inline struct ps_cred *ps_cred_get(const struct ps_cred *c)
{
	struct ps_cred *nc = (struct ps_cred *)c;

	refcount_inc(&nc->usage);
	return nc;
}

static inline bool ps_capable(const struct ps_cred *c, int cap)
{
	return c->cap_effective & BIT_ULL(cap);
}

/* ---- ps/task.c: pico threads --------------------------------------------- */

/*
 * The body of a Thread object: one per task of a pico process. Found from
 * the task through a hash table; the task's personality byte (PER_LXSS) is
 * only the cheap first filter on the syscall entry path, never the proof.
 * Only its own task changes proc, htab and spawn.
 */
struct lx_exec;

struct ps_task {
	struct hlist_node hnode;	/* ps_task_hash */
	struct list_head inode;		/* instance->tasks */
	struct task_struct *task;
	struct ps_instance *inst;	/* referenced */
	struct ps_process *proc;	/* referenced */
	struct ob_handle_table *htab;	/* the fd table (a user reference) */
	struct lxvfs_fs *fs;		/* root, cwd, umask (a user reference) */
	struct ke_thread ke;
	struct ps_spawn spawn;		/* for the next child */
	bool spawn_ready;
	bool exec_fd_pending;		/* lx/sys_exec.c: exec_fd to close */
	int exec_fd;			/* the host fd an LxVfs exec handed the host */
	struct lx_exec *exec;		/* lx/binfmt.c: an LxVfs exec in progress */
	pid_t tgid;			/* proc->tgid, for the hot path */
	struct callback_head exit_work;
	struct callback_head exec_work;
	struct ps_cred __rcu *cred;	/* replaced only by the thread itself */
	struct callback_head fixup_work; /* lx/: a host result to adjust */
	void __user *fixup_ptr;
};

extern struct ob_type ps_thread_type;

/* Every pico task, by task_struct address (RCU readers, freed by ob/ after RCU). */
#define PS_TASK_HASH_BITS 10
extern struct hlist_head ps_task_hash[1 << PS_TASK_HASH_BITS];

/**
 * ps_task_current() - the pico task of the running task, or NULL
 *
 * Runs on every system call of a task whose personality says PER_LXSS, so
 * it is inline, notrace and takes no lock. The entry returned stays valid:
 * only the task itself removes it, when it exits.
 */
static __always_inline struct ps_task *ps_task_current(void)
{
	struct task_struct *t = current;
	struct ps_task *pt, *found = NULL;

	/* A preempt-disabled section is an RCU reader. */
	preempt_disable_notrace();
	hash_for_each_possible_rcu_notrace(ps_task_hash, pt, hnode,
					   (unsigned long)t) {
		if (pt->task == t) {
			found = pt;
			break;
		}
	}
	preempt_enable_notrace();
	return found;
}

struct ps_task *ps_thread_create(void);
struct ps_task *ps_task_of(struct task_struct *t);
struct task_struct *ps_instance_task_get(struct ps_instance *inst, pid_t nr);
int ps_task_enter(struct ps_instance *inst, bool as_root);
void ps_task_forked(struct task_struct *parent, struct task_struct *child);
void ps_task_exited(struct task_struct *t);
void ps_task_exec(struct task_struct *t);

/* The handle-number limit of the calling task (RLIMIT_NOFILE, capped). */
unsigned int ps_handle_limit(void);

/**
 * ps_cred_self() - the credentials of @pt, read by its own task
 * @pt: the calling pico task
 *
 * Only the task itself replaces them, so it needs no lock to read them.
 */
static inline const struct ps_cred *ps_cred_self(struct ps_task *pt)
{
	return rcu_dereference_protected(pt->cred, pt->task == current ||
					 !pt->task);
}

static inline bool ps_personality_is_pico(unsigned int personality)
{
	return (personality & PER_MASK) == PER_LXSS;
}

/* ---- host/: hooks into the running kernel --------------------------------- */

int host_hooks_get(void);		/* register on first use (sleeps) */
void host_hooks_put(void);		/* may be called from atomic context */
bool host_hooks_active(void);
void host_hooks_exit(void);		/* module unload */

int host_sched_register(void);
void host_sched_unregister(void);
int host_entry_register(void);
void host_entry_unregister(void);
void host_entry_exit(void);
void host_mark_pico(struct task_struct *t);
void host_unmark_pico(struct task_struct *t);

/* ---- lx/: the Linux ABI ---------------------------------------------------- */

struct seccomp_data;

/*
 * Emulated in lxcore: the result goes to the task's ax register, unless it
 * is LX_HOST: the handler checked (and may have translated) the arguments
 * and the host's implementation is to run them. No system call returns
 * LONG_MIN (it is neither an errno nor a user address).
 */
typedef long (*lx_handler_t)(struct pt_regs *regs, struct ps_task *pt);
#define LX_HOST		LONG_MIN

#define LX_SYSCALL_NATIVE	LXSS_SYSCALL_NATIVE	/* the host runs it */
#define LX_SYSCALL_NEW_TASK	(1U << 8)	/* creates a task: prepare it */

struct lx_syscall {
	const char *name;	/* NULL: the number is not assigned */
	lx_handler_t handler;	/* NULL: native (flag) or unimplemented */
	unsigned int flags;
};

#define LX_NR_SYSCALLS 463
extern const struct lx_syscall lx_syscall_table[LX_NR_SYSCALLS];

int lx_entry_slow(const struct seccomp_data *sd, struct ps_task *pt,
		  unsigned long host_fn);
int lx_unimplemented(struct pt_regs *regs, struct ps_task *pt, unsigned int nr);
int lx_prepare_new_task(struct pt_regs *regs, struct ps_task *pt);
void lx_spawn_unused(struct ps_task *pt);
int lx_entry_stray(const struct seccomp_data *sd);

long lx_sys_getpid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_personality(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_exec.c, lx/binfmt.c: exec of LxVfs files, the pico binfmt */
long lx_sys_execve(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_execveat(struct pt_regs *regs, struct ps_task *pt);
void lx_exec_fd_unused(struct ps_task *pt);
long lx_vdso_boot(struct pt_regs *regs, struct ps_task *pt);
int lx_binfmt_init(void);
void lx_binfmt_exit(void);

/* lx/sys_fd.c */
long lx_sys_close(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_close_range(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_dup(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_dup2(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_dup3(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fcntl(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_socket.c */
long lx_sys_socket(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_socketpair(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_bind(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_listen(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_connect(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_accept(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_accept4(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_shutdown(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getsockname(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getpeername(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getsockopt(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setsockopt(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sendto(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_recvfrom(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sendmsg(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_recvmsg(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sendmmsg(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_recvmmsg(struct pt_regs *regs, struct ps_task *pt);
/* lx/sys_ioctl.c */
long lx_sys_ioctl(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_rw.c */
long lx_sys_read(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_write(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_readv(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_writev(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_pipe(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_pipe2(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sendfile(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_splice(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_tee(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_vmsplice(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_copy_file_range(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_poll.c: waiting on many handles, event objects as fds */
long lx_sys_poll(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_ppoll(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_select(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_pselect6(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_epoll_create(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_epoll_create1(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_epoll_ctl(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_epoll_wait(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_epoll_pwait(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_epoll_pwait2(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_eventfd(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_eventfd2(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_timerfd_create(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_timerfd_settime(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_timerfd_gettime(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_signalfd(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_signalfd4(struct pt_regs *regs, struct ps_task *pt);
/* lx/sys_inotify.c */
long lx_sys_inotify_init(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_inotify_init1(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_inotify_add_watch(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_inotify_rm_watch(struct pt_regs *regs, struct ps_task *pt);
/* lx/sys_fs.c */
long lx_sys_open(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_openat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_openat2(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_creat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_stat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_lstat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_newfstatat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_statx(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_mkdir(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_mkdirat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_mknod(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_mknodat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_symlink(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_symlinkat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_unlink(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_rmdir(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_unlinkat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_rename(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_renameat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_renameat2(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_link(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_linkat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_readlink(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_readlinkat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_chdir(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fchdir(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getcwd(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_umask(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_access(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_faccessat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_faccessat2(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_chmod(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fchmodat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_chown(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_lchown(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fchownat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_utimensat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_utimes(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_futimesat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_utime(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_truncate(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_statfs(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_file.c */
long lx_sys_fstat(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_lseek(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_pread64(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_pwrite64(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getdents64(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getdents(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_ftruncate(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fsync(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fdatasync(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fallocate(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fchmod(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fchown(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_fstatfs(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_pid.c: pids name tasks of the caller's instance only */

/* A pid no task can have (above PID_MAX_LIMIT): the host answers as for a free pid. */
#define LX_NO_PID	INT_MAX

bool lx_task_in_instance(struct ps_instance *inst, struct task_struct *t);
struct pid *lx_instance_pid_get(struct ps_task *pt, pid_t nr, pid_t tgid,
				const char *what);
bool lx_instance_has_pid(struct ps_task *pt, pid_t nr, pid_t tgid, const char *what);
void lx_pid_refused(struct ps_task *pt, const char *what, pid_t nr);
long lx_sys_gettid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getppid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getpgid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getsid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setpgid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_wait4(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_waitid(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_signal.c: signals reach tasks of the caller's instance only */
long lx_sys_kill(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_tkill(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_tgkill(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_rt_sigqueueinfo(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_rt_tgsigqueueinfo(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_mm.c: anonymous memory is the host's; file mappings need a File */
long lx_sys_mmap(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_madvise(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_time.c: clock ids that name tasks or fds */
long lx_sys_clock_gettime(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_clock_getres(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_clock_settime(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_settimeofday(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_admin.c */
long lx_sys_chroot(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_syslog(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_clock_nanosleep(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_sched.c: futex, affinity, policy, nice values */
long lx_sys_futex(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sched_getaffinity(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sched_setaffinity(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sched_getparam(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sched_getscheduler(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getpriority(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setpriority(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_id.c: ids, groups and capabilities */
long lx_sys_getuid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_geteuid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getgid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getegid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getresuid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getresgid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setuid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setgid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setreuid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setregid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setresuid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setresgid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setfsuid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setfsgid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getgroups(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setgroups(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_capget(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_capset(struct pt_regs *regs, struct ps_task *pt);

/* lx/sys_info.c: limits, system information, per-task settings */
long lx_sys_setrlimit(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_prlimit64(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_uname(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sethostname(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_setdomainname(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_sysinfo(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_getrandom(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_prctl(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_arch_prctl(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_set_robust_list(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_get_robust_list(struct pt_regs *regs, struct ps_task *pt);

/* ---- core/device.c ------------------------------------------------------------ */

int lxss_device_register(void);
void lxss_device_unregister(void);

#endif /* LXCORE_H */
