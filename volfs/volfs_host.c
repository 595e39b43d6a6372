// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_host.c - what every volfs command does to the host: records in
 * xattrs of open files, tar names turned into safe relative paths, walks
 * that never follow a host symlink, tree removal and sorted listings.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "volfs.h"

FILE *volfs_out;
FILE *volfs_err;

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	FILE *f = volfs_err ? volfs_err : stderr;

	fprintf(f, "volfs: %s", prefix);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void volfs_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void volfs_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void *volfs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		volfs_error("out of memory");
		exit(1);
	}
	return p;
}

char *volfs_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(volfs_xmalloc(n), s, n);
}

char *volfs_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = volfs_xmalloc(la + lb + 2);

	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

int volfs_record_get(int fd, struct volfs_meta *m, int *codec_err)
{
	/* Room for more than a record: a longer value is a size error, not ERANGE. */
	unsigned char buf[VOLFS_RECORD_MAX + 64];
	ssize_t n;
	int err;

	n = fgetxattr(fd, VOLFS_XATTR_NAME, buf, sizeof(buf));
	if (n < 0 && errno == ERANGE)
		n = sizeof(buf);
	if (n < 0)
		return -1;
	err = volfs_record_decode(buf, (size_t)n, m);
	if (err) {
		if (codec_err)
			*codec_err = err;
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

int volfs_record_set(int fd, const struct volfs_meta *m)
{
	unsigned char buf[VOLFS_RECORD_SIZE];

	if (volfs_record_encode(m, buf, sizeof(buf)) < 0) {
		errno = EINVAL;
		return -1;
	}
	return fsetxattr(fd, VOLFS_XATTR_NAME, buf, sizeof(buf), 0);
}

const char *volfs_norm_path(const char *name, char **out)
{
	size_t len = strlen(name);
	char *p = volfs_xmalloc(len + 1);
	size_t o = 0;
	const char *s = name;

	*out = NULL;
	if (!len) {
		free(p);
		return "empty name";
	}
	if (name[0] == '/') {
		free(p);
		return "absolute path";
	}
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == 2 && s[0] == '.' && s[1] == '.') {
			free(p);
			return "path contains \"..\"";
		}
		if (n && !(n == 1 && s[0] == '.')) {
			if (o)
				p[o++] = '/';
			memcpy(p + o, s, n);
			o += n;
		}
		s += n;
		if (*s == '/')
			s++;
	}
	p[o] = '\0';
	*out = p;
	return NULL;
}

void volfs_meta_default_dir(struct volfs_meta *m)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	memset(m, 0, sizeof(*m));
	m->type = VOLFS_TYPE_DIR;
	m->mode = 0755;
	m->atime.sec = m->mtime.sec = m->ctime.sec = now.tv_sec;
	m->atime.nsec = m->mtime.nsec = m->ctime.nsec = (uint32_t)now.tv_nsec;
}

void volfs_meta_from_host(const struct stat *st, struct volfs_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->type = S_ISDIR(st->st_mode) ? VOLFS_TYPE_DIR : VOLFS_TYPE_REG;
	m->mode = st->st_mode & VOLFS_MODE_MASK;
	m->flags = VOLFS_F_HOST_ATIME | VOLFS_F_HOST_MTIME;
	m->atime.sec = st->st_atim.tv_sec;
	m->atime.nsec = (uint32_t)st->st_atim.tv_nsec;
	m->mtime.sec = st->st_mtim.tv_sec;
	m->mtime.nsec = (uint32_t)st->st_mtim.tv_nsec;
	m->ctime.sec = st->st_ctim.tv_sec;
	m->ctime.nsec = (uint32_t)st->st_ctim.tv_nsec;
	volfs_time_clamp(&m->atime);	/* a host file system wider than ext4 */
	volfs_time_clamp(&m->mtime);
	volfs_time_clamp(&m->ctime);
}

/* Open (or with @create, make and open) directory @name under @dirfd. */
static int open_dir_at(int dirfd, const char *name, int create)
{
	struct volfs_meta m;
	int fd, saved;

	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT || !create)
		return fd;
	if (mkdirat(dirfd, name, 0700) < 0)
		return -1;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	volfs_meta_default_dir(&m);
	if (volfs_record_set(fd, &m) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* A component that would not name a child: "", "." or "..". */
static int bad_component(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
}

int volfs_walk_parent(int rootfd, const char *path, int create, const char **leaf,
		      char **bad)
{
	const char *s = path, *slash;
	int fd, next, saved;

	if (bad)
		*bad = NULL;
	/* volfs_norm_path() already refused these: a second lock on the same door. */
	for (s = path; ; s = slash + 1) {
		slash = strchr(s, '/');
		if (bad_component(s, slash ? (size_t)(slash - s) : strlen(s))) {
			errno = EINVAL;
			return -1;
		}
		if (!slash)
			break;
	}
	s = path;
	fd = dup(rootfd);
	if (fd < 0)
		return -1;
	while ((slash = strchr(s, '/'))) {
		size_t n = (size_t)(slash - s);
		char *comp = volfs_xmalloc(n + 1);

		memcpy(comp, s, n);
		comp[n] = '\0';
		next = open_dir_at(fd, comp, create);
		saved = errno;
		free(comp);
		close(fd);
		if (next < 0) {
			/* O_NOFOLLOW on a host symlink is ELOOP: say what it means. */
			if (saved == ELOOP)
				saved = ENOTDIR;
			if (bad) {
				*bad = volfs_xmalloc((size_t)(slash - path) + 1);
				memcpy(*bad, path, (size_t)(slash - path));
				(*bad)[slash - path] = '\0';
			}
			errno = saved;
			return -1;
		}
		fd = next;
		s = slash + 1;
	}
	*leaf = s;
	return fd;
}

int volfs_rmtree_at(int dirfd, const char *name)
{
	char **names;
	size_t n, i;
	int fd, ret = 0, saved = 0;

	if (unlinkat(dirfd, name, 0) == 0)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* A read-only directory left by someone else: let us empty it. */
	fchmod(fd, 0700);
	if (volfs_list_dir(fd, &names, &n) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (volfs_rmtree_at(fd, names[i]) < 0 && !saved)
			saved = errno;
	}
	volfs_free_names(names, n);
	close(fd);
	if (saved) {
		errno = saved;
		return -1;
	}
	ret = unlinkat(dirfd, name, AT_REMOVEDIR);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int volfs_list_dir(int dirfd, char ***names, size_t *n)
{
	struct dirent *de;
	size_t cap = 16, cnt = 0;
	char **v;
	DIR *d;
	int fd, saved;

	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	v = volfs_xmalloc(cap * sizeof(*v));
	errno = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (cnt == cap) {
			char **nv;

			cap *= 2;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				volfs_error("out of memory");
				exit(1);
			}
			v = nv;
		}
		v[cnt++] = volfs_xstrdup(de->d_name);
		errno = 0;
	}
	saved = errno;
	closedir(d);
	if (saved) {
		volfs_free_names(v, cnt);
		errno = saved;
		return -1;
	}
	qsort(v, cnt, sizeof(*v), cmp_names);
	*names = v;
	*n = cnt;
	return 0;
}

void volfs_free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

char *volfs_xattr_to_host(const char *guest)
{
	if (starts_with(guest, "user.") && !starts_with(guest, VOLFS_XATTR_PREFIX))
		return volfs_xstrdup(guest);
	/* Another namespace, or a guest name in lxcore's reserved space. */
	{
		size_t le = strlen(VOLFS_XATTR_ESCAPE), lg = strlen(guest);
		char *p = volfs_xmalloc(le + lg + 1);

		memcpy(p, VOLFS_XATTR_ESCAPE, le);
		memcpy(p + le, guest, lg + 1);
		return p;
	}
}

char *volfs_xattr_to_guest(const char *host)
{
	if (starts_with(host, VOLFS_XATTR_ESCAPE))
		return host[strlen(VOLFS_XATTR_ESCAPE)] ?
			volfs_xstrdup(host + strlen(VOLFS_XATTR_ESCAPE)) : NULL;
	if (starts_with(host, VOLFS_XATTR_PREFIX))
		return NULL;	/* the record, or lxcore's own */
	if (starts_with(host, "user."))
		return volfs_xstrdup(host);
	return NULL;		/* the host's (security.selinux, ...) */
}
