package io.github.eddypool.spring.boot.autoconfigure;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.FatalErrorOverride;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes the DataSource that Spring Boot auto-configures an Eddy pool configured from
 * {@code eddy.pool.*}.
 *
 * <p>Boot's own {@link DataSourceAutoConfiguration} creates the bean, because
 * {@link EddyPoolEnvironmentPostProcessor} defaults {@code spring.datasource.type} to
 * {@link EddyDataSource}; so every rule of Boot's applies as it does to HikariCP (the application's
 * own DataSource, JNDI, XA, {@code spring.datasource.type}, lazy connection fetch, connection
 * details, test slices, an excluded {@code DataSourceAutoConfiguration}). This configuration
 * adds what is Eddy's: its properties, applied by {@link EddyDataSourceBeanPostProcessor}.
 * Off with {@code eddy.pool.enabled=false}.
 *
 * <p>The pool is closed with the application context, so borrowed connections get
 * {@code eddy.pool.shutdown-grace-period} to come back.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(EddyDataSource.class)
@ConditionalOnBooleanProperty(name = "eddy.pool.enabled", matchIfMissing = true)
@EnableConfigurationProperties({EddyPoolProperties.class, DataSourceProperties.class})
public class EddyDataSourceAutoConfiguration {

    @Bean
    static EddyDataSourceBeanPostProcessor eddyDataSourceBeanPostProcessor(
            ObjectProvider<EddyPoolProperties> properties, ObjectProvider<DataSourceProperties> dataSourceProperties,
            ObjectProvider<JdbcConnectionDetails> connectionDetails, ObjectProvider<EddyConfigCustomizer> customizers,
            ObjectProvider<FatalErrorOverride> fatalErrorOverrides, ConfigurableEnvironment environment) {
        return new EddyDataSourceBeanPostProcessor(properties, dataSourceProperties, connectionDetails,
                customizers, fatalErrorOverrides, environment);
    }
}
