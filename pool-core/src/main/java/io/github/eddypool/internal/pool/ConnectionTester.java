package io.github.eddypool.internal.pool;

import io.github.eddypool.EddyConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

/**
 * Tests that a connection still works (pre-ping and keepalive), within
 * {@code validation-timeout}: the network timeout is lowered for the test so that a
 * black-holed connection cannot block the tester longer than that.
 */
final class ConnectionTester {

    private final String testQuery;
    private final int timeoutMs;
    private final int timeoutSeconds;
    private final boolean autoCommit;
    private volatile boolean networkTimeoutSupported = true;

    ConnectionTester(EddyConfig config) {
        this.testQuery = config.connectionTestQuery();
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.validationTimeout().toMillis());
        this.timeoutSeconds = Math.max(1, (timeoutMs + 999) / 1000);
        this.autoCommit = config.autoCommit();
    }

    /** True if the connection answered within the validation timeout. Never throws. */
    boolean isAlive(PoolEntry entry) {
        Connection c = entry.connection;
        boolean timeoutSet = setNetworkTimeout(c, timeoutMs);
        try {
            boolean alive;
            if (testQuery == null) {
                alive = c.isValid(timeoutSeconds);
            } else {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(timeoutSeconds);
                    s.execute(testQuery);
                }
                if (!autoCommit) {
                    c.rollback();
                }
                alive = true;
            }
            if (timeoutSet) {
                c.setNetworkTimeout(Runnable::run, entry.defaults.networkTimeoutMs());
            }
            return alive;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private boolean setNetworkTimeout(Connection c, int ms) {
        if (!networkTimeoutSupported) {
            return false;
        }
        try {
            c.setNetworkTimeout(Runnable::run, ms);
            return true;
        } catch (SQLFeatureNotSupportedException | AbstractMethodError | UnsupportedOperationException e) {
            networkTimeoutSupported = false;
            return false;
        } catch (SQLException e) {
            return false;
        }
    }
}
