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

#include <linux/mutex.h>
#include <linux/time64.h>
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
#define IO_FILE_SEEKABLE	0x1000U		/* has a position: lseek, pread */
#define IO_FILE_PATH		0x2000U		/* O_PATH: names a file, no I/O */
/* Status flags F_SETFL may change. */
#define IO_FILE_SETTABLE	(IO_FILE_NONBLOCK | IO_FILE_APPEND | IO_FILE_NOATIME)

struct io_file;

/*
 * What a device does for its files. read/write move data between the file
 * and @iter for the calling thread @kt (which may wait), and set *@done to
 * the bytes moved even when they fail afterwards.
 */
/* The attributes of a file, as stat(2) reports them. */
struct io_stat {
	u64 ino;
	u64 dev;		/* new_encode_dev() of the device number */
	u32 mode;		/* type and permission bits */
	u32 nlink;
	u32 uid;
	u32 gid;
	u64 rdev;		/* new_encode_dev() */
	s64 size;
	u64 blocks;		/* 512-byte units */
	u32 blksize;
	struct timespec64 atime;
	struct timespec64 mtime;
	struct timespec64 ctime;
};

/* One directory entry, for readdir. */
struct io_dirent {
	const char *name;
	unsigned int len;
	u64 ino;
	unsigned int type;	/* DT_* */
	loff_t next;		/* the position after this entry (d_off) */
};

/* readdir's consumer: false when it has no room for @d (then stop). */
typedef bool (*io_filldir_t)(void *ctx, const struct io_dirent *d);

/* Kinds of File objects other layers look inside. */
enum io_file_kind {
	IO_KIND_OTHER,
	IO_KIND_PIPE,
	IO_KIND_HOST,		/* context: the host struct file */
	IO_KIND_VFS,		/* context: a struct vfs_file (vfs/vfs.h) */
};

struct io_file_ops {
	const char *name;
	enum io_file_kind kind;
	/*
	 * @pos: the position to transfer at and advance, or NULL for a
	 * stream (pipes) or a device that keeps its own position (host files).
	 */
	ntstatus (*read)(struct io_file *f, struct ke_thread *kt,
			 struct iov_iter *to, loff_t *pos, size_t *done);
	ntstatus (*write)(struct io_file *f, struct ke_thread *kt,
			  struct iov_iter *from, loff_t *pos, size_t *done);
	/* fstat(2). */
	ntstatus (*getattr)(struct io_file *f, struct io_stat *st);
	/*
	 * Directory entries from *@pos on; *@pos is advanced past each entry
	 * @fill accepted.
	 */
	ntstatus (*readdir)(struct io_file *f, loff_t *pos, io_filldir_t fill,
			    void *ctx);
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
 * @pos_lock: serializes users of @pos (read, write, lseek, getdents)
 * @pos: the file position of a seekable file (IO_FILE_SEEKABLE)
 */
struct io_file {
	const struct io_file_ops *ops;
	unsigned int flags;
	void *context;
	struct mutex pos_lock;
	loff_t pos;
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

struct kstat;
void io_stat_from_kstat(struct io_stat *st, const struct kstat *ks);

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
ntstatus io_create_pipe(unsigned int flags, u32 uid, u32 gid,
			struct io_file **read_end, struct io_file **write_end);

/* FIFOs opened by path (LxVfs): one pipe per node, ends opened as Linux. */
struct io_pipe;
ntstatus io_create_fifo_pipe(struct io_pipe **out);
void io_pipe_put(struct io_pipe *p);
ntstatus io_pipe_open_end(struct io_pipe *p, unsigned int flags);
void io_pipe_close_end(struct io_pipe *p, unsigned int flags);
ntstatus io_pipe_read_from(struct io_pipe *p, struct ke_thread *kt,
			   struct iov_iter *to, bool nonblock, size_t *done);
ntstatus io_pipe_write_to(struct io_pipe *p, struct ke_thread *kt,
			  struct iov_iter *from, bool nonblock, size_t *done);

int io_init(void);	/* \Device\NamedPipe; 0 or -errno */
void io_exit(void);

/* Objects counted by the tests: pipes alive now. */
extern struct ob_type io_pipe_type;

#endif /* LXCORE_IO_H */
