package io.github.eddypool;

import java.sql.SQLException;

/**
 * Receives the pool's events, for metrics or logging. It depends on no metrics library;
 * {@code pool-micrometer} binds Micrometer to it.
 *
 * <p>Methods are called on the thread that caused the event (often a borrower on the hot
 * path), so implementations must be fast, thread-safe and must not throw. All durations are
 * in nanoseconds. Every method has an empty default, so implement only what you need.
 */
public interface PoolListener {

    /** A borrower got a connection after waiting {@code nanos}. */
    default void connectionAcquired(long nanos) {
    }

    /** A borrowed connection was returned after being held {@code nanos}. */
    default void connectionReturned(long nanos) {
    }

    /** A new physical connection was opened (and set up) in {@code nanos}. */
    default void connectionCreated(long nanos) {
    }

    /** An attempt to open a physical connection failed. */
    default void connectionCreationFailed(SQLException cause) {
    }

    /** A borrower gave up after {@code connection-timeout}. */
    default void acquireTimedOut() {
    }

    /**
     * A borrower was refused at once by {@code max-waiting} (load shedding). Counted as a timeout
     * unless overridden.
     */
    default void requestShed() {
        acquireTimedOut();
    }

    /** A physical connection was closed, for {@code reason}. */
    default void connectionClosed(CloseReason reason) {
    }

    /** A connection was held longer than {@code leak-detection-threshold}. */
    default void leakSuspected(BorrowedConnection borrowed) {
    }
}
