package io.github.eddypool.micrometer;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolListener;
import io.github.eddypool.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The pool's meters under the OpenTelemetry semantic-convention names for database client
 * connection pools ({@code db.client.connection.*}, semantic conventions 1.26 and later), tagged
 * {@code db.client.connection.pool.name}: gauges read from the pool's stats, and a listener feeding
 * the wait, use and create time histograms and the timeout counter.
 */
final class OpenTelemetryMeters implements PoolListener {

    static final String COUNT = "db.client.connection.count";
    static final String STATE = "db.client.connection.state";
    static final String POOL_NAME = "db.client.connection.pool.name";
    static final String IDLE_MAX = "db.client.connection.idle.max";
    static final String IDLE_MIN = "db.client.connection.idle.min";
    static final String MAX = "db.client.connection.max";
    static final String PENDING_REQUESTS = "db.client.connection.pending_requests";
    static final String TIMEOUTS = "db.client.connection.timeouts";
    static final String CREATE_TIME = "db.client.connection.create_time";
    static final String WAIT_TIME = "db.client.connection.wait_time";
    static final String USE_TIME = "db.client.connection.use_time";

    private final Timer createTime;
    private final Timer waitTime;
    private final Timer useTime;
    private final Counter timeouts;

    OpenTelemetryMeters(MeterRegistry registry, EddyDataSource dataSource, Tags extraTags, Duration connectionTimeout) {
        Tags tags = Tags.of(POOL_NAME, dataSource.getPoolName()).and(extraTags);
        gauge(registry, dataSource, COUNT, "Connections in the state given by db.client.connection.state",
                tags.and(STATE, "idle"), "{connection}", PoolStats::idle);
        gauge(registry, dataSource, COUNT, "Connections in the state given by db.client.connection.state",
                tags.and(STATE, "used"), "{connection}", PoolStats::active);
        // The pool never keeps more idle connections than max-size, nor closes idle ones below min-size.
        gauge(registry, dataSource, IDLE_MAX, "Most idle connections allowed", tags, "{connection}", PoolStats::max);
        gauge(registry, dataSource, IDLE_MIN, "Fewest idle connections allowed", tags, "{connection}", PoolStats::min);
        gauge(registry, dataSource, MAX, "Most open connections allowed", tags, "{connection}", PoolStats::max);
        gauge(registry, dataSource, PENDING_REQUESTS, "Pending requests for an open connection", tags, "{request}",
                PoolStats::pending);
        timeouts = Counter.builder(TIMEOUTS).description("Connection timeouts that occurred trying to obtain a connection")
                .baseUnit("{timeout}").tags(tags).register(registry);
        createTime = Timer.builder(CREATE_TIME).description("Time it took to create a new connection")
                .tags(tags).register(registry);
        waitTime = Timer.builder(WAIT_TIME).description("Time it took to obtain an open connection from the pool")
                .tags(tags).publishPercentileHistogram().maximumExpectedValue(connectionTimeout).register(registry);
        useTime = Timer.builder(USE_TIME).description("Time between borrowing a connection and returning it to the pool")
                .tags(tags).publishPercentileHistogram().maximumExpectedValue(connectionTimeout).register(registry);
    }

    private static void gauge(MeterRegistry registry, EddyDataSource dataSource, String name, String description,
                              Tags tags, String unit, ToIntFunction<PoolStats> value) {
        Gauge.builder(name, dataSource, ds -> value.applyAsInt(ds.stats()))
                .description(description).baseUnit(unit).tags(tags).register(registry);
    }

    @Override
    public void connectionAcquired(long nanos) {
        waitTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void connectionReturned(long nanos) {
        useTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void connectionCreated(long nanos) {
        createTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void acquireTimedOut() {
        timeouts.increment();
    }
}
