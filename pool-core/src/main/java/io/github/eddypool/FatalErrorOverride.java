package io.github.eddypool;

import java.sql.SQLException;

/**
 * Overrides Eddy's judgement of whether an {@link SQLException} means the session behind a
 * connection is lost. A connection whose session is lost is closed when its borrower returns it,
 * and the pool's idle connections are tested before they are lent again.
 *
 * <p>Eddy's own rules cover the standard cases: SQLState class 08, {@link java.sql.SQLRecoverableException},
 * {@link java.sql.SQLNonTransientConnectionException}, PostgreSQL's 57P01-57P03 and the vendor codes of
 * MySQL, MariaDB, Oracle, DB2 and Redshift for a lost connection. An override is for a driver or
 * database that says otherwise: one that reports an ordinary error with a class-08 SQLState (return
 * {@link Verdict#NOT_FATAL}), or one whose way of saying "this session is gone" Eddy does not know
 * (return {@link Verdict#FATAL}). It is Eddy's counterpart of HikariCP's
 * {@code exceptionOverrideClassName}.
 *
 * <p>It is called for every SQLException a connection, statement or result set of the pool
 * throws, on the borrower's thread (and for the pool's own read of the server's connection limit,
 * on a pool thread), so it must be fast and thread-safe. It sees the exception as the
 * driver threw it (look at {@link SQLException#getNextException()} and causes yourself if your
 * driver chains them). If it throws, the borrower still gets the original SQLException, with the
 * override's exception added as suppressed, and Eddy's own rules decide.
 *
 * <p>Set it with {@link EddyConfig.Builder#fatalErrorOverride(FatalErrorOverride)}, or by class
 * name ({@code fatal-error-override-class-name}; the class needs a public no-argument
 * constructor).
 */
@FunctionalInterface
public interface FatalErrorOverride {

    /** What becomes of the connection that threw the exception. */
    enum Verdict {
        /** The session is lost: close the connection when it is returned, and test the idle ones. */
        FATAL,
        /** The session is fine whatever Eddy's rules say: keep the connection. */
        NOT_FATAL,
        /** Let Eddy's own rules decide. */
        DEFAULT
    }

    /**
     * Judges an exception a connection of the pool threw.
     *
     * @param e the exception as the driver threw it, never null
     * @return the verdict; null is taken as {@link Verdict#DEFAULT}
     */
    Verdict judge(SQLException e);
}
