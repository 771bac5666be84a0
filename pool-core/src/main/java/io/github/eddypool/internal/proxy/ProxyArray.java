package io.github.eddypool.internal.proxy;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * The handle of a driver's {@link Array}: its result sets are result set handles, whose
 * {@code getStatement()} leads to a statement handle, and it fails once its connection handle
 * is closed, since the physical connection behind it may be another borrower's by then. Its
 * {@code toString()} is the driver's (pgjdbc gives the array literal, which code passes on).
 */
final class ProxyArray implements Array {

    private final ProxyConnection connection;
    final Array delegate;

    ProxyArray(ProxyConnection connection, Array delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    private Array live() throws SQLException {
        connection.checkOpen("java.sql.Array");
        return delegate;
    }

    private ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new GeneratedResultSet(connection, null, rs);
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        try {
            return live().getBaseTypeName();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getBaseType() throws SQLException {
        try {
            return live().getBaseType();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getArray() throws SQLException {
        try {
            return live().getArray();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        try {
            return live().getArray(map);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        try {
            return live().getArray(index, count);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        try {
            return live().getArray(index, count, map);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            return wrap(live().getResultSet());
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        try {
            return wrap(live().getResultSet(map));
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        try {
            return wrap(live().getResultSet(index, count));
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        try {
            return wrap(live().getResultSet(index, count, map));
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    /** Frees the driver's array; allowed after the connection handle closed (it touches nothing of the session). */
    @Override
    public void free() throws SQLException {
        delegate.free();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
