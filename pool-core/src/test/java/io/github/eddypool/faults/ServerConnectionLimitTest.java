package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 part 2: the server says "too many connections" (a role's CONNECTION LIMIT on
 * PostgreSQL, an account's MAX_USER_CONNECTIONS on MariaDB). That is back-pressure: the pool keeps
 * serving with the connections it has, stops trying to grow for a while, says so once, and shows
 * it in its stats. No request that the existing connections could serve fails.
 */
@Timeout(60)
class ServerConnectionLimitTest {

    private static final String PG_ROLE = "eddy_limited";
    private static final String MARIA_LIMITED = "eddy_limited";
    private static final String MARIA_LIMITED_PASSWORD = "L1mited-Pw";
    private static final int LIMIT = 3;

    @Test
    @RequiresPostgres
    void postgresRoleConnectionLimit() throws Exception {
        try (Connection admin = Server.POSTGRES.connect(); Statement s = admin.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE " + PG_ROLE + " LOGIN CONNECTION LIMIT " + LIMIT
                    + "; EXCEPTION WHEN duplicate_object THEN ALTER ROLE " + PG_ROLE + " CONNECTION LIMIT " + LIMIT + "; END $$");
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + PG_ROLE + "'");
            // Terminated sessions still count against the limit until their backends have exited.
            assertThat(await(Duration.ofSeconds(10), () -> {
                try (java.sql.ResultSet rs = s.executeQuery(
                        "select count(*) from pg_stat_activity where usename = '" + PG_ROLE + "'")) {
                    rs.next();
                    return rs.getInt(1) == 0;
                }
            })).as("no session of %s left from an earlier run", PG_ROLE).isTrue();
        }
        String name = poolName("s12full");
        EddyConfig.Builder config = EddyConfig.builder().poolName(name).jdbcUrl(Server.POSTGRES.url())
                .username(PG_ROLE).dataSourceProperty("ApplicationName", name);
        underLoad(config, "select pg_sleep(0.02)", "too many connections for role");
    }

    @Test
    @RequiresMariaDb
    void mariaDbMaxUserConnections() throws Exception {
        try (Connection admin = Server.MARIADB.connect(); Statement s = admin.createStatement()) {
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + MARIA_LIMITED + "'@'" + host + "' IDENTIFIED BY '"
                        + MARIA_LIMITED_PASSWORD + "' WITH MAX_USER_CONNECTIONS " + LIMIT);
                s.execute("ALTER USER '" + MARIA_LIMITED + "'@'" + host + "' WITH MAX_USER_CONNECTIONS " + LIMIT);
                s.execute("GRANT SELECT ON test.* TO '" + MARIA_LIMITED + "'@'" + host + "'");
            }
        }
        String name = poolName("s12full-maria");
        EddyConfig.Builder config = EddyConfig.builder().poolName(name).jdbcUrl(Server.MARIADB.url())
                .username(MARIA_LIMITED).password(MARIA_LIMITED_PASSWORD);
        underLoad(config, "select sleep(0.02)", "max_user_connections");
    }

    /** 12 threads, 20 ms queries, for 3 s, against a pool allowed 8 by a server that allows 3. */
    private void underLoad(EddyConfig.Builder config, String query, String serverSays) throws Exception {
        config.minSize(1).maxSize(8).connectionTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1))
                .initializationFailTimeout(Duration.ofSeconds(5)).housekeepingPeriod(Duration.ofMillis(200))
                .shutdownGracePeriod(Duration.ofSeconds(1));
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        AtomicBoolean sawServerFull = new AtomicBoolean();
        int maxTotal;
        long failedAttempts;
        try (LogCapture logs = LogCapture.install()) {
            EddyDataSource pool = new EddyDataSource(config.build());
            try {
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService workers = Executors.newFixedThreadPool(12);
                for (int i = 0; i < 12; i++) {
                    workers.submit(() -> {
                        while (running.get()) {
                            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                                st.execute(query);
                                served.incrementAndGet();
                            } catch (SQLException e) {
                                failures.add(e.getMessage());
                            }
                        }
                        return null;
                    });
                }
                int seenMax = 0;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < end) {
                    seenMax = Math.max(seenMax, pool.stats().total());
                    sawServerFull.compareAndSet(false, pool.stats().serverFull());
                    Thread.sleep(20);
                }
                running.set(false);
                workers.shutdown();
                assertThat(workers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
                maxTotal = seenMax;
                failedAttempts = pool.stats().creationFailures();
            } finally {
                closeAndAssertNoThreads(pool);
            }
            List<LogCapture.Entry> warnings = logs.atLeast(Level.WARN).stream()
                    .filter(e -> e.message().contains("refuses more connections")).toList();
            report("12 server full (" + serverSays + ", limit " + LIMIT + ", max-size 8, 12 threads, 3 s)",
                    served.get() + " queries served, " + failures.size() + " failed; pool held at most " + maxTotal,
                    failedAttempts + " refused connection attempts; " + warnings.size() + " WARN");
            assertThat(failures).as("requests that failed although the pool's connections could serve them").isEmpty();
            assertThat(served.get()).isGreaterThan(100);
            assertThat(maxTotal).as("connections held, against the server's limit").isLessThanOrEqualTo(LIMIT);
            assertThat(sawServerFull.get()).as("stats showed the server full").isTrue();
            assertThat(warnings).as("one clear WARN").hasSize(1);
            assertThat(warnings.get(0).message()).contains(serverSays).contains("max-size 8 cannot be reached");
            // The attempts in flight when the server first refused (creation-concurrency 4), then one probe per 5 s.
            assertThat(failedAttempts).as("attempts against the full server in 3 s").isLessThanOrEqualTo(5);
        }
    }
}
