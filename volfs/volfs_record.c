// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_record.c - the VolFs record codec (encode, decode, validate) and
 * its CRC32C. Compiled into lxcore.ko and into the userspace tools alike:
 * it uses nothing but memcpy/memset and fixed-width types.
 */
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#include "volfs_format.h"

/* CRC32C, reflected polynomial 0x82f63b78: table[i] is the CRC of byte i. */
static const uint32_t volfs_crc_table[256] = {
	0x00000000, 0xf26b8303, 0xe13b70f7, 0x1350f3f4,
	0xc79a971f, 0x35f1141c, 0x26a1e7e8, 0xd4ca64eb,
	0x8ad958cf, 0x78b2dbcc, 0x6be22838, 0x9989ab3b,
	0x4d43cfd0, 0xbf284cd3, 0xac78bf27, 0x5e133c24,
	0x105ec76f, 0xe235446c, 0xf165b798, 0x030e349b,
	0xd7c45070, 0x25afd373, 0x36ff2087, 0xc494a384,
	0x9a879fa0, 0x68ec1ca3, 0x7bbcef57, 0x89d76c54,
	0x5d1d08bf, 0xaf768bbc, 0xbc267848, 0x4e4dfb4b,
	0x20bd8ede, 0xd2d60ddd, 0xc186fe29, 0x33ed7d2a,
	0xe72719c1, 0x154c9ac2, 0x061c6936, 0xf477ea35,
	0xaa64d611, 0x580f5512, 0x4b5fa6e6, 0xb93425e5,
	0x6dfe410e, 0x9f95c20d, 0x8cc531f9, 0x7eaeb2fa,
	0x30e349b1, 0xc288cab2, 0xd1d83946, 0x23b3ba45,
	0xf779deae, 0x05125dad, 0x1642ae59, 0xe4292d5a,
	0xba3a117e, 0x4851927d, 0x5b016189, 0xa96ae28a,
	0x7da08661, 0x8fcb0562, 0x9c9bf696, 0x6ef07595,
	0x417b1dbc, 0xb3109ebf, 0xa0406d4b, 0x522bee48,
	0x86e18aa3, 0x748a09a0, 0x67dafa54, 0x95b17957,
	0xcba24573, 0x39c9c670, 0x2a993584, 0xd8f2b687,
	0x0c38d26c, 0xfe53516f, 0xed03a29b, 0x1f682198,
	0x5125dad3, 0xa34e59d0, 0xb01eaa24, 0x42752927,
	0x96bf4dcc, 0x64d4cecf, 0x77843d3b, 0x85efbe38,
	0xdbfc821c, 0x2997011f, 0x3ac7f2eb, 0xc8ac71e8,
	0x1c661503, 0xee0d9600, 0xfd5d65f4, 0x0f36e6f7,
	0x61c69362, 0x93ad1061, 0x80fde395, 0x72966096,
	0xa65c047d, 0x5437877e, 0x4767748a, 0xb50cf789,
	0xeb1fcbad, 0x197448ae, 0x0a24bb5a, 0xf84f3859,
	0x2c855cb2, 0xdeeedfb1, 0xcdbe2c45, 0x3fd5af46,
	0x7198540d, 0x83f3d70e, 0x90a324fa, 0x62c8a7f9,
	0xb602c312, 0x44694011, 0x5739b3e5, 0xa55230e6,
	0xfb410cc2, 0x092a8fc1, 0x1a7a7c35, 0xe811ff36,
	0x3cdb9bdd, 0xceb018de, 0xdde0eb2a, 0x2f8b6829,
	0x82f63b78, 0x709db87b, 0x63cd4b8f, 0x91a6c88c,
	0x456cac67, 0xb7072f64, 0xa457dc90, 0x563c5f93,
	0x082f63b7, 0xfa44e0b4, 0xe9141340, 0x1b7f9043,
	0xcfb5f4a8, 0x3dde77ab, 0x2e8e845f, 0xdce5075c,
	0x92a8fc17, 0x60c37f14, 0x73938ce0, 0x81f80fe3,
	0x55326b08, 0xa759e80b, 0xb4091bff, 0x466298fc,
	0x1871a4d8, 0xea1a27db, 0xf94ad42f, 0x0b21572c,
	0xdfeb33c7, 0x2d80b0c4, 0x3ed04330, 0xccbbc033,
	0xa24bb5a6, 0x502036a5, 0x4370c551, 0xb11b4652,
	0x65d122b9, 0x97baa1ba, 0x84ea524e, 0x7681d14d,
	0x2892ed69, 0xdaf96e6a, 0xc9a99d9e, 0x3bc21e9d,
	0xef087a76, 0x1d63f975, 0x0e330a81, 0xfc588982,
	0xb21572c9, 0x407ef1ca, 0x532e023e, 0xa145813d,
	0x758fe5d6, 0x87e466d5, 0x94b49521, 0x66df1622,
	0x38cc2a06, 0xcaa7a905, 0xd9f75af1, 0x2b9cd9f2,
	0xff56bd19, 0x0d3d3e1a, 0x1e6dcdee, 0xec064eed,
	0xc38d26c4, 0x31e6a5c7, 0x22b65633, 0xd0ddd530,
	0x0417b1db, 0xf67c32d8, 0xe52cc12c, 0x1747422f,
	0x49547e0b, 0xbb3ffd08, 0xa86f0efc, 0x5a048dff,
	0x8ecee914, 0x7ca56a17, 0x6ff599e3, 0x9d9e1ae0,
	0xd3d3e1ab, 0x21b862a8, 0x32e8915c, 0xc083125f,
	0x144976b4, 0xe622f5b7, 0xf5720643, 0x07198540,
	0x590ab964, 0xab613a67, 0xb831c993, 0x4a5a4a90,
	0x9e902e7b, 0x6cfbad78, 0x7fab5e8c, 0x8dc0dd8f,
	0xe330a81a, 0x115b2b19, 0x020bd8ed, 0xf0605bee,
	0x24aa3f05, 0xd6c1bc06, 0xc5914ff2, 0x37faccf1,
	0x69e9f0d5, 0x9b8273d6, 0x88d28022, 0x7ab90321,
	0xae7367ca, 0x5c18e4c9, 0x4f48173d, 0xbd23943e,
	0xf36e6f75, 0x0105ec76, 0x12551f82, 0xe03e9c81,
	0x34f4f86a, 0xc69f7b69, 0xd5cf889d, 0x27a40b9e,
	0x79b737ba, 0x8bdcb4b9, 0x988c474d, 0x6ae7c44e,
	0xbe2da0a5, 0x4c4623a6, 0x5f16d052, 0xad7d5351,
};

uint32_t volfs_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--)
		crc = volfs_crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Little-endian accessors: byte by byte, so any host order and alignment. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* One row per type: the table every type question is answered from. */
static const struct {
	uint32_t ifmt;
	const char *name;
} volfs_types[VOLFS_TYPE_MAX + 1] = {
	[VOLFS_TYPE_REG] = { VOLFS_S_IFREG, "regular file" },
	[VOLFS_TYPE_DIR] = { VOLFS_S_IFDIR, "directory" },
	[VOLFS_TYPE_LNK] = { VOLFS_S_IFLNK, "symbolic link" },
	[VOLFS_TYPE_CHR] = { VOLFS_S_IFCHR, "character special file" },
	[VOLFS_TYPE_BLK] = { VOLFS_S_IFBLK, "block special file" },
	[VOLFS_TYPE_FIFO] = { VOLFS_S_IFIFO, "fifo" },
	[VOLFS_TYPE_SOCK] = { VOLFS_S_IFSOCK, "socket" },
};

uint32_t volfs_type_ifmt(uint32_t type)
{
	return type >= 1 && type <= VOLFS_TYPE_MAX ? volfs_types[type].ifmt : 0;
}

uint32_t volfs_ifmt_type(uint32_t mode)
{
	uint32_t t;

	for (t = 1; t <= VOLFS_TYPE_MAX; t++)
		if (volfs_types[t].ifmt == (mode & VOLFS_S_IFMT))
			return t;
	return 0;
}

const char *volfs_type_name(uint32_t type)
{
	return type >= 1 && type <= VOLFS_TYPE_MAX ? volfs_types[type].name : "invalid";
}

static const char *const volfs_errors[] = {
	[VOLFS_OK] = "no error",
	[VOLFS_ERR_TRUNCATED] = "truncated record",
	[VOLFS_ERR_MAGIC] = "not a VolFs record (bad magic)",
	[VOLFS_ERR_VERSION] = "unsupported record version",
	[VOLFS_ERR_SIZE] = "record size does not match its version",
	[VOLFS_ERR_CHECKSUM] = "bad record checksum",
	[VOLFS_ERR_INVALID] = "record field out of range",
	[VOLFS_ERR_NOSPC] = "record buffer too small",
};

const char *volfs_strerror(int err)
{
	unsigned int e = err < 0 ? -(unsigned int)err : (unsigned int)err;

	if (e < sizeof(volfs_errors) / sizeof(volfs_errors[0]))
		return volfs_errors[e];
	return "unknown record error";
}

static int time_ok(const struct volfs_time *t)
{
	return t->nsec <= VOLFS_NSEC_MAX && t->sec >= VOLFS_TIME_MIN && t->sec <= VOLFS_TIME_MAX;
}

void volfs_time_clamp(struct volfs_time *t)
{
	if (t->sec < VOLFS_TIME_MIN || t->sec > VOLFS_TIME_MAX) {
		t->sec = t->sec < VOLFS_TIME_MIN ? VOLFS_TIME_MIN : VOLFS_TIME_MAX;
		t->nsec = 0;
	} else if (t->sec == VOLFS_TIME_MIN || t->sec == VOLFS_TIME_MAX) {
		t->nsec = 0;	/* timestamp_truncate(): the ends have none */
	}
}

int volfs_meta_validate(const struct volfs_meta *m)
{
	int is_dev = m->type == VOLFS_TYPE_CHR || m->type == VOLFS_TYPE_BLK;

	if (!volfs_type_ifmt(m->type) || (m->mode & ~VOLFS_MODE_MASK) ||
	    m->uid == VOLFS_ID_INVALID || m->gid == VOLFS_ID_INVALID ||
	    (m->flags & ~VOLFS_F_KNOWN) ||
	    !time_ok(&m->atime) || !time_ok(&m->mtime) || !time_ok(&m->ctime))
		return -VOLFS_ERR_INVALID;
	if (m->rdev_major > VOLFS_MAJOR_MAX || m->rdev_minor > VOLFS_MINOR_MAX)
		return -VOLFS_ERR_INVALID;
	if (!is_dev && (m->rdev_major || m->rdev_minor))
		return -VOLFS_ERR_INVALID;
	return 0;
}

/* A version 2 time: seconds from VOLFS_TIME_MIN above 30 bits of nanoseconds. */
static uint64_t time_pack(const struct volfs_time *t)
{
	return (uint64_t)(t->sec - VOLFS_TIME_MIN) << 30 | t->nsec;
}

static struct volfs_time time_unpack(uint64_t v)
{
	return (struct volfs_time){ .sec = (int64_t)(v >> 30) + VOLFS_TIME_MIN,
				    .nsec = (uint32_t)(v & 0x3fffffff) };
}

int volfs_record_encode(const struct volfs_meta *m, void *buf, size_t len)
{
	uint8_t *p = buf;
	int err;

	if (len < VOLFS_RECORD_SIZE)
		return -VOLFS_ERR_NOSPC;
	err = volfs_meta_validate(m);
	if (err)
		return err;

	memset(p, 0, VOLFS_RECORD_SIZE);
	put32(p + VOLFS_OFF_MAGIC, VOLFS_MAGIC);
	put16(p + VOLFS_OFF_VERSION, VOLFS_VERSION);
	put16(p + VOLFS_OFF_SIZE, VOLFS_RECORD_SIZE);
	p[VOLFS_OFF_TYPE] = (uint8_t)m->type;
	p[VOLFS_OFF_FLAGS] = (uint8_t)m->flags;
	put16(p + VOLFS_OFF_MODE, (uint16_t)m->mode);
	put32(p + VOLFS_OFF_UID, m->uid);
	put32(p + VOLFS_OFF_GID, m->gid);
	put32(p + VOLFS_OFF_RDEV, m->rdev_major << 20 | m->rdev_minor);
	put64(p + VOLFS_OFF_ATIME, time_pack(&m->atime));
	put64(p + VOLFS_OFF_MTIME, time_pack(&m->mtime));
	put64(p + VOLFS_OFF_CTIME, time_pack(&m->ctime));
	put32(p + VOLFS_OFF_CRC, volfs_crc32c(0, p, VOLFS_OFF_CRC));
	return VOLFS_RECORD_SIZE;
}

/* Version 2 fields of a checked record. */
static void decode_v2(const uint8_t *p, struct volfs_meta *v)
{
	uint32_t rdev = get32(p + VOLFS_OFF_RDEV);

	v->type = p[VOLFS_OFF_TYPE];
	v->flags = p[VOLFS_OFF_FLAGS];
	v->mode = get16(p + VOLFS_OFF_MODE);
	v->uid = get32(p + VOLFS_OFF_UID);
	v->gid = get32(p + VOLFS_OFF_GID);
	v->rdev_major = rdev >> 20;
	v->rdev_minor = rdev & VOLFS_MINOR_MAX;
	v->atime = time_unpack(get64(p + VOLFS_OFF_ATIME));
	v->mtime = time_unpack(get64(p + VOLFS_OFF_MTIME));
	v->ctime = time_unpack(get64(p + VOLFS_OFF_CTIME));
}

/* Version 1 fields of a checked record; its times clamped into version 2's range. */
static int decode_v1(const uint8_t *p, struct volfs_meta *v)
{
	if (get16(p + VOLFS_V1_OFF_RESERVED))
		return -VOLFS_ERR_INVALID;
	v->type = get16(p + VOLFS_V1_OFF_TYPE);
	v->mode = get32(p + VOLFS_V1_OFF_MODE);
	v->uid = get32(p + VOLFS_V1_OFF_UID);
	v->gid = get32(p + VOLFS_V1_OFF_GID);
	v->rdev_major = get32(p + VOLFS_V1_OFF_RDEV_MAJOR);
	v->rdev_minor = get32(p + VOLFS_V1_OFF_RDEV_MINOR);
	v->flags = get32(p + VOLFS_V1_OFF_FLAGS);
	v->atime.nsec = get32(p + VOLFS_V1_OFF_ATIME_NSEC);
	v->mtime.nsec = get32(p + VOLFS_V1_OFF_MTIME_NSEC);
	v->ctime.nsec = get32(p + VOLFS_V1_OFF_CTIME_NSEC);
	v->atime.sec = (int64_t)get64(p + VOLFS_V1_OFF_ATIME_SEC);
	v->mtime.sec = (int64_t)get64(p + VOLFS_V1_OFF_MTIME_SEC);
	v->ctime.sec = (int64_t)get64(p + VOLFS_V1_OFF_CTIME_SEC);
	if (v->atime.nsec > VOLFS_NSEC_MAX || v->mtime.nsec > VOLFS_NSEC_MAX ||
	    v->ctime.nsec > VOLFS_NSEC_MAX)
		return -VOLFS_ERR_INVALID;
	volfs_time_clamp(&v->atime);
	volfs_time_clamp(&v->mtime);
	volfs_time_clamp(&v->ctime);
	return 0;
}

int volfs_record_decode(const void *buf, size_t len, struct volfs_meta *m)
{
	const uint8_t *p = buf;
	struct volfs_meta v;
	unsigned int version;
	size_t size, crc_off;
	int err;

	if (len < VOLFS_HEADER_SIZE)
		return -VOLFS_ERR_TRUNCATED;
	if (get32(p + VOLFS_OFF_MAGIC) != VOLFS_MAGIC)
		return -VOLFS_ERR_MAGIC;
	version = get16(p + VOLFS_OFF_VERSION);
	if (version == VOLFS_VERSION) {
		size = VOLFS_RECORD_SIZE;
		crc_off = VOLFS_OFF_CRC;
	} else if (version == 1) {
		size = VOLFS_RECORD_V1_SIZE;
		crc_off = VOLFS_V1_OFF_CRC;
	} else {
		return -VOLFS_ERR_VERSION;
	}
	if (get16(p + VOLFS_OFF_SIZE) != size)
		return -VOLFS_ERR_SIZE;
	if (len < size)
		return -VOLFS_ERR_TRUNCATED;
	if (len > size)
		return -VOLFS_ERR_SIZE;
	if (get32(p + crc_off) != volfs_crc32c(0, p, crc_off))
		return -VOLFS_ERR_CHECKSUM;
	if (version == 1) {
		err = decode_v1(p, &v);
		if (err)
			return err;
	} else {
		decode_v2(p, &v);
	}
	err = volfs_meta_validate(&v);
	if (err)
		return err;
	*m = v;
	return 0;
}
