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

    /** One call on the driver's array. */
    @FunctionalInterface
    private interface Call<T> {
        T on(Array array) throws SQLException;
    }

    /** Runs {@code call} on the driver's array while the connection handle is open. */
    private <T> T live(Call<T> call) throws SQLException {
        connection.checkOpen("java.sql.Array");
        try {
            return call.on(delegate);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    private ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new GeneratedResultSet(connection, null, rs);
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        return live(Array::getBaseTypeName);
    }

    @Override
    public int getBaseType() throws SQLException {
        return live(Array::getBaseType);
    }

    @Override
    public Object getArray() throws SQLException {
        return live(Array::getArray);
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        return live(a -> a.getArray(map));
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        return live(a -> a.getArray(index, count));
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return live(a -> a.getArray(index, count, map));
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return wrap(live(Array::getResultSet));
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        return wrap(live(a -> a.getResultSet(map)));
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        return wrap(live(a -> a.getResultSet(index, count)));
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return wrap(live(a -> a.getResultSet(index, count, map)));
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
