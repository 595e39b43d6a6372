// SPDX-License-Identifier: GPL-2.0
/*
 * liblxss_util.c - pure rules the lxss tools share: the instance name rule,
 * wait status to exit code, and error text that is safe to build in a pico
 * process between LXSS_IOC_ENTER and execve().
 */
#define _GNU_SOURCE		/* strerrordesc_np() */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#include "liblxss.h"

static bool lxss_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

bool lxss_valid_name(const char *name)
{
	size_t i;

	if (!name || !name[0])
		return false;
	for (i = 0; name[i]; i++) {
		if (i >= LXSS_NAME_MAX - 1 || !lxss_name_char(name[i]))
			return false;
	}
	return true;
}

const char *lxss_open_hint(int err)
{
	/* No node (ENOENT), or a node whose driver is gone (ENXIO, ENODEV). */
	if (err == ENOENT || err == ENXIO || err == ENODEV)
		return "module not loaded? (insmod lxcore.ko)";
	return NULL;
}

int lxss_wait_status_to_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

/* Append @s to @buf at *@len, keeping room for "\n" and the NUL. */
static void lxss_append(char *buf, size_t size, size_t *len, const char *s)
{
	while (*s && *len + 2 < size)
		buf[(*len)++] = *s++;
}

size_t lxss_format_error(char *buf, size_t size, const char *prefix, const char *what, int err)
{
	/* strerrordesc_np() is a table lookup: no locale, no heap, unlike strerror(). */
	const char *desc = strerrordesc_np(err);
	char num[24];
	size_t len = 0;
	unsigned int u;
	int i;

	if (size == 0)
		return 0;
	lxss_append(buf, size, &len, prefix);
	lxss_append(buf, size, &len, what);
	lxss_append(buf, size, &len, ": ");
	if (desc) {
		lxss_append(buf, size, &len, desc);
	} else {
		u = err < 0 ? 0U - (unsigned int)err : (unsigned int)err;
		i = sizeof(num) - 1;
		num[i] = '\0';
		do {
			num[--i] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (err < 0)
			num[--i] = '-';
		lxss_append(buf, size, &len, "error ");
		lxss_append(buf, size, &len, &num[i]);
	}
	if (size >= 2)
		buf[len++] = '\n';
	buf[len] = '\0';
	return len;
}
