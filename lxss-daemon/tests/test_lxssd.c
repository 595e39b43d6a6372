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

START_TEST(registry_keeps_the_owner)
{
	struct lxssd_distro *d = add("mine", "root", LXP_STATE_INSTALLED);
	char p[128], text[512];
	FILE *f;
	size_t n;

	d->owner.uid = 4243;
	d->owner.gid = 4242;
	d->owner.ngroups = 2;
	d->owner.groups[0] = 4242;
	d->owner.groups[1] = 27;
	add("roots", "root", LXP_STATE_INSTALLED);
	ck_assert_int_eq(lxssd_registry_save(&s), 0);
	snprintf(p, sizeof(p), "%s/registry", dir);
	f = fopen(p, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = 0;
	fclose(f);
	ck_assert_str_eq(text, "lxss-registry 1\nmine installed root 4243 4242 4242,27\n"
			       "roots installed root 0 0 -\n");

	memset(s.distros, 0, sizeof(s.distros));
	ck_assert_int_eq(lxssd_registry_load(&s), 0);
	d = lxssd_find(&s, "mine");
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->owner.uid, 4243);
	ck_assert_uint_eq(d->owner.gid, 4242);
	ck_assert_uint_eq(d->owner.ngroups, 2);
	ck_assert_uint_eq(d->owner.groups[1], 27);
	ck_assert(lxssd_may_use(4243, d));
	ck_assert(lxssd_may_use(0, d));
	ck_assert(!lxssd_may_use(4244, d));
	d = lxssd_find(&s, "roots");
	ck_assert_uint_eq(d->owner.uid, 0);
	ck_assert_uint_eq(d->owner.ngroups, 0);
	ck_assert(!lxssd_may_use(4243, d));
}
END_TEST

START_TEST(registry_old_lines_are_roots)
{
	struct lxssd_distro *d;
	char p[128];

	snprintf(p, sizeof(p), "%s/registry", dir);
	write_file(p, "lxss-registry 1\n"
		      "old installed lx\n"			/* an older lxssd's line */
		      "new installed root 1000 100 -\n"
		      "nogid installed root 1000\n"		/* 4 or 5 fields: bad */
		      "five installed root 1000 100\n"
		      "neg installed root -1 100 -\n"
		      "big installed root 4294967295 100 -\n"
		      "grp installed root 1000 100 1,,2\n"
		      "grp2 installed root 1000 100 1,x\n"
		      "seven installed root 1000 100 - extra\n"
		      "many installed root 1000 100 "
		      "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,"
		      "29,30,31,32,33\n");
	ck_assert_int_eq(lxssd_registry_load(&s), 0);
	d = lxssd_find(&s, "old");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->user, "lx");
	ck_assert_uint_eq(d->owner.uid, 0);
	ck_assert_uint_eq(d->owner.gid, 0);
	ck_assert(!lxssd_may_use(1000, d));
	d = lxssd_find(&s, "new");
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->owner.uid, 1000);
	ck_assert_uint_eq(d->owner.gid, 100);
	ck_assert(lxssd_may_use(1000, d));
	ck_assert_ptr_null(lxssd_find(&s, "nogid"));
	ck_assert_ptr_null(lxssd_find(&s, "five"));
	ck_assert_ptr_null(lxssd_find(&s, "neg"));
	ck_assert_ptr_null(lxssd_find(&s, "big"));
	ck_assert_ptr_null(lxssd_find(&s, "grp"));
	ck_assert_ptr_null(lxssd_find(&s, "grp2"));
	ck_assert_ptr_null(lxssd_find(&s, "seven"));
	ck_assert_ptr_null(lxssd_find(&s, "many"));
}
END_TEST

START_TEST(group_lists)
{
	struct lxz_owner o = { .ngroups = 0 };
	char buf[64];

	ck_assert_int_eq(lxssd_format_groups(&o, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "-");
	ck_assert_int_eq(lxssd_parse_groups("7,4294967294,0", &o), 0);
	ck_assert_uint_eq(o.ngroups, 3);
	ck_assert_int_eq(lxssd_format_groups(&o, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "7,4294967294,0");
	ck_assert_int_eq(lxssd_format_groups(&o, buf, 8), -1);	/* too small */
	ck_assert_int_eq(lxssd_parse_groups("", &o), -1);
	ck_assert_int_eq(lxssd_parse_groups("1,", &o), -1);
	ck_assert_int_eq(lxssd_parse_groups("+1", &o), -1);
	ck_assert_int_eq(lxssd_parse_groups("4294967295", &o), -1);
	ck_assert_int_eq(lxssd_parse_groups("99999999999999999999", &o), -1);
}
END_TEST

START_TEST(own_tree_gives_everything_to_the_owner)
{
	char p[192];
	struct stat st;
	uid_t u = getuid() == 0 ? 4243 : getuid();
	gid_t g = getuid() == 0 ? 4242 : getgid();

	snprintf(p, sizeof(p), "%s/distros/t", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/distros/t/a", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/distros/t/a/f", dir);
	write_file(p, "x");
	snprintf(p, sizeof(p), "%s/distros/t/a/l", dir);
	ck_assert_int_eq(symlink("/etc/passwd", p), 0);
	snprintf(p, sizeof(p), "%s/distros/t", dir);
	ck_assert_int_eq(lxssd_own_tree(p, u, g), 0);
	snprintf(p, sizeof(p), "%s/distros/t/a/f", dir);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_uid, u);
	ck_assert_uint_eq(st.st_gid, g);
	snprintf(p, sizeof(p), "%s/distros/t/a", dir);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_uint_eq(st.st_uid, u);
	/* the link itself, never what it names */
	ck_assert_int_eq(stat("/etc/passwd", &st), 0);
	ck_assert_uint_eq(st.st_uid, 0);
	snprintf(p, sizeof(p), "%s/distros/nothing", dir);
	ck_assert_int_eq(lxssd_own_tree(p, u, g), -1);
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
	tcase_add_test(reg, registry_keeps_the_owner);
	tcase_add_test(reg, registry_old_lines_are_roots);
	tcase_add_test(reg, own_tree_gives_everything_to_the_owner);
	tcase_add_test(util, group_lists);
	tcase_add_test(reg, recover_drops_half_installs_and_dead_instances);
	suite_add_tcase(su, reg);
	return su;
}
