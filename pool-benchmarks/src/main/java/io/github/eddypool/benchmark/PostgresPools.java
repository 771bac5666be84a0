package io.github.eddypool.benchmark;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The pool under test, on the local PostgreSQL ({@code EDDY_PG_URL}), and the
 * {@code transaction-pooler} preset's variants: {@code eddy-preset} (the preset, straight to
 * PostgreSQL: what unnamed statements cost), {@code eddy-pgbouncer} (the preset through PgBouncer in
 * transaction mode, {@code EDDY_PGBOUNCER_URL}, default {@code jdbc:postgresql://127.0.0.1:6432/test}:
 * what the extra hop costs) and {@code hikari-pgbouncer} (HikariCP through the same PgBouncer, with
 * the same {@code prepareThreshold=0} that it needs there).
 */
@State(Scope.Benchmark)
public class PostgresPools {

    /** The table of the read-write transaction. */
    static final String TABLE = "eddy_bench_accounts";

    /** Rows in {@link #TABLE}; each transaction updates one at random. */
    static final int ROWS = 10_000;

    @Param({"eddy", "hikari", "dbcp2", "tomcat", "vibur", "agroal", "c3p0", "nopool", "direct",
            "eddy-preset", "eddy-pgbouncer", "hikari-pgbouncer"})
    public String pool;

    /** The variants through PgBouncer, which run-benchmarks.sh leaves out when PgBouncer is not reachable. */
    public static final String PGBOUNCER_SUFFIX = "-pgbouncer";

    /** min = max pool size. */
    @Param({"8"})
    public int size;

    public PoolHandle handle;

    @Setup(Level.Trial)
    public void start() throws Exception {
        createTable();
        handle = switch (pool) {
            case "eddy-preset" -> eddyWithPreset(pool, PoolSpec.postgres(size));
            case "eddy-pgbouncer" -> eddyWithPreset(pool, pgbouncer(size));
            case "hikari-pgbouncer" -> {
                PoolSpec spec = pgbouncer(size);
                String url = spec.jdbcUrl() + (spec.jdbcUrl().contains("?") ? "&" : "?") + "prepareThreshold=0";
                yield Pools.create("hikari", new PoolSpec(url, spec.driverClassName(), spec.username(), spec.password(),
                        spec.size(), false));
            }
            default -> Pools.create(pool, PoolSpec.postgres(size));
        };
        if (!Pools.NOPOOL.equals(pool) && !Pools.DIRECT.equals(pool)) {
            handle.prime(size);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        handle.close();
    }

    /** The PgBouncer of the tests ({@code .ci/pgbouncer}), in front of the same PostgreSQL. */
    static PoolSpec pgbouncer(int size) {
        String url = System.getenv("EDDY_PGBOUNCER_URL");
        String user = System.getenv("EDDY_PGBOUNCER_USER");
        String password = System.getenv("EDDY_PGBOUNCER_PASSWORD");
        return new PoolSpec(url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:6432/test" : url,
                "org.postgresql.Driver", user == null || user.isBlank() ? "postgres" : user,
                password == null || password.isBlank() ? null : password, size, false);
    }

    /** Eddy as {@code Pools} configures it, with {@code transaction-pooler=true}. */
    static PoolHandle eddyWithPreset(String name, PoolSpec spec) {
        EddyDataSource ds = new EddyDataSource(EddyConfig.builder()
                .poolName("bench-" + name)
                .jdbcUrl(spec.jdbcUrl())
                .driverClassName(spec.driverClassName())
                .username(spec.username())
                .password(spec.password())
                .minSize(spec.size())
                .maxSize(spec.size())
                .connectionTimeout(Duration.ofMillis(PoolSpec.CONNECTION_TIMEOUT_MS))
                .autoCommit(true)
                .leakDetectionThreshold(Duration.ZERO)
                .registerMbeans(false)
                .transactionPooler(true)
                .build());
        return new PoolHandle() {
            @Override public String name() { return name; }
            @Override public DataSource dataSource() { return ds; }
            @Override public int openConnections() { return ds.stats().total(); }
            @Override public void close() { ds.close(); }
        };
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
