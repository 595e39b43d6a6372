#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print the rows of module/lx/syscall_table.c from a kernel's
# arch/x86/entry/syscalls/syscall_64.tbl (64-bit and common ABIs only).
# Used once to write the table; after that, rows are edited by hand as
# handlers land. Rows print with no handler: give them one in the file.
set -eu
tbl=${1:?usage: gen-syscall-table.sh syscall_64.tbl}
awk '$1 ~ /^[0-9]+$/ && ($2 == "common" || $2 == "64") {
	printf "\tLX_ROW(%d, %s, NULL, 0),\n", $1, $3
}' "$tbl"
