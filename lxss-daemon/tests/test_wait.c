// SPDX-License-Identifier: GPL-2.0
/*
 * test_wait.c - wait status to exit code: the code for an exit, 128 + N for
 * signal N, checked on statuses of real children and on built ones.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "liblxss.h"
#include "lxss_unit.h"

/* The wait status of a child that exits with @code, or kills itself with @sig. */
static int child_status(int code, int sig)
{
	int wstatus;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (sig) {
			signal(sig, SIG_DFL);
			raise(sig);
		}
		_exit(code);
	}
	ck_assert_int_eq(waitpid(pid, &wstatus, 0), pid);
	return wstatus;
}

START_TEST(exit_0_maps_to_0)
{
	ck_assert_int_eq(lxss_wait_status_to_exit_code(child_status(0, 0)), 0);
}
END_TEST

START_TEST(exit_code_is_kept)
{
	ck_assert_int_eq(lxss_wait_status_to_exit_code(child_status(3, 0)), 3);
	ck_assert_int_eq(lxss_wait_status_to_exit_code(child_status(127, 0)), 127);
}
END_TEST

START_TEST(exit_255_maps_to_255)
{
	ck_assert_int_eq(lxss_wait_status_to_exit_code(child_status(255, 0)), 255);
}
END_TEST

START_TEST(death_by_sigterm_maps_to_143)
{
	ck_assert_int_eq(lxss_wait_status_to_exit_code(child_status(0, SIGTERM)), 128 + SIGTERM);
}
END_TEST

START_TEST(death_by_sigkill_maps_to_137)
{
	ck_assert_int_eq(lxss_wait_status_to_exit_code(child_status(0, SIGKILL)), 137);
}
END_TEST

START_TEST(death_with_core_dump_maps_to_128_plus_signal)
{
	/* A core dump sets bit 0x80; the signal is still SIGSEGV. */
	ck_assert_int_eq(lxss_wait_status_to_exit_code(W_EXITCODE(0, SIGSEGV) | 0x80),
			 128 + SIGSEGV);
}
END_TEST

START_TEST(death_by_realtime_signal_maps_to_128_plus_signal)
{
	ck_assert_int_eq(lxss_wait_status_to_exit_code(W_EXITCODE(0, 64)), 192);
}
END_TEST

START_TEST(stop_report_maps_to_1)
{
	ck_assert_int_eq(lxss_wait_status_to_exit_code(W_STOPCODE(SIGSTOP)), 1);
}
END_TEST

Suite *wait_status_suite(void)
{
	Suite *s = suite_create("wait_status");
	TCase *tc = tcase_create("exit_code");

	tcase_add_test(tc, exit_0_maps_to_0);
	tcase_add_test(tc, exit_code_is_kept);
	tcase_add_test(tc, exit_255_maps_to_255);
	tcase_add_test(tc, death_by_sigterm_maps_to_143);
	tcase_add_test(tc, death_by_sigkill_maps_to_137);
	tcase_add_test(tc, death_with_core_dump_maps_to_128_plus_signal);
	tcase_add_test(tc, death_by_realtime_signal_maps_to_128_plus_signal);
	tcase_add_test(tc, stop_report_maps_to_1);
	suite_add_tcase(s, tc);
	return s;
}
