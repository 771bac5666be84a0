package io.github.eddypool.internal.proxy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Base of the metadata handle: {@link #getConnection()} returns the connection handle rather
 * than the physical connection. Delegation is generated in {@link GeneratedDatabaseMetaData}.
 */
public abstract class ProxyDatabaseMetaData implements DatabaseMetaData {

    protected final ProxyConnection connection;
    protected final DatabaseMetaData delegate;

    protected ProxyDatabaseMetaData(ProxyConnection connection, DatabaseMetaData delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    protected final SQLException checkException(SQLException e) {
        return connection.checkException(e);
    }

    @Override
    public final Connection getConnection() {
        return connection;
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }
}
