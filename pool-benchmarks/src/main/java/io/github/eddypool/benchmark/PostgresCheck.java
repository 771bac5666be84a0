package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.NoPoolDataSource;
import io.github.eddypool.benchmark.pools.PoolSpec;

import java.sql.Connection;

/** Exits 0 when the PostgreSQL of the benchmarks ({@code EDDY_PG_URL}) accepts a connection, 1 otherwise. */
public final class PostgresCheck {

    private PostgresCheck() {
    }

    public static void main(String[] args) {
        try (Connection c = new NoPoolDataSource(PoolSpec.postgres(1)).getConnection()) {
            System.out.println("PostgreSQL reachable at " + PoolSpec.postgresUrl() + ": "
                    + c.getMetaData().getDatabaseProductVersion());
            System.exit(0);
        } catch (Exception e) {
            System.out.println("PostgreSQL not reachable at " + PoolSpec.postgresUrl() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
