package io.github.eddypool.internal.pool;

import io.github.eddypool.CloseReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool's cumulative counters. Borrows are not counted here: each entry counts its own
 * (written only by its owner, so no atomic on the hot path) and the pool adds them up.
 */
final class PoolCounters {

    final LongAdder created = new LongAdder();
    final LongAdder creationFailures = new LongAdder();
    final LongAdder acquireTimeouts = new LongAdder();
    /** Borrows of entries that have since been retired. */
    final LongAdder retiredBorrows = new LongAdder();
    private final LongAdder[] closed = new LongAdder[CloseReason.values().length];

    PoolCounters() {
        for (int i = 0; i < closed.length; i++) {
            closed[i] = new LongAdder();
        }
    }

    void closed(CloseReason reason) {
        closed[reason.ordinal()].increment();
    }

    Map<CloseReason, Long> closedByReason() {
        Map<CloseReason, Long> m = new EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            m.put(r, closed[r.ordinal()].sum());
        }
        return m;
    }
}
