package io.github.eddypool.benchmark;

import io.github.eddypool.benchmark.pools.NoPoolDataSource;
import io.github.eddypool.benchmark.pools.PoolHandle;
import io.github.eddypool.benchmark.pools.PoolSpec;
import io.github.eddypool.benchmark.pools.Pools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link BackendAffinity} on the real PostgreSQL, through the pools whose connections it unwraps. */
class BackendAffinityTest {

    @BeforeAll
    static void postgresReachable() {
        try (Connection c = new NoPoolDataSource(PoolSpec.postgres(1)).getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            String why = "PostgreSQL not reachable at " + PoolSpec.postgresUrl() + " (" + e.getMessage()
                    + "); start it or point EDDY_PG_URL at one";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            System.err.println("SKIPPED BackendAffinityTest: " + why);
            Assumptions.abort(why);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"eddy", "hikari"})
    void countsABorrowOfTheSameBackendAsTheThreadsLast(String pool) throws Exception {
        try (PoolHandle handle = Pools.create(pool, PoolSpec.postgres(2))) {
            BackendAffinity affinity = new BackendAffinity();
            BackendAffinity.Tracker tracker = affinity.tracker();
            int borrows = 2 * BackendAffinity.SAMPLE_EVERY;
            try (Connection held = handle.dataSource().getConnection()) {
                for (int i = 0; i < borrows; i++) {
                    tracker.record(held);
                }
            }
            assertNull(affinity.failure());
            // the first borrow has no previous one to match
            assertEquals((double) (borrows - 1) / borrows, affinity.sameBackendShare(), 1e-9);
            double sameCore = affinity.sameCoreShare();
            assertTrue(sameCore >= 0 && sameCore <= 1, "two cores sampled, share " + sameCore);
            // only the first borrow changed backend, and it was not one of the sampled ones
            assertTrue(Double.isNaN(affinity.sameCoreShareOtherBackend()));
        }
    }

    @Test
    void countsNoneWhenTheThreadAlternatesBetweenTwoBackends() throws Exception {
        try (PoolHandle handle = Pools.create("eddy", PoolSpec.postgres(2));
             Connection a = handle.dataSource().getConnection();
             Connection b = handle.dataSource().getConnection()) {
            BackendAffinity affinity = new BackendAffinity();
            BackendAffinity.Tracker tracker = affinity.tracker();
            for (int i = 0; i < 2 * BackendAffinity.SAMPLE_EVERY; i++) {
                tracker.record(i % 2 == 0 ? a : b);
            }
            assertEquals(0.0, affinity.sameBackendShare());
            // every sampled borrow changed backend, so both shares count the same samples
            assertEquals(affinity.sameCoreShare(), affinity.sameCoreShareOtherBackend());
        }
    }

    @Test
    void saysWhyWhenAConnectionIsNotPostgres() {
        Connection notPostgres = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("unwrap")) {
                        throw new SQLException("not a wrapper for " + ((Class<?>) args[0]).getName());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        BackendAffinity affinity = new BackendAffinity();
        affinity.tracker().record(notPostgres);
        assertTrue(Double.isNaN(affinity.sameBackendShare()));
        assertTrue(Double.isNaN(affinity.sameCoreShare()));
        assertTrue(affinity.failure().contains("PGConnection"), affinity.failure());
    }
}
