// SPDX-License-Identifier: GPL-2.0
/*
 * pico-hello: the program `make demo` runs in a default instance. A
 * freestanding static binary (no libc: lxcore implements only a handful of
 * syscalls so far) that shows what a pico process sees: its pid (emulated
 * getpid), a native write, and -ENOSYS for a syscall lxcore lacks.
 */
#include <sys/syscall.h>

static long raw3(long nr, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "0"(nr), "D"(a1), "S"(a2), "d"(a3)
			  : "rcx", "r11", "memory");
	return ret;
}

static unsigned long slen(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	raw3(SYS_write, 1, (long)s, (long)slen(s));
}

static void put_num(long v)
{
	char buf[24];
	int i = sizeof(buf) - 1;
	int neg = v < 0;

	buf[i] = 0;
	if (neg)
		v = -v;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	if (neg)
		buf[--i] = '-';
	put(buf + i);
}

void _start(void);

__attribute__((noreturn, used)) static void hello_main(void)
{
	long pid = raw3(SYS_getpid, 0, 0, 0);
	long uid = raw3(SYS_getuid, 0, 0, 0);
	long fstypes = raw3(SYS_sysfs, 3, 0, 0);
	long persona = raw3(SYS_personality, 0xffffffffL, 0, 0);

	put("hello from a pico process\n");
	put("  getpid()          = ");
	put_num(pid);
	put("   (emulated by lxcore)\n  getuid()          = ");
	put_num(uid);
	put("   (the instance's own ids)\n  sysfs(3)          = ");
	put_num(fstypes);
	put("   (-ENOSYS: not implemented, counted)\n  personality(query) = ");
	put_num(persona);
	put("   (PER_LXSS = 76 in the low byte)\n");
	for (;;)
		raw3(SYS_exit_group, fstypes == -38 ? 0 : 1, 0, 0);
}

__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	xor %rbp, %rbp\n"
	"	and $-16, %rsp\n"
	"	call hello_main\n"
	"	hlt\n");
