// SPDX-License-Identifier: GPL-2.0
/*
 * fd-probe: a freestanding static program (no libc) exec'd by fd_test to
 * see which descriptors survived execve. It writes one line to fd 1,
 * "exec: open 0 1 2 5", listing every fd below 64 for which
 * fcntl(F_GETFD) succeeds (with ":cloexec" if the flag is still set, which
 * it must never be after an exec), and exits with a bit mask of fds 0-7.
 */
#include <sys/syscall.h>

#define F_GETFD 1

static long raw3(long nr, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "0"(nr), "D"(a1), "S"(a2), "d"(a3)
			  : "rcx", "r11", "memory");
	return ret;
}

void _start(void);

__attribute__((noreturn, used)) static void probe_main(void)
{
	static const char head[] = "exec: open";
	char line[512];
	unsigned int n = 0, i, mask = 0;
	int fd;

	for (i = 0; head[i]; i++)
		line[n++] = head[i];
	for (fd = 0; fd < 64; fd++) {
		long r = raw3(SYS_fcntl, fd, F_GETFD, 0);

		if (r < 0)
			continue;
		if (fd < 8)
			mask |= 1u << fd;
		line[n++] = ' ';
		if (fd >= 10)
			line[n++] = '0' + fd / 10;
		line[n++] = '0' + fd % 10;
		if (r & 1) {
			for (i = 0; ":cloexec"[i]; i++)
				line[n++] = ":cloexec"[i];
		}
	}
	line[n++] = '\n';
	raw3(SYS_write, 1, (long)line, n);
	for (;;)
		raw3(SYS_exit_group, mask, 0, 0);
}

__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	xor %rbp, %rbp\n"
	"	and $-16, %rsp\n"
	"	call probe_main\n"
	"	hlt\n");
