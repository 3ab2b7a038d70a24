#!/usr/bin/env bash
# Before and after a change to the CLI or the application layer: the same
# project and the same built container, run by two `vagga` binaries in one
# hyperfine run (an up-to-date `vagga CMD`, and `vagga check`).
#
#   bench/app/before_after.sh OLD_VAGGA NEW_VAGGA
#
# OLD_VAGGA is a copy of an earlier build's cli/vagga (with its
# vagga-build beside it). Prints new/old ratios of the median and the mean.
set -euo pipefail
# Absolute: the timed commands run from the project folder.
old="$(realpath "$1")"; new="$(realpath "$2")"
work="$(mktemp -d /tmp/vagga-ba.XXXXXX)"
trap '(cd "$work" && "$new" _clean --everything >/dev/null 2>&1); rm -rf "$work"' EXIT
. "$(dirname "$0")/../build/tar_project.sh"
tar_project "$work"
cd "$work"
"$new" _build c >/dev/null 2>&1; "$old" t; "$new" t
hyperfine -N --warmup 20 --runs ${RUNS:-200} --export-json /tmp/ba.json \
  -n "new t" "$new t" -n "old t" "$old t" \
  -n "new check" "$new check" -n "old check" "$old check"
python3 - <<'PY'
import json
r={x["command"]:x for x in json.load(open("/tmp/ba.json"))["results"]}
for k in ("t","check"):
    o,n=r["old "+k],r["new "+k]
    print(f"{k}: new/old median {n['median']/o['median']:.3f}, mean {n['mean']/o['mean']:.3f}")
PY
