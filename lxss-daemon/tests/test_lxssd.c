// SPDX-License-Identifier: GPL-2.0
/*
 * test_lxssd.c - lxssd's pure rules (user names, the group file, /init's
 * command line) and its registry on disk: written whole and atomically,
 * read back strictly, half installs and dead instances cleaned at start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lxssd.h"
#include "lxss_unit.h"

static struct lxssd s;
static char dir[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
	char p[128];

	snprintf(dir, sizeof(dir), "/tmp/lxssd-unit.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/distros", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/run", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	memset(&s, 0, sizeof(s));
	s.state_dir = dir;
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct lxssd_distro *add(const char *name, const char *user, enum lxp_state st)
{
	size_t i;

	for (i = 0; s.distros[i].used; i++)
		;
	s.distros[i].used = true;
	snprintf(s.distros[i].name, sizeof(s.distros[i].name), "%s", name);
	snprintf(s.distros[i].user, sizeof(s.distros[i].user), "%s", user);
	s.distros[i].state = st;
	return &s.distros[i];
}

START_TEST(valid_users)
{
	static const char *const good[] = { "root", "lx", "_a", "a-b1", "abcdefghijklmnopqrstuvwxyzabcdef" };
	static const char *const bad[] = { "", "1a", "-a", "A", "a b", "a/b", "a:b",
					   "abcdefghijklmnopqrstuvwxyzabcdefg" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ck_assert_msg(lxssd_valid_user(good[i]), "%s refused", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(!lxssd_valid_user(bad[i]), "%s accepted", bad[i]);
	ck_assert(!lxssd_valid_user(NULL));
}
END_TEST

START_TEST(group_file)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/group", dir);
	write_file(p, "root:x:0:\nlxssfoo:x:7:\nlxs:x:8:\nlxss:x:4242:alice,bob\nbad:x:12z:\n");
	ck_assert_uint_eq(lxssd_group_gid(p, "lxss"), 4242);
	ck_assert_uint_eq(lxssd_group_gid(p, "root"), 0);
	ck_assert_uint_eq(lxssd_group_gid(p, "lx"), (gid_t)-1);
	ck_assert_uint_eq(lxssd_group_gid(p, "bad"), (gid_t)-1);
	ck_assert_uint_eq(lxssd_group_gid(p, ""), (gid_t)-1);
	ck_assert_uint_eq(lxssd_group_gid("/nonexistent/group", "lxss"), (gid_t)-1);
}
END_TEST

START_TEST(init_command_line)
{
	static struct lxp_msg rq;
	const char *out[32];
	int n;

	memset(&rq, 0, sizeof(rq));
	rq.user = "";
	n = lxssd_build_init_argv(&rq, "root", out, ARRAY_SIZE(out));
	ck_assert_int_eq(n, 5);	/* no command: a login shell of the default user */
	ck_assert_str_eq(out[0], "/init");
	ck_assert_str_eq(out[1], "--session");
	ck_assert_str_eq(out[3], "root");
	ck_assert_str_eq(out[4], "-l");
	ck_assert_ptr_null(out[5]);

	rq.user = "lx";
	rq.cwd = "/tmp";
	rq.nenv = 1;
	rq.env[0] = "A=1";
	rq.nargv = 2;
	rq.argv[0] = "echo";
	rq.argv[1] = "-l";
	n = lxssd_build_init_argv(&rq, "root", out, ARRAY_SIZE(out));
	ck_assert_int_eq(n, 11);
	ck_assert_str_eq(out[3], "lx");
	ck_assert_str_eq(out[4], "-w");
	ck_assert_str_eq(out[5], "/tmp");
	ck_assert_str_eq(out[6], "-e");
	ck_assert_str_eq(out[7], "A=1");
	ck_assert_str_eq(out[8], "--");	/* the command's own -l stays after -- */
	ck_assert_str_eq(out[10], "-l");
	ck_assert_int_eq(lxssd_build_init_argv(&rq, "root", out, 11), -1);
	ck_assert_int_eq(lxssd_build_init_argv(&rq, "root", out, 12), 11);
}
END_TEST

START_TEST(registry_round_trip)
{
	char p[128];
	struct stat st;

	add("deb", "root", LXP_STATE_INSTALLED);
	add("alpine-3.19", "lx", LXP_STATE_INSTALLING);
	ck_assert_int_eq(lxssd_registry_save(&s), 0);
	snprintf(p, sizeof(p), "%s/registry.tmp", dir);
	ck_assert_int_eq(stat(p, &st), -1);	/* renamed into place */
	snprintf(p, sizeof(p), "%s/registry", dir);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);

	memset(s.distros, 0, sizeof(s.distros));
	ck_assert_int_eq(lxssd_registry_load(&s), 0);
	ck_assert_ptr_nonnull(lxssd_find(&s, "deb"));
	ck_assert_str_eq(lxssd_find(&s, "alpine-3.19")->user, "lx");
	ck_assert_int_eq(lxssd_find(&s, "alpine-3.19")->state, LXP_STATE_INSTALLING);
	ck_assert_int_eq(lxssd_find(&s, "deb")->state, LXP_STATE_INSTALLED);
	ck_assert_ptr_null(lxssd_find(&s, "nope"));
}
END_TEST

START_TEST(registry_bad_lines_are_skipped)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/registry", dir);
	write_file(p, "lxss-registry 1\n"
		      "good installed root\n"
		      "bad/name installed root\n"
		      ".. installed root\n"
		      "x weird root\n"
		      "y installed Root\n"
		      "good installed lx\n"	/* a duplicate */
		      "short\n"
		      "ok2 installing lx\n");
	ck_assert_int_eq(lxssd_registry_load(&s), 0);
	ck_assert_ptr_nonnull(lxssd_find(&s, "good"));
	ck_assert_str_eq(lxssd_find(&s, "good")->user, "root");
	ck_assert_ptr_nonnull(lxssd_find(&s, "ok2"));
	ck_assert_ptr_null(lxssd_find(&s, "x"));
	ck_assert_ptr_null(lxssd_find(&s, "y"));
	ck_assert_ptr_null(lxssd_find(&s, "short"));
	ck_assert_ptr_null(lxssd_find(&s, ".."));
}
END_TEST

START_TEST(registry_unknown_version_is_refused)
{
	char p[128];

	/* no registry: nothing installed yet */
	ck_assert_int_eq(lxssd_registry_load(&s), 0);
	snprintf(p, sizeof(p), "%s/registry", dir);
	write_file(p, "lxss-registry 2\ngood installed root\n");
	ck_assert_int_eq(lxssd_registry_load(&s), -1);
	ck_assert_ptr_null(lxssd_find(&s, "good"));
}
END_TEST

START_TEST(recover_drops_half_installs_and_dead_instances)
{
	char p[160];
	struct stat st;

	add("done", "root", LXP_STATE_INSTALLED);
	add("half", "root", LXP_STATE_INSTALLING);
	ck_assert_int_eq(lxssd_registry_save(&s), 0);
	snprintf(p, sizeof(p), "%s/distros/half", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/distros/half/rootfs", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	/* pid 1 of an instance of a dead lxssd: its start time does not match */
	snprintf(p, sizeof(p), "%s/run/done", dir);
	write_file(p, "999999 12345\n");

	lxssd_recover(&s);
	ck_assert_ptr_null(lxssd_find(&s, "half"));
	snprintf(p, sizeof(p), "%s/distros/half", dir);
	ck_assert_int_eq(stat(p, &st), -1);
	snprintf(p, sizeof(p), "%s/run/done", dir);
	ck_assert_int_eq(stat(p, &st), -1);
	memset(s.distros, 0, sizeof(s.distros));
	ck_assert_int_eq(lxssd_registry_load(&s), 0);
	ck_assert_ptr_nonnull(lxssd_find(&s, "done"));
	ck_assert_ptr_null(lxssd_find(&s, "half"));
}
END_TEST

Suite *lxssd_suite(void)
{
	Suite *su = suite_create("lxssd");
	TCase *util = tcase_create("util");
	TCase *reg = tcase_create("registry");

	tcase_add_checked_fixture(util, setup, teardown);
	tcase_add_test(util, valid_users);
	tcase_add_test(util, group_file);
	tcase_add_test(util, init_command_line);
	suite_add_tcase(su, util);
	tcase_add_checked_fixture(reg, setup, teardown);
	tcase_add_test(reg, registry_round_trip);
	tcase_add_test(reg, registry_bad_lines_are_skipped);
	tcase_add_test(reg, registry_unknown_version_is_refused);
	tcase_add_test(reg, recover_drops_half_installs_and_dead_instances);
	suite_add_tcase(su, reg);
	return su;
}
