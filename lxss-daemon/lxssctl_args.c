// SPDX-License-Identifier: GPL-2.0
/*
 * lxssctl_args.c - lxssctl's command-line grammar. Hand-written rather than
 * getopt(): each command has its own options, run must stop at PROG, and a
 * parser without global state is simple to test.
 */
#include <stdarg.h>
#include <string.h>

#include "liblxss.h"
#include "lxssctl_args.h"

static int lxssctl_fail(struct lxssctl_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int lxssctl_fail(struct lxssctl_opts *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->err, sizeof(o->err), fmt, ap);
	va_end(ap);
	o->cmd = LXSSCTL_CMD_NONE;
	return -1;
}

static int lxssctl_parse_run(int argc, char **argv, int i, struct lxssctl_opts *o)
{
	const char *arg;

	for (; i < argc; i++) {
		arg = argv[i];
		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[0] != '-' || !arg[1])	/* PROG ("-" alone is a path too) */
			break;
		if (!strcmp(arg, "-s") || !strcmp(arg, "--stats")) {
			o->stats = true;
		} else if (!strcmp(arg, "-n") || !strcmp(arg, "--name")) {
			if (i + 1 >= argc)
				return lxssctl_fail(o, "run: option %s needs a NAME", arg);
			o->name = argv[++i];
		} else if (!strncmp(arg, "--name=", 7)) {
			o->name = arg + 7;
		} else {
			return lxssctl_fail(o, "run: unknown option %s", arg);
		}
	}
	if (o->name && !lxss_valid_name(o->name))
		return lxssctl_fail(o, "run: invalid instance name '%.64s' (%s)", o->name,
				    "want [A-Za-z0-9._-]{1,63}");
	if (i >= argc)
		return lxssctl_fail(o, "run: missing PROG");
	o->prog_argv = &argv[i];
	return 0;
}

static int lxssctl_parse_syscalls(int argc, char **argv, int i, struct lxssctl_opts *o)
{
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "--all"))
			o->all = true;
		else if (argv[i][0] == '-')
			return lxssctl_fail(o, "syscalls: unknown option %s", argv[i]);
		else
			return lxssctl_fail(o, "syscalls: unexpected argument %s", argv[i]);
	}
	return 0;
}

/* Commands that take nothing after them. */
static int lxssctl_parse_bare(int argc, char **argv, int i, struct lxssctl_opts *o)
{
	if (i < argc)
		return lxssctl_fail(o, "%s: unexpected argument %s", argv[i - 1], argv[i]);
	return 0;
}

int lxssctl_parse_args(int argc, char **argv, struct lxssctl_opts *o)
{
	const char *cmd;

	memset(o, 0, sizeof(*o));
	if (argc < 2)
		return lxssctl_fail(o, "missing command");
	cmd = argv[1];
	if (!strcmp(cmd, "run")) {
		o->cmd = LXSSCTL_CMD_RUN;
		return lxssctl_parse_run(argc, argv, 2, o);
	}
	if (!strcmp(cmd, "syscalls")) {
		o->cmd = LXSSCTL_CMD_SYSCALLS;
		return lxssctl_parse_syscalls(argc, argv, 2, o);
	}
	if (!strcmp(cmd, "global")) {
		o->cmd = LXSSCTL_CMD_GLOBAL;
		return lxssctl_parse_bare(argc, argv, 2, o);
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		o->cmd = LXSSCTL_CMD_HELP;
		return lxssctl_parse_bare(argc, argv, 2, o);
	}
	if (!strcmp(cmd, "--version")) {
		o->cmd = LXSSCTL_CMD_VERSION;
		return lxssctl_parse_bare(argc, argv, 2, o);
	}
	if (cmd[0] == '-')
		return lxssctl_fail(o, "unknown option %s", cmd);
	return lxssctl_fail(o, "unknown command %s", cmd);
}

void lxssctl_usage(FILE *f)
{
	fputs("usage: lxssctl run [-n NAME] [-s|--stats] [--] PROG [ARGS...]\n"
	      "       lxssctl syscalls [-a|--all]\n"
	      "       lxssctl global\n"
	      "       lxssctl help | --version\n"
	      "\n"
	      "Low-level developer tool for " LXSS_DEVICE_PATH " (lxcore.ko).\n"
	      "  run       create instance NAME (default run-<pid>), run PROG in it as a pico\n"
	      "            process and exit with its exit code (128+N for signal N);\n"
	      "            PROG is a path (no PATH search); --stats prints the instance's\n"
	      "            syscall counters to stderr when PROG is done\n"
	      "  syscalls  how many syscalls lxcore implements; --all: one line per number\n"
	      "  global    the module-wide state, as key: value lines\n"
	      "Exit status: 0 done, 1 failed, 2 bad usage; run: PROG's own, or 125 when the\n"
	      "child could not enter the instance, 127 when PROG could not be executed.\n", f);
}
