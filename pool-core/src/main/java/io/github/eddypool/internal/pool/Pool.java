package io.github.eddypool.internal.pool;

import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.EddyStartupException;
import io.github.eddypool.PoolStats;
import io.github.eddypool.internal.config.SecretMasker;
import io.github.eddypool.internal.jmx.PoolMBeanRegistration;
import io.github.eddypool.internal.proxy.ProxyConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool engine behind {@link io.github.eddypool.EddyDataSource}: lends entries from the
 * {@link ConnectionBag}, checks them on the way out, takes them back, grows the pool with
 * bounded parallel connection attempts, and retires connections for every reason a
 * {@link CloseReason} names.
 */
public final class Pool {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    /** A connection used this recently is lent without a pre-ping. */
    static final long PRE_PING_BYPASS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MAX_CREATE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MIN_CREATE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private final EddyConfig config;
    private final String name;
    private final ConnectionBag bag = new ConnectionBag();
    private final ConnectionFactory factory;
    private final ConnectionTester tester;
    private final ListenerChain listeners;
    private final PoolCounters counters = new PoolCounters();
    private final PoolThreads threads;
    private final Housekeeper housekeeper;
    private final long startedAt = System.nanoTime();
    private final Instant startedInstant = Instant.now();

    // hot-path settings, copied out of the config
    private final long connectionTimeoutNanos;
    private final boolean prePing;
    private final long maxLifetimeNanos;
    private final long maxQueries;
    private final boolean leakDetection;

    private volatile int minSize;
    private volatile int maxSize;
    private volatile boolean closed;
    /** When a fatal error was last seen; connections returned before it are tested before reuse. */
    private volatile long fatalErrorAt;

    private final AtomicInteger pendingCreates = new AtomicInteger();
    private final AtomicInteger attemptsInFlight = new AtomicInteger();
    private final AtomicLong nextConnectionId = new AtomicLong();
    private volatile int consecutiveCreateFailures;
    private volatile long nextAttemptAt;
    private volatile SQLException lastCreateFailure;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
    private final PoolMBeanRegistration mbean;

    public Pool(EddyConfig config) {
        this.config = config;
        this.name = config.poolName();
        this.factory = new ConnectionFactory(config);
        this.tester = new ConnectionTester(config);
        this.listeners = new ListenerChain(config.listeners());
        this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
        this.prePing = config.prePing();
        this.maxLifetimeNanos = config.maxLifetime().toNanos();
        this.maxQueries = config.maxQueries();
        this.leakDetection = !config.leakDetectionThreshold().isZero();
        this.minSize = config.minSize();
        this.maxSize = config.maxSize();
        this.fatalErrorAt = startedAt - 1;
        this.threads = new PoolThreads(name, config.creationConcurrency());
        this.housekeeper = new Housekeeper(this, config);
        LOG.info("Eddy pool {} starting: {} connections to {} (min {}, max {})", name,
                config.minSize(), factory.target(), config.minSize(), config.maxSize());
        try {
            if (!config.initializationFailTimeout().isNegative()) {
                openFirstConnection();
            }
            fill();
            scheduleMaintenance();
        } catch (RuntimeException e) {
            shutDownAfterFailedStart();
            throw e;
        }
        this.mbean = config.registerMbeans() ? PoolMBeanRegistration.register(this) : null;
    }

    // =========================================================================================
    // Borrowing
    // =========================================================================================

    /** Borrows a connection handle; see {@link io.github.eddypool.EddyDataSource#getConnection()}. */
    public Connection borrow() throws SQLException {
        final long start = System.nanoTime();
        long now = start;
        PoolEntry entry = bag.poll(start);
        for (;;) {
            if (entry == null) {
                entry = await(start);
                now = System.nanoTime();
            }
            if (isLendable(entry, now)) {
                break;
            }
            now = System.nanoTime();
            entry = bag.poll(now);
        }
        entry.borrowedAt = now;
        entry.lastUsedAt = now;
        entry.borrower = Thread.currentThread();
        entry.borrows++;
        if (leakDetection) {
            entry.borrowerStack = new Throwable("stack of the borrower of " + entry);
        }
        if (!listeners.isEmpty()) {
            listeners.acquired(System.nanoTime() - start);
        }
        return ProxyConnection.lend(this, entry);
    }

    /**
     * Checks an entry the caller just took (IN_USE) before lending it; retires it if it must not
     * be lent. Pre-ping runs when the connection sat idle longer than the bypass window, or when
     * a fatal error has been seen since it was last returned (other sessions likely died too).
     */
    private boolean isLendable(PoolEntry entry, long now) {
        CloseReason retire = entry.retireReason;
        if (retire != null) {
            retire(entry, PoolEntry.IN_USE, retire);
            return false;
        }
        if (now - entry.expiresAt >= 0) {
            retire(entry, PoolEntry.IN_USE, CloseReason.MAX_LIFETIME);
            return false;
        }
        if (prePing && (now - entry.lastUsedAt > PRE_PING_BYPASS_NANOS || entry.lastUsedAt - fatalErrorAt <= 0)) {
            if (!tester.isAlive(entry)) {
                fatalErrorAt = System.nanoTime();
                LOG.debug("Pool {}: {} failed its pre-ping; retiring it", name, entry);
                retire(entry, PoolEntry.IN_USE, CloseReason.VALIDATION_FAILED);
                return false;
            }
        }
        return true;
    }

    /** The slow path: wait in line for a returned or new connection, up to connection-timeout. */
    private PoolEntry await(long start) throws SQLException {
        checkOpen();
        int maxWaiting = config.maxWaiting();
        if (maxWaiting >= 0 && bag.waiting() >= maxWaiting) {
            counters.acquireTimeouts.increment();
            listeners.timedOut();
            throw new SQLTransientConnectionException("Eddy pool " + name + ": no connection available and "
                    + bag.waiting() + " threads already waiting (max-waiting=" + maxWaiting + "); request shed at once "
                    + counts() + ". Raise max-waiting or max-size, or shed less load");
        }
        final long deadline = start + connectionTimeoutNanos;
        ConnectionBag.Waiter waiter = bag.enqueue(start);
        try {
            for (;;) {
                PoolEntry entry = bag.tryTake(waiter);
                if (entry != null) {
                    PoolEntry handed = waiter.cancel();
                    if (handed != null && handed != entry) {
                        bag.requiteFirstInLine(handed); // got one by scanning and one by hand-off: give one back
                    }
                    return entry;
                }
                if (closed) {
                    throw closedException();
                }
                fill();
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    PoolEntry late = waiter.cancel();
                    if (late != null) {
                        return late;
                    }
                    throw timeoutException(start);
                }
                ConnectionBag.park(remaining);
                if (Thread.interrupted()) {
                    PoolEntry late = waiter.cancel();
                    if (late != null) {
                        bag.requiteFirstInLine(late);
                    }
                    Thread.currentThread().interrupt();
                    throw new SQLException("Eddy pool " + name + ": interrupted while waiting for a connection", "08001");
                }
            }
        } finally {
            bag.leave(waiter);
        }
    }

    private SQLException timeoutException(long start) {
        counters.acquireTimeouts.increment();
        listeners.timedOut();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        StringBuilder msg = new StringBuilder("Eddy pool ").append(name).append(": no connection available within ")
                .append(waited).append(" ms ").append(counts()).append('.');
        if (bag.isLendingSuspended()) {
            msg.append(" The pool is suspended; resume it to lend again.");
        } else {
            msg.append(" Raise max-size or connection-timeout, or hold connections for less time.");
        }
        SQLException cause = lastCreateFailure;
        boolean failing = cause != null && consecutiveCreateFailures > 0;
        if (failing) {
            msg.append(" Opening new connections to ").append(factory.target()).append(" fails: ")
                    .append(scrub(cause.getMessage()));
        }
        return new SQLTransientConnectionException(msg.toString(), null, failing ? scrub(cause) : null);
    }

    /** The message with the password masked (the configured one, or the last one a supplier gave). */
    private String scrub(String message) {
        return SecretMasker.scrub(SecretMasker.scrub(message, config.password()), factory.lastPassword());
    }

    private Throwable scrub(Throwable t) {
        return SecretMasker.scrubbed(SecretMasker.scrubbed(t, config.password()), factory.lastPassword());
    }

    private String counts() {
        PoolStats s = stats();
        return "(active=" + s.active() + ", idle=" + s.idle() + ", pending=" + s.pending() + ", max=" + s.max() + ")";
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw closedException();
        }
    }

    private SQLException closedException() {
        return new SQLTransientConnectionException("Eddy pool " + name
                + " is closed; no more connections are lent. Use an open pool (was the application shutting down?)");
    }

    // =========================================================================================
    // Returning
    // =========================================================================================

    /**
     * Takes back an entry from a closed handle; the handle has already reset its state. Reads
     * no clock unless a listener wants the usage time: max-lifetime is checked when lending.
     */
    public void release(PoolEntry entry) {
        if (!listeners.isEmpty()) {
            listeners.returned(System.nanoTime() - entry.borrowedAt);
        }
        entry.idleSince = PoolEntry.UNSTAMPED;
        entry.borrowedAt = PoolEntry.NOT_BORROWED;
        entry.borrower = null;
        if (leakDetection) {
            entry.borrowerStack = null;
            if (entry.leakReported) {
                entry.leakReported = false;
                LOG.info("Pool {}: {}, earlier reported as a possible leak, was returned", name, entry);
            }
        }
        CloseReason retire = entry.retireReason;
        if (retire == null) {
            if (closed) {
                retire = CloseReason.POOL_CLOSED;
            } else if (maxQueries > 0 && entry.queries >= maxQueries) {
                retire = CloseReason.MAX_QUERIES;
            }
        }
        if (retire != null) {
            retire(entry, PoolEntry.IN_USE, retire);
        } else {
            bag.requite(entry);
        }
    }

    /** A fatal error was seen on a connection: test the others before lending them. */
    public void fatalErrorSeen(PoolEntry entry, SQLException e) {
        fatalErrorAt = System.nanoTime();
        LOG.warn("Pool {}: {} lost its session ({}, SQLState {}); it will be closed, and idle connections tested before reuse",
                name, entry, scrub(e.getMessage()), e.getSQLState());
    }

    // =========================================================================================
    // Retiring
    // =========================================================================================

    /**
     * Removes an entry the caller owns (in state {@code expected}) and closes its connection in
     * the background. Only the caller that wins the state change does anything.
     */
    void retire(PoolEntry entry, long expected, CloseReason reason) {
        if (!entry.tryRemove(expected)) {
            return;
        }
        bag.remove(entry);
        counters.retiredBorrows.add(entry.borrows);
        counters.closed(reason);
        listeners.closed(reason);
        LOG.debug("Pool {}: closing {} ({})", name, entry, reason);
        try {
            threads.closer().execute(() -> ConnectionFactory.closeQuietly(entry.connection));
        } catch (RejectedExecutionException e) {
            ConnectionFactory.closeQuietly(entry.connection); // pool shutting down: close here
        }
        if (!closed) {
            fill();
        }
    }

    // =========================================================================================
    // Growing
    // =========================================================================================

    /**
     * Starts connection attempts while the pool is below min-size, or fewer attempts are
     * under way than threads wait; never beyond max-size.
     */
    void fill() {
        for (;;) {
            if (closed) {
                return;
            }
            int pending = pendingCreates.get();
            int size = bag.size();
            if (size + pending >= maxSize) {
                return;
            }
            if (size + pending >= minSize && pending >= bag.waiting()) {
                return;
            }
            if (pendingCreates.compareAndSet(pending, pending + 1)) {
                submitCreate(0);
            }
        }
    }

    private void submitCreate(long delayNanos) {
        try {
            if (delayNanos <= 0) {
                threads.connector().execute(this::createConnection);
            } else {
                threads.scheduler().schedule(() -> submitCreate(0), delayNanos, TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            pendingCreates.decrementAndGet(); // shutting down
        }
    }

    /** One connection attempt, run on a connector thread; counted in pendingCreates. */
    private void createConnection() {
        if (closed) {
            pendingCreates.decrementAndGet();
            return;
        }
        // While attempts fail, only one runs at a time, spaced by a growing back-off, so that a
        // struggling or misconfigured server is probed, not stormed.
        long wait = nextAttemptAt - System.nanoTime();
        if (consecutiveCreateFailures > 0 && (wait > 0 || attemptsInFlight.get() > 0)) {
            submitCreate(Math.max(wait, MIN_CREATE_BACKOFF_NANOS));
            return;
        }
        attemptsInFlight.incrementAndGet();
        long t0 = System.nanoTime();
        PoolEntry entry;
        try {
            entry = newEntry();
        } catch (SQLException | RuntimeException e) {
            attemptsInFlight.decrementAndGet();
            if (closed) {
                pendingCreates.decrementAndGet(); // interrupted by close(): not a failure
                return;
            }
            createFailed(e);
            return;
        }
        attemptsInFlight.decrementAndGet();
        consecutiveCreateFailures = 0;
        counters.created.increment();
        listeners.created(System.nanoTime() - t0);
        if (closed) {
            counters.closed(CloseReason.POOL_CLOSED);
            listeners.closed(CloseReason.POOL_CLOSED);
            ConnectionFactory.closeQuietly(entry.connection);
            pendingCreates.decrementAndGet();
            return;
        }
        bag.add(entry);
        pendingCreates.decrementAndGet();
        bag.requiteFirstInLine(entry); // it was opened for a waiter: give it to the first
        fill();
    }

    private PoolEntry newEntry() throws SQLException {
        return newEntry(0);
    }

    private PoolEntry newEntry(long handshakeMillis) throws SQLException {
        Connection c = factory.open(handshakeMillis);
        ConnectionDefaults defaults;
        try {
            defaults = factory.readDefaults(c);
        } catch (SQLException | RuntimeException e) {
            ConnectionFactory.closeQuietly(c);
            throw e;
        }
        long now = System.nanoTime();
        long expiresAt = Long.MAX_VALUE;
        if (maxLifetimeNanos > 0) {
            // up to 2.5% earlier, so that connections opened together do not all expire together
            long jitter = maxLifetimeNanos > TimeUnit.SECONDS.toNanos(10)
                    ? ThreadLocalRandom.current().nextLong(maxLifetimeNanos / 40) : 0;
            expiresAt = now + maxLifetimeNanos - jitter;
        }
        return new PoolEntry(nextConnectionId.incrementAndGet(), c, now, expiresAt, defaults);
    }

    private void createFailed(Exception e) {
        SQLException sql = e instanceof SQLException ? (SQLException) e
                : new SQLException("Opening a connection failed: " + e, "08001", e);
        lastCreateFailure = sql;
        counters.creationFailures.increment();
        listeners.creationFailed(sql);
        int failures = ++consecutiveCreateFailures;
        long backoff = Math.min(MAX_CREATE_BACKOFF_NANOS, MIN_CREATE_BACKOFF_NANOS << Math.min(failures, 10));
        nextAttemptAt = System.nanoTime() + backoff;
        if (failures == 1 || failures % 20 == 0) {
            LOG.warn("Pool {}: cannot open a connection to {} ({} failures in a row, retrying with back-off): {}",
                    name, factory.target(), failures, scrub(sql.getMessage()));
        }
        pendingCreates.decrementAndGet();
        fill();
    }

    private void openFirstConnection() {
        long timeoutNanos = config.initializationFailTimeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        Exception last = null;
        do {
            long wait = timeoutNanos == 0 ? connectionTimeoutNanos : Math.max(1, deadline - System.nanoTime());
            long handshakeMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait));
            // Whoever sets this first owns the connection: the waiting thread, or (if the waiter
            // gave up first) the attempt itself, which then closes what it opened.
            AtomicBoolean claimed = new AtomicBoolean();
            long t0 = System.nanoTime();
            Future<PoolEntry> attempt = threads.connector().submit(() -> {
                PoolEntry entry = newEntry(handshakeMillis);
                if (!claimed.compareAndSet(false, true)) {
                    ConnectionFactory.closeQuietly(entry.connection);
                    return null;
                }
                return entry;
            });
            try {
                PoolEntry entry = attempt.get(wait, TimeUnit.NANOSECONDS);
                counters.created.increment();
                listeners.created(System.nanoTime() - t0);
                bag.add(entry);
                bag.requite(entry);
                return;
            } catch (ExecutionException e) {
                last = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                if (last instanceof SQLException) {
                    SQLException sql = (SQLException) last;
                    lastCreateFailure = sql;
                    counters.creationFailures.increment();
                    listeners.creationFailed(sql);
                }
            } catch (TimeoutException | InterruptedException e) {
                if (!claimed.compareAndSet(false, true)) {
                    closeFinishedAttempt(attempt); // it finished just now: do not leak it
                }
                attempt.cancel(true);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                last = e;
                break;
            }
            if (last instanceof EddyConfigException) {
                throw (EddyConfigException) last;
            }
            parkQuietly(Math.min(MAX_CREATE_BACKOFF_NANOS, deadline - System.nanoTime()));
        } while (System.nanoTime() - deadline < 0);
        String why = last instanceof TimeoutException ? "no answer"
                : last == null ? "unknown" : scrub(String.valueOf(last.getMessage()));
        if (why.endsWith(".")) {
            why = why.substring(0, why.length() - 1);
        }
        throw new EddyStartupException("Eddy pool " + name + " could not open a connection to " + factory.target()
                + " within " + config.initializationFailTimeout().toMillis() + " ms: " + why
                + ". Check that the database is running and reachable, and the URL and credentials;"
                + " or set initialization-fail-timeout to a negative value to start without a database", scrub(last));
    }

    private static void closeFinishedAttempt(Future<PoolEntry> attempt) {
        try {
            PoolEntry entry = attempt.get(1, TimeUnit.SECONDS);
            if (entry != null) {
                ConnectionFactory.closeQuietly(entry.connection);
            }
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            // nothing was opened, or it is being closed by the attempt
        }
    }

    private static void parkQuietly(long nanos) {
        if (nanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
    }

    // =========================================================================================
    // Maintenance and operations
    // =========================================================================================

    private void scheduleMaintenance() {
        long period = housekeeper.periodNanos();
        schedules.add(threads.scheduler().scheduleWithFixedDelay(housekeeper::run, period, period, TimeUnit.NANOSECONDS));
        if (leakDetection) {
            long threshold = config.leakDetectionThreshold().toNanos();
            long leakPeriod = Math.max(TimeUnit.MILLISECONDS.toNanos(100), threshold / 4);
            schedules.add(threads.scheduler().scheduleWithFixedDelay(this::sweepLeaks, leakPeriod, leakPeriod, TimeUnit.NANOSECONDS));
        }
    }

    /** Reports connections held longer than leak-detection-threshold, once per borrow. */
    void sweepLeaks() {
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
                        name, e, info.threadName(), info.heldFor().toMillis(), config.leakDetectionThreshold().toMillis(), stack);
                listeners.leakSuspected(info);
            }
        }
    }

    /** Snapshot of entries lent out now, longest held first. */
    public List<BorrowedConnection> borrowedConnections() {
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

    private BorrowedConnection describe(PoolEntry e, long now, long borrowedAt) {
        Thread t = e.borrower;
        if (t == null) {
            return null; // returned meanwhile
        }
        Throwable stack = e.borrowerStack;
        long held = Math.max(0, now - borrowedAt);
        return new BorrowedConnection(e.id, Instant.now().minusNanos(held), Duration.ofNanos(held), t.getName(),
                stack == null ? List.of() : Arrays.asList(stack.getStackTrace()), e.leakReported);
    }

    public void softEvictAll() {
        for (PoolEntry e : bag.entries()) {
            e.markForRetirement(CloseReason.EVICTED);
        }
        for (PoolEntry e : bag.entries()) {
            if (e.tryReserve()) {
                retire(e, PoolEntry.RESERVED, e.retireReason);
            }
        }
        LOG.info("Pool {}: soft eviction: idle connections closed, borrowed ones will be closed on return", name);
        fill();
    }

    public void suspend() {
        bag.suspendLending(true);
        LOG.info("Pool {}: suspended; borrowers wait until resume()", name);
    }

    public void resume() {
        if (closed) {
            return;
        }
        bag.suspendLending(false);
        bag.dispatchIdle();
        bag.wakeAllWaiters();
        LOG.info("Pool {}: resumed", name);
    }

    public boolean isSuspended() {
        return bag.isLendingSuspended() && !closed;
    }

    public void resize(int newMin, int newMax) {
        if (newMax < 1) {
            throw new EddyConfigException("max-size", "must be at least 1, was " + newMax, "Resize to a maximum of 1 or more");
        }
        if (newMin < 0) {
            throw new EddyConfigException("min-size", "must be 0 or more, was " + newMin, "Resize to a minimum of 0 or more");
        }
        if (newMin > newMax) {
            throw new EddyConfigException("min-size", "(" + newMin + ") is greater than max-size (" + newMax + ")",
                    "Resize with min-size <= max-size");
        }
        this.maxSize = newMax;
        this.minSize = newMin;
        LOG.info("Pool {}: resized to min {}, max {}", name, newMin, newMax);
        trimToMax();
        fill();
    }

    /** Connections not already marked to be retired. */
    int liveSize() {
        int live = 0;
        for (PoolEntry e : bag.entries()) {
            if (e.retireReason == null) {
                live++;
            }
        }
        return live;
    }

    /** Closes idle connections above max-size; marks borrowed ones to close on return. */
    void trimToMax() {
        int excess = liveSize() - maxSize;
        for (PoolEntry e : bag.entries()) {
            if (excess <= 0) {
                return;
            }
            if (e.retireReason == null && e.tryReserve()) {
                retire(e, PoolEntry.RESERVED, CloseReason.RESIZED);
                excess--;
            }
        }
        for (PoolEntry e : bag.entries()) {
            if (excess <= 0) {
                return;
            }
            if (e.retireReason == null) {
                e.markForRetirement(CloseReason.RESIZED);
                excess--;
            }
        }
    }

    // =========================================================================================
    // Closing
    // =========================================================================================

    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Pool {}: closing", name);
        closed = true;
        bag.suspendLending(true);
        bag.wakeAllWaiters();
        schedules.forEach(s -> s.cancel(false));
        threads.scheduler().shutdownNow();
        awaitQuietly(threads.scheduler(), 5_000);
        retireIdle(CloseReason.POOL_CLOSED);
        long deadline = System.nanoTime() + config.shutdownGracePeriod().toNanos();
        while (bag.size() > 0 && System.nanoTime() - deadline < 0) {
            retireIdle(CloseReason.POOL_CLOSED);
            parkQuietly(TimeUnit.MILLISECONDS.toNanos(10));
        }
        abortBorrowed();
        threads.connector().shutdownNow();
        awaitQuietly(threads.connector(), ConnectionFactory.handshakeTimeoutMillis(config));
        retireIdle(CloseReason.POOL_CLOSED); // entries an attempt finished during shutdown
        threads.closer().shutdown();
        awaitQuietly(threads.closer(), 10_000);
        threads.joinAll(1_000);
        if (mbean != null) {
            mbean.unregister();
        }
        LOG.info("Pool {}: closed ({} connections opened, {} closed over its life)", name,
                counters.created.sum(), stats().closedTotal());
    }

    private void retireIdle(CloseReason reason) {
        for (PoolEntry e : bag.entries()) {
            if (e.tryReserve()) {
                retire(e, PoolEntry.RESERVED, reason);
            }
        }
    }

    private void abortBorrowed() {
        for (PoolEntry e : bag.entries()) {
            if (e.state() == PoolEntry.IN_USE && e.tryRemove(PoolEntry.IN_USE)) {
                Thread holder = e.borrower;
                LOG.warn("Pool {}: {} still borrowed by thread '{}' after the shutdown grace period of {} ms; aborting it",
                        name, e, holder == null ? "?" : holder.getName(), config.shutdownGracePeriod().toMillis());
                bag.remove(e);
                counters.retiredBorrows.add(e.borrows);
                counters.closed(CloseReason.ABORTED);
                listeners.closed(CloseReason.ABORTED);
                try {
                    e.connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException | AbstractMethodError ex) {
                    ConnectionFactory.closeQuietly(e.connection);
                }
            }
        }
    }

    private void shutDownAfterFailedStart() {
        closed = true;
        closing.set(true);
        threads.scheduler().shutdownNow();
        threads.connector().shutdownNow();
        retireIdle(CloseReason.POOL_CLOSED);
        threads.closer().shutdown();
        // A connector stuck in a handshake ends at its own socket timeout; start-up must fail
        // within initialization-fail-timeout, so do not wait for it here.
        awaitQuietly(threads.closer(), 1_000);
    }

    private static void awaitQuietly(java.util.concurrent.ExecutorService executor, long millis) {
        try {
            executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // =========================================================================================
    // Views
    // =========================================================================================

    public PoolStats stats() {
        int idle = 0;
        int active = 0;
        long borrows = counters.retiredBorrows.sum();
        for (PoolEntry e : bag.entries()) {
            long s = e.state();
            if (s == PoolEntry.IN_USE) {
                active++;
            } else if (s == PoolEntry.IDLE || s == PoolEntry.RESERVED) {
                idle++;
            }
            borrows += e.borrows;
        }
        return new PoolStats(name, idle + active, active, idle, bag.waiting(), minSize, maxSize,
                counters.created.sum(), counters.creationFailures.sum(), counters.closedByReason(),
                borrows, counters.acquireTimeouts.sum(), bag.isLendingSuspended() && !closed, closed);
    }

    public ListenerChain listeners() {
        return listeners;
    }

    public String name() {
        return name;
    }

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    Instant startedInstant() {
        return startedInstant;
    }

    ConnectionBag bag() {
        return bag;
    }

    ConnectionTester tester() {
        return tester;
    }

    int minSize() {
        return minSize;
    }

    int maxSize() {
        return maxSize;
    }

    boolean closed() {
        return closed;
    }
}
