#!/usr/bin/env bash
# Where the CPU of one real-database operation goes, per pool: the whole machine sampled with
# `perf record` while CostPerOperation runs one pool, divided by the operations it completed
# meanwhile. Prints µs per operation for the database backends, the benchmark JVM, the
# idle loop and everything else, then the symbols whose cost differs most between the pools.
#
#   pool-benchmarks/profile-operation.sh [pools] [threads] [workload]
#   pool-benchmarks/profile-operation.sh eddy,hikari 16 readWrite      (the defaults)
#
# Pools as CostPerOperation takes them (eddy@<jar> profiles another build). Needs perf and a built
# benchmarks.jar (./mvnw -pl pool-benchmarks -am package -DskipTests); JAVA_OPTS as perf-window.sh
# describes.
set -euo pipefail

SCRIPT=profile-operation.sh
# shellcheck source=perf-window.sh
. "$(dirname "$0")/perf-window.sh"
perf_window_args "$@"
OUT="$(mktemp -d /tmp/eddy-profile.XXXXXX)"
HZ=4999   # samples per second and core

perf_window_require perf java python3

for i in "${!POOL_LIST[@]}"; do
  pool="${POOL_LIST[$i]}"
  # 4 rounds of 5 s: the first 13 s are CostPerOperation's warm-up and first round, then 8 s sampled.
  perf_window "$pool" "$THREADS" "$WORKLOAD" 5 4 "$OUT/run-$i.log" "$OUT/perf-$i.data" 8 -e cpu-clock -F "$HZ" -a
  perf script -i "$OUT/perf-$i.data" -F comm,pid,ip,sym 2> /dev/null > "$OUT/samples-$i.txt"
  echo "$pool $PERF_JVM $OPERATIONS" >> "$OUT/index.txt"
  echo "$pool: $OPERATIONS operations sampled; rounds: $(grep -E '^[^ #]' "$OUT/run-$i.log" | tail -n +2 | awk '{printf "%s ", $2}')ops/ms"
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

print("\nµs per operation (cpu-clock samples over the operations completed meanwhile; idle is wall time of an idle core)")
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
