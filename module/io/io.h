/* SPDX-License-Identifier: GPL-2.0 */
/*
 * io.h - file objects and the devices behind them: the map of module/io/.
 *
 *   file.c      the File object type (an open file description: access,
 *               status flags, the device that serves it), and host files:
 *               a Linux struct file an instance was given (its standard
 *               handles), served through the host's VFS
 *   pipe.c      the named-pipe device \Device\NamedPipe and its pipe objects:
 *               a page ring with Linux's pipe semantics, waits on ke events
 *   poll.c      readiness: the notifier every waitable device embeds
 *               (io_poll_head), the entries waiters link on it, the bridge
 *               from host wait queues, io_file_poll()
 *   epoll.c     epoll objects: interest sets over any pollable File object
 *   eventfd.c   eventfd counters
 *   afunix.c    AF_UNIX sockets: stream, datagram and seqpacket socket
 *               objects, named per instance (never host sockets)
 *   timerfd.c   timerfd timers (hrtimer on CLOCK_MONOTONIC/REALTIME/BOOTTIME)
 *   signalfd.c  signalfd: the host task's pending signals, read as siginfo
 *   inotify.c   inotify instances: watches on LxVfs nodes, event queues
 *
 * Results are NTSTATUS; a transfer also reports the bytes it moved, since a
 * partial transfer followed by an error is a success at the Linux edge.
 */
#ifndef LXCORE_IO_H
#define LXCORE_IO_H

#include <linux/mutex.h>
#include <linux/ktime.h>
#include <linux/poll.h>
#include <linux/signal_types.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/wait.h>
#include <linux/types.h>
#include <linux/un.h>

#include "ntstatus.h"
#include "ob/ob.h"

struct file;
struct iov_iter;
struct ke_thread;

/* io_file.flags: the open file description's status (F_GETFL/F_SETFL). */
#define IO_FILE_READ		0x0001U		/* opened for reading */
#define IO_FILE_WRITE		0x0002U		/* opened for writing */
#define IO_FILE_NONBLOCK	0x0100U
#define IO_FILE_APPEND		0x0200U
#define IO_FILE_NOATIME		0x0400U
#define IO_FILE_DIRECT		0x0800U
#define IO_FILE_SEEKABLE	0x1000U		/* has a position: lseek, pread */
#define IO_FILE_PATH		0x2000U		/* O_PATH: names a file, no I/O */
/* Status flags F_SETFL may change. */
#define IO_FILE_SETTABLE	(IO_FILE_NONBLOCK | IO_FILE_APPEND | IO_FILE_NOATIME)

struct io_file;
struct io_poll_entry;

/*
 * What a device does for its files. read/write move data between the file
 * and @iter for the calling thread @kt (which may wait), and set *@done to
 * the bytes moved even when they fail afterwards.
 */
/* The attributes of a file, as stat(2) reports them. */
struct io_stat {
	u64 ino;
	u64 dev;		/* new_encode_dev() of the device number */
	u32 mode;		/* type and permission bits */
	u32 nlink;
	u32 uid;
	u32 gid;
	u64 rdev;		/* new_encode_dev() */
	s64 size;
	u64 blocks;		/* 512-byte units */
	u32 blksize;
	struct timespec64 atime;
	struct timespec64 mtime;
	struct timespec64 ctime;
};

/* One directory entry, for readdir. */
struct io_dirent {
	const char *name;
	unsigned int len;
	u64 ino;
	unsigned int type;	/* DT_* */
	loff_t next;		/* the position after this entry (d_off) */
};

/* readdir's consumer: false when it has no room for @d (then stop). */
typedef bool (*io_filldir_t)(void *ctx, const struct io_dirent *d);

/* Kinds of File objects other layers look inside. */
enum io_file_kind {
	IO_KIND_OTHER,
	IO_KIND_PIPE,
	IO_KIND_HOST,		/* context: the host struct file */
	IO_KIND_VFS,		/* context: a struct vfs_file (vfs/vfs.h) */
};

struct io_file_ops {
	const char *name;
	enum io_file_kind kind;
	/*
	 * @pos: the position to transfer at and advance, or NULL for a
	 * stream (pipes) or a device that keeps its own position (host files).
	 */
	ntstatus (*read)(struct io_file *f, struct ke_thread *kt,
			 struct iov_iter *to, loff_t *pos, size_t *done);
	ntstatus (*write)(struct io_file *f, struct ke_thread *kt,
			  struct iov_iter *from, loff_t *pos, size_t *done);
	/* fstat(2). */
	ntstatus (*getattr)(struct io_file *f, struct io_stat *st);
	/*
	 * Directory entries from *@pos on; *@pos is advanced past each entry
	 * @fill accepted.
	 */
	ntstatus (*readdir)(struct io_file *f, loff_t *pos, io_filldir_t fill,
			    void *ctx);
	/* F_GETFL of a host file: the host's own flags (NULL: from @flags). */
	unsigned int (*host_flags)(struct io_file *f);
	/*
	 * The file's readiness now (EPOLL* bits). With @e, also link @e on
	 * the file's readiness notifier (io_poll_add()) *before* reading the
	 * state, so a change after the read calls @e->func. A device links
	 * @e on exactly one notifier. NULL op: not pollable (epoll_ctl says
	 * EPERM; poll and select see DEFAULT_POLLMASK, as Linux's regular
	 * files). Process context; may sleep.
	 */
	__poll_t (*poll)(struct io_file *f, struct io_poll_entry *e);
	/* F_SETFL: @flags are the new status flags; may refuse some. */
	ntstatus (*set_flags)(struct io_file *f, unsigned int flags);
	/* A handle to the file closed; @handles_left remain (may sleep). */
	void (*handle_closed)(struct io_file *f, unsigned long handles_left);
	/*
	 * ioctl(2) commands the device serves (lx/sys_ioctl.c decides which
	 * reach it): *@ret is the call's result. NULL: none (ENOTTY).
	 */
	ntstatus (*ioctl)(struct io_file *f, unsigned int cmd, unsigned long arg,
			  long *ret);
	/*
	 * lseek(2), when the device has its own rule (Linux's llseek of the
	 * file): the new position or -errno, called under @pos_lock with a
	 * valid @whence. NULL: a file with IO_FILE_SEEKABLE seeks as a
	 * regular file, any other is ESPIPE (no_llseek).
	 */
	loff_t (*llseek)(struct io_file *f, loff_t offset, int whence);
	/*
	 * The pipe behind a file that is one to splice and its kin but not
	 * an anonymous pipe end (a FIFO: Linux's pipefifo_fops). NULL: none.
	 */
	struct io_pipe *(*pipe)(struct io_file *f);
	/* The file object is being deleted. */
	void (*release)(struct io_file *f);
};

/**
 * struct io_file - the body of a File object: an open file description
 * @ops: the device's operations
 * @flags: IO_FILE_*; read locklessly, changed with cmpxchg
 * @context: the device's own state (a pipe, a host struct file)
 * @pos_lock: serializes users of @pos (read, write, lseek, getdents)
 * @pos: the file position of a seekable file (IO_FILE_SEEKABLE)
 * @ep_links: the epoll items watching this file (epoll.c, under its mutex)
 * @poll_state: a device's readiness state made on first use (host files)
 */
struct io_file {
	const struct io_file_ops *ops;
	unsigned int flags;
	void *context;
	struct mutex pos_lock;
	loff_t pos;
	struct list_head ep_links;
	void *poll_state;
};

extern struct ob_type io_file_type;

/* A new File object (one reference) for @ops/@context. */
ntstatus io_create_file(const struct io_file_ops *ops, void *context,
			unsigned int flags, struct io_file **out);
/*
 * A new File object with @extra zeroed bytes of device state in the same
 * allocation (io_file_extra()), its context; @ops may be set later.
 */
ntstatus io_create_file_extra(const struct io_file_ops *ops, size_t extra,
			      unsigned int flags, struct io_file **out);

/* The state io_create_file_extra() allocated with @f. */
static inline void *io_file_extra(struct io_file *f)
{
	return (char *)f + ALIGN(sizeof(*f), sizeof(long long));
}

/* Change the settable status flags (F_SETFL). */
ntstatus io_file_set_flags(struct io_file *f, unsigned int flags);

static inline unsigned int io_file_flags(const struct io_file *f)
{
	return READ_ONCE(f->flags);
}

/* The access a new handle to @f is granted: what the file was opened for. */
static inline u32 io_file_access(const struct io_file *f)
{
	return (f->flags & IO_FILE_READ ? OB_ACCESS_READ_DATA : 0) |
	       (f->flags & IO_FILE_WRITE ? OB_ACCESS_WRITE_DATA : 0) |
	       OB_ACCESS_SYNCHRONIZE;
}

/*
 * Linux's noop_llseek(): lseek succeeds and moves nothing (eventfd, timerfd,
 * signalfd, epoll, inotify, /dev/random): the position, which their reads
 * never advance.
 */
static inline loff_t io_noop_llseek(struct io_file *f, loff_t offset, int whence)
{
	return f->pos;
}

struct kstat;
void io_stat_from_kstat(struct io_stat *st, const struct kstat *ks);

/* Wrap a host struct file (takes its own reference to @filp). */
ntstatus io_create_host_file(struct file *filp, struct io_file **out);
/* The host struct file of a host File object, if it is a terminal; else NULL. */
struct file *io_host_tty(struct io_file *f);

/* ---- pipes (pipe.c) ---- */

#define IO_PIPE_BUF		4096	/* writes up to this size are atomic */
#define IO_PIPE_SLOTS		16	/* pages a pipe holds: 64 KiB */

/**
 * io_create_pipe() - a new anonymous pipe: its read end and its write end
 * @flags: IO_FILE_NONBLOCK for both ends (IO_FILE_DIRECT: not supported)
 *
 * The pipe is a named-pipe object created through \Device\NamedPipe.
 */
ntstatus io_create_pipe(unsigned int flags, u32 uid, u32 gid,
			struct io_file **read_end, struct io_file **write_end);

/* FIFOs opened by path (LxVfs): one pipe per node, ends opened as Linux. */
struct io_pipe;
ntstatus io_create_fifo_pipe(struct io_pipe **out);
void io_pipe_put(struct io_pipe *p);
ntstatus io_pipe_open_end(struct io_pipe *p, unsigned int flags, unsigned int *version);
void io_pipe_close_end(struct io_pipe *p, unsigned int flags);
ntstatus io_pipe_read_from(struct io_pipe *p, struct ke_thread *kt,
			   struct iov_iter *to, bool nonblock, size_t *done);
ntstatus io_pipe_write_to(struct io_pipe *p, struct ke_thread *kt,
			  struct iov_iter *from, bool nonblock, size_t *done);
ntstatus io_pipe_ioctl_on(struct io_pipe *p, unsigned int cmd, unsigned long arg, long *ret);
struct io_poll_entry;
__poll_t io_pipe_poll_on(struct io_pipe *p, unsigned int flags, unsigned int version,
			 struct io_poll_entry *e);

/* splice, tee, vmsplice (lx/sys_splice.c): the pipe's pages lent out. */
typedef ntstatus (*io_pipe_fill_t)(void *ctx, struct iov_iter *to, size_t *done);
typedef ntstatus (*io_pipe_drain_t)(void *ctx, struct iov_iter *from, size_t *done);
struct io_pipe *io_file_pipe(struct io_file *f);
ntstatus io_pipe_splice_in(struct io_pipe *p, struct ke_thread *kt, size_t len,
			   unsigned int skew, bool nonblock, io_pipe_fill_t fill,
			   void *ctx, size_t *done);
ntstatus io_pipe_splice_out(struct io_pipe *p, struct ke_thread *kt, size_t len,
			    bool nonblock, bool one_buf, io_pipe_drain_t drain, void *ctx,
			    size_t *done);
ntstatus io_pipe_link(struct io_pipe *ip, struct io_pipe *op, struct ke_thread *kt,
		      size_t len, bool nonblock, bool move, size_t *done);

/* ---- readiness (poll.c) ---- */

/*
 * A readiness notifier: the one mechanism every waitable object uses to
 * tell waiters (poll, select, epoll, blocking epoll of an epoll) that its
 * state changed. Entries are callbacks, so a wake costs the waiters
 * linked on this object, never a scan of every watched object.
 */
struct io_poll_head {
	spinlock_t lock;		/* irq-safe: timers wake from hardirq */
	struct list_head entries;
};

/*
 * @func runs under the head's lock (any context, irqs off) with the events
 * that happened, 0 if unknown (treat as every event). It must not sleep,
 * nor add or remove entries of the same head.
 */
typedef void (*io_poll_func_t)(struct io_poll_entry *e, __poll_t events);

struct io_poll_entry {
	struct list_head node;
	struct io_poll_head *head;	/* linked on, NULL when not */
	io_poll_func_t func;
};

void io_poll_head_init(struct io_poll_head *h);
static inline void io_poll_entry_init(struct io_poll_entry *e, io_poll_func_t func)
{
	INIT_LIST_HEAD(&e->node);
	e->head = NULL;
	e->func = func;
}

void io_poll_add(struct io_poll_head *h, struct io_poll_entry *e);
/* Unlink @e (if linked); its @func is not running when this returns. */
void io_poll_remove(struct io_poll_entry *e);
/* Tell every entry on @h: @events happened (0: unknown). Any context. */
void io_poll_wake(struct io_poll_head *h, __poll_t events);

/*
 * Host wait queues feeding a notifier: what a host file (or the host
 * task's signalfd queue) wakes, once armed, wakes @head.
 */
struct io_poll_bridge {
	struct io_poll_head *head;
	poll_table pt;
	unsigned int n;
	struct io_poll_bridge_q {
		wait_queue_entry_t wait;
		wait_queue_head_t *wqh;
		struct io_poll_bridge *bridge;
	} q[2];
};

void io_poll_bridge_init(struct io_poll_bridge *b, struct io_poll_head *head);
void io_poll_bridge_add(struct io_poll_bridge *b, wait_queue_head_t *wqh);
void io_poll_bridge_release(struct io_poll_bridge *b);

/*
 * Readiness of @f (see io_file_ops.poll); @e may be NULL. A device with no
 * poll operation is always ready for reading and writing, as Linux answers
 * for regular files and simple devices.
 */
static inline __poll_t io_file_poll(struct io_file *f, struct io_poll_entry *e)
{
	if (!f->ops->poll)
		return DEFAULT_POLLMASK;
	return f->ops->poll(f, e);
}
/* May @f be watched (epoll_ctl): Linux's file_can_poll(). */
bool io_file_can_poll(struct io_file *f);
/* getattr of epoll, eventfd, timerfd, signalfd: Linux's anonymous inode. */
ntstatus io_anon_getattr(struct io_file *f, struct io_stat *st);

/* ---- epoll (epoll.c) ---- */

ntstatus io_create_epoll(struct io_file **out);
bool io_file_is_epoll(struct io_file *f);
/* epoll_ctl on an epoll File; @events/@data as struct epoll_event. */
int io_epoll_ctl(struct io_file *ep, int op, unsigned int fd, struct io_file *target,
		 __poll_t events, u64 data);
/*
 * Up to @max ready events to @uevents (struct epoll_event, user memory),
 * waiting until @deadline (NULL: forever; 0 or past: no wait). Returns the
 * count, 0 (timed out), -EINTR, -EFAULT.
 */
int io_epoll_wait(struct io_file *ep, struct ke_thread *kt, void __user *uevents,
		  int max, const ktime_t *deadline);
/* @f is being deleted: remove it from every epoll set (file.c). */
void io_epoll_file_gone(struct io_file *f);

/* ---- eventfd, timerfd, signalfd ---- */

ntstatus io_create_eventfd(u64 count, bool semaphore, bool nonblock,
			   struct io_file **out);

ntstatus io_create_timerfd(int clockid, bool nonblock, struct io_file **out);
bool io_file_is_timerfd(struct io_file *f);
ntstatus io_timerfd_settime(struct io_file *f, int flags, const struct timespec64 *value,
			    const struct timespec64 *interval, struct timespec64 *old_value,
			    struct timespec64 *old_interval);
void io_timerfd_exit(void);
void io_timerfd_gettime(struct io_file *f, struct timespec64 *value,
			struct timespec64 *interval);

ntstatus io_create_signalfd(const sigset_t *mask, bool nonblock, struct io_file **out);
bool io_file_is_signalfd(struct io_file *f);
void io_signalfd_set_mask(struct io_file *f, const sigset_t *mask);

/* ---- inotify (inotify.c; events from LxVfs's hooks, vfs/lxvfs.h) ---- */

struct lxvfs_node;
ntstatus io_create_inotify(bool nonblock, struct io_file **out);
bool io_file_is_inotify(struct io_file *f);
int io_inotify_add_watch(struct io_file *f, struct lxvfs_node *n, u32 mask);
int io_inotify_rm_watch(struct io_file *f, int wd);
void io_inotify_exit(void);	/* module unload: the fsnotify group */

/* ---- AF_UNIX sockets (afunix.c) ---- */

struct io_usock;
struct lxvfs_node;

/* Who sent a message, or is a socket's peer: instance pid and ids. */
struct io_sock_cred {
	u32 pid;
	u32 uid;
	u32 gid;
};

/* A socket name as sockaddr_un bytes, @len of them. */
struct io_unix_addr {
	unsigned int len;
	struct sockaddr_un sun;
};

/*
 * One sendmsg or recvmsg. Send: @iter, @flags (MSG_*), @to (a datagram's
 * destination, referenced by the caller), @named (an address was given),
 * @files (references the message
 * takes over), @cred (the sender's). Receive: @iter, @flags; out: @done,
 * @full (the datagram's length), @out_flags (MSG_TRUNC), @files (kmalloc'd
 * array of references, the caller's), @cred/@has_cred, *@from.
 */
struct io_unix_msg {
	struct iov_iter *iter;
	unsigned int flags;
	struct io_usock *to;
	bool named;
	struct io_unix_addr *from;
	struct io_file **files;
	unsigned int nfiles;
	struct io_sock_cred cred;
	bool has_cred;
	size_t done;
	size_t full;
	unsigned int out_flags;
};

extern struct ob_type io_unix_type;

ntstatus io_unix_create(int type, unsigned int flags, const struct io_sock_cred *cred,
			struct io_file **out);
ntstatus io_unix_pair(int type, unsigned int flags, const struct io_sock_cred *cred,
		      struct io_file **a, struct io_file **b);
bool io_file_is_unix(struct io_file *f);
int io_unix_type_of(struct io_file *f);
int io_unix_type_of_sock(struct io_usock *s);
bool io_unix_is_bound(struct io_file *f);
ntstatus io_unix_bind(struct io_file *f, struct ob_directory *ns, const char *key,
		      const struct io_unix_addr *addr, struct lxvfs_node *node);
ntstatus io_unix_name(struct io_file *f, bool peer, struct io_unix_addr *out);
ntstatus io_unix_listen(struct io_file *f, int backlog, const struct io_sock_cred *cred);
ntstatus io_unix_connect(struct io_file *f, struct ke_thread *kt, struct io_usock *to,
			 const struct io_sock_cred *cred);
ntstatus io_unix_accept(struct io_file *f, struct ke_thread *kt, unsigned int flags,
			struct io_file **out);
ntstatus io_unix_shutdown(struct io_file *f, int how);
ntstatus io_unix_sendmsg(struct io_file *f, struct ke_thread *kt, struct io_unix_msg *m);
ntstatus io_unix_recvmsg(struct io_file *f, struct ke_thread *kt, struct io_unix_msg *m);
ntstatus io_unix_getopt(struct io_file *f, int opt, int *val, struct io_sock_cred *cred);
ntstatus io_unix_setopt(struct io_file *f, int opt, int val);
long io_unix_timeout(struct io_file *f, bool send, const long *set);
int io_unix_atmark(struct io_file *f);
/* The Linux layer's: the credentials of the thread @kt (write(2) on a socket). */
void io_sock_caller_cred(struct ke_thread *kt, struct io_sock_cred *c);

int io_init(void);	/* \Device\NamedPipe; 0 or -errno */
void io_exit(void);

/* Objects counted by the tests: pipes alive now. */
extern struct ob_type io_pipe_type;

#endif /* LXCORE_IO_H */
