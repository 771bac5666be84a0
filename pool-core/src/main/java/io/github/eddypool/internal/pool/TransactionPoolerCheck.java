package io.github.eddypool.internal.pool;

import io.github.eddypool.EddyConfig;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code transaction-pooler} preset. Behind a transaction-mode pooler (PgBouncer
 * {@code pool_mode = transaction}) a client connection has a server connection only for the
 * length of a transaction: the next transaction may run on another one, which other clients used
 * in between. So nothing may rely on a server connection's session: not a named prepared
 * statement (pgjdbc prepares one after {@code prepareThreshold} executions, and the next
 * transaction fails with "prepared statement S_1 does not exist", or another client's with
 * "already exists"), and not session state set on the way in (it lands on one server connection,
 * which then carries it to whichever client gets it next). This class turns pgjdbc's server-side
 * prepared statements off, and names at start every setting that contradicts the preset.
 */
final class TransactionPoolerCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionPoolerCheck.class);
    private static final String PREPARE_THRESHOLD = "prepareThreshold";

    private TransactionPoolerCheck() {
    }

    /** For a pgjdbc URL: {@code prepareThreshold=0}, unless the URL or the driver properties set it. */
    static void turnOffServerPreparedStatements(Properties props, String jdbcUrl) {
        if (isPostgres(jdbcUrl) && prepareThreshold(props, jdbcUrl) == null) {
            props.setProperty(PREPARE_THRESHOLD, "0");
        }
    }

    /** Logs one WARN per setting that contradicts the preset; none when the preset is off. */
    static void warnAtStart(EddyConfig config) {
        for (String warning : contradictions(config)) {
            LOG.warn("Pool {}: transaction-pooler is on, but {}", config.poolName(), warning);
        }
    }

    /** What contradicts the preset, each saying what to change; empty when the preset is off. */
    static List<String> contradictions(EddyConfig config) {
        List<String> found = new ArrayList<>();
        if (!config.transactionPooler()) {
            return found;
        }
        String threshold = config.jdbcUrl() == null ? null
                : prepareThreshold(toProperties(config), config.jdbcUrl());
        if (threshold != null && !threshold.trim().equals("0")) {
            found.add("prepareThreshold=" + threshold + " makes pgjdbc prepare named statements on the server, which the next"
                    + " transaction may not find on its server connection (\"prepared statement S_1 does not exist\"):"
                    + " remove prepareThreshold from the URL and data-source-properties, the preset sets 0");
        }
        DataSource ds = config.dataSource();
        Integer dsThreshold = ds == null ? null : dataSourcePrepareThreshold(ds);
        if (dsThreshold != null && dsThreshold != 0) {
            found.add("the DataSource " + ds.getClass().getSimpleName() + " has prepareThreshold " + dsThreshold
                    + ", which prepares named statements on the server that the next transaction may not find:"
                    + " call setPrepareThreshold(0) on it");
        }
        if (config.connectionInitSql() != null) {
            found.add("connection-init-sql runs on whichever server connection the pooler lends at that moment, which other"
                    + " clients then share, and never on the others: remove it, and set session defaults on the server"
                    + " (ALTER ROLE <user> SET ...) or in the pooler (PgBouncer: connect_query in the database entry)");
        }
        if (config.schema() != null) {
            found.add("schema=" + config.schema() + " is set on one server connection (SET search_path) and not on the others:"
                    + " remove it, and set the search path on the server (ALTER ROLE <user> SET search_path = ...) or in the"
                    + " pooler (PgBouncer: connect_query)");
        }
        if (config.catalog() != null) {
            found.add("catalog=" + config.catalog() + " is session state on one server connection: remove it, and name the"
                    + " database in the URL");
        }
        if (config.transactionIsolation() != null) {
            found.add("transaction-isolation=" + config.transactionIsolation() + " is set for the session of one server"
                    + " connection (SET SESSION CHARACTERISTICS) and not the others: remove it, and set the default on the"
                    + " server (ALTER ROLE <user> SET default_transaction_isolation = '...')");
        }
        if (config.resetSql() != null) {
            found.add("reset-sql runs on whichever server connection the pooler lends, not the one the borrower used, and"
                    + " clears it under another client (" + config.resetSql() + "): remove reset-sql; a session set up by a"
                    + " borrower cannot be reset through a transaction pooler");
        }
        if (config.maxLifetime().isZero()) {
            found.add("max-lifetime is 0: connections to the pooler never end, so after a pooler restart behind a load"
                    + " balancer or a scale-out they never spread over the new instances: set max-lifetime, e.g. 30m");
        }
        return found;
    }

    private static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    private static Properties toProperties(EddyConfig config) {
        Properties p = new Properties();
        p.putAll(config.dataSourceProperties());
        return p;
    }

    /** The prepareThreshold the driver properties or the URL set, or null. */
    private static String prepareThreshold(Properties props, String jdbcUrl) {
        for (String key : props.stringPropertyNames()) {
            if (key.equalsIgnoreCase(PREPARE_THRESHOLD)) {
                return props.getProperty(key);
            }
        }
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        int query = lower.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(PREPARE_THRESHOLD)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    /** pgjdbc's PGSimpleDataSource and friends: getPrepareThreshold(); null for other DataSources. */
    private static Integer dataSourcePrepareThreshold(DataSource ds) {
        try {
            Method m = ds.getClass().getMethod("getPrepareThreshold");
            Object v = m.invoke(ds);
            return v instanceof Integer i ? i : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
