package io.github.eddypool.benchmark.pools;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/** A started pool (or baseline) under benchmark. */
public interface PoolHandle extends AutoCloseable {

    /** The name used in the benchmark's {@code pool} parameter (e.g. {@code hikari}). */
    String name();

    /** Where benchmarks get their connections. */
    DataSource dataSource();

    /**
     * Physical connections open now, as the pool itself reports them, or -1 where the pool cannot tell
     * (a baseline, or Agroal without metrics).
     */
    int openConnections() throws SQLException;

    /** Closes the pool and every connection it opened. */
    @Override
    void close();

    /**
     * Waits until the pool reports at least {@code count} open connections; polls every 50 µs so that
     * the wait adds little to a start-up time.
     *
     * @throws TimeoutException when the pool does not get there within the timeout
     */
    default void awaitOpen(int count, long timeout, TimeUnit unit) throws SQLException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (openConnections() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(name() + " reports " + openConnections() + " open connections, not "
                        + count + ", after " + timeout + " " + unit);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    /**
     * Borrows {@code count} connections at once and gives them back, so that a pool that fills itself
     * lazily or in the background holds {@code count} physical connections before measurement starts.
     */
    default void prime(int count) throws SQLException {
        List<Connection> held = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                held.add(dataSource().getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }
}
