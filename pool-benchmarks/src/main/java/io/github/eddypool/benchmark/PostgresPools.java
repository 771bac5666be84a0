package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The pool under test, on the local PostgreSQL ({@code EDDY_PG_URL}). */
@State(Scope.Benchmark)
public class PostgresPools {

    /** The table of the read-write transaction. */
    static final String TABLE = "eddy_bench_accounts";

    /** Rows in {@link #TABLE}; each transaction updates one at random. */
    static final int ROWS = 10_000;

    @Param({"eddy", "hikari", "dbcp2", "tomcat", "vibur", "agroal", "c3p0", "nopool", "direct"})
    public String pool;

    /** min = max pool size. */
    @Param({"8"})
    public int size;

    public PoolHandle handle;

    @Setup(Level.Trial)
    public void start() throws Exception {
        createTable();
        handle = Pools.create(pool, PoolSpec.postgres(size));
        if (Pools.POOLS.contains(pool)) {
            handle.prime(size);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        handle.close();
    }

    static void createTable() throws SQLException {
        try (Connection c = new io.github.eddypool.benchmark.pools.NoPoolDataSource(PoolSpec.postgres(1)).getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id integer PRIMARY KEY, balance bigint NOT NULL)");
            s.execute("INSERT INTO " + TABLE + " SELECT g, 0 FROM generate_series(1, " + ROWS + ") g ON CONFLICT (id) DO NOTHING");
        }
    }

    /** A benchmark thread's borrower on this pool. */
    @State(Scope.Thread)
    public static class PgBorrower extends Borrower {
        @Setup(Level.Trial)
        public void setup(PostgresPools pools) throws Exception {
            open(pools.handle);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            closeOwn();
        }
    }
}
