package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 9: a connection returned mid-transaction is rolled back and its session state reset. */
@Timeout(30)
class TransactionSafetyTest {

    private FaultProxy proxy;
    private EddyDataSource pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            closeAndAssertNoThreads(pool);
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void dirtyThenCheck(Server server) throws Exception {
        boolean pg = server == Server.POSTGRES;
        String table = "eddy_tx_" + ProcessHandle.current().pid();
        try (Connection admin = server.connect(); Statement s = admin.createStatement()) {
            s.execute("drop table if exists " + table);
            s.execute("create table " + table + " (id int)");
            if (pg) {
                s.execute("create schema if not exists eddy_other");
            } else {
                ensureMariaUser();
                s.execute("create database if not exists eddy_other");
                s.execute("grant all on eddy_other.* to '" + MARIA_USER + "'@'%'");
                s.execute("grant all on eddy_other.* to '" + MARIA_USER + "'@'localhost'");
                s.execute("grant all on eddy_other.* to '" + MARIA_USER + "'@'127.0.0.1'");
                s.execute("grant all on test.* to '" + MARIA_USER + "'@'%'");
            }
        }
        proxy = server.newProxy();
        String name = poolName("s9");
        pool = new EddyDataSource(config(server, proxy, name).minSize(1).maxSize(1).build());
        String pidSql = pg ? "select pg_backend_pid()" : "select connection_id()";
        long pid;
        int defaultIsolation;
        String defaultSchema;
        String defaultCatalog;
        try (Connection a = pool.getConnection()) {
            pid = scalar(a, pidSql);
            defaultIsolation = a.getTransactionIsolation();
            defaultSchema = a.getSchema();
            defaultCatalog = a.getCatalog();
            a.setReadOnly(false);
            a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.executeUpdate("insert into " + table + " values (1)");
            }
            if (pg) {
                a.setSchema("eddy_other");
            } else {
                a.setCatalog("eddy_other");
            }
            // returned without commit
        }
        try (Connection b = pool.getConnection()) {
            assertThat(scalar(b, pidSql)).as("same physical session").isEqualTo(pid);
            long rowsSeen = scalar(b, "select count(*) from " + (pg ? "public." : "test.") + table);
            boolean autoCommit = b.getAutoCommit();
            int isolation = b.getTransactionIsolation();
            boolean readOnly = b.isReadOnly();
            String schema = b.getSchema();
            String catalog = b.getCatalog();
            long committedRows;
            try (Connection admin = server.connect()) {
                committedRows = scalar(admin, "select count(*) from " + table);
            }
            report("9 transaction safety (" + server.displayName() + ")",
                    "uncommitted insert " + (committedRows == 0 && rowsSeen == 0 ? "rolled back" : "NOT rolled back")
                            + "; next borrower: autoCommit=" + autoCommit + ", isolation=" + isolation
                            + " (default " + defaultIsolation + "), readOnly=" + readOnly + ", schema=" + schema + ", catalog=" + catalog,
                    "rows visible after return: " + committedRows);
            assertThat(committedRows).as("rows committed by the returned transaction").isZero();
            assertThat(rowsSeen).isZero();
            assertThat(autoCommit).isTrue();
            assertThat(isolation).isEqualTo(defaultIsolation);
            assertThat(readOnly).isFalse();
            assertThat(schema).isEqualTo(defaultSchema);
            assertThat(catalog).isEqualTo(defaultCatalog);
        } finally {
            try (Connection admin = server.connect(); Statement s = admin.createStatement()) {
                s.execute("drop table if exists " + table);
            }
        }
    }

    @Test
    @RequiresPostgres
    void postgres() throws Exception {
        dirtyThenCheck(Server.POSTGRES);
    }

    @Test
    @RequiresMariaDb
    void mariaDb() throws Exception {
        dirtyThenCheck(Server.MARIADB);
    }

    @Test
    @RequiresPostgres
    void readOnlyReset() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, poolName("s9ro")).minSize(1).maxSize(1).build());
        try (Connection a = pool.getConnection()) {
            a.setReadOnly(true);
        }
        try (Connection b = pool.getConnection(); Statement s = b.createStatement()) {
            assertThat(b.isReadOnly()).isFalse();
            s.execute("create temp table eddy_ro_check (x int)");   // fails in a read-only session
        }
    }

    /**
     * Issue #9 defect 6: under auto-commit, a transaction begun in SQL (BEGIN / START TRANSACTION)
     * and an insert, then close(): the next borrower's statements must not run inside it, and the
     * row must not be committed by someone else's COMMIT.
     */
    private void sqlTransactionLeftOpen(Server server, String begin) throws Exception {
        boolean pg = server == Server.POSTGRES;
        String table = "eddy_sqltx_" + ProcessHandle.current().pid();
        try (Connection admin = server.connect(); Statement s = admin.createStatement()) {
            s.execute("drop table if exists " + table);
            s.execute("create table " + table + " (id int)");
            if (!pg) {
                ensureMariaUser();
                s.execute("grant all on test.* to '" + MARIA_USER + "'@'%'");
            }
        }
        proxy = server.newProxy();
        pool = new EddyDataSource(config(server, proxy, poolName("s9sql")).minSize(1).maxSize(1).build());
        String pidSql = pg ? "select pg_backend_pid()" : "select connection_id()";
        long pid;
        try (Connection a = pool.getConnection(); Statement s = a.createStatement()) {
            assertThat(a.getAutoCommit()).isTrue();
            pid = scalar(a, pidSql);
            s.execute(begin);
            s.executeUpdate("insert into " + table + " values (1)");
        }
        try (Connection b = pool.getConnection(); Statement s = b.createStatement()) {
            assertThat(scalar(b, pidSql)).as("same physical connection").isEqualTo(pid);
            assertThat(scalar(b, "select count(*) from " + table)).as("the abandoned insert is gone").isZero();
            s.executeUpdate("insert into " + table + " values (2)");   // auto-commit: committed at once
        }
        try (Connection other = server.connect()) {
            assertThat(scalar(other, "select count(*) from " + table)).as("rows another session sees").isEqualTo(1);
            assertThat(scalar(other, "select count(*) from " + table + " where id = 1")).isZero();
        }
        try (Connection admin = server.connect(); Statement s = admin.createStatement()) {
            s.execute("drop table " + table);
        }
    }

    @Test
    @RequiresPostgres
    void postgresTransactionBegunInSqlIsRolledBackOnReturn() throws Exception {
        sqlTransactionLeftOpen(Server.POSTGRES, "BEGIN");
    }

    @Test
    @RequiresMariaDb
    void mariaDbTransactionBegunInSqlIsRolledBackOnReturn() throws Exception {
        sqlTransactionLeftOpen(Server.MARIADB, "START TRANSACTION");
    }

    /** A failed transaction (an error after BEGIN) is rolled back too; otherwise every statement of the next borrower fails. */
    @Test
    @RequiresPostgres
    void postgresFailedTransactionIsRolledBackOnReturn() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, poolName("s9fail")).minSize(1).maxSize(1).build());
        try (Connection a = pool.getConnection(); Statement s = a.createStatement()) {
            s.execute("BEGIN");
            try {
                s.execute("select 1/0");
            } catch (java.sql.SQLException expected) {
                // the transaction is now aborted
            }
        }
        try (Connection b = pool.getConnection()) {
            assertThat(scalar(b, "select 42")).isEqualTo(42);
        }
    }

    /** The opt-in reset-sql clears session state set in SQL, which the pool cannot see otherwise. */
    @Test
    @RequiresPostgres
    void resetSqlClearsSessionStateSetInSql() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, poolName("s9reset")).minSize(1).maxSize(1)
                .resetSql("DISCARD ALL").dataSourceProperty("prepareThreshold", "1").build());
        String defaultPath;
        try (Connection a = pool.getConnection(); Statement s = a.createStatement()) {
            try (ResultSet rs = s.executeQuery("show search_path")) {
                rs.next();
                defaultPath = rs.getString(1);
            }
            s.execute("set search_path to eddy_nowhere");
            s.execute("create temp table eddy_reset_tmp (x int)");
            try (var ps = a.prepareStatement("select ?::int")) {   // server-side prepared (threshold 1)
                ps.setInt(1, 1);
                ps.executeQuery().close();
                ps.executeQuery().close();
            }
        }
        try (Connection b = pool.getConnection(); Statement s = b.createStatement()) {
            try (ResultSet rs = s.executeQuery("show search_path")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(defaultPath);
            }
            assertThat(scalar(b, "select count(*) from pg_tables where tablename = 'eddy_reset_tmp'")).isZero();
            try (var ps = b.prepareStatement("select ?::int")) {   // the driver's statement cache survives DISCARD ALL
                for (int i = 0; i < 3; i++) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(i);
                    }
                }
            }
        }
    }

    /** Without reset-sql, state set in SQL stays with the connection (as with every pool); documented. */
    @Test
    @RequiresPostgres
    void withoutResetSqlStateSetInSqlStays() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, poolName("s9keep")).minSize(1).maxSize(1).build());
        try (Connection a = pool.getConnection(); Statement s = a.createStatement()) {
            s.execute("set search_path to eddy_nowhere");
        }
        try (Connection b = pool.getConnection(); Statement s = b.createStatement(); ResultSet rs = s.executeQuery("show search_path")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("eddy_nowhere");
        }
    }
}
