#!/usr/bin/env bash
# Runs Eddy's benchmarks against HikariCP, DBCP2, Tomcat JDBC, Vibur, Agroal and c3p0, and writes
# benchmark-results/RESULTS.md plus PNG charts from the JMH JSON.
#
#   pool-benchmarks/run-benchmarks.sh [quick|standard|full]
#
#   quick     1 fork, 1 x 1 s warm-up, 2 x 1 s measurement: proves the pipeline, about 10 minutes on 2 cores
#   standard  2 forks, 2 x 1 s warm-up, 4 x 1 s measurement: the README's figures, 80 to 95 minutes on 2 cores
#             before the longer warm-up below; with it the database contention suite alone took 55 minutes
#             (two passes, 2026-11-30), so expect about two hours
#   full      2 forks, 3 x 2 s warm-up, 5 x 2 s measurement: longer than standard
#
#   The suites on a real database warm up longer (quick 3 x 1 s, standard 6 x 1 s, full 4 x 2 s): see DB_TIMED.
#
#   The real-database contention and virtual-thread suites run their two forks as two passes over all
#   pools, minutes apart (quick: one pass); the report joins them.
#
# Environment:
#   EDDY_PG_URL       PostgreSQL JDBC URL (default jdbc:postgresql://127.0.0.1:5432/test); EDDY_PG_USER
#                     (default postgres) and EDDY_PG_PASSWORD (default none). Without a reachable server the
#                     PostgreSQL and start-up benchmarks are skipped.
#   EDDY_PGBOUNCER_URL PgBouncer in transaction mode in front of that PostgreSQL, for PostgresBench's
#                     eddy-pgbouncer and hikari-pgbouncer (default jdbc:postgresql://127.0.0.1:6432/test; the
#                     repo's .ci/pgbouncer is started when nothing answers there). Without it they are left out.
#   POOLS             comma-separated subset of pools, e.g. POOLS=eddy,hikari (default: all)
#   JMH_ARGS          extra JMH options appended to every run (e.g. "-prof stack")
#   SKIP_BUILD=1      reuse pool-benchmarks/target/benchmarks.jar
#   ONLY              space-separated subset of suites: stub contention postgres dbcontention vthreads cost startup
#                     (default: all). cost is CostPerOperation on PostgreSQL (CPU per operation, starved
#                     threads) for eddy, hikari and agroal, pools alternating in rounds of 5 s, into cost.csv:
#                     issue #10's cases (1, 4, 16 and 64 threads, SELECT 1 and the read-write transaction,
#                     and 1,000 virtual threads) in COST_ROUNDS rounds (default: quick 2, standard 10, full 12), which
#                     the report judges round by round with a confidence interval; then 16 and 64 threads
#                     again in 3 rounds with the database on a core of its own (pinned-apart.sh; needs
#                     root); about 45 minutes in standard
#   JAVA25            a JDK 21+ java for the virtual-thread suite (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java;
#                     the suite is skipped when it is missing)
set -euo pipefail

MODE="${1:-quick}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/benchmark-results"
RAW="$OUT/raw"
JAR="$ROOT/pool-benchmarks/target/benchmarks.jar"
ALL_SUITES="stub contention postgres dbcontention vthreads cost startup"
ONLY="${ONLY:-$ALL_SUITES}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
EXTRA=(${JMH_ARGS:-})

case "$MODE" in
  quick)
    TIMED=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    DB_TIMED=(-f 1 -wi 3 -w 1s -i 2 -r 1s)
    SHOTS=(-f 1 -wi 2 -i 5)
    PASSES=1
    COST_ROUNDS="${COST_ROUNDS:-2}"
    ;;
  standard)
    TIMED=(-f 2 -wi 2 -w 1s -i 4 -r 1s)
    DB_TIMED=(-f 2 -wi 6 -w 1s -i 4 -r 1s)
    SHOTS=(-f 2 -wi 3 -i 10)
    PASSES=2
    COST_ROUNDS="${COST_ROUNDS:-10}"
    ;;
  full)
    TIMED=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
    DB_TIMED=(-f 2 -wi 4 -w 2s -i 5 -r 2s)
    SHOTS=(-f 2 -wi 5 -i 20)
    PASSES=2
    COST_ROUNDS="${COST_ROUNDS:-12}"
    ;;
  *)
    echo "usage: $0 [quick|standard|full]" >&2
    exit 2
    ;;
esac

# DB_TIMED is TIMED with a longer warm-up, for the suites on a real database: there the JIT compiler
# shares the 2 cores with the benchmark threads and the database, and throughput still climbs for
# about 6 s (PostgreSQL SELECT 1, 4 threads over 8 connections, 1 s iterations from a cold fork:
# 12, 20, 25, 39, 45, then 36-46 ops/ms, compilations going on until the sixth second; PostgresBench
# at 1 thread the same). With 2 s of warm-up the measured iterations were partly warm-up.

# DB_TIMED with one fork, for the suites run in passes (PASSES of them; a pass runs one fork of every pool)
ONE_FORK=()
for ((i = 0; i < ${#DB_TIMED[@]}; i++)); do
  if [[ "${DB_TIMED[$i]}" == "-f" ]]; then ONE_FORK+=(-f 1); i=$((i + 1)); else ONE_FORK+=("${DB_TIMED[$i]}"); fi
done

# one fork of 3 s iterations, for the virtual-thread suite, whose one operation takes about half a second
LONG_OPS=(-f 1 -wi 2 -w 3s -i 4 -r 3s)
if [[ "$MODE" == quick ]]; then LONG_OPS=("${ONE_FORK[@]}"); fi

# The pools of a suite run in passes, in the order of one pass: as given (POOLS, else the suite's own
# list), and reversed on even passes. JMH runs the pools one after another, so a machine that speeds up
# or slows down over a pass favours the pools at one end; the report divides each pool's rate by
# HikariCP's pass by pass, and with the order swapped that drift falls on both sides in turn.
pools_in_pass() { # pass, the suite's pools
  local list="${POOLS:-$2}"
  if (( $1 % 2 == 0 )); then list="$(tr ',' '\n' <<< "$list" | tac | paste -sd, -)"; fi
  echo "$list"
}
pool_params_as_given() {
  POOL_PARAMS=()
  if [[ -n "${POOLS:-}" ]]; then POOL_PARAMS=(-p "pool=${POOLS}"); fi
}
pool_params_as_given

cd "$ROOT"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "== building pool-benchmarks (benchmarks.jar)"
  # Build pool-core and this module from the reactor; if another module's POM is broken, fall back to
  # building pool-core and this module on their own.
  if ! ./mvnw -q -pl pool-benchmarks -am package -DskipTests; then
    echo "== reactor build failed; building pool-core and pool-benchmarks on their own"
    ./mvnw -q -N install -DskipTests || true   # the parent POM, which pool-core's POM names
    ./mvnw -q -f pool-core/pom.xml install -DskipTests
    ./mvnw -q -f pool-benchmarks/pom.xml package -DskipTests
  fi
fi
[[ -f "$JAR" ]] || { echo "missing $JAR" >&2; exit 1; }

mkdir -p "$OUT" "$RAW"
# the commit, and whether the tree differs from it, before this run's own deletions below
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
SUFFIX=""
if [[ -z "${POOLS:-}" && "$ONLY" == "$ALL_SUITES" ]]; then
  # a complete run: every number in the report comes from this run
  rm -f "$OUT"/jmh-*.json "$OUT"/*.png "$OUT"/cost.csv "$RAW"/*.log
elif [[ -n "${POOLS:-}" ]]; then
  # a partial re-run keeps the other results; the report reads its files after the complete run's, so they win
  SUFFIX="-only-${POOLS//,/-}"
fi

cpu_model="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)"
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "mode=$MODE ($(printf '%s ' "${TIMED[@]}")for timed runs; $(printf '%s ' "${DB_TIMED[@]}")on a real database; $(printf '%s ' "${SHOTS[@]}")for start-up)"
  echo "nproc=$(nproc)"
  echo "cpu=${cpu_model:-$(uname -m)}"
  echo "memory=$(free -h 2>/dev/null | awk '/^Mem:/ {print $2}')"
  echo "os=$(uname -srm)"
  echo "commit=$COMMIT"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
} > "$OUT/run-info.properties.new"
if [[ -z "$SUFFIX" && "$ONLY" == "$ALL_SUITES" ]] || [[ ! -f "$OUT/run-info.properties" ]]; then
  mv "$OUT/run-info.properties.new" "$OUT/run-info.properties"
else
  rm -f "$OUT/run-info.properties.new"   # keep the facts of the complete run the other results came from
fi

jmh() { # name, benchmark regex, JMH options...
  jmh_on java "$@"
}

jmh_on() { # java, name, benchmark regex, JMH options...
  local java="$1" name="$2" regex="$3"
  shift 3
  echo "== JMH $name: $regex $*"
  "$java" -jar "$JAR" "$regex" "$@" ${POOL_PARAMS[@]+"${POOL_PARAMS[@]}"} ${EXTRA[@]+"${EXTRA[@]}"} \
    -rf json -rff "$OUT/jmh-$name$SUFFIX.json" 2>&1 | tee "$RAW/jmh-$name$SUFFIX.log"
}

has() { [[ " $ONLY " == *" $1 "* ]]; }

if has stub; then
  for t in 1 2 4 8; do
    jmh "stub-t$t" '\.(ConnectionCycle|StatementCycle)\.' -t "$t" -prof gc "${TIMED[@]}"
  done
fi

# Where threads wait for connections, throughput is counted on the wall clock as well (the report uses
# that): JMH's sum of per-thread rates overstates a pool that keeps some threads waiting long.
WALL_CLOCK=(-prof io.github.eddypool.benchmark.WallClockThroughput)

if has contention; then
  jmh contention '\.Contention\.' "${WALL_CLOCK[@]}" "${TIMED[@]}"
fi

if has postgres || has dbcontention || has vthreads || has cost || has startup; then
  if java -cp "$JAR" io.github.eddypool.benchmark.PostgresCheck; then
    if has postgres; then
      PG_POOLS=()
      if [[ -z "${POOLS:-}" ]]; then
        bouncer="${EDDY_PGBOUNCER_URL:-jdbc:postgresql://127.0.0.1:6432/test}"
        hostport="${bouncer#*//}"; hostport="${hostport%%/*}"
        if [[ -z "${EDDY_PGBOUNCER_URL:-}" ]]; then
          "$ROOT/.ci/pgbouncer/start" || true
        fi
        if ! pg_isready -q -h "${hostport%%:*}" -p "${hostport##*:}" 2>/dev/null; then
          echo "== PgBouncer not reachable at $hostport: PostgresBench runs without the -pgbouncer variants"
          PG_POOLS=(-p "pool=eddy,hikari,dbcp2,tomcat,vibur,agroal,c3p0,nopool,direct,eddy-preset")
        fi
      fi
      jmh postgres '\.PostgresBench\.' "${DB_TIMED[@]}" ${PG_POOLS[@]+"${PG_POOLS[@]}"}
    fi
    if has dbcontention; then
      # 72 trials of one fork each (the other settings as DB_TIMED says), about 27 minutes a pass in standard
      # (2-core VM, 2026-11-30).
      # PostgreSQL at every thread count; MariaDB (optional: skipped when it does not answer) where
      # threads outnumber connections, which is what this suite is for. Each pass runs every pool
      # once; the report joins the passes' forks (PassMerge), so a busy stretch of a shared machine
      # falls on all pools rather than on the one whose forks JMH happened to be running.
      mariadb=""
      if java -cp "$JAR" io.github.eddypool.benchmark.PostgresCheck mariadb; then mariadb=",mariadb"; fi
      for ((pass = 1; pass <= PASSES; pass++)); do
        POOL_PARAMS=(-p "pool=$(pools_in_pass "$pass" eddy,hikari,agroal)")
        for t in 1 4 16 64; do
          dbs=postgres
          if (( t >= 16 )); then dbs="postgres$mariadb"; fi
          jmh "dbcontention-t$t-pass$pass" '\.DatabaseContention\.' -t "$t" -p "db=$dbs" "${WALL_CLOCK[@]}" "${ONE_FORK[@]}"
        done
      done
      pool_params_as_given
    fi
    if has vthreads; then
      if [[ -x "$JAVA25" ]]; then
        for ((pass = 1; pass <= PASSES; pass++)); do
          POOL_PARAMS=(-p "pool=$(pools_in_pass "$pass" eddy,hikari,agroal)")
          jmh_on "$JAVA25" "vthreads-pass$pass" '\.VirtualThreadContention\.' "${LONG_OPS[@]}"
        done
        pool_params_as_given
      else
        echo "== no JDK 21+ at $JAVA25: skipping the virtual-thread benchmark"
      fi
    fi
    if has cost; then
      # pools, database, threads, workload, seconds per round, rounds[, pool size]; every round appends a line.
      # The first line says when: a run of this suite alone replaces the table of the last complete run.
      echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT" > "$OUT/cost.csv"
      cost() { # [pinned-apart.sh] java, CostPerOperation arguments...
        local prefix=()
        if [[ "$1" == */pinned-apart.sh ]]; then prefix=("$1"); shift; fi
        local java="$1"
        shift
        echo "== CostPerOperation $*${prefix[*]:+ (database on its own core)}"
        ${prefix[@]+"${prefix[@]}"} "$java" -Xms1g -Xmx1g -XX:+AlwaysPreTouch -Dcost.out="$OUT/cost.csv" -cp "$JAR" \
          io.github.eddypool.benchmark.CostPerOperation "$@" \
          > >(tee -a "$RAW/cost.log") 2>> "$RAW/cost.log" || echo "== CostPerOperation $* failed; see $RAW/cost.log"
      }
      # Issue #10's goals, judged on these rounds: one round is every pool for 5 s, seconds apart, so each
      # round's ratio to HikariCP leaves out the drift of the VM, which moves a pool's rate by a third
      # within a run; the report gives the median ratio and a confidence interval over the rounds.
      for workload in selectOne readWriteTransaction; do
        for t in 1 4 16 64; do
          cost java eddy,hikari,agroal postgres "$t" "$workload" 5 "$COST_ROUNDS"
        done
      done
      if [[ -x "$JAVA25" ]]; then
        cost "$JAVA25" eddy,hikari,agroal postgres v1000 selectOne 5 "$COST_ROUNDS" 16
      fi
      # The same with the database on a core of its own, as on a host of its own: there the scheduler's
      # choice of where to wake a thread and its backend (which decides the runs above) does not enter.
      apart="$ROOT/pool-benchmarks/pinned-apart.sh"
      cost "$apart" java eddy,hikari,agroal postgres 16 selectOne 5 3
      cost "$apart" java eddy,hikari,agroal postgres 64 selectOne 5 3
      cost "$apart" java eddy,hikari,agroal postgres 16 readWriteTransaction 5 3
      cost "$apart" java eddy,hikari,agroal postgres 64 readWriteTransaction 5 3
    fi
    if has startup; then
      jmh startup '\.Startup\.' "${SHOTS[@]}"
    fi
  else
    echo "== PostgreSQL not reachable: skipping PostgresBench and Startup"
  fi
fi

echo "== report"
java -Djava.awt.headless=true -cp "$JAR" io.github.eddypool.benchmark.report.ReportGenerator "$OUT"
echo "== done: $OUT/RESULTS.md"
