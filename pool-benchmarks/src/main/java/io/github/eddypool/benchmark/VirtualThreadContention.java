package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many virtual threads on a small pool with a real driver: each operation starts
 * {@link #VIRTUAL_THREADS} virtual threads that each run {@link #CYCLES_EACH} PostgreSQL
 * {@code SELECT 1} cycles, and waits for all of them. Needs JDK 21+ (virtual threads); the run script
 * uses the JDK 25 beside the default one. On an older JDK the trial fails at setup with a message.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(1)
@State(Scope.Benchmark)
public class VirtualThreadContention {

    static final int VIRTUAL_THREADS = 1000;
    static final int CYCLES_EACH = 10;

    @Param({"eddy", "hikari", "agroal"})
    public String pool;

    @Param({"16"})
    public int size;

    /** Reported in RESULTS.md; fixed by {@link #VIRTUAL_THREADS}. */
    @Param({"1000"})
    public int virtualThreads;

    private PoolHandle handle;
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (virtualThreads != VIRTUAL_THREADS) {
            throw new IllegalArgumentException("virtualThreads is fixed at " + VIRTUAL_THREADS);
        }
        try {
            executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or later; run this benchmark on one (this is "
                    + Runtime.version() + ")", e);
        }
        handle = Pools.create(pool, PoolSpec.postgres(size));
        handle.prime(size);
    }

    @TearDown(Level.Trial)
    public void stop() {
        executor.shutdown();
        handle.close();
    }

    @Benchmark
    @OperationsPerInvocation(VIRTUAL_THREADS * CYCLES_EACH)
    public int selectOne() throws Exception {
        DataSource ds = handle.dataSource();
        List<Future<Integer>> done = new ArrayList<>(VIRTUAL_THREADS);
        for (int i = 0; i < VIRTUAL_THREADS; i++) {
            done.add(executor.submit(() -> {
                int sum = 0;
                for (int c = 0; c < CYCLES_EACH; c++) {
                    sum += DatabaseContention.Workloads.selectOne(ds);
                }
                return sum;
            }));
        }
        int sum = 0;
        for (Future<Integer> f : done) {
            sum += f.get();
        }
        return sum;
    }

}
