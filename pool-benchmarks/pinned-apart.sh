#!/usr/bin/env bash
# Runs a command with the local PostgreSQL and the command on different cores: every PostgreSQL
# process (and so every backend the postmaster forks later) on the last core, the command on the
# others. The nearest a one-machine benchmark comes to a database on a host of its own: a JVM thread
# and its backend can never share a core, so the scheduler's choice of where to wake them (which
# decides the co-hosted runs; docs/real-database-contention.md) no longer enters. PostgreSQL's
# affinity is put back as it was when the command ends, however it ends.
#
#   pool-benchmarks/pinned-apart.sh java -cp pool-benchmarks/target/benchmarks.jar \
#       io.github.eddypool.benchmark.CostPerOperation eddy,hikari postgres 16 readWrite 5 4
#
# Needs root (or the PostgreSQL user), taskset and at least 2 cores.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 command [args...]" >&2; exit 2; }
command -v taskset > /dev/null || { echo "pinned-apart: taskset is not installed (util-linux)" >&2; exit 2; }
cores=$(nproc --all)
[ "$cores" -ge 2 ] || { echo "pinned-apart: needs at least 2 cores, this machine has $cores" >&2; exit 2; }
db_core=$((cores - 1))
app_cores="0-$((db_core - 1))"

postmaster=$(pgrep -o -x postgres || true)
[ -n "$postmaster" ] || { echo "pinned-apart: no PostgreSQL process is running" >&2; exit 2; }
before=$(taskset -p -c "$postmaster" | sed 's/.*: //')

pin_postgres() { # cpu list: every postgres process, the postmaster first so that new backends inherit it
  local pid
  taskset -a -p -c "$1" "$postmaster" > /dev/null
  for pid in $(pgrep -x postgres); do
    taskset -a -p -c "$1" "$pid" > /dev/null 2>&1 || true # a backend may have exited meanwhile
  done
}

trap 'pin_postgres "$before"; echo "pinned-apart: PostgreSQL back on cores $before" >&2' EXIT
pin_postgres "$db_core"
echo "pinned-apart: PostgreSQL on core $db_core, the command on cores $app_cores" >&2
taskset -c "$app_cores" "$@"
