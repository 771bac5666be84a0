package io.github.eddypool.internal.proxy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a connection handle delegates to once it is closed: every call fails with a message
 * that says what happened and what to do, except the calls JDBC allows on a closed connection.
 * Swapping the delegate saves a "closed?" check on every call of an open handle.
 */
final class ClosedConnection {

    static final Connection INSTANCE = (Connection) Proxy.newProxyInstance(
            ClosedConnection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler());

    private ClosedConnection() {
    }

    private static InvocationHandler handler() {
        return (proxy, method, args) -> {
            switch (method.getName()) {
                case "isClosed":
                    return true;
                case "close":
                case "abort":
                    return null;
                case "isValid":
                    return false;
                case "toString":
                    return "closed connection handle";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new SQLException("This connection was closed and returned to the pool; calling "
                            + method.getName() + "() on it is not allowed. Borrow a new one with getConnection().", "08003");
            }
        };
    }
}
