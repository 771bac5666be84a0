package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.await;
import static io.github.eddypool.PoolTestSupport.baseConfig;
import static io.github.eddypool.PoolTestSupport.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.ScriptedConnection;
import io.github.eddypool.testing.ScriptedDriver;
import io.github.eddypool.testing.ScriptedResultSet;
import io.github.eddypool.testing.ScriptedStatement;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * What a borrower leaves behind never reaches the next borrower: uncommitted work is rolled
 * back, session state is restored, statements are closed; and handles behave like a driver's.
 */
@Timeout(30)
class ConnectionResetTest {

    private static final Executor DIRECT = Runnable::run;

    private final PoolTestSupport.Resources res = new PoolTestSupport.Resources();

    @AfterEach
    void tearDown() {
        res.close();
    }

    /** A pool of exactly one physical connection, so that every borrow gets the same one. */
    private EddyDataSource singleConnectionPool(DriverScript db, ThrowingConsumer<EddyConfig.Builder> customize) throws Throwable {
        EddyConfig.Builder b = baseConfig(db).minSize(1).maxSize(1);
        customize.accept(b);
        return res.open(b);
    }

    // ------------------------------------------------------------------ transactions

    @Test
    void uncommittedWorkIsRolledBackOnReturnWhenThePoolDefaultsToManualCommit() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-tx");
        EddyDataSource pool = singleConnectionPool(db, b -> b.autoCommit(false));

        ScriptedConnection phys;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE account SET balance = balance - 100 WHERE id = 1");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = 2")) {
                ps.setInt(1, 100);
                ps.executeUpdate();
            }
            assertThat(phys.stateInTransaction()).as("the borrower's work is in an open transaction").isTrue();
        }

        assertThat(phys.rollbacks()).as("rolled back on return").isEqualTo(1);
        assertThat(phys.commits()).as("never committed by the pool").isZero();
        assertThat(phys.stateInTransaction()).isFalse();
        assertThat(phys.stateAutoCommit()).as("still the pool's auto-commit=false").isFalse();

        // the next borrower starts clean on the same physical connection
        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isSameAs(phys);
            assertThat(c.getAutoCommit()).isFalse();
        }
    }

    @Test
    void workOfABorrowerWhoTurnedAutoCommitOffIsRolledBackBeforeAutoCommitIsRestored() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-ac");
        EddyDataSource pool = singleConnectionPool(db, b -> b.autoCommit(true));

        ScriptedConnection phys;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO audit VALUES (1)");
            }
            assertThat(phys.stateInTransaction()).isTrue();
        }

        // Restoring auto-commit first would commit the work (JDBC semantics): it must be rolled back first.
        assertThat(phys.commits()).as("uncommitted work must never be committed by the pool").isZero();
        assertThat(phys.rollbacks()).isEqualTo(1);
        assertThat(phys.stateAutoCommit()).as("auto-commit restored to the pool default").isTrue();
        assertThat(phys.stateInTransaction()).isFalse();
    }

    @Test
    void stateTheBorrowerSetBackToTheDefaultsCostsNoDriverCallOnReturn() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-set-back");
        EddyDataSource pool = singleConnectionPool(db, b -> b.autoCommit(true));

        ScriptedConnection phys;
        int defaultIsolation;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
            defaultIsolation = c.getTransactionIsolation();
            // what Spring's transaction manager does around a read-only serializable transaction
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.commit();
            c.setTransactionIsolation(defaultIsolation);
            c.setReadOnly(false);
            c.setAutoCommit(true);
        }

        assertThat(phys.calls("setAutoCommit")).as("only the borrower's two calls").isEqualTo(2);
        assertThat(phys.calls("setReadOnly")).isEqualTo(2);
        assertThat(phys.calls("setTransactionIsolation")).isEqualTo(2);

        // Left changed, each is restored on return.
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        }
        assertThat(phys.calls("setAutoCommit")).isEqualTo(4);
        assertThat(phys.calls("setReadOnly")).isEqualTo(4);
        assertThat(phys.calls("setTransactionIsolation")).isEqualTo(4);
        assertThat(phys.stateAutoCommit()).isTrue();
        try (Connection c = pool.getConnection()) {
            assertThat(c.isReadOnly()).isFalse();
            assertThat(c.getTransactionIsolation()).isEqualTo(defaultIsolation);
        }
    }

    /**
     * The isolation and schema restored on return are read from the server once per user, not
     * for every new connection (on PostgreSQL each read is a round trip), and read again for a
     * new user, whose connections may start with other defaults.
     */
    @Test
    void sessionDefaultsAreReadOncePerUserAndRestoredOnEveryConnection() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-defaults-once").defaultIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        AtomicReference<Credentials> credentials = new AtomicReference<>(new Credentials("app", "secret"));
        EddyDataSource pool = res.open(baseConfig(db).minSize(3).maxSize(3).credentialsSupplier(credentials::get));
        await("min-size open", () -> db.open() == 3);
        assertThat(calls(db, "app", "getTransactionIsolation")).as("isolation read once for three connections").isEqualTo(1);
        assertThat(calls(db, "app", "getSchema")).as("schema read once").isEqualTo(1);

        changeOnEveryConnection(pool, Connection.TRANSACTION_SERIALIZABLE, "audit");
        expectOnEveryConnection(pool, Connection.TRANSACTION_REPEATABLE_READ, "public");

        credentials.set(new Credentials("app-v2", "secret"));
        db.defaultIsolation(Connection.TRANSACTION_SERIALIZABLE);
        pool.softEvictAll();
        await("re-opened as the new user", () -> db.openConnections().size() == 3
                && db.openConnections().stream().allMatch(c -> "app-v2".equals(c.user())));
        assertThat(calls(db, "app-v2", "getTransactionIsolation")).as("read again for the new user, once").isEqualTo(1);

        changeOnEveryConnection(pool, Connection.TRANSACTION_READ_COMMITTED, "audit");
        expectOnEveryConnection(pool, Connection.TRANSACTION_SERIALIZABLE, "public");
    }

    private static long calls(DriverScript db, String user, String method) {
        return db.connections().stream().filter(c -> user.equals(c.user())).mapToLong(c -> c.calls(method)).sum();
    }

    interface OnConnection {
        void accept(int index, Connection c) throws SQLException;
    }

    /** Borrows every connection of the pool at once, does {@code action} on each, and returns them. */
    private static void onEveryConnection(EddyDataSource pool, OnConnection action) throws SQLException {
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < pool.stats().max(); i++) {
                Connection c = pool.getConnection();
                all.add(c);
                action.accept(i, c);
            }
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
    }

    private static void changeOnEveryConnection(EddyDataSource pool, int isolation, String schema) throws SQLException {
        onEveryConnection(pool, (i, c) -> {
            c.setTransactionIsolation(isolation);
            c.setSchema(schema);
        });
    }

    private static void expectOnEveryConnection(EddyDataSource pool, int isolation, String schema) throws SQLException {
        onEveryConnection(pool, (i, c) -> {
            assertThat(c.getTransactionIsolation()).as("isolation of connection %d", i).isEqualTo(isolation);
            assertThat(c.getSchema()).as("schema of connection %d", i).isEqualTo(schema);
        });
    }

    @Test
    void committedWorkStaysCommittedAndLaterWorkIsRolledBack() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-commit");
        EddyDataSource pool = singleConnectionPool(db, b -> b.autoCommit(false));

        ScriptedConnection phys;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t VALUES (1)");
                c.commit();
                s.execute("INSERT INTO t VALUES (2)");
            }
        }
        assertThat(phys.commits()).as("only the borrower's own commit").isEqualTo(1);
        assertThat(phys.rollbacks()).as("the work after the commit is rolled back").isEqualTo(1);
        assertThat(phys.stateInTransaction()).isFalse();
    }

    // ------------------------------------------------------------------ session state

    @Test
    void sessionStateChangedByTheBorrowerIsResetToTheDriverDefaults() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-state");
        EddyDataSource pool = singleConnectionPool(db, b -> { });

        ScriptedConnection phys;
        boolean autoCommit;
        int isolation;
        boolean readOnly;
        String catalog;
        String schema;
        int networkTimeout;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
            autoCommit = phys.stateAutoCommit();
            isolation = phys.stateIsolation();
            readOnly = phys.stateReadOnly();
            catalog = phys.stateCatalog();
            schema = phys.stateSchema();
            networkTimeout = phys.stateNetworkTimeout();

            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            c.setCatalog("other_catalog");
            c.setSchema("other_schema");
            c.setNetworkTimeout(DIRECT, 12_345);
            phys.addWarning("NOTICE: relation already exists, skipping");

            // the changes really reached the physical connection
            assertThat(phys.stateAutoCommit()).isFalse();
            assertThat(phys.stateIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(phys.stateReadOnly()).isTrue();
            assertThat(phys.stateCatalog()).isEqualTo("other_catalog");
            assertThat(phys.stateSchema()).isEqualTo("other_schema");
            assertThat(phys.stateNetworkTimeout()).isEqualTo(12_345);
            assertThat((Object) c.getWarnings()).isNotNull();
        }

        assertThat(phys.stateAutoCommit()).as("auto-commit").isEqualTo(autoCommit).isTrue();
        assertThat(phys.stateIsolation()).as("isolation").isEqualTo(isolation).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        assertThat(phys.stateReadOnly()).as("read-only").isEqualTo(readOnly).isFalse();
        assertThat(phys.stateCatalog()).as("catalog").isEqualTo(catalog).isEqualTo("test");
        assertThat(phys.stateSchema()).as("schema").isEqualTo(schema).isEqualTo("public");
        assertThat(phys.stateNetworkTimeout()).as("network timeout").isEqualTo(networkTimeout).isZero();
        assertThat(phys.stateHasWarnings()).as("warnings cleared").isFalse();

        try (Connection c = pool.getConnection()) {
            assertThat(physical(c)).isSameAs(phys);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.isReadOnly()).isFalse();
            assertThat(c.getCatalog()).isEqualTo("test");
            assertThat(c.getSchema()).isEqualTo("public");
            assertThat(c.getNetworkTimeout()).isZero();
            assertThat((Object) c.getWarnings()).isNull();
        }
    }

    @Test
    void sessionStateIsResetToTheConfiguredDefaults() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-configured");
        EddyDataSource pool = singleConnectionPool(db, b -> b
                .autoCommit(false)
                .transactionIsolation("SERIALIZABLE")
                .readOnly(true)
                .catalog("sales")
                .schema("reporting"));

        ScriptedConnection phys;
        try (Connection c = pool.getConnection()) {
            phys = physical(c);
            c.setAutoCommit(true);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            c.setReadOnly(false);
            c.setCatalog("scratch");
            c.setSchema("tmp");
            c.setNetworkTimeout(DIRECT, 5_000);
        }

        assertThat(phys.stateAutoCommit()).isFalse();
        assertThat(phys.stateIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(phys.stateReadOnly()).isTrue();
        assertThat(phys.stateCatalog()).isEqualTo("sales");
        assertThat(phys.stateSchema()).isEqualTo("reporting");
        assertThat(phys.stateNetworkTimeout()).isZero();
    }

    // ------------------------------------------------------------------ statements

    @Test
    void statementsAndResultSetsLeftOpenAreClosedOnReturn() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-stmts");
        EddyDataSource pool = singleConnectionPool(db, b -> { });

        Connection c = pool.getConnection();
        ScriptedConnection phys = physical(c);
        Statement s1 = c.createStatement();
        ResultSet rs1 = s1.executeQuery("SELECT 1");
        PreparedStatement ps = c.prepareStatement("SELECT ?");
        ps.setInt(1, 7);
        ResultSet rs2 = ps.executeQuery();
        CallableStatement cs = c.prepareCall("{call refresh_totals()}");
        Statement neverUsed = c.createStatement();
        Statement closedByBorrower = c.createStatement();
        closedByBorrower.close();

        assertThat(phys.openStatementCount()).isEqualTo(4);
        assertThat(phys.openResultSetCount()).isEqualTo(2);
        List<ScriptedStatement> physicalStatements = List.of(s1.unwrap(ScriptedStatement.class),
                ps.unwrap(ScriptedStatement.class), cs.unwrap(ScriptedStatement.class), neverUsed.unwrap(ScriptedStatement.class));
        ScriptedResultSet prs1 = rs1.unwrap(ScriptedResultSet.class);
        ScriptedResultSet prs2 = rs2.unwrap(ScriptedResultSet.class);

        c.close();

        assertThat(phys.isPhysicallyClosed()).as("the connection itself stays open, in the pool").isFalse();
        assertThat(phys.openStatementCount()).as("statements left open").isZero();
        assertThat(physicalStatements).allSatisfy(st -> assertThat(st.isClosedQuietly()).isTrue());
        assertThat(prs1.isClosed()).isTrue();
        assertThat(prs2.isClosed()).isTrue();
        assertThat(s1.isClosed()).isTrue();
        assertThat(ps.isClosed()).isTrue();
        assertThat(cs.isClosed()).isTrue();
        assertThat(neverUsed.isClosed()).isTrue();

        // the next borrower's statements are tracked from zero
        try (Connection again = pool.getConnection(); Statement s = again.createStatement()) {
            assertThat(physical(again)).isSameAs(phys);
            assertThat(phys.openStatementCount()).isEqualTo(1);
        }
        assertThat(phys.openStatementCount()).isZero();
    }

    // ------------------------------------------------------------------ closed handles

    @Test
    void usingAConnectionAfterCloseThrowsAHelpfulSqlException() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-closed");
        EddyDataSource pool = singleConnectionPool(db, b -> { });

        Connection c = pool.getConnection();
        ScriptedConnection phys = physical(c);
        c.close();

        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("closed")
                .hasMessageContaining("getConnection()");
        assertThatThrownBy(() -> c.prepareStatement("SELECT 1")).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThatThrownBy(c::getAutoCommit).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> c.setAutoCommit(false)).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThat(phys.isPhysicallyClosed()).as("closing the handle must not close the physical connection").isFalse();

        // The stale handle must not reach the next borrower's session.
        try (Connection next = pool.getConnection()) {
            assertThat(physical(next)).isSameAs(phys);
            assertThatThrownBy(() -> c.setReadOnly(true)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> c.setSchema("elsewhere")).isInstanceOf(SQLException.class);
            assertThat(phys.stateReadOnly()).isFalse();
            assertThat(phys.stateSchema()).isEqualTo("public");
        }
    }

    @Test
    void closingTwiceIsHarmless() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-twice");
        EddyDataSource pool = res.open(baseConfig(db).minSize(1).maxSize(2).autoCommit(false));

        Connection c = pool.getConnection();
        c.close();
        c.close();
        assertThat(pool.stats().active()).isZero();
        assertThat(pool.stats().idle()).isEqualTo(pool.stats().total());

        // Had the second close returned the connection again, two borrowers could share it.
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        assertThat(physical(a)).isNotSameAs(physical(b));
        assertThat(pool.stats().active()).isEqualTo(2);

        // A stale close while someone else holds the connection must not disturb them.
        ScriptedConnection physA = physical(a);
        try (Statement s = a.createStatement()) {
            s.execute("INSERT INTO t VALUES (1)");
        }
        long rollbacks = physA.rollbacks();
        c.close();
        assertThat(physA.stateInTransaction()).as("the other borrower's transaction is untouched").isTrue();
        assertThat(physA.rollbacks()).isEqualTo(rollbacks);
        assertThat(pool.stats().active()).isEqualTo(2);
        try (Statement s = a.createStatement()) {
            s.execute("INSERT INTO t VALUES (2)");
        }
        a.commit();
        a.close();
        b.close();
        b.close();
        assertThat(pool.stats().active()).isZero();
        assertThat(pool.stats().borrows()).isEqualTo(3);
    }

    @Test
    void aConnectionTheBorrowerAbortsIsDiscardedAndReplaced() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-abort");
        EddyDataSource pool = singleConnectionPool(db, b -> { });
        Connection c = pool.getConnection();
        ScriptedConnection phys = physical(c);
        c.abort(DIRECT);
        assertThat(c.isClosed()).isTrue();
        assertThat(phys.wasAborted()).isTrue();
        assertThat(pool.stats().closedByReason().get(CloseReason.BROKEN)).isEqualTo(1);
        try (Connection next = pool.getConnection()) {
            assertThat(physical(next)).isNotSameAs(phys);
        }
        assertThat(pool.stats().active()).isZero();
    }

    // ------------------------------------------------------------------ handles and unwrap

    @Test
    void statementsResultSetsAndMetadataLeadBackToThePoolsHandles() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-handles");
        EddyDataSource pool = singleConnectionPool(db, b -> { });

        try (Connection c = pool.getConnection()) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 1");
            PreparedStatement ps = c.prepareStatement("SELECT ?");
            ps.setInt(1, 1);
            ResultSet prs = ps.executeQuery();
            CallableStatement cs = c.prepareCall("{call p()}");
            DatabaseMetaData md = c.getMetaData();

            assertThat(s.getConnection()).isSameAs(c);
            assertThat(ps.getConnection()).isSameAs(c);
            assertThat(cs.getConnection()).isSameAs(c);
            assertThat(md.getConnection()).isSameAs(c);
            assertThat(rs.getStatement()).isSameAs(s);
            assertThat(prs.getStatement()).isSameAs(ps);
            assertThat(s.getResultSet().getStatement()).isSameAs(s);
            assertThat(List.<Object>of(s.getConnection(), ps.getConnection(), cs.getConnection(), md.getConnection()))
                    .noneMatch(o -> o instanceof ScriptedConnection);
            assertThat(List.<Object>of(rs.getStatement(), prs.getStatement()))
                    .noneMatch(o -> o instanceof ScriptedStatement);
        }
    }

    @Test
    void unwrapReachesThePhysicalObjectsAndRejectsWrongTypes() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-unwrap");
        EddyDataSource pool = singleConnectionPool(db, b -> { });

        try (Connection c = pool.getConnection()) {
            assertThat(c).isNotInstanceOf(ScriptedConnection.class);
            assertThat(c.isWrapperFor(ScriptedConnection.class)).isTrue();
            assertThat(c.unwrap(ScriptedConnection.class)).isSameAs(db.lastConnection());
            assertThat(c.isWrapperFor(DataSource.class)).isFalse();
            assertThatThrownBy(() -> c.unwrap(DataSource.class))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining(DataSource.class.getName());

            Statement s = c.createStatement();
            assertThat(s.unwrap(ScriptedStatement.class)).isInstanceOf(ScriptedStatement.class);
            assertThatThrownBy(() -> s.unwrap(DataSource.class)).isInstanceOf(SQLException.class);
            ResultSet rs = s.executeQuery("SELECT 1");
            assertThat(rs.unwrap(ScriptedResultSet.class)).isInstanceOf(ScriptedResultSet.class);
            assertThatThrownBy(() -> rs.unwrap(DataSource.class)).isInstanceOf(SQLException.class);
        }
    }

    // ------------------------------------------------------------------ defaults of new connections

    @Test
    void connectionDefaultsAndInitSqlAreAppliedToEveryNewConnection() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-defaults");
        String initSql = "SET application_name = 'eddy-test'";
        EddyDataSource pool = res.open(baseConfig(db)
                .minSize(2)
                .maxSize(3)
                .autoCommit(false)
                .transactionIsolation("TRANSACTION_REPEATABLE_READ")
                .readOnly(true)
                .catalog("cat1")
                .schema("sch1")
                .connectionInitSql(initSql));
        await("min-size filled", () -> db.open() == 2);

        // a third connection, opened on demand, gets the same set-up
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        Connection c = pool.getConnection();
        assertThat(db.opened()).isEqualTo(3);
        for (Connection handle : List.of(a, b, c)) {
            assertThat(handle.getAutoCommit()).isFalse();
            assertThat(handle.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(handle.isReadOnly()).isTrue();
            assertThat(handle.getCatalog()).isEqualTo("cat1");
            assertThat(handle.getSchema()).isEqualTo("sch1");
        }
        assertThat(db.connections()).hasSize(3).allSatisfy(phys -> {
            assertThat(phys.stateAutoCommit()).isFalse();
            assertThat(phys.stateIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(phys.stateReadOnly()).isTrue();
            assertThat(phys.stateCatalog()).isEqualTo("cat1");
            assertThat(phys.stateSchema()).isEqualTo("sch1");
            assertThat(phys.executedSql()).as("init SQL, run once, first").containsExactly(initSql);
            assertThat(phys.commits()).as("init SQL committed (auto-commit is off)").isEqualTo(1);
            assertThat(phys.stateInTransaction()).isFalse();
        });
        a.close();
        b.close();
        c.close();
    }

    @Test
    void initSqlRunsOnceWithAutoCommitOn() throws Throwable {
        DriverScript db = ScriptedDriver.newScript("reset-init");
        String initSql = "SET search_path TO app";
        EddyDataSource pool = singleConnectionPool(db, b -> b.connectionInitSql(initSql));
        for (int i = 0; i < 3; i++) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT " + i);
            }
        }
        ScriptedConnection phys = db.lastConnection();
        assertThat(db.opened()).isEqualTo(1);
        assertThat(phys.executedSql()).containsExactly(initSql, "SELECT 0", "SELECT 1", "SELECT 2");
        assertThat(phys.commits()).isZero();
        assertThat(phys.stateAutoCommit()).isTrue();
    }
}
