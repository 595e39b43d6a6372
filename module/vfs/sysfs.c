// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: the few files of /sys that ordinary programs read (glibc's
 * get_nprocs() reads /sys/devices/system/cpu/online), generated from the
 * host's CPU masks.
 */
#include <linux/cpumask.h>
#include <linux/seq_buf.h>
#include <linux/stat.h>
#include <linux/statfs.h>

#include "vfs/lxvfs.h"

#define SYSFS_MAGIC	0x62656572

/* "0-3,5\n", as Linux prints a CPU list. */
static void sysfs_cpulist(struct seq_buf *s, const struct cpumask *mask)
{
	seq_buf_printf(s, "%*pbl\n", cpumask_pr_args(mask));
}

static ntstatus sysfs_cpu_online(struct lxvfs_node *n, struct seq_buf *s)
{
	sysfs_cpulist(s, cpu_online_mask);
	return STATUS_SUCCESS;
}

static ntstatus sysfs_cpu_possible(struct lxvfs_node *n, struct seq_buf *s)
{
	sysfs_cpulist(s, cpu_possible_mask);
	return STATUS_SUCCESS;
}

static ntstatus sysfs_cpu_present(struct lxvfs_node *n, struct seq_buf *s)
{
	sysfs_cpulist(s, cpu_present_mask);
	return STATUS_SUCCESS;
}

#define SYSFS_FILE(nm, fn)	{ .name = nm, .mode = S_IFREG | 0444, .show = fn }
#define SYSFS_DIR(nm, ch)	{ .name = nm, .mode = S_IFDIR | 0755, .children = ch }

static const struct lxvfs_gen_entry sysfs_cpu[] = {
	SYSFS_FILE("online", sysfs_cpu_online),
	SYSFS_FILE("possible", sysfs_cpu_possible),
	SYSFS_FILE("present", sysfs_cpu_present),
	{}
};

static const struct lxvfs_gen_entry sysfs_system[] = {
	SYSFS_DIR("cpu", sysfs_cpu),
	{}
};

static const struct lxvfs_gen_entry sysfs_devices[] = {
	SYSFS_DIR("system", sysfs_system),
	{}
};

static const struct lxvfs_gen_entry sysfs_top[] = {
	SYSFS_DIR("devices", sysfs_devices),
	{}
};

static const struct lxvfs_gen_entry sysfs_root = SYSFS_DIR("/", sysfs_top);

static ntstatus sysfs_statfs(struct lxvfs_sb *sb, struct kstatfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_type = SYSFS_MAGIC;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_namelen = LXVFS_NAME_MAX;
	return STATUS_SUCCESS;
}

static const struct lxvfs_fs_ops sysfs_fs_ops = {
	.name = "sysfs",
	.statfs = sysfs_statfs,
};

/**
 * lxvfs_sysfs_mount() - a new sysfs for LXSS_IOC_MOUNT
 * @args: unused (the tree is fixed)
 * @out: the file system
 */
ntstatus lxvfs_sysfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out)
{
	return lxvfs_gen_create(&sysfs_fs_ops, &sysfs_root, NULL, out);
}
