/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lxss.h - the ioctl ABI of /dev/lxss and of LX instance file descriptors.
 *
 * Shared by lxcore.ko, lxssd, the lx tools and the selftests. Every request
 * structure starts with a __u32 size that the caller sets to sizeof(struct);
 * the module rejects sizes it does not know with -EINVAL, so the structures can
 * grow at their end without breaking old callers.
 */
#ifndef _UAPI_LINUX_LXSS_H
#define _UAPI_LINUX_LXSS_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LXSS_DEVICE_PATH	"/dev/lxss"

/* The personality value (low byte, PER_MASK) that marks a pico process. */
#define PER_LXSS		0x004c

/* Longest instance name, including the terminating NUL. */
#define LXSS_NAME_MAX		64

/*
 * Number of per-syscall counters an instance keeps: every x86_64 syscall
 * number below this value has its own counter; larger numbers are summed in
 * lxss_query.beyond.
 */
#define LXSS_NR_COUNTERS	512

/* Longest syscall name returned by LXSS_IOC_SYSCALL_INFO, with its NUL. */
#define LXSS_SYSCALL_NAME_MAX	32

/*
 * LXSS_IOC_CREATE_INSTANCE (on /dev/lxss): create an LX instance and return a
 * new file descriptor for it (close-on-exec). Closing the last reference to
 * that file terminates the instance: every pico process in it is killed, and
 * its memory goes when the last of them has exited.
 *
 * name: [A-Za-z0-9._-]{1,63}, NUL-terminated, unique among live instances
 *       (-EEXIST otherwise).
 * flags: 0 or LXSS_INSTANCE_PIDNS.
 *
 * LXSS_INSTANCE_PIDNS: the instance has its own pid space, a host pid
 * namespace. The first LXSS_IOC_ENTER must come from pid 1 of a new pid
 * namespace (a child cloned with CLONE_NEWPID), which becomes the instance's
 * init: orphans are reparented to it, and when it exits every process of the
 * instance is killed. Every later ENTER must come from a task inside that
 * namespace (setns(pidfd of init, CLONE_NEWPID), then fork); -EINVAL
 * otherwise. Pico processes see only the namespace's pids.
 */
#define LXSS_INSTANCE_PIDNS	0x1U

struct lxss_create_instance {
	__u32 size;
	__u32 flags;
	char name[LXSS_NAME_MAX];
};

/*
 * LXSS_IOC_ENTER (on an instance fd): make the calling process a pico process
 * of the instance. The caller must be single-threaded, must not share its
 * file table, and must have no children or tracees (-EINVAL otherwise). Every file descriptor >= 3 is closed (including the instance fd
 * the call was made on): the new pico process starts with exactly the
 * descriptors 0, 1 and 2 its creator arranged. From the return of this call,
 * every system call of the process and of its children and threads is
 * handled by lxcore; there is no way back.
 *
 * The process's first instance credentials are its host ids and groups;
 * with LXSS_ENTER_ROOT they are root's (every id 0, no supplementary groups,
 * every capability) whatever its host ones, which stay what the host checks
 * (a session manager drops to the instance owner's host ids, then enters).
 */
struct lxss_enter {
	__u32 size;
	__u32 flags;		/* 0 or LXSS_ENTER_ROOT */
};

#define LXSS_ENTER_ROOT		0x1	/* start as the instance's root */

/*
 * LXSS_IOC_QUERY (on an instance fd): the instance's counters.
 *
 * In: size, nr_counters (0..LXSS_NR_COUNTERS) and the user pointers calls,
 * unimplemented (each an array of nr_counters __u64, or 0 to skip).
 * Out: everything else. calls[n] counts system calls numbered n seen from
 * pico processes of the instance; unimplemented[n] counts those answered
 * -ENOSYS because lxcore has no handler for n.
 */
struct lxss_query {
	__u32 size;
	__u32 nr_counters;
	__u64 calls;
	__u64 unimplemented;
	__u64 total;		/* all system calls seen, every kind below included */
	__u64 total_unimplemented; /* answered -ENOSYS: no handler, beyond, ia32, x32 */
	__u64 beyond;		/* numbers >= LXSS_NR_COUNTERS */
	__u64 ia32;		/* int 0x80 / sysenter / 32-bit entry: refused */
	__u64 x32;		/* x32 numbers: refused */
	__u32 nr_syscalls;	/* rows in lxcore's syscall table */
	__u32 nr_tasks;		/* live pico tasks (threads) of the instance */
	__u32 nr_entered;	/* processes that entered with LXSS_IOC_ENTER */
	__u32 state;		/* LXSS_INSTANCE_* */
};

#define LXSS_INSTANCE_RUNNING		1
#define LXSS_INSTANCE_TERMINATED	2

/*
 * LXSS_IOC_GLOBAL (on /dev/lxss): module-wide state, for tests and tools.
 */
struct lxss_global {
	__u32 size;
	__u32 hooks_active;	/* 1 while the syscall entry hook is registered */
	__u64 live_instances;
	__u64 live_objects;	/* every object lxcore allocated and has not freed */
	__u64 instances_created;
};

/*
 * LXSS_IOC_SYSCALL_INFO (on /dev/lxss): one row of the syscall table.
 * In: size, nr. Out: flags (LXSS_SYSCALL_*) and name ("" for a number the
 * x86_64 ABI does not assign). -EINVAL for nr >= the table's size.
 */
struct lxss_syscall_info {
	__u32 size;
	__u32 nr;
	__u32 flags;
	__u32 reserved;
	char name[LXSS_SYSCALL_NAME_MAX];
};

#define LXSS_SYSCALL_IMPLEMENTED	(1U << 0) /* has a handler */
#define LXSS_SYSCALL_NATIVE		(1U << 1) /* handler runs the host's code */

/*
 * LXSS_IOC_MOUNT (on an instance fd): mount a file system in the instance's
 * tree (LxVfs). The root ("/") must be mounted first; every other target is
 * an existing directory, resolved in the instance from its root (symbolic
 * links followed). Processes that entered before the root was mounted have
 * no root: their paths are all ENOENT.
 *
 * fstype: "tmpfs" (more as LxVfs gains file systems).
 * target: absolute path in the instance, NUL-terminated.
 * mode, uid, gid: the new file system's root directory (tmpfs).
 * size_limit: tmpfs: bytes its files may hold (0: 64 MiB).
 * source_fd: for a file system over a host directory (VolFs, DrvFs), an fd
 * of that directory (O_PATH is enough); -1 for the others.
 * flags: LXSS_MOUNT_METADATA for "drvfs" (VolFs records on its files:
 * owners, full modes, special files); 0 for every other type.
 */
#define LXSS_MOUNT_METADATA	0x1
#define LXSS_FSTYPE_MAX		16
#define LXSS_PATH_MAX		256

struct lxss_mount {
	__u32 size;
	__u32 flags;
	char fstype[LXSS_FSTYPE_MAX];
	char target[LXSS_PATH_MAX];
	__s32 source_fd;
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u64 size_limit;
};

#define LXSS_IOC_MAGIC		0xb5
#define LXSS_IOC_CREATE_INSTANCE _IOW(LXSS_IOC_MAGIC, 0x01, struct lxss_create_instance)
#define LXSS_IOC_GLOBAL		_IOWR(LXSS_IOC_MAGIC, 0x02, struct lxss_global)
#define LXSS_IOC_SYSCALL_INFO	_IOWR(LXSS_IOC_MAGIC, 0x03, struct lxss_syscall_info)
#define LXSS_IOC_ENTER		_IOW(LXSS_IOC_MAGIC, 0x10, struct lxss_enter)
#define LXSS_IOC_QUERY		_IOWR(LXSS_IOC_MAGIC, 0x11, struct lxss_query)
#define LXSS_IOC_MOUNT		_IOW(LXSS_IOC_MAGIC, 0x12, struct lxss_mount)

#endif /* _UAPI_LINUX_LXSS_H */
