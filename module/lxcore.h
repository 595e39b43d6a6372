/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lxcore.h - the map of lxcore.ko: every name one file exports to another.
 *
 * core/  the module and the /dev/lxss device     (lxss_)
 * ps/    instances and pico tasks                (ps_)
 * host/  the only code that hooks kernel internals: syscall entry and
 *        the fork/exit tracepoints               (host_)
 * lx/    the Linux ABI: dispatcher and syscall table (lx_)
 */
#ifndef LXCORE_H
#define LXCORE_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/lxss.h>

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

struct ps_instance {
	struct kref ref;		/* the instance file and every pico task */
	struct list_head node;		/* ps_instances, while running */
	spinlock_t lock;		/* tasks, nr_*, state */
	struct list_head tasks;
	unsigned int nr_tasks;
	unsigned int nr_entered;
	u32 state;			/* LXSS_INSTANCE_* */
	struct ps_stats __percpu *stats;
	unsigned long logged[BITS_TO_LONGS(LXSS_NR_COUNTERS)];
	char name[LXSS_NAME_MAX];
};

struct ps_instance *ps_instance_create(const char *name);
void ps_instance_get(struct ps_instance *inst);
void ps_instance_put(struct ps_instance *inst);
void ps_instance_terminate(struct ps_instance *inst);
void ps_instance_query(struct ps_instance *inst, struct lxss_query *q,
		       u64 *calls, u64 *unimpl, unsigned int nr);

/* Objects lxcore has allocated and not yet freed (leak accounting). */
extern atomic64_t ps_live_objects;
extern atomic64_t ps_live_instances;
extern atomic64_t ps_instances_created;

/* ---- ps/task.c: pico tasks ---------------------------------------------- */

/*
 * One per task (thread) of a pico process. Found from the task through a
 * hash table; the task's personality byte (PER_LXSS) is only the cheap
 * first filter on the syscall entry path, never the proof.
 */
struct ps_task {
	struct hlist_node hnode;	/* ps_task_hash */
	struct list_head inode;		/* instance->tasks */
	struct task_struct *task;
	struct ps_instance *inst;
	struct ps_task *spare;		/* preallocated for the next child */
	pid_t tgid;			/* getpid() as the process sees it */
	struct rcu_head rcu;
};

/* Every pico task, by task_struct address (RCU readers, freed by kfree_rcu). */
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

int ps_task_enter(struct ps_instance *inst);
int ps_task_prepare_fork(struct ps_task *pt);
void ps_task_forked(struct task_struct *parent, struct task_struct *child);
void ps_task_exited(struct task_struct *t);

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

/* Emulated in lxcore: the result goes to the task's ax register. */
typedef long (*lx_handler_t)(struct pt_regs *regs, struct ps_task *pt);

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
int lx_entry_stray(const struct seccomp_data *sd);

long lx_sys_getpid(struct pt_regs *regs, struct ps_task *pt);
long lx_sys_personality(struct pt_regs *regs, struct ps_task *pt);

/* ---- core/device.c ------------------------------------------------------------ */

int lxss_device_register(void);
void lxss_device_unregister(void);

#endif /* LXCORE_H */
