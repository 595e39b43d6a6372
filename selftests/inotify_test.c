// SPDX-License-Identifier: GPL-2.0
/*
 * inotify, differential: each body runs natively in a fresh directory of
 * the host's /tmp and as a pico process in the instance's tmpfs root (and
 * once on a VolFs root), and must print the same events: masks, names,
 * watch descriptors, cookies compared as "same"/"new", errors, readiness.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <sys/utsname.h>
#include "lxtest.h"
#include "kselftest_harness.h"
/* The record codec, for the root record of a fresh VolFs tree. */
#include "../volfs/volfs_record.c"

/* What Linux prints for each body (filled from native runs). */
#define BASIC_OUT \
	"init1=1\n" \
	"cloexec=1\n" \
	"mkdir=0\n" \
	"wd=1\n" \
	"wd again=1\n" \
	"read=-EAGAIN\n" \
	"write=3\n" \
	"write=3\n" \
	"write0=0\n" \
	"close=0\n" \
	"fionread=128\n" \
	"ev wd=1 CREATE name=f len=16\n" \
	"ev wd=1 OPEN name=f len=16\n" \
	"ev wd=1 MODIFY name=f len=16\n" \
	"ev wd=1 CLOSE_WRITE name=f len=16\n" \
	"read=-EAGAIN\n" \
	"chmod=0\n" \
	"read=4\n" \
	"read eof=2\n" \
	"close=0\n" \
	"truncate=0\n" \
	"utimensat=0\n" \
	"chown=0\n" \
	"close=0\n" \
	"ev wd=1 ATTRIB name=f len=16\n" \
	"ev wd=1 OPEN name=f len=16\n" \
	"ev wd=1 ACCESS name=f len=16\n" \
	"ev wd=1 CLOSE_NOWRITE name=f len=16\n" \
	"ev wd=1 MODIFY name=f len=16\n" \
	"ev wd=1 ATTRIB name=f len=16\n" \
	"ev wd=1 MODIFY name=f len=16\n" \
	"ev wd=1 OPEN name=f len=16\n" \
	"ev wd=1 CLOSE_WRITE name=f len=16\n" \
	"read=-EAGAIN\n" \
	"wf=2\n" \
	"chmod=0\n" \
	"mkdir=0\n" \
	"getdents=1\n" \
	"close=0\n" \
	"rename=0\n" \
	"rename out=0\n" \
	"rename in=0\n" \
	"link=0\n" \
	"unlink=0\n" \
	"symlink=0\n" \
	"unlink=0\n" \
	"unlink=0\n" \
	"rename dir=0\n" \
	"rmdir=0\n" \
	"ev wd=1 ATTRIB name=f len=16\n" \
	"ev wd=2 ATTRIB\n" \
	"ev wd=1 CREATE|ISDIR name=sub len=16\n" \
	"ev wd=1 OPEN|ISDIR\n" \
	"ev wd=1 ACCESS|ISDIR\n" \
	"ev wd=1 CLOSE_NOWRITE|ISDIR\n" \
	"ev wd=1 MOVED_FROM name=f len=16 cookie=new\n" \
	"ev wd=1 MOVED_TO name=g len=16 cookie=same\n" \
	"ev wd=2 MOVE_SELF\n" \
	"ev wd=1 MOVED_FROM name=g len=16 cookie=new\n" \
	"ev wd=2 MOVE_SELF\n" \
	"ev wd=1 MOVED_TO name=h len=16 cookie=new\n" \
	"ev wd=2 MOVE_SELF\n" \
	"ev wd=2 ATTRIB\n" \
	"ev wd=1 CREATE name=h2 len=16\n" \
	"ev wd=2 ATTRIB\n" \
	"ev wd=1 DELETE name=h2 len=16\n" \
	"ev wd=1 CREATE name=l len=16\n" \
	"ev wd=1 DELETE name=l len=16\n" \
	"ev wd=2 ATTRIB\n" \
	"ev wd=2 DELETE_SELF\n" \
	"ev wd=2 IGNORED\n" \
	"ev wd=1 DELETE name=h len=16\n" \
	"ev wd=1 MOVED_FROM|ISDIR name=sub len=16 cookie=new\n" \
	"ev wd=1 MOVED_TO|ISDIR name=sub2 len=16 cookie=same\n" \
	"ev wd=1 DELETE|ISDIR name=sub2 len=16\n" \
	"read=-EAGAIN\n" \
	"ev wd=1 CREATE name=a len=16\n" \
	"ev wd=1 OPEN name=a len=16\n" \
	"ev wd=1 CLOSE_WRITE name=a len=16\n" \
	"ev wd=1 CREATE name=b len=16\n" \
	"ev wd=1 OPEN name=b len=16\n" \
	"ev wd=1 CLOSE_WRITE name=b len=16\n" \
	"read=-EAGAIN\n" \
	"wf=3\n" \
	"rename over=0\n" \
	"unlink=0\n" \
	"rename d=0\n" \
	"rmdir=0\n" \
	"ev wd=1 MOVED_FROM name=a len=16 cookie=new\n" \
	"ev wd=1 MOVED_TO name=b len=16 cookie=same\n" \
	"ev wd=3 ATTRIB\n" \
	"ev wd=3 DELETE_SELF\n" \
	"ev wd=3 IGNORED\n" \
	"ev wd=1 DELETE name=b len=16\n" \
	"ev wd=1 MOVE_SELF\n" \
	"ev wd=1 DELETE_SELF\n" \
	"ev wd=1 IGNORED\n" \
	"read=-EAGAIN\n" \
	"rm gone=-EINVAL\n"
#define ERRORS_OUT \
	"init1 bad=-EINVAL\n" \
	"init=1\n" \
	"flags=0\n" \
	"cloexec=0\n" \
	"mask 0=-EINVAL\n" \
	"mask 0 bad fd=-EINVAL\n" \
	"bad fd=-EBADF\n" \
	"not inotify=-EINVAL\n" \
	"add|create=-EINVAL\n" \
	"enoent=-ENOENT\n" \
	"onlydir=-ENOTDIR\n" \
	"onlydir dir=1\n" \
	"create again=-EEXIST\n" \
	"symlink=0\n" \
	"dont_follow=2\n" \
	"follow=3\n" \
	"excl_unlink=3\n" \
	"rm bad wd=-EINVAL\n" \
	"rm bad fd=-EBADF\n" \
	"rm not inotify=-EINVAL\n" \
	"rm=0\n" \
	"rm twice=-EINVAL\n" \
	"fionread=48\n" \
	"fionread=96\n" \
	"read small=-EINVAL\n" \
	"read one=48\n" \
	"ev wd=1 CREATE name=l len=16\n" \
	"fcntl nonblock=0\n" \
	"ev wd=1 CREATE name=a-long-name-for-the-event len=32\n" \
	"read=-EAGAIN\n" \
	"write=-EBADF\n"
#define BEFORE_OUT \
	"mkdir=0\n" \
	"mkdir=0\n" \
	"wd=1\n" \
	"write=1\n" \
	"close=0\n" \
	"close=0\n" \
	"chmod=0\n" \
	"rename=0\n" \
	"chmod=0\n" \
	"ev wd=1 MODIFY name=old len=16\n" \
	"ev wd=1 CLOSE_WRITE name=old len=16\n" \
	"ev wd=1 CLOSE_NOWRITE name=other len=16\n" \
	"ev wd=1 ATTRIB|ISDIR name=sub len=16\n" \
	"ev wd=1 MOVED_FROM name=other len=16 cookie=new\n" \
	"read=-EAGAIN\n"
#define MASKS_OUT \
	"wd=1\n" \
	"mkdir=0\n" \
	"mkdir=0\n" \
	"ev wd=1 CREATE|ISDIR name=a len=16\n" \
	"ev wd=1 IGNORED\n" \
	"read=-EAGAIN\n" \
	"rm oneshot=-EINVAL\n" \
	"wd=2\n" \
	"mask_add=2\n" \
	"mkdir=0\n" \
	"rmdir=0\n" \
	"ev wd=2 CREATE|ISDIR name=c len=16\n" \
	"ev wd=2 DELETE|ISDIR name=c len=16\n" \
	"read=-EAGAIN\n" \
	"replace=2\n" \
	"mkdir=0\n" \
	"rmdir=0\n" \
	"rmdir=-ENOENT\n" \
	"ev wd=2 DELETE|ISDIR name=c len=16\n" \
	"read=-EAGAIN\n" \
	"in2=1\n" \
	"mkdir=0\n" \
	"read=-EAGAIN\n" \
	"ev wd=1 CREATE|ISDIR name=d len=16\n" \
	"read=-EAGAIN\n"
#define READINESS_OUT \
	"wd=1\n" \
	"poll=0\n" \
	"ctl=0\n" \
	"epoll_wait=0\n" \
	"poll=1\n" \
	"revents=0x1\n" \
	"epoll_wait=1\n" \
	"events=0x1\n" \
	"data=7\n" \
	"fionread=32\n" \
	"read=32\n" \
	"epoll_wait=0\n" \
	"epoll_wait blocking=1\n" \
	"read=32\n" \
	"ev wd=1 CREATE name=y len=16\n" \
	"read=32\n" \
	"ev wd=1 CREATE name=z len=16\n" \
	"wait=0\n"
#define OVERFLOW_OUT \
	"wd=1\n" \
	"fionread=524304\n" \
	"end=-EAGAIN\n" \
	"events=16385\n" \
	"last=0x4000\n" \
	"last wd=-EPERM\n" \
	"ev wd=1 OPEN name=f len=16\n" \
	"ev wd=1 CLOSE_NOWRITE name=f len=16\n" \
	"read=-EAGAIN\n"

FIXTURE(inotify) {
	int dev;
	int inst;
	uint64_t base;
};

FIXTURE_SETUP(inotify)
{
	struct lxss_global g;

	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, lxt_global(self->dev, &g));
	self->base = g.live_objects;
	self->inst = lxt_create(self->dev, "inotify");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 0755)) TH_LOG("mount: %s", strerror(errno));
}

FIXTURE_TEARDOWN(inotify)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

#define DIFF(...) do {							\
	const struct lxt_case case_ = { .setup = fresh_dir, __VA_ARGS__ }; \
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/*
 * BASIC_OUT as the running kernel orders an open with O_TRUNC: 6.1 sends
 * IN_MODIFY (the truncation) then IN_OPEN; from 6.12 fsnotify_open() runs in
 * vfs_open(), before the truncation.
 */
static const char *basic_out(void)
{
	static const char old_order[] = "ev wd=1 MODIFY name=f len=16\nev wd=1 OPEN name=f len=16\n";
	static const char new_order[] = "ev wd=1 OPEN name=f len=16\nev wd=1 MODIFY name=f len=16\n";
	static char buf[sizeof(BASIC_OUT)];
	int major = 0, minor = 0;
	struct utsname u;
	char *p;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2 ||
	    major < 6 || (major == 6 && minor < 12))
		return BASIC_OUT;
	strcpy(buf, BASIC_OUT);
	p = strstr(buf, old_order);
	if (p)
		memcpy(p, new_order, sizeof(new_order) - 1);
	return buf;
}

static void fresh_dir(void *arg)
{
	char tmpl[] = "/tmp/lxin.XXXXXX";

	if (!mkdtemp(tmpl) || chdir(tmpl))
		_exit(125);
	umask(022);
}

static long sys3(long nr, long a, long b, long c)
{
	return lxt_syscall6(nr, a, b, c, 0, 0, 0);
}

#define OPEN(p, f, m)	sys3(SYS_open, (long)(p), (f), (m))
#define ADD(fd, p, m)	sys3(SYS_inotify_add_watch, (fd), (long)(p), (m))

static const struct { unsigned int bit; const char *name; } in_bits[] = {
	{ IN_ACCESS, "ACCESS" }, { IN_MODIFY, "MODIFY" }, { IN_ATTRIB, "ATTRIB" },
	{ IN_CLOSE_WRITE, "CLOSE_WRITE" }, { IN_CLOSE_NOWRITE, "CLOSE_NOWRITE" },
	{ IN_OPEN, "OPEN" }, { IN_MOVED_FROM, "MOVED_FROM" }, { IN_MOVED_TO, "MOVED_TO" },
	{ IN_CREATE, "CREATE" }, { IN_DELETE, "DELETE" }, { IN_DELETE_SELF, "DELETE_SELF" },
	{ IN_MOVE_SELF, "MOVE_SELF" }, { IN_UNMOUNT, "UNMOUNT" }, { IN_Q_OVERFLOW, "Q_OVERFLOW" },
	{ IN_IGNORED, "IGNORED" }, { IN_ISDIR, "ISDIR" },
};

static unsigned int last_cookie;

/* "ev wd=1 CREATE|ISDIR name=sub cookie=new" */
static void say_event(const struct inotify_event *ev)
{
	struct lxt_line l = { .n = 0 };
	unsigned int i, first = 1;

	lxt_put_str(&l, "ev wd=");
	lxt_put_ret(&l, ev->wd);
	lxt_put_str(&l, " ");
	for (i = 0; i < sizeof(in_bits) / sizeof(in_bits[0]); i++) {
		if (!(ev->mask & in_bits[i].bit))
			continue;
		if (!first)
			lxt_put_str(&l, "|");
		lxt_put_str(&l, in_bits[i].name);
		first = 0;
	}
	if (ev->len) {
		lxt_put_str(&l, " name=");
		lxt_put_str(&l, ev->name);
		lxt_put_str(&l, " len=");
		lxt_put_ret(&l, ev->len);
	}
	if (ev->cookie) {
		lxt_put_str(&l, ev->cookie == last_cookie ? " cookie=same" : " cookie=new");
		last_cookie = ev->cookie;
	}
	lxt_put_end(&l);
}

static char evbuf[65536] __attribute__((aligned(8)));

/* Read (nonblocking fd) and print every queued event. */
static void drain(long fd)
{
	long n, off;

	for (;;) {
		n = sys3(SYS_read, fd, (long)evbuf, sizeof(evbuf));
		if (n <= 0) {
			lxt_say("read", n);
			return;
		}
		for (off = 0; off < n;) {
			const struct inotify_event *ev = (const void *)(evbuf + off);

			say_event(ev);
			off += sizeof(*ev) + ev->len;
		}
	}
}

static void say_fionread(long fd)
{
	int v = -1;
	long r = sys3(SYS_ioctl, fd, FIONREAD, (long)&v);

	lxt_say("fionread", r ? r : v);
}

/* ---- events of the common operations, in order ---- */

static void basic_events(void *arg)
{
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };
	long in, wd, wf, fd;
	char c[4];

	in = sys3(SYS_inotify_init1, IN_NONBLOCK | IN_CLOEXEC, 0, 0);
	lxt_say("init1", in >= 0);
	lxt_say("cloexec", sys3(SYS_fcntl, in, F_GETFD, 0));
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"d", 0755, 0));
	wd = ADD(in, "d", IN_ALL_EVENTS);
	lxt_say("wd", wd);
	lxt_say("wd again", ADD(in, "d", IN_ALL_EVENTS));
	drain(in);

	fd = OPEN("d/f", O_CREAT | O_WRONLY, 0644);
	lxt_say("write", sys3(SYS_write, fd, (long)"abc", 3));
	lxt_say("write", sys3(SYS_write, fd, (long)"def", 3));
	lxt_say("write0", sys3(SYS_write, fd, (long)"", 0));
	lxt_say("close", sys3(SYS_close, fd, 0, 0));
	say_fionread(in);
	drain(in);

	lxt_say("chmod", sys3(SYS_chmod, (long)"d/f", 0600, 0));
	fd = OPEN("d/f", O_RDONLY, 0);
	lxt_say("read", sys3(SYS_read, fd, (long)c, sizeof(c)));
	lxt_say("read eof", sys3(SYS_read, fd, (long)c, sizeof(c)));
	lxt_say("close", sys3(SYS_close, fd, 0, 0));
	lxt_say("truncate", sys3(SYS_truncate, (long)"d/f", 1, 0));
	lxt_say("utimensat", lxt_syscall6(SYS_utimensat, AT_FDCWD, (long)"d/f", (long)ts, 0, 0, 0));
	lxt_say("chown", sys3(SYS_chown, (long)"d/f", -1, -1));
	fd = OPEN("d/f", O_WRONLY | O_TRUNC, 0);
	lxt_say("close", sys3(SYS_close, fd, 0, 0));
	drain(in);

	/* a watch on the file itself, too: parent's event first */
	wf = ADD(in, "d/f", IN_ALL_EVENTS);
	lxt_say("wf", wf);
	lxt_say("chmod", sys3(SYS_chmod, (long)"d/f", 0644, 0));
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"d/sub", 0755, 0));
	fd = OPEN("d", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("getdents", sys3(SYS_getdents64, fd, (long)evbuf, sizeof(evbuf)) > 0);
	lxt_say("close", sys3(SYS_close, fd, 0, 0));
	lxt_say("rename", sys3(SYS_rename, (long)"d/f", (long)"d/g", 0));
	lxt_say("rename out", sys3(SYS_rename, (long)"d/g", (long)"h", 0));
	lxt_say("rename in", sys3(SYS_rename, (long)"h", (long)"d/h", 0));
	lxt_say("link", sys3(SYS_link, (long)"d/h", (long)"d/h2", 0));
	lxt_say("unlink", sys3(SYS_unlink, (long)"d/h2", 0, 0));
	lxt_say("symlink", sys3(SYS_symlink, (long)"h", (long)"d/l", 0));
	lxt_say("unlink", sys3(SYS_unlink, (long)"d/l", 0, 0));
	lxt_say("unlink", sys3(SYS_unlink, (long)"d/h", 0, 0));
	lxt_say("rename dir", sys3(SYS_rename, (long)"d/sub", (long)"d/sub2", 0));
	lxt_say("rmdir", sys3(SYS_rmdir, (long)"d/sub2", 0, 0));
	drain(in);

	/* a replaced target, then the watched directory itself removed */
	fd = OPEN("d/a", O_CREAT | O_WRONLY, 0644);
	sys3(SYS_close, fd, 0, 0);
	fd = OPEN("d/b", O_CREAT | O_WRONLY, 0644);
	sys3(SYS_close, fd, 0, 0);
	drain(in);
	wf = ADD(in, "d/b", IN_ALL_EVENTS);
	lxt_say("wf", wf);
	lxt_say("rename over", sys3(SYS_rename, (long)"d/a", (long)"d/b", 0));
	lxt_say("unlink", sys3(SYS_unlink, (long)"d/b", 0, 0));
	lxt_say("rename d", sys3(SYS_rename, (long)"d", (long)"e", 0));
	lxt_say("rmdir", sys3(SYS_rmdir, (long)"e", 0, 0));
	drain(in);
	lxt_say("rm gone", sys3(SYS_inotify_rm_watch, in, wd, 0));
}

TEST_F(inotify, a_directory_watch_sees_creates_writes_attribs_moves_and_deletes)
{
	DIFF(.body = basic_events, .expect_out = basic_out());
}

/* ---- files that existed before the watch, an fd opened before it ---- */

static void before_watch(void *arg)
{
	long in, fd, fd2;

	lxt_say("mkdir", sys3(SYS_mkdir, (long)"d", 0755, 0));
	fd = OPEN("d/old", O_CREAT | O_WRONLY, 0644);
	fd2 = OPEN("d/other", O_CREAT | O_RDONLY, 0644);
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"d/sub", 0755, 0));
	in = sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0);
	lxt_say("wd", ADD(in, "d", IN_ALL_EVENTS));
	lxt_say("write", sys3(SYS_write, fd, (long)"x", 1));
	lxt_say("close", sys3(SYS_close, fd, 0, 0));
	lxt_say("close", sys3(SYS_close, fd2, 0, 0));
	lxt_say("chmod", sys3(SYS_chmod, (long)"d/sub", 0700, 0));
	lxt_say("rename", sys3(SYS_rename, (long)"d/other", (long)"d/sub/x", 0));
	lxt_say("chmod", sys3(SYS_chmod, (long)"d/sub/x", 0600, 0));
	drain(in);
}

TEST_F(inotify, files_there_before_the_watch_are_reported_by_name)
{
	DIFF(.body = before_watch, .expect_out = BEFORE_OUT);
}

/* ---- pread, pwrite, fallocate ---- */

static void positional(void *arg)
{
	long in = sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0), fd;
	char c[2];

	lxt_say("wd", ADD(in, ".", IN_ALL_EVENTS));
	fd = OPEN("f", O_CREAT | O_RDWR, 0644);
	lxt_say("pwrite", lxt_syscall6(SYS_pwrite64, fd, (long)"y", 1, 10, 0, 0));
	lxt_say("pread", lxt_syscall6(SYS_pread64, fd, (long)c, 1, 10, 0, 0));
	lxt_say("pread eof", lxt_syscall6(SYS_pread64, fd, (long)c, 1, 20, 0, 0));
	lxt_say("fallocate", lxt_syscall6(SYS_fallocate, fd, 0, 0, 4, 0, 0));
	lxt_say("pread", lxt_syscall6(SYS_pread64, fd, (long)c, 1, 0, 0, 0));
	lxt_say("fallocate", lxt_syscall6(SYS_fallocate, fd, 0, 0, 100, 0, 0));
	lxt_say("close", sys3(SYS_close, fd, 0, 0));
	drain(in);
}

TEST_F(inotify, pread_pwrite_and_fallocate_report_access_and_modify)
{
	DIFF(.body = positional, .expect_out =
	     "wd=1\npwrite=1\npread=1\npread eof=0\nfallocate=0\npread=1\nfallocate=0\n"
	     "close=0\n"
	     "ev wd=1 CREATE name=f len=16\n"
	     "ev wd=1 OPEN name=f len=16\n"
	     "ev wd=1 MODIFY name=f len=16\n"
	     "ev wd=1 ACCESS name=f len=16\n"
	     "ev wd=1 MODIFY name=f len=16\n"
	     "ev wd=1 ACCESS name=f len=16\n"
	     "ev wd=1 MODIFY name=f len=16\n"
	     "ev wd=1 CLOSE_WRITE name=f len=16\n"
	     "read=-EAGAIN\n");
}

/* ---- the calls' errors, reads, FIONREAD ---- */

static void errors(void *arg)
{
	long in, fd, wd, p[2];
	int fds[2];

	lxt_say("init1 bad", sys3(SYS_inotify_init1, 0x4, 0, 0));
	in = sys3(SYS_inotify_init, 0, 0, 0);
	lxt_say("init", in >= 0);
	lxt_say("flags", sys3(SYS_fcntl, in, F_GETFL, 0) & O_ACCMODE);
	lxt_say("cloexec", sys3(SYS_fcntl, in, F_GETFD, 0));
	fd = OPEN("f", O_CREAT | O_WRONLY, 0644);
	sys3(SYS_close, fd, 0, 0);
	lxt_say("mask 0", ADD(in, ".", 0));
	lxt_say("mask 0 bad fd", ADD(999, ".", 0));
	lxt_say("bad fd", ADD(999, ".", IN_CREATE));
	sys3(SYS_pipe, (long)fds, 0, 0);
	p[0] = fds[0];
	p[1] = fds[1];
	lxt_say("not inotify", ADD(p[0], ".", IN_CREATE));
	lxt_say("add|create", ADD(in, ".", IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE));
	lxt_say("enoent", ADD(in, "nope", IN_CREATE));
	lxt_say("onlydir", ADD(in, "f", IN_CREATE | IN_ONLYDIR));
	lxt_say("onlydir dir", ADD(in, ".", IN_CREATE | IN_ONLYDIR));
	lxt_say("create again", ADD(in, ".", IN_CREATE | IN_MASK_CREATE));
	lxt_say("symlink", sys3(SYS_symlink, (long)"f", (long)"l", 0));
	wd = ADD(in, "l", IN_ATTRIB | IN_DONT_FOLLOW);
	lxt_say("dont_follow", wd);
	lxt_say("follow", ADD(in, "l", IN_ATTRIB));
	lxt_say("excl_unlink", ADD(in, "f", IN_ATTRIB | IN_EXCL_UNLINK));
	lxt_say("rm bad wd", sys3(SYS_inotify_rm_watch, in, 77, 0));
	lxt_say("rm bad fd", sys3(SYS_inotify_rm_watch, 999, 1, 0));
	lxt_say("rm not inotify", sys3(SYS_inotify_rm_watch, p[0], 1, 0));
	lxt_say("rm", sys3(SYS_inotify_rm_watch, in, wd, 0));
	lxt_say("rm twice", sys3(SYS_inotify_rm_watch, in, wd, 0));
	say_fionread(in);
	/* a blocking fd with an event queued: whole events, EINVAL if none fits */
	fd = OPEN("a-long-name-for-the-event", O_CREAT | O_WRONLY, 0644);
	sys3(SYS_close, fd, 0, 0);
	say_fionread(in);
	lxt_say("read small", sys3(SYS_read, in, (long)evbuf, sizeof(struct inotify_event)));
	lxt_say("read one", sys3(SYS_read, in, (long)evbuf, sizeof(struct inotify_event) + 32));
	say_event((const void *)evbuf);
	lxt_say("fcntl nonblock", sys3(SYS_fcntl, in, F_SETFL, O_NONBLOCK));
	drain(in);
	lxt_say("write", sys3(SYS_write, in, (long)"x", 1));
}

TEST_F(inotify, the_calls_check_their_arguments_as_linux)
{
	DIFF(.body = errors, .expect_out = ERRORS_OUT);
}

/* ---- IN_ONESHOT, IN_MASK_ADD, a replaced mask ---- */

static void masks(void *arg)
{
	long in, wd;

	in = sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0);
	wd = ADD(in, ".", IN_CREATE | IN_ONESHOT);
	lxt_say("wd", wd);
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"a", 0755, 0));
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"b", 0755, 0));
	drain(in);
	lxt_say("rm oneshot", sys3(SYS_inotify_rm_watch, in, wd, 0));
	wd = ADD(in, ".", IN_CREATE);
	lxt_say("wd", wd);
	lxt_say("mask_add", ADD(in, ".", IN_DELETE | IN_MASK_ADD));
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"c", 0755, 0));
	lxt_say("rmdir", sys3(SYS_rmdir, (long)"c", 0, 0));
	drain(in);
	lxt_say("replace", ADD(in, ".", IN_DELETE));
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"c", 0755, 0));
	lxt_say("rmdir", sys3(SYS_rmdir, (long)"c", 0, 0));
	lxt_say("rmdir", sys3(SYS_rmdir, (long)"c", 0, 0));
	drain(in);
	/* two instances watching one directory each get the event */
	lxt_say("in2", ADD(sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0), ".", IN_CREATE));
	lxt_say("mkdir", sys3(SYS_mkdir, (long)"d", 0755, 0));
	drain(in);
	drain(in + 1);
}

TEST_F(inotify, oneshot_mask_add_and_replaced_masks)
{
	DIFF(.body = masks, .expect_out = MASKS_OUT);
}

/* ---- readiness: poll, epoll, a blocked read woken ---- */

static void readiness(void *arg)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 }, out[2];
	struct pollfd pfd;
	long in, ep, pid, fd;

	in = sys3(SYS_inotify_init1, 0, 0, 0);
	lxt_say("wd", ADD(in, ".", IN_CREATE));
	pfd.fd = in;
	pfd.events = POLLIN | POLLOUT;
	pfd.revents = 0;
	lxt_say("poll", sys3(SYS_poll, (long)&pfd, 1, 0));
	ep = lxt_syscall6(SYS_epoll_create1, 0, 0, 0, 0, 0, 0);
	lxt_say("ctl", lxt_syscall6(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, in, (long)&ev, 0, 0));
	lxt_say("epoll_wait", lxt_syscall6(SYS_epoll_wait, ep, (long)out, 2, 0, 0, 0));
	fd = OPEN("x", O_CREAT | O_WRONLY, 0644);
	sys3(SYS_close, fd, 0, 0);
	lxt_say("poll", sys3(SYS_poll, (long)&pfd, 1, 0));
	lxt_sayx("revents", pfd.revents);
	lxt_say("epoll_wait", lxt_syscall6(SYS_epoll_wait, ep, (long)out, 2, 0, 0, 0));
	lxt_sayx("events", out[0].events);
	lxt_say("data", (long)out[0].data.u64);
	say_fionread(in);
	lxt_say("read", sys3(SYS_read, in, (long)evbuf, sizeof(evbuf)));
	lxt_say("epoll_wait", lxt_syscall6(SYS_epoll_wait, ep, (long)out, 2, 0, 0, 0));
	/* a child makes a file while the parent sleeps in epoll_wait, then in read */
	pid = lxt_fork();
	if (!pid) {
		struct timespec t = { 0, 100000000 };

		sys3(SYS_nanosleep, (long)&t, 0, 0);
		fd = OPEN("y", O_CREAT | O_WRONLY, 0644);
		sys3(SYS_close, fd, 0, 0);
		sys3(SYS_nanosleep, (long)&t, 0, 0);
		fd = OPEN("z", O_CREAT | O_WRONLY, 0644);
		sys3(SYS_close, fd, 0, 0);
		lxt_raw_exit(0);
	}
	lxt_say("epoll_wait blocking", lxt_syscall6(SYS_epoll_wait, ep, (long)out, 2, 5000, 0, 0));
	drain_one:
	lxt_say("read", sys3(SYS_read, in, (long)evbuf, sizeof(evbuf)));
	say_event((const void *)evbuf);
	if (((const struct inotify_event *)evbuf)->name[0] == 'y')
		goto drain_one;
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(inotify, poll_epoll_and_blocking_reads_see_events)
{
	DIFF(.body = readiness, .expect_out = READINESS_OUT);
}

static volatile int caught;

static void on_usr1(int sig)
{
	caught++;
}

static void fresh_dir_usr1(void *arg)
{
	struct sigaction sa;

	fresh_dir(arg);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
}

static void interrupted(void *arg)
{
	long in = sys3(SYS_inotify_init, 0, 0, 0);

	lxt_say("wd", ADD(in, ".", IN_CREATE));
	lxt_say_text("blocking");
	lxt_say("read", sys3(SYS_read, in, (long)evbuf, sizeof(evbuf)));
	lxt_say("caught", caught);
}

TEST_F(inotify, a_blocking_read_ends_with_eintr_on_a_signal)
{
	static const struct lxt_case c = {
		.setup = fresh_dir_usr1, .body = interrupted, .trigger = "blocking",
		.trigger_signal = SIGUSR1,
		.expect_out = "wd=1\nblocking\nread=-EINTR\ncaught=1\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- the queue limit ---- */

static void overflow(void *arg)
{
	long in, fd, n, off, count = 0, i, last = 0, lastwd = 0;

	in = sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0);
	fd = OPEN("f", O_CREAT | O_WRONLY, 0644);
	sys3(SYS_close, fd, 0, 0);
	lxt_say("wd", ADD(in, ".", IN_OPEN | IN_CLOSE));
	for (i = 0; i < 8200; i++) {
		fd = OPEN("f", O_RDONLY, 0);
		sys3(SYS_close, fd, 0, 0);
	}
	say_fionread(in);
	for (;;) {
		n = sys3(SYS_read, in, (long)evbuf, sizeof(evbuf));
		if (n <= 0)
			break;
		for (off = 0; off < n; count++) {
			const struct inotify_event *ev = (const void *)(evbuf + off);

			last = ev->mask;
			lastwd = ev->wd;
			off += sizeof(*ev) + ev->len;
		}
	}
	lxt_say("end", n);
	lxt_say("events", count);
	lxt_sayx("last", last);
	lxt_say("last wd", lastwd);
	/* once read, the queue takes events again */
	fd = OPEN("f", O_RDONLY, 0);
	sys3(SYS_close, fd, 0, 0);
	drain(in);
}

TEST_F(inotify, a_full_queue_ends_with_one_overflow_event)
{
	DIFF(.body = overflow, .expect_out = OVERFLOW_OUT, .timeout_s = 120);
}

/* ---- objects: a process leaving watches and events behind frees them ---- */

static void leave_watches(void *arg)
{
	long in = sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0), fd;

	lxt_say("mkdir", sys3(SYS_mkdir, (long)"d", 0755, 0));
	lxt_say("wd", ADD(in, "d", IN_ALL_EVENTS));
	lxt_say("wd", ADD(in, ".", IN_ALL_EVENTS));
	fd = OPEN("d/f", O_CREAT | O_WRONLY, 0644);
	lxt_say("wd", ADD(sys3(SYS_inotify_init, 0, 0, 0), "d/f", IN_ALL_EVENTS));
	sys3(SYS_close, fd, 0, 0);
}

TEST_F(inotify, watches_and_queued_events_go_with_the_instance)
{
	struct lxss_global g;
	int i;

	DIFF(.body = leave_watches, .expect_out = "mkdir=0\nwd=1\nwd=2\nwd=1\n");
	if (lxt_native_only())
		return;
	close(self->inst);
	self->inst = -1;
	for (i = 0; i < 300; i++) {
		ASSERT_EQ(0, lxt_global(self->dev, &g));
		if (g.live_objects == self->base)
			break;
		usleep(10000);
	}
	EXPECT_EQ(self->base, g.live_objects);
}

/* ---- the same events on VolFs and DrvFs (an ext4 backing tree, volfs_test's setup) ---- */

#include "lxbacking.h"

/* A fresh backing tree; for VolFs, with a root record saying 0755, root's. */
static int fresh_tree(char *dir, size_t len, int record)
{
	struct volfs_meta m = { .type = VOLFS_TYPE_DIR, .mode = 0755 };
	unsigned char buf[VOLFS_RECORD_SIZE];
	struct timespec now;

	snprintf(dir, len, BACKING "/in.XXXXXX");
	if (!mkdtemp(dir) || chmod(dir, 0755))
		return -1;
	if (!record)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	m.atime.sec = m.mtime.sec = m.ctime.sec = now.tv_sec;
	if (volfs_record_encode(&m, buf, sizeof(buf)) != VOLFS_RECORD_SIZE)
		return -1;
	return setxattr(dir, VOLFS_XATTR_NAME, buf, sizeof(buf), 0);
}

FIXTURE(inotify_tree) {
	int dev;
	int inst;
	char tree[64];
};

/* The same bodies on VolFs and on DrvFs (both over the ext4 backing). */
FIXTURE_VARIANT(inotify_tree) {
	const char *fstype;
	int record;
};

FIXTURE_VARIANT_ADD(inotify_tree, volfs) {
	.fstype = "volfs",
	.record = 1,
};

FIXTURE_VARIANT_ADD(inotify_tree, drvfs) {
	.fstype = "drvfs",
	.record = 0,
};

FIXTURE_SETUP(inotify_tree)
{
	struct lxss_mount m = { .size = sizeof(m), .mode = 0755 };
	int fd;

	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "inotify-host-tree");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, fresh_tree(self->tree, sizeof(self->tree), variant->record));
	fd = open(self->tree, O_PATH | O_DIRECTORY);
	ASSERT_LE(0, fd);
	strcpy(m.fstype, variant->fstype);
	strcpy(m.target, "/");
	m.source_fd = fd;
	ASSERT_EQ(0, ioctl(self->inst, LXSS_IOC_MOUNT, &m)) TH_LOG("mount: %s", strerror(errno));
	close(fd);
}

FIXTURE_TEARDOWN(inotify_tree)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F(inotify_tree, a_directory_watch_sees_the_same_events)
{
	DIFF(.body = basic_events, .expect_out = basic_out());
}

TEST_F(inotify_tree, files_there_before_the_watch)
{
	DIFF(.body = before_watch, .expect_out = BEFORE_OUT);
}

TEST_F(inotify_tree, oneshot_and_mask_add)
{
	DIFF(.body = masks, .expect_out = MASKS_OUT);
}

TEST_HARNESS_MAIN
