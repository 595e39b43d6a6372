// SPDX-License-Identifier: GPL-2.0
/*
 * lxss_wire.c - lx <-> lxssd messages on a socket (see lxss_wire.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lxss_wire.h"

int lxp_send(struct lxp_peer *p, const struct lxp_msg *m, const int *fds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LXP_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct lxp_conv next = p->conv;
	unsigned int nfds = lxp_fds_of(m);
	uint8_t *out = p->buf;
	struct msghdr mh;
	struct iovec iov;
	size_t off = 0;
	ssize_t n;
	int len, err;

	len = lxp_encode(m, out, sizeof(p->buf));
	if (len < 0)
		return -len;
	err = lxp_conv_step(&next, p->is_client, m->type);
	if (err)
		return -err;
	while (off < (size_t)len) {
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = out + off;
		iov.iov_len = (size_t)len - off;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		if (off == 0 && nfds) {
			struct cmsghdr *c;

			memset(&ctl, 0, sizeof(ctl));
			mh.msg_control = ctl.buf;
			mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
			c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
			memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
		}
		n = sendmsg(p->sock, &mh, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	p->conv = next;
	return 0;
}

static void close_fds(int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

/* Read exactly @len bytes; fds that come with them are added to @fds. */
static int read_full(struct lxp_peer *p, uint8_t *dst, size_t len, int *fds, unsigned int *nfds,
		     int *fd_excess)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LXP_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	size_t off = 0;
	struct msghdr mh;
	struct iovec iov;
	ssize_t n;

	while (off < len) {
		struct cmsghdr *c;

		memset(&mh, 0, sizeof(mh));
		iov.iov_base = dst + off;
		iov.iov_len = len - off;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(p->sock, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			size_t i, k;
			int fd;

			if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
				continue;
			k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (i = 0; i < k; i++) {
				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
				if (*nfds < LXP_MAX_FDS && off == 0)
					fds[(*nfds)++] = fd;
				else {
					close(fd);
					*fd_excess = 1;
				}
			}
		}
		if (mh.msg_flags & MSG_CTRUNC)
			*fd_excess = 1;
		if (n == 0) {
			errno = EPIPE;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

int lxp_recv(struct lxp_peer *p, struct lxp_msg *m, int *fds)
{
	struct lxp_conv next = p->conv;
	unsigned int nfds = 0, type;
	int excess = 0, err, saved;
	size_t plen;

	if (read_full(p, p->buf, LXP_HDR_SIZE, fds, &nfds, &excess) < 0)
		goto io_error;
	err = lxp_decode_header(p->buf, LXP_HDR_SIZE, &type, &plen);
	if (err)
		goto proto_error;
	if (read_full(p, p->buf + LXP_HDR_SIZE, plen, fds, &nfds, &excess) < 0)
		goto io_error;
	err = lxp_decode(p->buf, LXP_HDR_SIZE + plen, m);
	if (err)
		goto proto_error;
	if (excess || nfds != lxp_fds_of(m)) {
		err = -LXP_E_FDS;
		goto proto_error;
	}
	err = lxp_conv_step(&next, !p->is_client, m->type);
	if (err)
		goto proto_error;
	p->conv = next;
	return 0;

proto_error:
	close_fds(fds, nfds);
	return -err;
io_error:
	saved = errno;
	close_fds(fds, nfds);
	errno = saved;
	return -1;
}
