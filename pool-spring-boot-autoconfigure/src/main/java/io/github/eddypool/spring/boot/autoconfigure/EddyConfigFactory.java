package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.Credentials;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.FatalErrorOverride;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.util.StringUtils;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Applies {@code eddy.pool.*}, {@code spring.datasource.*} and the application's
 * {@link JdbcConnectionDetails} to the settings of an Eddy pool.
 *
 * <p>Connection settings: connection details that do not come from properties (a Testcontainers
 * {@code @ServiceConnection}, Docker Compose) win, as they do for HikariCP. Otherwise an
 * {@code eddy.pool} value wins, then the {@code spring.datasource} one. When neither sets a URL,
 * Boot's {@link DataSourceProperties#determineUrl()} picks an embedded database on the classpath
 * (and its default user), as it would for HikariCP.
 */
public final class EddyConfigFactory {

    private static final Log logger = LogFactory.getLog(EddyConfigFactory.class);

    /** Boot's connection details made from spring.datasource.* (package-private in Boot). */
    private static final String PROPERTIES_CONNECTION_DETAILS =
            "org.springframework.boot.jdbc.autoconfigure.PropertiesJdbcConnectionDetails";

    private final EddyPoolProperties pool;
    private final DataSourceProperties dataSource;
    private final JdbcConnectionDetails connectionDetails;
    private Supplier<Credentials> credentialsSupplier;
    private FatalErrorOverride fatalErrorOverride;

    /**
     * @param connectionDetails the application's connection details, or null when it has none
     */
    public EddyConfigFactory(EddyPoolProperties pool, DataSourceProperties dataSource,
                             JdbcConnectionDetails connectionDetails) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.connectionDetails = connectionDetails;
    }

    /**
     * Uses {@code supplier} (the bean {@code eddy.pool.credentials-supplier} names) for the
     * credentials of every new connection, instead of a fixed user name and password.
     */
    public EddyConfigFactory withCredentialsSupplier(Supplier<Credentials> supplier) {
        this.credentialsSupplier = supplier;
        return this;
    }

    /**
     * Uses {@code override} (the application's {@link FatalErrorOverride} bean) to judge SQLExceptions;
     * together with {@code eddy.pool.fatal-error-override-class-name} it fails the build, which says so.
     */
    public EddyConfigFactory withFatalErrorOverride(FatalErrorOverride override) {
        this.fatalErrorOverride = override;
        return this;
    }

    /**
     * Builds and validates the configuration.
     *
     * @param registerMbeans whether JMX registration is wanted (from the property or spring.jmx.enabled)
     * @param customizers    applied last, in order
     * @throws io.github.eddypool.EddyConfigException for a wrong setting
     */
    public EddyConfig create(boolean registerMbeans, List<EddyConfigCustomizer> customizers) {
        EddyConfig.Builder b = EddyConfig.builder();
        apply(b, registerMbeans, customizers);
        return b.build();
    }

    /**
     * Sets everything the properties and connection details say on {@code b}, then applies the
     * customizers.
     */
    public void apply(EddyConfig.Builder b, boolean registerMbeans, List<EddyConfigCustomizer> customizers) {
        boolean jndi = StringUtils.hasText(pool.getDataSourceJndiName());
        String namedDataSource = jndi ? "eddy.pool.data-source-jndi-name"
                : StringUtils.hasText(pool.getDataSourceClassName()) ? "eddy.pool.data-source-class-name" : null;
        if (connectionDetails != null && !PROPERTIES_CONNECTION_DETAILS.equals(connectionDetails.getClass().getName())) {
            if (namedDataSource != null) {
                logger.warn(namedDataSource + " is not used: the connection details of "
                        + connectionDetails.getClass().getName() + " (e.g. a service connection) give the URL");
            }
            applyConnectionDetails(b);
        } else if (namedDataSource != null) {
            applyNamedDataSource(b, namedDataSource, jndi ? "The server that binds it says where it connects"
                    : "Give it its server in eddy.pool.data-source-properties (e.g. serverName, portNumber, databaseName;"
                            + " or url if the class takes one)");
        } else {
            applyConnection(b);
        }
        if (credentialsSupplier != null) {
            // The supplier gives user and password for every new connection: none fixed beside it.
            b.username(null).password(null).credentialsSupplier(credentialsSupplier);
        }
        // Like Boot does for HikariCP, spring.datasource.name names the pool when nothing else does.
        set(first(pool.getPoolName(), dataSource.getName()), b::poolName);
        b.dataSourceProperties(pool.getDataSourceProperties());
        b.minSize(pool.getMinSize());
        b.maxSize(pool.getMaxSize());
        b.connectionTimeout(pool.getConnectionTimeout());
        b.maxWaiting(pool.getMaxWaiting());
        b.idleTimeout(pool.getIdleTimeout());
        b.maxLifetime(pool.getMaxLifetime());
        b.maxQueries(pool.getMaxQueries());
        set(pool.getKeepaliveTime(), b::keepaliveTime);
        b.prePing(pool.isPrePing());
        set(pool.getValidationTimeout(), b::validationTimeout);
        set(pool.getConnectionTestQuery(), b::connectionTestQuery);
        b.leakDetectionThreshold(pool.getLeakDetectionThreshold());
        set(pool.getConnectionInitSql(), b::connectionInitSql);
        set(pool.getResetSql(), b::resetSql);
        b.autoCommit(pool.isAutoCommit());
        set(pool.getTransactionIsolation(), b::transactionIsolation);
        b.readOnly(pool.isReadOnly());
        set(pool.getCatalog(), b::catalog);
        set(pool.getSchema(), b::schema);
        b.initializationFailTimeout(pool.getInitializationFailTimeout());
        b.creationConcurrency(pool.getCreationConcurrency());
        b.housekeepingPeriod(pool.getHousekeepingPeriod());
        b.shutdownGracePeriod(pool.getShutdownGracePeriod());
        b.registerMbeans(registerMbeans);
        b.transactionPooler(pool.isTransactionPooler());
        b.validateWritable(pool.isValidateWritable());
        set(pool.getFatalErrorOverrideClassName(), b::fatalErrorOverrideClassName);
        if (fatalErrorOverride != null) {
            b.fatalErrorOverride(fatalErrorOverride);
        }
        b.slowAcquireThreshold(pool.getSlowAcquireThreshold());
        b.databaseCores(pool.getDatabaseCores());
        b.databaseSpindles(pool.getDatabaseSpindles());
        b.fleetSize(pool.getFleetSize());
        for (EddyConfigCustomizer customizer : customizers) {
            customizer.customize(b);
        }
    }

    private void applyConnectionDetails(EddyConfig.Builder b) {
        b.jdbcUrl(connectionDetails.getJdbcUrl());
        b.driverClassName(connectionDetails.getDriverClassName());
        b.username(connectionDetails.getUsername());
        b.password(connectionDetails.getPassword());
    }

    /**
     * A vendor DataSource (its class named, or bound in JNDI) opens the connections, as with
     * HikariCP's data-source-class-name and data-source-j-n-d-i: a URL or driver Boot set (or guessed
     * for an embedded database) is not used, and only a user name and password the application set
     * are passed on. Both set is refused by the build, which says so.
     */
    private void applyNamedDataSource(EddyConfig.Builder b, String property, String whereItConnects) {
        if (StringUtils.hasText(dataSource.getUrl()) && !StringUtils.hasText(pool.getJdbcUrl())) {
            logger.warn("spring.datasource.url is not used: " + property + " is set, and that DataSource opens the connections. "
                    + whereItConnects);
        }
        b.dataSourceClassName(pool.getDataSourceClassName());
        b.dataSourceJndiName(pool.getDataSourceJndiName());
        b.jdbcUrl(pool.getJdbcUrl()); // null, unless set beside the class: then build() says to choose one
        b.driverClassName(pool.getDriverClassName());
        b.username(first(pool.getUsername(), dataSource.getUsername()));
        b.password(first(pool.getPassword(), dataSource.getPassword()));
    }

    private void applyConnection(EddyConfig.Builder b) {
        if (StringUtils.hasText(pool.getJdbcUrl())) {
            // An explicit Eddy URL: take only what the user set under spring.datasource, never
            // Boot's embedded-database guesses (such as user "sa"), which belong to another URL.
            // Every value is set, also to null: Boot's DataSourceBuilder may have set its own already.
            b.jdbcUrl(pool.getJdbcUrl());
            b.driverClassName(first(pool.getDriverClassName(), dataSource.getDriverClassName()));
            b.username(first(pool.getUsername(), dataSource.getUsername()));
            b.password(first(pool.getPassword(), dataSource.getPassword()));
        } else {
            b.jdbcUrl(dataSource.determineUrl());
            b.driverClassName(first(pool.getDriverClassName(), dataSource.determineDriverClassName()));
            b.username(first(pool.getUsername(), dataSource.determineUsername()));
            b.password(first(pool.getPassword(), dataSource.determinePassword()));
        }
    }

    private static String first(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Sets only what the user set, so that the builder's own defaults apply otherwise. */
    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
