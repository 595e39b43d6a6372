/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fs_bodies.h - the differential file-system bodies shared by fs_test (an
 * instance tmpfs) and volfs_test (VolFs): each runs natively in a fresh host
 * directory and as a pico process at the root of a fresh instance file
 * system, with relative paths only; FS_<BODY>_OUT is the Linux output.
 * Include after lxtest.h.
 */
#ifndef LXCORE_FS_BODIES_H
#define LXCORE_FS_BODIES_H

#include <dirent.h>
#include <sys/stat.h>

/* Natively: a fresh directory to work in (a pico process starts at its root). */
static void fresh_dir(void *arg)
{
	char tmpl[] = "/tmp/lxfs.XXXXXX";

	if (!mkdtemp(tmpl) || chdir(tmpl))
		_exit(125);
	umask(022);
}

#define S(nr, ...) lxt_syscall6(nr, __VA_ARGS__)
static long sys0(long nr, long a, long b, long c) { return lxt_syscall6(nr, a, b, c, 0, 0, 0); }
#define OPEN(p, f, m) sys0(SYS_open, (long)(p), (f), (m))

static void say_stat(const char *tag, const char *path, int follow)
{
	struct stat st;
	long r = sys0(follow ? SYS_stat : SYS_lstat, (long)path, (long)&st, 0);
	char buf[160];

	if (r) {
		lxt_say(tag, r);
		return;
	}
	snprintf(buf, sizeof(buf), "%s=mode %o nlink %lu size %ld uid %u gid %u",
		 tag, st.st_mode, (unsigned long)(S_ISDIR(st.st_mode) ? 0 : st.st_nlink),
		 S_ISDIR(st.st_mode) ? 0L : (long)st.st_size, st.st_uid, st.st_gid);
	lxt_say_text(buf);
}

/* ---- files --------------------------------------------------------------- */

static void files(void *arg)
{
	char buf[64];
	long fd, fd2;

	fd = OPEN("f", O_CREAT | O_RDWR | O_EXCL, 0640);
	lxt_say("open-create", fd);
	lxt_say("write", lxt_write(fd, "hello world", 11));
	lxt_say("lseek-set", sys0(SYS_lseek, fd, 6, SEEK_SET));
	lxt_say_data("read", buf, lxt_read(fd, buf, sizeof(buf)));
	lxt_say("lseek-end", sys0(SYS_lseek, fd, -5, SEEK_END));
	lxt_say("lseek-cur", sys0(SYS_lseek, fd, 2, SEEK_CUR));
	lxt_say("lseek-neg", sys0(SYS_lseek, fd, -100, SEEK_CUR));
	lxt_say("lseek-whence", sys0(SYS_lseek, fd, 0, 17));
	lxt_say("pwrite", S(SYS_pwrite64, fd, (long)"HE", 2, 0, 0, 0));
	lxt_say_data("pread", buf, S(SYS_pread64, fd, (long)buf, 5, 0, 0, 0));
	lxt_say("pread-neg", S(SYS_pread64, fd, (long)buf, 5, -1, 0, 0));
	lxt_say("pwrite-hole", S(SYS_pwrite64, fd, (long)"!", 1, 20, 0, 0));
	say_stat("stat", "f", 1);
	lxt_say("open-excl", OPEN("f", O_CREAT | O_EXCL | O_WRONLY, 0600));
	fd2 = OPEN("f", O_RDONLY | O_APPEND, 0);
	lxt_say("open-ro", fd2);
	lxt_say("write-ro", lxt_write(fd2, "x", 1));
	lxt_say("close", lxt_close(fd2));
	fd2 = OPEN("f", O_WRONLY | O_APPEND, 0);
	lxt_say("append", lxt_write(fd2, "END", 3));
	lxt_say("append-pos", sys0(SYS_lseek, fd2, 0, SEEK_CUR));
	lxt_close(fd2);
	fd2 = OPEN("f", O_WRONLY | O_TRUNC, 0);
	lxt_say("trunc", fd2);
	say_stat("after-trunc", "f", 1);
	lxt_close(fd2);
	lxt_say("creat", sys0(SYS_creat, (long)"g", 0600, 0));
	lxt_say("open-missing", OPEN("nope", O_RDONLY, 0));
	lxt_say("open-missing-dir", OPEN("nope/x", O_RDONLY, 0));
	lxt_say("open-file-as-dir", OPEN("f/x", O_RDONLY, 0));
	lxt_say("open-dir-flag", OPEN("f", O_RDONLY | O_DIRECTORY, 0));
	lxt_say("fstat-bad", sys0(SYS_fstat, 99, (long)buf, 0));
}

/* ---- directories ------------------------------------------------------------ */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory @path, sorted (tmpfs orders differ). */
static void say_dir(const char *tag, const char *path)
{
	char buf[4096], line[512], *names[64];
	long fd = OPEN(path, O_RDONLY | O_DIRECTORY, 0), n, off;
	int count = 0, i;

	if (fd < 0) {
		lxt_say(tag, fd);
		return;
	}
	while ((n = S(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0, 0)) > 0) {
		for (off = 0; off < n && count < 64;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			names[count++] = strdup(d->d_name);
			off += d->d_reclen;
		}
	}
	lxt_close(fd);
	qsort(names, count, sizeof(names[0]), name_cmp);
	snprintf(line, sizeof(line), "%s=", tag);
	for (i = 0; i < count; i++) {
		strncat(line, names[i], sizeof(line) - strlen(line) - 2);
		strncat(line, i + 1 < count ? " " : "", sizeof(line) - strlen(line) - 1);
		free(names[i]);
	}
	if (n < 0)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " error %ld", n);
	lxt_say_text(line);
}

static void dirs(void *arg)
{
	char buf[64];
	long fd;

	lxt_say("mkdir", sys0(SYS_mkdir, (long)"d", 0750, 0));
	lxt_say("mkdir-again", sys0(SYS_mkdir, (long)"d", 0750, 0));
	lxt_say("mkdir-nested", sys0(SYS_mkdir, (long)"d/e", 0700, 0));
	lxt_say("mkdir-missing", sys0(SYS_mkdir, (long)"x/y", 0700, 0));
	lxt_say("mkdir-dot", sys0(SYS_mkdir, (long)"d/.", 0700, 0));
	lxt_say("mkdir-slash", sys0(SYS_mkdir, (long)"d/g/", 0700, 0));
	say_stat("stat-d", "d", 1);
	fd = OPEN("d/file", O_CREAT | O_WRONLY, 0644);
	lxt_close(fd);
	say_dir("list-d", "d");
	lxt_say("rmdir-nonempty", sys0(SYS_rmdir, (long)"d", 0, 0));
	lxt_say("rmdir-file", sys0(SYS_rmdir, (long)"d/file", 0, 0));
	lxt_say("rmdir-dot", sys0(SYS_rmdir, (long)"d/e/.", 0, 0));
	lxt_say("rmdir-dotdot", sys0(SYS_rmdir, (long)"d/e/..", 0, 0));
	lxt_say("unlink-dir", sys0(SYS_unlink, (long)"d/e", 0, 0));
	lxt_say("unlink-slash", sys0(SYS_unlink, (long)"d/file/", 0, 0));
	lxt_say("unlink", sys0(SYS_unlink, (long)"d/file", 0, 0));
	lxt_say("unlink-again", sys0(SYS_unlink, (long)"d/file", 0, 0));
	lxt_say("unlinkat-removedir", S(SYS_unlinkat, AT_FDCWD, (long)"d/g", AT_REMOVEDIR, 0, 0, 0));
	lxt_say("unlinkat-badflag", S(SYS_unlinkat, AT_FDCWD, (long)"d/e", 0x1000, 0, 0, 0));
	lxt_say("rmdir", sys0(SYS_rmdir, (long)"d/e", 0, 0));
	say_dir("list-d2", "d");
	fd = OPEN("d", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("read-dir", lxt_read(fd, buf, sizeof(buf)));
	lxt_say("write-open-dir", OPEN("d", O_WRONLY, 0));
	lxt_say("getdents-file", S(SYS_getdents64, 0, (long)buf, sizeof(buf), 0, 0, 0));
	lxt_say("getdents-small", S(SYS_getdents64, fd, (long)buf, 8, 0, 0, 0));
	lxt_close(fd);
	lxt_say("rmdir-last", sys0(SYS_rmdir, (long)"d", 0, 0));
	say_stat("stat-gone", "d", 1);
}

/* ---- names: rename, link, symlink ---------------------------------------------- */

static void touch(const char *p)
{
	lxt_close(OPEN(p, O_CREAT | O_WRONLY, 0644));
}

static void names(void *arg)
{
	char buf[256];

	touch("a");
	touch("b");
	sys0(SYS_mkdir, (long)"d", 0755, 0);
	sys0(SYS_mkdir, (long)"e", 0755, 0);
	touch("e/x");
	lxt_say("rename", sys0(SYS_rename, (long)"a", (long)"c", 0));
	lxt_say("rename-missing", sys0(SYS_rename, (long)"a", (long)"c", 0));
	lxt_say("rename-over", sys0(SYS_rename, (long)"b", (long)"c", 0));
	touch("b");
	lxt_say("noreplace", S(SYS_renameat2, AT_FDCWD, (long)"b", AT_FDCWD, (long)"c", RENAME_NOREPLACE, 0));
	lxt_say("exchange", S(SYS_renameat2, AT_FDCWD, (long)"b", AT_FDCWD, (long)"d", RENAME_EXCHANGE, 0));
	say_stat("b-is-dir", "b", 1);
	lxt_say("exchange-missing", S(SYS_renameat2, AT_FDCWD, (long)"zz", AT_FDCWD, (long)"d", RENAME_EXCHANGE, 0));
	lxt_say("both-flags", S(SYS_renameat2, AT_FDCWD, (long)"b", AT_FDCWD, (long)"d", RENAME_EXCHANGE | RENAME_NOREPLACE, 0));
	lxt_say("dir-over-file", sys0(SYS_rename, (long)"b", (long)"c", 0));
	lxt_say("file-over-dir", sys0(SYS_rename, (long)"c", (long)"b", 0));
	lxt_say("dir-over-nonempty", sys0(SYS_rename, (long)"b", (long)"e", 0));
	lxt_say("dir-into-itself", sys0(SYS_rename, (long)"e", (long)"e/sub", 0));
	lxt_say("dir-move", sys0(SYS_rename, (long)"b", (long)"e/b", 0));
	lxt_say("rename-dot", sys0(SYS_rename, (long)"e/.", (long)"q", 0));
	lxt_say("same-file", sys0(SYS_rename, (long)"c", (long)"c", 0));
	lxt_say("link", sys0(SYS_link, (long)"c", (long)"c2", 0));
	say_stat("nlink", "c", 1);
	lxt_say("link-exists", sys0(SYS_link, (long)"c", (long)"c2", 0));
	lxt_say("link-dir", sys0(SYS_link, (long)"e", (long)"e2", 0));
	lxt_say("unlink-one", sys0(SYS_unlink, (long)"c2", 0, 0));
	say_stat("nlink-after", "c", 1);
	lxt_say("symlink", sys0(SYS_symlink, (long)"e/x", (long)"s", 0));
	lxt_say("symlink-exists", sys0(SYS_symlink, (long)"e/x", (long)"s", 0));
	lxt_say("symlink-empty", sys0(SYS_symlink, (long)"", (long)"s2", 0));
	lxt_say_data("readlink", buf, sys0(SYS_readlink, (long)"s", (long)buf, sizeof(buf)));
	lxt_say_data("readlink-short", buf, sys0(SYS_readlink, (long)"s", (long)buf, 2));
	lxt_say("readlink-file", sys0(SYS_readlink, (long)"c", (long)buf, sizeof(buf)));
	lxt_say("readlink-zero", sys0(SYS_readlink, (long)"s", (long)buf, 0));
	say_stat("stat-through", "s", 1);
	say_stat("lstat", "s", 0);
	lxt_say("dangling", sys0(SYS_symlink, (long)"nowhere", (long)"dl", 0));
	lxt_say("open-dangling", OPEN("dl", O_RDONLY, 0));
	lxt_say("open-nofollow", OPEN("s", O_RDONLY | O_NOFOLLOW, 0));
	lxt_say("loop1", sys0(SYS_symlink, (long)"loop2", (long)"loop1", 0));
	lxt_say("loop2", sys0(SYS_symlink, (long)"loop1", (long)"loop2", 0));
	lxt_say("open-loop", OPEN("loop1", O_RDONLY, 0));
	lxt_say("dir-link", sys0(SYS_symlink, (long)"e", (long)"ed", 0));
	lxt_say("through-dir-link", OPEN("ed/x", O_RDONLY, 0));
	lxt_say("unlink-link", sys0(SYS_unlink, (long)"ed", 0, 0));
	say_stat("target-kept", "e", 1);
}

/* ---- cwd, *at, attributes ---------------------------------------------------------- */

static void cwd_at(void *arg)
{
	char base[512], buf[512];
	long n, dfd, fd;

	n = sys0(SYS_getcwd, (long)base, sizeof(base), 0);
	if (n < 0)
		lxt_raw_exit(9);
	sys0(SYS_mkdir, (long)"a", 0755, 0);
	sys0(SYS_mkdir, (long)"a/b", 0755, 0);
	lxt_say("chdir", sys0(SYS_chdir, (long)"a/b", 0, 0));
	n = sys0(SYS_getcwd, (long)buf, sizeof(buf), 0);
	lxt_say_text(n > 0 && !strncmp(buf, base, strlen(base)) ? buf + strlen(base) - (strcmp(base, "/") ? 0 : 1) : "getcwd-bad");
	lxt_say("getcwd-small", sys0(SYS_getcwd, (long)buf, 2, 0));
	lxt_say("chdir-up", sys0(SYS_chdir, (long)"..", 0, 0));
	touch("../top");
	lxt_say("chdir-file", sys0(SYS_chdir, (long)"../top", 0, 0));
	lxt_say("chdir-missing", sys0(SYS_chdir, (long)"zz", 0, 0));
	dfd = OPEN("b", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("dirfd", dfd);
	fd = S(SYS_openat, dfd, (long)"in-b", O_CREAT | O_WRONLY, 0600, 0, 0);
	lxt_say("openat", fd);
	lxt_close(fd);
	lxt_say("fchdir", sys0(SYS_fchdir, dfd, 0, 0));
	say_stat("relative-to-new-cwd", "in-b", 1);
	lxt_say("fchdir-file", sys0(SYS_fchdir, 1, 0, 0));
	lxt_say("openat-notdir", S(SYS_openat, 1, (long)"x", O_RDONLY, 0, 0, 0));
	lxt_say("openat-badfd", S(SYS_openat, 77, (long)"x", O_RDONLY, 0, 0, 0));
	lxt_say("mkdirat", S(SYS_mkdirat, dfd, (long)"m", 0700, 0, 0, 0));
	lxt_say("fstatat-empty", S(SYS_newfstatat, dfd, (long)"", (long)buf, AT_EMPTY_PATH, 0, 0));
	lxt_say("fstatat-empty-noflag", S(SYS_newfstatat, dfd, (long)"", (long)buf, 0, 0, 0));
	lxt_say("fstatat-badflag", S(SYS_newfstatat, dfd, (long)"m", (long)buf, 0x80000, 0, 0));
	lxt_say("chmod", sys0(SYS_chmod, (long)"in-b", 04751, 0));
	say_stat("after-chmod", "in-b", 1);
	fd = OPEN("in-b", O_RDONLY, 0);
	lxt_say("fchmod", sys0(SYS_fchmod, fd, 0600, 0));
	lxt_say("fchown", sys0(SYS_fchown, fd, 123, 456));
	say_stat("after-chown", "in-b", 1);
	lxt_say("ftruncate-ro", sys0(SYS_ftruncate, fd, 10, 0));
	lxt_close(fd);
	lxt_say("truncate", sys0(SYS_truncate, (long)"in-b", 1000, 0));
	lxt_say("truncate-neg", sys0(SYS_truncate, (long)"in-b", -1, 0));
	lxt_say("truncate-dir", sys0(SYS_truncate, (long)"m", 0, 0));
	say_stat("after-truncate", "in-b", 1);
	lxt_say("access", sys0(SYS_access, (long)"in-b", R_OK | W_OK, 0));
	lxt_say("access-bad", sys0(SYS_access, (long)"in-b", 0100, 0));
	lxt_say("access-missing", sys0(SYS_access, (long)"zz", F_OK, 0));
	lxt_say("umask", sys0(SYS_umask, 077, 0, 0));
	lxt_say("umask-again", sys0(SYS_umask, 022, 0, 0));
}

#define FS_FILES_OUT \
	"open-create=3\nwrite=11\nlseek-set=6\nread=5 'world'\n" \
	"lseek-end=6\nlseek-cur=8\nlseek-neg=-EINVAL\nlseek-whence=-EINVAL\n" \
	"pwrite=2\npread=5 'HEllo'\npread-neg=-EINVAL\npwrite-hole=1\n" \
	"stat=mode 100640 nlink 1 size 21 uid 0 gid 0\nopen-excl=-EEXIST\n" \
	"open-ro=4\nwrite-ro=-EBADF\nclose=0\nappend=3\nappend-pos=24\n" \
	"trunc=4\nafter-trunc=mode 100640 nlink 1 size 0 uid 0 gid 0\n" \
	"creat=4\nopen-missing=-ENOENT\nopen-missing-dir=-ENOENT\n" \
	"open-file-as-dir=-ENOTDIR\nopen-dir-flag=-ENOTDIR\nfstat-bad=-EBADF\n"

#define FS_DIRS_OUT \
	"mkdir=0\nmkdir-again=-EEXIST\nmkdir-nested=0\nmkdir-missing=-ENOENT\n" \
	"mkdir-dot=-EEXIST\nmkdir-slash=0\n" \
	"stat-d=mode 40750 nlink 0 size 0 uid 0 gid 0\n" \
	"list-d=. .. e file g\nrmdir-nonempty=-ENOTEMPTY\nrmdir-file=-ENOTDIR\n" \
	"rmdir-dot=-EINVAL\nrmdir-dotdot=-ENOTEMPTY\nunlink-dir=-EISDIR\n" \
	"unlink-slash=-ENOTDIR\nunlink=0\nunlink-again=-ENOENT\n" \
	"unlinkat-removedir=0\nunlinkat-badflag=-EINVAL\nrmdir=0\nlist-d2=. ..\n" \
	"read-dir=-EISDIR\nwrite-open-dir=-EISDIR\ngetdents-file=-ENOTDIR\n" \
	"getdents-small=-EINVAL\nrmdir-last=0\nstat-gone=-ENOENT\n"

#define FS_NAMES_OUT \
	"rename=0\nrename-missing=-ENOENT\nrename-over=0\nnoreplace=-EEXIST\n" \
	"exchange=0\nb-is-dir=mode 40755 nlink 0 size 0 uid 0 gid 0\n" \
	"exchange-missing=-ENOENT\nboth-flags=-EINVAL\ndir-over-file=-ENOTDIR\n" \
	"file-over-dir=-EISDIR\ndir-over-nonempty=-ENOTEMPTY\n" \
	"dir-into-itself=-EINVAL\ndir-move=0\nrename-dot=-EBUSY\nsame-file=0\n" \
	"link=0\nnlink=mode 100644 nlink 2 size 0 uid 0 gid 0\nlink-exists=-EEXIST\n" \
	"link-dir=-EPERM\nunlink-one=0\nnlink-after=mode 100644 nlink 1 size 0 uid 0 gid 0\n" \
	"symlink=0\nsymlink-exists=-EEXIST\nsymlink-empty=-ENOENT\n" \
	"readlink=3 'e/x'\nreadlink-short=2 'e/'\nreadlink-file=-EINVAL\n" \
	"readlink-zero=-EINVAL\nstat-through=mode 100644 nlink 1 size 0 uid 0 gid 0\n" \
	"lstat=mode 120777 nlink 1 size 3 uid 0 gid 0\ndangling=0\n" \
	"open-dangling=-ENOENT\nopen-nofollow=-ELOOP\nloop1=0\nloop2=0\n" \
	"open-loop=-ELOOP\ndir-link=0\nthrough-dir-link=3\nunlink-link=0\n" \
	"target-kept=mode 40755 nlink 0 size 0 uid 0 gid 0\n"

#define FS_CWD_AT_OUT \
	"chdir=0\n/a/b\ngetcwd-small=-ERANGE\nchdir-up=0\nchdir-file=-ENOTDIR\n" \
	"chdir-missing=-ENOENT\ndirfd=3\nopenat=4\nfchdir=0\n" \
	"relative-to-new-cwd=mode 100600 nlink 1 size 0 uid 0 gid 0\n" \
	"fchdir-file=-ENOTDIR\nopenat-notdir=-ENOTDIR\nopenat-badfd=-EBADF\n" \
	"mkdirat=0\nfstatat-empty=0\nfstatat-empty-noflag=-ENOENT\n" \
	"fstatat-badflag=-EINVAL\nchmod=0\n" \
	"after-chmod=mode 104751 nlink 1 size 0 uid 0 gid 0\nfchmod=0\nfchown=0\n" \
	"after-chown=mode 100600 nlink 1 size 0 uid 123 gid 456\n" \
	"ftruncate-ro=-EINVAL\ntruncate=0\ntruncate-neg=-EINVAL\ntruncate-dir=-EISDIR\n" \
	"after-truncate=mode 100600 nlink 1 size 1000 uid 123 gid 456\naccess=0\n" \
	"access-bad=-EINVAL\naccess-missing=-ENOENT\numask=18\numask-again=63\n"

/* ---- file mappings ------------------------------------------------------------ */

#include <sys/mman.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE	0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC		0x80000
#endif

#define MMAP(len, prot, flags, fd, off) \
	lxt_syscall6(SYS_mmap, 0, (len), (prot), (flags), (fd), (off))

/* mmap's result as a line: 0 for a mapping (its address varies), or -errno. */
static long say_map(const char *tag, long p)
{
	lxt_say(tag, p < 0 && p > -4096 ? p : 0);
	return p < 0 && p > -4096 ? 0 : p;
}

static void maps(void *arg)
{
	char buf[16];
	long fd, ro, wo, pa, dfd;
	char *p, *q;

	fd = OPEN("m", O_CREAT | O_RDWR, 0644);
	lxt_write(fd, "0123456789", 10);
	lxt_say("ftruncate", sys0(SYS_ftruncate, fd, 8192, 0));
	p = (char *)say_map("shared", MMAP(8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
	if (p) {
		lxt_say_data("through-map", p, 10);
		memcpy(p, "SHARED", 6);
		lxt_say("msync", S(SYS_msync, (long)p, 8192, MS_SYNC, 0, 0, 0));
		lxt_say_data("read-after-msync", buf, S(SYS_pread64, fd, (long)buf, 10, 0, 0, 0));
		S(SYS_pwrite64, fd, (long)"by-write", 8, 4096, 0, 0);
		lxt_say_data("write-seen-in-map", p + 4096, 8);
		lxt_say("munmap", S(SYS_munmap, (long)p, 8192, 0, 0, 0, 0));
	}
	q = (char *)say_map("private", MMAP(4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
	if (q) {
		memcpy(q, "PRIV", 4);
		lxt_say_data("private-copy", q, 10);
		lxt_say_data("file-unchanged", buf, S(SYS_pread64, fd, (long)buf, 10, 0, 0, 0));
		S(SYS_munmap, (long)q, 4096, 0, 0, 0, 0);
	}
	q = (char *)say_map("offset", MMAP(4096, PROT_READ, MAP_SHARED, fd, 4096));
	if (q) {
		lxt_say_data("at-offset", q, 8);
		S(SYS_munmap, (long)q, 4096, 0, 0, 0, 0);
	}
	/* A mapping outlives its fd. */
	q = (char *)say_map("kept", MMAP(4096, PROT_READ, MAP_SHARED, fd, 0));
	lxt_say("close", lxt_close(fd));
	if (q) {
		lxt_say_data("after-close", q, 6);
		S(SYS_munmap, (long)q, 4096, 0, 0, 0, 0);
	}

	ro = OPEN("m", O_RDONLY, 0);
	q = (char *)say_map("ro-shared-read", MMAP(4096, PROT_READ, MAP_SHARED, ro, 0));
	if (q) {
		lxt_say("ro-mprotect-write", S(SYS_mprotect, (long)q, 4096,
					       PROT_READ | PROT_WRITE, 0, 0, 0));
		S(SYS_munmap, (long)q, 4096, 0, 0, 0, 0);
	}
	say_map("ro-shared-write", MMAP(4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
	q = (char *)say_map("ro-private-write",
			    MMAP(4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0));
	if (q) {
		q[0] = 'x';
		S(SYS_munmap, (long)q, 4096, 0, 0, 0, 0);
	}
	q = (char *)say_map("ro-exec", MMAP(4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, ro, 0));
	if (q)
		S(SYS_munmap, (long)q, 4096, 0, 0, 0, 0);
	say_map("validate-sync", MMAP(4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, ro, 0));
	say_map("hugetlb", MMAP(4096, PROT_READ, MAP_PRIVATE | MAP_HUGETLB, ro, 0));
	say_map("len-0", MMAP(0, PROT_READ, MAP_PRIVATE, ro, 0));
	say_map("off-unaligned", MMAP(4096, PROT_READ, MAP_PRIVATE, ro, 100));
	say_map("no-type", MMAP(4096, PROT_READ, 0, ro, 0));
	lxt_close(ro);
	wo = OPEN("m", O_WRONLY, 0);
	say_map("wo-shared-write", MMAP(4096, PROT_WRITE, MAP_SHARED, wo, 0));
	say_map("wo-private", MMAP(4096, PROT_READ, MAP_PRIVATE, wo, 0));
	lxt_close(wo);
	pa = OPEN("m", O_PATH, 0);
	say_map("o-path", MMAP(4096, PROT_READ, MAP_PRIVATE, pa, 0));
	lxt_close(pa);
	dfd = OPEN(".", O_RDONLY | O_DIRECTORY, 0);
	say_map("directory", MMAP(4096, PROT_READ, MAP_PRIVATE, dfd, 0));
	lxt_close(dfd);
	say_map("bad-fd", MMAP(4096, PROT_READ, MAP_PRIVATE, 77, 0));
}

#define FS_MAPS_OUT \
	"ftruncate=0\nshared=0\nthrough-map=10 '0123456789'\nmsync=0\n" \
	"read-after-msync=10 'SHARED6789'\nwrite-seen-in-map=8 'by-write'\nmunmap=0\n" \
	"private=0\nprivate-copy=10 'PRIVED6789'\nfile-unchanged=10 'SHARED6789'\n" \
	"offset=0\nat-offset=8 'by-write'\nkept=0\nclose=0\nafter-close=6 'SHARED'\n" \
	"ro-shared-read=0\nro-mprotect-write=-EACCES\nro-shared-write=-EACCES\n" \
	"ro-private-write=0\nro-exec=0\nvalidate-sync=-EOPNOTSUPP\nhugetlb=-EINVAL\n" \
	"len-0=-EINVAL\noff-unaligned=-EINVAL\nno-type=-EINVAL\n" \
	"wo-shared-write=-EACCES\nwo-private=-EACCES\no-path=-EBADF\n" \
	"directory=-E19\nbad-fd=-EBADF\n"

/* ---- FIFOs and sockets by path ----------------------------------------------------- */

/* poll(2) of one fd, no wait: its revents, or -errno. */
static long poll_now(long fd, short events)
{
	struct { int fd; short events, revents; } p = { (int)fd, events, 0 };
	long r = sys0(SYS_poll, (long)&p, 1, 0);

	return r < 0 ? r : p.revents;
}

static void fifos(void *arg)
{
	struct stat st, st2;
	long r, w, rw, pid;
	char buf[16];

	lxt_say("mknod", sys0(SYS_mknod, (long)"p", S_IFIFO | 0644, 0));
	say_stat("stat", "p", 0);
	lxt_say("nonblock-writer-alone", OPEN("p", O_WRONLY | O_NONBLOCK, 0));
	r = OPEN("p", O_RDONLY | O_NONBLOCK, 0);
	lxt_say("nonblock-reader", r);
	lxt_say("read-no-writer", lxt_read(r, buf, sizeof(buf)));
	lxt_sayx("poll-no-writer-yet", poll_now(r, 1 /* POLLIN */));
	w = OPEN("p", O_WRONLY | O_NONBLOCK, 0);
	lxt_say("nonblock-writer", w);
	lxt_sayx("poll-writer", poll_now(w, 4 /* POLLOUT */));
	lxt_say("write", lxt_write(w, "hello", 5));
	lxt_sayx("poll-data", poll_now(r, 1));
	lxt_say_data("read", buf, lxt_read(r, buf, sizeof(buf)));
	lxt_say("read-empty", lxt_read(r, buf, sizeof(buf)));
	sys0(SYS_fstat, w, (long)&st, 0);
	sys0(SYS_stat, (long)"p", (long)&st2, 0);
	lxt_say("fstat-is-the-node", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev &&
				     st.st_mode == (S_IFIFO | 0644));
	lxt_say("lseek", sys0(SYS_lseek, r, 0, SEEK_SET));
	lxt_say("read-write-end", lxt_read(w, buf, 1));
	lxt_close(w);
	lxt_say("read-eof", lxt_read(r, buf, sizeof(buf)));
	lxt_sayx("poll-writer-gone", poll_now(r, 1));
	rw = OPEN("p", O_RDWR, 0);
	lxt_say("rdwr-never-blocks", rw);
	lxt_say("write-rdwr", lxt_write(rw, "shared", 6));
	lxt_say_data("read-other-open", buf, lxt_read(r, buf, sizeof(buf)));
	lxt_say("link", sys0(SYS_link, (long)"p", (long)"p2", 0));
	w = OPEN("p2", O_WRONLY, 0);
	lxt_say("open-link-writer", w);
	lxt_write(w, "via-link", 8);
	lxt_say_data("read-via-link", buf, lxt_read(r, buf, sizeof(buf)));
	lxt_write(w, "lost", 4);
	lxt_close(w);
	lxt_close(rw);
	lxt_close(r);
	/* Every open closed: the data went with the pipe. */
	rw = OPEN("p", O_RDWR | O_NONBLOCK, 0);
	lxt_say("read-after-last-close", lxt_read(rw, buf, sizeof(buf)));
	lxt_close(rw);
	/* Blocking opens wait for each other. */
	pid = lxt_fork();
	if (!pid) {
		w = OPEN("p", O_WRONLY, 0);
		lxt_write(w, "child", 5);
		lxt_raw_exit(w < 0);
	}
	r = OPEN("p", O_RDONLY, 0);
	lxt_say("blocking-reader", r);
	lxt_say_data("from-child", buf, lxt_read(r, buf, sizeof(buf)));
	lxt_say("child", lxt_wait(pid));
	lxt_say("read-child-gone", lxt_read(r, buf, sizeof(buf)));
	lxt_close(r);
	pid = lxt_fork();
	if (!pid) {
		r = OPEN("p", O_RDONLY, 0);
		lxt_read(r, buf, 5);
		lxt_raw_exit(r < 0 || memcmp(buf, "paren", 5));
	}
	w = OPEN("p", O_WRONLY, 0);
	lxt_say("blocking-writer", w);
	lxt_say("write-to-child", lxt_write(w, "parent", 6));
	lxt_say("child-read", lxt_wait(pid));
	lxt_close(w);
	lxt_say("mknod-sock", sys0(SYS_mknod, (long)"s", S_IFSOCK | 0644, 0));
	lxt_say("open-sock", OPEN("s", O_RDONLY, 0));
	lxt_say("unlink", sys0(SYS_unlink, (long)"p", 0, 0));
}

#define FS_FIFOS_OUT \
	"mknod=0\nstat=mode 10644 nlink 1 size 0 uid 0 gid 0\n" \
	"nonblock-writer-alone=-ENXIO\nnonblock-reader=3\nread-no-writer=0\n" \
	"poll-no-writer-yet=0x0\nnonblock-writer=4\npoll-writer=0x4\nwrite=5\n" \
	"poll-data=0x1\nread=5 'hello'\nread-empty=-EAGAIN\n" \
	"fstat-is-the-node=1\nlseek=-ESPIPE\nread-write-end=-EBADF\nread-eof=0\n" \
	"poll-writer-gone=0x10\n" \
	"rdwr-never-blocks=4\nwrite-rdwr=6\nread-other-open=6 'shared'\nlink=0\n" \
	"open-link-writer=5\nread-via-link=8 'via-link'\nread-after-last-close=-EAGAIN\n" \
	"blocking-reader=3\nfrom-child=5 'child'\nchild=0\nread-child-gone=0\n" \
	"blocking-writer=3\nwrite-to-child=6\nchild-read=0\nmknod-sock=0\n" \
	"open-sock=-ENXIO\nunlink=0\n"

/* ---- times: utimensat, utimes, futimesat, utime ------------------------------------ */

/* The legacy utime(2) buffer (two whole seconds). */
struct lx_utimbuf {
	long actime;
	long modtime;
};

static void say_times(const char *tag, const char *path, int follow)
{
	char line[128];
	struct stat st;
	long r = sys0(follow ? SYS_stat : SYS_lstat, (long)path, (long)&st, 0);

	if (r) {
		lxt_say(tag, r);
		return;
	}
	snprintf(line, sizeof(line), "%s=atime %ld.%09ld mtime %ld.%09ld", tag,
		 (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
		 (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	lxt_say_text(line);
}

static void say_recent(const char *tag, const char *path)
{
	struct stat st;
	long r = sys0(SYS_stat, (long)path, (long)&st, 0);

	lxt_say(tag, r ? r : st.st_mtim.tv_sec > 1000000000 && st.st_atim.tv_sec > 1000000000);
}

static void times_calls(void *arg)
{
	struct timespec ts[2] = { { 1000, 500 }, { 2000, 700 } };
	struct timeval tv[2] = { { 3000, 5 }, { 4000, 6 } };
	struct lx_utimbuf ub = { 5000, 6000 };
	long fd, dfd;

	touch("t");
	sys0(SYS_mkdir, (long)"d", 0755, 0);
	touch("d/u");
	sys0(SYS_symlink, (long)"t", (long)"l", 0);
	lxt_say("utimensat", S(SYS_utimensat, AT_FDCWD, (long)"t", (long)ts, 0, 0, 0));
	say_times("times", "t", 1);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_OMIT;
	lxt_say("omit-both-missing", S(SYS_utimensat, AT_FDCWD, (long)"missing", (long)ts, 0, 0, 0));
	lxt_say("omit-both-bad-flags", S(SYS_utimensat, AT_FDCWD, (long)"t", (long)ts, 0x1, 0, 0));
	ts[0].tv_nsec = 1000000000;
	lxt_say("nsec-too-big", S(SYS_utimensat, AT_FDCWD, (long)"t", (long)ts, 0, 0, 0));
	lxt_say("nsec-too-big-missing",
		S(SYS_utimensat, AT_FDCWD, (long)"missing", (long)ts, 0, 0, 0));
	ts[0].tv_nsec = -1;
	lxt_say("nsec-negative", S(SYS_utimensat, AT_FDCWD, (long)"t", (long)ts, 0, 0, 0));
	ts[0].tv_nsec = 9;
	ts[1].tv_nsec = UTIME_OMIT;
	lxt_say("mtime-omitted", S(SYS_utimensat, AT_FDCWD, (long)"t", (long)ts, 0, 0, 0));
	say_times("times-omit", "t", 1);
	lxt_say("bad-flags", S(SYS_utimensat, AT_FDCWD, (long)"t", 0, 0x1, 0, 0));
	lxt_say("null-path-cwd", S(SYS_utimensat, AT_FDCWD, 0, 0, 0, 0, 0));
	lxt_say("times-fault", S(SYS_utimensat, AT_FDCWD, (long)"t", 1, 0, 0, 0));
	lxt_say("path-fault", S(SYS_utimensat, AT_FDCWD, 1, 0, 0, 0, 0));
	lxt_say("bad-fd", S(SYS_utimensat, 99, 0, 0, 0, 0, 0));
	fd = OPEN("t", O_RDONLY, 0);
	ts[0].tv_sec = 7000;
	ts[1].tv_sec = 8000;
	ts[1].tv_nsec = 1;
	lxt_say("fd-form", S(SYS_utimensat, fd, 0, (long)ts, 0, 0, 0));
	say_times("times-fd", "t", 1);
	lxt_say("fd-form-flags", S(SYS_utimensat, fd, 0, (long)ts, AT_SYMLINK_NOFOLLOW, 0, 0));
	lxt_say("empty-path", S(SYS_utimensat, fd, (long)"", (long)ts, AT_EMPTY_PATH, 0, 0));
	lxt_say("empty-path-no-flag", S(SYS_utimensat, fd, (long)"", (long)ts, 0, 0, 0));
	lxt_say("relative-to-file", S(SYS_utimensat, fd, (long)"x", (long)ts, 0, 0, 0));
	ts[0].tv_sec = 1500;
	lxt_say("nofollow-link", S(SYS_utimensat, AT_FDCWD, (long)"l", (long)ts,
				   AT_SYMLINK_NOFOLLOW, 0, 0));
	say_times("times-target-kept", "t", 1);
	lxt_say("utimes", sys0(SYS_utimes, (long)"t", (long)tv, 0));
	say_times("times-utimes", "t", 1);
	tv[1].tv_usec = 1000000;
	lxt_say("utimes-usec-too-big", sys0(SYS_utimes, (long)"t", (long)tv, 0));
	tv[1].tv_usec = -1;
	lxt_say("utimes-usec-negative", sys0(SYS_utimes, (long)"t", (long)tv, 0));
	lxt_say("utimes-missing", sys0(SYS_utimes, (long)"missing", 0, 0));
	lxt_say("utimes-fault", sys0(SYS_utimes, (long)"t", 1, 0));
	lxt_say("utimes-now", sys0(SYS_utimes, (long)"t", 0, 0));
	say_recent("utimes-now-is-recent", "t");
	tv[1].tv_usec = 99;
	dfd = OPEN("d", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("futimesat", S(SYS_futimesat, dfd, (long)"u", (long)tv, 0, 0, 0));
	say_times("times-futimesat", "d/u", 1);
	lxt_say("futimesat-fd-form", S(SYS_futimesat, fd, 0, (long)tv, 0, 0, 0));
	say_times("times-futimesat-fd", "t", 1);
	lxt_say("futimesat-cwd-null", S(SYS_futimesat, AT_FDCWD, 0, (long)tv, 0, 0, 0));
	lxt_say("futimesat-not-dir", S(SYS_futimesat, fd, (long)"u", (long)tv, 0, 0, 0));
	lxt_say("utime", sys0(SYS_utime, (long)"t", (long)&ub, 0));
	say_times("times-utime", "t", 1);
	lxt_say("utime-fault", sys0(SYS_utime, (long)"t", 1, 0));
	lxt_say("utime-missing", sys0(SYS_utime, (long)"missing", (long)&ub, 0));
	lxt_say("utime-now", sys0(SYS_utime, (long)"t", 0, 0));
	say_recent("utime-now-is-recent", "t");
	lxt_close(fd);
	lxt_close(dfd);
}

#define FS_TIMES_OUT \
	"utimensat=0\ntimes=atime 1000.000000500 mtime 2000.000000700\n" \
	"omit-both-missing=0\nomit-both-bad-flags=0\nnsec-too-big=-EINVAL\n" \
	"nsec-too-big-missing=-ENOENT\nnsec-negative=-EINVAL\nmtime-omitted=0\n" \
	"times-omit=atime 1000.000000009 mtime 2000.000000700\nbad-flags=-EINVAL\n" \
	"null-path-cwd=-EFAULT\ntimes-fault=-EFAULT\npath-fault=-EFAULT\nbad-fd=-EBADF\n" \
	"fd-form=0\ntimes-fd=atime 7000.000000009 mtime 8000.000000001\n" \
	"fd-form-flags=-EINVAL\nempty-path=0\nempty-path-no-flag=-ENOENT\n" \
	"relative-to-file=-ENOTDIR\nnofollow-link=0\n" \
	"times-target-kept=atime 7000.000000009 mtime 8000.000000001\nutimes=0\n" \
	"times-utimes=atime 3000.000005000 mtime 4000.000006000\n" \
	"utimes-usec-too-big=-EINVAL\nutimes-usec-negative=-EINVAL\n" \
	"utimes-missing=-ENOENT\nutimes-fault=-EFAULT\nutimes-now=0\n" \
	"utimes-now-is-recent=1\nfutimesat=0\n" \
	"times-futimesat=atime 3000.000005000 mtime 4000.000099000\n" \
	"futimesat-fd-form=0\ntimes-futimesat-fd=atime 3000.000005000 mtime 4000.000099000\n" \
	"futimesat-cwd-null=-EFAULT\nfutimesat-not-dir=-ENOTDIR\nutime=0\n" \
	"times-utime=atime 5000.000000000 mtime 6000.000000000\nutime-fault=-EFAULT\n" \
	"utime-missing=-ENOENT\nutime-now=0\nutime-now-is-recent=1\n"

/* ---- getdents: the legacy record (d_type in its last byte) --------------------------- */

struct lx_linux_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};

static void dents_legacy(void *arg)
{
	char buf[2048], line[512], *names[16];
	int count = 0, i, ino_ok = 1, aligned = 1, type_ok = 1, dirs = 0, type;
	struct stat st;
	long fd, n, off;

	sys0(SYS_mkdir, (long)"d", 0755, 0);
	touch("d/file");
	sys0(SYS_mkdir, (long)"d/sub", 0755, 0);
	sys0(SYS_symlink, (long)"file", (long)"d/link", 0);
	sys0(SYS_mknod, (long)"d/fifo", S_IFIFO | 0644, 0);
	touch("d/a-rather-long-file-name-to-cross-the-alignment-of-records");
	fd = OPEN("d", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("getdents-small", S(SYS_getdents, fd, (long)buf, 8, 0, 0, 0));
	lxt_say("getdents-zero", S(SYS_getdents, fd, (long)buf, 0, 0, 0, 0));
	while ((n = S(SYS_getdents, fd, (long)buf, sizeof(buf), 0, 0, 0)) > 0) {
		for (off = 0; off < n && count < 16;) {
			struct lx_linux_dirent *d = (struct lx_linux_dirent *)(buf + off);
			char path[300];

			if (d->d_reclen % sizeof(long))
				aligned = 0;
			snprintf(path, sizeof(path), "d/%s", d->d_name);
			type = buf[off + d->d_reclen - 1];
			if (strcmp(d->d_name, "..") &&
			    (sys0(SYS_lstat, (long)path, (long)&st, 0) || st.st_ino != d->d_ino))
				ino_ok = 0;
			/* VolFs leaves non-directories DT_UNKNOWN (no record read per entry) */
			else if (strcmp(d->d_name, "..") && type != DT_UNKNOWN &&
				 type != (int)IFTODT(st.st_mode))
				type_ok = 0;
			if (type == DT_DIR)
				dirs++;
			names[count++] = strdup(d->d_name);
			off += d->d_reclen;
		}
	}
	lxt_say("getdents-end", n);
	qsort(names, count, sizeof(names[0]), name_cmp);
	snprintf(line, sizeof(line), "entries=");
	for (i = 0; i < count; i++) {
		strncat(line, names[i], sizeof(line) - strlen(line) - 2);
		strncat(line, i + 1 < count ? " " : "", sizeof(line) - strlen(line) - 1);
		free(names[i]);
	}
	lxt_say_text(line);
	lxt_say("inodes-match", ino_ok);
	lxt_say("types-match", type_ok);
	lxt_say("directories-typed", dirs);
	lxt_say("records-aligned", aligned);
	lxt_close(fd);
	fd = OPEN("d/file", O_RDONLY, 0);
	lxt_say("getdents-file", S(SYS_getdents, fd, (long)buf, sizeof(buf), 0, 0, 0));
	lxt_close(fd);
	lxt_say("getdents-bad-fd", S(SYS_getdents, 99, (long)buf, sizeof(buf), 0, 0, 0));
	fd = OPEN("d", O_RDONLY | O_DIRECTORY, 0);
	lxt_say("getdents-fault", S(SYS_getdents, fd, 1, sizeof(buf), 0, 0, 0));
	lxt_close(fd);
}

#define FS_DENTS_LEGACY_OUT \
	"getdents-small=-EINVAL\ngetdents-zero=-EINVAL\ngetdents-end=0\n" \
	"entries=. .. a-rather-long-file-name-to-cross-the-alignment-of-records " \
	"fifo file link sub\n" \
	"inodes-match=1\ntypes-match=1\ndirectories-typed=3\nrecords-aligned=1\n" \
	"getdents-file=-ENOTDIR\ngetdents-bad-fd=-EBADF\ngetdents-fault=-EFAULT\n"

/* Every body with its expected output, for a test that runs them all. */
#define FS_BODIES(X) \
	X(files, FS_FILES_OUT) \
	X(dirs, FS_DIRS_OUT) \
	X(names, FS_NAMES_OUT) \
	X(cwd_at, FS_CWD_AT_OUT) \
	X(maps, FS_MAPS_OUT) \
	X(fifos, FS_FIFOS_OUT) \
	X(times_calls, FS_TIMES_OUT) \
	X(dents_legacy, FS_DENTS_LEGACY_OUT)

#endif /* LXCORE_FS_BODIES_H */
