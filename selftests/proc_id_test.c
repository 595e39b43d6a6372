// SPDX-License-Identifier: GPL-2.0
/*
 * proc_id_test: identity, limits and system information of pico processes.
 * Most tests are differential (fd_test.c explains how): one body runs
 * natively and as a pico process, and both must print the Linux values
 * written here. The VM runs tests as host root; a body that needs an
 * unprivileged caller first setresuid()s to one: natively that changes
 * the host ids, in a pico process only the emulated ones, and the rules
 * are the same. Tests whose native answer differs on purpose (a host pid,
 * the host's process count, the release string, the host credentials
 * kept) run only as pico processes.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <limits.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <asm/prctl.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/random.h>
#include "lxtest.h"
#include "kselftest_harness.h"

FIXTURE(id) {
	int dev;
	int inst;
};

FIXTURE_SETUP(id)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", LXSS_DEVICE_PATH, strerror(errno));
	self->inst = lxt_create(self->dev, "id");
	ASSERT_LE(0, self->inst) TH_LOG("create: %s", strerror(errno));
}

FIXTURE_TEARDOWN(id)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

/* A pico-only run: the output must be @want exactly. */
#define PICO(want, ...) do {						\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	static struct lxt_result r_;					\
	if (lxt_native_only())						\
		SKIP(return, "pico only");				\
	ASSERT_EQ(0, lxt_run_case(self->inst, &case_, &r_));		\
	EXPECT_EQ(0, lxt_check_result("pico", &r_, "expected", want,	\
				      "", "exit=0"));			\
} while (0)

/* ---- Raw calls (-errno on failure) ---- */

#define sc0(nr) lxt_syscall6(nr, 0, 0, 0, 0, 0, 0)
#define sc1(nr, a) lxt_syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sc2(nr, a, b) lxt_syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sc3(nr, a, b, c) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sc4(nr, a, b, c, d) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

#define BAD ((void *)8)		/* an unmapped user address */
#define NONE (-1L)		/* set*id: leave unchanged */
#define ALL_CAPS 0x1ffffffffffUL

/* "tag=1 2 3" (@n values) if @r is 0, else "tag=-EFAULT" */
static void say_vals(const char *tag, long r, unsigned int n, unsigned long a,
		     unsigned long b, unsigned long c)
{
	unsigned long v[3] = { a, b, c };
	struct lxt_line l = { .n = 0 };
	unsigned int i;

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	if (r) {
		lxt_put_ret(&l, r);
	} else {
		for (i = 0; i < n; i++) {
			lxt_put_str(&l, i ? " " : "");
			lxt_put_ulong(&l, v[i], 10);
		}
	}
	lxt_put_end(&l);
}

#define say3(tag, r, a, b, c) say_vals(tag, r, 3, a, b, c)

/* "tag=022": a mode in octal. */
static void say_oct(const char *tag, long v)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=0");
	lxt_put_ulong(&l, v, 8);
	lxt_put_end(&l);
}

static void say_resuid(const char *tag)
{
	unsigned int r = 7, e = 7, s = 7;
	long ret = sc3(SYS_getresuid, &r, &e, &s);

	say3(tag, ret, r, e, s);
}

static void say_resgid(const char *tag)
{
	unsigned int r = 7, e = 7, s = 7;
	long ret = sc3(SYS_getresgid, &r, &e, &s);

	say3(tag, ret, r, e, s);
}

/* fsuid and fsgid, read with setfs*id(-1), which changes nothing. */
static void say_fsids(void)
{
	lxt_say("fsuid", sc1(SYS_setfsuid, -1));
	lxt_say("fsgid", sc1(SYS_setfsgid, -1));
}

/* "groups=N: a b c" */
static void say_groups(const char *tag)
{
	static unsigned int g[64];
	struct lxt_line l = { .n = 0 };
	long n = sc2(SYS_getgroups, 64, g), i;

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, n);
	for (i = 0; i < n; i++) {
		lxt_put_str(&l, i ? " " : ":");
		lxt_put_ulong(&l, g[i], 10);
	}
	lxt_put_end(&l);
}

/* capget v3 of @pid: "caps=0 e=0x.. p=0x.. i=0x.." */
static void say_caps_of(const char *tag, long pid)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, (int)pid };
	struct __user_cap_data_struct d[2];
	struct lxt_line l = { .n = 0 };
	long r;

	memset(d, 0, sizeof(d));
	r = sc2(SYS_capget, &h, d);
	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ret(&l, r);
	if (!r) {
		lxt_put_str(&l, " e=0x");
		lxt_put_ulong(&l, d[0].effective | (unsigned long)d[1].effective << 32, 16);
		lxt_put_str(&l, " p=0x");
		lxt_put_ulong(&l, d[0].permitted | (unsigned long)d[1].permitted << 32, 16);
		lxt_put_str(&l, " i=0x");
		lxt_put_ulong(&l, d[0].inheritable | (unsigned long)d[1].inheritable << 32, 16);
	}
	lxt_put_end(&l);
}

static void say_caps(const char *tag)
{
	say_caps_of(tag, 0);
}

static long capset3(unsigned long e, unsigned long p, unsigned long i)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (unsigned int)e, (unsigned int)p, (unsigned int)i },
		{ (unsigned int)(e >> 32), (unsigned int)(p >> 32), (unsigned int)(i >> 32) },
	};

	return sc2(SYS_capset, &h, d);
}

/* The body's first step in tests of unprivileged callers. */
static void become_1000(void)
{
	lxt_say("setresuid1000", sc3(SYS_setresuid, 1000, 1000, 1000));
}

/* Known host groups for the run. */
static void known_host_state(void *arg)
{
	static const gid_t g[] = { 7, 5 };

	if (setgroups(2, g))
		_exit(123);
}

/* ---- ids ---- */

static void ids_of_root(void *arg)
{
	lxt_say("getuid", sc0(SYS_getuid));
	lxt_say("geteuid", sc0(SYS_geteuid));
	lxt_say("getgid", sc0(SYS_getgid));
	lxt_say("getegid", sc0(SYS_getegid));
	say_resuid("resuid");
	say_resgid("resgid");
	say_fsids();
	say_groups("groups");
}

TEST_F(id, a_pico_process_starts_with_the_callers_host_ids_and_groups)
{
	DIFF(.setup = known_host_state, .body = ids_of_root,
	     .expect_out = "getuid=0\ngeteuid=0\ngetgid=0\ngetegid=0\nresuid=0 0 0\n"
			   "resgid=0 0 0\nfsuid=0\nfsgid=0\ngroups=2:5 7\n");
}

/* Host ids that are not all the same, set before the pico run enters. */
static void mixed_host_ids(void *arg)
{
	known_host_state(arg);
	if (setresgid(10, 11, 12) || setfsgid(13) < 0 || setresuid(0, 1000, 0))
		_exit(123);
}

static void ids_mixed(void *arg)
{
	say_resuid("resuid");
	say_resgid("resgid");
	say_fsids();
	say_groups("groups");
	say_caps("caps");
}

TEST_F(id, a_pico_process_starts_with_mixed_host_ids_and_their_capabilities)
{
	DIFF(.setup = mixed_host_ids, .body = ids_mixed,
	     .expect_out = "resuid=0 1000 0\nresgid=10 11 12\nfsuid=1000\nfsgid=13\n"
			   "groups=2:5 7\ncaps=0 e=0x0 p=0x1ffffffffff i=0x0\n");
}

static void getres_bad_pointers(void *arg)
{
	unsigned int a = 9, b = 9, c = 9;

	lxt_say("resuid-bad-r", sc3(SYS_getresuid, BAD, &b, &c));
	lxt_say("resuid-bad-e", sc3(SYS_getresuid, &a, BAD, &c));
	lxt_say("resuid-bad-s", sc3(SYS_getresuid, &a, &b, BAD));
	lxt_say("resgid-bad-s", sc3(SYS_getresgid, &a, &b, BAD));
	say3("written-before-fault", 0, a, b, c);
}

TEST_F(id, getresuid_and_getresgid_with_a_bad_pointer_are_efault)
{
	DIFF(.body = getres_bad_pointers,
	     .expect_out = "resuid-bad-r=-EFAULT\nresuid-bad-e=-EFAULT\nresuid-bad-s=-EFAULT\n"
			   "resgid-bad-s=-EFAULT\nwritten-before-fault=0 0 9\n");
}

static void setuid_root(void *arg)
{
	lxt_say("setuid-1", sc1(SYS_setuid, -1));
	lxt_say("setgid-1", sc1(SYS_setgid, -1));
	lxt_say("setgid50", sc1(SYS_setgid, 50));
	say_resgid("resgid");
	lxt_say("setuid40", sc1(SYS_setuid, 40));
	say_resuid("resuid");
	say_fsids();
	lxt_say("setuid0", sc1(SYS_setuid, 0));
	lxt_say("setgid0", sc1(SYS_setgid, 0));
	say_caps("caps");
}

TEST_F(id, setuid_as_root_sets_every_uid_and_drops_root_for_good)
{
	DIFF(.body = setuid_root,
	     .expect_out = "setuid-1=-EINVAL\nsetgid-1=-EINVAL\nsetgid50=0\nresgid=50 50 50\n"
			   "setuid40=0\nresuid=40 40 40\nfsuid=40\nfsgid=50\n"
			   "setuid0=-EPERM\nsetgid0=-EPERM\ncaps=0 e=0x0 p=0x0 i=0x0\n");
}

static void setuid_unprivileged(void *arg)
{
	lxt_say("setresgid", sc3(SYS_setresgid, 2000, 2001, 2002));
	lxt_say("setresuid", sc3(SYS_setresuid, 1000, 1001, 1002));
	lxt_say("setuid0", sc1(SYS_setuid, 0));
	lxt_say("setuid1001", sc1(SYS_setuid, 1001));	/* the euid: not enough */
	lxt_say("setuid1002", sc1(SYS_setuid, 1002));	/* the suid */
	say_resuid("resuid");
	lxt_say("setuid1000", sc1(SYS_setuid, 1000));	/* the real uid */
	say_resuid("resuid");
	lxt_say("setgid2001", sc1(SYS_setgid, 2001));
	lxt_say("setgid2002", sc1(SYS_setgid, 2002));
	say_resgid("resgid");
	lxt_say("setgid-1", sc1(SYS_setgid, -1));
}

TEST_F(id, setuid_without_privilege_may_only_pick_the_real_or_saved_uid)
{
	DIFF(.body = setuid_unprivileged,
	     .expect_out = "setresgid=0\nsetresuid=0\nsetuid0=-EPERM\nsetuid1001=-EPERM\n"
			   "setuid1002=0\nresuid=1000 1002 1002\nsetuid1000=0\n"
			   "resuid=1000 1000 1002\nsetgid2001=-EPERM\nsetgid2002=0\n"
			   "resgid=2000 2002 2002\nsetgid-1=-EINVAL\n");
}

static void setreuid_rules(void *arg)
{
	lxt_say("setresgid", sc3(SYS_setresgid, 10, 11, 12));
	lxt_say("setresuid", sc3(SYS_setresuid, 1000, 1001, 1002));
	lxt_say("setreuid-1,1002", sc2(SYS_setreuid, NONE, 1002));
	say_resuid("resuid");	/* euid != ruid: suid follows euid */
	lxt_say("setreuid-1,1000", sc2(SYS_setreuid, NONE, 1000));
	say_resuid("resuid");	/* euid == ruid: suid stays */
	lxt_say("setreuid1002,-1", sc2(SYS_setreuid, 1002, NONE));	/* saved only: no */
	lxt_say("setreuid1000,1002", sc2(SYS_setreuid, 1000, 1002));
	say_resuid("resuid");
	lxt_say("setreuid7,-1", sc2(SYS_setreuid, 7, NONE));
	lxt_say("setreuid-1,-1", sc2(SYS_setreuid, NONE, NONE));
	say_resuid("resuid");
	lxt_say("setregid11,12", sc2(SYS_setregid, 11, 12));
	say_resgid("resgid");
	lxt_say("setregid12,-1", sc2(SYS_setregid, 12, NONE));
	lxt_say("setregid5,-1", sc2(SYS_setregid, 5, NONE));
	lxt_say("setregid-1,5", sc2(SYS_setregid, NONE, 5));
	say_resgid("resgid");
}

TEST_F(id, setreuid_and_setregid_follow_linux_rules_for_the_saved_id)
{
	DIFF(.body = setreuid_rules,
	     .expect_out = "setresgid=0\nsetresuid=0\nsetreuid-1,1002=0\nresuid=1000 1002 1002\n"
			   "setreuid-1,1000=0\nresuid=1000 1000 1002\n"
			   "setreuid1002,-1=-EPERM\nsetreuid1000,1002=0\n"
			   "resuid=1000 1002 1002\nsetreuid7,-1=-EPERM\nsetreuid-1,-1=0\n"
			   "resuid=1000 1002 1002\nsetregid11,12=0\n"
			   "resgid=11 12 12\nsetregid12,-1=0\nsetregid5,-1=-EPERM\n"
			   "setregid-1,5=-EPERM\nresgid=12 12 12\n");
}

static void setresuid_rules(void *arg)
{
	lxt_say("setresgid", sc3(SYS_setresgid, 20, 21, 22));
	lxt_say("setresuid", sc3(SYS_setresuid, 1000, 1001, 1002));
	lxt_say("noop", sc3(SYS_setresuid, NONE, NONE, NONE));
	lxt_say("same", sc3(SYS_setresuid, 1000, 1001, 1002));
	lxt_say("rotate", sc3(SYS_setresuid, 1002, 1000, 1001));
	say_resuid("resuid");
	lxt_say("new", sc3(SYS_setresuid, NONE, 3, NONE));
	lxt_say("root", sc3(SYS_setresuid, 0, NONE, NONE));
	say_resuid("resuid");
	lxt_say("grotate", sc3(SYS_setresgid, 22, 20, 21));
	lxt_say("gnew", sc3(SYS_setresgid, NONE, NONE, 0));
	say_resgid("resgid");
	say_fsids();
}

TEST_F(id, setresuid_without_privilege_may_only_shuffle_the_three_ids)
{
	DIFF(.body = setresuid_rules,
	     .expect_out = "setresgid=0\nsetresuid=0\nnoop=0\nsame=0\nrotate=0\n"
			   "resuid=1002 1000 1001\nnew=-EPERM\nroot=-EPERM\nresuid=1002 1000 1001\n"
			   "grotate=0\ngnew=-EPERM\nresgid=22 20 21\nfsuid=1000\nfsgid=20\n");
}

static void setfsuid_rules(void *arg)
{
	lxt_say("setfsuid5", sc1(SYS_setfsuid, 5));		/* root: anything */
	lxt_say("setfsuid-1", sc1(SYS_setfsuid, -1));
	lxt_say("setfsgid6", sc1(SYS_setfsgid, 6));
	lxt_say("setfsgid6", sc1(SYS_setfsgid, 6));
	lxt_say("setresgid", sc3(SYS_setresgid, 2000, 2001, 2002));
	lxt_say("setresuid", sc3(SYS_setresuid, 1000, 1001, 1002));
	lxt_say("setfsuid5", sc1(SYS_setfsuid, 5));		/* refused: unchanged */
	lxt_say("setfsuid1002", sc1(SYS_setfsuid, 1002));
	lxt_say("setfsuid1000", sc1(SYS_setfsuid, 1000));
	lxt_say("setfsgid6", sc1(SYS_setfsgid, 6));
	lxt_say("setfsgid2002", sc1(SYS_setfsgid, 2002));
	say_fsids();
	say_resuid("resuid");
}

TEST_F(id, setfsuid_returns_the_old_fsuid_and_changes_it_only_when_allowed)
{
	DIFF(.body = setfsuid_rules,
	     .expect_out = "setfsuid5=0\nsetfsuid-1=5\nsetfsgid6=0\nsetfsgid6=6\nsetresgid=0\n"
			   "setresuid=0\nsetfsuid5=1001\nsetfsuid1002=1001\n"
			   "setfsuid1000=1002\nsetfsgid6=2001\nsetfsgid2002=2001\n"
			   "fsuid=1000\nfsgid=2002\nresuid=1000 1001 1002\n");
}

/* ---- groups ---- */

static void groups_root(void *arg)
{
	static const unsigned int set[] = { 30, 10, 20, 10 };
	static const unsigned int bad[] = { 1, (unsigned int)-1 };
	unsigned int one[1];

	lxt_say("count", sc2(SYS_getgroups, 0, NULL));
	lxt_say("set", sc2(SYS_setgroups, 4, set));
	say_groups("groups");
	lxt_say("get-small", sc2(SYS_getgroups, 2, one));
	lxt_say("get-negative", sc2(SYS_getgroups, -1, one));
	lxt_say("get-bad", sc2(SYS_getgroups, 4, BAD));
	lxt_say("set-too-many", sc2(SYS_setgroups, 65537, set));
	lxt_say("set-negative", sc2(SYS_setgroups, -1, set));
	lxt_say("set-minus-one", sc2(SYS_setgroups, 2, bad));
	lxt_say("set-bad", sc2(SYS_setgroups, 2, BAD));
	say_groups("groups");
	lxt_say("clear", sc2(SYS_setgroups, 0, NULL));
	say_groups("groups");
}

TEST_F(id, setgroups_sorts_and_getgroups_checks_the_size_and_pointer)
{
	DIFF(.setup = known_host_state, .body = groups_root,
	     .expect_out = "count=2\nset=0\ngroups=4:10 10 20 30\nget-small=-EINVAL\n"
			   "get-negative=-EINVAL\nget-bad=-EFAULT\nset-too-many=-EINVAL\n"
			   "set-negative=-EINVAL\nset-minus-one=-EINVAL\nset-bad=-EFAULT\n"
			   "groups=4:10 10 20 30\nclear=0\ngroups=0\n");
}

static void groups_big(void *arg)
{
	static unsigned int g[65536];
	long i, n, ok = 1;

	for (i = 0; i < 65536; i++)
		g[i] = 65535 - i;
	lxt_say("set65536", sc2(SYS_setgroups, 65536, g));
	memset(g, 0, sizeof(g));
	n = sc2(SYS_getgroups, 65536, g);
	for (i = 0; i < n; i++)
		ok &= g[i] == (unsigned int)i;
	lxt_say("get", n);
	lxt_say("sorted", ok);
}

TEST_F(id, setgroups_takes_up_to_ngroups_max)
{
	DIFF(.body = groups_big, .expect_out = "set65536=0\nget=65536\nsorted=1\n");
}

static void groups_unprivileged(void *arg)
{
	static const unsigned int set[] = { 1 };

	become_1000();
	lxt_say("set", sc2(SYS_setgroups, 1, set));
	lxt_say("set-too-many", sc2(SYS_setgroups, 65537, set));	/* EPERM first */
	lxt_say("clear", sc2(SYS_setgroups, 0, NULL));
	say_groups("groups");
}

TEST_F(id, setgroups_without_privilege_is_eperm)
{
	DIFF(.setup = known_host_state, .body = groups_unprivileged,
	     .expect_out = "setresuid1000=0\nset=-EPERM\nset-too-many=-EPERM\nclear=-EPERM\n"
			   "groups=2:5 7\n");
}

/* ---- capabilities ---- */

static void caps_follow_uids(void *arg)
{
	say_caps("root");
	lxt_say("setresuid", sc3(SYS_setresuid, 1000, 1000, 0));
	say_caps("euid1000-suid0");
	lxt_say("seteuid0", sc3(SYS_setresuid, NONE, 0, NONE));
	say_caps("euid0");
	lxt_say("setfsuid", sc1(SYS_setfsuid, 1000));
	say_caps("fsuid1000");
	lxt_say("setfsuid", sc1(SYS_setfsuid, 0));
	say_caps("fsuid0");
	lxt_say("drop", sc3(SYS_setresuid, 1000, 1000, 1000));
	say_caps("all1000");
	lxt_say("seteuid0", sc3(SYS_setresuid, NONE, 0, NONE));
}

TEST_F(id, capabilities_follow_the_uids_as_for_root)
{
	DIFF(.body = caps_follow_uids,
	     .expect_out = "root=0 e=0x1ffffffffff p=0x1ffffffffff i=0x0\nsetresuid=0\n"
			   "euid1000-suid0=0 e=0x0 p=0x1ffffffffff i=0x0\nseteuid0=0\n"
			   "euid0=0 e=0x1ffffffffff p=0x1ffffffffff i=0x0\nsetfsuid=0\n"
			   "fsuid1000=0 e=0x1fef7fffde0 p=0x1ffffffffff i=0x0\nsetfsuid=1000\n"
			   "fsuid0=0 e=0x1ffffffffff p=0x1ffffffffff i=0x0\ndrop=0\n"
			   "all1000=0 e=0x0 p=0x0 i=0x0\nseteuid0=-EPERM\n");
}

static void capget_versions(void *arg)
{
	struct __user_cap_header_struct h = { 0x12345678, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0x55, sizeof(d));
	lxt_say("bad-version", sc2(SYS_capget, &h, d));
	lxt_sayx("version", h.version);
	h.version = 0x12345678;
	lxt_say("bad-version-null", sc2(SYS_capget, &h, NULL));
	lxt_sayx("version", h.version);
	h.version = _LINUX_CAPABILITY_VERSION_1;
	lxt_say("v1", sc2(SYS_capget, &h, d));
	lxt_sayx("v1-eff0", d[0].effective);
	lxt_sayx("v1-untouched", d[1].effective);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	lxt_say("null-data", sc2(SYS_capget, &h, NULL));
	lxt_say("bad-header", sc2(SYS_capget, BAD, d));
	lxt_say("bad-data", sc2(SYS_capget, &h, BAD));
	h.pid = -1;
	lxt_say("pid-1", sc2(SYS_capget, &h, d));
	h.pid = 0x3ffffff0;
	lxt_say("no-such-pid", sc2(SYS_capget, &h, d));
	h.pid = sc0(SYS_getpid);
	lxt_say("own-pid", sc2(SYS_capget, &h, d));
}

TEST_F(id, capget_checks_the_version_pid_and_pointers)
{
	DIFF(.body = capget_versions,
	     .expect_out = "bad-version=-EINVAL\nversion=0x20080522\nbad-version-null=0\n"
			   "version=0x20080522\nv1=0\nv1-eff0=0xffffffff\n"
			   "v1-untouched=0x55555555\nnull-data=0\nbad-header=-EFAULT\n"
			   "bad-data=-EFAULT\npid-1=-EINVAL\nno-such-pid=-E3\nown-pid=0\n");
}

static void capset_rules(void *arg)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 1 };
	struct __user_cap_header_struct h0 = { _LINUX_CAPABILITY_VERSION_3, 0 };

	lxt_say("other-pid", sc2(SYS_capset, &h, NULL));
	lxt_say("bad-data", sc2(SYS_capset, &h0, BAD));
	lxt_say("same", capset3(ALL_CAPS, ALL_CAPS, 0));
	lxt_say("eff-not-permitted", capset3(ALL_CAPS, 1UL << CAP_SETUID, 0));
	lxt_say("no-setuid", capset3(ALL_CAPS & ~(1UL << CAP_SETUID), ALL_CAPS, 0));
	say_caps("caps");
	lxt_say("setuid5", sc1(SYS_setuid, 5));		/* euid 0 is not enough */
	lxt_say("setgid5", sc1(SYS_setgid, 5));
	lxt_say("drop-setgid", capset3(0, ALL_CAPS & ~(1UL << CAP_SETGID), 1UL << CAP_KILL));
	say_caps("caps");
	lxt_say("regain", capset3(0, ALL_CAPS, 0));
	lxt_say("setgroups", sc2(SYS_setgroups, 0, NULL));
}

TEST_F(id, capset_only_narrows_and_the_effective_set_decides)
{
	DIFF(.body = capset_rules,
	     .expect_out = "other-pid=-EPERM\nbad-data=-EFAULT\nsame=0\n"
			   "eff-not-permitted=-EPERM\nno-setuid=0\n"
			   "caps=0 e=0x1ffffffff7f p=0x1ffffffffff i=0x0\nsetuid5=-EPERM\n"
			   "setgid5=0\ndrop-setgid=0\ncaps=0 e=0x0 p=0x1ffffffffbf i=0x20\n"
			   "regain=-EPERM\nsetgroups=-EPERM\n");
}

/* ---- per thread, inherited ---- */

static struct lxt_thread thr;

static void thread_drops(void *arg)
{
	sc3(SYS_setresuid, 1000, 1000, 1000);
	lxt_say("thread-uid", sc0(SYS_getuid));
	say_caps("thread-caps");
}

static void creds_per_thread(void *arg)
{
	lxt_thread_start(&thr, thread_drops, NULL);
	lxt_thread_join(&thr);
	lxt_say("main-uid", sc0(SYS_getuid));
	say_caps("main-caps");
}

TEST_F(id, credentials_are_per_thread)
{
	DIFF(.body = creds_per_thread,
	     .expect_out = "thread-uid=1000\nthread-caps=0 e=0x0 p=0x0 i=0x0\nmain-uid=0\n"
			   "main-caps=0 e=0x1ffffffffff p=0x1ffffffffff i=0x0\n");
}

static void creds_forked(void *arg)
{
	static const unsigned int set[] = { 3, 4 };
	long pid;

	sc2(SYS_setgroups, 2, set);
	sc3(SYS_setresgid, 5, 6, 7);
	sc3(SYS_setresuid, 1000, 1001, 0);
	sc1(SYS_umask, 0321);
	pid = lxt_fork();
	if (pid == 0) {
		say_resuid("child-resuid");
		say_resgid("child-resgid");
		say_groups("child-groups");
		say_caps("child-caps");
		say_oct("child-umask", sc1(SYS_umask, 0));
		lxt_raw_exit(0);
	}
	lxt_say("wait", lxt_wait(pid));
	say_oct("parent-umask", sc1(SYS_umask, 0));
}

TEST_F(id, a_forked_child_gets_a_copy_of_the_credentials_and_umask)
{
	DIFF(.body = creds_forked,
	     .expect_out = "child-resuid=1000 1001 0\nchild-resgid=5 6 7\nchild-groups=2:3 4\n"
			   "child-caps=0 e=0x0 p=0x1ffffffffff i=0x0\nchild-umask=0321\n"
			   "wait=0\nparent-umask=0321\n");
}

/* ---- rlimits, rusage, times ---- */

static void limit_nofile(void *arg)
{
	struct rlimit r = { 64, 128 };

	if (setrlimit(RLIMIT_NOFILE, &r))
		_exit(123);
}

static void say_rlim(const char *tag, long ret, const struct rlimit *r)
{
	say_vals(tag, ret, 2, r->rlim_cur, r->rlim_max, 0);
}

static void rlimits_root(void *arg)
{
	struct rlimit r = { 1, 1 }, set = { 32, 256 };

	say_rlim("get", sc2(SYS_getrlimit, RLIMIT_NOFILE, &r), &r);
	lxt_say("set", sc2(SYS_setrlimit, RLIMIT_NOFILE, &set));	/* root may raise */
	say_rlim("prlimit0", sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &r), &r);
	say_rlim("prlimit-self", sc4(SYS_prlimit64, sc0(SYS_getpid), RLIMIT_NOFILE, NULL, &r), &r);
	lxt_say("get-bad-resource", sc2(SYS_getrlimit, 99, &r));
	lxt_say("set-bad-resource", sc2(SYS_setrlimit, 99, &set));
	lxt_say("get-bad-pointer", sc2(SYS_getrlimit, RLIMIT_NOFILE, BAD));
	lxt_say("set-bad-pointer", sc2(SYS_setrlimit, RLIMIT_NOFILE, BAD));
	set.rlim_cur = 300;
	lxt_say("set-cur-above-max", sc2(SYS_setrlimit, RLIMIT_NOFILE, &set));
	lxt_say("prlimit-no-pid", sc4(SYS_prlimit64, 0x3ffffff0, RLIMIT_NOFILE, NULL, &r));
	lxt_say("prlimit-bad-new", sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, BAD, NULL));
	lxt_say("prlimit-bad-old", sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, BAD));
	lxt_say("prlimit-bad-resource", sc4(SYS_prlimit64, 0, 99, NULL, &r));
}

TEST_F(id, rlimits_get_set_and_prlimit_with_their_errors)
{
	DIFF(.setup = limit_nofile, .body = rlimits_root,
	     .expect_out = "get=64 128\nset=0\nprlimit0=32 256\nprlimit-self=32 256\n"
			   "get-bad-resource=-EINVAL\nset-bad-resource=-EINVAL\n"
			   "get-bad-pointer=-EFAULT\nset-bad-pointer=-EFAULT\n"
			   "set-cur-above-max=-EINVAL\nprlimit-no-pid=-E3\n"
			   "prlimit-bad-new=-EFAULT\nprlimit-bad-old=-EFAULT\n"
			   "prlimit-bad-resource=-EINVAL\n");
}

static void rlimits_unprivileged(void *arg)
{
	struct rlimit r = { 16, 129 };

	become_1000();
	lxt_say("raise-max", sc2(SYS_setrlimit, RLIMIT_NOFILE, &r));
	lxt_say("raise-max-prlimit", sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &r, NULL));
	r.rlim_max = 100;
	lxt_say("lower-max", sc2(SYS_setrlimit, RLIMIT_NOFILE, &r));
	r.rlim_max = 128;
	lxt_say("raise-again", sc2(SYS_setrlimit, RLIMIT_NOFILE, &r));
	say_rlim("get", sc2(SYS_getrlimit, RLIMIT_NOFILE, &r), &r);
}

TEST_F(id, raising_a_hard_limit_without_privilege_is_eperm)
{
	DIFF(.setup = limit_nofile, .body = rlimits_unprivileged,
	     .expect_out = "setresuid1000=0\nraise-max=-EPERM\nraise-max-prlimit=-EPERM\n"
			   "lower-max=0\nraise-again=-EPERM\nget=16 100\n");
}

static void prlimit_of_others(void *arg)
{
	int up[2], down[2];
	struct rlimit r;
	long pid;
	char b;

	lxt_pipe2(up, 0);
	lxt_pipe2(down, 0);
	pid = lxt_fork();
	if (pid == 0) {
		sc3(SYS_setresuid, 2000, 2000, 2000);
		lxt_write(up[1], "r", 1);
		lxt_read(down[0], &b, 1);
		lxt_raw_exit(0);
	}
	lxt_read(up[0], &b, 1);
	say_rlim("root", sc4(SYS_prlimit64, pid, RLIMIT_NOFILE, NULL, &r), &r);
	lxt_say("robust-root", sc3(SYS_get_robust_list, pid, &r.rlim_cur, &r.rlim_max));
	become_1000();
	lxt_say("other-uid", sc4(SYS_prlimit64, pid, RLIMIT_NOFILE, NULL, &r));
	lxt_say("robust-other-uid", sc3(SYS_get_robust_list, pid, &r.rlim_cur, &r.rlim_max));
	lxt_write(down[1], "g", 1);
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(id, prlimit64_and_get_robust_list_of_another_uid_need_privilege)
{
	DIFF(.setup = limit_nofile, .body = prlimit_of_others,
	     .expect_out = "root=64 128\nrobust-root=0\nsetresuid1000=0\nother-uid=-EPERM\n"
			   "robust-other-uid=-EPERM\nwait=0\n");
}

static void rusage_times(void *arg)
{
	struct rusage ru;
	struct tms t;

	lxt_say("self", sc2(SYS_getrusage, RUSAGE_SELF, &ru));
	lxt_say("children", sc2(SYS_getrusage, RUSAGE_CHILDREN, &ru));
	lxt_say("thread", sc2(SYS_getrusage, RUSAGE_THREAD, &ru));
	lxt_say("both", sc2(SYS_getrusage, -2, &ru));
	lxt_say("bad-who", sc2(SYS_getrusage, 5, &ru));
	lxt_say("bad-pointer", sc2(SYS_getrusage, RUSAGE_SELF, BAD));
	lxt_say("times-positive", sc1(SYS_times, &t) > 0);
	lxt_say("times-null-positive", sc1(SYS_times, NULL) > 0);
	lxt_say("times-bad", sc1(SYS_times, BAD));
}

TEST_F(id, getrusage_and_times)
{
	DIFF(.body = rusage_times,
	     .expect_out = "self=0\nchildren=0\nthread=0\nboth=-EINVAL\nbad-who=-EINVAL\n"
			   "bad-pointer=-EFAULT\ntimes-positive=1\ntimes-null-positive=1\n"
			   "times-bad=-EFAULT\n");
}

/* ---- uname, host and domain names ---- */

/* Natively, sethostname must not rename the test VM: a UTS namespace of its own. */
static void own_uts(void *arg)
{
	if (unshare(CLONE_NEWUTS))
		_exit(123);
}

static void say_name(const char *tag, const char *s)
{
	struct lxt_line l = { .n = 0 };

	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_str(&l, s);
	lxt_put_end(&l);
}

static void uname_body(void *arg)
{
	struct utsname u;

	lxt_say("uname", sc1(SYS_uname, &u));
	say_name("sysname", u.sysname);
	say_name("nodename", u.nodename);
	say_name("machine", u.machine);
	say_name("domainname", u.domainname);
	lxt_say("bad", sc1(SYS_uname, BAD));
}

TEST_F(id, uname_gives_the_names_of_the_instance)
{
	struct lxt_case c = { .body = uname_body };
	char want[512];
	struct utsname u;

	ASSERT_EQ(0, uname(&u));
	snprintf(want, sizeof(want),
		 "uname=0\nsysname=Linux\nnodename=%s\nmachine=x86_64\ndomainname=%s\nbad=-EFAULT\n",
		 u.nodename, u.domainname);
	c.expect_out = want;
	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

static void uname_release(void *arg)
{
	struct utsname u;

	sc1(SYS_uname, &u);
	say_name("release", u.release);
}

TEST_F(id, uname_release_says_lxcore)
{
	static struct lxt_case c = { .body = uname_release };
	static struct lxt_result r;
	char want[128];
	struct utsname u;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, uname(&u));
	snprintf(want, sizeof(want), "release=%s-lxcore\n", u.release);
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_EQ(0, lxt_check_result("pico", &r, "expected", want, "", "exit=0"));
}

static void sethostname_root(void *arg)
{
	static char long_name[70];
	struct utsname u;

	memset(long_name, 'h', 65);
	lxt_say("sethostname", sc2(SYS_sethostname, "pico-host", 9));
	lxt_say("setdomainname", sc2(SYS_setdomainname, "pico.dom", 8));
	lxt_say("max", sc2(SYS_sethostname, long_name, 64));
	lxt_say("too-long", sc2(SYS_sethostname, long_name, 65));
	lxt_say("negative", sc2(SYS_sethostname, long_name, -1));
	lxt_say("bad", sc2(SYS_sethostname, BAD, 4));
	lxt_say("dom-too-long", sc2(SYS_setdomainname, long_name, 65));
	lxt_say("dom-bad", sc2(SYS_setdomainname, BAD, 4));
	sc1(SYS_uname, &u);
	lxt_say("nodename-length", strlen(u.nodename));
	lxt_say("short", sc2(SYS_sethostname, "abc", 2));
	sc1(SYS_uname, &u);
	say_name("nodename", u.nodename);
	say_name("domainname", u.domainname);
}

TEST_F(id, sethostname_and_setdomainname_set_the_instances_names)
{
	DIFF(.setup = own_uts, .body = sethostname_root,
	     .expect_out = "sethostname=0\nsetdomainname=0\nmax=0\ntoo-long=-EINVAL\n"
			   "negative=-EINVAL\nbad=-EFAULT\ndom-too-long=-EINVAL\ndom-bad=-EFAULT\n"
			   "nodename-length=64\nshort=0\nnodename=ab\ndomainname=pico.dom\n");
}

static void sethostname_unprivileged(void *arg)
{
	become_1000();
	lxt_say("sethostname", sc2(SYS_sethostname, "x", 1));
	lxt_say("too-long", sc2(SYS_sethostname, "x", 100));	/* EPERM first */
	lxt_say("setdomainname", sc2(SYS_setdomainname, "x", 1));
}

TEST_F(id, sethostname_without_privilege_is_eperm)
{
	DIFF(.setup = own_uts, .body = sethostname_unprivileged,
	     .expect_out = "setresuid1000=0\nsethostname=-EPERM\ntoo-long=-EPERM\n"
			   "setdomainname=-EPERM\n");
}

TEST_F(id, a_new_instance_has_the_hosts_names_again)
{
	struct lxt_case c = { .body = uname_body };
	char want[512];
	struct utsname u;
	int inst2;

	if (lxt_native_only())
		SKIP(return, "pico only");
	{
		static const struct lxt_case set = { .body = sethostname_root };
		static struct lxt_result r;

		ASSERT_EQ(0, lxt_run_case(self->inst, &set, &r));
	}
	inst2 = lxt_create(self->dev, "id2");
	ASSERT_LE(0, inst2);
	ASSERT_EQ(0, uname(&u));
	snprintf(want, sizeof(want),
		 "uname=0\nsysname=Linux\nnodename=%s\nmachine=x86_64\ndomainname=%s\nbad=-EFAULT\n",
		 u.nodename, u.domainname);
	c.expect_out = want;
	EXPECT_EQ(0, lxt_diff(inst2, &c));
	close(inst2);
}

/* ---- sysinfo ---- */

static void sysinfo_body(void *arg)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	lxt_say("sysinfo", sc1(SYS_sysinfo, &si));
	lxt_say("mem_unit", si.mem_unit);
	lxt_say("totalram-positive", si.totalram > 0);
	lxt_say("freeram-below-total", si.freeram <= si.totalram);
	lxt_say("uptime-positive", si.uptime > 0);
	lxt_say("procs-positive", si.procs > 0);
	lxt_say("bad", sc1(SYS_sysinfo, BAD));
}

TEST_F(id, sysinfo_gives_the_hosts_memory_and_uptime)
{
	DIFF(.body = sysinfo_body,
	     .expect_out = "sysinfo=0\nmem_unit=1\ntotalram-positive=1\nfreeram-below-total=1\n"
			   "uptime-positive=1\nprocs-positive=1\nbad=-EFAULT\n");
}

static void sysinfo_procs(void *arg)
{
	struct sysinfo si;
	int p[2];
	long pid;
	char b;

	sc1(SYS_sysinfo, &si);
	lxt_say("alone", si.procs);
	lxt_pipe2(p, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_read(p[0], &b, 1);
		lxt_raw_exit(0);
	}
	sc1(SYS_sysinfo, &si);
	lxt_say("with-child", si.procs);
	lxt_write(p[1], "x", 1);
	lxt_wait(pid);
	sc1(SYS_sysinfo, &si);
	lxt_say("reaped", si.procs);
}

TEST_F(id, sysinfo_counts_the_tasks_of_the_instance)
{
	PICO("alone=1\nwith-child=2\nreaped=1\n", .body = sysinfo_procs);
}

/* ---- getrandom, umask ---- */

static void getrandom_body(void *arg)
{
	char b[16];

	lxt_say("plain", sc3(SYS_getrandom, b, sizeof(b), 0));
	lxt_say("nonblock", sc3(SYS_getrandom, b, sizeof(b), GRND_NONBLOCK));
	lxt_say("insecure", sc3(SYS_getrandom, b, sizeof(b), GRND_INSECURE));
	lxt_say("random-insecure", sc3(SYS_getrandom, b, sizeof(b), GRND_RANDOM | GRND_INSECURE));
	lxt_say("unknown-flag", sc3(SYS_getrandom, b, sizeof(b), 0x100));
	lxt_say("bad", sc3(SYS_getrandom, BAD, sizeof(b), 0));
	lxt_say("zero", sc3(SYS_getrandom, b, 0, 0));
}

TEST_F(id, getrandom_checks_its_flags)
{
	DIFF(.body = getrandom_body,
	     .expect_out = "plain=16\nnonblock=16\ninsecure=16\nrandom-insecure=-EINVAL\n"
			   "unknown-flag=-EINVAL\nbad=-EFAULT\nzero=0\n");
}

static void umask_body(void *arg)
{
	sc1(SYS_umask, 027);
	say_oct("umask", sc1(SYS_umask, 022));
	say_oct("umask", sc1(SYS_umask, 07777));
	say_oct("umask", sc1(SYS_umask, 0));
}

TEST_F(id, umask_returns_the_old_mask_and_keeps_only_permission_bits)
{
	DIFF(.body = umask_body,
	     .expect_out = "umask=027\numask=022\numask=0777\n");
}

/* ---- prctl, arch_prctl ---- */

static void prctl_body(void *arg)
{
	char name[32];
	int sig = -1;

	memset(name, 0, sizeof(name));
	lxt_say("set-name", sc2(SYS_prctl, PR_SET_NAME, "a-rather-long-name"));
	lxt_say("get-name", sc2(SYS_prctl, PR_GET_NAME, name));
	say_name("name", name);
	lxt_say("set-pdeathsig", sc2(SYS_prctl, PR_SET_PDEATHSIG, SIGUSR1));
	lxt_say("get-pdeathsig", sc2(SYS_prctl, PR_GET_PDEATHSIG, &sig));
	lxt_say("pdeathsig", sig);
	lxt_say("bad-pdeathsig", sc2(SYS_prctl, PR_SET_PDEATHSIG, 99));
	lxt_say("get-pdeathsig-bad", sc2(SYS_prctl, PR_GET_PDEATHSIG, BAD));
	lxt_say("dumpable", sc1(SYS_prctl, PR_GET_DUMPABLE));
	lxt_say("set-dumpable0", sc2(SYS_prctl, PR_SET_DUMPABLE, 0));
	lxt_say("dumpable", sc1(SYS_prctl, PR_GET_DUMPABLE));
	lxt_say("set-dumpable2", sc2(SYS_prctl, PR_SET_DUMPABLE, 2));
	lxt_say("set-dumpable1", sc2(SYS_prctl, PR_SET_DUMPABLE, 1));
	lxt_say("set-subreaper", sc2(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1));
	sig = -1;
	lxt_say("get-subreaper", sc2(SYS_prctl, PR_GET_CHILD_SUBREAPER, &sig));
	lxt_say("subreaper", sig);
	lxt_say("unknown", sc2(SYS_prctl, 0x7fffffff, 0));
}

TEST_F(id, prctl_names_pdeathsig_dumpable_and_subreaper)
{
	DIFF(.body = prctl_body,
	     .expect_out = "set-name=0\nget-name=0\nname=a-rather-long-n\nset-pdeathsig=0\n"
			   "get-pdeathsig=0\npdeathsig=10\nbad-pdeathsig=-EINVAL\n"
			   "get-pdeathsig-bad=-EFAULT\ndumpable=1\nset-dumpable0=0\ndumpable=0\n"
			   "set-dumpable2=-EINVAL\nset-dumpable1=0\nset-subreaper=0\n"
			   "get-subreaper=0\nsubreaper=1\nunknown=-EINVAL\n");
}

static void prctl_after_setuid(void *arg)
{
	int sig = -1;

	sc2(SYS_prctl, PR_SET_PDEATHSIG, SIGUSR1);
	become_1000();
	lxt_say("dumpable", sc1(SYS_prctl, PR_GET_DUMPABLE));
	sc2(SYS_prctl, PR_GET_PDEATHSIG, &sig);
	lxt_say("pdeathsig", sig);
}

TEST_F(id, changing_the_effective_uid_clears_dumpable_and_pdeathsig)
{
	DIFF(.body = prctl_after_setuid,
	     .expect_out = "setresuid1000=0\ndumpable=0\npdeathsig=0\n");
}

static void arch_prctl_body(void *arg)
{
	unsigned long fs = 0, fs2 = 1;

	lxt_say("get-fs", sc2(SYS_arch_prctl, ARCH_GET_FS, &fs));
	lxt_say("fs-nonzero", fs != 0);
	lxt_say("set-fs", sc2(SYS_arch_prctl, ARCH_SET_FS, fs));
	sc2(SYS_arch_prctl, ARCH_GET_FS, &fs2);
	lxt_say("fs-same", fs == fs2);
	lxt_say("get-fs-bad", sc2(SYS_arch_prctl, ARCH_GET_FS, BAD));
	lxt_say("unknown", sc2(SYS_arch_prctl, 0x1234, 0));
}

TEST_F(id, arch_prctl_gets_and_sets_fs)
{
	DIFF(.body = arch_prctl_body,
	     .expect_out = "get-fs=0\nfs-nonzero=1\nset-fs=0\nfs-same=1\nget-fs-bad=-EFAULT\n"
			   "unknown=-EINVAL\n");
}

/* ---- set_tid_address, robust lists ---- */

static void tid_robust_body(void *arg)
{
	static struct robust_list_head head = { { &head.list }, 0, NULL };
	static int tidword;
	void *got = NULL;
	size_t len = 0;

	lxt_say("tid-is-pid", sc1(SYS_set_tid_address, &tidword) == sc0(SYS_getpid));
	lxt_say("set", sc2(SYS_set_robust_list, &head, sizeof(head)));
	lxt_say("set-bad-len", sc2(SYS_set_robust_list, &head, sizeof(head) - 1));
	lxt_say("get", sc3(SYS_get_robust_list, 0, &got, &len));
	lxt_say("head-same", got == &head);
	lxt_say("len", len);
	lxt_say("get-self", sc3(SYS_get_robust_list, sc0(SYS_getpid), &got, &len));
	lxt_say("get-no-pid", sc3(SYS_get_robust_list, 0x3ffffff0, &got, &len));
	lxt_say("get-bad", sc3(SYS_get_robust_list, 0, BAD, &len));
}

TEST_F(id, set_tid_address_and_robust_lists)
{
	DIFF(.body = tid_robust_body,
	     .expect_out = "tid-is-pid=1\nset=0\nset-bad-len=-EINVAL\nget=0\nhead-same=1\n"
			   "len=24\nget-self=0\nget-no-pid=-E3\nget-bad=-EFAULT\n");
}

/* ---- pico only: nothing outside the instance, host credentials kept ---- */

/* The test process itself: a host process (getppid hides it from a pico child). */
static pid_t host_pid;

static void host_pids(void *arg)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	long ppid = host_pid;
	struct rlimit r;
	void *head;
	size_t len;

	h.pid = ppid;
	lxt_say("prlimit-host", sc4(SYS_prlimit64, ppid, RLIMIT_NOFILE, NULL, &r));
	lxt_say("prlimit-init", sc4(SYS_prlimit64, 1, RLIMIT_NOFILE, NULL, &r));
	lxt_say("robust-host", sc3(SYS_get_robust_list, ppid, &head, &len));
	lxt_say("capget-host", sc2(SYS_capget, &h, d));
}

TEST_F(id, a_pico_process_cannot_name_a_host_process)
{
	host_pid = getpid();
	PICO("prlimit-host=-E3\nprlimit-init=-E3\nrobust-host=-E3\ncapget-host=-E3\n",
	     .body = host_pids);
}

static void setuid_then_wait(void *arg)
{
	char b;

	lxt_say("setuid", sc1(SYS_setuid, 1000));
	lxt_say("getuid", sc0(SYS_getuid));
	sc1(SYS_umask, 0);
	lxt_say_text("ready");
	lxt_read(0, &b, 1);	/* until the parent has looked */
	lxt_say_text("still-writing");
}

/* Uid: and Umask: of /proc/PID/status. */
static int host_status(pid_t pid, char *uid, size_t n, char *mask, size_t m)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	*uid = *mask = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Uid:", 4))
			snprintf(uid, n, "%s", line);
		if (!strncmp(line, "Umask:", 6))
			snprintf(mask, m, "%s", line);
	}
	fclose(f);
	return 0;
}

TEST_F(id, setuid_in_a_pico_process_keeps_the_host_credentials)
{
	int in[2], out[2], st;
	char buf[256] = "", uid[256], mask[256];
	ssize_t n, got = 0;
	pid_t pid;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		umask(027);
		if (lxt_enter(self->inst))
			_exit(120);
		setuid_then_wait(NULL);
		lxt_raw_exit(0);
	}
	close(in[0]);
	close(out[1]);
	while (!strstr(buf, "ready\n") && got < (ssize_t)sizeof(buf) - 1) {
		n = read(out[0], buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += n;
		buf[got] = 0;
	}
	EXPECT_STREQ("setuid=0\ngetuid=1000\nready\n", buf);
	ASSERT_EQ(0, host_status(pid, uid, sizeof(uid), mask, sizeof(mask)));
	EXPECT_STREQ("Uid:\t0\t0\t0\t0\n", uid);
	EXPECT_STREQ("Umask:\t0027\n", mask);
	close(in[1]);
	n = read(out[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	EXPECT_STREQ("still-writing\n", buf);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, st);
	close(out[0]);
}

TEST_HARNESS_MAIN
