package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 4: sessions killed by the server (pg_terminate_backend, KILL). */
@Timeout(30)
class KilledSessionsTest {

    private FaultProxy proxy;
    private EddyDataSource pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            closeAndAssertNoThreads(pool);
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /**
     * Kills every session of an idle pool, then lets 4 borrowers query at once.
     *
     * @param idleBeforeKill how long the connections sit idle before the kill (the pool skips
     *                       its pre-ping for connections used less than 500 ms ago)
     * @param deadAllowed    borrowers allowed to get a dead connection: inside the pre-ping
     *                       bypass window the first borrower finds the kill, after which the pool
     *                       tests every idle connection before lending it
     */
    private void killThenBorrow(Server server, Duration idleBeforeKill, int deadAllowed) throws Exception {
        proxy = server.newProxy();
        String name = poolName("s4");
        pool = new EddyDataSource(config(server, proxy, name).minSize(4).maxSize(4).build());
        List<Connection> warm = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            warm.add(pool.getConnection());
        }
        for (Connection c : warm) {
            selectOne(c);
            c.close();
        }
        Thread.sleep(idleBeforeKill.toMillis());
        int killed = killSessions(server, name);
        assertThat(killed).isEqualTo(4);
        assertThat(await(Duration.ofSeconds(3), () -> sessions(server, name) == 0)).isTrue();
        List<String> dead = new ArrayList<>();
        List<Connection> borrowed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Connection c = pool.getConnection();
            borrowed.add(c);
            try {
                selectOne(c);
            } catch (SQLException e) {
                dead.add(e.getSQLState() + " " + e.getMessage());
            }
        }
        for (Connection c : borrowed) {
            c.close();
        }
        boolean refilled = await(Duration.ofSeconds(3), () -> sessions(server, name) == 4 && pool.stats().total() == 4);
        report("4 sessions killed (" + server.displayName() + ", idle " + idleBeforeKill.toMillis() + " ms before the kill)",
                dead.size() + " of 4 next borrowers got a dead connection" + (dead.isEmpty() ? "" : ": " + dead.get(0)),
                "refilled to min-size 4: " + refilled + " (" + sessions(server, name) + " server sessions)");
        assertThat(dead).as("dead connections lent after the kill").hasSizeLessThanOrEqualTo(deadAllowed);
        assertThat(refilled).as("refilled to min-size").isTrue();
    }

    @Test
    @RequiresPostgres
    void postgresIdleSessionsKilled() throws Exception {
        killThenBorrow(Server.POSTGRES, Duration.ofMillis(700), 0);
    }

    @Test
    @RequiresPostgres
    void postgresSessionsKilledRightAfterUse() throws Exception {
        killThenBorrow(Server.POSTGRES, Duration.ZERO, 1);
    }

    @Test
    @RequiresMariaDb
    void mariaDbIdleSessionsKilled() throws Exception {
        killThenBorrow(Server.MARIADB, Duration.ofMillis(700), 0);
    }

    @Test
    @RequiresMariaDb
    void mariaDbSessionsKilledRightAfterUse() throws Exception {
        killThenBorrow(Server.MARIADB, Duration.ZERO, 1);
    }
}
