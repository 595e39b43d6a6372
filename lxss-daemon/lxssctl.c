// SPDX-License-Identifier: GPL-2.0
/*
 * lxssctl.c - low-level developer tool for /dev/lxss: run a program as a pico
 * process of a fresh instance, show the syscall table coverage and the
 * module's global state. Not the user-facing lx CLI.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "liblxss.h"
#include "lxssctl_args.h"

/* Bound on the syscall table walk, in case a module never says EINVAL. */
#define LXSSCTL_MAX_SYSCALLS	4096

static void lxssctl_error(const char *what, const char *on, int err)
{
	fprintf(stderr, "lxssctl: %s %s: %s\n", what, on, strerror(err));
}

static int lxssctl_open(void)
{
	int fd = lxss_open();
	int err = errno;
	const char *hint;

	if (fd < 0) {
		lxssctl_error("cannot open", LXSS_DEVICE_PATH, err);
		hint = lxss_open_hint(err);
		if (hint)
			fprintf(stderr, "lxssctl: %s\n", hint);
	}
	return fd;
}

/* Output that did not reach stdout is a failure too (full disk, closed pipe). */
static int lxssctl_flush_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		lxssctl_error("cannot write to", "stdout", errno);
		return LXSSCTL_EXIT_FAILURE;
	}
	return status;
}

static bool lxssctl_lookup_name(void *ctx, unsigned int nr, char *buf, size_t size)
{
	struct lxss_syscall_info info;
	int devfd = *(int *)ctx;

	if (lxss_syscall_info(devfd, nr, &info) < 0 || !info.name[0])
		return false;
	snprintf(buf, size, "%s", info.name);
	return true;
}

static int lxssctl_print_stats(int devfd, int instfd, const char *name)
{
	static __u64 calls[LXSS_NR_COUNTERS], unimpl[LXSS_NR_COUNTERS];
	struct lxss_stats st;
	struct lxss_query q;
	int ret;

	if (lxss_query(instfd, &q, calls, unimpl, LXSS_NR_COUNTERS) < 0) {
		lxssctl_error("cannot query instance", name, errno);
		return -1;
	}
	if (lxss_stats_build(calls, unimpl, LXSS_NR_COUNTERS, lxssctl_lookup_name, &devfd,
			     &st) < 0) {
		lxssctl_error("cannot build the statistics of", name, errno);
		return -1;
	}
	fprintf(stderr, "lxssctl: instance %s: ", name);
	ret = lxss_query_print(stderr, &q);
	if (!ret)
		ret = lxss_stats_print(stderr, &st);
	lxss_stats_free(&st);
	return ret;
}

/*
 * The child: from LXSS_IOC_ENTER on it is a pico process that may only use a
 * few syscalls (write, execve, exit_group), so after it: no stdio, no heap.
 */
static void __attribute__((noreturn)) lxssctl_child(int instfd, const char *name, char **argv)
{
	char msg[512];
	size_t len;
	ssize_t ret;

	if (lxss_enter(instfd) < 0) {
		len = lxss_format_error(msg, sizeof(msg), "lxssctl: cannot enter instance ", name,
					errno);
		ret = write(STDERR_FILENO, msg, len);
		(void)ret;	/* nowhere left to report a failed report */
		_exit(LXSSCTL_EXIT_CHILD);
	}
	execv(argv[0], argv);
	len = lxss_format_error(msg, sizeof(msg), "lxssctl: cannot exec ", argv[0], errno);
	ret = write(STDERR_FILENO, msg, len);
	(void)ret;
	_exit(LXSSCTL_EXIT_NOEXEC);
}

static int lxssctl_run(const struct lxssctl_opts *o)
{
	char defname[LXSS_NAME_MAX];
	const char *name = o->name;
	int devfd, instfd, wstatus, status = LXSSCTL_EXIT_FAILURE;
	pid_t pid;

	if (!name) {
		snprintf(defname, sizeof(defname), "run-%ld", (long)getpid());
		name = defname;
	}
	devfd = lxssctl_open();
	if (devfd < 0)
		return LXSSCTL_EXIT_FAILURE;
	instfd = lxss_create_instance(devfd, name);
	if (instfd < 0) {
		lxssctl_error("cannot create instance", name, errno);
		goto out_close_dev;
	}

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		lxssctl_error("cannot fork for", o->prog_argv[0], errno);
		goto out_close_instance;
	}
	if (pid == 0)
		lxssctl_child(instfd, name, o->prog_argv);

	/*
	 * Like a shell running a command: a terminal's ^C or ^\ is for the
	 * program, and we report how it ended. We must outlive it anyway:
	 * closing the instance fd would kill it.
	 */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR) {
			lxssctl_error("cannot wait for", o->prog_argv[0], errno);
			goto out_close_instance;
		}
	}
	status = lxss_wait_status_to_exit_code(wstatus);
	if (o->stats && lxssctl_print_stats(devfd, instfd, name) < 0 && status == 0)
		status = LXSSCTL_EXIT_FAILURE;

out_close_instance:
	if (close(instfd) < 0) {
		lxssctl_error("cannot close instance", name, errno);
		if (status == 0)
			status = LXSSCTL_EXIT_FAILURE;
	}
out_close_dev:
	close(devfd);
	return status;
}

static int lxssctl_syscalls(const struct lxssctl_opts *o)
{
	struct lxss_syscall_info *rows = NULL, *grown;
	size_t n = 0, cap = 0;
	int devfd, status = LXSSCTL_EXIT_FAILURE;

	devfd = lxssctl_open();
	if (devfd < 0)
		return LXSSCTL_EXIT_FAILURE;
	for (;;) {
		if (n == LXSSCTL_MAX_SYSCALLS) {
			fprintf(stderr, "lxssctl: syscall table of %s has more than %d rows\n",
				LXSS_DEVICE_PATH, LXSSCTL_MAX_SYSCALLS);
			goto out;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			grown = realloc(rows, cap * sizeof(*rows));
			if (!grown) {
				lxssctl_error("cannot read the syscall table of", LXSS_DEVICE_PATH,
					      ENOMEM);
				goto out;
			}
			rows = grown;
		}
		if (lxss_syscall_info(devfd, n, &rows[n]) < 0) {
			/* EINVAL past the last row ends the table; row 0 must exist. */
			if (errno == EINVAL && n > 0)
				break;
			fprintf(stderr, "lxssctl: cannot read syscall %zu from %s: %s\n", n,
				LXSS_DEVICE_PATH, strerror(errno));
			goto out;
		}
		n++;
	}
	lxss_syscalls_print(stdout, rows, n, o->all);
	status = lxssctl_flush_stdout(0);
out:
	free(rows);
	close(devfd);
	return status;
}

static int lxssctl_global(void)
{
	struct lxss_global g;
	int devfd, status = LXSSCTL_EXIT_FAILURE;

	devfd = lxssctl_open();
	if (devfd < 0)
		return LXSSCTL_EXIT_FAILURE;
	if (lxss_global(devfd, &g) < 0) {
		lxssctl_error("cannot read the global state of", LXSS_DEVICE_PATH, errno);
	} else {
		lxss_global_print(stdout, &g);
		status = lxssctl_flush_stdout(0);
	}
	close(devfd);
	return status;
}

int main(int argc, char **argv)
{
	struct lxssctl_opts o;

	if (lxssctl_parse_args(argc, argv, &o) < 0) {
		fprintf(stderr, "lxssctl: %s\n", o.err);
		lxssctl_usage(stderr);
		return LXSSCTL_EXIT_USAGE;
	}
	switch (o.cmd) {
	case LXSSCTL_CMD_RUN:
		return lxssctl_run(&o);
	case LXSSCTL_CMD_SYSCALLS:
		return lxssctl_syscalls(&o);
	case LXSSCTL_CMD_GLOBAL:
		return lxssctl_global();
	case LXSSCTL_CMD_HELP:
		lxssctl_usage(stdout);
		return lxssctl_flush_stdout(0);
	case LXSSCTL_CMD_VERSION:
		printf("lxssctl %s\n", LXSSCTL_VERSION);
		return lxssctl_flush_stdout(0);
	case LXSSCTL_CMD_NONE:
		break;
	}
	return LXSSCTL_EXIT_USAGE;
}
