// SPDX-License-Identifier: GPL-2.0
/*
 * test_record.c - the record codec: CRC32C, round trips of every type, the
 * byte layout, and every way a record can be wrong (each its own error).
 */
#include <string.h>

#include "volfs_unit.h"

static void sample(struct volfs_meta *m, uint32_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->mode = 04755;
	m->uid = 1000;
	m->gid = 50;
	if (type == VOLFS_TYPE_CHR || type == VOLFS_TYPE_BLK) {
		m->rdev_major = 8;
		m->rdev_minor = 17;
	}
	m->flags = VOLFS_F_HOST_MTIME;
	m->atime = (struct volfs_time){ 1700000001, 1 };
	m->mtime = (struct volfs_time){ 1700000002, 500000000 };
	m->ctime = (struct volfs_time){ -5, 999999999 };
}

static void encode(const struct volfs_meta *m, uint8_t *buf)
{
	ck_assert_int_eq(volfs_record_encode(m, buf, VOLFS_RECORD_SIZE), VOLFS_RECORD_SIZE);
}

static void reseal_at(uint8_t *buf, size_t off)
{
	uint32_t crc = volfs_crc32c(0, buf, off);

	buf[off] = crc & 0xff;
	buf[off + 1] = (crc >> 8) & 0xff;
	buf[off + 2] = (crc >> 16) & 0xff;
	buf[off + 3] = crc >> 24;
}

static void reseal(uint8_t *buf)
{
	reseal_at(buf, VOLFS_OFF_CRC);
}

START_TEST(crc32c_matches_the_castagnoli_check_value)
{
	ck_assert_uint_eq(volfs_crc32c(0, "123456789", 9), 0xe3069283);
	ck_assert_uint_eq(volfs_crc32c(0, "", 0), 0);
	/* Continuing a CRC equals computing it at once. */
	ck_assert_uint_eq(volfs_crc32c(volfs_crc32c(0, "1234", 4), "56789", 5), 0xe3069283);
}
END_TEST

START_TEST(crc32c_table_matches_bitwise_crc)
{
	uint8_t data[512];
	uint32_t crc = 0xffffffff;
	size_t i;
	int b;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 131 + 7);
	for (i = 0; i < sizeof(data); i++) {
		crc ^= data[i];
		for (b = 0; b < 8; b++)
			crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78 : crc >> 1;
	}
	ck_assert_uint_eq(volfs_crc32c(0, data, sizeof(data)), ~crc);
}
END_TEST

/* Loop test: _i is each type in turn. */
START_TEST(every_type_round_trips)
{
	struct volfs_meta m, d;
	uint8_t buf[VOLFS_RECORD_SIZE];

	sample(&m, (uint32_t)_i);
	encode(&m, buf);
	memset(&d, 0xa5, sizeof(d));
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &d), 0);
	ck_assert_int_eq((d.type == m.type && d.mode == m.mode && d.uid == m.uid &&
			  d.gid == m.gid && d.rdev_major == m.rdev_major &&
			  d.rdev_minor == m.rdev_minor && d.flags == m.flags &&
			  d.atime.sec == m.atime.sec && d.atime.nsec == m.atime.nsec &&
			  d.mtime.sec == m.mtime.sec && d.mtime.nsec == m.mtime.nsec &&
			  d.ctime.sec == m.ctime.sec && d.ctime.nsec == m.ctime.nsec), 1);
	ck_assert_uint_eq(volfs_ifmt_type(volfs_type_ifmt((uint32_t)_i)), (uint32_t)_i);
}
END_TEST

START_TEST(layout_is_little_endian_at_fixed_offsets)
{
	struct volfs_meta m;
	uint8_t buf[VOLFS_RECORD_SIZE];
	uint64_t t;
	int i;

	sample(&m, VOLFS_TYPE_BLK);
	m.uid = 0x11223344;
	m.mtime = (struct volfs_time){ 0x123456789LL, 0x2345678 };
	encode(&m, buf);
	ck_assert_int_eq(VOLFS_RECORD_SIZE, 52);
	ck_assert_int_eq(memcmp(buf, "LXVF", 4), 0);
	ck_assert_int_eq(buf[VOLFS_OFF_VERSION], 2);
	ck_assert_int_eq(buf[VOLFS_OFF_VERSION + 1], 0);
	ck_assert_int_eq(buf[VOLFS_OFF_SIZE], VOLFS_RECORD_SIZE);
	ck_assert_int_eq(buf[VOLFS_OFF_TYPE], VOLFS_TYPE_BLK);
	ck_assert_int_eq(buf[VOLFS_OFF_FLAGS], VOLFS_F_HOST_MTIME);
	ck_assert_int_eq(buf[VOLFS_OFF_MODE], 0xed);	/* 04755 = 0x9ed */
	ck_assert_int_eq(buf[VOLFS_OFF_MODE + 1], 0x09);
	ck_assert_int_eq(buf[VOLFS_OFF_UID], 0x44);
	ck_assert_int_eq(buf[VOLFS_OFF_UID + 3], 0x11);
	/* rdev: 8 << 20 | 17 */
	ck_assert_int_eq(buf[VOLFS_OFF_RDEV], 17);
	ck_assert_int_eq(buf[VOLFS_OFF_RDEV + 2], 0x80);
	for (t = 0, i = 7; i >= 0; i--)
		t = t << 8 | buf[VOLFS_OFF_MTIME + i];
	ck_assert_uint_eq(t >> 30, (uint64_t)(0x123456789LL - VOLFS_TIME_MIN));
	ck_assert_uint_eq(t & 0x3fffffff, 0x2345678);
}
END_TEST

/* A record of the xattr's name and its value fits an ext4 inode's 96 spare bytes. */
START_TEST(the_xattr_fits_in_an_ext4_inode)
{
	size_t name = sizeof(VOLFS_XATTR_NAME) - 1 - (sizeof("user.") - 1);

	ck_assert_uint_le(4 + 16 + ((name + 3) & ~3UL) + ((VOLFS_RECORD_SIZE + 3) & ~3UL) + 4, 96);
}
END_TEST

/* A version 1 record, as earlier lxcore wrote it, byte by byte. */
static void v1_record(uint8_t *buf, int64_t mtime_sec)
{
	uint32_t crc;
	int i;

	memset(buf, 0, VOLFS_RECORD_V1_SIZE);
	memcpy(buf, "LXVF", 4);
	buf[VOLFS_OFF_VERSION] = 1;
	buf[VOLFS_OFF_SIZE] = VOLFS_RECORD_V1_SIZE;
	buf[VOLFS_V1_OFF_TYPE] = VOLFS_TYPE_CHR;
	buf[VOLFS_V1_OFF_MODE] = 0xa4;	/* 0644 */
	buf[VOLFS_V1_OFF_MODE + 1] = 0x01;
	buf[VOLFS_V1_OFF_UID] = 0xe8;	/* 1000 */
	buf[VOLFS_V1_OFF_UID + 1] = 0x03;
	buf[VOLFS_V1_OFF_GID] = 5;
	buf[VOLFS_V1_OFF_RDEV_MAJOR] = 4;
	buf[VOLFS_V1_OFF_RDEV_MINOR] = 64;
	buf[VOLFS_V1_OFF_FLAGS] = VOLFS_F_HOST_ATIME;
	buf[VOLFS_V1_OFF_MTIME_NSEC] = 7;
	for (i = 0; i < 8; i++)
		buf[VOLFS_V1_OFF_MTIME_SEC + i] = (uint8_t)((uint64_t)mtime_sec >> (8 * i));
	buf[VOLFS_V1_OFF_CTIME_SEC] = 9;
	crc = volfs_crc32c(0, buf, VOLFS_V1_OFF_CRC);
	for (i = 0; i < 4; i++)
		buf[VOLFS_V1_OFF_CRC + i] = (uint8_t)(crc >> (8 * i));
}

START_TEST(a_version_1_record_is_still_read)
{
	uint8_t buf[VOLFS_RECORD_V1_SIZE];
	struct volfs_meta m;

	v1_record(buf, 1700000000);
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &m), 0);
	ck_assert_int_eq(m.type == VOLFS_TYPE_CHR && m.mode == 0644 && m.uid == 1000 &&
			 m.gid == 5 && m.rdev_major == 4 && m.rdev_minor == 64 &&
			 m.flags == VOLFS_F_HOST_ATIME && m.mtime.sec == 1700000000 &&
			 m.mtime.nsec == 7 && m.ctime.sec == 9 && m.atime.sec == 0, 1);
	/* Its times are clamped to what version 2 holds. */
	v1_record(buf, INT64_MAX);
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &m), 0);
	ck_assert_int_eq(m.mtime.sec == VOLFS_TIME_MAX && m.mtime.nsec == 0, 1);
	/* Its reserved field must be 0; its size is its own. */
	v1_record(buf, 1);
	buf[VOLFS_V1_OFF_RESERVED + 1] = 1;
	reseal_at(buf, VOLFS_V1_OFF_CRC);
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &m), -VOLFS_ERR_INVALID);
	v1_record(buf, 1);
	ck_assert_int_eq(volfs_record_decode(buf, VOLFS_RECORD_SIZE, &m), -VOLFS_ERR_TRUNCATED);
}
END_TEST

START_TEST(version_mismatch_is_its_own_error)
{
	struct volfs_meta m;
	uint8_t buf[VOLFS_RECORD_SIZE];

	sample(&m, VOLFS_TYPE_REG);
	encode(&m, buf);
	buf[VOLFS_OFF_VERSION] = 3;
	reseal(buf);
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &m), -VOLFS_ERR_VERSION);
	buf[VOLFS_OFF_VERSION] = 0;
	reseal(buf);
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &m), -VOLFS_ERR_VERSION);
}
END_TEST

/* One bit flipped in any byte past the header, the crc's included. */
START_TEST(any_flipped_byte_is_a_bad_checksum)
{
	struct volfs_meta m;
	uint8_t buf[VOLFS_RECORD_SIZE];
	int i;

	sample(&m, VOLFS_TYPE_CHR);
	encode(&m, buf);
	for (i = VOLFS_HEADER_SIZE; i < VOLFS_RECORD_SIZE; i++) {
		buf[i] ^= 0x10;
		ck_assert_msg(volfs_record_decode(buf, sizeof(buf), &m) == -VOLFS_ERR_CHECKSUM,
			      "byte %d", i);
		buf[i] ^= 0x10;
	}
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &m), 0);
}
END_TEST

START_TEST(every_short_length_is_truncated)
{
	struct volfs_meta m, d;
	uint8_t buf[VOLFS_RECORD_SIZE];
	size_t len;

	sample(&m, VOLFS_TYPE_DIR);
	encode(&m, buf);
	d = m;
	for (len = 0; len < VOLFS_RECORD_SIZE; len++)
		ck_assert_int_eq(volfs_record_decode(buf, len, &d), -VOLFS_ERR_TRUNCATED);
	/* Untouched on failure. */
	ck_assert_int_eq(d.type == m.type && d.uid == m.uid && d.ctime.sec == m.ctime.sec, 1);
}
END_TEST

START_TEST(bad_magic_and_bad_size_are_their_own_errors)
{
	struct volfs_meta m;
	uint8_t buf[VOLFS_RECORD_SIZE + 4];

	sample(&m, VOLFS_TYPE_REG);
	encode(&m, buf);
	ck_assert_int_eq(volfs_record_decode(buf, VOLFS_RECORD_SIZE + 4, &m), -VOLFS_ERR_SIZE);
	buf[VOLFS_OFF_SIZE] = VOLFS_RECORD_SIZE + 4;
	reseal(buf);
	ck_assert_int_eq(volfs_record_decode(buf, VOLFS_RECORD_SIZE + 4, &m), -VOLFS_ERR_SIZE);
	buf[0] = 'X';
	ck_assert_int_eq(volfs_record_decode(buf, VOLFS_RECORD_SIZE, &m), -VOLFS_ERR_MAGIC);
}
END_TEST

/* Round trip at a limit, or -VOLFS_ERR_INVALID just past it (encode and decode). */
static void at_limit(struct volfs_meta *m, int ok)
{
	uint8_t buf[VOLFS_RECORD_SIZE], before[VOLFS_RECORD_SIZE];
	struct volfs_meta d, good;

	if (ok) {
		encode(m, buf);
		ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &d), 0);
		ck_assert_int_eq(volfs_record_encode(&d, before, sizeof(before)),
				 VOLFS_RECORD_SIZE);
		ck_assert_int_eq(memcmp(buf, before, sizeof(buf)), 0);
		return;
	}
	memset(buf, 0x5a, sizeof(buf));
	memcpy(before, buf, sizeof(buf));
	ck_assert_int_eq(volfs_record_encode(m, buf, sizeof(buf)), -VOLFS_ERR_INVALID);
	ck_assert_int_eq(memcmp(buf, before, sizeof(buf)), 0);	/* nothing written */
	/* The same field forged into a sealed record, where version 2 can hold it. */
	sample(&good, m->type >= 1 && m->type <= VOLFS_TYPE_MAX ? m->type : VOLFS_TYPE_REG);
	encode(&good, buf);
	if (m->type > 0xff || m->flags > 0xff || m->mode > 0xffff ||
	    m->rdev_major > VOLFS_MAJOR_MAX || m->rdev_minor > VOLFS_MINOR_MAX ||
	    m->atime.nsec > 0x3fffffff || m->mtime.nsec > 0x3fffffff ||
	    m->ctime.nsec > 0x3fffffff || m->atime.sec < VOLFS_TIME_MIN ||
	    m->atime.sec > VOLFS_TIME_MAX || m->mtime.sec < VOLFS_TIME_MIN ||
	    m->mtime.sec > VOLFS_TIME_MAX || m->ctime.sec < VOLFS_TIME_MIN ||
	    m->ctime.sec > VOLFS_TIME_MAX)
		return;		/* no version 2 record says it */
	buf[VOLFS_OFF_TYPE] = (uint8_t)m->type;
	buf[VOLFS_OFF_FLAGS] = (uint8_t)m->flags;
	memcpy(buf + VOLFS_OFF_MODE, &(uint16_t){ m->mode }, 2);	/* x86: LE */
	memcpy(buf + VOLFS_OFF_UID, &(uint32_t){ m->uid }, 4);
	memcpy(buf + VOLFS_OFF_GID, &(uint32_t){ m->gid }, 4);
	memcpy(buf + VOLFS_OFF_RDEV, &(uint32_t){ m->rdev_major << 20 | m->rdev_minor }, 4);
	memcpy(buf + VOLFS_OFF_ATIME,
	       &(uint64_t){ (uint64_t)(m->atime.sec - VOLFS_TIME_MIN) << 30 | m->atime.nsec }, 8);
	memcpy(buf + VOLFS_OFF_MTIME,
	       &(uint64_t){ (uint64_t)(m->mtime.sec - VOLFS_TIME_MIN) << 30 | m->mtime.nsec }, 8);
	memcpy(buf + VOLFS_OFF_CTIME,
	       &(uint64_t){ (uint64_t)(m->ctime.sec - VOLFS_TIME_MIN) << 30 | m->ctime.nsec }, 8);
	reseal(buf);
	ck_assert_int_eq(volfs_record_decode(buf, sizeof(buf), &d), -VOLFS_ERR_INVALID);
}

START_TEST(ids_at_their_limits)
{
	struct volfs_meta m;

	sample(&m, VOLFS_TYPE_REG);
	m.uid = m.gid = 0;
	at_limit(&m, 1);
	m.uid = m.gid = 0xfffffffe;
	at_limit(&m, 1);
	m.uid = 0xffffffff;
	at_limit(&m, 0);
	m.uid = 0;
	m.gid = 0xffffffff;
	at_limit(&m, 0);
}
END_TEST

START_TEST(mode_and_type_at_their_limits)
{
	struct volfs_meta m;

	sample(&m, VOLFS_TYPE_SOCK);
	m.mode = 07777;
	at_limit(&m, 1);
	m.mode = 0;
	at_limit(&m, 1);
	m.mode = 010000;
	at_limit(&m, 0);
	m.mode = 0644;
	m.type = 0;
	at_limit(&m, 0);
	m.type = VOLFS_TYPE_MAX + 1;
	at_limit(&m, 0);
}
END_TEST

START_TEST(device_numbers_at_their_limits)
{
	struct volfs_meta m;

	sample(&m, VOLFS_TYPE_CHR);
	m.rdev_major = VOLFS_MAJOR_MAX;
	m.rdev_minor = VOLFS_MINOR_MAX;
	at_limit(&m, 1);
	m.rdev_major = VOLFS_MAJOR_MAX + 1;
	at_limit(&m, 0);
	m.rdev_major = 1;
	m.rdev_minor = VOLFS_MINOR_MAX + 1;
	at_limit(&m, 0);
	/* Only devices have a device number. */
	sample(&m, VOLFS_TYPE_FIFO);
	m.rdev_minor = 1;
	at_limit(&m, 0);
}
END_TEST

START_TEST(times_at_their_limits)
{
	struct volfs_meta m;

	struct volfs_time t;

	sample(&m, VOLFS_TYPE_REG);
	m.atime = (struct volfs_time){ VOLFS_TIME_MIN, 0 };
	m.mtime = (struct volfs_time){ VOLFS_TIME_MAX, VOLFS_NSEC_MAX };
	m.ctime = (struct volfs_time){ 0, VOLFS_NSEC_MAX };
	at_limit(&m, 1);
	m.atime.nsec = VOLFS_NSEC_MAX + 1;
	at_limit(&m, 0);
	m.atime.nsec = 0;
	m.ctime.nsec = 0xffffffff;
	at_limit(&m, 0);
	m.ctime.nsec = 0;
	m.mtime.sec = VOLFS_TIME_MAX + 1;
	at_limit(&m, 0);
	m.mtime.sec = 0;
	m.atime.sec = VOLFS_TIME_MIN - 1;
	at_limit(&m, 0);
	/* Clamped as ext4 clamps: to the end, without nanoseconds there. */
	t = (struct volfs_time){ INT64_MAX, 5 };
	volfs_time_clamp(&t);
	ck_assert_int_eq(t.sec == VOLFS_TIME_MAX && t.nsec == 0, 1);
	t = (struct volfs_time){ INT64_MIN, 5 };
	volfs_time_clamp(&t);
	ck_assert_int_eq(t.sec == VOLFS_TIME_MIN && t.nsec == 0, 1);
	t = (struct volfs_time){ -5, 7 };
	volfs_time_clamp(&t);
	ck_assert_int_eq(t.sec == -5 && t.nsec == 7, 1);
}
END_TEST

START_TEST(flags_at_their_limits)
{
	struct volfs_meta m;

	sample(&m, VOLFS_TYPE_DIR);
	m.flags = VOLFS_F_KNOWN;
	at_limit(&m, 1);
	m.flags = 0;
	at_limit(&m, 1);
	m.flags = 0x4;
	at_limit(&m, 0);
	m.flags = 0x80000000;
	at_limit(&m, 0);
}
END_TEST

START_TEST(encode_refuses_a_small_buffer)
{
	struct volfs_meta m;
	uint8_t buf[VOLFS_RECORD_SIZE];

	sample(&m, VOLFS_TYPE_REG);
	ck_assert_int_eq(volfs_record_encode(&m, buf, VOLFS_RECORD_SIZE - 1), -VOLFS_ERR_NOSPC);
}
END_TEST

START_TEST(every_error_has_its_own_text)
{
	int a, b;

	for (a = VOLFS_ERR_TRUNCATED; a <= VOLFS_ERR_NOSPC; a++) {
		ck_assert_str_ne(volfs_strerror(-a), "unknown record error");
		for (b = a + 1; b <= VOLFS_ERR_NOSPC; b++)
			ck_assert_str_ne(volfs_strerror(-a), volfs_strerror(-b));
	}
	ck_assert_str_eq(volfs_strerror(-99), "unknown record error");
	ck_assert_str_eq(volfs_type_name(VOLFS_TYPE_LNK), "symbolic link");
	ck_assert_str_eq(volfs_type_name(99), "invalid");
}
END_TEST

Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, crc32c_matches_the_castagnoli_check_value);
	tcase_add_test(tc, crc32c_table_matches_bitwise_crc);
	tcase_add_loop_test(tc, every_type_round_trips, VOLFS_TYPE_REG, VOLFS_TYPE_MAX + 1);
	tcase_add_test(tc, layout_is_little_endian_at_fixed_offsets);
	tcase_add_test(tc, version_mismatch_is_its_own_error);
	tcase_add_test(tc, any_flipped_byte_is_a_bad_checksum);
	tcase_add_test(tc, every_short_length_is_truncated);
	tcase_add_test(tc, bad_magic_and_bad_size_are_their_own_errors);
	tcase_add_test(tc, the_xattr_fits_in_an_ext4_inode);
	tcase_add_test(tc, a_version_1_record_is_still_read);
	tcase_add_test(tc, ids_at_their_limits);
	tcase_add_test(tc, mode_and_type_at_their_limits);
	tcase_add_test(tc, device_numbers_at_their_limits);
	tcase_add_test(tc, times_at_their_limits);
	tcase_add_test(tc, flags_at_their_limits);
	tcase_add_test(tc, encode_refuses_a_small_buffer);
	tcase_add_test(tc, every_error_has_its_own_text);
	suite_add_tcase(s, tc);
	return s;
}
