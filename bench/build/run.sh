#!/usr/bin/env bash
# Benchmark: what an up-to-date `vagga CMD` adds over `vagga _run` of the
# same container (both check the version hash; the command also parses its
# arguments and lowers its own plan). Also times the two against a plain
# `unshare ... chroot` of the same root as a floor.
#
#   bench/build/run.sh [BUILD_DIR]     (default: build next to this repo)
#
# Needs hyperfine and busybox-static. Prints the hyperfine table and the
# difference; the JSON export is left in $OUT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
vagga="$build/cli/vagga"
out="${OUT:-/tmp/vagga-bench-build.json}"
runs="${RUNS:-300}"
for tool in hyperfine python3 "$vagga"; do
  command -v "$tool" >/dev/null || { echo "run.sh: missing $tool" >&2; exit 2; }
done

work="$(mktemp -d /tmp/vagga-bench-build.XXXXXX)"
trap '(cd "$work" && "$vagga" _clean --everything >/dev/null 2>&1); rm -rf "$work"' EXIT
. "$here/tar_project.sh"
tar_project "$work"
cd "$work"
"$vagga" _build c        # build once; every timed run is up to date
"$vagga" t && "$vagga" _run c /bin/true

hyperfine -N --warmup 20 --runs "$runs" --export-json "$out" \
  -n "vagga t" "$vagga t" \
  -n "vagga _run c /bin/true" "$vagga _run c /bin/true" \
  -n "unshare+chroot" "unshare --user --map-root-user --mount --pid --fork chroot $work/.vagga/c /bin/true"

python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
cmd, run = r["vagga t"], r["vagga _run c /bin/true"]
d = (cmd["median"] - run["median"]) * 1000
print(f"vagga CMD - vagga _run: {d:+.3f} ms (median), "
      f"{(cmd['mean'] - run['mean']) * 1000:+.3f} ms (mean); target: at most +1 ms")
PY
