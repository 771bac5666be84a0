package io.github.eddypool.internal.pool;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's own threads, all daemons named {@code eddy-<pool>-<job>-<n>}: connectors (at most
 * creation-concurrency, so connection attempts are bounded), one closer (so a borrower never
 * waits on a slow close), and one scheduler (housekeeping, leak sweeps, back-off). Idle
 * connector and closer threads end after a few seconds.
 */
final class PoolThreads {

    private final ThreadPoolExecutor connector;
    private final ThreadPoolExecutor closer;
    private final ScheduledThreadPoolExecutor scheduler;

    PoolThreads(String poolName, int creationConcurrency) {
        connector = new ThreadPoolExecutor(creationConcurrency, creationConcurrency, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory(poolName, "connector"));
        connector.allowCoreThreadTimeOut(true);
        closer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory(poolName, "closer"));
        closer.allowCoreThreadTimeOut(true);
        scheduler = new ScheduledThreadPoolExecutor(1, factory(poolName, "housekeeper"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private static ThreadFactory factory(String poolName, String job) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "eddy-" + poolName + "-" + job + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    ThreadPoolExecutor connector() {
        return connector;
    }

    ThreadPoolExecutor closer() {
        return closer;
    }

    ScheduledThreadPoolExecutor scheduler() {
        return scheduler;
    }
}
