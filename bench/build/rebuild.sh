#!/usr/bin/env bash
# A !Debian container with an apt step, built cold (empty storage and
# cache), then rebuilt after a one-line change of its last step: the
# rebuild reuses the kept bootstrap and apt's packages.
#
#   bench/build/rebuild.sh [VAGGA]
#
# Needs the Debian mirror the host's apt uses. Prints both times and their
# ratio. bench/build/podman_rebuild.sh adds pip and npm steps and podman.
set -euo pipefail
vagga=$(realpath "${1:-build/cli/vagga}")
dir=$(mktemp -d /tmp/vagga-rebuild.XXXXXX)
trap 'cd /; "$vagga" _clean --everything >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
cd "$dir"
write() {
    cat >vagga.yaml <<YAML
containers:
  app:
    setup:
    - !Debian bookworm
    - !Install [python3-minimal]
    - !Sh echo $1 >/stamp
commands:
  app: !Command
    container: app
    run: [cat, /stamp]
YAML
}
now() { date +%s.%N; }
write one
t0=$(now); "$vagga" _build app >/dev/null 2>&1; t1=$(now)
write two
t2=$(now); "$vagga" _build app >/dev/null 2>&1; t3=$(now)
test "$("$vagga" app)" = two
cold=$(echo "$t1 - $t0" | bc); rebuild=$(echo "$t3 - $t2" | bc)
printf 'cold %.1f s, rebuild %.1f s, rebuild/cold %.2f\n' "$cold" "$rebuild" \
    "$(echo "$rebuild / $cold" | bc -l)"
