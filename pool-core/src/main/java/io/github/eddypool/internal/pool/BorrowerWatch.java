package io.github.eddypool.internal.pool;

import io.github.eddypool.AcquireTimeoutException;
import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.internal.jfr.PoolEvents;

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
    private final PoolEvents events;

    BorrowerWatch(EddyConfig config, ConnectionBag bag, ListenerChain listeners, PoolEvents events) {
        this.config = config;
        this.bag = bag;
        this.listeners = listeners;
        this.events = events;
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
                events.leakSuspected(e.id, info.threadName(), info.heldFor().toNanos(), threshold);
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

    /**
     * The {@code limit} longest holders, each with the frame its thread is in now. Reads other
     * threads' stacks (a safepoint each), so only for a timeout report, never on the borrow path.
     */
    List<AcquireTimeoutException.Holder> sampleHolders(int limit) {
        long now = System.nanoTime();
        List<PoolEntry> held = new ArrayList<>();
        for (PoolEntry e : bag.entries()) {
            if (e.state() == PoolEntry.IN_USE && e.borrowedAt != PoolEntry.NOT_BORROWED && e.borrower != null) {
                held.add(e);
            }
        }
        held.sort(Comparator.comparingLong(e -> e.borrowedAt));
        List<AcquireTimeoutException.Holder> out = new ArrayList<>();
        for (PoolEntry e : held) {
            if (out.size() == limit) {
                break;
            }
            Thread t = e.borrower;
            long at = e.borrowedAt;
            if (t == null || at == PoolEntry.NOT_BORROWED) {
                continue; // returned meanwhile
            }
            StackTraceElement[] stack = t.getStackTrace();
            int proxyFrame = -1;
            for (int i = stack.length - 1; i >= 0; i--) {
                if (stack[i].getClassName().startsWith(PROXY_PACKAGE)) {
                    proxyFrame = i;
                    break;
                }
            }
            boolean inStatement = proxyFrame >= 0;
            String frame = inStatement ? frameAt(stack, proxyFrame + 1) : firstApplicationFrame(stack);
            out.add(new AcquireTimeoutException.Holder(t.getName(), Duration.ofNanos(Math.max(0, now - at)), frame, inStatement));
        }
        return out;
    }

    private static final String PROXY_PACKAGE = "io.github.eddypool.internal.proxy.";

    private static String frameAt(StackTraceElement[] stack, int i) {
        return i < stack.length ? stack[i].toString() : "?";
    }

    /** The first frame outside the JDK and the pool: what the holder's own code is doing. */
    private static String firstApplicationFrame(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("io.github.eddypool.internal."))) {
                return f.toString();
            }
        }
        return stack.length > 0 ? stack[0].toString() : "?";
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
