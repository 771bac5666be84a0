package io.github.eddypool;

import io.github.eddypool.internal.pool.Pool;

import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The Eddy connection pool, as a {@link DataSource}.
 *
 * <pre>{@code
 * EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
 *         .jdbcUrl("jdbc:postgresql://localhost:5432/app")
 *         .username("app").password(secret)
 *         .maxSize(20)
 *         .build());
 * try (Connection c = pool.getConnection()) { ... }   // close() returns it to the pool
 * pool.close();
 * }</pre>
 *
 * <p>The constructor starts the pool: it opens the first connection (failing with an
 * {@link EddyStartupException} if it cannot within {@code initialization-fail-timeout}, unless
 * that is negative) and opens the rest of {@code min-size} in the background, in parallel.
 * Thread-safe; {@link #close()} is idempotent.
 */
public class EddyDataSource implements DataSource, Closeable {

    private final EddyConfig config;
    private final Pool pool;

    /**
     * Starts a pool.
     *
     * @throws EddyStartupException when no connection can be opened in time
     */
    public EddyDataSource(EddyConfig config) {
        this.config = config;
        this.pool = new Pool(config);
    }

    /**
     * Borrows a connection, waiting up to {@code connection-timeout}. Closing the connection
     * returns it to the pool.
     *
     * @throws java.sql.SQLTransientConnectionException on timeout, when {@code max-waiting} is
     *         reached, or when the pool is closed; the message names the pool and its counts
     * @throws SQLException when the thread is interrupted while waiting (the flag stays set)
     */
    @Override
    public Connection getConnection() throws SQLException {
        return pool.borrow();
    }

    /** Not supported: a pool's connections all use the pool's credentials. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Eddy pool " + config.poolName()
                + " lends connections with its own credentials; configure username/password or a credentials supplier on the pool");
    }

    /** The pool's name. */
    public String getPoolName() {
        return config.poolName();
    }

    /** The configuration the pool was started with (sizes may since have been changed by {@link #resize}). */
    public EddyConfig config() {
        return config;
    }

    /** A consistent snapshot of the pool's counts. */
    public PoolStats stats() {
        return pool.stats();
    }

    /**
     * Why opening new connections fails right now (the latest attempt's error, password masked),
     * or null when the latest attempt succeeded. For health checks and diagnostics.
     */
    public SQLException connectionFailure() {
        return pool.connectionFailure();
    }

    /** The connections lent out right now, longest-held first. */
    public List<BorrowedConnection> borrowedConnections() {
        return pool.borrowedConnections();
    }

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    public void softEvictAll() {
        pool.softEvictAll();
    }

    /** Stops lending: borrowers wait (up to {@code connection-timeout}) until {@link #resume()}. */
    public void suspend() {
        pool.suspend();
    }

    /** Resumes lending after {@link #suspend()}; waiting borrowers are served in arrival order. */
    public void resume() {
        pool.resume();
    }

    public boolean isSuspended() {
        return pool.isSuspended();
    }

    /**
     * Changes the pool's size at run time. Connections above a lowered maximum are closed when
     * idle; a raised minimum is filled in the background.
     *
     * @throws EddyConfigException for sizes {@link EddyConfig} would reject
     */
    public void resize(int minSize, int maxSize) {
        pool.resize(minSize, maxSize);
    }

    /** Adds a listener for the pool's events (e.g. a metrics binding). */
    public void addListener(PoolListener listener) {
        pool.listeners().add(listener);
    }

    public void removeListener(PoolListener listener) {
        pool.listeners().remove(listener);
    }

    /**
     * Closes the pool: stops lending, closes idle connections, waits up to
     * {@code shutdown-grace-period} for borrowed ones to come back, then aborts the rest. When it
     * returns, no thread of the pool is left and no connection of it is open.
     */
    @Override
    public void close() {
        pool.close();
    }

    public boolean isClosed() {
        return pool.isClosed();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    /** Ignored: Eddy logs through SLF4J. */
    @Override
    public void setLogWriter(PrintWriter out) {
    }

    /** Not supported: set {@code connection-timeout} on the pool's configuration instead. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("Eddy pool " + config.poolName()
                + ": set connection-timeout in the pool configuration instead of the login timeout");
    }

    /** The pool's {@code connection-timeout}, in whole seconds. */
    @Override
    public int getLoginTimeout() {
        return (int) Math.max(1, config.connectionTimeout().toSeconds());
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Eddy logs through SLF4J, not java.util.logging");
    }

    /** Unwraps to this pool, or to the vendor {@link DataSource} it was given. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        DataSource vendor = config.dataSource();
        if (vendor != null) {
            if (iface.isInstance(vendor)) {
                return iface.cast(vendor);
            }
            if (vendor.isWrapperFor(iface)) {
                return vendor.unwrap(iface);
            }
        }
        throw new SQLException("Eddy pool " + config.poolName() + " is not a wrapper for " + iface.getName()
                + (vendor == null ? "" : " (its DataSource is a " + vendor.getClass().getName() + ")"));
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        DataSource vendor = config.dataSource();
        return vendor != null && (iface.isInstance(vendor) || vendor.isWrapperFor(iface));
    }

    /** How long the pool has been running. */
    public Duration uptime() {
        return pool.uptime();
    }

    @Override
    public String toString() {
        return "EddyDataSource[" + config.poolName() + "]";
    }
}
