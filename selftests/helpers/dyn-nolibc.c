// SPDX-License-Identifier: GPL-2.0
/*
 * dyn-nolibc: a position-independent program with a PT_INTERP (the real
 * ld-linux-x86-64.so.2, under /tmp/lxt-exec2) and no library: the
 * interpreter relocates it and jumps to _start, which reports, with raw
 * system calls, what the stack and auxiliary vector say. exec2_test runs
 * it natively and as a pico process (it needs no file mmap).
 */
#include <elf.h>
#include <stddef.h>

#define SYS_write	1
#define SYS_exit_group	231

static long sys3(long nr, long a, long b, long c)
{
	long r;

	asm volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c)
		     : "rcx", "r11", "memory");
	return r;
}

static char out[4096];
static unsigned long outlen;

static void put(const char *s)
{
	while (*s && outlen < sizeof(out))
		out[outlen++] = *s++;
}

static void put_num(unsigned long v)
{
	char b[24];
	int i = 0;

	do {
		b[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (i && outlen < sizeof(out))
		out[outlen++] = b[--i];
}

static const char *elf_at(unsigned long a)
{
	const unsigned char *p = (const unsigned char *)a;

	if (!a)
		return "0";
	return p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F' ? "elf" : "not-elf";
}

void lxt_main(unsigned long *sp);

__attribute__((used, visibility("hidden"))) void lxt_main(unsigned long *sp)
{
	static unsigned long at[64];
	unsigned long argc = sp[0], i;
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
	unsigned long *auxv;
	extern char _start[] __attribute__((visibility("hidden")));

	for (i = 0; envp[i]; i++)
		;
	for (auxv = (unsigned long *)(envp + i + 1); auxv[0]; auxv += 2)
		if (auxv[0] < 64)
			at[auxv[0]] = auxv[1];
	put("argc=");
	put_num(argc);
	put(" argv0=");
	put(argc ? argv[0] : "-");
	put(" envc=");
	put_num(i);
	put("\npagesz=");
	put_num(at[AT_PAGESZ]);
	put(" phent=");
	put_num(at[AT_PHENT]);
	put(" secure=");
	put_num(at[AT_SECURE]);
	put(" flags=");
	put_num(at[AT_FLAGS]);
	put("\nexecfn=");
	put(at[AT_EXECFN] ? (const char *)at[AT_EXECFN] : "-");
	put("\nphdr0=");
	put_num(at[AT_PHDR] ? ((Elf64_Phdr *)at[AT_PHDR])->p_type : 0);
	put(" entry_is_start=");
	put_num(at[AT_ENTRY] == (unsigned long)_start);
	put(" base=");
	put(elf_at(at[AT_BASE]));
	put(" vdso=");
	put(elf_at(at[AT_SYSINFO_EHDR]));
	put(" platform=");
	put(at[AT_PLATFORM] ? (const char *)at[AT_PLATFORM] : "-");
	put("\n");
	sys3(SYS_write, 1, (long)out, outlen);
	sys3(SYS_exit_group, 6, 0, 0);
}

/* The interpreter jumps here with the stack as the kernel built it. */
asm(".text\n.globl _start\n.type _start,@function\n_start:\n"
    "\txor %ebp, %ebp\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
    "\tcall lxt_main\n\thlt\n");
