#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and the benchmarks need.
# Uses the host's own apt configuration; safe to run again.
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build pkg-config clang-format
  antlr4 libantlr4-runtime-dev libyaml-cpp-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev libb2-dev libcurl4-openssl-dev libarchive-dev nettle-dev libseccomp-dev libre2-dev
  libssl-dev zlib1g-dev libzstd-dev
  python3-jsonschema python3-yaml
  uidmap busybox-static bubblewrap util-linux mmdebstrap debootstrap
  zsh fish neovim
  skopeo umoci runc podman catatonit slirp4netns fuse-overlayfs docker-compose
)
if [ "${1:-}" = "--bench" ]; then
  pkgs+=(hyperfine valgrind pigz)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
