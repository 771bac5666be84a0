package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.PgBouncer;
import io.github.eddypool.testing.RequiresPgBouncer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 part 1: the pool in front of a real PgBouncer in transaction mode
 * ({@code .ci/pgbouncer/pgbouncer.ini}: 4 server connections per user and database), with and
 * without the {@code transaction-pooler} preset.
 */
@Timeout(90)
@RequiresPgBouncer
class TransactionPoolerTest {

    private static final String TABLE = "eddy_pgbouncer_tx";

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection c = Server.POSTGRES.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id serial PRIMARY KEY, note text)");
            s.execute("TRUNCATE " + TABLE);
        }
    }

    @AfterAll
    static void dropTable() throws SQLException {
        try (Connection c = Server.POSTGRES.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    private static EddyConfig.Builder throughPgBouncer(String name) {
        Server bouncer = Server.PGBOUNCER;
        EddyConfig.Builder b = EddyConfig.builder().poolName(name).jdbcUrl(bouncer.url()).username(bouncer.user())
                .minSize(2).maxSize(12).connectionTimeout(Duration.ofSeconds(10)).validationTimeout(Duration.ofSeconds(2))
                .housekeepingPeriod(Duration.ofMillis(100)).initializationFailTimeout(Duration.ofSeconds(5))
                .shutdownGracePeriod(Duration.ofSeconds(1));
        if (!bouncer.password().isEmpty()) {
            b.password(bouncer.password());
        }
        return b;
    }

    /** Outcome of the prepared-statement workload. */
    record Outcome(int executions, List<String> errors, long preparedStatementErrors) {
    }

    /**
     * 12 threads, 12 pooled connections, 4 server connections behind PgBouncer: each thread runs
     * the same three prepared statements again and again, so pgjdbc (prepareThreshold 5 by
     * default) prepares them on the server as S_1, S_2, ... and the next transaction finds a
     * server connection that does not have them, or has another statement of that name.
     */
    private Outcome preparedStatementsFor(Duration duration, EddyConfig config) throws Exception {
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger executions = new AtomicInteger();
        EddyDataSource pool = new EddyDataSource(config);
        try {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(12);
            for (int t = 0; t < 12; t++) {
                int thread = t;
                workers.submit(() -> {
                    int i = 0;
                    while (running.get()) {
                        String sql = switch ((thread + i++) % 3) {
                            case 0 -> "SELECT ?::int + 1";
                            case 1 -> "SELECT ?::int * 2, 'x'";
                            default -> "SELECT length(?::text)";
                        };
                        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                            for (int k = 0; k < 3; k++) {
                                ps.setString(1, Integer.toString(k));
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                }
                                executions.incrementAndGet();
                            }
                        } catch (SQLException e) {
                            errors.add(e.getSQLState() + " " + e.getMessage());
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(duration.toMillis());
            running.set(false);
            workers.shutdown();
            assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            closeAndAssertNoThreads(pool);
        }
        long prepared = errors.stream().filter(m -> m.matches("(?s).*prepared statement \"?S_\\d+\"? (does not exist|already exists).*")).count();
        return new Outcome(executions.get(), List.copyOf(errors), prepared);
    }

    @Test
    void preparedStatementsCrossServerConnectionsWithoutThePresetAndNotWithIt() throws Exception {
        Outcome without = preparedStatementsFor(Duration.ofMillis(1500), throughPgBouncer(poolName("s12pgb-noprep")).build());
        Outcome with;
        try (LogCapture logs = LogCapture.install()) {
            with = preparedStatementsFor(Duration.ofMillis(1500),
                    throughPgBouncer(poolName("s12pgb-prep")).transactionPooler(true).build());
            assertThat(logs.atLeast(Level.WARN)).as("no setting contradicts the preset").noneMatch(
                    e -> e.message().contains("transaction-pooler is on"));
        }
        report("12 PgBouncer transaction mode, prepared statements (12 threads, 12 pooled, 4 server connections, 1.5 s)",
                "without transaction-pooler: " + without.preparedStatementErrors() + " 'prepared statement S_n does not exist/already exists'"
                        + " of " + (without.executions() + without.errors().size()) + "; with it: " + with.errors().size() + " errors",
                with.executions() + " executions with the preset");
        assertThat(without.preparedStatementErrors()).as("the classic failure, without the preset; errors: %s",
                without.errors().stream().limit(3).toList()).isGreaterThan(0);
        assertThat(with.errors()).as("errors with the preset").isEmpty();
        assertThat(with.executions()).isGreaterThan(500);
    }

    @Test
    void uncommittedWorkIsRolledBackOnReturnAndFreesTheServerConnection() throws Exception {
        EddyDataSource pool = new EddyDataSource(throughPgBouncer(poolName("s12pgb-tx")).transactionPooler(true).build());
        AtomicInteger failures = new AtomicInteger();
        try {
            // 8 threads, 12 pooled connections, 4 server connections: a transaction left open on
            // return would hold its server connection, and after 4 of them every other client waits.
            ExecutorService workers = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                int thread = t;
                workers.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (Connection c = pool.getConnection()) {
                            if ((thread + i) % 2 == 0) {
                                c.setAutoCommit(false); // JDBC transaction, never committed
                                try (Statement s = c.createStatement()) {
                                    s.execute("INSERT INTO " + TABLE + " (note) VALUES ('jdbc')");
                                }
                            } else {
                                try (Statement s = c.createStatement()) { // a transaction begun in SQL
                                    s.execute("BEGIN");
                                    s.execute("INSERT INTO " + TABLE + " (note) VALUES ('sql')");
                                }
                            }
                        } catch (SQLException e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            workers.shutdown();
            assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows of uncommitted transactions").isZero();
            }
        } finally {
            closeAndAssertNoThreads(pool);
        }
        assertThat(failures.get()).as("borrows that failed").isZero();
        for (List<String> row : PgBouncer.admin("SHOW POOLS")) {
            if (row.get(0).equals("test")) { // database, user, cl_active, cl_waiting, ..., sv_active (7th)
                assertThat(row.get(6)).as("server connections still in a transaction: %s", row).isEqualTo("0");
            }
        }
        report("12 PgBouncer: 200 transactions left open on return (JDBC and SQL BEGIN), 8 threads, 4 server connections",
                "rolled back on return, server connection freed", "0 failed borrows, 0 rows left");
    }

    @Test
    void keepaliveAndPrePingReplaceConnectionsPgBouncerDropped() throws Exception {
        // keepalive: idle connections are tested through the pooler on their own
        EddyDataSource kept = new EddyDataSource(throughPgBouncer(poolName("s12pgb-keep")).transactionPooler(true)
                .minSize(3).maxSize(3).maxLifetime(Duration.ofMinutes(5)).keepaliveTime(Duration.ofSeconds(1)).build());
        // pre-ping: tested when borrowed, no keepalive
        EddyDataSource pinged = new EddyDataSource(throughPgBouncer(poolName("s12pgb-ping")).transactionPooler(true)
                .minSize(3).maxSize(3).keepaliveTime(Duration.ZERO).build());
        try {
            assertThat(await(Duration.ofSeconds(10), () -> kept.stats().idle() == 3 && pinged.stats().idle() == 3)).isTrue();
            Thread.sleep(1200); // both keepalive tests and pre-pings pass through the pooler first
            assertThat(kept.stats().closedByReason().get(CloseReason.VALIDATION_FAILED)).isZero();
            try (Connection c = pinged.getConnection()) {
                assertThat(selectOne(c)).isEqualTo(1);
            }
            assertThat(pinged.stats().closedByReason().get(CloseReason.VALIDATION_FAILED)).isZero();
            // PgBouncer drops every client connection to the database
            PgBouncer.admin("KILL test");
            PgBouncer.admin("RESUME test");
            long killedAt = System.nanoTime();
            assertThat(await(Duration.ofSeconds(15), () -> kept.stats().closedByReason().get(CloseReason.VALIDATION_FAILED) >= 3
                    && kept.stats().idle() == 3)).as("keepalive found the dropped connections and replaced them").isTrue();
            long keepaliveMs = ms(System.nanoTime() - killedAt);
            try (Connection c = kept.getConnection()) {
                assertThat(selectOne(c)).isEqualTo(1);
            }
            int failures = 0;
            for (int i = 0; i < 3; i++) {
                try (Connection c = pinged.getConnection()) { // each idle since before the kill: pre-pinged
                    assertThat(selectOne(c)).isEqualTo(1);
                } catch (SQLException e) {
                    failures++;
                }
            }
            assertThat(failures).as("borrows that failed after the kill").isZero();
            assertThat(pinged.stats().closedByReason().get(CloseReason.VALIDATION_FAILED)).isGreaterThanOrEqualTo(1);
            report("12 PgBouncer KILL of all client connections, idle pool", "keepalive replaced all 3 idle in " + keepaliveMs
                    + " ms (keepalive-time 1 s); pre-ping replaced the dead ones at borrow", "0 failed borrows");
        } finally {
            closeAndAssertNoThreads(kept);
            closeAndAssertNoThreads(pinged);
        }
    }

    @Test
    void poolRecoversFromAPgBouncerRestartUnderLoad() throws Exception {
        EddyDataSource pool = new EddyDataSource(throughPgBouncer(poolName("s12pgb-restart")).transactionPooler(true)
                .minSize(8).maxSize(8).connectionTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofMillis(500)).build());
        AtomicLong lastFailureAt = new AtomicLong();
        AtomicLong firstSuccessAfterRestart = new AtomicLong();
        AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Map<String, Integer> failureKinds = new ConcurrentHashMap<>();
        try {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                workers.submit(() -> {
                    while (running.get()) {
                        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT ?::int")) {
                            ps.setInt(1, 1);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                            }
                            served.incrementAndGet();
                            long now = System.nanoTime();
                            if (now - restartedAt.get() > 0) {
                                firstSuccessAfterRestart.compareAndSet(0, now);
                            }
                        } catch (SQLException e) {
                            failures.incrementAndGet();
                            failureKinds.merge(String.valueOf(e.getSQLState()), 1, Integer::sum);
                            lastFailureAt.set(System.nanoTime());
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1000);
            int servedBefore = served.get();
            long stoppedAt = System.nanoTime();
            PgBouncer.admin("SHUTDOWN");
            assertThat(await(Duration.ofSeconds(10), () -> !portOpen(Server.PGBOUNCER.port()))).as("PgBouncer stopped").isTrue();
            String notStarted = PgBouncer.start();
            assertThat(notStarted).as("PgBouncer restarted").isNull();
            restartedAt.set(System.nanoTime());
            Thread.sleep(3000);
            running.set(false);
            workers.shutdown();
            assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            long downMs = ms(restartedAt.get() - stoppedAt);
            long recoveredMs = firstSuccessAfterRestart.get() == 0 ? -1 : ms(firstSuccessAfterRestart.get() - restartedAt.get());
            long lastFailureMs = lastFailureAt.get() == 0 ? -1 : ms(lastFailureAt.get() - restartedAt.get());
            report("12 PgBouncer restart (SHUTDOWN, start again) under load, 8 threads, 8 connections",
                    "first query served " + recoveredMs + " ms after PgBouncer was back (down " + downMs + " ms); last failure "
                            + lastFailureMs + " ms after", failures.get() + " failed of " + (served.get() + failures.get())
                            + " requests " + failureKinds + " (" + servedBefore + " served in the second before)");
            assertThat(servedBefore).isGreaterThan(50);
            assertThat(firstSuccessAfterRestart.get()).as("a query served after the restart").isNotZero();
            assertThat(recoveredMs).as("ms from the restart to the first query served").isLessThan(5000);
            assertThat(lastFailureMs).as("ms from the restart to the last failed request").isLessThan(5000);
            assertThat(pool.stats().total()).isEqualTo(8);
        } finally {
            closeAndAssertNoThreads(pool);
            PgBouncer.start(); // for the next test, whatever happened here
        }
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
