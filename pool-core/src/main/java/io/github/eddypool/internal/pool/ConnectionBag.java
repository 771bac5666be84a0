package io.github.eddypool.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the pool's entries and hands them to borrowers.
 *
 * <p>The fast path takes no lock and allocates nothing: a borrower scans the entry array,
 * starting at a slot derived from its thread id (so that threads tend to reuse "their"
 * connection and do not all fight over slot 0), and takes the first idle entry by CAS.
 *
 * <p>When nothing is idle, a borrower joins a FIFO queue of waiters and parks. Fairness is
 * bounded barging: once the oldest waiter has waited the fairness window (a few typical holds,
 * from 50 us to 2 ms: {@link #fairnessNanos}), every returned entry is handed straight to the
 * head of the queue and newcomers queue behind it, so no waiter waits much longer than that plus
 * the time connections are held. Before that, a returned entry becomes idle and the head waiter
 * is woken to take it, but a running thread may take it first: under contention that saves a
 * park and a wake-up per borrow, which is most of the cost of a borrow when threads outnumber
 * cores. A platform thread that returns a connection while borrowers wait yields a few times
 * while it stays idle, so that a waiter takes it rather than the returner's own next borrow. When
 * holds are long and no more threads wait than there are connections, a waiting platform thread
 * yields a few times before it parks.
 * No {@code synchronized} anywhere: parking is {@link LockSupport}, so virtual threads
 * never pin.
 */
final class ConnectionBag {

    /**
     * The shortest time the oldest waiter may wait before returned connections go to waiters
     * only (the fairness window; see {@link #fairnessNanos}). Short enough that a waiter soon gets
     * a connection handed to it instead of being woken to find it taken (a wasted wake-up each
     * time). Zero (strict order) made every waiting borrow park: p99 acquire under stub
     * contention went from 2 us to 50 us. Longer lengthened the tail there: with a shortest window
     * of 200 us, 1 ms and 2 ms the p99.99 was 4.3-4.4, 5.9 and 6.0 ms (50 us: 4.1-4.9 ms), and 0.06,
     * 0.46-0.50 and 0.35-0.37% of borrows waited over 1 ms (50 us: 0.06%; one fork each, 2026-11-30).
     */
    static final long MIN_FAIRNESS_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /**
     * The longest fairness window: well under the 10 ms and more that HikariCP's borrowers wait
     * at p99 when threads outnumber connections on a busy machine.
     */
    static final long MAX_FAIRNESS_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * The fairness window in typical holds (between {@link #MIN_FAIRNESS_NANOS} and
     * {@link #MAX_FAIRNESS_NANOS}). While the oldest waiter has waited less than a few holds, a
     * running thread may take a returned connection, which saves a park and a wake-up; with
     * long holds on a machine where those are dear, a window fixed at 50 us made nearly every
     * borrow a hand-off to a parked thread. PostgreSQL {@code SELECT 1}, 16 threads over 8
     * connections, one 2-core VM (CostPerOperation, waiters yielding as below): a 1 ms window
     * ran 1.07x a 50 us one and 5 ms 1.19x, at p99 waits of 3.8 and 9.2 ms against 1.9 ms
     * (HikariCP's: 10.5-11.4 ms). Eight holds is the cautious end of that range.
     */
    static final int FAIRNESS_WINDOW_HOLDS = 8;

    /**
     * The longest hold after which a thread that hands its connection to a waiter still yields its
     * core to it. After a short hold (a stub driver, one statement on a fast link) the next holder
     * will soon hand it on in turn, and running it at once keeps the connection busy: without the
     * yield, PostgreSQL {@code SELECT 1} at 16 threads over 8 connections ran at half the rate
     * (46-54 against 90-108 ops/ms). After a longer hold (a transaction of several round trips)
     * it does not pay: with a three-statement transaction, same setting, it put the returning
     * thread behind every runnable task (p99 5.1-5.6 ms against 2.8-3.6 ms without it) and
     * doubled the reschedule interrupts per transaction (1.0-1.1 against 0.6-0.7, counted in
     * {@code /proc/interrupts}), for 5% less throughput.
     */
    static final long YIELD_AFTER_HOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(40);

    /**
     * How many times a waiting platform thread yields its core before it parks, when holds are
     * typically at least {@link #YIELD_AFTER_HOLD_NANOS}. A waiter that stays runnable is handed
     * a connection without a futex wake-up, and sees one made idle without being woken at all.
     * Same setting as above: voluntary context switches per borrow 0.55 against 1.55, 1.10x the
     * throughput. Not after short holds: on the stub driver the waiters' yields took the holders'
     * turns (p99 acquire 53-61 us against 12-43 us). Virtual threads park cheaply and never yield.
     * Re-measured 2026-12-01, with the returner's yields ({@link #RETURNER_YIELDS}) in place: without
     * these, {@code SELECT 1} 102.8 against 102.4 ops/ms and the read-write transaction 4.6 against
     * 5.05 (medians of 6 rounds), so the returner's yields now do most of what these did; kept.
     */
    static final int YIELDS_BEFORE_PARKING = 4;

    /**
     * How many times a returning platform thread yields, while borrowers wait and the connection it
     * just made idle (and woke the head waiter for) is still idle, before it goes on. Without it the
     * returner's next borrow, a moment later, most often took back its own connection while the
     * woken waiter found nothing and parked again; yielding lets a waiter (or another running
     * borrower) take it first, and keeps the returner runnable rather than parked, which costs less
     * on a busy machine. Same machine, pools alternating in one JVM ({@code CostPerOperation} with
     * {@code eddy@<jar>}, 16 threads over 8 connections, medians of 6-8 rounds of 5 s, 2026-12-01):
     * PostgreSQL {@code SELECT 1} 52.4 and 54.0 ops/ms against 48.8 and 43.3 without it (HikariCP
     * 49.9 and 51.9), 16.1-16.8 against 18.9-21.0 µs of JVM CPU and 0.15-0.16 against 0.22-0.26
     * voluntary context switches per operation; read-write 3.7 against 3.5 ops/ms at 156 against
     * 177 µs of JVM CPU; stub {@code Contention}: 829 against 770 ops/ms, acquire p99 0.59 against
     * 7.6 µs; 64 threads, {@code SELECT 1}: 26.6 against 22.9 ops/ms (HikariCP 20.0), at a p99 of
     * 22.6 against 11.6 ms (HikariCP 32.8). Virtual threads do not yield: their carriers would only
     * pick another of them.
     */
    static final int RETURNER_YIELDS = 16;

    private static final VarHandle WAITING;

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(ConnectionBag.class, "waiting", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Copy-on-write; replaced under {@link #mutation} when entries are added or removed. */
    private volatile PoolEntry[] entries = new PoolEntry[0];
    private final ReentrantLock mutation = new ReentrantLock();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** Threads in {@link #waiters}; read on every return, so kept apart from the queue. */
    private volatile int waiting;
    private volatile boolean lendingSuspended;
    /**
     * Typical hold of a connection returned while borrowers wait: a running mean of log2 of the
     * hold in nanoseconds, times 16 (so a geometric mean, which one preempted hold barely moves).
     * A plain field, updated without synchronization: a hint, and lost updates do no harm.
     */
    private int holdLog2x16 = 10 << 4;

    /** A parked borrower; the entry is handed over by CAS on {@link #handoff}. */
    static final class Waiter {
        private static final VarHandle HANDOFF;
        private static final Object CANCELLED = new Object();

        static {
            try {
                HANDOFF = MethodHandles.lookup().findVarHandle(Waiter.class, "handoff", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Thread thread = Thread.currentThread();
        /** When its borrower started asking (the borrow's clock reading). */
        final long since;
        /** When its borrower gives up (connection-timeout after {@link #since}). */
        final long deadline;
        /** Parks without a timeout; {@link WaiterDeadlines} wakes it at its deadline. */
        final boolean untimed = WaiterDeadlines.parksUntimed(thread);
        private volatile Object handoff;

        Waiter(long since, long deadline) {
            this.since = since;
            this.deadline = deadline;
        }

        boolean offer(PoolEntry entry) {
            return HANDOFF.compareAndSet(this, null, entry);
        }

        /**
         * Gives up waiting; if an entry arrived first, returns it (the caller then owns it).
         * Idempotent: later calls return the same.
         */
        PoolEntry cancel() {
            if (HANDOFF.compareAndSet(this, null, CANCELLED)) {
                return null;
            }
            return received();
        }

        PoolEntry received() {
            Object h = handoff;
            return h instanceof PoolEntry ? (PoolEntry) h : null;
        }
    }

    /**
     * Fast path: an idle entry, or null when none is idle, lending is suspended, or the oldest
     * waiter is overdue (then the caller must queue behind it).
     *
     * @param now the caller's clock reading
     */
    PoolEntry poll(long now) {
        if (lendingSuspended || (waiting != 0 && headOverdue(now))) {
            return null;
        }
        return scan();
    }

    private boolean headOverdue(long now) {
        Waiter head = waiters.peek();
        return head != null && now - head.since > fairnessNanos();
    }

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs Java 19
    private PoolEntry scan() {
        PoolEntry[] all = entries;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        long id = Thread.currentThread().getId();
        // Fibonacci hashing spreads consecutive thread ids; the multiply-shift maps into [0, n).
        int start = (int) (((id * 0x9E3779B97F4A7C15L) >>> 32) * n >>> 32);
        for (int i = start; i < n; i++) {
            PoolEntry e = all[i];
            if (e.tryBorrow()) {
                return e;
            }
        }
        for (int i = 0; i < start; i++) {
            PoolEntry e = all[i];
            if (e.tryBorrow()) {
                return e;
            }
        }
        return null;
    }

    /**
     * Queues the calling thread as a waiter, asking since {@code since} and until {@code deadline}.
     * Pair with {@link #leave}.
     */
    Waiter enqueue(long since, long deadline) {
        Waiter w = new Waiter(since, deadline);
        WAITING.getAndAdd(this, 1);
        waiters.add(w);
        return w;
    }

    /**
     * What a queued waiter can take now: an entry handed to it, or (unless suspended) one that
     * is idle because it was returned while the queue looked empty.
     */
    PoolEntry tryTake(Waiter w) {
        PoolEntry handed = w.received();
        if (handed != null) {
            return handed;
        }
        return lendingSuspended ? null : scan();
    }

    /** Removes a waiter that got its entry, timed out, or was interrupted. */
    void leave(Waiter w) {
        // A waiter handed an entry was taken off the queue by the hand-off (poll, then offer).
        // Skipping the search matters: removing from a ConcurrentLinkedQueue walks it, and with a
        // thousand virtual threads queued that walk was the pool's biggest cost.
        if (w.received() == null && waiters.remove(w)) {
            WAITING.getAndAdd(this, -1);
        }
    }

    /** The queued waiters, oldest first (weakly consistent: for {@link WaiterDeadlines}). */
    Iterable<Waiter> waiters() {
        return waiters;
    }

    /**
     * Puts an entry its caller owns (IN_USE) back: hands it to the head waiter if that one is
     * overdue, or makes it idle and wakes the head waiter to take it (yielding meanwhile: see
     * {@link #RETURNER_YIELDS}).
     *
     * @param borrowedAt when the returning borrower took it, or {@link PoolEntry#NOT_BORROWED};
     *                   while borrowers wait, the hold sets the fairness window and how waiters
     *                   wait, and after a hold longer than {@link #YIELD_AFTER_HOLD_NANOS} a
     *                   hand-off does not yield
     * @return false if the entry was no longer in use (the pool aborted it during close)
     */
    boolean requite(PoolEntry entry, long borrowedAt) {
        boolean contended = waiting != 0 && !lendingSuspended;
        if (contended) {
            long now = System.nanoTime();
            boolean shortHold = true;
            if (borrowedAt != PoolEntry.NOT_BORROWED) {
                long hold = now - borrowedAt;
                learnHold(hold);
                shortHold = hold < YIELD_AFTER_HOLD_NANOS;
            }
            if (headOverdue(now) && handToWaiter(entry, shortHold)) {
                return true;
            }
        }
        if (!makeIdle(entry)) {
            return false;
        }
        if (contended && !WaiterDeadlines.parksUntimed(Thread.currentThread())) {
            for (int i = 0; i < RETURNER_YIELDS && waiting != 0 && entry.isIdle(); i++) {
                Thread.yield();
            }
        }
        return true;
    }

    /** {@link #requite(PoolEntry, long)} for an entry nobody has held: new, or taken and not lent. */
    boolean requite(PoolEntry entry) {
        return requite(entry, PoolEntry.NOT_BORROWED);
    }

    private void learnHold(long holdNanos) {
        int sample = (64 - Long.numberOfLeadingZeros(Math.max(1, holdNanos))) << 4;
        int mean = holdLog2x16;
        int next = mean + ((sample - mean) >> 3);
        if (next != mean) { // written only when it moves: a steady mean leaves the cache line shared
            holdLog2x16 = next;
        }
    }

    /** The typical hold of a connection returned while borrowers wait, to within a factor of 2. */
    long typicalHoldNanos() {
        return 1L << (holdLog2x16 >> 4);
    }

    /** How long the oldest waiter may wait before returned connections go to waiters only. */
    long fairnessNanos() {
        return Math.max(MIN_FAIRNESS_NANOS, Math.min(MAX_FAIRNESS_NANOS, typicalHoldNanos() * FAIRNESS_WINDOW_HOLDS));
    }

    /**
     * Whether a waiter, on its {@code turn}-th time round without a connection, yields rather than
     * parks. Only while no more threads wait than the pool has connections: a waiter further back
     * would not be served within its few turns anyway, and its yields only fill the cores' run
     * queues. PostgreSQL {@code SELECT 1}, 64 threads over 8 connections ({@code CostPerOperation},
     * three rounds each, 2026-11-30): with every waiter yielding, 3.5 involuntary context switches
     * and 2.4-2.6 ms queued for a core per operation, 18.7-20.1 ops/ms; with the cap, 0.9-1.1 and
     * 0.6-0.95 ms, 24.3-26.4 ops/ms.
     */
    boolean yieldBeforeParking(Waiter w, int turn) {
        return turn < YIELDS_BEFORE_PARKING && !w.untimed && typicalHoldNanos() >= YIELD_AFTER_HOLD_NANOS
                && waiting <= entries.length;
    }

    /** Hands the entry to the head waiter, however long it has waited; or makes it idle. */
    boolean requiteFirstInLine(PoolEntry entry) {
        if (waiting != 0 && !lendingSuspended && handToWaiter(entry, true)) {
            return true;
        }
        return makeIdle(entry);
    }

    private boolean makeIdle(PoolEntry entry) {
        if (!entry.tryMakeIdle()) {
            return false;
        }
        // Wake the head so that it scans again. This also covers a waiter that queued after the
        // check above but scanned before it became idle (Dekker-style: both sides use volatiles).
        if (waiting != 0) {
            Waiter head = waiters.peek();
            if (head != null) {
                LockSupport.unpark(head.thread);
            }
        }
        return true;
    }


    private boolean handToWaiter(PoolEntry entry, boolean yield) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            WAITING.getAndAdd(this, -1);
            if (w.offer(entry)) {
                LockSupport.unpark(w.thread);
                if (yield) {
                    // Let the waiter run now, on this core, rather than when the scheduler gets to
                    // it: until it runs, the connection it was given sits unused.
                    Thread.yield();
                }
                return true;
            }
            // that waiter gave up already; try the next
        }
        return false;
    }

    /** Hands idle entries to queued waiters, oldest first (after a resume, or a new entry). */
    void dispatchIdle() {
        if (lendingSuspended) {
            return;
        }
        for (PoolEntry e : entries) {
            if (waiting == 0) {
                return;
            }
            if (e.tryBorrow()) {
                requiteFirstInLine(e);
            }
        }
    }

    /** Wakes every waiter so that it re-checks the pool (closed, suspended, timed out). */
    void wakeAllWaiters() {
        for (Waiter w : waiters) {
            LockSupport.unpark(w.thread);
        }
    }

    void add(PoolEntry entry) {
        mutation.lock();
        try {
            PoolEntry[] old = entries;
            PoolEntry[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = entry;
            entries = grown;
        } finally {
            mutation.unlock();
        }
    }

    /** Drops a REMOVED entry from the array. */
    void remove(PoolEntry entry) {
        mutation.lock();
        try {
            PoolEntry[] old = entries;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == entry) {
                    PoolEntry[] shrunk = new PoolEntry[old.length - 1];
                    System.arraycopy(old, 0, shrunk, 0, i);
                    System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                    entries = shrunk;
                    return;
                }
            }
        } finally {
            mutation.unlock();
        }
    }

    PoolEntry[] entries() {
        return entries;
    }

    int size() {
        return entries.length;
    }

    int waiting() {
        return waiting;
    }

    /** How long the first waiter in line has waited at {@code now}; 0 when none waits. */
    long oldestWaitNanos(long now) {
        Waiter head = waiters.peek();
        return head == null ? 0 : Math.max(0, now - head.since);
    }

    void suspendLending(boolean suspended) {
        this.lendingSuspended = suspended;
    }

    boolean isLendingSuspended() {
        return lendingSuspended;
    }
}
