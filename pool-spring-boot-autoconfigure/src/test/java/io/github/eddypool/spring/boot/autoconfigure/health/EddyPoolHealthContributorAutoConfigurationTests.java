package io.github.eddypool.spring.boot.autoconfigure.health;

import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

class EddyPoolHealthContributorAutoConfigurationTests {

    private static final String PASSWORD = "h3alth-s3cret";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, EddyPoolHealthContributorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "spring.datasource.password=" + PASSWORD,
                    "eddy.pool.pool-name=health", "eddy.pool.min-size=1", "eddy.pool.max-size=1",
                    "eddy.pool.connection-timeout=2s", "eddy.pool.validation-timeout=300ms");

    @Test
    void upWithTheDetailsWhenAConnectionValidates() {
        runner.run(context -> {
            Health health = indicator(context.getBean("eddyPool", HealthContributor.class)).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("pool", "health")
                    .containsEntry("active", 0).containsEntry("min", 1).containsEntry("max", 1)
                    .containsEntry("pending", 0).containsEntry("saturated", false)
                    .containsKeys("idle", "total");
        });
    }

    @Test
    void downWithAReasonWhenNoConnectionCanBeBorrowedInTime() {
        runner.run(context -> {
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            try (Connection onlyOne = pool.getConnection()) {
                long start = System.nanoTime();
                Health health = indicator(context.getBean("eddyPool", HealthContributor.class)).health();
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((String) health.getDetails().get("reason")).contains("within 300ms");
                assertThat(health.getDetails()).containsEntry("active", 1);
                // Bounded by validation-timeout, not by the 2s connection-timeout.
                assertThat(tookMillis).isLessThan(1500);
            }
        });
    }

    @Test
    void downWithoutThePasswordWhenTheDatabaseIsUnreachable() {
        new ApplicationContextRunner()
                .withInitializer(EddyDefaults.INITIALIZER)
                .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        EddyPoolHealthContributorAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nodb",
                        "spring.datasource.username=nobody", "spring.datasource.password=" + PASSWORD,
                        "eddy.pool.initialization-fail-timeout=-1", "eddy.pool.min-size=0",
                        "eddy.pool.connection-timeout=1s", "eddy.pool.validation-timeout=500ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health = indicator(context.getBean("eddyPool", HealthContributor.class)).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsKey("reason");
                    assertThat(health.toString()).doesNotContain(PASSWORD);
                });
    }

    @Test
    @RequiresPostgres
    void downNamesTheConnectErrorWhileOpeningConnectionsFailsAndForgetsItOnceOneOpens() throws Exception {
        try (FaultProxy proxy = Server.POSTGRES.newProxy()) {
            proxy.mode(FaultProxy.Mode.REFUSE);
            runner.withPropertyValues("spring.datasource.url=" + Server.POSTGRES.urlVia(proxy),
                            "spring.datasource.username=" + Server.POSTGRES.user(),
                            "eddy.pool.initialization-fail-timeout=-1", "eddy.pool.connection-timeout=1s")
                    .run(context -> {
                        EddyDataSource pool = context.getBean(EddyDataSource.class);
                        HealthIndicator indicator = indicator(context.getBean("eddyPool", HealthContributor.class));
                        Health down = indicator.health();
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat((String) down.getDetails().get("reason"))
                                .isEqualTo("no connection could be borrowed and validated within 300ms (validation-timeout); "
                                        + "opening new connections fails: PSQLException: Connection to 127.0.0.1:" + proxy.port()
                                        + " refused. Check that the hostname and port are correct and that the postmaster is "
                                        + "accepting TCP/IP connections.");
                        assertThat(down.toString()).doesNotContain(PASSWORD);

                        proxy.mode(FaultProxy.Mode.PASS);
                        Health up = null;
                        for (int i = 0; i < 50 && (up == null || up.getStatus() != Status.UP); i++) {
                            up = indicator.health();
                        }
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        // DOWN again for another reason (the only connection is held): the old error is gone.
                        try (Connection onlyOne = pool.getConnection()) {
                            assertThat((String) indicator.health().getDetails().get("reason"))
                                    .isEqualTo("no connection could be borrowed and validated within 300ms (validation-timeout)");
                        }
                    });
        }
    }

    @Test
    void outOfServiceWhileSuspendedAndUpAgainAfterResume() {
        runner.run(context -> {
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            HealthIndicator indicator = indicator(context.getBean("eddyPool", HealthContributor.class));
            pool.suspend();
            Health suspended = indicator.health();
            assertThat(suspended.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(suspended.getDetails()).containsEntry("reason", "the pool is suspended");
            pool.resume();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void outOfServiceWhenClosed() {
        runner.run(context -> {
            context.getBean(EddyDataSource.class).close();
            Health health = indicator(context.getBean("eddyPool", HealthContributor.class)).health();
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails()).containsEntry("reason", "the pool is closed");
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("management.health.eddypool.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("eddyPool"));
    }

    /** Pools are found at run time, whatever their bean's type: with none, the contributor is empty (and Boot's health endpoint leaves out empty composites). */
    @Test
    void emptyWithoutAnEddyPool() {
        runner.withUserConfiguration(PlainDataSource.class).run(context -> {
            HealthContributor contributor = context.getBean("eddyPool", HealthContributor.class);
            assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
            assertThat(((CompositeHealthContributor) contributor).stream()).isEmpty();
        });
    }

    @Test
    void oneIndicatorPerPoolWhenThereAreSeveral() {
        // Without HikariCP, as with the starter: with HikariCP and org.crac (both on this module's test
        // classpath), Boot's own DataSourceCheckpointRestoreConfiguration.Hikari needs a single DataSource.
        runner.withClassLoader(new FilteredClassLoader("com.zaxxer.hikari"))
                .withUserConfiguration(TwoPools.class).run(context -> {
            HealthContributor contributor = context.getBean("eddyPool", HealthContributor.class);
            assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
            CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
            assertThat(indicator(composite.getContributor("first")).health().getStatus()).isEqualTo(Status.UP);
            assertThat(indicator(composite.getContributor("second")).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    private static HealthIndicator indicator(HealthContributor contributor) {
        assertThat(contributor).isInstanceOf(HealthIndicator.class);
        return (HealthIndicator) contributor;
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainDataSource {
        @Bean
        DataSource dataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:plain");
            return h2;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPools {
        @Bean(destroyMethod = "close")
        EddyDataSource first() {
            return pool("first");
        }

        @Bean(destroyMethod = "close")
        EddyDataSource second() {
            return pool("second");
        }

        private static EddyDataSource pool(String name) {
            return new EddyDataSource(EddyConfig.builder().poolName(name).jdbcUrl("jdbc:h2:mem:" + name)
                    .minSize(0).maxSize(2).validationTimeout(Duration.ofSeconds(1)).build());
        }
    }
}
