// SPDX-License-Identifier: GPL-2.0
/*
 * splice, tee, vmsplice, sendfile into a pipe, copy_file_range: Linux 6.1's
 * fs/splice.c and fs/read_write.c
 * rules (one end a pipe, its checks and errno order, SPLICE_F_NONBLOCK),
 * over lxcore's own objects. A pipe lends its pages (io/pipe.c
 * io_pipe_splice_in/out): the other end's read or write operation fills or
 * drains them under the pipe's lock, as Linux's splice_read/splice_write
 * run under pipe_lock(), so the pipe loses exactly what the other end took
 * and a transfer is bounded by the pipe's 16 slots. Between two pipes whole
 * pages move (tee copies them). No host fd of the instance ever reaches the
 * host's splice: host sockets are read and written through their File
 * objects like any other.
 */
#include <linux/bvec.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/inotify.h>
#include <linux/net.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/splice.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/lx.h"

#define LX_SPLICE_F_ALL	(SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

/* The non-pipe end of a splice: a file, a socket, or user memory. */
struct lx_splice_end {
	struct ps_task *pt;
	struct io_file *f;
	loff_t *pos;		/* a seekable file's position, else NULL */
	bool nonblock;		/* SPLICE_F_NONBLOCK, for an AF_UNIX source */
	bool check;		/* rw_verify_area() at the read */
	struct iov_iter *user;	/* vmsplice: the caller's memory */
};

static bool lx_seekable(struct io_file *f)
{
	return io_file_flags(f) & IO_FILE_SEEKABLE;
}

/* A socket that keeps message boundaries: one message per pipe buffer. */
static bool lx_splice_records(struct io_file *f)
{
	struct socket *sock;

	if (io_file_is_unix(f))
		return io_unix_type_of(f) != SOCK_STREAM;
	if (f->ops->kind != IO_KIND_HOST)
		return false;
	sock = sock_from_file(f->context);
	return sock && sock->type != SOCK_STREAM;
}

/* rw_verify_area(): a negative position or end is EINVAL. */
static bool lx_splice_range_ok(loff_t pos, size_t count)
{
	return (ssize_t)count >= 0 && pos >= 0 && (loff_t)(pos + count) >= 0;
}

static void lx_splice_notify(struct io_file *f, u32 mask)
{
	if (lxvfs_file_of(f))
		lxvfs_notify(lxvfs_file_of(f)->path.node, mask);
}

/* The source's splice_read: a read into the pipe's pages. */
static ntstatus lx_splice_fill(void *ctx, struct iov_iter *to, size_t *done)
{
	struct lx_splice_end *e = ctx;
	struct io_file *f = e->f;
	ntstatus st;

	*done = 0;
	/* Pipes, directories, write-only devices: no splice_read. */
	if (!f->ops->read || f->ops->readdir || io_file_pipe(f))
		return STATUS_LX_ERRNO(EINVAL);
	if (e->check && e->pos && !lx_splice_range_ok(*e->pos, iov_iter_count(to)))
		return STATUS_LX_ERRNO(EINVAL);
	if (io_file_is_unix(f)) {
		/* unix_stream_splice_read(): SPLICE_F_NONBLOCK is MSG_DONTWAIT. */
		struct io_unix_msg m = { .iter = to, .flags = e->nonblock ? MSG_DONTWAIT : 0 };
		unsigned int i;

		st = io_unix_recvmsg(f, &e->pt->ke, &m);
		for (i = 0; i < m.nfiles; i++)
			ob_dereference(m.files[i]);
		kfree(m.files);
		*done = m.done;
	} else {
		st = f->ops->read(f, &e->pt->ke, to, e->pos, done);
	}
	if (*done)
		lx_splice_notify(f, IN_ACCESS);
	return st;
}

/* The destination's splice_write: a write from the pipe's pages. */
static ntstatus lx_splice_drain(void *ctx, struct iov_iter *from, size_t *done)
{
	struct lx_splice_end *e = ctx;
	ntstatus st;

	st = e->f->ops->write(e->f, &e->pt->ke, from, e->pos, done);
	if (*done)
		lx_splice_notify(e->f, IN_MODIFY);
	return st;
}

/* vmsplice into a pipe: the caller's memory copied into the pages. */
static ntstatus lx_splice_from_user(void *ctx, struct iov_iter *to, size_t *done)
{
	struct lx_splice_end *e = ctx;
	const struct bio_vec *bv = to->bvec;
	size_t total = 0, want = iov_iter_count(to);
	unsigned long i;

	for (i = 0; i < to->nr_segs && total < want; i++) {
		size_t n = min_t(size_t, bv[i].bv_len, want - total);
		size_t got = copy_page_from_iter(bv[i].bv_page, bv[i].bv_offset, n, e->user);

		total += got;
		if (got < n)
			break;
	}
	*done = total;
	return total ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* vmsplice out of a pipe: pipe_to_user(), a copy. */
static ntstatus lx_splice_to_user(void *ctx, struct iov_iter *from, size_t *done)
{
	struct lx_splice_end *e = ctx;
	const struct bio_vec *bv = from->bvec;
	size_t total = 0, want = iov_iter_count(from);
	unsigned long i;

	for (i = 0; i < from->nr_segs && total < want; i++) {
		size_t n = min_t(size_t, bv[i].bv_len, want - total);
		size_t got = copy_page_to_iter(bv[i].bv_page, bv[i].bv_offset, n, e->user);

		total += got;
		if (got < n)
			break;
	}
	*done = total;
	return total ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* A transfer's result: SIGPIPE for a pipe or AF_UNIX socket with no reader. */
static long lx_splice_result(ntstatus st, size_t done)
{
	if (st == STATUS_PIPE_BROKEN)
		send_sig(SIGPIPE, current, 0);
	return lx_errno(st, done);
}

/**
 * lx_splice_to_pipe() - splice_file_to_pipe(): @len bytes of @in into @op
 * @pt: the caller
 * @in: the source (any readable File object but a pipe or directory)
 * @pos: its position (a seekable file's), advanced by what moved
 * @op: the pipe
 * @len: the most to move
 * @nonblock: SPLICE_F_NONBLOCK (no wait for room, nor AF_UNIX data)
 *
 * Return: bytes moved, or -errno.
 */
long lx_splice_to_pipe(struct ps_task *pt, struct io_file *in, loff_t *pos,
		       struct io_pipe *op, size_t len, bool nonblock)
{
	struct lx_splice_end e = {
		.pt = pt, .f = in, .nonblock = nonblock, .check = true,
		.pos = lx_seekable(in) ? pos : NULL,
	};
	size_t done;
	ntstatus st;

	len = min_t(size_t, len, MAX_RW_COUNT);
	st = io_pipe_splice_in(op, &pt->ke, len, e.pos ? *pos & ~PAGE_MASK : 0, nonblock,
			       lx_splice_fill, &e, &done);
	return lx_splice_result(st, done);
}

/* A File object's position, read or set under its lock. */
static loff_t lx_file_pos(struct io_file *f)
{
	loff_t pos;

	mutex_lock(&f->pos_lock);
	pos = f->pos;
	mutex_unlock(&f->pos_lock);
	return pos;
}

static void lx_file_set_pos(struct io_file *f, loff_t pos)
{
	mutex_lock(&f->pos_lock);
	f->pos = pos;
	mutex_unlock(&f->pos_lock);
}

/* do_splice(): the offsets are copies, written back by the caller. */
static long lx_do_splice(struct ps_task *pt, struct ob_href *in_ref, loff_t *off_in,
			 struct ob_href *out_ref, loff_t *off_out, size_t len,
			 unsigned int flags)
{
	struct io_file *in = in_ref->obj, *out = out_ref->obj;
	struct io_pipe *ip = io_file_pipe(in), *op = io_file_pipe(out);
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	struct lx_splice_end e = { .pt = pt };
	size_t done;
	ntstatus st;
	loff_t pos;
	long ret;

	if (!(in_ref->access & OB_ACCESS_READ_DATA) ||
	    !(out_ref->access & OB_ACCESS_WRITE_DATA))
		return -EBADF;
	if (ip && op) {
		if (ip == op)
			return -EINVAL;
		if ((io_file_flags(in) | io_file_flags(out)) & IO_FILE_NONBLOCK)
			nonblock = true;
		st = io_pipe_link(ip, op, &pt->ke, len, nonblock, true, &done);
		return lx_splice_result(st, done);
	}
	if (ip) {
		if (off_out) {
			if (!lx_seekable(out))
				return -EINVAL;
			pos = *off_out;
		} else {
			pos = lx_seekable(out) ? lx_file_pos(out) : 0;
		}
		if (io_file_flags(out) & IO_FILE_APPEND)
			return -EINVAL;
		if (!lx_splice_range_ok(pos, len))
			return -EINVAL;
		if (io_file_flags(in) & IO_FILE_NONBLOCK)
			nonblock = true;
		/* No splice_write: directories, read-only devices. */
		if (!out->ops->write || out->ops->readdir)
			return -EINVAL;
		e.f = out;
		e.pos = lx_seekable(out) ? &pos : NULL;
		st = io_pipe_splice_out(ip, &pt->ke, len, nonblock, lx_splice_records(out),
					lx_splice_drain, &e, &done);
		ret = lx_splice_result(st, done);
		if (off_out)
			*off_out = pos;
		else if (lx_seekable(out))
			lx_file_set_pos(out, pos);
		return ret;
	}
	if (op) {
		if (off_in) {
			if (!lx_seekable(in))
				return -EINVAL;
			pos = *off_in;
		} else {
			pos = lx_seekable(in) ? lx_file_pos(in) : 0;
		}
		if (io_file_flags(out) & IO_FILE_NONBLOCK)
			nonblock = true;
		ret = lx_splice_to_pipe(pt, in, &pos, op, len, nonblock);
		if (off_in)
			*off_in = pos;
		else if (lx_seekable(in))
			lx_file_set_pos(in, pos);
		return ret;
	}
	return -EINVAL;
}

long lx_sys_splice(struct pt_regs *regs, struct ps_task *pt)
{
	loff_t __user *uoff_in = (loff_t __user *)regs->si;
	loff_t __user *uoff_out = (loff_t __user *)regs->r10;
	unsigned int flags = regs->r9;
	struct ob_href in_ref, out_ref;
	loff_t off_in, off_out;
	size_t len = regs->r8;
	long ret;

	if (!len)
		return 0;
	if (flags & ~LX_SPLICE_F_ALL)
		return -EINVAL;
	if (lx_get_file(pt, regs->di, &in_ref))
		return -EBADF;
	ret = -EBADF;
	if (lx_get_file(pt, regs->dx, &out_ref))
		goto out_put_in;
	/* __do_splice(): an offset on a pipe, then the offsets read. */
	ret = -ESPIPE;
	if ((uoff_in && io_file_pipe(in_ref.obj)) || (uoff_out && io_file_pipe(out_ref.obj)))
		goto out_put_out;
	ret = -EFAULT;
	if (uoff_out && copy_from_user(&off_out, uoff_out, sizeof(off_out)))
		goto out_put_out;
	if (uoff_in && copy_from_user(&off_in, uoff_in, sizeof(off_in)))
		goto out_put_out;
	ret = lx_do_splice(pt, &in_ref, uoff_in ? &off_in : NULL,
			   &out_ref, uoff_out ? &off_out : NULL, len, flags);
	if (ret < 0)
		goto out_put_out;
	if ((uoff_out && copy_to_user(uoff_out, &off_out, sizeof(off_out))) ||
	    (uoff_in && copy_to_user(uoff_in, &off_in, sizeof(off_in))))
		ret = -EFAULT;
out_put_out:
	ob_handle_put(&out_ref);
out_put_in:
	ob_handle_put(&in_ref);
	return ret;
}

long lx_sys_tee(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int flags = regs->r10;
	struct ob_href in_ref, out_ref;
	struct io_pipe *ip, *op;
	size_t len = regs->dx;
	bool nonblock;
	size_t done;
	ntstatus st;
	long ret;

	if (flags & ~LX_SPLICE_F_ALL)
		return -EINVAL;
	if (!len)
		return 0;
	if (lx_get_file(pt, regs->di, &in_ref))
		return -EBADF;
	ret = -EBADF;
	if (lx_get_file(pt, regs->si, &out_ref))
		goto out_put_in;
	if (!(in_ref.access & OB_ACCESS_READ_DATA) ||
	    !(out_ref.access & OB_ACCESS_WRITE_DATA))
		goto out_put_out;
	ip = io_file_pipe(in_ref.obj);
	op = io_file_pipe(out_ref.obj);
	ret = -EINVAL;
	if (!ip || !op || ip == op)
		goto out_put_out;
	nonblock = (flags & SPLICE_F_NONBLOCK) ||
		   ((io_file_flags(in_ref.obj) | io_file_flags(out_ref.obj)) & IO_FILE_NONBLOCK);
	st = io_pipe_link(ip, op, &pt->ke, len, nonblock, false, &done);
	ret = lx_splice_result(st, done);
out_put_out:
	ob_handle_put(&out_ref);
out_put_in:
	ob_handle_put(&in_ref);
	return ret;
}

/*
 * vmsplice_to_pipe() and iter_to_pipe(): one wait for room, then each
 * segment fills slots page by page as its user pages lie, until full.
 */
static long lx_vmsplice_to_pipe(struct ps_task *pt, struct io_pipe *p,
				const struct iovec *segs, unsigned long nr, bool nonblock)
{
	ntstatus st = STATUS_SUCCESS;
	size_t total = 0, done;
	unsigned long i;

	for (i = 0; i < nr; i++) {
		struct lx_splice_end e = { .pt = pt };
		struct iov_iter it;
		struct iovec one;

		if (!segs[i].iov_len)
			continue;
		if (compat_import_user_buffer(ITER_SOURCE, segs[i].iov_base, segs[i].iov_len,
					      &one, &it)) {
			st = STATUS_ACCESS_VIOLATION;
			break;
		}
		e.user = &it;
		st = io_pipe_splice_in(p, &pt->ke, segs[i].iov_len,
				       (unsigned long)segs[i].iov_base & ~PAGE_MASK,
				       nonblock || total, lx_splice_from_user, &e, &done);
		total += done;
		if (st != STATUS_SUCCESS || done < segs[i].iov_len)
			break;
	}
	return lx_splice_result(st, total);
}

long lx_sys_vmsplice(struct pt_regs *regs, struct ps_task *pt)
{
	const struct iovec __user *uiov = (const struct iovec __user *)regs->si;
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	unsigned int flags = regs->r10;
	struct lx_splice_end e = { .pt = pt };
	struct iov_iter iter;
	struct ob_href ref;
	struct io_pipe *p;
	bool to_pipe;
	size_t done;
	ntstatus st;
	long ret;

	if (flags & ~LX_SPLICE_F_ALL)
		return -EINVAL;
	if (lx_get_file(pt, regs->di, &ref))
		return -EBADF;
	/* vmsplice_type(): the direction is the file's access. */
	ret = -EBADF;
	if (ref.access & OB_ACCESS_WRITE_DATA)
		to_pipe = true;
	else if (ref.access & OB_ACCESS_READ_DATA)
		to_pipe = false;
	else
		goto out_put;
	ret = import_iovec(to_pipe ? ITER_SOURCE : ITER_DEST, uiov, regs->dx,
			   ARRAY_SIZE(stack), &iov, &iter);
	if (ret < 0)
		goto out_put;
	ret = 0;
	if (!iov_iter_count(&iter))
		goto out_free;
	ret = -EBADF;
	p = io_file_pipe(ref.obj);
	if (!p)
		goto out_free;
	/* Only SPLICE_F_NONBLOCK makes it non-blocking, not O_NONBLOCK. */
	if (to_pipe) {
		/* import_iovec() left the segments (cut to MAX_RW_COUNT) here. */
		ret = lx_vmsplice_to_pipe(pt, p, iov ? iov : stack, iter.nr_segs,
					  flags & SPLICE_F_NONBLOCK);
		goto out_free;
	}
	e.user = &iter;
	st = io_pipe_splice_out(p, &pt->ke, iov_iter_count(&iter), flags & SPLICE_F_NONBLOCK,
				false, lx_splice_to_user, &e, &done);
	ret = lx_splice_result(st, done);
out_free:
	kfree(iov);
out_put:
	ob_handle_put(&ref);
	return ret;
}

/* ---- copy_file_range ---- */

#define LX_COPY_CHUNK	(16 * PAGE_SIZE)

/* The file system of @f for copy_file_range's same-sb rule (NULL: not LxVfs). */
static const void *lx_copy_sb(struct io_file *f)
{
	struct lxvfs_file *vf = lxvfs_file_of(f);

	return vf ? vf->path.node->sb : NULL;
}

/*
 * generic_copy_file_checks() and rw_verify_area(), in Linux's order; the
 * count is cut at the input's end.
 */
static long lx_copy_checks(struct ob_href *in_ref, loff_t pos_in, struct ob_href *out_ref,
			   loff_t pos_out, size_t *count)
{
	struct io_file *in = in_ref->obj, *out = out_ref->obj;
	struct io_stat si, so;
	u64 n = *count;

	/* generic_file_rw_checks(): directories, other non-regular files, access */
	if (!in->ops->getattr || !out->ops->getattr ||
	    !NT_SUCCESS(in->ops->getattr(in, &si)) || !NT_SUCCESS(out->ops->getattr(out, &so)))
		return -EINVAL;
	if (S_ISDIR(si.mode) || S_ISDIR(so.mode))
		return -EISDIR;
	if (!S_ISREG(si.mode) || !S_ISREG(so.mode))
		return -EINVAL;
	if (!(in_ref->access & OB_ACCESS_READ_DATA) ||
	    !(out_ref->access & OB_ACCESS_WRITE_DATA) ||
	    (io_file_flags(out) & IO_FILE_APPEND))
		return -EBADF;
	/* No file system of lxcore copies itself: the same one, or EXDEV. */
	if (!lx_copy_sb(in) || lx_copy_sb(in) != lx_copy_sb(out))
		return -EXDEV;
	/* Unsigned, as Linux's: a negative position wraps here. */
	if ((u64)pos_in + n < (u64)pos_in || (u64)pos_out + n < (u64)pos_out)
		return -EOVERFLOW;
	n = pos_in >= si.size ? 0 : min_t(u64, n, si.size - pos_in);
	if (si.ino == so.ino && si.dev == so.dev &&
	    pos_out + (loff_t)n > pos_in && pos_out < pos_in + (loff_t)n)
		return -EINVAL;
	if (!lx_splice_range_ok(pos_in, n) || !lx_splice_range_ok(pos_out, n))
		return -EINVAL;
	*count = min_t(u64, n, MAX_RW_COUNT);
	return 0;
}

/* do_splice_direct() between two files: through a kernel buffer. */
static long lx_copy(struct ps_task *pt, struct io_file *in, loff_t *pos_in,
		    struct io_file *out, loff_t *pos_out, size_t count)
{
	size_t total = 0;
	ntstatus st = STATUS_SUCCESS;
	void *buf;

	buf = kvmalloc(min_t(size_t, count, LX_COPY_CHUNK), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (total < count) {
		size_t len = min_t(size_t, count - total, LX_COPY_CHUNK), got = 0, put = 0;
		struct kvec kv = { .iov_base = buf, .iov_len = len };
		struct iov_iter iter;
		loff_t at = *pos_in;

		iov_iter_kvec(&iter, ITER_DEST, &kv, 1, len);
		st = in->ops->read(in, &pt->ke, &iter, &at, &got);
		if (!got)
			break;
		kv.iov_len = got;
		iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, got);
		st = out->ops->write(out, &pt->ke, &iter, pos_out, &put);
		*pos_in += put;
		total += put;
		if (put < got || fatal_signal_pending(current))
			break;
	}
	kvfree(buf);
	if (total) {
		lx_splice_notify(in, IN_ACCESS);
		lx_splice_notify(out, IN_MODIFY);
	}
	return lx_errno(st, total);
}

long lx_sys_copy_file_range(struct pt_regs *regs, struct ps_task *pt)
{
	loff_t __user *uoff_in = (loff_t __user *)regs->si;
	loff_t __user *uoff_out = (loff_t __user *)regs->r10;
	struct ob_href in_ref, out_ref;
	loff_t pos_in, pos_out;
	size_t count = regs->r8;
	struct io_file *in, *out;
	long ret;

	if (lx_get_file(pt, regs->di, &in_ref))
		return -EBADF;
	ret = -EBADF;
	if (lx_get_file(pt, regs->dx, &out_ref))
		goto out_put_in;
	in = in_ref.obj;
	out = out_ref.obj;
	/* fdget() does not find O_PATH files. */
	if ((io_file_flags(in) | io_file_flags(out)) & IO_FILE_PATH)
		goto out_put_out;
	ret = -EFAULT;
	if (uoff_in) {
		if (copy_from_user(&pos_in, uoff_in, sizeof(pos_in)))
			goto out_put_out;
	} else {
		pos_in = lx_file_pos(in);
	}
	if (uoff_out) {
		if (copy_from_user(&pos_out, uoff_out, sizeof(pos_out)))
			goto out_put_out;
	} else {
		pos_out = lx_file_pos(out);
	}
	ret = -EINVAL;
	if (regs->r9)
		goto out_put_out;
	ret = lx_copy_checks(&in_ref, pos_in, &out_ref, pos_out, &count);
	if (ret || !count)
		goto out_put_out;
	ret = lx_copy(pt, in, &pos_in, out, &pos_out, count);
	if (ret <= 0)
		goto out_put_out;
	if (!uoff_in)
		lx_file_set_pos(in, pos_in);
	else if (copy_to_user(uoff_in, &pos_in, sizeof(pos_in)))
		ret = -EFAULT;
	if (!uoff_out)
		lx_file_set_pos(out, pos_out);
	else if (copy_to_user(uoff_out, &pos_out, sizeof(pos_out)))
		ret = -EFAULT;
out_put_out:
	ob_handle_put(&out_ref);
out_put_in:
	ob_handle_put(&in_ref);
	return ret;
}
