package io.github.eddypool.internal.pool;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.PoolSizing;
import io.github.eddypool.SizingAdvice;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the pool's load over a sliding window and turns it into {@link SizingAdvice}. It adds
 * nothing to borrowing or returning a connection: the scheduler thread samples, every
 * {@value SizingAdvice#SAMPLE_PERIOD_MILLIS} ms on average, how many connections are in use, how
 * long each has been held so far (from the borrow's own clock reading) and how many threads wait.
 * Only borrowers that waited record their wait, on their slow path.
 *
 * <p>From the samples: demand (mean connections in use) and, by Little's law, mean hold =
 * demand / borrow rate. The hold-time tail comes from the ages of the connections seen in use: in a
 * steady state the density of those ages at {@code a} is {@code P(hold > a) / mean hold}, so
 * {@code P(hold > a) = mean hold * density(a)}; the p99 hold is where that falls below 1%.
 */
final class SizingAdvisor {

    private static final Logger LOG = LoggerFactory.getLogger(SizingAdvisor.class);

    static final long SAMPLE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(SizingAdvice.SAMPLE_PERIOD_MILLIS);
    /** A snapshot of the running totals every 10 s; the oldest of the last six starts the window. */
    private static final long SNAPSHOT_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SNAPSHOTS = 6;
    /** Fewer connections seen in use than this give no p99 hold: the tail estimate would be noise. */
    private static final int MIN_AGE_SAMPLES = 50;
    private static final int MIN_TAIL_SAMPLES = 3;

    private final EddyConfig config;
    private final ConnectionBag bag;
    private final PoolCounters counters;
    private final IntSupplier maxSize;
    private final FleetCheck fleet;
    private final long timeoutMicros;

    /** Running totals since start; guarded by this. */
    private Totals totals;
    private final ArrayDeque<Totals> snapshots = new ArrayDeque<>();

    SizingAdvisor(EddyConfig config, ConnectionBag bag, PoolCounters counters, IntSupplier maxSize, FleetCheck fleet) {
        this.config = config;
        this.bag = bag;
        this.counters = counters;
        this.maxSize = maxSize;
        this.fleet = fleet;
        this.timeoutMicros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(config.connectionTimeout().toNanos()));
        this.totals = new Totals(System.nanoTime());
        snapshots.add(totals.copy());
    }

    /**
     * The delay before the next sample: uniform between half and one and a half sample periods.
     * Sampling at a fixed period would alias with a load of a related period: every sample would
     * land at the same phase of it, so the demand and the ages seen could be anything from none
     * to all of it (a borrower holding for the first 50 ms of every 100 ms was seen as a demand of
     * 0.98-1.0 for a true 0.50: {@code SizingAdviceTest}). At random times the samples are spread
     * over every phase, and their averages are unbiased.
     */
    static long nextSampleDelayNanos() {
        return SAMPLE_PERIOD_NANOS / 2 + ThreadLocalRandom.current().nextLong(SAMPLE_PERIOD_NANOS + 1);
    }

    /** A borrower got a connection after waiting {@code nanos}; called on the slow path only. */
    synchronized void waited(long nanos) {
        totals.waits.record(TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    /** One sample, on the scheduler thread. */
    void sample() {
        try {
            long now = System.nanoTime();
            int active = 0;
            long borrows = counters.retiredBorrows.sum();
            synchronized (this) {
                Totals t = totals;
                for (PoolEntry e : bag.entries()) {
                    long at = e.borrowedAt;
                    if (e.state() == PoolEntry.IN_USE && at != PoolEntry.NOT_BORROWED) {
                        active++;
                        t.ages.record(TimeUnit.NANOSECONDS.toMicros(Math.max(0, now - at)));
                    }
                    borrows += e.borrows;
                }
                int pending = bag.waiting();
                t.at = now;
                t.samples++;
                t.inUse += active;
                t.waiting += pending;
                t.concurrency.record(active + pending);
                t.borrows = borrows;
                t.timeouts = counters.acquireTimeouts.sum();
                if (now - snapshots.peekLast().at >= SNAPSHOT_PERIOD_NANOS) {
                    snapshots.addLast(t.copy());
                    if (snapshots.size() > SNAPSHOTS) {
                        snapshots.removeFirst();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Pool {}: sizing sample failed; the next one will be taken as usual", config.poolName(), e);
        }
    }

    SizingAdvice advice() {
        Totals now;
        Totals base;
        synchronized (this) {
            now = totals.copy();
            base = snapshots.peekFirst();
        }
        int max = maxSize.getAsInt();
        Integer formula = config.databaseCores() > 0
                ? PoolSizing.recommendedMaxSize(config.databaseCores(), config.databaseSpindles(), config.fleetSize()) : null;
        Integer serverMax = fleet.serverMaxConnections();
        double seconds = (now.at - base.at) / 1e9;
        long samples = now.samples - base.samples;
        long borrows = Math.max(0, now.borrows - base.borrows);
        long timeouts = Math.max(0, now.timeouts - base.timeouts);
        if (samples == 0 || seconds <= 0) {
            return new SizingAdvice(config.poolName(), 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, formula, serverMax,
                    config.fleetSize(), max, max, "No measurements yet: the pool samples its load every "
                    + SizingAdvice.SAMPLE_PERIOD_MILLIS + " ms; ask again in a few seconds.");
        }
        double rate = borrows / seconds;
        double demand = (double) (now.inUse - base.inUse) / samples;
        double meanWaiting = (double) (now.waiting - base.waiting) / samples;
        Double meanHoldMillis = borrows == 0 ? null : demand / rate * 1000;
        LogHistogram ages = now.ages.minus(base.ages);
        Double p99Hold = meanHoldMillis == null || ages.total() < MIN_AGE_SAMPLES ? null
                : p99Hold(ages, meanHoldMillis * 1000) / 1000.0;
        long p99WaitMicros = p99Wait(now.waits.minus(base.waits), borrows, timeouts);
        double waitShare = Math.min(1.0, (double) p99WaitMicros / timeoutMicros);
        LogHistogram concurrency = now.concurrency.minus(base.concurrency);
        int peak = (int) Math.max(0, concurrency.valueAtRank((long) Math.ceil(concurrency.total() * 0.95)));

        int recommended;
        StringBuilder advice = new StringBuilder();
        String demandText = String.format(Locale.ROOT, "demand averages %.1f connections in use (%.1f borrows/s x %.1f ms mean hold)",
                demand, rate, meanHoldMillis == null ? 0.0 : meanHoldMillis);
        if (borrows == 0 && timeouts == 0) {
            recommended = max;
            advice.append(String.format(Locale.ROOT, "No connection was borrowed in the last %.0f s: nothing to size on yet; "
                    + "max-size %d stays.", seconds, max));
        } else {
            // Enough for the mean of those wanting a connection (in use or waiting) with 20%
            // headroom, and for the 95th-percentile moment.
            int needed = Math.max(1, Math.max((int) Math.ceil((demand + meanWaiting) * 1.2), peak));
            // Raise when borrowers time out, wait long against the timeout, or queue (half a thread
            // waiting on average) for more connections than max-size allows.
            boolean pressed = timeouts > 0 || waitShare >= 0.10 || (meanWaiting >= 0.5 && needed > max);
            if (pressed) {
                recommended = Math.max(needed, max + 1);
                advice.append(demandText);
                if (meanWaiting >= 0.05) {
                    advice.append(String.format(Locale.ROOT, " and %.1f threads wait", meanWaiting));
                }
                advice.append(String.format(Locale.ROOT, ", max-size is %d and p99 wait is %s of the timeout%s: raise to %d.",
                        max, percent(waitShare), timeouts > 0 ? " (" + timeouts + " timed out)" : "", recommended));
            } else if (waitShare < 0.01 && needed < max) {
                recommended = needed;
                advice.append(String.format(Locale.ROOT, "p99 wait is %s of the timeout: max-size %d is enough; %d would do (%s, peaks at %d).",
                        percent(waitShare), max, needed, demandText, peak));
            } else {
                recommended = max;
                advice.append(String.format(Locale.ROOT, "p99 wait is %s of the timeout and %s: max-size %d fits.",
                        percent(waitShare), demandText, max));
            }
            if (formula != null && recommended > formula) {
                advice.append(String.format(Locale.ROOT, " Beyond the database's cores * 2 + spindles (%d for this instance) more "
                        + "connections only queue inside the database: rather make the holders faster.", formula));
            }
        }
        if (serverMax != null && (long) recommended * config.fleetSize() > serverMax) {
            advice.append(String.format(Locale.ROOT, " Note: %d instances x %d connections exceed the %d the server allows.",
                    config.fleetSize(), recommended, serverMax));
        }
        return new SizingAdvice(config.poolName(), round(seconds), borrows, timeouts, round(rate), round(meanHoldMillis),
                round(p99Hold), round(demand), round(meanWaiting), round(p99WaitMicros / 1000.0), round(waitShare), peak,
                formula, serverMax, config.fleetSize(), max, recommended, advice.toString());
    }

    /**
     * The p99 hold in microseconds: the end of the last bucket where {@code P(hold > a)}, estimated
     * as mean hold times the age density averaged over this bucket and the next (a span of at
     * most 25%), is still at least 1%, counting
     * only spans with at least {@value #MIN_TAIL_SAMPLES} samples: one late sample (a pause of
     * the sampler, say) is not a tail.
     */
    static long p99Hold(LogHistogram ages, double meanHoldMicros) {
        long n = ages.total();
        int last = -1;
        for (int i = 0; i < LogHistogram.BUCKETS; i++) {
            long lo = LogHistogram.lowerBound(i);
            int next = Math.min(i + 1, LogHistogram.BUCKETS - 1);
            long hi = LogHistogram.lowerBound(next) + LogHistogram.width(next);
            long count = ages.count(i) + (next > i ? ages.count(next) : 0);
            if (count >= MIN_TAIL_SAMPLES && meanHoldMicros * count / ((double) n * (hi - lo)) >= 0.01) {
                last = i;
            }
        }
        return last < 0 ? 0 : LogHistogram.lowerBound(last) + LogHistogram.width(last);
    }

    /** The p99 wait in microseconds: borrowers that did not wait waited 0; timeouts the whole timeout. */
    private long p99Wait(LogHistogram waits, long borrows, long timeouts) {
        long total = borrows + timeouts;
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * 0.99);
        long noWait = Math.max(0, borrows - waits.total());
        if (rank <= noWait) {
            return 0;
        }
        long waitedRank = rank - noWait;
        if (waitedRank > waits.total()) {
            return timeoutMicros;
        }
        return Math.min(timeoutMicros, waits.valueAtRank(waitedRank));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, share < 0.1 ? "%.1f%%" : "%.0f%%", share * 100);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static Double round(Double v) {
        return v == null ? null : round(v.doubleValue());
    }

    /** Running totals since the pool started. */
    private static final class Totals {
        long at;
        long samples;
        long inUse;
        long waiting;
        long borrows;
        long timeouts;
        LogHistogram ages = new LogHistogram();
        LogHistogram waits = new LogHistogram();
        LogHistogram concurrency = new LogHistogram();

        Totals(long at) {
            this.at = at;
        }

        Totals copy() {
            Totals c = new Totals(at);
            c.samples = samples;
            c.inUse = inUse;
            c.waiting = waiting;
            c.borrows = borrows;
            c.timeouts = timeouts;
            c.ages = ages.copy();
            c.waits = waits.copy();
            c.concurrency = concurrency.copy();
            return c;
        }
    }
}
