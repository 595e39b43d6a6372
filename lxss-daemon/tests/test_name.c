// SPDX-License-Identifier: GPL-2.0
/* test_name.c - the instance name rule of lxss.h: [A-Za-z0-9._-]{1,63}. */
#include <string.h>

#include "liblxss.h"
#include "lxss_unit.h"

START_TEST(name_of_letters_digits_dot_underscore_dash_is_valid)
{
	ck_assert(lxss_valid_name("debian-12_test.1"));
	ck_assert(lxss_valid_name("ABCxyz0189"));
}
END_TEST

START_TEST(name_of_one_char_is_valid)
{
	ck_assert(lxss_valid_name("a"));
	ck_assert(lxss_valid_name("-"));
	ck_assert(lxss_valid_name("."));
}
END_TEST

START_TEST(name_of_63_chars_is_valid)
{
	char name[64];

	memset(name, 'x', 63);
	name[63] = '\0';
	ck_assert(lxss_valid_name(name));
}
END_TEST

START_TEST(name_of_64_chars_is_invalid)
{
	char name[65];

	memset(name, 'x', 64);
	name[64] = '\0';
	ck_assert(!lxss_valid_name(name));
}
END_TEST

START_TEST(empty_name_is_invalid)
{
	ck_assert(!lxss_valid_name(""));
}
END_TEST

START_TEST(null_name_is_invalid)
{
	ck_assert(!lxss_valid_name(NULL));
}
END_TEST

START_TEST(name_with_slash_space_or_other_punctuation_is_invalid)
{
	static const char *const bad[] = {
		"a/b", "a b", "a:b", "a\tb", "a\nb", "a*", "a@b", "a+b", "~a", "a\\b",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(!lxss_valid_name(bad[i]), "accepted \"%s\"", bad[i]);
}
END_TEST

START_TEST(name_with_non_ascii_bytes_is_invalid)
{
	ck_assert(!lxss_valid_name("caf\xc3\xa9"));
	ck_assert(!lxss_valid_name("\x80"));
}
END_TEST

Suite *name_suite(void)
{
	Suite *s = suite_create("name");
	TCase *tc = tcase_create("valid_name");

	tcase_add_test(tc, name_of_letters_digits_dot_underscore_dash_is_valid);
	tcase_add_test(tc, name_of_one_char_is_valid);
	tcase_add_test(tc, name_of_63_chars_is_valid);
	tcase_add_test(tc, name_of_64_chars_is_invalid);
	tcase_add_test(tc, empty_name_is_invalid);
	tcase_add_test(tc, null_name_is_invalid);
	tcase_add_test(tc, name_with_slash_space_or_other_punctuation_is_invalid);
	tcase_add_test(tc, name_with_non_ascii_bytes_is_invalid);
	suite_add_tcase(s, tc);
	return s;
}
