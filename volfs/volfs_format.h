/* SPDX-License-Identifier: GPL-2.0 */
/*
 * volfs_format.h - the VolFs metadata record, defined once, used by
 * lxcore.ko and by the userspace tools. Everything the host cannot hold for
 * an unprivileged owner (type, mode, owner, rdev, timestamps) lives in one
 * record per inode, in the extended attribute VOLFS_XATTR_NAME.
 *
 * The record is a byte string of fixed little-endian fields at fixed offsets
 * (no C struct is ever copied to disk, so padding and endianness cannot leak
 * in). volfs_record.c encodes, decodes and validates it; see volfs/README.md.
 * Every version starts with the same header: magic, version, size.
 *
 * Version 2 (52 bytes, what is written): small enough that the xattr fits
 * in the body of an ext4 inode of 256 bytes (96 bytes there: 4 of header,
 * 16 + 12 of entry and name, the value, 4 of end), so a file costs no xattr
 * block (a 76-byte version 1 record took one per file).
 *
 *  off size field
 *    0    4 magic       VOLFS_MAGIC ("LXVF")
 *    4    2 version     2
 *    6    2 size        VOLFS_RECORD_SIZE (52)
 *    8    1 type        enum volfs_type
 *    9    1 flags       VOLFS_F_*
 *   10    2 mode        permission bits only (<= 07777)
 *   12    4 uid         (uid_t)-1 is invalid
 *   16    4 gid         (gid_t)-1 is invalid
 *   20    4 rdev        major << 20 | minor, 0 unless a char or block device
 *   24    8 atime       (sec - VOLFS_TIME_MIN) << 30 | nsec
 *   32    8 mtime       the same
 *   40    8 ctime       the same
 *   48    4 crc32c      CRC32C (Castagnoli) of bytes 0..47
 *
 * Times cover ext4's range, [VOLFS_TIME_MIN, VOLFS_TIME_MAX] (1901..2446);
 * volfs_time_clamp() brings a time into it as ext4 does.
 *
 * Version 1 (76 bytes) is still read: type u16 at 8, reserved u16 at 10 (0),
 * mode at 12, uid 16, gid 20, rdev_major 24, rdev_minor 28, flags 32, the
 * nsec fields at 36/40/44, the s64 sec fields at 48/56/64, crc32c at 72;
 * all u32 but where said.
 */
#ifndef VOLFS_FORMAT_H
#define VOLFS_FORMAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

/* A user.* xattr: an unprivileged owner may set it (trusted.* needs root). */
#define VOLFS_XATTR_NAME	"user.lxcore.volfs"
/*
 * Every other host xattr name under this prefix is reserved for lxcore. The
 * guest's own xattrs that cannot be stored under their name (any namespace
 * but user.*, or a user.* name under VOLFS_XATTR_PREFIX) are stored as
 * VOLFS_XATTR_ESCAPE followed by their full name.
 */
#define VOLFS_XATTR_PREFIX	"user.lxcore."
#define VOLFS_XATTR_ESCAPE	"user.lxcore.x."

#define VOLFS_MAGIC		0x4656584cU	/* "LXVF" read as little-endian */
#define VOLFS_VERSION		2		/* the version written */
#define VOLFS_RECORD_SIZE	52		/* its size */
#define VOLFS_RECORD_V1_SIZE	76
#define VOLFS_RECORD_MAX	76		/* the largest record read */
#define VOLFS_HEADER_SIZE	8		/* magic, version, size */

/* The header, in every version. */
#define VOLFS_OFF_MAGIC		0
#define VOLFS_OFF_VERSION	4
#define VOLFS_OFF_SIZE		6

/* Field offsets in a version 2 record. */
#define VOLFS_OFF_TYPE		8
#define VOLFS_OFF_FLAGS		9
#define VOLFS_OFF_MODE		10
#define VOLFS_OFF_UID		12
#define VOLFS_OFF_GID		16
#define VOLFS_OFF_RDEV		20
#define VOLFS_OFF_ATIME		24
#define VOLFS_OFF_MTIME		32
#define VOLFS_OFF_CTIME		40
#define VOLFS_OFF_CRC		48

/* Field offsets in a version 1 record. */
#define VOLFS_V1_OFF_TYPE	8
#define VOLFS_V1_OFF_RESERVED	10
#define VOLFS_V1_OFF_MODE	12
#define VOLFS_V1_OFF_UID	16
#define VOLFS_V1_OFF_GID	20
#define VOLFS_V1_OFF_RDEV_MAJOR	24
#define VOLFS_V1_OFF_RDEV_MINOR	28
#define VOLFS_V1_OFF_FLAGS	32
#define VOLFS_V1_OFF_ATIME_NSEC	36
#define VOLFS_V1_OFF_MTIME_NSEC	40
#define VOLFS_V1_OFF_CTIME_NSEC	44
#define VOLFS_V1_OFF_ATIME_SEC	48
#define VOLFS_V1_OFF_MTIME_SEC	56
#define VOLFS_V1_OFF_CTIME_SEC	64
#define VOLFS_V1_OFF_CRC	72

/* Seconds a record holds: ext4's range (32 bits and two epoch bits). */
#define VOLFS_TIME_MIN		(-2147483648LL)
#define VOLFS_TIME_MAX		(15032385535LL)

/*
 * The guest's file type. The host object is a directory for VOLFS_TYPE_DIR
 * and a regular file for every other type: a symlink's file holds its target
 * (no terminating NUL), a device, FIFO or socket's file is empty. Host
 * symlinks, FIFOs and nodes are never used: creating nodes needs privilege,
 * a host symlink could lead a host-side walk out of the tree, and Linux
 * allows user.* xattrs on regular files and directories only.
 */
enum volfs_type {
	VOLFS_TYPE_REG = 1,
	VOLFS_TYPE_DIR = 2,
	VOLFS_TYPE_LNK = 3,
	VOLFS_TYPE_CHR = 4,
	VOLFS_TYPE_BLK = 5,
	VOLFS_TYPE_FIFO = 6,
	VOLFS_TYPE_SOCK = 7,
};
#define VOLFS_TYPE_MAX		VOLFS_TYPE_SOCK

/* st_mode format bits (Linux values, the same in the kernel and in libc). */
#define VOLFS_S_IFMT		0170000U
#define VOLFS_S_IFSOCK		0140000U
#define VOLFS_S_IFLNK		0120000U
#define VOLFS_S_IFREG		0100000U
#define VOLFS_S_IFBLK		0060000U
#define VOLFS_S_IFDIR		0040000U
#define VOLFS_S_IFCHR		0020000U
#define VOLFS_S_IFIFO		0010000U

#define VOLFS_MODE_MASK		07777U	/* setuid, setgid, sticky, rwx x 3 */
#define VOLFS_ID_INVALID	0xffffffffU
#define VOLFS_MAJOR_MAX		0xfffU		/* the kernel's dev_t: 12 bits */
#define VOLFS_MINOR_MAX		0xfffffU	/* and 20 bits */
#define VOLFS_NSEC_MAX		999999999U

/*
 * Flags. The record's timestamps are authoritative unless a flag says the
 * host inode's is (fsck --repair sets both: it only knows the host's; the
 * module may set VOLFS_F_HOST_MTIME so that data writes need no record
 * write). There is no host flag for ctime: the host cannot set it.
 */
#define VOLFS_F_HOST_ATIME	0x1U
#define VOLFS_F_HOST_MTIME	0x2U
#define VOLFS_F_KNOWN		(VOLFS_F_HOST_ATIME | VOLFS_F_HOST_MTIME)

/* Codec errors: negative return values, each distinct. */
enum volfs_error {
	VOLFS_OK = 0,
	VOLFS_ERR_TRUNCATED = 1,	/* shorter than its header or its size */
	VOLFS_ERR_MAGIC = 2,		/* not a VolFs record */
	VOLFS_ERR_VERSION = 3,		/* a version this code does not know */
	VOLFS_ERR_SIZE = 4,		/* size field or length wrong for the version */
	VOLFS_ERR_CHECKSUM = 5,		/* CRC32C mismatch */
	VOLFS_ERR_INVALID = 6,		/* a field out of range */
	VOLFS_ERR_NOSPC = 7,		/* encode: buffer too small */
};

struct volfs_time {
	int64_t sec;
	uint32_t nsec;
};

/* A decoded record, in host byte order. */
struct volfs_meta {
	uint32_t type;		/* enum volfs_type */
	uint32_t mode;		/* permission bits */
	uint32_t uid;
	uint32_t gid;
	uint32_t rdev_major;
	uint32_t rdev_minor;
	uint32_t flags;		/* VOLFS_F_* */
	struct volfs_time atime;
	struct volfs_time mtime;
	struct volfs_time ctime;
};

/**
 * volfs_crc32c() - CRC32C (Castagnoli, reflected 0x82f63b78), table-driven.
 * @crc: 0 to start, or the result of the previous call to continue
 * @buf: bytes
 * @len: their number
 *
 * Return: the CRC of everything so far ("123456789" gives 0xe3069283).
 */
uint32_t volfs_crc32c(uint32_t crc, const void *buf, size_t len);

/**
 * volfs_time_clamp() - bring @t into the range a record holds, as ext4's
 * timestamp_truncate() does (a clamped time has no nanoseconds)
 */
void volfs_time_clamp(struct volfs_time *t);

/**
 * volfs_meta_validate() - check every field of @m is in range
 * Return: 0 or -VOLFS_ERR_INVALID.
 */
int volfs_meta_validate(const struct volfs_meta *m);

/**
 * volfs_record_encode() - write the version 2 record of @m into @buf
 * Return: VOLFS_RECORD_SIZE, -VOLFS_ERR_NOSPC if @len is too small, or
 * -VOLFS_ERR_INVALID if @m does not validate (nothing is written then).
 */
int volfs_record_encode(const struct volfs_meta *m, void *buf, size_t len);

/**
 * volfs_record_decode() - read and check a record of @len bytes
 * Return: 0 and @m filled, or a negative enum volfs_error (then @m is
 * untouched). Checks, in order: header present, magic, version, size,
 * checksum, field ranges. Versions 1 and 2 are read (a version 1 record's
 * times are clamped into version 2's range).
 */
int volfs_record_decode(const void *buf, size_t len, struct volfs_meta *m);

/** volfs_strerror() - a short text for a (negative) codec error */
const char *volfs_strerror(int err);

/** volfs_type_ifmt() - the S_IFMT bits of a type, 0 if the type is invalid */
uint32_t volfs_type_ifmt(uint32_t type);

/** volfs_ifmt_type() - the type of S_IFMT bits, 0 if none */
uint32_t volfs_ifmt_type(uint32_t mode);

/** volfs_type_name() - "regular file", "directory", ... ("invalid" if none) */
const char *volfs_type_name(uint32_t type);

#endif /* VOLFS_FORMAT_H */
