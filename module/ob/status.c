// SPDX-License-Identifier: GPL-2.0
/*
 * NTSTATUS -> errno: the executive's only way back to Linux. One table,
 * one row per code of ntstatus.h, read by both ob_status_to_errno() and
 * ob_status_name(), so a code cannot have an errno without a name.
 */
#include "ob/ob.h"

/* The kernel's internal "restart the syscall" errno; userspace lacks it. */
#ifndef ERESTARTSYS
#define ERESTARTSYS	512
#endif

struct ob_status_row {
	ntstatus status;
	int err;		/* positive errno, 0: success */
	const char *name;
};

#define ROW(code, e)	{ code, e, #code }

/*
 * STATUS_WAIT_0 is STATUS_SUCCESS (same value): one row serves both.
 * Informational and warning codes that are not failures map to 0.
 */
static const struct ob_status_row ob_status_table[] = {
	/* success and informational */
	ROW(STATUS_SUCCESS, 0),
	ROW(STATUS_ABANDONED_WAIT_0, 0),	/* the wait was satisfied */
	ROW(STATUS_USER_APC, ERESTARTSYS),	/* a signal interrupted a wait */
	ROW(STATUS_ALERTED, ERESTARTSYS),
	ROW(STATUS_TIMEOUT, ETIMEDOUT),
	ROW(STATUS_PENDING, EINPROGRESS),	/* started, not finished */
	ROW(STATUS_REPARSE, 0),
	ROW(STATUS_MORE_ENTRIES, 0),
	ROW(STATUS_OBJECT_NAME_EXISTS, 0),	/* opened what was there */
	/* warnings */
	ROW(STATUS_BUFFER_OVERFLOW, EOVERFLOW),
	ROW(STATUS_NO_MORE_ENTRIES, 0),		/* end of an enumeration */
	ROW(STATUS_STOPPED_ON_SYMLINK, ELOOP),	/* O_NOFOLLOW met a link */
	/* errors */
	ROW(STATUS_UNSUCCESSFUL, EIO),
	ROW(STATUS_NOT_IMPLEMENTED, ENOSYS),
	ROW(STATUS_INVALID_INFO_CLASS, EINVAL),
	ROW(STATUS_ACCESS_VIOLATION, EFAULT),
	ROW(STATUS_INVALID_HANDLE, EBADF),
	ROW(STATUS_INVALID_PARAMETER, EINVAL),
	ROW(STATUS_NO_SUCH_DEVICE, ENODEV),
	ROW(STATUS_NO_SUCH_FILE, ENOENT),
	ROW(STATUS_INVALID_DEVICE_REQUEST, ENOTTY),	/* ioctl not known */
	ROW(STATUS_END_OF_FILE, ENODATA),
	ROW(STATUS_NO_MEMORY, ENOMEM),
	ROW(STATUS_ACCESS_DENIED, EACCES),
	ROW(STATUS_BUFFER_TOO_SMALL, ERANGE),
	ROW(STATUS_OBJECT_TYPE_MISMATCH, EINVAL),
	ROW(STATUS_OBJECT_NAME_INVALID, EINVAL),
	ROW(STATUS_OBJECT_NAME_NOT_FOUND, ENOENT),
	ROW(STATUS_OBJECT_NAME_COLLISION, EEXIST),
	ROW(STATUS_OBJECT_PATH_INVALID, ENOTDIR),	/* a component is no directory */
	ROW(STATUS_OBJECT_PATH_NOT_FOUND, ENOENT),
	ROW(STATUS_OBJECT_PATH_SYNTAX_BAD, EINVAL),
	ROW(STATUS_MUTANT_NOT_OWNED, EPERM),
	ROW(STATUS_SEMAPHORE_LIMIT_EXCEEDED, EOVERFLOW),
	ROW(STATUS_INSUFFICIENT_RESOURCES, ENOMEM),
	ROW(STATUS_PIPE_DISCONNECTED, EPIPE),
	ROW(STATUS_PIPE_CLOSING, EPIPE),
	ROW(STATUS_FILE_IS_A_DIRECTORY, EISDIR),
	ROW(STATUS_NOT_SUPPORTED, EOPNOTSUPP),
	ROW(STATUS_PIPE_EMPTY, EAGAIN),
	ROW(STATUS_DEVICE_BUSY, EAGAIN),	/* a full non-blocking pipe */
	ROW(STATUS_DISK_FULL, ENOSPC),
	ROW(STATUS_INTERNAL_ERROR, EIO),
	ROW(STATUS_DIRECTORY_NOT_EMPTY, ENOTEMPTY),
	ROW(STATUS_NOT_A_DIRECTORY, ENOTDIR),
	ROW(STATUS_NAME_TOO_LONG, ENAMETOOLONG),
	ROW(STATUS_TOO_MANY_OPENED_FILES, EMFILE),
	ROW(STATUS_CANCELLED, ECANCELED),
	ROW(STATUS_PIPE_BROKEN, EPIPE),
	ROW(STATUS_REPARSE_POINT_NOT_RESOLVED, ELOOP),
};

static const struct ob_status_row *ob_status_row(ntstatus status)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ob_status_table); i++)
		if (ob_status_table[i].status == status)
			return &ob_status_table[i];
	return NULL;
}

/**
 * ob_status_to_errno() - the errno a Linux syscall returns for @status
 * @status: an NTSTATUS from the executive
 *
 * STATUS_LX_ERRNO(e) gives -e without the table. A code in the table gives
 * its row's errno. Any other success or informational code gives 0; any
 * other warning or error code gives -EIO: an executive code the table
 * forgot must still fail the call, and EIO is the errno that claims
 * nothing about the cause.
 *
 * Return: 0 or a negative errno (the kernel's convention).
 */
int ob_status_to_errno(ntstatus status)
{
	const struct ob_status_row *row;

	if (likely(status == STATUS_SUCCESS))
		return 0;
	if (STATUS_IS_LX_ERRNO(status))
		return -(int)((unsigned int)status & 0xffffU);
	row = ob_status_row(status);
	if (row)
		return -row->err;
	return NT_SUCCESS(status) ? 0 : -EIO;
}

/**
 * ob_status_name() - the symbolic name of @status, for logs
 * @status: an NTSTATUS
 *
 * Return: "STATUS_..." from the table, "STATUS_LX_ERRNO" for a carried
 * errno, or "STATUS_UNKNOWN". Never NULL; a static string.
 */
const char *ob_status_name(ntstatus status)
{
	const struct ob_status_row *row;

	if (STATUS_IS_LX_ERRNO(status))
		return "STATUS_LX_ERRNO";
	row = ob_status_row(status);
	return row ? row->name : "STATUS_UNKNOWN";
}
