// SPDX-License-Identifier: GPL-2.0
/*
 * splice, tee, vmsplice, sendfile and MSG_OOB, differential: each body runs
 * natively (in a fresh host directory) and as a pico process (at the root
 * of an instance tmpfs), with raw syscalls; outputs must equal Linux 6.1's
 * and each other. Pipes and AF_UNIX sockets are lxcore's own objects, TCP
 * sockets are host sockets, files are LxVfs tmpfs files.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include "lxtest.h"
#include "kselftest_harness.h"

#define S(nr, a, b, c, d, e, f) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), \
					     (long)(d), (long)(e), (long)(f))

#define F_NONBLOCK	2	/* SPLICE_F_NONBLOCK */
#define F_MORE		4	/* SPLICE_F_MORE */

static void fresh_dir(void *arg)
{
	char tmpl[] = "/tmp/lxsplice.XXXXXX";

	if (!mkdtemp(tmpl) || chdir(tmpl))
		_exit(125);
	umask(022);
	signal(SIGPIPE, SIG_IGN);
}

#define DIFF(...) do {							\
	static const struct lxt_case case_ = { .setup = fresh_dir, __VA_ARGS__ }; \
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

#define DIFF_SETUP(...) do {						\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	ASSERT_EQ(0, lxt_diff(self->inst, &case_));			\
} while (0)

static long splice_(long in, loff_t *oin, long out, loff_t *oout, long len, long flags)
{
	return S(SYS_splice, in, oin, out, oout, len, flags);
}

static long tee_(long in, long out, long len, long flags)
{
	return S(SYS_tee, in, out, len, flags, 0, 0);
}

static long vmsplice_(long fd, const struct iovec *iov, long n, long flags)
{
	return S(SYS_vmsplice, fd, iov, n, flags, 0, 0);
}

static long sendfile_(long out, long in, loff_t *off, long count)
{
	return S(SYS_sendfile, out, in, off, count, 0, 0);
}

static long open_(const char *name, long flags)
{
	return S(SYS_openat, AT_FDCWD, name, flags, 0644, 0, 0);
}

static long seek_(long fd, long off, long whence)
{
	return S(SYS_lseek, fd, off, whence, 0, 0, 0);
}

static long sock(long fam, long type)
{
	return S(SYS_socket, fam, type, 0, 0, 0, 0);
}

static long send_(long fd, const void *b, long n, long flags)
{
	return S(SYS_sendto, fd, b, n, flags, 0, 0);
}

static long recv_(long fd, void *b, long n, long flags)
{
	return S(SYS_recvfrom, fd, b, n, flags, 0, 0);
}

static unsigned char pattern(unsigned long i)
{
	return (unsigned char)(i * 7 + i / 4093);
}

static unsigned char big[1 << 16];
static unsigned char gift[1 << 16] __attribute__((aligned(4096)));

/* A file of @size pattern bytes; the fd, read-write, at position 0. */
static long make_file(const char *name, unsigned long size)
{
	long fd = open_(name, O_RDWR | O_CREAT | O_TRUNC);
	unsigned long off = 0, i;

	while (off < size) {
		unsigned long n = size - off < sizeof(big) ? size - off : sizeof(big);

		for (i = 0; i < n; i++)
			big[i] = pattern(off + i);
		if (lxt_write(fd, big, n) != (long)n)
			return -1;
		off += n;
	}
	seek_(fd, 0, SEEK_SET);
	return fd;
}

/* Read @fd to its end (or @max bytes); says how many and whether they are the pattern from @start. */
static void check_stream(const char *tag, long fd, unsigned long start, unsigned long max)
{
	unsigned long total = 0, bad = 0, i;
	struct lxt_line l = { .n = 0 };
	long n;

	while (total < max) {
		unsigned long want = max - total < sizeof(big) ? max - total : sizeof(big);

		n = lxt_read(fd, big, want);
		if (n <= 0)
			break;
		for (i = 0; i < (unsigned long)n; i++)
			bad += big[i] != pattern(start + total + i);
		total += n;
	}
	lxt_put_str(&l, tag);
	lxt_put_str(&l, "=");
	lxt_put_ulong(&l, total, 10);
	lxt_put_str(&l, bad ? " bad" : " good");
	lxt_put_end(&l);
}

/* A connected TCP loopback pair: *c the client, *s the accepted end. */
static void tcp_pair(long *c, long *s)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	long lsn = sock(AF_INET, SOCK_STREAM);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	S(SYS_bind, lsn, &a, sizeof(a), 0, 0, 0);
	S(SYS_listen, lsn, 1, 0, 0, 0, 0);
	S(SYS_getsockname, lsn, &a, &len, 0, 0, 0);
	*c = sock(AF_INET, SOCK_STREAM);
	S(SYS_connect, *c, &a, sizeof(a), 0, 0, 0);
	*s = S(SYS_accept4, lsn, 0, 0, 0, 0, 0);
	lxt_close(lsn);
}

/* ---- errors ---- */

static void errors(void *arg)
{
	int p[2], q[2], np[2], sv[2];
	loff_t off = 0, neg = -1;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	long f, ro, app, dir;
	char c;

	lxt_pipe(p);
	lxt_pipe(q);
	lxt_pipe2(np, O_NONBLOCK);
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	f = make_file("f", 100);
	ro = open_("f", O_RDONLY);
	app = open_("f", O_WRONLY | O_APPEND);
	S(SYS_mkdirat, AT_FDCWD, "d", 0755, 0, 0, 0);
	dir = open_("d", O_RDONLY | O_DIRECTORY);

	lxt_say("len0", splice_(99, NULL, 98, NULL, 0, 0));
	lxt_say("bad_flags", splice_(f, NULL, p[1], NULL, 1, 0x100));
	lxt_say("ebadf_in", splice_(99, NULL, p[1], NULL, 1, 0));
	lxt_say("ebadf_out", splice_(f, NULL, 99, NULL, 1, 0));
	lxt_say("no_pipe", splice_(f, NULL, f, NULL, 1, 0));
	lxt_say("same_pipe", splice_(p[0], NULL, p[1], NULL, 1, 0));
	lxt_say("espipe_in", splice_(p[0], &off, f, NULL, 1, 0));
	lxt_say("espipe_out", splice_(f, NULL, p[1], &off, 1, 0));
	lxt_say("espipe_both", splice_(p[0], &off, q[1], NULL, 1, 0));
	lxt_say("write_end_in", splice_(p[1], NULL, f, NULL, 1, 0));
	lxt_say("read_end_out", splice_(f, NULL, p[0], NULL, 1, 0));
	lxt_say("ro_out", splice_(p[0], NULL, ro, NULL, 1, 0));
	lxt_say("append_out", splice_(p[0], NULL, app, NULL, 1, 0));
	lxt_say("neg_off_out", splice_(p[0], NULL, f, &neg, 1, 0));
	lxt_say("neg_off_in", splice_(f, &neg, p[1], NULL, 1, 0));
	lxt_say("efault_off", splice_(f, (loff_t *)8, p[1], NULL, 1, 0));
	lxt_say("sock_off_in", splice_(sv[0], &off, p[1], NULL, 1, 0));
	lxt_say("dir_in", splice_(dir, NULL, p[1], NULL, 1, 0));
	lxt_say("eagain_flag", splice_(p[0], NULL, f, NULL, 1, F_NONBLOCK));
	lxt_say("eagain_pipe_pipe", splice_(p[0], NULL, q[1], NULL, 1, F_NONBLOCK));
	lxt_say("eagain_o_nonblock", splice_(np[0], NULL, f, NULL, 1, 0));
	lxt_say("eagain_sock", splice_(sv[0], NULL, p[1], NULL, 1, F_NONBLOCK));
	lxt_close(sv[1]);
	lxt_say("sock_eof", splice_(sv[0], NULL, p[1], NULL, 1, 0));
	/* A full pipe: EAGAIN with SPLICE_F_NONBLOCK or an O_NONBLOCK pipe. */
	while (lxt_write(np[1], big, sizeof(big)) > 0)
		;
	lxt_say("full_o_nonblock", splice_(f, NULL, np[1], NULL, 1, 0));
	lxt_say("full_pipe_pipe", splice_(p[0], NULL, np[1], NULL, 1, 0));
	/* No reader: EPIPE (SIGPIPE ignored). */
	lxt_close(q[0]);
	lxt_say("epipe_file", splice_(f, NULL, q[1], NULL, 1, 0));
	lxt_write(p[1], "a", 1);
	lxt_say("epipe_pipe", splice_(p[0], NULL, q[1], NULL, 1, 0));
	lxt_say("epipe_tee", tee_(p[0], q[1], 1, 0));
	lxt_read(p[0], &c, 1);
	lxt_say("f_pos_untouched", seek_(f, 0, SEEK_CUR));

	lxt_pipe(q);
	lxt_say("tee_bad_flags", tee_(p[0], q[1], 1, 0x100));
	lxt_say("tee_len0", tee_(99, 98, 0, 0));
	lxt_say("tee_ebadf", tee_(99, q[1], 1, 0));
	lxt_say("tee_same", tee_(p[0], p[1], 1, 0));
	lxt_say("tee_file", tee_(f, q[1], 1, 0));
	lxt_say("tee_wrong_ends", tee_(p[1], q[0], 1, 0));
	lxt_say("tee_eagain", tee_(p[0], q[1], 1, F_NONBLOCK));

	lxt_say("vm_bad_flags", vmsplice_(p[1], &iov, 1, 0x100));
	lxt_say("vm_ebadf", vmsplice_(99, &iov, 1, 0));
	lxt_say("vm_file", vmsplice_(f, &iov, 1, 0));
	lxt_say("vm_len0", vmsplice_(f, NULL, 0, 0));
	lxt_say("vm_einval_segs", vmsplice_(p[1], &iov, 100000, 0));
	lxt_say("vm_eagain_in", vmsplice_(p[0], &iov, 1, F_NONBLOCK));
	lxt_say("vm_eagain_out", vmsplice_(np[1], &iov, 1, F_NONBLOCK));
	lxt_say("vm_efault", vmsplice_(p[1], (struct iovec *)8, 1, 0));

	lxt_say("sf_ebadf_in", sendfile_(p[1], 99, NULL, 1));
	lxt_say("sf_ebadf_out", sendfile_(99, f, NULL, 1));
	lxt_say("sf_write_end_in", sendfile_(f, p[1], NULL, 1));
	lxt_say("sf_espipe", sendfile_(f, sv[0], &off, 1));
	lxt_say("sf_from_sock", sendfile_(f, sv[0], NULL, 1));
	lxt_say("sf_from_pipe", sendfile_(f, p[0], NULL, 1));
	lxt_say("sf_pipe_to_pipe", sendfile_(q[1], p[0], NULL, 1));
	lxt_say("sf_append", sendfile_(app, f, NULL, 1));
	lxt_say("sf_ro_out", sendfile_(ro, f, NULL, 1));
	lxt_say("sf_neg_off", sendfile_(q[1], f, &neg, 1));
	lxt_say("sf_count0", sendfile_(q[1], f, NULL, 0));
	lxt_say("sf_full_nonblock", sendfile_(np[1], f, NULL, 1));
}

#define ERRORS_OUT \
	"len0=0\n" \
	"bad_flags=-EINVAL\n" \
	"ebadf_in=-EBADF\n" \
	"ebadf_out=-EBADF\n" \
	"no_pipe=-EINVAL\n" \
	"same_pipe=-EINVAL\n" \
	"espipe_in=-ESPIPE\n" \
	"espipe_out=-ESPIPE\n" \
	"espipe_both=-ESPIPE\n" \
	"write_end_in=-EBADF\n" \
	"read_end_out=-EBADF\n" \
	"ro_out=-EBADF\n" \
	"append_out=-EINVAL\n" \
	"neg_off_out=-EINVAL\n" \
	"neg_off_in=-EINVAL\n" \
	"efault_off=-EFAULT\n" \
	"sock_off_in=-EINVAL\n" \
	"dir_in=-EINVAL\n" \
	"eagain_flag=-EAGAIN\n" \
	"eagain_pipe_pipe=-EAGAIN\n" \
	"eagain_o_nonblock=-EAGAIN\n" \
	"eagain_sock=-EAGAIN\n" \
	"sock_eof=0\n" \
	"full_o_nonblock=-EAGAIN\n" \
	"full_pipe_pipe=-EAGAIN\n" \
	"epipe_file=-EPIPE\n" \
	"epipe_pipe=-EPIPE\n" \
	"epipe_tee=-EPIPE\n" \
	"f_pos_untouched=0\n" \
	"tee_bad_flags=-EINVAL\n" \
	"tee_len0=0\n" \
	"tee_ebadf=-EBADF\n" \
	"tee_same=-EINVAL\n" \
	"tee_file=-EINVAL\n" \
	"tee_wrong_ends=-EBADF\n" \
	"tee_eagain=-EAGAIN\n" \
	"vm_bad_flags=-EINVAL\n" \
	"vm_ebadf=-EBADF\n" \
	"vm_file=-EBADF\n" \
	"vm_len0=0\n" \
	"vm_einval_segs=-EINVAL\n" \
	"vm_eagain_in=-EAGAIN\n" \
	"vm_eagain_out=-EAGAIN\n" \
	"vm_efault=-EFAULT\n" \
	"sf_ebadf_in=-EBADF\n" \
	"sf_ebadf_out=-EBADF\n" \
	"sf_write_end_in=-EBADF\n" \
	"sf_espipe=-ESPIPE\n" \
	"sf_from_sock=-EINVAL\n" \
	"sf_from_pipe=-EINVAL\n" \
	"sf_pipe_to_pipe=-EINVAL\n" \
	"sf_append=-EINVAL\n" \
	"sf_ro_out=-EBADF\n" \
	"sf_neg_off=-EINVAL\n" \
	"sf_count0=0\n" \
	"sf_full_nonblock=-EAGAIN\n"

/* ---- data through files and pipes ---- */

static void files(void *arg)
{
	int p[2], q[2];
	loff_t off = 100, oout = 10;
	long src, dst;
	char buf[64];

	lxt_pipe(p);
	lxt_pipe(q);
	src = make_file("src", 200000);
	dst = open_("dst", O_RDWR | O_CREAT | O_TRUNC);
	/* file -> pipe with an offset: the offset moves, the position does not */
	lxt_say("in_off", splice_(src, &off, p[1], NULL, 5000, F_MORE | 1));
	lxt_say("off_after", off);
	lxt_say("src_pos", seek_(src, 0, SEEK_CUR));
	/* pipe -> file at its position, then at an offset */
	lxt_say("out_pos", splice_(p[0], NULL, dst, NULL, 3000, 0));
	lxt_say("dst_pos", seek_(dst, 0, SEEK_CUR));
	lxt_say("out_off", splice_(p[0], NULL, dst, &oout, 3000, 0));
	lxt_say("oout_after", oout);
	lxt_say("dst_pos2", seek_(dst, 0, SEEK_CUR));
	seek_(dst, 10, SEEK_SET);
	check_stream("dst_data", dst, 100 + 3000, 2000);
	/* without an offset, from the file's position; a short file is short */
	seek_(src, 199990, SEEK_SET);
	lxt_say("tail", splice_(src, NULL, p[1], NULL, 100, 0));
	lxt_say("src_pos2", seek_(src, 0, SEEK_CUR));
	lxt_say("eof", splice_(src, NULL, p[1], NULL, 100, 0));
	check_stream("tail_data", p[0], 199990, 10);
	/* the pipe's capacity bounds one splice, page-aligned or not */
	off = 0;
	lxt_say("cap_aligned", splice_(src, &off, p[1], NULL, 1 << 20, 0));
	lxt_say("cap_full", splice_(src, &off, p[1], NULL, 1 << 20, F_NONBLOCK));
	check_stream("cap_data", p[0], 0, 65536);
	off = 100;
	lxt_say("cap_unaligned", splice_(src, &off, p[1], NULL, 1 << 20, 0));
	/* pipe -> pipe moves, leaving the rest */
	lxt_say("pipe_pipe", splice_(p[0], NULL, q[1], NULL, 5000, 0));
	check_stream("moved", q[0], 100, 5000);
	lxt_say("pipe_pipe_rest", splice_(p[0], NULL, q[1], NULL, 1 << 20, 0));
	check_stream("moved_rest", q[0], 5100, 65436 - 5000);
	/* tee copies without consuming */
	lxt_write(p[1], "abcdef", 6);
	lxt_say("tee", tee_(p[0], q[1], 4, 0));
	lxt_say_data("tee_copy", buf, lxt_read(q[0], buf, sizeof(buf)));
	lxt_say_data("tee_orig", buf, lxt_read(p[0], buf, sizeof(buf)));
	lxt_write(p[1], "xyz", 3);
	lxt_write(p[1], "123", 3);
	lxt_say("tee_all", tee_(p[0], q[1], 100, 0));
	lxt_say_data("tee_all_copy", buf, lxt_read(q[0], buf, sizeof(buf)));
	lxt_say_data("tee_all_orig", buf, lxt_read(p[0], buf, sizeof(buf)));
	lxt_close(p[1]);
	lxt_say("tee_eof", tee_(p[0], q[1], 100, 0));
	lxt_say("splice_eof", splice_(p[0], NULL, q[1], NULL, 100, 0));
}

#define FILES_OUT \
	"in_off=5000\n" \
	"off_after=5100\n" \
	"src_pos=0\n" \
	"out_pos=3000\n" \
	"dst_pos=3000\n" \
	"out_off=2000\n" \
	"oout_after=2010\n" \
	"dst_pos2=3000\n" \
	"dst_data=2000 good\n" \
	"tail=10\n" \
	"src_pos2=200000\n" \
	"eof=0\n" \
	"tail_data=10 good\n" \
	"cap_aligned=65536\n" \
	"cap_full=-EAGAIN\n" \
	"cap_data=65536 good\n" \
	"cap_unaligned=65436\n" \
	"pipe_pipe=5000\n" \
	"moved=5000 good\n" \
	"pipe_pipe_rest=60436\n" \
	"moved_rest=60436 good\n" \
	"tee=4\n" \
	"tee_copy=4 'abcd'\n" \
	"tee_orig=6 'abcdef'\n" \
	"tee_all=6\n" \
	"tee_all_copy=6 'xyz123'\n" \
	"tee_all_orig=6 'xyz123'\n" \
	"tee_eof=0\n" \
	"splice_eof=0\n"

/* ---- copy_file_range ---- */

static long cfr(long in, loff_t *oin, long out, loff_t *oout, long len, long flags)
{
	return S(SYS_copy_file_range, in, oin, out, oout, len, flags);
}

static void copies(void *arg)
{
	loff_t oin = 100, oout = 0;
	long src, dst, ro, app, dir;
	int p[2];

	lxt_pipe(p);
	src = make_file("src", 20000);
	dst = open_("dst", O_RDWR | O_CREAT | O_TRUNC);
	ro = open_("src", O_RDONLY);
	app = open_("dst", O_WRONLY | O_APPEND);
	S(SYS_mkdirat, AT_FDCWD, "d", 0755, 0, 0, 0);
	dir = open_("d", O_RDONLY | O_DIRECTORY);

	lxt_say("offsets", cfr(src, &oin, dst, &oout, 5000, 0));
	lxt_say("oin", oin);
	lxt_say("oout", oout);
	lxt_say("src_pos", seek_(src, 0, SEEK_CUR));
	lxt_say("dst_pos", seek_(dst, 0, SEEK_CUR));
	check_stream("offsets_data", dst, 100, 5000);
	seek_(src, 19000, SEEK_SET);
	lxt_say("positions", cfr(src, NULL, dst, NULL, 5000, 0));
	lxt_say("src_pos2", seek_(src, 0, SEEK_CUR));
	lxt_say("dst_pos2", seek_(dst, 0, SEEK_CUR));
	lxt_say("at_end", cfr(src, NULL, dst, NULL, 5000, 0));
	seek_(dst, 5000, SEEK_SET);
	check_stream("positions_data", dst, 19000, 1000);
	oin = 0;
	oout = 10000;
	lxt_say("same_file", cfr(src, &oin, src, &oout, 5000, 0));
	oout = 2000;
	lxt_say("overlap", cfr(src, &oin, src, &oout, 5000, 0));
	lxt_say("flags", cfr(src, &oin, dst, &oout, 1, 1));
	lxt_say("ebadf", cfr(99, NULL, dst, NULL, 1, 0));
	lxt_say("ebadf_out", cfr(src, NULL, 99, NULL, 1, 0));
	lxt_say("efault", cfr(src, (loff_t *)8, dst, NULL, 1, 0));
	lxt_say("ro_out", cfr(src, &oin, ro, NULL, 1, 0));
	lxt_say("append_out", cfr(src, &oin, app, NULL, 1, 0));
	lxt_say("dir", cfr(dir, NULL, dst, NULL, 1, 0));
	lxt_say("pipe", cfr(p[0], NULL, dst, NULL, 1, 0));
	lxt_say("wrong_end", cfr(app, &oin, dst, NULL, 1, 0));
	oin = -1;
	lxt_say("neg", cfr(src, &oin, dst, NULL, 1, 0));	/* wraps: EOVERFLOW */
	lxt_say("neg_out", cfr(src, NULL, dst, &oin, 1, 0));
	lxt_say("len0", cfr(src, NULL, dst, NULL, 0, 0));
}

#define COPIES_OUT \
	"offsets=5000\n" \
	"oin=5100\n" \
	"oout=5000\n" \
	"src_pos=0\n" \
	"dst_pos=0\n" \
	"offsets_data=5000 good\n" \
	"positions=1000\n" \
	"src_pos2=20000\n" \
	"dst_pos2=6000\n" \
	"at_end=0\n" \
	"positions_data=1000 good\n" \
	"same_file=5000\n" \
	"overlap=-EINVAL\n" \
	"flags=-EINVAL\n" \
	"ebadf=-EBADF\n" \
	"ebadf_out=-EBADF\n" \
	"efault=-EFAULT\n" \
	"ro_out=-EBADF\n" \
	"append_out=-EBADF\n" \
	"dir=-EISDIR\n" \
	"pipe=-EINVAL\n" \
	"wrong_end=-EBADF\n" \
	"neg=-E75\n" \
	"neg_out=-E75\n" \
	"len0=0\n"

/* ---- vmsplice ---- */

static char page_buf[3 * 4096] __attribute__((aligned(4096)));

static void vm(void *arg)
{
	struct iovec iov[2] = { { "vm ", 3 }, { "data", 4 } };
	struct iovec out = { page_buf, 100 }, segs[20];
	int p[2], np[2];
	unsigned long i;
	long n;

	lxt_pipe(p);
	lxt_pipe2(np, O_NONBLOCK);
	lxt_say("to_pipe", vmsplice_(p[1], iov, 2, 0));
	lxt_say("from_pipe", n = vmsplice_(p[0], &out, 1, 0));
	lxt_say_data("data", page_buf, n);
	lxt_write(p[1], "back", 4);
	out.iov_len = 2;
	lxt_say_data("part", page_buf, vmsplice_(p[0], &out, 1, 0));
	lxt_say_data("rest", page_buf, lxt_read(p[0], page_buf, 10));
	/* only SPLICE_F_NONBLOCK, not the pipe's O_NONBLOCK, keeps it from waiting */
	lxt_say("o_nonblock_empty", vmsplice_(np[0], &out, 1, F_NONBLOCK));
	/* a big gift fills the pipe and stops */
	for (i = 0; i < sizeof(gift); i++)
		gift[i] = pattern(i);
	out.iov_base = gift;
	out.iov_len = sizeof(gift);
	lxt_write(p[1], "z", 1);
	lxt_say("big", vmsplice_(p[1], &out, 1, 0));
	lxt_say("big_full", vmsplice_(p[1], &out, 1, F_NONBLOCK));
	lxt_say_data("first", page_buf, lxt_read(p[0], page_buf, 1));
	check_stream("big_data", p[0], 0, sizeof(gift) - 4096);
	/* each segment takes its own slots, page by page as it lies */
	for (i = 0; i < 20; i++) {
		segs[i].iov_base = gift + 2048;
		segs[i].iov_len = 4096;
	}
	lxt_say("segs_fill", vmsplice_(p[1], segs, 20, 0));
	check_stream("segs_data", p[0], 2048, 4096);
	lxt_say("segs_rest", lxt_read(p[0], gift + 8192, 40000));
	segs[0].iov_base = gift + 100;
	segs[0].iov_len = 5000;
	segs[1].iov_base = gift;
	segs[1].iov_len = 0;
	segs[2].iov_base = gift + 4000;
	segs[2].iov_len = 200;
	lxt_say("segs_small", vmsplice_(p[1], segs, 3, 0));
	check_stream("segs_small_a", p[0], 100, 5000);
	check_stream("segs_small_b", p[0], 4000, 200);
	segs[1].iov_base = (void *)8;
	segs[1].iov_len = 10;
	lxt_say("segs_efault", vmsplice_(p[1], segs, 3, 0));
}

#define VM_OUT \
	"to_pipe=7\n" \
	"from_pipe=7\n" \
	"data=7 'vm data'\n" \
	"part=2 'ba'\n" \
	"rest=2 'ck'\n" \
	"o_nonblock_empty=-EAGAIN\n" \
	"big=61440\n" \
	"big_full=-EAGAIN\n" \
	"first=1 'z'\n" \
	"big_data=61440 good\n" \
	"segs_fill=32768\n" \
	"segs_data=4096 good\n" \
	"segs_rest=28672\n" \
	"segs_small=5200\n" \
	"segs_small_a=5000 good\n" \
	"segs_small_b=200 good\n" \
	"segs_efault=5000\n"

/* ---- sockets ---- */

static void sockets(void *arg)
{
	int p[2], sv[2], dv[2];
	long c, s, f;
	loff_t off;
	char buf[64];

	lxt_pipe(p);
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	f = make_file("f", 10000);
	/* pipe -> AF_UNIX, AF_UNIX -> pipe */
	lxt_write(p[1], "hello", 5);
	lxt_say("pipe_to_unix", splice_(p[0], NULL, sv[0], NULL, 100, F_MORE));
	lxt_say_data("unix_got", buf, recv_(sv[1], buf, sizeof(buf), 0));
	send_(sv[1], "world!", 6, 0);
	lxt_say("unix_to_pipe", splice_(sv[0], NULL, p[1], NULL, 100, 0));
	lxt_say_data("pipe_got", buf, lxt_read(p[0], buf, sizeof(buf)));
	/* sendfile: file -> AF_UNIX, with an offset and without, past the end */
	off = 9000;
	lxt_say("sf_unix_off", sendfile_(sv[0], f, &off, 5000));
	lxt_say("sf_off_after", off);
	lxt_say("sf_pos", seek_(f, 0, SEEK_CUR));
	check_stream("sf_unix_data", sv[1], 9000, 1000);
	seek_(f, 9990, SEEK_SET);
	lxt_say("sf_unix_pos", sendfile_(sv[0], f, NULL, 100));
	lxt_say("sf_pos2", seek_(f, 0, SEEK_CUR));
	check_stream("sf_unix_data2", sv[1], 9990, 10);
	lxt_say("sf_eof", sendfile_(sv[0], f, NULL, 100));
	/* sendfile: file -> pipe, socket -> pipe */
	off = 0;
	lxt_say("sf_pipe", sendfile_(p[1], f, &off, 1 << 20));
	check_stream("sf_pipe_data", p[0], 0, 10000);
	send_(sv[1], "sock", 4, 0);
	lxt_say("sf_sock_to_pipe", sendfile_(p[1], sv[0], NULL, 100));
	lxt_say_data("sf_sock_pipe_got", buf, lxt_read(p[0], buf, sizeof(buf)));
	/* sendfile: file -> file */
	s = open_("copy", O_RDWR | O_CREAT | O_TRUNC);
	off = 5;
	lxt_say("sf_file", sendfile_(s, f, &off, 20000));
	lxt_say("sf_file_pos", seek_(s, 0, SEEK_CUR));
	seek_(s, 0, SEEK_SET);
	check_stream("sf_file_data", s, 5, 20000);
	lxt_close(s);

	/* TCP loopback (host sockets) */
	tcp_pair(&c, &s);
	lxt_write(p[1], "tcp in", 6);
	lxt_say("pipe_to_tcp", splice_(p[0], NULL, c, NULL, 100, 0));
	lxt_say_data("tcp_got", buf, recv_(s, buf, sizeof(buf), 0));
	send_(s, "tcp out", 7, 0);
	lxt_say("tcp_to_pipe", splice_(c, NULL, p[1], NULL, 100, 0));
	lxt_say_data("tcp_pipe_got", buf, lxt_read(p[0], buf, sizeof(buf)));
	off = 0;
	lxt_say("sf_tcp", sendfile_(c, f, &off, 4000));
	check_stream("sf_tcp_data", s, 0, 4000);
	lxt_close(c);
	lxt_say("tcp_eof", splice_(s, NULL, p[1], NULL, 100, 0));
	lxt_close(s);
	/* into a datagram socket, each pipe buffer is one datagram */
	S(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, dv, 0, 0);
	lxt_write(p[1], big, 4096);
	lxt_write(p[1], "tail", 4);
	lxt_say("pipe_to_dgram", splice_(p[0], NULL, dv[0], NULL, 5000, 0));
	lxt_say("dgram_1", recv_(dv[1], big, sizeof(big), 0));
	lxt_say_data("dgram_2", buf, recv_(dv[1], buf, sizeof(buf), MSG_DONTWAIT));
	/* the peer gone: EPIPE */
	lxt_close(sv[1]);
	lxt_write(p[1], "x", 1);
	lxt_say("unix_epipe", splice_(p[0], NULL, sv[0], NULL, 1, 0));
	off = 0;
	lxt_say("sf_unix_epipe", sendfile_(sv[0], f, &off, 1));
}

#define SOCKETS_OUT \
	"pipe_to_unix=5\n" \
	"unix_got=5 'hello'\n" \
	"unix_to_pipe=6\n" \
	"pipe_got=6 'world!'\n" \
	"sf_unix_off=1000\n" \
	"sf_off_after=10000\n" \
	"sf_pos=0\n" \
	"sf_unix_data=1000 good\n" \
	"sf_unix_pos=10\n" \
	"sf_pos2=10000\n" \
	"sf_unix_data2=10 good\n" \
	"sf_eof=0\n" \
	"sf_pipe=10000\n" \
	"sf_pipe_data=10000 good\n" \
	"sf_sock_to_pipe=4\n" \
	"sf_sock_pipe_got=4 'sock'\n" \
	"sf_file=9995\n" \
	"sf_file_pos=9995\n" \
	"sf_file_data=9995 good\n" \
	"pipe_to_tcp=6\n" \
	"tcp_got=6 'tcp in'\n" \
	"tcp_to_pipe=7\n" \
	"tcp_pipe_got=7 'tcp out'\n" \
	"sf_tcp=4000\n" \
	"sf_tcp_data=4000 good\n" \
	"tcp_eof=0\n" \
	"pipe_to_dgram=4100\n" \
	"dgram_1=4096\n" \
	"dgram_2=4 'tail'\n" \
	"unix_epipe=-EPIPE\n" \
	"sf_unix_epipe=-EPIPE\n"

/* ---- a big transfer, checked by content ---- */

#define BIG_SIZE	(4UL << 20)

static void big_transfer(void *arg)
{
	int p[2], sv[2];
	unsigned long moved = 0, sent = 0;
	long f, c, s, pid, n, out;
	loff_t off = 0;

	f = make_file("big", BIG_SIZE);
	lxt_pipe(p);
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(sv[0]);
		check_stream("unix_received", sv[1], 0, BIG_SIZE);
		lxt_raw_exit(0);
	}
	lxt_close(sv[1]);
	/* file -> pipe -> AF_UNIX socket */
	while (moved < BIG_SIZE) {
		n = splice_(f, &off, p[1], NULL, BIG_SIZE - moved, F_MORE);
		if (n <= 0)
			break;
		while (n > 0) {
			out = splice_(p[0], NULL, sv[0], NULL, n, F_MORE);
			if (out <= 0)
				break;
			n -= out;
		}
		if (n)
			break;
		moved = off;
	}
	lxt_say("unix_moved", moved);
	lxt_close(sv[0]);
	lxt_say("wait", lxt_wait(pid));
	/* sendfile to TCP */
	tcp_pair(&c, &s);
	pid = lxt_fork();
	if (pid == 0) {
		lxt_close(c);
		check_stream("tcp_received", s, 0, BIG_SIZE);
		lxt_raw_exit(0);
	}
	lxt_close(s);
	seek_(f, 0, SEEK_SET);
	while (sent < BIG_SIZE) {
		n = sendfile_(c, f, NULL, BIG_SIZE);
		if (n <= 0)
			break;
		sent += n;
	}
	lxt_say("tcp_sent", sent);
	lxt_close(c);
	lxt_say("wait", lxt_wait(pid));
}

#define BIG_OUT \
	"unix_moved=4194304\n" \
	"unix_received=4194304 good\n" \
	"wait=0\n" \
	"tcp_sent=4194304\n" \
	"tcp_received=4194304 good\n" \
	"wait=0\n"

/* ---- a blocked splice and a signal ---- */

static volatile int handled;

static void on_signal(int sig)
{
	handled++;
}

static void catch_usr1(void *arg)
{
	struct sigaction sa;

	fresh_dir(arg);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	if (sigaction(SIGUSR1, &sa, NULL))
		_exit(124);
}

static void interrupted(void *arg)
{
	int p[2], q[2], sv[2];
	long which = (long)arg;
	long r;

	lxt_pipe(p);
	lxt_pipe(q);
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	lxt_say_text("blocking");
	if (which == 0) {		/* waiting for data in a pipe */
		r = splice_(p[0], NULL, q[1], NULL, 10, 0);
	} else if (which == 1) {	/* waiting for room in a pipe */
		lxt_write(q[1], big, sizeof(big));
		r = splice_(sv[0], NULL, q[1], NULL, 10, 0);
	} else {			/* waiting for a socket's data */
		r = splice_(sv[0], NULL, q[1], NULL, 10, 0);
	}
	lxt_say("splice", r);
	lxt_say("handled", handled);
}

/* ---- MSG_OOB ---- */

static void oob(void *arg)
{
	struct pollfd pfd;
	long c, s, u[2];
	int one = 1, mark = -1, sv[2];
	socklen_t alen = sizeof(mark);
	char buf[16];

	tcp_pair(&c, &s);
	lxt_say("oob_none", recv_(s, buf, 1, MSG_OOB));
	lxt_say("send", send_(c, "ab", 2, 0));
	lxt_say("send_oob", send_(c, "X", 1, MSG_OOB));
	pfd.fd = s;
	pfd.events = POLLPRI;
	lxt_say("poll_pri", S(SYS_poll, &pfd, 1, 5000, 0, 0, 0));
	lxt_sayx("revents", pfd.revents);
	lxt_say("atmark", S(SYS_ioctl, s, SIOCATMARK, &mark, 0, 0, 0));
	lxt_say("mark", mark);
	lxt_say_data("recv", buf, recv_(s, buf, sizeof(buf), 0));
	S(SYS_ioctl, s, SIOCATMARK, &mark, 0, 0, 0);
	lxt_say("mark_after", mark);
	lxt_say_data("recv_oob", buf, recv_(s, buf, sizeof(buf), MSG_OOB));
	lxt_say("recv_oob_again", recv_(s, buf, sizeof(buf), MSG_OOB));
	/* SO_OOBINLINE: the byte stays in the stream */
	lxt_say("oobinline", S(SYS_setsockopt, s, SOL_SOCKET, SO_OOBINLINE, &one, sizeof(one), 0));
	send_(c, "cd", 2, 0);
	send_(c, "Y", 1, MSG_OOB);
	pfd.revents = 0;
	S(SYS_poll, &pfd, 1, 5000, 0, 0, 0);
	/*
	 * 'X' was taken out of band, but a normal read had stopped before it:
	 * inline now, it comes in the stream, and the new mark (at 'Y') stops
	 * the read after 'd'.
	 */
	lxt_say("inline_oob", recv_(s, buf, sizeof(buf), MSG_OOB));
	lxt_say_data("inline_recv", buf, recv_(s, buf, 2, 0));
	S(SYS_ioctl, s, SIOCATMARK, &mark, 0, 0, 0);
	lxt_say("inline_mark", mark);
	lxt_say_data("inline_recv2", buf, recv_(s, buf, sizeof(buf), 0));
	lxt_close(c);
	lxt_close(s);
	/* AF_UNIX datagrams and seqpackets have none */
	S(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv, 0, 0);
	u[0] = sv[0];
	u[1] = sv[1];
	lxt_say("dgram_send_oob", send_(u[0], "x", 1, MSG_OOB));
	lxt_say("dgram_recv_oob", recv_(u[1], buf, 1, MSG_OOB | MSG_DONTWAIT));
	S(SYS_socketpair, AF_UNIX, SOCK_SEQPACKET, 0, sv, 0, 0);
	lxt_say("seqpacket_send_oob", send_(sv[0], "x", 1, MSG_OOB));
	lxt_say("seqpacket_recv_oob", recv_(sv[1], buf, 1, MSG_OOB | MSG_DONTWAIT));
	mark = -1;
	lxt_say("dgram_atmark", S(SYS_ioctl, u[0], SIOCATMARK, &mark, 0, 0, 0));
	lxt_say("dgram_mark", mark);
	/* AF_UNIX streams (CONFIG_AF_UNIX_OOB): one out-of-band byte, a mark */
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
	send_(sv[0], "s", 1, 0);
	lxt_say("u_oob_none", recv_(sv[1], buf, 1, MSG_OOB | MSG_DONTWAIT));
	lxt_say("u_atmark", S(SYS_ioctl, sv[1], SIOCATMARK, &mark, 0, 0, 0));
	lxt_say("u_mark", mark);
	lxt_say_data("u_recv", buf, recv_(sv[1], buf, sizeof(buf), 0));
	lxt_say("u_send_oob0", send_(sv[0], "", 0, MSG_OOB));
	lxt_say("u_send", send_(sv[0], "ab", 2, 0));
	lxt_say("u_send_oob", send_(sv[0], "X", 1, MSG_OOB));
	pfd.fd = sv[1];
	pfd.events = POLLPRI | POLLIN;
	pfd.revents = 0;
	lxt_say("u_poll", S(SYS_poll, &pfd, 1, 0, 0, 0, 0));
	lxt_sayx("u_revents", pfd.revents);
	S(SYS_ioctl, sv[1], SIOCATMARK, &mark, 0, 0, 0);
	lxt_say("u_mark_before", mark);
	lxt_say_data("u_recv_to_mark", buf, recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	S(SYS_ioctl, sv[1], SIOCATMARK, &mark, 0, 0, 0);
	lxt_say("u_mark_at", mark);
	lxt_say_data("u_peek_oob", buf, recv_(sv[1], buf, sizeof(buf), MSG_OOB | MSG_PEEK));
	lxt_say_data("u_recv_oob", buf, recv_(sv[1], buf, sizeof(buf), MSG_OOB));
	lxt_say("u_recv_oob_again", recv_(sv[1], buf, sizeof(buf), MSG_OOB));
	pfd.revents = 0;
	lxt_say("u_poll_after", S(SYS_poll, &pfd, 1, 0, 0, 0, 0));
	lxt_sayx("u_revents_after", pfd.revents);
	send_(sv[0], "cd", 2, 0);
	lxt_say_data("u_recv_past", buf, recv_(sv[1], buf, sizeof(buf), 0));
	/* a read at the mark drops a byte not taken out of band */
	lxt_say("u_send_efY", send_(sv[0], "efY", 3, MSG_OOB));
	lxt_say_data("u_recv_ef", buf, recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	lxt_say("u_recv_drops", recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	lxt_say("u_recv_oob_gone", recv_(sv[1], buf, sizeof(buf), MSG_OOB));
	/* a taken byte's empty place stops the next read */
	send_(sv[0], "h", 1, 0);
	send_(sv[0], "W", 1, MSG_OOB);
	lxt_say_data("u_recv_oob_W", buf, recv_(sv[1], buf, sizeof(buf), MSG_OOB));
	send_(sv[0], "i", 1, 0);
	lxt_say_data("u_recv_h", buf, recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	lxt_say_data("u_recv_i", buf, recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	send_(sv[0], "j", 1, MSG_OOB);
	lxt_say_data("u_recv_oob_j", buf, recv_(sv[1], buf, sizeof(buf), MSG_OOB));
	send_(sv[0], "k", 1, 0);
	lxt_say("u_recv_empty_place", recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	lxt_say_data("u_recv_k", buf, recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	/* SO_OOBINLINE: the byte stays in the stream, after the mark */
	lxt_say("u_oobinline", S(SYS_setsockopt, sv[1], SOL_SOCKET, SO_OOBINLINE, &one,
				 sizeof(one), 0));
	send_(sv[0], "gZ", 2, MSG_OOB);
	lxt_say("u_inline_oob", recv_(sv[1], buf, sizeof(buf), MSG_OOB));
	lxt_say_data("u_inline_g", buf, recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	lxt_say_data("u_inline_Z", buf, recv_(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	mark = 0;
	lxt_say("u_getopt", S(SYS_getsockopt, sv[1], SOL_SOCKET, SO_OOBINLINE, &mark, &alen, 0));
	lxt_say("u_oobinline_val", mark);
	/* the peer gone */
	lxt_close(sv[1]);
	lxt_say("u_send_oob_epipe", send_(sv[0], "x", 1, MSG_OOB | MSG_NOSIGNAL));
}

#define OOB_OUT \
	"oob_none=-EINVAL\n" \
	"send=2\n" \
	"send_oob=1\n" \
	"poll_pri=1\n" \
	"revents=0x2\n" \
	"atmark=0\n" \
	"mark=0\n" \
	"recv=2 'ab'\n" \
	"mark_after=1\n" \
	"recv_oob=1 'X'\n" \
	"recv_oob_again=-EINVAL\n" \
	"oobinline=0\n" \
	"inline_oob=-EINVAL\n" \
	"inline_recv=2 'Xc'\n" \
	"inline_mark=0\n" \
	"inline_recv2=1 'd'\n" \
	"dgram_send_oob=-EOPNOTSUPP\n" \
	"dgram_recv_oob=-EOPNOTSUPP\n" \
	"seqpacket_send_oob=-EOPNOTSUPP\n" \
	"seqpacket_recv_oob=-EOPNOTSUPP\n" \
	"dgram_atmark=-EOPNOTSUPP\n" \
	"dgram_mark=-EPERM\n" \
	"u_oob_none=-EINVAL\n" \
	"u_atmark=0\n" \
	"u_mark=0\n" \
	"u_recv=1 's'\n" \
	"u_send_oob0=-EOPNOTSUPP\n" \
	"u_send=2\n" \
	"u_send_oob=1\n" \
	"u_poll=1\n" \
	"u_revents=0x3\n" \
	"u_mark_before=0\n" \
	"u_recv_to_mark=2 'ab'\n" \
	"u_mark_at=1\n" \
	"u_peek_oob=1 'X'\n" \
	"u_recv_oob=1 'X'\n" \
	"u_recv_oob_again=-EINVAL\n" \
	"u_poll_after=1\n" \
	"u_revents_after=0x1\n" \
	"u_recv_past=2 'cd'\n" \
	"u_send_efY=3\n" \
	"u_recv_ef=2 'ef'\n" \
	"u_recv_drops=-EAGAIN\n" \
	"u_recv_oob_gone=-EINVAL\n" \
	"u_recv_oob_W=1 'W'\n" \
	"u_recv_h=1 'h'\n" \
	"u_recv_i=1 'i'\n" \
	"u_recv_oob_j=1 'j'\n" \
	"u_recv_empty_place=-EAGAIN\n" \
	"u_recv_k=1 'k'\n" \
	"u_oobinline=0\n" \
	"u_inline_oob=-EINVAL\n" \
	"u_inline_g=1 'g'\n" \
	"u_inline_Z=1 'Z'\n" \
	"u_getopt=0\n" \
	"u_oobinline_val=1\n" \
	"u_send_oob_epipe=-EPIPE\n"

/* ---- pico only: nothing left behind, no deadlock between two pipes ---- */

/* Splices of every kind, pipes left holding moved and copied pages. */
static void churn(void *arg)
{
	struct iovec iov = { gift, sizeof(gift) };
	int p[2], q[2], sv[2], i;
	loff_t off;
	long f;

	f = make_file("churn", 300000);
	for (i = 0; i < 20; i++) {
		lxt_pipe(p);
		lxt_pipe2(q, O_NONBLOCK);
		S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0);
		off = i * 1000;
		splice_(f, &off, p[1], NULL, 1 << 20, 0);
		splice_(p[0], NULL, q[1], NULL, 7000, 0);
		tee_(q[0], p[1], 1 << 20, 0);
		splice_(p[0], NULL, sv[0], NULL, 3000, 0);
		splice_(sv[1], NULL, q[1], NULL, 100, 0);
		vmsplice_(q[1], &iov, 1, F_NONBLOCK);
		sendfile_(q[1], f, NULL, 5000);
		/* every end closed with data in it */
		lxt_close(p[0]);
		lxt_close(p[1]);
		lxt_close(q[1]);
		lxt_close(q[0]);
		lxt_close(sv[0]);
		lxt_close(sv[1]);
	}
	lxt_close(f);
	S(SYS_unlinkat, AT_FDCWD, "churn", 0, 0, 0, 0);
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

/* Two threads splice and tee between two pipes in opposite directions. */
static int cross[2][2];
static volatile long cross_bad;

static void cross_worker(void *arg)
{
	long dir = (long)arg, i, r;
	int *from = cross[dir], *to = cross[!dir];

	for (i = 0; i < 3000; i++) {
		r = i & 1 ? tee_(from[0], to[1], 4096, F_NONBLOCK) :
			    splice_(from[0], NULL, to[1], NULL, 4096, F_NONBLOCK);
		if (r < 0 && r != -EAGAIN)
			cross_bad++;
		if (r == -EAGAIN || !(i % 64)) {
			/* keep both pipes moving: drain a little, refill a little */
			lxt_read(from[0], big, 4096);
			lxt_write(from[1], "0123456789", 10);
		}
	}
}

static struct lxt_thread cross_thread;

static void crossing(void *arg)
{
	lxt_pipe2(cross[0], O_NONBLOCK);
	lxt_pipe2(cross[1], O_NONBLOCK);
	lxt_write(cross[0][1], "abc", 3);
	lxt_write(cross[1][1], "xyz", 3);
	if (lxt_thread_start(&cross_thread, cross_worker, (void *)1) < 0)
		lxt_raw_exit(3);
	cross_worker((void *)0);
	lxt_thread_join(&cross_thread);
	lxt_raw_write_record(0, cross_bad);
}

/* Blocked for good: a splice waiting on a socket with a pipe's lock, a reader behind it. */
static int stuck_p[2], stuck_sv[2];
static struct lxt_thread stuck_thread;

static void stuck_reader(void *arg)
{
	char c;

	lxt_read(stuck_p[0], &c, 1);
}

static void stuck(void *arg)
{
	int q[2], r[2];

	lxt_pipe(stuck_p);
	lxt_pipe(q);
	lxt_pipe(r);
	S(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, stuck_sv, 0, 0);
	lxt_write(q[1], big, sizeof(big));		/* q full */
	if (lxt_thread_start(&stuck_thread, stuck_reader, NULL) < 0)
		lxt_raw_exit(3);
	if (lxt_fork() == 0) {
		/* waits for data in r, until the parent, r's last writer, dies */
		lxt_close(r[1]);
		lxt_raw_exit(tee_(r[0], stuck_p[1], 10, 0) == 0 ? 0 : 5);
	}
	splice_(stuck_sv[0], NULL, stuck_p[1], NULL, 10, 0);
	lxt_raw_exit(4);
}

FIXTURE(splice) {
	int dev;
	int inst;
};

FIXTURE_SETUP(splice)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "splice");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 01777)) TH_LOG("mount: %s", strerror(errno));
}

FIXTURE_TEARDOWN(splice)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

/* FIFOs opened by path are pipes to splice, tee and vmsplice (pipefifo_fops). */
static void fifo_calls(void *arg)
{
	struct iovec iov = { .iov_base = "abc", .iov_len = 3 };
	long f, g, p[2];
	loff_t off = 0;
	char buf[32];
	int fds[2];

	lxt_say("mkfifo", S(SYS_mknod, "f", S_IFIFO | 0600, 0, 0, 0, 0));
	lxt_say("mkfifo2", S(SYS_mknod, "g", S_IFIFO | 0600, 0, 0, 0, 0));
	f = open_("f", O_RDWR | O_NONBLOCK);
	g = open_("g", O_RDWR | O_NONBLOCK);
	lxt_pipe(fds);
	p[0] = fds[0];
	p[1] = fds[1];
	lxt_write(p[1], "hello", 5);
	lxt_say("pipe-to-fifo", splice_(p[0], NULL, f, NULL, 5, 0));
	lxt_say("fifo-to-fifo", splice_(f, NULL, g, NULL, 5, 0));
	lxt_say("tee-fifo-to-pipe", tee_(g, p[1], 5, 0));
	lxt_say("fifo-to-pipe", splice_(g, NULL, p[1], NULL, 5, 0));
	lxt_say_data("pipe", buf, lxt_read(p[0], buf, sizeof(buf)));
	lxt_say("offset-on-fifo", splice_(f, &off, p[1], NULL, 1, 0));
	lxt_say("same-fifo", splice_(f, NULL, f, NULL, 1, 0));
	lxt_say("empty-fifo", splice_(f, NULL, p[1], NULL, 1, F_NONBLOCK));
	lxt_say("vmsplice-into-fifo", vmsplice_(f, &iov, 1, 0));
	lxt_say_data("fifo", buf, lxt_read(f, buf, sizeof(buf)));
	lxt_say("sendfile-into-fifo", sendfile_(f, p[0], NULL, 4));
	lxt_close(f);
	lxt_close(g);
}

#define FIFO_OUT \
	"mkfifo=0\nmkfifo2=0\npipe-to-fifo=5\nfifo-to-fifo=5\ntee-fifo-to-pipe=5\n" \
	"fifo-to-pipe=5\npipe=10 'hellohello'\noffset-on-fifo=-ESPIPE\nsame-fifo=-EINVAL\n" \
	"empty-fifo=-EAGAIN\nvmsplice-into-fifo=3\nfifo=3 'abc'\nsendfile-into-fifo=-EINVAL\n"

TEST_F(splice, fifos_opened_by_path_are_pipes_to_splice)
{
	DIFF(.body = fifo_calls, .expect_out = FIFO_OUT);
}

TEST_F(splice, errors_come_in_linux_s_order)
{
	DIFF(.body = errors, .expect_out = ERRORS_OUT);
}

TEST_F(splice, files_and_pipes_move_data_and_offsets_as_linux)
{
	DIFF(.body = files, .expect_out = FILES_OUT);
}

TEST_F(splice, copy_file_range_copies_between_files_as_linux)
{
	DIFF(.body = copies, .expect_out = COPIES_OUT);
}

TEST_F(splice, vmsplice_copies_into_and_out_of_a_pipe)
{
	DIFF(.body = vm, .expect_out = VM_OUT);
}

TEST_F(splice, sockets_take_splice_and_sendfile)
{
	DIFF(.body = sockets, .expect_out = SOCKETS_OUT);
}

TEST_F(splice, megabytes_arrive_intact)
{
	DIFF(.body = big_transfer, .expect_out = BIG_OUT, .timeout_s = 120);
}

TEST_F(splice, a_splice_waiting_for_data_is_interrupted_with_eintr)
{
	DIFF_SETUP(.setup = catch_usr1, .body = interrupted, .arg = (void *)0,
		   .trigger = "blocking", .trigger_signal = SIGUSR1,
		   .expect_out = "blocking\nsplice=-EINTR\nhandled=1\n");
}

TEST_F(splice, a_splice_waiting_for_room_is_interrupted_with_eintr)
{
	DIFF_SETUP(.setup = catch_usr1, .body = interrupted, .arg = (void *)1,
		   .trigger = "blocking", .trigger_signal = SIGUSR1,
		   .expect_out = "blocking\nsplice=-EINTR\nhandled=1\n");
}

TEST_F(splice, a_splice_waiting_for_a_socket_is_interrupted_with_eintr)
{
	DIFF_SETUP(.setup = catch_usr1, .body = interrupted, .arg = (void *)2,
		   .trigger = "blocking", .trigger_signal = SIGUSR1,
		   .expect_out = "blocking\nsplice=-EINTR\nhandled=1\n");
}

TEST_F(splice, out_of_band_bytes_of_tcp_and_af_unix_streams_are_linux_s)
{
	DIFF(.body = oob, .expect_out = OOB_OUT);
}

TEST_F(splice, nothing_is_left_behind)
{
	unsigned long long before, after = 0;
	struct lxt_outcome out;
	int i;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, live_objects(self->dev, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, churn, NULL, 60, &out));
	EXPECT_STREQ("ok", out.text);
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, live_objects(self->dev, &after));
		if (after == before)
			break;
		usleep(20000);
	}
	EXPECT_EQ(before, after);
}

TEST_F(splice, processes_killed_while_splicing_leave_nothing_behind)
{
	unsigned long long before, after = 0;
	struct lxt_outcome out;
	int i;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, live_objects(self->dev, &before));
	ASSERT_EQ(0, lxt_run_child(self->inst, stuck, NULL, 2, &out));
	EXPECT_STREQ("signal=9", out.text);
	/* the forked tee waiter ends when its input's last writer dies */
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, live_objects(self->dev, &after));
		if (after == before)
			break;
		usleep(20000);
	}
	EXPECT_EQ(before, after);
}

TEST_F(splice, splices_and_tees_crossing_between_two_pipes_never_deadlock)
{
	struct lxt_outcome out;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, lxt_run_child(self->inst, crossing, NULL, 120, &out));
	EXPECT_STREQ("ok", out.text);
	EXPECT_EQ(0, out.rec.ret);
}

TEST_HARNESS_MAIN
