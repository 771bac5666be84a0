package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.report.CostReport;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * What one operation of {@link DatabaseContention} costs in CPU and context switches, per pool: a
 * measure that stays meaningful on a busy machine, where throughput mostly measures the neighbours.
 * On 2 cores shared by the benchmark threads and the database, CPU per operation is what bounds
 * throughput. Counts the benchmark JVM's CPU time and its threads' context switches
 * ({@code /proc/self/task/}{@code *}{@code /status}), and the CPU time of the pool's own database
 * backends ({@code /proc/<pid>/stat}; PostgreSQL only, where each connection is a process), the p99
 * of the operations that completed, and the share of threads that completed none in the window
 * (starved: a pool that lets running threads barge ahead looks fast and its p99 short, while
 * the threads it starves add no samples at all), and the machine's rescheduling interrupts per
 * operation (one core telling the other to run a task it woke, {@code RES} in
 * {@code /proc/interrupts}; on a virtual machine each one is a trip through the hypervisor; NaN where
 * the kernel does not show them). Printed only, not in the CSV: the time the JVM's threads and the
 * backends spent runnable but queued for a core ({@code schedstat}), and the backends' voluntary and
 * involuntary context switches ({@code /proc/<pid>/status}), per operation; and with
 * {@code -Dcost.affinity=true} (PostgreSQL only) how often a thread got the backend it had last time
 * and how often thread and backend shared a core ({@link BackendAffinity}). Whether the backends
 * could run on this JVM's cores at all ({@link CorePlacement}; not under
 * {@code pool-benchmarks/pinned-apart.sh}) is the CSV's last column and printed when they could not.
 *
 * <pre>java -cp benchmarks.jar io.github.eddypool.benchmark.CostPerOperation eddy,hikari postgres 16 selectOne 5 3</pre>
 * (pools, database, threads, workload, seconds per round, rounds, and optionally the pool size,
 * default 8; pools alternate within each round, and each round starts with the next pool). With {@code -Dcost.out=file} each round is also
 * appended to that CSV file, which the report generator reads ({@code cost.csv} of a run). Threads written {@code v1000} are 1,000 virtual
 * threads (JDK 21+), as in {@link VirtualThreadContention}: there context switches are the
 * carriers', and the CPU per operation is what tells two pools apart. With
 * {@code -Dcost.progress=file} the count of operations completed so far is kept in that file, for
 * the scripts that record a window of the run with {@code perf}.
 */
public final class CostPerOperation {

    private static final double CLOCK_TICK_NANOS = 1e9 / 100; // USER_HZ is 100 on Linux

    /** The pools that have had their first, longer warm-up in this JVM. */
    private static final Set<String> WARMED_UP = new HashSet<>();

    /**
     * Operations completed so far by every round, measured or not: what {@code -Dcost.progress}
     * reports to a script that samples a window of the run ({@code pool-benchmarks/perf-window.sh}).
     */
    private static final LongAdder COMPLETED = new LongAdder();

    /** How often the progress file is rewritten: a script's window of 8 s is counted to 0.25%. */
    private static final long PROGRESS_INTERVAL_MS = 10;

    private CostPerOperation() {
    }

    public static void main(String[] args) throws Exception {
        String[] pools = args[0].split(",");
        String db = args.length > 1 ? args[1] : "postgres";
        String threadsArg = args.length > 2 ? args[2] : "16";
        boolean virtual = threadsArg.startsWith("v");
        int threads = Integer.parseInt(virtual ? threadsArg.substring(1) : threadsArg);
        String workload = args.length > 3 ? args[3] : "selectOne";
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        int size = args.length > 6 ? Integer.parseInt(args[6]) : 8;
        DatabaseContention.createTable(DatabaseContention.spec(db, size), db);
        String progress = System.getProperty("cost.progress");
        if (progress != null) {
            startProgress(Path.of(progress));
        }
        System.out.printf(Locale.ROOT, "%-8s %8s %10s %12s %12s %10s %10s %9s %16s %15s %7s%n",
                "pool", "ops/ms", "jvm µs/op", "backend µs/op", "vol cs/op", "invol cs/op", "p99 µs", "starved",
                "queued µs/op j/b", "backend cs v/i", "IPI/op");
        for (int r = 0; r < rounds; r++) {
            // Each round starts with the next pool: the database drifts over a run (the first
            // rounds of the 2026-11-30 run were 30% slower than the last for every pool), and a
            // fixed order would hand that drift to whichever pool always runs first.
            for (int i = 0; i < pools.length; i++) {
                measure(pools[(r + i) % pools.length], db, threads, virtual, workload, seconds, size);
            }
        }
    }

    private static void measure(String pool, String db, int threads, boolean virtual, String workload, int seconds, int size)
            throws Exception {
        try (PoolHandle handle = Pools.create(pool, DatabaseContention.spec(db, size))) {
            handle.prime(size);
            List<Integer> backends = db.equals("postgres") ? backendPids(handle, size) : List.of();
            List<Path> backendDirs = processDirs(backends);
            String placement = CorePlacement.of(backendDirs);
            LongAdder ops = new LongAdder();
            BackendAffinity affinity = db.equals("postgres") && Boolean.getBoolean("cost.affinity") ? new BackendAffinity() : null;
            long[][] latencies = new long[threads][];
            int[] completed = new int[threads];
            volatile_flag.running = true;
            volatile_flag.measuring = false;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Runnable work = () -> {
                    long[] samples = new long[virtual ? 1 << 10 : 1 << 16];
                    int n = 0;
                    try {
                        BackendAffinity.Tracker tracker = affinity == null ? null : affinity.tracker();
                        while (volatile_flag.running) {
                            long begin = System.nanoTime();
                            try (Connection c = handle.dataSource().getConnection()) {
                                if (workload.equals("selectOne")) {
                                    DatabaseContention.Workloads.selectOne(c);
                                } else {
                                    DatabaseContention.Workloads.readWriteTransaction(c, DatabaseContention.TABLE,
                                            1 + ThreadLocalRandom.current().nextInt(DatabaseContention.ROWS));
                                }
                                if (tracker != null && volatile_flag.measuring) {
                                    tracker.record(c);
                                }
                            }
                            COMPLETED.increment();
                            if (volatile_flag.measuring) {
                                ops.increment();
                                samples[n++ & (samples.length - 1)] = System.nanoTime() - begin;
                            }
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    latencies[index] = java.util.Arrays.copyOf(samples, Math.min(n, samples.length));
                    completed[index] = n;
                };
                workers.add(virtual ? startVirtual(work) : start(work));
            }
            // A pool's first round also warms up its code (the JIT shares the cores with the threads
            // measured and is still compiling after 5 s): see run-benchmarks.sh, DB_TIMED.
            Thread.sleep(WARMED_UP.add(pool) ? 8000 : 2000);
            long cpu0 = processCpuNanos();
            List<Path> tasks0 = jvmTasks();
            long[] cs0 = contextSwitches(tasks0);
            long backend0 = backendCpuTicks(backendDirs);
            long queued0 = runQueueNanos(tasks0);
            long backendQueued0 = runQueueNanos(backendDirs);
            long[] backendCs0 = contextSwitches(backendDirs);
            long reschedules0 = rescheduleInterrupts();
            long t0 = System.nanoTime();
            volatile_flag.measuring = true;
            Thread.sleep(seconds * 1000L);
            volatile_flag.measuring = false;
            long t1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            List<Path> tasks1 = jvmTasks();
            long[] cs1 = contextSwitches(tasks1);
            long backend1 = backendCpuTicks(backendDirs);
            long queued1 = runQueueNanos(tasks1);
            long backendQueued1 = runQueueNanos(backendDirs);
            long[] backendCs1 = contextSwitches(backendDirs);
            long reschedules1 = rescheduleInterrupts();
            volatile_flag.running = false;
            for (Thread w : workers) {
                w.join();
            }
            double n = ops.sum();
            long[] all = java.util.Arrays.stream(latencies).flatMapToLong(java.util.Arrays::stream).sorted().toArray();
            double p99 = all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e3;
            // The latency percentiles only see operations that completed: a thread starved for the
            // whole window adds no sample. The share of threads that completed none shows it.
            long starved = java.util.Arrays.stream(completed).filter(c -> c == 0).count();
            boolean noBackends = backends.isEmpty();
            CostReport.Row row = new CostReport.Row(db, workload, (virtual ? "v" : "") + threads, pool, n / ((t1 - t0) / 1e6),
                    (cpu1 - cpu0) / 1e3 / n,
                    noBackends ? Double.NaN : (backend1 - backend0) * CLOCK_TICK_NANOS / 1e3 / n,
                    (cs1[0] - cs0[0]) / n, (cs1[1] - cs0[1]) / n, p99, (double) starved / threads,
                    reschedules0 < 0 ? Double.NaN : (reschedules1 - reschedules0) / n, placement);
            String out = System.getProperty("cost.out");
            if (out != null) {
                Files.writeString(Path.of(out), row.line() + "\n", java.nio.charset.StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            System.out.printf(Locale.ROOT, "%-8s %8.1f %10.1f %12.1f %12.2f %10.2f %10.0f %8.1f%% %8.1f/%-7.1f %9.2f/%-5.2f %7.3f%n", pool,
                    row.opsPerMs(), row.jvmMicros(), row.backendMicros(), row.voluntary(), row.involuntary(), row.p99Micros(),
                    100 * row.starvedShare(),
                    (queued1 - queued0) / 1e3 / n, noBackends ? Double.NaN : (backendQueued1 - backendQueued0) / 1e3 / n,
                    noBackends ? Double.NaN : (backendCs1[0] - backendCs0[0]) / n,
                    noBackends ? Double.NaN : (backendCs1[1] - backendCs0[1]) / n,
                    row.reschedules());
            if (placement.equals(CostReport.Row.APART)) {
                System.out.printf(Locale.ROOT, "%-8s database on its own core: no backend may run on a core this JVM may%n", pool);
            }
            if (affinity != null) {
                System.out.printf(Locale.ROOT,
                        "%-8s same backend as the thread's last borrow %.1f%%, thread and backend on one core %.1f%% (%.1f%% after a change of backend)%s%n",
                        pool, 100 * affinity.sameBackendShare(), 100 * affinity.sameCoreShare(), 100 * affinity.sameCoreShareOtherBackend(),
                        affinity.failure() == null ? "" : " (" + affinity.failure() + ")");
            }
        }
    }

    /**
     * Keeps {@code file} holding the count of operations completed so far, rewritten every
     * {@value #PROGRESS_INTERVAL_MS} ms (through a file beside it, moved over it, so that a reader
     * never sees half a number). PostgreSQL's own count is no substitute: under this load
     * PostgreSQL 15 added the backends' commits to {@code pg_stat_database} only when they
     * disconnected (measured 2026-12-02), so a window of a run counted another round's transactions.
     */
    private static void startProgress(Path file) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Files.writeString(next, COMPLETED.sum() + "\n");
                    Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(PROGRESS_INTERVAL_MS);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the progress file " + file, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cost-progress");
        writer.setDaemon(true);
        writer.start();
    }

    private static Thread start(Runnable work) {
        Thread t = new Thread(work);
        t.start();
        return t;
    }

    /** {@code Thread.startVirtualThread}, looked up so that this class still compiles for Java 17. */
    private static Thread startVirtual(Runnable work) {
        try {
            return (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, work);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or later; this is " + Runtime.version(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flags the workers poll; a holder class so the lambdas can read them. */
    private static final class volatile_flag {
        static volatile boolean running;
        static volatile boolean measuring;
    }

    private static List<Integer> backendPids(PoolHandle handle, int size) throws SQLException {
        List<Connection> held = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Connection c = handle.dataSource().getConnection();
                held.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pids.add(rs.getInt(1));
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        return pids;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** This JVM's threads: their {@code /proc/self/task/<tid>} folders. */
    private static List<Path> jvmTasks() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.toList();
        }
    }

    /** The {@code /proc/<pid>} folders of the pool's database backends. */
    private static List<Path> processDirs(List<Integer> pids) {
        return pids.stream().map(pid -> Path.of("/proc/" + pid)).toList();
    }

    /** Voluntary and involuntary context switches of the given threads. */
    private static long[] contextSwitches(List<Path> tasks) {
        long voluntary = 0;
        long involuntary = 0;
        for (Path task : tasks) {
            try {
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        voluntary += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        involuntary += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            } catch (IOException gone) {
                // the thread ended meanwhile
            }
        }
        return new long[] {voluntary, involuntary};
    }

    /**
     * Time the given threads or processes spent runnable but waiting for a core (the second
     * field of {@code schedstat}): on 2 shared cores, how a pool's way of waking threads shows up
     * as queueing.
     */
    private static long runQueueNanos(List<Path> tasks) {
        long queued = 0;
        for (Path task : tasks) {
            try {
                queued += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]);
            } catch (IOException gone) {
                // the thread ended meanwhile
            }
        }
        return queued;
    }

    /**
     * Rescheduling inter-processor interrupts so far, summed over the cores ({@code /proc/interrupts}),
     * or -1 where the kernel does not show them.
     */
    private static long rescheduleInterrupts() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/interrupts"))) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("RES:")) {
                long sum = 0;
                for (int i = 1; i < f.length && f[i].chars().allMatch(Character::isDigit); i++) {
                    sum += Long.parseLong(f[i]);
                }
                return sum;
            }
        }
        return -1;
    }

    private static long backendCpuTicks(List<Path> backendDirs) throws IOException {
        long ticks = 0;
        for (Path dir : backendDirs) {
            String stat = Files.readString(dir.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        }
        return ticks;
    }
}
