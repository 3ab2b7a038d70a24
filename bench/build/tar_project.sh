# Sourced by the benchmarks that time an up-to-date `vagga CMD`: makes, in
# folder $1, a project whose container `c` is a busybox root from a local
# `!Tar`, and whose command `t` runs /bin/true in it.
tar_project() {
  local work="$1"
  mkdir -p "$work/rootfs/bin"
  cp /bin/busybox "$work/rootfs/bin/"
  for a in sh true; do ln -s busybox "$work/rootfs/bin/$a"; done
  tar -C "$work/rootfs" -czf "$work/rootfs.tar.gz" .
  cat >"$work/vagga.yaml" <<'YAML'
containers:
  c:
    setup:
    - !Tar {url: ./rootfs.tar.gz}
    - !Sh 'echo built > /built'
commands:
  t: !Command
    container: c
    run: [/bin/true]
YAML
  chmod -R a+rX "$work"
}
