package io.github.eddypool.internal.proxy;

import java.sql.Array;
import java.sql.ResultSet;

/**
 * Driver objects that lead back to the physical connection get handles on their way out, and
 * lose them on their way back in. A PostgreSQL refcursor read with {@code getObject} is a result
 * set of the driver's own statement, and an {@link Array}'s {@code getResultSet()} makes one: left
 * as they are, {@code getStatement().getConnection()} would reach the physical connection, which
 * the caller could then use or close behind the pool's back, even after it went to another
 * borrower. The driver expects its own array back in {@code setArray}/{@code setObject}, so the
 * generated setters pass it the one behind the handle.
 */
final class DriverValues {

    private DriverValues() {
    }

    /** {@code value}, or a handle for it when it is a driver result set or array. */
    @SuppressWarnings("unchecked") // a handle implements the same interface as the value it wraps
    static <T> T handOut(ProxyConnection connection, T value) {
        if (value instanceof ResultSet rs && !(value instanceof ProxyResultSet)) {
            return (T) new GeneratedResultSet(connection, null, rs);
        }
        if (value instanceof Array array && !(value instanceof ProxyArray)) {
            return (T) new ProxyArray(connection, array);
        }
        return value;
    }

    /** The driver's array behind an array handle; any other value as it is. */
    @SuppressWarnings("unchecked")
    static <T> T plain(T value) {
        return value instanceof ProxyArray handle ? (T) handle.delegate : value;
    }
}
