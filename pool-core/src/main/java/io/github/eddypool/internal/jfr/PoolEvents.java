package io.github.eddypool.internal.jfr;

import io.github.eddypool.PoolStats;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Emits one pool's JDK Flight Recorder events. Each method is called only on a slow path (a
 * wait, a timeout, a leak sweep, a failed connection attempt), never on a plain borrow or return,
 * and does nothing beyond one enabled-check unless a recording has the event enabled; only then
 * are the pool's counts read. Texts handed in are already free of secrets.
 */
public final class PoolEvents {

    private final String poolName;
    private final Supplier<PoolStats> stats;

    public PoolEvents(String poolName, Supplier<PoolStats> stats) {
        this.poolName = poolName;
        this.stats = stats;
    }

    /** A borrower timed out, or was shed ({@code cause} "shed"), after waiting {@code waitedNanos}. */
    public void acquireTimedOut(long waitedNanos, String cause, String explanation) {
        AcquireTimeoutEvent e = new AcquireTimeoutEvent();
        if (e.shouldCommit()) {
            counts(e);
            e.waited = waitedNanos;
            e.cause = cause;
            e.explanation = explanation;
            e.commit();
        }
    }

    /** A borrower got its connection after waiting {@code waitedNanos}, at least the threshold. */
    public void slowAcquire(long waitedNanos, long thresholdNanos) {
        SlowAcquireEvent e = new SlowAcquireEvent();
        if (e.shouldCommit()) {
            counts(e);
            e.waited = waitedNanos;
            e.threshold = thresholdNanos;
            e.commit();
        }
    }

    /** Connection {@code connectionId} has been held by {@code holderThread} for {@code heldNanos}. */
    public void leakSuspected(long connectionId, String holderThread, long heldNanos, long thresholdNanos) {
        LeakSuspectedEvent e = new LeakSuspectedEvent();
        if (e.shouldCommit()) {
            counts(e);
            e.connectionId = connectionId;
            e.holderThread = holderThread;
            e.heldFor = heldNanos;
            e.threshold = thresholdNanos;
            e.commit();
        }
    }

    /**
     * Opening a connection to {@code target} failed with {@code failure};
     * {@code scrubbedReason} is its message with passwords masked.
     */
    public void creationFailed(String target, SQLException failure, String scrubbedReason) {
        ConnectionCreationFailedEvent e = new ConnectionCreationFailedEvent();
        if (e.shouldCommit()) {
            counts(e);
            e.target = target;
            e.reason = scrubbedReason;
            e.sqlState = failure.getSQLState();
            e.errorCode = failure.getErrorCode();
            e.commit();
        }
    }

    private void counts(PoolEvent event) {
        event.counts(poolName, stats.get());
    }
}
