// SPDX-License-Identifier: GPL-2.0
/*
 * devfs, procfs and sysfs as a pico process sees them: an instance with a
 * tmpfs root and /dev, /proc, /sys mounted. Where the host's own files give
 * deterministic answers (the memory devices, /sys's CPU lists) the bodies
 * run natively too and must agree; the rest checks procfs against what the
 * process learns from its own system calls.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define S(nr, ...) lxt_syscall6(nr, __VA_ARGS__)
static long sys0(long nr, long a, long b, long c) { return lxt_syscall6(nr, a, b, c, 0, 0, 0); }
#define OPEN(p, f, m) sys0(SYS_open, (long)(p), (f), (m))

static void make_mount_points(void *arg)
{
	lxt_say("dev", sys0(SYS_mkdir, (long)"/dev", 0755, 0));
	lxt_say("proc", sys0(SYS_mkdir, (long)"/proc", 0555, 0));
	lxt_say("sys", sys0(SYS_mkdir, (long)"/sys", 0555, 0));
}

FIXTURE(pseudo) {
	int dev;
	int inst;
};

FIXTURE_SETUP(pseudo)
{
	static const struct lxt_case mk = { .body = make_mount_points };
	static struct lxt_result r;

	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "pseudo");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 0755)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, lxt_run_case(self->inst, &mk, &r));
	ASSERT_STREQ("dev=0\nproc=0\nsys=0\n", r.out);
	ASSERT_EQ(0, lxt_mount(self->inst, "devfs", "/dev", 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, lxt_mount(self->inst, "proc", "/proc", 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, lxt_mount(self->inst, "sysfs", "/sys", 0)) TH_LOG("%s", strerror(errno));
}

FIXTURE_TEARDOWN(pseudo)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

/* Run a pico-only body; its fd 1 in @r. */
static int pico_run(int inst, void (*body)(void *), void (*setup)(void *),
		    struct lxt_result *r)
{
	struct lxt_case c = { .body = body, .setup = setup };

	return lxt_run_case(inst, &c, r);
}

static void say_stat(const char *tag, const char *path)
{
	struct stat st;
	long r = sys0(SYS_stat, (long)path, (long)&st, 0);
	char buf[160];

	if (r) {
		lxt_say(tag, r);
		return;
	}
	snprintf(buf, sizeof(buf), "%s=mode %o rdev %u:%u", tag, st.st_mode,
		 major(st.st_rdev), minor(st.st_rdev));
	lxt_say_text(buf);
}

/* Read all of @path into @buf (NUL-terminated); the length or -errno. */
static long slurp(const char *path, char *buf, long size)
{
	long fd = OPEN(path, O_RDONLY, 0), n, got = 0;

	if (fd < 0)
		return fd;
	while (got < size - 1 && (n = lxt_read(fd, buf + got, size - 1 - got)) > 0)
		got += n;
	lxt_close(fd);
	buf[got] = 0;
	return got;
}

/* ---- devfs ------------------------------------------------------------------ */

static void memory_devices(void *arg)
{
	char buf[16];
	long fd;

	memset(buf, 'x', sizeof(buf));
	fd = OPEN("/dev/null", O_RDWR, 0);
	lxt_say("null-open", fd);
	lxt_say("null-read", lxt_read(fd, buf, sizeof(buf)));
	lxt_say("null-write", lxt_write(fd, "hello", 5));
	lxt_close(fd);
	fd = OPEN("/dev/zero", O_RDWR, 0);
	lxt_say_data("zero-read", buf, lxt_read(fd, buf, 8));
	lxt_say("zero-write", lxt_write(fd, "hello", 5));
	lxt_close(fd);
	fd = OPEN("/dev/full", O_RDWR, 0);
	memset(buf, 'x', sizeof(buf));
	lxt_say_data("full-read", buf, lxt_read(fd, buf, 4));
	lxt_say("full-write", lxt_write(fd, "hello", 5));
	lxt_close(fd);
	fd = OPEN("/dev/urandom", O_RDONLY, 0);
	lxt_say("urandom-read", lxt_read(fd, buf, sizeof(buf)));
	lxt_close(fd);
	fd = OPEN("/dev/random", O_RDWR, 0);
	lxt_say("random-read", lxt_read(fd, buf, sizeof(buf)));
	lxt_say("random-write", lxt_write(fd, "seed", 4));
	lxt_close(fd);
	say_stat("null", "/dev/null");
	say_stat("zero", "/dev/zero");
	say_stat("full", "/dev/full");
	say_stat("random", "/dev/random");
	say_stat("urandom", "/dev/urandom");
	say_stat("tty", "/dev/tty");
}

TEST_F(pseudo, memory_devices_read_write_and_stat_as_on_linux)
{
	static const struct lxt_case c = {
		.body = memory_devices,
		.expect_out = "null-open=3\nnull-read=0\nnull-write=5\n"
			      "zero-read=8 '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'\nzero-write=5\n"
			      "full-read=4 '\\x00\\x00\\x00\\x00'\nfull-write=-ENOSPC\n"
			      "urandom-read=16\nrandom-read=16\nrandom-write=4\n"
			      "null=mode 20666 rdev 1:3\nzero=mode 20666 rdev 1:5\n"
			      "full=mode 20666 rdev 1:7\nrandom=mode 20666 rdev 1:8\n"
			      "urandom=mode 20666 rdev 1:9\ntty=mode 20666 rdev 5:0\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

static void dev_links_and_tty(void *arg)
{
	char buf[64];
	long n;

	n = sys0(SYS_readlink, (long)"/dev/stdin", (long)buf, sizeof(buf));
	lxt_say_data("stdin", buf, n);
	n = sys0(SYS_readlink, (long)"/dev/fd", (long)buf, sizeof(buf));
	lxt_say_data("fd", buf, n);
	say_stat("null-mode", "/dev/null");
	/* fd 0 is a pipe: no controlling terminal. */
	lxt_say("tty", OPEN("/dev/tty", O_RDWR, 0));
	/* lxtest.h has no name for EROFS: compare here. */
	lxt_say("mkdir-erofs", sys0(SYS_mkdir, (long)"/dev/x", 0755, 0) == -EROFS);
	lxt_say("creat-erofs", sys0(SYS_creat, (long)"/dev/y", 0644, 0) == -EROFS);
	lxt_say("unlink-erofs", sys0(SYS_unlink, (long)"/dev/null", 0, 0) == -EROFS);
}

TEST_F(pseudo, dev_links_point_at_proc_and_the_tree_is_read_only)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, dev_links_and_tty, NULL, &r));
	EXPECT_STREQ("stdin=15 '/proc/self/fd/0'\nfd=13 '/proc/self/fd'\n"
		     "null-mode=mode 20666 rdev 1:3\ntty=-ENXIO\n"
		     "mkdir-erofs=1\ncreat-erofs=1\nunlink-erofs=1\n", r.out);
}

static void mknod_null(void *arg)
{
	char buf[8];
	long fd;

	lxt_say("mknod", sys0(SYS_mknod, (long)"/mynull", S_IFCHR | 0666, makedev(1, 3)));
	fd = OPEN("/mynull", O_RDWR, 0);
	lxt_say("open", fd);
	lxt_say("read", lxt_read(fd, buf, sizeof(buf)));
	lxt_say("write", lxt_write(fd, "abc", 3));
	lxt_close(fd);
	lxt_say("mknod-unknown", sys0(SYS_mknod, (long)"/odd", S_IFCHR | 0666, makedev(42, 42)));
	lxt_say("open-unknown", OPEN("/odd", O_RDONLY, 0));
}

TEST_F(pseudo, a_char_device_mknod_on_tmpfs_opens_the_same_device)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, mknod_null, NULL, &r));
	EXPECT_STREQ("mknod=0\nopen=3\nread=0\nwrite=3\nmknod-unknown=0\n"
		     "open-unknown=-ENXIO\n", r.out);
}

/* ---- procfs ------------------------------------------------------------------ */

static void proc_self(void *arg)
{
	char buf[64], want[32];
	long n, pid = lxt_syscall0(SYS_getpid);

	n = sys0(SYS_readlink, (long)"/proc/self", (long)buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof(want), "%ld", pid);
	lxt_say("self-is-pid", n > 0 && !strcmp(buf, want));
	snprintf(want, sizeof(want), "/proc/%ld", pid);
	lxt_say("stat-pid-dir", sys0(SYS_stat, (long)want, (long)buf, 0) == 0 ? 0 : -1);
	lxt_say("host-pid-1", OPEN("/proc/1/status", O_RDONLY, 0));
	lxt_say("pid-0", OPEN("/proc/0/status", O_RDONLY, 0));
	lxt_say("not-a-pid", OPEN("/proc/abc", O_RDONLY, 0));
	lxt_say("write-uptime", OPEN("/proc/uptime", O_WRONLY, 0));
}

TEST_F(pseudo, proc_self_names_the_caller_and_no_host_pid_exists)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_self, NULL, &r));
	EXPECT_STREQ("self-is-pid=1\nstat-pid-dir=0\nhost-pid-1=-ENOENT\npid-0=-ENOENT\n"
		     "not-a-pid=-ENOENT\nwrite-uptime=-EACCES\n", r.out);
}

/* /proc lists exactly the instance's processes: this one and its child. */
static void proc_list(void *arg)
{
	char buf[4096], mine[32], kid[32];
	long fd, n, off, pid = lxt_syscall0(SYS_getpid), child;
	int pids = 0, me = 0, it = 0, others = 0, p[2];

	lxt_pipe(p);
	child = lxt_fork();
	if (child == 0) {
		lxt_read(p[0], buf, 1);	/* until the parent has looked */
		lxt_raw_exit(0);
	}
	snprintf(mine, sizeof(mine), "%ld", pid);
	snprintf(kid, sizeof(kid), "%ld", child);
	fd = OPEN("/proc", O_RDONLY | O_DIRECTORY, 0);
	while ((n = S(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0, 0)) > 0) {
		for (off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			off += d->d_reclen;
			if (d->d_name[0] < '0' || d->d_name[0] > '9')
				continue;
			pids++;
			if (!strcmp(d->d_name, mine))
				me++;
			else if (!strcmp(d->d_name, kid))
				it++;
			else
				others++;
		}
	}
	lxt_close(fd);
	lxt_write(p[1], "x", 1);
	lxt_wait(child);
	lxt_say("pids", pids);
	lxt_say("me", me);
	lxt_say("child", it);
	lxt_say("others", others);
}

TEST_F(pseudo, proc_lists_only_the_instances_processes)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_list, NULL, &r));
	EXPECT_STREQ("pids=2\nme=1\nchild=1\nothers=0\n", r.out);
}

/* The value of "@key:\t" in @text, as a number. */
static long field(const char *text, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), "\n%s:\t", key);
	p = strstr(text, pat);
	if (!p && !strncmp(text, pat + 1, strlen(pat + 1)))
		p = text - 1;
	return p ? strtol(p + strlen(pat), NULL, 10) : -999;
}

static void proc_status(void *arg)
{
	char buf[2048], *line2;
	long pid = lxt_syscall0(SYS_getpid), ppid = lxt_syscall0(SYS_getppid);
	long n = slurp("/proc/self/status", buf, sizeof(buf));

	lxt_say("read", n > 0);
	line2 = strchr(buf, '\n');
	lxt_say("name-first", !strncmp(buf, "Name:\tpseudofs_test\n", 20));
	lxt_say("state-second", line2 && !strncmp(line2 + 1, "State:\tR (running)\n", 19));
	lxt_say("tgid", field(buf, "Tgid") == pid);
	lxt_say("pid", field(buf, "Pid") == pid);
	lxt_say("ppid", field(buf, "PPid") == ppid);
	n = slurp("/proc/self/stat", buf, sizeof(buf));
	lxt_say("stat-pid", strtol(buf, NULL, 10) == pid);
	lxt_say("stat-comm", !!strstr(buf, " (pseudofs_test) R "));
	n = slurp("/proc/self/comm", buf, sizeof(buf));
	lxt_say_data("comm", buf, n);
}

TEST_F(pseudo, proc_status_stat_and_comm_agree_with_getpid_and_getppid)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_status, NULL, &r));
	EXPECT_STREQ("read=1\nname-first=1\nstate-second=1\ntgid=1\npid=1\nppid=1\n"
		     "stat-pid=1\nstat-comm=1\ncomm=14 'pseudofs_test\\x0a'\n", r.out);
}

/* The host's view of this process's argv and environment, taken before entering. */
static char host_cmdline[4096], host_environ[16384];
static long host_cmdline_len, host_environ_len;

static void read_host_self(void *arg)
{
	int fd = open("/proc/self/cmdline", O_RDONLY);

	host_cmdline_len = read(fd, host_cmdline, sizeof(host_cmdline));
	close(fd);
	fd = open("/proc/self/environ", O_RDONLY);
	host_environ_len = read(fd, host_environ, sizeof(host_environ));
	close(fd);
}

static void proc_cmdline(void *arg)
{
	static char buf[16384];
	long n = slurp("/proc/self/cmdline", buf, sizeof(buf));

	lxt_say("cmdline-same", n > 0 && n == host_cmdline_len && !memcmp(buf, host_cmdline, n));
	n = slurp("/proc/self/environ", buf, sizeof(buf));
	lxt_say("environ-same", n == host_environ_len && !memcmp(buf, host_environ, n));
	lxt_say("cwd", sys0(SYS_readlink, (long)"/proc/self/cwd", (long)buf, sizeof(buf)));
	lxt_say("cwd-is-root", buf[0] == '/');
	lxt_say("chdir", sys0(SYS_chdir, (long)"/proc/sys", 0, 0));
	n = sys0(SYS_readlink, (long)"/proc/self/cwd", (long)buf, sizeof(buf));
	lxt_say_data("cwd-after", buf, n);
	n = sys0(SYS_getcwd, (long)buf, sizeof(buf), 0);
	lxt_say_data("getcwd", buf, n > 0 ? n - 1 : n);
}

TEST_F(pseudo, proc_cmdline_environ_and_cwd_are_the_processs_own)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_cmdline, read_host_self, &r));
	EXPECT_STREQ("cmdline-same=1\nenviron-same=1\ncwd=1\ncwd-is-root=1\nchdir=0\n"
		     "cwd-after=9 '/proc/sys'\ngetcwd=9 '/proc/sys'\n", r.out);
}

static void proc_system(void *arg)
{
	char buf[4096];
	struct utsname u;
	double a, b, c, up, idle;
	int run, total, last;
	long n;

	n = slurp("/proc/uptime", buf, sizeof(buf));
	lxt_say("uptime", n > 0 && sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0);
	n = slurp("/proc/loadavg", buf, sizeof(buf));
	lxt_say("loadavg", sscanf(buf, "%lf %lf %lf %d/%d %d", &a, &b, &c, &run, &total,
				  &last) == 6 && run >= 1 && total >= 1);
	lxt_say("uname", sys0(SYS_uname, (long)&u, 0, 0));
	n = slurp("/proc/sys/kernel/osrelease", buf, sizeof(buf));
	lxt_say("osrelease", n > 0 && buf[n - 1] == '\n' && !strncmp(buf, u.release, n - 1) &&
			     (size_t)n - 1 == strlen(u.release));
	n = slurp("/proc/sys/kernel/hostname", buf, sizeof(buf));
	lxt_say("hostname", n > 0 && !strncmp(buf, u.nodename, n - 1));
	n = slurp("/proc/sys/kernel/ostype", buf, sizeof(buf));
	lxt_say_data("ostype", buf, n);
	n = slurp("/proc/meminfo", buf, sizeof(buf));
	lxt_say("meminfo", n > 0 && !strncmp(buf, "MemTotal:", 9));
	n = slurp("/proc/stat", buf, sizeof(buf));
	lxt_say("stat", n > 0 && !strncmp(buf, "cpu  ", 5));
	n = slurp("/proc/cpuinfo", buf, sizeof(buf));
	lxt_say("cpuinfo", n > 0 && !strncmp(buf, "processor\t: 0\n", 14));
	n = slurp("/proc/version", buf, sizeof(buf));
	lxt_say("version", n > 0 && !strncmp(buf, "Linux version ", 14));
}

TEST_F(pseudo, proc_system_files_parse_and_match_uname)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_system, NULL, &r));
	EXPECT_STREQ("uptime=1\nloadavg=1\nuname=0\nosrelease=1\nhostname=1\n"
		     "ostype=6 'Linux\\x0a'\nmeminfo=1\nstat=1\ncpuinfo=1\nversion=1\n", r.out);
}

/* /proc/self/fd: the handle table, pipes by their pipe, LxVfs files by path. */
static void proc_fds(void *arg)
{
	char buf[4096], a[64], b[64], line[256];
	long fd, n, off, na, nb;
	int p[2];

	lxt_pipe(p);
	fd = OPEN("/proc/sys", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("open", fd);
	snprintf(line, sizeof(line), "fds=");
	n = OPEN("/proc/self/fd", O_RDONLY | O_DIRECTORY, 0);
	while ((nb = S(SYS_getdents64, n, (long)buf, sizeof(buf), 0, 0, 0)) > 0) {
		for (off = 0; off < nb;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			strncat(line, d->d_name, sizeof(line) - strlen(line) - 2);
			strcat(line, " ");
		}
	}
	lxt_close(n);
	lxt_say_text(line);		/* the listing's own fd is 6 */
	snprintf(a, sizeof(a), "/proc/self/fd/%d", p[0]);
	snprintf(b, sizeof(b), "/proc/self/fd/%d", p[1]);
	na = sys0(SYS_readlink, (long)a, (long)buf, sizeof(buf));
	memcpy(a, buf, na > 0 ? na : 0);
	nb = sys0(SYS_readlink, (long)b, (long)buf, sizeof(buf));
	lxt_say("pipe-ends-same", na > 6 && na == nb && !memcmp(a, buf, na));
	lxt_say("pipe-name", !strncmp(buf, "pipe:[", 6) && buf[nb - 1] == ']');
	snprintf(a, sizeof(a), "/proc/self/fd/%ld", fd);
	n = sys0(SYS_readlink, (long)a, (long)buf, sizeof(buf));
	lxt_say_data("dir-link", buf, n);
	lxt_say("closed", sys0(SYS_readlink, (long)"/proc/self/fd/9", (long)buf, sizeof(buf)));
	lxt_say("stat-link-opens-dir", sys0(SYS_stat, (long)a, (long)buf, 0));
}

TEST_F(pseudo, proc_self_fd_lists_the_handles_and_names_their_files)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_fds, NULL, &r));
	EXPECT_STREQ("open=5\nfds=0 1 2 3 4 5 6 \npipe-ends-same=1\npipe-name=1\n"
		     "dir-link=9 '/proc/sys'\nclosed=-ENOENT\nstat-link-opens-dir=0\n", r.out);
}

static char host_exe[4096];
static long host_exe_len;

static void read_host_exe(void *arg)
{
	host_exe_len = readlink("/proc/self/exe", host_exe, sizeof(host_exe));
}

/*
 * exe: this task entered running a host program, never exec'd in the
 * instance, so it has none (ENOENT), never the host's path (exec2_test
 * checks exe after an exec); maps lists the VMAs, the stack among them.
 */
static void proc_exe_maps(void *arg)
{
	static char buf[65536];
	unsigned long lo, hi, here = (unsigned long)&buf, stack = (unsigned long)&lo;
	int mapped = 0, on_stack = 0, lines = 0;
	char *line, perms[5];
	long n;

	n = sys0(SYS_readlink, (long)"/proc/self/exe", (long)buf, sizeof(buf));
	lxt_say("exe", n);
	lxt_say("exe-host", n > 0 && n == host_exe_len && !memcmp(buf, host_exe, n));
	n = slurp("/proc/self/maps", buf, sizeof(buf));
	lxt_say("maps-read", n > 0 && buf[n - 1] == '\n');
	for (line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3)
			break;
		lines++;
		if (lo <= here && here < hi)
			mapped = perms[0] == 'r' && perms[1] == 'w';
		if (lo <= stack && stack < hi)
			on_stack = !strncmp(line + strcspn(line, "\n") - 7, "[stack]", 7);
	}
	lxt_say("maps-parse", lines > 3);
	lxt_say("bss-rw", mapped);
	lxt_say("stack-named", on_stack);
}

TEST_F(pseudo, proc_exe_and_maps_describe_the_process)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_exe_maps, read_host_exe, &r));
	EXPECT_STREQ("exe=-ENOENT\nexe-host=0\nmaps-read=1\nmaps-parse=1\nbss-rw=1\nstack-named=1\n", r.out);
}

/* A process's files are its own: an unprivileged one reads them, not root's. */
static void proc_owner(void *arg)
{
	char buf[256];
	struct stat st;
	long fd, child;
	int p[2];

	lxt_pipe(p);
	child = lxt_fork();
	if (child == 0) {		/* stays root */
		lxt_read(p[0], buf, 1);
		lxt_raw_exit(0);
	}
	lxt_say("setresuid", S(SYS_setresuid, 1000, 1000, 1000, 0, 0, 0));
	sys0(SYS_stat, (long)"/proc/self/status", (long)&st, 0);
	lxt_say("status-uid", st.st_uid);
	fd = OPEN("/proc/self/environ", O_RDONLY, 0);
	lxt_say("own-environ", fd >= 0);
	lxt_close(fd);
	fd = OPEN("/proc/self/fd", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("own-fd", fd >= 0);
	lxt_close(fd);
	snprintf(buf, sizeof(buf), "/proc/%ld/environ", child);
	lxt_say("roots-environ", OPEN(buf, O_RDONLY, 0));
	snprintf(buf, sizeof(buf), "/proc/%ld/status", child);
	lxt_say("roots-status", OPEN(buf, O_RDONLY, 0) >= 0);
	lxt_write(p[1], "x", 1);
	lxt_wait(child);
}

TEST_F(pseudo, a_processs_files_belong_to_its_effective_ids)
{
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pico_run(self->inst, proc_owner, NULL, &r));
	EXPECT_STREQ("setresuid=0\nstatus-uid=1000\nown-environ=1\nown-fd=1\n"
		     "roots-environ=-EACCES\nroots-status=1\n", r.out);
}

/* ---- sysfs ------------------------------------------------------------------- */

static void sys_cpus(void *arg)
{
	char buf[256];
	long n;

	n = slurp("/sys/devices/system/cpu/online", buf, sizeof(buf));
	lxt_say_data("online", buf, n);
	n = slurp("/sys/devices/system/cpu/possible", buf, sizeof(buf));
	lxt_say_data("possible", buf, n);
}

static void mounts(void *arg)
{
	char buf[1024];

	lxt_say("mkdir", sys0(SYS_mkdir, (long)"/tmp dir", 0755, 0));
	lxt_say("mounts-len", slurp("/proc/mounts", buf, sizeof(buf)));
	lxt_say_text(buf);
	lxt_say("same-for-self", slurp("/proc/self/mounts", buf + 512, 512) > 0 &&
		!strncmp(buf + 512, "tmpfs / tmpfs rw 0 0\n", 21));
}

TEST_F(pseudo, proc_mounts_lists_the_instances_mounts_as_linux_writes_them)
{
	static struct lxt_result r;
	struct lxss_mount m = { .size = sizeof(m), .source_fd = -1, .mode = 01777 };

	ASSERT_EQ(0, pico_run(self->inst, mounts, NULL, &r));
	strcpy(m.fstype, "tmpfs");
	strcpy(m.target, "/tmp dir");
	ASSERT_EQ(0, ioctl(self->inst, LXSS_IOC_MOUNT, &m)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, pico_run(self->inst, mounts, NULL, &r));
	EXPECT_STREQ("mkdir=-EEXIST\nmounts-len=123\ntmpfs / tmpfs rw 0 0\ndevfs /dev devfs rw 0 0\n"
		     "proc /proc proc rw 0 0\nsysfs /sys sysfs rw 0 0\n"
		     "tmpfs /tmp\\040dir tmpfs rw 0 0\n\nsame-for-self=1\n", r.out);
}

TEST_F(pseudo, sys_cpu_lists_are_the_hosts)
{
	static struct lxt_result native;
	const struct lxt_case c = { .body = sys_cpus, .expect_out = native.out };

	/* The host's files are the expectation. */
	ASSERT_EQ(0, lxt_run_case(-1, &c, &native));
	ASSERT_NE(NULL, strstr(native.out, "online="));
	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

TEST_HARNESS_MAIN
