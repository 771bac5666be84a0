package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.await;
import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedDriver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11: a timeout that explains itself: why no connection could be had, who holds the
 * connections and what they are doing now, and the queue.
 */
@Timeout(60)
class TimeoutExplanationTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    /** Holds a connection for {@code millis} without running SQL: the frame the report must name. */
    private static void holdWithoutSql(Connection c, long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @Test
    void holdersDoingNoSqlAreReportedIdleWithTheirMethod() throws Exception {
        DriverScript db = ScriptedDriver.newScript("explain-idle");
        EddyDataSource pool = res.open(baseConfig(db).minSize(3).maxSize(3).connectionTimeout(Duration.ofSeconds(1)));
        CountDownLatch holding = new CountDownLatch(3);
        List<Future<?>> holders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            holders.add(res.executor().submit(() -> {
                try (Connection c = pool.getConnection()) {
                    holding.countDown();
                    holdWithoutSql(c, 2_000);
                }
                return null;
            }));
        }
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        AcquireTimeoutException e = timeout(pool);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(took).as("failed after about connection-timeout").isBetween(900L, 3_000L);
        assertThat(e.category()).isEqualTo(AcquireTimeoutException.Category.HOLDERS_IDLE);
        assertThat(e.getSQLState()).as("no driver error to copy: class 08").isEqualTo("08001");
        assertThat(e.getMessage()).contains("holders idle");
        assertThat(e.holders()).hasSize(3).allSatisfy(h -> {
            assertThat(h.inStatement()).isFalse();
            assertThat(h.frame()).contains("TimeoutExplanationTest.holdWithoutSql");
            assertThat(h.heldFor()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        });
        assertThat(e.getMessage()).contains("TimeoutExplanationTest.holdWithoutSql");
        assertThat(e.active()).isEqualTo(3);
        assertThat(e.maxSize()).isEqualTo(3);
        for (Future<?> f : holders) {
            f.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void holdersInASlowStatementAreReportedSlowWithTheirCallIntoJdbc() throws Exception {
        DriverScript db = ScriptedDriver.newScript("explain-slow");
        db.statementDelay(Duration.ofSeconds(2));
        EddyDataSource pool = res.open(baseConfig(db).minSize(3).maxSize(3).connectionTimeout(Duration.ofSeconds(1)));
        CountDownLatch holding = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            res.executor().submit(() -> {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    holding.countDown();
                    s.execute("select pg_sleep(2)");
                }
                return null;
            });
        }
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        sleep(100);   // into their statements
        AcquireTimeoutException e = timeout(pool);
        assertThat(e.category()).isEqualTo(AcquireTimeoutException.Category.HOLDERS_IN_STATEMENTS);
        assertThat(e.getMessage()).contains("holders slow").contains("in a statement from");
        assertThat(e.holders()).hasSize(3).allSatisfy(h -> {
            assertThat(h.inStatement()).isTrue();
            assertThat(h.frame()).contains("TimeoutExplanationTest");
        });
    }

    /**
     * 64 threads with short holds on max-size 2: the connections turn over, there are simply more
     * borrowers than connections. The report says so, and its demand (active + waiting when the
     * timeout happened) is within 25% of the concurrency measured meanwhile: threads between
     * asking for a connection and returning it, sampled every 5 ms.
     */
    @Test
    void manyShortHoldsAreReportedAsDemandAboveMaxSize() throws Exception {
        DriverScript db = ScriptedDriver.newScript("explain-demand");
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(2).connectionTimeout(Duration.ofMillis(250))
                .validationTimeout(Duration.ofMillis(250)));
        int threads = 64;
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<AcquireTimeoutException> timeouts = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> concurrency = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                workers.submit(() -> {
                    while (running.get()) {
                        inFlight.incrementAndGet();
                        try (Connection c = pool.getConnection()) {
                            sleep(10);
                        } catch (AcquireTimeoutException e) {
                            if (measuring.get()) {
                                timeouts.add(e);
                            }
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }
                    return null;
                });
            }
            sleep(300);   // past the ramp-up
            measuring.set(true);
            Thread sampler = new Thread(() -> {
                while (measuring.get()) {
                    concurrency.add(inFlight.get());
                    sleep(5);
                }
            });
            sampler.start();
            await("timeouts under demand", Duration.ofSeconds(20), () -> timeouts.size() >= 20);
            measuring.set(false);
            sampler.join();
        } finally {
            running.set(false);
            workers.shutdown();
            assertThat(workers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
        List<AcquireTimeoutException> seen = new ArrayList<>(timeouts);
        long demandReports = seen.stream().filter(e -> e.category() == AcquireTimeoutException.Category.DEMAND_ABOVE_MAX_SIZE).count();
        assertThat(demandReports).as("reports saying demand above max-size, of %d", seen.size())
                .isGreaterThanOrEqualTo(seen.size() * 9L / 10);
        double meanDemand = seen.stream().mapToInt(AcquireTimeoutException::demand).average().orElse(0);
        double measured = concurrency.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertThat(meanDemand).as("mean demand reported, against %.1f measured", measured)
                .isBetween(measured * 0.75, measured * 1.25);
        assertThat(seen.get(0).getMessage()).contains("demand above max-size").contains("against max-size 2");
    }

    @Test
    void aShedRequestIsTyped() throws Exception {
        DriverScript db = ScriptedDriver.newScript("explain-shed");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).maxWaiting(0));
        try (Connection held = pool.getConnection()) {
            assertThatThrownBy(pool::getConnection).isInstanceOfSatisfying(RequestShedException.class, e -> {
                assertThat(e.maxWaiting()).isZero();
                assertThat(e.active()).isEqualTo(1);
                assertThat(e.maxSize()).isEqualTo(1);
                assertThat(e.poolName()).isEqualTo(db.name());
            });
        }
    }

    @Test
    void aSuspendedPoolSaysSo() throws Exception {
        DriverScript db = ScriptedDriver.newScript("explain-suspended");
        EddyDataSource pool = res.open(baseConfig(db).connectionTimeout(Duration.ofMillis(300)).validationTimeout(Duration.ofMillis(250)));
        pool.suspend();
        AcquireTimeoutException e = timeout(pool);
        assertThat(e.category()).isEqualTo(AcquireTimeoutException.Category.SUSPENDED);
        assertThat(e.getMessage()).contains("suspended; resume it");
    }

    @Test
    void refusedConnectionsAreReportedWithTheTarget() throws Exception {
        DriverScript db = ScriptedDriver.newScript("explain-refused");
        db.failAllConnects(DriverScript::connectionRefused);
        EddyDataSource pool = res.open(baseConfig(db).initializationFailTimeout(Duration.ofMillis(-1))
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)));
        AcquireTimeoutException e = timeout(pool);
        assertThat(e.category()).isEqualTo(AcquireTimeoutException.Category.CANNOT_OPEN_CONNECTIONS);
        assertThat(e.getMessage()).contains("cannot open connections to");
        assertThat(e.getCause()).isInstanceOf(SQLException.class);
    }

    private static AcquireTimeoutException timeout(EddyDataSource pool) {
        try (Connection c = pool.getConnection()) {
            throw new AssertionError("expected a timeout, got " + c);
        } catch (AcquireTimeoutException e) {
            return e;
        } catch (SQLException e) {
            throw new AssertionError("expected an AcquireTimeoutException", e);
        }
    }
}
