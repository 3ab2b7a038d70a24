#!/usr/bin/env bash
# `vagga _export oci` of a !Debian bookworm container with python (a few
# hundred MB; issue 14), beside `tar -c | gzip` of the same tree and
# `podman save` of the same tree imported into podman.
#
#   sudo bash bench/export/oci_export.sh [VAGGA]   # RUNS=5 by default
#
# As root it makes the unprivileged user $BENCH_USER (vaggabench) with
# subordinate ids when missing and runs itself again as that user; run as a
# user, it runs as that user. Everything runs as that user: tar through
# `podman unshare` (the same id map as vagga's, so it reads every file, as
# vagga's tar does in its user namespace). Needs Debian's podman, runc,
# uidmap and mmdebstrap, and the Debian mirror the host's apt uses (for the
# one build).
#
# Each run, in turn: vagga gzip (the default), vagga zstd, `tar | gzip`,
# `podman save` (docker-archive, uncompressed: podman's default), `podman
# save --format oci-archive`. Prints medians, ratios and sizes.
set -euo pipefail
vagga=$(realpath "${1:-build/cli/vagga}")
. "$(dirname "$(realpath "$0")")/../podman_lib.sh"
if [ "$(id -u)" -eq 0 ]; then
    user=$(bench_user)
    exec runuser -u "$user" -- env -i PATH="$PATH" HOME="$(getent passwd "$user" | cut -d: -f6)" \
        RUNS="${RUNS:-5}" bash "$(realpath "$0")" "$vagga"
fi
runs=${RUNS:-5}
dir=$(mktemp -d /tmp/oci-export.XXXXXX)
export XDG_RUNTIME_DIR=$dir/xdg
mkdir -m 700 "$XDG_RUNTIME_DIR"
cleanup() {
    cd /
    (cd "$dir/app" 2>/dev/null && "$vagga" _clean --everything >/dev/null 2>&1) || true
    podman system reset -f >/dev/null 2>&1 || true
    podman unshare rm -rf "$dir" 2>/dev/null || rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p "$dir/app" "$dir/out"
cat >"$dir/app/vagga.yaml" <<YAML
containers:
  py:
    setup:
    - !Debian bookworm
    - !Install [python3, python3-dev, python3-pip, python3-venv, build-essential]
YAML
cd "$dir/app"
"$vagga" _build py >"$dir/build.log" 2>&1
root=$(realpath .vagga/py)
size=$(podman unshare du -sb "$root" | cut -f1)
podman unshare tar -C "$root" -c . | podman import - localhost/bench-py:1 >/dev/null

timed() { # NAME CMD...: appends "NAME seconds" to the times
    local name=$1 t0=${EPOCHREALTIME/./} d
    shift
    "$@" >/dev/null
    d=$((${EPOCHREALTIME/./} - t0))
    printf '%s %d.%06d\n' "$name" $((d / 1000000)) $((d % 1000000)) >>"$dir/times"
}
tar_gzip() { podman unshare tar -C "$root" --sort=name --numeric-owner -c . | gzip >"$dir/out/tree.tar.gz"; }
for i in $(seq "$runs"); do
    rm -rf "$dir/out"/*
    timed vagga_gzip "$vagga" _export oci py -o "$dir/out/gzip"
    timed vagga_zstd "$vagga" _export oci py --compression zstd -o "$dir/out/zstd"
    timed tar_gzip tar_gzip
    timed podman_save podman save -o "$dir/out/docker.tar" localhost/bench-py:1
    timed podman_save_oci podman save --format oci-archive -o "$dir/out/oci.tar" localhost/bench-py:1
    echo "run $i of $runs done" >&2
done

median() { awk -v n="$1" '$1 == n { print $2 }' "$dir/times" | sort -n |
    awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mb() { echo "$(du -sb "$1" | cut -f1) / 1000000" | bc; }
vg=$(median vagga_gzip) vz=$(median vagga_zstd) tg=$(median tar_gzip)
ps=$(median podman_save) po=$(median podman_save_oci)
printf '%s, %s runs, medians; the tree: %d MB\n' "$(date +%F)" "$runs" "$((size / 1000000))"
printf '| | seconds | output MB |\n|---|---:|---:|\n'
printf '| vagga _export oci (gzip) | %.2f | %s |\n' "$vg" "$(mb "$dir/out/gzip")"
printf '| vagga _export oci --compression zstd | %.2f | %s |\n' "$vz" "$(mb "$dir/out/zstd")"
printf '| tar -c \\| gzip | %.2f | %s |\n' "$tg" "$(mb "$dir/out/tree.tar.gz")"
printf '| podman save (docker-archive) | %.2f | %s |\n' "$ps" "$(mb "$dir/out/docker.tar")"
printf '| podman save --format oci-archive | %.2f | %s |\n' "$po" "$(mb "$dir/out/oci.tar")"
printf 'vagga gzip / tar|gzip: %.2f; vagga gzip / podman save: %.2f\n' \
    "$(echo "$vg / $tg" | bc -l)" "$(echo "$vg / $ps" | bc -l)"
printf 'vagga zstd / tar|gzip: %.2f; vagga zstd / podman save: %.2f\n' \
    "$(echo "$vz / $tg" | bc -l)" "$(echo "$vz / $ps" | bc -l)"
