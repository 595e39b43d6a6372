// SPDX-License-Identifier: GPL-2.0
/*
 * lxss_unit.c - runs every lxss-daemon Check suite; exits non-zero when any
 * test fails. Each test runs in its own process (Check's fork mode), so a
 * crash or a sanitizer report fails that test only.
 */
#include <stdlib.h>
#include <string.h>

#include "lxss_unit.h"

void unit_out_open(struct unit_out *out)
{
	out->text = NULL;
	out->len = 0;
	out->f = open_memstream(&out->text, &out->len);
	ck_assert_ptr_nonnull(out->f);
}

const char *unit_out_text(struct unit_out *out)
{
	if (out->f) {
		ck_assert_int_eq(fclose(out->f), 0);
		out->f = NULL;
	}
	return out->text;
}

void unit_out_free(struct unit_out *out)
{
	if (out->f)
		fclose(out->f);
	free(out->text);
	out->f = NULL;
	out->text = NULL;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	/*
	 * --lsan-probe: do nothing, so that only LeakSanitizer's exit-time
	 * check can fail; it does where ptrace is denied or under a debugger.
	 */
	if (argc > 1 && !strcmp(argv[1], "--lsan-probe"))
		return EXIT_SUCCESS;

	sr = srunner_create(name_suite());
	srunner_add_suite(sr, wait_status_suite());
	srunner_add_suite(sr, format_error_suite());
	srunner_add_suite(sr, stats_suite());
	srunner_add_suite(sr, report_suite());
	srunner_add_suite(sr, args_suite());
	srunner_add_suite(sr, io_suite());
	srunner_add_suite(sr, proto_suite());
	srunner_add_suite(sr, lx_args_suite());
	srunner_add_suite(sr, lxssd_suite());
	/* Fork mode is Check's default; CK_FORK=no in the environment is for gdb only. */
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
