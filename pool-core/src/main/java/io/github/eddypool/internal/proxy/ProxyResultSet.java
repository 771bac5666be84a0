package io.github.eddypool.internal.proxy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Base of the result set handle: {@link #getStatement()} returns a statement handle (or null),
 * never the driver's statement, so that no path leads a borrower to the physical connection.
 * Delegation is generated in {@link GeneratedResultSet}.
 */
abstract class ProxyResultSet implements ResultSet {

    protected final ProxyConnection connection;
    /** The statement handle; null for a result set from {@link java.sql.DatabaseMetaData} until asked for. */
    private Statement statement;
    protected final ResultSet delegate;

    /**
     * @param statement the handle of the statement that made the result set, or null for one
     *                  from {@link java.sql.DatabaseMetaData}: the driver's statement behind it,
     *                  if any, gets a handle when {@link #getStatement()} is first called
     */
    protected ProxyResultSet(ProxyConnection connection, ProxyStatement statement, ResultSet delegate) {
        this.connection = connection;
        this.statement = statement;
        this.delegate = delegate;
    }

    protected final SQLException checkException(SQLException e) {
        return connection.checkException(e);
    }

    /** A value the driver returned (a refcursor, an array), with a handle if it leads to the connection. */
    protected final <T> T handOut(T value) {
        return DriverValues.handOut(connection, value);
    }

    @Override
    public final Statement getStatement() throws SQLException {
        Statement s = statement;
        if (s == null) {
            // A metadata result set: adopt the driver's statement (JDBC allows none) only when
            // asked, so that metadata queries nobody asks this of track nothing.
            Statement physical;
            try {
                physical = delegate.getStatement();
            } catch (SQLException e) {
                throw checkException(e);
            }
            if (physical != null) {
                s = statement = connection.adopt(physical);
            }
        }
        return s;
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
