package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedConnection;
import io.github.eddypool.testing.ScriptedDriver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of virtual threads share a pool of 8. Runs on Java 21+ (CI runs it on the JDK 25
 * beside the default JDK 17, see the {@code jdk25-virtual-threads} profile in pool-core's pom);
 * skipped on older JVMs. 4000 virtual threads wait in the pool's FIFO queue at once: every one
 * is served, no connection is held by two of them, and the counts are back to rest afterwards.
 */
@Tag("virtual-threads")
class VirtualThreadStressTest {

    @Test
    void thousandsOfVirtualThreadsShareEightConnections() throws Exception {
        ExecutorService executor = virtualThreadExecutor();
        DriverScript script = ScriptedDriver.newScript("vthreads");
        script.statementDelay(Duration.ofMillis(1));
        EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
                .poolName("vthreads")
                .jdbcUrl(script.url())
                .minSize(8).maxSize(8)
                .connectionTimeout(Duration.ofSeconds(30))
                .build());
        Map<ScriptedConnection, Object> holders = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        int tasks = 4000;
        try {
            for (int i = 0; i < tasks; i++) {
                executor.submit(() -> {
                    try (Connection c = pool.getConnection()) {
                        ScriptedConnection physical = c.unwrap(ScriptedConnection.class);
                        Object me = new Object();
                        if (holders.putIfAbsent(physical, me) != null) {
                            violations.add("lent twice: " + physical);
                        }
                        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                            rs.next();
                        }
                        holders.remove(physical, me);
                        done.incrementAndGet();
                    } catch (SQLException e) {
                        violations.add(e.toString());
                    }
                    return null;
                });
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).as("all virtual threads finished").isTrue();
        } finally {
            executor.shutdownNow();
        }
        assertThat(violations).isEmpty();
        assertThat(done.get()).isEqualTo(tasks);
        PoolStats s = pool.stats();
        assertThat(s.active()).isZero();
        assertThat(s.pending()).isZero();
        assertThat(s.total()).isEqualTo(8);
        assertThat(s.borrows()).isEqualTo(tasks);
        pool.close();
        assertThat(script.open()).isZero();
        assertThat(PoolStressTest.poolThreads("vthreads")).isEmpty();
    }

    /**
     * Virtual threads wait without a timed park (WaiterDeadlines wakes them): each still gives up
     * at its connection-timeout, not before, and the pool's timer thread is gone after close.
     */
    @Test
    void waitingVirtualThreadsTimeOutAtTheirConnectionTimeout() throws Exception {
        ExecutorService executor = virtualThreadExecutor();
        DriverScript script = ScriptedDriver.newScript("vthreads-timeout");
        EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
                .poolName("vthreads-timeout")
                .jdbcUrl(script.url())
                .minSize(1).maxSize(1)
                .connectionTimeout(Duration.ofMillis(400))
                .build());
        List<Long> waitedMillis = new CopyOnWriteArrayList<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        try (Connection held = pool.getConnection()) {
            for (int i = 0; i < 200; i++) {
                executor.submit(() -> {
                    long start = System.nanoTime();
                    try (Connection c = pool.getConnection()) {
                        unexpected.add("got a connection while the only one was held");
                    } catch (AcquireTimeoutException e) {
                        waitedMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    } catch (SQLException | RuntimeException e) {
                        unexpected.add(e.toString());
                    }
                    return null;
                });
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).as("every waiter gave up").isTrue();
        } finally {
            executor.shutdownNow();
        }
        assertThat(unexpected).isEmpty();
        assertThat(waitedMillis).hasSize(200).allSatisfy(ms -> assertThat(ms).isBetween(400L, 10_000L));
        assertThat(pool.stats().pending()).isZero();
        try (Connection again = pool.getConnection()) {
            assertThat(again.isValid(1)).isTrue();
        }
        pool.close();
        assertThat(PoolStressTest.poolThreads("vthreads-timeout")).isEmpty();
    }

    private static ExecutorService virtualThreadExecutor() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+; this JVM is " + Runtime.version());
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
