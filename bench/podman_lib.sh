# Sourced by the benchmarks that compare with rootless podman.

# As root: makes the unprivileged user $BENCH_USER (vaggabench) with
# subordinate ids when missing and prints its name; the script then runs
# itself again as that user.
bench_user() {
    local user=${BENCH_USER:-vaggabench}
    id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$user"
    for f in /etc/subuid /etc/subgid; do
        grep -q "^$user:" "$f" 2>/dev/null || echo "$user:200000:65536" >>"$f"
    done
    echo "$user"
}

# podman with a layer store of its own under $dir. Spelled out: rootless
# podman here falls back to the vfs driver (a copy of the whole root per
# RUN: a one-line rebuild took 2 minutes), and crun refuses this host's
# hybrid cgroups.
podman() {
    command podman --root "$dir/storage" --runroot "$dir/runroot" --storage-driver overlay \
        --runtime runc --cgroup-manager cgroupfs --events-backend file "$@"
}
