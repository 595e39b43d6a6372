// SPDX-License-Identifier: GPL-2.0
/*
 * FIFOs opened by path: every open of a FIFO node of a file system shares
 * one pipe object (io/pipe.c) while any open of it lasts, found by inode
 * number in a per-file-system table (VolFs makes a new node at each
 * lookup, and hard links share an inode), with Linux's open rules
 * (io_pipe_open_end()). The File object is an LxVfs file: fstat reports
 * the node, *at() calls and /proc/<pid>/fd see its path.
 */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "vfs/lxvfs.h"

/**
 * struct lxvfs_fifo - the pipe of an open FIFO node
 * @link: in the file system's fifos list
 * @ino: the node's inode number
 * @users: opens of it, done or waiting for a partner
 * @pipe: its pipe (referenced)
 */
struct lxvfs_fifo {
	struct list_head link;
	u64 ino;
	unsigned int users;
	struct io_pipe *pipe;
};

/* One open of a FIFO node: vf->private. */
struct lxvfs_fifo_open {
	struct lxvfs_fifo *fifo;
	unsigned int version;	/* io_pipe_open_end()'s, for poll */
};

/* The FIFO of @ino in @sb, created if absent, with one more user. */
static ntstatus lxvfs_fifo_get(struct lxvfs_sb *sb, u64 ino, struct lxvfs_fifo **out)
{
	struct lxvfs_fifo *fifo;
	ntstatus st = STATUS_SUCCESS;

	mutex_lock(&sb->fifo_lock);
	list_for_each_entry(fifo, &sb->fifos, link)
		if (fifo->ino == ino)
			goto found;
	fifo = kzalloc(sizeof(*fifo), GFP_KERNEL_ACCOUNT);
	if (!fifo) {
		st = STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	st = io_create_fifo_pipe(&fifo->pipe);
	if (!NT_SUCCESS(st)) {
		kfree(fifo);
		goto out;
	}
	fifo->ino = ino;
	list_add(&fifo->link, &sb->fifos);
found:
	fifo->users++;
	*out = fifo;
out:
	mutex_unlock(&sb->fifo_lock);
	return st;
}

/* One user fewer: the last takes the pipe, and its data, away. */
static void lxvfs_fifo_put(struct lxvfs_sb *sb, struct lxvfs_fifo *fifo)
{
	bool last;

	mutex_lock(&sb->fifo_lock);
	last = !--fifo->users;
	if (last)
		list_del(&fifo->link);
	mutex_unlock(&sb->fifo_lock);
	if (last) {
		io_pipe_put(fifo->pipe);
		kfree(fifo);
	}
}

static ntstatus lxvfs_fifo_read(struct io_file *f, struct ke_thread *kt,
				struct iov_iter *to, loff_t *pos, size_t *done)
{
	struct lxvfs_fifo_open *fo = ((struct lxvfs_file *)f->context)->private;

	return io_pipe_read_from(fo->fifo->pipe, kt, to, io_file_flags(f) & IO_FILE_NONBLOCK,
				 done);
}

static ntstatus lxvfs_fifo_write(struct io_file *f, struct ke_thread *kt,
				 struct iov_iter *from, loff_t *pos, size_t *done)
{
	struct lxvfs_fifo_open *fo = ((struct lxvfs_file *)f->context)->private;

	return io_pipe_write_to(fo->fifo->pipe, kt, from, io_file_flags(f) & IO_FILE_NONBLOCK,
				done);
}

/* poll, select, epoll: Linux's pipe_poll() for a FIFO. */
static __poll_t lxvfs_fifo_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct lxvfs_fifo_open *fo = ((struct lxvfs_file *)f->context)->private;

	return io_pipe_poll_on(fo->fifo->pipe, io_file_flags(f) & (IO_FILE_READ | IO_FILE_WRITE),
			       fo->version, e);
}

/* FIONREAD: the bytes the FIFO's pipe holds, as pipe_ioctl(). */
static ntstatus lxvfs_fifo_ioctl(struct io_file *f, unsigned int cmd, unsigned long arg,
				 long *ret)
{
	struct lxvfs_fifo_open *fo = ((struct lxvfs_file *)f->context)->private;

	return io_pipe_ioctl_on(fo->fifo->pipe, cmd, arg, ret);
}

/* splice, tee, vmsplice and sendfile take a FIFO as the pipe it is. */
static struct io_pipe *lxvfs_fifo_pipe(struct io_file *f)
{
	struct lxvfs_fifo_open *fo = ((struct lxvfs_file *)f->context)->private;

	return fo->fifo->pipe;
}

static void lxvfs_fifo_release(struct io_file *f)
{
	struct lxvfs_file *vf = f->context;
	struct lxvfs_fifo_open *fo = vf->private;

	io_pipe_close_end(fo->fifo->pipe, io_file_flags(f) & (IO_FILE_READ | IO_FILE_WRITE));
	lxvfs_fifo_put(vf->path.node->sb, fo->fifo);
	kfree(fo);
	vf->private = NULL;		/* not the file system's */
	lxvfs_file_release_op(f);
}

static const struct io_file_ops lxvfs_fifo_ops = {
	.name = "fifo",
	.kind = IO_KIND_VFS,
	.read = lxvfs_fifo_read,
	.write = lxvfs_fifo_write,
	.poll = lxvfs_fifo_poll,
	.ioctl = lxvfs_fifo_ioctl,
	.pipe = lxvfs_fifo_pipe,
	.getattr = lxvfs_file_getattr_op,
	.release = lxvfs_fifo_release,
};

/**
 * lxvfs_open_fifo() - open the FIFO node @p as Linux's fifo_open()
 * @p: the node (the file takes its own references)
 * @flags: IO_FILE_READ and/or IO_FILE_WRITE, IO_FILE_NONBLOCK...
 * @out: the file, one reference
 *
 * Return: STATUS_SUCCESS, STATUS_LX_ERRNO(ENXIO) (a non-blocking writer
 * without a reader), STATUS_USER_APC (a signal ended the wait for the
 * other side), STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus lxvfs_open_fifo(const struct lxvfs_path *p, unsigned int flags,
			 struct io_file **out)
{
	struct lxvfs_sb *sb = p->node->sb;
	struct lxvfs_fifo_open *fo;
	struct lxvfs_fifo *fifo;
	struct lxvfs_file *vf;
	ntstatus st;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL_ACCOUNT);
	fo = kzalloc(sizeof(*fo), GFP_KERNEL_ACCOUNT);
	st = STATUS_INSUFFICIENT_RESOURCES;
	if (!vf || !fo)
		goto err_free;
	st = lxvfs_fifo_get(sb, p->node->ino, &fifo);
	if (!NT_SUCCESS(st))
		goto err_free;
	st = io_pipe_open_end(fifo->pipe, flags, &fo->version);
	if (st != STATUS_SUCCESS)	/* STATUS_USER_APC is of the success class */
		goto err_put_fifo;
	fo->fifo = fifo;
	vf->path = *p;
	lxvfs_path_get(&vf->path);
	vf->ops = &lxvfs_fifo_ops;
	vf->private = fo;
	flags &= ~IO_FILE_SEEKABLE;		/* lseek: ESPIPE */
	st = io_create_file(vf->ops, vf, flags, out);
	if (!NT_SUCCESS(st)) {
		lxvfs_path_put(&vf->path);
		io_pipe_close_end(fifo->pipe, flags & (IO_FILE_READ | IO_FILE_WRITE));
		goto err_put_fifo;
	}
	return STATUS_SUCCESS;

err_put_fifo:
	lxvfs_fifo_put(sb, fifo);
err_free:
	kfree(fo);
	kfree(vf);
	return st;
}
