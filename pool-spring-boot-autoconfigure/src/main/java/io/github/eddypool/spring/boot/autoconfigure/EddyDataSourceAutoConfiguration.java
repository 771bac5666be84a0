package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * Creates the application's {@link DataSource} as an {@link EddyDataSource}.
 *
 * <p>Runs before Boot's {@link DataSourceAutoConfiguration}, whose pooled data source is only
 * created when no {@code DataSource} bean exists: so Eddy is used even when HikariCP is on the
 * classpath. Backs off when the application defines its own {@code DataSource}, or with
 * {@code eddy.pool.enabled=false}.
 *
 * <p>The pool is closed with the application context, so borrowed connections get
 * {@code eddy.pool.shutdown-grace-period} to come back.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(EddyDataSource.class)
@ConditionalOnMissingBean(DataSource.class)
@ConditionalOnProperty(prefix = "eddy.pool", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({EddyPoolProperties.class, DataSourceProperties.class})
public class EddyDataSourceAutoConfiguration {

    /** Boot's switch for JMX; when on, each pool registers its MXBean too. */
    static final String SPRING_JMX_ENABLED = "spring.jmx.enabled";

    @Bean(destroyMethod = "close")
    EddyDataSource dataSource(EddyPoolProperties properties, DataSourceProperties dataSourceProperties,
                              Environment environment, ObjectProvider<EddyConfigCustomizer> customizers) {
        boolean registerMbeans = properties.isRegisterMbeans()
                || environment.getProperty(SPRING_JMX_ENABLED, Boolean.class, false);
        EddyConfig config = new EddyConfigFactory(properties, dataSourceProperties)
                .create(registerMbeans, customizers.orderedStream().toList());
        return new EddyDataSource(config);
    }
}
