// SPDX-License-Identifier: GPL-2.0
/*
 * AF_UNIX sockets of pico processes: stream, datagram and seqpacket socket
 * objects of the executive, never host sockets. A socket is an object
 * (type "Socket") behind a File object; a bound socket is also named in
 * its instance's \Instances\<id>\AfUnix directory (abstract names, and the
 * inode keys of path names the Linux layer made in LxVfs), so names never
 * cross instances and never reach the host.
 *
 * Data is a queue of messages on the receiving socket. Each socket has two
 * notification events kept in line with its state under its mutex, as
 * pipes do: "readable" (a message, a pending connection, an error or the
 * end of input) for its readers, and "space" (its queue below its limit)
 * for the writers that send to it. A sender locks only the receiver, so
 * no two socket locks are ever held together.
 */
#include <asm/ioctls.h>
#include <linux/atomic.h>
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/stat.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "io/io.h"
#include "ke/ke.h"
#include "vfs/lxvfs.h"

#define IO_USK_CHUNK		(64U * 1024)	/* the largest stream message */
#define IO_USK_DGRAM_QLEN	10		/* net.unix.max_dgram_qlen */
#define IO_USK_BUF_DEFAULT	212992		/* net.core.[rw]mem_default */
#define IO_USK_BUF_MAX		212992		/* net.core.[rw]mem_max */
#define IO_USK_MIN_SNDBUF	4608
#define IO_USK_MIN_RCVBUF	2304
#define IO_USK_SOMAXCONN	4096
#define IO_USK_MSG_OVERHEAD	512		/* charged per message */

enum io_usk_state {
	IO_USK_UNCONNECTED,
	IO_USK_CONNECTING,
	IO_USK_LISTENING,
	IO_USK_CONNECTED,
};

/* One message (a datagram, a seqpacket record, a piece of a stream). */
struct io_usk_msg {
	struct list_head node;
	size_t len;
	size_t charge;			/* what it counts against SO_RCVBUF */
	size_t off;			/* stream: bytes already read */
	struct io_sock_cred cred;
	struct io_unix_addr *from;	/* the sender's name (dgram), or NULL */
	struct io_file **files;		/* SCM_RIGHTS in flight */
	unsigned int nfiles;
	u8 data[];
};

/*
 * struct io_usock - the body of a Socket object
 * @lock: everything below that changes
 * @type: SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
 * @state: enum io_usk_state
 * @shut: RCV_SHUTDOWN / SEND_SHUTDOWN, its own and those its peer caused
 * @dead: closed: no File object any more
 * @err: the pending error (SO_ERROR), a positive errno
 * @peer: the connected peer (referenced), NULL if none
 * @addr: the bound name (kmalloc'd, never changed once set), or NULL
 * @node: the LxVfs node of a path name (referenced)
 * @rq: messages to read; @rq_len counts them, @rq_bytes their charge (data
 *	and a fixed overhead per message and per file, as skb truesize)
 * @backlog: connections waiting for accept (sockets, referenced)
 * @nbacklog: how many; @max_backlog: listen()'s backlog
 * @readable: set while a read or an accept would not wait
 * @space: set while a send to this socket would not wait
 * @poll: readiness notifier of its File object
 * @sndbuf: SO_SNDBUF; @rcvbuf: SO_RCVBUF (the queue's limit)
 * @passcred: SO_PASSCRED; @reuseaddr: SO_REUSEADDR; @keepalive: SO_KEEPALIVE
 * @peercred: SO_PEERCRED (@has_peercred: set)
 * @owncred: the listener's credentials, what its clients see as peer
 * @ino: its inode number, for fstat
 * @oob: stream: the message in @rq holding the out-of-band byte, or NULL
 * @oobinline: SO_OOBINLINE
 */
struct io_usock {
	struct mutex lock;
	int type;
	int state;
	unsigned int shut;
	bool dead;
	int err;
	struct io_usock *peer;
	struct io_unix_addr *addr;
	struct lxvfs_node *node;
	struct list_head rq;
	size_t rq_bytes;
	unsigned int rq_len;
	struct list_head backlog;
	unsigned int nbacklog;
	unsigned int max_backlog;
	struct list_head backlog_node;
	struct ke_event readable;
	struct ke_event space;
	bool is_readable;
	bool has_space;
	struct io_poll_head poll;
	u32 sndbuf;
	u32 rcvbuf;
	long sndtimeo;
	long rcvtimeo;
	bool passcred;
	bool reuseaddr;
	bool keepalive;
	bool has_peercred;
	bool oobinline;
	struct io_usk_msg *oob;
	struct io_sock_cred peercred;
	struct io_sock_cred owncred;
	u64 ino;
	u32 uid;
	u32 gid;
	struct timespec64 created;
	/* garbage collection of sockets only messages refer to */
	struct list_head all_node;
	struct io_file *file;
	/* datagram senders told when this receiver has room again (peer_wait) */
	struct list_head peer_waiters;
	struct list_head peer_wake_node;
	struct io_usock *wake_on;	/* whose peer_waiters it is on (referenced) */
	atomic_t inflight;
	long gc_count;
	bool gc_candidate;
	bool gc_reachable;
};

/*
 * Every socket, for the collector: a socket whose File object is referred
 * to only by messages in flight (SCM_RIGHTS) may be unreachable, as in
 * Linux's net/unix/garbage.c.
 */
static DEFINE_MUTEX(io_usk_all_lock);
static LIST_HEAD(io_usk_all);
static atomic_t io_usk_inflight_total = ATOMIC_INIT(0);

/* Sockets among @files are in flight (@delta 1) or no longer (-1). */
static void io_usk_account(struct io_file **files, unsigned int n, int delta)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!io_file_is_unix(files[i]))
			continue;
		atomic_add(delta, &((struct io_usock *)files[i]->context)->inflight);
		atomic_add(delta, &io_usk_inflight_total);
	}
}

static atomic64_t io_usk_serial = ATOMIC64_INIT(0);
#define IO_USK_DEV	0x00000fe1U	/* st_dev of sockets (sockfs-like) */

static void io_usk_free_msg(struct io_usk_msg *m)
{
	unsigned int i;

	io_usk_account(m->files, m->nfiles, -1);
	/*
	 * A file in flight may be a socket with files in flight in turn:
	 * released by the worker, so no chain of them recurses on this stack.
	 */
	for (i = 0; i < m->nfiles; i++)
		ob_dereference_deferred(m->files[i]);
	kfree(m->files);
	kfree(m->from);
	kvfree(m);
}

static void io_usk_free_list(struct list_head *list)
{
	struct io_usk_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, list, node) {
		list_del(&m->node);
		io_usk_free_msg(m);
	}
}

static void io_usk_delete(void *obj)
{
	struct io_usock *s = obj;

	/* Closed by now (io_usk_close); only leftovers of a never-opened one. */
	mutex_lock(&io_usk_all_lock);
	list_del(&s->all_node);
	mutex_unlock(&io_usk_all_lock);
	io_usk_free_list(&s->rq);
	if (s->peer)
		ob_dereference(s->peer);
	if (s->node)
		ob_dereference(s->node);
	kfree(s->addr);
}

struct ob_type io_unix_type = {
	.name = "Socket",
	.body_size = sizeof(struct io_usock),
	.valid_access = OB_ACCESS_ALL,
	.delete = io_usk_delete,
};

static bool io_usk_full(const struct io_usock *s)
{
	if (s->state == IO_USK_LISTENING)
		return s->nbacklog > s->max_backlog;
	if (s->rq_bytes >= s->rcvbuf)
		return true;
	return s->type == SOCK_DGRAM && !s->peer && s->rq_len > IO_USK_DGRAM_QLEN;
}

/* SO_RCVTIMEO/SO_SNDTIMEO (jiffies) as a wait deadline in @buf, or NULL: none. */
static const ktime_t *io_usk_deadline(long timeo, ktime_t *buf)
{
	if (timeo == MAX_SCHEDULE_TIMEOUT)
		return NULL;
	*buf = ktime_add_ns(ktime_get(), jiffies_to_nsecs(timeo));
	return buf;
}

/* A wait's end: a timeout is EAGAIN, as sock_intr_errno() after a timeout. */
static ntstatus io_usk_waited(ntstatus st)
{
	return st == STATUS_TIMEOUT ? STATUS_LX_ERRNO(EAGAIN) : st;
}

/* Bring both events in line with the state and tell pollers. Under @s->lock. */
static void io_usk_update(struct io_usock *s)
{
	bool r = !list_empty(&s->rq) || s->nbacklog || s->err ||
		 (s->shut & RCV_SHUTDOWN) || s->dead;
	bool w = !io_usk_full(s) || (s->shut & RCV_SHUTDOWN) || s->dead;
	bool changed = false;

	if (r != s->is_readable) {
		s->is_readable = r;
		if (r)
			ke_event_set(&s->readable);
		else
			ke_event_reset(&s->readable);
		changed = true;
	}
	if (w != s->has_space) {
		s->has_space = w;
		if (w)
			ke_event_set(&s->space);
		else
			ke_event_reset(&s->space);
		/* The peer writes into this queue: its EPOLLOUT changed. */
		if (s->peer)
			io_poll_wake(&s->peer->poll, 0);
		/* So did that of datagram senders that found it full. */
		if (w) {
			struct io_usock *v, *tmp;

			list_for_each_entry_safe(v, tmp, &s->peer_waiters, peer_wake_node) {
				list_del_init(&v->peer_wake_node);
				v->wake_on = NULL;
				io_poll_wake(&v->poll, EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND);
				/* @s is in use here: never its last reference. */
				ob_dereference_deferred(s);
			}
		}
	}
	if (changed)
		io_poll_wake(&s->poll, 0);
}

static ntstatus io_usk_alloc(int type, struct io_usock **out)
{
	struct io_usock *s;
	ntstatus st;

	st = ob_create_object(&io_unix_type, 0, (void **)&s);
	if (!NT_SUCCESS(st))
		return st;
	mutex_init(&s->lock);
	s->type = type;
	INIT_LIST_HEAD(&s->rq);
	INIT_LIST_HEAD(&s->backlog);
	INIT_LIST_HEAD(&s->backlog_node);
	INIT_LIST_HEAD(&s->peer_waiters);
	INIT_LIST_HEAD(&s->peer_wake_node);
	ke_event_init(&s->readable, KE_NOTIFICATION_EVENT, false);
	ke_event_init(&s->space, KE_NOTIFICATION_EVENT, true);
	s->has_space = true;
	io_poll_head_init(&s->poll);
	s->sndbuf = IO_USK_BUF_DEFAULT;
	s->rcvbuf = IO_USK_BUF_DEFAULT;
	s->sndtimeo = MAX_SCHEDULE_TIMEOUT;
	s->rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	s->ino = atomic64_inc_return(&io_usk_serial);
	ktime_get_real_ts64(&s->created);
	mutex_lock(&io_usk_all_lock);
	list_add_tail(&s->all_node, &io_usk_all);
	mutex_unlock(&io_usk_all_lock);
	*out = s;
	return STATUS_SUCCESS;
}

/* @s no longer waits for room in a receiver (unix_dgram_peer_wake_disconnect). */
static void io_usk_peer_wake_unlink(struct io_usock *s)
{
	struct io_usock *r;

	for (;;) {
		r = READ_ONCE(s->wake_on);
		if (!r)
			return;
		/* @s's reference keeps @r while it is linked there. */
		mutex_lock(&r->lock);
		if (s->wake_on == r) {
			list_del_init(&s->peer_wake_node);
			s->wake_on = NULL;
			mutex_unlock(&r->lock);
			ob_dereference(r);
			return;
		}
		mutex_unlock(&r->lock);
	}
}

/* Close @s: its File object is going (or it was never accepted). */
static void io_usk_close(struct io_usock *s, bool embryo)
{
	struct io_usock *peer, *n, *tmp;
	LIST_HEAD(msgs);
	LIST_HEAD(embryos);
	bool had_data;

	mutex_lock(&s->lock);
	s->dead = true;
	s->shut = RCV_SHUTDOWN | SEND_SHUTDOWN;
	had_data = !list_empty(&s->rq) || embryo;
	list_splice_init(&s->rq, &msgs);
	s->oob = NULL;
	s->rq_bytes = 0;
	s->rq_len = 0;
	list_splice_init(&s->backlog, &embryos);
	s->nbacklog = 0;
	peer = s->peer;
	s->peer = NULL;
	s->state = IO_USK_UNCONNECTED;
	io_usk_update(s);
	io_poll_wake(&s->poll, 0);
	mutex_unlock(&s->lock);

	io_usk_peer_wake_unlink(s);
	/* A name goes with the socket, even while lookups still hold it. */
	ob_make_temporary(s);

	if (peer) {
		if (peer->type != SOCK_DGRAM) {
			mutex_lock(&peer->lock);
			peer->shut = RCV_SHUTDOWN | SEND_SHUTDOWN;
			if (had_data)
				peer->err = ECONNRESET;
			io_usk_update(peer);
			io_poll_wake(&peer->poll, 0);
			mutex_unlock(&peer->lock);
		}
		ob_dereference(peer);
	}
	list_for_each_entry_safe(n, tmp, &embryos, backlog_node) {
		list_del_init(&n->backlog_node);
		io_usk_close(n, true);
		ob_dereference(n);
	}
	/* Files in flight may be sockets: released with no lock held. */
	io_usk_free_list(&msgs);
}

/* ---- the File object ---- */

static const struct io_file_ops io_unix_ops;

bool io_file_is_unix(struct io_file *f)
{
	return f->ops == &io_unix_ops;
}

static struct io_usock *io_usk(struct io_file *f)
{
	return f->context;
}

static ntstatus io_usk_make_file(struct io_usock *s, unsigned int flags,
				 struct io_file **out)
{
	ntstatus st;

	st = io_create_file(&io_unix_ops, s, IO_FILE_READ | IO_FILE_WRITE |
			    (flags & IO_FILE_NONBLOCK), out);
	if (NT_SUCCESS(st))
		WRITE_ONCE(s->file, *out);
	return st;
}

/**
 * io_unix_create() - a new unconnected AF_UNIX socket
 * @type: SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
 * @flags: IO_FILE_NONBLOCK
 * @cred: the creator's ids (fstat shows them)
 * @out: its File object, one reference
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_unix_create(int type, unsigned int flags, const struct io_sock_cred *cred,
			struct io_file **out)
{
	struct io_usock *s;
	ntstatus st;

	st = io_usk_alloc(type, &s);
	if (!NT_SUCCESS(st))
		return st;
	s->uid = cred->uid;
	s->gid = cred->gid;
	st = io_usk_make_file(s, flags, out);
	if (!NT_SUCCESS(st))
		ob_dereference(s);
	return st;
}

/**
 * io_unix_pair() - two connected AF_UNIX sockets (socketpair)
 * @type: as io_unix_create()
 * @flags: IO_FILE_NONBLOCK
 * @cred: the creator: each end's SO_PEERCRED
 * @a: one end's File object
 * @b: the other's
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_unix_pair(int type, unsigned int flags, const struct io_sock_cred *cred,
		      struct io_file **a, struct io_file **b)
{
	struct io_usock *s1, *s2;
	ntstatus st;

	st = io_usk_alloc(type, &s1);
	if (!NT_SUCCESS(st))
		return st;
	st = io_usk_alloc(type, &s2);
	if (!NT_SUCCESS(st)) {
		ob_dereference(s1);
		return st;
	}
	s1->peer = s2;
	s2->peer = s1;
	ob_reference(s1);
	ob_reference(s2);
	s1->state = s2->state = IO_USK_CONNECTED;
	s1->peercred = s2->peercred = *cred;
	s1->has_peercred = s2->has_peercred = true;
	s1->uid = s2->uid = cred->uid;
	s1->gid = s2->gid = cred->gid;
	st = io_usk_make_file(s1, flags, a);
	if (!NT_SUCCESS(st))
		goto err_put_both;
	st = io_usk_make_file(s2, flags, b);
	if (!NT_SUCCESS(st)) {
		ob_dereference(*a);	/* closes s1: drops s1's peer reference */
		ob_dereference(s2);
		return st;
	}
	return STATUS_SUCCESS;

err_put_both:
	io_usk_close(s1, false);
	io_usk_close(s2, false);
	ob_dereference(s1);
	ob_dereference(s2);
	return st;
}

int io_unix_type_of(struct io_file *f)
{
	return io_usk(f)->type;
}

int io_unix_type_of_sock(struct io_usock *s)
{
	return s->type;
}

/* ---- names ---- */

/**
 * io_unix_bind() - give @f's socket a name
 * @f: the socket's File object
 * @ns: the instance's socket directory
 * @key: the name's key there ("@<type>:<hex>" abstract, "#<dev>.<ino>" path)
 * @addr: what getsockname() will show
 * @node: the LxVfs node of a path name (the socket takes a reference), or NULL
 *
 * Return: STATUS_SUCCESS, EINVAL (bound already), EADDRINUSE.
 */
ntstatus io_unix_bind(struct io_file *f, struct ob_directory *ns, const char *key,
		      const struct io_unix_addr *addr, struct lxvfs_node *node)
{
	struct io_usock *s = io_usk(f);
	struct io_unix_addr *copy;
	ntstatus st;

	copy = kmemdup(addr, sizeof(*addr), GFP_KERNEL_ACCOUNT);
	if (!copy)
		return STATUS_INSUFFICIENT_RESOURCES;
	mutex_lock(&s->lock);
	if (s->addr || s->dead) {
		st = STATUS_LX_ERRNO(EINVAL);
		goto out;
	}
	st = ob_insert_object(ns, key, s, false);
	if (st == STATUS_OBJECT_NAME_COLLISION)
		st = STATUS_LX_ERRNO(EADDRINUSE);
	if (!NT_SUCCESS(st))
		goto out;
	s->addr = copy;
	copy = NULL;
	if (node) {
		ob_reference(node);
		s->node = node;
	}
out:
	mutex_unlock(&s->lock);
	kfree(copy);
	return st;
}

bool io_unix_is_bound(struct io_file *f)
{
	return READ_ONCE(io_usk(f)->addr) != NULL;
}

/**
 * io_unix_name() - getsockname (@peer false) or getpeername
 * @f: the socket's File object
 * @peer: the peer's name rather than the socket's own
 * @out: the name (just the family when unnamed)
 *
 * Return: STATUS_SUCCESS or ENOTCONN.
 */
ntstatus io_unix_name(struct io_file *f, bool peer, struct io_unix_addr *out)
{
	struct io_usock *s = io_usk(f), *p;
	ntstatus st = STATUS_SUCCESS;

	memset(out, 0, sizeof(*out));
	out->sun.sun_family = AF_UNIX;
	out->len = sizeof(sa_family_t);
	mutex_lock(&s->lock);
	if (!peer) {
		if (s->addr)
			*out = *s->addr;
		goto out;
	}
	p = s->peer;
	if (!p || (s->type != SOCK_DGRAM && s->state != IO_USK_CONNECTED)) {
		st = STATUS_LX_ERRNO(ENOTCONN);
		goto out;
	}
	/* The peer's name is set before it is connected, never changed. */
	if (READ_ONCE(p->addr))
		*out = *p->addr;
out:
	mutex_unlock(&s->lock);
	return st;
}

/* ---- connections ---- */

/**
 * io_unix_listen() - listen(2)
 * @f: the socket's File object
 * @backlog: connections that may wait (capped at somaxconn)
 * @cred: the caller: what its clients see as SO_PEERCRED
 *
 * Return: STATUS_SUCCESS, EOPNOTSUPP (datagram), EINVAL (unbound or connected).
 */
ntstatus io_unix_listen(struct io_file *f, int backlog, const struct io_sock_cred *cred)
{
	struct io_usock *s = io_usk(f);
	ntstatus st = STATUS_SUCCESS;

	if (s->type == SOCK_DGRAM)
		return STATUS_LX_ERRNO(EOPNOTSUPP);
	if ((unsigned int)backlog > IO_USK_SOMAXCONN)
		backlog = IO_USK_SOMAXCONN;
	mutex_lock(&s->lock);
	if (!s->addr || (s->state != IO_USK_UNCONNECTED && s->state != IO_USK_LISTENING)) {
		st = STATUS_LX_ERRNO(EINVAL);
		goto out;
	}
	s->max_backlog = backlog;
	s->state = IO_USK_LISTENING;
	s->owncred = *cred;
	io_usk_update(s);
out:
	mutex_unlock(&s->lock);
	return st;
}

/* Datagram connect: @to becomes the default destination and the only sender. */
static ntstatus io_usk_dgram_connect(struct io_usock *s, struct io_usock *to)
{
	struct io_usock *old;

	if (to) {
		mutex_lock(&to->lock);
		if (to->dead) {
			mutex_unlock(&to->lock);
			return STATUS_LX_ERRNO(ECONNREFUSED);
		}
		if (to->peer && to->peer != s) {
			mutex_unlock(&to->lock);
			return STATUS_LX_ERRNO(EPERM);
		}
		mutex_unlock(&to->lock);
		ob_reference(to);
	}
	mutex_lock(&s->lock);
	old = s->peer;
	s->peer = to;
	s->state = to ? IO_USK_CONNECTED : IO_USK_UNCONNECTED;
	io_usk_update(s);
	mutex_unlock(&s->lock);
	io_usk_peer_wake_unlink(s);
	if (old)
		ob_dereference(old);
	return STATUS_SUCCESS;
}

/**
 * io_unix_connect() - connect @f's socket to @to (found by its name)
 * @f: the socket's File object
 * @kt: the caller, who may wait for room in @to's backlog
 * @to: the socket the name named, or NULL (AF_UNSPEC: datagram disconnect)
 * @cred: the caller: what the accepted socket reports as SO_PEERCRED
 *
 * Return: STATUS_SUCCESS, EISCONN, EINVAL, EPROTOTYPE, ECONNREFUSED, EAGAIN,
 * EPERM, STATUS_USER_APC.
 */
ntstatus io_unix_connect(struct io_file *f, struct ke_thread *kt, struct io_usock *to,
			 const struct io_sock_cred *cred)
{
	struct io_usock *s = io_usk(f), *n;
	bool nonblock = io_file_flags(f) & IO_FILE_NONBLOCK;
	const ktime_t *deadline;
	struct io_sock_cred lcred;
	ktime_t dbuf;
	ntstatus st;

	if (to && to->type != s->type)
		return STATUS_LX_ERRNO(EPROTOTYPE);
	if (s->type == SOCK_DGRAM)
		return io_usk_dgram_connect(s, to);
	if (!to)
		return STATUS_LX_ERRNO(EINVAL);

	mutex_lock(&s->lock);
	switch (s->state) {
	case IO_USK_UNCONNECTED:
		st = s->dead ? STATUS_LX_ERRNO(EINVAL) : STATUS_SUCCESS;
		break;
	case IO_USK_CONNECTED:
		st = STATUS_LX_ERRNO(EISCONN);
		break;
	case IO_USK_CONNECTING:
		st = STATUS_LX_ERRNO(EALREADY);
		break;
	default:
		st = STATUS_LX_ERRNO(EINVAL);
		break;
	}
	if (NT_SUCCESS(st))
		s->state = IO_USK_CONNECTING;
	mutex_unlock(&s->lock);
	if (!NT_SUCCESS(st))
		return st;

	/* The server's end, waiting in the backlog until accepted. */
	st = io_usk_alloc(s->type, &n);
	if (!NT_SUCCESS(st))
		goto err_state;
	n->peer = s;
	ob_reference(s);
	n->state = IO_USK_CONNECTED;
	n->peercred = *cred;
	n->has_peercred = true;
	n->uid = s->uid;
	n->gid = s->gid;

	deadline = io_usk_deadline(READ_ONCE(s->sndtimeo), &dbuf);
	mutex_lock(&to->lock);
	for (;;) {
		if (to->dead || to->state != IO_USK_LISTENING) {
			st = STATUS_LX_ERRNO(ECONNREFUSED);
			break;
		}
		if (to->nbacklog <= to->max_backlog) {
			st = STATUS_SUCCESS;
			break;
		}
		if (nonblock) {
			st = STATUS_LX_ERRNO(EAGAIN);
			break;
		}
		io_usk_update(to);
		mutex_unlock(&to->lock);
		st = io_usk_waited(ke_wait_for_single_object(kt, &to->space.header, true,
							     deadline));
		mutex_lock(&to->lock);
		if (st != STATUS_WAIT_0)
			break;
	}
	/* A signal (STATUS_USER_APC) is a success code: compare exactly. */
	if (st == STATUS_SUCCESS) {
		if (to->addr)
			n->addr = kmemdup(to->addr, sizeof(*to->addr), GFP_KERNEL_ACCOUNT);
		if (to->addr && !n->addr) {
			st = STATUS_INSUFFICIENT_RESOURCES;
		} else {
			list_add_tail(&n->backlog_node, &to->backlog);
			to->nbacklog++;
			lcred = to->owncred;
			io_usk_update(to);
			io_poll_wake(&to->poll, EPOLLIN | EPOLLRDNORM);
		}
	}
	mutex_unlock(&to->lock);
	if (st != STATUS_SUCCESS) {
		/* Never queued: nobody saw it, the client stays as it was. */
		n->peer = NULL;
		ob_dereference(s);
		ob_dereference(n);
		goto err_state;
	}

	ob_reference(n);	/* the client's peer reference */
	mutex_lock(&s->lock);
	s->peer = n;
	s->state = IO_USK_CONNECTED;
	s->peercred = lcred;
	s->has_peercred = true;
	io_usk_update(s);
	io_poll_wake(&s->poll, 0);
	mutex_unlock(&s->lock);
	return STATUS_SUCCESS;

err_state:
	mutex_lock(&s->lock);
	if (s->state == IO_USK_CONNECTING)
		s->state = IO_USK_UNCONNECTED;
	mutex_unlock(&s->lock);
	return st;
}

/**
 * io_unix_accept() - take a connection from @f's backlog
 * @f: the listening socket's File object
 * @kt: the caller (may wait)
 * @flags: the new File object's IO_FILE_NONBLOCK
 * @out: the accepted socket's File object
 *
 * Return: STATUS_SUCCESS, EOPNOTSUPP (datagram), EINVAL (not listening),
 * EAGAIN, STATUS_USER_APC.
 */
ntstatus io_unix_accept(struct io_file *f, struct ke_thread *kt, unsigned int flags,
			struct io_file **out)
{
	struct io_usock *s = io_usk(f), *n = NULL;
	const ktime_t *deadline;
	ktime_t dbuf;
	ntstatus st;

	if (s->type == SOCK_DGRAM)
		return STATUS_LX_ERRNO(EOPNOTSUPP);
	deadline = io_usk_deadline(READ_ONCE(s->rcvtimeo), &dbuf);
	mutex_lock(&s->lock);
	for (;;) {
		if (s->state != IO_USK_LISTENING) {
			st = STATUS_LX_ERRNO(EINVAL);
			break;
		}
		if (s->nbacklog) {
			n = list_first_entry(&s->backlog, struct io_usock, backlog_node);
			list_del_init(&n->backlog_node);
			s->nbacklog--;
			st = STATUS_SUCCESS;
			break;
		}
		if (io_file_flags(f) & IO_FILE_NONBLOCK) {
			st = STATUS_LX_ERRNO(EAGAIN);
			break;
		}
		io_usk_update(s);
		mutex_unlock(&s->lock);
		st = io_usk_waited(ke_wait_for_single_object(kt, &s->readable.header, true,
							     deadline));
		mutex_lock(&s->lock);
		if (st != STATUS_WAIT_0)
			break;
	}
	if (n)
		n->passcred = s->passcred;	/* unix_sock_inherit_flags() */
	io_usk_update(s);
	mutex_unlock(&s->lock);
	if (!n)
		return st;
	st = io_usk_make_file(n, flags, out);
	if (!NT_SUCCESS(st)) {
		io_usk_close(n, true);
		ob_dereference(n);
	}
	return st;
}

/**
 * io_unix_shutdown() - shutdown(2)
 * @f: the socket's File object
 * @how: SHUT_RD, SHUT_WR or SHUT_RDWR
 *
 * Return: STATUS_SUCCESS or EINVAL.
 */
ntstatus io_unix_shutdown(struct io_file *f, int how)
{
	struct io_usock *s = io_usk(f), *peer;
	unsigned int mode, peer_mode = 0;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return STATUS_LX_ERRNO(EINVAL);
	mode = how + 1;		/* SHUT_RD -> RCV_SHUTDOWN, ... */
	mutex_lock(&s->lock);
	s->shut |= mode;
	peer = s->peer;
	if (peer && s->type != SOCK_DGRAM)
		ob_reference(peer);
	else
		peer = NULL;
	io_usk_update(s);
	io_poll_wake(&s->poll, 0);
	mutex_unlock(&s->lock);
	if (!peer)
		return STATUS_SUCCESS;
	if (mode & RCV_SHUTDOWN)
		peer_mode |= SEND_SHUTDOWN;
	if (mode & SEND_SHUTDOWN)
		peer_mode |= RCV_SHUTDOWN;
	mutex_lock(&peer->lock);
	peer->shut |= peer_mode;
	io_usk_update(peer);
	io_poll_wake(&peer->poll, 0);
	mutex_unlock(&peer->lock);
	ob_dereference(peer);
	return STATUS_SUCCESS;
}

/* ---- data ---- */

static ntstatus io_usk_epipe(const struct io_usock *s, unsigned int flags)
{
	/* Only stream sockets raise SIGPIPE (STATUS_PIPE_BROKEN), as Linux. */
	if (s->type == SOCK_STREAM && !(flags & MSG_NOSIGNAL))
		return STATUS_PIPE_BROKEN;
	return STATUS_LX_ERRNO(EPIPE);
}

/* A message with @len bytes from @from, and the rest of @m attached. */
static ntstatus io_usk_new_msg(struct io_usock *s, struct io_unix_msg *m, size_t len,
			       bool with_files, struct io_usk_msg **out)
{
	struct io_usk_msg *msg;

	msg = kvmalloc(struct_size(msg, data, len), GFP_KERNEL_ACCOUNT);
	if (!msg)
		return STATUS_INSUFFICIENT_RESOURCES;
	memset(msg, 0, sizeof(*msg));
	msg->len = len;
	msg->cred = m->cred;
	if (len && copy_from_iter(msg->data, len, m->iter) != len) {
		kvfree(msg);
		return STATUS_ACCESS_VIOLATION;
	}
	if (s->type == SOCK_DGRAM && READ_ONCE(s->addr)) {
		msg->from = kmemdup(s->addr, sizeof(*s->addr), GFP_KERNEL_ACCOUNT);
		if (!msg->from) {
			kvfree(msg);
			return STATUS_INSUFFICIENT_RESOURCES;
		}
	}
	if (with_files && m->nfiles) {
		/* The message takes over the caller's references. */
		msg->files = m->files;
		msg->nfiles = m->nfiles;
		m->files = NULL;
		m->nfiles = 0;
		io_usk_account(msg->files, msg->nfiles, 1);
	}
	/* As an skb's truesize: empty messages and files in flight cost too. */
	msg->charge = len + IO_USK_MSG_OVERHEAD + msg->nfiles * sizeof(*msg->files);
	*out = msg;
	return STATUS_SUCCESS;
}

static void io_usk_queue(struct io_usock *r, struct io_usk_msg *msg)
{
	list_add_tail(&msg->node, &r->rq);
	r->rq_bytes += msg->charge;
	r->rq_len++;
	io_usk_update(r);
	io_poll_wake(&r->poll, EPOLLIN | EPOLLRDNORM);
}

/*
 * Wait until @r has room (or a state that ends the send). Called and
 * returns with @r->lock held; STATUS_SUCCESS when there is room.
 */
static ntstatus io_usk_wait_space(struct io_usock *r, struct ke_thread *kt, bool nonblock,
				  struct io_usock *s, unsigned int flags, const ktime_t *deadline)
{
	ntstatus st;

	for (;;) {
		if (r->dead)
			return s->type == SOCK_STREAM ? io_usk_epipe(s, flags) :
			       STATUS_LX_ERRNO(s->type == SOCK_DGRAM ? ECONNREFUSED : EPIPE);
		if (r->shut & RCV_SHUTDOWN)
			return io_usk_epipe(s, flags);
		if (s->type == SOCK_DGRAM && r->peer && r->peer != s)
			return STATUS_LX_ERRNO(EPERM);
		if (!io_usk_full(r))
			return STATUS_SUCCESS;
		if (nonblock)
			return STATUS_LX_ERRNO(EAGAIN);
		io_usk_update(r);
		mutex_unlock(&r->lock);
		st = io_usk_waited(ke_wait_for_single_object(kt, &r->space.header, true,
							     deadline));
		mutex_lock(&r->lock);
		if (st != STATUS_WAIT_0)
			return st;
	}
}

/* The connected peer of @s, referenced, or NULL. */
static struct io_usock *io_usk_peer_get(struct io_usock *s)
{
	struct io_usock *p;

	mutex_lock(&s->lock);
	p = s->peer;
	if (p)
		ob_reference(p);
	mutex_unlock(&s->lock);
	return p;
}

static ntstatus io_usk_send_stream(struct io_usock *s, struct ke_thread *kt, bool nonblock,
				   struct io_unix_msg *m, const ktime_t *deadline)
{
	size_t total = iov_iter_count(m->iter), sent = 0;
	bool oob = m->flags & MSG_OOB;
	struct io_usk_msg *msg;
	struct io_usock *r;
	ntstatus st = STATUS_SUCCESS;

	/* MSG_OOB: the last byte goes alone, as the out-of-band byte. */
	if (oob)
		total--;
	if (m->named)
		return STATUS_LX_ERRNO(READ_ONCE(s->state) == IO_USK_CONNECTED ?
				       EISCONN : EOPNOTSUPP);
	if (READ_ONCE(s->shut) & SEND_SHUTDOWN)
		return io_usk_epipe(s, m->flags);
	if (READ_ONCE(s->state) != IO_USK_CONNECTED)
		return STATUS_LX_ERRNO(ENOTCONN);
	/* Nothing to send: nothing queued, files included (as Linux). */
	if (!total && !oob)
		return STATUS_SUCCESS;
	r = io_usk_peer_get(s);
	if (!r)
		return STATUS_LX_ERRNO(ENOTCONN);
	while (sent < total) {
		size_t len = min_t(size_t, total - sent, IO_USK_CHUNK);

		mutex_lock(&r->lock);
		st = io_usk_wait_space(r, kt, nonblock, s, m->flags, deadline);
		if (st != STATUS_SUCCESS) {
			mutex_unlock(&r->lock);
			break;
		}
		mutex_unlock(&r->lock);
		/* Copy outside the lock (it may fault), then queue. */
		st = io_usk_new_msg(s, m, len, sent == 0, &msg);
		if (!NT_SUCCESS(st))
			break;
		mutex_lock(&r->lock);
		if (r->dead || (r->shut & RCV_SHUTDOWN)) {
			st = io_usk_epipe(s, m->flags);
			mutex_unlock(&r->lock);
			io_usk_free_msg(msg);
			break;
		}
		io_usk_queue(r, msg);
		mutex_unlock(&r->lock);
		sent += len;
	}
	/* queue_oob(): no wait for room; the receiver's mark moves to it. */
	if (oob && sent == total && st == STATUS_SUCCESS) {
		st = io_usk_new_msg(s, m, 1, sent == 0, &msg);
		if (NT_SUCCESS(st)) {
			mutex_lock(&r->lock);
			if (r->dead || (r->shut & RCV_SHUTDOWN)) {
				st = STATUS_LX_ERRNO(EPIPE);
				mutex_unlock(&r->lock);
				io_usk_free_msg(msg);
			} else {
				io_usk_queue(r, msg);
				r->oob = msg;
				io_poll_wake(&r->poll, EPOLLPRI);
				mutex_unlock(&r->lock);
				sent++;
			}
		}
	}
	ob_dereference(r);
	m->done = sent;
	/* A partial send succeeds; SIGPIPE only when nothing was sent. */
	return sent ? STATUS_SUCCESS : st;
}

static ntstatus io_usk_send_record(struct io_usock *s, struct ke_thread *kt, bool nonblock,
				   struct io_unix_msg *m, const ktime_t *deadline)
{
	size_t len = iov_iter_count(m->iter);
	struct io_usk_msg *msg;
	struct io_usock *r;
	ntstatus st;

	if (s->type == SOCK_SEQPACKET) {
		if (READ_ONCE(s->state) != IO_USK_CONNECTED)
			return STATUS_LX_ERRNO(ENOTCONN);
		m->to = NULL;	/* the address is ignored */
	}
	if (m->to) {
		r = m->to;
		ob_reference(r);
	} else {
		r = io_usk_peer_get(s);
		if (!r)
			return STATUS_LX_ERRNO(ENOTCONN);
	}
	if (len > s->sndbuf - 32) {
		st = STATUS_LX_ERRNO(EMSGSIZE);
		goto out;
	}
	st = io_usk_new_msg(s, m, len, true, &msg);
	if (!NT_SUCCESS(st))
		goto out;
	mutex_lock(&r->lock);
	st = io_usk_wait_space(r, kt, nonblock, s, m->flags, deadline);
	if (st == STATUS_SUCCESS) {
		io_usk_queue(r, msg);
		msg = NULL;
		m->done = len;
	}
	mutex_unlock(&r->lock);
	if (msg) {
		/* The caller's files went with the message: give them back. */
		io_usk_account(msg->files, msg->nfiles, -1);
		m->files = msg->files;
		m->nfiles = msg->nfiles;
		msg->files = NULL;
		msg->nfiles = 0;
		io_usk_free_msg(msg);
	}
	/* A dead connected peer disconnects a datagram socket. */
	if (st == STATUS_LX_ERRNO(ECONNREFUSED) && !m->to)
		io_usk_dgram_connect(s, NULL);
out:
	ob_dereference(r);
	return st;
}

/**
 * io_unix_sendmsg() - send @m->iter on @f's socket
 * @f: the socket's File object
 * @kt: the caller (may wait)
 * @m: data, flags (MSG_DONTWAIT, MSG_NOSIGNAL), destination, files, creds
 *
 * Return: STATUS_SUCCESS with m->done bytes, STATUS_PIPE_BROKEN (EPIPE and
 * SIGPIPE is due), or an error.
 */
ntstatus io_unix_sendmsg(struct io_file *f, struct ke_thread *kt, struct io_unix_msg *m)
{
	struct io_usock *s = io_usk(f);
	bool nonblock = (io_file_flags(f) & IO_FILE_NONBLOCK) || (m->flags & MSG_DONTWAIT);
	const ktime_t *deadline;
	ktime_t dbuf;
	int err;

	m->done = 0;
	mutex_lock(&s->lock);
	err = s->err;
	if (err && s->type != SOCK_STREAM)
		s->err = 0;
	else
		err = 0;
	mutex_unlock(&s->lock);
	if (err)
		return STATUS_LX_ERRNO(err);
	/* Out-of-band data: a stream's, one byte at least (AF_UNIX_OOB). */
	if ((m->flags & MSG_OOB) && (s->type != SOCK_STREAM || !iov_iter_count(m->iter)))
		return STATUS_LX_ERRNO(EOPNOTSUPP);
	deadline = io_usk_deadline(READ_ONCE(s->sndtimeo), &dbuf);
	if (s->type == SOCK_STREAM)
		return io_usk_send_stream(s, kt, nonblock, m, deadline);
	return io_usk_send_record(s, kt, nonblock, m, deadline);
}

/* Hand the files of @msg to @m (references moved, or added with @peek). */
static ntstatus io_usk_take_files(struct io_usk_msg *msg, struct io_unix_msg *m, bool peek)
{
	unsigned int i;

	if (!msg->nfiles || m->files)
		return STATUS_SUCCESS;
	if (!peek) {
		io_usk_account(msg->files, msg->nfiles, -1);
		m->files = msg->files;
		m->nfiles = msg->nfiles;
		msg->files = NULL;
		msg->nfiles = 0;
		return STATUS_SUCCESS;
	}
	m->files = kmemdup(msg->files, msg->nfiles * sizeof(*msg->files), GFP_KERNEL);
	if (!m->files)
		return STATUS_INSUFFICIENT_RESOURCES;
	for (i = 0; i < msg->nfiles; i++)
		ob_reference(m->files[i]);
	m->nfiles = msg->nfiles;
	return STATUS_SUCCESS;
}

static void io_usk_dequeue(struct io_usock *s, struct io_usk_msg *msg, struct list_head *done)
{
	if (s->oob == msg)
		s->oob = NULL;
	list_del(&msg->node);
	s->rq_bytes -= msg->charge;
	s->rq_len--;
	list_add_tail(&msg->node, done);
}

static bool io_usk_same_cred(const struct io_sock_cred *a, const struct io_sock_cred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/*
 * Wait for something to read. Called and returns with @s->lock held:
 * STATUS_SUCCESS with a message queued, STATUS_END_OF_FILE at the end of
 * input, or an error.
 */
static ntstatus io_usk_wait_data(struct io_usock *s, struct ke_thread *kt, bool nonblock,
				 const ktime_t *deadline)
{
	ntstatus st;

	for (;;) {
		if (!list_empty(&s->rq))
			return STATUS_SUCCESS;
		if (s->err) {
			int err = s->err;

			s->err = 0;
			return STATUS_LX_ERRNO(err);
		}
		if (s->shut & RCV_SHUTDOWN)
			return STATUS_END_OF_FILE;
		if (nonblock)
			return STATUS_LX_ERRNO(EAGAIN);
		io_usk_update(s);
		mutex_unlock(&s->lock);
		st = io_usk_waited(ke_wait_for_single_object(kt, &s->readable.header, true,
							     deadline));
		mutex_lock(&s->lock);
		if (st != STATUS_WAIT_0)
			return st;
	}
}

static ntstatus io_usk_recv_stream(struct io_usock *s, struct ke_thread *kt, bool nonblock,
				   struct io_unix_msg *m, const ktime_t *deadline)
{
	size_t want = iov_iter_count(m->iter), copied = 0;
	bool peek = m->flags & MSG_PEEK, have_cred = false;
	size_t target = (m->flags & MSG_WAITALL) ? want : 1;
	struct io_usk_msg *msg, *next;
	LIST_HEAD(done);
	ntstatus st = STATUS_SUCCESS;

	if (READ_ONCE(s->state) != IO_USK_CONNECTED)
		return STATUS_LX_ERRNO(EINVAL);
	if (!want)
		return STATUS_SUCCESS;
	mutex_lock(&s->lock);
	while (copied < want) {
		size_t skip = 0;

		st = io_usk_wait_data(s, kt, nonblock || copied >= target, deadline);
		if (st != STATUS_SUCCESS) {
			if (copied)
				st = STATUS_SUCCESS;
			break;
		}
		/* A peek starts again at the head: skip what it already saw. */
		msg = list_first_entry(&s->rq, struct io_usk_msg, node);
		if (peek) {
			skip = copied;
			while (msg && skip >= msg->len - msg->off) {
				skip -= msg->len - msg->off;
				msg = list_is_last(&msg->node, &s->rq) ? NULL :
				      list_next_entry(msg, node);
			}
			if (!msg)
				break;	/* peeked everything there is */
		}
		for (; msg; msg = next) {
			size_t avail = msg->len - msg->off - skip, n, got;

			next = list_is_last(&msg->node, &s->rq) ? NULL : list_next_entry(msg, node);
			/*
			 * manage_oob(): an out-of-band byte already taken leaves
			 * an empty message, which a read drops and stops at (a
			 * non-blocking one with EAGAIN, as Linux 6.1); the byte
			 * itself is the mark, which a read does not cross, and
			 * is skipped unless SO_OOBINLINE.
			 */
			if (msg->off == msg->len && !peek) {
				io_usk_dequeue(s, msg, &done);
				if (copied)
					goto out;
				if (nonblock) {
					st = STATUS_LX_ERRNO(EAGAIN);
					goto out;
				}
				continue;
			}
			if (msg == s->oob) {
				if (copied)
					goto out;
				if (!peek) {
					s->oob = NULL;
					if (!s->oobinline) {
						io_usk_dequeue(s, msg, &done);
						continue;
					}
				} else if (!s->oobinline) {
					continue;
				}
			}
			/* Never glue data of different credentials (SO_PASSCRED). */
			if (s->passcred) {
				if (have_cred && !io_usk_same_cred(&msg->cred, &m->cred))
					goto out;
				m->cred = msg->cred;
				have_cred = true;
			}
			n = min(avail, want - copied);
			got = copy_to_iter(msg->data + msg->off + skip, n, m->iter);
			copied += got;
			skip = 0;
			if (got < n) {
				if (!copied)
					st = STATUS_ACCESS_VIOLATION;
				goto out;
			}
			st = io_usk_take_files(msg, m, peek);
			if (!NT_SUCCESS(st))
				goto out;
			if (!peek) {
				msg->off += got;
				if (msg->off == msg->len)
					io_usk_dequeue(s, msg, &done);
			}
			/* Files end a read; so does a full buffer. */
			if (m->files || copied >= want)
				goto out;
		}
		if (peek)
			break;
	}
out:
	io_usk_update(s);
	mutex_unlock(&s->lock);
	io_usk_free_list(&done);
	m->done = copied;
	m->full = copied;
	m->has_cred = have_cred;
	if (st == STATUS_END_OF_FILE)
		st = STATUS_SUCCESS;
	return st;
}

static ntstatus io_usk_recv_record(struct io_usock *s, struct ke_thread *kt, bool nonblock,
				   struct io_unix_msg *m, const ktime_t *deadline)
{
	bool peek = m->flags & MSG_PEEK;
	struct io_usk_msg *msg;
	LIST_HEAD(done);
	size_t n;
	ntstatus st;

	if (s->type == SOCK_SEQPACKET && READ_ONCE(s->state) != IO_USK_CONNECTED)
		return STATUS_LX_ERRNO(ENOTCONN);
	mutex_lock(&s->lock);
	st = io_usk_wait_data(s, kt, nonblock, deadline);
	if (st != STATUS_SUCCESS)
		goto out;
	msg = list_first_entry(&s->rq, struct io_usk_msg, node);
	n = min(msg->len, iov_iter_count(m->iter));
	if (copy_to_iter(msg->data, n, m->iter) != n) {
		st = STATUS_ACCESS_VIOLATION;
		goto out;
	}
	st = io_usk_take_files(msg, m, peek);
	if (!NT_SUCCESS(st))
		goto out;
	m->done = n;
	m->full = msg->len;
	if (n < msg->len)
		m->out_flags |= MSG_TRUNC;
	m->cred = msg->cred;
	m->has_cred = true;
	if (msg->from && m->from)
		*m->from = *msg->from;
	else if (m->from)
		m->from->len = 0;
	if (!peek)
		io_usk_dequeue(s, msg, &done);
out:
	io_usk_update(s);
	mutex_unlock(&s->lock);
	io_usk_free_list(&done);
	if (st == STATUS_END_OF_FILE)
		st = STATUS_SUCCESS;
	return st;
}

/*
 * unix_stream_recv_urg(): the out-of-band byte, EINVAL if none or inline.
 * Taken, its message stays queued empty until a read drops it.
 */
static ntstatus io_usk_recv_oob(struct io_usock *s, struct io_unix_msg *m)
{
	bool peek = m->flags & MSG_PEEK;
	struct io_usk_msg *msg, *prev;
	LIST_HEAD(done);
	size_t got;

	if (READ_ONCE(s->state) != IO_USK_CONNECTED)
		return STATUS_LX_ERRNO(EINVAL);
	mutex_lock(&s->lock);
	msg = s->oob;
	if (s->oobinline || !msg) {
		mutex_unlock(&s->lock);
		return STATUS_LX_ERRNO(EINVAL);
	}
	got = copy_to_iter(msg->data + msg->off, 1, m->iter);
	if (!peek) {
		s->oob = NULL;
		msg->off = msg->len;
		if (!list_is_first(&msg->node, &s->rq)) {
			prev = list_prev_entry(msg, node);
			if (prev->off == prev->len)
				io_usk_dequeue(s, prev, &done);
		}
	}
	io_usk_update(s);
	mutex_unlock(&s->lock);
	io_usk_free_list(&done);
	if (got != 1)
		return STATUS_ACCESS_VIOLATION;
	m->done = 1;
	m->full = 1;
	m->out_flags |= MSG_OOB;
	return STATUS_SUCCESS;
}

/**
 * io_unix_atmark() - SIOCATMARK of an AF_UNIX socket
 * @f: the socket's File object
 *
 * Return: 1 if the next byte to read is the out-of-band byte, else 0;
 * -EOPNOTSUPP if @f is not a stream socket.
 */
int io_unix_atmark(struct io_file *f)
{
	struct io_usock *s = io_usk(f);
	int at;

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	mutex_lock(&s->lock);
	at = s->oob && list_first_entry_or_null(&s->rq, struct io_usk_msg, node) == s->oob;
	mutex_unlock(&s->lock);
	return at;
}

/**
 * io_unix_recvmsg() - receive into @m->iter from @f's socket
 * @f: the socket's File object
 * @kt: the caller (may wait)
 * @m: flags (MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL); out: done, full (a
 *	datagram's length), out_flags (MSG_TRUNC), files (kmalloc'd array of
 *	references, the caller's), the sender's creds and name
 *
 * Return: STATUS_SUCCESS (done 0 at the end of input), or an error.
 */
ntstatus io_unix_recvmsg(struct io_file *f, struct ke_thread *kt, struct io_unix_msg *m)
{
	struct io_usock *s = io_usk(f);
	bool nonblock = (io_file_flags(f) & IO_FILE_NONBLOCK) || (m->flags & MSG_DONTWAIT);
	const ktime_t *deadline;
	ktime_t dbuf;

	m->done = 0;
	m->full = 0;
	m->out_flags = 0;
	m->has_cred = false;
	if (m->flags & MSG_OOB) {
		if (s->type != SOCK_STREAM)
			return STATUS_LX_ERRNO(EOPNOTSUPP);
		return io_usk_recv_oob(s, m);
	}
	deadline = io_usk_deadline(READ_ONCE(s->rcvtimeo), &dbuf);
	if (s->type == SOCK_STREAM)
		return io_usk_recv_stream(s, kt, nonblock, m, deadline);
	return io_usk_recv_record(s, kt, nonblock, m, deadline);
}

/* ---- options ---- */

/**
 * io_unix_getopt() - an SOL_SOCKET option's value
 * @f: the socket's File object
 * @opt: SO_*
 * @val: an int option's value
 * @cred: SO_PEERCRED's value
 *
 * Return: STATUS_SUCCESS, ENOPROTOOPT.
 */
ntstatus io_unix_getopt(struct io_file *f, int opt, int *val, struct io_sock_cred *cred)
{
	struct io_usock *s = io_usk(f);
	ntstatus st = STATUS_SUCCESS;

	mutex_lock(&s->lock);
	switch (opt) {
	case SO_TYPE:
		*val = s->type;
		break;
	case SO_DOMAIN:
		*val = AF_UNIX;
		break;
	case SO_PROTOCOL:
		*val = 0;
		break;
	case SO_ERROR:
		*val = s->err;
		s->err = 0;
		io_usk_update(s);
		break;
	case SO_ACCEPTCONN:
		*val = s->state == IO_USK_LISTENING;
		break;
	case SO_SNDBUF:
		*val = s->sndbuf;
		break;
	case SO_RCVBUF:
		*val = s->rcvbuf;
		break;
	case SO_REUSEADDR:
		*val = s->reuseaddr;
		break;
	case SO_PASSCRED:
		*val = s->passcred;
		break;
	case SO_KEEPALIVE:
		*val = s->keepalive;
		break;
	case SO_OOBINLINE:
		*val = s->oobinline;
		break;
	case SO_PEERCRED:
		if (s->has_peercred) {
			*cred = s->peercred;
		} else {
			cred->pid = 0;
			cred->uid = (u32)-1;
			cred->gid = (u32)-1;
		}
		break;
	default:
		st = STATUS_LX_ERRNO(ENOPROTOOPT);
		break;
	}
	mutex_unlock(&s->lock);
	return st;
}

/**
 * io_unix_setopt() - set an int SOL_SOCKET option
 * @f: the socket's File object
 * @opt: SO_*
 * @val: its value
 *
 * Return: STATUS_SUCCESS, ENOPROTOOPT.
 */
ntstatus io_unix_setopt(struct io_file *f, int opt, int val)
{
	struct io_usock *s = io_usk(f);
	ntstatus st = STATUS_SUCCESS;

	mutex_lock(&s->lock);
	switch (opt) {
	case SO_SNDBUF:
		val = min_t(u32, val, IO_USK_BUF_MAX);
		s->sndbuf = max_t(int, val * 2, IO_USK_MIN_SNDBUF);
		break;
	case SO_RCVBUF:
		val = min_t(u32, val, IO_USK_BUF_MAX);
		s->rcvbuf = max_t(int, val * 2, IO_USK_MIN_RCVBUF);
		break;
	case SO_REUSEADDR:
		s->reuseaddr = val != 0;
		break;
	case SO_PASSCRED:
		s->passcred = val != 0;
		break;
	case SO_KEEPALIVE:
		s->keepalive = val != 0;
		break;
	case SO_OOBINLINE:
		s->oobinline = val != 0;
		break;
	default:
		st = STATUS_LX_ERRNO(ENOPROTOOPT);
		break;
	}
	io_usk_update(s);
	mutex_unlock(&s->lock);
	return st;
}


/* ---- garbage: cycles of sockets held only by their own messages ---- */

/* Call @fn on every socket whose File is in a message queued on @s (or its backlog). */
static void io_usk_for_each_inflight(struct io_usock *s, void (*fn)(struct io_usock *v))
{
	struct io_usk_msg *msg;
	struct io_usock *n;
	unsigned int i;

	mutex_lock(&s->lock);
	list_for_each_entry(msg, &s->rq, node)
		for (i = 0; i < msg->nfiles; i++)
			if (io_file_is_unix(msg->files[i]))
				fn(msg->files[i]->context);
	list_for_each_entry(n, &s->backlog, backlog_node) {
		mutex_lock_nested(&n->lock, SINGLE_DEPTH_NESTING);
		list_for_each_entry(msg, &n->rq, node)
			for (i = 0; i < msg->nfiles; i++)
				if (io_file_is_unix(msg->files[i]))
					fn(msg->files[i]->context);
		mutex_unlock(&n->lock);
	}
	mutex_unlock(&s->lock);
}

static void io_usk_gc_internal_ref(struct io_usock *v)
{
	if (v->gc_candidate)
		v->gc_count--;
}

static bool io_usk_gc_changed;

static void io_usk_gc_mark(struct io_usock *v)
{
	if (v->gc_candidate && !v->gc_reachable && v->gc_count <= 0) {
		v->gc_count = 1;
		io_usk_gc_changed = true;
	}
}

/* Take every message off @s and its backlog (garbage). */
static void io_usk_gc_purge(struct io_usock *s, struct list_head *garbage)
{
	struct io_usock *n;

	mutex_lock(&s->lock);
	list_splice_init(&s->rq, garbage);
	s->oob = NULL;
	s->rq_bytes = 0;
	s->rq_len = 0;
	list_for_each_entry(n, &s->backlog, backlog_node) {
		mutex_lock_nested(&n->lock, SINGLE_DEPTH_NESTING);
		list_splice_init(&n->rq, garbage);
		n->rq_bytes = 0;
		n->rq_len = 0;
		mutex_unlock(&n->lock);
	}
	io_usk_update(s);
	mutex_unlock(&s->lock);
}

/*
 * Linux's unix_gc(): candidates are sockets whose File has no reference but
 * those of messages in flight (@closing: one more, the handle being
 * closed); those referred to from outside the candidates, and what their
 * queues hold, are reachable; the rest only hold each other: their queues
 * are dropped, which closes them.
 */
static void io_usk_gc(struct io_file *closing)
{
	struct io_usock *s;
	LIST_HEAD(garbage);

	mutex_lock(&io_usk_all_lock);
	/* A File being deleted now is freed only after a grace period. */
	rcu_read_lock();
	list_for_each_entry(s, &io_usk_all, all_node) {
		struct io_file *f = READ_ONCE(s->file);
		int in = atomic_read(&s->inflight);

		s->gc_candidate = f && in > 0 &&
			refcount_read(&ob_header(f)->refs) == in + (f == closing);
		s->gc_count = in;
		s->gc_reachable = false;
	}
	rcu_read_unlock();
	list_for_each_entry(s, &io_usk_all, all_node)
		if (s->gc_candidate)
			io_usk_for_each_inflight(s, io_usk_gc_internal_ref);
	do {
		io_usk_gc_changed = false;
		list_for_each_entry(s, &io_usk_all, all_node) {
			if (!s->gc_candidate || s->gc_reachable || s->gc_count <= 0)
				continue;
			s->gc_reachable = true;
			io_usk_gc_changed = true;
			io_usk_for_each_inflight(s, io_usk_gc_mark);
		}
	} while (io_usk_gc_changed);
	list_for_each_entry(s, &io_usk_all, all_node)
		if (s->gc_candidate && !s->gc_reachable)
			io_usk_gc_purge(s, &garbage);
	mutex_unlock(&io_usk_all_lock);
	io_usk_free_list(&garbage);
}

static void io_unix_handle_closed(struct io_file *f, unsigned long handles_left)
{
	if (!handles_left && atomic_read(&io_usk_inflight_total))
		io_usk_gc(f);
}

/**
 * io_unix_timeout() - SO_RCVTIMEO or SO_SNDTIMEO, in jiffies
 * @f: the socket's File object
 * @send: SO_SNDTIMEO rather than SO_RCVTIMEO
 * @set: the new value, or NULL to only read it
 *
 * Return: the value (MAX_SCHEDULE_TIMEOUT: none).
 */
long io_unix_timeout(struct io_file *f, bool send, const long *set)
{
	struct io_usock *s = io_usk(f);
	long *t = send ? &s->sndtimeo : &s->rcvtimeo;

	if (set)
		WRITE_ONCE(*t, *set);
	return READ_ONCE(*t);
}

/* FIONREAD (SIOCINQ): unix_inq_len(). */
static ntstatus io_unix_ioctl(struct io_file *f, unsigned int cmd, unsigned long arg,
			      long *ret)
{
	struct io_usock *s = io_usk(f);
	struct io_usk_msg *msg;
	long n = 0;

	if (cmd != FIONREAD)
		return STATUS_LX_ERRNO(ENOTTY);
	mutex_lock(&s->lock);
	if (s->state == IO_USK_LISTENING) {
		mutex_unlock(&s->lock);
		return STATUS_LX_ERRNO(EINVAL);
	}
	if (s->type != SOCK_DGRAM)
		list_for_each_entry(msg, &s->rq, node)
			n += msg->len - msg->off;
	else if (!list_empty(&s->rq))
		n = list_first_entry(&s->rq, struct io_usk_msg, node)->len;
	mutex_unlock(&s->lock);
	*ret = 0;
	return put_user((int)n, (int __user *)arg) ? STATUS_LX_ERRNO(EFAULT) : STATUS_SUCCESS;
}

/* ---- io_file_ops ---- */

static ntstatus io_unix_read(struct io_file *f, struct ke_thread *kt,
			     struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct io_unix_msg m = { .iter = to };
	ntstatus st;

	*done = 0;
	if (!iov_iter_count(to))	/* sock_read_iter(): nothing consumed */
		return STATUS_SUCCESS;
	st = io_unix_recvmsg(f, kt, &m);
	/* Files that came with the data are dropped, as read(2) does. */
	if (m.files) {
		unsigned int i;

		for (i = 0; i < m.nfiles; i++)
			ob_dereference(m.files[i]);
		kfree(m.files);
	}
	*done = m.done;
	return st;
}

static ntstatus io_unix_write(struct io_file *f, struct ke_thread *kt,
			      struct iov_iter *from, loff_t *pos, size_t *done)
{
	struct io_unix_msg m = { .iter = from };
	ntstatus st;

	io_sock_caller_cred(kt, &m.cred);
	st = io_unix_sendmsg(f, kt, &m);
	*done = m.done;
	return st;
}

/* Linux 6.1's unix_poll() and unix_dgram_poll(), read without the lock. */
static __poll_t io_unix_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct io_usock *s = io_usk(f), *peer;
	unsigned int shut;
	__poll_t mask = 0;
	bool writable;

	if (e)
		io_poll_add(&s->poll, e);
	mutex_lock(&s->lock);
	shut = s->shut;
	if (s->err)
		mask |= EPOLLERR;
	if (shut == (RCV_SHUTDOWN | SEND_SHUTDOWN))
		mask |= EPOLLHUP;
	if (shut & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (!list_empty(&s->rq) || s->nbacklog)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (s->oob)
		mask |= EPOLLPRI;
	if (s->type != SOCK_DGRAM && s->state == IO_USK_UNCONNECTED)
		mask |= EPOLLHUP;
	writable = s->state != IO_USK_LISTENING;
	peer = s->peer;
	if (peer)
		ob_reference(peer);
	mutex_unlock(&s->lock);
	if (writable && peer) {
		mutex_lock(&peer->lock);
		if (peer->type == SOCK_DGRAM) {
			writable = !(peer->peer != s && io_usk_full(peer));
			/* Told when it drains (unix_dgram_peer_wake_me()). */
			if (!writable && e && !peer->dead && !cmpxchg(&s->wake_on, NULL, peer)) {
				ob_reference(peer);
				list_add_tail(&s->peer_wake_node, &peer->peer_waiters);
			}
		} else
			writable = !io_usk_full(peer) || (peer->shut & RCV_SHUTDOWN);
		mutex_unlock(&peer->lock);
	}
	if (peer)
		ob_dereference(peer);
	if (writable)
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	return mask;
}

static ntstatus io_unix_getattr(struct io_file *f, struct io_stat *st)
{
	struct io_usock *s = io_usk(f);

	memset(st, 0, sizeof(*st));
	st->ino = s->ino;
	st->dev = IO_USK_DEV;
	st->mode = S_IFSOCK | 0777;
	st->nlink = 1;
	st->uid = s->uid;
	st->gid = s->gid;
	st->blksize = PAGE_SIZE;
	st->atime = s->created;
	st->mtime = s->created;
	st->ctime = s->created;
	return STATUS_SUCCESS;
}

static void io_unix_release(struct io_file *f)
{
	struct io_usock *s = io_usk(f);

	WRITE_ONCE(s->file, NULL);
	io_usk_close(s, false);
	ob_dereference(s);
}

static const struct io_file_ops io_unix_ops = {
	.name = "socket",
	.kind = IO_KIND_OTHER,
	.read = io_unix_read,
	.write = io_unix_write,
	.getattr = io_unix_getattr,
	.poll = io_unix_poll,
	.handle_closed = io_unix_handle_closed,
	.ioctl = io_unix_ioctl,
	.release = io_unix_release,
};
