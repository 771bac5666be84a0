#!/usr/bin/env bash
# Which wake-ups move a task to the other core, per pool: `perf record` on the scheduler's
# sched_migrate_task tracepoint, with call stacks, while CostPerOperation runs one pool, divided by
# the transactions PostgreSQL committed meanwhile. A migration inside try_to_wake_up is the kernel
# placing a woken task on another core than the one it last ran on (most often next to the task
# that woke it); any other is load balancing. Each wake-up migration is counted by waker and wakee
# (J: a benchmark thread, PG: a PostgreSQL backend) and by what woke it (a socket: a query or its
# reply; a futex: a parked thread, e.g. a pool's waiter). On 2 cores a JVM thread and the backend it
# talks to stay on one core only if the socket wake-ups pull one next to the other.
#
#   pool-benchmarks/wake-migrations.sh [pools] [threads] [workload]
#   pool-benchmarks/wake-migrations.sh eddy,hikari 16 readWrite      (the defaults)
#
# Pools as CostPerOperation takes them (eddy@<jar> for another build). Needs perf (run as root),
# psql and a built benchmarks.jar (./mvnw -pl pool-benchmarks -am package -DskipTests); PostgreSQL
# as for profile-operation.sh (PGHOST, PGPORT, PGUSER, PGDATABASE default to 127.0.0.1, 5432,
# postgres, test). Tasks are told apart by name: CostPerOperation's threads are Thread-<n>, the
# backends postgres. JAVA_OPTS goes to the benchmark JVM (e.g. -Dcost.affinity=true; its rounds'
# lines are in run-<n>.log beside the events).
set -euo pipefail

POOLS="${1:-eddy,hikari}"
THREADS="${2:-16}"
WORKLOAD="${3:-readWrite}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$HERE/target/benchmarks.jar"
OUT="$(mktemp -d /tmp/eddy-migrations.XXXXXX)"
# PostgreSQL 15 adds a backend's commits to pg_stat_database about once a second, so a window of a
# few seconds miscounts by a tenth or more; over 8 s, by a few percent.
SECONDS_TRACED=8
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGDATABASE="${PGDATABASE:-test}"

for tool in perf psql java python3; do
  command -v "$tool" > /dev/null || { echo "wake-migrations.sh: $tool is not installed" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "wake-migrations.sh: $JAR is missing; build it first (see the top of this script)" >&2; exit 2; }

commits() { psql -Atqc "select xact_commit from pg_stat_database where datname = current_database()"; }
export -f commits

IFS=',' read -r -a POOL_LIST <<< "$POOLS"
for i in "${!POOL_LIST[@]}"; do
  pool="${POOL_LIST[$i]}"
  # One round of 14 s after CostPerOperation's 8 s warm-up: traced from 13 s on.
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java -Xms1g -Xmx1g -XX:+AlwaysPreTouch ${JAVA_OPTS:-} -cp "$JAR" io.github.eddypool.benchmark.CostPerOperation \
      "$pool" postgres "$THREADS" "$WORKLOAD" 14 1 > "$OUT/run-$i.log" 2>&1 &
  jvm=$!
  sleep 13
  # The commits are read inside perf's window, so that they count no transaction perf did not see.
  if ! perf record -q -e sched:sched_migrate_task -g -a -o "$OUT/perf-$i.data" -- \
      bash -c 'commits > "$1"; sleep "$2"; commits >> "$1"' _ "$OUT/commits-$i" "$SECONDS_TRACED" 2> "$OUT/perf-$i.err"; then
    kill "$jvm" 2> /dev/null || true
    echo "wake-migrations.sh: perf record failed (run as root, or lower kernel.perf_event_paranoid):" >&2
    cat "$OUT/perf-$i.err" >&2
    exit 1
  fi
  { read -r before; read -r after; } < "$OUT/commits-$i"
  wait "$jvm" || { echo "wake-migrations.sh: CostPerOperation failed for $pool:" >&2; tail -20 "$OUT/run-$i.log" >&2; exit 1; }
  perf script -i "$OUT/perf-$i.data" -F comm,tid,trace,ip,sym 2> /dev/null > "$OUT/events-$i.txt"
  echo "$pool $((after - before))" >> "$OUT/index.txt"
done

python3 - "$OUT" <<'PY'
import collections, re, sys
out = sys.argv[1]
pools = [line.split() for line in open(f"{out}/index.txt")]

def kind(comm):
    return "PG" if comm == "postgres" else "J" if re.fullmatch(r"Thread-\d+", comm) else "other"

rows = []
for i, (pool, ops) in enumerate(pools):
    counts = collections.Counter()
    for event in open(f"{out}/events-{i}.txt").read().strip().split("\n\n"):
        lines = event.split("\n")
        # "<running task's name> <its tid> comm=<moved task> pid=... orig_cpu=... dest_cpu=..."
        moved = re.match(r"\s*(.*?)\s+\d+\s+comm=(.*?) pid=\d+ prio=\d+ orig_cpu=\d+ dest_cpu=\d+", lines[0])
        if not moved:
            continue
        current, moved_comm = moved.group(1), moved.group(2)
        stack = " ".join(lines[1:])
        if "try_to_wake_up" not in stack:
            counts[("load balance", kind(moved_comm))] += 1
            continue
        source = "futex" if "futex" in stack else "socket" if re.search(r"sock|tcp", stack) else "other"
        counts[(f"{kind(current)}>{kind(moved_comm)}", source)] += 1
    rows.append((pool, int(ops), counts))

keys = sorted({k for _, _, c in rows for k in c}, key=lambda k: -sum(c[k] / max(1, n) for _, n, c in rows))
print(f"migrations per committed transaction ({' / '.join(p for p, _, _ in rows)})")
for what, source in keys:
    if all(c[(what, source)] / max(1, n) < 0.001 for _, n, c in rows):
        continue
    per_op = " / ".join(f"{c[(what, source)] / max(1, n):.3f}" for _, n, c in rows)
    print(f"  {what:14} {source:7} {per_op}")
print("transactions traced: " + " / ".join(str(n) for _, n, _ in rows) + f" (events in {out})")
PY
