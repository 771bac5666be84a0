package io.github.eddypool.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which errors say the server does not take writes (the messages are the servers' own). */
class WritableCheckTest {

    @Test
    void recognisesTheReadOnlyErrorsOfPostgresAndMariaDb() {
        assertThat(WritableCheck.isReadOnlyError(new SQLException(
                "ERROR: cannot execute INSERT in a read-only transaction", "25006"))).isTrue();
        assertThat(WritableCheck.isReadOnlyError(new SQLException(
                "The MariaDB server is running with the --read-only option so it cannot execute this statement", "HY000", 1290))).isTrue();
        assertThat(WritableCheck.isReadOnlyError(new SQLException(
                "The MySQL server is running with the --super-read-only option so it cannot execute this statement", "HY000", 1290))).isTrue();
        assertThat(WritableCheck.isReadOnlyError(new SQLException("Running in read-only mode", "HY000", 1836))).isTrue();
        assertThat(WritableCheck.isReadOnlyError(new SQLException(
                "Cannot execute statement in a READ ONLY transaction", "25006", 1792))).isTrue();
        // chained, as a driver or a framework may wrap it
        assertThat(WritableCheck.isReadOnlyError(new SQLException("batch failed",
                new SQLException("cannot execute UPDATE in a read-only transaction", "25006")))).isTrue();
    }

    @Test
    void otherErrorsAreNot() {
        // 1290 for another server option is no failover
        assertThat(WritableCheck.isReadOnlyError(new SQLException(
                "The MariaDB server is running with the --secure-file-priv option so it cannot execute this statement", "HY000", 1290))).isFalse();
        assertThat(WritableCheck.isReadOnlyError(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(WritableCheck.isReadOnlyError(new SQLException("Table doesn't exist", "42S02", 1146))).isFalse();
    }
}
