// SPDX-License-Identifier: GPL-2.0
/* test_args.c - lxssctl's command line: each accepted form and each refusal. */
#include <string.h>

#include "lxssctl_args.h"
#include "lxss_unit.h"

static int parse(struct lxssctl_opts *o, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return lxssctl_parse_args(argc, argv, o);
}

/*
 * The argv compound literal lives until the end of the enclosing block, and
 * prog_argv points into it: call PARSE() as a statement of the test, never
 * inside ck_assert_*() (whose do-while block would end its life early).
 */
#define PARSE(o, ...) parse((o), (char *[]){ "lxssctl", __VA_ARGS__, NULL })

static void assert_usage_error(int ret, const struct lxssctl_opts *o, const char *why)
{
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(o->cmd, LXSSCTL_CMD_NONE);
	ck_assert_msg(strstr(o->err, why), "error \"%s\" does not say \"%s\"", o->err, why);
}

START_TEST(no_command_is_usage_error)
{
	struct lxssctl_opts o;
	char *argv[] = { "lxssctl", NULL };

	assert_usage_error(lxssctl_parse_args(1, argv, &o), &o, "missing command");
}
END_TEST

START_TEST(unknown_command_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "frobnicate");
	assert_usage_error(ret, &o, "unknown command frobnicate");
}
END_TEST

START_TEST(unknown_global_option_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "--frob");
	assert_usage_error(ret, &o, "unknown option --frob");
}
END_TEST

START_TEST(help_forms_select_help)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "help");
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(o.cmd, LXSSCTL_CMD_HELP);
	ret = PARSE(&o, "--help");
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(o.cmd, LXSSCTL_CMD_HELP);
	ret = PARSE(&o, "-h");
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(o.cmd, LXSSCTL_CMD_HELP);
}
END_TEST

START_TEST(help_with_argument_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "help", "run");
	assert_usage_error(ret, &o, "unexpected argument run");
}
END_TEST

START_TEST(version_option_selects_version)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "--version");
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(o.cmd, LXSSCTL_CMD_VERSION);
}
END_TEST

START_TEST(run_takes_prog_and_args_after_double_dash)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "--", "/bin/echo", "a", "b");
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(o.cmd, LXSSCTL_CMD_RUN);
	ck_assert_str_eq(o.prog_argv[0], "/bin/echo");
	ck_assert_str_eq(o.prog_argv[1], "a");
	ck_assert_str_eq(o.prog_argv[2], "b");
	ck_assert_ptr_null(o.prog_argv[3]);
	ck_assert_ptr_null(o.name);
	ck_assert(!o.stats);
}
END_TEST

START_TEST(run_takes_prog_without_double_dash)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "/bin/true");
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(o.prog_argv[0], "/bin/true");
	ck_assert_ptr_null(o.prog_argv[1]);
}
END_TEST

START_TEST(run_options_after_prog_belong_to_prog)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "/bin/ls", "-s", "-n", "x");
	ck_assert_int_eq(ret, 0);
	ck_assert(!o.stats);
	ck_assert_ptr_null(o.name);
	ck_assert_str_eq(o.prog_argv[1], "-s");
	ck_assert_str_eq(o.prog_argv[2], "-n");
}
END_TEST

START_TEST(run_after_double_dash_dash_words_are_prog)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "--", "--stats");
	ck_assert_int_eq(ret, 0);
	ck_assert(!o.stats);
	ck_assert_str_eq(o.prog_argv[0], "--stats");
}
END_TEST

START_TEST(run_short_and_long_stats_options_set_stats)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "-s", "--", "/bin/true");
	ck_assert_int_eq(ret, 0);
	ck_assert(o.stats);
	ret = PARSE(&o, "run", "--stats", "--", "/bin/true");
	ck_assert_int_eq(ret, 0);
	ck_assert(o.stats);
}
END_TEST

START_TEST(run_name_option_forms_set_name)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "-n", "deb12", "--", "/bin/true");
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(o.name, "deb12");
	ret = PARSE(&o, "run", "--name", "a.b-c_d", "/bin/true");
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(o.name, "a.b-c_d");
	ret = PARSE(&o, "run", "--name=x1", "/bin/true");
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(o.name, "x1");
}
END_TEST

START_TEST(run_name_and_stats_combine_in_any_order)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "--stats", "-n", "i1", "--", "/bin/true", "x");
	ck_assert_int_eq(ret, 0);
	ck_assert(o.stats);
	ck_assert_str_eq(o.name, "i1");
	ck_assert_str_eq(o.prog_argv[0], "/bin/true");
	ck_assert_str_eq(o.prog_argv[1], "x");
}
END_TEST

START_TEST(run_dash_alone_is_prog)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "-");
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(o.prog_argv[0], "-");
}
END_TEST

START_TEST(run_without_prog_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run");
	assert_usage_error(ret, &o, "missing PROG");
	ret = PARSE(&o, "run", "--");
	assert_usage_error(ret, &o, "missing PROG");
	ret = PARSE(&o, "run", "-s", "--");
	assert_usage_error(ret, &o, "missing PROG");
}
END_TEST

START_TEST(run_name_option_without_value_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "-n");
	assert_usage_error(ret, &o, "-n needs a NAME");
	ret = PARSE(&o, "run", "--name");
	assert_usage_error(ret, &o, "--name needs a NAME");
}
END_TEST

START_TEST(run_invalid_name_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "-n", "a/b", "--", "/bin/true");
	assert_usage_error(ret, &o, "invalid instance name 'a/b'");
	ret = PARSE(&o, "run", "--name=", "/bin/true");
	assert_usage_error(ret, &o, "invalid instance name ''");
}
END_TEST

START_TEST(run_too_long_name_is_usage_error)
{
	struct lxssctl_opts o;
	char name[65];
	int ret;

	memset(name, 'x', 64);
	name[64] = '\0';
	ret = PARSE(&o, "run", "-n", name, "/bin/true");
	assert_usage_error(ret, &o, "invalid instance name");
}
END_TEST

START_TEST(run_unknown_option_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "run", "-x", "/bin/true");
	assert_usage_error(ret, &o, "run: unknown option -x");
	ret = PARSE(&o, "run", "--all", "/bin/true");
	assert_usage_error(ret, &o, "run: unknown option --all");
}
END_TEST

START_TEST(syscalls_alone_lists_coverage_only)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "syscalls");
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(o.cmd, LXSSCTL_CMD_SYSCALLS);
	ck_assert(!o.all);
}
END_TEST

START_TEST(syscalls_all_forms_set_all)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "syscalls", "--all");
	ck_assert_int_eq(ret, 0);
	ck_assert(o.all);
	ret = PARSE(&o, "syscalls", "-a");
	ck_assert_int_eq(ret, 0);
	ck_assert(o.all);
}
END_TEST

START_TEST(syscalls_unknown_option_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "syscalls", "--stats");
	assert_usage_error(ret, &o, "syscalls: unknown option --stats");
}
END_TEST

START_TEST(syscalls_extra_argument_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "syscalls", "read");
	assert_usage_error(ret, &o, "syscalls: unexpected argument read");
}
END_TEST

START_TEST(global_selects_global)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "global");
	ck_assert_int_eq(ret, 0);
	ck_assert_int_eq(o.cmd, LXSSCTL_CMD_GLOBAL);
}
END_TEST

START_TEST(global_with_argument_is_usage_error)
{
	struct lxssctl_opts o;
	int ret;

	ret = PARSE(&o, "global", "--all");
	assert_usage_error(ret, &o, "global: unexpected argument --all");
}
END_TEST

START_TEST(usage_names_every_command)
{
	struct unit_out out;
	const char *text;

	unit_out_open(&out);
	lxssctl_usage(out.f);
	text = unit_out_text(&out);
	ck_assert_ptr_nonnull(strstr(text, "lxssctl run [-n NAME] [-s|--stats] [--] PROG"));
	ck_assert_ptr_nonnull(strstr(text, "lxssctl syscalls [-a|--all]"));
	ck_assert_ptr_nonnull(strstr(text, "lxssctl global"));
	ck_assert_ptr_nonnull(strstr(text, "--version"));
	unit_out_free(&out);
}
END_TEST

Suite *args_suite(void)
{
	Suite *s = suite_create("args");
	TCase *top = tcase_create("command");
	TCase *run = tcase_create("run");
	TCase *other = tcase_create("syscalls_global");

	tcase_add_test(top, no_command_is_usage_error);
	tcase_add_test(top, unknown_command_is_usage_error);
	tcase_add_test(top, unknown_global_option_is_usage_error);
	tcase_add_test(top, help_forms_select_help);
	tcase_add_test(top, help_with_argument_is_usage_error);
	tcase_add_test(top, version_option_selects_version);
	tcase_add_test(top, usage_names_every_command);
	suite_add_tcase(s, top);

	tcase_add_test(run, run_takes_prog_and_args_after_double_dash);
	tcase_add_test(run, run_takes_prog_without_double_dash);
	tcase_add_test(run, run_options_after_prog_belong_to_prog);
	tcase_add_test(run, run_after_double_dash_dash_words_are_prog);
	tcase_add_test(run, run_short_and_long_stats_options_set_stats);
	tcase_add_test(run, run_name_option_forms_set_name);
	tcase_add_test(run, run_name_and_stats_combine_in_any_order);
	tcase_add_test(run, run_dash_alone_is_prog);
	tcase_add_test(run, run_without_prog_is_usage_error);
	tcase_add_test(run, run_name_option_without_value_is_usage_error);
	tcase_add_test(run, run_invalid_name_is_usage_error);
	tcase_add_test(run, run_too_long_name_is_usage_error);
	tcase_add_test(run, run_unknown_option_is_usage_error);
	suite_add_tcase(s, run);

	tcase_add_test(other, syscalls_alone_lists_coverage_only);
	tcase_add_test(other, syscalls_all_forms_set_all);
	tcase_add_test(other, syscalls_unknown_option_is_usage_error);
	tcase_add_test(other, syscalls_extra_argument_is_usage_error);
	tcase_add_test(other, global_selects_global);
	tcase_add_test(other, global_with_argument_is_usage_error);
	suite_add_tcase(s, other);
	return s;
}
