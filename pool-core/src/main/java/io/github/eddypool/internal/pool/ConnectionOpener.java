package io.github.eddypool.internal.pool;

import io.github.eddypool.Credentials;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.SafeText;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Opens physical connections, from a JDBC driver and URL or from a vendor DataSource, and sets
 * each one up with the pool's defaults and init SQL before the pool sees it.
 */
final class ConnectionOpener {

    private final EddyConfig config;
    private final Driver driver;
    private final DataSource dataSource;
    private final Supplier<Credentials> credentials;
    /** Credentials come from a supplier, which may answer differently when asked again. */
    private final boolean rotating;
    private final Properties baseProperties;
    /** A handshake socket timeout was added; lift it once connected. */
    private final boolean liftSocketTimeout;
    /** Driver properties this opener added to bound the handshake: name to unit (true = seconds). */
    private final Map<String, Boolean> addedTimeouts = new LinkedHashMap<>();
    private volatile String lastPassword;
    /** The configured password and the secrets in the URL: what a driver's message may repeat. */
    private final List<String> fixedSecrets = new ArrayList<>();
    /** validate-writable's query for this server, chosen on the first connection; null until then or when off. */
    private volatile WritableCheck writableCheck;
    /** The session defaults of the latest user connections were opened as; see {@link #readDefaults}. */
    private volatile ServerDefaults serverDefaults;
    /** Held by the one opener that reads {@link #serverDefaults} for a new user; see {@link #readDefaults}. */
    private final ReentrantLock defaultsRead = new ReentrantLock();

    ConnectionOpener(EddyConfig config) {
        this.config = config;
        this.dataSource = config.dataSource();
        this.driver = dataSource == null ? resolveDriver(config) : null;
        this.rotating = config.credentialsSupplier() != null;
        fixedSecrets.addAll(SafeText.secretsIn(config.jdbcUrl()));
        if (config.password() != null) {
            fixedSecrets.add(config.password());
        }
        this.credentials = rotating
                ? config.credentialsSupplier()
                : fixed(new Credentials(config.username(), config.password()));
        this.baseProperties = new Properties();
        baseProperties.putAll(config.dataSourceProperties());
        if (dataSource == null && config.transactionPooler()) {
            TransactionPoolerCheck.turnOffServerPreparedStatements(baseProperties, config.jdbcUrl());
        }
        if (dataSource == null) {
            liftSocketTimeout = addLoginTimeouts(baseProperties, config, addedTimeouts);
        } else {
            liftSocketTimeout = false;
            limitDataSourceLoginTimeout();
        }
    }

    private static Supplier<Credentials> fixed(Credentials c) {
        return () -> c;
    }

    /**
     * The message with the password masked: the configured one, those the URL holds, and the
     * last one a supplier gave.
     */
    String scrub(String message) {
        String text = message;
        for (String secret : fixedSecrets) {
            text = SafeText.scrub(text, secret);
        }
        return SafeText.scrub(text, lastPassword);
    }

    /** The throwable, or a copy of its chain with the password masked where a message shows it. */
    Throwable scrub(Throwable t) {
        Throwable scrubbed = t;
        for (String secret : fixedSecrets) {
            scrubbed = SafeText.scrub(scrubbed, secret);
        }
        return SafeText.scrub(scrubbed, lastPassword);
    }

    /** A new connection, set up, and the session state every borrower of it starts with. */
    record Opened(Connection connection, ConnectionDefaults defaults) {
    }

    /**
     * Opens and sets up one connection, with the handshake bounded by {@code handshakeMillis}
     * instead of the usual bound (where the pool sets it): the fail-fast start-up uses this so
     * that its attempt ends with initialization-fail-timeout. 0 for the usual bound.
     */
    Opened open(long handshakeMillis) throws SQLException {
        try {
            return openAs(credentials.get(), handshakeMillis);
        } catch (SQLException e) {
            if (!rotating || !isAuthenticationFailure(e)) {
                throw e;
            }
            // The password may have been rotated since the supplier was last asked (or the
            // supplier caches, e.g. a token about to expire): ask again at once, before the
            // grower backs off, so that a rotation costs no failed borrow.
            return openAs(credentials.get(), handshakeMillis);
        }
    }

    /** SQLState class 28 (invalid authorization) or PostgreSQL's 28P01, or MariaDB's access denied (1045). */
    static boolean isAuthenticationFailure(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 10; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ((state != null && state.startsWith("28")) || s.getErrorCode() == 1045) {
                    return true;
                }
            }
        }
        return false;
    }

    private Opened openAs(Credentials c, long handshakeMillis) throws SQLException {
        if (c == null) {
            throw new SQLException("The credentials supplier of pool " + config.poolName() + " returned null", "28000");
        }
        lastPassword = c.password();
        Connection connection;
        if (dataSource != null) {
            connection = c.username() == null && c.password() == null
                    ? dataSource.getConnection()
                    : dataSource.getConnection(c.username(), c.password());
        } else {
            Properties props = new Properties();
            props.putAll(baseProperties);
            if (handshakeMillis > 0) {
                addedTimeouts.forEach((key, seconds) -> props.setProperty(key,
                        Long.toString(seconds ? Math.max(1, (handshakeMillis + 999) / 1000) : handshakeMillis)));
            }
            if (c.username() != null) {
                props.setProperty("user", c.username());
            }
            if (c.password() != null) {
                props.setProperty("password", c.password());
            }
            connection = driver.connect(config.jdbcUrl(), props);
        }
        if (connection == null) {
            throw new SQLException("The JDBC driver " + driver.getClass().getName() + " returned no connection for "
                    + SafeText.maskUrl(config.jdbcUrl()), "08001");
        }
        try {
            if (liftSocketTimeout) {
                connection.setNetworkTimeout(Runnable::run, 0);
            }
            setUp(connection);
            if (config.validateWritable()) {
                String refusal = writableRefusal(connection, (int) Math.max(1, (handshakeTimeoutMillis(config) + 999) / 1000));
                if (refusal != null) {
                    throw new SQLException("validate-writable: " + target() + " does not accept writes now (a read-only node,"
                            + " e.g. a replica after a failover): " + refusal + "; the connection is not used", "25006");
                }
            }
            return new Opened(connection, readDefaults(connection, c.username()));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Applies auto-commit, isolation, read-only, catalog, schema and the init SQL. */
    private void setUp(Connection connection) throws SQLException {
        if (connection.getAutoCommit() != config.autoCommit()) {
            connection.setAutoCommit(config.autoCommit());
        }
        if (config.transactionIsolationLevel() >= 0) {
            connection.setTransactionIsolation(config.transactionIsolationLevel());
        }
        if (connection.isReadOnly() != config.readOnly()) {
            connection.setReadOnly(config.readOnly());
        }
        if (config.catalog() != null) {
            connection.setCatalog(config.catalog());
        }
        if (config.schema() != null) {
            connection.setSchema(config.schema());
        }
        if (config.connectionInitSql() != null) {
            try (Statement s = connection.createStatement()) {
                s.execute(config.connectionInitSql());
            }
            if (!config.autoCommit()) {
                connection.commit();
            }
        }
    }

    /**
     * Null when the server accepts writes on {@code connection}, else why not; for
     * validate-writable, on new connections and in connection tests.
     */
    String writableRefusal(Connection connection, int timeoutSeconds) throws SQLException {
        WritableCheck check = writableCheck;
        if (check == null) {
            check = WritableCheck.forServer(connection);
            writableCheck = check;
        }
        return check.refusal(connection, timeoutSeconds);
    }

    /**
     * The state a borrower starts with, to restore it later. What the configuration sets is
     * taken from it; the rest is read from the server once per user and reused: reading the
     * isolation and schema is a round trip each on PostgreSQL ({@code SHOW TRANSACTION ISOLATION
     * LEVEL}, {@code select current_schema()}), which every new connection paid before, and all
     * connections of one user get the same session defaults (HikariCP, too, reads the isolation
     * once per pool). The network timeout is the driver's own state and read every time.
     */
    private ConnectionDefaults readDefaults(Connection connection, String user) throws SQLException {
        int networkTimeout = 0;
        try {
            networkTimeout = connection.getNetworkTimeout();
        } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
            // the driver has no network timeout; nothing to restore
        }
        ServerDefaults server = serverDefaults;
        if (server == null || !Objects.equals(server.user(), user)) {
            server = readOnceFor(connection, user);
        }
        return new ConnectionDefaults(config.autoCommit(), server.isolation(), config.readOnly(), server.catalog(),
                server.schema(), networkTimeout);
    }

    /**
     * Reads the server defaults for a new {@code user} unless a concurrent opener has just done
     * so: connections open several at a time (creation-concurrency), and after a fill or rotated
     * credentials they all meet a new user at once. The others wait for the first reader, but no
     * longer than a handshake may take: a reader stuck on a dead server does not hold them up
     * beyond that, and they then read for themselves (as does an opener interrupted meanwhile).
     */
    private ServerDefaults readOnceFor(Connection connection, String user) throws SQLException {
        boolean locked = false;
        try {
            locked = defaultsRead.tryLock(handshakeTimeoutMillis(config), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ServerDefaults server = serverDefaults;
            if (server == null || !Objects.equals(server.user(), user)) {
                server = readServerDefaults(connection, user);
                serverDefaults = server;
            }
            return server;
        } finally {
            if (locked) {
                defaultsRead.unlock();
            }
        }
    }

    /** Session defaults read from the server (or set by the configuration) for connections of {@code user}. */
    private record ServerDefaults(String user, int isolation, String catalog, String schema) {
    }

    private ServerDefaults readServerDefaults(Connection connection, String user) throws SQLException {
        int isolation = config.transactionIsolationLevel() >= 0
                ? config.transactionIsolationLevel()
                : connection.getTransactionIsolation();
        String catalog = config.catalog();
        String schema = config.schema();
        try {
            if (catalog == null) {
                catalog = connection.getCatalog();
            }
            if (schema == null) {
                schema = connection.getSchema();
            }
        } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
            // left as configured (or null): not restored
        }
        return new ServerDefaults(user, isolation, catalog, schema);
    }

    /** Where connections come from, without secrets; see {@link SafeText#target(String)}. */
    String target() {
        return dataSource != null ? SafeText.target(dataSource) : SafeText.target(config.jdbcUrl());
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // it is being thrown away; nothing else to do
        }
    }

    private static Driver resolveDriver(EddyConfig config) {
        String url = config.jdbcUrl();
        String className = config.driverClassName();
        if (className == null) {
            try {
                return DriverManager.getDriver(url);
            } catch (SQLException e) {
                throw new EddyConfigException("jdbc-url", "no JDBC driver on the classpath accepts '" + SafeText.maskUrl(url) + "'",
                        "Add the database's JDBC driver to the classpath, set driver-class-name, or check the URL's prefix");
            }
        }
        Driver d = registeredDriver(className);
        if (d == null) {
            d = instantiate(className);
        }
        boolean accepts;
        try {
            accepts = d.acceptsURL(url);
        } catch (SQLException e) {
            accepts = false;
        }
        if (!accepts) {
            throw new EddyConfigException("jdbc-url", "the driver " + className + " does not accept '" + SafeText.maskUrl(url) + "'",
                    "Use a URL of this driver's form, or the driver class that matches the URL");
        }
        return d;
    }

    private static Driver registeredDriver(String className) {
        Enumeration<Driver> drivers = DriverManager.getDrivers();
        while (drivers.hasMoreElements()) {
            Driver d = drivers.nextElement();
            if (d.getClass().getName().equals(className)) {
                return d;
            }
        }
        return null;
    }

    private static Driver instantiate(String className) {
        try {
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            Class<?> type;
            try {
                type = Class.forName(className, true, tccl != null ? tccl : ConnectionOpener.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                type = Class.forName(className);
            }
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new EddyConfigException("driver-class-name", "could not create the driver " + className + ": " + e,
                    "Check that driver-class-name names a java.sql.Driver with a public no-argument constructor");
        }
    }

    /**
     * Bounds the connection handshake of the common drivers, unless the user set their own:
     * without it a black-holed network holds a connecting thread forever. The bound is
     * {@link #handshakeTimeoutMillis}: longer than a borrower waits, because a borrower that gives
     * up should not abandon an attempt a slow server is still working on (it would only retry,
     * and pile attempts on a struggling server); the finished connection serves the next borrower.
     * For PostgreSQL this uses the socket timeout, lifted again once connected, rather than
     * {@code loginTimeout}: that one gives up in the caller but leaves the attempt running in a
     * thread of the driver, so attempts would exceed creation-concurrency.
     *
     * @return true when a socket timeout was added that {@link #open()} must lift
     */
    private static boolean addLoginTimeouts(Properties props, EddyConfig config, Map<String, Boolean> added) {
        String url = config.jdbcUrl().toLowerCase(Locale.ROOT);
        long ms = handshakeTimeoutMillis(config);
        String seconds = Long.toString(Math.max(1, (ms + 999) / 1000));
        if (url.startsWith("jdbc:postgresql:")) {
            if (putIfAbsent(props, url, "connectTimeout", seconds)) {
                added.put("connectTimeout", true);
            }
            if (!isSet(props, url, "loginTimeout") && putIfAbsent(props, url, "socketTimeout", seconds)) {
                added.put("socketTimeout", true);
                return true;
            }
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            if (putIfAbsent(props, url, "connectTimeout", Long.toString(ms))) {
                added.put("connectTimeout", false);
            }
        }
        return false;
    }

    /** How long one connection attempt may take: connection-timeout, but at least 5 s. */
    static long handshakeTimeoutMillis(EddyConfig config) {
        return Math.max(5_000, config.connectionTimeout().toMillis());
    }

    private static boolean isSet(Properties props, String lowerUrl, String key) {
        return props.containsKey(key) || lowerUrl.contains(key.toLowerCase(Locale.ROOT) + "=");
    }

    private static boolean putIfAbsent(Properties props, String lowerUrl, String key, String value) {
        if (isSet(props, lowerUrl, key)) {
            return false;
        }
        props.setProperty(key, value);
        return true;
    }

    private void limitDataSourceLoginTimeout() {
        try {
            if (dataSource.getLoginTimeout() == 0) {
                dataSource.setLoginTimeout((int) ((handshakeTimeoutMillis(config) + 999) / 1000));
            }
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            // the DataSource does not support a login timeout; borrowers are still bounded by connection-timeout
        }
    }
}
