#!/usr/bin/env bash
# Makes busybox-rootfs.tar.gz, the base image of the example's containers,
# from Debian's busybox-static: /bin/busybox and a link per applet.
set -euo pipefail
cd "$(dirname "$0")"
[ -f busybox-rootfs.tar.gz ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/bin "$tmp"/etc
cp /bin/busybox "$tmp/bin/"
for cmd in $("$tmp/bin/busybox" --list); do
    [ -e "$tmp/bin/$cmd" ] || ln -s busybox "$tmp/bin/$cmd"
done
tar -C "$tmp" -czf busybox-rootfs.tar.gz .
