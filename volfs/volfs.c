// SPDX-License-Identifier: GPL-2.0
/*
 * volfs.c - main() of the volfs tool: import, export, fsck and stat of VolFs
 * backing trees (see volfs/README.md and volfs_main.c).
 */
#include "volfs.h"

int main(int argc, char **argv)
{
	return volfs_main(argc, argv);
}
