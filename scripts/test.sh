#!/usr/bin/env bash
# Runs every test from nothing on a Debian 12 machine: installs the packages,
# configures, builds, and runs CTest (unit, golden, corpus and integration
# tiers; tests that need the Debian mirror report "skipped" when it is not
# reachable).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VAGGA_BUILD_DIR:-$here/build-ci}
"$here/scripts/setup-deps.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
ninja -C "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
