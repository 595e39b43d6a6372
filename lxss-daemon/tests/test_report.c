// SPDX-License-Identifier: GPL-2.0
/*
 * test_report.c - the exact text of the other reports: a query's totals, the
 * syscall table coverage and the module's global state.
 */
#include <string.h>

#include "liblxss.h"
#include "lxss_unit.h"

static struct lxss_syscall_info row(unsigned int nr, const char *name, __u32 flags)
{
	struct lxss_syscall_info info;

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.nr = nr;
	info.flags = flags;
	strncpy(info.name, name, sizeof(info.name) - 1);
	return info;
}

START_TEST(query_totals_print_on_one_line)
{
	struct lxss_query q = {
		.total = 1234, .total_unimplemented = 7, .beyond = 1, .ia32 = 2, .x32 = 3,
	};
	struct unit_out out;

	unit_out_open(&out);
	ck_assert_int_eq(lxss_query_print(out.f, &q), 0);
	ck_assert_str_eq(unit_out_text(&out),
			 "total: 1234, unimplemented: 7, beyond: 1, ia32: 2, x32: 3\n");
	unit_out_free(&out);
}
END_TEST

START_TEST(syscall_without_handler_is_dash)
{
	ck_assert_str_eq(lxss_syscall_kind(0), "-");
}
END_TEST

START_TEST(syscall_with_handler_is_implemented)
{
	ck_assert_str_eq(lxss_syscall_kind(LXSS_SYSCALL_IMPLEMENTED), "implemented");
}
END_TEST

START_TEST(syscall_with_native_handler_is_native)
{
	ck_assert_str_eq(lxss_syscall_kind(LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE),
			 "native");
	ck_assert_str_eq(lxss_syscall_kind(LXSS_SYSCALL_NATIVE), "native");
}
END_TEST

START_TEST(coverage_counts_native_and_implemented_rows)
{
	struct lxss_syscall_info rows[] = {
		row(0, "read", LXSS_SYSCALL_IMPLEMENTED),
		row(1, "write", LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE),
		row(2, "open", 0),
		row(3, "", 0),
	};
	struct unit_out out;

	unit_out_open(&out);
	ck_assert_int_eq(lxss_syscalls_print(out.f, rows, 4, false), 0);
	ck_assert_str_eq(unit_out_text(&out), "implemented: 2 of 4\n");
	unit_out_free(&out);
}
END_TEST

START_TEST(coverage_with_all_lists_every_row)
{
	struct lxss_syscall_info rows[] = {
		row(0, "read", LXSS_SYSCALL_IMPLEMENTED),
		row(1, "write", LXSS_SYSCALL_IMPLEMENTED | LXSS_SYSCALL_NATIVE),
		row(2, "open", 0),
		row(3, "", 0),
	};
	struct unit_out out;

	unit_out_open(&out);
	ck_assert_int_eq(lxss_syscalls_print(out.f, rows, 4, true), 0);
	ck_assert_str_eq(unit_out_text(&out),
			 "implemented: 2 of 4\n"
			 "0 read implemented\n"
			 "1 write native\n"
			 "2 open -\n"
			 "3 - -\n");
	unit_out_free(&out);
}
END_TEST

START_TEST(coverage_of_empty_table_is_0_of_0)
{
	struct unit_out out;

	unit_out_open(&out);
	ck_assert_int_eq(lxss_syscalls_print(out.f, NULL, 0, true), 0);
	ck_assert_str_eq(unit_out_text(&out), "implemented: 0 of 0\n");
	unit_out_free(&out);
}
END_TEST

START_TEST(coverage_bounds_an_unterminated_name)
{
	struct lxss_syscall_info rows[1];
	struct unit_out out;
	char want[LXSS_SYSCALL_NAME_MAX + 32];

	memset(rows, 0, sizeof(rows));
	memset(rows[0].name, 'n', sizeof(rows[0].name));	/* no NUL */
	snprintf(want, sizeof(want), "implemented: 0 of 1\n0 %.*s -\n", LXSS_SYSCALL_NAME_MAX,
		 "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn");
	unit_out_open(&out);
	ck_assert_int_eq(lxss_syscalls_print(out.f, rows, 1, true), 0);
	ck_assert_str_eq(unit_out_text(&out), want);
	unit_out_free(&out);
}
END_TEST

START_TEST(global_prints_key_value_lines)
{
	struct lxss_global g = {
		.size = sizeof(g), .hooks_active = 1, .live_instances = 2, .live_objects = 345,
		.instances_created = 6,
	};
	struct unit_out out;

	unit_out_open(&out);
	ck_assert_int_eq(lxss_global_print(out.f, &g), 0);
	ck_assert_str_eq(unit_out_text(&out),
			 "hooks_active: 1\n"
			 "live_instances: 2\n"
			 "live_objects: 345\n"
			 "instances_created: 6\n");
	unit_out_free(&out);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *query = tcase_create("query");
	TCase *kind = tcase_create("syscall_kind");
	TCase *coverage = tcase_create("coverage");
	TCase *global = tcase_create("global");

	tcase_add_test(query, query_totals_print_on_one_line);
	suite_add_tcase(s, query);
	tcase_add_test(kind, syscall_without_handler_is_dash);
	tcase_add_test(kind, syscall_with_handler_is_implemented);
	tcase_add_test(kind, syscall_with_native_handler_is_native);
	suite_add_tcase(s, kind);
	tcase_add_test(coverage, coverage_counts_native_and_implemented_rows);
	tcase_add_test(coverage, coverage_with_all_lists_every_row);
	tcase_add_test(coverage, coverage_of_empty_table_is_0_of_0);
	tcase_add_test(coverage, coverage_bounds_an_unterminated_name);
	suite_add_tcase(s, coverage);
	tcase_add_test(global, global_prints_key_value_lines);
	suite_add_tcase(s, global);
	return s;
}
