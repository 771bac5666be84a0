package io.github.eddypool.internal.pool;

import io.github.eddypool.FatalErrorOverride;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.util.Set;

/**
 * Decides whether an exception means the session behind a connection is gone, so that the
 * connection must be thrown away rather than reused: the application's {@link FatalErrorOverride}
 * first, if it gives a verdict, then Eddy's rules.
 */
final class FatalErrors {

    /** SQLStates (besides class 08, connection exceptions) that end the session. */
    private static final Set<String> FATAL_STATES = Set.of(
            "57P01", // PostgreSQL admin_shutdown (also pg_terminate_backend)
            "57P02", // PostgreSQL crash_shutdown
            "57P03", // PostgreSQL cannot_connect_now
            "01002", // disconnect error
            "JZ0C0", // Sybase jConnect: connection closed
            "JZ0C1"); // Sybase jConnect: connection closed

    /** Vendor error codes for a lost session. */
    private static final Set<Integer> FATAL_CODES = Set.of(
            1927, // MariaDB: connection was killed
            2006, // MySQL/MariaDB: server has gone away
            2013, // MySQL/MariaDB: lost connection during query
            1053, // MySQL/MariaDB: server shutdown in progress
            4031, // MySQL: disconnected by the server because of inactivity
            17002, // Oracle: IO exception
            17008, // Oracle: closed connection
            500150, // Redshift: connection lost
            2399); // DB2: connection reset

    private final FatalErrorOverride override;

    /** @param override the application's override, or null for Eddy's rules alone */
    FatalErrors(FatalErrorOverride override) {
        this.override = override;
    }

    /**
     * True when e says the connection is unusable. An override that throws leaves the decision
     * to Eddy's rules, and its exception is added to e as suppressed, so the borrower still gets e.
     */
    boolean isFatal(SQLException e) {
        if (override != null) {
            FatalErrorOverride.Verdict verdict;
            try {
                verdict = override.judge(e);
            } catch (RuntimeException | LinkageError failure) {
                e.addSuppressed(failure);
                verdict = FatalErrorOverride.Verdict.DEFAULT;
            }
            if (verdict == FatalErrorOverride.Verdict.FATAL) {
                return true;
            }
            if (verdict == FatalErrorOverride.Verdict.NOT_FATAL) {
                return false;
            }
        }
        return byRules(e);
    }

    /** True when e, or an exception it chains, says the connection is unusable by Eddy's rules. */
    static boolean byRules(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; depth++) {
            if (t instanceof SQLException) {
                SQLException s = (SQLException) t;
                if (isFatalOne(s)) {
                    return true;
                }
                SQLException next = s.getNextException();
                if (next != null && next != s && isFatalOne(next)) {
                    return true;
                }
            }
            Throwable cause = t.getCause();
            t = cause == t ? null : cause;
        }
        return false;
    }

    private static boolean isFatalOne(SQLException s) {
        if (s instanceof SQLNonTransientConnectionException || s instanceof SQLRecoverableException) {
            return true;
        }
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || FATAL_STATES.contains(state))) {
            return true;
        }
        return FATAL_CODES.contains(s.getErrorCode());
    }
}
