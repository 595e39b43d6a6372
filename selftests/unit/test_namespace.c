// SPDX-License-Identifier: GPL-2.0
/*
 * test_namespace.c - the object name space: the root tree, insertion,
 * lookup syntax, temporary and permanent names, symbolic links, parse
 * procedures and reparsing, query_name, and concurrent use.
 */
#include <pthread.h>
#include <stdio.h>

#include "ob_unit.h"

static void *lookup_ok(const char *path, const struct ob_type *type)
{
	void *obj;

	ck_assert_msg(ob_lookup_object(path, NULL, type, &obj) == STATUS_SUCCESS,
		      "lookup %s failed", path);
	return obj;
}

static ntstatus lookup_status(const char *path)
{
	ntstatus st;
	void *obj = (void *)1;

	st = ob_lookup_object(path, NULL, NULL, &obj);
	if (NT_SUCCESS(st))
		ob_dereference(obj);
	else
		ck_assert_ptr_null(obj);
	return st;
}

/* A temporary object named \Device\@name, referenced once (by the caller). */
static void *named(const char *name, bool permanent)
{
	void *obj = unit_new(0);

	ck_assert_int_eq(ob_insert_object(ob_device_dir, name, obj, permanent),
			 STATUS_SUCCESS);
	return obj;
}

static void *symlink_to(const char *target)
{
	void *link;

	ck_assert_int_eq(ob_create_symlink(target, &link), STATUS_SUCCESS);
	return link;
}

static void link_at(struct ob_directory *dir, const char *name,
		    const char *target)
{
	void *link = symlink_to(target);

	ck_assert_int_eq(ob_insert_object(dir, name, link, true), STATUS_SUCCESS);
	ob_dereference(link);
}

/* Remove the (permanent) name at @path, a link not followed. */
static void unlink_path(const char *path)
{
	struct ob_parse_context pc = { .attributes = OB_LOOKUP_NOFOLLOW };
	void *f;

	ck_assert_int_eq(ob_lookup_object(path, &pc, NULL, &f), STATUS_SUCCESS);
	ob_make_temporary(f);
	ob_dereference(f);
}

/* ---- a type with a parse procedure ---------------------------------- */

static char parse_seen[OB_PATH_MAX];
static int parse_calls;
static const char *parse_reparse_to;	/* STATUS_REPARSE to this path */
static ntstatus parse_error;		/* returned if an error */
static void *parse_result;		/* returned, referenced */

static ntstatus unit_parse(void *obj, struct ob_parse_context *pc,
			   const char *remaining, void **out)
{
	might_sleep();			/* no lock may be held */
	parse_calls++;
	snprintf(parse_seen, sizeof(parse_seen), "%s", remaining);
	if (parse_reparse_to) {
		pc->reparse = kstrdup(parse_reparse_to, GFP_KERNEL);
		return STATUS_REPARSE;
	}
	if (parse_error)
		return parse_error;
	ob_reference(parse_result);
	*out = parse_result;
	return STATUS_SUCCESS;
}

static struct ob_type parse_type = {
	.name = "Fs",
	.body_size = 8,
	.parse = unit_parse,
};

static void *parse_obj_at(const char *name)
{
	void *fs;

	ck_assert_int_eq(ob_create_object(&parse_type, 0, &fs), STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(ob_device_dir, name, fs, false),
			 STATUS_SUCCESS);
	return fs;
}

/* ---- root tree -------------------------------------------------------- */

START_TEST(root_tree_exists)
{
	void *obj;

	obj = lookup_ok("\\", &ob_directory_type);
	ck_assert_ptr_eq(obj, ob_root);
	ob_dereference(obj);
	obj = lookup_ok("\\Device", &ob_directory_type);
	ck_assert_ptr_eq(obj, ob_device_dir);
	ck_assert_uint_eq(ob_header(obj)->flags,
			  OB_FLAG_NAMED | OB_FLAG_PERMANENT);
	ob_dereference(obj);
	obj = lookup_ok("\\Instances", &ob_directory_type);
	ck_assert_ptr_eq(obj, ob_instances_dir);
	ob_dereference(obj);
}
END_TEST

START_TEST(exit_frees_the_root_tree)
{
	ck_assert_int_eq(atomic64_read(&ob_directory_type.live), 3);
	ob_exit();
	ck_assert_ptr_null(ob_root);
	ck_assert_ptr_null(ob_device_dir);
	ck_assert_int_eq(atomic64_read(&ob_directory_type.live), 0);
	ck_assert_int_eq(ob_init(), 0);		/* for the teardown */
}
END_TEST

START_TEST(init_fails_cleanly_without_memory)
{
	int n;

	ob_exit();
	/* five allocations: \, \Device and its name, \Instances and its name */
	for (n = 0; n < 5; n++) {
		kshim_fail_alloc_in = n;
		ck_assert_int_eq(ob_init(), -ENOMEM);
		ck_assert_ptr_null(ob_root);
		ck_assert_int_eq(atomic64_read(&ob_live_objects), 0);
	}
	kshim_fail_alloc_in = -1;
	ck_assert_int_eq(ob_init(), 0);
}
END_TEST

/* ---- insert and lookup ------------------------------------------------ */

START_TEST(insert_then_lookup_finds_the_object)
{
	void *obj = named("pipe", false), *found;

	ck_assert_uint_eq(unit_refs(obj), 1);	/* a temporary name holds none */
	ck_assert_str_eq(ob_header(obj)->name, "pipe");
	ck_assert_ptr_eq(ob_header(obj)->parent, ob_device_dir);
	found = lookup_ok("\\Device\\pipe", &unit_type);
	ck_assert_ptr_eq(found, obj);
	ck_assert_uint_eq(unit_refs(obj), 2);
	ob_dereference(found);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(insert_copies_the_name)
{
	char name[] = "copy";
	void *obj = unit_new(0), *found;

	ck_assert_int_eq(ob_insert_object(ob_device_dir, name, obj, false),
			 STATUS_SUCCESS);
	name[0] = 'X';
	found = lookup_ok("\\Device\\copy", NULL);
	ob_dereference(found);
	ob_dereference(obj);
}
END_TEST

START_TEST(names_are_case_sensitive)
{
	void *a = named("Null", false), *b = named("null", false), *f;

	f = lookup_ok("\\Device\\Null", NULL);
	ck_assert_ptr_eq(f, a);
	ob_dereference(f);
	f = lookup_ok("\\Device\\null", NULL);
	ck_assert_ptr_eq(f, b);
	ob_dereference(f);
	ck_assert_int_eq(lookup_status("\\Device\\NULL"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ck_assert_int_eq(lookup_status("\\device"), STATUS_OBJECT_NAME_NOT_FOUND);
	ob_dereference(a);
	ob_dereference(b);
}
END_TEST

START_TEST(insert_collision_is_refused)
{
	void *a = named("x", false), *b = unit_new(0);

	ck_assert_int_eq(ob_insert_object(ob_device_dir, "x", b, false),
			 STATUS_OBJECT_NAME_COLLISION);
	ck_assert_ptr_null(ob_header(b)->parent);
	ck_assert_uint_eq(ob_header(b)->flags, 0);
	/* ... and b may still be named elsewhere. */
	ck_assert_int_eq(ob_insert_object(ob_instances_dir, "x", b, false),
			 STATUS_SUCCESS);
	ob_dereference(a);
	ob_dereference(b);
}
END_TEST

START_TEST(insert_refuses_bad_names)
{
	char name[OB_NAME_MAX + 2];
	void *obj = unit_new(0);

	ck_assert_int_eq(ob_insert_object(ob_device_dir, "", obj, false),
			 STATUS_OBJECT_NAME_INVALID);
	ck_assert_int_eq(ob_insert_object(ob_device_dir, "a\\b", obj, false),
			 STATUS_OBJECT_NAME_INVALID);
	ck_assert_int_eq(ob_insert_object(ob_device_dir, "\\", obj, false),
			 STATUS_OBJECT_NAME_INVALID);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ck_assert_int_eq(ob_insert_object(ob_device_dir, name, obj, false),
			 STATUS_NAME_TOO_LONG);
	ck_assert_ptr_null(ob_header(obj)->parent);
	name[OB_NAME_MAX] = '\0';		/* exactly OB_NAME_MAX: fine */
	ck_assert_int_eq(ob_insert_object(ob_device_dir, name, obj, false),
			 STATUS_SUCCESS);
	ob_dereference(obj);
}
END_TEST

START_TEST(insert_refuses_a_named_object)
{
	void *obj = named("once", false);

	ck_assert_int_eq(ob_insert_object(ob_device_dir, "twice", obj, false),
			 STATUS_INVALID_PARAMETER);
	ck_assert_int_eq(ob_insert_object(ob_instances_dir, "twice", obj, false),
			 STATUS_INVALID_PARAMETER);
	ck_assert_str_eq(ob_header(obj)->name, "once");
	ck_assert_int_eq(lookup_status("\\Device\\twice"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ob_dereference(obj);
}
END_TEST

START_TEST(insert_fails_cleanly_without_memory)
{
	void *obj = unit_new(0);

	kshim_fail_alloc_in = 0;
	ck_assert_int_eq(ob_insert_object(ob_device_dir, "nomem", obj, true),
			 STATUS_INSUFFICIENT_RESOURCES);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ck_assert_ptr_null(ob_header(obj)->parent);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(lookup_syntax_errors)
{
	char path[OB_PATH_MAX + 8];

	ck_assert_int_eq(lookup_status(""), STATUS_OBJECT_PATH_SYNTAX_BAD);
	ck_assert_int_eq(lookup_status("Device"), STATUS_OBJECT_PATH_SYNTAX_BAD);
	ck_assert_int_eq(lookup_status("/Device"), STATUS_OBJECT_PATH_SYNTAX_BAD);
	ck_assert_int_eq(lookup_status("\\\\"), STATUS_OBJECT_NAME_INVALID);
	ck_assert_int_eq(lookup_status("\\Device\\"), STATUS_OBJECT_NAME_INVALID);
	ck_assert_int_eq(lookup_status("\\Device\\\\x"), STATUS_OBJECT_NAME_INVALID);
	/* syntax first: the answer does not depend on what exists */
	ck_assert_int_eq(lookup_status("\\Missing\\\\x"), STATUS_OBJECT_NAME_INVALID);
	path[0] = '\\';
	memset(path + 1, 'c', OB_NAME_MAX + 1);
	path[OB_NAME_MAX + 2] = '\0';
	ck_assert_int_eq(lookup_status(path), STATUS_NAME_TOO_LONG);
	path[OB_NAME_MAX + 1] = '\0';
	ck_assert_int_eq(lookup_status(path), STATUS_OBJECT_NAME_NOT_FOUND);
	/* OB_PATH_MAX bytes, short components */
	for (int i = 0; i < OB_PATH_MAX; i += 2) {
		path[i] = '\\';
		path[i + 1] = 'a';
	}
	path[OB_PATH_MAX] = '\0';
	ck_assert_int_eq(lookup_status(path), STATUS_NAME_TOO_LONG);
	path[OB_PATH_MAX - 2] = '\0';
	ck_assert_int_eq(lookup_status(path), STATUS_OBJECT_PATH_NOT_FOUND);
}
END_TEST

START_TEST(lookup_not_found_name_versus_path)
{
	ck_assert_int_eq(lookup_status("\\nope"), STATUS_OBJECT_NAME_NOT_FOUND);
	ck_assert_int_eq(lookup_status("\\nope\\x"), STATUS_OBJECT_PATH_NOT_FOUND);
	ck_assert_int_eq(lookup_status("\\Device\\nope"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ck_assert_int_eq(lookup_status("\\Device\\nope\\x\\y"),
			 STATUS_OBJECT_PATH_NOT_FOUND);
}
END_TEST

START_TEST(lookup_through_a_non_directory_is_path_invalid)
{
	void *obj = named("leaf", false);

	ck_assert_int_eq(lookup_status("\\Device\\leaf\\x"),
			 STATUS_OBJECT_PATH_INVALID);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ob_dereference(obj);
}
END_TEST

START_TEST(lookup_type_mismatch_keeps_no_reference)
{
	void *obj = named("typed", false), *out = (void *)1;

	ck_assert_int_eq(ob_lookup_object("\\Device\\typed", NULL,
					  &unit_other_type, &out),
			 STATUS_OBJECT_TYPE_MISMATCH);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(ob_lookup_object("\\Device", NULL, &unit_type, &out),
			 STATUS_OBJECT_TYPE_MISMATCH);
	ck_assert_uint_eq(unit_refs(obj), 1);
	out = lookup_ok("\\Device\\typed", &unit_type);
	ob_dereference(out);
	ob_dereference(obj);
}
END_TEST

START_TEST(nested_directories)
{
	struct ob_directory *d1, *d2;
	void *obj, *f;

	ck_assert_int_eq(ob_create_directory(&d1), STATUS_SUCCESS);
	ck_assert_int_eq(ob_create_directory(&d2), STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(ob_instances_dir, "1", d1, false),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(d1, "sub", d2, false), STATUS_SUCCESS);
	obj = unit_new(7);
	ck_assert_int_eq(ob_insert_object(d2, "leaf", obj, false), STATUS_SUCCESS);
	f = lookup_ok("\\Instances\\1\\sub\\leaf", &unit_type);
	ck_assert_int_eq(((struct unit_obj *)f)->id, 7);
	ob_dereference(f);
	ob_dereference(obj);
	ob_dereference(d2);
	ob_dereference(d1);
}
END_TEST

/* ---- temporary and permanent ------------------------------------------ */

START_TEST(temporary_name_goes_at_the_last_handle_close)
{
	struct ob_handle_table *t = ob_handle_table_create();
	unsigned int h1, h2;
	void *obj = named("temp", false);

	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 64, &h1), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 64, &h2), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(t, h1), STATUS_SUCCESS);
	ck_assert_int_eq(lookup_status("\\Device\\temp"), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(t, h2), STATUS_SUCCESS);
	ck_assert_int_eq(lookup_status("\\Device\\temp"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	/* the object lives on: the caller's reference */
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_ptr_null(ob_header(obj)->name);
	ck_assert_uint_eq(ob_header(obj)->flags, 0);
	ob_dereference(obj);
	ob_handle_table_put(t);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(temporary_name_without_handles_goes_with_the_object)
{
	void *obj = named("nohandle", false);

	ck_assert_int_eq(lookup_status("\\Device\\nohandle"), STATUS_SUCCESS);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 1);
	ck_assert_int_eq(lookup_status("\\Device\\nohandle"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	obj = named("nohandle", false);		/* the name is free again */
	ob_dereference(obj);
}
END_TEST

START_TEST(permanent_name_survives_handles_and_references)
{
	struct ob_handle_table *t = ob_handle_table_create();
	void *obj = named("perm", true), *f;
	unsigned int h;

	ck_assert_uint_eq(unit_refs(obj), 2);
	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 64, &h), STATUS_SUCCESS);
	ck_assert_int_eq(ob_handle_close(t, h), STATUS_SUCCESS);
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 0);
	f = lookup_ok("\\Device\\perm", &unit_type);
	ck_assert_ptr_eq(f, obj);
	ob_make_temporary(f);
	ck_assert_int_eq(lookup_status("\\Device\\perm"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ck_assert_int_eq(unit_deletes, 0);
	ob_dereference(f);
	ck_assert_int_eq(unit_deletes, 1);
	ob_handle_table_put(t);
}
END_TEST

START_TEST(make_temporary_removes_the_name_despite_open_handles)
{
	struct ob_handle_table *t = ob_handle_table_create();
	void *obj = named("busy", true);
	unsigned int h;

	ck_assert_int_eq(ob_handle_insert(t, obj, 0, 0, 0, 64, &h), STATUS_SUCCESS);
	ob_make_temporary(obj);
	ck_assert_int_eq(lookup_status("\\Device\\busy"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ck_assert_uint_eq(unit_refs(obj), 2);	/* caller + handle */
	ob_make_temporary(obj);			/* unnamed: nothing */
	ob_dereference(obj);
	ck_assert_int_eq(unit_deletes, 0);
	ob_handle_table_put(t);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(named_object_holds_its_directory)
{
	struct ob_directory *dir;
	void *obj = unit_new(0);

	ck_assert_int_eq(ob_create_directory(&dir), STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(dir, "child", obj, false), STATUS_SUCCESS);
	ck_assert_uint_eq(unit_refs(dir), 2);
	ob_dereference(dir);
	ck_assert_int_eq(atomic64_read(&ob_directory_type.live), 4);
	ob_dereference(obj);		/* the name goes, then the directory */
	ck_assert_int_eq(atomic64_read(&ob_directory_type.live), 3);
	ck_assert_int_eq(unit_deletes, 1);
}
END_TEST

START_TEST(dying_object_is_skipped_and_its_name_reusable)
{
	void *old = named("phoenix", false), *young, *f;

	/* Refcount zero, still in the directory until the worker runs. */
	ob_dereference_deferred(old);
	ck_assert_int_eq(unit_deletes, 0);
	ck_assert_ptr_nonnull(ob_header(old)->parent);
	ck_assert_int_eq(lookup_status("\\Device\\phoenix"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	young = unit_new(2);
	ck_assert_int_eq(ob_insert_object(ob_device_dir, "phoenix", young, false),
			 STATUS_SUCCESS);
	f = lookup_ok("\\Device\\phoenix", NULL);
	ck_assert_ptr_eq(f, young);
	ob_dereference(f);
	ob_flush_deferred();
	ck_assert_int_eq(unit_deletes, 1);
	f = lookup_ok("\\Device\\phoenix", NULL);
	ck_assert_ptr_eq(f, young);
	ob_dereference(f);
	ob_dereference(young);
}
END_TEST

/* ---- symbolic links --------------------------------------------------- */

START_TEST(symlink_is_followed)
{
	void *obj = named("target", false), *f;

	link_at(ob_root, "Dev", "\\Device");
	link_at(ob_root, "T", "\\Device\\target");
	f = lookup_ok("\\Dev\\target", &unit_type);
	ck_assert_ptr_eq(f, obj);
	ob_dereference(f);
	f = lookup_ok("\\T", &unit_type);
	ck_assert_ptr_eq(f, obj);
	ob_dereference(f);
	f = lookup_ok("\\Dev", &ob_directory_type);
	ck_assert_ptr_eq(f, ob_device_dir);
	ob_dereference(f);
	ob_dereference(obj);
	ck_assert_int_eq(lookup_status("\\T"), STATUS_OBJECT_NAME_NOT_FOUND);
	unlink_path("\\Dev");
	unlink_path("\\T");
}
END_TEST

START_TEST(symlink_to_root_and_dangling)
{
	void *f;

	link_at(ob_device_dir, "Root", "\\");
	link_at(ob_device_dir, "Dangling", "\\Device\\nothing");
	f = lookup_ok("\\Device\\Root", NULL);
	ck_assert_ptr_eq(f, ob_root);
	ob_dereference(f);
	f = lookup_ok("\\Device\\Root\\Instances", NULL);
	ck_assert_ptr_eq(f, ob_instances_dir);
	ob_dereference(f);
	ck_assert_int_eq(lookup_status("\\Device\\Dangling"),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	unlink_path("\\Device\\Dangling");
	unlink_path("\\Device\\Root");
}
END_TEST

START_TEST(symlink_target_must_be_a_valid_path)
{
	void *link = (void *)1;

	ck_assert_int_eq(ob_create_symlink("Device", &link),
			 STATUS_OBJECT_PATH_SYNTAX_BAD);
	ck_assert_int_eq(ob_create_symlink("\\Device\\", &link),
			 STATUS_OBJECT_NAME_INVALID);
	ck_assert_int_eq(ob_create_symlink("", &link),
			 STATUS_OBJECT_PATH_SYNTAX_BAD);
	ck_assert_int_eq(atomic64_read(&ob_symlink_type.live), 0);
}
END_TEST

START_TEST(nofollow_returns_a_final_link_only)
{
	struct ob_parse_context pc = { .attributes = OB_LOOKUP_NOFOLLOW };
	void *obj = named("t", false), *f;

	link_at(ob_root, "L", "\\Device");
	ck_assert_int_eq(ob_lookup_object("\\L", &pc, NULL, &f), STATUS_SUCCESS);
	ck_assert_ptr_eq(ob_type_of(f), &ob_symlink_type);
	ob_dereference(f);
	/* a link before the last component is followed anyway */
	ck_assert_int_eq(ob_lookup_object("\\L\\t", &pc, NULL, &f), STATUS_SUCCESS);
	ck_assert_ptr_eq(f, obj);
	ob_dereference(f);
	ck_assert_int_eq(pc.reparse_count, 1);
	ob_dereference(obj);
	unlink_path("\\L");
}
END_TEST

START_TEST(symlink_chain_stops_at_the_reparse_limit)
{
	char name[16], target[32];
	void *f;
	int i;

	/* \Device\L0 -> \Device\L1 -> ... -> \Device\L<n> -> \Device */
	for (i = 0; i <= OB_MAX_REPARSE; i++) {
		snprintf(name, sizeof(name), "L%d", i);
		if (i == OB_MAX_REPARSE)
			snprintf(target, sizeof(target), "\\Device");
		else
			snprintf(target, sizeof(target), "\\Device\\L%d", i + 1);
		link_at(ob_device_dir, name, target);
	}
	/* L1: OB_MAX_REPARSE links, the most a lookup follows */
	f = lookup_ok("\\Device\\L1", &ob_directory_type);
	ob_dereference(f);
	/* L0: one more */
	ck_assert_int_eq(lookup_status("\\Device\\L0"),
			 STATUS_REPARSE_POINT_NOT_RESOLVED);
	for (i = 0; i <= OB_MAX_REPARSE; i++) {
		snprintf(target, sizeof(target), "\\Device\\L%d", i);
		unlink_path(target);
	}
}
END_TEST

START_TEST(symlink_loop_is_not_resolved)
{
	link_at(ob_root, "Self", "\\Self");
	ck_assert_int_eq(lookup_status("\\Self"), STATUS_REPARSE_POINT_NOT_RESOLVED);
	ck_assert_int_eq(lookup_status("\\Self\\x"),
			 STATUS_REPARSE_POINT_NOT_RESOLVED);
	unlink_path("\\Self");
	ck_assert_int_eq(atomic64_read(&ob_symlink_type.live), 0);
}
END_TEST

/* ---- parse procedures ------------------------------------------------- */

START_TEST(parse_receives_the_remaining_path)
{
	void *fs = parse_obj_at("fs"), *f;

	parse_result = unit_new(42);
	f = lookup_ok("\\Device\\fs\\a\\b.txt", &unit_type);
	ck_assert_ptr_eq(f, parse_result);
	ck_assert_str_eq(parse_seen, "a\\b.txt");
	ck_assert_int_eq(parse_calls, 1);
	ck_assert_uint_eq(unit_refs(fs), 1);	/* the walk's reference dropped */
	ob_dereference(f);
	/* through a link too */
	link_at(ob_root, "F", "\\Device\\fs");
	f = lookup_ok("\\F\\c", &unit_type);
	ck_assert_str_eq(parse_seen, "c");
	ob_dereference(f);
	unlink_path("\\F");
	ob_dereference(parse_result);
	ob_dereference(fs);
}
END_TEST

START_TEST(parse_is_not_called_for_the_last_component)
{
	void *fs = parse_obj_at("fs2"), *f;

	f = lookup_ok("\\Device\\fs2", &parse_type);
	ck_assert_ptr_eq(f, fs);
	ck_assert_int_eq(parse_calls, 0);
	ob_dereference(f);
	ob_dereference(fs);
}
END_TEST

START_TEST(parse_reparse_restarts_the_walk)
{
	void *fs = parse_obj_at("fs"), *obj = unit_new(5), *f;

	ck_assert_int_eq(ob_insert_object(ob_instances_dir, "x", obj, false),
			 STATUS_SUCCESS);
	parse_reparse_to = "\\Instances\\x";
	f = lookup_ok("\\Device\\fs\\anything", &unit_type);
	ck_assert_ptr_eq(f, obj);
	ck_assert_str_eq(parse_seen, "anything");
	ob_dereference(f);
	ob_dereference(obj);
	ob_dereference(fs);
}
END_TEST

START_TEST(parse_reparse_loop_shares_the_limit_with_links)
{
	struct ob_parse_context pc = {};
	void *fs = parse_obj_at("loop"), *f = NULL;

	/* the parse procedure sends the walk back into itself */
	parse_reparse_to = "\\Device\\loop\\again";
	ck_assert_int_eq(ob_lookup_object("\\Device\\loop\\x", &pc, NULL, &f),
			 STATUS_REPARSE_POINT_NOT_RESOLVED);
	ck_assert_ptr_null(f);
	ck_assert_int_eq(parse_calls, OB_MAX_REPARSE + 1);
	ck_assert_ptr_null(pc.reparse);
	/* a link in the loop counts too */
	parse_calls = 0;
	link_at(ob_root, "Loop", "\\Device\\loop");
	parse_reparse_to = "\\Loop\\again";
	ck_assert_int_eq(lookup_status("\\Loop\\x"),
			 STATUS_REPARSE_POINT_NOT_RESOLVED);
	ck_assert_int_eq(parse_calls, (OB_MAX_REPARSE + 1) / 2);
	parse_reparse_to = NULL;
	unlink_path("\\Loop");
	ob_dereference(fs);
}
END_TEST

START_TEST(parse_error_is_returned_and_nothing_leaks)
{
	void *fs = parse_obj_at("fs"), *f = (void *)1;

	parse_error = STATUS_ACCESS_DENIED;
	ck_assert_int_eq(ob_lookup_object("\\Device\\fs\\secret", NULL, NULL, &f),
			 STATUS_ACCESS_DENIED);
	ck_assert_ptr_null(f);
	ck_assert_uint_eq(unit_refs(fs), 1);
	ob_dereference(fs);
}
END_TEST

START_TEST(parse_result_type_is_checked)
{
	void *fs = parse_obj_at("fs"), *f;

	parse_result = unit_new(1);
	ck_assert_int_eq(ob_lookup_object("\\Device\\fs\\x", NULL,
					  &unit_other_type, &f),
			 STATUS_OBJECT_TYPE_MISMATCH);
	ck_assert_uint_eq(unit_refs(parse_result), 1);
	ob_dereference(parse_result);
	ob_dereference(fs);
}
END_TEST

/* ---- access checks ---------------------------------------------------- */

static u32 seen_desired;
static const void *seen_cred;

static ntstatus unit_access_check(void *obj, u32 desired, const void *cred)
{
	seen_desired = desired;
	seen_cred = cred;
	return desired & OB_ACCESS_WRITE_DATA ? STATUS_ACCESS_DENIED :
						STATUS_SUCCESS;
}

static struct ob_type guarded_type = {
	.name = "Guarded",
	.body_size = 8,
	.access_check = unit_access_check,
};

START_TEST(access_check_sees_desired_access_and_cred)
{
	int cred = 1;
	struct ob_parse_context pc = { .cred = &cred,
				       .desired_access = OB_ACCESS_READ_DATA };
	void *obj, *f;

	ck_assert_int_eq(ob_create_object(&guarded_type, 0, &obj), STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(ob_device_dir, "g", obj, false),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_lookup_object("\\Device\\g", &pc, NULL, &f),
			 STATUS_SUCCESS);
	ck_assert_uint_eq(seen_desired, OB_ACCESS_READ_DATA);
	ck_assert_ptr_eq(seen_cred, &cred);
	ob_dereference(f);
	pc.desired_access = OB_ACCESS_WRITE_DATA;
	ck_assert_int_eq(ob_lookup_object("\\Device\\g", &pc, NULL, &f),
			 STATUS_ACCESS_DENIED);
	ck_assert_uint_eq(unit_refs(obj), 1);
	ob_dereference(obj);
}
END_TEST

/* ---- query_name ------------------------------------------------------- */

START_TEST(query_name_builds_the_full_path)
{
	struct ob_directory *d;
	void *obj = unit_new(0);
	char buf[64];

	ck_assert_int_eq(ob_create_directory(&d), STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(ob_instances_dir, "3", d, false),
			 STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(d, "x", obj, false), STATUS_SUCCESS);
	ck_assert_int_eq(ob_query_name(obj, buf, sizeof(buf)), STATUS_SUCCESS);
	ck_assert_str_eq(buf, "\\Instances\\3\\x");
	ck_assert_int_eq(ob_query_name(d, buf, sizeof(buf)), STATUS_SUCCESS);
	ck_assert_str_eq(buf, "\\Instances\\3");
	ck_assert_int_eq(ob_query_name(ob_root, buf, sizeof(buf)), STATUS_SUCCESS);
	ck_assert_str_eq(buf, "\\");
	ck_assert_int_eq(ob_query_name(ob_device_dir, buf, sizeof(buf)),
			 STATUS_SUCCESS);
	ck_assert_str_eq(buf, "\\Device");
	ob_dereference(obj);
	ob_dereference(d);
}
END_TEST

START_TEST(query_name_buffer_size_is_exact)
{
	void *obj = named("abc", false);
	char buf[32];

	/* "\Device\abc" is 11 bytes and a NUL */
	ck_assert_int_eq(ob_query_name(obj, buf, 11), STATUS_BUFFER_TOO_SMALL);
	ck_assert_int_eq(ob_query_name(obj, buf, 12), STATUS_SUCCESS);
	ck_assert_str_eq(buf, "\\Device\\abc");
	ck_assert_int_eq(ob_query_name(ob_root, buf, 1), STATUS_BUFFER_TOO_SMALL);
	ob_dereference(obj);
}
END_TEST

START_TEST(query_name_of_unnamed_or_unreachable_objects)
{
	struct ob_directory *d;
	void *obj = unit_new(0);
	char buf[64];

	ck_assert_int_eq(ob_query_name(obj, buf, sizeof(buf)),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ck_assert_int_eq(ob_create_directory(&d), STATUS_SUCCESS);
	ck_assert_int_eq(ob_insert_object(d, "orphan", obj, false), STATUS_SUCCESS);
	ck_assert_int_eq(ob_query_name(obj, buf, sizeof(buf)),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	ck_assert_uint_eq(unit_refs(d), 2);	/* the walk's reference dropped */
	ob_dereference(obj);
	ob_dereference(d);
}
END_TEST

/* ---- concurrency ------------------------------------------------------ */

static void *ns_stress(void *arg)
{
	unsigned int seed = (unsigned int)(long)arg;
	char name[16], path[32];
	void *obj, *f;
	int i;

	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "n%u", rand_r(&seed) % 8);
		obj = unit_new(0);
		(void)ob_insert_object(ob_device_dir, name, obj,
				       rand_r(&seed) % 4 == 0);
		snprintf(path, sizeof(path), "\\Device\\n%u", rand_r(&seed) % 8);
		if (ob_lookup_object(path, NULL, NULL, &f) == STATUS_SUCCESS) {
			ck_assert_uint_eq(((struct unit_obj *)f)->magic,
					  UNIT_MAGIC);
			if (rand_r(&seed) % 2)
				ob_make_temporary(f);
			ob_dereference(f);
		}
		if (rand_r(&seed) % 2)
			ob_dereference_deferred(obj);
		else
			ob_dereference(obj);
	}
	return NULL;
}

START_TEST(concurrent_insert_lookup_and_removal)
{
	pthread_t th[4];
	char path[32];
	void *f;
	long i;

	for (i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, ns_stress,
						(void *)(i + 1)), 0);
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	ob_flush_deferred();
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "\\Device\\n%ld", i);
		if (ob_lookup_object(path, NULL, NULL, &f) == STATUS_SUCCESS) {
			ob_make_temporary(f);
			ob_dereference(f);
		}
	}
	ck_assert_int_eq(atomic64_read(&unit_type.live), 0);
}
END_TEST

Suite *ob_namespace_suite(void)
{
	Suite *s = suite_create("ob_namespace");
	TCase *tc;

	tc = unit_tcase("root");
	tcase_add_test(tc, root_tree_exists);
	tcase_add_test(tc, exit_frees_the_root_tree);
	tcase_add_test(tc, init_fails_cleanly_without_memory);
	suite_add_tcase(s, tc);

	tc = unit_tcase("insert_lookup");
	tcase_add_test(tc, insert_then_lookup_finds_the_object);
	tcase_add_test(tc, insert_copies_the_name);
	tcase_add_test(tc, names_are_case_sensitive);
	tcase_add_test(tc, insert_collision_is_refused);
	tcase_add_test(tc, insert_refuses_bad_names);
	tcase_add_test(tc, insert_refuses_a_named_object);
	tcase_add_test(tc, insert_fails_cleanly_without_memory);
	tcase_add_test(tc, lookup_syntax_errors);
	tcase_add_test(tc, lookup_not_found_name_versus_path);
	tcase_add_test(tc, lookup_through_a_non_directory_is_path_invalid);
	tcase_add_test(tc, lookup_type_mismatch_keeps_no_reference);
	tcase_add_test(tc, nested_directories);
	suite_add_tcase(s, tc);

	tc = unit_tcase("lifetime");
	tcase_add_test(tc, temporary_name_goes_at_the_last_handle_close);
	tcase_add_test(tc, temporary_name_without_handles_goes_with_the_object);
	tcase_add_test(tc, permanent_name_survives_handles_and_references);
	tcase_add_test(tc, make_temporary_removes_the_name_despite_open_handles);
	tcase_add_test(tc, named_object_holds_its_directory);
	tcase_add_test(tc, dying_object_is_skipped_and_its_name_reusable);
	suite_add_tcase(s, tc);

	tc = unit_tcase("symlink");
	tcase_add_test(tc, symlink_is_followed);
	tcase_add_test(tc, symlink_to_root_and_dangling);
	tcase_add_test(tc, symlink_target_must_be_a_valid_path);
	tcase_add_test(tc, nofollow_returns_a_final_link_only);
	tcase_add_test(tc, symlink_chain_stops_at_the_reparse_limit);
	tcase_add_test(tc, symlink_loop_is_not_resolved);
	suite_add_tcase(s, tc);

	tc = unit_tcase("parse");
	tcase_add_test(tc, parse_receives_the_remaining_path);
	tcase_add_test(tc, parse_is_not_called_for_the_last_component);
	tcase_add_test(tc, parse_reparse_restarts_the_walk);
	tcase_add_test(tc, parse_reparse_loop_shares_the_limit_with_links);
	tcase_add_test(tc, parse_error_is_returned_and_nothing_leaks);
	tcase_add_test(tc, parse_result_type_is_checked);
	tcase_add_test(tc, access_check_sees_desired_access_and_cred);
	suite_add_tcase(s, tc);

	tc = unit_tcase("query_name");
	tcase_add_test(tc, query_name_builds_the_full_path);
	tcase_add_test(tc, query_name_buffer_size_is_exact);
	tcase_add_test(tc, query_name_of_unnamed_or_unreachable_objects);
	suite_add_tcase(s, tc);

	tc = unit_tcase("concurrency");
	tcase_add_test(tc, concurrent_insert_lookup_and_removal);
	suite_add_tcase(s, tc);
	return s;
}
