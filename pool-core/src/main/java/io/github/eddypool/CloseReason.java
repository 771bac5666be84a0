package io.github.eddypool;

/**
 * Why the pool closed a physical connection. Every close is counted under exactly one reason
 * in {@link PoolStats#closedByReason()} and reported to {@link PoolListener#connectionClosed}.
 */
public enum CloseReason {
    /** Idle longer than {@code idle-timeout} while the pool held more than {@code min-size}. */
    IDLE_TIMEOUT,
    /** Older than {@code max-lifetime} (with jitter). */
    MAX_LIFETIME,
    /** Executed {@code max-queries} statements. */
    MAX_QUERIES,
    /** Failed a pre-ping or keepalive test. */
    VALIDATION_FAILED,
    /** Raised a fatal error (connection lost, server shutting down, session killed). */
    BROKEN,
    /**
     * Raised a read-only error (PostgreSQL SQLState 25006, MariaDB/MySQL 1290, 1792, 1836) on a
     * pool meant to write: the server became a read-only node, e.g. after a failover.
     */
    READ_ONLY,
    /** Retired by {@link EddyDataSource#softEvictAll()}. */
    EVICTED,
    /** Closed because {@link EddyDataSource#resize} lowered the maximum. */
    RESIZED,
    /** Closed because the pool itself was closed. */
    POOL_CLOSED,
    /** Still borrowed when the shutdown grace period ended, and aborted. */
    ABORTED
}
