// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl(2). The fd commands every file has (FIONBIO, FIOASYNC, FIOCLEX,
 * FIONCLEX) act on the handle and its File object; FIONREAD asks the
 * device; terminal control reaches a host terminal an instance was given,
 * with process groups and sessions confined to the instance, and the pty
 * master commands (TIOCGPTN, TIOCSPTLCK, TIOCGPTPEER...) on the ptys of an
 * instance's devfs (vfs/devpts.c); SIOCGIF* interface queries reach a host
 * socket. Every other
 * command is ENOTTY, counted with the instance's unimplemented calls.
 */
#include <asm/ioctls.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/pid.h>
#include <linux/sockios.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/termios.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/uaccess.h>
#include <asm/unistd.h>

#include "lxcore.h"
#include "lx/lx.h"
#include "vfs/lxvfs.h"

/*
 * Are the members of group @nr (PIDTYPE_PGID or PIDTYPE_SID) all tasks of
 * @inst? A number that names nothing, or a group with no member left,
 * names nothing of the host either: yes.
 */
static bool lx_group_in_instance(struct ps_instance *inst, pid_t nr,
				 enum pid_type type)
{
	struct task_struct *t;
	struct pid *grp;
	bool in = true;

	rcu_read_lock();
	grp = find_vpid(nr);
	if (grp) {
		do_each_pid_task(grp, type, t) {
			if (!lx_task_in_instance(inst, t)) {
				in = false;
				goto out;
			}
		} while_each_pid_task(grp, type, t);
	}
out:
	rcu_read_unlock();
	return in;
}

/* The terminal a host tty file controls (a pty master acts on its slave). */
static struct tty_struct *lx_tty_of(struct file *filp)
{
	struct tty_struct *tty = ((struct tty_file_private *)filp->private_data)->tty;

	if (tty->driver->type == TTY_DRIVER_TYPE_PTY &&
	    tty->driver->subtype == PTY_TYPE_MASTER && tty->link)
		tty = tty->link;
	return tty;
}

/* Is the terminal's foreground group, if it has one, a group of @inst? */
static bool lx_tty_fg_in_instance(struct ps_instance *inst, struct file *filp)
{
	struct pid *pgrp = tty_get_pgrp(lx_tty_of(filp));
	bool in = true;
	pid_t nr;

	if (pgrp) {
		nr = pid_vnr(pgrp);
		in = !nr || lx_group_in_instance(inst, nr, PIDTYPE_PGID);
		put_pid(pgrp);
	}
	return in;
}

static long lx_io_ioctl(struct io_file *f, unsigned int cmd, unsigned long arg)
{
	long ret = 0;
	ntstatus st;

	if (!f->ops->ioctl)
		return -ENOTTY;
	st = f->ops->ioctl(f, cmd, arg, &ret);
	return NT_SUCCESS(st) ? ret : ob_status_to_errno(st);
}

/*
 * Terminal control on a host terminal. The host's tty layer does the work
 * and keeps Linux's rules (job control, session leaders); what lxcore adds
 * is that the process groups and sessions named in and out are the
 * instance's: a host group is never made the foreground group, a host group
 * or session is reported as 0 (as to a process in another pid namespace),
 * and a resize, which signals the foreground group, is refused while that
 * group is the host's.
 */
static long lx_tty_ioctl(struct ps_task *pt, struct file *filp, struct io_file *f,
			 unsigned int cmd, unsigned long arg)
{
	int __user *uarg = (int __user *)arg;
	pid_t nr;
	long ret;

	switch (cmd) {
	case TIOCSPGRP:
		if (get_user(nr, uarg))
			return -EFAULT;
		if (nr > 0 && !lx_group_in_instance(pt->inst, nr, PIDTYPE_PGID)) {
			lx_pid_refused(pt, "ioctl(TIOCSPGRP)", nr);
			return -EPERM;
		}
		break;
	case TIOCSWINSZ:
	case TIOCSIG:
		if (!lx_tty_fg_in_instance(pt->inst, filp)) {
			pr_info_ratelimited(LX_PREFIX "instance %s: ioctl 0x%x signalling a host group refused\n",
					    pt->inst->name, cmd);
			return -EPERM;
		}
		break;
	case TIOCSCTTY:
		/* Never steal a terminal from another session (arg 1). */
		arg = 0;
		break;
	}
	ret = lx_io_ioctl(f, cmd, arg);
	if (ret < 0 || (cmd != TIOCGPGRP && cmd != TIOCGSID))
		return ret;
	if (get_user(nr, uarg))
		return -EFAULT;
	if (nr > 0 && !lx_group_in_instance(pt->inst, nr,
					    cmd == TIOCGSID ? PIDTYPE_SID : PIDTYPE_PGID) &&
	    put_user(0, uarg))
		return -EFAULT;
	return ret;
}

/* FIONBIO: O_NONBLOCK of the open file description, as F_SETFL sets it. */
static long lx_ioctl_fionbio(struct io_file *f, int __user *uarg)
{
	unsigned int flags;
	int on;

	if (get_user(on, uarg))
		return -EFAULT;
	flags = io_file_flags(f);
	if (f->ops->host_flags) {
		unsigned int host = f->ops->host_flags(f);

		flags &= ~IO_FILE_SETTABLE;
		if (host & O_NONBLOCK)
			flags |= IO_FILE_NONBLOCK;
		if (host & O_APPEND)
			flags |= IO_FILE_APPEND;
		if (host & O_NOATIME)
			flags |= IO_FILE_NOATIME;
	}
	flags &= IO_FILE_SETTABLE & ~IO_FILE_NONBLOCK;
	if (on)
		flags |= IO_FILE_NONBLOCK;
	return ob_status_to_errno(io_file_set_flags(f, flags));
}

/*
 * FIOASYNC: lxcore delivers no SIGIO yet. Turning it off is what every file
 * already is (0, as Linux when nothing changes); turning it on is ENOTTY,
 * Linux's answer for a file without fasync.
 */
static long lx_ioctl_fioasync(struct ps_task *pt, int __user *uarg)
{
	int on;

	if (get_user(on, uarg))
		return -EFAULT;
	if (!on)
		return 0;
	pr_info_ratelimited(LX_PREFIX "instance %s: ioctl(FIOASYNC): not supported\n",
			    pt->inst->name);
	return -ENOTTY;
}

/* FIONREAD of an LxVfs regular file: the bytes after the position. */
static long lx_vfs_fionread(struct io_file *f, int __user *uarg)
{
	struct io_stat st;
	ntstatus status;
	loff_t pos;

	status = f->ops->getattr ? f->ops->getattr(f, &st) : STATUS_NOT_SUPPORTED;
	if (!NT_SUCCESS(status) || !S_ISREG(st.mode))
		return -ENOTTY;
	mutex_lock(&f->pos_lock);
	pos = f->pos;
	mutex_unlock(&f->pos_lock);
	return put_user((int)(st.size - pos), uarg) ? -EFAULT : 0;
}

static bool lx_ioctl_is_tty(unsigned int cmd)
{
	switch (cmd) {
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TIOCGWINSZ:
	case TIOCSWINSZ:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCSCTTY:
	case TIOCNOTTY:
	case TIOCGSID:
	case TCFLSH:
	case TCSBRK:
	case TCXONC:
	case TIOCOUTQ:
	/* pty masters (pty_unix98_ioctl) */
	case TIOCGPTN:
	case TIOCSPTLCK:
	case TIOCGPTLCK:
	case TIOCPKT:
	case TIOCGPKT:
	case TIOCSIG:
		return true;
	}
	return false;
}

/*
 * TIOCGPTPEER: the slave of a pty master, as a new handle (the host's
 * ptm_open_peer() would install it in the host's fd table).
 */
static long lx_ioctl_ptpeer(struct ps_task *pt, struct file *tty, unsigned long arg)
{
	int oflags = (int)arg;
	struct io_file *peer;
	unsigned int h;
	long ret;

	ret = ob_status_to_errno(lxvfs_devpts_peer(tty, oflags, &peer));
	if (ret)
		return ret;
	ret = ob_status_to_errno(ob_handle_insert(pt->htab, peer, io_file_access(peer),
						  oflags & O_CLOEXEC ? OB_HANDLE_CLOEXEC : 0,
						  0, ps_handle_limit(), &h));
	ob_dereference(peer);
	return ret ? ret : h;
}

/*
 * Interface queries on a host socket (inet, netlink), as `ip` and
 * `ifconfig` make them: the host's dev_ioctl() answers from the task's
 * network namespace, as netlink does. Only the SIOCGIF* reads: every
 * SIOCSIF* stays ENOTTY, so an instance never changes the host's network.
 */
static bool lx_ioctl_is_ifquery(struct io_file *f, unsigned int cmd)
{
	struct file *filp;

	switch (cmd) {
	case SIOCGIFNAME:
	case SIOCGIFCONF:
	case SIOCGIFFLAGS:
	case SIOCGIFADDR:
	case SIOCGIFDSTADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFMETRIC:
	case SIOCGIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFINDEX:
	case SIOCGIFTXQLEN:
	case SIOCGIFMAP:
		break;
	default:
		return false;
	}
	if (io_file_is_unix(f))
		return true;
	if (f->ops->kind != IO_KIND_HOST)
		return false;
	filp = f->context;
	return S_ISSOCK(file_inode(filp)->i_mode);
}

/*
 * The query on an lxcore AF_UNIX socket (glibc's if_nametoindex() opens
 * one): Linux answers it for any socket, so ask a short-lived host inet
 * socket of the task's network namespace.
 */
static long lx_ifquery_unix(unsigned int cmd, unsigned long arg)
{
	struct socket *sock;
	struct file *filp;
	long ret;

	ret = sock_create(AF_INET, SOCK_DGRAM, 0, &sock);
	if (ret)
		return ret;
	filp = sock_alloc_file(sock, 0, NULL);
	if (IS_ERR(filp))
		return PTR_ERR(filp);
	ret = vfs_ioctl(filp, cmd, arg);
	fput(filp);
	return ret;
}

/*
 * SIOCATMARK: a host socket answers itself (TCP's urgent mark), an lxcore
 * AF_UNIX stream socket from its queue; other AF_UNIX types have no mark.
 */
static long lx_ioctl_atmark(struct io_file *f, unsigned long arg)
{
	if (io_file_is_unix(f)) {
		int at = io_unix_atmark(f);

		if (at < 0)
			return at;
		return put_user(at, (int __user *)arg) ? -EFAULT : 0;
	}
	if (f->ops->kind == IO_KIND_HOST &&
	    S_ISSOCK(file_inode((struct file *)f->context)->i_mode))
		return lx_io_ioctl(f, SIOCATMARK, arg);
	return -ENOTTY;
}

/* A command lxcore does not serve: ENOTTY, counted and logged. */
static long lx_ioctl_unknown(struct ps_task *pt, unsigned int cmd)
{
	this_cpu_inc(pt->inst->stats->unimplemented[__NR_ioctl]);
	pr_info_ratelimited(LX_PREFIX "instance %s: ioctl 0x%x not supported\n",
			    pt->inst->name, cmd);
	return -ENOTTY;
}

long lx_sys_ioctl(struct pt_regs *regs, struct ps_task *pt)
{
	unsigned int fd = regs->di, cmd = regs->si;
	unsigned long arg = regs->dx;
	int __user *uarg = (int __user *)arg;
	struct ob_href ref;
	struct io_file *f;
	struct file *tty;
	long ret;

	if (lx_get_file(pt, fd, &ref))
		return -EBADF;
	f = ref.obj;
	/* O_PATH files have no ioctl: fdget() does not find them. */
	if (io_file_flags(f) & IO_FILE_PATH) {
		ret = -EBADF;
		goto out;
	}
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = NT_SUCCESS(ob_handle_set_flags(pt->htab, fd,
						     cmd == FIOCLEX ? OB_HANDLE_CLOEXEC : 0)) ?
		      0 : -EBADF;
		goto out;
	case FIONBIO:
		ret = lx_ioctl_fionbio(f, uarg);
		goto out;
	case FIOASYNC:
		ret = lx_ioctl_fioasync(pt, uarg);
		goto out;
	case SIOCATMARK:
		ret = lx_ioctl_atmark(f, arg);
		goto out;
	case FIONREAD:
		/* A device's own answer (pipes, FIFOs, sockets, ttys, random). */
		if (f->ops->ioctl)
			ret = lx_io_ioctl(f, cmd, arg);
		else if (f->ops->kind == IO_KIND_VFS)
			ret = lx_vfs_fionread(f, uarg);
		else
			ret = -ENOTTY;
		goto out;
	}
	if (lx_ioctl_is_ifquery(f, cmd)) {
		ret = io_file_is_unix(f) ? lx_ifquery_unix(cmd, arg) : lx_io_ioctl(f, cmd, arg);
		goto out;
	}
	if (cmd == TIOCGPTPEER) {
		tty = io_host_tty(f);
		ret = tty ? lx_ioctl_ptpeer(pt, tty, arg) : -ENOTTY;
		goto out;
	}
	if (!lx_ioctl_is_tty(cmd)) {
		/*
		 * A device of lxcore's may answer other commands itself
		 * (/dev/random: EINVAL); what is ENOTTY is counted. A host
		 * file never sees a command lxcore did not check.
		 */
		ret = -ENOTTY;
		if (f->ops->kind != IO_KIND_HOST && f->ops->ioctl)
			ret = lx_io_ioctl(f, cmd, arg);
		if (ret == -ENOTTY)
			ret = lx_ioctl_unknown(pt, cmd);
		goto out;
	}
	tty = io_host_tty(f);
	ret = tty ? lx_tty_ioctl(pt, tty, f, cmd, arg) : -ENOTTY;
out:
	ob_handle_put(&ref);
	return ret;
}
