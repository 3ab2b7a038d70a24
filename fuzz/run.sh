#!/usr/bin/env bash
# Builds the libFuzzer targets with Debian's clang (a separate build tree)
# and runs each for SECONDS seconds (default 60), seeded from
# ../shared/corpus, fuzz/seeds and the golden plans. New inputs go to
# $OUT/corpus-NAME, crashes to $OUT/NAME-crash-*; the exit code is non-zero
# when a target found one.
#
#   bash fuzz/run.sh                      # every target, a minute each
#   SECONDS_EACH=3600 bash fuzz/run.sh frontend
#   SECONDS_EACH=3600 TIMEOUT_EACH=60 nice bash fuzz/run.sh docopt   # beside a build
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VAGGA_FUZZ_BUILD_DIR:-$here/build-fuzz}
out=${OUT:-$build/fuzz-out}
each=${SECONDS_EACH:-60}
# Seconds one input may take before it counts as a hang. Under ASan a
# starved process (a build beside a niced long run) can pass 10 s on an
# input that takes one: raise it for long runs on a busy machine.
per_input=${TIMEOUT_EACH:-10}
# The fuzzer's own memory (the corpus, ASan's allocator, comparison tables)
# grows over an hour; our code's does not (docopt: 14 MB over 7,000 inputs
# in one release process). Raise this when a long run stops at the limit.
rss_limit=${RSS_LIMIT_MB:-2048}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frontend docopt version plan_json)
command -v clang++-14 >/dev/null || { echo "fuzz/run.sh: needs clang-14 (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }
CXX=clang++-14 cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVAGGA_FUZZ=ON -DVAGGA_BUILD_TESTS=OFF -DVAGGA_STATIC_LIBS=OFF >/dev/null
ninja -C "$build" "${targets[@]/#/fuzz_}"
mkdir -p "$out"
declare -A seeds=(
  [frontend]="$here/../shared/corpus"
  [docopt]="$here/fuzz/seeds/docopt"
  [version]="$here/fuzz/seeds/version"
  [plan_json]="$here/fuzz/seeds/plan_json $here/tests/compiler/lower/build/golden"
)
status=0
for t in "${targets[@]}"; do
  mkdir -p "$out/corpus-$t"
  echo "== fuzz_$t for ${each}s"
  # shellcheck disable=SC2086
  "$build/fuzz/fuzz_$t" -max_total_time="$each" -max_len=65536 -timeout="$per_input" -rss_limit_mb="$rss_limit" \
    -artifact_prefix="$out/$t-" -print_final_stats=1 "$out/corpus-$t" ${seeds[$t]} \
    2>"$out/$t.log" || status=1
  tail -n 15 "$out/$t.log"
done
exit $status
