# Sourced by profile-operation.sh, wake-migrations.sh and wake-partners.sh: runs CostPerOperation
# for one pool and records perf events over a window of its run, counting the operations the
# benchmark completed inside that window. Not a command of its own.
#
# The caller sets SCRIPT (its name, for messages) before sourcing, and may set JAVA_OPTS (options
# for the benchmark JVM). The count is CostPerOperation's own (-Dcost.progress): PostgreSQL 15's
# pg_stat_database, which these scripts read before 2026-12-02, took in a busy backend's commits
# only when it disconnected, so a window counted another round's transactions.

JAR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/target/benchmarks.jar"

# perf_window_args [pools] [threads] [workload]: the scripts' arguments, as CostPerOperation takes
# them (eddy@<jar> for another build); sets POOL_LIST (an array), THREADS and WORKLOAD.
perf_window_args() {
  IFS=',' read -r -a POOL_LIST <<< "${1:-eddy,hikari}"
  THREADS="${2:-16}"
  WORKLOAD="${3:-readWrite}"
}

# The tools the caller needs, besides a built benchmarks.jar.
perf_window_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" > /dev/null || { echo "$SCRIPT: $tool is not installed" >&2; exit 2; }
  done
  [ -f "$JAR" ] || { echo "$SCRIPT: $JAR is missing; build it first (./mvnw -pl pool-benchmarks -am package -DskipTests)" >&2; exit 2; }
}

# perf_window POOL THREADS WORKLOAD ROUND_SECONDS ROUNDS LOG DATA SECONDS [perf record options...]
# Starts CostPerOperation (its first warm-up is 8 s), records from 13 s on for SECONDS into DATA,
# waits for the run to end, and sets OPERATIONS to the operations completed while perf recorded
# (read inside perf's window, so that it counts none perf did not see) and PERF_JVM to the JVM's pid.
perf_window() {
  local pool=$1 threads=$2 workload=$3 round=$4 rounds=$5 log=$6 data=$7 seconds=$8
  shift 8
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -Dcost.progress="$data.progress" ${JAVA_OPTS:-} -cp "$JAR" \
      io.github.eddypool.benchmark.CostPerOperation "$pool" postgres "$threads" "$workload" "$round" "$rounds" > "$log" 2>&1 &
  local jvm=$!
  sleep 13
  [ -f "$data.progress" ] || { kill "$jvm" 2> /dev/null; echo "$SCRIPT: CostPerOperation did not start:" >&2; tail -20 "$log" >&2; exit 1; }
  if ! perf record -q "$@" -o "$data" -- \
      bash -c 'cat "$1" > "$2"; sleep "$3"; cat "$1" >> "$2"' _ "$data.progress" "$data.window" "$seconds" 2> "$data.err"; then
    kill "$jvm" 2> /dev/null || true
    echo "$SCRIPT: perf record failed (run as root, or lower kernel.perf_event_paranoid):" >&2
    cat "$data.err" >&2
    exit 1
  fi
  wait "$jvm" || { echo "$SCRIPT: CostPerOperation failed for $pool:" >&2; tail -20 "$log" >&2; exit 1; }
  local before after
  { read -r before; read -r after; } < "$data.window"
  OPERATIONS=$((after - before))
  PERF_JVM=$jvm
}
