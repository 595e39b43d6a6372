// SPDX-License-Identifier: GPL-2.0
/*
 * lx_tty.c - the pty relay of interactive runs (see lx_tty.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "lx_tty.h"

static struct termios lx_saved;
static volatile sig_atomic_t lx_raw_on;
static int lx_winch_pipe[2] = { -1, -1 };

int lx_tty_open(int *master, int *slave)
{
	struct winsize ws;
	struct termios t;
	int m, s;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return -1;
	if (grantpt(m) < 0 || unlockpt(m) < 0)
		goto fail;
	s = open(ptsname(m), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		goto fail;
	if (tcgetattr(STDIN_FILENO, &t) == 0)
		tcsetattr(s, TCSANOW, &t);
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(m, TIOCSWINSZ, &ws);
	*master = m;
	*slave = s;
	return 0;
fail:
	{
		int saved = errno;

		close(m);
		errno = saved;
	}
	return -1;
}

void lx_tty_restore(void)
{
	if (lx_raw_on) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &lx_saved);
		lx_raw_on = 0;
	}
}

static void lx_fatal_signal(int sig)
{
	lx_tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void lx_winch(int sig)
{
	int saved = errno;
	ssize_t r;

	(void)sig;
	r = write(lx_winch_pipe[1], "w", 1);
	(void)r;
	errno = saved;
}

int lx_tty_raw(void)
{
	static const int fatal[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGABRT, SIGSEGV, SIGBUS };
	struct sigaction sa;
	struct termios raw;
	size_t i;

	if (tcgetattr(STDIN_FILENO, &lx_saved) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lx_fatal_signal;
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	atexit(lx_tty_restore);
	raw = lx_saved;
	cfmakeraw(&raw);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0)
		return -1;
	lx_raw_on = 1;
	return 0;
}

/* Write all of @buf; false if @fd is gone. */
static bool put_all(int fd, const char *buf, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, buf, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		buf += w;
		n -= (size_t)w;
	}
	return true;
}

int lx_tty_relay(int master, int sock)
{
	struct sigaction sa;
	bool in_open = true, master_gone = false;
	char buf[4096];

	if (pipe2(lx_winch_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lx_winch;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	for (;;) {
		struct pollfd p[4] = {
			{ .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN },
			{ .fd = master, .events = POLLIN },
			{ .fd = sock, .events = POLLIN },
			{ .fd = lx_winch_pipe[0], .events = POLLIN },
		};
		ssize_t n;

		if (poll(p, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[3].revents) {
			struct winsize ws;

			while (read(lx_winch_pipe[0], buf, sizeof(buf)) > 0)
				;
			if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
		}
		if (p[1].revents) {
			n = read(master, buf, sizeof(buf));
			if (n > 0)
				put_all(STDOUT_FILENO, buf, (size_t)n);
			else if (n == 0 || (errno != EINTR && errno != EAGAIN))
				master_gone = true;	/* EIO: no slave left */
		}
		if (p[0].revents) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n > 0)
				put_all(master, buf, (size_t)n);
			else if (n == 0 || (errno != EINTR && errno != EAGAIN))
				in_open = false;
		}
		if (p[2].revents) {
			/* the end: what the session wrote last is still in the master */
			int fl = fcntl(master, F_GETFL);

			fcntl(master, F_SETFL, fl | O_NONBLOCK);
			while ((n = read(master, buf, sizeof(buf))) > 0)
				put_all(STDOUT_FILENO, buf, (size_t)n);
			return 0;
		}
		if (master_gone) {
			/* master hung up: wait for the end alone */
			struct pollfd q = { .fd = sock, .events = POLLIN };

			while (poll(&q, 1, -1) < 0 && errno == EINTR)
				;
			return 0;
		}
	}
}
