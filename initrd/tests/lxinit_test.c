// SPDX-License-Identifier: GPL-2.0
/*
 * Check tests of /init's pure parts (initrd/lxinit.c compiled without its
 * main): argument parsing, /etc/passwd and /etc/group lookups, the session
 * environment and the login shell's argv[0]. Run under ASan + UBSan.
 */
#define LXINIT_NO_MAIN
#include "../lxinit.c"

#include <check.h>

static struct lxinit_opts o;
static char err[256];

static int parse(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	err[0] = 0;
	return lxinit_parse_args(argc, argv, &o, err, sizeof(err));
}

START_TEST(args_none_is_pid1)
{
	char *argv[] = { "/init", NULL };

	ck_assert_int_eq(parse(argv), 0);
	ck_assert(!o.session);
	ck_assert_ptr_null(o.cmd);
}
END_TEST

START_TEST(args_session_full)
{
	char *argv[] = { "/init", "--session", "-u", "lx", "-w", "/tmp", "-e", "TERM=xterm",
			 "-e", "A=b=c", "-l", "--", "/bin/sh", "-c", "echo hi", NULL };

	ck_assert_int_eq(parse(argv), 0);
	ck_assert(o.session);
	ck_assert_str_eq(o.user, "lx");
	ck_assert_str_eq(o.dir, "/tmp");
	ck_assert_uint_eq(o.nenv, 2);
	ck_assert_str_eq(o.env[0], "TERM=xterm");
	ck_assert_str_eq(o.env[1], "A=b=c");
	ck_assert(o.login);
	ck_assert_str_eq(o.cmd[0], "/bin/sh");
	ck_assert_str_eq(o.cmd[2], "echo hi");
	ck_assert_ptr_null(o.cmd[3]);
}
END_TEST

START_TEST(args_session_no_command)
{
	char *argv[] = { "/init", "--session", NULL };

	ck_assert_int_eq(parse(argv), 0);
	ck_assert(o.session);
	ck_assert_ptr_null(o.cmd);
	ck_assert_ptr_null(o.user);
	ck_assert(!o.login);
}
END_TEST

START_TEST(args_dashdash_alone_means_no_command)
{
	char *argv[] = { "/init", "--session", "--", NULL };

	ck_assert_int_eq(parse(argv), 0);
	ck_assert_ptr_null(o.cmd);
}
END_TEST

START_TEST(args_command_without_dashdash)
{
	char *argv[] = { "/init", "--session", "-u", "0", "id", "-u", NULL };

	ck_assert_int_eq(parse(argv), 0);
	ck_assert_str_eq(o.user, "0");
	ck_assert_str_eq(o.cmd[0], "id");
	ck_assert_str_eq(o.cmd[1], "-u");
}
END_TEST

START_TEST(args_errors)
{
	char *bad_mode[] = { "/init", "--sesion", NULL };
	char *missing[] = { "/init", "--session", "-u", NULL };
	char *empty[] = { "/init", "--session", "-w", "", NULL };
	char *bad_env[] = { "/init", "--session", "-e", "NOEQUALS", NULL };
	char *bad_env2[] = { "/init", "--session", "-e", "=x", NULL };
	char *unknown[] = { "/init", "--session", "-x", NULL };

	ck_assert_int_eq(parse(bad_mode), -1);
	ck_assert_ptr_nonnull(strstr(err, "--sesion"));
	ck_assert_int_eq(parse(missing), -1);
	ck_assert_ptr_nonnull(strstr(err, "needs a value"));
	ck_assert_int_eq(parse(empty), -1);
	ck_assert_int_eq(parse(bad_env), -1);
	ck_assert_ptr_nonnull(strstr(err, "VAR=VALUE"));
	ck_assert_int_eq(parse(bad_env2), -1);
	ck_assert_int_eq(parse(unknown), -1);
	ck_assert_ptr_nonnull(strstr(err, "-x"));
}
END_TEST

START_TEST(args_too_many_env)
{
	char *argv[3 + 2 * (LXINIT_MAX_ENV + 1) + 1];
	int i, n = 0;

	argv[n++] = "/init";
	argv[n++] = "--session";
	for (i = 0; i <= LXINIT_MAX_ENV; i++) {
		argv[n++] = "-e";
		argv[n++] = "A=1";
	}
	argv[n] = NULL;
	ck_assert_int_eq(parse(argv), -1);
	ck_assert_ptr_nonnull(strstr(err, "too many"));
}
END_TEST

static const char passwd[] =
	"# comment\n"
	"root:x:0:0:root:/root:/bin/sh\n"
	"broken:x:1\n"
	"badid:x:abc:0::/:/bin/sh\n"
	"\n"
	"lx:x:1000:1000:LX user:/home/lx:/bin/ash\n"
	"123:x:5:5::/home/n:\n"
	"nohome:x:77:77:::\n"
	"last:x:4294967295:0::/:/bin/sh\n"
	"noeol:x:2000:2001::/home/e:/bin/sh";

START_TEST(passwd_by_name_and_id)
{
	struct lxinit_pw pw;

	ck_assert_int_eq(lxinit_passwd_find(passwd, "root", &pw), 0);
	ck_assert_uint_eq(pw.uid, 0);
	ck_assert_str_eq(pw.home, "/root");
	ck_assert_int_eq(lxinit_passwd_find(passwd, "lx", &pw), 0);
	ck_assert_uint_eq(pw.uid, 1000);
	ck_assert_uint_eq(pw.gid, 1000);
	ck_assert_str_eq(pw.shell, "/bin/ash");
	ck_assert_int_eq(lxinit_passwd_find(passwd, "1000", &pw), 0);
	ck_assert_str_eq(pw.name, "lx");
	ck_assert_int_eq(lxinit_passwd_find(passwd, "0", &pw), 0);
	ck_assert_str_eq(pw.name, "root");
	ck_assert_int_eq(lxinit_passwd_find(passwd, "noeol", &pw), 0);
	ck_assert_uint_eq(pw.gid, 2001);
}
END_TEST

START_TEST(passwd_name_wins_over_number)
{
	struct lxinit_pw pw;

	ck_assert_int_eq(lxinit_passwd_find(passwd, "123", &pw), 0);
	ck_assert_uint_eq(pw.uid, 5);
	ck_assert_str_eq(pw.shell, "/bin/sh");	/* empty shell field */
}
END_TEST

START_TEST(passwd_defaults_and_malformed)
{
	struct lxinit_pw pw;

	ck_assert_int_eq(lxinit_passwd_find(passwd, "nohome", &pw), 0);
	ck_assert_str_eq(pw.home, "/");
	ck_assert_str_eq(pw.shell, "/bin/sh");
	ck_assert_int_eq(lxinit_passwd_find(passwd, "broken", &pw), -1);
	ck_assert_int_eq(lxinit_passwd_find(passwd, "badid", &pw), -1);
	ck_assert_int_eq(lxinit_passwd_find(passwd, "last", &pw), -1);	/* -1 is no id */
	ck_assert_int_eq(lxinit_passwd_find(passwd, "nobody", &pw), -1);
	ck_assert_int_eq(lxinit_passwd_find(passwd, "4242", &pw), -1);
	ck_assert_int_eq(lxinit_passwd_find("", "root", &pw), -1);
}
END_TEST

START_TEST(passwd_long_line_skipped)
{
	struct lxinit_pw pw;
	size_t n = 10000;
	char *text = malloc(n + 64);

	memset(text, 'a', n);
	strcpy(text + n, ":x:9:9::/:/bin/sh\nok:x:1:1::/:/bin/sh\n");
	ck_assert_int_eq(lxinit_passwd_find(text, "9", &pw), -1);
	ck_assert_int_eq(lxinit_passwd_find(text, "ok", &pw), 0);
	free(text);
}
END_TEST

static const char group[] =
	"root:x:0:\n"
	"adm:x:4:lx,other\n"
	"# x:x:5:lx\n"
	"bad:x:z:lx\n"
	"lx:x:1000:\n"
	"users:x:100:other,lx\n"
	"again:x:4:lx\n"
	"lxx:x:7:lxx\n"
	"short:x:8\n";

START_TEST(groups_of_user)
{
	gid_t g[8];
	int n = lxinit_group_list(group, "lx", 1000, g, 8);

	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(g[0], 1000);
	ck_assert_uint_eq(g[1], 4);
	ck_assert_uint_eq(g[2], 100);
}
END_TEST

START_TEST(groups_limit_and_empty)
{
	gid_t g[2];

	ck_assert_int_eq(lxinit_group_list(group, "lx", 1000, g, 2), 2);
	ck_assert_int_eq(lxinit_group_list(group, "lx", 1000, g, 0), 0);
	ck_assert_int_eq(lxinit_group_list("", "root", 0, g, 2), 1);
	ck_assert_uint_eq(g[0], 0);
	ck_assert_int_eq(lxinit_group_list(group, "nobody", 65534, g, 2), 1);
}
END_TEST

START_TEST(env_clean_and_overrides)
{
	static char store[5][PATH_MAX + 16];
	const char *env[5 + LXINIT_MAX_ENV + 1];
	struct lxinit_pw pw = { .name = "lx", .uid = 1000, .gid = 1000,
				.home = "/home/lx", .shell = "/bin/sh" };
	char *argv[] = { "/init", "--session", "-e", "TERM=vt100", "-e", "HOME=/x",
			 "-e", "TERM=xterm", NULL };

	ck_assert_int_eq(parse(argv), 0);
	ck_assert_int_eq(lxinit_build_env(&o, &pw, store, env), 6);
	ck_assert_str_eq(env[0], "HOME=/x");
	ck_assert_str_eq(env[1], "USER=lx");
	ck_assert_str_eq(env[2], "LOGNAME=lx");
	ck_assert_str_eq(env[3], "SHELL=/bin/sh");
	ck_assert_str_eq(env[4], "PATH=" LXINIT_PATH_USER);
	ck_assert_str_eq(env[5], "TERM=xterm");
	ck_assert_ptr_null(env[6]);
	pw.uid = 0;
	ck_assert_int_eq(lxinit_build_env(&o, &pw, store, env), 6);
	ck_assert_str_eq(env[4], "PATH=" LXINIT_PATH_ROOT);
}
END_TEST

START_TEST(login_name)
{
	char b[8];

	ck_assert_int_eq(lxinit_login_name("/bin/sh", b, sizeof(b)), 0);
	ck_assert_str_eq(b, "-sh");
	ck_assert_int_eq(lxinit_login_name("ash", b, sizeof(b)), 0);
	ck_assert_str_eq(b, "-ash");
	ck_assert_int_eq(lxinit_login_name("/bin/", b, sizeof(b)), 0);
	ck_assert_str_eq(b, "-sh");
	ck_assert_int_eq(lxinit_login_name("/usr/bin/longshell", b, sizeof(b)), -1);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s;
	TCase *tc;
	SRunner *sr;
	int failed;

	/* --lsan-probe: do nothing, so only LeakSanitizer's exit check can fail. */
	if (argc > 1 && !strcmp(argv[1], "--lsan-probe"))
		return EXIT_SUCCESS;
	s = suite_create("lxinit");
	tc = tcase_create("pure");
	tcase_add_test(tc, args_none_is_pid1);
	tcase_add_test(tc, args_session_full);
	tcase_add_test(tc, args_session_no_command);
	tcase_add_test(tc, args_dashdash_alone_means_no_command);
	tcase_add_test(tc, args_command_without_dashdash);
	tcase_add_test(tc, args_errors);
	tcase_add_test(tc, args_too_many_env);
	tcase_add_test(tc, passwd_by_name_and_id);
	tcase_add_test(tc, passwd_name_wins_over_number);
	tcase_add_test(tc, passwd_defaults_and_malformed);
	tcase_add_test(tc, passwd_long_line_skipped);
	tcase_add_test(tc, groups_of_user);
	tcase_add_test(tc, groups_limit_and_empty);
	tcase_add_test(tc, env_clean_and_overrides);
	tcase_add_test(tc, login_name);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
