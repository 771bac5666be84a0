package io.github.eddypool.micrometer;

import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.CloseReason;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each pool event lands in the right meter, with exact values (no pool timing involved). */
class MetricsListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MetricsListener listener = new MetricsListener(registry, Tags.of("pool", "p"), Duration.ofSeconds(5));

    @Test
    void timersRecordTheNanosGiven() {
        listener.connectionAcquired(TimeUnit.MILLISECONDS.toNanos(7));
        listener.connectionReturned(TimeUnit.MILLISECONDS.toNanos(40));
        listener.connectionCreated(TimeUnit.MILLISECONDS.toNanos(12));
        assertThat(registry.get(EddyPoolMetrics.ACQUIRE).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
        assertThat(registry.get(EddyPoolMetrics.USAGE).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get(EddyPoolMetrics.CREATION).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12);
    }

    @Test
    void countersCountEvents() {
        listener.acquireTimedOut();
        listener.acquireTimedOut();
        listener.requestShed();
        listener.connectionCreationFailed(new SQLException("refused"));
        listener.leakSuspected(new BorrowedConnection(1, Instant.now(), Duration.ofSeconds(3), "t", List.of(), true));
        listener.connectionClosed(CloseReason.MAX_LIFETIME);
        listener.connectionClosed(CloseReason.MAX_LIFETIME);
        listener.connectionClosed(CloseReason.BROKEN);
        assertThat(registry.get(EddyPoolMetrics.TIMEOUT).tag("cause", "timeout").counter().count()).isEqualTo(2);
        assertThat(registry.get(EddyPoolMetrics.TIMEOUT).tag("cause", "shed").counter().count()).isEqualTo(1);
        assertThat(registry.get(EddyPoolMetrics.CREATION_FAILED).counter().count()).isEqualTo(1);
        assertThat(registry.get(EddyPoolMetrics.LEAKS).counter().count()).isEqualTo(1);
        assertThat(registry.get(EddyPoolMetrics.CLOSED).tag("reason", "max_lifetime").counter().count()).isEqualTo(2);
        assertThat(registry.get(EddyPoolMetrics.CLOSED).tag("reason", "broken").counter().count()).isEqualTo(1);
        assertThat(registry.get(EddyPoolMetrics.CLOSED).tag("reason", "idle_timeout").counter().count()).isZero();
    }

    /**
     * Histogram buckets by default, up to the pool's connection-timeout (5 s here), for latency
     * heatmaps and percentiles across instances; in a registry that publishes them (Prometheus).
     */
    @Test
    void acquireAndUsageTimersPublishHistogramBucketsUpToTheConnectionTimeout() {
        var prometheus = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        MetricsListener bound = new MetricsListener(prometheus, Tags.of("pool", "p"), Duration.ofSeconds(5));
        bound.connectionAcquired(TimeUnit.MILLISECONDS.toNanos(3));
        bound.connectionReturned(TimeUnit.MILLISECONDS.toNanos(40));
        String scrape = prometheus.scrape();
        for (String name : List.of("eddy_connections_acquire_seconds_bucket", "eddy_connections_usage_seconds_bucket")) {
            List<Double> bounds = scrape.lines().filter(l -> l.startsWith(name + "{"))
                    .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                    .filter(le -> !le.equals("+Inf")).map(Double::parseDouble).toList();
            assertThat(bounds).as(name).isNotEmpty();
            assertThat(bounds.stream().mapToDouble(Double::doubleValue).max().orElse(0)).as(name + " largest bucket, s")
                    .isLessThanOrEqualTo(5.0).isGreaterThanOrEqualTo(1.0);
        }
    }
}
