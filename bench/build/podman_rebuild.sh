#!/usr/bin/env bash
# vagga against rootless `podman build` (issue 12): a !Debian bookworm
# container with an apt, a pip and an npm step and a last `!Sh echo one
# >/stamp`, built cold, then rebuilt after that line became `echo two`; and
# an equivalent Containerfile, built cold by podman from a base imported
# from the same kind of root (mmdebstrap --variant=minbase of the host's
# Debian mirror, as vagga's !Debian makes it), then rebuilt after the same
# change (podman's layer cache keeps every earlier RUN).
#
#   sudo bash bench/build/podman_rebuild.sh [VAGGA]   # RUNS=3 by default
#
# As root it makes the unprivileged user $BENCH_USER (vaggabench) with
# subordinate ids when missing, then runs itself again as that user; run as
# a user, it runs as that user. Both tools run as that same user.
# Needs Debian's podman, runc, uidmap and mmdebstrap, python3, npm (only for
# its configuration), the Debian mirror the host's apt uses and the npm
# registry the host's npm uses (both read at run time). The pip package
# comes from an index served here on loopback.
#
# Each run, interleaved: vagga cold (empty storage and cache) and rebuild;
# podman: `podman import` of the base, cold build (empty layer store but
# the base), rebuild. The base's mmdebstrap is timed once. Prints medians
# and ratios; logs with a time (seconds since the build began) on each line
# are kept in $LOGS.
set -euo pipefail
vagga=$(realpath "${1:-build/cli/vagga}")
. "$(dirname "$(realpath "$0")")/../podman_lib.sh"
if [ "$(id -u)" -eq 0 ]; then
    user=$(bench_user)
    registry=$(npm config get registry) cafile=$(npm config get cafile)
    exec runuser -u "$user" -- env -i PATH="$PATH" HOME="$(getent passwd "$user" | cut -d: -f6)" \
        RUNS="${RUNS:-3}" ${LOGS:+LOGS="$LOGS"} NPM_REGISTRY="$registry" NPM_CAFILE="$cafile" \
        bash "$(realpath "$0")" "$vagga"
fi
runs=${RUNS:-3}
registry=${NPM_REGISTRY:-$(npm config get registry)}
registry=${registry%/}/
cafile=${NPM_CAFILE:-$(npm config get cafile)}
[ "$cafile" != null ] && [ -r "$cafile" ] || cafile=/etc/ssl/certs/ca-certificates.crt
mirror=$( # the first source of the host's apt that is not a -security suite
    { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -n 's/\[[^]]*\]//; s/^deb[ \t]\+\([^ \t]\+\)[ \t]\+\([^ \t]\+\).*/\1 \2/p'
      cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'BEGIN { RS = "" } {
        u = s = ""; for (i = 1; i <= NF; i++) { if ($i == "URIs:") u = $(i + 1)
        if ($i == "Suites:") s = $(i + 1) } if (u != "") print u, s }'
    } | awk '$2 !~ /-security/ { sub(/\/+$/, "", $1); print $1; exit }')

dir=$(mktemp -d /tmp/podman-rebuild.XXXXXX)
LOGS=${LOGS:-$(mktemp -d /tmp/podman-rebuild-logs.XXXXXX)}
mkdir -p "$LOGS"
export XDG_RUNTIME_DIR=$dir/xdg
mkdir -m 700 "$XDG_RUNTIME_DIR"
cleanup() {
    cd /
    [ -z "${server:-}" ] || kill "$server" 2>/dev/null || true
    (cd "$dir/app" 2>/dev/null && "$vagga" _clean --everything >/dev/null 2>&1) || true
    podman system reset -f >/dev/null 2>&1 || true
    podman unshare rm -rf "$dir" 2>/dev/null || rm -rf "$dir"
}
trap cleanup EXIT

# A PEP 503 index of one one-module wheel, on loopback.
mkdir -p "$dir/index/simple/tinypkg" "$dir/app" "$dir/ctx"
(cd "$dir/index" && python3 - <<'PY'
import zipfile
info = "tinypkg-1.0.dist-info/"
with zipfile.ZipFile("tinypkg-1.0-py3-none-any.whl", "w") as z:
    z.writestr("tinypkg/__init__.py", "X = 'tiny'\n")
    z.writestr(info + "METADATA", "Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n")
    z.writestr(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: bench\n"
               "Root-Is-Purelib: true\nTag: py3-none-any\n")
    z.writestr(info + "RECORD", "".join(f + ",,\n" for f in [
        "tinypkg/__init__.py", info + "METADATA", info + "WHEEL", info + "RECORD"]))
with open("simple/tinypkg/index.html", "w") as f:
    f.write('<a href="/tinypkg-1.0-py3-none-any.whl">tinypkg-1.0-py3-none-any.whl</a>\n')
PY
)
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$dir/index" >"$dir/http.log" 2>&1 &
server=$!
until port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$dir/http.log") && [ -n "$port" ]; do sleep 0.1; done
index=http://127.0.0.1:$port/simple/
cp "$cafile" "$dir/app/npm-ca.crt"
cp "$cafile" "$dir/ctx/npm-ca.crt"

write() { # the last line of both: echo $1 >/stamp
    cat >"$dir/app/vagga.yaml" <<YAML
containers:
  app:
    setup:
    - !Debian bookworm
    - !Env
      npm_config_registry: "$registry"
      npm_config_cafile: /work/npm-ca.crt
    - !Install [python3-minimal]
    - !PipConfig { index-urls: ["$index"] }
    - !Py3Install [tinypkg]
    - !NpmInstall [is-number@7.0.0]
    - !Sh echo $1 >/stamp
commands:
  check: !Command
    container: app
    run: [sh, -c, '$check']
YAML
    # What vagga's plan does (`vagga _plan --build app`): its apt settings,
    # the packages each step needs, and the finish that removes the
    # build-only ones (before the last line here, so that it is cached).
    cat >"$dir/ctx/Containerfile" <<DOCKER
FROM localhost/bench-base
ENV DEBIAN_FRONTEND=noninteractive PIP_BREAK_SYSTEM_PACKAGES=1 \\
    npm_config_registry=$registry npm_config_cafile=/work/npm-ca.crt
COPY npm-ca.crt /work/
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && \\
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \\
        >/etc/apt/apt.conf.d/00vagga
RUN apt-get update -q && apt-get install -y -q --no-install-recommends python3-minimal
RUN apt-get install -y -q --no-install-recommends build-essential ca-certificates \\
        python3 python3-dev python3-pip && \\
    python3 -m pip install --ignore-installed --no-deps --index-url $index tinypkg
RUN apt-get install -y -q --no-install-recommends nodejs npm libnode-dev && \\
    npm install --global --user=root is-number@7.0.0
RUN apt-mark auto build-essential ca-certificates python3-dev python3-pip libnode-dev && \\
    apt-get autoremove -y -q --purge && rm -rf /var/lib/apt/lists/*
RUN echo $1 >/stamp
DOCKER
}

# timed NAME LOG CMD...: runs CMD, its output in LOG with the tenths of
# seconds since it began on each line (no forks per line: apt writes
# thousands), and appends "NAME seconds" to the times.
timed() {
    local name=$1 log=$2 t0=${EPOCHREALTIME/./} d
    shift 2
    echo "== $name: $*" >>"$LOGS/$log"
    "$@" 2>&1 | while IFS= read -r l; do
        d=$(((${EPOCHREALTIME/./} - t0) / 100000))
        printf '%5d.%d %s\n' $((d / 10)) $((d % 10)) "$l"
    done >>"$LOGS/$log"
    d=$((${EPOCHREALTIME/./} - t0))
    printf '%s %d.%06d\n' "$name" $((d / 1000000)) $((d % 1000000)) >>"$dir/times"
}
check='cat /stamp && python3 -c "import tinypkg" &&
  test -f /usr/local/lib/node_modules/is-number/package.json && echo ok'
expect='two
ok'

timed mmdebstrap base.log mmdebstrap --mode=unshare --variant=minbase bookworm \
    "$dir/root.tar" "$mirror"
vagga_run() {
    cd "$dir/app"
    "$vagga" _clean --everything >/dev/null 2>&1 || true
    write one
    timed vagga_cold "vagga-$1.log" "$vagga" _build app
    cp "$(realpath .vagga/app)/../timings.log" "$LOGS/vagga-$1-cold.timings" 2>/dev/null || true
    write two
    timed vagga_rebuild "vagga-$1.log" "$vagga" _build app
    cp "$(realpath .vagga/app)/../timings.log" "$LOGS/vagga-$1-rebuild.timings" 2>/dev/null || true
    test "$("$vagga" check)" = "$expect"
}
podman_run() {
    cd "$dir/ctx"
    podman system reset -f >/dev/null 2>&1
    timed podman_import "podman-$1.log" podman import "$dir/root.tar" localhost/bench-base
    write one
    timed podman_cold "podman-$1.log" podman build --network host -t bench-app .
    write two
    timed podman_rebuild "podman-$1.log" podman build --network host -t bench-app .
    test "$(podman run --rm --network none bench-app sh -c "$check")" = "$expect"
}
for i in $(seq "$runs"); do # who goes first alternates
    if [ $((i % 2)) = 1 ]; then vagga_run "$i"; podman_run "$i"; else podman_run "$i"; vagga_run "$i"; fi
    echo "run $i of $runs done" >&2
done

median() { awk -v n="$1" '$1 == n { print $2 }' "$dir/times" | sort -n |
    awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
vc=$(median vagga_cold) vr=$(median vagga_rebuild) pc=$(median podman_cold)
pr=$(median podman_rebuild) pi=$(median podman_import) mm=$(median mmdebstrap)
printf '%s, %s runs, medians in seconds\n' "$(date +%F)" "$runs"
printf '| | cold | rebuild | rebuild/cold |\n|---|---:|---:|---:|\n'
printf '| vagga | %.1f | %.1f | %.2f |\n' "$vc" "$vr" "$(echo "$vr / $vc" | bc -l)"
printf '| podman (from the imported base) | %.1f | %.1f | %.2f |\n' "$pc" "$pr" "$(echo "$pr / $pc" | bc -l)"
printf 'podman base: mmdebstrap %.1f s (once), podman import %.1f s\n' "$mm" "$pi"
printf 'vagga cold / podman cold: %.2f (with the base made and imported: %.2f)\n' \
    "$(echo "$vc / $pc" | bc -l)" "$(echo "$vc / ($pc + $mm + $pi)" | bc -l)"
printf 'vagga rebuild / podman rebuild: %.2f\n' "$(echo "$vr / $pr" | bc -l)"
echo "logs: $LOGS" >&2
