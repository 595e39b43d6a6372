// SPDX-License-Identifier: GPL-2.0
/*
 * lx_args.c - lx's command line (see lx_args.h). Pure: no I/O but the usage
 * text on a caller's FILE.
 */
#include <stdarg.h>
#include <string.h>

#include "liblxss.h"
#include "lx_args.h"
#include "lxss_wire.h"

static int fail(struct lx_opts *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->err, sizeof(o->err), fmt, ap);
	va_end(ap);
	o->cmd = LX_CMD_NONE;
	return -1;
}

static const struct {
	const char *word;
	enum lx_cmd cmd;
} lx_cmds[] = {
	{ "install", LX_CMD_INSTALL }, { "list", LX_CMD_LIST }, { "run", LX_CMD_RUN },
	{ "terminate", LX_CMD_TERMINATE }, { "unregister", LX_CMD_UNREGISTER },
	{ "export", LX_CMD_EXPORT }, { "stats", LX_CMD_STATS }, { "help", LX_CMD_HELP },
};

/* The value of an option: "--opt=VAL", "-oVAL" or the next word. */
static const char *opt_value(int argc, char **argv, int *i, const char *arg, size_t optlen)
{
	if (arg[optlen] == '=' && arg[1] == '-')
		return arg + optlen + 1;
	if (arg[optlen] && arg[1] != '-')
		return arg + optlen;
	if (arg[optlen])
		return NULL;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static bool is_opt(const char *arg, const char *s, const char *l)
{
	size_t n;

	if (s && !strncmp(arg, s, 2))
		return true;
	if (l) {
		n = strlen(l);
		if (!strncmp(arg, l, n) && (arg[n] == 0 || arg[n] == '='))
			return true;
	}
	return false;
}

static int need_name(struct lx_opts *o, int argc, char **argv, int *i, const char *cmd)
{
	if (*i >= argc || argv[*i][0] == '-')
		return fail(o, "%s: missing distro NAME", cmd);
	o->name = argv[(*i)++];
	if (!lxp_valid_distro(o->name))
		return fail(o, "%s: invalid distro name \"%s\" (use 1 to 63 of A-Z a-z 0-9 . _ -, "
			    "not starting with .)", cmd, o->name);
	return 0;
}

static int parse_run(struct lx_opts *o, int argc, char **argv, int i)
{
	const char *v, *a;

	for (; i < argc; i++) {
		a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			if (i >= argc)
				return fail(o, "run: \"--\" needs a command");
			o->cmd_argv = argv + i;
			o->cmd_argc = (unsigned int)(argc - i);
			if (o->cmd_argc > LXP_MAX_ARGS)
				return fail(o, "run: more than %d arguments", LXP_MAX_ARGS);
			return 0;
		}
		if (a[0] != '-')
			return fail(o, "run: unexpected \"%s\" (put the command after \"--\")", a);
		if (is_opt(a, "-u", "--user")) {
			v = opt_value(argc, argv, &i, a, a[1] == '-' ? 6 : 2);
			if (!v || !*v)
				return fail(o, "run: -u needs a USER");
			o->user = v;
		} else if (is_opt(a, "-w", "--cwd")) {
			v = opt_value(argc, argv, &i, a, a[1] == '-' ? 5 : 2);
			if (!v || v[0] != '/')
				return fail(o, "run: -w needs an absolute DIR");
			o->cwd = v;
		} else if (is_opt(a, "-e", "--env")) {
			v = opt_value(argc, argv, &i, a, a[1] == '-' ? 5 : 2);
			if (!v || v[0] == '=' || !strchr(v, '='))
				return fail(o, "run: -e needs VAR=VAL");
			if (o->nenv == LXP_MAX_ENV)
				return fail(o, "run: more than %d -e", LXP_MAX_ENV);
			o->env[o->nenv++] = v;
			o->env[o->nenv] = NULL;
		} else {
			return fail(o, "run: unknown option \"%s\"", a);
		}
	}
	return 0;
}

int lx_parse_args(int argc, char **argv, const char *env_socket, struct lx_opts *o)
{
	const char *a, *v;
	size_t k, flen;
	int i = 1;

	memset(o, 0, sizeof(*o));
	o->socket = env_socket && *env_socket ? env_socket : LXP_DEFAULT_SOCKET;
	for (; i < argc && argv[i][0] == '-'; i++) {
		a = argv[i];
		if (is_opt(a, "-S", "--socket")) {
			v = opt_value(argc, argv, &i, a, a[1] == '-' ? 8 : 2);
			if (!v || !*v)
				return fail(o, "-S needs a socket PATH");
			o->socket = v;
		} else if (!strcmp(a, "--version")) {
			o->cmd = LX_CMD_VERSION;
			return 0;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			o->cmd = LX_CMD_HELP;
			return 0;
		} else {
			return fail(o, "unknown option \"%s\"", a);
		}
	}
	if (i >= argc)
		return fail(o, "missing command (try \"lx help\")");
	for (k = 0; k < sizeof(lx_cmds) / sizeof(lx_cmds[0]); k++)
		if (!strcmp(argv[i], lx_cmds[k].word))
			break;
	if (k == sizeof(lx_cmds) / sizeof(lx_cmds[0]))
		return fail(o, "unknown command \"%s\" (try \"lx help\")", argv[i]);
	a = argv[i++];
	switch (lx_cmds[k].cmd) {
	case LX_CMD_INSTALL:
		if (need_name(o, argc, argv, &i, a))
			return -1;
		for (; i < argc; i++) {
			if (!is_opt(argv[i], NULL, "--from"))
				return fail(o, "install: unexpected \"%s\"", argv[i]);
			v = opt_value(argc, argv, &i, argv[i], 6);
			if (!v || !*v)
				return fail(o, "install: --from needs a ROOTFS tarball");
			o->from = v;
		}
		break;
	case LX_CMD_LIST:
		for (; i < argc; i++) {
			if (!strcmp(argv[i], "--running"))
				o->running = true;
			else if (!strcmp(argv[i], "--json"))
				o->json = true;
			else
				return fail(o, "list: unexpected \"%s\"", argv[i]);
		}
		break;
	case LX_CMD_RUN:
		if (need_name(o, argc, argv, &i, a) || parse_run(o, argc, argv, i))
			return -1;
		i = argc;
		break;
	case LX_CMD_EXPORT:
		if (need_name(o, argc, argv, &i, a))
			return -1;
		if (i >= argc)
			return fail(o, "export: missing FILE.tar[.gz]");
		o->file = argv[i++];
		flen = strlen(o->file);
		if (!(flen > 4 && !strcmp(o->file + flen - 4, ".tar")) &&
		    !(flen > 7 && !strcmp(o->file + flen - 7, ".tar.gz")))
			return fail(o, "export: FILE must end in .tar or .tar.gz");
		break;
	case LX_CMD_TERMINATE:
	case LX_CMD_UNREGISTER:
	case LX_CMD_STATS:
		if (need_name(o, argc, argv, &i, a))
			return -1;
		break;
	default:
		break;
	}
	if (i < argc)
		return fail(o, "%s: unexpected \"%s\"", a, argv[i]);
	o->cmd = lx_cmds[k].cmd;
	return 0;
}

void lx_usage(FILE *f)
{
	fputs("usage: lx [-S SOCKET] COMMAND [ARGS]\n"
	      "  install NAME [--from ROOTFS.tar[.gz|.xz|.zst]]   register a distro (default: the built-in one)\n"
	      "  list [--running] [--json]                        the registered distros\n"
	      "  run NAME [-u USER] [-w DIR] [-e VAR=VAL]... [-- CMD [ARGS...]]\n"
	      "                                                   run CMD (default: a login shell)\n"
	      "  terminate NAME                                   end the distro's instance\n"
	      "  unregister NAME                                  remove the distro and its files\n"
	      "  export NAME FILE.tar[.gz]                        write the distro's files to a tarball\n"
	      "  stats NAME                                       per-syscall counts of its instance\n"
	      "  help, --version\n"
	      "The daemon's socket: -S, else $LXSS_SOCKET, else " LXP_DEFAULT_SOCKET ".\n", f);
}
