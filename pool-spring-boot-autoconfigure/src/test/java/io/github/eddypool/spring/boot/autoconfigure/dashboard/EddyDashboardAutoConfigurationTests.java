package io.github.eddypool.spring.boot.autoconfigure.dashboard;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.spring.boot.autoconfigure.EddyDefaults;
import io.github.eddypool.spring.boot.autoconfigure.endpoint.EddyPoolEndpoint;
import io.github.eddypool.spring.boot.autoconfigure.endpoint.EddyPoolEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.function.RouterFunction;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EddyDashboardAutoConfigurationTests {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withInitializer(EddyDefaults.INITIALIZER)
            .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    EddyPoolEndpointAutoConfiguration.class, EddyDashboardAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.pool.pool-name=dash",
                    "eddy.pool.min-size=1", "eddy.pool.max-size=4", "management.endpoints.web.exposure.include=eddypool");

    @Test
    void offByDefault() {
        web.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(EddyPoolHistory.class).doesNotHaveBean(EddyDashboardPage.class);
            // Without the dashboard nothing samples, and the endpoint says so with a 404.
            assertThat(context.getBean(EddyPoolEndpoint.class).view("dash", "history")).isNull();
        });
    }

    @Test
    void servedWhenEnabledInAServletWebApplication() {
        web.withPropertyValues("eddy.dashboard.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(EddyPoolHistory.class).hasSingleBean(EddyDashboardPage.class)
                    .hasBean("eddyDashboardRoute");
            assertThat(context.getBean("eddyDashboardRoute")).isInstanceOf(RouterFunction.class);
            assertThat(context.getBean(EddyPoolHistory.class).isRunning()).isTrue();
        });
    }

    @Test
    void notInAnApplicationThatIsNoServletWebApplication() {
        new ApplicationContextRunner()
                .withInitializer(EddyDefaults.INITIALIZER)
                .withConfiguration(AutoConfigurations.of(EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        EddyDashboardAutoConfiguration.class))
                .withPropertyValues("spring.datasource.generate-unique-name=true", "eddy.dashboard.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EddyPoolHistory.class));
    }

    @Test
    void theEndpointServesTheHistoryOnceSampled() {
        web.withPropertyValues("eddy.dashboard.enabled=true").run(context -> {
            EddyPoolHistory history = context.getBean(EddyPoolHistory.class);
            history.stop(); // this test takes the samples itself
            history.sample(); // the pool is seen, and its borrows counted, from here on
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
                history.sample();
            }
            history.sample();
            EddyPoolEndpoint.HistoryDescriptor described =
                    (EddyPoolEndpoint.HistoryDescriptor) context.getBean(EddyPoolEndpoint.class).view("dash", "history");
            assertThat(described.intervalMillis()).isEqualTo(1000);
            assertThat(described.capacity()).isEqualTo(EddyPoolHistory.CAPACITY);
            List<EddyPoolHistory.Sample> samples = described.samples();
            assertThat(samples).hasSize(3);
            EddyPoolHistory.Sample holding = samples.get(1);
            EddyPoolHistory.Sample returned = samples.get(2);
            assertThat(holding.active()).isEqualTo(2);
            assertThat(holding.max()).isEqualTo(4);
            assertThat(returned.active()).isZero();
            assertThat(returned.time()).isGreaterThanOrEqualTo(holding.time());
            assertThat(holding.acquires()).isEqualTo(2);
            assertThat(holding.acquireP50Millis()).isNotNull();
            assertThat(holding.acquireP99Millis()).isNotNull().isGreaterThanOrEqualTo(holding.acquireP50Millis());
            assertThat(returned.acquires()).isZero();
            assertThat(returned.acquireP99Millis()).isNull();
        });
    }

    @Test
    void holdersViewNamesEachHolderAndTheFrameItIsInNow() {
        web.run(context -> {
            EddyDataSource pool = context.getBean(EddyDataSource.class);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> holdUntil(pool, holding, release), "dashboard-holder");
            holder.start();
            try {
                assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
                EddyPoolEndpoint.HoldersDescriptor holders =
                        (EddyPoolEndpoint.HoldersDescriptor) context.getBean(EddyPoolEndpoint.class).view("dash", "holders");
                assertThat(holders.borrowed()).isEqualTo(1);
                assertThat(holders.holders()).singleElement().satisfies(h -> {
                    assertThat(h).containsEntry("thread", "dashboard-holder").containsEntry("inStatement", false);
                    assertThat((String) h.get("frame")).contains("EddyDashboardAutoConfigurationTests.holdUntil");
                });
            } finally {
                release.countDown();
                holder.join(30_000);
            }
            assertThat(context.getBean(EddyPoolEndpoint.class).view("dash", "nope")).isNull();
            assertThat(context.getBean(EddyPoolEndpoint.class).view("nope", "holders")).isNull();
        });
    }

    private static void holdUntil(EddyDataSource pool, CountDownLatch holding, CountDownLatch release) {
        try (Connection c = pool.getConnection()) {
            holding.countDown();
            release.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void acquireBucketsAreAQuarterOctaveWide() {
        long[] values = {0, 1, 3, 4, 5, 7, 8, 999, 1000, 1024, 123_456, 5_000_000, 1_000_000_000L, 30_000_000_000L};
        for (long v : values) {
            long upper = EddyPoolHistory.AcquireHistogram.upperBound(EddyPoolHistory.AcquireHistogram.bucket(v));
            assertThat(upper).as("upper bound of %d", v).isGreaterThanOrEqualTo(v).isLessThanOrEqualTo(Math.max(v, (long) (v * 1.25)));
        }
        // 99 borrows of ~1 ms and one of ~100 ms: the median is 1 ms, the p99 too, the max bucket 100 ms.
        long[] delta = new long[EddyPoolHistory.AcquireHistogram.BUCKETS];
        delta[EddyPoolHistory.AcquireHistogram.bucket(1_000_000)] = 99;
        delta[EddyPoolHistory.AcquireHistogram.bucket(100_000_000)] = 1;
        assertThat(EddyPoolHistory.AcquireHistogram.percentileMillis(delta, 100, 0.5)).isBetween(1.0, 1.25);
        assertThat(EddyPoolHistory.AcquireHistogram.percentileMillis(delta, 100, 0.99)).isBetween(1.0, 1.25);
        assertThat(EddyPoolHistory.AcquireHistogram.percentileMillis(delta, 100, 1.0)).isBetween(100.0, 125.0);
        assertThat(EddyPoolHistory.AcquireHistogram.percentileMillis(delta, 0, 0.5)).isNull();
    }

    @Test
    void keepsTheLastFiveMinutesOldestFirst() {
        web.withPropertyValues("eddy.dashboard.enabled=true").run(context -> {
            EddyPoolHistory history = context.getBean(EddyPoolHistory.class);
            history.stop(); // this test takes the samples itself
            for (int i = 0; i < EddyPoolHistory.CAPACITY + 25; i++) {
                history.sample();
            }
            List<EddyPoolHistory.Sample> samples = history.samples("dash");
            assertThat(samples).hasSize(EddyPoolHistory.CAPACITY);
            for (int i = 1; i < samples.size(); i++) {
                assertThat(samples.get(i).time()).isGreaterThanOrEqualTo(samples.get(i - 1).time());
            }
            assertThat(history.samples("nope")).isNull();
        });
    }

    @Test
    void stoppingEndsTheSamplingAndDropsTheHistory() {
        web.withPropertyValues("eddy.dashboard.enabled=true").run(context -> {
            EddyPoolHistory history = context.getBean(EddyPoolHistory.class);
            history.sample();
            history.stop();
            assertThat(history.samples("dash")).isNull();
            assertThat(history.isRunning()).isFalse();
        });
    }
}
