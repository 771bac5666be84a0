package io.github.eddypool;

import io.github.eddypool.internal.jmx.PoolMBeanRegistration;
import io.github.eddypool.internal.pool.Pool;

import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The Eddy connection pool, as a {@link DataSource}.
 *
 * <pre>{@code
 * EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
 *         .jdbcUrl("jdbc:postgresql://localhost:5432/app")
 *         .username("app").password(secret)
 *         .maxSize(20)
 *         .build());
 * try (Connection c = pool.getConnection()) { ... }   // close() returns it to the pool
 * pool.close();
 * }</pre>
 *
 * <p>{@link #EddyDataSource(EddyConfig)} starts the pool: it opens the first connection (failing
 * with an {@link EddyStartupException} if it cannot within {@code initialization-fail-timeout},
 * unless that is negative) and opens the rest of {@code min-size} in the background, in parallel.
 *
 * <p>The no-argument constructor makes a JavaBean for frameworks that build a {@code DataSource}
 * by reflection (Spring Boot's {@code DataSourceBuilder}, {@code @ConfigurationProperties}
 * binding): set the properties, then the pool starts with them on {@link #start()} or on the first
 * call that needs it ({@link #getConnection()}, {@link #stats()}, ...). The same rules as
 * {@link EddyConfig.Builder#build()} apply then; once started, the settings are fixed and a
 * setter throws {@link IllegalStateException}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public class EddyDataSource implements DataSource, EddyPool, Closeable {

    /**
     * Guards {@link #settings} and the start. A lock rather than {@code synchronized}: starting
     * opens a connection, and a virtual thread blocked in a monitor pins its carrier (before JDK 24).
     */
    private final ReentrantLock lock = new ReentrantLock();
    /** The settings of a pool that has not started yet; null once it has. Guarded by {@link #lock}. */
    private EddyConfig.Builder settings;
    /** Set once, when the pool starts; read without a lock on every borrow. */
    private volatile Pool pool;
    /** The pool's MXBean when register-mbeans is on (and JMX accepted it); set with {@link #pool}. */
    private volatile PoolMBeanRegistration mbean;
    private volatile boolean closedBeforeStart;

    /**
     * Starts a pool.
     *
     * @throws EddyStartupException when no connection can be opened in time
     */
    public EddyDataSource(EddyConfig config) {
        this.pool = new Pool(config, System.nanoTime());
        registerMbean();
    }

    /**
     * A pool to configure through its setters; it starts on {@link #start()} or on first use.
     */
    public EddyDataSource() {
        this.settings = EddyConfig.builder();
    }

    /**
     * Starts the pool with the settings given so far, if it has not started yet: validates them and
     * opens the first connection as {@link #EddyDataSource(EddyConfig)} does.
     *
     * @throws EddyConfigException for a wrong or missing setting
     * @throws EddyStartupException when no connection can be opened in time
     * @throws IllegalStateException when the pool was closed before it started
     */
    public void start() {
        pool();
    }

    private Pool pool() {
        Pool p = pool;
        return p != null ? p : startPool();
    }

    private Pool startPool() {
        lock.lock();
        try {
            if (pool == null) {
                if (closedBeforeStart) {
                    throw new IllegalStateException("Eddy pool " + describeName() + " was closed before it started");
                }
                long startedAt = System.nanoTime();
                pool = new Pool(settings.build(), startedAt);
                settings = null;
                registerMbean();
            }
            return pool;
        } finally {
            lock.unlock();
        }
    }

    private void registerMbean() {
        if (pool.config().registerMbeans()) {
            mbean = PoolMBeanRegistration.register(this);
        }
    }

    /**
     * Changes settings with the {@link EddyConfig.Builder} API before the pool starts, e.g. to add
     * a credentials supplier to a pool a framework created.
     *
     * @throws IllegalStateException when the pool has started or was closed
     */
    public void configure(Consumer<EddyConfig.Builder> change) {
        configure("settings", change);
    }

    /** Changes a setting, while the pool has not started. */
    private void configure(String property, Consumer<EddyConfig.Builder> change) {
        lock.lock();
        try {
            if (settings == null || closedBeforeStart) {
                throw new IllegalStateException("Cannot set " + property + " on Eddy pool " + describeName()
                        + ": it has " + (closedBeforeStart ? "been closed" : "started") + " and its settings are fixed. "
                        + "Set it before the pool's first use or start(); to change its size at run time, use resize(min, max)");
            }
            change.accept(settings);
        } finally {
            lock.unlock();
        }
    }

    private <T> T setting(Function<EddyConfig.Builder, T> unstarted, Function<EddyConfig, T> started) {
        Pool p = pool;
        if (p != null) {
            return started.apply(p.config());
        }
        lock.lock();
        try {
            return settings != null ? unstarted.apply(settings) : started.apply(pool.config());
        } finally {
            lock.unlock();
        }
    }

    private String describeName() {
        Pool p = pool;
        if (p != null) {
            return p.config().poolName();
        }
        String name = settings == null ? null : settings.poolNameSetting();
        return name != null ? name : "(unnamed)";
    }

    // JavaBean properties: settings of a pool that has not started yet (see the class comment).
    // Each is the EddyConfig.Builder method of the same name; the getters of the connection
    // settings let Spring Boot's DataSourceBuilder.derivedFrom() copy them to a new DataSource.
    /** Name used in logs, thread names, metrics and JMX (pool-name). */
    public void setPoolName(String poolName) {
        configure("pool-name", b -> b.poolName(poolName));
    }

    /** JDBC URL of the database (jdbc-url). */
    public void setJdbcUrl(String jdbcUrl) {
        configure("jdbc-url", b -> b.jdbcUrl(jdbcUrl));
    }

    /** Same as {@link #setJdbcUrl}, under the name {@code DataSourceBuilder} and most drivers use. */
    public void setUrl(String jdbcUrl) {
        configure("jdbc-url", b -> b.jdbcUrl(jdbcUrl));
    }

    /** JDBC driver class; optional when a driver on the classpath accepts the URL. */
    public void setDriverClassName(String driverClassName) {
        configure("driver-class-name", b -> b.driverClassName(driverClassName));
    }

    public void setUsername(String username) {
        configure("username", b -> b.username(username));
    }

    /** Never shown by {@link #toString()}, logs or JMX. */
    public void setPassword(String password) {
        configure("password", b -> b.password(password));
    }

    /** A vendor DataSource to take physical connections from, instead of a URL. */
    public void setDataSource(DataSource dataSource) {
        configure("data-source", b -> b.dataSource(dataSource));
    }

    /** See {@link EddyConfig.Builder#dataSourceClassName(String)}; HikariCP's dataSourceClassName. */
    public void setDataSourceClassName(String dataSourceClassName) {
        configure("data-source-class-name", b -> b.dataSourceClassName(dataSourceClassName));
    }

    /** See {@link EddyConfig.Builder#dataSourceJndiName(String)}; HikariCP's dataSourceJNDI. */
    public void setDataSourceJndiName(String dataSourceJndiName) {
        configure("data-source-jndi-name", b -> b.dataSourceJndiName(dataSourceJndiName));
    }

    /** Called for each new physical connection; replaces username/password. */
    public void setCredentialsSupplier(Supplier<Credentials> credentialsSupplier) {
        configure("credentials-supplier", b -> b.credentialsSupplier(credentialsSupplier));
    }

    public void setMinSize(int minSize) {
        configure("min-size", b -> b.minSize(minSize));
    }

    public void setMaxSize(int maxSize) {
        configure("max-size", b -> b.maxSize(maxSize));
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        configure("connection-timeout", b -> b.connectionTimeout(connectionTimeout));
    }

    public void setMaxWaiting(int maxWaiting) {
        configure("max-waiting", b -> b.maxWaiting(maxWaiting));
    }

    public void setIdleTimeout(Duration idleTimeout) {
        configure("idle-timeout", b -> b.idleTimeout(idleTimeout));
    }

    public void setMaxLifetime(Duration maxLifetime) {
        configure("max-lifetime", b -> b.maxLifetime(maxLifetime));
    }

    public void setMaxQueries(long maxQueries) {
        configure("max-queries", b -> b.maxQueries(maxQueries));
    }

    public void setKeepaliveTime(Duration keepaliveTime) {
        configure("keepalive-time", b -> b.keepaliveTime(keepaliveTime));
    }

    public void setPrePing(boolean prePing) {
        configure("pre-ping", b -> b.prePing(prePing));
    }

    public void setValidationTimeout(Duration validationTimeout) {
        configure("validation-timeout", b -> b.validationTimeout(validationTimeout));
    }

    public void setConnectionTestQuery(String connectionTestQuery) {
        configure("connection-test-query", b -> b.connectionTestQuery(connectionTestQuery));
    }

    public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
        configure("leak-detection-threshold", b -> b.leakDetectionThreshold(leakDetectionThreshold));
    }

    public void setConnectionInitSql(String connectionInitSql) {
        configure("connection-init-sql", b -> b.connectionInitSql(connectionInitSql));
    }

    public void setResetSql(String resetSql) {
        configure("reset-sql", b -> b.resetSql(resetSql));
    }

    public void setAutoCommit(boolean autoCommit) {
        configure("auto-commit", b -> b.autoCommit(autoCommit));
    }

    public void setTransactionIsolation(String transactionIsolation) {
        configure("transaction-isolation", b -> b.transactionIsolation(transactionIsolation));
    }

    public void setReadOnly(boolean readOnly) {
        configure("read-only", b -> b.readOnly(readOnly));
    }

    public void setCatalog(String catalog) {
        configure("catalog", b -> b.catalog(catalog));
    }

    public void setSchema(String schema) {
        configure("schema", b -> b.schema(schema));
    }

    public void setInitializationFailTimeout(Duration initializationFailTimeout) {
        configure("initialization-fail-timeout", b -> b.initializationFailTimeout(initializationFailTimeout));
    }

    public void setCreationConcurrency(int creationConcurrency) {
        configure("creation-concurrency", b -> b.creationConcurrency(creationConcurrency));
    }

    public void setHousekeepingPeriod(Duration housekeepingPeriod) {
        configure("housekeeping-period", b -> b.housekeepingPeriod(housekeepingPeriod));
    }

    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        configure("shutdown-grace-period", b -> b.shutdownGracePeriod(shutdownGracePeriod));
    }

    public void setRegisterMbeans(boolean registerMbeans) {
        configure("register-mbeans", b -> b.registerMbeans(registerMbeans));
    }

    /** See {@link EddyConfig.Builder#transactionPooler(boolean)}. */
    public void setTransactionPooler(boolean transactionPooler) {
        configure("transaction-pooler", b -> b.transactionPooler(transactionPooler));
    }

    /** See {@link EddyConfig.Builder#validateWritable(boolean)}. */
    public void setValidateWritable(boolean validateWritable) {
        configure("validate-writable", b -> b.validateWritable(validateWritable));
    }

    /** See {@link EddyConfig.Builder#fatalErrorOverride(FatalErrorOverride)}. */
    public void setFatalErrorOverride(FatalErrorOverride fatalErrorOverride) {
        configure("fatal-error-override", b -> b.fatalErrorOverride(fatalErrorOverride));
    }

    /** See {@link EddyConfig.Builder#fatalErrorOverrideClassName(String)}; HikariCP's exceptionOverrideClassName. */
    public void setFatalErrorOverrideClassName(String className) {
        configure("fatal-error-override-class-name", b -> b.fatalErrorOverrideClassName(className));
    }

    public void setSlowAcquireThreshold(Duration slowAcquireThreshold) {
        configure("slow-acquire-threshold", b -> b.slowAcquireThreshold(slowAcquireThreshold));
    }

    public void setDatabaseCores(int databaseCores) {
        configure("database-cores", b -> b.databaseCores(databaseCores));
    }

    public void setDatabaseSpindles(int databaseSpindles) {
        configure("database-spindles", b -> b.databaseSpindles(databaseSpindles));
    }

    public void setFleetSize(int fleetSize) {
        configure("fleet-size", b -> b.fleetSize(fleetSize));
    }

    public String getJdbcUrl() {
        return setting(EddyConfig.Builder::jdbcUrlSetting, EddyConfig::jdbcUrl);
    }

    /** Same as {@link #getJdbcUrl()}. */
    public String getUrl() {
        return getJdbcUrl();
    }

    public String getDriverClassName() {
        return setting(EddyConfig.Builder::driverClassNameSetting, EddyConfig::driverClassName);
    }

    public String getUsername() {
        return setting(EddyConfig.Builder::usernameSetting, EddyConfig::username);
    }

    /**
     * The password, for frameworks that derive a second DataSource from this one (e.g. a
     * migration tool with its own user). {@link #toString()}, logs and JMX never show it.
     */
    public String getPassword() {
        return setting(EddyConfig.Builder::passwordSetting, EddyConfig::password);
    }

    /** Replaces the driver properties set so far. */
    public void setDataSourceProperties(Map<String, String> properties) {
        configure("data-source-properties", b -> {
            b.dataSourcePropertiesSetting().clear();
            b.dataSourceProperties(properties);
        });
    }

    /** The driver properties: a live, changeable map until the pool starts, a read-only copy after. */
    public Map<String, String> getDataSourceProperties() {
        return setting(EddyConfig.Builder::dataSourcePropertiesSetting, EddyConfig::dataSourceProperties);
    }

    /**
     * Borrows a connection, waiting up to {@code connection-timeout}. Closing the connection
     * returns it to the pool.
     *
     * @throws java.sql.SQLTransientConnectionException on timeout, when {@code max-waiting} is
     *         reached, or when the pool is closed; the message names the pool and its counts
     * @throws SQLException when the thread is interrupted while waiting (the flag stays set)
     */
    @Override
    public Connection getConnection() throws SQLException {
        return pool().borrow();
    }

    /** Not supported: a pool's connections all use the pool's credentials. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Eddy pool " + describeName()
                + " lends connections with its own credentials; configure username/password or a credentials supplier on the pool");
    }

    /** The pool's name; before the pool starts, the name set (null when a name will be generated). */
    @Override
    public String getPoolName() {
        return setting(EddyConfig.Builder::poolNameSetting, EddyConfig::poolName);
    }

    /** The configuration the pool was started with (sizes may since have been changed by {@link #resize}). */
    @Override
    public EddyConfig config() {
        return pool().config();
    }

    /** A consistent snapshot of the pool's counts. */
    @Override
    public PoolStats stats() {
        return pool().stats();
    }

    /**
     * Why opening new connections fails right now (the latest attempt's error, password masked),
     * or null when the latest attempt succeeded. For health checks and diagnostics.
     */
    @Override
    public SQLException connectionFailure() {
        return pool().connectionFailure();
    }

    /** The connections lent out right now, longest-held first. */
    @Override
    public List<BorrowedConnection> borrowedConnections() {
        return pool().borrowedConnections();
    }

    @Override
    public List<AcquireTimeoutException.Holder> sampleHolders(int limit) {
        return pool().sampleHolders(limit);
    }

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    @Override
    public void softEvictAll() {
        pool().softEvictAll();
    }

    @Override
    public int closingConnections() {
        return pool().closingConnections();
    }

    /**
     * Stops lending: borrowers wait (up to {@code connection-timeout}) until {@link #resume()}; no
     * connection is opened meanwhile.
     */
    @Override
    public void suspend() {
        pool().suspend();
    }

    /** Resumes lending after {@link #suspend()}; waiting borrowers are served in arrival order. */
    @Override
    public void resume() {
        pool().resume();
    }

    @Override
    public boolean isSuspended() {
        return pool().isSuspended();
    }

    /**
     * Changes the pool's size at run time. Connections above a lowered maximum are closed when
     * idle; a raised minimum is filled in the background.
     *
     * @throws EddyConfigException for sizes {@link EddyConfig} would reject
     */
    @Override
    public void resize(int minSize, int maxSize) {
        pool().resize(minSize, maxSize);
    }

    /** Adds a listener for the pool's events (e.g. a metrics binding). */
    @Override
    public void addListener(PoolListener listener) {
        lock.lock();
        try {
            if (settings != null) {
                settings.listener(listener);
                return;
            }
        } finally {
            lock.unlock();
        }
        pool().listeners().add(listener);
    }

    @Override
    public void removeListener(PoolListener listener) {
        pool().listeners().remove(listener);
    }

    /**
     * Closes the pool: stops lending, closes idle connections, waits up to
     * {@code shutdown-grace-period} for borrowed ones to come back, then aborts the rest. When it
     * returns, no thread of the pool is left and no connection of it is open.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (pool == null) {
                closedBeforeStart = true;
                return;
            }
        } finally {
            lock.unlock();
        }
        pool.close();
        PoolMBeanRegistration registered = mbean;
        if (registered != null) {
            registered.unregister();
        }
    }

    @Override
    public boolean isClosed() {
        Pool p = pool;
        return p == null ? closedBeforeStart : p.isClosed();
    }

    /**
     * Whether the pool has started (by {@link #start()}, first use, or the configuring
     * constructor); it may since have been closed. Unlike the other getters, does not start it.
     */
    public boolean isStarted() {
        return pool != null;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    /** Ignored: Eddy logs through SLF4J. */
    @Override
    public void setLogWriter(PrintWriter out) {
    }

    /** Not supported: set {@code connection-timeout} on the pool's configuration instead. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("Eddy pool " + describeName()
                + ": set connection-timeout in the pool configuration instead of the login timeout");
    }

    /** The pool's {@code connection-timeout}, in whole seconds. */
    @Override
    public int getLoginTimeout() {
        return (int) Math.max(1, setting(EddyConfig.Builder::connectionTimeoutSetting, EddyConfig::connectionTimeout).toSeconds());
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Eddy logs through SLF4J, not java.util.logging");
    }

    /** Unwraps to this pool, or to the vendor {@link DataSource} it was given. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        DataSource vendor = vendorDataSource();
        if (vendor != null) {
            if (iface.isInstance(vendor)) {
                return iface.cast(vendor);
            }
            if (vendor.isWrapperFor(iface)) {
                return vendor.unwrap(iface);
            }
        }
        throw new SQLException("Eddy pool " + describeName() + " is not a wrapper for " + iface.getName()
                + (vendor == null ? "" : " (its DataSource is a " + vendor.getClass().getName() + ")"));
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        DataSource vendor = vendorDataSource();
        return vendor != null && (iface.isInstance(vendor) || vendor.isWrapperFor(iface));
    }

    @Override
    public AcquireTimeoutException lastAcquireTimeout() {
        return pool().lastTimeout();
    }

    @Override
    public SizingAdvice sizing() {
        return pool().sizing();
    }

    @Override
    public IdleConnectionCheck checkIdleConnection() {
        return pool().checkIdleConnection();
    }

    /** How long the pool has been running. */
    @Override
    public Duration uptime() {
        return pool().uptime();
    }

    private DataSource vendorDataSource() {
        return setting(EddyConfig.Builder::dataSourceSetting, EddyConfig::dataSource);
    }

    @Override
    public String toString() {
        return "EddyDataSource[" + describeName() + "]";
    }
}
