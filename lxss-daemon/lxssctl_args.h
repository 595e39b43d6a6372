// SPDX-License-Identifier: GPL-2.0
/*
 * lxssctl_args.h - command line of lxssctl, parsed by a pure function so the
 * grammar is unit-tested without running anything.
 */
#ifndef LXSSCTL_ARGS_H
#define LXSSCTL_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#define LXSSCTL_VERSION		"0.1"

/* Exit codes of lxssctl itself (run otherwise exits with the program's code). */
#define LXSSCTL_EXIT_FAILURE	1	/* an operation failed */
#define LXSSCTL_EXIT_USAGE	2	/* bad command line */
#define LXSSCTL_EXIT_CHILD	125	/* run: the child failed before exec (LXSS_IOC_ENTER) */
#define LXSSCTL_EXIT_NOEXEC	127	/* run: execv() of PROG failed */

enum lxssctl_cmd {
	LXSSCTL_CMD_NONE,
	LXSSCTL_CMD_RUN,
	LXSSCTL_CMD_SYSCALLS,
	LXSSCTL_CMD_GLOBAL,
	LXSSCTL_CMD_HELP,
	LXSSCTL_CMD_VERSION,
};

struct lxssctl_opts {
	enum lxssctl_cmd cmd;
	const char *name;	/* run -n NAME; NULL: the caller picks run-<pid> */
	bool stats;		/* run -s|--stats */
	bool all;		/* syscalls -a|--all */
	char **prog_argv;	/* run: PROG then ARGS, NULL-terminated, inside argv */
	char err[160];		/* why parsing failed */
};

/**
 * lxssctl_parse_args() - parse lxssctl's command line.
 * @argc: as given to main().
 * @argv: as given to main(), NULL-terminated; not modified.
 * @o: filled in; on failure @o->err says why.
 *
 * Grammar:
 *   lxssctl run [-n NAME|--name NAME|--name=NAME] [-s|--stats] [--] PROG [ARGS...]
 *   lxssctl syscalls [-a|--all]
 *   lxssctl global
 *   lxssctl help | --help | -h
 *   lxssctl --version
 * run stops reading options at "--" or at PROG, so ARGS are PROG's own.
 *
 * Return: 0, or -1 for a usage error.
 */
int lxssctl_parse_args(int argc, char **argv, struct lxssctl_opts *o);

/** lxssctl_usage() - write the usage text to @f. */
void lxssctl_usage(FILE *f);

#endif /* LXSSCTL_ARGS_H */
