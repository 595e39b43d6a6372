// SPDX-License-Identifier: GPL-2.0
/*
 * test_stats.c - the per-syscall statistics table: which rows are kept, their
 * order (-ENOSYS rows first by that count, then by calls, ties by number),
 * their names, and the exact text printed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "liblxss.h"
#include "lxss_unit.h"

static __u64 calls[LXSS_NR_COUNTERS], unimpl[LXSS_NR_COUNTERS];

struct names {
	unsigned int lookups;
};

static const char *const known[] = {
	[0] = "read", [1] = "write", [2] = "open", [3] = "close", [39] = "getpid",
	[41] = "socket", [60] = "exit", [231] = "exit_group",
};

static bool lookup(void *ctx, unsigned int nr, char *buf, size_t size)
{
	struct names *n = ctx;

	n->lookups++;
	if (nr >= ARRAY_SIZE(known) || !known[nr])
		return false;
	snprintf(buf, size, "%s", known[nr]);
	return true;
}

static void setup(void)
{
	memset(calls, 0, sizeof(calls));
	memset(unimpl, 0, sizeof(unimpl));
}

static void build(struct lxss_stats *st, struct names *n)
{
	ck_assert_int_eq(lxss_stats_build(calls, unimpl, LXSS_NR_COUNTERS, lookup, n, st), 0);
}

START_TEST(all_zero_counters_give_no_rows)
{
	struct names n = { 0 };
	struct lxss_stats st;

	build(&st, &n);
	ck_assert_uint_eq(st.nr_rows, 0);
	ck_assert_uint_eq(n.lookups, 0);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(zero_count_rows_are_omitted)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[1] = 5;
	calls[60] = 1;
	build(&st, &n);
	ck_assert_uint_eq(st.nr_rows, 2);
	ck_assert_uint_eq(st.rows[0].nr, 1);
	ck_assert_uint_eq(st.rows[1].nr, 60);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(last_counter_is_counted)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[LXSS_NR_COUNTERS - 1] = 1;
	build(&st, &n);
	ck_assert_uint_eq(st.nr_rows, 1);
	ck_assert_uint_eq(st.rows[0].nr, LXSS_NR_COUNTERS - 1);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(unimplemented_rows_come_first)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[1] = 1000;
	calls[41] = 1;
	unimpl[41] = 1;
	build(&st, &n);
	ck_assert_uint_eq(st.nr_rows, 2);
	ck_assert_uint_eq(st.rows[0].nr, 41);
	ck_assert_uint_eq(st.rows[1].nr, 1);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(unimplemented_rows_sorted_by_enosys_count_desc)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[41] = unimpl[41] = 2;
	calls[42] = unimpl[42] = 7;
	calls[43] = unimpl[43] = 5;
	build(&st, &n);
	ck_assert_uint_eq(st.nr_rows, 3);
	ck_assert_uint_eq(st.rows[0].nr, 42);
	ck_assert_uint_eq(st.rows[1].nr, 43);
	ck_assert_uint_eq(st.rows[2].nr, 41);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(implemented_rows_sorted_by_calls_desc)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[0] = 3;
	calls[1] = 30;
	calls[3] = 300;
	calls[39] = 1;
	build(&st, &n);
	ck_assert_uint_eq(st.nr_rows, 4);
	ck_assert_uint_eq(st.rows[0].nr, 3);
	ck_assert_uint_eq(st.rows[1].nr, 1);
	ck_assert_uint_eq(st.rows[2].nr, 0);
	ck_assert_uint_eq(st.rows[3].nr, 39);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(equal_counts_sorted_by_number_asc)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[300] = unimpl[300] = 4;
	calls[41] = unimpl[41] = 4;
	calls[60] = 9;
	calls[2] = 9;
	build(&st, &n);
	ck_assert_uint_eq(st.nr_rows, 4);
	ck_assert_uint_eq(st.rows[0].nr, 41);
	ck_assert_uint_eq(st.rows[1].nr, 300);
	ck_assert_uint_eq(st.rows[2].nr, 2);
	ck_assert_uint_eq(st.rows[3].nr, 60);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(null_unimplemented_array_counts_as_zero)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[1] = 2;
	calls[41] = 8;
	ck_assert_int_eq(lxss_stats_build(calls, NULL, LXSS_NR_COUNTERS, lookup, &n, &st), 0);
	ck_assert_uint_eq(st.nr_rows, 2);
	ck_assert_uint_eq(st.rows[0].nr, 41);
	ck_assert_uint_eq(st.rows[0].unimplemented, 0);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(null_calls_array_keeps_enosys_rows)
{
	struct names n = { 0 };
	struct lxss_stats st;

	unimpl[41] = 8;
	ck_assert_int_eq(lxss_stats_build(NULL, unimpl, LXSS_NR_COUNTERS, lookup, &n, &st), 0);
	ck_assert_uint_eq(st.nr_rows, 1);
	ck_assert_uint_eq(st.rows[0].nr, 41);
	ck_assert_uint_eq(st.rows[0].calls, 0);
	ck_assert_uint_eq(st.rows[0].unimplemented, 8);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(counts_are_copied_into_rows)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[41] = 10000000000ULL;
	unimpl[41] = 9999999999ULL;
	build(&st, &n);
	ck_assert_uint_eq(st.rows[0].calls, 10000000000ULL);
	ck_assert_uint_eq(st.rows[0].unimplemented, 9999999999ULL);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(names_come_from_lookup_once_per_row)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[0] = 2;
	calls[231] = 1;
	build(&st, &n);
	ck_assert_uint_eq(n.lookups, 2);
	ck_assert_str_eq(st.rows[0].name, "read");
	ck_assert_str_eq(st.rows[1].name, "exit_group");
	lxss_stats_free(&st);
}
END_TEST

START_TEST(failed_lookup_leaves_name_empty)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[400] = 1;
	build(&st, &n);
	ck_assert_str_eq(st.rows[0].name, "");
	lxss_stats_free(&st);
}
END_TEST

START_TEST(no_lookup_leaves_names_empty)
{
	struct lxss_stats st;

	calls[1] = 1;
	ck_assert_int_eq(lxss_stats_build(calls, unimpl, LXSS_NR_COUNTERS, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.nr_rows, 1);
	ck_assert_str_eq(st.rows[0].name, "");
	lxss_stats_free(&st);
}
END_TEST

START_TEST(fewer_counters_than_the_maximum_are_read)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[1] = 1;
	calls[60] = 1;
	ck_assert_int_eq(lxss_stats_build(calls, unimpl, 8, lookup, &n, &st), 0);
	ck_assert_uint_eq(st.nr_rows, 1);
	ck_assert_uint_eq(st.rows[0].nr, 1);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(free_leaves_stats_empty)
{
	struct names n = { 0 };
	struct lxss_stats st;

	calls[1] = 1;
	build(&st, &n);
	lxss_stats_free(&st);
	ck_assert_ptr_null(st.rows);
	ck_assert_uint_eq(st.nr_rows, 0);
	lxss_stats_free(&st);	/* twice is harmless */
}
END_TEST

START_TEST(print_writes_header_then_sorted_rows)
{
	struct names n = { 0 };
	struct lxss_stats st;
	struct unit_out out;

	calls[0] = 10;
	calls[1] = 10;
	calls[41] = unimpl[41] = 3;
	calls[400] = 2;
	build(&st, &n);
	unit_out_open(&out);
	ck_assert_int_eq(lxss_stats_print(out.f, &st), 0);
	ck_assert_str_eq(unit_out_text(&out),
			 "   NR  SYSCALL                         CALLS       ENOSYS\n"
			 "   41  socket                              3            3\n"
			 "    0  read                               10            0\n"
			 "    1  write                              10            0\n"
			 "  400  -                                   2            0\n");
	unit_out_free(&out);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(print_of_empty_table_is_header_only)
{
	struct lxss_stats st = { NULL, 0 };
	struct unit_out out;

	unit_out_open(&out);
	ck_assert_int_eq(lxss_stats_print(out.f, &st), 0);
	ck_assert_str_eq(unit_out_text(&out),
			 "   NR  SYSCALL                         CALLS       ENOSYS\n");
	unit_out_free(&out);
}
END_TEST

START_TEST(print_of_wide_counts_keeps_every_digit)
{
	struct names n = { 0 };
	struct lxss_stats st;
	struct unit_out out;

	calls[1] = 18446744073709551615ULL;
	build(&st, &n);
	unit_out_open(&out);
	ck_assert_int_eq(lxss_stats_print(out.f, &st), 0);
	ck_assert_str_eq(unit_out_text(&out),
			 "   NR  SYSCALL                         CALLS       ENOSYS\n"
			 "    1  write                    18446744073709551615            0\n");
	unit_out_free(&out);
	lxss_stats_free(&st);
}
END_TEST

START_TEST(print_to_failing_stream_returns_error)
{
	struct names n = { 0 };
	struct lxss_stats st;
	FILE *f = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(f);
	setvbuf(f, NULL, _IONBF, 0);
	calls[1] = 1;
	build(&st, &n);
	ck_assert_int_eq(lxss_stats_print(f, &st), -1);
	fclose(f);
	lxss_stats_free(&st);
}
END_TEST

Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *rows = tcase_create("build");
	TCase *print = tcase_create("print");

	tcase_add_checked_fixture(rows, setup, NULL);
	tcase_add_test(rows, all_zero_counters_give_no_rows);
	tcase_add_test(rows, zero_count_rows_are_omitted);
	tcase_add_test(rows, last_counter_is_counted);
	tcase_add_test(rows, unimplemented_rows_come_first);
	tcase_add_test(rows, unimplemented_rows_sorted_by_enosys_count_desc);
	tcase_add_test(rows, implemented_rows_sorted_by_calls_desc);
	tcase_add_test(rows, equal_counts_sorted_by_number_asc);
	tcase_add_test(rows, null_unimplemented_array_counts_as_zero);
	tcase_add_test(rows, null_calls_array_keeps_enosys_rows);
	tcase_add_test(rows, counts_are_copied_into_rows);
	tcase_add_test(rows, names_come_from_lookup_once_per_row);
	tcase_add_test(rows, failed_lookup_leaves_name_empty);
	tcase_add_test(rows, no_lookup_leaves_names_empty);
	tcase_add_test(rows, fewer_counters_than_the_maximum_are_read);
	tcase_add_test(rows, free_leaves_stats_empty);
	suite_add_tcase(s, rows);

	tcase_add_checked_fixture(print, setup, NULL);
	tcase_add_test(print, print_writes_header_then_sorted_rows);
	tcase_add_test(print, print_of_empty_table_is_header_only);
	tcase_add_test(print, print_of_wide_counts_keeps_every_digit);
	tcase_add_test(print, print_to_failing_stream_returns_error);
	suite_add_tcase(s, print);
	return s;
}
