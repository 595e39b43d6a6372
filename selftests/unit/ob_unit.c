// SPDX-License-Identifier: GPL-2.0
/*
 * ob_unit.c - runs the object manager's Check suites (module/ob/ compiled
 * for userspace over kshim.h). Each test runs in its own process (Check's
 * fork mode), so a crash, sanitizer report or shim BUG fails that test only.
 */
#include <stdlib.h>
#include <string.h>

#include "ob_unit.h"

int unit_deletes;
int unit_closes;
long unit_last_left = -1;

static void unit_delete(void *obj)
{
	struct unit_obj *u = obj;

	/* A delete procedure may sleep: never call it in atomic context. */
	might_sleep();
	ck_assert_uint_eq(u->magic, UNIT_MAGIC);
	u->magic = 0;
	__atomic_add_fetch(&unit_deletes, 1, __ATOMIC_SEQ_CST);
}

static void unit_close(void *obj, unsigned long handles_left)
{
	might_sleep();
	__atomic_add_fetch(&unit_closes, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&unit_last_left, (long)handles_left, __ATOMIC_SEQ_CST);
}

struct ob_type unit_type = {
	.name = "Unit",
	.body_size = sizeof(struct unit_obj),
	.valid_access = OB_ACCESS_ALL,
	.close = unit_close,
	.delete = unit_delete,
};

struct ob_type unit_other_type = {
	.name = "Other",
	.body_size = sizeof(struct unit_obj),
	.valid_access = OB_ACCESS_ALL,
};

void *unit_new(int id)
{
	struct unit_obj *u;
	void *obj;

	ck_assert_int_eq(ob_create_object(&unit_type, 0, &obj), STATUS_SUCCESS);
	u = obj;
	u->magic = UNIT_MAGIC;
	u->id = id;
	return obj;
}

void *unit_new_other(void)
{
	void *obj;

	ck_assert_int_eq(ob_create_object(&unit_other_type, 0, &obj),
			 STATUS_SUCCESS);
	return obj;
}

unsigned int unit_refs(void *obj)
{
	return refcount_read(&ob_header(obj)->refs);
}

long unit_handles(void *obj)
{
	return atomic_long_read(&ob_header(obj)->handles);
}

void unit_setup(void)
{
	ck_assert_int_eq(ob_init(), 0);
}

void unit_teardown(void)
{
	ob_exit();
	ck_assert_ptr_null(ob_root);
	ck_assert_int_eq(atomic64_read(&ob_live_objects), 0);
	ck_assert_int_eq(atomic64_read(&ob_live_tables), 0);
	ck_assert_int_eq(atomic64_read(&unit_type.live), 0);
	ck_assert_int_eq(atomic64_read(&ob_directory_type.live), 0);
	ck_assert_int_eq(atomic64_read(&ob_symlink_type.live), 0);
	ck_assert_int_eq(kshim_warnings, 0);
}

TCase *unit_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, unit_setup, unit_teardown);
	tcase_set_timeout(tc, 60);
	return tc;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	/* --lsan-probe: only LeakSanitizer's exit-time check can fail. */
	if (argc > 1 && !strcmp(argv[1], "--lsan-probe"))
		return EXIT_SUCCESS;

	sr = srunner_create(ob_status_suite());
	srunner_add_suite(sr, ob_object_suite());
	srunner_add_suite(sr, ob_namespace_suite());
	srunner_add_suite(sr, ob_handle_suite());
	/* Fork mode is Check's default; CK_FORK=no in the environment is for gdb only. */
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
