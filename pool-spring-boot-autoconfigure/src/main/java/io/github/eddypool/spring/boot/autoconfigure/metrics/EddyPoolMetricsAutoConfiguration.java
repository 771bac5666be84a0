package io.github.eddypool.spring.boot.autoconfigure.metrics;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.micrometer.EddyPoolMetrics;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * Eddy's Micrometer meters ({@code eddy.connections.*}, tagged {@code pool}) for every Eddy pool,
 * when Micrometer and {@code pool-micrometer} are on the classpath. Boot's own
 * {@code jdbc.connections.*} meters come on top, through the pool metadata provider. With
 * {@code eddy.pool.metrics.opentelemetry-names=true} the pools are also published under the
 * OpenTelemetry semantic-convention names ({@code db.client.connection.*}).
 */
@AutoConfiguration(after = {EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class},
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, EddyPoolMetrics.class, EddyDataSource.class})
@ConditionalOnBean(DataSource.class)
public class EddyPoolMetricsAutoConfiguration {

    /** See {@code EddyPoolProperties.Metrics#opentelemetryNames}. */
    static final String OPENTELEMETRY_NAMES = "eddy.pool.metrics.opentelemetry-names";

    @Bean
    @ConditionalOnMissingBean
    EddyPoolMeterBinder eddyPoolMeterBinder(ListableBeanFactory beanFactory, Environment environment) {
        // Read from the environment, not EddyPoolProperties: pools the application defines itself
        // are metered too, also when Eddy's DataSource auto-configuration backed off.
        boolean openTelemetryNames = Binder.get(environment)
                .bind(OPENTELEMETRY_NAMES, Boolean.class).orElse(false);
        return new EddyPoolMeterBinder(beanFactory, openTelemetryNames);
    }
}
