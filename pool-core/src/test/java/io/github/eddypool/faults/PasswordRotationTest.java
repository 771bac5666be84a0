package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.Credentials;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresMariaDb;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 part 4: the password is rotated ({@code ALTER USER ... IDENTIFIED BY}) on MariaDB
 * (PostgreSQL here trusts every local connection, so it cannot fail authentication) while 16
 * threads query and the pool keeps opening connections (max-lifetime 1 s). The credentials
 * supplier returns the new password: no borrow fails. A supplier that learns the new password
 * only after the server changed it is asked again at once when authentication fails.
 */
@Timeout(60)
@RequiresMariaDb
class PasswordRotationTest {

    private static final String USER = "eddy_rotating";

    private static void setPassword(String password) throws SQLException {
        try (Connection admin = Server.MARIADB.connect(); Statement s = admin.createStatement()) {
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                s.execute("ALTER USER '" + USER + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                s.execute("GRANT SELECT ON test.* TO '" + USER + "'@'" + host + "'");
            }
        }
    }

    @Test
    void rotatingUnderLoadFailsNoBorrow() throws Exception {
        String[] passwords = {"Rot-One-1a", "Rot-Two-2b", "Rot-Three-3c", "Rot-Four-4d"};
        setPassword(passwords[0]);
        AtomicReference<String> secretStore = new AtomicReference<>(passwords[0]);
        AtomicInteger asked = new AtomicInteger();
        EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
                .poolName(poolName("s12rot"))
                .jdbcUrl(Server.MARIADB.url())
                .credentialsSupplier(() -> {
                    asked.incrementAndGet();
                    return new Credentials(USER, secretStore.get());
                })
                .minSize(4).maxSize(8)
                .maxLifetime(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1))
                .housekeepingPeriod(Duration.ofMillis(100))
                .shutdownGracePeriod(Duration.ofSeconds(1))
                .build());
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService workers = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < 16; i++) {
                workers.submit(() -> {
                    while (running.get()) {
                        try (Connection c = pool.getConnection()) {
                            selectOne(c);
                            served.incrementAndGet();
                        } catch (SQLException e) {
                            failures.add(e.getMessage());
                        }
                    }
                    return null;
                });
            }
            for (int round = 1; round < passwords.length; round++) {
                Thread.sleep(700);
                // The usual order of a rotation: the secret store gets the new password, then the database.
                secretStore.set(passwords[round]);
                setPassword(passwords[round]);
            }
            Thread.sleep(1500);   // every connection opened before the last rotation has expired
            long createdBefore = pool.stats().created();
            Thread.sleep(1200);
            assertThat(pool.stats().created()).as("connections opened with the last password").isGreaterThan(createdBefore);
        } finally {
            running.set(false);
            workers.shutdown();
            assertThat(workers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            closeAndAssertNoThreads(pool);
        }
        report("12 password rotation (MariaDB, 3 rotations under 16 threads, max-lifetime 1 s)",
                served.get() + " queries served, " + failures.size() + " failed", "supplier asked " + asked.get() + " times");
        assertThat(failures).as("failed borrows during the rotations").isEmpty();
        assertThat(served.get()).isGreaterThan(100);
    }

    /** The database changes first and the supplier learns the new password a moment later: asked again at once. */
    @Test
    void anAuthenticationFailureAsksTheSupplierAgainAtOnce() throws Exception {
        setPassword("Before-Pw-1");
        AtomicInteger calls = new AtomicInteger();
        // The first answer after the rotation is stale; the next one is current.
        AtomicReference<String> stale = new AtomicReference<>();
        EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
                .poolName(poolName("s12reask"))
                .jdbcUrl(Server.MARIADB.url())
                .credentialsSupplier(() -> {
                    calls.incrementAndGet();
                    String once = stale.getAndSet(null);
                    return new Credentials(USER, once != null ? once : "After-Pw-2");
                })
                .minSize(0).maxSize(1)
                .initializationFailTimeout(Duration.ofMillis(-1))
                .connectionTimeout(Duration.ofSeconds(5))
                .shutdownGracePeriod(Duration.ZERO)
                .build());
        try {
            setPassword("After-Pw-2");
            stale.set("Before-Pw-1");
            calls.set(0);
            long t0 = System.nanoTime();
            try (Connection c = pool.getConnection()) {
                assertThat(selectOne(c)).isEqualTo(1);
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(calls.get()).as("supplier asked twice: the stale answer, then again at once").isEqualTo(2);
            assertThat(pool.stats().creationFailures()).as("the retry is part of one attempt").isZero();
            assertThat(tookMs).as("no back-off between the two").isLessThan(2_000);
        } finally {
            closeAndAssertNoThreads(pool);
        }
    }
}
