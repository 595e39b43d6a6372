// SPDX-License-Identifier: GPL-2.0
/*
 * liblxss.h - small client library for /dev/lxss and LX instance fds.
 *
 * Three parts, one per file: the ioctl wrappers (liblxss.c, the only code
 * that touches the device), pure rules shared by the tools (liblxss_util.c)
 * and the reports built from what the module returns (liblxss_report.c).
 * The pure parts do no I/O but on a caller's FILE *, so they are unit-tested
 * without the module.
 */
#ifndef LIBLXSS_H
#define LIBLXSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/lxss.h>

/* ---- device I/O (liblxss.c): every call returns -1 and sets errno on failure ---- */

/**
 * lxss_open() - open LXSS_DEVICE_PATH read-write, close-on-exec.
 *
 * Return: the device fd, or -1 with errno kept from open(2); see
 * lxss_open_hint() for what to tell the user.
 */
int lxss_open(void);

/**
 * lxss_open_path() - lxss_open() on another path (tests, a chroot's /dev).
 * @path: the device node to open.
 */
int lxss_open_path(const char *path);

/**
 * lxss_create_instance() - LXSS_IOC_CREATE_INSTANCE.
 * @devfd: an fd from lxss_open().
 * @name: instance name; must satisfy lxss_valid_name() (EINVAL otherwise,
 *        checked before the ioctl).
 *
 * Return: the new instance fd (close-on-exec; closing its last reference
 * terminates the instance), or -1 with errno (EEXIST: the name is taken).
 */
int lxss_create_instance(int devfd, const char *name);

/**
 * lxss_enter() - LXSS_IOC_ENTER: make the caller a pico process of the instance.
 * @instfd: an instance fd.
 *
 * On success every fd >= 3 of the caller is closed, @instfd included, and
 * from then on only the syscalls lxcore implements work. Uses no heap and
 * no stdio, so it can run between fork() and execve().
 */
int lxss_enter(int instfd);
/** lxss_enter_flags() - the same with LXSS_ENTER_* @flags (LXSS_ENTER_ROOT) */
int lxss_enter_flags(int instfd, unsigned int flags);

/**
 * lxss_query() - LXSS_IOC_QUERY: the instance's counters.
 * @instfd: an instance fd.
 * @q: filled on success.
 * @calls: @nr counters of syscalls seen per number, or NULL to skip.
 * @unimpl: @nr counters of -ENOSYS answers per number, or NULL to skip.
 * @nr: 0..LXSS_NR_COUNTERS (EINVAL otherwise).
 */
int lxss_query(int instfd, struct lxss_query *q, __u64 *calls, __u64 *unimpl, unsigned int nr);

/**
 * lxss_global() - LXSS_IOC_GLOBAL: module-wide state.
 * @devfd: an fd from lxss_open().
 * @g: filled on success.
 */
int lxss_global(int devfd, struct lxss_global *g);

/**
 * lxss_syscall_info() - LXSS_IOC_SYSCALL_INFO: one row of lxcore's syscall table.
 * @devfd: an fd from lxss_open().
 * @nr: syscall number; EINVAL for nr >= the table's size.
 * @info: filled on success; @info->name is always NUL-terminated.
 */
int lxss_syscall_info(int devfd, unsigned int nr, struct lxss_syscall_info *info);

/* ---- pure rules (liblxss_util.c) ---- */

/**
 * lxss_valid_name() - whether @name is a valid instance name.
 *
 * The rule of lxss.h: [A-Za-z0-9._-]{1,63}. NULL is invalid.
 */
bool lxss_valid_name(const char *name);

/**
 * lxss_open_hint() - advice to print when lxss_open() failed with @err.
 *
 * Return: "module not loaded? (insmod lxcore.ko)" when @err says the device
 * node or its driver is missing, NULL when the error speaks for itself.
 */
const char *lxss_open_hint(int err);

/**
 * lxss_wait_status_to_exit_code() - the shell's exit code for a wait status.
 * @wstatus: a status from waitpid(2).
 *
 * Return: the exit status for a normal exit, 128 + N for death by signal N,
 * and 1 for anything else (stop/continue reports, which waitpid() does not
 * give without WUNTRACED/WCONTINUED).
 */
int lxss_wait_status_to_exit_code(int wstatus);

/**
 * lxss_format_error() - "<prefix><what>: <description of err>\n" into @buf.
 * @buf: destination, always NUL-terminated when @size > 0.
 * @size: size of @buf; the text is cut to fit, keeping the final newline.
 * @prefix: e.g. "lxssctl: cannot exec ".
 * @what: the object of the failure, e.g. the program path.
 * @err: an errno value; unknown values read "error N".
 *
 * Async-signal-safe and heap-free (no stdio, no locale): it is what a child
 * prints after LXSS_IOC_ENTER, where only a few syscalls work.
 *
 * Return: the length written, without the NUL.
 */
size_t lxss_format_error(char *buf, size_t size, const char *prefix, const char *what, int err);

/* ---- reports (liblxss_report.c) ---- */

/* One row of the per-syscall statistics table. */
struct lxss_stat_row {
	unsigned int nr;
	__u64 calls;
	__u64 unimplemented;
	char name[LXSS_SYSCALL_NAME_MAX];	/* "" when the lookup had none */
};

struct lxss_stats {
	struct lxss_stat_row *rows;
	size_t nr_rows;
};

/*
 * Name lookup for lxss_stats_build(): copy the name of syscall @nr into @buf
 * (@size bytes) and return true, or return false when there is none.
 */
typedef bool (*lxss_name_fn)(void *ctx, unsigned int nr, char *buf, size_t size);

/**
 * lxss_stats_build() - the sorted rows of a statistics table.
 * @calls: @nr counters from lxss_query(), or NULL for all zero.
 * @unimpl: @nr counters from lxss_query(), or NULL for all zero.
 * @nr: number of counters in each array.
 * @lookup: name lookup, called once per row kept; NULL leaves names empty.
 * @ctx: passed to @lookup.
 * @out: the rows, to be released with lxss_stats_free().
 *
 * Numbers with no call and no -ENOSYS answer are left out. Numbers that got
 * -ENOSYS answers come first, by that count descending; then the others by
 * call count descending; ties by number ascending.
 *
 * Return: 0, or -1 with errno ENOMEM (then @out is empty).
 */
int lxss_stats_build(const __u64 *calls, const __u64 *unimpl, unsigned int nr,
		     lxss_name_fn lookup, void *ctx, struct lxss_stats *out);

/** lxss_stats_free() - release the rows of lxss_stats_build(); @st is left empty. */
void lxss_stats_free(struct lxss_stats *st);

/**
 * lxss_stats_print() - write the statistics table to @f.
 *
 * A header line, then one line per row: number, name ("-" when unknown),
 * calls and -ENOSYS answers. Return: 0, or -1 when @f has an error.
 */
int lxss_stats_print(FILE *f, const struct lxss_stats *st);

/**
 * lxss_query_print() - write the totals of a query as one line to @f.
 *
 * Return: 0, or -1 when @f has an error.
 */
int lxss_query_print(FILE *f, const struct lxss_query *q);

/**
 * lxss_syscall_kind() - "native", "implemented" or "-" for a syscall's flags.
 *
 * LXSS_SYSCALL_NATIVE wins: a native handler is an implemented one too.
 */
const char *lxss_syscall_kind(__u32 flags);

/**
 * lxss_syscalls_print() - write the syscall table coverage to @f.
 * @rows: the table, row i being syscall i.
 * @n: number of rows.
 * @all: also print one "nr name kind" line per row ("-" for an empty name).
 *
 * The first line is "implemented: N of M", N counting the rows that have a
 * handler (native or not). Return: 0, or -1 when @f has an error.
 */
int lxss_syscalls_print(FILE *f, const struct lxss_syscall_info *rows, size_t n, bool all);

/**
 * lxss_global_print() - write the fields of @g as "key: value" lines to @f.
 *
 * Return: 0, or -1 when @f has an error.
 */
int lxss_global_print(FILE *f, const struct lxss_global *g);

#endif /* LIBLXSS_H */
