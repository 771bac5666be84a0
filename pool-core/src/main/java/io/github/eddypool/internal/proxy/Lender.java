package io.github.eddypool.internal.proxy;

import io.github.eddypool.internal.pool.PoolEntry;

import java.sql.SQLException;

/**
 * What a connection handle needs from the pool that lent it: where to give the entry back, whom
 * to tell about a lost session, and the reset SQL. The pool implements it; the handles see this
 * much of the pool and no more. It has that one implementation, so the calls on the return path
 * stay monomorphic.
 */
public interface Lender {

    /** Takes back the entry of a handle that was just closed (its state already restored). */
    void takeBack(PoolEntry entry);

    /** A fatal error was seen on the entry's connection, which is marked broken. */
    void fatalErrorSeen(PoolEntry entry, SQLException e);

    /** SQL to run on a returned connection that ran statements, or null. */
    String resetSql();

    /** The pool's name, for {@code toString()}. */
    String name();
}
