// SPDX-License-Identifier: GPL-2.0
/*
 * lxss_unit.h - the Check suites of lxss-daemon, one constructor per suite,
 * and the helpers they share to capture what a formatter writes.
 */
#ifndef LXSS_UNIT_H
#define LXSS_UNIT_H

#include <check.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

Suite *name_suite(void);
Suite *wait_status_suite(void);
Suite *format_error_suite(void);
Suite *stats_suite(void);
Suite *report_suite(void);
Suite *args_suite(void);
Suite *io_suite(void);
Suite *proto_suite(void);
Suite *lx_args_suite(void);
Suite *lxssd_suite(void);

/* An in-memory FILE whose text can be compared once the writer is done. */
struct unit_out {
	FILE *f;
	char *text;
	size_t len;
};

void unit_out_open(struct unit_out *out);
/* Close the stream and return everything written to it. */
const char *unit_out_text(struct unit_out *out);
void unit_out_free(struct unit_out *out);

#endif /* LXSS_UNIT_H */
