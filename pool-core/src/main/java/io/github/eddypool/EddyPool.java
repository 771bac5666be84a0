package io.github.eddypool;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * What an Eddy pool offers beyond {@link javax.sql.DataSource}: its counts, diagnostics and
 * run-time operations. {@link EddyDataSource} implements it; it is an interface so that the pool
 * can be reached through JDBC wrappers (tracing and metrics proxies), whose
 * {@link java.sql.Wrapper#unwrap(Class)} only promises to unwrap to interfaces:
 *
 * <pre>{@code
 * EddyPool pool = dataSource.unwrap(EddyPool.class);
 * }</pre>
 */
public interface EddyPool {

    /** The pool's name. */
    String getPoolName();

    /** The configuration the pool was started with (sizes may since have been changed by {@link #resize}). */
    EddyConfig config();

    /** A consistent snapshot of the pool's counts. */
    PoolStats stats();

    /**
     * Why opening new connections fails right now (the latest attempt's error, password masked),
     * or null when the latest attempt succeeded.
     */
    SQLException connectionFailure();

    /** The connections lent out right now, longest-held first. */
    List<BorrowedConnection> borrowedConnections();

    /**
     * The {@code limit} longest holders with the frame each thread is in right now (in a statement,
     * or its first frame outside the JDK). Reads each holder's stack (a safepoint each), so it is
     * for an operator looking (the dashboard, a timeout report), never for a request path.
     */
    List<AcquireTimeoutException.Holder> sampleHolders(int limit);

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    void softEvictAll();

    /**
     * Physical connections the pool has let go of (retired, evicted) whose {@code close()} is
     * still under way on the pool's closer thread. A drained pool (e.g. before a CRaC checkpoint)
     * has no socket left open once {@link PoolStats#total()} and this are both 0.
     */
    int closingConnections();

    /**
     * Stops lending: borrowers wait (up to {@code connection-timeout}) until {@link #resume()}. No
     * connection is opened while suspended (not even to keep {@code min-size}), so that
     * {@code suspend()} then {@link #softEvictAll()} drains the pool, e.g. before a CRaC checkpoint.
     */
    void suspend();

    /**
     * Resumes lending after {@link #suspend()}; waiting borrowers are served in arrival order, and
     * the pool refills to {@code min-size} in the background.
     */
    void resume();

    boolean isSuspended();

    /**
     * Changes the pool's size at run time. Connections above a lowered maximum are closed when
     * idle; a raised minimum is filled in the background.
     *
     * @throws EddyConfigException for sizes {@link EddyConfig} would reject
     */
    void resize(int minSize, int maxSize);

    /** Adds a listener for the pool's events (e.g. a metrics binding). */
    void addListener(PoolListener listener);

    void removeListener(PoolListener listener);

    boolean isClosed();

    /** How long the pool has been running. */
    Duration uptime();

    /** The latest {@code getConnection()} timeout, with its explanation, or null when there was none. */
    AcquireTimeoutException lastAcquireTimeout();

    /**
     * How well {@code max-size} fits the load of the last minute: borrow rate, hold and wait
     * times, the Little's-law demand, and a recommended size with its reasoning in words.
     */
    SizingAdvice sizing();

    /**
     * Tests one idle connection now, within {@code validation-timeout}, without borrowing: the
     * caller does not wait in line and the test counts as no borrow. A connection that fails is
     * retired. For health checks, which must tell a pool that is only busy from one that is broken.
     */
    IdleConnectionCheck checkIdleConnection();
}
