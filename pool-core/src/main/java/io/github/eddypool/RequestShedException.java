package io.github.eddypool;

import java.sql.SQLTransientConnectionException;

/**
 * {@code getConnection()} was refused at once: {@code max-waiting} threads already wait and the
 * pool cannot grow (load shedding). Its SQLState is {@value AcquireTimeoutException#NO_CONNECTION}
 * (class 08, connection exception), like a timeout's. Shows no secret.
 */
public class RequestShedException extends SQLTransientConnectionException {

    private final String poolName;
    private final int maxWaiting;
    private final int waiting;
    private final int active;
    private final int maxSize;

    public RequestShedException(String message, String poolName, int maxWaiting, PoolStats stats) {
        super(message, AcquireTimeoutException.NO_CONNECTION);
        this.poolName = poolName;
        this.maxWaiting = maxWaiting;
        this.waiting = stats.pending();
        this.active = stats.active();
        this.maxSize = stats.max();
    }

    public String poolName() { return poolName; }
    public int maxWaiting() { return maxWaiting; }
    /** Threads waiting when this one was shed. */
    public int waiting() { return waiting; }
    public int active() { return active; }
    public int maxSize() { return maxSize; }
}
