package io.github.eddypool.spring.boot.autoconfigure.dashboard;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolListener;
import io.github.eddypool.PoolStats;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The last minutes of every Eddy pool, for the dashboard's charts: once a second, each pool's
 * counts and the acquire-time percentiles of that second, kept in a ring of {@link #CAPACITY}
 * samples per pool. It exists only while the dashboard is enabled: then each pool carries one more
 * listener, whose cost per borrow is one bucket increment.
 */
public class EddyPoolHistory implements SmartLifecycle {

    /** Samples kept per pool: 5 minutes at one a second. */
    public static final int CAPACITY = 300;

    /** Milliseconds between samples. */
    public static final long INTERVAL_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(EddyPoolHistory.class);

    private final Supplier<Map<String, EddyDataSource>> pools;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService sampler;

    /** @param pools the application's Eddy pools by name, looked up at each sample (pools may come later) */
    public EddyPoolHistory(Supplier<Map<String, EddyDataSource>> pools) {
        this.pools = pools;
    }

    /** The samples of {@code poolName}, oldest first; null when that pool is not (yet) sampled. */
    public @Nullable List<Sample> samples(String poolName) {
        Track track = tracks.get(poolName);
        return track == null ? null : track.snapshot();
    }

    /**
     * Takes one sample of every pool now; the sampler thread calls it every second. A pool seen for
     * the first time gets its listener here, so its acquire times count from this sample on.
     * Synchronized so that two callers never both attach a listener to the same new pool.
     */
    synchronized void sample() {
        Map<EddyDataSource, Boolean> live = new IdentityHashMap<>();
        for (Map.Entry<String, EddyDataSource> e : pools.get().entrySet()) {
            EddyDataSource pool = e.getValue();
            live.put(pool, true);
            Track track = tracks.get(e.getKey());
            if (track == null || track.pool != pool) {
                if (track != null) {
                    track.detach();
                }
                track = new Track(pool);
                tracks.put(e.getKey(), track);
            }
            if (!pool.isClosed()) {
                track.sample();
            }
        }
        tracks.values().removeIf(t -> {
            boolean gone = !live.containsKey(t.pool);
            if (gone) {
                t.detach();
            }
            return gone;
        });
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eddy-dashboard-sampler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (RuntimeException e) {
                // One failed sample (a pool closing under us) must not end the sampling.
                LOG.debug("Dashboard sample failed", e);
            }
        }, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        sampler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = sampler;
        sampler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        synchronized (this) {
            tracks.values().forEach(Track::detach);
            tracks.clear();
        }
    }

    @Override
    public boolean isRunning() {
        return sampler != null;
    }

    /**
     * One pool's counts at one second. The acquire percentiles cover the borrows of the second
     * before it (null when there was none), read from buckets a quarter-octave wide, so each is at
     * most 25% above the true value.
     *
     * @param time            epoch milliseconds of the sample
     * @param acquires        borrows in the second before
     * @param timeouts        acquire timeouts and shed requests in the second before
     */
    public record Sample(long time, int active, int idle, int pending, int max, int total, long acquires,
                         @Nullable Double acquireP50Millis, @Nullable Double acquireP99Millis, long timeouts,
                         boolean suspended) {
    }

    /** One pool's ring of samples and the listener that buckets its acquire times. */
    private static final class Track {
        final EddyDataSource pool;
        final AcquireHistogram histogram = new AcquireHistogram();
        final Sample[] ring = new Sample[CAPACITY];
        int next;
        int size;
        long[] lastBuckets = new long[AcquireHistogram.BUCKETS];
        long lastTimeouts = -1;

        Track(EddyDataSource pool) {
            this.pool = pool;
            pool.addListener(histogram);
        }

        synchronized void sample() {
            PoolStats s = pool.stats();
            long[] buckets = histogram.counts();
            long[] delta = new long[buckets.length];
            long n = 0;
            for (int i = 0; i < buckets.length; i++) {
                delta[i] = buckets[i] - lastBuckets[i];
                n += delta[i];
            }
            lastBuckets = buckets;
            long timeouts = lastTimeouts < 0 ? 0 : s.acquireTimeouts() - lastTimeouts;
            lastTimeouts = s.acquireTimeouts();
            ring[next] = new Sample(System.currentTimeMillis(), s.active(), s.idle(), s.pending(), s.max(), s.total(), n,
                    AcquireHistogram.percentileMillis(delta, n, 0.50), AcquireHistogram.percentileMillis(delta, n, 0.99),
                    timeouts, s.suspended());
            next = (next + 1) % CAPACITY;
            size = Math.min(size + 1, CAPACITY);
        }

        synchronized List<Sample> snapshot() {
            List<Sample> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(ring[(next - size + i + CAPACITY) % CAPACITY]);
            }
            return out;
        }

        void detach() {
            pool.removeListener(histogram);
        }
    }

    /**
     * Acquire times in buckets of a quarter octave (four per power of two nanoseconds), counted
     * with striped adders so that borrowers on many threads do not contend on one counter.
     */
    static final class AcquireHistogram implements PoolListener {
        static final int BUCKETS = 64 * 4;
        private final LongAdder[] counts = new LongAdder[BUCKETS];

        AcquireHistogram() {
            for (int i = 0; i < BUCKETS; i++) {
                counts[i] = new LongAdder();
            }
        }

        @Override
        public void connectionAcquired(long nanos) {
            counts[bucket(nanos)].increment();
        }

        static int bucket(long nanos) {
            if (nanos < 4) {
                return (int) Math.max(0, nanos);
            }
            int octave = 63 - Long.numberOfLeadingZeros(nanos);
            int quarter = (int) (nanos >>> (octave - 2)) & 3;
            return octave * 4 + quarter;
        }

        /** The largest value bucket {@code i} holds, in nanoseconds. */
        static long upperBound(int i) {
            if (i < 4) {
                return i;
            }
            int octave = i / 4;
            int quarter = i % 4;
            return ((4L + quarter + 1) << (octave - 2)) - 1;
        }

        long[] counts() {
            long[] out = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                out[i] = counts[i].sum();
            }
            return out;
        }

        /** The {@code q} quantile of {@code n} values bucketed in {@code delta}, in milliseconds; null when n is 0. */
        static @Nullable Double percentileMillis(long[] delta, long n, double q) {
            if (n == 0) {
                return null;
            }
            long rank = (long) Math.ceil(q * n);
            long seen = 0;
            for (int i = 0; i < delta.length; i++) {
                seen += delta[i];
                if (seen >= rank) {
                    return upperBound(i) / 1_000_000.0;
                }
            }
            return upperBound(delta.length - 1) / 1_000_000.0;
        }
    }
}
