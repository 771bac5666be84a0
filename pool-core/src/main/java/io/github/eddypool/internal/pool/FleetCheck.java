package io.github.eddypool.internal.pool;

import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, once, how many connections the database server allows ordinary users, on an idle
 * connection the scheduler reserves for a moment (no extra connection, no borrower waits on it),
 * and warns when {@code max-size * fleet-size} exceeds it: the instances of the application
 * together could then exhaust the server. PostgreSQL: {@code max_connections} minus the
 * connections reserved for superusers (and, from version 16, for {@code pg_use_reserved_connections});
 * MariaDB and MySQL: {@code @@max_connections}. Other databases: unknown. Skipped with
 * {@code transaction-pooler}: then the fleet's connections go to the pooler, not the server.
 */
final class FleetCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FleetCheck.class);

    static final String POSTGRES_QUERY = "SELECT current_setting('max_connections')::int"
            + " - current_setting('superuser_reserved_connections')::int"
            + " - coalesce(current_setting('reserved_connections', true), '0')::int";
    static final String MARIADB_QUERY = "SELECT @@max_connections";

    private final EddyConfig config;
    private final ConnectionOpener opener;
    private final ConnectionBag bag;
    private volatile boolean done;
    private volatile Integer serverMaxConnections;

    FleetCheck(EddyConfig config, ConnectionOpener opener, ConnectionBag bag) {
        this.config = config;
        this.opener = opener;
        this.bag = bag;
    }

    /** The connections the server allows, or null when not (yet) known. */
    Integer serverMaxConnections() {
        return serverMaxConnections;
    }

    /**
     * Reads the limit on the first idle connection found, then never again; on the scheduler
     * thread, with the housekeeper's view of the pool (it reserves and puts back, or retires, like a keepalive).
     */
    void runOnce(Housekeeper.Upkeep pool) {
        if (done) {
            return;
        }
        if (config.transactionPooler()) {
            // Behind PgBouncer the server's max_connections limits the pooler, not this fleet:
            // the clients' limit is the pooler's max_client_conn, which no client can read.
            done = true;
            LOG.debug("Pool {}: fleet check skipped behind a transaction pooler", config.poolName());
            return;
        }
        for (PoolEntry e : bag.entries()) {
            if (e.isIdle() && e.tryReserve()) {
                done = true;
                boolean failed = true;
                Integer limit = null;
                try {
                    limit = read(e);
                    failed = false;
                } catch (SQLException | RuntimeException ex) {
                    LOG.debug("Pool {}: could not read the server's connection limit ({}); the fleet check is skipped",
                            config.poolName(), opener.scrub(String.valueOf(ex.getMessage())));
                    if (ex instanceof SQLException sql && pool.isFatal(sql) && !pool.closed()) {
                        pool.idleConnectionFoundDead();
                    }
                } finally {
                    CloseReason marked = e.retireReason;
                    if (pool.closed() || failed || marked != null) {
                        // After a failure the session's state is unknown: replace it rather than lend
                        // it. One marked meanwhile (soft-evict, resize) is retired now, as its marker
                        // could not reserve it while the check held it.
                        pool.retire(e, PoolEntry.RESERVED, pool.closed() ? CloseReason.POOL_CLOSED
                                : failed ? CloseReason.VALIDATION_FAILED : marked);
                    } else {
                        e.unreserve();
                        bag.dispatchIdle();
                    }
                }
                if (limit != null) {
                    warnIfFleetTooLarge(limit, pool.maxSize());
                    // Published after the warning: whoever sees the limit in the sizing advice
                    // finds the check complete, its warning (if any) already logged.
                    serverMaxConnections = limit;
                }
                return;
            }
        }
    }

    /**
     * The limit, or null for a database not known here. Bounded by validation-timeout, also on a
     * dead network path: the network timeout is lowered for the query, as for a connection test.
     */
    private Integer read(PoolEntry e) throws SQLException {
        Connection c = e.connection;
        String query = queryFor(c);
        if (query == null) {
            return null;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, config.validationTimeout().toMillis());
        boolean timeoutSet = setNetworkTimeout(c, millis);
        Integer limit = null;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, config.validationTimeout().toSeconds()));
            try (ResultSet rs = s.executeQuery(query)) {
                if (rs.next()) {
                    limit = rs.getInt(1);
                }
            }
        }
        if (!c.getAutoCommit()) {
            c.rollback();
        }
        if (timeoutSet) {
            c.setNetworkTimeout(Runnable::run, e.defaults.networkTimeoutMs());
        }
        return limit;
    }

    /** The query for the connection's database, or null when it is none known here (or will not say). */
    private static String queryFor(Connection c) {
        String product;
        try {
            product = String.valueOf(c.getMetaData().getDatabaseProductName()).toLowerCase(Locale.ROOT);
        } catch (SQLException | RuntimeException | AbstractMethodError unknown) {
            return null;
        }
        return product.contains("postgres") ? POSTGRES_QUERY
                : product.contains("mariadb") || product.contains("mysql") ? MARIADB_QUERY : null;
    }

    private static boolean setNetworkTimeout(Connection c, int millis) {
        try {
            c.setNetworkTimeout(Runnable::run, millis);
            return true;
        } catch (SQLException | RuntimeException | AbstractMethodError unsupported) {
            return false;
        }
    }

    private void warnIfFleetTooLarge(int limit, int maxSize) {
        long fleetTotal = (long) maxSize * config.fleetSize();
        if (fleetTotal > limit) {
            int fits = Math.max(1, limit / config.fleetSize());
            LOG.warn("Pool {}: max-size {} x fleet-size {} = {} connections exceed the {} the server at {} allows:"
                            + " with every instance busy, the server will refuse connections. Lower max-size to {} or less,"
                            + " run fewer instances, or raise the server's max_connections (other clients need some too)",
                    config.poolName(), maxSize, config.fleetSize(), fleetTotal, limit, opener.target(), fits);
        } else {
            LOG.debug("Pool {}: max-size {} x fleet-size {} = {} connections, within the {} the server allows",
                    config.poolName(), maxSize, config.fleetSize(), fleetTotal, limit);
        }
    }
}
