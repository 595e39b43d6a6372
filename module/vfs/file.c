// SPDX-License-Identifier: GPL-2.0
/*
 * Files opened through LxVfs: a File object whose context is a lxvfs_file
 * (the path it was opened by, which fstat, fchdir and *at() calls use).
 * Regular files and devices get their file system's operations;
 * directories and O_PATH files are served here.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/inotify.h>
#include <linux/slab.h>
#include <linux/stat.h>

#include "vfs/lxvfs.h"

static ntstatus lxvfs_file_getattr(struct io_file *f, struct io_stat *st)
{
	struct lxvfs_file *vf = f->context;

	return lxvfs_getattr(&vf->path, st);
}

static ntstatus lxvfs_dir_readdir(struct io_file *f, loff_t *pos, io_filldir_t fill,
				void *ctx)
{
	struct lxvfs_file *vf = f->context;
	struct lxvfs_node *dir = vf->path.node;

	return dir->ops->readdir(dir, pos, fill, ctx);
}

static void lxvfs_file_release(struct io_file *f)
{
	struct lxvfs_file *vf = f->context;
	unsigned int flags = io_file_flags(f);

	/* The last close of the open file description: __fput()'s event. */
	if (!(flags & IO_FILE_PATH))
		lxvfs_notify(vf->path.node, flags & IO_FILE_WRITE ?
			     IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
	if (vf->private && vf->path.node->ops->release)
		vf->path.node->ops->release(vf->path.node, vf);
	lxvfs_path_put(&vf->path);
	/* lxvfs_open()'s go with the object; devices' and FIFOs' are their own. */
	if ((void *)vf != io_file_extra(f))
		kfree(vf);
}

/* A File object lxvfs_open() could not open: nothing to release. */
static const struct io_file_ops lxvfs_unopened_ops = {
	.name = "unopened",
	.kind = IO_KIND_VFS,
};

/* Directories: readdir and fstat; read(2) is EISDIR, as Linux answers. */
static const struct io_file_ops lxvfs_dir_ops = {
	.name = "directory",
	.kind = IO_KIND_VFS,
	.getattr = lxvfs_file_getattr,
	.readdir = lxvfs_dir_readdir,
	.release = lxvfs_file_release,
};

/* O_PATH: a name for *at() calls and fstat, no I/O. */
static const struct io_file_ops lxvfs_path_ops = {
	.name = "path",
	.kind = IO_KIND_VFS,
	.getattr = lxvfs_file_getattr,
	.release = lxvfs_file_release,
};

/**
 * lxvfs_file_of() - the LxVfs file behind @f, or NULL
 * @f: any File object
 */
struct lxvfs_file *lxvfs_file_of(struct io_file *f)
{
	return f->ops->kind == IO_KIND_VFS ? f->context : NULL;
}

/**
 * lxvfs_open() - a File object for @p
 * @p: what to open (the file takes its own references)
 * @flags: IO_FILE_*: access, status flags; IO_FILE_PATH for O_PATH
 * @out: the file, one reference
 *
 * The File object and its lxvfs_file are one allocation; the file
 * system's operations are the object's, with release always LxVfs's (which
 * calls the file system's).
 *
 * Return: STATUS_SUCCESS, STATUS_FILE_IS_A_DIRECTORY (a directory for
 * writing), STATUS_INVALID_DEVICE_REQUEST (a file system that cannot open
 * such a node), or the file system's error.
 */
ntstatus lxvfs_open(const struct lxvfs_path *p, unsigned int flags, struct io_file **out)
{
	struct lxvfs_node *n = p->node;
	struct lxvfs_file *vf;
	struct io_file *f;
	ntstatus st;

	st = io_create_file_extra(&lxvfs_unopened_ops, sizeof(*vf), 0, &f);
	if (!NT_SUCCESS(st))
		return st;
	vf = f->context;
	vf->path = *p;
	lxvfs_path_get(&vf->path);

	if (flags & IO_FILE_PATH) {
		vf->ops = &lxvfs_path_ops;
		flags &= ~(IO_FILE_READ | IO_FILE_WRITE);
	} else if (S_ISDIR(n->type)) {
		st = STATUS_FILE_IS_A_DIRECTORY;
		if (flags & IO_FILE_WRITE)
			goto err_put;
		vf->ops = &lxvfs_dir_ops;
		flags |= IO_FILE_SEEKABLE;
	} else {
		st = STATUS_INVALID_DEVICE_REQUEST;
		if (!n->ops->open)
			goto err_put;
		st = n->ops->open(n, vf, flags);
		if (!NT_SUCCESS(st))
			goto err_put;
	}
	f->flags = flags;
	f->ops = vf->ops;	/* from here its release releases @vf */
	*out = f;
	return STATUS_SUCCESS;

err_put:
	lxvfs_path_put(&vf->path);
	ob_dereference(f);	/* lxvfs_unopened_ops: frees the object only */
	return st;
}

/**
 * lxvfs_file_release_op() - the release of every LxVfs File object's operations
 * @f: the file being deleted
 *
 * File systems put this in the io_file_ops they give lxvfs_file.ops.
 */
void lxvfs_file_release_op(struct io_file *f)
{
	lxvfs_file_release(f);
}

/* fstat for file systems' operations. */
ntstatus lxvfs_file_getattr_op(struct io_file *f, struct io_stat *st)
{
	return lxvfs_file_getattr(f, st);
}

/* See lxvfs.h: mmap and the ELF loader map what this returns. */
struct file *lxvfs_file_host_file(struct io_file *f)
{
	unsigned int flags = io_file_flags(f);
	struct lxvfs_file *vf = lxvfs_file_of(f);
	struct lxvfs_node *n;

	if (!vf || (flags & IO_FILE_PATH))
		return ERR_PTR(-ENODEV);
	n = vf->path.node;
	if (!S_ISREG(n->type) || !n->ops->map_file || vf->ops == &lxvfs_path_ops)
		return ERR_PTR(-ENODEV);
	return n->ops->map_file(n, vf, flags & (IO_FILE_READ | IO_FILE_WRITE));
}
