package io.github.eddypool.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
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
 * The pools against a real PostgreSQL (local, {@code EDDY_PG_URL}), with the {@code nopool} (connect per
 * request) and {@code direct} (one raw connection per thread) baselines. 4 threads, pools of 8.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(4)
public class PostgresBench {

    /** Borrow, {@code SELECT 1}, read the row, close all. */
    @Benchmark
    public int selectOne(PostgresPools.PgBorrower borrower) throws SQLException {
        Connection c = borrower.borrow();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } finally {
            borrower.release(c);
        }
    }

    /**
     * Borrow, begin, update one random row, read it back, commit, restore auto-commit (as Spring's
     * transaction manager does before it releases a connection), close.
     */
    @Benchmark
    public long readWriteTransaction(PostgresPools.PgBorrower borrower) throws SQLException {
        int id = 1 + ThreadLocalRandom.current().nextInt(PostgresPools.ROWS);
        Connection c = borrower.borrow();
        try {
            return DatabaseContention.Workloads.readWriteTransaction(c, PostgresPools.TABLE, id);
        } finally {
            borrower.release(c);
        }
    }
}
