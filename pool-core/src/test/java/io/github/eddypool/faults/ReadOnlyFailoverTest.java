package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;

/**
 * Issue #12 part 3: failover to a read-only node. New connections start reaching a node that
 * refuses writes while 32 threads write; then they reach a writable one again. Without
 * validate-writable each pooled connection fails at most one write (it is retired on its first
 * read-only error); with it, no write fails (read-only connections are never lent).
 *
 * <p>Simulated without touching what other tests use: on PostgreSQL, a role of this test's own
 * whose new sessions are read-only ({@code ALTER ROLE ... SET default_transaction_read_only});
 * on MariaDB, which has no per-user session defaults and whose global read_only would stop every
 * other non-root user's writes, the pool's DataSource points new connections at sessions made
 * read-only at connect time ({@code sessionVariables=tx_read_only=1}), as a node that must not
 * take writes would be; the server then refuses writes with error 1792.
 */
@Timeout(90)
class ReadOnlyFailoverTest {

    private static final String ROLE = "eddy_failover";
    private static final String MARIA_PASSWORD = "Fail0ver-Pw";
    private static final String TABLE = "eddy_failover_writes";
    private static final long FLIP_BACK_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The database side: make new sessions read-only, and writable again. */
    interface Node {
        void readOnly(boolean on) throws SQLException;
    }

    /** Outcome of one run: failed writes by physical connection, and when they began. */
    record Run(int writes, Map<Long, Integer> failuresByConnection, Map<String, Integer> failureKinds,
            long lastFailureAfterFlipBackMs, int writesAfterGrace, long readOnlyClosed, long creationFailures) {
        int failures() {
            return failuresByConnection.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    // ---- PostgreSQL ------------------------------------------------------------------------

    private static Node postgresRole() throws SQLException {
        try (Connection admin = Server.POSTGRES.connect(); Statement s = admin.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("ALTER ROLE " + ROLE + " RESET default_transaction_read_only");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, note text)");
            s.execute("GRANT INSERT ON " + TABLE + " TO " + ROLE);
            s.execute("GRANT USAGE ON SEQUENCE " + TABLE + "_id_seq TO " + ROLE);
        }
        return on -> {
            try (Connection admin = Server.POSTGRES.connect(); Statement s = admin.createStatement()) {
                s.execute(on ? "ALTER ROLE " + ROLE + " SET default_transaction_read_only = on"
                        : "ALTER ROLE " + ROLE + " RESET default_transaction_read_only");
            }
        };
    }

    private static void dropPostgres() throws SQLException {
        try (Connection admin = Server.POSTGRES.connect(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + ROLE + "'");
        }
        try (Connection admin = Server.POSTGRES.connect(); Statement s = admin.createStatement()) {
            s.execute("DO $$ BEGIN DROP ROLE IF EXISTS " + ROLE + "; EXCEPTION WHEN dependent_objects_still_exist"
                    + " OR object_in_use THEN NULL; END $$");
        } catch (SQLException e) {
            // sessions still exiting: the role stays for the next run, which reuses it
        }
    }

    private static EddyConfig.Builder postgresPool(String name) {
        return EddyConfig.builder().poolName(name).jdbcUrl(Server.POSTGRES.url()).username(ROLE)
                .dataSourceProperty("ApplicationName", name);
    }

    @Test
    @RequiresPostgres
    void postgresEachConnectionFailsAtMostOneWrite() throws Exception {
        Node node = postgresRole();
        try {
            Run run = writeThroughFailover(postgresPool(poolName("s12ro-pg")), node, c -> c.unwrap(PGConnection.class).getBackendPID());
            assertAtMostOnePerConnection("PostgreSQL (ALTER ROLE ... SET default_transaction_read_only)", run, "25006");
        } finally {
            node.readOnly(false);
            dropPostgres();
        }
    }

    @Test
    @RequiresPostgres
    void postgresValidateWritableFailsNoWrite() throws Exception {
        Node node = postgresRole();
        try {
            Run run = writeThroughFailover(postgresPool(poolName("s12ro-pgv")).validateWritable(true), node,
                    c -> c.unwrap(PGConnection.class).getBackendPID());
            assertNoneFailed("PostgreSQL", run);
        } finally {
            node.readOnly(false);
            dropPostgres();
        }
    }

    @Test
    @RequiresPostgres
    void readOnlyErrorsOfAReadOnlyPoolOrOfTheBorrowersOwnChoiceRetireNothing() throws Exception {
        Node node = postgresRole();
        try (EddyDataSource readOnlyPool = new EddyDataSource(postgresPool(poolName("s12ro-ropool")).minSize(1).maxSize(1)
                .readOnly(true).autoCommit(false).build());
                EddyDataSource writePool = new EddyDataSource(postgresPool(poolName("s12ro-wpool")).minSize(1).maxSize(1).build())) {
            for (EddyDataSource pool : List.of(readOnlyPool, writePool)) {
                for (int i = 0; i < 3; i++) {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        if (pool == writePool) {
                            c.setAutoCommit(false);
                            c.setReadOnly(true); // e.g. @Transactional(readOnly = true)
                        }
                        s.executeUpdate("INSERT INTO " + TABLE + " (note) VALUES ('ro')");
                        throw new AssertionError("a read-only transaction took a write");
                    } catch (SQLException e) {
                        assertThat(e.getSQLState()).isEqualTo("25006");
                    }
                }
                assertThat(pool.stats().closedByReason().get(CloseReason.READ_ONLY)).as(pool.getPoolName()).isZero();
                assertThat(pool.stats().created()).as("connections opened by %s", pool.getPoolName()).isEqualTo(1);
            }
        } finally {
            dropPostgres();
        }
    }

    /**
     * The pre-ping's half of validate-writable: a connection whose session turned read-only
     * while idle (here by its last borrower, the only way to turn an existing session) fails its
     * pre-ping and is replaced before it is lent; without the check the next write fails.
     */
    @Test
    @RequiresPostgres
    void validateWritablePrePingReplacesAConnectionThatTurnedReadOnly() throws Exception {
        Node node = postgresRole();
        try {
            for (boolean validate : List.of(true, false)) {
                try (EddyDataSource pool = new EddyDataSource(postgresPool(poolName("s12ro-ping")).minSize(1).maxSize(1)
                        .validateWritable(validate).keepaliveTime(Duration.ZERO).build())) {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SET default_transaction_read_only = on");
                    }
                    Thread.sleep(700); // past the 500 ms in which a returned connection is lent untested
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.executeUpdate("INSERT INTO " + TABLE + " (note) VALUES ('after')");
                        assertThat(validate).as("the write succeeded, so the check replaced the connection").isTrue();
                    } catch (SQLException e) {
                        assertThat(validate).as("the write failed: %s", e.getMessage()).isFalse();
                        assertThat(e.getSQLState()).isEqualTo("25006");
                    }
                    assertThat(pool.stats().closedByReason().get(CloseReason.VALIDATION_FAILED)).isEqualTo(validate ? 1 : 0);
                }
            }
        } finally {
            dropPostgres();
        }
    }

    // ---- MariaDB ---------------------------------------------------------------------------

    /** New connections of this DataSource reach a read-only session while {@link #readOnly} is on. */
    static final class SwitchableMariaDb implements DataSource {
        volatile boolean readOnly;

        @Override
        public Connection getConnection() throws SQLException {
            return getConnection(ROLE, MARIA_PASSWORD);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            p.setProperty("connectTimeout", "15000");
            if (readOnly) {
                p.setProperty("sessionVariables", "tx_read_only=1");
            }
            return DriverManager.getConnection(Server.MARIADB.url(), p);
        }

        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }

    private static SwitchableMariaDb mariaDb() throws SQLException {
        try (Connection admin = Server.MARIADB.connect(); Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigint AUTO_INCREMENT PRIMARY KEY, note text)");
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + ROLE + "'@'" + host + "' IDENTIFIED BY '" + MARIA_PASSWORD + "'");
                s.execute("GRANT INSERT, SELECT ON test." + TABLE + " TO '" + ROLE + "'@'" + host + "'");
            }
        }
        return new SwitchableMariaDb();
    }

    private static void dropMariaDb() throws SQLException {
        try (Connection admin = Server.MARIADB.connect(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("DROP USER IF EXISTS '" + ROLE + "'@'" + host + "'");
            }
        }
    }

    private static EddyConfig.Builder mariaDbPool(String name, SwitchableMariaDb ds) {
        return EddyConfig.builder().poolName(name).dataSource(ds);
    }

    @Test
    @RequiresMariaDb
    void mariaDbEachConnectionFailsAtMostOneWrite() throws Exception {
        SwitchableMariaDb ds = mariaDb();
        try {
            Run run = writeThroughFailover(mariaDbPool(poolName("s12ro-maria"), ds), on -> ds.readOnly = on,
                    c -> c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId());
            assertAtMostOnePerConnection("MariaDB (sessions read-only at connect)", run, "1792");
        } finally {
            dropMariaDb();
        }
    }

    @Test
    @RequiresMariaDb
    void mariaDbValidateWritableFailsNoWrite() throws Exception {
        SwitchableMariaDb ds = mariaDb();
        try {
            Run run = writeThroughFailover(mariaDbPool(poolName("s12ro-mariav"), ds).validateWritable(true), on -> ds.readOnly = on,
                    c -> c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId());
            assertNoneFailed("MariaDB", run);
        } finally {
            dropMariaDb();
        }
    }

    // ---- the workload ----------------------------------------------------------------------

    interface SessionId {
        long of(Connection c) throws SQLException;
    }

    /**
     * 32 threads insert rows through a pool of 8 connections that live 1 s (so that new
     * connections keep being opened, as after a failover DNS keeps sending them somewhere): 1 s
     * writable, 2 s read-only, 2.5 s writable again.
     */
    private static Run writeThroughFailover(EddyConfig.Builder config, Node node, SessionId sessionId) throws Exception {
        config.minSize(8).maxSize(8).maxLifetime(Duration.ofSeconds(1)).connectionTimeout(Duration.ofSeconds(15))
                .validationTimeout(Duration.ofSeconds(2)).housekeepingPeriod(Duration.ofMillis(100))
                .initializationFailTimeout(Duration.ofSeconds(5)).shutdownGracePeriod(Duration.ofSeconds(1));
        Map<Long, Integer> failuresByConnection = new ConcurrentHashMap<>();
        Map<String, Integer> failureKinds = new ConcurrentHashMap<>();
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger writesAfterGrace = new AtomicInteger();
        AtomicLong flippedBackAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastFailureStartedAt = new AtomicLong();
        EddyDataSource pool = new EddyDataSource(config.build());
        long readOnlyClosed;
        long creationFailures;
        try {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(32);
            for (int t = 0; t < 32; t++) {
                workers.submit(() -> {
                    while (running.get()) {
                        long id = -1;
                        long begun = 0;
                        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                            id = sessionId.of(c);
                            begun = System.nanoTime();
                            s.executeUpdate("INSERT INTO " + TABLE + " (note) VALUES ('w')");
                            writes.incrementAndGet();
                            if (begun - flippedBackAt.get() - FLIP_BACK_GRACE_NANOS > 0) {
                                writesAfterGrace.incrementAndGet();
                            }
                        } catch (SQLException e) {
                            failuresByConnection.merge(id, 1, Integer::sum);
                            failureKinds.merge(e.getSQLState() + "/" + e.getErrorCode(), 1, Integer::sum);
                            lastFailureStartedAt.accumulateAndGet(begun == 0 ? System.nanoTime() : begun, Math::max);
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1000);
            node.readOnly(true);
            Thread.sleep(2000);
            node.readOnly(false);
            flippedBackAt.set(System.nanoTime());
            Thread.sleep(2500);
            running.set(false);
            workers.shutdown();
            assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            readOnlyClosed = pool.stats().closedByReason().get(CloseReason.READ_ONLY);
            creationFailures = pool.stats().creationFailures();
        } finally {
            closeAndAssertNoThreads(pool);
        }
        long lastFailureMs = lastFailureStartedAt.get() == 0 ? -1 : ms(lastFailureStartedAt.get() - flippedBackAt.get());
        return new Run(writes.get(), Map.copyOf(failuresByConnection), Map.copyOf(failureKinds), lastFailureMs,
                writesAfterGrace.get(), readOnlyClosed, creationFailures);
    }

    private static void assertAtMostOnePerConnection(String server, Run run, String expectedKind) {
        report("12 failover to a read-only node, " + server + ", 32 writing threads, 8 connections, 2 s read-only",
                run.failures() + " failed writes on " + run.failuresByConnection().size() + " connections (at most "
                        + run.failuresByConnection().values().stream().mapToInt(Integer::intValue).max().orElse(0)
                        + " each), " + run.readOnlyClosed() + " retired as read-only; last failure began "
                        + run.lastFailureAfterFlipBackMs() + " ms after the flip back", run.writes() + " writes succeeded, "
                        + run.writesAfterGrace() + " begun over 1 s after the flip back");
        assertThat(run.failures()).as("the node refused writes: the simulation took effect").isGreaterThan(0);
        assertThat(run.failuresByConnection().keySet()).as("every failure on a connection").doesNotContain(-1L);
        assertThat(run.failuresByConnection().values()).as("failed writes per pooled connection").allMatch(n -> n == 1);
        assertThat(run.failureKinds().keySet()).as("SQLState/error code of the failures").allMatch(k -> k.contains(expectedKind));
        assertThat(run.readOnlyClosed()).as("connections retired as read-only").isEqualTo(run.failuresByConnection().size());
        assertThat(run.lastFailureAfterFlipBackMs()).as("ms after the flip back when the last failed write began").isLessThan(1000);
        assertThat(run.writesAfterGrace()).as("writes begun over 1 s after the flip back").isGreaterThan(50);
    }

    private static void assertNoneFailed(String server, Run run) {
        report("12 failover to a read-only node, " + server + ", validate-writable, 32 writing threads, 2 s read-only",
                run.creationFailures() + " new connections refused as read-only, never lent", run.failures() + " failed writes of "
                        + (run.writes() + run.failures()) + "; " + run.writesAfterGrace() + " begun over 1 s after the flip back");
        assertThat(run.failures()).as("failed writes %s", run.failureKinds()).isZero();
        assertThat(run.creationFailures()).as("new connections found read-only: the simulation took effect").isGreaterThan(0);
        assertThat(run.writesAfterGrace()).as("writes begun over 1 s after the flip back").isGreaterThan(50);
    }
}
