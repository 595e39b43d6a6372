// SPDX-License-Identifier: GPL-2.0
/*
 * lxssd_seccomp.c - lxssd confines itself to the system calls it needs:
 * the socket loop, files of its state directory (registry, VolFs import and
 * export through libarchive), the ioctls of /dev/lxss and the spawner's
 * socket. Anything else fails with EPERM. The spawner (lxssd_spawn.c) was
 * forked before, so the pico processes it starts never inherit this filter.
 */
#include <errno.h>
#include <seccomp.h>
#include <string.h>

#include "lxssd.h"

static const char *const lxssd_allowed[] = {
	/* memory, time, process */
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "futex", "getrandom",
	"clock_gettime", "clock_nanosleep", "nanosleep", "gettimeofday", "time",
	"getpid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getppid",
	"rt_sigreturn", "rt_sigprocmask", "rt_sigaction", "exit", "exit_group",
	"kill", "prlimit64", "uname", "sched_yield", "restart_syscall",
	/* files */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "lseek", "close",
	"open", "openat", "stat", "fstat", "lstat", "newfstatat", "statx", "access",
	"faccessat", "faccessat2", "fcntl", "dup", "dup2", "dup3", "fsync", "fdatasync",
	"ftruncate", "fallocate", "getdents64", "mkdir", "mkdirat", "rmdir", "unlink",
	"unlinkat", "rename", "renameat", "renameat2", "link", "linkat", "readlink",
	"readlinkat", "fchmod", "fchmodat", "chmod", "utimensat", "umask", "getcwd",
	"fchownat", "fchown", "lchown",
	"fgetxattr", "fsetxattr", "flistxattr", "fremovexattr", "getxattr", "lgetxattr",
	"listxattr", "llistxattr", "setxattr", "lsetxattr", "ioctl", "pipe2",
	/* sockets */
	"accept4", "accept", "recvmsg", "sendmsg", "recvfrom", "sendto", "getsockopt",
	"setsockopt", "shutdown", "poll", "ppoll",
};

int lxssd_seccomp_apply(void)
{
	scmp_filter_ctx ctx;
	size_t i;
	int ret;

	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx) {
		lxssd_log("seccomp: cannot make a filter");
		return -1;
	}
	for (i = 0; i < sizeof(lxssd_allowed) / sizeof(lxssd_allowed[0]); i++) {
		int nr = seccomp_syscall_resolve_name(lxssd_allowed[i]);

		if (nr == __NR_SCMP_ERROR)
			continue;	/* not on this architecture */
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (ret < 0) {
			lxssd_log("seccomp: cannot allow %s: %s", lxssd_allowed[i],
				  strerror(-ret));
			seccomp_release(ctx);
			return -1;
		}
	}
	ret = seccomp_load(ctx);
	seccomp_release(ctx);
	if (ret < 0) {
		lxssd_log("seccomp: cannot load the filter: %s", strerror(-ret));
		return -1;
	}
	return 0;
}
