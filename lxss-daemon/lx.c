// SPDX-License-Identifier: GPL-2.0
/*
 * lx.c - the command a person types: asks lxssd (over its socket, see
 * lxss_wire.h) to install, list, run, terminate, unregister, export distros
 * and show an instance's per-syscall counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "liblxss.h"
#include "lx_args.h"
#include "lx_tty.h"
#include "lxss_wire.h"

static struct lxp_msg lx_msg;	/* large: static */

static void lx_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void lx_err(const char *fmt, ...)
{
	va_list ap;

	lx_tty_restore();
	fputs("lx: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int lx_hint(const char *hint)
{
	if (hint && *hint)
		fprintf(stderr, "lx: hint: %s\n", hint);
	return LX_EXIT_FAILURE;
}

/* What the daemon said went wrong. */
static int lx_daemon_error(const struct lxp_msg *m)
{
	lx_err("%s", m->text);
	return lx_hint(m->hint);
}

static int lx_connect(struct lxp_peer *p, const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct lxp_msg hello = { .type = LXP_HELLO, .version = LXP_VERSION };
	int fd, ret;

	if (strlen(path) >= sizeof(a.sun_path)) {
		lx_err("socket path too long: %s", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int err = errno;

		lx_err("cannot connect to lxssd at %s: %s", path, strerror(err));
		if (err == ENOENT || err == ECONNREFUSED)
			lx_hint("the daemon is not running: start it (systemctl start lxssd, or "
				"lxssd &), or point -S / LXSS_SOCKET at its socket");
		else if (err == EACCES)
			lx_hint("permission denied: you must be root or in the lxss group");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(p, 0, sizeof(*p));
	p->sock = fd;
	p->is_client = 1;
	if (lxp_send(p, &hello, NULL))
		goto io;
	ret = lxp_recv(p, &lx_msg, NULL);
	if (ret > 0) {
		lx_err("lxssd at %s: %s", path, lxp_strerror(ret));
		goto fail;
	}
	if (ret < 0)
		goto io;
	if (lx_msg.type == LXP_ERROR) {
		lx_daemon_error(&lx_msg);
		goto fail;
	}
	return 0;
io:
	lx_err("lxssd at %s: %s", path, errno == EPIPE ? "closed the connection" : strerror(errno));
fail:
	close(fd);
	return -1;
}

/* Send @rq, receive the answer into lx_msg; ERROR is printed. */
static int lx_ask(struct lxp_peer *p, const struct lxp_msg *rq, const int *fds, int *rfds)
{
	int ret;

	ret = lxp_send(p, rq, fds);
	if (ret == 0)
		ret = lxp_recv(p, &lx_msg, rfds);
	if (ret > 0) {
		lx_err("protocol error: %s", lxp_strerror(ret));
		return -1;
	}
	if (ret < 0) {
		lx_err("lxssd: %s", errno == EPIPE ? "closed the connection" : strerror(errno));
		return -1;
	}
	if (lx_msg.type == LXP_ERROR) {
		lx_daemon_error(&lx_msg);
		return -1;
	}
	return 0;
}

static const char *state_name(uint32_t s)
{
	switch (s) {
	case LXP_STATE_RUNNING:
		return "Running";
	case LXP_STATE_INSTALLING:
		return "Installing";
	default:
		return "Stopped";
	}
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int lx_list(struct lxp_peer *p, const struct lx_opts *o)
{
	struct lxp_msg rq = { .type = LXP_LIST, .flags = o->running ? LXP_LIST_RUNNING : 0 };
	uint32_t i;

	if (lx_ask(p, &rq, NULL, NULL))
		return LX_EXIT_FAILURE;
	if (o->json) {
		putchar('[');
		for (i = 0; i < lx_msg.nentries; i++) {
			const struct lxp_entry *e = &lx_msg.entries[i];

			printf("%s{\"name\":", i ? "," : "");
			json_str(e->name);
			printf(",\"state\":\"%s\",\"sessions\":%u,\"user\":", state_name(e->state),
			       e->sessions);
			json_str(e->user);
			printf(",\"path\":");
			json_str(e->path);
			putchar('}');
		}
		puts("]");
	} else {
		printf("%-20s %-10s %-8s %-10s %s\n", "NAME", "STATE", "SESSIONS", "USER", "PATH");
		for (i = 0; i < lx_msg.nentries; i++) {
			const struct lxp_entry *e = &lx_msg.entries[i];

			printf("%-20s %-10s %-8u %-10s %s\n", e->name, state_name(e->state),
			       e->sessions, e->user, e->path);
		}
	}
	return 0;
}

static int lx_install(struct lxp_peer *p, const struct lx_opts *o)
{
	struct lxp_msg rq = { .type = LXP_INSTALL, .name = o->name };
	int fd = -1, ret;

	if (o->from) {
		fd = open(o->from, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			lx_err("cannot open %s: %s", o->from, strerror(errno));
			return LX_EXIT_FAILURE;
		}
		rq.flags = LXP_INSTALL_FROM_FD;
	}
	ret = lx_ask(p, &rq, &fd, NULL);
	if (fd >= 0)
		close(fd);
	if (ret)
		return LX_EXIT_FAILURE;
	printf("installed %s\n", o->name);
	return 0;
}

static int lx_simple(struct lxp_peer *p, int type, const char *name)
{
	struct lxp_msg rq = { .type = (uint16_t)type, .name = name };

	return lx_ask(p, &rq, NULL, NULL) ? LX_EXIT_FAILURE : 0;
}

static int lx_export(struct lxp_peer *p, const struct lx_opts *o)
{
	size_t n = strlen(o->file);
	struct lxp_msg rq = { .type = LXP_EXPORT, .name = o->name,
			      .flags = n > 3 && !strcmp(o->file + n - 3, ".gz") ? LXP_EXPORT_GZIP : 0 };
	char *tmp, *dcopy;
	char buf[65536];
	int fd, out;
	ssize_t r;

	if (lx_ask(p, &rq, NULL, &fd))
		return LX_EXIT_FAILURE;
	dcopy = strdup(o->file);
	if (!dcopy || asprintf(&tmp, "%s/.lx-export.XXXXXX", dirname(dcopy)) < 0) {
		lx_err("out of memory");
		return LX_EXIT_FAILURE;
	}
	free(dcopy);
	out = mkstemp(tmp);
	if (out < 0) {
		lx_err("cannot create a temp file beside %s: %s", o->file, strerror(errno));
		goto fail;
	}
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)r) != r) {
			r = -1;
			break;
		}
	}
	if (r < 0 || fchmod(out, 0644) < 0 || fsync(out) < 0 || close(out) < 0 ||
	    rename(tmp, o->file) < 0) {
		lx_err("cannot write %s: %s", o->file, strerror(errno));
		unlink(tmp);
		goto fail;
	}
	free(tmp);
	close(fd);
	return 0;
fail:
	free(tmp);
	close(fd);
	return LX_EXIT_FAILURE;
}

static bool lx_stat_name(void *ctx, unsigned int nr, char *buf, size_t size)
{
	const struct lxp_msg *m = ctx;
	uint32_t i;

	for (i = 0; i < m->nstats; i++) {
		if (m->stats[i].nr == nr && m->stats[i].name[0]) {
			snprintf(buf, size, "%s", m->stats[i].name);
			return true;
		}
	}
	return false;
}

static int lx_stats(struct lxp_peer *p, const struct lx_opts *o)
{
	static __u64 calls[LXSS_NR_COUNTERS], unimpl[LXSS_NR_COUNTERS];
	struct lxp_msg rq = { .type = LXP_STATS, .name = o->name };
	struct lxss_stats st;
	uint32_t i;

	if (lx_ask(p, &rq, NULL, NULL))
		return LX_EXIT_FAILURE;
	for (i = 0; i < lx_msg.nstats; i++) {
		calls[lx_msg.stats[i].nr] = lx_msg.stats[i].calls;
		unimpl[lx_msg.stats[i].nr] = lx_msg.stats[i].unimpl;
	}
	if (lxss_stats_build(calls, unimpl, LXSS_NR_COUNTERS, lx_stat_name, &lx_msg, &st) < 0) {
		lx_err("out of memory");
		return LX_EXIT_FAILURE;
	}
	printf("%s: %llu system calls, %llu unimplemented (-ENOSYS); lxcore's table has %u rows\n",
	       o->name, (unsigned long long)lx_msg.total, (unsigned long long)lx_msg.total_unimpl,
	       lx_msg.nr_syscalls);
	lxss_stats_print(stdout, &st);
	lxss_stats_free(&st);
	return 0;
}

static int lx_run(struct lxp_peer *p, const struct lx_opts *o)
{
	static const char *env[LXP_MAX_ENV + 2];
	struct lxp_msg rq = { .type = LXP_RUN, .name = o->name, .user = o->user, .cwd = o->cwd };
	int fds[3] = { 0, 1, 2 }, master = -1, slave = -1, ret;
	bool tty = isatty(STDIN_FILENO);
	const char *term = getenv("TERM");
	unsigned int i;

	for (i = 0; i < o->nenv; i++) {
		env[i] = o->env[i];
		if (!strncmp(o->env[i], "TERM=", 5))
			term = NULL;
	}
	rq.nenv = o->nenv;
	if (tty && term && *term && rq.nenv < LXP_MAX_ENV) {
		static char termvar[256];

		snprintf(termvar, sizeof(termvar), "TERM=%s", term);
		env[rq.nenv++] = termvar;
	}
	env[rq.nenv] = NULL;
	for (i = 0; i < rq.nenv; i++)
		rq.env[i] = env[i];
	rq.nargv = o->cmd_argc;
	for (i = 0; i < o->cmd_argc; i++)
		rq.argv[i] = o->cmd_argv[i];
	if (tty) {
		if (lx_tty_open(&master, &slave) < 0) {
			lx_err("cannot open a pseudo-terminal: %s", strerror(errno));
			return LX_EXIT_FAILURE;
		}
		rq.flags |= LXP_RUN_TTY;
		fds[0] = slave;
	}
	/*
	 * Not a tty: a ^C at the caller's terminal ends lx (the session is not
	 * in the terminal's groups); lxssd then hangs the session up (SIGHUP).
	 */
	ret = lx_ask(p, &rq, fds, NULL);
	if (slave >= 0)
		close(slave);
	if (ret)
		return LX_EXIT_FAILURE;
	if (tty) {
		if (lx_tty_raw() < 0) {
			lx_err("cannot set the terminal raw: %s", strerror(errno));
			return LX_EXIT_FAILURE;
		}
		if (lx_tty_relay(master, p->sock) < 0) {
			lx_err("terminal relay: %s", strerror(errno));
			return LX_EXIT_FAILURE;
		}
	}
	ret = lxp_recv(p, &lx_msg, NULL);
	lx_tty_restore();
	if (ret) {
		lx_err("lxssd: %s", ret > 0 ? lxp_strerror(ret) :
				    errno == EPIPE ? "closed the connection" : strerror(errno));
		return LX_EXIT_FAILURE;
	}
	if (lx_msg.type == LXP_ERROR)
		return lx_daemon_error(&lx_msg);
	return lx_msg.code;
}

static int lx_flush(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		lx_err("cannot write to stdout: %s", strerror(errno));
		return LX_EXIT_FAILURE;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct lxp_peer *p;
	struct lx_opts o;
	int status;

	if (lx_parse_args(argc, argv, getenv("LXSS_SOCKET"), &o) < 0) {
		fprintf(stderr, "lx: %s\n", o.err);
		lx_usage(stderr);
		return LX_EXIT_USAGE;
	}
	if (o.cmd == LX_CMD_HELP) {
		lx_usage(stdout);
		return lx_flush(0);
	}
	if (o.cmd == LX_CMD_VERSION) {
		printf("lx %s (protocol %d)\n", LX_VERSION, LXP_VERSION);
		return lx_flush(0);
	}
	p = malloc(sizeof(*p));
	if (!p) {
		lx_err("out of memory");
		return LX_EXIT_FAILURE;
	}
	if (lx_connect(p, o.socket) < 0) {
		free(p);
		return LX_EXIT_FAILURE;
	}
	switch (o.cmd) {
	case LX_CMD_LIST:
		status = lx_list(p, &o);
		break;
	case LX_CMD_INSTALL:
		status = lx_install(p, &o);
		break;
	case LX_CMD_RUN:
		status = lx_run(p, &o);
		break;
	case LX_CMD_TERMINATE:
		status = lx_simple(p, LXP_TERMINATE, o.name);
		break;
	case LX_CMD_UNREGISTER:
		status = lx_simple(p, LXP_UNREGISTER, o.name);
		break;
	case LX_CMD_EXPORT:
		status = lx_export(p, &o);
		break;
	case LX_CMD_STATS:
		status = lx_stats(p, &o);
		break;
	default:
		status = LX_EXIT_USAGE;
	}
	close(p->sock);
	free(p);
	return lx_flush(status);
}
