package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyConfig;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.util.StringUtils;

import java.util.List;
import java.util.function.Consumer;

/**
 * Turns {@code eddy.pool.*} and {@code spring.datasource.*} into an {@link EddyConfig}.
 *
 * <p>Connection settings: an {@code eddy.pool} value wins; otherwise the {@code spring.datasource}
 * one is used. When neither sets a URL, Boot's {@link DataSourceProperties#determineUrl()} picks
 * an embedded database on the classpath (and its default user), as it would for HikariCP.
 */
public final class EddyConfigFactory {

    private final EddyPoolProperties pool;
    private final DataSourceProperties dataSource;

    public EddyConfigFactory(EddyPoolProperties pool, DataSourceProperties dataSource) {
        this.pool = pool;
        this.dataSource = dataSource;
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
        applyConnection(b);
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
        for (EddyConfigCustomizer customizer : customizers) {
            customizer.customize(b);
        }
        return b.build();
    }

    private void applyConnection(EddyConfig.Builder b) {
        if (StringUtils.hasText(pool.getJdbcUrl())) {
            // An explicit Eddy URL: take only what the user set under spring.datasource, never
            // Boot's embedded-database guesses (such as user "sa"), which belong to another URL.
            b.jdbcUrl(pool.getJdbcUrl());
            set(first(pool.getDriverClassName(), dataSource.getDriverClassName()), b::driverClassName);
            set(first(pool.getUsername(), dataSource.getUsername()), b::username);
            set(first(pool.getPassword(), dataSource.getPassword()), b::password);
        } else {
            b.jdbcUrl(dataSource.determineUrl());
            set(first(pool.getDriverClassName(), dataSource.determineDriverClassName()), b::driverClassName);
            set(first(pool.getUsername(), dataSource.determineUsername()), b::username);
            set(first(pool.getPassword(), dataSource.determinePassword()), b::password);
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
