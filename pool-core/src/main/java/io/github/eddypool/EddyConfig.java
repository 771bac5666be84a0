package io.github.eddypool;


import io.github.eddypool.internal.pool.JndiDataSource;
import io.github.eddypool.internal.pool.NamedClass;
import io.github.eddypool.internal.pool.VendorDataSource;

import java.sql.Driver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The settings of one pool: immutable, and validated by {@link Builder#build()}, which throws an
 * {@link EddyConfigException} naming the first wrong setting and what to change.
 *
 * <p>Property names in the docs ({@code max-size}) are the Spring Boot names under
 * {@code eddy.pool}; the builder methods are the same names in camel case ({@code maxSize}).
 * {@link #toString()} and {@link #describe()} mask the password and any secret in the URL.
 */
public final class EddyConfig {

    static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_KEEPALIVE = Duration.ofMinutes(2);
    static final Duration CONNECTION_TIMEOUT_FLOOR = Duration.ofMillis(250);
    static final Duration VALIDATION_TIMEOUT_FLOOR = Duration.ofMillis(250);
    static final Duration LIFETIME_FLOOR = Duration.ofSeconds(1);
    static final Duration LEAK_THRESHOLD_FLOOR = Duration.ofMillis(500);
    static final Duration HOUSEKEEPING_FLOOR = Duration.ofMillis(100);
    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final String poolName;
    private final String jdbcUrl;
    private final String driverClassName;
    private final String username;
    private final String password;
    private final Map<String, String> dataSourceProperties;
    private final DataSource dataSource;
    private final String dataSourceClassName;
    private final String dataSourceJndiName;
    private final Supplier<Credentials> credentialsSupplier;
    private final int minSize;
    private final int maxSize;
    private final Duration connectionTimeout;
    private final int maxWaiting;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final long maxQueries;
    private final Duration keepaliveTime;
    private final boolean prePing;
    private final Duration validationTimeout;
    private final String connectionTestQuery;
    private final Duration leakDetectionThreshold;
    private final String connectionInitSql;
    private final String resetSql;
    private final boolean autoCommit;
    private final String transactionIsolation;
    private final int transactionIsolationLevel;
    private final boolean readOnly;
    private final String catalog;
    private final String schema;
    private final Duration initializationFailTimeout;
    private final int creationConcurrency;
    private final Duration housekeepingPeriod;
    private final Duration shutdownGracePeriod;
    private final boolean registerMbeans;
    private final boolean transactionPooler;
    private final boolean validateWritable;
    private final FatalErrorOverride fatalErrorOverride;
    private final List<PoolListener> listeners;
    private final Duration slowAcquireThreshold;
    private final int databaseCores;
    private final int databaseSpindles;
    private final int fleetSize;

    private EddyConfig(Builder b, String poolName, int isolationLevel, DataSource dataSource, FatalErrorOverride fatalErrorOverride) {
        this.poolName = poolName;
        this.jdbcUrl = b.jdbcUrl;
        this.driverClassName = b.driverClassName;
        this.username = b.username;
        this.password = b.password;
        this.dataSourceProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.dataSourceProperties));
        this.dataSource = dataSource;
        this.dataSourceClassName = b.dataSourceClassName;
        this.dataSourceJndiName = b.dataSourceJndiName;
        this.credentialsSupplier = b.credentialsSupplier;
        this.minSize = b.minSize;
        this.maxSize = b.maxSize;
        this.connectionTimeout = b.connectionTimeout;
        this.maxWaiting = b.maxWaiting;
        this.idleTimeout = b.idleTimeout;
        this.maxLifetime = b.maxLifetime;
        this.maxQueries = b.maxQueries;
        this.keepaliveTime = b.keepaliveTime;
        this.prePing = b.prePing;
        this.validationTimeout = b.validationTimeout;
        this.connectionTestQuery = b.connectionTestQuery;
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.connectionInitSql = b.connectionInitSql;
        this.resetSql = b.resetSql;
        this.autoCommit = b.autoCommit;
        this.transactionIsolation = b.transactionIsolation;
        this.transactionIsolationLevel = isolationLevel;
        this.readOnly = b.readOnly;
        this.catalog = b.catalog;
        this.schema = b.schema;
        this.initializationFailTimeout = b.initializationFailTimeout;
        this.creationConcurrency = b.creationConcurrency;
        this.housekeepingPeriod = b.housekeepingPeriod;
        this.shutdownGracePeriod = b.shutdownGracePeriod;
        this.registerMbeans = b.registerMbeans;
        this.transactionPooler = b.transactionPooler;
        this.validateWritable = b.validateWritable;
        this.fatalErrorOverride = fatalErrorOverride;
        this.listeners = List.copyOf(b.listeners);
        this.slowAcquireThreshold = b.slowAcquireThreshold;
        this.databaseCores = b.databaseCores;
        this.databaseSpindles = b.databaseSpindles;
        this.fleetSize = b.fleetSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.poolName = poolName;
        b.jdbcUrl = jdbcUrl;
        b.driverClassName = driverClassName;
        b.username = username;
        b.password = password;
        b.dataSourceProperties.putAll(dataSourceProperties);
        // A DataSource made from data-source-class-name (or looked up by data-source-jndi-name) is
        // made (looked up) anew by the copy's build().
        b.dataSource = dataSourceClassName == null && dataSourceJndiName == null ? dataSource : null;
        b.dataSourceClassName = dataSourceClassName;
        b.dataSourceJndiName = dataSourceJndiName;
        b.credentialsSupplier = credentialsSupplier;
        b.minSize = minSize;
        b.maxSize = maxSize;
        b.connectionTimeout = connectionTimeout;
        b.maxWaiting = maxWaiting;
        b.idleTimeout = idleTimeout;
        b.maxLifetime = maxLifetime;
        b.maxQueries = maxQueries;
        b.keepaliveTime = keepaliveTime;
        b.prePing = prePing;
        b.validationTimeout = validationTimeout;
        b.connectionTestQuery = connectionTestQuery;
        b.leakDetectionThreshold = leakDetectionThreshold;
        b.connectionInitSql = connectionInitSql;
        b.resetSql = resetSql;
        b.autoCommit = autoCommit;
        b.transactionIsolation = transactionIsolation;
        b.readOnly = readOnly;
        b.catalog = catalog;
        b.schema = schema;
        b.initializationFailTimeout = initializationFailTimeout;
        b.creationConcurrency = creationConcurrency;
        b.housekeepingPeriod = housekeepingPeriod;
        b.shutdownGracePeriod = shutdownGracePeriod;
        b.registerMbeans = registerMbeans;
        b.transactionPooler = transactionPooler;
        b.validateWritable = validateWritable;
        b.fatalErrorOverride = fatalErrorOverride;
        b.listeners.addAll(listeners);
        b.slowAcquireThreshold = slowAcquireThreshold;
        b.databaseCores = databaseCores;
        b.databaseSpindles = databaseSpindles;
        b.fleetSize = fleetSize;
        return b;
    }

    public String poolName() { return poolName; }
    public String jdbcUrl() { return jdbcUrl; }
    public String driverClassName() { return driverClassName; }
    public String username() { return username; }
    /** The fixed password; never logged or shown by the pool. */
    public String password() { return password; }
    public Map<String, String> dataSourceProperties() { return dataSourceProperties; }
    /**
     * The DataSource the pool takes connections from (handed in, made from {@link #dataSourceClassName()} or
     * looked up by {@link #dataSourceJndiName()}), or null with a URL.
     */
    public DataSource dataSource() { return dataSource; }
    /** The vendor DataSource class the pool instantiated and configured from the data-source properties, or null. */
    public String dataSourceClassName() { return dataSourceClassName; }
    /** The JNDI name the pool looked its DataSource up by, or null. */
    public String dataSourceJndiName() { return dataSourceJndiName; }
    public Supplier<Credentials> credentialsSupplier() { return credentialsSupplier; }
    public int minSize() { return minSize; }
    public int maxSize() { return maxSize; }
    public Duration connectionTimeout() { return connectionTimeout; }
    public int maxWaiting() { return maxWaiting; }
    public Duration idleTimeout() { return idleTimeout; }
    public Duration maxLifetime() { return maxLifetime; }
    public long maxQueries() { return maxQueries; }
    public Duration keepaliveTime() { return keepaliveTime; }
    public boolean prePing() { return prePing; }
    public Duration validationTimeout() { return validationTimeout; }
    public String connectionTestQuery() { return connectionTestQuery; }
    public Duration leakDetectionThreshold() { return leakDetectionThreshold; }
    public String connectionInitSql() { return connectionInitSql; }
    public String resetSql() { return resetSql; }
    public boolean autoCommit() { return autoCommit; }
    /** The isolation level as configured, or null for the driver's default. */
    public String transactionIsolation() { return transactionIsolation; }
    /** The JDBC constant of {@link #transactionIsolation()}, or -1 for the driver's default. */
    public int transactionIsolationLevel() { return transactionIsolationLevel; }
    public boolean readOnly() { return readOnly; }
    public String catalog() { return catalog; }
    public String schema() { return schema; }
    public Duration initializationFailTimeout() { return initializationFailTimeout; }
    public int creationConcurrency() { return creationConcurrency; }
    public Duration housekeepingPeriod() { return housekeepingPeriod; }
    public Duration shutdownGracePeriod() { return shutdownGracePeriod; }
    public boolean registerMbeans() { return registerMbeans; }
    /** Connections go through a transaction-mode pooler such as PgBouncer; see {@link Builder#transactionPooler}. */
    public boolean transactionPooler() { return transactionPooler; }
    /** New and idle connections are checked to accept writes; see {@link Builder#validateWritable}. */
    public boolean validateWritable() { return validateWritable; }
    /** Overrides which SQLExceptions end a connection's session, or null; see {@link FatalErrorOverride}. */
    public FatalErrorOverride fatalErrorOverride() { return fatalErrorOverride; }
    public List<PoolListener> listeners() { return listeners; }
    /** A borrower that waited at least this long is reported as a slow acquire (a JFR event). */
    public Duration slowAcquireThreshold() { return slowAcquireThreshold; }
    /** CPU cores of the database server, for the sizing advice's formula; 0 when not given. */
    public int databaseCores() { return databaseCores; }
    /** Effective spindles of the database server, for the sizing advice's formula. */
    public int databaseSpindles() { return databaseSpindles; }
    /** Instances of this application that share the database, for the fleet check. */
    public int fleetSize() { return fleetSize; }

    /**
     * The effective settings by property name, with the password, secrets in the URL and
     * secret-looking driver properties masked; safe to log or show.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool-name", poolName);
        if (dataSourceClassName != null) {
            m.put("data-source-class-name", dataSourceClassName);
        } else if (dataSourceJndiName != null) {
            m.put("data-source-jndi-name", dataSourceJndiName);
        } else if (dataSource != null) {
            m.put("data-source", dataSource.getClass().getName());
        }
        if (jdbcUrl != null) {
            m.put("jdbc-url", SafeText.maskUrl(jdbcUrl));
        }
        m.put("driver-class-name", driverClassName);
        m.put("username", username);
        m.put("password", SafeText.maskPassword(password));
        m.put("credentials-supplier", credentialsSupplier == null ? null : "set");
        Map<String, String> props = new LinkedHashMap<>();
        dataSourceProperties.forEach((k, v) -> props.put(k, SafeText.maskProperty(k, v)));
        m.put("data-source-properties", props);
        m.put("min-size", minSize);
        m.put("max-size", maxSize);
        m.put("connection-timeout", connectionTimeout);
        m.put("max-waiting", maxWaiting);
        m.put("idle-timeout", idleTimeout);
        m.put("max-lifetime", maxLifetime);
        m.put("max-queries", maxQueries);
        m.put("keepalive-time", keepaliveTime);
        m.put("pre-ping", prePing);
        m.put("validation-timeout", validationTimeout);
        m.put("connection-test-query", connectionTestQuery);
        m.put("leak-detection-threshold", leakDetectionThreshold);
        m.put("connection-init-sql", connectionInitSql);
        m.put("reset-sql", resetSql);
        m.put("auto-commit", autoCommit);
        m.put("transaction-isolation", transactionIsolation);
        m.put("read-only", readOnly);
        m.put("catalog", catalog);
        m.put("schema", schema);
        m.put("initialization-fail-timeout", initializationFailTimeout);
        m.put("creation-concurrency", creationConcurrency);
        m.put("housekeeping-period", housekeepingPeriod);
        m.put("shutdown-grace-period", shutdownGracePeriod);
        m.put("register-mbeans", registerMbeans);
        m.put("transaction-pooler", transactionPooler);
        m.put("validate-writable", validateWritable);
        m.put("fatal-error-override-class-name", fatalErrorOverride == null ? null : fatalErrorOverride.getClass().getName());
        m.put("slow-acquire-threshold", slowAcquireThreshold);
        m.put("database-cores", databaseCores);
        m.put("database-spindles", databaseSpindles);
        m.put("fleet-size", fleetSize);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return "EddyConfig" + describe();
    }

    /** Builds an {@link EddyConfig}; every setter returns this builder. */
    public static final class Builder {
        private String poolName;
        private String jdbcUrl;
        private String driverClassName;
        private String username;
        private String password;
        private final Map<String, String> dataSourceProperties = new LinkedHashMap<>();
        private DataSource dataSource;
        private String dataSourceClassName;
        private String dataSourceJndiName;
        private Supplier<Credentials> credentialsSupplier;
        private int minSize = 10;
        private int maxSize = 10;
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private int maxWaiting = -1;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private long maxQueries = 0;
        /** Null until set: then 2 min, or off if max-lifetime is not longer. */
        private Duration keepaliveTime;
        private boolean prePing = true;
        /** Null until set: then 5 s, or connection-timeout if that is shorter. */
        private Duration validationTimeout;
        private String connectionTestQuery;
        private Duration leakDetectionThreshold = Duration.ZERO;
        private String connectionInitSql;
        private String resetSql;
        private boolean autoCommit = true;
        private String transactionIsolation;
        private boolean readOnly = false;
        private String catalog;
        private String schema;
        private Duration initializationFailTimeout = Duration.ofSeconds(1);
        private int creationConcurrency = 4;
        private Duration housekeepingPeriod = Duration.ofSeconds(30);
        private Duration shutdownGracePeriod = Duration.ofSeconds(10);
        private boolean registerMbeans = false;
        private boolean transactionPooler = false;
        private boolean validateWritable = false;
        private FatalErrorOverride fatalErrorOverride;
        private String fatalErrorOverrideClassName;
        private final List<PoolListener> listeners = new ArrayList<>();
        private Duration slowAcquireThreshold = Duration.ofMillis(100);
        private int databaseCores = 0;
        private int databaseSpindles = 0;
        private int fleetSize = 1;

        private Builder() {
        }

        // Read back by EddyDataSource's JavaBean getters, before its pool starts.
        String poolNameSetting() { return poolName; }
        String jdbcUrlSetting() { return jdbcUrl; }
        String driverClassNameSetting() { return driverClassName; }
        String usernameSetting() { return username; }
        String passwordSetting() { return password; }
        Map<String, String> dataSourcePropertiesSetting() { return dataSourceProperties; }
        DataSource dataSourceSetting() { return dataSource; }
        Duration connectionTimeoutSetting() { return connectionTimeout; }

        /** Name used in logs, thread names, metrics and JMX; letters, digits, '.', '_' and '-'. */
        public Builder poolName(String poolName) { this.poolName = poolName; return this; }
        /** JDBC URL of the database; alternative to {@link #dataSource(DataSource)}. */
        public Builder jdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; return this; }
        /** JDBC driver class; optional when a driver on the classpath accepts the URL. */
        public Builder driverClassName(String driverClassName) { this.driverClassName = driverClassName; return this; }
        public Builder username(String username) { this.username = username; return this; }
        public Builder password(String password) { this.password = password; return this; }
        /**
         * Extra properties passed to the JDBC driver with the URL; with {@link #dataSourceClassName(String)},
         * the properties set on that DataSource (not used with a DataSource handed in).
         */
        public Builder dataSourceProperty(String key, String value) { this.dataSourceProperties.put(key, value); return this; }
        public Builder dataSourceProperties(Map<String, String> properties) { this.dataSourceProperties.putAll(properties); return this; }
        /** A vendor DataSource to take physical connections from, instead of a URL. */
        public Builder dataSource(DataSource dataSource) { this.dataSource = dataSource; return this; }
        /**
         * A vendor DataSource class to take physical connections from, instead of a URL (HikariCP's
         * {@code dataSourceClassName}): {@link #build()} instantiates it (public no-argument
         * constructor) and sets the {@link #dataSourceProperties(Map) data-source properties} on it
         * through its setters, e.g. {@code serverName}, {@code portNumber} and {@code databaseName}
         * for {@code org.postgresql.ds.PGSimpleDataSource}; {@code username} and {@code password}, if
         * set, are passed to its {@code getConnection(user, password)}.
         */
        public Builder dataSourceClassName(String className) { this.dataSourceClassName = className; return this; }
        /**
         * The JNDI name of a DataSource an application server binds, to take physical connections
         * from instead of a URL (HikariCP's {@code dataSourceJNDI}), e.g. {@code java:comp/env/jdbc/orders}:
         * {@link #build()} looks it up in the default {@code InitialContext}; {@code username} and
         * {@code password}, if set, are passed to its {@code getConnection(user, password)}.
         */
        public Builder dataSourceJndiName(String name) { this.dataSourceJndiName = name; return this; }
        /** Called for each new physical connection; replaces {@code username}/{@code password}. */
        public Builder credentialsSupplier(Supplier<Credentials> supplier) { this.credentialsSupplier = supplier; return this; }
        public Builder minSize(int minSize) { this.minSize = minSize; return this; }
        public Builder maxSize(int maxSize) { this.maxSize = maxSize; return this; }
        /**
         * Sets {@code max-size} from the rule of thumb {@code cores * 2 + spindles}
         * ({@link PoolSizing}); also lowers {@code min-size} to it if above.
         */
        public Builder maxSizeForDatabase(int databaseCores, int effectiveSpindles) {
            this.maxSize = PoolSizing.recommendedMaxSize(databaseCores, effectiveSpindles);
            this.minSize = Math.min(minSize, maxSize);
            return this;
        }
        public Builder connectionTimeout(Duration connectionTimeout) { this.connectionTimeout = connectionTimeout; return this; }
        /** Most threads allowed to wait for a connection; beyond it fail at once. -1 = no cap, 0 = never wait. */
        public Builder maxWaiting(int maxWaiting) { this.maxWaiting = maxWaiting; return this; }
        public Builder idleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; return this; }
        public Builder maxLifetime(Duration maxLifetime) { this.maxLifetime = maxLifetime; return this; }
        public Builder maxQueries(long maxQueries) { this.maxQueries = maxQueries; return this; }
        public Builder keepaliveTime(Duration keepaliveTime) { this.keepaliveTime = keepaliveTime; return this; }
        public Builder prePing(boolean prePing) { this.prePing = prePing; return this; }
        public Builder validationTimeout(Duration validationTimeout) { this.validationTimeout = validationTimeout; return this; }
        public Builder connectionTestQuery(String connectionTestQuery) { this.connectionTestQuery = connectionTestQuery; return this; }
        public Builder leakDetectionThreshold(Duration threshold) { this.leakDetectionThreshold = threshold; return this; }
        public Builder connectionInitSql(String connectionInitSql) { this.connectionInitSql = connectionInitSql; return this; }
        /**
         * SQL run on a returned connection that ran statements, to clear the session state a
         * borrower set in SQL ({@code SET search_path}, temporary tables), e.g. {@code DISCARD ALL}
         * on PostgreSQL or {@code RESET ALL}. Costs a round trip per such return; off by default.
         */
        public Builder resetSql(String resetSql) { this.resetSql = resetSql; return this; }
        public Builder autoCommit(boolean autoCommit) { this.autoCommit = autoCommit; return this; }
        /** NONE, READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ or SERIALIZABLE (a TRANSACTION_ prefix is allowed). */
        public Builder transactionIsolation(String transactionIsolation) { this.transactionIsolation = transactionIsolation; return this; }
        public Builder readOnly(boolean readOnly) { this.readOnly = readOnly; return this; }
        public Builder catalog(String catalog) { this.catalog = catalog; return this; }
        public Builder schema(String schema) { this.schema = schema; return this; }
        /**
         * Positive: keep trying to open the first connection this long, then fail start-up; 0: one
         * attempt; negative: start lazily. An attempt in progress is allowed its connection-timeout.
         */
        public Builder initializationFailTimeout(Duration timeout) { this.initializationFailTimeout = timeout; return this; }
        /** Most physical connections being opened at once. */
        public Builder creationConcurrency(int creationConcurrency) { this.creationConcurrency = creationConcurrency; return this; }
        public Builder housekeepingPeriod(Duration housekeepingPeriod) { this.housekeepingPeriod = housekeepingPeriod; return this; }
        public Builder shutdownGracePeriod(Duration shutdownGracePeriod) { this.shutdownGracePeriod = shutdownGracePeriod; return this; }
        public Builder registerMbeans(boolean registerMbeans) { this.registerMbeans = registerMbeans; return this; }
        /**
         * The pool connects through a transaction-mode pooler (PgBouncer {@code pool_mode =
         * transaction}, or a proxy that behaves like it), where each transaction may run on a
         * different server connection: with pgjdbc, server-side prepared statements are turned
         * off ({@code prepareThreshold=0}, unless set), since a statement prepared on one server
         * connection does not exist on the next; and the pool warns at start about every setting
         * that puts session state on a server connection (connection-init-sql, schema,
         * transaction-isolation, catalog, reset-sql) or keeps connections forever.
         */
        public Builder transactionPooler(boolean transactionPooler) { this.transactionPooler = transactionPooler; return this; }
        /**
         * Checks that the server accepts writes (PostgreSQL: not in recovery and the session not
         * read-only; MariaDB/MySQL: neither {@code read_only}, {@code innodb_read_only} nor the
         * session's transaction read-only), on every new connection and with every pre-ping and
         * keepalive test: after a failover, a connection to a node that became read-only is never
         * lent. One query per test; off by default. Not with {@code read-only=true}.
         */
        public Builder validateWritable(boolean validateWritable) { this.validateWritable = validateWritable; return this; }
        /**
         * Overrides which SQLExceptions mean a connection's session is lost (see
         * {@link FatalErrorOverride}); null (the default) for Eddy's own rules only.
         */
        public Builder fatalErrorOverride(FatalErrorOverride override) { this.fatalErrorOverride = override; return this; }
        /**
         * The same as {@link #fatalErrorOverride(FatalErrorOverride)}, by the name of a class
         * implementing {@link FatalErrorOverride} with a public no-argument constructor, instantiated
         * by {@link #build()}: for configuration by properties.
         */
        public Builder fatalErrorOverrideClassName(String className) { this.fatalErrorOverrideClassName = className; return this; }
        public Builder listener(PoolListener listener) { this.listeners.add(Objects.requireNonNull(listener, "listener")); return this; }
        /**
         * A borrower that waited at least this long for a connection is reported as a slow acquire
         * (the JFR event {@code io.github.eddypool.SlowAcquire}, recorded only while a recording that enables it runs). Default 100 ms.
         */
        public Builder slowAcquireThreshold(Duration threshold) { this.slowAcquireThreshold = threshold; return this; }
        /**
         * CPU cores of the database server: the sizing advice then shows the rule of thumb
         * {@code cores * 2 + spindles} (see {@link PoolSizing}). 0 (the default) when unknown.
         */
        public Builder databaseCores(int cores) { this.databaseCores = cores; return this; }
        /** Effective spindles of the database server for the same rule; 0 (the default) for SSDs or a cached working set. */
        public Builder databaseSpindles(int spindles) { this.databaseSpindles = spindles; return this; }
        /**
         * Instances of this application sharing the database (default 1): the pool warns at start-up
         * when {@code max-size * fleet-size} exceeds the connections the server allows.
         */
        public Builder fleetSize(int fleetSize) { this.fleetSize = fleetSize; return this; }

        /**
         * Validates every setting and builds the configuration.
         *
         * @throws EddyConfigException naming the first wrong setting and what to change
         */
        public EddyConfig build() {
            String name = poolName == null ? "eddy-" + (POOL_NUMBER.incrementAndGet()) : poolName;
            if (!POOL_NAME.matcher(name).matches()) {
                throw new EddyConfigException("pool-name", "'" + name + "' is not a valid pool name",
                        "Use 1 to 64 letters, digits, '.', '_' or '-'");
            }
            DataSource source = validateConnectionSource();
            validateSizes();
            validateTimeouts();
            validateSizingHints();
            if (maxQueries < 0) {
                throw new EddyConfigException("max-queries", "must be 0 (no limit) or more, was " + maxQueries,
                        "Set a positive number of statements per connection, or 0 to never retire on use");
            }
            if (connectionTestQuery != null && connectionTestQuery.isBlank()) {
                throw new EddyConfigException("connection-test-query", "is blank",
                        "Remove it to test with JDBC isValid(), or set a query such as SELECT 1");
            }
            if (connectionInitSql != null && connectionInitSql.isBlank()) {
                throw new EddyConfigException("connection-init-sql", "is blank", "Remove it or set the SQL to run on each new connection");
            }
            if (resetSql != null && resetSql.isBlank()) {
                throw new EddyConfigException("reset-sql", "is blank",
                        "Remove it, or set the SQL that clears session state on return, e.g. DISCARD ALL");
            }
            if (validateWritable && readOnly) {
                throw new EddyConfigException("validate-writable", "is set together with read-only=true",
                        "A read-only pool does not need a writable server: remove validate-writable, or set read-only=false");
            }
            int level = IsolationLevel.parse(transactionIsolation);
            return new EddyConfig(this, name, level, source, resolveFatalErrorOverride());
        }

        private FatalErrorOverride resolveFatalErrorOverride() {
            String property = "fatal-error-override-class-name";
            if (fatalErrorOverrideClassName == null || fatalErrorOverrideClassName.isBlank()) {
                return fatalErrorOverride;
            }
            String className = fatalErrorOverrideClassName.strip();
            if (fatalErrorOverride != null) {
                throw new EddyConfigException(property, "is set together with a fatal-error-override instance ("
                        + fatalErrorOverride.getClass().getName() + ")", "Set the override either by class name or as an object, not both");
            }
            Class<?> type = NamedClass.load(property, className,
                    "Add the jar holding it to the classpath, or fix the class name (a binary name, e.g. com.example.MyOverride$Inner for a nested class)");
            if (!FatalErrorOverride.class.isAssignableFrom(type)) {
                throw new EddyConfigException(property, "class " + className + " does not implement " + FatalErrorOverride.class.getName(),
                        "Implement io.github.eddypool.FatalErrorOverride (a HikariCP SQLExceptionOverride does not fit: port its"
                                + " adjudicate method to judge, returning FATAL for MUST_EVICT, NOT_FATAL for DO_NOT_EVICT and DEFAULT for CONTINUE_EVICT)");
            }
            return NamedClass.instantiate(property, type, FatalErrorOverride.class, password,
                    "Add one, or hand in an instance with fatalErrorOverride(...) (in Spring Boot, from an EddyConfigCustomizer bean)");
        }

        /** Checks where connections come from; returns the DataSource the pool uses, or null for the URL. */
        private DataSource validateConnectionSource() {
            validateCredentialsAndProperties();
            if (dataSourceJndiName != null && !dataSourceJndiName.isBlank()) {
                return jndiDataSource();
            }
            dataSourceJndiName = null;
            if (dataSourceClassName != null && !dataSourceClassName.isBlank()) {
                return vendorDataSource();
            }
            dataSourceClassName = null;
            if (dataSource != null && jdbcUrl != null) {
                throw new EddyConfigException("jdbc-url", "both a JDBC URL and a DataSource are set",
                        "Set either jdbc-url or data-source, not both");
            }
            if (dataSource == null) {
                if (jdbcUrl == null || jdbcUrl.isBlank()) {
                    throw new EddyConfigException("jdbc-url", "no JDBC URL is set",
                            "Set jdbc-url (spring.datasource.url in Spring Boot), e.g. jdbc:postgresql://localhost:5432/mydb, or hand in a DataSource");
                }
                if (!jdbcUrl.startsWith("jdbc:")) {
                    throw new EddyConfigException("jdbc-url", "'" + SafeText.maskUrl(jdbcUrl) + "' is not a JDBC URL",
                            "A JDBC URL starts with 'jdbc:', e.g. jdbc:postgresql://localhost:5432/mydb");
                }
                if (driverClassName != null) {
                    loadDriverClass(driverClassName);
                }
            } else if (driverClassName != null) {
                throw new EddyConfigException("driver-class-name", "is set together with a DataSource",
                        "Remove driver-class-name: the DataSource opens the connections");
            } else if (!dataSourceProperties.isEmpty()) {
                throw new EddyConfigException("data-source-properties", "are set together with a DataSource",
                        "Configure the DataSource object itself; driver properties only apply with jdbc-url or data-source-class-name");
            }
            return dataSource;
        }

        private DataSource jndiDataSource() {
            String name = dataSourceJndiName.strip();
            String property = "data-source-jndi-name";
            String action = "The DataSource bound in JNDI opens the connections: remove ";
            if (dataSource != null) {
                throw new EddyConfigException(property, "is set together with a DataSource object", "Either hand in the DataSource or name it in JNDI, not both");
            }
            if (dataSourceClassName != null && !dataSourceClassName.isBlank()) {
                throw new EddyConfigException(property, "is set together with data-source-class-name", action + "data-source-class-name");
            }
            if (jdbcUrl != null) {
                throw new EddyConfigException(property, "is set together with jdbc-url", action + "jdbc-url");
            }
            if (driverClassName != null) {
                throw new EddyConfigException(property, "is set together with driver-class-name", action + "driver-class-name");
            }
            if (!dataSourceProperties.isEmpty()) {
                throw new EddyConfigException(property, "is set together with data-source-properties",
                        action + "data-source-properties, and configure the DataSource where the server defines it");
            }
            dataSourceClassName = null;
            dataSourceJndiName = name;
            return JndiDataSource.lookup(name);
        }

        private DataSource vendorDataSource() {
            String className = dataSourceClassName.strip();
            String property = "data-source-class-name";
            if (dataSource != null) {
                throw new EddyConfigException(property, "is set together with a DataSource object",
                        "Either hand in the DataSource or name its class, not both");
            }
            if (jdbcUrl != null) {
                throw new EddyConfigException(property, "is set together with jdbc-url",
                        "The DataSource class opens the connections: remove jdbc-url, and give the DataSource its server in"
                                + " data-source-properties (e.g. serverName, portNumber, databaseName; or url if the class takes one)");
            }
            if (driverClassName != null) {
                throw new EddyConfigException(property, "is set together with driver-class-name",
                        "Remove driver-class-name: the DataSource class opens the connections");
            }
            dataSourceClassName = className;
            return VendorDataSource.create(NamedClass.load(property, className,
                    "Add the vendor's jar to the classpath, or fix the class name (e.g. org.postgresql.ds.PGSimpleDataSource)"),
                    dataSourceProperties);
        }

        private void validateCredentialsAndProperties() {
            if (credentialsSupplier != null && (username != null || password != null)) {
                throw new EddyConfigException("credentials-supplier", "is set together with a fixed username or password",
                        "Use either the credentials supplier or username/password");
            }
            for (Map.Entry<String, String> e : dataSourceProperties.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                    throw new EddyConfigException("data-source-properties", "has an entry with a blank name or no value",
                            "Give every driver property a name and a value");
                }
            }
        }

        private void validateSizes() {
            if (maxSize < 1) {
                throw new EddyConfigException("max-size", "must be at least 1, was " + maxSize,
                        "Set max-size to the most connections the pool may open (the default is 10)");
            }
            if (minSize < 0) {
                throw new EddyConfigException("min-size", "must be 0 or more, was " + minSize,
                        "Set min-size to the connections to keep open at all times, or 0");
            }
            if (minSize > maxSize) {
                throw new EddyConfigException("min-size", "(" + minSize + ") is greater than max-size (" + maxSize + ")",
                        "Lower min-size or raise max-size");
            }
            if (maxWaiting < -1) {
                throw new EddyConfigException("max-waiting", "must be -1 (no cap), 0 (never wait) or more, was " + maxWaiting,
                        "Set the most threads allowed to wait, or -1 for no cap");
            }
            if (creationConcurrency < 1) {
                throw new EddyConfigException("creation-concurrency", "must be at least 1, was " + creationConcurrency,
                        "Set how many connections may be opened at once (the default is 4)");
            }
        }

        private void validateTimeouts() {
            atLeast("connection-timeout", connectionTimeout, CONNECTION_TIMEOUT_FLOOR, false);
            if (validationTimeout == null) {
                validationTimeout = connectionTimeout.compareTo(DEFAULT_VALIDATION_TIMEOUT) < 0
                        ? connectionTimeout : DEFAULT_VALIDATION_TIMEOUT;
            }
            atLeast("validation-timeout", validationTimeout, VALIDATION_TIMEOUT_FLOOR, false);
            if (validationTimeout.compareTo(connectionTimeout) > 0) {
                throw new EddyConfigException("validation-timeout", "(" + validationTimeout + ") is longer than connection-timeout ("
                        + connectionTimeout + ")", "A borrower would time out before a test ends: lower validation-timeout");
            }
            atLeast("idle-timeout", idleTimeout, LIFETIME_FLOOR, true);
            atLeast("max-lifetime", maxLifetime, LIFETIME_FLOOR, true);
            if (keepaliveTime == null) {
                keepaliveTime = !maxLifetime.isZero() && maxLifetime.compareTo(DEFAULT_KEEPALIVE) <= 0
                        ? Duration.ZERO : DEFAULT_KEEPALIVE;
            }
            atLeast("keepalive-time", keepaliveTime, LIFETIME_FLOOR, true);
            atLeast("leak-detection-threshold", leakDetectionThreshold, LEAK_THRESHOLD_FLOOR, true);
            atLeast("housekeeping-period", housekeepingPeriod, HOUSEKEEPING_FLOOR, false);
            notNull("initialization-fail-timeout", initializationFailTimeout);
            notNull("shutdown-grace-period", shutdownGracePeriod);
            if (shutdownGracePeriod.isNegative()) {
                throw new EddyConfigException("shutdown-grace-period", "must not be negative, was " + shutdownGracePeriod,
                        "Set how long close() waits for borrowed connections, or 0 to abort them at once");
            }
            if (!maxLifetime.isZero() && !keepaliveTime.isZero() && keepaliveTime.compareTo(maxLifetime) >= 0) {
                throw new EddyConfigException("keepalive-time", "(" + keepaliveTime + ") is not shorter than max-lifetime ("
                        + maxLifetime + ")", "Lower keepalive-time, or set it to 0 to disable keepalive tests");
            }
        }

        private void validateSizingHints() {
            notNull("slow-acquire-threshold", slowAcquireThreshold);
            if (slowAcquireThreshold.isNegative()) {
                throw new EddyConfigException("slow-acquire-threshold", "must not be negative, was " + slowAcquireThreshold,
                        "Set how long a wait counts as a slow acquire, e.g. 100ms, or 0 to report every wait");
            }
            if (databaseCores < 0) {
                throw new EddyConfigException("database-cores", "must be 0 (unknown) or more, was " + databaseCores,
                        "Set the database server's CPU cores, or 0 if unknown");
            }
            if (databaseSpindles < 0) {
                throw new EddyConfigException("database-spindles", "must be 0 or more, was " + databaseSpindles,
                        "Set the disks the working set does not fit in memory for, or 0 for SSDs");
            }
            if (fleetSize < 1) {
                throw new EddyConfigException("fleet-size", "must be at least 1, was " + fleetSize,
                        "Set how many instances of this application share the database (1 for one)");
            }
        }

        private static void notNull(String property, Duration value) {
            if (value == null) {
                throw new EddyConfigException(property, "is not set", "Set a duration such as 30s");
            }
        }

        private static void atLeast(String property, Duration value, Duration floor, boolean zeroDisables) {
            notNull(property, value);
            if (zeroDisables && value.isZero()) {
                return;
            }
            if (value.compareTo(floor) < 0) {
                String disable = zeroDisables ? ", or 0 to disable it" : "";
                throw new EddyConfigException(property, "must be at least " + floor.toMillis() + "ms, was " + value.toMillis() + "ms",
                        "Raise it to " + floor.toMillis() + "ms or more" + disable);
            }
        }

        private static void loadDriverClass(String className) {
            Class<?> type = NamedClass.load("driver-class-name", className,
                    "Add the JDBC driver's jar to the classpath, fix the class name, or remove driver-class-name to let the URL pick the driver");
            if (!Driver.class.isAssignableFrom(type)) {
                throw new EddyConfigException("driver-class-name", "class " + className + " is not a java.sql.Driver",
                        "Set the driver class (e.g. org.postgresql.Driver), not a DataSource or another class");
            }
        }
    }
}
