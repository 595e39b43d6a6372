// SPDX-License-Identifier: GPL-2.0
/*
 * liblxss_report.c - the reports the lxss tools print from what the module
 * returned: the per-syscall statistics table of an instance, the totals of a
 * query, the syscall table coverage and the global state. Pure: the only
 * I/O is on the caller's FILE *.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "liblxss.h"

static __u64 lxss_counter(const __u64 *counters, unsigned int nr)
{
	return counters ? counters[nr] : 0;
}

/* -ENOSYS rows first, by that count; then by calls; ties by number. */
static int lxss_stat_row_cmp(const void *pa, const void *pb)
{
	const struct lxss_stat_row *a = pa, *b = pb;
	bool a_unimpl = a->unimplemented > 0, b_unimpl = b->unimplemented > 0;
	__u64 ka, kb;

	if (a_unimpl != b_unimpl)
		return a_unimpl ? -1 : 1;
	ka = a_unimpl ? a->unimplemented : a->calls;
	kb = b_unimpl ? b->unimplemented : b->calls;
	if (ka != kb)
		return ka > kb ? -1 : 1;
	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	return 0;
}

int lxss_stats_build(const __u64 *calls, const __u64 *unimpl, unsigned int nr,
		     lxss_name_fn lookup, void *ctx, struct lxss_stats *out)
{
	struct lxss_stat_row *row;
	unsigned int i;
	size_t n = 0;

	out->rows = NULL;
	out->nr_rows = 0;
	for (i = 0; i < nr; i++) {
		if (lxss_counter(calls, i) || lxss_counter(unimpl, i))
			n++;
	}
	if (n == 0)
		return 0;

	out->rows = calloc(n, sizeof(*out->rows));
	if (!out->rows) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < nr; i++) {
		if (!lxss_counter(calls, i) && !lxss_counter(unimpl, i))
			continue;
		row = &out->rows[out->nr_rows++];
		row->nr = i;
		row->calls = lxss_counter(calls, i);
		row->unimplemented = lxss_counter(unimpl, i);
		if (lookup && !lookup(ctx, i, row->name, sizeof(row->name)))
			row->name[0] = '\0';
		row->name[sizeof(row->name) - 1] = '\0';
	}
	qsort(out->rows, out->nr_rows, sizeof(*out->rows), lxss_stat_row_cmp);
	return 0;
}

void lxss_stats_free(struct lxss_stats *st)
{
	free(st->rows);
	st->rows = NULL;
	st->nr_rows = 0;
}

static int lxss_file_status(FILE *f)
{
	return ferror(f) ? -1 : 0;
}

int lxss_stats_print(FILE *f, const struct lxss_stats *st)
{
	const struct lxss_stat_row *row;
	size_t i;

	fprintf(f, "%5s  %-24s %12s %12s\n", "NR", "SYSCALL", "CALLS", "ENOSYS");
	for (i = 0; i < st->nr_rows; i++) {
		row = &st->rows[i];
		fprintf(f, "%5u  %-24s %12llu %12llu\n", row->nr, row->name[0] ? row->name : "-",
			(unsigned long long)row->calls, (unsigned long long)row->unimplemented);
	}
	return lxss_file_status(f);
}

int lxss_query_print(FILE *f, const struct lxss_query *q)
{
	fprintf(f, "total: %llu, unimplemented: %llu, beyond: %llu, ia32: %llu, x32: %llu\n",
		(unsigned long long)q->total, (unsigned long long)q->total_unimplemented,
		(unsigned long long)q->beyond, (unsigned long long)q->ia32,
		(unsigned long long)q->x32);
	return lxss_file_status(f);
}

const char *lxss_syscall_kind(__u32 flags)
{
	if (flags & LXSS_SYSCALL_NATIVE)
		return "native";
	if (flags & LXSS_SYSCALL_IMPLEMENTED)
		return "implemented";
	return "-";
}

int lxss_syscalls_print(FILE *f, const struct lxss_syscall_info *rows, size_t n, bool all)
{
	size_t i, implemented = 0;

	for (i = 0; i < n; i++) {
		if (rows[i].flags & (LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE))
			implemented++;
	}
	fprintf(f, "implemented: %zu of %zu\n", implemented, n);
	for (i = 0; all && i < n; i++) {
		/* The precision bounds a name the caller did not terminate. */
		fprintf(f, "%u %.*s %s\n", rows[i].nr, LXSS_SYSCALL_NAME_MAX,
			rows[i].name[0] ? rows[i].name : "-", lxss_syscall_kind(rows[i].flags));
	}
	return lxss_file_status(f);
}

int lxss_global_print(FILE *f, const struct lxss_global *g)
{
	fprintf(f, "hooks_active: %u\n", g->hooks_active);
	fprintf(f, "live_instances: %llu\n", (unsigned long long)g->live_instances);
	fprintf(f, "live_objects: %llu\n", (unsigned long long)g->live_objects);
	fprintf(f, "instances_created: %llu\n", (unsigned long long)g->instances_created);
	return lxss_file_status(f);
}
