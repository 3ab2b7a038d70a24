#!/usr/bin/env bash
# The main job on the bundled example, from nothing on a Debian 12 machine:
# install the packages, build vagga, then list, check and run the example
# project's commands.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VAGGA_BUILD_DIR:-$here/build}
"$here/scripts/setup-deps.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVAGGA_BUILD_TESTS=OFF
ninja -C "$build" -j"$(nproc)" vagga
vagga="$build/cli/vagga"
example="$here/examples/hello"
"$here/examples/hello/prepare-root.sh"
cd "$example"
echo "== vagga (the command list)"
"$vagga" || true
echo "== vagga check"
"$vagga" check
echo "== vagga greet World"
"$vagga" greet World
