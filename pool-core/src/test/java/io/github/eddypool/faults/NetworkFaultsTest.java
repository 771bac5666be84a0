package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolListener;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.FaultProxy.Mode;
import io.github.eddypool.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.SQLException;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenarios 2 (restart under load), 3 (black hole) and 5 (slow handshake) on PostgreSQL. */
@RequiresPostgres
@Timeout(60)
class NetworkFaultsTest {

    private FaultProxy proxy;
    private EddyDataSource pool;
    private String name;

    @BeforeEach
    void start() throws Exception {
        proxy = Server.POSTGRES.newProxy();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            closeAndAssertNoThreads(pool);
        }
        proxy.close();
    }

    /** One request: borrow, query, return; records when it started and how it ended. */
    record Outcome(long startNanos, long endNanos, boolean ok, boolean borrowFailed, String error) {
    }

    @Test
    void restartUnderLoad() throws Exception {
        name = poolName("s2");
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(8).maxSize(8)
                .connectionTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofMillis(500)).build());
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService workers = Executors.newFixedThreadPool(32);
        for (int i = 0; i < 32; i++) {
            workers.submit(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    Connection c;
                    try {
                        c = pool.getConnection();
                    } catch (SQLException e) {
                        outcomes.add(new Outcome(t0, System.nanoTime(), false, true, e.getMessage()));
                        continue;
                    }
                    try (c) {
                        try (var st = c.createStatement()) {
                            st.execute("select pg_sleep(0.002)");
                        }
                        outcomes.add(new Outcome(t0, System.nanoTime(), true, false, null));
                    } catch (SQLException e) {
                        outcomes.add(new Outcome(t0, System.nanoTime(), false, false, e.getSQLState() + " " + e.getMessage()));
                    }
                }
                return null;
            });
        }
        Thread.sleep(1500);
        long baselineFrom = System.nanoTime();
        Thread.sleep(1000);
        long cut = System.nanoTime();
        proxy.cutAll();
        proxy.mode(Mode.REFUSE);
        long cutDone = System.nanoTime();   // under CPU load, cutting every socket takes a while
        Thread.sleep(2000);
        proxy.mode(Mode.PASS);
        long restored = System.nanoTime();
        Thread.sleep(4500);
        running.set(false);
        workers.shutdown();
        assertThat(workers.awaitTermination(15, TimeUnit.SECONDS)).as("workers finished").isTrue();

        List<Outcome> all = new ArrayList<>(outcomes);
        long baseline = all.stream().filter(o -> o.ok && o.endNanos >= baselineFrom && o.endNanos < cut).count();
        // The pool can only act on the outage once it has seen it: a request that fails on a dead
        // session tells the pool, which then tests every connection returned before that. Until
        // then, a connection used within the pre-ping bypass window (500 ms) is lent untested.
        long firstSeen = all.stream().filter(o -> !o.ok && !o.borrowFailed && o.endNanos >= cut)
                .mapToLong(Outcome::endNanos).min().orElse(cutDone);
        long knownFrom = Math.max(cutDone, firstSeen);
        List<Outcome> failedAfterCut = all.stream().filter(o -> !o.ok && o.startNanos > knownFrom).toList();
        List<Outcome> deadAfterRestore = all.stream().filter(o -> !o.ok && !o.borrowFailed && o.startNanos > restored).toList();
        long inFlightFailed = all.stream().filter(o -> !o.ok && o.startNanos <= knownFrom).count();
        // Recovery: the first 200 ms window after the restore reaching half the lower of two rates:
        // the one before the cut and the one the pool settles at afterwards (its last 1.5 s). On a
        // shared CI machine other processes' load changes within seconds, so either alone can be a
        // fast stretch the machine does not give back: in one CI run with two CPU-bound processes
        // beside it the settled rate was 1,708 req/s against 775 before the cut, and half of it was
        // first reached 2.5 s after the restore.
        long settledFrom = restored + TimeUnit.MILLISECONDS.toNanos(3000);
        long settledTo = restored + TimeUnit.MILLISECONDS.toNanos(4500);
        long settled = all.stream().filter(o -> o.ok && o.endNanos >= settledFrom && o.endNanos < settledTo).count() * 2 / 3;
        long reference = Math.min(settled, baseline * TimeUnit.SECONDS.toNanos(1) / (cut - baselineFrom));
        long recoveredAfter = -1;
        for (long w = restored; w < settledFrom; w += TimeUnit.MILLISECONDS.toNanos(50)) {
            long from = w;
            long to = w + TimeUnit.MILLISECONDS.toNanos(200);
            long n = all.stream().filter(o -> o.ok && o.endNanos >= from && o.endNanos < to).count();
            if (n * 5 >= reference / 2) {
                recoveredAfter = w + TimeUnit.MILLISECONDS.toNanos(200) - restored;
                break;
            }
        }
        report("2 restart under load (32 threads, 2 s outage)",
                inFlightFailed + " requests in flight or started before the pool saw the cut failed; " + failedAfterCut.size()
                        + " requests started after it failed ("
                        + deadAfterRestore.size() + " on a dead connection after the restore)",
                "baseline " + baseline + " req/s before the cut, " + settled + " req/s after; back to >=50% of the lower within "
                        + (recoveredAfter < 0 ? "never(3s)" : ms(recoveredAfter) + " ms"));
        assertThat(deadAfterRestore).as("dead connections lent after the database returned").isEmpty();
        assertThat(failedAfterCut).as("requests that started after the pool saw the cut and failed (connection-timeout 5 s > outage 2 s)")
                .isEmpty();
        // Typically 400-700 ms; bounded at 2 s so that a CI machine busy with other builds passes.
        assertThat(recoveredAfter).as("throughput recovery after restore, ns").isBetween(0L, TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void blackholedNetwork() throws Exception {
        name = poolName("s3");
        List<long[]> validations = new ArrayList<>();
        AtomicLong lastBorrowStart = new AtomicLong();
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(4).maxSize(4)
                .connectionTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofMillis(250))
                .listener(new PoolListener() {
                    @Override
                    public void connectionClosed(CloseReason reason) {
                        if (reason == CloseReason.VALIDATION_FAILED) {
                            synchronized (validations) {
                                validations.add(new long[] {System.nanoTime()});
                            }
                        }
                    }
                }).build());
        assertThat(await(Duration.ofSeconds(3), () -> pool.stats().idle() == 4)).isTrue();
        Thread.sleep(700);   // idle past the pre-ping bypass window
        proxy.mode(Mode.BLACKHOLE);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<long[]>> results = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            results.add(callers.submit(() -> {
                go.await();
                long t0 = System.nanoTime();
                lastBorrowStart.accumulateAndGet(t0, Math::max);
                try (Connection c = pool.getConnection()) {
                    return new long[] {System.nanoTime() - t0, 1};
                } catch (SQLException e) {
                    return new long[] {System.nanoTime() - t0, 0};
                }
            }));
        }
        long goAt = System.nanoTime();
        go.countDown();
        long worst = 0;
        int served = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get(5, TimeUnit.SECONDS);   // no thread hangs
            worst = Math.max(worst, r[0]);
            served += (int) r[1];
        }
        callers.shutdown();
        long firstValidationEnd;
        synchronized (validations) {
            firstValidationEnd = validations.isEmpty() ? -1 : validations.get(0)[0] - goAt;
        }
        proxy.mode(Mode.PASS);
        long back = System.nanoTime();
        long recovered = -1;
        while (System.nanoTime() - back < TimeUnit.SECONDS.toNanos(5)) {
            try (Connection c = pool.getConnection()) {
                selectOne(c);
                recovered = System.nanoTime() - back;
                break;
            } catch (SQLException e) {
                // not yet
            }
        }
        report("3 black-holed network", served + " of 8 borrowers served, the rest failed; first pre-ping failed "
                        + (firstValidationEnd < 0 ? "never" : "after " + ms(firstValidationEnd) + " ms"),
                "slowest getConnection " + ms(worst) + " ms (connection-timeout 1000 ms, validation-timeout 250 ms); recovered "
                        + (recovered < 0 ? "never" : ms(recovered) + " ms") + " after traffic flowed");
        assertThat(Duration.ofNanos(worst)).as("slowest getConnection").isLessThanOrEqualTo(Duration.ofMillis(1100));
        assertThat(firstValidationEnd).as("a pre-ping failed").isPositive();
        assertThat(Duration.ofNanos(firstValidationEnd)).as("first validation ended").isLessThanOrEqualTo(Duration.ofMillis(400));
        assertThat(recovered).as("recovered").isPositive();
    }

    /**
     * Issue #9 defect 1: with 8 idle connections black-holed, one getConnection() used to test
     * them one after another (8 x validation-timeout = 4 s against a 1 s connection-timeout).
     * The deadline bounds the whole call, and one unanswered test retires the rest untested.
     */
    @Test
    void blackholedIdleConnectionsCostOneValidationTimeoutNotOnePerConnection() throws Exception {
        name = poolName("s3b");
        AtomicLong validationFailures = new AtomicLong();
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(8).maxSize(8)
                .connectionTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofMillis(500))
                .listener(new PoolListener() {
                    @Override
                    public void connectionClosed(CloseReason reason) {
                        if (reason == CloseReason.VALIDATION_FAILED) {
                            validationFailures.incrementAndGet();
                        }
                    }
                }).build());
        assertThat(await(Duration.ofSeconds(5), () -> pool.stats().idle() == 8)).isTrue();
        Thread.sleep(700);   // idle past the pre-ping bypass window
        proxy.mode(Mode.BLACKHOLE);
        long t0 = System.nanoTime();
        boolean served;
        try (Connection c = pool.getConnection()) {
            served = true;
        } catch (SQLException e) {
            served = false;
        }
        long took = System.nanoTime() - t0;
        long retired = validationFailures.get();
        report("3b black hole, 8 idle connections", "getConnection " + (served ? "served" : "failed") + " after "
                + ms(took) + " ms", retired + " idle connections retired (connection-timeout 1000 ms, validation-timeout 500 ms)");
        assertThat(Duration.ofNanos(took)).as("getConnection, bounded by connection-timeout + 10%")
                .isLessThanOrEqualTo(Duration.ofMillis(1100));
        assertThat(retired).as("every black-holed idle connection retired after the first unanswered test").isEqualTo(8);
        proxy.mode(Mode.PASS);
        long back = System.nanoTime();
        boolean recovered = false;
        while (!recovered && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10)) {
            try (Connection c = pool.getConnection()) {
                selectOne(c);
                recovered = true;
            } catch (SQLException e) {
                // new connections are still being opened
            }
        }
        assertThat(recovered).as("serves again once traffic flows").isTrue();
        // Attempts started into the black hole end at their handshake timeout (at least 5 s).
        assertThat(await(Duration.ofSeconds(15), () -> poolThreads(name).stream().noneMatch(t -> t.contains("connector"))))
                .as("connection attempts into the black hole ended").isTrue();
    }

    @Test
    void slowHandshakeHonoursTimeoutsAndBoundsAttempts() throws Exception {
        name = poolName("s5");
        proxy.handshakeDelay(Duration.ofMillis(1500));
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(0).maxSize(10).creationConcurrency(2)
                .initializationFailTimeout(Duration.ofMillis(-1))
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)).build());
        ExecutorService callers = Executors.newFixedThreadPool(10);
        List<Future<Long>> results = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                results.add(callers.submit(() -> {
                    long t0 = System.nanoTime();
                    long took;
                    try (Connection c = pool.getConnection()) {
                        took = System.nanoTime() - t0;
                        selectOne(c);
                    } catch (SQLException e) {
                        took = System.nanoTime() - t0;   // timed out: expected while the handshake is slow
                    }
                    return took;
                }));
            }
            Thread.sleep(600);
        }
        long worst = 0;
        for (Future<Long> f : results) {
            worst = Math.max(worst, f.get(5, TimeUnit.SECONDS));
        }
        callers.shutdown();
        int maxConnecting = proxy.maxConcurrentConnecting();
        report("5 slow connection set-up (1.5 s handshake, 30 borrowers)",
                "borrowers timed out; at most " + maxConnecting + " connection attempts in flight (creation-concurrency 2)",
                "slowest getConnection " + ms(worst) + " ms (connection-timeout 500 ms)");
        assertThat(Duration.ofNanos(worst)).isLessThanOrEqualTo(Duration.ofMillis(550));
        assertThat(maxConnecting).as("concurrent connection attempts").isBetween(1, 2);
    }
}
