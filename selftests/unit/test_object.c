// SPDX-License-Identifier: GPL-2.0
/*
 * test_object.c - object life cycle: create, reference, dereference, the
 * delete procedure exactly once, deferred deletes, handle counts, live
 * counters.
 */
#include "ob_unit.h"

START_TEST(create_gives_one_reference_no_handle_and_a_zeroed_body)
{
	struct ob_header *h;
	void *obj;

	ck_assert_int_eq(ob_create_object(&unit_type, 0, &obj), STATUS_SUCCESS);
	h = ob_header(obj);
	ck_assert_ptr_eq(h->type, &unit_type);
	ck_assert_ptr_eq(ob_type_of(obj), &unit_type);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ck_assert_int_eq(unit_handles(obj), 0);
	ck_assert_ptr_null(h->name);
	ck_assert_ptr_null(h->parent);
	ck_assert_uint_eq(h->flags, 0);
	ck_assert_uint_eq(((struct unit_obj *)obj)->magic, 0);
	ck_assert_uint_eq((unsigned long)obj % 16, 0);
	((struct unit_obj *)obj)->magic = UNIT_MAGIC;
	ob_dereference(obj);
}
END_TEST

START_TEST(explicit_body_size_is_allocated)
{
	unsigned char *body;
	void *obj;

	ck_assert_int_eq(ob_create_object(&unit_other_type, 4000, &obj),
			 STATUS_SUCCESS);
	body = obj;
	/* ASan reports a write past a smaller allocation. */
	body[3999] = 0xaa;
	ck_assert_uint_eq(body[3998], 0);
	ob_dereference(obj);
}
END_TEST

START_TEST(delete_runs_once_at_the_last_reference)
{
	void *obj = unit_new(1);

	ob_reference(obj);
	ob_reference(obj);
	ck_assert_uint_eq(unit_refs(obj), 3);
	ob_dereference(obj);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 0);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
	ob_flush_deferred();
	rcu_barrier();
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(live_counters_follow_objects)
{
	s64 all = atomic64_read(&ob_live_objects);
	void *a = unit_new(1), *b = unit_new(2);

	ck_assert_int_eq(atomic64_read(&unit_type.live), 2);
	ck_assert_int_eq(atomic64_read(&ob_live_objects), all + 2);
	ob_dereference(a);
	ck_assert_int_eq(atomic64_read(&unit_type.live), 1);
	ob_dereference(b);
	ck_assert_int_eq(atomic64_read(&unit_type.live), 0);
	ck_assert_int_eq(atomic64_read(&ob_live_objects), all);
}
END_TEST

START_TEST(reference_not_zero_works_until_the_last_reference)
{
	void *obj = unit_new(1);

	ck_assert(ob_reference_not_zero(obj));
	ck_assert_uint_eq(unit_refs(obj), 2);
	ob_dereference(obj);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

static bool revived;

static void refuse_revival_delete(void *obj)
{
	/* The memory is still there; the count is zero: no new reference. */
	revived = ob_reference_not_zero(obj);
}

static struct ob_type refuse_type = {
	.name = "Refuse",
	.body_size = 8,
	.delete = refuse_revival_delete,
};

START_TEST(reference_not_zero_fails_once_deleting)
{
	void *obj;

	ck_assert_int_eq(ob_create_object(&refuse_type, 0, &obj),
			 STATUS_SUCCESS);
	revived = true;
	ob_dereference(obj);
	ck_assert(!revived);
	ck_assert_int_eq(atomic64_read(&refuse_type.live), 0);
}
END_TEST

START_TEST(deferred_dereference_deletes_only_in_the_worker)
{
	void *obj = unit_new(1);

	ob_reference(obj);
	ob_dereference_deferred(obj);	/* not the last: nothing queued */
	ck_assert_int_eq(unit_deletes, 0);
	ob_dereference_deferred(obj);
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_int_eq(atomic64_read(&unit_type.live), 1);
	ob_flush_deferred();
	ck_assert_int_eq(unit_deletes, 1);
	ck_assert_int_eq(atomic64_read(&unit_type.live), 0);
}
END_TEST

START_TEST(deferred_dereference_from_atomic_context)
{
	void *a = unit_new(1), *b = unit_new(2);

	/* In the kernel: under a spinlock or rcu_read_lock(); the shim aborts
	 * if the delete procedure (which may sleep) ran here. */
	rcu_read_lock();
	ob_dereference_deferred(a);
	ob_dereference_deferred(b);
	rcu_read_unlock();
	ck_assert_int_eq(unit_deletes, 0);
	ob_flush_deferred();
	ck_assert_int_eq(unit_deletes, 2);
}
END_TEST

START_TEST(handle_counts_call_the_close_procedure)
{
	void *obj = unit_new(1);

	ob_handle_opened(obj);
	ob_handle_opened(obj);
	ck_assert_int_eq(unit_handles(obj), 2);
	ob_handle_closed(obj);
	ck_assert_int_eq(unit_closes, 1);
	ck_assert_int_eq(unit_last_left, 1);
	ob_handle_closed(obj);
	ck_assert_int_eq(unit_closes, 2);
	ck_assert_int_eq(unit_last_left, 0);
	ck_assert_int_eq(unit_handles(obj), 0);
	ck_assert_int_eq(unit_deletes, 0);	/* handles hold no extra reference here */
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(create_fails_cleanly_without_memory)
{
	s64 all = atomic64_read(&ob_live_objects);
	void *obj = NULL;

	kshim_fail_alloc_in = 0;
	ck_assert_int_eq(ob_create_object(&unit_type, 0, &obj),
			 STATUS_INSUFFICIENT_RESOURCES);
	ck_assert_ptr_null(obj);
	ck_assert_int_eq(atomic64_read(&unit_type.live), 0);
	ck_assert_int_eq(atomic64_read(&ob_live_objects), all);
}
END_TEST

Suite *ob_object_suite(void)
{
	Suite *s = suite_create("ob_object");
	TCase *tc = unit_tcase("object");

	tcase_add_test(tc, create_gives_one_reference_no_handle_and_a_zeroed_body);
	tcase_add_test(tc, explicit_body_size_is_allocated);
	tcase_add_test(tc, delete_runs_once_at_the_last_reference);
	tcase_add_test(tc, live_counters_follow_objects);
	tcase_add_test(tc, reference_not_zero_works_until_the_last_reference);
	tcase_add_test(tc, reference_not_zero_fails_once_deleting);
	tcase_add_test(tc, deferred_dereference_deletes_only_in_the_worker);
	tcase_add_test(tc, deferred_dereference_from_atomic_context);
	tcase_add_test(tc, handle_counts_call_the_close_procedure);
	tcase_add_test(tc, create_fails_cleanly_without_memory);
	suite_add_tcase(s, tc);
	return s;
}
