// SPDX-License-Identifier: GPL-2.0
/*
 * glibc-maps: prints its own /proc/self/maps and exits 0 (3: no maps).
 * procmaps_test runs it static and dynamic (dyn-maps, with the instance's
 * ld.so and libc.so.6) to see how the loaders' mappings are named.
 */
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
	char buf[4096];
	ssize_t n;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (fd < 0)
		return 3;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, n) != n)
			return 4;
	return n < 0 ? 5 : 0;
}
