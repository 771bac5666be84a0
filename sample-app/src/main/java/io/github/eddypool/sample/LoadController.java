package io.github.eddypool.sample;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolStats;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /load?threads=16&requests=400&holdMillis=5}: puts the pool under concurrent load
 * so its metrics visibly move. Each request borrows a connection, reads a random user and holds
 * the connection {@code holdMillis} (standing in for work done inside a transaction). With more
 * threads than {@code eddy.pool.max-size}, threads queue (pending) and, if they wait longer than
 * {@code connection-timeout}, time out.
 */
@RestController
public class LoadController {

    static final int MAX_THREADS = 64;
    static final int MAX_REQUESTS = 20_000;
    static final int MAX_HOLD_MILLIS = 10_000;

    private final JdbcTemplate jdbc;
    private final EddyDataSource pool;

    public LoadController(JdbcTemplate jdbc, EddyDataSource pool) {
        this.jdbc = jdbc;
        this.pool = pool;
    }

    @PostMapping("/load")
    public LoadResult load(@RequestParam(defaultValue = "16") int threads,
                           @RequestParam(defaultValue = "400") int requests,
                           @RequestParam(defaultValue = "5") int holdMillis) throws InterruptedException {
        int threadCount = clamp(threads, 1, MAX_THREADS);
        int requestCount = clamp(requests, 1, MAX_REQUESTS);
        int hold = clamp(holdMillis, 0, MAX_HOLD_MILLIS);
        long maxId = Math.max(1, jdbc.queryForObject("SELECT COALESCE(MAX(id), 1) FROM users", Long.class));

        AtomicInteger remaining = new AtomicInteger(requestCount);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        PeakSampler sampler = new PeakSampler(pool);
        ExecutorService workers = Executors.newFixedThreadPool(threadCount, r -> new Thread(r, "load-" + System.nanoTime()));
        long start = System.nanoTime();
        sampler.start();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threadCount; i++) {
                futures.add(workers.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        try {
                            readRandomUser(maxId, hold);
                            succeeded.incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + rootMessage(e));
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed.incrementAndGet();
                }
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
            sampler.stop();
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        return new LoadResult(threadCount, requestCount, hold, succeeded.get(), failed.get(), elapsedMillis,
                sampler.peakActive(), sampler.peakPending(), firstError.get(), pool.stats().acquireTimeouts());
    }

    private void readRandomUser(long maxId, int holdMillis) {
        long id = 1 + ThreadLocalRandom.current().nextLong(maxId);
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, name, email FROM users WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            if (holdMillis > 0) {
                try {
                    Thread.sleep(holdMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    /** What a load run did. {@code acquireTimeoutsTotal} is the pool's count since start. */
    public record LoadResult(int threads, int requests, int holdMillis, int succeeded, int failed, long elapsedMillis,
                             int peakActive, int peakPending, String firstError, long acquireTimeoutsTotal) {
    }

    /** Samples the pool every millisecond to report the busiest moment of the run. */
    private static final class PeakSampler {
        private final EddyDataSource pool;
        private final AtomicInteger peakActive = new AtomicInteger();
        private final AtomicInteger peakPending = new AtomicInteger();
        private volatile boolean running = true;
        private Thread thread;

        PeakSampler(EddyDataSource pool) {
            this.pool = pool;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    PoolStats s = pool.stats();
                    peakActive.accumulateAndGet(s.active(), Math::max);
                    peakPending.accumulateAndGet(s.pending(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(1000);
        }

        int peakActive() {
            return peakActive.get();
        }

        int peakPending() {
            return peakPending.get();
        }
    }
}
