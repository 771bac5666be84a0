package io.github.eddypool.spring.boot.autoconfigure.wrappers;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.spring.boot.autoconfigure.EddyPoolMetadataAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.endpoint.EddyPoolEndpoint;
import io.github.eddypool.spring.boot.autoconfigure.endpoint.EddyPoolEndpointAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.health.EddyPoolHealthContributorAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.metrics.EddyPoolMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, meters and the endpoint see every Eddy pool: behind a JDBC wrapper applied the usual
 * way (datasource-proxy from a {@code BeanPostProcessor}), declared as a plain {@code DataSource},
 * and declared {@code @Bean(defaultCandidate = false)} as Boot's two-DataSource how-to does.
 */
class PoolsBehindWrappersTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, EddyPoolMetadataAutoConfiguration.class,
                    EddyPoolHealthContributorAutoConfiguration.class, EddyPoolMetricsAutoConfiguration.class,
                    EddyPoolEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.pool.min-size=1",
                    "management.endpoints.web.exposure.include=eddypool");

    @Test
    void theAutoConfiguredPoolWrappedByDatasourceProxyIsStillSeenAndConfigured() {
        runner.withUserConfiguration(DatasourceProxyConfiguration.class)
                .withPropertyValues("eddy.pool.pool-name=wrapped", "eddy.pool.max-size=4")
                .run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(ProxyDataSource.class);
                    AtomicInteger queries = context.getBean(DatasourceProxyConfiguration.class).queries;
                    assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 40 + 2", Integer.class)).isEqualTo(42);
                    assertThat(queries.get()).as("the query went through the wrapper").isEqualTo(1);

                    EddyPool pool = dataSource.unwrap(EddyPool.class);
                    assertThat(pool.getPoolName()).isEqualTo("wrapped");
                    assertThat(pool.stats().max()).as("eddy.pool.* applied to the pool inside the wrapper").isEqualTo(4);

                    HealthContributor contributor = context.getBean("eddyPool", HealthContributor.class);
                    assertThat(contributor).isInstanceOf(HealthIndicator.class);
                    Health health = ((HealthIndicator) contributor).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("pool", "wrapped");

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("eddy.connections.max").tag("pool", "wrapped").gauge().value()).isEqualTo(4);
                    assertThat(registry.get("jdbc.connections.max").tag("name", "dataSource").gauge().value()).isEqualTo(4);
                    try (Connection held = dataSource.getConnection()) {
                        assertThat(registry.get("eddy.connections.active").tag("pool", "wrapped").gauge().value()).isEqualTo(1);
                        assertThat(registry.get("jdbc.connections.active").tag("name", "dataSource").gauge().value()).isEqualTo(1);
                    }

                    assertThat(context.getBean(EddyPoolEndpoint.class).pools().pools()).containsOnlyKeys("wrapped");
                });
    }

    @Test
    void aSecondPoolThatIsNotADefaultCandidateAppearsBesideTheAutoConfiguredOne() {
        runner.withUserConfiguration(SecondPoolConfiguration.class)
                .withPropertyValues("eddy.pool.pool-name=first")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcTemplate.class);
                    assertThat(context.getBean(DataSource.class).unwrap(EddyPool.class).getPoolName())
                            .as("the auto-configured pool did not back off").isEqualTo("first");
                    assertSeenEverywhere(context, "first", "dataSource");
                    assertSeenEverywhere(context, "second", "second");
                });
    }

    @Test
    void poolsDeclaredAsPlainDataSourceAndNotDefaultCandidateBothAppear() {
        runner.withUserConfiguration(PlainDataSourceConfiguration.class, SecondPoolConfiguration.class)
                .run(context -> {
                    assertThat(context.getBean(DataSource.class).unwrap(EddyPool.class).getPoolName())
                            .as("the application's DataSource replaced the auto-configured one").isEqualTo("main");
                    assertSeenEverywhere(context, "main", "main");
                    assertSeenEverywhere(context, "second", "second");
                });
    }

    /** The pool named {@code pool} is in the health composite, the eddy and jdbc meters, and the endpoint. */
    private static void assertSeenEverywhere(AssertableApplicationContext context, String pool, String jdbcMeterName) {
        HealthContributor contributor = context.getBean("eddyPool", HealthContributor.class);
        assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
        HealthContributor member = ((CompositeHealthContributor) contributor).getContributor(pool);
        assertThat(member).as("health of " + pool).isInstanceOf(HealthIndicator.class);
        assertThat(((HealthIndicator) member).health().getStatus()).isEqualTo(Status.UP);

        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.find("eddy.connections.max").tag("pool", pool).gauge()).as("eddy meters of " + pool).isNotNull();
        assertThat(registry.find("jdbc.connections.max").tag("name", jdbcMeterName).gauge())
                .as("Boot's jdbc meters of " + pool).isNotNull();

        assertThat(context.getBean(EddyPoolEndpoint.class).pools().pools()).as("endpoint").containsKey(pool);
    }

    private static EddyDataSource h2Pool(String name) {
        EddyDataSource pool = new EddyDataSource();
        pool.setPoolName(name);
        pool.setUrl("jdbc:h2:mem:" + name + "-" + UUID.randomUUID());
        pool.setUsername("sa");
        pool.setMinSize(1);
        pool.setMaxSize(2);
        return pool;
    }

    @Configuration(proxyBeanMethods = false)
    static class DatasourceProxyConfiguration {

        final AtomicInteger queries = new AtomicInteger();

        /** The usual way to apply datasource-proxy: wrap every DataSource bean once it is ready. */
        @Bean
        static BeanPostProcessor datasourceProxyWrapper(DatasourceProxyConfiguration configuration) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
                        return ProxyDataSourceBuilder.create(dataSource).name(beanName)
                                .afterQuery((execution, queries) -> configuration.queries.incrementAndGet())
                                .build();
                    }
                    return bean;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondPoolConfiguration {

        @Qualifier("second")
        @Bean(defaultCandidate = false, destroyMethod = "close")
        EddyDataSource secondDataSource() {
            return h2Pool("second");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainDataSourceConfiguration {

        @Bean(destroyMethod = "close")
        DataSource mainDataSource() {
            return h2Pool("main");
        }
    }
}
