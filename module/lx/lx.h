/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lx/lx.h - what the Linux-ABI files share: the errno edge and fd lookup.
 * Handlers themselves are declared in lxcore.h next to the table's type.
 */
#ifndef LX_LX_H
#define LX_LX_H

#include "lxcore.h"

int lx_get_file(struct ps_task *pt, unsigned int fd, struct ob_href *ref);
long lx_errno(ntstatus st, size_t done);

#endif /* LX_LX_H */
