package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A pool of 4 connections shared by 16 threads, each holding its connection for a fixed amount of CPU
 * work ({@link Blackhole#consumeCPU} of {@code work} tokens), on the stub driver.
 *
 * <ul>
 *   <li>{@link #cycle}: throughput of borrow, work, return (counted on the wall clock as well, with
 *       {@link WallClockThroughput}: JMH's sum of per-thread rates overstates a pool that keeps
 *       some threads waiting).</li>
 *   <li>{@link #acquire}: the same loop, but JMH times only {@code getConnection()} (SampleTime mode);
 *       the work and the return happen in an invocation-level tear-down, which JMH does not time.
 *       The JSON then holds the acquire-time distribution: p50, p99, p99.9 and max (p100).</li>
 * </ul>
 * The seven pools and the {@code fifo} control ({@link io.github.eddypool.benchmark.pools.FairSemaphoreDataSource}:
 * the fairest pool possible, to show which tail the machine itself puts on acquire times); the other
 * baselines have no limit to contend on.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(16)
public class Contention {

    @State(Scope.Benchmark)
    public static class ContendedPool {
        @Param({"eddy", "hikari", "dbcp2", "tomcat", "vibur", "agroal", "c3p0", "fifo"})
        public String pool;

        @Param({"4"})
        public int size;

        /** CPU work while holding a connection, in {@link Blackhole#consumeCPU} tokens. */
        @Param({"1000"})
        public long work;

        PoolHandle handle;
        DataSource dataSource;

        @Setup(Level.Trial)
        public void start() throws Exception {
            handle = Pools.create(pool, PoolSpec.stub(size));
            handle.prime(size);
            dataSource = handle.dataSource();
        }

        @TearDown(Level.Trial)
        public void stop() {
            WallClockThroughput.trialEnded();
            handle.close();
        }
    }

    /** The connection a thread holds between {@link #acquire} and the untimed work-and-return. */
    @State(Scope.Thread)
    public static class Holder {
        Connection held;
        long work;

        @Setup(Level.Trial)
        public void setup(ContendedPool pool) {
            work = pool.work;
        }

        @TearDown(Level.Invocation)
        public void workAndReturn() throws SQLException {
            Connection c = held;
            if (c != null) {
                held = null;
                Blackhole.consumeCPU(work);
                c.close();
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Connection cycle(ContendedPool pool) throws SQLException {
        Connection c = pool.dataSource.getConnection();
        try {
            Blackhole.consumeCPU(pool.work);
        } finally {
            c.close();
        }
        WallClockThroughput.completed();
        return c;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Connection acquire(ContendedPool pool, Holder holder) throws SQLException {
        Connection c = pool.dataSource.getConnection();
        holder.held = c;
        return c;
    }
}
