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
        return Unwrapping.unwrap(this, delegate, iface, "result set");
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, delegate, iface);
    }

    @Override
    public String toString() {
        return "EddyResultSet[" + delegate + "]";
    }
}
