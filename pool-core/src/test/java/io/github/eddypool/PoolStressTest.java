package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.RequiresPostgres;
import io.github.eddypool.testing.ScriptedConnection;
import io.github.eddypool.testing.ScriptedDriver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Many threads borrow, use and return connections at random while evictions, resizes,
 * suspensions and broken connections happen. Asserts the pool's invariants throughout:
 * no physical connection is ever held by two borrowers at once, snapshots add up, and after
 * close() nothing is left open and no pool thread survives.
 */
class PoolStressTest {

    private static final int WORKERS = 16;

    @Test
    void scriptedDriverUnderChaos() throws Exception {
        DriverScript script = ScriptedDriver.newScript("stress");
        EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
                .poolName("stress-scripted")
                .jdbcUrl(script.url())
                .minSize(2).maxSize(8)
                .connectionTimeout(Duration.ofSeconds(2))
                .housekeepingPeriod(Duration.ofMillis(100))
                .maxLifetime(Duration.ofSeconds(1))
                .maxQueries(50)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .build());
        Function<Connection, Object> identity = c -> unwrap(c, ScriptedConnection.class);
        Result r = run(pool, identity, Duration.ofSeconds(4), true, (c, rnd) -> {
            if (rnd.nextInt(50) == 0) {
                c.unwrap(ScriptedConnection.class).markBroken("08006"); // the server drops the session
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
                rs.next();
            }
        });
        assertThat(r.violations).as("ownership violations").isEmpty();
        assertThat(r.borrows.get()).isGreaterThan(1000);

        awaitQuiet(pool);
        PoolStats s = pool.stats();
        assertThat(s.active()).isZero();
        assertThat(s.total()).isEqualTo(s.active() + s.idle());
        assertThat(s.created() - s.closedTotal()).as("created - closed == open, %s", s).isEqualTo(s.total());
        assertThat(s.closedByReason().get(CloseReason.BROKEN)).isPositive();
        assertThat(s.closedByReason().get(CloseReason.MAX_QUERIES)).isPositive();

        pool.close();
        assertThat(script.open()).as("physical connections left open").isZero();
        assertThat(pool.stats().created()).isEqualTo(pool.stats().closedTotal());
        assertThat(poolThreads("stress-scripted")).isEmpty();
    }

    @Test
    @RequiresPostgres
    void postgresUnderChaosLeavesNoSession() throws Exception {
        Server pg = Server.POSTGRES;
        String appName = "eddy-stress-" + System.nanoTime();
        EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
                .poolName("stress-pg")
                .jdbcUrl(pg.url()).username(pg.user()).password(pg.password())
                .dataSourceProperty("ApplicationName", appName)
                .minSize(2).maxSize(6)
                .connectionTimeout(Duration.ofSeconds(5))
                .housekeepingPeriod(Duration.ofMillis(100))
                .build());
        Function<Connection, Object> identity = c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        Result r = run(pool, identity, Duration.ofSeconds(3), false, (c, rnd) -> {
            try (PreparedStatement ps = c.prepareStatement("select ?::int + 1")) {
                ps.setInt(1, rnd.nextInt(1000));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        });
        assertThat(r.violations).isEmpty();
        assertThat(r.borrows.get()).isGreaterThan(100);
        assertThat(sessionsOf(pg, appName)).isPositive();

        pool.close();
        // Every connection is closed when close() returns; the server needs a moment to end the
        // backends, so poll briefly rather than race it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int left = sessionsOf(pg, appName);
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = sessionsOf(pg, appName);
        }
        assertThat(left).as("sessions of the pool left on the server").isZero();
        assertThat(poolThreads("stress-pg")).isEmpty();
        PoolStats s = pool.stats();
        assertThat(s.created()).isEqualTo(s.closedTotal());
    }

    interface Work {
        void on(Connection c, ThreadLocalRandom rnd) throws SQLException;
    }

    private static final class Result {
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicLong borrows = new AtomicLong();
    }

    private static Result run(EddyDataSource pool, Function<Connection, Object> identity, Duration duration,
            boolean chaos, Work work) throws InterruptedException {
        Result result = new Result();
        Map<Object, Thread> holders = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            threads.add(new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    try (Connection c = pool.getConnection()) {
                        result.borrows.incrementAndGet();
                        Object physical = identity.apply(c);
                        Thread other = holders.putIfAbsent(physical, Thread.currentThread());
                        if (other != null) {
                            result.violations.add(physical + " lent to " + Thread.currentThread().getName()
                                    + " while held by " + other.getName());
                        }
                        if (rnd.nextBoolean()) {
                            c.setAutoCommit(false);
                        }
                        work.on(c, rnd);
                        if (rnd.nextInt(4) == 0) {
                            Thread.onSpinWait();
                            Thread.yield();
                        }
                        holders.remove(physical, Thread.currentThread());
                    } catch (SQLTransientConnectionException e) {
                        // timeouts are allowed while suspended or resized down
                    } catch (SQLException | RuntimeException e) {
                        if (!isExpected(e)) {
                            result.violations.add("unexpected: " + e);
                        }
                    }
                }
            }, "stress-worker-" + i));
        }
        Thread chaosThread = new Thread(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                switch (rnd.nextInt(5)) {
                    case 0: pool.softEvictAll(); break;
                    case 1: {
                        int max = 2 + rnd.nextInt(8);
                        pool.resize(rnd.nextInt(Math.min(max, 4) + 1), max);
                        break;
                    }
                    case 2:
                        pool.suspend();
                        sleep(20);
                        pool.resume();
                        break;
                    default:
                        PoolStats s = pool.stats();
                        if (s.total() != s.active() + s.idle() || s.active() > WORKERS || s.pending() > WORKERS) {
                            result.violations.add("inconsistent snapshot " + s);
                        }
                }
                sleep(30);
            }
            pool.resize(2, 8);
            pool.resume();
        }, "stress-chaos");
        threads.forEach(Thread::start);
        if (chaos) {
            chaosThread.start();
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        if (chaos) {
            chaosThread.join(10_000);
        }
        return result;
    }

    private static boolean isExpected(Exception e) {
        // A connection deliberately broken by the work fails its next calls.
        String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
        return state != null && state.startsWith("08");
    }

    private static void awaitQuiet(EddyDataSource pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            PoolStats s = pool.stats();
            if (s.active() == 0 && s.created() - s.closedTotal() == s.total()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    static List<String> poolThreads(String poolName) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> names;
        do {
            names = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith("eddy-" + poolName + "-"))
                    .toList();
            if (names.isEmpty()) {
                return names;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return names;
    }

    private static int sessionsOf(Server pg, String appName) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
            ps.setString(1, appName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static <T> T unwrap(Connection c, Class<T> type) {
        try {
            return c.unwrap(type);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
