// SPDX-License-Identifier: GPL-2.0
/*
 * lx_pty.c - drives a command through a pseudo-terminal for lx_test.sh, the
 * way a person at a terminal would (busybox has no script(1) nor expect):
 *
 *   lx-pty [-t SECONDS] [-s ROWSxCOLS] STEP... -- CMD [ARGS...]
 *
 * -s: the terminal's size from the start (default 24x80).
 * CMD runs as the session leader of a new pty; the steps run in order:
 *   send:TEXT     type TEXT (\n, \r, \003 (^C), \004 (^D), \\ understood)
 *   expect:TEXT   wait until TEXT has appeared in the output since the last expect
 *   winsize:RxC   set the terminal size (the slave sees SIGWINCH)
 *   sleep:MS
 * Then it waits for CMD and exits with CMD's status (128+N for signal N).
 * Everything CMD wrote is copied to stdout. A step that fails (timeout)
 * exits 99 with a message on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char seen[1 << 16];
static size_t nseen, mark;
static int master;
static int timeout_s = 60;

static void unescape(const char *in, char *out, size_t *n)
{
	size_t k = 0;

	while (*in) {
		if (*in == '\\' && in[1]) {
			in++;
			switch (*in) {
			case 'n':
				out[k++] = '\n';
				break;
			case 'r':
				out[k++] = '\r';
				break;
			case '\\':
				out[k++] = '\\';
				break;
			default:
				if (*in >= '0' && *in <= '7') {
					out[k++] = (char)strtol(in, (char **)&in, 8);
					continue;
				}
				out[k++] = *in;
			}
			in++;
		} else {
			out[k++] = *in++;
		}
	}
	out[k] = 0;
	*n = k;
}

/* Read what is there (up to @ms); false at EOF/EIO. */
static int pump(int ms)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return 1;
	n = read(master, buf, sizeof(buf));
	if (n <= 0)
		return 0;
	fwrite(buf, 1, (size_t)n, stdout);
	fflush(stdout);
	if (nseen + (size_t)n >= sizeof(seen)) {
		memmove(seen, seen + sizeof(seen) / 2, sizeof(seen) / 2);
		nseen -= sizeof(seen) / 2;
		mark = mark > sizeof(seen) / 2 ? mark - sizeof(seen) / 2 : 0;
	}
	memcpy(seen + nseen, buf, (size_t)n);
	nseen += (size_t)n;
	return 1;
}

static int expect(const char *text)
{
	time_t end = time(NULL) + timeout_s;
	size_t len = strlen(text);

	for (;;) {
		char *hit = memmem(seen + mark, nseen - mark, text, len);

		if (hit) {
			mark = (size_t)(hit - seen) + len;
			return 0;
		}
		if (time(NULL) > end || !pump(200))
			return -1;
	}
}

int main(int argc, char **argv)
{
	struct winsize ws0 = { .ws_row = 24, .ws_col = 80 };
	int i, cmd = -1, st;
	pid_t pid;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			cmd = i + 1;
			break;
		}
	if (cmd < 0 || cmd >= argc) {
		fprintf(stderr, "usage: lx-pty [-t S] STEP... -- CMD [ARGS...]\n");
		return 2;
	}
	for (i = 1; i + 1 < cmd - 1; i++) {
		unsigned int r, c;

		if (!strcmp(argv[i], "-s") && sscanf(argv[i + 1], "%ux%u", &r, &c) == 2) {
			ws0.ws_row = (unsigned short)r;
			ws0.ws_col = (unsigned short)c;
		}
	}
	pid = forkpty(&master, NULL, NULL, &ws0);
	if (pid < 0) {
		perror("lx-pty: forkpty");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[cmd], argv + cmd);
		perror("lx-pty: exec");
		_exit(127);
	}
	for (i = 1; i < cmd - 1; i++) {
		char text[1024];
		size_t n;

		if (!strcmp(argv[i], "-t") && i + 1 < cmd - 1) {
			timeout_s = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "-s") && i + 1 < cmd - 1) {
			i++;	/* used above */
		} else if (!strncmp(argv[i], "send:", 5)) {
			unescape(argv[i] + 5, text, &n);
			if (write(master, text, n) != (ssize_t)n)
				perror("lx-pty: write");
		} else if (!strncmp(argv[i], "expect:", 7)) {
			unescape(argv[i] + 7, text, &n);
			if (expect(text) < 0) {
				fprintf(stderr, "\nlx-pty: timed out waiting for \"%s\"\n", argv[i] + 7);
				kill(pid, SIGKILL);
				return 99;
			}
		} else if (!strncmp(argv[i], "winsize:", 8)) {
			struct winsize ws = { 0 };
			unsigned int r, c;

			if (sscanf(argv[i] + 8, "%ux%u", &r, &c) == 2) {
				ws.ws_row = (unsigned short)r;
				ws.ws_col = (unsigned short)c;
				ioctl(master, TIOCSWINSZ, &ws);
			}
		} else if (!strncmp(argv[i], "sleep:", 6)) {
			usleep((useconds_t)atoi(argv[i] + 6) * 1000);
		} else {
			fprintf(stderr, "lx-pty: unknown step %s\n", argv[i]);
			kill(pid, SIGKILL);
			return 2;
		}
	}
	/* the rest of the output, then the status */
	{
		time_t end = time(NULL) + timeout_s;

		while (pump(500)) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				goto done;
			if (time(NULL) > end) {
				fprintf(stderr, "\nlx-pty: the command did not end\n");
				kill(pid, SIGKILL);
				return 99;
			}
		}
	}
	if (waitpid(pid, &st, 0) < 0)
		return 2;
done:
	while (pump(0) && nseen < sizeof(seen) - 4096)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
