package io.github.eddypool.internal.pool;

import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.EddyConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds which connection, and for how long: the list the actuator endpoint shows, and the
 * leak detection that warns, with the borrower's stack, about a connection held longer than
 * leak-detection-threshold. Reads the owners' plain writes racily, which is fine for a report.
 */
final class BorrowerWatch {

    private static final Logger LOG = LoggerFactory.getLogger(BorrowerWatch.class);

    private final EddyConfig config;
    private final ConnectionBag bag;
    private final ListenerChain listeners;

    BorrowerWatch(EddyConfig config, ConnectionBag bag, ListenerChain listeners) {
        this.config = config;
        this.bag = bag;
        this.listeners = listeners;
    }

    /** Reports connections held longer than leak-detection-threshold, once per borrow. */
    void sweepForLeaks() {
        long threshold = config.leakDetectionThreshold().toNanos();
        long now = System.nanoTime();
        for (PoolEntry e : bag.entries()) {
            long at = e.borrowedAt;
            if (e.state() == PoolEntry.IN_USE && at != PoolEntry.NOT_BORROWED && !e.leakReported && now - at > threshold) {
                e.leakReported = true;
                BorrowedConnection info = describe(e, now, at);
                if (info == null) {
                    continue;
                }
                Throwable stack = new Throwable("Borrower's stack at getConnection()");
                stack.setStackTrace(info.borrowerStack().toArray(new StackTraceElement[0]));
                LOG.warn("Pool {}: possible connection leak: {} held by thread '{}' for {} ms (leak-detection-threshold {} ms)",
                        config.poolName(), e, info.threadName(), info.heldFor().toMillis(),
                        config.leakDetectionThreshold().toMillis(), stack);
                listeners.leakSuspected(info);
            }
        }
    }

    /** The connections lent out now, longest held first. */
    List<BorrowedConnection> borrowed() {
        long now = System.nanoTime();
        List<BorrowedConnection> out = new ArrayList<>();
        for (PoolEntry e : bag.entries()) {
            long at = e.borrowedAt;
            if (e.state() == PoolEntry.IN_USE && at != PoolEntry.NOT_BORROWED) {
                BorrowedConnection info = describe(e, now, at);
                if (info != null) {
                    out.add(info);
                }
            }
        }
        out.sort(Comparator.comparing(BorrowedConnection::heldFor).reversed());
        return out;
    }

    private static BorrowedConnection describe(PoolEntry e, long now, long borrowedAt) {
        Thread t = e.borrower;
        if (t == null) {
            return null; // returned meanwhile
        }
        Throwable stack = e.borrowerStack;
        long held = Math.max(0, now - borrowedAt);
        return new BorrowedConnection(e.id, Instant.now().minusNanos(held), Duration.ofNanos(held), t.getName(),
                stack == null ? List.of() : Arrays.asList(stack.getStackTrace()), e.leakReported);
    }
}
