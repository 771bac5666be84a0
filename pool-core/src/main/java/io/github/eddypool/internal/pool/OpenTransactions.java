package io.github.eddypool.internal.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.sql.Connection;

/**
 * Asks the JDBC driver, without a round trip, whether the server has a transaction open on a
 * connection in auto-commit mode: one begun in SQL ({@code BEGIN}, {@code START TRANSACTION})
 * rather than through {@link Connection#setAutoCommit}. JDBC has no call for this; PostgreSQL's
 * and MariaDB's drivers track the server's transaction status from every reply, and expose it:
 * pgjdbc as {@code getTransactionState()} ({@code IDLE}, {@code OPEN}, {@code FAILED}), MariaDB
 * Connector/J as {@code getContext().getServerStatus()} (bit {@code IN_TRANSACTION}). Other
 * drivers are taken to have none open, as before.
 *
 * <p>The lookup is made once per connection class, and its result kept with each connection
 * ({@link PoolEntry}), so a return costs no lookup: for a driver that tracks nothing, one
 * reference comparison.
 */
public final class OpenTransactions {

    /** MariaDB's SERVER_STATUS_IN_TRANS flag, from the protocol. */
    private static final int MARIADB_IN_TRANSACTION = 1;

    /** Asks one kind of connection whether a transaction is open. */
    public interface Probe {
        boolean isOpen(Connection c) throws Throwable;
    }

    /** For drivers that do not say: taken to have no transaction open. */
    public static final Probe NONE = c -> false;

    private static final ClassValue<Probe> PROBES = new ClassValue<>() {
        @Override
        protected Probe computeValue(Class<?> type) {
            Probe probe = postgres(type);
            return probe != null ? probe : mariadb(type);
        }
    };

    private OpenTransactions() {
    }

    /** The probe for connections of {@code type}; {@link #NONE} when the driver does not say. */
    static Probe probeFor(Class<?> type) {
        return PROBES.get(type);
    }

    /** True when {@code probe} says a transaction (or a failed one) is open on {@code physical}; false when it cannot tell. */
    public static boolean isOpen(Probe probe, Connection physical) {
        if (probe == NONE) {
            return false;
        }
        try {
            return probe.isOpen(physical);
        } catch (Throwable e) {
            return false;
        }
    }

    private static Probe postgres(Class<?> type) {
        MethodHandle state = handle(type, "getTransactionState");
        if (state == null) {
            return null;
        }
        return c -> {
            Object s = state.invoke(c);
            return s != null && !"IDLE".equals(s.toString());
        };
    }

    private static Probe mariadb(Class<?> type) {
        MethodHandle context = handle(type, "getContext");
        if (context == null) {
            return NONE;
        }
        MethodHandle status = handle(context.type().returnType(), "getServerStatus");
        if (status == null || status.type().returnType() != int.class) {
            return NONE;
        }
        MethodHandle serverStatus = MethodHandles.filterReturnValue(context, status);
        return c -> ((int) serverStatus.invoke(c) & MARIADB_IN_TRANSACTION) != 0;
    }

    /** The handle of a public no-argument method of {@code type}, or null. */
    private static MethodHandle handle(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            return MethodHandles.publicLookup().unreflect(m);
        } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
            return null;
        }
    }
}
