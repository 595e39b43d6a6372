// SPDX-License-Identifier: GPL-2.0
/*
 * inotify on DrvFs: the changes host processes make in the host directory
 * under a DrvFs reach a pico process's watches. The test process (native)
 * watches the host directory with Linux's inotify and makes the changes;
 * a pico process watches the same directory through a DrvFs mounted at
 * the instance's root; both print the events they read (masks, names,
 * wds, cookies as "same"/"new") and the texts must be equal, and equal to
 * what Linux reports. Also: a pico process's own changes reported once, a
 * watch on a file to its IN_DELETE_SELF and IN_IGNORED, watches removed
 * and fds closed while host changes flow, an instance terminated with
 * watches live, and the instance's objects back to base.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "lxbacking.h"

static long sys3(long nr, long a, long b, long c)
{
	return lxt_syscall6(nr, a, b, c, 0, 0, 0);
}

/* ---- events as text (no libc call that makes a syscall: pico side too) ---- */

struct text {
	char b[32768];
	size_t n;
	unsigned int last_cookie;
};

static void put(struct text *t, const char *s)
{
	size_t len = strlen(s);

	if (t->n + len >= sizeof(t->b))
		len = sizeof(t->b) - 1 - t->n;
	memcpy(t->b + t->n, s, len);
	t->n += len;
	t->b[t->n] = '\0';
}

static void put_num(struct text *t, long v)
{
	char d[24], *p = d + sizeof(d) - 1;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	*p = '\0';
	do {
		*--p = '0' + u % 10;
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	put(t, p);
}

static void say(struct text *t, const char *tag, long v)
{
	put(t, tag);
	put(t, "=");
	put_num(t, v);
	put(t, "\n");
}

static const struct { unsigned int bit; const char *name; } in_bits[] = {
	{ IN_ACCESS, "ACCESS" }, { IN_MODIFY, "MODIFY" }, { IN_ATTRIB, "ATTRIB" },
	{ IN_CLOSE_WRITE, "CLOSE_WRITE" }, { IN_CLOSE_NOWRITE, "CLOSE_NOWRITE" },
	{ IN_OPEN, "OPEN" }, { IN_MOVED_FROM, "MOVED_FROM" }, { IN_MOVED_TO, "MOVED_TO" },
	{ IN_CREATE, "CREATE" }, { IN_DELETE, "DELETE" }, { IN_DELETE_SELF, "DELETE_SELF" },
	{ IN_MOVE_SELF, "MOVE_SELF" }, { IN_UNMOUNT, "UNMOUNT" }, { IN_Q_OVERFLOW, "Q_OVERFLOW" },
	{ IN_IGNORED, "IGNORED" }, { IN_ISDIR, "ISDIR" },
};

static void put_event(struct text *t, const struct inotify_event *ev)
{
	unsigned int i, first = 1;

	put(t, "ev wd=");
	put_num(t, ev->wd);
	put(t, " ");
	for (i = 0; i < sizeof(in_bits) / sizeof(in_bits[0]); i++) {
		if (!(ev->mask & in_bits[i].bit))
			continue;
		if (!first)
			put(t, "|");
		put(t, in_bits[i].name);
		first = 0;
	}
	if (ev->len) {
		put(t, " name=");
		put(t, ev->name);
	}
	if (ev->cookie) {
		put(t, ev->cookie == t->last_cookie ? " cookie=same" : " cookie=new");
		t->last_cookie = ev->cookie;
	}
	put(t, "\n");
}

static char evbuf[65536] __attribute__((aligned(8)));

/* Read a nonblocking inotify fd dry; the events, then "read=-11". */
static void drain(struct text *t, long in)
{
	long n, off;

	for (;;) {
		n = sys3(SYS_read, in, (long)evbuf, sizeof(evbuf));
		if (n <= 0) {
			say(t, "read", n);
			return;
		}
		for (off = 0; off < n;) {
			const struct inotify_event *ev = (const void *)(evbuf + off);

			put_event(t, ev);
			off += sizeof(*ev) + ev->len;
		}
	}
}

/* Read dry, counting: "events=N" and the last event. */
static void count_events(struct text *t, long in)
{
	const struct inotify_event *ev = NULL;
	long n, off, count = 0;

	for (;;) {
		n = sys3(SYS_read, in, (long)evbuf, sizeof(evbuf));
		if (n <= 0)
			break;
		for (off = 0; off < n; count++) {
			ev = (const void *)(evbuf + off);
			off += sizeof(*ev) + ev->len;
		}
	}
	say(t, "events", count);
	if (ev) {
		t->last_cookie = 0;
		put(t, "last ");
		put_event(t, ev);
	}
}

/* ---- the commands both sides run: the pico's paths are @root's ---- */

static long in_fd = -1;
static long held_fd = -1;

#define ADD(p, m) sys3(SYS_inotify_add_watch, in_fd, (long)(p), (m))

static void path_of(char *buf, size_t len, const char *root, const char *name)
{
	snprintf(buf, len, "%s/%s", root, name);
}

/*
 * One command: 'i' init, 'w' watch d, 'f' watch d/w, 'd' drain, 'r' rm_watch
 * of wd 1, 'x' close the fd, 'p' the pico's own changes, 'o' open d/o for
 * writing, write, and exit without closing, 'l' watches added, read,
 * removed and closed in a loop, 'h' open d/w and hold it, 'c' close it,
 * 'O' a one-shot watch of d's creates, 'k' write d/k (made by the host).
 */
static void command(struct text *t, const char *root, char c)
{
	char p1[128], p2[128];
	long fd, in2, wd, i;

	switch (c) {
	case 'i':
		in_fd = sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0);
		say(t, "init", in_fd >= 0);
		break;
	case 'w':
		path_of(p1, sizeof(p1), root, "d");
		say(t, "wd", ADD(p1, IN_ALL_EVENTS));
		break;
	case 'O':
		path_of(p1, sizeof(p1), root, "d");
		say(t, "wd", ADD(p1, IN_CREATE | IN_ONESHOT));
		break;
	case 'f':
		path_of(p1, sizeof(p1), root, "d/w");
		say(t, "wf", ADD(p1, IN_ALL_EVENTS));
		break;
	case 'd':
		drain(t, in_fd);
		break;
	case 'r':
		say(t, "rm", sys3(SYS_inotify_rm_watch, in_fd, 1, 0));
		break;
	case 'n':
		count_events(t, in_fd);
		break;
	case 'x':
		say(t, "close", sys3(SYS_close, in_fd, 0, 0));
		break;
	case 'p':
		path_of(p1, sizeof(p1), root, "d/p");
		path_of(p2, sizeof(p2), root, "d/q");
		fd = sys3(SYS_open, (long)p1, O_CREAT | O_WRONLY, 0644);
		say(t, "write", sys3(SYS_write, fd, (long)"abc", 3));
		say(t, "close", sys3(SYS_close, fd, 0, 0));
		say(t, "chmod", sys3(SYS_chmod, (long)p1, 0600, 0));
		say(t, "rename", sys3(SYS_rename, (long)p1, (long)p2, 0));
		say(t, "unlink", sys3(SYS_unlink, (long)p2, 0, 0));
		path_of(p1, sizeof(p1), root, "d/s");
		say(t, "mkdir", sys3(SYS_mkdir, (long)p1, 0755, 0));
		say(t, "rmdir", sys3(SYS_rmdir, (long)p1, 0, 0));
		break;
	case 'o':
		path_of(p1, sizeof(p1), root, "d/o");
		fd = sys3(SYS_open, (long)p1, O_CREAT | O_WRONLY, 0644);
		say(t, "write", sys3(SYS_write, fd, (long)"abc", 3));
		sys3(SYS_write, 1, (long)t->b, t->n);
		lxt_raw_exit(0);	/* the fd closes with the process */
	case 'k':
		path_of(p1, sizeof(p1), root, "d/k");
		fd = sys3(SYS_open, (long)p1, O_WRONLY, 0);
		say(t, "write", sys3(SYS_write, fd, (long)"abc", 3));
		say(t, "close", sys3(SYS_close, fd, 0, 0));
		break;
	case 'h':
		path_of(p1, sizeof(p1), root, "d/w");
		held_fd = sys3(SYS_open, (long)p1, O_RDONLY, 0);
		say(t, "hold", held_fd >= 0);
		break;
	case 'c':
		say(t, "close", sys3(SYS_close, held_fd, 0, 0));
		break;
	case 'l':
		path_of(p1, sizeof(p1), root, "d");
		for (i = 0; i < 200; i++) {
			in2 = sys3(SYS_inotify_init1, IN_NONBLOCK, 0, 0);
			if (in2 < 0)
				break;
			wd = sys3(SYS_inotify_add_watch, in2, (long)p1, IN_ALL_EVENTS);
			sys3(SYS_read, in2, (long)evbuf, sizeof(evbuf));
			if (i % 2 == 0 && wd > 0)
				sys3(SYS_inotify_rm_watch, in2, wd, 0);
			sys3(SYS_read, in2, (long)evbuf, sizeof(evbuf));
			sys3(SYS_close, in2, 0, 0);
		}
		say(t, "loop", i);
		break;
	}
}

/* The pico process: commands from fd 0, each answered on fd 1, ending "end". */
static void pico_main(void)
{
	static struct text t;
	char c;

	for (;;) {
		if (sys3(SYS_read, 0, (long)&c, 1) != 1 || c == 'q')
			lxt_raw_exit(0);
		t.n = 0;
		t.b[0] = '\0';
		command(&t, "", c);
		put(&t, "end\n");
		sys3(SYS_write, 1, (long)t.b, t.n);
	}
}

struct pico {
	pid_t pid;
	int cmd;
	int out;
};

static int pico_start(int inst, struct pico *p)
{
	int c[2], o[2];

	if (pipe2(c, O_CLOEXEC) || pipe2(o, O_CLOEXEC))
		return -1;
	p->pid = fork();
	if (p->pid < 0)
		return -1;
	if (p->pid == 0) {
		dup2(c[0], 0);
		dup2(o[1], 1);
		if (lxt_enter(inst))
			_exit(120);
		pico_main();
	}
	close(c[0]);
	close(o[1]);
	p->cmd = c[1];
	p->out = o[0];
	return 0;
}

/* Send @c; its answer into @t (without the "end" line). 0 or -1. */
static int pico_do(struct pico *p, char c, struct text *t)
{
	struct pollfd pfd = { .fd = p->out, .events = POLLIN };
	ssize_t n;

	t->n = 0;
	t->b[0] = '\0';
	if (write(p->cmd, &c, 1) != 1)
		return -1;
	for (;;) {
		if (t->n >= 4 && !strcmp(t->b + t->n - 4, "end\n")) {
			t->n -= 4;
			t->b[t->n] = '\0';
			return 0;
		}
		if (poll(&pfd, 1, 30000) != 1)
			return -1;
		n = read(p->out, t->b + t->n, sizeof(t->b) - 1 - t->n);
		if (n <= 0)
			return -1;
		t->n += n;
		t->b[t->n] = '\0';
	}
}

static int pico_end(struct pico *p)
{
	int status = -1;

	if (write(p->cmd, "q", 1) != 1)
		kill(p->pid, SIGKILL);
	close(p->cmd);
	close(p->out);
	waitpid(p->pid, &status, 0);
	return status;
}

/* The same command natively, on the host directory. */
static void native_do(const char *tree, char c, struct text *t)
{
	t->n = 0;
	t->b[0] = '\0';
	command(t, tree, c);
}

/* ---- host-side changes ---- */

static int at(const char *tree, const char *name, char *buf)
{
	snprintf(buf, 256, "%s/%s", tree, name);
	return 0;
}

static void host_changes(const char *tree)
{
	char a[256], b[256];
	int fd;

	at(tree, "d/f", a);
	fd = open(a, O_CREAT | O_WRONLY, 0644);
	if (fd >= 0) {
		if (write(fd, "abc", 3) != 3)
			perror("write");
		close(fd);
	}
	chmod(a, 0600);
	at(tree, "d/g", b);
	rename(a, b);
	at(tree, "d/sub", a);
	mkdir(a, 0755);
	at(tree, "d/sub/g", a);
	rename(b, a);
	unlink(a);
	at(tree, "d/sub", a);
	rmdir(a);
	at(tree, "d/h", a);
	fd = open(a, O_CREAT | O_RDONLY, 0644);
	close(fd);
	truncate(a, 5);
	unlink(a);
}

#define HOST_OUT \
	"ev wd=1 CREATE name=f\n" \
	"ev wd=1 OPEN name=f\n" \
	"ev wd=1 MODIFY name=f\n" \
	"ev wd=1 CLOSE_WRITE name=f\n" \
	"ev wd=1 ATTRIB name=f\n" \
	"ev wd=1 MOVED_FROM name=f cookie=new\n" \
	"ev wd=1 MOVED_TO name=g cookie=same\n" \
	"ev wd=1 CREATE|ISDIR name=sub\n" \
	"ev wd=1 MOVED_FROM name=g cookie=new\n" \
	"ev wd=1 DELETE|ISDIR name=sub\n" \
	"ev wd=1 CREATE name=h\n" \
	"ev wd=1 OPEN name=h\n" \
	"ev wd=1 CLOSE_NOWRITE name=h\n" \
	"ev wd=1 MODIFY name=h\n" \
	"ev wd=1 DELETE name=h\n" \
	"read=-11\n"

#define FILE_OUT \
	"ev wd=1 OPEN name=w\n" \
	"ev wd=2 OPEN\n" \
	"ev wd=1 MODIFY name=w\n" \
	"ev wd=2 MODIFY\n" \
	"ev wd=1 CLOSE_WRITE name=w\n" \
	"ev wd=2 CLOSE_WRITE\n" \
	"ev wd=1 ATTRIB name=w\n" \
	"ev wd=2 ATTRIB\n" \
	"ev wd=2 DELETE_SELF\n" \
	"ev wd=2 IGNORED\n" \
	"ev wd=1 DELETE name=w\n" \
	"read=-11\n"

#define PICO_OUT \
	"ev wd=1 CREATE name=p\n" \
	"ev wd=1 OPEN name=p\n" \
	"ev wd=1 MODIFY name=p\n" \
	"ev wd=1 CLOSE_WRITE name=p\n" \
	"ev wd=1 ATTRIB name=p\n" \
	"ev wd=1 MOVED_FROM name=p cookie=new\n" \
	"ev wd=1 MOVED_TO name=q cookie=same\n" \
	"ev wd=1 DELETE name=q\n" \
	"ev wd=1 CREATE|ISDIR name=s\n" \
	"ev wd=1 DELETE|ISDIR name=s\n" \
	"read=-11\n"

FIXTURE(host) {
	int dev;
	int inst;
	uint64_t base;
	char tree[64];
	struct text nat, pic;
};

FIXTURE_SETUP(host)
{
	struct lxss_mount m = { .size = sizeof(m), .mode = 0755 };
	struct lxss_global g;
	char d[128];
	int fd;

	self->dev = -1;
	self->inst = -1;
	in_fd = -1;
	signal(SIGPIPE, SIG_IGN);	/* a pico process that exited */
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	snprintf(self->tree, sizeof(self->tree), BACKING "/inh.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->tree));
	ASSERT_EQ(0, chmod(self->tree, 0755));
	snprintf(d, sizeof(d), "%s/d", self->tree);
	ASSERT_EQ(0, mkdir(d, 0755));
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, lxt_global(self->dev, &g));
	self->base = g.live_objects;
	self->inst = lxt_create(self->dev, "inotify-host");
	ASSERT_LE(0, self->inst);
	fd = open(self->tree, O_PATH | O_DIRECTORY);
	ASSERT_LE(0, fd);
	strcpy(m.fstype, "drvfs");
	strcpy(m.target, "/");
	m.source_fd = fd;
	ASSERT_EQ(0, ioctl(self->inst, LXSS_IOC_MOUNT, &m)) TH_LOG("mount: %s", strerror(errno));
	close(fd);
}

FIXTURE_TEARDOWN(host)
{
	if (in_fd >= 0)
		close(in_fd);
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
	sh("rm -rf %s", self->tree);
}

/*
 * Both sides run @c; their answers must be equal (and @want, if given).
 * The pico side first: its add_watch reads the directory (LxVfs's entry
 * names), which a native watch would see as ACCESS and CLOSE_NOWRITE.
 */
#define BOTH(c, want) do {							\
	ASSERT_EQ(0, pico_do(&p, (c), &self->pic)) TH_LOG("pico command %c", (c)); \
	native_do(self->tree, (c), &self->nat);				\
	EXPECT_STREQ(self->nat.b, self->pic.b);				\
	if ((want) != NULL)						\
		EXPECT_STREQ((const char *)(want), self->nat.b);		\
} while (0)

/* The instance's objects back to base once it is closed. */
static int objects_back(int dev, int *inst, uint64_t base)
{
	struct lxss_global g;
	int i;

	close(*inst);
	*inst = -1;
	for (i = 0; i < 500; i++) {
		if (lxt_global(dev, &g))
			return -1;
		if (g.live_objects == base)
			return 0;
		usleep(10000);
	}
	fprintf(stderr, "# live objects %llu, base %llu\n",
		(unsigned long long)g.live_objects, (unsigned long long)base);
	return -1;
}

TEST_F(host, host_changes_reach_a_directory_watch)
{
	struct pico p;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	ASSERT_EQ(0, pico_start(self->inst, &p));
	BOTH('i', "init=1\n");
	BOTH('w', "wd=1\n");
	host_changes(self->tree);
	BOTH('d', HOST_OUT);
	/* Again: the host's new entries are known by name now. */
	host_changes(self->tree);
	BOTH('d', HOST_OUT);
	EXPECT_EQ(0, pico_end(&p));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

TEST_F(host, a_watch_on_a_file_ends_with_delete_self_and_ignored)
{
	char w[256];
	struct pico p;
	int fd;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	at(self->tree, "d/w", w);
	fd = open(w, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, pico_start(self->inst, &p));
	BOTH('i', "init=1\n");
	BOTH('w', "wd=1\n");
	BOTH('f', "wf=2\n");
	fd = open(w, O_WRONLY);
	ASSERT_EQ(1, write(fd, "x", 1));
	close(fd);
	ASSERT_EQ(0, chmod(w, 0600));
	ASSERT_EQ(0, unlink(w));
	BOTH('d', FILE_OUT);
	/* The file's watch is gone; rm_watch of the directory's: IGNORED. */
	BOTH('r', "rm=0\n");
	BOTH('d', "ev wd=1 IGNORED\nread=-11\n");
	EXPECT_EQ(0, pico_end(&p));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

TEST_F(host, a_pico_process_own_changes_are_reported_once)
{
	struct pico p, o;
	char k[256];
	int fd;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	ASSERT_EQ(0, pico_start(self->inst, &p));
	BOTH('i', "init=1\n");
	BOTH('w', "wd=1\n");
	ASSERT_EQ(0, pico_do(&p, 'p', &self->pic));
	EXPECT_STREQ("write=3\nclose=0\nchmod=0\nrename=0\nunlink=0\nmkdir=0\nrmdir=0\n",
		     self->pic.b);
	/* The pico's watch reports them once; a native watch sees them too. */
	ASSERT_EQ(0, pico_do(&p, 'd', &self->pic));
	EXPECT_STREQ(PICO_OUT, self->pic.b);
	native_do(self->tree, 'd', &self->nat);
	TH_LOG("native watch of the pico's changes:\n%s", self->nat.b);
	/* A file a pico process leaves open closes with it: one CLOSE_WRITE. */
	ASSERT_EQ(0, pico_start(self->inst, &o));
	EXPECT_NE(0, pico_do(&o, 'o', &self->pic));	/* exits, no "end" */
	EXPECT_STREQ("write=3\n", self->pic.b);
	pico_end(&o);
	ASSERT_EQ(0, pico_do(&p, 'd', &self->pic));
	EXPECT_STREQ("ev wd=1 CREATE name=o\nev wd=1 OPEN name=o\nev wd=1 MODIFY name=o\n"
		     "ev wd=1 CLOSE_WRITE name=o\nread=-11\n", self->pic.b);
	/* A file the host made after the watch: the pico's writes name it. */
	at(self->tree, "d/k", k);
	fd = open(k, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, pico_do(&p, 'k', &self->pic));
	EXPECT_STREQ("write=3\nclose=0\n", self->pic.b);
	ASSERT_EQ(0, pico_do(&p, 'd', &self->pic));
	EXPECT_STREQ("ev wd=1 CREATE name=k\nev wd=1 OPEN name=k\nev wd=1 CLOSE_WRITE name=k\n"
		     "ev wd=1 OPEN name=k\nev wd=1 MODIFY name=k\nev wd=1 CLOSE_WRITE name=k\n"
		     "read=-11\n", self->pic.b);
	EXPECT_EQ(0, pico_end(&p));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

/*
 * The host removes a file a pico process holds open: its watch hears the
 * DELETE_SELF at that process's last close (as Linux's at the last close
 * of the file), then IGNORED.
 */
TEST_F(host, a_file_removed_by_the_host_while_a_pico_process_holds_it)
{
	struct pico p, h;
	char w[256];
	int fd;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	at(self->tree, "d/w", w);
	fd = open(w, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, pico_start(self->inst, &p));
	ASSERT_EQ(0, pico_start(self->inst, &h));
	ASSERT_EQ(0, pico_do(&p, 'i', &self->pic));
	ASSERT_EQ(0, pico_do(&p, 'f', &self->pic));
	EXPECT_STREQ("wf=1\n", self->pic.b);
	ASSERT_EQ(0, pico_do(&h, 'h', &self->pic));
	EXPECT_STREQ("hold=1\n", self->pic.b);
	ASSERT_EQ(0, unlink(w));
	ASSERT_EQ(0, pico_do(&p, 'd', &self->pic));
	EXPECT_STREQ("ev wd=1 OPEN\nev wd=1 ATTRIB\nread=-11\n", self->pic.b);
	ASSERT_EQ(0, pico_do(&h, 'c', &self->pic));
	EXPECT_STREQ("close=0\n", self->pic.b);
	ASSERT_EQ(0, pico_do(&p, 'd', &self->pic));
	EXPECT_STREQ("ev wd=1 CLOSE_NOWRITE\nev wd=1 DELETE_SELF\nev wd=1 IGNORED\nread=-11\n",
		     self->pic.b);
	EXPECT_EQ(0, pico_end(&h));
	EXPECT_EQ(0, pico_end(&p));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

/* IN_ONESHOT: the watch (and its host mark) goes in the host's operation. */
TEST_F(host, a_oneshot_watch_ends_at_the_first_host_event)
{
	char a[256];
	struct pico p;
	int fd;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	ASSERT_EQ(0, pico_start(self->inst, &p));
	BOTH('i', "init=1\n");
	BOTH('O', "wd=1\n");
	at(self->tree, "d/one", a);
	fd = open(a, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, unlink(a));
	BOTH('d', "ev wd=1 CREATE name=one\nev wd=1 IGNORED\nread=-11\n");
	BOTH('O', "wd=2\n");
	host_changes(self->tree);
	BOTH('d', "ev wd=2 CREATE name=f\nev wd=2 IGNORED\nread=-11\n");
	EXPECT_EQ(0, pico_end(&p));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

/* 16,400 host events: both queues end in one IN_Q_OVERFLOW. */
TEST_F(host, a_flood_of_host_events_ends_with_one_overflow)
{
	char a[256], b[256];
	struct pico p;
	int i, fd;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	at(self->tree, "d/a", a);
	at(self->tree, "d/b", b);
	fd = open(a, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	fd = open(b, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, pico_start(self->inst, &p));
	BOTH('i', "init=1\n");
	BOTH('w', "wd=1\n");
	for (i = 0; i < 16400; i++)	/* alternate: no two in a row merge */
		ASSERT_EQ(0, chmod(i % 2 ? b : a, i % 4 < 2 ? 0600 : 0644));
	BOTH('n', "events=16385\nlast ev wd=-1 Q_OVERFLOW\n");
	host_changes(self->tree);
	BOTH('d', HOST_OUT);
	EXPECT_EQ(0, pico_end(&p));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

/* A native child changing files in d until killed. */
static pid_t churn_start(const char *tree)
{
	char a[256], b[256];
	pid_t pid = fork();
	unsigned int i;
	int fd;

	if (pid)
		return pid;
	/* No reference to the instance or the device. */
	lxt_syscall6(SYS_close_range, 3, ~0U, 0, 0, 0, 0);
	for (i = 0;; i++) {
		snprintf(a, sizeof(a), "%s/d/c%u", tree, i % 8);
		snprintf(b, sizeof(b), "%s/d/r%u", tree, i % 8);
		fd = open(a, O_CREAT | O_WRONLY, 0644);
		if (fd >= 0) {
			if (write(fd, "z", 1) < 0)
				_exit(1);
			close(fd);
		}
		chmod(a, 0600);
		rename(a, b);
		unlink(b);
	}
}

static void churn_stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

TEST_F(host, rm_watch_and_close_while_host_changes_flow)
{
	struct pico p;
	pid_t churn;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	churn = churn_start(self->tree);
	ASSERT_LT(0, churn);
	ASSERT_EQ(0, pico_start(self->inst, &p));
	ASSERT_EQ(0, pico_do(&p, 'l', &self->pic));
	EXPECT_STREQ("loop=200\n", self->pic.b);
	/* A watch with queued events left to the close. */
	ASSERT_EQ(0, pico_do(&p, 'i', &self->pic));
	ASSERT_EQ(0, pico_do(&p, 'w', &self->pic));
	EXPECT_STREQ("wd=1\n", self->pic.b);
	usleep(200000);
	ASSERT_EQ(0, pico_do(&p, 'r', &self->pic));
	EXPECT_STREQ("rm=0\n", self->pic.b);
	ASSERT_EQ(0, pico_do(&p, 'w', &self->pic));
	EXPECT_STREQ("wd=2\n", self->pic.b);
	usleep(200000);
	ASSERT_EQ(0, pico_do(&p, 'x', &self->pic));
	EXPECT_STREQ("close=0\n", self->pic.b);
	churn_stop(churn);
	EXPECT_EQ(0, pico_end(&p));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

TEST_F(host, an_instance_terminated_with_watches_live)
{
	struct pico p;
	pid_t churn;
	char w[256];
	int fd, status;

	if (lxt_native_only())
		SKIP(return, "pico run only");
	at(self->tree, "d/w", w);
	fd = open(w, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, pico_start(self->inst, &p));
	ASSERT_EQ(0, pico_do(&p, 'i', &self->pic));
	ASSERT_EQ(0, pico_do(&p, 'w', &self->pic));
	ASSERT_EQ(0, pico_do(&p, 'f', &self->pic));
	EXPECT_STREQ("wf=2\n", self->pic.b);
	churn = churn_start(self->tree);
	ASSERT_LT(0, churn);
	usleep(300000);
	/* The last instance fd closed: the pico process dies with its watches. */
	close(self->inst);
	self->inst = -1;
	ASSERT_EQ(p.pid, waitpid(p.pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	close(p.cmd);
	close(p.out);
	usleep(300000);		/* host changes go on past the marks */
	churn_stop(churn);
	EXPECT_EQ(0, unlink(w));
	EXPECT_EQ(0, objects_back(self->dev, &self->inst, self->base));
}

TEST_HARNESS_MAIN
