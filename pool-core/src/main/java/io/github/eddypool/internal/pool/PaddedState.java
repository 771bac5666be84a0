package io.github.eddypool.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The ownership state of a {@link PoolEntry}, alone on its cache line. Borrowers scanning for an
 * idle entry read the state of entries other threads hold; without the padding each read would
 * collide with the holder's writes to the entry's bookkeeping fields (false sharing), which
 * costs throughput once several cores borrow at once. HotSpot lays superclass fields out first,
 * so the 64 bytes of longs on either side keep the state apart from neighbouring objects and
 * from the subclass's fields. The state is a long, not an int, because HotSpot would move an
 * int into the gap after the object header, in front of the padding.
 */
abstract class PaddedState extends PaddingBeforeState {

    static final long IDLE = 0;
    static final long IN_USE = 1;
    static final long RESERVED = 2;
    static final long REMOVED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PaddedState.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long state;

    PaddedState(long initial) {
        this.state = initial;
    }

    final long state() {
        return state;
    }

    final boolean isIdle() {
        return state == IDLE;
    }

    final boolean compareAndSetState(long expected, long next) {
        return STATE.compareAndSet(this, expected, next);
    }

    final void setState(long next) {
        state = next;
    }

    /** The padding after the state; the entry's own fields follow it. */
    @SuppressWarnings("unused")
    abstract static class After extends PaddedState {
        long p10, p11, p12, p13, p14, p15, p16, p17;

        After(long initial) {
            super(initial);
        }
    }
}

/** The 64 bytes before {@link PaddedState}'s field; a second top-level class so that it can be a superclass. */
@SuppressWarnings("unused")
abstract class PaddingBeforeState {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}
