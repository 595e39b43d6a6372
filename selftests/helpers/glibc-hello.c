// SPDX-License-Identifier: GPL-2.0
/*
 * glibc-hello: an ordinary static glibc program (stdio, malloc from brk
 * and from mmap, argv/envp), exec'd as a pico process by glibc_test and
 * natively, whose output must be the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	size_t small = 100000, big = 4u << 20, i;
	unsigned char *p = malloc(small);	/* from brk */
	unsigned char *q = malloc(big);		/* from mmap */
	unsigned long sum = 0;
	const char *v = getenv("LXT_GREETING");

	if (!p || !q)
		return 1;
	memset(p, 1, small);
	for (i = 0; i < big; i += 4096)
		q[i] = (unsigned char)i | 1;
	for (i = 0; i < small; i++)
		sum += p[i];
	for (i = 0; i < big; i += 4096)
		sum += q[i];
	printf("hello from glibc: argc=%d argv[1]=%s greeting=%s\n", argc,
	       argc > 1 ? argv[1] : "-", v ? v : "-");
	printf("sum=%lu\n", sum);
	free(q);
	free(p);
	return 3;
}
