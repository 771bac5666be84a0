package io.github.eddypool.internal.pool;

import io.github.eddypool.EddyConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

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
    /** Set for validate-writable: a connection to a server that refuses writes fails its test. */
    private final ConnectionOpener writable;
    private volatile boolean networkTimeoutSupported = true;

    ConnectionTester(EddyConfig config, ConnectionOpener opener) {
        this.writable = config.validateWritable() ? opener : null;
        this.testQuery = config.connectionTestQuery();
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.validationTimeout().toMillis());
        this.timeoutSeconds = Math.max(1, (timeoutMs + 999) / 1000);
        this.autoCommit = config.autoCommit();
    }

    /** What a test found. */
    enum Verdict {
        ALIVE,
        /** The connection answered, with an error, or said it is not valid. */
        FAILED,
        /** No answer within the time allowed: the network or the server may be gone. */
        NO_ANSWER
    }

    /** True if the connection answered within the validation timeout (and, with validate-writable, accepts writes). Never throws. */
    boolean isAlive(PoolEntry entry) {
        return test(entry, Long.MAX_VALUE) == Verdict.ALIVE;
    }

    /**
     * Tests the connection within the validation timeout or {@code budgetNanos}, whichever is
     * shorter (a borrower's test must end by its connection-timeout). Never throws.
     */
    Verdict test(PoolEntry entry, long budgetNanos) {
        int ms = (int) Math.max(1, Math.min(timeoutMs, TimeUnit.NANOSECONDS.toMillis(budgetNanos)));
        int seconds = ms == timeoutMs ? timeoutSeconds : Math.max(1, (ms + 999) / 1000);
        Connection c = entry.connection;
        long start = System.nanoTime();
        boolean timeoutSet = setNetworkTimeout(c, ms);
        try {
            boolean alive;
            if (testQuery == null) {
                alive = c.isValid(seconds);
            } else {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(seconds);
                    s.execute(testQuery);
                }
                if (!autoCommit) {
                    c.rollback();
                }
                alive = true;
            }
            if (alive && writable != null && writable.writableRefusal(c, seconds) != null) {
                return Verdict.FAILED;
            }
            if (alive && timeoutSet) {
                c.setNetworkTimeout(Runnable::run, entry.defaults.networkTimeoutMs());
            }
            return alive ? Verdict.ALIVE : failure(start, ms);
        } catch (SQLException | RuntimeException e) {
            return failure(start, ms);
        }
    }

    /** A failure that took (nearly) all the time allowed was a wait for an answer that never came. */
    private static Verdict failure(long startNanos, int allowedMs) {
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return tookMs * 10 >= allowedMs * 8L ? Verdict.NO_ANSWER : Verdict.FAILED;
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
