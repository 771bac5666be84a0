package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.EddyDataSource;
import io.github.eddypool.PoolStats;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 6: exhaustion. */
@RequiresPostgres
@Timeout(30)
class ExhaustionTest {

    private FaultProxy proxy;
    private EddyDataSource pool;
    private String name;

    @BeforeEach
    void start() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        name = poolName("s6");
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            closeAndAssertNoThreads(pool);
        }
        proxy.close();
    }

    @Test
    void waitersTimeOutWithCountsAndNothingLeaks() throws Exception {
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(3).maxSize(3)
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)).build());
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.getConnection());
        }
        long start = System.nanoTime();
        Throwable timeout = null;
        try {
            pool.getConnection().close();
        } catch (Throwable t) {
            timeout = t;
        }
        long waited = System.nanoTime() - start;
        assertThat(timeout).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("active=3")
                .hasMessageContaining("max=3");
        assertThat(Duration.ofNanos(waited)).isBetween(Duration.ofMillis(490), Duration.ofMillis(550));
        for (Connection c : held) {
            c.close();
        }
        PoolStats s = pool.stats();
        assertThat(s.active()).isZero();
        assertThat(s.pending()).isZero();
        assertThat(s.idle()).isEqualTo(3);
        assertThat(s.acquireTimeouts()).isEqualTo(1);
        assertThat(pool.borrowedConnections()).isEmpty();
        assertThat(sessions(Server.POSTGRES, name)).isEqualTo(3);
        try (Connection c = pool.getConnection()) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
        report("6 exhaustion: waiter times out", timeout.getMessage(), "timed out after " + ms(waited) + " ms (connection-timeout 500 ms)");
    }

    @Test
    void maxWaitingShedsAtOnce() throws Exception {
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(2).maxSize(2).maxWaiting(1)
                .connectionTimeout(Duration.ofSeconds(2)).build());
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        Thread waiter = new Thread(() -> {
            try {
                pool.getConnection().close();
            } catch (Exception ignored) {
                // times out or gets one
            }
        });
        waiter.start();
        assertThat(await(Duration.ofSeconds(2), () -> pool.stats().pending() == 1)).isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("max-waiting=1")
                .hasMessageContaining("active=2");
        long shedIn = System.nanoTime() - start;
        assertThat(Duration.ofNanos(shedIn)).as("shed at once").isLessThan(Duration.ofMillis(100));
        a.close();
        waiter.join(3000);
        b.close();
        assertThat(pool.stats().active()).isZero();
        assertThat(pool.stats().pending()).isZero();
        report("6 exhaustion: max-waiting", "second waiter shed at once with max-waiting and counts in the message",
                "shed in " + (shedIn / 1000) + " µs");
    }

    @Test
    void maxWaitingZeroNeverWaits() throws Exception {
        pool = new EddyDataSource(config(Server.POSTGRES, proxy, name).minSize(1).maxSize(1).maxWaiting(0).build());
        try (Connection a = pool.getConnection()) {
            long start = System.nanoTime();
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("max-waiting=0");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        }
    }
}
