#!/usr/bin/env bash
# Which wake-ups move a task to the other core, per pool: `perf record` on the scheduler's
# sched_migrate_task tracepoint, with call stacks, while CostPerOperation runs one pool, divided by
# the operations it completed meanwhile. A migration inside try_to_wake_up is the kernel
# placing a woken task on another core than the one it last ran on (most often next to the task
# that woke it); any other is load balancing. Each wake-up migration is counted by waker and wakee
# (J: a benchmark thread, PG: a PostgreSQL backend) and by what woke it (a socket: a query or its
# reply; a futex: a parked thread, e.g. a pool's waiter). On 2 cores a JVM thread and the backend it
# talks to stay on one core only if the socket wake-ups pull one next to the other.
#
#   pool-benchmarks/wake-migrations.sh [pools] [threads] [workload]
#   pool-benchmarks/wake-migrations.sh eddy,hikari 16 readWrite      (the defaults)
#
# Pools as CostPerOperation takes them (eddy@<jar> for another build). Needs perf (run as root) and
# a built benchmarks.jar (./mvnw -pl pool-benchmarks -am package -DskipTests); JAVA_OPTS as
# perf-window.sh describes (CostPerOperation's lines are in run-<n>.log beside the events). Tasks
# are told apart by name: CostPerOperation's threads are Thread-<n>, the backends postgres.
set -euo pipefail

SCRIPT=wake-migrations.sh
# shellcheck source=perf-window.sh
. "$(dirname "$0")/perf-window.sh"
perf_window_args "$@"
OUT="$(mktemp -d /tmp/eddy-migrations.XXXXXX)"
SECONDS_TRACED=8

perf_window_require perf java python3

for i in "${!POOL_LIST[@]}"; do
  pool="${POOL_LIST[$i]}"
  # One round of 14 s after CostPerOperation's 8 s warm-up, traced from 13 s on.
  perf_window "$pool" "$THREADS" "$WORKLOAD" 14 1 "$OUT/run-$i.log" "$OUT/perf-$i.data" "$SECONDS_TRACED" \
      -e sched:sched_migrate_task -g -a
  perf script -i "$OUT/perf-$i.data" -F comm,tid,trace,ip,sym 2> /dev/null > "$OUT/events-$i.txt"
  echo "$pool $OPERATIONS" >> "$OUT/index.txt"
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
print(f"migrations per operation ({' / '.join(p for p, _, _ in rows)})")
for what, source in keys:
    if all(c[(what, source)] / max(1, n) < 0.001 for _, n, c in rows):
        continue
    per_op = " / ".join(f"{c[(what, source)] / max(1, n):.3f}" for _, n, c in rows)
    print(f"  {what:14} {source:7} {per_op}")
print("operations traced: " + " / ".join(str(n) for _, n, _ in rows) + f" (events in {out})")
PY
