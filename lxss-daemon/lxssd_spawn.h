// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd_spawn.h - the spawner: a process lxssd forks before it confines
 * itself (a seccomp filter is inherited, and would bind every pico process
 * too), which makes the processes that enter instances and reports when its
 * children end. It talks to lxssd over a SOCK_SEQPACKET socketpair.
 */
#ifndef LXSSD_SPAWN_H
#define LXSSD_SPAWN_H

#include <sys/types.h>

#define LXZ_MAX_ARGS_BYTES	(70 * 1024)
#define LXZ_MAX_QUEUE		256
#define LXZ_MAX_GROUPS		32

/*
 * The host credentials of a distro's owner: every process that enters one
 * of its instances takes them (setgroups, setresgid, setresuid: no
 * capability left unless uid 0) right before LXSS_IOC_ENTER, and enters
 * with LXSS_ENTER_ROOT, so it is root inside and the owner outside.
 */
struct lxz_owner {
	uid_t uid;
	gid_t gid;
	unsigned int ngroups;
	gid_t groups[LXZ_MAX_GROUPS];
};

enum lxz_op {
	LXZ_INIT = 1,	/* fds: instance, log. clone(CLONE_NEWPID), ENTER, exec /init */
	LXZ_SESSION,	/* fds: instance, 0, 1, 2. setns into pid 1's namespace, fork, ENTER, exec */
};

enum lxz_kind {
	LXZ_SPAWNED = 1,	/* pid */
	LXZ_FAILED,		/* err */
	LXZ_EXITED,		/* pid, status (a wait status) */
};

struct lxz_rep {
	int kind;
	int pid;
	int status;
	int err;
};

struct lxz {
	int sock;
	pid_t pid;
	/* exits that came while lxssd waited for another answer */
	struct lxz_rep queue[LXZ_MAX_QUEUE];
	unsigned int nqueue;
};

/** lxz_start() - fork the spawner; 0 or -1/errno. Call before anything else opens fds. */
int lxz_start(struct lxz *z);

/**
 * lxz_spawn() - ask for a process
 * @op: LXZ_INIT or LXZ_SESSION
 * @init_pid: LXZ_SESSION: the instance's pid 1 (host pid)
 * @tty: LXZ_SESSION: fd 0 is a terminal to make the controlling one
 * @argv: LXZ_SESSION: the /init command line
 * @fds: 2 (INIT) or 4 (SESSION) fds, see enum lxz_op
 * @owner: the host credentials the process enters with
 * Return: the host pid, or -1 with errno.
 */
pid_t lxz_spawn(struct lxz *z, int op, pid_t init_pid, int tty, const char *const *argv,
		const int *fds, const struct lxz_owner *owner);

/**
 * lxz_take_owner() - become @o on the host (groups, gids, uids), with no
 * capability left unless @o is root; 0 or -1/errno (then the caller exits).
 */
int lxz_take_owner(const struct lxz_owner *o);

/**
 * lxz_next_exit() - one end of a child: from the queue, else from the socket
 * (call when it is readable). Return: 1 and @pid/@status set, 0 if none
 * yet, -1 when the spawner is gone.
 */
int lxz_next_exit(struct lxz *z, pid_t *pid, int *status);

#endif /* LXSSD_SPAWN_H */
