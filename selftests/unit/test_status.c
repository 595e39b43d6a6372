// SPDX-License-Identifier: GPL-2.0
/*
 * test_status.c - ob_status_to_errno() and ob_status_name(): every code of
 * ntstatus.h has a row, an errno and its own name.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ob_unit.h"

#define ERESTARTSYS_VALUE	512

struct expect {
	ntstatus status;
	int err;
	const char *name;
};

#define E(code, e)	{ code, e, #code }

/* Every code ntstatus.h defines (STATUS_WAIT_0 is STATUS_SUCCESS). */
static const struct expect every_code[] = {
	E(STATUS_SUCCESS, 0),
	E(STATUS_ABANDONED_WAIT_0, 0),
	E(STATUS_USER_APC, -ERESTARTSYS_VALUE),
	E(STATUS_ALERTED, -ERESTARTSYS_VALUE),
	E(STATUS_TIMEOUT, -ETIMEDOUT),
	E(STATUS_PENDING, -EINPROGRESS),
	E(STATUS_REPARSE, 0),
	E(STATUS_MORE_ENTRIES, 0),
	E(STATUS_BUFFER_OVERFLOW, -EOVERFLOW),
	E(STATUS_NO_MORE_ENTRIES, 0),
	E(STATUS_UNSUCCESSFUL, -EIO),
	E(STATUS_NOT_IMPLEMENTED, -ENOSYS),
	E(STATUS_INVALID_INFO_CLASS, -EINVAL),
	E(STATUS_ACCESS_VIOLATION, -EFAULT),
	E(STATUS_INVALID_HANDLE, -EBADF),
	E(STATUS_INVALID_PARAMETER, -EINVAL),
	E(STATUS_NO_SUCH_DEVICE, -ENODEV),
	E(STATUS_NO_SUCH_FILE, -ENOENT),
	E(STATUS_INVALID_DEVICE_REQUEST, -ENOTTY),
	E(STATUS_END_OF_FILE, -ENODATA),
	E(STATUS_NO_MEMORY, -ENOMEM),
	E(STATUS_ACCESS_DENIED, -EACCES),
	E(STATUS_BUFFER_TOO_SMALL, -ERANGE),
	E(STATUS_OBJECT_TYPE_MISMATCH, -EINVAL),
	E(STATUS_OBJECT_NAME_INVALID, -EINVAL),
	E(STATUS_OBJECT_NAME_NOT_FOUND, -ENOENT),
	E(STATUS_OBJECT_NAME_COLLISION, -EEXIST),
	E(STATUS_OBJECT_PATH_INVALID, -ENOTDIR),
	E(STATUS_OBJECT_PATH_NOT_FOUND, -ENOENT),
	E(STATUS_OBJECT_PATH_SYNTAX_BAD, -EINVAL),
	E(STATUS_SEMAPHORE_LIMIT_EXCEEDED, -EOVERFLOW),
	E(STATUS_MUTANT_NOT_OWNED, -EPERM),
	E(STATUS_INSUFFICIENT_RESOURCES, -ENOMEM),
	E(STATUS_PIPE_DISCONNECTED, -EPIPE),
	E(STATUS_PIPE_CLOSING, -EPIPE),
	E(STATUS_NOT_SUPPORTED, -EOPNOTSUPP),
	E(STATUS_PIPE_EMPTY, -EAGAIN),
	E(STATUS_DEVICE_BUSY, -EAGAIN),
	E(STATUS_DISK_FULL, -ENOSPC),
	E(STATUS_INTERNAL_ERROR, -EIO),
	E(STATUS_TOO_MANY_OPENED_FILES, -EMFILE),
	E(STATUS_CANCELLED, -ECANCELED),
	E(STATUS_PIPE_BROKEN, -EPIPE),
	E(STATUS_NAME_TOO_LONG, -ENAMETOOLONG),
	E(STATUS_DIRECTORY_NOT_EMPTY, -ENOTEMPTY),
	E(STATUS_NOT_A_DIRECTORY, -ENOTDIR),
	E(STATUS_FILE_IS_A_DIRECTORY, -EISDIR),
	E(STATUS_OBJECT_NAME_EXISTS, 0),
	E(STATUS_REPARSE_POINT_NOT_RESOLVED, -ELOOP),
	E(STATUS_STOPPED_ON_SYMLINK, -ELOOP),
};

START_TEST(every_code_maps_to_its_errno)
{
	const struct expect *e = &every_code[_i];

	ck_assert_msg(ob_status_to_errno(e->status) == e->err,
		      "%s: %d, expected %d", e->name,
		      ob_status_to_errno(e->status), e->err);
}
END_TEST

START_TEST(every_code_has_its_own_name)
{
	const struct expect *e = &every_code[_i];

	ck_assert_str_eq(ob_status_name(e->status), e->name);
}
END_TEST

START_TEST(wait_0_is_success)
{
	ck_assert_int_eq(ob_status_to_errno(STATUS_WAIT_0), 0);
	ck_assert_str_eq(ob_status_name(STATUS_WAIT_0), "STATUS_SUCCESS");
}
END_TEST

START_TEST(interrupted_waits_restart_the_syscall)
{
	ck_assert_int_eq(ob_status_to_errno(STATUS_USER_APC), -512);
	ck_assert_int_eq(ob_status_to_errno(STATUS_ALERTED), -512);
}
END_TEST

START_TEST(lx_errno_passes_through_without_the_table)
{
	int e;

	for (e = 1; e < 4096; e++) {
		ck_assert_int_eq(ob_status_to_errno(STATUS_LX_ERRNO(e)), -e);
		ck_assert_str_eq(ob_status_name(STATUS_LX_ERRNO(e)),
				 "STATUS_LX_ERRNO");
		ck_assert(!NT_SUCCESS(STATUS_LX_ERRNO(e)));
	}
}
END_TEST

START_TEST(unknown_errors_and_warnings_are_eio)
{
	ck_assert_int_eq(ob_status_to_errno(NTS(0xC0001234)), -EIO);
	ck_assert_int_eq(ob_status_to_errno(NTS(0x80001234)), -EIO);
	ck_assert_int_eq(ob_status_to_errno(NTS(0xE0000001)), -EIO);
	ck_assert_str_eq(ob_status_name(NTS(0xC0001234)), "STATUS_UNKNOWN");
}
END_TEST

START_TEST(unknown_success_codes_are_zero)
{
	ck_assert_int_eq(ob_status_to_errno(NTS(0x00000001)), 0);
	ck_assert_int_eq(ob_status_to_errno(NTS(0x40001234)), 0);
	ck_assert_str_eq(ob_status_name(NTS(0x00000001)), "STATUS_UNKNOWN");
}
END_TEST

/*
 * Reads ntstatus.h itself (UNIT_NTSTATUS_H, set by the Makefile), so a
 * code added there without a row in status.c fails here.
 */
START_TEST(every_code_in_ntstatus_h_has_a_row)
{
	char line[256], name[128];
	unsigned int value;
	int codes = 0;
	FILE *f = fopen(UNIT_NTSTATUS_H, "r");

	ck_assert_msg(f, "cannot open %s", UNIT_NTSTATUS_H);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define %127s NTS(%x)", name, &value) != 2)
			continue;
		codes++;
		if (!strcmp(name, "STATUS_WAIT_0"))
			continue;	/* the same value as STATUS_SUCCESS */
		ck_assert_msg(!strcmp(ob_status_name((ntstatus)value), name),
			      "%s (0x%08x) is named %s", name, value,
			      ob_status_name((ntstatus)value));
	}
	fclose(f);
	ck_assert_int_eq(codes, ARRAY_SIZE(every_code) + 1);
}
END_TEST

Suite *ob_status_suite(void)
{
	Suite *s = suite_create("ob_status");
	TCase *tc = tcase_create("status");

	tcase_add_loop_test(tc, every_code_maps_to_its_errno, 0,
			    ARRAY_SIZE(every_code));
	tcase_add_loop_test(tc, every_code_has_its_own_name, 0,
			    ARRAY_SIZE(every_code));
	tcase_add_test(tc, every_code_in_ntstatus_h_has_a_row);
	tcase_add_test(tc, wait_0_is_success);
	tcase_add_test(tc, interrupted_waits_restart_the_syscall);
	tcase_add_test(tc, lx_errno_passes_through_without_the_table);
	tcase_add_test(tc, unknown_errors_and_warnings_are_eio);
	tcase_add_test(tc, unknown_success_codes_are_zero);
	suite_add_tcase(s, tc);
	return s;
}
