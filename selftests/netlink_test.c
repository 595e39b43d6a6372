// SPDX-License-Identifier: GPL-2.0
/*
 * NETLINK_ROUTE sockets, read-only. Differential: glibc's getifaddrs()
 * (netlink RTM_GETLINK and RTM_GETADDR dumps) lists the same interfaces
 * and addresses natively and as a pico process; a raw RTM_GETLINK dump
 * walks to NLMSG_DONE. Pico only: requests that would change the host's
 * network (RTM_NEW*, RTM_DEL*, RTM_SET*), by a send call or write(2), are
 * EPERM even though the host task is root, and so are messages to another
 * socket or a group; other netlink protocols are EPROTONOSUPPORT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "lxtest.h"
#include "kselftest_harness.h"

FIXTURE(nl) {
	int dev;
	int inst;
};

FIXTURE_SETUP(nl)
{
	self->dev = -1;
	self->inst = -1;
	if (lxt_native_only())
		return;
	self->dev = lxt_dev();
	ASSERT_LE(0, self->dev);
	self->inst = lxt_create(self->dev, "netlink");
	ASSERT_LE(0, self->inst);
}

FIXTURE_TEARDOWN(nl)
{
	if (self->inst >= 0)
		close(self->inst);
	if (self->dev >= 0)
		close(self->dev);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every interface and address getifaddrs() gives, one sorted line each. */
static void getifaddrs_body(void *arg)
{
	char *lines[128], addr[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN];
	struct ifaddrs *ifa, *i;
	unsigned int n = 0, k;

	lxt_say("getifaddrs", getifaddrs(&ifa));
	for (i = ifa; i && n < 128; i = i->ifa_next) {
		const void *a = NULL, *m = NULL;
		int fam = i->ifa_addr ? i->ifa_addr->sa_family : -1;

		if (fam == AF_INET) {
			a = &((struct sockaddr_in *)i->ifa_addr)->sin_addr;
			m = &((struct sockaddr_in *)i->ifa_netmask)->sin_addr;
		} else if (fam == AF_INET6) {
			a = &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
			m = &((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr;
		}
		addr[0] = mask[0] = 0;
		if (a) {
			inet_ntop(fam, a, addr, sizeof(addr));
			inet_ntop(fam, m, mask, sizeof(mask));
		}
		if (asprintf(&lines[n], "if %s family=%d flags=0x%x %s %s", i->ifa_name, fam,
			     i->ifa_flags, addr, mask) > 0)
			n++;
	}
	qsort(lines, n, sizeof(lines[0]), cmp_str);
	for (k = 0; k < n; k++)
		lxt_say_text(lines[k]);
	freeifaddrs(ifa);
}

TEST_F(nl, getifaddrs_lists_the_same_interfaces_and_addresses)
{
	static struct lxt_result native;
	struct lxt_case c = { .body = getifaddrs_body };

	/* The host's interfaces are what they are: native output is the reference. */
	ASSERT_EQ(0, lxt_run_case(-1, &c, &native));
	ASSERT_NE(NULL, strstr(native.out, "if lo family=2 ")) TH_LOG("%s", native.out);
	c.expect_out = native.out;
	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

struct nl_req {
	struct nlmsghdr h;
	struct ifinfomsg i;
};

static long nl_send(int fd, unsigned short type, unsigned short flags, unsigned int pid)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = pid };
	struct nl_req r = {
		.h = { .nlmsg_len = sizeof(r), .nlmsg_type = type,
		       .nlmsg_flags = NLM_F_REQUEST | flags, .nlmsg_seq = 1 },
		.i = { .ifi_family = AF_UNSPEC },
	};

	return lxt_syscall6(SYS_sendto, fd, (long)&r, sizeof(r), 0, (long)&to, sizeof(to));
}

/* A raw RTM_GETLINK dump: messages until NLMSG_DONE. */
static void dump_body(void *arg)
{
	static char buf[32768];
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(me);
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int links = 0, done = 0, other = 0;
	long n;

	lxt_say("socket", fd >= 0);
	lxt_say("bind", bind(fd, (struct sockaddr *)&me, sizeof(me)));
	lxt_say("getsockname", getsockname(fd, (struct sockaddr *)&me, &len));
	lxt_say("pid-set", me.nl_pid != 0);
	lxt_say("send", nl_send(fd, RTM_GETLINK, NLM_F_DUMP, 0));
	while (!done) {
		struct nlmsghdr *h;

		n = lxt_syscall6(SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0, 0);
		if (n <= 0) {
			lxt_say("recv", n);
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				done = 1;
			else if (h->nlmsg_type == RTM_NEWLINK)
				links++;
			else
				other++;
		}
	}
	lxt_say("done", done);
	lxt_say("links-are-interfaces", links > 0 && links == (int)(long)arg);
	lxt_say("other", other);
}

static int count_links(void)
{
	struct if_nameindex *ni = if_nameindex(), *p;
	int n = 0;

	for (p = ni; p && p->if_index; p++)
		n++;
	if_freenameindex(ni);
	return n;
}

TEST_F(nl, a_getlink_dump_ends_with_done)
{
	struct lxt_case c = {
		.body = dump_body, .arg = (void *)(long)count_links(),
		.expect_out = "socket=1\nbind=0\ngetsockname=0\npid-set=1\nsend=32\ndone=1\n"
			      "links-are-interfaces=1\nother=0\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* SIOCGIF* on an inet socket, as ip and ifconfig ask. */
static void ifreq_body(void *arg)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq r = { 0 }, all[16];
	struct ifconf c = { .ifc_len = sizeof(all), .ifc_req = all };
	long ret;

	strcpy(r.ifr_name, "lo");
	ret = lxt_syscall6(SYS_ioctl, fd, SIOCGIFINDEX, (long)&r, 0, 0, 0);
	lxt_say("index", ret);
	lxt_say("lo-index", r.ifr_ifindex);
	lxt_say("flags", lxt_syscall6(SYS_ioctl, fd, SIOCGIFFLAGS, (long)&r, 0, 0, 0));
	lxt_sayx("lo-flags", r.ifr_flags & 0xffff);
	lxt_say("mtu", lxt_syscall6(SYS_ioctl, fd, SIOCGIFMTU, (long)&r, 0, 0, 0));
	lxt_say("lo-mtu", r.ifr_mtu);
	lxt_say("conf", lxt_syscall6(SYS_ioctl, fd, SIOCGIFCONF, (long)&c, 0, 0, 0));
	lxt_say("conf-first-is-lo", c.ifc_len >= (int)sizeof(all[0]) &&
		!strcmp(all[0].ifr_name, "lo"));
	strcpy(r.ifr_name, "no-such-if");
	lxt_say("missing", lxt_syscall6(SYS_ioctl, fd, SIOCGIFINDEX, (long)&r, 0, 0, 0));
	/* glibc's if_nametoindex() asks an AF_UNIX socket. */
	lxt_say("if_nametoindex", if_nametoindex("lo"));
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	strcpy(r.ifr_name, "lo");
	lxt_say("unix-flags", lxt_syscall6(SYS_ioctl, fd, SIOCGIFFLAGS, (long)&r, 0, 0, 0));
	lxt_sayx("unix-lo-flags", r.ifr_flags & 0xffff);
}

TEST_F(nl, interface_queries_on_an_inet_socket)
{
	struct lxt_case c = {
		.body = ifreq_body,
		.expect_out = "index=0\nlo-index=1\nflags=0\nlo-flags=0x49\nmtu=0\n"
			      "lo-mtu=65536\nconf=0\nconf-first-is-lo=1\nmissing=-E19\n"
			      "if_nametoindex=1\nunix-flags=0\nunix-lo-flags=0x49\n",
	};

	ASSERT_EQ(0, lxt_diff(self->inst, &c));
}

/* What would change the host is refused (the host task here is root). */
static void refused_body(void *arg)
{
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl grp = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct nl_req r = { .h = { .nlmsg_len = sizeof(r), .nlmsg_type = RTM_GETLINK,
				   .nlmsg_flags = NLM_F_REQUEST } };
	struct {
		struct nl_req get;
		struct nl_req del;
	} two = { r, r };
	struct ifreq ifr;

	two.del.h.nlmsg_type = RTM_DELLINK;
	lxt_say("newlink", nl_send(fd, RTM_NEWLINK, NLM_F_CREATE, 0));
	lxt_say("dellink", nl_send(fd, RTM_DELLINK, 0, 0));
	lxt_say("setlink", nl_send(fd, RTM_SETLINK, 0, 0));
	lxt_say("newaddr", nl_send(fd, RTM_NEWADDR, NLM_F_CREATE, 0));
	lxt_say("delroute", nl_send(fd, RTM_DELROUTE, 0, 0));
	lxt_say("second-of-two", lxt_syscall6(SYS_sendto, fd, (long)&two, sizeof(two), 0, 0, 0));
	lxt_say("to-a-process", nl_send(fd, RTM_GETLINK, NLM_F_DUMP, 1234));
	lxt_say("connect-group", lxt_syscall6(SYS_connect, fd, (long)&grp, sizeof(grp), 0, 0, 0));
	lxt_say("write-get", lxt_write(fd, &r, sizeof(r)));
	lxt_say("write-del", lxt_write(fd, &two, sizeof(two)));
	lxt_say("getlink-ok", nl_send(fd, RTM_GETLINK, NLM_F_DUMP, 0));
	lxt_say("audit", socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT) < 0 ? -errno : 0);
	lxt_say("uevent", socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT) < 0 ? -errno : 0);
	lxt_say("stream", socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE) < 0 ? -errno : 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	lxt_say("sifflags", lxt_syscall6(SYS_ioctl, fd, SIOCSIFFLAGS, (long)&ifr, 0, 0, 0));
	lxt_say("sifmtu", lxt_syscall6(SYS_ioctl, fd, SIOCSIFMTU, (long)&ifr, 0, 0, 0));
}

TEST_F(nl, requests_that_change_the_host_are_refused)
{
	struct lxt_case c = { .body = refused_body };
	static struct lxt_result r;

	if (lxt_native_only())
		SKIP(return, "pico only");
	ASSERT_EQ(0, lxt_run_case(self->inst, &c, &r));
	EXPECT_STREQ("newlink=-EPERM\ndellink=-EPERM\nsetlink=-EPERM\nnewaddr=-EPERM\n"
		     "delroute=-EPERM\nsecond-of-two=-EPERM\nto-a-process=-EPERM\n"
		     "connect-group=-EPERM\nwrite-get=32\nwrite-del=-EPERM\ngetlink-ok=32\n"
		     "audit=-E93\nuevent=-E93\nstream=-E94\nsifflags=-ENOTTY\nsifmtu=-ENOTTY\n", r.out);
}

TEST_HARNESS_MAIN
