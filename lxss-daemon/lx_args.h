// SPDX-License-Identifier: GPL-2.0
/*
 * lx_args.h - the command line of lx, parsed by a pure function so the
 * grammar is unit-tested without a daemon.
 */
#ifndef LX_ARGS_H
#define LX_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "lxss_proto.h"

#define LX_VERSION		"0.1"

#define LX_EXIT_FAILURE		1	/* an operation failed */
#define LX_EXIT_USAGE		2	/* bad command line */

enum lx_cmd {
	LX_CMD_NONE,
	LX_CMD_INSTALL,
	LX_CMD_LIST,
	LX_CMD_RUN,
	LX_CMD_TERMINATE,
	LX_CMD_UNREGISTER,
	LX_CMD_EXPORT,
	LX_CMD_STATS,
	LX_CMD_HELP,
	LX_CMD_VERSION,
};

struct lx_opts {
	enum lx_cmd cmd;
	const char *socket;	/* -S PATH, else $LXSS_SOCKET, else LXP_DEFAULT_SOCKET */
	const char *name;	/* the distro */
	const char *from;	/* install --from ROOTFS.tar[.gz|.xz|.zst] */
	const char *file;	/* export FILE.tar[.gz] */
	const char *user;	/* run -u USER */
	const char *cwd;	/* run -w DIR */
	const char *env[LXP_MAX_ENV + 1];	/* run -e VAR=VAL... */
	unsigned int nenv;
	char **cmd_argv;	/* run: after "--", inside argv; NULL: login shell */
	unsigned int cmd_argc;
	bool running;		/* list --running */
	bool json;		/* list --json */
	char err[160];
};

/**
 * lx_parse_args() - parse lx's command line
 * @env_socket: the value of $LXSS_SOCKET (NULL if unset)
 *
 *   lx [-S PATH] install NAME [--from ROOTFS]
 *   lx [-S PATH] list [--running] [--json]
 *   lx [-S PATH] run NAME [-u USER] [-w DIR] [-e VAR=VAL]... [-- CMD [ARGS...]]
 *   lx [-S PATH] terminate|unregister|stats NAME
 *   lx [-S PATH] export NAME FILE.tar[.gz]
 *   lx help | --help | -h;  lx --version
 *
 * Return: 0, or -1 with @o->err saying why.
 */
int lx_parse_args(int argc, char **argv, const char *env_socket, struct lx_opts *o);

/** lx_usage() - the help text */
void lx_usage(FILE *f);

#endif /* LX_ARGS_H */
