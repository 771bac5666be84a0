package io.github.eddypool.internal.pool;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a server that accepts writes from one that does not: after a failover, DNS or a proxy
 * can keep sending new connections to a node that became a read-only replica (or was demoted).
 * Recognises the errors such a node raises, and, for {@code validate-writable}, asks the server.
 */
public final class WritableCheck {

    /** PostgreSQL read_only_sql_transaction: a write in a read-only transaction or on a hot standby. */
    private static final String POSTGRES_READ_ONLY = "25006";

    /**
     * MariaDB/MySQL: 1290 the server runs with --read-only (or --super-read-only), 1792 a write in
     * a read-only transaction (the session's transaction_read_only), 1836 running in read-only mode
     * (innodb_read_only).
     */
    private static final Set<Integer> MARIADB_READ_ONLY = Set.of(1290, 1792, 1836);

    private final String query;

    private WritableCheck(String query) {
        this.query = query;
    }

    /** True when e, or an exception it chains, says the server or session does not accept writes. */
    public static boolean isReadOnlyError(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; depth++) {
            if (t instanceof SQLException s && isReadOnlyOne(s)) {
                return true;
            }
            Throwable cause = t.getCause();
            t = cause == t ? null : cause;
        }
        return false;
    }

    private static boolean isReadOnlyOne(SQLException s) {
        if (POSTGRES_READ_ONLY.equals(s.getSQLState())) {
            return true;
        }
        if (!MARIADB_READ_ONLY.contains(s.getErrorCode())) {
            return false;
        }
        // 1290 also means other options that prevent a statement (--secure-file-priv, ...).
        String message = String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT);
        return s.getErrorCode() != 1290 || message.contains("read-only") || message.contains("read_only");
    }

    /**
     * The check for the server behind {@code c}, chosen once per pool from its metadata: one
     * query that answers true when the server or the session does not accept writes.
     */
    static WritableCheck forServer(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String product = String.valueOf(md.getDatabaseProductName()).toLowerCase(Locale.ROOT);
        String version = String.valueOf(md.getDatabaseProductVersion()).toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            // In recovery: a standby. transaction_read_only: the session's default, e.g. from
            // ALTER ROLE/DATABASE ... SET default_transaction_read_only, as some proxies and
            // managed services set on a node that must not take writes.
            return new WritableCheck("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'");
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            // MySQL 8 dropped tx_read_only; MariaDB before 11.1 knows only tx_read_only.
            boolean mariadb = product.contains("mariadb") || version.contains("mariadb");
            boolean oldMariaDb = mariadb && md.getDatabaseMajorVersion() * 100 + md.getDatabaseMinorVersion() < 1101;
            String session = oldMariaDb ? "@@session.tx_read_only" : "@@session.transaction_read_only";
            return new WritableCheck("SELECT @@global.read_only OR @@global.innodb_read_only OR " + session);
        }
        throw new SQLException("validate-writable does not know how to ask " + md.getDatabaseProductName()
                + " whether it accepts writes (PostgreSQL, MariaDB and MySQL are supported); remove validate-writable", "0A000");
    }

    /** Null when the server accepts writes on this connection; otherwise why not. */
    String refusal(Connection c, int timeoutSeconds) throws SQLException {
        boolean readOnly;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery(query)) {
                readOnly = rs.next() && rs.getBoolean(1);
            }
        }
        if (!c.getAutoCommit()) {
            c.rollback();
        }
        return readOnly ? "the server does not accept writes (" + query + " answered true)" : null;
    }
}
