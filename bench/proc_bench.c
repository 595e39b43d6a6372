// SPDX-License-Identifier: GPL-2.0
/*
 * proc_bench: what a pico process pays for the calls the host runs after
 * lxcore checked them, against native, from one boot: futex wake/wait
 * ping-pong between two threads, mmap + touch + munmap of 64 MiB, thread
 * create + join (raw clone, joined on the futex the kernel wakes at exit),
 * fork + exit + wait, and fork + execve + wait of a static glibc program
 * (this one, which exits at once with --bench-exit; the pico run execs it
 * from the instance's tmpfs through the pico binfmt, the native run from the
 * host's /tmp). Method as pipe_bench: a child waits for a start
 * byte on fd 0, runs with raw syscalls, writes a done byte on fd 1; the
 * native parent times it. Loads lxcore.ko if needed (unloads it at the end).
 *
 *   proc_bench [lxcore.ko [rounds]]      LXT_NATIVE_ONLY=1: native only
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sys/mman.h>
#include "../selftests/lxtest.h"
#include "bench.h"

#define PING_PONGS	2000
#define MAP_BYTES	(64L << 20)
#define MAP_RUNS	2
#define THREADS		200
#define FORKS		100
#define EXECS		50
#define EXEC_DIR	"/tmp/lxt-bench"
#define EXEC_PATH	EXEC_DIR "/exec-self"

static int rounds = 11;

enum kind { PING_PONG, MMAP_TOUCH, THREAD, FORK, FORK_EXEC, NR_KINDS };

static const char *kind_name[NR_KINDS] = {
	"futex ping-pong", "mmap+touch+munmap", "thread create+join", "fork+exit+wait",
	"fork+exec+wait",
};

/* A failed call in the child: exit 100 + errno, so the parent can say which. */
static void __attribute__((noreturn)) child_exit(long r)
{
	lxt_raw_exit(r < 0 ? 100 + (-r & 0x7f) : 0);
}

static void check(long r)
{
	if (r < 0 && r > -4096)
		child_exit(r);
}

static long futex(volatile int *u, long op, long val)
{
	return lxt_syscall6(SYS_futex, (long)u, op, val, 0, 0, 0);
}

static struct lxt_thread thread;
static volatile int turn;	/* 0: the main thread's, 1: the partner's */

/* Sleep on @u while it holds @val. */
static void wait_while(volatile int *u, int val)
{
	long r;

	while (*u == val) {
		r = futex(u, FUTEX_WAIT_PRIVATE, val);
		if (r < 0 && r != -EAGAIN && r != -EINTR)
			child_exit(r);
	}
}

static void partner(void *arg __attribute__((unused)))
{
	long i;

	for (i = 0; i < PING_PONGS; i++) {
		wait_while(&turn, 0);
		turn = 0;
		check(futex(&turn, FUTEX_WAKE_PRIVATE, 1));
	}
}

static void nothing(void *arg __attribute__((unused)))
{
}

/* Join on the tid word: the kernel clears it and wakes it (shared) at exit. */
static void join(struct lxt_thread *t)
{
	int tid;

	while ((tid = t->tid) != 0) {
		long r = futex(&t->tid, FUTEX_WAIT, tid);

		if (r < 0 && r != -EAGAIN && r != -EINTR)
			child_exit(r);
	}
}

static void run_kind(enum kind kind)
{
	long i, j, a, pid;

	switch (kind) {
	case PING_PONG:
		check(lxt_thread_start(&thread, partner, NULL));
		for (i = 0; i < PING_PONGS; i++) {
			turn = 1;
			check(futex(&turn, FUTEX_WAKE_PRIVATE, 1));
			wait_while(&turn, 1);
		}
		join(&thread);
		break;
	case MMAP_TOUCH:
		for (j = 0; j < MAP_RUNS; j++) {
			a = lxt_syscall6(SYS_mmap, 0, MAP_BYTES, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			check(a);
			for (i = 0; i < MAP_BYTES; i += 4096)
				((volatile char *)a)[i] = 1;
			check(lxt_syscall6(SYS_munmap, a, MAP_BYTES, 0, 0, 0, 0));
		}
		break;
	case THREAD:
		for (i = 0; i < THREADS; i++) {
			check(lxt_thread_start(&thread, nothing, NULL));
			join(&thread);
		}
		break;
	case FORK:
		for (i = 0; i < FORKS; i++) {
			pid = lxt_fork();
			check(pid);
			if (pid == 0)
				lxt_raw_exit(0);
			check(lxt_wait(pid));
		}
		break;
	case FORK_EXEC:
		for (i = 0; i < EXECS; i++) {
			static char *argv[] = { EXEC_PATH, "--bench-exit", NULL };
			static char *envp[] = { NULL };

			pid = lxt_fork();
			check(pid);
			if (pid == 0) {
				check(lxt_syscall6(SYS_execve, (long)EXEC_PATH, (long)argv,
						   (long)envp, 0, 0, 0));
				lxt_raw_exit(1);
			}
			check(lxt_wait(pid));
		}
		break;
	default:
		break;
	}
}

/* ---- the program to exec: this one, on the host and in each instance ---- */

static char copy_buf[65536];

static long copy_fd(long in, long out)
{
	long n, w, off;

	while ((n = lxt_read(in, copy_buf, sizeof(copy_buf))) > 0)
		for (off = 0; off < n; off += w) {
			w = lxt_write(out, copy_buf + off, n - off);
			if (w <= 0)
				return w ? w : -EIO;
		}
	return n;
}

/* Copy fd 0 to EXEC_PATH (raw calls: natively, or in a pico process). */
static void install_body(void *arg __attribute__((unused)))
{
	long fd;

	lxt_syscall6(SYS_mkdir, (long)"/tmp", 01777, 0, 0, 0, 0);
	lxt_syscall6(SYS_mkdir, (long)EXEC_DIR, 0755, 0, 0, 0, 0);
	fd = lxt_syscall6(SYS_open, (long)EXEC_PATH, O_CREAT | O_WRONLY | O_TRUNC, 0700, 0, 0, 0);
	if (fd < 0 || copy_fd(0, fd) || lxt_syscall6(SYS_chmod, (long)EXEC_PATH, 0755, 0, 0, 0, 0))
		lxt_raw_exit(9);
	lxt_close(fd);
}

static void feed_self(void *arg __attribute__((unused)))
{
	int fd = open("/proc/self/exe", O_RDONLY);

	if (fd < 0 || dup2(fd, 0) < 0)
		_exit(123);
	close(fd);
}

/* Install the program natively (@inst < 0) or in @inst's tmpfs root. */
static int install_self(int inst)
{
	static const struct lxt_case c = {
		.setup = feed_self, .body = install_body, .timeout_s = 60,
	};
	static struct lxt_result res;
	struct lxss_mount m = { .size = sizeof(m), .source_fd = -1, .mode = 0755 };

	if (inst >= 0) {
		strcpy(m.fstype, "tmpfs");
		strcpy(m.target, "/");
		if (ioctl(inst, LXSS_IOC_MOUNT, &m)) {
			perror("proc_bench: mount tmpfs");
			return -1;
		}
	}
	if (lxt_run_case(inst, &c, &res) || strcmp(res.end, "exit=0")) {
		fprintf(stderr, "proc_bench: cannot install %s (%s)\n", EXEC_PATH, res.end);
		return -1;
	}
	return 0;
}

static void __attribute__((noreturn)) child_run(enum kind kind)
{
	char c = 0;

	check(lxt_read(0, &c, 1));
	run_kind(kind);
	check(lxt_write(1, &c, 1));
	child_exit(0);
}

static void child_entry(int kind)
{
	child_run(kind);
}

/*
 * Every round runs every case natively (no instance), then as a pico
 * process (one instance for the round). Reported: the fastest run of each,
 * their ratio, and the range of the per-round ratios.
 */
int main(int argc, char **argv)
{
	static const unsigned long per_run[NR_KINDS] = {
		PING_PONGS, MAP_RUNS, THREADS, FORKS, EXECS,
	};
	static const char *unit[NR_KINDS] = {
		"us/round trip", "ms/64 MiB", "us/thread", "us/fork", "us/exec",
	};
	static const double scale[NR_KINDS] = { 1e3, 1e6, 1e3, 1e3, 1e3 };
	const char *ko = argc > 1 ? argv[1] : LXT_MODULE_PATH;
	int native_only = lxt_native_only();
	double *ns[2][NR_KINDS], *ratio[NR_KINDS];
	int dev = -1, inst, loaded = 0, r, k, v, worst_ok = 1;
	cpu_set_t cpus;

	if (argc > 1 && !strcmp(argv[1], "--bench-exit"))
		_exit(0);
	if (argc > 2)
		rounds = atoi(argv[2]);
	if (rounds < 1)
		rounds = 1;
	for (k = 0; k < NR_KINDS; k++) {
		ns[0][k] = calloc(rounds, sizeof(double));
		ns[1][k] = calloc(rounds, sizeof(double));
		ratio[k] = calloc(rounds, sizeof(double));
		if (!ns[0][k] || !ns[1][k] || !ratio[k])
			return 1;
	}
	/* One CPU for every child and thread, as the other benches. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		perror("proc_bench: sched_setaffinity");
	if (install_self(-1))
		return 1;
	if (!native_only) {
		loaded = bench_load("proc_bench", ko);
		dev = lxt_dev();
		if (dev < 0) {
			perror("proc_bench: " LXSS_DEVICE_PATH);
			return 1;
		}
	}
	for (r = 0; r < rounds; r++) {
		if (dev >= 0)
			bench_wait_no_hook("proc_bench", dev);
		for (k = 0; k < NR_KINDS; k++)
			ns[0][k][r] = bench_run_once("proc_bench", -1, k, kind_name[k], child_entry);
		if (native_only)
			continue;
		inst = lxt_create(dev, "proc-bench");
		if (inst < 0) {
			perror("proc_bench: create instance");
			return 1;
		}
		if (install_self(inst))
			return 1;
		for (k = 0; k < NR_KINDS; k++) {
			ns[1][k][r] = bench_run_once("proc_bench", inst, k, kind_name[k], child_entry);
			ratio[k][r] = ns[1][k][r] / ns[0][k][r];
		}
		close(inst);
	}
	if (dev >= 0)
		close(dev);
	if (loaded)
		bench_unload("proc_bench");

	printf("lxcore process benchmark: %d interleaved rounds, fastest run of each, one boot\n",
	       rounds);
	printf("(%d ping-pongs, %d x 64 MiB, %d threads, %d forks, %d execs per run)\n",
	       PING_PONGS, MAP_RUNS, THREADS, FORKS, EXECS);
	for (k = 0; k < NR_KINDS; k++) {
		double val[2];

		for (v = 0; v < 2; v++) {
			qsort(ns[v][k], rounds, sizeof(double), bench_cmp_double);
			val[v] = ns[v][k][0] / per_run[k] / scale[k];
		}
		qsort(ratio[k], rounds, sizeof(double), bench_cmp_double);
		if (native_only) {
			printf("%-20s native %9.2f %-14s pico n/a (LXT_NATIVE_ONLY)\n",
			       kind_name[k], val[0], unit[k]);
			continue;
		}
		worst_ok &= val[1] / val[0] <= 1.5;
		printf("%-20s native %9.2f  pico %9.2f %-14s ratio %5.2f (rounds %4.2f..%4.2f)  (target <= 1.50)\n",
		       kind_name[k], val[0], val[1], unit[k], val[1] / val[0], ratio[k][0],
		       ratio[k][rounds - 1]);
	}
	if (!native_only && !worst_ok)
		printf("proc_bench: a ratio is above its target\n");
	return 0;
}
