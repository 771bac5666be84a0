package io.github.eddypool;

import io.github.eddypool.EddyConfigException;

import java.sql.Connection;
import java.util.Locale;

/** Turns an isolation level's name into its JDBC constant. */
final class IsolationLevel {

    private IsolationLevel() {
    }

    /**
     * @param name a level such as {@code READ_COMMITTED}, {@code TRANSACTION_READ_COMMITTED} or
     *             {@code read-committed}; null for the driver's default
     * @return the {@link Connection} constant, or -1 for null
     */
    static int parse(String name) {
        if (name == null) {
            return -1;
        }
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (key.startsWith("TRANSACTION_")) {
            key = key.substring("TRANSACTION_".length());
        }
        switch (key) {
            case "NONE": return Connection.TRANSACTION_NONE;
            case "READ_UNCOMMITTED": return Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ_COMMITTED": return Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE_READ": return Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE": return Connection.TRANSACTION_SERIALIZABLE;
            default:
                throw new EddyConfigException("transaction-isolation", "'" + name + "' is not an isolation level",
                        "Use one of READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE or NONE, or remove it for the driver's default");
        }
    }
}
