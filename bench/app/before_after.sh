#!/usr/bin/env bash
# Before and after a change to the CLI or the application layer: the same
# project and the same built container, run by two `vagga` binaries in one
# hyperfine run (an up-to-date `vagga CMD`, and `vagga check`).
#
#   bench/app/before_after.sh OLD_VAGGA NEW_VAGGA
#
# OLD_VAGGA is a copy of an earlier build's cli/vagga (with its
# vagga-build beside it). Prints new/old ratios of the median and the mean,
# then the same four commands interleaved round-robin (a load change on a
# shared machine biases hyperfine's one-after-the-other runs by up to 20%).
set -euo pipefail
work="$(mktemp -d /tmp/vagga-ba.XXXXXX)"
# Fresh copies of both, side by side: a binary just linked in a build tree
# execs measurably slower (0.3 ms here) than a copy of the same file, which
# once made an unchanged `vagga check` look 15% slower.
mkdir "$work/old" "$work/new"
cp "$1" "$(dirname "$1")/vagga-build" "$work/old/"
cp "$2" "$(dirname "$2")/vagga-build" "$work/new/"
old="$work/old/vagga"; new="$work/new/vagga"
trap '(cd "$work/p" && "$new" _clean --everything >/dev/null 2>&1); rm -rf "$work"' EXIT
mkdir "$work/p"
. "$(dirname "$0")/../build/tar_project.sh"
tar_project "$work/p"
cd "$work/p"
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

python3 - "${RUNS:-200}" "$old" "$new" <<'PY'
import os, sys, time, statistics
runs, old, new = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmds = {"new t": [new, "t"], "old t": [old, "t"],
        "new check": [new, "check"], "old check": [old, "check"]}
quiet = [(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
         (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
times = {n: [] for n in cmds}
for i in range(runs + 20):
    # Alternate which goes first, so neither always follows the other.
    order = list(cmds.items()) if i % 2 == 0 else list(reversed(cmds.items()))
    for n, c in order:
        t0 = time.perf_counter()
        pid = os.posix_spawn(c[0], c, os.environ, file_actions=quiet)
        _, st = os.waitpid(pid, 0)
        if st != 0:
            sys.exit(f"{n} failed: {st}")
        if i >= 20:  # warm-up
            times[n].append((time.perf_counter() - t0) * 1000)
med = {n: statistics.median(t) for n, t in times.items()}
print(f"interleaved, {runs} rounds:")
for k in ("t", "check"):
    print(f"{k}: old {med['old '+k]:.2f} ms, new {med['new '+k]:.2f} ms, "
          f"new/old median {med['new '+k]/med['old '+k]:.3f}")
PY
