package io.github.eddypool.benchmark.stub;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * {@link DatabaseMetaData} of a stub connection. Pools read it only when they start (driver name,
 * JDBC version, isolation support), never on a hot path, so a dynamic proxy answers: the facts a pool
 * asks about are given, every other query returns an empty result set, {@code false}, 0 or "".
 */
final class StubMetaData implements InvocationHandler {

    private final StubConnection connection;

    private StubMetaData(StubConnection connection) {
        this.connection = connection;
    }

    static DatabaseMetaData create(StubConnection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(StubMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new StubMetaData(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getConnection": return connection;
            case "getURL": return connection.url();
            case "getUserName": return connection.user();
            case "getDatabaseProductName": return "Stub";
            case "getDatabaseProductVersion": return "1.0";
            case "getDriverName": return "Eddy benchmark stub driver";
            case "getDriverVersion": return "1.0";
            case "getDriverMajorVersion": return 1;
            case "getDriverMinorVersion": return 0;
            case "getDatabaseMajorVersion": return 1;
            case "getDatabaseMinorVersion": return 0;
            case "getJDBCMajorVersion": return 4;
            case "getJDBCMinorVersion": return 2;
            case "getDefaultTransactionIsolation": return Connection.TRANSACTION_READ_COMMITTED;
            case "supportsTransactions":
            case "supportsTransactionIsolationLevel":
            case "supportsSavepoints":
            case "supportsResultSetType":
            case "supportsResultSetHoldability":
            case "supportsGetGeneratedKeys":
            case "supportsBatchUpdates":
                return true;
            case "getResultSetHoldability": return ResultSet.HOLD_CURSORS_OVER_COMMIT;
            case "getSQLStateType": return DatabaseMetaData.sqlStateSQL;
            case "getIdentifierQuoteString": return "\"";
            case "getRowIdLifetime": return RowIdLifetime.ROWID_UNSUPPORTED;
            case "isWrapperFor": return ((Class<?>) args[0]).isInstance(proxy);
            case "unwrap":
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
                throw new SQLException("not a wrapper for " + args[0]);
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            case "toString": return "StubMetaData[" + connection + "]";
            default:
                break;
        }
        Class<?> type = method.getReturnType();
        if (type == ResultSet.class) {
            return new StubResultSet(null, 0);
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == String.class) {
            return "";
        }
        return null;
    }
}
