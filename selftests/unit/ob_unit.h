/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ob_unit.h - shared by the object manager's unit tests: the suites, a
 * test object type that counts its close and delete calls, and the
 * fixture that builds the root tree and proves nothing leaked.
 */
#ifndef LXCORE_OB_UNIT_H
#define LXCORE_OB_UNIT_H

#include <check.h>

#include "ob/ob.h"

#define UNIT_MAGIC	0x0b0bcafeU

struct unit_obj {
	unsigned int magic;	/* cleared by the delete procedure */
	int id;
};

/* Counted by unit_type's procedures (each test runs in its own process). */
extern int unit_deletes;
extern int unit_closes;
extern long unit_last_left;
extern struct ob_type unit_type;
extern struct ob_type unit_other_type;

void *unit_new(int id);
void *unit_new_other(void);
unsigned int unit_refs(void *obj);
long unit_handles(void *obj);

/* ob_init() before, ob_exit() after; then every counter must be zero. */
void unit_setup(void);
void unit_teardown(void);
TCase *unit_tcase(const char *name);

Suite *ob_status_suite(void);
Suite *ob_object_suite(void);
Suite *ob_namespace_suite(void);
Suite *ob_handle_suite(void);

#endif /* LXCORE_OB_UNIT_H */
