package io.github.eddypool.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.spring.boot.autoconfigure.diagnostics.EddyStartupFailureAnalyzer;
import io.github.eddypool.spring.boot.autoconfigure.health.EddyPoolHealthContributorAutoConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.XADataSourceWrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.MethodMetadata;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import java.sql.Connection;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import javax.sql.DataSource;
import javax.sql.XADataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path Spring Boot gives an application to choose or shape its DataSource behaves with
 * Eddy as it does with HikariCP (issue #8): connection details, spring.datasource.hikari.*,
 * spring.datasource.type, JNDI, XA, an excluded DataSourceAutoConfiguration, lazy connection
 * fetch, and Boot's own factory method (which test slices, @AutoConfigureTestDatabase and
 * DevTools look for).
 */
@ExtendWith(OutputCaptureExtension.class)
class BootDataSourceParityTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class,
                    DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.pool.min-size=1");

    // --- connection details (Testcontainers @ServiceConnection, Docker Compose) ---

    @Test
    void connectionDetailsWinOverPropertiesAsForHikari() {
        runner.withUserConfiguration(ContainerConnectionDetails.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:from-properties;DB_CLOSE_DELAY=-1",
                        "spring.datasource.username=props-user", "eddy.pool.username=eddy-user")
                .run(context -> {
                    EddyDataSource pool = context.getBean(EddyDataSource.class);
                    EddyConfig config = pool.config();
                    assertThat(config.jdbcUrl()).isEqualTo(ContainerConnectionDetails.URL);
                    assertThat(config.username()).isEqualTo("container-user");
                    assertThat(config.password()).isEqualTo("container-pw");
                    assertThat(config.driverClassName()).isEqualTo("org.h2.Driver");
                    try (Connection c = pool.getConnection()) {
                        assertThat(c.getMetaData().getURL()).startsWith("jdbc:h2:mem:from-container");
                        assertThat(c.getMetaData().getUserName()).isEqualToIgnoringCase("container-user");
                    }
                });
    }

    @Test
    void withoutHikariOrH2ConnectionDetailsAloneAreEnough() {
        // Nothing in spring.datasource.*: the details are the only source of the URL.
        runner.withUserConfiguration(ContainerConnectionDetails.class)
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(HikariDataSource.class))
                .withPropertyValues("eddy.pool.initialization-fail-timeout=20s")
                .run(context -> assertThat(context.getBean(EddyDataSource.class).config().jdbcUrl())
                        .isEqualTo(ContainerConnectionDetails.URL));
    }

    @Test
    void aStartupFailureNamesTheDatabaseOfTheConnectionDetailsNotOfTheProperties() {
        runner.withBean("unreachableDetails", JdbcConnectionDetails.class, () -> new JdbcConnectionDetails() {
                    @Override
                    public String getUsername() {
                        return "someone";
                    }

                    @Override
                    public String getPassword() {
                        return "details-pw-77";
                    }

                    @Override
                    public String getJdbcUrl() {
                        return "jdbc:postgresql://127.0.0.1:1/fromdetails";
                    }
                })
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example:6543/fromproperties",
                        "eddy.pool.initialization-fail-timeout=300ms")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new EddyStartupFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("Database: 127.0.0.1:1 (postgresql)")
                            .doesNotContain("db.example").doesNotContain("details-pw-77");
                });
    }

    // --- eddy.pool.credentials-supplier: rotated passwords, short-lived tokens ---

    @Test
    void aCredentialsSupplierBeanNamedByAPropertyGivesEveryConnectionItsCredentials() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        runner.withBean("rotatingCredentials", java.util.function.Supplier.class,
                        () -> (java.util.function.Supplier<io.github.eddypool.Credentials>) () -> {
                            asked.incrementAndGet();
                            return new io.github.eddypool.Credentials("sa", "");
                        })
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:rotating;DB_CLOSE_DELAY=-1",
                        "spring.datasource.username=ignored-user", "eddy.pool.credentials-supplier=rotatingCredentials",
                        "eddy.pool.min-size=2", "eddy.pool.max-size=2")
                .run(context -> {
                    EddyDataSource pool = context.getBean(EddyDataSource.class);
                    assertThat(pool.config().credentialsSupplier()).isNotNull();
                    assertThat(pool.config().username()).as("no fixed user beside the supplier").isNull();
                    try (Connection c = pool.getConnection()) {
                        assertThat(c.getMetaData().getUserName()).isEqualToIgnoringCase("sa");
                    }
                    assertThat(asked.get()).as("asked once per new connection").isGreaterThanOrEqualTo(1);
                });
    }

    @Test
    void aMissingCredentialsSupplierBeanFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("eddy.pool.credentials-supplier=noSuchBean").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(io.github.eddypool.EddyConfigException.class)
                    .hasMessageContaining("credentials-supplier").hasMessageContaining("noSuchBean");
        });
    }

    // --- the bean is Boot's: what @AutoConfigureTestDatabase and DevTools look for ---

    @Test
    void thePoolComesFromBootsDataSourceConfiguration() {
        runner.run(context -> {
            var definition = context.getBeanFactory().getBeanDefinition("dataSource");
            assertThat(definition).isInstanceOf(AnnotatedBeanDefinition.class);
            MethodMetadata factoryMethod = ((AnnotatedBeanDefinition) definition).getFactoryMethodMetadata();
            assertThat(factoryMethod).isNotNull();
            // TestDatabaseAutoConfiguration: "auto-configured" = declared in this package;
            // DevToolsDataSourceAutoConfiguration: in DataSourceConfiguration$...
            assertThat(factoryMethod.getDeclaringClassName())
                    .startsWith("org.springframework.boot.jdbc.autoconfigure.DataSourceConfiguration$");
            assertThat(context.getBean("dataSource")).isInstanceOf(EddyDataSource.class);
        });
    }

    // --- spring.datasource.hikari.* ---

    @Test
    void hikariSettingsAreAppliedUnderTheirEddyNamesWithOneWarning(CapturedOutput output) {
        runner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=7",
                        "spring.datasource.hikari.minimum-idle=2", "spring.datasource.hikari.connection-timeout=5000",
                        "spring.datasource.hikari.pool-name=orders", "spring.datasource.hikari.max-lifetime=600000",
                        "spring.datasource.hikari.transaction-isolation=TRANSACTION_READ_COMMITTED",
                        "spring.datasource.hikari.data-source-properties.applicationName=orders-app",
                        "spring.datasource.hikari.allow-pool-suspension=true")
                .run(context -> {
                    EddyConfig config = context.getBean(EddyDataSource.class).config();
                    assertThat(config.maxSize()).isEqualTo(7);
                    assertThat(config.minSize()).as("eddy.pool.min-size=1 is set too, and wins").isEqualTo(1);
                    assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(config.poolName()).isEqualTo("orders");
                    assertThat(config.maxLifetime()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(config.transactionIsolation()).isEqualTo("TRANSACTION_READ_COMMITTED");
                    assertThat(config.dataSourceProperties()).containsEntry("applicationName", "orders-app");
                });
        String log = output.getOut() + output.getErr();
        assertThat(log).containsOnlyOnce("The Eddy pool read HikariCP settings under their Eddy names")
                .contains("spring.datasource.hikari.maximum-pool-size -> eddy.pool.max-size")
                .contains("ignored spring.datasource.hikari.minimum-idle (eddy.pool.min-size is set)")
                .contains("spring.datasource.hikari.connection-timeout -> eddy.pool.connection-timeout")
                .contains("spring.datasource.hikari.pool-name -> eddy.pool.pool-name")
                .contains("ignored spring.datasource.hikari.allow-pool-suspension: Eddy pools can always be suspended");
    }

    @Test
    void anEddySettingWinsOverItsHikariName(CapturedOutput output) {
        runner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=7", "eddy.pool.max-size=4")
                .run(context -> assertThat(context.getBean(EddyDataSource.class).config().maxSize()).isEqualTo(4));
        assertThat(output.getOut() + output.getErr())
                .contains("ignored spring.datasource.hikari.maximum-pool-size (eddy.pool.max-size is set)");
    }

    @Test
    void aHikariSettingEddyCannotHonourFailsStartUpNamingIt() {
        runner.withPropertyValues("spring.datasource.hikari.exception-override-class-name=com.example.Override",
                        "spring.datasource.hikari.maximum-pool-size=7")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("spring.datasource.hikari.exception-override-class-name (implement"
                                    + " io.github.eddypool.FatalErrorOverride (FATAL, NOT_FATAL and DEFAULT for MUST_EVICT,"
                                    + " DO_NOT_EVICT and CONTINUE_EVICT) and name it in eddy.pool.fatal-error-override-class-name)")
                            .hasMessageNotContaining("maximum-pool-size");
                });
    }

    @Test
    void aVendorDataSourceClassOpensTheConnectionsAsHikariCpsDataSourceClassName(CapturedOutput output) {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:not-used;DB_CLOSE_DELAY=-1",
                        "eddy.pool.data-source-class-name=org.h2.jdbcx.JdbcDataSource",
                        "eddy.pool.data-source-properties.URL=jdbc:h2:mem:vendor-class;DB_CLOSE_DELAY=-1",
                        "eddy.pool.username=vendor-user")
                .run(context -> {
                    EddyConfig config = context.getBean(EddyDataSource.class).config();
                    assertThat(config.dataSourceClassName()).isEqualTo(JdbcDataSource.class.getName());
                    assertThat(config.jdbcUrl()).isNull();
                    assertThat(((JdbcDataSource) config.dataSource()).getURL()).isEqualTo("jdbc:h2:mem:vendor-class;DB_CLOSE_DELAY=-1");
                    try (Connection c = context.getBean(DataSource.class).getConnection()) {
                        assertThat(c.getMetaData().getURL()).isEqualTo("jdbc:h2:mem:vendor-class");
                        assertThat(c.getMetaData().getUserName()).isEqualToIgnoringCase("vendor-user");
                    }
                });
        assertThat(output.getOut() + output.getErr()).contains("spring.datasource.url is not used: eddy.pool.data-source-class-name is set");
    }

    @Test
    void hikariDataSourceClassNameIsReadUnderItsEddyName() {
        runner.withPropertyValues("spring.datasource.hikari.data-source-class-name=org.h2.jdbcx.JdbcDataSource",
                        "spring.datasource.hikari.data-source-properties.url=jdbc:h2:mem:hikari-class;DB_CLOSE_DELAY=-1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EddyConfig config = context.getBean(EddyDataSource.class).config();
                    assertThat(config.dataSourceClassName()).isEqualTo(JdbcDataSource.class.getName());
                    try (Connection c = context.getBean(DataSource.class).getConnection()) {
                        assertThat(c.getMetaData().getURL()).isEqualTo("jdbc:h2:mem:hikari-class");
                    }
                });
    }

    @Test
    void noHikariSettingsNoWarning(CapturedOutput output) {
        runner.run(context -> assertThat(context).hasSingleBean(EddyDataSource.class));
        assertThat(output.getOut() + output.getErr()).doesNotContain("HikariCP settings");
    }

    // --- the application's choice of DataSource, as Boot's own configuration honours it ---

    @Test
    void anExplicitSpringDatasourceTypeIsHonoured() {
        runner.withPropertyValues("spring.datasource.type=com.zaxxer.hikari.HikariDataSource").run(context -> {
            assertThat(context).doesNotHaveBean(EddyDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    @Test
    void excludingBootsDataSourceAutoConfigurationMeansNoDataSource() {
        new ApplicationContextRunner()
                .withInitializer(EddyDefaults.INITIALIZER)
                .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class,
                        EddyPoolMetadataAutoConfiguration.class, EddyPoolHealthContributorAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DataSource.class);
                    assertThat(context).doesNotHaveBean("eddyPool");
                });
    }

    @Test
    void aDataSourceBoundInJndiOpensThePoolsConnectionsAsHikariCpsDataSourceJndi(CapturedOutput output) {
        JdbcDataSource appServerDataSource = new JdbcDataSource();
        appServerDataSource.setURL("jdbc:h2:mem:jndi-pooled;DB_CLOSE_DELAY=-1");
        TestInitialContextFactory.bind("java:comp/env/jdbc/pooled", appServerDataSource);
        withJndi(() -> {
            for (String property : new String[] {"eddy.pool.data-source-jndi-name", "spring.datasource.hikari.data-source-j-n-d-i"}) {
                runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:not-used;DB_CLOSE_DELAY=-1",
                                property + "=java:comp/env/jdbc/pooled", "eddy.pool.username=jndi-user")
                        .run(context -> {
                            assertThat(context).hasNotFailed();
                            EddyConfig config = context.getBean(EddyDataSource.class).config();
                            assertThat(config.dataSourceJndiName()).as(property).isEqualTo("java:comp/env/jdbc/pooled");
                            assertThat(config.dataSource()).isSameAs(appServerDataSource);
                            assertThat(config.jdbcUrl()).isNull();
                            try (Connection c = context.getBean(DataSource.class).getConnection()) {
                                assertThat(c.getMetaData().getURL()).isEqualTo("jdbc:h2:mem:jndi-pooled");
                                assertThat(c.getMetaData().getUserName()).isEqualToIgnoringCase("jndi-user");
                            }
                        });
            }
        });
        assertThat(output.getOut() + output.getErr()).contains("spring.datasource.url is not used: eddy.pool.data-source-jndi-name is set,"
                + " and that DataSource opens the connections. The server that binds it says where it connects");
    }

    @Test
    void aJndiNameThatIsNotBoundFailsStartUpSayingWhatToChange() {
        withJndi(() -> runner.withPropertyValues("eddy.pool.data-source-jndi-name=jdbc/missing").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(EddyConfigException.class)
                    .hasMessageStartingWith("data-source-jndi-name: 'jdbc/missing' could not be looked up in JNDI (NameNotFoundException");
        }));
    }

    /** Runs {@code test} with {@link TestInitialContextFactory} as the JNDI provider, as an application server sets its own. */
    private static void withJndi(Runnable test) {
        String previous = System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestInitialContextFactory.class.getName());
        try {
            test.run();
        } finally {
            if (previous == null) {
                System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
            } else {
                System.setProperty(Context.INITIAL_CONTEXT_FACTORY, previous);
            }
        }
    }

    @Test
    void aJndiDataSourceIsUsedInsteadOfAPool() {
        JdbcDataSource appServerDataSource = new JdbcDataSource();
        appServerDataSource.setURL("jdbc:h2:mem:jndi");
        TestInitialContextFactory.bind("java:comp/env/jdbc/app", appServerDataSource);
        withJndi(() -> runner.withConfiguration(AutoConfigurations.of(JndiDataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.jndi-name=jdbc/app")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EddyDataSource.class);
                    assertThat(context.getBean(DataSource.class)).isSameAs(appServerDataSource);
                }));
    }

    @Test
    void anXaDataSourceIsUsedInsteadOfAPool() {
        runner.withConfiguration(AutoConfigurations.of(XADataSourceAutoConfiguration.class))
                .withUserConfiguration(XaWrapper.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:xa",
                        "spring.datasource.xa.data-source-class-name=org.h2.jdbcx.JdbcDataSource")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EddyDataSource.class);
                    assertThat(context.getBean(DataSource.class)).isInstanceOf(XaWrapper.WrappedXa.class);
                });
    }

    @Test
    void lazyConnectionFetchWrapsTheEddyPoolAndHealthStillFindsIt() {
        runner.withConfiguration(AutoConfigurations.of(EddyPoolHealthContributorAutoConfiguration.class))
                .withPropertyValues("spring.datasource.connection-fetch=lazy", "eddy.pool.pool-name=lazy")
                .run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
                    assertThat(((LazyConnectionDataSourceProxy) dataSource).getTargetDataSource())
                            .isInstanceOf(EddyDataSource.class);
                    try (Connection c = dataSource.getConnection()) {
                        assertThat(c.isValid(1)).isTrue();
                    }
                    HealthContributor health = context.getBean("eddyPool", HealthContributor.class);
                    assertThat(health).isInstanceOf(HealthIndicator.class);
                    assertThat(((HealthIndicator) health).health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ContainerConnectionDetails {

        static final String URL = "jdbc:h2:mem:from-container;DB_CLOSE_DELAY=-1";

        /** What Testcontainers' @ServiceConnection registers: a JdbcConnectionDetails of its own class. */
        @Bean
        JdbcConnectionDetails containerJdbcConnectionDetails() {
            return new JdbcConnectionDetails() {
                @Override
                public String getUsername() {
                    return "container-user";
                }

                @Override
                public String getPassword() {
                    return "container-pw";
                }

                @Override
                public String getJdbcUrl() {
                    return URL;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class XaWrapper {

        /** What a JTA integration's XADataSourceWrapper returns: a DataSource over the XADataSource. */
        static class WrappedXa extends org.springframework.jdbc.datasource.DelegatingDataSource {
            WrappedXa(XADataSource xa) {
                super((DataSource) xa);
            }
        }

        @Bean
        XADataSourceWrapper xaDataSourceWrapper() {
            return WrappedXa::new;
        }
    }

    /** A minimal JNDI provider, standing in for an application server's. */
    public static class TestInitialContextFactory implements InitialContextFactory {

        private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

        static void bind(String name, Object value) {
            BOUND.put(name, value);
        }

        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
            return new InitialContext(true) {
                @Override
                public Object lookup(String name) throws NamingException {
                    Object value = BOUND.get(name);
                    if (value == null) {
                        throw new NameNotFoundException(name);
                    }
                    return value;
                }

                @Override
                public Hashtable<?, ?> getEnvironment() {
                    return new Hashtable<>();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @AfterEach
    void forgetJndi() {
        TestInitialContextFactory.BOUND.clear();
    }
}
