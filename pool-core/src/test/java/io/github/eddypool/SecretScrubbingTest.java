package io.github.eddypool;

import static io.github.eddypool.PoolTestSupport.baseConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eddypool.testing.DriverScript;
import io.github.eddypool.testing.LogCapture;
import io.github.eddypool.testing.ScriptedDriver;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A driver that echoes the password in its error text (some do, for "invalid password 'x'")
 * must not make the pool show it: not in the timeout or start-up exception, not in their
 * causes, not in the log.
 */
class SecretScrubbingTest {

    private static final String PASSWORD = "Echo-S3cret-4711";

    private static DriverScript echoingDriver(String name) {
        return ScriptedDriver.newScript(name)
                .failAllConnects(() -> new SQLException("login refused: password '" + PASSWORD + "' is wrong", "28P01"));
    }

    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return t + "\n" + out;
    }

    @Test
    void timeoutExceptionAndItsCausesDoNotCarryThePassword() {
        DriverScript db = echoingDriver("scrub-timeout");
        try (LogCapture logs = LogCapture.install();
                EddyDataSource pool = new EddyDataSource(baseConfig(db).password(PASSWORD).minSize(0)
                        .initializationFailTimeout(Duration.ofMillis(-1))
                        .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)).build())) {
            assertThatThrownBy(pool::getConnection)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .satisfies(e -> {
                        assertThat(everything(e)).doesNotContain(PASSWORD).contains("login refused", "******");
                        assertThat(e.getCause()).as("the driver's error is still attached").isNotNull();
                        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("28P01");
                        assertThat(((SQLException) e).getSQLState()).as("the cause's SQLState, copied").isEqualTo("28P01");
                    });
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void theCurrentConnectionFailureIsReportedWithoutThePasswordAndClearedOnRecovery() {
        DriverScript db = echoingDriver("scrub-current");
        try (EddyDataSource pool = new EddyDataSource(baseConfig(db).password(PASSWORD).minSize(1)
                .initializationFailTimeout(Duration.ofMillis(-1)).build())) {
            PoolTestSupport.await("a failed attempt", () -> pool.connectionFailure() != null);
            assertThat(everything(pool.connectionFailure())).doesNotContain(PASSWORD).contains("login refused");
            db.clearConnectFailures();
            PoolTestSupport.await("recovered", () -> pool.connectionFailure() == null && pool.stats().total() == 1);
        }
    }

    @Test
    void startupExceptionAndItsCausesDoNotCarryThePassword() {
        DriverScript db = echoingDriver("scrub-startup");
        assertThatThrownBy(() -> new EddyDataSource(baseConfig(db).password(PASSWORD)
                .initializationFailTimeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(EddyStartupException.class)
                .satisfies(e -> assertThat(everything(e)).doesNotContain(PASSWORD).contains("login refused"));
    }

    @Test
    void suppliedPasswordsAreMaskedToo() {
        DriverScript db = echoingDriver("scrub-supplier");
        try (EddyDataSource pool = new EddyDataSource(baseConfig(db).minSize(0)
                .credentialsSupplier(() -> new Credentials("app", PASSWORD))
                .initializationFailTimeout(Duration.ofMillis(-1))
                .connectionTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(250)).build())) {
            assertThatThrownBy(pool::getConnection)
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(PASSWORD));
        }
    }

    @Test
    void aPasswordInTheUrlThatTheDriverEchoesIsMaskedAndTheStartupExceptionNamesItsTarget() {
        DriverScript db = ScriptedDriver.newScript("scrub-url");
        String url = db.url() + "?password=" + PASSWORD;
        db.failAllConnects(() -> new SQLException("cannot connect to " + url, "08001"));
        assertThatThrownBy(() -> new EddyDataSource(baseConfig(db).jdbcUrl(url)
                .initializationFailTimeout(Duration.ofMillis(300)).build()))
                .isInstanceOfSatisfying(EddyStartupException.class, e -> {
                    assertThat(everything(e)).doesNotContain(PASSWORD).contains("cannot connect to " + db.url() + "?password=******");
                    assertThat(e.target()).isEqualTo(SafeText.target(url)).isEqualTo(db.name() + " (scripted)");
                    assertThat(e.jdbcUrl()).isEqualTo(db.url() + "?password=******");
                });
    }

    @Test
    void targetsNameHostAndPortOnlyAndMasksWhatTheUrlHides() {
        assertThat(SafeText.target("jdbc:postgresql://app:" + PASSWORD + "@db.example:6543/orders?ssl=true"))
                .isEqualTo("db.example:6543 (postgresql)");
        assertThat(SafeText.target("jdbc:mariadb://db.example/orders")).isEqualTo("db.example:3306 (mariadb)");
        assertThat(SafeText.target("jdbc:h2:mem:test;password=" + PASSWORD)).isEqualTo("mem:test (h2)");
        assertThat(SafeText.target((String) null)).isEqualTo("the database");
        assertThat(SafeText.maskUrl("jdbc:postgresql://app:" + PASSWORD + "@h/db?password=" + PASSWORD))
                .isEqualTo("jdbc:postgresql://app:******@h/db?password=******");
        assertThat(new Credentials("app", PASSWORD).toString()).doesNotContain(PASSWORD).contains(SafeText.MASK);
    }
}
