package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.Pools;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One benchmark thread's way to a connection. For a pool (and {@code nopool}) it borrows from the data
 * source and closes the connection to give it back; for {@code direct} it keeps one raw connection of
 * its own for the whole trial and never closes it between operations.
 */
public abstract class Borrower {

    private DataSource dataSource;
    private Connection own;

    protected void open(PoolHandle handle) throws SQLException {
        dataSource = handle.dataSource();
        if (Pools.DIRECT.equals(handle.name())) {
            own = dataSource.getConnection();
        }
    }

    protected void closeOwn() throws SQLException {
        if (own != null) {
            own.close();
            own = null;
        }
    }

    /** A connection: borrowed from the pool, or this thread's own. */
    public final Connection borrow() throws SQLException {
        Connection c = own;
        return c != null ? c : dataSource.getConnection();
    }

    /** Gives a connection from {@link #borrow()} back: closes it, unless it is this thread's own. */
    public final void release(Connection c) throws SQLException {
        if (own == null) {
            c.close();
        }
    }
}
