package io.github.eddypool.internal.pool;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's own threads, all daemons named {@code eddy-<pool>-<job>-<n>}: connectors (at most
 * creation-concurrency, so connection attempts are bounded), one closer (so a borrower never
 * waits on a slow close), one scheduler (housekeeping, leak sweeps, back-off), and one timer for
 * the deadlines of waiting virtual threads ({@link WaiterDeadlines}). Idle connector, closer and
 * timer threads end after a few seconds.
 */
final class PoolThreads {

    private final ThreadPoolExecutor connector;
    private final ThreadPoolExecutor closer;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ScheduledThreadPoolExecutor deadlines;
    /** Every thread the pool started, so that close() can wait until each has really ended. */
    private final Queue<Thread> started = new ConcurrentLinkedQueue<>();

    PoolThreads(String poolName, int creationConcurrency) {
        connector = new ThreadPoolExecutor(creationConcurrency, creationConcurrency, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory(poolName, "connector"));
        connector.allowCoreThreadTimeOut(true);
        closer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory(poolName, "closer"));
        closer.allowCoreThreadTimeOut(true);
        scheduler = new ScheduledThreadPoolExecutor(1, factory(poolName, "housekeeper"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        deadlines = new ScheduledThreadPoolExecutor(1, factory(poolName, "deadlines"));
        deadlines.setKeepAliveTime(5, TimeUnit.SECONDS);
        deadlines.allowCoreThreadTimeOut(true); // the last worker stays while a timer is pending
        deadlines.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private ThreadFactory factory(String poolName, String job) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "eddy-" + poolName + "-" + job + "-" + n.incrementAndGet());
            t.setDaemon(true);
            started.removeIf(old -> old.getState() == Thread.State.TERMINATED); // idle ones end; forget them
            started.add(t);
            return t;
        };
    }

    /**
     * Waits until every thread the pool started has ended. An executor reports itself terminated
     * while its last worker is still on its way out, so after awaitTermination a thread can
     * still be alive for a moment; close() promises none is.
     */
    void joinAll(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread t; (t = started.poll()) != null; ) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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

    ScheduledThreadPoolExecutor deadlines() {
        return deadlines;
    }
}
