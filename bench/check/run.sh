#!/usr/bin/env bash
# Benchmark: `vagga check` against `docker-compose config -q`, on the corpus
# projects and on generated projects of 100, 1,000 and 10,000 containers.
#
#   bench/check/run.sh [BUILD_DIR]     (default: build-bench in this repo)
#
# Env: VAGGA=/path/to/vagga skips the build; OUT=dir keeps the JSON exports
# (default /tmp/vagga-bench-check); CORPUS=/work/shared/corpus.
# Prints the hyperfine tables, then a summary: means, docker-compose/vagga
# ratios, time per container and peak RSS of `vagga check` at 10,000.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build-bench}"
# Absolute: the timed commands run from the corpus folders.
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
corpus="${CORPUS:-/work/shared/corpus}"
out="${OUT:-/tmp/vagga-bench-check}"
mkdir -p "$out"

# 1. Tools (Debian packages; apt's configured sources only).
need=()
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

# 2. The Release binary.
if [ -z "${VAGGA:-}" ]; then
  if [ ! -x "$build/cli/vagga" ]; then
    cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVAGGA_BUILD_TESTS=OFF
  fi
  ninja -C "$build" vagga -j2
  VAGGA="$build/cli/vagga"
fi
echo "vagga: $VAGGA ($("$VAGGA" --version 2>&1 | head -1))"

# 3. Inputs.
work="$(mktemp -d /tmp/vagga-bench-check.XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 "$here/gen.py" "$work" 100 1000 10000

# Every contender must succeed (exit 0) on its input before it is timed.
vagga_inputs=(
  "postgres=$corpus/examples/postgres/vagga.yaml"
  "vagga-root=$corpus/vagga-root/vagga.yaml"
  "gen-100=$work/vagga-100/vagga.yaml"
  "gen-1000=$work/vagga-1000/vagga.yaml"
  "gen-10000=$work/vagga-10000/vagga.yaml"
)
compose_inputs=(
  "typical=$work/compose-typical/docker-compose.yml"
  "gen-100=$work/compose-100/docker-compose.yml"
  "gen-1000=$work/compose-1000/docker-compose.yml"
)
# docker-compose at 10,000 services takes minutes: it is timed once (step 5,
# which also checks its exit status), not through hyperfine.
big_compose="$work/compose-10000/docker-compose.yml"
vagga_cmds=(-n "vagga --version" "$VAGGA --version")
for kv in "${vagga_inputs[@]}"; do
  name="${kv%%=*}"; file="${kv#*=}"
  (cd "$work" && "$VAGGA" check --config "$file") | tail -1
  vagga_cmds+=(-n "vagga check $name" "$VAGGA check --config $file")
done
compose_cmds=()
for kv in "${compose_inputs[@]}"; do
  name="${kv%%=*}"; file="${kv#*=}"
  docker-compose -f "$file" config -q && echo "docker-compose $name: ok (exit 0)"
  compose_cmds+=(-n "docker-compose $name" "docker-compose -f $file config -q")
done

# 4. Timings: both tools in this one run, each with its own run count.
cd "$work"
hyperfine -N --warmup 5 --min-runs 20 --export-json "$out/vagga.json" "${vagga_cmds[@]}"
hyperfine -N --warmup 1 --min-runs 3 --max-runs 10 --export-json "$out/compose.json" "${compose_cmds[@]}"

# 5. Peak RSS: max RSS of the child, via getrusage(RUSAGE_CHILDREN), one
# fresh python per measurement so the maximum is that child's alone.
maxrss() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
# One timed run (wall seconds) plus its max RSS; fails unless exit 0.
timed_once() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
t = time.perf_counter() - t
print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
{
  echo "vagga --version $(maxrss "$VAGGA" --version)"
  for kv in "${vagga_inputs[@]}"; do
    echo "vagga check ${kv%%=*} $(maxrss "$VAGGA" check --config "${kv#*=}")"
  done
} >"$out/rss.txt"
echo "timing docker-compose gen-10000 once..."
timed_once docker-compose -f "$big_compose" config -q >"$out/compose-10000.txt"
echo "docker-compose gen-10000: ok (exit 0), $(cat "$out/compose-10000.txt") (seconds, max RSS KiB)"

# 6. Summary.
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
res = {}
for f in ("vagga.json", "compose.json"):
    for r in json.load(open(f"{out}/{f}"))["results"]:
        res[r["command"]] = r
t10k, rss10k = open(f"{out}/compose-10000.txt").read().split()
res["docker-compose gen-10000"] = {"mean": float(t10k), "stddev": float("nan")}
rss = {"docker-compose gen-10000": int(rss10k)}
for line in open(f"{out}/rss.txt"):
    name, kb = line.rsplit(" ", 1)
    rss[name] = int(kb)
ms = lambda k: res[k]["mean"] * 1e3
sd = lambda k: res[k]["stddev"] * 1e3
print("\n## Summary (mean ± stddev, ms)\n")
print("| input | vagga check | docker-compose config -q | ratio (compose/vagga) | vagga peak RSS |")
print("|---|---:|---:|---:|---:|")
pairs = [("postgres", "typical"), ("vagga-root", "typical"),
         ("gen-100", "gen-100"), ("gen-1000", "gen-1000"), ("gen-10000", "gen-10000")]
for v, c in pairs:
    vk, ck = f"vagga check {v}", f"docker-compose {c}"
    print(f"| {v} (compose: {c}) | {ms(vk):.2f} ± {sd(vk):.2f} | {ms(ck):.1f} ± {sd(ck):.1f} "
          f"| {ms(ck)/ms(vk):.0f}x | {rss[vk]/1024:.1f} MiB |")
print(f"| `vagga --version` (start floor) | {ms('vagga --version'):.2f} ± {sd('vagga --version'):.2f} | | "
      f"| {rss['vagga --version']/1024:.1f} MiB |")
print("\n(docker-compose gen-10000 is a single timed run: no stddev.)")
print(f"docker-compose peak RSS at 10,000 services: {rss['docker-compose gen-10000']/1024:.1f} MiB")
print("\n## Growth (time per container)\n")
print("| containers | vagga ms | vagga µs/container | vagga µs/container above floor | compose ms | compose µs/service |")
print("|---:|---:|---:|---:|---:|---:|")
floor = ms("vagga --version")
for n in (100, 1000, 10000):
    v, c = ms(f"vagga check gen-{n}"), ms(f"docker-compose gen-{n}")
    print(f"| {n} | {v:.2f} | {v*1e3/n:.2f} | {(v-floor)*1e3/n:.2f} | {c:.1f} | {c*1e3/n:.1f} |")
v1, v2 = ms("vagga check gen-1000"), ms("vagga check gen-10000")
print(f"\nvagga marginal cost 1,000 -> 10,000: {(v2-v1)*1e3/9000:.2f} µs/container; "
      f"10x the containers costs {v2/v1:.1f}x the time")
PY
