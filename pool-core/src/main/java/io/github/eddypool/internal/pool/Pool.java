package io.github.eddypool.internal.pool;

import io.github.eddypool.AcquireTimeoutException;
import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.IdleConnectionCheck;
import io.github.eddypool.PoolStats;
import io.github.eddypool.RequestShedException;
import io.github.eddypool.SizingAdvice;
import io.github.eddypool.internal.jfr.PoolEvents;
import io.github.eddypool.internal.proxy.Lender;
import io.github.eddypool.internal.proxy.ProxyConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool engine behind {@link io.github.eddypool.EddyDataSource}: lends entries from the
 * {@link ConnectionBag}, checks them on the way out, takes them back, retires connections for
 * every reason a {@link CloseReason} names, and carries out the runtime operations and the
 * shutdown. Growing the pool is the {@link PoolGrower}'s job; periodic upkeep the
 * {@link Housekeeper}'s.
 */
public final class Pool extends Lender implements Housekeeper.Upkeep {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);

    /** A connection used this recently is lent without a pre-ping. */
    static final long PRE_PING_BYPASS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final EddyConfig config;
    private final String name;
    private final ConnectionBag bag = new ConnectionBag();
    private final ConnectionOpener opener;
    private final ConnectionTester tester;
    private final ListenerChain listeners;
    private final PoolCounters counters = new PoolCounters();
    private final PoolThreads threads;
    private final Housekeeper housekeeper;
    private final PoolGrower grower;
    private final BorrowerWatch borrowers;
    private final WaiterDeadlines deadlines;
    private final TimeoutReport timeouts;
    private final PoolEvents events;
    private final FleetCheck fleet;
    private final SizingAdvisor sizing;
    private final long startedAt;
    private final Instant startedInstant = Instant.now();

    // hot-path settings, copied out of the config
    private final long connectionTimeoutNanos;
    private final boolean prePing;
    private final long maxQueries;
    private final boolean leakDetection;
    private final String resetSql;
    private final long slowAcquireNanos;
    private final FatalErrors fatalErrors;

    private volatile int minSize;
    private volatile int maxSize;
    private volatile boolean closed;
    /** When a fatal error was last seen; connections returned before it are tested before reuse. */
    private volatile long fatalErrorAt;
    /** Connections last used (or found alive) before this are retired untested: one idle as long gave no answer. */
    private volatile long unansweredBefore;
    private volatile long noAnswerWarnedAt;
    private volatile long readOnlyWarnedAt;
    private static final long NO_ANSWER_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final AtomicBoolean closing = new AtomicBoolean();
    /** Borrowers let into the wait queue under max-waiting; see {@link #admitWaiter}. */
    private final AtomicInteger admittedWaiters = new AtomicInteger();
    /** Connections retired from the bag whose physical close() has not returned yet. */
    private final AtomicInteger physicalCloses = new AtomicInteger();
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();

    public Pool(EddyConfig config) {
        this(config, System.nanoTime());
    }

    /**
     * @param startedAt when the caller began starting the pool: start-up deadlines count from it,
     *                  so that loading the pool's and the driver's classes is inside them
     */
    public Pool(EddyConfig config, long startedAt) {
        this.startedAt = startedAt;
        this.config = config;
        this.name = config.poolName();
        this.opener = new ConnectionOpener(config);
        this.tester = new ConnectionTester(config, opener);
        this.listeners = new ListenerChain(config.listeners());
        this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
        this.prePing = config.prePing();
        this.maxQueries = config.maxQueries();
        this.leakDetection = !config.leakDetectionThreshold().isZero();
        this.resetSql = config.resetSql();
        this.slowAcquireNanos = config.slowAcquireThreshold().toNanos();
        this.fatalErrors = new FatalErrors(config.fatalErrorOverride());
        this.minSize = config.minSize();
        this.maxSize = config.maxSize();
        this.fatalErrorAt = startedAt - 1;
        this.unansweredBefore = startedAt - 1;
        this.noAnswerWarnedAt = startedAt - NO_ANSWER_WARN_INTERVAL_NANOS - 1;
        this.readOnlyWarnedAt = startedAt - NO_ANSWER_WARN_INTERVAL_NANOS - 1;
        this.threads = new PoolThreads(name, config.creationConcurrency());
        this.events = new PoolEvents(name, this::stats);
        this.fleet = new FleetCheck(config, opener, bag);
        this.sizing = new SizingAdvisor(config, bag, counters, this::maxSize, fleet);
        this.grower = new PoolGrower(this, config, opener, bag, counters, listeners, threads, events);
        this.housekeeper = new Housekeeper(this, config, bag, tester);
        this.borrowers = new BorrowerWatch(config, bag, listeners, events);
        this.deadlines = new WaiterDeadlines(bag, threads.deadlines());
        this.timeouts = new TimeoutReport(config, opener, grower, borrowers);
        TransactionPoolerCheck.warnAtStart(config);
        LOG.info("Eddy pool {} starting: {} connections to {} (min {}, max {})", name,
                config.minSize(), opener.target(), config.minSize(), config.maxSize());
        try {
            if (!config.initializationFailTimeout().isNegative()) {
                grower.openFirstConnection(startedAt);
            }
            fill();
            scheduleMaintenance();
        } catch (RuntimeException e) {
            shutDownAfterFailedStart();
            throw e;
        }
    }

    // =========================================================================================
    // Borrowing
    // =========================================================================================

    public EddyConfig config() {
        return config;
    }

    @Override
    public boolean isFatal(SQLException e) {
        return fatalErrors.isFatal(e);
    }

    @Override
    public String resetSql() {
        return resetSql;
    }

    /**
     * Borrows a connection handle; see {@link io.github.eddypool.EddyDataSource#getConnection()}.
     * The whole call, tests of idle connections included, ends by {@code connection-timeout}.
     */
    public Connection borrow() throws SQLException {
        final long start = System.nanoTime();
        long now = start;
        PoolEntry entry = bag.poll(start);
        for (;;) {
            if (entry == null) {
                entry = await(start);
                now = System.nanoTime();
            }
            if (isLendable(entry, now, start)) {
                break;
            }
            now = System.nanoTime();
            if (now - start - connectionTimeoutNanos >= 0) {
                throw timeoutException(start);
            }
            entry = bag.poll(now);
        }
        if (now != start) {
            waited(now - start); // the clock was read again: a slow path
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

    /** A borrower got its connection after waiting: for the sizing advice, and a JFR event when slow. */
    private void waited(long nanos) {
        sizing.waited(nanos);
        if (nanos >= slowAcquireNanos) {
            events.slowAcquire(nanos, slowAcquireNanos);
        }
    }

    /**
     * Checks an entry the caller just took (IN_USE) before lending it; retires it if it must not
     * be lent. Pre-ping runs when the connection sat idle longer than the bypass window, or when
     * a fatal error has been seen since it was last returned (other sessions likely died too).
     */
    private boolean isLendable(PoolEntry entry, long now, long start) throws SQLException {
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
            if (entry.lastUsedAt - unansweredBefore <= 0) {
                // Idle at least as long as a connection that gave no answer: most likely dead too.
                retire(entry, PoolEntry.IN_USE, CloseReason.VALIDATION_FAILED);
                return false;
            }
            long budget = start + connectionTimeoutNanos - now;
            if (budget <= 0) {
                bag.requite(entry); // untested, so maybe fine: not ours to retire
                throw timeoutException(start);
            }
            ConnectionTester.Verdict verdict = tester.test(entry, budget);
            if (verdict != ConnectionTester.Verdict.ALIVE) {
                LOG.debug("Pool {}: {} failed its pre-ping ({}); retiring it", name, entry, verdict);
                testFailed(entry, PoolEntry.IN_USE, verdict, now);
                return false;
            }
        }
        return true;
    }

    /**
     * A connection the caller owns (in state {@code owned}) failed the test begun at
     * {@code testedAt}: retire it, and have idle connections tested before reuse. When it gave no
     * answer, every connection that sat idle long enough to need a test then shares its fate: the
     * path to the database gave no answer.
     */
    private void testFailed(PoolEntry entry, long owned, ConnectionTester.Verdict verdict, long testedAt) {
        fatalErrorAt = System.nanoTime();
        long lastUsed = entry.lastUsedAt;
        retire(entry, owned, CloseReason.VALIDATION_FAILED);
        if (verdict == ConnectionTester.Verdict.NO_ANSWER) {
            retireIdleUsedBefore(Math.max(lastUsed, testedAt - PRE_PING_BYPASS_NANOS));
        }
    }

    /**
     * After a connection gave no answer, retires without a test every idle connection not used
     * (or found alive) since {@code lastUsed}: on a dead network path they are dead too, and
     * testing each would cost the borrowers one validation-timeout per connection. New
     * connections replace them; the cost when only one connection was dead is reopening the rest.
     */
    private void retireIdleUsedBefore(long lastUsed) {
        if (lastUsed - unansweredBefore > 0) {
            unansweredBefore = lastUsed;
        }
        int retired = 0;
        for (PoolEntry e : bag.entries()) {
            if (e.lastUsedAt - lastUsed <= 0 && e.tryReserve()) {
                if (e.lastUsedAt - lastUsed <= 0) {
                    retire(e, PoolEntry.RESERVED, CloseReason.VALIDATION_FAILED);
                    retired++;
                } else {
                    e.unreserve();
                    bag.dispatchIdle();
                }
            }
        }
        long now = System.nanoTime();
        long lastWarned = noAnswerWarnedAt;
        // Borrowers testing at once on a dead path each find a silent connection: one WARN will do.
        if (retired > 0 || now - lastWarned > NO_ANSWER_WARN_INTERVAL_NANOS) {
            noAnswerWarnedAt = now;
            LOG.warn("Pool {}: an idle connection gave no answer within its test; retired it and {} more idle for over {} ms,"
                    + " untested, to be replaced by new connections", name, retired, TimeUnit.NANOSECONDS.toMillis(now - lastUsed));
        }
    }

    /** The slow path: wait in line for a returned or new connection, up to connection-timeout. */
    private PoolEntry await(long start) throws SQLException {
        checkOpen();
        int maxWaiting = config.maxWaiting();
        boolean capped = maxWaiting >= 0;
        if (capped && !admitWaiter(maxWaiting)) {
            counters.acquireTimeouts.increment();
            listeners.shed();
            PoolStats s = stats();
            RequestShedException shed = new RequestShedException("Eddy pool " + name + ": no connection available and "
                    + s.pending() + " threads already waiting (max-waiting=" + maxWaiting + "); request shed at once "
                    + TimeoutReport.counts(s) + ". Raise max-waiting or max-size, or shed less load", name, maxWaiting, s);
            events.acquireTimedOut(System.nanoTime() - start, "shed", shed.getMessage());
            throw shed;
        }
        final long deadline = start + connectionTimeoutNanos;
        ConnectionBag.Waiter waiter = bag.enqueue(start, deadline);
        PoolEntry served = null;
        try {
            for (int turn = 0; ; turn++) {
                PoolEntry entry = bag.tryTake(waiter);
                if (entry != null) {
                    served = entry;
                    return entry;
                }
                if (closed) {
                    throw closedException();
                }
                fill();
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    served = waiter.cancel();
                    if (served != null) {
                        return served;
                    }
                    throw timeoutException(start);
                }
                if (bag.yieldBeforeParking(waiter, turn)) {
                    Thread.yield();
                } else if (waiter.untimed) {
                    deadlines.park(deadline, this);
                } else {
                    LockSupport.parkNanos(this, remaining);
                }
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("Eddy pool " + name + ": interrupted while waiting for a connection", "08001");
                }
            }
        } finally {
            // However the wait ends, an entry handed over meanwhile that is not the one lent
            // goes back: taken by scanning as well, or handed just as the borrower gave up
            // (closed, interrupted), when it would otherwise stay in use with nobody to return it.
            PoolEntry handed = waiter.cancel();
            if (handed != null && handed != served) {
                bag.requiteFirstInLine(handed);
            }
            bag.leave(waiter);
            if (capped) {
                admittedWaiters.decrementAndGet();
            }
        }
    }

    /**
     * Lets a borrower wait if fewer than {@code max-waiting} wait beyond what the pool can still
     * grow by: each connection it may yet open serves one waiter, so shedding only happens when the
     * pool cannot grow. One compare-and-set per admission makes the cap strict under bursts.
     */
    private boolean admitWaiter(int maxWaiting) {
        for (;;) {
            int admitted = admittedWaiters.get();
            int growth = Math.max(0, maxSize - bag.size());
            if (admitted >= maxWaiting + growth) {
                return false;
            }
            if (admittedWaiters.compareAndSet(admitted, admitted + 1)) {
                return true;
            }
        }
    }

    /** Counts a borrower's timeout and explains it; see {@link TimeoutReport}. */
    private SQLException timeoutException(long start) {
        counters.acquireTimeouts.increment();
        listeners.timedOut();
        AcquireTimeoutException e = timeouts.explain(start, stats());
        events.acquireTimedOut(e.waited().toNanos(), e.category().name().toLowerCase(Locale.ROOT), e.getMessage());
        return e;
    }

    /** The latest acquire timeout, or null; for the actuator endpoint. */
    public AcquireTimeoutException lastTimeout() {
        return timeouts.last();
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
    @Override
    public void takeBack(PoolEntry entry) {
        long borrowedAt = entry.borrowedAt;
        if (!listeners.isEmpty()) {
            listeners.returned(System.nanoTime() - borrowedAt);
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
            } else if (maxQueries > 0 && entry.queries() >= maxQueries) {
                retire = CloseReason.MAX_QUERIES;
            }
        }
        if (retire != null) {
            retire(entry, PoolEntry.IN_USE, retire);
        } else {
            bag.requite(entry, borrowedAt);
        }
    }

    /** A fatal error was seen on a connection: test the others before lending them. */
    @Override
    public void fatalErrorSeen(PoolEntry entry, SQLException e) {
        if (closed) {
            // close() aborted it, or the pool is going away: nothing to test or replace.
            LOG.debug("Pool {} is closed: {} was used after the pool closed it ({})", name, entry,
                    opener.scrub(e.getMessage()));
            return;
        }
        fatalErrorAt = System.nanoTime();
        LOG.warn("Pool {}: {} lost its session ({}, SQLState {}); it will be closed, and idle connections tested before reuse",
                name, entry, opener.scrub(e.getMessage()), e.getSQLState());
    }

    @Override
    public void idleConnectionFoundDead() {
        fatalErrorAt = System.nanoTime();
    }

    /**
     * A connection raised a read-only error (see {@link WritableCheck#isReadOnlyError}): on a
     * pool meant to write, the server it leads to has become a read-only node, e.g. after a
     * failover that DNS or a proxy has not caught up with. It is retired when returned, so that
     * each connection fails at most one write; a new one may reach the new primary. With
     * validate-writable, idle connections are also checked before reuse. A pool configured
     * read-only expects these errors and keeps its connections.
     */
    @Override
    public void readOnlyErrorSeen(PoolEntry entry, SQLException e) {
        if (closed || config.readOnly() || entry.retireReason != null) {
            return;
        }
        entry.markForRetirement(CloseReason.READ_ONLY);
        if (config.validateWritable()) {
            fatalErrorAt = System.nanoTime();
        }
        long now = System.nanoTime();
        if (now - readOnlyWarnedAt > NO_ANSWER_WARN_INTERVAL_NANOS) {
            readOnlyWarnedAt = now;
            LOG.warn("Pool {}: {} refused a write as read-only ({}, SQLState {}, error {}): the server may have become a"
                    + " read-only node after a failover. The connection is closed when returned{}", name, entry,
                    opener.scrub(e.getMessage()), e.getSQLState(), e.getErrorCode(), config.validateWritable()
                            ? "; idle connections are checked before reuse"
                            : "; set validate-writable to check new and idle connections before they are lent");
        }
    }

    // =========================================================================================
    // Retiring
    // =========================================================================================

    /**
     * Removes an entry the caller owns (in state {@code expected}) and closes its connection in
     * the background. Only the caller that wins the state change does anything.
     */
    @Override
    public void retire(PoolEntry entry, long expected, CloseReason reason) {
        if (!entry.tryRemove(expected)) {
            return;
        }
        bag.remove(entry);
        counters.retiredBorrows.add(entry.borrows);
        counters.closed(reason);
        listeners.closed(reason);
        LOG.debug("Pool {}: closing {} ({})", name, entry, reason);
        physicalCloses.incrementAndGet();
        try {
            threads.closer().execute(() -> closeRetired(entry));
        } catch (RejectedExecutionException e) {
            closeRetired(entry); // pool shutting down: close here
        }
        if (!closed) {
            fill();
        }
    }

    private void closeRetired(PoolEntry entry) {
        try {
            ConnectionOpener.closeQuietly(entry.connection);
        } finally {
            physicalCloses.decrementAndGet();
        }
    }

    /** Retired connections still being closed; see {@link io.github.eddypool.EddyPool#closingConnections()}. */
    public int closingConnections() {
        return physicalCloses.get();
    }

    // =========================================================================================
    // Growing: see PoolGrower
    // =========================================================================================

    /** Starts connection attempts up to min-size, and for waiting threads; never beyond max-size. */
    @Override
    public void fill() {
        grower.fill();
    }

    // =========================================================================================
    // Maintenance and operations
    // =========================================================================================

    private void scheduleMaintenance() {
        long period = housekeeper.periodNanos();
        schedules.add(threads.scheduler().scheduleWithFixedDelay(housekeeper::run, period, period, TimeUnit.NANOSECONDS));
        scheduleLoadSample();
        if (leakDetection) {
            long threshold = config.leakDetectionThreshold().toNanos();
            long leakPeriod = Math.max(TimeUnit.MILLISECONDS.toNanos(100), threshold / 4);
            schedules.add(threads.scheduler().scheduleWithFixedDelay(borrowers::sweepForLeaks, leakPeriod, leakPeriod,
                    TimeUnit.NANOSECONDS));
        }
    }

    /**
     * Schedules the next load sample at a random delay (see {@link SizingAdvisor#nextSampleDelayNanos()});
     * each sample schedules the one after it, until the pool closes and its scheduler stops.
     */
    private void scheduleLoadSample() {
        if (closed) {
            return;
        }
        try {
            threads.scheduler().schedule(this::sampleLoad, SizingAdvisor.nextSampleDelayNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // the pool is closing: no more samples
        }
    }

    /** The sizing advisor's sample; the fleet check runs on the first one that finds an idle connection. */
    private void sampleLoad() {
        try {
            sizing.sample();
            try {
                fleet.runOnce(this);
            } catch (RuntimeException e) {
                LOG.debug("Pool {}: the fleet check failed", name, e);
            }
        } finally {
            scheduleLoadSample();
        }
    }

    /** How well max-size fits the load of the last minute; see {@link SizingAdvisor}. */
    public SizingAdvice sizing() {
        return sizing.advice();
    }

    /** The pool's JDK Flight Recorder events. */
    PoolEvents events() {
        return events;
    }

    /** Snapshot of entries lent out now, longest held first. */
    public List<BorrowedConnection> borrowedConnections() {
        return borrowers.borrowed();
    }

    /** The longest holders with their current frames (reads their stacks: not for the borrow path). */
    public List<AcquireTimeoutException.Holder> sampleHolders(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return borrowers.sampleHolders(limit);
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

    /** Stops lending and opening connections; the connections already open stay open. */
    public void suspend() {
        bag.suspendLending(true);
        LOG.info("Pool {}: suspended; borrowers wait until resume(), no connections are opened until then", name);
    }

    public void resume() {
        if (closed) {
            return;
        }
        bag.suspendLending(false);
        bag.dispatchIdle();
        bag.wakeAllWaiters();
        fill(); // nothing was opened while suspended
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
    @Override
    public int liveSize() {
        int live = 0;
        for (PoolEntry e : bag.entries()) {
            if (e.retireReason == null) {
                live++;
            }
        }
        return live;
    }

    /** Closes idle connections above max-size; marks borrowed ones to close on return. */
    @Override
    public void trimToMax() {
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
        threads.deadlines().shutdownNow();
        awaitQuietly(threads.deadlines(), 5_000);
        retireIdle(CloseReason.POOL_CLOSED);
        long deadline = System.nanoTime() + config.shutdownGracePeriod().toNanos();
        while (bag.size() > 0 && System.nanoTime() - deadline < 0) {
            retireIdle(CloseReason.POOL_CLOSED);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        abortBorrowed();
        threads.connector().shutdownNow();
        awaitQuietly(threads.connector(), ConnectionOpener.handshakeTimeoutMillis(config));
        retireIdle(CloseReason.POOL_CLOSED); // entries an attempt finished during shutdown
        threads.closer().shutdown();
        awaitQuietly(threads.closer(), 10_000);
        threads.joinAll(1_000);
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
                    ConnectionOpener.closeQuietly(e.connection);
                }
            }
        }
    }

    private void shutDownAfterFailedStart() {
        closed = true;
        closing.set(true);
        threads.scheduler().shutdownNow();
        threads.deadlines().shutdownNow();
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
                borrows, counters.acquireTimeouts.sum(), bag.isLendingSuspended() && !closed, closed,
                Duration.ofNanos(bag.oldestWaitNanos(System.nanoTime())), grower.serverFull());
    }

    /**
     * Tests one idle connection without borrowing it: reserved like a keepalive test, so no
     * borrower gets it meanwhile, then put back, or retired when it failed.
     */
    public IdleConnectionCheck checkIdleConnection() {
        for (PoolEntry e : bag.entries()) {
            if (!e.isIdle() || !e.tryReserve()) {
                continue;
            }
            long testedAt = System.nanoTime();
            ConnectionTester.Verdict verdict = tester.test(e, Long.MAX_VALUE);
            switch (verdict) {
                case ALIVE -> {
                    if (closed) {
                        retire(e, PoolEntry.RESERVED, CloseReason.POOL_CLOSED);
                    } else {
                        long now = System.nanoTime();
                        e.lastUsedAt = now;
                        e.keepaliveAt = now;
                        e.unreserve();
                        bag.dispatchIdle();
                    }
                    return IdleConnectionCheck.PASSED;
                }
                case NO_ANSWER -> {
                    testFailed(e, PoolEntry.RESERVED, verdict, testedAt);
                    return IdleConnectionCheck.NO_ANSWER;
                }
                default -> {
                    testFailed(e, PoolEntry.RESERVED, verdict, testedAt);
                    return IdleConnectionCheck.FAILED;
                }
            }
        }
        return IdleConnectionCheck.NONE_IDLE;
    }

    /** Why new connections fail to open right now (password masked), or null once one opened. */
    public SQLException connectionFailure() {
        SQLException failure = grower.currentFailure();
        return failure == null ? null : (SQLException) opener.scrub(failure);
    }

    public ListenerChain listeners() {
        return listeners;
    }

    @Override
    public String name() {
        return name;
    }

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    Instant startedInstant() {
        return startedInstant;
    }

    @Override
    public int minSize() {
        return minSize;
    }

    @Override
    public int maxSize() {
        return maxSize;
    }

    @Override
    public boolean closed() {
        return closed;
    }
}
