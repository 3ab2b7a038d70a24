#!/usr/bin/env bash
# Benchmark: start-up cost of a container running /bin/true in a busybox
# root, our runtime side by side with bubblewrap and unshare+chroot.
#
#   bench/runtime/run.sh [BUILD_DIR]      (default: build-rt next to this repo)
#
# Needs hyperfine, bwrap, unshare, busybox-static, python3. Prints the
# hyperfine table and the ratios against `unshare` and `bwrap`; the JSON
# export is left in $OUT (default /tmp/vagga-bench-runtime.json).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build-rt}"
runner="$build/runtime/vagga-run-plan"
out="${OUT:-/tmp/vagga-bench-runtime.json}"
runs="${RUNS:-300}"
for tool in hyperfine bwrap unshare python3 "$runner"; do
  command -v "$tool" >/dev/null || { echo "run.sh: missing $tool" >&2; exit 2; }
done

work="$(mktemp -d /tmp/vagga-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root"/{bin,proc,dev,sys,tmp,work,etc}
cp /bin/busybox "$root/bin/busybox"
for a in sh true; do ln -s busybox "$root/bin/$a"; done
chmod 755 "$work"

# The same container as bwrap's: the root bound read-write, a fresh /proc
# and a minimal /dev; no /sys, /tmp or /work. Then the default read-only root.
plan() { # $1 = writable
  cat <<JSON
{"ids":{},"command":{"container":{"root":{"source":"$root","writable":$1},
 "mounts":[{"op":"proc"},{"op":"dev"}],"env":{"vars":[["PATH","/bin"]]},
 "workdir":{"path":"/"},"exec":{"argv":["/bin/true"]}}}}
JSON
}
plan true >"$work/plan-rw.json"
plan false >"$work/plan-ro.json"

# Sanity: every contender must really run.
"$runner" "$work/plan-rw.json"
"$runner" "$work/plan-ro.json"
bwrap --unshare-user --unshare-pid --unshare-ipc --bind "$root" / --proc /proc --dev /dev /bin/true
unshare --user --map-root-user --mount --pid --fork chroot "$root" /bin/true

cmd_ours="$runner $work/plan-rw.json"
cmd_ours_ro="$runner $work/plan-ro.json"
cmd_bwrap="bwrap --unshare-user --unshare-pid --unshare-ipc --bind $root / --proc /proc --dev /dev /bin/true"
cmd_unshare="unshare --user --map-root-user --mount --pid --fork chroot $root /bin/true"

# As an unprivileged user our runner maps the /etc/subuid range through the
# setuid newuidmap/newgidmap (two more execs); bwrap and unshare map a
# single id. The "-single" row gives ours the same single-id map.
names=(vagga-run-plan vagga-run-plan-ro bwrap unshare)
cmds=("$cmd_ours" "$cmd_ours_ro" "$cmd_bwrap" "$cmd_unshare")
if [ "$(id -u)" -ne 0 ]; then
  names+=(vagga-run-plan-single)
  cmds+=("$runner --subuid /nonexistent --subgid /nonexistent $work/plan-rw.json")
fi
hf=()
for i in "${!names[@]}"; do hf+=(-n "${names[$i]}" "${cmds[$i]}"); done
echo "== $(id -un), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 30 --runs "$runs" --export-json "$out" "${hf[@]}"

python3 - "$out" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
names = list(res)
def ms(n, k): return res[n][k] * 1000
print()
print("times in ms; ratios by mean and (median)")
print(f"{'command':<19}{'mean':>7}{'±':>7}{'median':>8}{'min':>7}{'/unshare':>15}{'/bwrap':>15}")
for n in names:
    r = res[n]
    ru = f"{ms(n,'mean')/ms('unshare','mean'):.2f} ({ms(n,'median')/ms('unshare','median'):.2f})"
    rb = f"{ms(n,'mean')/ms('bwrap','mean'):.2f} ({ms(n,'median')/ms('bwrap','median'):.2f})"
    print(f"{n:<19}{ms(n,'mean'):>7.2f}{ms(n,'stddev'):>7.2f}{ms(n,'median'):>8.2f}"
          f"{ms(n,'min'):>7.2f}{ru:>15}{rb:>15}")
PY

# hyperfine runs the commands one after the other, so a load change on a
# shared machine biases the comparison. Second opinion: the four commands
# interleaved round-robin (posix_spawn + wait, same overhead for all).
python3 - "$runs" "${#names[@]}" "${names[@]}" "${cmds[@]}" <<'PY'
import os, sys, time, statistics
runs, n = int(sys.argv[1]), int(sys.argv[2])
names = sys.argv[3:3 + n]
cmds = [c.split() for c in sys.argv[3 + n:]]
quiet = [(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
         (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
times = {n: [] for n in names}
for i in range(runs + 20):
    for n, c in zip(names, cmds):
        t0 = time.perf_counter()
        pid = os.posix_spawnp(c[0], c, os.environ, file_actions=quiet)
        _, st = os.waitpid(pid, 0)
        dt = time.perf_counter() - t0
        if st != 0:
            sys.exit(f"{n} failed: {st}")
        if i >= 20:  # warm-up
            times[n].append(dt * 1000)
med = {n: statistics.median(t) for n, t in times.items()}
print()
print(f"interleaved, {runs} rounds: median ms (ratio to unshare, to bwrap)")
for n in names:
    print(f"{n:<19}{med[n]:>7.2f}  ({med[n]/med['unshare']:.2f}, {med[n]/med['bwrap']:.2f})")
PY

# As an unprivileged user: the two setuid helpers alone, the floor under the
# full-range row (bwrap and unshare never run them).
if [ "$(id -u)" -ne 0 ] && command -v g++ >/dev/null; then
  g++ -std=c++20 -O2 -o "$work/idmap_helpers" "$here/idmap_helpers.cpp"
  first() { awk -F: -v u="$(id -un)" -v n="$(id -u)" '$1 == u || $1 == n { print $2; exit }' "$1"; }
  SUBUID_START="$(first /etc/subuid)" SUBGID_START="$(first /etc/subgid)" \
    "$work/idmap_helpers" "${HELPER_ROUNDS:-100}"
fi
