package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.await;
import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.physical;
import static io.github.eddypool.PoolTestSupport.poolThreads;
import static io.github.eddypool.PoolTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedDriver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Getting a connection: timeouts, shedding, fairness, interruption, suspension, bounded and
 * backed-off connection attempts, start-up behaviour and rotating credentials.
 */
@Timeout(30)
class AcquireTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    private static long millisSince(long nanoStart) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
    }

    // ------------------------------------------------------------------ connection-timeout / max-waiting

    @Test
    void connectionTimeoutIsHonouredWithAMessageNamingThePoolAndItsCounts() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-timeout");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1)
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)));

        Connection held = pool.getConnection();
        long start = System.nanoTime();
        assertThatThrownBy(pool::getConnection)
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining(db.name())
                .hasMessageContaining("active=1")
                .hasMessageContaining("idle=0")
                .hasMessageContaining("pending=")
                .hasMessageContaining("max=1");
        long waited = millisSince(start);
        assertThat(waited).as("waited for connection-timeout").isGreaterThanOrEqualTo(450).isLessThan(5_000);
        assertThat(pool.stats().acquireTimeouts()).isEqualTo(1);
        assertThat(pool.stats().pending()).isZero();

        held.close();
        try (Connection c = pool.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void maxWaitingShedsRequestsAtOnce() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-shed");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).maxWaiting(1)
                .connectionTimeout(Duration.ofSeconds(4)));

        Connection held = pool.getConnection();
        Future<Connection> waiter = res.executor().submit(() -> pool.getConnection());
        await("one waiter", () -> pool.stats().pending() == 1);

        long start = System.nanoTime();
        assertThatThrownBy(pool::getConnection)
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining(db.name())
                .hasMessageContaining("max-waiting=1");
        assertThat(millisSince(start)).as("shed at once, not after connection-timeout (4 s)").isLessThan(2_000);
        assertThat(pool.stats().acquireTimeouts()).isEqualTo(1);

        held.close();
        try (Connection c = waiter.get(3, TimeUnit.SECONDS)) {
            assertThat(c).isNotNull();
        }
    }

    @Test
    void maxWaitingZeroNeverWaits() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-nowait");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).maxWaiting(0)
                .connectionTimeout(Duration.ofSeconds(4)));
        try (Connection held = pool.getConnection()) {
            long start = System.nanoTime();
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("max-waiting=0")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("class 08: connection exception")
                            .isEqualTo(AcquireTimeoutException.NO_CONNECTION).isEqualTo("08001"));
            assertThat(millisSince(start)).isLessThan(2_000);
        }
        try (Connection c = pool.getConnection()) {
            assertThat(c).isNotNull();
        }
    }

    /**
     * Issue #9 defect 4: with max-waiting=0 and min-size < max-size, a borrower finding nothing
     * idle was shed although the pool could open another connection for it.
     */
    @Test
    void maxWaitingZeroStillGrowsThePoolUpToMaxSize() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-nowait-grow");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(5).maxWaiting(0)
                .connectionTimeout(Duration.ofSeconds(4)));
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                held.add(pool.getConnection());
            }
            assertThat(pool.stats().total()).as("grew to max-size for its borrowers").isEqualTo(5);
            long start = System.nanoTime();
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("max-waiting=0")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("class 08: connection exception")
                            .isEqualTo(AcquireTimeoutException.NO_CONNECTION).isEqualTo("08001"));
            assertThat(millisSince(start)).as("at max-size: shed at once").isLessThan(2_000);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    /**
     * Issue #9 defect 5: the max-waiting check and the enqueue were separate steps, so bursts let
     * a few more waiters in than allowed. Bursts of 40 threads against a held connection and
     * max-waiting=2: at most 2 of each burst may wait (and time out); the rest are shed at once.
     */
    @Test
    void maxWaitingIsAStrictCapUnderBursts() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-shed-burst");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).maxWaiting(2)
                .connectionTimeout(Duration.ofMillis(300)).validationTimeout(Duration.ofMillis(250)));
        int threads = 40;
        ExecutorService burst = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try (Connection held = pool.getConnection()) {
            for (int round = 0; round < 20; round++) {
                java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(threads);
                List<Future<String>> outcomes = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    outcomes.add(burst.submit(() -> {
                        go.await();
                        try (Connection c = pool.getConnection()) {
                            return "served";
                        } catch (SQLTransientConnectionException e) {
                            return e.getMessage().contains("request shed") ? "shed" : "waited";
                        }
                    }));
                }
                int waited = 0;
                for (Future<String> f : outcomes) {
                    String outcome = f.get(10, TimeUnit.SECONDS);
                    assertThat(outcome).isNotEqualTo("served");
                    if (outcome.equals("waited")) {
                        waited++;
                    }
                }
                assertThat(waited).as("borrowers that waited in burst %d (max-waiting=2)", round).isLessThanOrEqualTo(2);
            }
        } finally {
            burst.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ fairness

    /**
     * Five threads queue in a known order; then the holder returns the connection and at once
     * asks for it again. FIFO hand-off serves the five in arrival order and the returning thread
     * last; a pool that lets waiters race, or lets the returning thread barge, fails this.
     */
    @Test
    void waitersAreServedInArrivalOrderAndAReturningThreadCannotBarge() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-fifo");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).connectionTimeout(Duration.ofSeconds(10)));
        List<String> served = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> waiters = new ArrayList<>();

        Connection held = pool.getConnection();
        for (int i = 0; i < 5; i++) {
            String name = "waiter-" + i;
            waiters.add(res.executor().submit(() -> {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    served.add(name);
                    s.execute("SELECT 1");
                }
                return null;
            }));
            int queued = i + 1;
            await(name + " queued", () -> pool.stats().pending() == queued);
        }

        held.close();
        try (Connection again = pool.getConnection()) {
            served.add("returning-thread");
        }
        for (Future<?> f : waiters) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertThat(served).containsExactly("waiter-0", "waiter-1", "waiter-2", "waiter-3", "waiter-4", "returning-thread");
        assertThat(pool.stats().borrows()).isEqualTo(7);
    }

    // ------------------------------------------------------------------ interruption

    @Test
    void anInterruptedWaiterGetsSqlExceptionKeepsItsFlagAndThePoolStaysConsistent() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-interrupt");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).connectionTimeout(Duration.ofSeconds(10)));

        Connection held = pool.getConnection();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                pool.getConnection().close();
            } catch (Throwable t) {
                failure.set(t);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        }, "interrupted-waiter");
        waiter.start();
        await("waiter queued", () -> pool.stats().pending() == 1);
        long start = System.nanoTime();
        waiter.interrupt();
        waiter.join(5_000);

        assertThat(waiter.isAlive()).isFalse();
        assertThat(millisSince(start)).as("left at once, not after connection-timeout").isLessThan(5_000);
        assertThat(failure.get()).isInstanceOf(SQLException.class).hasMessageContaining("interrupted").hasMessageContaining(db.name());
        assertThat(flagKept).as("interrupt flag kept").isTrue();
        PoolStats s = pool.stats();
        assertThat(s.pending()).isZero();
        assertThat(s.active()).isEqualTo(1);
        assertThat(s.idle()).isZero();
        assertThat(s.total()).isEqualTo(1);

        held.close();
        assertThat(pool.stats().idle()).isEqualTo(1);
        try (Connection c = pool.getConnection()) {
            assertThat(c).isNotNull();
        }
    }

    @Test
    void interruptsRacingWithReturnsNeverLoseAConnection() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-interrupt-race");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).connectionTimeout(Duration.ofSeconds(5)));

        for (int i = 0; i < 25; i++) {
            Connection held = pool.getConnection();
            Thread waiter = new Thread(() -> {
                try {
                    pool.getConnection().close();
                } catch (SQLException expected) {
                    // lost the race: interrupted before a connection arrived
                }
            }, "race-waiter-" + i);
            waiter.start();
            await("waiter queued", () -> pool.stats().pending() == 1);
            if (i % 2 == 0) {
                held.close();
                waiter.interrupt();
            } else {
                waiter.interrupt();
                held.close();
            }
            waiter.join(5_000);
            assertThat(waiter.isAlive()).isFalse();
            int round = i;
            await("round " + round + ": the connection is back in the pool",
                    () -> pool.stats().idle() == 1 && pool.stats().active() == 0 && pool.stats().pending() == 0, pool::stats);
        }
        assertThat(db.opened()).isEqualTo(1);
        try (Connection c = pool.getConnection()) {
            assertThat(c).isNotNull();
        }
    }

    // ------------------------------------------------------------------ suspend / resume

    @Test
    void suspendedPoolMakesBorrowersWaitAndResumeServesThemInOrder() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-suspend");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).connectionTimeout(Duration.ofSeconds(10)));
        await("min-size open", () -> pool.stats().idle() == 1);

        pool.suspend();
        assertThat(pool.isSuspended()).isTrue();
        assertThat(pool.stats().suspended()).isTrue();

        List<String> served = Collections.synchronizedList(new ArrayList<>());
        Future<?> first = res.executor().submit(() -> {
            try (Connection c = pool.getConnection()) {
                served.add("first");
            }
            return null;
        });
        await("first waits", () -> pool.stats().pending() == 1);
        Future<?> second = res.executor().submit(() -> {
            try (Connection c = pool.getConnection()) {
                served.add("second");
            }
            return null;
        });
        await("second waits", () -> pool.stats().pending() == 2);

        sleep(300);
        assertThat(first.isDone()).isFalse();
        assertThat(second.isDone()).isFalse();
        assertThat(pool.stats().idle()).as("the idle connection is not lent while suspended").isEqualTo(1);
        assertThat(pool.stats().active()).isZero();

        pool.resume();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertThat(served).containsExactly("first", "second");
        assertThat(pool.isSuspended()).isFalse();
        assertThat(pool.stats().suspended()).isFalse();
    }

    @Test
    void aBorrowerOfASuspendedPoolTimesOutWithAMessageSayingSo() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-suspend-timeout");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2)
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)));
        pool.suspend();
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("suspended");
        assertThat(pool.stats().acquireTimeouts()).isEqualTo(1);
        pool.resume();
        try (Connection c = pool.getConnection()) {
            assertThat(c).isNotNull();
        }
    }

    @Test
    void aSuspendedPoolOpensNoConnectionSoThatEvictingDrainsItAndResumeRefillsIt() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-suspend-drain");
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(3));
        await("min-size open", () -> db.open() == 2 && pool.stats().idle() == 2);

        pool.suspend();
        pool.softEvictAll();
        await("every connection closed", () -> db.open() == 0 && pool.stats().total() == 0,
                () -> pool.stats() + " " + db);
        int attempts = db.connectAttempts();
        sleep(600); // several housekeeping periods (100 ms): none may refill to min-size
        assertThat(db.connectAttempts()).as("no connection attempt while suspended").isEqualTo(attempts);
        assertThat(db.open()).isZero();
        assertThat(pool.stats().total()).isZero();

        pool.resume();
        await("refilled to min-size on resume", () -> db.open() == 2 && pool.stats().idle() == 2,
                () -> pool.stats() + " " + db);
        try (Connection c = pool.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void aBorrowerWaitingOnAnEmptySuspendedPoolGetsANewConnectionOnResume() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-suspend-empty");
        EddyDataSource pool = res.open(baseConfig(db).minSize(0).maxSize(2)
                .initializationFailTimeout(Duration.ofMillis(-1)).connectionTimeout(Duration.ofSeconds(20)));
        pool.suspend();
        Future<Boolean> borrower = res.executor().submit(() -> {
            try (Connection c = pool.getConnection()) {
                return c.isValid(1);
            }
        });
        await("the borrower waits", () -> pool.stats().pending() == 1);
        sleep(300);
        assertThat(db.connectAttempts()).as("nothing opened for the waiter while suspended").isZero();
        assertThat(borrower.isDone()).isFalse();

        pool.resume();
        assertThat(borrower.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(db.opened()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ creation-concurrency

    @Test
    void creationConcurrencyBoundsParallelConnectsWhileFillingMinSize() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-parallel");
        db.connectDelay(Duration.ofMillis(100));
        res.open(baseConfig(db).minSize(8).maxSize(8).creationConcurrency(3));
        await("min-size filled", () -> db.open() == 8);
        assertThat(db.maxConcurrentConnects()).as("filled in parallel, at most creation-concurrency at once")
                .isGreaterThan(1)
                .isLessThanOrEqualTo(3);
    }

    @Test
    void creationConcurrencyOfOneOpensOneAtATime() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-serial");
        db.connectDelay(Duration.ofMillis(50));
        EddyDataSource pool = res.open(baseConfig(db).minSize(4).maxSize(6).creationConcurrency(1));
        await("min-size filled", () -> db.open() == 4);
        // a burst of borrowers beyond min-size does not open more at once either
        ExecutorService ex = res.executor();
        List<Future<Connection>> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.add(ex.submit(() -> pool.getConnection()));
        }
        for (Future<Connection> f : burst) {
            f.get(5, TimeUnit.SECONDS).close();
        }
        assertThat(db.opened()).isBetween(4, 6);
        assertThat(db.maxConcurrentConnects()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ initialization-fail-timeout

    @Test
    void startFailsFastNamingTheTargetWhenTheDatabaseIsDown() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-down");
        db.failAllConnects(DriverScript::connectionRefused);
        String poolName = "down-" + db.name();

        assertThatThrownBy(() -> res.track(new EddyDataSource(baseConfig(db).poolName(poolName)
                        .initializationFailTimeout(Duration.ofMillis(500)).build())))
                .isInstanceOf(EddyStartupException.class)
                .hasMessageContaining(poolName)
                .hasMessageContaining(db.name() + " (scripted)")
                .hasMessageContaining("refused")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(db.connectAttempts()).isGreaterThanOrEqualTo(1);
        await("no pool thread left", () -> poolThreads(poolName).isEmpty(), () -> poolThreads(poolName));
    }

    @Test
    void aZeroInitializationFailTimeoutMakesOneAttempt() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-once");
        db.failAllConnects(DriverScript::connectionRefused);
        assertThatThrownBy(() -> res.track(new EddyDataSource(baseConfig(db).initializationFailTimeout(Duration.ZERO).build())))
                .isInstanceOf(EddyStartupException.class);
        assertThat(db.connectAttempts()).isEqualTo(1);
    }

    @Test
    void aNegativeInitializationFailTimeoutStartsLazilyAndRecoversWithTheDatabase() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-lazy");
        db.failAllConnects(DriverScript::connectionRefused);
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(2)
                .initializationFailTimeout(Duration.ofSeconds(-1))
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)));
        assertThat(pool.isClosed()).isFalse();

        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("refused");
        assertThat(pool.stats().creationFailures()).isGreaterThan(0);

        db.clearConnectFailures();
        await("pool recovers", () -> {
            try (Connection c = pool.getConnection()) {
                return c != null;
            } catch (SQLException stillDown) {
                return false;
            }
        });
        await("min-size filled", () -> db.open() == 2 && pool.stats().total() == 2);
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void newConnectionsPickUpRotatedCredentials() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-rotate");
        AtomicReference<Credentials> credentials = new AtomicReference<>(new Credentials("app", "secret-1"));
        db.requirePassword("secret-1");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(3).credentialsSupplier(credentials::get));

        Connection before = pool.getConnection();
        assertThat(physical(before).user()).isEqualTo("app");
        assertThat(db.lastConnectProperties().getProperty("password")).isEqualTo("secret-1");

        credentials.set(new Credentials("app-v2", "secret-2"));
        db.requirePassword("secret-2");

        try (Statement s = before.createStatement()) {
            s.execute("SELECT 1"); // existing connections keep working
        }
        Connection after = pool.getConnection();
        assertThat(physical(after)).isNotSameAs(physical(before));
        assertThat(physical(after).user()).isEqualTo("app-v2");
        assertThat(db.lastConnectProperties().getProperty("password")).isEqualTo("secret-2");
        assertThat(db.failedConnects()).isZero();
        assertThat(pool.stats().creationFailures()).isZero();
        before.close();
        after.close();

        // after a soft eviction every connection is re-opened with the new credentials
        pool.softEvictAll();
        await("re-opened", () -> pool.stats().total() >= 1 && db.open() == pool.stats().total());
        assertThat(db.openConnections()).allSatisfy(c -> assertThat(c.user()).isEqualTo("app-v2"));
    }

    // ------------------------------------------------------------------ back-off

    @Test
    void failingConnectsBackOffInsteadOfStormingTheServer() throws Exception {
        DriverScript db = ScriptedDriver.newScript("acquire-backoff");
        db.failAllConnects(DriverScript::connectionRefused);
        EddyDataSource pool = res.open(baseConfig(db).minSize(3).maxSize(3)
                .initializationFailTimeout(Duration.ofSeconds(-1))
                .connectionTimeout(Duration.ofMillis(300)).validationTimeout(Duration.ofMillis(250)));

        // borrowers keep asking the whole time, which must not turn into a connect storm
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        List<Future<?>> borrowers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            borrowers.add(res.executor().submit(() -> {
                while (System.nanoTime() - deadline < 0) {
                    try {
                        pool.getConnection().close();
                    } catch (SQLException expected) {
                        // the database is down
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : borrowers) {
            f.get(10, TimeUnit.SECONDS);
        }
        int attempts = db.connectAttempts();
        assertThat(attempts).as("still trying").isGreaterThanOrEqualTo(2);
        assertThat(attempts).as("connect attempts in 1.5 s of failures (back-off 50 ms doubling to 500 ms)").isLessThanOrEqualTo(25);
        assertThat(pool.stats().creationFailures()).isGreaterThanOrEqualTo(attempts - 1L);
        assertThat(pool.stats().acquireTimeouts()).isGreaterThan(0);
    }
}
