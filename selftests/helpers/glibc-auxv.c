// SPDX-License-Identifier: GPL-2.0
/*
 * glibc-auxv: prints what exec gave it (argv, envp, the auxiliary vector,
 * comm, the signal dispositions it inherited; then execs $LXT_REEXEC if
 * set; or, with $LXT_EXE_FROM and $LXT_EXE_MOVE, what /proc/self/exe says as the program is
 * renamed and unlinked), in a form that is the same
 * on every run of the same binary, natively or as a pico process.
 * Built static (glibc-auxv) and dynamic (dyn-auxv: its interpreter and
 * libc.so.6 under /tmp/lxt-exec2) for exec2_test.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
extern char _start[];

static const char *elf_at(unsigned long addr)
{
	if (!addr)
		return "0";
	return memcmp((void *)addr, ELFMAG, SELFMAG) ? "not-elf" : "elf";
}

static const char *disposition(int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa))
		return "error";
	if (sa.sa_handler == SIG_DFL)
		return "dfl";
	return sa.sa_handler == SIG_IGN ? "ign" : "handler";
}

/* Is there a mapping named @name in /proc/self/maps ("-": no /proc). */
static const char *mapped(const char *name)
{
	static char buf[65536];
	ssize_t n, len = 0;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (fd < 0)
		return "-";
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return strstr(buf, name) ? "yes" : "no";
}

static void print_exe(const char *when)
{
	char buf[512];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n < 0)
		printf("exe %s: errno %d\n", when, errno);
	else
		printf("exe %s: %.*s\n", when, (int)n, buf);
}

/*
 * LXT_EXE_FROM=old LXT_EXE_MOVE=new: /proc/self/exe as exec left it, after
 * the program "old" is renamed to "new", and after "new" is unlinked.
 */
static int exe_moves(const char *self, const char *to)
{
	print_exe("exec");
	if (rename(self, to))
		printf("rename: errno %d\n", errno);
	print_exe("renamed");
	if (unlink(to))
		printf("unlink: errno %d\n", errno);
	print_exe("unlinked");
	return 7;
}

int main(int argc, char **argv)
{
	unsigned long sum = 0, phdr = getauxval(AT_PHDR);
	char comm[17] = "";
	struct timespec ts;
	int envc, i;
	const char *s;

	s = getenv("LXT_EXE_MOVE");
	if (s && getenv("LXT_EXE_FROM"))
		return exe_moves(getenv("LXT_EXE_FROM"), s);
	for (i = 0; i < argc; i++)
		for (s = argv[i]; *s; s++)
			sum = sum * 31 + (unsigned char)*s;
	for (envc = 0; environ[envc]; envc++)
		;
	printf("argc=%d envc=%d argsum=%lu\n", argc, envc, sum);
	for (i = 0; i < argc && argc <= 8; i++)
		printf("argv[%d]=%s (%zu)\n", i, argv[i], strlen(argv[i]));
	for (i = 0; i < envc && envc <= 4; i++)
		printf("envp[%d]=%s\n", i, environ[i]);
	printf("pagesz=%lu clktck=%lu phent=%lu phnum=%lu flags=%lu secure=%lu\n",
	       getauxval(AT_PAGESZ), getauxval(AT_CLKTCK), getauxval(AT_PHENT),
	       getauxval(AT_PHNUM), getauxval(AT_FLAGS), getauxval(AT_SECURE));
	printf("uid=%d euid=%d gid=%d egid=%d\n",
	       getauxval(AT_UID) == getuid(), getauxval(AT_EUID) == geteuid(),
	       getauxval(AT_GID) == getgid(), getauxval(AT_EGID) == getegid());
	{
		uid_t r, e, sv;
		gid_t gr, ge, gs;

		getresuid(&r, &e, &sv);
		getresgid(&gr, &ge, &gs);
		printf("ids=%u/%u/%u %u/%u/%u\n", r, e, sv, gr, ge, gs);
	}
	{
		struct { unsigned int version; int pid; } h = { 0x20080522, 0 };
		struct { unsigned int eff, prm, inh; } d[2] = { { 0 } };

		if (syscall(SYS_capget, &h, d))
			printf("capget failed\n");
		printf("caps eff=%#x:%#x prm=%#x:%#x inh=%#x:%#x\n", d[1].eff, d[0].eff,
		       d[1].prm, d[0].prm, d[1].inh, d[0].inh);
	}
	printf("hwcap=%#lx hwcap2=%#lx minsigstksz=%lu platform=%s\n",
	       getauxval(AT_HWCAP), getauxval(AT_HWCAP2), getauxval(AT_MINSIGSTKSZ),
	       getauxval(AT_PLATFORM) ? (char *)getauxval(AT_PLATFORM) : "-");
	printf("execfn=%s\n", getauxval(AT_EXECFN) ? (char *)getauxval(AT_EXECFN) : "-");
	printf("phdr0=%u entry_is_start=%d base=%s random=%s vdso=%s\n",
	       phdr ? ((Elf64_Phdr *)phdr)[0].p_type : 0,
	       getauxval(AT_ENTRY) == (unsigned long)_start, elf_at(getauxval(AT_BASE)),
	       getauxval(AT_RANDOM) ? "set" : "0", elf_at(getauxval(AT_SYSINFO_EHDR)));
	printf("clock=%d maps_vdso=%s maps_vvar=%s\n",
	       clock_gettime(CLOCK_MONOTONIC, &ts) == 0, mapped("[vdso]"), mapped("[vvar]"));
	prctl(PR_GET_NAME, comm);
	printf("comm=%s usr1=%s usr2=%s\n", comm, disposition(SIGUSR1), disposition(SIGUSR2));
	/* Unimplemented in lxcore: the instance counts it (the image is pico). */
	syscall(SYS_sysfs, 3);
	fflush(stdout);
	/* LXT_REEXEC=path: exec again, from an image exec loaded */
	s = getenv("LXT_REEXEC");
	if (s) {
		char *again[] = { "again", NULL };

		execve(s, again, environ);
		printf("reexec failed\n");
	}
	return 5;
}
