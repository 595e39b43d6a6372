#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lx and lxssd end to end in the test VM (busybox sh), against the real
# module, /init and the default distro: install (tarball, default), runs
# with pipes and exit codes, an interactive run through a pty (lx-pty),
# two instances isolated, terminate while blocked, a daemon restart with an
# instance running, unregister, refusal of a non-member, export and stats;
# owners: a member's distro runs with the member's host credentials (root
# inside), and only the member and root may use it.
# TAP output, kselftest totals line.
LIB=/usr/lib/lxcore
KMODS=/usr/libexec/lxcore/selftests/volfs-kmods
PTY=/usr/libexec/lxcore/helpers/lx-pty
STATE=/tmp/lx-state		# on ext4: backing trees need user.* xattrs
SOCK=/tmp/lx-test.sock
LOG=/tmp/lxssd.log
OUT=/tmp/lx_test.out
LXSS_SOCKET=$SOCK
export LXSS_SOCKET
n=0
pass=0
fail=0
skip=0

check() {	# check NAME COMMAND...: ok when COMMAND succeeds
	name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $name"
		pass=$((pass + 1))
	else
		echo "not ok $n $name"
		fail=$((fail + 1))
	fi
}

skip_test() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
	skip=$((skip + 1))
}

say() { sed 's/^/# /' "$@"; }

status_is() {	# status_is WANT COMMAND...: output in $OUT
	want=$1
	shift
	"$@" >$OUT 2>&1 </dev/null
	got=$?
	[ "$got" = "$want" ] || { echo "# wanted exit $want, got $got: $*"; say $OUT; return 1; }
}

# An ext4 file system for the state directory (tmpfs before 6.6 has no user.* xattrs).
state_fs() {
	grep -q " $STATE " /proc/mounts && return 0
	if ! grep -q ext4 /proc/filesystems; then
		for m in crc32c_generic crc16 mbcache jbd2 ext4; do
			insmod $KMODS/$m.module 2>/dev/null
		done
	fi
	insmod $KMODS/loop.module 2>/dev/null
	mkdir -p $STATE
	dd if=/dev/zero of=/tmp/lx-state.img bs=1M count=48 2>/dev/null &&
		mke2fs -q -F -I 256 /tmp/lx-state.img >/dev/null 2>&1 &&
		mount -t ext4 -o loop /tmp/lx-state.img $STATE
}

start_lxssd() {
	lxssd -S $SOCK -d $STATE -i 0 -m c=/tmp/lx-drive >>$LOG 2>&1 &
	LXSSD=$!
	i=0
	while [ ! -S $SOCK ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	# the socket is there before lxssd listens only for an instant
	sleep 0.2
	lx list >/dev/null 2>&1
}

stop_lxssd() {
	kill "$LXSSD" 2>/dev/null
	wait "$LXSSD" 2>/dev/null
	rm -f $SOCK
}

# Wait until lx list shows NAME with STATE (at most ~20 s).
wait_state() {
	i=0
	while [ $i -lt 100 ]; do
		lx list | grep -Eq "^$1 +$2 " && return 0
		sleep 0.2
		i=$((i + 1))
	done
	echo "# $1 never became $2:"
	lx list | say
	return 1
}

# lxssd runs under its seccomp filter; its spawner (and so every instance) does not
t_seccomp() {
	grep -q '^Seccomp:[[:space:]]*2' /proc/$LXSSD/status || { echo "# lxssd not confined"; return 1; }
	for p in /proc/[0-9]*; do
		[ "$(awk '{print $4}' $p/stat 2>/dev/null)" = "$LXSSD" ] || continue
		grep -q '^Seccomp:[[:space:]]*0' $p/status || { echo "# child ${p#/proc/} confined"; return 1; }
		return 0
	done
	echo "# no spawner"
	return 1
}
# a second lxssd whose /dev/lxss is missing: run says the module is not loaded
t_no_module() {
	mkdir -p $STATE/alt
	lxssd -S /tmp/lx-alt.sock -d $STATE/alt --dev /dev/no-lxss -i 0 >>$LOG 2>&1 &
	alt=$!
	i=0
	while [ ! -S /tmp/lx-alt.sock ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.2
	lx -S /tmp/lx-alt.sock install m --from /tmp/lx-distro.tar.gz >/dev/null 2>&1 &&
		status_is 1 lx -S /tmp/lx-alt.sock run m -- true &&
		grep -q "module not loaded" $OUT
	ok=$?
	kill $alt
	wait $alt
	return $ok
}
t_version() { lx --version | grep -q '^lx ' && lx help | grep -q 'run NAME'; }
t_no_daemon() {
	status_is 1 lx -S /tmp/nothing-here.sock list && grep -q "daemon is not running" $OUT
}
t_unknown() { status_is 1 lx run nosuch -- true && grep -q "no distro named nosuch" $OUT && grep -q hint $OUT; }
t_install_tarball() {
	gzip -c $LIB/default-distro.tar >/tmp/lx-distro.tar.gz &&
		status_is 0 lx install tb --from /tmp/lx-distro.tar.gz &&
		lx list | grep -Eq '^tb +Stopped ' &&
		[ -f $STATE/distros/tb/rootfs/bin/busybox ]
}
t_install_twice() { status_is 1 lx install tb --from /tmp/lx-distro.tar.gz && grep -q exists $OUT; }
t_install_bad() {
	echo "not a tarball" >/tmp/lx-bad.tar
	status_is 1 lx install bad --from /tmp/lx-bad.tar && ! lx list | grep -q '^bad ' &&
		[ ! -e $STATE/distros/bad ]
}
t_install_default() { status_is 0 lx install default && lx list --json | grep -q '"name":"default"'; }
t_pipe() {
	echo "hi there" | lx run default -- cat >/tmp/lx-out 2>/tmp/lx-err
	rc=$?
	[ $rc = 0 ] && [ "$(cat /tmp/lx-out)" = "hi there" ] ||
		{ echo "# exit $rc, out: $(cat /tmp/lx-out)"; say /tmp/lx-err; return 1; }
}
t_stderr() {
	lx run default -- sh -c 'echo out; echo err >&2' >/tmp/lx-out 2>/tmp/lx-err </dev/null &&
		[ "$(cat /tmp/lx-out)" = out ] && [ "$(cat /tmp/lx-err)" = err ]
}
t_exit_code() { status_is 7 lx run default -- sh -c 'exit 7'; }
# the instance is a pid namespace: /init is 1, the session's shell a small number
t_pidns() {
	status_is 0 lx run default -- sh -c 'echo pid=$$; cat /proc/1/cmdline | tr "\0" " "; echo' &&
		grep -Eq '^pid=([2-9]|1[0-9])$' $OUT && grep -q '^/init' $OUT
}
t_signal_code() { status_is 143 lx run default -- sh -c 'kill -TERM $$'; }
t_env_cwd_user() {
	status_is 0 lx run default -u lx -w /tmp -e FOO=bar -- sh -c 'echo "$(id -u) $(pwd) $FOO"' &&
		grep -q "^1000 /tmp bar" $OUT
}
t_injected() {
	status_is 0 lx run default -- sh -c 'ls -ln /init; cat /etc/resolv.conf' &&
		grep -Eq '^-rwxr-xr-x +1 0 +0 ' $OUT && grep -qF "$(head -n 1 /etc/resolv.conf)" $OUT
}
t_drive() {	# lxssd -m c=/tmp/lx-drive: the host directory is /mnt/c (DrvFs), both ways
	echo from-host >/tmp/lx-drive/hostfile &&
		status_is 0 lx run default -- sh -c 'cat /mnt/c/hostfile; echo from-inside >/mnt/c/made' &&
		grep -qx from-host $OUT && [ "$(cat /tmp/lx-drive/made)" = from-inside ]
}
t_ended_after_last_session() { wait_state default Stopped; }
t_interactive() {
	[ -x $PTY ] || return 1
	# the size lx finds is the pty's; a later change reaches the session (SIGWINCH)
	$PTY -t 60 -s 30x100 expect:'# ' send:'echo $((6*7))\r' expect:42 \
		send:'stty size\r' expect:'30 100' winsize:40x120 sleep:500 \
		send:'stty size\r' expect:'40 120' \
		send:'sleep 100\r' sleep:1500 send:'\003' expect:'# ' \
		send:'sleep 200\r' sleep:1500 send:'\032' expect:'Stopped' \
		send:'fg\r' sleep:1500 send:'\003' sleep:500 \
		send:'echo back-$((40+2))\r' expect:'back-42' \
		send:'exit 3\r' -- lx run default >$OUT 2>&1
	rc=$?
	[ $rc = 3 ] || { echo "# lx-pty exit $rc"; say $OUT; return 1; }
}
t_isolated() {
	lx run default -- sleep 61 </dev/null >/dev/null 2>&1 &
	bg=$!
	wait_state default Running || return 1
	lx run tb -- sleep 62 </dev/null >/dev/null 2>&1 &
	bg2=$!
	wait_state tb Running || return 1
	# a file in one instance's /tmp is not in the other's; pids are per instance
	lx run default -- sh -c 'echo a >/tmp/only-default' </dev/null &&
		status_is 1 lx run tb -- test -e /tmp/only-default &&
		lx run tb -- sh -c 'cat /proc/[0-9]*/cmdline | tr "\0" " "' </dev/null >$OUT 2>&1 &&
		grep -q "sleep 62" $OUT && ! grep -q "sleep 61" $OUT &&
		lx list --running | grep -q '^default ' && lx list --running | grep -q '^tb ' 
	ok=$?
	lx terminate default
	lx terminate tb
	wait $bg $bg2
	return $ok
}
t_terminate_blocked() {
	lx run tb -- sh -c 'read x' </dev/zero >/dev/null 2>&1 &
	lx run tb -- sleep 1000 </dev/null >/dev/null 2>&1 &
	bg=$!
	wait_state tb Running || return 1
	sleep 1
	lx terminate tb || return 1
	wait $bg
	rc=$?
	[ $rc = 137 ] || { echo "# blocked session ended with $rc, not 137"; return 1; }
	wait_state tb Stopped
}
t_hangup() {
	lx run default -- sleep 1000 </dev/null >/dev/null 2>&1 &
	bg=$!
	wait_state default Running || return 1
	sleep 0.5
	kill -TERM $bg
	wait $bg
	# the session got SIGHUP, so the instance had no session left (-i 0)
	wait_state default Stopped && grep -q "lx went away" $LOG
}
t_restart() {
	lx run default -- sleep 1000 </dev/null >/dev/null 2>&1 &
	bg=$!
	wait_state default Running || return 1
	stop_lxssd
	wait $bg
	# lxssd's end closed the instance: the module has none left
	i=0
	while ! lxssctl global | grep -q 'live_instances: 0' && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	lxssctl global | grep -q 'live_instances: 0' || { echo "# instance left behind"; return 1; }
	start_lxssd || { echo "# lxssd did not come back"; say $LOG; return 1; }
	lx list | grep -Eq '^default +Stopped ' || return 1
	status_is 0 lx run default -- echo back && grep -q back $OUT
}
# busybox su as root asks no password; -S: su may reset the environment
t_refused() {
	status_is 1 su -s /bin/sh nobody -c "lx -S $SOCK list" &&
		{ grep -q "permission denied" $OUT || { say $OUT; false; }; }
}
t_member() {
	grep -q '^lxmember:' /etc/passwd ||
		echo 'lxmember:x:4243:4242:lx test:/:/bin/sh' >>/etc/passwd
	# accepted; root's distros are not the member's to see
	status_is 0 su -s /bin/sh lxmember -c "lx -S $SOCK list" && grep -q '^NAME' $OUT &&
		! grep -q '^default ' $OUT
}
as_member() { su -s /bin/sh lxmember -c "LXSS_SOCKET=$SOCK; export LXSS_SOCKET; $1"; }
as_other() { su -s /bin/sh lxother -c "LXSS_SOCKET=$SOCK; export LXSS_SOCKET; $1"; }
# host pid of the process whose command line is exactly "$1 " (args joined by spaces)
host_pid_of() {
	for p in /proc/[0-9]*; do
		[ "$(tr '\0' ' ' <$p/cmdline 2>/dev/null)" = "$1 " ] && { echo ${p#/proc/}; return 0; }
	done
	return 1
}
# the host's view of a task: its ids and capabilities are the member's
host_is_member() {
	grep -q "^Uid:[[:space:]]*4243[[:space:]]*4243[[:space:]]*4243[[:space:]]*4243$" /proc/$1/status &&
		grep -q "^Gid:[[:space:]]*4242[[:space:]]*4242[[:space:]]*4242[[:space:]]*4242$" /proc/$1/status &&
		grep -q "^CapEff:[[:space:]]*0000000000000000$" /proc/$1/status &&
		grep -q "^CapPrm:[[:space:]]*0000000000000000$" /proc/$1/status ||
		{ echo "# host pid $1:"; grep -E '^(Name|Uid|Gid|Groups|Cap)' /proc/$1/status | say; false; }
}
t_owner_install() {
	grep -q '^lxother:' /etc/passwd ||
		echo 'lxother:x:4244:4242:lx test 2:/:/bin/sh' >>/etc/passwd
	chmod 644 /tmp/lx-distro.tar.gz
	status_is 0 as_member "lx install mine --from /tmp/lx-distro.tar.gz" || return 1
	grep -q '^mine installed root 4243 4242 ' $STATE/registry ||
		{ echo "# registry:"; say $STATE/registry; return 1; }
	# the backing tree is the member's on the host (host mode 0700 executables)
	[ "$(stat -c %u:%g $STATE/distros/mine/rootfs/bin/busybox)" = 4243:4242 ] &&
		[ "$(stat -c %u:%g $STATE/distros/mine/rootfs/etc)" = 4243:4242 ] &&
		[ "$(find $STATE/distros/mine/rootfs ! -user 4243 | wc -l)" = 0 ] &&
		as_member "lx list" | grep -Eq '^mine +Stopped '
}
t_owner_creds() {
	# root inside (and a user switch works), the member outside
	status_is 0 as_member "lx run mine -- id" && grep -q '^uid=0(root) gid=0(root)' $OUT ||
		{ say $OUT; return 1; }
	status_is 0 as_member "lx run mine -u lx -- id -u" && grep -q '^1000$' $OUT || return 1
	as_member "lx run mine -- sleep 47" </dev/null >/dev/null 2>&1 &
	bg=$!
	i=0
	while ! pid=$(host_pid_of "sleep 47") && [ $i -lt 100 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	ok=1
	if [ -n "$pid" ]; then
		init=$(cut -d' ' -f1 $STATE/run/mine)
		echo "# sleep is host pid $pid, /init host pid $init"
		host_is_member $pid && host_is_member $init && ok=0
	else
		echo "# no sleep 47 on the host"
	fi
	lx terminate mine
	wait $bg
	return $ok
}
t_owner_io() {
	# a pipe through the member's instance
	out=$(echo hi there | as_member "lx run mine -- cat") && [ "$out" = "hi there" ] ||
		{ echo "# pipe: $out"; return 1; }
	# a tty: the pty slave is the member's own
	cat >/tmp/lx-own-pty.sh <<EOF2
$PTY -t 60 expect:'# ' send:'echo uid-\$(id -u)\r' expect:'uid-0' send:'exit 5\r' -- lx -S $SOCK run mine
EOF2
	su -s /bin/sh lxmember -c "sh /tmp/lx-own-pty.sh" >$OUT 2>&1
	rc=$?
	[ $rc = 5 ] || { echo "# tty: exit $rc"; say $OUT; return 1; }
	# and in a later run
	status_is 0 as_member "lx run mine -- cp /bin/busybox /root/busybox" || return 1
	# in the same run: VolFs makes the new host file the tree owner's
	status_is 0 as_member "lx run mine -- sh -c 'cp /bin/busybox /root/busybox-same && /root/busybox-same echo same-run'" &&
		grep -q same-run $OUT || { say $OUT; return 1; }
	[ "$(stat -c %u:%g $STATE/distros/mine/rootfs/root/busybox-same)" = 4243:4242 ] || return 1
	status_is 0 as_member "lx run mine -- mkdir -p /root/d/e" &&
		[ "$(stat -c %u:%g $STATE/distros/mine/rootfs/root/d/e)" = 4243:4242 ] || return 1
	lx terminate mine
	status_is 0 as_member "lx run mine -- /root/busybox echo made-inside" &&
		grep -q made-inside $OUT &&
		[ "$(stat -c %u $STATE/distros/mine/rootfs/root/busybox)" = 4243 ]
}
t_owner_others() {
	as_member "lx run mine -- sleep 48" </dev/null >/dev/null 2>&1 &
	bg=$!
	wait_state mine Running || return 1
	ok=0
	status_is 0 as_other "lx list" && ! grep -q '^mine ' $OUT || { echo "# listed"; ok=1; }
	for c in "run mine -- true" "terminate mine" "export mine /tmp/lx-other.tar" "stats mine" \
		 "unregister mine"; do
		status_is 1 as_other "lx $c" && grep -q "permission denied: distro mine belongs to uid 4243" $OUT &&
			grep -q "only its owner or root" $OUT || { echo "# lx $c not refused"; say $OUT; ok=1; }
	done
	[ ! -e /tmp/lx-other.tar ] && lx list | grep -Eq '^mine +Running ' || ok=1
	lx terminate mine
	wait $bg
	return $ok
}
# AF_INET sockets are host sockets made with the task's host credentials:
# root inside a member's instance, but no privileged port on the host
t_owner_inet() {
	status_is 1 as_member "lx run mine -- nc -l -p 80" && grep -q "Permission denied" $OUT ||
		{ say $OUT; return 1; }
	# a port above 1023 listens (until timeout's SIGTERM), and root's distro may take port 81
	status_is 143 as_member "lx run mine -- timeout 2 nc -l -p 5555" || return 1
	status_is 143 lx run default -- timeout 2 nc -l -p 81
}
t_owner_root() {
	lx list | grep -Eq '^mine ' && status_is 0 lx run mine -- id -u && grep -q '^0$' $OUT &&
		status_is 0 lx stats mine && status_is 0 lx export mine /tmp/lx-mine.tar &&
		status_is 0 lx terminate mine && status_is 0 lx unregister mine &&
		[ ! -e $STATE/distros/mine ]
}
t_export() {
	status_is 0 lx export default /tmp/lx-export.tar.gz &&
		tar tzf /tmp/lx-export.tar.gz | grep -q '^./bin/busybox$'
}
t_stats() {
	lx run default -- true </dev/null >/dev/null 2>&1
	status_is 0 lx stats default && grep -q "system calls" $OUT && grep -Eq ' execve ' $OUT
}
t_auth() { t_refused && t_member; }
t_export_stats() { t_export && t_stats; }
t_unregister() {
	status_is 0 lx unregister tb && ! lx list | grep -q '^tb ' && [ ! -e $STATE/distros/tb ] &&
		! grep -q '^tb ' $STATE/registry
}

echo "TAP version 13"
echo "1..33"
if [ ! -e /dev/lxss ] || [ ! -x $LIB/init ] || [ ! -f $LIB/default-distro.tar ]; then
	echo "# needs lxcore.ko loaded, $LIB/init and $LIB/default-distro.tar"
	echo "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:33 error:0"
	exit 4
fi
grep -q '^lxss:' /etc/group || echo 'lxss:x:4242:' >>/etc/group
mkdir -p /tmp/lx-drive
[ -f /etc/resolv.conf ] || echo "nameserver 192.0.2.53" >/etc/resolv.conf
rm -f $LOG
check "the state directory is on ext4" state_fs
check "lxssd starts" start_lxssd
check "lxssd is confined by seccomp, its spawner is not" t_seccomp
check "lx --version and help" t_version
check "no daemon: a clear error with a hint" t_no_daemon
check "unknown distro: a clear error with a hint" t_unknown
check "install from a .tar.gz" t_install_tarball
check "install twice is refused" t_install_twice
check "module not loaded: a clear error with a hint" t_no_module
check "a bad tarball leaves nothing behind" t_install_bad
check "install the default distro" t_install_default
check "echo hi | lx run d -- cat > out" t_pipe
check "stdout and stderr are the caller's" t_stderr
check "exit status comes back" t_exit_code
check "death by signal N is 128+N" t_signal_code
check "the instance has its own pids (LXSS_INSTANCE_PIDNS)" t_pidns
check "-u, -w, -e" t_env_cwd_user
check "/init and the host's resolv.conf are injected" t_injected
check "a configured host directory is the DrvFs drive /mnt/c" t_drive
check "the instance ends with its last session (-i 0)" t_ended_after_last_session
check "interactive: type, read, Ctrl-C, Ctrl-Z, exit code" t_interactive
check "two instances at once are isolated" t_isolated
check "terminate while a process is blocked" t_terminate_blocked
check "lx killed: its session is hung up" t_hangup
check "a daemon restart with an instance running" t_restart
check "a non-member is refused, a member accepted" t_auth
check "a member installs a distro: it is theirs, and so is its backing tree" t_owner_install
check "a member's instance: root inside, the member's host ids, no capability" t_owner_creds
check "a member's instance: a pipe, a tty, a file made inside is theirs and execs" t_owner_io
check "another member may not see, run, terminate, export, stats, unregister it" t_owner_others
check "AF_INET below 1024 fails in a member's instance, not in root's" t_owner_inet
check "root may use a member's distro" t_owner_root
check "export and stats" t_export_stats
check "unregister removes every file" t_unregister
stop_lxssd
echo "# lxssd log:"
say $LOG
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
