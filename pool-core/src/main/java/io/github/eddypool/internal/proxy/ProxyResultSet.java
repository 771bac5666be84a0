package io.github.eddypool.internal.proxy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Base of the result set handle: {@link #getStatement()} returns the statement handle, so
 * that no path leads a borrower to the physical connection. Delegation is generated in
 * {@link GeneratedResultSet}.
 */
public abstract class ProxyResultSet implements ResultSet {

    protected final ProxyStatement statement;
    protected final ResultSet delegate;

    protected ProxyResultSet(ProxyStatement statement, ResultSet delegate) {
        this.statement = statement;
        this.delegate = delegate;
    }

    protected final SQLException checkException(SQLException e) {
        return statement.checkException(e);
    }

    @Override
    public final Statement getStatement() {
        return statement;
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        if (delegate.isWrapperFor(iface)) {
            return delegate.unwrap(iface);
        }
        throw new SQLException("This pooled result set wraps a " + delegate.getClass().getName()
                + ", which is not a " + iface.getName() + " and does not wrap one; check the type passed to unwrap()");
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "EddyResultSet[" + delegate + "]";
    }
}
