package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.NoPoolDataSource;
import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A real database with more threads than connections: the pool of 8 is shared by as many threads as
 * the run's {@code -t} (the script runs 1, 4, 16 and 64), so from 16 threads on borrowers really wait
 * and the pool's hand-off path (a returning thread giving its connection to a parked waiter) is what
 * is measured, on top of the database round trips. Throughput and latency percentiles
 * ({@code SampleTime}) of the same two workloads as {@link PostgresBench}. Run with
 * {@code -prof io.github.eddypool.benchmark.WallClockThroughput}, as the run script does: with threads
 * waiting for connections, JMH's own throughput score overstates pools that let some of them wait
 * long (see there); the report uses the wall-clock figure.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 1) // the JIT still compiles for ~6 s here: see run-benchmarks.sh, DB_TIMED
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class DatabaseContention {

    /** The table of the read-write transaction, in either database. */
    static final String TABLE = "eddy_bench_contention";

    /** Rows in {@link #TABLE}; each transaction updates one at random, so transactions rarely block each other. */
    static final int ROWS = 10_000;

    /** The pool under test; min = max = {@link #size}. */
    @State(Scope.Benchmark)
    public static class Target {

        @Param({"eddy", "hikari", "agroal"})
        public String pool;

        @Param({"postgres", "mariadb"})
        public String db;

        @Param({"8"})
        public int size;

        PoolHandle handle;

        @Setup(Level.Trial)
        public void start() throws Exception {
            PoolSpec spec = spec(db, size);
            createTable(spec, db);
            handle = Pools.create(pool, spec);
            handle.prime(size);
        }

        @TearDown(Level.Trial)
        public void stop() {
            WallClockThroughput.trialEnded();
            handle.close();
        }
    }

    static PoolSpec spec(String db, int size) {
        switch (db) {
            case "postgres": return PoolSpec.postgres(size);
            case "mariadb": return PoolSpec.mariadb(size);
            default: throw new IllegalArgumentException("db must be postgres or mariadb, not " + db);
        }
    }

    static void createTable(PoolSpec spec, String db) throws SQLException {
        try (Connection c = new NoPoolDataSource(spec).getConnection(); Statement s = c.createStatement()) {
            if (db.equals("postgres")) {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id integer PRIMARY KEY, balance bigint NOT NULL)");
                s.execute("INSERT INTO " + TABLE + " SELECT g, 0 FROM generate_series(1, " + ROWS + ") g ON CONFLICT (id) DO NOTHING");
            } else {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id int PRIMARY KEY, balance bigint NOT NULL) ENGINE=InnoDB");
                s.execute("INSERT IGNORE INTO " + TABLE + " SELECT seq, 0 FROM seq_1_to_" + ROWS);
            }
        }
    }

    /** Borrow, {@code SELECT 1} as a prepared statement, read the row, close all. */
    @Benchmark
    public int selectOne(Target target) throws SQLException {
        int one = Workloads.selectOne(target.handle.dataSource());
        WallClockThroughput.completed();
        return one;
    }

    /** Borrow, auto-commit off, update one random row and read it back, commit, auto-commit on, close. */
    @Benchmark
    public long readWriteTransaction(Target target) throws SQLException {
        long balance = Workloads.readWriteTransaction(target.handle.dataSource(), TABLE,
                1 + ThreadLocalRandom.current().nextInt(ROWS));
        WallClockThroughput.completed();
        return balance;
    }

    /** The two workloads, shared with {@link VirtualThreadContention}. */
    static final class Workloads {

        private Workloads() {
        }

        static int selectOne(javax.sql.DataSource ds) throws SQLException {
            try (Connection c = ds.getConnection()) {
                return selectOne(c);
            }
        }

        static int selectOne(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }

        static long readWriteTransaction(javax.sql.DataSource ds, String table, int id) throws SQLException {
            try (Connection c = ds.getConnection()) {
                return readWriteTransaction(c, table, id);
            }
        }

        /**
         * Auto-commit off, update row {@code id} and read it back, commit, auto-commit on (as Spring's
         * transaction manager does before it releases a connection); rolls back on failure.
         */
        static long readWriteTransaction(Connection c, String table, int id) throws SQLException {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET balance = balance + 1 WHERE id = ?")) {
                    update.setInt(1, id);
                    update.executeUpdate();
                }
                long balance;
                try (PreparedStatement select = c.prepareStatement("SELECT balance FROM " + table + " WHERE id = ?")) {
                    select.setInt(1, id);
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        balance = rs.getLong(1);
                    }
                }
                c.commit();
                return balance;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
