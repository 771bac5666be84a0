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
 * MariaDB and MySQL: {@code @@max_connections}. Other databases: unknown.
 */
final class FleetCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FleetCheck.class);

    static final String POSTGRES_QUERY = "SELECT current_setting('max_connections')::int"
            + " - current_setting('superuser_reserved_connections')::int"
            + " - coalesce(current_setting('reserved_connections', true), '0')::int";
    static final String MARIADB_QUERY = "SELECT @@max_connections";

    private final EddyConfig config;
    private final ConnectionFactory factory;
    private volatile boolean done;
    private volatile Integer serverMaxConnections;

    FleetCheck(EddyConfig config, ConnectionFactory factory) {
        this.config = config;
        this.factory = factory;
    }

    /** The connections the server allows, or null when not (yet) known. */
    Integer serverMaxConnections() {
        return serverMaxConnections;
    }

    /** Reads the limit on the first idle connection found, then never again; on the scheduler thread. */
    void runOnce(Pool pool) {
        if (done) {
            return;
        }
        for (PoolEntry e : pool.bag().entries()) {
            if (e.isIdle() && e.tryReserve()) {
                done = true;
                try {
                    serverMaxConnections = read(e.connection);
                } finally {
                    if (pool.closed()) {
                        pool.retire(e, PoolEntry.RESERVED, CloseReason.POOL_CLOSED);
                    } else {
                        e.unreserve();
                        pool.bag().dispatchIdle();
                    }
                }
                warnIfFleetTooLarge(pool.maxSize());
                return;
            }
        }
    }

    private Integer read(Connection c) {
        try {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String query = product.contains("postgres") ? POSTGRES_QUERY
                    : product.contains("mariadb") || product.contains("mysql") ? MARIADB_QUERY : null;
            if (query == null) {
                return null;
            }
            int seconds = (int) Math.max(1, config.validationTimeout().toSeconds());
            Integer limit = null;
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds);
                try (ResultSet rs = s.executeQuery(query)) {
                    if (rs.next()) {
                        limit = rs.getInt(1);
                    }
                }
            }
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return limit;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Pool {}: could not read the server's connection limit ({}); the fleet check is skipped",
                    config.poolName(), factory.scrub(String.valueOf(e.getMessage())));
            return null;
        }
    }

    private void warnIfFleetTooLarge(int maxSize) {
        Integer limit = serverMaxConnections;
        if (limit == null) {
            return;
        }
        long fleetTotal = (long) maxSize * config.fleetSize();
        if (fleetTotal > limit) {
            int fits = Math.max(1, limit / config.fleetSize());
            LOG.warn("Pool {}: max-size {} x fleet-size {} = {} connections exceed the {} the server at {} allows:"
                            + " with every instance busy, the server will refuse connections. Lower max-size to {} or less,"
                            + " run fewer instances, or raise the server's max_connections (other clients need some too)",
                    config.poolName(), maxSize, config.fleetSize(), fleetTotal, limit, factory.target(), fits);
        } else {
            LOG.debug("Pool {}: max-size {} x fleet-size {} = {} connections, within the {} the server allows",
                    config.poolName(), maxSize, config.fleetSize(), fleetTotal, limit);
        }
    }
}
