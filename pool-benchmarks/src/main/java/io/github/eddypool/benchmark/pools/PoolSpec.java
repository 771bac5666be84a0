package io.github.eddypool.benchmark.pools;

import io.github.eddypool.benchmark.stub.StubDriver;

/**
 * What a benchmark asks of a pool: where to connect and how many connections to keep.
 * Every pool is built fixed-size ({@code min = max = size}) and filled to {@code size} when it starts.
 *
 * @param jdbcUrl         the JDBC URL
 * @param driverClassName the driver class, given to every pool that takes one (so none of them scans DriverManager)
 * @param username        the user, or null
 * @param password        the password, or null
 * @param size            min = max = initial size
 * @param countForStartup true for the start-up benchmark: turn on whatever a pool needs to report its
 *                        connection count (only Agroal needs it: its metrics)
 */
public record PoolSpec(String jdbcUrl, String driverClassName, String username, String password, int size,
                       boolean countForStartup) {

    /** The pools' common connection timeout (how long getConnection waits), in milliseconds. */
    public static final int CONNECTION_TIMEOUT_MS = 30_000;

    /** The window within which a recently used connection is not re-validated on borrow (HikariCP's default). */
    public static final int VALIDATION_BYPASS_MS = 500;

    /** A spec for the stub driver. */
    public static PoolSpec stub(int size) {
        StubDriver.register();
        return new PoolSpec(StubDriver.URL, StubDriver.class.getName(), "bench", "bench", size, false);
    }

    /**
     * A spec for the local PostgreSQL: URL from {@code EDDY_PG_URL}
     * (default {@code jdbc:postgresql://127.0.0.1:5432/test}), user from {@code EDDY_PG_USER} (default
     * {@code postgres}), password from {@code EDDY_PG_PASSWORD} (default none: trust authentication).
     */
    public static PoolSpec postgres(int size) {
        return new PoolSpec(postgresUrl(), "org.postgresql.Driver", env("EDDY_PG_USER", "postgres"),
                env("EDDY_PG_PASSWORD", null), size, false);
    }

    public static String postgresUrl() {
        return env("EDDY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    /**
     * A spec for the local MariaDB: URL from {@code EDDY_MARIADB_URL}
     * (default {@code jdbc:mariadb://127.0.0.1:3306/test}), user from {@code EDDY_MARIADB_USER} (default
     * {@code root}), password from {@code EDDY_MARIADB_PASSWORD} (default none).
     */
    public static PoolSpec mariadb(int size) {
        return new PoolSpec(env("EDDY_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"), "org.mariadb.jdbc.Driver",
                env("EDDY_MARIADB_USER", "root"), env("EDDY_MARIADB_PASSWORD", null), size, false);
    }

    public PoolSpec withCountForStartup() {
        return new PoolSpec(jdbcUrl, driverClassName, username, password, size, true);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
