#!/usr/bin/env bash
# CTest fixture (root only): creates the unprivileged user the integration
# tests run as, with subordinate id ranges. Safe to run again.
set -euo pipefail
user="${VAGGA_TEST_USER:-vaggatest}"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-user: not root, nothing to do"
  exit 0
fi
if ! id "$user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh "$user"
fi
for f in /etc/subuid /etc/subgid; do
  touch "$f"
  if ! grep -q "^$user:" "$f"; then
    echo "$user:200000:65536" >>"$f"
  fi
done
echo "setup-user: $user ready ($(grep "^$user:" /etc/subuid))"

# A nosuid,nodev,noatime mount the unprivileged tests can write to: a
# read-only root on it must keep those (locked) flags when remounted.
dir=/tmp/vagga-rt-nosuid
mkdir -p "$dir"
if ! mountpoint -q "$dir"; then
  mount -t tmpfs -o nosuid,nodev,noatime,mode=1777,size=64m tmpfs "$dir"
fi
echo "setup-user: $dir mounted nosuid,nodev"
