// SPDX-License-Identifier: GPL-2.0
/*
 * lxss_wire.h - lx <-> lxssd messages over a Unix stream socket: one message
 * per call, its file descriptors (SCM_RIGHTS) with it, and the conversation
 * order (lxss_proto.h) checked both ways.
 */
#ifndef LXSS_WIRE_H
#define LXSS_WIRE_H

#include "lxss_proto.h"

#define LXP_DEFAULT_SOCKET	"/run/lxss/lxssd.sock"
#define LXP_BUF_SIZE		(LXP_HDR_SIZE + LXP_MAX_PAYLOAD)

struct lxp_peer {
	int sock;
	int is_client;		/* this end is the client */
	struct lxp_conv conv;
	uint8_t buf[LXP_BUF_SIZE];	/* the last message received (strings point here) */
};

/**
 * lxp_send() - encode and send @m with lxp_fds_of(@m) fds from @fds
 * Return: 0; a positive LXP_E_* when @m is not valid now; -1 with errno on
 * an I/O error (EPIPE: the peer went away).
 */
int lxp_send(struct lxp_peer *p, const struct lxp_msg *m, const int *fds);

/**
 * lxp_recv() - receive one message into @m; its fds (close-on-exec) into @fds
 * @fds: room for LXP_MAX_FDS; exactly lxp_fds_of(@m) are set on success. On
 * any failure every fd that came is closed.
 * Return: 0; a positive LXP_E_* (malformed, out of order, wrong fd count);
 * -1 with errno on an I/O error (EPIPE: end of stream).
 */
int lxp_recv(struct lxp_peer *p, struct lxp_msg *m, int *fds);

#endif /* LXSS_WIRE_H */
