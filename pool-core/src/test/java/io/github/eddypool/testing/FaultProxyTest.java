package io.github.eddypool.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy.Mode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresPostgres
@Timeout(30)
class FaultProxyTest {

    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        proxy = Server.POSTGRES.newProxy();
    }

    @AfterEach
    void stop() {
        proxy.close();
        assertThat(proxy.liveThreads()).isZero();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith(proxyThreadPrefix()) && t.isAlive());
    }

    private String proxyThreadPrefix() {
        return proxy.toString().substring(0, proxy.toString().indexOf('['));
    }

    private Connection connect(int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", Server.POSTGRES.user());
        p.setProperty("password", Server.POSTGRES.password());
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        return DriverManager.getConnection(Server.POSTGRES.urlVia(proxy), p);
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void passesTrafficOnLoopback() throws Exception {
        assertThat(proxy.host()).isEqualTo("127.0.0.1");
        try (Connection c = connect(5)) {
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
        assertThat(proxy.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void refusesNonLoopbackUpstreams() {
        assertThatThrownBy(() -> new FaultProxy("192.0.2.1", 5432)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencyDelaysEachDirection() throws Exception {
        try (Connection c = connect(5)) {
            proxy.latency(Duration.ofMillis(100));
            long start = System.nanoTime();
            selectOne(c);
            // one chunk up, at least one chunk down
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void handshakeDelaySlowsConnectingOnly() throws Exception {
        proxy.handshakeDelay(Duration.ofMillis(500));
        long start = System.nanoTime();
        try (Connection c = connect(5)) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void cutResetsEveryOpenConnection() throws Exception {
        Connection a = connect(5);
        Connection b = connect(5);
        assertThat(proxy.cutAll()).isEqualTo(2);
        assertThat(proxy.openConnections()).isZero();
        assertThatThrownBy(() -> selectOne(a)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
        assertThatThrownBy(() -> selectOne(b)).isInstanceOf(SQLException.class);
        try (Connection c = connect(5)) {   // the mode stays PASS
            assertThat(selectOne(c)).isEqualTo(1);
        }
        a.close();
        b.close();
    }

    @Test
    void refuseClosesThePortAndPassOpensItAgain() throws Exception {
        proxy.mode(Mode.REFUSE);
        assertThatThrownBy(() -> connect(5)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        proxy.mode(Mode.PASS);
        try (Connection c = connect(5)) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void resetAcceptsAndDropsNewConnections() throws Exception {
        proxy.mode(Mode.RESET);
        assertThatThrownBy(() -> connect(5)).isInstanceOf(SQLException.class);
        assertThat(proxy.acceptedConnections()).isEqualTo(1);
        assertThat(proxy.openConnections()).isZero();
    }

    @Test
    void blackholeForwardsNothingUntilLifted() throws Exception {
        try (Connection c = connect(1)) {
            proxy.mode(Mode.BLACKHOLE);
            long start = System.nanoTime();
            assertThatThrownBy(() -> selectOne(c)).isInstanceOf(SQLException.class);   // socketTimeout=1s
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        }
        // a new connect is accepted but its handshake gets no answer
        CompletableFuture<Connection> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return connect(10);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(pending).isNotDone();
        proxy.mode(Mode.PASS);   // held bytes flow: the handshake completes
        try (Connection c = pending.get(5, TimeUnit.SECONDS)) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void countsAcceptsPerSecond() throws Exception {
        long since = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            connect(5).close();
        }
        assertThat(proxy.acceptedWithin(Duration.ofSeconds(30))).isEqualTo(3);
        assertThat(proxy.maxAcceptsInAnySecondSince(since)).isBetween(1, 3);
        assertThat(proxy.acceptsPerSecondSince(since).stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
    }

    @Test
    void closeEndsEveryThreadEvenWithOpenAndBlackholedConnections() throws Exception {
        Connection c = connect(5);
        proxy.mode(Mode.BLACKHOLE);
        assertThat(proxy.liveThreads()).isGreaterThanOrEqualTo(3);   // acceptor + 2 pumps
        proxy.close();
        assertThat(proxy.liveThreads()).isZero();
        c.close();
    }
}
