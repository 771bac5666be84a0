package io.github.eddypool;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

/**
 * {@code getConnection()} waited {@code connection-timeout} and got no connection. Besides the
 * pool's counts it says why, as far as the pool can tell at that moment ({@link #category()}), and
 * who holds the connections: the longest holders with the frame each is in now, sampled when the
 * timeout happened (never on the borrow path). Shows no secret.
 */
public class AcquireTimeoutException extends SQLTransientConnectionException {

    /** Why no connection could be had. */
    public enum Category {
        /** The pool is suspended: it lends nothing until resumed. */
        SUSPENDED,
        /** The pool has room to grow but cannot open connections: the database refuses or does not answer. */
        CANNOT_OPEN_CONNECTIONS,
        /** A holder has kept its connection past {@code leak-detection-threshold}. */
        LEAK_SUSPECTED,
        /** The holders kept their connections for the whole wait, running SQL: slow statements or transactions. */
        HOLDERS_IN_STATEMENTS,
        /** The holders kept their connections for the whole wait without running SQL: work done while holding a connection. */
        HOLDERS_IDLE,
        /** Connections turn over, but more borrowers want one at a time than max-size allows. */
        DEMAND_ABOVE_MAX_SIZE
    }

    /**
     * One thread holding a connection.
     *
     * @param thread       the holder's name
     * @param heldFor      how long it had held the connection when the timeout happened
     * @param frame        the frame it was in then: its own call into JDBC when {@code inStatement},
     *                     else its first frame outside the JDK
     * @param inStatement  whether it was inside a JDBC call on the connection
     */
    public record Holder(String thread, Duration heldFor, String frame, boolean inStatement) {
    }

    /**
     * The SQLState when no driver error explains the timeout: class 08 (connection exception),
     * 08001 "the client could not establish a connection", which retry logic and Spring's
     * exception translation treat as transient.
     */
    public static final String NO_CONNECTION = "08001";

    private final String poolName;
    private final Category category;
    private final int active;
    private final int idle;
    private final int pending;
    private final int maxSize;
    private final Duration waited;
    private final Duration oldestWait;
    private final List<Holder> holders;

    public AcquireTimeoutException(String message, Throwable cause, String poolName, Category category,
                                   PoolStats stats, Duration waited, List<Holder> holders) {
        super(message, sqlState(cause), cause);
        this.poolName = poolName;
        this.category = category;
        this.active = stats.active();
        this.idle = stats.idle();
        this.pending = stats.pending();
        this.maxSize = stats.max();
        this.waited = waited;
        this.oldestWait = stats.oldestWait();
        this.holders = List.copyOf(holders);
    }

    /**
     * The SQLState of the driver's error that kept the pool from opening connections, when there
     * was one (as HikariCP does), so that code that classifies errors by SQLState sees the
     * database's reason; otherwise {@value #NO_CONNECTION}.
     */
    private static String sqlState(Throwable cause) {
        return cause instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : NO_CONNECTION;
    }

    public String poolName() { return poolName; }
    public Category category() { return category; }
    public int active() { return active; }
    public int idle() { return idle; }
    /** Threads waiting when this one gave up (itself included). */
    public int pending() { return pending; }
    public int maxSize() { return maxSize; }
    /** How long this borrower waited. */
    public Duration waited() { return waited; }
    /** How long the longest waiter had waited when this one gave up. */
    public Duration oldestWait() { return oldestWait; }
    /** Up to three holders, longest held first; empty when none was sampled. */
    public List<Holder> holders() { return holders; }
    /** Borrowers wanting a connection at once when this one gave up: active + waiting. */
    public int demand() { return active + pending; }
}
