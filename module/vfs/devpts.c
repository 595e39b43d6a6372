// SPDX-License-Identifier: GPL-2.0
/*
 * devpts of an instance: /dev/ptmx and /dev/pts/N of a devfs. Each devfs
 * owns a private kernel mount of the host's devpts (every devpts mount is a
 * new instance of it since Linux 4.7), so the ptys its processes make are
 * numbered from 0 and exist in no other devpts: the host's /dev/pts and
 * other instances never see them, and nothing of theirs can be named here.
 * The ptys themselves are the host's (line discipline, job control,
 * SIGWINCH), opened as host File objects; what lxcore keeps is who made
 * each one (its instance uid, shown as the owner of /dev/pts/N).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/xarray.h>
#include <uapi/linux/magic.h>

#include "lxcore.h"

/**
 * struct lxvfs_devpts - the ptys of one devfs
 * @mnt: the private devpts mount
 * @owners: pty index -> xa_mk_value(instance uid of its creator)
 * @masters: pty index -> xa_mk_value(the devfs node its master was opened
 *	     through: its inode number << 1 | 1 for /dev/pts/ptmx)
 * @link: on devpts_all once the devfs exists
 * @dev: the devfs's st_dev
 */
struct lxvfs_devpts {
	struct vfsmount *mnt;
	struct xarray owners;
	struct xarray masters;
	struct list_head link;
	u64 dev;
};

/*
 * Every devfs's ptys, to find the devfs of a host pty file (fstat and
 * /proc/<pid>/fd show the devfs's node, as Linux shows the devpts one).
 */
static DEFINE_SPINLOCK(devpts_lock);
static LIST_HEAD(devpts_all);

/**
 * lxvfs_devpts_create() - a private devpts for a new devfs
 * @out: the new state
 *
 * Slaves are mode 0620, group 5 (tty), as Debian mounts /dev/pts; ptmx 0666.
 */
ntstatus lxvfs_devpts_create(struct lxvfs_devpts **out)
{
	char opts[] = "gid=5,mode=620,ptmxmode=666", plain[] = "mode=620,ptmxmode=666";
	struct file_system_type *type;
	struct lxvfs_devpts *dp;
	ntstatus st;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL_ACCOUNT);
	if (!dp)
		return STATUS_INSUFFICIENT_RESOURCES;
	xa_init(&dp->owners);
	xa_init(&dp->masters);
	INIT_LIST_HEAD(&dp->link);
	type = get_fs_type("devpts");
	if (!type) {
		st = STATUS_LX_ERRNO(ENODEV);
		goto err_free;
	}
	/*
	 * Not SB_KERNMOUNT: its MNT_INTERNAL would make the last mntput()
	 * unmount synchronously, in whatever context drops the devfs. No
	 * capability is asked (only mount(2) asks). A creator whose user
	 * namespace has no gid 5 gets the slaves in its own group.
	 */
	dp->mnt = vfs_kern_mount(type, 0, "devpts", opts);
	if (IS_ERR(dp->mnt))
		dp->mnt = vfs_kern_mount(type, 0, "devpts", plain);
	module_put(type->owner);
	if (IS_ERR(dp->mnt)) {
		st = STATUS_LX_ERRNO(-PTR_ERR(dp->mnt));
		goto err_free;
	}
	*out = dp;
	return STATUS_SUCCESS;

err_free:
	pr_warn_ratelimited(LX_PREFIX "devfs: no devpts (%d)\n", ob_status_to_errno(st));
	kfree(dp);
	return st;
}

/*
 * The devfs is gone; open ptys keep their own references to the mount. The
 * last mntput() of a mount in no namespace finishes in task work or a
 * worker, so any context may drop it.
 */
void lxvfs_devpts_destroy(struct lxvfs_devpts *dp)
{
	if (!dp)
		return;
	spin_lock(&devpts_lock);
	list_del(&dp->link);
	spin_unlock(&devpts_lock);
	mntput(dp->mnt);
	xa_destroy(&dp->owners);
	xa_destroy(&dp->masters);
	kfree(dp);
}

/**
 * lxvfs_devpts_publish() - the devfs @sb is made: its ptys can be found
 * @dp: its ptys
 * @sb: the devfs (its st_dev is what its pty files show)
 */
void lxvfs_devpts_publish(struct lxvfs_devpts *dp, struct lxvfs_sb *sb)
{
	dp->dev = sb->dev;
	spin_lock(&devpts_lock);
	list_add(&dp->link, &devpts_all);
	spin_unlock(&devpts_lock);
}

/* The dentry of @name in the devpts root, positive, or NULL. */
static struct dentry *devpts_find(struct lxvfs_devpts *dp, const char *name)
{
	struct dentry *d = lookup_one_len_unlocked(name, dp->mnt->mnt_root, strlen(name));

	if (IS_ERR(d))
		return NULL;
	if (d_really_is_negative(d) || d_unhashed(d)) {
		dput(d);
		return NULL;
	}
	return d;
}

/**
 * lxvfs_devpts_lookup() - does pty @index exist, and who made it
 * @dp: the devfs's ptys
 * @index: the pty number
 * @uid: the instance uid of its creator (0 if unknown)
 */
bool lxvfs_devpts_lookup(struct lxvfs_devpts *dp, unsigned long index, u32 *uid)
{
	char name[24];
	struct dentry *d;
	void *v;

	if (!dp || index >= NR_UNIX98_PTY_MAX)
		return false;
	snprintf(name, sizeof(name), "%lu", index);
	d = devpts_find(dp, name);
	if (!d)
		return false;
	dput(d);
	v = xa_load(&dp->owners, index);
	*uid = xa_is_value(v) ? xa_to_value(v) : 0;
	return true;
}

/**
 * lxvfs_devpts_next() - the first pty whose number is >= *@index
 * @dp: the devfs's ptys
 * @index: in: where to start; out: the pty found
 *
 * Return: false when there is none. Numbers of ptys gone are forgotten.
 */
bool lxvfs_devpts_next(struct lxvfs_devpts *dp, unsigned long *index)
{
	unsigned long i = *index;
	u32 uid;

	if (!dp)
		return false;
	while (xa_find(&dp->owners, &i, NR_UNIX98_PTY_MAX - 1, XA_PRESENT)) {
		if (lxvfs_devpts_lookup(dp, i, &uid)) {
			*index = i;
			return true;
		}
		xa_erase(&dp->owners, i);
		xa_erase(&dp->masters, i);
		i++;
	}
	return false;
}

static unsigned int devpts_open_flags(unsigned int flags)
{
	unsigned int f = O_LARGEFILE | O_NOCTTY;

	if ((flags & (IO_FILE_READ | IO_FILE_WRITE)) == (IO_FILE_READ | IO_FILE_WRITE))
		f |= O_RDWR;
	else if (flags & IO_FILE_WRITE)
		f |= O_WRONLY;
	if (flags & IO_FILE_NONBLOCK)
		f |= O_NONBLOCK;
	return f;
}

static ntstatus devpts_open_dentry(struct lxvfs_devpts *dp, struct dentry *d,
				   unsigned int flags, struct file **out)
{
	struct path path = { .mnt = dp->mnt, .dentry = d };
	struct file *filp;

	filp = dentry_open(&path, devpts_open_flags(flags), current_cred());
	dput(d);
	if (IS_ERR(filp))
		return STATUS_LX_ERRNO(-PTR_ERR(filp));
	*out = filp;
	return STATUS_SUCCESS;
}

/* The pty a host tty file is an end of (the master's own tty for ptmx). */
static struct tty_struct *devpts_tty(struct file *filp)
{
	return ((struct tty_file_private *)filp->private_data)->tty;
}

/**
 * lxvfs_devpts_open() - open /dev/ptmx (a new pty) or /dev/pts/N
 * @dp: the ptys of the devfs the node is in (NULL: not a devfs: ENXIO)
 * @node: the devfs node opened (a master remembers which ptmx it was)
 * @rdev: 5:2, or a Unix98 slave's number
 * @flags: IO_FILE_*
 * @out: a host File object over the host's pty
 *
 * A slave is opened with O_NOCTTY: a session leader takes it as its
 * controlling terminal with TIOCSCTTY.
 */
ntstatus lxvfs_devpts_open(struct lxvfs_devpts *dp, struct lxvfs_node *node, u64 rdev,
			   unsigned int flags, struct io_file **out)
{
	dev_t dev = new_decode_dev(rdev);
	struct ps_task *pt = ps_task_of(current);
	struct file *filp;
	struct dentry *d;
	char name[24];
	bool in_pts;
	ntstatus st;
	int index;

	if (!dp || !pt)
		return STATUS_LX_ERRNO(ENXIO);
	if (MAJOR(dev) == TTYAUX_MAJOR)
		snprintf(name, sizeof(name), "ptmx");
	else
		snprintf(name, sizeof(name), "%u",
			 (MAJOR(dev) - UNIX98_PTY_SLAVE_MAJOR) * 256 + MINOR(dev));
	d = devpts_find(dp, name);
	if (!d)
		return STATUS_LX_ERRNO(MAJOR(dev) == TTYAUX_MAJOR ? ENXIO : ENOENT);
	st = devpts_open_dentry(dp, d, flags, &filp);
	if (!NT_SUCCESS(st))
		return st;
	if (MAJOR(dev) == TTYAUX_MAJOR) {
		index = devpts_tty(filp)->index;
		/* /dev/pts/ptmx is two levels down, /dev/ptmx one. */
		in_pts = lxvfs_gen_parent(node) && lxvfs_gen_parent(lxvfs_gen_parent(node));
		if (xa_err(xa_store(&dp->owners, index,
				    xa_mk_value(ps_cred_self(pt)->fsuid), GFP_KERNEL)) ||
		    xa_err(xa_store(&dp->masters, index, xa_mk_value(node->ino << 1 | in_pts),
				    GFP_KERNEL))) {
			st = STATUS_INSUFFICIENT_RESOURCES;
			goto out_put;
		}
	}
	st = io_create_host_file(filp, out);
out_put:
	fput(filp);
	return st;
}

/**
 * lxvfs_devpts_peer() - TIOCGPTPEER: open the slave of pty master @master
 * @master: a host file
 * @oflags: the caller's open flags (O_ACCMODE, O_NOCTTY, O_NONBLOCK)
 * @out: a host File object over the slave
 *
 * As ptm_open_peer(): the slave of exactly this master, found through the
 * master's own devpts, never by name.
 *
 * Return: STATUS_SUCCESS; EIO for a tty that is not a Unix98 master (as
 * Linux); EPERM for a master not opened from a devpts (a host /dev/ptmx an
 * instance was given: its devpts is the host's).
 */
ntstatus lxvfs_devpts_peer(struct file *master, int oflags, struct io_file **out)
{
	struct tty_struct *tty = devpts_tty(master);
	struct file *filp;
	struct path path;
	ntstatus st;

	if (tty->driver->type != TTY_DRIVER_TYPE_PTY ||
	    tty->driver->subtype != PTY_TYPE_MASTER ||
	    !(tty->driver->flags & TTY_DRIVER_DEVPTS_MEM) || !tty->link)
		return STATUS_LX_ERRNO(EIO);
	if (master->f_path.mnt->mnt_sb->s_magic != DEVPTS_SUPER_MAGIC) {
		pr_info_ratelimited(LX_PREFIX "TIOCGPTPEER on a host pty master refused\n");
		return STATUS_LX_ERRNO(EPERM);
	}
	path.mnt = master->f_path.mnt;
	path.dentry = tty->link->driver_data;
	if (!path.dentry)
		return STATUS_LX_ERRNO(EIO);
	filp = dentry_open(&path, (oflags & (O_ACCMODE | O_NOCTTY | O_NONBLOCK)) | O_LARGEFILE,
			   current_cred());
	if (IS_ERR(filp))
		return STATUS_LX_ERRNO(-PTR_ERR(filp));
	st = io_create_host_file(filp, out);
	fput(filp);
	return st;
}

/* Is @filp an end of some devpts's pty (cheap: before taking devpts_lock)? */
static bool devpts_file(struct file *filp)
{
	return filp->f_path.mnt->mnt_sb->s_magic == DEVPTS_SUPER_MAGIC &&
	       S_ISCHR(file_inode(filp)->i_mode);
}

/*
 * The devfs of a host file opened from one's ptys (under devpts_lock), and
 * which end: its pty index, and whether it is the master.
 */
static struct lxvfs_devpts *devpts_of_file(struct file *filp, unsigned long *index,
					   bool *master)
{
	struct inode *inode = file_inode(filp);
	struct lxvfs_devpts *dp;

	lockdep_assert_held(&devpts_lock);
	list_for_each_entry(dp, &devpts_all, link) {
		if (dp->mnt != filp->f_path.mnt)
			continue;
		*master = imajor(inode) == TTYAUX_MAJOR;
		if (*master)
			*index = devpts_tty(filp)->index;
		else
			*index = (imajor(inode) - UNIX98_PTY_SLAVE_MAJOR) * 256 + iminor(inode);
		return dp;
	}
	return NULL;
}

/**
 * lxvfs_devpts_file_stat() - fstat of a pty end an instance opened
 * @filp: any host file
 * @st: the host's attributes of @filp; for a pty of a devfs, made what
 *	stat(2) of its devfs node says (st_dev, st_ino, owner, group, mode),
 *	so that ttyname() finds /dev/pts/N, as on Linux
 *
 * Return: whether @filp is a pty of a devfs.
 */
bool lxvfs_devpts_file_stat(struct file *filp, struct io_stat *st)
{
	struct lxvfs_devpts *dp;
	unsigned long index;
	bool master;
	void *v;

	if (!devpts_file(filp))
		return false;
	spin_lock(&devpts_lock);
	dp = devpts_of_file(filp, &index, &master);
	if (dp) {
		st->dev = dp->dev;
		st->nlink = 1;
		st->blksize = 1024;
		if (master) {
			v = xa_load(&dp->masters, index);
			st->ino = xa_is_value(v) ? xa_to_value(v) >> 1 : lxvfs_devfs_ptmx_ino();
			st->mode = S_IFCHR | 0666;
			st->uid = 0;
			st->gid = 0;
		} else {
			v = xa_load(&dp->owners, index);
			st->ino = lxvfs_devfs_pts_ino(index);
			st->mode = S_IFCHR | 0620;
			st->uid = xa_is_value(v) ? xa_to_value(v) : 0;
			st->gid = LXVFS_TTY_GID;
		}
	}
	spin_unlock(&devpts_lock);
	return dp;
}

/**
 * lxvfs_devpts_file_name() - /proc/<pid>/fd/N of a pty end an instance opened
 * @filp: any host file
 * @s: its name, as the devfs mounted at /dev names it: /dev/pts/N, or the
 *     ptmx its master was opened through
 *
 * Return: whether @filp is a pty of a devfs.
 */
bool lxvfs_devpts_file_name(struct file *filp, struct seq_buf *s)
{
	struct lxvfs_devpts *dp;
	unsigned long index;
	bool master;
	void *v;

	if (!devpts_file(filp))
		return false;
	spin_lock(&devpts_lock);
	dp = devpts_of_file(filp, &index, &master);
	if (dp && master) {
		v = xa_load(&dp->masters, index);
		seq_buf_printf(s, xa_is_value(v) && (xa_to_value(v) & 1) ? "/dev/pts/ptmx" :
			       "/dev/ptmx");
	} else if (dp) {
		seq_buf_printf(s, "/dev/pts/%lu", index);
	}
	spin_unlock(&devpts_lock);
	return dp;
}
