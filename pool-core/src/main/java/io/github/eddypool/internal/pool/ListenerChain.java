package io.github.eddypool.internal.pool;

import io.github.eddypool.BorrowedConnection;
import io.github.eddypool.CloseReason;
import io.github.eddypool.PoolListener;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's listeners, called in order; a listener that throws is logged and skipped, never
 * allowed to break a borrow. The hot path asks {@link #isEmpty()} first, so that a pool without
 * listeners does not even read the clock for them.
 */
public final class ListenerChain {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerChain.class);
    private static final PoolListener[] NONE = new PoolListener[0];

    private volatile PoolListener[] listeners = NONE;
    private final ReentrantLock mutation = new ReentrantLock();

    ListenerChain(List<PoolListener> initial) {
        initial.forEach(this::add);
    }

    public void add(PoolListener listener) {
        Objects.requireNonNull(listener, "listener");
        mutation.lock();
        try {
            PoolListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
            grown[listeners.length] = listener;
            listeners = grown;
        } finally {
            mutation.unlock();
        }
    }

    public void remove(PoolListener listener) {
        mutation.lock();
        try {
            listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(PoolListener[]::new);
        } finally {
            mutation.unlock();
        }
    }

    boolean isEmpty() {
        return listeners.length == 0;
    }

    void acquired(long nanos) {
        for (PoolListener l : listeners) {
            try {
                l.connectionAcquired(nanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void returned(long nanos) {
        for (PoolListener l : listeners) {
            try {
                l.connectionReturned(nanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void created(long nanos) {
        for (PoolListener l : listeners) {
            try {
                l.connectionCreated(nanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void creationFailed(SQLException cause) {
        for (PoolListener l : listeners) {
            try {
                l.connectionCreationFailed(cause);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void timedOut() {
        for (PoolListener l : listeners) {
            try {
                l.acquireTimedOut();
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void shed() {
        for (PoolListener l : listeners) {
            try {
                l.requestShed();
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void closed(CloseReason reason) {
        for (PoolListener l : listeners) {
            try {
                l.connectionClosed(reason);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void leakSuspected(BorrowedConnection borrowed) {
        for (PoolListener l : listeners) {
            try {
                l.leakSuspected(borrowed);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    private static void failed(PoolListener listener, RuntimeException e) {
        LOG.warn("Pool listener {} threw; the pool carries on", listener, e);
    }
}
