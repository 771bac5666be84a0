package io.github.eddypool.internal.pool;

import io.github.eddypool.EddyConfigException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Looks up the DataSource that {@code data-source-jndi-name} names (HikariCP's
 * {@code dataSourceJNDI}): one an application server binds, which the pool then takes its physical
 * connections from. The lookup uses the default {@link InitialContext}, configured as the server
 * (or {@code jndi.properties}, or the {@code java.naming.*} system properties) says.
 */
public final class JndiDataSource {

    private static final String PROPERTY = "data-source-jndi-name";

    private JndiDataSource() {
    }

    /** The DataSource bound to {@code name}; an {@link EddyConfigException} when there is none. */
    public static DataSource lookup(String name) {
        Object found;
        try {
            InitialContext context = new InitialContext();
            try {
                found = context.lookup(name);
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new EddyConfigException(PROPERTY, "'" + name + "' could not be looked up in JNDI (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "Bind a DataSource under that name in the application server, or fix the name (e.g. java:comp/env/jdbc/orders)");
        }
        if (!(found instanceof DataSource)) {
            throw new EddyConfigException(PROPERTY, "'" + name + "' is bound to " + (found == null ? "null" : "a " + found.getClass().getName())
                    + ", not a javax.sql.DataSource", "Name the DataSource the server binds, or bind one under this name");
        }
        return (DataSource) found;
    }
}
