// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd.c - the session manager: options, the listening socket, who may
 * talk to it (SO_PEERCRED, SO_PEERGROUPS), and one handler per request.
 * Single-threaded: one poll() loop over the socket and the spawner.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "liblxss.h"
#include "lxssd.h"
#include "volfs.h"

static struct lxssd lxssd;

/* ---- configuration ---- */

static void usage(FILE *f)
{
	fputs("usage: lxssd [-S SOCKET] [-d STATE_DIR] [-g GROUP] [-i IDLE_S] [-m L=DIR]...\n"
	      "             [--init PATH] [--default-tar PATH] [--dev PATH] [--no-seccomp]\n"
	      "  -S SOCKET    listen here (default " LXP_DEFAULT_SOCKET ")\n"
	      "  -d DIR       state directory (default " LXSSD_STATE_DIR ")\n"
	      "  -g GROUP     members may use lxssd, besides root (default " LXSSD_GROUP ")\n"
	      "  -i SECONDS   an instance ends this long after its last session (default 8)\n"
	      "  -m L=DIR     DrvFs drive: host DIR as /mnt/L in every instance\n", f);
}

static int parse_opts(struct lxssd *s, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "init", required_argument, NULL, 'I' },
		{ "default-tar", required_argument, NULL, 'T' },
		{ "dev", required_argument, NULL, 'D' },
		{ "no-seccomp", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "S:d:g:i:m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'S':
			s->socket_path = optarg;
			break;
		case 'd':
			s->state_dir = optarg;
			break;
		case 'g':
			s->group_name = optarg;
			break;
		case 'i':
			s->idle_s = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || !*optarg || s->idle_s > 86400) {
				fprintf(stderr, "lxssd: -i needs seconds (0..86400)\n");
				return -1;
			}
			break;
		case 'm':
			if (!((optarg[0] >= 'a' && optarg[0] <= 'z')) || optarg[1] != '=' ||
			    optarg[2] != '/' || strlen(optarg + 2) >= sizeof(s->drives[0].path)) {
				fprintf(stderr, "lxssd: -m needs L=/DIR (L a lower-case letter)\n");
				return -1;
			}
			s->drives[optarg[0] - 'a'].letter = optarg[0];
			snprintf(s->drives[optarg[0] - 'a'].path, sizeof(s->drives[0].path), "%s",
				 optarg + 2);
			break;
		case 'I':
			s->init_path = optarg;
			break;
		case 'T':
			s->default_tar = optarg;
			break;
		case 'D':
			s->dev_path = optarg;
			break;
		case 'N':
			s->seccomp = false;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("lxssd %s\n", LXSSD_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* ---- replies ---- */

static void reply_err(struct lxp_peer *p, const struct lxssd_err *e)
{
	struct lxp_msg m = { .type = LXP_ERROR, .code = e->code, .text = e->text,
			     .hint = e->hint };

	lxp_send(p, &m, NULL);
}

static void reply_simple(struct lxp_peer *p, int type)
{
	struct lxp_msg m = { .type = (uint16_t)type };

	lxp_send(p, &m, NULL);
}

static void close_peer(struct lxp_peer *p)
{
	close(p->sock);
	free(p);
}

/* Who asks: SO_PEERCRED and SO_PEERGROUPS, as host credentials to own a distro with. */
struct lxssd_caller {
	uid_t uid;
	struct lxz_owner who;
};

static struct lxssd_distro *need_distro(struct lxssd *s, const struct lxssd_caller *c,
					const char *name, struct lxssd_err *e)
{
	struct lxssd_distro *d = lxssd_find(s, name);

	if (!d || d->state != LXP_STATE_INSTALLED) {
		lxssd_fail(e, ENOENT, "see \"lx list\"; install it with \"lx install NAME\"",
			   "no distro named %s", name);
		return NULL;
	}
	if (!lxssd_may_use(c->uid, d)) {
		lxssd_log("uid %u refused distro %s (owner uid %u)", (unsigned int)c->uid, name,
			  (unsigned int)d->owner.uid);
		lxssd_fail(e, EPERM,
			   "only its owner or root may use it; install your own with \"lx install NAME\"",
			   "permission denied: distro %s belongs to uid %u", name,
			   (unsigned int)d->owner.uid);
		return NULL;
	}
	return d;
}

/* ---- requests ---- */

static void do_list(struct lxssd *s, struct lxp_peer *p, const struct lxssd_caller *c,
		    const struct lxp_msg *rq)
{
	static struct lxp_msg m;
	static char paths[LXP_MAX_DISTROS][512];
	size_t i;

	memset(&m, 0, sizeof(m));
	m.type = LXP_LIST_REPLY;
	for (i = 0; i < LXP_MAX_DISTROS; i++) {
		struct lxssd_distro *d = &s->distros[i];
		struct lxp_entry *en;

		if (!d->used || ((rq->flags & LXP_LIST_RUNNING) && !d->running) ||
		    !lxssd_may_use(c->uid, d))
			continue;
		en = &m.entries[m.nentries++];
		lxssd_distro_dir(s, d->name, "rootfs", paths[i], sizeof(paths[i]));
		en->name = d->name;
		en->path = paths[i];
		en->user = d->user;
		en->state = d->running ? LXP_STATE_RUNNING : d->state;
		en->sessions = d->sessions;
	}
	lxp_send(p, &m, NULL);
}

static void do_install(struct lxssd *s, struct lxp_peer *p, const struct lxssd_caller *c,
		       const struct lxp_msg *rq, const int *fds)
{
	char dir[512], tar[64], *errtext = NULL;
	struct lxssd_distro *d = NULL;
	struct lxssd_err e;
	size_t i, errlen = 0;
	FILE *errf;
	int ret;

	if (lxssd_find(s, rq->name)) {
		lxssd_fail(&e, EEXIST, "pick another name, or \"lx unregister\" it first",
			   "a distro named %s exists", rq->name);
		goto fail;
	}
	for (i = 0; i < LXP_MAX_DISTROS && s->distros[i].used; i++)
		;
	if (i == LXP_MAX_DISTROS) {
		lxssd_fail(&e, ENOSPC, "unregister one", "too many distros");
		goto fail;
	}
	if (rq->flags & LXP_INSTALL_FROM_FD)
		snprintf(tar, sizeof(tar), "/proc/self/fd/%d", fds[0]);
	else if (access(s->default_tar, R_OK) < 0) {
		lxssd_fail(&e, errno, "give a tarball with --from ROOTFS.tar",
			   "no default distro: %s: %s", s->default_tar, strerror(errno));
		goto fail;
	}
	d = &s->distros[i];
	memset(d, 0, sizeof(*d));
	d->used = true;
	d->instfd = d->pidfd = -1;
	d->state = LXP_STATE_INSTALLING;
	snprintf(d->name, sizeof(d->name), "%s", rq->name);
	snprintf(d->user, sizeof(d->user), "root");
	d->owner = c->who;
	if (lxssd_registry_save(s) < 0) {
		lxssd_fail(&e, errno, NULL, "cannot write the registry: %s", strerror(errno));
		goto fail_entry;
	}
	lxssd_distro_dir(s, d->name, NULL, dir, sizeof(dir));
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		lxssd_fail(&e, errno, NULL, "cannot make %s: %s", dir, strerror(errno));
		goto fail_entry;
	}
	lxssd_distro_dir(s, d->name, "rootfs", dir, sizeof(dir));
	errf = open_memstream(&errtext, &errlen);
	volfs_err = errf;
	ret = volfs_import(rq->flags & LXP_INSTALL_FROM_FD ? tar : s->default_tar, dir, 0);
	volfs_err = NULL;
	if (errf)
		fclose(errf);
	if (ret) {
		lxssd_fail(&e, EINVAL, "check the tarball (volfs import reads tar, .gz, .xz, .zst)",
			   "%s", errtext && *errtext ? errtext : "import failed");
		free(errtext);
		goto fail_tree;
	}
	free(errtext);
	/* the owner's pico processes exec the backing files with their host ids */
	if (d->owner.uid != 0 && lxssd_own_tree(dir, d->owner.uid, d->owner.gid) < 0) {
		lxssd_fail(&e, errno, NULL, "cannot give %s to uid %u: %s", dir,
			   (unsigned int)d->owner.uid, strerror(errno));
		goto fail_tree;
	}
	d->state = LXP_STATE_INSTALLED;
	if (lxssd_registry_save(s) < 0) {
		lxssd_fail(&e, errno, NULL, "cannot write the registry: %s", strerror(errno));
		goto fail_tree;
	}
	lxssd_log("distro %s installed, owner uid %u", d->name, (unsigned int)d->owner.uid);
	reply_simple(p, LXP_OK);
	return;

fail_tree:
	lxssd_distro_dir(s, d->name, NULL, dir, sizeof(dir));
	{
		char parent[512];
		int dfd;

		snprintf(parent, sizeof(parent), "%s/distros", s->state_dir);
		dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			volfs_rmtree_at(dfd, d->name);
			close(dfd);
		}
	}
fail_entry:
	d->used = false;
	lxssd_registry_save(s);
fail:
	reply_err(p, &e);
}

static struct lxssd_session *new_session(struct lxssd *s)
{
	size_t i;

	for (i = 0; i < LXSSD_MAX_SESSIONS; i++)
		if (!s->sessions[i].used)
			return &s->sessions[i];
	return NULL;
}

/* Returns true when the peer now belongs to a session. */
static bool do_run(struct lxssd *s, struct lxp_peer *p, const struct lxssd_caller *c,
		   const struct lxp_msg *rq, const int *fds)
{
	struct lxssd_session *se;
	struct lxssd_distro *d;
	struct lxp_msg m;
	struct lxssd_err e;
	int io[3];
	pid_t pid;

	d = need_distro(s, c, rq->name, &e);
	if (!d)
		goto fail;
	if (rq->user && *rq->user && !lxssd_valid_user(rq->user)) {
		lxssd_fail(&e, EINVAL, NULL, "invalid user name %s", rq->user);
		goto fail;
	}
	se = new_session(s);
	if (!se) {
		lxssd_fail(&e, EAGAIN, "wait for a session to end", "too many sessions");
		goto fail;
	}
	if (!d->running && lxssd_instance_start(s, d, &e) < 0)
		goto fail;
	io[0] = fds[0];
	io[1] = rq->flags & LXP_RUN_TTY ? fds[0] : fds[1];
	io[2] = rq->flags & LXP_RUN_TTY ? fds[0] : fds[2];
	pid = lxssd_session_spawn(s, d, rq, io, &e);
	if (pid < 0)
		goto fail;
	se->used = true;
	se->id = ++s->next_session;
	se->distro = (int)(d - s->distros);
	se->gen = d->gen;
	se->helper = pid;
	se->peer = p;
	d->sessions++;
	memset(&m, 0, sizeof(m));
	m.type = LXP_STARTED;
	m.session = se->id;
	lxp_send(p, &m, NULL);
	return true;
fail:
	reply_err(p, &e);
	return false;
}

static void do_terminate(struct lxssd *s, struct lxp_peer *p, const struct lxssd_caller *c,
			 const struct lxp_msg *rq)
{
	struct lxssd_distro *d;
	struct lxssd_err e;

	d = need_distro(s, c, rq->name, &e);
	if (!d) {
		reply_err(p, &e);
		return;
	}
	lxssd_instance_stop(s, d);
	reply_simple(p, LXP_OK);
}

static void do_unregister(struct lxssd *s, struct lxp_peer *p, const struct lxssd_caller *c,
			  const struct lxp_msg *rq)
{
	struct lxssd_distro *d;
	struct lxssd_err e;
	char parent[512];
	int dfd;

	d = need_distro(s, c, rq->name, &e);
	if (!d) {
		reply_err(p, &e);
		return;
	}
	lxssd_instance_stop(s, d);
	d->used = false;
	if (lxssd_registry_save(s) < 0) {
		d->used = true;
		lxssd_fail(&e, errno, NULL, "cannot write the registry: %s", strerror(errno));
		reply_err(p, &e);
		return;
	}
	snprintf(parent, sizeof(parent), "%s/distros", s->state_dir);
	dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || volfs_rmtree_at(dfd, d->name) < 0)
		lxssd_log("cannot remove %s/%s: %s", parent, d->name, strerror(errno));
	if (dfd >= 0)
		close(dfd);
	free(d->calls);
	free(d->unimpl);
	memset(d, 0, sizeof(*d));
	lxssd_log("distro %s unregistered", rq->name);
	reply_simple(p, LXP_OK);
}

static void do_export(struct lxssd *s, struct lxp_peer *p, const struct lxssd_caller *c,
		      const struct lxp_msg *rq)
{
	char root[512], file[600], *errtext = NULL;
	struct lxp_msg m = { .type = LXP_FILE };
	struct lxssd_distro *d;
	struct lxssd_err e;
	size_t errlen = 0;
	FILE *errf;
	int fd, ret;

	d = need_distro(s, c, rq->name, &e);
	if (!d)
		goto fail;
	lxssd_distro_dir(s, d->name, "rootfs", root, sizeof(root));
	snprintf(file, sizeof(file), "%s/tmp/export-%s.%s", s->state_dir, d->name,
		 rq->flags & LXP_EXPORT_GZIP ? "tar.gz" : "tar");
	errf = open_memstream(&errtext, &errlen);
	volfs_err = errf;
	ret = volfs_export(root, file);
	volfs_err = NULL;
	if (errf)
		fclose(errf);
	if (ret) {
		lxssd_fail(&e, EIO, NULL, "%s", errtext && *errtext ? errtext : "export failed");
		free(errtext);
		unlink(file);
		goto fail;
	}
	free(errtext);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	unlink(file);
	if (fd < 0) {
		lxssd_fail(&e, errno, NULL, "cannot open %s: %s", file, strerror(errno));
		goto fail;
	}
	lxp_send(p, &m, &fd);
	close(fd);
	return;
fail:
	reply_err(p, &e);
}

static void do_stats(struct lxssd *s, struct lxp_peer *p, const struct lxssd_caller *c,
		     const struct lxp_msg *rq)
{
	static struct lxp_msg m;
	static char names[LXSS_NR_COUNTERS][LXSS_SYSCALL_NAME_MAX];
	struct lxssd_distro *d;
	struct lxssd_err e;
	unsigned int nr;

	d = need_distro(s, c, rq->name, &e);
	if (!d)
		goto fail;
	if (lxssd_instance_query(s, d) < 0) {
		lxssd_fail(&e, d->running ? errno : ESRCH,
			   d->running ? NULL : "run something in it first (lx run NAME -- CMD)",
			   d->running ? "cannot query the instance %s" : "%s has not run yet",
			   d->name);
		goto fail;
	}
	if (s->devfd < 0)
		lxssd_open_dev(s, &e);
	memset(&m, 0, sizeof(m));
	m.type = LXP_STATS_REPLY;
	m.total = d->total;
	m.total_unimpl = d->total_unimpl;
	m.nr_syscalls = d->nr_syscalls;
	for (nr = 0; nr < LXSS_NR_COUNTERS; nr++) {
		struct lxp_stat *st;

		if (!d->calls[nr] && !d->unimpl[nr])
			continue;
		st = &m.stats[m.nstats++];
		st->nr = nr;
		st->calls = d->calls[nr];
		st->unimpl = d->unimpl[nr];
		lxssd_syscall_name(s, nr, names[nr], sizeof(names[nr]));
		st->name = names[nr];
	}
	lxp_send(p, &m, NULL);
	return;
fail:
	reply_err(p, &e);
}

/* ---- connections ---- */

static bool authorized(struct lxssd *s, int sock, struct ucred *cr, struct lxssd_caller *c)
{
	static gid_t groups[65536];
	socklen_t len = sizeof(*cr);
	bool member = false;
	size_t i, n;

	memset(c, 0, sizeof(*c));
	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, cr, &len) < 0)
		return false;
	c->uid = c->who.uid = cr->uid;
	c->who.gid = cr->gid;
	len = sizeof(groups);
	if (getsockopt(sock, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0)
		return false;
	n = len / sizeof(gid_t);
	for (i = 0; i < n; i++) {
		if (groups[i] == s->gid && s->gid != (gid_t)-1)
			member = true;
		/* beyond LXZ_MAX_GROUPS the owner's processes have fewer groups, never more */
		if (c->who.ngroups < LXZ_MAX_GROUPS)
			c->who.groups[c->who.ngroups++] = groups[i];
	}
	if (n > LXZ_MAX_GROUPS)
		lxssd_log("uid %u: %zu groups, only the first %d kept", (unsigned int)cr->uid, n,
			  LXZ_MAX_GROUPS);
	if (cr->uid == 0)
		return true;
	if (s->gid == (gid_t)-1)
		return false;
	return cr->gid == s->gid || member;
}

static void handle_client(struct lxssd *s, int sock)
{
	static struct lxp_msg rq;
	struct timeval tv = { .tv_sec = 10 };
	struct lxp_msg hello = { .type = LXP_HELLO, .version = LXP_VERSION };
	struct lxp_peer *p;
	struct lxssd_caller caller;
	struct lxssd_err e;
	struct ucred cr;
	int fds[LXP_MAX_FDS], ret;
	unsigned int i;
	bool kept = false;

	p = calloc(1, sizeof(*p));
	if (!p) {
		close(sock);
		return;
	}
	p->sock = sock;
	p->is_client = 0;
	/* a silent client must not hold the loop for long */
	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	ret = lxp_recv(p, &rq, fds);
	if (ret) {
		if (ret > 0)
			lxssd_log("client: %s", lxp_strerror(ret));
		goto out;
	}
	if (!authorized(s, sock, &cr, &caller)) {
		lxssd_log("uid %d refused: not root, not in group %s", (int)cr.uid, s->group_name);
		lxssd_fail(&e, EACCES,
			   s->gid == (gid_t)-1 ? "only root may use lxssd (its group does not exist)"
					      : "ask an administrator to add you to the lxssd group",
			   "permission denied: uid %d is not root nor a member of group %s",
			   (int)cr.uid, s->group_name);
		reply_err(p, &e);
		goto out;
	}
	if (lxp_send(p, &hello, NULL))
		goto out;
	ret = lxp_recv(p, &rq, fds);
	if (ret) {
		if (ret > 0) {
			lxssd_log("client uid %d: %s", (int)cr.uid, lxp_strerror(ret));
			lxssd_fail(&e, EPROTO, "use the lx of the same version as lxssd",
				   "protocol error: %s", lxp_strerror(ret));
			reply_err(p, &e);
		}
		goto out;
	}
	switch (rq.type) {
	case LXP_LIST:
		do_list(s, p, &caller, &rq);
		break;
	case LXP_INSTALL:
		do_install(s, p, &caller, &rq, fds);
		break;
	case LXP_RUN:
		kept = do_run(s, p, &caller, &rq, fds);
		break;
	case LXP_TERMINATE:
		do_terminate(s, p, &caller, &rq);
		break;
	case LXP_UNREGISTER:
		do_unregister(s, p, &caller, &rq);
		break;
	case LXP_EXPORT:
		do_export(s, p, &caller, &rq);
		break;
	case LXP_STATS:
		do_stats(s, p, &caller, &rq);
		break;
	default:
		break;
	}
	for (i = 0; i < lxp_fds_of(&rq); i++)
		close(fds[i]);
out:
	if (!kept)
		close_peer(p);
}

static void child_ended(struct lxssd *s, pid_t pid, int status)
{
	size_t i;

	for (i = 0; i < LXSSD_MAX_SESSIONS; i++) {
		struct lxssd_session *se = &s->sessions[i];
		struct lxssd_distro *d;
		struct lxp_msg m;

		if (!se->used || se->helper != pid)
			continue;
		d = &s->distros[se->distro];
		memset(&m, 0, sizeof(m));
		m.type = LXP_EXIT;
		m.code = lxss_wait_status_to_exit_code(status);
		if (se->peer) {
			lxp_send(se->peer, &m, NULL);
			close_peer(se->peer);
		}
		se->used = false;
		/* a session of an instance that was terminated since counts no more */
		if (d->used && d->running && d->gen == se->gen && d->sessions &&
		    --d->sessions == 0)
			d->idle_since_ms = lxssd_now_ms();
		return;
	}
	for (i = 0; i < LXP_MAX_DISTROS; i++) {
		struct lxssd_distro *d = &s->distros[i];

		if (d->used && d->running && d->init_pid == pid) {
			lxssd_log("instance %s: pid 1 ended (status 0x%x)", d->name, status);
			lxssd_instance_stop(s, d);
			return;
		}
	}
}

/* Instances idle long enough end; returns the poll timeout until the next. */
static int idle_check(struct lxssd *s)
{
	uint64_t now = lxssd_now_ms(), left, next = UINT64_MAX;
	size_t i;

	for (i = 0; i < LXP_MAX_DISTROS; i++) {
		struct lxssd_distro *d = &s->distros[i];

		if (!d->used || !d->running || d->sessions)
			continue;
		if (now - d->idle_since_ms >= (uint64_t)s->idle_s * 1000) {
			lxssd_log("instance %s: idle for %u s", d->name, s->idle_s);
			lxssd_instance_stop(s, d);
			continue;
		}
		left = (uint64_t)s->idle_s * 1000 - (now - d->idle_since_ms);
		if (left < next)
			next = left;
	}
	return next == UINT64_MAX ? -1 : (int)(next > 60000 ? 60000 : next);
}

static int listen_on(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, env_fds;
	const char *lp = getenv("LISTEN_PID"), *lf = getenv("LISTEN_FDS");

	/* socket activation: systemd passes the socket as fd 3 */
	if (lp && lf && (pid_t)atoi(lp) == getpid() && (env_fds = atoi(lf)) >= 1) {
		fcntl(3, F_SETFD, FD_CLOEXEC);
		return 3;
	}
	if (strlen(path) >= sizeof(a.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || chmod(path, 0666) < 0 ||
	    listen(fd, 16) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static int make_dirs(struct lxssd *s)
{
	static const char *const subs[] = { "", "/distros", "/run", "/tmp" };
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", s->state_dir, subs[i]);
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			lxssd_log("cannot make %s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct lxssd *s = &lxssd;
	char sockdir[512], *slash;

	s->state_dir = LXSSD_STATE_DIR;
	s->socket_path = LXP_DEFAULT_SOCKET;
	s->group_name = LXSSD_GROUP;
	s->init_path = LXSSD_INIT;
	s->default_tar = LXSSD_DEFAULT_TAR;
	s->dev_path = LXSS_DEVICE_PATH;
	s->idle_s = LXSSD_IDLE_SECONDS;
	s->seccomp = true;
	s->devfd = -1;
	s->lsock = -1;
	if (parse_opts(s, argc, argv) < 0)
		return 2;
	setvbuf(stderr, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	/* the spawner first: it must not inherit the filter, nor any client */
	if (lxz_start(&s->zyg) < 0) {
		lxssd_log("cannot start the spawner: %s", strerror(errno));
		return 1;
	}
	s->gid = lxssd_group_gid("/etc/group", s->group_name);
	if (s->gid == (gid_t)-1)
		lxssd_log("group %s does not exist: only root may use lxssd", s->group_name);
	umask(077);
	if (make_dirs(s) < 0 || lxssd_registry_load(s) < 0)
		return 1;
	lxssd_recover(s);
	snprintf(sockdir, sizeof(sockdir), "%s", s->socket_path);
	slash = strrchr(sockdir, '/');
	if (slash && slash != sockdir) {
		*slash = 0;
		if (mkdir(sockdir, 0755) < 0 && errno != EEXIST)
			lxssd_log("cannot make %s: %s", sockdir, strerror(errno));
	}
	s->lsock = listen_on(s->socket_path);
	if (s->lsock < 0) {
		lxssd_log("cannot listen on %s: %s", s->socket_path, strerror(errno));
		return 1;
	}
	if (s->seccomp && lxssd_seccomp_apply() < 0)
		return 1;
	lxssd_log("listening on %s (state %s, idle %u s%s)", s->socket_path, s->state_dir,
		  s->idle_s, s->seccomp ? ", seccomp" : "");
	for (;;) {
		struct pollfd pfd[2 + LXSSD_MAX_SESSIONS];
		int timeout, sock, st;
		size_t i;
		pid_t pid;

		while (s->zyg.nqueue && lxz_next_exit(&s->zyg, &pid, &st) == 1)
			child_ended(s, pid, st);
		timeout = idle_check(s);
		pfd[0].fd = s->lsock;
		pfd[0].events = POLLIN;
		pfd[1].fd = s->zyg.sock;
		pfd[1].events = POLLIN;
		/* the lx of each session: its going away (or any byte) is a hangup */
		for (i = 0; i < LXSSD_MAX_SESSIONS; i++) {
			struct lxssd_session *se = &s->sessions[i];

			pfd[2 + i].fd = se->used && se->peer ? se->peer->sock : -1;
			pfd[2 + i].events = POLLIN;
			pfd[2 + i].revents = 0;
		}
		if (poll(pfd, 2 + LXSSD_MAX_SESSIONS, timeout) < 0) {
			if (errno == EINTR)
				continue;
			lxssd_log("poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[1].revents) {
			int r, status;

			while ((r = lxz_next_exit(&s->zyg, &pid, &status)) == 1)
				child_ended(s, pid, status);
			if (r < 0 || (pfd[1].revents & (POLLHUP | POLLERR))) {
				lxssd_log("the spawner is gone");
				return 1;
			}
		}
		for (i = 0; i < LXSSD_MAX_SESSIONS; i++) {
			struct lxssd_session *se = &s->sessions[i];

			if (!pfd[2 + i].revents || !se->used || !se->peer)
				continue;
			lxssd_log("session %u: lx went away, hanging it up", se->id);
			close_peer(se->peer);
			se->peer = NULL;
			/* the helper hangs up the session's process group */
			kill(se->helper, SIGTERM);
		}
		if (pfd[0].revents & POLLIN) {
			sock = accept4(s->lsock, NULL, NULL, SOCK_CLOEXEC);
			if (sock >= 0)
				handle_client(s, sock);
		}
	}
}
