#!/usr/bin/env bash
# Whether the scheduler treats a JVM thread and a PostgreSQL backend as partners, per pool: records
# every wake-up (`perf record` on sched:sched_waking) while CostPerOperation runs one pool, and
# replays on it the bookkeeping Linux's fair scheduler does at each wake-up (record_wakee and
# wake_wide in kernel/sched/fair.c): each task counts its "wakee flips" (how often it wakes
# another task than the one it woke last, halved every second), and a wake-up between two tasks
# whose counts differ by the size of the last-level cache domain or more (2 on these 2-core VMs)
# is "wide": the kernel then does not consider moving the woken task next to its waker, and leaves
# it where it last ran. Prints, per pool, each task kind's median flips, wake-ups per second and
# share of wake-ups that change wakee, and the share of wide wake-ups between thread and backend.
# A replay, not the kernel's own decision: the kernel does not export wakee_flips, and its wake-ups
# from interrupts count against whichever task was running.
#
#   pool-benchmarks/wake-partners.sh [pools] [threads] [workload]
#   pool-benchmarks/wake-partners.sh eddy,hikari 16 readWrite      (the defaults)
#
# Pools as CostPerOperation takes them (eddy@<jar> for another build). Needs perf (run as root) and
# a built benchmarks.jar (./mvnw -pl pool-benchmarks -am package -DskipTests); JAVA_OPTS as
# perf-window.sh describes. Tasks are told apart by name: CostPerOperation's threads are
# Thread-<n>, the backends postgres.
set -euo pipefail

SCRIPT=wake-partners.sh
# shellcheck source=perf-window.sh
. "$(dirname "$0")/perf-window.sh"
perf_window_args "$@"
OUT="$(mktemp -d /tmp/eddy-partners.XXXXXX)"
SECONDS_TRACED=4
LLC_SIZE=$(nproc)  # on these VMs all cores share one last-level cache domain

perf_window_require perf java python3

for i in "${!POOL_LIST[@]}"; do
  pool="${POOL_LIST[$i]}"
  # One round of 10 s after CostPerOperation's 8 s warm-up, traced from 13 s on.
  perf_window "$pool" "$THREADS" "$WORKLOAD" 10 1 "$OUT/run-$i.log" "$OUT/perf-$i.data" "$SECONDS_TRACED" \
      -e sched:sched_waking -a
  perf script -i "$OUT/perf-$i.data" -F comm,tid,time,trace 2> /dev/null > "$OUT/wakeups-$i.txt"
  echo "$pool" >> "$OUT/index.txt"
done

python3 - "$OUT" "$SECONDS_TRACED" "$LLC_SIZE" <<'PY'
import collections, re, statistics, sys
out, traced, llc_size = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
SETTLE = 1.5  # seconds of trace before counting: the flips start from zero in the replay

def kind(comm):
    return "PG" if comm == "postgres" else "J" if re.fullmatch(r"Thread-\d+", comm) else "other"

for i, pool in enumerate(line.strip() for line in open(f"{out}/index.txt")):
    flips, decayed_at, last_wakee, comm = collections.Counter(), {}, {}, {}
    wakes, changes, flip_samples = collections.Counter(), collections.Counter(), collections.defaultdict(list)
    wide, pairs = collections.Counter(), collections.Counter()
    start = None
    for line in open(f"{out}/wakeups-{i}.txt"):
        # "<waker's name> <waker's tid> <time>: comm=<wakee> pid=<its tid> prio=... target_cpu=..."
        m = re.match(r"\s*(.*?)\s+(\d+)\s+([\d.]+):\s+comm=(.*?) pid=(\d+) prio=", line)
        if not m or m.group(2) == "0":  # tid 0: woken from the idle loop, no waker to charge
            continue
        waker, now, wakee = int(m.group(2)), float(m.group(3)), int(m.group(5))
        comm[waker], comm[wakee] = m.group(1), m.group(4)
        start = now if start is None else start
        # record_wakee(): halve the waker's flips once a second, count a change of wakee
        if now - decayed_at.get(waker, start) > 1.0:
            flips[waker] >>= 1
            decayed_at[waker] = now
        wakes[waker] += 1
        if last_wakee.get(waker) != wakee:
            last_wakee[waker] = wakee
            flips[waker] += 1
            changes[waker] += 1
        if now - start < SETTLE:
            continue
        flip_samples[waker].append(flips[waker])
        pair = f"{kind(comm[waker])}>{kind(comm[wakee])}"
        if pair in ("J>PG", "PG>J"):
            # wake_wide(): wide unless the smaller count is under llc_size or the larger under llc_size times it
            small, large = sorted((flips[waker], flips[wakee]))
            pairs[pair] += 1
            wide[pair] += not (small < llc_size or large < small * llc_size)
    print(f"{pool}:")
    for k in ("J", "PG"):
        tasks = [t for t in flip_samples if kind(comm[t]) == k and wakes[t] >= 100]
        if not tasks:
            continue
        print(f"  {k:2} {len(tasks):3} tasks: median flips {statistics.median(statistics.median(flip_samples[t]) for t in tasks):7.0f},"
              f" {statistics.median(wakes[t] for t in tasks) / traced:6.0f} wake-ups/s,"
              f" {100 * statistics.median(changes[t] / wakes[t] for t in tasks):3.0f}% of them to another task than the last")
    for pair in ("J>PG", "PG>J"):
        if pairs[pair]:
            print(f"  {pair}: {100 * wide[pair] / pairs[pair]:3.0f}% of {pairs[pair]} wake-ups wide (the woken task stays on its last core)")
print(f"(trace in {out})")
PY
