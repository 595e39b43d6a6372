// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/lxss and the instance files: the ioctl ABI of include/uapi/linux/lxss.h.
 * Every request is copied in whole, checked (size, flags, lengths, names)
 * and answered with an errno; bad input is logged, ratelimited.
 */
#include <linux/anon_inodes.h>
#include <linux/ctype.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "lxcore.h"

#define lxss_reject(err, fmt, ...) ({					\
	pr_warn_ratelimited(LX_PREFIX "%s[%d]: " fmt "\n", current->comm, \
			    task_pid_nr(current), ##__VA_ARGS__);	\
	(long)(err);							\
})

/*
 * Copy a request whose first member is its __u32 size; the size must be
 * the one this module knows.
 */
static long lxss_copy_request(void *req, size_t size, const void __user *arg,
			      const char *what)
{
	if (copy_from_user(req, arg, size))
		return lxss_reject(-EFAULT, "%s: bad request pointer", what);
	if (*(u32 *)req != size)
		return lxss_reject(-EINVAL, "%s: request size %u, expected %zu",
				   what, *(u32 *)req, size);
	return 0;
}

static bool lxss_valid_name(const char *name, size_t max)
{
	size_t len = strnlen(name, max);
	size_t i;

	if (len == 0 || len == max)
		return false;
	for (i = 0; i < len; i++)
		if (!isascii(name[i]) || (!isalnum(name[i]) && !strchr("._-", name[i])))
			return false;
	return true;
}

/* ---- instance files ------------------------------------------------------ */

static int lxss_instance_release(struct inode *inode, struct file *file)
{
	struct ps_instance *inst = file->private_data;

	ps_instance_terminate(inst);
	ps_instance_put(inst);
	return 0;
}

static long lxss_ioc_enter(struct file *file, void __user *arg)
{
	struct ps_instance *inst = file->private_data;
	struct lxss_enter req;
	long err;

	err = lxss_copy_request(&req, sizeof(req), arg, "ENTER");
	if (err)
		return err;
	if (req.flags & ~LXSS_ENTER_ROOT)
		return lxss_reject(-EINVAL, "ENTER: unknown flags %#x", req.flags);

	/* Entering closes every fd >= 3, the one this call came through too. */
	get_file(file);
	err = ps_task_enter(inst, req.flags & LXSS_ENTER_ROOT);
	fput(file);
	if (err)
		return lxss_reject(err, "ENTER into %s refused: %ld", inst->name, err);
	return 0;
}

static long lxss_ioc_mount(struct file *file, void __user *arg)
{
	struct ps_instance *inst = file->private_data;
	const struct lxvfs_fs_type *type;
	struct lxvfs_mount_args args = {};
	struct lxss_mount req;
	ntstatus st;
	long err;

	err = lxss_copy_request(&req, sizeof(req), arg, "MOUNT");
	if (err)
		return err;
	if (req.flags & ~LXSS_MOUNT_METADATA)
		return lxss_reject(-EINVAL, "MOUNT: flags %#x", req.flags);
	if (strnlen(req.fstype, sizeof(req.fstype)) == sizeof(req.fstype) ||
	    strnlen(req.target, sizeof(req.target)) == sizeof(req.target) ||
	    req.target[0] != '/')
		return lxss_reject(-EINVAL, "MOUNT: bad fstype or target");
	type = lxvfs_find_fs_type(req.fstype);
	if (!type)
		return lxss_reject(-ENODEV, "MOUNT: unknown file system type");
	if (req.flags & ~type->flags)
		return lxss_reject(-EINVAL, "MOUNT %s: flags %#x", req.fstype, req.flags);
	if (type->needs_source != (req.source_fd != -1))
		return lxss_reject(-EINVAL, "MOUNT %s: source_fd %d", req.fstype,
				   req.source_fd);
	if (type->needs_source) {
		args.source = fget_raw(req.source_fd);	/* O_PATH will do */
		if (!args.source)
			return lxss_reject(-EBADF, "MOUNT %s: source_fd %d", req.fstype,
					   req.source_fd);
		if (!S_ISDIR(file_inode(args.source)->i_mode)) {
			fput(args.source);
			return lxss_reject(-ENOTDIR, "MOUNT %s: source is not a directory",
					   req.fstype);
		}
	}
	args.size_limit = req.size_limit;
	args.mode = req.mode;
	args.uid = req.uid;
	args.gid = req.gid;
	args.flags = req.flags;
	st = ps_instance_mount(inst, type, &args, req.target);
	if (args.source)
		fput(args.source);
	if (!NT_SUCCESS(st))
		return lxss_reject(ob_status_to_errno(st), "MOUNT %s on %s: %#x",
				   req.fstype, req.target, st);
	return 0;
}

static long lxss_ioc_query(struct file *file, void __user *arg)
{
	struct ps_instance *inst = file->private_data;
	u64 *calls = NULL, *unimpl = NULL;
	struct lxss_query q;
	size_t bytes;
	long err;

	err = lxss_copy_request(&q, sizeof(q), arg, "QUERY");
	if (err)
		return err;
	if (q.nr_counters > LXSS_NR_COUNTERS)
		return lxss_reject(-EINVAL, "QUERY: %u counters, at most %u",
				   q.nr_counters, LXSS_NR_COUNTERS);
	bytes = q.nr_counters * sizeof(u64);
	if (q.calls && q.nr_counters) {
		calls = kmalloc(bytes, GFP_KERNEL);
		if (!calls)
			return -ENOMEM;
	}
	if (q.unimplemented && q.nr_counters) {
		unimpl = kmalloc(bytes, GFP_KERNEL);
		if (!unimpl) {
			err = -ENOMEM;
			goto out_free;
		}
	}
	ps_instance_query(inst, &q, calls, unimpl, q.nr_counters);

	err = -EFAULT;
	if (calls && copy_to_user(u64_to_user_ptr(q.calls), calls, bytes))
		goto out_bad_pointer;
	if (unimpl && copy_to_user(u64_to_user_ptr(q.unimplemented), unimpl, bytes))
		goto out_bad_pointer;
	if (copy_to_user(arg, &q, sizeof(q)))
		goto out_bad_pointer;
	err = 0;
	goto out_free;

out_bad_pointer:
	lxss_reject(err, "QUERY: bad counter or reply pointer");
out_free:
	kfree(unimpl);
	kfree(calls);
	return err;
}

static long lxss_instance_ioctl(struct file *file, unsigned int cmd,
				unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case LXSS_IOC_ENTER:
		return lxss_ioc_enter(file, uarg);
	case LXSS_IOC_QUERY:
		return lxss_ioc_query(file, uarg);
	case LXSS_IOC_MOUNT:
		return lxss_ioc_mount(file, uarg);
	default:
		return lxss_reject(-ENOTTY, "unknown instance ioctl %#x", cmd);
	}
}

static const struct file_operations lxss_instance_fops = {
	.owner = THIS_MODULE,
	.release = lxss_instance_release,
	.unlocked_ioctl = lxss_instance_ioctl,
	.llseek = noop_llseek,
};

/* ---- /dev/lxss ------------------------------------------------------------ */

static long lxss_ioc_create(void __user *arg)
{
	struct lxss_create_instance req;
	struct ps_instance *inst;
	long err;
	int fd;

	err = lxss_copy_request(&req, sizeof(req), arg, "CREATE_INSTANCE");
	if (err)
		return err;
	if (req.flags & ~LXSS_INSTANCE_PIDNS)
		return lxss_reject(-EINVAL, "CREATE_INSTANCE: unknown flags %#x", req.flags);
	if (!lxss_valid_name(req.name, sizeof(req.name)))
		return lxss_reject(-EINVAL, "CREATE_INSTANCE: invalid instance name");

	inst = ps_instance_create(req.name, req.flags);
	if (IS_ERR(inst))
		return lxss_reject(PTR_ERR(inst), "CREATE_INSTANCE %s: %ld",
				   req.name, PTR_ERR(inst));
	fd = anon_inode_getfd("[lxss-instance]", &lxss_instance_fops, inst,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		ps_instance_terminate(inst);
		ps_instance_put(inst);
	}
	return fd;
}

static long lxss_ioc_global(void __user *arg)
{
	struct lxss_global g;
	long err;

	err = lxss_copy_request(&g, sizeof(g), arg, "GLOBAL");
	if (err)
		return err;
	g.hooks_active = host_hooks_active();
	g.live_instances = atomic64_read(&ps_live_instances);
	g.live_objects = atomic64_read(&ob_live_objects) +
			 atomic64_read(&ob_live_tables);
	g.instances_created = atomic64_read(&ps_instances_created);
	if (copy_to_user(arg, &g, sizeof(g)))
		return lxss_reject(-EFAULT, "GLOBAL: bad reply pointer");
	return 0;
}

static long lxss_ioc_syscall_info(void __user *arg)
{
	struct lxss_syscall_info info;
	const struct lx_syscall *row;
	long err;

	err = lxss_copy_request(&info, sizeof(info), arg, "SYSCALL_INFO");
	if (err)
		return err;
	if (info.nr >= LX_NR_SYSCALLS)
		return -EINVAL;	/* the end of the table: no log line */
	row = &lx_syscall_table[info.nr];
	info.flags = row->flags & LXSS_SYSCALL_NATIVE;
	if (row->handler || (row->flags & LX_SYSCALL_NATIVE))
		info.flags |= LXSS_SYSCALL_IMPLEMENTED;
	info.reserved = 0;
	memset(info.name, 0, sizeof(info.name));
	if (row->name)
		strscpy(info.name, row->name, sizeof(info.name));
	if (copy_to_user(arg, &info, sizeof(info)))
		return lxss_reject(-EFAULT, "SYSCALL_INFO: bad reply pointer");
	return 0;
}

static long lxss_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case LXSS_IOC_CREATE_INSTANCE:
		return lxss_ioc_create(uarg);
	case LXSS_IOC_GLOBAL:
		return lxss_ioc_global(uarg);
	case LXSS_IOC_SYSCALL_INFO:
		return lxss_ioc_syscall_info(uarg);
	default:
		return lxss_reject(-ENOTTY, "unknown /dev/lxss ioctl %#x", cmd);
	}
}

static const struct file_operations lxss_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = lxss_dev_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice lxss_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lxss",
	.fops = &lxss_dev_fops,
	.mode = 0600,
};

int lxss_device_register(void)
{
	return misc_register(&lxss_miscdev);
}

void lxss_device_unregister(void)
{
	misc_deregister(&lxss_miscdev);
}
