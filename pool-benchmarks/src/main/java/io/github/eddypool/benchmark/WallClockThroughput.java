package io.github.eddypool.benchmark;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Throughput on the wall clock: the operations every thread completed during an iteration, divided
 * by the iteration's elapsed time. A JMH profiler ({@code -prof
 * io.github.eddypool.benchmark.WallClockThroughput}) that adds it to each {@code Throughput}-mode
 * iteration as the secondary metric {@value #LABEL}; the report uses it in place of JMH's score
 * where it is present.
 *
 * <p>Why: JMH's multi-threaded throughput is the sum of each thread's own rate, its operations
 * over the time between its own first and last operation of the iteration. When a pool lets some
 * threads wait a long time while others take connection after connection, a thread that was
 * still waiting when the iteration began starts its clock late, finishes a few operations, and
 * counts as if it had run at that rate all along. On PostgreSQL {@code SELECT 1}, 16 threads over 8
 * connections (2026-12-01, one fork per pool): Agroal's JMH score per iteration was 97.8, 60.3 and
 * 131.2 ops/ms while its threads completed 52.5, 51.4 and 51.0 operations per ms of elapsed time
 * (at the 35-41 µs of JVM and server CPU an operation that {@link CostPerOperation} measures, the
 * 2 cores finish at most 49-57 a ms); Eddy's and HikariCP's two figures were within 1% of each other.
 *
 * <p>A benchmark counts its operations with {@link #completed()}; this is one counter per JVM,
 * which is one trial, since JMH runs each trial in its own fork.
 */
public final class WallClockThroughput implements InternalProfiler {

    /** The secondary metric's name in the JMH results. */
    public static final String LABEL = "wall-clock.throughput";

    private static final LongAdder OPERATIONS = new LongAdder();

    /** When the trial's tear-down began, in the last iteration; the iteration's clock stops there. */
    private static volatile long trialEndedAt;

    private long startNanos;
    private long startOperations;

    /** Counts one completed operation of the running benchmark. */
    public static void completed() {
        OPERATIONS.increment();
    }

    /**
     * Stops the last iteration's clock: call first thing in the benchmark's
     * {@code @TearDown(Level.Trial)}. JMH ends the last iteration only after the trial's tear-down
     * and about a second more (measured 2026-12-01: closing the pool took 9-34 ms of it, for every
     * pool), which would otherwise count as time in which nothing was done.
     */
    public static void trialEnded() {
        trialEndedAt = System.nanoTime();
    }

    @Override
    public String getDescription() {
        return "Operations completed by all threads / elapsed time of the iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startOperations = OPERATIONS.sum();
        startNanos = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        if (benchmarkParams.getMode() != Mode.Throughput || iterationParams.getType() != IterationType.MEASUREMENT) {
            return List.of();
        }
        long end = trialEndedAt;
        long elapsed = (end - startNanos > 0 ? end : System.nanoTime()) - startNanos;
        long operations = OPERATIONS.sum() - startOperations;
        TimeUnit unit = benchmarkParams.getTimeUnit();
        return List.of(new ScalarResult(LABEL, operations * (double) unit.toNanos(1) / elapsed,
                "ops/" + TimeValue.tuToString(unit), AggregationPolicy.AVG));
    }
}
