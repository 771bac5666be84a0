package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.NoPoolDataSource;
import io.github.eddypool.benchmark.pools.PoolSpec;

import java.sql.Connection;

/**
 * Exits 0 when the database of the benchmarks accepts a connection, 1 otherwise: PostgreSQL
 * ({@code EDDY_PG_URL}) by default, MariaDB ({@code EDDY_MARIADB_URL}) with the argument {@code mariadb}.
 */
public final class PostgresCheck {

    private PostgresCheck() {
    }

    public static void main(String[] args) {
        PoolSpec spec = args.length > 0 && args[0].equals("mariadb") ? PoolSpec.mariadb(1) : PoolSpec.postgres(1);
        try (Connection c = new NoPoolDataSource(spec).getConnection()) {
            System.out.println("Database reachable at " + spec.jdbcUrl() + ": " + c.getMetaData().getDatabaseProductVersion());
            System.exit(0);
        } catch (Exception e) {
            System.out.println("Database not reachable at " + spec.jdbcUrl() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
