// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd_spawn.c - the spawner (see lxssd_spawn.h): the only part of lxssd
 * that forks, so the seccomp filter of lxssd never reaches a pico process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "liblxss.h"
#include "lxssd_spawn.h"

struct lxz_req {
	int op;
	int init_pid;
	int tty;
	unsigned int argc;
	unsigned int len;	/* bytes of NUL-separated args after the header */
	struct lxz_owner owner;
};

#define LXZ_MAX_FDS	4

static int fds_of(int op)
{
	return op == LXZ_INIT ? 2 : 4;
}

/* ---- in the children: no heap, no stdio ---- */

static volatile pid_t session_pgrp;

/* lx went away: what a terminal's hangup does, to the session's group. */
static void helper_hangup(int sig)
{
	(void)sig;
	if (session_pgrp > 0) {
		kill(-session_pgrp, SIGHUP);
		kill(-session_pgrp, SIGCONT);
	}
}

static void child_reset_signals(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void child_die(const char *what, const char *on, int err)
{
	char msg[512];
	size_t len = lxss_format_error(msg, sizeof(msg), what, on, err);
	ssize_t r = write(STDERR_FILENO, msg, len);

	(void)r;
	_exit(127);
}

int lxz_take_owner(const struct lxz_owner *o)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	uid_t r, e, sv;

	if (o->ngroups > LXZ_MAX_GROUPS) {
		errno = EINVAL;
		return -1;
	}
	if (setgroups(o->ngroups, o->groups) < 0 || setresgid(o->gid, o->gid, o->gid) < 0 ||
	    setresuid(o->uid, o->uid, o->uid) < 0)
		return -1;
	if (getresuid(&r, &e, &sv) < 0 || r != o->uid || e != o->uid || sv != o->uid) {
		errno = EPERM;
		return -1;
	}
	if (o->uid == 0)
		return 0;
	/* leaving uid 0 for good cleared them (no keep-caps); make sure */
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	if (d[0].effective || d[1].effective || d[0].permitted || d[1].permitted) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* Enter as the instance's root; a module without LXSS_ENTER_ROOT only for a root owner. */
static int child_enter(int instfd, const struct lxz_owner *o)
{
	if (lxz_take_owner(o) < 0)
		child_die("lxssd: cannot take the distro owner's host credentials", "", errno);
	if (lxss_enter_flags(instfd, LXSS_ENTER_ROOT) == 0)
		return 0;
	if (errno == EINVAL && o->uid == 0)
		return lxss_enter_flags(instfd, 0);
	return -1;
}

/* Put @src[0..2] on fds 0..2 whatever numbers they have now. */
static void child_stdio(const int *src)
{
	int tmp[3], i;

	for (i = 0; i < 3; i++) {
		tmp[i] = fcntl(src[i], F_DUPFD, 10);
		if (tmp[i] < 0)
			_exit(127);
	}
	for (i = 0; i < 3; i++)
		if (dup2(tmp[i], i) < 0)
			_exit(127);
}

static pid_t spawn_init(const struct lxz_req *rq, const int *fds)
{
	pid_t pid;
	int io[3];

	pid = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (pid != 0)
		return pid;
	child_reset_signals();
	setsid();
	io[0] = open("/dev/null", O_RDONLY);
	io[1] = io[2] = fds[1];
	if (io[0] < 0)
		io[0] = fds[1];
	child_stdio(io);
	if (child_enter(fds[0], &rq->owner) < 0)
		child_die("lxssd: cannot enter the instance as its pid 1", "", errno);
	/* nothing of lxssd's environment (LISTEN_FDS...) reaches the instance */
	execve("/init", (char *[]){ "/init", NULL }, (char *[]){ NULL });
	child_die("lxssd: cannot exec ", "/init", errno);
	return -1;
}

static pid_t spawn_session(const struct lxz_req *rq, char **argv, const int *fds)
{
	pid_t pid, g;
	int pidfd, st;

	pid = fork();
	if (pid != 0)
		return pid;
	child_reset_signals();
	pidfd = (int)syscall(SYS_pidfd_open, rq->init_pid, 0);
	if (pidfd < 0 || setns(pidfd, CLONE_NEWPID) < 0)
		_exit(125);
	close(pidfd);
	g = fork();
	if (g < 0)
		_exit(125);
	if (g == 0) {
		child_stdio(fds + 1);
		setsid();
		if (rq->tty)
			ioctl(0, TIOCSCTTY, 0);
		if (child_enter(fds[0], &rq->owner) < 0)
			child_die("lx: cannot enter the instance", "", errno);
		execve(argv[0], argv, (char *[]){ NULL });
		child_die("lx: cannot exec ", argv[0], errno);
	}
	session_pgrp = g;	/* the child leads a session: its group is its pid */
	signal(SIGTERM, helper_hangup);
	/* The helper keeps nothing open: the instance ends when lxssd closes it. */
	syscall(SYS_close_range, 3, ~0U, 0);
	close(0);
	close(1);
	close(2);
	while (waitpid(g, &st, 0) < 0)
		if (errno != EINTR)
			_exit(125);
	_exit(lxss_wait_status_to_exit_code(st));
}

/* ---- the spawner's loop ---- */

static void send_rep(int sock, int kind, int pid, int status, int err)
{
	struct lxz_rep r = { .kind = kind, .pid = pid, .status = status, .err = err };

	while (send(sock, &r, sizeof(r), MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

static void handle_request(int sock, char *buf, size_t n, const int *fds, unsigned int nfds)
{
	static char *argv[LXZ_MAX_ARGS_BYTES / 2 + 2];
	struct lxz_req rq;
	unsigned int i, k = 0;
	size_t off;
	pid_t pid;

	if (n < sizeof(rq)) {
		send_rep(sock, LXZ_FAILED, 0, 0, EPROTO);
		return;
	}
	memcpy(&rq, buf, sizeof(rq));
	if ((rq.op != LXZ_INIT && rq.op != LXZ_SESSION) || nfds != (unsigned int)fds_of(rq.op) ||
	    rq.len != n - sizeof(rq) || rq.argc > LXZ_MAX_ARGS_BYTES / 2 ||
	    rq.owner.ngroups > LXZ_MAX_GROUPS) {
		send_rep(sock, LXZ_FAILED, 0, 0, EPROTO);
		return;
	}
	if (rq.op == LXZ_SESSION) {
		char *p = buf + sizeof(rq);

		if (rq.argc == 0 || rq.len == 0 || p[rq.len - 1]) {
			send_rep(sock, LXZ_FAILED, 0, 0, EPROTO);
			return;
		}
		for (off = 0, i = 0; i < rq.argc && off < rq.len; i++) {
			argv[k++] = p + off;
			off += strlen(p + off) + 1;
		}
		if (i != rq.argc || off != rq.len) {
			send_rep(sock, LXZ_FAILED, 0, 0, EPROTO);
			return;
		}
		argv[k] = NULL;
		pid = spawn_session(&rq, argv, fds);
	} else {
		pid = spawn_init(&rq, fds);
	}
	if (pid < 0)
		send_rep(sock, LXZ_FAILED, 0, 0, errno);
	else
		send_rep(sock, LXZ_SPAWNED, pid, 0, 0);
}

static void __attribute__((noreturn)) lxz_main(int sock)
{
	static char buf[sizeof(struct lxz_req) + LXZ_MAX_ARGS_BYTES];
	union {
		char b[CMSG_SPACE(sizeof(int) * LXZ_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct pollfd pfd[2];
	sigset_t chld;
	int sfd;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		_exit(1);
	for (;;) {
		pfd[0].fd = sock;
		pfd[0].events = POLLIN;
		pfd[1].fd = sfd;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		if (pfd[1].revents) {
			struct signalfd_siginfo si;
			int st;
			pid_t pid;

			while (read(sfd, &si, sizeof(si)) > 0)
				;
			while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
				send_rep(sock, LXZ_EXITED, pid, st, 0);
		}
		if (pfd[0].revents) {
			int fds[LXZ_MAX_FDS];
			unsigned int nfds = 0, i;
			struct cmsghdr *c;
			struct msghdr mh;
			struct iovec iov = { buf, sizeof(buf) };
			ssize_t n;

			memset(&mh, 0, sizeof(mh));
			mh.msg_iov = &iov;
			mh.msg_iovlen = 1;
			mh.msg_control = ctl.b;
			mh.msg_controllen = sizeof(ctl.b);
			n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
			if (n == 0)
				_exit(0);	/* lxssd is gone */
			if (n < 0) {
				if (errno == EINTR || errno == EAGAIN)
					continue;
				_exit(1);
			}
			for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
				size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int), j;

				if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
					continue;
				for (j = 0; j < k; j++) {
					int fd;

					memcpy(&fd, CMSG_DATA(c) + j * sizeof(int), sizeof(int));
					if (nfds < LXZ_MAX_FDS)
						fds[nfds++] = fd;
					else
						close(fd);
				}
			}
			if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
				send_rep(sock, LXZ_FAILED, 0, 0, EPROTO);
			else
				handle_request(sock, buf, (size_t)n, fds, nfds);
			for (i = 0; i < nfds; i++)
				close(fds[i]);
		}
	}
}

int lxz_start(struct lxz *z)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	z->pid = fork();
	if (z->pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (z->pid == 0) {
		close(sv[0]);
		lxz_main(sv[1]);
	}
	close(sv[1]);
	z->sock = sv[0];
	z->nqueue = 0;
	return 0;
}

static int recv_rep(struct lxz *z, struct lxz_rep *r)
{
	ssize_t n;

	do
		n = recv(z->sock, r, sizeof(*r), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*r)) {
		errno = n < 0 ? errno : EPIPE;
		return -1;
	}
	return 0;
}

pid_t lxz_spawn(struct lxz *z, int op, pid_t init_pid, int tty, const char *const *argv,
		const int *fds, const struct lxz_owner *owner)
{
	static char args[LXZ_MAX_ARGS_BYTES];
	union {
		char b[CMSG_SPACE(sizeof(int) * LXZ_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct lxz_req rq = { .op = op, .init_pid = init_pid, .tty = tty, .owner = *owner };
	struct iovec iov[2];
	struct cmsghdr *c;
	struct msghdr mh;
	size_t len = 0, l;
	struct lxz_rep r;
	int nfds = fds_of(op);

	for (; op == LXZ_SESSION && argv && argv[rq.argc]; rq.argc++) {
		l = strlen(argv[rq.argc]) + 1;
		if (len + l > sizeof(args)) {
			errno = E2BIG;
			return -1;
		}
		memcpy(args + len, argv[rq.argc], l);
		len += l;
	}
	rq.len = (unsigned int)len;
	iov[0].iov_base = &rq;
	iov[0].iov_len = sizeof(rq);
	iov[1].iov_base = args;
	iov[1].iov_len = len;
	memset(&mh, 0, sizeof(mh));
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	mh.msg_control = ctl.b;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	if (sendmsg(z->sock, &mh, MSG_NOSIGNAL) < 0)
		return -1;
	for (;;) {
		if (recv_rep(z, &r) < 0)
			return -1;
		if (r.kind == LXZ_EXITED) {
			if (z->nqueue < LXZ_MAX_QUEUE)
				z->queue[z->nqueue++] = r;
			continue;
		}
		if (r.kind == LXZ_SPAWNED)
			return r.pid;
		errno = r.err ? r.err : EPROTO;
		return -1;
	}
}

int lxz_next_exit(struct lxz *z, pid_t *pid, int *status)
{
	struct lxz_rep r;
	struct pollfd p = { .fd = z->sock, .events = POLLIN };

	if (z->nqueue) {
		r = z->queue[0];
		memmove(z->queue, z->queue + 1, --z->nqueue * sizeof(r));
		*pid = r.pid;
		*status = r.status;
		return 1;
	}
	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (recv_rep(z, &r) < 0)
		return -1;
	if (r.kind != LXZ_EXITED)
		return 0;
	*pid = r.pid;
	*status = r.status;
	return 1;
}
