// SPDX-License-Identifier: GPL-2.0
/*
 * getpid_bench: the cost of the syscall entry hook, from one boot.
 * Loads lxcore.ko itself so the baseline (no module) and every variant are
 * measured in the same VM, same process, same method: a child loops on a
 * raw syscall between a start byte and a done byte; the parent times that.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lxss.h>

#define ROUNDS 61

static long iterations = 20000;

static long raw0(long nr)
{
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret) : "0"(nr) : "rcx", "r11", "memory");
	return ret;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* One timed run of @nr in a child (a pico process if @inst >= 0). */
static double run_once(int inst, long nr)
{
	int start[2], done[2], status;
	double t0, t1;
	char b = 0;
	pid_t pid;

	if (pipe(start) || pipe(done))
		exit(1);
	pid = fork();
	if (pid == 0) {
		struct lxss_enter req = { .size = sizeof(req) };
		long i;

		dup2(start[0], 0);
		dup2(done[1], 1);
		if (inst >= 0 && ioctl(inst, LXSS_IOC_ENTER, &req))
			_exit(2);
		/* Only read, the syscall under test, write and exit_group now. */
		__asm__ volatile ("syscall" : : "a"((long)SYS_read), "D"(0), "S"(&b), "d"(1L)
				  : "rcx", "r11", "memory");
		for (i = 0; i < iterations; i++)
			raw0(nr);
		__asm__ volatile ("syscall" : : "a"((long)SYS_write), "D"(1), "S"(&b), "d"(1L)
				  : "rcx", "r11", "memory");
		__asm__ volatile ("syscall" : : "a"((long)SYS_exit_group), "D"(0)
				  : "rcx", "r11", "memory");
	}
	close(start[0]);
	close(done[1]);
	usleep(20000);
	t0 = now_ns();
	if (write(start[1], &b, 1) != 1 || read(done[0], &b, 1) != 1) {
		fprintf(stderr, "bench: child failed\n");
		exit(1);
	}
	t1 = now_ns();
	waitpid(pid, &status, 0);
	close(start[1]);
	close(done[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "bench: child exited with status %#x\n", status);
		exit(1);
	}
	return (t1 - t0) / iterations;
}

static int hooks_active(int dev)
{
	struct lxss_global g = { .size = sizeof(g) };

	if (ioctl(dev, LXSS_IOC_GLOBAL, &g)) {
		perror("bench: LXSS_IOC_GLOBAL");
		exit(1);
	}
	return g.hooks_active;
}

static void load(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		fprintf(stderr, "bench: cannot load %s: %s\n", ko, strerror(errno));
		exit(1);
	}
	close(fd);
}

static void unload(void)
{
	int i;

	/* The last instance's memory goes when its last task is reaped. */
	for (i = 0; i < 200; i++) {
		if (syscall(SYS_delete_module, "lxcore", O_NONBLOCK) == 0)
			return;
		usleep(10000);
	}
	perror("bench: cannot unload lxcore");
	exit(1);
}

enum { NATIVE_GETPID, NATIVE_GETPPID, NO_INSTANCE, WITH_INSTANCE, PICO_GETPID,
       PICO_GETPPID, NR_VARIANTS };

static const struct {
	const char *what;
	int base;
	const char *target;
} variants[NR_VARIANTS] = {
	{ "native getpid, no module (baseline)", NATIVE_GETPID, "" },
	{ "native getppid, no module (baseline)", NATIVE_GETPPID, "" },
	{ "getpid, ordinary task, no instance", NATIVE_GETPID, "(target 1.00)" },
	{ "getpid, ordinary task, instance exists", NATIVE_GETPID, "(target <= 1.30)" },
	{ "getpid, pico task (emulated)", NATIVE_GETPID, "(target <= 1.10)" },
	{ "getppid, pico task (host implementation)", NATIVE_GETPPID, "" },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Every round measures every variant, the module unloaded for the
 * baselines and loaded for the rest, so slow drift of the machine
 * (a TCG guest on a shared host) hits all variants alike. Reported: the
 * fastest run of each variant (interference only ever adds time), the
 * ratio of those, and the range of the per-round ratios.
 */
int main(int argc, char **argv)
{
	static double ns[NR_VARIANTS][ROUNDS], ratio[NR_VARIANTS][ROUNDS];
	struct lxss_create_instance create = { .size = sizeof(create) };
	const char *ko = argc > 1 ? argv[1] : "/lib/lxcore/lxcore.ko";
	int dev, inst, r, v;
	cpu_set_t cpus;

	if (argc > 2)
		iterations = atol(argv[2]);
	/* One CPU for the timer and the timed child alike: no migrations. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		perror("bench: sched_setaffinity");
	if (access(LXSS_DEVICE_PATH, F_OK) == 0) {
		fprintf(stderr, "bench: lxcore is loaded already; the baseline needs it absent\n");
		return 1;
	}
	snprintf(create.name, sizeof(create.name), "bench");
	for (r = 0; r < ROUNDS; r++) {
		ns[NATIVE_GETPID][r] = run_once(-1, SYS_getpid);
		ns[NATIVE_GETPPID][r] = run_once(-1, SYS_getppid);
		load(ko);
		usleep(200000);
		dev = open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0 || hooks_active(dev)) {
			fprintf(stderr, "bench: /dev/lxss missing, or hook registered with no instance\n");
			return 1;
		}
		ns[NO_INSTANCE][r] = run_once(-1, SYS_getpid);
		inst = ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &create);
		if (inst < 0 || !hooks_active(dev)) {
			perror("bench: create instance");
			return 1;
		}
		ns[WITH_INSTANCE][r] = run_once(-1, SYS_getpid);
		ns[PICO_GETPID][r] = run_once(inst, SYS_getpid);
		ns[PICO_GETPPID][r] = run_once(inst, SYS_getppid);
		close(inst);
		close(dev);
		unload();
		/* Let the unload's deferred work (RCU, ftrace) finish first. */
		usleep(200000);
		for (v = 0; v < NR_VARIANTS; v++)
			ratio[v][r] = ns[v][r] / ns[variants[v].base][r];
	}

	printf("lxcore getpid benchmark: %ld calls per run, %d interleaved rounds, one boot\n",
	       iterations, ROUNDS);
	for (v = 0; v < NR_VARIANTS; v++) {
		qsort(ns[v], ROUNDS, sizeof(double), cmp_double);
		qsort(ratio[v], ROUNDS, sizeof(double), cmp_double);
	}
	for (v = 0; v < NR_VARIANTS; v++) {
		printf("%-42s %7.1f ns/call  ratio %5.2f  (rounds %4.2f..%4.2f)  %s\n",
		       variants[v].what, ns[v][0], ns[v][0] / ns[variants[v].base][0],
		       ratio[v][0], ratio[v][ROUNDS - 1], variants[v].target);
	}
	return 0;
}
