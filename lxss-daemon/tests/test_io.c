// SPDX-License-Identifier: GPL-2.0
/*
 * test_io.c - what the ioctl layer does without lxcore: the errors it reports
 * itself before any ioctl, and the ones it passes through from the kernel.
 * /dev/null stands for a device that knows none of the requests.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "liblxss.h"
#include "lxss_unit.h"

static int null_fd(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return fd;
}

START_TEST(open_of_missing_node_keeps_enoent)
{
	errno = 0;
	ck_assert_int_eq(lxss_open_path("/nonexistent/lxss"), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(open_sets_close_on_exec)
{
	int fd = lxss_open_path("/dev/null");

	ck_assert_int_ge(fd, 0);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}
END_TEST

START_TEST(create_with_invalid_name_fails_before_ioctl)
{
	/* A bad fd would say EBADF: EINVAL shows no ioctl was made. */
	errno = 0;
	ck_assert_int_eq(lxss_create_instance(-1, "no/slash"), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(lxss_create_instance(-1, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(create_on_other_device_passes_enotty)
{
	int fd = null_fd();

	errno = 0;
	ck_assert_int_eq(lxss_create_instance(fd, "t1"), -1);
	ck_assert_int_eq(errno, ENOTTY);
	close(fd);
}
END_TEST

START_TEST(query_of_too_many_counters_fails_before_ioctl)
{
	struct lxss_query q;

	errno = 0;
	ck_assert_int_eq(lxss_query(-1, &q, NULL, NULL, LXSS_NR_COUNTERS + 1), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(calls_on_bad_fd_pass_ebadf)
{
	struct lxss_syscall_info info;
	struct lxss_global g;
	struct lxss_query q;

	errno = 0;
	ck_assert_int_eq(lxss_enter(-1), -1);
	ck_assert_int_eq(errno, EBADF);
	errno = 0;
	ck_assert_int_eq(lxss_query(-1, &q, NULL, NULL, 0), -1);
	ck_assert_int_eq(errno, EBADF);
	errno = 0;
	ck_assert_int_eq(lxss_global(-1, &g), -1);
	ck_assert_int_eq(errno, EBADF);
	errno = 0;
	ck_assert_int_eq(lxss_syscall_info(-1, 0, &info), -1);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

START_TEST(requests_carry_their_size)
{
	struct lxss_syscall_info info;
	struct lxss_global g;
	struct lxss_query q;
	int fd = null_fd();

	ck_assert_int_eq(lxss_query(fd, &q, NULL, NULL, 3), -1);
	ck_assert_uint_eq(q.size, sizeof(q));
	ck_assert_uint_eq(q.nr_counters, 3);
	ck_assert_int_eq(lxss_global(fd, &g), -1);
	ck_assert_uint_eq(g.size, sizeof(g));
	ck_assert_int_eq(lxss_syscall_info(fd, 39, &info), -1);
	ck_assert_uint_eq(info.size, sizeof(info));
	ck_assert_uint_eq(info.nr, 39);
	close(fd);
}
END_TEST

Suite *io_suite(void)
{
	Suite *s = suite_create("io");
	TCase *tc = tcase_create("without_module");

	tcase_add_test(tc, open_of_missing_node_keeps_enoent);
	tcase_add_test(tc, open_sets_close_on_exec);
	tcase_add_test(tc, create_with_invalid_name_fails_before_ioctl);
	tcase_add_test(tc, create_on_other_device_passes_enotty);
	tcase_add_test(tc, query_of_too_many_counters_fails_before_ioctl);
	tcase_add_test(tc, calls_on_bad_fd_pass_ebadf);
	tcase_add_test(tc, requests_carry_their_size);
	suite_add_tcase(s, tc);
	return s;
}
