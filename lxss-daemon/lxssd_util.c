// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd_util.c - lxssd's pure rules (user names, the group file, /init's
 * command line) and its messages; no state, so unit-tested on their own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lxssd.h"

void lxssd_log(const char *fmt, ...)
{
	va_list ap;

	fputs("lxssd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void lxssd_fail(struct lxssd_err *e, int code, const char *hint, const char *fmt, ...)
{
	va_list ap;

	e->code = code > 0 ? code : 5;	/* EIO when the cause was lost */
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	snprintf(e->hint, sizeof(e->hint), "%s", hint ? hint : "");
}

uint64_t lxssd_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

bool lxssd_valid_user(const char *u)
{
	size_t i, n = u ? strlen(u) : 0;

	if (n == 0 || n > LXSSD_USER_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = u[i];

		if (c == '_' || (c >= 'a' && c <= 'z'))
			continue;
		if (i > 0 && (c == '-' || (c >= '0' && c <= '9')))
			continue;
		return false;
	}
	return true;
}

/* No NSS: lxssd is static, and reads the group file as it is. */
gid_t lxssd_group_gid(const char *path, const char *name)
{
	char line[4096];
	gid_t gid = (gid_t)-1;
	size_t n = strlen(name);
	FILE *f = fopen(path, "re");

	while (n && f && fgets(line, sizeof(line), f)) {
		char *p, *end;
		unsigned long v;

		if (strncmp(line, name, n) || line[n] != ':')
			continue;
		p = strchr(line + n + 1, ':');	/* after the password field */
		if (!p || p[1] < '0' || p[1] > '9')
			break;
		v = strtoul(p + 1, &end, 10);
		if (*end == ':' && v < (gid_t)-1)
			gid = (gid_t)v;
		break;
	}
	if (f)
		fclose(f);
	return gid;
}

int lxssd_build_init_argv(const struct lxp_msg *req, const char *def_user, const char **out,
			  size_t max)
{
	size_t n = 0, i;

#define PUSH(x)                        \
	do {                           \
		if (n + 1 >= max)      \
			return -1;     \
		out[n++] = (x);        \
	} while (0)
	PUSH("/init");
	PUSH("--session");
	PUSH("-u");
	PUSH(req->user && *req->user ? req->user : def_user);
	if (req->cwd && *req->cwd) {
		PUSH("-w");
		PUSH(req->cwd);
	}
	for (i = 0; i < req->nenv; i++) {
		PUSH("-e");
		PUSH(req->env[i]);
	}
	if (req->nargv == 0 || (req->flags & LXP_RUN_LOGIN))
		PUSH("-l");
	if (req->nargv) {
		PUSH("--");
		for (i = 0; i < req->nargv; i++)
			PUSH(req->argv[i]);
	}
#undef PUSH
	out[n] = NULL;
	return (int)n;
}

bool lxssd_may_use(uid_t uid, const struct lxssd_distro *d)
{
	return uid == 0 || uid == d->owner.uid;
}

int lxssd_format_groups(const struct lxz_owner *o, char *buf, size_t size)
{
	size_t off = 0;
	unsigned int i;
	int n;

	if (o->ngroups > LXZ_MAX_GROUPS || size < 2)
		return -1;
	snprintf(buf, size, "-");
	for (i = 0; i < o->ngroups; i++) {
		n = snprintf(buf + off, size - off, "%s%u", i ? "," : "", (unsigned int)o->groups[i]);
		if (n < 0 || (size_t)n >= size - off)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

int lxssd_parse_groups(const char *text, struct lxz_owner *o)
{
	const char *p = text;

	o->ngroups = 0;
	if (!strcmp(text, "-"))
		return 0;
	for (;;) {
		unsigned long v;
		char *end;

		if (*p < '0' || *p > '9' || o->ngroups == LXZ_MAX_GROUPS)
			return -1;
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno || v >= (gid_t)-1)
			return -1;
		o->groups[o->ngroups++] = (gid_t)v;
		if (!*end)
			return 0;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
}

int lxssd_parse_id(const char *text, uid_t *id)
{
	unsigned long v;
	char *end;

	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || v >= (uid_t)-1)
		return -1;
	*id = (uid_t)v;
	return 0;
}
