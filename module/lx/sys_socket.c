// SPDX-License-Identifier: GPL-2.0
/*
 * The socket calls: socket, socketpair, bind, listen, accept, accept4,
 * connect, shutdown, sendto, recvfrom, sendmsg, recvmsg, getsockname,
 * getpeername, setsockopt, getsockopt.
 *
 * AF_UNIX sockets are lxcore's own (io/afunix.c): abstract names live in
 * the instance's \Instances\<id>\AfUnix directory, path names are socket
 * nodes in LxVfs, found again by their inode. AF_INET and AF_INET6 sockets
 * are host sockets made with the calling task's host credentials (so a
 * privileged port needs what the instance's owner has), wrapped as host
 * File objects; their calls go to the host socket's operations. Other
 * families answer EAFNOSUPPORT.
 */
#include <linux/file.h>
#include <linux/net.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/stat.h>
#include <linux/uio.h>
#include <linux/un.h>
#include <net/scm.h>
#include <net/sock.h>

#include "compat.h"
#include "lxcore.h"
#include "lx/lx.h"

#define LX_SCM_MAX_FD	253	/* SCM_MAX_FD */
#define LX_OPTMEM_MAX	20480	/* net.core.optmem_max: the largest control */

enum lx_sock_kind { LX_SOCK_UNIX, LX_SOCK_HOST };

/* ---- credentials ---- */

/* SO_PEERCRED: the instance pid and effective ids. */
static void lx_peer_cred(struct ps_task *pt, struct io_sock_cred *c)
{
	const struct ps_cred *pc = ps_cred_self(pt);

	c->pid = pt->tgid;
	c->uid = pc->euid;
	c->gid = pc->egid;
}

/* SCM_CREDENTIALS by default: the instance pid and real ids. */
static void lx_scm_cred(struct ps_task *pt, struct io_sock_cred *c)
{
	const struct ps_cred *pc = ps_cred_self(pt);

	c->pid = pt->tgid;
	c->uid = pc->uid;
	c->gid = pc->gid;
}

/* write(2) on a socket: the writer's credentials (it is the running pico task). */
void io_sock_caller_cred(struct ke_thread *kt, struct io_sock_cred *c)
{
	struct ps_task *pt = ps_task_current();

	if (pt && pt->task == current) {
		lx_scm_cred(pt, c);
		return;
	}
	c->pid = 0;
	c->uid = (u32)-1;
	c->gid = (u32)-1;
}

/* ---- fds ---- */

static bool lx_host_inet(struct file *filp)
{
	struct socket *sock = sock_from_file(filp);

	return sock && sock->sk && (sock->sk->sk_family == AF_INET ||
				    sock->sk->sk_family == AF_INET6);
}

/* @fd's File object if it is a socket; its kind in *@kind. */
static long lx_get_sock(struct ps_task *pt, unsigned int fd, struct ob_href *ref,
			enum lx_sock_kind *kind)
{
	struct io_file *f;

	if (lx_get_file(pt, fd, ref))
		return -EBADF;
	f = ref->obj;
	if (io_file_is_unix(f)) {
		*kind = LX_SOCK_UNIX;
		return 0;
	}
	/*
	 * Host sockets lxcore made (inet) take the socket calls. Any other
	 * host socket an instance was given (a host AF_UNIX socket as a
	 * standard handle) is only a file to it: its names, and fds passed
	 * over it, are the host's.
	 */
	if (f->ops->kind == IO_KIND_HOST && lx_host_inet(f->context)) {
		*kind = LX_SOCK_HOST;
		return 0;
	}
	ob_handle_put(ref);
	return -ENOTSOCK;
}

static struct socket *lx_host_sock(struct ob_href *ref)
{
	struct io_file *f = ref->obj;

	return sock_from_file(f->context);
}

static long lx_install(struct ps_task *pt, struct io_file *f, bool cloexec)
{
	unsigned int fd;
	ntstatus st;

	st = ob_handle_insert(pt->htab, f, io_file_access(f),
			      cloexec ? OB_HANDLE_CLOEXEC : 0, 0, ps_handle_limit(), &fd);
	ob_dereference(f);
	return NT_SUCCESS(st) ? fd : ob_status_to_errno(st);
}

/* A host struct socket as a File object (the socket goes with @filp). */
static long lx_install_host(struct ps_task *pt, struct file *filp, bool cloexec)
{
	struct io_file *f;
	ntstatus st;

	st = io_create_host_file(filp, &f);
	fput(filp);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	return lx_install(pt, f, cloexec);
}

/* ---- addresses ---- */

/* move_addr_to_kernel(). */
static int lx_addr_in(const void __user *uaddr, int len, struct sockaddr_storage *k)
{
	if (len < 0 || len > (int)sizeof(*k))
		return -EINVAL;
	memset(k, 0, sizeof(*k));
	if (len && copy_from_user(k, uaddr, len))
		return -EFAULT;
	return 0;
}

/* move_addr_to_user(): truncated to the caller's room, full length told. */
static int lx_addr_out(const void *k, int klen, void __user *uaddr, int __user *ulen)
{
	int len;

	if (!uaddr)
		return 0;
	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > klen)
		len = klen;
	if (len && copy_to_user(uaddr, k, len))
		return -EFAULT;
	return put_user(klen, ulen) ? -EFAULT : 0;
}

/* unix_validate_addr() and the name's form: abstract (true) or a path. */
static int lx_unix_addr(const struct sockaddr_storage *k, int len, struct io_unix_addr *a)
{
	if (len <= (int)offsetof(struct sockaddr_un, sun_path) ||
	    len > (int)sizeof(struct sockaddr_un))
		return -EINVAL;
	if (k->ss_family != AF_UNIX)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	memcpy(&a->sun, k, len);
	a->len = len;
	return 0;
}

static bool lx_unix_abstract(const struct io_unix_addr *a)
{
	return a->len > offsetof(struct sockaddr_un, sun_path) && !a->sun.sun_path[0];
}

/* The path of a path name, NUL-terminated (at most 108 bytes). */
static void lx_unix_path(const struct io_unix_addr *a, char *path)
{
	size_t n = a->len - offsetof(struct sockaddr_un, sun_path);

	memcpy(path, a->sun.sun_path, n);
	path[n] = 0;
}

/*
 * The key of an abstract name in the instance's directory: "@<type>:" and
 * the name in hex. Linux hashes abstract names with the socket type, so a
 * name is found only by sockets of its type (ECONNREFUSED otherwise).
 */
static void lx_unix_abstract_key(const struct io_unix_addr *a, int type, char *key)
{
	size_t i, n = a->len - offsetof(struct sockaddr_un, sun_path);
	int at = sprintf(key, "@%d:", type);

	for (i = 0; i < n; i++)
		sprintf(key + at + 2 * i, "%02x", (u8)a->sun.sun_path[i]);
	key[at + 2 * n] = 0;
}

static void lx_unix_node_key(const struct lxvfs_node *n, char *key)
{
	snprintf(key, OB_NAME_MAX, "#%llx.%llx", (unsigned long long)n->sb->dev,
		 (unsigned long long)n->ino);
}

#define LX_UNIX_KEY_LEN	(16 + 2 * sizeof(((struct sockaddr_un *)0)->sun_path))

/* \Instances\<id>\AfUnix, made on first use; referenced. */
static int lx_unix_dir(struct ps_task *pt, struct ob_directory **out)
{
	struct ob_directory *dir;
	char path[64];
	ntstatus st;
	int tries;

	snprintf(path, sizeof(path), "\\Instances\\%llu\\AfUnix",
		 (unsigned long long)pt->inst->id);
	for (tries = 0; tries < 8; tries++) {
		st = ob_lookup_object(path, NULL, &ob_directory_type, (void **)out);
		if (NT_SUCCESS(st))
			return 0;
		st = ob_create_directory(&dir);
		if (!NT_SUCCESS(st))
			return ob_status_to_errno(st);
		/* Its name goes with it: when the last named socket does. */
		st = ob_insert_object(pt->inst->dir, "AfUnix", dir, false);
		if (NT_SUCCESS(st)) {
			*out = dir;
			return 0;
		}
		ob_dereference(dir);
		if (st != STATUS_OBJECT_NAME_COLLISION)
			return ob_status_to_errno(st);
	}
	return -EAGAIN;
}

static int lx_unix_find_key(struct ps_task *pt, const char *key, struct io_usock **out)
{
	char *path;
	ntstatus st;

	path = kasprintf(GFP_KERNEL, "\\Instances\\%llu\\AfUnix\\%s",
			 (unsigned long long)pt->inst->id, key);
	if (!path)
		return -ENOMEM;
	st = ob_lookup_object(path, NULL, &io_unix_type, (void **)out);
	kfree(path);
	return NT_SUCCESS(st) ? 0 : -ECONNREFUSED;
}

/* unix_find_other(): the socket @a names, as the caller may reach it. */
static int lx_unix_find(struct ps_task *pt, const struct io_unix_addr *a, int type,
			struct io_usock **out)
{
	char key[LX_UNIX_KEY_LEN + 32];
	char path[sizeof(a->sun.sun_path) + 1];
	struct lxvfs_cred cred;
	struct lxvfs_path p;
	struct lxvfs_walk w;
	int err;

	if (lx_unix_abstract(a)) {
		lx_unix_abstract_key(a, type, key);
	} else {
		lx_unix_path(a, path);
		err = lx_walk_begin(pt, AT_FDCWD, path, LXVFS_WALK_FOLLOW, &w, &cred);
		if (err)
			return err;
		err = ob_status_to_errno(lxvfs_walk(&w, path, &p));
		lx_walk_end(&w);
		if (err)
			return err;
		err = lx_may(&cred, &p, MAY_WRITE);
		if (!err && (p.node->type & S_IFMT) != S_IFSOCK)
			err = -ECONNREFUSED;
		if (!err)
			lx_unix_node_key(p.node, key);
		lxvfs_path_put(&p);
		if (err)
			return err;
	}
	err = lx_unix_find_key(pt, key, out);
	if (err)
		return err;
	if (io_unix_type_of_sock(*out) != type) {
		ob_dereference(*out);
		return -EPROTOTYPE;
	}
	return 0;
}

/* A socket node at @path (unix_bind_bsd's mknod), referenced in *@out. */
static int lx_unix_mknod(struct ps_task *pt, const char *path, struct lxvfs_path *dir,
			 char *last, struct lxvfs_node **out)
{
	struct lxvfs_cred cred;
	struct lxvfs_walk w;
	struct io_stat attr;
	bool slash;
	int err;

	err = lx_walk_begin(pt, AT_FDCWD, path, LXVFS_WALK_FOLLOW, &w, &cred);
	if (err)
		return err;
	err = ob_status_to_errno(lxvfs_walk_parent_name(&w, path, dir, last, &slash));
	if (err)
		goto out;
	if (!last[0] || !strcmp(last, ".") || !strcmp(last, "..") || slash) {
		err = -EEXIST;
		goto err_put_dir;
	}
	err = lx_may(&cred, dir, MAY_WRITE | MAY_EXEC);
	if (err)
		goto err_put_dir;
	lxvfs_attr_init(&attr, S_IFSOCK | (0777 & ~lx_umask(pt)), &cred);
	err = ob_status_to_errno(dir->node->ops->create(dir->node, last, strlen(last),
							 &attr, NULL, out));
	if (!err)
		goto out;
err_put_dir:
	lxvfs_path_put(dir);
out:
	lx_walk_end(&w);
	return err == -EEXIST ? -EADDRINUSE : err;
}

static long lx_unix_bind(struct ps_task *pt, struct io_file *f, struct io_unix_addr *a)
{
	char key[LX_UNIX_KEY_LEN + 32], path[sizeof(a->sun.sun_path) + 1];
	char last[LXVFS_NAME_MAX + 1];
	struct lxvfs_node *node = NULL;
	struct ob_directory *ns;
	struct lxvfs_path dir;
	unsigned int tries;
	ntstatus st;
	long err;

	if (io_unix_is_bound(f))
		return -EINVAL;
	err = lx_unix_dir(pt, &ns);
	if (err)
		return err;
	if (a->len == offsetofend(struct sockaddr_un, sun_family)) {
		/* Autobind: an abstract name of five hex digits. */
		for (tries = 0; tries < 0x100000; tries++) {
			a->len = offsetof(struct sockaddr_un, sun_path) + 6;
			a->sun.sun_path[0] = 0;
			snprintf(a->sun.sun_path + 1, 6, "%05x", get_random_u32() & 0xfffff);
			lx_unix_abstract_key(a, io_unix_type_of(f), key);
			st = io_unix_bind(f, ns, key, a, NULL);
			if (st != STATUS_LX_ERRNO(EADDRINUSE))
				break;
		}
		err = ob_status_to_errno(st);
		goto out;
	}
	if (lx_unix_abstract(a)) {
		lx_unix_abstract_key(a, io_unix_type_of(f), key);
		err = ob_status_to_errno(io_unix_bind(f, ns, key, a, NULL));
		goto out;
	}
	lx_unix_path(a, path);
	/* getsockname() shows the path as given, up to its NUL. */
	a->len = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
	err = lx_unix_mknod(pt, path, &dir, last, &node);
	if (err)
		goto out;
	lx_unix_node_key(node, key);
	err = ob_status_to_errno(io_unix_bind(f, ns, key, a, node));
	if (err)
		dir.node->ops->unlink(dir.node, last, strlen(last), node);
	ob_dereference(node);
	lxvfs_path_put(&dir);
out:
	ob_dereference(ns);
	return err;
}

/* ---- socket, socketpair ---- */

static long lx_check_type(int type, int *base, unsigned int *fflags)
{
	if (type & ~(SOCK_TYPE_MASK | SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	*base = type & SOCK_TYPE_MASK;
	*fflags = type & SOCK_NONBLOCK ? IO_FILE_NONBLOCK : 0;
	return 0;
}

/* unix_create(): the AF_UNIX type and protocol. */
static long lx_unix_type(int base, int protocol)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	switch (base) {
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		return base;
	case SOCK_RAW:
		return SOCK_DGRAM;
	default:
		return -ESOCKTNOSUPPORT;
	}
}

long lx_sys_socket(struct pt_regs *regs, struct ps_task *pt)
{
	int family = regs->di, type = regs->si, protocol = regs->dx, base;
	struct io_sock_cred cred;
	unsigned int fflags;
	struct socket *sock;
	struct io_file *f;
	struct file *filp;
	long ret;

	ret = lx_check_type(type, &base, &fflags);
	if (ret)
		return ret;
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (base < 0 || base >= SOCK_MAX)
		return -EINVAL;
	switch (family) {
	case AF_UNIX:
		ret = lx_unix_type(base, protocol);
		if (ret < 0)
			return ret;
		lx_peer_cred(pt, &cred);
		ret = ob_status_to_errno(io_unix_create(ret, fflags, &cred, &f));
		if (ret)
			return ret;
		return lx_install(pt, f, type & SOCK_CLOEXEC);
	case AF_INET:
	case AF_INET6:
		/* The task's host credentials and network namespace decide. */
		ret = sock_create(family, base, protocol, &sock);
		if (ret)
			return ret;
		filp = sock_alloc_file(sock, type & SOCK_NONBLOCK ? O_NONBLOCK : 0, NULL);
		if (IS_ERR(filp))
			return PTR_ERR(filp);	/* sock_alloc_file released @sock */
		return lx_install_host(pt, filp, type & SOCK_CLOEXEC);
	default:
		/* AF_NETLINK, AF_PACKET, ...: not in lxcore yet. */
		return -EAFNOSUPPORT;
	}
}

long lx_sys_socketpair(struct pt_regs *regs, struct ps_task *pt)
{
	int family = regs->di, type = regs->si, protocol = regs->dx, base;
	int __user *usv = (int __user *)regs->r10;
	struct io_file *ends[2];
	struct io_sock_cred cred;
	unsigned int fflags, fds[2];
	u32 access[2];
	ntstatus st;
	long ret;

	ret = lx_check_type(type, &base, &fflags);
	if (ret)
		return ret;
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (base < 0 || base >= SOCK_MAX)
		return -EINVAL;
	if (family == AF_INET || family == AF_INET6) {
		/* inet_create() first, then its socketpair answer. */
		if (base != SOCK_STREAM && base != SOCK_DGRAM && base != SOCK_RAW)
			return -ESOCKTNOSUPPORT;
		return -EOPNOTSUPP;
	}
	if (family != AF_UNIX)
		return -EAFNOSUPPORT;
	ret = lx_unix_type(base, protocol);
	if (ret < 0)
		return ret;
	lx_peer_cred(pt, &cred);
	st = io_unix_pair(ret, fflags, &cred, &ends[0], &ends[1]);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	access[0] = io_file_access(ends[0]);
	access[1] = io_file_access(ends[1]);
	st = ob_handle_insert_many(pt->htab, (void *const *)ends, access, 2,
				   type & SOCK_CLOEXEC ? OB_HANDLE_CLOEXEC : 0,
				   0, ps_handle_limit(), fds);
	ob_dereference(ends[0]);
	ob_dereference(ends[1]);
	if (!NT_SUCCESS(st))
		return ob_status_to_errno(st);
	if (copy_to_user(usv, fds, sizeof(fds))) {
		ob_handle_close(pt->htab, fds[0]);
		ob_handle_close(pt->htab, fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* ---- bind, listen, connect, accept ---- */

long lx_sys_bind(struct pt_regs *regs, struct ps_task *pt)
{
	struct sockaddr_storage k;
	enum lx_sock_kind kind;
	struct io_unix_addr a;
	struct ob_href ref;
	long ret;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	ret = lx_addr_in((void __user *)regs->si, (int)regs->dx, &k);
	if (ret)
		goto out;
	if (kind == LX_SOCK_HOST) {
		ret = kernel_bind(lx_host_sock(&ref), (struct sockaddr *)&k, (int)regs->dx);
		goto out;
	}
	if ((int)regs->dx == offsetof(struct sockaddr_un, sun_path) && k.ss_family == AF_UNIX) {
		/* Autobind: a bound socket stays as it is. */
		memset(&a, 0, sizeof(a));
		a.sun.sun_family = AF_UNIX;
		a.len = regs->dx;
		ret = io_unix_is_bound(ref.obj) ? 0 : lx_unix_bind(pt, ref.obj, &a);
		goto out;
	}
	ret = lx_unix_addr(&k, (int)regs->dx, &a);
	if (!ret)
		ret = lx_unix_bind(pt, ref.obj, &a);
out:
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_listen(struct pt_regs *regs, struct ps_task *pt)
{
	int backlog = regs->si;
	struct io_sock_cred cred;
	enum lx_sock_kind kind;
	struct ob_href ref;
	struct socket *sock;
	long ret;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	if (kind == LX_SOCK_HOST) {
		sock = lx_host_sock(&ref);
		if ((unsigned int)backlog > READ_ONCE(sock_net(sock->sk)->core.sysctl_somaxconn))
			backlog = READ_ONCE(sock_net(sock->sk)->core.sysctl_somaxconn);
		ret = kernel_listen(sock, backlog);
	} else {
		lx_peer_cred(pt, &cred);
		ret = ob_status_to_errno(io_unix_listen(ref.obj, backlog, &cred));
	}
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_connect(struct pt_regs *regs, struct ps_task *pt)
{
	struct io_usock *to = NULL;
	struct sockaddr_storage k;
	struct io_sock_cred cred;
	enum lx_sock_kind kind;
	struct io_unix_addr a;
	struct ob_href ref;
	struct socket *sock;
	int len = regs->dx;
	long ret;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	ret = lx_addr_in((void __user *)regs->si, len, &k);
	if (ret)
		goto out;
	if (kind == LX_SOCK_HOST) {
		sock = lx_host_sock(&ref);
		ret = kernel_connect(sock, (struct sockaddr *)&k, len, sock->file->f_flags);
		goto out;
	}
	if (io_unix_type_of(ref.obj) == SOCK_DGRAM &&
	    len >= (int)sizeof(sa_family_t) && k.ss_family == AF_UNSPEC) {
		lx_peer_cred(pt, &cred);
		ret = ob_status_to_errno(io_unix_connect(ref.obj, &pt->ke, NULL, &cred));
		goto out;
	}
	ret = lx_unix_addr(&k, len, &a);
	if (ret)
		goto out;
	ret = lx_unix_find(pt, &a, io_unix_type_of(ref.obj), &to);
	if (ret)
		goto out;
	lx_peer_cred(pt, &cred);
	ret = ob_status_to_errno(io_unix_connect(ref.obj, &pt->ke, to, &cred));
	ob_dereference(to);
out:
	ob_handle_put(&ref);
	return ret;
}

static long lx_accept(struct ps_task *pt, unsigned int fd, void __user *uaddr,
		      int __user *ulen, int flags)
{
	struct sockaddr_storage k;
	struct socket *sock, *newsock;
	enum lx_sock_kind kind;
	struct io_unix_addr a;
	struct ob_href ref;
	struct io_file *f;
	struct file *filp;
	long ret, nfd;
	int klen;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	ret = lx_get_sock(pt, fd, &ref, &kind);
	if (ret)
		return ret;
	if (kind == LX_SOCK_HOST) {
		sock = lx_host_sock(&ref);
		/* As do_accept(): the listener's flags and accept4's both. */
		ret = kernel_accept(sock, &newsock, sock->file->f_flags | (flags & O_NONBLOCK));
		if (ret)
			goto out;
		klen = 0;
		if (uaddr) {
			klen = newsock->ops->getname(newsock, (struct sockaddr *)&k, 2);
			if (klen < 0) {
				sock_release(newsock);
				ret = -ECONNABORTED;
				goto out;
			}
		}
		filp = sock_alloc_file(newsock, flags & O_NONBLOCK, NULL);
		if (IS_ERR(filp)) {
			ret = PTR_ERR(filp);
			goto out;
		}
		nfd = lx_install_host(pt, filp, flags & SOCK_CLOEXEC);
		if (nfd < 0) {
			ret = nfd;
			goto out;
		}
		ret = lx_addr_out(&k, klen, uaddr, ulen);
	} else {
		ret = ob_status_to_errno(io_unix_accept(ref.obj, &pt->ke,
					 flags & SOCK_NONBLOCK ? IO_FILE_NONBLOCK : 0, &f));
		if (ret)
			goto out;
		/* The accepted socket's peer: the client, often unnamed. */
		io_unix_name(f, true, &a);
		nfd = lx_install(pt, f, flags & SOCK_CLOEXEC);
		if (nfd < 0) {
			ret = nfd;
			goto out;
		}
		ret = lx_addr_out(&a.sun, a.len, uaddr, ulen);
	}
	/* As Linux: a bad address buffer fails the call, the fd stays. */
	if (!ret)
		ret = nfd;
out:
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_accept(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_accept(pt, regs->di, (void __user *)regs->si, (int __user *)regs->dx, 0);
}

long lx_sys_accept4(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_accept(pt, regs->di, (void __user *)regs->si, (int __user *)regs->dx,
			 regs->r10);
}

long lx_sys_shutdown(struct pt_regs *regs, struct ps_task *pt)
{
	enum lx_sock_kind kind;
	struct ob_href ref;
	long ret;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	if (kind == LX_SOCK_HOST)
		ret = kernel_sock_shutdown(lx_host_sock(&ref), (int)regs->si);
	else
		ret = ob_status_to_errno(io_unix_shutdown(ref.obj, (int)regs->si));
	ob_handle_put(&ref);
	return ret;
}

static long lx_name(struct ps_task *pt, struct pt_regs *regs, bool peer)
{
	void __user *uaddr = (void __user *)regs->si;
	int __user *ulen = (int __user *)regs->dx;
	struct sockaddr_storage k;
	enum lx_sock_kind kind;
	struct io_unix_addr a;
	struct ob_href ref;
	long ret;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	if (kind == LX_SOCK_HOST) {
		ret = peer ? kernel_getpeername(lx_host_sock(&ref), (struct sockaddr *)&k) :
			     kernel_getsockname(lx_host_sock(&ref), (struct sockaddr *)&k);
		if (ret >= 0)
			ret = lx_addr_out(&k, ret, uaddr, ulen);
	} else {
		ret = ob_status_to_errno(io_unix_name(ref.obj, peer, &a));
		if (!ret)
			ret = lx_addr_out(&a.sun, a.len, uaddr, ulen);
	}
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_getsockname(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_name(pt, regs, false);
}

long lx_sys_getpeername(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_name(pt, regs, true);
}

/* ---- options ---- */

static bool lx_is_timeo(int opt)
{
	return opt == SO_RCVTIMEO_OLD || opt == SO_SNDTIMEO_OLD ||
	       opt == SO_RCVTIMEO_NEW || opt == SO_SNDTIMEO_NEW;
}

static bool lx_timeo_send(int opt)
{
	return opt == SO_SNDTIMEO_OLD || opt == SO_SNDTIMEO_NEW;
}

/* sock_set_timeout(): a timeval (the same 16 bytes old and new on x86_64) to jiffies. */
static long lx_set_timeo(struct io_file *f, int opt, const void __user *uval, int len)
{
	struct __kernel_sock_timeval tv;
	long j = MAX_SCHEDULE_TIMEOUT;

	if (len < (int)sizeof(tv))
		return -EINVAL;
	if (copy_from_user(&tv, uval, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= USEC_PER_SEC)
		return -EDOM;
	if (tv.tv_sec < 0)
		j = 0;
	else if ((tv.tv_sec || tv.tv_usec) && tv.tv_sec < (MAX_SCHEDULE_TIMEOUT / HZ - 1))
		j = tv.tv_sec * HZ + DIV_ROUND_UP((unsigned long)tv.tv_usec, USEC_PER_SEC / HZ);
	io_unix_timeout(f, lx_timeo_send(opt), &j);
	return 0;
}

/* sock_get_timeout(). */
static void lx_get_timeo(struct io_file *f, int opt, struct __kernel_sock_timeval *tv)
{
	long j = io_unix_timeout(f, lx_timeo_send(opt), NULL);

	tv->tv_sec = 0;
	tv->tv_usec = 0;
	if (j != MAX_SCHEDULE_TIMEOUT) {
		tv->tv_sec = j / HZ;
		tv->tv_usec = ((j % HZ) * USEC_PER_SEC) / HZ;
	}
}

/* The SOL_SOCKET options lxcore answers for host sockets (sock_getsockopt). */
static long lx_host_sol_socket(struct socket *sock, int opt, int *v)
{
	struct sock *sk = sock->sk;

	switch (opt) {
	case SO_TYPE:
		*v = sock->type;
		return 0;
	case SO_DOMAIN:
		*v = sk->sk_family;
		return 0;
	case SO_PROTOCOL:
		*v = sk->sk_protocol;
		return 0;
	case SO_ERROR:
		*v = -sock_error(sk);
		if (!*v)
			*v = xchg(&sk->sk_err_soft, 0);
		return 0;
	case SO_ACCEPTCONN:
		*v = sk->sk_state == TCP_LISTEN;
		return 0;
	case SO_SNDBUF:
		*v = READ_ONCE(sk->sk_sndbuf);
		return 0;
	case SO_RCVBUF:
		*v = READ_ONCE(sk->sk_rcvbuf);
		return 0;
	case SO_REUSEADDR:
		*v = sk->sk_reuse;
		return 0;
	case SO_REUSEPORT:
		*v = sk->sk_reuseport;
		return 0;
	case SO_KEEPALIVE:
		*v = sock_flag(sk, SOCK_KEEPOPEN);
		return 0;
	case SO_BROADCAST:
		*v = sock_flag(sk, SOCK_BROADCAST);
		return 0;
	case SO_RCVLOWAT:
		*v = READ_ONCE(sk->sk_rcvlowat);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

long lx_sys_getsockopt(struct pt_regs *regs, struct ps_task *pt)
{
	int level = regs->si, opt = regs->dx;
	char __user *uval = (char __user *)regs->r10;
	int __user *ulen = (int __user *)regs->r8;
	struct __kernel_sock_timeval tv;
	struct io_sock_cred cred;
	enum lx_sock_kind kind;
	struct ucred uc;
	struct ob_href ref;
	struct socket *sock;
	const void *src;
	int len, v, lv;
	long ret;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	if (kind == LX_SOCK_HOST && level != SOL_SOCKET) {
		sock = lx_host_sock(&ref);
		ret = sock->ops->getsockopt ?
		      sock->ops->getsockopt(sock, level, opt, uval, ulen) : -EOPNOTSUPP;
		goto out;
	}
	if (level != SOL_SOCKET) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (get_user(len, ulen)) {
		ret = -EFAULT;
		goto out;
	}
	if (len < 0) {
		ret = -EINVAL;
		goto out;
	}
	src = &v;
	lv = sizeof(v);
	if (kind == LX_SOCK_HOST && lx_is_timeo(opt)) {
		struct sock *sk = lx_host_sock(&ref)->sk;
		long j = lx_timeo_send(opt) ? READ_ONCE(sk->sk_sndtimeo) :
					     READ_ONCE(sk->sk_rcvtimeo);

		tv.tv_sec = j == MAX_SCHEDULE_TIMEOUT ? 0 : j / HZ;
		tv.tv_usec = j == MAX_SCHEDULE_TIMEOUT ? 0 : ((j % HZ) * USEC_PER_SEC) / HZ;
		src = &tv;
		lv = sizeof(tv);
	} else if (kind == LX_SOCK_HOST) {
		ret = lx_host_sol_socket(lx_host_sock(&ref), opt, &v);
	} else if (lx_is_timeo(opt)) {
		lx_get_timeo(ref.obj, opt, &tv);
		src = &tv;
		lv = sizeof(tv);
	} else {
		ret = ob_status_to_errno(io_unix_getopt(ref.obj, opt, &v, &cred));
		if (!ret && opt == SO_PEERCRED) {
			uc.pid = cred.pid;
			uc.uid = cred.uid;
			uc.gid = cred.gid;
			src = &uc;
			lv = sizeof(uc);
		}
	}
	if (ret)
		goto out;
	if (len > lv)
		len = lv;
	if (copy_to_user(uval, src, len) || put_user(len, ulen))
		ret = -EFAULT;
out:
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_setsockopt(struct pt_regs *regs, struct ps_task *pt)
{
	int level = regs->si, opt = regs->dx, len = regs->r8;
	char __user *uval = (char __user *)regs->r10;
	enum lx_sock_kind kind;
	struct ob_href ref;
	struct socket *sock;
	long ret;
	int v;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	if (len < 0) {
		ret = -EINVAL;
		goto out;
	}
	if (kind == LX_SOCK_HOST) {
		sock = lx_host_sock(&ref);
		if (level == SOL_SOCKET)
			ret = sock_setsockopt(sock, level, opt, USER_SOCKPTR(uval), len);
		else if (sock->ops->setsockopt)
			ret = sock->ops->setsockopt(sock, level, opt, USER_SOCKPTR(uval), len);
		else
			ret = -EOPNOTSUPP;
		goto out;
	}
	if (level != SOL_SOCKET) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (lx_is_timeo(opt)) {
		ret = lx_set_timeo(ref.obj, opt, uval, len);
		goto out;
	}
	if (len < (int)sizeof(int)) {
		ret = -EINVAL;
		goto out;
	}
	if (get_user(v, (int __user *)uval)) {
		ret = -EFAULT;
		goto out;
	}
	ret = ob_status_to_errno(io_unix_setopt(ref.obj, opt, v));
out:
	ob_handle_put(&ref);
	return ret;
}

/* ---- data ---- */

/* A message being sent or received: the user's msghdr, in the kernel. */
struct lx_msg {
	struct user_msghdr um;
	struct iovec stack[UIO_FASTIOV];
	struct iovec *iov;
	struct iov_iter iter;
	struct sockaddr_storage name;
};

/* Copy the user's msghdr and import its iovec (___sys_sendmsg's checks). */
static long lx_msg_in(struct lx_msg *m, struct user_msghdr __user *umsg, int dir)
{
	long ret;

	if (copy_from_user(&m->um, umsg, sizeof(m->um)))
		return -EFAULT;
	if (!m->um.msg_name)
		m->um.msg_namelen = 0;
	if (m->um.msg_namelen < 0)
		return -EINVAL;
	if (m->um.msg_namelen > (int)sizeof(struct sockaddr_storage))
		m->um.msg_namelen = sizeof(struct sockaddr_storage);
	if (m->um.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	m->iov = m->stack;
	ret = import_iovec(dir, m->um.msg_iov, m->um.msg_iovlen, UIO_FASTIOV, &m->iov,
			   &m->iter);
	return ret < 0 ? ret : 0;
}

static void lx_files_put(struct io_file **files, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		ob_dereference(files[i]);
	kfree(files);
}

/* __scm_send() for AF_UNIX: SCM_RIGHTS files and SCM_CREDENTIALS. */
static long lx_unix_control(struct ps_task *pt, const void *ctl, size_t len,
			    struct io_unix_msg *m)
{
	const struct ps_cred *pc = ps_cred_self(pt);
	const struct cmsghdr *c;
	size_t off = 0;
	unsigned int i, n;
	struct ucred uc;

	while (off + sizeof(*c) <= len) {
		c = ctl + off;
		if (c->cmsg_len < sizeof(*c) || c->cmsg_len > len - off)
			return -EINVAL;
		if (c->cmsg_level == SOL_SOCKET) {
			switch (c->cmsg_type) {
			case SCM_RIGHTS:
				n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
				if (!n)
					break;
				if (m->nfiles + n > LX_SCM_MAX_FD)
					return -EINVAL;
				if (!m->files) {
					m->files = kcalloc(LX_SCM_MAX_FD, sizeof(*m->files),
							   GFP_KERNEL_ACCOUNT);
					if (!m->files)
						return -ENOMEM;
				}
				for (i = 0; i < n; i++) {
					struct ob_href ref;
					int fd = ((const int *)CMSG_DATA(c))[i];

					if (fd < 0 || lx_get_file(pt, fd, &ref))
						return -EBADF;
					ob_reference(ref.obj);
					m->files[m->nfiles++] = ref.obj;
					ob_handle_put(&ref);
				}
				break;
			case SCM_CREDENTIALS:
				if (c->cmsg_len != CMSG_LEN(sizeof(uc)))
					return -EINVAL;
				memcpy(&uc, CMSG_DATA(c), sizeof(uc));
				/* scm_check_creds() with the instance's ids. */
				if (uc.pid != pt->tgid && !ps_capable(pc, CAP_SYS_ADMIN))
					return -EPERM;
				if (uc.uid != pc->uid && uc.uid != pc->euid && uc.uid != pc->suid &&
				    !ps_capable(pc, CAP_SETUID))
					return -EPERM;
				if (uc.gid != pc->gid && uc.gid != pc->egid && uc.gid != pc->sgid &&
				    !ps_capable(pc, CAP_SETGID))
					return -EPERM;
				m->cred.pid = uc.pid;
				m->cred.uid = uc.uid;
				m->cred.gid = uc.gid;
				break;
			default:
				return -EINVAL;
			}
		}
		off += CMSG_ALIGN(c->cmsg_len);
	}
	return 0;
}

static long lx_unix_send(struct ps_task *pt, struct io_file *f, struct lx_msg *lm,
			 unsigned int flags)
{
	struct io_unix_msg m = { .iter = &lm->iter, .flags = flags };
	struct io_unix_addr a;
	void *ctl = NULL;
	ntstatus st;
	long ret;

	lx_scm_cred(pt, &m.cred);
	if (lm->um.msg_controllen) {
		if (lm->um.msg_controllen > LX_OPTMEM_MAX)
			return -ENOBUFS;
		ctl = memdup_user(lm->um.msg_control, lm->um.msg_controllen);
		if (IS_ERR(ctl))
			return PTR_ERR(ctl);
		ret = lx_unix_control(pt, ctl, lm->um.msg_controllen, &m);
		kfree(ctl);
		if (ret)
			goto out;
	}
	if (lm->um.msg_namelen) {
		m.named = true;
		if (io_unix_type_of(f) == SOCK_DGRAM) {
			ret = lx_unix_addr(&lm->name, lm->um.msg_namelen, &a);
			if (!ret)
				ret = lx_unix_find(pt, &a, SOCK_DGRAM, &m.to);
			if (ret)
				goto out;
		}
	}
	st = io_unix_sendmsg(f, &pt->ke, &m);
	if (st == STATUS_PIPE_BROKEN && !m.done)
		send_sig(SIGPIPE, current, 0);
	ret = lx_errno(st, m.done);
	if (m.to)
		ob_dereference(m.to);
out:
	lx_files_put(m.files, m.nfiles);
	return ret;
}

/* Control messages being written to the receiver: put_cmsg()'s rules. */
struct lx_cmsg_out {
	void *buf;
	size_t room;
	size_t used;
	unsigned int flags;	/* MSG_CTRUNC */
};

static void lx_put_cmsg(struct lx_cmsg_out *o, int type, const void *data, size_t len)
{
	size_t left = o->room - o->used, cmlen = CMSG_LEN(len);
	struct cmsghdr *c = o->buf + o->used;

	if (left < sizeof(*c)) {
		o->flags |= MSG_CTRUNC;
		return;
	}
	if (left < cmlen) {
		o->flags |= MSG_CTRUNC;
		cmlen = left;
	}
	c->cmsg_len = cmlen;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = type;
	memcpy(CMSG_DATA(c), data, cmlen - sizeof(*c));
	o->used += min(CMSG_SPACE(len), left);
}

/* scm_detach_fds(): the files that fit become handles of the caller. */
static void lx_put_rights(struct ps_task *pt, struct lx_cmsg_out *o, struct io_unix_msg *m,
			  bool cloexec)
{
	size_t left = o->room - o->used;
	unsigned int i, fdmax = left > sizeof(struct cmsghdr) ?
				(left - sizeof(struct cmsghdr)) / sizeof(int) : 0;
	struct cmsghdr *c = o->buf + o->used;
	int *fds = (int *)CMSG_DATA(c);
	unsigned int fd;
	ntstatus st;

	fdmax = min(fdmax, m->nfiles);
	for (i = 0; i < fdmax; i++) {
		st = ob_handle_insert(pt->htab, m->files[i], io_file_access(m->files[i]),
				      cloexec ? OB_HANDLE_CLOEXEC : 0, 0, ps_handle_limit(), &fd);
		if (!NT_SUCCESS(st))
			break;
		fds[i] = fd;
	}
	if (i) {
		c->cmsg_len = CMSG_LEN(i * sizeof(int));
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		o->used += min(CMSG_SPACE(i * sizeof(int)), left);
	}
	if (i < m->nfiles)
		o->flags |= MSG_CTRUNC;
}

/* What a receive tells the caller besides the data. */
struct lx_recv_out {
	struct sockaddr_storage name;
	int namelen;
	size_t controllen;
	unsigned int flags;
};

static long lx_unix_recv(struct ps_task *pt, struct io_file *f, struct lx_msg *lm,
			 unsigned int flags, struct lx_recv_out *out)
{
	struct io_unix_addr from = { 0 };
	struct io_unix_msg m = { .iter = &lm->iter, .flags = flags, .from = &from };
	struct lx_cmsg_out o = { 0 };
	struct io_sock_cred dummy;
	int type = io_unix_type_of(f), passcred = 0;
	struct ucred uc;
	ntstatus st;
	long ret;

	st = io_unix_recvmsg(f, &pt->ke, &m);
	ret = lx_errno(st, m.done);
	if (ret < 0)
		goto out;
	if ((flags & MSG_TRUNC) && type != SOCK_STREAM)
		ret = m.full;
	out->flags = m.out_flags | (flags & MSG_CMSG_CLOEXEC);
	/* The sender's name: a datagram's, or the peer's; none if unnamed. */
	if (type != SOCK_DGRAM && (!NT_SUCCESS(io_unix_name(f, true, &from)) ||
				   from.len <= offsetofend(struct sockaddr_un, sun_family)))
		from.len = 0;
	memcpy(&out->name, &from.sun, from.len);
	out->namelen = from.len;

	io_unix_getopt(f, SO_PASSCRED, &passcred, &dummy);
	if (!passcred && !m.nfiles)
		goto out;
	if (!lm->um.msg_control || lm->um.msg_controllen < sizeof(struct cmsghdr)) {
		/* put_cmsg() and scm_detach_fds() with no room. */
		out->flags |= MSG_CTRUNC;
		goto out;
	}
	o.room = min_t(size_t, lm->um.msg_controllen,
		       CMSG_SPACE(sizeof(uc)) + CMSG_SPACE(LX_SCM_MAX_FD * sizeof(int)));
	o.buf = kzalloc(o.room, GFP_KERNEL);
	if (!o.buf) {
		ret = -ENOMEM;
		goto out;
	}
	if (passcred) {
		uc.pid = m.has_cred ? m.cred.pid : 0;
		uc.uid = m.has_cred ? m.cred.uid : 0;
		uc.gid = m.has_cred ? m.cred.gid : 0;
		lx_put_cmsg(&o, SCM_CREDENTIALS, &uc, sizeof(uc));
	}
	if (m.nfiles)
		lx_put_rights(pt, &o, &m, flags & MSG_CMSG_CLOEXEC);
	out->flags |= o.flags;
	out->controllen = o.used;
	if (o.used && copy_to_user(lm->um.msg_control, o.buf, o.used))
		ret = -EFAULT;
	kfree(o.buf);
out:
	lx_files_put(m.files, m.nfiles);
	return ret;
}

static long lx_host_send(struct socket *sock, struct lx_msg *lm, unsigned int flags)
{
	struct msghdr msg = { 0 };
	void *ctl = NULL;
	long ret;

	if (lm->um.msg_namelen) {
		msg.msg_name = &lm->name;
		msg.msg_namelen = lm->um.msg_namelen;
	}
	if (lm->um.msg_controllen) {
		if (lm->um.msg_controllen > LX_OPTMEM_MAX)
			return -ENOBUFS;
		ctl = memdup_user(lm->um.msg_control, lm->um.msg_controllen);
		if (IS_ERR(ctl))
			return PTR_ERR(ctl);
		msg.msg_control = ctl;
		msg.msg_control_is_user = false;
		msg.msg_controllen = lm->um.msg_controllen;
	}
	msg.msg_iter = lm->iter;
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	msg.msg_flags = flags;
	ret = sock_sendmsg(sock, &msg);
	kfree(ctl);
	return ret;
}

static long lx_host_recv(struct socket *sock, struct lx_msg *lm, unsigned int flags,
			 struct lx_recv_out *out)
{
	struct msghdr msg = { 0 };
	long ret;

	msg.msg_name = &out->name;
	msg.msg_namelen = 0;
	msg.msg_control_user = lm->um.msg_control;
	msg.msg_control_is_user = true;
	msg.msg_controllen = lm->um.msg_control ? lm->um.msg_controllen : 0;
	msg.msg_iter = lm->iter;
	msg.msg_flags = flags & MSG_CMSG_CLOEXEC;
	if (sock->file->f_flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	ret = sock_recvmsg(sock, &msg, flags);
	if (ret < 0)
		return ret;
	out->namelen = msg.msg_namelen;
	out->controllen = (lm->um.msg_control ? lm->um.msg_controllen : 0) - msg.msg_controllen;
	out->flags = msg.msg_flags;
	return ret;
}

static long lx_send(struct ps_task *pt, unsigned int fd, struct lx_msg *lm, unsigned int flags)
{
	enum lx_sock_kind kind;
	struct ob_href ref;
	long ret;

	ret = lx_get_sock(pt, fd, &ref, &kind);
	if (ret)
		return ret;
	ret = lx_addr_in(lm->um.msg_name, lm->um.msg_namelen, &lm->name);
	if (ret)
		goto out;
	if (kind == LX_SOCK_HOST)
		ret = lx_host_send(lx_host_sock(&ref), lm, flags);
	else
		ret = lx_unix_send(pt, ref.obj, lm, flags);
out:
	ob_handle_put(&ref);
	return ret;
}

static long lx_recv(struct ps_task *pt, unsigned int fd, struct lx_msg *lm, unsigned int flags,
		    struct lx_recv_out *out)
{
	enum lx_sock_kind kind;
	struct ob_href ref;
	long ret;

	ret = lx_get_sock(pt, fd, &ref, &kind);
	if (ret)
		return ret;
	if (kind == LX_SOCK_HOST)
		ret = lx_host_recv(lx_host_sock(&ref), lm, flags, out);
	else
		ret = lx_unix_recv(pt, ref.obj, lm, flags, out);
	ob_handle_put(&ref);
	return ret;
}

long lx_sys_sendto(struct pt_regs *regs, struct ps_task *pt)
{
	size_t len = min_t(size_t, regs->dx, INT_MAX);
	struct lx_msg *lm;
	long ret;

	lm = kzalloc(sizeof(*lm), GFP_KERNEL);
	if (!lm)
		return -ENOMEM;
	ret = compat_import_user_buffer(WRITE, (void __user *)regs->si, len, lm->stack, &lm->iter);
	if (ret)
		goto out;
	lm->um.msg_name = (void __user *)regs->r8;
	lm->um.msg_namelen = lm->um.msg_name ? (int)regs->r9 : 0;
	ret = lx_send(pt, regs->di, lm, regs->r10);
out:
	kfree(lm);
	return ret;
}

long lx_sys_recvfrom(struct pt_regs *regs, struct ps_task *pt)
{
	size_t len = min_t(size_t, regs->dx, INT_MAX);
	void __user *uaddr = (void __user *)regs->r8;
	struct lx_recv_out out = { 0 };
	struct lx_msg *lm;
	long ret, err;

	lm = kzalloc(sizeof(*lm), GFP_KERNEL);
	if (!lm)
		return -ENOMEM;
	ret = compat_import_user_buffer(READ, (void __user *)regs->si, len, lm->stack, &lm->iter);
	if (ret)
		goto out;
	ret = lx_recv(pt, regs->di, lm, regs->r10, &out);
	if (ret >= 0 && uaddr) {
		err = lx_addr_out(&out.name, out.namelen, uaddr, (int __user *)regs->r9);
		if (err)
			ret = err;
	}
out:
	kfree(lm);
	return ret;
}

static long lx_sendmsg_one(struct ps_task *pt, unsigned int fd,
			   struct user_msghdr __user *umsg, unsigned int flags)
{
	struct lx_msg *lm;
	long ret;

	lm = kzalloc(sizeof(*lm), GFP_KERNEL);
	if (!lm)
		return -ENOMEM;
	ret = lx_msg_in(lm, umsg, WRITE);
	if (ret)
		goto out;
	ret = lx_send(pt, fd, lm, flags);
	kfree(lm->iov);
out:
	kfree(lm);
	return ret;
}

static long lx_recvmsg_one(struct ps_task *pt, unsigned int fd,
			   struct user_msghdr __user *umsg, unsigned int flags)
{
	struct lx_recv_out out = { 0 };
	struct lx_msg *lm;
	long ret;
	int klen;

	lm = kzalloc(sizeof(*lm), GFP_KERNEL);
	if (!lm)
		return -ENOMEM;
	ret = lx_msg_in(lm, umsg, READ);
	if (ret)
		goto out;
	ret = lx_recv(pt, fd, lm, flags, &out);
	kfree(lm->iov);
	if (ret < 0)
		goto out;
	/* ____sys_recvmsg(): the name (truncated), its length, flags, control length. */
	klen = out.namelen;
	if (lm->um.msg_name &&
	    ((klen && copy_to_user(lm->um.msg_name, &out.name, min(klen, lm->um.msg_namelen))) ||
	     put_user(klen, &umsg->msg_namelen)))
		ret = -EFAULT;
	else if (put_user(out.flags, &umsg->msg_flags) ||
		 put_user((__kernel_size_t)out.controllen, &umsg->msg_controllen))
		ret = -EFAULT;
out:
	kfree(lm);
	return ret;
}

long lx_sys_sendmsg(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_sendmsg_one(pt, regs->di, (struct user_msghdr __user *)regs->si, regs->dx);
}

long lx_sys_recvmsg(struct pt_regs *regs, struct ps_task *pt)
{
	return lx_recvmsg_one(pt, regs->di, (struct user_msghdr __user *)regs->si, regs->dx);
}

/* __sys_sendmmsg(): up to UIO_MAXIOV messages; an error after the first ends the batch. */
long lx_sys_sendmmsg(struct pt_regs *regs, struct ps_task *pt)
{
	struct mmsghdr __user *vec = (struct mmsghdr __user *)regs->si;
	unsigned int vlen = min_t(unsigned int, regs->dx, UIO_MAXIOV), flags = regs->r10, i;
	struct ob_href ref;
	enum lx_sock_kind kind;
	long ret;

	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	ob_handle_put(&ref);
	for (i = 0; i < vlen; i++) {
		ret = lx_sendmsg_one(pt, regs->di, &vec[i].msg_hdr, flags);
		if (ret < 0)
			break;
		if (put_user((unsigned int)ret, &vec[i].msg_len)) {
			ret = -EFAULT;
			break;
		}
		cond_resched();
	}
	return i ? i : ret;
}

/* do_recvmmsg(): MSG_WAITFORONE, and a timeout checked between datagrams. */
long lx_sys_recvmmsg(struct pt_regs *regs, struct ps_task *pt)
{
	struct mmsghdr __user *vec = (struct mmsghdr __user *)regs->si;
	unsigned int vlen = min_t(unsigned int, regs->dx, UIO_MAXIOV), flags = regs->r10, i;
	struct __kernel_timespec __user *uts = (struct __kernel_timespec __user *)regs->r8;
	ktime_t end = 0;
	struct ob_href ref;
	enum lx_sock_kind kind;
	long ret;

	if (uts) {
		struct timespec64 ts;

		if (get_timespec64(&ts, uts))
			return -EFAULT;
		if (!timespec64_valid(&ts))
			return -EINVAL;
		end = ktime_add_safe(ktime_get(), timespec64_to_ktime(ts));
	}
	ret = lx_get_sock(pt, regs->di, &ref, &kind);
	if (ret)
		return ret;
	ob_handle_put(&ref);
	for (i = 0; i < vlen; i++) {
		ret = lx_recvmsg_one(pt, regs->di, &vec[i].msg_hdr, flags & ~MSG_WAITFORONE);
		if (ret < 0)
			break;
		if (put_user((unsigned int)ret, &vec[i].msg_len)) {
			ret = -EFAULT;
			break;
		}
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (uts && ktime_compare(ktime_get(), end) >= 0) {
			i++;
			break;
		}
		cond_resched();
	}
	/* A datagram received already counts; the error waits (as sk_err) in Linux. */
	return i ? i : ret;
}
