#!/usr/bin/env bash
# Editor latency (issue 13): vagga-lsp beside yaml-language-server (from the
# npm registry, given `vagga _schema` and its customTags), both driven by
# the same scripted client (lsp_bench.py) on every YAML file of the corpus
# and on a generated 1,000-container file. Prints one JSON line per server
# and file, then a summary: the worst p90 over the corpus and the medians.
#
#   bash bench/lsp/run.sh [BUILD_DIR]      # RUNS=20 by default
#
# Needs node and npm (yaml-language-server is installed into
# ${YLS_DIR:-/tmp/vagga-bench-yls} once).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(realpath "${1:-$root/build}")
runs=${RUNS:-20}
yls=${YLS_DIR:-/tmp/vagga-bench-yls}
corpus=$(realpath "$root/../shared/corpus")
work=$(mktemp -d /tmp/vagga-lsp-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ ! -x "$yls/node_modules/.bin/yaml-language-server" ]; then
    mkdir -p "$yls"
    (cd "$yls" && npm install --silent --no-audit --no-fund yaml-language-server >/dev/null)
fi
python3 "$root/bench/check/gen.py" "$work" 1000 >/dev/null
"$build/cli/vagga" _schema >"$work/schema.json"
"$build/cli/vagga" _schema --custom-tags >"$work/tags.json"
mapfile -t files < <(find "$corpus" -name '*.yaml' | sort)
files+=("$work/vagga-1000/vagga.yaml")
echo "# yaml-language-server $(cd "$yls" && npm ls yaml-language-server --depth=0 | grep -o 'yaml-language-server@[0-9.]*')"
python3 "$here/lsp_bench.py" --runs "$runs" -- "$build/lsp/vagga-lsp" -- "${files[@]}" |
    sed 's/^{/{"server": "vagga-lsp", /' | tee "$work/vagga.jsonl"
python3 "$here/lsp_bench.py" --runs "$runs" --schema "$work/schema.json" \
    --custom-tags "$work/tags.json" -- "$yls/node_modules/.bin/yaml-language-server" --stdio -- \
    "${files[@]}" | sed 's/^{/{"server": "yaml-language-server", /' | tee "$work/yls.jsonl"
python3 - "$work/vagga.jsonl" "$work/yls.jsonl" <<'PY'
import json, statistics, sys
def load(p):
    return {r["file"]: r for r in map(json.loads, open(p))}
v, y = load(sys.argv[1]), load(sys.argv[2])
big = [f for f in v if "vagga-1000" in f]
corpus = [f for f in v if f not in big]
for name, key in (("diagnostics", "diagnostics_p90_ms"), ("completion", "completion_p90_ms")):
    vs = [v[f][key] for f in corpus if v[f][key] is not None]
    ys = [y[f][key] for f in corpus if f in y and y[f][key] is not None]
    ratios = [y[f][key] / v[f][key] for f in corpus
              if f in y and y[f][key] and v[f][key]]
    print(f"{name} p90 over {len(vs)} corpus files: vagga-lsp worst {max(vs):.2f} ms, "
          f"median {statistics.median(vs):.2f} ms; yaml-language-server worst {max(ys):.1f} ms, "
          f"median {statistics.median(ys):.1f} ms; ratio yls/vagga: min {min(ratios):.0f}, "
          f"median {statistics.median(ratios):.0f}")
    for f in big:
        print(f"{name} p90 on 1,000 containers: vagga-lsp {v[f][key]} ms, "
              f"yaml-language-server {y[f][key]} ms")
PY
