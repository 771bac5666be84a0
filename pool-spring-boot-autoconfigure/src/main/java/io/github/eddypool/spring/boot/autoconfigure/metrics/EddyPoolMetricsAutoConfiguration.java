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
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * Eddy's Micrometer meters ({@code eddy.connections.*}, tagged {@code pool}) for every Eddy pool,
 * when Micrometer and {@code pool-micrometer} are on the classpath. Boot's own
 * {@code jdbc.connections.*} meters come on top, through the pool metadata provider.
 */
@AutoConfiguration(after = {EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class},
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, EddyPoolMetrics.class, EddyDataSource.class})
@ConditionalOnBean(DataSource.class)
public class EddyPoolMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EddyPoolMeterBinder eddyPoolMeterBinder(ListableBeanFactory beanFactory) {
        return new EddyPoolMeterBinder(beanFactory);
    }
}
