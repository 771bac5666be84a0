package io.github.eddypool.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.FatalErrorOverride;
import io.github.eddypool.PoolListener;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

class EddyDataSourceAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.pool.min-size=1");

    @Test
    void createsAnEddyPoolOnTheEmbeddedDatabaseWhenNothingIsConfigured() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DataSource.class);
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            assertThat(pool.config().jdbcUrl()).startsWith("jdbc:h2:mem:");
            assertThat(pool.config().username()).isEqualTo("sa");
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 40 + 2", Integer.class)).isEqualTo(42);
        });
    }

    @Test
    void winsOverHikariOnTheClasspath() {
        assertThat(HikariDataSource.class).as("HikariCP must be on the test classpath for this test").isNotNull();
        runner.run(context -> {
            assertThat(context).hasSingleBean(DataSource.class);
            assertThat(context).doesNotHaveBean(HikariDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(EddyDataSource.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesADataSource() {
        runner.withUserConfiguration(UserDataSourceConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(DataSource.class);
            assertThat(context).doesNotHaveBean(EddyDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(JdbcDataSource.class);
        });
    }

    @Test
    void backsOffWhenDisabledAndLetsBootCreateItsDefaultPool() {
        runner.withPropertyValues("eddy.pool.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(EddyDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    @Test
    void backsOffWhenEddyIsNotOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(EddyDataSource.class)).run(context -> {
            assertThat(context).doesNotHaveBean(EddyDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    @Test
    void takesTheConnectionSettingsFromSpringDatasource() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:fromspring;DB_CLOSE_DELAY=-1",
                "spring.datasource.username=app", "spring.datasource.password=s3cret-app-pw",
                "spring.datasource.driver-class-name=org.h2.Driver").run(context -> {
            EddyConfig config = context.getBean(EddyDataSource.class).config();
            assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:mem:fromspring;DB_CLOSE_DELAY=-1");
            assertThat(config.username()).isEqualTo("app");
            assertThat(config.password()).isEqualTo("s3cret-app-pw");
            assertThat(config.driverClassName()).isEqualTo("org.h2.Driver");
        });
    }

    @Test
    void eddySettingsOverrideSpringDatasource() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:fromspring2",
                "spring.datasource.username=spring-user",
                "eddy.pool.jdbc-url=jdbc:h2:mem:fromeddy;DB_CLOSE_DELAY=-1",
                "eddy.pool.username=eddy-user", "eddy.pool.password=eddy-pw",
                "eddy.pool.driver-class-name=org.h2.Driver").run(context -> {
            EddyConfig config = context.getBean(EddyDataSource.class).config();
            assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:mem:fromeddy;DB_CLOSE_DELAY=-1");
            assertThat(config.username()).isEqualTo("eddy-user");
            assertThat(config.password()).isEqualTo("eddy-pw");
            assertThat(config.driverClassName()).isEqualTo("org.h2.Driver");
        });
    }

    @Test
    void namesThePoolAfterSpringDatasourceNameUnlessEddyNamesIt() {
        runner.withPropertyValues("spring.datasource.name=orders").run(context ->
                assertThat(context.getBean(EddyDataSource.class).getPoolName()).isEqualTo("orders"));
        runner.withPropertyValues("spring.datasource.name=orders", "eddy.pool.pool-name=orders-pool").run(context ->
                assertThat(context.getBean(EddyDataSource.class).getPoolName()).isEqualTo("orders-pool"));
    }

    @Test
    void anEddyUrlDoesNotPickUpBootsEmbeddedDefaultUser() {
        runner.withPropertyValues("eddy.pool.jdbc-url=jdbc:h2:mem:eddyonly;DB_CLOSE_DELAY=-1").run(context -> {
            EddyConfig config = context.getBean(EddyDataSource.class).config();
            assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:mem:eddyonly;DB_CLOSE_DELAY=-1");
            assertThat(config.username()).isNull();
        });
    }

    @Test
    void defaultsOfValidationTimeoutAndKeepaliveFollowTheShorterTimeouts() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:shortdefaults;DB_CLOSE_DELAY=-1",
                "eddy.pool.connection-timeout=2s", "eddy.pool.max-lifetime=1m").run(context -> {
            assertThat(context).hasNotFailed();
            EddyConfig c = context.getBean(EddyDataSource.class).config();
            assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.keepaliveTime()).isEqualTo(Duration.ZERO);
        });
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:plaindefaults;DB_CLOSE_DELAY=-1").run(context -> {
            EddyConfig c = context.getBean(EddyDataSource.class).config();
            assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.keepaliveTime()).isEqualTo(Duration.ofMinutes(2));
        });
    }

    @Test
    void validateWritableIsBound() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:writable;DB_CLOSE_DELAY=-1",
                "eddy.pool.validate-writable=true", "eddy.pool.initialization-fail-timeout=-1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EddyDataSource.class).config().validateWritable()).isTrue();
        });
    }

    @Test
    void aFatalErrorOverrideClassThatDoesNotFitFailsStartUpSayingWhy() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:override;DB_CLOSE_DELAY=-1",
                "eddy.pool.fatal-error-override-class-name=java.lang.String").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(EddyConfigException.class)
                    .hasMessageStartingWith("fatal-error-override-class-name: class java.lang.String does not implement"
                            + " io.github.eddypool.FatalErrorOverride");
        });
    }

    @Test
    void aFatalErrorOverrideBeanIsUsedByThePool() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:overridebean;DB_CLOSE_DELAY=-1")
                .withBean("nothingIsFatal", FatalErrorOverride.class, NothingIsFatal::new).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EddyDataSource.class).config().fatalErrorOverride())
                            .isSameAs(context.getBean("nothingIsFatal"));
                });
    }

    @Test
    void ofSeveralFatalErrorOverrideBeansThePrimaryOneIsUsedAndWithoutOneStartUpFailsNamingThem() {
        ApplicationContextRunner two = runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:overridebeans;DB_CLOSE_DELAY=-1")
                .withBean("first", FatalErrorOverride.class, NothingIsFatal::new);
        two.withBean("second", FatalErrorOverride.class, NothingIsFatal::new).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(EddyConfigException.class)
                    .hasMessage("fatal-error-override: there are 2 FatalErrorOverride beans (first, second) and none is @Primary."
                            + " Mark the one the pool should ask @Primary, or keep only one");
        });
        two.withBean("second", FatalErrorOverride.class, NothingIsFatal::new, d -> d.setPrimary(true)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EddyDataSource.class).config().fatalErrorOverride()).isSameAs(context.getBean("second"));
        });
    }

    @Test
    void aFatalErrorOverrideBeanBesideTheClassNamePropertyFailsStartUp() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:overrideboth;DB_CLOSE_DELAY=-1",
                        "eddy.pool.fatal-error-override-class-name=" + NothingIsFatal.class.getName())
                .withBean("nothingIsFatal", FatalErrorOverride.class, NothingIsFatal::new).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(EddyConfigException.class)
                            .hasMessageStartingWith("fatal-error-override-class-name: is set together with a fatal-error-override"
                                    + " instance (" + NothingIsFatal.class.getName() + ")");
                });
    }

    /** Named by eddy.pool.fatal-error-override-class-name in the tests. */
    public static final class NothingIsFatal implements FatalErrorOverride {
        @Override
        public Verdict judge(SQLException e) {
            return Verdict.NOT_FATAL;
        }
    }

    @Test
    void bindsEveryPoolProperty() {
        runner.withPropertyValues(
                "spring.datasource.url=jdbc:h2:mem:allprops;DB_CLOSE_DELAY=-1",
                "eddy.pool.pool-name=all-props",
                "eddy.pool.data-source-properties.IGNORECASE=TRUE",
                "eddy.pool.min-size=2",
                "eddy.pool.max-size=7",
                "eddy.pool.connection-timeout=4s",
                "eddy.pool.max-waiting=50",
                "eddy.pool.idle-timeout=3m",
                "eddy.pool.max-lifetime=20m",
                "eddy.pool.max-queries=1000",
                "eddy.pool.keepalive-time=90s",
                "eddy.pool.pre-ping=false",
                "eddy.pool.validation-timeout=2s",
                "eddy.pool.connection-test-query=SELECT 1",
                "eddy.pool.leak-detection-threshold=15s",
                "eddy.pool.connection-init-sql=SET @EDDY = 1",
                "eddy.pool.reset-sql=SET @EDDY = 2",
                "eddy.pool.auto-commit=false",
                "eddy.pool.transaction-isolation=READ_COMMITTED",
                "eddy.pool.read-only=true",
                "eddy.pool.catalog=ALLPROPS",
                "eddy.pool.schema=PUBLIC",
                "eddy.pool.initialization-fail-timeout=3s",
                "eddy.pool.creation-concurrency=2",
                "eddy.pool.housekeeping-period=5s",
                "eddy.pool.shutdown-grace-period=1s",
                "eddy.pool.register-mbeans=true",
                "eddy.pool.transaction-pooler=true",
                "eddy.pool.slow-acquire-threshold=250ms",
                "eddy.pool.database-cores=8",
                "eddy.pool.database-spindles=2",
                "eddy.pool.fleet-size=3",
                "eddy.pool.fatal-error-override-class-name=" + NothingIsFatal.class.getName()).run(context -> {
            assertThat(context).hasNotFailed();
            EddyConfig c = context.getBean(EddyDataSource.class).config();
            assertThat(c.poolName()).isEqualTo("all-props");
            assertThat(c.slowAcquireThreshold()).isEqualTo(Duration.ofMillis(250));
            assertThat(c.databaseCores()).isEqualTo(8);
            assertThat(c.databaseSpindles()).isEqualTo(2);
            assertThat(c.fleetSize()).isEqualTo(3);
            assertThat(c.dataSourceProperties()).containsEntry("IGNORECASE", "TRUE");
            assertThat(c.minSize()).isEqualTo(2);
            assertThat(c.maxSize()).isEqualTo(7);
            assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(c.maxWaiting()).isEqualTo(50);
            assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(3));
            assertThat(c.maxLifetime()).isEqualTo(Duration.ofMinutes(20));
            assertThat(c.maxQueries()).isEqualTo(1000);
            assertThat(c.keepaliveTime()).isEqualTo(Duration.ofSeconds(90));
            assertThat(c.prePing()).isFalse();
            assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.connectionTestQuery()).isEqualTo("SELECT 1");
            assertThat(c.leakDetectionThreshold()).isEqualTo(Duration.ofSeconds(15));
            assertThat(c.connectionInitSql()).isEqualTo("SET @EDDY = 1");
            assertThat(c.resetSql()).isEqualTo("SET @EDDY = 2");
            assertThat(c.autoCommit()).isFalse();
            assertThat(c.transactionIsolation()).isEqualTo("READ_COMMITTED");
            assertThat(c.readOnly()).isTrue();
            assertThat(c.catalog()).isEqualTo("ALLPROPS");
            assertThat(c.schema()).isEqualTo("PUBLIC");
            assertThat(c.initializationFailTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(c.creationConcurrency()).isEqualTo(2);
            assertThat(c.housekeepingPeriod()).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(1));
            assertThat(c.registerMbeans()).isTrue();
            assertThat(c.transactionPooler()).isTrue();
            assertThat(c.validateWritable()).isFalse(); // not with read-only=true; see validateWritableIsBound
            assertThat(c.fatalErrorOverride()).isInstanceOf(NothingIsFatal.class);
            // The settings reach the connections the pool lends.
            try (Connection connection = context.getBean(DataSource.class).getConnection()) {
                assertThat(connection.getAutoCommit()).isFalse();
                assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            }
        });
    }

    @Test
    void unsetPropertiesGiveTheBuildersDefaults() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:defaults;DB_CLOSE_DELAY=-1", "eddy.pool.pool-name=defaults")
                .run(context -> {
                    // Compare with the builder's own defaults, setting only what the runner sets.
                    Map<String, Object> expected = EddyConfig.builder().jdbcUrl("jdbc:h2:mem:defaults;DB_CLOSE_DELAY=-1")
                            .poolName("defaults").minSize(1).build().describe();
                    Map<String, Object> actual = context.getBean(EddyDataSource.class).config().describe();
                    for (String key : expected.keySet()) {
                        if (!key.equals("username") && !key.equals("password") && !key.equals("driver-class-name")) {
                            assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key));
                        }
                    }
                });
    }

    @Test
    void appliesCustomizersInOrderAfterTheProperties() {
        AtomicReference<Long> events = new AtomicReference<>(0L);
        runner.withPropertyValues("eddy.pool.max-size=3")
                .withBean("sizeCustomizer", EddyConfigCustomizer.class, () -> b -> b.maxSize(5))
                .withBean("listenerCustomizer", EddyConfigCustomizer.class, () -> b -> b.listener(new PoolListener() {
                    @Override
                    public void connectionAcquired(long nanos) {
                        events.updateAndGet(n -> n + 1);
                    }
                }))
                .run(context -> {
                    EddyDataSource pool = context.getBean(EddyDataSource.class);
                    assertThat(pool.config().maxSize()).isEqualTo(5);
                    try (Connection c = pool.getConnection()) {
                        assertThat(c.isValid(1)).isTrue();
                    }
                    assertThat(events.get()).isEqualTo(1);
                });
    }

    @Test
    void closesThePoolWithTheContext() {
        AtomicReference<EddyDataSource> pool = new AtomicReference<>();
        runner.run(context -> pool.set(context.getBean(EddyDataSource.class)));
        assertThat(pool.get().isClosed()).isTrue();
    }

    @Test
    void contextShutdownGivesBorrowedConnectionsTheGracePeriod() {
        runner.withPropertyValues("eddy.pool.shutdown-grace-period=5s").run(context -> {
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            Connection borrowed = pool.getConnection();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(context::close);
            Thread.sleep(500);
            // Still inside the grace period: the borrower finishes its work.
            assertThat(shutdown).isNotDone();
            try (var statement = borrowed.createStatement(); var rs = statement.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            borrowed.close();
            shutdown.get(3, TimeUnit.SECONDS);
            assertThat(pool.isClosed()).isTrue();
        });
    }

    @Test
    void registersTheMxBeanWhenSpringJmxIsEnabled() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = poolObjectName("jmx-on");
        runner.withPropertyValues("spring.jmx.enabled=true", "eddy.pool.pool-name=jmx-on").run(context -> {
            assertThat(context.getBean(EddyDataSource.class).config().registerMbeans()).isTrue();
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.getAttribute(name, "MaxSize")).isEqualTo(10);
        });
        assertThat(server.isRegistered(name)).as("unregistered when the context closes").isFalse();
    }

    @Test
    void registersNoMxBeanByDefault() throws Exception {
        ObjectName name = poolObjectName("jmx-off");
        runner.withPropertyValues("eddy.pool.pool-name=jmx-off").run(context -> {
            assertThat(context.getBean(EddyDataSource.class).config().registerMbeans()).isFalse();
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name)).isFalse();
        });
    }

    /** The documented name: pool names need no quoting (letters, digits, '.', '_', '-'). */
    private static ObjectName poolObjectName(String poolName) throws Exception {
        return new ObjectName("io.github.eddypool:type=Pool,name=" + poolName);
    }

    @Configuration(proxyBeanMethods = false)
    static class UserDataSourceConfiguration {

        @Bean
        DataSource userDataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:user;DB_CLOSE_DELAY=-1");
            return h2;
        }
    }
}
