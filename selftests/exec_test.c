// SPDX-License-Identifier: GPL-2.0
/*
 * execve and execveat through LxVfs: a pico process copies a static program
 * (fed on its fd 0 from a host file before it entered) into its instance's
 * tmpfs and execs it by instance path. The program runs with its argv and
 * envp, is still a pico process with the instance's credentials, and gets
 * no close-on-exec handle. Linux's errors in order (ENOENT, ENOTDIR, ELOOP,
 * EACCES), ENOEXEC for garbage, ENOENT for a missing interpreter (PT_INTERP
 * or "#!"; exec2_test runs real ones), failed host execs leaving no host fd behind; and a
 * process of an instance with nothing mounted still execs by host path.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stddef.h>
#include <sys/stat.h>
#include "lxtest.h"
#include "kselftest_harness.h"

/*
 * The test binary exec'd inside the instance (a static glibc program):
 * argv[1] "--exec-child" makes it report what it is and exit 7.
 */
__attribute__((constructor)) static void exec_child(int argc, char **argv)
{
	long r;

	if (argc < 2 || strcmp(argv[1], "--exec-child"))
		return;
	r = syscall(SYS_sysfs, 3);
	printf("child argc=%d argv2=%s uid=%ld gid=%ld sysfs=%s env=%s\n", argc,
	       argc > 2 ? argv[2] : "-", (long)getuid(), (long)getgid(),
	       r < 0 && errno == ENOSYS ? "ENOSYS" : "other",
	       getenv("LXT_GREETING") ?: "-");
	fflush(stdout);
	_exit(7);
}

/* ---- setups (libc usable): fd 0 becomes the program to copy in ---------------- */

static char helper_path[256];

static void helper_named(const char *name)
{
	const char *dir = getenv("LXT_HELPERS_DIR");

	snprintf(helper_path, sizeof(helper_path), "%s/%s", dir ? dir : LXT_HELPERS, name);
}

static void feed_helper(void *arg)
{
	int fd;

	helper_named(arg);
	fd = open(helper_path, O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0)
		_exit(123);
	close(fd);
}

static void feed_self(void *arg)
{
	int fd = open("/proc/self/exe", O_RDONLY);

	if (fd < 0 || dup2(fd, 0) < 0)
		_exit(123);
	close(fd);
}

/* ---- bodies (raw syscalls only) --------------------------------------------------- */

#define SC(nr, a, b, c, d, e) lxt_syscall6(nr, (long)(a), (long)(b), (long)(c), \
					   (long)(d), (long)(e), 0)

static char copy_buf[65536];
static char *hello_argv[] = { "/bin/x", "first arg", NULL };
static char *hello_envp[] = { "LXT_GREETING=hi there", NULL };

static long write_file(const char *path, const void *data, long len, int mode)
{
	long fd = SC(SYS_open, path, O_CREAT | O_WRONLY | O_TRUNC, 0600, 0, 0);
	long w;

	if (fd < 0)
		return fd;
	w = SC(SYS_write, fd, data, len, 0, 0);
	lxt_close(fd);
	if (w != len)
		return w < 0 ? w : -EIO;
	return SC(SYS_chmod, path, mode, 0, 0, 0);
}

/* Copy fd 0 into @path (under /bin), then chmod it @mode. */
static long copy_in(const char *path, int mode)
{
	long fd, n, w, off;

	SC(SYS_mkdir, "/bin", 0755, 0, 0, 0);
	fd = SC(SYS_open, path, O_CREAT | O_WRONLY | O_TRUNC, 0600, 0, 0);
	if (fd < 0)
		return fd;
	while ((n = lxt_read(0, copy_buf, sizeof(copy_buf))) > 0) {
		for (off = 0; off < n; off += w) {
			w = lxt_write(fd, copy_buf + off, n - off);
			if (w <= 0) {
				lxt_close(fd);
				return w ? w : -EIO;
			}
		}
	}
	lxt_close(fd);
	return n ?: SC(SYS_chmod, path, mode, 0, 0, 0);
}

static void run_hello(void *arg)
{
	long r = copy_in("/bin/x", 0755);

	if (r) {
		lxt_say("copy", r);
		return;
	}
	lxt_say("execve", SC(SYS_execve, "/bin/x", hello_argv, hello_envp, 0, 0));
}

/* execveat from a directory handle, through a relative symbolic link. */
static void run_hello_at(void *arg)
{
	long r = copy_in("/bin/x", 0755), dfd;

	if (r) {
		lxt_say("copy", r);
		return;
	}
	lxt_say("symlink", SC(SYS_symlink, "x", "/bin/l", 0, 0, 0));
	dfd = SC(SYS_open, "/bin", O_RDONLY | O_DIRECTORY, 0, 0, 0);
	lxt_say("execveat", SC(SYS_execveat, dfd, "l", hello_argv, hello_envp, 0));
}

/* As another instance user: the exec'd program keeps the instance's ids. */
static void run_self_ids(void *arg)
{
	char *argv[] = { "/bin/t", "--exec-child", "two", NULL };
	long r = copy_in("/bin/t", 0755);

	if (r) {
		lxt_say("copy", r);
		return;
	}
	lxt_say("setgid", SC(SYS_setgid, 99, 0, 0, 0, 0));
	lxt_say("setuid", SC(SYS_setuid, 1234, 0, 0, 0, 0));
	lxt_say("execve", SC(SYS_execve, "/bin/t", argv, hello_envp, 0, 0));
}

/* A close-on-exec handle is gone after the exec, the other one stays. */
static void run_cloexec(void *arg)
{
	char *argv[] = { "/bin/p", NULL };
	char *envp[] = { NULL };
	long r = copy_in("/bin/p", 0755);

	if (r) {
		lxt_say("copy", r);
		return;
	}
	lxt_say("cloexec", SC(SYS_open, "/bin/a", O_CREAT | O_RDWR | O_CLOEXEC, 0600, 0, 0));
	lxt_say("kept", SC(SYS_open, "/bin/b", O_CREAT | O_RDWR, 0600, 0, 0));
	lxt_say("execve", SC(SYS_execve, "/bin/p", argv, envp, 0, 0));
}

/* An x86-64 ELF executable with a PT_INTERP segment. */
struct dyn_image {
	Elf64_Ehdr e;
	Elf64_Phdr p[2];
	char interp[16];
};

static void make_dyn(struct dyn_image *img)
{
	memset(img, 0, sizeof(*img));
	memcpy(img->e.e_ident, ELFMAG, SELFMAG);
	img->e.e_ident[EI_CLASS] = ELFCLASS64;
	img->e.e_ident[EI_DATA] = ELFDATA2LSB;
	img->e.e_ident[EI_VERSION] = EV_CURRENT;
	img->e.e_type = ET_EXEC;
	img->e.e_machine = EM_X86_64;
	img->e.e_version = EV_CURRENT;
	img->e.e_entry = 0x400000 + sizeof(*img);
	img->e.e_phoff = offsetof(struct dyn_image, p);
	img->e.e_ehsize = sizeof(img->e);
	img->e.e_phentsize = sizeof(img->p[0]);
	img->e.e_phnum = 2;
	img->p[0].p_type = PT_INTERP;
	img->p[0].p_offset = offsetof(struct dyn_image, interp);
	img->p[0].p_vaddr = 0x400000 + img->p[0].p_offset;
	img->p[0].p_filesz = img->p[0].p_memsz = sizeof(img->interp);
	img->p[0].p_flags = PF_R;
	img->p[0].p_align = 1;
	img->p[1].p_type = PT_LOAD;
	img->p[1].p_vaddr = 0x400000;
	img->p[1].p_filesz = img->p[1].p_memsz = sizeof(*img);
	img->p[1].p_flags = PF_R | PF_X;
	img->p[1].p_align = 0x1000;
	memcpy(img->interp, "/lib/ld-nope.so", 16);
}

static void run_errors(void *arg)
{
	static const char text[] = "hello world\n";
	static const char script[] = "#!/nope/sh\n";
	static struct dyn_image dyn;
	char *envp[] = { NULL };
	char **argv = hello_argv;
	long r = copy_in("/bin/x", 0755), i, efault = 0;

	if (r) {
		lxt_say("copy", r);
		return;
	}
	make_dyn(&dyn);
	write_file("/bin/plain", text, sizeof(text) - 1, 0644);
	write_file("/bin/text", text, sizeof(text) - 1, 0755);
	write_file("/bin/script", script, sizeof(script) - 1, 0755);
	write_file("/bin/dyn", &dyn, sizeof(dyn), 0755);
	write_file("/bin/short", "\177ELF", 4, 0755);
	SC(SYS_symlink, "/bin/x", "/bin/l", 0, 0, 0);
	SC(SYS_symlink, "/bin/loop", "/bin/loop", 0, 0, 0);

	lxt_say("missing", SC(SYS_execve, "/nope", argv, envp, 0, 0));
	lxt_say("empty", SC(SYS_execve, "", argv, envp, 0, 0));
	lxt_say("through_file", SC(SYS_execve, "/bin/x/y", argv, envp, 0, 0));
	lxt_say("link_loop", SC(SYS_execve, "/bin/loop", argv, envp, 0, 0));
	lxt_say("nofollow", SC(SYS_execveat, AT_FDCWD, "/bin/l", argv, envp,
			       AT_SYMLINK_NOFOLLOW));
	lxt_say("bad_flags", SC(SYS_execveat, AT_FDCWD, "/bin/x", argv, envp, AT_REMOVEDIR));
	lxt_say("directory", SC(SYS_execve, "/bin", argv, envp, 0, 0));
	lxt_say("cwd_empty_path", SC(SYS_execveat, AT_FDCWD, "", argv, envp, AT_EMPTY_PATH));
	lxt_say("no_x_bit", SC(SYS_execve, "/bin/plain", argv, envp, 0, 0));
	lxt_say("text", SC(SYS_execve, "/bin/text", argv, envp, 0, 0));
	lxt_say("script", SC(SYS_execve, "/bin/script", argv, envp, 0, 0));
	lxt_say("dynamic", SC(SYS_execve, "/bin/dyn", argv, envp, 0, 0));
	lxt_say("short", SC(SYS_execve, "/bin/short", argv, envp, 0, 0));
	/* The host fails these after lxcore gave it a host fd: none may leak. */
	for (i = 0; i < 1500; i++)
		efault += SC(SYS_execve, "/bin/x", 8, envp, 0, 0) == -EFAULT;
	lxt_say("host_failures_efault", efault);
	/* The caller's instance ids decide: a root-only program. */
	SC(SYS_chmod, "/bin/x", 0700, 0, 0, 0);
	lxt_say("setuid", SC(SYS_setuid, 1234, 0, 0, 0, 0));
	lxt_say("not_owner", SC(SYS_execve, "/bin/x", argv, envp, 0, 0));
}

/* Nothing mounted: the transitional host-path exec. */
static void run_host_path(void *arg)
{
	char *argv[] = { helper_path, "first arg", NULL };

	lxt_say("execve", SC(SYS_execve, helper_path, argv, hello_envp, 0, 0));
}

static void name_helper(void *arg)
{
	helper_named(arg);
}

/* ---- tests ---------------------------------------------------------------------- */

static int run_pico(int inst, const struct lxt_case *c)
{
	static struct lxt_result r;

	if (lxt_run_case(inst, c, &r))
		return -1;
	return lxt_check_result("pico", &r, "expected", c->expect_out,
				c->expect_err ? c->expect_err : "",
				c->expect_end ? c->expect_end : "exit=0");
}

#define PICO(...) do {							\
	static const struct lxt_case case_ = { __VA_ARGS__ };		\
	ASSERT_EQ(0, run_pico(self->inst, &case_));			\
} while (0)

#define HELLO_OUT "hello from glibc: argc=2 argv[1]=first arg greeting=hi there\nsum=101024\n"

FIXTURE(exec) {
	int dev;
	int inst;
};

FIXTURE_SETUP(exec)
{
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "exec");
	ASSERT_LE(0, self->inst);
	ASSERT_EQ(0, lxt_mount(self->inst, "tmpfs", "/", 0755)) TH_LOG("mount: %s", strerror(errno));
}

FIXTURE_TEARDOWN(exec)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F_TIMEOUT(exec, a_static_program_in_the_instance_runs_with_its_argv_and_envp, 120)
{
	PICO(.setup = feed_helper, .arg = "glibc-hello", .body = run_hello,
	     .expect_out = HELLO_OUT, .expect_end = "exit=3", .timeout_s = 60);
}

TEST_F_TIMEOUT(exec, execveat_resolves_from_a_directory_handle_through_a_link, 120)
{
	PICO(.setup = feed_helper, .arg = "glibc-hello", .body = run_hello_at,
	     .expect_out = "symlink=0\n" HELLO_OUT, .expect_end = "exit=3", .timeout_s = 60);
}

TEST_F_TIMEOUT(exec, the_program_is_a_pico_process_with_the_instance_ids, 120)
{
	struct lxt_counters before, after;

	ASSERT_EQ(0, lxt_query(self->inst, &before));
	PICO(.setup = feed_self, .body = run_self_ids,
	     .expect_out = "setgid=0\nsetuid=0\n"
			   "child argc=3 argv2=two uid=1234 gid=99 sysfs=ENOSYS env=hi there\n",
	     .expect_end = "exit=7", .timeout_s = 60);
	ASSERT_EQ(0, lxt_query(self->inst, &after));
	EXPECT_EQ(before.calls[SYS_execve] + 1, after.calls[SYS_execve]);
	EXPECT_EQ(before.unimpl[SYS_sysfs] + 1, after.unimpl[SYS_sysfs]);
}

TEST_F(exec, close_on_exec_handles_are_closed)
{
	/* fds 0-2, 4 survive: exit status is their mask. */
	PICO(.setup = feed_helper, .arg = "fd-probe", .body = run_cloexec,
	     .expect_out = "cloexec=3\nkept=4\nexec: open 0 1 2 4\n", .expect_end = "exit=23");
}

TEST_F_TIMEOUT(exec, errors_come_in_linux_order_and_garbage_is_enoexec, 120)
{
	PICO(.setup = feed_helper, .arg = "pico-probe", .body = run_errors,
	     .expect_out = "missing=-ENOENT\n"
			   "empty=-ENOENT\n"
			   "through_file=-ENOTDIR\n"
			   "link_loop=-ELOOP\n"
			   "nofollow=-ELOOP\n"
			   "bad_flags=-EINVAL\n"
			   "directory=-EACCES\n"
			   "cwd_empty_path=-EACCES\n"
			   "no_x_bit=-EACCES\n"
			   "text=-ENOEXEC\n"
			   "script=-ENOENT\n"
			   "dynamic=-ENOENT\n"
			   "short=-ENOEXEC\n"
			   "host_failures_efault=1500\n"
			   "setuid=0\n"
			   "not_owner=-EACCES\n",
	     .timeout_s = 60);
}

/* An instance with nothing mounted: exec is still by host path (transitional). */
FIXTURE(unmounted) {
	int dev;
	int inst;
};

FIXTURE_SETUP(unmounted)
{
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "exec-nomount");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(unmounted)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F_TIMEOUT(unmounted, a_process_without_a_root_execs_by_host_path, 120)
{
	PICO(.setup = name_helper, .arg = "glibc-hello", .body = run_host_path,
	     .expect_out = HELLO_OUT, .expect_end = "exit=3", .timeout_s = 60);
}

TEST_HARNESS_MAIN
