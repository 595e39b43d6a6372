// SPDX-License-Identifier: GPL-2.0
/*
 * The default distro in an instance: the busybox tarball the build makes
 * (/usr/lib/lxcore/default-distro.tar) imported into a VolFs backing tree
 * with /init injected, mounted as the root of an instance with /proc, /sys,
 * /dev and /tmp; /init runs as pid 1 (hostname from /etc/hostname) and
 * sessions run busybox's shell as root and as user lx. Outputs are checked
 * line by line, against the native run of the same busybox where the
 * output does not depend on the instance; nothing may be counted
 * unimplemented meanwhile.
 *
 * Backing trees need user.* xattrs: an ext4 image over a loop device, as
 * volfs_test.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "../volfs/volfs_record.c"

#include "lxbacking.h"
#define LIB		"/usr/lib/lxcore"

/* /init injected into a backing tree: root's, 0755 (host 0700). */
static int inject_init(const char *tree)
{
	struct volfs_meta m = { .type = VOLFS_TYPE_REG, .mode = 0755,
				.flags = VOLFS_F_HOST_ATIME | VOLFS_F_HOST_MTIME };
	unsigned char buf[VOLFS_RECORD_SIZE];
	char path[128];

	snprintf(path, sizeof(path), "%s/init", tree);
	if (sh("cp " LIB "/init %s && chmod 0700 %s", path, path))
		return -1;
	if (volfs_record_encode(&m, buf, sizeof(buf)) != VOLFS_RECORD_SIZE)
		return -1;
	return setxattr(path, VOLFS_XATTR_NAME, buf, sizeof(buf), 0);
}

static int do_mount(int inst, const char *fstype, const char *target, int fd,
		    unsigned int mode)
{
	struct lxss_mount m = { .size = sizeof(m), .source_fd = fd, .mode = mode };

	snprintf(m.fstype, sizeof(m.fstype), "%s", fstype);
	snprintf(m.target, sizeof(m.target), "%s", target);
	return ioctl(inst, LXSS_IOC_MOUNT, &m);
}

/* The argv a session's body execs (NULL-terminated, at most 15 words). */
static const char *session_argv[16];

static void exec_session(void *arg)
{
	static const char *const envp[] = { "PATH=/host/only", "SECRET=host", NULL };

	lxt_syscall6(SYS_execve, (long)session_argv[0], (long)session_argv,
		     (long)envp, 0, 0, 0);
	lxt_say_text("execve failed");
}

/* Run /init --session ARGS... in the instance; @r gets its output. */
static int run_session(int inst, struct lxt_result *r, unsigned int timeout_s, ...)
{
	struct lxt_case c = { .body = exec_session, .timeout_s = timeout_s };
	unsigned int n = 0;
	const char *a;
	va_list ap;

	session_argv[n++] = "/init";
	session_argv[n++] = "--session";
	va_start(ap, timeout_s);
	while ((a = va_arg(ap, const char *)) && n < 15)
		session_argv[n++] = a;
	va_end(ap);
	session_argv[n] = NULL;
	return lxt_run_case(inst, &c, r);
}

/* What the instance counted unimplemented: "" or " nr 7 (x2)...". */
static void unimplemented_since(const struct lxt_counters *before,
				const struct lxt_counters *after, char *buf, size_t len)
{
	unsigned int nr;
	size_t n = 0;

	buf[0] = 0;
	for (nr = 0; nr < LXSS_NR_COUNTERS && n < len; nr++)
		if (after->unimpl[nr] != before->unimpl[nr])
			n += snprintf(buf + n, len - n, " nr %u (x%llu)", nr,
				      (unsigned long long)(after->unimpl[nr] - before->unimpl[nr]));
}

/* The @i-th line of @text (0-based) into @buf; -1 if there is none. */
static int nth_line(const char *text, int i, char *buf, size_t len)
{
	const char *p = text, *e;

	while (i-- > 0) {
		p = strchr(p, '\n');
		if (!p)
			return -1;
		p++;
	}
	if (!*p)
		return -1;
	e = strchr(p, '\n');
	snprintf(buf, len, "%.*s", e ? (int)(e - p) : (int)strlen(p), p);
	return 0;
}

/*
 * Is there an `ls -l` line for @name with mode @mode and owners @owner
 * @group (busybox's format: mode, links, owner, group, size, date, name)?
 */
static int has_ls_line(const char *text, const char *mode, const char *owner,
		       const char *group, const char *name)
{
	char line[512];
	int i;

	for (i = 0; !nth_line(text, i, line, sizeof(line)); i++) {
		char m[16], o[64], g[64], *last = strrchr(line, ' ');
		unsigned long links;

		if (!last || strcmp(last + 1, name))
			continue;
		if (sscanf(line, "%15s %lu %63s %63s", m, &links, o, g) != 4)
			continue;
		if (!strcmp(m, mode) && !strcmp(o, owner) && !strcmp(g, group))
			return 1;
	}
	return 0;
}

FIXTURE(distro) {
	int dev;
	int inst;
	pid_t init;
	char tree[64];
	struct lxt_counters before;
};

/* pid 1 of the instance: /init with no argument. */
static pid_t start_init(int inst)
{
	pid_t pid = fork();

	if (pid == 0) {
		static const char *const argv[] = { "/init", NULL };
		static const char *const envp[] = { NULL };
		int null = open("/dev/null", O_RDWR);

		setsid();
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (lxt_enter(inst))
			_exit(120);
		lxt_syscall6(SYS_execve, (long)argv[0], (long)argv, (long)envp, 0, 0, 0);
		lxt_raw_exit(121);
	}
	return pid;
}

FIXTURE_SETUP(distro)
{
	static struct lxt_result r;
	int fd, i;

	self->dev = -1;
	self->inst = -1;
	self->init = -1;
	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	/* Imported once per boot (slow under TCG); the tests share it. */
	snprintf(self->tree, sizeof(self->tree), BACKING "/distro");
	if (access(self->tree, F_OK)) {
		ASSERT_EQ(0, sh("volfs import " LIB "/default-distro.tar %s.new",
				self->tree));
		ASSERT_EQ(0, inject_init(BACKING "/distro.new"));
		ASSERT_EQ(0, rename(BACKING "/distro.new", self->tree));
	}
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "distro");
	ASSERT_LE(0, self->inst);
	fd = open(self->tree, O_PATH | O_DIRECTORY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, do_mount(self->inst, "volfs", "/", fd, 0)) TH_LOG("%s", strerror(errno));
	close(fd);
	ASSERT_EQ(0, do_mount(self->inst, "proc", "/proc", -1, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, do_mount(self->inst, "sysfs", "/sys", -1, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, do_mount(self->inst, "devfs", "/dev", -1, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, do_mount(self->inst, "tmpfs", "/tmp", -1, 01777)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, lxt_query(self->inst, &self->before));
	self->init = start_init(self->inst);
	ASSERT_LT(0, self->init);
	/* pid 1 names the instance after /etc/hostname. */
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, run_session(self->inst, &r, 30, "--", "/bin/hostname", NULL));
		if (!strcmp(r.out, "lxcore\n"))
			break;
		usleep(100000);
	}
	ASSERT_STREQ("lxcore\n", r.out) TH_LOG("err: %s", r.err);
}

FIXTURE_TEARDOWN(distro)
{
	struct lxt_counters after;
	char list[512];
	int status;

	if (self->init > 0) {
		/* SIGTERM ends pid 1 with status 0. */
		kill(self->init, SIGTERM);
		EXPECT_EQ(self->init, waitpid(self->init, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("init ended with status 0x%x", status);
	}
	if (self->inst >= 0) {
		EXPECT_EQ(0, lxt_query(self->inst, &after));
		unimplemented_since(&self->before, &after, list, sizeof(list));
		EXPECT_STREQ("", list) TH_LOG("counted unimplemented:%s", list);
		close(self->inst);
	}
	if (self->dev >= 0)
		close(self->dev);
}

#define SCRIPT "uname -a; id; ls -l /; cat /etc/hostname; echo a b c | wc -w; " \
	       "sleep 1 & wait; echo done"

TEST_F(distro, busybox_shell_runs_a_script_as_root)
{
	static struct lxt_result r;
	char line[512], want[512];
	struct utsname u;
	int last;

	ASSERT_EQ(0, run_session(self->inst, &r, 60, "--", "/bin/sh", "-c", SCRIPT, NULL));
	lxt_print_lines("out", r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_STREQ("exit=0", r.end);
	ASSERT_EQ(0, uname(&u));
	/* uname -a: the instance's name, the host's release marked lxcore. */
	snprintf(want, sizeof(want), "Linux lxcore %s-lxcore %s x86_64 GNU/Linux",
		 u.release, u.version);
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line)));
	EXPECT_STREQ(want, line);
	ASSERT_EQ(0, nth_line(r.out, 1, line, sizeof(line)));
	EXPECT_STREQ("uid=0(root) gid=0(root) groups=0(root)", line);
	ASSERT_EQ(0, nth_line(r.out, 2, line, sizeof(line)));
	EXPECT_EQ(0, strncmp(line, "total ", 6)) TH_LOG("%s", line);
	EXPECT_TRUE(has_ls_line(r.out, "drwxr-xr-x", "root", "root", "bin"));
	EXPECT_TRUE(has_ls_line(r.out, "drwxr-xr-x", "root", "root", "etc"));
	EXPECT_TRUE(has_ls_line(r.out, "drwxr-xr-x", "root", "root", "home"));
	EXPECT_TRUE(has_ls_line(r.out, "drwx------", "root", "root", "root"));
	EXPECT_TRUE(has_ls_line(r.out, "drwxrwxrwt", "root", "root", "tmp"));
	EXPECT_TRUE(has_ls_line(r.out, "-rwxr-xr-x", "root", "root", "init"));
	EXPECT_TRUE(has_ls_line(r.out, "dr-xr-xr-x", "root", "root", "proc"));
	/* The last three lines, from the end. */
	for (last = 0; !nth_line(r.out, last, line, sizeof(line)); last++)
		;
	ASSERT_LE(6, last);
	ASSERT_EQ(0, nth_line(r.out, last - 3, line, sizeof(line)));
	EXPECT_STREQ("lxcore", line);
	ASSERT_EQ(0, nth_line(r.out, last - 2, line, sizeof(line)));
	EXPECT_STREQ("3", line);
	ASSERT_EQ(0, nth_line(r.out, last - 1, line, sizeof(line)));
	EXPECT_STREQ("done", line);
}

TEST_F(distro, the_pipeline_prints_what_it_prints_natively)
{
	static struct lxt_result r;
	char native[256] = "";
	FILE *p = popen("/bin/busybox sh -c 'echo a b c | wc -w; printf \"%s|\" x y; "
			"echo $((6 * 7)); for i in 1 2 3; do echo $i; done | tail -n 1'", "r");
	size_t n;

	ASSERT_NE(NULL, p);
	n = fread(native, 1, sizeof(native) - 1, p);
	native[n] = 0;
	pclose(p);
	ASSERT_EQ(0, run_session(self->inst, &r, 60, "--", "/bin/sh", "-c",
				 "echo a b c | wc -w; printf \"%s|\" x y; echo $((6 * 7)); "
				 "for i in 1 2 3; do echo $i; done | tail -n 1", NULL));
	EXPECT_STREQ("3\nx|y|42\n3\n", native);
	EXPECT_STREQ(native, r.out);
	EXPECT_STREQ("", r.err);
	EXPECT_STREQ("exit=0", r.end);
}

TEST_F(distro, a_session_as_lx_has_its_ids_home_and_environment)
{
	static struct lxt_result r;
	char line[512];

	ASSERT_EQ(0, run_session(self->inst, &r, 60, "-u", "lx", "-e", "TERM=dumb", "--",
				 "/bin/sh", "-c",
				 "id; pwd; echo $HOME $USER $LOGNAME $SHELL $TERM $PATH $SECRET; "
				 "touch f && ls -l f; touch /root/x", NULL));
	lxt_print_lines("out", r.out);
	lxt_print_lines("err", r.err);
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line)));
	EXPECT_STREQ("uid=1000(lx) gid=1000(lx) groups=100(users),1000(lx)", line);
	ASSERT_EQ(0, nth_line(r.out, 1, line, sizeof(line)));
	EXPECT_STREQ("/home/lx", line);
	ASSERT_EQ(0, nth_line(r.out, 2, line, sizeof(line)));
	EXPECT_STREQ("/home/lx lx lx /bin/sh dumb /usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games",
		     line);
	EXPECT_TRUE(has_ls_line(r.out, "-rw-r--r--", "lx", "lx", "f"));
	EXPECT_STREQ("touch: /root/x: Permission denied\n", r.err);
	EXPECT_STREQ("exit=1", r.end);
}

TEST_F(distro, a_login_shell_reads_the_profile)
{
	static struct lxt_result r;

	ASSERT_EQ(0, run_session(self->inst, &r, 60, "-l", "-w", "/tmp", "--",
				 "sh", "-c", "echo $0 $PWD; echo \"$PS1\"", NULL));
	EXPECT_STREQ("sh /tmp\n\\h:\\w# \n", r.out) TH_LOG("err: %s", r.err);
	EXPECT_STREQ("exit=0", r.end);
}

TEST_F(distro, session_errors_exit_126_or_127_with_a_message)
{
	static struct lxt_result r;

	ASSERT_EQ(0, run_session(self->inst, &r, 30, "--", "nosuchcommand", NULL));
	EXPECT_STREQ("init: nosuchcommand: not found\n", r.err);
	EXPECT_STREQ("exit=127", r.end);
	ASSERT_EQ(0, run_session(self->inst, &r, 30, "-u", "nobody", "--", "id", NULL));
	EXPECT_STREQ("init: unknown user 'nobody'\n", r.err);
	EXPECT_STREQ("exit=126", r.end);
	ASSERT_EQ(0, run_session(self->inst, &r, 30, "-w", "/nonexistent", "--", "id", NULL));
	EXPECT_STREQ("init: cannot change directory to /nonexistent: No such file or directory\n",
		     r.err);
	EXPECT_STREQ("exit=126", r.end);
	ASSERT_EQ(0, run_session(self->inst, &r, 30, "--", "/etc/passwd", NULL));
	EXPECT_STREQ("exit=126", r.end) TH_LOG("err: %s", r.err);
	ASSERT_EQ(0, run_session(self->inst, &r, 30, "--", "/bin/sh", "-c", "exit 7", NULL));
	EXPECT_STREQ("exit=7", r.end);
}

/* ---- sendfile (busybox cat uses it): differential, on each side's /tmp ---------- */

#define SF(out, in, off, n) lxt_syscall6(SYS_sendfile, (out), (in), (long)(off), (n), 0, 0)
#define SYS3(nr, a, b, c) lxt_syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

static void sendfile_body(void *arg)
{
	static const char path[] = "/tmp/sendfile-test", path2[] = "/tmp/sendfile-out";
	long fd, ro, out, app;
	int p[2];
	char buf[64];
	long long off;

	fd = SYS3(SYS_open, path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	lxt_say("write", lxt_write(fd, "0123456789abcdef", 16));
	lxt_say("lseek", SYS3(SYS_lseek, fd, 0, SEEK_SET));
	lxt_pipe(p);
	lxt_say("to-pipe", SF(p[1], fd, NULL, 5));
	lxt_say("pos", SYS3(SYS_lseek, fd, 0, SEEK_CUR));
	lxt_say_data("pipe", buf, lxt_read(p[0], buf, sizeof(buf)));
	off = 10;
	lxt_say("at-offset", SF(p[1], fd, &off, 100));
	lxt_say("offset", (long)off);
	lxt_say("pos-kept", SYS3(SYS_lseek, fd, 0, SEEK_CUR));
	lxt_say_data("pipe", buf, lxt_read(p[0], buf, sizeof(buf)));
	lxt_say("at-eof", SF(p[1], fd, &off, 100));
	lxt_say("count-0", SF(p[1], fd, NULL, 0));
	off = -1;
	lxt_say("negative-offset", SF(p[1], fd, &off, 1));
	lxt_say("efault-offset", SF(p[1], fd, 8, 1));
	lxt_say("count-negative", SF(p[1], fd, NULL, -1L));
	off = 16;
	lxt_say("end-overflows", SF(p[1], fd, &off, 0x7fffffffffffffffL));
	lxt_say("count-huge", SF(p[1], fd, &off, 0x7fffffffffff0000L));
	lxt_say("from-pipe", SF(1, p[0], NULL, 1));
	lxt_say("from-pipe-offset", SF(1, p[0], &off, 1));
	lxt_say("bad-in", SF(1, 77, NULL, 1));
	lxt_say("bad-out", SF(77, fd, NULL, 1));
	ro = SYS3(SYS_open, path, O_RDONLY, 0);
	lxt_say("out-read-only", SF(ro, fd, NULL, 1));
	lxt_say("in-write-only", SF(ro, p[1], NULL, 1));
	out = SYS3(SYS_open, path2, O_CREAT | O_RDWR | O_TRUNC, 0644);
	lxt_say("to-file", SF(out, ro, NULL, 100));
	lxt_say("out-pos", SYS3(SYS_lseek, out, 0, SEEK_CUR));
	lxt_say("pread", lxt_syscall6(SYS_pread64, out, (long)buf, sizeof(buf), 0, 0, 0));
	app = SYS3(SYS_open, path2, O_WRONLY | O_APPEND, 0);
	lxt_say("to-append", SF(app, fd, NULL, 1));
	SYS3(SYS_unlink, path, 0, 0);
	SYS3(SYS_unlink, path2, 0, 0);
}

TEST_F(distro, sendfile_copies_as_on_linux)
{
	static const struct lxt_case c = {
		.body = sendfile_body,
		.expect_out = "write=16\nlseek=0\nto-pipe=5\npos=5\npipe=5 '01234'\n"
			      "at-offset=6\noffset=16\npos-kept=5\npipe=6 'abcdef'\nat-eof=0\n"
			      "count-0=0\nnegative-offset=-EINVAL\nefault-offset=-EFAULT\n"
			      "count-negative=-EINVAL\nend-overflows=-EINVAL\ncount-huge=0\n"
			      "from-pipe=-EINVAL\nfrom-pipe-offset=-ESPIPE\nbad-in=-EBADF\n"
			      "bad-out=-EBADF\nout-read-only=-EBADF\nin-write-only=-EBADF\n"
			      "to-file=16\nout-pos=16\npread=16\nto-append=-EINVAL\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- ioctl on LxVfs files: differential, on each side's /tmp -------------------------- */

static void file_ioctl_body(void *arg)
{
	static const char path[] = "/tmp/ioctl-test";
	long fd, dir, opath;
	int n = -1, on = 1;
	char t[64];

	fd = SYS3(SYS_open, path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	lxt_write(fd, "0123456789", 10);
	SYS3(SYS_lseek, fd, 3, SEEK_SET);
	lxt_say("fionread", SYS3(SYS_ioctl, fd, FIONREAD, &n));
	lxt_say("n", n);
	SYS3(SYS_lseek, fd, 20, SEEK_SET);
	lxt_say("fionread-past-eof", SYS3(SYS_ioctl, fd, FIONREAD, &n));
	lxt_say("n", n);	/* -10: "-ECHILD" as lxt_say spells it */
	lxt_say("tcgets", SYS3(SYS_ioctl, fd, TCGETS, t));
	lxt_say("fionbio", SYS3(SYS_ioctl, fd, FIONBIO, &on));
	lxt_sayx("getfl", lxt_fcntl(fd, F_GETFL, 0) & O_NONBLOCK);
	lxt_say("fioclex", SYS3(SYS_ioctl, fd, FIOCLEX, 0));
	lxt_say("getfd", lxt_fcntl(fd, F_GETFD, 0));
	dir = SYS3(SYS_open, "/tmp", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("dir-fionread", SYS3(SYS_ioctl, dir, FIONREAD, &n));
	opath = SYS3(SYS_open, path, O_PATH, 0);
	lxt_say("opath-fioclex", SYS3(SYS_ioctl, opath, FIOCLEX, 0));
	lxt_say("opath-fionread", SYS3(SYS_ioctl, opath, FIONREAD, &n));
	lxt_say("null-tcgets", SYS3(SYS_ioctl, SYS3(SYS_open, "/dev/null", O_RDWR, 0), TCGETS, t));
	SYS3(SYS_unlink, path, 0, 0);
}

TEST_F(distro, file_ioctls_answer_as_on_linux)
{
	static const struct lxt_case c = {
		.body = file_ioctl_body,
		.expect_out = "fionread=0\nn=7\nfionread-past-eof=0\nn=-ECHILD\ntcgets=-ENOTTY\n"
			      "fionbio=0\ngetfl=0x800\nfioclex=0\ngetfd=1\ndir-fionread=-ENOTTY\n"
			      "opath-fioclex=-EBADF\nopath-fionread=-EBADF\nnull-tcgets=-ENOTTY\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- chroot, syslog, setting the time: differential ---------------------------------- */

static void say_file(const char *tag, const char *path)
{
	char buf[64];
	long fd = SYS3(SYS_open, path, O_RDONLY, 0);

	lxt_say_data(tag, buf, fd < 0 ? fd : lxt_read(fd, buf, sizeof(buf)));
	if (fd >= 0)
		lxt_close(fd);
}

static void say_cwd(const char *tag)
{
	char buf[128];
	long n = SYS3(SYS_getcwd, buf, sizeof(buf), 0);

	lxt_say_data(tag, buf, n > 0 ? n - 1 : n);
}

static void chroot_body(void *arg)
{
	long fd;

	SYS3(SYS_mkdir, "/tmp/cr", 0755, 0);
	SYS3(SYS_mkdir, "/tmp/cr/etc", 0755, 0);
	fd = SYS3(SYS_open, "/tmp/cr/etc/x", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	lxt_write(fd, "inside", 6);
	lxt_close(fd);
	lxt_say("chdir", SYS3(SYS_chdir, "/tmp/cr", 0, 0));
	lxt_say("chroot", SYS3(SYS_chroot, "/tmp/cr", 0, 0));
	say_file("etc-x", "/etc/x");
	say_file("dotdot", "/../../etc/x");
	say_file("relative", "etc/x");
	say_cwd("cwd");
	lxt_say("chdir-up", SYS3(SYS_chdir, "../..", 0, 0));
	say_cwd("cwd");
	lxt_say("old-root-file", SYS3(SYS_open, "/tmp/cr/etc/x", O_RDONLY, 0));
	lxt_say("chroot-again", SYS3(SYS_chroot, "etc", 0, 0));
	say_file("etc-x-again", "/x");
	lxt_say("unlink", SYS3(SYS_unlink, "/x", 0, 0));
}

TEST_F(distro, chroot_confines_paths_as_on_linux)
{
	static const struct lxt_case c = {
		.body = chroot_body,
		.expect_out = "chdir=0\nchroot=0\netc-x=6 'inside'\ndotdot=6 'inside'\n"
			      "relative=6 'inside'\ncwd=1 '/'\nchdir-up=0\ncwd=1 '/'\n"
			      "old-root-file=-ENOENT\nchroot-again=0\netc-x-again=6 'inside'\n"
			      "unlink=0\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

static void unprivileged_body(void *arg)
{
	struct timespec ok = { 1700000000, 0 }, neg = { -1, 0 };
	struct { long sec, usec; } tv_ok = { 1700000000, 0 }, tv_bad = { 1, 2000000 },
				   tv_neg = { -1, 0 };
	long fd;

	SYS3(SYS_mkdir, "/tmp/cr-private", 0700, 0);
	fd = SYS3(SYS_open, "/tmp/cr-file", O_CREAT | O_WRONLY, 0644);
	lxt_close(fd);
	lxt_say("sync", SYS3(SYS_sync, 0, 0, 0));
	lxt_say("setresuid", SYS3(SYS_setresuid, 65534, 65534, 65534));
	lxt_say("chroot-root", SYS3(SYS_chroot, "/", 0, 0));
	lxt_say("chroot-private", SYS3(SYS_chroot, "/tmp/cr-private", 0, 0));
	lxt_say("chroot-missing", SYS3(SYS_chroot, "/tmp/cr-missing", 0, 0));
	lxt_say("chroot-file", SYS3(SYS_chroot, "/tmp/cr-file", 0, 0));
	lxt_say("chroot-efault", SYS3(SYS_chroot, 8, 0, 0));
	lxt_say("syslog-size", SYS3(SYS_syslog, 10, 0, 0));
	lxt_say("syslog-read-all", SYS3(SYS_syslog, 3, 0, 0));
	lxt_say("settime", SYS3(SYS_clock_settime, CLOCK_REALTIME, &ok, 0));
	lxt_say("settime-efault", SYS3(SYS_clock_settime, CLOCK_REALTIME, 8, 0));
	lxt_say("settime-negative", SYS3(SYS_clock_settime, CLOCK_REALTIME, &neg, 0));
	lxt_say("settime-monotonic", SYS3(SYS_clock_settime, CLOCK_MONOTONIC, &ok, 0));
	lxt_say("settime-monotonic-efault", SYS3(SYS_clock_settime, CLOCK_MONOTONIC, 8, 0));
	lxt_say("settime-bad-clock", SYS3(SYS_clock_settime, 99, &ok, 0));
	/* The CPU clock of the caller (pid 0, CPUCLOCK_SCHED). */
	lxt_say("settime-cpu", SYS3(SYS_clock_settime, (long)(~7UL | 2), &ok, 0));
	lxt_say("settimeofday", SYS3(SYS_settimeofday, &tv_ok, 0, 0));
	lxt_say("settimeofday-null", SYS3(SYS_settimeofday, 0, 0, 0));
	lxt_say("settimeofday-usec", SYS3(SYS_settimeofday, &tv_bad, 0, 0));
	lxt_say("settimeofday-negative", SYS3(SYS_settimeofday, &tv_neg, 0, 0));
	lxt_say("settimeofday-efault", SYS3(SYS_settimeofday, 8, 0, 0));
}

TEST_F(distro, an_unprivileged_process_may_not_chroot_read_the_log_or_set_the_time)
{
	static const struct lxt_case c = {
		.body = unprivileged_body,
		.expect_out = "sync=0\nsetresuid=0\nchroot-root=-EPERM\nchroot-private=-EACCES\n"
			      "chroot-missing=-ENOENT\nchroot-file=-ENOTDIR\nchroot-efault=-EFAULT\n"
			      "syslog-size=-EPERM\nsyslog-read-all=-EPERM\nsettime=-EPERM\n"
			      "settime-efault=-EFAULT\nsettime-negative=-EINVAL\n"
			      "settime-monotonic=-EINVAL\nsettime-monotonic-efault=-EINVAL\n"
			      "settime-bad-clock=-EINVAL\nsettime-cpu=-EPERM\nsettimeofday=-EPERM\n"
			      "settimeofday-null=-EPERM\nsettimeofday-usec=-EINVAL\n"
			      "settimeofday-negative=-EINVAL\nsettimeofday-efault=-EFAULT\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* As root of the instance: the time and the log are still the host's. */
static void root_time_body(void *arg)
{
	struct timespec ok = { 1700000000, 0 };

	lxt_say("settime", SYS3(SYS_clock_settime, CLOCK_REALTIME, &ok, 0));
	lxt_say("settimeofday", SYS3(SYS_settimeofday, 0, 0, 0));
	lxt_say("syslog", SYS3(SYS_syslog, 10, 0, 0));
}

TEST_F(distro, root_of_the_instance_may_not_set_the_host_clock_or_read_its_log)
{
	static const struct lxt_case c = { .body = root_time_body };
	static struct lxt_result r;

	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("settime=-EPERM\nsettimeofday=-EPERM\nsyslog=-EPERM\n", r.out);
}

/* ---- an interactive login shell on a terminal ------------------------------------ */

/* Does @text have @s? Returns the place after it, or NULL (NULL @text too). */
static const char *after(const char *text, const char *s)
{
	const char *p = text ? strstr(text, s) : NULL;

	return p ? p + strlen(s) : NULL;
}

/*
 * Read what the pty's master has into @buf (appending at *@n) until @needle
 * appears after @from, the shell is gone (EIO), or @secs pass. Returns
 * where @needle ends, or NULL.
 */
static const char *read_until(int master, char *buf, size_t len, size_t *n,
			      size_t from, const char *needle, int secs)
{
	double end = lxt_now() + secs;
	const char *p;

	for (;;) {
		struct pollfd pf = { master, POLLIN, 0 };
		ssize_t r;

		buf[*n] = 0;
		p = needle ? strstr(buf + from, needle) : NULL;
		if (p)
			return p + strlen(needle);
		if (*n >= len - 1 || lxt_now() > end)
			return NULL;
		if (poll(&pf, 1, 100) <= 0)
			continue;
		r = read(master, buf + *n, len - 1 - *n);
		if (r <= 0)
			return NULL;
		*n += (size_t)r;
	}
}

static int type(int master, const char *s)
{
	return write(master, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
}

/*
 * A login shell on a fresh pty, natively (@inst < 0: busybox as "-sh") or
 * as /init --session in @inst, in a session whose controlling terminal is
 * the pty (as lxssd will start it). Typed: a command, then one that Ctrl-C
 * interrupts, then exit 3. @out gets the terminal's output.
 */
static int interactive(int inst, char *out, size_t len, int *status)
{
	const char *p;
	size_t n = 0, at;
	int master, ret = -1, i;
	pid_t pid;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		static const char *const init_argv[] = { "/init", "--session", "-e", "TERM=dumb",
							 NULL };
		static const char *const sh_argv[] = { "-sh", NULL };
		static const char *const envp[] = { "TERM=dumb", "HOME=/", NULL };
		sigset_t none;
		int slave;

		sigemptyset(&none);

		/* A runner's background job may have SIGINT ignored: a terminal's defaults. */
		for (i = 1; i < NSIG; i++)
			if (i != SIGKILL && i != SIGSTOP)
				signal(i, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		slave = open(ptsname(master), O_RDWR);
		if (slave < 0)
			_exit(119);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (inst < 0) {
			close_range(3, ~0U, 0);
			execve("/bin/busybox", (char **)sh_argv, (char **)envp);
			_exit(121);
		}
		if (lxt_enter(inst))
			_exit(120);
		lxt_syscall6(SYS_execve, (long)init_argv[0], (long)init_argv, (long)envp, 0, 0, 0);
		lxt_raw_exit(121);
	}
	/* Typed ahead: the terminal keeps it until the shell reads. */
	if (type(master, "echo hi-$((40+2)); cd /etc\npwd\n"))
		goto out;
	p = read_until(master, out, len, &n, 0, "/etc\r\n", 60);
	if (!p)
		goto out;
	/* Ctrl-C reaches the foreground job (its own process group), not the shell. */
	at = p - out;
	if (type(master, "echo start; sleep 30; echo not-reached\n"))
		goto out;
	p = read_until(master, out, len, &n, at, "start\r\n", 60);
	if (!p)
		goto out;
	/* Once sleep is the foreground job (the master sees the slave's group). */
	for (i = 0; i < 200; i++) {
		pid_t fg = tcgetpgrp(master);

		if (fg > 0 && fg != pid)
			break;
		usleep(50000);
	}
	if (type(master, "\x03"))
		goto out;
	usleep(500000);
	if (type(master, "echo rc=$?; exit 3\n"))
		goto out;
	read_until(master, out, len, &n, p - out, NULL, 60);
	ret = 0;
out:
	if (ret)
		kill(pid, SIGKILL);
	if (waitpid(pid, status, 0) != pid)
		ret = -1;
	close(master);
	return ret;
}

static void check_interactive(struct __test_metadata *_metadata, const char *who,
			      const char *out, int status)
{
	const char *p;

	lxt_print_lines(who, out);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3)
		TH_LOG("%s: status 0x%x", who, status);
	/* Each command's output, after its echo, in order. */
	p = after(out, "hi-42\r\n");
	EXPECT_NE(NULL, p) TH_LOG("%s: no hi-42", who);
	p = after(p, "/etc\r\n");
	EXPECT_NE(NULL, p) TH_LOG("%s: no /etc", who);
	p = after(p, "start\r\n");
	EXPECT_NE(NULL, p) TH_LOG("%s: no start", who);
	p = after(p, "rc=130\r\n");
	EXPECT_NE(NULL, p) TH_LOG("%s: no rc=130", who);
	EXPECT_EQ(NULL, strstr(out, "\nnot-reached\r\n"));
	EXPECT_EQ(NULL, strstr(out, "job control"));
	EXPECT_EQ(NULL, strstr(out, "not implemented"));
}

TEST_F_TIMEOUT(distro, an_interactive_login_shell_runs_what_is_typed_and_ctrl_c_stops_a_job, 180)
{
	static char out[65536];
	struct lxss_syscall_info info = { .size = sizeof(info), .nr = SYS_poll };
	int status;

	ASSERT_EQ(0, interactive(-1, out, sizeof(out), &status));
	check_interactive(_metadata, "native", out, status);
	if (!_metadata->passed)
		return;
	/* busybox's line editing polls the terminal. */
	ASSERT_EQ(0, ioctl(self->dev, LXSS_IOC_SYSCALL_INFO, &info));
	if (!(info.flags & LXSS_SYSCALL_IMPLEMENTED))
		SKIP(return, "poll is not implemented yet: line editing needs it");
	ASSERT_EQ(0, interactive(self->inst, out, sizeof(out), &status));
	check_interactive(_metadata, "pico", out, status);
}

TEST_F(distro, explore)
{
	static struct lxt_result r;
	struct lxt_counters b, a;
	char list[512];
	const char *script = getenv("EXPLORE");

	if (!script)
		SKIP(return, "no EXPLORE");
	ASSERT_EQ(0, lxt_query(self->inst, &b));
	ASSERT_EQ(0, run_session(self->inst, &r, 120, "--", "/bin/sh", "-c", script, NULL));
	ASSERT_EQ(0, lxt_query(self->inst, &a));
	unimplemented_since(&b, &a, list, sizeof(list));
	lxt_print_lines("out", r.out);
	lxt_print_lines("err", r.err);
	TH_LOG("end %s unimplemented:%s", r.end, list);
	memcpy(&self->before, &a, sizeof(a));
}

TEST_HARNESS_MAIN
