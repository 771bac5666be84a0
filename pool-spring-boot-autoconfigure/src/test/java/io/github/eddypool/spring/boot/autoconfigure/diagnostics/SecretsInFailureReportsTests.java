package io.github.eddypool.spring.boot.autoconfigure.diagnostics;

import io.github.eddypool.spring.boot.autoconfigure.EddyDataSourceAutoConfiguration;
import io.github.eddypool.testing.DatabaseServers.Server;
import io.github.eddypool.testing.FaultProxy;
import io.github.eddypool.testing.RequiresMariaDb;
import io.github.eddypool.testing.RequiresPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #5, scenario 11 for the failure analyzers: an application that cannot start, because of
 * an invalid setting or a database it cannot reach or log in to, prints a report (and a log) in
 * which the configured password appears nowhere. Each case runs a real {@link SpringApplication}
 * with the pool's logging at DEBUG and scans everything written to the console.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInFailureReportsTests {

    private static final String PASSWORD = "F41lure-Rep0rt-S3cret";
    private static final String MARIA_USER = "eddy_spring_secret";
    private static final String MARIA_PASSWORD = "Mar1a-Real-Pw-7x";

    /** (a) Invalid settings, with the password configured (in the URL too, for the bad URL cases). */
    @ParameterizedTest
    @ValueSource(strings = {
            "--eddy.pool.max-size=0",
            "--eddy.pool.min-size=20",
            "--eddy.pool.connection-timeout=1ms",
            "--eddy.pool.data-source-properties.password=" + PASSWORD + " --eddy.pool.max-size=-1",
            "--eddy.pool.jdbc-url=postgresql://eddy:" + PASSWORD + "@127.0.0.1:5432/test",
            "--eddy.pool.jdbc-url=jdbc:nosuchdriver://127.0.0.1/test?password=" + PASSWORD,
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/test?user=eddy&password=" + PASSWORD,
            "--spring.datasource.url=jdbc:postgresql://eddy:" + PASSWORD + "@127.0.0.1:1/test",
    })
    void anInvalidConfigurationIsReportedWithoutThePassword(String setting, CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of(setting.split(" ")));
        args.add("--spring.datasource.password=" + PASSWORD);
        String out = failedStart(output, args.toArray(String[]::new),
                "--eddy.pool.initialization-fail-timeout=300ms");
        assertThat(out).contains("APPLICATION FAILED TO START").contains("Description:").contains("Action:");
        assertNoSecret(out, PASSWORD);
    }

    /** (b) PostgreSQL behind a proxy that refuses connections. */
    @Test
    @RequiresPostgres
    void aRefusedDatabaseIsReportedWithHostAndPortButWithoutThePassword(CapturedOutput output) throws Exception {
        try (FaultProxy proxy = Server.POSTGRES.newProxy()) {
            proxy.mode(FaultProxy.Mode.REFUSE);
            String out = failedStart(output, new String[] {"--spring.datasource.url=" + Server.POSTGRES.urlVia(proxy)},
                    "--spring.datasource.username=" + Server.POSTGRES.user(), "--spring.datasource.password=" + PASSWORD,
                    "--eddy.pool.initialization-fail-timeout=500ms");
            assertThat(out).contains("Database: 127.0.0.1:" + proxy.port() + " (postgresql)").contains("refused");
            assertNoSecret(out, PASSWORD);
        }
    }

    /** (b) MariaDB with a user that has a password, given the wrong one; the right one must not show either. */
    @Test
    @RequiresMariaDb
    void aWrongPasswordIsReportedAsAccessDeniedWithoutEitherPassword(CapturedOutput output) throws Exception {
        try (Connection c = Server.MARIADB.connect(); Statement s = c.createStatement()) {
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + MARIA_USER + "'@'" + host + "' IDENTIFIED BY '" + MARIA_PASSWORD + "'");
            }
        }
        try (FaultProxy proxy = Server.MARIADB.newProxy()) {
            String out = failedStart(output, new String[] {"--spring.datasource.url=" + Server.MARIADB.urlVia(proxy)},
                    "--spring.datasource.username=" + MARIA_USER, "--spring.datasource.password=" + PASSWORD,
                    "--eddy.pool.initialization-fail-timeout=1s");
            assertThat(out).contains("Database: 127.0.0.1:" + proxy.port() + " (mariadb)")
                    .contains("Access denied for user '" + MARIA_USER + "'");
            assertNoSecret(out, PASSWORD);
            assertNoSecret(out, MARIA_PASSWORD);
        }
    }

    private static String failedStart(CapturedOutput output, String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        all.add("--spring.main.banner-mode=off");
        all.add("--logging.level.io.github.eddypool=DEBUG");
        SpringApplication app = new SpringApplication(MinimalApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> app.run(all.toArray(String[]::new))).isNotNull();
        return output.getAll();
    }

    private static void assertNoSecret(String captured, String secret) {
        assertThat(captured).as("captured output").doesNotContain(secret);
        System.out.println("RESULT | 11 | secrets in a failed start-up's report and log | 0 occurrences of the password in "
                + captured.length() + " characters");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({EddyDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class})
    static class MinimalApp {
    }
}
