// SPDX-License-Identifier: GPL-2.0
/*
 * The file system types an instance can mount (LXSS_IOC_MOUNT's fstype):
 * one row each, with what a mount of it needs.
 */
#include <linux/string.h>

#include <linux/lxss.h>

#include "vfs/lxvfs.h"

static const struct lxvfs_fs_type lxvfs_fs_types[] = {
	{ .name = "tmpfs", .create = lxvfs_tmpfs_mount },
	{ .name = "volfs", .needs_source = true, .create = lxvfs_volfs_mount },
	{ .name = "drvfs", .needs_source = true, .flags = LXSS_MOUNT_METADATA,
	  .create = lxvfs_drvfs_mount },
	{ .name = "devfs", .create = lxvfs_devfs_mount },
	{ .name = "proc", .create = lxvfs_procfs_mount },
	{ .name = "sysfs", .create = lxvfs_sysfs_mount },
};

/**
 * lxvfs_find_fs_type() - the file system type called @name
 * @name: NUL-terminated
 *
 * Return: the type, or NULL if lxcore has none by that name.
 */
const struct lxvfs_fs_type *lxvfs_find_fs_type(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lxvfs_fs_types); i++)
		if (!strcmp(lxvfs_fs_types[i].name, name))
			return &lxvfs_fs_types[i];
	return NULL;
}
