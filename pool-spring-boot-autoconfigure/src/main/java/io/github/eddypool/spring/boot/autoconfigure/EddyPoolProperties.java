package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.SafeText;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the Eddy pool that Spring Boot creates, under {@code eddy.pool}. The defaults are
 * those of {@code EddyConfig.Builder}. The connection settings ({@code jdbc-url},
 * {@code username}, {@code password}, {@code driver-class-name}) fall back to Spring Boot's
 * {@code spring.datasource.*}, and from there to an embedded database when one is on the
 * classpath.
 */
@ConfigurationProperties(prefix = "eddy.pool")
public class EddyPoolProperties {

    /** Whether to create the application's DataSource as an Eddy pool. */
    private boolean enabled = true;

    /**
     * Name of the pool, used in logs, thread names, the "pool" tag of the metrics, the actuator
     * endpoint and JMX. Letters, digits, '.', '_' and '-'. Defaults to spring.datasource.name, else
     * generated ("eddy-1", ...).
     */
    private String poolName;

    /** JDBC URL of the database. Defaults to spring.datasource.url. */
    private String jdbcUrl;

    /**
     * Fully qualified name of the JDBC driver class. Defaults to spring.datasource.driver-class-name;
     * usually not needed, as the driver is found from the URL.
     */
    private String driverClassName;

    /** Login user name of the database. Defaults to spring.datasource.username. */
    private String username;

    /** Login password of the database. Defaults to spring.datasource.password. Never shown or logged. */
    private String password;

    /**
     * Name of a Supplier&lt;io.github.eddypool.Credentials&gt; bean asked for the user name and password
     * of every new connection, for rotated passwords and short-lived tokens (e.g. AWS RDS IAM).
     * Replaces username and password.
     */
    private String credentialsSupplier;

    /**
     * Fully qualified name of a vendor DataSource class to take connections from instead of a URL
     * (HikariCP's data-source-class-name), e.g. org.postgresql.ds.PGSimpleDataSource. The pool
     * instantiates it and sets data-source-properties on it through its setters (serverName,
     * portNumber, databaseName, ...); username and password, when set, go to its
     * getConnection(user, password). spring.datasource.url and driver-class-name are then not used.
     */
    private String dataSourceClassName;

    /**
     * JNDI name of a DataSource the application server binds (HikariCP's data-source-j-n-d-i), e.g.
     * java:comp/env/jdbc/orders: the pool looks it up in the default InitialContext and takes its
     * connections from it; username and password, when set, go to its getConnection(user, password).
     * spring.datasource.url and driver-class-name are then not used. (Boot's own
     * spring.datasource.jndi-name uses the server's DataSource with no pool of Eddy's in front.)
     */
    private String dataSourceJndiName;

    /**
     * Extra properties handed to the JDBC driver with the URL, e.g. ssl=true; with
     * data-source-class-name, the properties set on that DataSource.
     */
    private Map<String, String> dataSourceProperties = new LinkedHashMap<>();

    /** Connections to keep open at all times, idle or not. */
    private int minSize = 10;

    /** Most connections the pool may open. */
    private int maxSize = 10;

    /** Longest a caller of getConnection() waits for a connection before it fails. At least 250ms. */
    private Duration connectionTimeout = Duration.ofSeconds(30);

    /** Most threads allowed to wait for a connection at once; more fail at once. -1 for no cap, 0 never to wait. */
    private int maxWaiting = -1;

    /** How long a connection above min-size may stay idle before it is closed. 0 keeps idle connections open. */
    private Duration idleTimeout = Duration.ofMinutes(10);

    /** Longest a connection lives before it is retired (with a little jitter). 0 for no limit. */
    private Duration maxLifetime = Duration.ofMinutes(30);

    /** Statements a connection may run before it is retired. 0 for no limit. */
    private long maxQueries = 0;

    /**
     * How often an idle connection is tested, to keep it and the network path alive. 0 disables.
     * When not set: 2m, or off when max-lifetime is 2m or shorter.
     */
    private Duration keepaliveTime;

    /** Whether to test a connection that sat idle before lending it. */
    private boolean prePing = true;

    /**
     * Longest a connection test (pre-ping, keepalive, health check) may take. At least 250ms and no
     * longer than connection-timeout. When not set: 5s, or connection-timeout if that is shorter.
     */
    private Duration validationTimeout;

    /** SQL to test connections with, e.g. SELECT 1. When not set, JDBC's Connection.isValid() is used. */
    private String connectionTestQuery;

    /**
     * How long a connection may be held before it is reported as a possible leak, with the
     * borrower's stack. 0 disables leak detection; otherwise at least 500ms.
     */
    private Duration leakDetectionThreshold = Duration.ofMillis(0);

    /** SQL run once on every new connection, before it is first lent. */
    private String connectionInitSql;

    /**
     * SQL run on a returned connection that ran statements, to clear session state a borrower set
     * in SQL (SET search_path, temporary tables), e.g. DISCARD ALL on PostgreSQL or RESET ALL.
     * Costs a round trip per such return. Off when not set.
     */
    private String resetSql;

    /** Auto-commit state of the connections lent. */
    private boolean autoCommit = true;

    /**
     * Transaction isolation of the connections lent: NONE, READ_UNCOMMITTED, READ_COMMITTED,
     * REPEATABLE_READ or SERIALIZABLE. The driver's default when not set.
     */
    private String transactionIsolation;

    /** Whether the connections lent are read-only. */
    private boolean readOnly = false;

    /** Catalog set on every new connection. The driver's default when not set. */
    private String catalog;

    /** Schema set on every new connection. The driver's default when not set. */
    private String schema;

    /**
     * How long start-up keeps trying to open the first connection before it fails. 0 tries once;
     * a negative value starts the pool without a connection (the database may come later). An
     * attempt in progress is allowed its connection-timeout, so a slow first handshake does not
     * fail the start.
     */
    private Duration initializationFailTimeout = Duration.ofSeconds(1);

    /** Most physical connections being opened at once. */
    private int creationConcurrency = 4;

    /** How often the pool's housekeeper retires old and idle connections and refills to min-size. At least 100ms. */
    private Duration housekeepingPeriod = Duration.ofSeconds(30);

    /**
     * How long closing the pool (e.g. on application shutdown) waits for borrowed connections to
     * come back before it aborts them.
     */
    private Duration shutdownGracePeriod = Duration.ofSeconds(10);

    /**
     * Whether to register the pool's MXBean as io.github.eddypool:type=Pool,name=&lt;pool-name&gt;.
     * Also switched on by spring.jmx.enabled=true.
     */
    private boolean registerMbeans = false;

    /**
     * Whether the pool connects through a transaction-mode pooler (PgBouncer pool_mode =
     * transaction, or a proxy that behaves like it), where each transaction may run on another
     * server connection. With pgjdbc this sets prepareThreshold=0 (unless set), so that no
     * prepared statement is expected on a server connection it was not made on; and start-up
     * warns about every setting that puts session state on a server connection
     * (connection-init-sql, schema, catalog, transaction-isolation, reset-sql) or keeps
     * connections forever (max-lifetime 0).
     */
    private boolean transactionPooler = false;

    /**
     * Whether to check that the server accepts writes, on every new connection and in every
     * pre-ping and keepalive test (PostgreSQL: pg_is_in_recovery() and the session's
     * transaction_read_only; MariaDB/MySQL: read_only, innodb_read_only and the session's
     * transaction read-only), so that after a failover no connection to a node that became
     * read-only is lent. Costs one query per test. Not with read-only=true.
     */
    private boolean validateWritable = false;

    /**
     * Class implementing io.github.eddypool.FatalErrorOverride (public, with a public no-argument
     * constructor), asked first whether an SQLException means a connection's session is lost:
     * FATAL closes the connection when it is returned, NOT_FATAL keeps it, DEFAULT leaves it to
     * Eddy's rules (SQLState class 08 and the vendors' lost-connection codes). For a driver that
     * reports ordinary errors as class 08, or a lost session in a way Eddy does not know. HikariCP's
     * exception-override-class-name. A FatalErrorOverride bean in the context is used without it
     * (not both).
     */
    private String fatalErrorOverrideClassName;

    /**
     * A borrower that waited at least this long for a connection is recorded as a slow acquire,
     * in the JFR event io.github.eddypool.SlowAcquire (only while a flight recording that enables it runs).
     */
    private Duration slowAcquireThreshold = Duration.ofMillis(100);

    /**
     * CPU cores of the database server. When set, the sizing advice (/actuator/eddypool/{pool}/sizing)
     * shows the rule of thumb cores * 2 + spindles, divided by fleet-size. 0 when unknown.
     */
    private int databaseCores = 0;

    /**
     * Effective spindles of the database server for the same rule: disks the working set does
     * not fit in memory for; 0 for SSDs or a cached working set.
     */
    private int databaseSpindles = 0;

    /**
     * Instances of this application that share the database. The pool reads the server's
     * connection limit once and warns at start-up when max-size * fleet-size exceeds it.
     */
    private int fleetSize = 1;

    /** Micrometer meters of the Eddy pools (every pool of the application). */
    private final Metrics metrics = new Metrics();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getPoolName() { return poolName; }
    public void setPoolName(String poolName) { this.poolName = poolName; }
    public String getJdbcUrl() { return jdbcUrl; }
    public void setJdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; }
    public String getDriverClassName() { return driverClassName; }
    public void setDriverClassName(String driverClassName) { this.driverClassName = driverClassName; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getCredentialsSupplier() { return credentialsSupplier; }
    public void setCredentialsSupplier(String credentialsSupplier) { this.credentialsSupplier = credentialsSupplier; }
    public String getDataSourceClassName() { return dataSourceClassName; }
    public void setDataSourceClassName(String dataSourceClassName) { this.dataSourceClassName = dataSourceClassName; }
    public String getDataSourceJndiName() { return dataSourceJndiName; }
    public void setDataSourceJndiName(String dataSourceJndiName) { this.dataSourceJndiName = dataSourceJndiName; }
    public Map<String, String> getDataSourceProperties() { return dataSourceProperties; }
    public void setDataSourceProperties(Map<String, String> dataSourceProperties) { this.dataSourceProperties = dataSourceProperties; }
    public int getMinSize() { return minSize; }
    public void setMinSize(int minSize) { this.minSize = minSize; }
    public int getMaxSize() { return maxSize; }
    public void setMaxSize(int maxSize) { this.maxSize = maxSize; }
    public Duration getConnectionTimeout() { return connectionTimeout; }
    public void setConnectionTimeout(Duration connectionTimeout) { this.connectionTimeout = connectionTimeout; }
    public int getMaxWaiting() { return maxWaiting; }
    public void setMaxWaiting(int maxWaiting) { this.maxWaiting = maxWaiting; }
    public Duration getIdleTimeout() { return idleTimeout; }
    public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
    public Duration getMaxLifetime() { return maxLifetime; }
    public void setMaxLifetime(Duration maxLifetime) { this.maxLifetime = maxLifetime; }
    public long getMaxQueries() { return maxQueries; }
    public void setMaxQueries(long maxQueries) { this.maxQueries = maxQueries; }
    public Duration getKeepaliveTime() { return keepaliveTime; }
    public void setKeepaliveTime(Duration keepaliveTime) { this.keepaliveTime = keepaliveTime; }
    public boolean isPrePing() { return prePing; }
    public void setPrePing(boolean prePing) { this.prePing = prePing; }
    public Duration getValidationTimeout() { return validationTimeout; }
    public void setValidationTimeout(Duration validationTimeout) { this.validationTimeout = validationTimeout; }
    public String getConnectionTestQuery() { return connectionTestQuery; }
    public void setConnectionTestQuery(String connectionTestQuery) { this.connectionTestQuery = connectionTestQuery; }
    public Duration getLeakDetectionThreshold() { return leakDetectionThreshold; }
    public void setLeakDetectionThreshold(Duration leakDetectionThreshold) { this.leakDetectionThreshold = leakDetectionThreshold; }
    public String getConnectionInitSql() { return connectionInitSql; }
    public void setConnectionInitSql(String connectionInitSql) { this.connectionInitSql = connectionInitSql; }
    public String getResetSql() { return resetSql; }
    public void setResetSql(String resetSql) { this.resetSql = resetSql; }
    public boolean isAutoCommit() { return autoCommit; }
    public void setAutoCommit(boolean autoCommit) { this.autoCommit = autoCommit; }
    public String getTransactionIsolation() { return transactionIsolation; }
    public void setTransactionIsolation(String transactionIsolation) { this.transactionIsolation = transactionIsolation; }
    public boolean isReadOnly() { return readOnly; }
    public void setReadOnly(boolean readOnly) { this.readOnly = readOnly; }
    public String getCatalog() { return catalog; }
    public void setCatalog(String catalog) { this.catalog = catalog; }
    public String getSchema() { return schema; }
    public void setSchema(String schema) { this.schema = schema; }
    public Duration getInitializationFailTimeout() { return initializationFailTimeout; }
    public void setInitializationFailTimeout(Duration initializationFailTimeout) { this.initializationFailTimeout = initializationFailTimeout; }
    public int getCreationConcurrency() { return creationConcurrency; }
    public void setCreationConcurrency(int creationConcurrency) { this.creationConcurrency = creationConcurrency; }
    public Duration getHousekeepingPeriod() { return housekeepingPeriod; }
    public void setHousekeepingPeriod(Duration housekeepingPeriod) { this.housekeepingPeriod = housekeepingPeriod; }
    public Duration getShutdownGracePeriod() { return shutdownGracePeriod; }
    public void setShutdownGracePeriod(Duration shutdownGracePeriod) { this.shutdownGracePeriod = shutdownGracePeriod; }
    public boolean isRegisterMbeans() { return registerMbeans; }
    public void setRegisterMbeans(boolean registerMbeans) { this.registerMbeans = registerMbeans; }
    public boolean isTransactionPooler() { return transactionPooler; }
    public void setTransactionPooler(boolean transactionPooler) { this.transactionPooler = transactionPooler; }
    public boolean isValidateWritable() { return validateWritable; }
    public void setValidateWritable(boolean validateWritable) { this.validateWritable = validateWritable; }
    public String getFatalErrorOverrideClassName() { return fatalErrorOverrideClassName; }
    public void setFatalErrorOverrideClassName(String fatalErrorOverrideClassName) { this.fatalErrorOverrideClassName = fatalErrorOverrideClassName; }
    public Duration getSlowAcquireThreshold() { return slowAcquireThreshold; }
    public void setSlowAcquireThreshold(Duration slowAcquireThreshold) { this.slowAcquireThreshold = slowAcquireThreshold; }
    public int getDatabaseCores() { return databaseCores; }
    public void setDatabaseCores(int databaseCores) { this.databaseCores = databaseCores; }
    public int getDatabaseSpindles() { return databaseSpindles; }
    public void setDatabaseSpindles(int databaseSpindles) { this.databaseSpindles = databaseSpindles; }
    public int getFleetSize() { return fleetSize; }
    public void setFleetSize(int fleetSize) { this.fleetSize = fleetSize; }
    public Metrics getMetrics() { return metrics; }

    /** Settings of the pools' Micrometer meters. */
    public static class Metrics {

        /**
         * Whether to publish the pools' meters also under the OpenTelemetry semantic-convention
         * names (db.client.connection.count, .wait_time, .use_time, .create_time, .pending_requests,
         * .timeouts, .max, .idle.min, .idle.max, tagged db.client.connection.pool.name), next to the
         * eddy.connections.* meters.
         */
        private boolean opentelemetryNames = false;

        public boolean isOpentelemetryNames() { return opentelemetryNames; }
        public void setOpentelemetryNames(boolean opentelemetryNames) { this.opentelemetryNames = opentelemetryNames; }
    }

    /** Leaves out the password and the URL (which may carry one), for logs and debuggers' views. */
    @Override
    public String toString() {
        return "EddyPoolProperties[pool-name=" + poolName + ", username=" + username
                + ", password=" + SafeText.maskPassword(password) + ", min-size=" + minSize + ", max-size=" + maxSize + "]";
    }
}
