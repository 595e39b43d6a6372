// SPDX-License-Identifier: GPL-2.0
/* test_lx_args.c - lx's command line: each accepted form and each refusal. */
#include <string.h>

#include "lx_args.h"
#include "lxss_wire.h"
#include "lxss_unit.h"

static struct lx_opts o;

static int parse_env(char **argv, const char *env)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return lx_parse_args(argc, argv, env, &o);
}

/* See test_args.c: call as a statement, the argv literal must outlive the checks. */
#define PARSE(...) parse_env((char *[]){ "lx", __VA_ARGS__, NULL }, NULL)
#define PARSE_ENV(env, ...) parse_env((char *[]){ "lx", __VA_ARGS__, NULL }, (env))

static void refused(int ret, const char *why)
{
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(o.cmd, LX_CMD_NONE);
	ck_assert_msg(strstr(o.err, why), "error \"%s\" does not say \"%s\"", o.err, why);
}

START_TEST(no_command)
{
	char *argv[] = { "lx", NULL };

	refused(lx_parse_args(1, argv, NULL, &o), "missing command");
}
END_TEST

START_TEST(unknown_command_and_option)
{
	int r;

	r = PARSE("frobnicate");
	refused(r, "unknown command");
	r = PARSE("-x", "list");
	refused(r, "unknown option");
}
END_TEST

START_TEST(socket_from_option_env_default)
{
	int r;

	r = PARSE("list");
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(o.socket, LXP_DEFAULT_SOCKET);
	r = PARSE_ENV("/tmp/e.sock", "list");
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(o.socket, "/tmp/e.sock");
	r = PARSE_ENV("/tmp/e.sock", "-S", "/tmp/o.sock", "list");
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(o.socket, "/tmp/o.sock");
	r = PARSE("--socket=/x", "list");
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(o.socket, "/x");
	r = PARSE("-S");
	refused(r, "-S needs");
}
END_TEST

START_TEST(install_forms)
{
	int r;

	r = PARSE("install", "deb");
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(o.cmd, LX_CMD_INSTALL);
	ck_assert_str_eq(o.name, "deb");
	ck_assert_ptr_null(o.from);
	r = PARSE("install", "deb", "--from", "r.tar.zst");
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(o.from, "r.tar.zst");
	r = PARSE("install", "deb", "--from=r.tar");
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(o.from, "r.tar");
	r = PARSE("install");
	refused(r, "missing distro NAME");
	r = PARSE("install", "a/b");
	refused(r, "invalid distro name");
	r = PARSE("install", "..");
	refused(r, "invalid distro name");
	r = PARSE("unregister", ".");
	refused(r, "invalid distro name");
	r = PARSE("install", "deb", "--from");
	refused(r, "--from needs");
	r = PARSE("install", "deb", "extra");
	refused(r, "unexpected");
}
END_TEST

START_TEST(list_forms)
{
	int r;

	r = PARSE("list", "--json", "--running");
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(o.cmd, LX_CMD_LIST);
	ck_assert(o.json && o.running);
	r = PARSE("list", "--all");
	refused(r, "unexpected");
}
END_TEST

START_TEST(run_forms)
{
	int r;

	r = PARSE("run", "d");
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(o.cmd, LX_CMD_RUN);
	ck_assert_ptr_null(o.cmd_argv);	/* login shell */
	ck_assert_uint_eq(o.cmd_argc, 0);

	r = PARSE("run", "d", "-u", "alice", "-w", "/tmp", "-e", "A=1", "--env=B=", "-eC=x=y",
		  "--", "sh", "-c", "echo -u");
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(o.user, "alice");
	ck_assert_str_eq(o.cwd, "/tmp");
	ck_assert_uint_eq(o.nenv, 3);
	ck_assert_str_eq(o.env[0], "A=1");
	ck_assert_str_eq(o.env[1], "B=");
	ck_assert_str_eq(o.env[2], "C=x=y");
	ck_assert_ptr_null(o.env[3]);
	ck_assert_uint_eq(o.cmd_argc, 3);
	ck_assert_str_eq(o.cmd_argv[0], "sh");
	ck_assert_str_eq(o.cmd_argv[2], "echo -u");	/* after --: the command's own */
}
END_TEST

START_TEST(run_refusals)
{
	int r;

	r = PARSE("run");
	refused(r, "missing distro NAME");
	r = PARSE("run", "d", "echo");
	refused(r, "after \"--\"");
	r = PARSE("run", "d", "--");
	refused(r, "needs a command");
	r = PARSE("run", "d", "-u");
	refused(r, "-u needs");
	r = PARSE("run", "d", "-w", "relative");
	refused(r, "absolute");
	r = PARSE("run", "d", "-e", "NOVALUE");
	refused(r, "VAR=VAL");
	r = PARSE("run", "d", "-e", "=x");
	refused(r, "VAR=VAL");
	r = PARSE("run", "d", "--bogus");
	refused(r, "unknown option");
}
END_TEST

START_TEST(run_too_many_env_or_args)
{
	static char *argv[LXP_MAX_ARGS + 16];
	int argc = 0, i;

	argv[argc++] = "lx";
	argv[argc++] = "run";
	argv[argc++] = "d";
	for (i = 0; i <= LXP_MAX_ENV; i++) {
		argv[argc++] = "-e";
		argv[argc++] = "A=1";
		if (argc >= (int)(sizeof(argv) / sizeof(argv[0])) - 2)
			break;
	}
	argv[argc] = NULL;
	refused(lx_parse_args(argc, argv, NULL, &o), "more than");

	argc = 3;
	argv[argc++] = "--";
	for (i = 0; i <= LXP_MAX_ARGS; i++)
		argv[argc++] = "x";
	argv[argc] = NULL;
	refused(lx_parse_args(argc, argv, NULL, &o), "more than");
}
END_TEST

START_TEST(name_commands_and_export)
{
	int r;

	r = PARSE("terminate", "d");
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(o.cmd, LX_CMD_TERMINATE);
	r = PARSE("unregister", "d");
	ck_assert_int_eq(o.cmd, LX_CMD_UNREGISTER);
	r = PARSE("stats", "d");
	ck_assert_int_eq(o.cmd, LX_CMD_STATS);
	r = PARSE("stats", "d", "e");
	refused(r, "unexpected");
	r = PARSE("terminate");
	refused(r, "missing distro NAME");
	r = PARSE("export", "d", "/tmp/x.tar.gz");
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(o.cmd, LX_CMD_EXPORT);
	ck_assert_str_eq(o.file, "/tmp/x.tar.gz");
	r = PARSE("export", "d", "x.tar");
	ck_assert_int_eq(r, 0);
	r = PARSE("export", "d", "x.zip");
	refused(r, ".tar or .tar.gz");
	r = PARSE("export", "d");
	refused(r, "missing FILE");
}
END_TEST

START_TEST(help_and_version)
{
	struct unit_out out;
	int r;

	r = PARSE("help");
	ck_assert_int_eq(o.cmd, LX_CMD_HELP);
	r = PARSE("--help");
	ck_assert_int_eq(o.cmd, LX_CMD_HELP);
	r = PARSE("--version");
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(o.cmd, LX_CMD_VERSION);
	unit_out_open(&out);
	lx_usage(out.f);
	ck_assert_ptr_nonnull(strstr(unit_out_text(&out), "run NAME [-u USER]"));
	unit_out_free(&out);
}
END_TEST

Suite *lx_args_suite(void)
{
	Suite *s = suite_create("lx_args");
	TCase *tc = tcase_create("grammar");

	tcase_add_test(tc, no_command);
	tcase_add_test(tc, unknown_command_and_option);
	tcase_add_test(tc, socket_from_option_env_default);
	tcase_add_test(tc, install_forms);
	tcase_add_test(tc, list_forms);
	tcase_add_test(tc, run_forms);
	tcase_add_test(tc, run_refusals);
	tcase_add_test(tc, run_too_many_env_or_args);
	tcase_add_test(tc, name_commands_and_export);
	tcase_add_test(tc, help_and_version);
	suite_add_tcase(s, tc);
	return s;
}
