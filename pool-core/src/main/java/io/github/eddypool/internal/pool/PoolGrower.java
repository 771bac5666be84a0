package io.github.eddypool.internal.pool;

import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.internal.jfr.PoolEvents;
import io.github.eddypool.EddyConfigException;
import io.github.eddypool.EddyStartupException;
import io.github.eddypool.SafeText;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows the pool: opens physical connections on the connector threads, at most
 * creation-concurrency at once, up to min-size and for waiting borrowers but never beyond
 * max-size; backs off while attempts fail; and makes the fail-fast first connection at start.
 */
final class PoolGrower {

    private static final Logger LOG = LoggerFactory.getLogger(PoolGrower.class);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** How long the pool does not try to grow after the server refused a connection as full. */
    private static final long SERVER_FULL_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SERVER_FULL_WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Bounds pool;
    private final EddyConfig config;
    private final ConnectionOpener opener;
    private final PoolEvents events;
    private final ConnectionBag bag;
    private final PoolCounters counters;
    private final ListenerChain listeners;
    private final PoolThreads threads;
    private final long maxLifetimeNanos;

    /** What the grower reads of the pool: the sizes it grows within, and whether it is closed. */
    interface Bounds {
        boolean closed();

        int minSize();

        int maxSize();
    }

    /** Attempts started and not yet finished (including those waiting out a back-off). */
    private final AtomicInteger pendingCreates = new AtomicInteger();
    private final AtomicInteger attemptsInFlight = new AtomicInteger();
    private final AtomicLong nextConnectionId = new AtomicLong();
    private volatile int consecutiveFailures;
    private volatile long nextAttemptAt;
    private volatile SQLException lastFailure;
    /** The server refused the latest attempt as full; the pool does not try to grow until {@link #nextAttemptAt}. */
    private final AtomicBoolean serverFull = new AtomicBoolean();
    private volatile long serverFullSince;
    private volatile long serverFullWarnedAt = System.nanoTime() - SERVER_FULL_WARN_INTERVAL_NANOS - 1;

    PoolGrower(Bounds pool, EddyConfig config, ConnectionOpener opener, ConnectionBag bag,
            PoolCounters counters, ListenerChain listeners, PoolThreads threads, PoolEvents events) {
        this.pool = pool;
        this.config = config;
        this.opener = opener;
        this.bag = bag;
        this.counters = counters;
        this.listeners = listeners;
        this.threads = threads;
        this.events = events;
        this.maxLifetimeNanos = config.maxLifetime().toNanos();
    }

    /**
     * Starts connection attempts while the pool is below min-size, or fewer attempts are
     * under way than threads wait; never beyond max-size. None while lending is suspended: a
     * suspended pool is being drained (e.g. for a checkpoint) or waits out a database switch-over,
     * and the connections could not be lent anyway; {@link Pool#resume()} fills it again.
     */
    void fill() {
        for (;;) {
            if (pool.closed() || bag.isLendingSuspended()) {
                return;
            }
            int pending = pendingCreates.get();
            int size = bag.size();
            if (size + pending >= pool.maxSize()) {
                return;
            }
            if (size + pending >= pool.minSize() && pending >= bag.waiting()) {
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
        if (pool.closed() || bag.isLendingSuspended()) {
            pendingCreates.decrementAndGet(); // queued or backing off when the pool was suspended
            return;
        }
        // While attempts fail, only one runs at a time, spaced by a growing back-off, so that a
        // struggling or misconfigured server is probed, not stormed.
        long wait = nextAttemptAt - System.nanoTime();
        if (consecutiveFailures > 0 && (wait > 0 || attemptsInFlight.get() > 0)) {
            submitCreate(Math.max(wait, MIN_BACKOFF_NANOS));
            return;
        }
        attemptsInFlight.incrementAndGet();
        long t0 = System.nanoTime();
        PoolEntry entry;
        try {
            entry = newEntry();
        } catch (SQLException | RuntimeException e) {
            attemptsInFlight.decrementAndGet();
            if (pool.closed()) {
                pendingCreates.decrementAndGet(); // interrupted by close(): not a failure
                return;
            }
            createFailed(e);
            return;
        }
        attemptsInFlight.decrementAndGet();
        consecutiveFailures = 0;
        // Only an attempt begun after the server said it was full shows that it has room again:
        // one that was already under way when its neighbours were refused does not.
        if (serverFull.get() && t0 - serverFullSince > 0 && serverFull.compareAndSet(true, false)) {
            LOG.info("Pool {}: the server accepts connections again; the pool holds {} (max-size {})",
                    config.poolName(), bag.size() + 1, pool.maxSize());
        }
        counters.created.increment();
        listeners.created(System.nanoTime() - t0);
        if (pool.closed()) {
            counters.closed(CloseReason.POOL_CLOSED);
            listeners.closed(CloseReason.POOL_CLOSED);
            ConnectionOpener.closeQuietly(entry.connection);
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
        ConnectionOpener.Opened opened = opener.open(handshakeMillis);
        long now = System.nanoTime();
        long expiresAt = Long.MAX_VALUE;
        if (maxLifetimeNanos > 0) {
            // up to 2.5% earlier, so that connections opened together do not all expire together
            long jitter = maxLifetimeNanos > TimeUnit.SECONDS.toNanos(10)
                    ? ThreadLocalRandom.current().nextLong(maxLifetimeNanos / 40) : 0;
            expiresAt = now + maxLifetimeNanos - jitter;
        }
        return new PoolEntry(nextConnectionId.incrementAndGet(), opened.connection(), now, expiresAt, opened.defaults());
    }

    /** Whether the server refused the latest attempt as full (the pool is not growing for now). */
    boolean serverFull() {
        return serverFull.get();
    }

    /** The latest attempt's failure while attempts fail in a row; null once one succeeds. */
    SQLException currentFailure() {
        return consecutiveFailures > 0 ? lastFailure : null;
    }

    private void createFailed(Exception e) {
        SQLException sql = e instanceof SQLException ? (SQLException) e
                : new SQLException("Opening a connection failed: " + e, "08001", e);
        lastFailure = sql;
        counters.creationFailures.increment();
        listeners.creationFailed(sql);
        events.creationFailed(opener.target(), sql, opener.scrub(String.valueOf(sql.getMessage())));
        int failures = ++consecutiveFailures;
        if (ServerLimits.refusedAsFull(sql)) {
            // Back-pressure: serve with the connections the pool has, and probe rarely, rather
            // than adding connection attempts to a server that is already at its limit.
            nextAttemptAt = System.nanoTime() + SERVER_FULL_BACKOFF_NANOS;
            // Attempts in flight together fail together, and a server at its limit lets one in
            // now and then: one WARN per episode, at most one a minute, the rest at DEBUG.
            long now = System.nanoTime();
            boolean newEpisode = serverFull.compareAndSet(false, true);
            if (newEpisode) {
                serverFullSince = now;
            }
            if (newEpisode && now - serverFullWarnedAt > SERVER_FULL_WARN_INTERVAL_NANOS) {
                serverFullWarnedAt = now;
                LOG.warn("Pool {}: the server at {} refuses more connections ({}); this pool holds {}, so max-size {} "
                                + "cannot be reached now. It serves with the connections it has and tries again every {} s",
                        config.poolName(), opener.target(), opener.scrub(sql.getMessage()), bag.size(), pool.maxSize(),
                        TimeUnit.NANOSECONDS.toSeconds(SERVER_FULL_BACKOFF_NANOS));
            } else {
                LOG.debug("Pool {}: the server still refuses more connections ({}); this pool holds {}",
                        config.poolName(), opener.scrub(sql.getMessage()), bag.size());
            }
            pendingCreates.decrementAndGet();
            fill();
            return;
        }
        long backoff = Math.min(MAX_BACKOFF_NANOS, MIN_BACKOFF_NANOS << Math.min(failures, 10));
        nextAttemptAt = System.nanoTime() + backoff;
        if (failures == 1 || failures % 20 == 0) {
            LOG.warn("Pool {}: cannot open a connection to {} ({} failures in a row, retrying with back-off): {}",
                    config.poolName(), opener.target(), failures, opener.scrub(sql.getMessage()));
        }
        pendingCreates.decrementAndGet();
        fill();
    }

    /**
     * The fail-fast start: keeps starting attempts to open the first connection until
     * initialization-fail-timeout has passed (one attempt, for 0), then gives up with an
     * EddyStartupException. An attempt in progress is allowed its connection-timeout even past
     * that: a healthy database whose first handshake is slow (TLS to another region, a
     * serverless database waking up, a cold JVM) must not fail the start.
     *
     * @param startedAt when the pool started (before the driver was loaded): both bounds count from it
     */
    void openFirstConnection(long startedAt) {
        long retryUntil = startedAt + Math.max(0, config.initializationFailTimeout().toNanos());
        long giveUpAt = startedAt + Math.max(config.initializationFailTimeout().toNanos(), config.connectionTimeout().toNanos());
        Exception last = null;
        do {
            long wait = Math.max(1, giveUpAt - System.nanoTime());
            long handshakeMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait));
            // Whoever sets this first owns the connection: the waiting thread, or (if the waiter
            // gave up first) the attempt itself, which then closes what it opened.
            AtomicBoolean claimed = new AtomicBoolean();
            long t0 = System.nanoTime();
            Future<PoolEntry> attempt = threads.connector().submit(() -> {
                PoolEntry entry = newEntry(handshakeMillis);
                if (!claimed.compareAndSet(false, true)) {
                    ConnectionOpener.closeQuietly(entry.connection);
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
                    lastFailure = sql;
                    counters.creationFailures.increment();
                    listeners.creationFailed(sql);
                    events.creationFailed(opener.target(), sql, opener.scrub(String.valueOf(sql.getMessage())));
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
            LockSupport.parkNanos(Math.min(MAX_BACKOFF_NANOS, retryUntil - System.nanoTime())); // returns at once for <= 0
        } while (System.nanoTime() - retryUntil < 0);
        String why = last instanceof TimeoutException ? "no answer"
                : last == null ? "unknown" : opener.scrub(String.valueOf(last.getMessage()));
        if (why.endsWith(".")) {
            why = why.substring(0, why.length() - 1);
        }
        throw new EddyStartupException("Eddy pool " + config.poolName() + " could not open a connection to " + opener.target()
                + " within " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms: " + why
                + ". Check that the database is running and reachable, and the URL and credentials;"
                + " or set initialization-fail-timeout to a negative value to start without a database", opener.scrub(last),
                SafeText.maskUrl(config.jdbcUrl()), opener.target());
    }

    private static void closeFinishedAttempt(Future<PoolEntry> attempt) {
        try {
            PoolEntry entry = attempt.get(1, TimeUnit.SECONDS);
            if (entry != null) {
                ConnectionOpener.closeQuietly(entry.connection);
            }
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            // nothing was opened, or it is being closed by the attempt
        }
    }
}
