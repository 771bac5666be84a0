package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolStats;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Scenario 10: randomized stress with evictions, resizes, server kills and proxy cuts.
 * The virtual-thread variant runs on JDK 21+ only: {@code ./mvnw test} runs it on the Temurin 25
 * beside JDK 17 where that is installed (pool-core's jdk25-virtual-threads profile).
 */
@RequiresPostgres
@Timeout(60)
class ConcurrencyStressTest {

    private FaultProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void stress(String label, ExecutorService workers, int workerCount, Duration runFor) throws Exception {
        proxy = Server.POSTGRES.newProxy();
        String name = poolName("s10");
        EddyDataSource pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(2).maxSize(8)
                .connectionTimeout(Duration.ofSeconds(2)).build());
        Map<Object, Thread> holders = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong injections = new AtomicLong();
        for (int i = 0; i < workerCount; i++) {
            workers.submit(() -> {
                while (running.get()) {
                    try (Connection c = pool.getConnection()) {
                        Object physical = c.unwrap(org.postgresql.PGConnection.class);
                        Thread other = holders.putIfAbsent(physical, Thread.currentThread());
                        if (other != null) {
                            violations.add("lent twice: " + physical + " to " + other.getName() + " and " + Thread.currentThread().getName());
                        }
                        try {
                            selectOne(c);
                            ok.incrementAndGet();
                        } finally {
                            holders.remove(physical, Thread.currentThread());
                        }
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        Thread injector = new Thread(() -> {
            Random random = new Random(42);
            while (running.get()) {
                try {
                    Thread.sleep(150 + random.nextInt(200));
                    switch (random.nextInt(4)) {
                        case 0 -> pool.softEvictAll();
                        case 1 -> {
                            int max = 1 + random.nextInt(10);
                            pool.resize(random.nextInt(max + 1), max);
                        }
                        case 2 -> killSessions(Server.POSTGRES, name);
                        default -> proxy.cutAll();
                    }
                    injections.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    violations.add("injection failed: " + e);
                }
            }
        }, "stress-injector");
        Thread checker = new Thread(() -> {
            while (running.get()) {
                PoolStats s = pool.stats();
                if (s.total() != s.active() + s.idle() || s.active() < 0 || s.idle() < 0 || s.pending() < 0) {
                    violations.add("inconsistent stats: " + s);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stress-checker");
        injector.start();
        checker.start();
        Thread.sleep(runFor.toMillis());
        running.set(false);
        injector.join(5000);
        checker.join(5000);
        workers.shutdown();
        boolean finished = workers.awaitTermination(20, TimeUnit.SECONDS);
        pool.resize(2, 8);
        closeAndAssertNoThreads(pool);
        boolean noSessions = await(Duration.ofSeconds(3), () -> sessions(Server.POSTGRES, name) == 0);
        report("10 stress, " + label, ok + " requests ok, " + failed + " failed during " + injections
                        + " injected faults; violations: " + violations.size(),
                "after close(): pool threads " + poolThreads(name).size() + ", server sessions " + sessions(Server.POSTGRES, name));
        assertThat(finished).as("workers finished").isTrue();
        assertThat(violations).isEmpty();
        assertThat(ok.get()).isPositive();
        assertThat(noSessions).as("no server session of the pool after close()").isTrue();
    }

    @Test
    void platformThreads() throws Exception {
        stress("32 platform threads, 8 s", Executors.newFixedThreadPool(32), 32, Duration.ofSeconds(8));
    }

    @Test
    @Tag("virtual-threads") // run on the JDK 25 by pool-core's jdk25-virtual-threads profile
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreads() throws Exception {
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        stress("2000 virtual threads, 8 s (JDK " + Runtime.version().feature() + ")", virtual, 2000, Duration.ofSeconds(8));
    }
}
