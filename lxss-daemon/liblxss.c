// SPDX-License-Identifier: GPL-2.0
/*
 * liblxss.c - the ioctl layer of liblxss: the only code that talks to
 * /dev/lxss and to instance fds. Each wrapper fills the request's size field,
 * checks what it can before the call, and returns -1 with errno on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include "liblxss.h"

int lxss_open_path(const char *path)
{
	return open(path, O_RDWR | O_CLOEXEC);
}

int lxss_open(void)
{
	return lxss_open_path(LXSS_DEVICE_PATH);
}

int lxss_create_instance(int devfd, const char *name)
{
	struct lxss_create_instance req;

	if (!lxss_valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.size = sizeof(req);
	req.flags = 0;
	strcpy(req.name, name);	/* fits: lxss_valid_name() bounds the length */
	return ioctl(devfd, LXSS_IOC_CREATE_INSTANCE, &req);
}

int lxss_enter(int instfd)
{
	return lxss_enter_flags(instfd, 0);
}

int lxss_enter_flags(int instfd, unsigned int flags)
{
	struct lxss_enter req = { .size = sizeof(req), .flags = flags };

	return ioctl(instfd, LXSS_IOC_ENTER, &req) < 0 ? -1 : 0;
}

int lxss_query(int instfd, struct lxss_query *q, __u64 *calls, __u64 *unimpl, unsigned int nr)
{
	if (nr > LXSS_NR_COUNTERS) {
		errno = EINVAL;
		return -1;
	}
	memset(q, 0, sizeof(*q));
	q->size = sizeof(*q);
	q->nr_counters = nr;
	q->calls = (__u64)(uintptr_t)calls;
	q->unimplemented = (__u64)(uintptr_t)unimpl;
	return ioctl(instfd, LXSS_IOC_QUERY, q) < 0 ? -1 : 0;
}

int lxss_global(int devfd, struct lxss_global *g)
{
	memset(g, 0, sizeof(*g));
	g->size = sizeof(*g);
	return ioctl(devfd, LXSS_IOC_GLOBAL, g) < 0 ? -1 : 0;
}

int lxss_syscall_info(int devfd, unsigned int nr, struct lxss_syscall_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->nr = nr;
	if (ioctl(devfd, LXSS_IOC_SYSCALL_INFO, info) < 0)
		return -1;
	/* Never hand a caller an unterminated name, whatever the module wrote. */
	info->name[sizeof(info->name) - 1] = '\0';
	return 0;
}
