/* SPDX-License-Identifier: GPL-2.0 */
/*
 * io.h - file objects and the devices behind them: the map of module/io/.
 *
 *   file.c      the File object type (an open file description: access,
 *               status flags, the device that serves it), and host files:
 *               a Linux struct file an instance was given (its standard
 *               handles), served through the host's VFS
 *   pipe.c      the named-pipe device \Device\NamedPipe and its pipe objects:
 *               a page ring with Linux's pipe semantics, waits on ke events
 *
 * Results are NTSTATUS; a transfer also reports the bytes it moved, since a
 * partial transfer followed by an error is a success at the Linux edge.
 */
#ifndef LXCORE_IO_H
#define LXCORE_IO_H

#include <linux/types.h>

#include "ntstatus.h"
#include "ob/ob.h"

struct file;
struct iov_iter;
struct ke_thread;

/* io_file.flags: the open file description's status (F_GETFL/F_SETFL). */
#define IO_FILE_READ		0x0001U		/* opened for reading */
#define IO_FILE_WRITE		0x0002U		/* opened for writing */
#define IO_FILE_NONBLOCK	0x0100U
#define IO_FILE_APPEND		0x0200U
#define IO_FILE_NOATIME		0x0400U
#define IO_FILE_DIRECT		0x0800U
/* Status flags F_SETFL may change. */
#define IO_FILE_SETTABLE	(IO_FILE_NONBLOCK | IO_FILE_APPEND | IO_FILE_NOATIME)

struct io_file;

/*
 * What a device does for its files. read/write move data between the file
 * and @iter for the calling thread @kt (which may wait), and set *@done to
 * the bytes moved even when they fail afterwards.
 */
struct io_file_ops {
	const char *name;
	ntstatus (*read)(struct io_file *f, struct ke_thread *kt,
			 struct iov_iter *to, size_t *done);
	ntstatus (*write)(struct io_file *f, struct ke_thread *kt,
			  struct iov_iter *from, size_t *done);
	/* F_GETFL of a host file: the host's own flags (NULL: from @flags). */
	unsigned int (*host_flags)(struct io_file *f);
	/* F_SETFL: @flags are the new status flags; may refuse some. */
	ntstatus (*set_flags)(struct io_file *f, unsigned int flags);
	/* The file object is being deleted. */
	void (*release)(struct io_file *f);
};

/**
 * struct io_file - the body of a File object: an open file description
 * @ops: the device's operations
 * @flags: IO_FILE_*; read locklessly, changed with cmpxchg
 * @context: the device's own state (a pipe, a host struct file)
 */
struct io_file {
	const struct io_file_ops *ops;
	unsigned int flags;
	void *context;
};

extern struct ob_type io_file_type;

/* A new File object (one reference) for @ops/@context. */
ntstatus io_create_file(const struct io_file_ops *ops, void *context,
			unsigned int flags, struct io_file **out);
/* Change the settable status flags (F_SETFL). */
ntstatus io_file_set_flags(struct io_file *f, unsigned int flags);

static inline unsigned int io_file_flags(const struct io_file *f)
{
	return READ_ONCE(f->flags);
}

/* The access a new handle to @f is granted: what the file was opened for. */
static inline u32 io_file_access(const struct io_file *f)
{
	return (f->flags & IO_FILE_READ ? OB_ACCESS_READ_DATA : 0) |
	       (f->flags & IO_FILE_WRITE ? OB_ACCESS_WRITE_DATA : 0) |
	       OB_ACCESS_SYNCHRONIZE;
}

/* Wrap a host struct file (takes its own reference to @filp). */
ntstatus io_create_host_file(struct file *filp, struct io_file **out);

/* ---- pipes (pipe.c) ---- */

#define IO_PIPE_BUF		4096	/* writes up to this size are atomic */
#define IO_PIPE_SLOTS		16	/* pages a pipe holds: 64 KiB */

/**
 * io_create_pipe() - a new anonymous pipe: its read end and its write end
 * @flags: IO_FILE_NONBLOCK for both ends (IO_FILE_DIRECT: not supported)
 *
 * The pipe is a named-pipe object created through \Device\NamedPipe.
 */
ntstatus io_create_pipe(unsigned int flags, struct io_file **read_end,
			struct io_file **write_end);

int io_init(void);	/* \Device\NamedPipe; 0 or -errno */
void io_exit(void);

/* Objects counted by the tests: pipes alive now. */
extern struct ob_type io_pipe_type;

#endif /* LXCORE_IO_H */
