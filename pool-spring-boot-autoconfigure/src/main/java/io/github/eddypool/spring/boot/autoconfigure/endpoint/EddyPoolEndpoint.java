package io.github.eddypool.spring.boot.autoconfigure.endpoint;

import io.github.eddypool.AcquireTimeoutException;
import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolStats;
import io.github.eddypool.SizingAdvice;
import io.github.eddypool.spring.boot.autoconfigure.dashboard.EddyPoolHistory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code eddypool} actuator endpoint.
 * <ul>
 *   <li>{@code GET /actuator/eddypool}: every Eddy pool, by name, with its stats, its effective
 *       configuration (password and URL secrets masked) and the connections borrowed now;</li>
 *   <li>{@code GET /actuator/eddypool/{pool}}: one pool;</li>
 *   <li>{@code GET /actuator/eddypool/{pool}/sizing}: the live sizing advice (see {@link SizingAdvice});</li>
 *   <li>{@code GET /actuator/eddypool/{pool}/holders}: the longest holders now, each with the frame
 *       its thread is in (their stacks are read for this request);</li>
 *   <li>{@code GET /actuator/eddypool/{pool}/history}: the pool's counts and acquire percentiles
 *       second by second over the last 5 minutes, while the dashboard ({@code eddy.dashboard.enabled})
 *       samples them; 404 otherwise;</li>
 *   <li>{@code POST /actuator/eddypool/{pool}/{operation}} with {@code operation} one of
 *       {@code soft-evict}, {@code suspend}, {@code resume}, {@code resize} (body
 *       {@code {"minSize": 2, "maxSize": 20}}).</li>
 * </ul>
 * Like every endpoint, it is reachable over HTTP only when the application exposes it
 * ({@code management.endpoints.web.exposure.include}).
 */
@Endpoint(id = "eddypool")
public class EddyPoolEndpoint {

    /** Holders a {@code holders} request samples at most: each costs a read of a thread's stack. */
    static final int HOLDERS_LIMIT = 20;

    private final Supplier<Map<String, EddyDataSource>> pools;
    private final Supplier<@Nullable EddyPoolHistory> history;

    /** @param pools the application's Eddy pools by pool name, looked up on each request */
    public EddyPoolEndpoint(Supplier<Map<String, EddyDataSource>> pools) {
        this(pools, () -> null);
    }

    /**
     * @param pools   the application's Eddy pools by pool name, looked up on each request
     * @param history the pools' recent samples, or a supplier of null when nothing samples them
     */
    public EddyPoolEndpoint(Supplier<Map<String, EddyDataSource>> pools, Supplier<@Nullable EddyPoolHistory> history) {
        this.pools = pools;
        this.history = history;
    }

    @ReadOperation
    public PoolsDescriptor pools() {
        Map<String, PoolDescriptor> all = new LinkedHashMap<>();
        pools.get().forEach((name, pool) -> all.put(name, describe(pool)));
        return new PoolsDescriptor(all);
    }

    /** One pool by name; null (404 over HTTP) when there is none by that name. */
    @ReadOperation
    public @Nullable PoolDescriptor pool(@Selector String poolName) {
        EddyDataSource pool = pools.get().get(poolName);
        return pool == null ? null : describe(pool);
    }

    /**
     * A view of one pool: {@code holders}, {@code history} or {@code sizing} (the live sizing
     * advice over the last minute, see {@link SizingAdvice}). Null (404 over HTTP) for an unknown
     * pool or view, and for {@code history} while nothing samples the pools.
     */
    @ReadOperation
    public @Nullable Object view(@Selector String poolName, @Selector String view) {
        EddyDataSource pool = pools.get().get(poolName);
        if (pool == null) {
            return null;
        }
        return switch (view.toLowerCase(Locale.ROOT)) {
            case "holders" -> holders(pool);
            case "history" -> history(pool);
            case "sizing" -> sizing(pool.sizing());
            default -> null;
        };
    }

    /** The advice by field name, in the record's order; absent values are null, never left out. */
    static Map<String, Object> sizing(SizingAdvice a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("poolName", a.poolName());
        m.put("windowSeconds", a.windowSeconds());
        m.put("borrows", a.borrows());
        m.put("timeouts", a.timeouts());
        m.put("borrowRatePerSecond", a.borrowRatePerSecond());
        m.put("meanHoldMillis", a.meanHoldMillis());
        m.put("p99HoldMillis", a.p99HoldMillis());
        m.put("demand", a.demand());
        m.put("meanWaiting", a.meanWaiting());
        m.put("p99WaitMillis", a.p99WaitMillis());
        m.put("p99WaitShareOfTimeout", a.p99WaitShareOfTimeout());
        m.put("peakConcurrency", a.peakConcurrency());
        m.put("formulaSize", a.formulaSize());
        m.put("serverMaxConnections", a.serverMaxConnections());
        m.put("fleetSize", a.fleetSize());
        m.put("maxSize", a.maxSize());
        m.put("recommendedMaxSize", a.recommendedMaxSize());
        m.put("advice", a.advice());
        return m;
    }

    private static HoldersDescriptor holders(EddyDataSource pool) {
        int borrowed = pool.stats().active();
        List<Map<String, Object>> holders = pool.sampleHolders(HOLDERS_LIMIT).stream().map(EddyPoolEndpoint::describe).toList();
        return new HoldersDescriptor(pool.getPoolName(), borrowed, HOLDERS_LIMIT, holders);
    }

    private @Nullable HistoryDescriptor history(EddyDataSource pool) {
        EddyPoolHistory sampled = history.get();
        List<EddyPoolHistory.Sample> samples = sampled == null ? null : sampled.samples(pool.getPoolName());
        return samples == null ? null : new HistoryDescriptor(pool.getPoolName(),
                EddyPoolHistory.INTERVAL_MILLIS, EddyPoolHistory.CAPACITY, samples);
    }

    /**
     * Runs an operation on a pool: {@code soft-evict}, {@code suspend} or {@code resume}. Takes no
     * body, so a plain {@code curl -X POST} works, as with Boot's own write endpoints. An unknown
     * pool or operation is a bad request (400 over HTTP): a write operation's null answer would be
     * a 204, not a 404.
     */
    @WriteOperation
    public OperationResult operate(@Selector String poolName, @Selector String operation) {
        EddyDataSource pool = existingPool(poolName);
        String op = operation.toLowerCase(Locale.ROOT);
        switch (op) {
            case "soft-evict" -> pool.softEvictAll();
            case "suspend" -> pool.suspend();
            case "resume" -> pool.resume();
            case "resize" -> throw new InvalidEndpointRequestException("resize takes the new sizes in the path: "
                    + "POST /actuator/eddypool/" + poolName + "/resize/{minSize}/{maxSize}", "missing minSize or maxSize");
            default -> throw new InvalidEndpointRequestException("Unknown operation '" + operation
                    + "'; use soft-evict, suspend, resume or resize/{minSize}/{maxSize}", "unknown operation");
        }
        return new OperationResult(pool.getPoolName(), op, stats(pool.stats()));
    }

    /**
     * Resizes a pool: {@code POST /actuator/eddypool/{pool}/resize/{minSize}/{maxSize}}, no body.
     * Sizes the pool rejects are a bad request.
     */
    @WriteOperation
    public OperationResult resize(@Selector String poolName, @Selector String operation,
                                  @Selector int minSize, @Selector int maxSize) {
        if (!"resize".equalsIgnoreCase(operation)) {
            throw new InvalidEndpointRequestException("Unknown operation '" + operation
                    + "' with two sizes; use resize/{minSize}/{maxSize}", "unknown operation");
        }
        EddyDataSource pool = existingPool(poolName);
        try {
            pool.resize(minSize, maxSize);
        } catch (EddyConfigException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.property());
        }
        return new OperationResult(pool.getPoolName(), "resize", stats(pool.stats()));
    }

    private EddyDataSource existingPool(String poolName) {
        EddyDataSource pool = pools.get().get(poolName);
        if (pool == null) {
            throw new InvalidEndpointRequestException("No Eddy pool named '" + poolName + "'; pools: "
                    + pools.get().keySet(), "unknown pool");
        }
        return pool;
    }

    static PoolDescriptor describe(EddyDataSource pool) {
        List<BorrowedConnectionDescriptor> borrowed = pool.borrowedConnections().stream()
                .map(EddyPoolEndpoint::describe).toList();
        AcquireTimeoutException last = pool.lastAcquireTimeout();
        return new PoolDescriptor(pool.getPoolName(), pool.uptime().toString(), stats(pool.stats()),
                configuration(pool.config().describe()), borrowed, last == null ? null : describe(last));
    }

    private static LastTimeoutDescriptor describe(AcquireTimeoutException e) {
        List<Map<String, Object>> holders = e.holders().stream().map(EddyPoolEndpoint::describe).toList();
        return new LastTimeoutDescriptor(e.category().name().toLowerCase(Locale.ROOT), e.getMessage(),
                e.waited().toMillis(), e.active(), e.pending(), e.maxSize(), holders);
    }

    private static Map<String, Object> describe(AcquireTimeoutException.Holder h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("thread", h.thread());
        m.put("heldForMillis", h.heldFor().toMillis());
        m.put("inStatement", h.inStatement());
        m.put("frame", h.frame());
        return m;
    }

    /** Every count of {@link PoolStats}, including the derived ones. */
    static Map<String, Object> stats(PoolStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", s.total());
        m.put("active", s.active());
        m.put("idle", s.idle());
        m.put("pending", s.pending());
        m.put("min", s.min());
        m.put("max", s.max());
        m.put("saturated", s.saturated());
        m.put("oldestWaitMs", s.oldestWait().toMillis());
        m.put("serverFull", s.serverFull());
        m.put("created", s.created());
        m.put("creationFailures", s.creationFailures());
        m.put("closed", s.closedTotal());
        Map<String, Long> byReason = new LinkedHashMap<>();
        s.closedByReason().forEach((reason, count) -> byReason.put(reason.name().toLowerCase(Locale.ROOT), count));
        m.put("closedByReason", byReason);
        m.put("borrows", s.borrows());
        m.put("acquireTimeouts", s.acquireTimeouts());
        m.put("suspended", s.suspended());
        m.put("poolClosed", s.closed());
        return m;
    }

    /** The masked settings, with durations as ISO-8601 text so every JSON mapper shows them alike. */
    private static Map<String, Object> configuration(Map<String, Object> described) {
        Map<String, Object> m = new LinkedHashMap<>();
        described.forEach((key, value) -> m.put(key, value instanceof Duration d ? d.toString() : value));
        return m;
    }

    private static BorrowedConnectionDescriptor describe(BorrowedConnection c) {
        List<String> stack = c.borrowerStack().stream().map(StackTraceElement::toString).toList();
        return new BorrowedConnectionDescriptor(c.connectionId(), c.borrowedAt().toString(),
                c.heldFor().toString(), c.heldFor().toMillis(), c.threadName(), c.leakSuspected(), stack);
    }

    /** All pools, by pool name. */
    public record PoolsDescriptor(Map<String, PoolDescriptor> pools) {
    }

    /** One pool. */
    public record PoolDescriptor(String poolName, String uptime, Map<String, Object> stats,
                                 Map<String, Object> configuration,
                                 List<BorrowedConnectionDescriptor> borrowedConnections,
                                 @Nullable LastTimeoutDescriptor lastTimeout) {
    }

    /** The latest getConnection() timeout: why, the counts then, and who held the connections. */
    public record LastTimeoutDescriptor(String category, String message, long waitedMillis, int active, int pending,
                                        int maxSize, List<Map<String, Object>> holders) {
    }

    /** A connection lent out now; the stack is empty unless leak detection is on. */
    public record BorrowedConnectionDescriptor(long connectionId, String borrowedAt, String heldFor,
                                               long heldForMillis, String threadName, boolean leakSuspected,
                                               List<String> borrowerStack) {
    }

    /**
     * The longest holders of a pool now (at most {@value #HOLDERS_LIMIT}), each with the frame its
     * thread is in: in a statement (its own call into JDBC) or its first frame outside the JDK.
     */
    public record HoldersDescriptor(String poolName, int borrowed, int limit, List<Map<String, Object>> holders) {
    }

    /** A pool's recent samples, oldest first, one every {@code intervalMillis}, at most {@code capacity}. */
    public record HistoryDescriptor(String poolName, long intervalMillis, int capacity,
                                    List<EddyPoolHistory.Sample> samples) {
    }

    /** What a write operation did, and the pool's counts after it. */
    public record OperationResult(String poolName, String operation, Map<String, Object> stats) {
    }
}
