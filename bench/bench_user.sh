# Sourced by the benchmarks that compare with rootless podman: as root,
# `bench_user` makes the unprivileged user $BENCH_USER (vaggabench) with
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
