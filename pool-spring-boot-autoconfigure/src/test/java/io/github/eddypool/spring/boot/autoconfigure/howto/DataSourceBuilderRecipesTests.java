package io.github.eddypool.spring.boot.autoconfigure.howto;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's documented ways of building a DataSource by hand work with Eddy:
 * {@code DataSourceBuilder.create().type(EddyDataSource.class)}, {@code DataSourceBuilder.derivedFrom}
 * (what Flyway, Liquibase and {@code spring.sql.init} use for a separate user), and the how-to
 * "Configure Two DataSources" with {@code @ConfigurationProperties} binding onto the pool.
 */
@Timeout(120)
class DataSourceBuilderRecipesTests {

    private final List<EddyDataSource> opened = new ArrayList<>();

    @AfterEach
    void closePools() {
        opened.forEach(EddyDataSource::close);
    }

    private EddyDataSource track(DataSource dataSource) {
        assertThat(dataSource).isInstanceOf(EddyDataSource.class);
        EddyDataSource pool = (EddyDataSource) dataSource;
        opened.add(pool);
        return pool;
    }

    // ------------------------------------------------------------------ DataSourceBuilder.create()

    @Test
    void createBuildsAWorkingPoolOnH2() {
        String url = "jdbc:h2:mem:builder-" + UUID.randomUUID();
        EddyDataSource pool = track(DataSourceBuilder.create().type(EddyDataSource.class)
                .url(url).username("sa").password("").driverClassName("org.h2.Driver").build());
        assertThat(pool.isStarted()).as("started on first use").isFalse();
        assertThat(new JdbcTemplate(pool).queryForObject("SELECT 40 + 2", Integer.class)).isEqualTo(42);
        assertThat(pool.config().jdbcUrl()).isEqualTo(url);
        assertThat(pool.config().username()).isEqualTo("sa");
        assertThat(pool.config().driverClassName()).isEqualTo("org.h2.Driver");
    }

    @Test
    @RequiresPostgres
    void createBuildsAWorkingPoolOnPostgres() {
        EddyDataSource pool = track(DataSourceBuilder.create().type(EddyDataSource.class)
                .url(Server.POSTGRES.url()).username(Server.POSTGRES.user()).password(Server.POSTGRES.password()).build());
        assertThat(new JdbcTemplate(pool).queryForObject("SELECT current_user", String.class))
                .isEqualTo(Server.POSTGRES.user());
    }

    // ------------------------------------------------------------------ DataSourceBuilder.derivedFrom()

    @Test
    void derivedFromCopiesUrlAndPasswordAndTakesANewUserOnH2() throws Exception {
        String url = "jdbc:h2:mem:derived-" + UUID.randomUUID();
        EddyDataSource original = track(DataSourceBuilder.create().type(EddyDataSource.class)
                .url(url).username("sa").password("s3cret-derived").build());
        try (Connection c = original.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER OTHER PASSWORD 's3cret-derived' ADMIN"); // the same password: it must be copied
        }

        EddyDataSource derived = track(DataSourceBuilder.derivedFrom(original).username("other").build());
        assertThat(derived).isNotSameAs(original);
        assertThat(derived.getUrl()).isEqualTo(url);
        assertThat(derived.getUsername()).isEqualTo("other");
        assertThat(derived.getPassword()).isEqualTo("s3cret-derived");
        assertThat(new JdbcTemplate(derived).queryForObject("SELECT CURRENT_USER", String.class)).isEqualToIgnoringCase("other");
        assertThat(new JdbcTemplate(original).queryForObject("SELECT CURRENT_USER", String.class)).isEqualToIgnoringCase("sa");
    }

    @Test
    @RequiresPostgres
    void derivedFromConnectsAsTheOtherUserOnPostgres() throws Exception {
        String role = "eddy_derived_user";
        try (Connection admin = Server.POSTGRES.connect(); Statement s = admin.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                    + "CREATE ROLE " + role + " LOGIN; END IF; END $$");
        }
        EddyDataSource original = track(DataSourceBuilder.create().type(EddyDataSource.class)
                .url(Server.POSTGRES.url()).username(Server.POSTGRES.user()).password(Server.POSTGRES.password()).build());
        original.start();

        EddyDataSource derived = track(DataSourceBuilder.derivedFrom(original).username(role).build());
        assertThat(derived.getUrl()).isEqualTo(Server.POSTGRES.url());
        assertThat(derived.getPassword()).isEqualTo(Server.POSTGRES.password());
        assertThat(new JdbcTemplate(derived).queryForObject("SELECT current_user", String.class)).isEqualTo(role);
    }

    @Test
    void derivedFromTheAutoConfiguredPool() {
        new ApplicationContextRunner()
                .withInitializer(EddyDefaults.INITIALIZER)
                .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:auto-derived-" + UUID.randomUUID(),
                        "spring.datasource.username=sa", "spring.datasource.password=auto-pw", "eddy.pool.min-size=1")
                .run(context -> {
                    DataSource auto = context.getBean(DataSource.class);
                    EddyDataSource derived = track(DataSourceBuilder.derivedFrom(auto).build());
                    assertThat(derived).isNotSameAs(auto);
                    assertThat(derived.getUrl()).isEqualTo(((EddyDataSource) auto).getUrl());
                    assertThat(derived.getPassword()).isEqualTo("auto-pw");
                    assertThat(new JdbcTemplate(derived).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
                });
    }

    // ------------------------------------------------------------------ how-to: two DataSources

    private final ApplicationContextRunner twoDataSources = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.pool.pool-name=first",
                    "eddy.pool.min-size=1");

    @Test
    void twoDataSourcesOnH2() {
        twoDataSources.withUserConfiguration(AdditionalDataSourceConfiguration.class)
                .withPropertyValues("app.datasource.second.url=jdbc:h2:mem:second-" + UUID.randomUUID(),
                        "app.datasource.second.username=sa",
                        "app.datasource.second.pool-name=second", "app.datasource.second.max-size=7",
                        "app.datasource.second.min-size=2", "app.datasource.second.connection-timeout=5s")
                .run(context -> assertTwoPools(context.getBean(DataSource.class),
                        context.getBean("secondDataSource", DataSource.class), context.getBean(JdbcTemplate.class)));
    }

    @Test
    @RequiresPostgres
    void twoDataSourcesOnPostgres() {
        twoDataSources.withUserConfiguration(AdditionalDataSourceConfiguration.class)
                .withPropertyValues("app.datasource.second.url=" + Server.POSTGRES.url(),
                        "app.datasource.second.username=" + Server.POSTGRES.user(),
                        "app.datasource.second.password=" + Server.POSTGRES.password(),
                        "app.datasource.second.pool-name=second", "app.datasource.second.max-size=7",
                        "app.datasource.second.min-size=2", "app.datasource.second.connection-timeout=5s",
                        "app.datasource.second.data-source-properties.ApplicationName=eddy-howto-second")
                .run(context -> {
                    DataSource second = context.getBean("secondDataSource", DataSource.class);
                    assertTwoPools(context.getBean(DataSource.class), second, context.getBean(JdbcTemplate.class));
                    assertThat(new JdbcTemplate(second).queryForObject("SELECT current_setting('application_name')",
                            String.class)).isEqualTo("eddy-howto-second");
                });
    }

    /** Boot's "complete" variant: DataSourceProperties for the connection, the pool's settings under .configuration. */
    @Test
    void twoDataSourcesWithTheirOwnDataSourcePropertiesOnH2() {
        twoDataSources.withUserConfiguration(CompleteAdditionalDataSourceConfiguration.class)
                .withPropertyValues("app.datasource.second.url=jdbc:h2:mem:second-complete-" + UUID.randomUUID(),
                        "app.datasource.second.username=sa",
                        "app.datasource.second.configuration.pool-name=second",
                        "app.datasource.second.configuration.max-size=7",
                        "app.datasource.second.configuration.min-size=2",
                        "app.datasource.second.configuration.connection-timeout=5s")
                .run(context -> assertTwoPools(context.getBean(DataSource.class),
                        context.getBean("secondDataSource", DataSource.class), context.getBean(JdbcTemplate.class)));
    }

    private static void assertTwoPools(DataSource first, DataSource second, JdbcTemplate primaryJdbc) throws Exception {
        assertThat(first).isNotSameAs(second);
        EddyPool firstPool = first.unwrap(EddyPool.class);
        assertThat(firstPool.getPoolName()).as("the auto-configured pool stayed").isEqualTo("first");
        assertThat(primaryJdbc.getDataSource()).as("injected by type: the auto-configured one").isSameAs(first);

        EddyDataSource secondPool = (EddyDataSource) second;
        assertThat(secondPool.getPoolName()).isEqualTo("second");
        assertThat(new JdbcTemplate(second).queryForObject("SELECT 40 + 2", Integer.class)).isEqualTo(42);
        assertThat(secondPool.config().maxSize()).isEqualTo(7);
        assertThat(secondPool.config().minSize()).isEqualTo(2);
        assertThat(secondPool.config().connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(secondPool.stats().max()).isEqualTo(7);
        assertThat(primaryJdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
    }

    /** Boot's MyAdditionalDataSourceConfiguration, with Eddy. */
    @Configuration(proxyBeanMethods = false)
    static class AdditionalDataSourceConfiguration {

        @Qualifier("second")
        @Bean(defaultCandidate = false)
        @ConfigurationProperties("app.datasource.second")
        EddyDataSource secondDataSource() {
            return DataSourceBuilder.create().type(EddyDataSource.class).build();
        }
    }

    /** Boot's MyCompleteAdditionalDataSourceConfiguration, with Eddy. */
    @Configuration(proxyBeanMethods = false)
    static class CompleteAdditionalDataSourceConfiguration {

        @Qualifier("second")
        @Bean(defaultCandidate = false)
        @ConfigurationProperties("app.datasource.second")
        DataSourceProperties secondDataSourceProperties() {
            return new DataSourceProperties();
        }

        @Qualifier("second")
        @Bean(defaultCandidate = false)
        @ConfigurationProperties("app.datasource.second.configuration")
        EddyDataSource secondDataSource(@Qualifier("second") DataSourceProperties dataSourceProperties) {
            return dataSourceProperties.initializeDataSourceBuilder().type(EddyDataSource.class).build();
        }
    }
}
