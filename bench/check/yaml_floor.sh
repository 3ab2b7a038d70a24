#!/usr/bin/env bash
# How much of `vagga check` is yaml-cpp, and what libyaml would take instead.
#
#   bench/check/yaml_floor.sh BUILD_DIR [SIZE]     (default SIZE: 1000)
#
# Generates the SIZE-container project of gen.py, then times with hyperfine
# side by side: yaml-cpp parsing it to events (empty handler, the same
# static library vagga links), libyaml parsing it to events, and
# `vagga check` on it. Installs libyaml-dev and hyperfine with apt-get when
# missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:?usage: yaml_floor.sh BUILD_DIR [SIZE]}" && pwd)"
size="${2:-1000}"
need=()
[ -e /usr/include/yaml.h ] || need+=(libyaml-dev)
command -v hyperfine >/dev/null || need+=(hyperfine)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
work="$(mktemp -d /tmp/vagga-yaml-floor.XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 "$here/gen.py" "$work" "$size" >/dev/null
file="$work/vagga-$size/vagga.yaml"
g++ -std=c++20 -O2 -o "$work/yamlcpp_events" "$here/yaml_floor/yamlcpp_events.cpp" \
  "$(find /usr/lib -name libyaml-cpp.a | head -1)"
g++ -std=c++20 -O2 -o "$work/libyaml_events" "$here/yaml_floor/libyaml_events.cpp" -lyaml
"$work/yamlcpp_events" "$file"
"$work/libyaml_events" "$file"
hyperfine -N --warmup 3 --runs 20 \
  -n yaml-cpp "$work/yamlcpp_events $file" \
  -n libyaml "$work/libyaml_events $file" \
  -n "vagga check" "$build/cli/vagga check --config $file"
