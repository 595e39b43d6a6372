// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_stat.c - `volfs stat PATH...`: a backing-tree file's metadata as the
 * guest sees it, laid out like stat(1): type, mode, owner and times from the
 * record; size, blocks, inode and links from the host. Owners are numeric:
 * the guest's names live in the guest's /etc/passwd, not the host's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/sysmacros.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "volfs.h"

/* "-rwsr-xr-x" for a type and permission bits, as ls(1) and stat(1) write it. */
static void mode_string(uint32_t type, uint32_t mode, char s[11])
{
	static const char types[] = "?-dlcbps";
	static const char rwx[] = "rwxrwxrwx";
	int i;

	s[0] = type <= VOLFS_TYPE_MAX ? types[type] : '?';
	for (i = 0; i < 9; i++)
		s[i + 1] = mode & (0400U >> i) ? rwx[i] : '-';
	if (mode & 04000)
		s[3] = mode & 0100 ? 's' : 'S';
	if (mode & 02000)
		s[6] = mode & 0010 ? 's' : 'S';
	if (mode & 01000)
		s[9] = mode & 0001 ? 't' : 'T';
	s[10] = '\0';
}

static void print_time(const char *label, int64_t sec, uint32_t nsec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char buf[64], zone[16];

	if (!localtime_r(&t, &tm)) {
		fprintf(VOLFS_OUT, "%s: %lld.%09u\n", label, (long long)sec, nsec);
		return;
	}
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	fprintf(VOLFS_OUT, "%s: %s.%09u %s\n", label, buf, nsec, zone);
}

static int stat_one(const char *path)
{
	struct volfs_meta m;
	char mstr[11], *target = NULL;
	struct stat st;
	int fd, cerr = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		volfs_error("cannot stat %s: %s", path,
			    errno == ELOOP ? "a host symbolic link (not in a backing tree)" :
			    strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	if (volfs_record_get(fd, &m, &cerr) < 0) {
		if (errno == ENODATA)
			volfs_error("cannot stat %s: no VolFs record (not in a backing tree, "
				    "or run volfs fsck)", path);
		else if (errno == EBADMSG)
			volfs_error("cannot stat %s: %s (run volfs fsck)", path,
				    volfs_strerror(cerr));
		else
			volfs_error("cannot read the record of %s: %s", path, strerror(errno));
		close(fd);
		return 1;
	}
	if (m.type == VOLFS_TYPE_LNK && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    st.st_size < 65536) {
		ssize_t n;

		target = volfs_xmalloc((size_t)st.st_size + 1);
		n = pread(fd, target, (size_t)st.st_size, 0);
		target[n > 0 ? n : 0] = '\0';
	}
	close(fd);
	if (m.flags & VOLFS_F_HOST_ATIME) {
		m.atime.sec = st.st_atim.tv_sec;
		m.atime.nsec = (uint32_t)st.st_atim.tv_nsec;
	}
	if (m.flags & VOLFS_F_HOST_MTIME) {
		m.mtime.sec = st.st_mtim.tv_sec;
		m.mtime.nsec = (uint32_t)st.st_mtim.tv_nsec;
	}

	mode_string(m.type, m.mode, mstr);
	if (target)
		fprintf(VOLFS_OUT, "  File: %s -> %s\n", path, target);
	else
		fprintf(VOLFS_OUT, "  File: %s\n", path);
	fprintf(VOLFS_OUT, "  Size: %-15lld Blocks: %-10lld IO Block: %-6ld %s%s\n",
		(long long)st.st_size, (long long)st.st_blocks, (long)st.st_blksize,
		m.type == VOLFS_TYPE_REG && !st.st_size ? "regular empty file" :
		volfs_type_name(m.type), "");
	fprintf(VOLFS_OUT, "Device: %x,%x\tInode: %-11llu Links: %lu",
		major(st.st_dev), minor(st.st_dev), (unsigned long long)st.st_ino,
		(unsigned long)st.st_nlink);
	if (m.type == VOLFS_TYPE_CHR || m.type == VOLFS_TYPE_BLK)
		fprintf(VOLFS_OUT, "\tDevice type: %u,%u", m.rdev_major, m.rdev_minor);
	fputc('\n', VOLFS_OUT);
	fprintf(VOLFS_OUT, "Access: (%04o/%s)  Uid: (%5u)   Gid: (%5u)\n", m.mode, mstr,
		m.uid, m.gid);
	print_time("Access", m.atime.sec, m.atime.nsec);
	print_time("Modify", m.mtime.sec, m.mtime.nsec);
	print_time("Change", m.ctime.sec, m.ctime.nsec);
	fprintf(VOLFS_OUT, "Record: version %d, flags 0x%x%s%s\n", VOLFS_VERSION, m.flags,
		m.flags & VOLFS_F_HOST_ATIME ? " host-atime" : "",
		m.flags & VOLFS_F_HOST_MTIME ? " host-mtime" : "");
	free(target);
	return 0;
}

int volfs_stat(const char *path)
{
	return stat_one(path);
}
