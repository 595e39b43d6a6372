// SPDX-License-Identifier: GPL-2.0
/*
 * File objects: the executive's open file descriptions. Every fd of a pico
 * process is a handle to one. The device behind it (a pipe, a host file)
 * does the transfers; the File object carries access and status flags.
 *
 * Host files are the Linux files an instance was given (the terminal or
 * pipes of whoever started it); they are served through the host VFS with
 * the host's own semantics, as a host fd would be.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <asm/ioctls.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "io/io.h"

static void io_file_delete(void *obj)
{
	struct io_file *f = obj;

	/* Linux drops a file from epoll sets when its last reference goes. */
	if (!list_empty(&f->ep_links))
		io_epoll_file_gone(f);
	if (f->ops->release)
		f->ops->release(f);
}

/* A handle closed: a device that counts handles (AF_UNIX sockets) hears of it. */
static void io_file_close(void *obj, unsigned long handles_left)
{
	struct io_file *f = obj;

	if (f->ops->handle_closed)
		f->ops->handle_closed(f, handles_left);
}

struct ob_type io_file_type = {
	.name = "File",
	.body_size = sizeof(struct io_file),
	.valid_access = OB_ACCESS_ALL,
	.close = io_file_close,
	.delete = io_file_delete,
};

/**
 * io_create_file() - a new File object
 * @ops: the device's operations
 * @context: the device's state, released by @ops->release
 * @flags: IO_FILE_*
 * @out: the file, with one reference
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES (then @ops->release
 * is not called: @context stays the caller's).
 */
ntstatus io_create_file(const struct io_file_ops *ops, void *context,
			unsigned int flags, struct io_file **out)
{
	struct io_file *f;
	ntstatus st;

	st = ob_create_object(&io_file_type, 0, (void **)&f);
	if (!NT_SUCCESS(st))
		return st;
	f->ops = ops;
	f->flags = flags;
	f->context = context;
	mutex_init(&f->pos_lock);
	INIT_LIST_HEAD(&f->ep_links);
	f->poll_state = NULL;
	*out = f;
	return STATUS_SUCCESS;
}

/**
 * io_create_file_extra() - a new File object and its device state, in one
 * allocation
 * @ops: the device's operations (may be filled in later, before the file
 *	is seen by anyone but the caller)
 * @extra: bytes of device state, zeroed, at io_file_extra() (the context)
 * @flags: IO_FILE_*
 * @out: the file, with one reference
 *
 * The state is freed with the object: @ops->release must not free it.
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_create_file_extra(const struct io_file_ops *ops, size_t extra,
			      unsigned int flags, struct io_file **out)
{
	size_t off = ALIGN(sizeof(struct io_file), sizeof(long long));
	struct io_file *f;
	ntstatus st;

	if (extra > PAGE_SIZE)
		return STATUS_INVALID_PARAMETER;
	st = ob_create_object(&io_file_type, off + extra, (void **)&f);
	if (!NT_SUCCESS(st))
		return st;
	f->ops = ops;
	f->flags = flags;
	f->context = io_file_extra(f);
	mutex_init(&f->pos_lock);
	INIT_LIST_HEAD(&f->ep_links);
	*out = f;
	return STATUS_SUCCESS;
}

/**
 * io_file_set_flags() - F_SETFL: replace the settable status flags
 * @f: the file
 * @flags: IO_FILE_* wanted; flags outside IO_FILE_SETTABLE are ignored
 *
 * Return: STATUS_SUCCESS, or what the device refused.
 */
ntstatus io_file_set_flags(struct io_file *f, unsigned int flags)
{
	unsigned int old, new;
	ntstatus st;

	flags &= IO_FILE_SETTABLE;
	if (f->ops->set_flags) {
		st = f->ops->set_flags(f, flags);
		if (!NT_SUCCESS(st))
			return st;
	}
	old = READ_ONCE(f->flags);
	do {
		new = (old & ~IO_FILE_SETTABLE) | flags;
	} while (!try_cmpxchg(&f->flags, &old, new));
	return STATUS_SUCCESS;
}

/**
 * io_stat_from_kstat() - a host file's attributes as lxcore reports them
 * @st: filled
 * @ks: what the host's getattr said; ids are mapped to the initial user
 *	namespace
 */
void io_stat_from_kstat(struct io_stat *st, const struct kstat *ks)
{
	memset(st, 0, sizeof(*st));
	st->ino = ks->ino;
	st->dev = new_encode_dev(ks->dev);
	st->mode = ks->mode;
	st->nlink = ks->nlink;
	st->uid = from_kuid_munged(&init_user_ns, ks->uid);
	st->gid = from_kgid_munged(&init_user_ns, ks->gid);
	st->rdev = new_encode_dev(ks->rdev);
	st->size = ks->size;
	st->blocks = ks->blocks;
	st->blksize = ks->blksize;
	st->atime = ks->atime;
	st->mtime = ks->mtime;
	st->ctime = ks->ctime;
}

/* ---- host files ---------------------------------------------------------- */

static ntstatus io_host_status(ssize_t ret, size_t *done)
{
	if (ret >= 0) {
		*done = ret;
		return STATUS_SUCCESS;
	}
	*done = 0;
	return STATUS_LX_ERRNO(-ret);
}

/*
 * The file position, as read(2) keeps it: stream files have none, files
 * that may be shared serialize on f_pos_lock.
 */
static loff_t *io_host_pos_begin(struct file *filp, loff_t *pos)
{
	if (filp->f_mode & FMODE_STREAM)
		return NULL;
	if (filp->f_mode & FMODE_ATOMIC_POS)
		mutex_lock(&filp->f_pos_lock);
	*pos = filp->f_pos;
	return pos;
}

static void io_host_pos_end(struct file *filp, loff_t *ppos, ssize_t ret)
{
	if (!ppos)
		return;
	if (ret >= 0)
		filp->f_pos = *ppos;
	if (filp->f_mode & FMODE_ATOMIC_POS)
		mutex_unlock(&filp->f_pos_lock);
}

/* read(2)/write(2) on a host file, as the host's own calls do them. */
static ntstatus io_host_transfer(struct io_file *f, struct iov_iter *iter,
				 size_t *done, bool write)
{
	struct file *filp = f->context;
	loff_t pos, *ppos;
	ssize_t ret;

	if (!(write ? filp->f_op->write_iter : filp->f_op->read_iter))
		return STATUS_INVALID_DEVICE_REQUEST;
	ppos = io_host_pos_begin(filp, &pos);
	if (write)
		ret = vfs_iter_write(filp, iter, ppos, 0);
	else
		ret = vfs_iter_read(filp, iter, ppos, 0);
	io_host_pos_end(filp, ppos, ret);
	return io_host_status(ret, done);
}

static ntstatus io_host_read(struct io_file *f, struct ke_thread *kt,
			     struct iov_iter *to, loff_t *pos, size_t *done)
{
	return io_host_transfer(f, to, done, false);
}

static ntstatus io_host_write(struct io_file *f, struct ke_thread *kt,
			      struct iov_iter *from, loff_t *pos, size_t *done)
{
	return io_host_transfer(f, from, done, true);
}

/* F_SETFL on a host file changes the host's open file description too. */
static ntstatus io_host_set_flags(struct io_file *f, unsigned int flags)
{
	struct file *filp = f->context;
	unsigned int host = 0;

	/* Not checked against the host inode's owner: never newly granted. */
	if ((flags & IO_FILE_NOATIME) && !(filp->f_flags & O_NOATIME))
		return STATUS_LX_ERRNO(EPERM);
	if (flags & IO_FILE_NONBLOCK)
		host |= O_NONBLOCK;
	if (flags & IO_FILE_APPEND)
		host |= O_APPEND;
	spin_lock(&filp->f_lock);
	if (flags & IO_FILE_NOATIME)
		host |= O_NOATIME;
	filp->f_flags = (filp->f_flags & ~(O_NONBLOCK | O_APPEND | O_NOATIME)) | host;
	spin_unlock(&filp->f_lock);
	return STATUS_SUCCESS;
}

/* fstat of a host file: the host's own attributes, ids as the host sees them. */
static ntstatus io_host_getattr(struct io_file *f, struct io_stat *st)
{
	struct file *filp = f->context;
	struct kstat ks;
	int err;

	err = vfs_getattr(&filp->f_path, &ks, STATX_BASIC_STATS, AT_STATX_SYNC_AS_STAT);
	if (err)
		return STATUS_LX_ERRNO(-err);
	io_stat_from_kstat(st, &ks);
	return STATUS_SUCCESS;
}

static unsigned int io_host_flags(struct io_file *f)
{
	struct file *filp = f->context;

	/* What fcntl(F_GETFL) shows for a host fd. */
	return filp->f_flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
}

/*
 * ioctl(2) on a host file: the host's own ioctl, as do_vfs_ioctl() would
 * reach it. lx/sys_ioctl.c passes only the commands an instance may make
 * (terminal control, FIONREAD), their arguments checked.
 */
static ntstatus io_host_ioctl(struct io_file *f, unsigned int cmd,
			      unsigned long arg, long *ret)
{
	struct file *filp = f->context;
	struct inode *inode = file_inode(filp);
	long r;

	/* do_vfs_ioctl() answers FIONREAD of a regular file itself. */
	if (cmd == FIONREAD && S_ISREG(inode->i_mode)) {
		if (put_user(i_size_read(inode) - filp->f_pos, (int __user *)arg))
			return STATUS_LX_ERRNO(EFAULT);
		*ret = 0;
		return STATUS_SUCCESS;
	}
	r = security_file_ioctl(filp, cmd, arg);
	if (!r)
		r = vfs_ioctl(filp, cmd, arg);
	if (r < 0)
		return STATUS_LX_ERRNO(-r);
	*ret = r;
	return STATUS_SUCCESS;
}

/**
 * io_host_tty() - the host file of a File object that is a host terminal
 * @f: any File object
 *
 * Terminals are the tty drivers' character devices: virtual consoles and
 * serial lines, /dev/tty and /dev/console, BSD and Unix98 ptys (both sides).
 *
 * Return: the host struct file (valid while @f is), or NULL.
 */
struct file *io_host_tty(struct io_file *f)
{
	struct file *filp;
	unsigned int major;

	if (f->ops->kind != IO_KIND_HOST)
		return NULL;
	filp = f->context;
	if ((filp->f_mode & FMODE_PATH) || !S_ISCHR(file_inode(filp)->i_mode))
		return NULL;
	major = imajor(file_inode(filp));
	if (major == TTY_MAJOR || major == TTYAUX_MAJOR ||
	    major == PTY_MASTER_MAJOR || major == PTY_SLAVE_MAJOR ||
	    (major >= UNIX98_PTY_MASTER_MAJOR &&
	     major < UNIX98_PTY_MASTER_MAJOR + UNIX98_PTY_MAJOR_COUNT) ||
	    (major >= UNIX98_PTY_SLAVE_MAJOR &&
	     major < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT))
		return filp;
	return NULL;
}

/*
 * A host file's readiness notifier: made on the first waiter, it stays
 * linked on the host file's wait queues until the File object goes.
 */
struct io_host_poll {
	struct io_poll_head head;
	struct io_poll_bridge bridge;
};

static struct io_host_poll *io_host_poll_arm(struct io_file *f)
{
	struct io_host_poll *hp = smp_load_acquire(&f->poll_state), *old;

	if (hp)
		return hp;
	hp = kzalloc(sizeof(*hp), GFP_KERNEL);
	if (!hp)
		return NULL;
	io_poll_head_init(&hp->head);
	io_poll_bridge_init(&hp->bridge, &hp->head);
	vfs_poll(f->context, &hp->bridge.pt);
	old = cmpxchg_release(&f->poll_state, NULL, hp);
	if (old) {
		io_poll_bridge_release(&hp->bridge);
		kfree(hp);
		hp = old;
	}
	return hp;
}

/* poll of a host file: the host's own poll, its wake-ups bridged. */
static __poll_t io_host_poll(struct io_file *f, struct io_poll_entry *e)
{
	struct file *filp = f->context;
	struct io_host_poll *hp;

	if (e && file_can_poll(filp)) {
		hp = io_host_poll_arm(f);
		if (!hp)
			return EPOLLERR;
		io_poll_add(&hp->head, e);
	}
	return vfs_poll(filp, NULL);
}

static void io_host_release(struct io_file *f)
{
	struct io_host_poll *hp = f->poll_state;

	if (hp) {
		io_poll_bridge_release(&hp->bridge);
		kfree(hp);
	}
	fput(f->context);
}

static const struct io_file_ops io_host_ops = {
	.name = "host",
	.kind = IO_KIND_HOST,
	.getattr = io_host_getattr,
	.read = io_host_read,
	.write = io_host_write,
	.poll = io_host_poll,
	.host_flags = io_host_flags,
	.set_flags = io_host_set_flags,
	.ioctl = io_host_ioctl,
	.release = io_host_release,
};

/**
 * io_create_host_file() - a File object for a host struct file
 * @filp: the host file; the File object takes its own reference
 * @out: the new file
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus io_create_host_file(struct file *filp, struct io_file **out)
{
	unsigned int flags = 0;
	ntstatus st;

	if (filp->f_mode & FMODE_READ)
		flags |= IO_FILE_READ;
	if (filp->f_mode & FMODE_WRITE)
		flags |= IO_FILE_WRITE;
	if (filp->f_flags & O_NONBLOCK)
		flags |= IO_FILE_NONBLOCK;
	if (filp->f_flags & O_APPEND)
		flags |= IO_FILE_APPEND;
	st = io_create_file(&io_host_ops, filp, flags, out);
	if (NT_SUCCESS(st))
		get_file(filp);
	return st;
}
