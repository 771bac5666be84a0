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
}
