// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets, differential: each body runs natively (in a fresh host
 * directory) and as a pico process (at the root of an instance tmpfs),
 * with raw syscalls; outputs must equal Linux's and each other. AF_UNIX
 * sockets are lxcore's own objects; AF_INET ones are host sockets. Then
 * pico-only tests: names stay inside their instance, host sockets outside
 * the instance's mounts cannot be reached, other families are refused.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <grp.h>
#include <sys/epoll.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define S(nr, a, b, c, d, e, f) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), \
					     (long)(d), (long)(e), (long)(f))

static void fresh_dir(void *arg)
{
	char tmpl[] = "/tmp/lxsock.XXXXXX";

	if (!mkdtemp(tmpl) || chdir(tmpl))
		_exit(125);
	umask(022);
}

/* DIFF with its own setup (which calls fresh_dir itself). */
#define DIFF_SETUP(...) do {						\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { .setup = fresh_dir, __VA_ARGS__ }; \
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

static long sock(long fam, long type)
{
	return S(SYS_socket, fam, type, 0, 0, 0, 0);
}

/* A sockaddr_un for @name (a leading '@' means an abstract name). */
static socklen_t un_addr(struct sockaddr_un *u, const char *name)
{
	size_t n = strlen(name);

	memset(u, 0, sizeof(*u));
	u->sun_family = AF_UNIX;
	memcpy(u->sun_path, name, n);
	if (name[0] == '@') {
		u->sun_path[0] = 0;
		return offsetof(struct sockaddr_un, sun_path) + n;
	}
	return offsetof(struct sockaddr_un, sun_path) + n + 1;
}

static long bind_un(long fd, const char *name)
{
	struct sockaddr_un u;
	socklen_t len = un_addr(&u, name);

	return S(SYS_bind, fd, &u, len, 0, 0, 0);
}

static long connect_un(long fd, const char *name)
{
	struct sockaddr_un u;
	socklen_t len = un_addr(&u, name);

	return S(SYS_connect, fd, &u, len, 0, 0, 0);
}

static long send_(long fd, const void *b, long n, long flags)
{
	return S(SYS_sendto, fd, b, n, flags, 0, 0);
}

static long recv_(long fd, void *b, long n, long flags)
{
	return S(SYS_recvfrom, fd, b, n, flags, 0, 0);
}

static long getopt_int(long fd, int opt, int *v)
{
	socklen_t len = sizeof(*v);

	*v = -1;
	return S(SYS_getsockopt, fd, SOL_SOCKET, opt, v, &len, 0);
}

static void say_opt(const char *tag, long fd, int opt)
{
	int v;
	long r = getopt_int(fd, opt, &v);

	lxt_say(tag, r < 0 ? r : v);
}

/* ---- calls and their errors ---- */

static void errors(void *arg)
{
	struct sockaddr_un u;
	struct sockaddr_in in = { .sin_family = AF_INET };
	int p[2], v = 4096;
	long s, t, d;
	char buf[8];
	socklen_t len;

	lxt_say("bad_flags", sock(AF_UNIX, SOCK_STREAM | 0x40000000));
	lxt_say("bad_family", sock(4242, SOCK_STREAM));
	lxt_say("bad_type", sock(AF_UNIX, 42));
	lxt_say("bad_proto", S(SYS_socket, AF_UNIX, SOCK_STREAM, 5, 0, 0, 0));
	lxt_say("pair_inet", S(SYS_socketpair, AF_INET, SOCK_STREAM, 0, p, 0, 0));
	lxt_say("bind_ebadf", bind_un(99, "@x"));
	lxt_pipe(p);
	lxt_say("bind_enotsock", bind_un(p[0], "@x"));
	lxt_say("listen_enotsock", S(SYS_listen, p[0], 1, 0, 0, 0, 0));
	lxt_say("getsockopt_enotsock", getopt_int(p[0], SO_TYPE, &v));

	s = sock(AF_UNIX, SOCK_STREAM);
	lxt_say("socket", s);
	lxt_say("bind_short", S(SYS_bind, s, &u, 1, 0, 0, 0));
	lxt_say("bind_inet_addr", S(SYS_bind, s, &in, sizeof(in), 0, 0, 0));
	lxt_say("listen_unbound", S(SYS_listen, s, 5, 0, 0, 0, 0));
	lxt_say("accept_not_listening", S(SYS_accept, s, 0, 0, 0, 0, 0));
	lxt_say("send_unconnected", send_(s, "x", 1, MSG_NOSIGNAL));
	lxt_say("recv_unconnected", recv_(s, buf, 1, 0));
	len = sizeof(u);
	lxt_say("getpeername_unconnected", S(SYS_getpeername, s, &u, &len, 0, 0, 0));
	lxt_say("connect_refused", connect_un(s, "@lxt-nobody-here"));
	lxt_say("connect_enoent", connect_un(s, "no/such/path"));
	lxt_say("shutdown_bad_how", S(SYS_shutdown, s, 3, 0, 0, 0, 0));
	len = sizeof(u);
	lxt_say("getsockname_unbound", S(SYS_getsockname, s, &u, &len, 0, 0, 0));
	lxt_say("getsockname_unbound_len", len);
	lxt_say("bind", bind_un(s, "@lxt-sock-errors"));
	lxt_say("bind_again", bind_un(s, "@lxt-sock-other"));
	len = sizeof(u);
	S(SYS_getsockname, s, &u, &len, 0, 0, 0);
	lxt_say("getsockname_len", len);
	lxt_say_data("getsockname_name", u.sun_path + 1, len - 3);
	t = sock(AF_UNIX, SOCK_STREAM);
	lxt_say("bind_in_use", bind_un(t, "@lxt-sock-errors"));
	lxt_say("connect_not_listening", connect_un(t, "@lxt-sock-errors"));
	lxt_say("listen", S(SYS_listen, s, 5, 0, 0, 0, 0));
	lxt_say("connect", connect_un(t, "@lxt-sock-errors"));
	lxt_say("connect_again", connect_un(t, "@lxt-sock-errors"));
	lxt_say("listen_connected", S(SYS_listen, t, 5, 0, 0, 0, 0));
	d = sock(AF_UNIX, SOCK_DGRAM);
	lxt_say("connect_prototype", connect_un(d, "@lxt-sock-errors"));
	lxt_say("listen_dgram", S(SYS_listen, d, 5, 0, 0, 0, 0));
	lxt_say("accept_dgram", S(SYS_accept, d, 0, 0, 0, 0, 0));
	lxt_say("send_dgram_unconnected", send_(d, "x", 1, 0));
	lxt_say("accept_flags", S(SYS_accept4, s, 0, 0, 0x40000000, 0, 0));
	lxt_say("recv_nonblock", recv_(t, buf, 1, MSG_DONTWAIT));
	lxt_say("sendto_connected_stream", S(SYS_sendto, t, "x", 1, MSG_NOSIGNAL, &u, 4));

	/* Options. */
	say_opt("so_type", s, SO_TYPE);
	say_opt("so_type_dgram", d, SO_TYPE);
	say_opt("so_domain", s, SO_DOMAIN);
	say_opt("so_acceptconn", s, SO_ACCEPTCONN);
	say_opt("so_acceptconn_client", t, SO_ACCEPTCONN);
	say_opt("so_error", t, SO_ERROR);
	say_opt("so_passcred", t, SO_PASSCRED);
	say_opt("so_sndbuf", t, SO_SNDBUF);
	say_opt("so_rcvbuf", t, SO_RCVBUF);
	v = 4096;
	lxt_say("set_sndbuf", S(SYS_setsockopt, t, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v), 0));
	say_opt("so_sndbuf_set", t, SO_SNDBUF);
	lxt_say("set_rcvbuf", S(SYS_setsockopt, t, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v), 0));
	say_opt("so_rcvbuf_set", t, SO_RCVBUF);
	v = 1;
	lxt_say("set_reuseaddr", S(SYS_setsockopt, t, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v), 0));
	say_opt("so_reuseaddr", t, SO_REUSEADDR);
	lxt_say("set_passcred", S(SYS_setsockopt, t, SOL_SOCKET, SO_PASSCRED, &v, sizeof(v), 0));
	say_opt("so_passcred_set", t, SO_PASSCRED);
	lxt_say("set_short", S(SYS_setsockopt, t, SOL_SOCKET, SO_PASSCRED, &v, 2, 0));
	lxt_say("set_level_tcp", S(SYS_setsockopt, t, IPPROTO_TCP, 1, &v, sizeof(v), 0));
	len = sizeof(v);
	lxt_say("get_level_tcp", S(SYS_getsockopt, t, IPPROTO_TCP, 1, &v, &len, 0));
	len = sizeof(v);
	lxt_say("get_unknown", S(SYS_getsockopt, t, SOL_SOCKET, 9999, &v, &len, 0));
	len = 2;
	v = 0;
	lxt_say("get_short", S(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, &len, 0));
	lxt_say("get_short_len", len);
	lxt_say("get_short_val", v);

	/* Full queues: a backlog of 0 takes one connection, a datagram queue 11 messages. */
	{
		long l2 = sock(AF_UNIX, SOCK_STREAM), r, n;
		long d1 = sock(AF_UNIX, SOCK_DGRAM), d2 = sock(AF_UNIX, SOCK_DGRAM);

		bind_un(l2, "@lxt-backlog");
		S(SYS_listen, l2, 0, 0, 0, 0, 0);
		lxt_say("backlog_first", connect_un(sock(AF_UNIX, SOCK_STREAM), "@lxt-backlog"));
		lxt_say("backlog_full", connect_un(sock(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK),
						   "@lxt-backlog"));
		bind_un(d1, "@lxt-qlen");
		for (n = 0; n < 100; n++) {
			r = S(SYS_sendto, d2, "q", 1, MSG_DONTWAIT, &u, un_addr(&u, "@lxt-qlen"));
			if (r < 0)
				break;
		}
		lxt_say("dgram_queue_fits", n);
		lxt_say("dgram_queue_full", r);
	}

	/* Timeouts: a blocked receive ends with EAGAIN. */
	{
		struct timeval tv = { 0, 100000 }, got = { 7, 7 };

		len = sizeof(tv);
		lxt_say("set_rcvtimeo", S(SYS_setsockopt, t, SOL_SOCKET, SO_RCVTIMEO, &tv,
					   sizeof(tv), 0));
		lxt_say("get_rcvtimeo", S(SYS_getsockopt, t, SOL_SOCKET, SO_RCVTIMEO, &got, &len, 0));
		lxt_say("rcvtimeo_sec", got.tv_sec);
		lxt_say("rcvtimeo_usec", got.tv_usec);
		lxt_say("recv_timed_out", recv_(t, buf, 1, 0));
		S(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv), 0);
		lxt_say("accept_pending", S(SYS_accept, s, 0, 0, 0, 0, 0) >= 0);
		lxt_say("accept_timed_out", S(SYS_accept, s, 0, 0, 0, 0, 0));
		tv.tv_usec = 2000000;
		lxt_say("set_rcvtimeo_edom", S(SYS_setsockopt, t, SOL_SOCKET, SO_RCVTIMEO, &tv,
						sizeof(tv), 0));
		lxt_say("set_rcvtimeo_short", S(SYS_setsockopt, t, SOL_SOCKET, SO_RCVTIMEO, &tv,
						 8, 0));
		len = sizeof(got);
		S(SYS_getsockopt, t, SOL_SOCKET, SO_SNDTIMEO, &got, &len, 0);
		lxt_say("sndtimeo_default", got.tv_sec + got.tv_usec);
	}

	/* Autobind: five hex digits in the abstract space. */
	d = sock(AF_UNIX, SOCK_DGRAM);
	lxt_say("autobind", S(SYS_bind, d, &u, sizeof(sa_family_t), 0, 0, 0));
	len = sizeof(u);
	S(SYS_getsockname, d, &u, &len, 0, 0, 0);
	lxt_say("autobind_len", len);
	lxt_say("autobind_abstract", u.sun_path[0] == 0);
	lxt_say("autobind_again", S(SYS_bind, d, &u, sizeof(sa_family_t), 0, 0, 0));
	u.sun_family = AF_UNIX;
	lxt_say("connect_family_only", S(SYS_connect, sock(AF_UNIX, SOCK_STREAM), &u,
					   sizeof(sa_family_t), 0, 0, 0));
	lxt_say("connect_empty_path", S(SYS_connect, sock(AF_UNIX, SOCK_STREAM), &u,
					 sizeof(sa_family_t) + 1, 0, 0, 0));
}

/* ---- data ---- */

static long fionread(long fd)
{
	int n = -1;
	long r = S(SYS_ioctl, fd, FIONREAD, &n, 0, 0, 0);

	return r < 0 ? r : n;
}

static void stream_pair(void *arg)
{
	int sv[2];
	char buf[64];

	lxt_say("socketpair", S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0));
	lxt_say("write_a", lxt_write(sv[0], "hello world", 11));
	lxt_say("write_a2", lxt_write(sv[0], "!!", 2));
	lxt_say("fionread_b", fionread(sv[1]));
	lxt_say_data("read_b_4", buf, lxt_read(sv[1], buf, 4));
	lxt_say("fionread_b_after", fionread(sv[1]));
	lxt_say_data("peek_b", buf, recv_(sv[1], buf, sizeof(buf), MSG_PEEK));
	lxt_say_data("read_b_rest", buf, lxt_read(sv[1], buf, sizeof(buf)));
	lxt_say("read_b_empty", recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	lxt_say("write_b", send_(sv[1], "pong", 4, 0));
	lxt_say_data("read_a", buf, lxt_read(sv[0], buf, sizeof(buf)));
	lxt_say("shut_wr_a", S(SYS_shutdown, sv[0], SHUT_WR, 0, 0, 0, 0));
	lxt_say("read_b_eof", lxt_read(sv[1], buf, sizeof(buf)));
	lxt_say("write_a_after_shut", send_(sv[0], "x", 1, MSG_NOSIGNAL));
	lxt_say("write_b_after_peer_shut_wr", send_(sv[1], "back", 4, 0));
	lxt_say_data("read_a_still", buf, lxt_read(sv[0], buf, sizeof(buf)));
	lxt_say("shut_rd_a", S(SYS_shutdown, sv[0], SHUT_RD, 0, 0, 0, 0));
	lxt_say("read_a_after_shut_rd", lxt_read(sv[0], buf, sizeof(buf)));
	lxt_say("write_b_after_peer_shut_rd", send_(sv[1], "x", 1, MSG_NOSIGNAL));
	lxt_say("close_a", lxt_close(sv[0]));
	lxt_say("write_b_closed_peer", send_(sv[1], "x", 1, MSG_NOSIGNAL));
	lxt_say("read_b_closed_peer", lxt_read(sv[1], buf, sizeof(buf)));
	lxt_say_text("sigpipe_next");
	lxt_write(sv[1], "x", 1);
	lxt_say_text("not_reached");
}

static void records(void *arg)
{
	struct msghdr mh = { 0 };
	struct iovec iov;
	char buf[64];
	int sv[2], t;

	for (t = SOCK_DGRAM; t <= SOCK_SEQPACKET; t += SOCK_SEQPACKET - SOCK_DGRAM) {
		lxt_say(t == SOCK_DGRAM ? "dgram_pair" : "seqpacket_pair",
			S(SYS_socketpair, AF_UNIX, t, 0, sv, 0, 0));
		lxt_write(sv[0], "ab", 2);
		lxt_write(sv[0], "cde", 3);
		lxt_write(sv[0], "", 0);
		lxt_write(sv[0], "hello world", 11);
		lxt_say("fionread", fionread(sv[1]));
		lxt_say_data("read1", buf, lxt_read(sv[1], buf, sizeof(buf)));
		lxt_say_data("peek2", buf, recv_(sv[1], buf, sizeof(buf), MSG_PEEK));
		lxt_say_data("read2", buf, lxt_read(sv[1], buf, sizeof(buf)));
		lxt_say("read_empty_msg", lxt_read(sv[1], buf, sizeof(buf)));
		iov.iov_base = buf;
		iov.iov_len = 5;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		lxt_say("recvmsg_trunc", S(SYS_recvmsg, sv[1], &mh, MSG_TRUNC, 0, 0, 0));
		lxt_say_data("recvmsg_trunc_data", buf, 5);
		lxt_sayx("recvmsg_flags", mh.msg_flags);
		lxt_say("read_nothing", recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
		lxt_write(sv[1], "reply", 5);
		lxt_say_data("read_reply_short", buf, lxt_read(sv[0], buf, 2));
		lxt_say("read_after_short", recv_(sv[0], buf, sizeof(buf), MSG_DONTWAIT));
		lxt_close(sv[0]);
		lxt_say("read_peer_closed", recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
		lxt_close(sv[1]);
	}
}

static void dgram_named(void *arg)
{
	struct sockaddr_un from;
	socklen_t len = sizeof(from);
	struct sockaddr_un u;
	long a, b, c;
	char buf[32];

	a = sock(AF_UNIX, SOCK_DGRAM);
	b = sock(AF_UNIX, SOCK_DGRAM);
	c = sock(AF_UNIX, SOCK_DGRAM);
	lxt_say("bind_a", bind_un(a, "@lxt-dgram-a"));
	lxt_say("bind_b", bind_un(b, "sock-b"));
	S(SYS_sendto, b, "to-a", 4, 0, &u, un_addr(&u, "@lxt-dgram-a"));
	lxt_say_data("recvfrom_a", buf, S(SYS_recvfrom, a, buf, sizeof(buf), 0, &from, &len));
	lxt_say("from_len", len);
	lxt_say_data("from_name", from.sun_path, len > 2 ? len - 3 : 0);
	S(SYS_sendto, c, "anon", 4, 0, &u, un_addr(&u, "sock-b"));
	len = sizeof(from);
	lxt_say_data("recvfrom_b", buf, S(SYS_recvfrom, b, buf, sizeof(buf), 0, &from, &len));
	lxt_say("anon_from_len", len);
	lxt_say("connect_c_a", connect_un(c, "@lxt-dgram-a"));
	lxt_say("send_c", lxt_write(c, "via-connect", 11));
	lxt_say_data("recv_a", buf, lxt_read(a, buf, sizeof(buf)));
	lxt_say("connect_a_c_peer", connect_un(a, "sock-b"));
	lxt_say("send_c_refused", lxt_write(c, "x", 1));
	lxt_say("sendto_missing", S(SYS_sendto, c, "x", 1, 0, &u, un_addr(&u, "@lxt-none")));
	lxt_say("sendto_enoent", S(SYS_sendto, c, "x", 1, 0, &u, un_addr(&u, "nope")));
	len = sizeof(u);
	lxt_say("getpeername_a", S(SYS_getpeername, a, &u, &len, 0, 0, 0));
	lxt_say_data("peer_of_a", u.sun_path, len - 3);
	lxt_close(b);
	lxt_say("send_a_dead_peer", lxt_write(a, "x", 1));
	len = sizeof(u);
	lxt_say("getpeername_after", S(SYS_getpeername, a, &u, &len, 0, 0, 0));
}

/* ---- passing fds and credentials ---- */

static long send_fds(long s, const int *fds, int n, const char *data)
{
	char cbuf[CMSG_SPACE(4 * sizeof(int))] = { 0 };
	struct msghdr mh = { 0 };
	struct iovec iov = { (void *)data, strlen(data) };
	struct cmsghdr *c;

	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	return S(SYS_sendmsg, s, &mh, 0, 0, 0, 0);
}

/* Receive with room for @room fds; the fds received in @fds, their count returned. */
static long recv_fds(long s, int room, int flags, int *fds, char *data, int *mflags)
{
	char cbuf[CMSG_SPACE(4 * sizeof(int))] = { 0 };
	struct msghdr mh = { 0 };
	struct iovec iov = { data, 16 };
	struct cmsghdr *c;
	long r;
	int n = 0;

	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(room * sizeof(int));
	r = S(SYS_recvmsg, s, &mh, flags, 0, 0, 0);
	*mflags = mh.msg_flags;
	if (r < 0)
		return r;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(c), n * sizeof(int));
		}
	}
	return n;
}

static void rights(void *arg)
{
	int sv[2], p[2], q[2], fds[4], two[2], flags;
	char buf[32];
	long n;

	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	lxt_pipe(p);
	lxt_say("send_pipe_end", send_fds(sv[0], &p[0], 1, "fd"));
	lxt_close(p[0]);
	n = recv_fds(sv[1], 1, 0, fds, buf, &flags);
	lxt_say("received", n);
	lxt_sayx("flags", flags);
	lxt_say("is_new_fd", fds[0] != p[1] && fds[0] > 2);
	lxt_write(p[1], "through the pipe", 16);
	lxt_say_data("read_received", buf, lxt_read(fds[0], buf, sizeof(buf)));
	lxt_say("cloexec_default", lxt_fcntl(fds[0], F_GETFD, 0));
	lxt_close(fds[0]);

	lxt_pipe(q);
	two[0] = q[0];
	two[1] = q[1];
	lxt_say("send_two", send_fds(sv[0], two, 2, "two"));
	n = recv_fds(sv[1], 1, MSG_CMSG_CLOEXEC, fds, buf, &flags);
	lxt_say("received_room_for_one", n);
	lxt_sayx("flags_ctrunc", flags);
	lxt_say("cloexec", lxt_fcntl(fds[0], F_GETFD, 0));
	lxt_close(fds[0]);

	lxt_say("send_bad_fd", send_fds(sv[0], (int[]){ 77 }, 1, "bad"));
	lxt_say("nothing_sent", recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	lxt_say("send_socket_itself", send_fds(sv[0], &sv[0], 1, "self"));
	n = recv_fds(sv[1], 0, 0, fds, buf, &flags);
	lxt_say("received_without_room", n);
	lxt_sayx("flags_no_room", flags);
	lxt_close(q[0]);
	lxt_close(q[1]);

	/* Files in flight count against the queue: a sender gets EAGAIN, never unbounded memory. */
	{
		int dv[2], i;
		long r = 0;
		char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
		struct msghdr mh = { 0 };
		struct iovec iov = { "", 0 };
		struct cmsghdr *c;

		S(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, dv, 0, 0);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &p[1], sizeof(int));
		for (i = 0; i < 100000; i++) {
			r = S(SYS_sendmsg, dv[0], &mh, MSG_DONTWAIT, 0, 0, 0);
			if (r < 0)
				break;
		}
		lxt_say("flood_ends", r);
		lxt_say("flood_bounded", i > 10 && i < 10000);
		lxt_close(dv[0]);
		lxt_close(dv[1]);
	}
	lxt_close(p[1]);
}

static void creds(void *arg)
{
	struct ucred uc = { 0 }, sent;
	socklen_t len = sizeof(uc);
	char cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct msghdr mh = { 0 };
	struct iovec iov;
	struct cmsghdr *c;
	long pid = lxt_syscall0(SYS_getpid), uid = lxt_syscall0(SYS_getuid);
	long gid = lxt_syscall0(SYS_getgid);
	int sv[2], one = 1, lsn, cli, acc;
	char buf[8];

	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	lxt_say("peercred", S(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &len, 0));
	lxt_say("peercred_len", len);
	lxt_say("peercred_is_self", uc.pid == pid && uc.uid == uid && uc.gid == gid);

	lsn = sock(AF_UNIX, SOCK_STREAM);
	cli = sock(AF_UNIX, SOCK_STREAM);
	bind_un(lsn, "@lxt-creds");
	S(SYS_listen, lsn, 1, 0, 0, 0, 0);
	len = sizeof(uc);
	memset(&uc, 0xff, sizeof(uc));
	lxt_say("peercred_unconnected", S(SYS_getsockopt, cli, SOL_SOCKET, SO_PEERCRED, &uc, &len, 0));
	lxt_say("peercred_unconnected_pid", uc.pid);
	lxt_say("peercred_unconnected_uid", uc.uid);
	connect_un(cli, "@lxt-creds");
	acc = S(SYS_accept4, lsn, 0, 0, SOCK_CLOEXEC, 0, 0);
	len = sizeof(uc);
	S(SYS_getsockopt, acc, SOL_SOCKET, SO_PEERCRED, &uc, &len, 0);
	lxt_say("accepted_peercred_is_self", uc.pid == pid && uc.uid == uid && uc.gid == gid);
	len = sizeof(uc);
	S(SYS_getsockopt, cli, SOL_SOCKET, SO_PEERCRED, &uc, &len, 0);
	lxt_say("client_peercred_is_listener", uc.pid == pid && uc.uid == uid);

	/* SCM_CREDENTIALS: what the receiver with SO_PASSCRED sees. */
	S(SYS_setsockopt, sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one), 0);
	lxt_write(sv[0], "c", 1);
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	lxt_say("recv_with_creds", S(SYS_recvmsg, sv[1], &mh, 0, 0, 0, 0));
	c = CMSG_FIRSTHDR(&mh);
	lxt_say("cmsg_type", c ? c->cmsg_type : -1);
	memcpy(&uc, CMSG_DATA(c), sizeof(uc));
	lxt_say("cmsg_creds_are_self", uc.pid == pid && uc.uid == uid && uc.gid == gid);

	/* Explicit credentials: one's own pass, another pid does not. */
	sent.pid = pid;
	sent.uid = uid;
	sent.gid = gid;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(sent));
	memcpy(CMSG_DATA(c), &sent, sizeof(sent));
	iov.iov_base = "e";
	iov.iov_len = 1;
	lxt_say("send_own_creds", S(SYS_sendmsg, sv[0], &mh, 0, 0, 0, 0));
	sent.pid = 1;
	memcpy(CMSG_DATA(c), &sent, sizeof(sent));
	lxt_say("send_other_pid_as_root", S(SYS_sendmsg, sv[0], &mh, 0, 0, 0, 0) >= 0 || uid);
	c->cmsg_len = CMSG_LEN(sizeof(sent) - 1);
	lxt_say("send_bad_cmsg_len", S(SYS_sendmsg, sv[0], &mh, 0, 0, 0, 0));
	c->cmsg_len = 1000;
	lxt_say("send_cmsg_overflow", S(SYS_sendmsg, sv[0], &mh, 0, 0, 0, 0));
}

/* ---- servers with many clients ---- */

#define CLIENTS 16

static void echo_server(long lsn, int family, const void *addr, socklen_t alen)
{
	char buf[64];
	long i, pid, c, n, bad = 0, st;

	lxt_say("listen", S(SYS_listen, lsn, CLIENTS, 0, 0, 0, 0));
	for (i = 0; i < CLIENTS; i++) {
		pid = lxt_fork();
		if (pid == 0) {
			char msg[16] = "client-";
			long s = sock(family, SOCK_STREAM);

			msg[7] = 'a' + i;
			if (S(SYS_connect, s, addr, alen, 0, 0, 0) ||
			    lxt_write(s, msg, 8) != 8 ||
			    lxt_read(s, buf, sizeof(buf)) != 8 || memcmp(buf, msg, 8) ||
			    lxt_read(s, buf, sizeof(buf)) != 0)
				lxt_raw_exit(1);
			lxt_raw_exit(0);
		}
	}
	for (i = 0; i < CLIENTS; i++) {
		c = S(SYS_accept, lsn, 0, 0, 0, 0, 0);
		if (c < 0) {
			bad++;
			continue;
		}
		n = lxt_read(c, buf, sizeof(buf));
		if (n != 8 || lxt_write(c, buf, n) != n)
			bad++;
		lxt_close(c);
	}
	for (i = 0; i < CLIENTS; i++) {
		st = lxt_wait(-1);
		if (st != 0)
			bad++;
	}
	lxt_say("served", CLIENTS);
	lxt_say("failures", bad);
}

static void unix_echo(void *arg)
{
	struct sockaddr_un u;
	socklen_t len = un_addr(&u, "echo.sock");
	long lsn = sock(AF_UNIX, SOCK_STREAM);
	struct sockaddr_un got;
	socklen_t glen = sizeof(got);

	lxt_say("bind", S(SYS_bind, lsn, &u, len, 0, 0, 0));
	lxt_say("bind_again_path", bind_un(sock(AF_UNIX, SOCK_STREAM), "echo.sock"));
	S(SYS_getsockname, lsn, &got, &glen, 0, 0, 0);
	lxt_say("getsockname_len", glen);
	lxt_say_data("getsockname_path", got.sun_path, glen - 3);
	echo_server(lsn, AF_UNIX, &u, len);
	lxt_close(lsn);
	lxt_say("connect_after_close", connect_un(sock(AF_UNIX, SOCK_STREAM), "echo.sock"));
	lxt_say("unlink", S(SYS_unlink, "echo.sock", 0, 0, 0, 0, 0));
}

static void tcp_echo(void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	long lsn = sock(AF_INET, SOCK_STREAM), s;
	int one = 1, v;
	char buf[8];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lxt_say("setsockopt_reuseaddr", S(SYS_setsockopt, lsn, SOL_SOCKET, SO_REUSEADDR, &one,
					  sizeof(one), 0));
	say_opt("so_reuseaddr", lsn, SO_REUSEADDR);
	say_opt("so_type", lsn, SO_TYPE);
	say_opt("so_domain", lsn, SO_DOMAIN);
	lxt_say("bind", S(SYS_bind, lsn, &a, sizeof(a), 0, 0, 0));
	lxt_say("getsockname", S(SYS_getsockname, lsn, &a, &len, 0, 0, 0));
	lxt_say("port_chosen", a.sin_port != 0);
	echo_server(lsn, AF_INET, &a, sizeof(a));
	say_opt("so_acceptconn", lsn, SO_ACCEPTCONN);
	lxt_close(lsn);
	s = sock(AF_INET, SOCK_STREAM);
	lxt_say("connect_refused", S(SYS_connect, s, &a, sizeof(a), 0, 0, 0));
	say_opt("so_error", s, SO_ERROR);
	lxt_say("recv_enotconn", recv_(s, buf, 1, 0));
	lxt_say("shutdown_enotconn", S(SYS_shutdown, s, SHUT_RDWR, 0, 0, 0, 0));
	/* UDP: a datagram to ourselves. */
	s = sock(AF_INET, SOCK_DGRAM);
	a.sin_port = 0;
	S(SYS_bind, s, &a, sizeof(a), 0, 0, 0);
	len = sizeof(a);
	S(SYS_getsockname, s, &a, &len, 0, 0, 0);
	lxt_say("udp_sendto", S(SYS_sendto, s, "udp!", 4, 0, &a, sizeof(a)));
	lxt_say_data("udp_recv", buf, recv_(s, buf, sizeof(buf), 0));
	v = getopt_int(s, SO_TYPE, &one);
	lxt_say("udp_so_type", v ? v : one);
	lxt_say("udp_nonblock_empty", recv_(s, buf, sizeof(buf), MSG_DONTWAIT));
	s = sock(AF_INET6, SOCK_DGRAM);
	say_opt("inet6_so_domain", s, SO_DOMAIN);
	lxt_say("inet6_read_fd_works", lxt_fcntl(s, F_GETFL, 0));
	lxt_say("inet_bad_type", sock(AF_INET, 9));
	lxt_say("inet_bad_proto", S(SYS_socket, AF_INET, SOCK_STREAM, IPPROTO_UDP, 0, 0, 0));
}


/* ---- readiness ---- */

static void say_poll(const char *tag, long fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP | POLLPRI };
	long r = S(SYS_poll, &p, 1, 0, 0, 0, 0);

	lxt_sayx(tag, r < 0 ? r : p.revents);
}

static void readiness(void *arg)
{
	int sv[2], dv[2], qv[2];
	long lsn, cli, acc;
	char buf[8];

	say_poll("fresh_stream", sock(AF_UNIX, SOCK_STREAM));
	say_poll("fresh_dgram", sock(AF_UNIX, SOCK_DGRAM));
	say_poll("fresh_seqpacket", sock(AF_UNIX, SOCK_SEQPACKET));
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	say_poll("pair_idle", sv[1]);
	lxt_write(sv[0], "x", 1);
	say_poll("pair_data", sv[1]);
	lxt_read(sv[1], buf, 1);
	S(SYS_shutdown, sv[0], SHUT_WR, 0, 0, 0, 0);
	say_poll("peer_shut_wr", sv[1]);
	say_poll("self_shut_wr", sv[0]);
	lxt_close(sv[0]);
	say_poll("peer_closed", sv[1]);

	S(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, dv, 0, 0);
	say_poll("dgram_pair_idle", dv[0]);
	lxt_write(dv[1], "x", 1);
	say_poll("dgram_pair_data", dv[0]);
	lxt_close(dv[1]);
	say_poll("dgram_peer_closed", dv[0]);
	S(SYS_socketpair, AF_UNIX, SOCK_SEQPACKET, 0, qv, 0, 0);
	lxt_close(qv[1]);
	say_poll("seqpacket_peer_closed", qv[0]);

	lsn = sock(AF_UNIX, SOCK_STREAM);
	bind_un(lsn, "@lxt-ready");
	S(SYS_listen, lsn, 4, 0, 0, 0, 0);
	say_poll("listening_idle", lsn);
	cli = sock(AF_UNIX, SOCK_STREAM);
	connect_un(cli, "@lxt-ready");
	say_poll("listening_pending", lsn);
	say_poll("client_connected", cli);
	acc = S(SYS_accept, lsn, 0, 0, 0, 0, 0);
	say_poll("listening_after_accept", lsn);
	say_poll("accepted", acc);
	lxt_write(acc, "hi", 2);
	lxt_close(acc);
	say_poll("client_peer_closed_unread", cli);

	/* A datagram sender facing a full receiver: told EPOLLOUT when it drains. */
	{
		long rcv = sock(AF_UNIX, SOCK_DGRAM), snd = sock(AF_UNIX, SOCK_DGRAM), pid, n;
		struct pollfd p = { .fd = snd, .events = POLLOUT };
		struct timespec ts = { 0, 200 * 1000 * 1000 };

		bind_un(rcv, "@lxt-peer-wait");
		connect_un(snd, "@lxt-peer-wait");
		for (n = 0; n < 100 && send_(snd, "f", 1, MSG_DONTWAIT) == 1; n++)
			;
		lxt_say("filled", n);
		say_poll("sender_full", snd);
		pid = lxt_fork();
		if (pid == 0) {
			S(SYS_nanosleep, &ts, 0, 0, 0, 0, 0);
			lxt_raw_exit(recv_(rcv, buf, 1, 0) == 1 ? 0 : 1);
		}
		lxt_say("poll_woken", S(SYS_poll, &p, 1, 5000, 0, 0, 0));
		lxt_sayx("revents", p.revents);
		lxt_say("wait", lxt_wait(pid));
	}
}

/* An epoll server: one process, every client (forked) in one interest set. */
static void epoll_echo(void *arg)
{
	struct epoll_event ev, evs[8];
	long lsn = sock(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK), ep, pid, i, n, k;
	long served = 0, bad = 0, fd;
	char buf[64];

	lxt_say("bind", bind_un(lsn, "epoll.sock"));
	lxt_say("listen", S(SYS_listen, lsn, CLIENTS, 0, 0, 0, 0));
	ep = S(SYS_epoll_create1, EPOLL_CLOEXEC, 0, 0, 0, 0, 0);
	ev.events = EPOLLIN;
	ev.data.fd = lsn;
	lxt_say("epoll_add_listener", S(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, lsn, &ev, 0, 0));
	for (i = 0; i < CLIENTS; i++) {
		pid = lxt_fork();
		if (pid == 0) {
			char msg[8] = "epoll-";
			long s = sock(AF_UNIX, SOCK_STREAM);

			msg[6] = 'a' + i;
			if (connect_un(s, "epoll.sock") || lxt_write(s, msg, 7) != 7 ||
			    lxt_read(s, buf, sizeof(buf)) != 7 || memcmp(buf, msg, 7) ||
			    lxt_read(s, buf, sizeof(buf)) != 0)
				lxt_raw_exit(1);
			lxt_raw_exit(0);
		}
	}
	while (served < CLIENTS) {
		n = S(SYS_epoll_wait, ep, evs, 8, 10000, 0, 0);
		if (n <= 0) {
			bad++;
			break;
		}
		for (k = 0; k < n; k++) {
			fd = evs[k].data.fd;
			if (fd == lsn) {
				while ((fd = S(SYS_accept4, lsn, 0, 0, SOCK_NONBLOCK, 0, 0)) >= 0) {
					ev.events = EPOLLIN | EPOLLRDHUP;
					ev.data.fd = fd;
					if (S(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fd, &ev, 0, 0))
						bad++;
				}
				if (fd != -EAGAIN)
					bad++;
				continue;
			}
			i = lxt_read(fd, buf, sizeof(buf));
			if (i == 7 && lxt_write(fd, buf, 7) == 7)
				served++;
			else
				bad++;
			S(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, fd, 0, 0, 0);
			lxt_close(fd);
		}
	}
	for (i = 0; i < CLIENTS; i++)
		if (lxt_wait(-1) != 0)
			bad++;
	lxt_say("served", served);
	lxt_say("failures", bad);
}

FIXTURE(sock) {
	int dev;
	int inst;
};

FIXTURE_SETUP(sock)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "sock");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 01777)) TH_LOG("mount: %s", strerror(errno));
}

FIXTURE_TEARDOWN(sock)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

/* What Linux (6.1) answers: the native runs must print exactly this. */
#define ERRORS_OUT \
	"bad_flags=-EINVAL\n" \
	"bad_family=-E97\n" \
	"bad_type=-EINVAL\n" \
	"bad_proto=-E93\n" \
	"pair_inet=-EOPNOTSUPP\n" \
	"bind_ebadf=-EBADF\n" \
	"bind_enotsock=-E88\n" \
	"listen_enotsock=-E88\n" \
	"getsockopt_enotsock=-E88\n" \
	"socket=5\n" \
	"bind_short=-EINVAL\n" \
	"bind_inet_addr=-EINVAL\n" \
	"listen_unbound=-EINVAL\n" \
	"accept_not_listening=-EINVAL\n" \
	"send_unconnected=-E107\n" \
	"recv_unconnected=-EINVAL\n" \
	"getpeername_unconnected=-E107\n" \
	"connect_refused=-E111\n" \
	"connect_enoent=-ENOENT\n" \
	"shutdown_bad_how=-EINVAL\n" \
	"getsockname_unbound=0\n" \
	"getsockname_unbound_len=2\n" \
	"bind=0\n" \
	"bind_again=-EINVAL\n" \
	"getsockname_len=18\n" \
	"getsockname_name=15 'lxt-sock-errors'\n" \
	"bind_in_use=-E98\n" \
	"connect_not_listening=-E111\n" \
	"listen=0\n" \
	"connect=0\n" \
	"connect_again=-E106\n" \
	"listen_connected=-EINVAL\n" \
	"connect_prototype=-E111\n" \
	"listen_dgram=-EOPNOTSUPP\n" \
	"accept_dgram=-EOPNOTSUPP\n" \
	"send_dgram_unconnected=-E107\n" \
	"accept_flags=-EINVAL\n" \
	"recv_nonblock=-EAGAIN\n" \
	"sendto_connected_stream=-E106\n" \
	"so_type=1\n" \
	"so_type_dgram=2\n" \
	"so_domain=1\n" \
	"so_acceptconn=1\n" \
	"so_acceptconn_client=0\n" \
	"so_error=0\n" \
	"so_passcred=0\n" \
	"so_sndbuf=212992\n" \
	"so_rcvbuf=212992\n" \
	"set_sndbuf=0\n" \
	"so_sndbuf_set=8192\n" \
	"set_rcvbuf=0\n" \
	"so_rcvbuf_set=8192\n" \
	"set_reuseaddr=0\n" \
	"so_reuseaddr=1\n" \
	"set_passcred=0\n" \
	"so_passcred_set=1\n" \
	"set_short=-EINVAL\n" \
	"set_level_tcp=-EOPNOTSUPP\n" \
	"get_level_tcp=-EOPNOTSUPP\n" \
	"get_unknown=-E92\n" \
	"get_short=0\n" \
	"get_short_len=2\n" \
	"get_short_val=1\n" \
	"backlog_first=0\n" \
	"backlog_full=-EAGAIN\n" \
	"dgram_queue_fits=11\n" \
	"dgram_queue_full=-EAGAIN\n" \
	"set_rcvtimeo=0\n" \
	"get_rcvtimeo=0\n" \
	"rcvtimeo_sec=0\n" \
	"rcvtimeo_usec=100000\n" \
	"recv_timed_out=-EAGAIN\n" \
	"accept_pending=1\n" \
	"accept_timed_out=-EAGAIN\n" \
	"set_rcvtimeo_edom=-E33\n" \
	"set_rcvtimeo_short=-EINVAL\n" \
	"sndtimeo_default=0\n" \
	"autobind=0\n" \
	"autobind_len=8\n" \
	"autobind_abstract=1\n" \
	"autobind_again=0\n" \
	"connect_family_only=-EINVAL\n" \
	"connect_empty_path=-E111\n" \
	""

#define STREAM_PAIR_OUT \
	"socketpair=0\n" \
	"write_a=11\n" \
	"write_a2=2\n" \
	"fionread_b=13\n" \
	"read_b_4=4 'hell'\n" \
	"fionread_b_after=9\n" \
	"peek_b=9 'o world!!'\n" \
	"read_b_rest=9 'o world!!'\n" \
	"read_b_empty=-EAGAIN\n" \
	"write_b=4\n" \
	"read_a=4 'pong'\n" \
	"shut_wr_a=0\n" \
	"read_b_eof=0\n" \
	"write_a_after_shut=-EPIPE\n" \
	"write_b_after_peer_shut_wr=4\n" \
	"read_a_still=4 'back'\n" \
	"shut_rd_a=0\n" \
	"read_a_after_shut_rd=0\n" \
	"write_b_after_peer_shut_rd=-EPIPE\n" \
	"close_a=0\n" \
	"write_b_closed_peer=-EPIPE\n" \
	"read_b_closed_peer=0\n" \
	"sigpipe_next\n" \
	""

#define RECORDS_OUT \
	"dgram_pair=0\n" \
	"fionread=2\n" \
	"read1=2 'ab'\n" \
	"peek2=3 'cde'\n" \
	"read2=3 'cde'\n" \
	"read_empty_msg=0\n" \
	"recvmsg_trunc=11\n" \
	"recvmsg_trunc_data=5 'hello'\n" \
	"recvmsg_flags=0x20\n" \
	"read_nothing=-EAGAIN\n" \
	"read_reply_short=2 're'\n" \
	"read_after_short=-EAGAIN\n" \
	"read_peer_closed=-EAGAIN\n" \
	"seqpacket_pair=0\n" \
	"fionread=16\n" \
	"read1=2 'ab'\n" \
	"peek2=3 'cde'\n" \
	"read2=3 'cde'\n" \
	"read_empty_msg=0\n" \
	"recvmsg_trunc=11\n" \
	"recvmsg_trunc_data=5 'hello'\n" \
	"recvmsg_flags=0x20\n" \
	"read_nothing=-EAGAIN\n" \
	"read_reply_short=2 're'\n" \
	"read_after_short=-EAGAIN\n" \
	"read_peer_closed=0\n" \
	""

#define DGRAM_NAMED_OUT \
	"bind_a=0\n" \
	"bind_b=0\n" \
	"recvfrom_a=4 'to-a'\n" \
	"from_len=9\n" \
	"from_name=6 'sock-b'\n" \
	"recvfrom_b=4 'anon'\n" \
	"anon_from_len=0\n" \
	"connect_c_a=0\n" \
	"send_c=11\n" \
	"recv_a=11 'via-connect'\n" \
	"connect_a_c_peer=0\n" \
	"send_c_refused=-EPERM\n" \
	"sendto_missing=-E111\n" \
	"sendto_enoent=-ENOENT\n" \
	"getpeername_a=0\n" \
	"peer_of_a=6 'sock-b'\n" \
	"send_a_dead_peer=-E111\n" \
	"getpeername_after=-E107\n" \
	""

#define RIGHTS_OUT \
	"send_pipe_end=2\n" \
	"received=1\n" \
	"flags=0x0\n" \
	"is_new_fd=1\n" \
	"read_received=16 'through the pipe'\n" \
	"cloexec_default=0\n" \
	"send_two=3\n" \
	"received_room_for_one=2\n" \
	"flags_ctrunc=0x40000000\n" \
	"cloexec=1\n" \
	"send_bad_fd=-EBADF\n" \
	"nothing_sent=-EAGAIN\n" \
	"send_socket_itself=4\n" \
	"received_without_room=0\n" \
	"flags_no_room=0x8\n" \
	"flood_ends=-EAGAIN\n" \
	"flood_bounded=1\n" \
	""

#define CREDS_OUT \
	"peercred=0\n" \
	"peercred_len=12\n" \
	"peercred_is_self=1\n" \
	"peercred_unconnected=0\n" \
	"peercred_unconnected_pid=0\n" \
	"peercred_unconnected_uid=4294967295\n" \
	"accepted_peercred_is_self=1\n" \
	"client_peercred_is_listener=1\n" \
	"recv_with_creds=1\n" \
	"cmsg_type=2\n" \
	"cmsg_creds_are_self=1\n" \
	"send_own_creds=1\n" \
	"send_other_pid_as_root=1\n" \
	"send_bad_cmsg_len=-EINVAL\n" \
	"send_cmsg_overflow=-EINVAL\n" \
	""

#define UNIX_ECHO_OUT \
	"bind=0\n" \
	"bind_again_path=-E98\n" \
	"getsockname_len=12\n" \
	"getsockname_path=9 'echo.sock'\n" \
	"listen=0\n" \
	"served=16\n" \
	"failures=0\n" \
	"connect_after_close=-E111\n" \
	"unlink=0\n" \
	""

#define READINESS_OUT \
	"fresh_stream=0x14\n" \
	"fresh_dgram=0x4\n" \
	"fresh_seqpacket=0x14\n" \
	"pair_idle=0x4\n" \
	"pair_data=0x5\n" \
	"peer_shut_wr=0x2005\n" \
	"self_shut_wr=0x4\n" \
	"peer_closed=0x2015\n" \
	"dgram_pair_idle=0x4\n" \
	"dgram_pair_data=0x5\n" \
	"dgram_peer_closed=0x5\n" \
	"seqpacket_peer_closed=0x2015\n" \
	"listening_idle=0x0\n" \
	"listening_pending=0x1\n" \
	"client_connected=0x4\n" \
	"listening_after_accept=0x0\n" \
	"accepted=0x4\n" \
	"client_peer_closed_unread=0x2015\n" \
	"filled=11\n" \
	"sender_full=0x0\n" \
	"poll_woken=1\n" \
	"revents=0x4\n" \
	"wait=0\n" \
	""
#define EPOLL_ECHO_OUT \
	"bind=0\n" \
	"listen=0\n" \
	"epoll_add_listener=0\n" \
	"served=16\n" \
	"failures=0\n" \
	""

#define BULK_OUT \
	"waitall=6 'abcdef'\n" \
	"eof=0\n" \
	"total=1053227\n" \
	"sum=0x88aec9a1\n" \
	"wait=0\n"

#define BATCHES_OUT \
	"unix_sendmmsg=3\n" \
	"msg_len_2=7\n" \
	"recvmmsg=3\n" \
	"got=3 'one'\n" \
	"got=5 'three'\n" \
	"got=7 'eleven!'\n" \
	"recvmmsg_empty=-EAGAIN\n" \
	"udp_sendmmsg=3\n" \
	"msg_len_2=7\n" \
	"recvmmsg=3\n" \
	"got=3 'one'\n" \
	"got=5 'three'\n" \
	"got=7 'eleven!'\n" \
	"recvmmsg_empty=-EAGAIN\n" \
	"sendmmsg_ebadf=-EBADF\n" \
	"recvmmsg_enotsock=-E88\n" \
	""

#define TCP_ECHO_OUT \
	"setsockopt_reuseaddr=0\n" \
	"so_reuseaddr=1\n" \
	"so_type=1\n" \
	"so_domain=2\n" \
	"bind=0\n" \
	"getsockname=0\n" \
	"port_chosen=1\n" \
	"listen=0\n" \
	"served=16\n" \
	"failures=0\n" \
	"so_acceptconn=1\n" \
	"connect_refused=-E111\n" \
	"so_error=0\n" \
	"recv_enotconn=-E107\n" \
	"shutdown_enotconn=-E107\n" \
	"udp_sendto=4\n" \
	"udp_recv=4 'udp!'\n" \
	"udp_so_type=2\n" \
	"udp_nonblock_empty=-EAGAIN\n" \
	"inet6_so_domain=10\n" \
	"inet6_read_fd_works=2\n" \
	"inet_bad_type=-E94\n" \
	"inet_bad_proto=-E93\n" \
	""

TEST_F(sock, calls_and_errors_are_linux_s)
{
	DIFF(.body = errors, .expect_out = ERRORS_OUT);
}

TEST_F(sock, stream_pairs_move_data_both_ways_and_shut_down_as_linux)
{
	DIFF(.body = stream_pair, .expect_out = STREAM_PAIR_OUT, .expect_end = "signal=13");
}

TEST_F(sock, datagrams_and_seqpackets_keep_their_boundaries)
{
	DIFF(.body = records, .expect_out = RECORDS_OUT);
}

TEST_F(sock, datagrams_reach_names_and_report_senders)
{
	DIFF(.body = dgram_named, .expect_out = DGRAM_NAMED_OUT);
}

TEST_F(sock, scm_rights_passes_a_pipe_end)
{
	DIFF(.body = rights, .expect_out = RIGHTS_OUT);
}

TEST_F(sock, credentials_are_the_instance_s)
{
	DIFF(.body = creds, .expect_out = CREDS_OUT);
}

TEST_F(sock, echo_server_over_a_path_name_serves_many_clients)
{
	DIFF(.body = unix_echo, .expect_out = UNIX_ECHO_OUT, .timeout_s = 60);
}

TEST_F(sock, echo_server_over_tcp_loopback_serves_many_clients)
{
	DIFF(.body = tcp_echo, .expect_out = TCP_ECHO_OUT, .timeout_s = 60);
}

TEST_F(sock, readiness_is_linux_s_for_every_socket_state)
{
	DIFF(.body = readiness, .expect_out = READINESS_OUT);
}

TEST_F(sock, epoll_server_serves_many_clients)
{
	DIFF(.body = epoll_echo, .expect_out = EPOLL_ECHO_OUT, .timeout_s = 60);
}

/* ---- blocking: wake-ups, signals, large transfers ---- */

static volatile int handled;

static void on_signal(int sig)
{
	handled++;
}

static void catch_usr1_flags(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = flags;
	if (sigaction(SIGUSR1, &sa, NULL))
		_exit(124);
}

static void catch_usr1(void *arg)
{
	fresh_dir(arg);
	catch_usr1_flags(0);
}

static void catch_usr1_restart(void *arg)
{
	fresh_dir(arg);
	catch_usr1_flags(SA_RESTART);
}

static void wait_for_poke(void)
{
	char c;

	lxt_read(0, &c, 1);
}

/* Blocks in recv (arg 0) or accept (arg 1); the parent signals, then pokes the writer. */
static void interrupted(void *arg)
{
	int sv[2], accept_case = arg != NULL;
	long pid, lsn = -1, r;
	char buf[8];

	if (accept_case) {
		lsn = sock(AF_UNIX, SOCK_STREAM);
		bind_un(lsn, "intr.sock");
		S(SYS_listen, lsn, 1, 0, 0, 0, 0);
	} else {
		S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	}
	pid = lxt_fork();
	if (pid == 0) {
		long c;

		lxt_close(1);
		wait_for_poke();
		if (accept_case) {
			c = sock(AF_UNIX, SOCK_STREAM);
			lxt_raw_exit(connect_un(c, "intr.sock") ? 1 : 0);
		}
		lxt_raw_exit(lxt_write(sv[1], "x", 1) == 1 ? 0 : 1);
	}
	lxt_say_text("blocking");
	if (accept_case) {
		r = S(SYS_accept, lsn, 0, 0, 0, 0, 0);
		lxt_say("accept_ok", r >= 0 ? 1 : r);
	} else {
		lxt_say_data("recv", buf, recv_(sv[0], buf, sizeof(buf), 0));
	}
	lxt_say("handled", handled);
	lxt_say("wait", lxt_wait(pid));
}

/* MSG_WAITALL gathers pieces; a blocked writer waits for room (1 MiB through the pair). */
static void bulk(void *arg)
{
	static char chunk[7919], rbuf[4096];
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	unsigned long total = 0, sum = 0, i;
	int sv[2];
	long pid, n;

	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	pid = lxt_fork();
	if (pid == 0) {
		unsigned long sent = 0;

		lxt_write(sv[1], "abc", 3);
		S(SYS_nanosleep, &ts, 0, 0, 0, 0, 0);
		lxt_write(sv[1], "def", 3);
		for (i = 0; i < sizeof(chunk); i++)
			chunk[i] = (char)(i * 7);
		while (sent < (1UL << 20)) {
			n = lxt_write(sv[1], chunk, sizeof(chunk));
			if (n <= 0)
				lxt_raw_exit(1);
			sent += n;
		}
		lxt_raw_exit(0);
	}
	lxt_close(sv[1]);
	lxt_say_data("waitall", rbuf, recv_(sv[0], rbuf, 6, MSG_WAITALL));
	while ((n = lxt_read(sv[0], rbuf, sizeof(rbuf))) > 0) {
		for (i = 0; i < (unsigned long)n; i++)
			sum = sum * 31 + (unsigned char)rbuf[i];
		total += n;
	}
	lxt_say("eof", n);
	lxt_say("total", total);
	lxt_sayx("sum", sum & 0xffffffff);
	lxt_say("wait", lxt_wait(pid));
}

TEST_F(sock, a_blocked_recv_is_interrupted_with_eintr)
{
	DIFF_SETUP(.setup = catch_usr1, .body = interrupted, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "blocking\nrecv=-EINTR\nhandled=1\nwait=0\n");
}

TEST_F(sock, a_blocked_recv_restarts_after_an_sa_restart_handler)
{
	DIFF_SETUP(.setup = catch_usr1_restart, .body = interrupted, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "blocking\nrecv=1 'x'\nhandled=1\nwait=0\n");
}

TEST_F(sock, a_blocked_accept_is_interrupted_with_eintr)
{
	DIFF_SETUP(.setup = catch_usr1, .body = interrupted, .arg = (void *)1, .trigger = "blocking",
	     .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "blocking\naccept_ok=-EINTR\nhandled=1\nwait=0\n");
}

TEST_F(sock, a_blocked_accept_restarts_after_an_sa_restart_handler)
{
	DIFF_SETUP(.setup = catch_usr1_restart, .body = interrupted, .arg = (void *)1,
	     .trigger = "blocking", .trigger_signal = SIGUSR1, .trigger_poke = 1,
	     .expect_out = "blocking\naccept_ok=1\nhandled=1\nwait=0\n");
}

TEST_F(sock, waitall_and_a_megabyte_through_a_pair)
{
	DIFF(.body = bulk, .expect_out = BULK_OUT, .timeout_s = 60);
}

/* The host credentials decide host ports: an unprivileged owner gets no privileged port. */
static void unprivileged(void *arg)
{
	fresh_dir(arg);
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		_exit(123);
}

static void privileged_port(void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	long s = sock(AF_INET, SOCK_STREAM);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(80);
	lxt_say("bind_port_80", S(SYS_bind, s, &a, sizeof(a), 0, 0, 0));
	a.sin_port = 0;
	lxt_say("bind_port_0", S(SYS_bind, s, &a, sizeof(a), 0, 0, 0));
	lxt_say("listen", S(SYS_listen, s, 1, 0, 0, 0, 0));
}

TEST_F(sock, a_privileged_port_needs_the_owner_s_host_privilege)
{
	DIFF_SETUP(.setup = unprivileged, .body = privileged_port,
		   .expect_out = "bind_port_80=-EACCES\nbind_port_0=0\nlisten=0\n");
}

/* sendmmsg/recvmmsg over an AF_UNIX datagram pair and over UDP. */
static void batches(void *arg)
{
	static const char *words[] = { "one", "three", "eleven!" };
	struct mmsghdr mv[5];
	struct iovec iov[5];
	char bufs[5][16];
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int sv[2], i, round;
	long r, u;

	S(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv, 0, 0);
	u = sock(AF_INET, SOCK_DGRAM);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	S(SYS_bind, u, &a, sizeof(a), 0, 0, 0);
	S(SYS_getsockname, u, &a, &alen, 0, 0, 0);
	for (round = 0; round < 2; round++) {
		long tx = round ? u : sv[0], rx = round ? u : sv[1];

		memset(mv, 0, sizeof(mv));
		for (i = 0; i < 3; i++) {
			iov[i].iov_base = (void *)words[i];
			iov[i].iov_len = strlen(words[i]);
			mv[i].msg_hdr.msg_iov = &iov[i];
			mv[i].msg_hdr.msg_iovlen = 1;
			if (round) {
				mv[i].msg_hdr.msg_name = &a;
				mv[i].msg_hdr.msg_namelen = sizeof(a);
			}
		}
		lxt_say(round ? "udp_sendmmsg" : "unix_sendmmsg", S(SYS_sendmmsg, tx, mv, 3, 0, 0, 0));
		lxt_say("msg_len_2", mv[2].msg_len);
		memset(mv, 0, sizeof(mv));
		for (i = 0; i < 5; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = sizeof(bufs[i]);
			mv[i].msg_hdr.msg_iov = &iov[i];
			mv[i].msg_hdr.msg_iovlen = 1;
		}
		r = S(SYS_recvmmsg, rx, mv, 5, MSG_WAITFORONE, 0, 0);
		lxt_say("recvmmsg", r);
		for (i = 0; i < r && i < 5; i++)
			lxt_say_data("got", bufs[i], mv[i].msg_len);
		lxt_say("recvmmsg_empty", S(SYS_recvmmsg, rx, mv, 5, MSG_DONTWAIT, 0, 0));
	}
	lxt_say("sendmmsg_ebadf", S(SYS_sendmmsg, 99, mv, 1, 0, 0, 0));
	lxt_say("recvmmsg_enotsock", S(SYS_recvmmsg, 0, mv, 1, 0, 0, 0));
}

TEST_F(sock, sendmmsg_and_recvmmsg_batch_datagrams)
{
	DIFF(.body = batches, .expect_out = BATCHES_OUT);
}

/* ---- isolation (pico only) ---- */

static const char *iso_name;
static int iso_type = SOCK_STREAM;

static void connect_iso(void *arg)
{
	long s = sock(AF_UNIX, iso_type);

	lxt_raw_write_record(SYS_connect, connect_un(s, iso_name));
}

static void socket_family(void *arg)
{
	lxt_raw_write_record(SYS_socket, S(SYS_socket, (long)arg, SOCK_RAW, 0, 0, 0, 0));
}

/* A pico process of @inst that binds @name, listens, and waits on fd 0. */
static pid_t start_holder(int inst, const char *name, int *release)
{
	int in[2], out[2];
	char c;
	pid_t pid;

	if (pipe(in) || pipe(out))
		return -1;
	pid = fork();
	if (pid == 0) {
		long s;

		dup2(in[0], 0);
		dup2(out[1], 1);
		if (lxt_enter(inst))
			_exit(120);
		s = sock(AF_UNIX, SOCK_STREAM);
		if (bind_un(s, name) || S(SYS_listen, s, 4, 0, 0, 0, 0))
			lxt_raw_exit(1);
		lxt_write(1, "r", 1);
		lxt_read(0, &c, 1);
		lxt_raw_exit(0);
	}
	close(in[0]);
	close(out[1]);
	if (read(out[0], &c, 1) != 1)
		return -1;
	close(out[0]);
	*release = in[1];
	return pid;
}

TEST_F(sock, abstract_names_are_per_instance)
{
	struct lxt_outcome out;
	struct sockaddr_un u;
	int other, release, status, h;
	pid_t holder;

	if (lxt_native_only())
		SKIP(return, "pico only");
	other = lxt_create(self->dev, "sock-other");
	ASSERT_LE(0, other);
	holder = start_holder(self->inst, "@lxt-iso", &release);
	ASSERT_LT(0, holder);

	iso_name = "@lxt-iso";
	ASSERT_EQ(0, lxt_run_child(self->inst, connect_iso, NULL, 10, &out));
	EXPECT_STREQ("ok", out.text) TH_LOG("same instance");
	ASSERT_EQ(0, lxt_run_child(other, connect_iso, NULL, 10, &out));
	EXPECT_STREQ("errno=111", out.text) TH_LOG("another instance");
	h = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_EQ(-1, connect(h, (struct sockaddr *)&u, un_addr(&u, "@lxt-iso")));
	EXPECT_EQ(ECONNREFUSED, errno) TH_LOG("the host");
	close(h);

	close(release);
	waitpid(holder, &status, 0);
	EXPECT_EQ(0, status);
	/* Gone with its socket: the name may be bound again. */
	holder = start_holder(self->inst, "@lxt-iso", &release);
	ASSERT_LT(0, holder);
	close(release);
	waitpid(holder, &status, 0);
	EXPECT_EQ(0, status);
	close(other);
}

TEST_F(sock, host_sockets_are_unreachable)
{
	struct lxt_outcome out;
	struct sockaddr_un u;
	int h;

	if (lxt_native_only())
		SKIP(return, "pico only");
	/* A host abstract name, and a host path outside the instance's mounts. */
	h = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(h, (struct sockaddr *)&u, un_addr(&u, "@lxt-host-only")));
	ASSERT_EQ(0, listen(h, 4));
	iso_name = "@lxt-host-only";
	ASSERT_EQ(0, lxt_run_child(self->inst, connect_iso, NULL, 10, &out));
	EXPECT_STREQ("errno=111", out.text);
	close(h);

	unlink("/tmp/lxt-host.sock");
	h = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(h, (struct sockaddr *)&u, un_addr(&u, "/tmp/lxt-host.sock")));
	ASSERT_EQ(0, listen(h, 4));
	iso_name = "/tmp/lxt-host.sock";
	ASSERT_EQ(0, lxt_run_child(self->inst, connect_iso, NULL, 10, &out));
	EXPECT_STREQ("errno=2", out.text);
	close(h);
	unlink("/tmp/lxt-host.sock");
}

TEST_F(sock, families_lxcore_lacks_are_refused)
{
	struct lxt_outcome out;

	if (lxt_native_only())
		SKIP(return, "pico only");
	/* Not yet in lxcore: packet sockets (Linux would make them; netlink: netlink_test). */
	ASSERT_EQ(0, lxt_run_child(self->inst, socket_family, (void *)(long)AF_PACKET, 10, &out));
	EXPECT_STREQ("errno=97", out.text);
}

/* Everything a process may leave behind at exit: queued data, files in flight, backlogs. */
static void churn(void *arg)
{
	int sv[2], dv[2], p[2], t, d;
	long lsn, cli;

	for (t = SOCK_STREAM; t <= SOCK_SEQPACKET; t++) {
		if (t == SOCK_RAW || t == SOCK_RDM)
			continue;
		S(SYS_socketpair, AF_UNIX, t, 0, sv, 0, 0);
		lxt_pipe(p);
		send_fds(sv[0], p, 2, "pipe");
		send_fds(sv[0], sv, 2, "both ends");
		send_fds(sv[1], &sv[1], 1, "itself");
		lxt_write(sv[1], "unread", 6);
	}
	lsn = sock(AF_UNIX, SOCK_STREAM);
	bind_un(lsn, "@lxt-churn");
	S(SYS_listen, lsn, 8, 0, 0, 0, 0);
	for (t = 0; t < 3; t++) {
		cli = sock(AF_UNIX, SOCK_STREAM);
		connect_un(cli, "@lxt-churn");
		lxt_write(cli, "pending", 7);
	}
	S(SYS_accept, lsn, 0, 0, 0, 0, 0);
	d = sock(AF_UNIX, SOCK_DGRAM);
	bind_un(d, "churn.sock");
	S(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, dv, 0, 0);
	send_fds(dv[0], &d, 1, "dgram");
	/* A chain of 200 sockets, each in flight in the next one's queue. */
	for (t = 0, d = -1; t < 200; t++) {
		S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
		if (d >= 0) {
			send_fds(sv[0], &d, 1, "chain");
			lxt_close(d);
		}
		lxt_close(sv[0]);
		d = sv[1];
	}
	/* The name goes; the bound socket still holds its node until it closes. */
	S(SYS_unlink, "churn.sock", 0, 0, 0, 0, 0);
	lxt_raw_write_record(0, 0);
}

static int live_objects(int dev, unsigned long long *n)
{
	struct lxss_global g;

	if (lxt_global(dev, &g))
		return -1;
	*n = g.live_objects;
	return 0;
}

TEST_F(sock, nothing_is_left_behind)
{
	unsigned long long before, after = 0;
	struct lxt_outcome out;
	int i;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, live_objects(self->dev, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, churn, NULL, 20, &out));
	EXPECT_STREQ("ok", out.text);
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, live_objects(self->dev, &after));
		if (after == before)
			break;
		usleep(20000);
	}
	EXPECT_EQ(before, after);
}

TEST_F(sock, a_host_unix_socket_given_to_an_instance_is_only_a_file)
{
	int sv[2], out[2], status;
	char buf[128] = "";
	pid_t pid;
	ssize_t n;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	ASSERT_EQ(0, pipe(out));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sockaddr_un u;
		socklen_t len = sizeof(u);
		char c = 0;

		dup2(sv[1], 0);
		dup2(out[1], 1);
		if (lxt_enter(self->inst))
			_exit(120);
		lxt_say("getsockname", S(SYS_getsockname, 0, &u, &len, 0, 0, 0));
		lxt_say("connect", connect_un(0, "/tmp/lxt-anything"));
		lxt_say("bind", bind_un(0, "@lxt-anything"));
		lxt_say("read", lxt_read(0, &c, 1));
		lxt_say("write", lxt_write(0, "y", 1));
		lxt_raw_exit(0);
	}
	close(out[1]);
	ASSERT_EQ(1, write(sv[0], "x", 1));
	n = read(out[0], buf, sizeof(buf) - 1);
	while (n > 0 && (size_t)n < sizeof(buf) - 1) {
		ssize_t m = read(out[0], buf + n, sizeof(buf) - 1 - n);

		if (m <= 0)
			break;
		n += m;
	}
	waitpid(pid, &status, 0);
	EXPECT_STREQ("getsockname=-E88\nconnect=-E88\nbind=-E88\nread=1\nwrite=1\n", buf);
	EXPECT_EQ(1, read(sv[0], buf, 1));
	close(sv[0]);
	close(sv[1]);
	close(out[0]);
}

/* ---- stress (pico only): many processes connect, pass fds, close; nothing left ---- */

#define STRESS_CLIENTS	4
#define STRESS_ROUNDS	150

static int stress_sv[2];
static volatile long stress_thread_ret = 1;

static void stress_reader(void *arg)
{
	char c;

	stress_thread_ret = lxt_read(stress_sv[0], &c, 1);
}

static void stress(void *arg)
{
	static struct lxt_thread th;
	long lsn = sock(AF_UNIX, SOCK_STREAM), pid, i, k, a, bad = 0;
	char buf[64];

	if (bind_un(lsn, "@lxt-stress") || S(SYS_listen, lsn, 64, 0, 0, 0, 0))
		lxt_raw_exit(2);
	for (k = 0; k < STRESS_CLIENTS; k++) {
		pid = lxt_fork();
		if (pid == 0) {
			for (i = 0; i < STRESS_ROUNDS; i++) {
				int c = sock(AF_UNIX, SOCK_STREAM);

				memset(buf, 'a' + k, sizeof(buf));
				if (connect_un(c, "@lxt-stress"))
					lxt_raw_exit(3);
				if (i % 3 == 0)
					send_fds(c, &c, 1, "self");
				else if (lxt_write(c, buf, sizeof(buf)) != sizeof(buf))
					lxt_raw_exit(4);
				lxt_read(c, buf, sizeof(buf));
				lxt_close(c);
			}
			lxt_raw_exit(0);
		}
	}
	for (i = 0; i < STRESS_CLIENTS * STRESS_ROUNDS; i++) {
		a = S(SYS_accept, lsn, 0, 0, 0, 0, 0);
		if (a < 0) {
			bad++;
			continue;
		}
		/* Files that come with the data are dropped by read(2). */
		if (lxt_read(a, buf, sizeof(buf)) <= 0 || lxt_write(a, buf, 4) != 4)
			bad++;
		lxt_close(a);
	}
	for (k = 0; k < STRESS_CLIENTS; k++)
		if (lxt_wait(-1) != 0)
			bad++;
	/* A thread blocked in recv keeps the socket; the peer's close ends it. */
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, stress_sv, 0, 0);
	lxt_thread_start(&th, stress_reader, NULL);
	{
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		S(SYS_nanosleep, &ts, 0, 0, 0, 0, 0);
	}
	lxt_close(stress_sv[0]);
	lxt_close(stress_sv[1]);
	lxt_thread_join(&th);
	if (stress_thread_ret != 0)
		bad++;
	lxt_raw_write_record(0, bad ? -EIO : 0);
}

TEST_F(sock, stress_leaves_nothing_and_never_hangs)
{
	unsigned long long before, after = 0;
	struct lxt_outcome out;
	int i;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, live_objects(self->dev, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, stress, NULL, 120, &out));
	EXPECT_STREQ("ok", out.text);
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, live_objects(self->dev, &after));
		if (after == before)
			break;
		usleep(20000);
	}
	EXPECT_EQ(before, after);
}

TEST_HARNESS_MAIN
