// SPDX-License-Identifier: GPL-2.0
/*
 * test_proto.c - the lx <-> lxssd codec and transport: every message type
 * round trip, and every malformed, truncated, oversized or out-of-order
 * message refused with its own error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lxss_proto.h"
#include "lxss_wire.h"
#include "lxss_unit.h"

static uint8_t buf[LXP_BUF_SIZE + 64];
static struct lxp_msg in, out;

static int enc(const struct lxp_msg *m)
{
	int len = lxp_encode(m, buf, sizeof(buf));

	ck_assert_int_gt(len, 0);
	return len;
}

static void set_run(struct lxp_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = LXP_RUN;
	m->name = "deb-12";
	m->user = "alice";
	m->cwd = "/home/alice";
	m->flags = LXP_RUN_TTY;
	m->nenv = 2;
	m->env[0] = "A=1";
	m->env[1] = "TERM=xterm";
	m->nargv = 3;
	m->argv[0] = "sh";
	m->argv[1] = "-c";
	m->argv[2] = "";
}

START_TEST(run_round_trip)
{
	int len;

	set_run(&in);
	len = enc(&in);
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), 0);
	ck_assert_int_eq(out.type, LXP_RUN);
	ck_assert_str_eq(out.name, "deb-12");
	ck_assert_str_eq(out.user, "alice");
	ck_assert_str_eq(out.cwd, "/home/alice");
	ck_assert_uint_eq(out.flags, LXP_RUN_TTY);
	ck_assert_uint_eq(out.nenv, 2);
	ck_assert_str_eq(out.env[1], "TERM=xterm");
	ck_assert_ptr_null(out.env[2]);
	ck_assert_uint_eq(out.nargv, 3);
	ck_assert_str_eq(out.argv[2], "");
	ck_assert_ptr_null(out.argv[3]);
	ck_assert_uint_eq(lxp_fds_of(&out), 1);
}
END_TEST

START_TEST(every_type_round_trips)
{
	unsigned int t;

	for (t = 1; t < LXP_TYPE_END; t++) {
		int len;

		memset(&in, 0, sizeof(in));
		in.type = (uint16_t)t;
		in.name = "d";
		in.version = 1;
		in.code = t == LXP_ERROR ? ENOENT : 3;
		in.text = "why";
		in.hint = "what to do";
		in.nentries = 1;
		in.entries[0] = (struct lxp_entry){ "d", "/var/lib/lxss/d", "root",
						    LXP_STATE_RUNNING, 2 };
		in.nstats = 2;
		in.stats[0] = (struct lxp_stat){ 0, 5, 0, "read" };
		in.stats[1] = (struct lxp_stat){ 511, 0, 7, "" };
		in.total = 1ULL << 40;
		in.session = 9;
		len = enc(&in);
		ck_assert_msg(lxp_decode(buf, (size_t)len, &out) == 0, "type %s",
			      lxp_type_name(t));
		ck_assert_int_eq(out.type, t);
		/* re-encoding gives the same bytes */
		{
			static uint8_t again[LXP_BUF_SIZE];

			ck_assert_int_eq(lxp_encode(&out, again, sizeof(again)), len);
			ck_assert_mem_eq(again, buf, (size_t)len);
		}
	}
	ck_assert_uint_eq(out.type, LXP_FILE);
	ck_assert_uint_eq(lxp_fds_of(&out), 1);
}
END_TEST

START_TEST(list_and_stats_fields)
{
	memset(&in, 0, sizeof(in));
	in.type = LXP_LIST_REPLY;
	in.nentries = 1;
	in.entries[0] = (struct lxp_entry){ "a", "/p", "u", LXP_STATE_INSTALLED, 0 };
	ck_assert_int_eq(lxp_decode(buf, (size_t)enc(&in), &out), 0);
	ck_assert_str_eq(out.entries[0].path, "/p");
	ck_assert_uint_eq(out.entries[0].state, LXP_STATE_INSTALLED);

	memset(&in, 0, sizeof(in));
	in.type = LXP_STATS_REPLY;
	in.total = 10;
	in.total_unimpl = 3;
	in.nr_syscalls = 463;
	in.nstats = 1;
	in.stats[0] = (struct lxp_stat){ 139, 2, 2, "sysfs" };
	ck_assert_int_eq(lxp_decode(buf, (size_t)enc(&in), &out), 0);
	ck_assert_uint_eq(out.nr_syscalls, 463);
	ck_assert_uint_eq(out.stats[0].nr, 139);
	ck_assert_str_eq(out.stats[0].name, "sysfs");
}
END_TEST

START_TEST(every_truncation_is_refused)
{
	size_t n;
	int len;

	set_run(&in);
	len = enc(&in);
	for (n = 0; n < (size_t)len; n++) {
		int r = lxp_decode(buf, n, &out);

		ck_assert_msg(r == (n < LXP_HDR_SIZE ? -LXP_E_SHORT : -LXP_E_TRUNCATED),
			      "length %zu: %d", n, r);
	}
}
END_TEST

/* The payload size field says less than what follows: every cut is refused too. */
START_TEST(every_short_size_field_is_refused)
{
	size_t plen, n;
	int len, r;

	set_run(&in);
	len = enc(&in);
	plen = (size_t)len - LXP_HDR_SIZE;
	for (n = 0; n < plen; n++) {
		buf[8] = n & 0xff;
		buf[9] = (n >> 8) & 0xff;
		r = lxp_decode(buf, LXP_HDR_SIZE + n, &out);
		ck_assert_msg(r < 0, "payload cut to %zu decoded", n);
	}
}
END_TEST

START_TEST(trailing_bytes_are_refused)
{
	int len;

	set_run(&in);
	len = enc(&in);
	buf[len] = 0;
	ck_assert_int_eq(lxp_decode(buf, (size_t)len + 1, &out), -LXP_E_TRAILING);
	/* inside the declared payload, after the last field */
	buf[8]++;
	ck_assert_int_eq(lxp_decode(buf, (size_t)len + 1, &out), -LXP_E_TRAILING);
}
END_TEST

START_TEST(header_checks)
{
	unsigned int type;
	size_t plen;
	int len;

	memset(&in, 0, sizeof(in));
	in.type = LXP_OK;
	len = enc(&in);
	ck_assert_int_eq(len, LXP_HDR_SIZE);
	ck_assert_int_eq(lxp_decode_header(buf, LXP_HDR_SIZE, &type, &plen), 0);
	ck_assert_uint_eq(type, LXP_OK);
	ck_assert_uint_eq(plen, 0);
	buf[0] ^= 1;
	ck_assert_int_eq(lxp_decode(buf, LXP_HDR_SIZE, &out), -LXP_E_MAGIC);
	buf[0] ^= 1;
	buf[4] = 2;
	ck_assert_int_eq(lxp_decode(buf, LXP_HDR_SIZE, &out), -LXP_E_VERSION);
	buf[4] = 1;
	buf[6] = 0;
	ck_assert_int_eq(lxp_decode(buf, LXP_HDR_SIZE, &out), -LXP_E_TYPE);
	buf[6] = LXP_TYPE_END;
	ck_assert_int_eq(lxp_decode(buf, LXP_HDR_SIZE, &out), -LXP_E_TYPE);
	buf[6] = 0xff;
	buf[7] = 0xff;
	ck_assert_int_eq(lxp_decode(buf, LXP_HDR_SIZE, &out), -LXP_E_TYPE);
	buf[6] = LXP_OK;
	buf[7] = 0;
	/* oversized: refused from the header alone, before any payload is read */
	buf[8] = 1;
	buf[10] = 1;		/* 65537 */
	ck_assert_int_eq(lxp_decode_header(buf, LXP_HDR_SIZE, &type, &plen), -LXP_E_SIZE);
	buf[11] = 0xff;
	ck_assert_int_eq(lxp_decode(buf, LXP_HDR_SIZE, &out), -LXP_E_SIZE);
}
END_TEST

/* Find @needle in the encoded message, so a test can corrupt one field. */
static uint8_t *find(int len, const char *needle)
{
	size_t n = strlen(needle);
	int i;

	for (i = 0; i + (int)n <= len; i++)
		if (!memcmp(buf + i, needle, n))
			return buf + i;
	ck_abort_msg("%s not in the message", needle);
	return NULL;
}

START_TEST(bad_strings_are_refused)
{
	uint8_t *p;
	int len;

	set_run(&in);
	len = enc(&in);
	p = find(len, "alice");
	p[5] = 'x';		/* the NUL after "alice" */
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_STRING);
	p[5] = 0;
	p[2] = 0;		/* a NUL inside */
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_STRING);
	p[2] = 'i';
	p[-2] = 0xff;		/* length 0x..ff: past the end or too long */
	p[-1] = 0xff;
	ck_assert_int_lt(lxp_decode(buf, (size_t)len, &out), 0);
	p[-2] = 0x00;
	p[-1] = 0x10;		/* 4096 > LXP_MAX_STR */
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_STRING);
}
END_TEST

START_TEST(bad_fields_are_refused)
{
	uint8_t *p;
	int len;

	/* a name the module would refuse */
	set_run(&in);
	len = enc(&in);
	p = find(len, "deb-12");
	p[3] = '/';
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);
	/* the encoder refuses it too */
	in.name = "a/b";
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);
	in.name = "";
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);
	/* names that would be ".", ".." or hidden under the state directory */
	in.name = "..";
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);
	in.name = "deb-12";
	len = enc(&in);
	p = find(len, "deb-12");
	memcpy(p - 2, "\x02\x00..\0", 5);	/* length 2, "..", NUL: 4 bytes shorter */
	memmove(p + 3, p + 7, (size_t)len - (size_t)(p + 7 - buf));
	len -= 4;
	buf[8] = (uint8_t)((len - LXP_HDR_SIZE) & 0xff);
	buf[9] = (uint8_t)((len - LXP_HDR_SIZE) >> 8);
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);
	ck_assert(!lxp_valid_distro("."));
	ck_assert(!lxp_valid_distro(".hidden"));
	ck_assert(lxp_valid_distro("a.b"));

	/* an env entry without '=' */
	set_run(&in);
	len = enc(&in);
	p = find(len, "A=1");
	p[1] = 'x';
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);

	/* unknown flag bits */
	memset(&in, 0, sizeof(in));
	in.type = LXP_LIST;
	len = enc(&in);
	buf[LXP_HDR_SIZE + 1] = 1;
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);
	in.flags = 0x80;
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);

	/* an exit status outside 0..255, an error code <= 0 */
	memset(&in, 0, sizeof(in));
	in.type = LXP_EXIT;
	in.code = 255;
	len = enc(&in);
	buf[LXP_HDR_SIZE + 1] = 1;
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);
	in.type = LXP_ERROR;
	in.code = 0;
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);

	/* HELLO version 0 */
	memset(&in, 0, sizeof(in));
	in.type = LXP_HELLO;
	in.version = 1;
	len = enc(&in);
	buf[LXP_HDR_SIZE] = 0;
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);
}
END_TEST

START_TEST(bad_counts_are_refused)
{
	int len;

	/* more argv than LXP_MAX_ARGS: encoder and decoder */
	set_run(&in);
	in.nargv = LXP_MAX_ARGS + 1;
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);
	set_run(&in);
	in.nargv = 0;
	in.nenv = 0;
	len = enc(&in);
	/* the argv count is the last u16 */
	buf[len - 2] = (LXP_MAX_ARGS + 1) & 0xff;
	buf[len - 1] = (LXP_MAX_ARGS + 1) >> 8;
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);
	/* a count that promises items that are not there */
	buf[len - 2] = 5;
	buf[len - 1] = 0;
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_TRUNCATED);

	/* a list reply with a bad state, a stats row past the counters */
	memset(&in, 0, sizeof(in));
	in.type = LXP_LIST_REPLY;
	in.nentries = 1;
	in.entries[0] = (struct lxp_entry){ "a", "/p", "u", LXP_STATE_END, 0 };
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);
	memset(&in, 0, sizeof(in));
	in.type = LXP_STATS_REPLY;
	in.nstats = 1;
	in.stats[0] = (struct lxp_stat){ LXSS_NR_COUNTERS, 1, 1, "x" };
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_FIELD);
	in.stats[0].nr = 1;
	len = enc(&in);
	buf[LXP_HDR_SIZE + 20 + 2 + 1] = 0x02;	/* nr = 0x201 */
	ck_assert_int_eq(lxp_decode(buf, (size_t)len, &out), -LXP_E_FIELD);
}
END_TEST

START_TEST(encoder_never_overflows)
{
	static uint8_t small[64];
	size_t cap;
	int len;

	set_run(&in);
	len = enc(&in);
	for (cap = 0; cap < (size_t)len; cap++)
		ck_assert_int_eq(lxp_encode(&in, small, cap < sizeof(small) ? cap : 0),
				 -LXP_E_NOSPC);
}
END_TEST

START_TEST(oversized_message_is_refused_by_encoder)
{
	static char big[LXP_MAX_STR + 2];
	unsigned int i;

	set_run(&in);
	memset(big, 'a', LXP_MAX_STR);
	in.nargv = LXP_MAX_ARGS;
	for (i = 0; i < in.nargv; i++)
		in.argv[i] = big;
	ck_assert_int_lt(lxp_encode(&in, buf, sizeof(buf)), 0);
	/* one byte too long for a string */
	big[LXP_MAX_STR] = 'a';
	in.nargv = 1;
	ck_assert_int_eq(lxp_encode(&in, buf, sizeof(buf)), -LXP_E_STRING);
}
END_TEST

START_TEST(conversation_order)
{
	struct lxp_conv c = { 0 };

	/* a request before HELLO, a server message first */
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_LIST), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_HELLO), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_HELLO), 0);
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_HELLO), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_HELLO), 0);
	/* a reply type from the client, a server reply before the request */
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_OK), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_OK), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_RUN), 0);
	/* a second request; EXIT before STARTED; the wrong answer */
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_LIST), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_EXIT), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_LIST_REPLY), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_STARTED), 0);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_STARTED), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_EXIT), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_EXIT), 0);
	ck_assert_int_eq(c.state, LXP_CONV_DONE);
	/* nothing after the end */
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_EXIT), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_HELLO), -LXP_E_ORDER);

	/* each request has its one answer; ERROR ends any */
	memset(&c, 0, sizeof(c));
	lxp_conv_step(&c, 1, LXP_HELLO);
	lxp_conv_step(&c, 0, LXP_HELLO);
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_EXPORT), 0);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_OK), -LXP_E_ORDER);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_FILE), 0);
	memset(&c, 0, sizeof(c));
	lxp_conv_step(&c, 1, LXP_HELLO);
	ck_assert_int_eq(lxp_conv_step(&c, 0, LXP_ERROR), 0);
	ck_assert_int_eq(lxp_conv_step(&c, 1, LXP_LIST), -LXP_E_ORDER);
}
END_TEST

/* ---- the transport over a socketpair ---- */

static struct lxp_peer cli, srv;

static void pair(void)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	memset(&cli, 0, sizeof(cli));
	memset(&srv, 0, sizeof(srv));
	cli.sock = sv[0];
	cli.is_client = 1;
	srv.sock = sv[1];
}

static int fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

START_TEST(wire_run_with_fds)
{
	struct lxp_msg hello = { .type = LXP_HELLO, .version = 1 };
	int fds[3], got[LXP_MAX_FDS], p[2];

	pair();
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(lxp_send(&cli, &hello, NULL), 0);
	ck_assert_int_eq(lxp_recv(&srv, &out, got), 0);
	ck_assert_int_eq(lxp_send(&srv, &hello, NULL), 0);
	ck_assert_int_eq(lxp_recv(&cli, &out, got), 0);
	set_run(&in);
	in.flags = 0;
	fds[0] = p[0];
	fds[1] = fds[2] = p[1];
	ck_assert_int_eq(lxp_send(&cli, &in, fds), 0);
	ck_assert_int_eq(lxp_recv(&srv, &out, got), 0);
	ck_assert_uint_eq(out.nargv, 3);
	/* the received fds are the pipe */
	ck_assert_int_eq(write(got[1], "x", 1), 1);
	{
		char c;

		ck_assert_int_eq(read(p[0], &c, 1), 1);
		ck_assert_int_eq(c, 'x');
	}
	ck_assert(fcntl(got[0], F_GETFD) & FD_CLOEXEC);
	close(got[0]);
	close(got[1]);
	close(got[2]);
	/* the server may not send a second HELLO; the client no second request */
	ck_assert_int_eq(lxp_send(&srv, &hello, NULL), LXP_E_ORDER);
	close(p[0]);
	close(p[1]);
	close(cli.sock);
	close(srv.sock);
}
END_TEST

/* Raw bytes (and fds) from the client side, bypassing its checks. */
static void raw_send(const void *b, size_t n, const int *fds, int nfds)
{
	union {
		char c[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { (void *)b, n };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (nfds) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.c;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	ck_assert_int_eq(sendmsg(cli.sock, &mh, 0), (ssize_t)n);
}

START_TEST(wire_wrong_fd_count_is_refused_and_closed)
{
	struct lxp_msg hello = { .type = LXP_HELLO, .version = 1 };
	int got[LXP_MAX_FDS], p[2], fds[2];
	int len;

	pair();
	ck_assert_int_eq(pipe(p), 0);
	/* HELLO carries no fd: two sent with it are refused and closed */
	len = lxp_encode(&hello, buf, sizeof(buf));
	fds[0] = p[0];
	fds[1] = p[1];
	raw_send(buf, (size_t)len, fds, 2);
	close(p[1]);
	ck_assert_int_eq(lxp_recv(&srv, &out, got), LXP_E_FDS);
	/* the receiver's copies are gone: the pipe has no writer left */
	{
		char c;

		ck_assert_int_eq(read(p[0], &c, 1), 0);
	}
	close(p[0]);
	close(cli.sock);
	close(srv.sock);
}
END_TEST

START_TEST(wire_garbage_and_eof)
{
	static const uint8_t junk[LXP_HDR_SIZE] = "GET / HTTP/";
	struct lxp_msg hello = { .type = LXP_HELLO, .version = 1 };
	int got[LXP_MAX_FDS], len;

	pair();
	raw_send(junk, sizeof(junk), NULL, 0);
	ck_assert_int_eq(lxp_recv(&srv, &out, got), LXP_E_MAGIC);
	close(cli.sock);
	close(srv.sock);

	/* a message cut by the peer's close */
	pair();
	len = lxp_encode(&hello, buf, sizeof(buf));
	raw_send(buf, (size_t)len - 1, NULL, 0);
	close(cli.sock);
	errno = 0;
	ck_assert_int_eq(lxp_recv(&srv, &out, got), -1);
	ck_assert_int_eq(errno, EPIPE);
	close(srv.sock);

	/* a request before HELLO */
	pair();
	memset(&in, 0, sizeof(in));
	in.type = LXP_LIST;
	len = lxp_encode(&in, buf, sizeof(buf));
	raw_send(buf, (size_t)len, NULL, 0);
	ck_assert_int_eq(lxp_recv(&srv, &out, got), LXP_E_ORDER);
	close(cli.sock);
	close(srv.sock);
	(void)fd_open;
}
END_TEST

Suite *proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *codec = tcase_create("codec");
	TCase *wire = tcase_create("wire");

	tcase_add_test(codec, run_round_trip);
	tcase_add_test(codec, every_type_round_trips);
	tcase_add_test(codec, list_and_stats_fields);
	tcase_add_test(codec, every_truncation_is_refused);
	tcase_add_test(codec, every_short_size_field_is_refused);
	tcase_add_test(codec, trailing_bytes_are_refused);
	tcase_add_test(codec, header_checks);
	tcase_add_test(codec, bad_strings_are_refused);
	tcase_add_test(codec, bad_fields_are_refused);
	tcase_add_test(codec, bad_counts_are_refused);
	tcase_add_test(codec, encoder_never_overflows);
	tcase_add_test(codec, oversized_message_is_refused_by_encoder);
	tcase_add_test(codec, conversation_order);
	suite_add_tcase(s, codec);
	tcase_add_test(wire, wire_run_with_fds);
	tcase_add_test(wire, wire_wrong_fd_count_is_refused_and_closed);
	tcase_add_test(wire, wire_garbage_and_eof);
	suite_add_tcase(s, wire);
	return s;
}
