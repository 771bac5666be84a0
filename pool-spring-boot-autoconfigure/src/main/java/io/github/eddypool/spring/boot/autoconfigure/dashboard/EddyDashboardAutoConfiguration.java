package io.github.eddypool.spring.boot.autoconfigure.dashboard;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSources;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import javax.sql.DataSource;

/**
 * The Eddy dashboard page at {@code eddy.dashboard.path} ({@code /eddy}), when
 * {@code eddy.dashboard.enabled=true} in a servlet web application with Spring MVC, and the
 * per-second history of the pools its charts start from.
 *
 * <p>The page is a static shell: every number on it is fetched by the browser from the
 * {@code eddypool} actuator endpoint, with the browser's own credentials. So whatever guards the
 * actuator (Spring Security's default chain authenticates every request but health) guards what
 * the page shows, and the page adds no way around it.
 */
@AutoConfiguration(after = {EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RouterFunction.class, EddyDataSource.class})
@ConditionalOnBooleanProperty(name = "eddy.dashboard.enabled")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(EddyDashboardProperties.class)
public class EddyDashboardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EddyPoolHistory eddyPoolHistory(ListableBeanFactory beanFactory) {
        return new EddyPoolHistory(() -> EddyDataSources.in(beanFactory));
    }

    @Bean
    EddyDashboardPage eddyDashboardPage(Environment environment) {
        return new EddyDashboardPage(
                environment.getProperty("management.endpoints.web.base-path", "/actuator"),
                environment.getProperty("management.endpoints.web.path-mapping.eddypool", "eddypool"));
    }

    @Bean
    RouterFunction<ServerResponse> eddyDashboardRoute(EddyDashboardProperties properties, EddyDashboardPage page) {
        String path = properties.getPath().startsWith("/") ? properties.getPath() : "/" + properties.getPath();
        return RouterFunctions.route().GET(path, page::render).build();
    }
}
