// SPDX-License-Identifier: GPL-2.0
/*
 * test_handle.c - handle tables: numbering (lowest free, min, limit),
 * replacement, closing, close_range, close-on-exec, fork copies, growth,
 * the lock-free lookup and its single-user fast path, and cleanup.
 */
#include <pthread.h>

#include "ob_unit.h"

#define LIMIT	1024U

static struct ob_handle_table *table(void)
{
	struct ob_handle_table *t = ob_handle_table_create();

	ck_assert_ptr_nonnull(t);
	return t;
}

static unsigned int insert(struct ob_handle_table *t, void *obj,
			   unsigned int flags)
{
	unsigned int h = ~0U;

	ck_assert_int_eq(ob_handle_insert(t, obj, OB_ACCESS_READ_DATA, flags, 0,
					  LIMIT, &h), STATUS_SUCCESS);
	return h;
}

static bool is_open(struct ob_handle_table *t, unsigned int h)
{
	unsigned int flags;

	return ob_handle_get_flags(t, h, &flags) == STATUS_SUCCESS;
}

START_TEST(insert_gives_the_lowest_free_handle)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);

	ck_assert_uint_eq(insert(t, obj, 0), 0);
	ck_assert_uint_eq(insert(t, obj, 0), 1);
	ck_assert_uint_eq(insert(t, obj, 0), 2);
	ck_assert_uint_eq(insert(t, obj, 0), 3);
	ck_assert_int_eq(ob_handle_close(t, 1), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(t, 2), STATUS_SUCCESS);
	ck_assert_uint_eq(insert(t, obj, 0), 1);
	ck_assert_uint_eq(insert(t, obj, 0), 2);
	ck_assert_uint_eq(insert(t, obj, 0), 4);
	ck_assert_uint_eq(ob_handle_count(t), 5);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(next_walks_open_handles_in_order)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0), *got;
	unsigned int h, seen[8], n = 0, i;

	for (i = 0; i < 5; i++)
		insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_close(t, 1), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(t, 3), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert_at(t, 200, obj, OB_ACCESS_READ_DATA, 0,
					     LIMIT), STATUS_SUCCESS);
	for (i = 0; ob_handle_next(t, i, &h, &got) == STATUS_SUCCESS; i = h + 1) {
		ck_assert_ptr_eq(got, obj);
		ob_dereference(got);
		ck_assert_uint_lt(n, 8);
		seen[n++] = h;
	}
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(seen[0], 0);
	ck_assert_uint_eq(seen[1], 2);
	ck_assert_uint_eq(seen[2], 4);
	ck_assert_uint_eq(seen[3], 200);
	ck_assert_int_eq(ob_handle_next(t, 201, &h, NULL), STATUS_NO_MORE_ENTRIES);
	ck_assert_int_eq(ob_handle_next(t, ~0U, &h, NULL), STATUS_NO_MORE_ENTRIES);
	ck_assert_int_eq(ob_handle_next(t, 3, &h, NULL), STATUS_SUCCESS);
	ck_assert_uint_eq(h, 4);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(insert_respects_min)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int h;

	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 10, LIMIT, &h),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(h, 10);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 10, LIMIT, &h),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(h, 11);
	/* the hint must not skip what lies below min */
	ck_assert_uint_eq(insert(t, obj, 0), 0);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 5, LIMIT, &h),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(h, 5);
	ck_assert_uint_eq(insert(t, obj, 0), 1);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 200, LIMIT, &h),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(h, 200);		/* beyond the first array */
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(insert_stops_at_the_limit)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int h = 77;

	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 3, &h), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 3, &h), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 3, &h), STATUS_SUCCESS);
	ck_assert_uint_eq(h, 2);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 3, &h),
			 STATUS_TOO_MANY_OPENED_FILES);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 3, 100, &h),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 5, 5, &h),
			 STATUS_TOO_MANY_OPENED_FILES);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 0, &h),
			 STATUS_TOO_MANY_OPENED_FILES);
	ck_assert_uint_eq(ob_handle_count(t), 4);
	/* a failed insert keeps no reference and counts no handle */
	ck_assert_uint_eq(unit_refs(obj), 5);
	ck_assert_int_eq(unit_handles(obj), 4);
	ob_handle_table_put(t);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(limit_is_capped_at_handle_max)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int h;

	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, OB_HANDLE_MAX, ~0U, &h),
			 STATUS_TOO_MANY_OPENED_FILES);
	ck_assert_int_eq(ob_handle_insert_at(t, OB_HANDLE_MAX, obj, 0, 0, ~0U),
			 STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, OB_HANDLE_MAX - 1, ~0U,
					  &h), STATUS_SUCCESS);
	ck_assert_uint_eq(h, OB_HANDLE_MAX - 1);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, OB_HANDLE_MAX - 1, ~0U,
					  &h), STATUS_TOO_MANY_OPENED_FILES);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(insert_takes_a_reference_and_counts_a_handle)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);

	insert(t, obj, 0);
	insert(t, obj, 0);
	ck_assert_uint_eq(unit_refs(obj), 3);
	ck_assert_int_eq(unit_handles(obj), 2);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_int_eq(ob_handle_close(t, 0), STATUS_SUCCESS);
	ck_assert_int_eq(unit_closes, 1);
	ck_assert_int_eq(unit_last_left, 1);
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_int_eq(ob_handle_close(t, 1), STATUS_SUCCESS);
	ck_assert_int_eq(unit_last_left, 0);
	ck_assert_int_eq(unit_deletes, 1);	/* delete runs in the closer */
	ob_handle_table_put(t);
}
END_TEST

START_TEST(insert_fails_cleanly_without_memory)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int h = 9;

	kshim_fail_alloc_in = 0;
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, LIMIT, &h),
			 STATUS_INSUFFICIENT_RESOURCES);
	/* growth fails: the entry allocation succeeds, the array does not */
	kshim_fail_alloc_in = 1;
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 500, LIMIT, &h),
			 STATUS_INSUFFICIENT_RESOURCES);
	kshim_fail_alloc_in = 2;
	ck_assert_int_eq(ob_handle_insert_at(t, 700, obj, 0, 0, LIMIT),
			 STATUS_INSUFFICIENT_RESOURCES);
	kshim_fail_alloc_in = -1;
	ck_assert_uint_eq(h, 9);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ck_assert_int_eq(unit_handles(obj), 0);
	ck_assert_uint_eq(ob_handle_count(t), 0);
	ck_assert_uint_eq(insert(t, obj, 0), 0);
	ob_handle_table_put(t);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(insert_refuses_unknown_flags)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int h;

	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0x2, 0, LIMIT, &h),
			 STATUS_INVALID_PARAMETER);
	ck_assert_int_eq(ob_handle_insert_at(t, 3, obj, 0, 0x80, LIMIT),
			 STATUS_INVALID_PARAMETER);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(get_returns_the_object_and_its_access)
{
	struct ob_handle_table *t = table();
	void *a = unit_new(1), *b = unit_new(2);
	struct ob_href ref;
	unsigned int h;

	ck_assert_int_eq(ob_handle_insert(t, a, OB_ACCESS_READ_DATA, 0, 0, LIMIT,
					  &h), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert(t, b, OB_ACCESS_ALL, 0, 0, LIMIT, &h),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_get(t, 0, &unit_type, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, a);
	ck_assert_uint_eq(ref.access, OB_ACCESS_READ_DATA);
	ob_handle_put(&ref);
	ck_assert_ptr_null(ref.obj);
	ck_assert_int_eq(ob_handle_get(t, 1, NULL, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, b);
	ck_assert_uint_eq(ref.access, OB_ACCESS_ALL);
	ob_handle_put(&ref);
	ob_handle_table_put(t);
	ob_dereference(a);
	ob_dereference(b);
}
END_TEST

START_TEST(get_refuses_invalid_handles)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	struct ob_href ref = {};

	insert(t, obj, 0);
	insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_close(t, 0), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_get(t, 0, NULL, &ref), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_get(t, 2, NULL, &ref), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_get(t, 100000, NULL, &ref),
			 STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_get(t, ~0U, NULL, &ref), STATUS_INVALID_HANDLE);
	ob_handle_table_get(t);			/* shared: the RCU path */
	ck_assert_int_eq(ob_handle_get(t, 0, NULL, &ref), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_get(t, ~0U, NULL, &ref), STATUS_INVALID_HANDLE);
	ck_assert_ptr_null(ref.obj);
	ob_handle_table_put(t);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(get_refuses_another_type)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new_other();
	struct ob_href ref = {};

	insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_get(t, 0, &unit_type, &ref),
			 STATUS_OBJECT_TYPE_MISMATCH);
	ob_handle_table_get(t);
	ck_assert_int_eq(ob_handle_get(t, 0, &unit_type, &ref),
			 STATUS_OBJECT_TYPE_MISMATCH);
	ck_assert_uint_eq(unit_refs(obj), 2);	/* no reference kept */
	ck_assert_int_eq(ob_handle_get(t, 0, &unit_other_type, &ref),
			 STATUS_SUCCESS);
	ob_handle_put(&ref);
	ob_handle_table_put(t);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(single_user_get_takes_no_reference)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	struct ob_href ref;

	insert(t, obj, 0);
	ck_assert_uint_eq(ob_handle_table_users(t), 1);
	ck_assert_int_eq(ob_handle_get(t, 0, NULL, &ref), STATUS_SUCCESS);
	ck_assert(!ref.owned);
	ck_assert_uint_eq(unit_refs(obj), 2);
	ob_handle_put(&ref);
	ck_assert_uint_eq(unit_refs(obj), 2);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(shared_get_holds_a_reference_past_close)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	struct ob_href ref;

	insert(t, obj, 0);
	ob_dereference(obj);			/* the handle's reference only */
	ob_handle_table_get(t);
	ck_assert_uint_eq(ob_handle_table_users(t), 2);
	ck_assert_int_eq(ob_handle_get(t, 0, NULL, &ref), STATUS_SUCCESS);
	ck_assert(ref.owned);
	ck_assert_uint_eq(unit_refs(obj), 2);
	/* another thread closes it: the object stays until the put */
	ck_assert_int_eq(ob_handle_close(t, 0), STATUS_SUCCESS);
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_uint_eq(((struct unit_obj *)ref.obj)->magic, UNIT_MAGIC);
	ob_handle_put(&ref);
	ck_assert_int_eq(unit_deletes, 1);
	ob_handle_table_put(t);
	ck_assert_uint_eq(ob_handle_table_users(t), 1);
	ob_handle_table_put(t);
}
END_TEST

START_TEST(close_twice_is_an_invalid_handle)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);

	insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_close(t, 0), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(t, 0), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_close(t, 5000), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_close(t, ~0U), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(unit_closes, 1);
	ck_assert_uint_eq(ob_handle_count(t), 0);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(insert_many_takes_the_lowest_free_numbers_together)
{
	struct ob_handle_table *t = table();
	void *a = unit_new(0), *b = unit_new(0);
	void *objs[2] = { a, b };
	u32 access[2] = { OB_ACCESS_READ_DATA, OB_ACCESS_WRITE_DATA };
	unsigned int h[2], i;
	struct ob_href ref;

	for (i = 0; i < 4; i++)
		insert(t, a, 0);
	ck_assert_int_eq(ob_handle_close(t, 1), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert_many(t, objs, access, 2,
					       OB_HANDLE_CLOEXEC, 0, LIMIT, h),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(h[0], 1);
	ck_assert_uint_eq(h[1], 4);
	ck_assert_int_eq(ob_handle_get(t, 4, NULL, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, b);
	ck_assert_uint_eq(ref.access, OB_ACCESS_WRITE_DATA);
	ob_handle_put(&ref);
	ck_assert_int_eq(ob_handle_get_flags(t, 1, &i), STATUS_SUCCESS);
	ck_assert_uint_eq(i, OB_HANDLE_CLOEXEC);
	/* Beyond the first array: the table grows for both. */
	ck_assert_int_eq(ob_handle_insert_many(t, objs, access, 2, 0, 500,
					       LIMIT, h), STATUS_SUCCESS);
	ck_assert_uint_eq(h[0], 500);
	ck_assert_uint_eq(h[1], 501);
	ck_assert_uint_eq(insert(t, a, 0), 5);
	ob_handle_table_put(t);
	ob_dereference(a);
	ob_dereference(b);
}
END_TEST

START_TEST(insert_many_makes_none_when_only_one_fits)
{
	struct ob_handle_table *t = table();
	void *a = unit_new(0);
	void *objs[2] = { a, a };
	u32 access[2] = { 0, 0 };
	unsigned int h[2] = { 7, 7 }, i;

	for (i = 0; i < 9; i++)
		insert(t, a, 0);
	ck_assert_int_eq(ob_handle_insert_many(t, objs, access, 2, 0, 0, 10, h),
			 STATUS_TOO_MANY_OPENED_FILES);
	ck_assert_uint_eq(ob_handle_count(t), 9);
	ck_assert(!is_open(t, 9));
	ck_assert_int_eq(ob_handle_insert_many(t, objs, access, 3, 0, 0, 10, h),
			 STATUS_INVALID_PARAMETER);
	ob_handle_table_put(t);
	ck_assert_int_eq(ob_header(a)->handles.counter, 0);
	ob_dereference(a);
}
END_TEST

START_TEST(insert_at_replaces_and_closes_the_old_handle)
{
	struct ob_handle_table *t = table();
	void *a = unit_new(1), *b = unit_new(2);
	struct ob_href ref;

	insert(t, a, 0);
	ob_dereference(a);			/* only the handle holds a */
	ck_assert_int_eq(ob_handle_insert_at(t, 0, b, OB_ACCESS_ALL,
					     OB_HANDLE_CLOEXEC, LIMIT),
			 STATUS_SUCCESS);
	ck_assert_int_eq(unit_deletes, 1);	/* a: closed and deleted */
	ck_assert_int_eq(unit_closes, 1);
	ck_assert_int_eq(ob_handle_get(t, 0, NULL, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, b);
	ck_assert_uint_eq(ref.access, OB_ACCESS_ALL);
	ob_handle_put(&ref);
	ck_assert_uint_eq(ob_handle_count(t), 1);
	ck_assert_int_eq(unit_handles(b), 1);
	ob_handle_table_put(t);
	ob_dereference(b);
	ck_assert_int_eq(unit_deletes, 2);
}
END_TEST

START_TEST(insert_at_the_same_object_keeps_it)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int flags;

	insert(t, obj, OB_HANDLE_CLOEXEC);
	ob_dereference(obj);
	ck_assert_int_eq(ob_handle_insert_at(t, 0, obj, 0, 0, LIMIT),
			 STATUS_SUCCESS);
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ck_assert_int_eq(unit_handles(obj), 1);
	ck_assert_int_eq(unit_last_left, 1);	/* never seen at zero */
	ck_assert_int_eq(ob_handle_get_flags(t, 0, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, 0);		/* the new flags */
	ob_handle_table_put(t);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(insert_at_a_free_slot_and_beyond_the_limit)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);

	ck_assert_int_eq(ob_handle_insert_at(t, 5000, obj, 0, 0, 5000),
			 STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_insert_at(t, 4999, obj, 0, 0, 5000),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert_at(t, 3, obj, 0, 0, 5000),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(ob_handle_count(t), 2);
	ck_assert(is_open(t, 4999));
	ck_assert(is_open(t, 3));
	/* lowest free still finds 0, then skips 3 */
	ck_assert_uint_eq(insert(t, obj, 0), 0);
	ck_assert_uint_eq(insert(t, obj, 0), 1);
	ck_assert_uint_eq(insert(t, obj, 0), 2);
	ck_assert_uint_eq(insert(t, obj, 0), 4);
	ck_assert_uint_eq(unit_refs(obj), 7);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(close_range_closes_open_handles_in_range)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int i;

	for (i = 0; i < 10; i++)
		insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_close(t, 5), STATUS_SUCCESS);
	ob_handle_close_range(t, 3, 7, false);
	for (i = 0; i < 10; i++)
		ck_assert_msg(is_open(t, i) == (i < 3 || i > 7), "handle %u", i);
	ck_assert_uint_eq(ob_handle_count(t), 5);
	ck_assert_int_eq(unit_closes, 5);	/* 5 alone, then 3, 4, 6, 7 */
	ck_assert_uint_eq(insert(t, obj, 0), 3);
	ob_handle_close_range(t, 9, ~0U, false);
	ck_assert(!is_open(t, 9));
	ob_handle_close_range(t, 5, 2, false);	/* first > last: nothing */
	ob_handle_close_range(t, 100, 200, false);
	ck_assert_uint_eq(ob_handle_count(t), 5);
	ob_handle_close_range(t, 0, ~0U, false);
	ck_assert_uint_eq(ob_handle_count(t), 0);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(close_range_cloexec_only_flags_without_closing)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int i, flags;

	for (i = 0; i < 6; i++)
		insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_close(t, 2), STATUS_SUCCESS);
	ob_handle_close_range(t, 1, 3, true);
	ck_assert_uint_eq(ob_handle_count(t), 5);
	for (i = 0; i < 6; i++) {
		if (i == 2) {
			ck_assert(!is_open(t, 2));	/* not reopened */
			continue;
		}
		ck_assert_int_eq(ob_handle_get_flags(t, i, &flags), STATUS_SUCCESS);
		ck_assert_uint_eq(flags, (i == 1 || i == 3) ? OB_HANDLE_CLOEXEC : 0);
	}
	/* a handle opened later in the range is not flagged */
	ck_assert_uint_eq(insert(t, obj, 0), 2);
	ck_assert_int_eq(ob_handle_get_flags(t, 2, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, 0);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(cloexec_flags_get_and_set)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int flags = 99;

	insert(t, obj, OB_HANDLE_CLOEXEC);
	insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_get_flags(t, 0, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, OB_HANDLE_CLOEXEC);
	ck_assert_int_eq(ob_handle_get_flags(t, 1, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, 0);
	ck_assert_int_eq(ob_handle_set_flags(t, 1, OB_HANDLE_CLOEXEC),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_set_flags(t, 0, 0), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_get_flags(t, 0, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, 0);
	ck_assert_int_eq(ob_handle_get_flags(t, 1, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, OB_HANDLE_CLOEXEC);
	ck_assert_int_eq(ob_handle_set_flags(t, 1, 0x4), STATUS_INVALID_PARAMETER);
	ck_assert_int_eq(ob_handle_set_flags(t, 2, 0), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_get_flags(t, 2, &flags), STATUS_INVALID_HANDLE);
	ck_assert_int_eq(ob_handle_get_flags(t, 1 << 30, &flags),
			 STATUS_INVALID_HANDLE);
	/* a closed handle's flag does not stick to the next one */
	ck_assert_int_eq(ob_handle_close(t, 1), STATUS_SUCCESS);
	ck_assert_uint_eq(insert(t, obj, 0), 1);
	ck_assert_int_eq(ob_handle_get_flags(t, 1, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, 0);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(close_on_exec_closes_only_flagged_handles)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	unsigned int i, h;

	for (i = 0; i < 8; i++)
		insert(t, obj, i % 2 ? OB_HANDLE_CLOEXEC : 0);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, OB_HANDLE_CLOEXEC, 3000,
					  LIMIT * 4, &h), STATUS_SUCCESS);
	ob_handle_close_on_exec(t);
	for (i = 0; i < 8; i++)
		ck_assert_msg(is_open(t, i) == !(i % 2), "handle %u", i);
	ck_assert(!is_open(t, 3000));
	ck_assert_uint_eq(ob_handle_count(t), 4);
	ck_assert_int_eq(unit_handles(obj), 4);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(copy_duplicates_every_handle)
{
	struct ob_handle_table *t = table(), *c;
	void *a = unit_new(1), *b = unit_new(2);
	struct ob_href ref;
	unsigned int flags, h;

	insert(t, a, 0);
	ck_assert_int_eq(ob_handle_insert(t, b, OB_ACCESS_ALL, OB_HANDLE_CLOEXEC,
					  0, LIMIT, &h), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert_at(t, 700, a, 0, 0, LIMIT),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_table_copy(t, &c), STATUS_SUCCESS);
	ck_assert_uint_eq(ob_handle_table_users(c), 1);
	ck_assert_uint_eq(ob_handle_count(c), 3);
	ck_assert_int_eq(unit_handles(a), 4);
	ck_assert_int_eq(unit_handles(b), 2);
	ck_assert_uint_eq(unit_refs(a), 5);
	ck_assert_int_eq(ob_handle_get(c, 1, NULL, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, b);
	ck_assert_uint_eq(ref.access, OB_ACCESS_ALL);
	ob_handle_put(&ref);
	ck_assert_int_eq(ob_handle_get(c, 700, NULL, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, a);
	ob_handle_put(&ref);
	ck_assert_int_eq(ob_handle_get_flags(c, 1, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, OB_HANDLE_CLOEXEC);
	ck_assert_int_eq(ob_handle_get_flags(c, 0, &flags), STATUS_SUCCESS);
	ck_assert_uint_eq(flags, 0);
	ck_assert_uint_eq(insert(c, b, 0), 2);	/* the hint came along */
	ck_assert_int_eq(atomic64_read(&ob_live_tables), 2);
	ob_handle_table_put(c);
	ob_handle_table_put(t);
	ob_dereference(a);
	ob_dereference(b);
	ck_assert_int_eq(unit_deletes, 2);
}
END_TEST

START_TEST(copy_is_independent_of_its_source)
{
	struct ob_handle_table *t = table(), *c;
	void *obj = unit_new(0), *other = unit_new(1);
	struct ob_href ref;

	insert(t, obj, 0);
	insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_table_copy(t, &c), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(c, 0), STATUS_SUCCESS);
	ck_assert(is_open(t, 0));
	ck_assert_int_eq(ob_handle_insert_at(t, 1, other, 0, 0, LIMIT),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_get(c, 1, NULL, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, obj);
	ob_handle_put(&ref);
	ck_assert_uint_eq(insert(c, other, 0), 0);
	ck_assert_uint_eq(insert(t, other, 0), 2);
	ob_handle_table_put(t);
	ck_assert_uint_eq(ob_handle_count(c), 2);
	ck_assert_int_eq(ob_handle_get(c, 0, NULL, &ref), STATUS_SUCCESS);
	ck_assert_ptr_eq(ref.obj, other);
	ob_handle_put(&ref);
	ob_handle_table_put(c);
	ob_dereference(obj);
	ob_dereference(other);
}
END_TEST

START_TEST(copy_fails_cleanly_without_memory)
{
	struct ob_handle_table *t = table(), *c = NULL;
	void *obj = unit_new(0);
	int n;

	insert(t, obj, 0);
	insert(t, obj, 0);
	ck_assert_int_eq(ob_handle_insert_at(t, 300, obj, 0, 0, LIMIT),
			 STATUS_SUCCESS);
	for (n = 0; n < 5; n++) {
		kshim_fail_alloc_in = n;
		ck_assert_int_eq(ob_handle_table_copy(t, &c),
				 STATUS_INSUFFICIENT_RESOURCES);
		ck_assert_ptr_null(c);
	}
	kshim_fail_alloc_in = -1;
	ck_assert_uint_eq(unit_refs(obj), 4);
	ck_assert_int_eq(unit_handles(obj), 3);
	ck_assert_int_eq(atomic64_read(&ob_live_tables), 1);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

START_TEST(growth_to_thousands_of_handles)
{
	struct ob_handle_table *t = table();
	void *objs[8];
	struct ob_href ref;
	unsigned int i, h;

	for (i = 0; i < 8; i++)
		objs[i] = unit_new(i);
	for (i = 0; i < 5000; i++) {
		ck_assert_int_eq(ob_handle_insert(t, objs[i % 8], i, 0, 0, 10000,
						  &h), STATUS_SUCCESS);
		ck_assert_uint_eq(h, i);
	}
	ck_assert_uint_eq(ob_handle_count(t), 5000);
	ob_handle_table_get(t);			/* lookups through RCU */
	for (i = 0; i < 5000; i++) {
		ck_assert_int_eq(ob_handle_get(t, i, &unit_type, &ref),
				 STATUS_SUCCESS);
		ck_assert_ptr_eq(ref.obj, objs[i % 8]);
		ck_assert_uint_eq(ref.access, i);
		ob_handle_put(&ref);
	}
	ob_handle_table_put(t);
	ck_assert_int_eq(ob_handle_close(t, 4321), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert(t, objs[0], 0, 0, 0, 10000, &h),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(h, 4321);
	ck_assert_int_eq(ob_handle_insert(t, objs[0], 0, 0, 0, 10000, &h),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(h, 5000);
	ob_handle_table_put(t);
	for (i = 0; i < 8; i++)
		ob_dereference(objs[i]);
	ck_assert_int_eq(unit_deletes, 8);
}
END_TEST

START_TEST(last_put_closes_every_handle)
{
	struct ob_handle_table *t = table();
	void *a = unit_new(1), *b = unit_new(2);

	insert(t, a, 0);
	insert(t, b, OB_HANDLE_CLOEXEC);
	ck_assert_int_eq(ob_handle_insert_at(t, 900, a, 0, 0, LIMIT),
			 STATUS_SUCCESS);
	ob_dereference(a);
	ob_dereference(b);
	ob_handle_table_get(t);
	ob_handle_table_put(t);			/* not the last user */
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_int_eq(atomic64_read(&ob_live_tables), 1);
	ob_handle_table_put(t);
	ck_assert_int_eq(unit_deletes, 2);
	ck_assert_int_eq(unit_closes, 3);
	ck_assert_int_eq(atomic64_read(&ob_live_tables), 0);
}
END_TEST

/* Random operations checked against a plain array model. */
START_TEST(random_operations_match_a_model)
{
	enum { N = 300 };
	struct ob_handle_table *t = table();
	bool model[N] = {};
	unsigned int seed = 7, i, h, lo, hi, open = 0;
	void *obj = unit_new(0);

	for (i = 0; i < 20000; i++) {
		unsigned int op = rand_r(&seed) % 10, min = rand_r(&seed) % N;
		ntstatus st;

		if (op < 5) {
			st = ob_handle_insert(t, obj, 0, 0, min, N, &h);
			for (lo = min; lo < N && model[lo]; lo++)
				;
			if (lo == N) {
				ck_assert_int_eq(st, STATUS_TOO_MANY_OPENED_FILES);
				continue;
			}
			ck_assert_int_eq(st, STATUS_SUCCESS);
			ck_assert_uint_eq(h, lo);
			model[h] = true;
		} else if (op < 8) {
			st = ob_handle_close(t, min);
			ck_assert_int_eq(st, model[min] ? STATUS_SUCCESS :
							  STATUS_INVALID_HANDLE);
			model[min] = false;
		} else if (op < 9) {
			ck_assert_int_eq(ob_handle_insert_at(t, min, obj, 0, 0, N),
					 STATUS_SUCCESS);
			model[min] = true;
		} else {
			lo = min;
			hi = lo + rand_r(&seed) % 8;
			ob_handle_close_range(t, lo, hi, false);
			for (h = lo; h <= hi && h < N; h++)
				model[h] = false;
		}
	}
	for (h = 0; h < N; h++) {
		ck_assert_msg(is_open(t, h) == model[h], "handle %u", h);
		open += model[h];
	}
	ck_assert_uint_eq(ob_handle_count(t), open);
	ck_assert_int_eq(unit_handles(obj), open);
	ob_handle_table_put(t);
	ob_dereference(obj);
}
END_TEST

/*
 * The lookup's re-check, made deterministic: between reading the slot and
 * taking the reference, another thread closes the handle (and first grows
 * the table, for the array re-check). The lookup must not return it.
 */
static struct ob_handle_table *hook_table;
static bool hook_grow;

static void *hook_closer(void *arg)
{
	if (hook_grow)
		ck_assert_int_eq(ob_handle_insert_at(hook_table, 5000, arg, 0, 0,
						     10000), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(hook_table, 0), STATUS_SUCCESS);
	return NULL;
}

static void *hook_obj;

static void close_from_another_thread(void)
{
	pthread_t th;

	kshim_ref_hook = NULL;			/* once */
	ck_assert_int_eq(pthread_create(&th, NULL, hook_closer, hook_obj), 0);
	pthread_join(th, NULL);
}

static void lookup_racing_close(bool grow)
{
	struct ob_handle_table *t = table();
	void *obj = unit_new(0);
	struct ob_href ref = {};

	insert(t, obj, 0);
	ob_handle_table_get(t);			/* shared: the RCU path */
	hook_table = t;
	hook_grow = grow;
	hook_obj = obj;
	kshim_ref_hook = close_from_another_thread;
	ck_assert_int_eq(ob_handle_get(t, 0, NULL, &ref), STATUS_INVALID_HANDLE);
	ck_assert_ptr_null(kshim_ref_hook);	/* the race did happen */
	ck_assert_ptr_null(ref.obj);
	ob_handle_table_put(t);
	ob_handle_table_put(t);
	ob_flush_deferred();
	ck_assert_uint_eq(unit_refs(obj), 1);
	ob_dereference(obj);
}

START_TEST(lookup_rechecks_the_slot_after_its_reference)
{
	lookup_racing_close(false);
}
END_TEST

START_TEST(lookup_rechecks_the_array_after_growth)
{
	lookup_racing_close(true);
}
END_TEST

/* ---- concurrency: lock-free lookups against closes, dup2 and growth ---- */

struct race {
	struct ob_handle_table *t;
	volatile bool stop;
	long gets;
};

static void *race_reader(void *arg)
{
	struct race *r = arg;
	struct ob_href ref;
	unsigned int h = 0;

	while (!r->stop) {
		if (ob_handle_get(r->t, h, &unit_type, &ref) == STATUS_SUCCESS) {
			struct unit_obj *u = ref.obj;

			/* never a deleted object, always its own access */
			ck_assert_uint_eq(u->magic, UNIT_MAGIC);
			ck_assert(ref.owned);
			ck_assert_uint_eq(ref.access, (u32)u->id);
			ob_handle_put(&ref);
			__atomic_add_fetch(&r->gets, 1, __ATOMIC_RELAXED);
		}
		h = (h + 1) % 2000;
	}
	return NULL;
}

START_TEST(lookups_race_safely_with_close_dup2_and_growth)
{
	struct race r = { .t = table() };
	unsigned int i, h, seed = 3;
	pthread_t th[3];
	void *obj;

	ob_handle_table_get(r.t);		/* the readers' user */
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, race_reader, &r), 0);
	for (i = 0; i < 40000; i++) {
		/* only handles hold it: its last close deletes it */
		obj = unit_new(i);
		switch (rand_r(&seed) % 4) {
		case 0:
			(void)ob_handle_insert(r.t, obj, i, 0,
					       rand_r(&seed) % 2000, 2000, &h);
			break;
		case 1:
			(void)ob_handle_insert_at(r.t, rand_r(&seed) % 2000, obj,
						  i, 0, 2000);
			break;
		case 2:
			(void)ob_handle_close(r.t, rand_r(&seed) % 2000);
			break;
		default:
			h = rand_r(&seed) % 2000;
			ob_handle_close_range(r.t, h, h + 50, false);
			break;
		}
		ob_dereference(obj);
	}
	r.stop = true;
	for (i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	ck_assert_int_gt(r.gets, 0);
	ob_handle_table_put(r.t);
	ob_handle_table_put(r.t);
	ob_flush_deferred();
	ck_assert_int_eq(unit_deletes, 40000);
}
END_TEST

Suite *ob_handle_suite(void)
{
	Suite *s = suite_create("ob_handle");
	TCase *tc;

	tc = unit_tcase("insert");
	tcase_add_test(tc, insert_gives_the_lowest_free_handle);
	tcase_add_test(tc, insert_respects_min);
	tcase_add_test(tc, insert_stops_at_the_limit);
	tcase_add_test(tc, limit_is_capped_at_handle_max);
	tcase_add_test(tc, insert_takes_a_reference_and_counts_a_handle);
	tcase_add_test(tc, insert_fails_cleanly_without_memory);
	tcase_add_test(tc, insert_refuses_unknown_flags);
	tcase_add_test(tc, insert_many_takes_the_lowest_free_numbers_together);
	tcase_add_test(tc, insert_many_makes_none_when_only_one_fits);
	tcase_add_test(tc, insert_at_replaces_and_closes_the_old_handle);
	tcase_add_test(tc, insert_at_the_same_object_keeps_it);
	tcase_add_test(tc, insert_at_a_free_slot_and_beyond_the_limit);
	suite_add_tcase(s, tc);

	tc = unit_tcase("get");
	tcase_add_test(tc, get_returns_the_object_and_its_access);
	tcase_add_test(tc, get_refuses_invalid_handles);
	tcase_add_test(tc, get_refuses_another_type);
	tcase_add_test(tc, single_user_get_takes_no_reference);
	tcase_add_test(tc, shared_get_holds_a_reference_past_close);
	tcase_add_test(tc, lookup_rechecks_the_slot_after_its_reference);
	tcase_add_test(tc, lookup_rechecks_the_array_after_growth);
	suite_add_tcase(s, tc);

	tc = unit_tcase("close");
	tcase_add_test(tc, close_twice_is_an_invalid_handle);
	tcase_add_test(tc, next_walks_open_handles_in_order);
	tcase_add_test(tc, close_range_closes_open_handles_in_range);
	tcase_add_test(tc, close_range_cloexec_only_flags_without_closing);
	tcase_add_test(tc, cloexec_flags_get_and_set);
	tcase_add_test(tc, close_on_exec_closes_only_flagged_handles);
	tcase_add_test(tc, last_put_closes_every_handle);
	suite_add_tcase(s, tc);

	tc = unit_tcase("table");
	tcase_add_test(tc, copy_duplicates_every_handle);
	tcase_add_test(tc, copy_is_independent_of_its_source);
	tcase_add_test(tc, copy_fails_cleanly_without_memory);
	tcase_add_test(tc, growth_to_thousands_of_handles);
	tcase_add_test(tc, random_operations_match_a_model);
	tcase_add_test(tc, lookups_race_safely_with_close_dup2_and_growth);
	suite_add_tcase(s, tc);
	return s;
}
