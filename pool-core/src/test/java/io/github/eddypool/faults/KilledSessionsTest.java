package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eddypool.CloseReason;
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
        String before = sessionList(server, name);
        List<Long> killed = killSessionIds(server, name);
        assertThat(killed).hasSize(4);
        // Wait for the killed sessions to end, not for the pool to have none: the pool may find a
        // killed connection meanwhile (its one-off server-limit check runs 100 ms after start, on
        // an idle connection) and rightly replace it at once.
        boolean ended = await(Duration.ofSeconds(3), () -> !anyAlive(server, killed));
        assertThat(ended).as("killed sessions %s still there 3 s after the kill; before it:%s%nnow:%s%npool: %s",
                killed, before, sessionList(server, name), pool.stats()).isTrue();
        List<String> dead = borrowAllAndQuery(4);
        boolean refilled = await(Duration.ofSeconds(3), () -> sessions(server, name) == 4 && pool.stats().total() == 4);
        report("4 sessions killed (" + server.displayName() + ", idle " + idleBeforeKill.toMillis() + " ms before the kill)",
                dead.size() + " of 4 next borrowers got a dead connection" + (dead.isEmpty() ? "" : ": " + dead.get(0)),
                "refilled to min-size 4: " + refilled + " (" + sessions(server, name) + " server sessions)");
        assertThat(dead).as("dead connections lent after the kill").hasSizeLessThanOrEqualTo(deadAllowed);
        assertThat(refilled).as("refilled to min-size").isTrue();
    }

    /**
     * Borrows {@code n} connections at once, runs {@code SELECT 1} on each, returns them; the
     * errors of those that were dead (SQLState and message).
     */
    private List<String> borrowAllAndQuery(int n) throws SQLException {
        List<String> dead = new ArrayList<>();
        List<Connection> borrowed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
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
        return dead;
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

    /**
     * The pool's one-off server-limit check runs on the first idle connection it finds. When that
     * connection's session was killed, the others were likely killed with it: they are tested
     * before they are lent, as after a borrower's fatal error, although used moments before (no
     * pre-ping otherwise for 500 ms).
     */
    @Test
    @RequiresPostgres
    void aKilledSessionFoundByTheServerLimitCheckHasTheOthersTested() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        String name = poolName("s4fleet");
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(0).maxSize(2)
                .keepaliveTime(Duration.ZERO).build());
        // With min-size 0 no connection is idle, so the check cannot run, until these come back.
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        selectOne(a);
        selectOne(b);
        List<Long> killed = killSessionIds(Server.POSTGRES, name);
        assertThat(killed).hasSize(2);
        assertThat(await(Duration.ofSeconds(3), () -> !anyAlive(Server.POSTGRES, killed)))
                .as("killed sessions ended").isTrue();
        a.close();
        b.close();
        boolean found = await(Duration.ofSeconds(5),
                () -> pool.stats().closedByReason().get(CloseReason.VALIDATION_FAILED) >= 1);
        assertThat(found).as("the server-limit check found a killed session; pool: %s", pool.stats()).isTrue();

        List<String> dead = borrowAllAndQuery(2);
        assertThat(dead).as("dead connections lent after the check found a killed one; pool: %s", pool.stats()).isEmpty();
    }

    /**
     * Issue #9 defect 8: when the server kills a session, the "lost its session" WARN was written
     * once per failing call (4-5 times for one connection). Once per connection is enough.
     */
    @Test
    @RequiresPostgres
    void aKilledSessionIsReportedOncePerConnection() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        String name = poolName("s4once");
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(1).maxSize(1).build());
        try (io.github.eddypool.testing.LogCapture logs = io.github.eddypool.testing.LogCapture.install();
             Connection c = pool.getConnection()) {
            selectOne(c);
            assertThat(killSessions(Server.POSTGRES, name)).isEqualTo(1);
            int failures = 0;
            for (int i = 0; i < 5; i++) {
                try {
                    selectOne(c);
                } catch (SQLException expected) {
                    failures++;
                }
            }
            assertThat(failures).isEqualTo(5);
            c.close();
            long warnings = logs.atLeast(ch.qos.logback.classic.Level.WARN).stream()
                    .filter(e -> e.message().contains("lost its session")).count();
            assertThat(warnings).as("WARNs about the lost session:\n%s", logs.text()).isEqualTo(1);
        }
    }

    /**
     * Issue #9 defect 7: after close() aborted a borrowed connection, using it logged "lost its
     * session ... idle connections tested before reuse" on a pool that no longer exists.
     */
    @Test
    @RequiresPostgres
    void usingAConnectionAbortedByCloseDoesNotWarnAboutTesting() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        String name = poolName("s4closed");
        EddyDataSource closing = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(1).maxSize(1)
                .shutdownGracePeriod(Duration.ZERO).build());
        try (io.github.eddypool.testing.LogCapture logs = io.github.eddypool.testing.LogCapture.install()) {
            Connection c = closing.getConnection();
            selectOne(c);
            closeAndAssertNoThreads(closing);   // grace period 0: the borrowed connection is aborted
            try {
                selectOne(c);
            } catch (SQLException expected) {
                // aborted
            }
            c.close();
            assertThat(logs.atLeast(ch.qos.logback.classic.Level.WARN).stream()
                    .filter(e -> e.message().contains("tested before reuse")).toList())
                    .as("misleading WARNs after close()").isEmpty();
        }
    }
}
