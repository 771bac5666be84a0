package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.await;
import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.ScriptedDriver;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's observability: listener events, the stats snapshot, and the JMX MXBean. */
@Timeout(30)
class ListenerAndStatsTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    /** Records every event. */
    static final class RecordingListener implements PoolListener {
        final List<Long> acquired = new CopyOnWriteArrayList<>();
        final List<Long> returned = new CopyOnWriteArrayList<>();
        final List<Long> created = new CopyOnWriteArrayList<>();
        final List<SQLException> creationFailures = new CopyOnWriteArrayList<>();
        final AtomicInteger timeouts = new AtomicInteger();
        final Map<CloseReason, AtomicLong> closes = new ConcurrentHashMap<>();
        final List<BorrowedConnection> leaks = new CopyOnWriteArrayList<>();

        @Override
        public void connectionAcquired(long nanos) {
            acquired.add(nanos);
        }

        @Override
        public void connectionReturned(long nanos) {
            returned.add(nanos);
        }

        @Override
        public void connectionCreated(long nanos) {
            created.add(nanos);
        }

        @Override
        public void connectionCreationFailed(SQLException cause) {
            creationFailures.add(cause);
        }

        @Override
        public void acquireTimedOut() {
            timeouts.incrementAndGet();
        }

        @Override
        public void connectionClosed(CloseReason reason) {
            closes.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void leakSuspected(BorrowedConnection borrowed) {
            leaks.add(borrowed);
        }

        Map<CloseReason, Long> closesByReason() {
            Map<CloseReason, Long> m = new EnumMap<>(CloseReason.class);
            for (CloseReason r : CloseReason.values()) {
                AtomicLong n = closes.get(r);
                m.put(r, n == null ? 0L : n.get());
            }
            return m;
        }
    }

    /** A listener that throws from every method. */
    static final class ThrowingListener implements PoolListener {
        final AtomicInteger calls = new AtomicInteger();

        private void boom() {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }

        @Override public void connectionAcquired(long nanos) { boom(); }
        @Override public void connectionReturned(long nanos) { boom(); }
        @Override public void connectionCreated(long nanos) { boom(); }
        @Override public void connectionCreationFailed(SQLException cause) { boom(); }
        @Override public void acquireTimedOut() { boom(); }
        @Override public void connectionClosed(CloseReason reason) { boom(); }
        @Override public void leakSuspected(BorrowedConnection borrowed) { boom(); }

        @Override
        public String toString() {
            return "ThrowingListener";
        }
    }

    // ------------------------------------------------------------------ listener events

    @Test
    void listenerReceivesAcquireUsageCreationTimesTimeoutsAndCloseReasons() throws Exception {
        DriverScript db = ScriptedDriver.newScript("listen-events");
        RecordingListener rec = new RecordingListener();
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2).listener(rec)
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)));

        // usage time: held ~60 ms
        try (Connection c = pool.getConnection()) {
            sleep(60);
        }
        assertThat(rec.acquired).hasSize(1).allSatisfy(n -> assertThat(n).isNotNegative());
        assertThat(rec.returned).hasSize(1);
        assertThat(rec.returned.get(0)).as("usage time in nanoseconds").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(55));

        // creation time: a second connection opened on demand (connect takes >= 30 ms)
        db.connectDelay(Duration.ofMillis(30));
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        assertThat(rec.created).isNotEmpty();
        assertThat(rec.created.get(rec.created.size() - 1)).as("creation time in nanoseconds")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
        // acquire time of the borrower that waited for the new connection
        assertThat(rec.acquired).hasSize(3);
        assertThat(rec.acquired.get(2)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));

        // a timeout
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(rec.timeouts).hasValue(1);
        assertThat(pool.stats().acquireTimeouts()).isEqualTo(1);

        // closes, with their reasons
        pool.softEvictAll();
        a.close();
        b.close();
        await("evicted", () -> rec.closesByReason().get(CloseReason.EVICTED) == 2);
        await("min-size refilled", () -> db.open() == 1 && pool.stats().idle() == 1);
        pool.close();
        assertThat(rec.closesByReason()).isEqualTo(pool.stats().closedByReason());
        assertThat(rec.closesByReason().get(CloseReason.POOL_CLOSED)).isGreaterThanOrEqualTo(1);
        assertThat(rec.returned).hasSize(3);
    }

    @Test
    void everyConnectionTheStatsCountAsCreatedIsReportedToTheListener() throws Exception {
        DriverScript db = ScriptedDriver.newScript("listen-created");
        RecordingListener rec = new RecordingListener();
        EddyDataSource pool = res.open(baseConfig(db).minSize(3).maxSize(3).listener(rec));
        await("min-size open", () -> db.open() == 3 && pool.stats().created() == 3);
        // includes the first connection, opened synchronously at start-up
        assertThat(rec.created).as("connectionCreated events vs stats().created()").hasSize(3);
    }

    @Test
    void failedConnectionAttemptsAreReportedAndCounted() throws Exception {
        DriverScript db = ScriptedDriver.newScript("listen-failed");
        RecordingListener rec = new RecordingListener();
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2).listener(rec));
        db.failNextConnects(1, DriverScript::connectionRefused);

        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
        }
        assertThat(rec.creationFailures).hasSize(1);
        assertThat(rec.creationFailures.get(0).getSQLState()).isEqualTo("08001");
        assertThat(pool.stats().creationFailures()).isEqualTo(1);
        assertThat(db.failedConnects()).isEqualTo(1);
    }

    @Test
    void failedAttemptsDuringStartUpAreCountedToo() throws Exception {
        DriverScript db = ScriptedDriver.newScript("listen-failed-start");
        RecordingListener rec = new RecordingListener();
        db.failNextConnects(2, DriverScript::connectionRefused);
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).listener(rec)
                .initializationFailTimeout(Duration.ofSeconds(5)));
        assertThat(db.failedConnects()).isEqualTo(2);
        assertThat(pool.stats().creationFailures()).as("stats().creationFailures() after 2 failed attempts at start").isEqualTo(2);
        assertThat(rec.creationFailures).hasSize(2);
    }

    @Test
    void aThrowingListenerDoesNotBreakBorrowingNorStarveOtherListeners() throws Exception {
        DriverScript db = ScriptedDriver.newScript("listen-throw");
        ThrowingListener bomb = new ThrowingListener();
        RecordingListener rec = new RecordingListener();
        try (LogCapture logs = LogCapture.install()) {
            EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).listener(bomb).listener(rec)
                    .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)));
            for (int i = 0; i < 3; i++) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            }
            try (Connection held = pool.getConnection()) {
                assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            }
            pool.softEvictAll();
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }

            assertThat(bomb.calls.get()).isGreaterThan(0);
            assertThat(rec.acquired).hasSize(5);
            assertThat(rec.returned).hasSize(5);
            assertThat(rec.timeouts).hasValue(1);
            assertThat(rec.closesByReason().get(CloseReason.EVICTED)).isEqualTo(1);
            assertThat(pool.stats().borrows()).isEqualTo(5);
            assertThat(logs.atLeast(Level.WARN)).anySatisfy(e -> assertThat(e.message()).contains("ThrowingListener"));
        }
    }

    @Test
    void listenersCanBeAddedAndRemovedAtRunTime() throws Exception {
        DriverScript db = ScriptedDriver.newScript("listen-add");
        EddyDataSource pool = res.open(baseConfig(db));
        RecordingListener rec = new RecordingListener();
        pool.getConnection().close();
        pool.addListener(rec);
        pool.getConnection().close();
        pool.removeListener(rec);
        pool.getConnection().close();
        assertThat(rec.acquired).hasSize(1);
        assertThat(rec.returned).hasSize(1);
    }

    // ------------------------------------------------------------------ stats

    @Test
    void statsCountersAddUpAfterAConcurrentWorkload() throws Exception {
        DriverScript db = ScriptedDriver.newScript("stats-sum");
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(4).maxQueries(7)
                .connectionTimeout(Duration.ofSeconds(5)));
        int threads = 4;
        int borrowsEach = 30;
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(res.executor().submit(() -> {
                for (int i = 0; i < borrowsEach; i++) {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                        if (i % 3 == 0) {
                            s.execute("SELECT 2");
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(20, TimeUnit.SECONDS);
        }

        await("quiescent", () -> {
            PoolStats s = pool.stats();
            return s.active() == 0 && s.pending() == 0 && s.created() - s.closedTotal() == s.total()
                    && db.open() == s.total() && s.total() >= 2;
        }, pool::stats);
        PoolStats s = pool.stats();
        assertThat(s.borrows()).isEqualTo((long) threads * borrowsEach);
        assertThat(s.total()).isEqualTo(s.active() + s.idle()).isBetween(2, 4);
        assertThat(s.created()).isEqualTo(db.opened());
        assertThat(s.closedTotal()).isEqualTo(db.closed());
        assertThat(s.closedByReason().get(CloseReason.MAX_QUERIES)).as("max-queries retired some").isPositive();
        assertThat(s.closedByReason().get(CloseReason.MAX_QUERIES)).isEqualTo(s.closedTotal());
        assertThat(s.closedByReason()).containsOnlyKeys(CloseReason.values());
        assertThat(s.acquireTimeouts()).isZero();
        assertThat(s.min()).isEqualTo(2);
        assertThat(s.max()).isEqualTo(4);
        assertThat(s.poolName()).isEqualTo(db.name());
        assertThat(s.suspended()).isFalse();
        assertThat(s.closed()).isFalse();
        assertThat(s.saturated()).isFalse();
    }

    @Test
    void statsShowActiveIdlePendingAndSaturation() throws Exception {
        DriverScript db = ScriptedDriver.newScript("stats-gauges");
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(2).connectionTimeout(Duration.ofSeconds(5)));
        await("min-size open", () -> pool.stats().idle() == 2);
        Connection a = pool.getConnection();
        assertThat(pool.stats()).satisfies(s -> {
            assertThat(s.active()).isEqualTo(1);
            assertThat(s.idle()).isEqualTo(1);
            assertThat(s.total()).isEqualTo(2);
        });
        Connection b = pool.getConnection();
        Future<Connection> waiter = res.executor().submit(() -> pool.getConnection());
        await("waiter pending", () -> pool.stats().pending() == 1);
        assertThat(pool.stats().saturated()).isTrue();
        a.close();
        waiter.get(5, TimeUnit.SECONDS).close();
        b.close();
        assertThat(pool.stats()).satisfies(s -> {
            assertThat(s.active()).isZero();
            assertThat(s.idle()).isEqualTo(2);
            assertThat(s.pending()).isZero();
            assertThat(s.borrows()).isEqualTo(3);
            assertThat(s.saturated()).isFalse();
        });
    }

    // ------------------------------------------------------------------ JMX

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** The pool's registered MBean names, matched on the name key (quoted or not). */
    private static Set<ObjectName> mbeansOf(String poolName) throws Exception {
        Set<ObjectName> out = new java.util.HashSet<>();
        for (ObjectName n : SERVER.queryNames(new ObjectName("io.github.eddypool:type=Pool,*"), null)) {
            String name = n.getKeyProperty("name");
            if (name.startsWith("\"")) {
                name = ObjectName.unquote(name);
            }
            if (name.equals(poolName)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void mbeanIsRegisteredUnderTheDocumentedName() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jmx-name");
        EddyDataSource pool = res.open(baseConfig(db).registerMbeans(true));
        ObjectName documented = new ObjectName("io.github.eddypool:type=Pool,name=" + pool.getPoolName());
        assertThat(SERVER.isRegistered(documented))
                .as("%s registered; found %s", documented, mbeansOf(pool.getPoolName()))
                .isTrue();
    }

    @Test
    void mbeanExposesCountsAndOperationsAndIsUnregisteredOnClose() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jmx-ops");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2).registerMbeans(true));
        await("min-size open", () -> pool.stats().idle() == 1);
        Set<ObjectName> names = mbeansOf(pool.getPoolName());
        assertThat(names).hasSize(1);
        ObjectName name = names.iterator().next();
        EddyPoolMXBean bean = JMX.newMXBeanProxy(SERVER, name, EddyPoolMXBean.class);

        Connection c = pool.getConnection();
        assertThat(bean.getPoolName()).isEqualTo(pool.getPoolName());
        assertThat(SERVER.getAttribute(name, "ActiveConnections")).isEqualTo(1);
        assertThat(bean.getTotalConnections()).isEqualTo(1);
        assertThat(bean.getIdleConnections()).isZero();
        assertThat(bean.getPendingThreads()).isZero();
        assertThat(bean.getMinSize()).isEqualTo(1);
        assertThat(bean.getMaxSize()).isEqualTo(2);
        assertThat(bean.getConnectionsCreated()).isEqualTo(1);
        assertThat(bean.getBorrows()).isEqualTo(1);
        assertThat(bean.getAcquireTimeouts()).isZero();
        c.close();

        bean.suspend();
        assertThat(pool.isSuspended()).isTrue();
        assertThat(bean.isSuspended()).isTrue();
        bean.resume();
        assertThat(pool.isSuspended()).isFalse();

        SERVER.invoke(name, "resize", new Object[] {2, 3}, new String[] {"int", "int"});
        assertThat(pool.stats().min()).isEqualTo(2);
        assertThat(pool.stats().max()).isEqualTo(3);
        await("resized minimum filled", () -> db.open() == 2);

        bean.softEvictAll();
        assertThat(pool.stats().closedByReason().get(CloseReason.EVICTED)).isEqualTo(2);
        assertThat(bean.getConnectionsClosed()).isEqualTo(2);

        pool.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
        assertThat(mbeansOf(pool.getPoolName())).isEmpty();
    }

    @Test
    void noMbeanWhenRegistrationIsOff() throws Exception {
        DriverScript db = ScriptedDriver.newScript("jmx-off");
        EddyDataSource pool = res.open(baseConfig(db).registerMbeans(false));
        assertThat(mbeansOf(pool.getPoolName())).isEmpty();
    }
}
