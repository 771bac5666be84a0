package io.github.eddypool.benchmark.pools;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.vibur.dbcp.ViburDBCPDataSource;

import java.beans.PropertyVetoException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * One factory per pool, each configured as equivalently as the pools allow. {@code POOLS.md} in this
 * module explains every setting; keep the two in step.
 *
 * <p>Common to all: fixed size ({@code min = max = initial = size}), a 30 s connection timeout,
 * auto-commit on, no statement cache, no leak/abandoned-connection detection, no JMX, no diagnostic
 * logging features, and validation on borrow only for a connection idle for longer than about 500 ms
 * (HikariCP's default bypass window) where the pool can express that; pools that cannot express it do
 * not validate on borrow. Everything else is the pool's default.
 */
public final class Pools {

    /** The pools compared, in report order. */
    public static final List<String> POOLS = List.of("eddy", "hikari", "dbcp2", "tomcat", "vibur", "agroal", "c3p0");

    /** The two baselines: a new physical connection per request, and one raw connection per thread. */
    public static final String NOPOOL = "nopool";
    public static final String DIRECT = "direct";

    /** The contention control: a fair semaphore over open connections (see {@link FairSemaphoreDataSource}). */
    public static final String FIFO = "fifo";

    private Pools() {
    }

    /**
     * Starts the named pool or baseline. For {@code direct} the handle only opens raw connections;
     * {@code eddy@/path/to/pool-core.jar} is Eddy from another build (see {@link OtherEddyBuild}).
     */
    public static PoolHandle create(String name, PoolSpec spec) throws SQLException {
        if (name.startsWith(OtherEddyBuild.PREFIX)) {
            return OtherEddyBuild.create(name, spec);
        }
        switch (name) {
            case "eddy": return eddy(spec);
            case "hikari": return hikari(spec);
            case "dbcp2": return dbcp2(spec);
            case "tomcat": return tomcat(spec);
            case "vibur": return vibur(spec);
            case "agroal": return agroal(spec);
            case "c3p0": return c3p0(spec);
            case NOPOOL:
            case DIRECT:
                return baseline(name, spec);
            case FIFO: {
                FairSemaphoreDataSource ds = new FairSemaphoreDataSource(spec);
                return new Handle(FIFO, ds, spec::size, ds::closeAll);
            }
            default:
                throw new IllegalArgumentException("unknown pool '" + name + "'; expected one of " + POOLS + ", nopool, direct, fifo");
        }
    }

    // ------------------------------------------------------------------ Eddy

    static PoolHandle eddy(PoolSpec spec) {
        // Defaults kept: pre-ping on with a 500 ms bypass window (like HikariCP), leak detection off,
        // no MBeans, keepalive 2 min, max lifetime 30 min, creation concurrency 4.
        EddyDataSource ds = new EddyDataSource(EddyConfig.builder()
                .poolName("bench-eddy")
                .jdbcUrl(spec.jdbcUrl())
                .driverClassName(spec.driverClassName())
                .username(spec.username())
                .password(spec.password())
                .minSize(spec.size())
                .maxSize(spec.size())
                .connectionTimeout(Duration.ofMillis(PoolSpec.CONNECTION_TIMEOUT_MS))
                .autoCommit(true)
                .leakDetectionThreshold(Duration.ZERO)
                .registerMbeans(false)
                .build());
        return new Handle("eddy", ds, () -> ds.stats().total(), ds::close);
    }

    // ------------------------------------------------------------------ HikariCP

    static PoolHandle hikari(PoolSpec spec) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("bench-hikari");
        c.setJdbcUrl(spec.jdbcUrl());
        c.setDriverClassName(spec.driverClassName());
        c.setUsername(spec.username());
        c.setPassword(spec.password());
        c.setMinimumIdle(spec.size());
        c.setMaximumPoolSize(spec.size());
        c.setConnectionTimeout(PoolSpec.CONNECTION_TIMEOUT_MS);
        c.setAutoCommit(true);
        c.setLeakDetectionThreshold(0);
        c.setRegisterMbeans(false);
        // aliveBypassWindowMs stays at its default of 500 ms (system property com.zaxxer.hikari.aliveBypassWindowMs)
        HikariDataSource ds = new HikariDataSource(c);
        return new Handle("hikari", ds, () -> ds.getHikariPoolMXBean().getTotalConnections(), ds::close);
    }

    // ------------------------------------------------------------------ Apache Commons DBCP2

    static PoolHandle dbcp2(PoolSpec spec) throws SQLException {
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(spec.jdbcUrl());
        ds.setDriverClassName(spec.driverClassName());
        ds.setUsername(spec.username());
        ds.setPassword(spec.password());
        ds.setInitialSize(spec.size());
        ds.setMinIdle(spec.size());
        ds.setMaxIdle(spec.size());
        ds.setMaxTotal(spec.size());
        ds.setMaxWait(Duration.ofMillis(PoolSpec.CONNECTION_TIMEOUT_MS));
        ds.setDefaultAutoCommit(true);
        // DBCP2 validates on every borrow by default; it has no "skip if used recently" window, so it
        // does not validate at all here (as HikariCP does not, for a connection used within 500 ms).
        ds.setTestOnBorrow(false);
        ds.setTestOnReturn(false);
        ds.setTestWhileIdle(false);
        ds.setPoolPreparedStatements(false);
        ds.setRegisterConnectionMBean(false);
        ds.start(); // opens initialSize connections now, in this thread
        return new Handle("dbcp2", ds, () -> ds.getNumIdle() + ds.getNumActive(), () -> {
            try {
                ds.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // ------------------------------------------------------------------ Tomcat JDBC

    static PoolHandle tomcat(PoolSpec spec) throws SQLException {
        PoolProperties p = new PoolProperties();
        p.setName("bench-tomcat");
        p.setUrl(spec.jdbcUrl());
        p.setDriverClassName(spec.driverClassName());
        p.setUsername(spec.username());
        p.setPassword(spec.password());
        p.setInitialSize(spec.size());
        p.setMinIdle(spec.size());
        p.setMaxIdle(spec.size());
        p.setMaxActive(spec.size());
        p.setMaxWait(PoolSpec.CONNECTION_TIMEOUT_MS);
        p.setDefaultAutoCommit(true);
        // Validate on borrow with isValid() (no validation query set), at most once per 500 ms per connection.
        p.setTestOnBorrow(true);
        p.setValidationInterval(PoolSpec.VALIDATION_BYPASS_MS);
        p.setTestOnReturn(false);
        p.setTestWhileIdle(false);
        p.setJmxEnabled(false);
        p.setRemoveAbandoned(false);
        p.setLogAbandoned(false);
        p.setJdbcInterceptors(null);
        org.apache.tomcat.jdbc.pool.DataSource ds = new org.apache.tomcat.jdbc.pool.DataSource(p);
        ds.createPool(); // opens initialSize connections now, in this thread
        return new Handle("tomcat", ds, ds::getSize, ds::close);
    }

    // ------------------------------------------------------------------ Vibur DBCP

    static PoolHandle vibur(PoolSpec spec) {
        ViburDBCPDataSource ds = new ViburDBCPDataSource();
        ds.setName("bench-vibur");
        ds.setJdbcUrl(spec.jdbcUrl());
        ds.setDriverClassName(spec.driverClassName());
        // Vibur copies user and password into the driver's Properties, which reject null: "" means none
        ds.setUsername(spec.username() == null ? "" : spec.username());
        ds.setPassword(spec.password() == null ? "" : spec.password());
        ds.setPoolInitialSize(spec.size());
        ds.setPoolMaxSize(spec.size());
        ds.setConnectionTimeoutInMs(PoolSpec.CONNECTION_TIMEOUT_MS);
        ds.setDefaultAutoCommit(true);
        // Validate (isValid) only connections idle for longer than 1 s: Vibur counts whole seconds,
        // so 1 s is the closest to HikariCP's 500 ms.
        ds.setConnectionIdleLimitInSeconds(1);
        ds.setTestConnectionQuery("isValid");
        ds.setStatementCacheMaxSize(0);
        ds.setPoolEnableConnectionTracking(false);
        ds.setEnableJMX(false);
        // Vibur's diagnostics (slow getConnection/query logs, large result set log, query statistics,
        // parameter capture) time or record every call; they are off like leak detection is elsewhere.
        ds.setLogConnectionLongerThanMs(-1);
        ds.setLogQueryExecutionLongerThanMs(-1);
        ds.setLogLargeResultSet(-1);
        ds.setCollectQueryStatistics(0);
        ds.setIncludeQueryParameters(false);
        ds.start(); // opens poolInitialSize connections now, in this thread
        return new Handle("vibur", ds, () -> ds.getPool().createdTotal(), ds::close);
    }

    // ------------------------------------------------------------------ Agroal

    static PoolHandle agroal(PoolSpec spec) throws SQLException {
        Class<?> driver;
        try {
            driver = Class.forName(spec.driverClassName());
        } catch (ClassNotFoundException e) {
            throw new SQLException(e);
        }
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                // metrics only where the start-up benchmark needs the pool's own count of connections
                .metricsEnabled(spec.countForStartup())
                .connectionPoolConfiguration(cp -> cp
                        .initialSize(spec.size())
                        .minSize(spec.size())
                        .maxSize(spec.size())
                        .acquisitionTimeout(Duration.ofMillis(PoolSpec.CONNECTION_TIMEOUT_MS))
                        // validate (isValid) connections idle for longer than 500 ms, on borrow
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidator())
                        .idleValidationTimeout(Duration.ofMillis(PoolSpec.VALIDATION_BYPASS_MS))
                        .validateOnBorrow(false)
                        .leakTimeout(Duration.ZERO)
                        .connectionFactoryConfiguration(cf -> {
                            cf.jdbcUrl(spec.jdbcUrl())
                                    .connectionProviderClass(driver)
                                    .autoCommit(true);
                            if (spec.username() != null) {
                                cf.principal(new NamePrincipal(spec.username()));
                            }
                            if (spec.password() != null) {
                                cf.credential(new SimplePassword(spec.password()));
                            }
                            return cf;
                        }));
        AgroalDataSource ds = AgroalDataSource.from(config);
        return new Handle("agroal", ds, () -> spec.countForStartup()
                ? (int) (ds.getMetrics().availableCount() + ds.getMetrics().activeCount())
                : -1, ds::close);
    }

    // ------------------------------------------------------------------ c3p0

    static PoolHandle c3p0(PoolSpec spec) throws SQLException {
        ComboPooledDataSource ds = new ComboPooledDataSource();
        try {
            ds.setDriverClass(spec.driverClassName());
        } catch (PropertyVetoException e) {
            throw new SQLException(e);
        }
        ds.setDataSourceName("bench-c3p0");
        ds.setJdbcUrl(spec.jdbcUrl());
        ds.setUser(spec.username());
        ds.setPassword(spec.password());
        ds.setInitialPoolSize(spec.size());
        ds.setMinPoolSize(spec.size());
        ds.setMaxPoolSize(spec.size());
        ds.setCheckoutTimeout(PoolSpec.CONNECTION_TIMEOUT_MS);
        ds.setMaxStatements(0);
        ds.setMaxStatementsPerConnection(0);
        // c3p0 has no "skip if used recently" window: no test on checkout (its default), like DBCP2 here.
        ds.setTestConnectionOnCheckout(false);
        ds.setTestConnectionOnCheckin(false);
        ds.setIdleConnectionTestPeriod(0);
        ds.setUnreturnedConnectionTimeout(0);
        ds.setDebugUnreturnedConnectionStackTraces(false);
        // c3p0 builds its pool on first use: asking for the count starts it (connections open on its helper threads)
        ds.getNumConnectionsDefaultUser();
        return new Handle("c3p0", ds, ds::getNumConnectionsDefaultUser, ds::close);
    }

    // ------------------------------------------------------------------ baselines

    static PoolHandle baseline(String name, PoolSpec spec) throws SQLException {
        NoPoolDataSource ds = new NoPoolDataSource(spec);
        return new Handle(name, ds, () -> -1, () -> { });
    }

    // ------------------------------------------------------------------

    @FunctionalInterface
    interface Count {
        int get() throws SQLException;
    }

    static final class Handle implements PoolHandle {
        private final String name;
        private final DataSource dataSource;
        private final Count count;
        private final Runnable closer;

        Handle(String name, DataSource dataSource, Count count, Runnable closer) {
            this.name = name;
            this.dataSource = dataSource;
            this.count = count;
            this.closer = closer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DataSource dataSource() {
            return dataSource;
        }

        @Override
        public int openConnections() throws SQLException {
            return count.get();
        }

        @Override
        public void close() {
            closer.run();
        }

        @Override
        public String toString() {
            return "PoolHandle[" + name + "]";
        }
    }
}
