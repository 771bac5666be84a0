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

    /** Issue #11: a pool that is only busy is UP, and the check does not wait in line for a connection. */
    @Test
    void upWhileEveryConnectionIsLentOut() {
        runner.run(context -> {
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            try (Connection onlyOne = pool.getConnection()) {
                long start = System.nanoTime();
                Health health = indicator(context.getBean("eddyPool", HealthContributor.class)).health();
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("active", 1).containsEntry("idle", 0);
                assertThat(tookMillis).as("no waiting for a connection").isLessThan(1000);
                assertThat(pool.stats().borrows()).as("the check borrowed nothing").isEqualTo(1);
            }
        });
    }

    /** Saturated, threads waiting, and nothing returned for stuck-threshold: DOWN, naming the holder. */
    @Test
    void downWhenStuckNamingTheHolders() {
        runner.withPropertyValues("management.health.eddypool.stuck-threshold=500ms", "eddy.pool.connection-timeout=5s")
                .run(context -> {
                    EddyDataSource pool = context.getBean(EddyDataSource.class);
                    HealthIndicator indicator = indicator(context.getBean("eddyPool", HealthContributor.class));
                    Connection held = pool.getConnection();
                    Thread waiter = new Thread(() -> {
                        try (Connection c = pool.getConnection()) {
                            c.isValid(1);
                        } catch (java.sql.SQLException e) {
                            // timed out: fine
                        }
                    }, "health-test-waiter");
                    try {
                        waiter.start();
                        long deadline = System.nanoTime() + 5_000_000_000L;
                        while (pool.stats().pending() == 0 && System.nanoTime() < deadline) {
                            Thread.sleep(10);
                        }
                        Health first = indicator.health();
                        assertThat(first.getStatus()).as("saturated but just seen: UP").isEqualTo(Status.UP);
                        assertThat(first.getDetails()).containsEntry("saturated", true).containsEntry("pending", 1);
                        Thread.sleep(700);
                        Health stuck = indicator.health();
                        assertThat(stuck.getStatus()).isEqualTo(Status.DOWN);
                        assertThat((String) stuck.getDetails().get("reason")).startsWith("stuck:")
                                .contains(Thread.currentThread().getName());
                        assertThat((long) stuck.getDetails().get("oldestWaitMs")).isGreaterThanOrEqualTo(500);
                    } finally {
                        held.close();
                        waiter.join(10_000);
                    }
                    assertThat(indicator.health().getStatus()).as("after the holder returned").isEqualTo(Status.UP);
                });
    }

    /**
     * 64 threads hammer a pool of 4 with 200 ms holds: health, probed every 250 ms, is UP every
     * time, answers quickly and borrows nothing (issue #11; a borrowing check queued behind the
     * workers and reported DOWN).
     */
    @Test
    void upUnderSaturationWithoutBorrowing() throws Exception {
        runner.withPropertyValues("eddy.pool.min-size=4", "eddy.pool.max-size=4", "eddy.pool.connection-timeout=60s")
                .run(context -> {
                    EddyDataSource pool = context.getBean(EddyDataSource.class);
                    HealthIndicator indicator = indicator(context.getBean("eddyPool", HealthContributor.class));
                    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
                    java.util.concurrent.atomic.AtomicLong workerBorrows = new java.util.concurrent.atomic.AtomicLong();
                    java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(64);
                    for (int i = 0; i < 64; i++) {
                        workers.submit(() -> {
                            while (running.get()) {
                                try (Connection c = pool.getConnection()) {
                                    workerBorrows.incrementAndGet();
                                    Thread.sleep(200);
                                }
                            }
                            return null;
                        });
                    }
                    java.util.List<Long> probeMillis = new java.util.ArrayList<>();
                    java.util.List<Status> statuses = new java.util.ArrayList<>();
                    boolean sawSaturated = false;
                    try {
                        long end = System.nanoTime() + 5_000_000_000L;
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            Health health = indicator.health();
                            probeMillis.add((System.nanoTime() - t0) / 1_000_000);
                            statuses.add(health.getStatus());
                            sawSaturated |= Boolean.TRUE.equals(health.getDetails().get("saturated"));
                            Thread.sleep(250);
                        }
                    } finally {
                        running.set(false);
                        workers.shutdown();
                        assertThat(workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    }
                    assertThat(sawSaturated).as("the pool was saturated during the run").isTrue();
                    assertThat(statuses).as("every probe").containsOnly(Status.UP);
                    java.util.Collections.sort(probeMillis);
                    assertThat(probeMillis.get(probeMillis.size() / 2)).as("median probe, ms").isLessThan(100);
                    assertThat(probeMillis.get(probeMillis.size() - 1)).as("slowest probe, ms").isLessThan(1000);
                    assertThat(pool.stats().borrows()).as("borrows: only the workers'").isEqualTo(workerBorrows.get());
                });
    }

    /** An idle connection that gives no answer (black-holed network) makes health DOWN within validation-timeout + 1 s. */
    @Test
    @RequiresPostgres
    void downWhenTheNetworkIsBlackholedAndUpAgainAfter() throws Exception {
        try (FaultProxy proxy = Server.POSTGRES.newProxy()) {
            runner.withPropertyValues("spring.datasource.url=" + Server.POSTGRES.urlVia(proxy),
                            "spring.datasource.username=" + Server.POSTGRES.user(), "spring.datasource.password=",
                            "eddy.pool.min-size=2", "eddy.pool.max-size=2", "eddy.pool.validation-timeout=500ms",
                            "eddy.pool.connection-timeout=2s", "eddy.pool.housekeeping-period=200ms")
                    .run(context -> {
                        HealthIndicator indicator = indicator(context.getBean("eddyPool", HealthContributor.class));
                        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                        proxy.mode(FaultProxy.Mode.BLACKHOLE);
                        long t0 = System.nanoTime();
                        Health down = indicator.health();
                        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat((String) down.getDetails().get("reason")).contains("gave no answer within 500ms");
                        assertThat(tookMillis).as("DOWN within validation-timeout + 1 s").isLessThan(1500);
                        proxy.mode(FaultProxy.Mode.PASS);
                        long back = System.nanoTime();
                        Status status = null;
                        while (status != Status.UP && System.nanoTime() - back < 10_000_000_000L) {
                            status = indicator.health().getStatus();
                            Thread.sleep(50);
                        }
                        assertThat(status).isEqualTo(Status.UP);
                        System.out.println("RESULT | health, black hole | DOWN after " + tookMillis + " ms | UP "
                                + (System.nanoTime() - back) / 1_000_000 + " ms after traffic flowed");
                    });
        }
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
                        // The only connection held: busy, not broken, and the old error is gone.
                        try (Connection onlyOne = pool.getConnection()) {
                            Health busy = indicator.health();
                            assertThat(busy.getStatus()).isEqualTo(Status.UP);
                            assertThat(busy.getDetails()).doesNotContainKeys("reason", "connectionFailure");
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
