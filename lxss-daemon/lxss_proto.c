// SPDX-License-Identifier: GPL-2.0
/*
 * lxss_proto.c - the lx <-> lxssd message codec and conversation order.
 * Pure: no I/O, no allocation; the decoder is strict (see lxss_proto.h) and is
 * fuzzed (tests/fuzz_proto.c).
 */
#include <string.h>

#include "liblxss.h"
#include "lxss_proto.h"

/* ---- reader: every get checks the bytes left first ---- */

struct lxp_rd {
	const uint8_t *p;
	size_t left;
	int err;		/* first error, sticky */
};

static void rd_fail(struct lxp_rd *r, int err)
{
	if (!r->err)
		r->err = err;
	r->left = 0;
}

static const uint8_t *rd_take(struct lxp_rd *r, size_t n)
{
	const uint8_t *p = r->p;

	if (r->err)
		return NULL;
	if (n > r->left) {
		rd_fail(r, LXP_E_TRUNCATED);
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static uint16_t rd_u16(struct lxp_rd *r)
{
	const uint8_t *p = rd_take(r, 2);

	return p ? (uint16_t)(p[0] | p[1] << 8) : 0;
}

static uint32_t rd_u32(struct lxp_rd *r)
{
	const uint8_t *p = rd_take(r, 4);

	return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		   (uint32_t)p[3] << 24 : 0;
}

static uint64_t rd_u64(struct lxp_rd *r)
{
	uint64_t lo = rd_u32(r);

	return lo | (uint64_t)rd_u32(r) << 32;
}

/* A string of at most @max bytes: u16 length, bytes, NUL; no NUL inside. */
static const char *rd_str(struct lxp_rd *r, size_t max)
{
	uint16_t len = rd_u16(r);
	const uint8_t *p;

	if (r->err)
		return NULL;
	if (len > max) {
		rd_fail(r, LXP_E_STRING);
		return NULL;
	}
	p = rd_take(r, (size_t)len + 1);
	if (!p)
		return NULL;
	if (p[len] != 0 || memchr(p, 0, len)) {
		rd_fail(r, LXP_E_STRING);
		return NULL;
	}
	return (const char *)p;
}

bool lxp_valid_distro(const char *name)
{
	return lxss_valid_name(name) && name[0] != '.';
}

static const char *rd_name(struct lxp_rd *r)
{
	const char *s = rd_str(r, LXSS_NAME_MAX - 1);

	if (s && !lxp_valid_distro(s)) {
		rd_fail(r, LXP_E_FIELD);
		return NULL;
	}
	return s;
}

static uint32_t rd_flags(struct lxp_rd *r, uint32_t known)
{
	uint32_t f = rd_u32(r);

	if (f & ~known)
		rd_fail(r, LXP_E_FIELD);
	return f;
}

/* A string vector into @out (NULL-terminated); @env: each is VAR=VAL. */
static uint32_t rd_strv(struct lxp_rd *r, const char **out, uint32_t max, int env)
{
	uint16_t n = rd_u16(r);
	uint32_t i;

	if (r->err)
		return 0;
	if (n > max) {
		rd_fail(r, LXP_E_FIELD);
		return 0;
	}
	for (i = 0; i < n; i++) {
		out[i] = rd_str(r, LXP_MAX_STR);
		if (!out[i])
			return 0;
		if (env && (out[i][0] == '=' || !strchr(out[i], '='))) {
			rd_fail(r, LXP_E_FIELD);
			return 0;
		}
	}
	out[n] = NULL;
	return n;
}

/* ---- writer ---- */

struct lxp_wr {
	uint8_t *p;
	size_t left;
	int err;
};

static uint8_t *wr_take(struct lxp_wr *w, size_t n)
{
	uint8_t *p = w->p;

	if (w->err)
		return NULL;
	if (n > w->left) {
		w->err = LXP_E_NOSPC;
		return NULL;
	}
	w->p += n;
	w->left -= n;
	return p;
}

static void wr_u16(struct lxp_wr *w, uint16_t v)
{
	uint8_t *p = wr_take(w, 2);

	if (p) {
		p[0] = v & 0xff;
		p[1] = v >> 8;
	}
}

static void wr_u32(struct lxp_wr *w, uint32_t v)
{
	uint8_t *p = wr_take(w, 4);

	if (p) {
		p[0] = v & 0xff;
		p[1] = (v >> 8) & 0xff;
		p[2] = (v >> 16) & 0xff;
		p[3] = v >> 24;
	}
}

static void wr_u64(struct lxp_wr *w, uint64_t v)
{
	wr_u32(w, (uint32_t)v);
	wr_u32(w, (uint32_t)(v >> 32));
}

static void wr_str(struct lxp_wr *w, const char *s, size_t max)
{
	size_t len;
	uint8_t *p;

	if (!s)
		s = "";
	len = strlen(s);
	if (len > max) {
		if (!w->err)
			w->err = LXP_E_STRING;
		return;
	}
	wr_u16(w, (uint16_t)len);
	p = wr_take(w, len + 1);
	if (p)
		memcpy(p, s, len + 1);
}

static void wr_name(struct lxp_wr *w, const char *s)
{
	if (!lxp_valid_distro(s)) {
		if (!w->err)
			w->err = LXP_E_FIELD;
		return;
	}
	wr_str(w, s, LXSS_NAME_MAX - 1);
}

static void wr_flags(struct lxp_wr *w, uint32_t f, uint32_t known)
{
	if ((f & ~known) && !w->err)
		w->err = LXP_E_FIELD;
	wr_u32(w, f);
}

static void wr_strv(struct lxp_wr *w, const char *const *v, uint32_t n, uint32_t max, int env)
{
	uint32_t i;

	if (n > max) {
		if (!w->err)
			w->err = LXP_E_FIELD;
		return;
	}
	wr_u16(w, (uint16_t)n);
	for (i = 0; i < n; i++) {
		if (!v[i] || (env && (v[i][0] == '=' || !strchr(v[i], '=')))) {
			if (!w->err)
				w->err = LXP_E_FIELD;
			return;
		}
		wr_str(w, v[i], LXP_MAX_STR);
	}
}

/* ---- messages ---- */

static const char *const lxp_names[LXP_TYPE_END] = {
	[LXP_HELLO] = "HELLO", [LXP_LIST] = "LIST", [LXP_INSTALL] = "INSTALL",
	[LXP_RUN] = "RUN", [LXP_TERMINATE] = "TERMINATE", [LXP_UNREGISTER] = "UNREGISTER",
	[LXP_EXPORT] = "EXPORT", [LXP_STATS] = "STATS", [LXP_OK] = "OK",
	[LXP_ERROR] = "ERROR", [LXP_LIST_REPLY] = "LIST_REPLY",
	[LXP_STATS_REPLY] = "STATS_REPLY", [LXP_STARTED] = "STARTED", [LXP_EXIT] = "EXIT",
	[LXP_FILE] = "FILE",
};

const char *lxp_type_name(unsigned int type)
{
	return type && type < LXP_TYPE_END ? lxp_names[type] : "?";
}

static const char *const lxp_errors[LXP_E_END] = {
	[0] = "no error",
	[LXP_E_SHORT] = "message shorter than its header",
	[LXP_E_MAGIC] = "bad magic",
	[LXP_E_VERSION] = "unknown protocol version",
	[LXP_E_TYPE] = "unknown message type",
	[LXP_E_SIZE] = "bad message size",
	[LXP_E_TRUNCATED] = "truncated message",
	[LXP_E_TRAILING] = "trailing bytes after the message",
	[LXP_E_STRING] = "malformed string",
	[LXP_E_FIELD] = "field out of range",
	[LXP_E_ORDER] = "message out of order",
	[LXP_E_FDS] = "wrong number of file descriptors",
	[LXP_E_NOSPC] = "message too large for its buffer",
};

const char *lxp_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err < LXP_E_END ? lxp_errors[err] : "unknown protocol error";
}

int lxp_decode_header(const uint8_t *buf, size_t len, unsigned int *type, size_t *plen)
{
	struct lxp_rd r = { .p = buf, .left = len };
	uint32_t magic, size;
	uint16_t version, t;

	if (len < LXP_HDR_SIZE)
		return -LXP_E_SHORT;
	magic = rd_u32(&r);
	version = rd_u16(&r);
	t = rd_u16(&r);
	size = rd_u32(&r);
	if (magic != LXP_MAGIC)
		return -LXP_E_MAGIC;
	if (version != LXP_VERSION)
		return -LXP_E_VERSION;
	if (t == 0 || t >= LXP_TYPE_END)
		return -LXP_E_TYPE;
	if (size > LXP_MAX_PAYLOAD)
		return -LXP_E_SIZE;
	*type = t;
	*plen = size;
	return 0;
}

static void decode_payload(struct lxp_rd *r, struct lxp_msg *m)
{
	uint32_t i, n;

	switch (m->type) {
	case LXP_HELLO:
		m->version = rd_u32(r);
		m->flags = rd_flags(r, 0);
		if (!r->err && m->version == 0)
			rd_fail(r, LXP_E_FIELD);
		break;
	case LXP_LIST:
		m->flags = rd_flags(r, LXP_LIST_RUNNING);
		break;
	case LXP_INSTALL:
		m->name = rd_name(r);
		m->flags = rd_flags(r, LXP_INSTALL_FROM_FD);
		break;
	case LXP_RUN:
		m->name = rd_name(r);
		m->user = rd_str(r, LXP_MAX_STR);
		m->cwd = rd_str(r, LXP_MAX_STR);
		m->flags = rd_flags(r, LXP_RUN_TTY | LXP_RUN_LOGIN);
		m->nenv = rd_strv(r, m->env, LXP_MAX_ENV, 1);
		m->nargv = rd_strv(r, m->argv, LXP_MAX_ARGS, 0);
		break;
	case LXP_TERMINATE:
	case LXP_UNREGISTER:
	case LXP_STATS:
		m->name = rd_name(r);
		break;
	case LXP_EXPORT:
		m->name = rd_name(r);
		m->flags = rd_flags(r, LXP_EXPORT_GZIP);
		break;
	case LXP_OK:
		break;
	case LXP_ERROR:
		m->code = (int32_t)rd_u32(r);
		m->text = rd_str(r, LXP_MAX_STR);
		m->hint = rd_str(r, LXP_MAX_STR);
		if (!r->err && m->code <= 0)
			rd_fail(r, LXP_E_FIELD);
		break;
	case LXP_LIST_REPLY:
		n = rd_u16(r);
		if (n > LXP_MAX_DISTROS)
			rd_fail(r, LXP_E_FIELD);
		for (i = 0; i < n && !r->err; i++) {
			struct lxp_entry *e = &m->entries[i];

			e->name = rd_name(r);
			e->path = rd_str(r, LXP_MAX_STR);
			e->user = rd_str(r, LXP_MAX_STR);
			e->state = rd_u32(r);
			e->sessions = rd_u32(r);
			if (!r->err && (e->state == 0 || e->state >= LXP_STATE_END))
				rd_fail(r, LXP_E_FIELD);
		}
		m->nentries = r->err ? 0 : n;
		break;
	case LXP_STATS_REPLY:
		m->total = rd_u64(r);
		m->total_unimpl = rd_u64(r);
		m->nr_syscalls = rd_u32(r);
		n = rd_u16(r);
		if (n > LXP_MAX_STATS)
			rd_fail(r, LXP_E_FIELD);
		for (i = 0; i < n && !r->err; i++) {
			struct lxp_stat *s = &m->stats[i];

			s->nr = rd_u32(r);
			s->calls = rd_u64(r);
			s->unimpl = rd_u64(r);
			s->name = rd_str(r, LXSS_SYSCALL_NAME_MAX - 1);
			if (!r->err && s->nr >= LXSS_NR_COUNTERS)
				rd_fail(r, LXP_E_FIELD);
		}
		m->nstats = r->err ? 0 : n;
		break;
	case LXP_STARTED:
		m->session = rd_u32(r);
		break;
	case LXP_EXIT:
		m->code = (int32_t)rd_u32(r);
		if (!r->err && (m->code < 0 || m->code > 255))
			rd_fail(r, LXP_E_FIELD);
		break;
	case LXP_FILE:
		m->flags = rd_flags(r, 0);
		break;
	default:
		rd_fail(r, LXP_E_TYPE);
	}
}

int lxp_decode(const uint8_t *buf, size_t len, struct lxp_msg *m)
{
	struct lxp_rd r;
	unsigned int type;
	size_t plen;
	int ret;

	ret = lxp_decode_header(buf, len, &type, &plen);
	if (ret)
		return ret;
	if (len - LXP_HDR_SIZE < plen)
		return -LXP_E_TRUNCATED;
	if (len - LXP_HDR_SIZE > plen)
		return -LXP_E_TRAILING;
	m->type = (uint16_t)type;
	m->nenv = m->nargv = m->nentries = m->nstats = 0;
	m->env[0] = m->argv[0] = NULL;
	m->name = m->user = m->cwd = m->text = m->hint = NULL;
	r.p = buf + LXP_HDR_SIZE;
	r.left = plen;
	r.err = 0;
	decode_payload(&r, m);
	if (r.err)
		return -r.err;
	if (r.left)
		return -LXP_E_TRAILING;
	return 0;
}

static void encode_payload(struct lxp_wr *w, const struct lxp_msg *m)
{
	uint32_t i;

	switch (m->type) {
	case LXP_HELLO:
		if (m->version == 0 && !w->err)
			w->err = LXP_E_FIELD;
		wr_u32(w, m->version);
		wr_flags(w, m->flags, 0);
		break;
	case LXP_LIST:
		wr_flags(w, m->flags, LXP_LIST_RUNNING);
		break;
	case LXP_INSTALL:
		wr_name(w, m->name);
		wr_flags(w, m->flags, LXP_INSTALL_FROM_FD);
		break;
	case LXP_RUN:
		wr_name(w, m->name);
		wr_str(w, m->user, LXP_MAX_STR);
		wr_str(w, m->cwd, LXP_MAX_STR);
		wr_flags(w, m->flags, LXP_RUN_TTY | LXP_RUN_LOGIN);
		wr_strv(w, m->env, m->nenv, LXP_MAX_ENV, 1);
		wr_strv(w, m->argv, m->nargv, LXP_MAX_ARGS, 0);
		break;
	case LXP_TERMINATE:
	case LXP_UNREGISTER:
	case LXP_STATS:
		wr_name(w, m->name);
		break;
	case LXP_EXPORT:
		wr_name(w, m->name);
		wr_flags(w, m->flags, LXP_EXPORT_GZIP);
		break;
	case LXP_OK:
		break;
	case LXP_ERROR:
		if (m->code <= 0 && !w->err)
			w->err = LXP_E_FIELD;
		wr_u32(w, (uint32_t)m->code);
		wr_str(w, m->text, LXP_MAX_STR);
		wr_str(w, m->hint, LXP_MAX_STR);
		break;
	case LXP_LIST_REPLY:
		if (m->nentries > LXP_MAX_DISTROS && !w->err)
			w->err = LXP_E_FIELD;
		wr_u16(w, (uint16_t)m->nentries);
		for (i = 0; i < m->nentries && !w->err; i++) {
			const struct lxp_entry *e = &m->entries[i];

			if ((e->state == 0 || e->state >= LXP_STATE_END) && !w->err)
				w->err = LXP_E_FIELD;
			wr_name(w, e->name);
			wr_str(w, e->path, LXP_MAX_STR);
			wr_str(w, e->user, LXP_MAX_STR);
			wr_u32(w, e->state);
			wr_u32(w, e->sessions);
		}
		break;
	case LXP_STATS_REPLY:
		if (m->nstats > LXP_MAX_STATS && !w->err)
			w->err = LXP_E_FIELD;
		wr_u64(w, m->total);
		wr_u64(w, m->total_unimpl);
		wr_u32(w, m->nr_syscalls);
		wr_u16(w, (uint16_t)m->nstats);
		for (i = 0; i < m->nstats && !w->err; i++) {
			const struct lxp_stat *s = &m->stats[i];

			if (s->nr >= LXSS_NR_COUNTERS && !w->err)
				w->err = LXP_E_FIELD;
			wr_u32(w, s->nr);
			wr_u64(w, s->calls);
			wr_u64(w, s->unimpl);
			wr_str(w, s->name, LXSS_SYSCALL_NAME_MAX - 1);
		}
		break;
	case LXP_STARTED:
		wr_u32(w, m->session);
		break;
	case LXP_EXIT:
		if ((m->code < 0 || m->code > 255) && !w->err)
			w->err = LXP_E_FIELD;
		wr_u32(w, (uint32_t)m->code);
		break;
	case LXP_FILE:
		wr_flags(w, m->flags, 0);
		break;
	default:
		w->err = LXP_E_TYPE;
	}
}

int lxp_encode(const struct lxp_msg *m, uint8_t *buf, size_t cap)
{
	struct lxp_wr w = { .p = buf, .left = cap };
	size_t plen;

	if (m->type == 0 || m->type >= LXP_TYPE_END)
		return -LXP_E_TYPE;
	wr_u32(&w, LXP_MAGIC);
	wr_u16(&w, LXP_VERSION);
	wr_u16(&w, m->type);
	wr_u32(&w, 0);		/* the size, once known */
	encode_payload(&w, m);
	if (w.err)
		return -w.err;
	plen = cap - w.left - LXP_HDR_SIZE;
	if (plen > LXP_MAX_PAYLOAD)
		return -LXP_E_SIZE;
	buf[8] = plen & 0xff;
	buf[9] = (plen >> 8) & 0xff;
	buf[10] = (plen >> 16) & 0xff;
	buf[11] = (uint8_t)(plen >> 24);
	return (int)(plen + LXP_HDR_SIZE);
}

unsigned int lxp_fds_of(const struct lxp_msg *m)
{
	switch (m->type) {
	case LXP_INSTALL:
		return m->flags & LXP_INSTALL_FROM_FD ? 1 : 0;
	case LXP_RUN:
		return m->flags & LXP_RUN_TTY ? 1 : 3;
	case LXP_FILE:
		return 1;
	default:
		return 0;
	}
}

static int lxp_is_request(unsigned int type)
{
	return type >= LXP_LIST && type <= LXP_STATS;
}

/* The one answer that ends a request well (RUN: STARTED, which goes on). */
static unsigned int lxp_answer_of(unsigned int request)
{
	switch (request) {
	case LXP_LIST:
		return LXP_LIST_REPLY;
	case LXP_STATS:
		return LXP_STATS_REPLY;
	case LXP_RUN:
		return LXP_STARTED;
	case LXP_EXPORT:
		return LXP_FILE;
	default:
		return LXP_OK;
	}
}

int lxp_conv_step(struct lxp_conv *c, int from_client, unsigned int type)
{
	enum lxp_conv_state next;

	switch (c->state) {
	case LXP_CONV_HELLO:
		if (!from_client || type != LXP_HELLO)
			return -LXP_E_ORDER;
		next = LXP_CONV_HELLO_REPLY;
		break;
	case LXP_CONV_HELLO_REPLY:
		if (from_client || (type != LXP_HELLO && type != LXP_ERROR))
			return -LXP_E_ORDER;
		next = type == LXP_HELLO ? LXP_CONV_REQUEST : LXP_CONV_DONE;
		break;
	case LXP_CONV_REQUEST:
		if (!from_client || !lxp_is_request(type))
			return -LXP_E_ORDER;
		c->request = type;
		next = LXP_CONV_REPLY;
		break;
	case LXP_CONV_REPLY:
		if (from_client || (type != LXP_ERROR && type != lxp_answer_of(c->request)))
			return -LXP_E_ORDER;
		next = type == LXP_STARTED ? LXP_CONV_RUNNING : LXP_CONV_DONE;
		break;
	case LXP_CONV_RUNNING:
		if (from_client || (type != LXP_EXIT && type != LXP_ERROR))
			return -LXP_E_ORDER;
		next = LXP_CONV_DONE;
		break;
	default:
		return -LXP_E_ORDER;
	}
	c->state = next;
	return 0;
}
