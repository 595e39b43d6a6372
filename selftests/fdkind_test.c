// SPDX-License-Identifier: GPL-2.0
/*
 * What each kind of fd answers, differential (natively, with a devpts of
 * its own at /dev/pts, and as a pico process of an instance with a tmpfs
 * root, devfs at /dev and proc at /proc): lseek (pipes, FIFOs, sockets and
 * ttys ESPIPE; eventfd, timerfd, signalfd, epoll, inotify, random noop; the
 * memory devices 0), FIONREAD and unknown ioctls on every object, poll and
 * epoll of the memory devices, ttyname() of a devpts slave (fstat, stat and
 * /proc/self/fd agree), and the terminal commands on a pty's two ends.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/timerfd.h>
#include <termios.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define IOCTL(fd, cmd, arg) lxt_syscall6(SYS_ioctl, (fd), (cmd), (long)(arg), 0, 0, 0)
#define OPEN(p, f) lxt_syscall6(SYS_open, (long)(p), (f), 0600, 0, 0, 0)
#define LSEEK(fd, off, wh) lxt_syscall6(SYS_lseek, (fd), (off), (wh), 0, 0, 0)
#define FIFO_PATH "/tmp/fdkind.fifo"
#define FILE_PATH "/tmp/fdkind.file"
#define UNKNOWN_CMD _IOR('x', 0x63, int)
#ifndef TFD_IOC_SET_TICKS
#define TFD_IOC_SET_TICKS _IOW('T', 0, uint64_t)	/* linux/timerfd.h */
#endif

/* The kernel's struct termios (TCGETS/TCSETS*), not glibc's. */
struct kterm {
	unsigned int iflag, oflag, cflag, lflag;
	unsigned char line;
	unsigned char cc[19];
};

static int fk_mount(int inst, const char *fstype, const char *target, unsigned int mode)
{
	struct lxss_mount m = { .size = sizeof(m), .source_fd = -1, .mode = mode };

	snprintf(m.fstype, sizeof(m.fstype), "%s", fstype);
	snprintf(m.target, sizeof(m.target), "%s", target);
	return ioctl(inst, LXSS_IOC_MOUNT, &m);
}

static void make_dirs(void *arg)
{
	lxt_say("dev", lxt_syscall6(SYS_mkdir, (long)"/dev", 0755, 0, 0, 0, 0));
	lxt_say("proc", lxt_syscall6(SYS_mkdir, (long)"/proc", 0555, 0, 0, 0, 0));
	lxt_say("tmp", lxt_syscall6(SYS_mkdir, (long)"/tmp", 01777, 0, 0, 0, 0));
}

/* An instance with a tmpfs root, devfs at /dev, proc at /proc; -1 on failure. */
static int fk_instance(int dev, const char *name)
{
	static const struct lxt_case mk = { .body = make_dirs };
	static struct lxt_result r;
	int inst = lxt_create(dev, name);

	if (inst < 0)
		return -1;
	if (fk_mount(inst, "tmpfs", "/", 0755) || lxt_run_case(inst, &mk, &r) ||
	    strcmp(r.out, "dev=0\nproc=0\ntmp=0\n") || fk_mount(inst, "devfs", "/dev", 0) ||
	    fk_mount(inst, "proc", "/proc", 0)) {
		close(inst);
		return -1;
	}
	return inst;
}

/*
 * Natively: a devpts of its own at /dev/pts (a new mount namespace), so pty
 * numbers start at 0 as in the instance; /tmp for the FIFO. Both runs
 * ignore SIGHUP (TIOCNOTTY sends it).
 */
static void fk_prepare(void *arg)
{
	signal(SIGHUP, SIG_IGN);
	mkdir("/tmp", 01777);
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("devpts", "/dev/pts", "devpts", 0, "newinstance,gid=5,mode=620,ptmxmode=666"))
		dprintf(2, "private devpts: %s\n", strerror(errno));
}

FIXTURE(fk) {
	int dev;
	int inst;
};

FIXTURE_SETUP(fk)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = fk_instance(self->dev, "fdkind");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(fk)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { .setup = fk_prepare, __VA_ARGS__ }; \
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/* One of each kind of fd, named. */
struct fk_obj {
	const char *name;
	long fd;
};

enum { FK_MAX = 24 };

static unsigned int fk_nobj;
static struct fk_obj fk_objs[FK_MAX];
static long fk_master, fk_slave;

static void fk_add(const char *name, long fd)
{
	if (fd < 0)
		lxt_say(name, fd);
	else if (fk_nobj < FK_MAX)
		fk_objs[fk_nobj++] = (struct fk_obj){ name, fd };
}

/* A new unlocked pty; its master and slave in fk_master, fk_slave. */
static void fk_pty(void)
{
	unsigned int n = 0;
	char name[32];
	int zero = 0;

	fk_master = OPEN("/dev/ptmx", O_RDWR | O_NOCTTY);
	IOCTL(fk_master, TIOCSPTLCK, &zero);
	IOCTL(fk_master, TIOCGPTN, &n);
	snprintf(name, sizeof(name), "/dev/pts/%u", n);
	fk_slave = OPEN(name, O_RDWR | O_NOCTTY);
}

static void fk_make_all(void)
{
	sigset_t mask;
	int p[2], sv[2], dg[2];

	fk_nobj = 0;
	lxt_syscall6(SYS_unlink, (long)FIFO_PATH, 0, 0, 0, 0, 0);
	lxt_syscall6(SYS_unlink, (long)FILE_PATH, 0, 0, 0, 0, 0);
	lxt_say("mkfifo", lxt_syscall6(SYS_mknodat, AT_FDCWD, (long)FIFO_PATH, S_IFIFO | 0600,
				       0, 0, 0));
	lxt_pipe(p);
	fk_add("stdin", 0);
	fk_add("pipe-r", p[0]);
	fk_add("pipe-w", p[1]);
	fk_add("fifo", OPEN(FIFO_PATH, O_RDWR));
	lxt_syscall6(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv, 0, 0);
	fk_add("unix-stream", sv[0]);
	lxt_syscall6(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, (long)dg, 0, 0);
	fk_add("unix-dgram", dg[0]);
	fk_add("eventfd", lxt_syscall6(SYS_eventfd2, 3, 0, 0, 0, 0, 0));
	fk_add("timerfd", lxt_syscall6(SYS_timerfd_create, CLOCK_MONOTONIC, 0, 0, 0, 0, 0));
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	fk_add("signalfd", lxt_syscall6(SYS_signalfd4, -1, (long)&mask, 8, 0, 0, 0));
	fk_add("epoll", lxt_syscall6(SYS_epoll_create1, 0, 0, 0, 0, 0, 0));
	fk_add("inotify", lxt_syscall6(SYS_inotify_init1, 0, 0, 0, 0, 0, 0));
	fk_add("null", OPEN("/dev/null", O_RDWR));
	fk_add("zero", OPEN("/dev/zero", O_RDWR));
	fk_add("full", OPEN("/dev/full", O_RDWR));
	fk_add("random", OPEN("/dev/random", O_RDONLY));
	fk_add("urandom", OPEN("/dev/urandom", O_RDONLY));
	fk_pty();
	fk_add("ptmx", fk_master);
	fk_add("pts", fk_slave);
	fk_add("file", OPEN(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC));
	fk_add("dir", OPEN("/dev", O_RDONLY | O_DIRECTORY));
	/* Something to count for FIONREAD. */
	lxt_write(p[1], "hello", 5);
	lxt_write(fk_objs[3].fd, "abc", 3);
	lxt_write(sv[1], "four", 4);
	lxt_write(dg[1], "dgr", 3);
	lxt_write(dg[1], "second", 6);
	lxt_write(fk_master, "ab\n", 3);
	lxt_write(fk_slave, "xyz", 3);
	lxt_write(fk_objs[fk_nobj - 2].fd, "0123456789", 10);
	LSEEK(fk_objs[fk_nobj - 2].fd, 3, SEEK_SET);
	{
		struct pollfd pf = { .fd = fk_master, .events = POLLIN };

		/* The line discipline's work queue: wait until it is there. */
		lxt_syscall6(SYS_poll, (long)&pf, 1, 2000, 0, 0, 0);
		pf.fd = fk_slave;
		lxt_syscall6(SYS_poll, (long)&pf, 1, 2000, 0, 0, 0);
	}
}

/* ---- lseek ------------------------------------------------------------------ */

static void lseek_body(void *arg)
{
	static const struct { long off; int whence; } seeks[] = {
		{ 0, SEEK_SET }, { 5, SEEK_SET }, { -1, SEEK_SET }, { 0, SEEK_CUR },
		{ -3, SEEK_CUR }, { 0, SEEK_END }, { 7, SEEK_END }, { 0, SEEK_DATA },
		{ 0, SEEK_HOLE }, { 0, 5 }, { 0, -1 },
	};
	unsigned int i, j;

	fk_make_all();
	for (i = 0; i < fk_nobj; i++) {
		struct lxt_line l = { .n = 0 };

		if (!strcmp(fk_objs[i].name, "file") || !strcmp(fk_objs[i].name, "dir"))
			continue;	/* file systems' own rules: fs_test */
		lxt_put_str(&l, fk_objs[i].name);
		lxt_put_str(&l, ":");
		for (j = 0; j < sizeof(seeks) / sizeof(seeks[0]); j++) {
			lxt_put_str(&l, " ");
			lxt_put_ret(&l, LSEEK(fk_objs[i].fd, seeks[j].off, seeks[j].whence));
		}
		lxt_put_end(&l);
	}
}

#define ESP11 " -ESPIPE -ESPIPE -ESPIPE -ESPIPE -ESPIPE -ESPIPE -ESPIPE -ESPIPE -ESPIPE -EINVAL -EINVAL\n"
#define NOOP11 " 0 0 0 0 0 0 0 0 0 -EINVAL -EINVAL\n"

TEST_F(fk, lseek_answers_as_each_kind_of_object)
{
	DIFF(.body = lseek_body,
	     .expect_out = "mkfifo=0\n"
			   "stdin:" ESP11 "pipe-r:" ESP11 "pipe-w:" ESP11 "fifo:" ESP11
			   "unix-stream:" ESP11 "unix-dgram:" ESP11
			   "eventfd:" NOOP11 "timerfd:" NOOP11 "signalfd:" NOOP11
			   "epoll:" NOOP11 "inotify:" NOOP11
			   "null:" NOOP11 "zero:" NOOP11 "full:" NOOP11
			   "random:" NOOP11 "urandom:" NOOP11
			   "ptmx:" ESP11 "pts:" ESP11);
}

/* A host regular file as fd 0 (`sh < script`): the host's own lseek. */
static void host_file_stdin(void *arg)
{
	int fd = open("/tmp/fdkind.host", O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, "0123456789", 10) != 10 || lseek(fd, 0, SEEK_SET) ||
	    dup2(fd, 0) != 0)
		dprintf(2, "host file: %s\n", strerror(errno));
	close(fd);
	unlink("/tmp/fdkind.host");
}

static void host_seek_body(void *arg)
{
	char buf[4];
	int n = -1;

	lxt_say("set", LSEEK(0, 3, SEEK_SET));
	lxt_say_data("read", buf, lxt_read(0, buf, 2));
	lxt_say("cur", LSEEK(0, 0, SEEK_CUR));
	lxt_say("end", LSEEK(0, -2, SEEK_END));
	lxt_say("fionread", IOCTL(0, FIONREAD, &n));
	lxt_say("n", n);
	lxt_say("before-start", LSEEK(0, -20, SEEK_CUR));
	lxt_say("data", LSEEK(0, 1, SEEK_DATA));
	lxt_say("hole", LSEEK(0, 1, SEEK_HOLE));
	lxt_say("past-end-data", LSEEK(0, 10, SEEK_DATA));
	lxt_say("bad-whence", LSEEK(0, 0, 9));
	lxt_say("cur", LSEEK(0, 0, SEEK_CUR));
}

TEST_F(fk, a_host_file_given_as_stdin_seeks_as_on_the_host)
{
	static const struct lxt_case c = {
		.setup = host_file_stdin, .body = host_seek_body,
		.expect_out = "set=3\nread=2 '34'\ncur=5\nend=8\nfionread=0\nn=2\n"
			      "before-start=-EINVAL\ndata=1\nhole=10\npast-end-data=-ENXIO\n"
			      "bad-whence=-EINVAL\ncur=10\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- FIONREAD --------------------------------------------------------------- */

static void fionread_body(void *arg)
{
	unsigned int i;

	fk_make_all();
	for (i = 0; i < fk_nobj; i++) {
		struct lxt_line l = { .n = 0 };
		int n = -1;
		long r = IOCTL(fk_objs[i].fd, FIONREAD, &n);

		lxt_put_str(&l, fk_objs[i].name);
		lxt_put_str(&l, ": ");
		lxt_put_ret(&l, r);
		if (!r) {
			lxt_put_str(&l, " n=");
			lxt_put_ret(&l, n);
		}
		lxt_put_end(&l);
	}
	lxt_say("fifo-efault", IOCTL(fk_objs[3].fd, FIONREAD, 8));
}

TEST_F(fk, fionread_counts_where_linux_counts)
{
	DIFF(.body = fionread_body,
	     .expect_out = "mkfifo=0\n"
			   "stdin: 0 n=0\npipe-r: 0 n=5\npipe-w: 0 n=5\nfifo: 0 n=3\n"
			   "unix-stream: 0 n=4\nunix-dgram: 0 n=3\n"
			   "eventfd: -ENOTTY\ntimerfd: -ENOTTY\nsignalfd: -ENOTTY\n"
			   "epoll: -ENOTTY\ninotify: 0 n=0\n"
			   "null: -ENOTTY\nzero: -ENOTTY\nfull: -ENOTTY\n"
			   "random: -EINVAL\nurandom: -EINVAL\n"
			   "ptmx: 0 n=7\npts: 0 n=3\nfile: 0 n=7\ndir: -ENOTTY\n"
			   "fifo-efault=-EFAULT\n");
}

/*
 * An unknown command: ENOTTY everywhere but the random devices (EINVAL, as
 * random_ioctl()); the pico run counts each ENOTTY as unimplemented.
 */
static void unknown_body(void *arg)
{
	unsigned int i;
	int v;

	fk_make_all();
	for (i = 0; i < fk_nobj; i++) {
		struct lxt_line l = { .n = 0 };

		lxt_put_str(&l, fk_objs[i].name);
		lxt_put_str(&l, ": ");
		lxt_put_ret(&l, IOCTL(fk_objs[i].fd, UNKNOWN_CMD, &v));
		lxt_put_end(&l);
	}
}

TEST_F(fk, unknown_commands_are_enotty_but_random_says_einval)
{
	static const struct lxt_case c = { .setup = fk_prepare, .body = unknown_body };
	static struct lxt_result native, pico;
	struct lxt_counters before, after;
	const char *want = "mkfifo=0\n"
			   "stdin: -ENOTTY\npipe-r: -ENOTTY\npipe-w: -ENOTTY\nfifo: -ENOTTY\n"
			   "unix-stream: -ENOTTY\nunix-dgram: -ENOTTY\n"
			   "eventfd: -ENOTTY\ntimerfd: -ENOTTY\nsignalfd: -ENOTTY\n"
			   "epoll: -ENOTTY\ninotify: -ENOTTY\n"
			   "null: -ENOTTY\nzero: -ENOTTY\nfull: -ENOTTY\n"
			   "random: -EINVAL\nurandom: -EINVAL\n"
			   "ptmx: -ENOTTY\npts: -ENOTTY\nfile: -ENOTTY\ndir: -ENOTTY\n";

	ASSERT_EQ(0, lxt_run_case(-1, &c, &native));
	EXPECT_STREQ(want, native.out);
	if (lxt_native_only())
		return;
	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &pico));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	EXPECT_STREQ(native.out, pico.out);
	EXPECT_STREQ("exit=0", pico.end);
	EXPECT_EQ(18, after.unimpl[SYS_ioctl] - before.unimpl[SYS_ioctl]);
}

/* ---- poll and epoll of the memory devices ----------------------------------- */

static void devpoll_body(void *arg)
{
	static const char *const devs[] = { "null", "zero", "full", "random", "urandom" };
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };
	unsigned int i;
	char path[32];

	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		struct pollfd pf = { .events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM };
		struct lxt_line l = { .n = 0 };
		long ep = lxt_syscall6(SYS_epoll_create1, 0, 0, 0, 0, 0, 0), r;

		snprintf(path, sizeof(path), "/dev/%s", devs[i]);
		pf.fd = OPEN(path, O_RDONLY);
		lxt_put_str(&l, devs[i]);
		lxt_put_str(&l, ": poll ");
		lxt_put_ret(&l, lxt_syscall6(SYS_poll, (long)&pf, 1, 0, 0, 0, 0));
		lxt_put_str(&l, " revents 0x");
		lxt_put_ulong(&l, pf.revents, 16);
		lxt_put_str(&l, " epoll_ctl ");
		r = lxt_syscall6(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, pf.fd, (long)&ev, 0, 0);
		lxt_put_ret(&l, r);
		if (!r) {
			struct epoll_event out = { 0 };

			lxt_put_str(&l, " wait ");
			lxt_put_ret(&l, lxt_syscall6(SYS_epoll_wait, ep, (long)&out, 1, 0, 0, 0));
			lxt_put_str(&l, " events 0x");
			lxt_put_ulong(&l, out.events, 16);
		}
		lxt_put_end(&l);
		lxt_close(pf.fd);
		lxt_close(ep);
	}
}

TEST_F(fk, memory_devices_poll_as_linux)
{
	DIFF(.body = devpoll_body,
	     .expect_out = "null: poll 1 revents 0x145 epoll_ctl -EPERM\n"
			   "zero: poll 1 revents 0x145 epoll_ctl -EPERM\n"
			   "full: poll 1 revents 0x145 epoll_ctl -EPERM\n"
			   "random: poll 1 revents 0x41 epoll_ctl 0 wait 1 events 0x1\n"
			   "urandom: poll 1 revents 0x145 epoll_ctl -EPERM\n");
}

/* ---- timerfd's TFD_IOC_SET_TICKS (checkpoint/restore) ------------------------ */

static void ticks_body(void *arg)
{
	long t = lxt_syscall6(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_NONBLOCK, 0, 0, 0, 0);
	struct pollfd pf = { .fd = t, .events = POLLIN };
	uint64_t v = 0;

	lxt_say("zero", IOCTL(t, TFD_IOC_SET_TICKS, &v));
	lxt_say("efault", IOCTL(t, TFD_IOC_SET_TICKS, 8));
	lxt_say("read-none", lxt_read(t, &v, sizeof(v)));
	v = 5;
	lxt_say("set", IOCTL(t, TFD_IOC_SET_TICKS, &v));
	lxt_say("poll", lxt_syscall6(SYS_poll, (long)&pf, 1, 0, 0, 0, 0));
	lxt_say("revents", pf.revents);
	v = 0;
	lxt_say("read", lxt_read(t, &v, sizeof(v)));
	lxt_say("ticks", (long)v);
	lxt_say("read-again", lxt_read(t, &v, sizeof(v)));
}

TEST_F(fk, timerfd_takes_its_ticks_from_tfd_ioc_set_ticks)
{
	DIFF(.body = ticks_body,
	     .expect_out = "zero=-EINVAL\nefault=-EFAULT\nread-none=-EAGAIN\nset=0\npoll=1\n"
			   "revents=1\nread=8\nticks=5\nread-again=-EAGAIN\n");
}

/* ---- ttyname ---------------------------------------------------------------- */

static void say_same(const char *tag, const struct stat *a, const struct stat *b)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, ": dev ");
	lxt_put_ulong(&l, a->st_dev == b->st_dev, 10);
	lxt_put_str(&l, " ino ");
	lxt_put_ulong(&l, a->st_ino == b->st_ino, 10);
	lxt_put_str(&l, " rdev ");
	lxt_put_ulong(&l, a->st_rdev == b->st_rdev, 10);
	lxt_put_str(&l, " mode ");
	lxt_put_ulong(&l, a->st_mode == b->st_mode, 10);
	lxt_put_str(&l, " uid ");
	lxt_put_ulong(&l, a->st_uid == b->st_uid, 10);
	lxt_put_str(&l, " gid ");
	lxt_put_ulong(&l, a->st_gid == b->st_gid, 10);
	lxt_put_end(&l);
}

static void say_link(const char *tag, long fd, const char *want)
{
	char path[64], buf[64];
	long n;

	snprintf(path, sizeof(path), "/proc/self/fd/%ld", fd);
	n = lxt_syscall6(SYS_readlink, (long)path, (long)buf, sizeof(buf) - 1, 0, 0, 0);
	if (n >= 0)
		buf[n] = 0;
	lxt_say(tag, n < 0 ? n : !strcmp(buf, want));
}

static void ttyname_body(void *arg)
{
	char name[64] = "", tn[64] = "";
	struct stat a = { 0 }, b = { 0 };
	struct dirent *d;
	unsigned int n = 99;
	long s, peer;
	int m;
	DIR *dir;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	lxt_say("grantpt", grantpt(m));
	lxt_say("unlockpt", unlockpt(m));
	lxt_say("ptsname_r", ptsname_r(m, name, sizeof(name)));
	IOCTL(m, TIOCGPTN, &n);
	s = OPEN(name, O_RDWR | O_NOCTTY);
	lxt_say("isatty-slave", isatty(s));
	lxt_say("isatty-master", isatty(m));
	lxt_say("ttyname_r", ttyname_r(s, tn, sizeof(tn)));
	lxt_say("ttyname-is-ptsname", !strcmp(tn, name));
	lxt_say("fstat", fstat(s, &a));
	lxt_say("stat", stat(name, &b));
	say_same("slave", &a, &b);
	lxt_say("slave-major", major(a.st_rdev));
	lxt_say("slave-minor-is-n", minor(a.st_rdev) == n);
	lxt_sayx("slave-mode", a.st_mode);
	lxt_say("slave-gid", a.st_gid);
	say_link("slave-link", s, name);
	lxt_say("fstat-master", fstat(m, &a));
	lxt_say("stat-ptmx", stat("/dev/ptmx", &b));
	say_same("master", &a, &b);
	lxt_say("master-major", major(a.st_rdev));
	lxt_say("master-minor", minor(a.st_rdev));
	say_link("master-link", m, "/dev/ptmx");
	peer = IOCTL(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	lxt_say("fstat-peer", fstat(peer, &a));
	lxt_say("stat", stat(name, &b));
	say_same("peer", &a, &b);
	tn[0] = 0;
	lxt_say("ttyname_r-peer", ttyname_r(peer, tn, sizeof(tn)));
	lxt_say("ttyname-is-ptsname", !strcmp(tn, name));
	/* The d_ino of /dev/pts/N is its st_ino (glibc's scan compares them). */
	dir = opendir("/dev/pts");
	while (dir && (d = readdir(dir)))
		if (!strcmp(d->d_name, name + strlen("/dev/pts/")))
			lxt_say("d_ino-is-st_ino", d->d_ino == b.st_ino);
	if (dir)
		closedir(dir);
	lxt_say("ttyname_r-pipe", ttyname_r(1, tn, sizeof(tn)));
	/* A master opened through devpts's own ptmx is that node. */
	peer = OPEN("/dev/pts/ptmx", O_RDWR | O_NOCTTY);
	lxt_say("fstat-pts-ptmx", fstat(peer, &a));
	lxt_say("stat-pts-ptmx", stat("/dev/pts/ptmx", &b));
	say_same("pts-ptmx", &a, &b);
	say_link("pts-ptmx-link", peer, "/dev/pts/ptmx");
}

TEST_F(fk, ttyname_names_a_devpts_slave_and_fstat_agrees_with_stat)
{
	DIFF(.body = ttyname_body,
	     .expect_out = "grantpt=0\nunlockpt=0\nptsname_r=0\nisatty-slave=1\nisatty-master=1\n"
			   "ttyname_r=0\nttyname-is-ptsname=1\nfstat=0\nstat=0\n"
			   "slave: dev 1 ino 1 rdev 1 mode 1 uid 1 gid 1\n"
			   "slave-major=136\nslave-minor-is-n=1\nslave-mode=0x2190\nslave-gid=5\n"
			   "slave-link=1\nfstat-master=0\nstat-ptmx=0\n"
			   "master: dev 1 ino 1 rdev 1 mode 1 uid 1 gid 1\n"
			   "master-major=5\nmaster-minor=2\nmaster-link=1\n"
			   "fstat-peer=0\nstat=0\npeer: dev 1 ino 1 rdev 1 mode 1 uid 1 gid 1\n"
			   "ttyname_r-peer=0\nttyname-is-ptsname=1\nd_ino-is-st_ino=1\n"
			   "ttyname_r-pipe=25\nfstat-pts-ptmx=0\nstat-pts-ptmx=0\n"
			   "pts-ptmx: dev 1 ino 1 rdev 1 mode 1 uid 1 gid 1\npts-ptmx-link=1\n");
}

/* ---- terminal commands on a pty's two ends ---------------------------------- */

static void say_ioctl(const char *end, const char *cmd, long r)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, end);
	lxt_put_str(&l, " ");
	lxt_put_str(&l, cmd);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, r);
	lxt_put_end(&l);
}

static void tty_ends(const char *end, long fd, long other)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct kterm t;
	int v, on = 1, off = 0;

	say_ioctl(end, "TCGETS", IOCTL(fd, TCGETS, &t));
	say_ioctl(end, "TCSETS", IOCTL(fd, TCSETS, &t));
	say_ioctl(end, "TCSETSW", IOCTL(fd, TCSETSW, &t));
	say_ioctl(end, "TCSETSF", IOCTL(fd, TCSETSF, &t));
	say_ioctl(end, "TIOCSWINSZ", IOCTL(fd, TIOCSWINSZ, &ws));
	ws.ws_row = 0;
	say_ioctl(end, "TIOCGWINSZ", IOCTL(fd, TIOCGWINSZ, &ws));
	lxt_say("rows", ws.ws_row);
	v = -1;
	say_ioctl(end, "TIOCGPGRP", IOCTL(fd, TIOCGPGRP, &v));
	lxt_say("pgrp-is-own", v == lxt_syscall6(SYS_getpgid, 0, 0, 0, 0, 0, 0));
	v = -1;
	say_ioctl(end, "TIOCGSID", IOCTL(fd, TIOCGSID, &v));
	lxt_say("sid-is-own", v == lxt_syscall6(SYS_getsid, 0, 0, 0, 0, 0, 0));
	v = (int)lxt_syscall6(SYS_getpgid, 0, 0, 0, 0, 0, 0);
	say_ioctl(end, "TIOCSPGRP", IOCTL(fd, TIOCSPGRP, &v));
	say_ioctl(end, "FIONBIO", IOCTL(fd, FIONBIO, &on));
	lxt_sayx("nonblock", lxt_fcntl(fd, F_GETFL, 0) & O_NONBLOCK);
	say_ioctl(end, "FIONBIO-off", IOCTL(fd, FIONBIO, &off));
	say_ioctl(end, "FIOCLEX", IOCTL(fd, FIOCLEX, 0));
	lxt_say("cloexec", lxt_fcntl(fd, F_GETFD, 0));
	say_ioctl(end, "FIONCLEX", IOCTL(fd, FIONCLEX, 0));
	lxt_say("cloexec", lxt_fcntl(fd, F_GETFD, 0));
	v = -1;
	say_ioctl(end, "FIONREAD", IOCTL(fd, FIONREAD, &v));
	lxt_say("n", v);
	v = -1;
	say_ioctl(end, "TIOCGPTN", IOCTL(fd, TIOCGPTN, &v));
	lxt_say("ptn", v >= 0 ? v : 99);
	say_ioctl(end, "TIOCSPTLCK", IOCTL(fd, TIOCSPTLCK, &off));
	v = IOCTL(fd, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	say_ioctl(end, "TIOCGPTPEER", v < 0 ? v : 0);
	if (v >= 0)
		lxt_close(v);
	(void)other;
}

/* In a new session (a child: the body leads its own group), its terminal. */
static void ttycmds_body(void *arg)
{
	long pid = lxt_fork();

	if (pid == 0) {
		lxt_say("setsid", lxt_syscall0(SYS_setsid) > 0);
		fk_pty();
		tty_ends("slave", fk_slave, fk_master);
		say_ioctl("master", "TIOCSCTTY", IOCTL(fk_master, TIOCSCTTY, 0));
		say_ioctl("slave", "TIOCSCTTY", IOCTL(fk_slave, TIOCSCTTY, 0));
		tty_ends("slave", fk_slave, fk_master);
		tty_ends("master", fk_master, fk_slave);
		say_ioctl("master", "TIOCNOTTY", IOCTL(fk_master, TIOCNOTTY, 0));
		say_ioctl("slave", "TIOCNOTTY", IOCTL(fk_slave, TIOCNOTTY, 0));
		say_ioctl("slave", "TIOCNOTTY-again", IOCTL(fk_slave, TIOCNOTTY, 0));
		lxt_raw_exit(0);
	}
	lxt_say("child", lxt_wait(pid));
}

/* What the same commands answer on either end, up to the groups. */
#define TTY_SETS(e) e " TCGETS=0\n" e " TCSETS=0\n" e " TCSETSW=0\n" e " TCSETSF=0\n" \
	e " TIOCSWINSZ=0\n" e " TIOCGWINSZ=0\nrows=24\n"
#define TTY_FDCMDS(e) e " FIONBIO=0\nnonblock=0x800\n" e " FIONBIO-off=0\n"		\
	e " FIOCLEX=0\ncloexec=1\n" e " FIONCLEX=0\ncloexec=0\n" e " FIONREAD=0\nn=0\n"
#define TTY_SLAVE_PTY "slave TIOCGPTN=-ENOTTY\nptn=99\nslave TIOCSPTLCK=-ENOTTY\n" \
	"slave TIOCGPTPEER=-E5\n"
#define TTY_GROUPS(e) e " TIOCGPGRP=0\npgrp-is-own=1\n" e " TIOCGSID=0\nsid-is-own=1\n" \
	e " TIOCSPGRP=0\n"

TEST_F(fk, terminal_commands_on_both_ends_of_a_pty)
{
	DIFF(.body = ttycmds_body,
	     .expect_out = "setsid=1\n"
			   /* not yet the controlling terminal */
			   TTY_SETS("slave")
			   "slave TIOCGPGRP=-ENOTTY\npgrp-is-own=0\n"
			   "slave TIOCGSID=-ENOTTY\nsid-is-own=0\nslave TIOCSPGRP=-ENOTTY\n"
			   TTY_FDCMDS("slave") TTY_SLAVE_PTY
			   /* the master's TIOCSCTTY takes its slave */
			   "master TIOCSCTTY=0\nslave TIOCSCTTY=0\n"
			   TTY_SETS("slave") TTY_GROUPS("slave") TTY_FDCMDS("slave")
			   TTY_SLAVE_PTY
			   TTY_SETS("master") TTY_GROUPS("master") TTY_FDCMDS("master")
			   "master TIOCGPTN=0\nptn=0\nmaster TIOCSPTLCK=0\nmaster TIOCGPTPEER=0\n"
			   "master TIOCNOTTY=-ENOTTY\nslave TIOCNOTTY=0\n"
			   "slave TIOCNOTTY-again=-ENOTTY\nchild=0\n");
}

TEST_HARNESS_MAIN
