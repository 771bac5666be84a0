package io.github.eddypool.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Controls and observes one scripted database, reached through the URL {@link #url()}
 * ({@code jdbc:scripted:<name>}). Get one with {@link ScriptedDriver#newScript()} or
 * {@link ScriptedDriver#script(String)}.
 *
 * <p>Connect behaviour is applied in this order: {@link #connectDelay(Duration) delay},
 * {@link #hangConnects() hang}, {@link #failNextConnects(int, Supplier) scripted failure},
 * {@link #requirePassword(String) password check}, success. All methods are thread-safe.
 */
public final class DriverScript {

    /** What {@code isValid} does on a connection. */
    public enum Validity {
        /** Returns true (while the connection is open and not broken). */
        VALID,
        /** Returns false. */
        INVALID,
        /** Blocks until released, closed or aborted, or until the isValid timeout / network timeout ends; then returns false. */
        HANG,
        /** Blocks until released, closed or aborted, ignoring every timeout (a badly behaved driver); then returns false. */
        HANG_IGNORING_TIMEOUTS
    }

    /** What statements do on a connection. */
    public enum Execution {
        /** Run at once and return one row with the value 1. */
        NORMAL,
        /**
         * Block until released, closed or aborted; a query timeout ends the wait with SQLState 57014,
         * a network timeout with 08006 (and breaks the connection), as a real driver would.
         */
        HANG
    }

    private final String name;
    private final Object lock = new Object();

    // connect behaviour (guarded by lock)
    private int failNext;
    private Supplier<SQLException> failNextWith;
    private Supplier<SQLException> failAllWith;
    private boolean hang;
    private long hangNanos;           // 0: until released
    private long hangGeneration;
    private String requiredPassword;

    private volatile Duration connectDelay = Duration.ZERO;
    private volatile Validity defaultValidity = Validity.VALID;
    private volatile Execution defaultExecution = Execution.NORMAL;
    private volatile Duration statementDelay = Duration.ZERO;
    private volatile int defaultIsolation = Connection.TRANSACTION_READ_COMMITTED;
    private volatile Properties lastProperties;
    private volatile boolean metadataStatements = true;

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong nextId = new AtomicLong();
    private final List<Long> attemptTimes = new CopyOnWriteArrayList<>();
    private final List<ScriptedConnection> connections = new CopyOnWriteArrayList<>();

    DriverScript(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The JDBC URL of this script: {@code jdbc:scripted:<name>}. */
    public String url() {
        return ScriptedDriver.URL_PREFIX + name;
    }

    // ------------------------------------------------------------------ exceptions

    /** PostgreSQL's wrong-password error (SQLState 28P01). */
    public static SQLException authFailure() {
        return new SQLException("FATAL: password authentication failed for user \"app\"", "28P01");
    }

    /** A refused connection (SQLState 08001). */
    public static SQLException connectionRefused() {
        return new SQLException("Connection to scripted database refused", "08001");
    }

    /** A connection that was lost (SQLState 08006). */
    public static SQLException connectionLost() {
        return new SQLException("An I/O error occurred while sending to the backend", "08006");
    }

    // ------------------------------------------------------------------ connect behaviour

    /** The next {@code n} connect attempts fail with a fresh exception from {@code failure}. */
    public DriverScript failNextConnects(int n, Supplier<SQLException> failure) {
        synchronized (lock) {
            failNext = n;
            failNextWith = failure;
        }
        return this;
    }

    /** The next {@code n} connect attempts fail with {@code sqlState}. */
    public DriverScript failNextConnects(int n, String sqlState) {
        return failNextConnects(n, () -> new SQLException("scripted connect failure (" + sqlState + ")", sqlState));
    }

    /** Every connect attempt fails with a fresh exception from {@code failure} until {@link #clearConnectFailures()}. */
    public DriverScript failAllConnects(Supplier<SQLException> failure) {
        synchronized (lock) {
            failAllWith = failure;
        }
        return this;
    }

    public DriverScript failAllConnects(String sqlState) {
        return failAllConnects(() -> new SQLException("scripted connect failure (" + sqlState + ")", sqlState));
    }

    public DriverScript clearConnectFailures() {
        synchronized (lock) {
            failNext = 0;
            failNextWith = null;
            failAllWith = null;
        }
        return this;
    }

    /** Every connect sleeps this long first (interruptible). */
    public DriverScript connectDelay(Duration delay) {
        this.connectDelay = delay;
        return this;
    }

    /** Connect attempts block until {@link #releaseConnects()} (or interrupt), then go on normally. */
    public DriverScript hangConnects() {
        synchronized (lock) {
            hang = true;
            hangNanos = 0;
        }
        return this;
    }

    /**
     * Connect attempts block for {@code duration} (or until {@link #releaseConnects()}); those that
     * run out of time fail with SQLState 08001, like a driver's connect timeout.
     */
    public DriverScript hangConnectsFor(Duration duration) {
        synchronized (lock) {
            hang = true;
            hangNanos = Math.max(1, duration.toNanos());
        }
        return this;
    }

    /** Ends hanging: blocked connect attempts go on, new ones no longer block. */
    public DriverScript releaseConnects() {
        synchronized (lock) {
            hang = false;
            hangGeneration++;
            lock.notifyAll();
        }
        return this;
    }

    /** Connects must carry this password (property {@code password}); others fail with 28P01. Null: any. */
    public DriverScript requirePassword(String password) {
        synchronized (lock) {
            requiredPassword = password;
        }
        return this;
    }

    // ------------------------------------------------------------------ connection behaviour

    /** isValid behaviour of connections opened from now on. */
    public DriverScript defaultValidity(Validity validity) {
        this.defaultValidity = validity;
        return this;
    }

    /** Statement behaviour of connections opened from now on. */
    public DriverScript defaultExecution(Execution execution) {
        this.defaultExecution = execution;
        return this;
    }

    /** Every statement execution sleeps this long (all connections, now and later). */
    public DriverScript statementDelay(Duration delay) {
        this.statementDelay = delay;
        return this;
    }

    /** The isolation level new connections report. */
    public DriverScript defaultIsolation(int level) {
        this.defaultIsolation = level;
        return this;
    }

    /** Marks every open connection broken with {@code sqlState} (e.g. 08006, 57P01). */
    /**
     * Result sets from {@link java.sql.DatabaseMetaData} answer {@code getStatement()} with null, as
     * JDBC allows for result sets a driver makes itself (by default they return their statement).
     */
    public DriverScript metadataResultSetsWithoutStatement() {
        metadataStatements = false;
        return this;
    }

    boolean metadataStatements() {
        return metadataStatements;
    }

    public void breakAll(String sqlState) {
        for (ScriptedConnection c : openConnections()) {
            c.markBroken(sqlState);
        }
    }

    /** Sets the isValid behaviour of every open connection. */
    public void setValidityOfAll(Validity validity) {
        for (ScriptedConnection c : openConnections()) {
            c.setValidity(validity);
        }
    }

    // ------------------------------------------------------------------ observations

    public int connectAttempts() {
        return attempts.get();
    }

    public int failedConnects() {
        return failures.get();
    }

    /** Physical connections opened successfully. */
    public int opened() {
        return opened.get();
    }

    /** Physical connections closed or aborted. */
    public int closed() {
        return closed.get();
    }

    /** Physical connections open now. */
    public int open() {
        return opened.get() - closed.get();
    }

    /** Connect attempts running right now. */
    public int connectsInFlight() {
        return inFlight.get();
    }

    /** The most connect attempts that ever ran at once. */
    public int maxConcurrentConnects() {
        return maxInFlight.get();
    }

    /** System.nanoTime() of every connect attempt, in order. */
    public List<Long> connectAttemptTimes() {
        return List.copyOf(attemptTimes);
    }

    /** Connect attempts whose start lies within the last {@code window}. */
    public int attemptsWithin(Duration window) {
        long from = System.nanoTime() - window.toNanos();
        int n = 0;
        for (long t : attemptTimes) {
            if (t >= from) {
                n++;
            }
        }
        return n;
    }

    /** The properties of the last connect attempt (a copy), or null. */
    public Properties lastConnectProperties() {
        Properties p = lastProperties;
        if (p == null) {
            return null;
        }
        Properties copy = new Properties();
        copy.putAll(p);
        return copy;
    }

    /** Every connection opened, in order. */
    public List<ScriptedConnection> connections() {
        return List.copyOf(connections);
    }

    public List<ScriptedConnection> openConnections() {
        List<ScriptedConnection> open = new ArrayList<>();
        for (ScriptedConnection c : connections) {
            if (!c.isPhysicallyClosed()) {
                open.add(c);
            }
        }
        return open;
    }

    /** The last connection opened, or null. */
    public ScriptedConnection lastConnection() {
        List<ScriptedConnection> all = connections;
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Waits until {@link #open()} equals {@code expected}; false on timeout. */
    public boolean awaitOpen(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open() != expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public String toString() {
        return "DriverScript[" + name + ": attempts=" + attempts + ", opened=" + opened + ", closed=" + closed
                + ", inFlight=" + inFlight + ", maxInFlight=" + maxInFlight + "]";
    }

    // ------------------------------------------------------------------ driver side

    ScriptedConnection connect(Properties info) throws SQLException {
        attempts.incrementAndGet();
        attemptTimes.add(System.nanoTime());
        lastProperties = info == null ? new Properties() : (Properties) info.clone();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            sleep(connectDelay);
            awaitHang();
            SQLException failure = null;
            synchronized (lock) {
                if (failNext > 0) {
                    failNext--;
                    failure = failNextWith.get();
                } else if (failAllWith != null) {
                    failure = failAllWith.get();
                } else if (requiredPassword != null
                        && (info == null || !requiredPassword.equals(info.getProperty("password")))) {
                    failure = authFailure();
                }
            }
            if (failure != null) {
                throw failure;
            }
            ScriptedConnection c = new ScriptedConnection(this, nextId.incrementAndGet(), defaultValidity,
                    defaultExecution, defaultIsolation, info == null ? null : info.getProperty("user"));
            connections.add(c);
            opened.incrementAndGet();
            return c;
        } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void awaitHang() throws SQLException {
        synchronized (lock) {
            if (!hang) {
                return;
            }
            long generation = hangGeneration;
            long limit = hangNanos;
            long deadline = System.nanoTime() + limit;
            try {
                while (hang && generation == hangGeneration) {
                    if (limit == 0) {
                        lock.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new SQLTransientConnectionException("scripted connect timed out after "
                                    + TimeUnit.NANOSECONDS.toMillis(limit) + "ms", "08001");
                        }
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("scripted connect interrupted", "08001", e);
            }
        }
    }

    void connectionClosed() {
        closed.incrementAndGet();
    }

    Duration statementDelay() {
        return statementDelay;
    }

    static void sleep(Duration d) throws SQLException {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("scripted driver interrupted", "08001", e);
        }
    }
}
