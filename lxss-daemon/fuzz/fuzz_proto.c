// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_proto.c - libFuzzer target of the lx <-> lxssd decoder: any bytes
 * either decode or are refused, never a crash or an out-of-bounds read
 * (ASan, UBSan); a message that decodes encodes back to the same bytes, and
 * the conversation order never accepts a message twice from a fresh start.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lxss_proto.h"

static struct lxp_msg msg;
static uint8_t again[LXP_HDR_SIZE + LXP_MAX_PAYLOAD];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lxp_conv c = { 0 };
	unsigned int type;
	size_t plen;
	uint8_t *copy;
	int ret, len;

	/* an exact-size heap copy: ASan catches any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	ret = lxp_decode_header(copy, size, &type, &plen);
	if (ret == 0 && (type == 0 || type >= LXP_TYPE_END || plen > LXP_MAX_PAYLOAD))
		abort();
	ret = lxp_decode(copy, size, &msg);
	if (ret == 0) {
		len = lxp_encode(&msg, again, sizeof(again));
		if (len < 0 || (size_t)len != size || memcmp(again, copy, size))
			abort();
		(void)lxp_fds_of(&msg);
		(void)lxp_conv_step(&c, 1, msg.type);
	} else if (ret > 0 || -ret >= LXP_E_END) {
		abort();
	}
	(void)lxp_strerror(ret);
	free(copy);
	return 0;
}
