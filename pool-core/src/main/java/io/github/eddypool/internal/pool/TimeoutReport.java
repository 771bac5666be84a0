package io.github.eddypool.internal.pool;

import io.github.eddypool.AcquireTimeoutException;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.PoolStats;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Explains a borrower's timeout: the counts, why no connection could be had (as far as the pool
 * can tell at that moment) and the longest holders with the frame each is in. Sampling holders
 * reads their stacks (a safepoint each), so it is done at most every
 * {@link #HOLDER_SAMPLE_INTERVAL_NANOS}; timeouts in between reuse the sample. Only ever called
 * on a timeout, never on the borrow path.
 */
final class TimeoutReport {

    private static final long HOLDER_SAMPLE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final EddyConfig config;
    private final String name;
    private final ConnectionOpener opener;
    private final PoolGrower grower;
    private final BorrowerWatch borrowers;
    private volatile HolderSample holderSample;
    private volatile AcquireTimeoutException last;

    TimeoutReport(EddyConfig config, ConnectionOpener opener, PoolGrower grower, BorrowerWatch borrowers) {
        this.config = config;
        this.name = config.poolName();
        this.opener = opener;
        this.grower = grower;
        this.borrowers = borrowers;
    }

    /** The counts a timeout or a shed request reports: "(active=.., idle=.., pending=.., max=..)". */
    static String counts(PoolStats s) {
        return "(active=" + s.active() + ", idle=" + s.idle() + ", pending=" + s.pending() + ", max=" + s.max() + ")";
    }

    /** The timeout a borrower that started waiting at {@code start} gets, given the pool's counts now. */
    AcquireTimeoutException explain(long start, PoolStats s) {
        long now = System.nanoTime();
        Duration waited = Duration.ofNanos(now - start);
        List<AcquireTimeoutException.Holder> holders = holderSample(now);
        SQLException failure = grower.currentFailure();
        AcquireTimeoutException.Category category = categorize(s, waited, holders, failure);
        StringBuilder msg = new StringBuilder("Eddy pool ").append(name).append(": no connection available within ")
                .append(waited.toMillis()).append(" ms ").append(counts(s)).append(". ");
        switch (category) {
            case SUSPENDED -> msg.append("Cause: the pool is suspended; resume it to lend again.");
            case CANNOT_OPEN_CONNECTIONS -> msg.append("Cause: cannot open connections to ").append(opener.target())
                    .append(": ").append(opener.scrub(failure.getMessage()))
                    .append(" (").append(s.creationFailures()).append(" failed attempts since start).");
            case LEAK_SUSPECTED -> msg.append("Cause: leak suspected: a holder has kept its connection past "
                    + "leak-detection-threshold; close every connection you borrow (try-with-resources).");
            case HOLDERS_IN_STATEMENTS -> msg.append("Cause: holders slow: the connections were held for the whole wait, "
                    + "in statements. Speed up the slow statements or transactions, or raise max-size.");
            case HOLDERS_IDLE -> msg.append("Cause: holders idle: the connections were held for the whole wait by threads "
                    + "not running SQL. Do that work before borrowing or after closing the connection.");
            case DEMAND_ABOVE_MAX_SIZE -> msg.append("Cause: demand above max-size: connections turn over, but ")
                    .append(s.active() + s.pending()).append(" borrowers wanted one at once against max-size ")
                    .append(s.max()).append(". Raise max-size (if the database can take it) or connection-timeout,"
                            + " or hold connections for less time.");
        }
        if (!holders.isEmpty()) {
            msg.append(" Holders:");
            for (AcquireTimeoutException.Holder h : holders) {
                msg.append(" [").append(h.thread()).append(" for ").append(h.heldFor().toMillis()).append(" ms")
                        .append(h.inStatement() ? ", in a statement from " : ", at ").append(h.frame()).append(']');
            }
            msg.append('.');
        }
        msg.append(" Queue: ").append(s.pending()).append(" waiting, the oldest for ").append(s.oldestWait().toMillis())
                .append(" ms.");
        if (category != AcquireTimeoutException.Category.CANNOT_OPEN_CONNECTIONS && failure != null) {
            msg.append(" Opening new connections to ").append(opener.target()).append(" fails: ")
                    .append(opener.scrub(failure.getMessage()));
        }
        AcquireTimeoutException e = new AcquireTimeoutException(msg.toString(), failure == null ? null : opener.scrub(failure),
                name, category, s, waited, holders);
        last = e;
        return e;
    }

    private AcquireTimeoutException.Category categorize(PoolStats s, Duration waited,
                                                        List<AcquireTimeoutException.Holder> holders, SQLException failure) {
        if (s.suspended()) {
            return AcquireTimeoutException.Category.SUSPENDED;
        }
        if (failure != null && s.total() < s.max()) {
            return AcquireTimeoutException.Category.CANNOT_OPEN_CONNECTIONS;
        }
        if (!config.leakDetectionThreshold().isZero() && holders.stream().anyMatch(h -> h.heldFor().compareTo(config.leakDetectionThreshold()) >= 0)) {
            return AcquireTimeoutException.Category.LEAK_SUSPECTED;
        }
        // Holders that kept their connection for (most of) the wait are the cause; short holds
        // mean the connections turn over and there are simply more borrowers than connections.
        List<AcquireTimeoutException.Holder> longHolders = holders.stream()
                .filter(h -> h.heldFor().compareTo(waited.dividedBy(2)) >= 0).toList();
        if (longHolders.isEmpty()) {
            return AcquireTimeoutException.Category.DEMAND_ABOVE_MAX_SIZE;
        }
        long inStatements = longHolders.stream().filter(AcquireTimeoutException.Holder::inStatement).count();
        return inStatements * 2 >= longHolders.size()
                ? AcquireTimeoutException.Category.HOLDERS_IN_STATEMENTS : AcquireTimeoutException.Category.HOLDERS_IDLE;
    }

    private List<AcquireTimeoutException.Holder> holderSample(long now) {
        HolderSample last = holderSample;
        if (last != null && now - last.at < HOLDER_SAMPLE_INTERVAL_NANOS) {
            return last.holders;
        }
        List<AcquireTimeoutException.Holder> holders = borrowers.sampleHolders(3);
        holderSample = new HolderSample(now, holders);
        return holders;
    }

    private record HolderSample(long at, List<AcquireTimeoutException.Holder> holders) {
    }

    /** The latest timeout explained, or null. */
    AcquireTimeoutException last() {
        return last;
    }
}
