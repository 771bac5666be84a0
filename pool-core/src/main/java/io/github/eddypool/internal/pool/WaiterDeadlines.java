package io.github.eddypool.internal.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes waiting virtual threads at their deadlines, so that they can park without a timeout.
 *
 * <p>Why: a virtual thread's timed park hands a timeout task to the JDK's delay scheduler and
 * cancels it when the thread is unparked, and both wake the scheduler's own thread. With a
 * thousand virtual threads taking turns on a pool of 16 (PostgreSQL {@code SELECT 1}, JDK 25), that
 * was about a sixth of the JVM's CPU in async-profiler's samples. Waiters leave the queue first in,
 * first out, and all borrowers share one connection-timeout, so deadlines come nearly in queue
 * order: one timer, set for the earliest deadline, serves them all. It is set again only when it
 * fires or when a waiter's deadline comes before it. Platform threads keep their timed park, which
 * costs them no extra thread.
 *
 * <p>The timer runs on a thread of its own (not the housekeeper's, which may spend a
 * validation-timeout on an unanswered keepalive), so a deadline is kept to the scheduler's accuracy.
 */
final class WaiterDeadlines {

    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final ConnectionBag bag;
    private final ScheduledExecutorService timerThread;
    /** The pending timer, or null. Replaced (never extended) by a timer for an earlier deadline. */
    private final AtomicReference<Timer> timer = new AtomicReference<>();

    private static final class Timer {
        final long at;

        Timer(long at) {
            this.at = at;
        }
    }

    WaiterDeadlines(ConnectionBag bag, ScheduledExecutorService timerThread) {
        this.bag = bag;
        this.timerThread = timerThread;
    }

    /** Whether the thread should park untimed and be woken by this class: virtual threads (JDK 21+). */
    static boolean parksUntimed(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // before JDK 21: no virtual threads
        }
    }

    /**
     * Parks the calling waiter, queued in the bag, until it is unparked or its deadline passes.
     * Like any park it may return early; the caller re-checks.
     */
    void park(long deadline, Object blocker) {
        watch(deadline);
        LockSupport.park(blocker);
    }

    /** Makes sure a timer fires by {@code deadline}. Costs a volatile read when one already does. */
    private void watch(long deadline) {
        for (;;) {
            Timer pending = timer.get();
            if (pending != null && pending.at - deadline <= 0) {
                return;
            }
            Timer earlier = new Timer(deadline);
            if (timer.compareAndSet(pending, earlier)) {
                schedule(earlier);
                return;
            }
        }
    }

    private void schedule(Timer t) {
        try {
            timerThread.schedule(() -> fire(t), Math.max(0, t.at - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The pool is closing: close() wakes every waiter, and each then sees the pool closed.
            timer.compareAndSet(t, null);
        }
    }

    /** Wakes every untimed waiter whose deadline has passed, and sets the timer for the next one. */
    private void fire(Timer t) {
        if (!timer.compareAndSet(t, null)) {
            return; // replaced by a timer for an earlier deadline, which did this
        }
        long now = System.nanoTime();
        boolean more = false;
        long next = 0;
        for (ConnectionBag.Waiter w : bag.waiters()) {
            if (!w.untimed) {
                continue;
            }
            if (w.deadline - now <= 0) {
                LockSupport.unpark(w.thread);
            } else if (!more || w.deadline - next < 0) {
                next = w.deadline;
                more = true;
            }
        }
        if (more) {
            watch(next);
        }
    }
}
