package io.github.eddypool;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * An immutable snapshot of a pool. The gauges ({@code total}, {@code active}, {@code idle})
 * are read in one pass over the connections, so {@code total == active + idle} always holds
 * within one snapshot. The counters are cumulative since the pool started.
 *
 * @param poolName          the pool's name
 * @param total             physical connections open now
 * @param active            connections lent out now
 * @param idle              connections in the pool, ready to lend (including any under a test)
 * @param pending           threads waiting for a connection now
 * @param min               the current minimum size
 * @param max               the current maximum size
 * @param created           physical connections opened since start
 * @param creationFailures  failed attempts to open a physical connection since start
 * @param closedByReason    physical connections closed since start, by reason (every reason present)
 * @param borrows           successful {@code getConnection()} calls since start
 * @param acquireTimeouts   {@code getConnection()} calls that timed out or were shed since start
 * @param suspended         whether lending is suspended
 * @param closed            whether the pool is closed
 * @param oldestWait        how long the longest-waiting thread has waited so far; zero when none waits
 * @param serverFull        the database refused the latest new connection as full (too many
 *                          connections for the server, database or role): the pool serves with the
 *                          connections it has and does not try to grow for a while
 */
public record PoolStats(
        String poolName,
        int total,
        int active,
        int idle,
        int pending,
        int min,
        int max,
        long created,
        long creationFailures,
        Map<CloseReason, Long> closedByReason,
        long borrows,
        long acquireTimeouts,
        boolean suspended,
        boolean closed,
        Duration oldestWait,
        boolean serverFull) {

    public PoolStats {
        EnumMap<CloseReason, Long> copy = new EnumMap<>(CloseReason.class);
        for (CloseReason reason : CloseReason.values()) {
            copy.put(reason, closedByReason.getOrDefault(reason, 0L));
        }
        closedByReason = Collections.unmodifiableMap(copy);
    }

    /** Physical connections closed since start, for every reason together. */
    public long closedTotal() {
        long sum = 0;
        for (long count : closedByReason.values()) {
            sum += count;
        }
        return sum;
    }

    /** True when every connection allowed is lent out and threads are waiting. */
    public boolean saturated() {
        return active >= max && pending > 0;
    }
}
