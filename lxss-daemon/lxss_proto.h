// SPDX-License-Identifier: GPL-2.0
/*
 * lxss_proto.h - the wire protocol between lx and lxssd: message layout,
 * a pure codec (lxss_proto.c: no I/O, no allocation) and the order in which
 * a conversation may carry messages.
 *
 * A message is a 12-byte header (magic "LXSP", version, type, payload size,
 * every field little-endian) and a payload laid out per type. A string is a
 * u16 length, the bytes and a NUL; arrays are a u16 count and their items.
 * The decoder checks every length against the bytes present and the limits
 * below, every flag word against the known bits, and rejects trailing bytes:
 * a message either decodes completely or is refused with an LXP_E_* code.
 *
 * A conversation (one connection): the client says HELLO, the server answers
 * HELLO (or ERROR), the client sends one request and the server answers it
 * (RUN: STARTED, then EXIT). File descriptors travel with a message
 * (SCM_RIGHTS, on its first byte); their number is fixed by the message.
 */
#ifndef LXSS_PROTO_H
#define LXSS_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/lxss.h>

#define LXP_MAGIC		0x5053584cU	/* "LXSP" in byte order */
#define LXP_VERSION		1
#define LXP_HDR_SIZE		12
#define LXP_MAX_PAYLOAD		(64 * 1024)
#define LXP_MAX_STR		4095		/* bytes of one string, without its NUL */
#define LXP_MAX_ARGS		256
#define LXP_MAX_ENV		128
#define LXP_MAX_DISTROS		128
#define LXP_MAX_STATS		LXSS_NR_COUNTERS
#define LXP_MAX_FDS		3

enum lxp_type {
	LXP_HELLO = 1,		/* both ways: u32 version, u32 flags (0) */
	LXP_LIST,		/* c: u32 flags (LXP_LIST_*) */
	LXP_INSTALL,		/* c: str name, u32 flags (LXP_INSTALL_*); 1 fd with FROM_FD */
	LXP_RUN,		/* c: str name, user, cwd, u32 flags, strv env, strv argv; 1 fd (TTY) or 3 */
	LXP_TERMINATE,		/* c: str name */
	LXP_UNREGISTER,		/* c: str name */
	LXP_EXPORT,		/* c: str name, u32 flags (LXP_EXPORT_*) */
	LXP_STATS,		/* c: str name */
	LXP_OK,			/* s: empty */
	LXP_ERROR,		/* s: i32 errno (> 0), str message, str hint */
	LXP_LIST_REPLY,		/* s: u16 n, n x (str name, path, user, u32 state, u32 sessions) */
	LXP_STATS_REPLY,	/* s: u64 total, u64 unimpl, u32 nr_syscalls, u16 n, n x stat */
	LXP_STARTED,		/* s: u32 session id */
	LXP_EXIT,		/* s: i32 status (0..255) */
	LXP_FILE,		/* s: u32 flags (0); 1 fd: the exported archive */
	LXP_TYPE_END
};

#define LXP_LIST_RUNNING	0x1U
#define LXP_INSTALL_FROM_FD	0x1U
#define LXP_RUN_TTY		0x1U
#define LXP_RUN_LOGIN		0x2U
#define LXP_EXPORT_GZIP		0x1U

/* Distro states, as lx list shows them. */
enum lxp_state {
	LXP_STATE_INSTALLED = 1,
	LXP_STATE_RUNNING,
	LXP_STATE_INSTALLING,
	LXP_STATE_END
};

/* Decoder and conversation errors (returned negated). */
enum lxp_error {
	LXP_E_SHORT = 1,	/* fewer bytes than a header */
	LXP_E_MAGIC,
	LXP_E_VERSION,
	LXP_E_TYPE,		/* unknown type */
	LXP_E_SIZE,		/* payload above LXP_MAX_PAYLOAD, or length mismatch */
	LXP_E_TRUNCATED,	/* the payload ends inside a field */
	LXP_E_TRAILING,		/* bytes after the last field */
	LXP_E_STRING,		/* no NUL, an embedded NUL, or too long */
	LXP_E_FIELD,		/* a value out of range: flags, count, name, state */
	LXP_E_ORDER,		/* a message the conversation does not allow now */
	LXP_E_FDS,		/* wrong number of file descriptors */
	LXP_E_NOSPC,		/* encoder: the buffer is too small */
	LXP_E_END
};

struct lxp_entry {
	const char *name;
	const char *path;
	const char *user;
	uint32_t state;		/* enum lxp_state */
	uint32_t sessions;
};

struct lxp_stat {
	uint32_t nr;		/* < LXSS_NR_COUNTERS */
	uint64_t calls;
	uint64_t unimpl;
	const char *name;	/* "" when unknown; < LXSS_SYSCALL_NAME_MAX bytes */
};

/*
 * A decoded message. Strings point into the buffer it was decoded from (the
 * codec checked that each ends with its NUL), so that buffer must outlive it.
 * Only the fields of the message's type are meaningful.
 */
struct lxp_msg {
	uint16_t type;
	uint32_t version;	/* HELLO */
	uint32_t flags;		/* HELLO, LIST, INSTALL, RUN, EXPORT, FILE */
	int32_t code;		/* ERROR: errno; EXIT: status */
	uint32_t session;	/* STARTED */
	const char *name;	/* INSTALL, RUN, TERMINATE, UNREGISTER, EXPORT, STATS */
	const char *user;	/* RUN ("" = the distro's default) */
	const char *cwd;	/* RUN ("" = the user's home) */
	const char *text;	/* ERROR: message */
	const char *hint;	/* ERROR: what to do ("" = none) */
	uint32_t nenv;
	const char *env[LXP_MAX_ENV + 1];	/* NULL-terminated */
	uint32_t nargv;
	const char *argv[LXP_MAX_ARGS + 1];	/* NULL-terminated */
	uint64_t total;		/* STATS_REPLY */
	uint64_t total_unimpl;
	uint32_t nr_syscalls;
	uint32_t nentries;	/* LIST_REPLY */
	struct lxp_entry entries[LXP_MAX_DISTROS];
	uint32_t nstats;	/* STATS_REPLY */
	struct lxp_stat stats[LXP_MAX_STATS];
};

/**
 * lxp_valid_distro() - a distro name: an instance name (lxss_valid_name())
 * that does not start with '.', so that it is never ".", ".." or a hidden
 * temp name when it becomes a directory name under the state directory
 */
bool lxp_valid_distro(const char *name);

/** lxp_strerror() - a short text for a (negative or positive) LXP_E_* code */
const char *lxp_strerror(int err);

/** lxp_type_name() - "HELLO", "RUN"...; "?" for an unknown type */
const char *lxp_type_name(unsigned int type);

/**
 * lxp_decode_header() - check a header, give its type and payload size
 * @buf: at least @len bytes
 * Return: 0, or -LXP_E_SHORT (under LXP_HDR_SIZE bytes), -LXP_E_MAGIC,
 * -LXP_E_VERSION, -LXP_E_TYPE, -LXP_E_SIZE (payload too large).
 */
int lxp_decode_header(const uint8_t *buf, size_t len, unsigned int *type, size_t *plen);

/**
 * lxp_decode() - decode one whole message (header and payload, nothing more)
 * @buf: the bytes; @m's strings will point into them
 * @len: exactly the message's size (-LXP_E_TRUNCATED if less, -LXP_E_TRAILING if more)
 * @m: filled on success, unspecified on failure
 * Return: 0 or a negative LXP_E_* code. Never reads outside @buf[0..@len).
 */
int lxp_decode(const uint8_t *buf, size_t len, struct lxp_msg *m);

/**
 * lxp_encode() - encode @m (fields of its type) into @buf
 * Return: the message size, or -LXP_E_NOSPC, -LXP_E_TYPE, -LXP_E_STRING,
 * -LXP_E_FIELD when @m breaks a rule the decoder would refuse.
 */
int lxp_encode(const struct lxp_msg *m, uint8_t *buf, size_t cap);

/** lxp_fds_of() - how many fds a message of this content carries */
unsigned int lxp_fds_of(const struct lxp_msg *m);

/* ---- conversation order ---- */

enum lxp_conv_state {
	LXP_CONV_HELLO = 0,	/* the client's HELLO is next */
	LXP_CONV_HELLO_REPLY,	/* the server's HELLO (or ERROR) is next */
	LXP_CONV_REQUEST,	/* the client's request is next */
	LXP_CONV_REPLY,		/* the server's answer is next */
	LXP_CONV_RUNNING,	/* a run started: EXIT or ERROR is next */
	LXP_CONV_DONE
};

struct lxp_conv {
	enum lxp_conv_state state;
	unsigned int request;	/* the client's request type */
};

/**
 * lxp_conv_step() - account for one message of the conversation
 * @c: zero-initialized at connect
 * @from_client: who sent it
 * @type: its type
 * Return: 0 and @c advanced, or -LXP_E_ORDER (then @c is unchanged).
 */
int lxp_conv_step(struct lxp_conv *c, int from_client, unsigned int type);

#endif /* LXSS_PROTO_H */
