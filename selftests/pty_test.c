// SPDX-License-Identifier: GPL-2.0
/*
 * ptys, differential: each body runs natively (with a devpts of its own at
 * /dev/pts, so pty numbers start at 0) and as a pico process of an instance
 * with a tmpfs root and devfs at /dev (whose ptys start at 0 too): glibc's
 * posix_openpt/grantpt/unlockpt/ptsname, the slave's node, the line
 * discipline (canonical input, echo, raw mode, output processing), window
 * size with SIGWINCH and Ctrl-C with SIGINT to the slave's foreground
 * group, TIOCGPTPEER. Pico only: the instance's /dev/pts shows no pty of
 * the host or of another instance, and the host's none of the instance's.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define IOCTL(fd, cmd, arg) lxt_syscall6(SYS_ioctl, (fd), (cmd), (long)(arg), 0, 0, 0)
#define OPEN(p, f) lxt_syscall6(SYS_open, (long)(p), (f), 0, 0, 0, 0)

/* The kernel's struct termios (TCGETS/TCSETS*), not glibc's. */
struct kterm {
	unsigned int iflag, oflag, cflag, lflag;
	unsigned char line;
	unsigned char cc[19];
};

static int pty_mount(int inst, const char *fstype, const char *target, unsigned int mode)
{
	struct lxss_mount m = { .size = sizeof(m), .source_fd = -1, .mode = mode };

	snprintf(m.fstype, sizeof(m.fstype), "%s", fstype);
	snprintf(m.target, sizeof(m.target), "%s", target);
	return ioctl(inst, LXSS_IOC_MOUNT, &m);
}

static void make_dev(void *arg)
{
	lxt_say("dev", lxt_syscall6(SYS_mkdir, (long)"/dev", 0755, 0, 0, 0, 0));
}

/* An instance with a tmpfs root and devfs at /dev; -1 on failure. */
static int pty_instance(int dev, const char *name)
{
	static const struct lxt_case mk = { .body = make_dev };
	static struct lxt_result r;
	int inst = lxt_create(dev, name);

	if (inst < 0)
		return -1;
	if (pty_mount(inst, "tmpfs", "/", 0755) || lxt_run_case(inst, &mk, &r) ||
	    strcmp(r.out, "dev=0\n") || pty_mount(inst, "devfs", "/dev", 0)) {
		close(inst);
		return -1;
	}
	return inst;
}

/*
 * Before the body, natively: a devpts of its own (the child is in a new
 * mount namespace), as Debian mounts it; /dev/ptmx finds it as its "pts"
 * sibling. The pico run's paths never reach the host's.
 */
static void private_devpts(void *arg)
{
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("devpts", "/dev/pts", "devpts", 0, "newinstance,gid=5,mode=620,ptmxmode=666"))
		dprintf(2, "private devpts: %s\n", strerror(errno));
}

FIXTURE(pty) {
	int dev;
	int inst;
};

FIXTURE_SETUP(pty)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = pty_instance(self->dev, "pty");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(pty)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { .setup = private_devpts, __VA_ARGS__ }; \
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/* Read exactly @n bytes (2 s at most for each piece); what was read, or -errno. */
static long read_full(int fd, char *buf, long n)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long got = 0, r;

	while (got < n) {
		r = lxt_syscall6(SYS_poll, (long)&p, 1, 2000, 0, 0, 0);
		if (r <= 0)
			return got ? got : (r ? r : -EAGAIN);
		r = lxt_read(fd, buf + got, n - got);
		if (r <= 0)
			return got ? got : r;
		got += r;
	}
	return got;
}

/* Is there something to read within 200 ms? */
static long readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return lxt_syscall6(SYS_poll, (long)&p, 1, 200, 0, 0, 0);
}

/* A new unlocked pty: its master, and its slave's name in @name. */
static int new_master(char *name, size_t len)
{
	unsigned int n = 0;
	int zero = 0;
	long m = OPEN("/dev/ptmx", O_RDWR | O_NOCTTY);

	if (m < 0 || IOCTL(m, TIOCSPTLCK, &zero) || IOCTL(m, TIOCGPTN, &n))
		return -1;
	snprintf(name, len, "/dev/pts/%u", n);
	return m;
}

/* ---- glibc's calls and the slave's node ------------------------------------- */

static void glibc_body(void *arg)
{
	char name[64] = "", want[64];
	struct stat st = { 0 }, fst = { 0 };
	unsigned int n = 99;
	int lck = -1, m;
	long s;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	lxt_say("posix_openpt", m >= 0);
	lxt_say("gptn", IOCTL(m, TIOCGPTN, &n));
	lxt_say("n", n);
	lxt_say("gptlck", IOCTL(m, TIOCGPTLCK, &lck));
	lxt_say("locked", lck);
	lxt_say("grantpt", grantpt(m));
	lxt_say("ptsname_r", ptsname_r(m, name, sizeof(name)));
	snprintf(want, sizeof(want), "/dev/pts/%u", n);
	lxt_say("name-is-pts-n", !strcmp(name, want));
	lxt_say("open-locked", OPEN(name, O_RDWR | O_NOCTTY));
	lxt_say("unlockpt", unlockpt(m));
	lxt_say("gptlck", IOCTL(m, TIOCGPTLCK, &lck));
	lxt_say("locked", lck);
	lxt_say("stat", stat(name, &st));
	lxt_sayx("mode", st.st_mode);
	lxt_say("gid", st.st_gid);
	lxt_say("uid-is-euid", st.st_uid == geteuid());
	lxt_say("major", major(st.st_rdev));
	lxt_say("minor-is-n", minor(st.st_rdev) == n);
	s = OPEN(name, O_RDWR | O_NOCTTY);
	lxt_say("open", s >= 0);
	lxt_say("fstat", fstat(s, &fst));
	lxt_say("same-rdev", fst.st_rdev == st.st_rdev);
	lxt_say("isatty", isatty(s));
	lxt_say("fstat-master", fstat(m, &fst));
	lxt_say("master-major", major(fst.st_rdev));
	lxt_say("master-minor", minor(fst.st_rdev));
	lxt_say("ptmx-in-pts", stat("/dev/pts/ptmx", &st));
	lxt_sayx("ptmx-mode", st.st_mode);
	lxt_say("no-such-pty", OPEN("/dev/pts/77", O_RDWR | O_NOCTTY));
	lxt_say("second", posix_openpt(O_RDWR | O_NOCTTY) >= 0);
	lxt_say("gptn", IOCTL(m + 2, TIOCGPTN, &n));
	lxt_say("n", n);
}

TEST_F(pty, glibc_opens_grants_unlocks_and_names_a_pty)
{
	DIFF(.body = glibc_body,
	     .expect_out = "posix_openpt=1\ngptn=0\nn=0\ngptlck=0\nlocked=1\ngrantpt=0\n"
			   "ptsname_r=0\nname-is-pts-n=1\nopen-locked=-E5\nunlockpt=0\n"
			   "gptlck=0\nlocked=0\nstat=0\nmode=0x2190\ngid=5\nuid-is-euid=1\n"
			   "major=136\nminor-is-n=1\nopen=1\nfstat=0\nsame-rdev=1\nisatty=1\n"
			   "fstat-master=0\nmaster-major=5\nmaster-minor=2\nptmx-in-pts=0\n"
			   "ptmx-mode=0x21b6\nno-such-pty=-ENOENT\nsecond=1\ngptn=0\nn=1\n");
}

/* ---- the line discipline ---------------------------------------------------- */

static void ldisc_body(void *arg)
{
	char name[32], buf[64];
	struct kterm t;
	long s, n;
	int m = new_master(name, sizeof(name));

	s = OPEN(name, O_RDWR | O_NOCTTY);
	lxt_say("open", s >= 0);
	/* Canonical input: a line at a time, echoed with ONLCR. */
	lxt_say("type", lxt_write(m, "hel", 3));
	lxt_say("no-line-yet", readable(s));
	lxt_say("type", lxt_write(m, "lo\n", 3));
	n = read_full(s, buf, 6);
	lxt_say_data("line", buf, n);
	n = read_full(m, buf, 7);
	lxt_say_data("echo", buf, n);
	/* Erase (DEL) edits the line. */
	lxt_say("type", lxt_write(m, "ab\177c\n", 5));
	n = read_full(s, buf, 3);
	lxt_say_data("edited", buf, n);
	n = read_full(m, buf, 8);
	lxt_say_data("echo", buf, n);
	/* Output processing: "\n" becomes "\r\n". */
	lxt_say("write", lxt_write(s, "x\n", 2));
	n = read_full(m, buf, 3);
	lxt_say_data("out", buf, n);
	/* Raw, no echo: bytes at once, nothing comes back. */
	lxt_say("tcgets", IOCTL(s, TCGETS, &t));
	t.lflag &= ~(ICANON | ECHO);
	t.cc[VMIN] = 1;
	t.cc[VTIME] = 0;
	lxt_say("tcsets", IOCTL(s, TCSETS, &t));
	lxt_say("type", lxt_write(m, "ab", 2));
	n = read_full(s, buf, 2);
	lxt_say_data("raw", buf, n);
	lxt_say("no-echo", readable(m));
	n = 0;
	lxt_say("fionread", IOCTL(s, FIONREAD, &n));
	lxt_say("queued", n);
	lxt_say("close-slave", lxt_close(s));
	lxt_say("master-hup", readable(m));
}

TEST_F(pty, the_line_discipline_edits_echoes_and_translates)
{
	DIFF(.body = ldisc_body,
	     .expect_out = "open=1\ntype=3\nno-line-yet=0\ntype=3\nline=6 'hello\\x0a'\n"
			   "echo=7 'hello\\x0d\\x0a'\ntype=5\nedited=3 'ac\\x0a'\n"
			   "echo=8 'ab\\x08 \\x08c\\x0d\\x0a'\nwrite=2\nout=3 'x\\x0d\\x0a'\ntcgets=0\n"
			   "tcsets=0\ntype=2\nraw=2 'ab'\nno-echo=0\nfionread=0\nqueued=0\n"
			   "close-slave=0\nmaster-hup=1\n");
}

/* The same as an unprivileged host user (the devpts was mounted before). */
static void private_devpts_unprivileged(void *arg)
{
	private_devpts(arg);
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		dprintf(2, "drop: %s\n", strerror(errno));
}

static void unprivileged_body(void *arg)
{
	struct stat st = { 0 };
	char name[32];
	int m = new_master(name, sizeof(name));
	long s;

	lxt_say("master", m >= 0);
	lxt_say("stat", stat(name, &st));
	lxt_say("uid-is-euid", st.st_uid == geteuid());
	s = OPEN(name, O_RDWR | O_NOCTTY);
	lxt_say("slave", s >= 0);
	lxt_say("write", lxt_write(s, "u\n", 2));
	lxt_say("readable", readable(m));
}

TEST_F(pty, an_unprivileged_host_user_opens_ptys)
{
	static const struct lxt_case c = {
		.setup = private_devpts_unprivileged, .body = unprivileged_body,
		.expect_out = "master=1\nstat=0\nuid-is-euid=1\nslave=1\nwrite=2\nreadable=1\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- window size, SIGWINCH and Ctrl-C ---------------------------------------- */

static int report_fd = -1;
static volatile sig_atomic_t got_int;

static void on_signal(int sig)
{
	char c = sig == SIGWINCH ? 'W' : 'I';

	if (sig == SIGINT)
		got_int = 1;
	lxt_write(report_fd, &c, 1);
}

/* The slave's session: it takes the terminal and waits for Ctrl-C. */
static void __attribute__((noreturn)) session_child(const char *name, int rep)
{
	sigset_t block, none;
	long s;

	lxt_syscall0(SYS_setsid);
	s = OPEN(name, O_RDWR | O_NOCTTY);
	if (s < 0 || IOCTL(s, TIOCSCTTY, 0))
		lxt_raw_exit(3);
	report_fd = rep;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, NULL);
	signal(SIGWINCH, on_signal);
	signal(SIGINT, on_signal);
	lxt_write(rep, "r", 1);
	sigemptyset(&none);
	while (!got_int)
		sigsuspend(&none);
	lxt_raw_exit(0);
}

static void signals_body(void *arg)
{
	struct winsize ws = { .ws_row = 30, .ws_col = 100 }, got = { 0 };
	char name[32], c[4];
	int p[2], pg = 0;
	int m = new_master(name, sizeof(name));
	long pid;

	lxt_pipe(p);
	pid = lxt_fork();
	if (pid == 0)
		session_child(name, p[1]);
	lxt_say_data("ready", c, read_full(p[0], c, 1));
	lxt_say("gpgrp", IOCTL(m, TIOCGPGRP, &pg));
	lxt_say("fg-is-child", pg == pid);
	lxt_say("swinsz", IOCTL(m, TIOCSWINSZ, &ws));
	lxt_say_data("signal", c, read_full(p[0], c, 1));
	lxt_say("gwinsz", IOCTL(m, TIOCGWINSZ, &got));
	lxt_say("rows", got.ws_row);
	lxt_say("cols", got.ws_col);
	lxt_say("same-size", IOCTL(m, TIOCSWINSZ, &ws));
	lxt_say("no-signal", readable(p[0]));
	lxt_say("ctrl-c", lxt_write(m, "\003", 1));
	lxt_say_data("signal", c, read_full(p[0], c, 1));
	lxt_say("child", lxt_wait(pid));
	lxt_say("tiocsig-no-group", IOCTL(m, TIOCSIG, SIGINT));
}

TEST_F(pty, resize_and_ctrl_c_signal_the_foreground_group)
{
	DIFF(.body = signals_body,
	     .expect_out = "ready=1 'r'\ngpgrp=0\nfg-is-child=1\nswinsz=0\nsignal=1 'W'\n"
			   "gwinsz=0\nrows=30\ncols=100\nsame-size=0\nno-signal=0\nctrl-c=1\n"
			   "signal=1 'I'\nchild=0\ntiocsig-no-group=0\n");
}

/* ---- TIOCGPTPEER ------------------------------------------------------------ */

static void peer_body(void *arg)
{
	struct stat st = { 0 };
	unsigned int n = 99;
	int zero = 0, p[2];
	char buf[16];
	long m, s;

	m = OPEN("/dev/ptmx", O_RDWR | O_NOCTTY);
	lxt_say("peer-locked", IOCTL(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	lxt_say("unlock", IOCTL(m, TIOCSPTLCK, &zero));
	s = IOCTL(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	lxt_say("peer", s > m);
	lxt_say("cloexec", lxt_fcntl(s, F_GETFD, 0));
	lxt_say("rdwr", (lxt_fcntl(s, F_GETFL, 0) & O_ACCMODE) == O_RDWR);
	lxt_say("fstat", fstat(s, &st));
	IOCTL(m, TIOCGPTN, &n);
	lxt_say("is-the-slave", major(st.st_rdev) == 136 && minor(st.st_rdev) == n);
	lxt_say("write", lxt_write(s, "ping\n", 5));
	lxt_say_data("master-reads", buf, read_full(m, buf, 6));
	lxt_say("peer-of-slave", IOCTL(s, TIOCGPTPEER, O_RDWR));
	lxt_pipe(p);
	lxt_say("peer-of-pipe", IOCTL(p[0], TIOCGPTPEER, O_RDWR));
	lxt_say("ptn-of-pipe", IOCTL(p[0], TIOCGPTN, &n));
}

TEST_F(pty, tiocgptpeer_opens_the_slave_of_exactly_this_master)
{
	DIFF(.body = peer_body,
	     .expect_out = "peer-locked=-E5\nunlock=0\npeer=1\ncloexec=1\nrdwr=1\nfstat=0\n"
			   "is-the-slave=1\nwrite=5\nmaster-reads=6 'ping\\x0d\\x0a'\n"
			   "peer-of-slave=-E5\npeer-of-pipe=-ENOTTY\nptn-of-pipe=-ENOTTY\n");
}

/* ---- isolation (pico only) -------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in @dir other than "." and "..", sorted, on one line. */
static void say_dir(const char *tag, const char *dir)
{
	char buf[4096], line[512], *names[64];
	long fd, n, off;
	unsigned int k = 0, i;

	fd = OPEN(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		lxt_say(tag, fd);
		return;
	}
	n = lxt_syscall6(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0, 0);
	for (off = 0; off < n && k < 64; ) {
		struct dirent64 *d = (struct dirent64 *)(buf + off);

		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			names[k++] = d->d_name;
		off += d->d_reclen;
	}
	qsort(names, k, sizeof(names[0]), cmp_str);
	snprintf(line, sizeof(line), "%s=", tag);
	for (i = 0; i < k; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s",
			 i ? "," : "", names[i]);
	lxt_say_text(line);
	lxt_close(fd);
}

static char host_pty[32];

static void isolated_body(void *arg)
{
	char name[32];
	int m;

	say_dir("before", "/dev/pts");
	lxt_say("host-pty", OPEN(host_pty, O_RDWR | O_NOCTTY));
	lxt_say("pts-0", OPEN("/dev/pts/0", O_RDWR | O_NOCTTY));
	m = new_master(name, sizeof(name));
	lxt_say("own", m >= 0);
	lxt_say("own-is-0", !strcmp(name, "/dev/pts/0"));
	say_dir("after", "/dev/pts");
	lxt_say("open-own", OPEN(name, O_RDWR | O_NOCTTY) >= 0);
}

/* Count the host's /dev/pts entries. */
static int host_pts_count(void)
{
	struct dirent *d;
	DIR *dir = opendir("/dev/pts");
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		n++;
	closedir(dir);
	return n;
}

TEST_F(pty, no_pty_of_the_host_or_of_another_instance_is_visible)
{
	static const struct lxt_case c = { .body = isolated_body };
	static struct lxt_result r;
	int ctl[2], rep[2], other, host, before, during;
	char line[64] = "";
	size_t len;
	ssize_t n;
	pid_t pid;

	if (lxt_native_only())
		SKIP(return, "pico only");
	/* A host pty, open in this process. */
	host = posix_openpt(O_RDWR | O_NOCTTY);
	ASSERT_LE(0, host);
	ASSERT_EQ(0, unlockpt(host));
	snprintf(host_pty, sizeof(host_pty), "%s", ptsname(host));
	before = host_pts_count();
	/* Another instance holding its pty 0 open. */
	other = pty_instance(self->dev, "pty-other");
	ASSERT_LE(0, other);
	ASSERT_EQ(0, pipe(ctl));
	ASSERT_EQ(0, pipe(rep));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (dup2(ctl[0], 0) < 0 || dup2(rep[1], 1) < 0 || lxt_enter(other))
			_exit(1);
		lxt_say("other", new_master(line, sizeof(line)) >= 0);
		lxt_say_text(line);
		lxt_read(0, line, 1);
		lxt_raw_exit(0);
	}
	close(ctl[0]);
	close(rep[1]);
	/* Two lines, in two writes. */
	for (len = 0; len < sizeof(line) - 1 && !strstr(line, "\n/dev/pts/0\n"); len += n) {
		n = read(rep[0], line + len, sizeof(line) - 1 - len);
		if (n <= 0)
			break;
		line[len + n] = 0;
	}
	EXPECT_STREQ("other=1\n/dev/pts/0\n", line);
	during = host_pts_count();
	EXPECT_EQ(before, during);
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("before=ptmx\nhost-pty=-ENOENT\npts-0=-ENOENT\nown=1\nown-is-0=1\n"
		     "after=0,ptmx\nopen-own=1\n", r.out);
	close(ctl[1]);
	waitpid(pid, NULL, 0);
	close(rep[0]);
	close(other);
	close(host);
}

TEST_HARNESS_MAIN
