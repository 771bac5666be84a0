package io.github.eddypool.micrometer;

import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binding against a real pool on in-memory H2. */
class EddyPoolMetricsTest {

    private static final String POOL = "metrics-test";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private EddyDataSource pool;
    private EddyPoolMetrics metrics;

    @BeforeEach
    void start() {
        pool = new EddyDataSource(EddyConfig.builder()
                .poolName(POOL)
                .jdbcUrl("jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1")
                .username("sa").password("")
                .minSize(1).maxSize(2)
                .connectionTimeout(Duration.ofMillis(300))
                // The first test in a fresh JVM loads H2 and opens its first connection: beside two CPU-bound
                // processes that took over the default second (a CI run, 2026-12-02), so start-up may wait longer.
                .initializationFailTimeout(Duration.ofSeconds(30))
                .validationTimeout(Duration.ofMillis(250))
                .build());
        metrics = new EddyPoolMetrics(pool, Tags.of("app", "test"));
        metrics.bindTo(registry);
    }

    @AfterEach
    void stop() {
        metrics.close();
        pool.close();
    }

    @Test
    void registersEveryMeterTaggedWithThePoolName() {
        for (String gauge : List.of(EddyPoolMetrics.CONNECTIONS, EddyPoolMetrics.ACTIVE, EddyPoolMetrics.IDLE,
                EddyPoolMetrics.PENDING, EddyPoolMetrics.MIN, EddyPoolMetrics.MAX, EddyPoolMetrics.ACQUIRE_TIMEOUT)) {
            assertThat(registry.find(gauge).tag("pool", POOL).tag("app", "test").gauge()).as(gauge).isNotNull();
        }
        for (String timer : List.of(EddyPoolMetrics.ACQUIRE, EddyPoolMetrics.USAGE, EddyPoolMetrics.CREATION)) {
            assertThat(registry.find(timer).tag("pool", POOL).timer()).as(timer).isNotNull();
        }
        assertThat(registry.find(EddyPoolMetrics.TIMEOUT).tag("pool", POOL).counter()).isNotNull();
        assertThat(registry.find(EddyPoolMetrics.CREATION_FAILED).tag("pool", POOL).counter()).isNotNull();
        assertThat(registry.find(EddyPoolMetrics.LEAKS).tag("pool", POOL).counter()).isNotNull();
        for (CloseReason reason : CloseReason.values()) {
            assertThat(registry.find(EddyPoolMetrics.CLOSED).tag("pool", POOL)
                    .tag("reason", reason.name().toLowerCase()).counter()).as(reason.name()).isNotNull();
        }
    }

    @Test
    void gaugesFollowThePool() throws SQLException {
        assertThat(gauge(EddyPoolMetrics.MIN)).isEqualTo(1);
        assertThat(gauge(EddyPoolMetrics.MAX)).isEqualTo(2);
        assertThat(registry.get(EddyPoolMetrics.ACQUIRE_TIMEOUT).tag("pool", POOL).gauge().value())
                .isEqualTo(pool.config().connectionTimeout().toMillis() / 1000.0);
        try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
            assertThat(gauge(EddyPoolMetrics.ACTIVE)).isEqualTo(2);
            assertThat(gauge(EddyPoolMetrics.IDLE)).isEqualTo(0);
            assertThat(gauge(EddyPoolMetrics.CONNECTIONS)).isEqualTo(2);
        }
        assertThat(gauge(EddyPoolMetrics.ACTIVE)).isEqualTo(0);
        assertThat(gauge(EddyPoolMetrics.IDLE)).isEqualTo(2);
        pool.resize(0, 5);
        assertThat(gauge(EddyPoolMetrics.MIN)).isEqualTo(0);
        assertThat(gauge(EddyPoolMetrics.MAX)).isEqualTo(5);
    }

    @Test
    void timersRecordAcquireUsageAndCreation() throws Exception {
        try (Connection c = pool.getConnection()) {
            Thread.sleep(20);
        }
        Timer acquire = timer(EddyPoolMetrics.ACQUIRE);
        Timer usage = timer(EddyPoolMetrics.USAGE);
        assertThat(acquire.count()).isEqualTo(1);
        assertThat(usage.count()).isEqualTo(1);
        assertThat(usage.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
        // Connections opened after binding are timed: borrowing two at once needs a second one.
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            assertThat(timer(EddyPoolMetrics.CREATION).count()).isGreaterThanOrEqualTo(1);
        }
        assertThat(acquire.count()).isEqualTo(3);
    }

    @Test
    void countsAcquireTimeouts() throws SQLException {
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);
        }
        assertThat(registry.get(EddyPoolMetrics.TIMEOUT).tag("pool", POOL).tag("cause", "timeout").counter().count()).isEqualTo(1);
    }

    @Test
    void countsClosedConnectionsByReason() throws SQLException {
        try (Connection c = pool.getConnection()) {
            pool.softEvictAll();
        }
        double evicted = registry.get(EddyPoolMetrics.CLOSED).tag("pool", POOL).tag("reason", "evicted").counter().count();
        assertThat(evicted).isGreaterThanOrEqualTo(1);
    }

    @Test
    void closeStopsFeedingTheMeters() throws SQLException {
        metrics.close();
        try (Connection c = pool.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(timer(EddyPoolMetrics.ACQUIRE).count()).isZero();
        // The gauges still read the live pool.
        assertThat(gauge(EddyPoolMetrics.IDLE)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void bindsToSeveralRegistries() throws SQLException {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        metrics.bindTo(other);
        try (Connection c = pool.getConnection()) {
            assertThat(c).isNotNull();
        }
        assertThat(timer(EddyPoolMetrics.ACQUIRE).count()).isEqualTo(1);
        assertThat(other.get(EddyPoolMetrics.ACQUIRE).tag("pool", POOL).timer().count()).isEqualTo(1);
    }

    private double gauge(String name) {
        Gauge gauge = registry.get(name).tag("pool", POOL).gauge();
        return gauge.value();
    }

    private Timer timer(String name) {
        return registry.get(name).tag("pool", POOL).timer();
    }

    @Test
    void metersHaveDescriptions() {
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
        }
    }
}
