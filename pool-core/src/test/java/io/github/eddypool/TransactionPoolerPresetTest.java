package io.github.eddypool;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.RequiresPgBouncer;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * What {@code transaction-pooler} changes: pgjdbc's server-side prepared statements off, and one
 * start-up WARN for each setting that contradicts it, naming the setting and what to change. The
 * behaviour through a real PgBouncer is in {@code faults.TransactionPoolerTest}.
 */
class TransactionPoolerPresetTest {

    /** A pool that never connects: nothing listens on port 1, min-size 0, lazy start. */
    private static EddyConfig.Builder offline(String name) {
        return EddyConfig.builder().poolName(name).jdbcUrl("jdbc:postgresql://127.0.0.1:1/app").minSize(0).maxSize(2)
                .initializationFailTimeout(Duration.ofSeconds(-1)).shutdownGracePeriod(Duration.ZERO);
    }

    private static List<String> presetWarnings(EddyConfig config) {
        try (LogCapture logs = LogCapture.install()) {
            new EddyDataSource(config).close();
            return logs.atLeast(Level.WARN).stream().map(LogCapture.Entry::message)
                    .filter(m -> m.contains("transaction-pooler is on")).toList();
        }
    }

    @Test
    void everyContradictingSettingIsNamedOnceAtStart() {
        List<String> warnings = presetWarnings(offline("tp-contra").transactionPooler(true)
                .dataSourceProperty("prepareThreshold", "5")
                .connectionInitSql("SET search_path = app")
                .schema("app")
                .catalog("app")
                .transactionIsolation("SERIALIZABLE")
                .resetSql("DISCARD ALL")
                .maxLifetime(Duration.ZERO)
                .build());
        assertThat(warnings).hasSize(7);
        assertThat(warnings).anyMatch(w -> w.contains("prepareThreshold=5") && w.contains("remove prepareThreshold"));
        assertThat(warnings).anyMatch(w -> w.contains("connection-init-sql") && w.contains("connect_query"));
        assertThat(warnings).anyMatch(w -> w.contains("schema=app") && w.contains("ALTER ROLE <user> SET search_path"));
        assertThat(warnings).anyMatch(w -> w.contains("catalog=app") && w.contains("remove it"));
        assertThat(warnings).anyMatch(w -> w.contains("transaction-isolation=SERIALIZABLE") && w.contains("default_transaction_isolation"));
        assertThat(warnings).anyMatch(w -> w.contains("reset-sql") && w.contains("remove reset-sql"));
        assertThat(warnings).anyMatch(w -> w.contains("max-lifetime is 0") && w.contains("set max-lifetime"));
        assertThat(warnings).allMatch(w -> w.startsWith("Pool tp-contra: "));
    }

    @Test
    void aThresholdInTheUrlContradictsToo() {
        assertThat(presetWarnings(offline("tp-url").jdbcUrl("jdbc:postgresql://127.0.0.1:1/app?ssl=false&prepareThreshold=3")
                .transactionPooler(true).build())).singleElement().asString().contains("prepareThreshold=3");
        // 0, set by the user, agrees with the preset
        assertThat(presetWarnings(offline("tp-url0").jdbcUrl("jdbc:postgresql://127.0.0.1:1/app?prepareThreshold=0")
                .transactionPooler(true).build())).isEmpty();
    }

    @Test
    void noWarningWithoutThePresetOrWithoutContradictions() {
        assertThat(presetWarnings(offline("tp-off").schema("app").resetSql("DISCARD ALL").build())).isEmpty();
        assertThat(presetWarnings(offline("tp-clean").transactionPooler(true).build())).isEmpty();
    }

    @Test
    void thePresetIsShownInDescribe() {
        assertThat(offline("tp-describe").transactionPooler(true).build().describe()).containsEntry("transaction-pooler", true)
                .containsEntry("validate-writable", false);
    }

    @Test
    @RequiresPgBouncer
    void pgjdbcPreparesNoNamedStatementsWithThePreset() throws Exception {
        Server bouncer = Server.PGBOUNCER;
        try (EddyDataSource preset = new EddyDataSource(EddyConfig.builder().poolName("tp-pg").jdbcUrl(bouncer.url())
                .username(bouncer.user()).minSize(1).maxSize(1).transactionPooler(true).build());
                EddyDataSource plain = new EddyDataSource(EddyConfig.builder().poolName("tp-pg-plain").jdbcUrl(bouncer.url())
                        .username(bouncer.user()).minSize(1).maxSize(1).build());
                Connection withPreset = preset.getConnection();
                Connection without = plain.getConnection()) {
            assertThat(withPreset.unwrap(PGConnection.class).getPrepareThreshold()).isZero();
            assertThat(without.unwrap(PGConnection.class).getPrepareThreshold()).isEqualTo(5); // pgjdbc's default
        }
    }
}
