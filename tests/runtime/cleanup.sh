#!/usr/bin/env bash
# CTest fixture cleanup: undoes the mount made by setup-user.sh.
set -euo pipefail
dir=/tmp/vagga-rt-nosuid
if [ "$(id -u)" -eq 0 ] && mountpoint -q "$dir"; then
  umount -l "$dir"
  rmdir "$dir" 2>/dev/null || true
fi
