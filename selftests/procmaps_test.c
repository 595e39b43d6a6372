// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/maps names file mappings as Linux does, by the path of the
 * mapped file as the process sees it, and never by a host path.
 * Differential on tmpfs (natively in a host directory, as a pico process in
 * an instance tmpfs): a file mapped shared and private, split by mprotect,
 * renamed, unlinked (" (deleted)"), closed; the programs and libraries the
 * loaders map (a static program, a dynamic one with its ld.so and libc.so.6
 * from the instance). Pico only, on VolFs (an ext4 backing tree): the same
 * bodies, and no line of maps names the host backing directory.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include "lxtest.h"
#include "kselftest_harness.h"
#include "../volfs/volfs_record.c"
#include "lxbacking.h"

#define DIR "/tmp/lxt-exec2"	/* dyn-maps's interpreter and rpath */

#define SC(nr, a, b, c, d, e) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), \
					   (long)(d), (long)(e), 0)

/* ---- setup (libc usable) ------------------------------------------------------- */

static void fresh_dir(void *arg)
{
	char tmpl[] = "/tmp/lxmaps.XXXXXX";

	if (!mkdtemp(tmpl) || chdir(tmpl))
		_exit(125);
	umask(022);
}

struct bundle_head {
	uint32_t name_len;
	uint32_t mode;
	uint64_t size;
};

static const struct {
	const char *src, *dst;
	unsigned int mode;
} bundle_files[] = {
	{ "glibc-maps", DIR "/glibc-maps", 0755 },
	{ "dyn-maps", DIR "/dyn-maps", 0755 },
	{ "ld-linux-x86-64.so.2", DIR "/ld.so", 0755 },
	{ "libc.so.6", DIR "/libc.so.6", 0644 },
};

/* fd 0 becomes the files to install, each a bundle_head, its name, its data. */
static void feed_bundle(void *arg)
{
	static char buf[1 << 16];
	int mfd = memfd_create("lxt-maps", 0), fd;
	const char *dir = getenv("LXT_HELPERS_DIR") ?: LXT_HELPERS;
	struct bundle_head h;
	char path[512];
	struct stat st;
	size_t i;
	ssize_t n;

	if (mfd < 0)
		_exit(121);
	for (i = 0; i < sizeof(bundle_files) / sizeof(bundle_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, bundle_files[i].src);
		fd = open(path, O_RDONLY);
		if (fd < 0 || fstat(fd, &st))
			_exit(122);
		h.name_len = strlen(bundle_files[i].dst);
		h.mode = bundle_files[i].mode;
		h.size = st.st_size;
		if (write(mfd, &h, sizeof(h)) != sizeof(h) ||
		    write(mfd, bundle_files[i].dst, h.name_len) != (ssize_t)h.name_len)
			_exit(123);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(mfd, buf, n) != n)
				_exit(124);
		close(fd);
	}
	if (lseek(mfd, 0, SEEK_SET) || dup2(mfd, 0) < 0)
		_exit(125);
	close(mfd);
}

/* ---- bodies (raw syscalls only) ------------------------------------------------ */

static char maps[65536];
static char copy_buf[65536];

static long read_all(long fd, char *buf, long len)
{
	long done = 0, n;

	while (done < len - 1) {
		n = lxt_read(fd, buf + done, len - 1 - done);
		if (n < 0)
			return n;
		if (!n)
			break;
		done += n;
	}
	buf[done] = 0;
	return done;
}

static long slurp(const char *path, char *buf, long len)
{
	long fd = SC(SYS_open, path, O_RDONLY, 0, 0, 0), n;

	if (fd < 0)
		return fd;
	n = read_all(fd, buf, len);
	lxt_close(fd);
	return n;
}

struct map_line {
	unsigned long start, end;
	char perms[8];
	unsigned long long off;
	unsigned int major, minor;
	unsigned long ino;
	const char *name;	/* in maps[], up to the newline */
	int name_len;
};

/* Parse the maps line at *@p and advance past it; 0 at the end. */
static int next_line(char **p, struct map_line *l)
{
	char *nl;
	int used = 0;

	if (!**p)
		return 0;
	nl = strchr(*p, '\n');
	if (!nl)
		return 0;
	*nl = 0;
	l->name = "";
	l->name_len = 0;
	if (sscanf(*p, "%lx-%lx %7s %llx %x:%x %lu %n", &l->start, &l->end, l->perms,
		   &l->off, &l->major, &l->minor, &l->ino, &used) >= 7 && used) {
		l->name = *p + used;
		while (*l->name == ' ')
			l->name++;
		l->name_len = strlen(l->name);
	}
	*nl = '\n';
	*p = nl + 1;
	return 1;
}

/*
 * The lines of /proc/self/maps naming a file under @prefix (the test's
 * directory, "" for the root): perms, offset, the name with the prefix as
 * DIR, and whether dev:ino are the file's (@st). Shared mappings first.
 */
static void show_maps(const char *tag, const char *prefix, const struct stat *st)
{
	size_t plen = strlen(prefix);
	struct map_line l;
	int pass, count = 0;
	char out[600];
	long n;
	char *p;

	n = slurp("/proc/self/maps", maps, sizeof(maps));
	if (n < 0) {
		lxt_say(tag, n);
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		p = maps;
		while (next_line(&p, &l)) {
			if ((l.perms[3] == 's') != !pass || l.name_len < (int)plen + 1 ||
			    strncmp(l.name, prefix, plen) || l.name[plen] != '/')
				continue;
			snprintf(out, sizeof(out), "%s: %s %08llx DIR%.*s ino=%d", tag, l.perms,
				 l.off, l.name_len - (int)plen, l.name + plen,
				 l.ino == st->st_ino && l.major == major(st->st_dev) &&
				 l.minor == minor(st->st_dev));
			lxt_say_text(out);
			count++;
		}
	}
	if (!count) {
		snprintf(out, sizeof(out), "%s: none", tag);
		lxt_say_text(out);
	}
}

static char cwd[512];

/* The directory the body runs in, as /proc shows it: "" for "/". */
static const char *body_dir(void)
{
	long n = SC(SYS_getcwd, cwd, sizeof(cwd), 0, 0, 0);

	if (n <= 0)
		return "?";
	return strcmp(cwd, "/") ? cwd : "";
}

static void mapped_file(void *arg)
{
	const char *dir = body_dir();
	struct stat st;
	long fd, a, b, i;

	fd = SC(SYS_open, "f", O_CREAT | O_RDWR | O_TRUNC, 0644, 0, 0);
	if (fd < 0) {
		lxt_say("open", fd);
		return;
	}
	for (i = 0; i < 3 * 4096; i++)
		copy_buf[i] = (char)i;
	lxt_say("write", lxt_write(fd, copy_buf, 3 * 4096));
	lxt_say("fstat", SC(SYS_fstat, fd, &st, 0, 0, 0));
	a = lxt_syscall6(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = lxt_syscall6(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 8192);
	lxt_say("mapped", a > 0 && b > 0);
	lxt_say("split", SC(SYS_mprotect, a + 4096, 4096, PROT_READ, 0, 0));
	show_maps("live", dir, &st);
	lxt_say("rename", SC(SYS_rename, "f", "g", 0, 0, 0));
	show_maps("renamed", dir, &st);
	lxt_say("unlink", SC(SYS_unlink, "g", 0, 0, 0, 0));
	show_maps("deleted", dir, &st);
	lxt_close(fd);
	show_maps("closed", dir, &st);
	lxt_say("read", ((volatile char *)b)[1] == (char)8193);
	SC(SYS_munmap, a, 3 * 4096, 0, 0, 0);
	SC(SYS_munmap, b, 4096, 0, 0, 0);
	show_maps("unmapped", dir, &st);
}

#define MAPPED_FILE_OUT							\
	"write=12288\nfstat=0\nmapped=1\nsplit=0\n"			\
	"live: rw-s 00000000 DIR/f ino=1\n"				\
	"live: r--s 00001000 DIR/f ino=1\n"				\
	"live: rw-s 00002000 DIR/f ino=1\n"				\
	"live: r--p 00002000 DIR/f ino=1\n"				\
	"rename=0\n"							\
	"renamed: rw-s 00000000 DIR/g ino=1\n"				\
	"renamed: r--s 00001000 DIR/g ino=1\n"				\
	"renamed: rw-s 00002000 DIR/g ino=1\n"				\
	"renamed: r--p 00002000 DIR/g ino=1\n"				\
	"unlink=0\n"							\
	"deleted: rw-s 00000000 DIR/g (deleted) ino=1\n"		\
	"deleted: r--s 00001000 DIR/g (deleted) ino=1\n"		\
	"deleted: rw-s 00002000 DIR/g (deleted) ino=1\n"		\
	"deleted: r--p 00002000 DIR/g (deleted) ino=1\n"		\
	"closed: rw-s 00000000 DIR/g (deleted) ino=1\n"			\
	"closed: r--s 00001000 DIR/g (deleted) ino=1\n"			\
	"closed: rw-s 00002000 DIR/g (deleted) ino=1\n"			\
	"closed: r--p 00002000 DIR/g (deleted) ino=1\n"			\
	"read=1\nunmapped: none\n"

static long read_full(long fd, void *buf, long len)
{
	long done = 0, n;

	while (done < len) {
		n = lxt_read(fd, (char *)buf + done, len - done);
		if (n <= 0)
			return n < 0 ? n : -EIO;
		done += n;
	}
	return 0;
}

/* Install the bundle on fd 0 under DIR. 0 or -errno (reported). */
static long install(void)
{
	struct bundle_head h;
	char name[256];
	long fd, r, n;
	uint64_t left;

	SC(SYS_mkdir, "/tmp", 01777, 0, 0, 0);
	SC(SYS_mkdir, DIR, 0755, 0, 0, 0);
	for (;;) {
		n = lxt_read(0, &h, sizeof(h));
		if (n == 0)
			return 0;
		if (n != sizeof(h) || h.name_len >= sizeof(name) ||
		    read_full(0, name, h.name_len))
			goto bad;
		name[h.name_len] = 0;
		fd = SC(SYS_open, name, O_CREAT | O_WRONLY | O_TRUNC, 0600, 0, 0);
		if (fd < 0) {
			lxt_say("install-open", fd);
			return fd;
		}
		for (left = h.size; left; left -= n) {
			n = left < sizeof(copy_buf) ? (long)left : (long)sizeof(copy_buf);
			r = read_full(0, copy_buf, n);
			if (!r && lxt_write(fd, copy_buf, n) != n)
				r = -EIO;
			if (r) {
				lxt_close(fd);
				goto bad;
			}
		}
		lxt_close(fd);
		r = SC(SYS_chmod, name, h.mode, 0, 0, 0);
		if (r) {
			lxt_say("install-chmod", r);
			return r;
		}
	}
bad:
	lxt_say("install", -EIO);
	return -EIO;
}

/*
 * Run @path; from the maps it prints: each file name (in order of first
 * appearance, once), whether its dev:ino are set, and how many lines name
 * the VolFs backing directory.
 */
static void run_maps(const char *tag, const char *path)
{
	char *argv[] = { (char *)path, NULL }, *envp[] = { NULL }, *p;
	char seen[2048] = "", out[700], name[300];
	int pfd[2], status = 0, backing = 0;
	struct map_line l;
	long pid, n;

	if (lxt_pipe(pfd)) {
		lxt_say(tag, -1);
		return;
	}
	pid = lxt_fork();
	if (pid == 0) {
		lxt_dup2(pfd[1], 1);
		lxt_close(pfd[0]);
		lxt_close(pfd[1]);
		lxt_raw_exit(100 + (int)-SC(SYS_execve, path, argv, envp, 0, 0));
	}
	lxt_close(pfd[1]);
	n = read_all(pfd[0], maps, sizeof(maps));
	lxt_close(pfd[0]);
	SC(SYS_wait4, pid, &status, 0, 0, 0);
	snprintf(out, sizeof(out), "%s: exit=%d lines=%d", tag, (status >> 8) & 0xff, n > 0);
	lxt_say_text(out);
	p = maps;
	while (next_line(&p, &l)) {
		if (l.name_len >= (int)sizeof(name) - 2)
			continue;
		snprintf(name, sizeof(name), "|%.*s|", l.name_len, l.name);
		if (strstr(name, "volfs-backing"))
			backing++;
		if (l.name[0] != '/' || strstr(seen, name) ||
		    strlen(seen) + strlen(name) >= sizeof(seen))
			continue;
		strcat(seen, name);
		snprintf(out, sizeof(out), "%s: %.*s dev_ino=%d", tag, l.name_len, l.name,
			 (l.major || l.minor) && l.ino);
		lxt_say_text(out);
	}
	snprintf(out, sizeof(out), "%s: backing_lines=%d", tag, backing);
	lxt_say_text(out);
}

static void loaders(void *arg)
{
	if (install())
		return;
	run_maps("static", DIR "/glibc-maps");
	run_maps("dynamic", DIR "/dyn-maps");
}

#define LOADERS_OUT							\
	"static: exit=0 lines=1\n"					\
	"static: " DIR "/glibc-maps dev_ino=1\n"			\
	"static: backing_lines=0\n"					\
	"dynamic: exit=0 lines=1\n"					\
	"dynamic: " DIR "/dyn-maps dev_ino=1\n"				\
	"dynamic: " DIR "/libc.so.6 dev_ino=1\n"			\
	"dynamic: " DIR "/ld.so dev_ino=1\n"				\
	"dynamic: backing_lines=0\n"

static void make_proc(void *arg)
{
	lxt_say("proc", SC(SYS_mkdir, "/proc", 0555, 0, 0, 0));
}

/* The instance gets /proc (its root must be mounted). */
static int mount_proc(int inst)
{
	static const struct lxt_case mk = { .body = make_proc };
	static struct lxt_result r;

	if (lxt_run_case(inst, &mk, &r) || strcmp(r.out, "proc=0\n"))
		return -1;
	return lxt_mount(inst, "proc", "/proc", 0);
}

/* ---- on tmpfs, differential ---------------------------------------------------- */

FIXTURE(maps) {
	int dev;
	int inst;
};

FIXTURE_SETUP(maps)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "maps");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 0755)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, mount_proc(self->inst));
}

FIXTURE_TEARDOWN(maps)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F(maps, a_mapped_file_is_named_by_its_path_through_rename_and_unlink)
{
	static const struct lxt_case c = {
		.setup = fresh_dir, .body = mapped_file, .expect_out = MAPPED_FILE_OUT,
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

TEST_F_TIMEOUT(maps, programs_and_libraries_the_loaders_map_show_their_paths, 300)
{
	static const struct lxt_case c = {
		.setup = feed_bundle, .body = loaders, .timeout_s = 120,
		.expect_out = LOADERS_OUT,
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* ---- on VolFs, pico only ------------------------------------------------------- */

FIXTURE(volmaps) {
	int dev;
	int inst;
	char tree[64];
};

FIXTURE_SETUP(volmaps)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	ASSERT_EQ(0, backing_ready()) TH_LOG("no ext4 backing file system");
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "volmaps");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxb_mount_fresh_tree(self->inst, "m", self->tree, sizeof(self->tree)))
		TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, mount_proc(self->inst));
}

FIXTURE_TEARDOWN(volmaps)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F(volmaps, a_mapped_volfs_file_shows_its_instance_path_never_the_backing_one)
{
	static const struct lxt_case c = {
		.setup = fresh_dir, .body = mapped_file,
	};
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");

	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("exit=0", r.end);
	EXPECT_STREQ(MAPPED_FILE_OUT, r.out);
	EXPECT_EQ(NULL, strstr(r.out, BACKING));
}

TEST_F_TIMEOUT(volmaps, loaders_on_volfs_show_instance_paths_never_the_backing_one, 300)
{
	static const struct lxt_case c = {
		.setup = feed_bundle, .body = loaders, .timeout_s = 120,
	};
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");

	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("exit=0", r.end);
	EXPECT_STREQ(LOADERS_OUT, r.out);
	EXPECT_EQ(NULL, strstr(r.out, BACKING));
}

TEST_HARNESS_MAIN
