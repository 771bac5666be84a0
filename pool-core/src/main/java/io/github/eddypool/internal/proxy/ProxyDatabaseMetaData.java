package io.github.eddypool.internal.proxy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Base of the metadata handle: {@link #getConnection()} returns the connection handle rather
 * than the physical connection, and the result sets of metadata queries are wrapped, so that
 * their {@code getStatement()} leads to handles too (metadata queries are not counted as
 * executions); once the connection handle is closed every call fails. Delegation is generated
 * in {@link GeneratedDatabaseMetaData}.
 */
abstract class ProxyDatabaseMetaData implements DatabaseMetaData {

    protected final ProxyConnection connection;
    protected final DatabaseMetaData delegate;

    protected ProxyDatabaseMetaData(ProxyConnection connection, DatabaseMetaData delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    protected final SQLException checkException(SQLException e) {
        return connection.checkException(e);
    }

    /**
     * The driver's metadata while the connection handle is open: after close the physical
     * connection may be another borrower's, so every call fails instead.
     */
    protected final DatabaseMetaData live() throws SQLException {
        connection.checkOpen("DatabaseMetaData");
        return delegate;
    }

    protected final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new GeneratedResultSet(connection, null, rs);
    }

    @Override
    public final Connection getConnection() {
        return connection;
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, delegate, iface, "database metadata");
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, delegate, iface);
    }
}
