// SPDX-License-Identifier: GPL-2.0
/*
 * Pipes: the \Device\NamedPipe device and its pipe objects. An anonymous
 * pipe (pipe2) is a named pipe with a generated name, as NT's were, with
 * two File objects: the read end and the write end.
 *
 * The data is a ring of IO_PIPE_SLOTS page buffers, filled the way Linux
 * fills its own (a write merges its sub-page head into the last buffer if
 * it fits, then takes whole pages), so capacity, PIPE_BUF atomicity and
 * EAGAIN come out exactly as on Linux. Readers and writers sleep on two
 * notification events that mirror "something to read or no writer" and
 * "a free slot or no reader", updated under the pipe's mutex. poll, select
 * and epoll see Linux 6.1's pipe_poll() rules through two readiness
 * notifiers (one per end) woken as Linux wakes rd_wait and wr_wait.
 */
#include <linux/atomic.h>
#include <linux/bvec.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <asm/ioctls.h>
#include <linux/mutex.h>
#include <linux/stat.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/wait.h>

#include "io/io.h"
#include "ke/ke.h"

struct io_pipe_buf {
	struct page *page;
	unsigned int offset;
	unsigned int len;
};

/**
 * struct io_pipe - the body of a pipe object
 * @lock: everything below (transfers copy to and from user memory under it)
 * @bufs: the ring; slots [tail, head) hold data
 * @head: the next slot a writer fills
 * @tail: the next slot a reader empties
 * @readers: read-end File objects alive
 * @writers: write-end File objects alive
 * @spare: one free page kept for the next write
 * @readable: set while there is data or no writer
 * @writable: set while a slot is free or no reader
 * @is_readable: what @readable was last set to
 * @is_writable: what @writable was last set to
 * @rd_poll: the read end's readiness notifier
 * @wr_poll: the write end's readiness notifier
 * @ino: its inode number, for fstat
 * @uid: its creator's fsuid, for fstat
 * @gid: its creator's fsgid, for fstat
 * @created: when it was made, for fstat
 * @r_counter: read-side opens of a FIFO so far (a blocked FIFO open waits
 *	for the other side's counter to move, as Linux's wait_for_partner())
 * @w_counter: write-side opens so far
 * @partner: FIFO opens waiting for the other side
 */
struct io_pipe {
	struct mutex lock;
	struct io_pipe_buf bufs[IO_PIPE_SLOTS];
	unsigned int head;
	unsigned int tail;
	unsigned int readers;
	unsigned int writers;
	struct page *spare;
	struct ke_event readable;
	struct ke_event writable;
	bool is_readable;
	bool is_writable;
	struct io_poll_head rd_poll;
	struct io_poll_head wr_poll;
	u64 ino;
	u32 uid;
	u32 gid;
	struct timespec64 created;
	unsigned int r_counter;
	unsigned int w_counter;
	wait_queue_head_t partner;
};

static struct ob_directory *io_named_pipe_dir;	/* \Device\NamedPipe */

/* st_dev of every pipe: a device number no host file system uses. */
#define IO_PIPE_DEV	0x00000fe0U
static atomic64_t io_pipe_serial = ATOMIC64_INIT(0);

static void io_pipe_delete(void *obj)
{
	struct io_pipe *p = obj;
	unsigned int i;

	for (i = p->tail; i != p->head; i++)
		__free_page(p->bufs[i % IO_PIPE_SLOTS].page);
	if (p->spare)
		__free_page(p->spare);
}

struct ob_type io_pipe_type = {
	.name = "NamedPipe",
	.body_size = sizeof(struct io_pipe),
	.valid_access = OB_ACCESS_ALL,
	.delete = io_pipe_delete,
};

static inline unsigned int io_pipe_used(const struct io_pipe *p)
{
	return p->head - p->tail;
}

/* Bring both events in line with the state. Called with @p->lock held. */
static void io_pipe_update(struct io_pipe *p)
{
	bool r = io_pipe_used(p) || !p->writers;
	bool w = io_pipe_used(p) < IO_PIPE_SLOTS || !p->readers;

	if (r != p->is_readable) {
		p->is_readable = r;
		if (r)
			ke_event_set(&p->readable);
		else
			ke_event_reset(&p->readable);
	}
	if (w != p->is_writable) {
		p->is_writable = w;
		if (w)
			ke_event_set(&p->writable);
		else
			ke_event_reset(&p->writable);
	}
}

static void io_pipe_free_page(struct io_pipe *p, struct page *page)
{
	if (!p->spare)
		p->spare = page;
	else
		__free_page(page);
}

/**
 * io_pipe_read_from() - read from pipe @p for @kt
 * @p: the pipe
 * @kt: the reading thread (it may wait)
 * @to: where the data goes
 * @nonblock: the reader's IO_FILE_NONBLOCK: STATUS_PIPE_EMPTY, not a wait
 * @done: bytes moved, even when the result is a failure
 */
ntstatus io_pipe_read_from(struct io_pipe *p, struct ke_thread *kt,
			   struct iov_iter *to, bool nonblock, size_t *done)
{
	size_t copied = 0;
	ntstatus st = STATUS_SUCCESS;
	bool was_full;

	*done = 0;
	if (!iov_iter_count(to))
		return STATUS_SUCCESS;
	mutex_lock(&p->lock);
	was_full = io_pipe_used(p) == IO_PIPE_SLOTS;
	for (;;) {
		if (io_pipe_used(p)) {
			struct io_pipe_buf *b = &p->bufs[p->tail % IO_PIPE_SLOTS];
			size_t want = min_t(size_t, b->len, iov_iter_count(to));
			size_t got = copy_page_to_iter(b->page, b->offset, want, to);

			b->offset += got;
			b->len -= got;
			copied += got;
			if (!b->len) {
				io_pipe_free_page(p, b->page);
				b->page = NULL;
				p->tail++;
			}
			if (got < want) {
				if (!copied)
					st = STATUS_ACCESS_VIOLATION;
				break;
			}
			if (!iov_iter_count(to))
				break;
			continue;
		}
		/* Empty: return what was read, EOF, EAGAIN, or wait. */
		if (copied || !p->writers)
			break;
		if (nonblock) {
			st = STATUS_PIPE_EMPTY;
			break;
		}
		io_pipe_update(p);
		mutex_unlock(&p->lock);
		st = ke_wait_for_single_object(kt, &p->readable.header, true, NULL);
		if (st != STATUS_WAIT_0)
			return st;
		mutex_lock(&p->lock);
		was_full = io_pipe_used(p) == IO_PIPE_SLOTS;
	}
	io_pipe_update(p);
	/* As Linux: writers hear of room when the pipe was full. */
	if (was_full && io_pipe_used(p) < IO_PIPE_SLOTS)
		io_poll_wake(&p->wr_poll, EPOLLOUT | EPOLLWRNORM);
	mutex_unlock(&p->lock);
	*done = copied;
	return st;
}

/* Append up to a page from @from in a new slot. Called with a free slot. */
static ntstatus io_pipe_fill_slot(struct io_pipe *p, struct iov_iter *from,
				  size_t *written)
{
	struct io_pipe_buf *b = &p->bufs[p->head % IO_PIPE_SLOTS];
	size_t want = min_t(size_t, iov_iter_count(from), PAGE_SIZE);
	struct page *page = p->spare;
	size_t got;

	if (page)
		p->spare = NULL;
	else
		page = alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT);
	if (!page)
		return STATUS_INSUFFICIENT_RESOURCES;
	got = copy_page_from_iter(page, 0, want, from);
	if (!got) {
		io_pipe_free_page(p, page);
		return STATUS_ACCESS_VIOLATION;
	}
	b->page = page;
	b->offset = 0;
	b->len = got;
	p->head++;
	*written += got;
	return got < want ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

static ntstatus io_pipe_read(struct io_file *f, struct ke_thread *kt,
			     struct iov_iter *to, loff_t *pos, size_t *done)
{
	return io_pipe_read_from(f->context, kt, to,
				 io_file_flags(f) & IO_FILE_NONBLOCK, done);
}

/**
 * io_pipe_write_to() - write to pipe @p for @kt
 * @p: the pipe
 * @kt: the writing thread (it may wait)
 * @from: the data
 * @nonblock: the writer's IO_FILE_NONBLOCK: STATUS_DEVICE_BUSY, not a wait
 * @done: bytes moved, even when the result is a failure
 */
ntstatus io_pipe_write_to(struct io_pipe *p, struct ke_thread *kt,
			  struct iov_iter *from, bool nonblock, size_t *done)
{
	size_t total = iov_iter_count(from), head, written = 0;
	ntstatus st = STATUS_SUCCESS;

	*done = 0;
	if (!total)
		return STATUS_SUCCESS;
	mutex_lock(&p->lock);
	if (!p->readers) {
		st = STATUS_PIPE_BROKEN;
		goto out;
	}

	/*
	 * The sub-page head of the write joins the last buffer if it fits
	 * whole: a write of at most a page is never split across buffers.
	 */
	head = total & (PAGE_SIZE - 1);
	if (head && io_pipe_used(p)) {
		struct io_pipe_buf *b = &p->bufs[(p->head - 1) % IO_PIPE_SLOTS];
		unsigned int end = b->offset + b->len;

		if (end + head <= PAGE_SIZE) {
			size_t got = copy_page_from_iter(b->page, end, head, from);

			b->len += got;
			written += got;
			if (got < head) {
				if (!written)
					st = STATUS_ACCESS_VIOLATION;
				goto out;
			}
			if (!iov_iter_count(from))
				goto out;
		}
	}

	for (;;) {
		if (!p->readers) {
			st = STATUS_PIPE_BROKEN;	/* SIGPIPE even after a part */
			break;
		}
		if (io_pipe_used(p) < IO_PIPE_SLOTS) {
			st = io_pipe_fill_slot(p, from, &written);
			if (!NT_SUCCESS(st)) {
				if (written)
					st = STATUS_SUCCESS;
				break;
			}
			if (!iov_iter_count(from))
				break;
			continue;
		}
		/* Full. */
		if (nonblock) {
			if (!written)
				st = STATUS_DEVICE_BUSY;
			break;
		}
		io_pipe_update(p);
		/* Readers may empty it now. */
		if (written)
			io_poll_wake(&p->rd_poll, EPOLLIN | EPOLLRDNORM);
		mutex_unlock(&p->lock);
		st = ke_wait_for_single_object(kt, &p->writable.header, true, NULL);
		mutex_lock(&p->lock);
		if (st != STATUS_WAIT_0) {
			if (written)
				st = STATUS_SUCCESS;
			break;
		}
	}
out:
	io_pipe_update(p);
	/* Every write is an event for readers (Linux once poll was used). */
	if (written)
		io_poll_wake(&p->rd_poll, EPOLLIN | EPOLLRDNORM);
	mutex_unlock(&p->lock);
	*done = written;
	return st;
}

static ntstatus io_pipe_write(struct io_file *f, struct ke_thread *kt,
			      struct iov_iter *from, loff_t *pos, size_t *done)
{
	return io_pipe_write_to(f->context, kt, from,
				io_file_flags(f) & IO_FILE_NONBLOCK, done);
}

/* fstat: what Linux reports for a pipe (pipefs: S_IFIFO, 0600, size 0). */
static ntstatus io_pipe_getattr(struct io_file *f, struct io_stat *st)
{
	struct io_pipe *p = f->context;

	memset(st, 0, sizeof(*st));
	st->ino = p->ino;
	st->dev = IO_PIPE_DEV;
	st->mode = S_IFIFO | 0600;
	st->nlink = 1;
	st->uid = p->uid;
	st->gid = p->gid;
	st->blksize = PAGE_SIZE;
	st->atime = p->created;
	st->mtime = p->created;
	st->ctime = p->created;
	return STATUS_SUCCESS;
}

/**
 * io_pipe_ioctl_on() - ioctl(2) of a pipe or FIFO end, as pipe_ioctl()
 * @p: the pipe
 * @cmd: FIONREAD (either end): the bytes the pipe holds; anything else is
 *	 not a pipe's (STATUS_INVALID_DEVICE_REQUEST: ENOTTY)
 * @arg: the user's int
 * @ret: the call's result
 */
ntstatus io_pipe_ioctl_on(struct io_pipe *p, unsigned int cmd, unsigned long arg, long *ret)
{
	unsigned int i, count = 0;

	if (cmd != FIONREAD)
		return STATUS_INVALID_DEVICE_REQUEST;
	mutex_lock(&p->lock);
	for (i = p->tail; i != p->head; i++)
		count += p->bufs[i % IO_PIPE_SLOTS].len;
	mutex_unlock(&p->lock);
	*ret = 0;
	return put_user(count, (int __user *)arg) ? STATUS_LX_ERRNO(EFAULT) :
						    STATUS_SUCCESS;
}

static ntstatus io_pipe_ioctl(struct io_file *f, unsigned int cmd,
			      unsigned long arg, long *ret)
{
	return io_pipe_ioctl_on(f->context, cmd, arg, ret);
}

static void io_pipe_release(struct io_file *f)
{
	struct io_pipe *p = f->context;

	mutex_lock(&p->lock);
	if (io_file_flags(f) & IO_FILE_READ)
		p->readers--;
	else
		p->writers--;
	io_pipe_update(p);
	/* The other end sees EPOLLHUP or EPOLLERR. */
	io_poll_wake(&p->rd_poll, 0);
	io_poll_wake(&p->wr_poll, 0);
	mutex_unlock(&p->lock);
	ob_dereference(p);
}

/* Linux 6.1's pipe_poll(): the state is read without the lock. */
static __poll_t io_pipe_poll_read(struct io_file *f, struct io_poll_entry *e)
{
	struct io_pipe *p = f->context;
	__poll_t mask = 0;

	if (e)
		io_poll_add(&p->rd_poll, e);
	if (READ_ONCE(p->head) != READ_ONCE(p->tail))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (!READ_ONCE(p->writers))
		mask |= EPOLLHUP;
	return mask;
}

static __poll_t io_pipe_poll_write(struct io_file *f, struct io_poll_entry *e)
{
	struct io_pipe *p = f->context;
	__poll_t mask = 0;

	if (e)
		io_poll_add(&p->wr_poll, e);
	if (READ_ONCE(p->head) - READ_ONCE(p->tail) < IO_PIPE_SLOTS)
		mask |= EPOLLOUT | EPOLLWRNORM;
	if (!READ_ONCE(p->readers))
		mask |= EPOLLERR;
	return mask;
}

static const struct io_file_ops io_pipe_read_ops = {
	.name = "pipe",
	.kind = IO_KIND_PIPE,
	.getattr = io_pipe_getattr,
	.read = io_pipe_read,
	.ioctl = io_pipe_ioctl,
	.poll = io_pipe_poll_read,
	.release = io_pipe_release,
};

static const struct io_file_ops io_pipe_write_ops = {
	.name = "pipe",
	.kind = IO_KIND_PIPE,
	.getattr = io_pipe_getattr,
	.write = io_pipe_write,
	.ioctl = io_pipe_ioctl,
	.poll = io_pipe_poll_write,
	.release = io_pipe_release,
};

/**
 * io_create_pipe() - a new anonymous pipe: its read end and its write end
 * @flags: IO_FILE_NONBLOCK for both ends
 * @uid: the creator's fsuid (fstat shows it)
 * @gid: the creator's fsgid
 * @read_end: the read end, one reference
 * @write_end: the write end, one reference
 *
 * Return: STATUS_SUCCESS, STATUS_NOT_SUPPORTED (IO_FILE_DIRECT: packet mode
 * is not implemented), STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_create_pipe(unsigned int flags, u32 uid, u32 gid,
			struct io_file **read_end, struct io_file **write_end)
{
	char name[32];
	struct io_pipe *p;
	struct io_file *r, *w;
	ntstatus st;

	if (flags & ~IO_FILE_NONBLOCK)
		return STATUS_NOT_SUPPORTED;
	st = ob_create_object(&io_pipe_type, 0, (void **)&p);
	if (!NT_SUCCESS(st))
		return st;
	mutex_init(&p->lock);
	init_waitqueue_head(&p->partner);
	ke_event_init(&p->readable, KE_NOTIFICATION_EVENT, false);
	ke_event_init(&p->writable, KE_NOTIFICATION_EVENT, true);
	p->is_writable = true;
	io_poll_head_init(&p->rd_poll);
	io_poll_head_init(&p->wr_poll);
	p->readers = 1;
	p->writers = 1;
	p->ino = atomic64_inc_return(&io_pipe_serial);
	p->uid = uid;
	p->gid = gid;
	ktime_get_real_ts64(&p->created);

	snprintf(name, sizeof(name), "Anonymous.%llu", (unsigned long long)p->ino);
	st = ob_insert_object(io_named_pipe_dir, name, p, false);
	if (!NT_SUCCESS(st))
		goto err_put_pipe;

	st = io_create_file(&io_pipe_read_ops, p, IO_FILE_READ | flags, &r);
	if (!NT_SUCCESS(st))
		goto err_put_pipe;
	ob_reference(p);	/* the read end's */
	st = io_create_file(&io_pipe_write_ops, p, IO_FILE_WRITE | flags, &w);
	if (!NT_SUCCESS(st))
		goto err_put_read_end;
	*read_end = r;
	*write_end = w;
	return STATUS_SUCCESS;

err_put_read_end:
	/* Its release closes the read side and drops its pipe reference. */
	p->writers = 0;
	ob_dereference(r);
err_put_pipe:
	ob_dereference(p);
	return st;
}

/* ---- FIFOs: one pipe per FIFO node, ends opened by path ---- */

/**
 * io_create_fifo_pipe() - a pipe object for a FIFO, with no end open
 * @out: the pipe, one reference (io_pipe_put())
 *
 * LxVfs keeps one per FIFO node while the node is open (lxvfs fifo.c);
 * its data goes with it, as Linux frees a FIFO's pipe at the last close.
 */
ntstatus io_create_fifo_pipe(struct io_pipe **out)
{
	char name[32];
	struct io_pipe *p;
	ntstatus st;

	st = ob_create_object(&io_pipe_type, 0, (void **)&p);
	if (!NT_SUCCESS(st))
		return st;
	mutex_init(&p->lock);
	init_waitqueue_head(&p->partner);
	io_poll_head_init(&p->rd_poll);
	io_poll_head_init(&p->wr_poll);
	ke_event_init(&p->readable, KE_NOTIFICATION_EVENT, true);	/* no writer */
	ke_event_init(&p->writable, KE_NOTIFICATION_EVENT, true);	/* no reader */
	p->is_readable = true;
	p->is_writable = true;
	p->ino = atomic64_inc_return(&io_pipe_serial);
	ktime_get_real_ts64(&p->created);
	snprintf(name, sizeof(name), "Fifo.%llu", (unsigned long long)p->ino);
	st = ob_insert_object(io_named_pipe_dir, name, p, false);
	if (!NT_SUCCESS(st)) {
		ob_dereference(p);
		return st;
	}
	*out = p;
	return STATUS_SUCCESS;
}

void io_pipe_put(struct io_pipe *p)
{
	ob_dereference(p);
}

/* Undo one side of an open (with @p->lock held). */
static void io_pipe_drop_end(struct io_pipe *p, unsigned int flags)
{
	if (flags & IO_FILE_READ)
		p->readers--;
	if (flags & IO_FILE_WRITE)
		p->writers--;
	io_pipe_update(p);
	/* The other side sees EPOLLHUP or EPOLLERR. */
	io_poll_wake(&p->rd_poll, 0);
	io_poll_wake(&p->wr_poll, 0);
}

/**
 * io_pipe_open_end() - open a side of FIFO pipe @p, with Linux's fifo_open() rules
 * @p: the pipe
 * @flags: IO_FILE_READ and/or IO_FILE_WRITE, IO_FILE_NONBLOCK
 *
 * For reading: waits until a writer opens (not with IO_FILE_NONBLOCK). For
 * writing: with IO_FILE_NONBLOCK and no reader, ENXIO; else waits until a
 * reader opens. Both: never waits. A wait ends when the other side's open
 * counter moves (a partner that came and went still ends it). The waits
 * are on a Linux wait queue, not a ke event: "the counter moved since I
 * looked" needs no reset, so no opener can miss another's wake-up.
 *
 * @version: for io_pipe_poll_on(): the write-open count a non-blocking
 * reader saw with no writer (no EPOLLHUP until a writer came), else 0, as
 * Linux's f_version
 *
 * Return: STATUS_SUCCESS (close with io_pipe_close_end()),
 * STATUS_LX_ERRNO(ENXIO), STATUS_USER_APC (a signal: the open restarts or
 * fails with EINTR; of the success class, so test for STATUS_SUCCESS).
 */
ntstatus io_pipe_open_end(struct io_pipe *p, unsigned int flags, unsigned int *version)
{
	unsigned int side = flags & (IO_FILE_READ | IO_FILE_WRITE), cur;
	unsigned int *partner_counter;
	int err;

	*version = 0;
	mutex_lock(&p->lock);
	if (side == IO_FILE_WRITE && (flags & IO_FILE_NONBLOCK) && !p->readers) {
		mutex_unlock(&p->lock);
		return STATUS_LX_ERRNO(ENXIO);
	}
	if (side & IO_FILE_READ) {
		p->readers++;
		p->r_counter++;
	}
	if (side & IO_FILE_WRITE) {
		p->writers++;
		p->w_counter++;
	}
	io_pipe_update(p);
	io_poll_wake(&p->rd_poll, 0);
	io_poll_wake(&p->wr_poll, 0);
	wake_up_interruptible_all(&p->partner);
	if (side == IO_FILE_READ && !p->writers && (flags & IO_FILE_NONBLOCK))
		*version = p->w_counter;
	if (side == IO_FILE_READ && !p->writers && !(flags & IO_FILE_NONBLOCK))
		partner_counter = &p->w_counter;
	else if (side == IO_FILE_WRITE && !p->readers)
		partner_counter = &p->r_counter;
	else
		partner_counter = NULL;
	if (!partner_counter) {
		mutex_unlock(&p->lock);
		return STATUS_SUCCESS;
	}
	cur = *partner_counter;
	mutex_unlock(&p->lock);
	err = wait_event_interruptible(p->partner, READ_ONCE(*partner_counter) != cur);
	if (!err)
		return STATUS_SUCCESS;
	mutex_lock(&p->lock);
	io_pipe_drop_end(p, side);
	mutex_unlock(&p->lock);
	return STATUS_USER_APC;
}

/**
 * io_pipe_poll_on() - readiness of a FIFO open, as Linux 6.1's pipe_poll()
 * @p: the pipe
 * @flags: the open's IO_FILE_READ and/or IO_FILE_WRITE
 * @version: what io_pipe_open_end() gave
 * @e: linked on the read side's notifier (the write side's for a writer
 *	only); an O_RDWR open is woken by reads' side events only
 */
__poll_t io_pipe_poll_on(struct io_pipe *p, unsigned int flags, unsigned int version,
			 struct io_poll_entry *e)
{
	unsigned int head = READ_ONCE(p->head), tail = READ_ONCE(p->tail);
	__poll_t mask = 0;

	if (e)
		io_poll_add(flags & IO_FILE_READ ? &p->rd_poll : &p->wr_poll, e);
	if (flags & IO_FILE_READ) {
		if (head != tail)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!READ_ONCE(p->writers) && version != READ_ONCE(p->w_counter))
			mask |= EPOLLHUP;
	}
	if (flags & IO_FILE_WRITE) {
		if (head - tail < IO_PIPE_SLOTS)
			mask |= EPOLLOUT | EPOLLWRNORM;
		if (!READ_ONCE(p->readers))
			mask |= EPOLLERR;
	}
	return mask;
}

/* Close a side io_pipe_open_end() opened (@flags as given to it). */
void io_pipe_close_end(struct io_pipe *p, unsigned int flags)
{
	mutex_lock(&p->lock);
	io_pipe_drop_end(p, flags);
	mutex_unlock(&p->lock);
}

/**
 * io_init() - create \Device\NamedPipe
 *
 * Return: 0, or -ENOMEM.
 */
int io_init(void)
{
	struct ob_directory *dir;
	ntstatus st;

	st = ob_create_directory(&dir);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	st = ob_insert_object(ob_device_dir, "NamedPipe", dir, true);
	ob_dereference(dir);	/* the directory \Device keeps it */
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	io_named_pipe_dir = dir;
	return 0;
}

/**
 * io_exit() - remove \Device\NamedPipe (every pipe is gone by now)
 */
void io_exit(void)
{
	ob_make_temporary(io_named_pipe_dir);
	io_named_pipe_dir = NULL;
}

/* ---- splice, tee, vmsplice (lx/sys_splice.c) ---- */

/**
 * io_file_pipe() - the pipe of an anonymous pipe end or a FIFO, or NULL
 * @f: any File object
 */
struct io_pipe *io_file_pipe(struct io_file *f)
{
	if (f->ops->kind == IO_KIND_PIPE)
		return f->context;
	return f->ops->pipe ? f->ops->pipe(f) : NULL;
}

/*
 * With @p->lock held (dropped while waiting): wait until @p has a free slot
 * or no reader (@write), or data or no writer. STATUS_SUCCESS, or why not:
 * STATUS_PIPE_BROKEN (no reader), EAGAIN's statuses, a wait's status.
 */
static ntstatus io_pipe_wait_locked(struct io_pipe *p, struct ke_thread *kt,
				    bool write, bool nonblock)
{
	ntstatus st;

	for (;;) {
		if (write && !p->readers)
			return STATUS_PIPE_BROKEN;
		if (write ? io_pipe_used(p) < IO_PIPE_SLOTS :
			    io_pipe_used(p) || !p->writers)
			return STATUS_SUCCESS;
		if (nonblock)
			return write ? STATUS_DEVICE_BUSY : STATUS_PIPE_EMPTY;
		io_pipe_update(p);
		mutex_unlock(&p->lock);
		st = ke_wait_for_single_object(kt, write ? &p->writable.header :
						  &p->readable.header, true, NULL);
		mutex_lock(&p->lock);
		if (st != STATUS_WAIT_0)
			return st;
	}
}

/**
 * io_pipe_splice_in() - fill free slots of @p from a producer
 * @p: the pipe
 * @kt: the calling thread (it may wait for room)
 * @len: the most to take
 * @skew: where in its page the first byte lies (a file offset), so the
 *	data fills the slots as Linux's page cache pages would
 * @nonblock: no wait for room (SPLICE_F_NONBLOCK): EAGAIN's status
 * @fill: reads into the iterator it is given, under the pipe's lock
 * @ctx: @fill's
 * @done: bytes added, even when the result is a failure
 *
 * Linux's splice_file_to_pipe(): wait once for a free slot, then take
 * what the free slots hold.
 */
ntstatus io_pipe_splice_in(struct io_pipe *p, struct ke_thread *kt, size_t len,
			   unsigned int skew, bool nonblock, io_pipe_fill_t fill,
			   void *ctx, size_t *done)
{
	struct bio_vec bv[IO_PIPE_SLOTS];
	size_t want, got = 0, left;
	struct iov_iter iter;
	unsigned int n, i;
	ntstatus st;

	*done = 0;
	skew &= PAGE_SIZE - 1;
	mutex_lock(&p->lock);
	st = io_pipe_wait_locked(p, kt, true, nonblock);
	if (st != STATUS_SUCCESS)
		goto out;
	want = min_t(size_t, len, (IO_PIPE_SLOTS - io_pipe_used(p)) * PAGE_SIZE - skew);
	n = DIV_ROUND_UP(skew + want, PAGE_SIZE);
	for (i = 0, left = want; i < n; i++) {
		struct page *page = p->spare;

		if (page)
			p->spare = NULL;
		else
			page = alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT);
		if (!page) {
			if (!i) {
				st = STATUS_INSUFFICIENT_RESOURCES;
				goto out;
			}
			want -= left;
			n = i;
			break;
		}
		bv[i].bv_page = page;
		bv[i].bv_offset = i ? 0 : skew;
		bv[i].bv_len = min_t(size_t, left, PAGE_SIZE - bv[i].bv_offset);
		left -= bv[i].bv_len;
	}
	iov_iter_bvec(&iter, ITER_DEST, bv, n, want);
	st = fill(ctx, &iter, &got);
	for (i = 0, left = min(got, want); i < n; i++) {
		struct io_pipe_buf *b = &p->bufs[p->head % IO_PIPE_SLOTS];

		if (!left) {
			io_pipe_free_page(p, bv[i].bv_page);
			continue;
		}
		b->page = bv[i].bv_page;
		b->offset = bv[i].bv_offset;
		b->len = min_t(size_t, left, bv[i].bv_len);
		left -= b->len;
		p->head++;
	}
	if (got)
		io_poll_wake(&p->rd_poll, EPOLLIN | EPOLLRDNORM);
out:
	io_pipe_update(p);
	mutex_unlock(&p->lock);
	*done = got;
	return st;
}

/* Drop @len bytes from the front of @p (with its lock held). */
static void io_pipe_consume(struct io_pipe *p, size_t len)
{
	while (len) {
		struct io_pipe_buf *b = &p->bufs[p->tail % IO_PIPE_SLOTS];
		size_t n = min_t(size_t, len, b->len);

		b->offset += n;
		b->len -= n;
		len -= n;
		if (!b->len) {
			io_pipe_free_page(p, b->page);
			b->page = NULL;
			p->tail++;
		}
	}
}

/**
 * io_pipe_splice_out() - hand the data of @p to a consumer
 * @p: the pipe
 * @kt: the calling thread (it may wait for data)
 * @len: the most to move
 * @nonblock: no wait for data (SPLICE_F_NONBLOCK): EAGAIN's status
 * @one_buf: give @drain one slot at a time (a datagram socket takes each
 *	buffer as one message, as Linux's sendpage per buffer)
 * @drain: takes from the iterator it is given, under the pipe's lock
 * @ctx: @drain's
 * @done: bytes consumed, even when the result is a failure
 *
 * Linux's __splice_from_pipe(): wait for data only while nothing moved; the
 * pipe loses exactly what @drain took.
 */
ntstatus io_pipe_splice_out(struct io_pipe *p, struct ke_thread *kt, size_t len,
			    bool nonblock, bool one_buf, io_pipe_drain_t drain, void *ctx,
			    size_t *done)
{
	struct bio_vec bv[IO_PIPE_SLOTS];
	ntstatus st = STATUS_SUCCESS;
	size_t total = 0;

	*done = 0;
	mutex_lock(&p->lock);
	while (len) {
		size_t want = 0, got = 0;
		struct iov_iter iter;
		unsigned int n = 0, i;

		if (!io_pipe_used(p)) {
			if (total || !p->writers)
				break;
			st = io_pipe_wait_locked(p, kt, false, nonblock);
			if (st != STATUS_SUCCESS)
				break;
			continue;
		}
		for (i = p->tail; i != p->head && want < len && !(one_buf && n); i++, n++) {
			struct io_pipe_buf *b = &p->bufs[i % IO_PIPE_SLOTS];

			bv[n].bv_page = b->page;
			bv[n].bv_offset = b->offset;
			bv[n].bv_len = min_t(size_t, b->len, len - want);
			want += bv[n].bv_len;
		}
		iov_iter_bvec(&iter, ITER_SOURCE, bv, n, want);
		st = drain(ctx, &iter, &got);
		got = min(got, want);
		io_pipe_consume(p, got);
		total += got;
		len -= got;
		if (got < want || st != STATUS_SUCCESS)
			break;
	}
	if (total)
		io_poll_wake(&p->wr_poll, EPOLLOUT | EPOLLWRNORM);
	io_pipe_update(p);
	mutex_unlock(&p->lock);
	*done = total;
	return st;
}

/* Lock two pipes in address order (Linux's pipe_double_lock()). */
static void io_pipe_double_lock(struct io_pipe *a, struct io_pipe *b)
{
	if (a > b)
		swap(a, b);
	mutex_lock(&a->lock);
	mutex_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
}

/**
 * io_pipe_link() - splice (@move) or tee data of @ip into @op
 * @ip: the input pipe
 * @op: the output pipe (not @ip)
 * @kt: the calling thread (it may wait for data and room)
 * @len: the most to move
 * @nonblock: SPLICE_F_NONBLOCK: EAGAIN's status instead of a wait
 * @move: consume the input (splice); else leave it (tee)
 * @done: bytes added to @op, even when the result is a failure
 *
 * Linux's splice_pipe_to_pipe() and do_tee(): whole buffers move, a part
 * of one is copied. STATUS_PIPE_BROKEN: @op has no reader (SIGPIPE).
 */
ntstatus io_pipe_link(struct io_pipe *ip, struct io_pipe *op, struct ke_thread *kt,
		      size_t len, bool nonblock, bool move, size_t *done)
{
	ntstatus st = STATUS_SUCCESS;
	unsigned int i_tail;
	size_t total = 0;
	bool moved = false;

	*done = 0;
retry:
	mutex_lock(&ip->lock);
	st = io_pipe_wait_locked(ip, kt, false, nonblock);
	mutex_unlock(&ip->lock);
	if (st != STATUS_SUCCESS)
		return st;
	mutex_lock(&op->lock);
	st = io_pipe_wait_locked(op, kt, true, nonblock);
	io_pipe_update(op);
	mutex_unlock(&op->lock);
	if (st != STATUS_SUCCESS)
		return st;

	io_pipe_double_lock(ip, op);
	i_tail = ip->tail;
	do {
		struct io_pipe_buf *ib, *ob;
		size_t n;

		if (!op->readers) {
			st = STATUS_PIPE_BROKEN;
			break;
		}
		if (i_tail == ip->head && !ip->writers)
			break;
		if (i_tail == ip->head || io_pipe_used(op) == IO_PIPE_SLOTS) {
			if (total || !move)
				break;
			if (nonblock) {
				st = STATUS_PIPE_EMPTY;
				break;
			}
			mutex_unlock(&ip->lock);
			mutex_unlock(&op->lock);
			goto retry;
		}
		ib = &ip->bufs[i_tail % IO_PIPE_SLOTS];
		ob = &op->bufs[op->head % IO_PIPE_SLOTS];
		n = min_t(size_t, len, ib->len);
		if (move && n == ib->len) {
			*ob = *ib;
			ib->page = NULL;
			ip->tail = ++i_tail;
			moved = true;
		} else {
			struct page *page = alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT);

			if (!page) {
				if (!total)
					st = STATUS_INSUFFICIENT_RESOURCES;
				break;
			}
			memcpy_page(page, ib->offset, ib->page, ib->offset, n);
			ob->page = page;
			ob->offset = ib->offset;
			ob->len = n;
			if (move) {
				ib->offset += n;
				ib->len -= n;
			} else {
				i_tail++;
			}
		}
		op->head++;
		total += n;
		len -= n;
	} while (len);
	if (total)
		io_poll_wake(&op->rd_poll, EPOLLIN | EPOLLRDNORM);
	if (moved)
		io_poll_wake(&ip->wr_poll, EPOLLOUT | EPOLLWRNORM);
	io_pipe_update(ip);
	io_pipe_update(op);
	mutex_unlock(&ip->lock);
	mutex_unlock(&op->lock);
	*done = total;
	return st;
}
