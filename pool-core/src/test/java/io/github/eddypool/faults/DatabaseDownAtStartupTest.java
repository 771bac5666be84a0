package io.github.eddypool.faults;

import static io.github.eddypool.faults.FaultSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.EddyStartupException;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.FaultProxy.Mode;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scenario 1: database down at start-up, fail-fast and lazy. */
@Timeout(30)
class DatabaseDownAtStartupTest {

    private FaultProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void failFast(Server server, Mode down) throws Exception {
        proxy = server.newProxy();
        proxy.mode(down);
        String name = poolName("s1-fast");
        EddyConfig config = config(server, proxy, name).initializationFailTimeout(Duration.ofSeconds(1)).build();
        // Refused: attempts are retried for initialization-fail-timeout. Black-holed: the attempt in
        // progress is allowed its connection-timeout (2 s here). Both count from the constructor call.
        Duration bound = down == Mode.BLACKHOLE ? config.connectionTimeout() : config.initializationFailTimeout();
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            new EddyDataSource(config).close();
        } catch (Throwable t) {
            thrown = t;
        }
        long took = System.nanoTime() - start;
        report("1 down at start-up, fail-fast (" + server.displayName() + ", " + down + ")",
                "EddyStartupException: " + (thrown == null ? "none" : thrown.getMessage()),
                "failed after " + ms(took) + " ms (initialization-fail-timeout 1000 ms, connection-timeout 2000 ms)");
        assertThat(thrown).isInstanceOf(EddyStartupException.class)
                .hasMessageContaining("127.0.0.1:" + proxy.port())
                .hasMessageContaining(name);
        // The pool's clock starts as its constructor runs (before it loads the driver); the JVM
        // loading the pool's own classes in a cold test JVM comes before that.
        java.util.regex.Matcher within = java.util.regex.Pattern.compile("within (\\d+) ms").matcher(thrown.getMessage());
        assertThat(within.find()).isTrue();
        assertThat(Duration.ofMillis(Long.parseLong(within.group(1)))).as("start-up failure time, as the pool counts it")
                .isLessThanOrEqualTo(bound.plus(bound.dividedBy(10)));
        assertThat(Duration.ofNanos(took)).as("start-up failure time, from the constructor call")
                .isLessThanOrEqualTo(bound.plus(Duration.ofSeconds(1)));
        assertThat(await(Duration.ofSeconds(3), () -> poolThreads(name).isEmpty()))
                .as("pool threads left after failed start: %s", poolThreads(name)).isTrue();
    }

    @Test
    @RequiresPostgres
    void failFastWhenRefusedPostgres() throws Exception {
        failFast(Server.POSTGRES, Mode.REFUSE);
    }

    @Test
    @RequiresMariaDb
    void failFastWhenRefusedMariaDb() throws Exception {
        failFast(Server.MARIADB, Mode.REFUSE);
    }

    @Test
    @RequiresPostgres
    void failFastWhenBlackholedPostgres() throws Exception {
        failFast(Server.POSTGRES, Mode.BLACKHOLE);
    }

    /**
     * Issue #9 defect 2: a healthy database whose first handshake takes 1.5 s (TLS to another
     * region, a serverless database waking up) starts with the defaults: initialization-fail-timeout
     * (1 s) bounds the retrying, not an attempt in progress, which has its connection-timeout.
     */
    @Test
    @RequiresPostgres
    void aSlowFirstHandshakeStartsWithTheDefaults() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        proxy.handshakeDelay(Duration.ofMillis(1500));
        String name = poolName("s1-slow");
        EddyConfig.Builder builder = config(Server.POSTGRES, proxy, name).minSize(1).maxSize(2);
        EddyConfig defaults = EddyConfig.builder().jdbcUrl("jdbc:postgresql://x/y").build();
        builder.initializationFailTimeout(defaults.initializationFailTimeout()).connectionTimeout(defaults.connectionTimeout())
                .validationTimeout(defaults.validationTimeout());
        long start = System.nanoTime();
        EddyDataSource pool = new EddyDataSource(builder.build());
        long took = System.nanoTime() - start;
        try (Connection c = pool.getConnection()) {
            assertThat(selectOne(c)).isEqualTo(1);
        } finally {
            closeAndAssertNoThreads(pool);
        }
        report("1 slow first handshake (1.5 s), default timeouts", "started", "first connection after " + ms(took) + " ms");
        assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    @RequiresPostgres
    void lazyStartServesWithinOneSecondOfTheDatabaseReturning() throws Exception {
        proxy = Server.POSTGRES.newProxy();
        proxy.mode(Mode.REFUSE);
        String name = poolName("s1-lazy");
        EddyDataSource pool = new EddyDataSource(config(Server.POSTGRES, proxy, name)
                .initializationFailTimeout(Duration.ofMillis(-1))
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250))
                .build());
        try {
            long start = System.nanoTime();
            assertThatThrownBy(pool::getConnection)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining(name)
                    .hasMessageContaining("127.0.0.1:" + proxy.port());
            long failedAfter = System.nanoTime() - start;
            assertThat(Duration.ofNanos(failedAfter)).isLessThanOrEqualTo(Duration.ofMillis(550));
            Thread.sleep(1500);   // let the back-off grow
            proxy.mode(Mode.PASS);
            long back = System.nanoTime();
            long servedAfter = -1;
            while (System.nanoTime() - back < Duration.ofSeconds(5).toNanos()) {
                try (Connection c = pool.getConnection()) {
                    assertThat(selectOne(c)).isEqualTo(1);
                    servedAfter = System.nanoTime() - back;
                    break;
                } catch (SQLTransientConnectionException e) {
                    // still coming back
                }
            }
            if (servedAfter < 0) {
                fail("lazy pool did not serve within 5 s of the database coming back");
            }
            report("1 down at start-up, lazy (PostgreSQL)",
                    "started without a database; getConnection failed with pool name and host:port; served again",
                    "error after " + ms(failedAfter) + " ms; first connection " + ms(servedAfter) + " ms after the database returned");
            assertThat(Duration.ofNanos(servedAfter)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            closeAndAssertNoThreads(pool);
        }
    }
}
