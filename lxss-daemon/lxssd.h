// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd.h - the map of lxssd, the session manager: its state (distros,
 * sessions), the registry on disk (lxssd_registry.c), instances and the
 * processes that enter them (lxssd_instance.c), the seccomp filter
 * (lxssd_seccomp.c) and the socket loop (lxssd.c).
 */
#ifndef LXSSD_H
#define LXSSD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lxss_proto.h"
#include "lxss_wire.h"
#include "lxssd_spawn.h"

#define LXSSD_VERSION		"0.1"
#define LXSSD_STATE_DIR		"/var/lib/lxss"
#define LXSSD_GROUP		"lxss"
#define LXSSD_INIT		"/usr/lib/lxcore/init"
#define LXSSD_DEFAULT_TAR	"/usr/lib/lxcore/default-distro.tar"
#define LXSSD_IDLE_SECONDS	8
#define LXSSD_MAX_SESSIONS	64
#define LXSSD_USER_MAX		32

#ifndef LXSS_INSTANCE_PIDNS
#define LXSS_INSTANCE_PIDNS	0x1	/* the instance is a pid namespace (on main soon) */
#endif
#ifndef LXSS_MOUNT_METADATA
#define LXSS_MOUNT_METADATA	0x1	/* drvfs: keep Linux metadata in xattrs */
#endif

struct lxssd_distro {
	bool used;
	char name[LXSS_NAME_MAX];
	char user[LXSSD_USER_MAX + 1];	/* default user */
	struct lxz_owner owner;		/* who installed it: its host credentials */
	enum lxp_state state;		/* INSTALLED or INSTALLING on disk */
	/* the running instance */
	bool running;
	uint32_t gen;			/* which start of the instance (lxssd-wide counter) */
	int instfd;
	int pidfd;			/* of its pid 1 */
	pid_t init_pid;
	unsigned int sessions;
	uint64_t idle_since_ms;		/* CLOCK_MONOTONIC, when sessions fell to 0 */
	/* counters of the last instance, kept when it ends */
	bool have_stats;
	uint64_t total, total_unimpl;
	uint32_t nr_syscalls;
	uint64_t *calls, *unimpl;	/* LXSS_NR_COUNTERS each */
};

struct lxssd_session {
	bool used;
	uint32_t id;
	int distro;			/* index in distros[] */
	uint32_t gen;			/* the instance it runs in (lxssd_distro.gen) */
	pid_t helper;			/* host pid of the process that waits for it */
	struct lxp_peer *peer;		/* the lx that asked; gets EXIT */
};

struct lxssd_drive {
	char letter;			/* 0: unused */
	char path[256];
};

struct lxssd {
	const char *state_dir;
	const char *socket_path;
	const char *group_name;
	const char *init_path;
	const char *default_tar;
	const char *dev_path;
	gid_t gid;			/* (gid_t)-1: no such group, root only */
	unsigned int idle_s;
	bool seccomp;
	struct lxssd_drive drives[26];
	struct lxssd_distro distros[LXP_MAX_DISTROS];
	struct lxssd_session sessions[LXSSD_MAX_SESSIONS];
	uint32_t next_session;
	uint32_t next_gen;
	int lsock;
	struct lxz zyg;			/* the spawner */
	int devfd;			/* /dev/lxss, opened on first need */
};

/* An error to send back: errno, message, hint. */
struct lxssd_err {
	int code;
	char text[512];
	char hint[256];
};

/* ---- lxssd_util.c: pure rules and messages, unit-tested ---- */

/** lxssd_fail() - fill @e: errno @code, a message, a hint (NULL: none) */
void lxssd_fail(struct lxssd_err *e, int code, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/** lxssd_log() - "lxssd: " + message + "\n" on stderr (the journal) */
void lxssd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t lxssd_now_ms(void);
/** lxssd_valid_user() - [a-z_][a-z0-9_-]{0,31} (a passwd name we accept) */
bool lxssd_valid_user(const char *u);
/** lxssd_group_gid() - the gid of group @name in the group file @path, or (gid_t)-1 */
gid_t lxssd_group_gid(const char *path, const char *name);
/**
 * lxssd_build_init_argv() - "/init --session -u USER [-w DIR] [-e VAR=VAL]...
 * [-l] [-- CMD ARGS...]" for @req (-l when there is no command) into @out
 * Return: the number of words (@out NULL-terminated), or -1 if @max is too small.
 */
int lxssd_build_init_argv(const struct lxp_msg *req, const char *def_user, const char **out,
			  size_t max);

/** lxssd_may_use() - may host uid @uid use @d: root, or its owner */
bool lxssd_may_use(uid_t uid, const struct lxssd_distro *d);
/** lxssd_format_groups()/lxssd_parse_groups() - "G1,G2,..." or "-" for none; 0 or -1 */
int lxssd_format_groups(const struct lxz_owner *o, char *buf, size_t size);
int lxssd_parse_groups(const char *text, struct lxz_owner *o);
/** lxssd_parse_id() - a decimal uid or gid below (uid_t)-1; 0 or -1 */
int lxssd_parse_id(const char *text, uid_t *id);

/* ---- lxssd_registry.c ---- */
/** lxssd_registry_load() - read STATE/registry; 0 or -1 (logged) */
int lxssd_registry_load(struct lxssd *s);
/** lxssd_registry_save() - write STATE/registry atomically (temp, fsync, rename); 0 or -1/errno */
int lxssd_registry_save(const struct lxssd *s);
/** lxssd_distro_dir() - STATE/distros/NAME[/SUB] into @buf */
void lxssd_distro_dir(const struct lxssd *s, const char *name, const char *sub, char *buf,
		      size_t size);
struct lxssd_distro *lxssd_find(struct lxssd *s, const char *name);
/**
 * lxssd_own_tree() - give every host file and directory under @root (not
 * following links, not crossing mounts) to @uid:@gid; 0 or -1/errno
 */
int lxssd_own_tree(const char *root, uid_t uid, gid_t gid);
/** lxssd_recover() - after a restart: kill instances left by a dead lxssd, drop half installs */
void lxssd_recover(struct lxssd *s);
/** lxssd_runfile_write()/remove() - STATE/run/NAME: the pid 1 of a running instance */
void lxssd_runfile_write(const struct lxssd *s, const struct lxssd_distro *d);
void lxssd_runfile_remove(const struct lxssd *s, const struct lxssd_distro *d);

/* ---- lxssd_instance.c ---- */

/** lxssd_instance_start() - create, mount, inject, boot /init; 0 or -1 with @e */
int lxssd_instance_start(struct lxssd *s, struct lxssd_distro *d, struct lxssd_err *e);
/** lxssd_instance_stop() - keep its counters, kill pid 1, close the instance */
void lxssd_instance_stop(struct lxssd *s, struct lxssd_distro *d);
/**
 * lxssd_session_spawn() - a process that enters @d and execs /init --session
 * @fds: its fds 0, 1, 2 (the same fd three times for a tty)
 * Return: the host pid of the helper that waits for it, or -1 with @e.
 */
pid_t lxssd_session_spawn(struct lxssd *s, struct lxssd_distro *d, const struct lxp_msg *req,
			  const int *fds, struct lxssd_err *e);
/** lxssd_instance_query() - refresh the counters of a running instance; 0 or -1 */
int lxssd_instance_query(struct lxssd *s, struct lxssd_distro *d);
/** lxssd_open_dev() - /dev/lxss, kept open; -1 with @e (and the module hint) */
int lxssd_open_dev(struct lxssd *s, struct lxssd_err *e);
/** lxssd_syscall_name() - the name of syscall @nr from the module, "" if none */
void lxssd_syscall_name(struct lxssd *s, unsigned int nr, char *buf, size_t size);

/* ---- lxssd_seccomp.c ---- */

/** lxssd_seccomp_apply() - confine lxssd to its allow list; 0 or -1 (logged) */
int lxssd_seccomp_apply(void);

#endif /* LXSSD_H */
