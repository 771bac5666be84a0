package io.github.eddypool.internal.proxy;

import io.github.eddypool.internal.pool.PoolEntry;

import java.sql.SQLException;

/**
 * What a connection handle needs from the pool that lent it: where to give the entry back, whom
 * to tell about a lost session or a read-only server, and the reset SQL. The pool extends it; the handles see this
 * much of the pool and no more. An abstract class rather than an interface: with its one
 * subclass the JIT binds these calls by class hierarchy analysis, as it did the direct calls to
 * the final {@code Pool} before, so the return path pays no dispatch for the narrower view.
 */
public abstract class Lender {

    /** Takes back the entry of a handle that was just closed (its state already restored). */
    public abstract void takeBack(PoolEntry entry);

    /** Whether e means the session behind a connection is lost (the application's override, then Eddy's rules). */
    public abstract boolean isFatal(SQLException e);

    /** A fatal error was seen on the entry's connection, which is marked broken. */
    public abstract void fatalErrorSeen(PoolEntry entry, SQLException e);

    /** A write was refused as read-only on the entry's connection (the server may have failed over). */
    public abstract void readOnlyErrorSeen(PoolEntry entry, SQLException e);

    /** SQL to run on a returned connection that ran statements, or null. */
    public abstract String resetSql();

    /** The pool's name, for {@code toString()}. */
    public abstract String name();
}
