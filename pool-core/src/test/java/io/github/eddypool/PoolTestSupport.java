package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.eddypool.testing.DatabaseServers;
import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Shared helpers of the pool-core unit tests: a fast base configuration, polling, and cleanup. */
final class PoolTestSupport {

    /** Building a configuration that {@code change} makes fails with an {@link EddyConfigException} of exactly {@code message}. */
    static void assertRefused(UnaryOperator<EddyConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(EddyConfig.builder().poolName("refused")).build())
                .isInstanceOf(EddyConfigException.class)
                .hasMessage(message);
    }

    /** The default upper bound of {@link #await}: generous, since the machine may be loaded. */
    static final Duration AWAIT = Duration.ofSeconds(5);

    private PoolTestSupport() {
    }

    /**
     * A pool on {@code db} named after it, with short timings: min 1, max 2, housekeeping every
     * 100 ms, connection-timeout 2 s, validation-timeout 500 ms, no shutdown grace.
     */
    static EddyConfig.Builder baseConfig(DriverScript db) {
        return EddyConfig.builder()
                .poolName(db.name())
                .jdbcUrl(db.url())
                .minSize(1)
                .maxSize(2)
                .connectionTimeout(Duration.ofSeconds(2))
                .validationTimeout(Duration.ofMillis(500))
                .housekeepingPeriod(Duration.ofMillis(100))
                .initializationFailTimeout(Duration.ofSeconds(2))
                .shutdownGracePeriod(Duration.ZERO);
    }

    /** Polls {@code condition} every 10 ms until it holds; fails after {@link #AWAIT}. */
    static void await(String what, BooleanSupplier condition) {
        await(what, AWAIT, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, Supplier<?> state) {
        await(what, AWAIT, condition, state);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "");
    }

    /** Polls {@code condition}; on timeout fails with {@code what} and the {@code state} seen last. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Timed out after " + timeout.toMillis() + " ms waiting for: " + what + " " + state.get());
            }
            sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The scripted physical connection behind a pool handle. */
    static ScriptedConnection physical(Connection handle) throws SQLException {
        return handle.unwrap(ScriptedConnection.class);
    }

    /** Live threads of the pool, by the documented naming {@code eddy-<pool>-<job>-<n>}. */
    static List<Thread> poolThreads(String poolName) {
        String prefix = "eddy-" + poolName + "-";
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Pools and threads opened by one test, closed after it. */
    static final class Resources implements AutoCloseable {
        private final List<EddyDataSource> pools = new ArrayList<>();
        private final AtomicInteger threadNumber = new AtomicInteger();
        private final ExecutorService executor = Executors.newCachedThreadPool(daemon());

        EddyDataSource open(EddyConfig.Builder builder) {
            EddyDataSource pool = new EddyDataSource(builder.build());
            pools.add(pool);
            return pool;
        }

        /**
         * Opens the pool {@code builder} describes with {@code server}'s user and password, and checks
         * that its connections reach that server as that user.
         */
        EddyDataSource openAsUserOf(DatabaseServers.Server server, EddyConfig.Builder builder) throws SQLException {
            builder.username(server.user());
            if (!server.password().isEmpty()) {
                builder.password(server.password());
            }
            EddyDataSource pool = open(builder);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(server.user());
            }
            return pool;
        }

        EddyDataSource track(EddyDataSource pool) {
            pools.add(pool);
            return pool;
        }

        ExecutorService executor() {
            return executor;
        }

        private ThreadFactory daemon() {
            return r -> {
                Thread t = new Thread(r, "test-worker-" + threadNumber.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        @Override
        public void close() {
            executor.shutdownNow();
            for (EddyDataSource pool : pools) {
                pool.close();
            }
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
