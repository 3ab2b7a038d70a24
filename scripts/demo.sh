#!/usr/bin/env bash
# The main job on the bundled example, from nothing on a Debian 12 machine:
# install the packages, build vagga, then list and check the example
# project, build its containers and run its commands.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VAGGA_BUILD_DIR:-$here/build}
"$here/scripts/setup-deps.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVAGGA_BUILD_TESTS=OFF
ninja -C "$build" -j"$(nproc)" vagga vagga-build
vagga="$build/cli/vagga"
example="$here/examples/hello"
"$example/make-rootfs.sh"
cd "$example"
echo "== vagga (the command list)"
"$vagga" || true
echo "== vagga check"
"$vagga" check
echo "== vagga greet World (builds the busybox container first)"
"$vagga" greet World
echo "== vagga scripts (builds tools from busybox with !Container and !Copy)"
"$vagga" scripts
echo "== vagga greet again (up to date: nothing is built)"
"$vagga" greet again
