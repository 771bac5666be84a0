package io.github.eddypool.internal.pool;

import io.github.eddypool.CloseReason;
import io.github.eddypool.internal.proxy.StatementList;

import java.sql.Connection;

/**
 * One physical connection and its bookkeeping. Ownership is decided by {@link #state}, changed
 * only by compare-and-set: whoever moves an entry out of {@link #IDLE} (a borrower, or the
 * housekeeper reserving it) owns it until it puts it back or retires it. That single rule is
 * what guarantees that a connection is never lent to two borrowers at once.
 *
 * <p>Fields without {@code volatile} are written only by the entry's current owner; the
 * state CAS (a full fence) publishes them to the next owner.
 */
public final class PoolEntry extends PaddedState.After {

    final long id;
    final Connection connection;
    final long createdAt;
    /** nanoTime after which the connection is retired; Long.MAX_VALUE for never. */
    final long expiresAt;
    /** The state a borrower may change, as the pool set it up; restored on return. */
    final ConnectionDefaults defaults;
    /** How to ask this connection's driver whether a transaction is open; looked up once. */
    private final OpenTransactions.Probe openTransactions;
    /** Statements the current borrower left open; closed on return. Reused across borrows. */
    private final StatementList openStatements = new StatementList();

    /**
     * When it was last lent (or created, or tested): pre-ping is skipped within 500 ms of it.
     * Taken from the borrow's clock reading, so returning a connection needs no clock at all.
     */
    long lastUsedAt;
    /**
     * Since when it has been idle, as stamped by the housekeeper on the first sweep that sees it
     * idle; {@link #UNSTAMPED} after each return. Drives idle-timeout and keepalive, which so
     * never fire early, and at most one sweep late.
     */
    static final long UNSTAMPED = Long.MIN_VALUE;
    long idleSince = UNSTAMPED;
    /** When the housekeeper last tested it for keepalive. */
    long keepaliveAt;
    /** Statements executed over its whole life, for max-queries; counted by the handle. */
    private long queries;
    /** Times it was lent. */
    long borrows;

    /*
     * Who holds it, for leak detection and the actuator. Written by the owner with plain writes
     * (the hot path must not pay for fences); monitoring reads them racily, which is fine for
     * a report. NOT_BORROWED is written before the entry is made idle again, so a reader that sees IN_USE never
     * sees an earlier borrow's time.
     */
    static final long NOT_BORROWED = Long.MIN_VALUE;
    long borrowedAt = NOT_BORROWED;
    Thread borrower;
    Throwable borrowerStack;
    boolean leakReported;
    /** Set when the connection must not be lent again; it is closed when next idle or returned. */
    volatile CloseReason retireReason;

    PoolEntry(long id, Connection connection, long createdAt, long expiresAt, ConnectionDefaults defaults) {
        super(IN_USE); // a new entry belongs to the grower that opened it until it is first offered
        this.id = id;
        this.connection = connection;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.defaults = defaults;
        this.openTransactions = OpenTransactions.probeFor(connection.getClass());
        this.lastUsedAt = createdAt;
        this.keepaliveAt = createdAt;
    }

    /** IDLE to IN_USE, for a borrower. The plain read first keeps failing CASes off the bus. */
    boolean tryBorrow() {
        return isIdle() && compareAndSetState(IDLE, IN_USE);
    }

    /** IDLE to RESERVED, for the housekeeper (tests and retirement). */
    boolean tryReserve() {
        return isIdle() && compareAndSetState(IDLE, RESERVED);
    }

    /** Back to IDLE from IN_USE; false if the pool took the entry away (aborted on close). */
    boolean tryMakeIdle() {
        return compareAndSetState(IN_USE, IDLE);
    }

    /** RESERVED to IDLE, after a passed keepalive test. */
    void unreserve() {
        setState(IDLE);
    }

    /** From IN_USE or RESERVED to REMOVED; true for exactly one caller. */
    boolean tryRemove(long expected) {
        return compareAndSetState(expected, REMOVED);
    }

    void markForRetirement(CloseReason reason) {
        if (retireReason == null) {
            retireReason = reason;
        }
    }

    /**
     * A fatal error was raised on this connection: never lend it again.
     *
     * @return true the first time, so that the loss is reported once per connection
     */
    public boolean markBroken() {
        boolean first = retireReason != CloseReason.BROKEN;
        retireReason = CloseReason.BROKEN;
        return first;
    }

    public boolean isBroken() {
        return retireReason == CloseReason.BROKEN;
    }

    public Connection connection() {
        return connection;
    }

    public ConnectionDefaults defaults() {
        return defaults;
    }

    public OpenTransactions.Probe openTransactions() {
        return openTransactions;
    }

    public StatementList openStatements() {
        return openStatements;
    }

    /** Counts one statement execution; only the borrower (through its handle) calls it. */
    public void countQuery() {
        queries++;
    }

    public long queries() {
        return queries;
    }

    public long id() {
        return id;
    }

    @Override
    public String toString() {
        return "connection#" + id;
    }
}
