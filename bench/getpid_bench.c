// SPDX-License-Identifier: GPL-2.0
/*
 * getpid_bench: the cost of the syscall entry hook, from one boot.
 * Loads lxcore.ko itself so the baseline (no module) and every variant are
 * measured in the same VM, same process, same method: a child loops on a
 * raw syscall between a start byte and a done byte; the parent times that.
 */
#define _GNU_SOURCE
#include <errno.h>
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

#define ROUNDS 7

static long iterations = 200000;

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

/* The median of ROUNDS runs, in ns per call. */
static double measure(int inst, long nr)
{
	double v[ROUNDS], t;
	int i, j;

	for (i = 0; i < ROUNDS; i++)
		v[i] = run_once(inst, nr);
	for (i = 0; i < ROUNDS; i++)
		for (j = i + 1; j < ROUNDS; j++)
			if (v[j] < v[i]) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
	return v[ROUNDS / 2];
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

static void report(const char *what, double ns, double base, const char *target)
{
	printf("%-44s %8.1f ns/call  ratio %5.2f  %s\n", what, ns, ns / base, target);
}

int main(int argc, char **argv)
{
	struct lxss_create_instance create = { .size = sizeof(create) };
	const char *ko = argc > 1 ? argv[1] : "/lib/lxcore/lxcore.ko";
	double native_getpid, native_getppid, v;
	int fd, dev, inst, i;

	if (argc > 2)
		iterations = atol(argv[2]);
	if (access(LXSS_DEVICE_PATH, F_OK) == 0) {
		fprintf(stderr, "bench: lxcore is loaded already; the baseline needs it absent\n");
		return 1;
	}
	native_getpid = measure(-1, SYS_getpid);
	native_getppid = measure(-1, SYS_getppid);

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		fprintf(stderr, "bench: cannot load %s: %s\n", ko, strerror(errno));
		return 1;
	}
	close(fd);
	dev = open(LXSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror("bench: open /dev/lxss");
		return 1;
	}

	printf("lxcore getpid benchmark: %ld calls per run, median of %d runs, one boot\n",
	       iterations, ROUNDS);
	report("native getpid, no module (baseline)", native_getpid, native_getpid, "");
	report("native getppid, no module (baseline)", native_getppid, native_getppid, "");
	if (hooks_active(dev))
		return 1;
	v = measure(-1, SYS_getpid);
	report("getpid, ordinary task, no instance", v, native_getpid, "(target 1.00)");

	snprintf(create.name, sizeof(create.name), "bench");
	inst = ioctl(dev, LXSS_IOC_CREATE_INSTANCE, &create);
	if (inst < 0 || !hooks_active(dev)) {
		perror("bench: create instance");
		return 1;
	}
	v = measure(-1, SYS_getpid);
	report("getpid, ordinary task, instance exists", v, native_getpid, "(target <= 1.30)");
	v = measure(inst, SYS_getpid);
	report("getpid, pico task (emulated)", v, native_getpid, "(target <= 1.10)");
	v = measure(inst, SYS_getppid);
	report("getppid, pico task (host implementation)", v, native_getppid, "");
	close(inst);
	for (i = 0; i < 100 && hooks_active(dev); i++)
		usleep(50000);
	close(dev);
	return 0;
}
