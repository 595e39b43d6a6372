/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntstatus.h - the result codes of lxcore's executive (ob/, ke/, io/, ps/).
 *
 * The executive speaks NTSTATUS, as NT's did: severity in the top two
 * bits (0 success, 1 informational, 2 warning, 3 error). Only the Linux
 * edge (lx/) turns a status into an errno, through ob_status_to_errno()
 * and its one table (ob/status.c). Linux-only conditions with no NT code
 * use the customer bit: STATUS_LX_ERRNO(e) carries errno e through.
 *
 * Plain C: compiled into the module and into the userspace unit tests.
 */
#ifndef LXCORE_NTSTATUS_H
#define LXCORE_NTSTATUS_H

typedef int ntstatus;

/* Success and informational codes are >= 0 when read as a signed int. */
#define NT_SUCCESS(s)		((int)(s) >= 0)
#define NT_INFORMATION(s)	((unsigned int)(s) >> 30 == 1)
#define NT_WARNING(s)		((unsigned int)(s) >> 30 == 2)
#define NT_ERROR(s)		((unsigned int)(s) >> 30 == 3)

#define NTS(x)			((ntstatus)(x##U))

/* Success. */
#define STATUS_SUCCESS			NTS(0x00000000)
#define STATUS_WAIT_0			NTS(0x00000000)
#define STATUS_ABANDONED_WAIT_0		NTS(0x00000080)
#define STATUS_USER_APC			NTS(0x000000C0)
#define STATUS_ALERTED			NTS(0x00000101)
#define STATUS_TIMEOUT			NTS(0x00000102)
#define STATUS_PENDING			NTS(0x00000103)
#define STATUS_REPARSE			NTS(0x00000104)
#define STATUS_MORE_ENTRIES		NTS(0x00000105)

/* Warnings. */
#define STATUS_BUFFER_OVERFLOW		NTS(0x80000005)
#define STATUS_DEVICE_BUSY		NTS(0x80000011)
#define STATUS_NO_MORE_ENTRIES		NTS(0x8000001A)

/* Errors. */
#define STATUS_UNSUCCESSFUL		NTS(0xC0000001)
#define STATUS_NOT_IMPLEMENTED		NTS(0xC0000002)
#define STATUS_INVALID_INFO_CLASS	NTS(0xC0000003)
#define STATUS_ACCESS_VIOLATION		NTS(0xC0000005)
#define STATUS_INVALID_HANDLE		NTS(0xC0000008)
#define STATUS_INVALID_PARAMETER	NTS(0xC000000D)
#define STATUS_NO_SUCH_DEVICE		NTS(0xC000000E)
#define STATUS_NO_SUCH_FILE		NTS(0xC000000F)
#define STATUS_INVALID_DEVICE_REQUEST	NTS(0xC0000010)
#define STATUS_END_OF_FILE		NTS(0xC0000011)
#define STATUS_NO_MEMORY		NTS(0xC0000017)
#define STATUS_DISK_FULL		NTS(0xC000007F)
#define STATUS_ACCESS_DENIED		NTS(0xC0000022)
#define STATUS_BUFFER_TOO_SMALL		NTS(0xC0000023)
#define STATUS_OBJECT_TYPE_MISMATCH	NTS(0xC0000024)
#define STATUS_OBJECT_NAME_INVALID	NTS(0xC0000033)
#define STATUS_OBJECT_NAME_NOT_FOUND	NTS(0xC0000034)
#define STATUS_OBJECT_NAME_COLLISION	NTS(0xC0000035)
#define STATUS_OBJECT_PATH_INVALID	NTS(0xC0000039)
#define STATUS_OBJECT_PATH_NOT_FOUND	NTS(0xC000003A)
#define STATUS_OBJECT_PATH_SYNTAX_BAD	NTS(0xC000003B)
#define STATUS_SEMAPHORE_LIMIT_EXCEEDED	NTS(0xC0000047)
#define STATUS_MUTANT_NOT_OWNED		NTS(0xC0000046)
#define STATUS_INSUFFICIENT_RESOURCES	NTS(0xC000009A)
#define STATUS_PIPE_DISCONNECTED	NTS(0xC00000B0)
#define STATUS_PIPE_CLOSING		NTS(0xC00000B1)
#define STATUS_NOT_SUPPORTED		NTS(0xC00000BB)
#define STATUS_PIPE_EMPTY		NTS(0xC00000D9)
#define STATUS_INTERNAL_ERROR		NTS(0xC00000E5)
#define STATUS_TOO_MANY_OPENED_FILES	NTS(0xC000011F)
#define STATUS_CANCELLED		NTS(0xC0000120)
#define STATUS_PIPE_BROKEN		NTS(0xC000014B)
#define STATUS_NAME_TOO_LONG		NTS(0xC0000106)
#define STATUS_DIRECTORY_NOT_EMPTY	NTS(0xC0000101)
#define STATUS_NOT_A_DIRECTORY		NTS(0xC0000103)
#define STATUS_FILE_IS_A_DIRECTORY	NTS(0xC00000BA)
#define STATUS_OBJECT_NAME_EXISTS	NTS(0x40000000)
#define STATUS_REPARSE_POINT_NOT_RESOLVED NTS(0xC0000280)
#define STATUS_STOPPED_ON_SYMLINK	NTS(0x8000002D)

/*
 * Linux-only conditions: customer bit (29) set, facility 0x0ff,
 * errno in the low 16 bits. ob_status_to_errno() decodes these without
 * the table, so a Linux layer can pass any errno through the executive.
 */
#define STATUS_LX_FACILITY		0xE0FF0000U
#define STATUS_LX_ERRNO(e)		((ntstatus)(STATUS_LX_FACILITY | ((unsigned int)(e) & 0xffffU)))
#define STATUS_IS_LX_ERRNO(s)		(((unsigned int)(s) & 0xffff0000U) == STATUS_LX_FACILITY)

int ob_status_to_errno(ntstatus status);
const char *ob_status_name(ntstatus status);

#endif /* LXCORE_NTSTATUS_H */
