package io.github.eddypool.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.eddypool.EddyConfig;
import io.github.eddypool.EddyDataSource;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fleet check: the pool reads the server's connection limit once (read-only queries; no
 * server setting is changed), shows it in the sizing advice, and warns once at start-up when
 * max-size x fleet-size exceeds it, saying what to change.
 */
@Timeout(60)
class FleetCheckTest {

    @Test
    @RequiresPostgres
    void postgresLimitIsMaxConnectionsLessTheReservedOnes() throws Exception {
        int limit = query(Server.POSTGRES, "select current_setting('max_connections')::int"
                + " - current_setting('superuser_reserved_connections')::int");
        EddyConfig.Builder b = EddyConfig.builder().jdbcUrl(Server.POSTGRES.url()).username(Server.POSTGRES.user());
        if (!Server.POSTGRES.password().isEmpty()) {
            b.password(Server.POSTGRES.password());
        }
        check(b, limit, "fleetpg");
    }

    @Test
    @RequiresPostgres
    void skippedBehindATransactionPooler() throws Exception {
        String name = FaultSupport.poolName("fleetpooler");
        EddyConfig.Builder b = EddyConfig.builder().poolName(name).jdbcUrl(Server.POSTGRES.url())
                .username(Server.POSTGRES.user()).minSize(1).maxSize(4).fleetSize(1000).transactionPooler(true);
        if (!Server.POSTGRES.password().isEmpty()) {
            b.password(Server.POSTGRES.password());
        }
        try (LogCapture logs = LogCapture.install(); EddyDataSource pool = new EddyDataSource(b.build())) {
            assertThat(FaultSupport.await(Duration.ofSeconds(10), () -> pool.sizing().windowSeconds() > 0.5)).isTrue();
            assertThat(pool.sizing().serverMaxConnections()).isNull();
            assertThat(fleetWarnings(logs, name)).isEmpty();
        }
    }

    @Test
    @RequiresMariaDb
    void mariaDbLimitIsMaxConnections() throws Exception {
        int limit = query(Server.MARIADB, "select @@max_connections");
        FaultSupport.ensureMariaUser();
        check(EddyConfig.builder().jdbcUrl(Server.MARIADB.url()).username(FaultSupport.MARIA_USER)
                .password(FaultSupport.MARIA_PASSWORD), limit, "fleetmaria");
    }

    /** Too large a fleet warns once, naming the sizes and what to change; a fleet that fits does not. */
    private static void check(EddyConfig.Builder base, int limit, String prefix) throws Exception {
        int maxSize = 4;
        int tooMany = limit / maxSize + 1; // maxSize * tooMany > limit
        try (LogCapture logs = LogCapture.install()) {
            String name = FaultSupport.poolName(prefix);
            try (EddyDataSource pool = new EddyDataSource(base.poolName(name).minSize(1).maxSize(maxSize)
                    .fleetSize(tooMany).connectionTimeout(Duration.ofSeconds(2)).build())) {
                assertThat(FaultSupport.await(Duration.ofSeconds(10), () -> pool.sizing().serverMaxConnections() != null))
                        .as("the limit was read").isTrue();
                assertThat(pool.sizing().serverMaxConnections()).isEqualTo(limit);
                assertThat(pool.sizing().fleetSize()).isEqualTo(tooMany);
                List<LogCapture.Entry> warnings = fleetWarnings(logs, name);
                assertThat(warnings).hasSize(1);
                assertThat(warnings.get(0).message()).contains("max-size " + maxSize + " x fleet-size " + tooMany + " = "
                        + (maxSize * tooMany) + " connections exceed the " + limit, "Lower max-size to " + (limit / tooMany));
                // Read once: later samples do not read or warn again.
                Thread.sleep(300);
                assertThat(fleetWarnings(logs, name)).hasSize(1);
            }

            String fits = FaultSupport.poolName(prefix);
            try (EddyDataSource pool = new EddyDataSource(base.poolName(fits).minSize(1).maxSize(maxSize)
                    .fleetSize(Math.max(1, limit / maxSize)).build())) {
                assertThat(FaultSupport.await(Duration.ofSeconds(10), () -> pool.sizing().serverMaxConnections() != null)).isTrue();
                assertThat(fleetWarnings(logs, fits)).isEmpty();
            }
        }
    }

    private static List<LogCapture.Entry> fleetWarnings(LogCapture logs, String pool) {
        return logs.entries().stream()
                .filter(e -> e.level() == Level.WARN && e.message().contains(pool) && e.message().contains("fleet-size"))
                .toList();
    }

    private static int query(Server server, String sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
