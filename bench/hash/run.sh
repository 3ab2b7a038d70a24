#!/bin/sh
# Times hashing a 10,000-file `!Copy` tree with our code against b2sum over
# the same files, and prints the ratio.
# usage: bench/hash/run.sh [path/to/hash_bench]   (default: build-hash/bench/hash/hash_bench)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build-hash/bench/hash/hash_bench}
tree=$(mktemp -d /tmp/vagga-hash-bench.XXXXXX)
trap 'rm -rf "$tree"' EXIT

# 100 directories x 100 files, sizes 0..8 KiB (deterministic), a few exec bits.
python3 - "$tree" <<'PY'
import os, sys, random
root = sys.argv[1]
rnd = random.Random(42)
for d in range(100):
    dd = os.path.join(root, "dir%03d" % d)
    os.mkdir(dd)
    for f in range(100):
        p = os.path.join(dd, "file%03d.txt" % f)
        with open(p, "wb") as fh:
            fh.write(rnd.randbytes(rnd.randint(0, 8192)))
        if f % 10 == 0:
            os.chmod(p, 0o755)
PY
(cd "$tree" && find . -type f -print0 | sort -z) > "$tree.list"
trap 'rm -rf "$tree" "$tree.list"' EXIT
echo "files: $(tr -cd '\0' < "$tree.list" | wc -c), bytes: $(du -sb "$tree" | cut -f1)"

ours="$bin $tree"
ours_rules="$bin $tree / !*.bak !/dir099/"
theirs="cd $tree && xargs -0 -a $tree.list b2sum > /dev/null"
if command -v hyperfine > /dev/null; then
    hyperfine -N --warmup 3 --runs 20 --export-json "$tree.json" \
        "$ours" "sh -c '$theirs'" "$ours_rules" >&2
    python3 - "$tree.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, b2, rules = r[0]["mean"], r[1]["mean"], r[2]["mean"]
print("ours (default ignore regex): %.1f ms  b2sum: %.1f ms  ratio: %.2fx" % (ours * 1e3, b2 * 1e3, ours / b2))
print("ours (glob rules): %.1f ms  ratio to b2sum: %.2fx (one directory fewer)" % (rules * 1e3, rules / b2))
PY
    rm -f "$tree.json"
else
    t() { s=$(date +%s%N); for _ in 1 2 3 4 5 6 7 8 9 10; do sh -c "$1" > /dev/null; done; e=$(date +%s%N); echo $(((e - s) / 10000000)); }
    a=$(t "$ours"); b=$(t "$theirs")
    echo "ours: ${a}0 us/10  b2sum: ${b}0 us/10  ratio: $(python3 -c "print('%.2fx' % ($a / $b))")"
fi
