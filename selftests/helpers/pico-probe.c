// SPDX-License-Identifier: GPL-2.0
/*
 * pico-probe: a freestanding static program (no libc) exec'd by the
 * selftests. Exits 42 if sysfs answers -ENOSYS (only lxcore's dispatcher
 * does that: the caller is a pico process), 1 otherwise.
 */
#include <sys/syscall.h>

static long raw1(long nr, long a1)
{
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "0"(nr), "D"(a1)
			  : "rcx", "r11", "memory");
	return ret;
}

void _start(void);

__attribute__((noreturn, used)) static void probe_main(void)
{
	long r = raw1(SYS_sysfs, 3);

	for (;;)
		raw1(SYS_exit_group, r == -38 ? 42 : 1);
}

__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	xor %rbp, %rbp\n"
	"	and $-16, %rsp\n"
	"	call probe_main\n"
	"	hlt\n");
