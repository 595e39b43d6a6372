// SPDX-License-Identifier: GPL-2.0
/*
 * AF_UNIX path sockets on VolFs: bind makes a socket node (S_IFSOCK, its
 * record says socket and stays one), connect and sendto find the bound
 * socket by that path, bind over an existing name is EADDRINUSE, unlink
 * removes the node, and a node left behind refuses connections once its
 * socket is gone (ECONNREFUSED). The body runs natively in a host
 * directory and as a pico process at the root of a VolFs instance (an ext4
 * backing tree); both must print Linux's answers.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "../volfs/volfs_record.c"
#include "lxbacking.h"

#define SC(nr, a, b, c, d, e) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), \
					   (long)(d), (long)(e), 0)

static char native_dir[64];

static void fresh_dir(void *arg)
{
	snprintf(native_dir, sizeof(native_dir), "%s/lxsock.XXXXXX", (char *)arg);
	if (!mkdtemp(native_dir) || chmod(native_dir, 0755) || chdir(native_dir))
		_exit(125);
	umask(022);
}

/* ---- bodies (raw syscalls only) ------------------------------------------------ */

static socklen_t sun_of(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	strcpy(sa->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static void say_stat(const char *tag, const char *path)
{
	struct stat st;
	long r = SC(SYS_lstat, path, &st, 0, 0, 0);
	char buf[120];

	if (r) {
		lxt_say(tag, r);
		return;
	}
	snprintf(buf, sizeof(buf), "%s=type %s mode %o nlink %lu size %ld", tag,
		 S_ISSOCK(st.st_mode) ? "sock" : "other", st.st_mode & 07777,
		 (unsigned long)st.st_nlink, (long)st.st_size);
	lxt_say_text(buf);
}

static void path_sockets(void *arg)
{
	struct sockaddr_un sa;
	socklen_t len;
	long s, c, a, s2, d, d2;
	char buf[8] = "";

	s = SC(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	len = sun_of(&sa, "sock");
	lxt_say("bind", SC(SYS_bind, s, &sa, len, 0, 0));
	say_stat("stat", "sock");
	lxt_say("listen", SC(SYS_listen, s, 4, 0, 0, 0));
	c = SC(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	lxt_say("connect", SC(SYS_connect, c, &sa, len, 0, 0));
	a = SC(SYS_accept, s, 0, 0, 0, 0);
	lxt_say("accept", a >= 0 ? 0 : a);
	lxt_say("send", lxt_write(c, "hi", 2));
	lxt_say("recv", lxt_read(a, buf, sizeof(buf)));
	lxt_say_text(buf);

	s2 = SC(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	lxt_say("bind-again", SC(SYS_bind, s2, &sa, len, 0, 0));
	lxt_say("bind-over-file", (lxt_close(SC(SYS_open, "file", O_CREAT | O_WRONLY, 0644, 0, 0)),
				   SC(SYS_bind, s2, &sa, sun_of(&sa, "file"), 0, 0)));
	lxt_say("open-sock", SC(SYS_open, "sock", O_RDONLY, 0, 0, 0));
	len = sun_of(&sa, "sock");
	lxt_say("unlink", SC(SYS_unlink, "sock", 0, 0, 0, 0));
	say_stat("after-unlink", "sock");
	lxt_close(c);
	c = SC(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	lxt_say("connect-unlinked", SC(SYS_connect, c, &sa, len, 0, 0));
	lxt_say("rebind", SC(SYS_bind, s2, &sa, len, 0, 0));
	lxt_close(a);
	lxt_close(s);
	lxt_close(s2);
	lxt_close(c);

	/* datagrams by path */
	d = SC(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0, 0);
	len = sun_of(&sa, "dgram");
	lxt_say("dbind", SC(SYS_bind, d, &sa, len, 0, 0));
	d2 = SC(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0, 0);
	lxt_say("sendto", lxt_syscall6(SYS_sendto, d2, (long)"dg", 2, 0, (long)&sa, len));
	memset(buf, 0, sizeof(buf));
	lxt_say("drecv", lxt_read(d, buf, sizeof(buf)));
	lxt_say_text(buf);
	lxt_close(d);
	/* the node stays after its socket went: connect is refused */
	lxt_say("sendto-closed", lxt_syscall6(SYS_sendto, d2, (long)"dg", 2, 0, (long)&sa, len));
	say_stat("left", "dgram");
	c = SC(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	lxt_say("connect-left", SC(SYS_connect, c, &sa, len, 0, 0));
	lxt_close(c);
	lxt_close(d2);
	/* rename keeps it a socket */
	lxt_say("rename", SC(SYS_rename, "dgram", "kept", 0, 0, 0));
	say_stat("kept", "kept");
}

#define PATH_SOCKETS_OUT						\
	"bind=0\nstat=type sock mode 755 nlink 1 size 0\nlisten=0\nconnect=0\n"	\
	"accept=0\nsend=2\nrecv=2\nhi\nbind-again=-E98\nbind-over-file=-E98\n"	\
	"open-sock=-ENXIO\nunlink=0\nafter-unlink=-ENOENT\n"		\
	"connect-unlinked=-ENOENT\nrebind=0\n"				\
	"dbind=0\nsendto=2\ndrecv=2\ndg\nsendto-closed=-E111\n"		\
	"left=type sock mode 755 nlink 1 size 0\nconnect-left=-E111\n"	\
	"rename=0\nkept=type sock mode 755 nlink 1 size 0\n"

/* A later process finds the node left behind still a socket. */
static void later(void *arg)
{
	struct sockaddr_un sa;
	socklen_t len = sun_of(&sa, "kept");
	long c = SC(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);

	say_stat("kept", "kept");
	lxt_say("connect", SC(SYS_connect, c, &sa, len, 0, 0));
}

#define LATER_OUT "kept=type sock mode 755 nlink 1 size 0\nconnect=-E111\n"

/* ---- tests ----------------------------------------------------------------------- */

FIXTURE(volsock) {
	int dev;
	int inst;
	char tree[64];
};

FIXTURE_SETUP(volsock)
{
	self->dev = -1;
	self->inst = -1;
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "volsock");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxb_mount_fresh_tree(self->inst, "s", self->tree, sizeof(self->tree)))
		TH_LOG("%s", strerror(errno));
}

FIXTURE_TEARDOWN(volsock)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

/* Native on the ext4 backing file system itself, pico on VolFs over it. */
TEST_F(volsock, path_sockets_bind_connect_and_unlink_as_on_linux)
{
	static const struct lxt_case c = {
		.setup = fresh_dir, .arg = BACKING, .body = path_sockets,
		.expect_out = PATH_SOCKETS_OUT,
	};
	static const struct lxt_case again = { .body = later, .expect_out = LATER_OUT };
	static struct lxt_result r;
	struct volfs_meta m;
	unsigned char buf[VOLFS_RECORD_SIZE + 16];
	char path[128];
	ssize_t n;

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
	if (lxt_native_only())
		return;
	/* the record says socket; the tree is clean; a later process agrees */
	snprintf(path, sizeof(path), "%s/kept", self->tree);
	n = getxattr(path, VOLFS_XATTR_NAME, buf, sizeof(buf));
	ASSERT_LT(0, n) TH_LOG("%s: %s", path, strerror(errno));
	ASSERT_EQ(0, volfs_record_decode(buf, n, &m));
	EXPECT_EQ(VOLFS_TYPE_SOCK, m.type);
	EXPECT_EQ(0, sh("volfs fsck %s >/dev/null", self->tree));
	ASSERT_EQ(0, lxt_run_case(self->inst, &again, &r));
	EXPECT_STREQ(LATER_OUT, r.out);
}

/* Native on a tmpfs directory, pico on VolFs: the same answers. */
TEST_F(volsock, path_sockets_behave_the_same_as_on_a_native_tmpfs)
{
	static const struct lxt_case c = {
		.setup = fresh_dir, .arg = "/tmp", .body = path_sockets,
		.expect_out = PATH_SOCKETS_OUT,
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

TEST_HARNESS_MAIN
