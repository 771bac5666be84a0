package io.github.eddypool.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How long connections are held, when borrowers wait, sets how the bag waits: the fairness window
 * and whether a waiter stays runnable a few turns before it parks.
 */
class ConnectionBagTest {

    private final ConnectionBag bag = new ConnectionBag();
    private final PoolEntry entry = newEntry();

    @Test
    void shortHoldsKeepTheShortestFairnessWindowAndWaitersParkAtOnce() {
        ConnectionBag.Waiter waiter = neverOverdueWaiter();
        returnsAfterHolding(TimeUnit.MICROSECONDS.toNanos(1), 50);

        assertThat(bag.fairnessNanos()).isEqualTo(ConnectionBag.MIN_FAIRNESS_NANOS);
        assertThat(bag.yieldBeforeParking(waiter, 0)).isFalse();
        bag.leave(waiter);
    }

    @Test
    void longHoldsWidenTheFairnessWindowUpToItsCapAndWaitersYieldBeforeParking() {
        ConnectionBag.Waiter waiter = neverOverdueWaiter();
        returnsAfterHolding(TimeUnit.MICROSECONDS.toNanos(100), 50);

        long typical = bag.typicalHoldNanos();
        assertThat(typical).as("typical hold, to within a factor of 2").isBetween(
                TimeUnit.MICROSECONDS.toNanos(50), TimeUnit.MICROSECONDS.toNanos(200));
        assertThat(bag.fairnessNanos()).isEqualTo(typical * ConnectionBag.FAIRNESS_WINDOW_HOLDS);
        for (int turn = 0; turn < ConnectionBag.YIELDS_BEFORE_PARKING; turn++) {
            assertThat(bag.yieldBeforeParking(waiter, turn)).as("turn %d", turn).isTrue();
        }
        assertThat(bag.yieldBeforeParking(waiter, ConnectionBag.YIELDS_BEFORE_PARKING)).isFalse();

        returnsAfterHolding(TimeUnit.MILLISECONDS.toNanos(50), 50);
        assertThat(bag.fairnessNanos()).isEqualTo(ConnectionBag.MAX_FAIRNESS_NANOS);

        returnsAfterHolding(TimeUnit.MICROSECONDS.toNanos(1), 50);
        assertThat(bag.fairnessNanos()).as("back to short holds").isEqualTo(ConnectionBag.MIN_FAIRNESS_NANOS);
        assertThat(bag.yieldBeforeParking(waiter, 0)).isFalse();
        bag.leave(waiter);
    }

    @Test
    void waitersParkAtOnceWhenMoreWaitThanThePoolHasConnections() {
        ConnectionBag.Waiter first = neverOverdueWaiter();
        returnsAfterHolding(TimeUnit.MICROSECONDS.toNanos(100), 50);
        assertThat(bag.yieldBeforeParking(first, 0)).as("one waiter, one connection: it yields").isTrue();

        ConnectionBag.Waiter second = neverOverdueWaiter();
        assertThat(bag.yieldBeforeParking(first, 0)).as("two waiters, one connection").isFalse();
        assertThat(bag.yieldBeforeParking(second, 0)).isFalse();

        bag.leave(second);
        assertThat(bag.yieldBeforeParking(first, 0)).as("one waiter again").isTrue();
        bag.leave(first);
    }

    @Test
    void oneLongHoldAmongShortOnesBarelyMovesTheTypicalHold() {
        ConnectionBag.Waiter waiter = neverOverdueWaiter();
        returnsAfterHolding(TimeUnit.MICROSECONDS.toNanos(1), 50);
        returnsAfterHolding(TimeUnit.MILLISECONDS.toNanos(20), 1); // e.g. the holder was preempted

        assertThat(bag.typicalHoldNanos()).as("typical hold, not 20 ms").isLessThanOrEqualTo(TimeUnit.MICROSECONDS.toNanos(16));
        assertThat(bag.fairnessNanos()).isLessThanOrEqualTo(16 * TimeUnit.MICROSECONDS.toNanos(16));
        assertThat(bag.yieldBeforeParking(waiter, 0)).isFalse();
        bag.leave(waiter);
    }

    @Test
    void holdsReturnedWithNobodyWaitingAreNotCounted() {
        returnsAfterHolding(TimeUnit.MILLISECONDS.toNanos(1), 50);

        assertThat(bag.fairnessNanos()).isEqualTo(ConnectionBag.MIN_FAIRNESS_NANOS);
    }

    /**
     * Returns the entry {@code times} times after a hold of {@code holdNanos}, taking it back
     * each time.
     */
    private void returnsAfterHolding(long holdNanos, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(bag.requite(entry, System.nanoTime() - holdNanos)).isTrue();
            assertThat(entry.tryBorrow()).isTrue();
        }
    }

    /** A waiter (this thread) that asks from an hour ahead, so never overdue: returns make entries idle. */
    private ConnectionBag.Waiter neverOverdueWaiter() {
        return bag.enqueue(System.nanoTime() + TimeUnit.HOURS.toNanos(1), Long.MAX_VALUE);
    }

    private PoolEntry newEntry() {
        Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> null);
        PoolEntry e = new PoolEntry(1, connection, System.nanoTime(), Long.MAX_VALUE, null);
        bag.add(e);
        return e;
    }
}
