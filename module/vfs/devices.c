// SPDX-License-Identifier: GPL-2.0
/*
 * Character devices lxcore implements itself: a table from device number to
 * the File object operations that serve it. Opening a char device node of
 * any LxVfs file system (devfs's, or one mknod'd on tmpfs) comes here, so
 * 1:3 is /dev/null wherever its node lives. Numbers lxcore does not know
 * stay ENXIO, as an unregistered device is on Linux. ptmx (5:2) and pty
 * slaves are the ptys of the devfs the node is in (devpts.c).
 */
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "vfs/lxvfs.h"

/* Reads and writes of the memory devices ignore the position, as Linux's. */
static ntstatus dev_null_read(struct io_file *f, struct ke_thread *kt,
			      struct iov_iter *to, loff_t *pos, size_t *done)
{
	*done = 0;
	return STATUS_SUCCESS;
}

/* Accept everything and keep nothing. */
static ntstatus dev_sink_write(struct io_file *f, struct ke_thread *kt,
			       struct iov_iter *from, loff_t *pos, size_t *done)
{
	*done = iov_iter_count(from);
	iov_iter_advance(from, *done);
	return STATUS_SUCCESS;
}

static ntstatus dev_zero_read(struct io_file *f, struct ke_thread *kt,
			      struct iov_iter *to, loff_t *pos, size_t *done)
{
	size_t want = iov_iter_count(to);

	*done = iov_iter_zero(want, to);
	return *done < want && !*done ? STATUS_LX_ERRNO(EFAULT) : STATUS_SUCCESS;
}

static ntstatus dev_full_write(struct io_file *f, struct ke_thread *kt,
			       struct iov_iter *from, loff_t *pos, size_t *done)
{
	*done = 0;
	return STATUS_DISK_FULL;
}

#define DEV_RANDOM_CHUNK	256

/* random and urandom: the host's CRNG, which never blocks once seeded. */
static ntstatus dev_random_read(struct io_file *f, struct ke_thread *kt,
				struct iov_iter *to, loff_t *pos, size_t *done)
{
	u8 buf[DEV_RANDOM_CHUNK];
	size_t n, copied;

	*done = 0;
	while (iov_iter_count(to)) {
		n = min_t(size_t, iov_iter_count(to), sizeof(buf));
		get_random_bytes(buf, n);
		copied = copy_to_iter(buf, n, to);
		*done += copied;
		if (copied < n)
			break;
		if (fatal_signal_pending(current))
			break;
		cond_resched();
	}
	memzero_explicit(buf, sizeof(buf));
	return *done || !iov_iter_count(to) ? STATUS_SUCCESS : STATUS_LX_ERRNO(EFAULT);
}

/* null, zero, full: null_lseek(): every seek goes back to 0. */
static loff_t dev_zero_llseek(struct io_file *f, loff_t offset, int whence)
{
	f->pos = 0;
	return 0;
}

/*
 * random_poll(): readable once the CRNG is ready (never writable then), only
 * writable before. The host's CRNG is ready before anything waits here in
 * practice; its becoming ready wakes no one (the notifier is never woken).
 */
static struct io_poll_head dev_random_poll_head = {
	.lock = __SPIN_LOCK_UNLOCKED(dev_random_poll_head.lock),
	.entries = LIST_HEAD_INIT(dev_random_poll_head.entries),
};

static __poll_t dev_random_poll(struct io_file *f, struct io_poll_entry *e)
{
	if (e)
		io_poll_add(&dev_random_poll_head, e);
	return rng_is_initialized() ? EPOLLIN | EPOLLRDNORM : EPOLLOUT | EPOLLWRNORM;
}

/*
 * random_ioctl(): the entropy count (the pool's, full once the CRNG is
 * ready); crediting the host's pool is not an instance's to do (EPERM, as
 * Linux without CAP_SYS_ADMIN); every other command, FIONREAD too, EINVAL.
 */
static ntstatus dev_random_ioctl(struct io_file *f, unsigned int cmd, unsigned long arg,
				 long *ret)
{
	switch (cmd) {
	case RNDGETENTCNT:
		*ret = 0;
		return put_user(rng_is_initialized() ? 256 : 0, (int __user *)arg) ?
		       STATUS_LX_ERRNO(EFAULT) : STATUS_SUCCESS;
	case RNDADDTOENTCNT:
	case RNDADDENTROPY:
	case RNDZAPENTCNT:
	case RNDCLEARPOOL:
	case RNDRESEEDCRNG:
		return STATUS_LX_ERRNO(EPERM);
	default:
		return STATUS_LX_ERRNO(EINVAL);
	}
}

#define DEV_OPS(nm, rd, wr, ...) {					\
	.name = nm, .kind = IO_KIND_VFS, .read = rd, .write = wr,	\
	.getattr = lxvfs_file_getattr_op, .release = lxvfs_file_release_op, __VA_ARGS__ }

static const struct io_file_ops dev_null_ops = DEV_OPS("null", dev_null_read, dev_sink_write,
						       .llseek = dev_zero_llseek);
static const struct io_file_ops dev_zero_ops = DEV_OPS("zero", dev_zero_read, dev_sink_write,
						       .llseek = dev_zero_llseek);
static const struct io_file_ops dev_full_ops = DEV_OPS("full", dev_zero_read, dev_full_write,
						       .llseek = dev_zero_llseek);
/* Both noop_llseek(); only random polls (urandom: DEFAULT_POLLMASK, no epoll). */
static const struct io_file_ops dev_random_ops = DEV_OPS("random", dev_random_read,
							 dev_sink_write,
							 .llseek = io_noop_llseek,
							 .poll = dev_random_poll,
							 .ioctl = dev_random_ioctl);
static const struct io_file_ops dev_urandom_ops = DEV_OPS("urandom", dev_random_read,
							  dev_sink_write,
							  .llseek = io_noop_llseek,
							  .ioctl = dev_random_ioctl);

/* /dev/zero's mappings are anonymous memory (sys_mm.c makes them). */
bool lxvfs_file_is_zero(const struct io_file *f)
{
	return f->ops == &dev_zero_ops;
}

struct lxvfs_device {
	unsigned int major, minor;
	const struct io_file_ops *ops;
};

static const struct lxvfs_device lxvfs_devices[] = {
	{ 1, 3, &dev_null_ops },
	{ 1, 5, &dev_zero_ops },
	{ 1, 7, &dev_full_ops },
	{ 1, 8, &dev_random_ops },
	{ 1, 9, &dev_urandom_ops },
};

static const struct lxvfs_device *lxvfs_find_device(u64 rdev)
{
	dev_t d = new_decode_dev(rdev);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lxvfs_devices); i++)
		if (lxvfs_devices[i].major == MAJOR(d) && lxvfs_devices[i].minor == MINOR(d))
			return &lxvfs_devices[i];
	return NULL;
}

/**
 * lxvfs_open_device() - a File object for the char device node @p
 * @p: the node (the file takes its own references): fstat reports it
 * @rdev: its device number, new_encode_dev()
 * @flags: IO_FILE_*
 * @out: the file, one reference
 *
 * Return: STATUS_SUCCESS, STATUS_LX_ERRNO(ENXIO) for a number lxcore does not
 * implement, STATUS_INSUFFICIENT_RESOURCES.
 */
ntstatus lxvfs_open_device(const struct lxvfs_path *p, u64 rdev, unsigned int flags,
			   struct io_file **out)
{
	const struct lxvfs_device *dev = lxvfs_find_device(rdev);
	dev_t d = new_decode_dev(rdev);
	struct lxvfs_file *vf;
	ntstatus st;

	/* ptmx and pty slaves: the devfs's own ptys (a tmpfs node: ENXIO). */
	if ((MAJOR(d) == TTYAUX_MAJOR && MINOR(d) == 2) ||
	    (MAJOR(d) >= UNIX98_PTY_SLAVE_MAJOR &&
	     MAJOR(d) < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT))
		return lxvfs_devpts_open(lxvfs_devfs_ptys(p->node->sb), p->node, rdev, flags,
					 out);
	if (!dev)
		return STATUS_LX_ERRNO(ENXIO);
	vf = kzalloc(sizeof(*vf), GFP_KERNEL_ACCOUNT);
	if (!vf)
		return STATUS_INSUFFICIENT_RESOURCES;
	vf->path = *p;
	lxvfs_path_get(&vf->path);
	vf->ops = dev->ops;
	st = io_create_file(vf->ops, vf, flags | IO_FILE_SEEKABLE, out);
	if (!NT_SUCCESS(st)) {
		lxvfs_path_put(&vf->path);
		kfree(vf);
	}
	return st;
}
