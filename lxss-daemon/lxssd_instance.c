// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd_instance.c - an instance's life: /init and resolv.conf put into the
 * backing tree (with VolFs records), the instance created and its tree
 * mounted over ioctls, pid 1 and the sessions started through the spawner,
 * and the end (pid 1 killed, the instance fd closed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "liblxss.h"
#include "lxssd.h"
#include "volfs.h"

static void meta_now(struct volfs_meta *m, uint32_t type, uint32_t mode)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->mode = mode;
	m->atime.sec = m->mtime.sec = m->ctime.sec = now.tv_sec;
	m->atime.nsec = m->mtime.nsec = m->ctime.nsec = (uint32_t)now.tv_nsec;
}

/* The host owner of what lxssd puts into a distro's tree: the distro's owner. */
static uid_t host_uid;
static gid_t host_gid;

/* A directory @name under @dirfd, root's with @mode, if there is none. */
static int ensure_dir(int dirfd, const char *name, uint32_t mode)
{
	struct volfs_meta m;
	struct stat st;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
	if (mkdirat(dirfd, name, 0700) < 0)
		return -1;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	meta_now(&m, VOLFS_TYPE_DIR, mode);
	if ((host_uid && fchown(fd, host_uid, host_gid) < 0) || volfs_record_set(fd, &m) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	return 0;
}

/* Copy host file @src to @name under @dirfd (temp + rename), root's with @mode. */
static int put_file(int dirfd, const char *name, const char *src, uint32_t mode)
{
	char tmp[128], buf[65536];
	struct volfs_meta m;
	int in, out, saved;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), ".%s.lxssd-tmp", name);
	unlinkat(dirfd, tmp, 0);
	/* host modes as volfs import makes them: 0700 for an executable */
	out = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		     mode & 0111 ? 0700 : 0600);
	if (out < 0) {
		saved = errno;
		close(in);
		errno = saved;
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	}
	saved = errno;
	close(in);
	meta_now(&m, VOLFS_TYPE_REG, mode);
	if (n < 0 || (host_uid && fchown(out, host_uid, host_gid) < 0) || fsync(out) < 0 ||
	    volfs_record_set(out, &m) < 0) {
		saved = n < 0 ? saved : errno;
		goto fail;
	}
	close(out);
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		saved = errno;
		unlinkat(dirfd, tmp, 0);
		errno = saved;
		return -1;
	}
	return 0;
fail:
	close(out);
	unlinkat(dirfd, tmp, 0);
	errno = saved;
	return -1;
}

static int inject(struct lxssd *s, const char *root, struct lxssd_err *e)
{
	static const struct {
		const char *name;
		uint32_t mode;
	} dirs[] = { { "proc", 0555 }, { "sys", 0555 }, { "dev", 0755 }, { "tmp", 01777 },
		     { "mnt", 0755 }, { "etc", 0755 } };
	int rootfd, etcfd, mntfd, ret = -1;
	size_t i;

	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		lxssd_fail(e, errno, "reinstall it (lx unregister, lx install)",
			   "cannot open the backing tree %s: %s", root, strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (ensure_dir(rootfd, dirs[i].name, dirs[i].mode) < 0) {
			lxssd_fail(e, errno, NULL, "cannot make /%s in %s: %s", dirs[i].name, root,
				   strerror(errno));
			goto out;
		}
	}
	mntfd = openat(rootfd, "mnt", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	for (i = 0; mntfd >= 0 && i < 26; i++) {
		char l[2] = { s->drives[i].letter, 0 };

		if (l[0])
			ensure_dir(mntfd, l, 0755);
	}
	if (mntfd >= 0)
		close(mntfd);
	if (put_file(rootfd, "init", s->init_path, 0755) < 0) {
		lxssd_fail(e, errno, "install lxcore's /init (make stage puts it in the VM)",
			   "cannot copy %s into %s: %s", s->init_path, root, strerror(errno));
		goto out;
	}
	etcfd = openat(rootfd, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (etcfd < 0 || put_file(etcfd, "resolv.conf", "/etc/resolv.conf", 0644) < 0) {
		/* a host without resolv.conf: the instance has none either */
		if (errno != ENOENT)
			lxssd_log("%s: cannot copy /etc/resolv.conf: %s", root, strerror(errno));
	}
	if (etcfd >= 0)
		close(etcfd);
	ret = 0;
out:
	close(rootfd);
	return ret;
}

int lxssd_open_dev(struct lxssd *s, struct lxssd_err *e)
{
	const char *hint;

	if (s->devfd >= 0)
		return s->devfd;
	s->devfd = lxss_open_path(s->dev_path);
	if (s->devfd < 0) {
		hint = lxss_open_hint(errno);
		lxssd_fail(e, errno, hint ? hint : NULL, "cannot open %s: %s", s->dev_path,
			   strerror(errno));
	}
	return s->devfd;
}

static int do_mount(int instfd, const char *fstype, const char *target, int src, uint32_t mode,
		    uint32_t flags)
{
	struct lxss_mount m;

	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.flags = flags;
	snprintf(m.fstype, sizeof(m.fstype), "%s", fstype);
	snprintf(m.target, sizeof(m.target), "%s", target);
	m.source_fd = src;
	m.mode = mode;
	return ioctl(instfd, LXSS_IOC_MOUNT, &m);
}

static int create_instance(struct lxssd *s, const char *name)
{
	struct lxss_create_instance c;
	int fd, tries;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.flags = LXSS_INSTANCE_PIDNS;
	snprintf(c.name, sizeof(c.name), "%s", name);
	/* The name of an instance just terminated is free once its last task is gone. */
	for (tries = 0; tries < 40; tries++) {
		fd = ioctl(s->devfd, LXSS_IOC_CREATE_INSTANCE, &c);
		if (fd >= 0 || errno != EEXIST)
			break;
		usleep(50000);
	}
	if (fd < 0 && errno == EINVAL && c.flags) {
		/* a module without pid namespaces (before LXSS_INSTANCE_PIDNS) */
		c.flags = 0;
		fd = ioctl(s->devfd, LXSS_IOC_CREATE_INSTANCE, &c);
	}
	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* Until the instance counts one entered process (10 s: TCG is slow); 0 or -1/errno. */
static int wait_entered(int instfd, pid_t init)
{
	struct lxss_query q;
	int i;

	for (i = 0; i < 1000; i++) {
		if (lxss_query(instfd, &q, NULL, NULL, 0) < 0)
			return -1;
		if (q.nr_entered > 0)
			return 0;
		if (kill(init, 0) < 0 && errno == ESRCH) {
			errno = ECHILD;
			return -1;
		}
		usleep(10000);
	}
	errno = ETIMEDOUT;
	return -1;
}

int lxssd_instance_start(struct lxssd *s, struct lxssd_distro *d, struct lxssd_err *e)
{
	static const struct {
		const char *fstype, *target;
		uint32_t mode;
	} pseudo[] = { { "proc", "/proc", 0555 }, { "sysfs", "/sys", 0555 },
		       { "devfs", "/dev", 0755 }, { "tmpfs", "/tmp", 01777 } };
	char root[512];
	int rootfd = -1, instfd, fds[2];
	size_t i;
	pid_t pid;

	lxssd_distro_dir(s, d->name, "rootfs", root, sizeof(root));
	/*
	 * A non-root owner's pico processes exec the backing files with their
	 * host ids, so what lxssd injects is the owner's on the host (the rest
	 * of the tree was given at install; VolFs gives what it creates).
	 */
	host_uid = d->owner.uid;
	host_gid = d->owner.gid;
	if (inject(s, root, e) < 0)
		return -1;
	if (lxssd_open_dev(s, e) < 0)
		return -1;
	instfd = create_instance(s, d->name);
	if (instfd < 0) {
		lxssd_fail(e, errno, NULL, "cannot create the instance %s: %s", d->name,
			   strerror(errno));
		return -1;
	}
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 || do_mount(instfd, "volfs", "/", rootfd, 0755, 0) < 0) {
		lxssd_fail(e, errno, NULL, "cannot mount %s as / of %s: %s", root, d->name,
			   strerror(errno));
		goto fail;
	}
	for (i = 0; i < sizeof(pseudo) / sizeof(pseudo[0]); i++) {
		if (do_mount(instfd, pseudo[i].fstype, pseudo[i].target, -1, pseudo[i].mode, 0) <
		    0) {
			lxssd_fail(e, errno, NULL, "cannot mount %s on %s of %s: %s",
				   pseudo[i].fstype, pseudo[i].target, d->name, strerror(errno));
			goto fail;
		}
	}
	for (i = 0; i < 26; i++) {
		char target[16];
		int src;

		if (!s->drives[i].letter)
			continue;
		snprintf(target, sizeof(target), "/mnt/%c", s->drives[i].letter);
		src = open(s->drives[i].path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (src < 0) {
			lxssd_log("%s: drive %s: %s", d->name, s->drives[i].path, strerror(errno));
			continue;
		}
		/*
		 * Plain DrvFs, as WSL mounts drives by default: host modes, the
		 * instance user as owner. The metadata option needs user.*
		 * xattrs on the host directory (not on a 6.1 tmpfs).
		 */
		if (do_mount(instfd, "drvfs", target, src, 0755, 0) < 0) {
			/* tolerated: a module without DrvFs */
			lxssd_log("%s: cannot mount drive %s on %s: %s", d->name,
				  s->drives[i].path, target, strerror(errno));
		}
		close(src);
	}
	close(rootfd);
	rootfd = -1;

	fds[0] = instfd;
	fds[1] = STDERR_FILENO;
	pid = lxz_spawn(&s->zyg, LXZ_INIT, 0, 0, NULL, fds, &d->owner);
	if (pid < 0) {
		lxssd_fail(e, errno, NULL, "cannot start pid 1 of %s: %s", d->name,
			   strerror(errno));
		goto fail;
	}
	/*
	 * Sessions may enter only once pid 1 has (the first ENTER of a pid
	 * namespace instance is its init's): wait for the module to count it.
	 */
	if (wait_entered(instfd, pid) < 0) {
		lxssd_fail(e, errno, "see lxssd's log for why /init did not start",
			   "pid 1 of %s did not enter the instance: %s", d->name, strerror(errno));
		kill(pid, SIGKILL);
		goto fail;
	}
	d->running = true;
	d->gen = ++s->next_gen;
	d->instfd = instfd;
	d->init_pid = pid;
	d->pidfd = -1;
	d->sessions = 0;
	d->idle_since_ms = lxssd_now_ms();
	lxssd_runfile_write(s, d);
	lxssd_log("instance %s: started, pid 1 is host pid %d", d->name, (int)pid);
	return 0;
fail:
	if (rootfd >= 0)
		close(rootfd);
	close(instfd);
	return -1;
}

int lxssd_instance_query(struct lxssd *s, struct lxssd_distro *d)
{
	struct lxss_query q;

	(void)s;
	if (!d->running)
		return d->have_stats ? 0 : -1;
	if (!d->calls) {
		d->calls = calloc(LXSS_NR_COUNTERS, sizeof(*d->calls));
		d->unimpl = calloc(LXSS_NR_COUNTERS, sizeof(*d->unimpl));
		if (!d->calls || !d->unimpl)
			return -1;
	}
	if (lxss_query(d->instfd, &q, (__u64 *)d->calls, (__u64 *)d->unimpl,
		       LXSS_NR_COUNTERS) < 0)
		return -1;
	d->total = q.total;
	d->total_unimpl = q.total_unimplemented;
	d->nr_syscalls = q.nr_syscalls;
	d->have_stats = true;
	return 0;
}

void lxssd_instance_stop(struct lxssd *s, struct lxssd_distro *d)
{
	if (!d->running)
		return;
	lxssd_instance_query(s, d);
	/* pid 1 of the pid namespace: the kernel takes every process in it down */
	kill(d->init_pid, SIGKILL);
	close(d->instfd);
	if (d->pidfd >= 0)
		close(d->pidfd);
	d->instfd = d->pidfd = -1;
	d->running = false;
	d->init_pid = 0;
	lxssd_runfile_remove(s, d);
	lxssd_log("instance %s: terminated", d->name);
}

void lxssd_syscall_name(struct lxssd *s, unsigned int nr, char *buf, size_t size)
{
	struct lxss_syscall_info info;

	buf[0] = 0;
	if (s->devfd >= 0 && lxss_syscall_info(s->devfd, nr, &info) == 0)
		snprintf(buf, size, "%s", info.name);
}

pid_t lxssd_session_spawn(struct lxssd *s, struct lxssd_distro *d, const struct lxp_msg *req,
			  const int *fds, struct lxssd_err *e)
{
	static const char *argv[2 * LXP_MAX_ENV + LXP_MAX_ARGS + 16];
	int zfds[4];
	pid_t pid;

	if (lxssd_build_init_argv(req, d->user, argv, sizeof(argv) / sizeof(argv[0])) < 0) {
		lxssd_fail(e, E2BIG, NULL, "command line too long");
		return -1;
	}
	zfds[0] = d->instfd;
	zfds[1] = fds[0];
	zfds[2] = fds[1];
	zfds[3] = fds[2];
	pid = lxz_spawn(&s->zyg, LXZ_SESSION, d->init_pid, !!(req->flags & LXP_RUN_TTY), argv,
			zfds, &d->owner);
	if (pid < 0)
		lxssd_fail(e, errno, NULL, "cannot start a session in %s: %s", d->name,
			   strerror(errno));
	return pid;
}
