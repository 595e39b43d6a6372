// SPDX-License-Identifier: GPL-2.0
/*
 * volfs_main.c - the `volfs` command line: picks the command, parses its
 * options and hands over. Kept apart from volfs.c's main() so the unit
 * tests can run the same command line in-process.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "volfs.h"

static const char usage[] =
	"usage: volfs import [--force] TARBALL DIR\n"
	"       volfs export DIR FILE.tar[.gz|.xz|.zst]\n"
	"       volfs fsck [--repair] DIR\n"
	"       volfs stat PATH...\n";

static int bad_usage(const char *why)
{
	volfs_error("%s", why);
	fputs(usage, volfs_err);
	return 2;
}

/* Split argv after the command into --options (one allowed) and operands. */
static int parse(int argc, char **argv, const char *opt, int *has_opt,
		 char **ops, int nops, int min_ops)
{
	int i, n = 0, only_operands = 0;

	*has_opt = 0;
	for (i = 2; i < argc; i++) {
		if (!only_operands && !strcmp(argv[i], "--")) {
			only_operands = 1;
		} else if (!only_operands && argv[i][0] == '-' && argv[i][1]) {
			if (!opt || strcmp(argv[i], opt)) {
				volfs_error("%s: unknown option %s", argv[1], argv[i]);
				return -1;
			}
			*has_opt = 1;
		} else {
			if (n == nops) {
				volfs_error("%s: too many operands", argv[1]);
				return -1;
			}
			ops[n++] = argv[i];
		}
	}
	if (n < min_ops) {
		volfs_error("%s: missing operand", argv[1]);
		return -1;
	}
	return n;
}

int volfs_main(int argc, char **argv)
{
	char *ops[2];
	int opt, i, ret;

	/*
	 * libarchive converts pax's UTF-8 names to the locale's charset: with
	 * a UTF-8 locale the bytes stay as they are (C.UTF-8 is in glibc).
	 */
	setlocale(LC_CTYPE, "C.UTF-8");
	if (!volfs_out)
		volfs_out = stdout;
	if (!volfs_err)
		volfs_err = stderr;
	if (argc < 2)
		return bad_usage("missing command");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, volfs_out);
		return 0;
	}
	if (!strcmp(argv[1], "import")) {
		if (parse(argc, argv, "--force", &opt, ops, 2, 2) < 0)
			return bad_usage("import needs TARBALL and DIR");
		return volfs_import(ops[0], ops[1], opt ? VOLFS_IMPORT_FORCE : 0);
	}
	if (!strcmp(argv[1], "export")) {
		if (parse(argc, argv, NULL, &opt, ops, 2, 2) < 0)
			return bad_usage("export needs DIR and FILE");
		return volfs_export(ops[0], ops[1]);
	}
	if (!strcmp(argv[1], "fsck")) {
		if (parse(argc, argv, "--repair", &opt, ops, 1, 1) < 0) {
			bad_usage("fsck needs DIR");
			return VOLFS_FSCK_USAGE;
		}
		return volfs_fsck(ops[0], opt);
	}
	if (!strcmp(argv[1], "stat")) {
		if (argc < 3)
			return bad_usage("stat needs a PATH");
		ret = 0;
		for (i = 2; i < argc; i++)
			ret |= volfs_stat(argv[i]);
		return ret;
	}
	volfs_error("unknown command %s", argv[1]);
	fputs(usage, volfs_err);
	return 2;
}
