/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lxbacking.h - the ext4 file system the VolFs-backed selftests share in the
 * test VM (its tmpfs has no user.* xattrs on 6.1): made once per boot over a
 * loop device at BACKING, with the modules staged in KMODS. Also the two
 * shell helpers those tests use.
 */
#ifndef LXBACKING_H
#define LXBACKING_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BACKING		"/tmp/volfs-backing"	/* the ext4 mount */
#define IMAGE		"/tmp/volfs-backing.img"
#define KMODS		"/usr/libexec/lxcore/selftests/volfs-kmods"

/* system() of a formatted command line; its status. */
static inline int __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* Whether a line of the file @path contains @word. */
static inline int has_line(const char *path, const char *word)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, word) != NULL;
	fclose(f);
	return found;
}

/* An ext4 file system at BACKING (once per boot); 0 or -1. */
static inline int backing_ready(void)
{
	static const char *const mods[] = { "crc32c_generic", "crc16", "mbcache", "jbd2", "ext4" };
	unsigned int i;

	if (has_line("/proc/mounts", BACKING " "))
		return 0;
	if (!has_line("/proc/filesystems", "ext4"))
		for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
			sh("insmod " KMODS "/%s.module 2>/dev/null", mods[i]);
	/* Already loaded (or built in): insmod fails, harmlessly. */
	sh("insmod " KMODS "/loop.module 2>/dev/null");
	mkdir(BACKING, 0755);
	if (sh("dd if=/dev/zero of=" IMAGE " bs=1M count=64 2>/dev/null") ||
	    sh("mke2fs -q -F -I 256 " IMAGE " >/dev/null 2>&1") ||
	    sh("mount -t ext4 -o loop " IMAGE " " BACKING))
		return -1;
	return 0;
}

#ifdef VOLFS_FORMAT_H
#include <sys/xattr.h>
#include <time.h>

/* A record of @type and @mode (root's, times now) on host file @path. */
static inline int lxb_put_record(const char *path, unsigned int type, unsigned int mode)
{
	struct volfs_meta m = { .type = type, .mode = mode };
	unsigned char buf[VOLFS_RECORD_SIZE];
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	m.atime.sec = m.mtime.sec = m.ctime.sec = now.tv_sec;
	if (volfs_record_encode(&m, buf, sizeof(buf)) != VOLFS_RECORD_SIZE)
		return -1;
	return setxattr(path, VOLFS_XATTR_NAME, buf, sizeof(buf), 0);
}

/* A fresh, empty VolFs tree under BACKING (@stem.XXXXXX, a 0755 root); its path in @tree. */
static inline int lxb_fresh_tree(const char *stem, char *tree, size_t size)
{
	snprintf(tree, size, BACKING "/%s.XXXXXX", stem);
	if (!mkdtemp(tree))
		return -1;
	return lxb_put_record(tree, VOLFS_TYPE_DIR, 0755);
}

#ifdef LXTEST_H
#include <fcntl.h>
#include <unistd.h>

/* lxb_fresh_tree(), mounted as the root of instance @inst. */
static inline int lxb_mount_fresh_tree(int inst, const char *stem, char *tree, size_t size)
{
	int fd, err;

	if (lxb_fresh_tree(stem, tree, size))
		return -1;
	fd = open(tree, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return -1;
	err = lxt_mount_fd(inst, "volfs", "/", 0755, fd);
	close(fd);
	return err;
}
#endif
#endif

#endif /* LXBACKING_H */
