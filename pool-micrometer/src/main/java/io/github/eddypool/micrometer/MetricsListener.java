package io.github.eddypool.micrometer;

import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.CloseReason;
import io.github.eddypool.PoolListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns pool events into timer and counter updates. All meters are registered up front, so the
 * callbacks (often on a borrower's hot path) only record into them and never look a meter up.
 */
final class MetricsListener implements PoolListener {

    private final Timer acquire;
    private final Timer usage;
    private final Timer creation;
    private final Counter timeouts;
    private final Counter shed;
    private final Counter creationFailures;
    private final Counter leaks;
    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

    /**
     * @param connectionTimeout the pool's: the acquire and usage timers publish histogram buckets
     *                          up to it (e.g. {@code eddy_connections_acquire_seconds_bucket} in
     *                          Prometheus), so dashboards can show latency distributions and
     *                          percentiles across instances. A registry's own distribution settings
     *                          (in Spring Boot, {@code management.metrics.distribution.*}) override this.
     */
    MetricsListener(MeterRegistry registry, Tags tags, Duration connectionTimeout) {
        acquire = Timer.builder(EddyPoolMetrics.ACQUIRE)
                .description("Time borrowers waited for a connection").tags(tags)
                .publishPercentileHistogram().maximumExpectedValue(connectionTimeout)
                .register(registry);
        usage = Timer.builder(EddyPoolMetrics.USAGE)
                .description("Time connections were held by borrowers").tags(tags)
                .publishPercentileHistogram().maximumExpectedValue(connectionTimeout)
                .register(registry);
        creation = Timer.builder(EddyPoolMetrics.CREATION)
                .description("Time to open and set up a physical connection").tags(tags).register(registry);
        timeouts = Counter.builder(EddyPoolMetrics.TIMEOUT)
                .description("Borrowers that timed out (cause=timeout) or were turned away by max-waiting (cause=shed)")
                .tags(tags).tag("cause", "timeout").register(registry);
        shed = Counter.builder(EddyPoolMetrics.TIMEOUT)
                .description("Borrowers that timed out (cause=timeout) or were turned away by max-waiting (cause=shed)")
                .tags(tags).tag("cause", "shed").register(registry);
        creationFailures = Counter.builder(EddyPoolMetrics.CREATION_FAILED)
                .description("Failed attempts to open a physical connection").tags(tags).register(registry);
        leaks = Counter.builder(EddyPoolMetrics.LEAKS)
                .description("Connections held longer than leak-detection-threshold").tags(tags).register(registry);
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, Counter.builder(EddyPoolMetrics.CLOSED)
                    .description("Physical connections closed, by reason")
                    .tags(tags).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    @Override
    public void connectionAcquired(long nanos) {
        acquire.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void connectionReturned(long nanos) {
        usage.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void connectionCreated(long nanos) {
        creation.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void connectionCreationFailed(SQLException cause) {
        creationFailures.increment();
    }

    @Override
    public void acquireTimedOut() {
        timeouts.increment();
    }

    @Override
    public void requestShed() {
        shed.increment();
    }

    @Override
    public void connectionClosed(CloseReason reason) {
        Counter counter = closed.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void leakSuspected(BorrowedConnection borrowed) {
        leaks.increment();
    }
}
