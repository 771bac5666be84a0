package io.github.eddypool.benchmark;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code getConnection()} then {@code close()}, on the stub driver: the pool's borrow and return path
 * and nothing else. Run at 1, 2, 4 and 8 threads with {@code -t}; allocation per operation with
 * {@code -prof gc} ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class ConnectionCycle {

    @Benchmark
    public Connection cycle(StubPools.StubBorrower borrower) throws SQLException {
        Connection c = borrower.borrow();
        borrower.release(c);
        return c;
    }
}
