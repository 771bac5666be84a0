package io.github.eddypool.micrometer;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolListener;
import io.github.eddypool.PoolStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * Micrometer meters for one Eddy pool; plain Java, no Spring needed.
 *
 * <pre>{@code
 * EddyPoolMetrics metrics = new EddyPoolMetrics(dataSource);
 * metrics.bindTo(registry);
 * ...
 * metrics.close();   // optional: stops feeding the timers and counters
 * }</pre>
 *
 * <p>Every meter is tagged {@code pool=<pool-name>} (plus any extra tags given):
 * <ul>
 *   <li>gauges {@value #CONNECTIONS} (total), {@code .active}, {@code .idle}, {@code .pending},
 *       {@code .min}, {@code .max}, read from {@link EddyDataSource#stats()}, and
 *       {@value #ACQUIRE_TIMEOUT} (seconds), the pool's {@code connection-timeout};</li>
 *   <li>timers {@value #ACQUIRE}, {@value #USAGE}, {@value #CREATION};</li>
 *   <li>counters {@value #TIMEOUT}, {@value #CLOSED} (tagged {@code reason}),
 *       {@value #CREATION_FAILED} and {@value #LEAKS}.</li>
 * </ul>
 * With {@link #openTelemetryNames(boolean) openTelemetryNames(true)} the pool is also published
 * under the OpenTelemetry semantic-convention names (semantic conventions 1.26+), tagged
 * {@code db.client.connection.pool.name}: {@code db.client.connection.count} (tagged
 * {@code db.client.connection.state} = {@code idle} or {@code used}), {@code .idle.max},
 * {@code .idle.min}, {@code .max}, {@code .pending_requests}, {@code .timeouts},
 * {@code .create_time}, {@code .wait_time} and {@code .use_time}.
 *
 * <p>Timers and counters are fed by a {@link io.github.eddypool.PoolListener} added to the pool on
 * {@link #bindTo}; they count events from that moment on. The gauges hold the pool only weakly,
 * so the registry does not keep a closed, discarded pool alive.
 */
public final class EddyPoolMetrics implements MeterBinder, AutoCloseable {

    /** Gauge: physical connections open. */
    public static final String CONNECTIONS = "eddy.connections";
    /** Gauge: connections lent out. */
    public static final String ACTIVE = "eddy.connections.active";
    /** Gauge: connections idle in the pool. */
    public static final String IDLE = "eddy.connections.idle";
    /** Gauge: threads waiting for a connection. */
    public static final String PENDING = "eddy.connections.pending";
    /** Gauge: the pool's minimum size. */
    public static final String MIN = "eddy.connections.min";
    /** Gauge: the pool's maximum size. */
    public static final String MAX = "eddy.connections.max";
    /**
     * Gauge: the pool's {@code connection-timeout} in seconds, so that alerts can compare acquire
     * times with it ({@code eddy_connections_acquire_timeout_seconds} in Prometheus).
     */
    public static final String ACQUIRE_TIMEOUT = "eddy.connections.acquire.timeout";
    /** Timer: how long borrowers waited for a connection. */
    public static final String ACQUIRE = "eddy.connections.acquire";
    /** Timer: how long connections were held by borrowers. */
    public static final String USAGE = "eddy.connections.usage";
    /** Timer: how long opening a physical connection took. */
    public static final String CREATION = "eddy.connections.creation";
    /** Counter: borrowers that timed out or were turned away. */
    public static final String TIMEOUT = "eddy.connections.timeout";
    /** Counter: physical connections closed, tagged with {@code reason}. */
    public static final String CLOSED = "eddy.connections.closed";
    /** Counter: failed attempts to open a physical connection. */
    public static final String CREATION_FAILED = "eddy.connections.creation.failed";
    /** Counter: connections held longer than {@code leak-detection-threshold}. */
    public static final String LEAKS = "eddy.connections.leaks";

    /** The tag naming the pool. */
    public static final String POOL_TAG = "pool";

    private final EddyDataSource dataSource;
    private final Iterable<Tag> extraTags;
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean openTelemetryNames;

    /** Meters for {@code dataSource}, tagged with its pool name. */
    public EddyPoolMetrics(EddyDataSource dataSource) {
        this(dataSource, Tags.empty());
    }

    /** Meters for {@code dataSource}, tagged with its pool name and {@code extraTags}. */
    public EddyPoolMetrics(EddyDataSource dataSource, Iterable<Tag> extraTags) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.extraTags = Objects.requireNonNull(extraTags, "extraTags");
    }

    /**
     * Whether {@link #bindTo} also registers the meters under the OpenTelemetry semantic-convention
     * names ({@code db.client.connection.*}), next to the {@code eddy.*} ones. Off by default.
     *
     * @return this
     */
    public EddyPoolMetrics openTelemetryNames(boolean enabled) {
        this.openTelemetryNames = enabled;
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of(POOL_TAG, dataSource.getPoolName()).and(extraTags);
        gauge(registry, CONNECTIONS, "Physical connections open", tags, PoolStats::total);
        gauge(registry, ACTIVE, "Connections lent out", tags, PoolStats::active);
        gauge(registry, IDLE, "Connections idle in the pool", tags, PoolStats::idle);
        gauge(registry, PENDING, "Threads waiting for a connection", tags, PoolStats::pending);
        gauge(registry, MIN, "Minimum pool size", tags, PoolStats::min);
        gauge(registry, MAX, "Maximum pool size", tags, PoolStats::max);
        Gauge.builder(ACQUIRE_TIMEOUT, dataSource, ds -> ds.config().connectionTimeout().toNanos() / 1e9)
                .description("The pool's connection-timeout: longest wait in getConnection()")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
        // One listener per registry: binding to two registries feeds both.
        MetricsListener listener = new MetricsListener(registry, tags, dataSource.config().connectionTimeout());
        listeners.add(listener);
        dataSource.addListener(listener);
        if (openTelemetryNames) {
            OpenTelemetryMeters otel = new OpenTelemetryMeters(registry, dataSource, Tags.of(extraTags),
                    dataSource.config().connectionTimeout());
            listeners.add(otel);
            dataSource.addListener(otel);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags,
                       ToIntFunction<PoolStats> value) {
        // Gauge.builder keeps only a weak reference to the data source.
        Gauge.builder(name, dataSource, ds -> value.applyAsInt(ds.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /**
     * Stops feeding the timers and counters (removes the listeners from the pool). The meters stay
     * in their registries; remove them there if wanted.
     */
    @Override
    public void close() {
        for (PoolListener listener : listeners) {
            dataSource.removeListener(listener);
        }
        listeners.clear();
    }
}
