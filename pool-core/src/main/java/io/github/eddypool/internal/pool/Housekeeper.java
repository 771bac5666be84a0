package io.github.eddypool.internal.pool;

import io.github.eddypool.CloseReason;
import io.github.eddypool.EddyConfig;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's periodic maintenance, on its scheduler thread: closes idle connections that
 * expired, idled too long above min-size, or sit above a lowered max-size; tests idle
 * connections on the keepalive period; and refills to min-size.
 */
final class Housekeeper implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Upkeep pool;
    private final String poolName;
    private final ConnectionBag bag;
    private final ConnectionTester tester;
    private final long idleTimeoutNanos;
    private final long keepaliveNanos;
    private final long periodNanos;

    /** What the housekeeper does to the pool beyond reading its entries: retire, trim, refill. */
    interface Upkeep extends PoolGrower.Bounds {
        /** Connections not already marked to be retired. */
        int liveSize();

        /** Retires an entry the caller owns (in state {@code expected}). */
        void retire(PoolEntry entry, long expected, CloseReason reason);

        /**
         * A background check found an idle connection dead: the others may be too (a server
         * restart or a mass kill ends them all), so they are tested before they are next lent.
         */
        void idleConnectionFoundDead();

        /** Whether an exception means the session behind a connection is lost; see {@link FatalErrors}. */
        boolean isFatal(SQLException e);

        /** Retires connections above max-size. */
        void trimToMax();

        /** Opens connections up to min-size. */
        void fill();
    }

    Housekeeper(Upkeep pool, EddyConfig config, ConnectionBag bag, ConnectionTester tester) {
        this.pool = pool;
        this.poolName = config.poolName();
        this.bag = bag;
        this.tester = tester;
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.keepaliveNanos = config.keepaliveTime().toNanos();
        // Run often enough that idle-timeout and keepalive-time are honoured to within half.
        long period = config.housekeepingPeriod().toNanos();
        if (idleTimeoutNanos > 0) {
            period = Math.min(period, idleTimeoutNanos / 2);
        }
        if (keepaliveNanos > 0) {
            period = Math.min(period, keepaliveNanos / 2);
        }
        this.periodNanos = Math.max(MIN_PERIOD_NANOS, period);
    }

    long periodNanos() {
        return periodNanos;
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: housekeeping failed; it will run again", poolName, e);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (PoolEntry e : bag.entries()) {
            if (pool.closed()) {
                return;
            }
            if (!e.isIdle()) {
                continue;
            }
            if (e.idleSince == PoolEntry.UNSTAMPED) {
                e.idleSince = now; // returned since the last sweep: idle from now on, at the latest
            }
            CloseReason reason = retireReason(e, now, bag.size());
            if (reason != null) {
                if (e.tryReserve()) {
                    pool.retire(e, PoolEntry.RESERVED, reason);
                }
            } else if (keepaliveNanos > 0 && now - Math.max(e.idleSince, e.keepaliveAt) > keepaliveNanos) {
                keepAlive(e);
            }
        }
        pool.trimToMax();
        pool.fill();
    }

    private CloseReason retireReason(PoolEntry e, long now, int size) {
        if (e.retireReason != null) {
            return e.retireReason;
        }
        if (now - e.expiresAt >= 0) {
            return CloseReason.MAX_LIFETIME;
        }
        if (size > pool.maxSize() && pool.liveSize() > pool.maxSize()) {
            return CloseReason.RESIZED;
        }
        if (idleTimeoutNanos > 0 && size > pool.minSize() && now - e.idleSince > idleTimeoutNanos) {
            return CloseReason.IDLE_TIMEOUT;
        }
        return null;
    }

    /** Tests an idle connection so that firewalls and the server see traffic and dead ones are found. */
    private void keepAlive(PoolEntry e) {
        if (!e.tryReserve()) {
            return;
        }
        boolean alive = tester.isAlive(e);
        long now = System.nanoTime();
        e.lastUsedAt = now;
        e.keepaliveAt = now;
        if (!alive && !pool.closed()) {
            pool.idleConnectionFoundDead();
        }
        if (!alive || pool.closed()) {
            pool.retire(e, PoolEntry.RESERVED, alive ? CloseReason.POOL_CLOSED : CloseReason.VALIDATION_FAILED);
            return;
        }
        e.unreserve();
        bag.dispatchIdle();
    }
}
