package io.github.eddypool.internal.pool;

import java.sql.SQLException;
import java.util.Set;

/**
 * Recognises a database that refuses a new connection because it, or the user's role, has as
 * many as it allows: back-pressure to respect, not a failure to retry at once.
 */
final class ServerLimits {

    /** PostgreSQL: too_many_connections (server, database or role CONNECTION LIMIT). */
    private static final String POSTGRES_TOO_MANY = "53300";

    /** MariaDB/MySQL: too many connections (1040), max_user_connections (1203), an account's MAX_USER_CONNECTIONS (1226). */
    private static final Set<Integer> MARIADB_CODES = Set.of(1040, 1203, 1226);

    private ServerLimits() {
    }

    /** True when e, or an exception it chains, is the server saying it is full. */
    static boolean refusedAsFull(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; depth++) {
            if (t instanceof SQLException s && (POSTGRES_TOO_MANY.equals(s.getSQLState())
                    || MARIADB_CODES.contains(s.getErrorCode()))) {
                return true;
            }
            Throwable cause = t.getCause();
            t = cause == t ? null : cause;
        }
        return false;
    }
}
