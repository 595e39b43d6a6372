// SPDX-License-Identifier: GPL-2.0
/*
 * lxinit.c - the /init lxcore injects into every instance.
 *
 *   /init                 pid 1 of the instance: sets the hostname from
 *                         /etc/hostname, makes sure /proc /sys /dev /tmp are
 *                         directories, reaps zombies; SIGTERM ends it.
 *   /init --session [-u USER|UID] [-w DIR] [-e VAR=VAL]... [-l] [-- CMD ARGS...]
 *                         run by a process that just entered the instance
 *                         with the session's fds 0-2: becomes USER (from the
 *                         instance's /etc/passwd and /etc/group), with a clean
 *                         environment, in DIR, then execs CMD or the user's
 *                         login shell. Errors before the exec exit 126 (or 127:
 *                         command not found), as a shell does.
 *
 * The parsing (arguments, passwd and group lines, the environment) has no
 * side effect; initrd/tests/ runs it under ASan. Build with -DLXINIT_NO_MAIN
 * to get only those parts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define LXINIT_MAX_ENV		64	/* -e options */
#define LXINIT_MAX_GROUPS	64	/* supplementary groups taken from /etc/group */
#define LXINIT_FILE_MAX		(1 << 20)	/* /etc/passwd, /etc/group */

#define LXINIT_PATH_ROOT "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define LXINIT_PATH_USER "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"

/* What --session was asked to do. */
struct lxinit_opts {
	bool session;
	const char *user;		/* -u: a name or a number; NULL: the caller's uid */
	const char *dir;		/* -w; NULL: the user's home */
	const char *env[LXINIT_MAX_ENV];	/* -e VAR=VAL, in order */
	unsigned int nenv;
	bool login;			/* -l */
	char **cmd;			/* after --; NULL: the login shell */
};

/* One /etc/passwd entry; strings point into a copy owned by the caller. */
struct lxinit_pw {
	char name[256];
	uid_t uid;
	gid_t gid;
	char home[PATH_MAX];
	char shell[PATH_MAX];
};

/*
 * Parse the arguments after argv[0]. Returns 0, or -1 with a message in
 * @err (usage errors).
 */
int lxinit_parse_args(int argc, char **argv, struct lxinit_opts *o,
		      char *err, size_t errlen)
{
	int i;

	memset(o, 0, sizeof(*o));
	if (argc <= 1)
		return 0;
	if (strcmp(argv[1], "--session")) {
		snprintf(err, errlen, "unknown mode '%s' (expected --session)", argv[1]);
		return -1;
	}
	o->session = true;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-l")) {
			o->login = true;
			continue;
		}
		if (strcmp(a, "-u") && strcmp(a, "-w") && strcmp(a, "-e")) {
			if (a[0] == '-') {
				snprintf(err, errlen, "unknown option '%s'", a);
				return -1;
			}
			break;	/* the command, without "--" */
		}
		if (i + 1 >= argc || !argv[i + 1][0]) {
			snprintf(err, errlen, "option '%s' needs a value", a);
			return -1;
		}
		i++;
		if (a[1] == 'u') {
			o->user = argv[i];
		} else if (a[1] == 'w') {
			o->dir = argv[i];
		} else {
			const char *eq = strchr(argv[i], '=');

			if (!eq || eq == argv[i]) {
				snprintf(err, errlen, "-e '%s': expected VAR=VALUE", argv[i]);
				return -1;
			}
			if (o->nenv >= LXINIT_MAX_ENV) {
				snprintf(err, errlen, "too many -e options (at most %d)",
					 LXINIT_MAX_ENV);
				return -1;
			}
			o->env[o->nenv++] = argv[i];
		}
	}
	if (i < argc)
		o->cmd = argv + i;
	return 0;
}

/* A decimal id: 0 .. 2^32-2 (-1 is no id), nothing else. */
static int lxinit_parse_id(const char *s, unsigned int *out)
{
	unsigned long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned int)(*s - '0');
		if (v >= 0xffffffffULL)
			return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

/*
 * Split @line (NUL-terminated, no newline) at ':' into at most @max fields,
 * in place. Returns the number of fields.
 */
static int lxinit_split(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (; *line && n < max; line++) {
		if (*line == ':') {
			*line = 0;
			f[n++] = line + 1;
		}
	}
	return n;
}

/* Copy @s into @dst of @len bytes; -1 if it does not fit. */
static int lxinit_copy(char *dst, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n >= len)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

/*
 * The next line of @text from *@pos, copied into @buf (NUL-terminated, the
 * newline dropped); lines too long for @buf are skipped. Returns 0 at the end.
 */
static int lxinit_next_line(const char *text, size_t *pos, char *buf, size_t len)
{
	while (text[*pos]) {
		const char *s = text + *pos, *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		*pos += n + (e != NULL);
		if (n < len) {
			memcpy(buf, s, n);
			buf[n] = 0;
			return 1;
		}
	}
	return 0;
}

/*
 * Look @user (a name, or a number when no name matches) up in the text of an
 * /etc/passwd. Malformed lines (not 7 fields, bad ids) are skipped; '#'
 * lines are comments. Returns 0 and fills @pw, or -1 if no line matches.
 */
int lxinit_passwd_find(const char *text, const char *user, struct lxinit_pw *pw)
{
	unsigned int want_uid = 0, uid, gid;
	bool by_id = lxinit_parse_id(user, &want_uid) == 0;
	int pass;

	/* A name first (a user may be named "123"), then the number. */
	for (pass = 0; pass < (by_id ? 2 : 1); pass++) {
		char line[4096], *f[8];
		size_t pos = 0;

		while (lxinit_next_line(text, &pos, line, sizeof(line))) {
			if (line[0] == '#' || !line[0])
				continue;
			if (lxinit_split(line, f, 8) != 7)
				continue;
			if (!f[0][0] || lxinit_parse_id(f[2], &uid) ||
			    lxinit_parse_id(f[3], &gid))
				continue;
			if (pass == 0 ? strcmp(f[0], user) : uid != want_uid)
				continue;
			if (lxinit_copy(pw->name, sizeof(pw->name), f[0]) ||
			    lxinit_copy(pw->home, sizeof(pw->home), f[5][0] ? f[5] : "/") ||
			    lxinit_copy(pw->shell, sizeof(pw->shell),
					f[6][0] ? f[6] : "/bin/sh"))
				continue;
			pw->uid = uid;
			pw->gid = gid;
			return 0;
		}
	}
	return -1;
}

/* Is @name in the comma-separated @members? */
static bool lxinit_member(const char *members, const char *name)
{
	size_t n = strlen(name);

	while (*members) {
		const char *e = strchr(members, ',');
		size_t len = e ? (size_t)(e - members) : strlen(members);

		if (len == n && !strncmp(members, name, n))
			return true;
		if (!e)
			break;
		members = e + 1;
	}
	return false;
}

/*
 * The groups of @name with primary group @gid, from the text of an
 * /etc/group: @gid first, then each group listing @name as a member, each
 * once. Returns how many were stored in @out (at most @max).
 */
int lxinit_group_list(const char *text, const char *name, gid_t gid,
		      gid_t *out, int max)
{
	char line[8192], *f[5];
	unsigned int g;
	size_t pos = 0;
	int n = 0, i;

	if (max < 1)
		return 0;
	out[n++] = gid;
	while (n < max && lxinit_next_line(text, &pos, line, sizeof(line))) {
		bool dup = false;

		if (line[0] == '#' || !line[0])
			continue;
		if (lxinit_split(line, f, 5) != 4 || lxinit_parse_id(f[2], &g))
			continue;
		if (!lxinit_member(f[3], name))
			continue;
		for (i = 0; i < n; i++)
			dup |= out[i] == g;
		if (!dup)
			out[n++] = g;
	}
	return n;
}

/* Replace or add @var (NAME=VALUE) in @env (@n entries, room for @max). */
static int lxinit_env_set(const char **env, unsigned int *n, unsigned int max,
			  const char *var)
{
	size_t klen = strcspn(var, "=") + 1;
	unsigned int i;

	for (i = 0; i < *n; i++) {
		if (!strncmp(env[i], var, klen)) {
			env[i] = var;
			return 0;
		}
	}
	if (*n >= max)
		return -1;
	env[(*n)++] = var;
	return 0;
}

/*
 * The session's environment: HOME, USER, LOGNAME, SHELL, PATH for @pw, then
 * the -e variables (which may replace them). Strings live in @store (room for
 * 5 of them). @env gets a NULL-terminated array of up to 5 + LXINIT_MAX_ENV
 * entries. Returns the count, or -1 if something does not fit.
 */
int lxinit_build_env(const struct lxinit_opts *o, const struct lxinit_pw *pw,
		     char store[5][PATH_MAX + 16], const char **env)
{
	const unsigned int max = 5 + LXINIT_MAX_ENV;
	unsigned int n = 0, i;
	int len[5];

	len[0] = snprintf(store[0], sizeof(store[0]), "HOME=%s", pw->home);
	len[1] = snprintf(store[1], sizeof(store[1]), "USER=%s", pw->name);
	len[2] = snprintf(store[2], sizeof(store[2]), "LOGNAME=%s", pw->name);
	len[3] = snprintf(store[3], sizeof(store[3]), "SHELL=%s", pw->shell);
	len[4] = snprintf(store[4], sizeof(store[4]), "PATH=%s",
			  pw->uid ? LXINIT_PATH_USER : LXINIT_PATH_ROOT);
	for (i = 0; i < 5; i++) {
		if (len[i] < 0 || len[i] >= (int)sizeof(store[i]))
			return -1;
		env[n++] = store[i];
	}
	for (i = 0; i < o->nenv; i++)
		if (lxinit_env_set(env, &n, max, o->env[i]))
			return -1;
	env[n] = NULL;
	return (int)n;
}

/* argv[0] of a login shell: "-" and the shell's base name ("-sh"). */
int lxinit_login_name(const char *shell, char *buf, size_t len)
{
	const char *base = strrchr(shell, '/');
	int n;

	base = base ? base + 1 : shell;
	n = snprintf(buf, len, "-%s", *base ? base : "sh");
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

#ifndef LXINIT_NO_MAIN

static void __attribute__((format(printf, 1, 2))) lxinit_err(const char *fmt, ...)
{
	va_list ap;

	fputs("init: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The whole of a small file, NUL-terminated (malloc'd), or NULL with errno. */
static char *lxinit_read_file(const char *path)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		int e = fd < 0 ? errno : ENOMEM;

		if (fd >= 0)
			close(fd);
		free(buf);
		errno = e;
		return NULL;
	}
	for (;;) {
		ssize_t r;

		if (len + 1 >= cap) {
			char *nb;

			if (cap >= LXINIT_FILE_MAX) {
				errno = EFBIG;
				goto fail;
			}
			nb = realloc(buf, cap * 2);
			if (!nb)
				goto fail;
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	return buf;
fail:
	{
		int e = errno;

		close(fd);
		free(buf);
		errno = e;
		return NULL;
	}
}

/* ---- pid 1 ---------------------------------------------------------------- */

static void lxinit_set_hostname(void)
{
	char *text = lxinit_read_file("/etc/hostname");
	size_t n;

	if (!text) {
		if (errno != ENOENT)
			lxinit_err("cannot read /etc/hostname: %s", strerror(errno));
		return;
	}
	n = strcspn(text, " \t\r\n");
	if (n && sethostname(text, n))
		lxinit_err("cannot set the host name '%.*s': %s", (int)n, text,
			   strerror(errno));
	free(text);
}

static void lxinit_ensure_dir(const char *path, mode_t mode)
{
	struct stat st;

	if (!stat(path, &st)) {
		if (!S_ISDIR(st.st_mode))
			lxinit_err("%s is not a directory", path);
		return;
	}
	if (mkdir(path, mode) && errno != EEXIST)
		lxinit_err("cannot create %s: %s", path, strerror(errno));
	else if (chmod(path, mode))
		lxinit_err("cannot chmod %s: %s", path, strerror(errno));
}

static int lxinit_pid1(void)
{
	sigset_t set;
	int sig;

	lxinit_set_hostname();
	lxinit_ensure_dir("/proc", 0555);
	lxinit_ensure_dir("/sys", 0555);
	lxinit_ensure_dir("/dev", 0755);
	lxinit_ensure_dir("/tmp", 01777);
	/* Orphans of the processes it starts come back to it. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (;;) {
		sig = sigwaitinfo(&set, NULL);
		if (sig < 0)
			continue;
		if (sig == SIGTERM)
			return 0;
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
}

/* ---- --session -------------------------------------------------------------- */

/* The user to become: from -u, or the caller's uid. */
static int lxinit_find_user(const struct lxinit_opts *o, struct lxinit_pw *pw)
{
	char idbuf[16], *text;
	const char *user = o->user;
	unsigned int id;

	if (!user) {
		snprintf(idbuf, sizeof(idbuf), "%u", (unsigned int)getuid());
		user = idbuf;
	}
	text = lxinit_read_file("/etc/passwd");
	if (!text && errno != ENOENT) {
		lxinit_err("cannot read /etc/passwd: %s", strerror(errno));
		return -1;
	}
	if (text && !lxinit_passwd_find(text, user, pw)) {
		free(text);
		return 0;
	}
	free(text);
	/* A number with no entry is still a uid: its own group, home /. */
	if (lxinit_parse_id(user, &id)) {
		lxinit_err("unknown user '%s'", user);
		return -1;
	}
	snprintf(pw->name, sizeof(pw->name), "%u", id);
	pw->uid = id;
	pw->gid = o->user ? id : getgid();
	strcpy(pw->home, "/");
	strcpy(pw->shell, "/bin/sh");
	return 0;
}

static int lxinit_become(const struct lxinit_pw *pw)
{
	gid_t groups[LXINIT_MAX_GROUPS];
	char *text;
	int n;

	if (geteuid() != 0) {
		/* Not root: only the caller's own user, as it is. */
		if (pw->uid == getuid())
			return 0;
		lxinit_err("cannot become user %s: %s", pw->name, strerror(EPERM));
		return -1;
	}
	text = lxinit_read_file("/etc/group");
	if (!text && errno != ENOENT) {
		lxinit_err("cannot read /etc/group: %s", strerror(errno));
		return -1;
	}
	n = lxinit_group_list(text ? text : "", pw->name, pw->gid, groups,
			      LXINIT_MAX_GROUPS);
	free(text);
	if (setgroups((size_t)n, groups) || setgid(pw->gid) || setuid(pw->uid)) {
		lxinit_err("cannot become user %s: %s", pw->name, strerror(errno));
		return -1;
	}
	return 0;
}

static int lxinit_session(const struct lxinit_opts *o)
{
	static char store[5][PATH_MAX + 16];
	const char *env[5 + LXINIT_MAX_ENV + 1];
	char argv0[PATH_MAX + 2];
	const char *dir;
	struct lxinit_pw pw;
	char **argv;
	int e;

	if (lxinit_find_user(o, &pw) || lxinit_become(&pw))
		return 126;
	if (lxinit_build_env(o, &pw, store, env) < 0) {
		lxinit_err("environment too large");
		return 126;
	}
	dir = o->dir ? o->dir : pw.home;
	if (chdir(dir)) {
		if (o->dir) {
			lxinit_err("cannot change directory to %s: %s", dir, strerror(errno));
			return 126;
		}
		if (chdir("/")) {
			lxinit_err("cannot change directory to /: %s", strerror(errno));
			return 126;
		}
	}
	/* A terminal: a new session that it controls. */
	if (isatty(0)) {
		setsid();
		ioctl(0, TIOCSCTTY, 0);
	}
	environ = (char **)env;
	if (o->cmd && !o->login) {
		execvp(o->cmd[0], o->cmd);
		e = errno;
		lxinit_err("%s: %s", o->cmd[0], e == ENOENT ? "not found" : strerror(e));
		return e == ENOENT ? 127 : 126;
	}
	if (lxinit_login_name(pw.shell, argv0, sizeof(argv0))) {
		lxinit_err("shell name too long");
		return 126;
	}
	if (o->cmd) {
		/* The login shell runs the command: "exec "$0" "$@"" keeps its words. */
		int n = 0, i;

		while (o->cmd[n])
			n++;
		argv = calloc((size_t)n + 4, sizeof(*argv));
		if (!argv) {
			lxinit_err("out of memory");
			return 126;
		}
		argv[0] = argv0;
		argv[1] = "-c";
		argv[2] = "exec \"$0\" \"$@\"";
		for (i = 0; i < n; i++)
			argv[3 + i] = o->cmd[i];
	} else {
		static char *shell_argv[2];

		shell_argv[0] = argv0;
		argv = shell_argv;
	}
	execv(pw.shell, argv);
	e = errno;
	lxinit_err("%s: %s", pw.shell, e == ENOENT ? "not found" : strerror(e));
	return e == ENOENT ? 127 : 126;
}

int main(int argc, char **argv)
{
	struct lxinit_opts o;
	char err[256];

	if (lxinit_parse_args(argc, argv, &o, err, sizeof(err))) {
		lxinit_err("%s", err);
		fputs("usage: /init\n"
		      "       /init --session [-u USER|UID] [-w DIR] [-e VAR=VAL]... [-l] [-- CMD ARGS...]\n",
		      stderr);
		return 126;
	}
	return o.session ? lxinit_session(&o) : lxinit_pid1();
}

#endif /* LXINIT_NO_MAIN */
