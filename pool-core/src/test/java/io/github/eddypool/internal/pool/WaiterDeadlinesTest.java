package io.github.eddypool.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads park untimed and one timer wakes them at their deadlines, also when a later
 * waiter's deadline comes first. Runs on Java 21+ (the JDK 25 run of the virtual-thread tests).
 */
@Tag("virtual-threads")
class WaiterDeadlinesTest {

    @Test
    void virtualThreadsParkUntimedAndPlatformThreadsDoNot() throws Exception {
        assumeVirtualThreads();
        assertThat(WaiterDeadlines.parksUntimed(Thread.currentThread())).isFalse();
        boolean[] virtual = new boolean[1];
        Thread t = startVirtual(() -> virtual[0] = WaiterDeadlines.parksUntimed(Thread.currentThread()));
        t.join(10_000);
        assertThat(virtual[0]).isTrue();
    }

    @Test
    void eachWaiterIsWokenAtItsDeadlineEvenWhenAnEarlierOneQueuesLater() throws Exception {
        assumeVirtualThreads();
        ConnectionBag bag = new ConnectionBag();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        WaiterDeadlines deadlines = new WaiterDeadlines(bag, timer);
        Map<String, Long> lateBy = new ConcurrentHashMap<>();
        CountDownLatch firstQueued = new CountDownLatch(1);
        long origin = System.nanoTime();
        try {
            // queued first, deadline last: the timer is set for it, then replaced by the earlier ones
            Thread late = startVirtual(() -> waitUntil(bag, deadlines, origin + ms(900), "late", lateBy, firstQueued));
            assertThat(firstQueued.await(10, TimeUnit.SECONDS)).isTrue();
            Thread early = startVirtual(() -> waitUntil(bag, deadlines, origin + ms(300), "early", lateBy, null));
            Thread middle = startVirtual(() -> waitUntil(bag, deadlines, origin + ms(600), "middle", lateBy, null));
            for (Thread t : new Thread[] {late, early, middle}) {
                t.join(30_000);
                assertThat(t.isAlive()).as(t + " woken by its deadline").isFalse();
            }
        } finally {
            timer.shutdownNow();
        }
        assertThat(lateBy).containsOnlyKeys("early", "middle", "late");
        // woken at or after its deadline (never early), and within a busy machine's scheduling delay
        lateBy.forEach((who, nanos) -> assertThat(nanos).as(who).isBetween(0L, TimeUnit.SECONDS.toNanos(5)));
    }

    /** Waits as Pool.await does, without an entry ever coming: only the deadline ends it. */
    private static void waitUntil(ConnectionBag bag, WaiterDeadlines deadlines, long deadline, String who,
                                  Map<String, Long> lateBy, CountDownLatch queued) {
        ConnectionBag.Waiter w = bag.enqueue(System.nanoTime(), deadline);
        try {
            assertThat(w.untimed).isTrue();
            if (queued != null) {
                queued.countDown();
            }
            long now;
            while ((now = System.nanoTime()) - deadline < 0) {
                deadlines.park(deadline, bag);
            }
            lateBy.put(who, now - deadline);
        } finally {
            bag.leave(w);
        }
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static Thread startVirtual(Runnable r) throws Exception {
        return (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, r);
    }

    private static void assumeVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+; this JVM is " + Runtime.version());
    }
}
