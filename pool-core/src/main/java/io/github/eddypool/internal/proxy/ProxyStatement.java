package io.github.eddypool.internal.proxy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Base of the statement handles: knows its connection handle (returned by
 * {@link #getConnection()} instead of the physical connection), untracks itself on close, and
 * wraps result sets. The delegating methods are generated in {@link GeneratedStatement} and
 * its subclasses.
 */
abstract class ProxyStatement implements Statement {

    protected final ProxyConnection connection;
    protected final Statement delegate;
    private boolean closed;

    protected ProxyStatement(ProxyConnection connection, Statement delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    protected final SQLException checkException(SQLException e) {
        return connection.checkException(e);
    }

    protected final void markExecuted() {
        connection.markExecuted();
    }

    protected final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new GeneratedResultSet(connection, this, rs);
    }

    /** A value the driver returned (a refcursor, an array), with a handle if it leads to the connection. */
    protected final <T> T handOut(T value) {
        return DriverValues.handOut(connection, value);
    }

    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        connection.untrack(this);
        try {
            delegate.close();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public final boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    @Override
    public final Connection getConnection() {
        return connection;
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, delegate, iface, "statement");
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, delegate, iface);
    }

    @Override
    public String toString() {
        return "EddyStatement[" + delegate + "]";
    }
}
