package io.github.eddypool.micrometer;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenTelemetry semantic-convention names: only when asked for, next to eddy.*, following the pool. */
class OpenTelemetryNamesTest {

    private static final String POOL = "otel-test";
    private static final String POOL_TAG = "db.client.connection.pool.name";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EddyDataSource pool = new EddyDataSource(EddyConfig.builder()
            .poolName(POOL)
            .jdbcUrl("jdbc:h2:mem:otel;DB_CLOSE_DELAY=-1")
            .username("sa").password("")
            .minSize(1).maxSize(2)
            .connectionTimeout(Duration.ofMillis(300))
            // The first test in a fresh JVM loads H2 and opens its first connection: beside two CPU-bound
            // processes that took over the default second (a CI run, 2026-12-02), so start-up may wait longer.
            .initializationFailTimeout(Duration.ofSeconds(30))
            .validationTimeout(Duration.ofMillis(250))
            .build());
    private EddyPoolMetrics metrics;

    @AfterEach
    void stop() {
        if (metrics != null) {
            metrics.close();
        }
        pool.close();
    }

    @Test
    void offByDefault() {
        metrics = new EddyPoolMetrics(pool);
        metrics.bindTo(registry);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).noneMatch(n -> n.startsWith("db.client"));
        assertThat(registry.find(EddyPoolMetrics.ACTIVE).gauge()).isNotNull();
    }

    @Test
    void publishedNextToTheEddyMetersAndFollowingThePool() throws SQLException {
        metrics = new EddyPoolMetrics(pool, Tags.of("app", "test")).openTelemetryNames(true);
        metrics.bindTo(registry);
        for (String name : List.of("db.client.connection.idle.max", "db.client.connection.idle.min",
                "db.client.connection.max", "db.client.connection.pending_requests")) {
            assertThat(registry.find(name).tag(POOL_TAG, POOL).tag("app", "test").gauge()).as(name).isNotNull();
        }
        assertThat(registry.find(EddyPoolMetrics.ACTIVE).tag("pool", POOL).gauge()).isNotNull();
        assertThat(gauge("db.client.connection.max", Tags.empty())).isEqualTo(2);
        assertThat(gauge("db.client.connection.idle.min", Tags.empty())).isEqualTo(1);
        assertThat(registry.get("db.client.connection.max").gauge().getId().getBaseUnit()).isEqualTo("{connection}");
        assertThat(registry.get("db.client.connection.pending_requests").gauge().getId().getBaseUnit()).isEqualTo("{request}");

        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            assertThat(gauge("db.client.connection.count", Tags.of("db.client.connection.state", "used"))).isEqualTo(2);
            assertThat(gauge("db.client.connection.count", Tags.of("db.client.connection.state", "idle"))).isZero();
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);
        }
        assertThat(gauge("db.client.connection.count", Tags.of("db.client.connection.state", "idle"))).isEqualTo(2);
        assertThat(registry.get("db.client.connection.timeouts").tag(POOL_TAG, POOL).counter().count()).isEqualTo(1);
        assertThat(registry.get("db.client.connection.wait_time").tag(POOL_TAG, POOL).timer().count()).isEqualTo(2);
        assertThat(registry.get("db.client.connection.use_time").tag(POOL_TAG, POOL).timer().count()).isEqualTo(2);
        assertThat(registry.get("db.client.connection.use_time").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("db.client.connection.create_time").tag(POOL_TAG, POOL).timer()).isNotNull();
        // The eddy.* meters count the same events.
        assertThat(registry.get(EddyPoolMetrics.ACQUIRE).tag("pool", POOL).timer().count()).isEqualTo(2);
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
        }
    }

    @Test
    void closeStopsFeedingTheOpenTelemetryTimersToo() throws SQLException {
        metrics = new EddyPoolMetrics(pool).openTelemetryNames(true);
        metrics.bindTo(registry);
        metrics.close();
        pool.getConnection().close();
        assertThat(registry.get("db.client.connection.wait_time").timer().count()).isZero();
    }

    private double gauge(String name, Tags tags) {
        return registry.get(name).tag(POOL_TAG, POOL).tags(tags).gauge().value();
    }
}
