package io.github.eddypool.sample;

import io.github.eddypool.EddyDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8: Spring Boot DevTools shuts an in-memory database down when the application context
 * closes (so a DevTools restart starts on a fresh database), but only for a DataSource it
 * recognises as auto-configured: one whose factory method is in Boot's
 * {@code DataSourceConfiguration} classes. With Eddy as Boot's pool, the sample app gets the
 * {@code inMemoryDatabaseShutdownExecutor}, and closing the context drops the H2 database.
 * <p>
 * DevTools switches itself off when a test framework is on the calling thread's stack
 * ({@code DevToolsEnablementDeducer}). The app is therefore started on a thread of its own, as
 * {@code main} would start it; restart and LiveReload are switched off
 * ({@code spring.devtools.restart.enabled=false} as a system property, which is how
 * DevTools' restart listener reads it), so only the DataSource support is in play.
 */
class DevToolsInMemoryDatabaseTests {

    @Test
    void closingTheContextShutsTheInMemoryDatabaseDown() throws Exception {
        String url = "jdbc:h2:mem:devtools-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ConfigurableApplicationContext context = startOffTheTestThread(
                "--spring.datasource.url=" + url,
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off",
                "--spring.devtools.livereload.enabled=false",
                "--spring.devtools.restart.enabled=false",
                "--eddy.pool.pool-name=devtools");
        try {
            assertThat(context.containsBean("inMemoryDatabaseShutdownExecutor"))
                    .as("DevTools registered its in-memory database shutdown for the pool").isTrue();
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource).isInstanceOf(EddyDataSource.class);
            assertThat(((EddyDataSource) dataSource).getPoolName()).isEqualTo("devtools");
            // What DevTools' condition looks at: the DataSource comes from Boot's DataSourceConfiguration.
            String[] names = context.getBeanFactory().getBeanNamesForType(DataSource.class);
            assertThat(names).hasSize(1);
            BeanDefinition definition = context.getBeanFactory().getBeanDefinition(names[0]);
            assertThat(definition).isInstanceOf(AnnotatedBeanDefinition.class);
            assertThat(((AnnotatedBeanDefinition) definition).getFactoryMethodMetadata().getDeclaringClassName())
                    .startsWith("org.springframework.boot.jdbc.autoconfigure.DataSourceConfiguration$");
            // The app created and filled its table in that database (spring.sql.init).
            assertThat(usersTables(url)).isEqualTo(1);
        } finally {
            context.close();
        }
        // DB_CLOSE_DELAY=-1 keeps an H2 in-memory database until SHUTDOWN; DevTools sent it, so the
        // same URL now opens a new, empty database.
        assertThat(usersTables(url)).as("USERS tables left in " + url + " after the context closed").isZero();
    }

    /** How many USERS tables the database at {@code url} has in its PUBLIC schema (through a connection of its own). */
    private static int usersTables(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'USERS'")) {
            rs.next();
            int count = rs.getInt(1);
            if (count == 0) {
                // Do not leave the empty database this check created behind.
                connection.createStatement().execute("SHUTDOWN");
            }
            return count;
        }
    }

    private static ConfigurableApplicationContext startOffTheTestThread(String... args) throws Exception {
        String previous = System.getProperty("spring.devtools.restart.enabled");
        System.setProperty("spring.devtools.restart.enabled", "false");
        try {
            CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    started.complete(SpringApplication.run(SampleApplication.class, args));
                } catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            }, "devtools-app-main");
            thread.start();
            return started.get(120, TimeUnit.SECONDS);
        } finally {
            if (previous == null) {
                System.clearProperty("spring.devtools.restart.enabled");
            } else {
                System.setProperty("spring.devtools.restart.enabled", previous);
            }
        }
    }
}
