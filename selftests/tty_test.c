// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl(2) on pico handles, differential: each body runs natively and as a
 * pico process with the slave of a fresh host pty as fd 0 (fd 1 and 2 are
 * pipes): isatty, termios round trips, window size, controlling terminal
 * and sessions, FIONREAD, FIONBIO, FIOCLEX/FIONCLEX through exec, unknown
 * commands. Pico only: an unknown command is counted unimplemented, and a
 * process group or session of the host is never named (TIOCSPGRP refused,
 * TIOCGPGRP/TIOCGSID report 0).
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <termios.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define IOCTL(fd, cmd, arg) lxt_syscall6(SYS_ioctl, (fd), (cmd), (long)(arg), 0, 0, 0)

/* The kernel's struct termios (TCGETS/TCSETS*), not glibc's. */
struct kterm {
	unsigned int iflag, oflag, cflag, lflag;
	unsigned char line;
	unsigned char cc[19];
};

static int pty_slave = -1;
static struct termios pty_saved;

/* Before the body: fd 0 is the pty's slave, in its initial settings. */
static void slave_as_stdin(void *arg)
{
	signal(SIGTTOU, SIG_IGN);	/* first: it may be in the background */
	tcsetattr(pty_slave, TCSANOW, &pty_saved);
	dup2(pty_slave, 0);
}

FIXTURE(tty) {
	int dev;
	int inst;
	int master;
};

FIXTURE_SETUP(tty)
{
	self->dev = -1;
	self->inst = -1;
	self->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, self->master);
	ASSERT_EQ(0, grantpt(self->master));
	ASSERT_EQ(0, unlockpt(self->master));
	pty_slave = open(ptsname(self->master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, pty_slave);
	ASSERT_EQ(0, tcgetattr(pty_slave, &pty_saved));
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "tty");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(tty)
{
	if (pty_slave >= 0)
		close(pty_slave);
	if (self->master >= 0)
		close(self->master);
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { .setup = slave_as_stdin, __VA_ARGS__ }; \
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/* ---- terminals -------------------------------------------------------------- */

static void isatty_body(void *arg)
{
	struct kterm t;

	lxt_say("tcgets-tty", IOCTL(0, TCGETS, &t));
	lxt_say("tcgets-pipe", IOCTL(1, TCGETS, &t));
	lxt_say("tcgets-badfd", IOCTL(77, TCGETS, &t));
	lxt_say("tcgets-efault", IOCTL(0, TCGETS, 8));
	lxt_say("gwinsz-pipe", IOCTL(2, TIOCGWINSZ, &t));
	lxt_say("gpgrp-pipe", IOCTL(1, TIOCGPGRP, &t));
	lxt_say("sctty-pipe", IOCTL(1, TIOCSCTTY, 0));
}

TEST_F(tty, only_the_terminal_answers_terminal_commands)
{
	DIFF(.body = isatty_body,
	     .expect_out = "tcgets-tty=0\ntcgets-pipe=-ENOTTY\ntcgets-badfd=-EBADF\n"
			   "tcgets-efault=-EFAULT\ngwinsz-pipe=-ENOTTY\ngpgrp-pipe=-ENOTTY\n"
			   "sctty-pipe=-ENOTTY\n");
}

/*
 * The rest of the terminal list on a standard handle that is a host pty's
 * slave (not the caller's terminal; the caller leads no session) and on
 * one that is a pipe (fd 2, empty): pty master commands, TIOCNOTTY, TIOCSCTTY, TIOCGSID,
 * FIONREAD, with Linux's errors.
 */
static void stdhandles_body(void *arg)
{
	static const char *const names[] = { "tty", "", "pipe" };
	struct kterm t;
	int fd, v, off = 0;

	for (fd = 0; fd < 3; fd += 2) {
		const char *n = names[fd];
		char tag[32];

#define SAY(cmd, r) do { snprintf(tag, sizeof(tag), "%s-%s", n, cmd); lxt_say(tag, r); } while (0)
		memset(&t, 0, sizeof(t));
		SAY("tcgets", IOCTL(fd, TCGETS, &t));
		SAY("tcsetsw", IOCTL(fd, TCSETSW, &t));
		SAY("tcsetsf", IOCTL(fd, TCSETSF, &t));
		SAY("tiocgptn", IOCTL(fd, TIOCGPTN, &v));
		SAY("tiocsptlck", IOCTL(fd, TIOCSPTLCK, &off));
		SAY("tiocgptpeer", IOCTL(fd, TIOCGPTPEER, O_RDWR | O_NOCTTY));
		SAY("tiocgsid", IOCTL(fd, TIOCGSID, &v));
		SAY("tiocnotty", IOCTL(fd, TIOCNOTTY, 0));
		SAY("tiocsctty", IOCTL(fd, TIOCSCTTY, 0));
		v = -1;
		SAY("fionread", IOCTL(fd, FIONREAD, &v));
		SAY("n", v);
		SAY("lseek", lxt_syscall6(SYS_lseek, fd, 0, SEEK_CUR, 0, 0, 0));
		SAY("lseek-bad-whence", lxt_syscall6(SYS_lseek, fd, 0, 7, 0, 0, 0));
#undef SAY
	}
}

#define STD_NOT_MASTER(n) n "-tiocgptn=-ENOTTY\n" n "-tiocsptlck=-ENOTTY\n"
#define STD_REST(n) n "-tiocgsid=-ENOTTY\n" n "-tiocnotty=-ENOTTY\n"

TEST_F(tty, the_rest_of_the_terminal_commands_on_standard_handles)
{
	DIFF(.body = stdhandles_body,
	     .expect_out = "tty-tcgets=0\ntty-tcsetsw=0\ntty-tcsetsf=0\n" STD_NOT_MASTER("tty")
			   "tty-tiocgptpeer=-E5\n" STD_REST("tty") "tty-tiocsctty=-EPERM\n"
			   "tty-fionread=0\ntty-n=0\ntty-lseek=-ESPIPE\n"
			   "tty-lseek-bad-whence=-EINVAL\n"
			   "pipe-tcgets=-ENOTTY\npipe-tcsetsw=-ENOTTY\npipe-tcsetsf=-ENOTTY\n"
			   STD_NOT_MASTER("pipe") "pipe-tiocgptpeer=-ENOTTY\n" STD_REST("pipe")
			   "pipe-tiocsctty=-ENOTTY\npipe-fionread=0\npipe-n=0\n"
			   "pipe-lseek=-ESPIPE\npipe-lseek-bad-whence=-EINVAL\n");
}

static void termios_body(void *arg)
{
	struct kterm t, u;

	lxt_say("get", IOCTL(0, TCGETS, &t));
	lxt_say("echo-icanon", !!(t.lflag & ECHO) * 10 + !!(t.lflag & ICANON));
	t.lflag &= ~(ECHO | ICANON);
	t.cc[VMIN] = 3;
	lxt_say("set", IOCTL(0, TCSETS, &t));
	memset(&u, 0, sizeof(u));
	lxt_say("get", IOCTL(0, TCGETS, &u));
	lxt_say("echo-icanon", !!(u.lflag & ECHO) * 10 + !!(u.lflag & ICANON));
	lxt_say("vmin", u.cc[VMIN]);
	u.lflag |= ECHO;
	lxt_say("setw", IOCTL(0, TCSETSW, &u));
	u.lflag |= ICANON;
	lxt_say("setf", IOCTL(0, TCSETSF, &u));
	lxt_say("get", IOCTL(0, TCGETS, &t));
	lxt_say("echo-icanon", !!(t.lflag & ECHO) * 10 + !!(t.lflag & ICANON));
	lxt_say("set-efault", IOCTL(0, TCSETS, 16));
}

TEST_F(tty, termios_settings_round_trip)
{
	DIFF(.body = termios_body,
	     .expect_out = "get=0\necho-icanon=11\nset=0\nget=0\necho-icanon=0\nvmin=3\n"
			   "setw=0\nsetf=0\nget=0\necho-icanon=11\nset-efault=-EFAULT\n");
}

static void winsize_body(void *arg)
{
	struct winsize w = { .ws_row = 33, .ws_col = 99 }, g = { 0 };

	lxt_say("set", IOCTL(0, TIOCSWINSZ, &w));
	lxt_say("get", IOCTL(0, TIOCGWINSZ, &g));
	lxt_say("rows", g.ws_row);
	lxt_say("cols", g.ws_col);
	lxt_say("get-efault", IOCTL(0, TIOCGWINSZ, 8));
}

TEST_F(tty, the_window_size_is_set_and_read)
{
	DIFF(.body = winsize_body,
	     .expect_out = "set=0\nget=0\nrows=33\ncols=99\nget-efault=-EFAULT\n");
}

/*
 * A new session takes the terminal (TIOCSCTTY), is its session and
 * foreground group, and gives it up (TIOCNOTTY). In a forked child: the
 * body's process leads a group, so it cannot setsid.
 */
static void ctty_body(void *arg)
{
	unsigned long hup = 1UL << (SIGHUP - 1);
	long pid = lxt_fork();
	int v = 0;

	if (pid == 0) {
		long sid = lxt_syscall0(SYS_setsid);

		lxt_say("setsid-is-self", sid == lxt_syscall0(SYS_getpid));
		lxt_say("gsid-no-ctty", IOCTL(0, TIOCGSID, &v));
		lxt_say("sctty", IOCTL(0, TIOCSCTTY, 0));
		lxt_say("gsid", IOCTL(0, TIOCGSID, &v));
		lxt_say("sid-is-self", v == sid);
		v = 0;
		lxt_say("gpgrp", IOCTL(0, TIOCGPGRP, &v));
		lxt_say("pgrp-is-self", v == sid);
		lxt_say("spgrp-self", IOCTL(0, TIOCSPGRP, &v));
		v = -5;
		lxt_say("spgrp-negative", IOCTL(0, TIOCSPGRP, &v));
		lxt_say("spgrp-efault", IOCTL(0, TIOCSPGRP, 8));
		/* The leader giving it up hangs its group up: block SIGHUP. */
		lxt_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&hup, 0, 8, 0, 0);
		lxt_say("notty", IOCTL(0, TIOCNOTTY, 0));
		lxt_say("gsid-after", IOCTL(0, TIOCGSID, &v));
		lxt_raw_exit(0);
	}
	lxt_say("child", lxt_wait(pid));
}

TEST_F(tty, a_new_session_takes_and_gives_up_the_terminal)
{
	DIFF(.body = ctty_body,
	     .expect_out = "setsid-is-self=1\ngsid-no-ctty=-ENOTTY\nsctty=0\ngsid=0\n"
			   "sid-is-self=1\ngpgrp=0\npgrp-is-self=1\nspgrp-self=0\n"
			   "spgrp-negative=-EINVAL\nspgrp-efault=-EFAULT\nnotty=0\n"
			   "gsid-after=-ENOTTY\nchild=0\n");
}

/* ---- fd commands on every handle ---------------------------------------------------- */

static void fionread_body(void *arg)
{
	int p[2], n = -1;

	lxt_say("pipe", lxt_pipe(p));
	lxt_say("empty", IOCTL(p[0], FIONREAD, &n));
	lxt_say("n", n);
	lxt_write(p[1], "hello", 5);
	lxt_write(p[1], "abc", 3);
	lxt_say("read-end", IOCTL(p[0], FIONREAD, &n));
	lxt_say("n", n);
	n = -1;
	lxt_say("write-end", IOCTL(p[1], FIONREAD, &n));
	lxt_say("n", n);
	lxt_say("efault", IOCTL(p[0], FIONREAD, 8));
	n = -1;
	lxt_say("tty", IOCTL(0, FIONREAD, &n));
	lxt_say("n", n);
}

TEST_F(tty, fionread_counts_what_a_pipe_and_a_terminal_hold)
{
	DIFF(.body = fionread_body,
	     .expect_out = "pipe=0\nempty=0\nn=0\nread-end=0\nn=8\nwrite-end=0\nn=8\n"
			   "efault=-EFAULT\ntty=0\nn=0\n");
}

static void fionbio_body(void *arg)
{
	int p[2], on = 1, off = 0;
	char c;

	lxt_pipe(p);
	lxt_say("fionbio", IOCTL(p[0], FIONBIO, &on));
	lxt_sayx("getfl", lxt_fcntl(p[0], F_GETFL, 0));
	lxt_say("read", lxt_read(p[0], &c, 1));
	lxt_say("fionbio-off", IOCTL(p[0], FIONBIO, &off));
	lxt_sayx("getfl", lxt_fcntl(p[0], F_GETFL, 0));
	lxt_say("efault", IOCTL(p[0], FIONBIO, 8));
	lxt_say("fionbio-tty", IOCTL(0, FIONBIO, &on));
	lxt_sayx("getfl-tty", lxt_fcntl(0, F_GETFL, 0) & O_NONBLOCK);
	lxt_say("read-tty", lxt_read(0, &c, 1));
	lxt_say("fionbio-tty-off", IOCTL(0, FIONBIO, &off));
	lxt_say("fioasync-off", IOCTL(p[0], FIOASYNC, &off));
	lxt_say("badfd", IOCTL(99, FIONBIO, &on));
}

TEST_F(tty, fionbio_makes_reads_fail_with_eagain)
{
	DIFF(.body = fionbio_body,
	     .expect_out = "fionbio=0\ngetfl=0x800\nread=-EAGAIN\nfionbio-off=0\ngetfl=0x0\n"
			   "efault=-EFAULT\nfionbio-tty=0\ngetfl-tty=0x800\nread-tty=-EAGAIN\n"
			   "fionbio-tty-off=0\nfioasync-off=0\nbadfd=-EBADF\n");
}

static char probe_path[128];

static void fioclex_body(void *arg)
{
	static const char *const envp[] = { NULL };
	const char *argv[] = { probe_path, NULL };

	lxt_say("dup", lxt_dup2(1, 5));
	lxt_say("dup", lxt_dup2(1, 6));
	lxt_say("fioclex", IOCTL(5, FIOCLEX, 0));
	lxt_say("getfd", lxt_fcntl(5, F_GETFD, 0));
	lxt_say("fioclex", IOCTL(6, FIOCLEX, 0));
	lxt_say("fionclex", IOCTL(6, FIONCLEX, 0));
	lxt_say("getfd", lxt_fcntl(6, F_GETFD, 0));
	lxt_say("fioclex-badfd", IOCTL(42, FIOCLEX, 0));
	lxt_syscall6(SYS_execve, (long)probe_path, (long)argv, (long)envp, 0, 0, 0);
	lxt_say_text("execve failed");
}

TEST_F(tty, fioclex_closes_on_exec_and_fionclex_keeps)
{
	const char *dir = getenv("LXT_HELPERS_DIR");

	snprintf(probe_path, sizeof(probe_path), "%s/fd-probe", dir ? dir : LXT_HELPERS);
	DIFF(.body = fioclex_body,
	     .expect_out = "dup=5\ndup=6\nfioclex=0\ngetfd=1\nfioclex=0\nfionclex=0\ngetfd=0\n"
			   "fioclex-badfd=-EBADF\nexec: open 0 1 2 6\n",
	     .expect_end = "exit=71");
}

/* ---- what lxcore does not serve ------------------------------------------------------ */

#define UNKNOWN_CMD _IOR('x', 0x63, int)

static void unknown_body(void *arg)
{
	int p[2], v;

	lxt_pipe(p);
	lxt_say("tty", IOCTL(0, UNKNOWN_CMD, &v));
	lxt_say("pipe", IOCTL(p[0], UNKNOWN_CMD, &v));
	lxt_say("tiocexcl-pipe", IOCTL(p[0], TIOCEXCL, 0));
}

TEST_F(tty, unknown_commands_are_enotty_and_counted)
{
	static const struct lxt_case c = { .setup = slave_as_stdin, .body = unknown_body };
	static struct lxt_result native, pico;
	struct lxt_counters before, after;
	const char *want = "tty=-ENOTTY\npipe=-ENOTTY\ntiocexcl-pipe=-ENOTTY\n";

	ASSERT_EQ(0, lxt_run_case(-1, &c, &native));
	EXPECT_STREQ(want, native.out);
	if (lxt_native_only())
		return;
	ASSERT_EQ(0, lxt_query(self->inst, &before));
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &pico));
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	EXPECT_STREQ(native.out, pico.out);
	EXPECT_STREQ("exit=0", pico.end);
	EXPECT_EQ(3, after.unimpl[SYS_ioctl] - before.unimpl[SYS_ioctl]);
	EXPECT_EQ(3, after.q.total_unimplemented - before.q.total_unimplemented);
}

/*
 * Pico only: a host process X leads a session whose terminal is the pty and
 * whose foreground group is X's; the body runs in X's session (in a group
 * of its own). Natively it sees and may pick X's group; a pico process
 * sees 0 for X's group and session, and may not make X's group the
 * foreground.
 */
static pid_t host_leader;

static void host_group_body(void *arg)
{
	int v = -1, host = (int)host_leader;
	long pgid = lxt_syscall6(SYS_getpgid, 0, 0, 0, 0, 0, 0);

	lxt_say("gsid", IOCTL(0, TIOCGSID, &v));
	lxt_say("sid-is-host", v == host);
	lxt_say("sid-is-zero", v == 0);
	v = -1;
	lxt_say("gpgrp", IOCTL(0, TIOCGPGRP, &v));
	lxt_say("pgrp-is-host", v == host);
	lxt_say("pgrp-is-zero", v == 0);
	lxt_say("spgrp-host", IOCTL(0, TIOCSPGRP, &host));
	/* A resize signals the foreground group: X's. */
	lxt_say("swinsz", IOCTL(0, TIOCSWINSZ, &(struct winsize){ .ws_row = 5 }));
	v = (int)pgid;
	lxt_say("spgrp-own", IOCTL(0, TIOCSPGRP, &v));
	v = -1;
	lxt_say("gpgrp", IOCTL(0, TIOCGPGRP, &v));
	lxt_say("pgrp-is-own", v == pgid);
	lxt_say("spgrp-host-again", IOCTL(0, TIOCSPGRP, &host));
}

/* Run @c in @inst (or natively) from a host process leading the pty's session. */
static int run_in_host_session(int inst, const struct lxt_case *c, struct lxt_result *shared)
{
	pid_t x = fork();
	int status;

	if (x < 0)
		return -1;
	if (x == 0) {
		host_leader = getpid();
		if (setsid() < 0 || ioctl(pty_slave, TIOCSCTTY, 0))
			_exit(2);
		_exit(lxt_run_case(inst, c, shared) ? 3 : 0);
	}
	if (waitpid(x, &status, 0) != x)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(tty, host_groups_and_sessions_are_never_named)
{
	static const struct lxt_case c = { .setup = slave_as_stdin, .body = host_group_body };
	struct lxt_result *r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, r);
	ASSERT_EQ(0, run_in_host_session(-1, &c, r));
	EXPECT_STREQ("gsid=0\nsid-is-host=1\nsid-is-zero=0\ngpgrp=0\npgrp-is-host=1\n"
		     "pgrp-is-zero=0\nspgrp-host=0\nswinsz=0\nspgrp-own=0\ngpgrp=0\n"
		     "pgrp-is-own=1\nspgrp-host-again=0\n", r->out) TH_LOG("end %s err %s", r->end, r->err);
	if (!lxt_native_only()) {
		ASSERT_EQ(0, run_in_host_session(self->inst, &c, r));
		EXPECT_STREQ("gsid=0\nsid-is-host=0\nsid-is-zero=1\ngpgrp=0\npgrp-is-host=0\n"
			     "pgrp-is-zero=1\nspgrp-host=-EPERM\nswinsz=-EPERM\nspgrp-own=0\n"
			     "gpgrp=0\npgrp-is-own=1\nspgrp-host-again=-EPERM\n", r->out);
		EXPECT_STREQ("exit=0", r->end);
	}
	munmap(r, sizeof(*r));
}

TEST_HARNESS_MAIN
