// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd_registry.c - the distros lxssd knows, on disk in STATE/registry:
 *
 *   lxss-registry 1
 *   NAME STATE USER UID GID GROUPS   (STATE: installed | installing)
 *
 * UID GID GROUPS are the host credentials of the distro's owner, who
 * installed it (GROUPS "G1,G2,..." or "-"); a line of an older lxssd ends
 * after USER and its distro is root's.
 * written whole to a temp file, fsync'd and renamed over the old one, so a
 * crash leaves the old or the new registry, never a mix. STATE/run/NAME holds
 * "PID STARTTIME" of a running instance's pid 1, for the next lxssd to find.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "liblxss.h"
#include "lxssd.h"
#include "volfs.h"

void lxssd_distro_dir(const struct lxssd *s, const char *name, const char *sub, char *buf,
		      size_t size)
{
	snprintf(buf, size, "%s/distros/%s%s%s", s->state_dir, name, sub ? "/" : "",
		 sub ? sub : "");
}

struct lxssd_distro *lxssd_find(struct lxssd *s, const char *name)
{
	size_t i;

	for (i = 0; i < LXP_MAX_DISTROS; i++)
		if (s->distros[i].used && !strcmp(s->distros[i].name, name))
			return &s->distros[i];
	return NULL;
}

int lxssd_registry_load(struct lxssd *s)
{
	char path[512], line[1024], name[LXSS_NAME_MAX + 1], state[16], user[LXSSD_USER_MAX + 2];
	char uid[16], gid[16], groups[512], extra[2];
	unsigned int lineno = 1, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/registry", s->state_dir);
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		lxssd_log("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(line, sizeof(line), f) || strcmp(line, "lxss-registry 1\n")) {
		lxssd_log("%s: not a version 1 registry", path);
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct lxz_owner owner = { 0 };
		struct lxssd_distro *d;
		int fields;

		lineno++;
		fields = sscanf(line, "%64s %15s %33s %15s %15s %511s %1s", name, state, user, uid,
				gid, groups, extra);
		if (fields == 6 && (lxssd_parse_id(uid, &owner.uid) < 0 ||
				    lxssd_parse_id(gid, &owner.gid) < 0 ||
				    lxssd_parse_groups(groups, &owner) < 0))
			fields = -1;
		if ((fields != 3 && fields != 6) ||
		    !lxp_valid_distro(name) || !lxssd_valid_user(user) ||
		    (strcmp(state, "installed") && strcmp(state, "installing")) ||
		    lxssd_find(s, name) || n == LXP_MAX_DISTROS) {
			lxssd_log("%s:%u: bad entry, skipped", path, lineno);
			continue;
		}
		d = &s->distros[n++];
		memset(d, 0, sizeof(*d));
		d->used = true;
		snprintf(d->name, sizeof(d->name), "%.63s", name);
		snprintf(d->user, sizeof(d->user), "%.32s", user);
		d->owner = owner;	/* an old line: root's */
		d->state = strcmp(state, "installed") ? LXP_STATE_INSTALLING : LXP_STATE_INSTALLED;
		d->instfd = d->pidfd = -1;
	}
	fclose(f);
	return 0;
}

int lxssd_registry_save(const struct lxssd *s)
{
	char path[512], tmp[520];
	int fd, dfd, saved;
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/registry", s->state_dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		saved = errno;
		close(fd);
		goto fail;
	}
	fputs("lxss-registry 1\n", f);
	for (i = 0; i < LXP_MAX_DISTROS; i++) {
		const struct lxssd_distro *d = &s->distros[i];
		char groups[LXZ_MAX_GROUPS * 11 + 2];

		if (!d->used)
			continue;
		if (lxssd_format_groups(&d->owner, groups, sizeof(groups)) < 0) {
			fclose(f);
			saved = EINVAL;
			goto fail;
		}
		fprintf(f, "%s %s %s %u %u %s\n", d->name,
			d->state == LXP_STATE_INSTALLING ? "installing" : "installed", d->user,
			(unsigned int)d->owner.uid, (unsigned int)d->owner.gid, groups);
	}
	if (fflush(f) || ferror(f) || fsync(fd)) {
		saved = errno;
		fclose(f);
		goto fail;
	}
	if (fclose(f)) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, path)) {
		saved = errno;
		goto fail;
	}
	dfd = open(s->state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	unlink(tmp);
	errno = saved;
	return -1;
}

/* @dfd's entries, then @dfd itself, to @uid:@gid; @depth bounds the recursion. */
static int own_dir(int dfd, uid_t uid, gid_t gid, dev_t dev, unsigned int depth)
{
	struct dirent *de;
	struct stat st;
	int ret = 0;
	DIR *dir;

	if (depth > 256) {
		close(dfd);
		errno = ELOOP;
		return -1;
	}
	if (fstat(dfd, &st) < 0 || (st.st_uid != uid || st.st_gid != gid ?
				    fchownat(dfd, "", uid, gid, AT_EMPTY_PATH) : 0) < 0) {
		close(dfd);
		return -1;
	}
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return -1;
	}
	while (ret == 0 && (errno = 0, de = readdir(dir))) {
		const char *n = de->d_name;
		int sub;

		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (fstatat(dirfd(dir), n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = -1;
			break;
		}
		if (st.st_dev != dev)
			continue;	/* never across a host mount */
		if (S_ISDIR(st.st_mode)) {
			sub = openat(dirfd(dir), n,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			ret = sub < 0 ? -1 : own_dir(sub, uid, gid, dev, depth + 1);
		} else if (st.st_uid != uid || st.st_gid != gid) {
			ret = fchownat(dirfd(dir), n, uid, gid, AT_SYMLINK_NOFOLLOW);
		}
	}
	if (!de && errno)
		ret = -1;
	{
		int saved = errno;

		closedir(dir);
		errno = saved;
	}
	return ret;
}

int lxssd_own_tree(const char *root, uid_t uid, gid_t gid)
{
	struct stat st;
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -1;
	}
	return own_dir(fd, uid, gid, st.st_dev, 0);
}

/* Field 22 of /proc/PID/stat: the start time, to tell a reused pid apart. */
static unsigned long long proc_starttime(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long t = 0;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* after ") " comes field 3; the start time is field 22 */
	for (i = 3; i < 22 && p; i++)
		p = strchr(p + 1, ' ');
	if (p)
		t = strtoull(p + 1, NULL, 10);
	return t;
}

void lxssd_runfile_write(const struct lxssd *s, const struct lxssd_distro *d)
{
	char path[512], tmp[520];
	FILE *f;

	snprintf(path, sizeof(path), "%s/run/%s", s->state_dir, d->name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	fprintf(f, "%d %llu\n", (int)d->init_pid, proc_starttime(d->init_pid));
	if (fclose(f) || rename(tmp, path))
		unlink(tmp);
}

void lxssd_runfile_remove(const struct lxssd *s, const struct lxssd_distro *d)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/run/%s", s->state_dir, d->name);
	unlink(path);
}

void lxssd_recover(struct lxssd *s)
{
	char path[512];
	struct dirent *de;
	bool changed = false;
	size_t i;
	DIR *dir;

	/* Instances of a dead lxssd: their pid 1 is killed (if it is still the same process). */
	snprintf(path, sizeof(path), "%s/run", s->state_dir);
	dir = opendir(path);
	while (dir && (de = readdir(dir))) {
		unsigned long long t;
		char file[800];
		int pid;
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
		f = fopen(file, "re");
		if (f && fscanf(f, "%d %llu", &pid, &t) == 2 && pid > 1 && t &&
		    proc_starttime(pid) == t) {
			lxssd_log("instance %s of a previous lxssd: pid 1 (%d) killed", de->d_name,
				  pid);
			kill(pid, SIGKILL);
		} else {
			lxssd_log("instance %s of a previous lxssd: gone", de->d_name);
		}
		if (f)
			fclose(f);
		unlink(file);
	}
	if (dir)
		closedir(dir);

	/* A half-done install goes, tree and entry. */
	for (i = 0; i < LXP_MAX_DISTROS; i++) {
		struct lxssd_distro *d = &s->distros[i];
		char dpath[512];

		if (!d->used || d->state != LXP_STATE_INSTALLING)
			continue;
		lxssd_log("distro %s: install was interrupted, removed", d->name);
		snprintf(dpath, sizeof(dpath), "%s/distros", s->state_dir);
		{
			int dfd = open(dpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (dfd >= 0) {
				volfs_rmtree_at(dfd, d->name);
				close(dfd);
			}
		}
		d->used = false;
		changed = true;
	}
	if (changed && lxssd_registry_save(s))
		lxssd_log("cannot save the registry: %s", strerror(errno));
}
