package io.github.eddypool.benchmark.pools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The {@code fifo} control of the contention benchmark: not a pool anyone should use, but the
 * fairest one possible, a fair {@link Semaphore} in front of a queue of open connections, with no
 * validation, no bookkeeping and no barging. Whatever tail its acquire times have under contention
 * comes from the JVM and the OS scheduler, not from a pool's design: it shows what bound on the
 * longest wait any pool can promise on the same machine.
 */
public final class FairSemaphoreDataSource extends BaselineDataSource {

    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Connection> free = new ConcurrentLinkedQueue<>();

    public FairSemaphoreDataSource(PoolSpec spec) throws SQLException {
        NoPoolDataSource opener = new NoPoolDataSource(spec);
        for (int i = 0; i < spec.size(); i++) {
            free.add(opener.getConnection());
        }
        permits = new Semaphore(spec.size(), true);
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
        Connection physical = free.poll();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        free.add(physical);
                        permits.release();
                        return null;
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Closes the physical connections. */
    public void closeAll() {
        Connection c;
        while ((c = free.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a control's connections at the end of a trial
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the fifo control has one user");
    }
}
