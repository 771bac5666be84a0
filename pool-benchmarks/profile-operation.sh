#!/usr/bin/env bash
# Where the CPU of one real-database operation goes, per pool: the whole machine sampled with
# `perf record` while CostPerOperation runs one pool, divided by the transactions PostgreSQL
# committed meanwhile. Prints µs per operation for the database backends, the benchmark JVM, the
# idle loop and everything else, then the symbols whose cost differs most between the pools.
#
#   pool-benchmarks/profile-operation.sh [pools] [threads] [workload]
#   pool-benchmarks/profile-operation.sh eddy,hikari 16 readWrite      (the defaults)
#
# Pools as CostPerOperation takes them (eddy@<jar> profiles another build). Needs perf, psql and a
# built benchmarks.jar (./mvnw -pl pool-benchmarks -am package -DskipTests); PostgreSQL as the
# benchmarks' default (PGHOST, PGPORT, PGUSER, PGDATABASE default to 127.0.0.1, 5432, postgres, test; with
# EDDY_PG_URL pointing elsewhere, set them to the same server, or the count is another server's).
# The operation count is pg_stat_database.xact_commit: one per operation for both workloads.
set -euo pipefail

POOLS="${1:-eddy,hikari}"
THREADS="${2:-16}"
WORKLOAD="${3:-readWrite}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$HERE/target/benchmarks.jar"
OUT="$(mktemp -d /tmp/eddy-profile.XXXXXX)"
HZ=4999   # samples per second and core
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGDATABASE="${PGDATABASE:-test}"

for tool in perf psql java python3; do
  command -v "$tool" > /dev/null || { echo "profile-operation.sh: $tool is not installed" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "profile-operation.sh: $JAR is missing; build it first (see the top of this script)" >&2; exit 2; }

commits() { psql -Atqc "select xact_commit from pg_stat_database where datname = current_database()"; }
export -f commits

IFS=',' read -r -a POOL_LIST <<< "$POOLS"
for i in "${!POOL_LIST[@]}"; do
  pool="${POOL_LIST[$i]}"
  # 4 rounds of 5 s: the first 13 s are CostPerOperation's warm-up and first round, then 8 s sampled.
  java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$JAR" io.github.eddypool.benchmark.CostPerOperation \
      "$pool" postgres "$THREADS" "$WORKLOAD" 5 4 > "$OUT/run-$i.log" 2>&1 &
  jvm=$!
  sleep 13
  # The commits are read inside perf's window, so that they count no transaction perf did not see.
  if ! perf record -q -e cpu-clock -F "$HZ" -a -o "$OUT/perf-$i.data" -- \
      bash -c 'commits > "$1"; sleep "$2"; commits >> "$1"' _ "$OUT/commits-$i" 8 2> "$OUT/perf-$i.err"; then
    kill "$jvm" 2> /dev/null || true
    echo "profile-operation.sh: perf record failed (run as root, or lower kernel.perf_event_paranoid):" >&2
    cat "$OUT/perf-$i.err" >&2
    exit 1
  fi
  { read -r before; read -r after; } < "$OUT/commits-$i"
  wait "$jvm" || { echo "profile-operation.sh: CostPerOperation failed for $pool:" >&2; tail -20 "$OUT/run-$i.log" >&2; exit 1; }
  perf script -i "$OUT/perf-$i.data" -F comm,pid,ip,sym 2> /dev/null > "$OUT/samples-$i.txt"
  echo "$pool $jvm $((after - before))" >> "$OUT/index.txt"
  echo "$pool: $((after - before)) operations sampled; rounds: $(grep -E '^[^ #]' "$OUT/run-$i.log" | tail -n +2 | awk '{printf "%s ", $2}')ops/ms"
done

python3 - "$OUT" "$HZ" <<'PY'
import collections, sys
out = sys.argv[1]
SAMPLE_US = 1e6 / int(sys.argv[2])
pools = [line.split() for line in open(f"{out}/index.txt")]

def load(i, jvm_pid):
    groups, symbols = collections.Counter(), collections.Counter()
    for line in open(f"{out}/samples-{i}.txt"):
        comm = line[:16].strip()  # perf pads the command name to 16 columns; it may hold spaces
        parts = line[16:].split(None, 2)  # pid, address, symbol
        if len(parts) < 2:
            continue
        pid = parts[0]
        sym = parts[2].strip() if len(parts) > 2 else "[unknown]"
        group = ("idle" if pid == "0" else "postgres" if comm == "postgres"
                 else "jvm" if pid == jvm_pid else "other")
        groups[group] += 1
        symbols[(group, sym.split("+")[0])] += 1
    return groups, symbols

cost = []
for i, (pool, jvm_pid, ops) in enumerate(pools):
    groups, symbols = load(i, jvm_pid)
    per_op = lambda n: n * SAMPLE_US / max(1, int(ops))
    cost.append((pool, {k: per_op(v) for k, v in groups.items()}, {k: per_op(v) for k, v in symbols.items()}))

print("\nµs per operation (cpu-clock samples over the operations committed meanwhile; idle is wall time of an idle core)")
print(f"{'':10s}" + "".join(f"{p:>22s}" for p, _, _ in cost))
for group in ("postgres", "jvm", "other", "idle"):
    print(f"{group:10s}" + "".join(f"{g.get(group, 0):22.1f}" for _, g, _ in cost))
if len(cost) > 1:
    first, second = cost[0][2], cost[1][2]
    keys = sorted(set(first) | set(second), key=lambda k: -abs(first.get(k, 0) - second.get(k, 0)))
    print(f"\nlargest differences, {cost[0][0]} against {cost[1][0]} (µs per operation)")
    for group, sym in keys[:25]:
        print(f"  {group:8s} {sym[:60]:60s} {first.get((group, sym), 0):8.2f} {second.get((group, sym), 0):8.2f}")
print(f"\nraw data: {out}")
PY
