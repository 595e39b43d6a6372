// SPDX-License-Identifier: GPL-2.0
/*
 * test_error.c - the error text a pico child builds without stdio or heap,
 * and the hint printed when /dev/lxss cannot be opened.
 */
#include <errno.h>
#include <string.h>

#include "liblxss.h"
#include "lxss_unit.h"

START_TEST(format_error_reads_prefix_what_and_description)
{
	char buf[128];
	size_t len = lxss_format_error(buf, sizeof(buf), "lxssctl: cannot exec ", "/bin/nope",
				       ENOENT);

	ck_assert_str_eq(buf, "lxssctl: cannot exec /bin/nope: No such file or directory\n");
	ck_assert_uint_eq(len, strlen(buf));
}
END_TEST

START_TEST(format_error_names_unknown_errno_by_number)
{
	char buf[128];

	lxss_format_error(buf, sizeof(buf), "x ", "y", 98765);
	ck_assert_str_eq(buf, "x y: error 98765\n");
}
END_TEST

START_TEST(format_error_names_negative_errno_by_number)
{
	char buf[128];

	lxss_format_error(buf, sizeof(buf), "x ", "y", -2);
	ck_assert_str_eq(buf, "x y: error -2\n");
}
END_TEST

START_TEST(format_error_cuts_long_text_and_keeps_newline)
{
	char buf[16];
	size_t len = lxss_format_error(buf, sizeof(buf), "lxssctl: cannot exec ", "/bin/x",
				       ENOENT);

	ck_assert_uint_eq(len, sizeof(buf) - 1);
	ck_assert_str_eq(buf, "lxssctl: canno\n");
}
END_TEST

START_TEST(format_error_into_one_byte_writes_only_nul)
{
	char buf[1] = { 'z' };

	ck_assert_uint_eq(lxss_format_error(buf, sizeof(buf), "a", "b", EIO), 0);
	ck_assert_int_eq(buf[0], '\0');
}
END_TEST

START_TEST(format_error_into_no_buffer_writes_nothing)
{
	char buf[1] = { 'z' };

	ck_assert_uint_eq(lxss_format_error(buf, 0, "a", "b", EIO), 0);
	ck_assert_int_eq(buf[0], 'z');
}
END_TEST

START_TEST(missing_device_hints_at_module)
{
	ck_assert_str_eq(lxss_open_hint(ENOENT), "module not loaded? (insmod lxcore.ko)");
	ck_assert_ptr_nonnull(lxss_open_hint(ENXIO));
	ck_assert_ptr_nonnull(lxss_open_hint(ENODEV));
}
END_TEST

START_TEST(permission_error_has_no_hint)
{
	ck_assert_ptr_null(lxss_open_hint(EACCES));
	ck_assert_ptr_null(lxss_open_hint(EPERM));
}
END_TEST

Suite *format_error_suite(void)
{
	Suite *s = suite_create("errors");
	TCase *tc = tcase_create("format_error");
	TCase *hint = tcase_create("open_hint");

	tcase_add_test(tc, format_error_reads_prefix_what_and_description);
	tcase_add_test(tc, format_error_names_unknown_errno_by_number);
	tcase_add_test(tc, format_error_names_negative_errno_by_number);
	tcase_add_test(tc, format_error_cuts_long_text_and_keeps_newline);
	tcase_add_test(tc, format_error_into_one_byte_writes_only_nul);
	tcase_add_test(tc, format_error_into_no_buffer_writes_nothing);
	suite_add_tcase(s, tc);
	tcase_add_test(hint, missing_device_hints_at_module);
	tcase_add_test(hint, permission_error_has_no_hint);
	suite_add_tcase(s, hint);
	return s;
}
