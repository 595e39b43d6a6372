#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkdistro.sh OUT.tar - the built-in default distro: a small root file
# system around Debian's busybox-static (/bin/busybox and a link for each of
# its applets), with /etc/passwd (root, and lx uid 1000), group, profile,
# hostname, shells, and the usual top-level directories.
#
# Needs no root: the tree is laid out in a scratch directory with the right
# modes, and GNU tar records the owners (root:root, then /home/lx appended
# as lx:lx). BUSYBOX= names another busybox binary.

set -euo pipefail

out=${1:?usage: mkdistro.sh OUT.tar}
busybox=${BUSYBOX:-/bin/busybox}

if [ ! -x "$busybox" ]; then
	echo "mkdistro: $busybox is missing (apt-get install busybox-static)" >&2
	exit 1
fi
if ! "$busybox" --list-full >/dev/null 2>&1; then
	echo "mkdistro: $busybox cannot list its applets" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkdistro.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
r=$tmp/root
umask 022
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,root,home/lx,tmp,proc,sys,dev,mnt,var/tmp,run}

install -m 0755 "$busybox" "$r/bin/busybox"

# One symbolic link per applet, relative to /bin/busybox.
"$busybox" --list-full | while read -r path; do
	[ "$path" = bin/busybox ] && continue
	case $path in
	bin/*) ln -sf busybox "$r/$path" ;;
	*/*) up=$(echo "${path%/*}" | sed 's|[^/][^/]*|..|g')
	     ln -sf "$up/bin/busybox" "$r/$path" ;;
	*) ln -sf bin/busybox "$r/$path" ;;
	esac
done

cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
lx:x:1000:1000:lx:/home/lx:/bin/sh
EOF
cat >"$r/etc/group" <<'EOF'
root:x:0:
users:x:100:lx
lx:x:1000:
EOF
cat >"$r/etc/shadow" <<'EOF'
root:*:20000:0:99999:7:::
lx:*:20000:0:99999:7:::
EOF
cat >"$r/etc/profile" <<'EOF'
# /etc/profile: read by login shells of the lxcore default distro.
if [ "$(id -u)" -eq 0 ]; then
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	PS1='\h:\w# '
else
	PATH=/usr/local/bin:/usr/bin:/bin
	PS1='\h:\w$ '
fi
export PATH PS1
umask 022
EOF
echo lxcore >"$r/etc/hostname"
printf '/bin/sh\n/bin/ash\n' >"$r/etc/shells"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost\n' >"$r/etc/hosts"

chmod 0640 "$r/etc/shadow"
chmod 0700 "$r/root"
chmod 1777 "$r/tmp" "$r/var/tmp"
chmod 0555 "$r/proc" "$r/sys"

# Owners are set by tar; names are kept as ids too (NAME:ID).
common=(--format=gnu --sort=name --mtime=@1767225600 --numeric-owner)
tar -C "$r" -cf "$out.tmp" "${common[@]}" --owner=root:0 --group=root:0 \
	--exclude=./home/lx .
tar -C "$r" -rf "$out.tmp" "${common[@]}" --owner=lx:1000 --group=lx:1000 ./home/lx
mv "$out.tmp" "$out"
