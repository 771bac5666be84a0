package io.github.eddypool.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ScriptedDriverTest {

    private static Connection open(DriverScript db) throws SQLException {
        return DriverManager.getConnection(db.url(), "app", "pw");
    }

    @Test
    void countsOpenedOpenAndClosedConnections() throws Exception {
        DriverScript db = ScriptedDriver.newScript();
        Connection a = open(db);
        Connection b = open(db);
        assertThat(db.opened()).isEqualTo(2);
        assertThat(db.open()).isEqualTo(2);
        a.close();
        a.close();   // idempotent
        assertThat(db.closed()).isEqualTo(1);
        assertThat(db.open()).isEqualTo(1);
        b.abort(Runnable::run);
        assertThat(db.open()).isZero();
        assertThat(((ScriptedConnection) b).wasAborted()).isTrue();
        assertThat(db.lastConnectProperties().getProperty("user")).isEqualTo("app");
        assertThat(db.connectAttempts()).isEqualTo(2);
    }

    @Test
    void nextConnectsFailWithTheScriptedSqlState() throws Exception {
        DriverScript db = ScriptedDriver.newScript();
        db.failNextConnects(2, DriverScript::authFailure);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> open(db)).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
        }
        open(db).close();
        assertThat(db.failedConnects()).isEqualTo(2);
        assertThat(db.opened()).isEqualTo(1);

        db.failAllConnects("08001");
        assertThatThrownBy(() -> open(db)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        assertThatThrownBy(() -> open(db)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        db.clearConnectFailures();
        open(db).close();
    }

    @Test
    void requirePasswordRejectsOtherPasswords() throws Exception {
        DriverScript db = ScriptedDriver.newScript().requirePassword("right");
        assertThatThrownBy(() -> DriverManager.getConnection(db.url(), "app", "wrong"))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
        DriverManager.getConnection(db.url(), "app", "right").close();
    }

    @Test
    void hangingConnectsBlockUntilReleasedAndTheirConcurrencyIsRecorded() throws Exception {
        DriverScript db = ScriptedDriver.newScript().hangConnects();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Connection>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit(() -> open(db)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (db.connectsInFlight() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(db.connectsInFlight()).isEqualTo(3);
            assertThat(futures).noneMatch(Future::isDone);
            db.releaseConnects();
            for (Future<Connection> f : futures) {
                f.get(5, TimeUnit.SECONDS).close();
            }
            assertThat(db.maxConcurrentConnects()).isEqualTo(3);
            assertThat(db.connectsInFlight()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hangForADurationEndsInAConnectTimeout() throws Exception {
        DriverScript db = ScriptedDriver.newScript().hangConnectsFor(Duration.ofMillis(200));
        long start = System.nanoTime();
        assertThatThrownBy(() -> open(db)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void aHangingConnectIsInterruptible() throws Exception {
        DriverScript db = ScriptedDriver.newScript().hangConnects();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                open(db);
                failure.complete(null);
            } catch (SQLException e) {
                failure.complete(e);
            }
        });
        t.start();
        while (db.connectsInFlight() == 0) {
            Thread.sleep(5);
        }
        t.interrupt();
        assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(SQLException.class).hasMessageContaining("interrupted");
    }

    @Test
    void slowConnectsTakeAtLeastTheDelay() throws Exception {
        DriverScript db = ScriptedDriver.newScript().connectDelay(Duration.ofMillis(150));
        long start = System.nanoTime();
        open(db).close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(145));
    }

    @Test
    void tracksSessionStateTransactionsAndSql() throws Exception {
        DriverScript db = ScriptedDriver.newScript();
        Connection c = open(db);
        ScriptedConnection sc = c.unwrap(ScriptedConnection.class);
        assertThat(sc.stateAutoCommit()).isTrue();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        c.setCatalog("other");
        c.setSchema("s1");
        c.setNetworkTimeout(Runnable::run, 1234);
        try (Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("insert into t values (1)")).isZero();
            assertThat(sc.stateInTransaction()).isTrue();
            assertThatThrownBy(() -> c.setReadOnly(true)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25001");
            c.rollback();
            ResultSet rs = st.executeQuery("select 1");
            assertThat(sc.openResultSetCount()).isEqualTo(1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(1)).isEqualTo("1");
            assertThat(rs.next()).isFalse();
            assertThat(sc.openStatementCount()).isEqualTo(1);
        }
        try (PreparedStatement ps = c.prepareStatement("update t set x = ?")) {
            ps.setInt(1, 3);
            ps.executeUpdate();
        }
        c.commit();
        c.setReadOnly(true);
        sc.addWarning("notice");
        assertThat((Object) c.getWarnings()).isNotNull();
        assertThat(sc.rollbacks()).isEqualTo(1);
        assertThat(sc.commits()).isEqualTo(1);
        assertThat(sc.executedSql()).containsExactly("insert into t values (1)", "select 1", "update t set x = ?");
        assertThat(sc.stateIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(sc.stateCatalog()).isEqualTo("other");
        assertThat(sc.stateSchema()).isEqualTo("s1");
        assertThat(sc.stateReadOnly()).isTrue();
        assertThat(sc.stateNetworkTimeout()).isEqualTo(1234);
        assertThat(sc.stateHasWarnings()).isTrue();
        assertThat(sc.openStatementCount()).isZero();
        assertThat(sc.calls("setAutoCommit")).isEqualTo(1);
        assertThatThrownBy(() -> c.setSavepoint()).isInstanceOf(SQLFeatureNotSupportedException.class);
        Statement leaked = c.createStatement();
        c.close();
        assertThat(leaked.isClosed()).isTrue();
        assertThatThrownBy(c::getAutoCommit).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
    }

    @Test
    void aBrokenConnectionThrowsItsSqlStateAndIsNotValid() throws Exception {
        DriverScript db = ScriptedDriver.newScript();
        Connection c = open(db);
        Statement st = c.createStatement();
        db.breakAll("57P01");
        assertThatThrownBy(() -> st.execute("select 1")).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57P01");
        assertThatThrownBy(c::commit).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57P01");
        assertThat(c.isValid(1)).isFalse();
        assertThat(c.isClosed()).isFalse();
        c.close();
        assertThat(db.open()).isZero();
    }

    @Test
    void validityCanBeFalseOrHang() throws Exception {
        DriverScript db = ScriptedDriver.newScript().defaultValidity(DriverScript.Validity.INVALID);
        Connection invalid = open(db);
        assertThat(invalid.isValid(1)).isFalse();

        db.defaultValidity(DriverScript.Validity.HANG);
        Connection hanging = open(db);
        long start = System.nanoTime();
        assertThat(hanging.isValid(1)).isFalse();   // honours the 1 s timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));

        db.defaultValidity(DriverScript.Validity.HANG_IGNORING_TIMEOUTS);
        ScriptedConnection stuck = (ScriptedConnection) open(db);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> result = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                return stuck.isValid(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        Thread.sleep(1300);
        assertThat(result).isNotDone();   // ignored its 1 s timeout
        stuck.release();
        assertThat(result.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(stuck.validations()).isEqualTo(1);
    }

    @Test
    void hangingStatementsHonourQueryAndNetworkTimeouts() throws Exception {
        DriverScript db = ScriptedDriver.newScript().defaultExecution(DriverScript.Execution.HANG);
        Connection c = open(db);
        Statement st = c.createStatement();
        st.setQueryTimeout(1);
        assertThatThrownBy(() -> st.execute("select 1")).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
        st.setQueryTimeout(0);
        c.setNetworkTimeout(Runnable::run, 300);
        assertThatThrownBy(() -> st.execute("select 1")).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
        assertThat(c.isValid(1)).isFalse();   // a read timeout breaks the connection
    }

    @Test
    void foreignUrlsAreNotAccepted() throws Exception {
        assertThat(ScriptedDriver.instance().connect("jdbc:postgresql://x/y", new Properties())).isNull();
        assertThat(ScriptedDriver.instance().acceptsURL("jdbc:scripted:x")).isTrue();
        assertThat(DriverManager.getDriver("jdbc:scripted:anything")).isInstanceOf(ScriptedDriver.class);
    }
}
