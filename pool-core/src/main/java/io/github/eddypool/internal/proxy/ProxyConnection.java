package io.github.eddypool.internal.proxy;

import io.github.eddypool.internal.pool.ConnectionDefaults;
import io.github.eddypool.internal.pool.OpenTransactions;
import io.github.eddypool.internal.pool.PoolEntry;
import io.github.eddypool.internal.pool.WritableCheck;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * The handle a borrower gets: one per borrow, so that a handle kept after {@code close()} can
 * never reach the connection's next borrower. It records what the borrower changes so that
 * {@link #close()} restores only that, tracks open statements, counts executions for
 * {@code max-queries}, and marks the connection broken on a fatal error.
 *
 * <p>The plain delegating methods are generated into {@link GeneratedConnection}; this class
 * holds everything with pool logic in it.
 */
public abstract class ProxyConnection implements Connection {

    private static final int AUTO_COMMIT = 1;
    private static final int ISOLATION = 1 << 1;
    private static final int READ_ONLY = 1 << 2;
    private static final int CATALOG = 1 << 3;
    private static final int SCHEMA = 1 << 4;
    private static final int NETWORK_TIMEOUT = 1 << 5;

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The physical connection while open; {@link ClosedConnection#INSTANCE} after close. */
    protected Connection delegate;
    private final PoolEntry entry;
    private final Lender pool;
    @SuppressWarnings("unused") // accessed through CLOSED
    private volatile boolean closed;
    private int dirtyBits;
    private boolean autoCommit;
    /** The borrower made the connection read-only: a read-only error is then its own doing, not the server's. */
    private boolean readOnlyByBorrower;
    /** A statement ran since the last commit or rollback. */
    private boolean commitDirty;
    /** The connection's statement count when lent: one ran during this borrow when it has grown. */
    private final long queriesAtLend;

    protected ProxyConnection(Lender pool, PoolEntry entry) {
        this.pool = pool;
        this.entry = entry;
        this.delegate = entry.connection();
        this.autoCommit = entry.defaults().autoCommit();
        this.queriesAtLend = entry.queries();
    }

    /** Creates the handle for one borrow. */
    public static Connection lend(Lender pool, PoolEntry entry) {
        return new GeneratedConnection(pool, entry);
    }

    // ---- called by statements -------------------------------------------------------------

    final void markExecuted() {
        commitDirty = true;
        entry.countQuery();
    }

    /** Fails once this handle is closed: {@code what} it gave out must not reach the connection any more. */
    final void checkOpen(String what) throws SQLException {
        if (closed) {
            throw new SQLException("This connection was closed and returned to the pool; the " + what
                    + " it gave out cannot be used any more. Borrow a new one with getConnection().", "08003");
        }
    }

    /** A value the driver returned, with a handle if it leads to the connection ({@link DriverValues}). */
    protected final <T> T handOut(T value) {
        return DriverValues.handOut(this, value);
    }

    final void track(Statement s) {
        entry.openStatements().add(s);
    }

    final void untrack(Statement s) {
        entry.openStatements().remove(s);
    }

    /**
     * Marks the connection broken when e says the session is lost, or to be retired when it says
     * the server does not take writes; returns e to be thrown.
     */
    final SQLException checkException(SQLException e) {
        if (closed) {
            return e;
        }
        if (pool.isFatal(e)) {
            if (entry.markBroken()) {
                // Once per connection: every later call on the handle fails the same way.
                pool.fatalErrorSeen(entry, e);
            }
        } else if (!readOnlyByBorrower && WritableCheck.isReadOnlyError(e)) {
            pool.readOnlyErrorSeen(entry, e);
        }
        return e;
    }

    // ---- closing --------------------------------------------------------------------------

    /**
     * Returns the connection to the pool: closes statements left open, rolls back uncommitted
     * work (never commits it), and restores whatever the borrower changed. Idempotent.
     */
    @Override
    public final void close() throws SQLException {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        Connection physical = delegate;
        delegate = ClosedConnection.INSTANCE;
        SQLException failure = null;
        boolean brokenNow = false;
        try {
            failure = entry.openStatements().closeAll();
            if (!entry.isBroken()) {
                if (commitDirty) {
                    if (!autoCommit) {
                        physical.rollback();
                    } else if (OpenTransactions.isOpen(entry.openTransactions(), physical)) {
                        // BEGIN in SQL under auto-commit: the next borrower must not inherit it.
                        rollbackInSql(physical);
                    }
                }
                if (dirtyBits != 0) {
                    restoreDefaults(physical);
                }
                String resetSql = pool.resetSql();
                if (resetSql != null && entry.queries() != queriesAtLend) {
                    try (Statement s = physical.createStatement()) {
                        s.execute(resetSql);
                    }
                }
                physical.clearWarnings();
            }
        } catch (SQLException e) {
            // Whatever failed, the connection's state is unknown now: it is not lent again.
            brokenNow = entry.markBroken();
            failure = e;
        } finally {
            pool.takeBack(entry);
        }
        if (brokenNow && pool.isFatal(failure)) {
            pool.fatalErrorSeen(entry, failure);
        }
    }

    private static void rollbackInSql(Connection physical) throws SQLException {
        try (Statement s = physical.createStatement()) {
            s.execute("ROLLBACK");
        }
    }

    private void restoreDefaults(Connection physical) throws SQLException {
        ConnectionDefaults d = entry.defaults();
        if ((dirtyBits & AUTO_COMMIT) != 0) {
            physical.setAutoCommit(d.autoCommit());
        }
        if ((dirtyBits & ISOLATION) != 0) {
            physical.setTransactionIsolation(d.isolation());
        }
        if ((dirtyBits & READ_ONLY) != 0) {
            physical.setReadOnly(d.readOnly());
        }
        if ((dirtyBits & CATALOG) != 0 && d.catalog() != null) {
            physical.setCatalog(d.catalog());
        }
        if ((dirtyBits & SCHEMA) != 0 && d.schema() != null) {
            physical.setSchema(d.schema());
        }
        if ((dirtyBits & NETWORK_TIMEOUT) != 0) {
            physical.setNetworkTimeout(Runnable::run, d.networkTimeoutMs());
        }
    }

    @Override
    public final boolean isClosed() throws SQLException {
        return closed;
    }

    /** Aborts the physical connection (it is not reused) and returns the handle. */
    @Override
    public final void abort(Executor executor) throws SQLException {
        if (closed) {
            return;
        }
        entry.markBroken();
        try {
            delegate.abort(executor);
        } finally {
            close();
        }
    }

    // ---- state the pool restores -----------------------------------------------------------

    @Override
    public final void setAutoCommit(boolean autoCommit) throws SQLException {
        try {
            delegate.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw checkException(e);
        }
        if (autoCommit) {
            commitDirty = false; // switching auto-commit on commits the open transaction
        }
        this.autoCommit = autoCommit;
        changed(AUTO_COMMIT, autoCommit == entry.defaults().autoCommit());
    }

    @Override
    public final void commit() throws SQLException {
        try {
            delegate.commit();
        } catch (SQLException e) {
            throw checkException(e);
        }
        commitDirty = false;
    }

    @Override
    public final void rollback() throws SQLException {
        try {
            delegate.rollback();
        } catch (SQLException e) {
            throw checkException(e);
        }
        commitDirty = false;
    }

    @Override
    public final void setTransactionIsolation(int level) throws SQLException {
        try {
            delegate.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw checkException(e);
        }
        changed(ISOLATION, level == entry.defaults().isolation());
    }

    @Override
    public final void setReadOnly(boolean readOnly) throws SQLException {
        try {
            delegate.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw checkException(e);
        }
        readOnlyByBorrower = readOnly;
        changed(READ_ONLY, readOnly == entry.defaults().readOnly());
    }

    /**
     * Records a change the borrower made to the session. Set back to the pool's default (as
     * Spring's transaction manager does after each transaction), there is nothing to restore on
     * return, and no driver call is spent restoring it.
     */
    private void changed(int bit, boolean atDefault) {
        if (atDefault) {
            dirtyBits &= ~bit;
        } else {
            dirtyBits |= bit;
        }
    }

    @Override
    public final void setCatalog(String catalog) throws SQLException {
        try {
            delegate.setCatalog(catalog);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= CATALOG;
    }

    @Override
    public final void setSchema(String schema) throws SQLException {
        try {
            delegate.setSchema(schema);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= SCHEMA;
    }

    @Override
    public final void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        try {
            delegate.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= NETWORK_TIMEOUT;
    }

    // ---- statements: wrapped and tracked ---------------------------------------------------

    @Override
    public final Statement createStatement() throws SQLException {
        try {
            return trackStatement(delegate.createStatement());
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            return trackStatement(delegate.createStatement(resultSetType, resultSetConcurrency));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        try {
            return trackStatement(delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final PreparedStatement prepareStatement(String sql) throws SQLException {
        try {
            return trackPrepared(delegate.prepareStatement(sql));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return trackPrepared(delegate.prepareStatement(sql, autoGeneratedKeys));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        try {
            return trackPrepared(delegate.prepareStatement(sql, columnIndexes));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        try {
            return trackPrepared(delegate.prepareStatement(sql, columnNames));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        try {
            return trackPrepared(delegate.prepareStatement(sql, resultSetType, resultSetConcurrency));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        try {
            return trackPrepared(delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final CallableStatement prepareCall(String sql) throws SQLException {
        try {
            return trackCallable(delegate.prepareCall(sql));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        try {
            return trackCallable(delegate.prepareCall(sql, resultSetType, resultSetConcurrency));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        try {
            return trackCallable(delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    private Statement trackStatement(Statement s) {
        Statement proxy = new GeneratedStatement(this, s);
        track(proxy);
        return proxy;
    }

    private PreparedStatement trackPrepared(PreparedStatement s) {
        PreparedStatement proxy = new GeneratedPreparedStatement(this, s);
        track(proxy);
        return proxy;
    }

    private CallableStatement trackCallable(CallableStatement s) {
        CallableStatement proxy = new GeneratedCallableStatement(this, s);
        track(proxy);
        return proxy;
    }

    /**
     * A tracked handle for a statement the driver made itself, behind a result set from
     * {@link DatabaseMetaData}: closed with the borrow like the borrower's own statements.
     */
    final Statement adopt(Statement physical) throws SQLException {
        if (closed) {
            throw new SQLException("This connection was closed and returned to the pool, which closed the statements"
                    + " of its result sets; borrow a new one with getConnection().", "08003");
        }
        if (physical instanceof CallableStatement c) {
            return trackCallable(c);
        }
        if (physical instanceof PreparedStatement p) {
            return trackPrepared(p);
        }
        return trackStatement(physical);
    }

    @Override
    public final DatabaseMetaData getMetaData() throws SQLException {
        try {
            return new GeneratedDatabaseMetaData(this, delegate.getMetaData());
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    // ---- wrapper ----------------------------------------------------------------------------

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, delegate, iface, "connection");
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, delegate, iface);
    }

    @Override
    public String toString() {
        return "EddyConnection[" + pool.name() + " " + entry + (closed ? " closed" : "") + "]";
    }
}
