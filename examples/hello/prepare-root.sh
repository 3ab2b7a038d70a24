#!/usr/bin/env bash
# Makes the `busybox` container's root from Debian's busybox-static, where
# vagga looks for it (.vagga/busybox -> .vagga/.roots/busybox.local/root).
set -euo pipefail
cd "$(dirname "$0")"
root=.vagga/.roots/busybox.local/root
if [ ! -x "$root/bin/busybox" ]; then
    mkdir -p "$root"/{bin,dev,proc,sys,work,tmp,run,etc}
    cp /bin/busybox "$root/bin/"
    for cmd in $("$root/bin/busybox" --list); do
        [ -e "$root/bin/$cmd" ] || ln -s busybox "$root/bin/$cmd"
    done
    : >"$root/etc/hosts"
    : >"$root/etc/resolv.conf"
fi
ln -sfn .roots/busybox.local/root .vagga/busybox
