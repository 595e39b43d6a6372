// SPDX-License-Identifier: GPL-2.0
/*
 * vfs_bench: file-system calls of a pico process on VolFs against the same
 * calls of a native process on the ext4 that backs it, from one boot: stat
 * of an existing file, open + close, create + write 4 KiB + close of N
 * files, readdir of an N-entry directory, sequential write and read of a
 * big file (N = 2,000 and 64 MiB: what the TCG VM runs in a few seconds a
 * round). Method as proc_bench: a child waits for a start byte on fd 0,
 * runs with raw syscalls from its working directory (native: a directory
 * of the ext4; pico: the root of a VolFs whose backing tree is on the same
 * ext4), writes a done byte on fd 1, then cleans up untimed; the native
 * parent times it. Loads lxcore.ko if needed (unloads it at the end).
 *
 *   vfs_bench [lxcore.ko [rounds]]      LXT_NATIVE_ONLY=1: native only
 *
 * VFS_BENCH_TMPFS=1: an instance tmpfs against a host tmpfs directory
 * instead (what LxVfs costs without VolFs's host calls).
 * VFS_BENCH_CASES=stat,open+close,...: only the named cases (names as
 * printed). The ext4 (or host tmpfs directory) goes at the end, so runs
 * can follow each other in one boot (e.g. alternating two builds of the
 * module: vfs_bench A.ko 3; vfs_bench B.ko 3; ...).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include "../selftests/lxtest.h"
#include "bench.h"
#include "../volfs/volfs_record.c"

#define FILES		2000		/* N: created files, directory entries */
#define STATS		20000
#define OPENS		10000
#define READDIRS	5
#define BIG		(64L << 20)
#define CHUNK		(1L << 20)

#define MNT		"/tmp/vfs-bench"
#define IMAGE		"/tmp/vfs-bench.img"
#define KMODS		"/usr/libexec/lxcore/selftests/volfs-kmods"
#define VOLFS_TREE	MNT "/volfs"
#define TMPFS_DIR	"/tmp/vfs-bench-tmpfs"

static const char *native_dir = MNT "/native";
static int use_tmpfs;

static int rounds = 5;
static unsigned int cases = ~0U;	/* kinds to time (VFS_BENCH_CASES) */
static int child_native;	/* set before each fork: where the child works */
static int round_no;		/* names the round's created files */

enum kind { PREPARE, STAT, OPEN_CLOSE, CREATE, READDIR, SEQ_WRITE, SEQ_READ, NR_KINDS };

static const char *kind_name[NR_KINDS] = {
	"prepare", "stat", "open+close", "create+write+close", "readdir", "seq write",
	"seq read",
};

/* "stat,open+close": the named cases only. */
static int parse_cases(const char *list)
{
	char *copy = strdup(list), *save = NULL, *name;
	int k;

	if (!copy)
		return -1;
	cases = 0;
	for (name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		for (k = STAT; k < NR_KINDS; k++)
			if (!strcmp(name, kind_name[k]))
				break;
		if (k == NR_KINDS) {
			fprintf(stderr, "vfs_bench: unknown case '%s' (VFS_BENCH_CASES)\n", name);
			free(copy);
			return -1;
		}
		cases |= 1U << k;
	}
	free(copy);
	return 0;
}

static void __attribute__((noreturn)) child_exit(long r)
{
	lxt_raw_exit(r < 0 ? 100 + (-r & 0x7f) : 0);
}

static long check(long r)
{
	if (r < 0 && r > -4096)
		child_exit(r);
	return r;
}

static long sys(long nr, long a, long b, long c)
{
	return lxt_syscall6(nr, a, b, c, 0, 0, 0);
}

static char buf[CHUNK];

static void name_of(char *out, const char *dir, long i)
{
	/* "dir/f1234" without stdio in the child */
	char *p = out;
	char digits[12];
	int n = 0;

	while (*dir)
		*p++ = *dir++;
	*p++ = '/';
	*p++ = 'f';
	do {
		digits[n++] = '0' + i % 10;
		i /= 10;
	} while (i);
	while (n)
		*p++ = digits[--n];
	*p = '\0';
}

static void write_file(const char *path, long size)
{
	long fd = check(sys(SYS_open, (long)path, O_CREAT | O_WRONLY | O_TRUNC, 0644)), done;

	for (done = 0; done < size; done += CHUNK)
		check(lxt_write(fd, buf, size - done < CHUNK ? size - done : CHUNK));
	check(lxt_close(fd));
}

/* @n: stats, opens or created files (the others ignore it) */
static void run_kind(enum kind kind, char *dir, long n_ops)
{
	struct stat st;
	char path[64], dents[32768];
	long i, fd, n;

	switch (kind) {
	case PREPARE:
		write_file("target", 4096);
		check(sys(SYS_mkdir, (long)"dir", 0755, 0));
		for (i = 0; i < FILES; i++) {
			name_of(path, "dir", i);
			check(lxt_close(check(sys(SYS_open, (long)path, O_CREAT | O_WRONLY, 0644))));
		}
		write_file("big", BIG);
		break;
	case STAT:
		for (i = 0; i < n_ops; i++)
			check(sys(SYS_stat, (long)"target", (long)&st, 0));
		break;
	case OPEN_CLOSE:
		for (i = 0; i < n_ops; i++)
			check(lxt_close(check(sys(SYS_open, (long)"target", O_RDONLY, 0))));
		break;
	case CREATE:
		check(sys(SYS_mkdir, (long)dir, 0755, 0));
		for (i = 0; i < n_ops; i++) {
			name_of(path, dir, i);
			fd = check(sys(SYS_open, (long)path, O_CREAT | O_WRONLY | O_EXCL, 0644));
			check(lxt_write(fd, buf, 4096));
			check(lxt_close(fd));
		}
		break;
	case READDIR:
		for (i = 0; i < READDIRS; i++) {
			fd = check(sys(SYS_open, (long)"dir", O_RDONLY | O_DIRECTORY, 0));
			while ((n = check(sys(SYS_getdents64, fd, (long)dents, sizeof(dents)))) > 0)
				;
			check(lxt_close(fd));
		}
		break;
	case SEQ_WRITE:
		write_file(dir, BIG);
		break;
	case SEQ_READ:
		fd = check(sys(SYS_open, (long)"big", O_RDONLY, 0));
		for (i = 0; i < BIG; i += n)
			if ((n = check(lxt_read(fd, buf, CHUNK))) == 0)
				child_exit(-EIO);
		check(lxt_close(fd));
		break;
	default:
		break;
	}
}

/* Untimed: what the run made goes, so every round starts alike. */
static void clean_kind(enum kind kind, char *dir, long n_ops)
{
	char path[64];
	long i;

	if (kind == CREATE) {
		for (i = 0; i < n_ops; i++) {
			name_of(path, dir, i);
			check(sys(SYS_unlink, (long)path, 0, 0));
		}
		check(sys(SYS_rmdir, (long)dir, 0, 0));
	} else if (kind == SEQ_WRITE) {
		check(sys(SYS_unlink, (long)dir, 0, 0));
	}
}

static void child_entry(int kind)
{
	char c = 0, dir[16] = "new-";

	dir[4] = 'a' + round_no % 26;
	dir[5] = 'a' + round_no / 26 % 26;
	if (child_native)
		check(sys(SYS_chdir, (long)native_dir, 0, 0));
	check(lxt_read(0, &c, 1));
	run_kind(kind, dir, kind == STAT ? STATS : kind == OPEN_CLOSE ? OPENS : FILES);
	check(lxt_write(1, &c, 1));
	clean_kind(kind, dir, FILES);
	child_exit(0);
}

static int sh(const char *cmd)
{
	int r = system(cmd);

	if (r)
		fprintf(stderr, "vfs_bench: '%s' failed\n", cmd);
	return r;
}

/* The ext4 both sides use, a native directory and a VolFs tree on it. */
static int backing(void)
{
	struct volfs_meta m = { .type = VOLFS_TYPE_DIR, .mode = 0755 };
	unsigned char rec[VOLFS_RECORD_SIZE];

	if (access("/proc/fs/ext4", F_OK)) {
		system("for m in crc32c_generic crc16 mbcache jbd2 ext4; do "
		       "insmod " KMODS "/$m.module 2>/dev/null; done");
	}
	system("insmod " KMODS "/loop.module 2>/dev/null");
	mkdir(MNT, 0755);
	if (sh("dd if=/dev/zero of=" IMAGE " bs=1M count=320 2>/dev/null") ||
	    sh("mke2fs -q -F -I 256 " IMAGE " >/dev/null 2>&1") ||
	    sh("mount -t ext4 -o loop " IMAGE " " MNT))
		return -1;
	if (mkdir(native_dir, 0755) || mkdir(VOLFS_TREE, 0700))
		return -1;
	if (volfs_record_encode(&m, rec, sizeof(rec)) != VOLFS_RECORD_SIZE ||
	    setxattr(VOLFS_TREE, VOLFS_XATTR_NAME, rec, sizeof(rec), 0))
		return -1;
	return 0;
}

/* What backing() made goes, so the bench can run again in the same boot. */
static void teardown(void)
{
	if (use_tmpfs) {
		sh("rm -rf " TMPFS_DIR);
		return;
	}
	if (system("umount -d " MNT " 2>/dev/null") && sh("umount " MNT))
		return;
	unlink(IMAGE);
	rmdir(MNT);
}

static int new_instance(int dev)
{
	struct lxss_mount mt = { .size = sizeof(mt), .mode = 0755 };
	int inst = lxt_create(dev, "vfs-bench");

	if (inst < 0)
		return -1;
	strcpy(mt.target, "/");
	if (use_tmpfs) {
		strcpy(mt.fstype, "tmpfs");
		mt.source_fd = -1;
		mt.size_limit = 256 << 20;
	} else {
		strcpy(mt.fstype, "volfs");
		mt.source_fd = open(VOLFS_TREE, O_PATH | O_DIRECTORY);
	}
	if ((!use_tmpfs && mt.source_fd < 0) || ioctl(inst, LXSS_IOC_MOUNT, &mt)) {
		perror("vfs_bench: mount");
		return -1;
	}
	if (mt.source_fd >= 0)
		close(mt.source_fd);
	return inst;
}

/*
 * The metadata cases run batched: one worker per side stays alive and, per
 * byte on fd 0, runs a batch of batch_ops[] operations ('r'), removes what
 * a batch made ('c', untimed), or just answers ('n': the round trip, taken
 * off every batch); 'q' ends it. The parent times batch after batch, the
 * sides alternating, so short runs on a shared machine find quiet moments
 * and the fastest batch of each side is a stable figure (batches of a few
 * ms under TCG: shorter than a host scheduler slice).
 */
static const long batch_ops[NR_KINDS] = {
	[STAT] = 250, [OPEN_CLOSE] = 125, [CREATE] = 10,
};

static bool batched(int kind)
{
	return kind == STAT || kind == OPEN_CLOSE || kind == CREATE;
}

static void worker_entry(int kind)
{
	char c, dir[8] = "batch";

	if (child_native)
		check(sys(SYS_chdir, (long)native_dir, 0, 0));
	for (;;) {
		if (lxt_read(0, &c, 1) != 1 || c == 'q')
			child_exit(0);
		if (c == 'r')
			run_kind(kind, dir, batch_ops[kind]);
		else if (c == 'c')
			clean_kind(kind, dir, batch_ops[kind]);
		check(lxt_write(1, &c, 1));
	}
}

struct worker {
	pid_t pid;
	int to, from;
};

static void worker_start(struct worker *w, int inst, int kind)
{
	int start[2], done[2];

	if (pipe2(start, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) {
		perror("vfs_bench: pipe");
		exit(1);
	}
	child_native = inst < 0;
	w->pid = fork();
	if (w->pid < 0) {
		perror("vfs_bench: fork");
		exit(1);
	}
	if (w->pid == 0) {
		struct lxss_enter req = { .size = sizeof(req) };

		dup2(start[0], 0);
		dup2(done[1], 1);
		if (inst >= 0) {
			if (ioctl(inst, LXSS_IOC_ENTER, &req))
				_exit(2);
		} else if (syscall(SYS_close_range, 3, ~0U, 0)) {
			_exit(3);
		}
		worker_entry(kind);
		_exit(4);
	}
	close(start[0]);
	close(done[1]);
	w->to = start[1];
	w->from = done[0];
}

static void worker_stop(struct worker *w, const char *side, int kind, bool failed)
{
	char c = 'q';
	int status;

	if (write(w->to, &c, 1) != 1)
		failed = true;
	close(w->to);
	close(w->from);
	waitpid(w->pid, &status, 0);
	if (failed || !WIFEXITED(status) || WEXITSTATUS(status)) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

		fprintf(stderr, "vfs_bench: %s %s worker failed: status %#x%s%s\n", side,
			kind_name[kind], status, code > 100 ? ", a call answered " : "",
			code > 100 ? strerror(code - 100) : "");
		exit(1);
	}
}

/* ns for one command's round trip; a dead worker ends the bench. */
static double worker_cmd(struct worker *w, const char *side, int kind, char c)
{
	double t0 = bench_now_ns();

	if (write(w->to, &c, 1) != 1 || read(w->from, &c, 1) != 1)
		worker_stop(w, side, kind, true);
	return bench_now_ns() - t0;
}

/*
 * @pairs batches of case @kind on each side (pico in a new instance of
 * @dev unless @dev < 0), the sides alternating which goes first: ns per
 * batch in @ns[0] (native) and @ns[1] (pico), round trip taken off.
 */
static int run_batched(int dev, int kind, int pairs, double *ns[2])
{
	static const char *const side[2] = { "native", "pico" };
	double rtt[2] = { 1e18, 1e18 }, t;
	int sides = dev >= 0 ? 2 : 1, inst = -1, b, v, i;
	struct worker w[2];

	if (dev >= 0) {
		inst = new_instance(dev);
		if (inst < 0)
			return -1;
		if (use_tmpfs) {
			child_native = 0;
			bench_run_once("vfs_bench", inst, PREPARE, "prepare", child_entry);
		}
	}
	for (v = 0; v < sides; v++)
		worker_start(&w[v], v ? inst : -1, kind);
	for (i = 0; i < 20; i++) {
		for (v = 0; v < sides; v++) {
			t = worker_cmd(&w[v], side[v], kind, 'n');
			if (t < rtt[v])
				rtt[v] = t;
		}
	}
	for (b = 0; b < pairs; b++) {
		for (i = 0; i < sides; i++) {
			v = sides == 2 ? i ^ (b & 1) : 0;
			t = worker_cmd(&w[v], side[v], kind, 'r') - rtt[v];
			ns[v][b] = t > 1 ? t : 1;
		}
		if (kind == CREATE)
			for (v = 0; v < sides; v++)
				worker_cmd(&w[v], side[v], kind, 'c');
	}
	for (v = 0; v < sides; v++)
		worker_stop(&w[v], side[v], kind, false);
	if (inst >= 0)
		close(inst);
	return 0;
}

/*
 * stat, open+close and create run batched (above): 30 x rounds batch pairs
 * each. Judged: the ratio of the fastest batches, since batches of a few
 * ms often run untouched by the host's load while whole runs never do (the
 * median of the per-pair ratios and their range are printed too).
 *
 * readdir and sequential I/O run in rounds: every round runs each case
 * natively and at once as a pico process (one instance for the round; a
 * native task pays nothing for an instance), so each pair sees the same
 * load on a shared machine; odd rounds run the pico side first, so neither
 * side always inherits the other's page cache and journal state. Judged:
 * the median of the per-pair ratios (the host's load moves single runs by
 * 2x and more); printed too, the fastest run of each side and the range.
 */
int main(int argc, char **argv)
{
	double per_run[NR_KINDS] = {
		1, STATS, OPENS, FILES, READDIRS, BIG >> 20, BIG >> 20,
	};
	static const char *unit[NR_KINDS] = {
		"", "us/stat", "us/open", "us/file", "ms/readdir", "ms/MiB", "ms/MiB",
	};
	static const double scale[NR_KINDS] = { 1, 1e3, 1e3, 1e3, 1e6, 1e6, 1e6 };
	const char *ko = argc > 1 ? argv[1] : LXT_MODULE_PATH;
	int native_only = lxt_native_only();
	double *ns[2][NR_KINDS], *ratio[NR_KINDS];
	int dev = -1, inst, loaded = 0, r, k, v, all_ok = 1, runs[NR_KINDS], pairs;
	cpu_set_t cpus;

	if (argc > 2)
		rounds = atoi(argv[2]);
	if (rounds < 1)
		rounds = 1;
	pairs = 30 * rounds;
	for (k = 0; k < NR_KINDS; k++) {
		runs[k] = batched(k) ? pairs : rounds;
		if (batched(k))
			per_run[k] = batch_ops[k];
		ns[0][k] = calloc(runs[k], sizeof(double));
		ns[1][k] = calloc(runs[k], sizeof(double));
		ratio[k] = calloc(runs[k], sizeof(double));
		if (!ns[0][k] || !ns[1][k] || !ratio[k])
			return 1;
	}
	/* A worker that died is reported by its status, not by SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		perror("vfs_bench: sched_setaffinity");
	use_tmpfs = getenv("VFS_BENCH_TMPFS") && atoi(getenv("VFS_BENCH_TMPFS"));
	if (getenv("VFS_BENCH_CASES") && parse_cases(getenv("VFS_BENCH_CASES")))
		return 1;
	if (use_tmpfs) {
		native_dir = TMPFS_DIR;
		if (mkdir(native_dir, 0755)) {
			perror("vfs_bench: " TMPFS_DIR);
			return 1;
		}
	} else if (backing()) {
		fprintf(stderr, "vfs_bench: no ext4 to run on\n");
		return 1;
	}
	if (!native_only) {
		loaded = bench_load("vfs_bench", ko);
		dev = lxt_dev();
		if (dev < 0) {
			perror("vfs_bench: " LXSS_DEVICE_PATH);
			return 1;
		}
	}
	/* The files stat, open, readdir and read use, on each side. */
	child_native = 1;
	bench_run_once("vfs_bench", -1, PREPARE, "prepare", child_entry);
	if (!native_only) {
		child_native = 0;
		inst = new_instance(dev);
		if (inst < 0)
			return 1;
		bench_run_once("vfs_bench", inst, PREPARE, "prepare", child_entry);
		close(inst);
	}
	for (k = STAT; k < NR_KINDS; k++) {
		if (!(cases & 1U << k) || !batched(k))
			continue;
		if (run_batched(native_only ? -1 : dev, k, pairs, (double *[2]){ ns[0][k], ns[1][k] }))
			return 1;
		for (r = 0; !native_only && r < pairs; r++)
			ratio[k][r] = ns[1][k][r] / ns[0][k][r];
	}
	for (r = 0; r < rounds; r++) {
		round_no = r;
		inst = native_only ? -1 : new_instance(dev);
		if (!native_only && inst < 0)
			return 1;
		if (inst >= 0 && use_tmpfs) {	/* a fresh tmpfs each round */
			child_native = 0;
			bench_run_once("vfs_bench", inst, PREPARE, "prepare", child_entry);
		}
		for (k = STAT; k < NR_KINDS; k++) {
			if (!(cases & 1U << k) || batched(k))
				continue;
			/* Odd rounds run pico first: neither side always goes second. */
			for (v = 0; v < 2; v++) {
				int pico = native_only ? 0 : (v ^ (r & 1));

				if (native_only && v)
					break;
				child_native = !pico;
				ns[pico][k][r] = bench_run_once("vfs_bench", pico ? inst : -1, k,
								kind_name[k], child_entry);
			}
			if (!native_only)
				ratio[k][r] = ns[1][k][r] / ns[0][k][r];
		}
		if (inst >= 0)
			close(inst);
	}
	if (dev >= 0)
		close(dev);
	if (loaded)
		bench_unload("vfs_bench");
	teardown();

	printf("lxcore %s benchmark: %d rounds of native/pico pairs, one boot\n",
	       use_tmpfs ? "LxVfs tmpfs" : "VolFs", rounds);
	printf("(%s; %d batch pairs of %ld stats, %ld open+close, %ld creates of 4 KiB files"
	       " (judged: fastest batches); readdir of %d entries x %d, %ld MiB in 1 MiB calls"
	       " (judged: median pair))\n",
	       use_tmpfs ? "pico on an instance tmpfs vs native on a host tmpfs" :
	       "pico on VolFs vs native on the same ext4 (loop, tmpfs image)",
	       pairs, batch_ops[STAT], batch_ops[OPEN_CLOSE], batch_ops[CREATE], FILES,
	       READDIRS, BIG >> 20);
	for (k = STAT; k < NR_KINDS; k++) {
		bool io = k == SEQ_WRITE || k == SEQ_READ;
		double val[2], rt;

		if (!(cases & 1U << k))
			continue;
		for (v = 0; v < 2; v++) {
			qsort(ns[v][k], runs[k], sizeof(double), bench_cmp_double);
			val[v] = ns[v][k][0] / per_run[k] / scale[k];
		}
		qsort(ratio[k], runs[k], sizeof(double), bench_cmp_double);
		if (native_only) {
			printf("%-20s native %9.3f %-11s pico n/a (LXT_NATIVE_ONLY)\n",
			       kind_name[k], val[0], unit[k]);
			continue;
		}
		rt = ratio[k][runs[k] / 2];
		/* I/O: throughput >= 0.9x native, i.e. time <= 1/0.9 */
		all_ok &= io ? 1 / rt >= 0.9 : (batched(k) ? val[1] / val[0] : rt) <= 1.5;
		printf("%-20s native %9.3f  pico %9.3f %-11s fastest %5.2f, median pair %5.2f "
		       "(%4.2f..%4.2f)  %s\n",
		       kind_name[k], val[0], val[1], unit[k], val[1] / val[0], rt, ratio[k][0],
		       ratio[k][runs[k] - 1],
		       io ? "(target: throughput >= 0.90x: time ratio <= 1.11)" :
		       batched(k) ? "(target: fastest <= 1.50)" : "(target: median <= 1.50)");
	}
	if (!native_only && !all_ok)
		printf("vfs_bench: a ratio misses its target\n");
	return 0;
}
