package io.github.eddypool.spring.boot.autoconfigure.crac;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyPool;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.RequiresPostgres;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The CRaC lifecycle: registered when {@code org.crac} is on the classpath and a DataSource
 * exists; drains the pools on {@code stop()} (no session left on the server) and refills them on
 * {@code start()}. Drives {@code stop()}/{@code start()} directly, as Spring's lifecycle processor
 * does before a checkpoint and after a restore.
 */
@Timeout(120)
class EddyCheckpointRestoreTests {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, EddyCheckpointRestoreAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.pool.min-size=1");

    // ------------------------------------------------------------------ conditions

    @Test
    void registeredWithCracOnTheClasspathAndADataSource() {
        runner.run(context -> assertThat(context).hasSingleBean(EddyCheckpointRestoreLifecycle.class));
    }

    @Test
    void absentWithoutCracOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader("org.crac"))
                .run(context -> {
                    assertThat(context).hasSingleBean(DataSource.class);
                    assertThat(context).doesNotHaveBean(EddyCheckpointRestoreLifecycle.class);
                });
    }

    @Test
    void absentWithoutADataSource() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EddyCheckpointRestoreAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EddyCheckpointRestoreLifecycle.class));
    }

    @Test
    void absentWithoutEddyOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(EddyDataSource.class))
                .run(context -> assertThat(context).doesNotHaveBean(EddyCheckpointRestoreLifecycle.class));
    }

    // ------------------------------------------------------------------ behaviour on H2

    @Test
    void aPoolNotStartedYetIsNotRunningAndIsLeftAlone() {
        runner.withUserConfiguration(LazyPoolConfiguration.class).run(context -> {
            EddyCheckpointRestoreLifecycle lifecycle = context.getBean(EddyCheckpointRestoreLifecycle.class);
            EddyDataSource lazy = context.getBean("lazyPool", EddyDataSource.class);
            EddyDataSource auto = context.getBean(DataSource.class).unwrap(EddyPool.class) instanceof EddyDataSource e ? e : null;
            assertThat(auto).isNotNull();
            assertThat(lifecycle.pools()).containsExactlyInAnyOrder(auto, lazy);
            assertThat(lifecycle.isRunning()).as("the auto-configured pool has started").isTrue();

            lifecycle.stop();
            assertThat(lazy.isStarted()).as("stop() did not start the lazy pool").isFalse();
            assertThat(auto.isSuspended()).isTrue();
            assertThat(auto.stats().total()).isZero();
            assertThat(lifecycle.isRunning()).isFalse();

            lifecycle.start();
            assertThat(lazy.isStarted()).isFalse();
            assertThat(auto.isSuspended()).isFalse();
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
        });
    }

    @Test
    void aPoolSuspendedBeforeTheCheckpointIsDrainedAndStaysSuspended() {
        runner.run(context -> {
            EddyCheckpointRestoreLifecycle lifecycle = context.getBean(EddyCheckpointRestoreLifecycle.class);
            EddyPool pool = context.getBean(DataSource.class).unwrap(EddyPool.class);
            await("min-size open", () -> pool.stats().idle() == 1);
            pool.suspend();
            assertThat(lifecycle.isRunning()).isFalse();

            lifecycle.stop(); // Spring calls stop() on running lifecycles only; it must drain anyway if called
            assertThat(pool.stats().total()).isZero();
            lifecycle.start();
            assertThat(pool.isSuspended()).as("left as the operator had it").isTrue();
            pool.resume();
            await("refilled after the operator's resume", () -> pool.stats().idle() == 1);
        });
    }

    @Test
    void closingTheContextDoesNotSuspendThePoolsBeforeTheyClose() {
        runner.withUserConfiguration(SuspensionAtShutdownRecorder.class).run(context -> {
            assertThat(context.getBean(EddyCheckpointRestoreLifecycle.class).isRunning()).isTrue();
            SuspensionAtShutdownRecorder.seen.set(null);
            context.close();
            assertThat(SuspensionAtShutdownRecorder.seen.get())
                    .as("the pool still lent when beans that use it were destroyed, after the lifecycle stopped")
                    .isEqualTo("suspended=false, closed=false");
        });
    }

    // ------------------------------------------------------------------ on PostgreSQL

    @Test
    @RequiresPostgres
    void stopLeavesNoSessionOnTheServerAndStartRefillsToMinSize() {
        String app = "eddy-crac-" + UUID.randomUUID().toString().substring(0, 8);
        postgres(app).withPropertyValues("eddy.pool.min-size=3", "eddy.pool.max-size=5").run(context -> {
            EddyCheckpointRestoreLifecycle lifecycle = context.getBean(EddyCheckpointRestoreLifecycle.class);
            EddyPool pool = context.getBean(DataSource.class).unwrap(EddyPool.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT current_setting('application_name')", String.class)).isEqualTo(app);
            await("3 sessions", () -> sessions(app) == 3);
            assertThat(lifecycle.isRunning()).isTrue();

            lifecycle.stop();
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.closingConnections()).as("physical closes still under way after stop()").isZero();
            // Each client closed its socket before stop() returned; the server's backends then
            // exit on their own time, which on a busy machine can be a moment later.
            await("no session of the pool left on the server", () -> sessions(app) == 0);
            assertThat(pool.isSuspended()).isTrue();
            assertThat(lifecycle.isRunning()).isFalse();
            Thread.sleep(500);
            assertThat(sessions(app)).as("nothing reopened while suspended").isZero();

            lifecycle.start();
            assertThat(lifecycle.isRunning()).isTrue();
            await("refilled to min-size", () -> sessions(app) == 3 && pool.stats().idle() == 3);
            assertThat(jdbc.queryForObject("SELECT 40 + 2", Integer.class)).isEqualTo(42);
        });
    }

    @Test
    @RequiresPostgres
    void stopWaitsForABorrowedConnectionAndABorrowerWaitingMeanwhileIsServedAfterStart() throws Exception {
        String app = "eddy-crac-" + UUID.randomUUID().toString().substring(0, 8);
        postgres(app).withPropertyValues("eddy.pool.min-size=2", "eddy.pool.max-size=2", "eddy.pool.connection-timeout=20s")
                .run(context -> {
                    EddyCheckpointRestoreLifecycle lifecycle = context.getBean(EddyCheckpointRestoreLifecycle.class);
                    DataSource dataSource = context.getBean(DataSource.class);
                    await("2 sessions", () -> sessions(app) == 2);

                    CountDownLatch borrowed = new CountDownLatch(1);
                    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
                        try (Connection c = dataSource.getConnection()) {
                            borrowed.countDown();
                            Thread.sleep(1_000);
                            try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                                rs.next();
                            }
                        } catch (SQLException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    assertThat(borrowed.await(30, TimeUnit.SECONDS)).isTrue();

                    lifecycle.stop();
                    holder.get(30, TimeUnit.SECONDS);
                    assertThat(sessions(app)).as("the borrowed connection was closed when returned").isZero();

                    CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
                        try (Connection c = dataSource.getConnection();
                             ResultSet rs = c.createStatement().executeQuery("SELECT 7")) {
                            rs.next();
                            return rs.getInt(1);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    EddyPool pool = dataSource.unwrap(EddyPool.class);
                    await("the borrower waits", () -> pool.stats().pending() == 1);
                    assertThat(sessions(app)).as("no connection opened for the waiter while suspended").isZero();

                    lifecycle.start();
                    assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(7);
                    await("refilled to min-size", () -> sessions(app) == 2);
                });
    }

    @Test
    @RequiresPostgres
    void drainsEveryPoolIncludingAWrappedNonDefaultCandidate() {
        String app = "eddy-crac-" + UUID.randomUUID().toString().substring(0, 8);
        postgres(app).withPropertyValues("eddy.pool.min-size=2", "second.application-name=" + app + "-2")
                .withUserConfiguration(WrappedSecondPoolConfiguration.class)
                .run(context -> {
                    EddyCheckpointRestoreLifecycle lifecycle = context.getBean(EddyCheckpointRestoreLifecycle.class);
                    DataSource second = context.getBean("secondDataSource", DataSource.class);
                    assertThat(second).as("wrapped by datasource-proxy").isNotInstanceOf(EddyDataSource.class);
                    try (Connection c = second.getConnection()) {
                        assertThat(c.isValid(5)).isTrue();
                    }
                    assertThat(lifecycle.pools()).hasSize(2);
                    await("both pools filled", () -> sessions(app) == 2 && sessions(app + "-2") == 1);

                    lifecycle.stop();
                    assertThat(sessions(app)).isZero();
                    assertThat(sessions(app + "-2")).as("sessions of the wrapped second pool").isZero();

                    lifecycle.start();
                    await("both refilled", () -> sessions(app) == 2 && sessions(app + "-2") == 1);
                    try (Connection c = second.getConnection()) {
                        assertThat(c.isValid(5)).isTrue();
                    }
                });
    }

    private ApplicationContextRunner postgres(String applicationName) {
        return runner.withPropertyValues("spring.datasource.url=" + Server.POSTGRES.url(),
                "spring.datasource.username=" + Server.POSTGRES.user(),
                "spring.datasource.password=" + Server.POSTGRES.password(),
                "eddy.pool.data-source-properties.ApplicationName=" + applicationName);
    }

    /** Sessions with this application_name on the server, counted on a connection of its own. */
    static int sessions(String applicationName) {
        try (Connection c = Server.POSTGRES.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Timed out after " + AWAIT.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyPoolConfiguration {

        @Bean(defaultCandidate = false, destroyMethod = "close")
        EddyDataSource lazyPool() {
            EddyDataSource pool = new EddyDataSource();
            pool.setPoolName("lazy");
            pool.setUrl("jdbc:h2:mem:crac-lazy-" + UUID.randomUUID());
            return pool;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrappedSecondPoolConfiguration {

        /** ProxyDataSource.close() closes the pool it wraps. */
        @Bean(defaultCandidate = false, destroyMethod = "close")
        DataSource secondDataSource(org.springframework.core.env.Environment env) {
            EddyDataSource pool = new EddyDataSource();
            pool.setPoolName("second");
            pool.setUrl(Server.POSTGRES.url());
            pool.setUsername(Server.POSTGRES.user());
            pool.setPassword(Server.POSTGRES.password());
            pool.setMinSize(1);
            pool.setMaxSize(2);
            pool.getDataSourceProperties().put("ApplicationName", env.getProperty("second.application-name"));
            return ProxyDataSourceBuilder.create(pool).name("second-proxy").build();
        }
    }

    /** Depends on the pool, so it is destroyed before it: records what it sees of the pool then. */
    static class SuspensionAtShutdownRecorder implements DisposableBean {

        static final AtomicReference<String> seen = new AtomicReference<>();
        private final DataSource dataSource;

        SuspensionAtShutdownRecorder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void destroy() throws SQLException {
            EddyPool pool = dataSource.unwrap(EddyPool.class);
            seen.set("suspended=" + pool.isSuspended() + ", closed=" + pool.isClosed());
        }
    }
}
