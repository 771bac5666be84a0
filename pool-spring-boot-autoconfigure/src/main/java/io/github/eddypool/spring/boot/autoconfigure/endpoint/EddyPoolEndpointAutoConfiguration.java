package io.github.eddypool.spring.boot.autoconfigure.endpoint;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSources;
import io.github.eddypool.spring.boot.autoconfigure.dashboard.EddyPoolHistory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * The {@code eddypool} actuator endpoint, when the actuator is on the classpath and the endpoint
 * is available (enabled and exposed over HTTP or JMX, Boot's usual rule).
 */
@AutoConfiguration(after = {EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, EddyDataSource.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnAvailableEndpoint(EddyPoolEndpoint.class)
public class EddyPoolEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EddyPoolEndpoint eddyPoolEndpoint(ListableBeanFactory beanFactory, ObjectProvider<EddyPoolHistory> history) {
        return new EddyPoolEndpoint(() -> EddyDataSources.in(beanFactory), history::getIfAvailable);
    }
}
