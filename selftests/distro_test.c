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

#define BACKING		"/tmp/volfs-backing"
#define IMAGE		"/tmp/volfs-backing.img"
#define KMODS		"/usr/libexec/lxcore/selftests/volfs-kmods"
#define LIB		"/usr/lib/lxcore"

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int has_line(const char *path, const char *word)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, word) != NULL;
	fclose(f);
	return found;
}

/* An ext4 file system at BACKING (once per boot); 0 or -1. */
static int backing_ready(void)
{
	static const char *const mods[] = { "crc32c_generic", "crc16", "mbcache", "jbd2", "ext4" };
	unsigned int i;

	if (has_line("/proc/mounts", BACKING " "))
		return 0;
	if (!has_line("/proc/filesystems", "ext4"))
		for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
			sh("insmod " KMODS "/%s.module 2>/dev/null", mods[i]);
	sh("insmod " KMODS "/loop.module 2>/dev/null");
	mkdir(BACKING, 0755);
	if (sh("dd if=/dev/zero of=" IMAGE " bs=1M count=64 2>/dev/null") ||
	    sh("mke2fs -q -F -I 256 " IMAGE " >/dev/null 2>&1") ||
	    sh("mount -t ext4 -o loop " IMAGE " " BACKING))
		return -1;
	return 0;
}

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

TEST_HARNESS_MAIN
