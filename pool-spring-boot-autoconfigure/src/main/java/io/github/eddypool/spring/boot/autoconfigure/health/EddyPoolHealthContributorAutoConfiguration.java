package io.github.eddypool.spring.boot.autoconfigure.health;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSources;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.time.Duration;

import java.util.Map;
import javax.sql.DataSource;

/**
 * The {@code eddyPool} health contributor: one {@link EddyPoolHealthIndicator} when the
 * application has one Eddy pool, or one per pool, by pool name, when it has several. Every Eddy
 * pool counts, whatever the declared type of its bean, behind JDBC wrappers, and also when it is
 * not a default candidate for injection. Switched off with
 * {@code management.health.eddypool.enabled=false}.
 */
@AutoConfiguration(after = {EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, EddyDataSource.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnEnabledHealthIndicator("eddypool")
public class EddyPoolHealthContributorAutoConfiguration {

    /** How long a saturated pool may lend nothing new before its health is DOWN. */
    static final String STUCK_THRESHOLD = "management.health.eddypool.stuck-threshold";

    @Bean
    @ConditionalOnMissingBean(name = "eddyPool")
    HealthContributor eddyPool(ListableBeanFactory beanFactory, Environment environment) {
        Duration stuckThreshold = Binder.get(environment).bind(STUCK_THRESHOLD, Duration.class)
                .orElse(Duration.ofSeconds(30));
        Map<String, EddyDataSource> pools = EddyDataSources.in(beanFactory);
        if (pools.size() == 1) {
            return new EddyPoolHealthIndicator(pools.values().iterator().next(), stuckThreshold);
        }
        return CompositeHealthContributor.fromMap(pools, pool -> new EddyPoolHealthIndicator(pool, stuckThreshold));
    }
}
