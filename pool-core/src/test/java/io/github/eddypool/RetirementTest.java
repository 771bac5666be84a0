package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.await;
import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.physical;
import static io.github.eddypool.PoolTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedConnection;
import io.github.eddypool.testing.ScriptedDriver;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the pool retires a connection, each counted under its {@link CloseReason}: idle
 * timeout, max lifetime, max queries, keepalive and pre-ping failures, fatal errors, soft
 * eviction and resizing. A borrowed connection is never closed under its borrower.
 */
@Timeout(30)
class RetirementTest {

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    private static long closed(EddyDataSource pool, CloseReason reason) {
        return pool.stats().closedByReason().get(reason);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<Connection> borrow(EddyDataSource pool, int n) throws SQLException {
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pool.getConnection());
        }
        return out;
    }

    private static void closeAll(List<Connection> connections) throws SQLException {
        for (Connection c : connections) {
            c.close();
        }
    }

    // ------------------------------------------------------------------ idle-timeout

    @Test
    void idleTimeoutShrinksAnOverflowPoolBackToMinSizeAndNoFurther() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-idle");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(4).idleTimeout(Duration.ofSeconds(1)));
        await("min-size open", () -> db.open() == 1);

        List<Connection> load = borrow(pool, 4);
        assertThat(db.open()).as("grew under load").isEqualTo(4);
        assertThat(pool.stats().active()).isEqualTo(4);
        closeAll(load);
        assertThat(pool.stats().idle()).isEqualTo(4);

        await("shrunk back to min-size", Duration.ofSeconds(5), () -> pool.stats().total() == 1 && db.open() == 1, pool::stats);
        assertThat(closed(pool, CloseReason.IDLE_TIMEOUT)).isEqualTo(3);

        // another idle period: min-size connections are never idled out (nor churned)
        sleep(1_300);
        assertThat(pool.stats().total()).isEqualTo(1);
        assertThat(db.open()).isEqualTo(1);
        assertThat(db.opened()).as("no connection re-opened").isEqualTo(4);
        assertThat(closed(pool, CloseReason.IDLE_TIMEOUT)).isEqualTo(3);
        assertThat(pool.stats().closedTotal()).isEqualTo(3);
    }

    @Test
    void aConnectionInUseIsNotIdledOut() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-idle-busy");
        EddyDataSource pool = res.open(baseConfig(db).minSize(0).maxSize(2).idleTimeout(Duration.ofSeconds(1)));
        try (Connection c = pool.getConnection()) {
            sleep(1_400);
            assertThat(physical(c).isPhysicallyClosed()).isFalse();
            execute(c, "SELECT 1");
        }
        // min-size 0: once idle, it goes
        await("idle connection closed", () -> db.open() == 0 && closed(pool, CloseReason.IDLE_TIMEOUT) == 1);
    }

    // ------------------------------------------------------------------ max-lifetime

    @Test
    void maxLifetimeRetiresIdleConnectionsAndBorrowedOnesOnlyOnReturn() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-life");
        long start = System.nanoTime();
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(2)
                .maxLifetime(Duration.ofSeconds(1)).keepaliveTime(Duration.ZERO));
        await("min-size open", () -> db.open() == 2);

        Connection c = pool.getConnection();
        ScriptedConnection borrowed = physical(c);
        ScriptedConnection idle = db.connections().stream().filter(p -> p != borrowed).findFirst().orElseThrow();

        await("idle connection retired at max-lifetime", idle::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.MAX_LIFETIME)).isGreaterThanOrEqualTo(1);
        await("retired idle connection replaced", () -> db.open() == 2);

        // well past its lifetime, the borrowed connection stays open and usable
        long pastLifetime = 1_500 - Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (pastLifetime > 0) {
            sleep(pastLifetime);
        }
        assertThat(borrowed.isPhysicallyClosed()).as("never closed while borrowed").isFalse();
        execute(c, "SELECT 1");
        long retiredBefore = closed(pool, CloseReason.MAX_LIFETIME);

        c.close();
        await("expired connection closed on return", borrowed::isPhysicallyClosed);
        assertThat(borrowed.wasAborted()).isFalse();
        assertThat(closed(pool, CloseReason.MAX_LIFETIME)).isGreaterThan(retiredBefore);
        await("pool back at min-size", () -> db.open() == 2);
        try (Connection fresh = pool.getConnection()) {
            assertThat(physical(fresh)).isNotSameAs(borrowed).isNotSameAs(idle);
        }
    }

    // ------------------------------------------------------------------ max-queries

    @Test
    void maxQueriesRetiresAConnectionOnTheReturnAfterItsNthStatement() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-queries");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).maxQueries(3));

        ScriptedConnection first;
        try (Connection c = pool.getConnection()) {
            first = physical(c);
            execute(c, "SELECT 1");
            execute(c, "SELECT 2");
        }
        assertThat(first.isPhysicallyClosed()).as("2 of 3 statements: kept").isFalse();
        assertThat(closed(pool, CloseReason.MAX_QUERIES)).isZero();

        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isSameAs(first);
            execute(c, "SELECT 3");
            // the limit is reached, but the borrower is not cut off
            try (var ps = c.prepareStatement("SELECT ?")) {
                ps.setInt(1, 4);
                ps.executeQuery().close();
            }
            assertThat(first.isPhysicallyClosed()).isFalse();
        }
        await("retired on return", first::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.MAX_QUERIES)).isEqualTo(1);

        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isNotSameAs(first);
        }
        assertThat(db.opened()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ keepalive

    @Test
    void keepaliveTestsIdleConnectionsPeriodicallyAndRemovesDeadOnes() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-keepalive");
        EddyDataSource pool = res.open(baseConfig(db).minSize(3).maxSize(3)
                .keepaliveTime(Duration.ofSeconds(1)).prePing(false));
        await("min-size open", () -> db.open() == 3);

        Connection held = pool.getConnection();
        ScriptedConnection busy = physical(held);
        List<ScriptedConnection> idle = db.connections().stream().filter(p -> p != busy).toList();
        long busyValidations = busy.validations();

        await("each idle connection tested", Duration.ofSeconds(4),
                () -> idle.stream().allMatch(p -> p.validations() >= 1),
                () -> idle.stream().map(ScriptedConnection::validations).toList());

        ScriptedConnection dead = idle.get(0);
        ScriptedConnection alive = idle.get(1);
        dead.setValidity(DriverScript.Validity.INVALID);

        await("dead idle connection removed", Duration.ofSeconds(4), dead::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.VALIDATION_FAILED)).isEqualTo(1);
        await("tested again, periodically", Duration.ofSeconds(4), () -> alive.validations() >= 2);
        assertThat(alive.isPhysicallyClosed()).isFalse();
        await("dead one replaced", () -> db.open() == 3);

        assertThat(busy.validations()).as("a borrowed connection is never tested under its borrower").isEqualTo(busyValidations);
        held.close();
    }

    /**
     * A keepalive that finds a connection dead has the others tested before they are next lent,
     * as a borrower's fatal error does: a server restart or a mass kill ends every session, and
     * one used moments before would otherwise be lent without a pre-ping.
     */
    @Test
    void aDeadConnectionFoundByKeepaliveHasIdleOnesTestedBeforeReuse() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-keepalive-dead");
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(2)
                .keepaliveTime(Duration.ofSeconds(1)).prePing(true));
        await("min-size open", () -> db.open() == 2);

        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        ScriptedConnection dead = physical(a);
        ScriptedConnection other = physical(b);
        dead.setValidity(DriverScript.Validity.HANG);
        long deadValidations = dead.validations();
        a.close();
        await("keepalive testing the idle connection", Duration.ofSeconds(4), () -> dead.validations() > deadValidations);

        b.close();
        try (Connection again = pool.getConnection()) { // the only idle one: the other is under test
            assertThat(physical(again)).isSameAs(other);
        } // just used: would be lent without a pre-ping for 500 ms
        long otherValidations = other.validations();
        dead.release(); // the keepalive's test ends: no answer, so the connection is dead
        await("dead connection retired", dead::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.VALIDATION_FAILED)).isEqualTo(1);

        List<Connection> both = borrow(pool, 2);
        assertThat(other.validations()).as("idle connection tested after the keepalive found one dead")
                .isEqualTo(otherValidations + 1);
        closeAll(both);
    }

    // ------------------------------------------------------------------ pre-ping

    @Test
    void prePingIsSkippedForRecentlyUsedConnectionsAndDoneAfterIdling() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-preping");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).keepaliveTime(Duration.ZERO).prePing(true));

        ScriptedConnection phys;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
        }
        long validations = phys.validations();
        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isSameAs(phys);
        }
        assertThat(phys.validations()).as("used within the last 500 ms: no pre-ping").isEqualTo(validations);

        sleep(700);
        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isSameAs(phys);
        }
        assertThat(phys.validations()).as("idle longer than 500 ms: pre-pinged").isEqualTo(validations + 1);
        assertThat(phys.stateNetworkTimeout()).as("network timeout restored after the test").isZero();
    }

    @Test
    void aConnectionThatDiedWhileIdleIsReplacedTransparentlyByPrePing() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-preping-dead");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).keepaliveTime(Duration.ZERO).prePing(true));

        ScriptedConnection dead;
        try (Connection c = pool.getConnection()) {
            dead = physical(c);
        }
        dead.setValidity(DriverScript.Validity.INVALID);
        sleep(700);

        try (Connection c = pool.getConnection()) {
            ScriptedConnection fresh = physical(c);
            assertThat(fresh).isNotSameAs(dead);
            execute(c, "SELECT 1");
        }
        await("dead connection closed", dead::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.VALIDATION_FAILED)).isEqualTo(1);
        assertThat(pool.stats().total()).isEqualTo(1);
        assertThat(db.opened()).isEqualTo(2);
    }

    @Test
    void aConfiguredTestQueryReplacesIsValidAndLeavesNoTransactionOpen() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-testquery");
        String testQuery = "SELECT 1 /* eddy ping */";
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).autoCommit(false)
                .keepaliveTime(Duration.ofSeconds(1)).prePing(true).connectionTestQuery(testQuery));

        ScriptedConnection phys;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
        }
        await("keepalive ran the test query", Duration.ofSeconds(4), () -> phys.executedSql().contains(testQuery));
        sleep(600);
        long before = phys.executedSql().stream().filter(testQuery::equals).count();
        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isSameAs(phys);
        }
        assertThat(phys.executedSql().stream().filter(testQuery::equals).count()).as("pre-ping ran the test query")
                .isGreaterThan(before);
        assertThat(phys.validations()).as("isValid() not used").isZero();
        assertThat(phys.stateInTransaction()).as("the test's transaction is ended (auto-commit off)").isFalse();
        assertThat(phys.commits()).isZero();
        assertThat(phys.stateNetworkTimeout()).isZero();
        assertThat(pool.stats().borrows()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ fatal errors

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"08006", "57P01"})
    void aFatalErrorDiscardsTheConnectionOnReturnAndIdleOnesAreTestedBeforeReuse(String sqlState) throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-fatal");
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(2).keepaliveTime(Duration.ZERO).prePing(true));
        await("min-size open", () -> db.open() == 2);

        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        ScriptedConnection broken = physical(a);
        ScriptedConnection other = physical(b);
        b.close(); // just used: would normally be lent without a pre-ping for 500 ms
        long otherValidations = other.validations();

        broken.markBroken(sqlState);
        assertThatThrownBy(() -> execute(a, "SELECT 1"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(sqlState));
        assertThat(broken.isPhysicallyClosed()).as("not closed under its borrower").isFalse();
        assertThat(closed(pool, CloseReason.BROKEN)).isZero();

        a.close();
        await("broken connection discarded on return", broken::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.BROKEN)).isEqualTo(1);
        await("replaced", () -> db.open() == 2 && pool.stats().idle() == 2);

        // both remaining connections are lent: the one returned before the error is tested first
        List<Connection> both = borrow(pool, 2);
        assertThat(both.stream().map(c -> {
            try {
                return physical(c);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }).toList()).doesNotContain(broken).contains(other);
        assertThat(other.validations()).as("idle connection tested after the fatal error").isEqualTo(otherValidations + 1);
        closeAll(both);
    }

    @Test
    void aVendorFatalErrorCodeDiscardsTheConnection() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-vendor");
        KillableDataSource ds = new KillableDataSource(db);
        EddyDataSource pool = res.open(EddyConfig.builder()
                .poolName(db.name())
                .dataSource(ds)
                .minSize(1)
                .maxSize(1)
                .connectionTimeout(Duration.ofSeconds(2))
                .validationTimeout(Duration.ofMillis(500))
                .housekeepingPeriod(Duration.ofMillis(100))
                .shutdownGracePeriod(Duration.ZERO));

        ScriptedConnection killed;
        try (Connection c = pool.getConnection()) {
            killed = physical(c);
            execute(c, "SELECT 1");
            ds.kill(killed);
            assertThatThrownBy(() -> execute(c, "SELECT 2"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1927));
        }
        await("killed connection discarded", killed::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.BROKEN)).isEqualTo(1);
        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isNotSameAs(killed);
            execute(c, "SELECT 3");
        }
    }

    @Test
    void aNonFatalErrorKeepsTheConnection() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-nonfatal");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1));
        ScriptedConnection phys;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
            // an invalid isolation level: SQLState HY024, a plain usage error
            assertThatThrownBy(() -> c.setTransactionIsolation(42)).isInstanceOf(SQLException.class);
        }
        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isSameAs(phys);
        }
        assertThat(pool.stats().closedTotal()).isZero();
    }

    // ------------------------------------------------------------------ soft eviction

    @Test
    void softEvictAllClosesIdleConnectionsNowAndBorrowedOnesOnReturn() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-evict");
        EddyDataSource pool = res.open(baseConfig(db).minSize(2).maxSize(2));
        // in the pool, not only opened by the driver: one opened but not yet added would miss the eviction
        await("min-size open", () -> db.open() == 2 && pool.stats().total() == 2);

        Connection c = pool.getConnection();
        ScriptedConnection borrowed = physical(c);
        ScriptedConnection idle = db.connections().stream().filter(p -> p != borrowed).findFirst().orElseThrow();

        pool.softEvictAll();
        await("idle connection evicted", idle::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.EVICTED)).isEqualTo(1);
        assertThat(borrowed.isPhysicallyClosed()).isFalse();
        execute(c, "SELECT 1");
        await("refilled", () -> db.open() == 2);

        c.close();
        await("borrowed connection evicted on return", borrowed::isPhysicallyClosed);
        assertThat(closed(pool, CloseReason.EVICTED)).isEqualTo(2);
        await("refilled with new connections", () -> db.open() == 2 && pool.stats().total() == 2);
        assertThat(db.opened()).isEqualTo(4);
        try (Connection fresh = pool.getConnection()) {
            assertThat(physical(fresh)).isNotIn(borrowed, idle);
        }
    }

    // ------------------------------------------------------------------ resize

    @Test
    void resizeUpFillsTheNewMinimumAndAllowsTheNewMaximum() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-grow");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2).connectionTimeout(Duration.ofMillis(500))
                .validationTimeout(Duration.ofMillis(250)));
        await("min-size open", () -> db.open() == 1);

        pool.resize(3, 5);
        assertThat(pool.stats().min()).isEqualTo(3);
        assertThat(pool.stats().max()).isEqualTo(5);
        await("new minimum filled in the background", () -> db.open() == 3 && pool.stats().total() == 3);

        List<Connection> five = borrow(pool, 5);
        assertThat(db.open()).isEqualTo(5);
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);
        closeAll(five);
        assertThat(pool.stats().closedTotal()).isZero();
    }

    @Test
    void raisingTheMaximumServesWaitingBorrowers() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-grow-waiters");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(1).connectionTimeout(Duration.ofSeconds(10)));
        Connection held = pool.getConnection();
        var waiter = res.executor().submit(() -> pool.getConnection());
        await("waiter queued", () -> pool.stats().pending() == 1);
        pool.resize(1, 2);
        try (Connection served = waiter.get(5, java.util.concurrent.TimeUnit.SECONDS)) {
            assertThat(physical(served)).isNotSameAs(physical(held));
        }
        held.close();
        assertThat(db.opened()).isEqualTo(2);
    }

    @Test
    void resizeDownClosesIdleExtrasNowAndBorrowedExtrasOnReturn() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-shrink");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(5));
        List<Connection> five = borrow(pool, 5);
        assertThat(db.open()).isEqualTo(5);
        List<Connection> kept = five.subList(0, 3);
        List<ScriptedConnection> keptPhysical = new ArrayList<>();
        for (Connection c : kept) {
            keptPhysical.add(physical(c));
        }
        five.get(3).close();
        five.get(4).close();

        pool.resize(1, 2);
        assertThat(pool.stats().max()).isEqualTo(2);
        await("idle extras closed at once", () -> db.open() == 3, pool::stats);
        assertThat(closed(pool, CloseReason.RESIZED)).isEqualTo(2);

        // Several housekeeping runs pass while the extras are borrowed: none is closed under its borrower.
        sleep(400);
        assertThat(keptPhysical).noneMatch(ScriptedConnection::isPhysicallyClosed);
        for (Connection c : kept) {
            execute(c, "SELECT 1");
        }

        closeAll(kept);
        // 3 borrowed, max 2: exactly one is surplus and closed on return
        await("back within the new maximum", () -> pool.stats().total() <= 2 && db.open() == pool.stats().total(), pool::stats);
        sleep(300);
        assertThat(closed(pool, CloseReason.RESIZED)).as("2 idle + 1 borrowed extra closed, %s", pool.stats()).isEqualTo(3);
        assertThat(pool.stats().total()).as("shrunk to the new maximum, not below").isEqualTo(2);
        assertThat(db.opened()).as("no connection closed and re-opened").isEqualTo(5);
    }

    @Test
    void resizeRejectsInvalidSizesAndKeepsTheOldOnes() throws Exception {
        DriverScript db = ScriptedDriver.newScript("retire-resize-bad");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2));

        assertThatThrownBy(() -> pool.resize(3, 2)).isInstanceOfSatisfying(EddyConfigException.class,
                e -> assertThat(e.property()).isEqualTo("min-size"));
        assertThatThrownBy(() -> pool.resize(0, 0)).isInstanceOfSatisfying(EddyConfigException.class,
                e -> assertThat(e.property()).isEqualTo("max-size"));
        assertThatThrownBy(() -> pool.resize(-1, 2)).isInstanceOfSatisfying(EddyConfigException.class,
                e -> assertThat(e.property()).isEqualTo("min-size"));
        assertThat(pool.stats().min()).isEqualTo(1);
        assertThat(pool.stats().max()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A vendor DataSource whose connections can be "killed": every later call fails with MariaDB's
     * vendor code 1927 (SQLState 70100, not a connection-class state), as after {@code KILL}.
     */
    static final class KillableDataSource implements DataSource {
        private final DriverScript db;
        private final Set<ScriptedConnection> killed = ConcurrentHashMap.newKeySet();

        KillableDataSource(DriverScript db) {
            this.db = db;
        }

        void kill(ScriptedConnection c) {
            killed.add(c);
        }

        @Override
        public Connection getConnection() throws SQLException {
            ScriptedConnection real = (ScriptedConnection) ScriptedDriver.instance().connect(db.url(), new Properties());
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        String name = method.getName();
                        if (killed.contains(real) && !name.equals("close") && !name.equals("isClosed") && !name.equals("abort")
                                && !name.equals("unwrap") && !name.equals("isWrapperFor")) {
                            throw new SQLException("(conn=" + real.id() + ") Connection was killed", "70100", 1927);
                        }
                        if (name.equals("createStatement") && (args == null || args.length == 0)) {
                            Statement s = real.createStatement();
                            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                                    (sp, sm, sargs) -> {
                                        if (killed.contains(real) && sm.getName().startsWith("execute")) {
                                            throw new SQLException("(conn=" + real.id() + ") Connection was killed", "70100", 1927);
                                        }
                                        return invoke(s, sm, sargs);
                                    });
                        }
                        return invoke(real, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
